//! Virtual time: the only clock actors ever see.
//!
//! Time is an integer count of microseconds since the system started. Integers, not floats,
//! because the same seed must give the same event log byte for byte on every host, and
//! because `std::time::Instant` does not exist on `wasm32-unknown-unknown` anyway.

use std::fmt;
use std::ops::{Add, Sub};
use std::time::Duration;

/// A point on the virtual timeline, in microseconds since the system started.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Time(u64);

impl Time {
    /// The moment the system starts.
    pub const ZERO: Time = Time(0);

    /// A time `us` microseconds after the start.
    pub const fn from_micros(us: u64) -> Time {
        Time(us)
    }

    /// A time `ms` milliseconds after the start.
    pub const fn from_millis(ms: u64) -> Time {
        Time(ms * 1000)
    }

    /// Microseconds since the start.
    pub const fn as_micros(self) -> u64 {
        self.0
    }

    /// Milliseconds since the start, as a float (for drawing and for JavaScript).
    pub fn as_millis_f64(self) -> f64 {
        self.0 as f64 / 1000.0
    }

    /// The time that has passed since `earlier`, or zero if `earlier` is later.
    pub fn since(self, earlier: Time) -> Duration {
        Duration::from_micros(self.0.saturating_sub(earlier.0))
    }
}

/// Converts a `Duration` to whole microseconds, saturating: virtual time never wraps.
pub(crate) fn micros(d: Duration) -> u64 {
    u64::try_from(d.as_micros()).unwrap_or(u64::MAX)
}

impl Add<Duration> for Time {
    type Output = Time;
    fn add(self, d: Duration) -> Time {
        Time(self.0.saturating_add(micros(d)))
    }
}

impl Sub for Time {
    type Output = Duration;
    fn sub(self, earlier: Time) -> Duration {
        self.since(earlier)
    }
}

/// Prints milliseconds with up to three decimals and no trailing zeros (`1234.5`, `20`),
/// exactly: this is the `t_ms` field of the JSON-lines log, which must be byte-stable.
impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_millis(f, self.0)
    }
}

/// Writes a microsecond count as milliseconds, exactly, without float formatting.
pub(crate) fn write_millis(out: &mut impl fmt::Write, us: u64) -> fmt::Result {
    let (ms, frac) = (us / 1000, us % 1000);
    if frac == 0 {
        write!(out, "{ms}")
    } else {
        let digits = format!("{frac:03}");
        write!(out, "{ms}.{}", digits.trim_end_matches('0'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_exact_milliseconds() {
        assert_eq!(Time::from_micros(0).to_string(), "0");
        assert_eq!(Time::from_micros(20_000).to_string(), "20");
        assert_eq!(Time::from_micros(1_234_500).to_string(), "1234.5");
        assert_eq!(Time::from_micros(7).to_string(), "0.007");
        assert_eq!(Time::from_micros(1_000_010).to_string(), "1000.01");
    }

    #[test]
    fn arithmetic_saturates_instead_of_wrapping() {
        let late = Time::from_micros(u64::MAX - 1);
        assert_eq!(late + Duration::from_secs(10), Time::from_micros(u64::MAX));
        assert_eq!(Time::ZERO - Time::from_millis(5), Duration::ZERO);
        assert_eq!(
            Time::from_millis(5) - Time::from_millis(2),
            Duration::from_millis(3)
        );
    }
}
