//! Every written form the SPEC tables accept, and the variants officers write, under
//! default settings: what each reads as, and its due-by day.

use super::*;

/// Days and months, as the SPEC tables write them and officers do.
#[test]
fn accepted_days_and_months() {
    let d = |y, m, dd| Period::Day(day(y, m, dd));
    assert_reads(vec![
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
    ]);
}

/// Calendar quarters and years, and financial years.
#[test]
fn accepted_quarters_and_years() {
    assert_reads(vec![
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
    ]);
}

/// Quarters and halves of a financial year, and seasons.
#[test]
fn accepted_financial_parts_and_seasons() {
    assert_reads(vec![
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
    ]);
}

/// Ranges of two forms, and a range's first part borrowing the year of its last.
#[test]
fn accepted_ranges() {
    assert_reads(vec![
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
    ]);
}

/// Prefixes ("by the end of"), standing commitments, and no date said explicitly.
#[test]
fn accepted_words() {
    assert_reads(vec![
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
        ("Continuing", Period::Continuous, None),
        ("on-going", Period::Continuous, None),
        ("Ongoing basis", Period::Continuous, None),
        ("On an on-going basis", Period::Continuous, None),
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
    ]);
}

/// Each text reads as the period, due by the day.
fn assert_reads(cases: Vec<(&str, Period, Option<NaiveDate>)>) {
    for (text, want, due) in cases {
        let got = parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(got, want, "{text}");
        assert_eq!(got.due_by(), due, "{text}");
    }
}
