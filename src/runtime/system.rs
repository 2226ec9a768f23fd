//! The host's handle on an actor system: spawn, send from outside, and move time forward.
//!
//! A host drives the system in one of two ways:
//! - with the runtime's own executor ([`System::new`]): the host calls [`System::advance`]
//!   (a frame: move the clock, run actors within a budget) or [`System::step`] (exactly one
//!   message handling) or [`System::run_until_quiet`] (a native test: jump from deadline to
//!   deadline with no real waiting);
//! - with a foreign executor such as `wasm_bindgen_futures::spawn_local`
//!   ([`System::with_spawner`]): tasks run whenever that executor runs them, and the host only
//!   fires timers ([`System::fire_next_timers`]) once everything woken has run.

use std::rc::Rc;
use std::time::Duration;

use super::actor::{Actor, Message, Props};
use super::core::{Core, Stats};
use super::event::{ActorId, EventBus};
use super::executor::{Executor, Spawn};
use super::mailbox::Addr;
use super::{RuntimeError, Time};

/// How long a host lets actors run before it takes the thread back.
pub trait Budget {
    /// Asked every few polls; true ends the run (the clock does not move past the work left).
    fn exhausted(&mut self) -> bool;
}

/// Runs until there is nothing left to do.
pub struct Unlimited;

impl Budget for Unlimited {
    fn exhausted(&mut self) -> bool {
        false
    }
}

impl<F: FnMut() -> bool> Budget for F {
    fn exhausted(&mut self) -> bool {
        self()
    }
}

/// How many polls run between two budget checks: a clock read costs more than a poll.
const POLLS_PER_BUDGET_CHECK: u32 = 64;

/// Where a call to [`System::advance`] or [`System::step`] left off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    /// The clock reached the target and every actor is waiting (for a message or a timer).
    Reached,
    /// The budget ran out with work left at the current time; call again.
    OutOfBudget,
    /// A step ended: exactly one message handling started.
    Stepped,
}

/// Settings of one system.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Config {
    /// How long a message is in transit between two actors, in virtual time. Above zero by
    /// default so that a message is visibly in flight before its receiver reacts.
    pub latency: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            latency: Duration::from_millis(40),
        }
    }
}

/// One actor system. Dropping it stops every actor and frees everything.
pub struct System {
    core: Rc<Core>,
    /// `None` when a foreign executor runs the tasks.
    executor: Option<Rc<Executor>>,
}

impl System {
    /// A system on the runtime's own FIFO executor, pumped by the host.
    pub fn new(config: Config) -> System {
        let executor = Rc::new(Executor::new());
        let core = Rc::new(Core::new(
            Rc::clone(&executor) as Rc<dyn Spawn>,
            config.latency,
        ));
        System {
            core,
            executor: Some(executor),
        }
    }

    /// A system whose tasks run on a foreign executor (for example `spawn_local`).
    pub fn with_spawner(config: Config, spawner: Rc<dyn Spawn>) -> System {
        System {
            core: Rc::new(Core::new(spawner, config.latency)),
            executor: None,
        }
    }

    /// Creates a top-level actor.
    pub fn spawn<A: Actor>(&self, props: Props<A>) -> Addr<A::Msg> {
        self.core.spawn(props, None)
    }

    /// Sends a message from outside the system (the event's `from` is empty).
    pub fn tell<M: Message>(&self, to: &Addr<M>, msg: M) {
        self.core.send_default(None, to, msg);
    }

    /// Asks an actor to stop after the messages already in its mailbox (as a parent would).
    pub fn stop(&self, actor: ActorId, reason: impl Into<super::Text>) -> Result<(), RuntimeError> {
        self.core.stop(actor, reason.into())
    }

    /// Makes the next message to or from `actor` get lost in transit (an injected fault,
    /// recorded as a `fault` event when it happens).
    pub fn lose_next_message(&self, actor: ActorId) {
        self.core.lose_next(actor);
    }

    /// Records a fault injected at `actor` from outside (a `fault` event).
    pub fn report_fault(&self, actor: ActorId, fault: &'static str) {
        self.core.report_fault(actor, fault);
    }

    /// Where events go. Subscribe before spawning to see every event.
    pub fn events(&self) -> &EventBus {
        &self.core.events
    }

    pub fn now(&self) -> Time {
        self.core.now()
    }

    pub fn stats(&self) -> Stats {
        self.core.stats()
    }

    /// The earliest timer (a sleep or a message in transit), if any.
    pub fn next_deadline(&self) -> Option<Time> {
        self.core.clock.next_deadline()
    }

    /// True while some task is woken and waiting for a poll (own executor only).
    pub fn has_ready_tasks(&self) -> bool {
        self.executor.as_ref().is_some_and(|e| e.ready_len() > 0)
    }

    /// True when nothing can happen any more: no task to run and no timer to fire.
    pub fn is_quiet(&self) -> bool {
        !self.has_ready_tasks() && self.next_deadline().is_none()
    }

    /// Moves the clock towards `target`, running actors at each instant until they wait,
    /// within `budget`. Events get the exact virtual time they happen at, however the host
    /// slices time: advancing to 100 ms once or to 50 ms twice gives the same log.
    pub fn advance(&self, target: Time, budget: &mut dyn Budget) -> Progress {
        loop {
            if !self.run_ready(budget, false) {
                return Progress::OutOfBudget;
            }
            if !self.core.clock.fire_next(target) {
                self.core.clock.set(target.max(self.now()));
                return Progress::Reached;
            }
        }
    }

    /// Runs until exactly one more message handling has started (moving the clock as far as
    /// `horizon` if it has to), then stops, so the host can show it. Returns
    /// [`Progress::Reached`] if nothing was handled by `horizon`.
    pub fn step(&self, horizon: Time) -> Progress {
        loop {
            if !self.run_ready(&mut Unlimited, true) {
                return Progress::Stepped;
            }
            if !self.core.clock.fire_next(horizon) {
                return Progress::Reached;
            }
        }
    }

    /// Runs, jumping from deadline to deadline with no real waiting, until nothing can happen
    /// any more or the next deadline is beyond `horizon`. Returns true if it went quiet.
    pub fn run_until_quiet(&self, horizon: Time) -> bool {
        loop {
            self.run_ready(&mut Unlimited, false);
            match self.next_deadline() {
                None => return true,
                Some(d) if d > horizon => return false,
                Some(_) => {
                    self.core.clock.fire_next(horizon);
                }
            }
        }
    }

    /// Fires the timers of the earliest deadline up to `limit`, for hosts on a foreign
    /// executor (which then runs the woken tasks). False if none was due.
    pub fn fire_next_timers(&self, limit: Time) -> bool {
        self.core.clock.fire_next(limit)
    }

    /// Polls ready tasks until none is left (true), the budget runs out (false), or, with
    /// `one_handling`, a message handling has started (false).
    fn run_ready(&self, budget: &mut dyn Budget, one_handling: bool) -> bool {
        let Some(executor) = &self.executor else {
            return true;
        };
        let handled_before = self.core.handled.get();
        let mut until_check = POLLS_PER_BUDGET_CHECK;
        while executor.poll_next() {
            if one_handling && self.core.handled.get() != handled_before {
                return false;
            }
            until_check -= 1;
            if until_check == 0 {
                until_check = POLLS_PER_BUDGET_CHECK;
                if budget.exhausted() {
                    return executor.ready_len() == 0;
                }
            }
        }
        true
    }

    /// Number of actors ever spawned (ids are `0..actor_count()`).
    pub fn actor_count(&self) -> usize {
        self.core.registry.borrow().len()
    }

    /// An actor's stable name (`"tire_fl"`).
    pub fn name(&self, id: ActorId) -> Option<Rc<str>> {
        self.core
            .registry
            .borrow()
            .get(id.index())
            .map(|r| Rc::clone(&r.name))
    }

    /// An actor's display label (`"Front Left"`).
    pub fn label(&self, id: ActorId) -> Option<Rc<str>> {
        self.core
            .registry
            .borrow()
            .get(id.index())
            .map(|r| Rc::clone(&r.label))
    }

    /// Looks an actor up by name: the newest with that name, `#n` aside (a restarted parent
    /// creates its children anew, as `name#2`...).
    pub fn find(&self, name: &str) -> Option<ActorId> {
        self.core
            .registry
            .borrow()
            .iter()
            .rposition(|r| super::base_name(&r.name) == name || &*r.name == name)
            .map(|i| ActorId(i as u32))
    }

    /// An actor's parent, if it has one.
    pub fn parent(&self, id: ActorId) -> Option<ActorId> {
        self.core.registry.borrow().get(id.index())?.parent
    }

    /// Whether an actor is running (false once stopped or failed, true again on restart).
    pub fn is_alive(&self, id: ActorId) -> bool {
        self.core
            .registry
            .borrow()
            .get(id.index())
            .is_some_and(|r| r.alive)
    }

    /// An actor's current behaviour name.
    pub fn behaviour(&self, id: ActorId) -> Option<&'static str> {
        Some(self.core.registry.borrow().get(id.index())?.behaviour)
    }

    /// How many messages wait in an actor's mailbox.
    pub fn mailbox_depth(&self, id: ActorId) -> Option<u32> {
        Some(self.core.registry.borrow().get(id.index())?.mailbox.depth())
    }

    /// How many times an actor has been restarted.
    pub fn restarts(&self, id: ActorId) -> Option<u32> {
        Some(self.core.registry.borrow().get(id.index())?.restarts)
    }
}

impl Drop for System {
    fn drop(&mut self) {
        // Tasks, timers and registry entries hold `Rc`s to the core and to each other;
        // dropping them here is what frees a system (and stops a destroyed page's actors).
        if let Some(executor) = &self.executor {
            executor.clear();
        }
        self.core.teardown();
    }
}
