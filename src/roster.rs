//! The roster of roles (`plan/owners.toml`): names, aliases, group membership, and the one
//! place that decides whether a written name means a role.

use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

mod closure;
pub use closure::Totals;

/// Index of a role in the roster. Owners are stored as these, never as strings, so matching
/// is decided once, when the plan is loaded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RoleId(pub u32);

#[derive(Clone, Debug)]
pub struct Role {
    pub name: String,
    pub aliases: Vec<String>,
    /// Groups this role belongs to directly.
    pub member_of: Vec<RoleId>,
}

#[derive(Clone, Debug, Default)]
pub struct Roster {
    roles: Vec<Role>,
    by_key: HashMap<String, RoleId>,
    /// Each role's groups, all levels, worked out for a role on first use (queries ask per
    /// action) and never for every role at once: a 10 000-role `member_of` chain has 50 million
    /// (role, group) pairs. Reset whenever the roster changes.
    groups: OnceLock<Vec<OnceLock<Groups>>>,
}

/// One role's groups at every level, in the order found, and where each stands in it.
#[derive(Clone, Debug, Default)]
struct Groups {
    order: Vec<RoleId>,
    position: HashMap<RoleId, usize>,
}

/// Why a name could not be added to the roster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameClash {
    pub name: String,
    pub existing: RoleId,
}

/// For owner names written that are not on the roster (kept on items, see
/// `model::Owners::unknown`): each name once, as [`match_key`] matches names, spelt as first
/// written, in the order first met, with the sum of `value` over the items naming it. Roll-ups
/// count an item under such a name, marked, never as unowned.
pub fn unknown_totals<'a, T>(
    items: impl IntoIterator<Item = (&'a [String], T)>,
) -> Vec<(&'a str, T)>
where
    T: Copy + Default + std::ops::AddAssign,
{
    let mut totals: Vec<(&'a str, T)> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::default();
    for (names, value) in items {
        for name in names {
            let i = *at.entry(match_key(name)).or_insert_with(|| {
                totals.push((name.as_str(), T::default()));
                totals.len() - 1
            });
            totals[i].1 += value;
        }
    }
    totals
}

/// The form two names are compared in: case-insensitive, whitespace-insensitive at the edges
/// and between words, and in Unicode NFC, so "Général" typed on one machine (é as one code
/// point) matches "Général" pasted from another (e + combining accent): they are the same
/// text, look identical, and an error quoting one as unknown would baffle. Only canonical
/// equivalence: NFKC would also fold distinct characters (ligatures, full-width forms).
/// Whole names only, so "Chief Executive" never matches "Assistant Chief Executive".
pub fn match_key(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization as _;
    name.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
        .nfc()
        .collect()
}

impl Roster {
    /// Adds a role with its aliases; refuses a name or alias another role already uses.
    pub fn add(&mut self, name: &str, aliases: &[String]) -> Result<RoleId, NameClash> {
        let id = RoleId(u32::try_from(self.roles.len()).expect("fewer than 2^32 roles"));
        for written in std::iter::once(name).chain(aliases.iter().map(String::as_str)) {
            if let Some(&existing) = self.by_key.get(&match_key(written)) {
                return Err(NameClash {
                    name: written.to_owned(),
                    existing,
                });
            }
        }
        for written in std::iter::once(name).chain(aliases.iter().map(String::as_str)) {
            self.by_key.insert(match_key(written), id);
        }
        self.groups = OnceLock::new();
        self.roles.push(Role {
            name: name.to_owned(),
            aliases: aliases.to_vec(),
            member_of: Vec::new(),
        });
        Ok(id)
    }

    pub fn add_membership(&mut self, member: RoleId, group: RoleId) {
        self.groups = OnceLock::new();
        let groups = &mut self.roles[member.0 as usize].member_of;
        if !groups.contains(&group) {
            groups.push(group);
        }
    }

    /// The role a written name means, if any (case-insensitive, whole name or alias).
    pub fn lookup(&self, name: &str) -> Option<RoleId> {
        self.by_key.get(&match_key(name)).copied()
    }

    pub fn role(&self, id: RoleId) -> &Role {
        &self.roles[id.0 as usize]
    }

    pub fn name(&self, id: RoleId) -> &str {
        &self.role(id).name
    }

    pub fn ids(&self) -> impl Iterator<Item = RoleId> + '_ {
        (0..self.roles.len()).map(|i| RoleId(u32::try_from(i).expect("checked in add")))
    }

    pub fn len(&self) -> usize {
        self.roles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.roles.is_empty()
    }

    /// Every group `role` belongs to, directly or through other groups, nearest first.
    /// Cycles in membership are tolerated: each group is listed once.
    pub fn groups_of(&self, role: RoleId) -> Vec<RoleId> {
        self.walk_groups(role).order
    }

    /// Linear in the groups reached: membership is checked in a set, not the list.
    fn walk_groups(&self, role: RoleId) -> Groups {
        let mut found = Groups::default();
        let mut frontier = vec![role];
        while let Some(next) = frontier.pop() {
            for &group in &self.role(next).member_of {
                if group != role && !found.position.contains_key(&group) {
                    found.position.insert(group, found.order.len());
                    found.order.push(group);
                    frontier.push(group);
                }
            }
        }
        found
    }

    fn groups_memo(&self, role: RoleId) -> &Groups {
        let all = self
            .groups
            .get_or_init(|| (0..self.roles.len()).map(|_| OnceLock::new()).collect());
        all[role.0 as usize].get_or_init(|| self.walk_groups(role))
    }

    /// [`Roster::groups_of`], computed once per role and kept.
    pub fn groups(&self, role: RoleId) -> &[RoleId] {
        &self.groups_memo(role).order
    }

    /// Of `owners`, the group of `role` found first (nearest), if any: constant time per owner,
    /// whatever the depth of groups.
    pub fn first_group_among(&self, role: RoleId, owners: &[RoleId]) -> Option<RoleId> {
        let groups = self.groups_memo(role);
        owners
            .iter()
            .filter_map(|o| groups.position.get(o).map(|&at| (at, *o)))
            .min()
            .map(|(_, group)| group)
    }

    /// For every role, the sum of `value` over the items it answers for — owned by it or by
    /// a group it belongs to at any depth — each item once: linear for any tree of groups
    /// (see [`closure`]), where asking [`Roster::groups`] of every role is quadratic.
    pub fn totals<'a, T>(&self, items: impl IntoIterator<Item = (&'a [RoleId], T)>) -> Totals<T>
    where
        T: Copy + Default + std::ops::AddAssign,
    {
        closure::totals(&self.roles, items)
    }

    /// The role names nearest to `name`, best first, for "did you mean" help. Roles sharing
    /// the most of its words (typos forgiven, "of"/"and" not counted) come first and every
    /// one of them is listed, so "Head of Houseing" offers both "Head of Housing" and "Head
    /// of Housing Standards" before "Head of Planning"; a list of nothing but near spellings
    /// keeps to three. Never more than [`MAX_SUGGESTIONS`], so a message stays readable.
    pub fn suggest(&self, name: &str) -> Vec<&str> {
        let wanted = match_key(name);
        let mut scored: Vec<(Likeness, &str)> = self
            .roles
            .iter()
            .map(|role| {
                let best = std::iter::once(&role.name)
                    .chain(&role.aliases)
                    .map(|written| Likeness::of(&wanted, &match_key(written)))
                    .fold(Likeness::default(), Likeness::max);
                (best, role.name.as_str())
            })
            // A role sharing a word is close however long its name ("Houseing" for "Head
            // of Housing Standards"); otherwise the spelling or overlap must be.
            .filter(|(likeness, _)| likeness.shared_words > 0 || likeness.score >= 0.5)
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        let top_words = scored
            .first()
            .map_or(0, |(likeness, _)| likeness.shared_words);
        let keep = if top_words == 0 { 3 } else { MAX_SUGGESTIONS };
        scored
            .into_iter()
            .take_while(|(likeness, _)| likeness.shared_words == top_words)
            .take(keep)
            .map(|(_, name)| name)
            .collect()
    }
}

/// The most names one "did you mean" lists.
pub const MAX_SUGGESTIONS: usize = 8;

/// Words that say nothing about which role is meant.
const FILLER_WORDS: [&str; 6] = ["of", "and", "&", "the", "for", "a"];

/// How alike two match keys are: the words they share (each word of the first matched to a
/// word of the second, a typo forgiven), then a score 0..=1, the better of spelling
/// closeness (catches typos) and word overlap (catches "Executive Chief" or a missing word).
#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct Likeness {
    shared_words: usize,
    score: f64,
}

impl Likeness {
    fn of(a: &str, b: &str) -> Self {
        let spelling = strsim::normalized_damerau_levenshtein(a, b);
        let words_a = meaningful_words(a);
        let words_b = meaningful_words(b);
        let shared_words = words_a
            .iter()
            .filter(|w| words_b.iter().any(|v| same_word(w, v)))
            .count();
        #[allow(clippy::cast_precision_loss)] // word counts are tiny
        let overlap = shared_words as f64 / words_a.len().max(words_b.len()).max(1) as f64;
        Likeness {
            shared_words,
            score: spelling.max(overlap),
        }
    }

    fn max(self, other: Self) -> Self {
        if other.cmp(&self).is_gt() {
            other
        } else {
            self
        }
    }

    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.shared_words
            .cmp(&other.shared_words)
            .then_with(|| self.score.total_cmp(&other.score))
    }
}

fn meaningful_words(key: &str) -> Vec<&str> {
    key.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty() && !FILLER_WORDS.contains(w))
        .collect()
}

/// One word, or one typo away from it ("houseing" for "housing"); short words must match.
fn same_word(a: &str, b: &str) -> bool {
    a == b || (a.chars().count() >= 4 && strsim::normalized_damerau_levenshtein(a, b) >= 0.75)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed_like() -> Roster {
        let mut roster = Roster::default();
        let directors = roster.add("Corporate Directors", &[]).unwrap();
        roster.add("Chief Executive", &[]).unwrap();
        roster.add("Assistant Chief Executive", &[]).unwrap();
        let csnr = roster
            .add(
                "Corporate Director, Cultural Services and Neighbourhood Renewal",
                &["Corporate Director, Cultural Services & Neighbourhood Renewal".to_owned()],
            )
            .unwrap();
        roster.add_membership(csnr, directors);
        roster
            .add("Leader", &["Leader of the Council".to_owned()])
            .unwrap();
        roster
    }

    #[test]
    fn matching_is_whole_name_and_case_insensitive() {
        let roster = seed_like();
        let cases: &[(&str, Option<&str>)] = &[
            ("Chief Executive", Some("Chief Executive")),
            ("chief executive", Some("Chief Executive")),
            ("  CHIEF   Executive ", Some("Chief Executive")),
            (
                "Assistant Chief Executive",
                Some("Assistant Chief Executive"),
            ),
            ("Executive", None),
            ("Chief", None),
            ("Chief Executive and Corporate Directors", None),
            ("leader of the council", Some("Leader")),
            (
                "Corporate Director, Cultural Services and Neighbourhood Renewal",
                Some("Corporate Director, Cultural Services and Neighbourhood Renewal"),
            ),
            (
                "corporate director, cultural services & neighbourhood renewal",
                Some("Corporate Director, Cultural Services and Neighbourhood Renewal"),
            ),
            ("Corporate Director", None),
            ("Chief Executive\u{301}", None),
            ("", None),
        ];
        for (written, expected) in cases {
            let found = roster.lookup(written).map(|id| roster.name(id));
            assert_eq!(found, *expected, "lookup({written:?})");
        }
    }

    #[test]
    fn names_and_aliases_are_unique() {
        let mut roster = seed_like();
        let clash = roster.add("chief executive", &[]).unwrap_err();
        assert_eq!(roster.name(clash.existing), "Chief Executive");
        let clash = roster
            .add("Council Leader", &["LEADER".to_owned()])
            .unwrap_err();
        assert_eq!(clash.name, "LEADER");
        assert_eq!(roster.len(), 5, "a refused role is not half-added");
        assert_eq!(roster.lookup("Council Leader"), None);
    }

    #[test]
    fn groups_are_transitive_and_cycle_safe() {
        let mut roster = seed_like();
        let csnr = roster.lookup("Corporate Director, Cultural Services and Neighbourhood Renewal");
        let directors = roster.lookup("Corporate Directors").unwrap();
        let board = roster.add("Board", &[]).unwrap();
        roster.add_membership(directors, board);
        roster.add_membership(board, directors);
        let groups: Vec<&str> = roster
            .groups_of(csnr.unwrap())
            .into_iter()
            .map(|g| roster.name(g))
            .collect();
        assert_eq!(groups, ["Corporate Directors", "Board"]);
        assert!(
            roster
                .groups_of(roster.lookup("Chief Executive").unwrap())
                .is_empty()
        );
    }

    #[test]
    fn suggestions_find_typos_and_word_orders() {
        let roster = seed_like();
        assert_eq!(roster.suggest("Cheif Executive")[0], "Chief Executive");
        assert_eq!(roster.suggest("executive chief")[0], "Chief Executive");
        assert_eq!(
            roster.suggest("Corporate Director")[0],
            "Corporate Directors"
        );
        assert!(roster.suggest("Head of Parks").is_empty());
    }

    #[test]
    fn suggestions_sharing_words_come_first_and_all_are_listed() {
        let mut roster = Roster::default();
        for name in [
            "Head of Planning",
            "Head of Housing Standards",
            "Head of Housing",
            "Head of Parks and Open Spaces",
        ] {
            roster.add(name, &[]).unwrap();
        }
        assert_eq!(
            roster.suggest("Head of Houseing"),
            ["Head of Housing", "Head of Housing Standards"]
        );
        // Filler words never make a match: "Director of Planning" shares only "planning".
        assert_eq!(roster.suggest("Director of Planning"), ["Head of Planning"]);
        // Every role of the top tier is listed, a typo in the shared word forgiven.
        let mut many = Roster::default();
        for name in ["Clerk A", "Clerk B", "Clerk C", "Clerk D"] {
            many.add(name, &[]).unwrap();
        }
        assert_eq!(
            many.suggest("Clerk"),
            ["Clerk A", "Clerk B", "Clerk C", "Clerk D"]
        );
        assert_eq!(many.suggest("Clerc").len(), 4);
    }

    /// One word of a long name, or a typo of one, is enough: every role sharing it is
    /// offered, however many words the rest of its name has.
    #[test]
    fn a_word_of_a_long_name_finds_it() {
        let mut roster = Roster::default();
        for name in [
            "Head of Planning",
            "Head of Housing Standards",
            "Director of Place",
        ] {
            roster.add(name, &[]).unwrap();
        }
        assert_eq!(roster.suggest("Houseing"), ["Head of Housing Standards"]);
        assert_eq!(roster.suggest("housing"), ["Head of Housing Standards"]);
        // Best spelling first within those sharing as many words.
        assert_eq!(
            roster.suggest("head"),
            ["Head of Planning", "Head of Housing Standards"]
        );
        assert_eq!(
            roster.suggest("Housing Director"),
            ["Director of Place", "Head of Housing Standards"]
        );
        // Filler words alone share nothing.
        assert!(roster.suggest("of the").is_empty());
    }
}
