//! The date contract (SPEC "Dates are periods"): one table row per written form, one per
//! ambiguity, and properties over every period and setting. By topic: [`forms`] read,
//! [`rejected`] forms and their messages, [`settings`], [`periods`] (what a period means and
//! how it is told), and [`properties`].

use super::*;

mod forms;
mod periods;
mod properties;
mod rejected;
mod settings;

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
