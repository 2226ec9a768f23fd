//! Mailboxes and addresses.
//!
//! A mailbox is a `futures::channel::mpsc` unbounded channel plus a depth counter (mpsc does
//! not expose its length, and the canvas draws it) and an optional bound. The address is a
//! cheap clonable handle to the mailbox; it survives restarts, because a restart installs a
//! fresh channel in the same cell, as a registered name does in Erlang.

use std::cell::{Cell, RefCell};
use std::fmt;
use std::rc::Rc;

use futures::channel::mpsc::{self, UnboundedReceiver, UnboundedSender};

use super::actor::{ChildExit, Message, ReqId};
use super::event::{ActorId, DeadReason, Stamp, Text};

/// What travels through a mailbox.
pub(crate) enum Envelope<M> {
    /// A message from an actor or the host.
    Msg { msg: M, stamp: Stamp },
    /// A runtime notice: not a message, so it is neither counted nor drawn as one.
    Signal(Signal),
}

pub(crate) enum Signal {
    /// Stop after the messages already queued (like Akka's PoisonPill).
    Stop(Text),
    /// One of this actor's children stopped or failed.
    ChildExit(ChildExit),
    /// A request this actor sent was not answered in time.
    Timeout(ReqId),
}

/// A message that could not go into a mailbox, and why.
pub(crate) type Undeliverable<M> = (M, Stamp, DeadReason);

/// The shared cell behind an address.
pub(crate) struct MailboxCell<M> {
    pub(crate) id: ActorId,
    /// `None` while the actor is stopped: deliveries become dead letters.
    tx: RefCell<Option<UnboundedSender<Envelope<M>>>>,
    depth: Cell<u32>,
    capacity: Option<u32>,
}

impl<M: Message> MailboxCell<M> {
    pub(crate) fn new(id: ActorId, capacity: Option<u32>) -> MailboxCell<M> {
        MailboxCell {
            id,
            tx: RefCell::new(None),
            depth: Cell::new(0),
            capacity,
        }
    }

    /// Opens a fresh channel (at spawn and at every restart) and returns its receiving end.
    pub(crate) fn open(&self) -> UnboundedReceiver<Envelope<M>> {
        let (tx, rx) = mpsc::unbounded();
        *self.tx.borrow_mut() = Some(tx);
        self.depth.set(0);
        rx
    }

    /// Closes the mailbox: from now on, deliveries are dead letters.
    pub(crate) fn close(&self) {
        self.tx.borrow_mut().take();
        self.depth.set(0);
    }

    /// Puts a message into the mailbox and returns the new depth, or hands the message back
    /// with the reason it cannot go in.
    pub(crate) fn deliver(&self, msg: M, stamp: Stamp) -> Result<u32, Undeliverable<M>> {
        let depth = self.depth.get();
        if self.capacity.is_some_and(|cap| depth >= cap) {
            return Err((msg, stamp, DeadReason::MailboxFull));
        }
        let tx = self.tx.borrow();
        let Some(tx) = tx.as_ref() else {
            return Err((msg, stamp, DeadReason::Stopped));
        };
        match tx.unbounded_send(Envelope::Msg { msg, stamp }) {
            Ok(()) => {
                self.depth.set(depth + 1);
                Ok(depth + 1)
            }
            // The receiver is gone but the cell not yet closed: the actor is stopping.
            Err(e) => match e.into_inner() {
                Envelope::Msg { msg, stamp } => Err((msg, stamp, DeadReason::Stopped)),
                Envelope::Signal(_) => unreachable!("a message was sent, a message comes back"),
            },
        }
    }

    /// Called when the actor takes a message out to handle it.
    pub(crate) fn taken(&self) {
        self.depth.set(self.depth.get().saturating_sub(1));
    }
}

/// The type-erased side of a mailbox that the runtime's registry keeps for every actor.
pub(crate) trait ErasedMailbox {
    fn depth(&self) -> u32;
    /// Queues a signal; false if the actor is stopped.
    fn signal(&self, signal: Signal) -> bool;
}

impl<M: Message> ErasedMailbox for MailboxCell<M> {
    fn depth(&self) -> u32 {
        self.depth.get()
    }

    fn signal(&self, signal: Signal) -> bool {
        self.tx
            .borrow()
            .as_ref()
            .is_some_and(|tx| tx.unbounded_send(Envelope::Signal(signal)).is_ok())
    }
}

/// The address of an actor that accepts messages of type `M`: cheap to clone, the only way
/// to reach the actor. Send through [`Context::send`](super::Context::send) (or
/// [`System::tell`](super::System::tell) from outside), so that the event names the sender.
pub struct Addr<M> {
    pub(crate) cell: Rc<MailboxCell<M>>,
}

impl<M> Clone for Addr<M> {
    fn clone(&self) -> Self {
        Addr {
            cell: Rc::clone(&self.cell),
        }
    }
}

impl<M> fmt::Debug for Addr<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Addr({})", self.cell.id.0)
    }
}

impl<M: Message> Addr<M> {
    /// The actor's id in events.
    pub fn id(&self) -> ActorId {
        self.cell.id
    }

    /// How many messages wait in the mailbox now.
    pub fn depth(&self) -> u32 {
        self.cell.depth.get()
    }
}
