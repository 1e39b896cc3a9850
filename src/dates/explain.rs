//! Saying in words what a due date means, for `plan show`: officers check the tool read
//! their text the way they meant it ("Summer 2005 — the season June–August 2005, due by
//! 31 August 2005").

use chrono::{Datelike, Months, NaiveDate};

use super::{Period, first_of, month_label};

/// "31 March 2006".
pub fn long_date(day: NaiveDate) -> String {
    format!("{} {} {}", day.day(), month_label(day.month()), day.year())
}

pub(super) fn days_in_month(year: i32, month: u32) -> Option<u32> {
    let first = first_of(year, month)?;
    let next = first.checked_add_months(Months::new(1))?;
    u32::try_from(next.signed_duration_since(first).num_days()).ok()
}

/// "June–August 2005", "December 2005–February 2006", or days when not whole months.
fn span(start: NaiveDate, end: NaiveDate) -> String {
    let whole_months = start.day() == 1 && end.succ_opt().is_none_or(|next| next.day() == 1);
    if !whole_months {
        return if start == end {
            long_date(start)
        } else {
            format!("{}–{}", long_date(start), long_date(end))
        };
    }
    let (first, last) = (month_label(start.month()), month_label(end.month()));
    match (start.year() == end.year(), start.month() == end.month()) {
        (true, true) => format!("{first} {}", start.year()),
        (true, false) => format!("{first}–{last} {}", start.year()),
        (false, _) => format!("{first} {}–{last} {}", start.year(), end.year()),
    }
}

fn fy_label(first: i32) -> String {
    format!("{first}/{:02}", (first + 1).rem_euclid(100))
}

impl Period {
    /// What the period is and when it is due, in words.
    pub fn explain(&self) -> String {
        let standing = "never overdue, and it counts as dated";
        match (self, self.starts_on(), self.due_by()) {
            (Period::Day(day), _, _) => format!("the day {}, due that day", long_date(*day)),
            (Period::Since(_), Some(start), _) => {
                format!("a standing commitment since {}: {standing}", long_date(start))
            }
            (Period::Continuous | Period::Since(_), _, _) => {
                format!("a standing commitment: {standing}")
            }
            (Period::Recurring(r), _, _) => {
                let period = match r.frequency {
                    crate::recurring::Frequency::Monthly => "month",
                    crate::recurring::Frequency::Quarterly => "quarter",
                    crate::recurring::Frequency::Annually => "financial year",
                };
                format!(
                    "a recurring commitment: a progress update is due for every {period}, dated in it or within data_due_after days (plan.toml, default 30) after it ends, and it is overdue once that has passed without one"
                )
            }
            (Period::Undated, _, _) => {
                "no date yet, said explicitly: not overdue, and plan check reports it as missing-date".to_string()
            }
            (_, Some(start), Some(end)) => {
                format!("{}, due by {}", self.what(span(start, end)), long_date(end))
            }
            _ => self.to_string(),
        }
    }

    fn what(&self, span: String) -> String {
        match self {
            Period::Month { .. } => format!("the month {span}"),
            Period::Quarter { year, quarter } => {
                format!("calendar quarter {quarter} of {year} ({span})")
            }
            Period::Year(year) => format!("the calendar year {year} ({span})"),
            Period::FinancialYear { first, last, .. } if *last == first + 1 => {
                format!("the financial year {} ({span})", fy_label(*first))
            }
            Period::FinancialYear { first, last, .. } => format!(
                "the financial years {} to {} ({span})",
                fy_label(*first),
                fy_label(last - 1)
            ),
            Period::FinancialQuarter { first, quarter, .. } => format!(
                "quarter {quarter} of the financial year {} ({span})",
                fy_label(*first)
            ),
            Period::FinancialHalf { first, half, .. } => format!(
                "the {} half of the financial year {} ({span})",
                if *half == 1 { "first" } else { "second" },
                fy_label(*first)
            ),
            Period::Season { .. } => format!("the season {span}"),
            _ => format!("the period {span}"),
        }
    }
}

/// "Summer 2005 — the season June–August 2005, due by 31 August 2005".
pub fn explain_written(written: &str, period: &Period) -> String {
    format!("{written} — {}", period.explain())
}
