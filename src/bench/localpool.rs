//! A second yardstick: the yardstick's two paddles on `futures::executor::LocalPool`, the
//! stock single-threaded executor of the `futures` crate, run with `run_until_stalled`.
//!
//! The runtime issue quotes it among its reference figures (15-20 M msgs/s in Firefox when
//! the issue was written). Measured in the same run as the runtime, it says how fast this
//! machine and this browser are today, which the absolute targets were set against. Only in
//! builds with the `bench` feature: the product has no use for a second executor.

use std::cell::Cell;
use std::rc::Rc;

use futures::channel::mpsc;
use futures::executor::LocalPool;
use futures::task::LocalSpawnExt;

use super::minimal::paddle;

/// `messages` handlings (at least 1) between two paddles on a `LocalPool`; returns the
/// milliseconds, or an error if a message went missing.
pub fn localpool_pingpong(messages: u32, now_ms: &mut dyn FnMut() -> f64) -> Result<f64, String> {
    let messages = messages.max(1);
    let (to_a, inbox_a) = mpsc::unbounded();
    let (to_b, inbox_b) = mpsc::unbounded();
    let handled = Rc::new(Cell::new(0));
    let mut pool = LocalPool::new();
    let spawner = pool.spawner();
    for (inbox, other) in [(inbox_a, to_b), (inbox_b, to_a.clone())] {
        spawner
            .spawn_local(paddle(inbox, other, Rc::clone(&handled)))
            .map_err(|_| "the pool refused a paddle".to_string())?;
    }
    to_a.unbounded_send(messages - 1)
        .map_err(|_| "the first paddle is gone before the serve".to_string())?;

    let start = now_ms();
    pool.run_until_stalled();
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
            localpool_pingpong(messages, &mut || 0.0).unwrap();
        }
    }
}
