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

use crate::model::{Action, ActionIdx, Plan};

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

/// Builds the feed of `selected` actions (in plan order) as at `as_at`.
pub fn build(plan: &Plan, selected: &[ActionIdx], as_at: NaiveDate, name: &str) -> Feed {
    let domain = slug(&plan.meta.organisation);
    let mut calendar = Calendar::new();
    calendar.name(&clean(name));
    let mut left_out = LeftOut::default();
    let mut events = 0;
    for &idx in selected {
        let action = plan.action(idx);
        if !action.status.is_open() {
            left_out.closed += 1;
            continue;
        }
        match (&action.due.due, action.deadline(as_at)) {
            (_, Some(day)) => {
                calendar.push(event(plan, action, day, as_at, &domain));
                events += 1;
            }
            (Some(due), None) if due.period.is_continuous() => left_out.continuous += 1,
            _ => left_out.undated += 1,
        }
    }
    Feed {
        ics: calendar.done().to_string(),
        events,
        left_out,
    }
}

fn event(plan: &Plan, action: &Action, day: NaiveDate, as_at: NaiveDate, domain: &str) -> Event {
    let priority = plan.priority(action.priority);
    let owners = plan.owner_names(&action.owners);
    let mut description = vec![
        format!(
            "Owners: {}",
            if owners.is_empty() {
                "none named".to_owned()
            } else {
                owners.join(", ")
            }
        ),
        format!("Priority: {} ({})", priority.title, priority.id),
        format!("Status: {}", action.status.name()),
    ];
    if let Some(due) = &action.due.due {
        description.push(format!("Due: {} (due by {})", due.written, day));
    }
    if let Some(note) = &action.due.note {
        description.push(format!("Note: {note}"));
    }
    let stamp = as_at
        .and_hms_opt(0, 0, 0)
        .expect("midnight exists")
        .and_utc();
    Event::new()
        .uid(&format!("{}@{domain}", action.id))
        .summary(&clean(&action.title))
        .description(&clean(&description.join("\n")))
        .starts(day)
        // DTEND is exclusive (RFC 5545 3.6.1): the event covers exactly the due-by day.
        .ends(day.checked_add_days(Days::new(1)).unwrap_or(day))
        .timestamp(stamp)
        .done()
}

/// Plan text is untrusted: the crate escapes `\`, `,`, `;` and LF in text values, but a bare
/// CR or another control character would end or corrupt the content line, so line breaks
/// become LF and other control characters are dropped.
fn clean(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|&c| c == '\n' || !c.is_control())
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
