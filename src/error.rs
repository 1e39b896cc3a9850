//! Errors that stop a command. Each maps to exit code 2 ("could not do what you asked");
//! problems *found in* a plan are [`crate::diag::Diagnostic`]s, not errors.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(
        "no plan found: no plan/plan.toml in {} or any folder above it\nhelp: run inside a plan repository, or pass --plan DIR (or set PLAN_DIR)",
        .0.display()
    )]
    NoPlanFound(PathBuf),
    #[error("{} is not a plan folder: it has no plan.toml", .0.display())]
    NotAPlanFolder(PathBuf),
    #[error(
        "{}: {reason}\nhelp: the plan folder's plan.toml must be a readable file; fix it (plan never falls back to another plan further up)",
        .path.display()
    )]
    UnusablePlanFile { path: PathBuf, reason: String },
    #[error("the plan has {count} error{s}; nothing is reported until they are fixed (see above, or run `plan check`)", s = if *.count == 1 { "" } else { "s" })]
    InvalidPlan { count: usize },
    #[error("unknown owner \"{name}\"{}", owner_help(.name, .suggestions))]
    UnknownOwner {
        name: String,
        suggestions: Vec<String>,
    },
    #[error("no indicator has the id \"{id}\"{}", did_you_mean(.suggestions))]
    UnknownIndicator {
        id: String,
        suggestions: Vec<String>,
    },
    #[error("no priority or action has the id \"{id}\"{}", did_you_mean(.suggestions))]
    UnknownId {
        id: String,
        suggestions: Vec<String>,
    },
    /// For commands that take an indicator's id as well (`show`, `waive`).
    #[error("no priority, action or indicator has the id \"{id}\"{}", did_you_mean(.suggestions))]
    UnknownItem {
        id: String,
        suggestions: Vec<String>,
    },
    #[error("no priority has the id \"{id}\"{}", did_you_mean(.suggestions))]
    UnknownPriority {
        id: String,
        suggestions: Vec<String>,
    },
    #[error("{0}")]
    Usage(String),
    #[error(
        "{} is not in a git repository, so there is no history to read\nhelp: --rev, `plan diff` and `plan history` need the plan folder to be tracked in git",
        .0.display()
    )]
    NotARepository(PathBuf),
    #[error(
        "unknown revision \"{rev}\": {reason}\nhelp: give a commit, tag or branch (e.g. HEAD~1, v1.0, main), as `git log` shows them"
    )]
    BadRevision { rev: String, reason: String },
    #[error("the plan folder {} does not exist at revision \"{rev}\" (no plan.toml there)", .dir)]
    NotAtRevision { dir: String, rev: String },
    #[error("edit refused: it would leave the plan with {count} new error{s} (see above); nothing was written", s = if *.count == 1 { "" } else { "s" })]
    EditRefused { count: usize },
    #[error("nothing imported: the imported plan would have {} (above)", crate::text::plural(*.count, "error", "errors"))]
    ImportRefused { count: usize },
    #[error("edit refused: {} changed on disk while this edit was being prepared; nothing was written\nhelp: run the command again", .0.display())]
    ChangedOnDisk(PathBuf),
    #[error(
        "another command is changing the plan ({}); gave up after waiting {} s, nothing was written\nhelp: run this again when it has finished (it holds {}; set PLAN_LOCK_WAIT to the seconds to wait)",
        .holder.as_deref().unwrap_or("its process id is not recorded"),
        .waited.as_secs_f64(),
        .path.display()
    )]
    Locked {
        path: PathBuf,
        holder: Option<String>,
        waited: std::time::Duration,
    },
    #[error("{}", cannot_edit(.path, .reason))]
    CannotEdit { path: PathBuf, reason: String },
    #[error("cannot write {}: {source}", .path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A write of several files failed; every file is as it was.
    #[error("cannot write {}: {source}; nothing was changed (no file of this command was written, or each was put back as it was)", .path.display())]
    NotWritten {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A write of several files failed, and some written files could not be put back.
    #[error("cannot write {}: {reason}; and {} could not be put back as it was: {}", .path.display(), crate::text::plural(.unrestored.len(), "file", "files"), unrestored_list(.unrestored))]
    HalfWritten {
        path: PathBuf,
        reason: String,
        /// Each file not put back, and where its original is kept (`None`: a new file).
        unrestored: Vec<(PathBuf, Option<PathBuf>)>,
    },
    #[error("git failed: {0}")]
    Git(String),
    /// Writing the answer failed (a full disk, a closed file). A reader that stops early is
    /// not this: [`crate::run`] keeps writing quietly and exits with the answer's code.
    #[error("cannot write output: {0}")]
    Output(std::io::Error),
    /// Any other I/O failure, with what was being done. Deliberately no `From<io::Error>`:
    /// each I/O error says what it was about.
    #[error("{what}: {source}")]
    Io {
        what: String,
        source: std::io::Error,
    },
}

/// `cannot edit PATH: REASON; nothing was written`, with any `help:` line of the reason
/// after it, where help goes.
fn cannot_edit(path: &std::path::Path, reason: &str) -> String {
    let (why, help) = match reason.split_once("\nhelp: ") {
        Some((why, help)) => (why, format!("\nhelp: {help}")),
        None => (reason, String::new()),
    };
    format!(
        "cannot edit {}: {why}; nothing was written{help}",
        path.display()
    )
}

fn unrestored_list(files: &[(PathBuf, Option<PathBuf>)]) -> String {
    files
        .iter()
        .map(|(path, kept)| match kept {
            Some(kept) => format!("{} (its old text is in {})", path.display(), kept.display()),
            None => format!("{} (new; delete it)", path.display()),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// "Did you mean" when the roster has a near name; else how to add the role (a new officer
/// is the usual reason a name is not on the roster yet).
fn owner_help(name: &str, suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        format!(
            "\nhelp: no role of that name is on the roster; a new one? add it first with: plan role add \"{name}\""
        )
    } else {
        did_you_mean(suggestions)
    }
}

fn did_you_mean(suggestions: &[String]) -> String {
    crate::text::did_you_mean(suggestions, crate::text::Quote::Value)
        .map(|help| format!("\nhelp: {help}"))
        .unwrap_or_default()
}
