//! `plan update`: a dated progress update on an action.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::UpdateArgs;
use crate::context::Context;
use crate::edit::toml;
use crate::error::Error;

pub fn run(ctx: &Context, args: &UpdateArgs, out: &mut dyn Write) -> Result<ExitCode, Error> {
    let date = ctx.day_or_today(args.on.as_deref(), "--on")?;
    not_after_today(ctx, date, args.allow_future)?;
    let note = crate::cli::non_empty(&args.note, "the note")?;
    let rag = args.rag;
    let mut edit = crate::loading::for_edit(ctx)?;
    let by = match &args.by {
        Some(name) => Some(crate::filter::canonical_owners(
            edit.plan(),
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
    edit.push_update(&args.id, &update)?;
    let counts_for = edit
        .find_action(&args.id)
        .ok()
        .and_then(|idx| edit.plan().action(idx).counts_for(date));
    let counts_for = counts_for.map(|(_, period)| period);
    let summary = crate::render::edit::updated(&args.id, &update, counts_for.as_deref());
    crate::loading::said(edit.finish(args.edit.mode(), &summary)?, &summary, out)
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
