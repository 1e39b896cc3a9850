//! `plan record`: an indicator's actual (or target) for a period, through the edit path.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::RecordArgs;
use crate::context::Context;
use crate::edit::indicator::{Figure, Recorded, record};
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
    if !args.target
        && let Some(frequency) = indicator.frequency
        && period.length != frequency
    {
        return Err(Error::Usage(format!(
            "\"{}\" is {}: an actual is for one {}, not a {}",
            args.id,
            frequency.name(),
            frequency.period_word(),
            period.length.period_word()
        )));
    }
    if !args.target && !args.allow_future && !period.has_ended(ctx.today) {
        return Err(Error::Usage(format!(
            "{period} has not ended yet (it ends on {}; today is {}): an actual is the figure for a period that is over; give --allow-future to record it anyway",
            period.last(),
            ctx.today
        )));
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

/// The figure typed: an integer stays one, anything else is a finite decimal.
fn number(text: &str) -> Result<(String, toml_edit::Value), Error> {
    let text = text.trim();
    if let Ok(n) = text.parse::<i64>() {
        return Ok((text.to_owned(), toml_edit::Value::from(n)));
    }
    match text.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok((text.to_owned(), toml_edit::Value::from(x))),
        _ => Err(Error::Usage(format!(
            "VALUE must be a number such as 96.1, not \"{}\"",
            crate::text::escape(text)
        ))),
    }
}

/// The period typed: a financial year, quarter or month of the plan's financial year.
fn period(text: &str, settings: &crate::dates::Settings) -> Result<Span, Error> {
    let parsed = crate::dates::parse_due(text, settings)
        .map_err(|err| Error::Usage(format!("invalid PERIOD {err}")))?;
    Span::of(&parsed, settings.fy_start).ok_or_else(|| {
        Error::Usage(format!(
            "PERIOD \"{}\" is not a financial year, quarter or month (e.g. 2005/06, \"2005/06 Q1\", \"April 2005\")",
            crate::text::escape(text)
        ))
    })
}
