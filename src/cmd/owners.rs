//! `plan owners`: every role with how much it answers for.

use std::io::Write;
use std::process::ExitCode;

use serde::Serialize;

use crate::cli::OwnersArgs;
use crate::context::Context;
use crate::error::Error;
use crate::filter::{Counts, OwnerCounting};
use crate::render::{self, Grid, Tone, cell};

#[derive(Debug, Serialize)]
struct RoleView<'a> {
    name: &'a str,
    aliases: &'a [String],
    member_of: Vec<&'a str>,
    /// A name written as an owner that is not on the roster: its actions are counted under
    /// it (directly: it has no groups), never dropped. Only present when true.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    not_on_roster: bool,
    /// How the counts were made: "groups" (through the groups the role belongs to) or
    /// "direct" (`--direct`), so a row read on its own says it.
    counted: &'static str,
    #[serde(flatten)]
    counts: Counts,
}

pub fn run(ctx: &Context, args: &OwnersArgs, out: &mut dyn Write) -> Result<ExitCode, Error> {
    let format = ctx.query_format(args.output.format);
    let loaded = crate::loading::for_query(ctx)?;
    let plan = &loaded.plan;
    let counting = if args.direct {
        OwnerCounting::Direct
    } else {
        OwnerCounting::Groups
    };
    let counts = Counts::of_every_role_counted(plan, ctx.today, counting);
    let mut views: Vec<RoleView<'_>> = plan
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
                not_on_roster: false,
                counted: counting.name(),
                counts: counts[id.0 as usize],
            }
        })
        .collect();
    let unknown = Counts::of_unknown_owners(plan, ctx.today);
    let unknown_count = unknown.len();
    views.extend(unknown.into_iter().map(|(name, counts)| RoleView {
        name,
        aliases: &[],
        member_of: Vec::new(),
        not_on_roster: true,
        counted: counting.name(),
        counts,
    }));
    // CSV has no summary line: each row says how it was counted, in a last column.
    let csv = format == crate::format::QueryFormat::Csv;
    let mut headers = vec![
        "Role",
        "Member of",
        "Open",
        "Overdue",
        "Due ≤30d",
        "No date",
    ];
    if csv {
        headers.push("Counted");
    }
    let grid = Grid {
        headers,
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
                let name = if v.not_on_roster {
                    crate::view::words::not_on_the_roster(v.name)
                } else {
                    v.name.to_owned()
                };
                let mut row = vec![
                    name.into(),
                    v.member_of.join("; ").into(),
                    v.counts.open.to_string().into(),
                    cell(v.counts.overdue.to_string(), alert),
                    v.counts.due_soon.to_string().into(),
                    v.counts.no_date.to_string().into(),
                ];
                if csv {
                    row.push(v.counted.into());
                }
                row
            })
            .collect(),
    };
    let counted = match counting {
        OwnerCounting::Groups => {
            "counts include actions owned through a group; --direct counts only those naming the role"
        }
        OwnerCounting::Direct => {
            "counts only actions naming the role, not those owned through a group"
        }
    };
    let unknown_text = match unknown_count {
        0 => String::new(),
        n => format!(
            " and {} not on the roster",
            crate::text::plural(n, "owner name", "owner names")
        ),
    };
    let summary = format!(
        "{}{unknown_text} ({counted}), as at {}",
        crate::text::plural(plan.roster.len(), "role", "roles"),
        ctx.today
    );
    render::write_result(out, format, ctx.color, &views, &grid, Some(&summary))?;
    Ok(ExitCode::SUCCESS)
}
