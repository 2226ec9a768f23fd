//! One pit stop under virtual time, printed as the seed's log or as JSON lines.
//!
//! ```text
//! cargo run --example pitstop -- [--seed N] [--crew seed|full] [--pace fast|good|slow]
//!                                [--latency MS] [--json]
//! ```

use std::process::ExitCode;

use pitstop::jsonl::to_json_lines;
use pitstop::pitstop::story::tell_all;
use pitstop::pitstop::{simulate, CrewKind, Pace, StopPlan, Timing};

const USAGE: &str = "usage: cargo run --example pitstop -- [--seed N] [--crew seed|full] \
[--pace fast|good|slow] [--latency MS] [--json]";

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
            "--json" => json = true,
            "-h" | "--help" => return Ok(None),
            other => return Err(format!("unknown flag {other:?}")),
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
