//! A minimal HTTP/1.1 client: one request per connection, text bodies. Enough
//! to talk to geckodriver (JSON over HTTP on localhost) and to our own server
//! in tests, without an HTTP crate.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use crate::{bail, Result};

#[derive(Debug)]
pub struct Response {
    pub status: u16,
    /// Names as sent; look them up with [`Response::header`].
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    /// The first header called `name`, ignoring case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// How long a single request may take. WebDriver commands such as
/// navigation wait for the page to load, and an async script may wait for
/// a whole benchmark, so this is generous; geckodriver's own timeouts
/// (page load 300 s, script 30 s by default) fire before it.
const READ_TIMEOUT: Duration = Duration::from_secs(600);

/// Sends `method path` with an optional JSON body to `addr` and reads the
/// whole response.
pub fn request(addr: SocketAddr, method: &str, path: &str, json: Option<&str>) -> Result<Response> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(10))
        .map_err(|e| format!("connecting to {addr}: {e}"))?;
    stream.set_read_timeout(Some(READ_TIMEOUT))?;
    let body = json.unwrap_or("");
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if json.is_some() {
        head.push_str("Content-Type: application/json; charset=utf-8\r\n");
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    stream.write_all(head.as_bytes())?;
    stream.write_all(body.as_bytes())?;
    stream.flush()?;
    read_response(BufReader::new(stream), method == "HEAD")
        .map_err(|e| format!("{method} http://{addr}{path}: {e}").into())
}

/// Parses a response: status line, headers, then a body framed by
/// `Content-Length`, by chunked transfer encoding, or by the end of the
/// connection. A response to HEAD has no body whatever its headers say.
pub fn read_response(mut reader: impl BufRead, head_only: bool) -> Result<Response> {
    let status_line = read_line(&mut reader)?;
    // `HTTP/1.1 200 OK`
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| format!("not an HTTP status line: {status_line:?}"))?;
    let mut headers = Vec::new();
    loop {
        let line = read_line(&mut reader)?;
        if line.is_empty() {
            break;
        }
        let Some((name, value)) = line.split_once(':') else {
            bail!("not an HTTP header: {line:?}");
        };
        headers.push((name.trim().to_string(), value.trim().to_string()));
    }
    let mut response = Response {
        status,
        headers,
        body: String::new(),
    };
    if head_only {
        return Ok(response);
    }
    let chunked = response
        .header("Transfer-Encoding")
        .is_some_and(|v| v.eq_ignore_ascii_case("chunked"));
    let bytes = if chunked {
        read_chunked(&mut reader)?
    } else if let Some(length) = response.header("Content-Length") {
        let length: usize = length
            .parse()
            .map_err(|_| format!("bad Content-Length {length:?}"))?;
        let mut bytes = vec![0; length];
        reader.read_exact(&mut bytes)?;
        bytes
    } else {
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes)?;
        bytes
    };
    response.body = String::from_utf8(bytes).map_err(|_| "response body is not UTF-8")?;
    Ok(response)
}

/// A chunked body: `<hex size>\r\n<data>\r\n` repeated, ending with size 0.
fn read_chunked(reader: &mut impl BufRead) -> Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let line = read_line(reader)?;
        // Chunk extensions (`;name=value`) are allowed and ignored.
        let size = line.split(';').next().unwrap_or("").trim();
        let size =
            usize::from_str_radix(size, 16).map_err(|_| format!("bad chunk size {line:?}"))?;
        if size == 0 {
            // Trailers, if any, until the empty line.
            while !read_line(reader)?.is_empty() {}
            return Ok(body);
        }
        let start = body.len();
        body.resize(start + size, 0);
        reader.read_exact(&mut body[start..])?;
        read_line(reader)?; // The CRLF after the data.
    }
}

/// One line without its line ending; an error at the end of the input.
fn read_line(reader: &mut impl BufRead) -> Result<String> {
    let mut line = String::new();
    if reader.read_line(&mut line)? == 0 {
        bail!("connection closed in the middle of a response");
    }
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(raw: &str) -> Response {
        read_response(raw.as_bytes(), false).unwrap()
    }

    #[test]
    fn content_length_body() {
        let response = parse(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nContent-Length: 2\r\n\r\n{}extra",
        );
        assert_eq!(response.status, 200);
        assert_eq!(response.header("Content-Type"), Some("application/json"));
        assert_eq!(response.body, "{}");
    }

    #[test]
    fn chunked_body() {
        let response = parse(
            "HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n\
             5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\nX-Trailer: 1\r\n\r\n",
        );
        assert_eq!(response.status, 404);
        assert_eq!(response.body, "hello, world");
    }

    #[test]
    fn body_until_close() {
        let response = parse("HTTP/1.0 200 OK\r\n\r\nall of it");
        assert_eq!(response.body, "all of it");
    }

    #[test]
    fn head_has_no_body() {
        let response =
            read_response(&b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n"[..], true).unwrap();
        assert_eq!(response.body, "");
    }

    #[test]
    fn malformed() {
        assert!(read_response(&b"garbage\r\n\r\n"[..], false).is_err());
        assert!(read_response(&b""[..], false).is_err());
        assert!(read_response(
            &b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab"[..],
            false
        )
        .is_err());
    }
}
