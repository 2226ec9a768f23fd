//! The [`Painter`] for a browser canvas, and keeping the canvas's pixels matched to its size
//! on screen and to the display's devicePixelRatio.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use super::sprites::{Placement, Sprites, StampLookup};
use crate::scene::{draw_scene, Align, Painter, Scene, StampKey, View};

/// What a screen reader says of a canvas its author did not name (either crew).
const DEFAULT_NAME: &str = "An animated Formula 1 pit stop played by actors: the race \
engineer, the jack operators and the tire changers change the car's wheels by sending each \
other messages, drawn as labels flying between them.";

/// True for a canvas with no size of its own: no `width`/`height` attribute, no inline width,
/// laid out at the browser's default 300×150 (its layout follows its backing store's size).
pub(crate) fn has_no_size(e: &HtmlCanvasElement) -> bool {
    !e.has_attribute("width")
        && !e.has_attribute("height")
        && e.style()
            .get_property_value("width")
            .is_ok_and(|w| w.is_empty())
        && (e.client_width(), e.client_height()) == (300, 150)
}

/// Takes back the role and the name [`Canvas::name_if_unnamed`] gave `canvas`, if it still
/// has them: the canvas is given back as it came.
pub(crate) fn unname(canvas: &HtmlCanvasElement) {
    if canvas.get_attribute("aria-label").as_deref() == Some(DEFAULT_NAME)
        && canvas.get_attribute("role").as_deref() == Some("img")
    {
        let _ = canvas.remove_attribute("aria-label");
        let _ = canvas.remove_attribute("role");
    }
}

/// The display's devicePixelRatio: 1 if there is no window or it says something unusable.
pub(crate) fn device_pixel_ratio() -> f64 {
    web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .filter(|dpr| dpr.is_finite() && *dpr > 0.0)
        .unwrap_or(1.0)
}

/// A canvas and its 2D context, sized for crisp drawing.
pub(crate) struct Canvas {
    pub(crate) element: HtmlCanvasElement,
    ctx: CanvasRenderingContext2d,
    /// The logical size last fitted (CSS pixels) and the pixel ratio it was fitted for.
    fitted: (f64, f64, f64),
    /// Lasting texts and stamps, drawn once for the current size and pixel ratio.
    sprites: Sprites,
}

impl Canvas {
    pub(crate) fn new(element: HtmlCanvasElement) -> Result<Canvas, String> {
        let ctx = element
            .get_context("2d")
            .map_err(|_| "the canvas refused a 2d context".to_string())?
            .ok_or_else(|| {
                "the canvas has no 2d context (is it already used for WebGL?)".to_string()
            })?;
        let ctx = ctx
            .dyn_into::<CanvasRenderingContext2d>()
            .map_err(|_| "the canvas's 2d context is not a CanvasRenderingContext2D".to_string())?;
        Ok(Canvas {
            element,
            ctx,
            fitted: (0.0, 0.0, 0.0),
            sprites: Sprites::default(),
        })
    }

    /// Gives a canvas that has no size of its own (no `width`/`height` attribute, no inline
    /// width, laid out at the browser's default 300×150) the page's width and the scene's
    /// 12:7 shape: an author who writes a bare `<canvas data-pitstop>` gets a picture that is
    /// readable, instead of a crowded postage stamp. Returns true if it did.
    pub(crate) fn size_if_unsized(&self) -> bool {
        let no_size = has_no_size(&self.element);
        if no_size {
            let style = self.element.style();
            let _ = style.set_property("width", "100%");
            let _ = style.set_property("aspect-ratio", "12 / 7");
        }
        no_size
    }

    /// Gives a canvas that a screen reader would pass over in silence the role of a picture
    /// and a name that says what it shows. An author's own words are left alone: a role, a
    /// name (`aria-label`, `aria-labelledby`, `title`), or fallback content inside the
    /// canvas, which `role="img"` would hide.
    pub(crate) fn name_if_unnamed(&self) {
        let el = &self.element;
        let described = ["role", "aria-label", "aria-labelledby", "title"]
            .iter()
            .any(|a| el.has_attribute(a))
            || el.child_element_count() > 0
            || el.text_content().is_some_and(|t| !t.trim().is_empty());
        if !described {
            let _ = el.set_attribute("role", "img");
            let _ = el.set_attribute("aria-label", DEFAULT_NAME);
        }
    }

    /// The canvas's size on the page in CSS pixels, or, when it is not laid out (display:
    /// none, or detached), its backing store's size at `dpr`.
    pub(crate) fn css_size(&self, dpr: f64) -> (f64, f64) {
        let css_w = f64::from(self.element.client_width());
        let css_h = f64::from(self.element.client_height());
        if css_w <= 0.0 || css_h <= 0.0 {
            (
                f64::from(self.element.width()).max(1.0) / dpr,
                f64::from(self.element.height()).max(1.0) / dpr,
            )
        } else {
            (css_w, css_h)
        }
    }

    /// Matches the backing store to the canvas's CSS size times the pixel ratio (only when
    /// either changed: resizing clears the canvas), sets the transform so that drawing is in
    /// CSS pixels, and returns the logical size. `dpr` from [`device_pixel_ratio`].
    pub(crate) fn fit(&mut self, dpr: f64) -> (f64, f64) {
        let (css_w, css_h) = self.css_size(dpr);
        if self.fitted != (css_w, css_h, dpr) {
            self.element.set_width((css_w * dpr).round() as u32);
            self.element.set_height((css_h * dpr).round() as u32);
            self.fitted = (css_w, css_h, dpr);
            // The font sizes follow the canvas's size, and the sprites' pixels its ratio.
            self.sprites.reset(dpr, (css_w, css_h));
        }
        // Canvas calls only throw for non-finite numbers, which `dpr` is not.
        let _ = self.ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
        (css_w, css_h)
    }

    /// Sprites made by the frame drawn last (a benchmark's diagnostic).
    #[cfg(feature = "bench")]
    pub(crate) fn sprites_made(&self) -> u32 {
        self.sprites.made_this_frame()
    }

    /// A painter for one frame, after [`Canvas::fit`].
    pub(crate) fn painter(&mut self) -> CanvasPainter<'_> {
        self.sprites.begin_frame();
        CanvasPainter::new(&self.ctx, &mut self.sprites)
    }
}

/// How the product draws a scene on a canvas (the benchmark draws through it too, so that it
/// measures the product).
///
/// The ground is drawn every frame. Keeping it in an offscreen canvas and copying it under
/// each frame was tried and measured: the copy costs more than the fills it saves (3.9 ms
/// against 3.0 ms a frame at devicePixelRatio 1 in headless Firefox, 10.5 against 6.6 at 2).
pub(crate) struct Screen {
    pub(crate) canvas: Canvas,
}

impl Screen {
    pub(crate) fn new(element: HtmlCanvasElement) -> Result<Screen, String> {
        Ok(Screen {
            canvas: Canvas::new(element)?,
        })
    }

    /// Draws `scene` on a canvas of logical size `size` (from [`Canvas::fit`]).
    pub(crate) fn draw(&mut self, size: (f64, f64), scene: &Scene) {
        draw_scene(
            &mut self.canvas.painter(),
            &View::fit(size.0, size.1),
            scene,
        );
    }
}

/// Canvas 2D behind the [`Painter`] trait. Canvas methods that return `Result` only fail for
/// arguments the scene never produces (non-finite numbers) or, for `drawImage`, a sprite the
/// canvas cannot hold (sprites are kept far below the limits); their errors are ignored
/// rather than turned into panics, which would kill the whole instance.
///
/// Setting a colour or a font makes the canvas parse a CSS string, every time (6 µs for a
/// colour and 9 µs for a font here, measured in a frame): the painter remembers what the
/// scene asked for and hands it to the canvas only when a call draws with it, and only if it
/// is not set already. A text copied from a sprite needs neither its font nor its colour set:
/// a frame of the stop set the font 7 times and the fill 16 times before this, for 0.16 ms.
/// The canvas's `save`/`restore` also restore those, so the painter keeps a matching stack.
///
/// Text goes through [`Sprites`] while nothing but the pixel ratio transforms the canvas:
/// every text the scene draws is upright in CSS pixels.
pub(crate) struct CanvasPainter<'a> {
    ctx: &'a CanvasRenderingContext2d,
    sprites: &'a mut Sprites,
    /// What the scene asked for.
    wanted: Styles,
    /// What the canvas has.
    set: Styles,
    /// Translated, rotated or scaled since the frame began.
    transformed: bool,
    saved: Vec<(Styles, Styles, bool)>,
}

/// Colours, font and alignment: as asked for, or as the canvas has them (empty: unknown).
#[derive(Clone, Default)]
struct Styles {
    fill: String,
    stroke: String,
    font: String,
    align: Option<Align>,
}

impl<'a> CanvasPainter<'a> {
    fn new(ctx: &'a CanvasRenderingContext2d, sprites: &'a mut Sprites) -> CanvasPainter<'a> {
        CanvasPainter {
            ctx,
            sprites,
            wanted: Styles::default(),
            set: Styles::default(),
            transformed: false,
            saved: Vec::new(),
        }
    }
}

/// Sets `value` unless it is what `last` says is set already.
fn changed(last: &mut String, value: &str) -> bool {
    if last == value {
        return false;
    }
    last.clear();
    last.push_str(value);
    true
}

impl CanvasPainter<'_> {
    /// Hands the canvas the fill colour asked for, if it does not have it.
    fn apply_fill(&mut self) {
        if changed(&mut self.set.fill, &self.wanted.fill) {
            self.ctx.set_fill_style_str(&self.wanted.fill);
        }
    }

    fn apply_stroke(&mut self) {
        if changed(&mut self.set.stroke, &self.wanted.stroke) {
            self.ctx.set_stroke_style_str(&self.wanted.stroke);
        }
    }

    fn apply_font(&mut self) {
        if changed(&mut self.set.font, &self.wanted.font) {
            self.ctx.set_font(&self.wanted.font);
        }
    }

    /// The colour, font and alignment for a `fillText`.
    fn prepare_text(&mut self, align: Align) {
        self.apply_fill();
        self.apply_font();
        self.align(align);
    }

    fn align(&mut self, align: Align) {
        if self.set.align != Some(align) {
            self.set.align = Some(align);
            self.ctx.set_text_align(match align {
                Align::Left => "left",
                Align::Center => "center",
                Align::Right => "right",
            });
        }
    }
}

impl Painter for CanvasPainter<'_> {
    fn save(&mut self) {
        self.saved
            .push((self.wanted.clone(), self.set.clone(), self.transformed));
        self.ctx.save();
    }
    fn restore(&mut self) {
        (self.wanted, self.set, self.transformed) = self.saved.pop().unwrap_or_default();
        self.ctx.restore();
    }
    fn translate(&mut self, x: f64, y: f64) {
        self.transformed = true;
        let _ = self.ctx.translate(x, y);
    }
    fn rotate(&mut self, radians: f64) {
        self.transformed = true;
        let _ = self.ctx.rotate(radians);
    }
    fn scale(&mut self, sx: f64, sy: f64) {
        self.transformed = true;
        let _ = self.ctx.scale(sx, sy);
    }
    fn set_alpha(&mut self, alpha: f64) {
        self.ctx.set_global_alpha(alpha);
    }
    fn set_fill(&mut self, css_color: &str) {
        changed(&mut self.wanted.fill, css_color);
    }
    fn set_stroke(&mut self, css_color: &str) {
        changed(&mut self.wanted.stroke, css_color);
    }
    fn set_line_width(&mut self, width: f64) {
        self.ctx.set_line_width(width);
    }
    fn set_line_dash(&mut self, dash: &[f64]) {
        let array = js_sys::Array::new();
        for d in dash {
            array.push(&JsValue::from_f64(*d));
        }
        let _ = self.ctx.set_line_dash(&array);
    }
    fn fill_rect(&mut self, x: f64, y: f64, w: f64, h: f64) {
        self.apply_fill();
        self.ctx.fill_rect(x, y, w, h);
    }
    fn begin_path(&mut self) {
        self.ctx.begin_path();
    }
    fn move_to(&mut self, x: f64, y: f64) {
        self.ctx.move_to(x, y);
    }
    fn line_to(&mut self, x: f64, y: f64) {
        self.ctx.line_to(x, y);
    }
    fn quadratic_to(&mut self, cx: f64, cy: f64, x: f64, y: f64) {
        self.ctx.quadratic_curve_to(cx, cy, x, y);
    }
    fn arc(&mut self, x: f64, y: f64, r: f64, start: f64, end: f64) {
        let _ = self.ctx.arc(x, y, r.max(0.0), start, end);
    }
    fn close_path(&mut self) {
        self.ctx.close_path();
    }
    fn fill(&mut self) {
        self.apply_fill();
        self.ctx.fill();
    }
    fn stroke(&mut self) {
        self.apply_stroke();
        self.ctx.stroke();
    }
    fn set_font(&mut self, font: &str) {
        changed(&mut self.wanted.font, font);
    }
    fn fill_text(&mut self, text: &str, x: f64, y: f64, align: Align) {
        let share = align.share();
        if !self.transformed {
            let placed =
                self.sprites
                    .place_text(&self.wanted.font, &self.wanted.fill, text, (x, y), share);
            if let Some(p) = placed {
                copy(self.ctx, &p);
                return;
            }
            // Drawn directly from the whole device pixel its copies will start at.
            let width = self.text_width(text);
            if let (Some((ox, oy)), Some(dpr)) = (
                self.sprites.text_origin((x, y), share, width),
                self.sprites.ratio(),
            ) {
                self.prepare_text(Align::Left);
                let _ = self.ctx.fill_text(text, ox / dpr, oy / dpr);
                return;
            }
        }
        self.prepare_text(align);
        let _ = self.ctx.fill_text(text, x, y);
    }
    /// One native call (`roundRect`, in every current browser) instead of ten path calls:
    /// each canvas call costs microseconds here, and a frame has dozens of rounded shapes.
    fn round_rect_path(&mut self, x: f64, y: f64, w: f64, h: f64, r: f64) {
        self.ctx.begin_path();
        let r = r.min(w / 2.0).min(h / 2.0).max(0.0);
        let _ = self.ctx.round_rect_with_f64(x, y, w, h, r);
    }
    fn text_width(&mut self, text: &str) -> f64 {
        if let Some(width) = self.sprites.known_width(&self.wanted.font, text) {
            return width;
        }
        self.apply_font();
        self.ctx.measure_text(text).map_or(0.0, |m| m.width())
    }
    fn device_pixel(&self) -> f64 {
        self.sprites.ratio().map_or(1.0, |dpr| 1.0 / dpr)
    }
    fn stamp(&mut self, key: StampKey, bounds: [f64; 4], draw: &mut dyn FnMut(&mut dyn Painter)) {
        if self.transformed {
            self.save();
            draw(self);
            self.restore();
            return;
        }
        match self.sprites.stamp(key.value(), bounds) {
            StampLookup::Copy(p) => copy(self.ctx, &p),
            StampLookup::Skip => {}
            StampLookup::Draw => {
                self.save();
                draw(self);
                self.restore();
            }
            StampLookup::Record(stamp) => {
                draw(&mut CanvasPainter::new(stamp.ctx(), self.sprites));
                let p = self.sprites.keep_stamp(stamp);
                copy(self.ctx, &p);
            }
        }
    }
}

/// Copies a sprite onto the frame (whole device pixels, one to one).
fn copy(ctx: &CanvasRenderingContext2d, p: &Placement<'_>) {
    p.picture.copy_to(ctx, p.x, p.y, p.w, p.h);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pitstop::StopPlan;
    use crate::player::every_frame;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn pixels(canvas: &Canvas) -> Vec<u8> {
        let (w, h) = (canvas.element.width(), canvas.element.height());
        canvas
            .ctx
            .get_image_data(0.0, 0.0, f64::from(w), f64::from(h))
            .expect("readable")
            .data()
            .0
    }

    /// A 900×525 canvas on the page, drawn through a fresh `Screen`.
    fn screen() -> Screen {
        Screen::new(super::super::canvas_on_page("width: 900px; height: 525px")).unwrap()
    }

    fn draw(screen: &mut Screen, scene: &Scene) -> Vec<u8> {
        let size = screen.canvas.fit(device_pixel_ratio());
        screen.draw(size, scene);
        pixels(&screen.canvas)
    }

    /// How many pixels differ by more than 8 levels in a channel: a copy is blended in one
    /// step where direct drawing blends shape by shape, and 8-bit rounding may differ by a
    /// few levels.
    fn differing(a: &[u8], b: &[u8]) -> usize {
        a.chunks(4)
            .zip(b.chunks(4))
            .filter(|(a, b)| a.iter().zip(b.iter()).any(|(x, y)| x.abs_diff(*y) > 8))
            .count()
    }

    /// The painter hands the canvas a colour only when something is drawn with it: across
    /// `save`/`restore` its idea of the canvas's colour must stay true, or a shape would be
    /// filled with a colour asked for earlier (or later).
    #[wasm_bindgen_test]
    fn colours_survive_save_and_restore_though_set_only_when_drawn() {
        let mut screen = screen();
        let dpr = device_pixel_ratio();
        screen.canvas.fit(dpr);
        let (red, blue, green) = ("#ff0000", "#0000ff", "#00ff00");
        let rect = |p: &mut CanvasPainter<'_>, i: u32| {
            p.fill_rect(f64::from(i) * 20.0, 0.0, 20.0, 20.0);
        };
        {
            let mut p = screen.canvas.painter();
            // Asked for outside a save, first drawn with inside it.
            p.set_fill(red);
            p.save();
            rect(&mut p, 0);
            p.restore();
            rect(&mut p, 1);
            // Changed inside a save, never drawn with.
            p.set_fill(blue);
            rect(&mut p, 2);
            p.save();
            p.set_fill(red);
            p.restore();
            rect(&mut p, 3);
            // Drawn with inside a save: the canvas goes back to blue by itself.
            p.save();
            p.set_fill(green);
            rect(&mut p, 4);
            p.restore();
            rect(&mut p, 5);
        }
        let all = pixels(&screen.canvas);
        let width = screen.canvas.element.width() as usize;
        let colour_of = |i: usize| {
            let (x, y) = ((i as f64 * 20.0 + 10.0) * dpr, 10.0 * dpr);
            let at = (y as usize * width + x as usize) * 4;
            [all[at], all[at + 1], all[at + 2]]
        };
        let (r, b, g) = ([255, 0, 0], [0, 0, 255], [0, 255, 0]);
        let seen: Vec<[u8; 3]> = (0..6).map(colour_of).collect();
        assert_eq!(seen, [r, r, b, b, g, b]);
        screen.canvas.element.remove();
    }

    /// Sprites are a cache: a frame copied from them must look like the frame drawn
    /// directly (a text drawn directly starts on the whole device pixel its copies will).
    #[wasm_bindgen_test]
    async fn a_frame_copied_from_sprites_looks_like_the_frame_drawn_directly() {
        let mut screen = screen();
        let scenes = every_frame(StopPlan::default(), false);
        // The car lifted in the box, the crew at work.
        let scene = scenes
            .iter()
            .find(|s| s.car_x == 0.0 && s.lift == [1.0, 1.0])
            .expect("a lifted car");
        assert!(scene.cards.len() >= 7, "the crew, with names to draw");

        // The first frame draws everything directly; the next ones make a few sprites each
        // and copy the ones made before, until all are made.
        let direct = draw(&mut screen, scene);
        let mut frames = Vec::new();
        for _ in 0..10 {
            frames.push(draw(&mut screen, scene));
        }
        assert!(
            screen.canvas.sprites.stamp_count() >= 5,
            "the legend, the car, the jacks and the idle cards are kept"
        );
        assert!(
            screen.canvas.sprites.text_count() >= 10,
            "the labels are kept"
        );
        // The sprites' bitmaps arrive (asynchronously), and the next frames copy from them.
        gloo_timers::future::TimeoutFuture::new(50).await;
        for _ in 0..2 {
            frames.push(draw(&mut screen, scene));
        }
        assert!(
            screen.canvas.sprites.bitmap_count() >= 15,
            "copied from bitmaps"
        );
        for (i, copied) in frames.iter().enumerate() {
            let off = differing(&direct, copied);
            assert_eq!(
                off,
                0,
                "frame {}: {off} pixels differ from the direct one",
                i + 2
            );
        }
        screen.canvas.element.remove();
    }

    /// The car is one picture all the way into the box: copied where it has moved to, it
    /// looks as if drawn there.
    #[wasm_bindgen_test]
    fn a_moving_car_copied_from_its_sprite_looks_drawn_where_it_is() {
        let scenes = every_frame(StopPlan::default(), false);
        let driving: Vec<&Scene> = scenes
            .iter()
            .filter(|s| s.car_x > -6.0 && s.car_x < -1.0 && s.lift == [0.0, 0.0])
            .collect();
        let (first, later) = (driving[0], driving[driving.len() - 1]);
        assert!(
            later.car_x - first.car_x > 1.0,
            "the car has moved a metre or more"
        );

        let mut copying = screen();
        for _ in 0..8 {
            draw(&mut copying, first); // every sprite is made, the car's among them
        }
        let copied = draw(&mut copying, later);
        let mut drawing = screen();
        let direct = draw(&mut drawing, later);
        let off = differing(&direct, &copied);
        assert_eq!(off, 0, "{off} pixels differ from the car drawn where it is");
        copying.canvas.element.remove();
        drawing.canvas.element.remove();
    }
}
