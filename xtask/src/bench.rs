//! `cargo xtask bench`: every benchmark figure in one run, each printed as one JSON line on
//! stdout (progress and notes go to stderr), for example
//! `{"bench":"pingpong","host":"firefox","executor":"own","events":"off","value":12345678,"unit":"msgs/s"}`.
//!
//! In order: the native figures (`cargo run --profile bench --features bench --example
//! bench`: the release profile at opt-level 3, since the release profile itself is tuned
//! for size; the feature adds the LocalPool yardstick), then a release
//! build of the wasm package with the `bench` feature into `target/bench-pkg/` (the
//! product's `pkg/` stays free of benchmark code; its own cargo target folder keeps the
//! product's build and its up-to-date stamp untouched), then `www/bench.html` in headless
//! Firefox over WebDriver: the throughput suite and the frame cost at devicePixelRatio 1,
//! then the frame cost again in a second Firefox whose pixel ratio is 2.
//!
//! The page is served cross-origin isolated (see `server`) and Firefox runs with
//! `privacy.reduceTimerPrecision` off, so `performance.now()` is precise; the page checks
//! both and fails loudly otherwise. The scenarios are in the library (`src/bench.rs`) and
//! the page (`www/bench.js`); this module only runs them and judges the figures.
//!
//! Stdout carries figures only, but the reused building blocks (`tools`, `proc`) print
//! their progress with `println!`. So the command runs itself again as a child (marked by
//! an environment variable) with its stdout piped, and passes figure lines to stdout and
//! every other line to stderr.
//!
//! Exit status: non-zero if a figure is missing (something failed to run), zero when
//! every figure was measured, whether or not it meets its target (a missed target is a
//! note on stderr: a benchmark is a measurement, not a test).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::json::{self, Value};
use crate::server::Server;
use crate::tools::{self, Browser, Need, Tools};
use crate::webdriver::{FirefoxOptions, Geckodriver, Session};
use crate::{bail, env, proc, Result};

/// Set in the child that does the work (see the module documentation).
const WORKER: &str = "XTASK_BENCH_WORKER";

/// Where the bench build of the package goes, relative to the project root; the page
/// imports `../target/bench-pkg/pitstop.js`.
const PACKAGE_DIR: &str = "target/bench-pkg";
/// Its own cargo target folder, so the product's release build is not overwritten.
const CARGO_TARGET: &str = "target/bench-wasm";

/// How long each page suite may take (a cold Firefox compiles the .wasm first).
const THROUGHPUT_TIMEOUT: Duration = Duration::from_secs(600);
const FRAME_TIMEOUT: Duration = Duration::from_secs(180);

pub fn run() -> Result<()> {
    if std::env::var_os(WORKER).is_some() {
        work()
    } else {
        supervise()
    }
}

/// Runs the worker, sorting its output lines into figures (stdout) and the rest (stderr).
fn supervise() -> Result<()> {
    let exe = std::env::current_exe()?;
    let mut child = Command::new(&exe)
        .arg("bench")
        .env(WORKER, "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start {}: {e}", exe.display()))?;
    let stdout = child.stdout.take().ok_or("the worker has no stdout")?;
    for line in BufReader::new(stdout).lines() {
        let line = line?;
        if is_figure_line(&line) {
            println!("{line}");
        } else {
            eprintln!("{line}");
        }
    }
    let status = child.wait()?;
    if !status.success() {
        bail!("the benchmark did not complete ({status}); see the messages above");
    }
    Ok(())
}

fn is_figure_line(line: &str) -> bool {
    line.starts_with("{\"bench\":")
}

/// Everything, in the worker.
fn work() -> Result<()> {
    let start = Instant::now();
    let root = env::project_root();
    eprintln!("==> machine\n{}", machine().join("\n"));
    let tools = tools::ensure(Need::Test)?;
    let browser = tools
        .browser
        .as_ref()
        .ok_or("tools::ensure(Need::Test) found no browser")?;
    eprintln!("  firefox: {}", firefox_version(browser, &tools));

    let mut figures = Vec::new();
    let mut failures = Vec::new();
    let mut attempt = |name: &str, result: Result<()>| {
        if let Err(error) = result {
            eprintln!("<== {name}: FAILED: {error}");
            failures.push(format!("{name}: {error}"));
        }
    };

    eprintln!("\n==> native figures (profile bench)");
    attempt("native", native(&root, &tools, &mut figures));

    eprintln!("\n==> the bench build of the wasm package ({PACKAGE_DIR})");
    let built = build_package(&root, &tools);
    let built_ok = built.is_ok();
    attempt("wasm build", built);
    if built_ok {
        attempt("firefox", in_firefox(&root, browser, &mut figures));
    }

    eprintln!("\n==> summary");
    let missing: Vec<String> = required()
        .iter()
        .filter(|key| find(&figures, key).is_none())
        .map(|key| describe(key))
        .collect();
    let verdicts = verdicts(&figures);
    eprintln!("| figure | value | target | met |\n|---|---|---|---|");
    for v in &verdicts {
        let met = match v.met {
            Some(true) => "yes",
            Some(false) => "**no**",
            None => "n/a (not measured)",
        };
        eprintln!("| {} | {} | {} | {met} |", v.figure, v.value, v.target);
    }
    for v in verdicts.iter().filter(|v| v.met == Some(false)) {
        eprintln!(
            "note: missed target: {} is {}, target {}",
            v.figure, v.value, v.target
        );
    }
    for line in yardsticks(&figures) {
        eprintln!("{line}");
    }
    eprintln!("load average now: {}", load_average());
    eprintln!(
        "{} figures in {:.0} s",
        figures.len(),
        start.elapsed().as_secs_f64()
    );
    if !missing.is_empty() || !failures.is_empty() {
        let mut message = String::new();
        for failure in &failures {
            message += &format!("\n- {failure}");
        }
        for key in &missing {
            message += &format!("\n- missing figure: {key}");
        }
        bail!("the benchmark is incomplete:{message}");
    }
    Ok(())
}

// ---- the machine ----

/// Cores, CPU model and load, for the table in BENCHMARKS.md.
fn machine() -> Vec<String> {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| {
            l.strip_prefix("model name")
                .map(|rest| rest.trim_start_matches([' ', '\t', ':']))
        })
        .unwrap_or("unknown")
        .to_string();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let load = load_average();
    let mut lines = vec![
        format!("  cores: {cores}"),
        format!("  cpu: {model}"),
        format!("  load average: {load}"),
    ];
    let one_minute: f64 = load
        .split_whitespace()
        .next()
        .and_then(|l| l.parse().ok())
        .unwrap_or(0.0);
    if one_minute > 0.5 {
        lines.push(format!(
            "  warning: the machine is busy (load {one_minute} on {cores} cores); \
             figures will be noisy"
        ));
    }
    lines
}

/// The 1, 5 and 15 minute load averages.
fn load_average() -> String {
    let text = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    text.split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

fn firefox_version(browser: &Browser, tools: &Tools) -> String {
    let mut command = Command::new(&browser.firefox);
    command.arg("--version").env("PATH", &tools.path);
    proc::stdout(&mut command).unwrap_or_else(|| "version unknown".into())
}

// ---- native ----

/// `cargo run --profile bench --features bench --example bench`: its stdout is figure
/// lines (the feature adds the LocalPool yardstick).
fn native(root: &Path, tools: &Tools, figures: &mut Vec<Value>) -> Result<()> {
    let mut command = proc::cmd(
        "cargo",
        &[
            "run",
            "--profile",
            "bench",
            "--features",
            "bench",
            "--example",
            "bench",
        ],
        &tools.path,
    );
    command
        .current_dir(root)
        .stdin(Stdio::null())
        .stdout(Stdio::piped());
    eprintln!("$ {}", proc::display(&command));
    let mut child = command
        .spawn()
        .map_err(|e| format!("could not start `{}`: {e}", proc::display(&command)))?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    for line in BufReader::new(stdout).lines() {
        let line = line?;
        match json::parse(&line) {
            Ok(figure) if figure.get("bench").is_some() => add(figures, figure),
            _ => eprintln!("{line}"),
        }
    }
    let status = child.wait()?;
    if !status.success() {
        bail!("`{}` failed ({status})", proc::display(&command));
    }
    Ok(())
}

/// Prints a figure as its JSON line and keeps it.
fn add(figures: &mut Vec<Value>, figure: Value) {
    println!("{figure}");
    figures.push(figure);
}

// ---- the wasm package ----

fn build_package(root: &Path, tools: &Tools) -> Result<()> {
    let mut args = vec!["build", "--target", "web", "--out-dir", PACKAGE_DIR];
    if tools.wasm_opt.is_none() {
        // As in `release`: no working wasm-opt, no optimisation (never a broken one).
        args.push("--no-opt");
    }
    args.extend(["--", "--features", "bench"]);
    let mut command = proc::cmd("wasm-pack", &args, &tools.path);
    command
        .current_dir(root)
        .env("CARGO_TARGET_DIR", root.join(CARGO_TARGET));
    proc::run(&mut command)
}

// ---- Firefox ----

fn in_firefox(root: &Path, browser: &Browser, figures: &mut Vec<Value>) -> Result<()> {
    let out = root.join("target").join("bench");
    std::fs::create_dir_all(&out)?;
    let server = Server::bind(root, "127.0.0.1:0")?.spawn();
    let base = server.base_url();
    let log = out.join("geckodriver.log");
    let driver = Geckodriver::start(&browser.geckodriver, &log)?;
    eprintln!(
        "serving {} on {base}; geckodriver log: {}",
        root.display(),
        log.display()
    );
    let with_log = |e: crate::Error| -> crate::Error {
        format!(
            "{e}\n(the page's console is in {}; last lines:\n{})",
            log.display(),
            proc::tail(&log, 15)
        )
        .into()
    };

    eprintln!("\n==> firefox, devicePixelRatio 1: throughput");
    let session = start_session(&driver, &browser.firefox, None).map_err(with_log)?;
    run_suite(&session, &base, "throughput", THROUGHPUT_TIMEOUT, figures).map_err(with_log)?;
    session.delete()?;

    // Each frame cost in a Firefox of its own, as a page meets it, not after two minutes of
    // throughput runs in the same browser: measured that way its median frame at dpr 1 was
    // 2.16 and 2.44 ms in two runs of one build, against 1.80-2.08 ms in six fresh ones.
    for (ratio, pref) in [(1.0, None), (2.0, Some("2.0"))] {
        eprintln!("\n==> firefox, devicePixelRatio {ratio}: frame cost");
        let session = start_session(&driver, &browser.firefox, pref).map_err(with_log)?;
        let info = run_suite(&session, &base, "frame", FRAME_TIMEOUT, figures).map_err(with_log)?;
        check_pixel_ratio(&info, ratio)?;
        session.delete()?;
    }
    Ok(())
}

/// A headless Firefox with a precise clock, and `dev_pixels_per_px` as its pixel ratio.
fn start_session(
    driver: &Geckodriver,
    firefox: &Path,
    dev_pixels_per_px: Option<&str>,
) -> Result<Session> {
    let mut prefs = vec![
        // Precise performance.now() (TOOLCHAIN.md, trap 10); the page checks it.
        (
            "privacy.reduceTimerPrecision".to_string(),
            Value::Bool(false),
        ),
        // The page's console goes to the geckodriver log.
        (
            "devtools.console.stdout.content".to_string(),
            Value::Bool(true),
        ),
    ];
    if let Some(ratio) = dev_pixels_per_px {
        prefs.push(("layout.css.devPixelsPerPx".to_string(), Value::from(ratio)));
    }
    let options = FirefoxOptions {
        binary: PathBuf::from(firefox),
        prefs,
    };
    let session = Session::new(driver.addr(), options.capabilities())?;
    session.set_window_size(1280, 800)?;
    session.set_page_load_timeout(Duration::from_secs(60))?;
    Ok(session)
}

/// What the page publishes, read in one round trip.
const READ_PAGE: &str = "const body = document.body;
    return JSON.stringify({
        status: body ? body.dataset.status : null,
        error: body ? body.dataset.error : null,
        results: window.benchResults || [],
        notes: window.benchNotes || [],
        info: window.benchInfo || {},
    });";

/// Opens `bench.html?suite=...` and passes on its figures and notes as they come, until
/// it is done. Returns the page's `benchInfo`.
fn run_suite(
    session: &Session,
    base: &str,
    suite: &str,
    timeout: Duration,
    figures: &mut Vec<Value>,
) -> Result<Value> {
    session.navigate(&format!("{base}/www/bench.html?suite={suite}"))?;
    let deadline = Instant::now() + timeout;
    let (mut results_seen, mut notes_seen) = (0, 0);
    loop {
        let text = session.execute(READ_PAGE, vec![])?;
        let page = json::parse(text.as_str().unwrap_or("null"))
            .map_err(|e| format!("the page's state is not JSON: {e}"))?;
        let list = |key: &str| {
            page.get(key)
                .and_then(Value::as_array)
                .unwrap_or(&[])
                .to_vec()
        };
        let notes = list("notes");
        for note in notes.iter().skip(notes_seen) {
            eprintln!("  page: {}", note.as_str().unwrap_or(""));
        }
        notes_seen = notes.len();
        let results = list("results");
        for figure in results.iter().skip(results_seen) {
            add(figures, figure.clone());
        }
        results_seen = results.len();
        match page.get("status").and_then(Value::as_str) {
            Some("done") => return Ok(page.get("info").cloned().unwrap_or(Value::Null)),
            Some("error") => {
                let error = page.get("error").and_then(Value::as_str).unwrap_or("?");
                bail!("the bench page ({suite}) failed: {error}");
            }
            _ => {}
        }
        if Instant::now() > deadline {
            bail!(
                "the bench page ({suite}) did not finish within {} s",
                timeout.as_secs()
            );
        }
        std::thread::sleep(Duration::from_millis(250));
    }
}

/// The frame figures are only worth their name at the pixel ratio they claim.
fn check_pixel_ratio(info: &Value, want: f64) -> Result<()> {
    let got = info.get("devicePixelRatio").and_then(Value::as_f64);
    if got != Some(want) {
        bail!("window.devicePixelRatio is {got:?} in the frame benchmark, expected {want}");
    }
    Ok(())
}

// ---- which figures, and their targets ----

/// Identifies a figure by some of its fields (numbers compared as printed: `dpr` `"1"`).
type Key = [(&'static str, &'static str)];

fn required() -> Vec<&'static Key> {
    vec![
        &[
            ("bench", "pingpong"),
            ("host", "native"),
            ("executor", "own"),
            ("events", "off"),
        ],
        &[
            ("bench", "pingpong"),
            ("host", "native"),
            ("executor", "own"),
            ("events", "on"),
        ],
        &[
            ("bench", "pingpong"),
            ("host", "native"),
            ("executor", "minimal"),
        ],
        &[
            ("bench", "pingpong"),
            ("host", "native"),
            ("executor", "localpool"),
        ],
        &[
            ("bench", "fanout"),
            ("host", "native"),
            ("executor", "own"),
            ("events", "off"),
        ],
        &[
            ("bench", "fanout"),
            ("host", "native"),
            ("executor", "own"),
            ("events", "on"),
        ],
        &[("bench", "stops"), ("host", "native")],
        &[("bench", "stops"), ("host", "native"), ("chaos", "0.2")],
        &[
            ("bench", "pingpong"),
            ("host", "firefox"),
            ("executor", "own"),
            ("events", "off"),
        ],
        &[
            ("bench", "pingpong"),
            ("host", "firefox"),
            ("executor", "own"),
            ("events", "on"),
        ],
        &[
            ("bench", "pingpong"),
            ("host", "firefox"),
            ("executor", "spawn_local"),
            ("events", "off"),
        ],
        &[
            ("bench", "pingpong"),
            ("host", "firefox"),
            ("executor", "spawn_local"),
            ("events", "on"),
        ],
        &[
            ("bench", "pingpong"),
            ("host", "firefox"),
            ("executor", "minimal"),
        ],
        &[
            ("bench", "pingpong"),
            ("host", "firefox"),
            ("executor", "localpool"),
        ],
        &[("bench", "pingpong_js"), ("host", "firefox")],
        &[("bench", "events_on_vs_off"), ("host", "firefox")],
        &[("bench", "own_vs_js"), ("host", "firefox")],
        &[("bench", "own_vs_minimal"), ("host", "firefox")],
        &[
            ("bench", "fanout"),
            ("host", "firefox"),
            ("executor", "own"),
            ("events", "off"),
        ],
        &[
            ("bench", "fanout"),
            ("host", "firefox"),
            ("executor", "own"),
            ("events", "on"),
        ],
        &[("bench", "frame_gap"), ("host", "firefox")],
        &[("bench", "pingpong_live"), ("host", "firefox")],
        &[
            ("bench", "frame"),
            ("host", "firefox"),
            ("dpr", "1"),
            ("stat", "median"),
        ],
        &[
            ("bench", "frame"),
            ("host", "firefox"),
            ("dpr", "1"),
            ("stat", "p99"),
        ],
        &[
            ("bench", "frame"),
            ("host", "firefox"),
            ("dpr", "2"),
            ("stat", "median"),
        ],
        &[
            ("bench", "frame"),
            ("host", "firefox"),
            ("dpr", "2"),
            ("stat", "p99"),
        ],
    ]
}

/// What the runtime's ping-pong achieves against the same two actors with no runtime
/// (`executor: minimal`) on each host: a ratio that holds however fast the machine is that
/// day, unlike the absolute targets. With the same paddles on `futures`' LocalPool beside
/// it, the runtime issue's reference executor, whose figures the targets were set against.
pub fn yardsticks(figures: &[Value]) -> Vec<String> {
    ["native", "firefox"]
        .into_iter()
        .filter_map(|host| {
            let pingpong = |executor| {
                let mut key = vec![
                    ("bench", "pingpong"),
                    ("host", host),
                    ("executor", executor),
                ];
                if executor == "own" {
                    key.push(("events", "off"));
                }
                find(figures, &key)
            };
            let (own, minimal) = (pingpong("own")?, pingpong("minimal")?);
            // The page's round-by-round ratio where there is one (see `verdicts`).
            let share = find(figures, &[("bench", "own_vs_minimal"), ("host", host)])
                .unwrap_or(own / minimal);
            let localpool = pingpong("localpool").map_or(String::new(), |rate| {
                format!("; LocalPool {:.2} M msgs/s", rate / 1e6)
            });
            (minimal > 0.0).then(|| {
                format!(
                    "yardstick: {host} ping-pong, own executor {:.2} M msgs/s = {:.0} % of \
                     a minimal executor with no runtime ({:.2} M msgs/s){localpool}",
                    own / 1e6,
                    100.0 * share,
                    minimal / 1e6
                )
            })
        })
        .collect()
}

/// The value of the first figure matching `key`.
fn find(figures: &[Value], key: &Key) -> Option<f64> {
    figures
        .iter()
        .find(|figure| {
            key.iter().all(|(field, want)| match figure.get(field) {
                Some(Value::String(s)) => s == want,
                Some(Value::Number(n)) => n.to_string() == *want,
                _ => false,
            })
        })
        .and_then(|figure| figure.get("value")?.as_f64())
}

/// `pingpong host=native executor=own events=off`.
fn describe(key: &Key) -> String {
    let mut words = vec![key[0].1.to_string()];
    words.extend(key[1..].iter().map(|(k, v)| format!("{k}={v}")));
    words.join(" ")
}

/// One target of the issues, judged.
#[derive(Debug, PartialEq)]
pub struct Verdict {
    pub figure: String,
    pub value: String,
    pub target: String,
    /// `None` when a figure it needs is missing.
    pub met: Option<bool>,
}

/// Every target from the runtime, crew and canvas issues, against `figures`.
pub fn verdicts(figures: &[Value]) -> Vec<Verdict> {
    let get = |key: &Key| find(figures, key);
    let own_off = get(&[
        ("bench", "pingpong"),
        ("host", "firefox"),
        ("executor", "own"),
        ("events", "off"),
    ]);
    let own_on = get(&[
        ("bench", "pingpong"),
        ("host", "firefox"),
        ("executor", "own"),
        ("events", "on"),
    ]);
    let js = get(&[("bench", "pingpong_js"), ("host", "firefox")]);
    let rate = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{:.2} M msgs/s", v / 1e6));
    let ms = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v} ms"));
    let ratio = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) if b > 0.0 => Some(a / b),
        _ => None,
    };
    let times = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.2}x"));
    let at_least = |v: Option<f64>, min: f64| v.map(|v| v >= min);
    let at_most = |v: Option<f64>, max: f64| v.map(|v| v <= max);

    // The ratios the page measured round by round (steadier on a shared machine), else
    // the ratio of the two medians.
    let vs_js = get(&[("bench", "own_vs_js"), ("host", "firefox")]).or(ratio(own_off, js));
    let on_vs_off =
        get(&[("bench", "events_on_vs_off"), ("host", "firefox")]).or(ratio(own_on, own_off));
    let mut out = vec![
        Verdict {
            figure: "pingpong firefox own events=off".into(),
            value: rate(own_off),
            target: ">= 15 M msgs/s".into(),
            met: at_least(own_off, 15e6),
        },
        Verdict {
            figure: "pingpong firefox own off / pingpong_js".into(),
            value: times(vs_js),
            target: ">= 10x".into(),
            met: at_least(vs_js, 10.0),
        },
        Verdict {
            figure: "pingpong firefox own events on / off".into(),
            value: times(on_vs_off),
            target: ">= 0.6x".into(),
            met: at_least(on_vs_off, 0.6),
        },
    ];
    let native = get(&[
        ("bench", "pingpong"),
        ("host", "native"),
        ("executor", "own"),
        ("events", "off"),
    ]);
    out.push(Verdict {
        figure: "pingpong native own events=off".into(),
        value: rate(native),
        target: ">= 12 M msgs/s".into(),
        met: at_least(native, 12e6),
    });
    let gap = get(&[("bench", "frame_gap"), ("host", "firefox")]);
    out.push(Verdict {
        figure: "frame_gap (1 M-message ping-pong in rAF slices)".into(),
        value: ms(gap),
        target: "<= 25 ms".into(),
        met: at_most(gap, 25.0),
    });
    let live = get(&[("bench", "pingpong_live"), ("host", "firefox")]);
    out.push(Verdict {
        figure: "pingpong_live".into(),
        value: rate(live),
        target: ">= 4 M msgs/s".into(),
        met: at_least(live, 4e6),
    });
    let stops = get(&[("bench", "stops"), ("host", "native")]);
    out.push(Verdict {
        figure: "stops native (recorded)".into(),
        value: stops.map_or("-".into(), |v| format!("{v} stops/s")),
        target: ">= 20000 stops/s".into(),
        met: at_least(stops, 20_000.0),
    });
    let chaotic = get(&[("bench", "stops"), ("host", "native"), ("chaos", "0.2")]);
    out.push(Verdict {
        figure: "stops native, chaos 0.2".into(),
        value: chaotic.map_or("-".into(), |v| format!("{v} stops/s")),
        target: ">= 10000 stops/s".into(),
        met: at_least(chaotic, 10_000.0),
    });
    for (dpr, median, p99) in [
        (
            "1",
            get(&[("bench", "frame"), ("dpr", "1"), ("stat", "median")]),
            get(&[("bench", "frame"), ("dpr", "1"), ("stat", "p99")]),
        ),
        (
            "2",
            get(&[("bench", "frame"), ("dpr", "2"), ("stat", "median")]),
            get(&[("bench", "frame"), ("dpr", "2"), ("stat", "p99")]),
        ),
    ] {
        out.push(Verdict {
            figure: format!("frame dpr {dpr} median"),
            value: ms(median),
            target: "<= 1 ms".into(),
            met: at_most(median, 1.0),
        });
        out.push(Verdict {
            figure: format!("frame dpr {dpr} p99"),
            value: ms(p99),
            target: "<= 4 ms".into(),
            met: at_most(p99, 4.0),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figure(line: &str) -> Value {
        json::parse(line).unwrap()
    }

    #[test]
    fn figure_lines_are_told_from_progress() {
        assert!(is_figure_line(
            r#"{"bench":"stops","host":"native","value":1,"unit":"stops/s"}"#
        ));
        assert!(!is_figure_line("==> tools"));
        assert!(!is_figure_line(r#"{"other":1}"#));
    }

    #[test]
    fn figures_are_found_by_their_fields() {
        let figures = vec![
            figure(
                r#"{"bench":"frame","host":"firefox","dpr":2,"stat":"p99","value":1.5,"unit":"ms"}"#,
            ),
            figure(
                r#"{"bench":"pingpong","host":"native","executor":"own","events":"off","value":5,"unit":"msgs/s"}"#,
            ),
        ];
        assert_eq!(
            find(
                &figures,
                &[("bench", "frame"), ("dpr", "2"), ("stat", "p99")]
            ),
            Some(1.5)
        );
        assert_eq!(find(&figures, &[("bench", "frame"), ("dpr", "1")]), None);
        assert_eq!(
            find(&figures, &[("bench", "pingpong"), ("events", "off")]),
            Some(5.0)
        );
        let missing = required()
            .iter()
            .filter(|k| find(&figures, k).is_none())
            .count();
        assert_eq!(missing, required().len() - 2);
    }

    #[test]
    fn targets_are_judged_and_missing_figures_are_not_counted_as_met() {
        let figures = vec![
            figure(
                r#"{"bench":"pingpong","host":"firefox","executor":"own","events":"off","value":20000000,"unit":"msgs/s"}"#,
            ),
            figure(
                r#"{"bench":"pingpong","host":"firefox","executor":"own","events":"on","value":10000000,"unit":"msgs/s"}"#,
            ),
            figure(r#"{"bench":"pingpong_js","host":"firefox","value":1000000,"unit":"msgs/s"}"#),
        ];
        let verdicts = verdicts(&figures);
        let met = |name: &str| verdicts.iter().find(|v| v.figure == name).unwrap().met;
        assert_eq!(met("pingpong firefox own events=off"), Some(true));
        assert_eq!(met("pingpong firefox own off / pingpong_js"), Some(true));
        assert_eq!(met("pingpong firefox own events on / off"), Some(false));
        assert_eq!(met("stops native (recorded)"), None);
        assert_eq!(met("stops native, chaos 0.2"), None);
    }

    #[test]
    fn a_ratio_measured_round_by_round_is_preferred_to_the_ratio_of_medians() {
        let mut figures = vec![
            figure(
                r#"{"bench":"pingpong","host":"firefox","executor":"own","events":"off","value":10000000,"unit":"msgs/s"}"#,
            ),
            figure(
                r#"{"bench":"pingpong","host":"firefox","executor":"own","events":"on","value":5000000,"unit":"msgs/s"}"#,
            ),
        ];
        let met = |figures: &[Value]| {
            verdicts(figures)
                .into_iter()
                .find(|v| v.figure == "pingpong firefox own events on / off")
                .unwrap()
                .met
        };
        assert_eq!(met(&figures), Some(false), "0.5x from the medians");
        figures.push(figure(
            r#"{"bench":"events_on_vs_off","host":"firefox","value":0.7,"unit":"x"}"#,
        ));
        assert_eq!(met(&figures), Some(true), "0.7x round by round");
    }

    #[test]
    fn the_chaos_figure_is_told_from_the_clean_one() {
        let figures = vec![
            figure(r#"{"bench":"stops","host":"native","value":30000,"unit":"stops/s"}"#),
            figure(
                r#"{"bench":"stops","host":"native","chaos":0.2,"value":12000,"unit":"stops/s"}"#,
            ),
        ];
        let chaotic = [("bench", "stops"), ("host", "native"), ("chaos", "0.2")];
        assert_eq!(find(&figures, &chaotic), Some(12000.0));
        assert_eq!(
            find(&figures, &[("bench", "stops"), ("host", "native")]),
            Some(30000.0)
        );
    }

    #[test]
    fn the_yardstick_compares_the_runtime_with_no_runtime_on_the_same_host() {
        let figures = vec![
            figure(
                r#"{"bench":"pingpong","host":"firefox","executor":"own","events":"off","value":5000000,"unit":"msgs/s"}"#,
            ),
            figure(
                r#"{"bench":"pingpong","host":"firefox","executor":"minimal","value":10000000,"unit":"msgs/s"}"#,
            ),
            // No native yardstick without both native figures.
            figure(
                r#"{"bench":"pingpong","host":"native","executor":"minimal","value":9000000,"unit":"msgs/s"}"#,
            ),
        ];
        let lines = yardsticks(&figures);
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(lines[0].contains("firefox"), "{}", lines[0]);
        assert!(lines[0].contains("= 50 % of"), "{}", lines[0]);
        assert!(!lines[0].contains("LocalPool"), "{}", lines[0]);

        let mut with_pool = figures;
        with_pool.push(figure(
            r#"{"bench":"pingpong","host":"firefox","executor":"localpool","value":6000000,"unit":"msgs/s"}"#,
        ));
        let lines = yardsticks(&with_pool);
        assert!(
            lines[0].ends_with("; LocalPool 6.00 M msgs/s"),
            "{}",
            lines[0]
        );
    }

    #[test]
    fn keys_read_well() {
        assert_eq!(
            describe(&[("bench", "frame"), ("dpr", "2"), ("stat", "p99")]),
            "frame dpr=2 stat=p99"
        );
    }
}
