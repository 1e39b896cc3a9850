//! How far a due-by day moved: in days, and in calendar months when the move is whole
//! months. Said by `plan diff`, `plan history` and the report's due-date trail alike.

use chrono::{Datelike as _, NaiveDate};

use crate::text::plural;

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
