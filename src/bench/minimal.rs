//! The yardstick: the ping-pong with none of the runtime.
//!
//! Two `async` loops bounce a count through two `futures::channel::mpsc` channels on a FIFO
//! executor of twenty lines (task indices in a queue behind a `Mutex`, `Arc` wakers): the
//! "minimal FIFO executor" of the runtime issue's reference figures. The runtime's own
//! ping-pong does the same with everything a learner sees: stamps and message ids, counters,
//! the event checks, one handling per scheduling turn, restartable mailboxes. Measured side
//! by side on the same machine in the same run, the ratio says what those features cost,
//! whatever the machine's speed that day.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
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
pub(super) async fn paddle(
    mut inbox: mpsc::UnboundedReceiver<u32>,
    other: mpsc::UnboundedSender<u32>,
    handled: std::rc::Rc<std::cell::Cell<u64>>,
) {
    while let Some(left) = inbox.next().await {
        handled.set(handled.get() + 1);
        if left == 0 || other.unbounded_send(left - 1).is_err() {
            return;
        }
    }
}

/// `messages` handlings (at least 1) between two paddles; returns the milliseconds, or an
/// error if a message went missing.
pub fn minimal_pingpong(messages: u32, now_ms: &mut dyn FnMut() -> f64) -> Result<f64, String> {
    let messages = messages.max(1);
    let (to_a, inbox_a) = mpsc::unbounded();
    let (to_b, inbox_b) = mpsc::unbounded();
    let handled = std::rc::Rc::new(std::cell::Cell::new(0));
    let mut tasks: Vec<Option<Pin<Box<dyn Future<Output = ()>>>>> = vec![
        Some(Box::pin(paddle(inbox_a, to_b, handled.clone()))),
        Some(Box::pin(paddle(inbox_b, to_a.clone(), handled.clone()))),
    ];
    let queue: Queue = Arc::new(Mutex::new(VecDeque::from([0, 1])));
    let wakers: Vec<Waker> = (0..tasks.len())
        .map(|task| {
            waker(Arc::new(TaskWaker {
                task,
                queue: Arc::clone(&queue),
            }))
        })
        .collect();
    to_a.unbounded_send(messages - 1)
        .map_err(|_| "the first paddle is gone before the serve".to_string())?;

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
    let ms = now_ms() - start;
    match handled.get() {
        n if n == u64::from(messages) => Ok(ms),
        n => Err(format!("{n} messages handled, expected {messages}")),
    }
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
