//! Why a due date could not be read. Every message quotes the text; every form with two
//! readings names both and how to write each.

use super::{ACCEPTED_FORMS, HORIZON_FORMS, month_label};

/// Why a due date could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("\"\": the due date is empty; write a date, \"continuous\" or \"TBC\"")]
    Empty,
    #[error("\"{text}\": a month needs a year, e.g. \"{example}\"")]
    MonthNeedsYear { text: String, example: String },
    #[error("\"{text}\": a season needs a year, e.g. \"{example}\"")]
    SeasonNeedsYear { text: String, example: String },
    #[error(
        "\"{text}\": several dates in one field; write one due date and keep the rest in due_note"
    )]
    SeveralDates { text: String },
    #[error(
        "\"{text}\": this reads as a note, not a due date; write only the date in due and the explanation in due_note"
    )]
    FreeText { text: String },
    #[error("\"{text}\": \"{word}\" is not a month or a word used in due dates{}", did_you_mean(.suggestion.as_deref()))]
    UnknownWord {
        text: String,
        word: String,
        suggestion: Option<String>,
    },
    #[error(
        "\"{text}\": \"{word}\" is vague; a due date is the end of a period, so name the period, e.g. \"2005-Q1\" or \"March 2005\""
    )]
    Vague { text: String, word: String },
    #[error(
        "\"{text}\": this is a status, not a due date; set status = \"{status}\" and keep due for the date"
    )]
    StatusWord { text: String, status: &'static str },
    #[error(
        "\"{}\" has two readings: {}, or {}; write \"{}\" or \"{}\"",
        .0.text, .0.first, .0.second, .0.write_first, .0.write_second
    )]
    TwoReadings(Box<Readings>),
    #[error(
        "\"{}\" has two readings: {} (day first, as in the UK), or {} (month first, as in the US); set date_order = \"dmy\" or \"mdy\" in plan.toml, or write \"{}\" or \"{}\"",
        .0.text, .0.first, .0.second, .0.write_first, .0.write_second
    )]
    DayOrder(Box<Readings>),
    #[error(
        "\"{text}\": a numeric day needs date_order in plan.toml (it can only be {reading} here); set date_order = \"{order}\" or write {iso}"
    )]
    NeedsDateOrder {
        text: String,
        reading: String,
        order: &'static str,
        iso: String,
    },
    #[error("\"{text}\": {} {year} has {days} days", month_label(*.month))]
    NoSuchDay {
        text: String,
        year: i32,
        month: u32,
        days: u32,
    },
    #[error("\"{text}\": there is no month {month}; months are 1 to 12")]
    NoSuchMonth { text: String, month: u32 },
    #[error("\"{text}\": there is no quarter {quarter}; quarters are 1 to 4")]
    NoSuchQuarter { text: String, quarter: String },
    #[error("\"{text}\": there is no half H{half}; halves are H1 and H2")]
    NoSuchHalf { text: String, half: String },
    #[error(
        "\"{text}\": a half year belongs to a financial year, e.g. \"H1 2005/06\"; for a calendar half write the months, e.g. \"January - June 2005\""
    )]
    HalfNeedsFinancialYear { text: String },
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

/// A text's two readings and how to write each so it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Readings {
    pub text: String,
    pub first: String,
    pub second: String,
    pub write_first: String,
    pub write_second: String,
}

fn did_you_mean(suggestion: Option<&str>) -> String {
    suggestion.map_or_else(String::new, |s| format!("; did you mean \"{s}\"?"))
}

impl DateError {
    /// A hint to print under the message.
    pub fn help(&self) -> &'static str {
        match self {
            DateError::SeveralDates { .. } | DateError::FreeText { .. } => {
                "due holds one date; put anything else in due_note (forms: docs/dates.md)"
            }
            DateError::MonthNeedsYear { .. } => {
                "add the year, e.g. \"April 2004\" (forms: docs/dates.md)"
            }
            DateError::TwoReadings(_) => {
                "a date with two readings is never guessed; how to write each form: docs/dates.md"
            }
            DateError::NeedsDateOrder { .. } | DateError::DayOrder(_) => {
                "date_order = \"dmy\" (UK: 31/03/2006) or \"mdy\" (US: 03/31/2006) in plan.toml; see docs/dates.md"
            }
            DateError::StatusWord { .. } => {
                "statuses: planned, in-progress, done, dropped; due = \"continuous\" for a standing commitment (docs/dates.md)"
            }
            DateError::NotADay { .. } => "write days as YYYY-MM-DD, e.g. 2006-03-31",
            DateError::NotPlainDate { .. } => {
                "write due = 2004-04-30, or a quoted period such as due = \"April 2004\""
            }
            DateError::BadHorizon { .. } => HORIZON_FORMS,
            DateError::BadStartMonth { .. } => "financial years usually start in month 4 (April)",
            _ => ACCEPTED_FORMS,
        }
    }
}
