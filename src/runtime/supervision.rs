//! Restart intensity, as in OTP supervisors: at most `max` restarts within `window` of
//! virtual time. A supervisor asks [`RestartIntensity::allow`] before each restart; when it
//! says no, the supervisor escalates instead of restarting forever.

use std::collections::VecDeque;
use std::time::Duration;

use super::Time;

/// What [`Context::supervise`](super::Context::supervise) did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Supervised {
    /// The child runs again, with fresh state.
    Restarted,
    /// One more restart would exceed the intensity: the supervisor must escalate.
    LimitReached,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RestartIntensity {
    pub max: u32,
    pub window: Duration,
    recent: VecDeque<Time>,
}

impl RestartIntensity {
    pub fn new(max: u32, window: Duration) -> RestartIntensity {
        RestartIntensity {
            max,
            window,
            recent: VecDeque::new(),
        }
    }

    /// Records a restart at `now` if it keeps within the limit; false means escalate.
    pub fn allow(&mut self, now: Time) -> bool {
        while self
            .recent
            .front()
            .is_some_and(|t| now.since(*t) >= self.window)
        {
            self.recent.pop_front();
        }
        if self.recent.len() as u32 >= self.max {
            return false;
        }
        self.recent.push_back(now);
        true
    }

    /// Restarts counted in the current window.
    pub fn count(&self) -> u32 {
        self.recent.len() as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_max_restarts_per_window_then_forgets_old_ones() {
        let mut r = RestartIntensity::new(2, Duration::from_millis(1000));
        assert!(r.allow(Time::from_millis(0)));
        assert!(r.allow(Time::from_millis(100)));
        assert!(
            !r.allow(Time::from_millis(200)),
            "a third within a second: escalate"
        );
        assert!(
            r.allow(Time::from_millis(1000)),
            "the first has left the window"
        );
        assert_eq!(r.count(), 2);
    }

    #[test]
    fn zero_means_never_restart() {
        assert!(!RestartIntensity::new(0, Duration::from_secs(1)).allow(Time::ZERO));
    }
}
