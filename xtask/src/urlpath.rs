//! Turning a request target into a file path under the served folder,
//! without ever leaving it.

use std::path::{Path, PathBuf};

/// Why a request target does not name a file we may serve.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// Malformed percent-encoding, or not UTF-8 once decoded: 400.
    BadEncoding,
    /// A `..` segment, a backslash or a NUL byte: an attempt to step outside
    /// the served folder (or to confuse a path API). 403.
    Escape,
}

/// The path relative to the served folder for a request target such as
/// `/www/main.js?v=2`. `/` and folders end in an empty last segment; the
/// caller maps those to `index.html`. The result is relative and contains
/// only normal components.
pub fn sanitize(target: &str) -> Result<PathBuf, Refused> {
    // The query and fragment do not name the file.
    let path = target.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path).ok_or(Refused::BadEncoding)?;
    let mut relative = PathBuf::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return Err(Refused::Escape),
            _ if segment.contains(['\\', '\0']) => return Err(Refused::Escape),
            _ => relative.push(segment),
        }
    }
    Ok(relative)
}

/// Decodes `%XX` escapes. `+` stays `+`: it means a space only in query
/// strings, not in paths. `None` for a broken escape or invalid UTF-8.
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Whether `path` (after resolving symbolic links) is still inside `root`.
/// `sanitize` already refuses `..`; this also refuses a link that points out.
pub fn is_inside(root: &Path, path: &Path) -> bool {
    match (root.canonicalize(), path.canonicalize()) {
        (Ok(root), Ok(path)) => path.starts_with(root),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_paths() {
        assert_eq!(sanitize("/"), Ok(PathBuf::new()));
        assert_eq!(sanitize("/index.html"), Ok(PathBuf::from("index.html")));
        assert_eq!(
            sanitize("/pkg/pitstop.js?v=3#top"),
            Ok(PathBuf::from("pkg/pitstop.js"))
        );
        assert_eq!(sanitize("//www/./a.js"), Ok(PathBuf::from("www/a.js")));
        assert_eq!(sanitize("/www/"), Ok(PathBuf::from("www")));
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(sanitize("/a%20b.txt"), Ok(PathBuf::from("a b.txt")));
        assert_eq!(sanitize("/caf%C3%A9"), Ok(PathBuf::from("café")));
        assert_eq!(sanitize("/a+b"), Ok(PathBuf::from("a+b")));
        assert_eq!(percent_decode("%41%42c"), Some("ABc".to_string()));
        assert_eq!(sanitize("/bad%2"), Err(Refused::BadEncoding));
        assert_eq!(sanitize("/bad%zz"), Err(Refused::BadEncoding));
        assert_eq!(sanitize("/bad%ff"), Err(Refused::BadEncoding));
    }

    #[test]
    fn escapes_are_refused() {
        for target in [
            "/../etc/passwd",
            "/www/../../x",
            "/%2e%2e/secret",
            "/www/%2E%2E/%2e%2e/x",
            "/..%2fx",
            "/a%5c..%5cb",
            "/a%00b",
        ] {
            assert_eq!(sanitize(target), Err(Refused::Escape), "{target}");
        }
    }

    #[test]
    fn inside_checks_resolve_links() {
        let root = std::env::temp_dir();
        assert!(is_inside(&root, &root));
        assert!(!is_inside(&root.join("sub"), &root));
        assert!(!is_inside(&root, Path::new("/definitely/not/here")));
    }
}
