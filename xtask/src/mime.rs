//! Content types by file extension. Browsers insist on some of them:
//! `WebAssembly.instantiateStreaming` rejects a .wasm not served as
//! `application/wasm`, and a module script must be served as JavaScript.

use std::path::Path;

/// The `Content-Type` for a file, from its extension (case-insensitive).
pub fn for_path(path: &Path) -> &'static str {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    // `.d.ts` before the plain extension table: it is text to read, like `.ts`.
    if name.ends_with(".d.ts") {
        return TEXT;
    }
    let extension = name.rsplit_once('.').map(|(_, ext)| ext).unwrap_or("");
    match extension {
        "html" | "htm" => HTML,
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "jsonl" | "ndjson" => "application/x-ndjson",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        // TypeScript sources and declarations (wasm-pack writes
        // `pitstop.d.ts`): shown as text rather than downloaded. (`video/mp2t`,
        // the registered type for `.ts`, is for MPEG streams.)
        "txt" | "md" | "ts" => TEXT,
        _ => "application/octet-stream",
    }
}

pub const HTML: &str = "text/html; charset=utf-8";
const TEXT: &str = "text/plain; charset=utf-8";

/// Whether responses of this type get the page-only headers (the CSP).
pub fn is_html(content_type: &str) -> bool {
    content_type.starts_with("text/html")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mime(name: &str) -> &'static str {
        for_path(Path::new(name))
    }

    #[test]
    fn web_types() {
        assert_eq!(mime("index.html"), "text/html; charset=utf-8");
        assert_eq!(mime("www/main.js"), "text/javascript; charset=utf-8");
        assert_eq!(mime("a.mjs"), "text/javascript; charset=utf-8");
        assert_eq!(mime("pkg/pitstop_bg.wasm"), "application/wasm");
        assert_eq!(mime("style.css"), "text/css; charset=utf-8");
        assert_eq!(mime("package.json"), "application/json");
        assert_eq!(mime("pitstop.js.map"), "application/json");
        assert_eq!(mime("log.jsonl"), "application/x-ndjson");
        assert_eq!(mime("log.ndjson"), "application/x-ndjson");
        assert_eq!(mime("shot.png"), "image/png");
        assert_eq!(mime("car.svg"), "image/svg+xml");
        assert_eq!(mime("favicon.ico"), "image/x-icon");
        assert_eq!(mime("notes.txt"), "text/plain; charset=utf-8");
        assert_eq!(mime("pitstop.d.ts"), "text/plain; charset=utf-8");
        assert_eq!(mime("pitstop_bg.wasm.d.ts"), "text/plain; charset=utf-8");
        assert_eq!(mime("main.ts"), "text/plain; charset=utf-8");
    }

    #[test]
    fn case_and_unknowns() {
        assert_eq!(mime("INDEX.HTML"), "text/html; charset=utf-8");
        assert_eq!(mime("Makefile"), "application/octet-stream");
        assert_eq!(mime("archive.tar.gz"), "application/octet-stream");
        assert_eq!(mime(".hidden"), "application/octet-stream");
    }

    #[test]
    fn html_detection() {
        assert!(is_html(mime("a.html")));
        assert!(!is_html(mime("a.js")));
    }
}
