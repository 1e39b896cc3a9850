//! Recurring commitments: `due = "monthly"`, `"quarterly"` or `"annually"`. Such an action owes
//! a return for every period: a progress update dated inside the period, or within
//! `data_due_after` days after it ends (returns are collected after the quarter), counts for
//! it ([`Recurrence::counts_for`]). It is late when the latest period whose return was due
//! before today has none (the one overdue rule, [`crate::model::Action::is_overdue`], asks
//! [`Recurrence::missed`]). No period that ends before the commitment's `start` is judged.

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

/// What a recurring commitment is judged by besides its periods: from when, and how long
/// after a period ends its return still counts for it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Terms {
    /// The first day of the commitment (`start` on the action, its priority or `plan.toml`):
    /// no period ending before it is judged.
    pub start: Option<NaiveDate>,
    /// `data_due_after` in `plan.toml`: days after a period ends that its return is due by.
    pub grace_days: u32,
}

/// The last day on which figures for a period ending on `period_end` are on time, given
/// `data_due_after` days of grace: the one rule for both an action's return
/// ([`Terms::return_due`]) and an indicator's actual ([`crate::model::Meta::data_due_by`]).
pub fn data_due_by(period_end: NaiveDate, data_due_after: u32) -> NaiveDate {
    period_end
        .checked_add_days(chrono::Days::new(u64::from(data_due_after)))
        .unwrap_or(NaiveDate::MAX)
}

impl Terms {
    /// The last day a return for `period` is on time.
    pub fn return_due(&self, period: Span) -> NaiveDate {
        data_due_by(period.last, self.grace_days)
    }

    fn judges(&self, period: Span) -> bool {
        self.start.is_none_or(|start| period.last >= start)
    }
}

/// How far back [`Recurrence::judged`] looks for a period whose return is due: a year and a
/// day of grace is at most 13 months.
const MAX_STEPS_BACK: usize = 16;

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

    /// The period after `period`.
    pub fn next(&self, period: Span) -> Span {
        self.period_of(period.last.succ_opt().unwrap_or(NaiveDate::MAX))
    }

    /// The period before `period`.
    pub fn previous(&self, period: Span) -> Span {
        self.period_of(period.first.pred_opt().unwrap_or(NaiveDate::MIN))
    }

    /// The most recent period that has ended before `today`.
    pub fn last_ended(&self, today: NaiveDate) -> Span {
        self.previous(self.period_of(today))
    }

    /// The period an update dated `day` counts for: the one that ended just before, while
    /// its return is still due (`terms.grace_days` after it ends) and it is judged at all;
    /// else the one it is dated in.
    pub fn counts_for(&self, day: NaiveDate, terms: Terms) -> Span {
        let current = self.period_of(day);
        let previous = self.previous(current);
        if day <= terms.return_due(previous) && terms.judges(previous) {
            previous
        } else {
            current
        }
    }

    /// The latest period whose return was due before `today`, if it is judged (it ends on
    /// or after the start).
    pub fn judged(&self, today: NaiveDate, terms: Terms) -> Option<Span> {
        let mut period = self.period_of(today);
        for _ in 0..MAX_STEPS_BACK {
            if terms.return_due(period) < today {
                return terms.judges(period).then_some(period);
            }
            period = self.previous(period);
        }
        None
    }

    /// The judged period, if no update counts for it: `updates` are the action's update days.
    pub fn missed(
        &self,
        today: NaiveDate,
        terms: Terms,
        updates: impl IntoIterator<Item = NaiveDate>,
    ) -> Option<Span> {
        let period = self.judged(today, terms)?;
        let reported = updates
            .into_iter()
            .any(|day| self.counts_for(day, terms) == period);
        (!reported).then_some(period)
    }

    /// The day the next return is due on `today`: that of a missed period; else of the first
    /// period after the judged one (or from the start) that has not both ended and been
    /// reported for.
    pub fn next_due<I>(&self, today: NaiveDate, terms: Terms, updates: I) -> NaiveDate
    where
        I: IntoIterator<Item = NaiveDate> + Clone,
    {
        if let Some(missed) = self.missed(today, terms, updates.clone()) {
            return terms.return_due(missed);
        }
        let mut period = match self.judged(today, terms) {
            Some(judged) => self.next(judged),
            None => self.period_of(terms.start.unwrap_or(today)),
        };
        for _ in 0..MAX_STEPS_BACK {
            let reported = || {
                updates
                    .clone()
                    .into_iter()
                    .any(|day| self.counts_for(day, terms) == period)
            };
            if period.last >= today || !reported() {
                break;
            }
            period = self.next(period);
        }
        terms.return_due(period)
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

    /// No grace and no start: a return counts only inside its period.
    const NONE: Terms = Terms {
        start: None,
        grace_days: 0,
    };

    /// Returns due 30 days after the period, as `data_due_after` defaults to.
    const MONTH_AFTER: Terms = Terms {
        start: None,
        grace_days: 30,
    };

    #[test]
    fn a_return_falls_due_data_due_after_days_after_its_period() {
        // Q2 ends 30 September; 30 days on is 30 October.
        let q2 = Span {
            first: day(2025, 7, 1),
            last: day(2025, 9, 30),
        };
        assert_eq!(data_due_by(q2.last, 30), day(2025, 10, 30));
        assert_eq!(MONTH_AFTER.return_due(q2), day(2025, 10, 30));
        assert_eq!(NONE.return_due(q2), q2.last);
        assert_eq!(data_due_by(NaiveDate::MAX, 366), NaiveDate::MAX);
    }

    #[test]
    fn a_return_in_the_month_after_a_quarter_counts_for_it() {
        // Q2 of 2025/26 is July-September; its return is due by 30 October.
        let q2 = Span {
            first: day(2025, 7, 1),
            last: day(2025, 9, 30),
        };
        assert_eq!(QUARTERLY.counts_for(day(2025, 10, 6), MONTH_AFTER), q2);
        assert_eq!(QUARTERLY.counts_for(day(2025, 10, 30), MONTH_AFTER), q2);
        assert_eq!(QUARTERLY.counts_for(day(2025, 9, 30), MONTH_AFTER), q2);
        // The 31st is past the grace: it counts for October-December.
        assert_eq!(
            QUARTERLY.counts_for(day(2025, 10, 31), MONTH_AFTER),
            QUARTERLY.period_of(day(2025, 10, 31))
        );
        // Without grace an October update is Q3's.
        assert_eq!(
            QUARTERLY.counts_for(day(2025, 10, 6), NONE).first,
            day(2025, 10, 1)
        );
        let q1_return = [day(2025, 7, 10)];
        // 10 October, no Q2 return yet: not late, due by 30 October.
        assert_eq!(
            QUARTERLY.missed(day(2025, 10, 10), MONTH_AFTER, q1_return),
            None
        );
        assert_eq!(
            QUARTERLY.next_due(day(2025, 10, 10), MONTH_AFTER, q1_return),
            day(2025, 10, 30)
        );
        // 31 October: Q2 missed.
        assert_eq!(
            QUARTERLY.missed(day(2025, 10, 31), MONTH_AFTER, q1_return),
            Some(q2)
        );
        // The 6 October return counts: the next one due is Q3's, by 30 January.
        let both = [day(2025, 7, 10), day(2025, 10, 6)];
        assert_eq!(QUARTERLY.missed(day(2025, 10, 31), MONTH_AFTER, both), None);
        assert_eq!(
            QUARTERLY.next_due(day(2025, 10, 10), MONTH_AFTER, both),
            day(2026, 1, 30)
        );
    }

    #[test]
    fn no_period_ending_before_the_start_is_judged() {
        let annual = Recurrence {
            frequency: Frequency::Annually,
            start_month: 4,
        };
        let from_april = Terms {
            start: Some(day(2025, 4, 1)),
            grace_days: 30,
        };
        // 2024/25 ended before the plan began: nothing is missed, 2025/26 is next.
        assert_eq!(annual.missed(day(2025, 10, 10), from_april, []), None);
        assert_eq!(
            annual.next_due(day(2025, 10, 10), from_april, []),
            day(2026, 4, 30)
        );
        // Without the start, 2024/25 is missed.
        assert!(annual.missed(day(2025, 10, 10), MONTH_AFTER, []).is_some());
        // An April update is not a late return for a year before the start.
        assert_eq!(
            annual.counts_for(day(2025, 4, 10), from_april).first,
            day(2025, 4, 1)
        );
        // A start after today: its first period is the next due.
        let later = Terms {
            start: Some(day(2026, 1, 1)),
            grace_days: 0,
        };
        assert_eq!(QUARTERLY.missed(day(2025, 10, 10), later, []), None);
        assert_eq!(
            QUARTERLY.next_due(day(2025, 10, 10), later, []),
            day(2026, 3, 31)
        );
    }

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
        assert_eq!(QUARTERLY.missed(day(2004, 6, 30), NONE, in_q1), None);
        // On 1 July it has ended, with no update in it.
        assert_eq!(
            QUARTERLY.missed(day(2004, 7, 1), NONE, in_q1),
            Some(Span {
                first: day(2004, 4, 1),
                last: day(2004, 6, 30)
            })
        );
        // An update on the quarter's last day counts for it.
        assert_eq!(
            QUARTERLY.missed(day(2004, 7, 1), NONE, [day(2004, 6, 30)]),
            None
        );
        // One on the first day of the next quarter does not.
        assert!(
            QUARTERLY
                .missed(day(2004, 7, 1), NONE, [day(2004, 7, 1)])
                .is_some()
        );
        assert_eq!(
            QUARTERLY.next_due(day(2004, 7, 1), NONE, [day(2004, 6, 30)]),
            day(2004, 9, 30)
        );
        assert_eq!(
            QUARTERLY.next_due(day(2004, 7, 1), NONE, []),
            day(2004, 6, 30)
        );
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
