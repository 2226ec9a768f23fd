//! The seed's pit stop, told completely, as actors on the [`runtime`](crate::runtime).
//!
//! The race engineer creates the crew (two jack operators, four tire changers) and
//! coordinates them by messages; the car drives in, waits for the release and drives out.
//! The protocol follows the seed's text and the FIA's 2021 directive: the jacks drop no
//! sooner than 0.15 s after the last wheel nut is tight, and the car is released no sooner
//! than 0.2 s after both jacks are down.
//!
//! - [`names`]: actor ids and labels, corners and ends;
//! - [`messages`]: what each actor hears;
//! - [`plan`]: the settings of a stop ([`StopPlan`]), validated;
//! - [`timing`]: task durations with seeded jitter, and crew paces;
//! - [`engineer`], [`jack`], [`tire`], [`car`]: the actors;
//! - [`faults`]: the faults a learner can inject, and chaos;
//! - [`story`]: the human log in the seed's words.

pub mod car;
pub mod engineer;
pub mod faults;
pub mod jack;
pub mod messages;
pub mod names;
pub mod plan;
pub mod story;
pub mod timing;
pub mod tire;

use std::rc::Rc;

use crate::runtime::{Config, Event, System, Time, Unlimited};

pub use engineer::{spawn_stop, StopHandle};
pub use faults::{Chaos, FaultKind};
pub use names::{Corner, End};
pub use plan::{CrewKind, PlanError, StopPlan};
pub use timing::{Pace, Spread, Timing};

/// No stop may take longer than this in virtual time; past it a run counts as hung.
pub const STOP_HORIZON: Time = Time::from_millis(120_000);

/// Runs a whole stop natively under virtual time (no real waiting) and returns its events.
pub fn simulate(plan: &Rc<StopPlan>) -> Vec<Event> {
    let system = System::new(Config {
        latency: plan.latency,
    });
    system.events().record(true);
    let stop = spawn_stop(&system, plan);
    system.advance(Time::ZERO, &mut Unlimited);
    stop.arm_planned(&system, plan);
    system.run_until_quiet(STOP_HORIZON);
    let mut events = Vec::new();
    system.events().drain_into(&mut events);
    events
}
