//! Properties over every period and setting: canonical forms read back, due-by days lie in
//! their period, lateness grows with the day, two-reading forms are refused, settings change
//! only their own forms, and no text panics.

use super::*;
use proptest::prelude::*;

fn any_settings() -> impl Strategy<Value = Settings> {
    (
        1..=12u32,
        prop_oneof![
            Just(None),
            Just(Some(DateOrder::Dmy)),
            Just(Some(DateOrder::Mdy))
        ],
        prop_oneof![Just(Quarters::Calendar), Just(Quarters::Financial)],
    )
        .prop_map(|(fy_start, date_order, quarters)| Settings {
            fy_start,
            date_order,
            quarters,
        })
}

/// Periods the settings can produce: calendar quarters only where quarters are calendar.
fn simple(s: Settings) -> impl Strategy<Value = Period> {
    let sm = s.fy_start;
    let base = day(1900, 1, 1);
    let calendar_quarters = s.quarters == Quarters::Calendar;
    prop_oneof![
        (0u64..109_000).prop_map(move |n| Period::Day(
            base.checked_add_days(chrono::Days::new(n))
                .expect("in range")
        )),
        (1900..=2200i32, 1..=12u32).prop_map(|(year, month)| Period::Month { year, month }),
        (1900..=2200i32, 1..=4u32).prop_map(move |(year, quarter)| if calendar_quarters {
            Period::Quarter { year, quarter }
        } else {
            Period::Year(year)
        }),
        (1900..=2200i32).prop_map(Period::Year),
        (1900..2200i32, 1..=150i32).prop_filter_map("last year in range", move |(first, span)| {
            (first + span <= 2200).then_some(Period::FinancialYear {
                first,
                last: first + span,
                start_month: sm,
            })
        }),
        (1900..2200i32, 1..=4u32).prop_map(move |(first, quarter)| Period::FinancialQuarter {
            first,
            quarter,
            start_month: sm
        }),
        (1900..2200i32, 1..=2u32).prop_map(move |(first, half)| Period::FinancialHalf {
            first,
            half,
            start_month: sm
        }),
        (1900..2200i32, 0..4usize).prop_map(|(year, s)| Period::Season {
            year,
            season: Season::ALL[s]
        }),
    ]
}

fn any_period(s: Settings) -> impl Strategy<Value = Period> {
    let ranges = (simple(s), simple(s)).prop_filter_map("ordered", |(a, b)| {
        let (a, b) = if parse::ordered(&a, &b) {
            (a, b)
        } else {
            (b, a)
        };
        parse::ordered(&a, &b).then(|| range(a, b))
    });
    prop_oneof![
        6 => simple(s),
        2 => ranges,
        1 => simple(s).prop_map(since),
        1 => Just(Period::Continuous),
        1 => Just(Period::Undated),
    ]
}

fn with_settings() -> impl Strategy<Value = (Settings, Period)> {
    any_settings().prop_flat_map(|s| (Just(s), any_period(s)))
}

proptest! {
    #[test]
    fn canonical_round_trips((s, p) in with_settings()) {
        prop_assert_eq!(parse_due(&p.to_string(), &s), Ok(p));
    }

    #[test]
    fn due_by_is_inside_the_period((_s, p) in with_settings()) {
        match (p.starts_on(), p.due_by()) {
            (Some(start), Some(end)) => prop_assert!(start <= end),
            (start, None) => prop_assert_eq!(start.is_some(), matches!(p, Period::Since(_))),
            (None, Some(_)) => prop_assert!(false, "due with no start: {:?}", p),
        }
        if let Period::Range { from, to } = &p {
            prop_assert!(from.due_by() <= p.due_by() && to.due_by() == p.due_by());
        }
    }

    /// `YYYY-YY` where YY is the next year and a month, `Month NN` where NN could be a day,
    /// a bare winter, and a numeric day with no date order are all refused, whatever else.
    #[test]
    fn every_two_reading_form_is_rejected(
        century in 19..=21i32, yy in 0..=10i32, m in 1..=12u32, nn in 10..=31u32,
        a in 1..=12u32, b in 1..=12u32, s in any_settings(),
    ) {
        let year = century * 100 + yy;
        let collides = format!("{year}-{:02}", yy + 1);
        prop_assert!(matches!(parse_due(&collides, &s), Err(DateError::TwoReadings(_))), "{}", collides);
        let two_digit = format!("{} {nn}", MONTH_NAMES[m as usize - 1]);
        prop_assert!(matches!(parse_due(&two_digit, &s), Err(DateError::TwoReadings(_))), "{}", two_digit);
        let winter = format!("Winter {year}");
        prop_assert!(matches!(parse_due(&winter, &s), Err(DateError::TwoReadings(_))), "{}", winter);
        let numeric = format!("{a:02}/{b:02}/2006");
        let unsettled = Settings { date_order: None, ..s };
        let got = parse_due(&numeric, &unsettled);
        if a == b {
            prop_assert!(matches!(got, Err(DateError::NeedsDateOrder { .. })), "{}", numeric);
        } else {
            prop_assert!(matches!(got, Err(DateError::DayOrder(_))), "{}", numeric);
        }
    }

    /// A setting changes only the forms it governs: every other canonical text reads the same
    /// under every date order and quarters setting.
    #[test]
    fn settings_change_only_their_forms((s, p) in with_settings(), other in any_settings()) {
        let text = p.to_string();
        let quarter_form = text.contains("-Q");
        let other = Settings { fy_start: s.fy_start, ..other };
        if !quarter_form {
            prop_assert_eq!(parse_due(&text, &other), Ok(p));
        }
        let numeric = "04/05/2006";
        let read = parse_due(numeric, &other);
        match other.date_order {
            None => prop_assert!(read.is_err()),
            Some(DateOrder::Dmy) => prop_assert_eq!(read, Ok(Period::Day(day(2006, 5, 4)))),
            Some(DateOrder::Mdy) => prop_assert_eq!(read, Ok(Period::Day(day(2006, 4, 5)))),
        }
        let q = parse_due("Q2 2005", &other);
        match other.quarters {
            Quarters::Calendar => prop_assert_eq!(q, Ok(quarter(2005, 2))),
            Quarters::Financial => prop_assert_eq!(q, Ok(Period::FinancialQuarter { first: 2005, quarter: 2, start_month: other.fy_start })),
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,40}", s in any_settings()) {
        if let Ok(p) = parse_due(&text, &s) {
            prop_assert_eq!(parse_due(&p.to_string(), &s), Ok(p));
        }
    }
}

proptest! {
    /// The fast ISO form is `Display`'s, for every day chrono can hold.
    #[test]
    fn iso_day_writes_what_display_writes(days in -4_000_000i64..4_000_000) {
        let day = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + chrono::Duration::days(days);
        prop_assert_eq!(crate::dates::iso_day(day), day.to_string());
    }
}

#[test]
fn iso_day_at_the_edges_of_four_digit_years() {
    for (y, m, d) in [
        (0, 1, 1),
        (9, 12, 31),
        (999, 2, 28),
        (2004, 2, 29),
        (9999, 12, 31),
    ] {
        let day = NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(crate::dates::iso_day(day), day.to_string());
    }
    for day in [
        NaiveDate::MIN,
        NaiveDate::MAX,
        day(-1, 12, 31),
        day(10000, 1, 1),
    ] {
        assert_eq!(crate::dates::iso_day(day), day.to_string());
    }
}
