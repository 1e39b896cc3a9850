//! Resolving what an action's file says about its progress: `done_on` and the
//! `[[action.update]]` entries (day, note, RAG, percent, reporting role).

use serde_spanned::Spanned;

use super::resolve::Resolver;
use crate::dates;
use crate::diag::{Diagnostic, Place, Rule};
use crate::model::{Rag, Update};
use crate::schema::UpdateEntry;
use crate::text::escape;

/// A day written as a TOML date or a `YYYY-MM-DD` string, or why it is not one.
pub(super) fn day_value(value: &toml::Value) -> Result<chrono::NaiveDate, String> {
    match value {
        toml::Value::String(text) => dates::parse_day(text).map_err(|e| e.to_string()),
        toml::Value::Datetime(datetime) => match (datetime.date, datetime.time) {
            (Some(date), None) => chrono::NaiveDate::from_ymd_opt(
                i32::from(date.year),
                u32::from(date.month),
                u32::from(date.day),
            )
            .ok_or_else(|| format!("\"{datetime}\" is not a day on the calendar")),
            _ => Err(format!("\"{datetime}\" is not a plain day")),
        },
        other => Err(format!("a {} is not a day", other.type_str())),
    }
}

impl Resolver<'_> {
    /// A day written as a TOML date or a `YYYY-MM-DD` string; `None` (reported) otherwise.
    pub(super) fn day(
        &mut self,
        value: &Spanned<toml::Value>,
        key: &str,
        id: &str,
    ) -> Option<chrono::NaiveDate> {
        let parsed = day_value(value.get_ref());
        parsed
            .map_err(|message| {
                self.report(
                    Diagnostic::new(Rule::BadDate, format!("bad {key} {message}"))
                        .at(self.file, value.span())
                        .id(id)
                        .help(format!("write {key} as a day: {key} = 2004-03-15")),
                );
            })
            .ok()
    }

    /// The updates that can be read, sorted by day (same-day ones in file order). An update
    /// with no readable day is reported and left out: it cannot be placed in time.
    pub(super) fn updates(&mut self, entries: Vec<Spanned<UpdateEntry>>, id: &str) -> Vec<Update> {
        let mut updates = Vec::with_capacity(entries.len());
        let mut previous: Option<chrono::NaiveDate> = None;
        for entry in entries {
            let place = Place {
                file: self.file,
                span: entry.span(),
            };
            let entry = entry.into_inner();
            let Some(date) = self.day(&entry.date, "update date", id) else {
                continue;
            };
            if let Some(before) = previous.filter(|&before| date < before) {
                self.report(
                    Diagnostic::new(
                        Rule::UpdateOrder,
                        format!("update of {date} comes after one of {before}; updates are kept oldest first"),
                    )
                    .at(self.file, entry.date.span())
                    .id(id)
                    .help("move this [[action.update]] above the later one (reports read them in date order either way)"),
                );
            }
            previous = Some(previous.map_or(date, |p| p.max(date)));
            updates.push(self.update(entry, date, place, id));
        }
        updates.sort_by_key(|u| u.date);
        updates
    }

    fn update(
        &mut self,
        entry: UpdateEntry,
        date: chrono::NaiveDate,
        place: Place,
        id: &str,
    ) -> Update {
        let note = match entry.note {
            Some(note) if !note.get_ref().trim().is_empty() => note.into_inner(),
            other => {
                let span = other.map_or_else(|| place.span.clone(), |n| n.span());
                self.report(
                    Diagnostic::new(
                        Rule::UpdateWithoutNote,
                        format!("the update of {date} has no note"),
                    )
                    .at(self.file, span)
                    .id(id)
                    .help("say what happened: note = \"Draft strategy to Cabinet in June\""),
                );
                String::new()
            }
        };
        Update {
            date,
            note,
            rag: entry.rag.and_then(|rag| self.rag(&rag, id)),
            percent: entry.percent.and_then(|p| self.percent(&p, id)),
            by: entry.by.and_then(|by| self.role(&by, id)),
            place,
        }
    }

    fn rag(&mut self, rag: &Spanned<String>, id: &str) -> Option<crate::model::Rag> {
        let found = Rag::from_word(rag.get_ref());
        if found.is_none() {
            self.report(
                Diagnostic::new(
                    Rule::BadRag,
                    format!("unknown RAG rating \"{}\"", escape(rag.get_ref())),
                )
                .at(self.file, rag.span())
                .id(id)
                .help("rag is one of: green, amber, red"),
            );
        }
        found
    }

    fn percent(&mut self, percent: &Spanned<i64>, id: &str) -> Option<u8> {
        let found = u8::try_from(*percent.get_ref()).ok().filter(|p| *p <= 100);
        if found.is_none() {
            self.report(
                Diagnostic::new(
                    Rule::BadPercent,
                    format!("percent must be 0 to 100, not {}", percent.get_ref()),
                )
                .at(self.file, percent.span())
                .id(id),
            );
        }
        found
    }

    /// The role an update is by, matched as owners are; unknown names are reported.
    pub(super) fn role(&mut self, by: &Spanned<String>, id: &str) -> Option<crate::roster::RoleId> {
        let found = self.roster.lookup(by.get_ref());
        if found.is_none() {
            self.report_unknown_owner(by, id);
        }
        found
    }
}
