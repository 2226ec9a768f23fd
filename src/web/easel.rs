//! Where a sprite is drawn (an [`Easel`]) and what it is kept as (a [`Picture`]).
//!
//! Why bitmaps: copying a sprite costs a fixed price per `drawImage` call, far above its few
//! pixels, and the price depends on the source. Measured in headless Firefox with thirty
//! small sprites copied per frame, each from a source of its own: 19-21 µs a copy from a
//! canvas element, 11 µs from an `ImageBitmap` (33-37 µs against 25-27 µs at
//! devicePixelRatio 2). The pit stop copies about thirty sprites a frame, so a frame spent
//! 0.74 ms copying from canvases and spends 0.41 ms copying from bitmaps.
//!
//! Why a sprite is drawn on a canvas element first: an `OffscreenCanvas` could hand its
//! pixels over at once (`transferToImageBitmap`), but then gets a new buffer for the next
//! sprite, and making a sprite that way cost 1.3 ms against 0.6 ms on a reused canvas
//! element (median; 3.4 ms against 0.9 ms in the slowest twentieth), in the frames that make
//! one. So a sprite is drawn on a canvas element, copied from it for the frame or two until
//! `createImageBitmap` (asynchronous, 0.05 ms to ask) delivers its bitmap, and from the
//! bitmap after that; the canvas element goes back to draw the next sprite.

use std::cell::Cell;
use std::rc::{Rc, Weak};

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageBitmap};

/// Easels kept for the next sprites: making a canvas costs more than resizing one. A spare
/// keeps the pixels of the last sprite drawn on it until it is resized (a car at
/// devicePixelRatio 2 is most of a megabyte), so only a few are kept.
const SPARE_EASELS: usize = 8;

/// A sprite's pixels: the canvas they were drawn on, until the frame after their bitmap
/// arrives (see [`Easels::settle`]).
pub(crate) struct Picture {
    source: Source,
    /// Where the bitmap asked for arrives.
    arriving: Option<Rc<Cell<Option<ImageBitmap>>>>,
    width: u32,
    height: u32,
}

enum Source {
    Canvas(Easel),
    Bitmap(ImageBitmap),
}

impl Picture {
    pub(crate) fn width(&self) -> u32 {
        self.width
    }

    pub(crate) fn height(&self) -> u32 {
        self.height
    }

    /// Copies the picture onto `ctx` at (x, y), w × h in the context's units.
    pub(crate) fn copy_to(&self, ctx: &CanvasRenderingContext2d, x: f64, y: f64, w: f64, h: f64) {
        // Only a broken source throws; a frame without one sprite is better than a panic,
        // which would end the instance.
        let _ = match &self.source {
            Source::Bitmap(b) => ctx.draw_image_with_image_bitmap_and_dw_and_dh(b, x, y, w, h),
            Source::Canvas(e) => {
                ctx.draw_image_with_html_canvas_element_and_dw_and_dh(&e.canvas, x, y, w, h)
            }
        };
    }

    /// Whether the picture is its bitmap already (for tests).
    #[cfg(test)]
    pub(crate) fn is_bitmap(&self) -> bool {
        self.bitmap().is_some()
    }

    #[cfg(test)]
    pub(crate) fn bitmap(&self) -> Option<ImageBitmap> {
        match &self.source {
            Source::Bitmap(b) => Some(b.clone()),
            Source::Canvas(_) => None,
        }
    }
}

impl Drop for Picture {
    /// A bitmap's memory is freed now, not when the garbage collector gets to it: a car's
    /// bitmap at devicePixelRatio 2 is most of a megabyte, and cars come and go.
    fn drop(&mut self) {
        if let Source::Bitmap(b) = &self.source {
            b.close();
        }
        if let Some(b) = self.arriving.as_ref().and_then(|slot| slot.take()) {
            b.close();
        }
    }
}

/// Asks the browser for `canvas`'s pixels as a bitmap; it arrives in the returned slot (or is
/// closed at once if the slot is gone by then). `None` if the browser will not make one.
fn ask_for_bitmap(canvas: &HtmlCanvasElement) -> Option<Rc<Cell<Option<ImageBitmap>>>> {
    let promise = web_sys::window()?
        .create_image_bitmap_with_html_canvas_element(canvas)
        .ok()?;
    let slot = Rc::new(Cell::new(None));
    let weak: Weak<Cell<Option<ImageBitmap>>> = Rc::downgrade(&slot);
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(bitmap) = JsFuture::from(promise).await else {
            return; // the picture stays a canvas
        };
        let bitmap: ImageBitmap = bitmap.unchecked_into();
        match weak.upgrade() {
            Some(slot) => slot.set(Some(bitmap)),
            None => bitmap.close(),
        }
    });
    Some(slot)
}

/// A canvas that is not on the page, with its 2D context: what a sprite is drawn on.
pub(crate) struct Easel {
    canvas: HtmlCanvasElement,
    pub(crate) ctx: CanvasRenderingContext2d,
}

impl Easel {
    fn new() -> Option<Easel> {
        let document = web_sys::window()?.document()?;
        let canvas: HtmlCanvasElement = document.create_element("canvas").ok()?.dyn_into().ok()?;
        let ctx = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        Some(Easel { canvas, ctx })
    }

    /// Sizes the easel in device pixels. This clears it and resets its context's state.
    pub(crate) fn resize(&self, width: u32, height: u32) {
        self.canvas.set_width(width);
        self.canvas.set_height(height);
    }

    #[cfg(test)]
    pub(crate) fn size(&self) -> (u32, u32) {
        (self.canvas.width(), self.canvas.height())
    }
}

/// The easels not in use.
#[derive(Default)]
pub(crate) struct Easels {
    spare: Vec<Easel>,
}

impl Easels {
    /// An easel to draw on: a spare one, or a new one. `None` if the page cannot make one.
    pub(crate) fn take(&mut self) -> Option<Easel> {
        self.spare.pop().or_else(Easel::new)
    }

    /// Takes back an easel that is done with (kept if there is room among the spares).
    pub(crate) fn give_back(&mut self, easel: Easel) {
        if self.spare.len() < SPARE_EASELS {
            self.spare.push(easel);
        }
    }

    /// What was drawn on `easel`, as a picture to keep; its bitmap is asked for.
    pub(crate) fn finish(&mut self, easel: Easel) -> Picture {
        Picture {
            arriving: ask_for_bitmap(&easel.canvas),
            width: easel.canvas.width(),
            height: easel.canvas.height(),
            source: Source::Canvas(easel),
        }
    }

    /// Switches `picture` to its bitmap if it has arrived; its canvas is an easel again.
    pub(crate) fn settle(&mut self, picture: &mut Picture) {
        let Some(bitmap) = picture.arriving.as_ref().and_then(|slot| slot.take()) else {
            return;
        };
        picture.arriving = None;
        let drawn_on = std::mem::replace(&mut picture.source, Source::Bitmap(bitmap));
        if let Source::Canvas(easel) = drawn_on {
            self.give_back(easel);
        }
    }

    /// A picture is dropped: its canvas, if it still is one, can be drawn on again.
    pub(crate) fn recycle(&mut self, picture: &Picture) {
        if let Source::Canvas(easel) = &picture.source {
            self.give_back(Easel {
                canvas: easel.canvas.clone(),
                ctx: easel.ctx.clone(),
            });
        }
    }

    #[cfg(test)]
    pub(crate) fn spare_count(&self) -> usize {
        self.spare.len()
    }
}
