//! `cargo xtask test`: every check CI runs, in order, each timed. A failed
//! step does not stop the ones after it unless they depend on it (the
//! end-to-end checks need the release build), so one run reports every
//! problem. The summary table ends the output.

use std::time::Instant;

use crate::summary::{Outcome, Report};
use crate::tools::{self, Need, Tools};
use crate::{bail, e2e, env, proc, release, Result};

pub fn run() -> Result<()> {
    let start = Instant::now();
    // Without the tools nothing below can run: an install failure stops here.
    let tools = tools::ensure(Need::Test)?;
    let mut report = Report::default();
    report.record("tools", Outcome::Ok, start.elapsed().as_secs_f64());

    report.run("fmt", || cargo(&tools, &["fmt", "--all", "--check"]));
    report.run("clippy (native)", || {
        cargo(
            &tools,
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                // The benchmark code is behind the feature; `cargo test` builds the rest.
                "--features",
                "bench",
                "--",
                "-D",
                "warnings",
            ],
        )
    });
    report.run("clippy (wasm32)", || {
        cargo(
            &tools,
            &[
                "clippy",
                "-p",
                "pitstop",
                "--target",
                "wasm32-unknown-unknown",
                "--all-targets",
                "--features",
                "bench",
                "--",
                "-D",
                "warnings",
            ],
        )
    });
    // With the benchmark feature: its scenarios have tests too (the product's build, without
    // it, is compiled by the release build below).
    report.run("cargo test", || {
        cargo(&tools, &["test", "--workspace", "--features", "bench"])
    });
    report.run("wasm-pack test (firefox)", || browser_tests(&tools));
    let built = report.run("release build", || release::build(&tools));
    match (&tools.browser, built) {
        (Some(browser), true) => e2e::run(&mut report, browser, &env::project_root()),
        _ => report.skip("e2e", "the release build failed"),
    }

    println!("\n{}", report.table());
    let failures = report.failures();
    if !failures.is_empty() {
        bail!("{} step(s) failed", failures.len());
    }
    Ok(())
}

fn cargo(tools: &Tools, args: &[&str]) -> Result<()> {
    let mut command = proc::cmd("cargo", args, &tools.path);
    command.current_dir(env::project_root());
    proc::run(&mut command)
}

/// `wasm-pack test --headless --firefox`: the `#[wasm_bindgen_test]` tests
/// in a real browser. geckodriver and firefox come from `tools.path`.
fn browser_tests(tools: &Tools) -> Result<()> {
    let mut command = proc::cmd(
        "wasm-pack",
        &["test", "--headless", "--firefox"],
        &tools.path,
    );
    command.current_dir(env::project_root());
    // The default 20 s bounds a whole test binary, which a cold Firefox on a
    // 2-core machine can nearly spend starting up (TOOLCHAIN.md, trap 5).
    if std::env::var_os("WASM_BINDGEN_TEST_TIMEOUT").is_none() {
        command.env("WASM_BINDGEN_TEST_TIMEOUT", "60");
    }
    proc::run(&mut command)
}
