//! Recording an indicator's figure in its `[[indicator]]` table: a new
//! `[[indicator.actual]]` (or `[[indicator.target]]`) placed in period order, or, asked to
//! replace, the value of the one already there for the period. Everything else in the file
//! is left as it was.

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, Value};

use super::toml::set;
use crate::model::indicator::Span;

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
