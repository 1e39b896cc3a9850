//! `plan add`: a new action at the end of a priority's file.

use std::io::Write;
use std::process::ExitCode;

use toml_edit::{ArrayOfTables, Item, Table};

use crate::cli::AddArgs;
use crate::context::Context;
use crate::edit::toml;
use crate::error::Error;
use crate::model::{Plan, PriorityIdx};

pub fn run(ctx: &Context, args: &AddArgs, out: &mut dyn Write) -> Result<ExitCode, Error> {
    if args.title.trim().is_empty() {
        return Err(Error::Usage("--title cannot be empty".into()));
    }
    let mut edit = crate::loading::for_edit(ctx)?;
    let priority = crate::filter::resolve_priority(edit.plan(), &args.priority)?;
    let id = match &args.id {
        Some(id) => checked_id(edit.plan(), id)?,
        None => next_id(edit.plan(), priority)?,
    };
    let owners = super::set::canonical_owners(&edit, &args.owner)?;
    let mut table = Table::new();
    toml::set(&mut table, "id", id.as_str());
    toml::set(&mut table, "title", args.title.as_str());
    if !owners.is_empty() {
        toml::set_strings(&mut table, "owners", &owners);
    }
    if let Some(due) = &args.due {
        toml::set(&mut table, "due", due.as_str());
    }
    let file = edit.plan().priority(priority).place.file;
    let doc = edit.document(file)?;
    let actions = doc
        .entry("action")
        .or_insert(Item::ArrayOfTables(ArrayOfTables::new()))
        .as_array_of_tables_mut()
        .ok_or_else(|| {
            Error::Usage(format!(
                "cannot add to priority \"{}\": its file writes `action` as something other than [[action]] tables",
                args.priority
            ))
        })?;
    actions.push(table);
    let summary = format!("{id}: added to {} \"{}\"", args.priority, args.title);
    edit.finish(args.edit.mode(), &summary, out)
}

/// A given id, if it is well formed and not in use.
fn checked_id(plan: &Plan, id: &str) -> Result<String, Error> {
    if !crate::text::is_valid_id(id) {
        return Err(Error::Usage(format!(
            "\"{id}\" is not a valid id: use lowercase letters, digits, '-' and '.', starting with a letter or digit"
        )));
    }
    if plan.find_action(id).is_some() || plan.find_priority(id).is_some() {
        return Err(Error::Usage(format!("the id \"{id}\" is already used")));
    }
    Ok(id.to_owned())
}

/// The priority's action prefix (what its numbered actions share, else its own id) and one
/// more than the highest number any action in the plan has with that prefix, so an id is
/// never reused even if the action with the highest number moved or was deleted.
fn next_id(plan: &Plan, priority: PriorityIdx) -> Result<String, Error> {
    let own = &plan.priority(priority).id;
    let prefixes: Vec<&str> = plan
        .actions
        .iter()
        .filter(|a| a.priority == priority)
        .filter_map(|a| numbered(&a.id).map(|(prefix, _)| prefix))
        .collect();
    let prefix = match prefixes.first() {
        Some(first) if prefixes.iter().all(|p| p == first) => *first,
        _ => own.as_str(),
    };
    let highest = plan
        .actions
        .iter()
        .filter_map(|a| numbered(&a.id))
        .filter(|(p, _)| *p == prefix)
        .map(|(_, n)| n)
        .max()
        .unwrap_or(0);
    // Numbers are read as u128, and a next number past that is refused, never wrapped.
    let past = || {
        Error::Usage(format!(
            "cannot number a new action after {prefix}-{highest}: the number is too large\nhelp: give the id with --id"
        ))
    };
    let mut next = highest.checked_add(1).ok_or_else(past)?;
    while plan.find_priority(&format!("{prefix}-{next}")).is_some() {
        next = next.checked_add(1).ok_or_else(past)?;
    }
    Ok(format!("{prefix}-{next}"))
}

/// `pc-12` → `("pc", 12)`.
fn numbered(id: &str) -> Option<(&str, u128)> {
    let (prefix, number) = id.rsplit_once('-')?;
    let valid =
        !prefix.is_empty() && !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit());
    valid.then(|| number.parse().ok().map(|n| (prefix, n)))?
}
