//! The command line. Hand-written rather than a parser crate: three commands and
//! one flag do not justify a dependency every fresh machine has to compile.

pub const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  serve [--port N]  install missing build tools, build a release (wasm-pack),
                    then serve the project root on http://127.0.0.1:N/ (default 8000)
  test              install missing tools, then run every check CI runs:
                    fmt, clippy (native and wasm32), cargo test, wasm-pack test
                    in headless Firefox, a release build and end-to-end checks
  bench             install missing tools, build release binaries (native, and
                    wasm with the `bench` feature into target/bench-pkg/), then
                    measure natively and in headless Firefox; prints one JSON line
                    per figure on stdout (progress on stderr); see BENCHMARKS.md
  help              show this text

environment:
  WASM_PACK_CACHE            where wasm-pack caches its downloads (wasm-pack's default otherwise)
  WASM_BINDGEN_TEST_TIMEOUT  seconds per browser test binary (default here: 60)";

pub const DEFAULT_PORT: u16 = 8000;

#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    Help,
    /// Port 0 asks the system for any free port.
    Serve {
        port: u16,
    },
    Test,
    Bench,
}

/// Parses the arguments after `cargo xtask`. Errors are complete sentences
/// that name the offending argument.
pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Command, String> {
    let mut args = args.into_iter();
    let Some(command) = args.next() else {
        return Err("no command given".to_string());
    };
    match command.as_str() {
        "help" | "--help" | "-h" => Ok(Command::Help),
        "serve" => {
            let mut port = DEFAULT_PORT;
            while let Some(arg) = args.next() {
                // Both `--port 8001` and `--port=8001`.
                let value = match arg.split_once('=') {
                    Some(("--port", value)) => value.to_string(),
                    _ if arg == "--port" => args
                        .next()
                        .ok_or("`--port` needs a value, e.g. `--port 8001`")?,
                    _ => return Err(unknown_argument("serve", &arg)),
                };
                port = parse_port(&value)?;
            }
            Ok(Command::Serve { port })
        }
        "test" => match args.next() {
            None => Ok(Command::Test),
            Some(arg) => Err(unknown_argument("test", &arg)),
        },
        "bench" => match args.next() {
            None => Ok(Command::Bench),
            Some(arg) => Err(unknown_argument("bench", &arg)),
        },
        other => Err(format!("unknown command `{other}`")),
    }
}

fn unknown_argument(command: &str, arg: &str) -> String {
    if arg.starts_with('-') {
        format!("unknown flag `{arg}` for `{command}`")
    } else {
        format!("unexpected argument `{arg}` for `{command}`")
    }
}

fn parse_port(value: &str) -> Result<u16, String> {
    value.parse().map_err(|_| {
        format!("`--port` wants a port number from 0 to 65535 (0: any free port), not `{value}`")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(line: &str) -> Result<Command, String> {
        parse(line.split_whitespace().map(String::from))
    }

    #[test]
    fn commands_and_defaults() {
        assert_eq!(parse_str("test"), Ok(Command::Test));
        assert_eq!(parse_str("help"), Ok(Command::Help));
        assert_eq!(parse_str("bench"), Ok(Command::Bench));
        assert_eq!(parse_str("--help"), Ok(Command::Help));
        assert_eq!(parse_str("serve"), Ok(Command::Serve { port: 8000 }));
    }

    #[test]
    fn port_in_both_spellings() {
        assert_eq!(
            parse_str("serve --port 8001"),
            Ok(Command::Serve { port: 8001 })
        );
        assert_eq!(
            parse_str("serve --port=9000"),
            Ok(Command::Serve { port: 9000 })
        );
        assert_eq!(parse_str("serve --port 0"), Ok(Command::Serve { port: 0 }));
    }

    #[test]
    fn missing_command() {
        assert_eq!(parse_str(""), Err("no command given".to_string()));
        assert_eq!(parse_str("bild"), Err("unknown command `bild`".to_string()));
    }

    #[test]
    fn unknown_flag_is_named() {
        let error = parse_str("serve --prot 8001").unwrap_err();
        assert_eq!(error, "unknown flag `--prot` for `serve`");
        let error = parse_str("test --fast").unwrap_err();
        assert_eq!(error, "unknown flag `--fast` for `test`");
        let error = parse_str("test now").unwrap_err();
        assert_eq!(error, "unexpected argument `now` for `test`");
        let error = parse_str("bench --quick").unwrap_err();
        assert_eq!(error, "unknown flag `--quick` for `bench`");
    }

    #[test]
    fn port_without_value() {
        let error = parse_str("serve --port").unwrap_err();
        assert!(error.contains("`--port` needs a value"), "{error}");
    }

    #[test]
    fn port_not_a_number() {
        for bad in ["abc", "-1", "65536", "80.5", ""] {
            let error = parse(["serve".to_string(), format!("--port={bad}")]).unwrap_err();
            assert!(error.contains("port number"), "{bad}: {error}");
            assert!(error.contains(&format!("`{bad}`")), "{bad}: {error}");
        }
    }
}
