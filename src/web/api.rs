//! `PitStop`: the JavaScript face of the visualization.
//!
//! Big state stays in Rust behind an opaque handle; JavaScript gets small results. Every
//! method checks its input and throws an `Error` naming the method or option at fault,
//! leaving the instance as it was; nothing reachable from JavaScript panics.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::prelude::*;
use web_sys::{MediaQueryList, Performance};

use super::canvas::{device_pixel_ratio, Screen};
use super::frame_loop::FrameLoop;
use super::js::{opt_value, resolve_canvas};
use super::mounted;
use crate::frame_budget::FrameBudget;
use crate::jsonl::JsonLinesWriter;
use crate::jsonl_read::parse_json_lines;
use crate::options::{self, OptValue, Options};
use crate::pitstop::story::{clock, Line, Storyteller};
use crate::pitstop::FaultKind;
use crate::player::{PlayState, Player};
use crate::runtime::Time;
use crate::scene::{Motion, View};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** A fault a learner can inject. */
export type FaultKind = "stuck_nut" | "gun_failure" | "lost_message" | "slow_jack" | "early_release";

/** Options of `new PitStop(target, options)`; every one is optional. */
export interface PitStopOptions {
  /** Virtual seconds per real second, 0.05 to 4 (default 0.25). */
  speed?: number;
  /** The same seed plays the same stop (default 1). */
  seed?: number;
  /** Start at once (default true). */
  autoplay?: boolean;
  /** Start again after a short rest when the stop is over (default false). */
  loop?: boolean;
  /** The seven-person crew plus the car, or with sub-crews (default "seed"). */
  crew?: "seed" | "full";
  /** Message transit time in milliseconds, 0 to 2000 (default 40). */
  latencyMs?: number;
  /** The crew's pace (default "good"). */
  pace?: "fast" | "good" | "slow";
  /** Random faults at a seeded rate. */
  faults?: { rate: number; kinds?: FaultKind[] };
  /** Restart intensity: at most this many restarts (default 3)... */
  maxRestarts?: number;
  /** ...within this much virtual time, in milliseconds (default 10000). */
  restartWindowMs?: number;
  /** Overrides the reader's prefers-reduced-motion. */
  reducedMotion?: boolean;
}

/** What `stats()` returns. */
export interface PitStopStats {
  state: "ready" | "running" | "paused" | "finished";
  stationaryMs: number | null;
  /** The stop was called off (the car is held on its jacks): stationaryMs is then how long it stood until then, not a stop's time. */
  aborted: boolean;
  messagesSent: number;
  messagesHandled: number;
  deadLetters: number;
  unhandled: number;
  timeMs: number;
  /** null during a replay of a loaded log (a log does not say). */
  seed: number | null;
  speed: number;
  /** During a replay of a loaded log, the crew its events show. */
  crew: "seed" | "full";
  replay: boolean;
  /** A run changed with inject, then taken back (a seek back, a step back): it replays its recording, which inject cannot change; restart() plays the seed live again. */
  rewound: boolean;
}

/** One event, in the JSON-lines schema (see the README for every field). */
export interface PitStopEvent {
  seq: number;
  t_ms: number;
  kind: "spawn" | "send" | "deliver" | "handle" | "unhandled" | "dead_letter" | "state"
    | "become" | "stop" | "restart" | "fault" | "timeout";
  [field: string]: string | number | boolean | null;
}

/** One line of the human log. */
export interface PitStopLogLine {
  tMs: number;
  clock: string;
  text: string;
  /** The message the line is about (for a change of state, the one its actor was handling:
   * the order that started a tire change), for `highlight`; null if none. */
  msgId: number | null;
  seq: number;
}

/** An actor, and the faults that can strike it. */
export interface PitStopActor {
  id: string;
  label: string;
  faults: FaultKind[];
}
"#;

/// One pit-stop visualization on one canvas.
#[wasm_bindgen]
pub struct PitStop {
    instance: Option<Rc<RefCell<Instance>>>,
    /// Which running instance this handle ends on `destroy()` (see `mounted`).
    running: Option<u64>,
    /// False once the instance is destroyed, by this handle or by a newer instance taking
    /// its canvas over.
    alive: Rc<Cell<bool>>,
}

/// What a subscriber hears.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Channel {
    /// Events, in the JSON-lines schema.
    Events,
    /// Lines of the human log.
    Log,
    /// The run started over: what came before no longer holds.
    Reset,
}

/// What a frame needs; shared between the `PitStop` handle and the frame loop.
pub(crate) struct Instance {
    screen: Screen,
    player: Player,
    /// Turns events into the JSON-lines schema for `onEvent` subscribers.
    writer: JsonLinesWriter,
    /// Turns events into the human log for `onLog` subscribers.
    story: Storyteller,
    /// The player generation the writer and story have folded (they start afresh on a
    /// restart or a load).
    generation: Option<u32>,
    subscribers: Vec<(u32, Channel, Function)>,
    next_subscriber: u32,
    drawn: bool,
    /// Something changed since the last drawing (a paused picture is not redrawn for nothing).
    dirty: bool,
    last_size: (f64, f64, f64),
    /// How long each frame may run actors: until a reserve for the drawing and the browser
    /// before the next frame is due.
    budget: FrameBudget,
    performance: Option<Performance>,
    /// The reader's `prefers-reduced-motion`, followed while the instance runs (a reader can
    /// change it at any time); `None` when the `reducedMotion` option overrides it.
    motion_query: Option<MediaQueryList>,
}

#[wasm_bindgen]
impl PitStop {
    /// `target` is a `<canvas>` element or a CSS selector for one; `options` is optional
    /// (see the README for every option).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "HTMLCanvasElement | string")] target: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "PitStopOptions")] options: JsValue,
    ) -> Result<PitStop, JsError> {
        let element = resolve_canvas(&target).map_err(|e| error(CONSTRUCTOR, &e))?;
        let options = parse_options(&options).map_err(|e| error(CONSTRUCTOR, &e))?;
        PitStop::mount(element, options).map_err(|e| error(CONSTRUCTOR, &e))
    }

    /// Starts playing (from the beginning if the stop is over).
    pub fn start(&self) -> Result<(), JsError> {
        self.with("start", |i| i.player.start())
    }

    /// Pauses; the picture stays.
    pub fn pause(&self) -> Result<(), JsError> {
        self.with("pause", |i| i.player.pause())
    }

    /// Goes on after a pause.
    pub fn resume(&self) -> Result<(), JsError> {
        self.with("resume", |i| i.player.resume())
    }

    /// Advances to exactly the next message handling and shows it (the player pauses).
    /// Returns false when nothing is left to handle.
    pub fn step(&self) -> Result<bool, JsError> {
        self.with("step", |i| i.player.step())
    }

    /// Goes back one step, paused, to the picture a step showed: the last handling shown if
    /// the stop has played on since it, else the handling before it, else the start. The
    /// run is played again from its beginning, so subscribers hear a start-over, then the
    /// events up to there (a run changed with `inject` replays its recording from then on:
    /// see `stats().rewound`). Returns false, changing nothing, at the start.
    #[wasm_bindgen(js_name = stepBack)]
    pub fn step_back(&self) -> Result<bool, JsError> {
        self.with("stepBack", |i| i.player.step_back())
    }

    /// Shows the stop as it was at `ms` milliseconds of virtual time, paused. Going back
    /// replays the same seed from the beginning, so the picture is exact; a run changed
    /// with `inject` is recorded to its end and replays that recording (`stats().rewound`).
    pub fn seek(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] ms: JsValue,
    ) -> Result<(), JsError> {
        self.live("seek")?;
        let ms = match opt_value(&ms) {
            OptValue::Number(ms) if ms.is_finite() && ms >= 0.0 => ms,
            other => {
                return Err(error(
                    "seek",
                    &format!(
                        "seek(ms) needs a number of milliseconds from 0, got {}",
                        other.describe()
                    ),
                ))
            }
        };
        self.with("seek", |i| {
            i.player.seek(Time::from_micros((ms * 1000.0) as u64))
        })
    }

    /// Plays the stop again from the beginning, with the same seed or `seed`.
    pub fn restart(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "number")] seed: JsValue,
    ) -> Result<(), JsError> {
        self.live("restart")?;
        let seed = match opt_value(&seed) {
            OptValue::Absent => None,
            value => Some(options::seed(&value, "seed").map_err(|e| error("restart", &e))?),
        };
        self.with("restart", |i| i.player.restart(seed))
    }

    /// Sets the playback speed, 0.05 to 4 (virtual seconds per real second).
    #[wasm_bindgen(js_name = setSpeed)]
    pub fn set_speed(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] x: JsValue,
    ) -> Result<(), JsError> {
        self.live("setSpeed")?;
        let x = options::speed(&opt_value(&x), "x").map_err(|e| error("setSpeed", &e))?;
        self.with("setSpeed", |i| i.player.set_speed(x))
    }

    /// Calls `callback(event)` with every event from now on, as a plain object in the
    /// JSON-lines schema, in the animation frame that shows it (not inside `step()`,
    /// `stepBack()` or `seek()`). Returns a function that unsubscribes.
    #[wasm_bindgen(js_name = onEvent, unchecked_return_type = "() => void")]
    pub fn on_event(
        &self,
        #[wasm_bindgen(unchecked_param_type = "(event: PitStopEvent) => void")] callback: JsValue,
    ) -> Result<Function, JsError> {
        self.subscribe("onEvent", callback, Channel::Events)
    }

    /// `{ state, stationaryMs, messagesSent, deadLetters, ... }`: see the README.
    #[wasm_bindgen(unchecked_return_type = "PitStopStats")]
    pub fn stats(&self) -> Result<Object, JsError> {
        self.read("stats", |i| stats_object(&i.player))
    }

    /// The whole run so far as JSON lines (the schema of `cargo run --example pitstop -- --json`).
    #[wasm_bindgen(js_name = exportLog)]
    pub fn export_log(&self) -> Result<String, JsError> {
        self.read("exportLog", |i| {
            crate::jsonl::to_json_lines(i.player.events())
        })
    }

    /// Injects a fault (`"stuck_nut"`, `"gun_failure"`, `"lost_message"`, `"slow_jack"`,
    /// `"early_release"`) at an actor (`"tire_rl"`, `"jack_front"`, `"car"`, ...).
    pub fn inject(
        &self,
        #[wasm_bindgen(unchecked_param_type = "FaultKind")] fault: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] actor: JsValue,
    ) -> Result<(), JsError> {
        self.live("inject")?;
        let kind = fault
            .as_string()
            .and_then(|f| FaultKind::parse(&f))
            .ok_or_else(|| {
                let got = match opt_value(&fault) {
                    OptValue::Text(name) => format!("unknown fault \"{name}\""),
                    other => format!("the fault must be a name, got {}", other.describe()),
                };
                error(
                    "inject",
                    &format!(
                        "inject(fault, actorId): {got} (known: {})",
                        options::fault_names()
                    ),
                )
            })?;
        let actor = actor.as_string().ok_or_else(|| {
            error(
                "inject",
                &format!(
                    "inject(fault, actorId): actorId must be a string like \"tire_rl\", got {}",
                    opt_value(&actor).describe()
                ),
            )
        })?;
        self.with("inject", |i| i.player.inject(kind, &actor))?
            .map_err(|e| error("inject", &e))
    }

    /// Replays a run exported with `exportLog` (JSON lines), exactly. A malformed or
    /// foreign file throws an Error naming the line and the field, and the current run goes
    /// on untouched.
    #[wasm_bindgen(js_name = loadLog)]
    pub fn load_log(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    ) -> Result<(), JsError> {
        // A destroyed instance says so first, whatever it is handed.
        self.live("loadLog")?;
        let text = text
            .as_string()
            .ok_or_else(|| error("loadLog", "loadLog(text) needs the file's text as a string"))?;
        let events = parse_json_lines(&text).map_err(|e| error("loadLog", &e.to_string()))?;
        self.with("loadLog", |i| {
            let plan = std::rc::Rc::clone(i.player.plan());
            let mut player = Player::replay(plan, events);
            player.set_speed(i.player.speed());
            player.motion = i.player.motion;
            player.start();
            i.player = player;
            i.generation = None;
        })
    }

    /// Highlights a message's path on the canvas (a `msg_id`), or clears it (`null`).
    pub fn highlight(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number | null")] msg_id: JsValue,
    ) -> Result<(), JsError> {
        self.live("highlight")?;
        let id = match opt_value(&msg_id) {
            OptValue::Absent => None,
            OptValue::Number(n) if n.fract() == 0.0 && n >= 0.0 => Some(n as u64),
            other => {
                return Err(error(
                    "highlight",
                    &format!(
                        "highlight(msgId) needs a msg_id or null, got {}",
                        other.describe()
                    ),
                ))
            }
        };
        self.with("highlight", |i| i.player.highlight(id))?
            .map_err(|e| error("highlight", &e))
    }

    /// Calls `callback(line)` with every line of the human log from now on, as
    /// `{ tMs, clock, text, msgId, seq }`, in the animation frame that shows it (not inside
    /// `step()`, `stepBack()` or `seek()`). Returns a function that unsubscribes.
    #[wasm_bindgen(js_name = onLog, unchecked_return_type = "() => void")]
    pub fn on_log(
        &self,
        #[wasm_bindgen(unchecked_param_type = "(line: PitStopLogLine) => void")] callback: JsValue,
    ) -> Result<Function, JsError> {
        self.subscribe("onLog", callback, Channel::Log)
    }

    /// Calls `callback()` whenever the run starts over (`restart`, a `seek` back, a
    /// `stepBack`, a `loop`, `loadLog`): the events and log lines that follow begin again
    /// from `seq` 0, so a log view built from them should be cleared. Called before any
    /// event of the new run.
    /// Returns a function that unsubscribes.
    #[wasm_bindgen(js_name = onReset, unchecked_return_type = "() => void")]
    pub fn on_reset(
        &self,
        #[wasm_bindgen(unchecked_param_type = "() => void")] callback: JsValue,
    ) -> Result<Function, JsError> {
        self.subscribe("onReset", callback, Channel::Reset)
    }

    /// The actor drawn at CSS pixel (x, y) of the canvas (a crew member or the car), or
    /// `null`: for a page that lets learners click an actor.
    #[wasm_bindgen(js_name = actorAt, unchecked_return_type = "string | null")]
    pub fn actor_at(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] x: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] y: JsValue,
    ) -> Result<JsValue, JsError> {
        self.live("actorAt")?;
        let (x, y) = canvas_point("actorAt", &x, &y)?;
        self.read("actorAt", |i| {
            hit_test(&i.view_as_laid_out(), &i.player.scene(), x, y)
                .map_or(JsValue::NULL, |name| name.into())
        })
    }

    /// The message whose label is drawn at CSS pixel (x, y) of the canvas (the one on top),
    /// as its `msgId`, or `null`: for a page that lets learners click a message to see what
    /// it says (its `send` event has its fields, see `onEvent`) and `highlight` its path.
    #[wasm_bindgen(js_name = messageAt, unchecked_return_type = "number | null")]
    pub fn message_at(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] x: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] y: JsValue,
    ) -> Result<JsValue, JsError> {
        self.live("messageAt")?;
        let (x, y) = canvas_point("messageAt", &x, &y)?;
        self.read("messageAt", |i| {
            crate::scene::draw::message_at(&i.view_as_laid_out(), &i.player.scene(), x, y)
                .map_or(JsValue::NULL, |id| JsValue::from_f64(id as f64))
        })
    }

    /// The actors of this stop that are alive, as `[{ id, label, faults: [...] }]`, where
    /// `faults` lists the faults that can strike it (for a menu).
    #[wasm_bindgen(unchecked_return_type = "PitStopActor[]")]
    pub fn actors(&self) -> Result<Array, JsError> {
        self.read("actors", |i| {
            let crew = i.player.plan().crew;
            let scene = i.player.scene();
            let names = scene
                .cards
                .iter()
                .filter(|c| c.alive)
                .map(|c| (c.name.to_string(), c.label.to_string()))
                .chain([("car".to_string(), "Car".to_string())]);
            let list = Array::new();
            for (id, label) in names {
                let faults = Array::new();
                for kind in FaultKind::ALL {
                    if kind.target(&id, crew).is_some() {
                        faults.push(&kind.name().into());
                    }
                }
                let object = Object::new();
                let _ = Reflect::set(&object, &"id".into(), &id.into());
                let _ = Reflect::set(&object, &"label".into(), &label.into());
                let _ = Reflect::set(&object, &"faults".into(), &faults);
                list.push(&object);
            }
            list
        })
    }

    /// Stops the animation for good, frees everything and gives the canvas back (its
    /// `data-state` becomes `"destroyed"`). Any later call throws, except `destroy()`
    /// itself: a second one does nothing.
    pub fn destroy(&mut self) {
        self.alive.set(false);
        if let Some(canvas) = self.running.take().and_then(mounted::end) {
            let _ = canvas.set_attribute("data-state", "destroyed");
            super::canvas::unname(&canvas);
        }
        self.instance = None;
    }
}

impl PitStop {
    fn subscribe(
        &self,
        method: &str,
        callback: JsValue,
        channel: Channel,
    ) -> Result<Function, JsError> {
        self.live(method)?;
        let callback: Function = callback
            .dyn_into()
            .map_err(|_| error(method, &format!("{method}(callback) needs a function")))?;
        let instance = self.live(method)?;
        let id = {
            let mut i = instance
                .try_borrow_mut()
                .map_err(|_| error(method, "called while the instance is busy drawing"))?;
            let id = i.next_subscriber;
            i.next_subscriber += 1;
            i.subscribers.push((id, channel, callback));
            id
        };
        let weak: Weak<RefCell<Instance>> = Rc::downgrade(instance);
        // Callable any number of times (the second call finds nothing to remove), and after
        // `destroy()`: an unsubscribe must never throw.
        let unsubscribe = Closure::<dyn FnMut()>::new(move || {
            if let Some(instance) = weak.upgrade() {
                if let Ok(mut i) = instance.try_borrow_mut() {
                    i.subscribers.retain(|(sid, _, _)| *sid != id);
                }
            }
        });
        Ok(unsubscribe.into_js_value().unchecked_into())
    }

    pub(crate) fn mount(
        element: web_sys::HtmlCanvasElement,
        options: Options,
    ) -> Result<PitStop, String> {
        let screen = Screen::new(element)?;
        screen.canvas.size_if_unsized();
        screen.canvas.name_if_unnamed();
        let mut player = Player::new(options.plan());
        player.set_speed(options.speed);
        player.looping = options.looping;
        let motion_query = match options.reduced_motion {
            Some(_) => None,
            None => reduced_motion_query(),
        };
        player.motion = motion(
            options
                .reduced_motion
                .or_else(|| motion_query.as_ref().map(MediaQueryList::matches))
                .unwrap_or(false),
        );
        if options.autoplay {
            player.start();
        }
        let instance = Rc::new(RefCell::new(Instance {
            screen,
            player,
            writer: JsonLinesWriter::new(),
            story: Storyteller::new(),
            generation: None,
            subscribers: Vec::new(),
            next_subscriber: 0,
            drawn: false,
            dirty: true,
            last_size: (0.0, 0.0, 0.0),
            budget: FrameBudget::new(),
            performance: web_sys::window().and_then(|w| w.performance()),
            motion_query,
        }));
        let canvas = instance.borrow().screen.canvas.element.clone();
        let alive = Rc::new(Cell::new(true));
        let (for_frames, alive_in_frames) = (Rc::clone(&instance), Rc::clone(&alive));
        let frames = FrameLoop::start(move |ts| frame(&for_frames, &alive_in_frames, ts))?;
        let (running, took_over) = mounted::keep(canvas, frames, Rc::clone(&alive));
        if took_over {
            web_sys::console::warn_1(
                &"PitStop: this canvas showed another PitStop, which is now destroyed".into(),
            );
        }
        Ok(PitStop {
            instance: Some(instance),
            running: Some(running),
            alive,
        })
    }

    fn live(&self, method: &str) -> Result<&Rc<RefCell<Instance>>, JsError> {
        self.instance
            .as_ref()
            .filter(|_| self.alive.get())
            .ok_or_else(|| error(method, "this PitStop was destroyed"))
    }

    /// Runs `f` on the instance, marking the picture for redrawing.
    fn with<T>(&self, method: &str, f: impl FnOnce(&mut Instance) -> T) -> Result<T, JsError> {
        let instance = self.live(method)?;
        let mut i = instance
            .try_borrow_mut()
            .map_err(|_| error(method, "called while the instance is busy drawing"))?;
        i.dirty = true;
        Ok(f(&mut i))
    }

    /// Runs `f` on the instance without asking for a redraw: the page polls `stats()` and
    /// `actors()` a few times a second, and a paused picture need not be repainted for it.
    fn read<T>(&self, method: &str, f: impl FnOnce(&Instance) -> T) -> Result<T, JsError> {
        let instance = self.live(method)?;
        let i = instance
            .try_borrow()
            .map_err(|_| error(method, "called while the instance is busy drawing"))?;
        Ok(f(&i))
    }
}

/// One animation frame: run, fold, draw, then tell subscribers (after every borrow is
/// released, so a callback may call back into the instance).
fn frame(instance: &Rc<RefCell<Instance>>, alive: &Cell<bool>, ts: f64) {
    let deliveries = {
        let Ok(mut i) = instance.try_borrow_mut() else {
            return;
        };
        if !i.screen.canvas.element.is_connected() {
            // Off the page: nothing to show, and nothing runs until it is back (the frame
            // gap is clamped then, as after a hidden tab).
            return;
        }
        i.frame(ts)
    };
    for (callback, value) in &deliveries {
        if !alive.get() {
            // A callback destroyed the instance: the others hear no more of it.
            break;
        }
        // A subscriber's exception is its own business: report it, keep the others.
        if let Err(e) = callback.call1(&JsValue::NULL, value) {
            web_sys::console::error_2(&"PitStop callback threw:".into(), &e);
        }
    }
}

impl Instance {
    /// The view of the canvas as it is laid out now, even before the first frame has fitted
    /// it: what a hit test at CSS pixels is measured against.
    fn view_as_laid_out(&self) -> View {
        let (w, h) = self.screen.canvas.css_size(device_pixel_ratio());
        View::fit(w, h)
    }

    /// Advances and draws; returns what to hand to which subscriber.
    fn frame(&mut self, ts: f64) -> Vec<(Function, JsValue)> {
        if let Some(query) = &self.motion_query {
            let wanted = motion(query.matches());
            if wanted != self.player.motion {
                self.player.motion = wanted;
                self.dirty = true;
            }
        }
        let was = self.player.now();
        self.budget.frame_started(ts);
        {
            let performance = self.performance.as_ref();
            let now = || performance.map_or(ts, |p| p.now());
            let deadline = self.budget.deadline(ts, now());
            let mut budget = || now() > deadline;
            self.player.frame(ts, &mut budget);
        }
        // A new generation, or a new player (`loadLog` forgets the generation): a start-over,
        // except in the first frame, which is the start.
        let generation = Some(self.player.generation());
        let started_over = self.generation != generation && self.drawn;
        if self.generation != generation {
            self.generation = generation;
            self.writer = JsonLinesWriter::new();
            self.story = Storyteller::new();
        }
        let running = self.player.state() == PlayState::Running;
        let fresh_events = self.player.take_fresh().to_vec();
        let dpr = device_pixel_ratio();
        let size = {
            let (w, h) = self.screen.canvas.fit(dpr);
            (w, h, dpr)
        };
        if self.dirty
            || running
            || was != self.player.now()
            || size != self.last_size
            || !fresh_events.is_empty()
        {
            let started = self.performance.as_ref().map(|p| p.now());
            self.screen.draw((size.0, size.1), &self.player.scene());
            if let (Some(p), Some(started)) = (self.performance.as_ref(), started) {
                self.budget.drawing_took(p.now() - started);
            }
            self.dirty = false;
            self.last_size = size;
        }
        if !self.drawn {
            self.drawn = true;
            let _ = self
                .screen
                .canvas
                .element
                .set_attribute("data-status", "drawn");
        }
        let _ = self
            .screen
            .canvas
            .element
            .set_attribute("data-state", self.player.state().name());
        self.deliveries(started_over, &fresh_events)
    }

    /// Events as plain objects and log lines, for the subscribers of each; the writers fold
    /// every event either way so that a later subscriber starts from a true picture. JS
    /// objects are built here, per frame, never in the actors' hot loop.
    fn deliveries(
        &mut self,
        started_over: bool,
        events: &[crate::runtime::Event],
    ) -> Vec<(Function, JsValue)> {
        let wants = |c| self.subscribers.iter().any(|(_, ch, _)| *ch == c);
        let (want_events, want_log) = (wants(Channel::Events), wants(Channel::Log));
        let mut objects = Vec::new();
        let mut lines = Vec::new();
        let mut json = String::new();
        for event in events {
            json.clear();
            self.writer.write(event, &mut json);
            if want_events {
                if let Ok(object) = js_sys::JSON::parse(json.trim_end()) {
                    objects.push(object);
                }
            }
            self.story.tell(event, &mut lines);
        }
        // A failure waits for the restart that follows to be told with it, perhaps in the
        // next frame: only a finished stop flushes what is held back, so that the lines do
        // not depend on where frames fall.
        if self.player.state() == PlayState::Finished {
            self.story.finish(&mut lines);
        }
        let mut out = Vec::new();
        if started_over {
            let resets = self
                .subscribers
                .iter()
                .filter(|(_, ch, _)| *ch == Channel::Reset);
            out.extend(resets.map(|(_, _, f)| (f.clone(), JsValue::UNDEFINED)));
        }
        for (_, channel, f) in &self.subscribers {
            match channel {
                Channel::Events => out.extend(objects.iter().map(|o| (f.clone(), o.clone()))),
                Channel::Log if want_log => {
                    out.extend(lines.iter().map(|l| (f.clone(), line_object(l))))
                }
                Channel::Log | Channel::Reset => {}
            }
        }
        out
    }
}

/// The (x, y) a hit test is asked about: two finite numbers, CSS pixels of the canvas.
fn canvas_point(method: &str, x: &JsValue, y: &JsValue) -> Result<(f64, f64), JsError> {
    match (opt_value(x), opt_value(y)) {
        (OptValue::Number(x), OptValue::Number(y)) if x.is_finite() && y.is_finite() => Ok((x, y)),
        (x, y) => Err(error(
            method,
            &format!(
                "{method}(x, y) needs two numbers (CSS pixels of the canvas), got {} and {}",
                x.describe(),
                y.describe()
            ),
        )),
    }
}

/// Which actor is drawn at CSS pixel (x, y): the nearest crew member within reach of its
/// helmet and label, else the car if the point is on it.
fn hit_test(view: &View, scene: &crate::scene::Scene, x: f64, y: f64) -> Option<String> {
    let reach = (0.6 * view.scale).max(24.0);
    let nearest = scene
        .cards
        .iter()
        .filter(|c| c.alive)
        .map(|c| {
            let (cx, cy) = view.to_screen(c.pos.0, c.pos.1);
            (c, (cx - x).hypot(cy - y))
        })
        .filter(|(_, d)| *d <= reach)
        .min_by(|a, b| a.1.total_cmp(&b.1));
    if let Some((card, _)) = nearest {
        return Some(card.name.to_string());
    }
    let (cx, cy) = view.to_screen(scene.car_x, 0.0);
    let (half_l, half_w) = (2.8 * view.scale, 1.0 * view.scale);
    let (dx, dy) = if view.portrait {
        (y - cy, x - cx)
    } else {
        (x - cx, y - cy)
    };
    (dx.abs() <= half_l && dy.abs() <= half_w).then(|| "car".to_string())
}

/// A log line as `{ tMs, clock, text, msgId, seq }`.
fn line_object(line: &Line) -> JsValue {
    let object = Object::new();
    let set = |key: &str, value: JsValue| {
        let _ = Reflect::set(&object, &key.into(), &value);
    };
    set("tMs", JsValue::from_f64(line.time.as_millis_f64()));
    set("clock", clock(line.time).into());
    set("text", line.text.as_str().into());
    set(
        "msgId",
        line.msg_id
            .map_or(JsValue::NULL, |id| JsValue::from_f64(id as f64)),
    );
    set("seq", JsValue::from_f64(line.seq as f64));
    object.into()
}

/// The reader's `prefers-reduced-motion: reduce`, as a query whose `matches` follows it.
fn reduced_motion_query() -> Option<MediaQueryList> {
    web_sys::window().and_then(|w| {
        w.match_media("(prefers-reduced-motion: reduce)")
            .ok()
            .flatten()
    })
}

fn motion(reduced: bool) -> Motion {
    if reduced {
        Motion::Reduced
    } else {
        Motion::Full
    }
}

fn parse_options(value: &JsValue) -> Result<Options, String> {
    let mut options = Options::default();
    if value.is_undefined() || value.is_null() {
        return Ok(options);
    }
    if !value.is_object() || value.is_function() || js_sys::Array::is_array(value) {
        return Err("options must be an object, like { speed: 0.5, seed: 7 }".into());
    }
    let object: &Object = value.unchecked_ref();
    for key in Object::keys(object).iter() {
        let name = key.as_string().unwrap_or_default();
        let field = read_field(object, &key, &name)?;
        if name == "faults" && field.is_object() && !js_sys::Array::is_array(&field) {
            parse_faults(&mut options, &field)?;
        } else {
            options.set(&name, opt_value(&field))?;
        }
    }
    Ok(options)
}

/// An option's value; a getter that throws is an error naming the option, not a default.
fn read_field(object: &Object, key: &JsValue, name: &str) -> Result<JsValue, String> {
    Reflect::get(object, key).map_err(|thrown| {
        // An Error from another realm (an iframe, a test driver's sandbox) is no
        // `instanceof Error` here, but it still has a message.
        let why = thrown
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .or_else(|| thrown.as_string())
            .or_else(|| {
                let message = Reflect::get(&thrown, &"message".into()).ok()?;
                message.as_string()
            })
            .unwrap_or_else(|| "it threw".into());
        format!("reading option \"{name}\" threw: {why}")
    })
}

/// `faults: { rate, kinds }`.
fn parse_faults(options: &mut Options, field: &JsValue) -> Result<(), String> {
    let object: &Object = field.unchecked_ref();
    let get = |k: &str| read_field(object, &k.into(), &format!("faults.{k}"));
    let others: Vec<String> = Object::keys(object)
        .iter()
        .filter_map(|k| k.as_string())
        .filter(|k| k != "rate" && k != "kinds")
        .collect();
    let kinds = get("kinds")?;
    let kinds = if kinds.is_undefined() {
        None
    } else if js_sys::Array::is_array(&kinds) {
        Some(
            js_sys::Array::from(&kinds)
                .iter()
                .map(|k| opt_value(&k))
                .collect(),
        )
    } else {
        return Err(format!(
            "option \"faults.kinds\" must be a list of fault names, got {}",
            opt_value(&kinds).describe()
        ));
    };
    options.set_faults(opt_value(&get("rate")?), kinds, &others)
}

fn stats_object(player: &Player) -> Object {
    let stats = player.stats();
    let object = Object::new();
    let set = |key: &str, value: JsValue| {
        let _ = Reflect::set(&object, &key.into(), &value);
    };
    set("state", player.state().name().into());
    set(
        "stationaryMs",
        player
            .stationary_ms()
            .map_or(JsValue::NULL, JsValue::from_f64),
    );
    set("aborted", player.aborted().into());
    set("messagesSent", JsValue::from_f64(stats.sent as f64));
    set("messagesHandled", JsValue::from_f64(stats.handled as f64));
    set("deadLetters", JsValue::from_f64(stats.dead_letters as f64));
    set("unhandled", JsValue::from_f64(stats.unhandled as f64));
    set("timeMs", JsValue::from_f64(player.now().as_millis_f64()));
    // A loaded log holds events only: which seed made them it does not say (the plan the
    // replay is drawn with is the one shown before it); its crew, its spawns show.
    let replay = player.is_replay();
    let (seed, crew) = match player.replay_crew() {
        Some(crew) => (JsValue::NULL, crew.name().into()),
        None => {
            let plan = player.plan();
            (JsValue::from_f64(plan.seed as f64), plan.crew.name().into())
        }
    };
    set("seed", seed);
    set("speed", JsValue::from_f64(player.speed()));
    set("crew", crew);
    set("replay", replay.into());
    set("rewound", player.is_rewound().into());
    object
}

/// A JavaScript `Error` whose message starts with the method at fault.
fn error(method: &str, problem: &str) -> JsError {
    if method == CONSTRUCTOR {
        return JsError::new(&format!("{CONSTRUCTOR}: {problem}"));
    }
    JsError::new(&format!("PitStop.{method}: {problem}"))
}

/// How the constructor is named in its errors ("PitStop.new PitStop" read badly).
const CONSTRUCTOR: &str = "new PitStop";
