//! How `plan priorities` lays out [`PriorityRow`]s as a table (and CSV and Markdown); their
//! JSON is the rows themselves.

use chrono::NaiveDate;

use super::{Grid, Tone, cell};
use crate::error::Error;
use crate::format::QueryFormat;
use crate::view::{PriorityRow, words};

/// Writes the priority tree in `format`, with a summary line under tables and Markdown.
pub fn write(
    out: &mut dyn std::io::Write,
    format: QueryFormat,
    color: bool,
    rows: &[PriorityRow<'_>],
    today: NaiveDate,
) -> Result<(), Error> {
    let summary = format!(
        "{}, as at {today}",
        crate::text::plural(rows.len(), "priority", "priorities"),
    );
    super::write_result(out, format, color, &rows, &grid(rows), Some(&summary))
}

/// The table; an "Unreadable" count column only when some action's date could not be read.
pub fn grid(rows: &[PriorityRow<'_>]) -> Grid {
    let with_unreadable = rows.iter().any(|v| v.counts.unreadable > 0);
    let mut headers = vec![
        "ID", "Priority", "Owners", "Due", "Actions", "Open", "Overdue", "No date",
    ];
    if with_unreadable {
        headers.push("Unreadable");
    }
    let alert_if = |n: usize| if n > 0 { Tone::Alert } else { Tone::Plain };
    Grid {
        headers,
        wide: Some(1),
        droppable: Vec::new(),
        rows: rows
            .iter()
            .map(|v| {
                let counts = v.counts;
                let due = match v.due_unreadable {
                    Some(written) => words::unreadable(written),
                    None => v.due_canonical.clone().unwrap_or_default(),
                };
                let mut row = vec![
                    v.id.into(),
                    format!("{}{}", "↳ ".repeat(v.depth), v.title).into(),
                    words::owners_line(&v.owners, v.unknown_owners).into(),
                    due.into(),
                    counts.total.to_string().into(),
                    counts.open.to_string().into(),
                    cell(counts.overdue.to_string(), alert_if(counts.overdue)),
                    counts.no_date.to_string().into(),
                ];
                if with_unreadable {
                    row.push(cell(
                        counts.unreadable.to_string(),
                        alert_if(counts.unreadable),
                    ));
                }
                row
            })
            .collect(),
    }
}
