//! The imported plan as TOML text, built with `toml_edit` so every string is quoted and
//! escaped correctly whatever the spreadsheet holds.

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table};

use super::build::{DraftAction, DraftPriority};
use crate::edit::toml::{NewItem, NewUpdate, push_update};

/// One priority file: a comment saying where it came from, `[priority]`, its `[[action]]`s.
pub fn priority_file(priority: &DraftPriority, source_file: &str) -> String {
    let mut doc = DocumentMut::new();
    let table = NewItem {
        id: &priority.id,
        title: &priority.title,
        description: priority.description.as_deref(),
        owners: priority.owners.as_deref(),
        due: priority.due.as_deref(),
        due_note: priority.due_note.as_deref(),
        status: None,
        source: Some(&priority.source),
    }
    .table();
    doc["priority"] = Item::Table(table);
    if !priority.actions.is_empty() {
        let actions: ArrayOfTables = priority.actions.iter().map(action_table).collect();
        doc["action"] = Item::ArrayOfTables(actions);
    }
    format!("{}\n\n{doc}", header(source_file))
}

/// The first line of every priority file imported from `source_file`: how a later import of
/// the same sheet knows the files an earlier one wrote.
fn header(source_file: &str) -> String {
    let from = source_file.replace(['\n', '\r'], " ");
    format!("# Imported by `plan import` from {from}.")
}

/// Whether `bytes` are a priority file an import of `source_file` wrote (its first line, which
/// a hand edit rarely touches, says so).
pub fn imported_from(bytes: &[u8], source_file: &str) -> bool {
    let first = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let first = first.strip_suffix(b"\r").unwrap_or(first);
    first == header(source_file).as_bytes()
}

fn action_table(action: &DraftAction) -> Table {
    let mut table = NewItem {
        id: &action.id,
        title: &action.title,
        description: None,
        owners: action.owners.as_deref(),
        due: action.due.as_deref(),
        due_note: action.due_note.as_deref(),
        status: action.status,
        source: Some(&action.source),
    }
    .table();
    if let Some(update) = &action.update {
        let by = action.owners.as_ref().and_then(|o| o.first());
        let update = NewUpdate {
            date: update.date,
            note: &update.note,
            rag: update.rag,
            percent: None,
            by: by.map(String::as_str),
        };
        // A new table has no `update` key yet, so the push cannot fail.
        let _ = push_update(&mut table, &update);
    }
    table
}
