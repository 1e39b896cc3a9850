//! The chase list (`plan chase`, `plan list --no-update-since`): which open actions have had
//! no progress update since a day, per owner, and the day a `--since` text means.

use chrono::{Months, NaiveDate};

use crate::dates::{self, Horizon};
use crate::model::{Action, Plan};
use crate::roster::match_key;
use std::collections::HashMap;

/// One owner's open actions with no update since the day asked about.
#[derive(Clone, Debug)]
pub struct Owed<'a> {
    /// The role named on the actions (canonical), or a name written as an owner that is not
    /// on the roster (as first written); `None` for actions with no owner.
    pub owner: Option<&'a str>,
    /// The owner is a name not on the roster: still someone to chase, never "no owner".
    pub not_on_roster: bool,
    /// In plan order.
    pub actions: Vec<&'a Action>,
}

/// Whether `action` is open and, as at `today`, has no progress update since `since` (one
/// dated after `today` has not come in yet). A recurring commitment's return sent after its
/// period ended counts for that period (as its lateness does): the Q2 return dated 6 October
/// is no update for Q3, so the Q3 chase still lists the action.
pub fn is_owed(action: &Action, since: NaiveDate, today: NaiveDate) -> bool {
    action.status.is_open()
        && action
            .updates_as_at(today)
            .iter()
            .all(|u| reported_on(action, u.date) < since)
}

/// The day an update reports for: its date, or for a return sent after the period it counts
/// for, that period's last day.
fn reported_on(action: &Action, day: NaiveDate) -> NaiveDate {
    action
        .counts_for(day)
        .map_or(day, |(period, _)| day.min(period.last))
}

/// Every owner with open actions that have had no update since `since` (as at `today`), A–Z,
/// then the names written as owners that are not on the roster, A–Z, then the actions with no
/// owner. An action counts under every name on it (a group role has its own entry, as in the
/// report's roll-up): each name on it is someone to chase.
pub fn owed(plan: &Plan, since: NaiveDate, today: NaiveDate) -> Vec<Owed<'_>> {
    let mut by_role: Vec<Vec<&Action>> = vec![Vec::new(); plan.roster.ids().count()];
    let mut unknown: Vec<Owed<'_>> = Vec::new();
    let mut unknown_at: HashMap<String, usize> = HashMap::new();
    let mut unowned = Vec::new();
    for action in plan.actions.iter().filter(|a| is_owed(a, since, today)) {
        if action.owners.roles.is_empty() && action.owners.unknown.is_empty() {
            unowned.push(action);
        }
        for role in action.owners.roles.iter() {
            by_role[role.0 as usize].push(action);
        }
        for name in &action.owners.unknown {
            let at = *unknown_at.entry(match_key(name)).or_insert_with(|| {
                unknown.push(Owed {
                    owner: Some(name),
                    not_on_roster: true,
                    actions: Vec::new(),
                });
                unknown.len() - 1
            });
            unknown[at].actions.push(action);
        }
    }
    let mut owed: Vec<Owed<'_>> = plan
        .roster
        .ids()
        .filter_map(|role| {
            let actions = std::mem::take(&mut by_role[role.0 as usize]);
            (!actions.is_empty()).then(|| Owed {
                owner: Some(plan.roster.name(role)),
                not_on_roster: false,
                actions,
            })
        })
        .collect();
    owed.sort_by_cached_key(|o| o.owner.map(str::to_lowercase));
    unknown.sort_by_cached_key(|o| o.owner.map(str::to_lowercase));
    owed.extend(unknown);
    if !unowned.is_empty() {
        owed.push(Owed {
            owner: None,
            not_on_roster: false,
            actions: unowned,
        });
    }
    owed
}

/// The first day a `--since` text means, as at `today`: a day (`2025-07-01`), a period as the
/// plan writes one (`"2025/26 Q2"`, `"July 2025"`: its first day), or a span back from today
/// (`30d`, `8w`, `3m`). A day after `today` is refused: nothing can be owed since a day
/// still to come. The message says what was wrong.
pub fn since_day(plan: &Plan, text: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let day = since_day_unchecked(plan, text, today)?;
    if day > today {
        return Err(format!(
            "\"{text}\" begins on {day}, after today ({today}): give a day on or before it"
        ));
    }
    Ok(day)
}

fn since_day_unchecked(plan: &Plan, text: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    if let Ok(span) = text.parse::<Horizon>() {
        let back = match span {
            Horizon::Days(n) => today.checked_sub_days(chrono::Days::new(u64::from(n))),
            Horizon::Weeks(n) => today.checked_sub_days(chrono::Days::new(u64::from(n) * 7)),
            Horizon::Months(n) => today.checked_sub_months(Months::new(n)),
        };
        return back.ok_or_else(|| format!("\"{text}\" reaches back before any date"));
    }
    match dates::parse_due(text, &plan.meta.dates) {
        Ok(period) => period.starts_on().ok_or_else(|| {
            format!("\"{text}\" has no first day: give a day, a period such as \"2025/26 Q2\", or a span such as 30d")
        }),
        Err(err) => Err(format!(
            "{err}; give a day (2025-07-01), a period (\"2025/26 Q2\") or a span (30d, 8w, 3m)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_reads_days_periods_and_spans() {
        let mut plan = Plan::default();
        plan.meta.dates.fy_start = 4;
        let today = NaiveDate::from_ymd_opt(2025, 10, 16).unwrap();
        let day = |y, m, d| Ok(NaiveDate::from_ymd_opt(y, m, d).unwrap());
        assert_eq!(since_day(&plan, "2025-07-01", today), day(2025, 7, 1));
        assert_eq!(since_day(&plan, "2025/26 Q2", today), day(2025, 7, 1));
        assert_eq!(since_day(&plan, "30d", today), day(2025, 9, 16));
        assert_eq!(since_day(&plan, "3m", today), day(2025, 7, 16));
        assert!(
            since_day(&plan, "continuous", today)
                .unwrap_err()
                .contains("has no first day")
        );
        assert!(since_day(&plan, "someday", today).is_err());
        // The quarter today is in may be asked about; a day or period after today may not.
        assert_eq!(since_day(&plan, "2025/26 Q3", today), day(2025, 10, 1));
        assert_eq!(since_day(&plan, "2025-10-16", today), day(2025, 10, 16));
        assert_eq!(
            since_day(&plan, "2025-10-17", today),
            Err("\"2025-10-17\" begins on 2025-10-17, after today (2025-10-16): give a day on or before it".to_owned())
        );
        assert_eq!(
            since_day(&plan, "2025/26 Q4", today),
            Err("\"2025/26 Q4\" begins on 2026-01-01, after today (2025-10-16): give a day on or before it".to_owned())
        );
    }
}
