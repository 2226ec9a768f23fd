//! The benchmark scenarios, shared by the native host (`examples/bench.rs`) and the browser
//! (`web::bench`, behind the `bench` feature), so that both measure exactly the same actors.
//!
//! Nothing here knows about browsers or `Instant`: every timed function takes the clock as
//! `now_ms` (milliseconds from any origin), which the native host reads from `Instant` and
//! the page from `performance.now()`. `cargo xtask bench` runs everything and prints the
//! figures; BENCHMARKS.md keeps the last table.
//!
//! - [`pingpong`]: two actors bounce one message through their mailboxes;
//! - [`minimal_pingpong`]: the same with no runtime at all, as a yardstick;
//! - `localpool_pingpong` (with the `bench` feature): the same on `futures`' `LocalPool`,
//!   the stock executor the runtime issue's reference figures name;
//! - [`fanout`]: one coordinator, six workers, one message each way per worker per round;
//! - [`LivePingpong`]: a ping-pong run a few milliseconds at a time, as a frame loop would;
//! - [`stops`]: whole pit stops, recorded, back to back;
//! - [`draw_frame`]: one frame of the player, as the page draws it;
//! - [`Runs`]: how many items to run so that a measurement lasts long enough, and the median.

use std::time::Duration;

#[cfg(feature = "bench")]
mod localpool;
mod minimal;
pub use crate::samples::{median, percentile};
#[cfg(feature = "bench")]
pub use localpool::localpool_pingpong;
pub use minimal::minimal_pingpong;

use crate::pitstop::{simulate, Chaos, StopPlan};
use crate::player::Player;
use crate::runtime::{
    Actor, Addr, Budget, Config, Context, Event, EventKind, Failure, Handled, Message, Progress,
    Props, System, Time,
};
use crate::scene::{draw_scene, Painter, Scene, View};

/// Whether anyone listens to the event stream while the scenario runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Events {
    /// Nobody listens: emitting an event is one branch on a flag.
    Off,
    /// A [`Tally`] listens: every event is built, recorded and taken by it.
    On,
}

impl Events {
    pub fn name(self) -> &'static str {
        match self {
            Events::Off => "off",
            Events::On => "on",
        }
    }
}

/// What a realistic listener does, in bounded memory, the way the page listens: the bus
/// records events (built in its buffer, never cloned), and between slices of work the tally
/// takes them, counts them by kind (as a stats panel would) and keeps the newest batch (as
/// a log view would), dropping the batch before it.
///
/// It listens through the recording, as the page's renderer and log do, not through a
/// per-event callback ([`EventBus::subscribe`](crate::runtime::EventBus::subscribe), which
/// tests use to check invariants as events happen): in Firefox a callback per event cost a
/// tenth of the ping-pong's throughput on top of recording. Keeping the newest events by
/// swapping buffers, not by moving each event into a ring, is the same idea as the bus's
/// own drain.
#[derive(Default)]
pub struct Tally {
    /// Events seen: sends, deliveries, handlings, everything else (see [`kind_index`]).
    pub counts: [u64; 4],
    /// The newest batch of events, in order.
    newest: Vec<Event>,
    inbox: Vec<Event>,
}

impl Tally {
    /// A tally listening to `system`'s events: recording on.
    pub fn attach(system: &System) -> Tally {
        system.events().record(true);
        Tally::default()
    }

    /// Takes what the bus recorded since the last call, counts it, and keeps it as the
    /// newest batch (if it has any events).
    pub fn collect(&mut self, system: &System) {
        system.events().drain_into(&mut self.inbox);
        if self.inbox.is_empty() {
            return;
        }
        for event in &self.inbox {
            self.counts[kind_index(&event.kind)] += 1;
        }
        std::mem::swap(&mut self.newest, &mut self.inbox);
        self.inbox.clear();
    }

    /// How many `handle` events were seen.
    pub fn handled(&self) -> u64 {
        self.counts[HANDLE]
    }

    /// The newest events kept, oldest first.
    pub fn newest(&self) -> &[Event] {
        &self.newest
    }
}

/// Budget checks per slice of [`run_sliced`]: the runtime asks its budget every 64 polls,
/// so a slice is about a thousand polls, a few hundred microseconds.
const CHECKS_PER_SLICE: u32 = 16;

/// Runs `system` until nothing is left to do, a slice at a time, letting `tally` collect the
/// recorded events between slices (as a page collects them once a frame).
pub fn run_sliced(system: &System, mut tally: Option<&mut Tally>) {
    loop {
        let mut checks = 0;
        let mut budget = || {
            checks += 1;
            checks >= CHECKS_PER_SLICE
        };
        let progress = system.advance(Time::ZERO, &mut budget);
        if let Some(tally) = tally.as_deref_mut() {
            tally.collect(system);
        }
        if progress == Progress::Reached {
            return;
        }
    }
}

/// Slots of [`Tally::counts`]: the message kinds, then every other kind together.
const SEND: usize = 0;
const DELIVER: usize = 1;
const HANDLE: usize = 2;
const OTHER: usize = 3;

/// The [`Tally::counts`] slot of an event.
pub fn kind_index(kind: &EventKind) -> usize {
    match kind {
        EventKind::Send { .. } => SEND,
        EventKind::Deliver { .. } => DELIVER,
        EventKind::Handle { .. } => HANDLE,
        _ => OTHER,
    }
}

/// Every scenario runs with no transit latency: the figures are about the runtime's cost per
/// message, not about virtual time.
fn zero_latency() -> Config {
    Config {
        latency: Duration::ZERO,
    }
}

// ---- ping-pong ----

/// The ball: how many more hits are left, and who to hit it back to.
pub struct Ball(u32, Addr<Ball>);

impl Message for Ball {
    fn name(&self) -> &'static str {
        "ball"
    }
}

/// Hits the ball back until no hits are left.
pub struct Paddle;

impl Actor for Paddle {
    type Msg = Ball;
    type Behaviour = ();

    async fn handle(
        &mut self,
        ctx: &mut Context<Self>,
        Ball(left, back): Ball,
    ) -> Result<Handled, Failure> {
        if left > 0 {
            ctx.send(&back, Ball(left - 1, ctx.myself().clone()));
        }
        Ok(Handled::Done)
    }
}

/// Spawns two paddles on `system` and serves a ball that will be handled `messages` times
/// in all (`messages` at least 1). Nothing runs until the host pumps the system.
pub fn serve_pingpong(system: &System, messages: u32) {
    let a = system.spawn(Props::new("ping", || Paddle));
    let b = system.spawn(Props::new("pong", || Paddle));
    system.tell(&a, Ball(messages.max(1) - 1, b));
}

/// A ping-pong of `messages` handlings on the runtime's own executor; returns the
/// milliseconds it took. An error if a message went missing (a broken runtime must not
/// report a fast figure).
pub fn pingpong(
    messages: u32,
    events: Events,
    now_ms: &mut dyn FnMut() -> f64,
) -> Result<f64, String> {
    let system = System::new(zero_latency());
    let mut tally = (events == Events::On).then(|| Tally::attach(&system));
    serve_pingpong(&system, messages);
    let start = now_ms();
    run_sliced(&system, tally.as_mut());
    let ms = now_ms() - start;
    check_handled(&system, tally.as_ref(), u64::from(messages.max(1)))?;
    Ok(ms)
}

/// Checks that exactly `expected` messages were handled, and, with a tally, seen as events.
pub fn check_handled(system: &System, tally: Option<&Tally>, expected: u64) -> Result<(), String> {
    let handled = system.stats().handled;
    if handled != expected {
        return Err(format!("{handled} messages handled, expected {expected}"));
    }
    if let Some(tally) = tally {
        let seen = tally.handled();
        if seen != expected {
            return Err(format!(
                "the listener saw {seen} handlings, expected {expected}"
            ));
        }
    }
    Ok(())
}

// ---- fan-out / fan-in ----

/// How many workers the coordinator has.
pub const WORKERS: u32 = 6;

/// To the coordinator: start `rounds` rounds, or one worker is done.
pub enum Round {
    Start(u32),
    Done,
}

impl Message for Round {
    fn name(&self) -> &'static str {
        match self {
            Round::Start(_) => "start",
            Round::Done => "done",
        }
    }
}

/// To a worker: do one piece of work and tell the coordinator.
pub struct Work(Addr<Round>);

impl Message for Work {
    fn name(&self) -> &'static str {
        "work"
    }
}

pub struct Worker;

impl Actor for Worker {
    type Msg = Work;
    type Behaviour = ();

    async fn handle(
        &mut self,
        ctx: &mut Context<Self>,
        Work(reply): Work,
    ) -> Result<Handled, Failure> {
        ctx.send(&reply, Round::Done);
        Ok(Handled::Done)
    }
}

/// Each round, sends one message to each worker and waits for every reply before the next.
#[derive(Default)]
pub struct Coordinator {
    workers: Vec<Addr<Work>>,
    rounds_left: u32,
    waiting: u32,
}

impl Coordinator {
    fn next_round(&mut self, ctx: &mut Context<Self>) {
        if self.rounds_left == 0 {
            return;
        }
        self.rounds_left -= 1;
        self.waiting = WORKERS;
        for worker in &self.workers {
            ctx.send(worker, Work(ctx.myself().clone()));
        }
    }
}

impl Actor for Coordinator {
    type Msg = Round;
    type Behaviour = ();

    async fn started(&mut self, ctx: &mut Context<Self>) -> Result<(), Failure> {
        // Its workers are its children, as a crew chief's crew would be.
        self.workers = (0..WORKERS)
            .map(|i| ctx.spawn(Props::new(format!("worker{i}"), || Worker)))
            .collect();
        Ok(())
    }

    async fn handle(&mut self, ctx: &mut Context<Self>, msg: Round) -> Result<Handled, Failure> {
        match msg {
            Round::Start(rounds) => {
                self.rounds_left = rounds;
                self.next_round(ctx);
            }
            Round::Done => {
                self.waiting = self.waiting.saturating_sub(1);
                if self.waiting == 0 {
                    self.next_round(ctx);
                }
            }
        }
        Ok(Handled::Done)
    }
}

/// Messages in one fan-out round, both directions.
pub const FANOUT_MESSAGES_PER_ROUND: u64 = 2 * WORKERS as u64;

/// `rounds` fan-out rounds on the runtime's own executor; returns the milliseconds they
/// took. Each round is [`FANOUT_MESSAGES_PER_ROUND`] messages.
pub fn fanout(rounds: u32, events: Events, now_ms: &mut dyn FnMut() -> f64) -> Result<f64, String> {
    let system = System::new(zero_latency());
    let mut tally = (events == Events::On).then(|| Tally::attach(&system));
    let coordinator = system.spawn(Props::new("coordinator", Coordinator::default));
    // Spawn the workers first, so that only the rounds are timed.
    system.run_until_quiet(Time::ZERO);
    system.tell(&coordinator, Round::Start(rounds));
    let start = now_ms();
    run_sliced(&system, tally.as_mut());
    let ms = now_ms() - start;
    check_handled(
        &system,
        tally.as_ref(),
        1 + u64::from(rounds) * FANOUT_MESSAGES_PER_ROUND,
    )?;
    Ok(ms)
}

// ---- a ping-pong under a frame loop ----

/// A ping-pong pumped a slice at a time, the way the page's frame loop pumps the runtime:
/// each call runs actors until the slice's time is spent, then gives the thread back.
pub struct LivePingpong {
    system: System,
    messages: u32,
}

impl LivePingpong {
    pub fn new(messages: u32) -> LivePingpong {
        let system = System::new(zero_latency());
        serve_pingpong(&system, messages);
        LivePingpong { system, messages }
    }

    /// Runs for about `slice_ms` (the budget is checked every few polls); true once every
    /// message has been handled.
    pub fn slice(&self, slice_ms: f64, now_ms: &mut dyn FnMut() -> f64) -> bool {
        let deadline = now_ms() + slice_ms;
        self.slice_until(deadline, now_ms)
    }

    /// Runs actors until `now_ms()` passes `deadline_ms`; true once every message is
    /// handled.
    pub fn slice_until(&self, deadline_ms: f64, now_ms: &mut dyn FnMut() -> f64) -> bool {
        let mut budget = || now_ms() > deadline_ms;
        self.system.advance(Time::ZERO, &mut budget);
        self.system.is_quiet()
    }

    /// Messages handled so far.
    pub fn handled(&self) -> u64 {
        self.system.stats().handled
    }

    /// An error unless every message was handled.
    pub fn check(&self) -> Result<(), String> {
        check_handled(&self.system, None, u64::from(self.messages.max(1)))
    }
}

// ---- pit stops ----

/// `count` whole pit stops back to back (seeds 0, 1, 2, ...), each on a fresh system with
/// its events recorded, as `cargo run --example pitstop` runs one, with random faults at
/// `chaos` rate if given; returns the milliseconds.
pub fn stops(
    count: u32,
    chaos: Option<f64>,
    now_ms: &mut dyn FnMut() -> f64,
) -> Result<f64, String> {
    let chaos = chaos.map(Chaos::new).transpose()?;
    let start = now_ms();
    let mut events = 0;
    for seed in 0..u64::from(count) {
        let plan = StopPlan {
            seed,
            chaos: chaos.clone(),
            ..StopPlan::default()
        }
        .validated()
        .map_err(|e| e.to_string())?;
        events += simulate(&plan).len();
    }
    let ms = now_ms() - start;
    if count > 0 && events == 0 {
        return Err("the stops recorded no events".into());
    }
    Ok(ms)
}

// ---- one frame ----

/// A real-time step of 60 frames per second.
pub const FRAME_STEP_MS: f64 = 1000.0 / 60.0;

/// A player for the default stop, started, as the page mounts one.
pub fn frame_player() -> Player {
    let plan = StopPlan::default()
        .validated()
        .expect("the default plan is valid");
    let mut player = Player::new(plan);
    player.start();
    player
}

/// One frame as the page's frame loop does it, at real time `ts_ms` on a `size` canvas
/// (logical pixels): [`update_frame`], then [`paint_frame`]. This is the cost the frame
/// benchmark times (the page times the two halves too, to say which one dominates).
pub fn draw_frame(
    player: &mut Player,
    ts_ms: f64,
    budget: &mut dyn Budget,
    painter: &mut dyn Painter,
    size: (f64, f64),
) {
    let scene = update_frame(player, ts_ms, budget);
    paint_frame(painter, size, &scene);
}

/// The scene update: advance the player within `budget` (actors run, events fold into the
/// scene model), then take the scene.
pub fn update_frame(player: &mut Player, ts_ms: f64, budget: &mut dyn Budget) -> Scene {
    player.frame(ts_ms, budget);
    player.scene()
}

/// The drawing: the whole scene on a `size` canvas.
pub fn paint_frame(painter: &mut dyn Painter, size: (f64, f64), scene: &Scene) {
    draw_scene(painter, &View::fit(size.0, size.1), scene);
}

// ---- repetitions ----

/// How many items a measurement should run, and the median of the repetitions.
///
/// The first runs calibrate: the count grows until one run lasts at least `min_ms` (that
/// run also warms up caches and the JIT, and is not kept); then `reps` runs at that count
/// are kept. The figure is the median rate, which one descheduled run cannot move.
#[derive(Clone, Debug)]
pub struct Runs {
    min_ms: f64,
    reps: usize,
    count: u64,
    max_count: u64,
    calibrated: bool,
    rates: Vec<f64>,
}

impl Runs {
    /// Starts at `first` items; never asks for more than `max_count`.
    pub fn new(first: u64, max_count: u64, min_ms: f64, reps: usize) -> Runs {
        Runs {
            min_ms,
            reps: reps.max(1),
            count: first.clamp(1, max_count.max(1)),
            max_count: max_count.max(1),
            calibrated: false,
            rates: Vec::new(),
        }
    }

    /// The count for the next run, or `None` once every repetition is in.
    pub fn next_count(&self) -> Option<u64> {
        (self.rates.len() < self.reps).then_some(self.count)
    }

    /// Records that the last run of `count` items took `ms`.
    pub fn record(&mut self, count: u64, ms: f64) {
        if self.calibrated {
            self.rates.push(count as f64 * 1000.0 / ms.max(1e-6));
        } else if ms >= self.min_ms || count >= self.max_count {
            self.calibrated = true;
        } else {
            // Aim a little past the minimum; grow at least 2x and at most 10x per step.
            let factor = (1.3 * self.min_ms / ms.max(0.01)).clamp(2.0, 10.0);
            self.count = ((count as f64 * factor) as u64).min(self.max_count);
        }
    }

    /// True once the count is settled: the next run is a kept one.
    pub fn calibrated(&self) -> bool {
        self.calibrated
    }

    /// This figure's kept rates over `other`'s, round by round (the first kept run of each,
    /// then the second...), for figures measured in turns.
    pub fn ratios_to(&self, other: &Runs) -> Vec<f64> {
        self.rates
            .iter()
            .zip(&other.rates)
            .map(|(a, b)| a / b)
            .collect()
    }

    /// The median of [`Runs::ratios_to`]: on a machine whose speed changes between rounds,
    /// steadier than the ratio of the two medians.
    pub fn median_ratio_to(&self, other: &Runs) -> f64 {
        median(&self.ratios_to(other))
    }

    /// Items per second: the median of the kept runs (0 before any).
    pub fn median_rate(&self) -> f64 {
        median(&self.rates)
    }

    /// The rates of the kept runs, in run order.
    pub fn rates(&self) -> &[f64] {
        &self.rates
    }

    /// The count every kept run used.
    pub fn count(&self) -> u64 {
        self.count
    }
}

/// Runs `run(count) -> ms` as [`Runs`] asks, returning the runs.
pub fn repeat(
    mut runs: Runs,
    mut run: impl FnMut(u64) -> Result<f64, String>,
) -> Result<Runs, String> {
    while let Some(count) = runs.next_count() {
        let ms = run(count)?;
        runs.record(count, ms);
    }
    Ok(runs)
}

// ---- output ----

/// One figure, printed as one JSON line by `cargo xtask bench`.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    pub bench: &'static str,
    pub host: &'static str,
    /// The chaos rate of a `stops` figure with random faults.
    pub chaos: Option<&'static str>,
    pub executor: Option<&'static str>,
    pub events: Option<Events>,
    pub value: f64,
    pub unit: &'static str,
}

impl Figure {
    /// The figure as one line of JSON, in the fields' usual order:
    /// `{"bench":"pingpong","host":"native","executor":"own","events":"off","value":123,
    /// "unit":"msgs/s"}`. Rates are rounded to whole units; milliseconds keep three decimals.
    pub fn json_line(&self) -> String {
        let mut line = format!(r#"{{"bench":"{}","host":"{}""#, self.bench, self.host);
        if let Some(chaos) = self.chaos {
            line += &format!(r#","chaos":{chaos}"#);
        }
        if let Some(executor) = self.executor {
            line += &format!(r#","executor":"{executor}""#);
        }
        if let Some(events) = self.events {
            line += &format!(r#","events":"{}""#, events.name());
        }
        let value = if self.unit == "ms" {
            (self.value * 1000.0).round() / 1000.0
        } else {
            self.value.round()
        };
        let value = if value.is_finite() { value } else { 0.0 };
        line += &format!(r#","value":{value},"unit":"{}"}}"#, self.unit);
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::Unlimited;

    /// A clock that never moves: timing is not what these tests check.
    fn still() -> impl FnMut() -> f64 {
        || 0.0
    }

    #[test]
    fn pingpong_handles_every_message_with_and_without_events() {
        for events in [Events::Off, Events::On] {
            pingpong(1001, events, &mut still()).unwrap();
        }
    }

    #[test]
    fn fanout_rounds_count_both_directions() {
        fanout(50, Events::On, &mut still()).unwrap();
        fanout(0, Events::Off, &mut still()).unwrap();
    }

    #[test]
    fn a_tally_counts_everything_and_keeps_only_the_newest_batch() {
        let system = System::new(zero_latency());
        let mut tally = Tally::attach(&system);
        serve_pingpong(&system, 5000);
        run_sliced(&system, Some(&mut tally));
        assert_eq!(tally.handled(), 5000);
        // Every message is a send, a delivery and a handling (plus two spawns).
        assert_eq!(tally.counts, [5000, 5000, 5000, 2]);
        let kept: Vec<u64> = tally.newest().iter().map(|e| e.seq).collect();
        assert!(
            !kept.is_empty() && kept.len() < 15_002,
            "a batch, not everything"
        );
        assert!(kept.windows(2).all(|w| w[1] == w[0] + 1), "oldest first");
        assert_eq!(kept.last(), Some(&15_001), "up to the last event");
    }

    #[test]
    fn a_live_pingpong_finishes_in_slices() {
        let live = LivePingpong::new(10_000);
        // A clock that advances 1 ms per reading: each slice ends after a few checks.
        let mut t = 0.0;
        let mut clock = || {
            t += 1.0;
            t
        };
        let mut slices = 0;
        while !live.slice(4.0, &mut clock) {
            slices += 1;
            assert!(slices < 10_000, "never finished");
        }
        assert!(slices > 1, "ran in more than one slice");
        live.check().unwrap();
    }

    #[test]
    fn stops_run_whole_stops() {
        stops(3, None, &mut still()).unwrap();
        stops(3, Some(0.2), &mut still()).unwrap();
        assert!(stops(3, Some(2.0), &mut still()).is_err());
    }

    #[test]
    fn a_frame_draws_the_scene() {
        let mut player = frame_player();
        let mut painter = crate::scene::Recording::new();
        draw_frame(
            &mut player,
            0.0,
            &mut Unlimited,
            &mut painter,
            (1200.0, 700.0),
        );
        draw_frame(
            &mut player,
            FRAME_STEP_MS,
            &mut Unlimited,
            &mut painter,
            (1200.0, 700.0),
        );
        assert!(!painter.fills.is_empty());
    }

    #[test]
    fn ratios_pair_the_runs_of_each_round() {
        let runs = |ms: &[f64]| {
            let mut runs = Runs::new(1000, 1000, 1.0, ms.len());
            runs.record(1000, 10.0); // calibrated at once (the cap), not kept
            for ms in ms {
                runs.record(1000, *ms);
            }
            runs
        };
        // Rates 1000, 400, 800 per second against 500, 200, 1000: the third round ran on a
        // machine that changed speed between the two runs.
        let (a, b) = (
            runs(&[1000.0, 2500.0, 1250.0]),
            runs(&[2000.0, 5000.0, 1000.0]),
        );
        assert_eq!(a.ratios_to(&b), [2.0, 2.0, 0.8]);
        assert_eq!(a.median_ratio_to(&b), 2.0);
        assert_eq!(
            a.median_rate() / b.median_rate(),
            1.6,
            "what the medians would say"
        );
    }

    #[test]
    fn runs_calibrate_then_keep_the_repetitions() {
        let mut runs = Runs::new(10, 1_000_000, 500.0, 3);
        // 1 ms per 100 items.
        let mut calibrated = Vec::new();
        let runs_done = {
            let mut seen = Vec::new();
            while let Some(count) = runs.next_count() {
                calibrated.push(runs.calibrated());
                seen.push(count);
                runs.record(count, count as f64 / 100.0);
            }
            seen
        };
        // Calibrated exactly for the kept runs, the last three.
        let (before, kept_runs) = calibrated.split_at(calibrated.len() - 3);
        assert!(before.iter().all(|c| !c) && kept_runs.iter().all(|c| *c));
        let kept = runs.count();
        assert!(kept as f64 / 100.0 >= 500.0, "{kept}");
        assert_eq!(
            &runs_done[runs_done.len() - 4..],
            &[kept; 4],
            "warm-up + 3 kept"
        );
        assert_eq!(runs.rates().len(), 3);
        assert!((runs.median_rate() - 100_000.0).abs() < 1e-6);
        // A count that hits the cap stops calibrating.
        let mut capped = Runs::new(10, 20, 500.0, 1);
        capped.record(10, 1.0);
        assert_eq!(capped.next_count(), Some(20));
        capped.record(20, 2.0);
        capped.record(20, 2.0);
        assert_eq!(capped.next_count(), None);
    }

    #[test]
    fn figures_as_json_lines() {
        let figure = Figure {
            bench: "pingpong",
            host: "native",
            chaos: None,
            executor: Some("own"),
            events: Some(Events::Off),
            value: 12_345_678.4,
            unit: "msgs/s",
        };
        assert_eq!(
            figure.json_line(),
            r#"{"bench":"pingpong","host":"native","executor":"own","events":"off","value":12345678,"unit":"msgs/s"}"#
        );
        let stops = Figure {
            bench: "stops",
            host: "native",
            chaos: None,
            executor: None,
            events: None,
            value: 25_000.2,
            unit: "stops/s",
        };
        assert_eq!(
            stops.json_line(),
            r#"{"bench":"stops","host":"native","value":25000,"unit":"stops/s"}"#
        );
        let chaotic = Figure {
            chaos: Some("0.2"),
            ..stops
        };
        assert_eq!(
            chaotic.json_line(),
            r#"{"bench":"stops","host":"native","chaos":0.2,"value":25000,"unit":"stops/s"}"#
        );
    }
}
