//! `plan waive`: acknowledge a known completeness gap on its item, with a reason and an
//! optional last day, through the one safe edit path.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::WaiveArgs;
use crate::context::Context;
use crate::edit::waive::{Waiver, waivable, waive};
use crate::error::Error;

pub fn run(ctx: &Context, args: &WaiveArgs, out: &mut dyn Write) -> Result<ExitCode, Error> {
    let rule = waivable(&args.rule)?;
    let reason = crate::cli::non_empty(&args.reason, "the reason")?;
    let until = match &args.until {
        None => None,
        Some(text) => Some(ctx.day_or_today(Some(text), "--until")?),
    };
    if let Some(until) = until.filter(|&until| until < ctx.today) {
        return Err(Error::Usage(format!(
            "--until {until} is before today ({}): the waiver would have expired already",
            ctx.today
        )));
    }
    let mut edit = crate::loading::for_edit(ctx)?;
    let waiver = Waiver {
        rule,
        reason,
        until,
    };
    let waived = waive(&mut edit, &waiver, args.id.as_deref(), ctx.today)?;
    let summary = crate::render::edit::waived(&waiver, &waived);
    crate::loading::said(edit.finish(args.edit.mode(), &summary)?, &summary, out)
}
