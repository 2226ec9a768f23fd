//! A small W3C WebDriver client, and geckodriver as a child process.
//!
//! WebDriver is JSON over HTTP: every command is a request to
//! `/session/{id}/...` whose answer is `{"value": ...}`, or
//! `{"value": {"error": ..., "message": ...}}` on failure. The spec:
//! <https://www.w3.org/TR/webdriver2/>.
//!
//! Both the session and the driver process are cleaned up by `Drop`, so an
//! early return or a panic in a check cannot leave a browser running.

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::json::{self, Value};
use crate::{bail, base64, http, proc, Result};

/// The key under which WebDriver passes element references (fixed by the spec).
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A running geckodriver, killed when dropped.
pub struct Geckodriver {
    child: Child,
    addr: SocketAddr,
}

impl Geckodriver {
    /// Starts `program` on a free localhost port, logging to `log`, and waits
    /// until it answers `/status`.
    pub fn start(program: &Path, log: &Path) -> Result<Geckodriver> {
        let port = free_port()?;
        let log_file =
            std::fs::File::create(log).map_err(|e| format!("creating {}: {e}", log.display()))?;
        let child = Command::new(program)
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(log_file.try_clone()?)
            .stderr(log_file)
            .spawn()
            .map_err(|e| format!("could not start {}: {e}", program.display()))?;
        let mut driver = Geckodriver {
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
        };
        driver.wait_ready(log)?;
        Ok(driver)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    fn wait_ready(&mut self, log: &Path) -> Result<()> {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                bail!(
                    "geckodriver exited at start ({status}); last lines of {}:\n{}",
                    log.display(),
                    proc::tail(log, 10)
                );
            }
            if let Ok(response) = http::request(self.addr, "GET", "/status", None) {
                if response.status == 200 {
                    return Ok(());
                }
            }
            if Instant::now() > deadline {
                bail!("geckodriver did not answer on {} within 20 s", self.addr);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Geckodriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port nobody listens on right now. (Another process could take it before
/// geckodriver binds it; on a test machine that race is not worth more code.)
fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// Options for a headless Firefox session.
pub struct FirefoxOptions {
    pub binary: PathBuf,
    /// Firefox preferences, e.g. `privacy.reduceTimerPrecision: false` for
    /// precise `performance.now()` in benchmarks.
    pub prefs: Vec<(String, Value)>,
}

impl FirefoxOptions {
    /// The `capabilities` object of a new-session request.
    pub fn capabilities(&self) -> Value {
        let firefox = Value::object([
            ("binary", Value::from(self.binary.display().to_string())),
            ("args", Value::Array(vec![Value::from("-headless")])),
            ("prefs", Value::Object(self.prefs.clone())),
        ]);
        Value::object([(
            "alwaysMatch",
            Value::object([
                ("browserName", Value::from("firefox")),
                ("moz:firefoxOptions", firefox),
            ]),
        )])
    }
}

/// A browser session. Dropping it closes the browser.
pub struct Session {
    driver: SocketAddr,
    id: String,
    deleted: bool,
}

/// Position and size of the browser window, in CSS pixels.
#[derive(Debug, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Session {
    /// Opens a session on the driver at `driver` with `capabilities`
    /// (see [`FirefoxOptions::capabilities`]).
    pub fn new(driver: SocketAddr, capabilities: Value) -> Result<Session> {
        let body = Value::object([("capabilities", capabilities)]);
        let value = send(driver, "POST", "/session", Some(&body))?;
        let id = value
            .get("sessionId")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("new session: no sessionId in {value}"))?;
        Ok(Session {
            driver,
            id: id.to_string(),
            deleted: false,
        })
    }

    /// Sends a command for this session: `path` is relative to
    /// `/session/{id}`, e.g. `/url`.
    pub fn command(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value> {
        let path = format!("/session/{}{path}", self.id);
        send(self.driver, method, &path, body)
    }

    /// Loads `url` and waits for its load event.
    pub fn navigate(&self, url: &str) -> Result<()> {
        let body = Value::object([("url", Value::from(url))]);
        self.command("POST", "/url", Some(&body)).map(drop)
    }

    /// Runs `script` as the body of a function called with `args` in the page
    /// and returns what it returns (`return ...;`), converted to JSON.
    /// Scripts sent this way are not subject to the page's CSP.
    pub fn execute(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        let body = Value::object([("script", Value::from(script)), ("args", args.into())]);
        self.command("POST", "/execute/sync", Some(&body))
    }

    /// Like [`Session::execute`], but the script gets a callback as its last
    /// argument (`arguments[arguments.length - 1]`) and the result is what it
    /// passes to it. Bounded by the script timeout ([`Session::set_script_timeout`]).
    pub fn execute_async(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        let body = Value::object([("script", Value::from(script)), ("args", args.into())]);
        self.command("POST", "/execute/async", Some(&body))
    }

    /// How long an async script may run (WebDriver's default: 30 s).
    pub fn set_script_timeout(&self, timeout: Duration) -> Result<()> {
        self.set_timeout("script", timeout)
    }

    /// How long [`Session::navigate`] waits for the load event (default: 300 s).
    pub fn set_page_load_timeout(&self, timeout: Duration) -> Result<()> {
        self.set_timeout("pageLoad", timeout)
    }

    fn set_timeout(&self, kind: &str, timeout: Duration) -> Result<()> {
        let ms = timeout.as_millis() as f64;
        let body = Value::object([(kind, Value::from(ms))]);
        self.command("POST", "/timeouts", Some(&body)).map(drop)
    }

    /// The first element matching a CSS selector; an error if none does.
    pub fn find(&self, css: &str) -> Result<Element<'_>> {
        let value = self.command("POST", "/element", Some(&by_css(css)))?;
        Element::from_reference(self, &value)
    }

    /// Every element matching a CSS selector (possibly none).
    pub fn find_all(&self, css: &str) -> Result<Vec<Element<'_>>> {
        let value = self.command("POST", "/elements", Some(&by_css(css)))?;
        let items = value
            .as_array()
            .ok_or_else(|| format!("find elements: not a list: {value}"))?;
        items
            .iter()
            .map(|item| Element::from_reference(self, item))
            .collect()
    }

    /// A PNG of the viewport.
    pub fn screenshot(&self) -> Result<Vec<u8>> {
        let value = self.command("GET", "/screenshot", None)?;
        decode_png(&value)
    }

    pub fn window_rect(&self) -> Result<Rect> {
        let value = self.command("GET", "/window/rect", None)?;
        let number = |key: &str| {
            value
                .get(key)
                .and_then(Value::as_f64)
                .ok_or_else(|| format!("window rect: no `{key}` in {value}"))
        };
        Ok(Rect {
            x: number("x")?,
            y: number("y")?,
            width: number("width")?,
            height: number("height")?,
        })
    }

    pub fn set_window_size(&self, width: u32, height: u32) -> Result<()> {
        let body = Value::object([("width", width.into()), ("height", height.into())]);
        self.command("POST", "/window/rect", Some(&body)).map(drop)
    }

    /// Polls `probe` every 100 ms until it returns `Some`, or `timeout`
    /// passes (then `None`). Probe errors end the wait at once.
    pub fn wait_for<T>(
        &self,
        timeout: Duration,
        mut probe: impl FnMut(&Session) -> Result<Option<T>>,
    ) -> Result<Option<T>> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(found) = probe(self)? {
                return Ok(Some(found));
            }
            if Instant::now() >= deadline {
                return Ok(None);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Closes the browser. Also done on drop; calling it reports errors.
    pub fn delete(mut self) -> Result<()> {
        self.deleted = true;
        self.command("DELETE", "", None).map(drop)
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if !self.deleted {
            let _ = self.command("DELETE", "", None);
        }
    }
}

/// An element of the current page, valid until the page changes.
pub struct Element<'s> {
    session: &'s Session,
    id: String,
}

impl<'s> Element<'s> {
    fn from_reference(session: &'s Session, value: &Value) -> Result<Element<'s>> {
        let id = value
            .get(ELEMENT_KEY)
            .and_then(Value::as_str)
            .ok_or_else(|| format!("not an element reference: {value}"))?;
        Ok(Element {
            session,
            id: id.to_string(),
        })
    }

    /// The reference to pass this element to a script as an argument.
    pub fn to_json(&self) -> Value {
        Value::object([(ELEMENT_KEY, Value::from(self.id.as_str()))])
    }

    fn command(&self, method: &str, what: &str, body: Option<&Value>) -> Result<Value> {
        let path = format!("/element/{}{what}", self.id);
        self.session.command(method, &path, body)
    }

    /// The attribute's value, `None` if the element does not have it.
    pub fn attribute(&self, name: &str) -> Result<Option<String>> {
        let value = self.command("GET", &format!("/attribute/{name}"), None)?;
        Ok(value.as_str().map(str::to_string))
    }

    /// The rendered text, as a user would read it.
    pub fn text(&self) -> Result<String> {
        let value = self.command("GET", "/text", None)?;
        Ok(value.as_str().unwrap_or_default().to_string())
    }

    pub fn click(&self) -> Result<()> {
        self.command("POST", "/click", Some(&Value::object::<&str>([])))
            .map(drop)
    }

    /// Types `text` into the element, as key presses.
    pub fn send_keys(&self, text: &str) -> Result<()> {
        let body = Value::object([("text", Value::from(text))]);
        self.command("POST", "/value", Some(&body)).map(drop)
    }

    /// A PNG of just this element.
    pub fn screenshot(&self) -> Result<Vec<u8>> {
        decode_png(&self.command("GET", "/screenshot", None)?)
    }
}

fn by_css(css: &str) -> Value {
    Value::object([
        ("using", Value::from("css selector")),
        ("value", Value::from(css)),
    ])
}

fn decode_png(value: &Value) -> Result<Vec<u8>> {
    let data = value.as_str().ok_or("screenshot: not a string")?;
    Ok(base64::decode(data)?)
}

/// One WebDriver request; the `value` of the answer, or its error as a message.
fn send(driver: SocketAddr, method: &str, path: &str, body: Option<&Value>) -> Result<Value> {
    let text = body.map(Value::to_string);
    let response = http::request(driver, method, path, text.as_deref())?;
    let answer = json::parse(&response.body).map_err(|e| {
        format!(
            "WebDriver {method} {path}: HTTP {} with a body that is not JSON ({e})",
            response.status
        )
    })?;
    let value = answer.get("value").cloned().unwrap_or(Value::Null);
    if response.status != 200 {
        bail!("WebDriver {method} {path}: {}", error_message(&value));
    }
    Ok(value)
}

/// `no such element: Unable to locate element: #x`.
fn error_message(value: &Value) -> String {
    let field = |key| value.get(key).and_then(Value::as_str).unwrap_or("");
    match (field("error"), field("message")) {
        ("", "") => value.to_string(),
        (error, "") => error.to_string(),
        (error, message) => format!("{error}: {message}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn firefox_capabilities() {
        let options = FirefoxOptions {
            binary: PathBuf::from("/usr/bin/firefox-esr"),
            prefs: vec![("privacy.reduceTimerPrecision".into(), Value::Bool(false))],
        };
        assert_eq!(
            options.capabilities().to_string(),
            r#"{"alwaysMatch":{"browserName":"firefox","moz:firefoxOptions":{"binary":"/usr/bin/firefox-esr","args":["-headless"],"prefs":{"privacy.reduceTimerPrecision":false}}}}"#
        );
    }

    #[test]
    fn error_messages() {
        let value = json::parse(
            r##"{"error":"no such element","message":"Unable to locate element: #x","stacktrace":""}"##,
        )
        .unwrap();
        assert_eq!(
            error_message(&value),
            "no such element: Unable to locate element: #x"
        );
        assert_eq!(error_message(&Value::Null), "null");
    }
}
