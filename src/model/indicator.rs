//! Performance indicators (`[[indicator]]` in a priority's file) as loaded: what is measured,
//! which way is better, its targets, actuals and benchmark quartiles, each for a period of the
//! plan's financial year. Built only by [`crate::load`]; judged by [`crate::indicator`].

use std::fmt;

use chrono::{Datelike as _, Months, NaiveDate};

use super::{Owners, PriorityIdx, Waiver};
use crate::dates::Period;
use crate::diag::Place;
use crate::recurring::Recurrence;
use crate::roster::RoleId;

/// Which way is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Polarity {
    /// More is better (rent collected).
    Higher,
    /// Less is better (days to relet, burglaries).
    Lower,
}

impl Polarity {
    pub const ALL: [Polarity; 2] = [Polarity::Higher, Polarity::Lower];

    pub fn name(self) -> &'static str {
        match self {
            Polarity::Higher => "higher",
            Polarity::Lower => "lower",
        }
    }

    pub fn from_name(name: &str) -> Option<Polarity> {
        Polarity::ALL.into_iter().find(|p| p.name() == name)
    }
}

/// How often an indicator is measured: its actuals are periods of this length.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Frequency {
    Monthly,
    Quarterly,
    Annual,
}

impl Frequency {
    pub const ALL: [Frequency; 3] = [Frequency::Monthly, Frequency::Quarterly, Frequency::Annual];

    pub fn name(self) -> &'static str {
        match self {
            Frequency::Monthly => "monthly",
            Frequency::Quarterly => "quarterly",
            Frequency::Annual => "annual",
        }
    }

    pub fn from_name(name: &str) -> Option<Frequency> {
        Frequency::ALL.into_iter().find(|f| f.name() == name)
    }

    /// What one of its periods is called: "month", "quarter", "financial year".
    pub fn period_word(self) -> &'static str {
        match self {
            Frequency::Monthly => "month",
            Frequency::Quarterly => "quarter",
            Frequency::Annual => "financial year",
        }
    }

    fn recurrence(self, start_month: u32) -> Recurrence {
        let frequency = match self {
            Frequency::Monthly => crate::recurring::Frequency::Monthly,
            Frequency::Quarterly => crate::recurring::Frequency::Quarterly,
            Frequency::Annual => crate::recurring::Frequency::Annually,
        };
        Recurrence {
            frequency,
            start_month,
        }
    }
}

/// The amber band beside a target.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Tolerance {
    /// `"2%"`: that percentage of the target.
    Relative(f64),
    /// `"1.5"` or `1.5`: that much, in the indicator's unit.
    Absolute(f64),
}

impl Tolerance {
    /// A tolerance as written: a number, or a string holding a number, with `%` for a share
    /// of the target. Never negative.
    pub fn read(value: &toml::Value) -> Result<Tolerance, String> {
        let (number, relative) = match value {
            toml::Value::Integer(n) => (*n as f64, false),
            toml::Value::Float(x) => (*x, false),
            toml::Value::String(text) => {
                let text = text.trim();
                let (digits, relative) = match text.strip_suffix('%') {
                    Some(digits) => (digits.trim_end(), true),
                    None => (text, false),
                };
                let number = digits.parse::<f64>().map_err(|_| {
                    format!(
                        "tolerance must be a number (\"1.5\") or a percentage of the target (\"2%\"), not \"{}\"",
                        crate::text::escape(text)
                    )
                })?;
                (number, relative)
            }
            other => {
                return Err(format!(
                    "tolerance must be a number or a string such as \"2%\", not {}",
                    other.type_str()
                ));
            }
        };
        if !number.is_finite() || number < 0.0 {
            return Err(format!(
                "tolerance must be a number of at least 0, not {number}"
            ));
        }
        Ok(if relative {
            Tolerance::Relative(number)
        } else {
            Tolerance::Absolute(number)
        })
    }
}

impl fmt::Display for Tolerance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Tolerance::Relative(p) => write!(f, "{p}%"),
            Tolerance::Absolute(x) => write!(f, "{x}"),
        }
    }
}

/// A period an indicator is measured over: a month, quarter or year of the plan's financial
/// year. Ordered by when it starts, then the shorter first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub first: NaiveDate,
    pub length: Frequency,
    /// The financial year's first month (1-12), which decides how it is written.
    pub start_month: u32,
}

impl Span {
    /// The period `period` names, if it is exactly a month, quarter or year of the financial
    /// year starting in `start_month` ("2005/06", "2005/06 Q1", "April 2005"; "Apr - Jun
    /// 2005" too). Anything else (a day, a half, a season, a calendar year unless the
    /// financial year is one, a standing date) is `None`.
    pub fn of(period: &Period, start_month: u32) -> Option<Span> {
        let first = period.starts_on()?;
        let last = period.due_by()?;
        Frequency::ALL.into_iter().find_map(|length| {
            let span = length.recurrence(start_month).period_of(first);
            (span.first == first && span.last == last).then_some(Span {
                first,
                length,
                start_month,
            })
        })
    }

    /// The period of `length` that `day` falls in.
    pub fn containing(day: NaiveDate, length: Frequency, start_month: u32) -> Span {
        let first = length.recurrence(start_month).period_of(day).first;
        Span {
            first,
            length,
            start_month,
        }
    }

    /// Its last day.
    pub fn last(&self) -> NaiveDate {
        self.length
            .recurrence(self.start_month)
            .period_of(self.first)
            .last
    }

    /// Whether it is over on `today`: its last day is before it. An actual is the figure
    /// for a period that has ended.
    pub fn has_ended(&self, today: NaiveDate) -> bool {
        self.last() < today
    }

    /// The period of the same length just before it.
    pub fn previous(&self) -> Option<Span> {
        Some(Span::containing(
            self.first.pred_opt()?,
            self.length,
            self.start_month,
        ))
    }

    /// The period of the same length after it.
    pub fn next(&self) -> Option<Span> {
        Some(Span::containing(
            self.last().succ_opt()?,
            self.length,
            self.start_month,
        ))
    }

    /// The same period a year before.
    pub fn year_before(&self) -> Option<Span> {
        Some(Span::containing(
            self.first.checked_sub_months(Months::new(12))?,
            self.length,
            self.start_month,
        ))
    }

    /// Whether `other` lies wholly inside it (a year covers its quarters and itself).
    pub fn covers(&self, other: &Span) -> bool {
        self.first <= other.first && other.last() <= self.last()
    }

    /// The date-parser period it is, for writing it the way the tool writes periods.
    pub fn period(&self) -> Period {
        let month = self.first.month();
        let fy_first = if month >= self.start_month {
            self.first.year()
        } else {
            self.first.year() - 1
        };
        match self.length {
            Frequency::Monthly => Period::Month {
                year: self.first.year(),
                month,
            },
            Frequency::Quarterly => Period::FinancialQuarter {
                first: fy_first,
                quarter: (month + 12 - self.start_month) % 12 / 3 + 1,
                start_month: self.start_month,
            },
            Frequency::Annual => Period::FinancialYear {
                first: fy_first,
                last: fy_first + 1,
                start_month: self.start_month,
            },
        }
    }
}

/// Written as the tool writes periods: "2005/06", "2005/06 Q1", "April 2005".
impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.period().fmt(f)
    }
}

/// One `[[indicator.target]]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    pub period: Span,
    pub value: f64,
    pub place: Place,
}

/// One `[[indicator.actual]]`: the figure for a period, with its commentary.
#[derive(Clone, Debug, PartialEq)]
pub struct Actual {
    pub period: Span,
    pub value: f64,
    pub note: Option<String>,
    /// Who reported it: a role on the roster.
    pub by: Option<RoleId>,
    pub place: Place,
}

/// One `[[indicator.quartiles]]`: a benchmark for a period.
#[derive(Clone, Debug, PartialEq)]
pub struct Quartiles {
    pub period: Span,
    /// Lower quartile, median, upper quartile, in ascending order whatever the polarity.
    pub values: [f64; 3],
    pub place: Place,
}

#[derive(Clone, Debug)]
pub struct Indicator {
    pub id: Box<str>,
    pub title: Box<str>,
    pub priority: PriorityIdx,
    /// "%", "number", "days", "£", or any short text.
    pub unit: Option<Box<str>>,
    /// `None` only when the file's value was unreadable (already an error).
    pub polarity: Option<Polarity>,
    pub frequency: Option<Frequency>,
    /// `None`: no amber band.
    pub tolerance: Option<Tolerance>,
    pub owners: Owners,
    pub source: Option<Box<str>>,
    /// Each sorted by period; the loader refuses two for one period.
    pub targets: Vec<Target>,
    pub actuals: Vec<Actual>,
    pub quartiles: Vec<Quartiles>,
    pub waivers: Box<[Waiver]>,
    /// The `[[indicator]]` table.
    pub place: Place,
}

impl Indicator {
    /// Whether values are percentages, which must lie in 0–100.
    pub fn is_percentage(&self) -> bool {
        self.unit.as_deref() == Some("%")
    }

    pub fn actual_for(&self, period: &Span) -> Option<&Actual> {
        self.actuals.iter().find(|a| a.period == *period)
    }

    /// The latest actual.
    pub fn latest(&self) -> Option<&Actual> {
        self.actuals.last()
    }

    /// The earliest period with a target or an actual: where its series starts.
    pub fn first_period(&self) -> Option<Span> {
        let targets = self.targets.iter().map(|t| t.period);
        let actuals = self.actuals.iter().map(|a| a.period);
        targets.chain(actuals).min()
    }

    /// A value with its unit, as listings show it: "96.1%", "£12.5", "12 days".
    pub fn with_unit(&self, value: f64) -> String {
        with_unit(self.unit.as_deref(), value)
    }
}

/// A value with its unit: "96.1%", "£12.5", "12 days", "3" for "number" or none.
pub fn with_unit(unit: Option<&str>, value: f64) -> String {
    match unit {
        Some("%") => format!("{value}%"),
        Some("£") => format!("£{value}"),
        Some("number") | None => format!("{value}"),
        Some(unit) if unit.trim().is_empty() => format!("{value}"),
        Some(unit) => format!("{value} {unit}"),
    }
}
