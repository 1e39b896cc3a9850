//! `plan owners` laid out: a row per role ([`RoleRow`]) with its counts; CSV, which has no
//! summary line, says in a last column how each row was counted.

use std::io::Write;

use super::{Grid, Tone, cell};
use crate::error::Error;
use crate::format::QueryFormat;
use crate::view::{RoleRow, words};

/// Writes the roles in `format`, with `summary` under tables and Markdown.
pub fn write(
    out: &mut dyn Write,
    format: QueryFormat,
    color: bool,
    rows: &[RoleRow<'_>],
    summary: &str,
) -> Result<(), Error> {
    let csv = format == QueryFormat::Csv;
    let mut headers = vec![
        "Role",
        "Member of",
        "Open",
        "Overdue",
        "Due ≤30d",
        "No date",
    ];
    if csv {
        headers.push("Counted");
    }
    let grid = Grid {
        headers,
        wide: None,
        droppable: Vec::new(),
        rows: rows
            .iter()
            .map(|v| {
                let alert = if v.counts.overdue > 0 {
                    Tone::Alert
                } else {
                    Tone::Plain
                };
                let name = if v.not_on_roster {
                    words::not_on_the_roster(v.name)
                } else {
                    v.name.to_owned()
                };
                let mut row = vec![
                    name.into(),
                    v.member_of.join("; ").into(),
                    v.counts.open.to_string().into(),
                    cell(v.counts.overdue.to_string(), alert),
                    v.counts.due_soon.to_string().into(),
                    v.counts.no_date.to_string().into(),
                ];
                if csv {
                    row.push(v.counted.into());
                }
                row
            })
            .collect(),
    };
    super::write_result(out, format, color, &rows, &grid, Some(summary))
}
