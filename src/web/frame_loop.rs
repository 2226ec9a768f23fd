//! A `requestAnimationFrame` loop that can be stopped for good.
//!
//! The closure that rAF calls must outlive each frame and reschedule itself, so it is kept in
//! an `Rc<RefCell<Option<Closure>>>` that the closure itself can reach (the pattern of
//! wasm-bindgen's request-animation-frame example). That is a reference cycle on purpose;
//! [`FrameLoop::stop`] breaks it: it cancels the pending frame and drops the closure, so no
//! callback ever runs again and everything the closure owns is freed.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

type FrameCallback = Closure<dyn FnMut(f64)>;

pub(crate) struct FrameLoop {
    callback: Rc<RefCell<Option<FrameCallback>>>,
    pending: Rc<Cell<Option<i32>>>,
}

impl FrameLoop {
    /// Calls `on_frame(timestamp_ms)` on every animation frame until [`FrameLoop::stop`].
    pub(crate) fn start(mut on_frame: impl FnMut(f64) + 'static) -> Result<FrameLoop, String> {
        let callback: Rc<RefCell<Option<FrameCallback>>> = Rc::new(RefCell::new(None));
        let pending = Rc::new(Cell::new(None));
        let (weak_callback, frame_pending) = (Rc::downgrade(&callback), Rc::clone(&pending));
        let closure = Closure::<dyn FnMut(f64)>::new(move |timestamp: f64| {
            frame_pending.set(None);
            on_frame(timestamp);
            // Reschedule only while the loop has not been stopped (the closure is still in
            // its cell).
            if let Some(cell) = weak_callback.upgrade() {
                if let Some(cb) = cell.borrow().as_ref() {
                    frame_pending.set(request_frame(cb));
                }
            }
        });
        pending.set(request_frame(&closure));
        *callback.borrow_mut() = Some(closure);
        if pending.get().is_none() {
            return Err("requestAnimationFrame is not available".into());
        }
        Ok(FrameLoop { callback, pending })
    }

    /// Cancels the next frame and drops the callback. Safe to call from inside a frame.
    pub(crate) fn stop(&self) {
        if let (Some(id), Some(window)) = (self.pending.take(), web_sys::window()) {
            let _ = window.cancel_animation_frame(id);
        }
        // Dropped at the end of this statement, not while a frame borrows it: rAF calls the
        // closure through JS, and the RefCell is only borrowed in the reschedule above, after
        // `on_frame` returns; `try_borrow_mut` keeps a stop from inside `on_frame` safe.
        if let Ok(mut slot) = self.callback.try_borrow_mut() {
            slot.take();
        }
    }
}

impl Drop for FrameLoop {
    fn drop(&mut self) {
        self.stop();
    }
}

fn request_frame(cb: &FrameCallback) -> Option<i32> {
    web_sys::window()?
        .request_animation_frame(cb.as_ref().unchecked_ref())
        .ok()
}
