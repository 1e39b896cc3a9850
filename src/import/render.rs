//! The imported plan as TOML text, built with `toml_edit` so every string is quoted and
//! escaped correctly whatever the spreadsheet holds.

use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table, value};

use super::build::{DraftAction, DraftPriority};
use crate::edit::toml::{NewUpdate, push_update};

fn strings(items: &[String]) -> Item {
    value(items.iter().map(String::as_str).collect::<Array>())
}

fn set_opt(table: &mut Table, key: &str, text: Option<&String>) {
    if let Some(text) = text {
        table[key] = value(text.as_str());
    }
}

/// One priority file: a comment saying where it came from, `[priority]`, its `[[action]]`s.
pub fn priority_file(priority: &DraftPriority, source_file: &str) -> String {
    let mut doc = DocumentMut::new();
    let mut table = Table::new();
    table["id"] = value(priority.id.as_str());
    table["title"] = value(priority.title.as_str());
    set_opt(&mut table, "description", priority.description.as_ref());
    if let Some(owners) = &priority.owners {
        table["owners"] = strings(owners);
    }
    set_opt(&mut table, "due", priority.due.as_ref());
    set_opt(&mut table, "due_note", priority.due_note.as_ref());
    table["source"] = value(priority.source.as_str());
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
    let mut table = Table::new();
    table["id"] = value(action.id.as_str());
    table["title"] = value(action.title.as_str());
    if let Some(owners) = &action.owners {
        table["owners"] = strings(owners);
    }
    set_opt(&mut table, "due", action.due.as_ref());
    set_opt(&mut table, "due_note", action.due_note.as_ref());
    if let Some(status) = action.status {
        table["status"] = value(status.name());
    }
    table["source"] = value(action.source.as_str());
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
