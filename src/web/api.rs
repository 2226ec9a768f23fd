//! `PitStop`: the JavaScript face of the visualization.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;

use super::canvas::Canvas;
use super::frame_loop::FrameLoop;
use crate::runtime::{
    Actor, Addr, Config, Context, Failure, Handled, Message, Props, System, Unlimited,
};
use crate::scene::{draw_scene, Scene, View};

/// One pit-stop visualization on one canvas.
#[wasm_bindgen]
pub struct PitStop {
    state: Option<Rc<RefCell<Instance>>>,
    frames: Option<FrameLoop>,
}

struct Instance {
    canvas: Canvas,
    system: System,
    scene: Scene,
    drawn: bool,
}

#[wasm_bindgen]
impl PitStop {
    /// `target` is a canvas element or a CSS selector for one.
    #[wasm_bindgen(constructor)]
    pub fn new(target: JsValue) -> Result<PitStop, JsError> {
        let element = resolve_canvas(&target).map_err(|e| JsError::new(&e))?;
        let canvas = Canvas::new(element).map_err(|e| JsError::new(&e))?;
        let system = System::new(Config::default());
        radio_check(&system);
        let instance = Rc::new(RefCell::new(Instance {
            canvas,
            system,
            scene: Scene::parked(),
            drawn: false,
        }));
        let frame_instance = Rc::clone(&instance);
        let frames = FrameLoop::start(move |_ts| frame_instance.borrow_mut().frame())
            .map_err(|e| JsError::new(&e))?;
        Ok(PitStop {
            state: Some(instance),
            frames: Some(frames),
        })
    }

    /// Stops the animation and frees everything; the instance cannot be used again.
    pub fn destroy(&mut self) {
        if let Some(frames) = self.frames.take() {
            frames.stop();
        }
        self.state = None;
    }
}

impl Instance {
    fn frame(&mut self) {
        self.system.advance(
            self.system.now() + Duration::from_millis(16),
            &mut Unlimited,
        );
        let dpr = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
        let (w, h) = self.canvas.fit(dpr);
        let view = View::fit(w, h);
        draw_scene(&mut self.canvas.painter(), &view, &self.scene);
        if !self.drawn {
            self.drawn = true;
            let _ = self.canvas.element.set_attribute("data-status", "drawn");
        }
    }
}

fn resolve_canvas(target: &JsValue) -> Result<HtmlCanvasElement, String> {
    if let Some(selector) = target.as_string() {
        let document = web_sys::window()
            .and_then(|w| w.document())
            .ok_or("PitStop: no document to look the selector up in")?;
        let element = document
            .query_selector(&selector)
            .map_err(|_| format!("PitStop: target '{selector}' is not a valid CSS selector"))?
            .ok_or_else(|| format!("PitStop: target '{selector}' matches no element"))?;
        return element
            .dyn_into::<HtmlCanvasElement>()
            .map_err(|_| format!("PitStop: target '{selector}' is not a <canvas>"));
    }
    target
        .clone()
        .dyn_into::<HtmlCanvasElement>()
        .map_err(|_| "PitStop: target must be an HTMLCanvasElement or a CSS selector".into())
}

// The walking skeleton's two actors: the race engineer asks for a radio check, the crew
// member answers. Replaced by the crew of the pit-stop module.

enum Radio {
    Check(Addr<Radio>),
    Loud,
}

impl Message for Radio {
    fn name(&self) -> &'static str {
        match self {
            Radio::Check(_) => "radio_check",
            Radio::Loud => "loud_and_clear",
        }
    }
}

struct Operator;

impl Actor for Operator {
    type Msg = Radio;
    type Behaviour = ();
    async fn handle(&mut self, ctx: &mut Context<Self>, msg: Radio) -> Result<Handled, Failure> {
        if let Radio::Check(reply_to) = msg {
            ctx.send(&reply_to, Radio::Loud);
            ctx.set_state("ready");
        }
        Ok(Handled::Done)
    }
}

fn radio_check(system: &System) {
    let engineer = system.spawn(Props::new("race_engineer", || Operator));
    let crew = system.spawn(Props::new("jack_front", || Operator));
    system.tell(&crew, Radio::Check(engineer));
}
