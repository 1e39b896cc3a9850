//! `RoleRow`: one role (or a name written as an owner that is not on the roster) with how
//! much it answers for as at a day, beside [`super::ActionRow`]. It *is* a row of `plan
//! owners`' JSON.

use chrono::NaiveDate;
use serde::Serialize;

use crate::filter::{Counts, OwnerCounting};
use crate::model::Plan;

/// One role and its counts, as `plan owners` shows it.
#[derive(Debug, Serialize)]
pub struct RoleRow<'a> {
    pub name: &'a str,
    pub aliases: &'a [String],
    pub member_of: Vec<&'a str>,
    /// A name written as an owner that is not on the roster: its actions are counted under
    /// it (directly: it has no groups), never dropped. Only present when true.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub not_on_roster: bool,
    /// How the counts were made: "groups" (through the groups the role belongs to) or
    /// "direct" (`--direct`), so a row read on its own says it.
    pub counted: &'static str,
    #[serde(flatten)]
    pub counts: Counts,
}

/// Every role on the roster in roster order, then every owner name not on it.
pub fn every_role(plan: &Plan, today: NaiveDate, counting: OwnerCounting) -> Vec<RoleRow<'_>> {
    let counts = Counts::of_every_role_counted(plan, today, counting);
    let roles = plan.roster.ids().map(|id| {
        let role = plan.roster.role(id);
        RoleRow {
            name: &role.name,
            aliases: &role.aliases,
            member_of: role
                .member_of
                .iter()
                .map(|&g| plan.roster.name(g))
                .collect(),
            not_on_roster: false,
            counted: counting.name(),
            counts: counts[id.0 as usize],
        }
    });
    let unknown = Counts::of_unknown_owners(plan, today)
        .into_iter()
        .map(|(name, counts)| RoleRow {
            name,
            aliases: &[],
            member_of: Vec::new(),
            not_on_roster: true,
            counted: counting.name(),
            counts,
        });
    roles.chain(unknown).collect()
}
