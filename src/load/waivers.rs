//! Resolving an item's `[[action.waive]]` / `[[priority.waive]]` entries. A waiver that
//! cannot be honoured is a `bad-waiver` finding and is left out, so the finding it meant to
//! cover still shows; none of these block queries, since the plan itself reads fine.

use serde_spanned::Spanned;

use super::progress::day_value;
use super::resolve::Resolver;
use crate::diag::{Diagnostic, Place, Rule};
use crate::model::Waiver;
use crate::schema::WaiverEntry;

const WAIVABLE: &str =
    "missing-owner, missing-date, empty-priority, overdue, missing-target, late-data";

impl Resolver<'_> {
    /// An item's waivers that can be honoured; each one that cannot (unknown or unwaivable
    /// rule, no reason, bad `until`) is reported and left out.
    pub(super) fn waivers(&mut self, entries: &[Spanned<WaiverEntry>], id: &str) -> Vec<Waiver> {
        entries
            .iter()
            .filter_map(|entry| self.waiver(entry, id))
            .collect()
    }

    fn waiver(&mut self, entry: &Spanned<WaiverEntry>, id: &str) -> Option<Waiver> {
        let raw = entry.get_ref();
        let file = self.file;
        let missing = |key: &str, example: &str| {
            Diagnostic::new(Rule::BadWaiver, format!("a waiver needs a {key}"))
                .at(file, entry.span())
                .id(id)
                .help(format!("add {key} = {example}"))
        };
        let Some(name) = &raw.rule else {
            self.report(missing(
                "rule",
                &format!("\"missing-date\" (or {WAIVABLE})"),
            ));
            return None;
        };
        let rule = self.waivable(name, id)?;
        let reason = match &raw.reason {
            Some(reason) if !reason.get_ref().trim().is_empty() => reason.get_ref().clone(),
            Some(blank) => {
                let blank =
                    missing("reason", "\"The source gives no date\"").at(file, blank.span());
                self.report(blank);
                return None;
            }
            None => {
                self.report(missing("reason", "\"The source gives no date\""));
                return None;
            }
        };
        let until = match &raw.until {
            None => None,
            Some(until) => Some(self.until(until, id)?),
        };
        Some(Waiver {
            rule,
            reason,
            until,
            place: Place {
                file,
                span: entry.span(),
            },
        })
    }

    /// The rule a waiver names, if a waiver may name it (a completeness rule).
    fn waivable(&mut self, name: &Spanned<String>, id: &str) -> Option<Rule> {
        let diagnostic = match Rule::from_name(name.get_ref()) {
            Some(rule) if rule.is_completeness() => return Some(rule),
            Some(rule) => Diagnostic::new(
                Rule::BadWaiver,
                format!(
                    "rule \"{}\" cannot be waived: only completeness rules can",
                    rule.name()
                ),
            )
            .help(format!("waivable rules: {WAIVABLE}")),
            None => {
                let mut unknown = super::unknown_rule(name.get_ref());
                unknown.rule = Rule::BadWaiver;
                unknown
            }
        };
        self.report(diagnostic.at(self.file, name.span()).id(id));
        None
    }

    /// A waiver's last day: a TOML date or a "YYYY-MM-DD" string. A bad one is `bad-waiver`,
    /// not `bad-date`: no due date is unreadable because of it, so queries still answer.
    fn until(&mut self, until: &Spanned<toml::Value>, id: &str) -> Option<chrono::NaiveDate> {
        day_value(until.get_ref())
            .map_err(|message| {
                self.report(
                    Diagnostic::new(Rule::BadWaiver, format!("bad waiver end date {message}"))
                        .at(self.file, until.span())
                        .id(id)
                        .help("write the last day the waiver holds: until = 2004-09-30"),
                );
            })
            .ok()
    }
}
