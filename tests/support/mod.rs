//! Helpers shared by the native tests (each `tests/*.rs` file is its own crate).

#![allow(dead_code)]

use std::collections::HashMap;

use pitstop::names_table::NameTable;
use pitstop::runtime::{Event, EventKind, Time};

/// Every state change of every actor, by actor name, in order.
pub struct Timeline {
    pub states: HashMap<String, Vec<(Time, &'static str)>>,
}

impl Timeline {
    pub fn of(events: &[Event]) -> Timeline {
        let mut names = NameTable::default();
        let mut states: HashMap<String, Vec<(Time, &'static str)>> = HashMap::new();
        for e in events {
            names.observe(e);
            if let EventKind::State { actor, state, .. } = &e.kind {
                states
                    .entry(names.name(*actor).to_string())
                    .or_default()
                    .push((e.time, state));
            }
        }
        Timeline { states }
    }

    /// When `actor` first entered `state`.
    pub fn at(&self, actor: &str, state: &str) -> Option<Time> {
        self.states
            .get(actor)?
            .iter()
            .find(|(_, s)| *s == state)
            .map(|(t, _)| *t)
    }

    /// When `actor` last entered `state`.
    pub fn last(&self, actor: &str, state: &str) -> Option<Time> {
        self.states
            .get(actor)?
            .iter()
            .rev()
            .find(|(_, s)| *s == state)
            .map(|(t, _)| *t)
    }

    /// The state `actor` was in just before `t` (strictly earlier changes only).
    pub fn state_before(&self, actor: &str, t: Time) -> Option<&'static str> {
        self.states
            .get(actor)?
            .iter()
            .take_while(|(at, _)| *at < t)
            .last()
            .map(|(_, s)| *s)
    }

    /// The state `actor` was in at `t` (changes at `t` included).
    pub fn state_at(&self, actor: &str, t: Time) -> Option<&'static str> {
        self.states
            .get(actor)?
            .iter()
            .take_while(|(at, _)| *at <= t)
            .last()
            .map(|(_, s)| *s)
    }

    /// The last state of `actor`.
    pub fn final_state(&self, actor: &str) -> Option<&'static str> {
        self.states.get(actor)?.last().map(|(_, s)| *s)
    }
}

/// Checks that every sent message ends exactly once: handled, dead-lettered, or lost with a
/// `fault` event naming it.
pub fn every_message_ends_once(events: &[Event]) -> Result<(), String> {
    let mut ends: HashMap<u64, u32> = HashMap::new();
    for e in events {
        match &e.kind {
            EventKind::Send { msg, .. } if ends.insert(msg.id.0, 0).is_some() => {
                return Err(format!("message {} sent twice", msg.id.0));
            }
            EventKind::Handle { msg }
            | EventKind::DeadLetter { msg, .. }
            | EventKind::Fault { msg: Some(msg), .. } => {
                *ends
                    .get_mut(&msg.id.0)
                    .ok_or(format!("message {} ends before it is sent", msg.id.0))? += 1;
            }
            _ => {}
        }
    }
    match ends.iter().find(|(_, n)| **n != 1) {
        Some((id, n)) => Err(format!("message {id} ended {n} times")),
        None => Ok(()),
    }
}

/// Checks that a release at `released` was safe: every wheel secured and both jacks down
/// just before it, the jacks dropped no sooner than 0.15 s after the last wheel, and the
/// release no sooner than 0.2 s after the last jack came down. (With restarts an actor may
/// pass through a state twice: the last time counts.)
pub fn release_is_safe(tl: &Timeline, released: Time) -> Result<(), String> {
    use pitstop::pitstop::plan::{FIA_JACK_DROP_GAP, FIA_RELEASE_GAP};
    use pitstop::pitstop::{Corner, End};
    for corner in Corner::ALL {
        if tl.state_before(corner.actor(), released) != Some("done") {
            return Err(format!("released with {} not secured", corner.actor()));
        }
    }
    for end in End::BOTH {
        if tl.state_before(end.actor(), released) != Some("lowered") {
            return Err(format!("released with {} up", end.actor()));
        }
    }
    let last_done = Corner::ALL
        .iter()
        .filter_map(|c| tl.last(c.actor(), "done"))
        .max()
        .ok_or("no wheel was ever done")?;
    for end in End::BOTH {
        let drop = tl
            .last(end.actor(), "lowering")
            .ok_or("a jack never lowered")?;
        if drop - last_done < FIA_JACK_DROP_GAP {
            return Err(format!(
                "{} dropped under 0.15 s after the last wheel",
                end.actor()
            ));
        }
    }
    let last_down = End::BOTH
        .iter()
        .filter_map(|e| tl.last(e.actor(), "lowered"))
        .max()
        .ok_or("no jack was ever down")?;
    if released - last_down < FIA_RELEASE_GAP {
        return Err("released under 0.2 s after the jacks came down".into());
    }
    Ok(())
}
