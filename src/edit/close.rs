//! An action closed: done on a day (with an optional closing note), or dropped with the
//! reason recorded as an update. Closing one already closed that way (its status read as
//! the loader reads it, any case) is refused: it would record a second date or reason as if
//! it had not been closed before.

use chrono::NaiveDate;

use super::{Edit, toml};
use crate::error::Error;
use crate::model::Status;

/// Marks `id` done on `day`; `replace_date` allows a done action's date to change.
pub fn done(
    edit: &mut Edit,
    id: &str,
    day: NaiveDate,
    note: Option<&str>,
    replace_date: bool,
) -> Result<(), Error> {
    let table = edit.action_table(id)?;
    if toml::status(table) == Some(Status::Done) && !replace_date {
        let on =
            toml::written(table, "done_on").map_or_else(String::new, |day| format!(" on {day}"));
        return Err(Error::Usage(format!(
            "{id} is already done{on}; nothing was written\nhelp: pass --replace-date to record {day} as its done date instead"
        )));
    }
    toml::set(table, "status", "done");
    toml::set(table, "done_on", toml::date(day));
    if let Some(note) = note {
        edit.push_update(id, &toml::NewUpdate::note(day, note))?;
    }
    Ok(())
}

/// Marks `id` dropped on `today`, `reason` its update; the done date it had, if any (a
/// dropped action was not done, so it goes).
pub fn drop(
    edit: &mut Edit,
    id: &str,
    reason: &str,
    today: NaiveDate,
) -> Result<Option<String>, Error> {
    let table = edit.action_table(id)?;
    if toml::status(table) == Some(Status::Dropped) {
        return Err(Error::Usage(format!(
            "{id} is already dropped; nothing was written\nhelp: add a note to it with `plan update {id} \"...\"`"
        )));
    }
    toml::set(table, "status", "dropped");
    let was_done = table.remove("done_on").and_then(|item| {
        item.as_value()
            .map(|v| v.clone().decorated("", "").to_string())
    });
    edit.push_update(id, &toml::NewUpdate::note(today, reason))?;
    Ok(was_done)
}
