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
use std::path::Path;

use chrono::NaiveDate;

use crate::dates::{Horizon, short_date};
use crate::error::Error;
use crate::filter::{Filter, OwnerCounting};
use crate::format::ReportFormat;
use crate::load::Loaded;
use crate::model::Plan;
use crate::text::plural;
use progress::History;

pub use crate::model::Rag;
pub use crate::view::status::{ReportStatus, status};
pub use view::Report;

/// The report of the actions (and indicators) `selection` picks from the loaded plan, as at
/// `as_at`: titled `title` if given (and not blank), else as `plan.toml`'s `report.title`,
/// else the plan's name.
pub fn of<'a>(
    loaded: &'a Loaded,
    selection: &Filter,
    as_at: NaiveDate,
    window: Horizon,
    by_owner: OwnerCounting,
    title: Option<&'a str>,
) -> Report<'a> {
    let plan = &loaded.plan;
    let scope = scope(plan, selection);
    let selected = selection.apply(plan, as_at);
    let mut report = Report::build(
        plan,
        &loaded.sources,
        &selected,
        as_at,
        window,
        scope,
        by_owner,
    );
    if let Some(title) = title
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .or(plan.meta.report_title.as_deref())
    {
        report.title = title;
    }
    let indicators_in_scope = crate::indicator::select::Selection {
        owners: selection.owners.clone(),
        priorities: selection.priorities.clone(),
        ..Default::default()
    };
    report.indicators = indicators::of(plan, &loaded.sources, &indicators_in_scope, as_at);
    report
}

/// The first agreed due dates from git history, and the changes since `since`, for the plan
/// in `dir` (at `rev`, else the working tree). Outside git (or for the built-in plan, with no
/// `dir`) there is no history: `since` is an error, and origins are left out.
pub fn add_history(
    report: &mut Report<'_>,
    loaded: &Loaded,
    dir: Option<&Path>,
    rev: Option<&str>,
    since: Option<&str>,
    today: NaiveDate,
) -> Result<(), Error> {
    let Some(history) = dir.and_then(|dir| History::open(dir, rev)) else {
        return match since {
            Some(_) => Err(Error::Usage(
                "--since needs the plan folder to be tracked in git".into(),
            )),
            None => Ok(()),
        };
    };
    let trails = history.trails()?;
    if trails.is_empty() && since.is_none() {
        // Nothing to compare the plan with: its states (100k actions' worth) are not needed.
        return Ok(());
    }
    let now = crate::diff::states(&loaded.plan, &loaded.sources, &loaded.diagnostics);
    let origins = trails.origins(&now);
    report.set_origins(|id| origins.get(id).cloned());
    if let Some(since) = since {
        report.changes = Some(history.changes(since, &now, &loaded.plan, today)?);
    }
    Ok(())
}

/// The format of a report: `--format` if given (it must agree with the `-o` extension), else
/// the `-o` extension, else Markdown. A workbook needs a file.
pub fn format_for(
    asked: Option<ReportFormat>,
    output: Option<&Path>,
) -> Result<ReportFormat, Error> {
    let format = format_named(asked, output)?;
    if format == ReportFormat::Xlsx && output.is_none() {
        return Err(Error::Usage(
            "--format xlsx writes a workbook, not text: give the file with -o FILE.xlsx".into(),
        ));
    }
    Ok(format)
}

fn format_named(asked: Option<ReportFormat>, output: Option<&Path>) -> Result<ReportFormat, Error> {
    use ReportFormat as Format;
    let from_extension = match output {
        None => None,
        Some(path) => {
            let ext = path
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase);
            match ext.as_deref() {
                Some("html" | "htm") => Some(Format::Html),
                Some("md" | "markdown") => Some(Format::Markdown),
                Some("csv") => Some(Format::Csv),
                Some("xlsx") => Some(Format::Xlsx),
                _ if asked.is_some() => None,
                _ => {
                    return Err(Error::Usage(format!(
                        "cannot tell the format from the name {}: use .html, .md, .csv or .xlsx, or pass --format html|markdown|csv|xlsx",
                        path.display()
                    )));
                }
            }
        }
    };
    match (asked, from_extension) {
        (Some(f), ext) => match ext {
            Some(e) if e != f => Err(Error::Usage(format!(
                "--format {} does not match the extension of {}",
                f.name(),
                output.map(|p| p.display().to_string()).unwrap_or_default()
            ))),
            _ => Ok(f),
        },
        (None, Some(f)) => Ok(f),
        (None, None) => Ok(Format::Markdown),
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::ReportFormat as Format;

    #[test]
    fn format_from_flag_then_extension_then_markdown() {
        let p = |s: &str| Some(Path::new(s).to_path_buf());
        let f = |asked, out: Option<std::path::PathBuf>| format_named(asked, out.as_deref());
        assert_eq!(f(None, None).unwrap(), Format::Markdown);
        assert_eq!(f(None, p("r.HTML")).unwrap(), Format::Html);
        assert_eq!(f(None, p("r.htm")).unwrap(), Format::Html);
        assert_eq!(f(None, p("r.md")).unwrap(), Format::Markdown);
        assert_eq!(f(None, p("r.csv")).unwrap(), Format::Csv);
        assert_eq!(f(None, p("r.XLSX")).unwrap(), Format::Xlsx);
        assert_eq!(f(Some(Format::Csv), p("r.txt")).unwrap(), Format::Csv);
        assert_eq!(f(Some(Format::Html), None).unwrap(), Format::Html);
        assert!(f(None, p("r.txt")).is_err());
        assert!(f(None, p("report")).is_err());
        assert!(f(Some(Format::Csv), p("r.html")).is_err());
    }
}
