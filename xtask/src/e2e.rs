//! End-to-end checks: the built page in a real headless Firefox, driven over
//! WebDriver.
//!
//! Each check is a named function of a browser session and the server's base
//! URL, listed in [`CHECKS`]. They share one browser (starting Firefox takes
//! seconds), so each check begins by navigating to its own page. To add one,
//! write `fn my_check(session: &Session, base: &str) -> Result<()>` and list
//! it: it gets its own row in the summary table.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::json::Value;
use crate::server::Server;
use crate::summary::{Outcome, Report};
use crate::tools::Browser;
use crate::webdriver::{FirefoxOptions, Geckodriver, Session};
use crate::{bail, env, Result};

pub struct Check {
    pub name: &'static str,
    pub run: fn(&Session, &str) -> Result<()>,
}

pub const CHECKS: &[Check] = &[
    Check {
        name: "index page draws",
        run: index_page_draws,
    },
    Check {
        name: "play to the end, seed's lines in order, a line clicked, a seek back, the timeline",
        run: play_to_the_end,
    },
    Check {
        name: "step advances one handling, the left arrow goes back one",
        run: step_advances_one_handling,
    },
    Check {
        name: "export then load replays the same run",
        run: export_then_load,
    },
    Check {
        name: "gun failure from the page, restart in the log",
        run: gun_failure_from_the_page,
    },
    Check {
        name: "embed page under a strict CSP",
        run: embed_page_under_csp,
    },
];

/// The window every check sees, so screenshots are comparable.
const WINDOW: (u32, u32) = (1280, 800);

/// How long a page may take to draw its first frame. Generous: a cold
/// Firefox on a 2-core machine compiles the .wasm first.
const DRAW_TIMEOUT: Duration = Duration::from_secs(30);

/// Serves `site` (the project root), starts geckodriver and Firefox, and
/// runs every check, adding one row per check (and one for the setup) to
/// `report`.
pub fn run(report: &mut Report, browser: &Browser, site: &Path) {
    println!("\n==> e2e setup");
    let start = Instant::now();
    let setup = Setup::start(browser, site);
    let seconds = start.elapsed().as_secs_f64();
    let setup = match setup {
        Ok(setup) => {
            report.record("e2e setup", Outcome::Ok, seconds);
            setup
        }
        Err(error) => {
            println!("<== e2e setup: FAILED: {error}");
            report.record("e2e setup", Outcome::Failed(error.to_string()), seconds);
            for check in CHECKS {
                report.skip(&check_name(check), "the e2e setup failed");
            }
            return;
        }
    };
    for check in CHECKS {
        let passed = report.run(&check_name(check), || {
            (check.run)(&setup.session, &setup.base_url)
        });
        if !passed {
            println!("the page's console output is in {}", setup.log.display());
        }
    }
    // Dropping `setup` closes the session, then kills geckodriver, then
    // stops the server (fields drop in declaration order).
}

fn check_name(check: &Check) -> String {
    format!("e2e: {}", check.name)
}

/// Everything a check needs, torn down by `Drop` whatever happens.
struct Setup {
    session: Session,
    _driver: Geckodriver,
    _server: crate::server::Running,
    base_url: String,
    /// geckodriver's log, which also holds Firefox's and the page's console.
    log: PathBuf,
}

impl Setup {
    fn start(browser: &Browser, site: &Path) -> Result<Setup> {
        std::fs::create_dir_all(output_dir())?;
        let server = Server::bind(site, "127.0.0.1:0")?.spawn();
        let base_url = server.base_url();
        println!("serving {} on {base_url}", site.display());
        let log = output_dir().join("geckodriver.log");
        let driver = Geckodriver::start(&browser.geckodriver, &log)?;
        println!("geckodriver on {} (log: {})", driver.addr(), log.display());
        let options = FirefoxOptions {
            binary: browser.firefox.clone(),
            prefs: vec![
                // Precise performance.now() for benchmarks (TOOLCHAIN.md, trap 10).
                ("privacy.reduceTimerPrecision".into(), Value::Bool(false)),
                // The page's console goes to Firefox's stdout, which is the
                // geckodriver log: the first place to look when a check fails.
                ("devtools.console.stdout.content".into(), Value::Bool(true)),
            ],
        };
        let session = Session::new(driver.addr(), options.capabilities()).map_err(|e| {
            format!(
                "starting Firefox: {e}\nlast lines of {}:\n{}",
                log.display(),
                crate::proc::tail(&log, 10)
            )
        })?;
        session.set_window_size(WINDOW.0, WINDOW.1)?;
        // A page that never finishes loading fails its check instead of
        // holding the run for WebDriver's default five minutes.
        session.set_page_load_timeout(DRAW_TIMEOUT)?;
        Ok(Setup {
            session,
            _driver: driver,
            _server: server,
            base_url,
            log,
        })
    }
}

/// Screenshots and logs: `target/e2e/`.
pub fn output_dir() -> PathBuf {
    env::project_root().join("target").join("e2e")
}

/// Saves a screenshot of the viewport as `target/e2e/{name}.png` and prints
/// its path.
pub fn save_screenshot(session: &Session, name: &str) -> Result<PathBuf> {
    let png = session.screenshot()?;
    let path = output_dir().join(format!("{name}.png"));
    std::fs::write(&path, png).map_err(|e| format!("writing {}: {e}", path.display()))?;
    println!("screenshot: {}", path.display());
    Ok(path)
}

/// What a page's canvas says about its start-up, per the page contract:
/// `data-status="drawn"` after the first frame, or `data-status="error"`
/// with the message in `data-error`.
#[derive(Debug, PartialEq)]
pub enum CanvasState {
    Drawn,
    Error(String),
    /// No element matches the selector (yet).
    Missing,
    /// The canvas exists; `data-status` is absent or another value.
    Pending(Option<String>),
}

/// Reads the state of the canvas matching `selector` in one round trip.
pub fn canvas_state(session: &Session, selector: &str) -> Result<CanvasState> {
    let script = "const canvas = document.querySelector(arguments[0]);
        if (!canvas) return null;
        return [canvas.getAttribute('data-status'), canvas.getAttribute('data-error')];";
    let value = session.execute(script, vec![selector.into()])?;
    let Some(pair) = value.as_array() else {
        return Ok(CanvasState::Missing);
    };
    let status = pair.first().and_then(Value::as_str);
    let error = pair.get(1).and_then(Value::as_str);
    Ok(match status {
        Some("drawn") => CanvasState::Drawn,
        Some("error") => CanvasState::Error(error.unwrap_or("(no data-error)").to_string()),
        other => CanvasState::Pending(other.map(str::to_string)),
    })
}

/// Waits until the canvas matching `selector` has drawn; an error if it
/// reports one, or if nothing happens within `timeout`.
pub fn wait_until_drawn(session: &Session, selector: &str, timeout: Duration) -> Result<()> {
    let mut last = CanvasState::Missing;
    let settled = session.wait_for(timeout, |session| {
        last = canvas_state(session, selector)?;
        Ok(match &last {
            CanvasState::Drawn | CanvasState::Error(_) => Some(()),
            _ => None,
        })
    })?;
    let secs = timeout.as_secs();
    match (settled, last) {
        (_, CanvasState::Drawn) => Ok(()),
        (_, CanvasState::Error(message)) => bail!("the page reported an error: {message}"),
        (_, CanvasState::Missing) => {
            bail!("page never drew: no element `{selector}` within {secs} s")
        }
        (_, CanvasState::Pending(None)) => {
            bail!("page never drew: `{selector}` got no data-status within {secs} s")
        }
        (_, CanvasState::Pending(Some(status))) => {
            bail!("page never drew: `{selector}` data-status stayed {status:?} for {secs} s")
        }
    }
}

/// The main page loads the wasm package and draws its first frame.
fn index_page_draws(session: &Session, base: &str) -> Result<()> {
    session.navigate(&format!("{base}/index.html"))?;
    let drawn = wait_until_drawn(session, "#pitstop", DRAW_TIMEOUT);
    // The screenshot is taken either way: on failure it shows what went wrong.
    let screenshot = save_screenshot(session, "index");
    drawn?;
    screenshot.map(drop)
}

// ---------------------------------------------------------------------------------------
// The tutorial page and the embedding page, used as a learner would.

/// How long a whole stop may take to play at top speed (about 2 s), with room for a slow
/// machine.
const PLAY_TIMEOUT: Duration = Duration::from_secs(40);

/// WebDriver's key codes.
const ARROW_RIGHT: &str = "\u{E014}";
const ARROW_LEFT: &str = "\u{E012}";
const HOME: &str = "\u{E011}";

fn open_index(session: &Session, base: &str) -> Result<()> {
    session.navigate(&format!("{base}/index.html"))?;
    wait_until_drawn(session, "#pitstop", DRAW_TIMEOUT)
}

/// `window.pitstop.stats()[key]`.
fn stat(session: &Session, key: &str) -> Result<Value> {
    session.execute(
        "return window.pitstop.stats()[arguments[0]];",
        vec![key.into()],
    )
}

fn state(session: &Session) -> Result<String> {
    Ok(stat(session, "state")?.as_str().unwrap_or("").to_string())
}

fn wait_state(session: &Session, want: &str, timeout: Duration) -> Result<()> {
    let reached = session.wait_for(timeout, |s| Ok((state(s)? == want).then_some(())))?;
    match reached {
        Some(()) => Ok(()),
        None => bail!(
            "the page never reached state {want:?} (it is {:?})",
            state(session)?
        ),
    }
}

/// The texts of the log's lines, after the page's next batch of lines has been added.
fn log_lines(session: &Session) -> Result<Vec<String>> {
    std::thread::sleep(Duration::from_millis(900)); // the log adds lines in batches
    let value = session.execute(
        "return [...document.querySelectorAll('#log li')].map(li => li.textContent);",
        vec![],
    )?;
    Ok(value
        .as_array()
        .unwrap_or(&[])
        .iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect())
}

/// Pauses with the button, speeds up with the keyboard, plays with the button, and waits
/// for the stop to finish.
fn play_fast_to_the_end(session: &Session) -> Result<()> {
    if state(session)? == "running" {
        session.find("#play")?.click()?;
    }
    let canvas = session.find("#pitstop")?;
    for _ in 0..12 {
        canvas.send_keys("+")?;
    }
    let speed = stat(session, "speed")?.as_f64().unwrap_or(0.0);
    if speed < 3.9 {
        bail!("+ should speed up to 4x, the speed is {speed}");
    }
    session.find("#play")?.click()?;
    wait_state(session, "finished", PLAY_TIMEOUT)
}

/// Press play and the stop completes; the log shows the seed's lines in the seed's order, a
/// line clicked selects it, a seek back starts the log again, and the timeline goes back.
fn play_to_the_end(session: &Session, base: &str) -> Result<()> {
    open_index(session, base)?;
    play_fast_to_the_end(session)?;
    let lines = log_lines(session)?;
    save_screenshot(session, "finished")?;
    let seed_lines: Vec<&str> = lines
        .iter()
        .filter_map(|l| l.split_once(' ').map(|(_, text)| text))
        .filter(|t| {
            t.starts_with("Car entering")
                || t.starts_with("Starting tire change")
                || t.starts_with("Completed tire change")
                || t.starts_with("All tire changes complete")
        })
        .collect();
    let shape: Vec<&str> = seed_lines
        .iter()
        .map(|t| t.split(" at ").next().unwrap_or(t))
        .collect();
    let expected = [
        "Car entering pit lane",
        "Starting tire change",
        "Starting tire change",
        "Starting tire change",
        "Starting tire change",
        "Completed tire change",
        "Completed tire change",
        "Completed tire change",
        "Completed tire change",
        "All tire changes complete - Car clear to exit",
    ];
    if shape != expected {
        bail!("the log's seed lines are out of order: {seed_lines:?}");
    }
    // A learner clicks a line to see the message behind it: the tire change's order.
    let start = session.find_all("#log li.linked")?;
    let mut clicked = false;
    for item in &start {
        if item.text()?.contains("Starting tire change") {
            item.click()?;
            clicked = true;
            break;
        }
    }
    if !clicked {
        bail!("no \"Starting tire change\" line can be clicked (none links a message)");
    }
    let selected = session.find("#log li.selected")?.text()?;
    if !selected.contains("Starting tire change") {
        bail!("clicking the line selected {selected:?}");
    }
    // A seek back plays the stop again from its start (from a tutorial's own controls, or
    // the console): the log starts again with it, it does not repeat itself.
    session.execute("window.pitstop.seek(1000);", vec![])?;
    let lines = log_lines(session)?;
    let entering = lines.iter().filter(|l| l.contains("Car entering")).count();
    if entering != 1 || lines.iter().any(|l| l.contains("Completed tire change")) {
        bail!("after a seek back to 1 s the log should hold that second only: {lines:?}");
    }
    // The page's timeline goes back too: its Home key shows the start, paused.
    session.find("#timeline")?.send_keys(HOME)?;
    let time = stat(session, "timeMs")?.as_f64();
    if time != Some(0.0) || state(session)? != "paused" {
        bail!("the timeline's Home key should show the stop at 0 ms, paused: {time:?}");
    }
    Ok(())
}

/// The keys act only where focus is in the pit stop; paused, each press of the right arrow
/// shows exactly one more message handling, and the status line says which, as does what a
/// screen reader hears; the left arrow goes back one.
fn step_advances_one_handling(session: &Session, base: &str) -> Result<()> {
    open_index(session, base)?;
    // Space on the page's body scrolls the page: it is not the pit stop's key there.
    session.find("body")?.send_keys(" ")?;
    if state(session)? != "running" {
        bail!("Space pressed outside the pit stop paused it");
    }
    let canvas = session.find("#pitstop")?;
    canvas.send_keys(" ")?; // space pauses
    wait_state(session, "paused", DRAW_TIMEOUT)?;
    for _ in 0..6 {
        let before = stat(session, "messagesHandled")?.as_f64().unwrap_or(-1.0);
        canvas.send_keys(ARROW_RIGHT)?;
        let after = stat(session, "messagesHandled")?.as_f64().unwrap_or(-1.0);
        if after != before + 1.0 {
            bail!("a step went from {before} to {after} handlings, not one");
        }
    }
    // The status line says which handling the last step showed (once its event arrives,
    // in the next animation frame).
    let told = session.wait_for(DRAW_TIMEOUT, |s| {
        let text = s.find("#status")?.text()?;
        Ok(text.contains("handles \"").then_some(text))
    })?;
    let Some(told) = told else {
        bail!("after a step the status line does not say what was handled");
    };
    if !told.starts_with("Step: ") || !told.contains(", sent by ") {
        bail!("the status line tells a step as {told:?}");
    }
    // The status line ticks while a stop plays, so it is not what a screen reader hears:
    // the page's live region says the step, once.
    let heard = session.wait_for(DRAW_TIMEOUT, |s| {
        let said = s.execute(
            "return document.getElementById('announce').textContent;",
            vec![],
        )?;
        Ok(said.as_str().filter(|t| *t == told).map(str::to_owned))
    })?;
    if heard.is_none() {
        bail!("a screen reader is not told the step {told:?}");
    }
    save_screenshot(session, "stepped")?;
    // The left arrow goes back one handling, and the status line says to which.
    let before = stat(session, "messagesHandled")?.as_f64().unwrap_or(-1.0);
    canvas.send_keys(ARROW_LEFT)?;
    let after = stat(session, "messagesHandled")?.as_f64().unwrap_or(-1.0);
    if after != before - 1.0 {
        bail!("a step back went from {before} to {after} handlings, not one fewer");
    }
    let back = session.wait_for(DRAW_TIMEOUT, |s| {
        let text = s.find("#status")?.text()?;
        Ok(text.starts_with("Back: ").then_some(text))
    })?;
    if back.is_none() {
        bail!("after a step back the status line does not say where it went back to");
    }
    Ok(())
}

/// Export the run, load the file back through the page's file input: the replay shows the
/// same events and the same log. A malformed file is refused with its line named, and the
/// replay goes on untouched.
fn export_then_load(session: &Session, base: &str) -> Result<()> {
    open_index(session, base)?;
    play_fast_to_the_end(session)?;
    let exported = session.execute("return window.pitstop.exportLog();", vec![])?;
    let exported = exported.as_str().unwrap_or("").to_string();
    if exported.lines().count() < 100 {
        bail!("the export is too short to be a whole stop");
    }
    let original_log = log_lines(session)?;
    let file = output_dir().join("export.jsonl");
    std::fs::write(&file, &exported)?;
    session
        .find("#load")?
        .send_keys(&file.display().to_string())?;
    let replaying = session.wait_for(DRAW_TIMEOUT, |s| {
        Ok(stat(s, "replay")?.as_bool().filter(|r| *r))
    })?;
    if replaying.is_none() {
        bail!("loading the exported file did not start a replay");
    }
    play_fast_to_the_end(session)?;
    let replayed = session.execute("return window.pitstop.exportLog();", vec![])?;
    if replayed.as_str() != Some(exported.as_str()) {
        bail!("the replay's events differ from the exported run");
    }
    if log_lines(session)? != original_log {
        bail!("the replay's log differs from the original run's");
    }
    let bad = output_dir().join("not-a-log.jsonl");
    std::fs::write(
        &bad,
        "{\"seq\":0,\"t_ms\":0,\"kind\":\"spawn\",\"actor\":\"car\"}\nthis is not json\n",
    )?;
    session
        .find("#load")?
        .send_keys(&bad.display().to_string())?;
    let message = session.wait_for(DRAW_TIMEOUT, |s| {
        let text = s.find("#status")?.text()?;
        Ok(text.contains("line 2").then_some(text))
    })?;
    if message.is_none() {
        bail!("a malformed file got no message naming its line");
    }
    let still = session.execute("return window.pitstop.exportLog();", vec![])?;
    if still.as_str() != Some(exported.as_str()) {
        bail!("a malformed file changed the current run");
    }
    save_screenshot(session, "replay")?;
    Ok(())
}

/// Click the rear left tire changer on the canvas, choose "gun failure" from the menu, play:
/// the log tells the failure and the restart.
fn gun_failure_from_the_page(session: &Session, base: &str) -> Result<()> {
    open_index(session, base)?;
    session.find("#play")?.click()?;
    wait_state(session, "paused", DRAW_TIMEOUT)?;
    // Find where the page draws tire_rl (the middle of what the page's own hit test
    // answers for it), and click there.
    let clicked = session.execute(
        "const c = document.getElementById('pitstop');
         const box = c.getBoundingClientRect();
         let sx = 0, sy = 0, n = 0;
         for (let y = 0; y < box.height; y += 4) {
           for (let x = 0; x < box.width; x += 4) {
             if (window.pitstop.actorAt(x, y) === 'tire_rl') { sx += x; sy += y; n += 1; }
           }
         }
         if (n === 0) return false;
         c.dispatchEvent(new MouseEvent('click', {
           clientX: box.left + sx / n, clientY: box.top + sy / n, bubbles: true }));
         return true;",
        vec![],
    )?;
    if clicked.as_bool() != Some(true) {
        bail!("tire_rl is nowhere on the canvas");
    }
    let buttons = session.find_all("#fault-menu button")?;
    let mut injected = false;
    for button in &buttons {
        if button.text()? == "gun failure" {
            button.click()?;
            injected = true;
            break;
        }
    }
    if !injected {
        bail!("the fault menu offers no \"gun failure\" for the rear left tire changer");
    }
    play_fast_to_the_end(session)?;
    let lines = log_lines(session)?;
    save_screenshot(session, "gun-failure")?;
    let want =
        "Rear Left's wheel gun failed \u{2014} race engineer restarts Rear Left (restart 1 of 3)";
    if !lines.iter().any(|l| l.contains(want)) {
        bail!(
            "the log does not tell the restart; it has:\n{}",
            lines.join("\n")
        );
    }
    Ok(())
}

/// The embedding page, served with `script-src 'self' 'wasm-unsafe-eval'` (by the server
/// and by its own meta tag): both ways of embedding draw.
fn embed_page_under_csp(session: &Session, base: &str) -> Result<()> {
    session.navigate(&format!("{base}/www/embed.html"))?;
    let js = wait_until_drawn(session, "#embed-js", DRAW_TIMEOUT);
    let auto = wait_until_drawn(session, "#embed-auto", DRAW_TIMEOUT);
    save_screenshot(session, "embed")?;
    js.map_err(|e| format!("the JavaScript embed: {e}"))?;
    auto.map_err(|e| format!("the auto-mounted embed: {e}"))?;
    Ok(())
}
