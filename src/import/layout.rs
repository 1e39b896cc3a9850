//! Which column holds what, where the data starts, and which of the two layouts councils use
//! the sheet is in: one row per action, or the action-plan layout of one row per priority
//! with its actions run together in one cell.
//!
//! Headings are read as people write them: a table of synonyms per field ("What?", "Who
//! by?", "Timescale", "Responsible officer(s)"), case, punctuation, `(s)` and a plural `s`
//! ignored. The header is the row among the first [`HEADER_ROWS`] that names the most
//! fields (title rows above it are skipped); where several columns could be one field, the
//! best match is taken and the others are listed as not read.

use super::sheet::{Cell, Sheet, column_index, column_letters};
use crate::error::Error;

/// How far down the header row is looked for.
pub const HEADER_ROWS: usize = 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Priority,
    Action,
    Owner,
    Due,
    Id,
    Status,
    Rag,
    Progress,
    /// A "Priority" column whose values are a rating (High/Medium/Low, 1-5): kept with each
    /// action as a note, never made into priorities.
    Rating,
}

impl Field {
    /// The fields a heading can name (a rating is found from the values, not the heading).
    const NAMED: [Field; 8] = [
        Field::Priority,
        Field::Action,
        Field::Owner,
        Field::Due,
        Field::Id,
        Field::Status,
        Field::Rag,
        Field::Progress,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Field::Priority => "priority",
            Field::Action => "action",
            Field::Owner => "owner",
            Field::Due => "due",
            Field::Id => "id",
            Field::Status => "status",
            Field::Rag => "rag",
            Field::Progress => "progress",
            Field::Rating => "rating",
        }
    }

    /// Headings (normalised: lower case, letters and digits, single spaces, no `(s)`) that
    /// name this column, best first. A plural `s` on the heading is ignored.
    pub fn headers(self) -> &'static [&'static str] {
        match self {
            Field::Priority => &[
                "priority",
                "priorities",
                "strategic priority",
                "key priority",
                "priority area",
                "theme",
                "strategic theme",
                "objective",
                "strategic objective",
                "outcome",
                "desired outcome",
                "section",
                "area",
                "aim",
                "goal",
            ],
            Field::Action => &[
                "action",
                "key action",
                "action required",
                "actions required",
                "action to be taken",
                "agreed action",
                "proposed action",
                "action plan",
                "what",
                "task",
                "key task",
                "milestone",
                "key milestone",
                "activity",
                "item",
                "recommendation",
                "measure",
                "description",
                "action description",
            ],
            Field::Owner => &[
                "owner",
                "action owner",
                "lead officer",
                "lead",
                "responsible officer",
                "responsible person",
                "responsible",
                "responsibility",
                "lead responsibility",
                "who",
                "by whom",
                "who by",
                "accountable",
                "accountable officer",
                "lead partner",
                "officer",
            ],
            Field::Due => &[
                "due",
                "due date",
                "date due",
                "date",
                "target date",
                "target completion date",
                "deadline",
                "timescale",
                "timeframe",
                "time frame",
                "timeline",
                "when",
                "by when",
                "completion date",
                "target completion",
                "milestone date",
                "end date",
                "earliest date",
                "target",
                "end",
            ],
            Field::Id => &[
                "id",
                "ref",
                "reference",
                "ref no",
                "no",
                "number",
                "action no",
                "action ref",
                "item no",
            ],
            Field::Status => &[
                "status",
                "current status",
                "action status",
                "progress status",
            ],
            Field::Rag => &[
                "rag",
                "rag status",
                "rag rating",
                "red amber green",
                "rag rating red amber green",
            ],
            Field::Progress => &[
                "progress",
                "progress comment",
                "progress update",
                "progress to date",
                "update",
                "latest update",
                "comment",
                "commentary",
                "position",
                "current position",
                "position statement",
                "note",
            ],
            Field::Rating => &[],
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// Each row is one action; its priority is named on it (or on the row above, for merged
    /// cells).
    RowPerAction,
    /// Each row is one priority; the action cell holds its actions, one sentence each.
    RowPerPriority,
}

impl Layout {
    pub fn describe(self) -> &'static str {
        match self {
            Layout::RowPerAction => "one row per action",
            Layout::RowPerPriority => "one row per priority, actions one sentence each",
        }
    }
}

/// The columns (0-based, relative to the sheet's grid), the header row, and the first data
/// row.
#[derive(Clone, Debug, Default)]
pub struct Columns {
    pub cols: Vec<(Field, usize)>,
    /// The header row, if the sheet has one (with `--columns`, a row naming a field).
    pub header: Option<usize>,
    pub first_row: usize,
    /// Columns whose heading also names a field taken by a better match: (column, field).
    pub also: Vec<(usize, Field)>,
    /// The header goes on over the row below `header` (a two-row header).
    pub two_rows: bool,
}

impl Columns {
    pub fn get(&self, field: Field) -> Option<usize> {
        self.cols.iter().find(|(f, _)| *f == field).map(|&(_, c)| c)
    }

    /// The heading of a column (both cells of a two-row header: "Lead Officer"), or ""
    /// without a header row.
    pub fn heading(&self, sheet: &Sheet, col: usize) -> String {
        let Some(r) = self.header else {
            return String::new();
        };
        let top = sheet.cell(r, col).text();
        if !self.two_rows {
            return top;
        }
        format!("{top} {}", sheet.cell(r + 1, col).text())
            .trim()
            .to_owned()
    }
}

/// A heading as compared: lower case, `(s)` dropped, anything but letters and digits a
/// space, spaces single.
pub fn normalise(text: &str) -> String {
    let text = text.to_lowercase().replace("(s)", "");
    let letters: String = text
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    letters.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How well a heading names a field: 3 the whole heading, 2 its first words, 1 words inside
/// it; then the synonym's rank (earlier is better).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Score {
    kind: u8,
    rank: std::cmp::Reverse<usize>,
}

fn score(header: &str, field: Field) -> Option<Score> {
    let h = normalise(header);
    if h.is_empty() || h.len() > 80 {
        return None;
    }
    let padded = format!(" {h} ");
    field
        .headers()
        .iter()
        .enumerate()
        .filter_map(|(rank, s)| {
            let kind = if h == *s || h.strip_suffix('s') == Some(s) {
                3
            } else if h.starts_with(&format!("{s} ")) || h.starts_with(&format!("{s}s ")) {
                2
            } else if padded.contains(&format!(" {s} ")) || padded.contains(&format!(" {s}s ")) {
                1
            } else {
                return None;
            };
            Some(Score {
                kind,
                rank: std::cmp::Reverse(rank),
            })
        })
        .max()
}

/// The field a heading names best, and how well.
fn field_of(header: &str) -> Option<(Field, Score)> {
    Field::NAMED
        .into_iter()
        .filter_map(|f| score(header, f).map(|s| (f, s)))
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
}

/// A row read as a header: each field's best column, and the columns that lost to it.
struct Header {
    row: usize,
    /// The headings go on over the next row too ("Lead" over "Officer", or group headings
    /// above the real ones).
    two_rows: bool,
    cols: Vec<(Field, usize)>,
    also: Vec<(usize, Field)>,
    /// How well it names its fields: how many, how closely in all, the synonyms' ranks.
    fit: (usize, u32, std::cmp::Reverse<usize>),
}

fn read_header(r: usize, row: &[Cell]) -> Header {
    let texts: Vec<String> = row.iter().map(Cell::text).collect();
    read_headings(r, false, &texts)
}

/// The two rows from `r` read as one header. A column's field is what its two cells name
/// together as a whole heading ("Lead" over "Officer"), else its lower cell as a whole
/// heading (under a group heading such as "Responsibility", the sub-heading "Lead officer"
/// is the column's own), else the first of the two together, the lower, the upper that names
/// one at all.
fn read_two_rows(sheet: &Sheet, r: usize) -> Header {
    let width = sheet.rows[r].len().max(sheet.rows[r + 1].len());
    let names = |t: &str| field_of(t).map(|(_, s)| s.kind);
    let texts: Vec<String> = (0..width)
        .map(|c| {
            let top = sheet.cell(r, c).text();
            let bottom = sheet.cell(r + 1, c).text();
            let both = format!("{top} {bottom}").trim().to_owned();
            if names(&both) == Some(3) {
                both
            } else if names(&bottom) == Some(3) {
                bottom
            } else {
                [both, bottom, top]
                    .into_iter()
                    .find(|t| names(t).is_some())
                    .unwrap_or_default()
            }
        })
        .collect();
    read_headings(r, true, &texts)
}

/// A row below a header row can only go on with the headings if all it holds is short text
/// (a data row has dates, numbers or sentences).
fn heading_like(sheet: &Sheet, r: usize) -> bool {
    sheet.rows.get(r).is_some_and(|row| {
        row.iter().any(|c| !c.is_empty())
            && row.iter().all(|c| match c {
                Cell::Empty => true,
                Cell::Text(t) => t.trim().chars().count() <= 40 && !t.contains('\n'),
                _ => false,
            })
    })
}

fn read_headings(r: usize, two_rows: bool, texts: &[String]) -> Header {
    let mut best: Vec<(Field, usize, Score)> = Vec::new();
    let mut also = Vec::new();
    for (c, text) in texts.iter().enumerate() {
        let Some((field, s)) = field_of(text) else {
            continue;
        };
        match best.iter_mut().find(|(f, _, _)| *f == field) {
            Some(slot) if s > slot.2 => {
                also.push((slot.1, field));
                *slot = (field, c, s);
            }
            Some(_) => also.push((c, field)),
            None => best.push((field, c, s)),
        }
    }
    also.sort_unstable();
    let fit = (
        best.len(),
        best.iter().map(|b| u32::from(b.2.kind)).sum(),
        std::cmp::Reverse(best.iter().map(|b| b.2.rank.0).sum()),
    );
    Header {
        row: r,
        two_rows,
        cols: best.into_iter().map(|(f, c, _)| (f, c)).collect(),
        also,
        fit,
    }
}

/// The header row: of the top rows naming the action column and at least one other, the one
/// naming the most fields (the first of those). Two rows read together are the header
/// instead when they name the fields strictly better than any one row: more of them, or as
/// closely with better synonyms ("Lead" over "Officer" is "Lead Officer").
fn find_header(sheet: &Sheet) -> Option<Header> {
    let usable = |h: &Header| h.cols.iter().any(|(f, _)| *f == Field::Action) && h.cols.len() >= 2;
    let mut found: Option<Header> = None;
    for (r, row) in sheet.rows.iter().take(HEADER_ROWS).enumerate() {
        let header = read_header(r, row);
        let better = found
            .as_ref()
            .is_none_or(|best| header.cols.len() > best.cols.len());
        if usable(&header) && better {
            found = Some(header);
        }
    }
    let pair = (0..sheet.rows.len().min(HEADER_ROWS).saturating_sub(1))
        .filter(|&r| heading_like(sheet, r + 1))
        .map(|r| read_two_rows(sheet, r))
        .filter(usable)
        .filter(|h| {
            // A first data row is not a heading: under the action heading it holds an action.
            let action = h
                .cols
                .iter()
                .find(|(f, _)| *f == Field::Action)
                .map(|&(_, c)| c);
            let below = action
                .map(|c| sheet.cell(h.row + 1, c).text())
                .unwrap_or_default();
            below.is_empty() || field_of(&below).is_some()
        })
        .fold(None::<Header>, |best, h| match best {
            Some(b) if b.fit >= h.fit => Some(b),
            _ => Some(h),
        });
    match (found, pair) {
        (Some(one), Some(two)) if two.fit > one.fit => Some(two),
        (None, two) => two,
        (Some(mut one), _) => {
            one.two_rows = continues(sheet, &one);
            Some(one)
        }
    }
}

/// The row below a header goes on with its headings (sub-headings under group headings that
/// read better alone), so it is not data: it is short text, two or more of its cells are
/// whole headings, and under the action heading it has nothing or a heading.
fn continues(sheet: &Sheet, header: &Header) -> bool {
    let below = header.row + 1;
    let whole = |t: &str| field_of(t).is_some_and(|(_, s)| s.kind == 3);
    let headings = sheet
        .rows
        .get(below)
        .map_or(0, |row| row.iter().filter(|c| whole(&c.text())).count());
    let action = header.cols.iter().find(|(f, _)| *f == Field::Action);
    let under = action
        .map(|&(_, c)| sheet.cell(below, c).text())
        .unwrap_or_default();
    heading_like(sheet, below) && headings >= 2 && (under.is_empty() || whole(&under))
}

/// With `--columns`: the first top row with a cell that is a whole heading ("Lead Officer",
/// "Who by?") is the header, never data.
fn header_for_given(sheet: &Sheet) -> Option<usize> {
    sheet.rows.iter().take(HEADER_ROWS).position(|row| {
        row.iter()
            .any(|cell| field_of(&cell.text()).is_some_and(|(_, s)| s.kind == 3))
    })
}

/// Columns from `--columns` (e.g. `priority=A,action=B`) or else from the header row;
/// `header_row` (1-based; 0: none) says where the header is instead of looking for it.
pub fn columns(
    sheet: &Sheet,
    given: Option<&str>,
    header_row: Option<usize>,
) -> Result<Columns, Error> {
    let pinned = header_row.map(|n| n.checked_sub(1).and_then(|r| sheet_row(sheet, r)));
    let mut columns = match given {
        Some(spec) => {
            // The letters are the spreadsheet's; the grid starts at its first used column (a
            // column left of it is empty, so it maps to no cell at all).
            let cols = parse_spec(spec)?
                .into_iter()
                .map(|(f, c)| {
                    (
                        f,
                        c.checked_sub(sheet.origin.1 as usize).unwrap_or(usize::MAX),
                    )
                })
                .collect();
            let (header, two_rows) = match pinned {
                Some(pinned) => (pinned, false),
                None => match find_header(sheet) {
                    Some(h) => (Some(h.row), h.two_rows),
                    None => (header_for_given(sheet), false),
                },
            };
            Columns {
                cols,
                header,
                first_row: header.map_or(0, |r| r + 1 + usize::from(two_rows)),
                also: Vec::new(),
                two_rows,
            }
        }
        None => {
            let found = match pinned {
                Some(Some(r)) => Some(read_header(r, &sheet.rows[r])),
                Some(None) => {
                    return Err(Error::Usage(
                        "--header-row: with no header row (or one outside the sheet), name the columns with --columns action=B,owner=C,due=D"
                            .into(),
                    ));
                }
                None => find_header(sheet),
            };
            let header = found.ok_or_else(|| no_header(sheet))?;
            Columns {
                cols: header.cols,
                header: Some(header.row),
                first_row: header.row + 1 + usize::from(header.two_rows),
                also: header.also,
                two_rows: header.two_rows,
            }
        }
    };
    if columns.get(Field::Action).is_none() {
        return Err(Error::Usage(format!(
            "no action column in {}\nhelp: name it with --columns action=LETTER",
            sheet.name
        )));
    }
    columns
        .also
        .retain(|(c, _)| !columns.cols.iter().any(|(_, used)| used == c));
    if let Some(col) = columns.get(Field::Priority) {
        if is_rating(sheet, &columns, col) {
            for slot in &mut columns.cols {
                if slot.0 == Field::Priority {
                    slot.0 = Field::Rating;
                }
            }
        }
    }
    Ok(columns)
}

/// `--header-row N` as a grid row; `None` for 0 (no header row).
fn sheet_row(sheet: &Sheet, r: usize) -> Option<usize> {
    r.checked_sub(sheet.origin.0 as usize)
        .filter(|&r| r < sheet.rows.len())
}

fn no_header(sheet: &Sheet) -> Error {
    let examples: Vec<String> = [Field::Action, Field::Owner, Field::Due, Field::Priority]
        .iter()
        .map(|f| {
            let words: Vec<&str> = f.headers().iter().take(6).copied().collect();
            format!("{} ({}, ...)", f.name(), words.join(", "))
        })
        .collect();
    Error::Usage(format!(
        "no header row found in {} (looked in the first {HEADER_ROWS} rows for a row naming the action column and one other: {})\nhelp: name the columns with --columns action=B,owner=C,due=D (priority=A, id=, status=, rag=, progress= too), or say which row is the header with --header-row N",
        sheet.name,
        examples.join("; ")
    ))
}

/// Values a "Priority" column holds when it rates actions rather than naming priorities.
const RATINGS: [&str; 14] = [
    "high",
    "medium",
    "low",
    "very high",
    "very low",
    "med",
    "h",
    "m",
    "l",
    "critical",
    "essential",
    "desirable",
    "urgent",
    "normal",
];

/// Every value of the column is a rating word or a number 1-5 (numbers only if one repeats).
fn is_rating(sheet: &Sheet, columns: &Columns, col: usize) -> bool {
    let values: Vec<String> = (columns.first_row..sheet.rows.len())
        .map(|r| normalise(&sheet.cell(r, col).text()))
        .filter(|t| !t.is_empty())
        .collect();
    let number = |t: &String| matches!(t.as_str(), "1" | "2" | "3" | "4" | "5");
    let words = values
        .iter()
        .all(|t| RATINGS.contains(&t.as_str()) || number(t));
    // Numbers alone may be numbered priorities (1, 2, 3...): a rating repeats.
    let repeats = values
        .iter()
        .enumerate()
        .any(|(i, t)| values[..i].contains(t));
    let any_word = values.iter().any(|t| !number(t));
    !values.is_empty() && words && (any_word || repeats)
}

/// `priority=A,action=B,owner=C,due=D,id=E`: the letters are the spreadsheet's own columns.
fn parse_spec(spec: &str) -> Result<Vec<(Field, usize)>, Error> {
    let bad = |part: &str, why: &str| {
        Error::Usage(format!(
            "invalid --columns \"{part}\": {why}; write e.g. priority=A,action=B,owner=C,due=D,id=E"
        ))
    };
    let mut cols: Vec<(Field, usize)> = Vec::new();
    for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (name, letter) = part
            .split_once('=')
            .ok_or_else(|| bad(part, "expected NAME=LETTER"))?;
        let field = Field::NAMED
            .into_iter()
            .find(|f| f.name() == name.trim().to_ascii_lowercase())
            .ok_or_else(|| {
                bad(
                    part,
                    "names are priority, action, owner, due, id, status, rag and progress",
                )
            })?;
        let col = column_index(letter.trim())
            .ok_or_else(|| bad(part, "columns are letters, A to ZZZ"))?;
        if cols.iter().any(|(f, _)| *f == field) {
            return Err(bad(part, "named twice"));
        }
        if cols.iter().any(|(_, c)| *c == col) {
            return Err(bad(part, "that column is named twice"));
        }
        cols.push((field, col));
    }
    Ok(cols)
}

/// A column the import does not read: its letter, heading, how many cells it holds, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unused {
    pub letter: String,
    pub heading: String,
    pub cells: usize,
    pub why: String,
}

/// Every column with a heading or a data cell that no field reads.
pub fn unused(sheet: &Sheet, columns: &Columns) -> Vec<Unused> {
    let width = sheet.rows.iter().map(Vec::len).max().unwrap_or(0);
    (0..width)
        .filter(|c| !columns.cols.iter().any(|(_, used)| used == c))
        .filter_map(|c| {
            let heading = columns.heading(sheet, c);
            let cells = (columns.first_row..sheet.rows.len())
                .filter(|&r| !sheet.cell(r, c).is_empty())
                .count();
            if heading.is_empty() && cells == 0 {
                return None;
            }
            let why = match columns.also.iter().find(|(col, _)| *col == c) {
                Some((_, field)) => {
                    let chosen = columns.get(*field).map_or(String::new(), |c| {
                        format!(
                            "; {} \"{}\" was taken",
                            letter(sheet, c),
                            columns.heading(sheet, c)
                        )
                    });
                    format!(
                        "also looks like the {} column{chosen} (name it with --columns {}={})",
                        field.name(),
                        field.name(),
                        letter(sheet, c)
                    )
                }
                None if heading.is_empty() => "no heading".to_owned(),
                None => "heading not recognised".to_owned(),
            };
            Some(Unused {
                letter: letter(sheet, c),
                heading,
                cells,
                why,
            })
        })
        .collect()
}

/// The spreadsheet's letter of a grid column.
pub fn letter(sheet: &Sheet, col: usize) -> String {
    column_letters(u64::from(sheet.origin.1) + col as u64)
}

/// The first data cell of a column, for the mapping shown before importing: from a row with
/// more than one cell filled (not a section heading), else any.
pub fn sample(sheet: &Sheet, columns: &Columns, col: usize) -> Option<String> {
    let rows = || columns.first_row..sheet.rows.len();
    let filled = |r: usize| sheet.rows[r].iter().filter(|c| !c.is_empty()).count();
    let first = |full: bool| {
        rows()
            .filter(|&r| !full || filled(r) > 1)
            .map(|r| sheet.cell(r, col).text())
            .find(|t| !t.is_empty())
    };
    first(true).or_else(|| first(false))
}

/// The layout and why: one row per priority only when the sheet has a priority column, no
/// priority is named on two rows, no row continues the one above, and at least half the
/// action cells hold several actions (lines or sentences). Otherwise one row per action.
pub fn detect(sheet: &Sheet, columns: &Columns) -> (Layout, String) {
    let Some(priority) = columns.get(Field::Priority) else {
        return (
            Layout::RowPerAction,
            "the sheet has no priority column".to_owned(),
        );
    };
    let action = columns.get(Field::Action).unwrap_or(0);
    let row_no = |r: usize| u64::from(sheet.origin.0) + r as u64 + 1;
    let mut seen: Vec<(String, usize)> = Vec::new();
    let (mut cells, mut several) = (0, 0);
    for r in columns.first_row..sheet.rows.len() {
        let name = sheet.cell(r, priority).text();
        let text = sheet.cell(r, action).text();
        if name.is_empty() {
            if !text.is_empty() {
                let why = format!("row {} has an action under the priority above", row_no(r));
                return (Layout::RowPerAction, why);
            }
            continue;
        }
        if let Some((_, first)) = seen.iter().find(|(n, _)| *n == name) {
            let why = format!(
                "priority \"{name}\" is named on rows {} and {}",
                row_no(*first),
                row_no(r)
            );
            return (Layout::RowPerAction, why);
        }
        seen.push((name, r));
        if !text.is_empty() {
            cells += 1;
            if sentences(&text).len() > 1 {
                several += 1;
            }
        }
    }
    if cells > 0 && several * 2 >= cells {
        let why = format!(
            "each priority is named once and {several} of {cells} action cells hold several actions"
        );
        (Layout::RowPerPriority, why)
    } else {
        let why = format!(
            "each priority is named once, but only {several} of {cells} action cells hold several actions"
        );
        (Layout::RowPerAction, why)
    }
}

/// An ACTIONS cell's actions: one per line, and one per sentence within a line (a full
/// stop, `!` or `?` followed by a space and a capital letter ends one). Bullets are dropped;
/// full stops are kept where the source has them.
pub fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line
            .trim()
            .trim_start_matches(['•', '·', '*', '-', '–', '▪'])
            .trim();
        let chars: Vec<(usize, char)> = line.char_indices().collect();
        let mut start = 0;
        for w in chars.windows(3) {
            let [(at, end), (_, space), (next, upper)] = [w[0], w[1], w[2]];
            let stop = match end {
                '.' => !abbreviation(&line[start..at]),
                '!' | '?' => true,
                _ => false,
            };
            if stop && space.is_whitespace() && upper.is_uppercase() {
                out.push(line[start..next].trim().to_owned());
                start = next;
            }
        }
        out.push(line[start..].trim().to_owned());
    }
    out.retain(|s| !s.is_empty());
    out
}

/// Words a full stop follows without ending a sentence ("St. Margaret's", "Mr. Smith").
const ABBREVIATIONS: [&str; 24] = [
    "st", "mr", "mrs", "ms", "dr", "prof", "cllr", "rev", "no", "nos", "vs", "approx", "para",
    "paras", "ref", "e.g", "i.e", "cf", "fig", "vol", "sr", "jr", "mt", "nr",
];

/// Whether `before` (the text up to a full stop) ends in an abbreviation or an initial.
fn abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or_default();
    let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    initial || ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Headings from real councils' and a fire authority's action plans.
    #[test]
    fn headings_as_people_write_them() {
        for (heading, field) in [
            ("What?", Field::Action),
            ("Who by?", Field::Owner),
            ("When?", Field::Due),
            ("ITEM", Field::Action),
            ("EARLIEST DATE", Field::Due),
            ("LEAD OFFICER", Field::Owner),
            ("Key Milestones", Field::Action),
            ("Target Dates", Field::Due),
            ("Responsible Person", Field::Owner),
            ("Action Plan", Field::Action),
            ("Timeframe", Field::Due),
            ("By whom", Field::Owner),
            ("Timescale", Field::Due),
            ("Milestone", Field::Action),
            ("Completion date", Field::Due),
            ("Responsible officer(s)", Field::Owner),
            ("Ref", Field::Id),
            ("No.", Field::Id),
            ("Theme:", Field::Priority),
            ("RAG status", Field::Rag),
            ("Status", Field::Status),
            ("Progress comment", Field::Progress),
            ("Commentary", Field::Progress),
            ("Milestone date", Field::Due),
            ("Target date for completion", Field::Due),
            ("Action owner", Field::Owner),
        ] {
            assert_eq!(field_of(heading).map(|f| f.0), Some(field), "{heading}");
        }
        for other in ["Budget", "Resources", "Leader", "", "Chief Executive"] {
            assert_eq!(field_of(other), None, "{other}");
        }
    }

    #[test]
    fn sentences_split_at_full_stops_before_capitals_only() {
        assert_eq!(
            sentences(" Increase the plan. Develop new actions. Roll out strategies "),
            [
                "Increase the plan.",
                "Develop new actions.",
                "Roll out strategies"
            ]
        );
        assert_eq!(
            sentences("by further increasing their resources by £1,557,000 for 2002/2003."),
            ["by further increasing their resources by £1,557,000 for 2002/2003."]
        );
        assert_eq!(sentences("• One\n• Two. Three"), ["One", "Two.", "Three"]);
        assert_eq!(sentences("e.g. some text"), ["e.g. some text"]);
        assert_eq!(
            sentences("Open St. Margaret's centre. Ask Mr. Patel and J. Smith. Report"),
            [
                "Open St. Margaret's centre.",
                "Ask Mr. Patel and J. Smith.",
                "Report"
            ]
        );
    }
}
