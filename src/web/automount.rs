//! Auto-mount for authors who write no JavaScript: every `<canvas data-pitstop>` on the page
//! becomes a visualization, its options read from `data-*` attributes
//! (`data-speed="0.5" data-seed="7" data-crew="full" data-loop data-chaos="0.2"`).

use js_sys::Array;
use wasm_bindgen::prelude::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use super::api::PitStop;
use super::mounted;
use crate::options::{Options, OPTION_NAMES};
use crate::scene::palette as colour;

/// Mounts every `canvas[data-pitstop]` not mounted yet and returns the new `PitStop`s. A
/// canvas with a bad attribute gets `data-status="error"` and a `data-error` naming it; the
/// others still mount.
#[wasm_bindgen(js_name = mountAll, unchecked_return_type = "PitStop[]")]
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
                show_error(&canvas, &problem);
            }
        }
    }
    Ok(mounted)
}

/// Writes why the canvas did not start on the canvas itself: an author looking at the page
/// sees the reason where the picture should be, not an empty hole and a console to open.
fn show_error(canvas: &HtmlCanvasElement, problem: &str) {
    let Some(ctx) = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
    else {
        return; // a canvas already used for WebGL: the attribute and the console say it
    };
    // Crisp at the page's pixel ratio when the canvas's size on the page is its own; a
    // canvas sized by its backing store (a bare one, or one with only attributes) keeps it,
    // or the message would grow it (and a bare one would lose the size `new PitStop` gives).
    let before = (canvas.client_width(), canvas.client_height());
    let original = (
        canvas.get_attribute("width"),
        canvas.get_attribute("height"),
    );
    let mut dpr = super::canvas::device_pixel_ratio();
    if super::canvas::has_no_size(canvas) || before.0 <= 0 || before.1 <= 0 {
        dpr = 1.0;
    } else {
        canvas.set_width((f64::from(before.0) * dpr).round() as u32);
        canvas.set_height((f64::from(before.1) * dpr).round() as u32);
        if (canvas.client_width(), canvas.client_height()) != before {
            for (name, value) in [("width", &original.0), ("height", &original.1)] {
                let _ = match value {
                    Some(value) => canvas.set_attribute(name, value),
                    None => canvas.remove_attribute(name),
                };
            }
            dpr = 1.0;
        }
    }
    let (w, h) = (
        f64::from(canvas.width()) / dpr,
        f64::from(canvas.height()) / dpr,
    );
    // Canvas calls only throw for non-finite numbers, which none of these are.
    let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
    ctx.set_fill_style_str(colour::BACKGROUND);
    ctx.fill_rect(0.0, 0.0, w, h);
    // Literal fonts: formatting a float would bring its formatting code into the .wasm.
    let (margin, px) = (12.0, 13.0);
    ctx.set_font("700 13px system-ui, sans-serif");
    ctx.set_fill_style_str(colour::FAILED);
    let _ = ctx.fill_text("PitStop did not start", margin, margin + px);
    ctx.set_font("400 13px system-ui, sans-serif");
    ctx.set_fill_style_str(colour::TEXT);
    let width_of = |text: &str| ctx.measure_text(text).map_or(0.0, |m| m.width());
    let mut y = margin + px * 2.6;
    for line in wrap(problem, w - 2.0 * margin, width_of) {
        let _ = ctx.fill_text(&line, margin, y);
        y += px * 1.35;
    }
}

/// Words into lines no wider than `max` (a word longer than that gets a line of its own).
fn wrap(text: &str, max: f64, width_of: impl Fn(&str) -> f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let tried = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if width_of(&tried) <= max || line.is_empty() {
            line = tried;
        } else {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
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

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn words_wrap_to_the_width_and_a_long_word_keeps_its_line() {
        let chars = |t: &str| t.len() as f64;
        assert_eq!(
            wrap("data-loop: must be true", 10.0, chars),
            ["data-loop:", "must be", "true"]
        );
        assert_eq!(
            wrap("a verylongword b", 4.0, chars),
            ["a", "verylongword", "b"]
        );
        assert!(wrap("  ", 4.0, chars).is_empty());
    }

    /// A `<canvas data-pitstop>` styled with `css`, with one bad attribute, auto-mounted:
    /// it does not start, and is marked so.
    fn in_error(css: &str, (name, value): (&str, &str)) -> HtmlCanvasElement {
        let canvas = super::super::canvas_on_page(css);
        canvas.set_attribute("data-pitstop", "").unwrap();
        canvas.set_attribute(name, value).unwrap();
        assert_eq!(mount_all().unwrap().length(), 0);
        assert_eq!(
            canvas.get_attribute("data-status").as_deref(),
            Some("error")
        );
        canvas
    }

    /// The canvas's 2D context, to read its pixels back.
    fn context_2d(canvas: &HtmlCanvasElement) -> CanvasRenderingContext2d {
        canvas
            .get_context("2d")
            .unwrap()
            .unwrap()
            .dyn_into()
            .unwrap()
    }

    /// A canvas with a bad attribute does not start, and says why on itself.
    #[wasm_bindgen_test]
    fn a_bad_attribute_is_shown_on_its_canvas() {
        let canvas = in_error("width: 320px; height: 180px", ("data-loop", "yes"));
        let error = canvas.get_attribute("data-error").unwrap();
        assert!(error.starts_with("data-loop:"), "{error}");
        let ctx = context_2d(&canvas);
        let dpr = super::super::canvas::device_pixel_ratio();
        let at = |x: f64, y: f64| {
            let data = ctx
                .get_image_data(x * dpr, y * dpr, 1.0, 1.0)
                .unwrap()
                .data();
            (data[0], data[3])
        };
        assert_eq!(at(300.0, 170.0).1, 255, "the canvas is filled");
        let red = (0..180).filter(|x| at(f64::from(*x), 21.0).0 > 200).count();
        assert!(red > 10, "the red title is written ({red} pixels)");
        canvas.remove();
    }

    /// A bare canvas (no size of its own) shows its error at the size it has, and keeps no
    /// size it was not given: a later `new PitStop` on it still gives it the 12:7 shape.
    #[wasm_bindgen_test]
    fn a_bare_canvas_in_error_keeps_its_size() {
        let canvas = in_error("", ("data-speed", "9"));
        assert_eq!((canvas.client_width(), canvas.client_height()), (300, 150));
        assert!(!canvas.has_attribute("width") && !canvas.has_attribute("height"));
        let ctx = context_2d(&canvas);
        let corner = ctx.get_image_data(290.0, 140.0, 1.0, 1.0).unwrap().data();
        assert_eq!(corner[3], 255, "the message's ground fills the canvas");
        canvas.remove();
    }
}
