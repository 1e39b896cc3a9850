//! Properties that must hold for any input, not just the examples in the unit tests.
//! `src/dates.rs` already checks that every period's canonical text parses back to it, that a
//! period starts before it is due and that lateness is monotonic for a bare period; these add
//! the officer-written forms, the calendar, whole actions, filters and owner matching.

mod common;

use std::path::Path;

use chrono::{Datelike, Days, NaiveDate};
use clap::Parser;
use plan::cli::{Cli, Command};
use plan::dates::{Period, Settings};
use plan::filter::Filter;
use plan::load::{self, Loaded};
use plan::roster::Roster;
use proptest::prelude::*;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn ordinal(day: u32) -> String {
    let suffix = match (day % 10, day % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{day}{suffix}")
}

/// Upper, lower or as-is: officers do not agree on capitals.
fn recase(text: &str, how: u8) -> String {
    match how % 3 {
        0 => text.to_owned(),
        1 => text.to_lowercase(),
        _ => text.to_uppercase(),
    }
}

fn any_day() -> impl Strategy<Value = NaiveDate> {
    (0u64..109_000).prop_map(|n| {
        NaiveDate::from_ymd_opt(1900, 1, 1)
            .unwrap()
            .checked_add_days(Days::new(n))
            .unwrap()
    })
}

/// The due parser under a UK plan's settings, or another financial-year start month.
fn parse_due(text: &str, fy_start: u32) -> Result<Period, plan::dates::DateError> {
    plan::dates::parse_due(
        text,
        &Settings {
            fy_start,
            ..Settings::default()
        },
    )
}

proptest! {
    /// Every way an officer writes a month means the same month; `YYYY-MM` does too, except
    /// where it is also a financial year (`2005-06`), which is refused.
    #[test]
    fn written_months_mean_the_month(year in 1900..=2200i32, month in 1..=12u32, how: u8, prefix in 0..3usize) {
        let canonical = Period::Month { year, month };
        let iso = parse_due(&format!("{year}-{month:02}"), 4);
        if i32::try_from(month).unwrap() == (year + 1) % 100 {
            prop_assert!(iso.is_err());
        } else {
            prop_assert_eq!(iso, Ok(canonical.clone()));
        }
        let full = MONTHS[month as usize - 1];
        let prefix = ["", "by end of ", "end of "][prefix];
        for written in [
            format!("{full} {year}"),
            format!("{} {year}", &full[..3]),
            format!("{prefix}{full} {year}"),
        ] {
            let written = recase(&written, how);
            prop_assert_eq!(parse_due(&written, 4), Ok(canonical.clone()), "{:?}", written);
        }
    }

    /// Days in words, with or without ordinals, mean the same day as ISO.
    #[test]
    fn written_days_mean_the_iso_day(day in any_day(), how: u8) {
        let iso = parse_due(&day.format("%Y-%m-%d").to_string(), 4).unwrap();
        prop_assert_eq!(&iso, &Period::Day(day));
        let month = MONTHS[day.month0() as usize];
        for written in [
            format!("{} {month} {}", day.day(), day.year()),
            format!("{} {month} {}", ordinal(day.day()), day.year()),
        ] {
            let written = recase(&written, how);
            prop_assert_eq!(parse_due(&written, 4), Ok(iso.clone()), "{:?}", written);
        }
    }

    /// Quarters either way round; financial years with or without "FY".
    #[test]
    fn quarters_and_financial_years_either_way(year in 1900..2200i32, quarter in 1..=4u32, sm in 1..=12u32) {
        let q = parse_due(&format!("{year}-Q{quarter}"), sm).unwrap();
        prop_assert_eq!(parse_due(&format!("Q{quarter} {year}"), sm), Ok(q));
        let short = format!("{year}/{:02}", (year + 1) % 100);
        let fy = parse_due(&short, sm).unwrap();
        prop_assert_eq!(parse_due(&format!("FY{short}"), sm), Ok(fy));
    }

    /// The due-by day is the last day of its period, by the calendar (leap years included).
    #[test]
    fn due_by_is_the_calendars_last_day(year in 1900..=2200i32, month in 1..=12u32, quarter in 1..=4u32) {
        let last_of = |p: &Period| p.due_by().unwrap();
        let next_is_first = |d: NaiveDate| d.succ_opt().unwrap().day() == 1;

        let m = last_of(&Period::Month { year, month });
        prop_assert_eq!((m.year(), m.month()), (year, month));
        prop_assert!(next_is_first(m));

        let q = last_of(&Period::Quarter { year, quarter });
        prop_assert_eq!((q.year(), q.month()), (year, quarter * 3));
        prop_assert!(next_is_first(q));

        prop_assert_eq!(last_of(&Period::Year(year)), NaiveDate::from_ymd_opt(year, 12, 31).unwrap());

        let fy = Period::FinancialYear { first: year, last: year + 1, start_month: 4 };
        prop_assert_eq!(last_of(&fy), NaiveDate::from_ymd_opt(year + 1, 3, 31).unwrap());

        let feb = last_of(&Period::Month { year, month: 2 });
        let leap = NaiveDate::from_ymd_opt(year, 2, 29).is_some();
        prop_assert_eq!(feb.day(), if leap { 29 } else { 28 });
    }

    /// A day that does not exist is refused, never rolled over into the next month.
    #[test]
    fn impossible_days_are_refused(year in 1900..=2200i32, month in 1..=12u32, day in 29..=40u32) {
        let text = format!("{year}-{month:02}-{day:02}");
        let exists = NaiveDate::from_ymd_opt(year, month, day).is_some();
        prop_assert_eq!(parse_due(&text, 4).is_ok(), exists, "{}", text);
        let words = format!("{day} {} {year}", MONTHS[month as usize - 1]);
        prop_assert_eq!(parse_due(&words, 4).is_ok(), exists, "{}", words);
    }
}

// ---------------------------------------------------------------------------------------------
// Small generated plans, loaded through the real loader.

/// The roles of [`common::OWNERS`], by name.
const ROLES: [&str; 4] = [
    "Chief Executive",
    "Assistant Chief Executive",
    "Corporate Directors",
    "Director of Housing",
];
const DUES: [&str; 10] = [
    "2004-02-29",
    "April 2004",
    "2004-Q2",
    "2004",
    "2004/05",
    "2005/06 Q1",
    "Nov/Dec 2004",
    "continuous",
    "31st March 2005",
    "2003-12",
];
const STATUSES: [&str; 4] = ["planned", "in-progress", "done", "dropped"];

#[derive(Debug, Clone)]
struct GenAction {
    owners: Option<Vec<usize>>,
    due: Option<usize>,
    status: usize,
}

#[derive(Debug, Clone)]
struct GenPriority {
    /// Index of an earlier priority (so no cycles).
    parent: Option<usize>,
    owners: Option<Vec<usize>>,
    due: Option<usize>,
    actions: Vec<GenAction>,
}

fn owners_strategy() -> impl Strategy<Value = Option<Vec<usize>>> {
    proptest::option::of(proptest::collection::vec(0..ROLES.len(), 1..=2))
}

fn action_strategy() -> impl Strategy<Value = GenAction> {
    (
        owners_strategy(),
        proptest::option::of(0..DUES.len()),
        0..STATUSES.len(),
    )
        .prop_map(|(owners, due, status)| GenAction {
            owners,
            due,
            status,
        })
}

fn plan_strategy() -> impl Strategy<Value = Vec<GenPriority>> {
    proptest::collection::vec(
        (
            any::<prop::sample::Index>(),
            any::<bool>(),
            owners_strategy(),
            proptest::option::of(0..DUES.len()),
            proptest::collection::vec(action_strategy(), 0..5),
        ),
        1..4,
    )
    .prop_map(|raw| {
        raw.into_iter()
            .enumerate()
            .map(|(i, (parent, nested, owners, due, actions))| GenPriority {
                parent: (i > 0 && nested).then(|| parent.index(i)),
                owners,
                due,
                actions,
            })
            .collect()
    })
}

fn owners_line(owners: Option<&Vec<usize>>) -> String {
    owners.map_or_else(String::new, |list| {
        let names: Vec<String> = list.iter().map(|&i| format!("{:?}", ROLES[i])).collect();
        format!("owners = [{}]\n", names.join(", "))
    })
}

fn due_line(due: Option<usize>) -> String {
    due.map_or_else(String::new, |i| format!("due = {:?}\n", DUES[i]))
}

fn write_plan(dir: &Path, priorities: &[GenPriority]) {
    std::fs::write(
        dir.join("plan.toml"),
        "title = \"Generated\"\norganisation = \"Council\"\n",
    )
    .unwrap();
    std::fs::write(dir.join("owners.toml"), common::OWNERS).unwrap();
    for (i, p) in priorities.iter().enumerate() {
        let mut text = format!("[priority]\nid = \"p{i}\"\ntitle = \"Priority {i}\"\n");
        if let Some(parent) = p.parent {
            text += &format!("parent = \"p{parent}\"\n");
        }
        text += &owners_line(p.owners.as_ref());
        text += &due_line(p.due);
        for (j, a) in p.actions.iter().enumerate() {
            text += &format!("\n[[action]]\nid = \"p{i}-a{j}\"\ntitle = \"Action {j}\"\n");
            text += &owners_line(a.owners.as_ref());
            text += &due_line(a.due);
            text += &format!("status = {:?}\n", STATUSES[a.status]);
        }
        std::fs::write(dir.join(format!("p{i}.toml")), text).unwrap();
    }
}

fn load_generated(priorities: &[GenPriority]) -> (tempfile::TempDir, Loaded) {
    let tmp = tempfile::tempdir().unwrap();
    write_plan(tmp.path(), priorities);
    let loaded = load::load(tmp.path()).unwrap();
    let blocking: Vec<_> = loaded.blocking().collect();
    assert!(
        blocking.is_empty(),
        "generated plan has errors: {blocking:?}"
    );
    (tmp, loaded)
}

/// One filter flag with its value, chosen from the plan's own vocabulary.
fn filter_flags() -> impl Strategy<Value = Vec<Vec<String>>> {
    let flag = prop_oneof![
        Just(vec!["--overdue".to_owned()]),
        prop::sample::select(vec!["30d", "8w", "3m", "1y"])
            .prop_map(|s| vec!["--due-within".to_owned(), s.to_owned()]),
        prop::sample::select(ROLES.to_vec())
            .prop_map(|r| vec!["--owner".to_owned(), r.to_lowercase()]),
        (0..3usize).prop_map(|p| vec!["--priority".to_owned(), format!("p{p}")]),
        prop::sample::select(STATUSES.to_vec())
            .prop_map(|s| vec!["--status".to_owned(), s.to_owned()]),
        Just(vec!["--all".to_owned()]),
        prop::sample::select(vec!["2004-03-31", "2004-12-31", "2005-06-30"])
            .prop_map(|d| vec!["--due-before".to_owned(), d.to_owned()]),
        prop::sample::select(vec!["2004-03-31", "2004-12-31", "2005-06-30"])
            .prop_map(|d| vec!["--due-after".to_owned(), d.to_owned()]),
        Just(vec!["--no-date".to_owned()]),
    ];
    proptest::collection::vec(flag, 0..4)
}

fn filter_from(plan: &plan::model::Plan, flags: &[String], today: NaiveDate) -> Option<Filter> {
    let args = std::iter::once("plan".to_owned())
        .chain(std::iter::once("list".to_owned()))
        .chain(flags.iter().cloned());
    let cli = Cli::try_parse_from(args).ok()?;
    let Command::List(list) = cli.command else {
        unreachable!()
    };
    list.filter.to_filter(plan, today).ok()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Once an action is overdue it stays overdue on every later day; done and dropped
    /// actions, continuous and undated ones never are.
    #[test]
    fn overdue_is_monotonic_in_the_day(priorities in plan_strategy(), a in any_day(), b in any_day()) {
        let (_tmp, loaded) = load_generated(&priorities);
        let (early, late) = (a.min(b), a.max(b));
        for action in &loaded.plan.actions {
            prop_assert!(!action.is_overdue(early) || action.is_overdue(late), "{}", action.id);
            if !action.status.is_open() || action.due_by().is_none() {
                prop_assert!(!action.is_overdue(late), "{}", action.id);
            }
        }
    }

    /// `list A B` is `list A` narrowed by B: flags combine with AND, in either order.
    #[test]
    fn filters_compose(priorities in plan_strategy(), a in filter_flags(), b in filter_flags(), today in any_day()) {
        let (_tmp, loaded) = load_generated(&priorities);
        let plan = &loaded.plan;
        let flatten = |f: &[Vec<String>]| f.concat();
        let (flags_a, flags_b) = (flatten(&a), flatten(&b));
        // A flag given on both sides (say two --due-before) is a different question; skip.
        let names = |f: &[Vec<String>]| f.iter().map(|x| x[0].clone()).collect::<Vec<_>>();
        let (names_a, names_b) = (names(&a), names(&b));
        prop_assume!(names_a.iter().all(|n| !names_b.contains(n)));
        prop_assume!({ let mut n = names_a.clone(); n.sort(); n.dedup(); n.len() == names_a.len() });
        prop_assume!({ let mut n = names_b.clone(); n.sort(); n.dedup(); n.len() == names_b.len() });
        // `--priority p2` on a plan with two priorities is a usage error, not a filter: such
        // cases are discarded (and counted by proptest), not passed.
        let made = (
            filter_from(plan, &flags_a, today),
            filter_from(plan, &flags_b, today),
            filter_from(plan, &[flags_a.clone(), flags_b.clone()].concat(), today),
            filter_from(plan, &[flags_b, flags_a].concat(), today),
        );
        let (Some(filter_a), Some(filter_b), Some(both), Some(reversed)) = made else {
            prop_assume!(false, "a filter could not be built");
            unreachable!()
        };
        let narrowed: Vec<_> = filter_a
            .apply(plan, today)
            .into_iter()
            .filter(|&i| filter_b.matches(plan, plan.action(i), today))
            .collect();
        // `--status` and `--all` both widen the default "open only", so a status filter on
        // one side and none on the other is not a plain AND; compare only when it is.
        let widens = |n: &[String]| n.iter().any(|x| x == "--status" || x == "--all");
        if widens(&names_a) == widens(&names_b) {
            prop_assert_eq!(&both.apply(plan, today), &narrowed);
        }
        prop_assert_eq!(both.apply(plan, today), reversed.apply(plan, today));
    }
}

/// [`common::OWNERS`]' memberships, written out by index into [`ROLES`]: the Director of
/// Housing is one of the Corporate Directors.
const MEMBER_OF: [(usize, usize); 1] = [(3, 2)];

/// The roles whose actions `role` answers for: itself and every group it is in, through
/// groups of groups, found by walking [`MEMBER_OF`] (not the roster).
fn answering(role: usize, member_of: &[(usize, usize)]) -> Vec<usize> {
    let mut found = vec![role];
    let mut i = 0;
    while i < found.len() {
        for &(member, group) in member_of {
            if member == found[i] && !found.contains(&group) {
                found.push(group);
            }
        }
        i += 1;
    }
    found
}

/// The generated action's owners as the SPEC's inheritance rule gives them: its own, else its
/// priority's, else the nearest parent's that sets some.
fn effective_owners(priorities: &[GenPriority], p: usize, action: &GenAction) -> Vec<usize> {
    if let Some(owners) = &action.owners {
        return owners.clone();
    }
    let mut at = Some(p);
    while let Some(i) = at {
        if let Some(owners) = &priorities[i].owners {
            return owners.clone();
        }
        at = priorities[i].parent;
    }
    Vec::new()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// `list --owner NAME --all` (the name or an alias, in any case) selects exactly the
    /// actions whose effective owners, worked out from the generated plan itself, include the
    /// role or a group it is in: nothing from the roster or the loader's inheritance.
    #[test]
    fn owner_filter_agrees_with_an_oracle_of_inheritance_and_groups(
        priorities in plan_strategy(),
        role in 0..ROLES.len(),
        alias: bool,
        upper: bool,
        today in any_day(),
    ) {
        let (_tmp, loaded) = load_generated(&priorities);
        let plan = &loaded.plan;
        let name = if alias && role == 3 { "Housing Director" } else { ROLES[role] };
        let name = if upper { name.to_uppercase() } else { name.to_lowercase() };
        let flags = ["--owner".to_owned(), name, "--all".to_owned()];
        let filter = filter_from(plan, &flags, today).expect("a role on the roster");
        let found: std::collections::BTreeSet<String> = filter
            .apply(plan, today)
            .into_iter()
            .map(|i| plan.action(i).id.to_string())
            .collect();
        let roles = answering(role, &MEMBER_OF);
        let mut expected = std::collections::BTreeSet::new();
        for (p, priority) in priorities.iter().enumerate() {
            for (j, action) in priority.actions.iter().enumerate() {
                let owners = effective_owners(&priorities, p, action);
                if owners.iter().any(|o| roles.contains(o)) {
                    expected.insert(format!("p{p}-a{j}"));
                }
            }
        }
        prop_assert_eq!(found, expected);
    }
}

// ---------------------------------------------------------------------------------------------
// Owner matching.

const WORDS: [&str; 8] = [
    "Chief",
    "Executive",
    "Assistant",
    "Corporate",
    "Director",
    "of",
    "Housing",
    "Général",
];

/// Roles as generated: a name of one to four words and up to two aliases each.
fn role_names() -> impl Strategy<Value = Vec<(String, Vec<String>)>> {
    let name = || {
        proptest::collection::vec(prop::sample::select(WORDS.to_vec()), 1..5)
            .prop_map(|w| w.join(" "))
    };
    proptest::collection::vec((name(), proptest::collection::vec(name(), 0..3)), 1..8)
}

/// The SPEC's matching rule, written out independently of `plan::roster`: a written name
/// means a name or alias when, word by word (words split at any whitespace, so spacing does
/// not count), the two say the same letters ignoring case and Unicode composition: whole
/// names only, never a part of one.
fn same_name(written: &str, name: &str) -> bool {
    use unicode_normalization::UnicodeNormalization as _;
    let words = |text: &str| -> Vec<String> {
        text.split_whitespace()
            .map(|w| w.nfd().flat_map(char::to_lowercase).collect())
            .collect()
    };
    let (written, name) = (words(written), words(name));
    !name.is_empty() && written == name
}

/// The oracle's roster: roles in order, each kept only when none of its names (or aliases)
/// is already another kept role's; and the role a written name
/// means, by scanning every name.
struct Oracle(Vec<(String, Vec<String>)>);

impl Oracle {
    fn find(&self, written: &str) -> Option<usize> {
        self.0.iter().position(|(name, aliases)| {
            std::iter::once(name)
                .chain(aliases)
                .any(|n| same_name(written, n))
        })
    }
}

/// The roster and the oracle built from the same roles; `plan` must refuse exactly the roles
/// the oracle finds a clash for.
fn both_rosters(roles: &[(String, Vec<String>)]) -> Result<(Roster, Oracle), TestCaseError> {
    let mut roster = Roster::default();
    let mut oracle = Oracle(Vec::new());
    for (name, aliases) in roles {
        // A repeat within one role (an alias that is its own name) is no clash.
        let clash = std::iter::once(name)
            .chain(aliases)
            .any(|n| oracle.find(n).is_some());
        let added = roster.add(name, aliases);
        prop_assert_eq!(added.is_err(), clash, "{:?} {:?}", name, aliases);
        if !clash {
            oracle.0.push((name.clone(), aliases.clone()));
        }
    }
    Ok((roster, oracle))
}

/// A name as an officer might type it: words from the pool or cut from a role's name, in any
/// case, with any spacing.
fn written_name() -> impl Strategy<Value = (Vec<String>, Vec<bool>, Vec<u8>)> {
    (
        proptest::collection::vec(
            prop::sample::select(WORDS.to_vec()).prop_map(str::to_owned),
            0..5,
        ),
        proptest::collection::vec(any::<bool>(), 0..40),
        proptest::collection::vec(0_u8..4, 0..6),
    )
}

/// `words` joined by the spacing `gaps` names (one space, two, a tab, a newline), with
/// leading and trailing spacing, and letters flipped to upper case where `flips` says.
fn typed(words: &[String], flips: &[bool], gaps: &[u8]) -> String {
    let gap = |i: usize| match gaps.get(i).copied().unwrap_or(0) {
        0 => " ",
        1 => "  ",
        2 => "\t",
        _ => " \n ",
    };
    let mut text = String::from(if gaps.first() == Some(&3) { " " } else { "" });
    for (i, word) in words.iter().enumerate() {
        if i > 0 {
            text.push_str(gap(i));
        }
        text.push_str(word);
    }
    text.chars()
        .zip(flips.iter().copied().chain(std::iter::repeat(false)))
        .map(|(c, up)| {
            if up {
                c.to_uppercase().to_string()
            } else {
                c.to_lowercase().to_string()
            }
        })
        .collect()
}

proptest! {
    /// Adding roles refuses exactly the names the oracle says are taken, and every name,
    /// alias, part of one, longer name or pool of words, in any case and spacing, finds the
    /// role the oracle finds, or none where it finds none.
    #[test]
    fn owner_matching_agrees_with_the_spec_oracle(
        roles in role_names(),
        (words, flips, gaps) in written_name(),
        pick in any::<prop::sample::Index>(),
        cut in any::<prop::sample::Index>(),
        extra in prop::sample::select(WORDS.to_vec()),
    ) {
        let (roster, oracle) = both_rosters(&roles)?;
        let (name, aliases) = &oracle.0[pick.index(oracle.0.len())];
        let mut candidates: Vec<Vec<String>> = vec![words];
        for n in std::iter::once(name).chain(aliases) {
            let whole: Vec<String> = n.split(' ').map(str::to_owned).collect();
            let from = cut.index(whole.len());
            candidates.push(whole.clone());
            candidates.push(whole[from..].to_vec()); // a tail: "Chief Executive" of "Assistant Chief Executive"
            candidates.push(whole[..from].to_vec());
            let mut longer = vec![extra.to_owned()];
            longer.extend(whole);
            candidates.push(longer);
        }
        for words in candidates {
            let written = typed(&words, &flips, &gaps);
            let expected = oracle.find(&written).map(|i| oracle.0[i].0.as_str());
            let found = roster.lookup(&written).map(|id| roster.name(id));
            prop_assert_eq!(found, expected, "{:?}", written);
        }
    }

    /// A name written decomposed ("Ge\u{301}ne\u{301}ral") means the composed one.
    #[test]
    fn composition_does_not_count(roles in role_names()) {
        let (roster, oracle) = both_rosters(&roles)?;
        for (name, _) in &oracle.0 {
            let decomposed = name.replace('é', "e\u{301}");
            prop_assert_eq!(roster.lookup(&decomposed).map(|id| roster.name(id)), Some(name.as_str()));
        }
    }
}

/// A roster of `count` roles with the given memberships (member, group), loops and roles in
/// several groups included.
fn roster_with(
    count: usize,
    memberships: &[(usize, usize)],
) -> (Roster, Vec<plan::roster::RoleId>) {
    let mut roster = Roster::default();
    let ids: Vec<_> = (0..count)
        .map(|i| roster.add(&format!("Role {i}"), &[]).unwrap())
        .collect();
    for &(member, group) in memberships {
        roster.add_membership(ids[member % count], ids[group % count]);
    }
    (roster, ids)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Every role's totals at once (`plan owners`) equal an oracle's, role by role: the items
    /// owned by the role or by any group it is in (through groups of groups), each once. Trees, chains, loops and roles in
    /// several groups (`tree` keeps each role in at most one group, the linear path).
    #[test]
    fn totals_for_every_role_match_asking_each_role(
        count in 1_usize..12,
        tree in any::<bool>(),
        memberships in proptest::collection::vec((0_usize..12, 0_usize..12), 0..20),
        items in proptest::collection::vec(
            (proptest::collection::vec(0_usize..12, 0..4), 1_u64..5), 0..12),
    ) {
        let memberships: Vec<(usize, usize)> = if tree {
            // Each role at most one group, always an earlier role: a forest.
            memberships
                .iter()
                .filter(|(m, g)| g % count < m % count)
                .fold(Vec::new(), |mut kept, &(m, g)| {
                    if !kept.iter().any(|&(k, _): &(usize, usize)| k % count == m % count) {
                        kept.push((m, g));
                    }
                    kept
                })
        } else {
            memberships
        };
        let (roster, ids) = roster_with(count, &memberships);
        let items: Vec<(Vec<plan::roster::RoleId>, u64)> = items
            .into_iter()
            .map(|(owners, value)| (owners.into_iter().map(|o| ids[o % count]).collect(), value))
            .collect();
        let totals = roster.totals(items.iter().map(|(o, v)| (o.as_slice(), *v)));
        // The oracle walks the generated memberships itself (as [`answering`]), never the
        // roster's own membership queries.
        let memberships: Vec<(usize, usize)> =
            memberships.iter().map(|&(m, g)| (m % count, g % count)).collect();
        for (index, &role) in ids.iter().enumerate() {
            let roles: Vec<plan::roster::RoleId> =
                answering(index, &memberships).into_iter().map(|i| ids[i]).collect();
            let answers = |owners: &[plan::roster::RoleId]| owners.iter().any(|o| roles.contains(o));
            let expected: u64 = items.iter().filter(|(o, _)| answers(o)).map(|(_, v)| v).sum();
            prop_assert_eq!(totals.per_role[role.0 as usize], expected, "role {:?}", role);
        }
    }
}
