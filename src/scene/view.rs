//! Where the world lands on the canvas.
//!
//! The world is measured in metres in the pit box's frame: `x` runs along the pit lane in the
//! car's direction of travel, `y` across it (positive to the car's right), the car's centre at
//! rest is the origin. A wide canvas shows the lane left to right; a narrow one (a phone held
//! upright) turns the world a quarter so the car drives up the screen, and text stays upright
//! in both.

use crate::numfmt::clamp;

/// The part of the world every layout must show, in metres: 18 m of lane, and across it
/// from the race engineer on the pit wall to the front of the garage.
pub const WORLD_LENGTH: f64 = 18.0;
pub const WORLD_WIDTH: f64 = 9.4;
/// The middle of that band across the lane (the pit wall side is wider than the garage's).
pub const WORLD_MIDDLE_Y: f64 = -0.95;

/// The mapping from world metres to canvas logical pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    /// Logical pixels per metre.
    pub scale: f64,
    /// Where the world origin lands, in logical pixels.
    pub origin: (f64, f64),
    /// True when the lane runs up the screen.
    pub portrait: bool,
    /// The canvas size in logical pixels.
    pub size: (f64, f64),
}

impl View {
    /// The largest view that shows the whole world in a `width` x `height` canvas.
    pub fn fit(width: f64, height: f64) -> View {
        let (width, height) = (width.max(1.0), height.max(1.0));
        let portrait = width < height;
        let (along, across) = if portrait {
            (height, width)
        } else {
            (width, height)
        };
        let scale = (along / WORLD_LENGTH).min(across / WORLD_WIDTH);
        View {
            scale,
            origin: (width / 2.0, height / 2.0),
            portrait,
            size: (width, height),
        }
    }

    /// A world point on the canvas.
    pub fn to_screen(&self, x: f64, y: f64) -> (f64, f64) {
        let (ox, oy) = self.origin;
        let y = y - WORLD_MIDDLE_Y;
        if self.portrait {
            (ox + y * self.scale, oy - x * self.scale)
        } else {
            (ox + x * self.scale, oy + y * self.scale)
        }
    }

    /// The rotation that turns world axes into screen axes (for drawing the car).
    pub fn angle(&self) -> f64 {
        if self.portrait {
            -std::f64::consts::FRAC_PI_2
        } else {
            0.0
        }
    }

    /// A font size in logical pixels that stays legible on a phone and modest on a desktop.
    pub fn font_px(&self, base: f64) -> f64 {
        clamp(self.scale * base / 60.0, base * 0.9, base * 1.25)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_canvases_run_the_lane_across_and_narrow_ones_up() {
        let wide = View::fit(1200.0, 700.0);
        assert!(!wide.portrait);
        assert_eq!(wide.to_screen(0.0, WORLD_MIDDLE_Y), (600.0, 350.0));
        let (x, _) = wide.to_screen(1.0, 0.0);
        assert!(x > 600.0, "the car drives to the right");

        let narrow = View::fit(360.0, 640.0);
        assert!(narrow.portrait);
        let (_, y) = narrow.to_screen(1.0, 0.0);
        assert!(y < 320.0, "the car drives up the screen");
    }

    #[test]
    fn the_whole_world_fits() {
        for (w, h) in [
            (360.0, 640.0),
            (1200.0, 700.0),
            (1600.0, 900.0),
            (800.0, 300.0),
        ] {
            let v = View::fit(w, h);
            let (l, w2) = (WORLD_LENGTH / 2.0, WORLD_WIDTH / 2.0);
            for (x, y) in [(-l, WORLD_MIDDLE_Y - w2), (l, WORLD_MIDDLE_Y + w2)] {
                let (sx, sy) = v.to_screen(x, y);
                assert!((-0.01..=w + 0.01).contains(&sx), "{w}x{h}: x {sx}");
                assert!((-0.01..=h + 0.01).contains(&sy), "{w}x{h}: y {sy}");
            }
        }
    }
}
