//! `plan update`: a dated progress update on an action.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::{RagArg, UpdateArgs};
use crate::context::Context;
use crate::edit::{Edit, toml};
use crate::error::Error;

pub fn run(ctx: &Context, args: &UpdateArgs, out: &mut dyn Write) -> Result<ExitCode, Error> {
    let date = day_or_today(ctx, args.on.as_deref(), "--on")?;
    not_after_today(ctx, date, args.allow_future)?;
    let note = non_empty(&args.note, "the note")?;
    let rag = args.rag.map(rag_name);
    let mut edit = crate::loading::for_edit(ctx)?;
    let by = match &args.by {
        Some(name) => Some(super::set::canonical_owners(
            &edit,
            std::slice::from_ref(name),
        )?),
        None => None,
    };
    let by = by
        .as_ref()
        .and_then(|names| names.first())
        .map(String::as_str);
    let update = toml::NewUpdate {
        date,
        note,
        rag,
        percent: args.percent,
        by,
    };
    push(&mut edit, &args.id, &update)?;
    let counts_for = edit
        .find_action(&args.id)
        .ok()
        .and_then(|idx| edit.plan().action(idx).counts_for(date));
    let mut details: Vec<String> = rag.iter().map(|r| r.to_string()).collect();
    details.extend(args.percent.map(|p| format!("{p}%")));
    details.extend(by.map(|b| format!("by {b}")));
    details.extend(counts_for.map(|(_, period)| format!("counts for {period}")));
    let details = if details.is_empty() {
        String::new()
    } else {
        format!(" ({})", details.join(", "))
    };
    let summary = format!("{}: update on {date}{details}", args.id);
    edit.finish(args.edit.mode(), &summary, out)
}

/// Appends `update` to the action's table.
pub fn push(edit: &mut Edit, id: &str, update: &toml::NewUpdate<'_>) -> Result<(), Error> {
    let table = edit.action_table(id)?;
    toml::push_update(table, update)
        .map_err(|reason| Error::Usage(format!("cannot add an update to \"{id}\": {reason}")))
}

/// The day given with `flag`, or `--today`.
pub fn day_or_today(
    ctx: &Context,
    given: Option<&str>,
    flag: &str,
) -> Result<chrono::NaiveDate, Error> {
    match given {
        Some(text) => crate::dates::parse_day(text)
            .map_err(|err| Error::Usage(format!("invalid {flag}: {err}"))),
        None => Ok(ctx.today),
    }
}

/// Refuses a day after `--today` unless `allowed` (`--allow-future`): an update reports what
/// has happened, and a mistyped year would otherwise count silently.
fn not_after_today(ctx: &Context, day: chrono::NaiveDate, allowed: bool) -> Result<(), Error> {
    if day > ctx.today && !allowed {
        return Err(Error::Usage(format!(
            "--on {day} is after today ({}); give --allow-future to record it anyway",
            ctx.today
        )));
    }
    Ok(())
}

/// Text that says something, trimmed of surrounding space.
pub fn non_empty<'a>(text: &'a str, what: &str) -> Result<&'a str, Error> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(Error::Usage(format!("{what} cannot be empty")));
    }
    Ok(trimmed)
}

fn rag_name(rag: RagArg) -> &'static str {
    match rag {
        RagArg::Green => "green",
        RagArg::Amber => "amber",
        RagArg::Red => "red",
    }
}
