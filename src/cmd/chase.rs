//! `plan chase`: per owner, the open actions with no progress update since a day.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::ChaseArgs;
use crate::context::Context;
use crate::error::Error;
use crate::render::chase;

pub fn run(ctx: &Context, args: &ChaseArgs, out: &mut dyn Write) -> Result<ExitCode, Error> {
    let loaded = crate::loading::for_query(ctx)?;
    let plan = &loaded.plan;
    let since = match &args.since {
        Some(text) => crate::chase::since_day(plan, text, ctx.today)
            .map_err(|err| Error::Usage(format!("invalid --since: {err}")))?,
        None => plan.reporting_period_start(ctx.today),
    };
    let owed = crate::chase::owed(plan, since, ctx.today);
    let views = chase::views(plan, &loaded.sources, &owed, ctx.today);
    chase::write(out, args.format, &views, since, ctx.today).map_err(Error::Output)?;
    Ok(ExitCode::SUCCESS)
}
