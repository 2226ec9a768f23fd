//! The second host: the same runtime on `wasm_bindgen_futures::spawn_local`.
//!
//! Kept as a reference (the runtime issue measured why it is not the default: every wake is
//! a microtask and a burst never lets the page paint). Actor code does not change; only the
//! spawner and the way time is moved do: here the host fires the timers of one deadline,
//! then yields a whole macrotask so the browser runs every task those timers woke, then the
//! next deadline.

use std::rc::Rc;

use crate::runtime::{LocalTask, Spawn, System, Time};

/// Spawns actor tasks onto the browser's microtask queue.
pub struct SpawnLocal;

impl Spawn for SpawnLocal {
    fn spawn(&self, task: LocalTask) {
        wasm_bindgen_futures::spawn_local(task);
    }
}

impl SpawnLocal {
    /// A spawner to pass to [`System::with_spawner`].
    pub fn shared() -> Rc<dyn Spawn> {
        Rc::new(SpawnLocal)
    }
}

/// Runs a system hosted on `spawn_local` until nothing can happen any more (or the next
/// deadline is past `horizon`), moving virtual time from deadline to deadline.
pub async fn run_until_quiet(system: &System, horizon: Time) {
    loop {
        // A macrotask: every microtask (every woken actor) runs before it.
        gloo_timers::future::TimeoutFuture::new(0).await;
        match system.next_deadline() {
            Some(deadline) if deadline <= horizon => {
                system.fire_next_timers(deadline);
            }
            _ => return,
        }
    }
}
