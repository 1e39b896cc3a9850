//! `.xlsx` (and `.xlsm`): the zip checked and its parts read for what calamine does not give
//! (each cell's style: its number format and its fill), then the cells read with calamine's
//! streaming reader, so a sheet is never allocated before its size is known.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;

use calamine::{Data, DataType as _, Reader as _, Xlsx};

use crate::error::Error;

use super::limits::{MAX_CELL_CHARS, MAX_CELLS};
use super::styles::{self, Shown};
use super::xml::{self, Step};
use super::{Cell, Sheet, cannot_read, column_letters, pick, too_big, zipped};
use crate::model::Rag;

/// What one cell format (`cellXfs/xf`) says: how much of a date it shows, its RAG fill.
#[derive(Clone, Copy, Debug, Default)]
struct Xf {
    shown: Option<Shown>,
    rag: Option<Rag>,
}

pub fn read(path: &Path, bytes: &[u8], wanted: Option<&str>) -> Result<Sheet, Error> {
    let parts = zipped::open(path, bytes)?;
    if let Some(strings) = parts.get("xl/sharedStrings.xml") {
        shared_strings(path, strings)?;
    }
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|err| cannot_read(path, err))?;
    let name = pick(path, &book.sheet_names(), wanted)?;
    let part = sheet_part(path, &parts, &name)?;
    let xml = parts
        .get(&part)
        .ok_or_else(|| cannot_read(path, format!("sheet \"{name}\" ({part}) is missing")))?;
    let xfs = match parts.get("xl/styles.xml") {
        Some(styles) => cell_formats(path, styles, &theme(path, &parts)?)?,
        None => Vec::new(),
    };
    let styled = scan(path, &name, &part, xml, &xfs)?;
    let mut reader = book
        .worksheet_cells_reader(&name)
        .map_err(|err| cannot_read(path, err))?;
    let mut cells = Vec::new();
    while let Some(cell) = reader.next_cell().map_err(|err| cannot_read(path, err))? {
        let value = Data::from(cell.get_value().clone());
        if value == Data::Empty {
            continue;
        }
        if cells.len() >= MAX_CELLS {
            return Err(too_many(path, &name));
        }
        cells.push((cell.get_position(), value));
    }
    let Some(top) = cells.iter().map(|c| c.0.0).min() else {
        return Ok(Sheet {
            name,
            ..Sheet::default()
        });
    };
    let left = cells.iter().map(|c| c.0.1).min().unwrap_or(0);
    let height = cells.iter().map(|c| c.0.0).max().unwrap_or(top) - top + 1;
    let width = cells.iter().map(|c| c.0.1).max().unwrap_or(left) - left + 1;
    if u64::from(height) * u64::from(width) > MAX_CELLS as u64 {
        return Err(too_many(path, &name));
    }
    let mut rows = vec![vec![Cell::Empty; width as usize]; height as usize];
    for ((r, c), value) in cells {
        let shown = styled.get(&(r, c)).and_then(|&x| xfs[x].shown);
        rows[(r - top) as usize][(c - left) as usize] = cell(&value, shown);
    }
    let mut fills = HashMap::new();
    for (&(r, c), &x) in &styled {
        let inside = (top..top + height).contains(&r) && (left..left + width).contains(&c);
        if let (true, Some(rag)) = (inside, xfs[x].rag) {
            fills.insert(((r - top) as usize, (c - left) as usize), rag);
        }
    }
    Ok(Sheet {
        name,
        origin: (top, left),
        rows,
        fills,
        ..Sheet::default()
    })
}

fn too_many(path: &Path, name: &str) -> Error {
    too_big(
        path,
        &format!("sheet \"{name}\" has more than {MAX_CELLS} cells"),
        &format!("{MAX_CELLS} cells"),
    )
}

/// A calamine value as a cell; a date cell as much of a date as its format shows.
fn cell(data: &Data, shown: Option<Shown>) -> Cell {
    match (data, shown) {
        (Data::DateTime(_) | Data::DateTimeIso(_), Some(shown)) => match data.as_date() {
            Some(day) => Cell::date(day, shown),
            None => Cell::Text(data.to_string()),
        },
        _ => super::cell(data),
    }
}

/// Refuses a shared text longer than a spreadsheet cell can hold.
fn shared_strings(path: &Path, xml: &[u8]) -> Result<(), Error> {
    let mut length = 0usize;
    xml::walk(path, "xl/sharedStrings.xml", xml, |step| {
        match step {
            Step::Start(e) if xml::name(e) == b"si" => length = 0,
            Step::Text { chars, .. } => {
                length += chars;
                if length > MAX_CELL_CHARS {
                    return Err(too_long(path, "a text in xl/sharedStrings.xml"));
                }
            }
            _ => {}
        }
        Ok(())
    })
}

fn too_long(path: &Path, what: &str) -> Error {
    too_big(
        path,
        &format!("{what} is longer than {MAX_CELL_CHARS} characters"),
        &format!("{MAX_CELL_CHARS} characters in a cell (a spreadsheet's own limit)"),
    )
}

/// The zip part of the sheet called `name`, found as calamine finds it: `xl/workbook.xml`
/// gives its relationship id, `xl/_rels/workbook.xml.rels` the part.
fn sheet_part(path: &Path, parts: &zipped::Parts, name: &str) -> Result<String, Error> {
    let missing = |what: &str| cannot_read(path, format!("{what} is missing"));
    let mut targets = HashMap::new();
    let rels = parts
        .get("xl/_rels/workbook.xml.rels")
        .ok_or_else(|| missing("xl/_rels/workbook.xml.rels"))?;
    xml::walk(path, "xl/_rels/workbook.xml.rels", rels, |step| {
        if let Step::Start(e) = step
            && xml::name(e) == b"Relationship"
            && let (Some(id), Some(target)) = (xml::attr(e, "Id"), xml::attr(e, "Target"))
        {
            targets.insert(id, target);
        }
        Ok(())
    })?;
    let book = parts
        .get("xl/workbook.xml")
        .ok_or_else(|| missing("xl/workbook.xml"))?;
    let mut found = None;
    xml::walk(path, "xl/workbook.xml", book, |step| {
        if let Step::Start(e) = step
            && xml::name(e) == b"sheet"
            && found.is_none()
            && xml::attr(e, "name").as_deref() == Some(name)
        {
            found = xml::attr_local(e, "id").and_then(|id| targets.get(&id).cloned());
        }
        Ok(())
    })?;
    let target = found.ok_or_else(|| missing(&format!("sheet \"{name}\"'s part")))?;
    Ok(if let Some(rest) = target.strip_prefix("/xl/") {
        format!("xl/{rest}")
    } else if target.starts_with("xl/") {
        target
    } else {
        format!("xl/{target}")
    })
}

/// The theme's colours in the order fills number them (light 1, dark 1, light 2, dark 2,
/// accents 1-6, hyperlink, followed hyperlink), as hex.
fn theme(path: &Path, parts: &zipped::Parts) -> Result<Vec<String>, Error> {
    let Some(xml) = parts.get("xl/theme/theme1.xml") else {
        return Ok(Vec::new());
    };
    let mut colours = Vec::new();
    let mut in_scheme = false;
    let mut depth = 0;
    xml::walk(path, "xl/theme/theme1.xml", xml, |step| {
        match step {
            Step::Start(e) if xml::name(e) == b"clrScheme" => in_scheme = true,
            Step::End(b"clrScheme") => in_scheme = false,
            Step::Start(e) if in_scheme => {
                depth += 1;
                let colour = match xml::name(e) {
                    b"srgbClr" => xml::attr(e, "val"),
                    b"sysClr" => xml::attr(e, "lastClr"),
                    _ => None,
                };
                if let Some(colour) = colour
                    && depth == 2
                {
                    colours.push(colour);
                }
            }
            Step::End(_) if in_scheme => depth -= 1,
            _ => {}
        }
        Ok(())
    })?;
    if colours.len() >= 4 {
        colours.swap(0, 1);
        colours.swap(2, 3);
    }
    Ok(colours)
}

/// `xl/styles.xml`'s cell formats (`cellXfs`), each with what its number format and its fill
/// say. A cell's `s` attribute is an index into these.
fn cell_formats(path: &Path, xml: &[u8], theme: &[String]) -> Result<Vec<Xf>, Error> {
    let mut codes: HashMap<u32, String> = HashMap::new();
    let mut fills: Vec<Option<Rag>> = Vec::new();
    let mut xfs = Vec::new();
    let mut stack: Vec<Vec<u8>> = Vec::new();
    let mut solid = false;
    xml::walk(path, "xl/styles.xml", xml, |step| {
        match step {
            Step::Start(e) => {
                let name = xml::name(e).to_vec();
                let parent = stack.last().map(Vec::as_slice);
                match (name.as_slice(), parent) {
                    (b"numFmt", _) => {
                        if let (Some(id), Some(code)) = (
                            xml::attr(e, "numFmtId").and_then(|i| i.parse().ok()),
                            xml::attr(e, "formatCode"),
                        ) {
                            codes.insert(id, code);
                        }
                    }
                    (b"fill", Some(b"fills")) => fills.push(None),
                    (b"patternFill", _) => {
                        solid = xml::attr(e, "patternType").as_deref() == Some("solid");
                    }
                    (b"fgColor", Some(b"patternFill")) if solid => {
                        if let Some(last) = fills.last_mut() {
                            *last = fill_colour(e, theme);
                        }
                    }
                    (b"xf", Some(b"cellXfs")) => {
                        let number = |key| xml::attr(e, key).and_then(|v| v.parse::<u32>().ok());
                        xfs.push((number("numFmtId"), number("fillId")));
                    }
                    _ => {}
                }
                stack.push(name);
            }
            Step::End(_) => {
                stack.pop();
            }
            Step::Text { .. } => {}
        }
        Ok(())
    })?;
    Ok(xfs
        .into_iter()
        .map(|(format, fill)| Xf {
            shown: format.and_then(|id| match codes.get(&id) {
                Some(code) => styles::excel_code(code),
                None => styles::builtin(id),
            }),
            rag: fill.and_then(|f| fills.get(f as usize).copied().flatten()),
        })
        .collect())
}

/// A fill's foreground colour as red, amber or green, given as RGB, a theme colour (with
/// its tint) or a legacy palette index.
fn fill_colour(e: &quick_xml::events::BytesStart<'_>, theme: &[String]) -> Option<Rag> {
    let tint = xml::attr(e, "tint")
        .and_then(|t| t.parse::<f64>().ok())
        .unwrap_or(0.0);
    if let Some(rgb) = xml::attr(e, "rgb") {
        return styles::rag_colour_tinted(&rgb, tint);
    }
    if let Some(index) = xml::attr(e, "theme").and_then(|t| t.parse::<usize>().ok()) {
        return theme
            .get(index)
            .and_then(|rgb| styles::rag_colour_tinted(rgb, tint));
    }
    xml::attr(e, "indexed")
        .and_then(|i| i.parse().ok())
        .and_then(styles::indexed_colour)
}

/// Reads the sheet's XML once before calamine does, positions counted as calamine counts
/// them: refuses too many cells, a spread too large to hold (one far cell), or a cell text
/// longer than a cell can hold; returns the cells whose format matters (a month or year
/// date format, a RAG fill) with their format's index.
fn scan(
    path: &Path,
    name: &str,
    part: &str,
    xml: &[u8],
    xfs: &[Xf],
) -> Result<HashMap<(u32, u32), usize>, Error> {
    let mut styled = HashMap::new();
    let (mut row, mut col) = (0u32, 0u32);
    let mut elements = 0usize;
    // (top, left, bottom, right) of the cells with a value.
    let mut spread: Option<(u32, u32, u32, u32)> = None;
    let mut far = (0u32, 0u32);
    // The cell being read: its position, whether it has a value, its text's length.
    let mut current: Option<((u32, u32), bool, usize)> = None;
    let mut in_value = false;
    xml::walk(path, part, xml, |step| {
        match step {
            Step::Start(e) => match xml::name(e) {
                b"row" => {
                    if let Some(r) = xml::attr(e, "r").and_then(|r| r.parse::<u32>().ok()) {
                        row = r.saturating_sub(1);
                    }
                }
                b"c" => {
                    elements += 1;
                    if elements > MAX_CELLS {
                        return Err(too_many(path, name));
                    }
                    let pos = match xml::attr(e, "r").as_deref().and_then(position) {
                        Some((r, c)) => {
                            col = c;
                            (r, c)
                        }
                        None => (row, col),
                    };
                    if let Some(x) = xml::attr(e, "s").and_then(|s| s.parse::<usize>().ok())
                        && xfs.get(x).is_some_and(|xf| {
                            xf.rag.is_some() || xf.shown.is_some_and(|s| s != Shown::Day)
                        })
                    {
                        styled.insert(pos, x);
                    }
                    current = Some((pos, false, 0));
                }
                b"v" | b"is" => {
                    in_value = true;
                    if let Some(cell) = current.as_mut() {
                        cell.1 = true;
                    }
                }
                _ => {}
            },
            Step::Text { chars, .. } if in_value => {
                if let Some(cell) = current.as_mut() {
                    cell.2 += chars;
                    if cell.2 > MAX_CELL_CHARS {
                        let at = format!(
                            "cell {name}!{}{}",
                            column_letters(u64::from(cell.0.1)),
                            cell.0.0 + 1
                        );
                        return Err(too_long(path, &at));
                    }
                }
            }
            Step::End(b"v" | b"is") => in_value = false,
            Step::End(b"c") => {
                if let Some(((r, c), true, _)) = current.take() {
                    let (top, left, bottom, right) = spread.unwrap_or((r, c, r, c));
                    spread = Some((top.min(r), left.min(c), bottom.max(r), right.max(c)));
                    if (r, c) > far {
                        far = (r, c);
                    }
                }
                col = col.saturating_add(1);
            }
            Step::End(b"row") => {
                row = row.saturating_add(1);
                col = 0;
            }
            _ => {}
        }
        Ok(())
    })?;
    if let Some((top, left, bottom, right)) = spread {
        let cells = u64::from(bottom - top + 1) * u64::from(right - left + 1);
        if cells > MAX_CELLS as u64 {
            let corner = |r: u32, c: u32| format!("{}{}", column_letters(u64::from(c)), r + 1);
            return Err(too_big(
                path,
                &format!(
                    "sheet \"{name}\" spreads over {}:{} ({cells} cells, a value as far out as {})",
                    corner(top, left),
                    corner(bottom, right),
                    corner(far.0, far.1)
                ),
                &format!("{MAX_CELLS} cells"),
            ));
        }
    }
    Ok(styled)
}

/// `B7` → (6, 1), 0-based.
fn position(reference: &str) -> Option<(u32, u32)> {
    let split = reference.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = reference.split_at(split);
    let col = super::column_index(letters)?;
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, u32::try_from(col).ok()?))
}
