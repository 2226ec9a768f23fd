//! The instances that are running, one per canvas, and what keeps them running.
//!
//! An instance runs until `destroy()`, not until its JavaScript handle is garbage
//! collected: `mountAll()`'s handles are usually thrown away, and a picture on the page must
//! not stop when the collector runs (the handle's `free()`, which wasm-bindgen generates, only
//! lets go of the handle too). So the frame loop, which owns the instance, is kept here, and
//! `destroy()` ends it.
//!
//! One instance per canvas: two would both run and both draw, and only the newer would be
//! seen, an invisible stop behind the visible one (a tutorial's hot reload, a second
//! `new PitStop('#stop')`). So a canvas is taken at mount and given back by `destroy()`, at
//! once, even from inside one of the instance's own callbacks.

use std::cell::{Cell, RefCell};

use wasm_bindgen::JsValue;
use web_sys::HtmlCanvasElement;

use super::frame_loop::FrameLoop;

struct Running {
    id: u64,
    canvas: HtmlCanvasElement,
    /// Owns the instance (through its frame callback) and keeps it running.
    frames: FrameLoop,
}

thread_local! {
    static RUNNING: RefCell<Vec<Running>> = const { RefCell::new(Vec::new()) };
    static NEXT_ID: Cell<u64> = const { Cell::new(0) };
}

fn same(a: &HtmlCanvasElement, b: &HtmlCanvasElement) -> bool {
    AsRef::<JsValue>::as_ref(a) == AsRef::<JsValue>::as_ref(b)
}

/// True if an instance runs on `canvas`.
pub(crate) fn is_mounted(canvas: &HtmlCanvasElement) -> bool {
    RUNNING.with(|r| r.borrow().iter().any(|m| same(&m.canvas, canvas)))
}

/// Ok if `canvas` is free for a new instance, else why not.
pub(crate) fn ensure_free(canvas: &HtmlCanvasElement) -> Result<(), String> {
    if is_mounted(canvas) {
        return Err("this canvas already shows a PitStop: destroy() that one first".into());
    }
    Ok(())
}

/// Keeps `frames` running on `canvas` until [`end`]; returns the id to end it with.
pub(crate) fn keep(canvas: HtmlCanvasElement, frames: FrameLoop) -> u64 {
    let id = NEXT_ID.with(|n| {
        let id = n.get();
        n.set(id + 1);
        id
    });
    RUNNING.with(|r| r.borrow_mut().push(Running { id, canvas, frames }));
    id
}

/// Stops instance `id` for good and gives its canvas back (returned, to be marked).
pub(crate) fn end(id: u64) -> Option<HtmlCanvasElement> {
    let running = RUNNING.with(|r| {
        let mut r = r.borrow_mut();
        let at = r.iter().position(|m| m.id == id)?;
        Some(r.swap_remove(at))
    })?;
    // Stopped outside the borrow: dropping the frame callback drops the instance.
    running.frames.stop();
    Some(running.canvas)
}
