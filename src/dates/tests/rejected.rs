//! Forms that are refused: each with the error that says why, quoting the text, with help;
//! every form with two readings; and how the messages read.

use super::*;

type Check = fn(&DateError) -> bool;

/// A form missing its year, several dates, free text, and days or months that do not exist.
#[test]
fn rejected_missing_several_or_impossible() {
    assert_rejects(vec![
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
    ]);
}

/// Misspelt, vague and status words.
#[test]
fn rejected_words() {
    assert_rejects(vec![
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
    ]);
}

/// Quarters, halves and years out of range; spans and ranges that run backwards.
#[test]
fn rejected_numbers_out_of_range() {
    assert_rejects(vec![
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
    ]);
}

/// Each text is refused with an error `check` accepts, which quotes the text and helps.
fn assert_rejects(cases: Vec<(&str, Check)>) {
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
