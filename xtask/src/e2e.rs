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

pub const CHECKS: &[Check] = &[Check {
    name: "index page draws",
    run: index_page_draws,
}];

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
