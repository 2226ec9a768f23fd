//! What an actor can do while it handles a message.

use std::rc::Rc;
use std::time::Duration;

use super::actor::{Actor, Behaviour, Message, Props, ReqId};
use super::clock::Sleep;
use super::core::Core;
use super::event::{ActorId, EventKind, Text};
use super::mailbox::Addr;
use super::supervision::{RestartIntensity, Supervised};
use super::{RuntimeError, Time};

/// An actor's handle on the runtime, passed to every handler call.
pub struct Context<A: Actor> {
    core: Rc<Core>,
    me: Addr<A::Msg>,
    behaviour: A::Behaviour,
    pub(crate) stop_requested: Option<Text>,
}

impl<A: Actor> Context<A> {
    pub(crate) fn new(core: Rc<Core>, me: Addr<A::Msg>) -> Context<A> {
        Context {
            core,
            me,
            behaviour: A::Behaviour::default(),
            stop_requested: None,
        }
    }

    /// This actor's id.
    pub fn id(&self) -> ActorId {
        self.me.id()
    }

    /// This actor's own address, to hand out as a reply address.
    pub fn myself(&self) -> &Addr<A::Msg> {
        &self.me
    }

    /// The current virtual time.
    pub fn now(&self) -> Time {
        self.core.now()
    }

    /// Sends a message; it arrives after the system's transit latency.
    pub fn send<M: Message>(&self, to: &Addr<M>, msg: M) {
        self.core.send_default(Some(self.id()), to, msg);
    }

    /// Sends a message that arrives after `delay` instead of the usual latency: a reminder to
    /// oneself, or a timeout. Messages sent this way may overtake earlier ones.
    pub fn send_after<M: Message>(&self, to: &Addr<M>, delay: Duration, msg: M) {
        self.core.send(Some(self.id()), to, msg, delay);
    }

    /// Sends a request that expects a reply within `timeout`. `make` builds the message
    /// around the request's id, which the reply must carry back. Call [`Context::answered`]
    /// when the reply comes; if it does not come in time, a `timeout` event is recorded and
    /// [`Actor::timed_out`] is called with the id.
    pub fn ask<M: Message>(
        &self,
        to: &Addr<M>,
        timeout: Duration,
        make: impl FnOnce(ReqId) -> M,
    ) -> ReqId {
        self.core.ask(self.id(), to, timeout, make)
    }

    /// Marks a request answered. True for the first reply in time; false for a late or
    /// repeated one, which the caller must ignore (never act on a reply twice).
    pub fn answered(&self, req: ReqId) -> bool {
        self.core.answered(req)
    }

    /// Records that an injected fault hit this actor (a `fault` event).
    pub fn report_fault(&self, fault: &'static str) {
        self.core.report_fault(self.id(), fault);
    }

    /// Creates a child actor; this actor is its parent and hears when it stops or fails.
    pub fn spawn<C: Actor>(&self, props: Props<C>) -> Addr<C::Msg> {
        self.core.spawn(props, Some(self.id()))
    }

    /// Records a change of this actor's private state.
    pub fn set_state(&self, state: &'static str) {
        self.core.emit(|| EventKind::State {
            actor: self.id(),
            state,
            detail: None,
            until: None,
        });
    }

    /// Records a change of state with a readable detail and, for an activity of known
    /// length, when it is expected to end (the canvas draws progress from it).
    pub fn set_state_with(&self, state: &'static str, detail: Option<Text>, until: Option<Time>) {
        self.core.emit(|| EventKind::State {
            actor: self.id(),
            state,
            detail,
            until,
        });
    }

    /// The behaviour the next message will meet.
    pub fn behaviour(&self) -> A::Behaviour {
        self.behaviour
    }

    /// Chooses the behaviour for the next message (Akka's `become`; `become` is a reserved
    /// word in Rust). Switching to the current behaviour records nothing.
    pub fn become_(&mut self, behaviour: A::Behaviour) {
        if behaviour == self.behaviour {
            return;
        }
        self.behaviour = behaviour;
        let (actor, name) = (self.id(), behaviour.name());
        self.core.registry.borrow_mut()[actor.index()].behaviour = name;
        self.core.emit(|| EventKind::Become {
            actor,
            behaviour: name,
        });
    }

    /// Completes when the virtual clock has moved `d` forward.
    pub fn sleep(&self, d: Duration) -> Sleep {
        self.sleep_until(self.now() + d)
    }

    /// Completes when the virtual clock reaches `t`.
    pub fn sleep_until(&self, t: Time) -> Sleep {
        Sleep::new(Rc::clone(&self.core.clock), t)
    }

    /// Stops this actor once the current handler returns. Messages still queued become dead
    /// letters.
    pub fn stop_self(&mut self, reason: impl Into<Text>) {
        self.stop_requested = Some(reason.into());
    }

    /// Asks another actor (usually a child) to stop after the messages already queued.
    pub fn stop(&self, actor: ActorId, reason: impl Into<Text>) -> Result<(), RuntimeError> {
        self.core.stop(actor, reason.into())
    }

    /// Starts a stopped or failed actor (usually a child) again with fresh state.
    pub fn restart(&self, actor: ActorId, reason: impl Into<Text>) -> Result<(), RuntimeError> {
        self.core.restart(actor, reason.into())
    }

    /// A supervisor's answer to a failed child, as OTP's one-for-one: restarts it (fresh state,
    /// same address) with the reason `restart N of MAX` if `intensity` allows one more now,
    /// or reports that the limit is reached, for the supervisor to escalate.
    pub fn supervise(
        &self,
        child: ActorId,
        intensity: &mut RestartIntensity,
    ) -> Result<Supervised, RuntimeError> {
        if !intensity.allow(self.now()) {
            return Ok(Supervised::LimitReached);
        }
        let count = self.restarts(child) + 1;
        self.restart(child, format!("restart {count} of {}", intensity.max))?;
        Ok(Supervised::Restarted)
    }

    /// How many times `actor` has been restarted.
    pub fn restarts(&self, actor: ActorId) -> u32 {
        self.core
            .registry
            .borrow()
            .get(actor.index())
            .map_or(0, |r| r.restarts)
    }
}
