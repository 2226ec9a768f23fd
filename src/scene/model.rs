//! The scene: everything on screen at one moment, as plain data with positions already
//! interpolated. Built by [`SceneModel::snapshot`](super::fold::SceneModel::snapshot),
//! read by [`draw_scene`](super::draw_scene).

use std::rc::Rc;

/// Where a wheel is in its change.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum WheelPhase {
    /// The old wheel on the car (the gun may be working the nut loose).
    #[default]
    On,
    /// The nut is off; the old wheel is coming off the hub.
    NutOff,
    /// The old wheel is off; the new one is on its way to the hub.
    Off,
    /// The new wheel is on the hub; the gun is tightening the nut.
    NewOn,
    /// The new wheel is on and tight.
    Secured,
}

/// One wheel on screen.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Wheel {
    pub phase: WheelPhase,
    /// 0..1: how far the current phase's work has got.
    pub progress: f64,
    /// The old wheel's offset from its hub, in metres (across, along the lane).
    pub old_offset: (f64, f64),
    /// The new wheel's offset from its hub; `None` until it is brought.
    pub new_offset: Option<(f64, f64)>,
    /// The wheel gun on the nut (drawn as a spark on the hub).
    pub gun_working: bool,
}

/// How a message is related to its receiver, which decides its colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PacketKind {
    /// From a parent to its child: an order.
    Command,
    /// From a child to its parent: a report.
    Report,
    /// To oneself, later: a reminder (a timer).
    Reminder,
    /// Between actors that are not parent and child.
    Peer,
}

/// A message in flight.
#[derive(Clone, Debug, PartialEq)]
pub struct Packet {
    pub msg_id: u64,
    pub name: &'static str,
    pub kind: PacketKind,
    /// Sender and receiver positions, world metres.
    pub from: (f64, f64),
    pub to: (f64, f64),
    /// 0 when sent, 1 when it arrives.
    pub progress: f64,
    /// Lost in transit (an injected fault): it drops out of its path instead of arriving.
    pub lost: bool,
}

/// Something that just went wrong at an actor, shown for a moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AlarmKind {
    /// Its handler failed and it stopped.
    Failed,
    /// A fault was injected here.
    Fault,
    /// A reply it waited for did not come in time.
    Timeout,
}

/// An alarm and how far it has faded (0 new, 1 gone).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Alarm {
    pub kind: AlarmKind,
    pub age: f64,
}

/// A crew member (or the car) at its post.
#[derive(Clone, Debug, PartialEq)]
pub struct ActorCard {
    pub name: Rc<str>,
    pub label: Rc<str>,
    /// World metres.
    pub pos: (f64, f64),
    pub behaviour: &'static str,
    pub state: &'static str,
    /// Messages waiting in the mailbox.
    pub depth: u32,
    /// Progress of the activity in hand (0..1), while it is busy with one.
    pub busy: Option<f64>,
    pub alive: bool,
    pub restarts: u32,
    /// True for the sub-crew of the full crew (drawn smaller).
    pub minor: bool,
    pub alarm: Option<Alarm>,
}

/// A dead letter falling into the bin.
#[derive(Clone, Debug, PartialEq)]
pub struct Falling {
    pub msg_id: u64,
    pub name: &'static str,
    /// Where it fell from, world metres.
    pub from: (f64, f64),
    /// 0 at the start of the fall, 1 in the bin.
    pub progress: f64,
}

/// The stopwatch: stationary time so far, or final.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Stopwatch {
    /// Milliseconds the car has been (or was) stationary; `None` before it stops.
    pub stationary_ms: Option<f64>,
    /// True once the car is released: the time is final.
    pub done: bool,
}

/// Everything on screen at one moment.
#[derive(Clone, Debug, PartialEq)]
pub struct Scene {
    /// Virtual time of this snapshot, milliseconds.
    pub t_ms: f64,
    /// The car's centre along the lane, metres (0 = in its box).
    pub car_x: f64,
    /// How far each jack has lifted its end of the car, 0 (down) to 1 (up): front, rear.
    pub lift: [f64; 2],
    /// Each jack's cradle under the car: front, rear.
    pub jack_engaged: [bool; 2],
    pub wheels: [Wheel; 4],
    pub cards: Vec<ActorCard>,
    pub packets: Vec<Packet>,
    pub stopwatch: Stopwatch,
    /// Messages that could not be delivered, so far.
    pub dead_letters: u32,
    /// Dead letters on their way into the bin.
    pub falling: Vec<Falling>,
    /// The stop was aborted: the car is held on its jacks.
    pub aborted: bool,
    /// The path of a message to highlight (from, to), e.g. after a click on a log line.
    pub highlight: Option<((f64, f64), (f64, f64))>,
}

impl Scene {
    /// The car parked in its box, on its wheels, jacks away, nobody around.
    pub fn parked() -> Scene {
        Scene {
            t_ms: 0.0,
            car_x: 0.0,
            lift: [0.0; 2],
            jack_engaged: [false; 2],
            wheels: [Wheel::default(); 4],
            cards: Vec::new(),
            packets: Vec::new(),
            stopwatch: Stopwatch::default(),
            dead_letters: 0,
            falling: Vec::new(),
            aborted: false,
            highlight: None,
        }
    }
}
