//! The scene: everything on screen at one moment, as plain data.

use super::layout::Corner;

/// Where a wheel is in its change.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum WheelPhase {
    /// The old wheel, on the car.
    #[default]
    On,
    /// The gun has the nut off.
    NutOff,
    /// The old wheel is off the car.
    Off,
    /// The new wheel is on the hub, not yet tight.
    NewOn,
    /// The new wheel is on and tight.
    Secured,
}

/// One wheel on screen.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Wheel {
    pub phase: WheelPhase,
    /// 0..1: how far the current phase's motion has got (for smooth animation).
    pub progress: f64,
}

/// Everything on screen at one moment.
#[derive(Clone, Debug, PartialEq)]
pub struct Scene {
    /// The car's centre along the lane, in metres (0 = in its box).
    pub car_x: f64,
    /// How far each jack has lifted its end of the car, 0 (down) to 1 (up): front, rear.
    pub lift: [f64; 2],
    /// Each jack's cradle engaged under the car (front, rear).
    pub jack_engaged: [bool; 2],
    pub wheels: [Wheel; 4],
}

impl Scene {
    /// The car parked in its box, on its wheels, jacks away: the first frame.
    pub fn parked() -> Scene {
        Scene {
            car_x: 0.0,
            lift: [0.0; 2],
            jack_engaged: [false; 2],
            wheels: [Wheel::default(); 4],
        }
    }

    pub fn wheel(&self, corner: Corner) -> &Wheel {
        &self.wheels[corner.index()]
    }
}
