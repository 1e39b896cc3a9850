//! One action's history: every commit that changed it, oldest first, with the field changes,
//! and the due-date trail that makes repeated slippage visible (`plan history`).

use std::path::Path;

use serde::Serialize;

use crate::diff::{self, ActionState, Change, Section, Shift};
use crate::error::Error;
use crate::git::{Commit, Repo};
use crate::load::{self, Snapshot};

#[derive(Debug, Serialize)]
pub struct Entry {
    /// Full commit id; null for uncommitted changes in the working tree.
    pub commit: Option<String>,
    pub date: String,
    pub author: String,
    pub subject: String,
    pub changes: Vec<Change>,
}

#[derive(Debug, Serialize)]
pub struct History {
    pub id: String,
    pub title: String,
    pub entries: Vec<Entry>,
    /// Times the due date changed (including to or from no date).
    pub due_moves: usize,
    /// Days from the first dated due-by day to the last.
    pub due_shift_days: Option<i64>,
    /// The same in whole calendar months, when it is whole months.
    pub due_shift_months: Option<i32>,
    pub summary: String,
}

/// The history of action `id` in the plan folder `dir`, through the commits up to `head`,
/// then (with `worktree`) the uncommitted working tree.
pub fn of(repo: &Repo, dir: &Path, head: &str, id: &str, worktree: bool) -> Result<History, Error> {
    let mut walk = Walk::default();
    let mut versions = repo.walk()?;
    let mut last_tree = None;
    let mut cache = load::FileCache::default();
    for commit in repo.plan_commits(head)? {
        let version = match versions.version(&commit.id, commit.short_id()) {
            Ok(version) => version,
            // Before the plan folder existed.
            Err(Error::NotAtRevision { .. }) => continue,
            Err(err) => return Err(err),
        };
        // The same plan folder as the version before (only files outside it changed):
        // nothing the action depends on can have changed.
        if last_tree.as_ref() == Some(&version.tree) {
            continue;
        }
        last_tree = Some(version.tree);
        let loaded = load::load_version(dir, version.snapshot, &mut cache)?;
        walk.visit(&loaded, id, committed(commit));
    }
    if worktree {
        let loaded = load::load_from(dir, Snapshot::WorkTree)?;
        let entry = Entry {
            commit: None,
            date: String::new(),
            author: String::new(),
            subject: "(uncommitted changes in the working tree)".to_owned(),
            changes: Vec::new(),
        };
        walk.visit(&loaded, id, entry);
    }
    walk.finish(id)
}

fn committed(commit: Commit) -> Entry {
    Entry {
        commit: Some(commit.id),
        date: commit.date,
        author: commit.author,
        subject: commit.subject,
        changes: Vec::new(),
    }
}

/// The walk through the plan's versions: each version's state of the action, compared with
/// the last readable one.
#[derive(Default)]
struct Walk {
    entries: Vec<Entry>,
    trail: Vec<ActionState>,
    previous: Option<ActionState>,
    /// Ids in the last version, for "did you mean" when the id was never there.
    last_ids: Vec<String>,
    /// The id is an indicator's in the last version: history follows actions.
    indicator: bool,
}

impl Walk {
    fn visit(&mut self, loaded: &load::Loaded, id: &str, entry: Entry) {
        let mut state = diff::state_of(&loaded.plan, &loaded.sources, &loaded.diagnostics, id);
        // Only wanted if the action is in no version at all (for "did you mean").
        self.indicator = state.is_none() && loaded.plan.find_indicator(id).is_some();
        self.last_ids = match state {
            Some(_) => Vec::new(),
            None => (loaded.plan.actions.iter())
                .filter(|a| !a.id.is_empty())
                .map(|a| a.id.to_string())
                .collect(),
        };
        if let (Some(state), Some(before)) = (&mut state, &self.previous) {
            diff::Unreadable::carry(state, before);
        }
        let changes = diff::changes_of(self.previous.as_ref(), state.as_ref());
        if !changes.is_empty() {
            self.entries.push(Entry { changes, ..entry });
        }
        if let Some(state) = &state {
            self.trail.push(state.clone());
        }
        self.previous = state;
    }

    fn finish(self, id: &str) -> Result<History, Error> {
        let Some(last) = self.trail.last() else {
            if self.indicator {
                return Err(Error::Usage(format!(
                    "\"{id}\" is an indicator: plan history follows an action through the commits; plan diff REV lists an indicator's new actuals, restated values and changed targets"
                )));
            }
            let ids: Vec<&str> = self.last_ids.iter().map(String::as_str).collect();
            return Err(Error::UnknownId {
                id: id.to_owned(),
                suggestions: crate::text::closest(id, &ids)
                    .map(str::to_owned)
                    .into_iter()
                    .collect(),
            });
        };
        let due_moves = self
            .entries
            .iter()
            .flat_map(|e| &e.changes)
            .filter(|c| {
                matches!(
                    c.change,
                    Section::Slipped | Section::BroughtForward | Section::DueChanged
                )
            })
            .count();
        let dated: Vec<_> = self.trail.iter().filter_map(|s| s.due_by).collect();
        let shift = match (dated.first(), dated.last()) {
            (Some(&first), Some(&last)) => Some(Shift::between(first, last)),
            _ => None,
        };
        Ok(History {
            id: id.to_owned(),
            title: last.title.clone(),
            summary: trail_summary(id, &self.entries, due_moves, shift),
            due_moves,
            due_shift_days: shift.map(|s| s.days),
            due_shift_months: shift.and_then(|s| s.months),
            entries: self.entries,
        })
    }
}

/// "rn-1: changed in 4 commits; due moved 3 times, 14 months later in all".
fn trail_summary(id: &str, entries: &[Entry], moves: usize, shift: Option<Shift>) -> String {
    let commits = entries.iter().filter(|e| e.commit.is_some()).count();
    let changed = match (commits, commits < entries.len()) {
        (0, _) => "changed only in the working tree".to_owned(),
        (n, true) => format!(
            "changed in {} and the working tree",
            crate::text::plural(n, "commit", "commits")
        ),
        (n, false) => format!("changed in {}", crate::text::plural(n, "commit", "commits")),
    };
    let due = match (moves, shift) {
        (0, _) => "due date never moved".to_owned(),
        (n, Some(shift)) if shift.days != 0 => format!(
            "due moved {}, {} {} in all",
            times(n),
            shift.words(),
            if shift.days > 0 { "later" } else { "earlier" }
        ),
        (n, Some(_)) => format!("due moved {}, back where it started", times(n)),
        (n, None) => format!("due moved {}", times(n)),
    };
    format!("{id}: {changed}; {due}")
}

fn times(n: usize) -> String {
    match n {
        1 => "once".to_owned(),
        2 => "twice".to_owned(),
        n => format!("{n} times"),
    }
}
