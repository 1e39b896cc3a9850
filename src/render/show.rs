//! How `plan show` lays out one item: a two-column table of fields (and CSV and Markdown), or
//! the item's row as JSON ([`ActionRow`] with its updates, [`PriorityDetail`]).

use serde::Serialize;

use super::{Grid, GridCell};
use crate::error::Error;
use crate::format::QueryFormat;
use crate::view::{ActionRow, PriorityDetail, words};

/// One action in full.
pub fn action(
    out: &mut dyn std::io::Write,
    format: QueryFormat,
    color: bool,
    row: &ActionRow<'_>,
) -> Result<(), Error> {
    write_fields(out, format, color, row, action_fields(row))
}

/// One priority in full.
pub fn priority(
    out: &mut dyn std::io::Write,
    format: QueryFormat,
    color: bool,
    detail: &PriorityDetail<'_>,
) -> Result<(), Error> {
    write_fields(out, format, color, detail, priority_fields(detail))
}

/// One item as a two-column table of fields, or as JSON.
fn write_fields<T: Serialize>(
    out: &mut dyn std::io::Write,
    format: QueryFormat,
    color: bool,
    json: &T,
    rows: Vec<Vec<GridCell>>,
) -> Result<(), Error> {
    let grid = Grid {
        headers: vec!["Field", "Value"],
        wide: Some(1),
        droppable: Vec::new(),
        rows,
    };
    super::write_result(out, format, color, json, &grid, None)
}

fn action_fields(view: &ActionRow<'_>) -> Vec<Vec<GridCell>> {
    let in_full = view.in_full.as_ref();
    let mut rows = vec![
        field("Action", view.id),
        field("Title", view.title),
        field(
            "Priority",
            &format!("{} — {}", view.priority.id, view.priority.title),
        ),
        field("Owners", in_full.map_or("", |f| &f.owners)),
        field("Due", in_full.map_or("", |f| &f.due)),
        field("Status", &words::status_long(view)),
    ];
    push_optional(&mut rows, "Due note", view.due_note);
    if let Some(day) = view.done_on {
        rows.push(field("Done on", &day.to_string()));
    }
    for update in view.updates.iter().flatten() {
        rows.push(field("Update", &words::update_line(update)));
    }
    push_optional(&mut rows, "Source", view.source);
    rows.push(field("File", &format!("{}:{}", view.file, view.line)));
    rows
}

fn priority_fields(detail: &PriorityDetail<'_>) -> Vec<Vec<GridCell>> {
    let row = &detail.row;
    let mut rows = vec![field("Priority", row.id), field("Title", row.title)];
    push_optional(&mut rows, "Parent", row.parent);
    push_optional(&mut rows, "Description", row.description);
    for aim in row.aims {
        rows.push(field("Aim", aim));
    }
    rows.push(field("Owners", &detail.in_full.owners));
    rows.push(field("Due", &detail.in_full.due));
    push_optional(&mut rows, "Source", row.source);
    if !row.priorities.is_empty() {
        rows.push(field("Nested", &row.priorities.join(", ")));
    }
    let actions = if row.actions.is_empty() {
        "none".to_owned()
    } else {
        row.actions.join(", ")
    };
    rows.push(field("Actions", &actions));
    rows.push(field("File", &format!("{}:{}", row.file, row.line)));
    rows
}

fn field(name: &str, value: &str) -> Vec<GridCell> {
    vec![name.into(), value.into()]
}

fn push_optional(rows: &mut Vec<Vec<GridCell>>, name: &str, value: Option<&str>) {
    if let Some(value) = value {
        rows.push(field(name, value));
    }
}
