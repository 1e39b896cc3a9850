//! A due text's part as tokens: numbers (width kept), ordinals, months, quarters, halves,
//! seasons, "FY", and compounds joined by '-', '/', '.' or '–' that the forms read later.

use super::super::Season;
use super::words::{month_number, season};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Tok {
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

pub(super) fn tokens(body: &str) -> Vec<Tok> {
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
pub(super) fn merge_quarter_words(toks: Vec<Tok>) -> Vec<Tok> {
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

pub(super) fn classify(t: &str) -> Tok {
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

pub(super) fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Digits as a number, refusing lengths that could overflow.
pub(in crate::dates) fn small(s: &str) -> Option<u32> {
    (is_digits(s) && s.len() <= 9)
        .then(|| s.parse().ok())
        .flatten()
}
