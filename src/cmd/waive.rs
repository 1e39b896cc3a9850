//! `plan waive`: acknowledge a known completeness gap on its item, with a reason and an
//! optional last day, through the one safe edit path.

use std::io::Write;
use std::process::ExitCode;

use crate::check;
use crate::cli::WaiveArgs;
use crate::context::Context;
use crate::diag::Rule;
use crate::edit::{Edit, toml};
use crate::error::Error;

pub fn run(ctx: &Context, args: &WaiveArgs, out: &mut dyn Write) -> Result<ExitCode, Error> {
    let rule = waivable(&args.rule)?;
    let reason = crate::cli::non_empty(&args.reason, "the reason")?;
    let until = match &args.until {
        None => None,
        Some(text) => Some(ctx.day_or_today(Some(text), "--until")?),
    };
    if let Some(until) = until.filter(|&until| until < ctx.today) {
        return Err(Error::Usage(format!(
            "--until {until} is before today ({}): the waiver would have expired already",
            ctx.today
        )));
    }
    let mut edit = crate::loading::for_edit(ctx)?;
    let targets = targets(&edit, rule, args.id.as_deref(), ctx.today)?;
    let mut renewed = 0;
    for id in &targets {
        let table = edit.waivable_table(id)?;
        let done = toml::push_waiver(table, rule.name(), reason, until, ctx.today)
            .map_err(|why| Error::Usage(format!("cannot add a waiver to \"{id}\": {why}")))?;
        renewed += usize::from(done == toml::Waived::Renewed);
    }
    let summary = summary(rule, &targets, renewed, until);
    crate::loading::said(edit.finish(args.edit.mode(), &summary)?, &summary, out)
}

/// The items to waive: `id`, or every item the rule finds something on; refused where
/// there is nothing to waive.
fn targets(
    edit: &Edit,
    rule: Rule,
    id: Option<&str>,
    today: chrono::NaiveDate,
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

/// One line saying what was waived, and how many expired waivers were renewed.
fn summary(
    rule: Rule,
    targets: &[String],
    renewed: usize,
    until: Option<chrono::NaiveDate>,
) -> String {
    let until = until.map_or_else(String::new, |until| format!(" until {until}"));
    match (targets, renewed) {
        ([one], 1) => format!(
            "{one}: renewed the expired waiver of {}{until}",
            rule.name()
        ),
        ([one], _) => format!("{one}: waived {}{until}", rule.name()),
        (many, 0) => format!("waived {} on {} items{until}", rule.name(), many.len()),
        (many, renewed) => format!(
            "waived {} on {} items{until} ({} renewed)",
            rule.name(),
            many.len(),
            crate::text::plural(renewed, "expired waiver", "expired waivers")
        ),
    }
}

/// The rule named, if a waiver may name it.
fn waivable(name: &str) -> Result<Rule, Error> {
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

/// Ids of the items where `rule` currently finds something no waiver covers, in plan order.
fn standing(edit: &Edit, rule: Rule, today: chrono::NaiveDate) -> Vec<String> {
    let verdict = check::verdict(edit.loaded(), &edit.loaded().severities, today);
    let mut seen = std::collections::HashSet::new();
    verdict
        .findings
        .into_iter()
        .filter(|d| d.rule == rule)
        .filter_map(|d| d.id)
        .filter(|id| seen.insert(id.clone()))
        .collect()
}
