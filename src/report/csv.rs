//! The report as CSV: one row per action with every field, for spreadsheets, then (when the
//! report has indicators) a blank line and one row per indicator. Each cell goes
//! through [`csv_cell`] and [`write_csv_record`], the CSV policy every command shares, so no
//! plan text can run as a formula or shift a column.

use std::io::Write;

use super::ReportStatus;
use super::view::Report;
use crate::render::text::{csv_cell, write_csv_record};
use crate::view::ActionRow;
use crate::view::IndicatorRow;

pub const HEADERS: [&str; 26] = [
    "id",
    "title",
    "priority_id",
    "priority_title",
    "owners",
    "due",
    "due_canonical",
    "due_from",
    "due_by",
    "due_note",
    "report_status",
    "plan_status",
    "days_late",
    "source",
    "file",
    "line",
    "as_at",
    "latest_update_date",
    "latest_rag",
    "latest_percent",
    "latest_note",
    "done_on",
    "done_days_late",
    "rag_conflict",
    "originally_due",
    "due_moves",
];

/// `bom`: start with a UTF-8 byte-order mark, which Excel needs to read the file as UTF-8.
pub fn write(out: &mut dyn Write, report: &Report<'_>, bom: bool) -> std::io::Result<()> {
    if bom {
        out.write_all("\u{FEFF}".as_bytes())?;
    }
    write_csv_record(out, HEADERS)?;
    for row in report.rows() {
        write_csv_record(out, record(report, &row).iter().map(|c| csv_cell(c)))?;
    }
    if report.indicators.is_empty() {
        return Ok(());
    }
    // A second table, after one blank line, as a spreadsheet shows it: the actions' columns
    // stay as they are for plans with indicators and without.
    out.write_all(b"\n")?;
    write_csv_record(out, INDICATOR_HEADERS)?;
    for indicator in &report.indicators {
        let cells = indicator_record(report, &indicator.row);
        write_csv_record(out, cells.iter().map(|c| csv_cell(c)))?;
    }
    Ok(())
}

/// The indicators' table: one row per indicator, its latest actual judged (as in the
/// Markdown and HTML reports); figures as plain numbers, the unit in its own column.
pub const INDICATOR_HEADERS: [&str; 21] = [
    "indicator_id",
    "title",
    "priority_id",
    "priority_title",
    "owners",
    "unit",
    "polarity",
    "frequency",
    "tolerance",
    "period",
    "actual",
    "target",
    "rag",
    "vs_previous",
    "vs_year_before",
    "quartile",
    "late_periods",
    "note",
    "file",
    "line",
    "as_at",
];

/// One indicator's cells, in the order of [`INDICATOR_HEADERS`].
fn indicator_record(
    report: &Report<'_>,
    row: &IndicatorRow<'_>,
) -> [String; INDICATOR_HEADERS.len()] {
    let text = |t: Option<&str>| t.unwrap_or_default().to_owned();
    let number = |n: Option<f64>| n.map(|n| n.to_string()).unwrap_or_default();
    [
        row.id.to_owned(),
        row.title.to_owned(),
        row.priority.id.to_owned(),
        row.priority.title.to_owned(),
        row.owners.join("; "),
        text(row.unit),
        text(row.polarity),
        text(row.frequency),
        row.tolerance.clone().unwrap_or_default(),
        row.period.clone().unwrap_or_default(),
        number(row.actual),
        number(row.target),
        text(row.rag.map(crate::model::Rag::name)),
        text(row.vs_previous),
        text(row.vs_year_before),
        text(row.quartile),
        row.late_periods.join("; "),
        text(row.note),
        row.file.to_owned(),
        row.line.to_string(),
        report.as_at.to_string(),
    ]
}

/// One action's cells, in the order of [`HEADERS`].
fn record(report: &Report<'_>, row: &ActionRow<'_>) -> [String; HEADERS.len()] {
    let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let latest = row.latest.as_ref();
    [
        row.id.to_owned(),
        row.title.to_owned(),
        row.priority.id.to_owned(),
        row.priority.title.to_owned(),
        row.owners_shown().join("; "),
        row.due_written.unwrap_or_default().to_owned(),
        row.due_canonical.clone().unwrap_or_default(),
        day(row.due_from),
        day(row.due_by),
        row.due_note.unwrap_or_default().to_owned(),
        row.report_status.label().to_owned(),
        row.status.name().to_owned(),
        // Blank unless overdue: 0 would read as "due today" in a spreadsheet.
        if row.report_status == ReportStatus::Overdue {
            row.days_late.to_string()
        } else {
            String::new()
        },
        row.source.unwrap_or_default().to_owned(),
        row.file.to_owned(),
        row.line.to_string(),
        report.as_at.to_string(),
        day(row.latest.as_ref().map(|l| l.date)),
        latest
            .and_then(|l| l.rag)
            .map_or("", crate::model::Rag::name)
            .to_owned(),
        latest
            .and_then(|l| l.percent)
            .map(|p| p.to_string())
            .unwrap_or_default(),
        latest.map(|l| l.note.to_owned()).unwrap_or_default(),
        day(row.done_on),
        row.done_days_late
            .map(|d| d.to_string())
            .unwrap_or_default(),
        if row.rag_conflict.is_some() {
            "yes"
        } else {
            ""
        }
        .to_owned(),
        row.trail
            .as_ref()
            .map(|o| o.first.clone())
            .unwrap_or_default(),
        row.trail
            .as_ref()
            .map(|o| o.moves.to_string())
            .unwrap_or_default(),
    ]
}
