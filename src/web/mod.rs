//! The browser shell: the only code that touches the DOM, the canvas and JavaScript.
//!
//! - [`api`]: the `PitStop` class exported to JavaScript;
//! - `automount`: `mountAll()`, every `<canvas data-pitstop>` from its `data-*` attributes;
//! - `canvas`: Canvas 2D behind the scene's `Painter`, sized for devicePixelRatio;
//! - `frame_loop`: the `requestAnimationFrame` loop and how it stops for good;
//! - [`local_host`]: the runtime on `spawn_local`, the reference host;
//! - `sprites`: lasting text and shapes drawn once and copied, for the canvas painter.

pub mod api;
mod automount;
pub mod bench;
mod canvas;
mod easel;
mod frame_loop;
mod js;
pub mod local_host;
mod mounted;
mod sprites;

use wasm_bindgen::prelude::*;

#[cfg(test)]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// A canvas on the page, styled with `css` (the library's own browser tests).
#[cfg(test)]
pub(crate) fn canvas_on_page(css: &str) -> web_sys::HtmlCanvasElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let canvas: web_sys::HtmlCanvasElement = document
        .create_element("canvas")
        .unwrap()
        .dyn_into()
        .unwrap();
    canvas.style().set_css_text(css);
    document.body().unwrap().append_child(&canvas).unwrap();
    canvas
}

/// Runs once when the module is instantiated.
#[wasm_bindgen(start)]
pub fn start() {
    // A panic is a bug (bad input gets an Error, never a panic); if one happens anyway, say
    // where in the console instead of "unreachable executed".
    console_error_panic_hook::set_once();
}
