//! Due dates as council officers write them in committee papers.
//!
//! A due date names a *period* and falls due at the end of it. Reading is
//! deliberately strict: a silently misread date hides an overdue action, so
//! anything ambiguous is an error that quotes the text back to the officer.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Months, NaiveDate};

/// Every due form `parse_due` reads, for error help.
pub const ACCEPTED_FORMS: &str = "accepted forms: 2004-04-30, 31 March 2006, 2004-04, April 2004, 2004-Q2, 2004, 2005/06, 2005/06 Q1, Nov/Dec 2005, continuous";

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

/// Words that may appear in a due date besides month names.
const KNOWN_WORDS: [&str; 13] = [
    "q",
    "fy",
    "st",
    "nd",
    "rd",
    "th",
    "to",
    "of",
    "the",
    "end",
    "by",
    "continuous",
    "ongoing",
];

// Longest first, so "by the end of" is not cut short at "by".
const PREFIXES: [&str; 5] = [
    "by the end of ",
    "by end of ",
    "the end of ",
    "end of ",
    "by ",
];

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
    Range {
        from: Box<Period>,
        to: Box<Period>,
    },
    Continuous,
}

impl Period {
    /// First day of the period; `None` for `Continuous` (or for fields no calendar has).
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
            Period::Range { from, .. } => from.starts_on(),
            Period::Continuous => None,
        }
    }

    /// Last day of the period, the day it is due; `None` for `Continuous`.
    pub fn due_by(&self) -> Option<NaiveDate> {
        let months = match self {
            Period::Day(d) => return Some(*d),
            Period::FinancialYear {
                last, start_month, ..
            } => return first_of(*last, *start_month)?.pred_opt(),
            Period::Range { to, .. } => return to.due_by(),
            Period::Continuous => return None,
            Period::Month { .. } => 1,
            Period::Quarter { .. } | Period::FinancialQuarter { .. } => 3,
            Period::Year(_) => 12,
        };
        self.starts_on()?
            .checked_add_months(Months::new(months))?
            .pred_opt()
    }

    /// The one rule for lateness of a period: due_by < today. Continuous never.
    pub fn is_past_on(&self, today: NaiveDate) -> bool {
        self.due_by().is_some_and(|due| due < today)
    }

    pub fn is_continuous(&self) -> bool {
        matches!(self, Period::Continuous)
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
            Period::Range { .. } => "range",
            Period::Continuous => "continuous",
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

/// Canonical form, the one the tool writes back; it parses back to an equal
/// `Period` with the same financial-year start month.
impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Day(d) => write!(f, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
            Period::Month { year, month } => write!(f, "{year:04}-{month:02}"),
            Period::Quarter { year, quarter } => write!(f, "{year:04}-Q{quarter}"),
            Period::Year(y) => write!(f, "{y:04}"),
            Period::FinancialYear { first, last, .. } => write_fy(f, *first, *last),
            Period::FinancialQuarter { first, quarter, .. } => {
                write_fy(f, *first, first.saturating_add(1))?;
                write!(f, " Q{quarter}")
            }
            Period::Range { from, to } => write!(f, "{from} to {to}"),
            Period::Continuous => f.write_str("continuous"),
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

/// Why a due date could not be read. Every message quotes the text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("\"\": the due date is empty; write a date or \"continuous\"")]
    Empty,
    #[error("\"{text}\": a month needs a year, e.g. \"{example}\"")]
    MonthNeedsYear { text: String, example: String },
    #[error(
        "\"{text}\": several dates in one field; write one due date and keep the rest in due_note"
    )]
    SeveralDates { text: String },
    #[error(
        "\"{text}\": this reads as a note, not a due date; write only the date in due and the explanation in due_note"
    )]
    FreeText { text: String },
    #[error("\"{text}\": \"{word}\" is not a month or a word used in due dates")]
    UnknownWord { text: String, word: String },
    #[error("\"{text}\": {} {year} has {days} days", month_label(*.month))]
    NoSuchDay {
        text: String,
        year: i32,
        month: u32,
        days: u32,
    },
    #[error("\"{text}\": there is no month {month}; months are 1 to 12")]
    NoSuchMonth { text: String, month: u32 },
    #[error("\"{text}\": there is no quarter Q{quarter}; quarters are Q1 to Q4")]
    NoSuchQuarter { text: String, quarter: String },
    #[error("\"{text}\": year \"{year}\" must be four digits between 1900 and 2200")]
    BadYear { text: String, year: String },
    #[error("\"{text}\": write the first year in full, e.g. \"2005/06\"")]
    TwoDigitYear { text: String },
    #[error("\"{text}\": the financial span ends before it starts")]
    BackwardsSpan { text: String },
    #[error("\"{text}\": the range ends before it starts")]
    BackwardsRange { text: String },
    #[error("\"{text}\": a financial year needs both years, e.g. \"2005/06\"")]
    AmbiguousFinancialYear { text: String },
    #[error("\"{text}\": a financial quarter belongs to one financial year, e.g. \"2005/06 Q1\"")]
    FinancialQuarterSpan { text: String },
    #[error(
        "\"{text}\": numeric day dates are ambiguous (UK or US order); write the day as YYYY-MM-DD, e.g. {example}"
    )]
    AmbiguousNumericDay { text: String, example: String },
    #[error("\"{text}\": not a due date this tool can read")]
    Unrecognised { text: String },
    #[error("\"{text}\": expected a day written YYYY-MM-DD, e.g. 2004-04-30")]
    NotADay { text: String },
    #[error(
        "\"{text}\": a TOML due date must be a plain date such as 2004-04-30, with no time or offset"
    )]
    NotPlainDate { text: String },
    #[error("\"{text}\": expected a horizon such as 30d, 8w or 3m")]
    BadHorizon { text: String },
    #[error("\"{month}\": the financial year start month must be 1 to 12")]
    BadStartMonth { month: u32 },
}

impl DateError {
    /// A hint to print under the message.
    pub fn help(&self) -> &'static str {
        match self {
            DateError::SeveralDates { .. } | DateError::FreeText { .. } => {
                "due holds one date; put anything else in due_note"
            }
            DateError::MonthNeedsYear { .. } => "add the year, e.g. \"April 2004\"",
            DateError::AmbiguousNumericDay { .. } | DateError::NotADay { .. } => {
                "write days as YYYY-MM-DD, e.g. 2006-03-31"
            }
            DateError::NotPlainDate { .. } => {
                "write due = 2004-04-30, or a quoted period such as due = \"April 2004\""
            }
            DateError::BadHorizon { .. } => HORIZON_FORMS,
            DateError::BadStartMonth { .. } => "financial years usually start in month 4 (April)",
            _ => ACCEPTED_FORMS,
        }
    }
}

fn month_label(month: u32) -> &'static str {
    month
        .checked_sub(1)
        .and_then(|i| MONTH_NAMES.get(i as usize))
        .copied()
        .unwrap_or("month")
}

/// Parse a due text as officers write it. `fy_start_month` is 1..=12.
pub fn parse_due(text: &str, fy_start_month: u32) -> Result<Period, DateError> {
    if !(1..=12).contains(&fy_start_month) {
        return Err(DateError::BadStartMonth {
            month: fy_start_month,
        });
    }
    let cx = Cx {
        text: text.trim(),
        fy: fy_start_month,
    };
    if cx.text.is_empty() {
        return Err(DateError::Empty);
    }
    let norm = normalise(cx.text);
    if norm == "continuous" || norm == "ongoing" {
        return Ok(Period::Continuous);
    }
    cx.check_words()?;
    let body = strip_prefix(&norm);
    cx.reject_numeric_days(body)?;
    match split_range(body) {
        Some((from, to)) => cx.range(&from, &to),
        None => cx.whole(cx.part(body)?),
    }
}

/// A day given as numbers, e.g. a TOML date value (`due = 2004-04-30`); `text` is how it was
/// written, for messages.
pub fn day_from_parts(text: &str, year: i32, month: u32, day: u32) -> Result<Period, DateError> {
    let cx = Cx { text, fy: 4 };
    let year = cx.year_in_range(year, &year.to_string())?;
    cx.make_day(year, month, day).map(Period::Day)
}

/// Strict YYYY-MM-DD for command-line days (--today, --due-before).
pub fn parse_day(text: &str) -> Result<NaiveDate, DateError> {
    let cx = Cx {
        text: text.trim(),
        fy: 4,
    };
    let not_a_day = || DateError::NotADay {
        text: cx.text.to_string(),
    };
    let parts: Vec<&str> = cx.text.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(not_a_day());
    };
    let widths_ok = y.len() == 4 && m.len() == 2 && d.len() == 2;
    match (widths_ok, small(y), small(m), small(d)) {
        (true, Some(y), Some(m), Some(d)) => {
            let year = i32::try_from(y).map_err(|_| not_a_day())?;
            cx.make_day(year, m, d)
        }
        _ => Err(not_a_day()),
    }
}

/// Lower-case, one space between words, commas as spaces, any dash as '-'.
fn normalise(text: &str) -> String {
    let mapped: String = text
        .chars()
        .map(|c| match c {
            '–' | '—' | '‑' => '-',
            ',' => ' ',
            c => c,
        })
        .collect::<String>()
        .to_lowercase();
    mapped.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn strip_prefix(norm: &str) -> &str {
    PREFIXES
        .iter()
        .find_map(|p| norm.strip_prefix(p))
        .unwrap_or(norm)
}

/// Split "A to B", "A - B" or "Nov/Dec 2005" into its two parts.
fn split_range(body: &str) -> Option<(String, String)> {
    for sep in [" to ", " - "] {
        if let Some((a, b)) = body.split_once(sep) {
            return Some((a.to_string(), b.to_string()));
        }
    }
    let (head, rest) = body.split_once(' ').unwrap_or((body, ""));
    let (a, b) = head.split_once(['/', '-'])?;
    let is_word = |w: &str| {
        let w = w.strip_suffix('.').unwrap_or(w);
        !w.is_empty() && w.chars().all(char::is_alphabetic)
    };
    (is_word(a) && is_word(b))
        .then(|| (a.to_string(), format!("{b} {rest}").trim_end().to_string()))
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Digits as a number, refusing lengths that could overflow.
fn small(s: &str) -> Option<u32> {
    (is_digits(s) && s.len() <= 9)
        .then(|| s.parse().ok())
        .flatten()
}

fn month_number(word: &str) -> Option<u32> {
    let word = word.strip_suffix('.').unwrap_or(word);
    if word == "sept" {
        return Some(9);
    }
    let index = MONTH_NAMES.iter().position(|name| {
        let name = name.to_lowercase();
        word == name || (word.len() == 3 && name.starts_with(word))
    })?;
    u32::try_from(index + 1).ok()
}

fn is_known_word(word: &str) -> bool {
    month_number(word).is_some() || KNOWN_WORDS.contains(&word)
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

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    /// Bare digits; kept as text so the width ("04" vs "2004") still counts.
    Num(String),
    /// "31st": the digits.
    Ordinal(String),
    Month(u32),
    /// "q2": the digits.
    Quarter(String),
    Fy,
    /// Joined with '-' or '/': "2004-04-30", "2005/06", "2004-q2".
    Compound(String),
    Word(String),
}

fn tokens(body: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    for raw in body.split_whitespace() {
        let raw = raw
            .strip_suffix('.')
            .filter(|r| !r.is_empty())
            .unwrap_or(raw);
        let fy_joined = raw
            .strip_prefix("fy")
            .filter(|rest| rest.starts_with(|c: char| c.is_ascii_digit()));
        if let Some(rest) = fy_joined {
            out.push(Tok::Fy);
            out.push(classify(rest));
        } else {
            out.push(classify(raw));
        }
    }
    out
}

fn classify(t: &str) -> Tok {
    let ordinal = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|suffix| t.strip_suffix(suffix))
        .filter(|d| is_digits(d));
    if is_digits(t) {
        Tok::Num(t.to_string())
    } else if let Some(m) = month_number(t) {
        Tok::Month(m)
    } else if t == "fy" {
        Tok::Fy
    } else if let Some(q) = t.strip_prefix('q').filter(|q| is_digits(q)) {
        Tok::Quarter(q.to_string())
    } else if let Some(d) = ordinal {
        Tok::Ordinal(d.to_string())
    } else if t.contains(['-', '/']) {
        Tok::Compound(t.to_string())
    } else {
        Tok::Word(t.to_string())
    }
}

/// One part of a due text; a range's first part may lack its year.
enum Part {
    Full(Period),
    Month(u32),
    DayMonth(String, u32),
}

/// Parsing context: the text to quote in errors and the financial-year start.
struct Cx<'a> {
    text: &'a str,
    fy: u32,
}

impl Cx<'_> {
    fn text(&self) -> String {
        self.text.to_string()
    }

    fn unrecognised(&self) -> DateError {
        DateError::Unrecognised { text: self.text() }
    }

    /// Non-date words make the whole text a note; one stray word is probably a typo.
    fn check_words(&self) -> Result<(), DateError> {
        let allowed = |c: char| c.is_alphanumeric() || c.is_whitespace() || "-/.,–—‑".contains(c);
        if !self.text.chars().all(allowed) {
            return Err(DateError::FreeText { text: self.text() });
        }
        let unknown: Vec<&str> = self
            .text
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty() && !is_known_word(&w.to_lowercase()))
            .collect();
        match unknown.as_slice() {
            [] => Ok(()),
            [word] => Err(DateError::UnknownWord {
                text: self.text(),
                word: (*word).to_string(),
            }),
            _ => Err(DateError::FreeText { text: self.text() }),
        }
    }

    /// "31/03/2006" reads differently in the UK and the US, so never accept it.
    fn reject_numeric_days(&self, body: &str) -> Result<(), DateError> {
        for tok in body.split_whitespace() {
            let parts: Vec<&str> = tok.split(['/', '-']).collect();
            if let [d, m, y] = parts.as_slice()
                && parts.iter().all(|p| is_digits(p))
                && d.len() != 4
            {
                let example = self.uk_reading(d, m, y).map_or_else(
                    || "2006-03-31".to_string(),
                    |day| Period::Day(day).to_string(),
                );
                return Err(DateError::AmbiguousNumericDay {
                    text: self.text(),
                    example,
                });
            }
        }
        Ok(())
    }

    fn uk_reading(&self, d: &str, m: &str, y: &str) -> Option<NaiveDate> {
        let year = self.year(y).ok()?;
        NaiveDate::from_ymd_opt(year, small(m)?, small(d)?)
    }

    fn range(&self, from: &str, to: &str) -> Result<Period, DateError> {
        let to = self.whole(self.part(to)?)?;
        let from = self.borrow_year(self.part(from)?, &to)?;
        if !ordered(&from, &to) {
            return Err(DateError::BackwardsRange { text: self.text() });
        }
        Ok(Period::Range {
            from: Box::new(from),
            to: Box::new(to),
        })
    }

    /// "Nov/Dec 2005": the first part takes the calendar year of the last.
    fn borrow_year(&self, part: Part, to: &Period) -> Result<Period, DateError> {
        let year = match to {
            Period::Day(d) => Some(d.year()),
            Period::Month { year, .. } | Period::Quarter { year, .. } | Period::Year(year) => {
                Some(*year)
            }
            _ => None,
        };
        match (part, year) {
            (Part::Full(p), _) => Ok(p),
            (Part::Month(month), Some(year)) => Ok(Period::Month { year, month }),
            (Part::DayMonth(d, m), Some(year)) => {
                Ok(Period::Day(self.make_day(year, m, self.day_number(&d)?)?))
            }
            (part, None) => self.whole(part),
        }
    }

    fn whole(&self, part: Part) -> Result<Period, DateError> {
        match part {
            Part::Full(p) => Ok(p),
            Part::Month(m) | Part::DayMonth(_, m) => Err(DateError::MonthNeedsYear {
                text: self.text(),
                example: format!("{} 2004", month_label(m)),
            }),
        }
    }

    fn part(&self, body: &str) -> Result<Part, DateError> {
        let toks = tokens(body);
        let had_fy = toks.contains(&Tok::Fy);
        let toks: Vec<Tok> = toks
            .into_iter()
            .filter(|t| *t != Tok::Fy && *t != Tok::Word("of".to_string()))
            .collect();
        let part = self.shape(&toks)?;
        let financial = matches!(
            part,
            Part::Full(Period::FinancialYear { .. } | Period::FinancialQuarter { .. })
        );
        if had_fy && !financial {
            return Err(DateError::AmbiguousFinancialYear { text: self.text() });
        }
        Ok(part)
    }

    fn shape(&self, toks: &[Tok]) -> Result<Part, DateError> {
        use Tok::{Compound, Month, Num, Ordinal, Quarter};
        let full = |p| Ok(Part::Full(p));
        match toks {
            [Compound(c)] => full(self.compound(c)?),
            [Num(y)] => full(Period::Year(self.year(y)?)),
            [Month(m)] => Ok(Part::Month(*m)),
            [Month(m), Num(y)] | [Num(y), Month(m)] if y.len() > 2 => full(Period::Month {
                year: self.year(y)?,
                month: *m,
            }),
            [Month(m), Num(d) | Ordinal(d)] | [Num(d) | Ordinal(d), Month(m)] => {
                Ok(Part::DayMonth(d.clone(), *m))
            }
            [Num(d) | Ordinal(d), Month(m), Num(y)] | [Month(m), Num(d) | Ordinal(d), Num(y)]
                if d.len() <= 2 =>
            {
                let year = self.year(y)?;
                full(Period::Day(self.make_day(year, *m, self.day_number(d)?)?))
            }
            [Quarter(q), Num(y)] | [Num(y), Quarter(q)] => full(Period::Quarter {
                year: self.year(y)?,
                quarter: self.quarter(q)?,
            }),
            [Quarter(q), Compound(c)] | [Compound(c), Quarter(q)] => {
                full(self.financial_quarter(c, q)?)
            }
            _ => Err(self.fallback(toks)),
        }
    }

    /// Text that fits no form: name the likely cause when there are several dates.
    fn fallback(&self, toks: &[Tok]) -> DateError {
        let count = |f: fn(&Tok) -> bool| toks.iter().filter(|t| f(t)).count();
        let anchors =
            count(|t| matches!(t, Tok::Num(n) if n.len() > 2) || matches!(t, Tok::Compound(_)));
        let months = count(|t| matches!(t, Tok::Month(_)));
        let quarters = count(|t| matches!(t, Tok::Quarter(_)));
        if anchors >= 2 || months >= 2 || quarters >= 2 {
            DateError::SeveralDates { text: self.text() }
        } else {
            self.unrecognised()
        }
    }

    /// "2004-04-30", "2004-04", "2004-q2", "2005/06".
    fn compound(&self, c: &str) -> Result<Period, DateError> {
        if let Some((a, b)) = c.split_once('/') {
            return self.financial_year(a, b);
        }
        let parts: Vec<&str> = c.split('-').collect();
        match parts.as_slice() {
            [y, q] if q.starts_with('q') => Ok(Period::Quarter {
                year: self.year(y)?,
                quarter: self.quarter(&q[1..])?,
            }),
            [y, m] => Ok(Period::Month {
                year: self.year(y)?,
                month: self.month(m)?,
            }),
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

    fn financial_year(&self, a: &str, b: &str) -> Result<Period, DateError> {
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
            start_month: self.fy,
        })
    }

    fn financial_quarter(&self, c: &str, q: &str) -> Result<Period, DateError> {
        let quarter = self.quarter(q)?;
        match self.compound(c)? {
            Period::FinancialYear { first, last, .. } if last == first + 1 => {
                Ok(Period::FinancialQuarter {
                    first,
                    quarter,
                    start_month: self.fy,
                })
            }
            Period::FinancialYear { .. } => {
                Err(DateError::FinancialQuarterSpan { text: self.text() })
            }
            _ => Err(self.unrecognised()),
        }
    }

    fn year(&self, s: &str) -> Result<i32, DateError> {
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

    fn year_in_range(&self, year: i32, written: &str) -> Result<i32, DateError> {
        if (MIN_YEAR..=MAX_YEAR).contains(&year) {
            Ok(year)
        } else {
            Err(DateError::BadYear {
                text: self.text(),
                year: written.to_string(),
            })
        }
    }

    fn month(&self, s: &str) -> Result<u32, DateError> {
        match small(s).filter(|_| s.len() <= 2) {
            Some(m) if (1..=12).contains(&m) => Ok(m),
            Some(month) => Err(DateError::NoSuchMonth {
                text: self.text(),
                month,
            }),
            None => Err(self.unrecognised()),
        }
    }

    fn quarter(&self, s: &str) -> Result<u32, DateError> {
        match small(s) {
            Some(q) if (1..=4).contains(&q) => Ok(q),
            _ => Err(DateError::NoSuchQuarter {
                text: self.text(),
                quarter: s.to_string(),
            }),
        }
    }

    fn day_number(&self, s: &str) -> Result<u32, DateError> {
        small(s)
            .filter(|_| s.len() <= 2)
            .ok_or_else(|| self.unrecognised())
    }

    /// The day, or an error saying how many days that month has.
    fn make_day(&self, year: i32, month: u32, day: u32) -> Result<NaiveDate, DateError> {
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
            days: days_in_month(year, month).unwrap_or(0),
        })
    }
}

fn days_in_month(year: i32, month: u32) -> Option<u32> {
    let first = first_of(year, month)?;
    let next = first.checked_add_months(Months::new(1))?;
    u32::try_from(next.signed_duration_since(first).num_days()).ok()
}

/// A range must not run backwards at either end.
fn ordered(from: &Period, to: &Period) -> bool {
    from.starts_on() <= to.starts_on() && from.due_by() <= to.due_by()
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
        let n = small(digits).filter(|_| digits.len() <= 6);
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    fn month(year: i32, month: u32) -> Period {
        Period::Month { year, month }
    }

    fn fy(first: i32, last: i32) -> Period {
        Period::FinancialYear {
            first,
            last,
            start_month: 4,
        }
    }

    fn fq(first: i32, quarter: u32) -> Period {
        Period::FinancialQuarter {
            first,
            quarter,
            start_month: 4,
        }
    }

    fn range(from: Period, to: Period) -> Period {
        Period::Range {
            from: Box::new(from),
            to: Box::new(to),
        }
    }

    #[test]
    fn accepted_forms() {
        let cases: Vec<(&str, Period, Option<NaiveDate>)> = vec![
            (
                "2004-04-30",
                Period::Day(day(2004, 4, 30)),
                Some(day(2004, 4, 30)),
            ),
            ("2004-04", month(2004, 4), Some(day(2004, 4, 30))),
            ("April 2004", month(2004, 4), Some(day(2004, 4, 30))),
            ("Apr 2004", month(2004, 4), Some(day(2004, 4, 30))),
            ("Apr. 2004", month(2004, 4), Some(day(2004, 4, 30))),
            ("Sept 2004", month(2004, 9), Some(day(2004, 9, 30))),
            ("april, 2004", month(2004, 4), Some(day(2004, 4, 30))),
            ("  APRIL    2004 ", month(2004, 4), Some(day(2004, 4, 30))),
            (
                "2004-Q2",
                Period::Quarter {
                    year: 2004,
                    quarter: 2,
                },
                Some(day(2004, 6, 30)),
            ),
            (
                "Q2 2004",
                Period::Quarter {
                    year: 2004,
                    quarter: 2,
                },
                Some(day(2004, 6, 30)),
            ),
            (
                "2004 Q2",
                Period::Quarter {
                    year: 2004,
                    quarter: 2,
                },
                Some(day(2004, 6, 30)),
            ),
            ("2004", Period::Year(2004), Some(day(2004, 12, 31))),
            ("2005/06", fy(2005, 2006), Some(day(2006, 3, 31))),
            ("FY2005/06", fy(2005, 2006), Some(day(2006, 3, 31))),
            ("FY 2005/06", fy(2005, 2006), Some(day(2006, 3, 31))),
            ("2005/2006", fy(2005, 2006), Some(day(2006, 3, 31))),
            ("1999/00", fy(1999, 2000), Some(day(2000, 3, 31))),
            ("2005/08", fy(2005, 2008), Some(day(2008, 3, 31))),
            ("2005/07", fy(2005, 2007), Some(day(2007, 3, 31))),
            ("2005/06 Q1", fq(2005, 1), Some(day(2005, 6, 30))),
            ("Q1 2005/06", fq(2005, 1), Some(day(2005, 6, 30))),
            ("2005/06 Q4", fq(2005, 4), Some(day(2006, 3, 31))),
            ("continuous", Period::Continuous, None),
            ("Ongoing", Period::Continuous, None),
            ("CONTINUOUS", Period::Continuous, None),
            (
                "31 March 2006",
                Period::Day(day(2006, 3, 31)),
                Some(day(2006, 3, 31)),
            ),
            (
                "31st March 2006",
                Period::Day(day(2006, 3, 31)),
                Some(day(2006, 3, 31)),
            ),
            (
                "March 31 2006",
                Period::Day(day(2006, 3, 31)),
                Some(day(2006, 3, 31)),
            ),
            (
                "1st Sept 2005",
                Period::Day(day(2005, 9, 1)),
                Some(day(2005, 9, 1)),
            ),
            (
                "Nov/Dec 2005",
                range(month(2005, 11), month(2005, 12)),
                Some(day(2005, 12, 31)),
            ),
            (
                "November 2005 to March 2006",
                range(month(2005, 11), month(2006, 3)),
                Some(day(2006, 3, 31)),
            ),
            (
                "April - June 2004",
                range(month(2004, 4), month(2004, 6)),
                Some(day(2004, 6, 30)),
            ),
            (
                "2004-04 to 2004-06",
                range(month(2004, 4), month(2004, 6)),
                Some(day(2004, 6, 30)),
            ),
            (
                "by end of March 2006",
                month(2006, 3),
                Some(day(2006, 3, 31)),
            ),
            ("end of March 2006", month(2006, 3), Some(day(2006, 3, 31))),
            (
                "by the end of 2005/06",
                fy(2005, 2006),
                Some(day(2006, 3, 31)),
            ),
            ("by April 2004", month(2004, 4), Some(day(2004, 4, 30))),
        ];
        for (text, want, due) in cases {
            let got = parse_due(text, 4).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(got, want, "{text}");
            assert_eq!(got.due_by(), due, "{text}");
        }
    }

    #[test]
    fn rejected_forms() {
        type Check = fn(&DateError) -> bool;
        let cases: Vec<(&str, Check)> = vec![
            ("April", |e| matches!(e, DateError::MonthNeedsYear { .. })),
            ("April 2003 April 2004 2005/06", |e| {
                matches!(e, DateError::SeveralDates { .. })
            }),
            ("April 2004 2005", |e| {
                matches!(e, DateError::SeveralDates { .. })
            }),
            ("April 2003, April 2004", |e| {
                matches!(e, DateError::SeveralDates { .. })
            }),
            ("31-03-2006", |e| {
                matches!(e, DateError::AmbiguousNumericDay { .. })
            }),
            ("October 2004 (Date of next Residents Survey)", |e| {
                matches!(e, DateError::FreeText { .. })
            }),
            ("2004-02-30", |e| {
                matches!(e, DateError::NoSuchDay { days: 29, .. })
            }),
            ("30 February 2004", |e| {
                matches!(e, DateError::NoSuchDay { days: 29, .. })
            }),
            ("32 March 2005", |e| {
                matches!(e, DateError::NoSuchDay { days: 31, .. })
            }),
            ("29 February 2005", |e| {
                matches!(e, DateError::NoSuchDay { days: 28, .. })
            }),
            ("2004-13", |e| {
                matches!(e, DateError::NoSuchMonth { month: 13, .. })
            }),
            ("Febuary 2005", |e| {
                matches!(e, DateError::UnknownWord { .. })
            }),
            ("2005/04", |e| matches!(e, DateError::BackwardsSpan { .. })),
            ("2005/05", |e| matches!(e, DateError::BackwardsSpan { .. })),
            ("Q5 2004", |e| matches!(e, DateError::NoSuchQuarter { .. })),
            ("April 20044", |e| matches!(e, DateError::BadYear { .. })),
            ("April 1899", |e| matches!(e, DateError::BadYear { .. })),
            ("2201", |e| matches!(e, DateError::BadYear { .. })),
            ("2004-06 to 2004-04", |e| {
                matches!(e, DateError::BackwardsRange { .. })
            }),
            ("Nov/Jan 2006", |e| {
                matches!(e, DateError::BackwardsRange { .. })
            }),
            ("31/03/2006", |e| {
                matches!(e, DateError::AmbiguousNumericDay { .. })
            }),
            ("05/06", |e| matches!(e, DateError::TwoDigitYear { .. })),
            ("FY2005", |e| {
                matches!(e, DateError::AmbiguousFinancialYear { .. })
            }),
            ("2005/07 Q1", |e| {
                matches!(e, DateError::FinancialQuarterSpan { .. })
            }),
            ("April 04", |e| {
                matches!(e, DateError::MonthNeedsYear { .. })
            }),
            ("soon", |e| matches!(e, DateError::UnknownWord { .. })),
            ("by", |e| matches!(e, DateError::Unrecognised { .. })),
            ("99999999999999999999-01", |e| {
                matches!(e, DateError::BadYear { .. })
            }),
            ("continuous to 2005", |e| {
                matches!(e, DateError::Unrecognised { .. })
            }),
        ];
        for (text, check) in cases {
            let err = parse_due(text, 4).expect_err(text);
            assert!(check(&err), "{text}: wrong error {err:?}");
            assert!(
                err.to_string().contains(&format!("\"{text}\"")),
                "{text}: {err}"
            );
            assert!(!err.help().is_empty());
        }
    }

    #[test]
    fn empty_is_an_error() {
        assert_eq!(parse_due("", 4), Err(DateError::Empty));
        assert_eq!(parse_due("   ", 4), Err(DateError::Empty));
    }

    #[test]
    fn messages_read_plainly() {
        let msg = |t: &str| parse_due(t, 4).expect_err(t).to_string();
        assert_eq!(
            msg("2004-02-30"),
            "\"2004-02-30\": February 2004 has 29 days"
        );
        assert_eq!(
            msg("April"),
            "\"April\": a month needs a year, e.g. \"April 2004\""
        );
        assert_eq!(
            msg("April 2003 April 2004 2005/06"),
            "\"April 2003 April 2004 2005/06\": several dates in one field; write one due date and keep the rest in due_note"
        );
        assert!(msg("31/03/2006").contains("2006-03-31"));
        assert!(msg("Febuary 2005").contains("\"Febuary\""));
        assert!(msg("2004-13").contains("no month 13"));
    }

    #[test]
    fn leap_years() {
        let due = |t: &str| parse_due(t, 4).ok().and_then(|p| p.due_by());
        assert_eq!(due("2004-02"), Some(day(2004, 2, 29)));
        assert_eq!(due("2005-02"), Some(day(2005, 2, 28)));
        assert_eq!(due("2000-02"), Some(day(2000, 2, 29)));
        assert_eq!(due("1900-02"), Some(day(1900, 2, 28)));
        assert_eq!(due("29 February 2004"), Some(day(2004, 2, 29)));
        assert!(parse_due("29 February 2005", 4).is_err());
    }

    #[test]
    fn month_is_past_only_after_its_last_day() {
        let p = parse_due("April 2004", 4).expect("month");
        assert!(!p.is_past_on(day(2004, 4, 15)));
        assert!(!p.is_past_on(day(2004, 4, 30)));
        assert!(p.is_past_on(day(2004, 5, 1)));
    }

    #[test]
    fn financial_years_follow_the_start_month() {
        let due = |t: &str, sm| parse_due(t, sm).ok().and_then(|p| p.due_by());
        assert_eq!(due("2005/06", 4), Some(day(2006, 3, 31)));
        assert_eq!(due("2005/06", 7), Some(day(2006, 6, 30)));
        assert_eq!(due("2005/06 Q1", 4), Some(day(2005, 6, 30)));
        assert_eq!(due("2005/06 Q4", 4), Some(day(2006, 3, 31)));
        assert_eq!(due("2005/06 Q1", 7), Some(day(2005, 9, 30)));
        assert!(matches!(
            parse_due("2005/06", 13),
            Err(DateError::BadStartMonth { .. })
        ));
    }

    #[test]
    fn continuous_is_never_past() {
        let p = parse_due("continuous", 4).expect("continuous");
        assert!(p.is_continuous());
        assert_eq!(p.kind(), "continuous");
        assert_eq!(p.starts_on(), None);
        assert!(!p.is_past_on(NaiveDate::MAX));
        assert!(!p.is_past_on(day(9999, 12, 31)));
    }

    #[test]
    fn canonical_forms() {
        let canon = |t: &str| parse_due(t, 4).map(|p| p.to_string()).expect(t);
        assert_eq!(canon("30 April 2004"), "2004-04-30");
        assert_eq!(canon("April 2004"), "2004-04");
        assert_eq!(canon("Q2 2004"), "2004-Q2");
        assert_eq!(canon("FY 2005/2006"), "2005/06");
        assert_eq!(canon("2005/2008"), "2005/08");
        assert_eq!(canon("1999/2000"), "1999/00");
        assert_eq!(canon("Q1 2005/06"), "2005/06 Q1");
        assert_eq!(canon("Nov/Dec 2005"), "2005-11 to 2005-12");
        assert_eq!(canon("ongoing"), "continuous");
    }

    #[test]
    fn command_line_days() {
        assert_eq!(parse_day("2004-04-30"), Ok(day(2004, 4, 30)));
        assert!(matches!(
            parse_day("2004-02-30"),
            Err(DateError::NoSuchDay { .. })
        ));
        for bad in ["30/04/2004", "2004-4-30", "April 2004", "", "20044-04-30"] {
            let err = parse_day(bad).expect_err(bad);
            assert!(err.to_string().contains("YYYY-MM-DD"), "{bad}: {err}");
        }
    }

    #[test]
    fn horizons() {
        let h = |s: &str| s.parse::<Horizon>();
        assert_eq!(h("30d"), Ok(Horizon::Days(30)));
        assert_eq!(h("8w"), Ok(Horizon::Weeks(8)));
        assert_eq!(h("3m"), Ok(Horizon::Months(3)));
        assert_eq!(h("30 days"), Ok(Horizon::Days(30)));
        assert_eq!(h("8 weeks"), Ok(Horizon::Weeks(8)));
        assert_eq!(h("3 months"), Ok(Horizon::Months(3)));
        assert_eq!(h("1 month"), Ok(Horizon::Months(1)));
        for bad in ["", "m", "3y", "-3m", "99999999999999d", "3 fortnights"] {
            let err = h(bad).expect_err(bad);
            assert!(err.to_string().contains(&format!("\"{bad}\"")), "{bad}");
        }
        assert_eq!(Horizon::Days(30).to_string(), "30d");
        assert_eq!(Horizon::Weeks(8).to_string(), "8w");
        assert_eq!(Horizon::Months(3).to_string(), "3m");
        assert_eq!(
            Horizon::Months(1).last_day_from(day(2004, 1, 31)),
            day(2004, 2, 29)
        );
        assert_eq!(
            Horizon::Days(30).last_day_from(day(2004, 4, 1)),
            day(2004, 5, 1)
        );
        assert_eq!(
            Horizon::Weeks(1).last_day_from(day(2004, 4, 1)),
            day(2004, 4, 8)
        );
        assert_eq!(
            Horizon::Months(u32::MAX).last_day_from(day(2004, 4, 1)),
            NaiveDate::MAX
        );
    }

    #[test]
    fn kinds() {
        let kind = |t: &str| parse_due(t, 4).expect(t).kind();
        assert_eq!(kind("2004-04-30"), "day");
        assert_eq!(kind("2004-04"), "month");
        assert_eq!(kind("2004-Q2"), "quarter");
        assert_eq!(kind("2004"), "year");
        assert_eq!(kind("2005/06"), "financial year");
        assert_eq!(kind("2005/06 Q1"), "financial quarter");
        assert_eq!(kind("Nov/Dec 2005"), "range");
    }

    fn simple(sm: u32) -> impl Strategy<Value = Period> {
        let base = day(1900, 1, 1);
        prop_oneof![
            (0u64..109_000).prop_map(move |n| Period::Day(
                base.checked_add_days(chrono::Days::new(n))
                    .expect("in range")
            )),
            (1900..=2200i32, 1..=12u32).prop_map(|(year, month)| Period::Month { year, month }),
            (1900..=2200i32, 1..=4u32)
                .prop_map(|(year, quarter)| Period::Quarter { year, quarter }),
            (1900..=2200i32).prop_map(Period::Year),
            (1900..2200i32, 1..=150i32).prop_filter_map(
                "last year in range",
                move |(first, span)| {
                    (first + span <= 2200).then_some(Period::FinancialYear {
                        first,
                        last: first + span,
                        start_month: sm,
                    })
                }
            ),
            (1900..2200i32, 1..=4u32).prop_map(move |(first, quarter)| Period::FinancialQuarter {
                first,
                quarter,
                start_month: sm
            }),
        ]
    }

    fn any_period(sm: u32) -> impl Strategy<Value = Period> {
        let ranges = (simple(sm), simple(sm)).prop_filter_map("ordered", |(a, b)| {
            let (a, b) = if ordered(&a, &b) { (a, b) } else { (b, a) };
            ordered(&a, &b).then(|| range(a, b))
        });
        prop_oneof![4 => simple(sm), 2 => ranges, 1 => Just(Period::Continuous)]
    }

    fn with_start_month() -> impl Strategy<Value = (u32, Period)> {
        (1..=12u32).prop_flat_map(|sm| (Just(sm), any_period(sm)))
    }

    proptest! {
        #[test]
        fn display_round_trips((sm, p) in with_start_month()) {
            prop_assert_eq!(parse_due(&p.to_string(), sm), Ok(p));
        }

        #[test]
        fn starts_before_due((_sm, p) in with_start_month()) {
            prop_assert_eq!(p.starts_on().is_some(), !p.is_continuous());
            prop_assert!(p.starts_on() <= p.due_by());
        }

        #[test]
        fn lateness_is_monotonic((_sm, p) in with_start_month(), a in 0u64..120_000, b in 0u64..120_000) {
            let base = day(1900, 1, 1);
            let (a, b) = (a.min(b), a.max(b));
            let early = base.checked_add_days(chrono::Days::new(a)).expect("in range");
            let late = base.checked_add_days(chrono::Days::new(b)).expect("in range");
            prop_assert!(!p.is_past_on(early) || p.is_past_on(late));
        }

        #[test]
        fn arbitrary_text_never_panics(s in "\\PC{0,40}", sm in 1..=12u32) {
            if let Ok(p) = parse_due(&s, sm) {
                prop_assert_eq!(parse_due(&p.to_string(), sm), Ok(p));
            }
        }
    }
}
