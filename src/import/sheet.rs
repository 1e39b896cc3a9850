//! Reading a council's spreadsheet into a grid of cells: `.csv` with the csv crate, `.xlsx`,
//! `.xls` and `.ods` with calamine. Cells keep what kind of thing they are (a real date cell
//! is a day, not a number or a text to be parsed) and where they were, for messages
//! ("Sheet1!D7").

use std::path::Path;

use calamine::{Data, DataType as _, Reader as _};
use chrono::NaiveDate;

use crate::error::Error;

/// Spreadsheets bigger than this are refused rather than read into memory: a council action
/// plan has hundreds of rows, not millions.
pub const MAX_CELLS: usize = 2_000_000;

#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A cell the spreadsheet itself stores as a date.
    Day(NaiveDate),
    /// A number cell, as the spreadsheet would show it without formatting.
    Number(String),
}

impl Cell {
    /// The cell as text (a day as `YYYY-MM-DD`), trimmed.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(text) | Cell::Number(text) => text.trim().to_owned(),
            Cell::Day(day) => day.to_string(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.text().is_empty()
    }
}

/// One sheet: its name (for cell references) and its rows from the top-left used cell.
#[derive(Clone, Debug)]
pub struct Sheet {
    pub name: String,
    /// Row and column (0-based) of `rows[0][0]` in the spreadsheet.
    pub origin: (u32, u32),
    pub rows: Vec<Vec<Cell>>,
}

impl Sheet {
    pub fn cell(&self, row: usize, col: usize) -> &Cell {
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&Cell::Empty)
    }

    /// The reference people see in the spreadsheet, e.g. `Sheet1!D7`.
    pub fn reference(&self, row: usize, col: usize) -> String {
        let row = u64::from(self.origin.0) + row as u64 + 1;
        let col = u64::from(self.origin.1) + col as u64;
        format!("{}!{}{row}", self.name, column_letters(col))
    }
}

/// `0` → `A`, `25` → `Z`, `26` → `AA`.
pub fn column_letters(mut col: u64) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

/// `A` → `0`, `AA` → `26`; `None` for anything but 1-3 letters.
pub fn column_index(letters: &str) -> Option<usize> {
    if letters.is_empty() || letters.len() > 3 || !letters.chars().all(|c| c.is_ascii_alphabetic())
    {
        return None;
    }
    let n = letters
        .to_ascii_uppercase()
        .bytes()
        .fold(0usize, |n, b| n * 26 + usize::from(b - b'A' + 1));
    Some(n - 1)
}

/// Reads `path` by its extension; `sheet` picks a sheet of a workbook (default: the first).
pub fn read(path: &Path, sheet: Option<&str>) -> Result<Sheet, Error> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("csv") => {
            if sheet.is_some() {
                return Err(Error::Usage(
                    "--sheet is for workbooks (.xlsx, .ods); a CSV file has one table".into(),
                ));
            }
            read_csv(path)
        }
        Some("xlsx" | "xlsm" | "xls" | "ods") => read_workbook(path, sheet),
        _ => Err(Error::Usage(format!(
            "cannot tell how to read {}: plan import reads .csv, .xlsx and .ods files",
            path.display()
        ))),
    }
}

fn cannot_read(path: &Path, reason: impl std::fmt::Display) -> Error {
    Error::Usage(format!("cannot read {}: {reason}", path.display()))
}

fn read_csv(path: &Path) -> Result<Sheet, Error> {
    let bytes = std::fs::read(path).map_err(|err| cannot_read(path, err))?;
    // Excel writes a byte-order mark in "CSV UTF-8" files.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut rows = Vec::new();
    let mut cells = 0;
    for record in reader.records() {
        let record = record.map_err(|err| cannot_read(path, err))?;
        cells += record.len();
        if cells > MAX_CELLS {
            return Err(cannot_read(path, format!("more than {MAX_CELLS} cells")));
        }
        rows.push(
            record
                .iter()
                .map(|text| {
                    if text.trim().is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(text.to_owned())
                    }
                })
                .collect(),
        );
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Sheet {
        name,
        origin: (0, 0),
        rows,
    })
}

fn read_workbook(path: &Path, wanted: Option<&str>) -> Result<Sheet, Error> {
    let mut book = calamine::open_workbook_auto(path).map_err(|err| cannot_read(path, err))?;
    let names = book.sheet_names();
    let name = match wanted {
        None => names
            .first()
            .cloned()
            .ok_or_else(|| cannot_read(path, "it has no sheets"))?,
        Some(wanted) => names
            .iter()
            .find(|n| n.as_str() == wanted || n.eq_ignore_ascii_case(wanted))
            .cloned()
            .ok_or_else(|| {
                Error::Usage(format!(
                    "{} has no sheet \"{wanted}\"; its sheets are: {}",
                    path.display(),
                    names.join(", ")
                ))
            })?,
    };
    let range = book
        .worksheet_range(&name)
        .map_err(|err| cannot_read(path, err))?;
    let (height, width) = range.get_size();
    if height.saturating_mul(width) > MAX_CELLS {
        return Err(cannot_read(
            path,
            format!("sheet \"{name}\" has more than {MAX_CELLS} cells"),
        ));
    }
    let rows = range
        .rows()
        .map(|row| row.iter().map(cell).collect())
        .collect();
    Ok(Sheet {
        name,
        origin: range.start().unwrap_or((0, 0)),
        rows,
    })
}

fn cell(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(text) => Cell::Text(text.clone()),
        Data::DateTime(_) | Data::DateTimeIso(_) => match data.as_date() {
            Some(day) => Cell::Day(day),
            None => Cell::Text(data.to_string()),
        },
        Data::Int(n) => Cell::Number(n.to_string()),
        Data::Float(f) => Cell::Number(f.to_string()),
        Data::Bool(b) => Cell::Text(b.to_string()),
        // An error cell (#REF!, #VALUE!) is text that no date or name will match.
        other => Cell::Text(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_round_trip() {
        for (i, letters) in [
            (0, "A"),
            (3, "D"),
            (25, "Z"),
            (26, "AA"),
            (27, "AB"),
            (701, "ZZ"),
            (702, "AAA"),
        ] {
            assert_eq!(column_letters(i), letters);
            assert_eq!(column_index(letters), Some(i as usize));
        }
        assert_eq!(column_index("d"), Some(3));
        assert_eq!(column_index(""), None);
        assert_eq!(column_index("A1"), None);
        assert_eq!(column_index("ABCD"), None);
    }

    #[test]
    fn references_count_from_the_sheet_origin() {
        let sheet = Sheet {
            name: "Sheet1".into(),
            origin: (1, 2),
            rows: vec![],
        };
        assert_eq!(sheet.reference(0, 0), "Sheet1!C2");
        assert_eq!(sheet.reference(5, 1), "Sheet1!D7");
    }
}
