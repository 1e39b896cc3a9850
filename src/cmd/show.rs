//! `plan show ID`: one priority or action in full, with where each value comes from.

use std::io::Write;
use std::process::ExitCode;

use serde::Serialize;

use crate::cli::ShowArgs;
use crate::context::Context;
use crate::error::Error;
use crate::format::QueryFormat;
use crate::model::Plan;
use crate::render::{self, Grid, GridCell};
use crate::view::{ActionRow, AsAt, PriorityRow, words};
use crate::view::{IndicatorDetail, IndicatorRow, StepRow};

/// A priority in `show`'s JSON. Field names are a stable interface.
#[derive(Debug, Serialize)]
struct PriorityDetail<'a> {
    #[serde(skip)]
    row: PriorityRow<'a>,
    kind: &'static str,
    id: &'a str,
    title: &'a str,
    parent: Option<&'a str>,
    description: Option<&'a str>,
    aims: &'a [String],
    owners: Vec<&'a str>,
    due: Option<String>,
    due_by: Option<String>,
    /// As `plan priorities` gives them: why the due date could not be read and the text as
    /// written, and owner names not on the roster (kept, marked, as the table shows them).
    due_problem: Option<&'a str>,
    due_unreadable: Option<&'a str>,
    unknown_owners: &'a [String],
    due_note: Option<&'a str>,
    source: Option<&'a str>,
    priorities: Vec<&'a str>,
    actions: Vec<&'a str>,
    file: &'a str,
    line: usize,
}

impl<'a> PriorityDetail<'a> {
    fn of(plan: &'a Plan, row: PriorityRow<'a>) -> Self {
        let idx = row.idx;
        PriorityDetail {
            kind: "priority",
            id: row.id,
            title: row.title,
            parent: row.parent,
            description: row.description,
            aims: row.aims,
            owners: row.owners.clone(),
            due: row.due_canonical.clone(),
            due_by: row.due_by.map(|d| d.to_string()),
            due_problem: row.due_problem,
            due_unreadable: row.due_problem.and(row.due_written),
            unknown_owners: row.unknown_owners,
            due_note: row.due_note,
            source: row.source,
            priorities: plan
                .children(Some(idx))
                .map(|c| plan.priority(c).id.as_str())
                .collect(),
            actions: plan
                .actions
                .iter()
                .filter(|a| a.priority == idx)
                .map(|a| &*a.id)
                .collect(),
            file: row.file,
            line: row.line,
            row,
        }
    }
}

pub fn run(ctx: &Context, args: &ShowArgs, out: &mut dyn Write) -> Result<ExitCode, Error> {
    let format = ctx.query_format(args.output.format);
    let loaded = crate::loading::for_query(ctx)?;
    let (plan, sources) = (&loaded.plan, &loaded.sources);
    if let Some(idx) = plan.find_action(&args.id) {
        let row =
            ActionRow::new(plan, sources, plan.action(idx), AsAt::on(ctx.today)).with_updates(plan);
        let fields = action_fields(plan, &row);
        write_fields(out, format, ctx.color, &row, fields)?;
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(idx) = plan.find_priority(&args.id) {
        let detail = PriorityDetail::of(plan, PriorityRow::new(plan, sources, idx));
        let rows = priority_fields(plan, &detail);
        write_fields(out, format, ctx.color, &detail, rows)?;
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(i) = plan.find_indicator(&args.id) {
        let indicator = &plan.indicators[i];
        let steps = indicator.series(ctx.today, &plan.meta);
        let row = IndicatorRow::new(plan, sources, indicator, ctx.today);
        let grid = render::indicators::series_grid(&row, &steps);
        let summary = render::indicators::describe(&row, indicator.source.as_deref());
        let detail = IndicatorDetail {
            kind: "indicator",
            series: steps.iter().map(|s| StepRow::new(plan, s)).collect(),
            source: indicator.source.as_deref(),
            row,
        };
        render::write_result(out, format, ctx.color, &detail, &grid, Some(&summary))?;
        return Ok(ExitCode::SUCCESS);
    }
    Err(crate::filter::unknown_item(plan, &args.id))
}

/// One item as a two-column table of fields, or as JSON.
fn write_fields<T: Serialize>(
    out: &mut dyn Write,
    format: QueryFormat,
    color: bool,
    json: &T,
    rows: Vec<Vec<GridCell>>,
) -> Result<(), Error> {
    let grid = Grid {
        headers: vec!["Field", "Value"],
        wide: Some(1),
        droppable: Vec::new(),
        rows,
    };
    render::write_result(out, format, color, json, &grid, None)
}

fn action_fields(plan: &Plan, view: &ActionRow<'_>) -> Vec<Vec<GridCell>> {
    let action = view.action;
    let mut rows = vec![
        field("Action", view.id),
        field("Title", view.title),
        field(
            "Priority",
            &format!("{} — {}", view.priority.id, view.priority.title),
        ),
        field("Owners", &words::owners_in_full(plan, &action.owners)),
        field("Due", &words::due_in_full(plan, &action.due)),
        field("Status", &words::status_long(view)),
    ];
    push_optional(&mut rows, "Due note", view.due_note);
    if let Some(day) = action.done_on {
        rows.push(field("Done on", &day.to_string()));
    }
    for update in view.updates.iter().flatten() {
        rows.push(field("Update", &words::update_line(update)));
    }
    push_optional(&mut rows, "Source", view.source);
    rows.push(field("File", &format!("{}:{}", view.file, view.line)));
    rows
}

fn priority_fields(plan: &Plan, detail: &PriorityDetail<'_>) -> Vec<Vec<GridCell>> {
    let priority = detail.row.priority;
    let mut rows = vec![field("Priority", detail.id), field("Title", detail.title)];
    push_optional(&mut rows, "Parent", detail.parent);
    push_optional(&mut rows, "Description", detail.description);
    for aim in detail.aims {
        rows.push(field("Aim", aim));
    }
    rows.push(field(
        "Owners",
        &words::owners_in_full(plan, &priority.owners),
    ));
    rows.push(field("Due", &words::due_in_full(plan, &priority.due)));
    push_optional(&mut rows, "Source", detail.source);
    if !detail.priorities.is_empty() {
        rows.push(field("Nested", &detail.priorities.join(", ")));
    }
    let actions = if detail.actions.is_empty() {
        "none".to_owned()
    } else {
        detail.actions.join(", ")
    };
    rows.push(field("Actions", &actions));
    rows.push(field("File", &format!("{}:{}", detail.file, detail.line)));
    rows
}

fn field(name: &str, value: &str) -> Vec<GridCell> {
    vec![name.into(), value.into()]
}

fn push_optional(rows: &mut Vec<Vec<GridCell>>, name: &str, value: Option<&str>) {
    if let Some(value) = value {
        rows.push(field(name, value));
    }
}
