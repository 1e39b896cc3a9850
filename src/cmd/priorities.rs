//! `plan priorities`: the priority tree with counts of the actions under each.

use std::io::Write;
use std::process::ExitCode;

use serde::Serialize;

use crate::cli::RollupArgs;
use crate::context::Context;
use crate::error::Error;
use crate::render::{self, Grid, Tone, cell};
use crate::view::{self, PriorityRow, words};

#[derive(Debug, Serialize)]
struct PriorityView<'a> {
    id: &'a str,
    title: &'a str,
    parent: Option<&'a str>,
    depth: usize,
    owners: Vec<&'a str>,
    due: Option<String>,
    due_by: Option<String>,
    /// Why the priority's own (or inherited) due date could not be read, or null; the text
    /// as written is then in `due_unreadable`.
    due_problem: Option<&'a str>,
    due_unreadable: Option<&'a str>,
    /// Owner names on the priority that are not on the roster.
    unknown_owners: &'a [String],
    /// Counts include actions of nested priorities.
    actions: usize,
    open: usize,
    overdue: usize,
    no_date: usize,
    /// Actions whose due date could not be read: neither overdue nor undated, but unknown.
    unreadable: usize,
    file: &'a str,
    line: usize,
}

pub fn run(ctx: &Context, args: &RollupArgs, out: &mut dyn Write) -> Result<ExitCode, Error> {
    let format = ctx.query_format(args.output.format);
    let loaded = crate::loading::for_query(ctx)?;
    let plan = &loaded.plan;
    let under_of = view::actions_under(plan);
    let views: Vec<PriorityView<'_>> = view::tree_order(plan)
        .iter()
        .map(|&(idx, depth)| {
            let row = PriorityRow::new(plan, &loaded.sources, idx);
            let under = &under_of[idx.index()];
            let count =
                |f: &dyn Fn(&&crate::model::Action) -> bool| under.iter().filter(|a| f(a)).count();
            PriorityView {
                id: row.id,
                title: row.title,
                parent: row.parent,
                depth,
                due: row.due_canonical,
                due_by: row.due_by.map(|d| d.to_string()),
                owners: row.owners,
                due_problem: row.due_problem,
                due_unreadable: row.due_problem.and(row.due_written),
                unknown_owners: row.unknown_owners,
                actions: under.len(),
                open: count(&|a| a.status.is_open()),
                overdue: count(&|a| a.is_overdue(ctx.today)),
                no_date: count(&|a| a.due.is_undated()),
                unreadable: count(&|a| a.due.unreadable.is_some()),
                file: row.file,
                line: row.line,
            }
        })
        .collect();
    let grid = grid(&views);
    let summary = format!(
        "{}, as at {}",
        crate::text::plural(views.len(), "priority", "priorities"),
        ctx.today
    );
    render::write_result(out, format, ctx.color, &views, &grid, Some(&summary))?;
    Ok(ExitCode::SUCCESS)
}

/// The table; an "Unreadable" count column only when some action's date could not be read.
fn grid(views: &[PriorityView<'_>]) -> Grid {
    let with_unreadable = views.iter().any(|v| v.unreadable > 0);
    let mut headers = vec![
        "ID", "Priority", "Owners", "Due", "Actions", "Open", "Overdue", "No date",
    ];
    if with_unreadable {
        headers.push("Unreadable");
    }
    Grid {
        headers,
        wide: Some(1),
        droppable: Vec::new(),
        rows: views
            .iter()
            .map(|v| {
                let alert = if v.overdue > 0 {
                    Tone::Alert
                } else {
                    Tone::Plain
                };
                let due = match v.due_unreadable {
                    Some(written) => words::unreadable(written),
                    None => v.due.clone().unwrap_or_default(),
                };
                let mut row = vec![
                    v.id.into(),
                    format!("{}{}", "↳ ".repeat(v.depth), v.title).into(),
                    words::owners_line(&v.owners, v.unknown_owners).into(),
                    due.into(),
                    v.actions.to_string().into(),
                    v.open.to_string().into(),
                    cell(v.overdue.to_string(), alert),
                    v.no_date.to_string().into(),
                ];
                if with_unreadable {
                    let tone = if v.unreadable > 0 {
                        Tone::Alert
                    } else {
                        Tone::Plain
                    };
                    row.push(cell(v.unreadable.to_string(), tone));
                }
                row
            })
            .collect(),
    }
}
