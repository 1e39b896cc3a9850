//! `plan calendar`: the plan's due dates as an iCalendar feed (RFC 5545) that Outlook, Google
//! Calendar and phones subscribe to. One all-day event per open dated action, on its due-by
//! day — the day it becomes late the day after — so a member's calendar shows the deadline,
//! not the start of a period.
//!
//! The output is a pure function of the plan and the "as at" day: UIDs come from the action
//! id and the organisation, and DTSTAMP is the as-at day, so re-exporting updates events in
//! place instead of duplicating them, and two runs on the same day give the same bytes.

use chrono::{Days, NaiveDate};
use icalendar::{Calendar, Component as _, Event, EventLike as _, Property};

/// The feed's PRODID (RFC 5545 3.7.3): `plan` and its version, as `-//OWNER//PRODUCT//LANG`.
pub const PRODID: &str = concat!("-//plan//plan ", env!("CARGO_PKG_VERSION"), "//EN");

use crate::diag::SourceMap;
use crate::model::{ActionIdx, Plan};
use crate::roster::RoleId;
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

impl Feed {
    /// What is in the feed and what is not, so nobody takes the calendar for the whole plan.
    pub fn summary(&self) -> String {
        use crate::text::plural;
        let left = self.left_out;
        let mut parts = Vec::new();
        if left.continuous > 0 {
            parts.push(format!(
                "{} (continuous)",
                plural(left.continuous, "action", "actions")
            ));
        }
        if left.undated > 0 {
            parts.push(format!(
                "{} with no readable due date",
                plural(left.undated, "action", "actions")
            ));
        }
        if left.closed > 0 {
            parts.push(format!(
                "{} done or dropped",
                plural(left.closed, "action", "actions")
            ));
        }
        let events = plural(self.events, "event", "events");
        if parts.is_empty() {
            format!("calendar: {events}")
        } else {
            format!("calendar: {events}; left out: {}", parts.join(", "))
        }
    }
}

/// The feed's name: the plan's title, and the roles it is for when it is one owner's feed.
pub fn name(plan: &Plan, owners: &[RoleId]) -> String {
    let title = &plan.meta.title;
    if owners.is_empty() {
        return title.clone();
    }
    let names: Vec<&str> = owners.iter().map(|&r| plan.roster.name(r)).collect();
    format!("{title} — {}", names.join(", "))
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
    let domain = crate::ids::uid_domain(&plan.meta.organisation);
    let mut calendar = Calendar::empty();
    // The crate's defaults, with `plan` as the product (its default PRODID is its own name).
    calendar
        .append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("PRODID", PRODID))
        .append_property(Property::new("CALSCALE", "GREGORIAN"));
    // NAME (RFC 7986) and X-WR-CALNAME are TEXT, but the crate knows neither and writes them
    // as given, so they are escaped here: a plan title with `;`, `,` or a line break, or a
    // role with a comma in an owner's feed, is one name, not a list or a new content line.
    let name = escape_text(&clean(name));
    calendar
        .append_property(Property::new("NAME", &name))
        .append_property(Property::new("X-WR-CALNAME", &name));
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
    let mut description = vec![owners_text(&row.owners_shown())];
    description.extend([
        format!("Priority: {} ({})", row.priority.title, row.priority.id),
        format!("Status: {}", row.status.name()),
    ]);
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

/// The owners line(s) of an event's description. A role's name can hold a comma (the seed
/// plan has "Corporate Director, Cultural Services and Neighbourhood Renewal") or a semicolon,
/// so several owners are one to a line, not joined with a separator a name can contain.
fn owners_text<S: AsRef<str>>(owners: &[S]) -> String {
    let one_line = |name: &S| name.as_ref().replace(['\r', '\n'], " ");
    match owners {
        [] => "Owner: none named".to_owned(),
        [one] => format!("Owner: {}", one_line(one)),
        many => {
            let lines: Vec<String> = many.iter().map(|n| format!("- {}", one_line(n))).collect();
            format!("Owners:\n{}", lines.join("\n"))
        }
    }
}

/// Plan text is untrusted: the crate escapes `\`, `,`, `;` and LF in the text values it
/// knows, but a bare CR or another control character would end or corrupt the content line,
/// so line breaks become LF, a tab a space (calendars show the words apart, as the file does),
/// and other control characters are dropped; so are bidirectional controls, which would make a
/// calendar show an event's text reordered ("Trojan Source").
fn clean(text: &str) -> String {
    use crate::render::text::is_bidi_control;
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\t', " ")
        .chars()
        .filter(|&c| c == '\n' || !(c.is_control() || is_bidi_control(c)))
        .collect()
}

/// A TEXT value escaped as RFC 5545 3.3.11 says: `\`, `;`, `,` and line breaks (for the
/// properties the crate does not know to be text).
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | ';' | ',' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_makes_line_breaks_lf_tabs_spaces_and_drops_controls() {
        assert_eq!(clean("a\r\nb\rc\u{7}d\te"), "a\nb\ncd e");
    }

    #[test]
    fn text_escapes_backslash_semicolon_comma_and_line_breaks() {
        assert_eq!(escape_text("a\\b;c,d\ne"), "a\\\\b\\;c\\,d\\ne");
    }

    #[test]
    fn owners_are_one_to_a_line_when_there_are_several() {
        assert_eq!(owners_text::<&str>(&[]), "Owner: none named");
        assert_eq!(owners_text(&["Chief Executive"]), "Owner: Chief Executive");
        assert_eq!(
            owners_text(&["Director, Housing; Planning", "Chief\nExecutive"]),
            "Owners:\n- Director, Housing; Planning\n- Chief Executive"
        );
    }
}
