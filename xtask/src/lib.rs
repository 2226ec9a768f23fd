//! xtask: the project's automation, written in Rust instead of shell scripts
//! (the rust-analyzer convention), so it is portable, reviewed and unit-tested
//! like the rest of the code. Run it as `cargo xtask <command>` (an alias in
//! `.cargo/config.toml`).
//!
//! # Layout
//!
//! Commands:
//! - [`flags`]: the command line, parsed into a [`flags::Command`].
//! - [`serve`]: `cargo xtask serve` – build a release, then serve the page.
//! - [`ci`]: `cargo xtask test` – every check CI runs, with a summary table.
//! - [`bench`]: `cargo xtask bench` – every benchmark figure, one JSON line each.
//!
//! Building blocks (each reusable by later commands such as a benchmark):
//! - [`tools`]: find or install the build and browser tools.
//! - [`release`]: the release build of the wasm package (`wasm-pack build`).
//! - [`server`], [`mime`], [`urlpath`]: a small static file server over `std::net`.
//! - [`e2e`]: end-to-end checks, each a function of a WebDriver session.
//! - [`webdriver`], [`http`], [`json`], [`base64`]: a minimal WebDriver client.
//! - [`summary`]: timed steps and the summary table.
//! - [`lockfile`], [`env`], [`proc`]: Cargo.lock versions, paths, child processes.
//!
//! Architecture invariant: xtask depends on std only. A fresh machine compiles it
//! before anything else runs, so every dependency would delay every command.
//!
//! It is a library plus a thin binary (`main.rs`) so that the building blocks
//! are a public API: later commands and checks use them, and the compiler does
//! not call the parts no command uses yet dead code.

pub mod base64;
pub mod bench;
pub mod ci;
pub mod e2e;
pub mod env;
pub mod flags;
pub mod http;
pub mod json;
pub mod lockfile;
pub mod mime;
pub mod proc;
pub mod release;
pub mod serve;
pub mod server;
pub mod summary;
pub mod tools;
pub mod urlpath;
pub mod webdriver;

/// Errors are messages for a person at a terminal: every command either
/// succeeds or explains what failed and what to do about it.
pub type Error = Box<dyn std::error::Error + Send + Sync>;
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Returns early with a formatted error message.
macro_rules! bail {
    ($($arg:tt)*) => {
        return Err(format!($($arg)*).into())
    };
}
pub(crate) use bail;
