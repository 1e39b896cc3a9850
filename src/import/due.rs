//! Reading a DATE cell with the loader's own parser. A real date cell is that day; text is
//! read as officers write it; a cell holding several dates ("April 2004 April 2005
//! Continuous") is cut into the dates it is made of, and only used when every piece reads.
//! Nothing is guessed: a cell that does not read is reported and left undated.

use crate::dates::{Period, Settings, parse_due};

use super::sheet::Cell;

#[derive(Clone, Debug, PartialEq)]
pub enum DueCell {
    Empty,
    /// One date, as written (a date cell as `YYYY-MM-DD`), with a trailing `(...)` remark.
    One {
        written: String,
        note: Option<String>,
    },
    /// Several dates in one cell, each as written, in order.
    Several {
        parts: Vec<(String, Period)>,
        note: Option<String>,
    },
    /// Not readable: the text, and why.
    Unreadable {
        text: String,
        reason: String,
    },
}

pub fn read(cell: &Cell, settings: &Settings) -> DueCell {
    let text = match cell {
        Cell::Empty => return DueCell::Empty,
        Cell::Day(day) => {
            // A date cell the plan's parser refuses (a far-future year) is a finding located
            // at the cell, never a refusal of the whole import.
            let written = day.to_string();
            return match parse_due(&written, settings) {
                Ok(_) => DueCell::One {
                    written,
                    note: None,
                },
                Err(err) => DueCell::Unreadable {
                    text: written,
                    reason: format!("date cell {day}: {err}"),
                },
            };
        }
        // A date cell showing only its month or year is that month or year, written as the
        // sheet shows it ("April 2004"), exactly as the same words typed in a CSV.
        Cell::Text(_) | Cell::Number(_) | Cell::Month(_) | Cell::Year(_) => {
            cell.text().split_whitespace().collect::<Vec<_>>().join(" ")
        }
    };
    let (date, note) = split_remark(&text);
    if date.is_empty() {
        return match note {
            None => DueCell::Empty,
            Some(_) => {
                let reason = format!("\"{text}\": no date, only a remark");
                DueCell::Unreadable { text, reason }
            }
        };
    }
    let whole = match parse_due(date, settings) {
        Ok(_) => {
            return DueCell::One {
                written: date.to_owned(),
                note,
            };
        }
        Err(err) => err,
    };
    match several(date, settings) {
        Some(parts) => DueCell::Several { parts, note },
        None => DueCell::Unreadable {
            text,
            reason: whole.to_string(),
        },
    }
}

/// "October 2004 (Date of next Residents Survey)" → the date, and the remark without brackets.
fn split_remark(text: &str) -> (&str, Option<String>) {
    let text = text.trim();
    let Some(body) = text.strip_suffix(')') else {
        return (text, None);
    };
    match body.rfind('(') {
        Some(open) if !body[open + 1..].trim().is_empty() => (
            body[..open].trim(),
            Some(body[open + 1..].trim().to_owned()),
        ),
        _ => (text, None),
    }
}

/// The cell cut into two or more dates, each the longest run of words from where the last
/// ended that reads as a date; `None` unless every word is used.
fn several(text: &str, settings: &Settings) -> Option<Vec<(String, Period)>> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut parts = Vec::new();
    let mut start = 0;
    while start < words.len() {
        let (end, period) = (start + 1..=words.len()).rev().find_map(|end| {
            parse_due(&words[start..end].join(" "), settings)
                .ok()
                .map(|p| (end, p))
        })?;
        parts.push((words[start..end].join(" "), period));
        start = end;
    }
    (parts.len() >= 2).then_some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str) -> DueCell {
        read(&Cell::Text(t.into()), &Settings::default())
    }

    fn written(d: &DueCell) -> Vec<String> {
        match d {
            DueCell::Several { parts, .. } => parts.iter().map(|p| p.0.clone()).collect(),
            DueCell::One { written, .. } => vec![written.clone()],
            _ => vec![],
        }
    }

    #[test]
    fn one_date_with_a_remark() {
        assert_eq!(
            text("October 2004 (Date of next Residents Survey)"),
            DueCell::One {
                written: "October 2004".into(),
                note: Some("Date of next Residents Survey".into())
            }
        );
        assert_eq!(
            text("  April   2004 "),
            DueCell::One {
                written: "April 2004".into(),
                note: None
            }
        );
        assert_eq!(text(""), DueCell::Empty);
        let far = chrono::NaiveDate::from_ymd_opt(9999, 12, 31).unwrap();
        assert!(matches!(
            read(&Cell::Day(far), &Settings::default()),
            DueCell::Unreadable { .. }
        ));
    }

    #[test]
    fn several_dates_in_one_cell_are_cut_where_each_reads() {
        assert_eq!(
            written(&text("April 2003 April 2004 2005/06")),
            ["April 2003", "April 2004", "2005/06"]
        );
        assert_eq!(
            written(&text("April 2004 April 2005 Continuous")),
            ["April 2004", "April 2005", "Continuous"]
        );
    }

    #[test]
    fn unreadable_is_kept_with_the_reason_never_guessed() {
        let DueCell::Unreadable { text: t, reason } = text("Apirl 2004") else {
            panic!()
        };
        assert_eq!(t, "Apirl 2004");
        assert!(reason.contains("April"), "{reason}");
        assert!(matches!(
            text("April 2004 sometime"),
            DueCell::Unreadable { .. }
        ));
        assert!(matches!(text("(when funded)"), DueCell::Unreadable { .. }));
    }
}
