//! `plan history ID` laid out: a row per commit (date, commit, author, subject, and its
//! changes worded by [`super::change`]), or the [`History`] itself as JSON.

use std::io::Write;

use super::{Grid, GridCell};
use crate::error::Error;
use crate::format::QueryFormat;
use crate::history::History;

/// Writes `history` in `format`, with its summary under tables and Markdown.
pub fn write(
    out: &mut dyn Write,
    format: QueryFormat,
    color: bool,
    history: &History,
) -> Result<(), Error> {
    let grid = Grid {
        headers: vec!["Date", "Commit", "Author", "Subject", "Changes"],
        rows: history
            .entries
            .iter()
            .map(|e| {
                let changes: Vec<String> = e.changes.iter().map(super::change::words).collect();
                vec![
                    GridCell::from(e.date.as_str()),
                    GridCell::from(e.commit.as_deref().map_or("", crate::git::short_id)),
                    GridCell::from(e.author.as_str()),
                    GridCell::from(e.subject.as_str()),
                    GridCell::from(changes.join(" · ")),
                ]
            })
            .collect(),
        wide: Some(4),
        droppable: vec![2], // the author: the commit and subject say more
    };
    super::write_result(out, format, color, history, &grid, Some(&history.summary))
}
