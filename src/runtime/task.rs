//! The loop every actor runs: one incarnation, from start to stop.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context as TaskContext, Poll};

use futures::channel::mpsc::UnboundedReceiver;
use futures::StreamExt;

use super::actor::{Actor, Behaviour, Exit, Handled};
use super::context::Context;
use super::core::Core;
use super::event::{DeadReason, EventKind, MsgInfo, Text};
use super::mailbox::{Addr, Envelope, MailboxCell, Signal};

/// Runs one incarnation of an actor: takes messages one at a time until it stops or fails,
/// then closes the mailbox (what is left in it becomes dead letters) and tells the parent.
pub(crate) async fn run_incarnation<A: Actor>(
    core: Rc<Core>,
    cell: Rc<MailboxCell<A::Msg>>,
    mut rx: UnboundedReceiver<Envelope<A::Msg>>,
    mut actor: A,
) {
    let id = cell.id;
    let mut ctx = Context::<A>::new(
        Rc::clone(&core),
        Addr {
            cell: Rc::clone(&cell),
        },
    );
    core.registry.borrow_mut()[id.index()].behaviour = ctx.behaviour().name();
    let exit = live(&mut actor, &mut ctx, &mut rx, &core, &cell).await;
    drop(actor);

    // Closed before draining, so that nothing new slips in behind the drain.
    cell.close();
    rx.close();
    while let Ok(envelope) = rx.try_recv() {
        if let Envelope::Msg { msg, stamp } = envelope {
            core.dead_letter(stamp, id, &msg, DeadReason::Stopped);
        }
    }
    core.incarnation_ended(id, exit);
}

async fn live<A: Actor>(
    actor: &mut A,
    ctx: &mut Context<A>,
    rx: &mut UnboundedReceiver<Envelope<A::Msg>>,
    core: &Core,
    cell: &MailboxCell<A::Msg>,
) -> Exit {
    if let Err(failure) = actor.started(ctx).await {
        return Exit::Failed(failure.reason);
    }
    loop {
        if let Some(reason) = ctx.stop_requested.take() {
            return Exit::Stopped(reason);
        }
        let Some(envelope) = rx.next().await else {
            return Exit::Stopped(Text::Borrowed("mailbox closed"));
        };
        match envelope {
            Envelope::Msg { msg, stamp } => {
                cell.taken();
                core.handled.set(core.handled.get() + 1);
                let behaviour = ctx.behaviour().name();
                let info = core
                    .events
                    .active()
                    .then(|| MsgInfo::of(stamp, cell.id, &msg));
                if let Some(info) = &info {
                    core.emit(|| EventKind::Handle { msg: info.clone() });
                }
                match actor.handle(ctx, msg).await {
                    Ok(Handled::Done) => {}
                    Ok(Handled::Unhandled) => {
                        core.unhandled.set(core.unhandled.get() + 1);
                        if let Some(msg) = info {
                            core.emit(|| EventKind::Unhandled { msg, behaviour });
                        }
                    }
                    Err(failure) => return Exit::Failed(failure.reason),
                }
            }
            Envelope::Signal(Signal::Stop(reason)) => return Exit::Stopped(reason),
            Envelope::Signal(Signal::ChildExit(exit)) => {
                if let Err(failure) = actor.child_exited(ctx, exit).await {
                    return Exit::Failed(failure.reason);
                }
            }
            Envelope::Signal(Signal::Timeout(req)) => {
                if let Err(failure) = actor.timed_out(ctx, req).await {
                    return Exit::Failed(failure.reason);
                }
            }
        }
        // One handling per scheduling turn: the actor goes to the back of the run queue.
        // This is what makes the order independent of where a host stops pumping (a frame
        // budget, a step), and what lets "step" stop after exactly one handling.
        YieldNow(false).await;
    }
}

/// Pending once, waking itself: back of the queue.
struct YieldNow(bool);

impl Future for YieldNow {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<()> {
        if self.0 {
            return Poll::Ready(());
        }
        self.0 = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}
