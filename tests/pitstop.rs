//! The pit-stop crew over thousands of seeds: safe, timed like real stops, deterministic.

use std::time::Duration;

mod support;

use pitstop::jsonl::to_json_lines;
use pitstop::names_table::NameTable;
use pitstop::pitstop::story::tell_all;
use pitstop::pitstop::{simulate, Corner, CrewKind, Pace, StopPlan, Timing};
use pitstop::runtime::{Event, EventKind};
use support::{every_message_ends_once, release_is_safe, Timeline};

fn plan(seed: u64, crew: CrewKind) -> std::rc::Rc<StopPlan> {
    StopPlan {
        seed,
        crew,
        ..StopPlan::default()
    }
    .validated()
    .expect("valid plan")
}

/// Checks every safety and liveness property of one stop; returns its stationary time.
fn check_stop(seed: u64, crew: CrewKind, events: &[Event]) -> Duration {
    let tl = Timeline::of(events);
    let ctx = |what: &str| format!("seed {seed}, {crew:?} crew: {what}");

    // Every stop completes: the car left, and everything stopped.
    let stopped = tl
        .at("car", "stopped")
        .unwrap_or_else(|| panic!("{}", ctx("car never stopped")));
    let released = tl
        .at("car", "released")
        .unwrap_or_else(|| panic!("{}", ctx("never released")));
    assert!(tl.at("car", "gone").is_some(), "{}", ctx("car never left"));

    // Never a release with a wheel unsecured or a jack up, and both FIA gaps hold.
    for corner in Corner::ALL {
        assert!(
            tl.at(corner.actor(), "done").is_some(),
            "{}",
            ctx("a wheel never done")
        );
    }
    release_is_safe(&tl, released).unwrap_or_else(|e| panic!("{}", ctx(&e)));

    // No wheel work while the car is down: each wheel starts after its jack is up, and ends
    // before that jack starts lowering.
    for corner in Corner::ALL {
        let jack = corner.end().actor();
        let raised = tl.at(jack, "raised").expect("jack raised");
        let lowering = tl.at(jack, "lowering").expect("jack lowering");
        let start = tl.at(corner.actor(), "changing").expect("change started");
        let done = tl.at(corner.actor(), "done").expect("change done");
        assert!(
            start >= raised,
            "{}",
            ctx("wheel work before the jack was up")
        );
        assert!(
            done <= lowering,
            "{}",
            ctx("jack dropped during wheel work")
        );
    }

    // Every sent message is handled or dead-lettered exactly once; none is unhandled, and
    // nothing times out, in a clean stop.
    every_message_ends_once(events).unwrap_or_else(|e| panic!("{}", ctx(&e)));
    for e in events {
        match &e.kind {
            EventKind::Unhandled { msg, .. } => {
                panic!("{}", ctx(&format!("unhandled {}", msg.name)))
            }
            EventKind::Timeout { .. } | EventKind::Fault { .. } => {
                panic!("{}", ctx("a timeout or a fault in a clean stop"))
            }
            _ => {}
        }
    }

    // seq strictly increasing, time never going back.
    assert!(events
        .windows(2)
        .all(|w| w[1].seq > w[0].seq && w[1].time >= w[0].time));

    released - stopped
}

#[test]
fn ten_thousand_seeds_of_the_seed_crew_are_safe_and_complete() {
    let mut times = Vec::new();
    for seed in 0..10_000 {
        let events = simulate(&plan(seed, CrewKind::Seed));
        times.push(check_stop(seed, CrewKind::Seed, &events));
    }
    // Timed like real stops: a good stop is about 2.0-2.5 s; none beats the 1.80 s record.
    let ms: Vec<f64> = times.iter().map(|d| d.as_secs_f64() * 1000.0).collect();
    let mean = ms.iter().sum::<f64>() / ms.len() as f64;
    let (min, max) = ms
        .iter()
        .fold((f64::MAX, 0.0f64), |(lo, hi), t| (lo.min(*t), hi.max(*t)));
    assert!(
        (2000.0..=2400.0).contains(&mean),
        "mean stationary time {mean} ms"
    );
    assert!(min > 1800.0, "faster than the world record: {min} ms");
    assert!(max < 2600.0, "slowest clean stop {max} ms");
}

#[test]
fn thousands_of_full_crew_stops_are_safe_and_complete() {
    for seed in 0..3_000 {
        let events = simulate(&plan(seed, CrewKind::Full));
        check_stop(seed, CrewKind::Full, &events);
    }
}

#[test]
fn the_full_crew_creates_its_sub_crew_as_children_when_told_to_prepare() {
    let events = simulate(&plan(7, CrewKind::Full));
    let mut names = NameTable::default();
    let mut children = Vec::new();
    for e in &events {
        names.observe(e);
        if let EventKind::Spawn {
            actor,
            parent: Some(parent),
            ..
        } = &e.kind
        {
            if names.name(*parent).starts_with("tire_") {
                children.push(format!("{}<-{}", names.name(*actor), names.name(*parent)));
            }
        }
    }
    assert_eq!(children.len(), 12, "{children:?}");
    assert!(children.contains(&"tire_fl.gunner<-tire_fl".to_string()));
    assert!(children.contains(&"tire_rr.tire_on<-tire_rr".to_string()));
}

#[test]
fn the_same_seed_gives_the_same_log_byte_for_byte() {
    for crew in [CrewKind::Seed, CrewKind::Full] {
        for seed in [0, 1, 42, u64::MAX] {
            let a = to_json_lines(&simulate(&plan(seed, crew)));
            let b = to_json_lines(&simulate(&plan(seed, crew)));
            assert_eq!(a, b);
        }
    }
    let a = to_json_lines(&simulate(&plan(1, CrewKind::Seed)));
    let b = to_json_lines(&simulate(&plan(2, CrewKind::Seed)));
    assert_ne!(a, b, "different seeds, different stops");
}

#[test]
fn the_human_log_has_the_seeds_lines_in_the_seeds_order() {
    let story = tell_all(&simulate(&plan(1, CrewKind::Seed)));
    let texts: Vec<&str> = story
        .lines()
        .map(|l| l.split_once(" - ").unwrap().1)
        .collect();
    let seed_lines: Vec<&str> = texts
        .iter()
        .copied()
        .filter(|t| {
            t.starts_with("Car entering")
                || t.starts_with("Starting tire change")
                || t.starts_with("Completed tire change")
                || t.starts_with("All tire changes complete")
        })
        .collect();
    assert_eq!(seed_lines.len(), 10, "{story}");
    assert_eq!(seed_lines[0], "Car entering pit lane");
    for line in &seed_lines[1..5] {
        assert!(line.starts_with("Starting tire change at "), "{story}");
    }
    for line in &seed_lines[5..9] {
        assert!(line.starts_with("Completed tire change at "), "{story}");
    }
    assert_eq!(
        seed_lines[9],
        "All tire changes complete - Car clear to exit"
    );
    for corner in Corner::ALL {
        let label = corner.label();
        assert!(seed_lines.contains(&format!("Starting tire change at {label}").as_str()));
        assert!(seed_lines.contains(&format!("Completed tire change at {label}").as_str()));
    }
    // Plus the jacks, the release and the stationary time.
    assert!(texts.iter().any(|t| t.starts_with("Front jack up")));
    assert!(texts.iter().any(|t| t.starts_with("Rear jack down")));
    assert!(texts.iter().any(|t| t.starts_with("Stationary time 2.")));
    // Timestamps: mm:ss.mmm.
    assert!(
        story.starts_with("00:00.000 - Car entering pit lane\n"),
        "{story}"
    );
}

/// Compares `actual` with a file under tests/golden; `UPDATE_GOLDEN=1` rewrites the file
/// (after a deliberate change to timing or protocol; review the diff).
fn golden(file: &str, actual: &str) {
    let path = format!("{}/tests/golden/{file}", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).expect("write golden file");
    }
    let expected = std::fs::read_to_string(&path).expect("golden file present");
    assert!(
        expected == actual,
        "{file} differs from the run; if the change is deliberate, run with UPDATE_GOLDEN=1"
    );
}

#[test]
fn golden_logs_of_seed_one() {
    golden(
        "seed1_story.txt",
        &tell_all(&simulate(&plan(1, CrewKind::Seed))),
    );
    golden(
        "seed1_full.jsonl",
        &to_json_lines(&simulate(&plan(1, CrewKind::Full))),
    );
}

#[test]
fn paces_order_the_stationary_time() {
    let stationary = |pace: Pace| {
        let plan = StopPlan {
            seed: 5,
            timing: Timing::preset(pace),
            ..StopPlan::default()
        }
        .validated()
        .unwrap();
        let tl = Timeline::of(&simulate(&plan));
        tl.at("car", "released").unwrap() - tl.at("car", "stopped").unwrap()
    };
    let (fast, good, slow) = (
        stationary(Pace::Fast),
        stationary(Pace::Good),
        stationary(Pace::Slow),
    );
    assert!(fast < good && good < slow, "{fast:?} {good:?} {slow:?}");
}

#[test]
fn bad_plans_are_rejected_naming_the_field() {
    let mut plan = StopPlan::default();
    plan.timing.lift.mean_ms = f64::NAN;
    assert!(plan
        .validated()
        .unwrap_err()
        .to_string()
        .starts_with("timing.lift.mean_ms"));
    assert!(StopPlan::latency_from_ms(-1.0)
        .unwrap_err()
        .to_string()
        .starts_with("latency"));
    assert!(StopPlan::latency_from_ms(f64::INFINITY).is_err());
    assert_eq!(
        StopPlan::latency_from_ms(12.5).unwrap(),
        Duration::from_micros(12_500)
    );
}
