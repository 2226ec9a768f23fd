//! Auto-mount for authors who write no JavaScript: every `<canvas data-pitstop>` on the page
//! becomes a visualization, its options read from `data-*` attributes
//! (`data-speed="0.5" data-seed="7" data-crew="full" data-loop data-chaos="0.2"`).

use js_sys::Array;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use super::api::PitStop;
use super::mounted;
use crate::options::{Options, OPTION_NAMES};

/// Mounts every `canvas[data-pitstop]` not mounted yet and returns the new `PitStop`s. A
/// canvas with a bad attribute gets `data-status="error"` and a `data-error` naming it; the
/// others still mount.
#[wasm_bindgen(js_name = mountAll)]
pub fn mount_all() -> Result<Array, JsError> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsError::new("mountAll: there is no document"))?;
    let found = document
        .query_selector_all("canvas[data-pitstop]")
        .map_err(|_| JsError::new("mountAll: the page refused the query"))?;
    let mounted = Array::new();
    for i in 0..found.length() {
        let Some(canvas) = found
            .item(i)
            .and_then(|n| n.dyn_into::<HtmlCanvasElement>().ok())
        else {
            continue;
        };
        if canvas.has_attribute("data-status") || mounted::is_mounted(&canvas) {
            continue; // mounted before (or failed before), here or from JavaScript
        }
        warn_unknown_attributes(&canvas);
        match options_of(&canvas).and_then(|o| PitStop::mount(canvas.clone(), o)) {
            Ok(stop) => {
                mounted.push(&JsValue::from(stop));
            }
            Err(problem) => {
                let _ = canvas.set_attribute("data-status", "error");
                let _ = canvas.set_attribute("data-error", &problem);
                web_sys::console::error_1(&format!("PitStop auto-mount: {problem}").into());
            }
        }
    }
    Ok(mounted)
}

/// Options from the canvas's `data-*` attributes (`data-latency-ms` is `latencyMs`).
fn options_of(canvas: &HtmlCanvasElement) -> Result<Options, String> {
    let mut options = Options::default();
    let data = canvas.dataset();
    for name in OPTION_NAMES.iter().copied().chain(["chaos"]) {
        if name == "faults" {
            continue;
        }
        if let Some(text) = data.get(name) {
            options
                .set_from_text(name, &text)
                .map_err(|e| format!("data-{}: {e}", kebab(name)))?;
        }
    }
    Ok(options)
}

/// The `data-*` attributes the library reads or writes itself, besides the options.
const OWN_ATTRIBUTES: [&str; 5] = ["pitstop", "status", "state", "error", "chaos"];

/// Warns (in the console) about `data-*` attributes that are not options: a misspelt
/// `data-sped="2"` would otherwise be ignored without a word. Only a warning: a page may
/// keep data attributes of its own on the canvas.
fn warn_unknown_attributes(canvas: &HtmlCanvasElement) {
    let keys = js_sys::Object::keys(&canvas.dataset());
    for key in keys.iter().filter_map(|k| k.as_string()) {
        let known = OPTION_NAMES.contains(&key.as_str()) && key != "faults";
        if !known && !OWN_ATTRIBUTES.contains(&key.as_str()) {
            web_sys::console::warn_1(
                &format!(
                    "PitStop auto-mount: data-{} is not an option and is ignored (options: {})",
                    kebab(&key),
                    options_list()
                )
                .into(),
            );
        }
    }
}

/// The options as attributes: `data-speed, data-seed, ...`.
fn options_list() -> String {
    OPTION_NAMES
        .iter()
        .copied()
        .filter(|name| *name != "faults")
        .chain(["chaos"])
        .map(|name| format!("data-{}", kebab(name)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `latencyMs` as an attribute name: `latency-ms`.
fn kebab(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push('-');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}
