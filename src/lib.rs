//! pitstop: the actor model, played out as a Formula 1 pit stop.
//!
//! Layout (see ARCHITECTURE.md for the bird's-eye view):
//!
//! - [`runtime`]: a general actor runtime (futures tasks, mpsc mailboxes, a FIFO executor the
//!   host pumps, a virtual clock, an event for every send and state change);
//! - [`pitstop`]: the seed's pit stop as actors: crew, protocol, timing, the human log;
//! - [`scene`]: what is on screen (a pure fold of events) and how it is drawn;
//! - [`jsonl`]: the event stream as JSON lines; [`names_table`]: actor names from events;
//! - [`rng`]: the seeded random numbers behind every jitter; [`samples`]: medians and
//!   percentiles of measurements;
//! - [`frame_budget`]: how long an animation frame may run actors;
//! - [`bench`](mod@bench): the benchmark scenarios behind `cargo xtask bench`, for both hosts;
//! - `web` (wasm32 only): the browser shell.

pub mod bench;
pub mod frame_budget;
pub mod jsonl;
pub mod jsonl_read;
pub mod names_table;
pub mod numfmt;
pub mod options;
pub mod pitstop;
pub mod player;
pub mod rng;
pub mod runtime;
pub mod samples;
pub mod scene;
#[cfg(target_arch = "wasm32")]
pub mod web;
