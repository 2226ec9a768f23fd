//! Where things stand in the pit box, in world metres (see [`super::view`]).

/// Wheel corners in a fixed order used everywhere: front left, front right, rear left,
/// rear right (the car's left is the lane's `-y` side).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Corner {
    FrontLeft,
    FrontRight,
    RearLeft,
    RearRight,
}

impl Corner {
    pub const ALL: [Corner; 4] = [
        Corner::FrontLeft,
        Corner::FrontRight,
        Corner::RearLeft,
        Corner::RearRight,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn is_front(self) -> bool {
        matches!(self, Corner::FrontLeft | Corner::FrontRight)
    }

    /// -1 for the car's left side, +1 for its right.
    pub fn side(self) -> f64 {
        match self {
            Corner::FrontLeft | Corner::RearLeft => -1.0,
            Corner::FrontRight | Corner::RearRight => 1.0,
        }
    }

    /// The wheel hub relative to the car's centre.
    pub fn hub(self) -> (f64, f64) {
        let x = if self.is_front() { AXLE_X } else { -AXLE_X };
        (x, self.side() * TRACK_HALF)
    }
}

/// Half the wheelbase (an F1 car's is about 3.6 m).
pub const AXLE_X: f64 = 1.8;
/// Half the track, hub to hub across the car.
pub const TRACK_HALF: f64 = 0.8;
/// Tyre footprint from above: 720 mm diameter, about 400 mm wide.
pub const TYRE_LENGTH: f64 = 0.72;
pub const TYRE_WIDTH: f64 = 0.40;
/// How far a wheel is carried out from its hub once it is off.
pub const WHEEL_OFF_DISTANCE: f64 = 0.9;
/// The car's overall length, nose to rear wing.
pub const CAR_LENGTH: f64 = 5.6;

/// Where the car starts (off screen, entering) and where it leaves to.
pub const LANE_ENTRY_X: f64 = -13.0;
pub const LANE_EXIT_X: f64 = 13.0;

/// Half the width of the pit lane's fast lane and the box.
pub const LANE_HALF_WIDTH: f64 = 2.4;

/// The front jack's cradle sits under the nose, the rear one under the diffuser.
pub const FRONT_JACK_X: f64 = 3.1;
pub const REAR_JACK_X: f64 = -3.05;
/// How long a jack's handle is, from cradle to operator.
pub const JACK_HANDLE: f64 = 1.3;

/// Where each crew member stands, by stable actor id.
pub fn post(actor: &str) -> Option<(f64, f64)> {
    let (x, y) = match actor {
        "race_engineer" => (0.0, -4.55),
        "car" => (0.0, 0.0),
        "jack_front" => (FRONT_JACK_X + JACK_HANDLE + 0.35, 0.0),
        "jack_rear" => (REAR_JACK_X - JACK_HANDLE - 0.35, 0.0),
        "tire_fl" => (AXLE_X, -2.05),
        "tire_fr" => (AXLE_X, 2.05),
        "tire_rl" => (-AXLE_X, -2.05),
        "tire_rr" => (-AXLE_X, 2.05),
        _ => return None,
    };
    Some((x, y))
}
