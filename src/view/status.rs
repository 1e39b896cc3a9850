//! The report's status of an action — red/amber/green and the rest — decided in one place.

use chrono::NaiveDate;

use crate::model::{Action, Rag, Status};

/// What a committee report says about an action on the "as at" day.
///
/// Decided by [`status`]; the variants are in the order reports list them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReportStatus {
    /// Red: open, and its due-by day is before the "as at" day ([`Action::is_overdue`]).
    Overdue,
    /// Amber: open, and due between the "as at" day and the end of the window (inclusive).
    DueSoon,
    /// Green: open, and due after the window.
    OnTrack,
    /// Open and continuous: a standing commitment, never late.
    Ongoing,
    /// Open, with a due date that could not be read: nobody can say whether it is late
    /// until it is fixed (`plan check` names the problem).
    Unreadable,
    /// Open with no due date: flagged, because nobody can say whether it is late.
    NoDate,
    Done,
    Dropped,
}

impl ReportStatus {
    pub const ALL: [ReportStatus; 8] = [
        ReportStatus::Overdue,
        ReportStatus::DueSoon,
        ReportStatus::OnTrack,
        ReportStatus::Ongoing,
        ReportStatus::Unreadable,
        ReportStatus::NoDate,
        ReportStatus::Done,
        ReportStatus::Dropped,
    ];

    /// The label people read; reports always show it, never colour alone.
    pub fn label(self) -> &'static str {
        match self {
            ReportStatus::Overdue => "Overdue",
            ReportStatus::DueSoon => "Due soon",
            ReportStatus::OnTrack => "On track",
            ReportStatus::Ongoing => "Ongoing",
            ReportStatus::Unreadable => "Unreadable date",
            ReportStatus::NoDate => "No date",
            ReportStatus::Done => "Done",
            ReportStatus::Dropped => "Dropped",
        }
    }

    /// A stable machine name (CSS class, HTML data attribute).
    pub fn key(self) -> &'static str {
        match self {
            ReportStatus::Overdue => "overdue",
            ReportStatus::DueSoon => "due-soon",
            ReportStatus::OnTrack => "on-track",
            ReportStatus::Ongoing => "ongoing",
            ReportStatus::Unreadable => "unreadable",
            ReportStatus::NoDate => "no-date",
            ReportStatus::Done => "done",
            ReportStatus::Dropped => "dropped",
        }
    }

    /// Red, amber or green, for the statuses that have one.
    pub fn rag(self) -> Option<Rag> {
        match self {
            ReportStatus::Overdue => Some(Rag::Red),
            ReportStatus::DueSoon => Some(Rag::Amber),
            ReportStatus::OnTrack => Some(Rag::Green),
            _ => None,
        }
    }

    /// What the status means, for the report's key.
    pub fn meaning(self) -> &'static str {
        match self {
            ReportStatus::Overdue => "open, and its due-by day has passed",
            ReportStatus::DueSoon => "open, and due within the look-ahead window",
            ReportStatus::OnTrack => "open, and due after the window",
            ReportStatus::Ongoing => "a continuous commitment, never late",
            ReportStatus::Unreadable => {
                "open, with a due date that could not be read (see plan check)"
            }
            ReportStatus::NoDate => "open, with no due date to measure it by",
            ReportStatus::Done => "marked done",
            ReportStatus::Dropped => "marked dropped",
        }
    }

    /// The exception report lists these: late, or impossible to call late.
    pub fn is_exception(self) -> bool {
        matches!(
            self,
            ReportStatus::Overdue | ReportStatus::Unreadable | ReportStatus::NoDate
        )
    }
}

/// The status of `action` as at `today`, where "due soon" means due on or before
/// `window_end` (today plus the window, inclusive — the same range as `list --due-within`).
///
/// Done and dropped come first, whatever the date; then lateness by the one overdue rule,
/// [`Action::is_overdue`]; then undated, continuous, and the window.
pub fn status(action: &Action, today: NaiveDate, window_end: NaiveDate) -> ReportStatus {
    match action.status {
        Status::Done => return ReportStatus::Done,
        Status::Dropped => return ReportStatus::Dropped,
        Status::Planned | Status::InProgress => {}
    }
    if action.is_overdue(today) {
        return ReportStatus::Overdue;
    }
    if action.due.unreadable.is_some() {
        return ReportStatus::Unreadable;
    }
    match &action.due.due {
        None => ReportStatus::NoDate,
        Some(due) if !due.period.is_dated() => ReportStatus::NoDate,
        Some(due) if due.period.is_continuous() => ReportStatus::Ongoing,
        Some(_) => match action.deadline(today) {
            Some(by) if by <= window_end => ReportStatus::DueSoon,
            Some(_) => ReportStatus::OnTrack,
            // A period with no last day that is not continuous cannot be built by the
            // loader; treat it as undated rather than guess.
            None => ReportStatus::NoDate,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::Period;
    use crate::diag::{FileId, Place};
    use crate::model::{Due, EffectiveDue, Origin, Owners, PriorityIdx};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    fn action(period: Option<Period>, status: Status) -> Action {
        Action {
            id: "a-1".into(),
            title: "A".into(),
            priority: PriorityIdx(0),
            owners: Owners {
                roles: std::sync::Arc::from([]),
                origin: Origin::Missing,
                unknown: Box::default(),
            },
            due: EffectiveDue {
                due: period.map(|period| std::sync::Arc::new(Due::new(period.to_string(), period))),
                origin: Origin::Own,
                note: None,
                unreadable: None,
            },
            status,
            source: None,
            done_on: None,
            updates: crate::model::shared_updates(Vec::new()),
            waivers: crate::model::shared_waivers(Vec::new()),
            terms: crate::recurring::Terms::default(),
            place: Place {
                file: FileId(0),
                span: 0..0,
            },
        }
    }

    const TODAY: (i32, u32, u32) = (2004, 5, 1);

    fn status_of(period: Option<Period>, s: Status) -> ReportStatus {
        let today = day(TODAY.0, TODAY.1, TODAY.2);
        status(&action(period, s), today, day(2004, 5, 31))
    }

    #[test]
    fn every_status_at_its_boundaries() {
        use ReportStatus::*;
        let on = |y, m, d| Some(Period::Day(day(y, m, d)));
        // Due yesterday: late by the one rule. Due today: not yet late, so due soon.
        assert_eq!(status_of(on(2004, 4, 30), Status::Planned), Overdue);
        assert_eq!(status_of(on(2004, 5, 1), Status::InProgress), DueSoon);
        // The window's last day is inside it; the day after is not.
        assert_eq!(status_of(on(2004, 5, 31), Status::Planned), DueSoon);
        assert_eq!(status_of(on(2004, 6, 1), Status::Planned), OnTrack);
        // A month is due at its end: April 2004 is late on 1 May, May 2004 is due soon.
        let month = |m| {
            Some(Period::Month {
                year: 2004,
                month: m,
            })
        };
        assert_eq!(status_of(month(4), Status::Planned), Overdue);
        assert_eq!(status_of(month(5), Status::Planned), DueSoon);
        assert_eq!(
            status_of(Some(Period::Continuous), Status::Planned),
            Ongoing
        );
        assert_eq!(status_of(None, Status::InProgress), NoDate);
        // Done and dropped win over any date, even a long-past one or none.
        assert_eq!(status_of(on(2003, 1, 1), Status::Done), Done);
        assert_eq!(status_of(None, Status::Dropped), Dropped);
    }

    #[test]
    fn only_late_and_undated_are_exceptions() {
        let exceptions: Vec<_> = ReportStatus::ALL
            .into_iter()
            .filter(|s| s.is_exception())
            .collect();
        assert_eq!(
            exceptions,
            [
                ReportStatus::Overdue,
                ReportStatus::Unreadable,
                ReportStatus::NoDate
            ]
        );
    }
}
