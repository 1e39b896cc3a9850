//! Committee reports (`plan report`): the status of every selected action as at a day, an
//! exception list, a roll-up by owner and the priority tree, as HTML, Markdown or CSV.
//!
//! [`status::status`] decides each action's status; [`view::Report`] works out every
//! number once; the writers ([`html`], [`markdown`], [`csv`]) only lay it out.

pub mod csv;
pub mod html;
pub mod markdown;
pub mod progress;
pub mod status;
pub mod view;
pub mod xlsx;

use chrono::NaiveDate;

use crate::text::plural;

pub use status::{Rag, ReportStatus, status};
pub use view::Report;

/// A day as people write it in a committee paper: "1 May 2004".
pub fn long_date(day: NaiveDate) -> String {
    day.format("%-d %b %Y").to_string()
}

/// "Due soon" explained, e.g. "due within 30 days (by 31 May 2004)".
pub fn window_text(report: &Report<'_>) -> String {
    let span = match report.window {
        crate::dates::Horizon::Days(n) => plural(n as usize, "day", "days"),
        crate::dates::Horizon::Weeks(n) => plural(n as usize, "week", "weeks"),
        crate::dates::Horizon::Months(n) => plural(n as usize, "month", "months"),
    };
    format!("due within {span} (by {})", long_date(report.window_end))
}
