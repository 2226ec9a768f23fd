//! The human log: the event stream told in the seed's words.
//!
//! The seed's asyncio version logs "Car entering pit lane", "Starting tire change at Front
//! Left", "Completed tire change at Front Left" and "All tire changes complete - Car clear to
//! exit"; this tells the same story from the events, plus the jacks, the release, the
//! stationary time, and anything that went wrong (unhandled messages, dead letters, failures).

use std::fmt::Write;

use crate::names_table::NameTable;
use crate::runtime::{Event, EventKind, Time};

use super::names::{Corner, End, CAR};

/// One line of the story.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub time: Time,
    /// The event it tells, to link a log line back to the picture.
    pub seq: u64,
    /// The message it is about, if any.
    pub msg_id: Option<u64>,
    pub text: String,
}

/// Folds events into lines.
#[derive(Default)]
pub struct Storyteller {
    names: NameTable,
    stopped_at: Option<Time>,
}

impl Storyteller {
    pub fn new() -> Storyteller {
        Storyteller::default()
    }

    /// Appends the lines `event` tells (none, one or two) to `out`.
    pub fn tell(&mut self, event: &Event, out: &mut Vec<Line>) {
        self.names.observe(event);
        let mut say = |text: String, msg_id: Option<u64>| {
            out.push(Line {
                time: event.time,
                seq: event.seq,
                msg_id,
                text,
            })
        };
        match &event.kind {
            EventKind::State { actor, state, .. } => {
                let name = self.names.name(*actor);
                let label = self.names.label(*actor);
                if name == CAR {
                    match *state {
                        "entering" => say("Car entering pit lane".into(), None),
                        "stopped" => {
                            self.stopped_at = Some(event.time);
                            say("Car stopped in its box".into(), None);
                        }
                        "released" => {
                            say("All tire changes complete - Car clear to exit".into(), None);
                            if let Some(stopped) = self.stopped_at {
                                let ms = (event.time - stopped).as_millis();
                                say(
                                    format!("Stationary time {}.{:03} s", ms / 1000, ms % 1000),
                                    None,
                                );
                            }
                        }
                        "gone" => say("Car has left the pit lane".into(), None),
                        _ => {}
                    }
                } else if let Some(corner) = Corner::from_actor(name) {
                    match *state {
                        "changing" => {
                            say(format!("Starting tire change at {}", corner.label()), None)
                        }
                        "done" => say(format!("Completed tire change at {}", corner.label()), None),
                        _ => {}
                    }
                } else if End::from_actor(name).is_some() {
                    match *state {
                        "raised" => say(format!("{label} up: car lifted"), None),
                        "lowered" => say(format!("{label} down"), None),
                        _ => {}
                    }
                }
            }
            EventKind::Unhandled { msg, behaviour } => say(
                format!(
                    "{} ignored \"{}\": it is {behaviour} and does not accept it now",
                    self.names.label(msg.to),
                    msg.name
                ),
                Some(msg.id.0),
            ),
            EventKind::DeadLetter { msg, reason } => say(
                format!(
                    "Dead letter: \"{}\" to {} was never handled ({})",
                    msg.name,
                    self.names.label(msg.to),
                    reason.as_str().replace('_', " ")
                ),
                Some(msg.id.0),
            ),
            EventKind::Stop {
                actor,
                reason,
                failed: true,
            } => say(
                format!("{} failed: {reason}", self.names.label(*actor)),
                None,
            ),
            EventKind::Restart {
                actor,
                reason,
                count,
            } => say(
                format!(
                    "{} restarted ({reason}, restart {count})",
                    self.names.label(*actor)
                ),
                None,
            ),
            _ => {}
        }
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
    let mut out = String::new();
    for line in lines {
        let _ = writeln!(out, "{} - {}", clock(line.time), line.text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_formats_minutes_seconds_millis() {
        assert_eq!(clock(Time::from_millis(0)), "00:00.000");
        assert_eq!(clock(Time::from_millis(61_234)), "01:01.234");
    }
}
