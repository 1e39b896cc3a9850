//! How actions are laid out as a table (and CSV and Markdown): the rows are
//! [`ActionRow`]s, whose fields are also the JSON of `list` and `owner`.

use super::{Grid, GridCell, Tone, cell};
use crate::format::QueryFormat;
use crate::view::{ActionRow, words};

/// Writes actions in `format`, with a summary line under tables and Markdown.
pub fn write(
    out: &mut dyn std::io::Write,
    format: QueryFormat,
    color: bool,
    views: &[ActionRow<'_>],
    summary: &str,
) -> Result<(), crate::error::Error> {
    // JSON is written from the views alone (in parallel chunks: `list --overdue` on a large
    // plan writes tens of thousands of rows); building table cells for it is wasted work.
    if format == QueryFormat::Json {
        return super::write_json_rows(out, views).map_err(crate::error::Error::Output);
    }
    super::write_result(out, format, color, &views, &grid(views), Some(summary))
}

/// The table of actions; a "Responsible" column when the views say how the owner is involved.
pub fn grid(views: &[ActionRow<'_>]) -> Grid {
    let with_via = views.iter().any(|v| v.via.is_some());
    let mut headers = vec![
        "ID", "Action", "Priority", "Owners", "Due", "Due by", "Status",
    ];
    if with_via {
        headers.push("Responsible");
    }
    let rows = views
        .iter()
        .map(|v| {
            let mut row: Vec<GridCell> = vec![
                v.id.into(),
                v.title.into(),
                v.priority.id.into(),
                words::owners_line(&v.owners, v.unknown_owners).into(),
                v.due_written.unwrap_or("").into(),
                cell(
                    v.due_by
                        .map_or_else(|| words::no_due_by(v), crate::dates::iso_day),
                    tone(v),
                ),
                cell(words::status_short(v), tone(v)),
            ];
            if let Some(via) = v.via {
                row.push(
                    via.map_or_else(|| "named".to_owned(), |g| format!("via {g}"))
                        .into(),
                );
            }
            row
        })
        .collect();
    Grid {
        headers,
        rows,
        wide: Some(1),
        droppable: vec![2, 4],
    }
}

fn tone(view: &ActionRow<'_>) -> Tone {
    if view.overdue || view.due_problem.is_some() {
        Tone::Alert
    } else if view.due_by.is_none() && !view.standing {
        Tone::Warn
    } else {
        Tone::Plain
    }
}
