//! `.ods`: the zip checked, then `content.xml` (and `styles.xml`) read once before calamine
//! does: every table's size counted with its repeated rows and columns (an 883-byte file
//! can repeat one cell a billion times), a truncated table refused (calamine would read it
//! for ever), and each cell's style looked up for its date format and background colour.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;

use calamine::{Data, DataType as _, Ods, Reader as _};

use crate::error::Error;

use super::limits::{MAX_CELL_CHARS, MAX_CELLS, MAX_COLUMNS, MAX_ROWS};
use super::styles::{self, Shown};
use super::xml::{self, Step};
use super::{Cell, Sheet, cannot_read, pick, too_big, zipped};

/// A cell style as written: its parent, its data style, its background.
#[derive(Default)]
struct Style {
    parent: Option<String>,
    data: Option<String>,
    background: Option<String>,
}

/// What a cell's style says that the import uses.
#[derive(Clone, Copy, Default, PartialEq)]
struct Look {
    shown: Option<Shown>,
    rag: Option<crate::model::Rag>,
}

/// Cells next to each other with one look: rows × columns from a corner, 0-based.
struct Run {
    row: u64,
    rows: u64,
    col: u64,
    cols: u64,
    look: Look,
    date: bool,
}

#[derive(Default)]
struct Styles {
    cells: HashMap<String, Style>,
    /// Date styles by name, with how much of a date each shows.
    dates: HashMap<String, Option<Shown>>,
}

impl Styles {
    fn look(&self, name: &str) -> Look {
        let mut look = Look::default();
        let mut at = Some(name);
        // A style inherits from its parent what it does not set itself; ten levels is more
        // than any program writes, and ends a loop.
        for _ in 0..10 {
            let Some(style) = at.and_then(|n| self.cells.get(n)) else {
                break;
            };
            if look.shown.is_none()
                && let Some(data) = &style.data
            {
                look.shown = self.dates.get(data).copied().flatten();
            }
            if look.rag.is_none()
                && let Some(background) = &style.background
            {
                look.rag = styles::rag_colour(background);
            }
            at = style.parent.as_deref();
        }
        look
    }

    /// Reads the cell styles and date styles of one part, stopping at its body.
    fn read(&mut self, step: &Step<'_>, state: &mut StyleState) {
        match step {
            Step::Start(e) => match e.name().into_inner() {
                b"style:style" => {
                    state.style = xml::attr(e, "style:name");
                    if let Some(name) = &state.style {
                        self.cells.insert(
                            name.clone(),
                            Style {
                                parent: xml::attr(e, "style:parent-style-name"),
                                data: xml::attr(e, "style:data-style-name"),
                                background: None,
                            },
                        );
                    }
                }
                b"style:table-cell-properties" => {
                    if let Some(style) = state.style.as_ref().and_then(|n| self.cells.get_mut(n)) {
                        style.background = xml::attr(e, "fo:background-color");
                    }
                }
                b"number:date-style" => {
                    state.date = xml::attr(e, "style:name");
                    state.parts = (false, false, false);
                }
                b"number:day" | b"number:day-of-week" if state.date.is_some() => {
                    state.parts.0 = true;
                }
                b"number:month" if state.date.is_some() => state.parts.1 = true,
                b"number:year" if state.date.is_some() => state.parts.2 = true,
                _ => {}
            },
            Step::End(b"style") => state.style = None,
            Step::End(b"date-style") => {
                if let Some(name) = state.date.take() {
                    let (day, month, year) = state.parts;
                    self.dates.insert(name, styles::parts(day, month, year));
                }
            }
            _ => {}
        }
    }
}

#[derive(Default)]
struct StyleState {
    style: Option<String>,
    date: Option<String>,
    parts: (bool, bool, bool),
}

pub fn read(path: &Path, bytes: &[u8], wanted: Option<&str>) -> Result<Sheet, Error> {
    let parts = zipped::open(path, bytes)?;
    let mut styles = Styles::default();
    if let Some(xml) = parts.get("styles.xml") {
        let mut state = StyleState::default();
        xml::walk(path, "styles.xml", xml, |step| {
            styles.read(&step, &mut state);
            Ok(())
        })?;
    }
    let content = parts
        .get("content.xml")
        .ok_or_else(|| cannot_read(path, "content.xml is missing"))?;
    let tables = scan(path, content, &mut styles)?;
    let mut book: Ods<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|err| cannot_read(path, err))?;
    let name = pick(path, &book.sheet_names(), wanted)?;
    let range = book
        .worksheet_range(&name)
        .map_err(|err| cannot_read(path, err))?;
    let (top, left) = range.start().unwrap_or((0, 0));
    let (height, width) = range.get_size();
    let runs = tables.get(&name).map(Vec::as_slice).unwrap_or_default();
    let mut looks: HashMap<(usize, usize), (Look, bool)> = HashMap::new();
    for run in runs {
        let rows =
            run.row.max(u64::from(top))..(run.row + run.rows).min(u64::from(top) + height as u64);
        let cols =
            run.col.max(u64::from(left))..(run.col + run.cols).min(u64::from(left) + width as u64);
        for r in rows {
            for c in cols.clone() {
                let at = (
                    (r - u64::from(top)) as usize,
                    (c - u64::from(left)) as usize,
                );
                looks.insert(at, (run.look, run.date));
            }
        }
    }
    let rows = range
        .rows()
        .enumerate()
        .map(|(r, row)| {
            row.iter()
                .enumerate()
                .map(|(c, data)| match (data, looks.get(&(r, c))) {
                    (Data::DateTimeIso(_), Some((look, true))) => {
                        match (data.as_date(), look.shown) {
                            (Some(day), Some(shown)) => Cell::date(day, shown),
                            _ => super::cell(data),
                        }
                    }
                    _ => super::cell(data),
                })
                .collect()
        })
        .collect();
    let fills = looks
        .into_iter()
        .filter_map(|(at, (look, _))| look.rag.map(|rag| (at, rag)))
        .collect();
    Ok(Sheet {
        name,
        origin: (top, left),
        rows,
        fills,
        ..Sheet::default()
    })
}

/// The cell being read in the scan.
struct Current {
    col: u64,
    cols: u64,
    value: bool,
    chars: usize,
    look: Look,
    date: bool,
}

/// Every table's size checked; returns, by table name, the runs of cells whose style the
/// import uses (a month or year date format, a RAG background).
fn scan(path: &Path, xml: &[u8], styles: &mut Styles) -> Result<HashMap<String, Vec<Run>>, Error> {
    let mut tables: HashMap<String, Vec<Run>> = HashMap::new();
    let mut state = StyleState::default();
    let mut in_body = false;
    let mut looks: HashMap<String, Look> = HashMap::new();
    let mut table: Option<String> = None;
    // Default cell styles of the table's columns: (first column, columns, style).
    let mut columns: Vec<(u64, u64, String)> = Vec::new();
    let mut next_column = 0u64;
    let (mut row, mut rows) = (0u64, 1u64);
    let mut next_col = 0u64;
    let mut cell: Option<Current> = None;
    let mut elements = 0usize;
    let mut cells = 0u64;
    let mut spread: Option<(u64, u64, u64, u64)> = None;
    xml::walk(path, "content.xml", xml, |step| {
        if !in_body {
            if let Step::Start(e) = &step
                && e.name().into_inner() == b"office:body"
            {
                in_body = true;
                return Ok(());
            }
            styles.read(&step, &mut state);
            return Ok(());
        }
        let mut look_of = |name: &str| {
            *looks
                .entry(name.to_owned())
                .or_insert_with(|| styles.look(name))
        };
        match step {
            Step::Start(e) => match e.name().into_inner() {
                b"table:table" if table.is_none() => {
                    let name = xml::attr(e, "table:name").unwrap_or_default();
                    tables.entry(name.clone()).or_default();
                    table = Some(name);
                    columns.clear();
                    (next_column, row, rows, cells, spread) = (0, 0, 1, 0, None);
                }
                b"table:table-column" if table.is_some() => {
                    let n = repeat(e, "table:number-columns-repeated");
                    if let Some(style) = xml::attr(e, "table:default-cell-style-name") {
                        columns.push((next_column, n, style));
                    }
                    next_column = next_column.saturating_add(n);
                }
                b"table:table-row" if table.is_some() && cell.is_none() => {
                    rows = repeat(e, "table:number-rows-repeated");
                    next_col = 0;
                }
                b"table:table-cell" | b"table:covered-table-cell"
                    if table.is_some() && cell.is_none() =>
                {
                    elements += 1;
                    if elements > MAX_CELLS {
                        return Err(too_many(path, table.as_deref().unwrap_or_default()));
                    }
                    let cols = repeat(e, "table:number-columns-repeated");
                    let style = xml::attr(e, "table:style-name").or_else(|| {
                        columns
                            .iter()
                            .find(|(from, n, _)| {
                                (*from..from.saturating_add(*n)).contains(&next_col)
                            })
                            .map(|(_, _, style)| style.clone())
                    });
                    let value_type = xml::attr(e, "office:value-type");
                    cell = Some(Current {
                        col: next_col,
                        cols,
                        value: value_type.is_some() || xml::attr(e, "table:formula").is_some(),
                        chars: 0,
                        look: style.map(|s| look_of(&s)).unwrap_or_default(),
                        date: value_type.as_deref() == Some("date"),
                    });
                    next_col = next_col.saturating_add(cols);
                }
                _ => {}
            },
            Step::Text { chars, blank } => {
                if let Some(cell) = cell.as_mut() {
                    cell.chars += chars;
                    cell.value |= !blank;
                    if cell.chars > MAX_CELL_CHARS {
                        return Err(too_big(
                            path,
                            &format!(
                                "a cell of table \"{}\" is longer than {MAX_CELL_CHARS} characters",
                                table.as_deref().unwrap_or_default()
                            ),
                            &format!(
                                "{MAX_CELL_CHARS} characters in a cell (a spreadsheet's own limit)"
                            ),
                        ));
                    }
                }
            }
            Step::End(b"table-cell" | b"covered-table-cell") => {
                let Some(done) = cell.take() else {
                    return Ok(());
                };
                let name = table.as_deref().unwrap_or_default();
                if done.value {
                    cells = cells.saturating_add(done.cols.saturating_mul(rows));
                    let (bottom, right) = (
                        row.saturating_add(rows - 1),
                        done.col.saturating_add(done.cols - 1),
                    );
                    if cells > MAX_CELLS as u64 || bottom >= MAX_ROWS || right >= MAX_COLUMNS {
                        return Err(too_many(path, name));
                    }
                    let (t, l, b, r) = spread.unwrap_or((row, done.col, bottom, right));
                    let grown = (t.min(row), l.min(done.col), b.max(bottom), r.max(right));
                    if (grown.2 - grown.0 + 1).saturating_mul(grown.3 - grown.1 + 1)
                        > MAX_CELLS as u64
                    {
                        return Err(too_many(path, name));
                    }
                    spread = Some(grown);
                }
                if done.look != Look::default() {
                    tables.entry(name.to_owned()).or_default().push(Run {
                        row,
                        rows,
                        col: done.col,
                        cols: done.cols,
                        look: done.look,
                        date: done.date,
                    });
                }
            }
            Step::End(b"table-row") if cell.is_none() && table.is_some() => {
                row = row.saturating_add(rows);
                rows = 1;
            }
            Step::End(b"table") if cell.is_none() => table = None,
            _ => {}
        }
        Ok(())
    })?;
    Ok(tables)
}

/// A repeat count (`number-columns-repeated`, `number-rows-repeated`): 1 when absent, at
/// least 1, and saturating rather than overflowing.
fn repeat(e: &quick_xml::events::BytesStart<'_>, key: &str) -> u64 {
    xml::attr(e, key)
        .and_then(|n| n.trim().parse::<u64>().ok())
        .unwrap_or(1)
        .max(1)
}

fn too_many(path: &Path, name: &str) -> Error {
    too_big(
        path,
        &format!(
            "table \"{name}\" has more than {MAX_CELLS} cells (counting repeated rows and columns)"
        ),
        &format!("{MAX_CELLS} cells"),
    )
}
