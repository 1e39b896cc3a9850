//! `IndicatorRow`: the one projection of an indicator, as at a day, beside [`super::ActionRow`],
//! that every writer reads (`plan indicators`, `plan show`, every report format): names
//! resolved, the latest actual judged, late periods listed, file and line. Serialised as
//! `plan indicators --format json` rows; the fields are documented in docs/indicators.md.

use chrono::NaiveDate;
use serde::Serialize;

use super::PriorityRef;
use crate::diag::SourceMap;
use crate::indicator::Step;
use crate::model::indicator::Indicator;
use crate::model::{Plan, Rag};

#[derive(Clone, Debug, Serialize)]
pub struct IndicatorRow<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub priority: PriorityRef<'a>,
    /// Effective owners, canonical names.
    pub owners: Vec<&'a str>,
    pub unit: Option<&'a str>,
    pub polarity: Option<&'static str>,
    pub frequency: Option<&'static str>,
    /// As the tool writes it: "2%" or "1.5"; null for none.
    pub tolerance: Option<String>,
    /// The latest actual's period ("2005/06 Q1"), or null with no actual.
    pub period: Option<String>,
    pub actual: Option<f64>,
    /// The target for that period (its own, else its year's).
    pub target: Option<f64>,
    /// green | amber | red, or null without an actual, target or polarity.
    pub rag: Option<Rag>,
    /// improving | worsening | no change, against the previous period; null without one.
    pub vs_previous: Option<&'static str>,
    /// The same, against the same period a year before.
    pub vs_year_before: Option<&'static str>,
    /// top | second | third | bottom, against the benchmark for the period; null without.
    pub quartile: Option<&'static str>,
    /// The latest actual's commentary.
    pub note: Option<&'a str>,
    /// Whether any period's data is late (see `late_periods`).
    pub late: bool,
    /// Periods ended more than `data_due_after` days ago with no actual, oldest first.
    pub late_periods: Vec<String>,
    pub file: &'a str,
    pub line: usize,
}

impl<'a> IndicatorRow<'a> {
    pub fn new(
        plan: &'a Plan,
        sources: &'a SourceMap,
        indicator: &'a Indicator,
        today: NaiveDate,
    ) -> Self {
        let assessment = indicator.assess(today, &plan.meta);
        let latest: Option<&Step<'a>> = assessment.latest.as_ref();
        let priority = plan.priority(indicator.priority);
        let (file, line) = sources.file_line(&indicator.place);
        IndicatorRow {
            id: &indicator.id,
            title: &indicator.title,
            priority: PriorityRef {
                id: &priority.id,
                title: &priority.title,
            },
            owners: plan.owner_names(&indicator.owners),
            unit: indicator.unit.as_deref(),
            polarity: indicator.polarity.map(|p| p.name()),
            frequency: indicator.frequency.map(|f| f.name()),
            tolerance: indicator.tolerance.map(|t| t.to_string()),
            period: latest.map(|s| s.period.to_string()),
            actual: latest.and_then(|s| s.actual).map(|a| a.value),
            target: latest.and_then(|s| s.target).map(|t| t.value),
            rag: latest.and_then(|s| s.rag),
            vs_previous: latest.and_then(|s| s.vs_previous).map(|t| t.name()),
            vs_year_before: latest.and_then(|s| s.vs_year_before).map(|t| t.name()),
            quartile: latest.and_then(|s| s.quartile).map(|(q, _)| q.name()),
            note: latest
                .and_then(|s| s.actual)
                .and_then(|a| a.note.as_deref()),
            late: !assessment.late.is_empty(),
            late_periods: assessment.late.iter().map(|p| p.to_string()).collect(),
            file,
            line,
        }
    }

    /// A value with the indicator's unit, or "—" for none.
    pub fn shown(&self, value: Option<f64>) -> String {
        value.map_or_else(
            || "—".to_owned(),
            |v| crate::model::indicator::with_unit(self.unit, v),
        )
    }
}

/// One period of an indicator's series, as `plan show ID --format json` writes it.
#[derive(Debug, Serialize)]
pub struct StepRow<'a> {
    pub period: String,
    pub actual: Option<f64>,
    pub target: Option<f64>,
    pub rag: Option<Rag>,
    pub vs_previous: Option<&'static str>,
    pub vs_year_before: Option<&'static str>,
    pub quartile: Option<&'static str>,
    /// No actual, and its figures fell due more than `data_due_after` days ago.
    pub late: bool,
    pub note: Option<&'a str>,
    pub by: Option<&'a str>,
}

impl<'a> StepRow<'a> {
    pub fn new(plan: &'a Plan, step: &Step<'a>) -> Self {
        StepRow {
            period: step.period.to_string(),
            actual: step.actual.map(|a| a.value),
            target: step.target.map(|t| t.value),
            rag: step.rag,
            vs_previous: step.vs_previous.map(|t| t.name()),
            vs_year_before: step.vs_year_before.map(|t| t.name()),
            quartile: step.quartile.map(|(q, _)| q.name()),
            late: step.late,
            note: step.actual.and_then(|a| a.note.as_deref()),
            by: step
                .actual
                .and_then(|a| a.by)
                .map(|role| plan.roster.name(role)),
        }
    }
}

/// An indicator in `plan show`'s JSON: its `plan indicators` row and its whole series.
#[derive(Debug, Serialize)]
pub struct IndicatorDetail<'a> {
    pub kind: &'static str,
    #[serde(flatten)]
    pub row: IndicatorRow<'a>,
    pub source: Option<&'a str>,
    pub series: Vec<StepRow<'a>>,
}

impl<'a> IndicatorDetail<'a> {
    /// `indicator` as at `today`, with `steps`, its judged series (`Indicator::series`).
    pub fn new(
        plan: &'a Plan,
        sources: &'a SourceMap,
        indicator: &'a Indicator,
        steps: &[Step<'a>],
        today: NaiveDate,
    ) -> Self {
        IndicatorDetail {
            kind: "indicator",
            row: IndicatorRow::new(plan, sources, indicator, today),
            source: indicator.source.as_deref(),
            series: steps.iter().map(|s| StepRow::new(plan, s)).collect(),
        }
    }
}
