//! From rows to priorities and actions: the reading rules of plan/README.md, applied to any
//! council's sheet. Titles are kept verbatim; nothing missing is filled in.

use std::collections::HashSet;

use super::due::{self, DueCell};
use super::layout::{Columns, Field, Layout};
use super::owners;
use super::sheet::Sheet;
use crate::dates::Settings;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct DraftAction {
    pub id: String,
    pub title: String,
    pub owners: Option<Vec<String>>,
    pub due: Option<String>,
    pub due_note: Option<String>,
    pub source: String,
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
}

/// What the build needs from the plan it imports into.
pub struct Context<'a> {
    pub settings: &'a Settings,
    /// (name or alias as written, the role's name) for every role on the roster.
    pub roster: Vec<(String, String)>,
    /// Ids already used in the plan (outside any file the import replaces).
    pub taken: HashSet<String>,
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
        },
    };
    for r in columns.first_row..sheet.rows.len() {
        let used = columns
            .cols
            .iter()
            .any(|&(_, c)| !sheet.cell(r, c).is_empty());
        if !used {
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
                id: unique(&format!("{}-{}", priority.id, i + 1), &mut self.cx.taken),
                title,
                source: format!("{}, action {}", priority.source, i + 1),
                ..DraftAction::default()
            })
            .collect();
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
        let Some(col) = self.columns.get(Field::Due) else {
            return;
        };
        let reference = self.sheet.reference(r, col);
        match due::read(self.sheet.cell(r, col), self.cx.settings) {
            DueCell::Empty => {}
            DueCell::One { written, note } => {
                priority.due = Some(written);
                priority.due_note = note;
            }
            DueCell::Several { parts, note } => {
                let raw: Vec<&str> = parts.iter().map(|p| p.0.as_str()).collect();
                let raw = raw.join(" ");
                let remark = note.map(|n| format!(" ({n})")).unwrap_or_default();
                if parts.len() == actions.len() {
                    for (action, (written, _)) in actions.iter_mut().zip(&parts) {
                        action.due = Some(written.clone());
                    }
                    priority.due_note = Some(format!(
                        "{reference} gives {} dates for {} actions, mapped in order: {raw}{remark}",
                        parts.len(),
                        actions.len()
                    ));
                } else {
                    // Which date belongs to which action is not shown, so none is mapped;
                    // the row as a whole runs to its latest date, so nothing is late on a guess.
                    let latest = parts
                        .iter()
                        .max_by_key(|p| p.1.due_by())
                        .map(|p| p.0.clone());
                    priority.due = latest;
                    priority.due_note = Some(format!(
                        "{reference} gives {} dates for {} actions, so none is mapped to an action; due is the latest: {raw}{remark}",
                        parts.len(),
                        actions.len()
                    ));
                }
            }
            DueCell::Unreadable { text, reason } => {
                priority.due_note = Some(self.unread(reference, text, reason));
            }
        }
    }

    fn action_row(&mut self, r: usize) {
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
        let title = self.text(r, Field::Action);
        if title.is_empty() {
            return;
        }
        let mut action = DraftAction {
            title,
            owners: self.owners(r),
            source: self.row_source(r),
            ..DraftAction::default()
        };
        action.id = self.action_id(r, index);
        self.action_due(r, &mut action);
        self.draft.priorities[index].actions.push(action);
    }

    fn action_due(&mut self, r: usize, action: &mut DraftAction) {
        let Some(col) = self.columns.get(Field::Due) else {
            return;
        };
        let reference = self.sheet.reference(r, col);
        match due::read(self.sheet.cell(r, col), self.cx.settings) {
            DueCell::Empty => {}
            DueCell::One { written, note } => {
                action.due = Some(written);
                action.due_note = note;
            }
            DueCell::Several { .. } => {
                let text = self.sheet.cell(r, col).text();
                let reason = format!("\"{text}\": several dates for one action");
                action.due_note = Some(self.unread(reference, text, reason));
            }
            DueCell::Unreadable { text, reason } => {
                action.due_note = Some(self.unread(reference, text, reason));
            }
        }
    }

    /// Records an unread cell and returns the `due_note` that keeps it in the plan.
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
            Layout::RowPerPriority => valid_id(&self.text(r, Field::Id)),
            Layout::RowPerAction => None,
        };
        let id = unique(&wanted.unwrap_or_else(|| slug(&title)), &mut self.cx.taken);
        DraftPriority {
            id,
            title,
            description,
            source: self.row_source(r),
            ..DraftPriority::default()
        }
    }

    fn action_id(&mut self, r: usize, index: usize) -> String {
        let base = valid_id(&self.text(r, Field::Id)).unwrap_or_else(|| {
            let priority = &self.draft.priorities[index];
            format!("{}-{}", priority.id, priority.actions.len() + 1)
        });
        unique(&base, &mut self.cx.taken)
    }

    /// The row's owners, split by the roster; names not on it are added to it (and listed).
    fn owners(&mut self, r: usize) -> Option<Vec<String>> {
        let named = owners::split(&self.text(r, Field::Owner), &self.cx.roster);
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
            let [(_, end), (_, space), (next, upper)] = [w[0], w[1], w[2]];
            if matches!(end, '.' | '!' | '?') && space.is_whitespace() && upper.is_uppercase() {
                out.push(line[start..next].trim().to_owned());
                start = next;
            }
        }
        out.push(line[start..].trim().to_owned());
    }
    out.retain(|s| !s.is_empty());
    out
}

fn valid_id(text: &str) -> Option<String> {
    let id = text.trim().to_lowercase().replace(' ', "-");
    crate::text::is_valid_id(&id).then_some(id)
}

/// A priority's id from its title: lower-case words joined by `-`, at most 40 characters.
pub fn slug(title: &str) -> String {
    let mut id = String::new();
    let words = title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase);
    for word in words {
        if !id.is_empty() && id.len() + 1 + word.len() > 40 {
            break;
        }
        if !id.is_empty() {
            id.push('-');
        }
        id.push_str(&word);
    }
    if id.is_empty() {
        "priority".to_owned()
    } else {
        id
    }
}

/// `base`, or `base-2`, `base-3`… if taken; the result is taken from then on.
fn unique(base: &str, taken: &mut HashSet<String>) -> String {
    let id = std::iter::once(base.to_owned())
        .chain((2..).map(|n| format!("{base}-{n}")))
        .find(|id| !taken.contains(id))
        .expect("an unused suffix exists");
    taken.insert(id.clone());
    id
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }

    #[test]
    fn slugs_are_stable_and_unique() {
        assert_eq!(
            slug("Partnership and the Community Plan"),
            "partnership-and-the-community-plan"
        );
        assert_eq!(
            slug("Racial Harmony and Community Cohesion"),
            "racial-harmony-and-community-cohesion"
        );
        assert_eq!(
            slug("Education, Social Care & Lifelong Learning (2005)"),
            "education-social-care-lifelong-learning"
        );
        assert_eq!(slug("£££"), "priority");
        let mut taken = HashSet::from(["bs".to_owned()]);
        assert_eq!(unique("bs", &mut taken), "bs-2");
        assert_eq!(unique("bs", &mut taken), "bs-3");
    }
}
