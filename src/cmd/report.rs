//! `plan report`: a committee report of the plan as at `--today`, as Markdown, HTML or CSV,
//! to stdout or to the `-o` file.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::ReportArgs;
use crate::context::Context;
use crate::dates::Horizon;
use crate::error::Error;
use crate::filter::{self, Filter};
use crate::report;

pub fn run(ctx: &Context, args: &ReportArgs, out: &mut dyn Write) -> Result<ExitCode, Error> {
    // Before anything else: `-o plan/plan.toml` must not even get as far as a format error.
    if let (Some(path), Ok(dir)) = (&args.output, crate::loading::plan_dir(ctx)) {
        crate::output::refuse_inside_plan(path, &dir)?;
    }
    let format = report::format_for(args.format, args.output.as_deref())?;
    let window: Horizon = args
        .window
        .parse()
        .map_err(|err| Error::Usage(format!("invalid --window: {err}")))?;
    let loaded = crate::loading::for_query(ctx)?;
    let selection = Filter {
        owners: filter::resolve_owners(&loaded.plan, &args.owner)?,
        priorities: filter::resolve_priorities(&loaded.plan, &args.priority)?,
        // A report accounts for every action, done and dropped included.
        all: true,
        ..Filter::default()
    };
    let title = args.title.as_deref();
    let mut report = report::of(&loaded, &selection, ctx.today, window, args.by_owner, title);
    let dir = crate::loading::plan_dir(ctx).ok();
    let (rev, since) = (ctx.rev.as_deref(), args.since.as_deref());
    report::add_history(&mut report, &loaded, dir.as_deref(), rev, since, ctx.today)?;
    match &args.output {
        Some(path) => crate::output::write(path, &report::render(&report, format, true)?)?,
        None => report::write(out, &report, format, false)?,
    }
    Ok(ExitCode::SUCCESS)
}
