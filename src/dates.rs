//! Due dates as council officers write them in committee papers.
//!
//! A due date names a *period* and falls due at the end of it. Reading is
//! deliberately strict: a silently misread date hides an overdue action, so
//! anything with two readings is an error that quotes the text back to the
//! officer and says how to write each reading. Every form: `docs/dates.md`.

mod error;
mod explain;
mod parse;
mod shift;
#[cfg(test)]
mod tests;

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Months, NaiveDate};

use crate::recurring::{Frequency, Recurrence, Span};

/// A day as `YYYY-MM-DD`, exactly what `NaiveDate`'s `Display` writes, without its
/// formatting machinery: JSON writes a day or three per row, and `Display` was a fifth of
/// the work of making a row (callgrind, 25k rows).
pub fn iso_day(day: NaiveDate) -> String {
    let year = day.year();
    if !(0..=9999).contains(&year) {
        return day.to_string();
    }
    let mut out = String::with_capacity(10);
    push_digits(&mut out, year.unsigned_abs(), 4);
    out.push('-');
    push_digits(&mut out, day.month(), 2);
    out.push('-');
    push_digits(&mut out, day.day(), 2);
    out
}

/// The last `width` decimal digits of `n`, zero-padded, added to `out`: the fast date forms
/// ([`iso_day`], the report's long dates) are built from these.
pub fn push_digits(out: &mut String, n: u32, width: u32) {
    for place in (0..width).rev() {
        let digit = n / 10u32.pow(place) % 10;
        out.push(char::from(b'0' + u8::try_from(digit).unwrap_or(0)));
    }
}

/// A day as people write it in a committee paper, the month short: "1 May 2004", "9 Sep
/// 2004" (reports, chase letters). [`long_date`] writes the month whole.
pub fn short_date(day: NaiveDate) -> String {
    let mut text = String::with_capacity(11);
    push_short_date(&mut text, day);
    text
}

/// [`short_date`] added to `out`. The report shows a date or three per action: chrono's
/// `format` reads its pattern afresh each time, which cost more than the rest of the row.
pub fn push_short_date(out: &mut String, day: NaiveDate) {
    let year = day.year();
    if !(0..=9999).contains(&year) {
        // chrono signs years outside 0–9999; the plan's dates never get there, but a report
        // must still say what chrono would.
        out.push_str(&day.format("%-d %b %Y").to_string());
        return;
    }
    let width = if day.day() >= 10 { 2 } else { 1 };
    push_digits(out, day.day(), width);
    out.push(' ');
    out.push_str(&MONTH_NAMES[day.month0() as usize][..3]);
    out.push(' ');
    push_digits(out, year.unsigned_abs(), 4);
}

pub use error::DateError;
pub use explain::{explain_written, long_date};
pub use parse::{day_from_parts, parse_day, parse_due, status_word};
pub use shift::Shift;

/// Every due form `parse_due` reads, for error help.
pub const ACCEPTED_FORMS: &str = "accepted forms: 2004-04-30, 31 March 2006, April 2004, Mar-06, 2004-Q2, 2004, 2005/06, 2005/06 Q1, H1 2005/06, Summer 2005, Nov/Dec 2005, continuous, from April 2005, TBC; every form and how ambiguous ones are settled: docs/dates.md";

const HORIZON_FORMS: &str = "accepted forms: 30d, 8w, 3m, 30 days, 8 weeks, 3 months";

// Outside this window a year is far more likely a typo than a plan date.
const MIN_YEAR: i32 = 1900;
const MAX_YEAR: i32 = 2200;

/// Longest span a two-digit end year may wrap a century for ("1999/00",
/// "2098/02"); without a cap "2005/04" would read as 2005 to 2104.
const MAX_WRAPPED_SPAN: i32 = 10;

/// English month names, January first.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// How `04/05/2006` reads: set per plan (`date_order` in `plan.toml`), never guessed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DateOrder {
    /// Day, month, year: UK and most of the world.
    Dmy,
    /// Month, day, year: US.
    Mdy,
}

impl DateOrder {
    pub fn name(self) -> &'static str {
        match self {
            DateOrder::Dmy => "dmy",
            DateOrder::Mdy => "mdy",
        }
    }

    pub fn from_name(name: &str) -> Option<DateOrder> {
        [DateOrder::Dmy, DateOrder::Mdy]
            .into_iter()
            .find(|o| o.name() == name)
    }
}

/// What `Q2 2005` means: set per plan (`quarters` in `plan.toml`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Quarters {
    /// Q1 is January–March.
    #[default]
    Calendar,
    /// Q1 is the first quarter of the financial year that starts in that year.
    Financial,
}

impl Quarters {
    pub fn name(self) -> &'static str {
        match self {
            Quarters::Calendar => "calendar",
            Quarters::Financial => "financial",
        }
    }

    pub fn from_name(name: &str) -> Option<Quarters> {
        [Quarters::Calendar, Quarters::Financial]
            .into_iter()
            .find(|q| q.name() == name)
    }
}

/// The plan's date settings (`plan.toml`): each governs only the forms it names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Settings {
    /// Month (1-12) the financial year starts in: "2005/06", "2005/06 Q1", "H1 2005/06".
    pub fy_start: u32,
    /// `31/03/2006`, `31.03.06`: unreadable without it.
    pub date_order: Option<DateOrder>,
    /// `Q2 2005`, `2005-Q2`, `Quarter 2 2005`.
    pub quarters: Quarters,
}

impl Default for Settings {
    /// A UK council: April financial year, calendar quarters, no numeric day dates.
    fn default() -> Self {
        Settings {
            fy_start: 4,
            date_order: None,
            quarters: Quarters::Calendar,
        }
    }
}

/// Meteorological seasons, as UK councils use them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Season {
    /// March–May.
    Spring,
    /// June–August.
    Summer,
    /// September–November.
    Autumn,
    /// December–February: spans two years, so written "Winter 2005/06".
    Winter,
}

impl Season {
    pub const ALL: [Season; 4] = [
        Season::Spring,
        Season::Summer,
        Season::Autumn,
        Season::Winter,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Season::Spring => "Spring",
            Season::Summer => "Summer",
            Season::Autumn => "Autumn",
            Season::Winter => "Winter",
        }
    }

    fn first_month(self) -> u32 {
        match self {
            Season::Spring => 3,
            Season::Summer => 6,
            Season::Autumn => 9,
            Season::Winter => 12,
        }
    }
}

/// A due period; it is due on its last day.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Period {
    Day(NaiveDate),
    Month {
        year: i32,
        month: u32,
    },
    Quarter {
        year: i32,
        quarter: u32,
    },
    Year(i32),
    /// Financial year(s): from `start_month` of `first` to the day before `start_month` of `last`.
    /// "2005/06" => first 2005, last 2006.
    FinancialYear {
        first: i32,
        last: i32,
        start_month: u32,
    },
    /// "2005/06 Q1": `first` is the FY's first calendar year.
    FinancialQuarter {
        first: i32,
        quarter: u32,
        start_month: u32,
    },
    /// "H1 2005/06": `half` is 1 or 2.
    FinancialHalf {
        first: i32,
        half: u32,
        start_month: u32,
    },
    /// "Summer 2005"; a winter's `year` is its December's ("Winter 2005/06": 2005).
    Season {
        year: i32,
        season: Season,
    },
    Range {
        from: Box<Period>,
        to: Box<Period>,
    },
    /// A standing commitment: never overdue, and it counts as dated.
    Continuous,
    /// A standing commitment from the start of a period ("from April 2005").
    Since(Box<Period>),
    /// No date yet, said explicitly ("TBC"): not a date, but not a mistake either.
    Undated,
    /// Due at the end of every period ("quarterly"); late when a period ended with no progress
    /// update in it ([`crate::recurring`]). Counts as dated; has no single due-by day.
    Recurring(Recurrence),
}

impl Period {
    /// The period of a recurring commitment that `span` is, named as the plan writes one:
    /// "September 2025", "2025/26 Q2" (financial quarters; "2025-Q3" in a calendar-year
    /// plan), "2025/26" ("2025").
    pub fn of_recurrence(recurrence: &Recurrence, span: Span) -> Period {
        let first = span.first;
        let fy_first = if first.month() >= recurrence.start_month {
            first.year()
        } else {
            first.year() - 1
        };
        match (recurrence.frequency, recurrence.start_month) {
            (Frequency::Monthly, _) => Period::Month {
                year: first.year(),
                month: first.month(),
            },
            (Frequency::Quarterly, 1) => Period::Quarter {
                year: first.year(),
                quarter: first.month0() / 3 + 1,
            },
            (Frequency::Quarterly, start_month) => Period::FinancialQuarter {
                first: fy_first,
                quarter: (first.month() + 12 - start_month) % 12 / 3 + 1,
                start_month,
            },
            (Frequency::Annually, 1) => Period::Year(first.year()),
            (Frequency::Annually, start_month) => Period::FinancialYear {
                first: fy_first,
                last: fy_first + 1,
                start_month,
            },
        }
    }

    /// First day of the period; `None` for continuous and undated ones.
    pub fn starts_on(&self) -> Option<NaiveDate> {
        match self {
            Period::Day(d) => Some(*d),
            Period::Month { year, month } => first_of(*year, *month),
            Period::Quarter { year, quarter } => {
                first_of(*year, 1)?.checked_add_months(quarter_offset(*quarter)?)
            }
            Period::Year(y) => first_of(*y, 1),
            Period::FinancialYear {
                first, start_month, ..
            } => first_of(*first, *start_month),
            Period::FinancialQuarter {
                first,
                quarter,
                start_month,
            } => first_of(*first, *start_month)?.checked_add_months(quarter_offset(*quarter)?),
            Period::FinancialHalf {
                first,
                half,
                start_month,
            } => first_of(*first, *start_month)?
                .checked_add_months(Months::new(6 * half.checked_sub(1).filter(|h| *h < 2)?)),
            Period::Season { year, season } => first_of(*year, season.first_month()),
            Period::Range { from, .. } => from.starts_on(),
            Period::Since(from) => from.starts_on(),
            Period::Continuous | Period::Undated | Period::Recurring(_) => None,
        }
    }

    /// Last day of the period, the day it is due; `None` for standing and undated ones.
    pub fn due_by(&self) -> Option<NaiveDate> {
        let months = match self {
            Period::Day(d) => return Some(*d),
            Period::FinancialYear {
                last, start_month, ..
            } => return first_of(*last, *start_month)?.pred_opt(),
            Period::Range { to, .. } => return to.due_by(),
            Period::Continuous | Period::Since(_) | Period::Undated | Period::Recurring(_) => {
                return None;
            }
            Period::Month { .. } => 1,
            Period::Quarter { .. } | Period::FinancialQuarter { .. } | Period::Season { .. } => 3,
            Period::FinancialHalf { .. } => 6,
            Period::Year(_) => 12,
        };
        self.starts_on()?
            .checked_add_months(Months::new(months))?
            .pred_opt()
    }

    /// A recurring commitment (`quarterly`): due at the end of every period.
    pub fn is_recurring(&self) -> bool {
        matches!(self, Period::Recurring(_))
    }

    /// A standing commitment (`continuous`, `from April 2005`): never overdue, counts as dated.
    pub fn is_continuous(&self) -> bool {
        matches!(self, Period::Continuous | Period::Since(_))
    }

    /// Whether this is a date at all; `TBC` says there is none yet.
    pub fn is_dated(&self) -> bool {
        !matches!(self, Period::Undated)
    }

    /// A short kind label for listings.
    pub fn kind(&self) -> &'static str {
        match self {
            Period::Day(_) => "day",
            Period::Month { .. } => "month",
            Period::Quarter { .. } => "quarter",
            Period::Year(_) => "year",
            Period::FinancialYear { .. } => "financial year",
            Period::FinancialQuarter { .. } => "financial quarter",
            Period::FinancialHalf { .. } => "financial half",
            Period::Season { .. } => "season",
            Period::Range { .. } => "range",
            Period::Continuous => "continuous",
            Period::Since(_) => "continuous from",
            Period::Undated => "undated",
            Period::Recurring(_) => "recurring",
        }
    }
}

fn first_of(year: i32, month: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, 1)
}

fn quarter_offset(quarter: u32) -> Option<Months> {
    (1..=4)
        .contains(&quarter)
        .then(|| Months::new(3 * (quarter - 1)))
}

fn month_label(month: u32) -> &'static str {
    month
        .checked_sub(1)
        .and_then(|i| MONTH_NAMES.get(i as usize))
        .copied()
        .unwrap_or("month")
}

/// Canonical form, the one the tool writes: it parses back to an equal `Period` under the
/// settings that produced it. Months are written "April 2004", never `2004-04`, because
/// `2005-06` could also be the financial year 2005/06.
impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Day(d) => write!(f, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
            Period::Month { year, month } => write!(f, "{} {year:04}", month_label(*month)),
            Period::Quarter { year, quarter } => write!(f, "{year:04}-Q{quarter}"),
            Period::Year(y) => write!(f, "{y:04}"),
            Period::FinancialYear { first, last, .. } => write_fy(f, *first, *last),
            Period::FinancialQuarter { first, quarter, .. } => {
                write_fy(f, *first, first.saturating_add(1))?;
                write!(f, " Q{quarter}")
            }
            Period::FinancialHalf { first, half, .. } => {
                write_fy(f, *first, first.saturating_add(1))?;
                write!(f, " H{half}")
            }
            Period::Season { year, season } => {
                write!(f, "{} ", season.name())?;
                match season {
                    Season::Winter => write_fy(f, *year, year.saturating_add(1)),
                    _ => write!(f, "{year:04}"),
                }
            }
            Period::Range { from, to } => write!(f, "{from} to {to}"),
            Period::Continuous => f.write_str("continuous"),
            Period::Since(from) => write!(f, "from {from}"),
            Period::Undated => f.write_str("TBC"),
            Period::Recurring(r) => f.write_str(r.frequency.name()),
        }
    }
}

/// Two-digit end year where `expand_two_digit` reads it back unchanged, else four.
fn write_fy(f: &mut fmt::Formatter<'_>, first: i32, last: i32) -> fmt::Result {
    let span = last.saturating_sub(first);
    let same_century = last.div_euclid(100) == first.div_euclid(100);
    if (1..100).contains(&span) && (same_century || span <= MAX_WRAPPED_SPAN) {
        write!(f, "{first}/{:02}", last.rem_euclid(100))
    } else {
        write!(f, "{first}/{last}")
    }
}

/// How far ahead "due within" looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Horizon {
    Days(u32),
    Weeks(u32),
    Months(u32),
}

impl Horizon {
    /// today + horizon, an inclusive bound; calendar months clamp to month end
    /// (31 Jan + 1m = 28/29 Feb). Saturates rather than overflowing.
    pub fn last_day_from(self, today: NaiveDate) -> NaiveDate {
        let end = match self {
            Horizon::Days(n) => today.checked_add_days(chrono::Days::new(u64::from(n))),
            Horizon::Weeks(n) => today.checked_add_days(chrono::Days::new(u64::from(n) * 7)),
            Horizon::Months(n) => today.checked_add_months(Months::new(n)),
        };
        end.unwrap_or(NaiveDate::MAX)
    }
}

impl FromStr for Horizon {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.trim().to_lowercase();
        let split = text
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len());
        let (digits, unit) = text.split_at(split);
        let n = parse::small(digits).filter(|_| digits.len() <= 6);
        match (n, unit.trim()) {
            (Some(n), "d" | "day" | "days") => Ok(Horizon::Days(n)),
            (Some(n), "w" | "week" | "weeks") => Ok(Horizon::Weeks(n)),
            (Some(n), "m" | "month" | "months") => Ok(Horizon::Months(n)),
            _ => Err(DateError::BadHorizon {
                text: s.trim().to_string(),
            }),
        }
    }
}

impl fmt::Display for Horizon {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Horizon::Days(n) => write!(f, "{n}d"),
            Horizon::Weeks(n) => write!(f, "{n}w"),
            Horizon::Months(n) => write!(f, "{n}m"),
        }
    }
}
