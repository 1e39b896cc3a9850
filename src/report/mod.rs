//! Committee reports (`plan report`): the status of every selected action as at a day, an
//! exception list, a roll-up by owner and the priority tree, as HTML, Markdown or CSV.
//!
//! [`crate::view::ActionRow`] is each action as at the report's day (its status decided by
//! [`status`]); [`view::Report`] works out every
//! number once; the writers ([`html`], [`markdown`], [`csv`]) only lay it out.

pub mod csv;
pub mod html;
pub mod indicators;
pub mod markdown;
pub mod progress;
pub mod view;
pub mod xlsx;

use std::io::Write;

use crate::dates::short_date;

use crate::error::Error;
use crate::filter::Filter;
use crate::format::ReportFormat;
use crate::model::Plan;
use crate::text::plural;

pub use crate::model::Rag;
pub use crate::view::status::{ReportStatus, status};
pub use view::Report;

/// "Due soon" explained, e.g. "due within 30 days (by 31 May 2004)".
pub fn window_text(report: &Report<'_>) -> String {
    let span = match report.window {
        crate::dates::Horizon::Days(n) => plural(n as usize, "day", "days"),
        crate::dates::Horizon::Weeks(n) => plural(n as usize, "week", "weeks"),
        crate::dates::Horizon::Months(n) => plural(n as usize, "month", "months"),
    };
    format!("due within {span} (by {})", short_date(report.window_end))
}

/// What a report of the actions `selection` picks leaves out, in sentences for its head
/// (none when it covers the whole plan).
pub fn scope(plan: &Plan, selection: &Filter) -> Vec<String> {
    let mut scope = Vec::new();
    if !selection.owners.is_empty() {
        let names: Vec<&str> = selection
            .owners
            .iter()
            .map(|&r| plan.roster.name(r))
            .collect();
        scope.push(format!(
            "Only actions owned by {} (directly or through a group)",
            names.join(" or ")
        ));
    }
    if !selection.priorities.is_empty() {
        let names: Vec<String> = selection
            .priorities
            .iter()
            .map(|&p| {
                let p = plan.priority(p);
                format!("{} ({})", p.title, p.id)
            })
            .collect();
        scope.push(format!(
            "Only actions under {}, including nested priorities",
            names.join(" or ")
        ));
    }
    scope
}

/// The whole report in `format`, rendered in memory for a file: it is written in one go once
/// complete, so a failure never leaves half a report behind. `bom`: a file is for people
/// opening it (Excel needs the byte-order mark to read £ and accents as UTF-8 in CSV); stdout
/// is for programs, and gets none.
pub fn render(report: &Report<'_>, format: ReportFormat, bom: bool) -> Result<Vec<u8>, Error> {
    if format == ReportFormat::Xlsx {
        return xlsx::write(report);
    }
    let mut buffer = Vec::new();
    write(&mut buffer, report, format, bom)?;
    Ok(buffer)
}

/// The report in `format` written to `out` as it is laid out, for stdout: a large plan's HTML
/// report is tens of megabytes, which need not be held as well as the plan. Every number and
/// row is already worked out in `report`, so only the writing itself can fail part way.
pub fn write(
    out: &mut dyn Write,
    report: &Report<'_>,
    format: ReportFormat,
    bom: bool,
) -> Result<(), Error> {
    let written = match format {
        ReportFormat::Html => html::write(out, report),
        ReportFormat::Csv => csv::write(out, report, bom),
        ReportFormat::Markdown => markdown::write(out, report),
        ReportFormat::Xlsx => out.write_all(&xlsx::write(report)?),
    };
    written.map_err(Error::Output)
}
