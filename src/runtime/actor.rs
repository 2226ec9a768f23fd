//! What an actor is: private state, a behaviour, and a handler for one message at a time.
//!
//! The seed lists four things an actor may do when it receives a message; each is a call on
//! [`Context`] and each shows in the event stream:
//!
//! | the seed says                       | the call                  | the event |
//! |-------------------------------------|---------------------------|-----------|
//! | create new actors                   | `ctx.spawn(Props::new(..))` | `spawn` (with its parent) |
//! | send messages to other actors       | `ctx.send(&addr, msg)`    | `send`, `deliver`, `handle` |
//! | modify its internal state           | `ctx.set_state("raised")` | `state` |
//! | define behaviour for the next message | `ctx.become_(Holding)`  | `become` |

use std::fmt;
use std::rc::Rc;

use super::context::Context;
use super::event::{ActorId, Text};

/// A message: an immutable value, moved from sender to receiver.
pub trait Message: 'static {
    /// A short name for logs and the canvas (`"lift"`, `"tire_changed"`).
    fn name(&self) -> &'static str;

    /// A short readable rendering of the fields, if any. Only called when someone listens.
    fn detail(&self) -> Option<String> {
        None
    }
}

/// A named behaviour: what an actor is willing to do with the next message.
///
/// Like Akka's `become`: the actor's handler looks at `ctx.behaviour()` and accepts only the
/// messages that make sense now; the rest it reports as [`Handled::Unhandled`].
pub trait Behaviour: Copy + PartialEq + Default + 'static {
    fn name(self) -> &'static str;
}

/// An actor with one behaviour all its life.
impl Behaviour for () {
    fn name(self) -> &'static str {
        "receive"
    }
}

/// What the handler did with a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Handled {
    /// The message was accepted and acted on.
    Done,
    /// The current behaviour does not accept this message. The runtime records it as an
    /// `unhandled` event; it is never silently lost.
    Unhandled,
}

/// A handler that cannot go on. Its actor stops and its parent is told; the parent may
/// restart it with fresh state. (Failure is a value, never a panic: a panic in wasm aborts
/// the whole instance.)
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub reason: Text,
}

impl Failure {
    pub fn new(reason: impl Into<Text>) -> Failure {
        Failure {
            reason: reason.into(),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)
    }
}

/// Why a child's incarnation ended, as its parent hears it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Exit {
    /// It was asked to stop, or its parent stopped.
    Stopped(Text),
    /// Its handler returned a [`Failure`].
    Failed(Text),
}

impl Exit {
    pub fn reason(&self) -> &str {
        match self {
            Exit::Stopped(r) | Exit::Failed(r) => r,
        }
    }
}

/// A request that expects a reply within a deadline (see [`Context::ask`]). Replies carry it
/// back, so that the asker can tell the reply to this request from a late reply to an
/// earlier one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ReqId(pub u64);

/// A child's end, delivered to its parent's [`Actor::child_exited`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChildExit {
    pub child: ActorId,
    pub exit: Exit,
}

/// An actor. The runtime owns the loop that takes one message at a time from the mailbox and
/// calls [`Actor::handle`]; the actor owns its state and decides what each message means.
///
/// Handlers are `async` so that they can take (virtual) time, as a tire change does: while a
/// handler sleeps, the actor is busy and its mailbox fills, exactly as in the seed's asyncio
/// version.
// Actors live on one thread by design (the browser has one), so the futures these methods
// return need not be `Send`; the lint warns about exactly that.
#[allow(async_fn_in_trait)]
pub trait Actor: Sized + 'static {
    type Msg: Message;
    type Behaviour: Behaviour;

    /// Runs once per incarnation, before the first message.
    async fn started(&mut self, _ctx: &mut Context<Self>) -> Result<(), Failure> {
        Ok(())
    }

    /// Handles one message.
    async fn handle(&mut self, ctx: &mut Context<Self>, msg: Self::Msg)
        -> Result<Handled, Failure>;

    /// A child stopped or failed. The default leaves it stopped; a supervisor restarts it.
    async fn child_exited(
        &mut self,
        _ctx: &mut Context<Self>,
        _exit: ChildExit,
    ) -> Result<(), Failure> {
        Ok(())
    }

    /// A request sent with [`Context::ask`] got no reply in time (a `timeout` event has been
    /// recorded). The asker decides: ask again, or give up and escalate.
    async fn timed_out(&mut self, _ctx: &mut Context<Self>, _req: ReqId) -> Result<(), Failure> {
        Ok(())
    }
}

/// How to create an actor: its name, label, mailbox and a factory for fresh state (called
/// again on every restart).
pub struct Props<A: Actor> {
    pub(crate) name: Rc<str>,
    pub(crate) label: Rc<str>,
    pub(crate) capacity: Option<u32>,
    pub(crate) factory: Rc<dyn Fn() -> A>,
}

impl<A: Actor> Props<A> {
    /// `name` is the actor's stable id in events (`"tire_fl"`).
    pub fn new(name: impl Into<Rc<str>>, factory: impl Fn() -> A + 'static) -> Props<A> {
        let name = name.into();
        Props {
            label: Rc::clone(&name),
            name,
            capacity: None,
            factory: Rc::new(factory),
        }
    }

    /// A display label for people (`"Front Left"`); defaults to the name.
    pub fn label(mut self, label: impl Into<Rc<str>>) -> Props<A> {
        self.label = label.into();
        self
    }

    /// Bounds the mailbox: a message that arrives while `capacity` messages wait is a dead
    /// letter with reason `mailbox_full` (Akka's bounded mailbox with no push timeout). The
    /// sender is never blocked: in transit there is no one to block.
    pub fn capacity(mut self, capacity: u32) -> Props<A> {
        self.capacity = Some(capacity);
        self
    }
}
