//! From rows to priorities and actions: the reading rules of plan/README.md, applied to any
//! council's sheet. Titles are kept verbatim; nothing missing is filled in.

use std::collections::HashSet;

use super::due::{self, DueCell};
use super::layout::{Columns, Field, Layout, sentences};
use super::owners;
use super::sheet::{Cell, Sheet};
use chrono::NaiveDate;

use super::progress;
use crate::dates::{Period, Settings};
use crate::ids;
use crate::model::{Rag, Status};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct DraftAction {
    pub id: String,
    pub title: String,
    pub owners: Option<Vec<String>>,
    pub due: Option<String>,
    pub due_note: Option<String>,
    pub source: String,
    /// From a Status column, when it names one of the four statuses.
    pub status: Option<Status>,
    /// Status, RAG and progress columns: the action's first update.
    pub update: Option<DraftUpdate>,
}

/// The first `[[action.update]]`: last quarter's monitoring as the sheet records it, dated
/// `--as-at`, by the action's (first) owner.
#[derive(Clone, Debug, PartialEq)]
pub struct DraftUpdate {
    pub date: NaiveDate,
    pub note: String,
    pub rag: Option<Rag>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct DraftPriority {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub owners: Option<Vec<String>>,
    pub due: Option<String>,
    pub due_note: Option<String>,
    pub source: String,
    pub actions: Vec<DraftAction>,
}

/// A cell that could not be read: where, what it says, why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unread {
    pub reference: String,
    pub text: String,
    pub reason: String,
}

#[derive(Clone, Debug)]
pub struct Draft {
    pub layout: Layout,
    pub priorities: Vec<DraftPriority>,
    /// Names not on the roster, as written, in the order met.
    pub roles_added: Vec<String>,
    pub unread: Vec<Unread>,
    /// Rows read as section headings (the priority of the rows below): reference and title.
    pub sections: Vec<(String, String)>,
    /// Status and RAG cells that name no status or colour: kept in the update's note.
    pub kept: Vec<Unread>,
    /// Owner cells that repeat the owner above ("ditto", "do.", `"`): their references.
    pub dittos: Vec<String>,
    /// Rows with no action whose cells were not imported: each such cell, and why.
    pub actionless: Vec<Unread>,
    /// Priorities given their owners and due date by a row naming them with no action:
    /// the row's source ("Sheet1, row 4") and the priority's title.
    pub headed: Vec<(String, String)>,
    /// Due cells that are date cells formatted to show only a month (or only a year), read
    /// as that whole month (year): their references, and `month` or `year`.
    pub shown_dates: Vec<(String, &'static str)>,
    /// RAG read from a cell's fill colour (its text names none): references and colours.
    pub rag_fills: Vec<(String, Rag)>,
    /// Where the priority of actions above any section row came from, when the sheet has no
    /// priority column: its title and what it is ("the sheet name", "--priority").
    pub untitled: Option<(String, &'static str)>,
}

/// What the build needs from the plan it imports into.
pub struct Context<'a> {
    pub settings: &'a Settings,
    /// The priority of actions when the sheet names none (no priority column, above any
    /// section row): its title and where it came from.
    pub untitled: (String, &'static str),
    /// The day Status, RAG and progress columns were written (`--as-at`).
    pub as_at: Option<NaiveDate>,
    /// (name or alias as written, the role's name) for every role on the roster.
    pub roster: Vec<(String, String)>,
    /// Ids already used in the plan (outside any file the import replaces).
    pub taken: HashSet<String>,
}

/// A row's due cell: where it is ("D7"), its text, and how it reads.
struct DueText {
    reference: String,
    text: String,
    cell: DueCell,
}

/// A priority row's cell with several dates: one per action is mapped in order; otherwise
/// none is, and the priority runs to the latest. Returns the priority's note saying which.
fn several_dues(
    reference: &str,
    parts: &[(String, Period)],
    note: Option<String>,
    priority: &mut DraftPriority,
    actions: &mut [DraftAction],
) -> String {
    let raw: Vec<&str> = parts.iter().map(|p| p.0.as_str()).collect();
    let raw = raw.join(" ");
    let remark = note.map(|n| format!(" ({n})")).unwrap_or_default();
    if parts.len() == actions.len() {
        for (action, (written, _)) in actions.iter_mut().zip(parts) {
            action.due = Some(written.clone());
        }
        return format!(
            "{reference} gives {} dates for {} actions, mapped in order: {raw}{remark}",
            parts.len(),
            actions.len()
        );
    }
    // Which date belongs to which action is not shown, so none is mapped; the row as a whole
    // runs to its latest date, so nothing is late on a guess.
    priority.due = parts
        .iter()
        .max_by_key(|p| p.1.due_by())
        .map(|p| p.0.clone());
    format!(
        "{reference} gives {} dates for {} actions, so none is mapped to an action; due is the latest: {raw}{remark}",
        parts.len(),
        actions.len()
    )
}

struct Builder<'a, 's> {
    sheet: &'s Sheet,
    columns: &'s Columns,
    cx: Context<'a>,
    draft: Draft,
}

pub fn build(sheet: &Sheet, columns: &Columns, layout: Layout, cx: Context<'_>) -> Draft {
    let mut b = Builder {
        sheet,
        columns,
        cx,
        draft: Draft {
            layout,
            priorities: Vec::new(),
            roles_added: Vec::new(),
            unread: Vec::new(),
            sections: Vec::new(),
            kept: Vec::new(),
            dittos: Vec::new(),
            actionless: Vec::new(),
            headed: Vec::new(),
            shown_dates: Vec::new(),
            rag_fills: Vec::new(),
            untitled: None,
        },
    };
    for r in columns.first_row..sheet.rows.len() {
        let used = columns
            .cols
            .iter()
            .any(|&(_, c)| !sheet.cell(r, c).is_empty());
        let section = columns.get(Field::Priority).is_none() && b.section(r).is_some();
        if !used && !section {
            continue;
        }
        match layout {
            Layout::RowPerPriority => b.priority_row(r),
            Layout::RowPerAction => b.action_row(r),
        }
    }
    b.draft
}

impl Builder<'_, '_> {
    fn text(&self, r: usize, field: Field) -> String {
        self.columns
            .get(field)
            .map(|c| self.sheet.cell(r, c).text())
            .unwrap_or_default()
    }

    fn row_source(&self, r: usize) -> String {
        format!(
            "{}, row {}",
            self.sheet.name,
            u64::from(self.sheet.origin.0) + r as u64 + 1
        )
    }

    fn priority_row(&mut self, r: usize) {
        let mut priority = self.new_priority(r);
        priority.owners = self.owners(r);
        let sentences = sentences(&self.text(r, Field::Action));
        let mut actions: Vec<DraftAction> = sentences
            .into_iter()
            .enumerate()
            .map(|(i, title)| DraftAction {
                id: ids::unique(&ids::numbered_id(&priority.id, i + 1), &mut self.cx.taken),
                title,
                source: format!("{}, action {}", priority.source, i + 1),
                ..DraftAction::default()
            })
            .collect();
        let (status, update) = self.monitoring(r);
        for action in &mut actions {
            action.status = status;
            action.update.clone_from(&update);
        }
        self.priority_due(r, &mut priority, &mut actions);
        priority.actions = actions;
        self.draft.priorities.push(priority);
    }

    /// The row's date: one date for the priority; several, mapped in order when there is one
    /// per action, else the latest for the priority; unreadable, kept in `due_note`.
    fn priority_due(
        &mut self,
        r: usize,
        priority: &mut DraftPriority,
        actions: &mut [DraftAction],
    ) {
        let Some(due) = self.due_cell(r) else {
            return;
        };
        match due.cell {
            DueCell::Several { parts, note } => {
                priority.due_note = Some(several_dues(
                    &due.reference,
                    &parts,
                    note,
                    priority,
                    actions,
                ));
            }
            _ => self.one_due(due, &mut priority.due, &mut priority.due_note),
        }
    }

    /// The row's due cell, where the layout has a due column.
    fn due_cell(&mut self, r: usize) -> Option<DueText> {
        let col = self.columns.get(Field::Due)?;
        let cell = self.sheet.cell(r, col);
        let shown = match cell {
            Cell::Month(_) => Some("month"),
            Cell::Year(_) => Some("year"),
            _ => None,
        };
        if let Some(shown) = shown {
            let reference = self.sheet.reference(r, col);
            self.draft.shown_dates.push((reference, shown));
        }
        Some(DueText {
            reference: self.sheet.reference(r, col),
            text: cell.text(),
            cell: due::read(cell, self.cx.settings),
        })
    }

    /// One item's due date and its remark; a cell that is not one date is kept in the note
    /// and listed as unread.
    fn one_due(&mut self, due: DueText, date: &mut Option<String>, date_note: &mut Option<String>) {
        match due.cell {
            DueCell::Empty => {}
            DueCell::One { written, note } => {
                *date = Some(written);
                *date_note = note;
            }
            DueCell::Several { .. } => {
                let reason = format!("\"{}\": several dates for one action", due.text);
                *date_note = Some(self.unread(due.reference, due.text, reason));
            }
            DueCell::Unreadable { text, reason } => {
                *date_note = Some(self.unread(due.reference, text, reason));
            }
        }
    }

    fn action_row(&mut self, r: usize) {
        if self.columns.get(Field::Priority).is_none() {
            return self.unnamed_action_row(r);
        }
        let name = self.text(r, Field::Priority);
        let continues = name.is_empty() && !self.draft.priorities.is_empty();
        let same = self
            .draft
            .priorities
            .iter()
            .position(|p| first_line(&name).0 == p.title);
        let index = match (continues, same) {
            (true, _) => self.draft.priorities.len() - 1,
            (false, Some(i)) => i,
            (false, None) => {
                let priority = self.new_priority(r);
                self.draft.priorities.push(priority);
                self.draft.priorities.len() - 1
            }
        };
        self.push_action(r, index);
    }

    /// The row's action under priority `index`, if the row has one.
    fn push_action(&mut self, r: usize, index: usize) {
        let title = self.text(r, Field::Action);
        if title.is_empty() {
            return self.actionless_row(r, index);
        }
        let mut source = self.row_source(r);
        if let Some(col) = self.columns.get(Field::Rating) {
            let rating = self.sheet.cell(r, col).text();
            if !rating.is_empty() {
                let heading = self.columns.heading(self.sheet, col);
                let heading = if heading.is_empty() {
                    "Priority".to_owned()
                } else {
                    heading
                };
                source = format!("{source}; {heading}: {rating}");
            }
        }
        let (status, update) = self.monitoring(r);
        let mut action = DraftAction {
            title,
            owners: self.owners(r),
            source,
            status,
            update,
            ..DraftAction::default()
        };
        action.id = self.action_id(r, index);
        self.action_due(r, &mut action);
        self.draft.priorities[index].actions.push(action);
    }

    /// A row with cells but no action. The first row naming a priority, before any of its
    /// actions, is its heading: its owner and due cells are the priority's. Every other cell
    /// of such a row is listed as not imported, never dropped unsaid.
    fn actionless_row(&mut self, r: usize, index: usize) {
        let priority = &self.draft.priorities[index];
        let heads = !self.text(r, Field::Priority).is_empty()
            && priority.actions.is_empty()
            && priority.owners.is_none()
            && priority.due.is_none()
            && priority.due_note.is_none();
        let mut taken = vec![Field::Priority, Field::Action];
        if heads {
            taken.extend([Field::Owner, Field::Due]);
            let owners = self.owners(r);
            let (mut due, mut due_note) = (None, None);
            if let Some(cell) = self.due_cell(r) {
                self.one_due(cell, &mut due, &mut due_note);
            }
            if owners.is_some() || due.is_some() || due_note.is_some() {
                let source = self.row_source(r);
                let priority = &mut self.draft.priorities[index];
                (priority.owners, priority.due, priority.due_note) = (owners, due, due_note);
                let headed = (source, priority.title.clone());
                self.draft.headed.push(headed);
            }
        }
        let row = u64::from(self.sheet.origin.0) + r as u64 + 1;
        for &(field, col) in &self.columns.cols {
            let text = self.sheet.cell(r, col).text();
            if taken.contains(&field) || text.is_empty() {
                continue;
            }
            self.draft.actionless.push(Unread {
                reference: self.sheet.reference(r, col),
                text,
                reason: format!("row {row} has no action"),
            });
        }
    }

    /// A row of a sheet with no priority column: a section row (only one cell filled, left
    /// of or in the action column) starts a priority; an action goes under the last one, or
    /// under the priority named by `--priority` or the sheet.
    fn unnamed_action_row(&mut self, r: usize) {
        if let Some((col, title)) = self.section(r) {
            let reference = self.sheet.reference(r, col);
            let priority = self.titled_priority(r, &title);
            self.draft
                .sections
                .push((reference, priority.title.clone()));
            self.draft.priorities.push(priority);
            return;
        }
        if self.draft.priorities.is_empty() {
            let (title, from) = self.cx.untitled.clone();
            let mut priority = self.titled_priority(r, &title);
            priority.source = format!("{} ({from})", self.sheet.name);
            self.draft.untitled = Some((priority.title.clone(), from));
            self.draft.priorities.push(priority);
        }
        self.push_action(r, self.draft.priorities.len() - 1);
    }

    /// A section heading row: one cell filled in the whole row, at or left of the action
    /// column (its text is the priority of the rows below).
    fn section(&self, r: usize) -> Option<(usize, String)> {
        let action = self.columns.get(Field::Action)?;
        let row = self.sheet.rows.get(r)?;
        let mut filled = row.iter().enumerate().filter(|(_, c)| !c.is_empty());
        let (col, cell) = filled.next()?;
        if filled.next().is_some() || col > action {
            return None;
        }
        // Beside the owner or due column of a row, a single cell is an action with gaps.
        Some((col, cell.text()))
    }

    fn titled_priority(&mut self, r: usize, text: &str) -> DraftPriority {
        let (title, description) = first_line(text);
        let id = ids::unique(&ids::slug(&title, "priority"), &mut self.cx.taken);
        DraftPriority {
            id,
            title,
            description,
            source: self.row_source(r),
            ..DraftPriority::default()
        }
    }

    fn action_due(&mut self, r: usize, action: &mut DraftAction) {
        if let Some(due) = self.due_cell(r) {
            self.one_due(due, &mut action.due, &mut action.due_note);
        }
    }

    /// The row's Status, RAG and progress cells as a status and a first update. A Status or
    /// RAG cell that does not read is kept in the note (and listed).
    fn monitoring(&mut self, r: usize) -> (Option<Status>, Option<DraftUpdate>) {
        let Some(date) = self.cx.as_at else {
            return (None, None);
        };
        let mut notes = Vec::new();
        let progress = self.text(r, Field::Progress);
        if !progress.is_empty() {
            notes.push(progress);
        }
        let status_text = self.text(r, Field::Status);
        let status = progress::status(&status_text);
        let rag_text = self.text(r, Field::Rag);
        let mut rag = progress::rag(&rag_text);
        // A RAG cell that names no colour (often one with no text at all) may be filled with
        // it; without a RAG column, the Status cell's fill is the RAG.
        let mut filled = None;
        if rag.is_none()
            && let Some(col) = self
                .columns
                .get(Field::Rag)
                .or(self.columns.get(Field::Status))
            && let Some(colour) = self.sheet.fill(r, col)
        {
            rag = Some(colour);
            filled = Some((col, colour));
            let reference = self.sheet.reference(r, col);
            self.draft.rag_fills.push((reference, colour));
        }
        for (field, text, read) in [
            (Field::Status, &status_text, status.is_some()),
            (Field::Rag, &rag_text, rag.is_some()),
        ] {
            if text.is_empty() {
                continue;
            }
            let col = self.columns.get(field).unwrap_or_default();
            let heading = match self.columns.heading(self.sheet, col) {
                h if h.is_empty() => field.name().to_owned(),
                h => h,
            };
            let said = format!("{heading}: {text}");
            if !read {
                let reason = format!(
                    "\"{text}\" is not a {}; kept in the update's note",
                    if field == Field::Status {
                        "status"
                    } else {
                        "RAG colour"
                    }
                );
                self.draft.kept.push(Unread {
                    reference: self.sheet.reference(r, col),
                    text: text.clone(),
                    reason,
                });
                notes.push(said);
            } else if notes.is_empty() {
                notes.push(said);
            }
        }
        if let Some((col, colour)) = filled
            && notes.is_empty()
        {
            let heading = match self.columns.heading(self.sheet, col) {
                h if h.is_empty() => Field::Rag.name().to_owned(),
                h => h,
            };
            notes.push(format!("{heading}: {colour} (the cell's fill colour)"));
        }
        if notes.is_empty() {
            return (status, None);
        }
        let update = DraftUpdate {
            date,
            note: notes.join("; "),
            rag,
        };
        (status, Some(update))
    }

    fn unread(&mut self, reference: String, text: String, reason: String) -> String {
        let note = format!("{reference} not read as a date: {text}");
        self.draft.unread.push(Unread {
            reference,
            text,
            reason,
        });
        note
    }

    fn new_priority(&mut self, r: usize) -> DraftPriority {
        let (title, description) = first_line(&self.text(r, Field::Priority));
        let title = if title.is_empty() {
            format!("Row {}", r + 1)
        } else {
            title
        };
        let wanted = match self.draft.layout {
            Layout::RowPerPriority => ids::from_cell(&self.text(r, Field::Id)),
            Layout::RowPerAction => None,
        };
        let id = ids::unique(
            &wanted.unwrap_or_else(|| ids::slug(&title, "priority")),
            &mut self.cx.taken,
        );
        DraftPriority {
            id,
            title,
            description,
            source: self.row_source(r),
            ..DraftPriority::default()
        }
    }

    fn action_id(&mut self, r: usize, index: usize) -> String {
        let base = ids::from_cell(&self.text(r, Field::Id)).unwrap_or_else(|| {
            let priority = &self.draft.priorities[index];
            format!("{}-{}", priority.id, priority.actions.len() + 1)
        });
        ids::unique(&base, &mut self.cx.taken)
    }

    /// The row's owners, split by the roster; names not on it are added to it (and listed).
    /// "ditto", "do." or `"` repeats the owners of the action above (and is listed).
    fn owners(&mut self, r: usize) -> Option<Vec<String>> {
        let text = self.text(r, Field::Owner);
        if owners::is_ditto(&text) {
            let above = match self.draft.layout {
                Layout::RowPerPriority => {
                    self.draft.priorities.last().and_then(|p| p.owners.clone())
                }
                Layout::RowPerAction => self
                    .draft
                    .priorities
                    .iter()
                    .rev()
                    .find_map(|p| p.actions.last())
                    .and_then(|a| a.owners.clone()),
            };
            if let Some(col) = self.columns.get(Field::Owner) {
                self.draft.dittos.push(self.sheet.reference(r, col));
            }
            return above;
        }
        let named = owners::split(&text, &self.cx.roster);
        for name in named.iter().filter(|n| !n.known) {
            self.cx.roster.push((name.name.clone(), name.name.clone()));
            self.draft.roles_added.push(name.name.clone());
        }
        let names: Vec<String> = named.into_iter().map(|n| n.name).collect();
        (!names.is_empty()).then_some(names)
    }
}

/// The first line of a cell and the rest: a PRIORITY cell's short title, then its preamble.
fn first_line(text: &str) -> (String, Option<String>) {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next().unwrap_or_default().to_owned();
    let rest: Vec<&str> = lines.collect();
    (first, (!rest.is_empty()).then(|| rest.join(" ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sheet of text rows under a header of priority, action, owner and due.
    fn draft(layout: Layout, rows: &[[&str; 4]]) -> Draft {
        let cell = |t: &&str| Cell::Text((*t).to_owned());
        let sheet = Sheet {
            name: "s".into(),
            origin: (0, 0),
            rows: std::iter::once(&["priority", "action", "owner", "due"])
                .chain(rows)
                .map(|r| r.iter().map(cell).collect())
                .collect(),
            ..Sheet::default()
        };
        let columns = Columns {
            cols: vec![
                (Field::Priority, 0),
                (Field::Action, 1),
                (Field::Owner, 2),
                (Field::Due, 3),
            ],
            first_row: 1,
            ..Columns::default()
        };
        let settings = Settings::default();
        let cx = Context {
            untitled: ("s".into(), "the sheet's name"),
            as_at: None,
            settings: &settings,
            roster: Vec::new(),
            taken: HashSet::new(),
        };
        build(&sheet, &columns, layout, cx)
    }

    #[test]
    fn several_dates_map_to_actions_only_one_each() {
        let d = draft(
            Layout::RowPerPriority,
            &[
                [
                    "Housing",
                    "Build homes. Repair roofs.",
                    "",
                    "April 2004 June 2004",
                ],
                [
                    "Roads",
                    "Fill holes. Paint lines. Sweep.",
                    "",
                    "April 2004 June 2004 (roughly)",
                ],
            ],
        );
        let dues = |p: &DraftPriority| -> Vec<Option<String>> {
            p.actions.iter().map(|a| a.due.clone()).collect()
        };
        let (housing, roads) = (&d.priorities[0], &d.priorities[1]);
        assert_eq!(
            dues(housing),
            [Some("April 2004".into()), Some("June 2004".into())]
        );
        assert_eq!(housing.due, None);
        assert_eq!(
            housing.due_note.as_deref(),
            Some("s!D2 gives 2 dates for 2 actions, mapped in order: April 2004 June 2004")
        );
        assert_eq!(dues(roads), [None, None, None]);
        assert_eq!(roads.due.as_deref(), Some("June 2004"));
        assert_eq!(
            roads.due_note.as_deref(),
            Some(
                "s!D3 gives 2 dates for 3 actions, so none is mapped to an action; due is the latest: April 2004 June 2004 (roughly)"
            )
        );
        assert_eq!(d.unread, []);
    }

    #[test]
    fn an_action_cell_that_is_not_one_date_is_kept_as_a_note() {
        let d = draft(
            Layout::RowPerAction,
            &[
                ["Housing", "Build homes", "", "April 2004 June 2004"],
                ["Housing", "Repair roofs", "", "May 2004 (weather allowing)"],
            ],
        );
        let actions = &d.priorities[0].actions;
        assert_eq!(actions[0].due, None);
        assert_eq!(
            actions[0].due_note.as_deref(),
            Some("s!D2 not read as a date: April 2004 June 2004")
        );
        assert_eq!(actions[1].due.as_deref(), Some("May 2004"));
        assert_eq!(actions[1].due_note.as_deref(), Some("weather allowing"));
        assert_eq!(
            d.unread,
            [Unread {
                reference: "s!D2".into(),
                text: "April 2004 June 2004".into(),
                reason: "\"April 2004 June 2004\": several dates for one action".into(),
            }]
        );
    }
}
