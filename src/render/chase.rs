//! `plan chase`'s chase list as Markdown (a heading per owner, to paste into an email), CSV
//! (a row per owner and action) or JSON.

use std::io::{self, Write};

use chrono::NaiveDate;
use serde::Serialize;

use super::text::{csv_cell, markdown_cell, markdown_text, write_csv_record};
use crate::chase::Owed;
use crate::dates::iso_day;
use crate::dates::short_date;
use crate::diag::SourceMap;
use crate::format::ChaseFormat;
use crate::model::Plan;
use crate::text::plural;
use crate::view::{ActionRow, AsAt, words};

/// One action on the chase list, as every format shows it.
#[derive(Debug, Serialize)]
pub struct OwedAction<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// The due date as the plan writes it (canonical), or null.
    pub due: Option<String>,
    /// The day it is due by as at the list's day (a recurring action's next return), or null.
    pub due_by: Option<String>,
    /// The newest progress update's day and note, or null when there has been none.
    pub last_update: Option<LastUpdate<'a>>,
}

#[derive(Debug, Serialize)]
pub struct LastUpdate<'a> {
    pub date: String,
    pub note: &'a str,
    /// For a recurring commitment, the period the update counts for ("2025/26 Q1": a return
    /// sent after its period counts for it). Only present then.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counts_for: Option<String>,
}

/// One owner on the chase list.
#[derive(Debug, Serialize)]
pub struct OwedOwner<'a> {
    /// The role's name, or null for actions with no owner.
    pub owner: Option<&'a str>,
    /// The owner is a name not on the roster. Only present when true.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub not_on_roster: bool,
    pub actions: Vec<OwedAction<'a>>,
}

impl<'a> OwedAction<'a> {
    /// The action as its one row as at the list's day has it ([`ActionRow`]).
    fn of(row: ActionRow<'a>) -> Self {
        OwedAction {
            id: row.id,
            title: row.title,
            due_by: row.due_by.map(iso_day),
            last_update: row.latest.map(|u| LastUpdate {
                date: iso_day(u.date),
                note: u.note,
                counts_for: u.counts_for,
            }),
            due: row.due_canonical,
        }
    }
}

impl OwedOwner<'_> {
    /// The owner as people read it: a name not on the roster marked so; none for no owner.
    fn shown(&self) -> Option<String> {
        self.owner.map(|name| {
            if self.not_on_roster {
                words::not_on_the_roster(name)
            } else {
                name.to_owned()
            }
        })
    }
}

/// The list's owners and actions as the writers show them, each action as at `today`.
pub fn views<'a>(
    plan: &'a Plan,
    sources: &'a SourceMap,
    owed: &[Owed<'a>],
    today: NaiveDate,
) -> Vec<OwedOwner<'a>> {
    let row = |action| OwedAction::of(ActionRow::new(plan, sources, action, AsAt::on(today)));
    owed.iter()
        .map(|o| OwedOwner {
            owner: o.owner,
            not_on_roster: o.not_on_roster,
            actions: o.actions.iter().map(|&a| row(a)).collect(),
        })
        .collect()
}

/// Writes the chase list in `format`.
pub fn write(
    out: &mut dyn Write,
    format: ChaseFormat,
    owners: &[OwedOwner<'_>],
    since: NaiveDate,
    today: NaiveDate,
) -> io::Result<()> {
    match format {
        ChaseFormat::Markdown => markdown(out, owners, since, today),
        ChaseFormat::Csv => csv(out, owners),
        ChaseFormat::Json => json(out, owners),
    }
}

/// The list as JSON: an array of owners, each with their actions.
fn json(out: &mut dyn Write, owners: &[OwedOwner<'_>]) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, owners).map_err(io::Error::other)?;
    writeln!(out)
}

fn day_text(iso: &Option<String>) -> String {
    iso.as_deref()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .map_or_else(|| "—".to_owned(), short_date)
}

/// A heading per owner, then a table of their actions: due date, due by, last update.
fn markdown(
    out: &mut dyn Write,
    owners: &[OwedOwner<'_>],
    since: NaiveDate,
    today: NaiveDate,
) -> io::Result<()> {
    let actions: usize = owners.iter().map(|o| o.actions.len()).sum();
    writeln!(out, "# Progress updates owed since {}\n", short_date(since))?;
    if owners.is_empty() {
        return writeln!(
            out,
            "As at {}, every open action has had a progress update since {}.",
            short_date(today),
            short_date(since)
        );
    }
    writeln!(
        out,
        "As at {}: {} with no progress update since {}, for {}.",
        short_date(today),
        plural(actions, "open action", "open actions"),
        short_date(since),
        plural(owners.len(), "owner", "owners")
    )?;
    for owner in owners {
        let name = owner
            .shown()
            .map_or_else(|| "(no owner)".to_owned(), |n| markdown_text(&n, true));
        writeln!(out, "\n## {name}\n")?;
        writeln!(out, "| ID | Action | Due | Due by | Last update |")?;
        writeln!(out, "|---|---|---|---|---|")?;
        for a in &owner.actions {
            let last = a.last_update.as_ref().map_or_else(
                || "none yet".to_owned(),
                |u| {
                    let counted = u
                        .counts_for
                        .as_ref()
                        .map_or_else(String::new, |p| format!(" (for {})", markdown_cell(p)));
                    format!(
                        "{}{counted} · {}",
                        day_text(&Some(u.date.clone())),
                        markdown_cell(u.note)
                    )
                },
            );
            writeln!(
                out,
                "| {} | {} | {} | {} | {last} |",
                markdown_cell(a.id),
                markdown_cell(a.title),
                a.due
                    .as_deref()
                    .map_or_else(|| "—".to_owned(), markdown_cell),
                day_text(&a.due_by),
            )?;
        }
    }
    Ok(())
}

/// A header row, then a row per owner and action.
fn csv(out: &mut dyn Write, owners: &[OwedOwner<'_>]) -> io::Result<()> {
    write_csv_record(
        out,
        [
            "owner",
            "id",
            "title",
            "due",
            "due_by",
            "last_update",
            "last_note",
        ],
    )?;
    for owner in owners {
        for a in &owner.actions {
            let cell = |t: Option<&str>| t.map(csv_cell).unwrap_or_default();
            write_csv_record(
                out,
                [
                    cell(owner.shown().as_deref()),
                    cell(Some(a.id)),
                    cell(Some(a.title)),
                    cell(a.due.as_deref()),
                    cell(a.due_by.as_deref()),
                    cell(a.last_update.as_ref().map(|u| u.date.as_str())),
                    cell(a.last_update.as_ref().map(|u| u.note)),
                ],
            )?;
        }
    }
    Ok(())
}
