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
