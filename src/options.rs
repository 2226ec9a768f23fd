//! The options an embedding page passes to `new PitStop(target, options)` (or writes as
//! `data-*` attributes), checked strictly: a wrong type, NaN, a number out of range or an
//! unknown name (a typo must not pass silently) is an error that names the option.
//!
//! No browser types here, so every rule is tested natively; the web shell only turns
//! JavaScript values into [`OptValue`]s.

use std::rc::Rc;

use crate::pitstop::{Chaos, CrewKind, FaultKind, Pace, StopPlan, Timing};
use crate::player::{MAX_SPEED, MIN_SPEED};

/// A JavaScript value, as far as options care.
#[derive(Clone, Debug, PartialEq)]
pub enum OptValue {
    Number(f64),
    Bool(bool),
    Text(String),
    /// `undefined` or `null`: the option keeps its default.
    Absent,
    /// Anything else, by its `typeof` (an object, a function, a symbol, a bigint).
    Other(&'static str),
}

impl OptValue {
    /// The value as an error message quotes it.
    pub fn describe(&self) -> String {
        match self {
            OptValue::Number(n) => crate::numfmt::number(*n),
            OptValue::Bool(b) => b.to_string(),
            OptValue::Text(s) => format!("the string \"{s}\""),
            OptValue::Absent => "nothing".into(),
            OptValue::Other(kind) => format!("a value of type {kind}"),
        }
    }
}

/// Every option, with its default.
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// Playback speed, virtual seconds per real second (0.05 to 4).
    pub speed: f64,
    /// The stop's seed: the same seed plays the same stop.
    pub seed: u64,
    /// Start playing at once.
    pub autoplay: bool,
    /// Start again after a short rest when the stop is over.
    pub looping: bool,
    pub crew: CrewKind,
    pub pace: Pace,
    /// Message transit time in milliseconds (0 to 2000).
    pub latency_ms: f64,
    /// `Some` overrides the reader's `prefers-reduced-motion` setting.
    pub reduced_motion: Option<bool>,
    /// Random faults at a seeded rate (`faults: { rate, kinds }`).
    pub chaos: Option<Chaos>,
    /// Restart intensity: at most `max_restarts` within `restart_window_ms`.
    pub max_restarts: u32,
    pub restart_window_ms: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            speed: 0.25,
            seed: 1,
            autoplay: true,
            looping: false,
            crew: CrewKind::Seed,
            pace: Pace::Good,
            latency_ms: 40.0,
            reduced_motion: None,
            chaos: None,
            max_restarts: 3,
            restart_window_ms: 10_000.0,
        }
    }
}

/// The names `set` accepts, as JavaScript spells them.
pub const OPTION_NAMES: [&str; 11] = [
    "speed",
    "seed",
    "autoplay",
    "loop",
    "crew",
    "pace",
    "latencyMs",
    "reducedMotion",
    "faults",
    "maxRestarts",
    "restartWindowMs",
];

/// The largest seed JavaScript can hold exactly (`Number.MAX_SAFE_INTEGER`).
pub const MAX_SEED: u64 = (1 << 53) - 1;

impl Options {
    /// Sets one option from a JavaScript value.
    pub fn set(&mut self, name: &str, value: OptValue) -> Result<(), String> {
        if value == OptValue::Absent {
            return if OPTION_NAMES.contains(&name) {
                Ok(())
            } else {
                Err(unknown(name))
            };
        }
        match name {
            "speed" => self.speed = speed(&value, "option \"speed\"")?,
            "seed" => self.seed = seed(&value, "option \"seed\"")?,
            "autoplay" => self.autoplay = boolean(&value, "autoplay")?,
            "loop" => self.looping = boolean(&value, "loop")?,
            "reducedMotion" => self.reduced_motion = Some(boolean(&value, "reducedMotion")?),
            "crew" => {
                self.crew = text(&value)
                    .and_then(CrewKind::parse)
                    .ok_or_else(|| bad("crew", "\"seed\" or \"full\"", &value))?
            }
            "pace" => {
                self.pace = text(&value)
                    .and_then(Pace::parse)
                    .ok_or_else(|| bad("pace", "\"fast\", \"good\" or \"slow\"", &value))?
            }
            "latencyMs" => {
                let ms = number(
                    &value,
                    "latencyMs",
                    "a number of milliseconds from 0 to 2000",
                )?;
                StopPlan::latency_from_ms(ms).map_err(|_| {
                    bad(
                        "latencyMs",
                        "a number of milliseconds from 0 to 2000",
                        &value,
                    )
                })?;
                self.latency_ms = ms;
            }
            "maxRestarts" => {
                let n = number(&value, "maxRestarts", "a whole number from 0 to 100")?;
                if n.fract() != 0.0 || !(0.0..=100.0).contains(&n) {
                    return Err(bad("maxRestarts", "a whole number from 0 to 100", &value));
                }
                self.max_restarts = n as u32;
            }
            "restartWindowMs" => {
                let expected = "a number of milliseconds from 1 to 600000";
                let ms = number(&value, "restartWindowMs", expected)?;
                if !(1.0..=600_000.0).contains(&ms) {
                    return Err(bad("restartWindowMs", expected, &value));
                }
                self.restart_window_ms = ms;
            }
            "faults" => {
                return Err(bad(
                    "faults",
                    "an object like { rate: 0.2, kinds: [\"gun_failure\"] }",
                    &value,
                ))
            }
            _ => return Err(unknown(name)),
        }
        Ok(())
    }

    /// Sets `faults: { rate, kinds }`: `rate` from 0 to 1, `kinds` (optional) a list of
    /// fault names; `other_keys` are any other keys found in the object (a typo is an error).
    pub fn set_faults(
        &mut self,
        rate: OptValue,
        kinds: Option<Vec<OptValue>>,
        other_keys: &[String],
    ) -> Result<(), String> {
        if let Some(key) = other_keys.first() {
            return Err(format!(
                "option \"faults\" has an unknown field \"{key}\" (known: rate, kinds)"
            ));
        }
        let rate = match rate {
            OptValue::Number(r) if r.is_finite() && (0.0..=1.0).contains(&r) => r,
            other => {
                return Err(format!(
                    "option \"faults.rate\" must be a number from 0 to 1, got {}",
                    other.describe()
                ))
            }
        };
        let mut chaos = Chaos::new(rate)?;
        if let Some(kinds) = kinds {
            chaos.kinds = kinds
                .iter()
                .map(|k| match k {
                    OptValue::Text(name) => FaultKind::parse(name).ok_or_else(|| {
                        format!(
                            "option \"faults.kinds\": unknown fault \"{name}\" (known: {})",
                            fault_names()
                        )
                    }),
                    other => Err(format!(
                        "option \"faults.kinds\" must list fault names, got {}",
                        other.describe()
                    )),
                })
                .collect::<Result<_, _>>()?;
        }
        self.chaos = Some(chaos);
        Ok(())
    }

    /// Sets one option from the text of a `data-*` attribute (`data-speed="0.5"`).
    pub fn set_from_text(&mut self, name: &str, text: &str) -> Result<(), String> {
        let value = match name {
            "speed" | "seed" | "latencyMs" | "maxRestarts" | "restartWindowMs" => {
                match crate::numfmt::parse_decimal(text) {
                    Some(n) => OptValue::Number(n),
                    None => OptValue::Text(text.into()),
                }
            }
            // A bare attribute (`data-autoplay`) means true.
            "chaos" => {
                return match crate::numfmt::parse_decimal(text) {
                    Some(rate) => self.set_faults(OptValue::Number(rate), None, &[]),
                    None => self.set_faults(OptValue::Text(text.into()), None, &[]),
                }
            }
            "autoplay" | "loop" | "reducedMotion" => match text.trim() {
                "" | "true" => OptValue::Bool(true),
                "false" => OptValue::Bool(false),
                _ => OptValue::Text(text.into()),
            },
            _ => OptValue::Text(text.into()),
        };
        self.set(name, value)
    }

    /// The stop these options describe.
    pub fn plan(&self) -> Rc<StopPlan> {
        let plan = StopPlan {
            seed: self.seed,
            crew: self.crew,
            timing: Timing::preset(self.pace),
            latency: StopPlan::latency_from_ms(self.latency_ms)
                .unwrap_or_else(|_| StopPlan::default().latency),
            chaos: self.chaos.clone(),
            max_restarts: self.max_restarts,
            restart_window: std::time::Duration::from_micros(
                (self.restart_window_ms * 1000.0) as u64,
            ),
            ..StopPlan::default()
        };
        // Every field was checked when it was set, and presets are valid (a test says so).
        plan.validated()
            .unwrap_or_else(|_| Rc::new(StopPlan::default()))
    }
}

/// Checks a playback speed (`what` names it in the error: an option or an argument).
pub fn speed(value: &OptValue, what: &str) -> Result<f64, String> {
    let expected = "a number from 0.05 to 4";
    match value {
        OptValue::Number(x) if x.is_finite() && (MIN_SPEED..=MAX_SPEED).contains(x) => Ok(*x),
        _ => Err(format!(
            "{what} must be {expected}, got {}",
            value.describe()
        )),
    }
}

/// Checks a seed: a non-negative whole number JavaScript can hold exactly.
pub fn seed(value: &OptValue, what: &str) -> Result<u64, String> {
    match value {
        OptValue::Number(x) if x.fract() == 0.0 && (0.0..=MAX_SEED as f64).contains(x) => {
            Ok(*x as u64)
        }
        _ => Err(format!(
            "{what} must be a whole number from 0 to {MAX_SEED}, got {}",
            value.describe()
        )),
    }
}

fn boolean(value: &OptValue, name: &str) -> Result<bool, String> {
    match value {
        OptValue::Bool(b) => Ok(*b),
        _ => Err(bad(name, "true or false", value)),
    }
}

fn number(value: &OptValue, name: &str, expected: &str) -> Result<f64, String> {
    match value {
        OptValue::Number(x) if x.is_finite() => Ok(*x),
        _ => Err(bad(name, expected, value)),
    }
}

fn text(value: &OptValue) -> Option<&str> {
    match value {
        OptValue::Text(s) => Some(s),
        _ => None,
    }
}

fn bad(name: &str, expected: &str, got: &OptValue) -> String {
    format!(
        "option \"{name}\" must be {expected}, got {}",
        got.describe()
    )
}

/// The fault names, for messages.
pub fn fault_names() -> String {
    FaultKind::ALL.map(FaultKind::name).join(", ")
}

fn unknown(name: &str) -> String {
    format!(
        "unknown option \"{name}\" (known options: {})",
        OPTION_NAMES.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(name: &str, value: OptValue) -> Result<Options, String> {
        let mut o = Options::default();
        o.set(name, value).map(|()| o)
    }

    #[test]
    fn good_values_are_taken() {
        assert_eq!(set("speed", OptValue::Number(0.05)).unwrap().speed, 0.05);
        assert_eq!(set("seed", OptValue::Number(7.0)).unwrap().seed, 7);
        assert!(set("loop", OptValue::Bool(true)).unwrap().looping);
        assert_eq!(
            set("crew", OptValue::Text("full".into())).unwrap().crew,
            CrewKind::Full
        );
        assert_eq!(
            set("latencyMs", OptValue::Number(0.0)).unwrap().latency_ms,
            0.0
        );
        assert_eq!(set("speed", OptValue::Absent).unwrap(), Options::default());
    }

    #[test]
    fn bad_values_are_refused_naming_the_option() {
        let cases = [
            ("speed", OptValue::Number(f64::NAN), "\"speed\""),
            ("speed", OptValue::Number(5.0), "\"speed\""),
            ("speed", OptValue::Text("fast".into()), "\"speed\""),
            ("seed", OptValue::Number(-1.0), "\"seed\""),
            ("seed", OptValue::Number(1.5), "\"seed\""),
            ("seed", OptValue::Number(1e300), "\"seed\""),
            ("autoplay", OptValue::Text("yes".into()), "\"autoplay\""),
            ("crew", OptValue::Text("pit".into()), "\"crew\""),
            ("latencyMs", OptValue::Number(-3.0), "\"latencyMs\""),
            (
                "latencyMs",
                OptValue::Number(f64::INFINITY),
                "\"latencyMs\"",
            ),
            ("loop", OptValue::Other("object"), "\"loop\""),
            ("sped", OptValue::Number(1.0), "\"sped\""),
        ];
        for (name, value, needle) in cases {
            let err = set(name, value.clone()).expect_err(name);
            assert!(err.contains(needle), "{name} {value:?}: {err}");
        }
        assert!(set("speed", OptValue::Number(f64::NAN))
            .unwrap_err()
            .contains("NaN"));
        assert!(
            set("sped", OptValue::Absent).is_err(),
            "a typo is caught even when undefined"
        );
    }

    #[test]
    fn data_attributes_are_read_as_text() {
        let mut o = Options::default();
        o.set_from_text("speed", "0.5").unwrap();
        o.set_from_text("seed", "7").unwrap();
        o.set_from_text("autoplay", "").unwrap();
        o.set_from_text("loop", "false").unwrap();
        assert_eq!(
            (o.speed, o.seed, o.autoplay, o.looping),
            (0.5, 7, true, false)
        );
        assert!(o
            .set_from_text("speed", "quick")
            .unwrap_err()
            .contains("\"speed\""));
        assert!(o.set_from_text("seed", "-2").is_err());
    }

    #[test]
    fn faults_take_a_rate_and_known_kinds() {
        let mut o = Options::default();
        o.set_faults(
            OptValue::Number(0.2),
            Some(vec![OptValue::Text("gun_failure".into())]),
            &[],
        )
        .unwrap();
        let chaos = o.chaos.clone().unwrap();
        assert_eq!(
            (chaos.rate, chaos.kinds),
            (0.2, vec![FaultKind::GunFailure])
        );
        let e = o.set_faults(OptValue::Number(1.5), None, &[]).unwrap_err();
        assert!(e.contains("faults.rate"), "{e}");
        let e = o
            .set_faults(
                OptValue::Number(0.1),
                Some(vec![OptValue::Text("meteor".into())]),
                &[],
            )
            .unwrap_err();
        assert!(e.contains("\"meteor\""), "{e}");
        let e = o
            .set_faults(OptValue::Number(0.1), None, &["rat".into()])
            .unwrap_err();
        assert!(e.contains("\"rat\""), "{e}");
        assert!(o
            .set("faults", OptValue::Number(0.2))
            .unwrap_err()
            .contains("\"faults\""));
        o.set_from_text("chaos", "0.3").unwrap();
        assert_eq!(o.chaos.as_ref().unwrap().rate, 0.3);
        o.set("maxRestarts", OptValue::Number(5.0)).unwrap();
        assert!(o.set("maxRestarts", OptValue::Number(-1.0)).is_err());
        assert!(o.set("restartWindowMs", OptValue::Number(0.0)).is_err());
    }

    #[test]
    fn the_plan_follows_the_options() {
        let mut o = Options::default();
        o.set("seed", OptValue::Number(42.0)).unwrap();
        o.set("latencyMs", OptValue::Number(10.0)).unwrap();
        let plan = o.plan();
        assert_eq!(plan.seed, 42);
        assert_eq!(plan.latency, std::time::Duration::from_millis(10));
    }
}
