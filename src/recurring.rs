//! Recurring commitments: `due = "monthly"`, `"quarterly"` or `"annually"`. Such an action is
//! due at the end of every period, and is late when the most recent period that has ended has
//! no progress update dated inside it (the one overdue rule, [`crate::model::Action::is_overdue`],
//! asks [`Recurrence::missed`]).

use chrono::{Datelike as _, Months, NaiveDate};

/// How often a recurring commitment falls due.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Frequency {
    Monthly,
    Quarterly,
    Annually,
}

impl Frequency {
    pub fn name(self) -> &'static str {
        match self {
            Frequency::Monthly => "monthly",
            Frequency::Quarterly => "quarterly",
            Frequency::Annually => "annually",
        }
    }

    /// The frequency a due text names (`monthly`, `quarterly`, `annually`, also `yearly`),
    /// in any case.
    pub fn from_text(text: &str) -> Option<Frequency> {
        match text.trim().to_ascii_lowercase().as_str() {
            "monthly" => Some(Frequency::Monthly),
            "quarterly" => Some(Frequency::Quarterly),
            "annually" | "yearly" => Some(Frequency::Annually),
            _ => None,
        }
    }

    fn months(self) -> u32 {
        match self {
            Frequency::Monthly => 1,
            Frequency::Quarterly => 3,
            Frequency::Annually => 12,
        }
    }
}

/// A recurring commitment's periods: `frequency`, aligned to `start_month` (the financial
/// year's first month, so "annually" is the financial year and quarters are its quarters).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Recurrence {
    pub frequency: Frequency,
    /// 1-12.
    pub start_month: u32,
}

/// One period: its first and last day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl Span {
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.first <= day && day <= self.last
    }
}

impl Recurrence {
    /// The period `day` falls in.
    pub fn period_of(&self, day: NaiveDate) -> Span {
        let len = self.frequency.months();
        // Months counted from year 0, so alignment is plain arithmetic.
        let index = day.year() * 12 + day.month0() as i32;
        let offset = (index - (self.start_month as i32 - 1)).rem_euclid(len as i32);
        let start = index - offset;
        let first =
            NaiveDate::from_ymd_opt(start.div_euclid(12), start.rem_euclid(12) as u32 + 1, 1)
                .unwrap_or(NaiveDate::MIN);
        let last = first
            .checked_add_months(Months::new(len))
            .and_then(|next| next.pred_opt())
            .unwrap_or(NaiveDate::MAX);
        Span { first, last }
    }

    /// The most recent period that has ended before `today`.
    pub fn last_ended(&self, today: NaiveDate) -> Span {
        let current = self.period_of(today);
        self.period_of(current.first.pred_opt().unwrap_or(NaiveDate::MIN))
    }

    /// The period that ended with no update in it, if the latest one did: `updates` are the
    /// action's update days.
    pub fn missed(
        &self,
        today: NaiveDate,
        updates: impl IntoIterator<Item = NaiveDate>,
    ) -> Option<Span> {
        let period = self.last_ended(today);
        let reported = updates.into_iter().any(|day| period.contains(day));
        (!reported).then_some(period)
    }

    /// The day the next report is due on `today`: the end of a missed period, else the end of
    /// the current one.
    pub fn next_due(
        &self,
        today: NaiveDate,
        updates: impl IntoIterator<Item = NaiveDate>,
    ) -> NaiveDate {
        match self.missed(today, updates) {
            Some(missed) => missed.last,
            None => self.period_of(today).last,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    const QUARTERLY: Recurrence = Recurrence {
        frequency: Frequency::Quarterly,
        start_month: 4,
    };

    #[test]
    fn periods_align_to_the_start_month() {
        let annual = Recurrence {
            frequency: Frequency::Annually,
            start_month: 4,
        };
        assert_eq!(
            annual.period_of(day(2005, 3, 31)),
            Span {
                first: day(2004, 4, 1),
                last: day(2005, 3, 31)
            }
        );
        assert_eq!(
            QUARTERLY.period_of(day(2004, 5, 1)),
            Span {
                first: day(2004, 4, 1),
                last: day(2004, 6, 30)
            }
        );
        let monthly = Recurrence {
            frequency: Frequency::Monthly,
            start_month: 4,
        };
        assert_eq!(
            monthly.period_of(day(2004, 2, 10)),
            Span {
                first: day(2004, 2, 1),
                last: day(2004, 2, 29)
            }
        );
        let calendar = Recurrence {
            frequency: Frequency::Annually,
            start_month: 1,
        };
        assert_eq!(
            calendar.last_ended(day(2005, 1, 1)),
            Span {
                first: day(2004, 1, 1),
                last: day(2004, 12, 31)
            }
        );
    }

    #[test]
    fn overdue_on_each_side_of_a_period_end() {
        // Quarter April-June 2004 ends on 30 June; the quarter before ended 31 March.
        let in_q1 = [day(2004, 3, 10)];
        // On 30 June the April-June quarter has not ended: January-March is the one that counts.
        assert_eq!(QUARTERLY.missed(day(2004, 6, 30), in_q1), None);
        // On 1 July it has ended, with no update in it.
        assert_eq!(
            QUARTERLY.missed(day(2004, 7, 1), in_q1),
            Some(Span {
                first: day(2004, 4, 1),
                last: day(2004, 6, 30)
            })
        );
        // An update on the quarter's last day counts for it.
        assert_eq!(QUARTERLY.missed(day(2004, 7, 1), [day(2004, 6, 30)]), None);
        // One on the first day of the next quarter does not.
        assert!(
            QUARTERLY
                .missed(day(2004, 7, 1), [day(2004, 7, 1)])
                .is_some()
        );
        assert_eq!(
            QUARTERLY.next_due(day(2004, 7, 1), [day(2004, 6, 30)]),
            day(2004, 9, 30)
        );
        assert_eq!(QUARTERLY.next_due(day(2004, 7, 1), []), day(2004, 6, 30));
    }

    #[test]
    fn frequencies_are_read_in_any_case() {
        assert_eq!(
            Frequency::from_text(" Quarterly"),
            Some(Frequency::Quarterly)
        );
        assert_eq!(Frequency::from_text("yearly"), Some(Frequency::Annually));
        assert_eq!(Frequency::from_text("weekly"), None);
    }
}
