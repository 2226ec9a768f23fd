//! Reading a JSON-lines log back into events, to replay a run exactly.
//!
//! Strict, because a learner may load any file: a malformed or foreign file gets an error
//! that names the line and the field, and nothing is replayed. Names (`state`, `msg`,
//! `behaviour`, ...) are interned: the event types hold `&'static str`, and a name loaded
//! twice is stored once.

use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

use crate::pitstop::STOP_HORIZON;
use crate::runtime::{ActorId, DeadReason, Event, EventKind, MsgId, MsgInfo, Text, Time};

/// The longest a logged message may be in transit, or an activity last: no stop lasts
/// longer (a replay plays on until every one has ended).
const MAX_LATENCY: Time = STOP_HORIZON;

/// What is wrong with a log, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    /// 1-based line number (0 for the file as a whole).
    pub line: usize,
    pub problem: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.problem)
        } else {
            write!(f, "line {}: {}", self.line, self.problem)
        }
    }
}

impl std::error::Error for LoadError {}

/// A JSON scalar as read: numbers keep their text, so times stay exact.
#[derive(Clone, Debug, PartialEq)]
enum Value {
    Str(String),
    Num(String),
    Bool(bool),
    Null,
}

/// Parses a whole log. Blank lines are skipped.
pub fn parse_json_lines(text: &str) -> Result<Vec<Event>, LoadError> {
    let mut reader = Reader::default();
    let mut events = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        let fields = parse_object(line).map_err(|problem| LoadError {
            line: i + 1,
            problem,
        })?;
        let event = reader.event(&Fields(fields)).map_err(|problem| LoadError {
            line: i + 1,
            problem,
        })?;
        events.push(event);
    }
    if events.is_empty() {
        return Err(LoadError {
            line: 0,
            problem: "the file has no events (it is empty)".into(),
        });
    }
    Ok(events)
}

struct Fields(Vec<(String, Value)>);

impl Fields {
    fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    fn str(&self, key: &str) -> Result<&str, String> {
        match self.get(key) {
            Some(Value::Str(s)) => Ok(s),
            Some(_) => Err(format!("field \"{key}\" must be a string")),
            None => Err(format!("field \"{key}\" is missing")),
        }
    }

    fn opt_str(&self, key: &str) -> Result<Option<&str>, String> {
        match self.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(_) => self.str(key).map(Some),
        }
    }

    fn uint(&self, key: &str) -> Result<u64, String> {
        match self.get(key) {
            Some(Value::Num(n)) => n
                .parse()
                .map_err(|_| format!("field \"{key}\" must be a whole number, got {n}")),
            Some(_) => Err(format!("field \"{key}\" must be a number")),
            None => Err(format!("field \"{key}\" is missing")),
        }
    }

    /// Milliseconds with up to three decimals, read exactly into microseconds.
    fn millis(&self, key: &str) -> Result<u64, String> {
        let bad = || format!("field \"{key}\" must be a number of milliseconds, like 1234.5");
        match self.get(key) {
            Some(Value::Num(n)) => {
                let (int, frac) = n.split_once('.').unwrap_or((n, ""));
                if frac.len() > 3 || int.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(bad());
                }
                let ms: u64 = int.parse().map_err(|_| bad())?;
                let frac: u64 = format!("{frac:0<3}").parse().map_err(|_| bad())?;
                ms.checked_mul(1000)
                    .and_then(|us| us.checked_add(frac))
                    .ok_or_else(bad)
            }
            Some(_) => Err(bad()),
            None => Err(format!("field \"{key}\" is missing")),
        }
    }

    fn boolean(&self, key: &str) -> Result<bool, String> {
        match self.get(key) {
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(format!("field \"{key}\" must be true or false")),
            None => Err(format!("field \"{key}\" is missing")),
        }
    }
}

/// Turns parsed lines into events, resolving actor names through the `spawn` events seen.
#[derive(Default)]
struct Reader {
    names: Vec<Rc<str>>,
    last_seq: Option<u64>,
    last_time: u64,
    /// How many `send` events so far: the runtime numbers messages densely from zero in the
    /// order they are sent, so a send's `msg_id` is exactly this, and every other event's
    /// `msg_id` is below it. (A log that says otherwise is not one of ours, and its ids
    /// would size the replay's tables.)
    sends: u64,
}

impl Reader {
    fn actor(&self, fields: &Fields, key: &str) -> Result<ActorId, String> {
        let name = fields.str(key)?;
        self.id(name).ok_or_else(|| {
            format!("field \"{key}\": actor \"{name}\" appears before its spawn event")
        })
    }

    fn id(&self, name: &str) -> Option<ActorId> {
        // The newest actor with that name: a restarted parent creates its children anew.
        self.names
            .iter()
            .rposition(|n| &**n == name)
            .map(|i| ActorId(i as u32))
    }

    /// A `msg_id` of a message already sent.
    fn sent_id(&self, f: &Fields) -> Result<MsgId, String> {
        let id = f.uint("msg_id")?;
        if id >= self.sends {
            return Err(format!(
                "field \"msg_id\": message {id} was never sent (no send event before it)"
            ));
        }
        Ok(MsgId(id))
    }

    fn msg(&self, f: &Fields) -> Result<MsgInfo, String> {
        let from = match f.get("from") {
            Some(Value::Null) => None,
            _ => Some(self.actor(f, "from")?),
        };
        Ok(MsgInfo {
            id: self.sent_id(f)?,
            from,
            to: self.actor(f, "to")?,
            name: intern(f.str("msg")?),
            detail: f.opt_str("detail")?.map(Rc::from),
        })
    }

    fn event(&mut self, f: &Fields) -> Result<Event, String> {
        let seq = f.uint("seq")?;
        if self.last_seq.is_some_and(|last| seq <= last) {
            return Err(format!(
                "field \"seq\" must increase, got {seq} after {}",
                self.last_seq.unwrap_or(0)
            ));
        }
        let t = f.millis("t_ms")?;
        if t < self.last_time {
            return Err("field \"t_ms\" goes back in time".into());
        }
        if t > STOP_HORIZON.as_micros() {
            return Err(format!(
                "field \"t_ms\" must be at most {} (no stop runs longer)",
                STOP_HORIZON.as_micros() / 1000
            ));
        }
        let kind = match f.str("kind")? {
            "spawn" => {
                let name: Rc<str> = Rc::from(f.str("actor")?);
                let parent = match f.opt_str("parent")? {
                    Some(p) => Some(self.id(p).ok_or_else(|| {
                        format!("field \"parent\": actor \"{p}\" appears before its spawn event")
                    })?),
                    None => None,
                };
                let label = f
                    .opt_str("label")?
                    .map_or_else(|| Rc::clone(&name), Rc::from);
                let actor = ActorId(self.names.len() as u32);
                self.names.push(Rc::clone(&name));
                EventKind::Spawn {
                    actor,
                    parent,
                    name,
                    label,
                }
            }
            "send" => {
                let id = f.uint("msg_id")?;
                if id != self.sends {
                    return Err(format!(
                        "field \"msg_id\": sends are numbered in order from 0; expected {}, got {id}",
                        self.sends
                    ));
                }
                self.sends += 1;
                let latency_us = f.millis("latency_ms")?;
                // A message in flight is drawn until it lands, and a replay plays on until
                // everything has landed: a file must not hold a stop for hours.
                if latency_us > MAX_LATENCY.as_micros() {
                    return Err(format!(
                        "field \"latency_ms\" must be at most {} (a whole stop's time)",
                        MAX_LATENCY.as_micros() / 1000
                    ));
                }
                EventKind::Send {
                    msg: self.msg(f)?,
                    latency_us,
                }
            }
            "deliver" => EventKind::Deliver {
                msg: self.msg(f)?,
                depth: u32::try_from(f.uint("depth")?)
                    .map_err(|_| "field \"depth\" is too large")?,
            },
            "handle" => EventKind::Handle { msg: self.msg(f)? },
            "unhandled" => EventKind::Unhandled {
                msg: self.msg(f)?,
                behaviour: intern(f.str("behaviour")?),
            },
            "dead_letter" => EventKind::DeadLetter {
                msg: self.msg(f)?,
                reason: match f.str("reason")? {
                    "stopped" => DeadReason::Stopped,
                    "mailbox_full" => DeadReason::MailboxFull,
                    other => {
                        return Err(format!(
                            "field \"reason\": unknown dead-letter reason \"{other}\""
                        ))
                    }
                },
            },
            "state" => EventKind::State {
                actor: self.actor(f, "actor")?,
                state: intern(f.str("state")?),
                detail: f.opt_str("detail")?.map(|d| Text::Owned(d.into())),
                until: match f.get("until_ms") {
                    None | Some(Value::Null) => None,
                    Some(_) => {
                        // An activity ends within a stop's time of its start: a replay plays
                        // on until every activity shown has ended.
                        let until = f.millis("until_ms")?;
                        if until > t.saturating_add(MAX_LATENCY.as_micros()) {
                            return Err(format!(
                                "field \"until_ms\" must be at most {} ms after \"t_ms\"",
                                MAX_LATENCY.as_micros() / 1000
                            ));
                        }
                        Some(Time::from_micros(until))
                    }
                },
            },
            "become" => EventKind::Become {
                actor: self.actor(f, "actor")?,
                behaviour: intern(f.str("behaviour")?),
            },
            "stop" => EventKind::Stop {
                actor: self.actor(f, "actor")?,
                reason: Text::Owned(f.str("reason")?.into()),
                failed: f.boolean("failed")?,
            },
            "restart" => EventKind::Restart {
                actor: self.actor(f, "actor")?,
                reason: Text::Owned(f.str("reason")?.into()),
                count: u32::try_from(f.uint("count")?)
                    .map_err(|_| "field \"count\" is too large")?,
            },
            "fault" => EventKind::Fault {
                actor: self.actor(f, "actor")?,
                fault: intern(f.str("fault")?),
                msg: match f.get("msg_id") {
                    None => None,
                    Some(_) => Some(self.msg(f)?),
                },
            },
            "timeout" => EventKind::Timeout {
                actor: self.actor(f, "actor")?,
                msg_id: self.sent_id(f)?,
            },
            other => return Err(format!("field \"kind\": unknown kind \"{other}\"")),
        };
        self.last_seq = Some(seq);
        self.last_time = t;
        Ok(Event {
            seq,
            time: Time::from_micros(t),
            kind,
        })
    }
}

thread_local! {
    static INTERNED: RefCell<Vec<&'static str>> = const { RefCell::new(Vec::new()) };
}

/// The one `'static` copy of `s` (leaked once per distinct name, never per load).
fn intern(s: &str) -> &'static str {
    INTERNED.with(|table| {
        let mut table = table.borrow_mut();
        if let Some(found) = table.iter().find(|t| **t == s) {
            return *found;
        }
        let leaked: &'static str = Box::leak(s.to_owned().into_boxed_str());
        table.push(leaked);
        leaked
    })
}

/// Parses one line: a flat JSON object of strings, numbers, booleans and nulls.
fn parse_object(line: &str) -> Result<Vec<(String, Value)>, String> {
    let mut p = Parser {
        s: line.as_bytes(),
        at: 0,
    };
    p.skip_ws();
    p.expect(b'{')
        .map_err(|_| "not a JSON object (a line must start with {)".to_string())?;
    let mut fields = Vec::new();
    p.skip_ws();
    if p.peek() == Some(b'}') {
        p.at += 1;
    } else {
        loop {
            p.skip_ws();
            let key = p.string()?;
            p.skip_ws();
            p.expect(b':')?;
            p.skip_ws();
            let value = p.value(&key)?;
            fields.push((key, value));
            p.skip_ws();
            match p.next() {
                Some(b',') => continue,
                Some(b'}') => break,
                _ => {
                    return Err(format!(
                        "expected , or }} after field \"{}\"",
                        fields.last().map_or("", |f: &(String, Value)| &f.0)
                    ))
                }
            }
        }
    }
    p.skip_ws();
    if p.at != p.s.len() {
        return Err("unexpected text after the object".into());
    }
    Ok(fields)
}

struct Parser<'a> {
    s: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.at).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek();
        self.at += 1;
        b
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.at += 1;
        }
    }

    fn expect(&mut self, b: u8) -> Result<(), String> {
        if self.next() == Some(b) {
            Ok(())
        } else {
            Err(format!("expected '{}' at column {}", b as char, self.at))
        }
    }

    fn value(&mut self, key: &str) -> Result<Value, String> {
        match self.peek() {
            Some(b'"') => self.string().map(Value::Str),
            Some(b't') => self.word("true").map(|()| Value::Bool(true)),
            Some(b'f') => self.word("false").map(|()| Value::Bool(false)),
            Some(b'n') => self.word("null").map(|()| Value::Null),
            Some(b'-' | b'0'..=b'9') => {
                let start = self.at;
                while matches!(
                    self.peek(),
                    Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                ) {
                    self.at += 1;
                }
                let text = std::str::from_utf8(&self.s[start..self.at]).unwrap_or("");
                Ok(Value::Num(text.to_string()))
            }
            Some(b'{' | b'[') => Err(format!(
                "field \"{key}\": nested objects and lists are not part of the schema"
            )),
            _ => Err(format!("field \"{key}\": not a JSON value")),
        }
    }

    fn word(&mut self, w: &str) -> Result<(), String> {
        if self.s[self.at..].starts_with(w.as_bytes()) {
            self.at += w.len();
            Ok(())
        } else {
            Err(format!("not a JSON value at column {}", self.at))
        }
    }

    fn string(&mut self) -> Result<String, String> {
        self.expect(b'"')?;
        let mut out = Vec::new();
        loop {
            match self.next() {
                None => return Err("a string is not closed".into()),
                Some(b'"') => break,
                Some(b'\\') => match self.next() {
                    Some(b'"') => out.push(b'"'),
                    Some(b'\\') => out.push(b'\\'),
                    Some(b'/') => out.push(b'/'),
                    Some(b'n') => out.push(b'\n'),
                    Some(b't') => out.push(b'\t'),
                    Some(b'r') => out.push(b'\r'),
                    Some(b'b') => out.push(8),
                    Some(b'f') => out.push(12),
                    Some(b'u') => {
                        let hex = self
                            .s
                            .get(self.at..self.at + 4)
                            .ok_or("a \\u escape is cut short")?;
                        self.at += 4;
                        let code = u32::from_str_radix(std::str::from_utf8(hex).unwrap_or("x"), 16)
                            .map_err(|_| "a \\u escape is not hexadecimal")?;
                        let c = char::from_u32(code).unwrap_or('\u{fffd}');
                        let mut buf = [0; 4];
                        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                    }
                    _ => return Err("an unknown escape in a string".into()),
                },
                Some(b) => out.push(b),
            }
        }
        String::from_utf8(out).map_err(|_| "a string is not valid UTF-8".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jsonl::to_json_lines;
    use crate::pitstop::{simulate, Chaos, CrewKind, FaultKind, StopPlan};

    #[test]
    fn a_log_reads_back_to_the_same_events_byte_for_byte() {
        for (seed, crew) in [
            (1, CrewKind::Seed),
            (2, CrewKind::Full),
            (3, CrewKind::Seed),
        ] {
            let plan = StopPlan {
                seed,
                crew,
                faults: vec![
                    (FaultKind::GunFailure, "tire_fl".into()),
                    (FaultKind::LostMessage, "car".into()),
                ],
                chaos: Some(Chaos::new(0.3).unwrap()),
                ..StopPlan::default()
            }
            .validated()
            .unwrap();
            let text = to_json_lines(&simulate(&plan));
            let events = parse_json_lines(&text).expect("reads");
            assert_eq!(to_json_lines(&events), text);
        }
    }

    #[test]
    fn bad_files_are_refused_naming_line_and_field() {
        let good = r#"{"seq":0,"t_ms":0,"kind":"spawn","actor":"car","label":"Car"}"#;
        let cases = [
            ("", "empty"),
            ("hello", "line 1: not a JSON object"),
            (r#"{"seq":0,"t_ms":0}"#, "line 1: field \"kind\" is missing"),
            (
                r#"{"seq":0,"t_ms":0,"kind":"party"}"#,
                "unknown kind \"party\"",
            ),
            (
                r#"{"seq":"x","t_ms":0,"kind":"spawn"}"#,
                "field \"seq\" must be a number",
            ),
            (
                r#"{"seq":0,"t_ms":1.2345,"kind":"spawn","actor":"a"}"#,
                "field \"t_ms\"",
            ),
            (
                r#"{"seq":0,"t_ms":0,"kind":"state","actor":"ghost","state":"x"}"#,
                "actor \"ghost\" appears before its spawn",
            ),
            (
                r#"{"seq":0,"t_ms":0,"kind":"spawn","actor":{"a":1}}"#,
                "nested objects",
            ),
        ];
        for (text, needle) in cases {
            let e = parse_json_lines(text).unwrap_err().to_string();
            assert!(e.contains(needle), "{text}: {e}");
        }
        let e = parse_json_lines(&format!("{good}\n{good}")).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.problem.contains("\"seq\" must increase"), "{e}");
        let e = parse_json_lines(&format!(
            "{good}\n{{\"seq\":1,\"t_ms\":0,\"kind\":\"state\",\"actor\":\"car\"}}"
        ))
        .unwrap_err();
        assert_eq!(e.to_string(), "line 2: field \"state\" is missing");
    }

    /// Whatever a learner loads, the parser answers Ok or Err: a panic would kill the whole
    /// wasm instance. Random mutations of a real log, and random text.
    #[test]
    fn mangled_files_never_panic() {
        let plan = StopPlan {
            seed: 3,
            ..StopPlan::default()
        }
        .validated()
        .unwrap();
        let good: Vec<char> = to_json_lines(&simulate(&plan)).chars().collect();
        let alphabet: Vec<char> = "{}[]\":,.-+eE0123456789 \\u\ntruefalsnl\u{e9}\u{1f3ce}xz"
            .chars()
            .collect();
        let mut rng = crate::rng::Rng::new(77);
        for round in 0..3000 {
            let mut text = good[..rng.below(good.len() as u64) as usize].to_vec();
            for _ in 0..1 + rng.below(8) {
                if text.is_empty() {
                    break;
                }
                let at = rng.below(text.len() as u64) as usize;
                let c = alphabet[rng.below(alphabet.len() as u64) as usize];
                match rng.below(3) {
                    0 => text[at] = c,
                    1 => text.insert(at, c),
                    _ => {
                        text.remove(at);
                    }
                }
            }
            let text: String = text.into_iter().collect();
            let _ = parse_json_lines(&text);
            let noise: String = (0..rng.below(200))
                .map(|_| alphabet[rng.below(alphabet.len() as u64) as usize])
                .collect();
            let _ = parse_json_lines(&noise);
            let _ = round;
        }
    }

    #[test]
    fn message_ids_must_be_those_of_sends() {
        let spawn = r#"{"seq":0,"t_ms":0,"kind":"spawn","actor":"car","label":"Car"}"#;
        let send = |id: u64| {
            format!(
                r#"{{"seq":1,"t_ms":0,"kind":"send","msg_id":{id},"from":"car","to":"car","msg":"x","latency_ms":0}}"#
            )
        };
        // A huge id would size the replay's tables by it: refused, naming the field.
        let e = parse_json_lines(&format!("{spawn}\n{}", send(u64::MAX))).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.problem.contains("\"msg_id\""), "{e}");
        assert!(parse_json_lines(&format!("{spawn}\n{}", send(0))).is_ok());
        let handle =
            r#"{"seq":2,"t_ms":0,"kind":"handle","msg_id":7,"from":"car","to":"car","msg":"x"}"#;
        let e = parse_json_lines(&format!("{spawn}\n{}\n{handle}", send(0))).unwrap_err();
        assert!(e.problem.contains("never sent"), "{e}");
    }

    #[test]
    fn a_message_cannot_fly_longer_than_a_stop() {
        let spawn = r#"{"seq":0,"t_ms":0,"kind":"spawn","actor":"car","label":"Car"}"#;
        let send = |latency: &str| {
            format!(
                r#"{{"seq":1,"t_ms":0,"kind":"send","msg_id":0,"from":"car","to":"car","msg":"x","latency_ms":{latency}}}"#
            )
        };
        assert!(parse_json_lines(&format!("{spawn}\n{}", send("120000"))).is_ok());
        let e = parse_json_lines(&format!("{spawn}\n{}", send("120000.001"))).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(
            e.problem.contains("\"latency_ms\" must be at most 120000"),
            "{e}"
        );
    }

    #[test]
    fn times_stay_within_a_stop() {
        let at = |t: &str, until: &str| {
            format!(
                "{}\n{{\"seq\":1,\"t_ms\":{t},\"kind\":\"state\",\"actor\":\"car\",\"state\":\"x\",\"until_ms\":{until}}}",
                r#"{"seq":0,"t_ms":0,"kind":"spawn","actor":"car","label":"Car"}"#
            )
        };
        assert!(parse_json_lines(&at("120000", "240000")).is_ok());
        let e = parse_json_lines(&at("120000.001", "120001")).unwrap_err();
        assert!(e.problem.contains("\"t_ms\" must be at most 120000"), "{e}");
        let e = parse_json_lines(&at("1000", "121000.001")).unwrap_err();
        assert!(
            e.problem
                .contains("\"until_ms\" must be at most 120000 ms after"),
            "{e}"
        );
    }

    #[test]
    fn names_are_interned_once() {
        assert!(std::ptr::eq(intern("lift_x"), intern("lift_x")));
    }
}
