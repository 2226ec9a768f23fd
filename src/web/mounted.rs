//! Which canvases show a live `PitStop`: one per canvas.
//!
//! Two instances on one canvas would both run and both draw, and only the newer would be
//! seen: a page that mounts again without `destroy()` (a tutorial's hot reload, a second
//! `new PitStop('#stop')`) would run an invisible stop behind the visible one. So a canvas is
//! claimed at mount and given back when its instance is dropped.

use std::cell::RefCell;

use wasm_bindgen::JsValue;
use web_sys::HtmlCanvasElement;

thread_local! {
    static MOUNTED: RefCell<Vec<HtmlCanvasElement>> = const { RefCell::new(Vec::new()) };
}

fn same(a: &HtmlCanvasElement, b: &HtmlCanvasElement) -> bool {
    AsRef::<JsValue>::as_ref(a) == AsRef::<JsValue>::as_ref(b)
}

/// True if a live instance shows on `canvas`.
pub(crate) fn is_mounted(canvas: &HtmlCanvasElement) -> bool {
    MOUNTED.with(|m| m.borrow().iter().any(|c| same(c, canvas)))
}

/// Claims `canvas` for a new instance, or says why not.
pub(crate) fn claim(canvas: &HtmlCanvasElement) -> Result<(), String> {
    if is_mounted(canvas) {
        return Err("this canvas already shows a PitStop: destroy() that one first".into());
    }
    MOUNTED.with(|m| m.borrow_mut().push(canvas.clone()));
    Ok(())
}

/// Gives `canvas` back (its instance is gone).
pub(crate) fn release(canvas: &HtmlCanvasElement) {
    MOUNTED.with(|m| m.borrow_mut().retain(|c| !same(c, canvas)));
}
