//! What a write says on stdout: the one line of what an edit changed, the diff of a dry run,
//! or that there was nothing to change (a refused edit says nothing here: its findings go to
//! stderr); the wording of `plan waive`'s line; what `plan init` created.

use std::io::Write;
use std::path::PathBuf;

use crate::edit::Outcome;
use crate::edit::waive::{Waived, Waiver};

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

/// One line saying what was waived, and how many expired waivers were renewed.
pub fn waived(waiver: &Waiver<'_>, waived: &Waived) -> String {
    let rule = waiver.rule.name();
    let until = waiver
        .until
        .map_or_else(String::new, |until| format!(" until {until}"));
    match (waived.targets.as_slice(), waived.renewed) {
        ([one], 1) => format!("{one}: renewed the expired waiver of {rule}{until}"),
        ([one], _) => format!("{one}: waived {rule}{until}"),
        (many, 0) => format!("waived {rule} on {} items{until}", many.len()),
        (many, renewed) => format!(
            "waived {rule} on {} items{until} ({} renewed)",
            many.len(),
            crate::text::plural(renewed, "expired waiver", "expired waivers")
        ),
    }
}

/// What `plan init` wrote (`paths` as the user named the folder), and what to do next.
pub fn created(out: &mut dyn Write, paths: &[PathBuf], editor: bool) -> std::io::Result<()> {
    let mut said = String::new();
    for path in paths {
        let shown = path.strip_prefix(".").unwrap_or(path);
        said.push_str(&format!("created {}\n", shown.display()));
    }
    if !editor {
        said.push_str("note: .taplo.toml or schema/ is already here, so the editor files (TOML schemas for Taplo / Even Better TOML) were not written; `plan init` in an empty folder shows them\n");
    }
    said.push_str("next: `plan import FILE` to bring in your spreadsheet, then `plan check` (it reports ex-3's \"TBC\" as missing-date until the example is deleted)\n");
    out.write_all(said.as_bytes())
}
