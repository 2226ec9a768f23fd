//! A small static file server over `std::net`, for `serve`, the end-to-end
//! checks and benchmarks. One thread per connection and one request per
//! connection (`Connection: close`): plenty for a page and its few files on
//! localhost, and no HTTP/1.1 keep-alive bookkeeping.
//!
//! Every response carries:
//! - `Cache-Control: no-store`, so a rebuilt `pkg/` is always what loads;
//! - `Cross-Origin-Opener-Policy: same-origin` and
//!   `Cross-Origin-Embedder-Policy: require-corp`: a cross-origin isolated
//!   page gets a precise `performance.now()` in Firefox (1 ms steps
//!   otherwise), which benchmarks need;
//! - on HTML, `Content-Security-Policy: script-src 'self' 'wasm-unsafe-eval'`,
//!   the strict policy an embedding page may impose: no inline script, no
//!   `eval`, but WebAssembly compilation allowed. If our pages work here, they
//!   work there.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use crate::{mime, urlpath};

pub const CSP: &str = "script-src 'self' 'wasm-unsafe-eval'";

/// A bound, not yet serving, server.
pub struct Server {
    listener: TcpListener,
    root: PathBuf,
    log: bool,
}

impl Server {
    /// Binds `addr` (port 0: any free port). Binding is separate from serving
    /// so a caller can report a taken port before doing anything slow.
    pub fn bind(root: impl Into<PathBuf>, addr: impl ToSocketAddrs) -> io::Result<Server> {
        Ok(Server {
            listener: TcpListener::bind(addr)?,
            root: root.into(),
            log: false,
        })
    }

    /// Print one line per request (method, target, status).
    pub fn log_requests(mut self, log: bool) -> Self {
        self.log = log;
        self
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// Serves forever on this thread.
    pub fn run(self) {
        let never = Arc::new(AtomicBool::new(false));
        self.accept_loop(&never);
    }

    /// Serves on a background thread until the returned handle is dropped.
    pub fn spawn(self) -> Running {
        let addr = self.local_addr();
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let stop = stop.clone();
            std::thread::spawn(move || self.accept_loop(&stop))
        };
        Running {
            addr,
            stop,
            thread: Some(thread),
        }
    }

    fn accept_loop(self, stop: &AtomicBool) {
        let root = Arc::new(self.root);
        for stream in self.listener.incoming() {
            if stop.load(Ordering::SeqCst) {
                break;
            }
            // A failed accept (the client gave up, too many open files) only
            // loses that connection.
            let Ok(stream) = stream else { continue };
            let root = root.clone();
            let log = self.log;
            std::thread::spawn(move || {
                if let Err(error) = handle(stream, &root, log) {
                    if log {
                        eprintln!("connection error: {error}");
                    }
                }
            });
        }
    }
}

/// A server running on a background thread; dropping it stops the server.
pub struct Running {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Running {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT` (no trailing slash), to append paths to.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // `accept` blocks; one last connection wakes it up to see the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A response before it is written out.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Response {
    fn new(status: u16, content_type: &str, body: Vec<u8>) -> Response {
        let mut headers = vec![
            ("Content-Type", content_type.to_string()),
            ("Cache-Control", "no-store".to_string()),
            ("Cross-Origin-Opener-Policy", "same-origin".to_string()),
            ("Cross-Origin-Embedder-Policy", "require-corp".to_string()),
            // The browser must trust our Content-Type, not guess.
            ("X-Content-Type-Options", "nosniff".to_string()),
        ];
        if mime::is_html(content_type) {
            headers.push(("Content-Security-Policy", CSP.to_string()));
        }
        Response {
            status,
            headers,
            body,
        }
    }

    /// A small HTML page for errors, naming the status and the target.
    fn error(status: u16, target: &str) -> Response {
        let title = format!("{status} {}", reason(status));
        let body = format!(
            "<!doctype html>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n\
             <h1>{title}</h1>\n<p>{}</p>\n",
            html_escape(target)
        );
        Response::new(status, mime::HTML, body.into_bytes())
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Reads one request from `stream`, answers it, closes the connection.
fn handle(stream: TcpStream, root: &Path, log: bool) -> io::Result<()> {
    // A client that connects and says nothing must not hold a thread forever.
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.set_write_timeout(Some(Duration::from_secs(30)))?;
    // Requests are a line and some headers: 64 KiB bounds a misbehaving client.
    let mut reader = BufReader::new(stream.try_clone()?.take(64 * 1024));
    let mut request_line = String::new();
    if reader.read_line(&mut request_line)? == 0 {
        return Ok(()); // Connected and closed: e.g. `Running::drop`'s wake-up.
    }
    // Headers are read and ignored: none changes what we send.
    let mut line = String::new();
    for _ in 0..100 {
        line.clear();
        if reader.read_line(&mut line)? == 0 || line.trim_end().is_empty() {
            break;
        }
    }
    let mut words = request_line.split_whitespace();
    let (method, target) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
    let response = respond(root, method, target);
    if log {
        println!("{method} {target} {}", response.status);
    }
    write_response(stream, &response, method == "HEAD")
}

/// The response to `method target` for files under `root`.
pub fn respond(root: &Path, method: &str, target: &str) -> Response {
    if method != "GET" && method != "HEAD" {
        let mut response = Response::error(405, target);
        response.headers.push(("Allow", "GET, HEAD".to_string()));
        return response;
    }
    if !target.starts_with('/') {
        return Response::error(400, target);
    }
    let relative = match urlpath::sanitize(target) {
        Ok(relative) => relative,
        Err(urlpath::Refused::BadEncoding) => return Response::error(400, target),
        Err(urlpath::Refused::Escape) => return Response::error(403, target),
    };
    let mut file = root.join(relative);
    if file.is_dir() {
        let path = target.split(['?', '#']).next().unwrap_or("/");
        if !path.ends_with('/') {
            // Relative links in `www/index.html` resolve against `www/`, not
            // the root: send the browser to the folder's canonical address.
            let mut response = Response::error(301, target);
            let query = &target[path.len()..];
            response
                .headers
                .push(("Location", format!("{path}/{query}")));
            return response;
        }
        file = file.join("index.html");
    }
    if !file.is_file() || !urlpath::is_inside(root, &file) {
        return Response::error(404, target);
    }
    match std::fs::read(&file) {
        Ok(body) => Response::new(200, mime::for_path(&file), body),
        Err(_) => Response::error(404, target),
    }
}

fn write_response(stream: TcpStream, response: &Response, head_only: bool) -> io::Result<()> {
    let mut out = io::BufWriter::new(stream);
    write!(
        out,
        "HTTP/1.1 {} {}\r\n",
        response.status,
        reason(response.status)
    )?;
    for (name, value) in &response.headers {
        write!(out, "{name}: {value}\r\n")?;
    }
    write!(
        out,
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        response.body.len()
    )?;
    if !head_only {
        out.write_all(&response.body)?;
    }
    out.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Unknown",
    }
}

fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A throwaway folder with a page, a script, a wasm file and a subfolder,
    /// removed (with its `.secret` sibling) when dropped.
    struct Site(PathBuf);

    impl std::ops::Deref for Site {
        type Target = Path;
        fn deref(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for Site {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
            let _ = std::fs::remove_file(self.0.with_extension("secret"));
        }
    }

    fn site(name: &str) -> Site {
        let root = std::env::temp_dir().join(format!("xtask-server-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("www")).unwrap();
        std::fs::write(root.join("index.html"), "<!doctype html><p>home").unwrap();
        std::fs::write(root.join("www/index.html"), "<p>www").unwrap();
        std::fs::write(root.join("www/main.js"), "export {}").unwrap();
        std::fs::write(root.join("a b.wasm"), [0, 97, 115, 109]).unwrap();
        Site(root)
    }

    #[test]
    fn serves_files_with_types_and_headers() {
        let root = site("files");
        let page = respond(&root, "GET", "/");
        assert_eq!(page.status, 200);
        assert_eq!(page.body, b"<!doctype html><p>home");
        assert_eq!(page.header("content-type"), Some(mime::HTML));
        assert_eq!(page.header("Content-Security-Policy"), Some(CSP));
        assert_eq!(page.header("Cache-Control"), Some("no-store"));
        assert_eq!(
            page.header("Cross-Origin-Opener-Policy"),
            Some("same-origin")
        );
        assert_eq!(
            page.header("Cross-Origin-Embedder-Policy"),
            Some("require-corp")
        );

        let wasm = respond(&root, "GET", "/a%20b.wasm?cache=1");
        assert_eq!(wasm.status, 200);
        assert_eq!(wasm.header("Content-Type"), Some("application/wasm"));
        assert_eq!(wasm.header("Content-Security-Policy"), None);
        assert_eq!(
            wasm.header("Cross-Origin-Embedder-Policy"),
            Some("require-corp")
        );

        let script = respond(&root, "HEAD", "/www/main.js");
        assert_eq!(script.status, 200);
        assert_eq!(
            script.header("Content-Type"),
            Some("text/javascript; charset=utf-8")
        );
    }

    #[test]
    fn folders_use_their_index() {
        let root = site("folders");
        let www = respond(&root, "GET", "/www/");
        assert_eq!((www.status, www.body.as_slice()), (200, &b"<p>www"[..]));
        let redirect = respond(&root, "GET", "/www?x=1");
        assert_eq!(redirect.status, 301);
        assert_eq!(redirect.header("Location"), Some("/www/?x=1"));
    }

    #[test]
    fn errors() {
        let root = site("errors");
        let missing = respond(&root, "GET", "/nope<b>.js");
        assert_eq!(missing.status, 404);
        assert_eq!(missing.header("Content-Type"), Some(mime::HTML));
        let body = String::from_utf8(missing.body).unwrap();
        assert!(body.contains("404 Not Found"), "{body}");
        assert!(body.contains("/nope&lt;b&gt;.js"), "escaped: {body}");
        assert_eq!(respond(&root, "GET", "/../etc/passwd").status, 403);
        assert_eq!(respond(&root, "GET", "/%2e%2e/x").status, 403);
        assert_eq!(respond(&root, "GET", "/%zz").status, 400);
        assert_eq!(respond(&root, "GET", "index.html").status, 400);
        let post = respond(&root, "POST", "/");
        assert_eq!(post.status, 405);
        assert_eq!(post.header("Allow"), Some("GET, HEAD"));
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_root_are_not_followed() {
        let root = site("links");
        let outside = root.with_extension("secret");
        std::fs::write(&outside, "secret").unwrap();
        std::os::unix::fs::symlink(&outside, root.join("leak.txt")).unwrap();
        assert_eq!(respond(&root, "GET", "/leak.txt").status, 404);
    }

    #[test]
    fn over_a_socket() {
        let root = site("socket");
        let running = Server::bind(&*root, "127.0.0.1:0").unwrap().spawn();
        let page = crate::http::request(running.addr(), "GET", "/index.html", None).unwrap();
        assert_eq!(page.status, 200);
        assert_eq!(page.body, "<!doctype html><p>home");
        assert_eq!(page.header("content-security-policy"), Some(CSP));
        let head = crate::http::request(running.addr(), "HEAD", "/www/main.js", None).unwrap();
        assert_eq!(head.status, 200);
        assert_eq!(head.body, "");
        let missing = crate::http::request(running.addr(), "GET", "/missing", None).unwrap();
        assert_eq!(missing.status, 404);
        drop(running); // Stops the accept loop and joins its thread.
    }
}
