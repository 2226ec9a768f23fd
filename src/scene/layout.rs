//! Where things stand in the pit box, in world metres (see [`super::view`]).

use crate::pitstop::names::{Corner, Hand};

/// The wheel hub of `corner` relative to the car's centre.
pub fn hub(corner: Corner) -> (f64, f64) {
    let x = if corner.is_front() { AXLE_X } else { -AXLE_X };
    (x, corner.side() * TRACK_HALF)
}

/// Half the wheelbase (an F1 car's is about 3.6 m).
pub const AXLE_X: f64 = 1.8;
/// Half the track, hub to hub across the car.
pub const TRACK_HALF: f64 = 0.8;
/// Tyre footprint from above: 720 mm diameter, about 400 mm wide.
pub const TYRE_LENGTH: f64 = 0.72;
pub const TYRE_WIDTH: f64 = 0.40;

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

/// How far out from its hub a wheel is put down once off, and how far along the lane the
/// old one (towards the rear) and the new one (towards the front) lie.
pub const WHEEL_ASIDE_ACROSS: f64 = 1.0;
pub const WHEEL_ASIDE_ALONG: f64 = 0.75;

/// Where each crew member stands, by stable actor id. With the full crew, a tire changer
/// steps back to lead its sub-crew (`full` true), who stand at the wheel.
pub fn post(actor: &str, full: bool) -> Option<(f64, f64)> {
    let actor = crate::runtime::base_name(actor);
    if let Some((tire, hand)) = actor.split_once('.') {
        let corner = Corner::from_actor(tire)?;
        let hand = Hand::ALL.into_iter().find(|h| h.suffix() == hand)?;
        let (hx, _) = hub(corner);
        let side = corner.side();
        return Some(match hand {
            Hand::Gunner => (hx, side * 1.75),
            Hand::TireOff => (hx - 0.85, side * 1.95),
            Hand::TireOn => (hx + 0.85, side * 1.95),
        });
    }
    if let Some(corner) = Corner::from_actor(actor) {
        let (hx, _) = hub(corner);
        let out = if full { 2.9 } else { 2.05 };
        return Some((hx, corner.side() * out));
    }
    let (x, y) = match actor {
        "race_engineer" => (0.0, -4.55),
        "car" => (0.0, 0.0),
        "jack_front" => (FRONT_JACK_X + JACK_HANDLE + 0.35, 0.0),
        "jack_rear" => (REAR_JACK_X - JACK_HANDLE - 0.35, 0.0),
        _ => return None,
    };
    Some((x, y))
}
