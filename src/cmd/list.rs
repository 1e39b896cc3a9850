//! `plan list`: open actions, filtered and sorted.

use std::io::Write;
use std::process::ExitCode;

use rayon::prelude::*;

use crate::cli::ListArgs;
use crate::context::Context;
use crate::error::Error;
use crate::format::QueryFormat;
use crate::model::ActionIdx;
use crate::render;
use crate::view::{ActionRow, AsAt, words};

pub fn run(ctx: &Context, args: &ListArgs, out: &mut dyn Write) -> Result<ExitCode, Error> {
    let format = ctx.query_format(args.output.format);
    let loaded = crate::loading::for_query(ctx)?;
    let plan = &loaded.plan;
    let filter = args.filter.to_filter(plan, ctx.today)?;
    let mut selected = filter.apply(plan, ctx.today);
    crate::filter::sort_actions(plan, &mut selected, args.sort);
    let view =
        |&i: &ActionIdx| ActionRow::new(plan, &loaded.sources, plan.action(i), AsAt::on(ctx.today));
    if format == QueryFormat::Json {
        // Straight to the output in chunks: the views never all exist at once.
        render::write_json_mapped(out, &selected, view).map_err(Error::Output)?;
    } else {
        // Views on the thread pool; `collect` keeps the sorted order.
        let views: Vec<ActionRow<'_>> = selected.par_iter().map(view).collect();
        let summary = words::list_summary(&views, ctx.today);
        render::actions::write(out, format, ctx.color, &views, &summary)?;
    }
    let undecided = filter.undecidable(plan, ctx.today);
    let ids: Vec<&str> = undecided.iter().map(|&i| &*plan.action(i).id).collect();
    if let Some(caveat) = words::not_included(&ids) {
        render::write_caveat(out, format, &caveat)?;
    }
    Ok(ExitCode::SUCCESS)
}
