//! What an edit says on stdout: the one line of what changed, the diff of a dry run, or that
//! there was nothing to change. (A refused edit says nothing here: its findings go to stderr.)

use std::io::Write;

use crate::edit::Outcome;

/// `summary` as the outcome has it: written, would be (after the diff), or already so.
pub fn write(out: &mut dyn Write, outcome: &Outcome, summary: &str) -> std::io::Result<()> {
    // It quotes what the user typed or a spreadsheet held (a title, a role name).
    let summary = crate::text::terminal_safe(summary);
    match outcome {
        Outcome::Unchanged => writeln!(out, "nothing to change: {summary}"),
        Outcome::Refused(_) => Ok(()),
        Outcome::DryRun(diffs) => {
            for diff in diffs {
                write!(out, "{diff}")?;
            }
            writeln!(out, "dry run, nothing written: {summary}")
        }
        Outcome::Written(_) => writeln!(out, "{summary}"),
    }
}
