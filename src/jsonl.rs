//! The event stream as JSON lines: one event per line, the schema the README documents.
//!
//! Written by hand rather than with serde: the schema is flat, the `.wasm` size budget is
//! tight, and the output must be byte-stable (same seed, same bytes), which a dozen lines of
//! explicit formatting make obvious.

use std::fmt::Write;

use crate::names_table::NameTable;
use crate::runtime::time::write_millis;
use crate::runtime::{ActorId, Event, EventKind, MsgInfo};

/// Turns events into JSON lines, learning actor names from `spawn` events as they pass.
#[derive(Default)]
pub struct JsonLinesWriter {
    names: NameTable,
}

impl JsonLinesWriter {
    pub fn new() -> JsonLinesWriter {
        JsonLinesWriter::default()
    }

    /// Appends one event as one line (with its trailing newline) to `out`.
    pub fn write(&mut self, event: &Event, out: &mut String) {
        self.names.observe(event);
        let mut o = Obj::new(out);
        o.num("seq", event.seq);
        o.key("t_ms");
        // `fmt::Write` for `String` never fails.
        let _ = write_millis(o.out, event.time.as_micros());
        o.str("kind", event.kind.name());
        match &event.kind {
            EventKind::Spawn {
                actor,
                parent,
                label,
                ..
            } => {
                o.str("actor", self.names.name(*actor));
                if let Some(parent) = parent {
                    o.str("parent", self.names.name(*parent));
                }
                o.str("label", label);
            }
            EventKind::Send { msg, latency_us } => {
                self.msg(&mut o, msg);
                o.key("latency_ms");
                let _ = write_millis(o.out, *latency_us);
            }
            EventKind::Deliver { msg, depth } => {
                self.msg(&mut o, msg);
                o.num("depth", u64::from(*depth));
            }
            EventKind::Handle { msg } => self.msg(&mut o, msg),
            EventKind::Unhandled { msg, behaviour } => {
                self.msg(&mut o, msg);
                o.str("behaviour", behaviour);
            }
            EventKind::DeadLetter { msg, reason } => {
                self.msg(&mut o, msg);
                o.str("reason", reason.as_str());
            }
            EventKind::State {
                actor,
                state,
                detail,
                until,
            } => {
                o.str("actor", self.names.name(*actor));
                o.str("state", state);
                if let Some(detail) = detail {
                    o.str("detail", detail);
                }
                if let Some(until) = until {
                    o.key("until_ms");
                    let _ = write_millis(o.out, until.as_micros());
                }
            }
            EventKind::Become { actor, behaviour } => {
                o.str("actor", self.names.name(*actor));
                o.str("behaviour", behaviour);
            }
            EventKind::Stop {
                actor,
                reason,
                failed,
            } => {
                o.str("actor", self.names.name(*actor));
                o.str("reason", reason);
                o.bool("failed", *failed);
            }
            EventKind::Restart {
                actor,
                reason,
                count,
            } => {
                o.str("actor", self.names.name(*actor));
                o.str("reason", reason);
                o.num("count", u64::from(*count));
            }
            EventKind::Fault { actor, fault, msg } => {
                o.str("actor", self.names.name(*actor));
                o.str("fault", fault);
                if let Some(msg) = msg {
                    self.msg(&mut o, msg);
                }
            }
            EventKind::Timeout { actor, msg_id } => {
                o.str("actor", self.names.name(*actor));
                o.num("msg_id", msg_id.0);
            }
        }
        o.close();
    }

    fn msg(&self, o: &mut Obj<'_>, msg: &MsgInfo) {
        o.num("msg_id", msg.id.0);
        match msg.from {
            Some(from) => o.str("from", self.name(from)),
            None => o.raw("from", "null"),
        }
        o.str("to", self.name(msg.to));
        o.str("msg", msg.name);
        if let Some(detail) = &msg.detail {
            o.str("detail", detail);
        }
    }

    fn name(&self, id: ActorId) -> &str {
        self.names.name(id)
    }
}

/// Writes all `events` as JSON lines.
pub fn to_json_lines(events: &[Event]) -> String {
    let mut writer = JsonLinesWriter::new();
    let mut out = String::new();
    for event in events {
        writer.write(event, &mut out);
    }
    out
}

/// A JSON object being written field by field.
struct Obj<'a> {
    out: &'a mut String,
    first: bool,
}

impl<'a> Obj<'a> {
    fn new(out: &'a mut String) -> Obj<'a> {
        out.push('{');
        Obj { out, first: true }
    }

    fn key(&mut self, key: &str) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        self.out.push('"');
        self.out.push_str(key);
        self.out.push_str("\":");
    }

    fn num(&mut self, key: &str, value: u64) {
        self.key(key);
        let _ = write!(self.out, "{value}");
    }

    fn bool(&mut self, key: &str, value: bool) {
        self.raw(key, if value { "true" } else { "false" });
    }

    fn raw(&mut self, key: &str, value: &str) {
        self.key(key);
        self.out.push_str(value);
    }

    fn str(&mut self, key: &str, value: &str) {
        self.key(key);
        write_json_string(self.out, value);
    }

    fn close(self) {
        self.out.push_str("}\n");
    }
}

/// Writes `s` as a JSON string literal, escaping what JSON requires.
pub fn write_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::{MsgId, Time};
    use std::rc::Rc;

    #[test]
    fn writes_the_schema_fields_in_a_stable_order() {
        let events = [
            Event {
                seq: 0,
                time: Time::ZERO,
                kind: EventKind::Spawn {
                    actor: ActorId(0),
                    parent: None,
                    name: Rc::from("race_engineer"),
                    label: Rc::from("Race \"RE\""),
                },
            },
            Event {
                seq: 1,
                time: Time::from_micros(40_500),
                kind: EventKind::Send {
                    msg: MsgInfo {
                        id: MsgId(7),
                        from: None,
                        to: ActorId(0),
                        name: "lift",
                        detail: Some(Rc::from("end=front")),
                    },
                    latency_us: 40_000,
                },
            },
        ];
        assert_eq!(
            to_json_lines(&events),
            concat!(
                r#"{"seq":0,"t_ms":0,"kind":"spawn","actor":"race_engineer","label":"Race \"RE\""}"#,
                "\n",
                r#"{"seq":1,"t_ms":40.5,"kind":"send","msg_id":7,"from":null,"to":"race_engineer","msg":"lift","detail":"end=front","latency_ms":40}"#,
                "\n"
            )
        );
    }

    #[test]
    fn control_characters_are_escaped() {
        let mut s = String::new();
        write_json_string(&mut s, "a\u{1}b\\c\n");
        assert_eq!(s, r#""a\u0001b\\c\n""#);
    }
}
