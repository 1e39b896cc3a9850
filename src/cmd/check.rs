//! `plan check`: every problem in the plan at once, for people and for CI.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::CheckArgs;
use crate::context::Context;
use crate::error::Error;
use crate::render::check::Asked;

pub fn run(ctx: &Context, args: &CheckArgs, out: &mut dyn Write) -> Result<ExitCode, Error> {
    let loaded = crate::loading::any(ctx)?;
    // `[check]` from `plan.toml` first, then the command line, which therefore wins.
    let severities = (loaded.severities.clone())
        .with_args(&args.deny, &args.allow)
        .map_err(Error::Usage)?;
    let verdict = crate::check::verdict(&loaded, &severities, ctx.today);
    let plan_dir = crate::loading::plan_dir(ctx).ok();
    let asked = Asked {
        format: args.format.unwrap_or_default(),
        verbose: args.verbose,
        color: ctx.color,
        today: ctx.today,
        plan_dir: plan_dir.as_deref(),
    };
    crate::render::check::write(out, &loaded, &verdict, &asked).map_err(Error::Output)?;
    Ok(if verdict.errors() == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
