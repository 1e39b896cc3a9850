//! Reading a due text: normalise it, settle the whole-text words (continuous, TBC, status
//! words, "from"), then split it into a range's parts and read each part's tokens.
//!
//! Where a text has two readings the error names both; nothing here picks one.

use chrono::NaiveDate;

use super::error::Readings;
use super::explain::long_date;
use super::{
    DateError, DateOrder, MAX_WRAPPED_SPAN, MAX_YEAR, MIN_YEAR, MONTH_NAMES, Period, Quarters,
    Season, Settings, month_label,
};

/// Whole texts that mean a standing commitment.
const STANDING: [&str; 2] = ["continuous", "ongoing"];

/// Whole texts that say there is no date yet.
const UNDATED: [&str; 8] = [
    "tbc",
    "tba",
    "tbd",
    "to be confirmed",
    "to be agreed",
    "to be announced",
    "to be decided",
    "to be determined",
];

/// Words officers put in the due column that are really a status, and the status they mean.
const STATUS_WORDS: [(&str, &str); 18] = [
    ("completed", "done"),
    ("complete", "done"),
    ("done", "done"),
    ("achieved", "done"),
    ("finished", "done"),
    ("delivered", "done"),
    ("in progress", "in-progress"),
    ("in-progress", "in-progress"),
    ("underway", "in-progress"),
    ("under way", "in-progress"),
    ("started", "in-progress"),
    ("not started", "planned"),
    ("dropped", "dropped"),
    ("withdrawn", "dropped"),
    ("cancelled", "dropped"),
    ("canceled", "dropped"),
    ("deleted", "dropped"),
    ("superseded", "dropped"),
];

/// Words that say roughly when, which no due-by day can be read from.
const VAGUE: [&str; 8] = [
    "early",
    "mid",
    "late",
    "beginning",
    "middle",
    "start",
    "soon",
    "asap",
];

/// Words that may appear in a due date besides month and season names.
const KNOWN_WORDS: [&str; 21] = [
    "q",
    "h",
    "fy",
    "st",
    "nd",
    "rd",
    "th",
    "to",
    "until",
    "till",
    "of",
    "the",
    "end",
    "by",
    "year",
    "from",
    "onwards",
    "onward",
    "quarter",
    "continuous",
    "ongoing",
];

/// What a misspelt word may have meant.
const SUGGESTIONS: [&str; 21] = [
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
    "Spring",
    "Summer",
    "Autumn",
    "Winter",
    "quarter",
    "continuous",
    "ongoing",
    "onwards",
    "from",
];

/// Parse a due text as officers write it, under the plan's date settings.
pub fn parse_due(text: &str, settings: &Settings) -> Result<Period, DateError> {
    if !(1..=12).contains(&settings.fy_start) {
        return Err(DateError::BadStartMonth {
            month: settings.fy_start,
        });
    }
    let cx = Cx {
        text: text.trim(),
        s: *settings,
    };
    if cx.text.is_empty() {
        return Err(DateError::Empty);
    }
    let norm = normalise(cx.text);
    if STANDING.contains(&norm.as_str()) {
        return Ok(Period::Continuous);
    }
    if UNDATED.contains(&norm.as_str()) {
        return Ok(Period::Undated);
    }
    if let Some(frequency) = crate::recurring::Frequency::from_text(&norm) {
        // Periods follow the financial year: "annually" is the financial year, and quarters
        // its quarters (the calendar's too, with an April, July, October or January start).
        return Ok(Period::Recurring(crate::recurring::Recurrence {
            frequency,
            start_month: settings.fy_start,
        }));
    }
    cx.reject_status_words(&norm)?;
    cx.check_words()?;
    match standing_start(&norm) {
        Some(rest) if split_range(strip_prefixes(rest)).is_none() => {
            Ok(Period::Since(Box::new(cx.dated(rest)?)))
        }
        Some(rest) => cx.dated(rest),
        None => cx.dated(&norm),
    }
}

/// A day given as numbers, e.g. a TOML date value (`due = 2004-04-30`); `text` is how it was
/// written, for messages.
pub fn day_from_parts(text: &str, year: i32, month: u32, day: u32) -> Result<Period, DateError> {
    let cx = Cx {
        text,
        s: Settings::default(),
    };
    let year = cx.year_in_range(year, &year.to_string())?;
    cx.make_day(year, month, day).map(Period::Day)
}

/// Strict YYYY-MM-DD for command-line days (--today, --due-before).
pub fn parse_day(text: &str) -> Result<NaiveDate, DateError> {
    let cx = Cx {
        text: text.trim(),
        s: Settings::default(),
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

/// Lower-case, one space between words, commas as spaces, hyphen look-alikes as '-', and
/// en and em dashes as '–': "2005–06" is how word processors write a financial year, while
/// "2005-06" may be an ISO month.
fn normalise(text: &str) -> String {
    let mapped: String = text
        .chars()
        .map(|c| match c {
            '—' => '–',
            '‑' | '‐' => '-',
            '’' => '\'',
            ',' => ' ',
            c => c,
        })
        .collect::<String>()
        .to_lowercase();
    mapped.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "from April 2005", "April 2005 onwards", "ongoing from April 2005": the start's text.
fn standing_start(norm: &str) -> Option<&str> {
    let from = ["ongoing from ", "continuous from ", "from "]
        .iter()
        .find_map(|p| norm.strip_prefix(p));
    let rest = from.unwrap_or(norm);
    let onwards = [" onwards", " onward"]
        .iter()
        .find_map(|s| rest.strip_suffix(s));
    match (from, onwards) {
        (_, Some(start)) => Some(start),
        (Some(start), None) => Some(start),
        (None, None) => None,
    }
}

/// "by", "end of", "by the end of", "year end": the form after them means the same.
fn strip_prefixes(body: &str) -> &str {
    let mut rest = body;
    loop {
        let (word, tail) = rest.split_once(' ').unwrap_or((rest, ""));
        let strip = match word {
            "by" | "the" | "end" | "of" | "year-end" => true,
            "year" => tail.starts_with("end"),
            _ => false,
        };
        if !strip || tail.is_empty() {
            return rest;
        }
        rest = tail;
    }
}

/// Split "A to B", "A - B", "Nov/Dec 2005" or "December 2004/ January 2005" into its parts.
fn split_range(body: &str) -> Option<(&str, &str)> {
    for sep in [" to ", " until ", " till ", " - ", " – "] {
        if let Some((a, b)) = body.split_once(sep) {
            return Some((a.trim(), b.trim()));
        }
    }
    let letter = |c: Option<char>| c.is_some_and(char::is_alphabetic);
    let (i, sep) = body.char_indices().find(|&(i, c)| {
        let before = body[..i].chars().next_back();
        let after = body[i + c.len_utf8()..].chars().next();
        let words = letter(before) && letter(after);
        let spaced = c == '/' && (before == Some(' ') || after == Some(' ') || letter(after));
        matches!(c, '/' | '-' | '–') && (words || spaced)
    })?;
    Some((body[..i].trim(), body[i + sep.len_utf8()..].trim()))
}

pub(super) fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Digits as a number, refusing lengths that could overflow.
pub(super) fn small(s: &str) -> Option<u32> {
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

fn season(word: &str) -> Option<Season> {
    match word {
        "fall" => Some(Season::Autumn),
        _ => Season::ALL
            .into_iter()
            .find(|s| s.name().eq_ignore_ascii_case(word)),
    }
}

fn is_known_word(word: &str) -> bool {
    month_number(word).is_some() || season(word).is_some() || KNOWN_WORDS.contains(&word)
}

/// The nearest word a misspelt one may have meant ("Apirl" → "April").
fn suggest(word: &str) -> Option<String> {
    let word = word.to_lowercase();
    SUGGESTIONS
        .iter()
        .map(|c| {
            (
                strsim::normalized_damerau_levenshtein(&word, &c.to_lowercase()),
                c,
            )
        })
        .filter(|(score, _)| *score >= 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| (*c).to_string())
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
    /// "'06": a two-digit year, said to be one.
    ShortYear(String),
    /// "31st": the digits.
    Ordinal(String),
    Month(u32),
    /// "q2", or "quarter 2": the digits.
    Quarter(String),
    /// "h1": the digits.
    Half(String),
    QuarterWord,
    Season(Season),
    Fy,
    /// Joined with '-', '–', '/' or '.': "2004-04-30", "2005/06", "2004-q2", "mar-06".
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
    merge_quarter_words(out)
}

/// "quarter 3" and "3rd quarter" are "q3".
fn merge_quarter_words(toks: Vec<Tok>) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::with_capacity(toks.len());
    let mut iter = toks.into_iter().peekable();
    while let Some(tok) = iter.next() {
        match (tok, iter.peek()) {
            (Tok::QuarterWord, Some(Tok::Num(q))) => {
                out.push(Tok::Quarter(q.clone()));
                iter.next();
            }
            (Tok::Ordinal(q) | Tok::Num(q), Some(Tok::QuarterWord)) if q.len() == 1 => {
                out.push(Tok::Quarter(q));
                iter.next();
            }
            (tok, _) => out.push(tok),
        }
    }
    out
}

fn classify(t: &str) -> Tok {
    let ordinal = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|suffix| t.strip_suffix(suffix))
        .filter(|d| is_digits(d));
    let numbered = |prefix: char| t.strip_prefix(prefix).filter(|n| is_digits(n));
    if is_digits(t) {
        Tok::Num(t.to_string())
    } else if let Some(y) = t.strip_prefix('\'').filter(|y| is_digits(y)) {
        Tok::ShortYear(y.to_string())
    } else if let Some(m) = month_number(t) {
        Tok::Month(m)
    } else if let Some(s) = season(t) {
        Tok::Season(s)
    } else if t == "fy" {
        Tok::Fy
    } else if t == "quarter" {
        Tok::QuarterWord
    } else if let Some(q) = numbered('q') {
        Tok::Quarter(q.to_string())
    } else if let Some(h) = numbered('h') {
        Tok::Half(h.to_string())
    } else if let Some(d) = ordinal {
        Tok::Ordinal(d.to_string())
    } else if t.contains(['-', '/', '.', '–']) {
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

/// Parsing context: the text to quote in errors and the plan's settings.
struct Cx<'a> {
    text: &'a str,
    s: Settings,
}

impl Cx<'_> {
    fn text(&self) -> String {
        self.text.to_string()
    }

    fn unrecognised(&self) -> DateError {
        DateError::Unrecognised { text: self.text() }
    }

    /// "Completed" in the due column is a status written in the wrong place.
    fn reject_status_words(&self, norm: &str) -> Result<(), DateError> {
        let found = STATUS_WORDS.iter().find(|(word, _)| {
            norm == *word
                || norm
                    .strip_prefix(word)
                    .is_some_and(|rest| rest.starts_with(' ') && !rest.starts_with(" by "))
        });
        match found {
            Some((_, status)) => Err(DateError::StatusWord {
                text: self.text(),
                status,
            }),
            None => Ok(()),
        }
    }

    /// Non-date words make the whole text a note; one stray word is probably a typo.
    fn check_words(&self) -> Result<(), DateError> {
        let allowed =
            |c: char| c.is_alphanumeric() || c.is_whitespace() || "-/.,'’–—‑‐".contains(c);
        if !self.text.chars().all(allowed) {
            return Err(DateError::FreeText { text: self.text() });
        }
        let words: Vec<&str> = self
            .text
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
            .collect();
        if let Some(word) = words
            .iter()
            .find(|w| VAGUE.contains(&w.to_lowercase().as_str()))
        {
            return Err(DateError::Vague {
                text: self.text(),
                word: (*word).to_string(),
            });
        }
        let unknown: Vec<&&str> = words
            .iter()
            .filter(|w| !is_known_word(&w.to_lowercase()))
            .collect();
        match unknown.as_slice() {
            [] => Ok(()),
            [word] => Err(DateError::UnknownWord {
                text: self.text(),
                word: (**word).to_string(),
                suggestion: suggest(word),
            }),
            _ => Err(DateError::FreeText { text: self.text() }),
        }
    }

    /// A dated form: one period, or a range of two.
    fn dated(&self, body: &str) -> Result<Period, DateError> {
        let body = strip_prefixes(body);
        match split_range(body) {
            Some((from, to)) => self.range(from, to),
            None => self.whole(self.part(body)?),
        }
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
            Period::Day(d) => Some(chrono::Datelike::year(d)),
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
        let toks = tokens(strip_prefixes(body));
        let had_fy = toks.contains(&Tok::Fy);
        let filler = |t: &Tok| matches!(t, Tok::Fy) || matches!(t, Tok::Word(w) if w == "of");
        let toks: Vec<Tok> = toks.into_iter().filter(|t| !filler(t)).collect();
        let part = self.shape(&toks)?;
        let financial = matches!(
            part,
            Part::Full(
                Period::FinancialYear { .. }
                    | Period::FinancialQuarter { .. }
                    | Period::FinancialHalf { .. }
            )
        );
        if had_fy && !financial {
            return Err(DateError::AmbiguousFinancialYear { text: self.text() });
        }
        Ok(part)
    }

    fn shape(&self, toks: &[Tok]) -> Result<Part, DateError> {
        use Tok::{Compound, Half, Month, Num, Ordinal, Quarter, ShortYear};
        let full = |p| Ok(Part::Full(p));
        match toks {
            [Compound(c)] => full(self.compound(c)?),
            [Num(y)] => full(Period::Year(self.year(y)?)),
            [Month(m)] => Ok(Part::Month(*m)),
            [Month(m), Num(y)] | [Num(y), Month(m)] if y.len() > 2 => full(Period::Month {
                year: self.year(y)?,
                month: *m,
            }),
            [Month(m), ShortYear(y)] => full(Period::Month {
                year: self.any_year(y)?,
                month: *m,
            }),
            [Month(m), Num(nn)] if nn.len() == 2 => full(self.month_two_digit(*m, nn)?),
            [Month(m), Ordinal(d)] | [Num(d) | Ordinal(d), Month(m)] => {
                Ok(Part::DayMonth(d.clone(), *m))
            }
            [Num(d) | Ordinal(d), Month(m), Num(y) | ShortYear(y)]
            | [Month(m), Num(d) | Ordinal(d), Num(y) | ShortYear(y)]
                if d.len() <= 2 =>
            {
                let year = self.any_year(y)?;
                full(Period::Day(self.make_day(year, *m, self.day_number(d)?)?))
            }
            [Quarter(q), Num(y)] | [Num(y), Quarter(q)] => full(self.quarter_of(q, y)?),
            [Quarter(q), Compound(c)] | [Compound(c), Quarter(q)] => {
                full(self.financial_quarter(c, q)?)
            }
            [Half(h), Compound(c)] | [Compound(c), Half(h)] => full(self.financial_half(c, h)?),
            [Half(_), Num(_)] | [Num(_), Half(_)] => {
                Err(DateError::HalfNeedsFinancialYear { text: self.text() })
            }
            [Tok::Season(s), rest @ ..] => full(self.season(*s, rest)?),
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

    /// "Dec 05" is December 2005; "Dec 15" may also be the 15th of a December.
    fn month_two_digit(&self, month: u32, nn: &str) -> Result<Period, DateError> {
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

    /// "2004-04-30", "2004-04", "2004-q2", "2005/06", "2005–06", "mar-06", "31/03/2006".
    fn compound(&self, c: &str) -> Result<Period, DateError> {
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
    fn year_dash(&self, y: &str, m: &str) -> Result<Period, DateError> {
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

    /// "31/03/2006", "31.03.06", "03-31-2006": read only by the plan's `date_order`.
    fn numeric_day(&self, c: &str) -> Option<Result<Period, DateError>> {
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

    fn read_numeric_day(&self, a: u32, b: u32, y: &str) -> Result<Period, DateError> {
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
            start_month: self.s.fy_start,
        })
    }

    /// The first year of a one-year financial year written `c`.
    fn one_financial_year(&self, c: &str) -> Result<i32, DateError> {
        match self.compound(c)? {
            Period::FinancialYear { first, last, .. } if last == first + 1 => Ok(first),
            Period::FinancialYear { .. } => {
                Err(DateError::FinancialQuarterSpan { text: self.text() })
            }
            _ => Err(self.unrecognised()),
        }
    }

    /// "Q2 2005": a calendar quarter, or a financial one where the plan says so.
    fn quarter_of(&self, q: &str, y: &str) -> Result<Period, DateError> {
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

    fn financial_quarter(&self, c: &str, q: &str) -> Result<Period, DateError> {
        let quarter = self.quarter(q)?;
        Ok(Period::FinancialQuarter {
            first: self.one_financial_year(c)?,
            quarter,
            start_month: self.s.fy_start,
        })
    }

    fn financial_half(&self, c: &str, h: &str) -> Result<Period, DateError> {
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
    fn season(&self, season: Season, rest: &[Tok]) -> Result<Period, DateError> {
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

    /// A four-digit year, or two digits meaning 20YY ("Dec 05", "Mar-06", "31 Mar 06").
    fn any_year(&self, s: &str) -> Result<i32, DateError> {
        match small(s) {
            Some(yy) if s.len() == 2 => Ok(2000 + i32::try_from(yy).unwrap_or(0)),
            _ => self.year(s),
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
            days: super::explain::days_in_month(year, month).unwrap_or(0),
        })
    }
}

/// A range must not run backwards at either end.
pub(super) fn ordered(from: &Period, to: &Period) -> bool {
    from.starts_on() <= to.starts_on() && from.due_by() <= to.due_by()
}
