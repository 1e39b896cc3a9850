//! Output. Commands describe their result once, as serialisable rows (for JSON) and as a
//! [`Grid`] (for table, CSV and Markdown); this module writes either in the chosen format.

pub mod actions;
pub mod diagnostics;
pub mod sarif;
pub mod text;

use std::io::Write;

use comfy_table::{Cell, Color, ColumnConstraint, ContentArrangement, Table, Width, presets};
use serde::Serialize;

use crate::error::Error;
use crate::format::QueryFormat;

/// How a cell should stand out in a coloured table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Tone {
    #[default]
    Plain,
    Alert,
    Warn,
    Muted,
}

#[derive(Clone, Debug, Default)]
pub struct GridCell {
    pub text: String,
    pub tone: Tone,
}

impl From<String> for GridCell {
    fn from(text: String) -> Self {
        GridCell {
            text,
            tone: Tone::Plain,
        }
    }
}

impl From<&str> for GridCell {
    fn from(text: &str) -> Self {
        GridCell::from(text.to_owned())
    }
}

pub fn cell(text: impl Into<String>, tone: Tone) -> GridCell {
    GridCell {
        text: text.into(),
        tone,
    }
}

/// A result as rows and columns of text.
#[derive(Clone, Debug, Default)]
pub struct Grid {
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<GridCell>>,
    /// The column of long prose (an action's title), given the most room in narrow tables.
    pub wide: Option<usize>,
    /// Columns a narrow terminal table leaves out (the data stays in every other format).
    pub droppable: Vec<usize>,
}

/// Below this many columns, tables leave out their droppable columns.
const NARROW: u16 = 120;

/// Writes a result: `rows` as JSON, or `grid` as table, CSV or Markdown. `summary` is a line
/// for people, shown under tables and Markdown only, so machine formats stay pure data.
pub fn write_result<T: Serialize>(
    out: &mut dyn Write,
    format: QueryFormat,
    color: bool,
    rows: &T,
    grid: &Grid,
    summary: Option<&str>,
) -> Result<(), Error> {
    write_any(out, format, color, rows, grid, summary).map_err(Error::Output)
}

fn write_any<T: Serialize>(
    out: &mut dyn Write,
    format: QueryFormat,
    color: bool,
    rows: &T,
    grid: &Grid,
    summary: Option<&str>,
) -> std::io::Result<()> {
    match format {
        QueryFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, rows).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        QueryFormat::Csv => write_csv(out, grid)?,
        QueryFormat::Markdown => {
            write_markdown(out, grid)?;
            if let Some(summary) = summary {
                writeln!(out, "\n{}", text::markdown_cell(summary))?;
            }
        }
        QueryFormat::Table => {
            write_table(out, grid, color)?;
            if let Some(summary) = summary {
                writeln!(out, "{}", text::terminal_safe(summary))?;
            }
        }
    }
    Ok(())
}

/// A line that says the answer above is not complete (actions a filter could not decide). Under
/// tables and Markdown it follows the summary; machine formats stay pure data, so it goes to
/// stderr there.
pub fn write_caveat(out: &mut dyn Write, format: QueryFormat, caveat: &str) -> Result<(), Error> {
    match format {
        QueryFormat::Markdown => writeln!(out, "\n**{}**", text::markdown_cell(caveat)),
        QueryFormat::Table => writeln!(out, "{}", text::terminal_safe(caveat)),
        QueryFormat::Json | QueryFormat::Csv => {
            eprintln!("{}", text::terminal_safe(caveat));
            Ok(())
        }
    }
    .map_err(Error::Output)
}

fn write_table(out: &mut dyn Write, grid: &Grid, color: bool) -> std::io::Result<()> {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(grid.headers.clone());
    if let Some(width) = terminal_width() {
        table.set_width(width);
        if let Some(column) = grid.wide.and_then(|i| table.column_mut(i)) {
            column.set_constraint(ColumnConstraint::LowerBoundary(Width::Percentage(40)));
        }
        if width < NARROW {
            for &i in &grid.droppable {
                if let Some(column) = table.column_mut(i) {
                    column.set_constraint(ColumnConstraint::Hidden);
                }
            }
        }
    }
    if color {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    for row in &grid.rows {
        table.add_row(row.iter().map(|c| {
            let cell = Cell::new(text::terminal_safe(&c.text));
            match (color, c.tone) {
                (true, Tone::Alert) => cell.fg(Color::Red),
                (true, Tone::Warn) => cell.fg(Color::Yellow),
                (true, Tone::Muted) => cell.fg(Color::DarkGrey),
                _ => cell,
            }
        }));
    }
    if grid.rows.is_empty() {
        return Ok(());
    }
    writeln!(out, "{table}")?;
    Ok(())
}

/// Width to fit tables to: `COLUMNS` if set (so scripts and tests can fix it), else the
/// terminal's own width, else no limit.
fn terminal_width() -> Option<u16> {
    if let Some(columns) = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()) {
        return Some(columns);
    }
    crossterm_width()
}

fn crossterm_width() -> Option<u16> {
    use std::io::IsTerminal as _;
    if std::io::stdout().is_terminal() {
        comfy_table::Table::new().width()
    } else {
        None
    }
}

/// A CSV writer's error as the I/O error under it (kept as is, so its kind survives).
pub fn csv_io_error(err: csv::Error) -> std::io::Error {
    match err.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

fn write_csv(out: &mut dyn Write, grid: &Grid) -> std::io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let csv_error = csv_io_error;
    writer.write_record(&grid.headers).map_err(csv_error)?;
    for row in &grid.rows {
        writer
            .write_record(row.iter().map(|c| text::csv_cell(&c.text)))
            .map_err(csv_error)?;
    }
    writer.flush()?;
    Ok(())
}

fn write_markdown(out: &mut dyn Write, grid: &Grid) -> std::io::Result<()> {
    writeln!(out, "| {} |", grid.headers.join(" | "))?;
    writeln!(out, "|{}", "---|".repeat(grid.headers.len()))?;
    for row in &grid.rows {
        let cells: Vec<String> = row.iter().map(|c| text::markdown_cell(&c.text)).collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    Ok(())
}
