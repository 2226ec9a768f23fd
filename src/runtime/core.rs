//! The shared heart of one actor system: clock, event bus, registry, spawner, counters.
//!
//! Every actor task holds an `Rc<Core>`. The host-facing handle is [`System`](super::System),
//! which tears the core down when dropped (tasks and timers hold `Rc`s back into it).

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use super::actor::{Actor, ChildExit, Exit, Message, Props, ReqId};
use super::clock::{Clock, TimerAction, TimerHandle};
use super::event::{ActorId, DeadReason, EventBus, EventKind, MsgId, MsgInfo, Stamp, Text};
use super::executor::Spawn;
use super::mailbox::{Addr, ErasedMailbox, MailboxCell, Signal};
use super::task::run_incarnation;
use super::time::{micros, Time};
use super::RuntimeError;

/// Starts a new incarnation of an actor with fresh state from its factory.
type Respawn = Rc<dyn Fn(&Rc<Core>)>;

/// What the registry knows about every actor, whatever its message type.
pub(crate) struct ActorRecord {
    pub(crate) name: Rc<str>,
    pub(crate) label: Rc<str>,
    pub(crate) parent: Option<ActorId>,
    pub(crate) alive: bool,
    pub(crate) restarts: u32,
    pub(crate) behaviour: &'static str,
    pub(crate) mailbox: Rc<dyn ErasedMailbox>,
    respawn: Respawn,
}

/// An actor's name without the `#n` that tells a re-created actor from an earlier one of the
/// same name (`tire_fl.gunner#2` is a `tire_fl.gunner`).
pub fn base_name(name: &str) -> &str {
    name.split_once('#').map_or(name, |(base, _)| base)
}

/// Counters a host can show without subscribing to events.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub sent: u64,
    pub delivered: u64,
    pub handled: u64,
    pub unhandled: u64,
    pub dead_letters: u64,
    /// Messages lost in transit (injected faults).
    pub lost: u64,
}

/// A request waiting for its reply.
struct Ask {
    asker: ActorId,
    msg_id: MsgId,
    pending: bool,
    timer: TimerHandle,
}

pub(crate) struct Core {
    pub(crate) clock: Rc<Clock>,
    pub(crate) events: EventBus,
    spawner: Rc<dyn Spawn>,
    pub(crate) registry: RefCell<Vec<ActorRecord>>,
    latency_us: Cell<u64>,
    next_msg: Cell<u64>,
    /// Requests sent with `ask`, indexed by `ReqId`.
    asks: RefCell<Vec<Ask>>,
    /// Actors whose next message in or out will be lost in transit (an injected fault).
    lossy: RefCell<Vec<ActorId>>,
    lost: Cell<u64>,
    // Counters, one cell each: they are bumped on the hot path.
    sent: Cell<u64>,
    delivered: Cell<u64>,
    pub(crate) handled: Cell<u64>,
    pub(crate) unhandled: Cell<u64>,
    dead_letters: Cell<u64>,
}

impl Core {
    pub(crate) fn new(spawner: Rc<dyn Spawn>, latency: Duration) -> Core {
        Core {
            clock: Rc::new(Clock::default()),
            events: EventBus::default(),
            spawner,
            registry: RefCell::new(Vec::new()),
            latency_us: Cell::new(micros(latency)),
            next_msg: Cell::new(0),
            asks: RefCell::new(Vec::new()),
            lossy: RefCell::new(Vec::new()),
            lost: Cell::new(0),
            sent: Cell::new(0),
            delivered: Cell::new(0),
            handled: Cell::new(0),
            unhandled: Cell::new(0),
            dead_letters: Cell::new(0),
        }
    }

    pub(crate) fn now(&self) -> Time {
        self.clock.now()
    }

    #[inline]
    pub(crate) fn emit(&self, kind: impl FnOnce() -> EventKind) {
        if self.events.active() {
            self.events.emit(self.clock.now(), kind);
        }
    }

    pub(crate) fn stats(&self) -> Stats {
        Stats {
            sent: self.sent.get(),
            delivered: self.delivered.get(),
            handled: self.handled.get(),
            unhandled: self.unhandled.get(),
            dead_letters: self.dead_letters.get(),
            lost: self.lost.get(),
        }
    }

    /// Creates an actor and starts its first incarnation.
    pub(crate) fn spawn<A: Actor>(
        self: &Rc<Self>,
        props: Props<A>,
        parent: Option<ActorId>,
    ) -> Addr<A::Msg> {
        let id = ActorId(self.registry.borrow().len() as u32);
        let props = Props {
            name: self.unique_name(props.name),
            ..props
        };
        let cell = Rc::new(MailboxCell::<A::Msg>::new(id, props.capacity));
        let respawn: Respawn = {
            let (cell, factory) = (Rc::clone(&cell), Rc::clone(&props.factory));
            Rc::new(move |core: &Rc<Core>| {
                let rx = cell.open();
                let task = run_incarnation(Rc::clone(core), Rc::clone(&cell), rx, factory());
                core.spawner.spawn(Box::pin(task));
            })
        };
        self.registry.borrow_mut().push(ActorRecord {
            name: Rc::clone(&props.name),
            label: Rc::clone(&props.label),
            parent,
            alive: true,
            restarts: 0,
            behaviour: <A::Behaviour as super::Behaviour>::name(Default::default()),
            mailbox: Rc::clone(&cell) as Rc<dyn ErasedMailbox>,
            respawn: Rc::clone(&respawn),
        });
        self.emit(|| EventKind::Spawn {
            actor: id,
            parent,
            name: props.name,
            label: props.label,
        });
        respawn(self);
        Addr { cell }
    }

    /// `name`, or `name#2`, `name#3`... if actors of that name exist already (a parent that is
    /// restarted creates its children again): names are unique in a system, so that a log,
    /// which names actors, says which incarnation did what.
    fn unique_name(&self, name: Rc<str>) -> Rc<str> {
        let taken = self
            .registry
            .borrow()
            .iter()
            .filter(|r| base_name(&r.name) == &*name)
            .count();
        if taken == 0 {
            name
        } else {
            Rc::from(format!("{name}#{}", taken + 1))
        }
    }

    /// Sends `msg` to `to`; it arrives after `latency` (now, if zero).
    pub(crate) fn send<M: Message>(
        self: &Rc<Self>,
        from: Option<ActorId>,
        to: &Addr<M>,
        msg: M,
        latency: Duration,
    ) {
        self.send_us(from, to, msg, micros(latency));
    }

    /// [`Core::send`] with the latency in microseconds: the hot path, which should not pay
    /// for `Duration`'s 128-bit arithmetic on every message.
    fn send_us<M: Message>(
        self: &Rc<Self>,
        from: Option<ActorId>,
        to: &Addr<M>,
        msg: M,
        latency_us: u64,
    ) {
        let stamp = Stamp {
            id: MsgId(self.next_msg.get()),
            from,
        };
        self.next_msg.set(stamp.id.0 + 1);
        self.sent.set(self.sent.get() + 1);
        self.emit(|| EventKind::Send {
            msg: MsgInfo::of(stamp, to.id(), &msg),
            latency_us,
        });
        if let Some(actor) = self.take_lossy(from, to.id()) {
            // Lost in transit: the fault event is where this message ends.
            self.lost.set(self.lost.get() + 1);
            self.emit(|| EventKind::Fault {
                actor,
                fault: "lost_message",
                msg: Some(MsgInfo::of(stamp, to.id(), &msg)),
            });
            return;
        }
        if latency_us == 0 {
            self.deliver(&to.cell, msg, stamp);
        } else {
            let (core, cell) = (Rc::clone(self), Rc::clone(&to.cell));
            self.clock.schedule(
                Time::from_micros(self.now().as_micros().saturating_add(latency_us)),
                TimerAction::Run(Box::new(move || core.deliver(&cell, msg, stamp))),
            );
        }
    }

    /// The actor whose injected `lost_message` fault takes this message, if any. Messages
    /// to oneself are reminders, not radio traffic, and are never lost.
    #[inline]
    fn take_lossy(&self, from: Option<ActorId>, to: ActorId) -> Option<ActorId> {
        if self.lossy.borrow().is_empty() || from == Some(to) {
            return None; // every message but a few in a run with faults: kept inline
        }
        self.take_lossy_armed(from, to)
    }

    #[cold]
    fn take_lossy_armed(&self, from: Option<ActorId>, to: ActorId) -> Option<ActorId> {
        let mut lossy = self.lossy.borrow_mut();
        let i = lossy.iter().position(|a| Some(*a) == from || *a == to)?;
        Some(lossy.remove(i))
    }

    /// Makes the next message to or from `actor` get lost in transit.
    pub(crate) fn lose_next(&self, actor: ActorId) {
        self.lossy.borrow_mut().push(actor);
    }

    /// Records an injected fault at `actor`.
    pub(crate) fn report_fault(&self, actor: ActorId, fault: &'static str) {
        self.emit(|| EventKind::Fault {
            actor,
            fault,
            msg: None,
        });
    }

    /// Sends `msg` as a request from `asker`: unless [`Core::answered`] is called for the
    /// returned id within `timeout`, a `timeout` event is recorded and the asker is told.
    pub(crate) fn ask<M: Message>(
        self: &Rc<Self>,
        asker: ActorId,
        to: &Addr<M>,
        timeout: Duration,
        make: impl FnOnce(ReqId) -> M,
    ) -> ReqId {
        let req = ReqId(self.asks.borrow().len() as u64);
        let msg_id = MsgId(self.next_msg.get());
        let core = Rc::downgrade(self);
        let timer = self.clock.schedule_cancellable(
            self.now() + timeout,
            TimerAction::Run(Box::new(move || {
                if let Some(core) = core.upgrade() {
                    core.time_out(req);
                }
            })),
        );
        self.asks.borrow_mut().push(Ask {
            asker,
            msg_id,
            pending: true,
            timer,
        });
        self.send_default(Some(asker), to, make(req));
        req
    }

    fn time_out(&self, req: ReqId) {
        let (asker, msg_id) = {
            let mut asks = self.asks.borrow_mut();
            let Some(ask) = asks.get_mut(req.0 as usize).filter(|a| a.pending) else {
                return;
            };
            ask.pending = false;
            (ask.asker, ask.msg_id)
        };
        self.emit(|| EventKind::Timeout {
            actor: asker,
            msg_id,
        });
        if let Ok(mailbox) = self.mailbox_of(asker) {
            // An asker that has stopped does not need to hear it: dropping is right.
            mailbox.signal(Signal::Timeout(req));
        }
    }

    /// Marks a request answered. True the first time, while it is still pending; false for
    /// a reply that comes after its timeout or after another reply (to be ignored, so that
    /// nothing is acted on twice).
    pub(crate) fn answered(&self, req: ReqId) -> bool {
        let mut asks = self.asks.borrow_mut();
        match asks.get_mut(req.0 as usize) {
            Some(ask) if ask.pending => {
                ask.pending = false;
                ask.timer.cancel();
                true
            }
            _ => false,
        }
    }

    pub(crate) fn send_default<M: Message>(
        self: &Rc<Self>,
        from: Option<ActorId>,
        to: &Addr<M>,
        msg: M,
    ) {
        self.send_us(from, to, msg, self.latency_us.get());
    }

    fn deliver<M: Message>(&self, cell: &MailboxCell<M>, msg: M, stamp: Stamp) {
        // Described before it moves into the mailbox, and only when someone listens.
        let info = self
            .events
            .active()
            .then(|| MsgInfo::of(stamp, cell.id, &msg));
        match cell.deliver(msg, stamp) {
            Ok(depth) => {
                self.delivered.set(self.delivered.get() + 1);
                if let Some(info) = info {
                    self.emit(|| EventKind::Deliver { msg: info, depth });
                }
            }
            Err((msg, stamp, reason)) => self.dead_letter(stamp, cell.id, &msg, reason),
        }
    }

    pub(crate) fn dead_letter<M: Message>(
        &self,
        stamp: Stamp,
        to: ActorId,
        msg: &M,
        reason: DeadReason,
    ) {
        self.dead_letters.set(self.dead_letters.get() + 1);
        self.emit(|| EventKind::DeadLetter {
            msg: MsgInfo::of(stamp, to, msg),
            reason,
        });
    }

    /// Ends an incarnation: tells the parent, stops the children.
    pub(crate) fn incarnation_ended(&self, id: ActorId, exit: Exit) {
        let (parent, children) = {
            let mut registry = self.registry.borrow_mut();
            registry[id.index()].alive = false;
            let children: Vec<Rc<dyn ErasedMailbox>> = registry
                .iter()
                .filter(|r| r.parent == Some(id) && r.alive)
                .map(|r| Rc::clone(&r.mailbox))
                .collect();
            let parent = registry[id.index()]
                .parent
                .map(|p| Rc::clone(&registry[p.index()].mailbox));
            (parent, children)
        };
        let (reason, failed) = match &exit {
            Exit::Stopped(r) => (r.clone(), false),
            Exit::Failed(r) => (r.clone(), true),
        };
        self.emit(|| EventKind::Stop {
            actor: id,
            reason,
            failed,
        });
        for child in children {
            child.signal(Signal::Stop(Text::Borrowed("parent stopped")));
        }
        if let Some(parent) = parent {
            // A parent that has stopped too does not need to hear it: dropping is right.
            parent.signal(Signal::ChildExit(ChildExit { child: id, exit }));
        }
    }

    /// Asks an actor to stop once the messages already queued are handled.
    pub(crate) fn stop(&self, id: ActorId, reason: Text) -> Result<(), RuntimeError> {
        let mailbox = self.mailbox_of(id)?;
        if mailbox.signal(Signal::Stop(reason)) {
            Ok(())
        } else {
            Err(RuntimeError::NotRunning(id))
        }
    }

    /// Starts a stopped actor again with fresh state, at the same address.
    pub(crate) fn restart(self: &Rc<Self>, id: ActorId, reason: Text) -> Result<(), RuntimeError> {
        let (respawn, count) = {
            let mut registry = self.registry.borrow_mut();
            let record = registry
                .get_mut(id.index())
                .ok_or(RuntimeError::NoSuchActor(id))?;
            if record.alive {
                return Err(RuntimeError::StillRunning(id));
            }
            record.alive = true;
            record.restarts += 1;
            (Rc::clone(&record.respawn), record.restarts)
        };
        self.emit(|| EventKind::Restart {
            actor: id,
            reason,
            count,
        });
        respawn(self);
        Ok(())
    }

    fn mailbox_of(&self, id: ActorId) -> Result<Rc<dyn ErasedMailbox>, RuntimeError> {
        self.registry
            .borrow()
            .get(id.index())
            .map(|r| Rc::clone(&r.mailbox))
            .ok_or(RuntimeError::NoSuchActor(id))
    }

    /// Drops every task, timer and subscriber: breaks the `Rc` cycles through the core.
    pub(crate) fn teardown(&self) {
        self.clock.clear();
        self.asks.borrow_mut().clear();
        self.events.clear();
        let registry = std::mem::take(&mut *self.registry.borrow_mut());
        drop(registry);
    }
}
