//! Draws a [`Scene`] through a [`Painter`]: lane, car, wheels, jacks, crew, messages, stopwatch.
//!
//! World-space things (the car, wheels, jacks) are drawn in metres under a transform that
//! turns the world for portrait screens; everything with text is placed at a screen position
//! computed from the world and drawn upright.

use crate::numfmt::clamp;
use std::f64::consts::TAU;

use crate::pitstop::names::Corner;

use super::layout::{self, hub};
use super::model::{ActorCard, AlarmKind, Falling, Packet, PacketKind, Scene};
use super::paint::{Align, Painter, StampKey};
use super::palette as colour;
use super::view::{View, WORLD_LENGTH, WORLD_WIDTH};

/// The record the stopwatch is measured against: McLaren, Qatar 2023.
pub const RECORD_S: &str = "1.80";

// The kinds of stamps (see `Painter::stamp`): what looks the same from frame to frame.
const STAMP_LEGEND: u64 = 1;
const STAMP_CAR: u64 = 2;
const STAMP_CARD: u64 = 3;
const STAMP_JACK: u64 = 4;
const STAMP_TYRE: u64 = 5;

/// The screen rectangle (x, y, w, h) around the world rectangle from (x0, y0) to (x1, y1),
/// with `margin` pixels more on every side: a stamp's bounds.
fn screen_bounds(view: &View, (x0, y0): (f64, f64), (x1, y1): (f64, f64), margin: f64) -> [f64; 4] {
    let (ax, ay) = view.to_screen(x0, y0);
    let (bx, by) = view.to_screen(x1, y1);
    let (left, top) = (ax.min(bx) - margin, ay.min(by) - margin);
    [
        left,
        top,
        ax.max(bx) + margin - left,
        ay.max(by) + margin - top,
    ]
}

/// A key that also holds the view (a stamp's pixels depend on the scale and the turn).
fn view_key(kind: u64, view: &View) -> StampKey {
    StampKey::new(kind)
        .num(view.scale)
        .num(view.origin.0)
        .num(view.origin.1)
        .word(u64::from(view.portrait))
}

/// Paints one whole frame: the ground, then everything on it.
pub fn draw_scene(p: &mut dyn Painter, view: &View, scene: &Scene) {
    draw_ground(p, view);
    draw_loose_wheels(p, view, scene);
    draw_shadow(p, view, scene);
    draw_jacks(p, view, scene);
    draw_car(p, view, scene);
    draw_highlight(p, view, scene);
    // Where each crew member's card goes: the cards and the reminders' clocks both need it.
    let places = CardPlace::all(view, scene);
    draw_cards(p, view, scene, &places);
    draw_packets(p, view, scene, &places);
    draw_dead_letters(p, view, scene);
    draw_hud(p, view, scene);
    draw_banner(p, view, scene);
}

/// Saves the painter's state and moves it into world metres (rotated for portrait), with
/// the origin at world (x, y). The caller draws, then calls `restore`.
fn enter_world(p: &mut dyn Painter, view: &View, x: f64, y: f64) {
    enter_world_at(p, view, view.to_screen(x, y));
}

/// [`enter_world`] with the origin at a screen point.
fn enter_world_at(p: &mut dyn Painter, view: &View, (sx, sy): (f64, f64)) {
    p.save();
    p.translate(sx, sy);
    p.rotate(view.angle());
    p.scale(view.scale, view.scale);
}

fn font(p: &mut dyn Painter, weight: u32, px: f64) {
    // Whole pixels, formatted as integers: float formatting would add 15 KB to the .wasm.
    p.set_font(&format!(
        "{weight} {}px system-ui, -apple-system, Segoe UI, sans-serif",
        px.round().max(1.0) as u32
    ));
}

/// Paints what never moves: the lane, the box, the pit wall, the garage, the legend.
///
/// The first call of a frame is one opaque fill of the whole canvas, in screen space, with
/// the lanes' colour; the other bands go over it. A canvas whose previous frame is still
/// held by the compositor must copy it before the first change, unless that change covers
/// every pixel: measured in headless Firefox at 1200×700, a first call that draws one 2×2
/// square costs 0.9 ms (the copy), a first call that fills everything 0.56 ms, and at
/// devicePixelRatio 2 about 3 ms against 2 ms. Laying the bands side by side with no fill
/// underneath, as this did before, paid the copy and the fills.
fn draw_ground(p: &mut dyn Painter, view: &View) {
    // A pixel past every edge: the backing store is the logical size times the pixel ratio,
    // rounded, and a fill that stopped half a device pixel short would leave the last column
    // to show the previous frame (and would not count as covering the canvas).
    p.set_fill(colour::ASPHALT);
    p.fill_rect(-1.0, -1.0, view.size.0 + 2.0, view.size.1 + 2.0);
    enter_world(p, view, 0.0, 0.0);
    let half_l = WORLD_LENGTH;
    let lane = layout::LANE_HALF_WIDTH;
    // Far enough out to cover any canvas shape the view letterboxes into.
    let far = 4.0 * WORLD_LENGTH;
    p.set_fill(colour::BACKGROUND);
    p.fill_rect(-far, -lane - 1.5 - far, 2.0 * far, far);
    p.set_fill(colour::GARAGE);
    p.fill_rect(-far, lane, 2.0 * far, far);
    p.set_fill(colour::GARAGE_LINE);
    for i in -5..=5 {
        p.fill_rect(f64::from(i) * 4.0 - 0.03, lane + 0.9, 0.06, WORLD_WIDTH);
    }
    // The lanes are the base fill.
    p.set_fill(colour::PIT_WALL);
    p.fill_rect(-far, -lane - 1.5, 2.0 * far, 0.3);
    p.set_fill(colour::LANE_LINE);
    p.fill_rect(-half_l, -lane - 1.15, 2.0 * half_l, 0.06);
    // The box outline and the marks where the front wheels stop.
    p.set_fill(colour::BOX_LINE);
    let (bx, bw) = (-3.7, 7.5);
    let (by, bh) = (-lane + 0.1, 2.0 * lane - 0.2);
    p.fill_rect(bx, by, bw, 0.08);
    p.fill_rect(bx, by + bh - 0.08, bw, 0.08);
    p.fill_rect(bx, by, 0.08, bh);
    p.fill_rect(bx + bw - 0.08, by, 0.08, bh);
    p.fill_rect(layout::AXLE_X - 0.45, by + 0.08, 0.06, 0.5);
    p.fill_rect(layout::AXLE_X - 0.45, by + bh - 0.58, 0.06, 0.5);
    p.restore();

    // Quiet labels for the places.
    let px = view.font_px(10.0);
    font(p, 600, px);
    p.set_fill(colour::TEXT_DIM);
    let (gx, gy) = view.to_screen(-7.5, lane + 0.7);
    p.fill_text("GARAGE", gx, gy, Align::Center);
    if !legend_stacked(view) {
        let (wx, wy) = view.to_screen(-7.5, -lane - 2.0);
        p.fill_text("PIT WALL", wx, wy, Align::Center);
    }
    // The legend is a stamp: it never changes (the sprites are dropped when the canvas's
    // size does).
    let bounds = {
        let (_, _, top, bottom) = legend_box(view, &mut |text| approx_width(text, legend_px(view)));
        // The canvas's width: the real texts' widths are only known when drawn.
        [0.0, top - 2.0, view.size.0, bottom - top + 4.0]
    };
    p.stamp(view_key(STAMP_LEGEND, view), bounds, &mut |q| {
        draw_legend(q, view)
    });
    draw_stopwatch_frame(p, view);
}

/// The legend's distance from the canvas's left and bottom edges.
fn legend_margin(view: &View) -> f64 {
    let (w, h) = view.size;
    clamp(w.min(h) * 0.03, 8.0, 20.0)
}

/// The legend's font size: a size above the crew's second lines, which are as quiet as a
/// canvas's text gets (a learner reads the legend to read everything else), except on a
/// narrow canvas, where a longer legend ran under the bottom changers' labels.
fn legend_px(view: &View) -> f64 {
    view.font_px(if view.scale < NARROW_SCALE {
        10.0
    } else {
        11.5
    })
}

/// True on a narrow landscape canvas: there one row along the bottom ran under the bottom
/// changers' labels, so the legend is stacked in the pit wall's corner, top left, where
/// nothing else is (its "PIT WALL" gives way).
fn legend_stacked(view: &View) -> bool {
    view.scale < NARROW_SCALE && !view.portrait
}

/// What the colours of the messages mean, and where each entry's text starts (its dot goes
/// before it): one row along the bottom left, or stacked at the top left (see
/// [`legend_stacked`]). `width_of` measures a text in the legend's font.
fn legend_entries(
    view: &View,
    width_of: &mut dyn FnMut(&str) -> f64,
) -> [(&'static str, PacketKind, f64, f64); 4] {
    let margin = legend_margin(view);
    let small = legend_px(view);
    let entries = [
        ("order", PacketKind::Command),
        ("report", PacketKind::Report),
        ("reminder", PacketKind::Reminder),
        ("car \u{2194} engineer", PacketKind::Peer),
    ];
    let stacked = legend_stacked(view);
    let (mut x, mut y) = if stacked {
        (margin, margin * 0.5 + small)
    } else {
        (margin, view.size.1 - margin)
    };
    entries.map(|(label, kind)| {
        // Stacked: "order" and "report" share the first row, the longer two a row each.
        if stacked && matches!(kind, PacketKind::Reminder | PacketKind::Peer) {
            (x, y) = (margin, y + small * 1.35);
        }
        let entry = (label, kind, x + small, y);
        x += small * 1.6 + width_of(label);
        entry
    })
}

/// The legend's extent: (left, right, top, bottom).
fn legend_box(view: &View, width_of: &mut dyn FnMut(&str) -> f64) -> Plate {
    let small = legend_px(view);
    legend_entries(view, width_of).iter().fold(
        (f64::MAX, f64::MIN, f64::MAX, f64::MIN),
        |(l, r, t, b), (label, _, x, y)| {
            (
                l.min(x - small),
                r.max(x + width_of(label)),
                t.min(y - small * 1.3),
                b.max(y + small * 0.3),
            )
        },
    )
}

/// The legend: a dot in each kind's colour, then what the kind means.
fn draw_legend(p: &mut dyn Painter, view: &View) {
    let small = legend_px(view);
    font(p, 600, small);
    // On its own plate: on an upright phone it runs across the lane's white line.
    let (left, right, top, bottom) = legend_box(view, &mut |text| p.text_width(text));
    p.set_fill(colour::LEGEND_PLATE);
    p.fill_round_rect(
        left - 3.0,
        top - 1.0,
        right - left + 6.0,
        bottom - top + 2.0,
        3.0,
    );
    let entries = legend_entries(view, &mut |text| p.text_width(text));
    for (label, kind, x, y) in entries {
        p.set_fill(packet_colour(kind));
        p.fill_circle(x - small * 0.6, y - small * 0.35, small * 0.4);
        p.set_fill(colour::TEXT_DIM);
        p.fill_text(label, x, y, Align::Left);
    }
}

fn draw_jacks(p: &mut dyn Painter, view: &View, scene: &Scene) {
    for (index, (cradle_x, dir)) in [(layout::FRONT_JACK_X, 1.0), (layout::REAR_JACK_X, -1.0)]
        .into_iter()
        .enumerate()
    {
        let engaged = scene.jack_engaged[index];
        let loaded = scene.lift[index] > 0.0;
        let c = if loaded {
            colour::JACK_LOADED
        } else {
            colour::JACK
        };
        // A jack that is not under the car waits half a metre back, in the box.
        let x = if engaged {
            scene.car_x + cradle_x
        } else {
            cradle_x + dir * 0.6
        };
        let key = view_key(STAMP_JACK, view).num(x).num(dir).text(c);
        // The cradle, and the handle on one side of it.
        let handle = x + dir * layout::JACK_HANDLE;
        let bounds = screen_bounds(
            view,
            (x.min(handle) - 0.12, -0.5),
            (x.max(handle) + 0.12, 0.5),
            2.0,
        );
        p.stamp(key, bounds, &mut |q| {
            enter_world(q, view, x, 0.0);
            q.set_stroke(c);
            q.set_line_width(0.09);
            q.line(0.0, 0.0, dir * layout::JACK_HANDLE, 0.0);
            q.set_fill(c);
            q.fill_round_rect(-0.09, -0.45, 0.18, 0.9, 0.05);
            q.fill_circle(dir * 0.25, -0.3, 0.08);
            q.fill_circle(dir * 0.25, 0.3, 0.08);
            q.restore();
        });
    }
}

/// The mean lift of both ends, 0..1.
fn lift(scene: &Scene) -> f64 {
    (scene.lift[0] + scene.lift[1]) / 2.0
}

/// A lifted car throws a longer shadow (drawn under the jacks, which stand in it).
fn draw_shadow(p: &mut dyn Painter, view: &View, scene: &Scene) {
    let lift = lift(scene);
    enter_world(p, view, scene.car_x + 0.1 + 0.35 * lift, 0.12 + 0.3 * lift);
    p.set_fill(colour::SHADOW);
    p.fill_round_rect(-2.7, -0.9, 5.4, 1.8, 0.45);
    p.restore();
}

/// The car, a little bigger when lifted (closer to the eye above). A stamp that moves: its
/// place is snapped to whole device pixels (half a pixel at most from the true one), so the
/// one picture serves all the way in and out of the box.
fn draw_car(p: &mut dyn Painter, view: &View, scene: &Scene) {
    let lift = lift(scene);
    let mut key = view_key(STAMP_CAR, view).num(lift);
    for wheel in &scene.wheels {
        let fitted = match (wheel.old_offset == (0.0, 0.0), wheel.new_offset) {
            (true, _) => 0,
            (false, Some((0.0, 0.0))) => 1,
            _ => 2,
        };
        key = key.word(fitted).word(u64::from(wheel.gun_working));
    }
    let pixel = p.device_pixel();
    let snap = |v: f64| (v / pixel).round() * pixel;
    let (sx, sy) = view.to_screen(scene.car_x, 0.0);
    let at = (snap(sx), snap(sy));
    // Nose to rear wing, wheel guns included, at the largest zoom, around the car's centre.
    let (half_length, half_width) = (3.1, 1.3);
    let [x, y, w, h] = screen_bounds(
        view,
        (scene.car_x - half_length, -half_width),
        (scene.car_x + half_length, half_width),
        2.0,
    );
    let bounds = [x - sx + at.0, y - sy + at.1, w, h];
    p.stamp(key, bounds, &mut |q| draw_car_at(q, view, at, lift, scene));
}

/// The car with its centre at screen point `at`.
fn draw_car_at(p: &mut dyn Painter, view: &View, at: (f64, f64), lift: f64, scene: &Scene) {
    enter_world_at(p, view, at);
    let zoom = 1.0 + 0.07 * lift;
    p.scale(zoom, zoom);
    for corner in Corner::ALL {
        let wheel = &scene.wheels[corner.index()];
        let (hx, hy) = hub(corner);
        // Suspension arms from the body to the hub.
        p.set_stroke(colour::CAR_DARK);
        p.set_line_width(0.05);
        p.line(hx - 0.25, hy * 0.45, hx, hy);
        p.line(hx + 0.25, hy * 0.45, hx, hy);
        if wheel.old_offset == (0.0, 0.0) {
            tyre(p, hx, hy, colour::OLD_COMPOUND, corner.side());
        } else if wheel.new_offset == Some((0.0, 0.0)) {
            tyre(p, hx, hy, colour::NEW_COMPOUND, corner.side());
        } else {
            // A bare hub.
            p.set_fill(colour::RIM);
            p.fill_circle(hx, hy, 0.1);
        }
        if wheel.gun_working {
            p.set_fill(colour::GUN);
            p.fill_circle(hx, hy + corner.side() * 0.25, 0.09);
        }
    }
    draw_body(p);
    p.restore();
}

/// Wheels that are off the car, lying in the box or carried: they stay in the box when the
/// car leaves.
fn draw_loose_wheels(p: &mut dyn Painter, view: &View, scene: &Scene) {
    for corner in Corner::ALL {
        let wheel = &scene.wheels[corner.index()];
        let (hx, hy) = hub(corner);
        if wheel.old_offset != (0.0, 0.0) {
            let (dx, dy) = wheel.old_offset;
            loose_tyre(
                p,
                view,
                (hx + dx, hy + dy),
                colour::OLD_COMPOUND,
                corner.side(),
            );
        }
        if let Some((dx, dy)) = wheel.new_offset.filter(|o| *o != (0.0, 0.0)) {
            loose_tyre(
                p,
                view,
                (hx + dx, hy + dy),
                colour::NEW_COMPOUND,
                corner.side(),
            );
        }
    }
}

/// A tyre off the car at world (x, y): a stamp, for it lies still in the box most of the
/// time.
fn loose_tyre(p: &mut dyn Painter, view: &View, (x, y): (f64, f64), compound: &str, side: f64) {
    let key = view_key(STAMP_TYRE, view)
        .num(x)
        .num(y)
        .num(side)
        .text(compound);
    let bounds = screen_bounds(view, (x - 0.45, y - 0.3), (x + 0.45, y + 0.3), 2.0);
    p.stamp(key, bounds, &mut |q| {
        enter_world(q, view, x, y);
        tyre(q, 0.0, 0.0, compound, side);
        q.restore();
    });
}

/// A tyre seen from above at (x, y): tread, the compound's band on the outer sidewall, rim.
fn tyre(p: &mut dyn Painter, x: f64, y: f64, compound: &str, side: f64) {
    let (l, w) = (layout::TYRE_LENGTH, layout::TYRE_WIDTH);
    p.set_fill(colour::TYRE);
    p.fill_round_rect(x - l / 2.0, y - w / 2.0, l, w, 0.1);
    p.set_fill(compound);
    let outer = y + side * (w / 2.0 - 0.06);
    p.fill_rect(x - 0.3, outer - 0.035, 0.6, 0.07);
    let inner = y - side * (w / 2.0 - 0.06);
    p.fill_rect(x - 0.3, inner - 0.035, 0.6, 0.07);
}

/// The car's body from above, nose towards +x.
fn draw_body(p: &mut dyn Painter) {
    // Floor and sidepods.
    p.set_fill(colour::CAR_DARK);
    p.fill_poly(&[
        (1.3, -0.36),
        (0.7, -0.66),
        (-1.4, -0.68),
        (-2.3, -0.45),
        (-2.3, 0.45),
        (-1.4, 0.68),
        (0.7, 0.66),
        (1.3, 0.36),
    ]);
    p.set_fill(colour::CAR_BODY);
    p.fill_poly(&[
        (1.05, -0.3),
        (0.5, -0.58),
        (-1.25, -0.58),
        (-2.15, -0.28),
        (-2.15, 0.28),
        (-1.25, 0.58),
        (0.5, 0.58),
        (1.05, 0.3),
    ]);
    // Nose and front wing.
    p.fill_poly(&[(2.62, -0.09), (2.62, 0.09), (1.0, 0.27), (1.0, -0.27)]);
    p.set_fill(colour::CAR_ACCENT);
    p.fill_round_rect(2.45, -0.97, 0.32, 1.94, 0.05);
    p.set_fill(colour::CAR_DARK);
    p.fill_rect(2.42, -1.0, 0.4, 0.06);
    p.fill_rect(2.42, 0.94, 0.4, 0.06);
    // Rear wing.
    p.set_fill(colour::CAR_ACCENT);
    p.fill_round_rect(-2.84, -0.55, 0.38, 1.1, 0.05);
    // Engine cover stripe, cockpit, helmet.
    p.fill_poly(&[(0.95, -0.06), (0.95, 0.06), (-2.1, 0.04), (-2.1, -0.04)]);
    p.set_fill(colour::CAR_DARK);
    p.fill_round_rect(-0.05, -0.25, 0.95, 0.5, 0.24);
    p.set_fill(colour::HELMET);
    p.fill_circle(0.3, 0.0, 0.14);
    p.set_fill(colour::CAR_ACCENT);
    p.fill_rect(0.22, -0.03, 0.16, 0.06);
}

fn draw_highlight(p: &mut dyn Painter, view: &View, scene: &Scene) {
    let Some((from, to)) = scene.highlight else {
        return;
    };
    let (x0, y0) = view.to_screen(from.0, from.1);
    let (x1, y1) = view.to_screen(to.0, to.1);
    p.set_stroke(colour::HIGHLIGHT);
    p.set_line_width(3.0);
    p.set_line_dash(&[6.0, 5.0]);
    p.line(x0, y0, x1, y1);
    p.set_line_dash(&[]);
}

fn packet_colour(kind: PacketKind) -> &'static str {
    match kind {
        PacketKind::Command => colour::PACKET_COMMAND,
        PacketKind::Report => colour::PACKET_REPORT,
        PacketKind::Reminder => colour::PACKET_REMINDER,
        PacketKind::Peer => colour::PACKET_PEER,
    }
}

fn draw_packets(p: &mut dyn Painter, view: &View, scene: &Scene, places: &[CardPlace]) {
    let px = packet_px(view);
    font(p, 700, px);
    for packet in &scene.packets {
        if packet.kind == PacketKind::Reminder {
            draw_reminder(p, view, scene, places, packet);
            continue;
        }
        let (fx, fy) = view.to_screen(packet.from.0, packet.from.1);
        let (tx, ty) = view.to_screen(packet.to.0, packet.to.1);
        // A faint trail shows where it comes from and goes to.
        p.set_stroke(packet_colour(packet.kind));
        p.set_alpha(0.35);
        p.set_line_width(1.5);
        p.line(fx, fy, tx, ty);
        p.set_alpha(1.0);
        let (x, y) = packet_centre(view, packet);
        if packet.lost {
            // Lost on the radio: it flies half way, then drops out of its path and fades.
            p.set_alpha(1.0 - 0.8 * lost_fall(packet));
            pill(p, x, y, packet.name, colour::FAILED, px);
            p.set_fill(colour::TEXT);
            p.fill_text("lost", x, y - px * 1.2, Align::Center);
            p.set_alpha(1.0);
            continue;
        }
        pill(p, x, y, packet.name, packet_colour(packet.kind), px);
    }
}

/// The size of a message's label.
fn packet_px(view: &View) -> f64 {
    view.font_px(11.0)
}

/// Where a message's label is drawn, in CSS pixels: along its path as far as it has come;
/// a message lost on the radio flies half way, then drops out of its path.
fn packet_centre(view: &View, packet: &Packet) -> (f64, f64) {
    let (fx, fy) = view.to_screen(packet.from.0, packet.from.1);
    let (tx, ty) = view.to_screen(packet.to.0, packet.to.1);
    if packet.lost {
        let flown = packet.progress.min(0.5);
        (
            fx + (tx - fx) * flown,
            fy + (ty - fy) * flown + lost_fall(packet) * 40.0,
        )
    } else {
        (
            fx + (tx - fx) * packet.progress,
            fy + (ty - fy) * packet.progress,
        )
    }
}

/// How far a message lost on the radio has dropped out of its path: 0 until half way, then
/// to 1 on arrival.
fn lost_fall(packet: &Packet) -> f64 {
    ((packet.progress - 0.5) * 2.0).max(0.0)
}

/// The message whose label is drawn at CSS pixel (x, y), the one on top if labels overlap:
/// for a page that lets learners click a message to see what it says. Dead letters falling
/// into the bin are drawn after the messages in flight, so they are on top, and an aborted
/// stop's banner over both; a reminder's clock is its actor's, and is not counted. A finger
/// gets a few pixels of slack around a label.
pub fn message_at(view: &View, scene: &Scene, x: f64, y: f64) -> Option<u64> {
    if scene.aborted {
        // The banner covers what is under it (its width as estimated, not measured).
        let [bx, by, bw, bh] = banner_box(view, approx_width(BANNER, banner_px(view)));
        if (bx..=bx + bw).contains(&x) && (by..=by + bh).contains(&y) {
            return None;
        }
    }
    let falling = scene
        .falling
        .iter()
        .rev()
        .find(|letter| falling_covers(view, letter, (x, y)))
        .map(|letter| letter.msg_id);
    falling.or_else(|| {
        scene
            .packets
            .iter()
            .rev()
            .find(|packet| packet_covers(view, packet, (x, y)))
            .map(|packet| packet.msg_id)
    })
}

/// True if a message's label covers `point`, give or take a finger's slack. A reminder's
/// clock is its actor's, not a label.
fn packet_covers(view: &View, packet: &Packet, point: (f64, f64)) -> bool {
    packet.kind != PacketKind::Reminder
        && pill_covers(
            packet_centre(view, packet),
            packet.name,
            packet_px(view),
            point,
        )
}

/// True if a dead letter's label covers `point`, give or take a finger's slack.
fn falling_covers(view: &View, letter: &Falling, point: (f64, f64)) -> bool {
    pill_covers(
        falling_centre(view, letter),
        letter.name,
        falling_px(view),
        point,
    )
}

fn pill_covers((cx, cy): (f64, f64), name: &str, px: f64, (x, y): (f64, f64)) -> bool {
    let (w, h) = pill_size(name, px);
    let slack = 4.0;
    (x - cx).abs() <= w / 2.0 + slack && (y - cy).abs() <= h / 2.0 + slack
}

/// Where dead letters end up: a bin in the bottom right corner, with its count.
fn bin_position(view: &View) -> (f64, f64) {
    let (w, h) = view.size;
    let margin = clamp(w.min(h) * 0.03, 8.0, 20.0);
    (w - margin - 28.0, h - margin - 34.0)
}

fn draw_dead_letters(p: &mut dyn Painter, view: &View, scene: &Scene) {
    if scene.dead_letters == 0 && scene.falling.is_empty() {
        return;
    }
    let (bx, by) = bin_position(view);
    let px = falling_px(view);
    // The bin.
    p.set_fill(colour::GARAGE_LINE);
    p.fill_poly(&[
        (bx - 20.0, by - 14.0),
        (bx + 20.0, by - 14.0),
        (bx + 15.0, by + 14.0),
        (bx - 15.0, by + 14.0),
    ]);
    p.set_fill(colour::FAILED);
    font(p, 700, px);
    p.fill_text(
        &scene.dead_letters.to_string(),
        bx,
        by + px * 0.36,
        Align::Center,
    );
    p.set_fill(colour::TEXT_DIM);
    font(p, 500, px);
    p.fill_text("dead letters", bx, by + 14.0 + px + 2.0, Align::Center);
    // Letters falling into it.
    font(p, 700, px);
    for letter in &scene.falling {
        let (x, y) = falling_centre(view, letter);
        p.set_alpha(1.0 - 0.5 * letter.progress);
        pill(p, x, y, letter.name, colour::FAILED, px);
        p.set_alpha(1.0);
    }
}

/// Where a dead letter's label is drawn, in CSS pixels, on its fall from its receiver into
/// the bin.
fn falling_centre(view: &View, letter: &Falling) -> (f64, f64) {
    let (bx, by) = bin_position(view);
    let (fx, fy) = view.to_screen(letter.from.0, letter.from.1);
    let t = letter.progress;
    (fx + (bx - fx) * t, fy + (by - fy) * t * t)
}

/// The size of a dead letter's label.
fn falling_px(view: &View) -> f64 {
    view.font_px(10.0)
}

const BANNER: &str = "STOP ABORTED \u{2014} car held on its jacks";

fn draw_banner(p: &mut dyn Painter, view: &View, scene: &Scene) {
    if !scene.aborted {
        return;
    }
    let px = banner_px(view);
    font(p, 800, px);
    let [x, y, w, h] = banner_box(view, p.text_width(BANNER));
    p.set_fill("rgba(120,10,10,0.88)");
    p.fill_round_rect(x, y, w, h, 8.0);
    p.set_fill(colour::TEXT);
    p.fill_text(
        BANNER,
        view.size.0 / 2.0,
        view.size.1 * 0.5 + px * 0.35,
        Align::Center,
    );
}

fn banner_px(view: &View) -> f64 {
    view.font_px(16.0)
}

/// The aborted stop's banner, `[x, y, w, h]` in CSS pixels, around a text `text_w` wide,
/// across the middle of the canvas.
fn banner_box(view: &View, text_w: f64) -> [f64; 4] {
    let (w, h) = view.size;
    let px = banner_px(view);
    let bw = text_w + px * 2.0;
    [w / 2.0 - bw / 2.0, h * 0.5 - px * 1.2, bw, px * 2.4]
}

/// About how wide `text` is in a sans-serif font of `px` pixels. Measuring exactly costs a
/// canvas call per label per frame; a pill or a margin only needs to be about right.
fn approx_width(text: &str, px: f64) -> f64 {
    text.chars().count() as f64 * px * 0.58
}

/// A message's label in a rounded pill centred on (x, y).
fn pill(p: &mut dyn Painter, x: f64, y: f64, text: &str, fill: &str, px: f64) {
    let (w, h) = pill_size(text, px);
    p.set_fill(fill);
    p.fill_round_rect(x - w / 2.0, y - h / 2.0, w, h, h / 2.0);
    p.set_fill(colour::PACKET_TEXT);
    p.fill_text(text, x, y + px * 0.36, Align::Center);
}

/// A pill's width and height around `text` of `px` pixels.
fn pill_size(text: &str, px: f64) -> (f64, f64) {
    (approx_width(text, px) + px, px * 1.55)
}

/// A reminder to oneself: a small clock beside the actor, its hand sweeping to the deadline.
/// It goes on the side of the helmet away from the card's text: above it, it covered the
/// race engineer's second line.
fn draw_reminder(
    p: &mut dyn Painter,
    view: &View,
    scene: &Scene,
    places: &[CardPlace],
    packet: &Packet,
) {
    let (x, y) = view.to_screen(packet.to.0, packet.to.1);
    let r = (0.2 * view.scale).max(7.0);
    let text_above = scene
        .cards
        .iter()
        .zip(places)
        .find(|(card, _)| card.pos == packet.to)
        .is_some_and(|(_, place)| place.name_y < y);
    let side = if text_above { 1.0 } else { -1.0 };
    let (cx, cy) = (x + r * 2.4, y + side * r * 1.6);
    p.set_fill(colour::PACKET_REMINDER);
    p.fill_circle(cx, cy, r);
    p.set_fill(colour::BACKGROUND);
    p.begin_path();
    p.move_to(cx, cy);
    p.arc(
        cx,
        cy,
        r * 0.8,
        -TAU / 4.0,
        -TAU / 4.0 + TAU * packet.progress,
    );
    p.close_path();
    p.fill();
    let px = view.font_px(10.0);
    font(p, 700, px);
    p.set_fill(colour::PACKET_REMINDER);
    p.fill_text(packet.name, cx + r + 3.0, cy + px * 0.36, Align::Left);
}

/// The crew: every card's shapes first, then the texts grouped by font. Each font change
/// makes the canvas parse a CSS font string (about 12 µs in Firefox here); drawn card by
/// card, a frame of the default stop changed font 20 times, grouped 9 (counted through a
/// painter that counts changes).
fn draw_cards(p: &mut dyn Painter, view: &View, scene: &Scene, places: &[CardPlace]) {
    for (card, place) in scene.cards.iter().zip(places) {
        if card.alarm.is_some() {
            // An alarm that pulses, perhaps a clock: drawn as they are, for their moment.
            draw_card_shapes(p, view, card, place);
            continue;
        }
        // A busy crew member's ring grows every frame; the rest stays.
        draw_card_motion(p, card, place);
        let key = view_key(STAMP_CARD, view)
            .num(place.x)
            .num(place.y)
            .num(place.r)
            .text(&card.name)
            .word(u64::from(card.alive))
            .word(u64::from(card.minor))
            .word(u64::from(card.depth))
            .word(u64::from(card.restarts > 0));
        let r = place.r;
        // The restart badge up left, the mailbox (and its "+n", measured: a log may hold any
        // depth) to the right.
        let (w, h) = mailbox_slot(r);
        let more = if card.depth > 5 {
            mailbox_font(p, view);
            p.text_width(&more_label(card.depth)) + 4.0
        } else {
            0.0
        };
        let left = place.x - r * 1.5 - 2.0;
        let right = place.x + r * 1.35 + 4.0 + 5.0 * (w + 2.0) + more + 2.0;
        let top = place.y - (r * 1.5).max(h / 2.0 + 1.0) - 2.0;
        let bottom = place.y + r.max(h / 2.0 + view.font_px(10.0) * 0.4) + 2.0;
        p.stamp(key, [left, top, right - left, bottom - top], &mut |q| {
            draw_card_body(q, view, card, place)
        });
    }
    // The full crew's sub-crews crowd the box: their labels and the side changers' fall on
    // the box's lines and the lane's at any width, so they get their plates too.
    let crowded = scene.cards.iter().any(|c| c.minor);
    if view.scale < NARROW_SCALE || crowded {
        draw_halos(p, view, scene, places);
    }
    for minor in [false, true] {
        font(p, 650, name_px(view, minor));
        p.set_fill(colour::TEXT);
        for (card, place) in scene.cards.iter().zip(places) {
            if card.minor == minor {
                let px = name_px(view, minor);
                card_text(p, view, place, card_name(card), px, place.name_y);
            }
        }
    }
    font(p, 400, sub_px(view));
    for (card, place) in scene.cards.iter().zip(places) {
        if card.minor {
            continue;
        }
        // A stopped actor's state line says "stopped" in the same legible grey: its helmet
        // greys out instead (the stopped grey is 2.2:1 on the asphalt, too faint for text).
        p.set_fill(colour::TEXT_DIM);
        if !place.sub.is_empty() {
            card_text(p, view, place, &place.sub, sub_px(view), place.sub_y);
        }
    }
    for (card, place) in scene.cards.iter().zip(places) {
        if card.restarts > 0 {
            // The restart count, on its badge.
            let (bx, by, r) = (place.x - place.r * 0.9, place.y - place.r * 0.9, place.r);
            font(p, 700, r * 0.8);
            p.set_fill(colour::TEXT);
            p.fill_text(
                &format!("{}", card.restarts),
                bx,
                by + r * 0.28,
                Align::Center,
            );
        }
    }
}

/// Below this many pixels per metre (a phone's width) the crew's labels can fall on a wheel
/// or a jack's handle: they get a dark halo that keeps them legible (as they do whenever the
/// full crew is out), and the second line drops the state.
const NARROW_SCALE: f64 = 45.0;

/// A card's name: a sub-crew member's without its wheel (the wheel is where it stands).
fn card_name(card: &ActorCard) -> &str {
    if card.minor {
        card.label.rsplit(' ').next().unwrap_or(&card.label)
    } else {
        &card.label
    }
}

/// A card's second line: the behaviour (what it accepts next), and the state when it says
/// more and there is room for it.
fn sub_line(view: &View, card: &ActorCard) -> String {
    if !card.alive {
        "stopped".to_string()
    } else if card.behaviour.is_empty() {
        card.state.to_string()
    } else if card.state.is_empty() || card.state == card.behaviour || view.scale < NARROW_SCALE {
        card.behaviour.to_string()
    } else {
        format!("{} \u{00b7} {}", card.behaviour, card.state)
    }
}

/// A translucent dark plate behind each card's text, drawn over the shapes and under the
/// texts: on a narrow screen a label may lie on a tyre or a handle, and stays readable
/// without hiding it.
fn draw_halos(p: &mut dyn Painter, view: &View, scene: &Scene, places: &[CardPlace]) {
    p.set_fill(colour::LABEL_HALO);
    for (card, place) in scene.cards.iter().zip(places) {
        let (left, right, top, bottom) = place.plate(view, card);
        p.fill_round_rect(left - 1.0, top, right - left + 2.0, bottom - top, 3.0);
    }
}

/// The size of a card's name: smaller for a sub-crew member.
fn name_px(view: &View, minor: bool) -> f64 {
    view.font_px(if minor { 10.0 } else { 12.0 })
}

/// The size of a card's second line (behaviour and state).
fn sub_px(view: &View) -> f64 {
    view.font_px(10.0)
}

/// Half the car's length in metres, nose to rear wing.
const CAR_HALF_LENGTH: f64 = 2.85;

/// A box on screen: (left, right, top, bottom).
type Plate = (f64, f64, f64, f64);

/// Where a crew member's card goes on screen: the helmet's centre and radius, and the
/// baselines of its two lines of text.
struct CardPlace {
    x: f64,
    y: f64,
    r: f64,
    name_y: f64,
    sub_y: f64,
    /// The second line (empty for a sub-crew member, or when there is nothing to say),
    /// rendered once here for the placing, the plate and the text.
    sub: String,
    /// Which way the text leans from the helmet: 0 centred under (or over) it, -1 to its
    /// left, 1 to its right.
    side: f64,
}

impl CardPlace {
    /// Every card's place, in the scene's order.
    fn all(view: &View, scene: &Scene) -> Vec<CardPlace> {
        let (_, car_sy) = view.to_screen(0.0, 0.0);
        scene
            .cards
            .iter()
            .map(|card| CardPlace::of(view, card, car_sy))
            .collect()
    }

    fn of(view: &View, card: &ActorCard, car_sy: f64) -> CardPlace {
        let (x, y) = view.to_screen(card.pos.0, card.pos.1);
        let r = (if card.minor { 0.17 } else { 0.26 } * view.scale).max(if card.minor {
            5.0
        } else {
            8.0
        });
        // Text goes on the side away from the car, so it never covers it.
        let (name_px, sub_px) = (name_px(view, card.minor), sub_px(view));
        let sub = if card.minor {
            String::new()
        } else {
            sub_line(view, card)
        };
        // Above the helmet when the car is below it, if there is room there. Upright (the
        // car drives up the screen), only for whoever stands beyond the car's nose, the front
        // jack: beside the car, above and below a tire changer are where its wheels wait.
        let above = car_below(view, y, car_sy);
        let gap = r * 1.5 + 2.0;
        let (name_y, sub_y) = if above {
            // Above, pushed down as much as it takes to stay on the canvas (a short canvas):
            // the text may then cover the helmet's edge, on its plate. Put below instead, on
            // a 360-pixel-wide landscape canvas the race engineer's lines fell on the side
            // changers' names.
            let (name_y, sub_y) = (y - gap - sub_px - 3.0, y - gap);
            let under = (name_px + 1.0 - name_y).max(0.0);
            (name_y + under, sub_y + under)
        } else {
            // Below, lifted as much as it takes to stay on the canvas (a short landscape
            // phone): the text may then cover the helmet's edge, on its plate.
            let (name_y, sub_y) = (y + gap + name_px, y + gap + name_px + sub_px + 3.0);
            let bottom = if sub.is_empty() {
                name_y + name_px * 0.3
            } else {
                sub_y + sub_px * 0.3
            };
            let over = (bottom - view.size.1).max(0.0);
            (name_y - over, sub_y - over)
        };
        // Upright, beside the car, the text leans outwards, off the wheels that wait below
        // the helmet.
        let side = if !view.portrait {
            0.0
        } else if card.pos.1 < -1.0 {
            -1.0
        } else if card.pos.1 > 1.0 {
            1.0
        } else {
            0.0
        };
        CardPlace {
            x,
            y,
            r,
            name_y,
            sub_y,
            sub,
            side,
        }
    }

    /// The box around the card's lines of text, as `card_text` places them (their widths
    /// estimated).
    fn plate(&self, view: &View, card: &ActorCard) -> Plate {
        let extent = |text: &str, px: f64, baseline: f64| {
            let half = approx_width(text, px) / 2.0 + 2.0;
            let x = self.text_x(view, half);
            (x - half, x + half, baseline - px, baseline + px * 0.3)
        };
        let plate = extent(card_name(card), name_px(view, card.minor), self.name_y);
        if self.sub.is_empty() {
            return plate;
        }
        let sub = extent(&self.sub, sub_px(view), self.sub_y);
        (
            plate.0.min(sub.0),
            plate.1.max(sub.1),
            plate.2.min(sub.2),
            plate.3.max(sub.3),
        )
    }

    /// Where a line of text `half` wide on each side goes: leaning as `side` says, and on
    /// the canvas.
    fn text_x(&self, view: &View, half: f64) -> f64 {
        inside_x(view, half, self.x + self.side * (half + self.r * 0.5))
    }
}

/// Whether the car is below a crew member standing at screen height `y` (`car_sy` is the
/// car's): its card's text then goes above its helmet, away from the car.
fn car_below(view: &View, y: f64, car_sy: f64) -> bool {
    if view.portrait {
        y < car_sy - CAR_HALF_LENGTH * view.scale
    } else {
        y < car_sy
    }
}

/// One line of a card's text, centred where its place puts it (see [`CardPlace::text_x`]).
fn card_text(p: &mut dyn Painter, view: &View, place: &CardPlace, text: &str, px: f64, y: f64) {
    let x = place.text_x(view, approx_width(text, px) / 2.0 + 2.0);
    p.fill_text(text, x, y, Align::Center);
}

/// A crew member's shapes, bottom up: the alarm that pulses, the progress ring while busy
/// (neither overlaps the helmet), then the rest ([`draw_card_body`]). Its texts are drawn
/// with the others' (see [`draw_cards`]).
fn draw_card_shapes(p: &mut dyn Painter, view: &View, card: &ActorCard, place: &CardPlace) {
    draw_card_motion(p, card, place);
    draw_card_body(p, view, card, place);
}

/// What moves on a card: the alarm's ring and the progress ring while busy.
fn draw_card_motion(p: &mut dyn Painter, card: &ActorCard, place: &CardPlace) {
    let CardPlace { x, y, r, .. } = *place;
    if let Some(alarm) = card.alarm {
        // A failure, a fault or a timeout: a ring that pulses and fades.
        let pulse = 1.0 + 0.5 * (alarm.age * std::f64::consts::PI * 4.0).sin().abs();
        p.set_alpha(1.0 - alarm.age);
        p.set_fill(match alarm.kind {
            AlarmKind::Timeout => colour::PACKET_REMINDER,
            _ => colour::FAILED,
        });
        p.fill_circle(x, y, r * 1.6 * pulse);
        p.set_alpha(1.0);
    }
    if let Some(progress) = card.busy {
        p.set_stroke(colour::CARD_RING);
        p.set_line_width((r * 0.28).max(2.0));
        p.begin_path();
        p.arc(x, y, r * 1.35, -TAU / 4.0, -TAU / 4.0 + TAU * progress);
        p.stroke();
    }
}

/// A card's helmet, mailbox, restart badge and timeout clock, over its rings.
fn draw_card_body(p: &mut dyn Painter, view: &View, card: &ActorCard, place: &CardPlace) {
    let CardPlace { x, y, r, .. } = *place;
    let helmet = if card.alive {
        colour::helmet(&card.name)
    } else {
        colour::STOPPED
    };
    p.set_fill(helmet);
    p.fill_circle(x, y, r);
    // A sub-crew member's mailbox shows only when something waits in it (they crowd a wheel).
    if !card.minor || card.depth > 0 {
        draw_mailbox(p, view, x + r * 1.35 + 4.0, y, card.depth, r);
    }
    if card.restarts > 0 {
        p.set_fill(colour::FAILED);
        p.fill_circle(x - r * 0.9, y - r * 0.9, r * 0.55);
    }
    if card.alarm.is_some_and(|a| a.kind == AlarmKind::Timeout) {
        // A clock: it waited, and the answer did not come.
        let (cx, cy) = (x + r * 1.1, y - r * 1.1);
        p.set_fill(colour::PACKET_REMINDER);
        p.fill_circle(cx, cy, r * 0.5);
        p.set_stroke(colour::BACKGROUND);
        p.set_line_width((r * 0.12).max(1.0));
        p.line(cx, cy, cx, cy - r * 0.35);
        p.line(cx, cy, cx + r * 0.25, cy);
    }
}

/// Where something `half` wide on each side of `x` is centred so as to stay on the canvas,
/// moved sideways as little as needed (a label at the edge of a narrow screen).
fn inside_x(view: &View, half: f64, x: f64) -> f64 {
    if view.size.0 > 2.0 * half {
        clamp(x, half, view.size.0 - half)
    } else {
        view.size.0 / 2.0
    }
}

/// Five slots beside the helmet, one lit per queued message, and "+n" past that. The empty
/// tray is one rectangle and only the lit slots are drawn on it: seven mailboxes of five
/// slots each would be thirty-five fills a frame.
fn draw_mailbox(p: &mut dyn Painter, view: &View, x: f64, y: f64, depth: u32, r: f64) {
    let (w, h) = mailbox_slot(r);
    p.set_fill(colour::MAILBOX_EMPTY);
    p.fill_rect(x - 1.0, y - h / 2.0 - 1.0, 5.0 * (w + 2.0), h + 2.0);
    p.set_fill(colour::MAILBOX);
    for i in 0..depth.min(5) {
        p.fill_rect(x + f64::from(i) * (w + 2.0), y - h / 2.0, w, h);
    }
    if depth > 5 {
        // Its own font: the cards' texts come later, in their own passes.
        mailbox_font(p, view);
        p.set_fill(colour::MAILBOX);
        p.fill_text(
            &more_label(depth),
            x + 5.0 * (w + 2.0) + 2.0,
            y + h / 2.0,
            Align::Left,
        );
    }
}

/// How many wait past the five slots a mailbox shows.
fn more_label(depth: u32) -> String {
    format!("+{}", depth.saturating_sub(5))
}

/// The font of a mailbox's "+n".
fn mailbox_font(p: &mut dyn Painter, view: &View) {
    font(p, 600, view.font_px(10.0));
}

/// The size of one mailbox slot beside a helmet of radius `r`.
fn mailbox_slot(r: f64) -> (f64, f64) {
    ((r * 0.42).max(4.0), (r * 0.62).max(6.0))
}

/// Where the stopwatch's lines go: (right edge, label baseline, time baseline, record
/// baseline, time font size, label font size).
fn stopwatch_lines(view: &View) -> (f64, f64, f64, f64, f64, f64) {
    let (w, h) = view.size;
    let margin = clamp(w.min(h) * 0.03, 8.0, 20.0);
    let big = view.font_px(24.0);
    let small = view.font_px(10.0);
    (
        w - margin,
        margin + small,
        margin + small + big + 2.0,
        margin + small * 2.0 + big + 8.0,
        big,
        small,
    )
}

/// The stopwatch's fixed words: drawn with the ground.
fn draw_stopwatch_frame(p: &mut dyn Painter, view: &View) {
    let (x, label_y, _, record_y, _, small) = stopwatch_lines(view);
    font(p, 600, small);
    p.set_fill(colour::TEXT_DIM);
    p.fill_text("STATIONARY", x, label_y, Align::Right);
    font(p, 500, small);
    p.fill_text(&format!("record {RECORD_S} s"), x, record_y, Align::Right);
}

/// The stopwatch's time, top right: how long the car has been (or was) stationary. An
/// aborted stop has no time: the car never left, and its time when the stop was called off,
/// beside the record, would read as a record beaten.
fn draw_hud(p: &mut dyn Painter, view: &View, scene: &Scene) {
    let (x, _, time_y, _, big, _) = stopwatch_lines(view);
    font(p, 700, big);
    let (colour, time) = match scene.stopwatch.stationary_ms {
        _ if scene.aborted => (colour::FAILED, "aborted".into()),
        Some(ms) if scene.stopwatch.done => (colour::CAR_ACCENT, seconds(ms)),
        Some(ms) => (colour::TEXT, seconds(ms)),
        None => (colour::TEXT, "-.--- s".into()),
    };
    p.set_fill(colour);
    p.fill_text(&time, x, time_y, Align::Right);
}

/// `2.041 s`, from milliseconds, without float formatting; truncated, as the log's
/// "Stationary time" line is, so the two always agree.
fn seconds(ms: f64) -> String {
    let ms = ms.max(0.0) as u64;
    format!("{}.{:03} s", ms / 1000, ms % 1000)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::paint::Recording;

    /// A mailbox's "+n" stays inside its card's stamp however long the number (a log may
    /// hold any depth).
    #[test]
    fn a_full_mailbox_stays_inside_its_stamp() {
        let plan = crate::pitstop::StopPlan::default().validated().unwrap();
        let mut scene = crate::player::Player::new(plan).scene();
        for (i, card) in scene.cards.iter_mut().enumerate() {
            card.depth = [6, 99, 12_345, u32::MAX][i % 4];
        }
        for size in [(1200.0, 700.0), (360.0, 640.0)] {
            let mut p = Recording::new();
            draw_scene(&mut p, &View::fit(size.0, size.1), &scene);
            assert_eq!(p.overflows, Vec::<String>::new(), "{size:?}");
            assert!(p.text(&format!("+{}", u32::MAX - 5)).is_some());
        }
    }

    /// An aborted stop shows no stationary time: the car never left its box.
    #[test]
    fn an_aborted_stop_shows_no_time_beside_the_record() {
        let plan = crate::pitstop::StopPlan::default().validated().unwrap();
        let mut scene = crate::player::Player::new(plan).scene();
        scene.stopwatch = crate::scene::model::Stopwatch {
            stationary_ms: Some(849.6),
            done: false,
        };
        let hud = |scene: &Scene| {
            let mut p = Recording::new();
            draw_hud(&mut p, &View::fit(1200.0, 700.0), scene);
            p
        };
        assert!(
            hud(&scene).text("0.849 s").is_some(),
            "a running stop's time"
        );
        scene.aborted = true;
        let drawn = hud(&scene);
        assert!(drawn.text("0.849 s").is_none(), "no time once aborted");
        assert!(drawn.text("aborted").is_some());
    }

    /// A painter may copy a stamp instead of drawing it, so a stamp's key must change
    /// whenever its picture does, and the picture must stay inside the stamp's bounds: over
    /// whole stops (the seed's crew, the full crew, faults, stepped), on a desktop, an
    /// upright phone and a landscape phone.
    #[test]
    fn a_stamp_key_always_means_the_same_picture_inside_its_bounds() {
        let full = full_crew();
        let chaos = crate::pitstop::StopPlan {
            seed: 7,
            chaos: Some(crate::pitstop::Chaos::new(0.3).unwrap()),
            ..Default::default()
        };
        let stops = [
            (crate::pitstop::StopPlan::default(), false),
            (full.clone(), false),
            (chaos, false),
            (full, true),
        ];
        for (stop, (plan, stepped)) in stops.into_iter().enumerate() {
            let scenes = crate::player::every_frame(plan, stepped);
            for (size, dpr) in [
                ((1200.0, 700.0), 1.0),
                ((360.0, 640.0), 3.0),
                ((844.0, 390.0), 2.0),
            ] {
                let view = View::fit(size.0, size.1);
                let mut pictures = std::collections::HashMap::new();
                let mut repeats = 0;
                for (frame, scene) in scenes.iter().enumerate() {
                    let mut p = Recording::with_pixel_ratio(dpr);
                    draw_scene(&mut p, &view, scene);
                    assert_eq!(
                        p.overflows,
                        Vec::<String>::new(),
                        "stop {stop}, {size:?}, frame {frame}"
                    );
                    for (key, _, picture) in p.stamps {
                        match pictures.get(&key.value()) {
                            Some(first) => {
                                repeats += 1;
                                assert_eq!(
                                    first, &picture,
                                    "stop {stop}, {size:?}, frame {frame}: one key, two pictures"
                                );
                            }
                            None => {
                                pictures.insert(key.value(), picture);
                            }
                        }
                    }
                }
                // Not vacuous: most stamps come back (the car in the box, the crew waiting).
                assert!(
                    repeats > 5 * scenes.len(),
                    "stop {stop}, {size:?}: {repeats} repeats in {} frames",
                    scenes.len()
                );
            }
        }
    }

    #[test]
    fn the_parked_car_has_four_wheels_and_two_jacks_where_they_belong() {
        let view = View::fit(1200.0, 700.0);
        let mut p = Recording::new();
        draw_scene(&mut p, &view, &Scene::parked());
        for corner in Corner::ALL {
            let (hx, hy) = hub(corner);
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
        assert!(p.text("record 1.80 s").is_some());
    }

    /// A click on a message's label finds that message: the hit test and the drawing put
    /// the label in the same place, for a message flying, one lost on the radio and a dead
    /// letter falling into the bin, on a wide and an upright canvas; away from every label
    /// there is none.
    #[test]
    fn a_message_is_found_where_its_label_is_drawn() {
        use crate::pitstop::FaultKind::{GunFailure, LostMessage};
        let plan = |faults: &[(crate::pitstop::FaultKind, &str)]| crate::pitstop::StopPlan {
            faults: faults.iter().map(|(f, a)| (*f, a.to_string())).collect(),
            ..Default::default()
        };
        let lost = plan(&[(LostMessage, "race_engineer")]);
        // A wheel gun that fails again and again: the stop is aborted, and what is still
        // sent to the crew that stopped falls into the bin.
        let aborted = plan(&[(GunFailure, "tire_fl"); 4]);
        let mut scenes = crate::player::every_frame(lost, false);
        scenes.extend(crate::player::every_frame(aborted, false));
        let mut seen = (0, 0, 0);
        for (w, h) in [(1200.0, 700.0), (360.0, 560.0)] {
            let view = View::fit(w, h);
            for scene in scenes.iter().step_by(3) {
                let mut p = Recording::new();
                draw_scene(&mut p, &view, scene);
                let drawn_at = |name: &str, (x, y): (f64, f64), px: f64| {
                    p.texts.iter().any(|(text, tx, ty)| {
                        text == name && (tx - x).abs() < 0.01 && (ty - (y + px * 0.36)).abs() < 0.01
                    })
                };
                let banner = banner_box(&view, approx_width(BANNER, banner_px(&view)));
                let under_banner = |(x, y): (f64, f64)| {
                    scene.aborted
                        && (banner[0]..=banner[0] + banner[2]).contains(&x)
                        && (banner[1]..=banner[1] + banner[3]).contains(&y)
                };
                // Each label is drawn where the hit test looks for it, and found there unless
                // something drawn after it covers the point; just beyond its edge (and the
                // finger's slack), it is not found.
                let check = |id: u64, name: &str, at: (f64, f64), px: f64, covered: bool| {
                    assert!(drawn_at(name, at, px), "{name} drawn where it is found");
                    if under_banner(at) {
                        assert_eq!(
                            message_at(&view, scene, at.0, at.1),
                            None,
                            "under the banner"
                        );
                    } else if !covered {
                        assert_eq!(message_at(&view, scene, at.0, at.1), Some(id));
                        let beyond = at.0 + pill_size(name, px).0 / 2.0 + 5.0;
                        assert_ne!(message_at(&view, scene, beyond, at.1), Some(id), "{name}");
                        return true;
                    }
                    false
                };
                for (i, packet) in scene.packets.iter().enumerate() {
                    if packet.kind == PacketKind::Reminder {
                        continue;
                    }
                    let at = packet_centre(&view, packet);
                    let covered = scene.packets[i + 1..]
                        .iter()
                        .any(|q| packet_covers(&view, q, at))
                        || scene.falling.iter().any(|l| falling_covers(&view, l, at));
                    if check(packet.msg_id, packet.name, at, packet_px(&view), covered) {
                        seen.0 += 1;
                        seen.1 += usize::from(packet.lost);
                    }
                }
                for (i, letter) in scene.falling.iter().enumerate() {
                    let at = falling_centre(&view, letter);
                    let covered = scene.falling[i + 1..]
                        .iter()
                        .any(|l| falling_covers(&view, l, at));
                    if check(letter.msg_id, letter.name, at, falling_px(&view), covered) {
                        seen.2 += 1;
                    }
                }
                assert_eq!(message_at(&view, scene, -50.0, -50.0), None);
            }
        }
        assert!(
            seen.0 > 50 && seen.1 > 0 && seen.2 > 0,
            "messages found: {seen:?}"
        );
    }

    /// The race engineer's reminders (drop the jacks, release) tick on the side of its
    /// helmet away from its text, on a wide screen and an upright one.
    #[test]
    fn a_reminder_clock_stays_off_its_actors_text() {
        let scenes = crate::player::every_frame(crate::pitstop::StopPlan::default(), false);
        let scene = scenes
            .iter()
            .find(|s| s.packets.iter().any(|p| p.kind == PacketKind::Reminder))
            .expect("a reminder ticks during the stop");
        let packet = scene
            .packets
            .iter()
            .find(|p| p.kind == PacketKind::Reminder)
            .expect("found");
        let card = scene
            .cards
            .iter()
            .find(|c| c.pos == packet.to)
            .expect("the reminder's actor has a card");
        for (w, h) in [(1600.0, 914.0), (1200.0, 700.0), (360.0, 560.0)] {
            let view = View::fit(w, h);
            let mut p = Recording::new();
            draw_scene(&mut p, &view, scene);
            let (_, car_sy) = view.to_screen(0.0, 0.0);
            let place = CardPlace::of(&view, card, car_sy);
            // The clock's face, beside the helmet (the legend has a dot of its colour too).
            let r = (0.2 * view.scale).max(7.0);
            let (_, [_, clock_y, _, clock_h]) = p
                .fills
                .iter()
                .find(|(c, [x, _, w, _])| {
                    c == colour::PACKET_REMINDER && (x + w / 2.0 - (place.x + r * 2.4)).abs() < 0.5
                })
                .expect("the clock is drawn");
            let clock_centre = clock_y + clock_h / 2.0;
            let text_above = place.name_y < place.y;
            assert_eq!(
                clock_centre > place.y,
                text_above,
                "{w}x{h}: the clock at {clock_centre:.0}, the helmet at {:.0}, the name at {:.0}",
                place.y,
                place.name_y
            );
        }
    }

    /// Canvas shapes from a phone to a desktop, both ways up.
    const LABEL_SHAPES: [(f64, f64); 10] = [
        (360.0, 210.0),
        (400.0, 233.0),
        (480.0, 280.0),
        (640.0, 373.0),
        (900.0, 525.0),
        (1200.0, 700.0),
        (1600.0, 933.0),
        (320.0, 498.0),
        (360.0, 560.0),
        (420.0, 653.0),
    ];

    /// The shapes with room for the full crew, as the README says: from 640 pixels wide, or
    /// 420 upright (narrower, its sub-crew's tags run into each other and their neighbours).
    fn roomy_shapes() -> Vec<(f64, f64)> {
        let roomy = |&(w, h): &(f64, f64)| if w < h { w >= 420.0 } else { w >= 640.0 };
        LABEL_SHAPES.into_iter().filter(roomy).collect()
    }

    /// The crew with its sub-crews out: nineteen actors.
    fn full_crew() -> crate::pitstop::StopPlan {
        crate::pitstop::StopPlan {
            crew: crate::pitstop::CrewKind::Full,
            ..Default::default()
        }
    }

    /// The seed's crew at every shape, the full crew at the shapes with room for it.
    fn crews_and_their_shapes() -> [(crate::pitstop::StopPlan, Vec<(f64, f64)>); 2] {
        [
            (crate::pitstop::StopPlan::default(), LABEL_SHAPES.to_vec()),
            (full_crew(), roomy_shapes()),
        ]
    }

    /// No crew member's text lies on another's, from a phone to a wide screen, in either
    /// shape, at every moment of a stop (a second line changes with the state): the seed's
    /// crew at every shape, the full crew at the shapes with room for it.
    #[test]
    fn the_crews_labels_never_overlap() {
        for (plan, shapes) in crews_and_their_shapes() {
            crews_labels_apart(plan, &shapes);
        }
    }

    fn crews_labels_apart(plan: crate::pitstop::StopPlan, shapes: &[(f64, f64)]) {
        let scenes = crate::player::every_frame(plan, false);
        for &(w, h) in shapes {
            let view = View::fit(w, h);
            let (_, car_sy) = view.to_screen(0.0, 0.0);
            for scene in scenes.iter().step_by(10) {
                let plates: Vec<(&str, Plate)> = scene
                    .cards
                    .iter()
                    .map(|c| {
                        (
                            c.label.as_ref(),
                            CardPlace::of(&view, c, car_sy).plate(&view, c),
                        )
                    })
                    .collect();
                for (i, (a, pa)) in plates.iter().enumerate() {
                    for (b, pb) in &plates[i + 1..] {
                        let apart = pa.1 <= pb.0 || pb.1 <= pa.0 || pa.3 <= pb.2 || pb.3 <= pa.2;
                        assert!(apart, "{w}x{h}: {a} {pa:.0?} on {b} {pb:.0?}");
                    }
                }
            }
        }
    }

    /// The legend never runs under a crew member's label, whichever crew, at any shape a
    /// page may give the canvas (a 12:7 box on a phone was where it did).
    #[test]
    fn the_legend_stays_clear_of_the_crews_labels() {
        for plan in [crate::pitstop::StopPlan::default(), full_crew()] {
            let scenes = crate::player::every_frame(plan, false);
            for (w, h) in LABEL_SHAPES {
                let view = View::fit(w, h);
                let (_, car_sy) = view.to_screen(0.0, 0.0);
                let px = legend_px(&view);
                let legend = legend_box(&view, &mut |text| approx_width(text, px));
                assert!(legend.0 >= 0.0 && legend.1 <= w, "{w}x{h}: {legend:.0?}");
                assert!(legend.2 >= 0.0 && legend.3 <= h, "{w}x{h}: {legend:.0?}");
                for scene in scenes.iter().step_by(10) {
                    for card in &scene.cards {
                        let plate = CardPlace::of(&view, card, car_sy).plate(&view, card);
                        let apart = legend.1 <= plate.0
                            || plate.1 <= legend.0
                            || legend.3 <= plate.2
                            || plate.3 <= legend.2;
                        assert!(
                            apart,
                            "{w}x{h}: legend {legend:.0?} on {} {plate:.0?}",
                            card.label
                        );
                    }
                }
            }
        }
    }

    /// No label's plate covers another crew member's helmet: the seed's crew at every
    /// shape, the full crew (nineteen actors) at the shapes the README promises it.
    #[test]
    fn no_label_covers_another_helmet() {
        for (plan, shapes) in crews_and_their_shapes() {
            let scenes = crate::player::every_frame(plan, false);
            for &(w, h) in &shapes {
                let view = View::fit(w, h);
                for scene in scenes.iter().step_by(10) {
                    let places = CardPlace::all(&view, scene);
                    for (a, pa) in scene.cards.iter().zip(&places) {
                        let plate = pa.plate(&view, a);
                        for (b, pb) in scene.cards.iter().zip(&places) {
                            // The nearest point of the plate to the helmet's centre.
                            let nx = pb.x.clamp(plate.0, plate.1);
                            let ny = pb.y.clamp(plate.2, plate.3);
                            let clear =
                                std::ptr::eq(a, b) || (nx - pb.x).hypot(ny - pb.y) >= pb.r * 0.8;
                            assert!(
                                clear,
                                "{w}x{h}: {}'s label on {}'s helmet",
                                a.label, b.label
                            );
                        }
                    }
                }
            }
        }
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

    #[test]
    fn upright_the_side_crew_labels_lean_outwards_off_the_wheels() {
        // The crew at their posts, as a page shows them before the stop starts.
        let plan = crate::pitstop::StopPlan::default().validated().unwrap();
        let scene = crate::player::Player::new(plan).scene();
        let majors = || scene.cards.iter().filter(|c| !c.minor);
        assert!(majors().count() >= 7);

        // A phone held upright: labels beside the car lean away from it, onto plates.
        let view = View::fit(330.0, 560.0);
        assert!(view.portrait && view.scale < NARROW_SCALE);
        let mut p = Recording::new();
        draw_scene(&mut p, &view, &scene);
        for card in majors() {
            let (hx, _) = view.to_screen(card.pos.0, card.pos.1);
            let (_, tx, _) = p.text(&card.label).expect("every name is drawn");
            let lean = tx - hx;
            match card.pos.1 {
                y if y < -1.0 => assert!(lean < -5.0, "{} leans left: {lean}", card.label),
                y if y > 1.0 => assert!(lean > 5.0, "{} leans right: {lean}", card.label),
                _ => assert!(lean.abs() < 1.0, "{} centred: {lean}", card.label),
            }
        }
        let plates = |p: &Recording| {
            p.fills
                .iter()
                .filter(|(c, _)| c == colour::LABEL_HALO)
                .count()
        };
        assert_eq!(plates(&p), scene.cards.len(), "one plate per card");

        // A wide screen: names centred on their helmets, no plates.
        let view = View::fit(1200.0, 700.0);
        let mut p = Recording::new();
        draw_scene(&mut p, &view, &scene);
        for card in majors() {
            let (hx, _) = view.to_screen(card.pos.0, card.pos.1);
            let (_, tx, _) = p.text(&card.label).expect("every name is drawn");
            assert!((tx - hx).abs() < 1.0, "{} centred", card.label);
        }
        assert_eq!(plates(&p), 0);
    }

    #[test]
    fn no_label_runs_off_the_bottom_of_a_short_canvas() {
        let plan = full_crew().validated().unwrap();
        // Mid-stop: the sub-crews are out too.
        let mut player = crate::player::Player::new(plan);
        player.seek(crate::runtime::Time::from_millis(2300));
        let scene = player.scene();
        assert!(scene.cards.iter().filter(|c| c.minor).count() >= 12);
        for (w, h) in [
            (844.0, 390.0),
            (740.0, 340.0),
            (1200.0, 700.0),
            (360.0, 640.0),
        ] {
            let view = View::fit(w, h);
            let mut p = Recording::new();
            draw_scene(&mut p, &view, &scene);
            let (_, car_sy) = view.to_screen(0.0, 0.0);
            for card in &scene.cards {
                let (_, _, y) = p.text(card_name(card)).expect("every name is drawn");
                assert!(*y <= h, "{} at y={y} on a {w}x{h} canvas", card.label);
                let place = CardPlace::of(&view, card, car_sy);
                assert!(
                    place.sub_y + sub_px(&view) * 0.3 <= h,
                    "{}'s second line at y={} on a {w}x{h} canvas",
                    card.label,
                    place.sub_y
                );
            }
        }
    }

    #[test]
    fn seconds_are_exact() {
        assert_eq!(seconds(2041.4), "2.041 s");
        assert_eq!(seconds(2040.5), "2.040 s", "as the log says it");
        assert_eq!(seconds(0.0), "0.000 s");
    }
}
