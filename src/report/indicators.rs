//! The committee report's indicators: which are shown (the report's owner and priority
//! scope), each with its `IndicatorRow` and its series judged once, and the section as
//! Markdown and as HTML with one small inline SVG chart per indicator (actuals and the target
//! line, no script, a text alternative giving every figure). Plans with no indicators get no
//! section, so their reports are unchanged.

use std::fmt::Write as _;
use std::io::Write;

use chrono::NaiveDate;
use maud::{Markup, PreEscaped, html};

use crate::diag::SourceMap;
use crate::indicator::Step;
use crate::indicator::select::Selection;
use crate::model::{Plan, Rag};
use crate::render::text::markdown_text;
use crate::view::IndicatorRow;

/// One indicator as the report shows it.
#[derive(Clone, Debug)]
pub struct ReportIndicator<'a> {
    pub row: IndicatorRow<'a>,
    pub steps: Vec<Step<'a>>,
}

impl ReportIndicator<'_> {
    /// Red, or with late data: what the exception report lists.
    pub fn is_exception(&self) -> bool {
        self.row.rag == Some(Rag::Red) || self.row.late
    }
}

/// The indicators `selection` covers, as at `today`, in plan order.
pub fn of<'a>(
    plan: &'a Plan,
    sources: &'a SourceMap,
    selection: &Selection,
    today: NaiveDate,
) -> Vec<ReportIndicator<'a>> {
    selection
        .apply(plan, today)
        .into_iter()
        .map(|indicator| ReportIndicator {
            row: IndicatorRow::new(plan, sources, indicator, today),
            steps: indicator.series(today, &plan.meta),
        })
        .collect()
}

fn dash(text: Option<&str>) -> &str {
    text.unwrap_or("—")
}

/// The Markdown section: one table of the latest figures, then the exceptions.
pub fn markdown(out: &mut dyn Write, indicators: &[ReportIndicator<'_>]) -> std::io::Result<()> {
    if indicators.is_empty() {
        return Ok(());
    }
    let t = |s: &str| markdown_text(s, true);
    writeln!(out, "\n## Performance indicators\n")?;
    writeln!(
        out,
        "| ID | Indicator | Owners | Period | Actual | Target | RAG | vs previous | vs year before | Quartile | Late data |"
    )?;
    writeln!(out, "|---|---|---|---|--:|--:|---|---|---|---|---|")?;
    for i in indicators {
        let row = &i.row;
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            t(row.id),
            t(row.title),
            t(&row.owners.join(", ")),
            dash(row.period.as_deref()),
            t(&row.shown(row.actual)),
            t(&row.shown(row.target)),
            dash(row.rag.map(Rag::name)),
            dash(row.vs_previous),
            dash(row.vs_year_before),
            dash(row.quartile),
            if row.late {
                row.late_periods.join(", ")
            } else {
                "no".to_owned()
            },
        )?;
    }
    let exceptions: Vec<&ReportIndicator<'_>> =
        indicators.iter().filter(|i| i.is_exception()).collect();
    if exceptions.is_empty() {
        return writeln!(out, "\nNo indicator is red or late.");
    }
    writeln!(out, "\n**Indicator exceptions** (red, or data late):\n")?;
    for i in exceptions {
        writeln!(out, "- {}", t(&exception_text(&i.row)))?;
    }
    Ok(())
}

/// "hou-rent (Rent collected…): red, 94.2% against 97.5% for 2005/06 Q2; no actual for …".
fn exception_text(row: &IndicatorRow<'_>) -> String {
    let mut parts = Vec::new();
    if row.rag == Some(Rag::Red) {
        parts.push(format!(
            "red, {} against {} for {}",
            row.shown(row.actual),
            row.shown(row.target),
            dash(row.period.as_deref())
        ));
    }
    if row.late {
        parts.push(format!("no actual for {}", row.late_periods.join(", ")));
    }
    format!("{} ({}): {}", row.id, row.title, parts.join("; "))
}

/// The HTML section, or nothing.
pub fn html(indicators: &[ReportIndicator<'_>]) -> Markup {
    if indicators.is_empty() {
        return html! {};
    }
    html! {
        section #indicators aria-labelledby="indicators-h" {
            h2 #indicators-h { "Performance indicators" }
            @let exceptions: Vec<_> = indicators.iter().filter(|i| i.is_exception()).collect();
            @if exceptions.is_empty() {
                p { "No indicator is red or late." }
            } @else {
                p { "Indicator exceptions (red, or data late):" }
                ul {
                    @for i in &exceptions { li { (exception_text(&i.row)) } }
                }
            }
            @for i in indicators { (card(i)) }
        }
    }
}

fn card(i: &ReportIndicator<'_>) -> Markup {
    let row = &i.row;
    let figures = figures_text(i);
    html! {
        article.indicator id={ "i-" (row.id) } {
            h3 { (row.id) " · " (row.title) }
            p {
                "Latest: " (dash(row.period.as_deref())) " — " (row.shown(row.actual))
                " against " (row.shown(row.target))
                @if let Some(rag) = row.rag.map(Rag::name) { " · " span class={ "rag rag-" (rag) } { (rag) } }
                @if let Some(t) = row.vs_previous { " · " (t) " on the previous period" }
                @if let Some(t) = row.vs_year_before { " · " (t) " on a year before" }
                @if let Some(q) = row.quartile { " · " (q) " quartile" }
                @if row.late { " · " strong { "late: " (row.late_periods.join(", ")) } }
            }
            (PreEscaped(svg(i, &figures)))
            p.alt { (figures) }
        }
    }
}

/// Every figure of the series in words: the chart's text alternative.
fn figures_text(i: &ReportIndicator<'_>) -> String {
    let parts: Vec<String> = i
        .steps
        .iter()
        .map(|s| {
            let actual = match (s.actual, s.late) {
                (Some(a), _) => i.row.shown(Some(a.value)),
                (None, true) => "late".to_owned(),
                (None, false) => "no figure yet".to_owned(),
            };
            match s.target {
                Some(t) => format!(
                    "{}: {actual} (target {})",
                    s.period,
                    i.row.shown(Some(t.value))
                ),
                None => format!("{}: {actual}", s.period),
            }
        })
        .collect();
    format!("{}. {}.", i.row.title, parts.join("; "))
}

const WIDTH: f64 = 240.0;
const HEIGHT: f64 = 64.0;
const PAD: f64 = 6.0;

/// A small line chart: the actuals as a line with points, the target as a dashed line.
/// Written by hand (numbers only; the one text, the title, is escaped).
fn svg(i: &ReportIndicator<'_>, alt: &str) -> String {
    let values = i.steps.iter().flat_map(|s| {
        s.actual
            .map(|a| a.value)
            .into_iter()
            .chain(s.target.map(|t| t.value))
    });
    let (low, high) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
        (l.min(v), h.max(v))
    });
    let n = i.steps.len();
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg class=\"chart\" role=\"img\" width=\"{WIDTH}\" height=\"{HEIGHT}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" xmlns=\"http://www.w3.org/2000/svg\"><title>{}</title>",
        maud::html! { (alt) }.into_string()
    );
    if n == 0 || !low.is_finite() {
        out.push_str("</svg>");
        return out;
    }
    let span = if high > low { high - low } else { 1.0 };
    let x = |k: usize| {
        if n == 1 {
            WIDTH / 2.0
        } else {
            PAD + (WIDTH - 2.0 * PAD) * k as f64 / (n - 1) as f64
        }
    };
    let y = |v: f64| HEIGHT - PAD - (HEIGHT - 2.0 * PAD) * (v - low) / span;
    let line = |points: Vec<(f64, f64)>| {
        points
            .iter()
            .map(|(px, py)| format!("{px:.1},{py:.1}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let targets: Vec<(f64, f64)> = i
        .steps
        .iter()
        .enumerate()
        .filter_map(|(k, s)| Some((x(k), y(s.target?.value))))
        .collect();
    if !targets.is_empty() {
        let _ = write!(
            out,
            "<polyline class=\"target\" fill=\"none\" stroke=\"#555\" stroke-dasharray=\"4 3\" points=\"{}\"/>",
            line(targets)
        );
    }
    let actuals: Vec<(f64, f64)> = i
        .steps
        .iter()
        .enumerate()
        .filter_map(|(k, s)| Some((x(k), y(s.actual?.value))))
        .collect();
    let _ = write!(
        out,
        "<polyline class=\"actual\" fill=\"none\" stroke=\"#1d4f91\" stroke-width=\"2\" points=\"{}\"/>",
        line(actuals.clone())
    );
    for (px, py) in actuals {
        let _ = write!(
            out,
            "<circle cx=\"{px:.1}\" cy=\"{py:.1}\" r=\"2.5\" fill=\"#1d4f91\"/>"
        );
    }
    out.push_str("</svg>");
    out
}
