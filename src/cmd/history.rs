//! `plan history ID`: every commit that changed one action, oldest first, with the field
//! changes, and the due-date trail that makes repeated slippage visible.

use std::io::Write;
use std::process::ExitCode;

use serde::Serialize;

use crate::cli::HistoryArgs;
use crate::context::Context;
use crate::diff::{self, ActionState, Change, Section, Shift};
use crate::error::Error;
use crate::git::Repo;
use crate::load::{self, Snapshot};
use crate::render::{self, Grid, GridCell};

#[derive(Debug, Serialize)]
struct Entry {
    /// Full commit id; null for uncommitted changes in the working tree.
    commit: Option<String>,
    date: String,
    author: String,
    subject: String,
    changes: Vec<Change>,
}

#[derive(Debug, Serialize)]
struct HistoryView {
    id: String,
    title: String,
    entries: Vec<Entry>,
    /// Times the due date changed (including to or from no date).
    due_moves: usize,
    /// Days from the first dated due-by day to the last.
    due_shift_days: Option<i64>,
    /// The same in whole calendar months, when it is whole months.
    due_shift_months: Option<i32>,
    summary: String,
}

pub fn run(ctx: &Context, args: &HistoryArgs, out: &mut dyn Write) -> Result<ExitCode, Error> {
    let format = ctx.query_format(args.output.format);
    let dir = crate::loading::plan_dir(ctx)?;
    let repo = Repo::open(&dir)?;
    let head_rev = ctx.rev.as_deref().unwrap_or("HEAD");
    let head = repo.resolve(head_rev)?;
    let mut entries = Vec::new();
    let mut trail: Vec<ActionState> = Vec::new();
    let mut previous: Option<ActionState> = None;
    let mut last_ids: Vec<String> = Vec::new();
    let mut record = |mut state: Option<ActionState>, entry: Entry, entries: &mut Vec<Entry>| {
        if let (Some(state), Some(before)) = (&mut state, &previous) {
            diff::Unreadable::carry(state, before);
        }
        let changes = diff::changes_of(previous.as_ref(), state.as_ref());
        if !changes.is_empty() {
            entries.push(Entry { changes, ..entry });
        }
        if let Some(state) = &state {
            trail.push(state.clone());
        }
        previous = state;
    };
    for commit in repo.plan_commits(&head)? {
        let loaded = match repo.snapshot(&commit.id, commit.short_id()) {
            Ok(snapshot) => load::load_from(&dir, snapshot)?,
            // Before the plan folder existed.
            Err(Error::NotAtRevision { .. }) => continue,
            Err(err) => return Err(err),
        };
        let states = diff::states(&loaded.plan, &loaded.sources, &loaded.diagnostics);
        last_ids = states.iter().map(|s| s.id.clone()).collect();
        let state = states.into_iter().find(|s| s.id == args.id);
        let entry = Entry {
            commit: Some(commit.id),
            date: commit.date,
            author: commit.author,
            subject: commit.subject,
            changes: Vec::new(),
        };
        record(state, entry, &mut entries);
    }
    if ctx.rev.is_none() {
        let loaded = load::load_from(&dir, Snapshot::WorkTree)?;
        let states = diff::states(&loaded.plan, &loaded.sources, &loaded.diagnostics);
        last_ids = states.iter().map(|s| s.id.clone()).collect();
        let state = states.into_iter().find(|s| s.id == args.id);
        let entry = Entry {
            commit: None,
            date: String::new(),
            author: String::new(),
            subject: "(uncommitted changes in the working tree)".to_owned(),
            changes: Vec::new(),
        };
        record(state, entry, &mut entries);
    }
    let Some(last) = trail.last() else {
        let ids: Vec<&str> = last_ids.iter().map(String::as_str).collect();
        return Err(Error::UnknownId {
            id: args.id.clone(),
            suggestions: crate::text::closest(&args.id, &ids)
                .map(str::to_owned)
                .into_iter()
                .collect(),
        });
    };
    let due_moves = entries
        .iter()
        .flat_map(|e| &e.changes)
        .filter(|c| {
            matches!(
                c.change,
                Section::Slipped | Section::BroughtForward | Section::DueChanged
            )
        })
        .count();
    let dated: Vec<_> = trail.iter().filter_map(|s| s.due_by).collect();
    let shift = match (dated.first(), dated.last()) {
        (Some(&first), Some(&last)) => Some(Shift::between(first, last)),
        _ => None,
    };
    let view = HistoryView {
        id: args.id.clone(),
        title: last.title.clone(),
        summary: trail_summary(&args.id, &entries, due_moves, shift),
        due_moves,
        due_shift_days: shift.map(|s| s.days),
        due_shift_months: shift.and_then(|s| s.months),
        entries,
    };
    let grid = Grid {
        headers: vec!["Date", "Commit", "Author", "Subject", "Changes"],
        rows: view
            .entries
            .iter()
            .map(|e| {
                let changes: Vec<String> = e.changes.iter().map(Change::words).collect();
                vec![
                    GridCell::from(e.date.as_str()),
                    GridCell::from(e.commit.as_deref().map_or("", crate::git::short_id)),
                    GridCell::from(e.author.as_str()),
                    GridCell::from(e.subject.as_str()),
                    GridCell::from(changes.join(" · ")),
                ]
            })
            .collect(),
        wide: Some(4),
        droppable: vec![2], // the author: the commit and subject say more
    };
    render::write_result(out, format, ctx.color, &view, &grid, Some(&view.summary))?;
    Ok(ExitCode::SUCCESS)
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
