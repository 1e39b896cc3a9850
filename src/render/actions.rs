//! How an action is shown: the JSON object of `list` and `owner`, and the table row.

use chrono::NaiveDate;
use serde::Serialize;

use super::{Grid, GridCell, Tone, cell};
use crate::dates::iso_day;
use crate::diag::SourceMap;
use crate::format::QueryFormat;
use crate::model::{Action, Plan, Responsibility};
use crate::view::{ActionRow, Latest};

#[derive(Debug, Serialize)]
pub struct PriorityRef<'a> {
    pub id: &'a str,
    pub title: &'a str,
}

/// One action in JSON. Field names are a stable interface (see README).
#[derive(Debug, Serialize)]
pub struct ActionView<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub priority: PriorityRef<'a>,
    /// Effective owners, canonical roster names.
    pub owners: Vec<&'a str>,
    /// Normalised due period (`April 2004`), or null when there is none or it is unreadable.
    pub due: Option<String>,
    /// The due date exactly as written in the file (also when unreadable).
    pub due_written: Option<&'a str>,
    pub due_by: Option<String>,
    /// Why the due date could not be read, or null: then `due` and `due_by` are null and the
    /// action is neither overdue nor undated, but unknown (`plan check` has the details).
    pub due_problem: Option<&'a str>,
    /// Owner names written on the action (or inherited) that are not on the roster.
    pub unknown_owners: &'a [String],
    pub due_note: Option<&'a str>,
    pub status: &'static str,
    pub overdue: bool,
    pub days_overdue: i64,
    /// For `plan owner`: null when the role is named on the action, else the group it answers through.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<Option<&'a str>>,
    pub source: Option<&'a str>,
    pub file: &'a str,
    pub line: usize,
    /// The day a done action was finished, or null (open, dropped, or not recorded).
    pub done_on: Option<String>,
    /// The newest progress update, or null when there is none.
    pub latest_update: Option<UpdateView<'a>>,
    /// A standing commitment ("continuous", "from April 2005"): shown so, not as undated.
    #[serde(skip)]
    pub standing: bool,
}

/// One progress update in JSON. Field names are a stable interface (see README).
#[derive(Debug, Serialize)]
pub struct UpdateView<'a> {
    pub date: String,
    /// `green`, `amber`, `red`, or null when not given.
    pub rag: Option<&'static str>,
    pub percent: Option<u8>,
    /// The reporting role's roster name, or null when not given.
    pub by: Option<&'a str>,
    pub note: &'a str,
    /// For a recurring commitment: the period it counts for ("2025/26 Q2"). Absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counts_for: Option<String>,
}

impl<'a> From<&Latest<'a>> for UpdateView<'a> {
    fn from(update: &Latest<'a>) -> Self {
        UpdateView {
            date: iso_day(update.date),
            rag: update.rag.map(|r| r.name()),
            percent: update.percent,
            by: update.by,
            note: update.note,
            counts_for: update.counts_for.clone(),
        }
    }
}

impl<'a> ActionView<'a> {
    pub fn new(
        plan: &'a Plan,
        sources: &'a SourceMap,
        action: &'a Action,
        today: NaiveDate,
    ) -> Self {
        Self::of(ActionRow::new(plan, sources, action), today)
    }

    /// The JSON shape of a row, as at `today`.
    pub fn of(row: ActionRow<'a>, today: NaiveDate) -> Self {
        let action = row.action;
        ActionView {
            id: row.id,
            title: row.title,
            priority: PriorityRef {
                id: row.priority_id,
                title: row.priority_title,
            },
            owners: row.owners,
            due: row.due_canonical,
            due_written: row.due_written,
            due_by: action.deadline(today).map(iso_day),
            due_problem: row.due_problem,
            unknown_owners: row.unknown_owners,
            due_note: row.due_note,
            status: row.status.name(),
            overdue: action.is_overdue(today),
            days_overdue: action.days_late(today),
            via: None,
            source: row.source,
            file: row.file,
            line: row.line,
            done_on: row.done_on.map(iso_day),
            latest_update: row.latest.as_ref().map(UpdateView::from),
            standing: row.standing,
        }
    }

    pub fn with_responsibility(mut self, plan: &'a Plan, responsibility: Responsibility) -> Self {
        self.via = Some(match responsibility {
            Responsibility::Direct => None,
            Responsibility::ViaGroup(group) => Some(plan.roster.name(group)),
        });
        self
    }
}

/// Writes actions in `format`, with a summary line under tables and Markdown.
pub fn write(
    out: &mut dyn std::io::Write,
    format: QueryFormat,
    color: bool,
    views: &[ActionView<'_>],
    summary: &str,
) -> Result<(), crate::error::Error> {
    // JSON is written from the views alone (in parallel chunks: `list --overdue` on a large
    // plan writes tens of thousands of rows); building table cells for it is wasted work.
    if format == QueryFormat::Json {
        return super::write_json_rows(out, views).map_err(crate::error::Error::Output);
    }
    super::write_result(out, format, color, &views, &grid(views), Some(summary))
}

/// The table of actions; a "Responsible" column when the views say how the owner is involved.
pub fn grid(views: &[ActionView<'_>]) -> Grid {
    let with_via = views.iter().any(|v| v.via.is_some());
    let mut headers = vec![
        "ID", "Action", "Priority", "Owners", "Due", "Due by", "Status",
    ];
    if with_via {
        headers.push("Responsible");
    }
    let rows = views
        .iter()
        .map(|v| {
            let mut row: Vec<GridCell> = vec![
                v.id.into(),
                v.title.into(),
                v.priority.id.into(),
                owners_text(v).into(),
                v.due_written.unwrap_or("").into(),
                cell(v.due_by.clone().unwrap_or_else(|| dash_for(v)), tone(v)),
                cell(status_text(v), tone(v)),
            ];
            if let Some(via) = v.via {
                row.push(
                    via.map_or_else(|| "named".to_owned(), |g| format!("via {g}"))
                        .into(),
                );
            }
            row
        })
        .collect();
    Grid {
        headers,
        rows,
        wide: Some(1),
        droppable: vec![2, 4],
    }
}

/// Roster names, then names not on the roster, marked so they are not mistaken for roles.
pub fn owners_text(view: &ActionView<'_>) -> String {
    let unknown = view
        .unknown_owners
        .iter()
        .map(|name| format!("\"{name}\" (not on the roster)"));
    view.owners
        .iter()
        .map(|name| (*name).to_owned())
        .chain(unknown)
        .collect::<Vec<_>>()
        .join("; ")
}

fn dash_for(view: &ActionView<'_>) -> String {
    if let Some(written) = view.due_problem.and(view.due_written) {
        format!("UNREADABLE \"{written}\"")
    } else if view.standing {
        "continuous".to_owned()
    } else {
        "no date".to_owned()
    }
}

fn status_text(view: &ActionView<'_>) -> String {
    if view.overdue {
        format!("{} · OVERDUE {}d", view.status, view.days_overdue)
    } else {
        view.status.to_owned()
    }
}

fn tone(view: &ActionView<'_>) -> Tone {
    if view.overdue || view.due_problem.is_some() {
        Tone::Alert
    } else if view.due_by.is_none() && !view.standing {
        Tone::Warn
    } else {
        Tone::Plain
    }
}
