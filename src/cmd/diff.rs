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
    let from = match (&args.since, &args.from) {
        (Some(since), _) => {
            let day = dates::parse_day(since)
                .map_err(|err| Error::Usage(format!("invalid --since: {err}")))?;
            Side::before(&repo, day)?
        }
        (None, Some(rev)) => Side::at(&repo, rev)?,
        (None, None) => Side::latest_tag(&repo)?,
    };
    let to = match args.to.as_ref().or(ctx.rev.as_ref()) {
        Some(rev) => Side::at(&repo, rev)?,
        None => Side::work_tree(),
    };
    let view = sides::between(&repo, &dir, from, to, ctx.today)?;
    for warning in &view.warnings {
        crate::shell::eprint_line(warning);
    }
    render::diff::write(out, format, ctx.color, &view)?;
    Ok(ExitCode::SUCCESS)
}
