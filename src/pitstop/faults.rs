//! Faults a learner can cause, each with a real-world meaning.
//!
//! - `stuck_nut`: a wheel nut will not come off; that wheel takes several times longer.
//! - `gun_failure`: a wheel gun dies mid-change; the handler fails, the actor stops, and its
//!   supervisor restarts it with a spare gun (or escalates).
//! - `lost_message`: the next message to or from that actor is lost in transit.
//! - `slow_jack`: a jack lifts or drops slowly.
//! - `early_release`: a nervous release signal; the car asks to leave before it is safe and
//!   the race engineer refuses.
//!
//! The board holds the faults that are armed and not yet struck, by actor name; actors look
//! at it at the moment a fault could strike (and take it, so each strikes once).

use std::cell::RefCell;

use super::names::{Corner, End, Hand, CAR};
use super::plan::CrewKind;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FaultKind {
    StuckNut,
    GunFailure,
    LostMessage,
    SlowJack,
    EarlyRelease,
}

impl FaultKind {
    pub const ALL: [FaultKind; 5] = [
        FaultKind::StuckNut,
        FaultKind::GunFailure,
        FaultKind::LostMessage,
        FaultKind::SlowJack,
        FaultKind::EarlyRelease,
    ];

    pub fn name(self) -> &'static str {
        match self {
            FaultKind::StuckNut => "stuck_nut",
            FaultKind::GunFailure => "gun_failure",
            FaultKind::LostMessage => "lost_message",
            FaultKind::SlowJack => "slow_jack",
            FaultKind::EarlyRelease => "early_release",
        }
    }

    pub fn parse(s: &str) -> Option<FaultKind> {
        FaultKind::ALL.into_iter().find(|k| k.name() == s)
    }

    /// For the log, when it is injected: what it will do, if it waits for its actor to get
    /// to the work it spoils (it is armed), or what it does now (`None` if it strikes at
    /// once: the early release's nervous signal goes out as it is injected).
    pub fn armed(self) -> Option<&'static str> {
        match self {
            FaultKind::StuckNut => Some("a wheel nut will stick at the next change, and take several times longer to come off"),
            FaultKind::GunFailure => Some("the wheel gun will die during the next change"),
            FaultKind::LostMessage => Some("the radio will drop the next message to or from it"),
            FaultKind::SlowJack => Some("the jack will lift and drop slowly"),
            FaultKind::EarlyRelease => None,
        }
    }

    /// What it means, for menus and help.
    pub fn description(self) -> &'static str {
        match self {
            FaultKind::StuckNut => "a wheel nut will not come off",
            FaultKind::GunFailure => "the wheel gun dies mid-change",
            FaultKind::LostMessage => "the radio drops the next message",
            FaultKind::SlowJack => "the jack lifts and drops slowly",
            FaultKind::EarlyRelease => "a nervous release signal before it is safe",
        }
    }

    /// The actor a fault aimed at `actor` really strikes, or `None` if it cannot strike
    /// there. With the full crew, a tire changer's gun is its gunner's.
    pub fn target(self, actor: &str, crew: CrewKind) -> Option<String> {
        let is_tire = Corner::from_actor(actor).is_some();
        let gunner = actor
            .strip_suffix(".gunner")
            .is_some_and(|t| Corner::from_actor(t).is_some());
        let known = actor == CAR
            || actor == super::names::RACE_ENGINEER
            || is_tire
            || End::from_actor(actor).is_some()
            || actor.split_once('.').is_some_and(|(t, h)| {
                Corner::from_actor(t).is_some() && Hand::ALL.iter().any(|x| x.suffix() == h)
            });
        if !known {
            return None;
        }
        match self {
            FaultKind::LostMessage => Some(actor.to_string()),
            FaultKind::SlowJack => End::from_actor(actor).map(|_| actor.to_string()),
            FaultKind::EarlyRelease => (actor == CAR).then(|| actor.to_string()),
            FaultKind::StuckNut | FaultKind::GunFailure => match crew {
                CrewKind::Seed => is_tire.then(|| actor.to_string()),
                CrewKind::Full if is_tire => Some(format!("{actor}.gunner")),
                CrewKind::Full => gunner.then(|| actor.to_string()),
            },
        }
    }
}

/// Armed faults, by the name of the actor they will strike.
#[derive(Debug, Default)]
pub struct FaultBoard {
    armed: RefCell<Vec<(String, FaultKind)>>,
}

impl FaultBoard {
    pub fn arm(&self, actor: &str, kind: FaultKind) {
        self.armed.borrow_mut().push((actor.to_string(), kind));
    }

    /// Takes an armed fault of `kind` at `actor`: true once per arming.
    pub fn take(&self, actor: &str, kind: FaultKind) -> bool {
        let mut armed = self.armed.borrow_mut();
        match armed.iter().position(|(a, k)| a == actor && *k == kind) {
            Some(i) => {
                armed.remove(i);
                true
            }
            None => false,
        }
    }
}

/// Random faults at a seeded rate: each actor of the stop gets one, with probability
/// `rate`, of a kind drawn from `kinds` among those that can strike it.
#[derive(Clone, Debug, PartialEq)]
pub struct Chaos {
    pub rate: f64,
    pub kinds: Vec<FaultKind>,
}

impl Chaos {
    pub fn new(rate: f64) -> Result<Chaos, String> {
        if rate.is_finite() && (0.0..=1.0).contains(&rate) {
            Ok(Chaos {
                rate,
                kinds: FaultKind::ALL.to_vec(),
            })
        } else {
            Err(format!(
                "chaos rate must be a number from 0 to 1, got {}",
                crate::numfmt::number(rate)
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_strike_where_they_can() {
        use FaultKind::*;
        assert_eq!(
            StuckNut.target("tire_fl", CrewKind::Seed).as_deref(),
            Some("tire_fl")
        );
        assert_eq!(
            GunFailure.target("tire_fl", CrewKind::Full).as_deref(),
            Some("tire_fl.gunner")
        );
        assert_eq!(
            GunFailure
                .target("tire_fl.gunner", CrewKind::Full)
                .as_deref(),
            Some("tire_fl.gunner")
        );
        assert_eq!(GunFailure.target("jack_front", CrewKind::Seed), None);
        assert_eq!(
            SlowJack.target("jack_rear", CrewKind::Seed).as_deref(),
            Some("jack_rear")
        );
        assert_eq!(
            EarlyRelease.target("car", CrewKind::Seed).as_deref(),
            Some("car")
        );
        assert_eq!(EarlyRelease.target("tire_fl", CrewKind::Seed), None);
        assert_eq!(
            LostMessage
                .target("race_engineer", CrewKind::Seed)
                .as_deref(),
            Some("race_engineer")
        );
        assert_eq!(LostMessage.target("nobody", CrewKind::Seed), None);
        for k in FaultKind::ALL {
            assert_eq!(FaultKind::parse(k.name()), Some(k));
        }
    }

    #[test]
    fn an_armed_fault_strikes_once() {
        let board = FaultBoard::default();
        board.arm("tire_fl", FaultKind::StuckNut);
        assert!(!board.take("tire_fr", FaultKind::StuckNut));
        assert!(board.take("tire_fl", FaultKind::StuckNut));
        assert!(!board.take("tire_fl", FaultKind::StuckNut));
    }

    #[test]
    fn chaos_rate_is_checked() {
        assert!(Chaos::new(0.2).is_ok());
        assert!(Chaos::new(1.5).unwrap_err().contains("1.5"));
        assert!(Chaos::new(f64::NAN).is_err());
    }
}
