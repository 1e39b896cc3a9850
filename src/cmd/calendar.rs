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
    let mut name = plan.meta.title.clone();
    if !selection.owners.is_empty() {
        let owners: Vec<&str> = selection
            .owners
            .iter()
            .map(|&r| plan.roster.name(r))
            .collect();
        name = format!("{name} — {}", owners.join(", "));
    }
    let feed = calendar::build(plan, &loaded.sources, &selected, ctx.today, &name);
    match &args.output {
        Some(path) => crate::output::write(path, feed.ics.as_bytes())?,
        None => out.write_all(feed.ics.as_bytes()).map_err(Error::Output)?,
    }
    crate::shell::eprint_line(&summary(&feed));
    Ok(ExitCode::SUCCESS)
}

/// What is in the feed and what is not, so nobody takes the calendar for the whole plan.
fn summary(feed: &calendar::Feed) -> String {
    use crate::text::plural;
    let left = feed.left_out;
    let mut parts = Vec::new();
    if left.continuous > 0 {
        parts.push(format!(
            "{} (continuous)",
            plural(left.continuous, "action", "actions")
        ));
    }
    if left.undated > 0 {
        parts.push(format!(
            "{} with no readable due date",
            plural(left.undated, "action", "actions")
        ));
    }
    if left.closed > 0 {
        parts.push(format!(
            "{} done or dropped",
            plural(left.closed, "action", "actions")
        ));
    }
    let events = plural(feed.events, "event", "events");
    if parts.is_empty() {
        format!("calendar: {events}")
    } else {
        format!("calendar: {events}; left out: {}", parts.join(", "))
    }
}
