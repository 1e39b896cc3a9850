//! `plan owner NAME`: what one role answers for, directly or through its groups.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::OwnerArgs;
use crate::context::Context;
use crate::error::Error;
use crate::filter::{self, Counts, Filter};
use crate::render;
use crate::view::{ActionRow, AsAt, words};

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
            ActionRow::new(plan, &loaded.sources, plan.action(i), AsAt::on(ctx.today))
                .with_responsibility(plan, role)
        })
        .collect();
    let counts = Counts::of(plan, role, ctx.today);
    let summary = words::owner_summary(plan.roster.name(role), &counts, ctx.today);
    render::actions::write(out, format, ctx.color, &views, &summary)?;
    Ok(ExitCode::SUCCESS)
}
