//! One pit stop under virtual time, printed as the seed's log or as JSON lines.
//!
//! ```text
//! cargo run --example pitstop -- [--seed N] [--crew seed|full] [--pace fast|good|slow]
//!                                [--latency MS] [--fault KIND:ACTOR]... [--chaos RATE]
//!                                [--max-restarts N] [--restart-window MS] [--json]
//! ```

use std::process::ExitCode;

use pitstop::jsonl::to_json_lines;
use pitstop::pitstop::story::tell_all;
use pitstop::pitstop::{simulate, Chaos, CrewKind, FaultKind, Pace, StopPlan, Timing};

const USAGE: &str = "usage: cargo run --example pitstop -- [--seed N] [--crew seed|full] \
[--pace fast|good|slow] [--latency MS] [--fault KIND:ACTOR]... [--chaos RATE] \
[--max-restarts N] [--restart-window MS] [--json]
faults: stuck_nut, gun_failure, lost_message, slow_jack, early_release
actors: race_engineer, car, jack_front, jack_rear, tire_fl, tire_fr, tire_rl, tire_rr \
(full crew also tire_fl.gunner, ...)";

struct Args {
    plan: StopPlan,
    json: bool,
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut plan = StopPlan::default();
    let mut json = false;
    while let Some(flag) = args.next() {
        let mut value = |what: &str| {
            args.next()
                .ok_or_else(|| format!("{flag} needs a value ({what})"))
        };
        match flag.as_str() {
            "--seed" => {
                let v = value("a non-negative integer")?;
                plan.seed = v
                    .parse()
                    .map_err(|_| format!("--seed must be a non-negative integer, got {v:?}"))?;
            }
            "--crew" => {
                let v = value("seed or full")?;
                plan.crew = CrewKind::parse(&v)
                    .ok_or_else(|| format!("--crew must be seed or full, got {v:?}"))?;
            }
            "--pace" => {
                let v = value("fast, good or slow")?;
                let pace = Pace::parse(&v)
                    .ok_or_else(|| format!("--pace must be fast, good or slow, got {v:?}"))?;
                plan.timing = Timing::preset(pace);
            }
            "--latency" => {
                let v = value("milliseconds")?;
                let ms: f64 = v.parse().map_err(|_| {
                    format!("--latency must be a number of milliseconds, got {v:?}")
                })?;
                plan.latency =
                    StopPlan::latency_from_ms(ms).map_err(|e| format!("--latency: {e}"))?;
            }
            "--fault" => {
                let v = value("KIND:ACTOR, e.g. gun_failure:tire_rl")?;
                let (kind, actor) = v
                    .split_once(':')
                    .ok_or_else(|| format!("--fault must be KIND:ACTOR, got {v:?}"))?;
                let kind = FaultKind::parse(kind)
                    .ok_or_else(|| format!("--fault: unknown fault kind {kind:?}"))?;
                plan.faults.push((kind, actor.to_string()));
            }
            "--chaos" => {
                let v = value("a rate from 0 to 1")?;
                let rate: f64 = v
                    .parse()
                    .map_err(|_| format!("--chaos must be a number from 0 to 1, got {v:?}"))?;
                plan.chaos = Some(Chaos::new(rate).map_err(|e| format!("--chaos: {e}"))?);
            }
            "--max-restarts" => {
                let v = value("a whole number")?;
                plan.max_restarts = v
                    .parse()
                    .map_err(|_| format!("--max-restarts must be a whole number, got {v:?}"))?;
            }
            "--restart-window" => {
                let v = value("milliseconds")?;
                let ms: u64 = v.parse().map_err(|_| {
                    format!("--restart-window must be a whole number of milliseconds, got {v:?}")
                })?;
                plan.restart_window = std::time::Duration::from_millis(ms);
            }
            "--json" => json = true,
            "-h" | "--help" => return Ok(None),
            other => return Err(format!("unknown flag {other:?}")),
        }
    }
    // Checked once every flag is read: whether a fault can strike an actor depends on --crew.
    for (kind, actor) in &plan.faults {
        if kind.target(actor, plan.crew).is_none() {
            return Err(format!(
                "--fault {}:{actor}: no actor {actor:?} that a {} can strike in the {} crew",
                kind.name(),
                kind.name(),
                plan.crew.name()
            ));
        }
    }
    Ok(Some(Args { plan, json }))
}

fn main() -> ExitCode {
    let args = match parse(std::env::args().skip(1)) {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("error: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let plan = match args.plan.validated() {
        Ok(plan) => plan,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let events = simulate(&plan);
    if args.json {
        print!("{}", to_json_lines(&events));
    } else {
        print!("{}", tell_all(&events));
    }
    ExitCode::SUCCESS
}
