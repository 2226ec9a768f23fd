//! What only a browser can show: the drawn pixels, the frame loop, step and destroy.
#![cfg(target_arch = "wasm32")]

mod web;

use std::cell::Cell;
use std::rc::Rc;

use pitstop::names_table::NameTable;
use pitstop::pitstop::Corner;
use pitstop::pitstop::{simulate, StopPlan};
use pitstop::runtime::{Event, EventKind, Time};
use pitstop::scene::layout::{self, hub, post};
use pitstop::scene::palette as colour;
use pitstop::scene::View;
use pitstop::web::api::PitStop;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use web::{canvas, close, count, frames, object, pixel, rgb};

wasm_bindgen_test_configure!(run_in_browser);

const W: u32 = 1200;
const H: u32 = 700;

/// A paused visualization of seed 1 on a fresh 1200x700 canvas.
fn mount() -> (PitStop, web_sys::HtmlCanvasElement) {
    let canvas = canvas(W, H);
    let options = object(&[("autoplay", false.into()), ("seed", 1.into())]);
    let stop = PitStop::new(canvas.clone().into(), options).expect("mounts");
    (stop, canvas)
}

/// When `actor` entered `state` in seed 1's stop (computed natively, in this page).
fn when(actor: &str, state: &str) -> f64 {
    let events: Vec<Event> = simulate(&StopPlan::default().validated().unwrap());
    let mut names = NameTable::default();
    for e in &events {
        names.observe(e);
        if let EventKind::State {
            actor: a, state: s, ..
        } = &e.kind
        {
            if names.name(*a) == actor && *s == state {
                return e.time.as_millis_f64();
            }
        }
    }
    panic!("{actor} never {state}")
}

async fn show(stop: &PitStop, ms: f64) {
    stop.seek(ms.into()).unwrap();
    frames(2).await;
}

fn at(world: (f64, f64)) -> (f64, f64) {
    View::fit(f64::from(W), f64::from(H)).to_screen(world.0, world.1)
}

#[wasm_bindgen_test]
async fn the_car_four_wheels_and_both_jacks_are_drawn_in_the_box() {
    let (stop, canvas) = mount();
    show(&stop, when("car", "stopped") + 10.0).await;
    assert_eq!(
        canvas.get_attribute("data-status").as_deref(),
        Some("drawn")
    );
    let (x, y) = at((-0.8, 0.35));
    assert!(
        close(pixel(&canvas, x, y), rgb(colour::CAR_BODY)),
        "car body in the box"
    );
    for corner in Corner::ALL {
        let (x, y) = at(hub(corner));
        assert!(
            close(pixel(&canvas, x, y), rgb(colour::TYRE)),
            "{corner:?} tyre"
        );
    }
    for cradle in [layout::FRONT_JACK_X, layout::REAR_JACK_X] {
        let (x, y) = at((cradle, 0.35));
        assert!(
            close(pixel(&canvas, x, y), rgb(colour::JACK)),
            "jack at {cradle}"
        );
    }
}

#[wasm_bindgen_test]
async fn the_car_looks_lifted_while_the_jacks_are_up() {
    let (stop, canvas) = mount();
    let wing_tip = at((2.9, 0.6));
    show(&stop, when("car", "stopped") + 10.0).await;
    assert!(
        !close(
            pixel(&canvas, wing_tip.0, wing_tip.1),
            rgb(colour::CAR_ACCENT)
        ),
        "down: no wing there"
    );
    let raised = when("jack_front", "raised").max(when("jack_rear", "raised"));
    show(&stop, raised + 5.0).await;
    assert!(
        close(
            pixel(&canvas, wing_tip.0, wing_tip.1),
            rgb(colour::CAR_ACCENT)
        ),
        "up: the car is closer, bigger"
    );
    let (x, y) = at((layout::FRONT_JACK_X, 0.35));
    assert!(
        close(pixel(&canvas, x, y), rgb(colour::JACK_LOADED)),
        "the jack carries the car"
    );
}

#[wasm_bindgen_test]
async fn a_message_packet_flies_between_sender_and_receiver() {
    let (stop, canvas) = mount();
    // "prepare" leaves the race engineer at 40 ms and reaches the front jack at 80 ms.
    show(&stop, 60.0).await;
    let from = post("race_engineer", false).unwrap();
    let to = post("jack_front", false).unwrap();
    let (x, y) = at(((from.0 + to.0) / 2.0, (from.1 + to.1) / 2.0));
    let n = count(&canvas, x, y, 24.0, 7.0, colour::PACKET_COMMAND);
    assert!(
        n > 20,
        "the packet is halfway: {n} pixels at {x},{y}: {:?} {:?}",
        pixel(&canvas, x - 15.0, y),
        pixel(&canvas, x, y - 5.0)
    );
    show(&stop, 79.0).await;
    let later = count(&canvas, x, y, 24.0, 7.0, colour::PACKET_COMMAND);
    assert!(later < n / 2, "it has moved on: {later} of {n} pixels left");
    let near = (
        from.0 + 0.975 * (to.0 - from.0),
        from.1 + 0.975 * (to.1 - from.1),
    );
    let (x, y) = at(near);
    assert!(
        count(&canvas, x, y, 24.0, 7.0, colour::PACKET_COMMAND) > 20,
        "almost at the front jack"
    );
}

#[wasm_bindgen_test]
async fn step_advances_exactly_one_handling() {
    let (stop, _canvas) = mount();
    show(&stop, 1000.0).await;
    let handles = Rc::new(Cell::new(0));
    let seen = Rc::clone(&handles);
    let callback = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
        if web::get(&event, "kind").as_string().as_deref() == Some("handle") {
            seen.set(seen.get() + 1);
        }
    });
    let _unsubscribe = stop.on_event(callback.as_ref().clone()).unwrap();
    callback.forget();
    for expected in 1..=5 {
        assert!(stop.step().unwrap());
        frames(2).await;
        assert_eq!(handles.get(), expected);
    }
    let state = web::get(&stop.stats().unwrap().into(), "state");
    assert_eq!(state.as_string().as_deref(), Some("paused"));
}

#[wasm_bindgen_test]
async fn destroy_stops_the_frame_loop_for_good() {
    let (mut stop, canvas) = mount();
    stop.start().unwrap();
    frames(2).await;
    assert_eq!(
        canvas.get_attribute("data-state").as_deref(),
        Some("running")
    );
    stop.destroy();
    canvas.set_attribute("data-state", "untouched").unwrap();
    frames(5).await;
    assert_eq!(
        canvas.get_attribute("data-state").as_deref(),
        Some("untouched")
    );
    let _ = Time::ZERO;
}
