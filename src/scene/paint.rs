//! The drawing surface the renderer paints on: a small subset of Canvas 2D.
//!
//! The scene is drawn through this trait so that what is drawn where can be tested natively
//! (a recording painter in tests) and only the last step, the calls into the browser, lives in
//! the `web` module. The drawing takes a `&mut dyn Painter`: one copy of it serves every
//! painter and every stamp (a stamp hands its drawing a `dyn Painter` that may be a sprite's),
//! where generic drawing was compiled once per painter and once more for stamps (1.9 KB more
//! `.wasm`). An indirect call is nothing next to the canvas call it makes, which costs
//! microseconds in Firefox here.

/// Text alignment, as Canvas 2D `textAlign`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Align {
    Left,
    Center,
    Right,
}

impl Align {
    /// How much of a text's width lies left of its anchor: 0, a half, or all of it.
    pub fn share(self) -> f64 {
        match self {
            Align::Left => 0.0,
            Align::Center => 0.5,
            Align::Right => 1.0,
        }
    }
}

/// What a stamp's picture depends on, folded into 64 bits (FNV-1a): the scene builds one
/// from everything that changes how the stamp looks or where it goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StampKey(u64);

impl StampKey {
    /// A key for one kind of stamp (the car, a crew member's card...).
    pub fn new(kind: u64) -> StampKey {
        StampKey(0xcbf2_9ce4_8422_2325).word(kind)
    }

    /// Folds in a number.
    pub fn word(self, word: u64) -> StampKey {
        let mut hash = self.0;
        for byte in word.to_le_bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        StampKey(hash)
    }

    /// Folds in a length or position, exactly (its bits).
    pub fn num(self, value: f64) -> StampKey {
        self.word(value.to_bits())
    }

    /// Folds in a text.
    pub fn text(self, text: &str) -> StampKey {
        let mut key = self.word(text.len() as u64);
        for chunk in text.as_bytes().chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            key = key.word(u64::from_le_bytes(word));
        }
        key
    }

    pub fn value(self) -> u64 {
        self.0
    }
}

/// A drawing surface in logical pixels (the host has already scaled for devicePixelRatio).
pub trait Painter {
    fn save(&mut self);
    fn restore(&mut self);
    fn translate(&mut self, x: f64, y: f64);
    fn rotate(&mut self, radians: f64);
    fn scale(&mut self, sx: f64, sy: f64);
    fn set_alpha(&mut self, alpha: f64);

    fn set_fill(&mut self, css_color: &str);
    fn set_stroke(&mut self, css_color: &str);
    fn set_line_width(&mut self, width: f64);
    fn set_line_dash(&mut self, dash: &[f64]);

    fn fill_rect(&mut self, x: f64, y: f64, w: f64, h: f64);

    fn begin_path(&mut self);
    fn move_to(&mut self, x: f64, y: f64);
    fn line_to(&mut self, x: f64, y: f64);
    fn quadratic_to(&mut self, cx: f64, cy: f64, x: f64, y: f64);
    fn arc(&mut self, x: f64, y: f64, r: f64, start: f64, end: f64);
    fn close_path(&mut self);
    fn fill(&mut self);
    fn stroke(&mut self);

    /// `font` is a CSS font shorthand with the size in logical pixels.
    fn set_font(&mut self, font: &str);
    fn fill_text(&mut self, text: &str, x: f64, y: f64, align: Align);
    /// The width of `text` in the current font, in logical pixels.
    fn text_width(&mut self, text: &str) -> f64;

    /// A group of shapes that looks the same from frame to frame while `key` does: what
    /// `draw` paints, all of it inside `bounds` (x, y, w, h in logical pixels, with nothing
    /// translated, rotated or scaled). A painter may keep the picture and copy it instead of
    /// drawing it again, at the place of the bounds: the key must hold everything the
    /// picture depends on, and its place too unless the picture moves with its bounds by
    /// whole device pixels (see [`Painter::device_pixel`]). Called with nothing transformed;
    /// styles set inside do not leak out.
    fn stamp(&mut self, key: StampKey, bounds: [f64; 4], draw: &mut dyn FnMut(&mut dyn Painter));

    /// The size of one device pixel in logical pixels (1 / devicePixelRatio): what a moving
    /// stamp snaps its place to, so that its copies land where its drawing would.
    fn device_pixel(&self) -> f64;

    /// A rectangle with rounded corners, as a path (begin_path included).
    fn round_rect_path(&mut self, x: f64, y: f64, w: f64, h: f64, r: f64) {
        let r = r.min(w / 2.0).min(h / 2.0).max(0.0);
        self.begin_path();
        self.move_to(x + r, y);
        self.line_to(x + w - r, y);
        self.quadratic_to(x + w, y, x + w, y + r);
        self.line_to(x + w, y + h - r);
        self.quadratic_to(x + w, y + h, x + w - r, y + h);
        self.line_to(x + r, y + h);
        self.quadratic_to(x, y + h, x, y + h - r);
        self.line_to(x, y + r);
        self.quadratic_to(x, y, x + r, y);
        self.close_path();
    }

    /// A filled circle.
    fn fill_circle(&mut self, x: f64, y: f64, r: f64) {
        self.begin_path();
        self.arc(x, y, r, 0.0, std::f64::consts::TAU);
        self.fill();
    }

    /// A filled rounded rectangle.
    fn fill_round_rect(&mut self, x: f64, y: f64, w: f64, h: f64, r: f64) {
        self.round_rect_path(x, y, w, h, r);
        self.fill();
    }

    /// A filled polygon.
    fn fill_poly(&mut self, points: &[(f64, f64)]) {
        let Some((&(x0, y0), rest)) = points.split_first() else {
            return;
        };
        self.begin_path();
        self.move_to(x0, y0);
        for &(x, y) in rest {
            self.line_to(x, y);
        }
        self.close_path();
        self.fill();
    }

    /// A straight stroked line.
    fn line(&mut self, x0: f64, y0: f64, x1: f64, y1: f64) {
        self.begin_path();
        self.move_to(x0, y0);
        self.line_to(x1, y1);
        self.stroke();
    }
}

/// A painter that records what was filled and written where, in device pixels, for native
/// tests of the drawing. Transforms are tracked exactly (a full affine matrix).
#[derive(Debug, Default)]
pub struct Recording {
    /// Every fill: (colour, device-space bounding box `[x, y, w, h]`).
    pub fills: Vec<(String, [f64; 4])>,
    /// Every text drawn: (text, device-space x, y).
    pub texts: Vec<(String, f64, f64)>,
    /// Every stamp: its key, its bounds, and what it drew (a fill's colour and box, or a
    /// text and its place, relative to the bounds' corner), to check that the same key
    /// always means the same picture.
    pub stamps: Vec<(StampKey, [f64; 4], Vec<String>)>,
    /// What a stamp drew outside its bounds (a copy of the stamp would cut it off): a fill's
    /// box, or a text's box (its width as `text_width` says, 1.2 em high around its
    /// baseline).
    pub overflows: Vec<String>,
    /// Every text's device-space box `[x, y, w, h]`, aligned as drawn (as `texts`).
    text_boxes: Vec<[f64; 4]>,
    fill: String,
    /// The current font's size in pixels (from the CSS font's `px`).
    font_px: f64,
    /// The current transform `[a, b, c, d, e, f]` as in Canvas `setTransform`.
    m: [f64; 6],
    /// What `save` keeps: the transform, the fill and the font size.
    stack: Vec<([f64; 6], String, f64)>,
    path: Vec<(f64, f64)>,
    /// The size of a device pixel (1 unless set).
    pixel: f64,
}

impl Recording {
    pub fn new() -> Recording {
        Recording {
            m: [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
            font_px: 10.0,
            pixel: 1.0,
            ..Recording::default()
        }
    }

    /// A recording of a screen with `dpr` device pixels per logical pixel (what moving
    /// stamps snap to).
    pub fn with_pixel_ratio(dpr: f64) -> Recording {
        Recording {
            pixel: 1.0 / dpr,
            ..Recording::new()
        }
    }

    fn at(&self, x: f64, y: f64) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.m;
        (a * x + c * y + e, b * x + d * y + f)
    }

    fn then(&mut self, [a2, b2, c2, d2, e2, f2]: [f64; 6]) {
        let [a, b, c, d, e, f] = self.m;
        self.m = [
            a * a2 + c * b2,
            b * a2 + d * b2,
            a * c2 + c * d2,
            b * c2 + d * d2,
            a * e2 + c * f2 + e,
            b * e2 + d * f2 + f,
        ];
    }

    fn push_box(&mut self, points: &[(f64, f64)]) {
        if points.is_empty() {
            return;
        }
        let (x0, y0, x1, y1) = extent(points);
        self.fills
            .push((self.fill.clone(), [x0, y0, x1 - x0, y1 - y0]));
    }

    /// How many fills of `color` cover the device point (x, y) with their bounding box.
    pub fn fills_at(&self, color: &str, x: f64, y: f64) -> usize {
        self.fills
            .iter()
            .filter(|(c, [bx, by, bw, bh])| {
                c == color && x >= *bx && x <= bx + bw && y >= *by && y <= by + bh
            })
            .count()
    }

    /// The first text drawn that contains `needle`.
    pub fn text(&self, needle: &str) -> Option<&(String, f64, f64)> {
        self.texts.iter().find(|(t, _, _)| t.contains(needle))
    }
}

/// The smallest and largest x and y of `points`: (x0, y0, x1, y1).
fn extent(points: &[(f64, f64)]) -> (f64, f64, f64, f64) {
    points.iter().fold(
        (f64::MAX, f64::MAX, f64::MIN, f64::MIN),
        |(x0, y0, x1, y1), &(x, y)| (x0.min(x), y0.min(y), x1.max(x), y1.max(y)),
    )
}

impl Painter for Recording {
    fn save(&mut self) {
        self.stack.push((self.m, self.fill.clone(), self.font_px));
    }
    fn restore(&mut self) {
        if let Some((m, fill, font_px)) = self.stack.pop() {
            (self.m, self.fill, self.font_px) = (m, fill, font_px);
        }
    }
    fn translate(&mut self, x: f64, y: f64) {
        self.then([1.0, 0.0, 0.0, 1.0, x, y]);
    }
    fn rotate(&mut self, radians: f64) {
        let (s, c) = radians.sin_cos();
        self.then([c, s, -s, c, 0.0, 0.0]);
    }
    fn scale(&mut self, sx: f64, sy: f64) {
        self.then([sx, 0.0, 0.0, sy, 0.0, 0.0]);
    }
    fn set_alpha(&mut self, _alpha: f64) {}
    fn set_fill(&mut self, css_color: &str) {
        self.fill = css_color.to_string();
    }
    fn set_stroke(&mut self, _css_color: &str) {}
    fn set_line_width(&mut self, _width: f64) {}
    fn set_line_dash(&mut self, _dash: &[f64]) {}
    fn fill_rect(&mut self, x: f64, y: f64, w: f64, h: f64) {
        let corners = [
            self.at(x, y),
            self.at(x + w, y),
            self.at(x, y + h),
            self.at(x + w, y + h),
        ];
        self.push_box(&corners);
    }
    fn begin_path(&mut self) {
        self.path.clear();
    }
    fn move_to(&mut self, x: f64, y: f64) {
        let p = self.at(x, y);
        self.path.push(p);
    }
    fn line_to(&mut self, x: f64, y: f64) {
        let p = self.at(x, y);
        self.path.push(p);
    }
    fn quadratic_to(&mut self, _cx: f64, _cy: f64, x: f64, y: f64) {
        let p = self.at(x, y);
        self.path.push(p);
    }
    fn arc(&mut self, x: f64, y: f64, r: f64, _start: f64, _end: f64) {
        for (dx, dy) in [(-r, -r), (r, -r), (-r, r), (r, r)] {
            let p = self.at(x + dx, y + dy);
            self.path.push(p);
        }
    }
    fn close_path(&mut self) {}
    fn fill(&mut self) {
        let path = std::mem::take(&mut self.path);
        self.push_box(&path);
        self.path = path;
    }
    fn stroke(&mut self) {}
    fn set_font(&mut self, font: &str) {
        // "600 12px system-ui, ...": the number before "px".
        let size = font
            .split_whitespace()
            .find_map(|w| w.strip_suffix("px")?.parse().ok());
        self.font_px = size.unwrap_or(10.0);
    }
    fn fill_text(&mut self, text: &str, x: f64, y: f64, align: Align) {
        let width = self.text_width(text);
        let left = x - width * align.share();
        let (top, bottom) = (y - self.font_px * 0.9, y + self.font_px * 0.3);
        let corners = [
            self.at(left, top),
            self.at(left + width, top),
            self.at(left, bottom),
            self.at(left + width, bottom),
        ];
        let (x0, y0, x1, y1) = extent(&corners);
        self.text_boxes.push([x0, y0, x1 - x0, y1 - y0]);
        let (x, y) = self.at(x, y);
        self.texts.push((text.to_string(), x, y));
    }
    fn text_width(&mut self, text: &str) -> f64 {
        text.chars().count() as f64 * 7.0
    }
    fn device_pixel(&self) -> f64 {
        self.pixel
    }
    fn stamp(&mut self, key: StampKey, bounds: [f64; 4], draw: &mut dyn FnMut(&mut dyn Painter)) {
        let (fills, texts) = (self.fills.len(), self.texts.len());
        self.save();
        draw(self);
        self.restore();
        // Relative to the bounds' corner: a stamp may be copied elsewhere.
        let (cx, cy) = (bounds[0], bounds[1]);
        let picture = self.fills[fills..]
            .iter()
            .map(|(colour, [x, y, w, h])| {
                format!("{colour} [{:.3}, {:.3}, {w:.3}, {h:.3}]", x - cx, y - cy)
            })
            .chain(
                self.texts[texts..]
                    .iter()
                    .map(|(text, x, y)| format!("{text:?} ({:.3}, {:.3})", x - cx, y - cy)),
            )
            .collect();
        self.stamps.push((key, bounds, picture));
        let [bx, by, bw, bh] = bounds;
        // Half a pixel of slack: the bounds are rounded out to whole device pixels.
        let inside = |x: f64, y: f64| {
            x >= bx - 0.5 && x <= bx + bw + 0.5 && y >= by - 0.5 && y <= by + bh + 0.5
        };
        for (colour, [x, y, w, h]) in &self.fills[fills..] {
            if !(inside(*x, *y) && inside(x + w, y + h)) {
                self.overflows.push(format!(
                    "a {colour} fill at [{x:.1}, {y:.1}, {w:.1}, {h:.1}] outside {bounds:?}"
                ));
            }
        }
        let drawn = self.texts[texts..].iter().zip(&self.text_boxes[texts..]);
        for ((text, ..), [x, y, w, h]) in drawn {
            if !(inside(*x, *y) && inside(x + w, y + h)) {
                self.overflows.push(format!(
                    "text {text:?} at [{x:.1}, {y:.1}, {w:.1}, {h:.1}] outside {bounds:?}"
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recording_tracks_translate_scale_and_rotate() {
        let mut p = Recording::new();
        p.translate(100.0, 50.0);
        p.scale(2.0, 2.0);
        p.rotate(-std::f64::consts::FRAC_PI_2); // +x now points up
        p.set_fill("red");
        p.fill_rect(0.0, 0.0, 10.0, 1.0);
        let (_, [x, y, w, h]) = &p.fills[0];
        assert!(
            (x - 100.0).abs() < 1e-9 && (y - 30.0).abs() < 1e-9,
            "{x} {y}"
        );
        assert!((w - 2.0).abs() < 1e-9 && (h - 20.0).abs() < 1e-9, "{w} {h}");
        assert_eq!(p.fills_at("red", 101.0, 40.0), 1);
    }
}
