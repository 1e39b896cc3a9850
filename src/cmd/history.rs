//! `plan history ID`: the action's history ([`crate::history`]) as a table or JSON.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::HistoryArgs;
use crate::context::Context;
use crate::error::Error;
use crate::git::Repo;
use crate::history;
use crate::render;

pub fn run(ctx: &Context, args: &HistoryArgs, out: &mut dyn Write) -> Result<ExitCode, Error> {
    let format = ctx.query_format(args.output.format);
    let dir = crate::loading::plan_dir(ctx)?;
    let repo = Repo::open(&dir)?;
    let head = repo.resolve(ctx.rev.as_deref().unwrap_or("HEAD"))?;
    let view = history::of(&repo, &dir, &head, &args.id, ctx.rev.is_none())?;
    render::history::write(out, format, ctx.color, &view)?;
    Ok(ExitCode::SUCCESS)
}
