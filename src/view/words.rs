//! The words people read for an action's owners, due date, updates and status: made here
//! once, so a table, a report and a calendar say the same thing the same way. Writers
//! escape and lay them out for their destination; they do not word them again.

use chrono::NaiveDate;

use super::{ActionRow, DueTrail, RoleRow, UpdateRow};
use crate::filter::{Counts, OwnerCounting, SOON_DAYS};
use crate::model::{EffectiveDue, Origin, Owners, Plan};
use crate::text::plural;

/// An owner name that is not on the roster, marked so it is not mistaken for a role.
pub fn not_on_the_roster(name: &str) -> String {
    format!("\"{name}\" (not on the roster)")
}

/// Roster names, then names not on the roster, marked.
pub fn owners_shown(names: &[&str], unknown: &[String]) -> Vec<String> {
    names
        .iter()
        .map(|n| (*n).to_owned())
        .chain(unknown.iter().map(|n| not_on_the_roster(n)))
        .collect()
}

/// [`owners_shown`] on one line, `; ` between names (a role name may hold a comma).
pub fn owners_line(names: &[&str], unknown: &[String]) -> String {
    owners_shown(names, unknown).join("; ")
}

/// A due date that could not be read, with the text as written.
pub fn unreadable(written: &str) -> String {
    format!("UNREADABLE \"{written}\"")
}

/// What stands in a "Due by" cell of an action that has no due-by day: `UNREADABLE "…"`,
/// `continuous` or `no date`.
pub fn no_due_by(row: &ActionRow<'_>) -> String {
    if let Some(written) = row.unreadable_due() {
        unreadable(written)
    } else if row.standing {
        "continuous".to_owned()
    } else {
        "no date".to_owned()
    }
}

/// "amber, 40%" (empty when neither is given).
pub fn rating(update: &UpdateRow<'_>) -> String {
    let mut parts: Vec<String> = update.rag.iter().map(|r| r.name().to_owned()).collect();
    parts.extend(update.percent.map(|p| format!("{p}%")));
    parts.join(", ")
}

/// One progress update on a line: "2004-05-01 (amber, 40%, by …): note"; a recurring
/// commitment's update says the period it counts for ("counts for 2025/26 Q2").
pub fn update_line(update: &UpdateRow<'_>) -> String {
    let mut details: Vec<String> = update.rag.iter().map(|r| r.name().to_owned()).collect();
    details.extend(update.percent.map(|p| format!("{p}%")));
    details.extend(update.by.map(|by| format!("by {by}")));
    details.extend(
        update
            .counts_for
            .as_ref()
            .map(|p| format!("counts for {p}")),
    );
    if details.is_empty() {
        format!("{}: {}", update.date, update.note)
    } else {
        format!("{} ({}): {}", update.date, details.join(", "), update.note)
    }
}

/// The plan status with the lateness in a table cell: "planned · OVERDUE 12d".
pub fn status_short(row: &ActionRow<'_>) -> String {
    if row.overdue {
        format!("{} · OVERDUE {}d", row.status.name(), row.days_late)
    } else {
        row.status.name().to_owned()
    }
}

/// The plan status with the lateness in full: "planned, overdue by 12 days".
pub fn status_long(row: &ActionRow<'_>) -> String {
    if row.overdue {
        let days = crate::text::plural(usize::try_from(row.days_late).unwrap_or(0), "day", "days");
        format!("{}, overdue by {days}", row.status.name())
    } else {
        row.status.name().to_owned()
    }
}

fn origin_text(plan: &Plan, origin: Origin) -> String {
    match origin {
        Origin::Own => String::new(),
        Origin::Priority(p) => format!(" (inherited from {})", plan.priority(p).id),
        Origin::Missing | Origin::Invalid => String::new(),
    }
}

/// Who owns an item, in full: roster names, names not on the roster marked, and where the
/// owners come from ("inherited from p"); `none given` when there are none.
pub fn owners_in_full(plan: &Plan, owners: &Owners) -> String {
    if owners.roles.is_empty() && owners.unknown.is_empty() {
        return "none given".to_owned();
    }
    let names = owners_line(&plan.owner_names(owners), &owners.unknown);
    format!("{names}{}", origin_text(plan, owners.origin))
}

/// An item's due date in full: what the written form means, or why it could not be read,
/// and where it comes from.
pub fn due_in_full(plan: &Plan, due: &EffectiveDue) -> String {
    if let Some(bad) = &due.unreadable {
        return format!(
            "{} — {} (run `plan check`){}",
            unreadable(&bad.written),
            bad.problem,
            origin_text(plan, due.origin)
        );
    }
    match &due.due {
        None => "none given".to_owned(),
        Some(d) => format!(
            "{}{}",
            crate::dates::explain_written(&d.written, &d.period),
            origin_text(plan, due.origin)
        ),
    }
}

/// An item's owners and due date in full, as `plan show` words them ([`owners_in_full`],
/// [`due_in_full`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InFull {
    pub owners: String,
    pub due: String,
}

impl InFull {
    pub fn of(plan: &Plan, owners: &Owners, due: &EffectiveDue) -> InFull {
        InFull {
            owners: owners_in_full(plan, owners),
            due: due_in_full(plan, due),
        }
    }
}

/// "originally April 2004 — moved twice, 5 months in all".
pub fn due_trail(trail: &DueTrail) -> String {
    let times = match trail.moves {
        1 => "once".to_owned(),
        2 => "twice".to_owned(),
        n => format!("{n} times"),
    };
    let total = match trail.shift {
        Some(shift) if shift.days != 0 => {
            let direction = if shift.days > 0 { "" } else { " earlier" };
            format!(", {}{direction} in all", shift.words())
        }
        _ => String::new(),
    };
    format!("originally {} — moved {times}{total}", trail.first)
}

/// `plan list`'s summary line: "12 actions, 3 overdue, as at 2004-05-01".
pub fn list_summary(rows: &[ActionRow<'_>], as_at: NaiveDate) -> String {
    let overdue = rows.iter().filter(|r| r.overdue).count();
    format!(
        "{}, {overdue} overdue, as at {as_at}",
        plural(rows.len(), "action", "actions")
    )
}

/// The caveat under a list that asked about dates: the actions left out because their due
/// date could not be read (none when `ids` is empty).
pub fn not_included(ids: &[&str]) -> Option<String> {
    if ids.is_empty() {
        return None;
    }
    Some(format!(
        "NOT INCLUDED: {} whose due date could not be read, so it cannot be told whether {} this list: {} (run `plan check`)",
        plural(ids.len(), "action", "actions"),
        if ids.len() == 1 {
            "it belongs in"
        } else {
            "they belong in"
        },
        ids.join(", ")
    ))
}

/// `plan owner`'s summary line: "Head of Housing: 4 open, 1 overdue, 2 due within 30 days
/// (as at 2004-05-01)", with the unreadable dates when there are any.
pub fn owner_summary(name: &str, counts: &Counts, as_at: NaiveDate) -> String {
    let unreadable = if counts.unreadable > 0 {
        format!(", {} with an unreadable date", counts.unreadable)
    } else {
        String::new()
    };
    format!(
        "{name}: {} open, {} overdue, {} due within {SOON_DAYS} days{unreadable} (as at {as_at})",
        counts.open, counts.overdue, counts.due_soon
    )
}

/// `plan owners`' summary line: how many roles (and names not on the roster), how they were
/// counted, and the day.
pub fn owners_summary(rows: &[RoleRow<'_>], counting: OwnerCounting, as_at: NaiveDate) -> String {
    let unknown = rows.iter().filter(|r| r.not_on_roster).count();
    let counted = match counting {
        OwnerCounting::Groups => {
            "counts include actions owned through a group; --direct counts only those naming the role"
        }
        OwnerCounting::Direct => {
            "counts only actions naming the role, not those owned through a group"
        }
    };
    let unknown_text = match unknown {
        0 => String::new(),
        n => format!(
            " and {} not on the roster",
            plural(n, "owner name", "owner names")
        ),
    };
    format!(
        "{}{unknown_text} ({counted}), as at {as_at}",
        plural(rows.len() - unknown, "role", "roles"),
    )
}
