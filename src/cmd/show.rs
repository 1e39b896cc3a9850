//! `plan show ID`: one priority or action in full, with where each value comes from.

use std::io::Write;
use std::process::ExitCode;

use serde::Serialize;

use crate::cli::ShowArgs;
use crate::context::Context;
use crate::error::Error;
use crate::format::QueryFormat;
use crate::indicator::row::{IndicatorDetail, IndicatorRow, StepRow};
use crate::model::{Action, EffectiveDue, Origin, Owners, Plan, Update};
use crate::render::actions::{ActionView, UpdateView};
use crate::render::{self, Grid, GridCell};
use crate::view::Latest;
use crate::view::PriorityRow;

/// An action in `show`'s JSON: `list`'s object and every progress update, oldest first.
#[derive(Debug, Serialize)]
struct ActionDetail<'a> {
    #[serde(flatten)]
    view: ActionView<'a>,
    updates: Vec<UpdateView<'a>>,
}

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
        let action = plan.action(idx);
        let view = ActionView::new(plan, sources, action, ctx.today);
        let rows = action_fields(plan, action, &view);
        let detail = ActionDetail {
            updates: action
                .updates
                .iter()
                .map(|u| UpdateView::from(&Latest::from_update(plan, action, u)))
                .collect(),
            view,
        };
        write_fields(out, format, ctx.color, &detail, rows)?;
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
    Err(crate::filter::unknown_id(plan, &args.id))
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

fn action_fields(plan: &Plan, action: &Action, view: &ActionView<'_>) -> Vec<Vec<GridCell>> {
    let mut rows = vec![
        field("Action", view.id),
        field("Title", view.title),
        field(
            "Priority",
            &format!("{} — {}", view.priority.id, view.priority.title),
        ),
        field("Owners", &owners_text(plan, &action.owners)),
        field("Due", &due_text(plan, &action.due)),
        field("Status", &status_text(view)),
    ];
    push_optional(&mut rows, "Due note", view.due_note);
    if let Some(day) = action.done_on {
        rows.push(field("Done on", &day.to_string()));
    }
    for update in &action.updates {
        rows.push(field("Update", &update_text(plan, action, update)));
    }
    push_optional(&mut rows, "Source", view.source);
    rows.push(field("File", &format!("{}:{}", view.file, view.line)));
    rows
}

/// One progress update on a line, oldest first: "2004-05-01 (amber, 40%, by …): note".
/// A recurring commitment's update says the period it counts for ("counts for 2025/26 Q2").
fn update_text(plan: &Plan, action: &Action, update: &Update) -> String {
    let mut details: Vec<String> = update.rag.iter().map(|r| r.name().to_owned()).collect();
    details.extend(update.percent.map(|p| format!("{p}%")));
    details.extend(update.by.map(|by| format!("by {}", plan.roster.name(by))));
    details.extend(
        action
            .counts_for(update.date)
            .map(|(_, period)| format!("counts for {period}")),
    );
    if details.is_empty() {
        format!("{}: {}", update.date, update.note)
    } else {
        format!("{} ({}): {}", update.date, details.join(", "), update.note)
    }
}

fn priority_fields(plan: &Plan, detail: &PriorityDetail<'_>) -> Vec<Vec<GridCell>> {
    let priority = detail.row.priority;
    let mut rows = vec![field("Priority", detail.id), field("Title", detail.title)];
    push_optional(&mut rows, "Parent", detail.parent);
    push_optional(&mut rows, "Description", detail.description);
    for aim in detail.aims {
        rows.push(field("Aim", aim));
    }
    rows.push(field("Owners", &owners_text(plan, &priority.owners)));
    rows.push(field("Due", &due_text(plan, &priority.due)));
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

fn origin_text(plan: &Plan, origin: Origin) -> String {
    match origin {
        Origin::Own => String::new(),
        Origin::Priority(p) => format!(" (inherited from {})", plan.priority(p).id),
        Origin::Missing | Origin::Invalid => String::new(),
    }
}

fn owners_text(plan: &Plan, owners: &Owners) -> String {
    if owners.roles.is_empty() && owners.unknown.is_empty() {
        return "none given".to_owned();
    }
    let unknown = owners
        .unknown
        .iter()
        .map(|name| format!("\"{name}\" (UNREADABLE: not on the roster)"));
    let names: Vec<String> = plan
        .owner_names(owners)
        .into_iter()
        .map(str::to_owned)
        .chain(unknown)
        .collect();
    format!("{}{}", names.join("; "), origin_text(plan, owners.origin))
}

fn due_text(plan: &Plan, due: &EffectiveDue) -> String {
    if let Some(unreadable) = &due.unreadable {
        return format!(
            "UNREADABLE \"{}\" — {} (run `plan check`){}",
            unreadable.written,
            unreadable.problem,
            origin_text(plan, due.origin)
        );
    }
    match &due.due {
        None => "none given".to_owned(),
        Some(d) => format!(
            "{}{}",
            crate::dates::explain_written(&d.written, &d.period),
            origin_text(plan, due.origin)
        ),
    }
}

fn status_text(view: &ActionView<'_>) -> String {
    if view.overdue {
        let days = crate::text::plural(
            usize::try_from(view.days_overdue).unwrap_or(0),
            "day",
            "days",
        );
        format!("{}, overdue by {days}", view.status)
    } else {
        view.status.to_owned()
    }
}
