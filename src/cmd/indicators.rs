//! `plan indicators`: every indicator, as at --today, with its latest figure judged.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::IndicatorsArgs;
use crate::context::Context;
use crate::error::Error;
use crate::indicator::select::Selection;
use crate::model::Rag;
use crate::render::{self, indicators};
use crate::view::IndicatorRow;

pub fn run(ctx: &Context, args: &IndicatorsArgs, out: &mut dyn Write) -> Result<ExitCode, Error> {
    let format = ctx.query_format(args.output.format);
    let loaded = crate::loading::for_query(ctx)?;
    let plan = &loaded.plan;
    let selection = Selection {
        owners: crate::filter::resolve_owners(plan, &args.owner)?,
        priorities: crate::filter::resolve_priorities(plan, &args.priority)?,
        rags: args.rag.clone(),
        late: args.late,
    };
    let rows: Vec<IndicatorRow<'_>> = selection
        .apply(plan, ctx.today)
        .into_iter()
        .map(|i| IndicatorRow::new(plan, &loaded.sources, i, ctx.today))
        .collect();
    let count = |rag: Rag| rows.iter().filter(|r| r.rag == Some(rag)).count();
    let summary = format!(
        "{}: {} green, {} amber, {} red, {} with late data, as at {}",
        crate::text::plural(rows.len(), "indicator", "indicators"),
        count(Rag::Green),
        count(Rag::Amber),
        count(Rag::Red),
        rows.iter().filter(|r| r.late).count(),
        ctx.today
    );
    render::write_result(
        out,
        format,
        ctx.color,
        &rows,
        &indicators::grid(&rows),
        Some(&summary),
    )?;
    Ok(ExitCode::SUCCESS)
}
