//! `plan set`: change the due date, owners, title or status of an action or a priority.

use std::io::Write;
use std::process::ExitCode;

use toml_edit::Table;

use crate::cli::SetArgs;
use crate::context::Context;
use crate::edit::{Target, toml};
use crate::error::Error;

pub fn run(ctx: &Context, args: &SetArgs, out: &mut dyn Write) -> Result<ExitCode, Error> {
    if args.due.is_none() && args.owner.is_empty() && args.title.is_none() && args.status.is_none()
    {
        return Err(Error::Usage(
            "nothing to set: give --due, --owner, --title or --status".into(),
        ));
    }
    let reason = match (&args.reason, &args.due) {
        (Some(reason), Some(_)) if reason.trim().is_empty() => {
            return Err(Error::Usage("--reason cannot be empty".into()));
        }
        (Some(reason), Some(_)) => Some(reason.trim()),
        (Some(_), None) => {
            return Err(Error::Usage(
                "--reason says why a due date moved; give it with --due".into(),
            ));
        }
        (None, _) => None,
    };
    let status = args
        .status
        .as_deref()
        .map(crate::filter::parse_status)
        .transpose()?;
    let mut edit = crate::loading::for_edit(ctx)?;
    let owners = crate::filter::canonical_owners(edit.plan(), &args.owner)?;
    let table = match edit.find(&args.id)? {
        Target::Action(_) => edit.action_table(&args.id)?,
        Target::Priority(idx) => {
            if reason.is_some() {
                return Err(Error::Usage(format!(
                    "\"{}\" is a priority, and priorities have no updates to record --reason in; move the due date of its actions with --reason, or leave --reason out",
                    args.id
                )));
            }
            if status.is_some() {
                return Err(Error::Usage(format!(
                    "\"{}\" is a priority, and priorities have no status; --status changes actions",
                    args.id
                )));
            }
            edit.priority_table(idx)?
        }
    };
    let mut changes = Vec::new();
    if let Some(title) = &args.title {
        if title.trim().is_empty() {
            return Err(Error::Usage("--title cannot be empty".into()));
        }
        change(table, "title", title, &mut changes);
    }
    if let Some(due) = &args.due {
        let from = toml::written(table, "due");
        if change(table, "due", due, &mut changes)
            && let Some(reason) = reason
        {
            let note = crate::model::due_moved_note(from.as_deref(), due, reason);
            let update = toml::NewUpdate {
                date: ctx.today,
                note: &note,
                rag: None,
                percent: None,
                by: None,
            };
            toml::push_update(table, &update).map_err(|why| {
                Error::Usage(format!(
                    "cannot record the reason on \"{}\": {why}",
                    args.id
                ))
            })?;
            changes.push(format!("reason recorded as an update on {}", ctx.today));
        }
    }
    if !owners.is_empty() {
        let old = toml::written(table, "owners");
        toml::set_strings(table, "owners", &owners);
        changes.push(describe("owners", old, &owners.join(", ")));
    }
    if let Some(status) = status {
        change(table, "status", status.name(), &mut changes);
    }
    changes.retain(|c| !c.is_empty());
    let summary = if changes.is_empty() {
        format!("{} already has those values", args.id)
    } else {
        format!("{}: {}", args.id, changes.join("; "))
    };
    crate::loading::said(edit.finish(args.edit.mode(), &summary)?, &summary, out)
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
