//! The whole plan from its files: ids checked (valid, unique), parents linked and cycles cut,
//! owners and due dates inherited down the priority tree, actions built.

use rustc_hash::FxHashMap as HashMap;
use serde_spanned::Spanned;

use super::resolve::{FileEntries, IdSpan, bad_id};
use super::{IdSpans, Loader, MAX_NESTING};
use crate::diag::{Diagnostic, FileId, Place, Rule};
use crate::model::{Action, EffectiveDue, Origin, Owners, Priority, PriorityIdx};
use crate::text::{self, Quote, closest, escape};

/// "Did you mean" for unknown parents. Each search scans every id, so only this many distinct
/// unknown parents (in file order: deterministic) get one; a plan with thousands is broken
/// wholesale, not mistyped, and 2 000 of them once made `check` take minutes.
const MAX_PARENT_SEARCHES: usize = 50;

/// The ids of a parent loop shown before the rest are elided (the last two always are shown).
const LOOP_SHOWN: usize = 20;

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

/// Each action id's first use (by position in the plan) and every later use of one, filled
/// as the files are taken in plan order.
#[derive(Default)]
pub(super) struct ActionIds {
    /// (the id's hash, its first use). The hash is kept so that growing the table and most
    /// failed probes never read the id itself: at 100k actions, re-reading the ids on each
    /// growth was most of this index's time on the one thread that takes the files.
    first: hashbrown::HashTable<(u64, u32)>,
    /// (a later use, its id's first use).
    repeats: Vec<(usize, usize)>,
}

fn hash_of(id: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(id)
}

impl ActionIds {
    /// Indexes `actions[from..]`, whose ids are written where `id_spans` say (an action with
    /// no id has none to index).
    pub(super) fn index(&mut self, actions: &[Action], id_spans: &[Option<IdSpan>], from: usize) {
        for (i, action) in actions.iter().enumerate().skip(from) {
            if id_spans[i].is_none() {
                continue;
            }
            let hash = hash_of(&action.id);
            match self.find(actions, hash, &action.id) {
                Some(j) => self.repeats.push((i, j)),
                None => {
                    let i = u32::try_from(i).expect("fewer than 2^32 actions");
                    self.first.insert_unique(hash, (hash, i), |&(h, _)| h);
                }
            }
        }
    }

    /// Where the first action with `id` is.
    fn first_use(&self, actions: &[Action], id: &str) -> Option<usize> {
        self.find(actions, hash_of(id), id)
    }

    fn find(&self, actions: &[Action], hash: u64, id: &str) -> Option<usize> {
        let same = |&(h, j): &(u64, u32)| h == hash && &*actions[j as usize].id == id;
        self.first.find(hash, same).map(|&(_, j)| j as usize)
    }
}

impl Loader {
    pub(super) fn resolve(&mut self, entries: Vec<FileEntries>, id_spans: &IdSpans) {
        let mut ids: HashMap<String, Place> =
            HashMap::with_capacity_and_hasher(entries.len(), Default::default());
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
        drop(entries);
        self.link_parents(&parents);
        self.inherit_priority_values();
        self.inherit_action_values();
        self.inherit_indicator_owners();
        self.check_action_ids(&ids, id_spans);
        self.check_indicator_ids(&ids, id_spans);
    }

    /// Indicators take their priority's owners where they set none, as actions do.
    fn inherit_indicator_owners(&mut self) {
        let plan = &mut self.loaded.plan;
        for indicator in &mut plan.indicators {
            let from = indicator.priority;
            if indicator.owners.origin == Origin::Missing {
                indicator.owners = inherited_owners(&plan.priorities[from.index()].owners, from);
            }
        }
    }

    /// Indicators' ids: present, and unique across the plan's priorities, actions and
    /// indicators (valid was checked on the loader thread).
    fn check_indicator_ids(&mut self, ids: &HashMap<String, Place>, id_spans: &IdSpans) {
        let plan = &self.loaded.plan;
        if plan.indicators.is_empty() {
            return;
        }
        let mut seen: HashMap<&str, Place> = HashMap::default();
        let mut found = Vec::new();
        for (indicator, span) in plan.indicators.iter().zip(&id_spans.indicators) {
            let Some(span) = span else {
                found.push(missing_id("indicator", &indicator.place));
                continue;
            };
            let here = Place {
                file: indicator.place.file,
                span: span.range(),
            };
            let first = ids
                .get(&*indicator.id)
                .cloned()
                .or_else(|| {
                    let first = id_spans.action_ids.first_use(&plan.actions, &indicator.id);
                    first.map(|j| id_place(&plan.actions, id_spans, j))
                })
                .or_else(|| seen.get(&*indicator.id).cloned());
            match first {
                Some(first) => found.push(duplicate_id(&indicator.id, &here, first)),
                None => {
                    seen.insert(&indicator.id, here);
                }
            }
        }
        self.loaded.diagnostics.append(&mut found);
    }

    /// Fills in, in place, what each action takes from its priority: owners and a due date
    /// where it sets none (marked [`Origin::Missing`] by the loader thread until now).
    fn inherit_action_values(&mut self) {
        let plan = &mut self.loaded.plan;
        let grace_days = plan.meta.data_due_after;
        for action in &mut plan.actions {
            let from = action.priority;
            let parent = &plan.priorities[from.index()];
            action.terms.grace_days = grace_days;
            action.terms.start = action.terms.start.or(parent.start);
            if action.owners.origin == Origin::Missing {
                action.owners = inherited_owners(&parent.owners, from);
            }
            if action.due.origin == Origin::Missing {
                action.due = EffectiveDue {
                    due: parent.due.due.clone(),
                    origin: inherited_origin(parent.due.origin, from),
                    note: action.due.note.take().or_else(|| parent.due.note.clone()),
                    unreadable: parent.due.unreadable.clone(),
                };
            }
        }
    }

    /// Actions' ids: present, and unique across the plan (valid was checked on the loader
    /// thread). An id a priority has is reported at each action that uses it; another used
    /// again is reported at each later use, against the first.
    fn check_action_ids(&mut self, ids: &HashMap<String, Place>, id_spans: &IdSpans) {
        let actions = &self.loaded.plan.actions;
        let index = &id_spans.action_ids;
        let id_at = |i: usize| id_place(actions, id_spans, i);
        let mut found: Vec<Diagnostic> = actions
            .iter()
            .zip(&id_spans.actions)
            .filter(|(_, span)| span.is_none())
            .map(|(action, _)| missing_id("action", &action.place))
            .collect();
        // The first use of each priority's id by an action, if any, and the priority's place.
        let priority_first: HashMap<usize, &Place> = ids
            .iter()
            .filter_map(|(id, place)| Some((index.first_use(actions, id)?, place)))
            .collect();
        for (&i, &priority) in &priority_first {
            found.push(duplicate_id(&actions[i].id, &id_at(i), priority.clone()));
        }
        for &(i, first) in &index.repeats {
            let against = priority_first
                .get(&first)
                .map_or_else(|| id_at(first), |&priority| priority.clone());
            found.push(duplicate_id(&actions[i].id, &id_at(i), against));
        }
        // In no particular order: the loader sorts every finding by place at the end.
        self.loaded.diagnostics.append(&mut found);
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
            self.report(missing_id(kind, place));
            return String::new();
        };
        let here = Place {
            file,
            span: id.span(),
        };
        let first = ids.get(id.get_ref()).cloned();
        let found = bad_id(id.get_ref(), &here, kind)
            .into_iter()
            .chain(first.map(|first| duplicate_id(id.get_ref(), &here, first)));
        self.loaded.diagnostics.extend(found);
        if !ids.contains_key(id.get_ref()) {
            ids.insert(id.get_ref().clone(), here);
        }
        id.into_inner()
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
            self.loaded.plan.priorities[child].parent = Some(PriorityIdx::new(parent));
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
            .map(|p| p.parent.map(PriorityIdx::index))
            .collect()
    }

    /// Reports the loop `members` (its first member first, then along the parent links).
    fn report_cycle(&mut self, members: &[usize], parents: &[Option<(FileId, Spanned<String>)>]) {
        let priorities = &self.loaded.plan.priorities;
        let first = members[0];
        let name = |p: &usize| priorities[*p].id.as_str();
        // A loop of thousands would be a message of thousands of ids, on every query: its
        // start and end say where it is.
        let chain = if members.len() > LOOP_SHOWN + 2 {
            let start: Vec<&str> = members[..LOOP_SHOWN].iter().map(name).collect();
            let end: Vec<&str> = members[members.len() - 2..].iter().map(name).collect();
            format!(
                "{} → … ({} more) … → {} → {}",
                start.join(" → "),
                members.len() - LOOP_SHOWN - 2,
                end.join(" → "),
                name(&first)
            )
        } else {
            let all: Vec<&str> = members.iter().chain([&first]).map(name).collect();
            all.join(" → ")
        };
        let message = format!("priorities are nested in a loop: {chain}");
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
                let chain: Vec<PriorityIdx> = plan.ancestry(PriorityIdx::new(i)).collect();
                let owners = chain
                    .iter()
                    .find(|&&p| plan.priority(p).owners.origin != Origin::Missing)
                    .map_or_else(
                        || plan.priority(PriorityIdx::new(i)).owners.clone(),
                        |&p| {
                            let source = &plan.priority(p).owners;
                            if p.index() == i {
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
                        || plan.priority(PriorityIdx::new(i)).due.clone(),
                        |&p| {
                            let source = &plan.priority(p).due;
                            EffectiveDue {
                                due: source.due.clone(),
                                origin: if p.index() == i {
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
        let starts: Vec<Option<chrono::NaiveDate>> = (0..plan.priorities.len())
            .map(|i| {
                plan.ancestry(PriorityIdx::new(i))
                    .find_map(|p| plan.priority(p).start)
                    .or(plan.meta.start)
            })
            .collect();
        let priorities = self.loaded.plan.priorities.iter_mut();
        for ((priority, (owners, due)), start) in priorities.zip(inherited).zip(starts) {
            priority.owners = owners;
            priority.due = due;
            priority.start = start;
        }
    }
}

/// The finding for an item (`kind`) with no id, at the item's table.
fn missing_id(kind: &str, place: &Place) -> Diagnostic {
    Diagnostic::new(Rule::MissingId, format!("{kind} has no id"))
        .at(place.file, place.span.clone())
        .help("give it an id unique across the plan, e.g. id = \"rn-7\": lowercase letters, digits, '-' and '.'")
}

/// Where action `i`'s id is written (one the index holds: it has one).
fn id_place(actions: &[Action], id_spans: &IdSpans, i: usize) -> Place {
    Place {
        file: actions[i].place.file,
        span: id_spans.actions[i]
            .expect("an indexed id was written")
            .range(),
    }
}

/// The finding for an id written `here` that was first used at `first`.
fn duplicate_id(text: &str, here: &Place, first: Place) -> Diagnostic {
    Diagnostic::new(
        Rule::DuplicateId,
        format!("id \"{}\" is used more than once", escape(text)),
    )
    .at(here.file, here.span.clone())
    .label("used again here")
    .id(text)
    .related(first, "first used here")
    .help("ids must be unique across the whole plan; rename one of them")
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
            roles: std::sync::Arc::from([]),
            origin: Origin::Missing,
            unknown: Box::default(),
        }),
        due: EffectiveDue {
            note: raw.due_note.as_deref().map(std::sync::Arc::from),
            ..entry.due.clone().unwrap_or_else(EffectiveDue::missing)
        },
        source: raw.source.clone(),
        start: entry.start,
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

    #[test]
    fn each_repeated_action_id_is_reported_against_its_first_use() {
        let action = |id: &str| format!("\n[[action]]\nid = \"{id}\"\ntitle = \"T\"\n");
        let one = ["x", "y", "p2", "x"].map(action).concat();
        let two = ["y", "x", "z"].map(action).concat();
        let loaded = load_files(&[
            (
                "1.toml",
                &format!("[priority]\nid = \"p1\"\ntitle = \"P\"\n{one}"),
            ),
            (
                "2.toml",
                &format!(
                    "[priority]\nid = \"p2\"\ntitle = \"Q\"\n{two}\n[[action]]\ntitle = \"No id\"\n"
                ),
            ),
        ]);
        let line = |place: &crate::diag::Place| {
            let (file, line) = loaded.sources.file_line(place);
            format!("{}:{line}", file.rsplit('/').next().unwrap_or(file))
        };
        let found: Vec<String> = loaded
            .diagnostics
            .iter()
            .map(|d| {
                let first = d.related.first().map(|(place, _)| line(place));
                let here = d.place.as_ref().map(line).unwrap_or_default();
                format!(
                    "{:?} {} at {here} first {first:?}",
                    d.rule,
                    d.id.as_deref().unwrap_or("-")
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                "DuplicateId p2 at 1.toml:14 first Some(\"2.toml:2\")",
                "DuplicateId x at 1.toml:18 first Some(\"1.toml:6\")",
                "DuplicateId y at 2.toml:6 first Some(\"1.toml:10\")",
                "DuplicateId x at 2.toml:10 first Some(\"1.toml:6\")",
                "MissingId - at 2.toml:17 first None",
            ]
        );
    }

    const IDS: [&str; 5] = ["p0", "p1", "x", "y", ""];

    proptest::proptest! {
        /// Every repeated id, whatever uses it (priorities, actions, indicators, in any file),
        /// is reported at each later use against the first: a priority's before any action's,
        /// an action's before any indicator's (as `check` has always told them).
        #[test]
        fn repeated_ids_are_reported_against_their_first_use(
            files in proptest::collection::vec(
                (0..2usize, proptest::collection::vec((0..IDS.len(), proptest::bool::weighted(0.2)), 0..6)),
                1..4,
            )
        ) {
            // (kind, id, file, line) of every item, and each file's text.
            let mut items = Vec::new();
            let mut texts = Vec::new();
            for (f, (priority, rows)) in files.iter().enumerate() {
                let name = format!("{f}.toml");
                let mut text = format!("[priority]\nid = \"p{priority}\"\ntitle = \"P\"\n");
                items.push((0, format!("p{priority}"), name.clone(), 2));
                for &(id, indicator) in rows {
                    let line = text.lines().count() + 2;
                    let (kind, header, rest) = if indicator {
                        (2, "[[indicator]]", "polarity = \"higher\"\nfrequency = \"quarterly\"\n")
                    } else {
                        (1, "[[action]]", "")
                    };
                    text.push_str(&format!("\n{header}\ntitle = \"T\"\n{rest}"));
                    if !IDS[id].is_empty() {
                        text.push_str(&format!("id = \"{}\"\n", IDS[id]));
                        let id_line = line + 1 + usize::from(indicator) * 2 + 1;
                        items.push((kind, IDS[id].to_owned(), name.clone(), id_line));
                    }
                }
                texts.push((name, text));
            }
            let files: Vec<(&str, &str)> = texts.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
            let loaded = load_files(&files);
            let line = |place: &crate::diag::Place| {
                let (file, line) = loaded.sources.file_line(place);
                format!("{}:{line}", file.rsplit('/').next().unwrap_or(file))
            };
            let mut found: Vec<(String, String)> = loaded
                .diagnostics
                .iter()
                .filter(|d| d.rule == Rule::DuplicateId)
                .map(|d| (d.place.as_ref().map(line).unwrap(), line(&d.related[0].0)))
                .collect();
            // Each use after the first, against the first by kind, then by plan order.
            let mut expected = Vec::new();
            for (n, (kind, id, file, at)) in items.iter().enumerate() {
                let first = items
                    .iter()
                    .enumerate()
                    .filter(|(m, (k, other, ..))| other == id && (k < kind || (k == kind && *m < n)))
                    .min_by_key(|(m, (k, ..))| (*k, *m));
                if let Some((_, (_, _, first_file, first_at))) = first {
                    expected.push((format!("{file}:{at}"), format!("{first_file}:{first_at}")));
                }
            }
            found.sort();
            expected.sort();
            proptest::prop_assert_eq!(found, expected);
        }
    }
}
