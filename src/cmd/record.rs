//! `plan record`: an indicator's actual (or target) for a period, through the edit path.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::RecordArgs;
use crate::context::Context;
use crate::edit::indicator::{Figure, Recorded, actual_period, number, period, record};
use crate::error::Error;
use crate::model::indicator::Span;

pub fn run(ctx: &Context, args: &RecordArgs, out: &mut dyn Write) -> Result<ExitCode, Error> {
    let value = number(&args.value)?;
    let mut edit = crate::loading::for_edit(ctx)?;
    let plan = edit.plan();
    let settings = plan.meta.dates;
    let read = move |text: &str| {
        crate::dates::parse_due(text, &settings)
            .ok()
            .and_then(|p| Span::of(&p, settings.fy_start))
    };
    let Some(i) = plan.find_indicator(&args.id) else {
        return Err(crate::filter::unknown_indicator(plan, &args.id));
    };
    let indicator = &plan.indicators[i];
    let period = period(&args.period, &settings)?;
    if !args.target {
        actual_period(indicator, &period, ctx.today, args.allow_future)?;
    }
    let by = match &args.by {
        Some(name) => Some(
            plan.roster
                .name(crate::filter::resolve_owner(plan, name)?)
                .to_owned(),
        ),
        None => None,
    };
    let file = indicator.place.file;
    let figure = Figure {
        key: if args.target { "target" } else { "actual" },
        period,
        value: value.1,
        note: args
            .note
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty()),
        by: by.as_deref(),
    };
    let done =
        record(edit.document(file)?, &args.id, &figure, args.replace, &read).map_err(|reason| {
            Error::Usage(format!(
                "cannot record {} for \"{}\": {reason}",
                figure.key, args.id
            ))
        })?;
    let summary = match done {
        Recorded::Added => format!("{}: {} for {period} {}", args.id, figure.key, value.0),
        Recorded::Replaced(old) => format!(
            "{}: {} for {period} restated {old} -> {}",
            args.id, figure.key, value.0
        ),
    };
    crate::loading::said(edit.finish(args.edit.mode(), &summary)?, &summary, out)
}
