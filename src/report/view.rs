//! The report as data: every number and row the writers show, worked out once so that
//! HTML, Markdown and CSV cannot disagree.

use chrono::NaiveDate;

use super::progress::Changes;
use crate::dates::Horizon;
use crate::diag::SourceMap;
use crate::filter::OwnerCounting;
use crate::model::{ActionIdx, Plan, PriorityIdx, Rag};
use crate::view::priority::Tree;
use crate::view::{ActionRow, AsAt, DueTrail, PriorityRow, ReportStatus, Standing};

/// Counts by [`ReportStatus`], in [`ReportStatus::ALL`] order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally([usize; ReportStatus::ALL.len()]);

impl Tally {
    pub fn add(&mut self, status: ReportStatus) {
        self.0[Self::slot(status)] += 1;
    }

    pub fn get(&self, status: ReportStatus) -> usize {
        self.0[Self::slot(status)]
    }

    pub fn total(&self) -> usize {
        self.0.iter().sum()
    }

    /// The statuses a report shows, in report order: all of them, except "Unreadable date"
    /// when no action has one (a plan that reads cleanly has no use for the row).
    pub fn statuses(&self) -> Vec<ReportStatus> {
        ReportStatus::ALL
            .into_iter()
            .filter(|&s| s != ReportStatus::Unreadable || self.get(s) > 0)
            .collect()
    }

    /// Non-zero counts, in report order.
    pub fn nonzero(&self) -> impl Iterator<Item = (ReportStatus, usize)> + '_ {
        ReportStatus::ALL
            .into_iter()
            .map(|s| (s, self.get(s)))
            .filter(|&(_, n)| n > 0)
    }

    fn slot(status: ReportStatus) -> usize {
        ReportStatus::ALL
            .iter()
            .position(|&s| s == status)
            .expect("ALL lists every status")
    }
}

impl std::ops::AddAssign for Tally {
    fn add_assign(&mut self, more: Tally) {
        for (mine, theirs) in self.0.iter_mut().zip(more.0) {
            *mine += theirs;
        }
    }
}

/// What a report keeps of one selected action to count it (see [`Report::entries`]): its
/// [`Standing`] as at the report's day, the part of its [`ActionRow`] the counts need.
#[derive(Clone, Debug)]
pub struct Entry {
    pub action: ActionIdx,
    pub standing: Standing,
    /// How the due date moved since first agreed (from git history; set by the caller).
    pub origin: Option<DueTrail>,
}

/// The owners' own ratings of the selected open actions: the newest rating given
/// ([`Standing::rated_since`]) if it is dated in the reporting period (from
/// [`Ratings::since`]), else "not reported".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ratings {
    /// The first day of the reporting period: the last quarter (of the financial year) that
    /// has ended before the report's day.
    pub since: Option<NaiveDate>,
    pub red: usize,
    pub amber: usize,
    pub green: usize,
    pub not_reported: usize,
}

impl Ratings {
    fn of(plan: &Plan, entries: &[Entry], as_at: NaiveDate) -> Ratings {
        let since = plan.reporting_period_start(as_at);
        let mut ratings = Ratings {
            since: Some(since),
            ..Ratings::default()
        };
        for rated in entries.iter().filter_map(|e| e.standing.rated_since(since)) {
            match rated {
                Some(Rag::Red) => ratings.red += 1,
                Some(Rag::Amber) => ratings.amber += 1,
                Some(Rag::Green) => ratings.green += 1,
                None => ratings.not_reported += 1,
            }
        }
        ratings
    }
}

/// A priority and the selected actions under it; nested priorities nested.
#[derive(Clone, Debug)]
pub struct Section<'a> {
    pub row: PriorityRow<'a>,
    /// 0 for a top-level priority.
    pub depth: usize,
    /// Indexes into [`Report::entries`] of the actions directly under this priority.
    pub rows: Vec<usize>,
    pub children: Vec<Section<'a>>,
    /// Every selected action at or below this priority.
    pub tally: Tally,
}

impl<'a> std::ops::Deref for Section<'a> {
    type Target = PriorityRow<'a>;

    fn deref(&self) -> &PriorityRow<'a> {
        &self.row
    }
}

/// One role's line in the roll-up: the actions that name it as an owner.
#[derive(Clone, Debug)]
pub struct OwnerLine<'a> {
    /// Canonical name (or a name not on the roster, as first written); `None` for actions
    /// with no owner at all.
    pub name: Option<&'a str>,
    /// False for a name written as an owner that is not on the roster: its actions are
    /// counted under it, marked, never as unowned.
    pub on_roster: bool,
    pub tally: Tally,
}

impl OwnerLine<'_> {
    /// The owner as people read it: the roster name, or the name marked "(not on the
    /// roster)"; `None` for actions with no owner.
    pub fn shown(&self) -> Option<std::borrow::Cow<'_, str>> {
        self.name.map(|name| {
            if self.on_roster {
                std::borrow::Cow::Borrowed(name)
            } else {
                std::borrow::Cow::Owned(crate::view::words::not_on_the_roster(name))
            }
        })
    }
}

#[derive(Clone, Debug)]
pub struct Report<'a> {
    pub title: &'a str,
    pub organisation: &'a str,
    pub as_at: NaiveDate,
    pub window: Horizon,
    /// Last day of the "due soon" window (inclusive).
    pub window_end: NaiveDate,
    /// What the report was narrowed to, as sentences for people ("Owner: Chief Executive").
    pub scope: Vec<String>,
    pub tally: Tally,
    /// Every selected action, in plan order: what the numbers are worked out from. The row a
    /// writer shows is built from one when it is written ([`Report::row`]), so a report of
    /// 100,000 actions does not hold 100,000 rows (~45 MB) as well as the plan.
    pub entries: Vec<Entry>,
    plan: &'a Plan,
    sources: &'a SourceMap,
    /// Top-level sections (priorities with selected actions at or below them).
    pub sections: Vec<Section<'a>>,
    /// Indexes into `entries`: overdue first, latest first, then those their owner rates red
    /// or amber, then undated, in plan order.
    pub exceptions: Vec<usize>,
    /// The owners' own ratings of the open actions this period.
    pub ratings: Ratings,
    /// Named owners A–Z, then actions with no owner.
    pub owners: Vec<OwnerLine<'a>>,
    /// How `owners` counts an action owned by a group (`--by-owner`).
    pub owner_counting: OwnerCounting,
    /// `--since`: what changed since then (set by the caller).
    pub changes: Option<Changes>,
    /// Performance indicators in the report's scope (set by the caller); none: no section.
    pub indicators: Vec<super::indicators::ReportIndicator<'a>>,
    pub version: &'static str,
}

impl<'a> Report<'a> {
    /// Builds the report of `selected` actions (in plan order) as at `as_at`.
    pub fn build(
        plan: &'a Plan,
        sources: &'a SourceMap,
        selected: &[ActionIdx],
        as_at: NaiveDate,
        window: Horizon,
        scope: Vec<String>,
        owner_counting: OwnerCounting,
    ) -> Report<'a> {
        let day = AsAt::new(as_at, window);
        let window_end = day.window_end;
        let entries: Vec<Entry> = selected
            .iter()
            .map(|&action| Entry {
                action,
                standing: day.standing(plan.action(action)),
                origin: None,
            })
            .collect();

        let mut tally = Tally::default();
        for entry in &entries {
            tally.add(entry.standing.status);
        }

        let mut exceptions: Vec<usize> = (0..entries.len())
            .filter(|&i| {
                let standing = entries[i].standing;
                standing.status.is_exception() || standing.rated_behind()
            })
            .collect();
        // Stable: ties (and all the undated) keep plan order.
        exceptions.sort_by_key(|&i| {
            let standing = entries[i].standing;
            (standing.status, std::cmp::Reverse(standing.days_late))
        });

        let under = Under::of(plan, selected, &entries);
        let tree = Tree::of(plan, as_at);
        let sections = sections(plan, sources, &tree, &under, None, 0);
        let owners = owner_lines(plan, selected, &entries, owner_counting);
        let ratings = Ratings::of(plan, &entries, as_at);
        Report {
            title: &plan.meta.title,
            organisation: &plan.meta.organisation,
            as_at,
            window,
            window_end,
            scope,
            tally,
            entries,
            plan,
            sources,
            sections,
            exceptions,
            ratings,
            owners,
            owner_counting,
            changes: None,
            indicators: Vec::new(),
            version: env!("CARGO_PKG_VERSION"),
        }
    }

    /// How many exceptions their owner rates red, and amber.
    pub fn exceptions_rated(&self) -> (usize, usize) {
        let count = |want: Rag| {
            self.exceptions
                .iter()
                .map(|&i| self.entries[i].standing)
                .filter(|s| s.rated_behind() && s.owner_rag == Some(want))
                .count()
        };
        (count(Rag::Red), count(Rag::Amber))
    }

    pub fn exception_tally(&self) -> Tally {
        let mut tally = Tally::default();
        for &i in &self.exceptions {
            tally.add(self.entries[i].standing.status);
        }
        tally
    }

    /// The row writers show for entry `i`: the plan's view of the action and its status.
    pub fn row(&self, i: usize) -> ActionRow<'a> {
        let entry = &self.entries[i];
        let action = self.plan.action(entry.action);
        let as_at = AsAt {
            day: self.as_at,
            window_end: self.window_end,
        };
        ActionRow::new(self.plan, self.sources, action, as_at).with_trail(entry.origin.clone())
    }

    /// Every row, in plan order, each built as it is reached.
    pub fn rows(&self) -> impl Iterator<Item = ActionRow<'a>> + '_ {
        (0..self.entries.len()).map(|i| self.row(i))
    }

    /// Sets each entry's [`DueTrail`] from its action's id.
    pub fn set_origins(&mut self, origin: impl Fn(&str) -> Option<DueTrail>) {
        for entry in &mut self.entries {
            entry.origin = origin(&self.plan.action(entry.action).id);
        }
    }

    /// Every section, depth-first, parents before children.
    pub fn all_sections(&self) -> Vec<&Section<'a>> {
        fn walk<'s, 'a>(sections: &'s [Section<'a>], out: &mut Vec<&'s Section<'a>>) {
            for section in sections {
                out.push(section);
                walk(&section.children, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.sections, &mut out);
        out
    }
}

/// Each priority's tally of the selected actions at or below it and its own rows, worked
/// out in one pass over the actions and their ancestors: O(actions × depth), where scanning
/// every action for every priority was quadratic.
struct Under {
    tally: Vec<Tally>,
    direct: Vec<Vec<usize>>,
}

impl Under {
    fn of(plan: &Plan, selected: &[ActionIdx], entries: &[Entry]) -> Under {
        let count = plan.priorities.len();
        let mut under = Under {
            tally: vec![Tally::default(); count],
            direct: vec![Vec::new(); count],
        };
        for (i, &action) in selected.iter().enumerate() {
            let priority = plan.action(action).priority;
            under.direct[priority.index()].push(i);
            for p in plan.ancestry(priority) {
                under.tally[p.index()].add(entries[i].standing.status);
            }
        }
        under
    }
}

/// Sections for the priorities under `parent`, skipping any with no selected action at or
/// below them (so a report narrowed to one owner is not padded with empty priorities).
/// Recursive, but never deeper than [`crate::load::MAX_NESTING`]: the loader refuses more.
fn sections<'a>(
    plan: &'a Plan,
    sources: &'a SourceMap,
    tree: &Tree,
    under: &Under,
    parent: Option<PriorityIdx>,
    depth: usize,
) -> Vec<Section<'a>> {
    plan.children(parent)
        .filter_map(|idx| {
            let tally = under.tally[idx.index()];
            if tally.total() == 0 {
                return None;
            }
            Some(Section {
                row: PriorityRow::new(plan, sources, tree, idx),
                depth,
                rows: under.direct[idx.index()].clone(),
                children: sections(plan, sources, tree, under, Some(idx), depth + 1),
                tally,
            })
        })
        .collect()
}

/// What the "By owner" roll-up counts, said under it in every format, with the switch that
/// counts the other way, so it and `plan owners` side by side do not look contradictory.
pub fn owners_count(counting: OwnerCounting) -> &'static str {
    match counting {
        OwnerCounting::Direct => {
            "Counts direct ownership: each action counts once under every role named on it, and an action owned by a group counts under the group, not its members (plan owners counts those through the group too; plan report --by-owner groups counts them so here)."
        }
        OwnerCounting::Groups => {
            "Counts through groups: each action counts once under every role that answers for it, named on it or a member (at any depth) of a group named on it, so a row can count actions another row counts too (plan report --by-owner direct counts only the roles named, as plan owners --direct does)."
        }
    }
}

/// Each action counts once under every role named on it (`Direct`: group roles appear as
/// themselves, not spread over their members, so the roll-up adds up to what the plan says),
/// or under every role that answers for it (`Groups`: as the roster's [`Roster::totals`]
/// decides membership).
///
/// [`Roster::totals`]: crate::roster::Roster::totals
fn owner_lines<'a>(
    plan: &'a Plan,
    selected: &[ActionIdx],
    entries: &[Entry],
    counting: OwnerCounting,
) -> Vec<OwnerLine<'a>> {
    let one = |i: usize| {
        let mut tally = Tally::default();
        tally.add(entries[i].standing.status);
        tally
    };
    let tallies = match counting {
        OwnerCounting::Direct => {
            // One pass over the actions' owners, not one over every action per role.
            let mut tallies = vec![Tally::default(); plan.roster.len()];
            for (i, &action) in selected.iter().enumerate() {
                for role in plan.action(action).owners.roles.iter() {
                    tallies[role.0 as usize].add(entries[i].standing.status);
                }
            }
            tallies
        }
        OwnerCounting::Groups => {
            plan.roster
                .totals(
                    selected
                        .iter()
                        .enumerate()
                        .map(|(i, &action)| (&plan.action(action).owners.roles[..], one(i))),
                )
                .per_role
        }
    };
    let mut named: Vec<OwnerLine<'a>> = plan
        .roster
        .ids()
        .filter_map(|role| {
            let tally = tallies[role.0 as usize];
            (tally.total() > 0).then(|| OwnerLine {
                name: Some(plan.roster.name(role)),
                on_roster: true,
                tally,
            })
        })
        .collect();
    // Names not on the roster: a line each, marked; no membership to count through.
    named.extend(
        crate::roster::unknown_totals(
            selected
                .iter()
                .enumerate()
                .map(|(i, &action)| (&plan.action(action).owners.unknown[..], one(i))),
        )
        .into_iter()
        .map(|(name, tally)| OwnerLine {
            name: Some(name),
            on_roster: false,
            tally,
        }),
    );
    let mut unowned = Tally::default();
    for (i, &action) in selected.iter().enumerate() {
        let owners = &plan.action(action).owners;
        if owners.roles.is_empty() && owners.unknown.is_empty() {
            unowned.add(entries[i].standing.status);
        }
    }
    named.sort_by_cached_key(|line| line.name.map(str::to_lowercase));
    if unowned.total() > 0 {
        named.push(OwnerLine {
            name: None,
            on_roster: true,
            tally: unowned,
        });
    }
    named
}
