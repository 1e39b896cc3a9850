//! The numeric forms: ISO days and months ("2004-04-30", "2004-04"), "Mar-06", "Dec 05",
//! and days written with the plan's `date_order` ("31/03/2006"). Where a text has two
//! readings the error names both.

use chrono::NaiveDate;

use super::super::error::Readings;
use super::super::explain::long_date;
use super::super::{DateError, DateOrder, Period, month_label};
use super::Cx;
use super::tokens::{is_digits, small};
use super::words::month_number;

impl Cx<'_> {
    /// "2004-04-30", "2004-04", "2004-q2", "2005/06", "2005–06", "mar-06", "31/03/2006".
    pub(super) fn compound(&self, c: &str) -> Result<Period, DateError> {
        if let Some(day) = self.numeric_day(c) {
            return day;
        }
        if let Some((a, b)) = c.split_once(['/', '–']) {
            return self.financial_year(a, b);
        }
        let parts: Vec<&str> = c.split('-').collect();
        match parts.as_slice() {
            [y, q] if q.starts_with('q') => self.quarter_of(&q[1..], y),
            [m, y] if month_number(m).is_some() => Ok(Period::Month {
                year: self.any_year(y)?,
                month: month_number(m).unwrap_or(1),
            }),
            [y, m] => self.year_dash(y, m),
            [y, m, d] => {
                let (year, month) = (self.year(y)?, self.month(m)?);
                Ok(Period::Day(self.make_day(
                    year,
                    month,
                    self.day_number(d)?,
                )?))
            }
            _ => Err(self.unrecognised()),
        }
    }

    /// "2005-06" is June 2005 or the financial year 2005/06; "2024-25" can only be the
    /// financial year, "2004-04" only the month.
    pub(super) fn year_dash(&self, y: &str, m: &str) -> Result<Period, DateError> {
        if m.len() == 4 {
            return self.financial_year(y, m);
        }
        let first = self.year(y)?;
        let value = small(m)
            .filter(|_| m.len() <= 2)
            .ok_or_else(|| self.unrecognised())?;
        let next_year = u32::try_from((first + 1).rem_euclid(100)).unwrap_or(0);
        let month = (1..=12).contains(&value);
        match (month, value == next_year && m.len() == 2) {
            (true, true) => Err(DateError::TwoReadings(Box::new(Readings {
                text: self.text(),
                first: format!("{} {first}", month_label(value)),
                second: format!("the financial year {first}/{m}"),
                write_first: format!("{} {first}", month_label(value)),
                write_second: format!("{first}/{m}"),
            }))),
            (true, false) => Ok(Period::Month {
                year: first,
                month: value,
            }),
            (false, true) => self.financial_year(y, m),
            (false, false) => Err(DateError::NoSuchMonth {
                text: self.text(),
                month: value,
            }),
        }
    }

    /// "Dec 05" is December 2005; "Dec 15" may also be the 15th of a December.
    pub(super) fn month_two_digit(&self, month: u32, nn: &str) -> Result<Period, DateError> {
        let year = self.any_year(nn)?;
        let value = small(nn).unwrap_or(0);
        if nn.starts_with('0') || value > 31 {
            return Ok(Period::Month { year, month });
        }
        let name = month_label(month);
        Err(DateError::TwoReadings(Box::new(Readings {
            text: self.text(),
            first: format!("the month {name} {year}"),
            second: format!("the day {value} {name} of a year not given"),
            write_first: format!("{name} {year}"),
            write_second: format!("{value} {name} YYYY"),
        })))
    }

    /// "31/03/2006", "31.03.06", "03-31-2006": read only by the plan's `date_order`.
    pub(super) fn numeric_day(&self, c: &str) -> Option<Result<Period, DateError>> {
        let sep = c.chars().find(|ch| matches!(ch, '/' | '.' | '-'))?;
        let parts: Vec<&str> = c.split(sep).collect();
        let [a, b, y] = parts.as_slice() else {
            return None;
        };
        if !parts.iter().all(|p| is_digits(p)) || a.len() > 2 || b.len() > 2 {
            return None;
        }
        Some(self.read_numeric_day(small(a)?, small(b)?, y))
    }

    pub(super) fn read_numeric_day(&self, a: u32, b: u32, y: &str) -> Result<Period, DateError> {
        let year = self.any_year(y)?;
        match self.s.date_order {
            Some(DateOrder::Dmy) => return self.make_day(year, b, a).map(Period::Day),
            Some(DateOrder::Mdy) => return self.make_day(year, a, b).map(Period::Day),
            None => {}
        }
        let dmy = NaiveDate::from_ymd_opt(year, b, a);
        let mdy = NaiveDate::from_ymd_opt(year, a, b);
        let needs = |day: NaiveDate, order: DateOrder| DateError::NeedsDateOrder {
            text: self.text(),
            reading: long_date(day),
            order: order.name(),
            iso: Period::Day(day).to_string(),
        };
        Err(match (dmy, mdy) {
            (Some(d), Some(m)) if d != m => DateError::DayOrder(Box::new(Readings {
                text: self.text(),
                first: long_date(d),
                second: long_date(m),
                write_first: Period::Day(d).to_string(),
                write_second: Period::Day(m).to_string(),
            })),
            (Some(d), _) => needs(d, DateOrder::Dmy),
            (None, Some(m)) => needs(m, DateOrder::Mdy),
            (None, None) => return self.make_day(year, b, a).map(Period::Day),
        })
    }
}
