//! `plan indicators` as a grid (table, CSV, Markdown), and `plan show` of one indicator's
//! series; both from [`IndicatorRow`] and the indicator's judged steps.

use chrono::NaiveDate;

use crate::error::Error;
use crate::format::QueryFormat;
use crate::indicator::Step;
use crate::model::Rag;
use crate::render::{Grid, GridCell, Tone, cell};
use crate::view::{IndicatorDetail, IndicatorRow};

/// `plan indicators`: the rows in `format`, with a summary line under tables and Markdown.
pub fn write(
    out: &mut dyn std::io::Write,
    format: QueryFormat,
    color: bool,
    rows: &[IndicatorRow<'_>],
    today: NaiveDate,
) -> Result<(), Error> {
    let count = |rag: Rag| rows.iter().filter(|r| r.rag == Some(rag)).count();
    let summary = format!(
        "{}: {} green, {} amber, {} red, {} with late data, as at {today}",
        crate::text::plural(rows.len(), "indicator", "indicators"),
        count(Rag::Green),
        count(Rag::Amber),
        count(Rag::Red),
        rows.iter().filter(|r| r.late).count(),
    );
    super::write_result(out, format, color, &rows, &grid(rows), Some(&summary))
}

/// `plan show` of one indicator: its series period by period, or its detail as JSON.
pub fn show(
    out: &mut dyn std::io::Write,
    format: QueryFormat,
    color: bool,
    detail: &IndicatorDetail<'_>,
    steps: &[Step<'_>],
) -> Result<(), Error> {
    let grid = series_grid(&detail.row, steps);
    let summary = describe(&detail.row, detail.source);
    super::write_result(out, format, color, detail, &grid, Some(&summary))
}

fn rag_cell(rag: Option<Rag>) -> GridCell {
    match rag {
        Some(rag @ Rag::Red) => cell(rag.name(), Tone::Alert),
        Some(rag @ Rag::Amber) => cell(rag.name(), Tone::Warn),
        Some(rag @ Rag::Green) => cell(rag.name(), Tone::Plain),
        None => cell("—", Tone::Muted),
    }
}

fn or_dash(text: Option<&str>) -> String {
    text.unwrap_or("—").to_owned()
}

pub fn grid(rows: &[IndicatorRow<'_>]) -> Grid {
    let headers = vec![
        "id",
        "title",
        "owners",
        "period",
        "actual",
        "target",
        "rag",
        "vs previous",
        "vs year before",
        "quartile",
        "late",
    ];
    let rows = rows
        .iter()
        .map(|row| {
            vec![
                row.id.into(),
                row.title.into(),
                row.owners.join("; ").into(),
                or_dash(row.period.as_deref()).into(),
                row.shown(row.actual).into(),
                row.shown(row.target).into(),
                rag_cell(row.rag),
                or_dash(row.vs_previous).into(),
                or_dash(row.vs_year_before).into(),
                or_dash(row.quartile).into(),
                if row.late {
                    cell(row.late_periods.join(", "), Tone::Alert)
                } else {
                    cell("no", Tone::Plain)
                },
            ]
        })
        .collect();
    Grid {
        headers,
        rows,
        ..Grid::default()
    }
}

/// One indicator's series, period by period.
pub fn series_grid(row: &IndicatorRow<'_>, steps: &[Step<'_>]) -> Grid {
    let headers = vec![
        "period",
        "actual",
        "target",
        "rag",
        "vs previous",
        "vs year before",
        "quartile",
        "note",
    ];
    let rows = steps
        .iter()
        .map(|step| {
            let actual = match (step.actual, step.late) {
                (Some(a), _) => cell(row.shown(Some(a.value)), Tone::Plain),
                (None, true) => cell("LATE", Tone::Alert),
                (None, false) => cell("—", Tone::Muted),
            };
            vec![
                step.period.to_string().into(),
                actual,
                row.shown(step.target.map(|t| t.value)).into(),
                rag_cell(step.rag),
                or_dash(step.vs_previous.map(|t| t.name())).into(),
                or_dash(step.vs_year_before.map(|t| t.name())).into(),
                or_dash(step.quartile.map(|(q, _)| q.name())).into(),
                or_dash(step.actual.and_then(|a| a.note.as_deref())).into(),
            ]
        })
        .collect();
    Grid {
        headers,
        rows,
        ..Grid::default()
    }
}

/// The line under an indicator's series: what it is, who owns it, how it is judged.
pub fn describe(row: &IndicatorRow<'_>, source: Option<&str>) -> String {
    let mut parts = vec![format!("{} — {}", row.id, row.title)];
    parts.push(format!("priority {}", row.priority.id));
    if !row.owners.is_empty() {
        parts.push(format!("owners {}", row.owners.join("; ")));
    }
    if let Some(polarity) = row.polarity {
        parts.push(format!("{polarity} is better"));
    }
    if let Some(frequency) = row.frequency {
        parts.push(frequency.to_owned());
    }
    if let Some(tolerance) = &row.tolerance {
        parts.push(format!("tolerance {tolerance}"));
    }
    if let Some(source) = source {
        parts.push(format!("source {source}"));
    }
    parts.push(format!("{}:{}", row.file, row.line));
    parts.join(", ")
}
