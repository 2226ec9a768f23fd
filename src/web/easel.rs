//! Where a sprite is drawn (an [`Easel`]) and what it is kept as (a [`Picture`]).
//!
//! Why bitmaps: copying a sprite costs a fixed price per `drawImage` call far above its few
//! pixels, and the price depends on the source. Measured in headless Firefox, thirty small
//! sprites copied per frame at whole device pixels: 19-21 µs a copy from a canvas element,
//! 17-19 µs from an `OffscreenCanvas`, 11 µs from an `ImageBitmap` (25-27 µs against 33-37 µs
//! at devicePixelRatio 2). A frame copies about thirty sprites. So a sprite is drawn on an
//! `OffscreenCanvas` and handed over with `transferToImageBitmap`, which takes its pixels
//! without copying them and leaves the easel blank for the next sprite. A browser without a
//! 2D `OffscreenCanvas` gets canvas elements instead: slower copies, the same pixels.
//!
//! The `OffscreenCanvas`'s context is used through the [`CanvasRenderingContext2d`] type: the
//! two interfaces have the same drawing methods, and wasm-bindgen calls a method by its name
//! on the object (`ctx.fillRect(...)`), not through a class's prototype. The sprites' browser
//! tests compare their pixels with direct drawing, which would catch it if that changed.

use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageBitmap, OffscreenCanvas};

/// Easels kept for the next sprites: making a canvas costs more than resizing one.
const SPARE_EASELS: usize = 8;

/// A sprite's pixels.
pub(crate) enum Picture {
    Bitmap(ImageBitmap),
    Canvas(HtmlCanvasElement),
}

impl Picture {
    pub(crate) fn width(&self) -> u32 {
        match self {
            Picture::Bitmap(b) => b.width(),
            Picture::Canvas(c) => c.width(),
        }
    }

    pub(crate) fn height(&self) -> u32 {
        match self {
            Picture::Bitmap(b) => b.height(),
            Picture::Canvas(c) => c.height(),
        }
    }

    /// Copies the picture onto `ctx` at (x, y), w × h in the context's units.
    pub(crate) fn copy_to(&self, ctx: &CanvasRenderingContext2d, x: f64, y: f64, w: f64, h: f64) {
        // Only a detached or broken source throws; a frame without one sprite is better than
        // a panic, which would end the instance.
        let _ = match self {
            Picture::Bitmap(b) => ctx.draw_image_with_image_bitmap_and_dw_and_dh(b, x, y, w, h),
            Picture::Canvas(c) => {
                ctx.draw_image_with_html_canvas_element_and_dw_and_dh(c, x, y, w, h)
            }
        };
    }
}

impl Drop for Picture {
    /// A bitmap's memory is freed now, not when the garbage collector gets to it: a car's
    /// bitmap at devicePixelRatio 2 is most of a megabyte, and cars come and go.
    fn drop(&mut self) {
        if let Picture::Bitmap(b) = self {
            b.close();
        }
    }
}

/// A surface a sprite is drawn on, with its 2D context.
pub(crate) struct Easel {
    surface: Surface,
    pub(crate) ctx: CanvasRenderingContext2d,
}

enum Surface {
    Offscreen(OffscreenCanvas),
    Canvas(HtmlCanvasElement),
}

impl Easel {
    /// A new easel: an `OffscreenCanvas` where the browser has one with a 2D context, else a
    /// canvas element that is not on the page.
    fn new() -> Option<Easel> {
        if let Ok(offscreen) = OffscreenCanvas::new(1, 1) {
            if let Ok(Some(ctx)) = offscreen.get_context("2d") {
                return Some(Easel {
                    surface: Surface::Offscreen(offscreen),
                    ctx: ctx.unchecked_into(),
                });
            }
        }
        let document = web_sys::window()?.document()?;
        Easel::of_canvas(document.create_element("canvas").ok()?.dyn_into().ok()?)
    }

    fn of_canvas(canvas: HtmlCanvasElement) -> Option<Easel> {
        let ctx = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        Some(Easel {
            surface: Surface::Canvas(canvas),
            ctx,
        })
    }

    /// Sizes the easel in device pixels. This clears it and resets its context's state.
    pub(crate) fn resize(&self, width: u32, height: u32) {
        match &self.surface {
            Surface::Offscreen(o) => {
                o.set_width(width);
                o.set_height(height);
            }
            Surface::Canvas(c) => {
                c.set_width(width);
                c.set_height(height);
            }
        }
    }

    #[cfg(test)]
    pub(crate) fn size(&self) -> (u32, u32) {
        match &self.surface {
            Surface::Offscreen(o) => (o.width(), o.height()),
            Surface::Canvas(c) => (c.width(), c.height()),
        }
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

    /// Takes back an easel that was not finished (drawing it failed).
    pub(crate) fn give_back(&mut self, easel: Easel) {
        if self.spare.len() < SPARE_EASELS {
            self.spare.push(easel);
        }
    }

    /// What was drawn on `easel`, as a picture to keep. An `OffscreenCanvas` hands its pixels
    /// over and comes back to be used again; a canvas element becomes the picture.
    pub(crate) fn finish(&mut self, easel: Easel) -> Option<Picture> {
        match &easel.surface {
            Surface::Offscreen(o) => {
                let bitmap = o.transfer_to_image_bitmap().ok();
                self.give_back(easel);
                bitmap.map(Picture::Bitmap)
            }
            Surface::Canvas(c) => Some(Picture::Canvas(c.clone())),
        }
    }

    /// A picture is dropped: a canvas element can be drawn on again (a bitmap is closed).
    pub(crate) fn recycle(&mut self, picture: &Picture) {
        if let Picture::Canvas(c) = picture {
            if self.spare.len() < SPARE_EASELS {
                if let Some(easel) = Easel::of_canvas(c.clone()) {
                    self.spare.push(easel);
                }
            }
        }
    }

    #[cfg(test)]
    pub(crate) fn spare_count(&self) -> usize {
        self.spare.len()
    }
}
