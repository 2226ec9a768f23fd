//! The instances that are running, one per canvas, and what keeps them running.
//!
//! An instance runs until it is destroyed, not until its JavaScript handle is garbage
//! collected: `mountAll()`'s handles are usually thrown away, and a picture on the page must
//! not stop when the collector runs (the handle's `free()`, which wasm-bindgen generates, only
//! lets go of the handle too). So the frame loop, which owns the instance, is kept here.
//!
//! One instance per canvas: two would both run and both draw, and only the newer would be
//! seen, an invisible stop behind the visible one. A new instance on a canvas that shows one
//! takes it over and the one before is destroyed: a tutorial's hot reload, or a page that
//! mounts again after losing its handle, gets a working picture, never a canvas it cannot
//! free. Its old handle then throws on every call, as after `destroy()`.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::JsValue;
use web_sys::HtmlCanvasElement;

use super::frame_loop::FrameLoop;

struct Running {
    id: u64,
    canvas: HtmlCanvasElement,
    /// Owns the instance (through its frame callback) and keeps it running.
    frames: FrameLoop,
    /// Shared with the instance's handle and its frame: false once it is destroyed.
    alive: Rc<Cell<bool>>,
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

/// Keeps `frames` running on `canvas` until [`end`]; returns the id to end it with. An
/// instance already on `canvas` is ended first (true if there was one).
pub(crate) fn keep(
    canvas: HtmlCanvasElement,
    frames: FrameLoop,
    alive: Rc<Cell<bool>>,
) -> (u64, bool) {
    let before = RUNNING.with(|r| {
        r.borrow()
            .iter()
            .find(|m| same(&m.canvas, &canvas))
            .map(|m| m.id)
    });
    let took_over = before.and_then(end).is_some();
    let id = NEXT_ID.with(|n| {
        let id = n.get();
        n.set(id + 1);
        id
    });
    RUNNING.with(|r| {
        r.borrow_mut().push(Running {
            id,
            canvas,
            frames,
            alive,
        })
    });
    (id, took_over)
}

/// Stops instance `id` for good and gives its canvas back (returned, to be marked).
pub(crate) fn end(id: u64) -> Option<HtmlCanvasElement> {
    let running = RUNNING.with(|r| {
        let mut r = r.borrow_mut();
        let at = r.iter().position(|m| m.id == id)?;
        Some(r.swap_remove(at))
    })?;
    running.alive.set(false);
    // Stopped outside the borrow: dropping the frame callback drops the instance.
    running.frames.stop();
    Some(running.canvas)
}
