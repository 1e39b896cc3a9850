//! The one way `plan` changes plan files. Every command that writes a plan file goes through
//! here, so every write gets the same guarantees:
//!
//! - **Untouched bytes stay identical.** Files are edited as [`toml_edit::DocumentMut`]s:
//!   comments, key order, blank lines and formatting of everything the edit does not change
//!   are kept. A file that would not read back byte-for-byte is refused before any change.
//! - **The whole plan is re-validated first.** The changed text is put in place of the file's
//!   in memory ([`Snapshot::Overlay`]) and the whole plan loaded and checked again; an edit
//!   that leaves the plan unloadable, or with an error it did not have before, is refused
//!   (exit 2) and nothing is written.
//! - **Writes are atomic, and all or nothing** ([`Transaction`], [`write_atomic`]): each file
//!   to a hidden temporary file in its folder (with the file's mode, owner and group from the
//!   start), flushed; then all renamed over their files; if one rename fails, those already
//!   renamed are put back. No temporary file is left on any path; a file with hard links, or
//!   larger than `ulimit -f` allows, is refused before anything is written.
//! - **Concurrent changes are not lost.** Every writer holds the plan's one write lock
//!   ([`lock()`], `.plan.lock` beside `plan.toml`) from reading the files to the last rename, so
//!   writers of one plan take turns; a second waits a bounded time, then stops (exit 2) naming
//!   the holder. A file whose bytes changed on disk since it was read (an editor, a `git
//!   checkout`) is still refused ([`Error::ChangedOnDisk`]).
//! - `--dry-run` prints the change as a unified diff and writes nothing; `--commit` commits
//!   just the changed files with the one-line summary as the message.
//!
//! # Using it
//!
//! Changing existing files (`plan set`, `plan update`, `plan waive`, ...):
//!
//! ```no_run
//! # fn demo(ctx: &plan::context::Context, args: &plan::cli::EditArgs, out: &mut dyn std::io::Write)
//! # -> Result<std::process::ExitCode, plan::error::Error> {
//! let mut edit = plan::loading::for_edit(ctx)?;    // loads the working tree
//! let table = edit.action_table("cc-1")?;          // that action's `[[action]]` table
//! plan::edit::toml::set(table, "status", "done");  // keeps the old value's comment
//! let outcome = edit.finish(args.mode(), "cc-1: done")?; // validate, diff or write, commit
//! plan::loading::said(outcome, "cc-1: done", out)  // the command says it, and answers
//! # }
//! ```
//!
//! Nothing here prints or picks an exit code: [`Edit::finish`] returns an [`Outcome`] (the
//! diff, or the [`Findings`] that refused the change), and the command hands it to the
//! writers and the one owner of stderr ([`crate::loading::said`]).
//!
//! Creating new files (`plan init`, `plan import`): take the plan's write lock ([`lock()`]),
//! validate the new plan yourself (for example [`crate::load::load_from`] with a
//! [`Snapshot::Files`] of the new files), then write them all or none with a [`Transaction`]:
//!
//! ```no_run
//! # fn demo(plan_dir: &std::path::Path, files: Vec<(std::path::PathBuf, Vec<u8>, Option<Vec<u8>>)>)
//! # -> Result<(), plan::error::Error> {
//! use plan::edit::{Expect, Transaction};
//! let _lock = plan::edit::lock(plan_dir)?;          // before reading what is there
//! let mut tx = Transaction::new();
//! for (path, bytes, existing) in &files {
//!     let expect = match existing {
//!         Some(old) => Expect::Bytes(old),             // replaced only if still as read
//!         None => Expect::Absent,                      // never over a file; folders made
//!     };
//!     tx.stage(path, bytes.clone(), expect);
//! }
//! tx.commit()?; // every temporary file written and flushed, then all renamed; on any failure
//!               // the renamed ones are put back and the error says nothing changed
//! # Ok(()) }
//! ```
//!
//! [`write_atomic`] is the same for one file. [`unified_diff`] renders a change for a
//! `--dry-run`.
//!
//! Files for people (`-o FILE` of `report` and `calendar`, see [`crate::output`]) use the same
//! writer with [`Expect::Any`]: replaced whole or left as they were.

mod atomic;
pub mod close;
pub mod indicator;
pub mod lock;
pub mod roster;
pub mod set;
pub mod toml;
pub mod waive;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use toml_edit::{DocumentMut, Table};

pub use atomic::{Expect, Transaction, read_existing, write_atomic};
pub use lock::{PlanLock, lock};

use crate::diag::{Diagnostic, FileId, SourceMap};
use crate::error::Error;
use crate::load::{self, Loaded, Snapshot};
use crate::model::{ActionIdx, Plan, PriorityIdx};

/// An edit in progress: the plan as loaded before it, and the files opened for change.
pub struct Edit {
    dir: PathBuf,
    today: chrono::NaiveDate,
    before: Loaded,
    files: BTreeMap<FileId, OpenFile>,
    /// The plan's write lock, held from before the plan was read until the edit is dropped.
    lock: Option<PlanLock>,
}

/// A plan file opened for change: its bytes as read, and the document being edited.
struct OpenFile {
    path: PathBuf,
    display: String,
    bytes: Vec<u8>,
    framing: Framing,
    doc: DocumentMut,
}

#[derive(Debug, Clone, Copy)]
struct Ending {
    crlf: bool,
    final_newline: bool,
}

impl Default for Ending {
    /// A new file's: `\n`, and a final one.
    fn default() -> Ending {
        Ending {
            crlf: false,
            final_newline: true,
        }
    }
}

impl Ending {
    /// How `text` ends its lines, and the text as edited; a file that mixes `\r\n` with `\n`
    /// cannot be written back in its own style, so why is said.
    fn of(text: &str) -> Result<(Ending, String), String> {
        let crlf = text.contains("\r\n");
        if crlf && text.replace("\r\n", "").contains('\n') {
            return Err("its lines end in a mix of CRLF (Windows) and LF; save it with one kind of line ending (most editors can convert it) and edit again".into());
        }
        let mut edited = if crlf {
            text.replace("\r\n", "\n")
        } else {
            text.to_owned()
        };
        let final_newline = edited.is_empty() || edited.ends_with('\n');
        if !final_newline {
            edited.push('\n');
        }
        Ok((
            Ending {
                crlf,
                final_newline,
            },
            edited,
        ))
    }

    fn restore(self, mut edited: String) -> String {
        if !self.final_newline && edited.ends_with('\n') {
            edited.pop();
        }
        if self.crlf {
            edited = edited.replace('\n', "\r\n");
        }
        edited
    }
}

/// What [`Edit::finish`] does with a valid change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Print the change as a unified diff and write nothing.
    DryRun,
    /// Write the changed files.
    Write,
    /// Write them and commit them with git, the summary as the message.
    Commit,
}

/// What [`Edit::finish`] did, for the command to say and answer with.
#[derive(Debug)]
pub enum Outcome {
    /// The files already say this: nothing to write.
    Unchanged,
    /// The change would give the plan errors it did not have: nothing was written.
    Refused(Findings),
    /// [`Mode::DryRun`]: each changed file's change as a unified diff; nothing written.
    DryRun(Vec<String>),
    /// The files are written (and, for [`Mode::Commit`], committed); the error when git
    /// then refused the commit.
    Written(Option<Error>),
}

impl Outcome {
    /// The command's answer: an error for a refused change or a commit git refused.
    pub fn into_result(self) -> Result<(), Error> {
        match self {
            Outcome::Refused(found) => Err(Error::EditRefused {
                count: found.diagnostics.len(),
            }),
            Outcome::Written(Some(err)) => Err(err),
            Outcome::Unchanged | Outcome::DryRun(_) | Outcome::Written(None) => Ok(()),
        }
    }
}

/// Findings that refuse a write (an edit's or an import's), with the files they point into.
#[derive(Debug)]
pub struct Findings {
    pub sources: SourceMap,
    pub diagnostics: Vec<Diagnostic>,
}

/// An item an edit can target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Action(ActionIdx),
    Priority(PriorityIdx),
}

impl Edit {
    /// An edit of the plan folder `dir`, as `before` loaded it from the working tree, checked
    /// on `today`. The caller has refused a plan with blocking errors, in which an item could
    /// be misidentified ([`crate::loading::for_edit`] does both).
    pub fn new(dir: PathBuf, today: chrono::NaiveDate, before: Loaded) -> Edit {
        Edit {
            dir,
            today,
            before,
            files: BTreeMap::new(),
            lock: None,
        }
    }

    /// The same edit, holding the plan's write lock (taken before `before` was read) until
    /// it is finished or dropped.
    pub fn holding(mut self, lock: PlanLock) -> Edit {
        self.lock = Some(lock);
        self
    }

    /// The plan as it was before this edit.
    pub fn plan(&self) -> &Plan {
        &self.before.plan
    }

    /// The plan as loaded before this edit, with its sources and findings.
    pub fn loaded(&self) -> &Loaded {
        &self.before
    }

    /// The priority or action with this id, or [`Error::UnknownId`] with a suggestion (an
    /// indicator's id is refused, naming what it is).
    pub fn find(&self, id: &str) -> Result<Target, Error> {
        let plan = self.plan();
        if let Some(idx) = plan.find_action(id) {
            return Ok(Target::Action(idx));
        }
        if let Some(idx) = plan.find_priority(id) {
            return Ok(Target::Priority(idx));
        }
        if plan.find_indicator(id).is_some() {
            return Err(Error::Usage(format!(
                "\"{id}\" is an indicator; this command changes actions and priorities (plan record writes an indicator's figures)"
            )));
        }
        Err(crate::filter::unknown_id(plan, id))
    }

    /// The table a waiver of the item with this id goes in: an action's `[[action]]`, a
    /// priority's `[priority]` or an indicator's `[[indicator]]`; an unknown id is
    /// [`Error::UnknownItem`], suggesting the nearest of all three.
    pub fn waivable_table(&mut self, id: &str) -> Result<&mut Table, Error> {
        self.find_item(id)?;
        if let Some(i) = self.plan().find_indicator(id) {
            let file = self.plan().indicators[i].place.file;
            return self.array_table(file, "indicator", id);
        }
        match self.find(id)? {
            Target::Action(_) => self.action_table(id),
            Target::Priority(idx) => self.priority_table(idx),
        }
    }

    /// Whether a priority, action or indicator has this id: else [`Error::UnknownItem`],
    /// suggesting the nearest of all three.
    pub fn find_item(&self, id: &str) -> Result<(), Error> {
        let plan = self.plan();
        let known = plan.find_indicator(id).is_some()
            || plan.find_action(id).is_some()
            || plan.find_priority(id).is_some();
        if known {
            Ok(())
        } else {
            Err(crate::filter::unknown_item(plan, id))
        }
    }

    /// The `[[key]]` table with this id in `file`.
    fn array_table(&mut self, file: FileId, key: &str, id: &str) -> Result<&mut Table, Error> {
        let open = self.open_file(file)?;
        let path = open.path.clone();
        open.doc
            .get_mut(key)
            .and_then(toml_edit::Item::as_array_of_tables_mut)
            .and_then(|tables| {
                tables
                    .iter_mut()
                    .find(|t| t.get("id").and_then(|v| v.as_str()) == Some(id))
            })
            .ok_or_else(|| Error::CannotEdit {
                path,
                reason: format!("no [[{key}]] table with id = \"{id}\" found to change"),
            })
    }

    /// The action with this id (an id of a priority is refused, naming what it is).
    pub fn find_action(&self, id: &str) -> Result<ActionIdx, Error> {
        match self.find(id)? {
            Target::Action(idx) => Ok(idx),
            Target::Priority(_) => Err(Error::Usage(format!(
                "\"{id}\" is a priority; this command changes actions"
            ))),
        }
    }

    /// Appends a progress update to the action's table.
    pub fn push_update(&mut self, id: &str, update: &toml::NewUpdate<'_>) -> Result<(), Error> {
        let table = self.action_table(id)?;
        toml::push_update(table, update)
            .map_err(|reason| Error::Usage(format!("cannot add an update to \"{id}\": {reason}")))
    }

    /// Appends a new action's table (`edit::toml::NewItem::table`) to the file of the
    /// priority (`shown`: as the user named it).
    pub fn push_action(
        &mut self,
        priority: PriorityIdx,
        table: Table,
        shown: &str,
    ) -> Result<(), Error> {
        let file = self.plan().priority(priority).place.file;
        let actions = self
            .document(file)?
            .entry("action")
            .or_insert(toml_edit::Item::ArrayOfTables(toml_edit::ArrayOfTables::new()))
            .as_array_of_tables_mut()
            .ok_or_else(|| {
                Error::Usage(format!(
                    "cannot add to priority \"{shown}\": its file writes `action` as something other than [[action]] tables"
                ))
            })?;
        actions.push(table);
        Ok(())
    }

    /// The `[[action]]` table of the action with this id.
    pub fn action_table(&mut self, id: &str) -> Result<&mut Table, Error> {
        let idx = self.find_action(id)?;
        let file = self.plan().action(idx).place.file;
        self.array_table(file, "action", id)
    }

    /// The `[priority]` table of the priority with this id.
    pub fn priority_table(&mut self, idx: PriorityIdx) -> Result<&mut Table, Error> {
        let file = self.plan().priority(idx).place.file;
        let open = self.open_file(file)?;
        let path = open.path.clone();
        open.doc
            .get_mut("priority")
            .and_then(toml_edit::Item::as_table_mut)
            .ok_or_else(|| Error::CannotEdit {
                path,
                reason: "no [priority] table found to change".into(),
            })
    }

    /// The whole document of a plan file, opened for change.
    pub fn document(&mut self, file: FileId) -> Result<&mut DocumentMut, Error> {
        Ok(&mut self.open_file(file)?.doc)
    }

    fn open_file(&mut self, file: FileId) -> Result<&mut OpenFile, Error> {
        if !self.files.contains_key(&file) {
            let source = self.before.sources.get(file);
            let opened = OpenFile::read(&source.path, &source.display)?;
            self.files.insert(file, opened);
        }
        Ok(self.files.get_mut(&file).expect("inserted above"))
    }

    /// Validates the changed plan, then makes the diff ([`Mode::DryRun`]) or writes the files
    /// (and commits them, [`Mode::Commit`], with `summary`, one line saying what changed, as
    /// the message). Says nothing itself: the [`Outcome`] is the command's to say.
    pub fn finish(self, mode: Mode, summary: &str) -> Result<Outcome, Error> {
        // The summary quotes what the user typed or a spreadsheet held (a title, a role
        // name): it goes into a commit message (and to a terminal, `render::edit`), so no
        // control may pass.
        let summary = &crate::text::terminal_safe(summary);
        let changed: Vec<(&OpenFile, Vec<u8>)> = self
            .files
            .values()
            .map(|f| (f, f.new_bytes()))
            .filter(|(f, new)| *new != f.bytes)
            .collect();
        if changed.is_empty() {
            return Ok(Outcome::Unchanged);
        }
        // A plan file that is a link out of the plan (a shared `owners.toml`) is read, but
        // never written through: the same rule as import's, for every edit.
        for (file, _) in &changed {
            crate::paths::refuse_outside_plan(&file.path, &self.dir)?;
        }
        if let Some(found) = self.validate(&changed)? {
            return Ok(Outcome::Refused(found));
        }
        if mode == Mode::DryRun {
            let diffs = changed
                .iter()
                .map(|(file, new)| {
                    let old = String::from_utf8_lossy(&file.bytes);
                    let new = String::from_utf8_lossy(new);
                    unified_diff(&file.display, &old, &new)
                })
                .collect();
            return Ok(Outcome::DryRun(diffs));
        }
        let repo = if mode == Mode::Commit {
            Some(crate::git::Repo::open(&self.dir)?)
        } else {
            None
        };
        // All the changed files, or none of them.
        let mut tx = Transaction::new();
        for (file, new) in &changed {
            tx.stage(&file.path, new.clone(), Expect::Bytes(&file.bytes));
        }
        tx.commit()?;
        let Some(repo) = repo else {
            return Ok(Outcome::Written(None));
        };
        let paths: Vec<&Path> = changed.iter().map(|(f, _)| f.path.as_path()).collect();
        // The files are written by now: say so, whatever git refuses (a hook, say).
        let refused = repo.commit_files(&paths, summary).err().map(|err| {
            let shown: Vec<String> = changed.iter().map(|(f, _)| f.display.clone()).collect();
            Error::Usage(format!(
                "the change is written to {} and staged, but not committed: {err}\nhelp: commit it yourself once git accepts it (git commit), or undo it (git restore --staged --worktree FILE)",
                shown.join(", ")
            ))
        });
        Ok(Outcome::Written(refused))
    }

    /// Loads the plan with the changed files in place; the errors it did not have before.
    fn validate(&self, changed: &[(&OpenFile, Vec<u8>)]) -> Result<Option<Findings>, Error> {
        let overlay = changed
            .iter()
            .map(|(f, new)| (f.path.clone(), new.clone()))
            .collect();
        let after = load::load_from(&self.dir, Snapshot::Overlay(overlay))?;
        let new = new_errors(
            (&self.before.sources, &errors(&self.before, self.today)),
            (&after.sources, errors(&after, self.today)),
        );
        Ok((!new.is_empty()).then(|| Findings {
            sources: after.sources,
            diagnostics: new,
        }))
    }
}

impl OpenFile {
    fn read(path: &Path, display: &str) -> Result<OpenFile, Error> {
        let cannot = |reason: String| Error::CannotEdit {
            path: path.to_path_buf(),
            reason,
        };
        // Only a regular file, never blocking on a FIFO swapped in since the plan was read.
        let bytes = read_existing(path)?.ok_or_else(|| Error::ChangedOnDisk(path.to_path_buf()))?;
        let (framing, doc) = Framing::open(&bytes).map_err(cannot)?;
        Ok(OpenFile {
            path: path.to_path_buf(),
            display: display.to_owned(),
            bytes,
            framing,
            doc,
        })
    }

    fn new_bytes(&self) -> Vec<u8> {
        self.framing.bytes(&self.doc)
    }
}

/// How a file's text is framed around its TOML: a UTF-8 byte-order mark, its own line ending
/// and last line, put back on writing (the document is edited with `\n` line ends and a final
/// one). The one reading and writing of a plan file's bytes for an edit, so every edit (and
/// `import` adding roles) keeps them.
#[derive(Debug, Clone, Copy, Default)]
pub struct Framing {
    bom: bool,
    ending: Ending,
}

impl Framing {
    /// The document in `bytes`, and how to frame it again; why not when it cannot be edited
    /// keeping every byte the edit is not about.
    pub fn open(bytes: &[u8]) -> Result<(Framing, DocumentMut), String> {
        let bom = bytes.starts_with(b"\xEF\xBB\xBF");
        let text = std::str::from_utf8(&bytes[if bom { 3 } else { 0 }..])
            .map_err(|_| "not UTF-8 text".to_owned())?;
        let (ending, text) = Ending::of(text)?;
        let doc: DocumentMut = text
            .parse()
            .map_err(|err| format!("not valid TOML: {err}"))?;
        // The promise is that nothing else changes; check it can be kept before changing.
        if doc.to_string() != text {
            return Err(
                "it would not be written back byte-for-byte, so editing it could change lines the edit is not about".into(),
            );
        }
        Ok((Framing { bom, ending }, doc))
    }

    /// The bytes of `doc` framed as the file was.
    pub fn bytes(self, doc: &DocumentMut) -> Vec<u8> {
        let mut bytes = Vec::new();
        if self.bom {
            bytes.extend_from_slice(b"\xEF\xBB\xBF");
        }
        bytes.extend_from_slice(self.ending.restore(doc.to_string()).as_bytes());
        bytes
    }
}

/// The errors `plan check` would report (with `plan.toml`'s own `[check]` settings).
fn errors(loaded: &Loaded, today: chrono::NaiveDate) -> Vec<Diagnostic> {
    crate::check::findings(loaded, today)
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect()
}

/// Errors in `after` that `before` did not have. Errors are matched by rule and place: the
/// file and the item (priority, action or indicator) they are about, not their line (lines
/// move when a file is edited) nor their message (an existing error that only grows, such as
/// a `missing-target` naming one more period, is not new). Errors about no item are matched
/// by message as well, having nothing else to tell them apart.
fn new_errors(
    (before_sources, before): (&SourceMap, &[Diagnostic]),
    (after_sources, after): (&SourceMap, Vec<Diagnostic>),
) -> Vec<Diagnostic> {
    let key = |sources: &SourceMap, d: &Diagnostic| {
        let file = d
            .place
            .as_ref()
            .map(|p| sources.get(p.file).display.clone());
        let message = d.id.is_none().then(|| d.message.clone());
        (d.rule, file, d.id.clone(), message)
    };
    let mut seen: HashMap<_, usize> = HashMap::new();
    for d in before {
        *seen.entry(key(before_sources, d)).or_default() += 1;
    }
    after
        .into_iter()
        .filter(|d| match seen.get_mut(&key(after_sources, d)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .collect()
}

/// A unified diff of one file (`--- a/path`, `+++ b/path`, three lines of context).
pub fn unified_diff(display: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{display}"), &format!("b/{display}"))
        .to_string()
}
