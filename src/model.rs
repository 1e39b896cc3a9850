//! The loaded plan: priorities and actions with their *effective* owners and due dates
//! (inheritance already applied), ready to query. Built only by [`crate::load`].

use std::sync::Arc;

use chrono::NaiveDate;

pub mod indicator;

use crate::dates::Period;
use crate::diag::{Place, Rule};
use crate::roster::{RoleId, Roster};

/// Status of an action. Absent in a file means `Planned`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Status {
    #[default]
    Planned,
    InProgress,
    Done,
    Dropped,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Planned,
        Status::InProgress,
        Status::Done,
        Status::Dropped,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::InProgress => "in-progress",
            Status::Done => "done",
            Status::Dropped => "dropped",
        }
    }

    /// The one reader of a status word, wherever it is written: a plan file's `status`,
    /// `--status` of every command, an imported sheet's Status cell (before the council
    /// phrases [`crate::import`] also knows). A name in any case ("Done", "IN-PROGRESS");
    /// the tool itself always writes [`Status::name`].
    pub fn from_word(word: &str) -> Option<Status> {
        Status::ALL
            .into_iter()
            .find(|s| s.name().eq_ignore_ascii_case(word))
    }

    /// Open actions are the ones still owed: they can be overdue and are listed by default.
    pub fn is_open(self) -> bool {
        matches!(self, Status::Planned | Status::InProgress)
    }
}

/// Red, amber or green: the owner's own judgement of an action (its latest update), an
/// indicator's figure against its target, and the colour a report status is shown in.
/// Serialised as its [`Rag::name`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rag {
    Green,
    Amber,
    Red,
}

impl Rag {
    pub const ALL: [Rag; 3] = [Rag::Green, Rag::Amber, Rag::Red];

    pub fn name(self) -> &'static str {
        match self {
            Rag::Green => "green",
            Rag::Amber => "amber",
            Rag::Red => "red",
        }
    }

    /// The one reader of a RAG word, wherever it is written: a plan file's `rag`, `--rag` of
    /// every command, an imported sheet's RAG cell (before the letters and phrases
    /// [`crate::import`] also knows). A name in any case ("Red", "AMBER"); the tool itself
    /// always writes [`Rag::name`].
    pub fn from_word(word: &str) -> Option<Rag> {
        Rag::ALL
            .into_iter()
            .find(|r| r.name().eq_ignore_ascii_case(word))
    }
}

impl std::fmt::Display for Rag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl serde::Serialize for Rag {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// Where the owner's latest rating and the dates disagree ([`Action::rag_conflict`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RagConflict {
    /// The owner says green, but the action is overdue.
    GreenButOverdue,
    /// The owner says red or amber, but the dates say on track.
    BehindOnTrack(Rag),
}

impl RagConflict {
    /// The owner's rating in the conflict.
    pub fn rag(self) -> Rag {
        match self {
            RagConflict::GreenButOverdue => Rag::Green,
            RagConflict::BehindOnTrack(rag) => rag,
        }
    }

    /// For people: "the owner's latest rating is red, but the dates say on track".
    pub fn explain(self) -> String {
        match self {
            RagConflict::GreenButOverdue => {
                "the owner's latest rating is green, but the action is overdue".to_owned()
            }
            RagConflict::BehindOnTrack(rag) => format!(
                "the owner's latest rating is {}, but the dates say on track",
                rag.name()
            ),
        }
    }
}

/// The note `plan set --due … --reason` records when it moves a due date: `Due moved from
/// December 2025 to March 2026: the reason` (`Due set to …` where there was none).
pub fn due_moved_note(from: Option<&str>, to: &str, reason: &str) -> String {
    match from {
        Some(from) => format!("Due moved from {from} to {to}: {reason}"),
        None => format!("Due set to {to}: {reason}"),
    }
}

/// The reason in a note [`due_moved_note`] made, if it is one: how `plan diff` and the
/// report show a due-date move's reason with the move.
pub fn due_moved_reason(note: &str) -> Option<&str> {
    let moved = (note.strip_prefix("Due moved from "))
        .filter(|rest| rest.contains(" to "))
        .or_else(|| note.strip_prefix("Due set to "))?;
    let (_, reason) = moved.split_once(": ")?;
    Some(reason).filter(|r| !r.trim().is_empty())
}

/// One dated progress update on an action (`[[action.update]]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Update {
    pub date: NaiveDate,
    pub note: String,
    pub rag: Option<Rag>,
    /// 0 to 100.
    pub percent: Option<u8>,
    /// The role that reported it, if given and on the roster.
    pub by: Option<RoleId>,
    /// The `[[action.update]]` table.
    pub place: Place,
}

/// A due date as written in a plan file, with the period it means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Due {
    /// Exactly as written (a TOML date is written as `YYYY-MM-DD`).
    pub written: String,
    pub period: Period,
    /// The period's last day and its normal form, worked out once: queries ask them of
    /// every action, and a plan's actions share a few thousand `Due`s.
    by: Option<NaiveDate>,
    canonical: Box<str>,
}

impl Due {
    pub fn new(written: String, period: Period) -> Self {
        Due {
            by: period.due_by(),
            canonical: period.to_string().into(),
            written,
            period,
        }
    }

    pub fn due_by(&self) -> Option<NaiveDate> {
        self.by
    }

    /// The normalised form the tool writes back, e.g. `2004-04` for "April 2004".
    pub fn canonical(&self) -> String {
        self.canonical.to_string()
    }
}

/// Where an effective value came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Set on the item itself.
    Own,
    /// Inherited from this priority (the item's own, or an ancestor).
    Priority(PriorityIdx),
    /// Nowhere: no value.
    Missing,
    /// Written, but unreadable (a bad date, only unknown owners): already an error, so not
    /// also reported as missing, and not silently replaced by an inherited value.
    Invalid,
}

/// `u32`: every action holds two or three of these (its priority, where its owners and due
/// date come from), and a plan has far fewer than 2^32 priorities.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PriorityIdx(pub u32);

impl PriorityIdx {
    pub fn new(index: usize) -> Self {
        PriorityIdx(u32::try_from(index).expect("fewer than 2^32 priorities"))
    }

    pub fn index(self) -> usize {
        self.0 as usize
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ActionIdx(pub usize);

/// Owners with where they came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Owners {
    /// Shared: actions inherit their priority's set, and name the same few sets again and
    /// again, so each distinct set is stored once (see `load::resolve`).
    pub roles: Arc<[RoleId]>,
    pub origin: Origin,
    /// Names written that are not on the roster, as written: the action still appears,
    /// marked, rather than stopping every answer (SPEC "Degrade, don't block").
    pub unknown: Box<[String]>,
}

/// A due date that could not be read: kept with its raw text and the reason, so the item
/// still appears, marked "unreadable", instead of blocking every answer or reading as undated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unreadable {
    pub written: String,
    pub problem: String,
}

/// A due date with where it came from, and the note that goes with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EffectiveDue {
    /// Shared: a plan writes the same few thousand due texts on 100k actions, so each is
    /// read, and stored, once (8 bytes an action instead of 48 and a string).
    pub due: Option<Arc<Due>>,
    pub origin: Origin,
    pub note: Option<Arc<str>>,
    /// Set when the date written could not be read (then `due` is `None`).
    pub unreadable: Option<Arc<Unreadable>>,
}

impl EffectiveDue {
    /// No due date anywhere up the chain.
    pub fn missing() -> Self {
        EffectiveDue {
            due: None,
            origin: Origin::Missing,
            note: None,
            unreadable: None,
        }
    }

    /// The normalised period, e.g. `2004-04`, if there is a due date.
    pub fn canonical(&self) -> Option<String> {
        self.due.as_ref().map(|due| due.canonical())
    }

    /// The last day of the period; `None` when continuous or missing.
    pub fn due_by(&self) -> Option<NaiveDate> {
        self.due.as_ref().and_then(|due| due.due_by())
    }

    /// Whether there is a date (a standing commitment counts); `TBC` and none do not.
    pub fn is_dated(&self) -> bool {
        self.due.as_ref().is_some_and(|d| d.period.is_dated())
    }

    /// No date given (none, or `TBC`); an unreadable date is not "no date" but unknown.
    pub fn is_undated(&self) -> bool {
        !self.is_dated() && self.unreadable.is_none()
    }

    /// The words of an explicit "no date yet" (`TBC`, "to be agreed"), as written.
    pub fn undated_words(&self) -> Option<&str> {
        self.due
            .as_ref()
            .filter(|d| !d.period.is_dated())
            .map(|d| d.written.as_str())
    }
}

/// A `[[action.waive]]` / `[[priority.waive]]` as loaded: a completeness finding of its item
/// that `plan check` counts as waived rather than failing on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Waiver {
    /// Always a completeness rule (the loader rejects others).
    pub rule: Rule,
    pub reason: String,
    /// Last day it holds; `None`: until the gap is fixed.
    pub until: Option<NaiveDate>,
    /// The waiver's own table, where `expired-waiver` and `unused-waiver` point.
    pub place: Place,
}

impl Waiver {
    pub fn is_expired(&self, today: NaiveDate) -> bool {
        self.until.is_some_and(|until| until < today)
    }
}

#[derive(Clone, Debug)]
pub struct Priority {
    pub id: String,
    pub title: String,
    pub parent: Option<PriorityIdx>,
    pub description: Option<String>,
    pub aims: Vec<String>,
    pub owners: Owners,
    pub due: EffectiveDue,
    pub source: Option<String>,
    /// The first day of its recurring commitments: its own `start`, else its parent's, else
    /// the plan's.
    pub start: Option<NaiveDate>,
    /// Its own waivers (not inherited by its actions or nested priorities).
    pub waivers: Vec<Waiver>,
    /// The `[priority]` table.
    pub place: Place,
}

#[derive(Clone, Debug)]
pub struct Action {
    pub id: Box<str>,
    pub title: Arc<str>,
    pub priority: PriorityIdx,
    pub owners: Owners,
    pub due: EffectiveDue,
    pub status: Status,
    pub source: Option<Box<str>>,
    /// When a `done` action was finished, if the file says.
    pub done_on: Option<NaiveDate>,
    /// Progress updates in date order (oldest first; same-day updates in file order).
    // Shared, not owned: a history walk gives every version of the plan its own copy of
    // each action in a file that did not change. Empty lists share one allocation (see
    // `shared_updates`): most actions have none, and 100k empty `Arc`s were 6 MiB. An
    // `Arc<Vec>` is one pointer where an `Arc<[_]>` is two: 3 MiB at 100k actions.
    pub updates: Arc<Vec<Update>>,
    pub waivers: Arc<Vec<Waiver>>,
    /// How a recurring commitment is judged: its start (own, its priority's or the plan's)
    /// and how long after a period its return is due. Unused by other due dates.
    pub terms: crate::recurring::Terms,
    /// The `[[action]]` table.
    pub place: Place,
}

/// An action's updates, shared; an empty list is the one every action without any shares.
pub fn shared_updates(updates: Vec<Update>) -> Arc<Vec<Update>> {
    static EMPTY: std::sync::OnceLock<Arc<Vec<Update>>> = std::sync::OnceLock::new();
    if updates.is_empty() {
        return Arc::clone(EMPTY.get_or_init(Arc::default));
    }
    Arc::new(updates)
}

/// An action's waivers, shared; an empty list is the one every action without any shares.
pub fn shared_waivers(waivers: Vec<Waiver>) -> Arc<Vec<Waiver>> {
    static EMPTY: std::sync::OnceLock<Arc<Vec<Waiver>>> = std::sync::OnceLock::new();
    if waivers.is_empty() {
        return Arc::clone(EMPTY.get_or_init(Arc::default));
    }
    Arc::new(waivers)
}

impl Action {
    /// The one rule for lateness: an open action whose due-by day is before `today`.
    /// Continuous and undated actions are never overdue.
    /// A recurring commitment is overdue when the most recent period that has ended has no
    /// update dated inside it (see [`Action::deadline`]).
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.status.is_open() && self.deadline(today).is_some_and(|day| day < today)
    }

    /// The day the action is due by, as at `today`: the end of its due period, or, for a
    /// recurring commitment, the end of a period missed without an update (else of the
    /// current one). `None` for standing, undated and missing dates.
    pub fn deadline(&self, today: NaiveDate) -> Option<NaiveDate> {
        let due = self.due.due.as_ref()?;
        match &due.period {
            crate::dates::Period::Recurring(recurrence) => Some(recurrence.next_due(
                today,
                self.terms,
                self.updates_as_at(today).iter().map(|u| u.date),
            )),
            _ => due.due_by(),
        }
    }

    pub fn due_by(&self) -> Option<NaiveDate> {
        self.due.due_by()
    }

    /// The period of a recurring commitment that an update dated `day` counts for, and its
    /// name ("2025/26 Q2"); `None` for other due dates.
    pub fn counts_for(&self, day: NaiveDate) -> Option<(crate::recurring::Span, String)> {
        match &self.due.due.as_ref()?.period {
            crate::dates::Period::Recurring(recurrence) => {
                let span = recurrence.counts_for(day, self.terms);
                Some((span, Period::of_recurrence(recurrence, span).to_string()))
            }
            _ => None,
        }
    }

    /// The owner's latest RAG as at `day`: the rating of the newest update dated by then that
    /// gives one. A rating stands until the owner gives another: an update without one (a
    /// note, or the reason recorded with a slip) does not withdraw it.
    pub fn latest_rag(&self, day: NaiveDate) -> Option<Rag> {
        self.latest_rated(day).and_then(|u| u.rag)
    }

    /// The newest update dated by `day` that gives a rating.
    pub fn latest_rated(&self, day: NaiveDate) -> Option<&Update> {
        self.updates_as_at(day)
            .iter()
            .rev()
            .find(|u| u.rag.is_some())
    }

    /// The one rule for the owner's rating against the dates, as at `today` with "due soon"
    /// ending on `window_end`: green while overdue, or red or amber while the dates say on
    /// track (open, not overdue, due after the window or a standing commitment).
    pub fn rag_conflict(&self, today: NaiveDate, window_end: NaiveDate) -> Option<RagConflict> {
        if !self.status.is_open() {
            return None;
        }
        let rag = self.latest_rag(today)?;
        if self.is_overdue(today) {
            return (rag == Rag::Green).then_some(RagConflict::GreenButOverdue);
        }
        let standing = self
            .due
            .due
            .as_ref()
            .is_some_and(|d| d.period.is_continuous());
        let on_track = standing || self.deadline(today).is_some_and(|by| by > window_end);
        (on_track && rag != Rag::Green).then_some(RagConflict::BehindOnTrack(rag))
    }

    /// The progress updates dated on or before `day`, oldest first: what was known as at that
    /// day. A later one (recorded with `--allow-future`, or since a report's `--today`) has not
    /// happened yet, so it changes no judgement as at `day`: latest update, owner's rating,
    /// a recurring return, the chase list, `stale`.
    pub fn updates_as_at(&self, day: NaiveDate) -> &[Update] {
        &self.updates[..self.updates.partition_point(|u| u.date <= day)]
    }

    /// The most recent progress update as at `day`, if any (see [`Action::updates_as_at`]).
    pub fn latest_update(&self, day: NaiveDate) -> Option<&Update> {
        self.updates_as_at(day).last()
    }

    /// Days after its due-by day that a done action was finished (`None` when not done, with
    /// no `done_on`, no due-by day, or finished on time).
    pub fn days_late_done(&self) -> Option<i64> {
        let done_on = self.done_on.filter(|_| self.status == Status::Done)?;
        let late = (done_on - self.due_by()?).num_days();
        (late > 0).then_some(late)
    }

    /// Days late on `today` (0 when not overdue).
    pub fn days_late(&self, today: NaiveDate) -> i64 {
        match self.deadline(today) {
            Some(by) if self.is_overdue(today) => (today - by).num_days(),
            _ => 0,
        }
    }
}

/// Facts from `plan/plan.toml`.
#[derive(Clone, Debug)]
pub struct Meta {
    pub title: String,
    pub organisation: String,
    /// How due dates read: financial-year start, `date_order`, `quarters`.
    pub dates: crate::dates::Settings,
    /// `data_due_after`: days after a period ends by which its figures are due (an
    /// indicator's actual, a return); later than that they are late. The one reading of it.
    pub data_due_after: u32,
    /// `start` in `plan.toml`: the first day of the plan's recurring commitments (an action
    /// or priority can set its own).
    pub start: Option<NaiveDate>,
    /// `title` under `[report]` in `plan.toml`: the report's title, if not the plan's.
    pub report_title: Option<String>,
}

impl Meta {
    /// `data_due_after` when `plan.toml` does not set it.
    pub const DEFAULT_DATA_DUE_AFTER: u32 = 30;
    /// The largest `data_due_after` accepted: a year and a day.
    pub const MAX_DATA_DUE_AFTER: u32 = 366;

    /// The last day on which figures for a period ending on `period_end` are still on time.
    pub fn data_due_by(&self, period_end: NaiveDate) -> NaiveDate {
        crate::recurring::data_due_by(period_end, self.data_due_after)
    }
}

impl Default for Meta {
    fn default() -> Self {
        Meta {
            title: String::new(),
            organisation: String::new(),
            dates: crate::dates::Settings::default(),
            data_due_after: Meta::DEFAULT_DATA_DUE_AFTER,
            start: None,
            report_title: None,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Plan {
    pub meta: Meta,
    /// Shared: a history walk gives each version the roster of the last while `owners.toml`
    /// reads the same.
    pub roster: std::sync::Arc<Roster>,
    /// In file order, so every listing is deterministic.
    pub priorities: Vec<Priority>,
    /// In file order, then order within the file.
    pub actions: Vec<Action>,
    /// Performance indicators, in file order, then order within the file.
    pub indicators: Vec<indicator::Indicator>,
    /// Each priority's children (the top level last), built on first use after loading:
    /// walking the tree by scanning every priority per node was quadratic.
    children_index: std::sync::OnceLock<Vec<Vec<PriorityIdx>>>,
}

/// How an owner relates to an action: named on it, or through a group it belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Responsibility {
    Direct,
    ViaGroup(RoleId),
}

impl Plan {
    pub fn priority(&self, idx: PriorityIdx) -> &Priority {
        &self.priorities[idx.index()]
    }

    pub fn action(&self, idx: ActionIdx) -> &Action {
        &self.actions[idx.0]
    }

    pub fn find_priority(&self, id: &str) -> Option<PriorityIdx> {
        self.priorities
            .iter()
            .position(|p| p.id == id)
            .map(PriorityIdx::new)
    }

    pub fn find_indicator(&self, id: &str) -> Option<usize> {
        self.indicators.iter().position(|i| &*i.id == id)
    }

    pub fn find_action(&self, id: &str) -> Option<ActionIdx> {
        self.actions
            .iter()
            .position(|a| &*a.id == id)
            .map(ActionIdx)
    }

    /// The chain from `idx` up to its top-level priority, `idx` first.
    pub fn ancestry(&self, idx: PriorityIdx) -> impl Iterator<Item = PriorityIdx> + '_ {
        std::iter::successors(Some(idx), |&p| self.priority(p).parent).take(self.priorities.len())
    }

    /// Whether `idx` is `ancestor` or nested (at any depth) under it.
    pub fn is_within(&self, idx: PriorityIdx, ancestor: PriorityIdx) -> bool {
        self.ancestry(idx).any(|p| p == ancestor)
    }

    /// The priorities directly under `parent` (`None`: top level), in file order.
    pub fn children(&self, parent: Option<PriorityIdx>) -> impl Iterator<Item = PriorityIdx> + '_ {
        let top = self.priorities.len();
        let index = self.children_index.get_or_init(|| {
            let mut index = vec![Vec::new(); top + 1];
            for (i, p) in self.priorities.iter().enumerate() {
                index[p.parent.map_or(top, PriorityIdx::index)].push(PriorityIdx::new(i));
            }
            index
        });
        index[parent.map_or(top, PriorityIdx::index)]
            .iter()
            .copied()
    }

    /// How `role` is responsible for `action`, if at all: named as an owner, or a member
    /// (at any depth) of a group named as an owner.
    pub fn responsibility(&self, action: &Action, role: RoleId) -> Option<Responsibility> {
        if action.owners.roles.contains(&role) {
            return Some(Responsibility::Direct);
        }
        self.roster
            .first_group_among(role, &action.owners.roles)
            .map(Responsibility::ViaGroup)
    }

    /// The first day of the reporting period as at `today`: the last quarter (of the
    /// financial year) that has ended began then, and its returns are being collected.
    pub fn reporting_period_start(&self, today: NaiveDate) -> NaiveDate {
        let quarters = crate::recurring::Recurrence {
            frequency: crate::recurring::Frequency::Quarterly,
            start_month: self.meta.dates.fy_start,
        };
        quarters.last_ended(today).first
    }

    pub fn owner_names(&self, owners: &Owners) -> Vec<&str> {
        owners.roles.iter().map(|&r| self.roster.name(r)).collect()
    }
}
