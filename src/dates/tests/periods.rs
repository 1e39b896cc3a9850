//! What a period means and how it is told: leap years, when a period is past, standing and
//! undated forms, canonical forms, explanations, days from parts and the command line,
//! horizons, and kinds.

use super::*;

#[test]
fn leap_years() {
    let due = |t: &str| parse(t).ok().and_then(|p| p.due_by());
    assert_eq!(due("2004-02"), Some(day(2004, 2, 29)));
    assert_eq!(due("2005-02"), Some(day(2005, 2, 28)));
    assert_eq!(due("February 2000"), Some(day(2000, 2, 29)));
    assert_eq!(due("1900-02"), Some(day(1900, 2, 28)));
    assert_eq!(due("29 February 2004"), Some(day(2004, 2, 29)));
    assert!(parse("29 February 2005").is_err());
}

#[test]
fn month_is_due_by_its_last_day() {
    // An action due in April 2004 is late from 1 May (`Action::is_overdue`, the one rule).
    let p = parse("April 2004").expect("month");
    assert_eq!(p.due_by(), Some(day(2004, 4, 30)));
}

#[test]
fn standing_and_undated_are_never_past() {
    for text in ["continuous", "from April 2005", "April 2005 onwards", "TBC"] {
        let p = parse(text).expect(text);
        assert_eq!(p.due_by(), None, "{text}");
    }
    assert!(parse("from April 2005").expect("since").is_continuous());
    assert!(parse("from April 2005").expect("since").is_dated());
    assert_eq!(
        parse("from April 2005").expect("since").starts_on(),
        Some(day(2005, 4, 1))
    );
    assert!(!parse("TBC").expect("tbc").is_dated());
    assert!(!parse("TBC").expect("tbc").is_continuous());
    assert_eq!(parse("continuous").expect("c").starts_on(), None);
}

#[test]
fn canonical_forms() {
    let canon = |t: &str| parse(t).map(|p| p.to_string()).expect(t);
    let cases = [
        ("30 April 2004", "2004-04-30"),
        ("2004-04", "April 2004"),
        ("Mar-06", "March 2006"),
        ("Q2 2004", "2004-Q2"),
        ("FY 2005/2006", "2005/06"),
        ("2005–06", "2005/06"),
        ("2005/2008", "2005/08"),
        ("1999/2000", "1999/00"),
        ("Quarter 1 2005/06", "2005/06 Q1"),
        ("H2 2005/06", "2005/06 H2"),
        ("summer 2005", "Summer 2005"),
        ("winter 2005/2006", "Winter 2005/06"),
        ("Nov/Dec 2005", "November 2005 to December 2005"),
        ("ongoing", "continuous"),
        ("April 2005 onwards", "from April 2005"),
        ("to be agreed", "TBC"),
    ];
    for (text, want) in cases {
        assert_eq!(canon(text), want, "{text}");
    }
}

#[test]
fn explanations_of_calendar_forms() {
    assert_explains(&[
        (
            "Summer 2005",
            "Summer 2005 — the season June–August 2005, due by 31 August 2005",
        ),
        (
            "Winter 2007/08",
            "Winter 2007/08 — the season December 2007–February 2008, due by 29 February 2008",
        ),
        (
            "April 2004",
            "April 2004 — the month April 2004, due by 30 April 2004",
        ),
        (
            "31/03/2006",
            "31/03/2006 — the day 31 March 2006, due that day",
        ),
    ]);
}

#[test]
fn explanations_of_financial_and_other_forms() {
    assert_explains(&[
        (
            "2005/06",
            "2005/06 — the financial year 2005/06 (April 2005–March 2006), due by 31 March 2006",
        ),
        (
            "2005/08",
            "2005/08 — the financial years 2005/06 to 2007/08 (April 2005–March 2008), due by 31 March 2008",
        ),
        (
            "Q3 2005/06",
            "Q3 2005/06 — quarter 3 of the financial year 2005/06 (October–December 2005), due by 31 December 2005",
        ),
        (
            "H1 2005/06",
            "H1 2005/06 — the first half of the financial year 2005/06 (April–September 2005), due by 30 September 2005",
        ),
        (
            "2004-Q2",
            "2004-Q2 — calendar quarter 2 of 2004 (April–June 2004), due by 30 June 2004",
        ),
        (
            "2004",
            "2004 — the calendar year 2004 (January–December 2004), due by 31 December 2004",
        ),
        (
            "Nov/Dec 2005",
            "Nov/Dec 2005 — the period November–December 2005, due by 31 December 2005",
        ),
        (
            "from April 2005",
            "from April 2005 — a standing commitment since 1 April 2005: never overdue, and it counts as dated",
        ),
        (
            "continuous",
            "continuous — a standing commitment: never overdue, and it counts as dated",
        ),
        (
            "TBC",
            "TBC — no date yet, said explicitly: not overdue, and plan check reports it as missing-date",
        ),
    ]);
    let explain = |t: &str| explain_written(t, &parse(t).expect(t));
    assert_eq!(
        explain("2 May 2005 to 3 June 2005"),
        "2 May 2005 to 3 June 2005 — the period 2 May 2005–3 June 2005, due by 3 June 2005"
    );
}

/// Each text, read with day-month order, is explained in these words.
fn assert_explains(cases: &[(&str, &str)]) {
    let dmy = Settings {
        date_order: Some(DateOrder::Dmy),
        ..uk()
    };
    for &(text, want) in cases {
        let period = parse_due(text, &dmy).expect(text);
        assert_eq!(explain_written(text, &period), want, "{text}");
    }
}

#[test]
fn days_from_parts() {
    assert_eq!(
        day_from_parts("2004-04-30", 2004, 4, 30),
        Ok(Period::Day(day(2004, 4, 30)))
    );
    assert!(matches!(
        day_from_parts("2005-02-29", 2005, 2, 29),
        Err(DateError::NoSuchDay { days: 28, .. })
    ));
    assert!(matches!(
        day_from_parts("1800-01-01", 1800, 1, 1),
        Err(DateError::BadYear { .. })
    ));
}

#[test]
fn command_line_days() {
    assert_eq!(parse_day("2004-04-30"), Ok(day(2004, 4, 30)));
    assert!(matches!(
        parse_day("2004-02-30"),
        Err(DateError::NoSuchDay { .. })
    ));
    for bad in ["30/04/2004", "2004-4-30", "April 2004", "", "20044-04-30"] {
        let err = parse_day(bad).expect_err(bad);
        assert!(err.to_string().contains("YYYY-MM-DD"), "{bad}: {err}");
    }
}

#[test]
fn horizons() {
    let h = |s: &str| s.parse::<Horizon>();
    assert_eq!(h("30d"), Ok(Horizon::Days(30)));
    assert_eq!(h("8w"), Ok(Horizon::Weeks(8)));
    assert_eq!(h("3m"), Ok(Horizon::Months(3)));
    assert_eq!(h("30 days"), Ok(Horizon::Days(30)));
    assert_eq!(h("8 weeks"), Ok(Horizon::Weeks(8)));
    assert_eq!(h("3 months"), Ok(Horizon::Months(3)));
    assert_eq!(h("1 month"), Ok(Horizon::Months(1)));
    for bad in ["", "m", "3y", "-3m", "99999999999999d", "3 fortnights"] {
        let err = h(bad).expect_err(bad);
        assert!(err.to_string().contains(&format!("\"{bad}\"")), "{bad}");
    }
    assert_eq!(Horizon::Days(30).to_string(), "30d");
    assert_eq!(Horizon::Weeks(8).to_string(), "8w");
    assert_eq!(Horizon::Months(3).to_string(), "3m");
    assert_eq!(
        Horizon::Months(1).last_day_from(day(2004, 1, 31)),
        day(2004, 2, 29)
    );
    assert_eq!(
        Horizon::Days(30).last_day_from(day(2004, 4, 1)),
        day(2004, 5, 1)
    );
    assert_eq!(
        Horizon::Weeks(1).last_day_from(day(2004, 4, 1)),
        day(2004, 4, 8)
    );
    assert_eq!(
        Horizon::Months(u32::MAX).last_day_from(day(2004, 4, 1)),
        NaiveDate::MAX
    );
}

#[test]
fn kinds() {
    let kind = |t: &str| parse(t).expect(t).kind();
    assert_eq!(kind("2004-04-30"), "day");
    assert_eq!(kind("2004-04"), "month");
    assert_eq!(kind("2004-Q2"), "quarter");
    assert_eq!(kind("2004"), "year");
    assert_eq!(kind("2005/06"), "financial year");
    assert_eq!(kind("2005/06 Q1"), "financial quarter");
    assert_eq!(kind("H1 2005/06"), "financial half");
    assert_eq!(kind("Summer 2005"), "season");
    assert_eq!(kind("Nov/Dec 2005"), "range");
    assert_eq!(kind("from 2005"), "continuous from");
    assert_eq!(kind("TBC"), "undated");
}

#[test]
fn recurring_periods_are_named_as_plans_write_them() {
    use crate::recurring::{Frequency, Recurrence};
    let named = |frequency, start_month, y, m, d| {
        let recurrence = Recurrence {
            frequency,
            start_month,
        };
        let span = recurrence.period_of(NaiveDate::from_ymd_opt(y, m, d).unwrap());
        Period::of_recurrence(&recurrence, span).to_string()
    };
    assert_eq!(named(Frequency::Quarterly, 1, 2025, 8, 1), "2025-Q3");
    assert_eq!(named(Frequency::Monthly, 4, 2025, 9, 9), "September 2025");
    assert_eq!(named(Frequency::Quarterly, 4, 2025, 8, 1), "2025/26 Q2");
    assert_eq!(named(Frequency::Quarterly, 4, 2026, 2, 1), "2025/26 Q4");
    assert_eq!(named(Frequency::Annually, 4, 2025, 5, 1), "2025/26");
    assert_eq!(named(Frequency::Annually, 1, 2025, 9, 9), "2025");
}

/// The hand-written long date says what chrono's pattern says, for every day of four
/// centuries and at the edges of the years chrono can hold.
#[test]
fn short_date_matches_chrono() {
    let chrono = |day: NaiveDate| day.format("%-d %b %Y").to_string();
    let mut day = NaiveDate::from_ymd_opt(1800, 1, 1).unwrap();
    while day.year() < 2200 {
        assert_eq!(short_date(day), chrono(day));
        day = day.succ_opt().unwrap();
    }
    for day in [
        NaiveDate::MIN,
        NaiveDate::MAX,
        NaiveDate::from_ymd_opt(0, 1, 1).unwrap(),
        NaiveDate::from_ymd_opt(-1, 12, 31).unwrap(),
        NaiveDate::from_ymd_opt(9, 3, 4).unwrap(),
        NaiveDate::from_ymd_opt(9999, 12, 31).unwrap(),
        NaiveDate::from_ymd_opt(10000, 1, 1).unwrap(),
    ] {
        assert_eq!(short_date(day), chrono(day));
    }
    assert_eq!(
        short_date(NaiveDate::from_ymd_opt(2004, 5, 1).unwrap()),
        "1 May 2004"
    );
}
