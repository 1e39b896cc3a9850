//! What the plan's date settings change: the order of numeric days, calendar or financial
//! quarters, the financial year's start month; and seasons, which no setting moves.

use super::*;

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
