//! How long each task takes: a typical time and a seeded jitter around it.
//!
//! Calibrated so that a clean stop with the default crew and the default 40 ms message
//! latency is stationary for about 2.0 to 2.4 s, where good real stops land (the record is
//! 1.80 s, McLaren, Qatar 2023). The fast crew chases the record; the slow one is a
//! training crew.

use std::fmt;
use std::time::Duration;

use crate::numfmt::number;
use crate::rng::Rng;

/// A duration that varies: `mean_ms` plus or minus up to `jitter_ms`, bell-shaped.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spread {
    pub mean_ms: f64,
    pub jitter_ms: f64,
}

impl Spread {
    pub const fn new(mean_ms: f64, jitter_ms: f64) -> Spread {
        Spread { mean_ms, jitter_ms }
    }

    /// One draw, never negative, whole microseconds (so logs stay exact).
    pub fn draw(&self, rng: &mut Rng) -> Duration {
        let ms = (self.mean_ms + self.jitter_ms * rng.bell()).max(0.0);
        Duration::from_micros((ms * 1000.0).round() as u64)
    }
}

/// Every timed task of a stop.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Timing {
    /// From the pit-lane entry to stopping in the box.
    pub lane_in: Spread,
    /// A jack lifting its end of the car.
    pub lift: Spread,
    /// The wheel gun taking the nut off.
    pub nut_off: Spread,
    /// Pulling the old wheel off the hub.
    pub wheel_off: Spread,
    /// Putting the new wheel on the hub.
    pub wheel_on: Spread,
    /// The wheel gun tightening the nut.
    pub nut_on: Spread,
    /// A jack dropping its end of the car.
    pub drop: Spread,
    /// From release to leaving the pit lane.
    pub lane_out: Spread,
}

/// A crew's speed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Pace {
    /// A crew at the top of its game: stops near the 1.80 s record.
    Fast,
    /// A good crew: about 2.0 to 2.4 s.
    #[default]
    Good,
    /// A training crew.
    Slow,
}

impl Pace {
    pub fn parse(s: &str) -> Option<Pace> {
        match s {
            "fast" => Some(Pace::Fast),
            "good" => Some(Pace::Good),
            "slow" => Some(Pace::Slow),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Pace::Fast => "fast",
            Pace::Good => "good",
            Pace::Slow => "slow",
        }
    }
}

impl Timing {
    /// The timing of a crew of the given pace.
    pub fn preset(pace: Pace) -> Timing {
        let f = match pace {
            Pace::Fast => 0.82,
            Pace::Good => 1.0,
            Pace::Slow => 1.6,
        };
        let s = |mean: f64, jitter: f64| Spread::new(mean * f, jitter * f);
        Timing {
            lane_in: Spread::new(1400.0, 0.0),
            lift: s(190.0, 30.0),
            nut_off: s(260.0, 60.0),
            wheel_off: s(250.0, 50.0),
            wheel_on: s(260.0, 50.0),
            nut_on: s(250.0, 60.0),
            drop: s(110.0, 20.0),
            lane_out: Spread::new(1300.0, 0.0),
        }
    }

    /// Every field with its name, for validation and documentation.
    pub fn fields(&self) -> [(&'static str, Spread); 8] {
        [
            ("lane_in", self.lane_in),
            ("lift", self.lift),
            ("nut_off", self.nut_off),
            ("wheel_off", self.wheel_off),
            ("wheel_on", self.wheel_on),
            ("nut_on", self.nut_on),
            ("drop", self.drop),
            ("lane_out", self.lane_out),
        ]
    }

    /// Checks every duration: finite, not negative, jitter no larger than the mean (so a draw
    /// is never clamped), and at most a minute (a stop is seconds; more is a typo).
    pub fn validate(&self) -> Result<(), TimingError> {
        for (name, spread) in self.fields() {
            check(name, "mean_ms", spread.mean_ms)?;
            check(name, "jitter_ms", spread.jitter_ms)?;
            if spread.jitter_ms > spread.mean_ms {
                return Err(TimingError {
                    field: format!("timing.{name}.jitter_ms"),
                    problem: format!(
                        "must not exceed timing.{name}.mean_ms ({} ms), got {} ms",
                        number(spread.mean_ms),
                        number(spread.jitter_ms)
                    ),
                });
            }
        }
        Ok(())
    }
}

impl Default for Timing {
    fn default() -> Self {
        Timing::preset(Pace::Good)
    }
}

/// The longest any single task may take, in milliseconds.
pub const MAX_TASK_MS: f64 = 60_000.0;

fn check(name: &str, part: &str, value: f64) -> Result<(), TimingError> {
    if value.is_finite() && (0.0..=MAX_TASK_MS).contains(&value) {
        return Ok(());
    }
    Err(TimingError {
        field: format!("timing.{name}.{part}"),
        problem: format!(
            "must be a number of milliseconds from 0 to {}, got {}",
            number(MAX_TASK_MS),
            number(value)
        ),
    })
}

/// A timing value that cannot be used, naming the field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimingError {
    pub field: String,
    pub problem: String,
}

impl fmt::Display for TimingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.field, self.problem)
    }
}

impl std::error::Error for TimingError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_are_valid_and_ordered_by_pace() {
        for pace in [Pace::Fast, Pace::Good, Pace::Slow] {
            Timing::preset(pace).validate().expect("valid preset");
            assert_eq!(Pace::parse(pace.name()), Some(pace));
        }
        assert!(Timing::preset(Pace::Fast).lift.mean_ms < Timing::preset(Pace::Slow).lift.mean_ms);
    }

    #[test]
    fn bad_durations_are_rejected_by_name() {
        let mut t = Timing::default();
        t.lift.mean_ms = f64::NAN;
        let e = t.validate().unwrap_err();
        assert_eq!(e.field, "timing.lift.mean_ms");
        assert!(e.to_string().contains("NaN"), "{e}");

        let mut t = Timing::default();
        t.drop.mean_ms = -5.0;
        assert_eq!(t.validate().unwrap_err().field, "timing.drop.mean_ms");

        let mut t = Timing::default();
        t.nut_on.mean_ms = 1e9;
        assert_eq!(t.validate().unwrap_err().field, "timing.nut_on.mean_ms");

        let mut t = Timing::default();
        t.wheel_on.jitter_ms = t.wheel_on.mean_ms + 1.0;
        assert_eq!(t.validate().unwrap_err().field, "timing.wheel_on.jitter_ms");
    }

    #[test]
    fn draws_stay_within_the_spread() {
        let spread = Spread::new(200.0, 50.0);
        let mut rng = Rng::new(3);
        for _ in 0..1000 {
            let d = spread.draw(&mut rng).as_secs_f64() * 1000.0;
            assert!((150.0..=250.0).contains(&d), "{d}");
        }
    }
}
