//! The messages of the pit stop: immutable values, one enum per kind of receiver.
//!
//! Replies travel to an address carried in the request (the seed's `sender_mailbox`), and
//! carry the request's [`ReqId`] back: a request may be sent again after a timeout, and the
//! asker must tell the answer to this request from a late answer to the last one.

use crate::runtime::{Addr, Message, ReqId};

use super::names::{Corner, End};

/// What the race engineer hears.
pub enum EngineerMsg {
    /// The car is in the pit lane, coming to its box.
    Entering { car: Addr<CarMsg> },
    /// The car has stopped in its box (asks for an acknowledgement).
    Stopped { req: ReqId, car: Addr<CarMsg> },
    /// A crew member has prepared and is at its post.
    Ready { req: ReqId, who: &'static str },
    /// A jack has lifted its end of the car.
    Raised { req: ReqId, end: End },
    /// A wheel is changed and its nut is tight (the seed's `TIRE_CHANGED`).
    TireChanged { req: ReqId, corner: Corner },
    /// A jack has put its end of the car down.
    Lowered { req: ReqId, end: End },
    /// The car asks whether it may go (a nervous driver after a spurious signal).
    MayIGo { req: ReqId },
    /// The car has left the pit lane (the answer to the release).
    Left { req: ReqId },
    /// Reminder to self: the FIA's 0.15 s after the last wheel nut has passed.
    DropJacksDue,
    /// Reminder to self: the FIA's 0.2 s after both jacks are down has passed.
    ReleaseDue,
}

impl Message for EngineerMsg {
    fn name(&self) -> &'static str {
        match self {
            EngineerMsg::Entering { .. } => "entering",
            EngineerMsg::Stopped { .. } => "stopped",
            EngineerMsg::Ready { .. } => "ready",
            EngineerMsg::Raised { .. } => "raised",
            EngineerMsg::TireChanged { .. } => "tire_changed",
            EngineerMsg::Lowered { .. } => "lowered",
            EngineerMsg::MayIGo { .. } => "may_i_go",
            EngineerMsg::Left { .. } => "left",
            EngineerMsg::DropJacksDue => "drop_jacks_due",
            EngineerMsg::ReleaseDue => "release_due",
        }
    }

    fn detail(&self) -> Option<String> {
        match self {
            EngineerMsg::Ready { who, .. } => Some(format!("who={who}")),
            EngineerMsg::Raised { end, .. } | EngineerMsg::Lowered { end, .. } => {
                Some(format!("end={}", end.name()))
            }
            EngineerMsg::TireChanged { corner, .. } => Some(format!("position={}", corner.label())),
            _ => None,
        }
    }
}

/// What a jack operator hears.
pub enum JackMsg {
    /// Get to your post; report to `reply_to`.
    Prepare {
        req: ReqId,
        reply_to: Addr<EngineerMsg>,
    },
    Lift {
        req: ReqId,
    },
    Lower {
        req: ReqId,
    },
}

impl Message for JackMsg {
    fn name(&self) -> &'static str {
        match self {
            JackMsg::Prepare { .. } => "prepare",
            JackMsg::Lift { .. } => "lift",
            JackMsg::Lower { .. } => "lower",
        }
    }
}

/// What a tire changer hears: from the race engineer, and in the full crew from its own
/// sub-crew.
pub enum TireMsg {
    /// Get to your post; report to `reply_to`.
    Prepare {
        req: ReqId,
        reply_to: Addr<EngineerMsg>,
    },
    /// Change the wheel (the seed's `CHANGE_TIRE`).
    ChangeTire { req: ReqId },
    /// Full crew: the gunner has the nut off.
    Loosened { req: ReqId },
    /// Full crew: the old wheel is off.
    Removed { req: ReqId },
    /// Full crew: the new wheel is on the hub.
    Fitted { req: ReqId },
    /// Full crew: the gunner has the nut tight.
    Tightened { req: ReqId },
}

impl Message for TireMsg {
    fn name(&self) -> &'static str {
        match self {
            TireMsg::Prepare { .. } => "prepare",
            TireMsg::ChangeTire { .. } => "change_tire",
            TireMsg::Loosened { .. } => "loosened",
            TireMsg::Removed { .. } => "removed",
            TireMsg::Fitted { .. } => "fitted",
            TireMsg::Tightened { .. } => "tightened",
        }
    }
}

/// One task of a tire changer's sub-crew (full crew only).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Task {
    /// Gunner: take the nut off.
    Loosen,
    /// Tire-off: pull the old wheel.
    Remove,
    /// Tire-on: put the new wheel on.
    Fit,
    /// Gunner: tighten the nut.
    Tighten,
}

/// What a member of a tire changer's sub-crew hears.
pub struct HandMsg {
    pub req: ReqId,
    pub task: Task,
}

impl Message for HandMsg {
    fn name(&self) -> &'static str {
        match self.task {
            Task::Loosen => "loosen",
            Task::Remove => "remove",
            Task::Fit => "fit",
            Task::Tighten => "tighten",
        }
    }
}

/// What the car hears.
pub enum CarMsg {
    /// "Copy, hold": the answer to `stopped`, and the refusal of `may_i_go`.
    Hold { req: ReqId },
    /// Go: the release signal.
    Release { req: ReqId },
    /// A spurious go signal (the `early_release` fault): the car asks before it moves.
    NervousSignal,
    /// The stop is aborted: stay on the jacks.
    Abort,
}

impl Message for CarMsg {
    fn name(&self) -> &'static str {
        match self {
            CarMsg::Hold { .. } => "hold",
            CarMsg::Release { .. } => "release",
            CarMsg::NervousSignal => "nervous_signal",
            CarMsg::Abort => "abort",
        }
    }
}
