//! `plan show ID`: one priority or action in full, with where each value comes from.

use std::io::Write;
use std::process::ExitCode;

use serde::Serialize;

use crate::cli::ShowArgs;
use crate::context::Context;
use crate::diag::SourceMap;
use crate::error::Error;
use crate::model::{EffectiveDue, Origin, Owners, Plan, Priority};
use crate::render::{self, Grid, GridCell, actions::ActionView};

#[derive(Debug, Serialize)]
struct PriorityDetail<'a> {
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

pub fn run(ctx: &Context, args: &ShowArgs, out: &mut dyn Write) -> Result<ExitCode, Error> {
    let format = ctx.query_format(args.output.format);
    let loaded = crate::loading::for_query(ctx)?;
    let plan = &loaded.plan;
    if let Some(idx) = plan.find_action(&args.id) {
        let action = plan.action(idx);
        let view = ActionView::new(plan, &loaded.sources, action, ctx.today);
        let mut rows = vec![
            field("Action", view.id),
            field("Title", view.title),
            field(
                "Priority",
                &format!("{} — {}", view.priority.id, view.priority.title),
            ),
            field("Owners", &owners_text(plan, &action.owners)),
            field("Due", &due_text(plan, &action.due)),
            field("Status", &status_text(&view)),
        ];
        push_optional(&mut rows, "Due note", view.due_note);
        push_optional(&mut rows, "Source", view.source);
        rows.push(field("File", &format!("{}:{}", view.file, view.line)));
        let grid = Grid {
            headers: vec!["Field", "Value"],
            wide: Some(1),
            droppable: Vec::new(),
            rows,
        };
        render::write_result(out, format, ctx.color, &view, &grid, None)?;
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(idx) = plan.find_priority(&args.id) {
        let priority = plan.priority(idx);
        let detail = priority_detail(plan, &loaded.sources, priority, idx);
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
        rows.push(field(
            "Actions",
            &if detail.actions.is_empty() {
                "none".to_owned()
            } else {
                detail.actions.join(", ")
            },
        ));
        rows.push(field("File", &format!("{}:{}", detail.file, detail.line)));
        let grid = Grid {
            headers: vec!["Field", "Value"],
            wide: Some(1),
            droppable: Vec::new(),
            rows,
        };
        render::write_result(out, format, ctx.color, &detail, &grid, None)?;
        return Ok(ExitCode::SUCCESS);
    }
    let ids: Vec<&str> = plan
        .priorities
        .iter()
        .map(|p| p.id.as_str())
        .chain(plan.actions.iter().map(|a| a.id.as_str()))
        .collect();
    Err(Error::UnknownId {
        id: args.id.clone(),
        suggestions: crate::text::closest(&args.id, &ids)
            .map(str::to_owned)
            .into_iter()
            .collect(),
    })
}

fn priority_detail<'a>(
    plan: &'a Plan,
    sources: &'a SourceMap,
    p: &'a Priority,
    idx: crate::model::PriorityIdx,
) -> PriorityDetail<'a> {
    let file = sources.get(p.place.file);
    PriorityDetail {
        kind: "priority",
        id: &p.id,
        title: &p.title,
        parent: p.parent.map(|q| plan.priority(q).id.as_str()),
        description: p.description.as_deref(),
        aims: &p.aims,
        owners: plan.owner_names(&p.owners),
        due: p.due.canonical(),
        due_by: p.due.due_by().map(|d| d.to_string()),
        due_note: p.due.note.as_deref(),
        source: p.source.as_deref(),
        priorities: plan
            .children(Some(idx))
            .map(|c| plan.priority(c).id.as_str())
            .collect(),
        actions: plan
            .actions
            .iter()
            .filter(|a| a.priority == idx)
            .map(|a| a.id.as_str())
            .collect(),
        file: &file.display,
        line: file.line_col(p.place.span.start).0,
    }
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
