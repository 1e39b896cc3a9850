//! `plan owner NAME`: what one role answers for, directly or through its groups.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::OwnerArgs;
use crate::context::Context;
use crate::error::Error;
use crate::filter::{self, Counts, Filter, SOON_DAYS};
use crate::render;
use crate::view::{ActionRow, AsAt};

pub fn run(ctx: &Context, args: &OwnerArgs, out: &mut dyn Write) -> Result<ExitCode, Error> {
    let format = ctx.query_format(args.output.format);
    let loaded = crate::loading::for_query(ctx)?;
    let plan = &loaded.plan;
    let role = filter::resolve_owner(plan, &args.name)?;
    let selection = Filter {
        owners: vec![role],
        all: args.all,
        ..Filter::default()
    };
    let mut selected = selection.apply(plan, ctx.today);
    crate::filter::sort_actions(plan, &mut selected, crate::filter::SortKey::Due);
    let views: Vec<ActionRow<'_>> = selected
        .iter()
        .map(|&i| {
            let action = plan.action(i);
            let responsibility = plan
                .responsibility(action, role)
                .expect("the filter selected only this role's actions");
            ActionRow::new(plan, &loaded.sources, action, AsAt::on(ctx.today))
                .with_responsibility(plan, responsibility)
        })
        .collect();
    let counts = Counts::of(plan, role, ctx.today);
    let unreadable = if counts.unreadable > 0 {
        format!(", {} with an unreadable date", counts.unreadable)
    } else {
        String::new()
    };
    let summary = format!(
        "{}: {} open, {} overdue, {} due within {SOON_DAYS} days{unreadable} (as at {})",
        plan.roster.name(role),
        counts.open,
        counts.overdue,
        counts.due_soon,
        ctx.today
    );
    render::actions::write(out, format, ctx.color, &views, &summary)?;
    Ok(ExitCode::SUCCESS)
}
