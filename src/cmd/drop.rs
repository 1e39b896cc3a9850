//! `plan drop`: an action no longer pursued, with the reason recorded as an update.

use std::io::Write;
use std::process::ExitCode;

use super::update::{non_empty, push};
use crate::cli::DropArgs;
use crate::context::Context;
use crate::edit::toml;
use crate::error::Error;

pub fn run(ctx: &Context, args: &DropArgs, out: &mut dyn Write) -> Result<ExitCode, Error> {
    let reason = non_empty(&args.reason, "--reason")?;
    let mut edit = crate::loading::for_edit(ctx)?;
    let table = edit.action_table(&args.id)?;
    toml::set(table, "status", "dropped");
    let update = toml::NewUpdate {
        date: ctx.today,
        note: reason,
        rag: None,
        percent: None,
        by: None,
    };
    push(&mut edit, &args.id, &update)?;
    let summary = format!("{}: dropped on {}", args.id, ctx.today);
    edit.finish(args.edit.mode(), &summary, out)
}
