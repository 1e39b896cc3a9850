//! Completeness rules of `plan check`, run on a loaded plan, and rule severities from
//! `plan.toml`'s `[check]` and the command line. (Rules about reading the files are found by
//! [`crate::load`] as it goes.)

use chrono::NaiveDate;

use std::collections::BTreeMap;

mod indicators;

use crate::diag::{Diagnostic, Place, Rule};
pub use crate::diag::{Setting, Severities};
use crate::load::Loaded;
use crate::model::{Action, Origin, Plan, Waiver};
use crate::schema::CheckSettings;

/// Everything `plan check` reports for a loaded plan with no command-line settings: the
/// loader's findings and the completeness rules, less what waivers cover, with `plan.toml`'s
/// `[check]` applied. Edits compare this before and after a change.
pub fn findings(loaded: &Loaded, today: NaiveDate) -> Vec<Diagnostic> {
    verdict(loaded, &loaded.severities, today).findings
}

/// Every finding about a loaded plan on `today` that waivers leave standing (with
/// `expired-waiver` and `unused-waiver`), before any rule is allowed or denied.
pub fn unfiltered(loaded: &Loaded, today: NaiveDate) -> Vec<Diagnostic> {
    gather(loaded, today).0
}

/// The loader's findings, the completeness rules and staleness, split by the waivers into
/// those that stand and those waived.
fn gather(loaded: &Loaded, today: NaiveDate) -> (Vec<Diagnostic>, Vec<Waived>) {
    // One vector, grown once: a large plan has tens of thousands of findings.
    let mut found = loaded.diagnostics.clone();
    completeness_into(&loaded.plan, today, &mut found);
    found.extend(staleness(&loaded.plan, &loaded.check, today));
    let (found, mut waived) = apply_waivers(&loaded.plan, found, today);
    waived.sort_by(|a, b| a.finding.sort_key().cmp(&b.finding.sort_key()));
    (found, waived)
}

/// What `plan check` found: reported findings (in report order), waived ones, and how many
/// findings each plan-wide `allow` hid.
#[derive(Debug)]
pub struct Verdict {
    pub findings: Vec<Diagnostic>,
    pub waived: Vec<Waived>,
    pub hidden: BTreeMap<Rule, usize>,
}

impl Verdict {
    pub fn errors(&self) -> usize {
        self.findings.iter().filter(|d| d.is_error()).count()
    }
}

/// The one way findings are decided: [`gather`]ed, then `severities` (deny and allow).
pub fn verdict(loaded: &Loaded, severities: &Severities, today: NaiveDate) -> Verdict {
    let (found, waived) = gather(loaded, today);
    let mut hidden = BTreeMap::new();
    let mut findings: Vec<Diagnostic> = found
        .into_iter()
        .filter_map(|d| {
            let rule = d.rule;
            let kept = severities.apply(d);
            if kept.is_none() {
                *hidden.entry(rule).or_default() += 1;
            }
            kept
        })
        .collect();
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Verdict {
        findings,
        waived,
        hidden,
    }
}

/// `stale` (with `[check] stale_after`): open, dated actions whose latest progress update is
/// older than that, or that have none, so a committee sees whose updates are missing.
pub fn staleness(plan: &Plan, settings: &CheckSettings, today: NaiveDate) -> Vec<Diagnostic> {
    let Some((written, after)) = settings.stale_after.as_ref().and_then(|s| {
        let horizon = s.get_ref().parse::<crate::dates::Horizon>().ok()?;
        Some((s.get_ref().as_str(), horizon))
    }) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for action in &plan.actions {
        if !action.status.is_open() || action.due.due.is_none() {
            continue;
        }
        let message = match action.latest_update(today) {
            Some(latest) if after.last_day_from(latest.date) >= today => continue,
            Some(latest) => format!(
                "{} has had no progress update since {} (stale after {written})",
                describe("action", &action.id),
                latest.date
            ),
            None => format!(
                "{} has no progress update (stale after {written})",
                describe("action", &action.id)
            ),
        };
        found.push(on_action(
            action,
            Diagnostic::new(Rule::Stale, message)
                .help("record one: plan update ID \"what happened\" --rag green|amber|red"),
        ));
    }
    found
}

/// Findings about what the plan leaves out: owners, dates, empty priorities, lateness.
pub fn completeness(plan: &Plan, today: NaiveDate) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    completeness_into(plan, today, &mut found);
    found
}

/// [`completeness`], added to `found`.
fn completeness_into(plan: &Plan, today: NaiveDate, found: &mut Vec<Diagnostic>) {
    actions_into(plan, today, found, plan.actions.len() >= PARALLEL_FROM);
    found.extend(done_on(plan, today));
    found.extend(empty_priorities(plan));
    indicators::findings_into(plan, today, found);
}

/// Plans with this many actions check them on the thread pool (a quarter of a 100k plan's
/// findings were made here, on one core); below it, handing them over costs more than it saves.
const PARALLEL_FROM: usize = 4096;

/// Each action's missing owner, missing date and lateness, in plan order.
fn actions_into(plan: &Plan, today: NaiveDate, found: &mut Vec<Diagnostic>, parallel: bool) {
    let of_action = |action: &Action| {
        let owner = missing_owner(plan, action);
        owner
            .into_iter()
            .chain(missing_date(action))
            .chain(overdue(action, today))
    };
    if !parallel {
        found.extend(plan.actions.iter().flat_map(of_action));
        return;
    }
    use rayon::prelude::*;
    // A batch at a time, each cut in pieces for the pool and appended in plan order: one
    // parallel collect of the whole plan held every finding twice (6 MiB more at 100k, past
    // the 64 MiB peak target), where a batch's copy is a small part of it.
    for batch in plan.actions.chunks(PARALLEL_FROM) {
        let pieces: Vec<Vec<Diagnostic>> = batch
            .par_chunks(PARALLEL_PIECE)
            .map(|piece| piece.iter().flat_map(of_action).collect())
            .collect();
        for mut piece in pieces {
            found.append(&mut piece);
        }
    }
}

/// The actions one task of [`actions_into`]'s pool checks.
const PARALLEL_PIECE: usize = 256;

/// `d` placed on `action` and naming it.
fn on_action(action: &Action, d: Diagnostic) -> Diagnostic {
    d.at(action.place.file, action.place.span.clone())
        .id(&*action.id)
}

/// No owner anywhere up the tree, or an empty list that owns nothing.
fn missing_owner(plan: &Plan, action: &Action) -> Option<Diagnostic> {
    // Formats nothing unless a message uses it (see `describe`): most actions have no finding.
    let who = describe("action", &action.id);
    if action.owners.origin == Origin::Missing {
        return Some(on_action(
            action,
            Diagnostic::new(Rule::MissingOwner, format!("{who} has no owner"))
                .label("no owners here or on its priorities")
                .help(
                    "add owners = [\"Role\"] to the action or its priority (names from owners.toml)",
                ),
        ));
    }
    if !action.owners.roles.is_empty() || action.owners.origin == Origin::Invalid {
        return None;
    }
    // An empty list owns nothing, wherever it was written: `owners = []` on a priority hands
    // every action under it no owner at all.
    let whose = match action.owners.origin {
        Origin::Priority(p) => format!(" (from {})", describe("priority", &plan.priority(p).id)),
        _ => String::new(),
    };
    Some(on_action(
        action,
        Diagnostic::new(
            Rule::MissingOwner,
            format!("{who} has an empty owners list{whose}"),
        )
        .help("name at least one role from owners.toml"),
    ))
}

/// No due date anywhere up the tree, or one said in words not yet agreed ("to be agreed").
fn missing_date(action: &Action) -> Option<Diagnostic> {
    let who = describe("action", &action.id);
    let found = if let Some(words) = action.due.undated_words() {
        Diagnostic::new(
            Rule::MissingDate,
            format!(
                "{who} has no due date yet: \"{}\"",
                crate::text::escape(words)
            ),
        )
        .label("no date yet, said explicitly")
        .help("when the date is agreed, write it in due; every form: docs/dates.md")
    } else if action.due.origin == Origin::Missing {
        Diagnostic::new(Rule::MissingDate, format!("{who} has no due date"))
            .label("no due date here or on its priorities")
            .help("add due = \"April 2004\" (or \"2005/06\", \"2004-Q2\", …); a standing commitment is due = \"continuous\"")
    } else {
        return None;
    };
    Some(on_action(action, found))
}

fn overdue(action: &Action, today: NaiveDate) -> Option<Diagnostic> {
    if !action.is_overdue(today) {
        return None;
    }
    let days = action.days_late(today);
    // An overdue action has a deadline (see `is_overdue`).
    let due_by = action.deadline(today)?;
    let message = format!(
        "{} is overdue by {days} day{} (due by {due_by})",
        describe("action", &action.id),
        if days == 1 { "" } else { "s" },
    );
    Some(on_action(
        action,
        Diagnostic::new(Rule::Overdue, message)
            .help("mark it done or dropped, or agree a new date"),
    ))
}

/// Priorities with neither actions nor priorities under them.
fn empty_priorities(plan: &Plan) -> Vec<Diagnostic> {
    // One pass over actions and priorities, not one per priority: plans run to thousands
    // of priorities and hundreds of thousands of actions.
    let mut has_content = vec![false; plan.priorities.len()];
    for action in &plan.actions {
        has_content[action.priority.index()] = true;
    }
    for priority in &plan.priorities {
        if let Some(parent) = priority.parent {
            has_content[parent.index()] = true;
        }
    }
    plan.priorities
        .iter()
        .zip(has_content)
        .filter(|(_, has_content)| !has_content)
        .map(|(priority, _)| {
            Diagnostic::new(
                Rule::EmptyPriority,
                format!("{} has no actions", describe("priority", &priority.id)),
            )
            .at(priority.place.file, priority.place.span.clone())
            .id(priority.id.clone())
            .help("add [[action]] tables, or nest priorities under it with parent = \"...\"")
        })
        .collect()
}

/// `done_on` that contradicts the status, or a finish that has not happened yet.
fn done_on(plan: &Plan, today: NaiveDate) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for action in &plan.actions {
        let Some(day) = action.done_on else { continue };
        let at = |d: Diagnostic| on_action(action, d);
        let who = describe("action", &action.id);
        if action.status.is_open() {
            found.push(at(Diagnostic::new(
                Rule::DoneOnOpen,
                format!(
                    "{who} says done_on = {day} but its status is {}",
                    action.status.name()
                ),
            )
            .help(
                "set status = \"done\" (`plan done ID --on DAY`), or remove done_on",
            )));
        }
        if day > today {
            found.push(at(Diagnostic::new(
                Rule::DoneInFuture,
                format!("{who} says it was done on {day}, after today ({today})"),
            )
            .help("done_on is the day it was finished; use due for a target date")));
        }
    }
    found
}

/// A finding that a waiver on its item covers: counted and listed, never failing the check.
#[derive(Debug, Clone)]
pub struct Waived {
    pub finding: Diagnostic,
    pub reason: String,
    pub until: Option<NaiveDate>,
}

impl Waived {
    /// "waived (until 2004-09-30): <reason>", as output shows it under the finding.
    pub fn note(&self) -> String {
        let until = self
            .until
            .map_or_else(String::new, |until| format!(" (until {until})"));
        format!("waived{until}: {}", self.reason)
    }
}

/// Sets aside the findings that a waiver on their own item covers. Each expired waiver is
/// an `expired-waiver` error (and covers nothing), and each waiver whose rule finds nothing
/// on its item is an `unused-waiver` warning, so waivers cannot outlive their reason unseen.
pub fn apply_waivers(
    plan: &Plan,
    findings: Vec<Diagnostic>,
    today: NaiveDate,
) -> (Vec<Diagnostic>, Vec<Waived>) {
    // Findings are matched to waivers by the item's table, which is exact even where ids
    // are missing or duplicated.
    let mut by_item: std::collections::HashMap<&Place, Vec<(&Waiver, bool)>> = Default::default();
    let mut expired_waivers = Vec::new();
    for (kind, id, place, waivers) in items_with_waivers(plan) {
        for waiver in waivers {
            if waiver.is_expired(today) {
                expired_waivers.push(expired(kind, id, waiver));
            } else {
                by_item.entry(place).or_default().push((waiver, false));
            }
        }
    }
    // Covered findings are taken out in place: a second vector of every finding would
    // double what a large plan's check holds. Order is kept, and `verdict` sorts anyway.
    let mut waived = Vec::new();
    let mut findings = findings;
    findings.retain(|finding| {
        let cover = finding.place.as_ref().and_then(|place| {
            by_item
                .get_mut(place)?
                .iter_mut()
                .find(|(waiver, _)| waiver.rule == finding.rule)
        });
        let Some((waiver, used)) = cover else {
            return true;
        };
        *used = true;
        waived.push(Waived {
            reason: waiver.reason.clone(),
            until: waiver.until,
            finding: finding.clone(),
        });
        false
    });
    findings.splice(0..0, expired_waivers);
    for (kind, id, place, _) in items_with_waivers(plan) {
        for (waiver, used) in by_item.get(place).into_iter().flatten() {
            if !used {
                findings.push(unused(kind, id, waiver));
            }
        }
    }
    (findings, waived)
}

/// Each priority and action that has waivers: (kind, id, its table, its waivers).
fn items_with_waivers(
    plan: &Plan,
) -> impl Iterator<Item = (&'static str, &str, &Place, &[Waiver])> {
    plan.priorities
        .iter()
        .map(|p| ("priority", p.id.as_str(), &p.place, p.waivers.as_slice()))
        .chain(
            plan.actions
                .iter()
                .map(|a| ("action", &*a.id, &a.place, &a.waivers[..])),
        )
        .chain(
            plan.indicators
                .iter()
                .map(|i| ("indicator", &*i.id, &i.place, &i.waivers[..])),
        )
        .filter(|(_, _, _, waivers)| !waivers.is_empty())
}

fn expired(kind: &str, id: &str, waiver: &Waiver) -> Diagnostic {
    let until = waiver.until.map(|d| d.to_string()).unwrap_or_default();
    Diagnostic::new(
        Rule::ExpiredWaiver,
        format!(
            "the waiver of {} on {} expired on {until} (reason: \"{}\")",
            waiver.rule.name(),
            describe(kind, id),
            crate::text::escape(&waiver.reason)
        ),
    )
    .at(waiver.place.file, waiver.place.span.clone())
    .id(id)
    .label("expired")
    .help("close the gap, or agree a new date and change `until`")
}

fn unused(kind: &str, id: &str, waiver: &Waiver) -> Diagnostic {
    Diagnostic::new(
        Rule::UnusedWaiver,
        format!(
            "the waiver of {} on {} is unused: the rule finds nothing there",
            waiver.rule.name(),
            describe(kind, id)
        ),
    )
    .at(waiver.place.file, waiver.place.span.clone())
    .id(id)
    .label("waives nothing")
    .help("the gap it excused is closed: remove this waiver")
}

/// How a finding names its item: `action "a1"`, or `action (no id)`. Written into the
/// message itself, not made as a string of its own first (tens of thousands of findings).
fn describe<'a>(kind: &'a str, id: &'a str) -> Described<'a> {
    Described { kind, id }
}

struct Described<'a> {
    kind: &'a str,
    id: &'a str,
}

impl std::fmt::Display for Described<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Described { kind, id } = self;
        if id.is_empty() {
            write!(f, "{kind} (no id)")
        } else {
            write!(f, "{kind} \"{id}\"")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::tests::load_files;

    #[test]
    fn findings_name_their_action_by_id_or_as_having_none() {
        let text = "[priority]\nid = \"p\"\ntitle = \"P\"\n\
            [[action]]\nid = \"p-1\"\ntitle = \"A\"\ndue = \"2004-01-01\"\n\
            [[action]]\ntitle = \"B\"\n";
        let loaded = load_files(&[("p.toml", text)]);
        let today = NaiveDate::from_ymd_opt(2005, 6, 1).unwrap();
        let messages: Vec<String> = completeness(&loaded.plan, today)
            .into_iter()
            .map(|d| d.message)
            .collect();
        assert_eq!(
            messages,
            [
                "action \"p-1\" has no owner",
                "action \"p-1\" is overdue by 517 days (due by 2004-01-01)",
                "action (no id) has no owner",
                "action (no id) has no due date",
            ]
        );
    }

    #[test]
    fn a_large_plan_is_checked_on_the_pool_as_one_by_one() {
        let mut text = String::from("[priority]\nid = \"p\"\ntitle = \"P\"\n");
        // Each third: no date; late; no owner and no date.
        let actions = PARALLEL_FROM.next_multiple_of(3);
        for i in 0..actions {
            let values = match i % 3 {
                0 => "owners = [\"Leader\"]\n",
                1 => "owners = [\"Leader\"]\ndue = \"2004-01-01\"\n",
                _ => "",
            };
            text.push_str(&format!(
                "[[action]]\nid = \"p-{i}\"\ntitle = \"A\"\n{values}"
            ));
        }
        let loaded = load_files(&[("p.toml", &text)]);
        let today = NaiveDate::from_ymd_opt(2005, 6, 1).unwrap();
        let (mut one_by_one, mut pooled) = (Vec::new(), Vec::new());
        actions_into(&loaded.plan, today, &mut one_by_one, false);
        actions_into(&loaded.plan, today, &mut pooled, true);
        assert_eq!(one_by_one.len(), 4 * actions / 3);
        let first: Vec<(Rule, &str)> = one_by_one[..4]
            .iter()
            .map(|d| (d.rule, d.id.as_deref().unwrap()))
            .collect();
        assert_eq!(
            first,
            [
                (Rule::MissingDate, "p-0"),
                (Rule::Overdue, "p-1"),
                (Rule::MissingOwner, "p-2"),
                (Rule::MissingDate, "p-2"),
            ]
        );
        assert_eq!(pooled, one_by_one);
    }
}
