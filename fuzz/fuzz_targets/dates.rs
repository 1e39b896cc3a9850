//! The due-date parser on arbitrary text: it must never panic, and whatever it accepts must
//! format to a canonical form that parses back to the same period.
#![no_main]

use libfuzzer_sys::fuzz_target;
use plan::dates::parse_due;

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let start_month = u32::from(first % 12) + 1;
    if let Ok(period) = parse_due(text, start_month) {
        let canonical = period.to_string();
        assert_eq!(
            parse_due(&canonical, start_month),
            Ok(period.clone()),
            "{text:?} → {canonical:?} does not parse back"
        );
        assert!(period.starts_on() <= period.due_by());
    }
    let _ = plan::dates::parse_day(text);
});
