//! `plan show ID`: one priority, action or indicator in full, with where each value comes
//! from.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::ShowArgs;
use crate::context::Context;
use crate::error::Error;
use crate::render;
use crate::view::priority::Tree;
use crate::view::{ActionRow, AsAt, IndicatorDetail, PriorityDetail, PriorityRow};

pub fn run(ctx: &Context, args: &ShowArgs, out: &mut dyn Write) -> Result<ExitCode, Error> {
    let format = ctx.query_format(args.output.format);
    let loaded = crate::loading::for_query(ctx)?;
    let (plan, sources) = (&loaded.plan, &loaded.sources);
    if let Some(idx) = plan.find_action(&args.id) {
        let row =
            ActionRow::new(plan, sources, plan.action(idx), AsAt::on(ctx.today)).for_show(plan);
        render::show::action(out, format, ctx.color, &row)?;
    } else if let Some(idx) = plan.find_priority(&args.id) {
        let tree = Tree::of(plan, ctx.today);
        let detail = PriorityDetail::new(plan, PriorityRow::new(plan, sources, &tree, idx));
        render::show::priority(out, format, ctx.color, &detail)?;
    } else if let Some(i) = plan.find_indicator(&args.id) {
        let indicator = &plan.indicators[i];
        let steps = indicator.series(ctx.today, &plan.meta);
        let detail = IndicatorDetail::new(plan, sources, indicator, &steps, ctx.today);
        render::indicators::show(out, format, ctx.color, &detail, &steps)?;
    } else {
        return Err(crate::filter::unknown_item(plan, &args.id));
    }
    Ok(ExitCode::SUCCESS)
}
