//! What changed in the plan's indicators between two sides of `plan diff`: new actuals,
//! actuals restated or removed, indicators removed, and targets changed (added, changed or
//! removed) — marked when the change came after the target's
//! period had begun (on or before `--today`), the scrutiny question of whether a target was
//! moved once the results were coming in.

use chrono::NaiveDate;

use crate::model::Plan;
use crate::model::indicator::{Indicator, Span};

/// One change, as typed values; [`crate::render::change`] words it and gives its JSON.
#[derive(Clone, Debug, PartialEq)]
pub struct IndicatorChange {
    /// `new-actual`, `restated`, `actual-removed`, `indicator-removed`,
    /// `target-changed-late` (its period had begun) or `target-changed`.
    pub change: &'static str,
    pub id: String,
    pub title: String,
    pub period: String,
    pub before: Option<f64>,
    pub after: Option<f64>,
    /// The indicator's unit (`%`, `£`, `days`), that `before` and `after` are shown with.
    pub unit: Option<String>,
    /// For a removed indicator: how many actuals and targets went with it.
    pub removed: Option<(usize, usize)>,
}

/// The kinds of change, in the order reports group them, with their headings.
pub const KINDS: [(&str, &str); 6] = [
    ("new-actual", "New actuals"),
    ("restated", "Actuals restated"),
    ("actual-removed", "Actuals removed"),
    ("indicator-removed", "Indicators removed"),
    (
        "target-changed-late",
        "Targets changed after their period began",
    ),
    ("target-changed", "Targets changed"),
];

/// The heading reports give a kind of change ("New actuals").
pub fn heading(change: &str) -> &'static str {
    KINDS
        .iter()
        .find(|(kind, _)| *kind == change)
        .map_or("Indicator changes", |(_, heading)| heading)
}

/// `changes` grouped by kind in [`KINDS`] order (kinds with none left out), each group in
/// the order given.
pub fn grouped(changes: &[IndicatorChange]) -> Vec<(&'static str, Vec<&IndicatorChange>)> {
    KINDS
        .iter()
        .map(|&(kind, heading)| {
            let of_kind = changes.iter().filter(|c| c.change == kind).collect();
            (heading, of_kind)
        })
        .filter(|(_, list): &(_, Vec<_>)| !list.is_empty())
        .collect()
}

/// Every indicator change from `old` to `new`, indicator by indicator in `new`'s order, then
/// the indicators `new` no longer has in `old`'s order.
pub fn compare(old: &Plan, new: &Plan, today: NaiveDate) -> Vec<IndicatorChange> {
    let mut changes = Vec::new();
    for indicator in &new.indicators {
        let before = old.indicators.iter().find(|i| i.id == indicator.id);
        changes.extend(actual_changes(before, indicator));
        changes.extend(target_changes(before, indicator, today));
    }
    let removed = old
        .indicators
        .iter()
        .filter(|o| !new.indicators.iter().any(|i| i.id == o.id));
    changes.extend(removed.map(removed_indicator));
    changes
}

/// An indicator deleted, with the figures it took with it.
fn removed_indicator(indicator: &Indicator) -> IndicatorChange {
    IndicatorChange {
        change: "indicator-removed",
        id: indicator.id.to_string(),
        title: indicator.title.to_string(),
        period: String::new(),
        before: None,
        after: None,
        unit: indicator.unit.as_deref().map(str::to_owned),
        removed: Some((indicator.actuals.len(), indicator.targets.len())),
    }
}

fn change(
    indicator: &Indicator,
    kind: &'static str,
    period: Span,
    before: Option<f64>,
    after: Option<f64>,
) -> IndicatorChange {
    IndicatorChange {
        change: kind,
        id: indicator.id.to_string(),
        title: indicator.title.to_string(),
        period: period.to_string(),
        before,
        after,
        unit: indicator.unit.as_deref().map(str::to_owned),
        removed: None,
    }
}

/// Actuals new, restated or removed, in `new`'s order then the removed in `old`'s.
fn actual_changes(old: Option<&Indicator>, new: &Indicator) -> Vec<IndicatorChange> {
    let removed = old
        .into_iter()
        .flat_map(|o| &o.actuals)
        .filter(|actual| new.actual_for(&actual.period).is_none())
        .map(|actual| {
            change(
                new,
                "actual-removed",
                actual.period,
                Some(actual.value),
                None,
            )
        });
    new.actuals
        .iter()
        .filter_map(|actual| {
            let before = old
                .and_then(|o| o.actual_for(&actual.period))
                .map(|a| a.value);
            match before {
                None => Some(change(
                    new,
                    "new-actual",
                    actual.period,
                    None,
                    Some(actual.value),
                )),
                Some(b) if b != actual.value => Some(change(
                    new,
                    "restated",
                    actual.period,
                    Some(b),
                    Some(actual.value),
                )),
                Some(_) => None,
            }
        })
        .chain(removed)
        .collect()
}

/// Targets added, changed or removed for a period (a new indicator's targets are not
/// changes). Late when the period had begun by `today`.
fn target_changes(
    old: Option<&Indicator>,
    new: &Indicator,
    today: NaiveDate,
) -> Vec<IndicatorChange> {
    let Some(old) = old else { return Vec::new() };
    let mut periods: Vec<Span> = old
        .targets
        .iter()
        .chain(&new.targets)
        .map(|t| t.period)
        .collect();
    periods.sort();
    periods.dedup();
    periods
        .into_iter()
        .filter_map(|period| {
            let value = |i: &Indicator| {
                i.targets
                    .iter()
                    .find(|t| t.period == period)
                    .map(|t| t.value)
            };
            let (before, after) = (value(old), value(new));
            if before == after {
                return None;
            }
            let kind = if period.first <= today {
                "target-changed-late"
            } else {
                "target-changed"
            };
            Some(change(new, kind, period, before, after))
        })
        .collect()
}
