//! `plan diff`'s answer ([`crate::diff::sides::DiffView`]) as JSON, CSV (one row a change),
//! or a summary line and a table per section.

use std::io::Write;

use super::{Grid, GridCell, text, write_result};
use crate::diff::Change;
use crate::diff::sides::DiffView;
use crate::error::Error;
use crate::format::QueryFormat as Format;

pub fn write(
    out: &mut dyn Write,
    format: Format,
    color: bool,
    view: &DiffView,
) -> Result<(), Error> {
    match format {
        Format::Json => write_result(out, format, color, view, &Grid::default(), None),
        Format::Csv => {
            let changes = view.sections.iter().flat_map(|s| s.actions.iter());
            let mut grid = grid(vec!["Change", "ID", "Action", "Detail"], changes, true);
            grid.rows.extend(view.indicators.iter().map(|c| {
                vec![
                    c.change.into(),
                    c.id.as_str().into(),
                    c.title.as_str().into(),
                    super::change::indicator_detail(c).into(),
                ]
            }));
            write_result(out, format, color, &(), &grid, None)
        }
        Format::Markdown | Format::Table => write_sections(out, format, color, view),
    }
}

/// The summary line, then a heading and a table for each section with changes.
fn write_sections(
    out: &mut dyn Write,
    format: Format,
    color: bool,
    view: &DiffView,
) -> Result<(), Error> {
    let markdown = format == Format::Markdown;
    let summary = summary(view);
    let summary = if markdown {
        text::markdown_cell(&summary)
    } else {
        text::terminal_safe(&summary)
    };
    writeln!(out, "{summary}").map_err(Error::Output)?;
    for section in view.sections.iter().filter(|s| s.count > 0) {
        let heading = format!("{} ({})", section.heading, section.count);
        let written = if markdown {
            writeln!(out, "\n### {heading}\n")
        } else {
            writeln!(out, "\n{heading}")
        };
        written.map_err(Error::Output)?;
        let grid = grid(
            vec!["ID", "Action", "Change"],
            section.actions.iter(),
            false,
        );
        write_result(out, format, color, &(), &grid, None)?;
    }
    if !view.indicators.is_empty() {
        let heading = format!("Indicators ({})", view.indicators.len());
        let written = if markdown {
            writeln!(out, "\n### {heading}\n")
        } else {
            writeln!(out, "\n{heading}")
        };
        written.map_err(Error::Output)?;
        let rows = view
            .indicators
            .iter()
            .map(|c| {
                vec![
                    c.id.as_str().into(),
                    c.change.into(),
                    super::change::indicator_detail(c).into(),
                ]
            })
            .collect();
        let grid = Grid {
            headers: vec!["ID", "Change", "Detail"],
            rows,
            wide: Some(2),
            droppable: Vec::new(),
        };
        write_result(out, format, color, &(), &grid, None)?;
    }
    Ok(())
}

/// "Changes from v1.0 (abc1234) to the working tree: 2 slipped, 1 done", or "…: none".
fn summary(view: &DiffView) -> String {
    let counts: Vec<String> = view
        .sections
        .iter()
        .filter(|s| s.count > 0)
        .map(|s| format!("{} {}", s.count, s.heading.to_lowercase()))
        .chain(
            (!view.indicators.is_empty())
                .then(|| format!("{} indicator changes", view.indicators.len())),
        )
        .collect();
    format!(
        "Changes from {} to {}: {}",
        view.from.label(),
        view.to.label(),
        if counts.is_empty() {
            "none".to_owned()
        } else {
            counts.join(", ")
        }
    )
}

/// A row a change: id, title and detail, led by the change's kind when `with_kind` (CSV has
/// no section headings to say it).
fn grid<'a>(
    headers: Vec<&'static str>,
    changes: impl Iterator<Item = &'a Change>,
    with_kind: bool,
) -> Grid {
    let rows = changes
        .map(|c| {
            let kind = with_kind.then(|| GridCell::from(c.change.name()));
            kind.into_iter()
                .chain([
                    GridCell::from(c.id.as_str()),
                    GridCell::from(c.title.as_str()),
                    GridCell::from(super::change::detail(c)),
                ])
                .collect()
        })
        .collect();
    Grid {
        headers,
        rows,
        // The title: after the kind, when there is one.
        wide: Some(if with_kind { 2 } else { 1 }),
        droppable: Vec::new(),
    }
}
