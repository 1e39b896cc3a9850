//! `plan calendar`: the feed parsed back with the icalendar crate's own parser (standing in
//! for the calendar apps that subscribe to it: Outlook, Google Calendar, phones), and read
//! line by line as a strict RFC 5545 reader does (standing in for python's vobject in strict
//! mode, which cut a calendar name at its first unescaped comma).

mod common;

use std::str::FromStr as _;

use chrono::NaiveDate;
use common::{TestPlan, seed, stderr_of, stdout};
use icalendar::{Calendar, Component as _, DatePerhapsTime};

/// (uid, start day, summary) of every event, in feed order.
fn events(ics: &str) -> Vec<(String, NaiveDate, String)> {
    let calendar = Calendar::from_str(ics).expect("the feed parses as iCalendar");
    calendar
        .components
        .iter()
        .filter_map(|c| c.as_event())
        .map(|event| {
            let start = match event.get_start() {
                Some(DatePerhapsTime::Date(day)) => day,
                other => panic!("not an all-day event: {other:?}"),
            };
            (
                event.get_uid().unwrap().to_owned(),
                start,
                event.get_summary().unwrap().to_owned(),
            )
        })
        .collect()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn seed_feed_has_one_event_per_open_dated_action_on_its_due_by_day() {
    let ics = stdout(seed().args(["calendar", "--today", "2004-05-01"]));
    let events = events(&ics);
    // 61 actions: 37 CPA items and sd-1 have no date, si-3 is continuous.
    assert_eq!(events.len(), 22);
    let uids: Vec<&str> = events.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(uids[0], "pc-1@leicester-city-council");
    assert!(uids.contains(&"cc-1@leicester-city-council"));
    assert!(
        !uids
            .iter()
            .any(|u| u.starts_with("si-3@") || u.starts_with("sd-1@"))
    );
    let find = |id: &str| {
        events
            .iter()
            .find(|e| e.0.starts_with(&format!("{id}@")))
            .unwrap()
    };
    // "April 2003" is due by its last day; "2005/06" by 31 March 2006; "October 2004" by 31 Oct.
    assert_eq!(find("cc-1").1, day(2003, 4, 30));
    assert_eq!(find("pc-5").1, day(2006, 3, 31));
    assert_eq!(find("rpo-1").1, day(2004, 10, 31));
    assert_eq!(find("si-2").1, day(2005, 4, 30));
    assert_eq!(
        find("pc-1").2,
        "Increase the number of individuals, organisations and businesses committed to the plan."
    );
}

#[test]
fn all_day_events_end_the_next_day_and_describe_owners_priority_status() {
    let ics = stdout(seed().args(["calendar", "--today", "2004-05-01"]));
    let calendar = Calendar::from_str(&ics).unwrap();
    let event = calendar
        .components
        .iter()
        .filter_map(|c| c.as_event())
        .find(|e| e.get_uid() == Some("rn-1@leicester-city-council"))
        .unwrap();
    assert_eq!(
        event.get_end(),
        Some(DatePerhapsTime::Date(day(2004, 5, 1)))
    );
    assert_eq!(
        event.get_description().unwrap(),
        "Owners:\n- Corporate Director, Cultural Services and Neighbourhood Renewal\n- Assistant Chief Executive\nPriority: Revitalising Neighbourhoods (rn)\nStatus: planned\nDue: April 2004 (due by 2004-04-30)"
    );
}

#[test]
fn feed_is_the_same_bytes_on_every_run_of_the_same_day() {
    let first = stdout(seed().args(["calendar", "--today", "2004-05-01"]));
    let second = stdout(seed().args(["calendar", "--today", "2004-05-01"]));
    assert_eq!(first, second);
    // Another day changes only the stamp, never an event's identity or day.
    let later = stdout(seed().args(["calendar", "--today", "2005-01-01"]));
    assert_eq!(events(&first), events(&later));
    assert!(later.contains("DTSTAMP:20050101T000000Z"));
}

#[test]
fn left_out_actions_are_counted_on_stderr() {
    let (code, stderr) = stderr_of(seed().args(["calendar", "--today", "2004-05-01"]));
    assert_eq!(code, Some(0));
    assert_eq!(
        stderr,
        "calendar: 22 events; left out: 1 action (continuous), 38 actions with no readable due date\n"
    );
}

#[test]
fn owner_feed_has_only_that_roles_actions() {
    let director = "Corporate Director, Cultural Services and Neighbourhood Renewal";
    let ics = stdout(seed().args(["calendar", "--today", "2004-05-01", "--owner", director]));
    let uids: Vec<String> = events(&ics).into_iter().map(|e| e.0).collect();
    // The director's own row (rn), and through the Corporate Directors group rpo, si and bs
    // (si-3 is continuous: no event).
    let mut expected: Vec<String> = (1..=6)
        .map(|i| format!("rpo-{i}@leicester-city-council"))
        .collect();
    expected.extend((1..=6).map(|i| format!("rn-{i}@leicester-city-council")));
    expected
        .extend(["si-1", "si-2", "bs-1", "bs-2"].map(|id| format!("{id}@leicester-city-council")));
    let mut sorted = uids.clone();
    sorted.sort();
    expected.sort();
    assert_eq!(sorted, expected);
    let (code, stderr) = stderr_of(seed().args(["calendar", "--owner", "Nobody"]));
    assert_eq!(code, Some(2));
    assert!(stderr.contains("unknown owner \"Nobody\""), "{stderr}");
}

#[test]
fn done_actions_are_left_out_and_text_cannot_break_the_feed() {
    let plan = TestPlan::new();
    plan.write(
        "p.toml",
        "[priority]\nid = \"p\"\ntitle = \"P\"\nowners = [\"Chief Executive\"]\n\n[[action]]\nid = \"p-1\"\ntitle = \"Line one\\r\\nEND:VCALENDAR; a, b\"\ndue = \"2004-06\"\n\n[[action]]\nid = \"p-2\"\ntitle = \"Finished\"\ndue = \"2004-06\"\nstatus = \"done\"\n",
    );
    let out = plan.cmd().arg("calendar").output().unwrap();
    let ics = String::from_utf8(out.stdout).unwrap();
    let events = events(&ics);
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].0, "p-1@test-council");
    assert_eq!(events[0].2, "Line one\nEND:VCALENDAR; a, b");
    assert_eq!(
        ics.matches("END:VCALENDAR").count(),
        2,
        "one real, one escaped inside a value"
    );
    assert!(
        ics.lines()
            .filter(|l| l.starts_with("END:VCALENDAR"))
            .count()
            == 1
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "calendar: 1 event; left out: 1 action done or dropped\n"
    );
}

#[test]
fn output_file_never_inside_the_plan_folder() {
    let plan = TestPlan::new();
    let inside = plan.plan_dir().join("feed.ics");
    let (code, stderr) = stderr_of(plan.cmd().arg("calendar").arg("-o").arg(&inside));
    assert_eq!(code, Some(2));
    assert!(stderr.contains("refusing to write"), "{stderr}");
    assert!(!inside.exists());
    let outside = plan.root().join("feed.ics");
    let (code, _) = stderr_of(plan.cmd().arg("calendar").arg("-o").arg(&outside));
    assert_eq!(code, Some(0));
    assert!(
        std::fs::read_to_string(outside)
            .unwrap()
            .starts_with("BEGIN:VCALENDAR")
    );
}

/// The feed's content lines, unfolded (RFC 5545 3.1): a line starting with a space continues
/// the one before.
fn unfolded(ics: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for line in ics.split("\r\n") {
        match line.strip_prefix(' ') {
            Some(rest) => lines.last_mut().unwrap().push_str(rest),
            None => lines.push(line.to_owned()),
        }
    }
    lines
}

/// A TEXT value as a strict reader takes it: `\\`, `\;`, `\,`, `\n` are escapes, and an
/// unescaped `,` or `;` is where the value ends (vobject strict keeps only what comes before).
fn strict_text(value: &str) -> String {
    let mut out = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(e @ ('\\' | ';' | ',')) => out.push(e),
                other => panic!("unknown escape \\{other:?} in {value:?}"),
            },
            ',' | ';' => panic!("unescaped {c:?} in a TEXT value: {value:?}"),
            c if c.is_control() => panic!("control character {c:?} in {value:?}"),
            c => out.push(c),
        }
    }
    out
}

/// The value of the one property `key` (no parameters) in the calendar's or an event's lines.
fn text_property(lines: &[String], key: &str) -> Vec<String> {
    lines
        .iter()
        .filter_map(|l| l.strip_prefix(&format!("{key}:")))
        .map(strict_text)
        .collect()
}

/// A plan title with `;`, `,`, a backslash and a line break, and roles with commas: the calendar
/// name (NAME, X-WR-CALNAME) and every event text come back whole in a strict reader, tabs are
/// spaces, and the feed names `plan` as its producer.
#[test]
fn every_text_property_is_escaped_names_included() {
    let plan = TestPlan::new();
    plan.write(
        "plan.toml",
        "title = \"Plan; 2004, \\\\ review\\nsecond line\"\norganisation = \"Test Council\"\n",
    );
    plan.write(
        "owners.toml",
        "[[role]]\nname = \"Director of Housing, Planning; Regeneration\"\n\n[[role]]\nname = \"Chief Executive\"\n",
    );
    plan.write(
        "p.toml",
        "[priority]\nid = \"p\"\ntitle = \"P, and Q\"\nowners = [\"Director of Housing, Planning; Regeneration\", \"Chief Executive\"]\n\n[[action]]\nid = \"p-1\"\ntitle = \"Build\\thomes; review, report\"\ndue = \"2004-06\"\n",
    );
    let ics = stdout(plan.cmd().arg("calendar"));
    let lines = unfolded(&ics);
    let title = "Plan; 2004, \\ review\nsecond line";
    assert_eq!(text_property(&lines, "NAME"), [title]);
    assert_eq!(text_property(&lines, "X-WR-CALNAME"), [title]);
    assert_eq!(
        text_property(&lines, "PRODID"),
        [format!("-//plan//plan {}//EN", env!("CARGO_PKG_VERSION"))]
    );
    assert_eq!(
        text_property(&lines, "SUMMARY"),
        ["Build homes; review, report"]
    );
    assert_eq!(
        text_property(&lines, "DESCRIPTION"),
        [
            "Owners:\n- Director of Housing, Planning; Regeneration\n- Chief Executive\nPriority: P, and Q (p)\nStatus: planned\nDue: 2004-06 (due by 2004-06-30)"
        ]
    );
    // (The icalendar crate's parser returns NAME still escaped: it does not know NAME is
    // TEXT, which is also why its writer did not escape it. The strict reader above does.)
    assert!(Calendar::from_str(&ics).is_ok());
    // An owner's feed is named after the plan and the role, escaped the same way.
    let owner = stdout(plan.cmd().args([
        "calendar",
        "--owner",
        "Director of Housing, Planning; Regeneration",
    ]));
    assert_eq!(
        text_property(&unfolded(&owner), "X-WR-CALNAME"),
        [format!(
            "{title} — Director of Housing, Planning; Regeneration"
        )]
    );
}
