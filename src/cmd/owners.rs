//! `plan owners`: every role with how much it answers for.

use std::io::Write;
use std::process::ExitCode;

use serde::Serialize;

use crate::cli::RollupArgs;
use crate::context::Context;
use crate::error::Error;
use crate::filter::Counts;
use crate::render::{self, Grid, Tone, cell};

#[derive(Debug, Serialize)]
struct RoleView<'a> {
    name: &'a str,
    aliases: &'a [String],
    member_of: Vec<&'a str>,
    #[serde(flatten)]
    counts: Counts,
}

pub fn run(ctx: &Context, args: &RollupArgs, out: &mut dyn Write) -> Result<ExitCode, Error> {
    let format = ctx.query_format(args.output.format);
    let loaded = crate::loading::for_query(ctx)?;
    let plan = &loaded.plan;
    let counts = Counts::of_every_role(plan, ctx.today).per_role;
    let views: Vec<RoleView<'_>> = plan
        .roster
        .ids()
        .map(|id| {
            let role = plan.roster.role(id);
            RoleView {
                name: &role.name,
                aliases: &role.aliases,
                member_of: role
                    .member_of
                    .iter()
                    .map(|&g| plan.roster.name(g))
                    .collect(),
                counts: counts[id.0 as usize],
            }
        })
        .collect();
    let grid = Grid {
        headers: vec![
            "Role",
            "Member of",
            "Open",
            "Overdue",
            "Due ≤30d",
            "No date",
        ],
        wide: None,
        droppable: Vec::new(),
        rows: views
            .iter()
            .map(|v| {
                let alert = if v.counts.overdue > 0 {
                    Tone::Alert
                } else {
                    Tone::Plain
                };
                vec![
                    v.name.into(),
                    v.member_of.join("; ").into(),
                    v.counts.open.to_string().into(),
                    cell(v.counts.overdue.to_string(), alert),
                    v.counts.due_soon.to_string().into(),
                    v.counts.no_date.to_string().into(),
                ]
            })
            .collect(),
    };
    let summary = format!(
        "{} (counts include actions owned through a group), as at {}",
        crate::text::plural(views.len(), "role", "roles"),
        ctx.today
    );
    render::write_result(out, format, ctx.color, &views, &grid, Some(&summary))?;
    Ok(ExitCode::SUCCESS)
}
