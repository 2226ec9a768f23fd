//! Faults, supervision and recovery over thousands of seeds: whatever breaks, the stop ends
//! (released or aborted), never releases the car unsafely, never acts on a reply twice, and
//! the same seed with the same faults gives the same log.

mod support;

use std::collections::HashMap;
use std::rc::Rc;

use pitstop::jsonl::to_json_lines;
use pitstop::names_table::NameTable;
use pitstop::pitstop::story::tell_all;
use pitstop::pitstop::{
    simulate, spawn_stop, Chaos, Corner, CrewKind, FaultKind, StopPlan, STOP_HORIZON,
};
use pitstop::rng::Rng;
use pitstop::runtime::{Config, Event, EventKind, Recorder, System, Time, Unlimited};
use support::{every_message_ends_once, release_is_safe, Timeline};

/// Every actor a fault can be aimed at, by crew.
fn actors(crew: CrewKind) -> Vec<String> {
    let mut all: Vec<String> = ["race_engineer", "car", "jack_front", "jack_rear"]
        .map(String::from)
        .to_vec();
    for c in Corner::ALL {
        all.push(c.actor().into());
        if crew == CrewKind::Full {
            all.push(format!("{}.gunner", c.actor()));
        }
    }
    all
}

/// A stop with faults injected at given virtual times (0 = armed from the start).
fn run(plan: &Rc<StopPlan>, injections: &[(u64, FaultKind, String)]) -> (Vec<Event>, bool) {
    let system = System::new(Config {
        latency: plan.latency,
    });
    let recorder = Recorder::attach(system.events());
    let stop = spawn_stop(&system, plan);
    system.advance(Time::ZERO, &mut Unlimited);
    stop.arm_planned(&system, plan);
    let mut injections = injections.to_vec();
    injections.sort_by_key(|(t, _, _)| *t);
    for (t, kind, actor) in &injections {
        system.advance(Time::from_millis(*t), &mut Unlimited);
        // Refused injections (an actor that has stopped, or not yet been created) are part
        // of the game: they change nothing.
        let _ = stop.inject(&system, plan, *kind, actor);
    }
    let quiet = system.run_until_quiet(STOP_HORIZON);
    (recorder.take(), quiet)
}

/// Checks every property of one faulty stop.
fn check(what: &str, plan: &StopPlan, events: &[Event], quiet: bool) {
    let ctx = |problem: &str| format!("{what}: {problem}");
    // Every stop ends, within a bounded virtual time.
    assert!(quiet, "{}", ctx("never went quiet"));
    let end = events.last().map_or(Time::ZERO, |e| e.time);
    assert!(
        end < Time::from_millis(60_000),
        "{}",
        ctx("took over a minute")
    );

    let tl = Timeline::of(events);
    match tl.at("car", "released") {
        Some(released) => {
            // Never a release with a wheel unsecured or a jack up, and both FIA gaps hold.
            release_is_safe(&tl, released).unwrap_or_else(|e| panic!("{}", ctx(&e)));
        }
        None => {
            let aborted = tl.final_state("race_engineer") == Some("aborted")
                || tl.final_state("car") == Some("aborted");
            assert!(aborted, "{}", ctx("neither released nor aborted"));
        }
    }

    // No wheel work while that end of the car is down.
    for corner in Corner::ALL {
        let jack = corner.end().actor();
        for (actor, states) in &tl.states {
            if actor != corner.actor() && !actor.starts_with(&format!("{}.", corner.actor())) {
                continue;
            }
            for (t, s) in states {
                if matches!(
                    *s,
                    "changing"
                        | "nut_off"
                        | "wheel_off"
                        | "wheel_on"
                        | "loosening"
                        | "removing"
                        | "fitting"
                        | "tightening"
                ) {
                    assert_eq!(
                        tl.state_at(jack, *t),
                        Some("raised"),
                        "{}",
                        ctx(&format!("{actor} {s} at {t} with the car down"))
                    );
                }
            }
        }
    }

    every_message_ends_once(events).unwrap_or_else(|e| panic!("{}", ctx(&e)));

    // Restarts never exceed the intensity limit: no more than max within any window, per
    // supervisor.
    let mut names = NameTable::default();
    let mut parents: HashMap<u32, Option<u32>> = HashMap::new();
    let mut restarts: HashMap<Option<u32>, Vec<Time>> = HashMap::new();
    for e in events {
        names.observe(e);
        match &e.kind {
            EventKind::Spawn { actor, parent, .. } => {
                parents.insert(actor.0, parent.map(|p| p.0));
            }
            EventKind::Restart { actor, .. } => {
                restarts.entry(parents[&actor.0]).or_default().push(e.time);
            }
            _ => {}
        }
    }
    for times in restarts.values() {
        for (i, t) in times.iter().enumerate() {
            let in_window = times[i..]
                .iter()
                .take_while(|u| **u - *t < plan.restart_window)
                .count();
            assert!(
                in_window as u32 <= plan.max_restarts,
                "{}",
                ctx("restart intensity exceeded")
            );
        }
    }
}

fn plan(
    seed: u64,
    crew: CrewKind,
    faults: Vec<(FaultKind, String)>,
    chaos: Option<f64>,
) -> Rc<StopPlan> {
    StopPlan {
        seed,
        crew,
        faults,
        chaos: chaos.map(|r| Chaos::new(r).unwrap()),
        ..StopPlan::default()
    }
    .validated()
    .unwrap()
}

#[test]
fn every_single_fault_at_every_actor_ends_safely() {
    for crew in [CrewKind::Seed, CrewKind::Full] {
        for actor in actors(crew) {
            for kind in FaultKind::ALL {
                for seed in 0..5 {
                    for at in [0, 1500, 1800, 2300, 3200] {
                        let plan = plan(seed, crew, Vec::new(), None);
                        let (events, quiet) = run(&plan, &[(at, kind, actor.clone())]);
                        let what =
                            format!("seed {seed} {crew:?} {} at {actor} at {at} ms", kind.name());
                        check(&what, &plan, &events, quiet);
                    }
                }
            }
        }
    }
}

#[test]
fn ten_thousand_seeds_with_random_fault_mixes_end_safely() {
    let mut aborted = 0;
    let mut released = 0;
    for seed in 0..10_000u64 {
        let mut rng = Rng::derive(seed, "test mix");
        let crew = if rng.chance(0.3) {
            CrewKind::Full
        } else {
            CrewKind::Seed
        };
        let all = actors(crew);
        let mut injections = Vec::new();
        for _ in 0..rng.below(5) {
            let kind = FaultKind::ALL[rng.below(5) as usize];
            let actor = all[rng.below(all.len() as u64) as usize].clone();
            injections.push((rng.below(4000), kind, actor));
        }
        let chaos = rng.chance(0.3).then(|| rng.unit() * 0.5);
        let plan = plan(seed, crew, Vec::new(), chaos);
        let (events, quiet) = run(&plan, &injections);
        check(
            &format!("seed {seed} {injections:?} chaos {chaos:?}"),
            &plan,
            &events,
            quiet,
        );
        if Timeline::of(&events).at("car", "released").is_some() {
            released += 1;
        } else {
            aborted += 1;
        }
    }
    // Recovery is the rule, abort the exception.
    assert!(
        released > 9 * aborted,
        "released {released}, aborted {aborted}"
    );
}

#[test]
fn a_gun_failure_is_restarted_and_the_wheel_still_gets_changed() {
    let plan = plan(
        1,
        CrewKind::Seed,
        vec![(FaultKind::GunFailure, "tire_rl".into())],
        None,
    );
    let events = simulate(&plan);
    let tl = Timeline::of(&events);
    assert!(tl.at("car", "released").is_some(), "the stop goes on");
    let story = tell_all(&events);
    assert!(story.contains("Rear Left's wheel gun failed"), "{story}");
    assert!(
        story.contains("race engineer restarts Rear Left (restart 1 of 3)"),
        "{story}"
    );
    assert!(
        events
            .iter()
            .any(|e| matches!(&e.kind, EventKind::Restart { count: 1, .. })),
        "a restart event"
    );
}

#[test]
fn too_many_failures_escalate_to_an_abort_with_the_car_on_its_jacks() {
    let faults = (0..4)
        .map(|_| (FaultKind::GunFailure, "tire_fr".to_string()))
        .collect();
    let plan = plan(1, CrewKind::Seed, faults, None);
    let events = simulate(&plan);
    let tl = Timeline::of(&events);
    assert_eq!(tl.final_state("race_engineer"), Some("aborted"));
    assert_eq!(tl.at("car", "released"), None, "never released");
    assert_eq!(
        tl.final_state("jack_front"),
        Some("raised"),
        "the car stays up"
    );
    assert!(
        tell_all(&events).contains("Stop aborted"),
        "{}",
        tell_all(&events)
    );
}

#[test]
fn a_lost_reply_times_out_and_is_asked_again_and_a_late_reply_is_ignored() {
    let plan = plan(
        3,
        CrewKind::Seed,
        vec![(FaultKind::LostMessage, "jack_rear".into())],
        None,
    );
    let events = simulate(&plan);
    let timeouts = events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Timeout { .. }))
        .count();
    assert_eq!(timeouts, 1, "the lost prepare times out once");
    assert!(events.iter().any(|e| matches!(
        &e.kind,
        EventKind::Fault {
            fault: "lost_message",
            msg: Some(_),
            ..
        }
    )));
    assert!(Timeline::of(&events).at("car", "released").is_some());
    // A slow jack makes its answer late: the engineer asks again, and acts once.
    let slow = plan_with(5, FaultKind::SlowJack, "jack_front");
    let events = simulate(&slow);
    let tl = Timeline::of(&events);
    assert!(tl.at("car", "released").is_some());
    let lifts = events
        .iter()
        .filter(|e| matches!(&e.kind, EventKind::Send { msg, .. } if msg.name == "change_tire"))
        .count();
    assert_eq!(
        lifts, 4,
        "each wheel is ordered once, however the answers came"
    );
}

fn plan_with(seed: u64, kind: FaultKind, actor: &str) -> Rc<StopPlan> {
    plan(seed, CrewKind::Seed, vec![(kind, actor.into())], None)
}

#[test]
fn an_early_release_is_refused_visibly_and_the_stop_goes_on() {
    let events = simulate(&plan_with(1, FaultKind::EarlyRelease, "car"));
    let holds: Vec<_> = events
        .iter()
        .filter(|e| matches!(&e.kind, EventKind::Send { msg, .. } if msg.name == "may_i_go"))
        .collect();
    assert_eq!(holds.len(), 1, "the car asks");
    let tl = Timeline::of(&events);
    let released = tl.at("car", "released").expect("released in the end");
    assert!(released > holds[0].time);
    assert!(
        tell_all(&events).contains("holds the car"),
        "{}",
        tell_all(&events)
    );
}

#[test]
fn a_stuck_nut_takes_several_times_longer() {
    let clean = Timeline::of(&simulate(&plan(2, CrewKind::Seed, Vec::new(), None)));
    let stuck = Timeline::of(&simulate(&plan_with(2, FaultKind::StuckNut, "tire_fl")));
    let took = |tl: &Timeline| {
        tl.at("tire_fl", "nut_off").unwrap() - tl.at("tire_fl", "changing").unwrap()
    };
    assert!(
        took(&stuck) >= took(&clean) * 4,
        "{:?} vs {:?}",
        took(&stuck),
        took(&clean)
    );
}

#[test]
fn same_seed_and_faults_give_the_same_log_byte_for_byte() {
    for seed in 0..50 {
        let plan = plan(
            seed,
            CrewKind::Full,
            vec![(FaultKind::GunFailure, "tire_fl".into())],
            Some(0.3),
        );
        let a = to_json_lines(&run(&plan, &[(1900, FaultKind::LostMessage, "tire_rr".into())]).0);
        let b = to_json_lines(&run(&plan, &[(1900, FaultKind::LostMessage, "tire_rr".into())]).0);
        assert_eq!(a, b);
    }
}

#[test]
fn injection_is_refused_by_argument_and_changes_nothing() {
    let plan = plan(1, CrewKind::Seed, Vec::new(), None);
    let system = System::new(Config {
        latency: plan.latency,
    });
    let stop = spawn_stop(&system, &plan);
    system.advance(Time::ZERO, &mut Unlimited);
    let before = system.stats();
    let e = stop
        .inject(&system, &plan, FaultKind::StuckNut, "nobody")
        .unwrap_err();
    assert!(e.contains("\"nobody\""), "{e}");
    let e = stop
        .inject(&system, &plan, FaultKind::SlowJack, "tire_fl")
        .unwrap_err();
    assert!(e.contains("slow_jack") && e.contains("tire_fl"), "{e}");
    assert_eq!(system.stats(), before);
}

/// A restarted tire changer creates its sub-crew again while the old one may still finish
/// its task: names stay unique (`tire_fr.gunner#2`), so a log read back folds into exactly
/// the scene the live run showed, event by event.
#[test]
fn a_replay_after_a_sub_crew_restart_shows_what_the_live_run_showed() {
    use pitstop::jsonl_read::parse_json_lines;
    use pitstop::scene::{Motion, SceneModel};
    let mut renamed = 0;
    for seed in 0..50u64 {
        let plan = StopPlan {
            seed,
            crew: CrewKind::Full,
            retries: 0,
            faults: vec![(FaultKind::StuckNut, "tire_fr".into())],
            ..StopPlan::default()
        }
        .validated()
        .unwrap();
        let events = simulate(&plan);
        let text = to_json_lines(&events);
        renamed += usize::from(text.contains("tire_fr.gunner#2"));
        let back = parse_json_lines(&text).unwrap();
        assert_eq!(back, events, "seed {seed}: read back as it was");
        let (mut live, mut replay) = (SceneModel::new(), SceneModel::new());
        for (a, b) in events.iter().zip(&back) {
            live.apply(a);
            replay.apply(b);
            assert_eq!(
                live.snapshot(a.time, Motion::Reduced),
                replay.snapshot(b.time, Motion::Reduced),
                "seed {seed}, seq {}",
                a.seq
            );
        }
    }
    assert!(
        renamed > 0,
        "some seeds restart the tire changer and re-create its sub-crew"
    );
}
