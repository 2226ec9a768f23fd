//! The browser half of `cargo xtask bench`, driven by `www/bench.js`.
//!
//! Compiled only with the `bench` feature, into a separate package (`target/bench-pkg/`):
//! the product's `pkg/` is size-budgeted and carries none of this. The scenarios themselves
//! are `crate::bench`, the same code the native host measures; here they only get the
//! page's clock (`performance.now()`, precise when the page is cross-origin isolated) and,
//! for the frame cost, a real canvas.
#![cfg(feature = "bench")]

use std::time::Duration;

use wasm_bindgen::prelude::*;
use web_sys::{HtmlCanvasElement, Performance};

use super::canvas::{device_pixel_ratio, Screen};
use super::local_host::{run_until_quiet, SpawnLocal};
use crate::bench::{self, Events, Tally};
use crate::frame_budget::FrameBudget;
use crate::player::{PlayState, Player};
use crate::runtime::{Config, System, Time};

fn performance() -> Result<Performance, JsError> {
    web_sys::window()
        .and_then(|w| w.performance())
        .ok_or_else(|| JsError::new("this page has no window.performance"))
}

fn events(on: bool) -> Events {
    if on {
        Events::On
    } else {
        Events::Off
    }
}

fn js_error(message: String) -> JsError {
    JsError::new(&message)
}

/// A ping-pong of `messages` handlings on the runtime's own executor; milliseconds.
#[wasm_bindgen(js_name = benchPingpong)]
pub fn pingpong(messages: u32, events_on: bool) -> Result<f64, JsError> {
    let perf = performance()?;
    bench::pingpong(messages, events(events_on), &mut || perf.now()).map_err(js_error)
}

/// The same ping-pong with no runtime, on a minimal executor (the yardstick); milliseconds.
#[wasm_bindgen(js_name = benchPingpongMinimal)]
pub fn pingpong_minimal(messages: u32) -> Result<f64, JsError> {
    let perf = performance()?;
    bench::minimal_pingpong(messages, &mut || perf.now()).map_err(js_error)
}

/// The yardstick's paddles on `futures`' LocalPool, the runtime issue's reference executor;
/// milliseconds.
#[wasm_bindgen(js_name = benchPingpongLocalPool)]
pub fn pingpong_localpool(messages: u32) -> Result<f64, JsError> {
    let perf = performance()?;
    bench::localpool_pingpong(messages, &mut || perf.now()).map_err(js_error)
}

/// The same ping-pong on `wasm_bindgen_futures::spawn_local` (every wake a microtask);
/// milliseconds. Ends with one macrotask, which the runs are long enough to hide.
#[wasm_bindgen(js_name = benchPingpongSpawnLocal)]
pub async fn pingpong_spawn_local(messages: u32, events_on: bool) -> Result<f64, JsError> {
    let perf = performance()?;
    let system = System::with_spawner(
        Config {
            latency: Duration::ZERO,
        },
        SpawnLocal::shared(),
    );
    let mut tally = events_on.then(|| Tally::attach(&system));
    bench::serve_pingpong(&system, messages);
    let start = perf.now();
    run_until_quiet(&system, Time::ZERO).await;
    let ms = perf.now() - start;
    // No slices on this host: the recorded events are taken once, after the clock stops.
    if let Some(tally) = &mut tally {
        tally.collect(&system);
    }
    bench::check_handled(&system, tally.as_ref(), u64::from(messages.max(1))).map_err(js_error)?;
    Ok(ms)
}

/// `rounds` fan-out rounds (12 messages each) on the runtime's own executor; milliseconds.
#[wasm_bindgen(js_name = benchFanout)]
pub fn fanout(rounds: u32, events_on: bool) -> Result<f64, JsError> {
    let perf = performance()?;
    bench::fanout(rounds, events(events_on), &mut || perf.now()).map_err(js_error)
}

/// Messages per fan-out round, both directions.
#[wasm_bindgen(js_name = benchFanoutMessagesPerRound)]
pub fn fanout_messages_per_round() -> f64 {
    bench::FANOUT_MESSAGES_PER_ROUND as f64
}

/// [`bench::Runs`] for the page, with counts as JavaScript numbers.
#[wasm_bindgen(js_name = BenchRuns)]
pub struct Runs(bench::Runs);

#[wasm_bindgen(js_class = BenchRuns)]
impl Runs {
    #[wasm_bindgen(constructor)]
    pub fn new(first: f64, max_count: f64, min_ms: f64, reps: u32) -> Runs {
        Runs(bench::Runs::new(
            first as u64,
            max_count as u64,
            min_ms,
            reps as usize,
        ))
    }

    /// The count for the next run, or `undefined` once every repetition is in.
    #[wasm_bindgen(js_name = nextCount)]
    pub fn next_count(&self) -> Option<f64> {
        self.0.next_count().map(|n| n as f64)
    }

    pub fn record(&mut self, count: f64, ms: f64) {
        self.0.record(count as u64, ms);
    }

    /// Items per second, the median of the kept runs.
    #[wasm_bindgen(js_name = medianRate)]
    pub fn median_rate(&self) -> f64 {
        self.0.median_rate()
    }

    /// The rates of the kept runs.
    pub fn rates(&self) -> Vec<f64> {
        self.0.rates().to_vec()
    }

    /// The count the kept runs used.
    pub fn count(&self) -> f64 {
        self.0.count() as f64
    }

    /// True once the count is settled: the next run is a kept one.
    pub fn calibrated(&self) -> bool {
        self.0.calibrated()
    }

    /// This figure's kept rates over `other`'s, round by round.
    #[wasm_bindgen(js_name = ratiosTo)]
    pub fn ratios_to(&self, other: &Runs) -> Vec<f64> {
        self.0.ratios_to(&other.0)
    }

    /// The median of `ratiosTo(other)`.
    #[wasm_bindgen(js_name = medianRatioTo)]
    pub fn median_ratio_to(&self, other: &Runs) -> f64 {
        self.0.median_ratio_to(&other.0)
    }
}

/// A ping-pong the page pumps from `requestAnimationFrame`, a slice per frame, for as long
/// as the product's frame loop would run actors ([`FrameBudget`], with nothing to draw).
#[wasm_bindgen(js_name = BenchLive)]
pub struct Live {
    pingpong: bench::LivePingpong,
    perf: Performance,
    budget: FrameBudget,
}

#[wasm_bindgen(js_class = BenchLive)]
impl Live {
    #[wasm_bindgen(constructor)]
    pub fn new(messages: u32) -> Result<Live, JsError> {
        Ok(Live {
            pingpong: bench::LivePingpong::new(messages),
            perf: performance()?,
            budget: FrameBudget::new(),
        })
    }

    /// Runs actors in the animation frame that started at `frame_ts` until the frame
    /// budget's deadline; true once every message is handled.
    #[wasm_bindgen(js_name = sliceInFrame)]
    pub fn slice_in_frame(&mut self, frame_ts: f64) -> bool {
        self.budget.frame_started(frame_ts);
        let perf = &self.perf;
        let deadline = self.budget.deadline(frame_ts, perf.now());
        self.pingpong.slice_until(deadline, &mut || perf.now())
    }

    pub fn handled(&self) -> f64 {
        self.pingpong.handled() as f64
    }

    /// Throws unless every message was handled.
    pub fn check(&self) -> Result<(), JsError> {
        self.pingpong.check().map_err(js_error)
    }
}

/// The frame cost: a player stepped frame by frame on a real canvas, each frame timed.
#[wasm_bindgen(js_name = BenchFrames)]
pub struct Frames {
    screen: Screen,
    player: Player,
    perf: Performance,
    /// The fake animation-frame timestamp: a fixed real-time step per frame.
    ts: f64,
    /// Milliseconds per frame.
    samples: Vec<f64>,
    /// The drawing's share of each frame (the rest is the scene update), milliseconds.
    paint_samples: Vec<f64>,
    /// How long each frame may run actors, as in the product's frame loop.
    budget: FrameBudget,
    /// How many sprites each frame made (making one costs 0.2-0.7 ms).
    sprites_made: Vec<u32>,
}

#[wasm_bindgen(js_class = BenchFrames)]
impl Frames {
    /// A started player for the default stop, drawing on `canvas`.
    #[wasm_bindgen(constructor)]
    pub fn new(canvas: HtmlCanvasElement) -> Result<Frames, JsError> {
        Ok(Frames {
            screen: Screen::new(canvas).map_err(js_error)?,
            player: bench::frame_player(),
            perf: performance()?,
            ts: 0.0,
            samples: Vec::new(),
            paint_samples: Vec::new(),
            budget: FrameBudget::new(),
            sprites_made: Vec::new(),
        })
    }

    /// One frame, [`bench::FRAME_STEP_MS`] of real time after the last, timed around the
    /// player's frame, the scene and the drawing. False once the stop has finished.
    pub fn step(&mut self) -> bool {
        if self.player.state() == PlayState::Finished {
            return false;
        }
        let dpr = device_pixel_ratio();
        let perf = &self.perf;
        let start = perf.now();
        // The page calls this as its animation frame begins: `start` stands for the frame's
        // timestamp (the player's `ts` is a fake one, a fixed step per frame).
        let deadline = self.budget.deadline(start, start);
        let mut budget = || perf.now() > deadline;
        // As `bench::draw_frame`, with a clock reading between the halves.
        let scene = bench::update_frame(&mut self.player, self.ts, &mut budget);
        let painting = perf.now();
        let size = self.screen.canvas.fit(dpr);
        // Exactly as the product draws (the ground from its layer).
        self.screen.draw(size, &scene);
        let end = perf.now();
        self.budget.drawing_took(end - painting);
        self.samples.push(end - start);
        self.paint_samples.push(end - painting);
        self.sprites_made.push(self.screen.canvas.sprites_made());
        self.ts += bench::FRAME_STEP_MS;
        true
    }

    /// The stop again from the beginning, forgetting the timings (after a warm-up).
    pub fn restart(&mut self) {
        self.player = bench::frame_player();
        self.ts = 0.0;
        self.samples.clear();
        self.paint_samples.clear();
        self.sprites_made.clear();
    }

    pub fn frames(&self) -> u32 {
        self.samples.len() as u32
    }

    /// The `p`th percentile of the frame times, in milliseconds (50: the median).
    pub fn percentile(&self, p: f64) -> f64 {
        bench::percentile(&self.samples, p)
    }

    /// The `p`th percentile of the drawing's share of the frames, in milliseconds.
    #[wasm_bindgen(js_name = paintPercentile)]
    pub fn paint_percentile(&self, p: f64) -> f64 {
        bench::percentile(&self.paint_samples, p)
    }

    /// The `n` slowest frames, slowest first, as flat quadruples: the frame's index, its
    /// milliseconds, the drawing's share of them, and the sprites it made (a diagnostic for
    /// the notes).
    #[wasm_bindgen(js_name = slowestFrames)]
    pub fn slowest_frames(&self, n: u32) -> Vec<f64> {
        let mut order: Vec<usize> = (0..self.samples.len()).collect();
        order.sort_by(|&a, &b| self.samples[b].total_cmp(&self.samples[a]));
        order
            .into_iter()
            .take(n as usize)
            .flat_map(|i| {
                let made = f64::from(self.sprites_made[i]);
                [i as f64, self.samples[i], self.paint_samples[i], made]
            })
            .collect()
    }

    /// Sprites made over the timed stop.
    #[wasm_bindgen(js_name = spritesMade)]
    pub fn sprites_made(&self) -> u32 {
        self.sprites_made.iter().sum()
    }

    /// The canvas's backing-store size, to check the pixel ratio took effect.
    #[wasm_bindgen(js_name = backingSize)]
    pub fn backing_size(&self) -> Vec<u32> {
        let element = &self.screen.canvas.element;
        vec![element.width(), element.height()]
    }
}
