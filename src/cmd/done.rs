//! `plan done`: an action finished, on a day, with an optional closing note.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::DoneArgs;
use crate::context::Context;
use crate::error::Error;

pub fn run(ctx: &Context, args: &DoneArgs, out: &mut dyn Write) -> Result<ExitCode, Error> {
    let day = ctx.day_or_today(args.on.as_deref(), "--on")?;
    let note = args
        .note
        .as_deref()
        .map(|n| crate::cli::non_empty(n, "--note"))
        .transpose()?;
    let mut edit = crate::loading::for_edit(ctx)?;
    crate::edit::close::done(&mut edit, &args.id, day, note, args.replace_date)?;
    let summary = format!("{}: done on {day}", args.id);
    crate::loading::said(edit.finish(args.edit.mode(), &summary)?, &summary, out)
}
