use std::sync::Arc;

use chrono::NaiveDate;

use super::*;
use crate::dates::{Settings, parse_due};
use crate::diag::{FileId, Place};
use crate::model::indicator::*;
use crate::model::{Meta, Origin, Owners, PriorityIdx, Rag};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn span(text: &str) -> Span {
    let period = parse_due(text, &Settings::default()).expect(text);
    Span::of(&period, 4).unwrap_or_else(|| panic!("{text} is not an indicator period"))
}

fn place() -> Place {
    Place {
        file: FileId(0),
        span: 0..0,
    }
}

fn indicator(polarity: Polarity, frequency: Frequency) -> Indicator {
    Indicator {
        id: "hou-rent".into(),
        title: "Rent collected".into(),
        priority: PriorityIdx(0),
        unit: Some("%".into()),
        polarity: Some(polarity),
        frequency: Some(frequency),
        tolerance: Some(Tolerance::Relative(2.0)),
        owners: Owners {
            roles: Arc::from([]),
            origin: Origin::Missing,
            unknown: Box::default(),
        },
        source: None,
        targets: Vec::new(),
        actuals: Vec::new(),
        quartiles: Vec::new(),
        waivers: Default::default(),
        place: place(),
    }
}

fn target(period: &str, value: f64) -> Target {
    Target {
        period: span(period),
        value,
        place: place(),
    }
}

fn actual(period: &str, value: f64) -> Actual {
    Actual {
        period: span(period),
        value,
        note: None,
        by: None,
        place: place(),
    }
}

#[test]
fn periods_are_months_quarters_and_years_of_the_financial_year() {
    assert_eq!(span("2005/06").first, day(2005, 4, 1));
    assert_eq!(span("2005/06").last(), day(2006, 3, 31));
    assert_eq!(span("2005/06").length, Frequency::Annual);
    assert_eq!(span("2005/06 Q3").first, day(2005, 10, 1));
    assert_eq!(span("2005/06 Q3").length, Frequency::Quarterly);
    assert_eq!(span("April - June 2005"), span("2005/06 Q1"));
    assert_eq!(span("Feb 2006").length, Frequency::Monthly);
    for written in ["2005/06 Q1", "2005/06", "February 2006", "2005/06 Q4"] {
        assert_eq!(span(written).to_string(), written);
    }
    let read = |text: &str| Span::of(&parse_due(text, &Settings::default()).unwrap(), 4);
    for not in ["2005", "H1 2005/06", "2005-04-30", "2005/08", "continuous"] {
        assert_eq!(read(not), None, "{not}");
    }
    // A calendar quarter that is a financial quarter reads as one.
    assert_eq!(read("2005-Q2"), Some(span("2005/06 Q1")));
    assert_eq!(read("2005-Q1"), Some(span("2004/05 Q4")));
    assert_eq!(span("2005/06 Q1").previous(), Some(span("2004/05 Q4")));
    assert_eq!(span("2005/06 Q1").year_before(), Some(span("2004/05 Q1")));
    assert_eq!(span("April 2005").previous(), Some(span("March 2005")));
    assert!(span("2005/06").covers(&span("2005/06 Q4")));
    assert!(!span("2005/06").covers(&span("2006/07 Q1")));
}

#[test]
fn the_target_of_a_period_is_the_most_specific_covering_it() {
    let mut rent = indicator(Polarity::Higher, Frequency::Quarterly);
    rent.targets = vec![target("2005/06", 97.5), target("2005/06 Q4", 98.0)];
    let of = |p: &str| rent.target_for(&span(p)).map(|t| t.value);
    assert_eq!(of("2005/06 Q1"), Some(97.5));
    assert_eq!(of("2005/06 Q3"), Some(97.5));
    assert_eq!(of("2005/06 Q4"), Some(98.0));
    assert_eq!(of("2006/07 Q1"), None);
    assert_eq!(of("2004/05 Q4"), None);
}

#[test]
fn rag_at_the_tolerance_edges_higher_is_better() {
    let two_percent = Some(Tolerance::Relative(2.0));
    // 2% of 97.5 is 1.95: amber down to 95.55 exactly.
    assert_eq!(rag(Polarity::Higher, 97.5, 97.5, two_percent), Rag::Green);
    assert_eq!(rag(Polarity::Higher, 99.0, 97.5, two_percent), Rag::Green);
    assert_eq!(rag(Polarity::Higher, 97.49, 97.5, two_percent), Rag::Amber);
    assert_eq!(rag(Polarity::Higher, 95.55, 97.5, two_percent), Rag::Amber);
    assert_eq!(rag(Polarity::Higher, 95.54, 97.5, two_percent), Rag::Red);
    let absolute = Some(Tolerance::Absolute(1.5));
    assert_eq!(rag(Polarity::Higher, 96.0, 97.5, absolute), Rag::Amber);
    assert_eq!(rag(Polarity::Higher, 95.99, 97.5, absolute), Rag::Red);
    assert_eq!(rag(Polarity::Higher, 97.4, 97.5, None), Rag::Red);
}

#[test]
fn rag_at_the_tolerance_edges_lower_is_better() {
    // Days to relet a council home: target 30, "10%" gives a band of 3.
    let ten_percent = Some(Tolerance::Relative(10.0));
    assert_eq!(rag(Polarity::Lower, 30.0, 30.0, ten_percent), Rag::Green);
    assert_eq!(rag(Polarity::Lower, 12.0, 30.0, ten_percent), Rag::Green);
    assert_eq!(rag(Polarity::Lower, 30.1, 30.0, ten_percent), Rag::Amber);
    assert_eq!(rag(Polarity::Lower, 33.0, 30.0, ten_percent), Rag::Amber);
    assert_eq!(rag(Polarity::Lower, 33.01, 30.0, ten_percent), Rag::Red);
    let absolute = Some(Tolerance::Absolute(1.5));
    assert_eq!(rag(Polarity::Lower, 31.5, 30.0, absolute), Rag::Amber);
    assert_eq!(rag(Polarity::Lower, 31.6, 30.0, absolute), Rag::Red);
    // A relative band is of the target's size, also for a negative target.
    assert_eq!(rag(Polarity::Lower, -9.0, -10.0, ten_percent), Rag::Amber);
    assert_eq!(rag(Polarity::Lower, -8.9, -10.0, ten_percent), Rag::Red);
}

#[test]
fn tolerances_read_as_written() {
    let read = |v: toml::Value| Tolerance::read(&v);
    assert_eq!(read("2%".into()), Ok(Tolerance::Relative(2.0)));
    assert_eq!(read("1.5".into()), Ok(Tolerance::Absolute(1.5)));
    assert_eq!(read(toml::Value::Float(1.5)), Ok(Tolerance::Absolute(1.5)));
    assert_eq!(read(toml::Value::Integer(3)), Ok(Tolerance::Absolute(3.0)));
    assert_eq!(
        read("two".into()),
        Err("tolerance must be a number (\"1.5\") or a percentage of the target (\"2%\"), not \"two\"".into())
    );
    assert_eq!(
        read("-2%".into()),
        Err("tolerance must be a number of at least 0, not -2".into())
    );
    assert_eq!(Tolerance::Relative(2.0).to_string(), "2%");
    assert_eq!(Tolerance::Absolute(1.5).to_string(), "1.5");
}

#[test]
fn trend_follows_the_polarity() {
    assert_eq!(trend(Polarity::Higher, 96.1, 95.0), Trend::Improving);
    assert_eq!(trend(Polarity::Higher, 95.0, 96.1), Trend::Worsening);
    assert_eq!(trend(Polarity::Lower, 95.0, 96.1), Trend::Improving);
    assert_eq!(trend(Polarity::Lower, 96.1, 95.0), Trend::Worsening);
    assert_eq!(trend(Polarity::Lower, 95.0, 95.0), Trend::NoChange);

    let mut rent = indicator(Polarity::Higher, Frequency::Quarterly);
    rent.targets = vec![target("2004/05", 97.0), target("2005/06", 97.5)];
    rent.actuals = vec![
        actual("2004/05 Q2", 97.2),
        actual("2005/06 Q1", 96.1),
        actual("2005/06 Q2", 96.8),
    ];
    let meta = Meta::default();
    let latest = rent.step(span("2005/06 Q2"), day(2005, 11, 1), &meta);
    assert_eq!(latest.vs_previous, Some(Trend::Improving));
    assert_eq!(latest.vs_year_before, Some(Trend::Worsening));
    assert_eq!(latest.rag, Some(Rag::Amber));
    let first = rent.step(span("2005/06 Q1"), day(2005, 11, 1), &meta);
    assert_eq!(first.vs_previous, None, "2004/05 Q4 has no actual");
    assert_eq!(first.vs_year_before, None);
}

#[test]
fn quartile_position_follows_the_polarity() {
    let values = [95.4, 96.8, 98.0];
    let higher = |v| quartile(Polarity::Higher, v, values);
    assert_eq!(higher(98.0), Quartile::Top);
    assert_eq!(higher(97.9), Quartile::Second);
    assert_eq!(higher(96.8), Quartile::Second);
    assert_eq!(higher(95.4), Quartile::Third);
    assert_eq!(higher(95.3), Quartile::Bottom);
    let lower = |v| quartile(Polarity::Lower, v, values);
    assert_eq!(lower(95.4), Quartile::Top);
    assert_eq!(lower(96.0), Quartile::Second);
    assert_eq!(lower(98.0), Quartile::Third);
    assert_eq!(lower(98.1), Quartile::Bottom);

    let mut rent = indicator(Polarity::Higher, Frequency::Quarterly);
    rent.quartiles = vec![Quartiles {
        period: span("2004/05"),
        values,
        place: place(),
    }];
    rent.actuals = vec![actual("2005/06 Q1", 98.2)];
    // Last year's benchmark is the one to beat this year.
    let step = rent.step(span("2005/06 Q1"), day(2005, 8, 1), &Meta::default());
    assert_eq!(step.quartile.map(|(q, _)| q), Some(Quartile::Top));
    assert_eq!(
        rent.quartiles_for(&span("2004/05 Q3")).map(|q| q.period),
        Some(span("2004/05"))
    );
    assert_eq!(rent.quartiles_for(&span("2003/04 Q3")), None);
}

#[test]
fn an_indicator_actual_falls_due_on_the_day_an_action_return_does() {
    // One rule for both: a period's end plus data_due_after days.
    let q2_end = day(2005, 9, 30);
    for days in [0, 30, 45, Meta::MAX_DATA_DUE_AFTER] {
        let meta = Meta {
            data_due_after: days,
            ..Meta::default()
        };
        let terms = crate::recurring::Terms {
            start: None,
            grace_days: days,
        };
        let quarter = crate::recurring::Span {
            first: day(2005, 7, 1),
            last: q2_end,
        };
        assert_eq!(meta.data_due_by(q2_end), terms.return_due(quarter));
    }
    assert_eq!(Meta::default().data_due_by(q2_end), day(2005, 10, 30));
}

#[test]
fn late_data_is_a_period_ended_more_than_data_due_after_days_ago_with_no_actual() {
    let mut rent = indicator(Polarity::Higher, Frequency::Quarterly);
    rent.targets = vec![target("2005/06", 97.5)];
    rent.actuals = vec![actual("2005/06 Q1", 96.1)];
    let meta = Meta::default();
    // Q2 ends 30 September; its figures are due by 30 October.
    assert_eq!(
        rent.late_periods(day(2005, 10, 30), &meta),
        Vec::<Span>::new()
    );
    assert_eq!(
        rent.late_periods(day(2005, 10, 31), &meta),
        [span("2005/06 Q2")]
    );
    let later = Meta {
        data_due_after: 45,
        ..Meta::default()
    };
    assert_eq!(
        rent.late_periods(day(2005, 11, 14), &later),
        Vec::<Span>::new()
    );
    assert_eq!(
        rent.late_periods(day(2005, 11, 15), &later),
        [span("2005/06 Q2")]
    );
    assert_eq!(
        rent.late_periods(day(2006, 4, 30), &meta),
        [span("2005/06 Q2"), span("2005/06 Q3")]
    );
    assert_eq!(
        rent.late_periods(day(2006, 5, 1), &meta),
        [span("2005/06 Q2"), span("2005/06 Q3"), span("2005/06 Q4")]
    );
    // Before its first period nothing is owed.
    assert_eq!(
        rent.late_periods(day(2005, 4, 1), &meta),
        Vec::<Span>::new()
    );
    let series: Vec<(String, bool)> = rent
        .series(day(2005, 11, 1), &meta)
        .iter()
        .map(|s| (s.period.to_string(), s.late))
        .collect();
    assert_eq!(
        series,
        [
            ("2005/06 Q1".to_owned(), false),
            ("2005/06 Q2".to_owned(), true),
            ("2005/06 Q3".to_owned(), false),
        ]
    );
}

#[test]
fn actuals_without_a_target_are_named() {
    let mut rent = indicator(Polarity::Higher, Frequency::Quarterly);
    rent.targets = vec![target("2005/06", 97.5)];
    rent.actuals = vec![actual("2004/05 Q4", 96.0), actual("2005/06 Q1", 96.1)];
    assert_eq!(rent.without_target(), [span("2004/05 Q4")]);
    assert_eq!(with_unit(Some("%"), 96.1), "96.1%");
    assert_eq!(with_unit(Some("days"), 12.0), "12 days");
    assert_eq!(with_unit(Some("£"), 12.5), "£12.5");
}
