//! One file per subcommand. Each takes the resolved [`Context`], its own arguments and the
//! output stream, and returns the exit code.

pub mod add;
pub mod calendar;
pub mod check;
pub mod diff;
pub mod done;
pub mod drop;
pub mod history;
pub mod import;
pub mod init;
pub mod list;
pub mod owner;
pub mod owners;
pub mod priorities;
pub mod report;
pub mod set;
pub mod show;
pub mod update;
pub mod waive;

use std::cmp::Ordering;

use chrono::NaiveDate;

use crate::cli::SortKey;
use crate::model::{Action, ActionIdx, Plan};

/// Sorts actions in place; ties keep plan order (the sort is stable).
pub fn sort_actions(plan: &Plan, actions: &mut [ActionIdx], key: SortKey) {
    let order = |a: &ActionIdx, b: &ActionIdx| -> Ordering {
        let (a, b) = (plan.action(*a), plan.action(*b));
        match key {
            SortKey::Due => due_key(a).cmp(&due_key(b)),
            SortKey::Id => a.id.cmp(&b.id),
            SortKey::Owner => first_owner(plan, a).cmp(&first_owner(plan, b)),
            SortKey::Priority => Ordering::Equal,
        }
    };
    actions.sort_by(order);
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
