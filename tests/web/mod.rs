//! Helpers shared by the browser tests (each `tests/web_*.rs` file is one test binary).

#![allow(dead_code)]

use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// A fresh canvas of `w` x `h` CSS pixels, attached to the page.
pub fn canvas(w: u32, h: u32) -> HtmlCanvasElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let canvas: HtmlCanvasElement = document
        .create_element("canvas")
        .unwrap()
        .dyn_into()
        .unwrap();
    let style = canvas.style();
    style.set_property("width", &format!("{w}px")).unwrap();
    style.set_property("height", &format!("{h}px")).unwrap();
    style.set_property("display", "block").unwrap();
    document.body().unwrap().append_child(&canvas).unwrap();
    canvas
}

/// Waits for `n` animation frames.
pub async fn frames(n: u32) {
    for _ in 0..n {
        let promise = Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .request_animation_frame(&resolve)
                .unwrap();
        });
        JsFuture::from(promise).await.unwrap();
    }
}

/// A JS object from `(key, value)` pairs.
pub fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in fields {
        Reflect::set(&o, &(*k).into(), v).unwrap();
    }
    o.into()
}

/// A property of a JS object.
pub fn get(o: &JsValue, key: &str) -> JsValue {
    Reflect::get(o, &key.into()).unwrap()
}

/// The message of a thrown `Error`.
pub fn message(e: impl Into<JsValue>) -> String {
    e.into().unchecked_into::<js_sys::Error>().message().into()
}

/// The canvas's 2D context (the one the instance draws with).
pub fn context(canvas: &HtmlCanvasElement) -> CanvasRenderingContext2d {
    canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap()
}

/// The colour of the device pixel under CSS point (x, y).
pub fn pixel(canvas: &HtmlCanvasElement, x: f64, y: f64) -> (u8, u8, u8) {
    let ctx = context(canvas);
    let dpr = f64::from(canvas.width()) / f64::from(canvas.client_width().max(1));
    let data = ctx
        .get_image_data((x * dpr).round(), (y * dpr).round(), 1.0, 1.0)
        .unwrap()
        .data();
    (data[0], data[1], data[2])
}

/// A fingerprint of every pixel of the canvas: two differ when the picture changed.
pub fn pixels_hash(canvas: &HtmlCanvasElement) -> u64 {
    use std::hash::{Hash, Hasher};
    let data = context(canvas)
        .get_image_data(
            0.0,
            0.0,
            f64::from(canvas.width()),
            f64::from(canvas.height()),
        )
        .unwrap()
        .data();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    data.0.hash(&mut hasher);
    hasher.finish()
}

/// `#rrggbb` as RGB.
pub fn rgb(hex: &str) -> (u8, u8, u8) {
    let v = u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap();
    ((v >> 16) as u8, (v >> 8) as u8, v as u8)
}

/// True when two colours are the same but for anti-aliasing.
pub fn close(a: (u8, u8, u8), b: (u8, u8, u8)) -> bool {
    a.0.abs_diff(b.0) <= 10 && a.1.abs_diff(b.1) <= 10 && a.2.abs_diff(b.2) <= 10
}

/// How many pixels of colour `hex` lie in the CSS box centred on (x, y).
pub fn count(
    canvas: &HtmlCanvasElement,
    x: f64,
    y: f64,
    half_w: f64,
    half_h: f64,
    hex: &str,
) -> usize {
    let want = rgb(hex);
    let mut n = 0;
    let mut yy = y - half_h;
    while yy <= y + half_h {
        let mut xx = x - half_w;
        while xx <= x + half_w {
            if close(pixel(canvas, xx, yy), want) {
                n += 1;
            }
            xx += 1.0;
        }
        yy += 1.0;
    }
    n
}
