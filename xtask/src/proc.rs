//! Child processes: run one in the foreground (echoing it first, like a shell
//! with `set -x`, so a failure can be reproduced by copy and paste), or ask
//! one for its version.

use std::fs::OpenOptions;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::{bail, Result};

/// Builds a command for `program` with `args` and the PATH for children.
pub fn cmd(program: &str, args: &[&str], path: &std::ffi::OsString) -> Command {
    let mut command = Command::new(program);
    command.args(args).env("PATH", path);
    command
}

/// Runs `command` with inherited stdio; an error if it cannot start or fails.
pub fn run(command: &mut Command) -> Result<()> {
    println!("$ {}", display(command));
    let status = command
        .status()
        .map_err(|e| format!("could not start `{}`: {e}", display(command)))?;
    if !status.success() {
        bail!("`{}` failed ({status})", display(command));
    }
    Ok(())
}

/// Runs `command` with its output appended to the file `log`, so that
/// several installs can run at once without interleaving their output, and a
/// multi-command install keeps every command's output.
pub fn run_logged(command: &mut Command, log: &Path) -> Result<()> {
    let file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .map_err(|e| format!("opening {}: {e}", log.display()))?;
    let status = command
        .stdin(Stdio::null())
        .stdout(file.try_clone()?)
        .stderr(file)
        .status()
        .map_err(|e| format!("could not start `{}`: {e}", display(command)))?;
    if !status.success() {
        bail!(
            "`{}` failed ({status}); last lines of {}:\n{}",
            display(command),
            log.display(),
            tail(log, 15)
        );
    }
    Ok(())
}

/// The trimmed stdout of `command`, or `None` if it cannot start or fails.
/// Used to probe tools (`--version`), where "absent" and "broken" mean the
/// same thing: install it.
pub fn stdout(command: &mut Command) -> Option<String> {
    let output = command
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    Some(String::from_utf8_lossy(&output.stdout).trim().to_string())
}

/// The last `lines` lines of a text file (empty if unreadable).
pub fn tail(path: &Path, lines: usize) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// `program arg arg`, for messages.
pub fn display(command: &Command) -> String {
    let mut words = vec![command.get_program().to_string_lossy().into_owned()];
    words.extend(command.get_args().map(|a| a.to_string_lossy().into_owned()));
    words.join(" ")
}
