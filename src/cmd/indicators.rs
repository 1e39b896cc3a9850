//! `plan indicators`: every indicator, as at --today, with its latest figure judged.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::IndicatorsArgs;
use crate::context::Context;
use crate::error::Error;
use crate::indicator::select::Selection;
use crate::render;
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
    render::indicators::write(out, format, ctx.color, &rows, ctx.today)?;
    Ok(ExitCode::SUCCESS)
}
