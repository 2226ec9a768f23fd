//! Draws a [`Scene`] through a [`Painter`]: the pit lane, the car, its wheels and the jacks.

use super::layout::{self, Corner};
use super::model::{Scene, WheelPhase};
use super::paint::{Align, Painter};
use super::palette as colour;
use super::view::{View, WORLD_LENGTH, WORLD_WIDTH};

/// Paints one whole frame.
pub fn draw_scene(p: &mut impl Painter, view: &View, scene: &Scene) {
    draw_ground(p, view);
    draw_jacks(p, view, scene);
    draw_car(p, view, scene);
    draw_posts(p, view);
}

/// Saves the painter's state and moves it into world metres (rotated for portrait), with
/// the origin at world (x, y). The caller draws, then calls `restore`.
fn enter_world(p: &mut impl Painter, view: &View, x: f64, y: f64) {
    let (sx, sy) = view.to_screen(x, y);
    p.save();
    p.translate(sx, sy);
    p.rotate(view.angle());
    p.scale(view.scale, view.scale);
}

fn draw_ground(p: &mut impl Painter, view: &View) {
    let (w, h) = view.size;
    p.set_fill(colour::BACKGROUND);
    p.fill_rect(0.0, 0.0, w, h);
    // Everything else is drawn in world metres, centred on the box.
    enter_world(p, view, 0.0, 0.0);
    {
        let (half_l, half_w) = (WORLD_LENGTH, WORLD_WIDTH / 2.0 + 2.0);
        // The garage side (the car's right) and the pit wall side.
        p.set_fill(colour::GARAGE);
        p.fill_rect(-half_l, layout::LANE_HALF_WIDTH, 2.0 * half_l, half_w);
        p.set_fill(colour::ASPHALT);
        p.fill_rect(
            -half_l,
            -layout::LANE_HALF_WIDTH - 1.2,
            2.0 * half_l,
            2.0 * layout::LANE_HALF_WIDTH + 1.2,
        );
        p.set_fill(colour::PIT_WALL);
        p.fill_rect(-half_l, -layout::LANE_HALF_WIDTH - 1.5, 2.0 * half_l, 0.3);
        // The fast lane's edge line and the box outline.
        p.set_fill(colour::LANE_LINE);
        p.fill_rect(-half_l, -layout::LANE_HALF_WIDTH - 1.15, 2.0 * half_l, 0.06);
        p.set_fill(colour::BOX_LINE);
        let (bx, bw) = (-3.6, 7.2);
        let (by, bh) = (
            -layout::LANE_HALF_WIDTH + 0.1,
            2.0 * layout::LANE_HALF_WIDTH - 0.2,
        );
        p.fill_rect(bx, by, bw, 0.08);
        p.fill_rect(bx, by + bh - 0.08, bw, 0.08);
        p.fill_rect(bx, by, 0.08, bh);
        p.fill_rect(bx + bw - 0.08, by, 0.08, bh);
        // The marks where the front wheels stop.
        p.fill_rect(layout::AXLE_X - 0.45, by + 0.08, 0.06, 0.5);
        p.fill_rect(layout::AXLE_X - 0.45, by + bh - 0.58, 0.06, 0.5);
    }
    p.restore();
}

fn draw_car(p: &mut impl Painter, view: &View, scene: &Scene) {
    let lift = (scene.lift[0] + scene.lift[1]) / 2.0;
    // A lifted car throws a longer shadow and looks a little closer.
    enter_world(p, view, scene.car_x + 0.12 + 0.35 * lift, 0.18 + 0.3 * lift);
    p.set_fill(colour::SHADOW);
    p.fill_round_rect(-2.8, -1.0, 5.6, 2.0, 0.5);
    p.restore();

    enter_world(p, view, scene.car_x, 0.0);
    let zoom = 1.0 + 0.06 * lift;
    p.scale(zoom, zoom);
    for corner in Corner::ALL {
        draw_wheel_on_car(p, scene, corner);
    }
    draw_body(p);
    p.restore();
    // Wheels that are off the car lie beside it.
    for corner in Corner::ALL {
        let wheel = scene.wheel(corner);
        if matches!(wheel.phase, WheelPhase::Off | WheelPhase::NewOn) {
            let (hx, hy) = corner.hub();
            let out = corner.side() * layout::WHEEL_OFF_DISTANCE;
            enter_world(p, view, scene.car_x + hx, hy + out);
            draw_tyre(p, colour::OLD_COMPOUND);
            p.restore();
        }
    }
}

fn draw_wheel_on_car(p: &mut impl Painter, scene: &Scene, corner: Corner) {
    let (hx, hy) = corner.hub();
    // Suspension arms from the body to the hub.
    p.set_stroke(colour::CAR_DARK);
    p.set_line_width(0.05);
    p.line(hx - 0.25, hy * 0.45, hx, hy);
    p.line(hx + 0.25, hy * 0.45, hx, hy);
    let compound = match scene.wheel(corner).phase {
        WheelPhase::On | WheelPhase::NutOff => Some(colour::OLD_COMPOUND),
        WheelPhase::Off => None,
        WheelPhase::NewOn | WheelPhase::Secured => Some(colour::NEW_COMPOUND),
    };
    if let Some(compound) = compound {
        p.set_fill(colour::TYRE);
        p.fill_round_rect(
            hx - layout::TYRE_LENGTH / 2.0,
            hy - layout::TYRE_WIDTH / 2.0,
            layout::TYRE_LENGTH,
            layout::TYRE_WIDTH,
            0.1,
        );
        // The compound's coloured band on the outer sidewall.
        p.set_fill(compound);
        let outer = hy + corner.side() * (layout::TYRE_WIDTH / 2.0 - 0.05);
        p.fill_rect(hx - 0.3, outer - 0.025, 0.6, 0.05);
    }
}

/// A loose tyre, centred on the origin.
fn draw_tyre(p: &mut impl Painter, compound: &str) {
    p.set_fill(colour::TYRE);
    p.fill_round_rect(
        -layout::TYRE_LENGTH / 2.0,
        -layout::TYRE_WIDTH / 2.0,
        layout::TYRE_LENGTH,
        layout::TYRE_WIDTH,
        0.1,
    );
    p.set_fill(compound);
    p.fill_rect(-0.3, -0.03, 0.6, 0.06);
    p.set_fill(colour::RIM);
    p.fill_circle(0.0, 0.0, 0.09);
}

/// The car's body from above, nose towards +x.
fn draw_body(p: &mut impl Painter) {
    // Floor and sidepods.
    p.set_fill(colour::CAR_DARK);
    p.fill_poly(&[
        (1.3, -0.42),
        (0.6, -0.8),
        (-1.5, -0.8),
        (-2.3, -0.5),
        (-2.3, 0.5),
        (-1.5, 0.8),
        (0.6, 0.8),
        (1.3, 0.42),
    ]);
    p.set_fill(colour::CAR_BODY);
    p.fill_poly(&[
        (1.0, -0.36),
        (0.4, -0.7),
        (-1.3, -0.68),
        (-2.2, -0.32),
        (-2.2, 0.32),
        (-1.3, 0.68),
        (0.4, 0.7),
        (1.0, 0.36),
    ]);
    // Nose and front wing.
    p.fill_poly(&[(2.62, -0.1), (2.62, 0.1), (1.0, 0.3), (1.0, -0.3)]);
    p.set_fill(colour::CAR_ACCENT);
    p.fill_round_rect(2.45, -0.95, 0.32, 1.9, 0.05);
    p.set_fill(colour::CAR_DARK);
    p.fill_rect(2.42, -0.98, 0.4, 0.06);
    p.fill_rect(2.42, 0.92, 0.4, 0.06);
    // Rear wing.
    p.set_fill(colour::CAR_ACCENT);
    p.fill_round_rect(-2.82, -0.54, 0.36, 1.08, 0.05);
    // Engine cover stripe and cockpit.
    p.set_fill(colour::CAR_ACCENT);
    p.fill_poly(&[(0.9, -0.06), (0.9, 0.06), (-2.1, 0.04), (-2.1, -0.04)]);
    p.set_fill(colour::CAR_DARK);
    p.fill_round_rect(-0.05, -0.26, 0.95, 0.52, 0.24);
    p.set_fill(colour::HELMET);
    p.fill_circle(0.28, 0.0, 0.14);
    p.set_fill(colour::CAR_ACCENT);
    p.fill_rect(0.2, -0.03, 0.16, 0.06);
}

fn draw_jacks(p: &mut impl Painter, view: &View, scene: &Scene) {
    for (index, (cradle_x, dir)) in [(layout::FRONT_JACK_X, 1.0), (layout::REAR_JACK_X, -1.0)]
        .into_iter()
        .enumerate()
    {
        let engaged = scene.jack_engaged[index];
        let loaded = scene.lift[index] > 0.0;
        // A jack that is away waits half a metre back from the car.
        let back = if engaged { 0.0 } else { 0.6 };
        enter_world(p, view, scene.car_x + cradle_x + dir * back, 0.0);
        {
            p.set_stroke(if loaded {
                colour::JACK_LOADED
            } else {
                colour::JACK
            });
            p.set_line_width(0.09);
            p.line(0.0, 0.0, dir * layout::JACK_HANDLE, 0.0);
            p.set_fill(if loaded {
                colour::JACK_LOADED
            } else {
                colour::JACK
            });
            p.fill_round_rect(-0.09, -0.45, 0.18, 0.9, 0.05);
            p.fill_circle(dir * 0.25, -0.3, 0.08);
            p.fill_circle(dir * 0.25, 0.3, 0.08);
        }
        p.restore();
    }
}

fn draw_posts(p: &mut impl Painter, view: &View) {
    // Whole pixels, formatted as an integer: float formatting would add 15 KB to the .wasm.
    let font = format!(
        "600 {}px system-ui, sans-serif",
        view.font_px(12.0).round() as u32
    );
    p.set_font(&font);
    for (actor, label) in [
        ("race_engineer", "Race engineer"),
        ("jack_front", "Front jack"),
        ("jack_rear", "Rear jack"),
        ("tire_fl", "Front left"),
        ("tire_fr", "Front right"),
        ("tire_rl", "Rear left"),
        ("tire_rr", "Rear right"),
    ] {
        let Some((x, y)) = layout::post(actor) else {
            continue;
        };
        let (sx, sy) = view.to_screen(x, y);
        let r = 0.28 * view.scale;
        p.set_fill(colour::CREW);
        p.fill_circle(sx, sy, r);
        p.set_fill(colour::TEXT);
        p.fill_text(label, sx, sy + r + view.font_px(12.0) + 2.0, Align::Center);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::paint::Recording;

    #[test]
    fn the_parked_car_has_four_wheels_and_two_jacks_where_they_belong() {
        let view = View::fit(1200.0, 700.0);
        let mut p = Recording::new();
        draw_scene(&mut p, &view, &Scene::parked());
        for corner in Corner::ALL {
            let (hx, hy) = corner.hub();
            let (sx, sy) = view.to_screen(hx, hy);
            assert!(
                p.fills_at(colour::TYRE, sx, sy) >= 1,
                "{corner:?} tyre at its hub"
            );
        }
        let (cx, cy) = view.to_screen(0.0, 0.0);
        assert!(
            p.fills_at(colour::CAR_BODY, cx - 20.0, cy) >= 1,
            "the body at the box"
        );
        for x in [layout::FRONT_JACK_X + 0.6, layout::REAR_JACK_X - 0.6] {
            let (sx, sy) = view.to_screen(x, 0.0);
            assert!(p.fills_at(colour::JACK, sx, sy) >= 1, "a jack at x={x}");
        }
        assert!(p.text("Race engineer").is_some());
    }

    #[test]
    fn portrait_puts_the_nose_up() {
        let view = View::fit(360.0, 640.0);
        let mut p = Recording::new();
        draw_scene(&mut p, &view, &Scene::parked());
        let (fx, fy) = view.to_screen(layout::AXLE_X, -layout::TRACK_HALF);
        assert!(fy < 320.0);
        assert!(
            p.fills_at(colour::TYRE, fx, fy) >= 1,
            "front left tyre, upper left"
        );
    }
}
