//! A small, general actor runtime on `futures` tasks, a virtual clock and an event stream.
//!
//! Nothing here knows about pit stops or browsers. Layout:
//!
//! - [`actor`]: the [`Actor`] trait, [`Message`], [`Behaviour`], [`Props`];
//! - [`context`]: what a handler can do ([`Context`]): spawn, send, set state, become;
//! - [`mailbox`]: [`Addr`] and the mpsc mailbox behind it;
//! - [`event`]: the [`Event`] stream and the [`EventBus`] that fans it out;
//! - [`executor`]: the FIFO run queue the host pumps;
//! - [`clock`]: virtual time and timers; [`time`]: the [`Time`] type;
//! - [`supervision`]: restart intensity for supervisors;
//! - [`system`]: the host's handle ([`System`]) that moves time and runs actors;
//! - `core` and `task`: the shared state and the per-actor loop (private).

pub mod actor;
pub mod clock;
pub mod context;
mod core;
pub mod event;
pub mod executor;
pub mod mailbox;
pub mod supervision;
pub mod system;
mod task;
pub mod time;

use std::fmt;

pub use actor::{Actor, Behaviour, ChildExit, Exit, Failure, Handled, Message, Props, ReqId};
pub use clock::TimerHandle;
pub use context::Context;
pub use core::{base_name, Stats};
pub use event::{
    ActorId, DeadReason, Event, EventBus, EventKind, MsgId, MsgInfo, Recorder, Subscription, Text,
};
pub use executor::{Executor, LocalTask, Spawn};
pub use mailbox::Addr;
pub use supervision::{RestartIntensity, Supervised};
pub use system::{Budget, Config, Progress, System, Unlimited};
pub use time::Time;

/// A request the runtime cannot carry out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuntimeError {
    NoSuchActor(ActorId),
    /// Restart asked for an actor that is running.
    StillRunning(ActorId),
    /// Stop asked for an actor that has already stopped.
    NotRunning(ActorId),
}

impl fmt::Display for RuntimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RuntimeError::NoSuchActor(id) => write!(f, "no actor with id {}", id.0),
            RuntimeError::StillRunning(id) => write!(f, "actor {} is still running", id.0),
            RuntimeError::NotRunning(id) => write!(f, "actor {} is not running", id.0),
        }
    }
}

impl std::error::Error for RuntimeError {}
