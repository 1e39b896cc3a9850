//! `plan set`'s change of an action's or a priority's fields (title, due date with the
//! reason it moved, owners, status) in its table, and the words for each change made.

use chrono::NaiveDate;
use toml_edit::Table;

use super::{Edit, Target, toml};
use crate::error::Error;
use crate::model::Status;

/// The fields to set; `None` (or no owners) leaves one as it is.
pub struct Fields<'a> {
    pub title: Option<&'a str>,
    pub due: Option<&'a str>,
    /// Why the due date moved: recorded as an update dated `today` when it does.
    pub reason: Option<&'a str>,
    /// Canonical roster names.
    pub owners: &'a [String],
    pub status: Option<Status>,
}

/// Sets `fields` on the item `id`; what changed, a phrase each ("due 2003-04 → June
/// 2004"), empty when every field already had its value.
pub fn set(
    edit: &mut Edit,
    id: &str,
    fields: &Fields<'_>,
    today: NaiveDate,
) -> Result<Vec<String>, Error> {
    let table = match edit.find(id)? {
        Target::Action(_) => edit.action_table(id)?,
        Target::Priority(idx) => {
            if fields.reason.is_some() {
                return Err(Error::Usage(format!(
                    "\"{id}\" is a priority, and priorities have no updates to record --reason in; move the due date of its actions with --reason, or leave --reason out"
                )));
            }
            if fields.status.is_some() {
                return Err(Error::Usage(format!(
                    "\"{id}\" is a priority, and priorities have no status; --status changes actions"
                )));
            }
            edit.priority_table(idx)?
        }
    };
    let mut changes = Vec::new();
    if let Some(title) = fields.title {
        if title.trim().is_empty() {
            return Err(Error::Usage("--title cannot be empty".into()));
        }
        change(table, "title", title, &mut changes);
    }
    if let Some(due) = fields.due {
        let from = toml::written(table, "due");
        if change(table, "due", due, &mut changes)
            && let Some(reason) = fields.reason
        {
            let note = crate::model::due_moved_note(from.as_deref(), due, reason);
            toml::push_update(table, &toml::NewUpdate::note(today, &note)).map_err(|why| {
                Error::Usage(format!("cannot record the reason on \"{id}\": {why}"))
            })?;
            changes.push(format!("reason recorded as an update on {today}"));
        }
    }
    if !fields.owners.is_empty() {
        let old = toml::written(table, "owners");
        toml::set_strings(table, "owners", fields.owners);
        changes.push(describe("owners", old, &fields.owners.join(", ")));
    }
    if let Some(status) = fields.status {
        change(table, "status", status.name(), &mut changes);
    }
    changes.retain(|c| !c.is_empty());
    Ok(changes)
}

/// Sets a string field, recording what changed; whether it did (not when it already had
/// that value).
fn change(table: &mut Table, key: &str, new: &str, changes: &mut Vec<String>) -> bool {
    let old = toml::written(table, key);
    if old.as_deref() == Some(new) {
        return false;
    }
    toml::set(table, key, new);
    changes.push(describe(key, old, new));
    true
}

/// "due 2003-04 → June 2004", or "due set to June 2004" where there was none.
fn describe(key: &str, old: Option<String>, new: &str) -> String {
    match old {
        Some(old) if old == new => String::new(),
        Some(old) => format!("{key} {old} → {new}"),
        None => format!("{key} set to {new}"),
    }
}
