//! What changed in a plan between two loads of it (two revisions, or a revision and the
//! working tree). Actions are matched by id, so an action whose file moved is the same action.
//! Values compared are the *effective* ones: an action whose inherited owner changed has
//! changed owner.

pub mod indicators;
pub mod sides;

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::dates::Period;
pub use crate::dates::Shift;
use crate::diag::{Diagnostic, Rule, SourceMap};
use crate::model::{Action, Origin, Plan, Status};

/// One action's comparable state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionState {
    pub id: String,
    pub title: String,
    pub priority_id: String,
    pub priority_title: String,
    /// Canonical role names, as on the action.
    pub owners: Vec<String>,
    /// Canonical due period (`2004-04`), `continuous`, or `None`.
    pub due: Option<String>,
    /// `None` for continuous or undated.
    pub due_by: Option<NaiveDate>,
    /// Whether the due date is a single day (`2004-04-30`), which a spreadsheet shows as a date.
    pub due_is_day: bool,
    pub status: Status,
    /// When a done action was finished.
    pub done_on: Option<NaiveDate>,
    /// Progress updates, oldest first.
    pub updates: Vec<UpdateState>,
    /// Relative to the plan folder's parent.
    pub file: String,
    /// Values the file holds but this tool could not read (a mistyped date, an unknown owner
    /// or status): shown as they resolved, but never compared — unreadable is not a change.
    pub unreadable: Unreadable,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Unreadable {
    pub due: bool,
    pub owners: bool,
    pub status: bool,
}

impl Unreadable {
    /// Takes the values this state could not read from `before`, the last state that could
    /// (`plan history` compares each commit with the last readable value, not with a gap).
    pub fn carry(state: &mut ActionState, before: &ActionState) {
        if state.unreadable.due {
            state.due.clone_from(&before.due);
            state.due_by = before.due_by;
            state.due_is_day = before.due_is_day;
            state.unreadable.due = before.unreadable.due;
        }
        if state.unreadable.owners {
            state.owners.clone_from(&before.owners);
            state.unreadable.owners = before.unreadable.owners;
        }
        if state.unreadable.status {
            state.status = before.status;
            state.unreadable.status = before.unreadable.status;
        }
    }
}

impl ActionState {
    /// The comparable state of one action: what the plan says, whatever the day (a
    /// recurring action's due-by is its period's, not a deadline as at a day).
    pub fn of(plan: &Plan, sources: &SourceMap, a: &Action, unreadable: Unreadable) -> Self {
        let priority = plan.priority(a.priority);
        ActionState {
            id: a.id.to_string(),
            title: a.title.to_string(),
            priority_id: priority.id.clone(),
            priority_title: priority.title.clone(),
            owners: plan
                .owner_names(&a.owners)
                .into_iter()
                .map(str::to_owned)
                .collect(),
            due: a.due.canonical(),
            due_by: a.due_by(),
            due_is_day: a
                .due
                .due
                .as_ref()
                .is_some_and(|due| matches!(due.period, Period::Day(_))),
            status: a.status,
            done_on: a.done_on,
            updates: a
                .updates
                .iter()
                .map(|u| UpdateState {
                    date: u.date,
                    note: u.note.clone(),
                    rag: u.rag,
                    percent: u.percent,
                })
                .collect(),
            file: sources.file_line(&a.place).0.to_owned(),
            unreadable,
        }
    }
}

/// One progress update as compared: the same day and note is the same update.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UpdateState {
    pub date: NaiveDate,
    pub note: String,
    pub rag: Option<crate::model::Rag>,
    pub percent: Option<u8>,
}

/// Every action with an id, in plan order (a repeated id: the first).
/// `diagnostics` are the load's findings: values they flag are marked unreadable.
pub fn states(plan: &Plan, sources: &SourceMap, diagnostics: &[Diagnostic]) -> Vec<ActionState> {
    let flagged = Flagged::of(diagnostics);
    let mut seen = std::collections::HashSet::new();
    plan.actions
        .iter()
        .filter(|a| !a.id.is_empty() && seen.insert(&*a.id))
        .map(|a| state(plan, sources, &flagged, a))
        .collect()
}

/// The state of action `id` as [`states`] has it (the first action of that id), without
/// making the others': a history of one action reads one state per version.
pub fn state_of(
    plan: &Plan,
    sources: &SourceMap,
    diagnostics: &[Diagnostic],
    id: &str,
) -> Option<ActionState> {
    let action = plan
        .actions
        .iter()
        .find(|a| !a.id.is_empty() && *a.id == *id)?;
    Some(state(plan, sources, &Flagged::of(diagnostics), action))
}

/// The findings that make an action's value unreadable, by rule and the id they are about.
struct Flagged<'d>(std::collections::HashSet<(Rule, &'d str)>);

impl<'d> Flagged<'d> {
    fn of(diagnostics: &'d [Diagnostic]) -> Self {
        Flagged(
            diagnostics
                .iter()
                .filter_map(|d| Some((d.rule, d.id.as_deref()?)))
                .collect(),
        )
    }

    fn has(&self, rule: Rule, id: &str) -> bool {
        self.0.contains(&(rule, id))
    }
}

fn state(
    plan: &Plan,
    sources: &SourceMap,
    flagged: &Flagged,
    a: &crate::model::Action,
) -> ActionState {
    let priority = plan.priority(a.priority);
    let unreadable = Unreadable {
        due: a.due.origin == Origin::Invalid,
        owners: a.owners.origin == Origin::Invalid
            || flagged.has(Rule::UnknownOwner, &a.id)
            || (a.owners.origin != Origin::Own && flagged.has(Rule::UnknownOwner, &priority.id)),
        status: flagged.has(Rule::BadStatus, &a.id),
    };
    ActionState::of(plan, sources, a, unreadable)
}

/// Kinds of change, in the order they are reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Section {
    Added,
    Removed,
    Done,
    Dropped,
    Reopened,
    Slipped,
    BroughtForward,
    DueChanged,
    OwnersChanged,
    Retitled,
    MovedPriority,
    /// Only in `plan history`: a file move is not a change to the action.
    MovedFile,
    /// planned ↔ in-progress: work started (or paused), not a change of commitment.
    Progress,
    /// `done_on` set, moved or removed.
    DoneOn,
    /// New progress updates.
    Updated,
}

impl Section {
    /// The sections `plan diff` reports, in order.
    pub const DIFF: [Section; 14] = [
        Section::Added,
        Section::Removed,
        Section::Done,
        Section::Dropped,
        Section::Reopened,
        Section::Slipped,
        Section::BroughtForward,
        Section::DueChanged,
        Section::OwnersChanged,
        Section::Retitled,
        Section::MovedPriority,
        Section::Progress,
        Section::DoneOn,
        Section::Updated,
    ];

    /// Stable machine name (JSON).
    pub fn name(self) -> &'static str {
        match self {
            Section::Added => "added",
            Section::Removed => "removed",
            Section::Done => "done",
            Section::Dropped => "dropped",
            Section::Reopened => "reopened",
            Section::Slipped => "slipped",
            Section::BroughtForward => "brought-forward",
            Section::DueChanged => "due-changed",
            Section::OwnersChanged => "owners-changed",
            Section::Retitled => "retitled",
            Section::MovedPriority => "moved-priority",
            Section::MovedFile => "moved-file",
            Section::Progress => "progress",
            Section::DoneOn => "done-on",
            Section::Updated => "updated",
        }
    }

    /// Heading for people.
    pub fn heading(self) -> &'static str {
        match self {
            Section::Added => "Added",
            Section::Removed => "Removed",
            Section::Done => "Done",
            Section::Dropped => "Dropped",
            Section::Reopened => "Re-opened",
            Section::Slipped => "Slipped",
            Section::BroughtForward => "Brought forward",
            Section::DueChanged => "Due date changed",
            Section::OwnersChanged => "Owners changed",
            Section::Retitled => "Retitled",
            Section::MovedPriority => "Moved to another priority",
            Section::MovedFile => "Moved to another file",
            Section::Progress => "Started or paused",
            Section::DoneOn => "Completion date changed",
            Section::Updated => "New progress updates",
        }
    }
}

/// A value a change is about, as it was or as it became: typed, so each writer words it (and
/// a spreadsheet dates it) without reading display text back. The words, and the JSON form
/// (display text beside machine-readable days), are made by the writers:
/// [`crate::render::change`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// A whole action, added or removed: its status, due date and owners.
    Action {
        status: Status,
        due: Due,
        owners: Vec<String>,
    },
    /// A status; after a change to done, the day it was done; after a drop, its reason
    /// (the update recorded with it, `plan drop --reason`).
    Status {
        status: Status,
        on: Option<NaiveDate>,
        reason: Option<String>,
    },
    Due(Due),
    /// A completion day (`done_on`), or none.
    Day(Option<NaiveDate>),
    /// Canonical role names, as on the action.
    Owners(Vec<String>),
    Update(UpdateState),
    Title(String),
    Priority {
        id: String,
        title: String,
    },
    /// Relative to the plan folder's parent.
    File(String),
}

/// A due date as compared: as written (canonical), its due-by day, and whether it is unreadable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Due {
    /// Canonical (`April 2004`, `continuous`); `None`: no due date.
    pub written: Option<String>,
    /// `None` for continuous, undated or recurring.
    pub due_by: Option<NaiveDate>,
    /// A single day (`2004-04-30`).
    pub is_day: bool,
    pub unreadable: bool,
    /// After a move, its reason: the update `plan set --due … --reason` recorded with it.
    pub reason: Option<String>,
}

impl Due {
    fn of(state: &ActionState) -> Due {
        Due {
            written: state.due.clone(),
            due_by: state.due_by,
            is_day: state.due_is_day,
            unreadable: state.unreadable.due,
            reason: None,
        }
    }
}

/// One change to one action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub change: Section,
    pub id: String,
    /// The title now (or last, for a removed action).
    pub title: String,
    /// `None` for an added action.
    pub before: Option<Value>,
    /// `None` for a removed action.
    pub after: Option<Value>,
    /// For due-date moves between two dated periods: how far the due-by day moved.
    pub shift: Option<Shift>,
}

/// Every change from `old` to `new`, by section, then in plan order (removed: old plan order).
/// File moves are not reported: an id is the same action wherever its file is.
pub fn compare(old: &[ActionState], new: &[ActionState]) -> Vec<Change> {
    let old_by_id: HashMap<&str, &ActionState> = old.iter().map(|a| (a.id.as_str(), a)).collect();
    let new_ids: std::collections::HashSet<&str> = new.iter().map(|a| a.id.as_str()).collect();
    let mut changes: Vec<Change> = new
        .iter()
        .flat_map(|a| changes_of(old_by_id.get(a.id.as_str()).copied(), Some(a)))
        .chain(
            old.iter()
                .filter(|a| !new_ids.contains(a.id.as_str()))
                .flat_map(|a| changes_of(Some(a), None)),
        )
        .filter(|c| Section::DIFF.contains(&c.change))
        .collect();
    changes.sort_by_key(|c| c.change);
    changes
}

/// The changes to one action between two states (`None`: absent).
pub fn changes_of(old: Option<&ActionState>, new: Option<&ActionState>) -> Vec<Change> {
    let (old, new) = match (old, new) {
        (None, None) => return Vec::new(),
        (None, Some(new)) => return vec![added(new)],
        (Some(old), None) => return vec![removed(old)],
        (Some(old), Some(new)) => (old, new),
    };
    // One function per kind of change, in the order `plan history` tells them.
    let mut out = Vec::new();
    out.extend(status_change(old, new));
    out.extend(done_on_change(old, new));
    out.extend(new_updates(old, new));
    out.extend(due_change(old, new));
    out.extend(owners_change(old, new));
    out.extend(retitled(old, new));
    out.extend(moved_priority(old, new));
    out.extend(moved_file(old, new));
    out
}

impl Change {
    /// A change to `state` with no shift.
    fn new(
        change: Section,
        state: &ActionState,
        before: Option<Value>,
        after: Option<Value>,
    ) -> Self {
        Change {
            change,
            id: state.id.clone(),
            title: state.title.clone(),
            before,
            after,
            shift: None,
        }
    }
}

fn whole(state: &ActionState) -> Value {
    Value::Action {
        status: state.status,
        due: Due::of(state),
        owners: state.owners.clone(),
    }
}

fn added(new: &ActionState) -> Change {
    Change::new(Section::Added, new, None, Some(whole(new)))
}

fn removed(old: &ActionState) -> Change {
    Change::new(Section::Removed, old, Some(whole(old)), None)
}

/// Either side could not read the value: unreadable is not a change.
fn unreadable(old: &ActionState, new: &ActionState, field: fn(&Unreadable) -> bool) -> bool {
    field(&old.unreadable) || field(&new.unreadable)
}

fn status_change(old: &ActionState, new: &ActionState) -> Option<Change> {
    if old.status == new.status || unreadable(old, new, |u| u.status) {
        return None;
    }
    let section = match new.status {
        Status::Done => Section::Done,
        Status::Dropped => Section::Dropped,
        _ if !old.status.is_open() => Section::Reopened,
        _ => Section::Progress,
    };
    let on = new.done_on.filter(|_| section == Section::Done);
    // A drop's reason is the update recorded with it (`plan drop --reason`).
    let reason = (section == Section::Dropped)
        .then(|| {
            new.updates
                .iter()
                .rev()
                .find(|u| !old.updates.contains(u))
                .map(|u| u.note.clone())
        })
        .flatten();
    let status = |status| Value::Status {
        status,
        on: None,
        reason: None,
    };
    Some(Change::new(
        section,
        new,
        Some(status(old.status)),
        Some(Value::Status {
            status: new.status,
            on,
            reason,
        }),
    ))
}

fn done_on_change(old: &ActionState, new: &ActionState) -> Option<Change> {
    // A completion date that arrives with the status change is told there.
    let told_with_done = old.status != Status::Done && new.status == Status::Done;
    if old.done_on == new.done_on || (told_with_done && new.done_on.is_some()) {
        return None;
    }
    Some(Change::new(
        Section::DoneOn,
        new,
        Some(Value::Day(old.done_on)),
        Some(Value::Day(new.done_on)),
    ))
}

/// Updates `old` does not have: the same day and note is the same update.
fn new_updates(old: &ActionState, new: &ActionState) -> Vec<Change> {
    new.updates
        .iter()
        .filter(|u| {
            !old.updates
                .iter()
                .any(|o| o.date == u.date && o.note == u.note)
        })
        .map(|update| {
            let after = Some(Value::Update(update.clone()));
            Change::new(Section::Updated, new, None, after)
        })
        .collect()
}

/// Between two dated periods a move slips or is brought forward by a counted amount; any
/// other change of due form (to or from continuous or undated) is just a changed due date.
fn due_change(old: &ActionState, new: &ActionState) -> Option<Change> {
    let due_moved = old.due_by != new.due_by || (old.due_by.is_none() && old.due != new.due);
    if !due_moved || unreadable(old, new, |u| u.due) {
        return None;
    }
    // A move's reason is the update recorded with it (`plan set --due … --reason`).
    let reason = (new.updates.iter().rev())
        .filter(|u| !old.updates.contains(u))
        .find_map(|u| crate::model::due_moved_reason(&u.note))
        .map(str::to_owned);
    let (before, after) = (
        Some(Value::Due(Due::of(old))),
        Some(Value::Due(Due {
            reason,
            ..Due::of(new)
        })),
    );
    let (Some(from), Some(to)) = (old.due_by, new.due_by) else {
        return Some(Change::new(Section::DueChanged, new, before, after));
    };
    let shift = Shift::between(from, to);
    let section = if shift.days > 0 {
        Section::Slipped
    } else {
        Section::BroughtForward
    };
    let mut change = Change::new(section, new, before, after);
    change.shift = Some(shift);
    Some(change)
}

/// Owners compare as a set: reordering them is no change.
fn owners_change(old: &ActionState, new: &ActionState) -> Option<Change> {
    let (mut old_owners, mut new_owners) = (old.owners.clone(), new.owners.clone());
    old_owners.sort();
    new_owners.sort();
    if old_owners == new_owners || unreadable(old, new, |u| u.owners) {
        return None;
    }
    Some(Change::new(
        Section::OwnersChanged,
        new,
        Some(Value::Owners(old.owners.clone())),
        Some(Value::Owners(new.owners.clone())),
    ))
}

fn retitled(old: &ActionState, new: &ActionState) -> Option<Change> {
    (old.title != new.title).then(|| {
        Change::new(
            Section::Retitled,
            new,
            Some(Value::Title(old.title.clone())),
            Some(Value::Title(new.title.clone())),
        )
    })
}

fn moved_priority(old: &ActionState, new: &ActionState) -> Option<Change> {
    let priority = |state: &ActionState| Value::Priority {
        id: state.priority_id.clone(),
        title: state.priority_title.clone(),
    };
    (old.priority_id != new.priority_id).then(|| {
        Change::new(
            Section::MovedPriority,
            new,
            Some(priority(old)),
            Some(priority(new)),
        )
    })
}

fn moved_file(old: &ActionState, new: &ActionState) -> Option<Change> {
    (old.file != new.file).then(|| {
        Change::new(
            Section::MovedFile,
            new,
            Some(Value::File(old.file.clone())),
            Some(Value::File(new.file.clone())),
        )
    })
}

/// An open action of priority `p`, due in April 2004, owned by the Chief Executive: the
/// state the change tests here and in `render::change` start from.
#[cfg(test)]
impl ActionState {
    pub(crate) fn sample(id: &str) -> ActionState {
        ActionState {
            id: id.into(),
            title: format!("Action {id}"),
            priority_id: "p".into(),
            priority_title: "P".into(),
            owners: vec!["Chief Executive".into()],
            due: Some("April 2004".into()),
            due_by: NaiveDate::from_ymd_opt(2004, 4, 30),
            due_is_day: false,
            status: Status::Planned,
            done_on: None,
            updates: Vec::new(),
            file: "plan/p.toml".into(),
            unreadable: Unreadable::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn month_end_to_month_end_is_whole_months() {
        let shift = Shift::between(day("2004-04-30"), day("2004-06-30"));
        assert_eq!(
            shift,
            Shift {
                days: 61,
                months: Some(2)
            }
        );
        assert_eq!(shift.words(), "2 months");
        // February in a leap year still ends a month.
        assert_eq!(
            Shift::between(day("2004-02-29"), day("2004-03-31")).months,
            Some(1)
        );
        assert_eq!(
            Shift::between(day("2004-03-31"), day("2005-03-31")).words(),
            "12 months"
        );
    }

    #[test]
    fn part_months_are_days() {
        let shift = Shift::between(day("2004-04-30"), day("2004-05-15"));
        assert_eq!(
            shift,
            Shift {
                days: 15,
                months: None
            }
        );
        assert_eq!(shift.words(), "15 days");
        assert_eq!(
            Shift::between(day("2004-05-02"), day("2004-05-01")).words(),
            "1 day"
        );
    }

    #[test]
    fn file_move_alone_is_no_change() {
        let old = ActionState::sample("a-1");
        let mut new = old.clone();
        new.file = "plan/elsewhere/p.toml".into();
        assert!(compare(&[old], &[new]).is_empty());
    }

    #[test]
    fn sections_come_in_fixed_order() {
        let kept = ActionState::sample("a-1");
        let mut slipped = kept.clone();
        slipped.due = Some("2004-06".into());
        slipped.due_by = Some(day("2004-06-30"));
        slipped.owners = vec!["Corporate Directors".into()];
        let removed = ActionState::sample("a-2");
        let added = ActionState::sample("a-3");
        let changes = compare(&[kept, removed], &[slipped, added]);
        let sections: Vec<Section> = changes.iter().map(|c| c.change).collect();
        assert_eq!(
            sections,
            [
                Section::Added,
                Section::Removed,
                Section::Slipped,
                Section::OwnersChanged
            ]
        );
        assert_eq!(
            changes[2].shift,
            Some(Shift {
                days: 61,
                months: Some(2)
            })
        );
    }

    #[test]
    fn unreadable_values_are_not_changes() {
        let old = ActionState::sample("a-1");
        let mut new = old.clone();
        new.due = None;
        new.due_by = None;
        new.unreadable.due = true;
        new.owners = Vec::new();
        new.unreadable.owners = true;
        assert_eq!(changes_of(Some(&old), Some(&new)), []);
        assert_eq!(changes_of(Some(&new), Some(&old)), []);
        // The next readable value is compared with the last readable one.
        let mut later = old.clone();
        later.due = Some("2004-06".into());
        later.due_by = Some(day("2004-06-30"));
        Unreadable::carry(&mut new, &old);
        let changes = changes_of(Some(&new), Some(&later));
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].change, Section::Slipped);
        let written = |c: &Option<Value>| match c {
            Some(Value::Due(due)) => due.written.clone(),
            _ => None,
        };
        assert_eq!(written(&changes[0].before).as_deref(), Some("April 2004"));
        assert_eq!(written(&changes[0].after).as_deref(), Some("2004-06"));
    }

    #[test]
    fn status_changes() {
        let open = ActionState::sample("a-1");
        let mut done = open.clone();
        done.status = Status::Done;
        let mut started = open.clone();
        started.status = Status::InProgress;
        assert_eq!(
            changes_of(Some(&open), Some(&done))[0].change,
            Section::Done
        );
        assert_eq!(
            changes_of(Some(&done), Some(&open))[0].change,
            Section::Reopened
        );
        assert_eq!(
            changes_of(Some(&open), Some(&started))[0].change,
            Section::Progress
        );
        let status = |status| {
            Some(Value::Status {
                status,
                on: None,
                reason: None,
            })
        };
        let change = &compare(&[open], &[started])[0];
        assert_eq!(
            (&change.before, &change.after),
            (&status(Status::Planned), &status(Status::InProgress))
        );
    }
}
