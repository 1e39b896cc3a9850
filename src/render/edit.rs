//! What a write says on stdout: the one line of what an edit changed, the diff of a dry run,
//! or that there was nothing to change (a refused edit says nothing here: its findings go to
//! stderr); the wording of the lines of `plan update`, `plan role add` and `plan waive`; what
//! `plan init` created.

use std::io::Write;
use std::path::PathBuf;

use crate::edit::Outcome;
use crate::edit::roster::NewRole;
use crate::edit::toml::NewUpdate;
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

/// "hs-1: update on 2004-05-01 (red, 50%, by Head of Housing, counts for 2004/05 Q1)".
pub fn updated(id: &str, update: &NewUpdate<'_>, counts_for: Option<&str>) -> String {
    let mut details: Vec<String> = update.rag.iter().map(|r| r.to_string()).collect();
    details.extend(update.percent.map(|p| format!("{p}%")));
    details.extend(update.by.map(|b| format!("by {b}")));
    details.extend(counts_for.map(|period| format!("counts for {period}")));
    let details = if details.is_empty() {
        String::new()
    } else {
        format!(" ({})", details.join(", "))
    };
    format!("{id}: update on {}{details}", update.date)
}

/// "role added: NAME (aliases A, B; member of GROUP)".
pub fn role_added(role: &NewRole) -> String {
    let mut details = Vec::new();
    if !role.aliases.is_empty() {
        details.push(format!("aliases {}", role.aliases.join(", ")));
    }
    if !role.member_of.is_empty() {
        details.push(format!("member of {}", role.member_of.join(", ")));
    }
    if details.is_empty() {
        format!("role added: {}", role.name)
    } else {
        format!("role added: {} ({})", role.name, details.join("; "))
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
