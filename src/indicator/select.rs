//! Which indicators a `plan indicators` question selects: filters combine with AND, and
//! each repeated filter with OR, as for actions.

use chrono::NaiveDate;

use crate::model::indicator::Indicator;
use crate::model::{Plan, PriorityIdx, Rag};
use crate::roster::RoleId;

#[derive(Debug, Default, Clone)]
pub struct Selection {
    /// Roles answering for it, directly or through a group.
    pub owners: Vec<RoleId>,
    /// Under one of these priorities, nested included.
    pub priorities: Vec<PriorityIdx>,
    /// Its latest actual rated one of these.
    pub rags: Vec<Rag>,
    /// Only those with late data.
    pub late: bool,
}

impl Selection {
    pub fn matches(&self, plan: &Plan, indicator: &Indicator, today: NaiveDate) -> bool {
        let owner_ok = self.owners.is_empty()
            || self.owners.iter().any(|&role| {
                indicator.owners.roles.contains(&role)
                    || plan
                        .roster
                        .first_group_among(role, &indicator.owners.roles)
                        .is_some()
            });
        let priority_ok = self.priorities.is_empty()
            || self
                .priorities
                .iter()
                .any(|&p| plan.is_within(indicator.priority, p));
        let rag_ok = self.rags.is_empty()
            || indicator
                .latest()
                .and_then(|a| indicator.rag_of(a))
                .is_some_and(|rag| self.rags.contains(&rag));
        let late_ok = !self.late || !indicator.late_periods(today, &plan.meta).is_empty();
        owner_ok && priority_ok && rag_ok && late_ok
    }

    /// The indicators selected, in plan order.
    pub fn apply<'a>(&self, plan: &'a Plan, today: NaiveDate) -> Vec<&'a Indicator> {
        plan.indicators
            .iter()
            .filter(|i| self.matches(plan, i, today))
            .collect()
    }
}
