//! The human log: the event stream told in the seed's words.
//!
//! The seed's asyncio version logs "Car entering pit lane", "Starting tire change at Front
//! Left", "Completed tire change at Front Left" and "All tire changes complete - Car clear to
//! exit"; this tells the same story from the events, plus the jacks, the release, the
//! stationary time, and anything that went wrong (unhandled messages, dead letters, failures).

use std::fmt::Write;

use crate::names_table::NameTable;
use crate::runtime::{ActorId, Event, EventKind, Time};

use super::faults::FaultKind;
use super::names::{Corner, End, CAR, RACE_ENGINEER};

/// One line of the story.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub time: Time,
    /// The event it tells, to link a log line back to the picture.
    pub seq: u64,
    /// The message it is about, if any: the one it tells of, or, for a change of state, the
    /// one the actor was handling (a tire changer starts its change while handling the
    /// order to), so that clicking the line shows what made it happen.
    pub msg_id: Option<u64>,
    pub text: String,
}

/// Folds events into lines.
#[derive(Default)]
pub struct Storyteller {
    names: NameTable,
    stopped_at: Option<Time>,
    /// Message names by id (ids are dense from zero), to name a message that timed out.
    messages: Vec<&'static str>,
    /// A failure told together with the restart that usually follows at once.
    failure: Option<Line>,
    /// The message each actor (by index) began handling last, since it (re)started.
    handling: Vec<Option<u64>>,
}

impl Storyteller {
    pub fn new() -> Storyteller {
        Storyteller::default()
    }

    /// What `actor` is handling (see [`Storyteller::handling`]).
    fn handling_of(&self, actor: ActorId) -> Option<u64> {
        self.handling.get(actor.index()).copied().flatten()
    }

    /// Follows which message each actor is handling: from its `handle` event until the next,
    /// forgotten when it (re)starts.
    fn follow_handling(&mut self, event: &Event) {
        let (actor, msg_id) = match &event.kind {
            EventKind::Handle { msg } => (msg.to, Some(msg.id.0)),
            EventKind::Spawn { actor, .. } | EventKind::Restart { actor, .. } => (*actor, None),
            _ => return,
        };
        let i = actor.index();
        if self.handling.len() <= i {
            self.handling.resize(i + 1, None);
        }
        self.handling[i] = msg_id;
    }

    /// Appends the lines `event` tells (none, one or two) to `out`.
    pub fn tell(&mut self, event: &Event, out: &mut Vec<Line>) {
        self.names.observe(event);
        self.follow_handling(event);
        if let EventKind::Send { msg, .. } = &event.kind {
            // Ids are dense from zero; a foreign one is just not named later.
            match usize::try_from(msg.id.0) {
                Ok(i) if i < self.messages.len() => self.messages[i] = msg.name,
                Ok(i) if i == self.messages.len() => self.messages.push(msg.name),
                _ => {}
            }
        }
        // A failure waits one event for its restart, to be told in one sentence.
        if let Some(mut failure) = self.failure.take() {
            if let EventKind::Restart { actor, reason, .. } = &event.kind {
                let supervisor = self
                    .names
                    .parent(*actor)
                    .map_or("its supervisor".to_string(), |p| {
                        mid_sentence(self.names.label(p))
                    });
                failure.text = format!(
                    "{} \u{2014} {supervisor} restarts {} ({reason})",
                    failure.text,
                    self.names.label(*actor)
                );
                out.push(failure);
                return;
            }
            out.push(failure);
        }
        let line = |text: String, msg_id: Option<u64>| Line {
            time: event.time,
            seq: event.seq,
            msg_id,
            text,
        };
        match &event.kind {
            EventKind::State {
                actor,
                state,
                detail,
                ..
            } => {
                let name = self.names.name(*actor);
                let label = self.names.label(*actor);
                let cause = self.handling_of(*actor);
                let text = if name == CAR {
                    match *state {
                        "entering" => Some("Car entering pit lane".into()),
                        "stopped" => {
                            self.stopped_at = Some(event.time);
                            Some("Car stopped in its box".into())
                        }
                        "released" => {
                            out.push(line(
                                "All tire changes complete - Car clear to exit".into(),
                                cause,
                            ));
                            self.stopped_at.map(|stopped| {
                                // In u64: formatting a u128 (what `as_millis` gives)
                                // adds 1.3 KB to the .wasm.
                                let ms = (event.time - stopped).as_micros() as u64 / 1000;
                                format!("Stationary time {}.{:03} s", ms / 1000, ms % 1000)
                            })
                        }
                        "gone" => Some("Car has left the pit lane".into()),
                        _ => None,
                    }
                } else if let Some(corner) = Corner::from_actor(name) {
                    match *state {
                        "changing" => Some(format!("Starting tire change at {}", corner.label())),
                        "done" => Some(format!("Completed tire change at {}", corner.label())),
                        _ => None,
                    }
                } else if End::from_actor(name).is_some() {
                    match *state {
                        "raised" => Some(format!("{label} up: car lifted")),
                        "lowered" => Some(format!("{label} down")),
                        _ => None,
                    }
                } else if name == RACE_ENGINEER && *state == "aborted" {
                    let why = detail.as_deref().unwrap_or("too many failures");
                    Some(format!(
                        "Stop aborted: {why} \u{2014} the car is held on its jacks"
                    ))
                } else {
                    None
                };
                if let Some(text) = text {
                    out.push(line(text, cause));
                }
            }
            EventKind::Handle { msg } if msg.name == "may_i_go" => out.push(line(
                "Race engineer holds the car: it is not safe to leave yet".into(),
                Some(msg.id.0),
            )),
            EventKind::Unhandled { msg, behaviour } => out.push(line(
                format!(
                    "{} ignored \"{}\": it is {behaviour} and does not accept it now",
                    self.names.label(msg.to),
                    msg.name
                ),
                Some(msg.id.0),
            )),
            EventKind::DeadLetter { msg, reason } => out.push(line(
                format!(
                    "Dead letter: \"{}\" to {} was never handled ({})",
                    msg.name,
                    self.names.label(msg.to),
                    reason.as_str().replace('_', " ")
                ),
                Some(msg.id.0),
            )),
            EventKind::Stop {
                actor,
                reason,
                failed: true,
            } => {
                let label = self.names.label(*actor);
                let text = if reason.starts_with("wheel gun") {
                    format!("{label}'s {reason}")
                } else {
                    format!("{label} failed: {reason}")
                };
                self.failure = Some(line(text, None));
            }
            EventKind::Restart { actor, reason, .. } => out.push(line(
                format!("{} restarted ({reason})", self.names.label(*actor)),
                None,
            )),
            EventKind::Fault {
                actor,
                fault,
                msg: Some(msg),
            } => out.push(line(
                format!(
                    "The radio dropped \"{}\" from {} to {} ({fault} at {})",
                    msg.name,
                    msg.from.map_or("outside", |f| self.names.label(f)),
                    self.names.label(msg.to),
                    self.names.label(*actor)
                ),
                Some(msg.id.0),
            )),
            EventKind::Fault {
                actor,
                fault,
                msg: None,
            } => {
                // Recorded when the fault is injected. Most are armed and strike later,
                // where their strike tells itself (a failure, a slow lift, a nut that takes
                // longer); one strikes at once.
                let label = self.names.label(*actor);
                let text = match FaultKind::parse(fault) {
                    Some(kind) => match kind.armed() {
                        Some(later) => format!("Fault armed at {label}: {later}"),
                        None => format!("Fault at {label}: {}", kind.description()),
                    },
                    None => format!("Fault at {label}: {fault}"),
                };
                out.push(line(text, None));
            }
            EventKind::Timeout { actor, msg_id } => {
                let name = self.messages.get(msg_id.0 as usize).copied().unwrap_or("?");
                out.push(line(
                    format!(
                        "{} got no answer to \"{name}\" in time",
                        self.names.label(*actor)
                    ),
                    Some(msg_id.0),
                ));
            }
            _ => {}
        }
    }

    /// Tells what is still held back (a failure with no restart after it).
    pub fn finish(&mut self, out: &mut Vec<Line>) {
        out.extend(self.failure.take());
    }
}

/// A label inside a sentence: "race engineer", but "Rear Left". The labels are the crew's
/// own, in ASCII: the ASCII case functions keep Unicode's case tables (about 10 KB) out of
/// the .wasm.
fn mid_sentence(label: &str) -> String {
    let mut words = label.split(' ');
    match (words.next(), words.next(), words.next()) {
        (Some(first), Some(second), None)
            if second.starts_with(|c: char| c.is_ascii_lowercase()) =>
        {
            format!("{} {second}", first.to_ascii_lowercase())
        }
        _ => label.to_string(),
    }
}

/// `mm:ss.mmm`, the log's timestamp.
pub fn clock(time: Time) -> String {
    let ms = time.as_micros() / 1000;
    let mut s = String::new();
    let _ = write!(
        s,
        "{:02}:{:02}.{:03}",
        ms / 60_000,
        ms / 1000 % 60,
        ms % 1000
    );
    s
}

/// The whole story of `events`, one `timestamp - text` line each.
pub fn tell_all(events: &[Event]) -> String {
    let mut teller = Storyteller::new();
    let mut lines = Vec::new();
    for event in events {
        teller.tell(event, &mut lines);
    }
    teller.finish(&mut lines);
    let mut out = String::new();
    for line in lines {
        let _ = writeln!(out, "{} - {}", clock(line.time), line.text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A learner clicks "Starting tire change at Front Left" to see the order that started
    /// it: a state line carries the message its actor was handling.
    #[test]
    fn a_change_of_state_links_to_the_message_being_handled() {
        let plan = std::rc::Rc::new(crate::pitstop::StopPlan::default());
        let events = crate::pitstop::simulate(&plan);
        let mut teller = Storyteller::new();
        let mut lines = Vec::new();
        for event in &events {
            teller.tell(event, &mut lines);
        }
        let sent: Vec<(u64, &str, String)> = events
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::Send { msg, .. } => {
                    let to = teller.names.name(msg.to).to_string();
                    Some((msg.id.0, msg.name, to))
                }
                _ => None,
            })
            .collect();
        let message = |line: &Line| {
            let id = line.msg_id.expect("a message to show");
            sent.iter()
                .find(|(i, ..)| *i == id)
                .expect("a message sent")
        };
        let start = lines
            .iter()
            .find(|l| l.text == "Starting tire change at Front Left")
            .expect("told");
        let (_, name, to) = message(start);
        assert_eq!(
            to,
            Corner::FrontLeft.actor(),
            "sent to the front left changer ({name})"
        );
        let clear = lines
            .iter()
            .find(|l| l.text.starts_with("All tire changes complete"))
            .expect("told");
        assert!(clear.msg_id.is_some(), "the release is linked too");
        let entering = lines
            .iter()
            .find(|l| l.text == "Car entering pit lane")
            .expect("told");
        assert_eq!(entering.msg_id, None, "the car enters before any message");
        let linked = lines.iter().filter(|l| l.msg_id.is_some()).count();
        assert!(
            linked * 2 > lines.len(),
            "{linked} of {} lines linked",
            lines.len()
        );
    }

    /// A fault is recorded when it is armed, long before it strikes: its line says what
    /// will happen, and the strike has a line of its own, later.
    #[test]
    fn an_armed_fault_is_told_as_what_will_happen() {
        let plan = std::rc::Rc::new(crate::pitstop::StopPlan {
            faults: vec![(crate::pitstop::FaultKind::GunFailure, "tire_rl".into())],
            ..Default::default()
        });
        let mut teller = Storyteller::new();
        let mut lines = Vec::new();
        for event in &crate::pitstop::simulate(&plan) {
            teller.tell(event, &mut lines);
        }
        teller.finish(&mut lines);
        let at = |text: &str| {
            let line = lines.iter().find(|l| l.text.starts_with(text));
            line.unwrap_or_else(|| panic!("no line {text:?}")).time
        };
        let armed = at("Fault armed at Rear Left: the wheel gun will die during the next change");
        assert!(
            armed < at("Rear Left's wheel gun failed"),
            "armed first, struck later"
        );
    }

    #[test]
    fn clock_formats_minutes_seconds_millis() {
        assert_eq!(clock(Time::from_millis(0)), "00:00.000");
        assert_eq!(clock(Time::from_millis(61_234)), "01:01.234");
    }
}
