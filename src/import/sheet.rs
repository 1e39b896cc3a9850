//! Reading a council's spreadsheet into a grid of cells: `.csv` with the csv crate, `.xlsx`
//! and `.ods` with calamine. Cells keep what kind of thing they are (a real date cell
//! is a day, not a number or a text to be parsed) and where they were, for messages
//! ("Sheet1!D7"). A workbook is checked against [`limits`] before any reader allocates for
//! it ([`zipped`], and each format's own scan of its XML), and a date cell is as much of a
//! date as its number format shows ([`styles`]).

mod ods;
mod styles;
mod xlsx;
mod xml;
mod zipped;

use std::collections::HashMap;
use std::path::Path;

use calamine::{Data, DataType as _};
use chrono::{Datelike as _, NaiveDate};

use crate::error::Error;

pub use limits::MAX_CELLS;
pub use styles::Shown;

/// What a spreadsheet may hold before it is refused unread. A council action plan has
/// hundreds of rows, not millions; each bound is checked before the reader allocates, so a
/// small hostile file cannot make it take gigabytes or run for ever (docs/limits.md).
pub mod limits {
    /// The file itself, read into memory whole.
    pub const MAX_FILE_BYTES: u64 = 32 << 20;
    /// All of a workbook's zip entries unzipped, counted while unzipping.
    pub const MAX_UNZIPPED: u64 = 64 << 20;
    /// Entries in a workbook's zip.
    pub const MAX_ENTRIES: usize = 10_000;
    /// Cells in a sheet, or in the rectangle its values spread over.
    pub const MAX_CELLS: usize = 2_000_000;
    /// Characters in one cell: Excel's own limit (32,767).
    pub const MAX_CELL_CHARS: usize = 32_767;
    /// A spreadsheet's last row and column (as Excel and LibreOffice number them).
    pub const MAX_ROWS: u64 = 1_048_576;
    pub const MAX_COLUMNS: u64 = 16_384;

    /// `64 MiB`.
    pub fn mib(bytes: u64) -> String {
        format!("{} MiB", bytes >> 20)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A cell the spreadsheet itself stores as a date, formatted to show the day.
    Day(NaiveDate),
    /// A date cell formatted to show only its month and year (`mmm-yy`, `mmmm yyyy`): the
    /// whole month, as the sheet shows it. Holds the month's first day.
    Month(NaiveDate),
    /// A date cell formatted to show only its year (`yyyy`): the whole year.
    Year(i32),
    /// A number cell, as the spreadsheet would show it without formatting.
    Number(String),
}

impl Cell {
    /// A date cell as much of a date as its format shows.
    pub fn date(day: NaiveDate, shown: Shown) -> Cell {
        match shown {
            Shown::Day => Cell::Day(day),
            Shown::Month => Cell::Month(day.with_day(1).unwrap_or(day)),
            Shown::Year => Cell::Year(day.year()),
        }
    }

    /// The cell as text, trimmed: a day as `YYYY-MM-DD`, a month as `April 2004`, a year as
    /// `2004` (as the plan's own dates are written).
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(text) | Cell::Number(text) => text.trim().to_owned(),
            Cell::Day(day) => day.to_string(),
            Cell::Month(day) => day.format("%B %Y").to_string(),
            Cell::Year(year) => year.to_string(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.text().is_empty()
    }
}

/// One sheet: its name (for cell references) and its rows from the top-left used cell.
#[derive(Clone, Debug, Default)]
pub struct Sheet {
    pub name: String,
    /// Row and column (0-based) of `rows[0][0]` in the spreadsheet.
    pub origin: (u32, u32),
    pub rows: Vec<Vec<Cell>>,
    /// Cells filled red, amber or green (`red`, `amber`, `green`), by row and column in
    /// `rows`, whatever their text.
    pub fills: HashMap<(usize, usize), crate::model::Rag>,
    /// For a CSV file, the line each row starts on (a quoted cell may span lines); empty for
    /// a workbook.
    pub lines: Vec<u64>,
    /// How the file was read, where that is worth saying (an encoding other than UTF-8).
    pub notes: Vec<String>,
}

impl Sheet {
    /// The RAG colour the cell is filled with, if any.
    pub fn fill(&self, row: usize, col: usize) -> Option<crate::model::Rag> {
        self.fills.get(&(row, col)).copied()
    }

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
        // An old binary `.xls` is not read: calamine's reader sizes its sheets from the file's
        // own records before any bound can be checked (a tiny file can make it allocate
        // gigabytes), and every sheet of it at once.
        Some("xls") => Err(Error::Usage(format!(
            "cannot read {}: an Excel 97-2003 workbook (.xls) is not read\nhelp: open it in Excel or LibreOffice and save it as an .xlsx workbook (or as \"CSV UTF-8\"), then import that",
            path.display()
        ))),
        Some(ext @ ("xlsx" | "xlsm" | "ods")) => read_workbook(path, ext, sheet),
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
    let bytes = read_bounded(path)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut notes = Vec::new();
    let text = csv_text(path, &bytes, &name, &mut notes)?;
    let delimiter = csv_delimiter(&text);
    if let Some(said) = delimiter_named(delimiter) {
        notes.push(format!(
            "{name} is separated by {said}, not commas: read that way"
        ));
    }
    if let Some(line) = unclosed_quote(&text, delimiter) {
        return Err(Error::Usage(format!(
            "cannot read {} line {line}: a quoted cell (starting with \") is never closed, so every row after it would be read into that one cell\nhelp: close the quote, or write a quote inside a quoted cell as two (\"\"); a spreadsheet program's \"Save as CSV\" writes them right",
            path.display()
        )));
    }
    let mut reader = csv_reader(&text, delimiter);
    let mut rows = Vec::new();
    let mut lines = Vec::new();
    let mut cells = 0;
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(err) => return Err(cannot_read(path, err)),
        }
        cells += record.len();
        if cells > MAX_CELLS {
            return Err(too_big(
                path,
                &format!("it has more than {MAX_CELLS} cells"),
                &format!("{MAX_CELLS} cells"),
            ));
        }
        lines.push(record.position().map_or(0, csv::Position::line));
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
    Ok(Sheet {
        name,
        rows,
        lines,
        notes,
        ..Sheet::default()
    })
}

fn csv_reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes())
}

/// The separator the CSV is written with: a comma, unless a semicolon or a tab splits its
/// first rows into more consistent columns (European Excel's "CSV" uses semicolons; a
/// "Text (Tab delimited)" export, tabs). Consistent: most of the first 20 rows have the
/// same number of cells, two or more; a tie keeps the comma.
fn csv_delimiter(text: &str) -> u8 {
    let score = |delimiter: u8| {
        let counts: Vec<usize> = csv_reader(text, delimiter)
            .into_records()
            .take(20)
            .map_while(Result::ok)
            .map(|r| {
                r.iter()
                    .enumerate()
                    .filter(|(_, c)| !c.trim().is_empty())
                    .last()
                    .map_or(0, |(i, _)| i + 1)
            })
            .filter(|&n| n > 0)
            .collect();
        let modal = (2..=counts.iter().copied().max().unwrap_or(0))
            .max_by_key(|&n| (counts.iter().filter(|&&c| c == n).count(), n))
            .unwrap_or(0);
        (counts.iter().filter(|&&c| c == modal).count(), modal)
    };
    let comma = score(b',');
    [b';', b'\t']
        .into_iter()
        .map(|d| (score(d), d))
        .filter(|&(other, _)| other > comma)
        .max_by_key(|&(other, _)| other)
        .map_or(b',', |(_, d)| d)
}

fn delimiter_named(delimiter: u8) -> Option<&'static str> {
    match delimiter {
        b';' => Some("semicolons (as Excel writes \"CSV\" where a comma is the decimal mark)"),
        b'\t' => Some("tabs"),
        _ => None,
    }
}

/// The CSV's text: UTF-8 (a byte-order mark dropped, as Excel's "CSV UTF-8" writes one), or
/// else Windows-1252, which is what Excel's plain "CSV (Comma delimited)" writes on a UK or
/// US Windows machine: read as that, and said so. UTF-16 (Excel's "Unicode Text") is refused
/// with how to save the file instead.
fn csv_text(
    path: &Path,
    bytes: &[u8],
    name: &str,
    notes: &mut Vec<String>,
) -> Result<String, Error> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_owned());
    }
    let save_as = "save it from the spreadsheet program as \"CSV UTF-8 (Comma delimited)\" (Excel: File > Save As; LibreOffice: Save As > Text CSV, character set Unicode (UTF-8))";
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") || bytes.contains(&0) {
        return Err(Error::Usage(format!(
            "cannot read {}: it is UTF-16 text (Excel's \"Unicode Text\"), not a CSV file\nhelp: {save_as}",
            path.display()
        )));
    }
    let at = std::str::from_utf8(bytes)
        .err()
        .map_or(0, |e| e.valid_up_to());
    let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
    notes.push(format!(
        "{name} is not UTF-8 (the first other byte is on line {line}): read as Windows-1252, what Excel's \"CSV (Comma delimited)\" writes; if £, – or accented letters look wrong, {save_as} and import again"
    ));
    Ok(text.into_owned())
}

/// The line a quoted cell opens on and never closes, if one does (the csv crate would read
/// the rest of the file into it). A quote opens a cell only at its start, as the csv crate
/// reads it; `""` inside a quoted cell is a quote.
fn unclosed_quote(text: &str, delimiter: u8) -> Option<u64> {
    #[derive(Clone, Copy)]
    enum At {
        Start,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let mut at = At::Start;
    let mut line = 1;
    let mut opened = 0;
    for b in text.bytes() {
        at = match (at, b) {
            (At::Start, b'"') => {
                opened = line;
                At::Quoted
            }
            (At::Start | At::Unquoted | At::QuoteInQuoted, b'\n') => At::Start,
            (At::Start | At::Unquoted | At::QuoteInQuoted, b) if b == delimiter => At::Start,
            (At::Start | At::Unquoted | At::QuoteInQuoted, _) => At::Unquoted,
            (At::Quoted, b'"') => At::QuoteInQuoted,
            (At::Quoted, _) => At::Quoted,
        };
        if b == b'\n' {
            line += 1;
        }
    }
    matches!(at, At::Quoted).then_some(opened)
}

/// With the header known: refuses a sheet with nothing below its header, and a CSV row with a
/// value right of the header's last heading in a column most rows leave empty (a comma in
/// an unquoted cell, which shifts the rest of the row: its owner read as the date).
pub fn check_rows(sheet: &Sheet, header: Option<usize>, first_row: usize) -> Result<(), Error> {
    let place = |r: usize| match sheet.lines.get(r) {
        Some(line) => format!("line {line}"),
        None => format!("row {}", u64::from(sheet.origin.0) + r as u64 + 1),
    };
    let data: Vec<usize> = (first_row..sheet.rows.len())
        .filter(|&r| sheet.rows[r].iter().any(|c| !c.is_empty()))
        .collect();
    if data.is_empty() {
        let rows = match header {
            Some(h) => format!("no rows below its header ({})", place(h)),
            None => "no rows with anything in them".to_owned(),
        };
        return Err(Error::Usage(format!(
            "nothing to import: {} has {rows}",
            sheet.name
        )));
    }
    let (Some(h), false) = (header, sheet.lines.is_empty()) else {
        return Ok(());
    };
    let width = sheet.rows[h]
        .iter()
        .rposition(|c| !c.is_empty())
        .map_or(0, |c| c + 1);
    let filled = |c: usize| {
        data.iter()
            .filter(|&&r| !sheet.cell(r, c).is_empty())
            .count()
    };
    for &r in &data {
        let Some(last) = sheet.rows[r].iter().rposition(|c| !c.is_empty()) else {
            continue;
        };
        if last < width || filled(last) * 2 > data.len() {
            continue;
        }
        let fields = sheet.rows[r].len();
        return Err(Error::Usage(format!(
            "cannot read {} {}: {fields} fields, and \"{}\" is right of the last heading (field {width} of the header on {}): a comma inside a cell that is not in quotes splits it and shifts the rest of the row\nhelp: put that cell in double quotes (\"Build homes, roads\"), or save the file again from the spreadsheet program",
            sheet.name,
            place(r),
            sheet.cell(r, last).text(),
            place(h)
        )));
    }
    Ok(())
}

fn read_workbook(path: &Path, ext: &str, wanted: Option<&str>) -> Result<Sheet, Error> {
    let bytes = read_bounded(path)?;
    match ext {
        "ods" => ods::read(path, &bytes, wanted),
        _ => xlsx::read(path, &bytes, wanted),
    }
}

/// The file's bytes, refused unread over [`limits::MAX_FILE_BYTES`].
fn read_bounded(path: &Path) -> Result<Vec<u8>, Error> {
    use std::io::Read as _;
    let file = std::fs::File::open(path).map_err(|err| cannot_read(path, err))?;
    let limit = limits::MAX_FILE_BYTES;
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|err| cannot_read(path, err))?;
    if bytes.len() as u64 > limit {
        return Err(too_big(
            path,
            &format!("it is larger than {}", limits::mib(limit)),
            &limits::mib(limit),
        ));
    }
    Ok(bytes)
}

/// A refusal over one of the [`limits`]: what the file has, and the limit.
fn too_big(path: &Path, what: &str, limit: &str) -> Error {
    Error::Usage(format!(
        "cannot read {}: {what}; refused unread (the limit is {limit}, docs/limits.md)",
        path.display()
    ))
}

/// The sheet asked for (by name, or its case), or the first.
fn pick(path: &Path, names: &[String], wanted: Option<&str>) -> Result<String, Error> {
    match wanted {
        None => names
            .first()
            .cloned()
            .ok_or_else(|| cannot_read(path, "it has no sheets")),
        Some(wanted) => names
            .iter()
            .find(|n| n.as_str() == wanted)
            .or_else(|| names.iter().find(|n| n.eq_ignore_ascii_case(wanted)))
            .cloned()
            .ok_or_else(|| {
                Error::Usage(format!(
                    "{} has no sheet \"{wanted}\"; its sheets are: {}",
                    path.display(),
                    names.join(", ")
                ))
            }),
    }
}

/// A calamine value as a cell (a date cell as its day: the format is the caller's to read).
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
            ..Sheet::default()
        };
        assert_eq!(sheet.reference(0, 0), "Sheet1!C2");
        assert_eq!(sheet.reference(5, 1), "Sheet1!D7");
    }
}
