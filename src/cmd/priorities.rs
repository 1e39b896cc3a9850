//! `plan priorities`: the priority tree with counts of the actions under each.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::RollupArgs;
use crate::context::Context;
use crate::error::Error;
use crate::render;
use crate::view::PriorityRow;
use crate::view::priority::Tree;

pub fn run(ctx: &Context, args: &RollupArgs, out: &mut dyn Write) -> Result<ExitCode, Error> {
    let format = ctx.query_format(args.output.format);
    let loaded = crate::loading::for_query(ctx)?;
    let plan = &loaded.plan;
    let tree = Tree::of(plan, ctx.today);
    let rows: Vec<PriorityRow<'_>> = Tree::order(plan)
        .into_iter()
        .map(|idx| PriorityRow::new(plan, &loaded.sources, &tree, idx))
        .collect();
    render::priorities::write(out, format, ctx.color, &rows, ctx.today)?;
    Ok(ExitCode::SUCCESS)
}
