//! A second yardstick: the yardstick's two paddles on `futures::executor::LocalPool`, the
//! stock single-threaded executor of the `futures` crate, run with `run_until_stalled`.
//!
//! The runtime issue quotes it among its reference figures (15-20 M msgs/s in Firefox when
//! the issue was written). Measured in the same run as the runtime, it says how fast this
//! machine and this browser are today, which the absolute targets were set against. Only in
//! builds with the `bench` feature: the product has no use for a second executor.

use futures::executor::LocalPool;
use futures::task::{LocalFutureObj, LocalSpawn};

use super::minimal::court;

/// `messages` handlings (at least 1) between two paddles on a `LocalPool`; returns the
/// milliseconds, or an error if a message went missing.
pub fn localpool_pingpong(messages: u32, now_ms: &mut dyn FnMut() -> f64) -> Result<f64, String> {
    let (paddles, handlings) = court(messages)?;
    let mut pool = LocalPool::new();
    let spawner = pool.spawner();
    for paddle in paddles {
        // The boxed paddle itself, not boxed again.
        spawner
            .spawn_local_obj(LocalFutureObj::new(paddle))
            .map_err(|_| "the pool refused a paddle".to_string())?;
    }
    let start = now_ms();
    pool.run_until_stalled();
    handlings.checked(now_ms() - start)
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
