//! The event stream: one event for everything an actor does that a learner should see.
//!
//! Actors never know who listens. The runtime emits into an [`EventBus`]; with no subscriber
//! an emit is one branch on a flag and nothing is built. Events name actors by [`ActorId`];
//! the `Spawn` event introduces each id with its name, so a consumer that folds the stream
//! (the scene, the JSON writer, a replay) needs nothing but the stream.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use super::Time;

/// An actor's index in its system: small, copyable, stable across restarts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ActorId(pub u32);

impl ActorId {
    /// The index, for tables indexed by actor.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A message's identity from send to delivery to handling.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MsgId(pub u64);

/// Text that is usually a literal and sometimes built at run time.
pub type Text = Cow<'static, str>;

/// Who sent what to whom: shared by every event about one message.
#[derive(Clone, Debug, PartialEq)]
pub struct MsgInfo {
    pub id: MsgId,
    /// `None` when the host (not an actor) sent it.
    pub from: Option<ActorId>,
    pub to: ActorId,
    /// The message's name (`"lift"`, `"tire_changed"`).
    pub name: &'static str,
    /// A short readable rendering of the message's fields, if it has any.
    pub detail: Option<Rc<str>>,
}

/// What travels with a message in its envelope: just enough to name it in events later.
/// Kept small on purpose: the envelope is moved several times per message on the hot path,
/// and the rest of [`MsgInfo`] (name, detail) can be read back from the message itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Stamp {
    pub(crate) id: MsgId,
    pub(crate) from: Option<ActorId>,
}

impl MsgInfo {
    /// Everything events say about `msg`, sent with `stamp` to `to`.
    pub(crate) fn of<M: super::Message>(stamp: Stamp, to: ActorId, msg: &M) -> MsgInfo {
        MsgInfo {
            id: stamp.id,
            from: stamp.from,
            to,
            name: msg.name(),
            detail: msg.detail().map(Rc::from),
        }
    }
}

/// Why a message was not handled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeadReason {
    /// The receiver had stopped (or failed and not yet restarted).
    Stopped,
    /// The receiver's bounded mailbox was full when the message arrived.
    MailboxFull,
}

impl DeadReason {
    pub fn as_str(self) -> &'static str {
        match self {
            DeadReason::Stopped => "stopped",
            DeadReason::MailboxFull => "mailbox_full",
        }
    }
}

/// What happened.
#[derive(Clone, Debug, PartialEq)]
pub enum EventKind {
    /// An actor was created; `parent` is `None` for a top-level actor.
    Spawn {
        actor: ActorId,
        parent: Option<ActorId>,
        name: Rc<str>,
        label: Rc<str>,
    },
    /// A message left its sender; it arrives `latency` later.
    Send { msg: MsgInfo, latency_us: u64 },
    /// A message arrived in its receiver's mailbox (`depth` is the mailbox depth after it).
    Deliver { msg: MsgInfo, depth: u32 },
    /// The receiver took the message out of its mailbox and started handling it.
    Handle { msg: MsgInfo },
    /// The receiver's current behaviour does not accept this message; it was recorded and
    /// dropped (after its `Handle` event).
    Unhandled {
        msg: MsgInfo,
        behaviour: &'static str,
    },
    /// A message that will never be handled.
    DeadLetter { msg: MsgInfo, reason: DeadReason },
    /// An actor changed its private state. `until` is when the activity this state starts
    /// is expected to end, when the actor knows it (for progress bars, never for logic).
    State {
        actor: ActorId,
        state: &'static str,
        detail: Option<Text>,
        until: Option<Time>,
    },
    /// An actor chose its behaviour for the next message.
    Become {
        actor: ActorId,
        behaviour: &'static str,
    },
    /// An actor stopped: asked to, or because its handler failed.
    Stop {
        actor: ActorId,
        reason: Text,
        failed: bool,
    },
    /// A stopped actor was started again with fresh state by its parent.
    Restart {
        actor: ActorId,
        reason: Text,
        count: u32,
    },
    /// Something went wrong on purpose (an injected fault) at `actor`; for a message lost in
    /// transit, `msg` is that message, which ends here.
    Fault {
        actor: ActorId,
        fault: &'static str,
        msg: Option<MsgInfo>,
    },
    /// The reply to a request `actor` sent (the message `msg_id`) did not come in time.
    Timeout { actor: ActorId, msg_id: MsgId },
}

impl EventKind {
    /// The `kind` field of the JSON-lines schema.
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::Spawn { .. } => "spawn",
            EventKind::Send { .. } => "send",
            EventKind::Deliver { .. } => "deliver",
            EventKind::Handle { .. } => "handle",
            EventKind::Unhandled { .. } => "unhandled",
            EventKind::DeadLetter { .. } => "dead_letter",
            EventKind::State { .. } => "state",
            EventKind::Become { .. } => "become",
            EventKind::Stop { .. } => "stop",
            EventKind::Restart { .. } => "restart",
            EventKind::Fault { .. } => "fault",
            EventKind::Timeout { .. } => "timeout",
        }
    }

    /// The message this event is about, for message kinds.
    pub fn msg(&self) -> Option<&MsgInfo> {
        match self {
            EventKind::Send { msg, .. }
            | EventKind::Deliver { msg, .. }
            | EventKind::Handle { msg }
            | EventKind::Unhandled { msg, .. }
            | EventKind::DeadLetter { msg, .. } => Some(msg),
            EventKind::Fault { msg, .. } => msg.as_ref(),
            _ => None,
        }
    }

    /// The actor this event is about: the receiver for message kinds.
    pub fn actor(&self) -> ActorId {
        match self {
            EventKind::Spawn { actor, .. }
            | EventKind::State { actor, .. }
            | EventKind::Become { actor, .. }
            | EventKind::Stop { actor, .. }
            | EventKind::Restart { actor, .. }
            | EventKind::Fault { actor, .. }
            | EventKind::Timeout { actor, .. } => *actor,
            EventKind::Send { msg, .. }
            | EventKind::Deliver { msg, .. }
            | EventKind::Handle { msg }
            | EventKind::Unhandled { msg, .. }
            | EventKind::DeadLetter { msg, .. } => msg.to,
        }
    }
}

/// One event: when, in what total order, and what.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// Strictly increasing within a system, from 0.
    pub seq: u64,
    pub time: Time,
    pub kind: EventKind,
}

type Subscriber = Box<dyn FnMut(&Event)>;

/// Fans events out to subscribers and, when asked, records them. Cheap when nobody listens.
///
/// Two ways to listen. A subscriber is called with each event as it happens (tests check
/// invariants online this way). Recording moves each event into a buffer that the host
/// drains once a frame: no clone per event, which is what keeps the event stream affordable
/// in the hot loop (a clone and a drop per event cost more than the message itself).
#[derive(Default)]
pub struct EventBus {
    next_seq: Cell<u64>,
    active: Cell<bool>,
    subscribers: RefCell<Vec<(u64, Subscriber)>>,
    has_subscribers: Cell<bool>,
    next_token: Cell<u64>,
    recording: Cell<bool>,
    recorded: RefCell<Vec<Event>>,
}

/// Returned by [`EventBus::subscribe`]; pass it to [`EventBus::unsubscribe`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Subscription(u64);

impl EventBus {
    /// True when at least one subscriber listens: emit sites check this before building
    /// anything (message details are only rendered when someone will read them).
    #[inline]
    pub fn active(&self) -> bool {
        self.active.get()
    }

    /// Calls `f` with every event from now on, in order. A subscriber must not emit events,
    /// subscribe or drain the recording from inside its callback (it runs while the bus is
    /// borrowed).
    pub fn subscribe(&self, f: impl FnMut(&Event) + 'static) -> Subscription {
        let token = self.next_token.get();
        self.next_token.set(token + 1);
        self.subscribers.borrow_mut().push((token, Box::new(f)));
        self.has_subscribers.set(true);
        self.active.set(true);
        Subscription(token)
    }

    pub fn unsubscribe(&self, sub: Subscription) {
        let mut subs = self.subscribers.borrow_mut();
        subs.retain(|(token, _)| *token != sub.0);
        self.has_subscribers.set(!subs.is_empty());
        self.active.set(!subs.is_empty() || self.recording.get());
    }

    /// Starts (or stops) recording every event into the bus's buffer; see
    /// [`EventBus::drain_into`].
    pub fn record(&self, on: bool) {
        self.recording.set(on);
        self.active.set(on || !self.subscribers.borrow().is_empty());
    }

    /// Moves the events recorded so far to the end of `out`, in order (into an empty `out`
    /// by swapping buffers: no event is copied).
    pub fn drain_into(&self, out: &mut Vec<Event>) {
        let mut recorded = self.recorded.borrow_mut();
        if out.is_empty() {
            std::mem::swap(out, &mut recorded);
        } else {
            out.append(&mut recorded);
        }
    }

    /// Numbers the event, records it, and hands it to every subscriber. `kind` is only
    /// called when someone listens.
    ///
    /// Inlined into every emit site, and the event is built straight into the recording
    /// buffer: an event is about 100 bytes, and building it on the stack, then moving it
    /// into the call and again into the buffer, was most of what the event stream cost per
    /// message (natively an emit that does nothing else still cost a third of the ping-pong).
    #[inline]
    pub(crate) fn emit(&self, time: Time, kind: impl FnOnce() -> EventKind) {
        if !self.active.get() {
            return;
        }
        let seq = self.next_seq.get();
        self.next_seq.set(seq + 1);
        if self.recording.get() {
            let mut recorded = self.recorded.borrow_mut();
            recorded.push(Event {
                seq,
                time,
                kind: kind(),
            });
            if self.has_subscribers.get() {
                if let Some(event) = recorded.last() {
                    self.notify(event);
                }
            }
        } else {
            self.notify(&Event {
                seq,
                time,
                kind: kind(),
            });
        }
    }

    /// Calls every subscriber with `event`. Out of line: the common listener records.
    #[inline(never)]
    fn notify(&self, event: &Event) {
        for (_, f) in self.subscribers.borrow_mut().iter_mut() {
            f(event);
        }
    }

    pub(crate) fn clear(&self) {
        let subs = std::mem::take(&mut *self.subscribers.borrow_mut());
        let recorded = std::mem::take(&mut *self.recorded.borrow_mut());
        self.active.set(false);
        self.has_subscribers.set(false);
        self.recording.set(false);
        drop(subs);
        drop(recorded);
    }
}

/// Keeps every event of a system, for tests, replays and exports: subscribed, so that
/// several recorders (and the bus's own recording) can coexist.
#[derive(Clone, Default)]
pub struct Recorder(Rc<RefCell<Vec<Event>>>);

impl Recorder {
    /// A recorder subscribed to `bus`.
    pub fn attach(bus: &EventBus) -> Recorder {
        let recorder = Recorder::default();
        let sink = Rc::clone(&recorder.0);
        bus.subscribe(move |e| sink.borrow_mut().push(e.clone()));
        recorder
    }

    /// Everything recorded so far.
    pub fn events(&self) -> std::cell::Ref<'_, Vec<Event>> {
        self.0.borrow()
    }

    /// Takes the events recorded so far, leaving the recorder empty.
    pub fn take(&self) -> Vec<Event> {
        std::mem::take(&mut *self.0.borrow_mut())
    }

    pub fn len(&self) -> usize {
        self.0.borrow().len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.borrow().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(actor: u32) -> EventKind {
        EventKind::Become {
            actor: ActorId(actor),
            behaviour: "b",
        }
    }

    /// Recording builds the event in the buffer and hands subscribers the recorded one:
    /// both must see every event, numbered the same, in the same order.
    #[test]
    fn subscribers_and_the_recording_see_the_same_events() {
        let bus = EventBus::default();
        let seen = Rc::new(RefCell::new(Vec::new()));
        let sink = Rc::clone(&seen);
        let sub = bus.subscribe(move |e| sink.borrow_mut().push(e.clone()));
        bus.emit(Time::ZERO, || state(0)); // subscriber only
        bus.record(true);
        bus.emit(Time::ZERO, || state(1)); // both
        bus.unsubscribe(sub);
        bus.emit(Time::ZERO, || state(2)); // recording only
        bus.record(false);
        let mut built = false;
        bus.emit(Time::ZERO, || {
            built = true;
            state(3)
        });
        assert!(!built, "with nobody listening, no event is built");

        let mut recorded = Vec::new();
        bus.drain_into(&mut recorded);
        let seqs = |events: &[Event]| events.iter().map(|e| e.seq).collect::<Vec<_>>();
        assert_eq!(seqs(&seen.borrow()), [0, 1]);
        assert_eq!(seqs(&recorded), [1, 2]);
        assert_eq!(seen.borrow()[1], recorded[0]);
        assert_eq!(recorded[1].kind, state(2));
    }
}
