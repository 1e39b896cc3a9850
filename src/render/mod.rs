//! Output. Commands describe their result once, as serialisable rows (for JSON) and as a
//! [`Grid`] (for table, CSV and Markdown); this module writes either in the chosen format.

pub mod actions;
pub mod change;
pub mod chase;
pub mod check;
pub mod diagnostics;
pub mod diff;
pub mod edit;
pub mod history;
pub mod indicators;
pub mod owners;
pub mod priorities;
pub mod sarif;
pub mod show;
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
    let written = match format {
        QueryFormat::Json => write_json(out, rows),
        QueryFormat::Csv => write_csv(out, grid),
        QueryFormat::Markdown => write_markdown(out, grid).and_then(|()| match summary {
            Some(summary) => writeln!(out, "\n{}", text::markdown_cell(summary)),
            None => Ok(()),
        }),
        QueryFormat::Table => write_table(out, grid, color).and_then(|()| match summary {
            Some(summary) => writeln!(out, "{}", text::terminal_safe(summary)),
            None => Ok(()),
        }),
    };
    written.map_err(Error::Output)
}

/// `value` as pretty JSON and a newline. Serialised through a buffer of its own type, so each
/// of the many small writes is a copy into it, not a call through `dyn Write`.
pub fn write_json<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> std::io::Result<()> {
    let mut buffered = std::io::BufWriter::with_capacity(64 * 1024, &mut *out);
    serde_json::to_writer_pretty(&mut buffered, value).map_err(std::io::Error::from)?;
    buffered.write_all(b"\n")?;
    buffered.flush()?;
    Ok(())
}

/// Rows serialised per chunk at once on the thread pool, for [`write_json_rows`].
const JSON_CHUNK: usize = 256;
/// Chunks serialised before they are written: bounds the memory held (a few MB of JSON).
const JSON_BATCH: usize = 8;

/// `rows` as a pretty JSON array and a newline, byte for byte what [`write_json`] writes, but
/// serialised in parallel chunks written in order (25k overdue rows of 100k actions were a
/// third of `plan list`'s single-threaded tail). Each chunk is serialised as an array of its
/// own, whose inside (between `[\n` and `\n]`) is exactly its rows' part of the whole array.
pub fn write_json_rows<R: Serialize + Sync>(
    out: &mut dyn Write,
    rows: &[R],
) -> std::io::Result<()> {
    write_json_mapped(out, rows, |row| row)
}

/// What [`write_json_rows`] writes for the rows `row` makes of `items`, each row made in the
/// chunk that serialises it: the rows never all exist at once (25k overdue actions' rows
/// held 11 MB).
pub fn write_json_mapped<'a, T, R, F>(
    out: &mut dyn Write,
    items: &'a [T],
    row: F,
) -> std::io::Result<()>
where
    T: Sync,
    R: Serialize,
    F: Fn(&'a T) -> R + Sync,
{
    use rayon::prelude::*;
    let rows_of = |chunk: &'a [T]| chunk.iter().map(&row).collect::<Vec<R>>();
    if items.len() <= JSON_CHUNK {
        return write_json(out, &rows_of(items));
    }
    out.write_all(b"[\n")?;
    for (b, batch) in items.chunks(JSON_CHUNK * JSON_BATCH).enumerate() {
        let parts: Vec<Result<Vec<u8>, serde_json::Error>> = batch
            .par_chunks(JSON_CHUNK)
            .map(|chunk| {
                let mut buf = Vec::with_capacity(chunk.len() * 512);
                serde_json::to_writer_pretty(&mut buf, &rows_of(chunk)).map(|()| buf)
            })
            .collect();
        for (c, part) in parts.into_iter().enumerate() {
            let part = part.map_err(std::io::Error::from)?;
            if b > 0 || c > 0 {
                out.write_all(b",\n")?;
            }
            out.write_all(inside_array(&part))?;
        }
    }
    out.write_all(b"\n]\n")?;
    Ok(())
}

/// The rows of a non-empty pretty-printed JSON array: `[\n` and `\n]` taken off.
fn inside_array(json: &[u8]) -> &[u8] {
    json.strip_prefix(b"[\n")
        .and_then(|rest| rest.strip_suffix(b"\n]"))
        .expect("serde_json writes a non-empty pretty array as [\\n ... \\n]")
}

/// A line that says the answer above is not complete (actions a filter could not decide). Under
/// tables and Markdown it follows the summary; machine formats stay pure data, so it goes to
/// stderr there.
pub fn write_caveat(out: &mut dyn Write, format: QueryFormat, caveat: &str) -> Result<(), Error> {
    match format {
        QueryFormat::Markdown => writeln!(out, "\n**{}**", text::markdown_cell(caveat)),
        QueryFormat::Table => writeln!(out, "{}", text::terminal_safe(caveat)),
        QueryFormat::Json | QueryFormat::Csv => {
            crate::shell::eprint_line(&text::terminal_safe(caveat));
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

fn write_csv(out: &mut dyn Write, grid: &Grid) -> std::io::Result<()> {
    text::write_csv_record(out, &grid.headers)?;
    for row in &grid.rows {
        text::write_csv_record(out, row.iter().map(|c| text::csv_cell(&c.text)))?;
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Row {
        id: String,
        owners: Vec<&'static str>,
        line: usize,
    }

    /// The chunked, parallel writer must give exactly the bytes of one serde_json call, at
    /// every size around the chunk and batch edges.
    #[test]
    fn json_rows_in_chunks_are_byte_identical() {
        let edges = [
            0,
            1,
            JSON_CHUNK,
            JSON_CHUNK + 1,
            JSON_CHUNK * JSON_BATCH,
            JSON_CHUNK * JSON_BATCH + 1,
            3 * JSON_CHUNK * JSON_BATCH + 7,
        ];
        for n in edges {
            let rows: Vec<Row> = (0..n)
                .map(|i| Row {
                    id: format!("a-{i}\n\"quoted\""),
                    owners: if i % 2 == 0 {
                        vec![]
                    } else {
                        vec!["CE", "Cabinet"]
                    },
                    line: i,
                })
                .collect();
            let mut whole = Vec::new();
            write_json(&mut whole, &rows).unwrap();
            let mut chunked = Vec::new();
            write_json_rows(&mut chunked, &rows).unwrap();
            assert_eq!(
                String::from_utf8(chunked).unwrap(),
                String::from_utf8(whole).unwrap(),
                "{n} rows"
            );
        }
    }
}
