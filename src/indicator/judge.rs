//! The judgements about an indicator, one rule each: the target of a period, RAG, trend,
//! quartile position and late data. Every writer and `plan check` asks these; none works
//! them out again.

use std::cmp::Ordering;

use chrono::NaiveDate;

use super::exact::Dec;
use crate::model::indicator::{Actual, Indicator, Polarity, Quartiles, Span, Target, Tolerance};
use crate::model::{Meta, Rag};

/// Which way a figure moved, judged by the polarity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Trend {
    Improving,
    Worsening,
    NoChange,
}

impl Trend {
    pub fn name(self) -> &'static str {
        match self {
            Trend::Improving => "improving",
            Trend::Worsening => "worsening",
            Trend::NoChange => "no change",
        }
    }

    /// One character for narrow tables: ▲ better, ▼ worse, = the same.
    pub fn arrow(self) -> &'static str {
        match self {
            Trend::Improving => "▲",
            Trend::Worsening => "▼",
            Trend::NoChange => "=",
        }
    }
}

/// Where a figure stands against a benchmark's quartiles; `Top` is the best quarter of
/// performers in the polarity's direction ("top quartile", as CPA asked).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Quartile {
    Top,
    Second,
    Third,
    Bottom,
}

impl Quartile {
    pub fn name(self) -> &'static str {
        match self {
            Quartile::Top => "top",
            Quartile::Second => "second",
            Quartile::Third => "third",
            Quartile::Bottom => "bottom",
        }
    }
}

/// `a` against `b`: exact on the decimals written, `f64` only when they do not fit.
fn compare(a: f64, b: f64) -> Ordering {
    match (Dec::of(a), Dec::of(b)) {
        (Some(x), Some(y)) => x.compare(y),
        _ => None,
    }
    .unwrap_or_else(|| a.total_cmp(&b))
}

/// RAG of `actual` against `target`: green at the target or beyond it in the polarity's
/// direction, amber short of it by no more than the tolerance, red further short. A
/// relative tolerance ("2%") is that share of the target's size; with none there is no amber.
/// Edges are exact: 95.55 against 97.5 with "2%" (a band of 1.95) is amber.
pub fn rag(polarity: Polarity, actual: f64, target: f64, tolerance: Option<Tolerance>) -> Rag {
    // How far short of the target, in the polarity's direction (negative: beyond it).
    let (high, low) = match polarity {
        Polarity::Higher => (target, actual),
        Polarity::Lower => (actual, target),
    };
    if compare(low, high) != Ordering::Less {
        return Rag::Green;
    }
    let within = match tolerance {
        None => false,
        Some(Tolerance::Absolute(band)) => within_absolute(high, low, band),
        Some(Tolerance::Relative(percent)) => within_relative(high, low, target, percent),
    };
    if within { Rag::Amber } else { Rag::Red }
}

/// `high − low ≤ band`.
fn within_absolute(high: f64, low: f64, band: f64) -> bool {
    let exact = || {
        let short = Dec::of(high)?.sub(Dec::of(low)?)?;
        short.compare(Dec::of(band)?)
    };
    match exact() {
        Some(order) => order != Ordering::Greater,
        None => high - low <= band,
    }
}

/// `(high − low) × 100 ≤ |target| × percent`.
fn within_relative(high: f64, low: f64, target: f64, percent: f64) -> bool {
    let exact = || {
        let short = Dec::of(high)?.sub(Dec::of(low)?)?;
        let hundred = Dec::of(100.0)?;
        let band = Dec::of(target)?.abs().mul(Dec::of(percent)?)?;
        short.mul(hundred)?.compare(band)
    };
    match exact() {
        Some(order) => order != Ordering::Greater,
        None => (high - low) * 100.0 <= target.abs() * percent,
    }
}

/// Whether `now` is better than `then`, in the polarity's direction.
pub fn trend(polarity: Polarity, now: f64, then: f64) -> Trend {
    let order = compare(now, then);
    let order = match polarity {
        Polarity::Higher => order,
        Polarity::Lower => order.reverse(),
    };
    match order {
        Ordering::Greater => Trend::Improving,
        Ordering::Less => Trend::Worsening,
        Ordering::Equal => Trend::NoChange,
    }
}

/// Quartile position of `value` against `[lower quartile, median, upper quartile]`
/// (ascending). With `higher` better, at or above the upper quartile is top; with `lower`
/// better, at or below the lower quartile is. A value on a boundary takes the better side.
pub fn quartile(polarity: Polarity, value: f64, values: [f64; 3]) -> Quartile {
    let [lower, median, upper] = values;
    let at_least = |bound: f64| compare(value, bound) != Ordering::Less;
    let at_most = |bound: f64| compare(value, bound) != Ordering::Greater;
    match polarity {
        Polarity::Higher if at_least(upper) => Quartile::Top,
        Polarity::Higher if at_least(median) => Quartile::Second,
        Polarity::Higher if at_least(lower) => Quartile::Third,
        Polarity::Lower if at_most(lower) => Quartile::Top,
        Polarity::Lower if at_most(median) => Quartile::Second,
        Polarity::Lower if at_most(upper) => Quartile::Third,
        _ => Quartile::Bottom,
    }
}

/// One period of an indicator's series, judged.
#[derive(Clone, Debug)]
pub struct Step<'a> {
    pub period: Span,
    pub actual: Option<&'a Actual>,
    pub target: Option<&'a Target>,
    pub rag: Option<Rag>,
    /// Against the previous period, and the same period a year before.
    pub vs_previous: Option<Trend>,
    pub vs_year_before: Option<Trend>,
    pub quartile: Option<(Quartile, &'a Quartiles)>,
    /// Ended more than `data_due_after` days before today with no actual.
    pub late: bool,
}

/// An indicator as at a day: its latest actual judged, and the periods whose data is late.
#[derive(Clone, Debug)]
pub struct Assessment<'a> {
    pub latest: Option<Step<'a>>,
    pub late: Vec<Span>,
}

impl Indicator {
    /// The target for `period`: the most specific target whose period covers it (a quarter's
    /// own target, else its year's).
    pub fn target_for(&self, period: &Span) -> Option<&Target> {
        self.targets
            .iter()
            .filter(|t| t.period.covers(period))
            .min_by_key(|t| t.period.length)
    }

    /// The benchmark for `period`: the most specific quartiles covering it, else the latest
    /// that ended before it began (CPA quartiles are last year's).
    pub fn quartiles_for(&self, period: &Span) -> Option<&Quartiles> {
        let covering = self
            .quartiles
            .iter()
            .filter(|q| q.period.covers(period))
            .min_by_key(|q| q.period.length);
        covering.or_else(|| {
            self.quartiles
                .iter()
                .filter(|q| q.period.last() < period.first)
                .max_by_key(|q| (q.period.last(), std::cmp::Reverse(q.period.length)))
        })
    }

    /// RAG of `actual` against its period's target; `None` without a target or polarity.
    pub fn rag_of(&self, actual: &Actual) -> Option<Rag> {
        let target = self.target_for(&actual.period)?;
        Some(rag(
            self.polarity?,
            actual.value,
            target.value,
            self.tolerance,
        ))
    }

    /// The period's figure judged: target, RAG, trends, quartile, lateness.
    pub fn step(&self, period: Span, today: NaiveDate, meta: &Meta) -> Step<'_> {
        let actual = self.actual_for(&period);
        let versus = |other: Option<Span>| {
            let now = actual?;
            let then = self.actual_for(&other?)?;
            Some(trend(self.polarity?, now.value, then.value))
        };
        let quartile = actual.and_then(|a| {
            let benchmark = self.quartiles_for(&period)?;
            Some((
                quartile(self.polarity?, a.value, benchmark.values),
                benchmark,
            ))
        });
        Step {
            period,
            actual,
            target: self.target_for(&period),
            rag: actual.and_then(|a| self.rag_of(a)),
            vs_previous: versus(period.previous()),
            vs_year_before: versus(period.year_before()),
            quartile,
            late: actual.is_none() && is_late(&period, today, meta),
        }
    }

    /// The periods of its frequency from its first target or actual to the last that has
    /// begun by `today` (and any later one with an actual), oldest first.
    pub fn periods(&self, today: NaiveDate) -> Vec<Span> {
        let Some(length) = self.frequency else {
            return self.actuals.iter().map(|a| a.period).collect();
        };
        let Some(first) = self.first_period() else {
            return Vec::new();
        };
        let latest_actual = self.actuals.iter().map(|a| a.period.first).max();
        let until = latest_actual.map_or(today, |day| day.max(today));
        let mut period = Span::containing(first.first, length, first.start_month);
        let mut periods = Vec::new();
        while period.first <= until {
            periods.push(period);
            match period.next() {
                Some(next) => period = next,
                None => break,
            }
        }
        periods
    }

    /// Every period of its series, judged.
    pub fn series(&self, today: NaiveDate, meta: &Meta) -> Vec<Step<'_>> {
        self.periods(today)
            .into_iter()
            .map(|period| self.step(period, today, meta))
            .collect()
    }

    /// Periods whose data is late on `today`: ended more than `data_due_after` days ago
    /// with no actual, from the first period it has a target or actual for.
    pub fn late_periods(&self, today: NaiveDate, meta: &Meta) -> Vec<Span> {
        self.periods(today)
            .into_iter()
            .filter(|p| self.actual_for(p).is_none() && is_late(p, today, meta))
            .collect()
    }

    /// Periods with an actual and no target covering them.
    pub fn without_target(&self) -> Vec<Span> {
        self.actuals
            .iter()
            .filter(|a| self.target_for(&a.period).is_none())
            .map(|a| a.period)
            .collect()
    }

    /// Its latest actual judged, and its late periods, as at `today`.
    pub fn assess(&self, today: NaiveDate, meta: &Meta) -> Assessment<'_> {
        Assessment {
            latest: self.latest().map(|a| self.step(a.period, today, meta)),
            late: self.late_periods(today, meta),
        }
    }
}

/// The one late-data rule: a period whose figures fell due (`data_due_after` days after it
/// ended) before `today`.
pub fn is_late(period: &Span, today: NaiveDate, meta: &Meta) -> bool {
    meta.data_due_by(period.last()) < today
}
