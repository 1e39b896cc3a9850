//! `plan drop`: an action no longer pursued, with the reason recorded as an update.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::DropArgs;
use crate::context::Context;
use crate::error::Error;

pub fn run(ctx: &Context, args: &DropArgs, out: &mut dyn Write) -> Result<ExitCode, Error> {
    let reason = crate::cli::non_empty(&args.reason, "--reason")?;
    let mut edit = crate::loading::for_edit(ctx)?;
    let was_done = crate::edit::close::drop(&mut edit, &args.id, reason, ctx.today)?;
    let was_done = was_done.map_or_else(String::new, |day| format!(" (its done_on {day} removed)"));
    let summary = format!("{}: dropped on {}{was_done}", args.id, ctx.today);
    crate::loading::said(edit.finish(args.edit.mode(), &summary)?, &summary, out)
}
