//! The report as GitHub-flavoured Markdown: tables, headings for the priority tree, and a
//! Mermaid gantt of the dated actions. Every piece of plan text goes through
//! [`markdown_text`] (or [`mermaid_label`] inside the chart).

use std::io::Write;

use super::view::{Report, Section, Tally};
use super::{ReportStatus, window_text};
use crate::dates::short_date;
use crate::render::text::{markdown_text, mermaid_label};
use crate::text::plural;
use crate::view::ActionRow;

/// Longest task name in the gantt chart, so bars keep room on a narrow page.
const GANTT_LABEL: usize = 60;

pub fn write(out: &mut dyn Write, report: &Report<'_>) -> std::io::Result<()> {
    write_heading(out, report)?;
    write_summary(out, report)?;
    write_exceptions(out, report)?;
    super::indicators::markdown(out, &report.indicators)?;
    if let Some(changes) = &report.changes {
        write_changes(out, changes)?;
    }
    write_owners(out, report)?;
    write_gantt(out, report)?;
    writeln!(out, "\n## Actions by priority")?;
    for section in &report.sections {
        write_section(out, report, section)?;
    }
    writeln!(
        out,
        "\n---\n\n*Made by `plan report` {} from the plan files, as at {}.*",
        report.version, report.as_at
    )?;
    Ok(())
}

fn write_heading(out: &mut dyn Write, report: &Report<'_>) -> std::io::Result<()> {
    let line = |s: &str| markdown_text(s, true);
    writeln!(out, "# {}", line(report.title))?;
    writeln!(out)?;
    writeln!(
        out,
        "**{}** · Progress report as at **{}** · *Due soon* means {}.",
        markdown_text(report.organisation, false),
        short_date(report.as_at),
        window_text(report)
    )?;
    for scope in &report.scope {
        writeln!(out, "\n> {}.", line(scope))?;
    }
    Ok(())
}

fn write_summary(out: &mut dyn Write, report: &Report<'_>) -> std::io::Result<()> {
    writeln!(out, "\n## Summary\n")?;
    writeln!(out, "| Status | Actions | Meaning |")?;
    writeln!(out, "|---|--:|---|")?;
    for status in report.tally.statuses() {
        writeln!(
            out,
            "| {} | {} | {} |",
            label(status),
            report.tally.get(status),
            status.meaning()
        )?;
    }
    writeln!(out, "| **Total** | **{}** | |", report.tally.total())?;
    let r = report.ratings;
    let since = r
        .since
        .map(|day| format!(" since {}", short_date(day)))
        .unwrap_or_default();
    writeln!(
        out,
        "\nOwners' ratings{since}: {} red, {} amber, {} green, {} not reported.",
        r.red, r.amber, r.green, r.not_reported
    )
}

fn write_exceptions(out: &mut dyn Write, report: &Report<'_>) -> std::io::Result<()> {
    let t = |s: &str| markdown_text(s, false);
    writeln!(out, "\n## Exception report\n")?;
    let exceptions = report.exception_tally();
    if report.exceptions.is_empty() {
        return writeln!(
            out,
            "No open action is overdue, undated, or rated red or amber by its owner."
        );
    }
    let (red, amber) = report.exceptions_rated();
    writeln!(
        out,
        "Open actions that are overdue, that their owner rates red or amber, or that have no due date: {} overdue, {}{} with no date, {red} rated red and {amber} amber by their owner.\n",
        exceptions.get(ReportStatus::Overdue),
        match exceptions.get(ReportStatus::Unreadable) {
            0 => String::new(),
            n => format!("{n} with a due date that could not be read, "),
        },
        exceptions.get(ReportStatus::NoDate)
    )?;
    writeln!(
        out,
        "| ID | Action | Priority | Owners | Due | Days late | Note | Status | Latest update |"
    )?;
    writeln!(out, "|---|---|---|---|---|--:|---|---|---|")?;
    for &i in &report.exceptions {
        let row = &report.row(i);
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            t(row.id),
            t(row.title),
            t(row.priority.id),
            owners(row),
            due(row),
            days_late(row),
            row.due_note.map(t).unwrap_or_default(),
            status_cell(row, false),
            latest_cell(row)
        )?;
    }
    Ok(())
}

fn write_owners(out: &mut dyn Write, report: &Report<'_>) -> std::io::Result<()> {
    writeln!(out, "\n## By owner\n")?;
    writeln!(
        out,
        "{}\n",
        super::view::owners_count(report.owner_counting)
    )?;
    write!(out, "| Owner | Actions |")?;
    let statuses = report.tally.statuses();
    for &status in &statuses {
        write!(out, " {} |", status.label())?;
    }
    writeln!(out)?;
    writeln!(out, "|---|--:|{}", "--:|".repeat(statuses.len()))?;
    for owner in &report.owners {
        write!(
            out,
            "| {} | {} |",
            owner
                .shown()
                .map_or_else(|| "*(no owner)*".to_owned(), |n| markdown_text(&n, false)),
            owner.tally.total()
        )?;
        for &status in &statuses {
            write!(out, " {} |", owner.tally.get(status))?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// A priority's heading, facts and actions, then its children's, one heading level down.
fn write_section(
    out: &mut dyn Write,
    report: &Report<'_>,
    section: &Section<'_>,
) -> std::io::Result<()> {
    let t = |s: &str| markdown_text(s, false);
    let level = "#".repeat((section.depth + 3).min(6));
    writeln!(
        out,
        "\n{level} {} — {}\n",
        markdown_text(section.id, true),
        markdown_text(section.title, true)
    )?;
    writeln!(out, "{}", section_facts(section).join(" · "))?;
    if let Some(description) = section.description {
        writeln!(out, "\n{}", t(description))?;
    }
    if !section.rows.is_empty() {
        write_section_rows(out, report, section)?;
    }
    for child in &section.children {
        write_section(out, report, child)?;
    }
    Ok(())
}

/// Owners, due date and tally of a priority.
fn section_facts(section: &Section<'_>) -> Vec<String> {
    let t = |s: &str| markdown_text(s, false);
    let mut facts = Vec::new();
    if !section.owners.is_empty() {
        let owners: Vec<String> = section.owners.iter().map(|o| t(o)).collect();
        facts.push(format!("Owners: {}", owners.join("; ")));
    }
    if let Some(written) = section.due_written {
        facts.push(match section.due_by {
            Some(by) => format!("Due: {} (by {})", t(written), short_date(by)),
            None => format!("Due: {}", t(written)),
        });
    }
    facts.push(tally_text(&section.tally));
    facts
}

fn write_section_rows(
    out: &mut dyn Write,
    report: &Report<'_>,
    section: &Section<'_>,
) -> std::io::Result<()> {
    let t = |s: &str| markdown_text(s, false);
    writeln!(
        out,
        "\n| ID | Action | Owners | Due | Due by | Status | Latest update |"
    )?;
    writeln!(out, "|---|---|---|---|---|---|---|")?;
    for &i in &section.rows {
        let row = &report.row(i);
        let mut due = row.due_written.map(t).unwrap_or_else(|| "—".into());
        if let Some(origin) = &row.trail {
            due = format!("{due} ({})", t(&origin.words()));
        }
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            t(row.id),
            t(row.title),
            owners(row),
            due,
            row.due_by.map(short_date).unwrap_or_else(|| "—".into()),
            status_cell(row, true),
            latest_cell(row)
        )?;
    }
    Ok(())
}

/// Dated actions as bars over their due period (April 2004 runs 1–30 April), one gantt
/// section per priority; the "as at" day as a milestone.
fn write_gantt(out: &mut dyn Write, report: &Report<'_>) -> std::io::Result<()> {
    let mut dated = report
        .rows()
        .filter(|r| r.due_from.is_some() && r.due_by.is_some())
        .peekable();
    if dated.peek().is_none() {
        return Ok(());
    }
    writeln!(out, "\n## Timeline\n")?;
    writeln!(
        out,
        "Dated actions over their due period; continuous and undated actions are not shown.\n"
    )?;
    writeln!(out, "```mermaid")?;
    writeln!(out, "gantt")?;
    writeln!(
        out,
        "    title Due dates as at {}",
        short_date(report.as_at)
    )?;
    writeln!(out, "    dateFormat YYYY-MM-DD")?;
    writeln!(out, "    axisFormat %b %Y")?;
    // The chart's own "today" line would be the reader's day, not the report's.
    writeln!(out, "    todayMarker off")?;
    writeln!(out, "    section As at")?;
    writeln!(
        out,
        "    As at {} :milestone, {}, 0d",
        short_date(report.as_at),
        report.as_at
    )?;
    let mut current: Option<&str> = None;
    for row in dated {
        if current != Some(row.priority.id) {
            current = Some(row.priority.id);
            writeln!(
                out,
                "    section {}",
                mermaid_label(&format!("{} {}", row.priority.id, row.priority.title), 40)
            )?;
        }
        let (Some(from), Some(by)) = (row.due_from, row.due_by) else {
            continue;
        };
        let tag = match row.report_status {
            ReportStatus::Overdue => "crit, ",
            ReportStatus::Done => "done, ",
            ReportStatus::DueSoon => "active, ",
            _ => "",
        };
        // The bracketed id first: no gantt keyword starts with `[`, so no title can be
        // read as a statement ("title …", "section …").
        writeln!(
            out,
            "    [{}] {} :{tag}{from}, {}",
            row.id,
            mermaid_label(row.title, GANTT_LABEL),
            by.succ_opt().unwrap_or(by)
        )?;
    }
    writeln!(out, "```")?;
    Ok(())
}

fn label(status: ReportStatus) -> String {
    format!("{}{}", rag_mark(status.rag()), status.label())
}

/// The coloured circle (and space) shown before a red, amber or green word.
fn rag_mark(rag: Option<super::Rag>) -> &'static str {
    use super::Rag;
    match rag {
        Some(Rag::Red) => "🔴 ",
        Some(Rag::Amber) => "🟠 ",
        Some(Rag::Green) => "🟢 ",
        None => "",
    }
}

/// The dates' status, with what the plan adds to it: in progress, when it was done (and how
/// late), and a flag where the owner's own rating contradicts the dates. `late`: say how
/// many days an overdue action is late (the exception table has its own column for that).
fn status_cell(row: &ActionRow<'_>, late: bool) -> String {
    let days = |n: i64| plural(usize::try_from(n).unwrap_or(0), "day", "days");
    let mut cell = match (row.report_status, row.done_on) {
        (ReportStatus::Overdue, _) if late => {
            format!(
                "{} ({} late)",
                label(row.report_status),
                days(row.days_late)
            )
        }
        (ReportStatus::Done, Some(on)) => {
            format!("{} on {}", label(row.report_status), short_date(on))
        }
        _ => label(row.report_status),
    };
    if let Some(late) = row.done_days_late {
        cell.push_str(&format!(", completed {} late", days(late)));
    }
    if row.in_progress() {
        cell.push_str(" · in progress");
    }
    if let Some(conflict) = row.rag_conflict {
        cell.push_str(" · ⚠ owner reports ");
        cell.push_str(conflict.rag().name());
    }
    cell
}

/// "20 Apr 2004 · 🟠 amber, 40% · Draft strategy to Cabinet in June", or "—".
fn latest_cell(row: &ActionRow<'_>) -> String {
    let Some(latest) = &row.latest else {
        return "—".into();
    };
    let mark = rag_mark(latest.rag);
    let rating = latest.rating();
    let mut parts = vec![short_date(latest.date)];
    if !rating.is_empty() {
        parts.push(format!("{mark}{rating}"));
    }
    parts.push(markdown_text(latest.note, false));
    parts.join(" · ")
}

/// "## Changes since …": each kind of change, then the actions with it.
fn write_changes(out: &mut dyn Write, changes: &super::progress::Changes) -> std::io::Result<()> {
    writeln!(
        out,
        "\n## Changes since {}",
        markdown_text(&changes.since, true)
    )?;
    if changes.is_empty() {
        writeln!(out, "\nNo changes.")?;
        return Ok(());
    }
    let item = |out: &mut dyn Write, id: &str, title: &str, detail: &str| {
        writeln!(
            out,
            "- {} {} — {}",
            markdown_text(id, true),
            markdown_text(title, true),
            markdown_text(detail, true)
        )
    };
    for (section, list) in &changes.sections {
        writeln!(out, "\n**{}** ({})\n", section.heading(), list.len())?;
        for change in list {
            item(
                out,
                &change.id,
                &change.title,
                &crate::render::change::detail(change),
            )?;
        }
    }
    for (heading, list) in crate::diff::indicators::grouped(&changes.indicators) {
        writeln!(out, "\n**Indicators: {heading}** ({})\n", list.len())?;
        for change in list {
            let detail = crate::render::change::indicator_detail(change);
            item(out, &change.id, &change.title, &detail)?;
        }
    }
    Ok(())
}

fn owners(row: &ActionRow<'_>) -> String {
    let owners = row.owners_shown();
    if owners.is_empty() {
        return "*(none)*".into();
    }
    owners
        .iter()
        .map(|o| markdown_text(o, false))
        .collect::<Vec<_>>()
        .join("; ")
}

fn due(row: &ActionRow<'_>) -> String {
    match (row.due_written, row.due_by) {
        (Some(w), Some(by)) => format!("{} (by {})", markdown_text(w, false), short_date(by)),
        (Some(w), None) => markdown_text(w, false),
        (None, _) => "—".into(),
    }
}

fn days_late(row: &ActionRow<'_>) -> String {
    if row.report_status == ReportStatus::Overdue {
        row.days_late.to_string()
    } else {
        "—".into()
    }
}

/// "5 actions: 3 overdue, 2 on track".
pub fn tally_text(tally: &Tally) -> String {
    let parts: Vec<String> = tally
        .nonzero()
        .map(|(s, n)| format!("{n} {}", s.label().to_lowercase()))
        .collect();
    format!(
        "{}: {}",
        plural(tally.total(), "action", "actions"),
        parts.join(", ")
    )
}
