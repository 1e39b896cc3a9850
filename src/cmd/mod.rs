//! One file per subcommand. Each takes the resolved [`Context`], its own arguments and the
//! output stream, and returns the exit code.

pub mod add;
pub mod calendar;
pub mod chase;
pub mod check;
pub mod diff;
pub mod done;
pub mod drop;
pub mod history;
pub mod import;
pub mod indicators;
pub mod init;
pub mod list;
pub mod man;
pub mod owner;
pub mod owners;
pub mod priorities;
pub mod record;
pub mod report;
pub mod role;
pub mod set;
pub mod show;
pub mod update;
pub mod waive;

use chrono::NaiveDate;

use crate::cli::SortKey;
use crate::model::{Action, ActionIdx, Plan};

/// Sorts actions in place; ties keep plan order (every sort here is stable). Keys are
/// computed once per action, not twice per comparison: a due-by day is date arithmetic and an
/// owner key a lower-cased copy (sorting 25k overdue actions of 100k was 130 M instructions).
pub fn sort_actions(plan: &Plan, actions: &mut [ActionIdx], key: SortKey) {
    match key {
        SortKey::Due => actions.sort_by_cached_key(|&i| due_key(plan.action(i))),
        SortKey::Id => actions.sort_by(|&a, &b| plan.action(a).id.cmp(&plan.action(b).id)),
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
