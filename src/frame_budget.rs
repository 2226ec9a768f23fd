//! How long one animation frame may spend running actors.
//!
//! A frame loop that gives actors a fixed few milliseconds leaves most of each frame unused
//! during a burst of messages (4 ms of a 16.7 ms frame is a quarter of the time); one that
//! runs them too long misses the next frame. The rule here: run actors until a reserve
//! before the next frame is due. "Due" is the frame's start (its `requestAnimationFrame`
//! timestamp) plus the interval between frames as observed, so a 120 Hz display gets its
//! shorter frames; the reserve is this frame's drawing, as last measured, plus the
//! browser's own share (compositing, input, other scripts).
//!
//! Measured in headless Firefox with a 1 M-message ping-pong pumped this way (see
//! `cargo xtask bench`, `frame_gap`): with a 3 ms reserve the longest gap between frames was
//! 17.2-17.5 ms in most runs, but two of about fifteen missed a frame (33 ms) on this shared
//! machine; with 4 ms, three runs in a row gave 17.3-17.5 ms. The reserve is 4 ms.
//!
//! Several instances on one page share a frame through the deadline, which is absolute (the
//! frame's start plus the budget): an instance whose callback runs after another's burst
//! gets only [`MIN_WORK_MS`]. Each instance subtracts only its own drawing, so two bursts at
//! once can run a frame a little long; bursts are rare in a pit stop (about a hundred
//! messages), so this is the simple rule, not a page-wide one.
//!
//! Pure arithmetic on milliseconds, so it is tested natively; the browser shell feeds it
//! `performance.now()` and the frame timestamps.

use crate::numfmt::clamp;
use crate::samples::median;

/// A 60 Hz display, until frames say otherwise; and the longest interval the budget
/// assumes, so that a run of late frames can never talk it into longer work (which would
/// make the frames later still).
const MAX_INTERVAL_MS: f64 = 1000.0 / 60.0;

/// The shortest interval believed: no display refreshes faster than 250 Hz.
const MIN_INTERVAL_MS: f64 = 4.0;

/// The browser's share of every frame: compositing, input, other scripts on the page.
pub const BROWSER_RESERVE_MS: f64 = 4.0;

/// Actors get at least this much per frame, however slow the drawing, or a slow machine
/// would never make progress.
pub const MIN_WORK_MS: f64 = 1.0;

/// How many recent gaps between frames the interval is learnt from.
const GAPS: usize = 16;

/// How far one new drawing time moves its average: 1/8, smooth but quick to follow.
const SMOOTHING: f64 = 0.125;

/// What the frame loop has learnt about its frames: how far apart they come and how long
/// drawing one takes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FrameBudget {
    /// The last [`GAPS`] gaps between frames (fewer at first); `next_gap` is overwritten next.
    gaps: Vec<f64>,
    next_gap: usize,
    drawing_ms: f64,
    last_frame: Option<f64>,
}

impl FrameBudget {
    pub fn new() -> FrameBudget {
        FrameBudget::default()
    }

    /// Learns from a frame's timestamp (milliseconds, as `requestAnimationFrame` gives it).
    ///
    /// The display's interval is the median of the recent gaps: a late frame (a long task, a
    /// hidden tab, a frame this loop made late) and the short gap that often follows it
    /// (Firefox stamps a frame with the time its tick really began) are outliers on either
    /// side and change nothing. The shortest gap was tried and was wrong: one catch-up gap
    /// cut the actors' share of every frame by half. A display that changes (a window moved
    /// from a 144 Hz screen to a 60 Hz one) is learnt once half the gaps are new. The
    /// interval is capped at 60 Hz's: a slower display (rare), or a loop whose frames are
    /// all late, gets a 60 Hz budget, which is safe, only less generous.
    pub fn frame_started(&mut self, ts_ms: f64) {
        if let Some(last) = self.last_frame {
            let gap = ts_ms - last;
            if gap.is_finite() && gap > 0.0 {
                if self.gaps.len() < GAPS {
                    self.gaps.push(gap);
                } else {
                    self.gaps[self.next_gap] = gap;
                }
                self.next_gap = (self.next_gap + 1) % GAPS;
            }
        }
        if ts_ms.is_finite() {
            self.last_frame = Some(ts_ms);
        }
    }

    /// Learns how long drawing a frame took (milliseconds).
    pub fn drawing_took(&mut self, ms: f64) {
        if ms.is_finite() && ms >= 0.0 {
            self.drawing_ms += SMOOTHING * (ms - self.drawing_ms);
        }
    }

    /// When actors must stop for the frame that started at `frame_ts_ms`, it being `now_ms`:
    /// a reserve before the next frame is due, and never less than [`MIN_WORK_MS`] from now.
    pub fn deadline(&self, frame_ts_ms: f64, now_ms: f64) -> f64 {
        let work = self.interval_ms() - self.drawing_ms - BROWSER_RESERVE_MS;
        let deadline = frame_ts_ms + work;
        if deadline.is_finite() {
            deadline.max(now_ms + MIN_WORK_MS)
        } else {
            now_ms + MIN_WORK_MS
        }
    }

    /// The interval between frames as learnt, in milliseconds.
    pub fn interval_ms(&self) -> f64 {
        if self.gaps.is_empty() {
            return MAX_INTERVAL_MS;
        }
        clamp(median(&self.gaps), MIN_INTERVAL_MS, MAX_INTERVAL_MS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 0.05
    }

    /// Frames `gaps` milliseconds apart, from `ts` on; returns the last timestamp.
    fn frames(budget: &mut FrameBudget, mut ts: f64, gaps: impl IntoIterator<Item = f64>) -> f64 {
        for gap in gaps {
            ts += gap;
            budget.frame_started(ts);
        }
        ts
    }

    fn assert_interval(budget: &FrameBudget, want: f64) {
        let got = budget.interval_ms();
        assert!(close(got, want), "interval {got} ms, want {want}");
    }

    #[test]
    fn at_60_hz_with_no_drawing_actors_get_all_but_the_browsers_reserve() {
        let budget = FrameBudget::new();
        let deadline = budget.deadline(1000.0, 1000.2);
        assert!(
            close(deadline, 1000.0 + 16.67 - BROWSER_RESERVE_MS),
            "{deadline}"
        );
    }

    #[test]
    fn drawing_time_comes_out_of_the_actors_share() {
        let mut budget = FrameBudget::new();
        for _ in 0..100 {
            budget.drawing_took(4.0);
        }
        let work = budget.deadline(0.0, 0.0);
        assert!(close(work, 16.67 - 4.0 - BROWSER_RESERVE_MS), "{work}");
    }

    #[test]
    fn a_120_hz_display_is_learnt_and_late_frames_are_ignored() {
        let mut budget = FrameBudget::new();
        // Every tenth frame is late (a long task): it must not stretch the estimate.
        frames(
            &mut budget,
            0.0,
            (0..200).map(|i| if i % 10 == 9 { 40.0 } else { 8.33 }),
        );
        assert_interval(&budget, 8.33);
    }

    #[test]
    fn a_slower_display_after_a_faster_one_is_learnt() {
        let mut budget = FrameBudget::new();
        let ts = frames(&mut budget, 0.0, [6.94; 100]); // 144 Hz
        assert_interval(&budget, 6.94);
        frames(&mut budget, ts, [16.67; GAPS]); // moved to a 60 Hz screen
        assert_interval(&budget, 16.67);
    }

    #[test]
    fn frames_made_late_never_lengthen_the_budget() {
        let mut budget = FrameBudget::new();
        // Every frame late, by this loop's own doing or not.
        frames(&mut budget, 0.0, [20.0; 300]);
        assert_interval(&budget, 16.67);
    }

    #[test]
    fn a_few_short_gaps_change_nothing() {
        let mut budget = FrameBudget::new();
        let mut ts = 0.0;
        for i in 0..200 {
            // A late frame and the catch-up gap after it, now and then, and once a burst of
            // callbacks in quick succession.
            let gap = match i % 20 {
                5 => 23.0,
                6 => 10.4,
                _ if (100..105).contains(&i) => 2.0,
                _ => 16.67,
            };
            ts = frames(&mut budget, ts, [gap]);
            assert_interval(&budget, 16.67);
        }
    }

    #[test]
    fn a_late_start_or_slow_drawing_still_leaves_the_minimum() {
        let mut budget = FrameBudget::new();
        // The callback runs 20 ms after its frame began: the deadline is already past.
        assert_eq!(budget.deadline(0.0, 20.0), 20.0 + MIN_WORK_MS);
        for _ in 0..100 {
            budget.drawing_took(30.0);
        }
        assert_eq!(budget.deadline(0.0, 0.5), 0.5 + MIN_WORK_MS);
    }

    #[test]
    fn nonsense_readings_change_nothing() {
        let mut budget = FrameBudget::new();
        budget.frame_started(10.0);
        let before = budget.clone();
        budget.frame_started(f64::NAN);
        budget.frame_started(5.0); // backwards
        budget.drawing_took(f64::INFINITY);
        budget.drawing_took(-1.0);
        assert_eq!(budget.interval_ms(), before.interval_ms());
        assert_eq!(budget.deadline(0.0, 0.0), before.deadline(0.0, 0.0));
        assert_eq!(budget.deadline(f64::NAN, 3.0), 3.0 + MIN_WORK_MS);
    }
}
