//! The [`Painter`] for a browser canvas, and keeping the canvas's pixels matched to its size
//! on screen and to the display's devicePixelRatio.

use wasm_bindgen::JsValue;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use crate::scene::{Align, Painter};

/// A canvas and its 2D context, sized for crisp drawing.
pub(crate) struct Canvas {
    pub(crate) element: HtmlCanvasElement,
    ctx: CanvasRenderingContext2d,
    /// The logical size last fitted (CSS pixels) and the pixel ratio it was fitted for.
    fitted: (f64, f64, f64),
}

impl Canvas {
    pub(crate) fn new(element: HtmlCanvasElement) -> Result<Canvas, String> {
        let ctx = element
            .get_context("2d")
            .map_err(|_| "the canvas refused a 2d context".to_string())?
            .ok_or_else(|| {
                "the canvas has no 2d context (is it already used for WebGL?)".to_string()
            })?;
        let ctx = wasm_bindgen::JsCast::dyn_into::<CanvasRenderingContext2d>(ctx)
            .map_err(|_| "the canvas's 2d context is not a CanvasRenderingContext2D".to_string())?;
        Ok(Canvas {
            element,
            ctx,
            fitted: (0.0, 0.0, 0.0),
        })
    }

    /// Matches the backing store to the canvas's CSS size times the pixel ratio (only when
    /// either changed: resizing clears the canvas), sets the transform so that drawing is in
    /// CSS pixels, and returns the logical size.
    pub(crate) fn fit(&mut self, device_pixel_ratio: f64) -> (f64, f64) {
        let dpr = if device_pixel_ratio.is_finite() && device_pixel_ratio > 0.0 {
            device_pixel_ratio
        } else {
            1.0
        };
        let mut css_w = f64::from(self.element.client_width());
        let mut css_h = f64::from(self.element.client_height());
        if css_w <= 0.0 || css_h <= 0.0 {
            // Not laid out (display: none, or detached): keep the attribute size.
            css_w = f64::from(self.element.width()).max(1.0) / dpr;
            css_h = f64::from(self.element.height()).max(1.0) / dpr;
        }
        if self.fitted != (css_w, css_h, dpr) {
            self.element.set_width((css_w * dpr).round() as u32);
            self.element.set_height((css_h * dpr).round() as u32);
            self.fitted = (css_w, css_h, dpr);
        }
        // Canvas calls only throw for non-finite numbers, which `dpr` is not.
        let _ = self.ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
        (css_w, css_h)
    }

    pub(crate) fn painter(&self) -> CanvasPainter<'_> {
        CanvasPainter(&self.ctx)
    }
}

/// Canvas 2D behind the [`Painter`] trait. Canvas methods that return `Result` only fail for
/// arguments the scene never produces (non-finite numbers); their errors are ignored rather
/// than turned into panics, which would kill the whole instance.
pub(crate) struct CanvasPainter<'a>(&'a CanvasRenderingContext2d);

impl Painter for CanvasPainter<'_> {
    fn save(&mut self) {
        self.0.save();
    }
    fn restore(&mut self) {
        self.0.restore();
    }
    fn translate(&mut self, x: f64, y: f64) {
        let _ = self.0.translate(x, y);
    }
    fn rotate(&mut self, radians: f64) {
        let _ = self.0.rotate(radians);
    }
    fn scale(&mut self, sx: f64, sy: f64) {
        let _ = self.0.scale(sx, sy);
    }
    fn set_alpha(&mut self, alpha: f64) {
        self.0.set_global_alpha(alpha);
    }
    fn set_fill(&mut self, css_color: &str) {
        self.0.set_fill_style_str(css_color);
    }
    fn set_stroke(&mut self, css_color: &str) {
        self.0.set_stroke_style_str(css_color);
    }
    fn set_line_width(&mut self, width: f64) {
        self.0.set_line_width(width);
    }
    fn set_line_dash(&mut self, dash: &[f64]) {
        let array = js_sys::Array::new();
        for d in dash {
            array.push(&JsValue::from_f64(*d));
        }
        let _ = self.0.set_line_dash(&array);
    }
    fn fill_rect(&mut self, x: f64, y: f64, w: f64, h: f64) {
        self.0.fill_rect(x, y, w, h);
    }
    fn stroke_rect(&mut self, x: f64, y: f64, w: f64, h: f64) {
        self.0.stroke_rect(x, y, w, h);
    }
    fn begin_path(&mut self) {
        self.0.begin_path();
    }
    fn move_to(&mut self, x: f64, y: f64) {
        self.0.move_to(x, y);
    }
    fn line_to(&mut self, x: f64, y: f64) {
        self.0.line_to(x, y);
    }
    fn quadratic_to(&mut self, cx: f64, cy: f64, x: f64, y: f64) {
        self.0.quadratic_curve_to(cx, cy, x, y);
    }
    fn arc(&mut self, x: f64, y: f64, r: f64, start: f64, end: f64) {
        let _ = self.0.arc(x, y, r.max(0.0), start, end);
    }
    fn close_path(&mut self) {
        self.0.close_path();
    }
    fn fill(&mut self) {
        self.0.fill();
    }
    fn stroke(&mut self) {
        self.0.stroke();
    }
    fn set_font(&mut self, font: &str) {
        self.0.set_font(font);
    }
    fn fill_text(&mut self, text: &str, x: f64, y: f64, align: Align) {
        self.0.set_text_align(match align {
            Align::Left => "left",
            Align::Center => "center",
            Align::Right => "right",
        });
        let _ = self.0.fill_text(text, x, y);
    }
    fn text_width(&mut self, text: &str) -> f64 {
        self.0.measure_text(text).map_or(0.0, |m| m.width())
    }
}
