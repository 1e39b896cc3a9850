//! `plan owner NAME`: what one role answers for, directly or through its groups.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::OwnerArgs;
use crate::context::Context;
use crate::error::Error;
use crate::filter::{self, Filter};
use crate::model::Plan;
use crate::render::{self, actions::ActionView};
use crate::roster::RoleId;

/// The look-ahead of the summary's "due within" count.
pub const SOON_DAYS: u32 = 30;

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
    super::sort_actions(plan, &mut selected, crate::cli::SortKey::Due);
    let views: Vec<ActionView<'_>> = selected
        .iter()
        .map(|&i| {
            let action = plan.action(i);
            let responsibility = plan
                .responsibility(action, role)
                .expect("the filter selected only this role's actions");
            ActionView::new(plan, &loaded.sources, action, ctx.today)
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

/// A role's open, overdue and due-soon counts, as the summary line and `plan owners` show them.
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct Counts {
    pub open: usize,
    pub overdue: usize,
    pub due_soon: usize,
    pub no_date: usize,
    /// Open actions whose due date could not be read: not in any of the counts above.
    pub unreadable: usize,
}

impl Counts {
    pub fn of(plan: &Plan, role: RoleId, today: chrono::NaiveDate) -> Counts {
        let count = |filter: Filter| filter.apply(plan, today).len();
        let mine = Filter {
            owners: vec![role],
            ..Filter::default()
        };
        let soon_end = crate::dates::Horizon::Days(SOON_DAYS).last_day_from(today);
        Counts {
            open: count(mine.clone()),
            overdue: count(Filter {
                overdue: true,
                ..mine.clone()
            }),
            due_soon: count(Filter {
                window: Some((today, soon_end)),
                ..mine.clone()
            }),
            no_date: count(Filter {
                no_date: true,
                ..mine.clone()
            }),
            unreadable: Filter {
                overdue: true,
                ..mine
            }
            .undecidable(plan, today)
            .len(),
        }
    }
}
