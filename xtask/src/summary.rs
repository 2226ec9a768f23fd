//! Timed steps and the table that ends `cargo xtask test`. A long run's
//! output scrolls away; the table says at a glance what failed and where
//! the time went.

use std::time::Instant;

use crate::Result;

#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Ok,
    /// Why it failed, in one line or a few.
    Failed(String),
    /// Why it did not run (a step it depends on failed).
    Skipped(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub name: String,
    pub outcome: Outcome,
    pub seconds: f64,
}

#[derive(Default)]
pub struct Report {
    pub steps: Vec<Step>,
}

impl Report {
    /// Runs `step` under a banner, times it and records the outcome.
    /// Returns whether it succeeded, so dependent steps can be skipped.
    pub fn run(&mut self, name: &str, step: impl FnOnce() -> Result<()>) -> bool {
        println!("\n==> {name}");
        let start = Instant::now();
        let result = step();
        let seconds = start.elapsed().as_secs_f64();
        let outcome = match result {
            Ok(()) => {
                println!("<== {name}: ok ({seconds:.1} s)");
                Outcome::Ok
            }
            Err(error) => {
                println!("<== {name}: FAILED ({seconds:.1} s): {error}");
                Outcome::Failed(error.to_string())
            }
        };
        let ok = outcome == Outcome::Ok;
        self.record(name, outcome, seconds);
        ok
    }

    pub fn skip(&mut self, name: &str, reason: &str) {
        println!("\n==> {name}: skipped ({reason})");
        self.record(name, Outcome::Skipped(reason.to_string()), 0.0);
    }

    pub fn record(&mut self, name: &str, outcome: Outcome, seconds: f64) {
        self.steps.push(Step {
            name: name.to_string(),
            outcome,
            seconds,
        });
    }

    /// Names of the steps that failed (skipped steps are not failures: the
    /// failure that caused them is already listed).
    pub fn failures(&self) -> Vec<&str> {
        self.steps
            .iter()
            .filter(|s| matches!(s.outcome, Outcome::Failed(_)))
            .map(|s| s.name.as_str())
            .collect()
    }

    /// The summary table, then one line per failure or skip with its reason,
    /// then the verdict.
    pub fn table(&self) -> String {
        let width = self
            .steps
            .iter()
            .map(|s| s.name.chars().count())
            .chain(["step".len(), "total".len()])
            .max()
            .unwrap_or(0);
        let mut out = format!("{:<width$}  {:<7}  {:>7}\n", "step", "result", "seconds");
        out += &format!(
            "{}  {}  {}\n",
            "-".repeat(width),
            "-".repeat(7),
            "-".repeat(7)
        );
        for step in &self.steps {
            let (result, seconds) = match step.outcome {
                Outcome::Ok => ("ok", format!("{:.1}", step.seconds)),
                Outcome::Failed(_) => ("FAILED", format!("{:.1}", step.seconds)),
                Outcome::Skipped(_) => ("skipped", "-".to_string()),
            };
            out += &format!("{:<width$}  {result:<7}  {seconds:>7}\n", step.name);
        }
        let total: f64 = self.steps.iter().map(|s| s.seconds).sum();
        out += &format!("{:<width$}  {:<7}  {total:>7.1}\n", "total", "");

        let notes: Vec<String> = self
            .steps
            .iter()
            .filter_map(|step| match &step.outcome {
                Outcome::Ok => None,
                Outcome::Failed(why) => Some(format!("{} FAILED: {}", step.name, first_line(why))),
                Outcome::Skipped(why) => Some(format!("{} skipped: {why}", step.name)),
            })
            .collect();
        if !notes.is_empty() {
            out += "\n";
            out += &notes.join("\n");
            out += "\n";
        }
        let failures = self.failures();
        out += "\n";
        out += &if failures.is_empty() {
            "all steps passed".to_string()
        } else {
            format!("{} step(s) failed: {}", failures.len(), failures.join(", "))
        };
        out
    }
}

/// Long errors (a log tail) were printed when the step ended; the table keeps
/// their first line.
fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_lists_every_step_and_the_verdict() {
        let mut report = Report::default();
        report.record("fmt", Outcome::Ok, 0.42);
        report.record(
            "clippy (native)",
            Outcome::Failed("`cargo clippy` failed (exit status: 101)\nmore".into()),
            12.06,
        );
        report.record(
            "e2e",
            Outcome::Skipped("the release build failed".into()),
            0.0,
        );
        let expected = "\
step             result   seconds
---------------  -------  -------
fmt              ok           0.4
clippy (native)  FAILED      12.1
e2e              skipped        -
total                        12.5

clippy (native) FAILED: `cargo clippy` failed (exit status: 101)
e2e skipped: the release build failed

1 step(s) failed: clippy (native)";
        assert_eq!(report.table(), expected);
        assert_eq!(report.failures(), ["clippy (native)"]);
    }

    #[test]
    fn all_passed() {
        let mut report = Report::default();
        assert!(report.run("quick", || Ok(())));
        assert!(!report.run("broken", || Err("no".into())));
        report.steps.retain(|s| s.outcome == Outcome::Ok);
        let table = report.table();
        assert!(table.ends_with("\n\nall steps passed"), "{table}");
        assert!(table.contains("quick  "), "{table}");
    }
}
