//! `plan calendar`: an iCalendar feed of the open dated actions, to stdout or `-o FILE`.

use std::io::Write;
use std::process::ExitCode;

use crate::calendar;
use crate::cli::CalendarArgs;
use crate::context::Context;
use crate::error::Error;
use crate::filter::{self, Filter};

pub fn run(ctx: &Context, args: &CalendarArgs, out: &mut dyn Write) -> Result<ExitCode, Error> {
    if let (Some(path), Ok(dir)) = (&args.output, crate::loading::plan_dir(ctx)) {
        crate::output::refuse_inside_plan(path, &dir)?;
    }
    let loaded = crate::loading::for_query(ctx)?;
    let plan = &loaded.plan;
    let selection = Filter {
        owners: filter::resolve_owners(plan, &args.owner)?,
        // Done and dropped are counted as left out, not silently missing.
        all: true,
        ..Filter::default()
    };
    let selected = selection.apply(plan, ctx.today);
    let name = calendar::name(plan, &selection.owners);
    let feed = calendar::build(plan, &loaded.sources, &selected, ctx.today, &name);
    match &args.output {
        Some(path) => crate::output::write(path, feed.ics.as_bytes())?,
        None => out.write_all(feed.ics.as_bytes()).map_err(Error::Output)?,
    }
    crate::shell::eprint_line(&feed.summary());
    Ok(ExitCode::SUCCESS)
}
