//! The plan as every writer reads it: one borrowed row per action and per priority, with the
//! values derived from the model (owner names, due forms, file and line) worked out in one
//! place. JSON views, tables, reports and diffs are built from these rows, never from the
//! model directly, so they cannot disagree about what an action says.
//!
//! Rows do not depend on the day asked about; what does (overdue, days late, report status)
//! is worked out by the reader from [`crate::model::Action`]'s own rules.

use std::borrow::Cow;

use chrono::NaiveDate;

use crate::diag::SourceMap;
use crate::model::{Action, EffectiveDue, Plan, Priority, PriorityIdx, Rag, Status, Update};

/// One action, borrowed from the plan.
#[derive(Clone, Debug)]
pub struct ActionRow<'a> {
    pub action: &'a Action,
    pub id: &'a str,
    pub title: &'a str,
    pub priority_id: &'a str,
    pub priority_title: &'a str,
    /// Effective owners, canonical roster names.
    pub owners: Vec<&'a str>,
    /// Owner names written (or inherited) that are not on the roster.
    pub unknown_owners: &'a [String],
    /// The due date exactly as written (or inherited), also when it could not be read.
    pub due_written: Option<&'a str>,
    /// Why the due date could not be read (SPEC "Degrade, don't block"), or `None`.
    pub due_problem: Option<&'a str>,
    /// Normalised form, e.g. `April 2004`.
    pub due_canonical: Option<String>,
    /// First and last day of the due period (none for continuous or undated).
    pub due_from: Option<NaiveDate>,
    pub due_by: Option<NaiveDate>,
    pub due_note: Option<&'a str>,
    pub status: Status,
    /// A standing commitment ("continuous"): shown so, not as undated.
    pub standing: bool,
    pub source: Option<&'a str>,
    /// Relative to the plan folder's parent, `/`-separated.
    pub file: &'a str,
    pub line: usize,
    /// The newest progress update.
    pub latest: Option<Latest<'a>>,
    /// When a done action was finished (only for closed actions).
    pub done_on: Option<NaiveDate>,
    /// Days after its due-by day that a done action was finished, if it was late.
    pub done_days_late: Option<i64>,
}

/// An action's latest progress update, as writers show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Latest<'a> {
    pub date: NaiveDate,
    pub rag: Option<Rag>,
    pub percent: Option<u8>,
    /// The role that reported it (roster name), if given.
    pub by: Option<&'a str>,
    pub note: &'a str,
    /// The period of a recurring commitment it counts for ("2025/26 Q2"); `None` for other
    /// due dates.
    pub counts_for: Option<String>,
}

impl<'a> Latest<'a> {
    pub fn of(plan: &'a Plan, action: &'a Action) -> Option<Latest<'a>> {
        action
            .latest_update()
            .map(|u| Latest::from_update(plan, action, u))
    }

    /// Any one progress update of `action`, as writers show it.
    pub fn from_update(plan: &'a Plan, action: &Action, update: &'a Update) -> Latest<'a> {
        Latest {
            date: update.date,
            rag: update.rag,
            percent: update.percent,
            by: update.by.map(|by| plan.roster.name(by)),
            note: &update.note,
            counts_for: action.counts_for(update.date).map(|(_, name)| name),
        }
    }

    /// "amber, 40%" (empty when neither is given).
    pub fn rating(&self) -> String {
        let mut parts: Vec<String> = self.rag.iter().map(|r| r.name().to_owned()).collect();
        parts.extend(self.percent.map(|p| format!("{p}%")));
        parts.join(", ")
    }
}

impl<'a> ActionRow<'a> {
    pub fn new(plan: &'a Plan, sources: &'a SourceMap, action: &'a Action) -> Self {
        let priority = plan.priority(action.priority);
        let due = action.due.due.as_ref();
        let (file, line) = sources.file_line(&action.place);
        ActionRow {
            action,
            id: &action.id,
            title: &action.title,
            priority_id: &priority.id,
            priority_title: &priority.title,
            owners: plan.owner_names(&action.owners),
            unknown_owners: &action.owners.unknown,
            due_written: written(&action.due),
            due_problem: action.due.unreadable.as_ref().map(|u| u.problem.as_str()),
            due_canonical: due.map(|due| due.canonical()),
            due_from: due.and_then(|d| d.period.starts_on()),
            due_by: action.due_by(),
            due_note: action.due.note.as_deref(),
            status: action.status,
            standing: due.is_some_and(|d| d.period.is_continuous()),
            source: action.source.as_deref(),
            file,
            line,
            latest: Latest::of(plan, action),
            done_on: action.done_on.filter(|_| !action.status.is_open()),
            done_days_late: action.days_late_done(),
        }
    }
}

impl ActionRow<'_> {
    /// Roster names, then names not on the roster marked as such, for people to read.
    pub fn owners_shown(&self) -> Vec<String> {
        shown(&self.owners, self.unknown_owners)
    }
}

fn shown(names: &[&str], unknown: &[String]) -> Vec<String> {
    names
        .iter()
        .map(|n| (*n).to_owned())
        .chain(unknown.iter().map(|n| not_on_the_roster(n).into_owned()))
        .collect()
}

/// An owner name that is not on the roster, as [`ActionRow::owners_shown`] shows it.
pub fn not_on_the_roster(name: &str) -> Cow<'static, str> {
    Cow::Owned(format!("\"{name}\" (not on the roster)"))
}

/// The due date as written: the period's text, or the raw text that could not be read.
fn written(due: &EffectiveDue) -> Option<&str> {
    due.due
        .as_ref()
        .map(|d| d.written.as_str())
        .or_else(|| due.unreadable.as_ref().map(|u| u.written.as_str()))
}

/// One priority, borrowed from the plan.
#[derive(Clone, Debug)]
pub struct PriorityRow<'a> {
    pub idx: PriorityIdx,
    pub priority: &'a Priority,
    pub id: &'a str,
    pub title: &'a str,
    pub parent: Option<&'a str>,
    pub description: Option<&'a str>,
    pub aims: &'a [String],
    /// Effective owners (own or inherited), canonical roster names.
    pub owners: Vec<&'a str>,
    /// Owner names on the priority that are not on the roster.
    pub unknown_owners: &'a [String],
    pub due: &'a EffectiveDue,
    pub due_written: Option<&'a str>,
    /// Why the due date could not be read, or `None`.
    pub due_problem: Option<&'a str>,
    pub due_canonical: Option<String>,
    pub due_by: Option<NaiveDate>,
    pub due_note: Option<&'a str>,
    pub source: Option<&'a str>,
    pub file: &'a str,
    pub line: usize,
}

impl<'a> PriorityRow<'a> {
    pub fn new(plan: &'a Plan, sources: &'a SourceMap, idx: PriorityIdx) -> Self {
        let p = plan.priority(idx);
        let (file, line) = sources.file_line(&p.place);
        PriorityRow {
            idx,
            priority: p,
            id: &p.id,
            title: &p.title,
            parent: p.parent.map(|q| plan.priority(q).id.as_str()),
            description: p.description.as_deref(),
            aims: &p.aims,
            owners: plan.owner_names(&p.owners),
            unknown_owners: &p.owners.unknown,
            due: &p.due,
            due_written: written(&p.due),
            due_problem: p.due.unreadable.as_ref().map(|u| u.problem.as_str()),
            due_canonical: p.due.canonical(),
            due_by: p.due.due_by(),
            due_note: p.due.note.as_deref(),
            source: p.source.as_deref(),
            file,
            line,
        }
    }
}

/// Every priority with its depth, depth-first and children in file order, so nesting reads
/// top-down. Recursive, but never deeper than [`crate::load::MAX_NESTING`]: the loader
/// refuses more.
pub fn tree_order(plan: &Plan) -> Vec<(PriorityIdx, usize)> {
    fn walk(
        plan: &Plan,
        parent: Option<PriorityIdx>,
        depth: usize,
        out: &mut Vec<(PriorityIdx, usize)>,
    ) {
        for child in plan.children(parent) {
            out.push((child, depth));
            walk(plan, Some(child), depth + 1, out);
        }
    }
    let mut order = Vec::new();
    walk(plan, None, 0, &mut order);
    order
}

/// The actions under each priority (by index), nested priorities' included, in one pass:
/// O(actions × depth), where filtering every action for every priority was quadratic.
pub fn actions_under(plan: &Plan) -> Vec<Vec<&Action>> {
    let mut under: Vec<Vec<&Action>> = vec![Vec::new(); plan.priorities.len()];
    for action in &plan.actions {
        for p in plan.ancestry(action.priority) {
            under[p.index()].push(action);
        }
    }
    under
}
