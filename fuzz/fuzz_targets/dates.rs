//! The due-date parser on arbitrary text: it must never panic, and whatever it accepts must
//! format to a canonical form that parses back to the same period.
#![no_main]

use libfuzzer_sys::fuzz_target;
use plan::dates::{DateOrder, Quarters, Settings, parse_due};

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    // The first byte picks the plan's settings: start month, date order, quarters.
    let settings = Settings {
        fy_start: u32::from(first % 12) + 1,
        date_order: [None, Some(DateOrder::Dmy), Some(DateOrder::Mdy)]
            [usize::from(first / 12 % 3)],
        quarters: if first >= 128 {
            Quarters::Financial
        } else {
            Quarters::Calendar
        },
    };
    if let Ok(period) = parse_due(text, &settings) {
        let canonical = period.to_string();
        assert_eq!(
            parse_due(&canonical, &settings),
            Ok(period.clone()),
            "{text:?} → {canonical:?} does not parse back"
        );
        if let (Some(start), Some(end)) = (period.starts_on(), period.due_by()) {
            assert!(start <= end);
        }
    }
    let _ = plan::dates::parse_day(text);
});
