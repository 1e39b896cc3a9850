//! The words a due text may hold: whole-text words (continuous, TBC, status words), the
//! words besides dates that a form may use, month and season names, and the nearest known
//! word to a misspelt one.

use super::super::{MONTH_NAMES, Season};

/// Whole texts that mean a standing commitment.
pub(super) const STANDING: [&str; 9] = [
    "continuous",
    "ongoing",
    "on-going",
    "on going",
    "continuing",
    "ongoing basis",
    "on an ongoing basis",
    "on-going basis",
    "on an on-going basis",
];

/// Whole texts that say there is no date yet.
pub(super) const UNDATED: [&str; 8] = [
    "tbc",
    "tba",
    "tbd",
    "to be confirmed",
    "to be agreed",
    "to be announced",
    "to be decided",
    "to be determined",
];

/// Words officers write for a status, and the status each means (its name): in the due
/// column they are a status written in the wrong place; `plan import` reads a Status cell
/// by them too ([`super::status_word`]), beside the phrases only a Status column holds.
pub(super) const STATUS_WORDS: [(&str, &str); 18] = [
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
pub(super) const VAGUE: [&str; 8] = [
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
pub(super) const KNOWN_WORDS: [&str; 21] = [
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

/// What a misspelt word may have meant, besides month and season names.
const OTHER_SUGGESTIONS: [&str; 5] = ["quarter", "continuous", "ongoing", "onwards", "from"];

pub(super) fn month_number(word: &str) -> Option<u32> {
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

pub(super) fn season(word: &str) -> Option<Season> {
    match word {
        "fall" => Some(Season::Autumn),
        _ => Season::ALL
            .into_iter()
            .find(|s| s.name().eq_ignore_ascii_case(word)),
    }
}

pub(super) fn is_known_word(word: &str) -> bool {
    month_number(word).is_some() || season(word).is_some() || KNOWN_WORDS.contains(&word)
}

/// The nearest word a misspelt one may have meant ("Apirl" → "April").
pub(super) fn suggest(word: &str) -> Option<String> {
    let word = word.to_lowercase();
    let seasons = Season::ALL.map(Season::name);
    MONTH_NAMES
        .iter()
        .chain(&seasons)
        .chain(&OTHER_SUGGESTIONS)
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
