//! `plan calendar`: the plan's due dates as an iCalendar feed (RFC 5545) that Outlook, Google
//! Calendar and phones subscribe to. One all-day event per open dated action, on its due-by
//! day — the day it becomes late the day after — so a member's calendar shows the deadline,
//! not the start of a period.
//!
//! The output is a pure function of the plan and the "as at" day: UIDs come from the action
//! id and the organisation, and DTSTAMP is the as-at day, so re-exporting updates events in
//! place instead of duplicating them, and two runs on the same day give the same bytes.

use chrono::{Days, NaiveDate};
use icalendar::{Calendar, Component as _, Event, EventLike as _};

use crate::diag::SourceMap;
use crate::model::{ActionIdx, Plan};
use crate::view::{ActionRow, AsAt};

/// Why an action has no event, counted for the note on stderr.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LeftOut {
    /// Open and continuous: a standing commitment has no deadline day.
    pub continuous: usize,
    /// Open with no due date, or one that could not be read.
    pub undated: usize,
    /// Done or dropped.
    pub closed: usize,
}

/// The feed, and what was left out of it.
#[derive(Clone, Debug)]
pub struct Feed {
    pub ics: String,
    pub events: usize,
    pub left_out: LeftOut,
}

/// Builds the feed of `selected` actions (in plan order) as at `as_at`, from the plan's one
/// view of each action ([`ActionRow`]), so the feed says what every other output says.
pub fn build(
    plan: &Plan,
    sources: &SourceMap,
    selected: &[ActionIdx],
    as_at: NaiveDate,
    name: &str,
) -> Feed {
    let domain = slug(&plan.meta.organisation);
    let mut calendar = Calendar::new();
    calendar.name(&clean(name));
    let mut left_out = LeftOut::default();
    let mut events = 0;
    for &idx in selected {
        let row = ActionRow::new(plan, sources, plan.action(idx), AsAt::on(as_at));
        if !row.status.is_open() {
            left_out.closed += 1;
            continue;
        }
        // The deadline as at the day asked about (a recurring action's next one).
        match row.due_by {
            Some(day) => {
                calendar.push(event(&row, day, as_at, &domain));
                events += 1;
            }
            None if row.standing => left_out.continuous += 1,
            None => left_out.undated += 1,
        }
    }
    Feed {
        ics: calendar.done().to_string(),
        events,
        left_out,
    }
}

fn event(row: &ActionRow<'_>, day: NaiveDate, as_at: NaiveDate, domain: &str) -> Event {
    let mut description = vec![
        format!(
            "Owners: {}",
            if row.owners.is_empty() && row.unknown_owners.is_empty() {
                "none named".to_owned()
            } else {
                row.owners_shown().join(", ")
            }
        ),
        format!("Priority: {} ({})", row.priority.title, row.priority.id),
        format!("Status: {}", row.status.name()),
    ];
    // Only a due date that was read (an event has a day, so it was).
    if let (Some(written), Some(_)) = (row.due_written, &row.due_canonical) {
        description.push(format!("Due: {written} (due by {day})"));
    }
    if let Some(note) = row.due_note {
        description.push(format!("Note: {note}"));
    }
    let stamp = as_at
        .and_hms_opt(0, 0, 0)
        .expect("midnight exists")
        .and_utc();
    Event::new()
        .uid(&format!("{}@{domain}", row.id))
        .summary(&clean(row.title))
        .description(&clean(&description.join("\n")))
        .starts(day)
        // DTEND is exclusive (RFC 5545 3.6.1): the event covers exactly the due-by day.
        .ends(day.checked_add_days(Days::new(1)).unwrap_or(day))
        .timestamp(stamp)
        .done()
}

/// Plan text is untrusted: the crate escapes `\`, `,`, `;` and LF in text values, but a bare
/// CR or another control character would end or corrupt the content line, so line breaks
/// become LF and other control characters are dropped; so are bidirectional controls, which
/// would make a calendar show an event's text reordered ("Trojan Source").
fn clean(text: &str) -> String {
    use crate::render::text::is_bidi_control;
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|&c| c == '\n' || !(c.is_control() || is_bidi_control(c)))
        .collect()
}

/// The right-hand side of a UID: the organisation's name in lower case, words joined by `-`
/// ("Leicester City Council" → `leicester-city-council`); `plan` when there is none.
pub fn slug(text: &str) -> String {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.is_empty() {
        "plan".to_owned()
    } else {
        words.join("-")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_keeps_letters_and_digits_only() {
        assert_eq!(slug("Leicester City Council"), "leicester-city-council");
        assert_eq!(slug("  St. Helens (MBC) 2024 "), "st-helens-mbc-2024");
        assert_eq!(slug("Ynys Môn"), "ynys-môn");
        assert_eq!(slug(" -- "), "plan");
    }

    #[test]
    fn clean_makes_line_breaks_lf_and_drops_controls() {
        assert_eq!(clean("a\r\nb\rc\u{7}d\te"), "a\nb\ncde");
    }
}
