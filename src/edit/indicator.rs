//! Recording an indicator's figure in its `[[indicator]]` table: a new
//! `[[indicator.actual]]` (or `[[indicator.target]]`) placed in period order, or, asked to
//! replace, the value of the one already there for the period. Everything else in the file
//! is left as it was.

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, Value};

use super::toml::set;
use crate::error::Error;
use crate::model::indicator::{Indicator, Span};

/// What is recorded.
pub struct Figure<'a> {
    /// `"actual"` or `"target"`: the key of the entries.
    pub key: &'static str,
    pub period: Span,
    /// The number as typed, so `97.5` stays `97.5` and `12` stays an integer.
    pub value: Value,
    pub note: Option<&'a str>,
    pub by: Option<&'a str>,
}

/// What [`record`] did.
#[derive(Debug, PartialEq)]
pub enum Recorded {
    Added,
    /// The value that was there before.
    Replaced(String),
}

/// Records `figure` in the indicator `id`'s table of `doc`. `read` gives the period a
/// written period means (the plan's date settings), to find the entry for the same period
/// however it was written. Without `replace`, a period that already has an entry is refused.
pub fn record(
    doc: &mut DocumentMut,
    id: &str,
    figure: &Figure<'_>,
    replace: bool,
    read: &dyn Fn(&str) -> Option<Span>,
) -> Result<Recorded, String> {
    let table = doc
        .get_mut("indicator")
        .and_then(Item::as_array_of_tables_mut)
        .and_then(|tables| {
            tables
                .iter_mut()
                .find(|t| t.get("id").and_then(|v| v.as_str()) == Some(id))
        })
        .ok_or_else(|| format!("no [[indicator]] table with id = \"{id}\" found to change"))?;
    let entries = table
        .entry(figure.key)
        .or_insert(Item::ArrayOfTables(ArrayOfTables::new()))
        .as_array_of_tables_mut()
        .ok_or_else(|| {
            format!(
                "its `{}` is not written as [[indicator.{}]] tables",
                figure.key, figure.key
            )
        })?;
    let period_of = |t: &Table| t.get("period").and_then(|v| v.as_str()).and_then(read);
    if let Some(existing) = entries
        .iter_mut()
        .find(|t| period_of(t) == Some(figure.period))
    {
        let old = existing
            .get("value")
            .and_then(Item::as_value)
            .map(|v| v.clone().decorated("", "").to_string())
            .unwrap_or_default();
        if !replace {
            return Err(format!(
                "it already has {} {} for {} ({old}); to restate it add --replace",
                if figure.key == "actual" { "an" } else { "a" },
                figure.key,
                figure.period
            ));
        }
        set(existing, "value", figure.value.clone());
        fill(existing, figure);
        return Ok(Recorded::Replaced(old));
    }
    let mut new = Table::new();
    set(&mut new, "period", figure.period.to_string());
    set(&mut new, "value", figure.value.clone());
    fill(&mut new, figure);
    // After the last entry for an earlier period; unreadable periods count as earlier.
    let at = (0..entries.len())
        .rev()
        .find(|&i| {
            entries
                .get(i)
                .is_none_or(|t| period_of(t).is_none_or(|p| p < figure.period))
        })
        .map_or(0, |i| i + 1);
    entries.insert(at, new);
    Ok(Recorded::Added)
}

fn fill(table: &mut Table, figure: &Figure<'_>) {
    if let Some(note) = figure.note {
        set(table, "note", note);
    }
    if let Some(by) = figure.by {
        set(table, "by", by);
    }
}

/// The figure typed: the text as typed, and the value (an integer stays one, anything else
/// is a finite decimal).
pub fn number(text: &str) -> Result<(String, Value), Error> {
    let text = text.trim();
    if let Ok(n) = text.parse::<i64>() {
        return Ok((text.to_owned(), Value::from(n)));
    }
    match text.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok((text.to_owned(), Value::from(x))),
        _ => Err(Error::Usage(format!(
            "VALUE must be a number such as 96.1, not \"{}\"",
            crate::text::escape(text)
        ))),
    }
}

/// The period typed: a financial year, quarter or month of the plan's financial year.
pub fn period(text: &str, settings: &crate::dates::Settings) -> Result<Span, Error> {
    let parsed = crate::dates::parse_due(text, settings)
        .map_err(|err| Error::Usage(format!("invalid PERIOD {err}")))?;
    Span::of(&parsed, settings.fy_start).ok_or_else(|| {
        Error::Usage(format!(
            "PERIOD \"{}\" is not a financial year, quarter or month (e.g. 2005/06, \"2005/06 Q1\", \"April 2005\")",
            crate::text::escape(text)
        ))
    })
}

/// Refuses an actual for a period that is not one of the indicator's (a quarter of a monthly
/// one), or that has not ended by `today` unless `allow_future`. A target may be for any
/// period.
pub fn actual_period(
    indicator: &Indicator,
    period: &Span,
    today: chrono::NaiveDate,
    allow_future: bool,
) -> Result<(), Error> {
    if let Some(frequency) = indicator.frequency
        && period.length != frequency
    {
        return Err(Error::Usage(format!(
            "\"{}\" is {}: an actual is for one {}, not a {}",
            indicator.id,
            frequency.name(),
            frequency.period_word(),
            period.length.period_word()
        )));
    }
    if !allow_future && !period.has_ended(today) {
        return Err(Error::Usage(format!(
            "{period} has not ended yet (it ends on {}; today is {today}): an actual is the figure for a period that is over; give --allow-future to record it anyway",
            period.last(),
        )));
    }
    Ok(())
}
