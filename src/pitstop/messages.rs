//! The messages of the pit stop: immutable values, one enum per kind of receiver.
//!
//! Replies travel to an address carried in the request (the seed's `sender_mailbox`): the
//! race engineer puts its own address in `Prepare`, and the crew answer to it.

use crate::runtime::{Addr, Message};

use super::names::{Corner, End};

/// What the race engineer hears.
pub enum EngineerMsg {
    /// The car is in the pit lane, coming to its box; replies go to `car`.
    Entering { car: Addr<CarMsg> },
    /// The car has stopped in its box.
    Stopped,
    /// A crew member has prepared and is at its post.
    Ready { who: &'static str },
    /// A jack has lifted its end of the car.
    Raised { end: End },
    /// A wheel is changed and its nut is tight (the seed's `TIRE_CHANGED`).
    TireChanged { corner: Corner },
    /// A jack has put its end of the car down.
    Lowered { end: End },
    /// Reminder to self: the FIA's 0.15 s after the last wheel nut has passed.
    DropJacksDue,
    /// Reminder to self: the FIA's 0.2 s after both jacks are down has passed.
    ReleaseDue,
    /// The car has left the pit lane.
    Left,
}

impl Message for EngineerMsg {
    fn name(&self) -> &'static str {
        match self {
            EngineerMsg::Entering { .. } => "entering",
            EngineerMsg::Stopped => "stopped",
            EngineerMsg::Ready { .. } => "ready",
            EngineerMsg::Raised { .. } => "raised",
            EngineerMsg::TireChanged { .. } => "tire_changed",
            EngineerMsg::Lowered { .. } => "lowered",
            EngineerMsg::DropJacksDue => "drop_jacks_due",
            EngineerMsg::ReleaseDue => "release_due",
            EngineerMsg::Left => "left",
        }
    }

    fn detail(&self) -> Option<String> {
        match self {
            EngineerMsg::Ready { who } => Some(format!("who={who}")),
            EngineerMsg::Raised { end } | EngineerMsg::Lowered { end } => {
                Some(format!("end={}", end.name()))
            }
            EngineerMsg::TireChanged { corner } => Some(format!("position={}", corner.label())),
            _ => None,
        }
    }
}

/// What a jack operator hears.
pub enum JackMsg {
    /// Get to your post; report to `reply_to`.
    Prepare {
        reply_to: Addr<EngineerMsg>,
    },
    Lift,
    Lower,
}

impl Message for JackMsg {
    fn name(&self) -> &'static str {
        match self {
            JackMsg::Prepare { .. } => "prepare",
            JackMsg::Lift => "lift",
            JackMsg::Lower => "lower",
        }
    }
}

/// What a tire changer hears: from the race engineer, and in the full crew from its own
/// sub-crew.
pub enum TireMsg {
    /// Get to your post; report to `reply_to`.
    Prepare { reply_to: Addr<EngineerMsg> },
    /// Change the wheel (the seed's `CHANGE_TIRE`).
    ChangeTire,
    /// Full crew: the gunner has the nut off.
    Loosened,
    /// Full crew: the old wheel is off.
    Removed,
    /// Full crew: the new wheel is on the hub.
    Fitted,
    /// Full crew: the gunner has the nut tight.
    Tightened,
}

impl Message for TireMsg {
    fn name(&self) -> &'static str {
        match self {
            TireMsg::Prepare { .. } => "prepare",
            TireMsg::ChangeTire => "change_tire",
            TireMsg::Loosened => "loosened",
            TireMsg::Removed => "removed",
            TireMsg::Fitted => "fitted",
            TireMsg::Tightened => "tightened",
        }
    }
}

/// What a member of a tire changer's sub-crew hears (full crew only).
pub enum HandMsg {
    /// Gunner: take the nut off.
    Loosen,
    /// Tire-off: pull the old wheel.
    Remove,
    /// Tire-on: put the new wheel on.
    Fit,
    /// Gunner: tighten the nut.
    Tighten,
}

impl Message for HandMsg {
    fn name(&self) -> &'static str {
        match self {
            HandMsg::Loosen => "loosen",
            HandMsg::Remove => "remove",
            HandMsg::Fit => "fit",
            HandMsg::Tighten => "tighten",
        }
    }
}

/// What the car hears.
pub enum CarMsg {
    /// Go: the release signal.
    Release,
}

impl Message for CarMsg {
    fn name(&self) -> &'static str {
        match self {
            CarMsg::Release => "release",
        }
    }
}
