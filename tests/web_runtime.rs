//! The runtime and the crew in a real browser: the same events on the runtime's own
//! executor, on `spawn_local`, and natively.
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;
use std::time::Duration;

use pitstop::jsonl::to_json_lines;
use pitstop::pitstop::{simulate, spawn_stop, CrewKind, StopPlan, STOP_HORIZON};
use pitstop::runtime::{
    Actor, Addr, Config, Context, Failure, Handled, Message, Props, Recorder, System,
};
use pitstop::web::local_host::{run_until_quiet, SpawnLocal};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn plan(seed: u64, crew: CrewKind) -> Rc<StopPlan> {
    StopPlan {
        seed,
        crew,
        ..StopPlan::default()
    }
    .validated()
    .unwrap()
}

/// A whole stop on `spawn_local`, recorded.
async fn on_spawn_local(plan: &Rc<StopPlan>) -> String {
    let system = System::with_spawner(
        Config {
            latency: plan.latency,
        },
        SpawnLocal::shared(),
    );
    let recorder = Recorder::attach(system.events());
    spawn_stop(&system, plan);
    run_until_quiet(&system, STOP_HORIZON).await;
    to_json_lines(&recorder.take())
}

#[wasm_bindgen_test]
async fn a_full_crew_stop_is_the_same_on_both_hosts_and_natively() {
    let plan = plan(1, CrewKind::Full);
    let own = to_json_lines(&simulate(&plan));
    // The native run of the same plan, recorded in tests/golden by the native tests.
    assert_eq!(
        own,
        include_str!("golden/seed1_full.jsonl"),
        "own executor in wasm vs native"
    );
    assert_eq!(
        on_spawn_local(&plan).await,
        own,
        "spawn_local vs own executor"
    );
}

#[wasm_bindgen_test]
async fn seed_crew_stops_agree_across_hosts() {
    for seed in [2, 3] {
        let plan = plan(seed, CrewKind::Seed);
        assert_eq!(on_spawn_local(&plan).await, to_json_lines(&simulate(&plan)));
    }
}

struct Ball(u32, Addr<Ball>);

impl Message for Ball {
    fn name(&self) -> &'static str {
        "ball"
    }
}

struct Player;

impl Actor for Player {
    type Msg = Ball;
    type Behaviour = ();
    async fn handle(
        &mut self,
        ctx: &mut Context<Self>,
        Ball(n, back): Ball,
    ) -> Result<Handled, Failure> {
        if n > 0 {
            ctx.send(&back, Ball(n - 1, ctx.myself().clone()));
        }
        Ok(Handled::Done)
    }
}

#[wasm_bindgen_test]
async fn zero_latency_ping_pong_delivers_every_message_on_spawn_local() {
    let system = System::with_spawner(
        Config {
            latency: Duration::ZERO,
        },
        SpawnLocal::shared(),
    );
    let a = system.spawn(Props::new("a", || Player));
    let b = system.spawn(Props::new("b", || Player));
    system.tell(&a, Ball(999, b));
    run_until_quiet(&system, STOP_HORIZON).await;
    assert_eq!(system.stats().handled, 1000);
}
