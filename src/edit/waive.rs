//! `[[waiver]]`s written by `plan waive`: the rules a waiver may name, the items a rule's
//! waiver goes on (where it finds something `plan.toml`'s `[check]` does not allow and no
//! waiver covers), and each waiver added, or an expired one renewed.

use chrono::NaiveDate;

use super::{Edit, toml};
use crate::diag::Rule;
use crate::error::Error;

/// A waiver to write.
pub struct Waiver<'a> {
    pub rule: Rule,
    pub reason: &'a str,
    pub until: Option<NaiveDate>,
}

/// What [`waive`] did.
pub struct Waived {
    /// The items waived, in plan order.
    pub targets: Vec<String>,
    /// How many of them had an expired waiver of the rule, renewed.
    pub renewed: usize,
}

/// The rule named, if a waiver may name it.
pub fn waivable(name: &str) -> Result<Rule, Error> {
    let waivable: Vec<&str> = Rule::ALL
        .iter()
        .filter(|r| r.is_completeness())
        .map(|r| r.name())
        .collect();
    match Rule::from_name(name) {
        Some(rule) if rule.is_completeness() => Ok(rule),
        Some(_) => Err(Error::Usage(format!(
            "rule \"{name}\" cannot be waived: only {} can",
            waivable.join(", ")
        ))),
        None => Err(Error::Usage(format!(
            "unknown rule \"{}\"; waivable rules: {}",
            crate::text::escape(name),
            waivable.join(", ")
        ))),
    }
}

/// Waives `waiver.rule` on `id`, or on every item it finds something on.
pub fn waive(
    edit: &mut Edit,
    waiver: &Waiver<'_>,
    id: Option<&str>,
    today: NaiveDate,
) -> Result<Waived, Error> {
    let targets = targets(edit, waiver.rule, id, today)?;
    let mut renewed = 0;
    for id in &targets {
        let table = edit.waivable_table(id)?;
        let done = toml::push_waiver(
            table,
            waiver.rule.name(),
            waiver.reason,
            waiver.until,
            today,
        )
        .map_err(|why| Error::Usage(format!("cannot add a waiver to \"{id}\": {why}")))?;
        renewed += usize::from(done == toml::Waived::Renewed);
    }
    Ok(Waived { targets, renewed })
}

/// The items to waive: `id`, or every item the rule finds something on; refused where
/// there is nothing to waive.
fn targets(
    edit: &Edit,
    rule: Rule,
    id: Option<&str>,
    today: NaiveDate,
) -> Result<Vec<String>, Error> {
    if edit.loaded().severities.allows(rule) {
        return Err(Error::Usage(format!(
            "nothing to waive: plan.toml allows {} plan-wide ([check] allow), so check reports none of it",
            rule.name()
        )));
    }
    let ids = standing(edit, rule, today);
    match id {
        Some(id) => {
            edit.find_item(id)?;
            if !ids.iter().any(|standing| standing == id) {
                return Err(Error::Usage(format!(
                    "nothing to waive: rule {} finds nothing on \"{id}\" (or it is already waived)",
                    rule.name()
                )));
            }
            Ok(vec![id.to_owned()])
        }
        None if ids.is_empty() => Err(Error::Usage(format!(
            "nothing to waive: rule {} finds nothing in the plan that is not already waived",
            rule.name()
        ))),
        None => Ok(ids),
    }
}

/// Ids of the items where `rule` currently finds something no waiver covers, in plan order.
fn standing(edit: &Edit, rule: Rule, today: NaiveDate) -> Vec<String> {
    let verdict = crate::check::verdict(edit.loaded(), &edit.loaded().severities, today);
    let mut seen = std::collections::HashSet::new();
    verdict
        .findings
        .into_iter()
        .filter(|d| d.rule == rule)
        .filter_map(|d| d.id)
        .filter(|id| seen.insert(id.clone()))
        .collect()
}
