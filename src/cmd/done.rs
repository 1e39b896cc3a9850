//! `plan done`: an action finished, on a day, with an optional closing note.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::DoneArgs;
use crate::context::Context;
use crate::edit::toml;
use crate::error::Error;

pub fn run(ctx: &Context, args: &DoneArgs, out: &mut dyn Write) -> Result<ExitCode, Error> {
    let day = ctx.day_or_today(args.on.as_deref(), "--on")?;
    let note = args
        .note
        .as_deref()
        .map(|n| crate::cli::non_empty(n, "--note"))
        .transpose()?;
    let mut edit = crate::loading::for_edit(ctx)?;
    let table = edit.action_table(&args.id)?;
    if toml::status(table) == Some(crate::model::Status::Done) && !args.replace_date {
        let on =
            toml::written(table, "done_on").map_or_else(String::new, |day| format!(" on {day}"));
        return Err(Error::Usage(format!(
            "{} is already done{on}; nothing was written\nhelp: pass --replace-date to record {day} as its done date instead",
            args.id
        )));
    }
    toml::set(table, "status", "done");
    toml::set(table, "done_on", toml::date(day));
    if let Some(note) = note {
        let update = toml::NewUpdate {
            date: day,
            note,
            rag: None,
            percent: None,
            by: None,
        };
        edit.push_update(&args.id, &update)?;
    }
    let summary = format!("{}: done on {day}", args.id);
    crate::loading::said(edit.finish(args.edit.mode(), &summary)?, &summary, out)
}
