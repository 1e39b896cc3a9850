//! Reading a due text: normalise it, settle the whole-text words (continuous, TBC, status
//! words, "from"), then split it into a range's parts and read each part's tokens.
//!
//! Where a text has two readings the error names both; nothing here picks one.
//!
//! This module holds the path through a text; [`words`] the vocabulary,
//! [`tokens`](mod@tokens) a part's tokens, and the forms a part may take are read in
//! [`numeric`] (days and months written with digits), [`spans`] (quarters, halves, financial
//! years, seasons) and [`fields`] (one year, month or day, range-checked).

mod fields;
mod numeric;
mod spans;
mod tokens;
mod words;

use chrono::NaiveDate;

use super::{DateError, Period, Settings, month_label};
pub(super) use tokens::small;
use tokens::{Tok, tokens};
use words::{STANDING, STATUS_WORDS, UNDATED, VAGUE, is_known_word, suggest};

/// The status (its name: `done`, `in-progress`, `planned`, `dropped`) a whole text means
/// when officers write it for one ("completed", "under way", "withdrawn"); `text` in lower
/// case with single spaces. The one table of such words, for the due-date reader and
/// `plan import`'s Status column alike.
pub fn status_word(text: &str) -> Option<&'static str> {
    STATUS_WORDS
        .iter()
        .find(|(word, _)| *word == text)
        .map(|&(_, status)| status)
}

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
}

/// A range must not run backwards at either end.
pub(super) fn ordered(from: &Period, to: &Period) -> bool {
    from.starts_on() <= to.starts_on() && from.due_by() <= to.due_by()
}
