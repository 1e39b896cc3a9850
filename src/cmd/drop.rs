//! `plan drop`: an action no longer pursued, with the reason recorded as an update.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::DropArgs;
use crate::context::Context;
use crate::edit::toml;
use crate::error::Error;

pub fn run(ctx: &Context, args: &DropArgs, out: &mut dyn Write) -> Result<ExitCode, Error> {
    let reason = crate::cli::non_empty(&args.reason, "--reason")?;
    let mut edit = crate::loading::for_edit(ctx)?;
    let table = edit.action_table(&args.id)?;
    // As `plan done` on a done action: a second drop would record a second reason under
    // today and say "dropped on" today, as if it had not been dropped before.
    if toml::status(table) == Some(crate::model::Status::Dropped) {
        return Err(Error::Usage(format!(
            "{} is already dropped; nothing was written\nhelp: add a note to it with `plan update {} \"...\"`",
            args.id, args.id
        )));
    }
    toml::set(table, "status", "dropped");
    // A dropped action was not done: its done date goes (and is said).
    let was_done = table
        .remove("done_on")
        .and_then(|item| {
            item.as_value()
                .map(|v| v.clone().decorated("", "").to_string())
        })
        .map_or_else(String::new, |day| format!(" (its done_on {day} removed)"));
    let update = toml::NewUpdate {
        date: ctx.today,
        note: reason,
        rag: None,
        percent: None,
        by: None,
    };
    edit.push_update(&args.id, &update)?;
    let summary = format!("{}: dropped on {}{was_done}", args.id, ctx.today);
    crate::loading::said(edit.finish(args.edit.mode(), &summary)?, &summary, out)
}
