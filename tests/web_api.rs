//! The JavaScript API: bad input of every kind gets an Error that names it, and changes
//! nothing; instances are independent; a destroyed instance refuses every call.
#![cfg(target_arch = "wasm32")]

mod web;

use pitstop::web::api::PitStop;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web::{canvas, frames, get, message, object};

wasm_bindgen_test_configure!(run_in_browser);

fn err_of(result: Result<PitStop, wasm_bindgen::JsError>) -> String {
    message(result.err().expect("an Error"))
}

#[wasm_bindgen_test]
fn a_bad_target_is_named() {
    assert!(
        err_of(PitStop::new("#nothing-here".into(), JsValue::UNDEFINED))
            .contains("matches no element")
    );
    let document = web_sys::window().unwrap().document().unwrap();
    let div = document.create_element("div").unwrap();
    div.set_id("not-a-canvas");
    document.body().unwrap().append_child(&div).unwrap();
    assert!(
        err_of(PitStop::new("#not-a-canvas".into(), JsValue::UNDEFINED)).contains("not a <canvas>")
    );
    assert!(
        err_of(PitStop::new("[[[".into(), JsValue::UNDEFINED)).contains("not a valid CSS selector")
    );
    assert!(err_of(PitStop::new(42.into(), JsValue::UNDEFINED)).contains("HTMLCanvasElement"));
}

/// `{ get [name]() { throw new Error("no speed today") } }`.
fn throwing_getter(name: &str) -> JsValue {
    getter_throwing(name, "throw new Error('no speed today')")
}

/// `{ get [name]() { <body> } }`.
fn getter_throwing(name: &str, body: &str) -> JsValue {
    let object = js_sys::Object::new();
    let descriptor = js_sys::Object::new();
    let getter = js_sys::Function::new_no_args(body);
    js_sys::Reflect::set(&descriptor, &"get".into(), &getter).unwrap();
    js_sys::Reflect::set(&descriptor, &"enumerable".into(), &true.into()).unwrap();
    js_sys::Object::define_property(&object, &name.into(), &descriptor);
    object.into()
}

#[wasm_bindgen_test]
fn bad_options_are_named() {
    let cases: Vec<(JsValue, &str)> = vec![
        (object(&[("speed", f64::NAN.into())]), "\"speed\""),
        (object(&[("speed", 0.0.into())]), "\"speed\""),
        (object(&[("speed", "fast".into())]), "\"speed\""),
        (object(&[("seed", (-1).into())]), "\"seed\""),
        (object(&[("seed", 0.5.into())]), "\"seed\""),
        (object(&[("crew", "pit".into())]), "\"crew\""),
        (object(&[("autoplay", "yes".into())]), "\"autoplay\""),
        (object(&[("latencyMs", (-5).into())]), "\"latencyMs\""),
        (object(&[("sped", 1.into())]), "unknown option \"sped\""),
        (JsValue::from(5), "options must be an object"),
        (
            throwing_getter("speed"),
            "reading option \"speed\" threw: no speed today",
        ),
        // What an Error from another realm looks like here: not `instanceof Error`.
        (
            getter_throwing("seed", "throw { message: 'from elsewhere' }"),
            "reading option \"seed\" threw: from elsewhere",
        ),
    ];
    for (options, needle) in cases {
        let c = canvas(300, 200);
        let e = err_of(PitStop::new(c.into(), options));
        assert!(e.contains(needle), "{needle}: {e}");
        assert!(e.starts_with("new PitStop: "), "{e}");
    }
}

#[wasm_bindgen_test]
async fn bad_calls_are_named_and_change_nothing() {
    let stop = PitStop::new(canvas(300, 200).into(), object(&[("speed", 0.5.into())])).unwrap();
    let speed = |s: &PitStop| get(&s.stats().unwrap().into(), "speed").as_f64().unwrap();
    for bad in [
        JsValue::from(f64::NAN),
        10.into(),
        "fast".into(),
        JsValue::UNDEFINED,
    ] {
        let e = message(stop.set_speed(bad).unwrap_err());
        assert!(e.starts_with("PitStop.setSpeed: x must be"), "{e}");
        assert_eq!(
            e.matches("setSpeed").count(),
            1,
            "the method is named once: {e}"
        );
        assert_eq!(speed(&stop), 0.5, "unchanged");
    }
    assert!(message(stop.restart((-1).into()).unwrap_err())
        .starts_with("PitStop.restart: seed must be"));
    assert!(message(stop.restart(1.5.into()).unwrap_err()).contains("whole number"));
    assert!(message(stop.seek((-5).into()).unwrap_err()).starts_with("PitStop.seek:"));
    assert!(message(stop.on_event(42.into()).unwrap_err()).starts_with("PitStop.onEvent:"));
    stop.set_speed(2.into()).unwrap();
    assert_eq!(speed(&stop), 2.0);
    frames(1).await;
}

#[wasm_bindgen_test]
fn every_call_after_destroy_throws() {
    let mut stop = PitStop::new(canvas(300, 200).into(), JsValue::UNDEFINED).unwrap();
    stop.destroy();
    stop.destroy(); // twice is fine
    let errors = [
        stop.start().err().map(message),
        stop.pause().err().map(message),
        stop.resume().err().map(message),
        stop.step().err().map(message),
        stop.step_back().err().map(message),
        stop.stats().err().map(message),
        stop.restart(JsValue::UNDEFINED).err().map(message),
        stop.set_speed(1.into()).err().map(message),
        stop.export_log().err().map(message),
        // Whatever it is handed: a destroyed instance says so before it looks at arguments.
        stop.load_log("not a log".into()).err().map(message),
        stop.load_log(5.into()).err().map(message),
        stop.seek((-1).into()).err().map(message),
        stop.restart("x".into()).err().map(message),
        stop.set_speed(f64::NAN.into()).err().map(message),
        stop.inject("no_such".into(), JsValue::NULL)
            .err()
            .map(message),
        stop.highlight("x".into()).err().map(message),
        stop.actor_at(JsValue::NULL, JsValue::NULL)
            .err()
            .map(message),
        stop.message_at(JsValue::NULL, JsValue::NULL)
            .err()
            .map(message),
        stop.on_log(JsValue::NULL).err().map(message),
        stop.on_event(5.into()).err().map(message),
        stop.on_reset(JsValue::NULL).err().map(message),
        stop.actors().err().map(message),
    ];
    for e in errors {
        let e = e.expect("an Error");
        assert!(e.contains("destroyed"), "{e}");
    }
}

#[wasm_bindgen_test]
async fn two_instances_run_independently() {
    let a = PitStop::new(
        canvas(300, 200).into(),
        object(&[("seed", 1.into()), ("speed", 4.into())]),
    )
    .unwrap();
    let mut b = PitStop::new(
        canvas(300, 200).into(),
        object(&[("seed", 2.into()), ("autoplay", false.into())]),
    )
    .unwrap();
    frames(10).await;
    let time = |s: &PitStop| get(&s.stats().unwrap().into(), "timeMs").as_f64().unwrap();
    assert!(time(&a) > 0.0);
    assert_eq!(time(&b), 0.0, "b was not started");
    b.start().unwrap();
    frames(5).await;
    assert!(time(&b) > 0.0);
    b.destroy();
    let before = time(&a);
    frames(5).await;
    assert!(time(&a) > before, "a goes on after b is destroyed");
}

#[wasm_bindgen_test]
async fn faults_are_injected_through_the_api_and_bad_ones_are_named() {
    let stop = PitStop::new(
        canvas(300, 200).into(),
        object(&[("autoplay", false.into())]),
    )
    .unwrap();
    let e = message(stop.inject("meteor".into(), "tire_fl".into()).unwrap_err());
    assert!(
        e.starts_with("PitStop.inject:") && e.contains("\"meteor\""),
        "{e}"
    );
    let e = message(
        stop.inject("gun_failure".into(), "nobody".into())
            .unwrap_err(),
    );
    assert!(e.contains("\"nobody\""), "{e}");
    let e = message(
        stop.inject("slow_jack".into(), "tire_fl".into())
            .unwrap_err(),
    );
    assert!(e.contains("cannot strike"), "{e}");
    let e = message(stop.inject("gun_failure".into(), 3.into()).unwrap_err());
    assert!(e.contains("actorId"), "{e}");
    // A real one: the tire changer fails, is restarted, and the stop still ends released.
    stop.inject("gun_failure".into(), "tire_rl".into()).unwrap();
    stop.seek(20_000.into()).unwrap();
    frames(1).await;
    let log = stop.export_log().unwrap();
    assert!(log.contains(r#""kind":"fault","actor":"tire_rl","fault":"gun_failure""#));
    assert!(log.contains(r#""kind":"restart","actor":"tire_rl""#));
    assert!(log.contains(r#""state":"released""#));
    let state = get(&stop.stats().unwrap().into(), "state");
    assert_eq!(state.as_string().as_deref(), Some("finished"));
    assert_eq!(get(&stop.stats().unwrap().into(), "aborted"), false);
    let e = message(
        stop.inject("stuck_nut".into(), "tire_fl".into())
            .unwrap_err(),
    );
    assert!(e.contains("over"), "a finished stop refuses faults: {e}");
}

/// Four dead wheel guns at one corner and the supervisor gives up: the stop is over, and
/// its stationary time is not a stop's time.
#[wasm_bindgen_test]
async fn an_aborted_stop_says_so_in_its_stats() {
    let stop = PitStop::new(
        canvas(300, 200).into(),
        object(&[("autoplay", false.into())]),
    )
    .unwrap();
    for _ in 0..4 {
        stop.inject("gun_failure".into(), "tire_fl".into()).unwrap();
    }
    stop.seek(20_000.into()).unwrap();
    frames(1).await;
    let stats: JsValue = stop.stats().unwrap().into();
    assert_eq!(
        get(&stats, "state").as_string().as_deref(),
        Some("finished")
    );
    assert_eq!(get(&stats, "aborted"), true);
    assert!(get(&stats, "stationaryMs").as_f64().unwrap() > 0.0);
}

/// A seek back plays the stop again from its start: subscribers hear that it started over
/// before the first line of the new run, so a log view is cleared, not doubled.
#[wasm_bindgen_test]
async fn a_start_over_is_announced_before_the_new_run() {
    use std::cell::RefCell;
    use std::rc::Rc;
    let stop = PitStop::new(
        canvas(300, 200).into(),
        object(&[("autoplay", false.into())]),
    )
    .unwrap();
    let heard: Rc<RefCell<Vec<Option<f64>>>> = Rc::default();
    let h = Rc::clone(&heard);
    let on_line = wasm_bindgen::closure::Closure::<dyn FnMut(JsValue)>::new(move |line| {
        h.borrow_mut().push(get(&line, "seq").as_f64());
    });
    let h = Rc::clone(&heard);
    let on_reset = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
        h.borrow_mut().push(None);
    });
    stop.on_log(on_line.as_ref().clone()).unwrap();
    stop.on_reset(on_reset.as_ref().clone()).unwrap();
    stop.seek(3000.into()).unwrap();
    frames(2).await;
    let first_run = heard.borrow().len();
    assert!(first_run > 3, "lines of the first run");
    assert!(
        heard.borrow().iter().all(Option::is_some),
        "no start-over yet"
    );
    stop.seek(1000.into()).unwrap();
    assert!(
        heard.borrow().iter().all(Option::is_some),
        "told in the next frame, not inside seek()"
    );
    frames(2).await;
    {
        let heard = heard.borrow();
        assert_eq!(heard[first_run], None, "the start-over comes first");
        assert_eq!(heard.iter().filter(|h| h.is_none()).count(), 1);
        let (before, after) = (heard[first_run - 1].unwrap(), heard[first_run + 1].unwrap());
        assert!(
            after < before,
            "the new run's lines begin again: {after} after {before}"
        );
    }
    // A loaded log is a new run too, and so is a restart.
    let resets = || heard.borrow().iter().filter(|h| h.is_none()).count();
    stop.load_log(stop.export_log().unwrap().into()).unwrap();
    frames(2).await;
    assert_eq!(resets(), 2);
    stop.restart(JsValue::UNDEFINED).unwrap();
    frames(2).await;
    assert_eq!(resets(), 3);
}

/// A step back shows one handling fewer, paused, and is a start-over for subscribers; before
/// the first handling there is nothing to go back to.
#[wasm_bindgen_test]
async fn a_step_back_shows_one_handling_fewer() {
    use std::cell::Cell;
    use std::rc::Rc;
    let stop = PitStop::new(
        canvas(300, 200).into(),
        object(&[("autoplay", false.into())]),
    )
    .unwrap();
    let handled = || get(&stop.stats().unwrap().into(), "messagesHandled").as_f64();
    assert!(!stop.step_back().unwrap(), "nothing handled yet");
    for _ in 0..5 {
        assert!(stop.step().unwrap());
    }
    assert_eq!(handled(), Some(5.0));
    let resets = Rc::new(Cell::new(0));
    let r = Rc::clone(&resets);
    let on_reset = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || r.set(r.get() + 1));
    stop.on_reset(on_reset.as_ref().clone()).unwrap();
    frames(1).await;
    assert!(stop.step_back().unwrap());
    assert_eq!(handled(), Some(4.0));
    let state = get(&stop.stats().unwrap().into(), "state");
    assert_eq!(state.as_string().as_deref(), Some("paused"));
    frames(2).await;
    assert_eq!(resets.get(), 1, "subscribers hear the start-over");
}

/// A run changed with `inject`, then taken back, says so in its stats: it replays its
/// recording, which `inject` cannot change, until a restart.
#[wasm_bindgen_test]
fn a_changed_run_taken_back_says_it_is_rewound() {
    let stop = PitStop::new(
        canvas(300, 200).into(),
        object(&[("autoplay", false.into())]),
    )
    .unwrap();
    let rewound = |s: &PitStop| get(&s.stats().unwrap().into(), "rewound").as_bool();
    assert_eq!(rewound(&stop), Some(false));
    stop.inject("gun_failure".into(), "tire_rl".into()).unwrap();
    stop.seek(2000.into()).unwrap();
    assert_eq!(rewound(&stop), Some(false), "not taken back yet");
    stop.seek(1000.into()).unwrap();
    assert_eq!(rewound(&stop), Some(true));
    assert!(stop.inject("gun_failure".into(), "tire_rr".into()).is_err());
    stop.restart(JsValue::UNDEFINED).unwrap();
    assert_eq!(rewound(&stop), Some(false), "live again");
}

#[wasm_bindgen_test]
async fn chaos_is_an_option_and_is_checked() {
    let bad = |faults: JsValue| {
        err_of(PitStop::new(
            canvas(300, 200).into(),
            object(&[("faults", faults)]),
        ))
    };
    assert!(bad(object(&[("rate", 2.into())])).contains("faults.rate"));
    assert!(bad(object(&[
        ("rate", 0.2.into()),
        ("kinds", "gun_failure".into())
    ]))
    .contains("faults.kinds"));
    assert!(bad(object(&[("rat", 0.2.into())])).contains("\"rat\""));
    let kinds = js_sys::Array::of1(&"gun_failure".into());
    let stop = PitStop::new(
        canvas(300, 200).into(),
        object(&[
            ("seed", 4.into()),
            (
                "faults",
                object(&[("rate", 1.into()), ("kinds", kinds.into())]),
            ),
        ]),
    )
    .unwrap();
    frames(1).await;
    assert!(stop
        .export_log()
        .unwrap()
        .contains(r#""fault":"gun_failure""#));
}

#[wasm_bindgen_test]
async fn a_log_loads_back_for_an_exact_replay_and_a_bad_one_changes_nothing() {
    // The full crew, loaded into a page showing the seed's crew.
    let live = PitStop::new(
        canvas(300, 200).into(),
        object(&[
            ("autoplay", false.into()),
            ("seed", 9.into()),
            ("crew", "full".into()),
        ]),
    )
    .unwrap();
    live.seek(20_000.into()).unwrap();
    let exported = live.export_log().unwrap();
    let replay = PitStop::new(
        canvas(300, 200).into(),
        object(&[("autoplay", false.into())]),
    )
    .unwrap();
    let before = replay.export_log().unwrap();
    let e = message(replay.load_log("{\"seq\":0}\nnot json".into()).unwrap_err());
    assert!(
        e.starts_with("PitStop.loadLog: line 1: field \"t_ms\" is missing"),
        "{e}"
    );
    assert_eq!(
        replay.export_log().unwrap(),
        before,
        "the current run is untouched"
    );
    replay.load_log(exported.clone().into()).unwrap();
    replay.seek(20_000.into()).unwrap();
    assert_eq!(replay.export_log().unwrap(), exported, "replayed exactly");
    let stats: JsValue = replay.stats().unwrap().into();
    assert_eq!(get(&stats, "replay").as_bool(), Some(true));
    assert!(get(&stats, "seed").is_null(), "a log does not say its seed");
    assert_eq!(
        get(&stats, "crew").as_string().as_deref(),
        Some("full"),
        "its spawns say its crew"
    );
    replay.restart(JsValue::UNDEFINED).unwrap();
    let stats: JsValue = replay.stats().unwrap().into();
    assert_eq!(
        get(&stats, "replay").as_bool(),
        Some(true),
        "restart replays again"
    );
    replay.restart(5.into()).unwrap();
    let stats: JsValue = replay.stats().unwrap().into();
    assert_eq!(
        get(&stats, "replay").as_bool(),
        Some(false),
        "a new seed plays a live stop"
    );
    assert_eq!(get(&stats, "seed").as_f64(), Some(5.0));
    frames(1).await;
}

#[wasm_bindgen_test]
async fn a_canvas_shows_one_instance_at_a_time() {
    let c = canvas(300, 200);
    let mut first = PitStop::new(c.clone().into(), JsValue::UNDEFINED).unwrap();
    // A second one takes the canvas over; the first is destroyed, and says so.
    let mut second = PitStop::new(c.clone().into(), object(&[("speed", 4.into())])).unwrap();
    let e = message(first.stats().unwrap_err());
    assert!(e.contains("destroyed"), "{e}");
    first.destroy(); // harmless, and leaves the second running
    frames(3).await;
    assert!(second.stats().is_ok());
    assert_eq!(c.get_attribute("data-state").as_deref(), Some("running"));
    second.destroy();
    assert_eq!(c.get_attribute("data-state").as_deref(), Some("destroyed"));
}

#[wasm_bindgen_test]
async fn an_instance_runs_until_destroyed_not_until_its_handle_is_dropped() {
    // What happens to mountAll()'s handles when the page throws them away and the collector
    // runs: the Rust side of the handle is dropped.
    let c = canvas(300, 200);
    let stop = PitStop::new(c.clone().into(), object(&[("speed", 4.into())])).unwrap();
    drop(stop);
    frames(3).await;
    assert_eq!(c.get_attribute("data-state").as_deref(), Some("running"));
    let before = web::pixels_hash(&c);
    frames(10).await;
    assert_ne!(web::pixels_hash(&c), before, "still animating");
    // With no handle left to destroy it, a new instance on its canvas takes over.
    let mut again = PitStop::new(c.clone().into(), object(&[("autoplay", false.into())]))
        .expect("the canvas can be mounted again");
    frames(3).await;
    assert_eq!(c.get_attribute("data-state").as_deref(), Some("ready"));
    again.destroy();
}

#[wasm_bindgen_test]
async fn after_a_callback_destroys_the_instance_no_other_callback_hears_of_it() {
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;
    let stop = Rc::new(RefCell::new(Some(
        PitStop::new(canvas(300, 200).into(), object(&[("speed", 4.into())])).unwrap(),
    )));
    let (s, heard_after) = (Rc::clone(&stop), Rc::new(Cell::new(0)));
    let destroyer = wasm_bindgen::closure::Closure::<dyn FnMut(JsValue)>::new(move |_| {
        let taken = s.borrow_mut().take();
        if let Some(mut old) = taken {
            old.destroy();
        }
    });
    let h = Rc::clone(&heard_after);
    let stop_ref = Rc::clone(&stop);
    let listener = wasm_bindgen::closure::Closure::<dyn FnMut(JsValue)>::new(move |_| {
        if stop_ref.borrow().is_none() {
            h.set(h.get() + 1);
        }
    });
    {
        let borrowed = stop.borrow();
        let instance = borrowed.as_ref().unwrap();
        instance.on_event(destroyer.as_ref().clone()).unwrap();
        instance.on_event(listener.as_ref().clone()).unwrap();
    }
    frames(6).await;
    assert!(stop.borrow().is_none(), "the first callback destroyed it");
    assert_eq!(heard_after.get(), 0, "the second heard nothing after that");
    drop((destroyer, listener));
}

#[wasm_bindgen_test]
async fn destroy_from_a_callback_gives_the_canvas_back_at_once() {
    use std::cell::RefCell;
    use std::rc::Rc;
    // A canvas still held would be taken over, which the console reports: count warnings.
    let console = js_sys::Reflect::get(&js_sys::global(), &"console".into()).unwrap();
    let warn = js_sys::Reflect::get(&console, &"warn".into()).unwrap();
    let counting =
        js_sys::Function::new_no_args("globalThis.__warnings = (globalThis.__warnings || 0) + 1;");
    js_sys::Reflect::set(&console, &"warn".into(), &counting).unwrap();
    let warnings = || {
        js_sys::Reflect::get(&js_sys::global(), &"__warnings".into())
            .unwrap()
            .as_f64()
            .unwrap_or(0.0)
    };
    let before = warnings();

    let c = canvas(300, 200);
    let stop = Rc::new(RefCell::new(Some(
        PitStop::new(c.clone().into(), object(&[("speed", 4.into())])).unwrap(),
    )));
    let remounted: Rc<RefCell<Option<PitStop>>> = Rc::default();
    let (s, r, again) = (Rc::clone(&stop), Rc::clone(&remounted), c.clone());
    let callback = wasm_bindgen::closure::Closure::<dyn FnMut(JsValue)>::new(move |_| {
        let old = s.borrow_mut().take();
        if let Some(mut old) = old {
            old.destroy();
            *r.borrow_mut() = Some(PitStop::new(again.clone().into(), JsValue::UNDEFINED).unwrap());
        }
    });
    let subscribed = stop
        .borrow()
        .as_ref()
        .unwrap()
        .on_event(callback.as_ref().clone());
    subscribed.unwrap();
    frames(5).await;
    let taken_over = warnings() - before;
    js_sys::Reflect::set(&console, &"warn".into(), &warn).unwrap();
    let mut new = remounted.borrow_mut().take().expect("the callback ran");
    assert_eq!(taken_over, 0.0, "the canvas was free again, not taken over");
    frames(2).await;
    assert_eq!(c.get_attribute("data-state").as_deref(), Some("running"));
    new.destroy();
    drop(callback);
}

#[wasm_bindgen_test]
async fn a_canvas_off_the_page_pauses_its_instance() {
    let c = canvas(300, 200);
    let stop = PitStop::new(c.clone().into(), object(&[("speed", 4.into())])).unwrap();
    let time = |s: &PitStop| get(&s.stats().unwrap().into(), "timeMs").as_f64().unwrap();
    frames(3).await;
    c.remove();
    frames(1).await;
    let off = time(&stop);
    assert!(off > 0.0);
    frames(5).await;
    assert_eq!(time(&stop), off, "nothing runs off the page");
    web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .body()
        .unwrap()
        .append_child(&c)
        .unwrap();
    frames(5).await;
    assert!(time(&stop) > off, "it goes on when it is back");
}

#[wasm_bindgen_test]
fn a_canvas_with_no_size_is_given_one() {
    let document = web_sys::window().unwrap().document().unwrap();
    let bare: web_sys::HtmlCanvasElement = document
        .create_element("canvas")
        .unwrap()
        .dyn_into()
        .unwrap();
    document.body().unwrap().append_child(&bare).unwrap();
    let mut stop = PitStop::new(bare.clone().into(), JsValue::UNDEFINED).unwrap();
    let style = bare.style();
    assert_eq!(style.get_property_value("width").unwrap(), "100%");
    assert!(bare.client_width() > 300, "as wide as the page");
    stop.destroy();
    // A canvas the page has sized keeps its size.
    let sized = canvas(320, 240);
    let mut stop = PitStop::new(sized.clone().into(), JsValue::UNDEFINED).unwrap();
    assert_eq!(sized.style().get_property_value("width").unwrap(), "320px");
    stop.destroy();
}

/// A screen reader does not pass over a canvas nobody named: it is a picture with a name,
/// until it is given back. An author's own name, or fallback content, is theirs.
#[wasm_bindgen_test]
fn an_unnamed_canvas_is_given_a_role_and_a_name() {
    let unnamed = canvas(320, 240);
    let mut stop = PitStop::new(unnamed.clone().into(), JsValue::UNDEFINED).unwrap();
    assert_eq!(unnamed.get_attribute("role").as_deref(), Some("img"));
    let name = unnamed.get_attribute("aria-label").unwrap_or_default();
    assert!(name.contains("pit stop"), "named {name:?}");
    stop.destroy();
    assert_eq!(unnamed.get_attribute("role"), None, "given back as it came");
    assert_eq!(unnamed.get_attribute("aria-label"), None);

    let with_fallback = canvas(320, 240);
    with_fallback.set_text_content(Some("A pit stop, described in words for you"));
    let mut stop = PitStop::new(with_fallback.clone().into(), JsValue::UNDEFINED).unwrap();
    assert_eq!(
        with_fallback.get_attribute("role"),
        None,
        "role=img would hide it"
    );
    stop.destroy();

    let named = canvas(320, 240);
    named.set_attribute("aria-label", "Our pit stop").unwrap();
    let mut stop = PitStop::new(named.clone().into(), JsValue::UNDEFINED).unwrap();
    assert_eq!(
        named.get_attribute("aria-label").as_deref(),
        Some("Our pit stop")
    );
    assert_eq!(
        named.get_attribute("role"),
        None,
        "its role is the author's to choose"
    );
    stop.destroy();
}

#[wasm_bindgen_test]
fn an_unsubscribe_can_be_called_twice() {
    let stop = PitStop::new(canvas(300, 200).into(), JsValue::UNDEFINED).unwrap();
    for off in [
        stop.on_event(js_sys::Function::new_no_args("").into())
            .unwrap(),
        stop.on_log(js_sys::Function::new_no_args("").into())
            .unwrap(),
    ] {
        off.call0(&JsValue::NULL).unwrap();
        off.call0(&JsValue::NULL)
            .expect("a second call is harmless");
    }
}

#[wasm_bindgen_test]
fn actor_at_reads_the_canvas_as_laid_out_and_checks_its_arguments() {
    let stop = PitStop::new(
        canvas(800, 467).into(),
        object(&[("autoplay", false.into())]),
    )
    .unwrap();
    // Before any frame has fitted the canvas to its layout.
    assert!(
        stop.actor_at(1.into(), 1.into()).unwrap().is_null(),
        "nothing in the corner"
    );
    let hits = (0..40)
        .flat_map(|i| (0..24).map(move |j| (f64::from(i) * 20.0, f64::from(j) * 20.0)))
        .filter(|(x, y)| stop.actor_at((*x).into(), (*y).into()).unwrap().is_string())
        .count();
    assert!(hits > 0, "the crew is found where it is drawn");
    for (x, y) in [
        (JsValue::from("a"), JsValue::from("b")),
        (JsValue::from(f64::NAN), JsValue::from(1)),
        (JsValue::UNDEFINED, JsValue::UNDEFINED),
    ] {
        let e = message(stop.actor_at(x, y).unwrap_err());
        assert!(
            e.starts_with("PitStop.actorAt: actorAt(x, y) needs two numbers"),
            "{e}"
        );
    }
}

/// A message in flight is found where its label is drawn (its id, which `highlight`
/// takes); nowhere else; bad coordinates are named.
#[wasm_bindgen_test]
fn message_at_finds_a_message_in_flight_and_checks_its_arguments() {
    let stop = PitStop::new(
        canvas(800, 467).into(),
        object(&[("autoplay", false.into())]),
    )
    .unwrap();
    // Mid-stop: the race engineer's four change_tire orders are in the air.
    stop.seek(1728.into()).unwrap();
    let found: Vec<f64> = (0..80)
        .flat_map(|i| (0..47).map(move |j| (f64::from(i) * 10.0, f64::from(j) * 10.0)))
        .filter_map(|(x, y)| stop.message_at(x.into(), y.into()).unwrap().as_f64())
        .collect();
    assert!(!found.is_empty(), "labels in flight are found");
    assert!(
        stop.highlight(found[0].into()).is_ok(),
        "by an id highlight takes"
    );
    assert!(stop.message_at(1.into(), 1.into()).unwrap().is_null());
    let e = message(stop.message_at("a".into(), 1.into()).unwrap_err());
    assert!(
        e.starts_with("PitStop.messageAt: messageAt(x, y) needs two numbers"),
        "{e}"
    );
}

#[wasm_bindgen_test]
fn only_a_message_that_was_sent_can_be_highlighted() {
    let stop = PitStop::new(
        canvas(300, 200).into(),
        object(&[("autoplay", false.into())]),
    )
    .unwrap();
    let e = message(stop.highlight(99_999.into()).unwrap_err());
    assert!(e.contains("no message 99999 has been sent yet"), "{e}");
    stop.seek(3_000.into()).unwrap();
    stop.highlight(0.into()).unwrap();
    stop.highlight(JsValue::NULL).unwrap();
}

#[wasm_bindgen_test]
async fn destroy_from_inside_a_callback_is_safe() {
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;
    let c = canvas(300, 200);
    let stop = Rc::new(RefCell::new(Some(
        PitStop::new(c.clone().into(), object(&[("speed", 4.into())])).unwrap(),
    )));
    let calls = Rc::new(std::cell::Cell::new(0));
    let (inside, count) = (Rc::clone(&stop), Rc::clone(&calls));
    let callback = Closure::<dyn FnMut(JsValue)>::new(move |_event: JsValue| {
        count.set(count.get() + 1);
        // The first event tears the instance down, from inside its own frame.
        if let Some(mut s) = inside.borrow_mut().take() {
            s.destroy();
        }
    });
    let unsubscribe = stop
        .borrow()
        .as_ref()
        .unwrap()
        .on_event(callback.as_ref().clone())
        .unwrap();
    callback.forget();
    frames(5).await;
    assert!(stop.borrow().is_none(), "destroyed from the callback");
    let after = calls.get();
    c.set_attribute("data-state", "untouched").unwrap();
    frames(5).await;
    assert_eq!(
        c.get_attribute("data-state").as_deref(),
        Some("untouched"),
        "no frame ran again"
    );
    // The rest of that frame's events may still have been delivered; nothing after it.
    assert_eq!(calls.get(), after);
    let _ = unsubscribe.call0(&JsValue::NULL); // unsubscribing a destroyed instance is harmless
}

/// A learner (or a tutorial's buttons) calls anything in any order: five hundred random
/// calls, good and bad arguments mixed, with frames between some of them. None may panic (a
/// panic kills the whole wasm instance, and every later call would fail), and the instance
/// still answers and draws after.
#[wasm_bindgen_test]
async fn random_calls_in_any_order_never_break_the_instance() {
    let c = canvas(360, 210);
    let stop = PitStop::new(
        c.clone().into(),
        object(&[("speed", 4.into()), ("crew", "full".into())]),
    )
    .unwrap();
    // A fixed seed: the same calls every run.
    let mut state: u64 = 0x5eed_cafe;
    let mut next = move |n: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % n
    };
    let numbers = [
        -1.0,
        0.0,
        0.05,
        0.5,
        1.0,
        3.5,
        4.0,
        1e9,
        f64::NAN,
        2500.0,
        17.0,
    ];
    let faults = [
        "gun_failure",
        "stuck_nut",
        "lost_message",
        "slow_jack",
        "early_release",
        "x",
    ];
    let actors = [
        "tire_rl",
        "tire_fl.gunner",
        "jack_front",
        "car",
        "race_engineer",
        "nobody",
    ];
    let mut log = stop.export_log().unwrap();
    for _ in 0..500 {
        let number = JsValue::from(numbers[next(numbers.len() as u64) as usize]);
        // Errors are expected for the bad arguments; only a panic would be a failure.
        let _ = match next(14) {
            0 => stop.start(),
            1 => stop.pause(),
            2 => stop.resume(),
            3 if next(3) == 0 => stop.step_back().map(|_| ()),
            3 => stop.step().map(|_| ()),
            4 => stop.restart(if next(2) == 0 {
                JsValue::UNDEFINED
            } else {
                number
            }),
            5 => stop.set_speed(number),
            6 => stop.seek(number),
            7 => stop.inject(
                faults[next(faults.len() as u64) as usize].into(),
                actors[next(actors.len() as u64) as usize].into(),
            ),
            8 => stop.highlight(if next(2) == 0 { JsValue::NULL } else { number }),
            9 if next(2) == 0 => stop.message_at(number.clone(), number).map(|_| ()),
            9 => stop.actor_at(number.clone(), number).map(|_| ()),
            10 => stop.export_log().map(|text| log = text),
            11 => {
                // The last export, whole, cut short, or nothing like a log.
                let text = match next(3) {
                    0 => log.clone(),
                    1 => log.chars().take(log.len() / 3).collect(),
                    _ => "{\"seq\":0}\nnot json".to_string(),
                };
                stop.load_log(text.into())
            }
            12 => stop.stats().map(|_| ()),
            _ => {
                frames(1).await;
                Ok(())
            }
        };
    }
    frames(2).await;
    let stats: JsValue = stop.stats().expect("still alive").into();
    assert!(get(&stats, "timeMs").as_f64().is_some());
    assert_eq!(c.get_attribute("data-status").as_deref(), Some("drawn"));
    stop.restart(JsValue::UNDEFINED).unwrap();
    frames(3).await;
    assert!(
        get(&stop.stats().unwrap().into(), "timeMs")
            .as_f64()
            .unwrap()
            > 0.0
    );
}
