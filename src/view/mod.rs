//! The plan as every writer reads it, as at a day: one borrowed row per action and per
//! priority, with every value a writer shows worked out in one place — owner names (unknown
//! ones kept and marked), due forms, the deadline as at the day, overdue and days late, the
//! report status, the latest update and whether the owner's rating contradicts the dates,
//! file and line. An [`ActionRow`] *is* the JSON object of `list`, `owner` and `show`; tables,
//! reports and the calendar lay out its fields and never work them out again, so they cannot
//! disagree about what an action says. The words people read for these values are made in
//! [`words`].

pub mod indicator;
pub mod priority;
pub mod role;
pub mod status;
pub mod words;

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use crate::dates::{Horizon, Shift, iso_day};
use crate::diag::SourceMap;
use crate::model::{Action, EffectiveDue, Plan, Rag, Responsibility, Status, Update};
use crate::roster::RoleId;

pub use crate::model::RagConflict;
pub use indicator::{IndicatorDetail, IndicatorRow, StepRow};
pub use priority::{PriorityDetail, PriorityRow};
pub use role::RoleRow;
pub use status::{ReportStatus, status};

/// The day a row is worked out as at, and the end of its "due soon" window (inclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AsAt {
    pub day: NaiveDate,
    pub window_end: NaiveDate,
}

impl AsAt {
    /// `plan report`'s default window: due within 30 days.
    pub const DEFAULT_WINDOW: Horizon = Horizon::Days(30);

    pub fn new(day: NaiveDate, window: Horizon) -> AsAt {
        AsAt {
            day,
            window_end: window.last_day_from(day),
        }
    }

    /// As at `day`, with the default window.
    pub fn on(day: NaiveDate) -> AsAt {
        AsAt::new(day, AsAt::DEFAULT_WINDOW)
    }

    /// An action's report status, days late and owner's rating as at the day: what
    /// [`ActionRow::new`] gives it, for counting many actions without building their rows.
    pub fn standing(self, action: &Action) -> Standing {
        let rated = action.latest_rated(self.day);
        Standing {
            status: status(action, self.day, self.window_end),
            days_late: action.days_late(self.day),
            owner_rag: rated.and_then(|u| u.rag),
            rated_on: rated.map(|u| u.date),
        }
    }
}

/// The part of an [`ActionRow`] a report counts by, worked out by [`AsAt::standing`] (which
/// [`ActionRow::new`] uses too), so a report of many actions need not hold their rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Standing {
    /// [`ActionRow::report_status`].
    pub status: ReportStatus,
    /// [`ActionRow::days_late`].
    pub days_late: i64,
    /// [`ActionRow::owner_rag`].
    pub owner_rag: Option<Rag>,
    /// The day of the update that gave `owner_rag`.
    pub rated_on: Option<NaiveDate>,
}

impl Standing {
    /// Open, and its owner's latest rating is red or amber: among a report's exceptions
    /// whatever the dates say.
    pub fn rated_behind(self) -> bool {
        !matches!(self.status, ReportStatus::Done | ReportStatus::Dropped)
            && matches!(self.owner_rag, Some(Rag::Red | Rag::Amber))
    }

    /// An open action's owner's rating given on or after `since`: `None` when it is closed,
    /// `Some(None)` when not reported since then.
    pub fn rated_since(self, since: NaiveDate) -> Option<Option<Rag>> {
        let open = !matches!(self.status, ReportStatus::Done | ReportStatus::Dropped);
        open.then(|| {
            self.owner_rag
                .filter(|_| self.rated_on.is_some_and(|d| d >= since))
        })
    }
}

/// The priority an action is under, as its JSON names it.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct PriorityRef<'a> {
    pub id: &'a str,
    pub title: &'a str,
}

/// One action as at a day, borrowed from the plan. Field names and order are the JSON of
/// `list`, `owner` and `show`, a stable interface (see README); fields marked `skip` are
/// for the other writers.
#[derive(Clone, Debug, Serialize)]
pub struct ActionRow<'a> {
    #[serde(skip)]
    pub action: &'a Action,
    pub id: &'a str,
    pub title: &'a str,
    pub priority: PriorityRef<'a>,
    /// Effective owners, canonical roster names.
    pub owners: Vec<&'a str>,
    /// Normalised form (`April 2004`), or none when there is none or it is unreadable.
    #[serde(rename = "due")]
    pub due_canonical: Option<String>,
    /// The due date exactly as written (or inherited), also when it could not be read.
    pub due_written: Option<&'a str>,
    /// The day it is due by as at the day (a recurring action's next deadline); none for
    /// continuous, undated and unreadable dates.
    #[serde(serialize_with = "iso")]
    pub due_by: Option<NaiveDate>,
    /// Why the due date could not be read (SPEC "Degrade, don't block"), or `None`: then the
    /// action is neither overdue nor undated, but unknown (`plan check` has the details).
    pub due_problem: Option<&'a str>,
    /// Owner names written (or inherited) that are not on the roster.
    pub unknown_owners: &'a [String],
    pub due_note: Option<&'a str>,
    /// The status written in the plan file.
    #[serde(serialize_with = "status_name")]
    pub status: Status,
    /// Open and its due-by day has passed ([`Action::is_overdue`], the one rule).
    pub overdue: bool,
    /// Days late as at the day (0 when not overdue).
    #[serde(rename = "days_overdue")]
    pub days_late: i64,
    /// For `plan owner`: null when the role is named on the action, else the group it
    /// answers through. Absent elsewhere.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<Option<&'a str>>,
    pub source: Option<&'a str>,
    /// Relative to the plan folder's parent, `/`-separated.
    pub file: &'a str,
    pub line: usize,
    /// When a done action was finished (only for closed actions).
    #[serde(serialize_with = "iso")]
    pub done_on: Option<NaiveDate>,
    /// The newest progress update.
    #[serde(rename = "latest_update")]
    pub latest: Option<UpdateRow<'a>>,
    /// Every progress update, oldest first: `show` only ([`ActionRow::for_show`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updates: Option<Vec<UpdateRow<'a>>>,
    /// How the due date moved since first agreed: a report's rows only.
    #[serde(skip)]
    pub trail: Option<DueTrail>,
    /// The owners and due date in full, with where they come from: `show` only.
    #[serde(skip)]
    pub in_full: Option<words::InFull>,
    /// The day the row is as at.
    #[serde(skip)]
    pub as_at: NaiveDate,
    /// What a committee report calls it as at the day (red/amber/green and the rest).
    #[serde(skip)]
    pub report_status: ReportStatus,
    /// The owner's latest rating as at the day ([`Action::latest_rag`]): the newest update
    /// that gives one, which need not be the latest update.
    #[serde(skip)]
    pub owner_rag: Option<Rag>,
    /// The owner's latest rating against the dates, when they disagree, either way
    /// ([`Action::rag_conflict`], the one rule).
    #[serde(skip)]
    pub rag_conflict: Option<RagConflict>,
    /// First day of the due period (none for continuous or undated).
    #[serde(skip)]
    pub due_from: Option<NaiveDate>,
    /// A standing commitment ("continuous"): shown so, not as undated.
    #[serde(skip)]
    pub standing: bool,
    /// Days after its due-by day that a done action was finished, if it was late.
    #[serde(skip)]
    pub done_days_late: Option<i64>,
}

/// How an action's due date moved since it was first agreed, from git history (a report
/// sets it on its rows, [`ActionRow::with_trail`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DueTrail {
    /// The first due date the history shows, canonical ("April 2004").
    pub first: String,
    /// Times the due date changed since.
    pub moves: usize,
    /// From the first due-by day to the current one, when both are days.
    pub shift: Option<Shift>,
}

impl DueTrail {
    /// "originally April 2004 — moved twice, 5 months in all".
    pub fn words(&self) -> String {
        words::due_trail(self)
    }
}

/// One progress update, as writers show it and as its JSON (`latest_update`, `updates`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UpdateRow<'a> {
    #[serde(serialize_with = "iso_day_of")]
    pub date: NaiveDate,
    /// `green`, `amber`, `red`, or null when not given.
    pub rag: Option<Rag>,
    pub percent: Option<u8>,
    /// The role that reported it (roster name), if given.
    pub by: Option<&'a str>,
    pub note: &'a str,
    /// For a recurring commitment: the period it counts for ("2025/26 Q2"). Absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counts_for: Option<String>,
}

impl<'a> UpdateRow<'a> {
    /// One progress update of `action`.
    pub fn of(plan: &'a Plan, action: &Action, update: &'a Update) -> UpdateRow<'a> {
        UpdateRow {
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
        words::rating(self)
    }
}

impl<'a> ActionRow<'a> {
    pub fn new(plan: &'a Plan, sources: &'a SourceMap, action: &'a Action, as_at: AsAt) -> Self {
        let priority = plan.priority(action.priority);
        let due = action.due.due.as_ref();
        let (file, line) = sources.file_line(&action.place);
        let latest = action
            .latest_update(as_at.day)
            .map(|u| UpdateRow::of(plan, action, u));
        let standing = as_at.standing(action);
        ActionRow {
            action,
            id: &action.id,
            title: &action.title,
            priority: PriorityRef {
                id: &priority.id,
                title: &priority.title,
            },
            owners: plan.owner_names(&action.owners),
            due_canonical: due.map(|due| due.canonical()),
            due_written: written(&action.due),
            due_by: action.deadline(as_at.day),
            due_problem: action.due.unreadable.as_ref().map(|u| u.problem.as_str()),
            unknown_owners: &action.owners.unknown,
            due_note: action.due.note.as_deref(),
            status: action.status,
            overdue: action.is_overdue(as_at.day),
            days_late: standing.days_late,
            via: None,
            source: action.source.as_deref(),
            file,
            line,
            done_on: action.done_on.filter(|_| !action.status.is_open()),
            owner_rag: standing.owner_rag,
            rag_conflict: action.rag_conflict(as_at.day, as_at.window_end),
            latest,
            updates: None,
            trail: None,
            in_full: None,
            as_at: as_at.day,
            report_status: standing.status,
            due_from: due.and_then(|d| d.period.starts_on()),
            standing: due.is_some_and(|d| d.period.is_continuous()),
            done_days_late: action.days_late_done(),
        }
    }

    /// For `plan owner`: how `role` answers for this action (named, or through a group);
    /// nothing is said when it does not answer for it.
    pub fn with_responsibility(mut self, plan: &'a Plan, role: RoleId) -> Self {
        self.via =
            plan.responsibility(self.action, role)
                .map(|responsibility| match responsibility {
                    Responsibility::Direct => None,
                    Responsibility::ViaGroup(group) => Some(plan.roster.name(group)),
                });
        self
    }

    /// For `plan show`: every progress update, oldest first, and the owners and due date in
    /// full.
    pub fn for_show(mut self, plan: &'a Plan) -> Self {
        let action = self.action;
        self.in_full = Some(words::InFull::of(plan, &action.owners, &action.due));
        let updates = action
            .updates
            .iter()
            .map(|u| UpdateRow::of(plan, action, u));
        self.updates = Some(updates.collect());
        self
    }

    /// For a report: how the due date moved since first agreed, from git history.
    pub fn with_trail(mut self, trail: Option<DueTrail>) -> Self {
        self.trail = trail;
        self
    }

    /// "In progress" beside the dates' status, where the plan says so.
    pub fn in_progress(&self) -> bool {
        self.status == Status::InProgress
    }

    /// Roster names, then names not on the roster marked as such, for people to read.
    pub fn owners_shown(&self) -> Vec<String> {
        words::owners_shown(&self.owners, self.unknown_owners)
    }

    /// The due date could not be read: the text as written, for `UNREADABLE "…"`.
    pub fn unreadable_due(&self) -> Option<&'a str> {
        self.due_problem.and(self.due_written)
    }
}

fn iso<S: Serializer>(day: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
    match day {
        Some(day) => s.serialize_str(&iso_day(*day)),
        None => s.serialize_none(),
    }
}

fn iso_day_of<S: Serializer>(day: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&iso_day(*day))
}

fn status_name<S: Serializer>(status: &Status, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(status.name())
}

/// The due date as written: the period's text, or the raw text that could not be read.
fn written(due: &EffectiveDue) -> Option<&str> {
    due.due
        .as_ref()
        .map(|d| d.written.as_str())
        .or_else(|| due.unreadable.as_ref().map(|u| u.written.as_str()))
}
