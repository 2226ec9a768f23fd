//! The settings of one stop, checked before anything runs.

use std::fmt;
use std::rc::Rc;
use std::time::Duration;

use crate::numfmt::number;

use super::faults::{Chaos, FaultKind};
use super::timing::{Pace, Timing, TimingError};

/// Who is in the crew.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum CrewKind {
    /// The seed's crew: a race engineer, two jack operators, four tire changers.
    #[default]
    Seed,
    /// Each tire changer also leads a sub-crew (gunner, tire-off, tire-on) that it creates
    /// as child actors when told to prepare.
    Full,
}

impl CrewKind {
    pub fn parse(s: &str) -> Option<CrewKind> {
        match s {
            "seed" => Some(CrewKind::Seed),
            "full" => Some(CrewKind::Full),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            CrewKind::Seed => "seed",
            CrewKind::Full => "full",
        }
    }
}

/// The FIA's minimum gap from the last wheel secured to the jack-drop signal (2021 directive).
pub const FIA_JACK_DROP_GAP: Duration = Duration::from_millis(150);
/// The FIA's minimum gap from both jacks down to the release signal.
pub const FIA_RELEASE_GAP: Duration = Duration::from_millis(200);

/// The longest message latency accepted, in milliseconds.
pub const MAX_LATENCY_MS: f64 = 2000.0;

/// Everything that decides how one stop plays out. The same plan gives the same stop.
#[derive(Clone, Debug, PartialEq)]
pub struct StopPlan {
    pub seed: u64,
    pub crew: CrewKind,
    pub timing: Timing,
    /// How long a message is in transit between two actors.
    pub latency: Duration,
    /// How many times a request is sent again after a timeout before the asker escalates.
    pub retries: u32,
    /// Restart intensity of every supervisor: at most this many restarts...
    pub max_restarts: u32,
    /// ...within this much virtual time; one more and the supervisor escalates.
    pub restart_window: Duration,
    /// Faults armed from the start, as (kind, actor name).
    pub faults: Vec<(FaultKind, String)>,
    /// Random faults at a seeded rate.
    pub chaos: Option<Chaos>,
}

impl Default for StopPlan {
    fn default() -> Self {
        StopPlan {
            seed: 1,
            crew: CrewKind::Seed,
            timing: Timing::preset(Pace::Good),
            latency: Duration::from_millis(40),
            retries: 2,
            max_restarts: 3,
            restart_window: Duration::from_millis(10_000),
            faults: Vec::new(),
            chaos: None,
        }
    }
}

/// A margin on every reply deadline: what a real radio would allow for.
const REPLY_MARGIN: Duration = Duration::from_millis(150);

impl StopPlan {
    /// How long to wait for the answer to a request whose work takes `work` at most: two
    /// message hops (four for the full crew's relayed work), the work with room for a stuck
    /// nut, and a margin.
    pub fn reply_deadline(&self, work: Duration, hops: u32) -> Duration {
        self.latency * hops + work * 3 + REPLY_MARGIN
    }

    /// The longest a task's draw can take.
    pub fn longest(&self, spread: super::timing::Spread) -> Duration {
        Duration::from_micros(((spread.mean_ms + spread.jitter_ms) * 1000.0) as u64)
    }
}

impl StopPlan {
    /// The plan, checked, ready to share between actors.
    pub fn validated(self) -> Result<Rc<StopPlan>, PlanError> {
        self.timing.validate().map_err(PlanError::Timing)?;
        Ok(Rc::new(self))
    }

    /// A latency from milliseconds, checked.
    pub fn latency_from_ms(ms: f64) -> Result<Duration, PlanError> {
        if ms.is_finite() && (0.0..=MAX_LATENCY_MS).contains(&ms) {
            Ok(Duration::from_micros((ms * 1000.0).round() as u64))
        } else {
            Err(PlanError::Latency(ms))
        }
    }
}

/// A plan that cannot be run, with the field at fault.
#[derive(Clone, Debug, PartialEq)]
pub enum PlanError {
    Timing(TimingError),
    Latency(f64),
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlanError::Timing(e) => e.fmt(f),
            PlanError::Latency(ms) => write!(
                f,
                "latency must be a number of milliseconds from 0 to {}, got {}",
                number(MAX_LATENCY_MS),
                number(*ms)
            ),
        }
    }
}

impl std::error::Error for PlanError {}
