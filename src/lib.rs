//! pitstop: the actor model, played out as a Formula 1 pit stop.
//!
//! Layout (see ARCHITECTURE.md for the bird's-eye view):
//!
//! - [`runtime`]: a general actor runtime (futures tasks, mpsc mailboxes, a FIFO executor the
//!   host pumps, a virtual clock, an event for every send and state change);
//! - [`rng`]: the seeded random numbers behind every jitter;
//! - `web` (wasm32 only): the browser shell.

pub mod rng;
pub mod runtime;
pub mod scene;
#[cfg(target_arch = "wasm32")]
pub mod web;
