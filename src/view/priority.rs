//! `PriorityRow`: the one projection of a priority, beside [`super::ActionRow`]. It *is* a row
//! of `plan priorities --format json` and, with `"kind": "priority"` in front, the JSON of
//! `plan show PRIORITY`: one shape, so the two cannot disagree about a priority.

use chrono::NaiveDate;
use serde::Serialize;

use super::{iso, written};
use crate::diag::SourceMap;
use crate::model::{ActionIdx, EffectiveDue, Plan, Priority, PriorityIdx};

/// One priority, borrowed from the plan. Field names and order are the JSON of `priorities`
/// and `show`, a stable interface (see README); fields marked `skip` are for the writers.
#[derive(Clone, Debug, Serialize)]
pub struct PriorityRow<'a> {
    #[serde(skip)]
    pub idx: PriorityIdx,
    #[serde(skip)]
    pub priority: &'a Priority,
    pub id: &'a str,
    pub title: &'a str,
    pub parent: Option<&'a str>,
    /// 0 for a top-level priority.
    pub depth: usize,
    pub description: Option<&'a str>,
    pub aims: &'a [String],
    /// Effective owners (own or inherited), canonical roster names.
    pub owners: Vec<&'a str>,
    /// Normalised form (`April 2004`), or none when there is none or it is unreadable.
    #[serde(rename = "due")]
    pub due_canonical: Option<String>,
    #[serde(serialize_with = "iso")]
    pub due_by: Option<NaiveDate>,
    /// Why the priority's own (or inherited) due date could not be read, or `None`; the text
    /// as written is then in `due_unreadable`.
    pub due_problem: Option<&'a str>,
    pub due_unreadable: Option<&'a str>,
    /// Owner names on the priority that are not on the roster (kept, marked, as the tables
    /// show them).
    pub unknown_owners: &'a [String],
    pub due_note: Option<&'a str>,
    pub source: Option<&'a str>,
    /// Ids of the priorities directly under this one, in file order.
    pub priorities: Vec<&'a str>,
    /// Ids of the actions directly under this one (not those of nested priorities).
    pub actions: Vec<&'a str>,
    /// Every action under the priority, nested priorities' included, counted as at the day.
    #[serde(flatten)]
    pub counts: Counts,
    /// Relative to the plan folder's parent, `/`-separated.
    pub file: &'a str,
    pub line: usize,
    #[serde(skip)]
    pub due: &'a EffectiveDue,
    /// The due date as written (or inherited), also when it could not be read.
    #[serde(skip)]
    pub due_written: Option<&'a str>,
}

/// The actions under a priority, nested priorities' included, as at a day.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// All of them, done and dropped included (`actions` lists only the direct ones).
    #[serde(rename = "actions_total")]
    pub total: usize,
    pub open: usize,
    pub overdue: usize,
    pub no_date: usize,
    /// Actions whose due date could not be read: neither overdue nor undated, but unknown.
    pub unreadable: usize,
}

impl<'a> PriorityRow<'a> {
    pub fn new(plan: &'a Plan, sources: &'a SourceMap, tree: &Tree, idx: PriorityIdx) -> Self {
        let p = plan.priority(idx);
        let (file, line) = sources.file_line(&p.place);
        let due_problem = p.due.unreadable.as_ref().map(|u| u.problem.as_str());
        let due_written = written(&p.due);
        PriorityRow {
            idx,
            priority: p,
            id: &p.id,
            title: &p.title,
            parent: p.parent.map(|q| plan.priority(q).id.as_str()),
            depth: tree.depth[idx.index()],
            description: p.description.as_deref(),
            aims: &p.aims,
            owners: plan.owner_names(&p.owners),
            due_canonical: p.due.canonical(),
            due_by: p.due.due_by(),
            due_problem,
            due_unreadable: due_problem.and(due_written),
            unknown_owners: &p.owners.unknown,
            due_note: p.due.note.as_deref(),
            source: p.source.as_deref(),
            priorities: plan
                .children(Some(idx))
                .map(|c| plan.priority(c).id.as_str())
                .collect(),
            actions: tree.direct[idx.index()]
                .iter()
                .map(|&a| &*plan.action(a).id)
                .collect(),
            counts: tree.counts[idx.index()],
            file,
            line,
            due: &p.due,
            due_written,
        }
    }
}

/// What is under every priority, worked out in one pass over the actions
/// (O(actions × depth); filtering every action for every priority was quadratic): its depth,
/// the actions directly under it and the [`Counts`] as at a day.
#[derive(Clone, Debug)]
pub struct Tree {
    depth: Vec<usize>,
    direct: Vec<Vec<ActionIdx>>,
    counts: Vec<Counts>,
}

impl Tree {
    pub fn of(plan: &Plan, today: NaiveDate) -> Tree {
        let n = plan.priorities.len();
        let depth = (0..n)
            .map(|i| plan.ancestry(PriorityIdx::new(i)).count() - 1)
            .collect();
        let mut tree = Tree {
            depth,
            direct: vec![Vec::new(); n],
            counts: vec![Counts::default(); n],
        };
        for (i, action) in plan.actions.iter().enumerate() {
            tree.direct[action.priority.index()].push(ActionIdx(i));
            for p in plan.ancestry(action.priority) {
                let c = &mut tree.counts[p.index()];
                c.total += 1;
                c.open += usize::from(action.status.is_open());
                c.overdue += usize::from(action.is_overdue(today));
                c.no_date += usize::from(action.due.is_undated());
                c.unreadable += usize::from(action.due.unreadable.is_some());
            }
        }
        tree
    }

    /// Every priority, depth-first and children in file order, so nesting reads top-down.
    /// Recursive, but never deeper than [`crate::load::MAX_NESTING`]: the loader refuses more.
    pub fn order(plan: &Plan) -> Vec<PriorityIdx> {
        fn walk(plan: &Plan, parent: Option<PriorityIdx>, out: &mut Vec<PriorityIdx>) {
            for child in plan.children(parent) {
                out.push(child);
                walk(plan, Some(child), out);
            }
        }
        let mut order = Vec::new();
        walk(plan, None, &mut order);
        order
    }
}

/// A priority in `plan show`'s JSON: its `plan priorities` row, said to be a priority.
#[derive(Debug, Serialize)]
pub struct PriorityDetail<'a> {
    pub kind: &'static str,
    #[serde(flatten)]
    pub row: PriorityRow<'a>,
    /// The owners and due date in full, with where they come from.
    #[serde(skip)]
    pub in_full: super::words::InFull,
}

impl<'a> PriorityDetail<'a> {
    pub fn new(plan: &Plan, row: PriorityRow<'a>) -> Self {
        let p = row.priority;
        PriorityDetail {
            kind: "priority",
            in_full: super::words::InFull::of(plan, &p.owners, &p.due),
            row,
        }
    }
}
