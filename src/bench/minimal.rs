//! The yardstick: the ping-pong with none of the runtime.
//!
//! Two `async` loops bounce a count through two `futures::channel::mpsc` channels on a FIFO
//! executor of twenty lines (task indices in a queue behind a `Mutex`, `Arc` wakers): the
//! "minimal FIFO executor" of the runtime issue's reference figures. The runtime's own
//! ping-pong does the same with everything a learner sees: stamps and message ids, counters,
//! the event checks, one handling per scheduling turn, restartable mailboxes. Measured side
//! by side on the same machine in the same run, the ratio says what those features cost,
//! whatever the machine's speed that day.

use std::cell::Cell;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Waker};

use futures::channel::mpsc;
use futures::task::{waker, ArcWake};
use futures::StreamExt;

type Queue = Arc<Mutex<VecDeque<usize>>>;

struct TaskWaker {
    task: usize,
    queue: Queue,
}

impl ArcWake for TaskWaker {
    fn wake_by_ref(arc_self: &Arc<Self>) {
        lock(&arc_self.queue).push_back(arc_self.task);
    }
}

fn lock(queue: &Queue) -> std::sync::MutexGuard<'_, VecDeque<usize>> {
    // Nothing panics while holding it; a poisoned queue is still a queue.
    queue.lock().unwrap_or_else(PoisonError::into_inner)
}

/// One paddle: takes a count, passes on one less, until the count it takes is zero.
async fn paddle(
    mut inbox: mpsc::UnboundedReceiver<u32>,
    other: mpsc::UnboundedSender<u32>,
    handled: Rc<Cell<u64>>,
) {
    while let Some(left) = inbox.next().await {
        handled.set(handled.get() + 1);
        if left == 0 || other.unbounded_send(left - 1).is_err() {
            return;
        }
    }
}

/// A paddle, ready to be polled or spawned.
pub(super) type Paddle = Pin<Box<dyn Future<Output = ()>>>;

/// The handlings of a court, to tell a run that lost a message from a fast one.
pub(super) struct Handlings {
    handled: Rc<Cell<u64>>,
    expected: u64,
}

impl Handlings {
    /// `ms`, if every message was handled.
    pub(super) fn checked(&self, ms: f64) -> Result<f64, String> {
        match self.handled.get() {
            n if n == self.expected => Ok(ms),
            n => Err(format!("{n} messages handled, expected {}", self.expected)),
        }
    }
}

/// Two paddles on their channels with the ball served for `messages` handlings (at least
/// 1): what both yardsticks run, each on its own executor.
pub(super) fn court(messages: u32) -> Result<([Paddle; 2], Handlings), String> {
    let messages = messages.max(1);
    let (to_a, inbox_a) = mpsc::unbounded();
    let (to_b, inbox_b) = mpsc::unbounded();
    let handled = Rc::new(Cell::new(0));
    let paddles: [Paddle; 2] = [
        Box::pin(paddle(inbox_a, to_b, Rc::clone(&handled))),
        Box::pin(paddle(inbox_b, to_a.clone(), Rc::clone(&handled))),
    ];
    to_a.unbounded_send(messages - 1)
        .map_err(|_| "the first paddle is gone before the serve".to_string())?;
    let expected = u64::from(messages);
    Ok((paddles, Handlings { handled, expected }))
}

/// `messages` handlings (at least 1) between two paddles; returns the milliseconds, or an
/// error if a message went missing.
pub fn minimal_pingpong(messages: u32, now_ms: &mut dyn FnMut() -> f64) -> Result<f64, String> {
    let (paddles, handlings) = court(messages)?;
    let mut tasks: Vec<Option<Paddle>> = paddles.into_iter().map(Some).collect();
    let queue: Queue = Arc::new(Mutex::new(VecDeque::from([0, 1])));
    let wakers: Vec<Waker> = (0..tasks.len())
        .map(|task| {
            waker(Arc::new(TaskWaker {
                task,
                queue: Arc::clone(&queue),
            }))
        })
        .collect();

    let start = now_ms();
    loop {
        let next = lock(&queue).pop_front();
        let Some(task) = next else { break };
        if let Some(future) = tasks[task].as_mut() {
            if future
                .as_mut()
                .poll(&mut Context::from_waker(&wakers[task]))
                .is_ready()
            {
                tasks[task] = None;
            }
        }
    }
    handlings.checked(now_ms() - start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_is_handled() {
        for messages in [0, 1, 2, 1001] {
            minimal_pingpong(messages, &mut || 0.0).unwrap();
        }
    }
}
