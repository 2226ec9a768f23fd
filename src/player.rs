//! The player: runs a stop (or replays a recorded one) against real time, with pause, step,
//! speed and restart, and folds what happens into the scene. No browser here: the page's
//! frame loop calls [`Player::frame`] with the animation-frame timestamp, and tests call it
//! with made-up timestamps.
//!
//! Pausing, stepping and speed only change *when* things are shown, never *what* happens:
//! the runtime's order does not depend on how time is sliced (see `runtime::system`).

use crate::numfmt::clamp;
use std::rc::Rc;
use std::time::Duration;

use crate::pitstop::{spawn_stop, CrewKind, FaultKind, StopHandle, StopPlan, STOP_HORIZON};
use crate::runtime::{Budget, Event, EventKind, Progress, Stats, System, Time};
use crate::scene::{Motion, Scene, SceneModel};

/// The slowest and fastest playback speeds (virtual seconds per real second).
pub const MIN_SPEED: f64 = 0.05;
pub const MAX_SPEED: f64 = 4.0;

/// A frame gap longer than this (a hidden tab, a debugger) is not replayed as a burst: the
/// frame counts as one ordinary frame instead.
pub const MAX_FRAME_GAP_MS: f64 = 250.0;
const ORDINARY_FRAME_MS: f64 = 1000.0 / 60.0;

/// How long a looping player rests on a finished stop before it starts again (real time).
pub const LOOP_REST_MS: f64 = 2500.0;

/// Where the player is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlayState {
    /// Created, not started.
    Ready,
    Running,
    Paused,
    /// Nothing more will happen.
    Finished,
}

impl PlayState {
    pub fn name(self) -> &'static str {
        match self {
            PlayState::Ready => "ready",
            PlayState::Running => "running",
            PlayState::Paused => "paused",
            PlayState::Finished => "finished",
        }
    }
}

/// Where events come from.
enum Source {
    /// A live actor system, recording its events. `injected`: faults were injected by hand,
    /// so its seed alone no longer plays this run.
    Live {
        system: System,
        stop: StopHandle,
        injected: bool,
    },
    /// A recorded stop, released as its virtual time comes. `rewound`: the recording is this
    /// player's own live run, rewound (see `Player::seek`), not a file's.
    Replay {
        events: Rc<[Event]>,
        next: usize,
        rewound: bool,
    },
}

/// Plays one stop.
pub struct Player {
    plan: Rc<StopPlan>,
    source: Source,
    model: SceneModel,
    /// Every event so far (for export), and those not yet taken by the host.
    log: Vec<Event>,
    fresh: usize,
    /// The virtual time on screen.
    now: Time,
    speed: f64,
    state: PlayState,
    last_frame_ms: Option<f64>,
    /// Real milliseconds spent resting on a finished stop (looping players).
    resting_ms: f64,
    pub looping: bool,
    pub motion: Motion,
    /// Counts restarts and loads: a host that folds events (a log, a subscriber's view)
    /// starts afresh when it changes.
    generation: u32,
    /// How many handlings the run shows at its start, before any step (with no latency,
    /// the first messages are handled at once): where a step back stops.
    handled_at_start: usize,
}

impl Player {
    /// A player for a live stop with `plan`, ready to start.
    pub fn new(plan: Rc<StopPlan>) -> Player {
        Player::with_source(live(&plan), plan)
    }

    /// A player that replays recorded events exactly.
    pub fn replay(plan: Rc<StopPlan>, events: Vec<Event>) -> Player {
        let source = Source::Replay {
            events: events.into(),
            next: 0,
            rewound: false,
        };
        Player::with_source(source, plan)
    }

    fn with_source(source: Source, plan: Rc<StopPlan>) -> Player {
        let mut player = Player {
            source,
            plan,
            model: SceneModel::new(),
            log: Vec::new(),
            fresh: 0,
            now: Time::ZERO,
            speed: 1.0,
            state: PlayState::Ready,
            last_frame_ms: None,
            resting_ms: 0.0,
            looping: false,
            motion: Motion::Full,
            generation: 0,
            handled_at_start: 0,
        };
        player.settle();
        player.handled_at_start = handlings(&player.log);
        player
    }

    pub fn plan(&self) -> &Rc<StopPlan> {
        &self.plan
    }

    pub fn state(&self) -> PlayState {
        self.state
    }

    pub fn speed(&self) -> f64 {
        self.speed
    }

    pub fn now(&self) -> Time {
        self.now
    }

    /// Changes at every restart (see the field).
    pub fn generation(&self) -> u32 {
        self.generation
    }

    /// True for a replay of a file (a rewound run of this player's seed is not one).
    pub fn is_replay(&self) -> bool {
        matches!(self.source, Source::Replay { rewound: false, .. })
    }

    /// True for a live run changed with `inject` and then taken back (a seek back, a step
    /// back): it plays its recording, which cannot be changed any more (see [`Player::seek`]).
    pub fn is_rewound(&self) -> bool {
        matches!(self.source, Source::Replay { rewound: true, .. })
    }

    /// The crew of a replayed file, as its events show it: the full crew's tire changers
    /// spawn sub-crews (`tire_fl.gunner`). `None` if this is not a replay of a file.
    pub fn replay_crew(&self) -> Option<CrewKind> {
        let Source::Replay {
            events,
            rewound: false,
            ..
        } = &self.source
        else {
            return None;
        };
        let sub_crew = events
            .iter()
            .any(|e| matches!(&e.kind, EventKind::Spawn { name, .. } if name.contains('.')));
        Some(if sub_crew {
            CrewKind::Full
        } else {
            CrewKind::Seed
        })
    }

    /// Runs (from ready, paused, or a finished stop: then from the beginning).
    pub fn start(&mut self) {
        match self.state {
            PlayState::Finished => self.restart(None),
            _ => self.state = PlayState::Running,
        }
        self.last_frame_ms = None;
    }

    pub fn pause(&mut self) {
        if self.state == PlayState::Running || self.state == PlayState::Ready {
            self.state = PlayState::Paused;
        }
    }

    pub fn resume(&mut self) {
        if self.state == PlayState::Paused || self.state == PlayState::Ready {
            self.state = PlayState::Running;
            self.last_frame_ms = None;
        }
    }

    /// Sets the playback speed; `x` must already be checked to be within range.
    pub fn set_speed(&mut self, x: f64) {
        self.speed = clamp(x, MIN_SPEED, MAX_SPEED);
    }

    /// From the beginning, running, with the same seed or a new one. A replay plays its
    /// file again; given a seed, it ends and a live stop with that seed plays instead.
    pub fn restart(&mut self, seed: Option<u64>) {
        if let Some(seed) = seed {
            let mut plan = (*self.plan).clone();
            plan.seed = seed;
            self.plan = Rc::new(plan);
        }
        self.source = match &self.source {
            // A file plays again; the seed's own run, rewound or not, plays live.
            Source::Replay {
                events,
                rewound: false,
                ..
            } if seed.is_none() => Source::Replay {
                events: Rc::clone(events),
                next: 0,
                rewound: false,
            },
            _ => live(&self.plan),
        };
        self.begin_again();
    }

    /// From time zero with the source as it is, running; hosts see a new generation.
    fn begin_again(&mut self) {
        self.model = SceneModel::new();
        self.log.clear();
        self.fresh = 0;
        self.generation += 1;
        self.now = Time::ZERO;
        self.resting_ms = 0.0;
        self.last_frame_ms = None;
        self.settle();
        self.handled_at_start = handlings(&self.log);
        self.state = PlayState::Running;
    }

    /// Shows the stop as it was at virtual time `t` (paused), going back if need be: the stop
    /// is played again from the beginning with the same seed, which gives the same events (a
    /// run changed with `inject` is recorded to its end and replayed instead). Past the end,
    /// it shows the end, at rest.
    pub fn seek(&mut self, t: Time) {
        let target = t.min(STOP_HORIZON);
        if target < self.now {
            self.rewind();
        }
        self.advance(target, &mut crate::runtime::Unlimited);
        if self.is_over() && t >= self.model.still_after() {
            // Past the end, even where the end lies beyond the limit: show it at rest.
            self.now = self.now.max(self.model.still_after());
        }
        self.state = if self.come_to_rest() {
            PlayState::Finished
        } else {
            PlayState::Paused
        };
    }

    /// Advances to exactly the next message handling and shows it; pauses the player.
    /// Returns false if there was nothing left to handle.
    pub fn step(&mut self) -> bool {
        if self.state == PlayState::Finished {
            return false;
        }
        self.state = PlayState::Paused;
        let stepped = match &mut self.source {
            Source::Live { system, .. } => {
                let progress = system.step(STOP_HORIZON);
                self.now = system.now();
                progress == Progress::Stepped
            }
            Source::Replay { events, next, .. } => {
                let found = step_replay(events, next);
                // With no handling left, the rest was released: show its end, as a live
                // run that went quiet does.
                let shown = found.or_else(|| events.last().map(|e| e.time));
                self.now = self.now.max(shown.unwrap_or(self.now));
                found.is_some()
            }
        };
        self.collect();
        if !stepped && self.is_over() {
            // Nothing left to handle: show the end, everything come to rest.
            self.now = self.now.max(self.model.still_after());
        }
        if self.come_to_rest() {
            self.state = PlayState::Finished;
        }
        stepped
    }

    /// Goes back one step, paused, to the picture a step showed: the last handling shown,
    /// if the clock has moved on since it (the stop was played, or sought); the handling
    /// before it, if the picture is that handling's step; the start, if there is no handling
    /// before. The run is played again from its beginning and stepped to there (see
    /// [`Player::seek`]: a run changed with `inject` becomes its recording, which cannot be
    /// changed any more). Returns false, changing nothing, at the start (time zero, with
    /// only the handlings that happen at once, if any: with no latency some do).
    pub fn step_back(&mut self) -> bool {
        let shown = handlings(&self.log);
        let start = self.handled_at_start;
        let last = self
            .log
            .iter()
            .rev()
            .find(|e| is_handling(e))
            .map(|e| e.time);
        let target = if shown <= start {
            if self.now == Time::ZERO {
                return false;
            }
            start
        } else if last == Some(self.now) {
            shown - 1
        } else {
            shown
        };
        self.rewind();
        self.state = PlayState::Paused;
        // A step shows exactly one more handling (`step_shows_exactly_one_more_handling`).
        let mut at = handlings(&self.log);
        while at < target && self.step() {
            at += 1;
        }
        true
    }

    /// One animation frame at real time `now_ms`: moves virtual time by the real time since
    /// the last frame times the speed, runs the actors within `budget`, folds new events.
    pub fn frame(&mut self, now_ms: f64, budget: &mut dyn Budget) {
        let gap = self.last_frame_ms.map_or(0.0, |last| now_ms - last);
        self.last_frame_ms = Some(now_ms);
        let real_dt = if (0.0..=MAX_FRAME_GAP_MS).contains(&gap) {
            gap
        } else {
            ORDINARY_FRAME_MS
        };
        match self.state {
            PlayState::Running => {
                let dt = Duration::from_secs_f64(real_dt * self.speed / 1000.0);
                self.advance(self.now + dt, budget);
                if self.come_to_rest() {
                    self.state = PlayState::Finished;
                }
            }
            PlayState::Finished if self.looping => {
                self.resting_ms += real_dt;
                if self.resting_ms >= LOOP_REST_MS {
                    self.restart(None);
                }
            }
            _ => {}
        }
    }

    /// The scene as it should be drawn now.
    pub fn scene(&self) -> Scene {
        self.model.snapshot(self.now, self.motion)
    }

    /// Injects a fault at the actor named `actor` (see [`FaultKind`]). Refused, changing
    /// nothing, for a replay, a finished stop, or an actor the fault cannot strike.
    pub fn inject(&mut self, kind: FaultKind, actor: &str) -> Result<(), String> {
        if self.state == PlayState::Finished {
            return Err("the stop is over; restart it to inject faults".into());
        }
        let Source::Live {
            system,
            stop,
            injected,
        } = &mut self.source
        else {
            return Err(
                if matches!(self.source, Source::Replay { rewound: true, .. }) {
                    "this run was rewound and shows what happened; restart it to inject faults"
                } else {
                    "a replay shows what happened; it cannot be changed"
                }
                .into(),
            );
        };
        stop.inject(system, &self.plan, kind, actor)?;
        *injected = true;
        self.collect();
        Ok(())
    }

    /// Highlights a message's path on the canvas (`None` clears it). Refused, changing
    /// nothing, for a message not sent yet.
    pub fn highlight(&mut self, msg_id: Option<u64>) -> Result<(), String> {
        if let Some(id) = msg_id.filter(|id| !self.model.has_message(*id)) {
            return Err(format!(
                "highlight(msgId): no message {id} has been sent yet ({} so far)",
                self.stats().sent
            ));
        }
        self.model.highlight(msg_id);
        Ok(())
    }

    /// Events that happened since the last call (for the host's subscribers and log).
    pub fn take_fresh(&mut self) -> &[Event] {
        let from = self.fresh;
        self.fresh = self.log.len();
        &self.log[from..]
    }

    /// Every event so far.
    pub fn events(&self) -> &[Event] {
        &self.log
    }

    /// Counters of a live run, or counted from the events of a replay.
    pub fn stats(&self) -> Stats {
        match &self.source {
            Source::Live { system, .. } => system.stats(),
            Source::Replay { .. } => {
                let mut stats = Stats::default();
                for e in &self.log {
                    match e.kind {
                        EventKind::Send { .. } => stats.sent += 1,
                        EventKind::Deliver { .. } => stats.delivered += 1,
                        EventKind::Handle { .. } => stats.handled += 1,
                        EventKind::Unhandled { .. } => stats.unhandled += 1,
                        EventKind::DeadLetter { .. } => stats.dead_letters += 1,
                        EventKind::Fault {
                            fault: "lost_message",
                            msg: Some(_),
                            ..
                        } => stats.lost += 1,
                        _ => {}
                    }
                }
                stats
            }
        }
    }

    /// True once the stop has been called off: the car is held on its jacks, and the
    /// stationary time is how long it stood until then, not a stop's time.
    pub fn aborted(&self) -> bool {
        self.model.aborted()
    }

    /// The stationary time so far (or final), in milliseconds.
    pub fn stationary_ms(&self) -> Option<f64> {
        self.model
            .snapshot(self.now, Motion::Reduced)
            .stopwatch
            .stationary_ms
    }

    /// Runs what happens at time zero (the crew is created and takes its posts), so that a
    /// player that is ready shows them.
    fn settle(&mut self) {
        self.advance(Time::ZERO, &mut crate::runtime::Unlimited);
    }

    fn advance(&mut self, target: Time, budget: &mut dyn Budget) {
        match &mut self.source {
            Source::Live { system, .. } => {
                // Out of budget, the clock stays where the work is; the next frame goes on.
                system.advance(target, budget);
                self.now = system.now();
            }
            Source::Replay { events, next, .. } => {
                while *next < events.len() && events[*next].time <= target {
                    *next += 1;
                }
                self.now = target;
            }
        }
        self.collect();
    }

    /// Moves new events from the source into the log and the scene.
    fn collect(&mut self) {
        let start = self.log.len();
        match &mut self.source {
            Source::Live { system, .. } => system.events().drain_into(&mut self.log),
            Source::Replay { events, next, .. } => {
                self.log.extend_from_slice(&events[start..*next])
            }
        }
        for event in &self.log[start..] {
            self.model.apply(event);
        }
    }

    /// Back to the beginning of the same run, to be played again exactly as it went: a file,
    /// or a run already rewound, from its first event; a live run from its seed; a live run
    /// changed with `inject`, recorded to its end and replayed (played again from its seed,
    /// it would not have its injected faults). Running, a new generation.
    fn rewind(&mut self) {
        match &mut self.source {
            Source::Live { injected: true, .. } => self.rewind_recorded(),
            Source::Live { .. } => self.restart(None),
            Source::Replay { next, .. } => {
                *next = 0;
                self.begin_again();
            }
        }
    }

    /// Runs a live stop to its end at once (virtual time: no waiting), and plays the whole
    /// run, as recorded, from the beginning: a replay that shows exactly what happened.
    fn rewind_recorded(&mut self) {
        if let Source::Live { system, .. } = &mut self.source {
            system.run_until_quiet(STOP_HORIZON);
        }
        self.collect();
        self.source = Source::Replay {
            events: self.log.as_slice().into(),
            next: 0,
            rewound: true,
        };
        self.begin_again();
    }

    /// True once the stop is over and the picture has come to rest: then the clock is put
    /// back to exactly when it came to rest, so that the last picture and the stopwatch are
    /// the same however the frames fell or wherever a seek aimed past the end.
    fn come_to_rest(&mut self) -> bool {
        let rest = self.model.still_after();
        if !self.is_over() || self.now < rest {
            return false;
        }
        self.now = rest;
        true
    }

    /// True when no more events will come: the live system is quiet, the replay played out.
    fn is_over(&self) -> bool {
        match &self.source {
            Source::Live { system, .. } => system.is_quiet(),
            Source::Replay { events, next, .. } => *next >= events.len(),
        }
    }
}

/// A live system, recording its events (moved, never cloned, into the player's log).
fn live(plan: &Rc<StopPlan>) -> Source {
    let system = System::new(crate::runtime::Config {
        latency: plan.latency,
    });
    system.events().record(true);
    let stop = spawn_stop(&system, plan);
    system.advance(Time::ZERO, &mut crate::runtime::Unlimited);
    stop.arm_planned(&system, plan);
    Source::Live {
        system,
        stop,
        injected: false,
    }
}

/// How many message handlings `events` show.
fn handlings(events: &[Event]) -> usize {
    events.iter().filter(|e| is_handling(e)).count()
}

fn is_handling(event: &Event) -> bool {
    matches!(event.kind, EventKind::Handle { .. })
}

/// Releases events up to and including the next `handle`, then everything the same poll did,
/// as a live step shows it: the handler's states, behaviours, spawns and sends (with their
/// immediate deliveries, dead letters and losses), and, if the handler failed, its stop and
/// the dead letters drained from its mailbox. Returns the time of the handling; with no
/// handling left, releases the rest and returns `None`.
fn step_replay(events: &[Event], next: &mut usize) -> Option<Time> {
    let Some(found) = events[*next..]
        .iter()
        .position(|e| matches!(e.kind, EventKind::Handle { .. }))
    else {
        *next = events.len();
        return None;
    };
    let at = *next + found;
    let handler = events[at].kind.actor();
    let time = events[at].time;
    let mut end = at + 1;
    while let Some(e) = events.get(end) {
        let same_poll = e.time == time
            && match &e.kind {
                EventKind::Send { msg, .. }
                | EventKind::Deliver { msg, .. }
                | EventKind::Fault { msg: Some(msg), .. } => msg.from == Some(handler),
                EventKind::DeadLetter { msg, .. } => msg.from == Some(handler) || msg.to == handler,
                EventKind::Unhandled { msg, .. } => msg.to == handler,
                EventKind::State { actor, .. }
                | EventKind::Become { actor, .. }
                | EventKind::Stop { actor, .. } => *actor == handler,
                EventKind::Spawn { parent, .. } => *parent == Some(handler),
                _ => false,
            };
        if !same_poll {
            break;
        }
        end += 1;
    }
    *next = end;
    Some(time)
}

/// Every frame of a whole stop at 60 frames a second, as a page draws them; or, with
/// `stepped`, the scene after every step (handlings one at a time: messages wait in the
/// mailboxes of actors that are idle). For the drawing's tests, native and in the browser.
#[cfg(test)]
pub(crate) fn every_frame(plan: StopPlan, stepped: bool) -> Vec<Scene> {
    let mut player = Player::new(plan.validated().expect("a valid plan"));
    player.start();
    if stepped {
        player.pause();
    }
    let mut scenes = Vec::new();
    let mut budget = || false;
    for frame in 0..2000 {
        if stepped {
            player.step();
        } else {
            player.frame(f64::from(frame) * 1000.0 / 60.0, &mut budget);
        }
        scenes.push(player.scene());
        if player.state() == PlayState::Finished {
            return scenes;
        }
    }
    panic!("the stop did not finish in 2000 frames");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jsonl::to_json_lines;
    use crate::rng::Rng;
    use crate::runtime::Unlimited;

    fn player(seed: u64) -> Player {
        Player::new(
            StopPlan {
                seed,
                ..StopPlan::default()
            }
            .validated()
            .unwrap(),
        )
    }

    /// Plays to the end in 16 ms frames; returns the whole log as JSON lines.
    fn play_out(p: &mut Player) -> String {
        if p.state() == PlayState::Ready {
            p.start();
        }
        let mut ts = 0.0;
        while p.state() != PlayState::Finished {
            ts += 16.0;
            p.frame(ts, &mut Unlimited);
            assert!(ts < 1e6, "never finished");
        }
        to_json_lines(p.events())
    }

    #[test]
    fn a_ready_player_shows_the_crew_at_their_posts_and_waits() {
        let mut p = player(1);
        assert_eq!(p.state(), PlayState::Ready);
        assert!(p.scene().cards.len() >= 7);
        p.frame(0.0, &mut Unlimited);
        p.frame(500.0, &mut Unlimited);
        assert_eq!(p.now(), Time::ZERO, "ready does not run");
    }

    #[test]
    fn virtual_time_follows_real_time_times_speed() {
        let mut p = player(1);
        p.start();
        p.set_speed(0.5);
        p.frame(1000.0, &mut Unlimited);
        p.frame(1100.0, &mut Unlimited);
        assert_eq!(p.now(), Time::from_millis(50));
        p.set_speed(99.0);
        assert_eq!(p.speed(), MAX_SPEED);
        p.frame(1200.0, &mut Unlimited);
        assert_eq!(p.now(), Time::from_millis(450));
    }

    #[test]
    fn a_long_frame_gap_is_clamped_not_replayed_as_a_burst() {
        let mut p = player(1);
        p.start();
        p.frame(1000.0, &mut Unlimited);
        p.frame(31_000.0, &mut Unlimited); // a hidden tab for 30 s
        assert!(p.now() < Time::from_millis(20), "{:?}", p.now());
    }

    #[test]
    fn pause_freezes_time_and_resume_goes_on() {
        let mut p = player(1);
        p.start();
        p.frame(0.0, &mut Unlimited);
        p.frame(100.0, &mut Unlimited);
        p.pause();
        p.frame(200.0, &mut Unlimited);
        p.frame(300.0, &mut Unlimited);
        assert_eq!(p.now(), Time::from_millis(100));
        assert_eq!(p.state(), PlayState::Paused);
        p.resume();
        p.frame(400.0, &mut Unlimited);
        p.frame(416.0, &mut Unlimited);
        assert_eq!(p.now(), Time::from_millis(116));
    }

    /// `"field":"old"` becomes `"field":"value"` (the first such field of a JSON line).
    fn with_field(line: &str, field: &str, value: &str) -> String {
        let key = format!("\"{field}\":\"");
        let Some(start) = line.find(&key).map(|i| i + key.len()) else {
            return line.to_string();
        };
        let end = line[start..].find('"').map_or(line.len(), |i| start + i);
        format!("{}{value}{}", &line[..start], &line[end..])
    }

    /// A learner may load any file that parses, one edited by hand included: lines taken
    /// out, actors and messages renamed, a log of the full crew shown with the seed's. Playing
    /// it, drawing it and telling it must never panic: a panic kills the whole wasm instance.
    #[test]
    fn an_edited_log_that_parses_plays_draws_and_tells_without_panicking() {
        use crate::jsonl_read::parse_json_lines;
        use crate::pitstop::story::Storyteller;
        use crate::scene::draw::draw_scene;
        use crate::scene::paint::Recording;
        use crate::scene::view::View;
        let full = StopPlan {
            seed: 5,
            crew: CrewKind::Full,
            chaos: Some(crate::pitstop::Chaos::new(0.3).unwrap()),
            ..StopPlan::default()
        }
        .validated()
        .unwrap();
        let good: Vec<String> = to_json_lines(&crate::pitstop::simulate(&full))
            .lines()
            .map(String::from)
            .collect();
        let seed_crew = StopPlan::default().validated().unwrap();
        let actors = [
            "race_engineer",
            "car",
            "tire_fl",
            "tire_rr.gunner",
            "jack_rear",
            "nobody",
        ];
        let messages = ["lift", "change_tire", "tire_changed", "release", "no_such"];
        let mut rng = Rng::new(11);
        let mut played = 0;
        for round in 0..160 {
            let mut lines = good.clone();
            for _ in 0..1 + rng.below(6) {
                let at = rng.below(lines.len() as u64) as usize;
                let pick =
                    |rng: &mut Rng, of: &[&'static str]| of[rng.below(of.len() as u64) as usize];
                lines[at] = match rng.below(4) {
                    0 => String::new(), // taken out (a blank line is skipped)
                    1 => with_field(&lines[at], "actor", pick(&mut rng, &actors)),
                    2 => with_field(&lines[at], "to", pick(&mut rng, &actors)),
                    _ => with_field(&lines[at], "msg", pick(&mut rng, &messages)),
                };
            }
            let Ok(events) = parse_json_lines(&lines.join("\n")) else {
                continue;
            };
            played += 1;
            let plan = if round % 2 == 0 { &full } else { &seed_crew };
            let mut player = Player::replay(Rc::clone(plan), events);
            player.start();
            let view = View::fit(640.0, 373.0);
            for t in (0..=9000).step_by(300) {
                player.seek(Time::from_millis(t));
                draw_scene(&mut Recording::new(), &view, &player.scene());
            }
            let (mut teller, mut told) = (Storyteller::new(), Vec::new());
            for event in player.events() {
                teller.tell(event, &mut told);
            }
            teller.finish(&mut told);
        }
        assert!(
            played > 40,
            "enough edited logs parse to mean something ({played})"
        );
    }

    #[test]
    fn a_stop_ends_at_rest_and_the_same_however_it_is_watched() {
        // Four dead wheel guns abort the stop, and replies to a stopped crew member fall into
        // the dead-letter bin as it ends: the last picture must not freeze them mid-fall, nor
        // depend on the frames or on a seek past the end.
        let aborted = || {
            let mut p = player(1);
            p.start();
            for _ in 0..4 {
                p.inject(FaultKind::GunFailure, "tire_fl").unwrap();
            }
            p
        };
        let mut played = aborted();
        let (mut ts, mut longest_step) = (0.0, Duration::ZERO);
        while played.state() != PlayState::Finished {
            let before = played.now();
            ts += 16.0;
            played.frame(ts, &mut Unlimited);
            longest_step = longest_step.max(played.now() - before);
            assert!(ts < 1e6, "never finished");
        }
        let frame = Duration::from_secs_f64(0.016 * played.speed());
        assert!(
            longest_step <= frame,
            "it plays on to rest, it does not jump there"
        );
        let last = played.scene();
        assert!(last.aborted, "four gun failures abort the stop");
        assert!(last.dead_letters > 0, "with dead letters");
        assert!(last.falling.is_empty(), "no letter left mid-fall");
        assert!(last.packets.is_empty(), "no message left mid-flight");
        assert!(
            last.cards.iter().all(|c| c.alarm.is_none()),
            "no alarm left on"
        );
        let events = played.events();
        let car = events.iter().find_map(|e| match &e.kind {
            EventKind::Spawn { actor, name, .. } if name.as_ref() == "car" => Some(*actor),
            _ => None,
        });
        let when = |wanted: &str, of_car: bool| {
            events.iter().find_map(|e| match &e.kind {
                EventKind::State { actor, state, .. }
                    if *state == wanted && (!of_car || Some(*actor) == car) =>
                {
                    Some(e.time)
                }
                _ => None,
            })
        };
        let (stopped, called_off) = (when("stopped", true).unwrap(), when("aborted", false));
        assert_eq!(
            last.stopwatch.stationary_ms,
            Some((called_off.unwrap() - stopped).as_micros() as f64 / 1000.0),
            "the stopwatch stops where the stop was called off"
        );

        let mut sought = aborted();
        sought.seek(Time::from_millis(60_000));
        assert_eq!(sought.state(), PlayState::Finished);
        assert_eq!(
            sought.now(),
            played.now(),
            "a seek past the end shows the end"
        );
        assert_eq!(sought.scene().stopwatch, last.stopwatch);

        let mut stepped = aborted();
        while stepped.step() {}
        assert_eq!(stepped.state(), PlayState::Finished);
        assert_eq!(
            stepped.now(),
            played.now(),
            "stepping to the end shows the end"
        );
    }

    #[test]
    fn a_seek_past_the_end_shows_the_end_even_past_the_horizon() {
        // A file can hold a message still in flight when a live stop's horizon comes.
        let log = concat!(
            r#"{"seq":0,"t_ms":0,"kind":"spawn","actor":"car","label":"Car"}"#,
            "\n",
            r#"{"seq":1,"t_ms":119900,"kind":"send","msg_id":0,"from":"car","to":"car","msg":"x","latency_ms":5000}"#,
        );
        let events = crate::jsonl_read::parse_json_lines(log).unwrap();
        let plan = StopPlan::default().validated().unwrap();
        let mut p = Player::replay(plan, events);
        p.seek(Time::from_millis(1_000_000));
        assert_eq!(p.state(), PlayState::Finished);
        assert_eq!(
            p.now(),
            Time::from_millis(124_900),
            "when the message lands"
        );
    }

    #[test]
    fn going_back_keeps_the_faults_injected_by_hand() {
        let mut p = player(1);
        p.start();
        for _ in 0..4 {
            p.inject(FaultKind::GunFailure, "tire_fl").unwrap();
        }
        p.inject(FaultKind::LostMessage, "car").unwrap();
        let whole = play_out(&mut p);
        let end = p.now();
        let lived_stats = p.stats();
        assert!(lived_stats.lost > 0);
        assert!(p.scene().aborted);
        p.seek(Time::from_millis(1000));
        assert!(p.now() <= Time::from_millis(1000));
        assert!(
            whole.starts_with(&to_json_lines(p.events())),
            "going back shows the same run so far"
        );
        p.seek(Time::from_millis(60_000));
        assert_eq!(to_json_lines(p.events()), whole, "and the same run after");
        assert!(p.scene().aborted, "faults and all");
        assert_eq!(p.now(), end);
        assert_eq!(p.state(), PlayState::Finished);
        assert!(!p.is_replay(), "still the seed's run, not a file's");
        assert_eq!(
            p.stats(),
            lived_stats,
            "counted the same, lost messages too"
        );
        // Back a second time: still the run with its faults, not the seed's own.
        p.seek(Time::from_millis(1000));
        assert!(
            whole.starts_with(&to_json_lines(p.events())),
            "going back again shows the same run so far"
        );
        p.seek(Time::from_millis(60_000));
        assert_eq!(to_json_lines(p.events()), whole, "and the same run after");
        assert!(p.inject(FaultKind::GunFailure, "tire_fl").is_err());
        p.restart(None);
        assert!(
            p.inject(FaultKind::GunFailure, "tire_fl").is_ok(),
            "live again"
        );
    }

    #[test]
    fn seek_goes_forward_and_back_to_the_same_picture() {
        let mut p = player(2);
        p.seek(Time::from_millis(1500));
        assert_eq!(
            (p.now(), p.state()),
            (Time::from_millis(1500), PlayState::Paused)
        );
        let at_1500 = p.scene();
        p.seek(Time::from_millis(3000));
        p.seek(Time::from_millis(1500));
        assert_eq!(p.scene(), at_1500);
        p.seek(Time::from_millis(60_000));
        assert_eq!(p.state(), PlayState::Finished);
    }

    #[test]
    fn step_shows_exactly_one_more_handling() {
        let mut p = player(1);
        p.take_fresh();
        for _ in 0..20 {
            assert!(p.step());
            let handles = p
                .take_fresh()
                .iter()
                .filter(|e| matches!(e.kind, EventKind::Handle { .. }))
                .count();
            assert_eq!(handles, 1);
            assert_eq!(p.state(), PlayState::Paused);
        }
    }

    /// A step back shows what stepping to the handling before showed: the same events, the
    /// same time, the same picture; in a live run, a replayed file and a run changed by hand
    /// (which keeps its faults).
    #[test]
    fn a_step_back_shows_what_the_step_before_showed() {
        let whole_run = {
            let mut p = player(3);
            play_out(&mut p);
            p.events().to_vec()
        };
        let file = Player::replay(Rc::clone(player(3).plan()), whole_run);
        let mut injected = player(3);
        injected.inject(FaultKind::GunFailure, "tire_rl").unwrap();
        for mut p in [player(3), file, injected] {
            let mut shown = Vec::new();
            for _ in 0..12 {
                assert!(p.step());
                shown.push((to_json_lines(p.events()), p.now(), p.scene()));
            }
            for back in (0..shown.len() - 1).rev() {
                let generation = p.generation();
                assert!(p.step_back());
                assert_eq!(p.state(), PlayState::Paused);
                assert!(p.generation() > generation, "hosts hear of a start-over");
                let (events, now, scene) = &shown[back];
                assert_eq!(&to_json_lines(p.events()), events, "back to step {back}");
                assert_eq!((p.now(), &p.scene()), (*now, scene));
            }
            assert!(p.step_back(), "back to before the first handling");
            assert_eq!(handlings(p.events()), 0);
            assert!(!p.step_back(), "and no further");
            assert_eq!(p.state(), PlayState::Paused);
        }
    }

    /// From a stop played past its last handling, a step back shows that handling as its
    /// step did (then the one before it, as from a step).
    #[test]
    fn a_step_back_from_a_played_run_shows_its_last_handling() {
        let mut p = player(5);
        p.start();
        let mut ts = 0.0;
        while p.now() < Time::from_millis(1200) {
            ts += 16.0;
            p.frame(ts, &mut Unlimited);
        }
        let last = p.events().iter().rev().find(|e| is_handling(e)).unwrap();
        assert!(last.time < p.now(), "the clock has moved on since");
        let shown = handlings(p.events());
        let stepped_to = |n: usize| {
            let mut q = player(5);
            while handlings(q.events()) < n {
                assert!(q.step());
            }
            (to_json_lines(q.events()), q.now(), q.scene())
        };
        for n in [shown, shown - 1] {
            assert!(p.step_back());
            assert_eq!(p.state(), PlayState::Paused);
            assert_eq!(
                (to_json_lines(p.events()), p.now(), p.scene()),
                stepped_to(n)
            );
        }
    }

    /// With no latency the first messages are handled at once: the start shows them, and a
    /// step back stops there.
    #[test]
    fn a_step_back_stops_at_the_start_even_when_it_shows_handlings() {
        let plan = StopPlan {
            seed: 1,
            latency: Duration::ZERO,
            ..StopPlan::default()
        }
        .validated()
        .unwrap();
        let mut p = Player::new(plan);
        let at_start = handlings(p.events());
        assert!(at_start > 0, "handled at once");
        assert!(!p.step_back(), "nothing before the start");
        assert_eq!(p.state(), PlayState::Ready, "and nothing changed");
        assert!(p.step() && p.step());
        assert!(p.step_back() && p.step_back());
        assert_eq!((handlings(p.events()), p.now()), (at_start, Time::ZERO));
        assert!(!p.step_back(), "and no further");
    }

    #[test]
    fn pausing_stepping_and_speed_change_when_not_what() {
        let reference = play_out(&mut player(9));
        let mut rng = Rng::new(2024);
        for _ in 0..5 {
            let mut p = player(9);
            let mut ts = 0.0;
            while p.state() != PlayState::Finished {
                match rng.below(6) {
                    0 => {
                        p.step();
                    }
                    1 => p.pause(),
                    2 => p.resume(),
                    3 => p.set_speed(MIN_SPEED + rng.unit() * 3.0),
                    _ => {}
                }
                ts += 5.0 + rng.unit() * 300.0;
                p.frame(ts, &mut Unlimited);
                if p.state() == PlayState::Ready {
                    p.start();
                }
            }
            assert_eq!(to_json_lines(p.events()), reference);
        }
    }

    #[test]
    fn restart_replays_the_same_seed_or_plays_a_new_one() {
        let mut p = player(4);
        p.start();
        let first = play_out(&mut p);
        p.restart(None);
        assert_eq!(p.state(), PlayState::Running);
        assert_eq!(play_out(&mut p), first);
        p.restart(Some(5));
        let other = play_out(&mut p);
        assert_ne!(other, first);
        assert_eq!(p.plan().seed, 5);
    }

    #[test]
    fn a_looping_player_starts_again_after_a_rest() {
        let mut p = player(4);
        p.looping = true;
        p.start();
        play_out(&mut p);
        let mut ts = 1e5;
        p.frame(ts, &mut Unlimited);
        while p.state() == PlayState::Finished {
            ts += 16.0;
            p.frame(ts, &mut Unlimited);
            assert!(ts < 1e5 + LOOP_REST_MS + 100.0);
        }
        assert_eq!(p.state(), PlayState::Running);
        assert_eq!(p.now(), Time::ZERO);
    }

    /// Stepping a replay shows, step by step, what stepping the live run showed, up to and
    /// including the end (with zero latency, and with a message lost on the way).
    #[test]
    fn stepping_a_replay_matches_stepping_the_live_run() {
        use crate::pitstop::FaultKind;
        for (latency, faults) in [
            (0, vec![]),
            (40, vec![(FaultKind::LostMessage, "tire_fl".to_string())]),
            (40, vec![(FaultKind::GunFailure, "tire_rr".to_string())]),
        ] {
            let plan = StopPlan {
                seed: 1,
                latency: Duration::from_millis(latency),
                faults,
                ..StopPlan::default()
            }
            .validated()
            .unwrap();
            let mut live = Player::new(Rc::clone(&plan));
            live.take_fresh();
            let mut live_steps = Vec::new();
            while live.step() {
                live_steps.push(live.take_fresh().len());
            }
            let mut replay = Player::replay(Rc::clone(&plan), live.events().to_vec());
            replay.take_fresh();
            let mut replay_steps = Vec::new();
            while replay.step() {
                replay_steps.push(replay.take_fresh().len());
            }
            assert_eq!(live_steps, replay_steps, "latency {latency}");
            assert_eq!(replay.state(), PlayState::Finished);
            assert_eq!(replay.events().len(), live.events().len());
        }
    }

    /// A loaded log says which crew made it, by the actors it spawns.
    #[test]
    fn a_replay_knows_its_crew_from_its_events() {
        for crew in [CrewKind::Seed, CrewKind::Full] {
            let plan = Rc::new(StopPlan {
                crew,
                ..StopPlan::default()
            });
            let events = crate::pitstop::simulate(&plan);
            // Replayed under the other crew's plan, as a page showing that crew would.
            let other = Rc::new(StopPlan {
                crew: if crew == CrewKind::Full {
                    CrewKind::Seed
                } else {
                    CrewKind::Full
                },
                ..StopPlan::default()
            });
            let replay = Player::replay(other, events);
            assert_eq!(replay.replay_crew(), Some(crew));
        }
        assert_eq!(player(1).replay_crew(), None, "a live run is no replay");
    }

    #[test]
    fn a_replay_shows_the_same_events_and_scenes_as_the_live_run() {
        let mut live = player(6);
        live.start();
        let log = play_out(&mut live);
        let events = live.events().to_vec();
        let mut replay = Player::replay(Rc::clone(live.plan()), events);
        replay.start();
        assert_eq!(play_out(&mut replay), log);
        assert_eq!(replay.stats(), live.stats());
        assert_eq!(replay.stationary_ms(), live.stationary_ms());
        // Stepping a replay also shows one handling at a time.
        let mut stepped = Player::replay(Rc::clone(live.plan()), live.events().to_vec());
        stepped.take_fresh();
        assert!(stepped.step());
        let fresh = stepped.take_fresh();
        assert_eq!(
            fresh
                .iter()
                .filter(|e| matches!(e.kind, EventKind::Handle { .. }))
                .count(),
            1
        );
    }
}
