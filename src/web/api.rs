//! `PitStop`: the JavaScript face of the visualization.
//!
//! Big state stays in Rust behind an opaque handle; JavaScript gets small results. Every
//! method checks its input and throws an `Error` naming the method or option at fault,
//! leaving the instance as it was; nothing reachable from JavaScript panics.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::*;

use super::canvas::Canvas;
use super::frame_loop::FrameLoop;
use super::js::{opt_value, resolve_canvas};
use crate::jsonl::JsonLinesWriter;
use crate::options::{self, OptValue, Options};
use crate::player::{PlayState, Player};
use crate::runtime::Time;
use crate::scene::{draw_scene, Motion, View};

/// One pit-stop visualization on one canvas.
#[wasm_bindgen]
pub struct PitStop {
    instance: Option<Rc<RefCell<Instance>>>,
    frames: Option<FrameLoop>,
}

/// What a frame needs; shared between the `PitStop` handle and the frame loop.
pub(crate) struct Instance {
    canvas: Canvas,
    player: Player,
    /// Turns events into the JSON-lines schema for `onEvent` subscribers.
    writer: JsonLinesWriter,
    subscribers: Vec<(u32, Function)>,
    next_subscriber: u32,
    drawn: bool,
    /// Something changed since the last drawing (a paused picture is not redrawn for nothing).
    dirty: bool,
    last_size: (f64, f64, f64),
}

/// Time each frame may spend running actors, in milliseconds: the rest is for drawing and
/// for the page.
const FRAME_BUDGET_MS: f64 = 6.0;

#[wasm_bindgen]
impl PitStop {
    /// `target` is a `<canvas>` element or a CSS selector for one; `options` is optional
    /// (see the README for every option).
    #[wasm_bindgen(constructor)]
    pub fn new(target: JsValue, options: JsValue) -> Result<PitStop, JsError> {
        let element = resolve_canvas(&target).map_err(|e| error("new PitStop", &e))?;
        let options = parse_options(&options).map_err(|e| error("new PitStop", &e))?;
        PitStop::mount(element, options).map_err(|e| error("new PitStop", &e))
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

    /// Shows the stop as it was at `ms` milliseconds of virtual time, paused (going back
    /// replays the same seed from the beginning, so the picture is exact).
    pub fn seek(&self, ms: JsValue) -> Result<(), JsError> {
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
    pub fn restart(&self, seed: JsValue) -> Result<(), JsError> {
        let seed = match opt_value(&seed) {
            OptValue::Absent => None,
            value => {
                Some(options::seed(&value, "restart(seed)").map_err(|e| error("restart", &e))?)
            }
        };
        self.with("restart", |i| i.player.restart(seed))
    }

    /// Sets the playback speed, 0.05 to 4 (virtual seconds per real second).
    #[wasm_bindgen(js_name = setSpeed)]
    pub fn set_speed(&self, x: JsValue) -> Result<(), JsError> {
        let x = options::speed(&opt_value(&x), "setSpeed(x)").map_err(|e| error("setSpeed", &e))?;
        self.with("setSpeed", |i| i.player.set_speed(x))
    }

    /// Calls `callback(event)` with every event from now on, as a plain object in the
    /// JSON-lines schema. Returns a function that unsubscribes.
    #[wasm_bindgen(js_name = onEvent)]
    pub fn on_event(&self, callback: JsValue) -> Result<Function, JsError> {
        let callback: Function = callback
            .dyn_into()
            .map_err(|_| error("onEvent", "onEvent(callback) needs a function"))?;
        let instance = self.live("onEvent")?;
        let id = {
            let mut i = instance.borrow_mut();
            let id = i.next_subscriber;
            i.next_subscriber += 1;
            i.subscribers.push((id, callback));
            id
        };
        let weak: Weak<RefCell<Instance>> = Rc::downgrade(instance);
        let unsubscribe = Closure::once_into_js(move || {
            if let Some(instance) = weak.upgrade() {
                if let Ok(mut i) = instance.try_borrow_mut() {
                    i.subscribers.retain(|(sid, _)| *sid != id);
                }
            }
        });
        Ok(unsubscribe.unchecked_into())
    }

    /// `{ state, stationaryMs, messagesSent, deadLetters, ... }`: see the README.
    pub fn stats(&self) -> Result<Object, JsError> {
        self.with("stats", |i| stats_object(&i.player))
    }

    /// The whole run so far as JSON lines (the schema of `cargo run --example pitstop -- --json`).
    #[wasm_bindgen(js_name = exportLog)]
    pub fn export_log(&self) -> Result<String, JsError> {
        self.with("exportLog", |i| {
            crate::jsonl::to_json_lines(i.player.events())
        })
    }

    /// Stops the animation and frees everything. Any later call throws.
    pub fn destroy(&mut self) {
        if let Some(frames) = self.frames.take() {
            frames.stop();
        }
        self.instance = None;
    }
}

impl PitStop {
    pub(crate) fn mount(
        element: web_sys::HtmlCanvasElement,
        options: Options,
    ) -> Result<PitStop, String> {
        let canvas = Canvas::new(element)?;
        let mut player = Player::new(options.plan());
        player.set_speed(options.speed);
        player.looping = options.looping;
        player.motion = if options
            .reduced_motion
            .unwrap_or_else(prefers_reduced_motion)
        {
            Motion::Reduced
        } else {
            Motion::Full
        };
        if options.autoplay {
            player.start();
        }
        let instance = Rc::new(RefCell::new(Instance {
            canvas,
            player,
            writer: JsonLinesWriter::new(),
            subscribers: Vec::new(),
            next_subscriber: 0,
            drawn: false,
            dirty: true,
            last_size: (0.0, 0.0, 0.0),
        }));
        let for_frames = Rc::clone(&instance);
        let frames = FrameLoop::start(move |ts| frame(&for_frames, ts))?;
        Ok(PitStop {
            instance: Some(instance),
            frames: Some(frames),
        })
    }

    fn live(&self, method: &str) -> Result<&Rc<RefCell<Instance>>, JsError> {
        self.instance
            .as_ref()
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
}

/// One animation frame: run, fold, draw, then tell subscribers (after every borrow is
/// released, so a callback may call back into the instance).
fn frame(instance: &Rc<RefCell<Instance>>, ts: f64) {
    let (callbacks, events) = {
        let Ok(mut i) = instance.try_borrow_mut() else {
            return;
        };
        i.frame(ts)
    };
    for event in events.iter() {
        for callback in &callbacks {
            // A subscriber's exception is its own business: report it, keep the others.
            if let Err(e) = callback.call1(&JsValue::NULL, event) {
                web_sys::console::error_2(&"PitStop onEvent callback threw:".into(), &e);
            }
        }
    }
}

impl Instance {
    /// Advances and draws; returns the subscribers and the new events as JS objects.
    fn frame(&mut self, ts: f64) -> (Vec<Function>, Vec<JsValue>) {
        let mut budget = frame_budget();
        let was = self.player.now();
        self.player.frame(ts, &mut budget);
        let running = self.player.state() == PlayState::Running;
        let fresh_events = self.player.take_fresh().to_vec();
        let dpr = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
        let size = {
            let (w, h) = self.canvas.fit(dpr);
            (w, h, dpr)
        };
        if self.dirty
            || running
            || was != self.player.now()
            || size != self.last_size
            || !fresh_events.is_empty()
        {
            let view = View::fit(size.0, size.1);
            draw_scene(&mut self.canvas.painter(), &view, &self.player.scene());
            self.dirty = false;
            self.last_size = size;
        }
        if !self.drawn {
            self.drawn = true;
            let _ = self.canvas.element.set_attribute("data-status", "drawn");
        }
        let _ = self
            .canvas
            .element
            .set_attribute("data-state", self.player.state().name());
        // JS objects only for subscribers, built outside the actors' hot loop.
        let mut objects = Vec::new();
        if !self.subscribers.is_empty() {
            let mut line = String::new();
            for event in &fresh_events {
                line.clear();
                self.writer.write(event, &mut line);
                if let Ok(object) = js_sys::JSON::parse(line.trim_end()) {
                    objects.push(object);
                }
            }
        } else {
            // Keep the writer's name table current for later subscribers.
            let mut sink = String::new();
            for event in &fresh_events {
                sink.clear();
                self.writer.write(event, &mut sink);
            }
        }
        let callbacks = self.subscribers.iter().map(|(_, f)| f.clone()).collect();
        (callbacks, objects)
    }
}

/// True until the frame's share of time for running actors is spent.
fn frame_budget() -> impl FnMut() -> bool {
    let performance = web_sys::window().and_then(|w| w.performance());
    let deadline = performance.as_ref().map_or(0.0, |p| p.now()) + FRAME_BUDGET_MS;
    move || performance.as_ref().is_some_and(|p| p.now() > deadline)
}

fn prefers_reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .is_some_and(|m| m.matches())
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
        let field = Reflect::get(object, &key).unwrap_or(JsValue::UNDEFINED);
        options.set(&name, opt_value(&field))?;
    }
    Ok(options)
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
    set("messagesSent", JsValue::from_f64(stats.sent as f64));
    set("messagesHandled", JsValue::from_f64(stats.handled as f64));
    set("deadLetters", JsValue::from_f64(stats.dead_letters as f64));
    set("unhandled", JsValue::from_f64(stats.unhandled as f64));
    set("timeMs", JsValue::from_f64(player.now().as_millis_f64()));
    set("seed", JsValue::from_f64(player.plan().seed as f64));
    set("speed", JsValue::from_f64(player.speed()));
    set("crew", player.plan().crew.name().into());
    set("replay", player.is_replay().into());
    object
}

/// A JavaScript `Error` whose message starts with the method at fault.
fn error(method: &str, problem: &str) -> JsError {
    JsError::new(&format!("PitStop.{method}: {problem}"))
}
