//! The date contract (SPEC "Dates are periods"): one table row per written form, one per
//! ambiguity, and properties over every period and setting.

use super::*;
use proptest::prelude::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

fn uk() -> Settings {
    Settings::default()
}

fn parse(text: &str) -> Result<Period, DateError> {
    parse_due(text, &uk())
}

fn month(year: i32, month: u32) -> Period {
    Period::Month { year, month }
}

fn quarter(year: i32, quarter: u32) -> Period {
    Period::Quarter { year, quarter }
}

fn fy(first: i32, last: i32) -> Period {
    Period::FinancialYear {
        first,
        last,
        start_month: 4,
    }
}

fn fq(first: i32, quarter: u32) -> Period {
    Period::FinancialQuarter {
        first,
        quarter,
        start_month: 4,
    }
}

fn fh(first: i32, half: u32) -> Period {
    Period::FinancialHalf {
        first,
        half,
        start_month: 4,
    }
}

fn season(year: i32, season: Season) -> Period {
    Period::Season { year, season }
}

fn range(from: Period, to: Period) -> Period {
    Period::Range {
        from: Box::new(from),
        to: Box::new(to),
    }
}

fn since(from: Period) -> Period {
    Period::Since(Box::new(from))
}

/// Every row of both SPEC tables, and the variants officers write, under default settings.
#[test]
fn accepted_forms() {
    let d = |y, m, dd| Period::Day(day(y, m, dd));
    let cases: Vec<(&str, Period, Option<NaiveDate>)> = vec![
        // A day.
        ("2004-04-30", d(2004, 4, 30), Some(day(2004, 4, 30))),
        ("31 March 2006", d(2006, 3, 31), Some(day(2006, 3, 31))),
        ("31st March 2006", d(2006, 3, 31), Some(day(2006, 3, 31))),
        ("31 Mar 06", d(2006, 3, 31), Some(day(2006, 3, 31))),
        ("March 31 2006", d(2006, 3, 31), Some(day(2006, 3, 31))),
        ("1st Sept 2005", d(2005, 9, 1), Some(day(2005, 9, 1))),
        // A month.
        ("2004-04", month(2004, 4), Some(day(2004, 4, 30))),
        ("April 2004", month(2004, 4), Some(day(2004, 4, 30))),
        ("Apr 2004", month(2004, 4), Some(day(2004, 4, 30))),
        ("Apr. 2004", month(2004, 4), Some(day(2004, 4, 30))),
        ("april, 2004", month(2004, 4), Some(day(2004, 4, 30))),
        ("  APRIL    2004 ", month(2004, 4), Some(day(2004, 4, 30))),
        ("Sept 2005", month(2005, 9), Some(day(2005, 9, 30))),
        ("Dec 05", month(2005, 12), Some(day(2005, 12, 31))),
        ("Mar-06", month(2006, 3), Some(day(2006, 3, 31))),
        ("Mar-2006", month(2006, 3), Some(day(2006, 3, 31))),
        ("March 06", month(2006, 3), Some(day(2006, 3, 31))),
        ("March '06", month(2006, 3), Some(day(2006, 3, 31))),
        ("March ’06", month(2006, 3), Some(day(2006, 3, 31))),
        ("2004-02", month(2004, 2), Some(day(2004, 2, 29))),
        // Calendar quarters and years.
        ("2004-Q2", quarter(2004, 2), Some(day(2004, 6, 30))),
        ("Q2 2005", quarter(2005, 2), Some(day(2005, 6, 30))),
        ("2004 Q2", quarter(2004, 2), Some(day(2004, 6, 30))),
        ("Quarter 2 2005", quarter(2005, 2), Some(day(2005, 6, 30))),
        ("2004", Period::Year(2004), Some(day(2004, 12, 31))),
        ("end 2005", Period::Year(2005), Some(day(2005, 12, 31))),
        // Financial years.
        ("2005/06", fy(2005, 2006), Some(day(2006, 3, 31))),
        ("FY2005/06", fy(2005, 2006), Some(day(2006, 3, 31))),
        ("FY 2005/06", fy(2005, 2006), Some(day(2006, 3, 31))),
        ("2005/2006", fy(2005, 2006), Some(day(2006, 3, 31))),
        ("2005-2006", fy(2005, 2006), Some(day(2006, 3, 31))),
        ("2024-25", fy(2024, 2025), Some(day(2025, 3, 31))),
        ("2012-13", fy(2012, 2013), Some(day(2013, 3, 31))),
        ("2005–06", fy(2005, 2006), Some(day(2006, 3, 31))),
        ("2005—06", fy(2005, 2006), Some(day(2006, 3, 31))),
        ("1999/00", fy(1999, 2000), Some(day(2000, 3, 31))),
        ("1999-00", fy(1999, 2000), Some(day(2000, 3, 31))),
        ("2005/08", fy(2005, 2008), Some(day(2008, 3, 31))),
        ("2005/07", fy(2005, 2007), Some(day(2007, 3, 31))),
        ("Year end 2005/06", fy(2005, 2006), Some(day(2006, 3, 31))),
        ("By end 2005/06", fy(2005, 2006), Some(day(2006, 3, 31))),
        (
            "by the end of 2005/06",
            fy(2005, 2006),
            Some(day(2006, 3, 31)),
        ),
        // Financial quarters and halves.
        ("2005/06 Q1", fq(2005, 1), Some(day(2005, 6, 30))),
        ("Q1 2005/06", fq(2005, 1), Some(day(2005, 6, 30))),
        ("2005/06 Q3", fq(2005, 3), Some(day(2005, 12, 31))),
        ("2005/06 Q4", fq(2005, 4), Some(day(2006, 3, 31))),
        ("Quarter 3 2005/06", fq(2005, 3), Some(day(2005, 12, 31))),
        ("1st Quarter 2005/06", fq(2005, 1), Some(day(2005, 6, 30))),
        (
            "3rd quarter of 2005/06",
            fq(2005, 3),
            Some(day(2005, 12, 31)),
        ),
        ("H1 2005/06", fh(2005, 1), Some(day(2005, 9, 30))),
        ("H2 2005/06", fh(2005, 2), Some(day(2006, 3, 31))),
        ("2005/06 H2", fh(2005, 2), Some(day(2006, 3, 31))),
        // Seasons.
        (
            "Spring 2005",
            season(2005, Season::Spring),
            Some(day(2005, 5, 31)),
        ),
        (
            "Summer 2005",
            season(2005, Season::Summer),
            Some(day(2005, 8, 31)),
        ),
        (
            "Autumn 2005",
            season(2005, Season::Autumn),
            Some(day(2005, 11, 30)),
        ),
        (
            "Fall 2005",
            season(2005, Season::Autumn),
            Some(day(2005, 11, 30)),
        ),
        (
            "Winter 2005/06",
            season(2005, Season::Winter),
            Some(day(2006, 2, 28)),
        ),
        (
            "Winter 2007/08",
            season(2007, Season::Winter),
            Some(day(2008, 2, 29)),
        ),
        // Ranges.
        (
            "Nov/Dec 2005",
            range(month(2005, 11), month(2005, 12)),
            Some(day(2005, 12, 31)),
        ),
        (
            "Nov-Dec 2005",
            range(month(2005, 11), month(2005, 12)),
            Some(day(2005, 12, 31)),
        ),
        (
            "December 2004/ January 2005",
            range(month(2004, 12), month(2005, 1)),
            Some(day(2005, 1, 31)),
        ),
        (
            "December 2004/January 2005",
            range(month(2004, 12), month(2005, 1)),
            Some(day(2005, 1, 31)),
        ),
        (
            "April - June 2005",
            range(month(2005, 4), month(2005, 6)),
            Some(day(2005, 6, 30)),
        ),
        (
            "April – June 2005",
            range(month(2005, 4), month(2005, 6)),
            Some(day(2005, 6, 30)),
        ),
        (
            "November 2005 to March 2006",
            range(month(2005, 11), month(2006, 3)),
            Some(day(2006, 3, 31)),
        ),
        (
            "2004-04 to 2004-06",
            range(month(2004, 4), month(2004, 6)),
            Some(day(2004, 6, 30)),
        ),
        (
            "from April 2005 to March 2006",
            range(month(2005, 4), month(2006, 3)),
            Some(day(2006, 3, 31)),
        ),
        // Prefixes.
        ("by April 2004", month(2004, 4), Some(day(2004, 4, 30))),
        ("end of March 2006", month(2006, 3), Some(day(2006, 3, 31))),
        ("End March 2006", month(2006, 3), Some(day(2006, 3, 31))),
        (
            "by end of March 2006",
            month(2006, 3),
            Some(day(2006, 3, 31)),
        ),
        (
            "by the end of March 2006",
            month(2006, 3),
            Some(day(2006, 3, 31)),
        ),
        ("by end Q2 2005", quarter(2005, 2), Some(day(2005, 6, 30))),
        // Standing commitments.
        ("continuous", Period::Continuous, None),
        ("Ongoing", Period::Continuous, None),
        ("CONTINUOUS", Period::Continuous, None),
        ("from April 2005", since(month(2005, 4)), None),
        ("From April 2005", since(month(2005, 4)), None),
        ("April 2005 onwards", since(month(2005, 4)), None),
        ("from April 2005 onwards", since(month(2005, 4)), None),
        ("ongoing from 2005/06", since(fy(2005, 2006)), None),
        // No date yet, said explicitly.
        ("TBC", Period::Undated, None),
        ("tba", Period::Undated, None),
        ("To be confirmed", Period::Undated, None),
        ("to be agreed", Period::Undated, None),
    ];
    for (text, want, due) in cases {
        let got = parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(got, want, "{text}");
        assert_eq!(got.due_by(), due, "{text}");
    }
}

#[test]
fn rejected_forms() {
    type Check = fn(&DateError) -> bool;
    let cases: Vec<(&str, Check)> = vec![
        ("April", |e| matches!(e, DateError::MonthNeedsYear { .. })),
        ("Summer", |e| matches!(e, DateError::SeasonNeedsYear { .. })),
        ("April 2003 April 2004 2005/06", |e| {
            matches!(e, DateError::SeveralDates { .. })
        }),
        ("April 2004 2005", |e| {
            matches!(e, DateError::SeveralDates { .. })
        }),
        ("April 2003, April 2004", |e| {
            matches!(e, DateError::SeveralDates { .. })
        }),
        ("October 2004 (Date of next Residents Survey)", |e| {
            matches!(e, DateError::FreeText { .. })
        }),
        ("2004-02-30", |e| {
            matches!(e, DateError::NoSuchDay { days: 29, .. })
        }),
        ("30 February 2004", |e| {
            matches!(e, DateError::NoSuchDay { days: 29, .. })
        }),
        ("32 March 2005", |e| {
            matches!(e, DateError::NoSuchDay { days: 31, .. })
        }),
        ("29 February 2005", |e| {
            matches!(e, DateError::NoSuchDay { days: 28, .. })
        }),
        ("2004-13", |e| {
            matches!(e, DateError::NoSuchMonth { month: 13, .. })
        }),
        ("2024-26", |e| {
            matches!(e, DateError::NoSuchMonth { month: 26, .. })
        }),
        (
            "Febuary 2005",
            |e| matches!(e, DateError::UnknownWord { suggestion: Some(s), .. } if s == "February"),
        ),
        (
            "Apirl 2004",
            |e| matches!(e, DateError::UnknownWord { suggestion: Some(s), .. } if s == "April"),
        ),
        (
            "Sumer 2005",
            |e| matches!(e, DateError::UnknownWord { suggestion: Some(s), .. } if s == "Summer"),
        ),
        ("xyzzy 2005", |e| {
            matches!(
                e,
                DateError::UnknownWord {
                    suggestion: None,
                    ..
                }
            )
        }),
        ("early 2005", |e| matches!(e, DateError::Vague { .. })),
        ("mid-2005", |e| matches!(e, DateError::Vague { .. })),
        ("Late March 2006", |e| matches!(e, DateError::Vague { .. })),
        ("soon", |e| matches!(e, DateError::Vague { .. })),
        ("Completed", |e| {
            matches!(e, DateError::StatusWord { status: "done", .. })
        }),
        ("Completed March 2005", |e| {
            matches!(e, DateError::StatusWord { status: "done", .. })
        }),
        ("In progress", |e| {
            matches!(
                e,
                DateError::StatusWord {
                    status: "in-progress",
                    ..
                }
            )
        }),
        ("Withdrawn", |e| {
            matches!(
                e,
                DateError::StatusWord {
                    status: "dropped",
                    ..
                }
            )
        }),
        ("2005/04", |e| matches!(e, DateError::BackwardsSpan { .. })),
        ("2005/05", |e| matches!(e, DateError::BackwardsSpan { .. })),
        ("Q5 2004", |e| matches!(e, DateError::NoSuchQuarter { .. })),
        ("Quarter 5 2005/06", |e| {
            matches!(e, DateError::NoSuchQuarter { .. })
        }),
        ("H3 2005/06", |e| matches!(e, DateError::NoSuchHalf { .. })),
        ("H1 2005", |e| {
            matches!(e, DateError::HalfNeedsFinancialYear { .. })
        }),
        ("April 20044", |e| matches!(e, DateError::BadYear { .. })),
        ("April 1899", |e| matches!(e, DateError::BadYear { .. })),
        ("2201", |e| matches!(e, DateError::BadYear { .. })),
        ("2004-06 to 2004-04", |e| {
            matches!(e, DateError::BackwardsRange { .. })
        }),
        ("Nov/Jan 2006", |e| {
            matches!(e, DateError::BackwardsRange { .. })
        }),
        ("05/06", |e| matches!(e, DateError::TwoDigitYear { .. })),
        ("FY2005", |e| {
            matches!(e, DateError::AmbiguousFinancialYear { .. })
        }),
        ("2005/07 Q1", |e| {
            matches!(e, DateError::FinancialQuarterSpan { .. })
        }),
        ("by", |e| matches!(e, DateError::Unrecognised { .. })),
        ("99999999999999999999-01", |e| {
            matches!(e, DateError::BadYear { .. })
        }),
        ("continuous to 2005", |e| {
            matches!(e, DateError::Unrecognised { .. })
        }),
        ("from", |e| matches!(e, DateError::Unrecognised { .. })),
        ("Winter 2005/07", |e| {
            matches!(e, DateError::FinancialQuarterSpan { .. })
        }),
    ];
    for (text, check) in cases {
        let err = parse(text).expect_err(text);
        assert!(check(&err), "{text}: wrong error {err:?}");
        assert!(
            err.to_string().contains(&format!("\"{text}\"")),
            "{text}: {err}"
        );
        assert!(!err.help().is_empty());
    }
}

/// Every form with two readings, and the two readings each error names.
#[test]
fn two_readings_are_never_guessed() {
    let cases = [
        ("2005-06", "June 2005", "2005/06"),
        ("2005–06 to 2005-06", "June 2005", "2005/06"),
        ("2000-01", "January 2000", "2000/01"),
        ("2011-12", "December 2011", "2011/12"),
        ("1905-06", "June 1905", "1905/06"),
        ("Dec 15", "December 2015", "15 December YYYY"),
        ("Winter 2005", "Winter 2005/06", "Winter 2004/05"),
        ("04/05/2006", "2006-05-04", "2006-04-05"),
        ("4.5.06", "2006-05-04", "2006-04-05"),
    ];
    for (text, first, second) in cases {
        let err = parse(text).expect_err(text);
        let message = err.to_string();
        assert!(
            matches!(err, DateError::TwoReadings(_) | DateError::DayOrder(_)),
            "{text}: {err:?}"
        );
        assert!(
            message.contains(&format!("\"{first}\"")),
            "{text}: {message}"
        );
        assert!(
            message.contains(&format!("\"{second}\"")),
            "{text}: {message}"
        );
    }
}

/// `YYYY-YY` collides with `YYYY-MM` exactly when YY is the next year and also a month:
/// 2000–2011 in this century (and 1900–1911, 2100–2111).
#[test]
fn year_dash_collisions_are_exactly_the_month_years() {
    for year in 1990..=2030 {
        let next = (year + 1) % 100;
        let text = format!("{year}-{next:02}");
        let got = parse(&text);
        if (1..=12).contains(&next) {
            assert!(
                matches!(got, Err(DateError::TwoReadings(_))),
                "{text}: {got:?}"
            );
            assert!((2000..=2011).contains(&year), "{text}");
        } else {
            assert_eq!(got, Ok(fy(year, year + 1)), "{text}");
        }
    }
}

#[test]
fn messages_read_plainly() {
    let msg = |t: &str| parse(t).expect_err(t).to_string();
    assert_eq!(
        msg("2005-06"),
        "\"2005-06\" has two readings: June 2005, or the financial year 2005/06; write \"June 2005\" or \"2005/06\""
    );
    assert_eq!(
        msg("04/05/2006"),
        "\"04/05/2006\" has two readings: 4 May 2006 (day first, as in the UK), or 5 April 2006 (month first, as in the US); set date_order = \"dmy\" or \"mdy\" in plan.toml, or write \"2006-05-04\" or \"2006-04-05\""
    );
    assert_eq!(
        msg("31/03/2006"),
        "\"31/03/2006\": a numeric day needs date_order in plan.toml (it can only be 31 March 2006 here); set date_order = \"dmy\" or write 2006-03-31"
    );
    assert_eq!(
        msg("Apirl 2004"),
        "\"Apirl 2004\": \"Apirl\" is not a month or a word used in due dates; did you mean \"April\"?"
    );
    assert_eq!(
        msg("Completed"),
        "\"Completed\": this is a status, not a due date; set status = \"done\" and keep due for the date"
    );
    assert_eq!(
        msg("Winter 2005"),
        "\"Winter 2005\" has two readings: December 2005 to February 2006, or December 2004 to February 2005; write \"Winter 2005/06\" or \"Winter 2004/05\""
    );
    assert_eq!(
        msg("2004-02-30"),
        "\"2004-02-30\": February 2004 has 29 days"
    );
    assert_eq!(
        msg("April"),
        "\"April\": a month needs a year, e.g. \"April 2004\""
    );
    assert!(DateError::Empty.help().contains("docs/dates.md"));
}

#[test]
fn date_order_settles_numeric_days() {
    let dmy = Settings {
        date_order: Some(DateOrder::Dmy),
        ..uk()
    };
    let mdy = Settings {
        date_order: Some(DateOrder::Mdy),
        ..uk()
    };
    let d = |y, m, dd| Ok(Period::Day(day(y, m, dd)));
    assert_eq!(parse_due("31/03/2006", &dmy), d(2006, 3, 31));
    assert_eq!(parse_due("31.03.06", &dmy), d(2006, 3, 31));
    assert_eq!(parse_due("04/05/2006", &dmy), d(2006, 5, 4));
    assert_eq!(parse_due("04/05/2006", &mdy), d(2006, 4, 5));
    assert_eq!(parse_due("03/31/2006", &mdy), d(2006, 3, 31));
    assert_eq!(parse_due("31-03-2006", &dmy), d(2006, 3, 31));
    assert!(matches!(
        parse_due("03/31/2006", &dmy),
        Err(DateError::NoSuchMonth { month: 31, .. })
    ));
    assert!(matches!(
        parse_due("31/02/2006", &dmy),
        Err(DateError::NoSuchDay { days: 28, .. })
    ));
    assert_eq!(
        parse_due("1/4/2005 to 30/6/2005", &dmy),
        Ok(range(
            Period::Day(day(2005, 4, 1)),
            Period::Day(day(2005, 6, 30))
        ))
    );
    assert!(matches!(
        parse("03/31/2006"),
        Err(DateError::NeedsDateOrder { order: "mdy", .. })
    ));
}

#[test]
fn financial_quarters_setting() {
    let financial = Settings {
        quarters: Quarters::Financial,
        ..uk()
    };
    assert_eq!(parse_due("Q1 2005", &financial), Ok(fq(2005, 1)));
    assert_eq!(parse_due("2005-Q3", &financial), Ok(fq(2005, 3)));
    assert_eq!(parse_due("Quarter 4 2005", &financial), Ok(fq(2005, 4)));
    assert_eq!(
        parse_due("Q1 2005", &financial)
            .ok()
            .and_then(|p| p.due_by()),
        Some(day(2005, 6, 30))
    );
    assert_eq!(
        parse_due("Q4 2005", &financial)
            .ok()
            .and_then(|p| p.due_by()),
        Some(day(2006, 3, 31))
    );
    // Forms the setting does not govern read the same.
    assert_eq!(parse_due("2005/06 Q1", &financial), Ok(fq(2005, 1)));
    assert_eq!(parse_due("April 2005", &financial), Ok(month(2005, 4)));
}

#[test]
fn seasons_end_with_the_calendar() {
    let due = |t: &str| parse(t).ok().and_then(|p| p.due_by());
    let starts = |t: &str| parse(t).ok().and_then(|p| p.starts_on());
    assert_eq!(starts("Winter 2005/06"), Some(day(2005, 12, 1)));
    assert_eq!(due("Winter 2005/06"), Some(day(2006, 2, 28)));
    assert_eq!(due("Winter 2007/08"), Some(day(2008, 2, 29)));
    assert_eq!(due("Winter 1999/00"), Some(day(2000, 2, 29)));
    assert_eq!(due("Winter 1899/00"), None);
    assert_eq!(due("Spring 2005"), Some(day(2005, 5, 31)));
    assert_eq!(starts("Spring 2005"), Some(day(2005, 3, 1)));
}

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
fn month_is_past_only_after_its_last_day() {
    let p = parse("April 2004").expect("month");
    assert!(!p.is_past_on(day(2004, 4, 15)));
    assert!(!p.is_past_on(day(2004, 4, 30)));
    assert!(p.is_past_on(day(2004, 5, 1)));
}

#[test]
fn financial_years_follow_the_start_month() {
    let due = |t: &str, fy_start| {
        parse_due(t, &Settings { fy_start, ..uk() })
            .ok()
            .and_then(|p| p.due_by())
    };
    assert_eq!(due("2005/06", 4), Some(day(2006, 3, 31)));
    assert_eq!(due("2005/06", 7), Some(day(2006, 6, 30)));
    assert_eq!(due("2005/06 Q1", 4), Some(day(2005, 6, 30)));
    assert_eq!(due("2005/06 Q4", 4), Some(day(2006, 3, 31)));
    assert_eq!(due("2005/06 Q1", 7), Some(day(2005, 9, 30)));
    assert_eq!(due("H1 2005/06", 7), Some(day(2005, 12, 31)));
    assert!(matches!(
        parse_due(
            "2005/06",
            &Settings {
                fy_start: 13,
                ..uk()
            }
        ),
        Err(DateError::BadStartMonth { .. })
    ));
}

#[test]
fn standing_and_undated_are_never_past() {
    for text in ["continuous", "from April 2005", "April 2005 onwards", "TBC"] {
        let p = parse(text).expect(text);
        assert!(!p.is_past_on(NaiveDate::MAX), "{text}");
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
fn explanations() {
    let explain = |t: &str| explain_written(t, &parse(t).expect(t));
    let cases = [
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
    ];
    let dmy = Settings {
        date_order: Some(DateOrder::Dmy),
        ..uk()
    };
    for (text, want) in cases {
        let period = parse_due(text, &dmy).expect(text);
        assert_eq!(explain_written(text, &period), want, "{text}");
    }
    assert_eq!(
        explain("2 May 2005 to 3 June 2005"),
        "2 May 2005 to 3 June 2005 — the period 2 May 2005–3 June 2005, due by 3 June 2005"
    );
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

    #[test]
    fn lateness_is_monotonic((_s, p) in with_settings(), a in 0u64..120_000, b in 0u64..120_000) {
        let base = day(1900, 1, 1);
        let (a, b) = (a.min(b), a.max(b));
        let early = base.checked_add_days(chrono::Days::new(a)).expect("in range");
        let late = base.checked_add_days(chrono::Days::new(b)).expect("in range");
        prop_assert!(!p.is_past_on(early) || p.is_past_on(late));
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
