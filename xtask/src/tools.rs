//! Finds the tools the build and the browser tests need, and installs the
//! missing ones. On a fresh machine that takes minutes (see
//! shared/TOOLCHAIN.md), so the installs run at the same time, each logging to
//! its own file under `target/tools/logs/`.
//!
//! Each tool prints one line: found, installing, installed (or a warning).
//! A failed install stops the command with a message saying how to install
//! the tool by hand, except wasm-opt, which only makes the build bigger.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::{bail, env, lockfile, proc, Result};

/// The binaryen release fetched from npm. Debian's binaryen (wasm-opt 108)
/// silently breaks wasm-bindgen's output; 116 and later work.
const BINARYEN_NPM: &str = "binaryen@132";
const MIN_WASM_OPT: u32 = 116;
const WASM_TARGET: &str = "wasm32-unknown-unknown";

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// wasm32 target, wasm-pack, wasm-bindgen-cli, wasm-opt.
    Build,
    /// The build tools plus Firefox and geckodriver.
    Test,
}

/// What was found, ready for child processes.
pub struct Tools {
    /// PATH for every child process: our wasm-opt's folder, cargo's bin
    /// folder and our shims first.
    pub path: OsString,
    /// The wasm-opt wasm-pack will find first on `path`; `None` means none
    /// that works, so build with `--no-opt`.
    pub wasm_opt: Option<PathBuf>,
    /// Present when `Need::Test` was asked for.
    pub browser: Option<Browser>,
}

pub struct Browser {
    pub firefox: PathBuf,
    pub geckodriver: PathBuf,
}

/// One missing tool and the commands that install it.
struct Install {
    tool: &'static str,
    commands: Vec<Command>,
    /// How a person installs it when we could not.
    by_hand: String,
    /// An optional tool's failure is a warning, not an error.
    optional: bool,
}

pub fn ensure(need: Need) -> Result<Tools> {
    println!("==> tools");
    let path = env::child_path(&[shims_dir()]);
    let bindgen_version = wasm_bindgen_version_in_lock()?;
    let installs = missing(need, &path, &bindgen_version)?;
    run_installs(installs)?;
    verify(need, &path, &bindgen_version)
}

/// Checks every tool, printing one line each, and plans the installs of the
/// missing ones. An error if one is missing and we cannot install it.
fn missing(need: Need, path: &OsString, bindgen_version: &str) -> Result<Vec<Install>> {
    let mut installs = Vec::new();

    if target_installed(path) {
        found("wasm32 target", WASM_TARGET);
    } else {
        installs.push(Install {
            tool: "wasm32 target",
            commands: vec![proc::cmd("rustup", &["target", "add", WASM_TARGET], path)],
            by_hand: format!("rustup target add {WASM_TARGET}"),
            optional: false,
        });
    }

    match version_of("wasm-pack", path) {
        Some(version) => found("wasm-pack", &version),
        None => installs.push(cargo_install("wasm-pack", &["wasm-pack", "--locked"], path)),
    }

    // wasm-pack uses the CLI on PATH only if it matches Cargo.lock exactly.
    match version_of("wasm-bindgen", path) {
        Some(version) if version_number(&version) == Some(bindgen_version) => {
            found("wasm-bindgen", &version)
        }
        other => {
            if let Some(version) = other {
                println!(
                    "  wasm-bindgen: {version} on PATH, but Cargo.lock wants {bindgen_version}"
                );
            }
            // Not `--locked`: the CLI's lock names a webpki-roots version the
            // registry here does not serve (TOOLCHAIN.md). `--force` replaces
            // an installed CLI of another version.
            installs.push(cargo_install(
                "wasm-bindgen",
                &["wasm-bindgen-cli", "--version", bindgen_version, "--force"],
                path,
            ));
        }
    }

    let ours = npm_wasm_opt();
    if let Some(version) = wasm_opt_version(&ours) {
        found("wasm-opt", &format!("{version} in {}", ours.display()));
    } else if env::which("npm", path).is_some() {
        installs.push(npm_binaryen(path));
    } // Else `verify` looks for a recent enough wasm-opt on PATH.

    if need == Need::Test {
        match version_of("geckodriver", path) {
            Some(version) => found("geckodriver", &version),
            None => installs.push(cargo_install(
                "geckodriver",
                &["geckodriver", "--locked"],
                path,
            )),
        }
        match find_firefox(path) {
            Some(firefox) => found("firefox", &firefox.display().to_string()),
            None if is_root() => installs.push(apt_firefox(path)),
            None => bail!(
                "firefox: not found, and installing it needs root; install firefox-esr by hand: \
                 sudo apt-get update && sudo apt-get install -y firefox-esr"
            ),
        }
    }
    Ok(installs)
}

/// Checks again after installing (an install that "succeeded" but left a
/// tool that does not answer is still a failure) and picks the wasm-opt.
fn verify(need: Need, path: &OsString, bindgen_version: &str) -> Result<Tools> {
    if !target_installed(path) {
        bail!(
            "the {WASM_TARGET} target is still missing; \
             install it by hand: rustup target add {WASM_TARGET}"
        );
    }
    if version_of("wasm-pack", path).is_none() {
        bail!("wasm-pack does not run; install it by hand: cargo install wasm-pack --locked");
    }
    let bindgen = version_of("wasm-bindgen", path).unwrap_or_default();
    if version_number(&bindgen) != Some(bindgen_version) {
        bail!(
            "wasm-bindgen on PATH is `{bindgen}`, not {bindgen_version}; install it by hand: \
             cargo install wasm-bindgen-cli --version {bindgen_version} --force"
        );
    }

    let wasm_opt = working_wasm_opt(path);
    let path = match &wasm_opt {
        // Its folder goes first so that wasm-pack cannot pick another wasm-opt.
        Some(wasm_opt) => env::child_path(&[parent(wasm_opt), shims_dir()]),
        None => {
            println!(
                "  warning: no working wasm-opt (binaryen >= {MIN_WASM_OPT}); building with \
                 --no-opt, so the .wasm is about twice as big. To fix: install Node.js and npm \
                 (then xtask fetches binaryen itself), or put binaryen >= {MIN_WASM_OPT} on PATH. \
                 Never Debian's binaryen: its wasm-opt 108 breaks the output."
            );
            path.clone()
        }
    };

    let browser = if need == Need::Test {
        let geckodriver = env::which("geckodriver", &path).ok_or(
            "geckodriver is still missing; install it by hand: cargo install geckodriver --locked",
        )?;
        let firefox = find_firefox(&path).ok_or(
            "firefox is still missing; install it by hand: apt-get install -y firefox-esr",
        )?;
        ensure_firefox_shim(&firefox, &path)?;
        Some(Browser {
            firefox,
            geckodriver,
        })
    } else {
        None
    };

    Ok(Tools {
        path,
        wasm_opt,
        browser,
    })
}

fn found(tool: &str, what: &str) {
    println!("  {tool}: found {what}");
}

fn cargo_install(tool: &'static str, args: &[&str], path: &OsString) -> Install {
    let mut all = vec!["install"];
    all.extend_from_slice(args);
    let mut command = proc::cmd("cargo", &all, path);
    // Outside the workspace, so our `.cargo/config.toml` cannot affect it.
    command.current_dir(std::env::temp_dir());
    Install {
        tool,
        by_hand: format!("cargo {}", all.join(" ")),
        commands: vec![command],
        optional: false,
    }
}

/// binaryen from npm into `target/tools/binaryen` (about 2 s).
fn npm_binaryen(path: &OsString) -> Install {
    // npm resolves `--prefix` against its working folder: run it from the
    // project root with the relative form, which also reads better in logs.
    let prefix = "target/tools/binaryen";
    debug_assert_eq!(env::project_root().join(prefix), npm_binaryen_dir());
    let args = [
        "install",
        "--no-audit",
        "--no-fund",
        "--prefix",
        prefix,
        BINARYEN_NPM,
    ];
    let mut npm = proc::cmd("npm", &args, path);
    npm.current_dir(env::project_root());
    Install {
        tool: "wasm-opt",
        commands: vec![npm],
        by_hand: format!("npm install --prefix {prefix} {BINARYEN_NPM}"),
        optional: true,
    }
}

/// Debian's Firefox ESR (the machines this runs on are Debian bookworm).
fn apt_firefox(path: &OsString) -> Install {
    let mut install = proc::cmd("apt-get", &["install", "-y", "firefox-esr"], path);
    install.env("DEBIAN_FRONTEND", "noninteractive");
    Install {
        tool: "firefox",
        commands: vec![proc::cmd("apt-get", &["update"], path), install],
        by_hand: "apt-get update && apt-get install -y firefox-esr".to_string(),
        optional: false,
    }
}

/// Runs every install on its own thread and waits for all of them.
fn run_installs(installs: Vec<Install>) -> Result<()> {
    if installs.is_empty() {
        return Ok(());
    }
    let logs = env::tools_dir().join("logs");
    std::fs::create_dir_all(&logs).map_err(|e| format!("creating {}: {e}", logs.display()))?;
    let failures: Vec<String> = std::thread::scope(|scope| {
        let threads: Vec<_> = installs
            .into_iter()
            .map(|install| {
                let log = logs.join(format!("{}.log", install.tool.replace(' ', "-")));
                println!(
                    "  {}: installing: {} (log: {})",
                    install.tool,
                    install.by_hand,
                    log.display()
                );
                scope.spawn(move || run_install(install, &log))
            })
            .collect();
        threads
            .into_iter()
            .filter_map(|thread| thread.join().expect("install threads do not panic"))
            .collect()
    });
    if !failures.is_empty() {
        bail!("could not install:\n{}", failures.join("\n"));
    }
    Ok(())
}

/// Runs one install's commands in order; `Some(message)` if it failed and
/// the tool is required.
fn run_install(mut install: Install, log: &Path) -> Option<String> {
    let start = Instant::now();
    let _ = std::fs::remove_file(log);
    let result = install
        .commands
        .iter_mut()
        .try_for_each(|command| proc::run_logged(command, log));
    match result {
        Ok(()) => {
            let secs = start.elapsed().as_secs();
            println!("  {}: installed in {secs} s", install.tool);
            None
        }
        Err(error) if install.optional => {
            println!(
                "  warning: {} failed to install ({error}); to install it by hand: {}",
                install.tool, install.by_hand
            );
            None
        }
        Err(error) => Some(format!(
            "- {}: {error}\n  install it by hand: {}",
            install.tool, install.by_hand
        )),
    }
}

fn wasm_bindgen_version_in_lock() -> Result<String> {
    let path = env::project_root().join("Cargo.lock");
    let lock =
        std::fs::read_to_string(&path).map_err(|e| format!("reading {}: {e}", path.display()))?;
    Ok(lockfile::package_version(&lock, "wasm-bindgen")?)
}

fn target_installed(path: &OsString) -> bool {
    proc::stdout(&mut proc::cmd(
        "rustup",
        &["target", "list", "--installed"],
        path,
    ))
    .is_some_and(|list| list.lines().any(|line| line.trim() == WASM_TARGET))
}

/// The first line of `tool --version` (geckodriver adds a licence), if the
/// tool runs.
fn version_of(tool: &str, path: &OsString) -> Option<String> {
    let output = proc::stdout(&mut proc::cmd(tool, &["--version"], path))?;
    let first = output.lines().next()?.trim();
    (!first.is_empty()).then(|| first.to_string())
}

/// `wasm-bindgen 0.2.130` → `0.2.130`.
fn version_number(version_line: &str) -> Option<&str> {
    version_line.split_whitespace().nth(1)
}

/// `wasm-opt version 132 (version_132)` → 132.
fn parse_wasm_opt_version(line: &str) -> Option<u32> {
    let rest = line.split("version").nth(1)?;
    let digits: String = rest
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// The version of the wasm-opt at `program`, if it runs.
fn wasm_opt_version(program: &Path) -> Option<u32> {
    let line = proc::stdout(Command::new(program).arg("--version"))?;
    parse_wasm_opt_version(&line)
}

/// Ours from npm if it runs, else the first on PATH that is recent enough.
fn working_wasm_opt(path: &OsString) -> Option<PathBuf> {
    let ours = npm_wasm_opt();
    if wasm_opt_version(&ours).is_some() {
        return Some(ours);
    }
    for candidate in env::which_all("wasm-opt", path) {
        match wasm_opt_version(&candidate) {
            Some(version) if version >= MIN_WASM_OPT => {
                found("wasm-opt", &format!("{version} at {}", candidate.display()));
                return Some(candidate);
            }
            Some(version) => println!(
                "  wasm-opt: ignoring {} (version {version} < {MIN_WASM_OPT} breaks the output)",
                candidate.display()
            ),
            None => {}
        }
    }
    None
}

fn npm_binaryen_dir() -> PathBuf {
    env::tools_dir().join("binaryen")
}

fn npm_wasm_opt() -> PathBuf {
    npm_binaryen_dir()
        .join("node_modules")
        .join(".bin")
        .join("wasm-opt")
}

fn parent(file: &Path) -> PathBuf {
    file.parent().unwrap_or(Path::new("/")).to_path_buf()
}

/// Debian names the binary `firefox-esr`; elsewhere it is `firefox`.
fn find_firefox(path: &OsString) -> Option<PathBuf> {
    env::which("firefox-esr", path).or_else(|| env::which("firefox", path))
}

/// Folder of small links we put on PATH (see `ensure_firefox_shim`).
fn shims_dir() -> PathBuf {
    env::tools_dir().join("bin")
}

/// geckodriver (under `wasm-pack test`) looks for a binary called `firefox`.
/// If only `firefox-esr` exists, a `firefox` link in our shims folder, which
/// is on the children's PATH, lets it find one.
fn ensure_firefox_shim(firefox: &Path, path: &OsString) -> Result<()> {
    let named_firefox = env::which("firefox", path);
    if named_firefox.is_some() {
        return Ok(());
    }
    let shims = shims_dir();
    std::fs::create_dir_all(&shims)?;
    #[cfg(unix)]
    std::os::unix::fs::symlink(firefox, shims.join("firefox"))
        .map_err(|e| format!("linking {} as firefox: {e}", firefox.display()))?;
    #[cfg(not(unix))]
    let _ = firefox;
    Ok(())
}

fn is_root() -> bool {
    proc::stdout(Command::new("id").arg("-u")).as_deref() == Some("0")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wasm_opt_versions() {
        assert_eq!(
            parse_wasm_opt_version("wasm-opt version 132 (version_132)"),
            Some(132)
        );
        assert_eq!(parse_wasm_opt_version("wasm-opt version 108"), Some(108));
        assert_eq!(parse_wasm_opt_version("wasm-opt"), None);
        assert_eq!(parse_wasm_opt_version("wasm-opt version x"), None);
    }

    #[test]
    fn cli_version_numbers() {
        assert_eq!(version_number("wasm-bindgen 0.2.130"), Some("0.2.130"));
        assert_eq!(version_number("wasm-bindgen"), None);
    }
}
