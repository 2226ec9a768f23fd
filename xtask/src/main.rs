//! `cargo xtask <command>`: see the crate documentation in `lib.rs`.

use std::process::ExitCode;

use xtask::{bench, ci, flags, serve};

fn main() -> ExitCode {
    let command = match flags::parse(std::env::args().skip(1)) {
        Ok(command) => command,
        Err(message) => {
            eprintln!("error: {message}\n\n{}", flags::USAGE);
            return ExitCode::from(2);
        }
    };
    let result = match command {
        flags::Command::Help => {
            println!("{}", flags::USAGE);
            Ok(())
        }
        flags::Command::Serve { port } => serve::run(port),
        flags::Command::Test => ci::run(),
        flags::Command::Bench => bench::run(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
