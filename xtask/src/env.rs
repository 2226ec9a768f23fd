//! Where things are: the project root, cargo's bin folder, the PATH handed to
//! child processes, and executables on a PATH.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The workspace root: xtask lives one folder below it.
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits inside the workspace root")
        .to_path_buf()
}

/// Tools xtask installs itself (binaryen from npm), and logs of installs.
/// Under `target/` so that `git status` stays clean and `cargo clean` resets it.
pub fn tools_dir() -> PathBuf {
    project_root().join("target").join("tools")
}

/// `$CARGO_HOME/bin`, where `cargo install` puts wasm-pack, wasm-bindgen and
/// geckodriver.
pub fn cargo_bin() -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| home_dir().join(".cargo"));
    home.join("bin")
}

fn home_dir() -> PathBuf {
    std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/root"))
}

/// The PATH for child processes: `first` folders, then cargo's bin folder,
/// then the inherited PATH without duplicates. Cargo's bin comes before the
/// system folders so the tools we installed win over distribution packages
/// (a fresh shell may not have `~/.cargo/bin` on PATH at all).
pub fn child_path(first: &[PathBuf]) -> OsString {
    let inherited = std::env::var_os("PATH").unwrap_or_default();
    let mut folders: Vec<PathBuf> = Vec::new();
    let candidates = first
        .iter()
        .cloned()
        .chain([cargo_bin()])
        .chain(std::env::split_paths(&inherited));
    for folder in candidates {
        if !folders.contains(&folder) {
            folders.push(folder);
        }
    }
    std::env::join_paths(folders).expect("PATH folders contain no separator")
}

/// Every executable called `name` on `path`, in PATH order.
pub fn which_all(name: &str, path: &OsString) -> Vec<PathBuf> {
    std::env::split_paths(path)
        .map(|folder| folder.join(name))
        .filter(|candidate| is_executable(candidate))
        .collect()
}

/// The first executable called `name` on `path`, as a shell would pick it.
pub fn which(name: &str, path: &OsString) -> Option<PathBuf> {
    which_all(name, path).into_iter().next()
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .map(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn child_path_puts_given_folders_and_cargo_bin_first() {
        let path = child_path(&[PathBuf::from("/opt/first")]);
        let folders: Vec<PathBuf> = std::env::split_paths(&path).collect();
        assert_eq!(folders[0], PathBuf::from("/opt/first"));
        assert_eq!(folders[1], cargo_bin());
        let unique: std::collections::HashSet<_> = folders.iter().collect();
        assert_eq!(unique.len(), folders.len(), "no duplicates");
    }

    #[test]
    fn which_finds_a_shell() {
        let path = OsString::from("/nonexistent:/bin:/usr/bin");
        assert!(which("sh", &path).is_some());
        assert!(which("no-such-tool-xtask", &path).is_none());
    }
}
