//! The release build of the browser package: `wasm-pack build --target web`
//! in the project root, which writes `pkg/` (the .wasm and its JS glue).
//!
//! wasm-pack reruns wasm-bindgen and wasm-opt even when nothing changed, and
//! the npm wasm-opt (binaryen compiled to JavaScript) takes several seconds.
//! So we run wasm-pack's cargo step ourselves first and skip wasm-pack when
//! cargo's .wasm and `pkg/` are exactly what the last build left: `serve`
//! then starts in about a second after a no-change rebuild.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

use crate::tools::Tools;
use crate::{env, proc, Result};

/// The library's name, which names the .wasm cargo writes and `pkg/`'s files.
const CRATE: &str = "pitstop";

/// Builds `pkg/` if it is not up to date. An error means `pkg/` may be stale
/// or half-written, so callers must not serve or test it.
pub fn build(tools: &Tools) -> Result<()> {
    build_inner(tools).map_err(|e| format!("release build failed: {e}").into())
}

fn build_inner(tools: &Tools) -> Result<()> {
    let root = env::project_root();
    // Exactly wasm-pack's own cargo command, so each build is the other's no-op.
    let mut cargo = proc::cmd(
        "cargo",
        &[
            "build",
            "--lib",
            "--release",
            "--target",
            "wasm32-unknown-unknown",
        ],
        &tools.path,
    );
    cargo.current_dir(&root);
    proc::run(&mut cargo)?;

    let stamp_path = env::tools_dir().join("pkg.stamp");
    let stamp = stamp(&root, tools.wasm_opt.is_some());
    if stamp.is_some() && std::fs::read_to_string(&stamp_path).ok() == stamp {
        println!("pkg/ is up to date with the last release build; skipping wasm-pack");
        return Ok(());
    }
    // Whatever happens next, `pkg/` no longer matches a stamp.
    let _ = std::fs::remove_file(&stamp_path);

    let mut args = vec!["build", "--target", "web"];
    if tools.wasm_opt.is_none() {
        // Without a working wasm-opt, wasm-pack would fail (or, with Debian's
        // binaryen, silently break the output): skip the optimisation.
        args.push("--no-opt");
    }
    let mut wasm_pack = proc::cmd("wasm-pack", &args, &tools.path);
    wasm_pack.current_dir(&root);
    proc::run(&mut wasm_pack)?;

    if let Some(stamp) = self::stamp(&root, tools.wasm_opt.is_some()) {
        std::fs::create_dir_all(env::tools_dir())?;
        std::fs::write(&stamp_path, stamp)?;
    }
    Ok(())
}

/// What a build depends on and produces: cargo's .wasm, `pkg/`'s .wasm and
/// JS glue (size and modification time), whether wasm-opt ran, and the
/// manifest (its wasm-pack settings do not change cargo's output). `None` if
/// any of the files is missing.
fn stamp(root: &Path, optimized: bool) -> Option<String> {
    let files: [PathBuf; 3] = [
        root.join("target/wasm32-unknown-unknown/release")
            .join(format!("{CRATE}.wasm")),
        root.join("pkg").join(format!("{CRATE}_bg.wasm")),
        root.join("pkg").join(format!("{CRATE}.js")),
    ];
    let mut stamp = format!("optimized={optimized}\n");
    for file in files {
        let meta = file.metadata().ok()?;
        let modified = meta.modified().ok()?;
        stamp += &format!("{} {} {:?}\n", file.display(), meta.len(), modified);
    }
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).ok()?;
    let mut hasher = DefaultHasher::new();
    manifest.hash(&mut hasher);
    stamp += &format!("Cargo.toml {:x}\n", hasher.finish());
    Some(stamp)
}
