//! Which actions a query selects. Every command that narrows actions goes through [`Filter`],
//! so `list`, `owner` and reports agree on what "overdue" or "due within" means.

use chrono::NaiveDate;
use clap::ValueEnum;

use crate::dates::Horizon;
use crate::error::Error;
use crate::model::{Action, ActionIdx, Plan, PriorityIdx, Status};
use crate::roster::RoleId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum SortKey {
    /// Due-by day, earliest first; continuous, then undated, last.
    #[default]
    Due,
    /// Action id, numbers in it by value (a2 before a10).
    Id,
    /// First owner's name.
    Owner,
    /// Plan order: priority by priority, as in the files.
    Priority,
}

/// Sorts actions in place; ties keep plan order (every sort here is stable). Keys are
/// computed once per action, not twice per comparison: a due-by day is date arithmetic and an
/// owner key a lower-cased copy (sorting 25k overdue actions of 100k was 130 M instructions).
pub fn sort_actions(plan: &Plan, actions: &mut [ActionIdx], key: SortKey) {
    match key {
        SortKey::Due => actions.sort_by_cached_key(|&i| due_key(plan.action(i))),
        SortKey::Id => actions
            .sort_by(|&a, &b| crate::text::natural_cmp(&plan.action(a).id, &plan.action(b).id)),
        SortKey::Owner => actions.sort_by_cached_key(|&i| first_owner(plan, plan.action(i))),
        SortKey::Priority => {}
    }
}

/// Dated actions first by due-by day, then continuous ones, then undated ones.
fn due_key(action: &Action) -> (u8, Option<NaiveDate>) {
    match &action.due.due {
        Some(due) if due.period.is_continuous() || due.period.is_recurring() => (1, None),
        Some(due) if due.period.is_dated() => (0, due.due_by()),
        _ => (2, None),
    }
}

fn first_owner(plan: &Plan, action: &Action) -> Option<String> {
    action
        .owners
        .roles
        .first()
        .map(|&r| plan.roster.name(r).to_lowercase())
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub overdue: bool,
    /// Inclusive range of due-by days.
    pub window: Option<(NaiveDate, NaiveDate)>,
    pub owners: Vec<RoleId>,
    pub priorities: Vec<PriorityIdx>,
    pub statuses: Vec<Status>,
    pub all: bool,
    pub due_before: Option<NaiveDate>,
    pub due_after: Option<NaiveDate>,
    pub no_date: bool,
    /// Only open actions with no progress update on or after this day.
    pub no_update_since: Option<NaiveDate>,
}

impl Filter {
    pub fn matches(&self, plan: &Plan, action: &Action, today: NaiveDate) -> bool {
        let due_by = action.deadline(today);
        let status_ok = if self.statuses.is_empty() {
            self.all || action.status.is_open()
        } else {
            self.statuses.contains(&action.status)
        };
        status_ok
            && (!self.overdue || action.is_overdue(today))
            && self
                .window
                .is_none_or(|(from, to)| due_by.is_some_and(|d| from <= d && d <= to))
            && (self.owners.is_empty()
                || self
                    .owners
                    .iter()
                    .any(|&role| plan.responsibility(action, role).is_some()))
            && (self.priorities.is_empty()
                || self
                    .priorities
                    .iter()
                    .any(|&p| plan.is_within(action.priority, p)))
            && self
                .due_before
                .is_none_or(|day| due_by.is_some_and(|d| d < day))
            && self
                .due_after
                .is_none_or(|day| due_by.is_some_and(|d| d > day))
            && (!self.no_date || action.due.is_undated())
            && self
                .no_update_since
                .is_none_or(|since| crate::chase::is_owed(action, since, today))
    }

    /// Whether the filter asks about due dates (overdue, a window, before/after, none).
    fn asks_about_dates(&self) -> bool {
        self.overdue
            || self.window.is_some()
            || self.due_before.is_some()
            || self.due_after.is_some()
            || self.no_date
    }

    /// Actions this filter cannot decide because their due date could not be read, though
    /// they match every other criterion: shown beside the answer, so it never looks complete
    /// when it is not.
    pub fn undecidable(&self, plan: &Plan, today: NaiveDate) -> Vec<ActionIdx> {
        if !self.asks_about_dates() {
            return Vec::new();
        }
        let others = Filter {
            overdue: false,
            window: None,
            due_before: None,
            due_after: None,
            no_date: false,
            ..self.clone()
        };
        plan.actions
            .iter()
            .enumerate()
            .filter(|(_, a)| a.due.unreadable.is_some() && others.matches(plan, a, today))
            .map(|(i, _)| ActionIdx(i))
            .collect()
    }

    /// The selected actions, in plan order.
    pub fn apply(&self, plan: &Plan, today: NaiveDate) -> Vec<ActionIdx> {
        use rayon::prelude::*;
        // On the thread pool: every action of a large plan is tested (dates and owners);
        // `collect` keeps plan order.
        plan.actions
            .par_iter()
            .enumerate()
            .filter(|(_, action)| self.matches(plan, action, today))
            .map(|(i, _)| ActionIdx(i))
            .collect()
    }
}

/// How a roll-up by owner counts an action owned by a group. `plan owners` counts through
/// groups unless `--direct`; the report's "By owner" table counts directly unless
/// `--by-owner groups`. Membership is the roster's ([`crate::roster::Roster::totals`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OwnerCounting {
    /// Only under the roles named on the action (a group's action under the group, not its
    /// members).
    Direct,
    /// Under every role that answers for the action: named on it, or a member (at any depth)
    /// of a group named on it.
    Groups,
}

impl OwnerCounting {
    /// The name `--by-owner` takes.
    pub fn name(self) -> &'static str {
        match self {
            OwnerCounting::Direct => "direct",
            OwnerCounting::Groups => "groups",
        }
    }

    /// For a heading or caption: "direct ownership", "through groups".
    pub fn label(self) -> &'static str {
        match self {
            OwnerCounting::Direct => "direct ownership",
            OwnerCounting::Groups => "through groups",
        }
    }
}

/// The look-ahead of the "due within" count of [`Counts`].
pub const SOON_DAYS: u32 = 30;

/// A role's open, overdue, due-soon and undated actions, as `plan owner`'s summary line and
/// `plan owners` show them. Each count is what the matching [`Filter`] selects.
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct Counts {
    pub open: usize,
    pub overdue: usize,
    pub due_soon: usize,
    pub no_date: usize,
    /// Open actions whose due date could not be read: in none of the counts but `open`.
    pub unreadable: usize,
}

impl Counts {
    /// One role's counts, in one pass over the actions: the role's open actions, and of
    /// those, the ones each narrower filter also selects (filters combine with AND).
    pub fn of(plan: &Plan, role: RoleId, today: NaiveDate) -> Counts {
        let mine = Filter {
            owners: vec![role],
            ..Filter::default()
        };
        let mut counts = Counts::default();
        for action in plan.actions.iter().filter(|a| mine.matches(plan, a, today)) {
            counts += Counts::one(plan, action, today);
        }
        counts
    }

    /// Every role's counts at once (`plan owners`), each action counted once per role that
    /// answers for it, directly or through groups: linear in roles and actions, where asking
    /// [`Counts::of`] for each role is roles × actions.
    pub fn of_every_role(plan: &Plan, today: NaiveDate) -> crate::roster::Totals<Counts> {
        let open = Filter::default();
        plan.roster.totals(
            plan.actions
                .iter()
                .filter(|a| open.matches(plan, a, today))
                .map(|a| (&a.owners.roles[..], Counts::one(plan, a, today))),
        )
    }

    /// Every role's counts as `counting` says: through groups ([`Counts::of_every_role`]), or
    /// only the actions naming the role (`plan owners --direct`).
    pub fn of_every_role_counted(
        plan: &Plan,
        today: NaiveDate,
        counting: OwnerCounting,
    ) -> Vec<Counts> {
        if counting == OwnerCounting::Groups {
            return Counts::of_every_role(plan, today).per_role;
        }
        let open = Filter::default();
        let mut counts = vec![Counts::default(); plan.roster.len()];
        for action in plan.actions.iter().filter(|a| open.matches(plan, a, today)) {
            let one = Counts::one(plan, action, today);
            for role in action.owners.roles.iter() {
                counts[role.0 as usize] += one;
            }
        }
        counts
    }

    /// The counts of each owner name written that is not on the roster (as
    /// [`crate::roster::unknown_totals`] tells names apart), so no action drops out of a
    /// roll-up because its owner is misspelt.
    pub fn of_unknown_owners(plan: &Plan, today: NaiveDate) -> Vec<(&str, Counts)> {
        let open = Filter::default();
        crate::roster::unknown_totals(
            plan.actions
                .iter()
                .filter(|a| !a.owners.unknown.is_empty() && open.matches(plan, a, today))
                .map(|a| (&a.owners.unknown[..], Counts::one(plan, a, today))),
        )
    }

    /// What one open action adds to the counts of a role that answers for it.
    fn one(plan: &Plan, action: &Action, today: NaiveDate) -> Counts {
        let overdue = Filter {
            overdue: true,
            ..Filter::default()
        };
        let soon = Filter {
            window: Some((today, Horizon::Days(SOON_DAYS).last_day_from(today))),
            ..Filter::default()
        };
        let undated = Filter {
            no_date: true,
            ..Filter::default()
        };
        let hit = |filter: &Filter| usize::from(filter.matches(plan, action, today));
        Counts {
            open: 1,
            overdue: hit(&overdue),
            due_soon: hit(&soon),
            no_date: hit(&undated),
            unreadable: usize::from(action.due.unreadable.is_some()),
        }
    }
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, more: Counts) {
        self.open += more.open;
        self.overdue += more.overdue;
        self.due_soon += more.due_soon;
        self.no_date += more.no_date;
        self.unreadable += more.unreadable;
    }
}

/// The roles named (each as [`resolve_owner`]).
pub fn resolve_owners(plan: &Plan, names: &[String]) -> Result<Vec<RoleId>, Error> {
    names.iter().map(|name| resolve_owner(plan, name)).collect()
}

/// The priorities named (each as [`resolve_priority`]).
pub fn resolve_priorities(plan: &Plan, ids: &[String]) -> Result<Vec<PriorityIdx>, Error> {
    ids.iter().map(|id| resolve_priority(plan, id)).collect()
}

/// The error for an id that names no priority or action, suggesting the nearest id.
pub fn unknown_id(plan: &Plan, id: &str) -> Error {
    let ids: Vec<&str> = plan
        .priorities
        .iter()
        .map(|p| p.id.as_str())
        .chain(plan.actions.iter().map(|a| &*a.id))
        .collect();
    Error::UnknownId {
        id: id.to_owned(),
        suggestions: crate::text::closest(id, &ids)
            .map(str::to_owned)
            .into_iter()
            .collect(),
    }
}

/// The error for an id that names no priority, action or indicator, suggesting the nearest
/// of all three: for the commands that take any of them (`show`, `waive`).
pub fn unknown_item(plan: &Plan, id: &str) -> Error {
    let ids: Vec<&str> = plan
        .priorities
        .iter()
        .map(|p| p.id.as_str())
        .chain(plan.actions.iter().map(|a| &*a.id))
        .chain(plan.indicators.iter().map(|i| &*i.id))
        .collect();
    Error::UnknownItem {
        id: id.to_owned(),
        suggestions: crate::text::closest(id, &ids)
            .map(str::to_owned)
            .into_iter()
            .collect(),
    }
}

/// The error for an id that names no indicator: what it names instead if it is an action's or
/// a priority's, else the nearest indicator id.
pub fn unknown_indicator(plan: &Plan, id: &str) -> Error {
    if plan.find_action(id).is_some() || plan.find_priority(id).is_some() {
        let what = if plan.find_action(id).is_some() {
            "an action"
        } else {
            "a priority"
        };
        return Error::Usage(format!(
            "\"{id}\" is {what}, not an indicator: plan record writes an indicator's figures (plan update reports an action's progress)"
        ));
    }
    let ids: Vec<&str> = plan.indicators.iter().map(|i| &*i.id).collect();
    Error::UnknownIndicator {
        id: id.to_owned(),
        suggestions: crate::text::closest(id, &ids)
            .map(str::to_owned)
            .into_iter()
            .collect(),
    }
}

/// The role a name given on the command line means, or an error suggesting the nearest.
/// The roster's names for the roles given, each once, in the order given, so files hold one
/// spelling of each role; an unknown name is refused.
pub fn canonical_owners(plan: &Plan, names: &[String]) -> Result<Vec<String>, Error> {
    let mut owners: Vec<String> = Vec::new();
    for name in names {
        let canonical = plan.roster.name(resolve_owner(plan, name)?).to_owned();
        if !owners.contains(&canonical) {
            owners.push(canonical);
        }
    }
    Ok(owners)
}

pub fn resolve_owner(plan: &Plan, name: &str) -> Result<RoleId, Error> {
    plan.roster.lookup(name).ok_or_else(|| Error::UnknownOwner {
        name: name.to_owned(),
        suggestions: plan
            .roster
            .suggest(name)
            .into_iter()
            .map(str::to_owned)
            .collect(),
    })
}

pub fn resolve_priority(plan: &Plan, id: &str) -> Result<PriorityIdx, Error> {
    plan.find_priority(id).ok_or_else(|| {
        let ids: Vec<&str> = plan.priorities.iter().map(|p| p.id.as_str()).collect();
        Error::UnknownPriority {
            id: id.to_owned(),
            suggestions: crate::text::closest(id, &ids)
                .map(str::to_owned)
                .into_iter()
                .collect(),
        }
    })
}

/// `--status` as every command reads it (`list` and `set` alike): any case.
pub fn parse_status(text: &str) -> Result<Status, Error> {
    Status::from_word(text).ok_or_else(|| {
        let names: Vec<&str> = Status::ALL.iter().map(|s| s.name()).collect();
        Error::Usage(format!(
            "invalid --status \"{text}\": statuses are {}",
            names.join(", ")
        ))
    })
}
