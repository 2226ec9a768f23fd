//! The native half of `cargo xtask bench`: prints one JSON line per figure on stdout,
//! progress on stderr. Run it optimised, or the figures mean nothing; `cargo xtask bench`
//! uses the `bench` profile (the release profile at opt-level 3: the release profile itself
//! is tuned for the .wasm's size):
//!
//! ```text
//! cargo run --profile bench --features bench --example bench -- [--min-ms MS] [--reps N]
//! ```
//!
//! The scenarios live in the library (`pitstop::bench`), shared with the browser page.

use std::process::ExitCode;
use std::time::Instant;

use pitstop::bench::{self, Events, Figure, Runs, FANOUT_MESSAGES_PER_ROUND};

const USAGE: &str =
    "usage: cargo run --profile bench --features bench --example bench -- [--min-ms MS] [--reps N]";

/// How long one kept run lasts at least, and how many are kept.
struct Settings {
    min_ms: f64,
    reps: usize,
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Settings, String> {
    let mut settings = Settings {
        min_ms: 500.0,
        reps: 5,
    };
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--min-ms" => {
                settings.min_ms = value
                    .parse::<f64>()
                    .ok()
                    .filter(|ms| ms.is_finite() && *ms > 0.0)
                    .ok_or_else(|| format!("--min-ms wants a positive number, got {value:?}"))?
            }
            "--reps" => {
                settings.reps = value
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=100).contains(n))
                    .ok_or_else(|| format!("--reps wants 1 to 100, got {value:?}"))?
            }
            _ => return Err(format!("unknown flag {flag:?}")),
        }
    }
    Ok(settings)
}

fn main() -> ExitCode {
    let settings = match parse(std::env::args().skip(1)) {
        Ok(settings) => settings,
        Err(message) => {
            eprintln!("error: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&settings) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(s: &Settings) -> Result<(), String> {
    let origin = Instant::now();
    let mut now_ms = move || origin.elapsed().as_secs_f64() * 1000.0;
    let max_messages = u64::from(u32::MAX);

    for events in [Events::Off, Events::On] {
        let runs = measure(
            "pingpong",
            Some(events),
            Runs::new(100_000, max_messages, s.min_ms, s.reps),
            |n| bench::pingpong(n as u32, events, &mut now_ms),
        )?;
        emit(Figure {
            bench: "pingpong",
            host: "native",
            chaos: None,
            executor: Some("own"),
            events: Some(events),
            value: runs.median_rate(),
            unit: "msgs/s",
        });
    }
    // The yardsticks: the same ping-pong with no runtime (see `bench::minimal_pingpong`),
    // and on LocalPool (`bench::localpool_pingpong`, with the `bench` feature, which
    // `cargo xtask bench` turns on).
    for (executor, pingpong) in yardsticks() {
        let runs = measure(
            &format!("pingpong ({executor} executor)"),
            None,
            Runs::new(100_000, max_messages, s.min_ms, s.reps),
            |n| pingpong(n as u32, &mut now_ms),
        )?;
        emit(Figure {
            bench: "pingpong",
            host: "native",
            chaos: None,
            executor: Some(executor),
            events: None,
            value: runs.median_rate(),
            unit: "msgs/s",
        });
    }
    for events in [Events::Off, Events::On] {
        let runs = measure(
            "fanout",
            Some(events),
            Runs::new(10_000, max_messages / 12, s.min_ms, s.reps),
            |n| bench::fanout(n as u32, events, &mut now_ms),
        )?;
        emit(Figure {
            bench: "fanout",
            host: "native",
            chaos: None,
            executor: Some("own"),
            events: Some(events),
            value: runs.median_rate() * FANOUT_MESSAGES_PER_ROUND as f64,
            unit: "msgs/s",
        });
    }
    // Clean stops, then stops with random faults at a rate of 0.2 (the faults issue's
    // figure): retries, restarts and aborts cost something.
    for (chaos, rate) in [(None, None), (Some("0.2"), Some(0.2))] {
        let runs = measure(
            if chaos.is_some() {
                "stops (chaos 0.2)"
            } else {
                "stops"
            },
            Some(Events::On),
            Runs::new(100, max_messages, s.min_ms, s.reps),
            |n| bench::stops(n as u32, rate, &mut now_ms),
        )?;
        emit(Figure {
            bench: "stops",
            host: "native",
            chaos,
            executor: None,
            events: None,
            value: runs.median_rate(),
            unit: "stops/s",
        });
    }
    Ok(())
}

/// A ping-pong with no runtime: messages in, milliseconds out.
type Yardstick = fn(u32, &mut dyn FnMut() -> f64) -> Result<f64, String>;

/// The yardsticks, by executor name.
#[cfg(feature = "bench")]
fn yardsticks() -> [(&'static str, Yardstick); 2] {
    [
        ("minimal", bench::minimal_pingpong),
        ("localpool", bench::localpool_pingpong),
    ]
}

/// The yardsticks, by executor name (LocalPool needs the `bench` feature).
#[cfg(not(feature = "bench"))]
fn yardsticks() -> [(&'static str, Yardstick); 1] {
    [("minimal", bench::minimal_pingpong)]
}

/// Runs one figure's repetitions, saying on stderr what it did (and whether events were
/// listened to, for scenarios that have events at all).
fn measure(
    name: &str,
    events: Option<Events>,
    runs: Runs,
    run: impl FnMut(u64) -> Result<f64, String>,
) -> Result<Runs, String> {
    let runs = bench::repeat(runs, run).map_err(|e| format!("{name}: {e}"))?;
    let rates: Vec<String> = runs.rates().iter().map(|r| format!("{r:.0}")).collect();
    let events = events.map_or(String::new(), |e| format!(" (events {})", e.name()));
    eprintln!(
        "  {name}{events}: {} items per run, rates/s [{}]",
        runs.count(),
        rates.join(", ")
    );
    Ok(runs)
}

fn emit(figure: Figure) {
    println!("{}", figure.json_line());
}
