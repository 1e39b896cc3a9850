//! `plan diff [FROM] [TO]`: what changed in the plan between two git revisions, or between a
//! revision and the working tree — the "what slipped since the last committee" report.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::DiffArgs;
use crate::context::Context;
use crate::dates;
use crate::diff::sides::{self, Side};
use crate::error::Error;
use crate::git::Repo;
use crate::render;

pub fn run(ctx: &Context, args: &DiffArgs, out: &mut dyn Write) -> Result<ExitCode, Error> {
    let format = ctx.query_format(args.output.format);
    let dir = crate::loading::plan_dir(ctx)?;
    let repo = Repo::open(&dir)?;
    let since = args.since.as_deref().map(dates::parse_day).transpose();
    let since = since.map_err(|err| Error::Usage(format!("invalid --since: {err}")))?;
    let from = Side::earlier(&repo, since, args.from.as_deref())?;
    let to = Side::later(&repo, args.to.as_deref().or(ctx.rev.as_deref()))?;
    let view = sides::between(&repo, &dir, from, to, ctx.today)?;
    for warning in &view.warnings {
        crate::shell::eprint_line(warning);
    }
    render::diff::write(out, format, ctx.color, &view)?;
    Ok(ExitCode::SUCCESS)
}
