//! The whole plan from its files: ids checked (valid, unique), parents linked and cycles cut,
//! owners and due dates inherited down the priority tree, actions built.

use rustc_hash::FxHashMap as HashMap;
use serde_spanned::Spanned;

use super::resolve::{ActionDraft, FileEntries};
use super::{Loader, MAX_NESTING};
use crate::diag::{Diagnostic, FileId, Place, Rule};
use crate::model::{Action, EffectiveDue, Origin, Owners, Priority, PriorityIdx};
use crate::text::{self, Quote, closest, escape, is_valid_id};

/// "Did you mean" for unknown parents. Each search scans every id, so only this many distinct
/// unknown parents (in file order: deterministic) get one; a plan with thousands is broken
/// wholesale, not mistyped, and 2 000 of them once made `check` take minutes.
const MAX_PARENT_SEARCHES: usize = 50;

struct Nearest<'a> {
    ids: Vec<&'a str>,
    found: HashMap<String, Option<&'a str>>,
}

impl<'a> Nearest<'a> {
    fn new(index: &'a HashMap<String, usize>) -> Self {
        let mut ids: Vec<&str> = index.keys().map(String::as_str).collect();
        ids.sort_unstable();
        Nearest {
            ids,
            found: HashMap::default(),
        }
    }

    fn to(&mut self, name: &str) -> Option<&'a str> {
        if let Some(&known) = self.found.get(name) {
            return known;
        }
        if self.found.len() >= MAX_PARENT_SEARCHES {
            return None;
        }
        let near = closest(name, &self.ids);
        self.found.insert(name.to_owned(), near);
        near
    }
}

impl Loader {
    pub(super) fn resolve(&mut self, entries: Vec<FileEntries>) {
        // Sized for every id up front: growing it rehashed 100k keys repeatedly.
        let total_ids = entries.len() + entries.iter().map(|e| e.actions.len()).sum::<usize>();
        let mut ids: HashMap<String, Place> =
            HashMap::with_capacity_and_hasher(total_ids, Default::default());
        let mut parents: Vec<Option<(FileId, Spanned<String>)>> = Vec::new();
        for entry in &entries {
            let place = Place {
                file: entry.file,
                span: entry.priority.span(),
            };
            let id = self.check_id(
                &mut ids,
                entry.file,
                entry.priority.get_ref().id.clone(),
                &place,
                "priority",
            );
            let priority = build_priority(entry, id);
            parents.push(
                entry
                    .priority
                    .get_ref()
                    .parent
                    .clone()
                    .map(|p| (entry.file, p)),
            );
            self.loaded.plan.priorities.push(priority);
        }
        self.link_parents(&parents);
        self.inherit_priority_values();
        // Each file's raw entries are consumed as its actions are built, so the parsed tables
        // and the model are not both held in full (peak memory), and nothing is copied twice.
        let total = entries.iter().map(|e| e.actions.len()).sum();
        self.loaded.plan.actions.reserve_exact(total);
        for (index, entry) in entries.into_iter().enumerate() {
            for mut draft in entry.actions {
                let place = Place {
                    file: entry.file,
                    span: draft.span.clone(),
                };
                let id = self.check_id(&mut ids, entry.file, draft.id.take(), &place, "action");
                let built = self.build_action(draft, id, PriorityIdx(index), place);
                self.loaded.plan.actions.push(built);
            }
        }
    }

    /// Validates an id and records it; returns it (empty when missing), moved, not copied.
    pub(super) fn check_id(
        &mut self,
        ids: &mut HashMap<String, Place>,
        file: FileId,
        id: Option<Spanned<String>>,
        place: &Place,
        kind: &str,
    ) -> String {
        let Some(id) = id else {
            self.report(
                Diagnostic::new(Rule::MissingId, format!("{kind} has no id"))
                    .at(file, place.span.clone())
                    .help("give it an id unique across the plan, e.g. id = \"rn-7\": lowercase letters, digits, '-' and '.'"),
            );
            return String::new();
        };
        let text = id.get_ref();
        let here = Place {
            file,
            span: id.span(),
        };
        if !is_valid_id(text) {
            self.report(
                Diagnostic::new(Rule::BadId, format!("{kind} id \"{}\" is not a valid id", escape(text)))
                    .at(file, id.span())
                    .id(text.clone())
                    .help("ids use lowercase letters, digits, '-' and '.', starting with a letter or digit"),
            );
        }
        if let Some(first) = ids.get(text) {
            self.report(
                Diagnostic::new(
                    Rule::DuplicateId,
                    format!("id \"{}\" is used more than once", escape(text)),
                )
                .at(file, id.span())
                .label("used again here")
                .id(text.clone())
                .related(first.clone(), "first used here")
                .help("ids must be unique across the whole plan; rename one of them"),
            );
        } else {
            ids.insert(text.clone(), here);
        }
        id.into_inner()
    }

    pub(super) fn build_action(
        &self,
        draft: ActionDraft,
        id: String,
        priority: PriorityIdx,
        place: Place,
    ) -> Action {
        let parent = self.loaded.plan.priority(priority);
        let owners = draft
            .owners
            .unwrap_or_else(|| inherited_owners(&parent.owners, priority));
        let due = match draft.due {
            Some(own) => EffectiveDue {
                note: draft.due_note,
                ..own
            },
            None => EffectiveDue {
                due: parent.due.due.clone(),
                origin: inherited_origin(parent.due.origin, priority),
                note: draft.due_note.or_else(|| parent.due.note.clone()),
                unreadable: parent.due.unreadable.clone(),
            },
        };
        Action {
            id,
            title: draft.title,
            priority,
            owners,
            due,
            status: draft.status,
            source: draft.source,
            done_on: draft.done_on,
            updates: draft.updates,
            waivers: draft.waivers,
            place,
        }
    }

    pub(super) fn link_parents(&mut self, parents: &[Option<(FileId, Spanned<String>)>]) {
        let index: HashMap<String, usize> = self
            .loaded
            .plan
            .priorities
            .iter()
            .enumerate()
            .rev() // the first definition of a duplicated id wins
            .map(|(i, p)| (p.id.clone(), i))
            .collect();
        let mut links = Vec::new();
        let mut nearest = Nearest::new(&index);
        for (child, parent) in parents.iter().enumerate() {
            let Some((file, name)) = parent else { continue };
            match index.get(name.get_ref().as_str()) {
                Some(&found) => links.push((child, found)),
                None => {
                    let mut diagnostic = Diagnostic::new(
                        Rule::UnknownParent,
                        format!(
                            "parent \"{}\" is not the id of any priority",
                            escape(name.get_ref())
                        ),
                    )
                    .at(*file, name.span())
                    .id(self.loaded.plan.priorities[child].id.clone());
                    if let Some(near) = nearest.to(name.get_ref()) {
                        diagnostic = diagnostic.help(text::suggest_one(near, Quote::Value));
                    }
                    self.report(diagnostic);
                }
            }
        }
        for (child, parent) in links {
            self.loaded.plan.priorities[child].parent = Some(PriorityIdx(parent));
        }
        self.break_cycles(parents);
        self.limit_nesting(parents);
    }

    /// Reports each parent cycle once (from its first member in file order) and cuts it, so
    /// inheritance and nesting terminate; linear ([`super::tree::cut_loops`]).
    pub(super) fn break_cycles(&mut self, parents: &[Option<(FileId, Spanned<String>)>]) {
        let mut links = self.parent_links();
        for members in super::tree::cut_loops(&mut links) {
            self.report_cycle(&members, parents);
            self.loaded.plan.priorities[members[0]].parent = None;
        }
    }

    fn parent_links(&self) -> Vec<Option<usize>> {
        let priorities = &self.loaded.plan.priorities;
        priorities
            .iter()
            .map(|p| p.parent.map(|PriorityIdx(up)| up))
            .collect()
    }

    /// Reports the loop `members` (its first member first, then along the parent links).
    fn report_cycle(&mut self, members: &[usize], parents: &[Option<(FileId, Spanned<String>)>]) {
        let priorities = &self.loaded.plan.priorities;
        let first = members[0];
        let chain: Vec<&str> = members
            .iter()
            .chain(std::iter::once(&first))
            .map(|&p| priorities[p].id.as_str())
            .collect();
        let message = format!("priorities are nested in a loop: {}", chain.join(" → "));
        let id = priorities[first].id.clone();
        let (file, name) = parents[first].clone().expect("a cycle member has a parent");
        self.report(
            Diagnostic::new(Rule::ParentCycle, message)
                .at(file, name.span())
                .id(id)
                .help("a priority cannot be nested under itself; remove one `parent`"),
        );
    }

    /// Refuses nesting deeper than [`MAX_NESTING`]: the first priority too deep on each branch
    /// is reported and cut from its parent, so every command (the report renders the tree
    /// recursively) meets at most that depth; linear ([`super::tree::cut_too_deep`]).
    pub(super) fn limit_nesting(&mut self, parents: &[Option<(FileId, Spanned<String>)>]) {
        let mut links = self.parent_links();
        for p in super::tree::cut_too_deep(&mut links, MAX_NESTING) {
            self.report_too_deep(p, parents);
            self.loaded.plan.priorities[p].parent = None;
        }
    }

    fn report_too_deep(&mut self, p: usize, parents: &[Option<(FileId, Spanned<String>)>]) {
        let priority = &self.loaded.plan.priorities[p];
        let message = format!(
            "priority \"{}\" is nested more than {MAX_NESTING} levels deep",
            escape(&priority.id)
        );
        let mut diagnostic = Diagnostic::new(Rule::TooDeep, message)
            .id(priority.id.clone())
            .help("no plan is organised this deep; nest it under a priority nearer the top");
        if let Some((file, name)) = &parents[p] {
            diagnostic = diagnostic.at(*file, name.span());
        }
        self.report(diagnostic);
    }

    /// Fills priorities' missing owners and due dates from their nearest ancestor that has them.
    pub(super) fn inherit_priority_values(&mut self) {
        let plan = &self.loaded.plan;
        let inherited: Vec<(Owners, EffectiveDue)> = (0..plan.priorities.len())
            .map(|i| {
                let chain: Vec<PriorityIdx> = plan.ancestry(PriorityIdx(i)).collect();
                let owners = chain
                    .iter()
                    .find(|&&p| plan.priority(p).owners.origin != Origin::Missing)
                    .map_or_else(
                        || plan.priority(PriorityIdx(i)).owners.clone(),
                        |&p| {
                            let source = &plan.priority(p).owners;
                            if p.0 == i {
                                source.clone()
                            } else {
                                inherited_owners(source, p)
                            }
                        },
                    );
                let due = chain
                    .iter()
                    .find(|&&p| plan.priority(p).due.origin != Origin::Missing)
                    .map_or_else(
                        || plan.priority(PriorityIdx(i)).due.clone(),
                        |&p| {
                            let source = &plan.priority(p).due;
                            EffectiveDue {
                                due: source.due.clone(),
                                origin: if p.0 == i {
                                    source.origin
                                } else {
                                    inherited_origin(source.origin, p)
                                },
                                note: source.note.clone(),
                                unreadable: source.unreadable.clone(),
                            }
                        },
                    );
                (owners, due)
            })
            .collect();
        for (priority, (owners, due)) in self.loaded.plan.priorities.iter_mut().zip(inherited) {
            priority.owners = owners;
            priority.due = due;
        }
    }
}

/// Owners as seen by something under priority `from`: same roles, origin pointing up.
pub(super) fn inherited_owners(owners: &Owners, from: PriorityIdx) -> Owners {
    Owners {
        roles: owners.roles.clone(),
        origin: inherited_origin(owners.origin, from),
        unknown: owners.unknown.clone(),
    }
}

pub(super) fn inherited_origin(origin: Origin, from: PriorityIdx) -> Origin {
    match origin {
        Origin::Own => Origin::Priority(from),
        other => other,
    }
}

pub(super) fn build_priority(entry: &FileEntries, id: String) -> Priority {
    let raw = entry.priority.get_ref();
    Priority {
        title: raw.title.clone(),
        parent: None,
        description: raw.description.clone(),
        aims: raw.aims.clone(),
        owners: entry.owners.clone().unwrap_or(Owners {
            roles: Vec::new(),
            origin: Origin::Missing,
            unknown: Vec::new(),
        }),
        due: EffectiveDue {
            note: raw.due_note.clone(),
            ..entry.due.clone().unwrap_or_else(EffectiveDue::missing)
        },
        source: raw.source.clone(),
        waivers: entry.waivers.clone(),
        place: Place {
            file: entry.file,
            span: entry.priority.span(),
        },
        id,
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{load_files, rules};
    use crate::diag::Rule;
    use crate::model::{Origin, PriorityIdx};

    #[test]
    fn actions_inherit_owners_and_dates_down_the_tree() {
        let loaded = load_files(&[
            (
                "1.toml",
                "[priority]\nid = \"top\"\ntitle = \"Top\"\nowners = [\"Leader\"]\ndue = \"2005\"\n",
            ),
            (
                "2.toml",
                "[priority]\nid = \"sub\"\ntitle = \"Sub\"\nparent = \"top\"\n\n[[action]]\nid = \"sub-1\"\ntitle = \"Act\"\n",
            ),
        ]);
        assert!(rules(&loaded).is_empty(), "{:?}", rules(&loaded));
        let action = &loaded.plan.actions[0];
        assert_eq!(action.owners.origin, Origin::Priority(PriorityIdx(0)));
        assert_eq!(loaded.plan.owner_names(&action.owners), ["Leader"]);
        assert_eq!(action.due.origin, Origin::Priority(PriorityIdx(0)));
        assert_eq!(action.due.due.as_ref().unwrap().written, "2005");
    }

    #[test]
    fn duplicate_ids_unknown_parents_and_cycles_are_found() {
        let loaded = load_files(&[
            (
                "1.toml",
                "[priority]\nid = \"a\"\ntitle = \"A\"\nparent = \"b\"\n",
            ),
            (
                "2.toml",
                "[priority]\nid = \"b\"\ntitle = \"B\"\nparent = \"a\"\n",
            ),
            (
                "3.toml",
                "[priority]\nid = \"a\"\ntitle = \"A again\"\nparent = \"x\"\n",
            ),
        ]);
        let found: Vec<Rule> = rules(&loaded).into_iter().map(|(rule, _)| rule).collect();
        assert_eq!(
            found,
            [Rule::ParentCycle, Rule::DuplicateId, Rule::UnknownParent]
        );
        assert!(
            rules(&loaded)[0].1.contains("a → b → a"),
            "{:?}",
            rules(&loaded)
        );
        // The cycle is cut, so walking up the tree ends.
        assert_eq!(loaded.plan.ancestry(PriorityIdx(1)).count(), 2);
    }
}
