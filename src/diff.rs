//! What changed in a plan between two loads of it (two revisions, or a revision and the
//! working tree). Actions are matched by id, so an action whose file moved is the same action.
//! Values compared are the *effective* ones: an action whose inherited owner changed has
//! changed owner.

pub mod indicators;
pub mod sides;

use std::collections::HashMap;

use chrono::{Datelike as _, NaiveDate};
use serde::Serialize;
use serde_json::{Value, json};

use crate::diag::{Diagnostic, Rule, SourceMap};
use crate::model::{Action, Origin, Plan, Status};
use crate::text::plural;

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
            status: a.status,
            done_on: a.done_on,
            updates: a
                .updates
                .iter()
                .map(|u| UpdateState {
                    date: u.date,
                    note: u.note.clone(),
                    rag: u.rag.map(crate::model::Rag::name),
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
    pub rag: Option<&'static str>,
    pub percent: Option<u8>,
}

impl UpdateState {
    /// "2004-04-20 (amber, 40%): Draft to Cabinet in June".
    pub fn words(&self) -> String {
        let mut details: Vec<String> = self.rag.iter().map(|r| (*r).to_owned()).collect();
        details.extend(self.percent.map(|p| format!("{p}%")));
        let details = if details.is_empty() {
            String::new()
        } else {
            format!(" ({})", details.join(", "))
        };
        format!("{}{details}: {}", self.date, self.note)
    }
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

/// One change to one action.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    pub change: Section,
    pub id: String,
    /// The title now (or last, for a removed action).
    pub title: String,
    /// The value before (`null` for an added action).
    pub before: Value,
    /// The value after (`null` for a removed action).
    pub after: Value,
    /// For due-date moves between two dated periods: days between the due-by days (later > 0).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days: Option<i64>,
    /// The same move in whole calendar months, when it is whole months.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub months: Option<i32>,
    /// In words: "slipped by 2 months (2004-04 → 2004-06)".
    pub detail: String,
}

impl Change {
    /// The change in a few words, for a line of `plan history`.
    pub fn words(&self) -> String {
        match self.change {
            Section::Added => format!("added ({})", self.detail),
            Section::Removed => "removed".to_owned(),
            Section::Done | Section::Dropped | Section::Reopened | Section::Progress => {
                format!("status {}", self.detail)
            }
            Section::Slipped | Section::BroughtForward => self.detail.clone(),
            Section::DueChanged => format!("due {}", self.detail),
            Section::OwnersChanged => format!("owners {}", self.detail),
            Section::Retitled => format!("retitled; {}", self.detail),
            Section::MovedPriority => format!("priority {}", self.detail),
            Section::MovedFile => format!("file {}", self.detail),
            Section::DoneOn => format!("done_on {}", self.detail),
            Section::Updated => format!("update {}", self.detail),
        }
    }
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
    /// A change to `state` with no day or month count.
    fn new(
        change: Section,
        state: &ActionState,
        before: Value,
        after: Value,
        detail: String,
    ) -> Self {
        Change {
            change,
            id: state.id.clone(),
            title: state.title.clone(),
            before,
            after,
            days: None,
            months: None,
            detail,
        }
    }
}

fn added(new: &ActionState) -> Change {
    let detail = format!("{}, {}", due_words(new), owned_by(&new.owners));
    Change::new(
        Section::Added,
        new,
        Value::Null,
        json!(new.status.name()),
        detail,
    )
}

fn removed(old: &ActionState) -> Change {
    let detail = format!(
        "was {}, {}, {}",
        old.status.name(),
        due_words(old),
        owned_by(&old.owners)
    );
    Change::new(
        Section::Removed,
        old,
        json!(old.status.name()),
        Value::Null,
        detail,
    )
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
    let on = match (section, new.done_on) {
        (Section::Done, Some(day)) => format!(" on {day}"),
        // A drop's reason is the update recorded with it (`plan drop --reason`).
        (Section::Dropped, _) => new
            .updates
            .iter()
            .rev()
            .find(|u| !old.updates.contains(u))
            .map(|u| format!(": {}", u.note))
            .unwrap_or_default(),
        _ => String::new(),
    };
    Some(Change::new(
        section,
        new,
        json!(old.status.name()),
        json!(new.status.name()),
        format!("{} → {}{on}", old.status.name(), new.status.name()),
    ))
}

fn done_on_change(old: &ActionState, new: &ActionState) -> Option<Change> {
    // A completion date that arrives with the status change is told there.
    let told_with_done = old.status != Status::Done && new.status == Status::Done;
    if old.done_on == new.done_on || (told_with_done && new.done_on.is_some()) {
        return None;
    }
    let day = |d: Option<NaiveDate>| d.map_or_else(|| "none".to_owned(), |d| d.to_string());
    Some(Change::new(
        Section::DoneOn,
        new,
        json!(old.done_on.map(|d| d.to_string())),
        json!(new.done_on.map(|d| d.to_string())),
        format!("{} → {}", day(old.done_on), day(new.done_on)),
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
            let after = json!({
                "date": update.date.to_string(),
                "note": update.note,
                "rag": update.rag,
                "percent": update.percent,
            });
            Change::new(Section::Updated, new, Value::Null, after, update.words())
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
    let (before, after) = (json!(old.due), json!(new.due));
    let span = format!("{} → {}", due_text(old), due_text(new));
    let (Some(from), Some(to)) = (old.due_by, new.due_by) else {
        let detail = format!("{span}{}", due_reason(old, new));
        return Some(Change::new(Section::DueChanged, new, before, after, detail));
    };
    let shift = Shift::between(from, to);
    let (section, verb) = if shift.days > 0 {
        (Section::Slipped, "slipped by")
    } else {
        (Section::BroughtForward, "brought forward by")
    };
    let detail = format!("{verb} {} ({span}){}", shift.words(), due_reason(old, new));
    let mut change = Change::new(section, new, before, after, detail);
    change.days = Some(shift.days);
    change.months = shift.months;
    Some(change)
}

/// `: the reason` of a due date's move, from the update `plan set --due … --reason` recorded
/// with it (the newest new one); nothing when none was given.
fn due_reason(old: &ActionState, new: &ActionState) -> String {
    new.updates
        .iter()
        .rev()
        .filter(|u| !old.updates.contains(u))
        .find_map(|u| crate::model::due_moved_reason(&u.note))
        .map(|reason| format!(": {reason}"))
        .unwrap_or_default()
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
        json!(old.owners),
        json!(new.owners),
        format!(
            "{} → {}",
            owners_words(&old.owners),
            owners_words(&new.owners)
        ),
    ))
}

fn retitled(old: &ActionState, new: &ActionState) -> Option<Change> {
    (old.title != new.title).then(|| {
        Change::new(
            Section::Retitled,
            new,
            json!(old.title),
            json!(new.title),
            format!("was \"{}\"", old.title),
        )
    })
}

fn moved_priority(old: &ActionState, new: &ActionState) -> Option<Change> {
    (old.priority_id != new.priority_id).then(|| {
        Change::new(
            Section::MovedPriority,
            new,
            json!(old.priority_id),
            json!(new.priority_id),
            format!(
                "{} ({}) → {} ({})",
                old.priority_id, old.priority_title, new.priority_id, new.priority_title
            ),
        )
    })
}

fn moved_file(old: &ActionState, new: &ActionState) -> Option<Change> {
    (old.file != new.file).then(|| {
        Change::new(
            Section::MovedFile,
            new,
            json!(old.file),
            json!(new.file),
            format!("{} → {}", old.file, new.file),
        )
    })
}

fn due_text(state: &ActionState) -> String {
    state.due.clone().unwrap_or_else(|| "no date".into())
}

fn due_words(state: &ActionState) -> String {
    if state.unreadable.due {
        return "an unreadable due date".into();
    }
    match &state.due {
        Some(due) if state.due_by.is_none() => due.clone(),
        Some(due) => format!("due {due}"),
        None => "no due date".into(),
    }
}

fn owners_words(owners: &[String]) -> String {
    if owners.is_empty() {
        "no owner".into()
    } else {
        owners.join("; ")
    }
}

fn owned_by(owners: &[String]) -> String {
    if owners.is_empty() {
        "no owner".into()
    } else {
        format!("owned by {}", owners.join("; "))
    }
}

/// How far a due-by day moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shift {
    /// Days from the old due-by day to the new (negative: earlier).
    pub days: i64,
    /// The same in calendar months, when the move is whole months: the same day of the month,
    /// or the last day of a month to the last day of another (periods end at month ends).
    pub months: Option<i32>,
}

impl Shift {
    pub fn between(from: NaiveDate, to: NaiveDate) -> Shift {
        let days = (to - from).num_days();
        let whole = from.day() == to.day() || (is_month_end(from) && is_month_end(to));
        let months =
            whole.then(|| (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32);
        Shift { days, months }
    }

    /// "2 months", "1 month", "45 days", "1 day" (magnitude only).
    pub fn words(self) -> String {
        match self.months {
            Some(m) if m != 0 => plural(magnitude(i64::from(m)), "month", "months"),
            _ => plural(magnitude(self.days), "day", "days"),
        }
    }
}

fn magnitude(n: i64) -> usize {
    usize::try_from(n.unsigned_abs()).unwrap_or(usize::MAX)
}

fn is_month_end(day: NaiveDate) -> bool {
    day.succ_opt()
        .is_none_or(|next| next.month() != day.month())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn state(id: &str) -> ActionState {
        ActionState {
            id: id.into(),
            title: format!("Action {id}"),
            priority_id: "p".into(),
            priority_title: "P".into(),
            owners: vec!["Chief Executive".into()],
            due: Some("2004-04".into()),
            due_by: Some(day("2004-04-30")),
            status: Status::Planned,
            done_on: None,
            updates: Vec::new(),
            file: "plan/p.toml".into(),
            unreadable: Unreadable::default(),
        }
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
        let old = state("a-1");
        let mut new = old.clone();
        new.file = "plan/elsewhere/p.toml".into();
        assert!(compare(&[old], &[new]).is_empty());
    }

    #[test]
    fn sections_come_in_fixed_order() {
        let kept = state("a-1");
        let mut slipped = kept.clone();
        slipped.due = Some("2004-06".into());
        slipped.due_by = Some(day("2004-06-30"));
        slipped.owners = vec!["Corporate Directors".into()];
        let removed = state("a-2");
        let added = state("a-3");
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
        assert_eq!(changes[2].detail, "slipped by 2 months (2004-04 → 2004-06)");
    }

    #[test]
    fn unreadable_values_are_not_changes() {
        let old = state("a-1");
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
        assert_eq!(changes[0].detail, "slipped by 2 months (2004-04 → 2004-06)");
    }

    #[test]
    fn status_changes() {
        let open = state("a-1");
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
        assert_eq!(
            compare(&[open], &[started])[0].detail,
            "planned → in-progress"
        );
    }

    #[test]
    fn done_on_and_new_updates() {
        let open = state("a-1");
        let mut done = open.clone();
        done.status = Status::Done;
        done.done_on = Some(day("2004-04-28"));
        done.updates.push(UpdateState {
            date: day("2004-04-28"),
            note: "Signed off".into(),
            rag: Some("green"),
            percent: Some(100),
        });
        let changes = compare(&[open], std::slice::from_ref(&done));
        let words: Vec<String> = changes.iter().map(Change::words).collect();
        assert_eq!(
            words,
            [
                "status planned → done on 2004-04-28",
                "update 2004-04-28 (green, 100%): Signed off"
            ]
        );
        let mut moved = done.clone();
        moved.done_on = Some(day("2004-04-29"));
        let changes = compare(&[done], &[moved]);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].words(), "done_on 2004-04-28 → 2004-04-29");
    }
}
