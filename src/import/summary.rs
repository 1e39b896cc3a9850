//! What `plan import` says it read and wrote: the columns and the layout it found, the roles
//! added, the cells it could not read or kept as notes, what `plan check` will report, and
//! the files written (or that would be, for `--dry-run`).

use std::io::Write;
use std::path::Path;

use crate::import::Import;
use crate::text::plural;
use crate::text::terminal_safe;

/// Everything read from `source`, said before anything is written (paths shown from the
/// folder above `plan_dir`).
pub fn summary(
    out: &mut dyn Write,
    import: &Import,
    source: &Path,
    plan_dir: &Path,
) -> std::io::Result<()> {
    let base = plan_dir.parent().unwrap_or(Path::new(""));
    let draft = &import.draft;

    let actions: usize = draft.priorities.iter().map(|p| p.actions.len()).sum();
    writeln!(
        out,
        "Imported {} ({}): {}, {}",
        terminal_safe(&source.display().to_string()),
        draft.layout.describe(),
        plural(draft.priorities.len(), "priority", "priorities"),
        plural(actions, "action", "actions")
    )?;
    for note in &import.notes {
        writeln!(out, "Note: {}", terminal_safe(note))?;
    }
    columns(out, import)?;
    let owners = base.join("plan").join(crate::load::OWNERS_FILE);
    let owners = import
        .files
        .iter()
        .find(|f| f.path.ends_with(crate::load::OWNERS_FILE))
        .map_or(owners, |f| f.path.clone());
    if draft.roles_added.is_empty() {
        writeln!(out, "Roles added: none (every name is on the roster)")?;
    } else {
        writeln!(
            out,
            "Roles added to {} (not on the roster):",
            shown(&owners, base)
        )?;
        for name in &draft.roles_added {
            writeln!(out, "  {}", terminal_safe(name))?;
        }
    }
    if draft.unread.is_empty() {
        writeln!(out, "Cells not read: none")?;
    } else {
        writeln!(out, "Cells not read (kept in due_note, left undated):")?;
        for cell in &draft.unread {
            // The reason quotes the cell's text.
            writeln!(
                out,
                "  {}: {}",
                terminal_safe(&cell.reference),
                terminal_safe(&cell.reason)
            )?;
        }
    }
    for (source, title) in &draft.headed {
        writeln!(
            out,
            "Priority owner and due date from a row with no action: {} ({})",
            terminal_safe(source),
            terminal_safe(&short(title))
        )?;
    }
    if !draft.actionless.is_empty() {
        writeln!(out, "Cells not imported (a row with no action):")?;
        for cell in &draft.actionless {
            writeln!(
                out,
                "  {}: \"{}\": {}",
                terminal_safe(&cell.reference),
                terminal_safe(&short(&cell.text)),
                terminal_safe(&cell.reason)
            )?;
        }
    }
    for (shown, hidden) in [("month", "day"), ("year", "day or month")] {
        let cells: Vec<&str> = draft
            .shown_dates
            .iter()
            .filter(|(_, s)| *s == shown)
            .map(|(at, _)| at.as_str())
            .collect();
        if !cells.is_empty() {
            writeln!(
                out,
                "Date cells read as the whole {shown} (their format shows no {hidden}): {}",
                terminal_safe(&cells.join(", "))
            )?;
        }
    }
    monitoring(out, import)?;
    gaps(out, import)
}

/// The files written and removed, or with `dry_run` those that would be.
pub fn files(
    out: &mut dyn Write,
    import: &Import,
    source: &Path,
    plan_dir: &Path,
    dry_run: bool,
) -> std::io::Result<()> {
    let base = plan_dir.parent().unwrap_or(Path::new(""));
    if dry_run {
        writeln!(out, "Would write:")?;
        planned(out, import, base)?;
        removed(out, import, source, base, "Would remove")?;
        writeln!(out, "dry run: nothing written")
    } else {
        writeln!(out, "Wrote:")?;
        planned(out, import, base)?;
        removed(out, import, source, base, "Removed")
    }
}

/// Statuses and first updates from the Status, RAG and progress columns, and the cells of
/// those columns kept as notes.
fn monitoring(out: &mut dyn Write, import: &Import) -> std::io::Result<()> {
    let actions = || import.draft.priorities.iter().flat_map(|p| &p.actions);
    let statuses = actions().filter(|a| a.status.is_some()).count();
    let updates: Vec<_> = actions().filter_map(|a| a.update.as_ref()).collect();
    if let Some(first) = updates.first() {
        writeln!(
            out,
            "Monitoring carried across: {} set, {} dated {} (--as-at)",
            plural(statuses, "status", "statuses"),
            plural(updates.len(), "first update", "first updates"),
            first.date
        )?;
    }
    if !import.draft.rag_fills.is_empty() {
        let cells: Vec<String> = import
            .draft
            .rag_fills
            .iter()
            .map(|(at, colour)| format!("{} {colour}", terminal_safe(at)))
            .collect();
        writeln!(
            out,
            "RAG read from the cell's fill colour: {}",
            cells.join(", ")
        )?;
    }
    if !import.draft.kept.is_empty() {
        writeln!(out, "Cells kept as notes (not a status or RAG colour):")?;
        for cell in &import.draft.kept {
            writeln!(
                out,
                "  {}: {}",
                terminal_safe(&cell.reference),
                terminal_safe(&cell.reason)
            )?;
        }
    }
    Ok(())
}

/// The header row, which column is read as what (with a sample), every column not read,
/// why the layout, and where priorities came from when the sheet names none.
fn columns(out: &mut dyn Write, import: &Import) -> std::io::Result<()> {
    let safe = |t: &str| terminal_safe(&short(t));
    match import.header_row {
        Some(row) if import.header_two_rows => writeln!(
            out,
            "Header: rows {row} and {} (headings over two rows, read together)",
            row + 1
        )?,
        Some(row) => writeln!(out, "Header: row {row}")?,
        None => writeln!(out, "Header: none (every row is data)")?,
    }
    writeln!(out, "Columns read:")?;
    for col in &import.mapping {
        let heading = quoted(&col.heading);
        let sample = col
            .sample
            .as_deref()
            .map_or("(empty)".to_owned(), |s| format!("e.g. \"{}\"", safe(s)));
        writeln!(
            out,
            "  {}{heading} as {}, {sample}",
            col.letter,
            col.field.name()
        )?;
    }
    if import.unused.is_empty() {
        writeln!(out, "Columns not read: none")?;
    } else {
        writeln!(out, "Columns not read:")?;
        for col in &import.unused {
            writeln!(
                out,
                "  {}{}: {}, {}",
                col.letter,
                quoted(&col.heading),
                terminal_safe(&col.why),
                plural(col.cells, "cell", "cells")
            )?;
        }
    }
    let draft = &import.draft;
    writeln!(
        out,
        "Layout: {} ({})",
        draft.layout.describe(),
        terminal_safe(&import.layout_why)
    )?;
    if let Some((title, from)) = &draft.untitled {
        writeln!(
            out,
            "Priority: \"{}\" ({from}: the sheet has no priority column; name another with --priority TITLE)",
            safe(title)
        )?;
    }
    if !draft.sections.is_empty() {
        let rows: Vec<String> = draft
            .sections
            .iter()
            .map(|(at, title)| format!("{} \"{}\"", terminal_safe(at), safe(title)))
            .collect();
        writeln!(out, "Section rows read as priorities: {}", rows.join(", "))?;
    }
    if !draft.dittos.is_empty() {
        writeln!(
            out,
            "Owner cells repeating the owner above (\"ditto\"): {}",
            terminal_safe(&draft.dittos.join(", "))
        )?;
    }
    Ok(())
}

/// ` "Heading"`, or nothing for a column without one.
fn quoted(heading: &str) -> String {
    if heading.is_empty() {
        String::new()
    } else {
        format!(" \"{}\"", terminal_safe(&short(heading)))
    }
}

/// A cell's text on one line, cut at 40 characters.
fn short(text: &str) -> String {
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() > 40 {
        line.chars().take(39).chain(['…']).collect()
    } else {
        line
    }
}

/// What `plan check` will say about the imported items, by rule, so nobody is surprised.
fn gaps(out: &mut dyn Write, import: &Import) -> std::io::Result<()> {
    let tally = |errors: bool| {
        let mut rules: Vec<(&str, usize)> = Vec::new();
        for gap in import.gaps.iter().filter(|g| g.is_error() == errors) {
            match rules.iter_mut().find(|(r, _)| *r == gap.rule.name()) {
                Some((_, n)) => *n += 1,
                None => rules.push((gap.rule.name(), 1)),
            }
        }
        let parts: Vec<String> = rules
            .iter()
            .map(|(rule, n)| format!("{n} {rule}"))
            .collect();
        if parts.is_empty() {
            "none".to_owned()
        } else {
            parts.join(", ")
        }
    };
    writeln!(
        out,
        "plan check will report on these: errors {} (gaps the source leaves); warnings {}",
        tally(true),
        tally(false)
    )
}

fn planned(out: &mut dyn Write, import: &Import, base: &Path) -> std::io::Result<()> {
    for file in &import.files {
        let note = match (
            &file.existing,
            file.path.ends_with(crate::load::OWNERS_FILE),
        ) {
            (Some(_), true) => " (roles added)",
            (Some(_), false) => " (replaces the existing file)",
            (None, _) => "",
        };
        writeln!(out, "  {}{note}", shown(&file.path, base))?;
    }
    Ok(())
}

/// The files of an earlier import of this sheet that it no longer makes (`--force`).
fn removed(
    out: &mut dyn Write,
    import: &Import,
    source: &Path,
    base: &Path,
    heading: &str,
) -> std::io::Result<()> {
    if import.removed.is_empty() {
        return Ok(());
    }
    let name = source.file_name().unwrap_or(source.as_os_str());
    writeln!(
        out,
        "{heading} (an earlier import of {} wrote {}; the sheet no longer makes {}):",
        terminal_safe(&name.to_string_lossy()),
        if import.removed.len() == 1 {
            "it"
        } else {
            "them"
        },
        if import.removed.len() == 1 {
            "it"
        } else {
            "them"
        },
    )?;
    for file in &import.removed {
        writeln!(out, "  {}", shown(&file.path, base))?;
    }
    Ok(())
}

fn shown(path: &Path, base: &Path) -> String {
    let relative = path.strip_prefix(base).unwrap_or(path);
    terminal_safe(&relative.display().to_string())
}
