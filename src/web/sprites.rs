//! Lasting pictures drawn once, kept (see [`super::easel`]), then copied onto the frame:
//! texts, and the groups of shapes the scene marks as stamps (see
//! [`Painter::stamp`](crate::scene::Painter::stamp)).
//!
//! Why: in headless Firefox a frame's cost is mostly the number of filled paths and texts,
//! not their size. Measured on a 1200×700 canvas: 23 labels cost 0.48 ms a frame with
//! `fillText` and 0.12 ms copied from one canvas each that already holds them (`drawImage`
//! at whole device pixels, no resampling; a stop's thirty-odd copies cost more, see
//! [`super::easel`]); fifty small circles 0.5 ms. Most of a frame is the same
//! from one frame to the next: the crew's names and behaviours, the legend, the car while
//! it stands in the box.
//!
//! Something is drawn directly the first time it is asked for; only when it is asked for
//! again (usually in the next frame) does it get a sprite. So what changes every frame (a running
//! clock, a car driving in) never pays for a sprite it would use once.
//!
//! A copy lands on whole device pixels, and a stamp's sprite is drawn in the frame's own
//! device coordinates (shifted by whole pixels), so a stamp's pixels are the ones direct
//! drawing would give. A text's origin is rounded to a whole device pixel (at most half a
//! device pixel from where `fillText` would put it).
//!
//! A sprite that a frame did not use is dropped when the next frame begins: what changed (a
//! wheel came off, the car drove on) leaves nothing behind, and memory holds about one
//! frame's worth of sprites however long the page runs. (A kept car at devicePixelRatio 2
//! is most of a megabyte.) All are dropped when the canvas's size or pixel ratio changes. The
//! fonts are the system's, so no web font can still be loading when a text's sprite is drawn.

use web_sys::CanvasRenderingContext2d;

use super::easel::{Easel, Easels, Picture};

/// Device pixels of empty border around a text's sprite, for antialiasing that strays past
/// the measured box.
const PAD: f64 = 2.0;

/// Things drawn once, kept to recognise a second request: enough for every new text and
/// stamp of a frame (about forty) to survive until the next frame.
const ONCE_CAPACITY: usize = 96;

/// Sprites kept at most, of each kind, should one frame ask for more than this (a frame of
/// the pit stop uses about forty).
const SPRITE_CAPACITY: usize = 256;

/// Sprites made in one frame at most; the rest are drawn directly and made in the frames
/// after. Making one costs 0.2-0.7 ms in headless Firefox (the first drawing into a canvas
/// allocates its pixels): the first frames of a scene made all forty of theirs at once,
/// 2.5 ms more in one frame, and eight a frame still gave the stop's slowest frames.
const RECORDS_PER_FRAME: u32 = 3;

/// Device pixels of new stamp sprites one frame may make (beyond its first): at
/// devicePixelRatio 2 the car's is 160 000, and making it with two more stamps in one frame
/// gave a 27 ms frame at the start of a stop.
const RECORD_PIXELS_PER_FRAME: f64 = 120_000.0;

/// Texts remembered as refused a sprite, at most.
const REFUSED_CAPACITY: usize = 16;

/// The largest side of a sprite, device pixels (well inside every browser's canvas limits):
/// bigger stamps and texts (a long label from a loaded log) are drawn directly.
const MAX_SPRITE_SIDE: f64 = 4096.0;

/// What decides how a text looks: its CSS font, its colour, its characters.
#[derive(PartialEq, Eq)]
struct TextKey {
    font: String,
    fill: String,
    text: String,
}

impl TextKey {
    fn is(&self, font: &str, fill: &str, text: &str) -> bool {
        self.text == text && self.font == font && self.fill == fill
    }
}

/// One text in a picture of its own.
struct TextSprite {
    key: TextKey,
    picture: Picture,
    /// Device pixels from the sprite's top-left corner to the text's origin (the left end of
    /// its baseline). Whole numbers, so that a copy lands on whole device pixels.
    origin: (f64, f64),
    /// The text's advance width in CSS pixels, for alignment.
    width: f64,
    /// The last frame that used it.
    used: u64,
}

/// One stamp's picture, where its top-left corner went, in device pixels, and the corner of
/// the bounds it was drawn for, in CSS pixels (a copy for bounds elsewhere moves by as much).
struct StampSprite {
    key: u64,
    picture: Picture,
    left: f64,
    top: f64,
    at: (f64, f64),
    /// The last frame that used it.
    used: u64,
}

/// Where a sprite goes: its picture and its rectangle on the frame, in CSS pixels.
pub(crate) struct Placement<'a> {
    pub(crate) picture: &'a Picture,
    pub(crate) x: f64,
    pub(crate) y: f64,
    pub(crate) w: f64,
    pub(crate) h: f64,
}

/// What to do with a stamp.
pub(crate) enum StampLookup<'a> {
    /// Copy this.
    Copy(Placement<'a>),
    /// Draw it directly (new, or too big for a sprite).
    Draw,
    /// Draw nothing: it is off the canvas.
    Skip,
    /// Asked for again: draw it with this context (set up so that the frame's coordinates
    /// land where they belong), then call [`Sprites::keep_stamp`].
    Record(NewStamp),
}

/// A stamp's sprite being drawn.
pub(crate) struct NewStamp {
    key: u64,
    easel: Easel,
    left: f64,
    top: f64,
    at: (f64, f64),
}

/// The sprites of one canvas, for one devicePixelRatio.
#[derive(Default)]
pub(crate) struct Sprites {
    texts: Vec<TextSprite>,
    texts_once: Vec<TextKey>,
    /// Texts that could not get a sprite (too long), drawn directly.
    texts_refused: Vec<TextKey>,
    stamps: Vec<StampSprite>,
    stamps_once: Vec<u64>,
    easels: Easels,
    /// The pixel ratio the sprites are drawn for.
    dpr: f64,
    /// Frames begun, to tell the sprites the last frame used.
    frame: u64,
    /// Sprites made in this frame, and the device pixels of its stamps.
    recorded: u32,
    recorded_pixels: f64,
    /// The canvas's size in CSS pixels: a stamp outside it is not drawn at all.
    size: (f64, f64),
}

/// `key` back if it had been seen once already and `may_record` (it is forgotten then: its
/// sprite is made); otherwise remembers it and says `None`.
fn seen_before<K: PartialEq>(once: &mut Vec<K>, key: K, may_record: bool) -> Option<K> {
    if let Some(seen) = once.iter().position(|k| *k == key) {
        return may_record.then(|| once.swap_remove(seen));
    }
    if once.len() >= ONCE_CAPACITY {
        once.remove(0);
    }
    once.push(key);
    None
}

/// Makes room for one more sprite.
fn room<T>(sprites: &mut Vec<T>) {
    if sprites.len() >= SPRITE_CAPACITY {
        sprites.clear();
    }
}

impl Sprites {
    /// Forgets every sprite; the next ones are drawn for `dpr`, on a canvas of `size` CSS
    /// pixels.
    pub(crate) fn reset(&mut self, dpr: f64, size: (f64, f64)) {
        *self = Sprites {
            dpr,
            size,
            easels: std::mem::take(&mut self.easels),
            ..Sprites::default()
        };
    }

    /// A frame begins: what the frame before did not use is dropped.
    /// Sprites made since the frame began.
    #[cfg(feature = "bench")]
    pub(crate) fn made_this_frame(&self) -> u32 {
        self.recorded
    }

    pub(crate) fn begin_frame(&mut self) {
        self.frame += 1;
        self.recorded = 0;
        self.recorded_pixels = 0.0;
        let frame = self.frame;
        let easels = &mut self.easels;
        // Kept if used in the frame before; a kept picture switches to its bitmap if it has
        // arrived, a dropped one's canvas draws the next sprite.
        let mut tend = |used: u64, picture: &mut Picture| {
            let keep = used + 1 >= frame;
            if keep {
                easels.settle(picture);
            } else {
                easels.recycle(picture);
            }
            keep
        };
        self.texts.retain_mut(|s| tend(s.used, &mut s.picture));
        self.stamps.retain_mut(|s| tend(s.used, &mut s.picture));
    }

    /// How many stamps are kept (for tests).
    #[cfg(test)]
    pub(crate) fn stamp_count(&self) -> usize {
        self.stamps.len()
    }

    /// How many sprites are kept as bitmaps (for tests).
    #[cfg(test)]
    pub(crate) fn bitmap_count(&self) -> usize {
        let texts = self.texts.iter().map(|s| &s.picture);
        let stamps = self.stamps.iter().map(|s| &s.picture);
        texts.chain(stamps).filter(|p| p.is_bitmap()).count()
    }

    /// How many texts are kept (for tests).
    #[cfg(test)]
    pub(crate) fn text_count(&self) -> usize {
        self.texts.len()
    }

    /// The advance width of `text` in `font`, if a sprite of it is kept: measuring costs a
    /// call into the canvas.
    pub(crate) fn known_width(&self, font: &str, text: &str) -> Option<f64> {
        self.texts
            .iter()
            .find(|s| s.key.text == text && s.key.font == font)
            .map(|s| s.width)
    }

    /// Where to copy `text` from, so that its origin lands at (x, y) CSS pixels once aligned
    /// by `align_share` of its width (0 left, 0.5 centre, 1 right). `None`: draw it directly,
    /// because it is new (it is remembered) or no sprite could be made.
    pub(crate) fn place_text(
        &mut self,
        font: &str,
        fill: &str,
        text: &str,
        (x, y): (f64, f64),
        align_share: f64,
    ) -> Option<Placement<'_>> {
        let dpr = self.ratio()?;
        if font.is_empty() || fill.is_empty() {
            return None;
        }
        let frame = self.frame;
        let index = match self.texts.iter().position(|s| s.key.is(font, fill, text)) {
            Some(index) => index,
            None => {
                let key = TextKey {
                    font: font.to_owned(),
                    fill: fill.to_owned(),
                    text: text.to_owned(),
                };
                if self.texts_refused.contains(&key) {
                    return None;
                }
                let may_record = self.recorded < RECORDS_PER_FRAME;
                let key = seen_before(&mut self.texts_once, key, may_record)?;
                self.recorded += 1;
                let Some((picture, origin, width)) = draw_text_sprite(&key, dpr, &mut self.easels)
                else {
                    // Too long, or the canvas said no: drawn directly from now on, without
                    // trying again every other frame.
                    if self.texts_refused.len() >= REFUSED_CAPACITY {
                        self.texts_refused.remove(0);
                    }
                    self.texts_refused.push(key);
                    return None;
                };
                room(&mut self.texts);
                self.texts.push(TextSprite {
                    key,
                    picture,
                    origin,
                    width,
                    used: frame,
                });
                self.texts.len() - 1
            }
        };
        self.texts[index].used = frame;
        let sprite = &self.texts[index];
        let (ox, oy) = self.text_origin((x, y), align_share, sprite.width)?;
        let (left, top) = (ox - sprite.origin.0, oy - sprite.origin.1);
        Some(placement(&sprite.picture, left, top, dpr))
    }

    /// Where a text `width` wide, anchored at (x, y) CSS pixels and aligned by
    /// `align_share`, starts: its origin (the left end of its baseline) on a whole device
    /// pixel, in device pixels. A copy that did not start on one would be resampled (slower,
    /// and blurred); a text drawn directly starts there too, so that it does not move when
    /// it gets its sprite. `None` before the pixel ratio is known.
    pub(crate) fn text_origin(
        &self,
        (x, y): (f64, f64),
        align_share: f64,
        width: f64,
    ) -> Option<(f64, f64)> {
        let dpr = self.ratio()?;
        Some((((x - align_share * width) * dpr).round(), (y * dpr).round()))
    }

    /// The pixel ratio the sprites are drawn for; `None` before the canvas is fitted.
    pub(crate) fn ratio(&self) -> Option<f64> {
        Some(self.dpr).filter(|dpr| *dpr > 0.0)
    }

    /// What to do with the stamp `key` that covers `bounds` (x, y, w, h in CSS pixels).
    pub(crate) fn stamp(&mut self, key: u64, [x, y, w, h]: [f64; 4]) -> StampLookup<'_> {
        let Some(dpr) = self.ratio() else {
            return StampLookup::Draw;
        };
        let (cw, ch) = self.size;
        if x >= cw || y >= ch || x + w <= 0.0 || y + h <= 0.0 {
            // Off the canvas (the car before it drives in): its picture lies inside its
            // bounds, so nothing of it would show.
            return StampLookup::Skip;
        }
        if let Some(index) = self.stamps.iter().position(|s| s.key == key) {
            let s = &mut self.stamps[index];
            s.used = self.frame;
            let left = s.left + ((x - s.at.0) * dpr).round();
            let top = s.top + ((y - s.at.1) * dpr).round();
            return StampLookup::Copy(placement(&s.picture, left, top, dpr));
        }
        let (left, top) = ((x * dpr).floor(), (y * dpr).floor());
        let (right, bottom) = (((x + w) * dpr).ceil(), ((y + h) * dpr).ceil());
        let fits = |side: f64| (1.0..=MAX_SPRITE_SIDE).contains(&side);
        if !fits(right - left) || !fits(bottom - top) {
            return StampLookup::Draw;
        }
        let pixels = (right - left) * (bottom - top);
        let may_record = self.recorded < RECORDS_PER_FRAME
            && (self.recorded == 0 || self.recorded_pixels + pixels <= RECORD_PIXELS_PER_FRAME);
        if seen_before(&mut self.stamps_once, key, may_record).is_none() {
            return StampLookup::Draw;
        }
        self.recorded += 1;
        self.recorded_pixels += pixels;
        let Some(easel) = self.easels.take() else {
            return StampLookup::Draw;
        };
        easel.resize((right - left) as u32, (bottom - top) as u32);
        if easel
            .ctx
            .set_transform(dpr, 0.0, 0.0, dpr, -left, -top)
            .is_err()
        {
            self.easels.give_back(easel);
            return StampLookup::Draw;
        }
        StampLookup::Record(NewStamp {
            key,
            easel,
            left,
            top,
            at: (x, y),
        })
    }

    /// Keeps a stamp drawn after [`StampLookup::Record`], and says where to copy it.
    pub(crate) fn keep_stamp(&mut self, stamp: NewStamp) -> Placement<'_> {
        let NewStamp {
            key,
            easel,
            left,
            top,
            at,
        } = stamp;
        let picture = self.easels.finish(easel);
        room(&mut self.stamps);
        self.stamps.push(StampSprite {
            key,
            picture,
            left,
            top,
            at,
            used: self.frame,
        });
        let s = &self.stamps[self.stamps.len() - 1];
        placement(&s.picture, s.left, s.top, self.dpr)
    }
}

impl NewStamp {
    /// The context to draw the stamp with.
    pub(crate) fn ctx(&self) -> &CanvasRenderingContext2d {
        &self.easel.ctx
    }
}

/// A sprite's rectangle in CSS pixels, from its top-left corner in device pixels.
fn placement(picture: &Picture, left: f64, top: f64, dpr: f64) -> Placement<'_> {
    Placement {
        picture,
        x: left / dpr,
        y: top / dpr,
        w: f64::from(picture.width()) / dpr,
        h: f64::from(picture.height()) / dpr,
    }
}

/// A picture just big enough for `key`'s text at `dpr`, with the text drawn in it; the
/// text's origin in it (device pixels) and its advance width (CSS pixels).
fn draw_text_sprite(
    key: &TextKey,
    dpr: f64,
    easels: &mut Easels,
) -> Option<(Picture, (f64, f64), f64)> {
    let easel = easels.take()?;
    let Some((origin, width)) = draw_text(&easel, key, dpr) else {
        easels.give_back(easel);
        return None;
    };
    Some((easels.finish(easel), origin, width))
}

/// Sizes `easel` for `key`'s text at `dpr` and draws it; the text's origin and width.
fn draw_text(easel: &Easel, key: &TextKey, dpr: f64) -> Option<((f64, f64), f64)> {
    let ctx = &easel.ctx;
    // A spare easel keeps the state its last drawing left, and the box measured depends on
    // the alignment.
    ctx.set_text_align("left");
    ctx.set_font(&key.font);
    let metrics = ctx.measure_text(&key.text).ok()?;
    let (left, right) = (
        metrics.actual_bounding_box_left(),
        metrics.actual_bounding_box_right(),
    );
    let (ascent, descent) = (
        metrics.actual_bounding_box_ascent(),
        metrics.actual_bounding_box_descent(),
    );
    let width = metrics.width();
    if ![left, right, ascent, descent, width]
        .iter()
        .all(|v| v.is_finite())
    {
        return None;
    }
    let origin = (
        (left.max(0.0) * dpr).ceil() + PAD,
        (ascent.max(0.0) * dpr).ceil() + PAD,
    );
    let size = (
        origin.0 + (right.max(0.0) * dpr).ceil() + PAD,
        origin.1 + (descent.max(0.0) * dpr).ceil() + PAD,
    );
    if size.0 > MAX_SPRITE_SIDE || size.1 > MAX_SPRITE_SIDE {
        return None;
    }
    easel.resize(size.0 as u32, size.1 as u32);
    // Resizing reset the context's state: set it again.
    ctx.set_font(&key.font);
    ctx.set_fill_style_str(&key.fill);
    ctx.set_transform(dpr, 0.0, 0.0, dpr, origin.0, origin.1)
        .ok()?;
    ctx.fill_text(&key.text, 0.0, 0.0).ok()?;
    Some((origin, width))
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn a_text_is_drawn_directly_once_then_copied_from_one_sprite() {
        let mut sprites = Sprites::default();
        sprites.reset(2.0, (1000.0, 1000.0));
        let (font, fill) = ("600 12px sans-serif", "#ffffff");
        let first = sprites.place_text(font, fill, "Front jack", (100.3, 50.2), 0.5);
        assert!(first.is_none(), "new text is drawn directly");
        // Which picture, its width in device pixels, and its rectangle.
        let place = |sprites: &mut Sprites| {
            sprites
                .place_text(font, fill, "Front jack", (100.3, 50.2), 0.5)
                .map(|p| {
                    let picture: *const Picture = p.picture;
                    (picture, p.picture.width(), p.x, p.y, p.w, p.h)
                })
        };
        let second = place(&mut sprites).expect("asked again: a sprite");
        let third = place(&mut sprites).expect("and again: the same sprite");
        assert!(std::ptr::eq(second.0, third.0), "one picture, kept");
        assert_eq!(sprites.text_count(), 1);
        assert_eq!((second.2, second.3), (third.2, third.3));
        // On whole device pixels, one to one.
        for v in [second.2, second.3, second.4, second.5] {
            assert_eq!((v * 2.0).fract(), 0.0, "{v} is not on a device pixel");
        }
        assert_eq!(second.4 * 2.0, f64::from(second.1));
        // Its width is the text's, and centring used it.
        let width = sprites
            .known_width(font, "Front jack")
            .expect("a kept width");
        assert!(width > 30.0 && width < 120.0, "{width}");
        // Another colour is another sprite.
        assert!(sprites
            .place_text(font, "#000000", "Front jack", (100.3, 50.2), 0.5)
            .is_none());
        sprites.reset(1.0, (1000.0, 1000.0));
        assert!(
            sprites.known_width(font, "Front jack").is_none(),
            "reset forgets"
        );
    }

    #[wasm_bindgen_test]
    fn a_text_too_long_for_a_sprite_is_always_drawn_directly() {
        let mut sprites = Sprites::default();
        sprites.reset(2.0, (1000.0, 1000.0));
        let long = "x".repeat(2000);
        for _ in 0..5 {
            let placed = sprites.place_text("600 12px sans-serif", "#fff", &long, (0.0, 9.0), 0.0);
            assert!(placed.is_none());
        }
        assert_eq!(sprites.text_count(), 0);
        assert_eq!(sprites.recorded, 1, "tried once, not again");
    }

    #[wasm_bindgen_test]
    fn a_stamp_is_recorded_on_its_second_request_and_copied_after() {
        let mut sprites = Sprites::default();
        sprites.reset(1.5, (1000.0, 1000.0));
        let bounds = [10.2, 20.7, 30.0, 12.0];
        assert!(matches!(sprites.stamp(7, bounds), StampLookup::Draw));
        let StampLookup::Record(stamp) = sprites.stamp(7, bounds) else {
            panic!("asked again: recorded");
        };
        // Rounded out to whole device pixels around the bounds.
        assert_eq!((stamp.left, stamp.top), (15.0, 31.0));
        assert_eq!(stamp.easel.size(), (61 - 15, 50 - 31));
        let kept = sprites.keep_stamp(stamp);
        assert_eq!((kept.x, kept.y), (10.0, 31.0 / 1.5));
        assert!(matches!(sprites.stamp(7, bounds), StampLookup::Copy(_)));
        assert!(matches!(sprites.stamp(8, bounds), StampLookup::Draw));
        // Too big to keep: always drawn.
        let huge = [0.0, 0.0, 4000.0, 10.0];
        for _ in 0..3 {
            assert!(matches!(sprites.stamp(9, huge), StampLookup::Draw));
        }
        // Off the canvas: not drawn at all.
        for off in [[-40.0, 0.0, 30.0, 10.0], [0.0, 1000.0, 30.0, 10.0]] {
            assert!(matches!(sprites.stamp(10, off), StampLookup::Skip));
        }
    }

    #[wasm_bindgen_test]
    async fn a_sprite_is_copied_from_its_bitmap_once_it_arrives_and_closed_when_dropped() {
        let mut sprites = Sprites::default();
        sprites.reset(1.0, (1000.0, 1000.0));
        let bounds = [0.0, 0.0, 20.0, 10.0];
        sprites.begin_frame();
        assert!(matches!(sprites.stamp(1, bounds), StampLookup::Draw));
        let StampLookup::Record(stamp) = sprites.stamp(1, bounds) else {
            panic!("asked again: recorded");
        };
        sprites.keep_stamp(stamp);
        assert!(
            !sprites.stamps[0].picture.is_bitmap(),
            "a canvas until then"
        );
        assert_eq!(sprites.easels.spare_count(), 0, "the canvas is the picture");
        let mut frames = 0;
        while !sprites.stamps[0].picture.is_bitmap() {
            assert!(frames < 100, "no bitmap after {frames} frames");
            gloo_timers::future::TimeoutFuture::new(5).await;
            sprites.begin_frame();
            assert!(matches!(sprites.stamp(1, bounds), StampLookup::Copy(_)));
            frames += 1;
        }
        let bitmap = sprites.stamps[0].picture.bitmap().expect("a bitmap");
        assert_eq!((bitmap.width(), bitmap.height()), (20, 10));
        assert_eq!(
            sprites.easels.spare_count(),
            1,
            "its canvas draws the next sprite"
        );
        sprites.begin_frame(); // not used in this frame
        assert_eq!(
            sprites.stamp_count(),
            1,
            "kept through the frame after its last use"
        );
        sprites.begin_frame();
        assert_eq!(
            sprites.stamp_count(),
            0,
            "dropped once a whole frame went without it"
        );
        assert_eq!(bitmap.width(), 0, "a closed bitmap has no pixels");
    }

    #[wasm_bindgen_test]
    fn a_frame_makes_a_few_sprites_and_leaves_the_rest_to_the_next_frames() {
        let mut sprites = Sprites::default();
        sprites.reset(1.0, (1000.0, 1000.0));
        let bounds = [0.0, 0.0, 4.0, 4.0];
        let keys = 0..(2 * u64::from(RECORDS_PER_FRAME) + 3);
        sprites.begin_frame();
        for key in keys.clone() {
            assert!(matches!(sprites.stamp(key, bounds), StampLookup::Draw));
        }
        let mut made = Vec::new();
        for _ in 0..3 {
            sprites.begin_frame();
            let mut this_frame = 0;
            for key in keys.clone() {
                match sprites.stamp(key, bounds) {
                    StampLookup::Record(stamp) => {
                        sprites.keep_stamp(stamp);
                        this_frame += 1;
                    }
                    StampLookup::Copy(_) | StampLookup::Draw | StampLookup::Skip => {}
                }
            }
            made.push(this_frame);
        }
        let per_frame = RECORDS_PER_FRAME as usize;
        assert_eq!(
            made,
            [per_frame, per_frame, 3],
            "at most a frame's worth each frame"
        );
        assert_eq!(
            sprites.stamp_count(),
            keys.count(),
            "and all made in the end"
        );
    }

    #[wasm_bindgen_test]
    fn what_is_seen_once_is_forgotten_first_and_the_sprites_stay_bounded() {
        let mut sprites = Sprites::default();
        sprites.reset(1.0, (1000.0, 1000.0));
        for key in 0..(ONCE_CAPACITY as u64 + 10) {
            assert!(matches!(
                sprites.stamp(key, [0.0, 0.0, 4.0, 4.0]),
                StampLookup::Draw
            ));
        }
        // The oldest were forgotten: asked again, they count as new.
        assert!(matches!(
            sprites.stamp(0, [0.0, 0.0, 4.0, 4.0]),
            StampLookup::Draw
        ));
        assert_eq!(sprites.stamps_once.len(), ONCE_CAPACITY);
        for key in 1000..(1000 + SPRITE_CAPACITY as u64 + 5) {
            let _ = sprites.stamp(key, [0.0, 0.0, 4.0, 4.0]);
            if let StampLookup::Record(stamp) = sprites.stamp(key, [0.0, 0.0, 4.0, 4.0]) {
                sprites.keep_stamp(stamp);
            }
            assert!(sprites.stamps.len() <= SPRITE_CAPACITY);
        }
    }
}
