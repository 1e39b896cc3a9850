//! One field of a date read and range-checked: a year, month, quarter or day number, and a
//! whole day, each with the error that says what was wrong.

use chrono::NaiveDate;

use super::super::{DateError, MAX_YEAR, MIN_YEAR};
use super::Cx;
use super::tokens::small;

impl Cx<'_> {
    pub(super) fn year(&self, s: &str) -> Result<i32, DateError> {
        let value = small(s)
            .filter(|_| s.len() == 4)
            .and_then(|v| i32::try_from(v).ok());
        match value {
            Some(y) => self.year_in_range(y, s),
            None => Err(DateError::BadYear {
                text: self.text(),
                year: s.to_string(),
            }),
        }
    }

    /// A four-digit year, or two digits meaning 20YY ("Dec 05", "Mar-06", "31 Mar 06").
    pub(super) fn any_year(&self, s: &str) -> Result<i32, DateError> {
        match small(s) {
            Some(yy) if s.len() == 2 => Ok(2000 + i32::try_from(yy).unwrap_or(0)),
            _ => self.year(s),
        }
    }

    pub(super) fn year_in_range(&self, year: i32, written: &str) -> Result<i32, DateError> {
        if (MIN_YEAR..=MAX_YEAR).contains(&year) {
            Ok(year)
        } else {
            Err(DateError::BadYear {
                text: self.text(),
                year: written.to_string(),
            })
        }
    }

    pub(super) fn month(&self, s: &str) -> Result<u32, DateError> {
        match small(s).filter(|_| s.len() <= 2) {
            Some(m) if (1..=12).contains(&m) => Ok(m),
            Some(month) => Err(DateError::NoSuchMonth {
                text: self.text(),
                month,
            }),
            None => Err(self.unrecognised()),
        }
    }

    pub(super) fn quarter(&self, s: &str) -> Result<u32, DateError> {
        match small(s) {
            Some(q) if (1..=4).contains(&q) => Ok(q),
            _ => Err(DateError::NoSuchQuarter {
                text: self.text(),
                quarter: s.to_string(),
            }),
        }
    }

    pub(super) fn day_number(&self, s: &str) -> Result<u32, DateError> {
        small(s)
            .filter(|_| s.len() <= 2)
            .ok_or_else(|| self.unrecognised())
    }

    /// The day, or an error saying how many days that month has.
    pub(super) fn make_day(&self, year: i32, month: u32, day: u32) -> Result<NaiveDate, DateError> {
        if !(1..=12).contains(&month) {
            return Err(DateError::NoSuchMonth {
                text: self.text(),
                month,
            });
        }
        NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| DateError::NoSuchDay {
            text: self.text(),
            year,
            month,
            days: super::super::explain::days_in_month(year, month).unwrap_or(0),
        })
    }
}
