//! The forms that span months: quarters, financial years, quarters and halves of a
//! financial year, and seasons.

use super::super::error::Readings;
use super::super::{DateError, MAX_WRAPPED_SPAN, Period, Quarters, Season};
use super::Cx;
use super::tokens::{Tok, is_digits, small};

impl Cx<'_> {
    /// "Q2 2005": a calendar quarter, or a financial one where the plan says so.
    pub(super) fn quarter_of(&self, q: &str, y: &str) -> Result<Period, DateError> {
        let (quarter, year) = (self.quarter(q)?, self.year(y)?);
        Ok(match self.s.quarters {
            Quarters::Calendar => Period::Quarter { year, quarter },
            Quarters::Financial => Period::FinancialQuarter {
                first: year,
                quarter,
                start_month: self.s.fy_start,
            },
        })
    }

    pub(super) fn financial_year(&self, a: &str, b: &str) -> Result<Period, DateError> {
        if !is_digits(a) || !is_digits(b) {
            return Err(self.unrecognised());
        }
        if a.len() <= 2 {
            return Err(DateError::TwoDigitYear { text: self.text() });
        }
        let first = self.year(a)?;
        let last = match b.len() {
            2 => expand_two_digit(
                first,
                small(b).and_then(|v| i32::try_from(v).ok()).unwrap_or(0),
            ),
            _ => self.year(b)?,
        };
        if last <= first {
            return Err(DateError::BackwardsSpan { text: self.text() });
        }
        let last = self.year_in_range(last, b)?;
        Ok(Period::FinancialYear {
            first,
            last,
            start_month: self.s.fy_start,
        })
    }

    /// The first year of a one-year financial year written `c`.
    pub(super) fn one_financial_year(&self, c: &str) -> Result<i32, DateError> {
        match self.compound(c)? {
            Period::FinancialYear { first, last, .. } if last == first + 1 => Ok(first),
            Period::FinancialYear { .. } => {
                Err(DateError::FinancialQuarterSpan { text: self.text() })
            }
            _ => Err(self.unrecognised()),
        }
    }

    pub(super) fn financial_quarter(&self, c: &str, q: &str) -> Result<Period, DateError> {
        let quarter = self.quarter(q)?;
        Ok(Period::FinancialQuarter {
            first: self.one_financial_year(c)?,
            quarter,
            start_month: self.s.fy_start,
        })
    }

    pub(super) fn financial_half(&self, c: &str, h: &str) -> Result<Period, DateError> {
        let half =
            small(h)
                .filter(|h| (1..=2).contains(h))
                .ok_or_else(|| DateError::NoSuchHalf {
                    text: self.text(),
                    half: h.to_string(),
                })?;
        Ok(Period::FinancialHalf {
            first: self.one_financial_year(c)?,
            half,
            start_month: self.s.fy_start,
        })
    }

    /// "Summer 2005"; a winter spans two years, so "Winter 2005" has two readings.
    pub(super) fn season(&self, season: Season, rest: &[Tok]) -> Result<Period, DateError> {
        let name = season.name();
        let year = match (season, rest) {
            (Season::Winter, [Tok::Compound(c)]) => self.one_financial_year(c)?,
            (Season::Winter, [Tok::Num(y) | Tok::ShortYear(y)]) => {
                let year = self.any_year(y)?;
                let reading = |y: i32| format!("{name} {y}/{:02}", (y + 1).rem_euclid(100));
                return Err(DateError::TwoReadings(Box::new(Readings {
                    text: self.text(),
                    first: format!("December {year} to February {}", year + 1),
                    second: format!("December {} to February {year}", year - 1),
                    write_first: reading(year),
                    write_second: reading(year - 1),
                })));
            }
            (_, [Tok::Num(y) | Tok::ShortYear(y)]) => self.any_year(y)?,
            (_, []) => {
                return Err(DateError::SeasonNeedsYear {
                    text: self.text(),
                    example: match season {
                        Season::Winter => format!("{name} 2005/06"),
                        _ => format!("{name} 2005"),
                    },
                });
            }
            _ => return Err(self.unrecognised()),
        };
        Ok(Period::Season { year, season })
    }
}

/// Two-digit end year: the same century unless that ends the span at or
/// before its start and a short wrap fits ("1999/00").
fn expand_two_digit(first: i32, yy: i32) -> i32 {
    let same = first - first.rem_euclid(100) + yy;
    if same <= first && same + 100 - first <= MAX_WRAPPED_SPAN {
        same + 100
    } else {
        same
    }
}
