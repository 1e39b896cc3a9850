//! Which column holds what, where the data starts, and which of the two layouts councils use
//! the sheet is in: one row per action, or the action-plan layout of one row per priority
//! with its actions run together in one cell.

use super::sheet::{Sheet, column_index};
use crate::error::Error;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Priority,
    Action,
    Owner,
    Due,
    Id,
}

impl Field {
    const ALL: [Field; 5] = [
        Field::Priority,
        Field::Action,
        Field::Owner,
        Field::Due,
        Field::Id,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Field::Priority => "priority",
            Field::Action => "action",
            Field::Owner => "owner",
            Field::Due => "due",
            Field::Id => "id",
        }
    }

    /// Header texts (lower case, letters and spaces only) that name this column.
    fn headers(self) -> &'static [&'static str] {
        match self {
            Field::Priority => &[
                "priority",
                "priorities",
                "strategic priority",
                "theme",
                "objective",
            ],
            Field::Action => &[
                "action",
                "actions",
                "action s",
                "task",
                "tasks",
                "key actions",
            ],
            Field::Owner => &[
                "responsibility",
                "responsible",
                "lead officer",
                "lead",
                "owner",
                "owners",
                "responsible officer",
                "who",
                "lead officers",
            ],
            Field::Due => &[
                "date",
                "dates",
                "target date",
                "deadline",
                "when",
                "due",
                "due date",
                "by when",
                "timescale",
                "target",
            ],
            Field::Id => &["id", "ref", "reference"],
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

/// The columns (0-based, relative to the sheet's grid) and the first data row.
#[derive(Clone, Debug)]
pub struct Columns {
    pub cols: Vec<(Field, usize)>,
    pub first_row: usize,
}

impl Columns {
    pub fn get(&self, field: Field) -> Option<usize> {
        self.cols.iter().find(|(f, _)| *f == field).map(|&(_, c)| c)
    }
}

fn normalise(text: &str) -> String {
    let letters: String = text
        .chars()
        .map(|c| {
            if c.is_alphabetic() {
                c.to_ascii_lowercase()
            } else {
                ' '
            }
        })
        .collect();
    letters.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn field_of(header: &str) -> Option<Field> {
    let header = normalise(header);
    Field::ALL
        .into_iter()
        .find(|f| f.headers().contains(&header.as_str()))
}

/// The header row: the first of the top 20 rows naming at least the action column and one
/// other.
fn find_header(sheet: &Sheet) -> Option<(usize, Vec<(Field, usize)>)> {
    sheet.rows.iter().take(20).enumerate().find_map(|(r, row)| {
        let mut cols: Vec<(Field, usize)> = Vec::new();
        for (c, cell) in row.iter().enumerate() {
            if let Some(field) = field_of(&cell.text()) {
                if !cols.iter().any(|(f, _)| *f == field) {
                    cols.push((field, c));
                }
            }
        }
        let has_action = cols.iter().any(|(f, _)| *f == Field::Action);
        (has_action && cols.len() >= 2).then_some((r, cols))
    })
}

/// Columns from `--columns` (e.g. `priority=A,action=B`) or else from the header row.
pub fn columns(sheet: &Sheet, given: Option<&str>) -> Result<Columns, Error> {
    let header = find_header(sheet);
    let first_row = header.as_ref().map_or(0, |(r, _)| r + 1);
    let cols = match given {
        // The letters are the spreadsheet's; the grid starts at its first used column (a
        // column left of it is empty, so it maps to no cell at all).
        Some(spec) => parse_spec(spec)?
            .into_iter()
            .map(|(f, c)| (f, c.checked_sub(sheet.origin.1 as usize).unwrap_or(usize::MAX)))
            .collect(),
        None => header.map(|(_, cols)| cols).ok_or_else(|| {
            Error::Usage(format!(
                "no header row found in {} (looked for \"Priority\", \"Action(s)\", \"Responsibility\"/\"Lead officer\"/\"Owner\", \"Date\"/\"Target date\"/\"Deadline\"/\"When\")\nhelp: name the columns with --columns priority=A,action=B,owner=C,due=D",
                sheet.name
            ))
        })?,
    };
    for needed in [Field::Priority, Field::Action] {
        if !cols.iter().any(|(f, _)| *f == needed) {
            return Err(Error::Usage(format!(
                "no {} column in {}\nhelp: name it with --columns {}=LETTER",
                needed.name(),
                sheet.name,
                needed.name()
            )));
        }
    }
    Ok(Columns { cols, first_row })
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
        let field = Field::ALL
            .into_iter()
            .find(|f| f.name() == name.trim().to_ascii_lowercase())
            .ok_or_else(|| bad(part, "names are priority, action, owner, due and id"))?;
        let col = column_index(letter.trim())
            .ok_or_else(|| bad(part, "columns are letters, A to ZZZ"))?;
        if cols.iter().any(|(f, _)| *f == field) {
            return Err(bad(part, "named twice"));
        }
        cols.push((field, col));
    }
    Ok(cols)
}

/// One row per priority when no priority is named on two rows and no row continues the one
/// above (an empty priority cell beside an action); otherwise one row per action.
pub fn detect(sheet: &Sheet, columns: &Columns) -> Layout {
    let priority = columns.get(Field::Priority).unwrap_or(0);
    let action = columns.get(Field::Action).unwrap_or(0);
    let mut seen = std::collections::HashSet::new();
    for r in columns.first_row..sheet.rows.len() {
        let name = sheet.cell(r, priority).text();
        if name.is_empty() {
            if !sheet.cell(r, action).is_empty() {
                return Layout::RowPerAction;
            }
        } else if !seen.insert(name) {
            return Layout::RowPerAction;
        }
    }
    Layout::RowPerPriority
}
