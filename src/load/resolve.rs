//! What one file settles on its own, in the parallel step: owner names on the roster, due
//! dates, statuses and progress. Needs only the roster and the financial-year start.

use std::ops::Range;
use std::sync::Arc;

use rustc_hash::FxHashMap as HashMap;
use serde_spanned::Spanned;

use super::parse::RawFile;
use crate::dates::{self, DateError, Period};
use crate::diag::{Diagnostic, FileId, Place, Rule};
use crate::model::indicator::Indicator;
use crate::model::{
    Action, Due, EffectiveDue, Origin, Owners, PriorityIdx, Status, Unreadable, Waiver,
};
use crate::roster::{RoleId, Roster};
use crate::schema::{ActionEntry, PriorityEntry};
use crate::text::{self, Quote, escape, is_valid_id};

/// One priority file after what it can settle on its own (owner names, due dates, statuses),
/// which runs in the parallel step; ids, parents and inheritance need the whole plan.
#[derive(Clone)]
pub(super) struct FileEntries {
    pub(super) file: FileId,
    pub(super) priority: Spanned<PriorityEntry>,
    /// The priority's own owners and due date (`None` where it sets none).
    pub(super) owners: Option<Owners>,
    pub(super) due: Option<EffectiveDue>,
    /// The priority's own `start` (inherited in `link`).
    pub(super) start: Option<chrono::NaiveDate>,
    pub(super) waivers: Vec<Waiver>,
    /// Built once, here, with their own values; `link` fills in place what they inherit
    /// (their priority, and owners or a due date they do not set themselves: those are
    /// marked [`Origin::Missing`] until then). Building them once, rather than as drafts
    /// copied into actions later, is what keeps the loaded plan from being held twice.
    pub(super) actions: Vec<Action>,
    /// Where each action's `id` value is written, for id findings (`None`: it has no id).
    pub(super) id_spans: Vec<Option<IdSpan>>,
    /// Its indicators, built here like its actions (their priority and inherited owners
    /// are set by `link`), and where each one's `id` is written.
    pub(super) indicators: Vec<Indicator>,
    pub(super) indicator_id_spans: Vec<Option<IdSpan>>,
}

impl FileEntries {
    /// A copy with no actions, for a file whose actions the next version takes over as they
    /// are (see [`super::carry`]). Every field is named so a new one is not left out.
    pub(super) fn without_actions(&self) -> FileEntries {
        let FileEntries {
            file,
            priority,
            owners,
            due,
            start,
            waivers,
            actions: _,
            id_spans,
            indicators,
            indicator_id_spans,
        } = self;
        FileEntries {
            file: *file,
            priority: priority.clone(),
            owners: owners.clone(),
            due: due.clone(),
            start: *start,
            waivers: waivers.clone(),
            actions: Vec::new(),
            id_spans: id_spans.clone(),
            indicators: indicators.clone(),
            indicator_id_spans: indicator_id_spans.clone(),
        }
    }
}

/// A byte range in a file of at most [`super::MAX_FILE_BYTES`], in 8 bytes instead of 16.
#[derive(Clone, Copy, Debug)]
pub(super) struct IdSpan {
    start: u32,
    end: u32,
}

impl IdSpan {
    fn new(span: Range<usize>) -> Self {
        let at = |offset: usize| u32::try_from(offset).expect("plan files are under 4 GiB");
        IdSpan {
            start: at(span.start),
            end: at(span.end),
        }
    }

    /// The same place in a piece of text moved from byte `from` to byte `to` (the span lies
    /// after `from`).
    pub(super) fn moved(self, from: usize, to: usize) -> Self {
        let shift = |offset: u32| {
            u32::try_from(offset as usize - from + to).expect("plan files are under 4 GiB")
        };
        IdSpan {
            start: shift(self.start),
            end: shift(self.end),
        }
    }

    pub(super) fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// Due texts and owner names already resolved by one run of files on a loader thread (rayon's
/// `map_init` makes one per job it splits off): plans repeat "April 2004" and
/// "Corporate Directors" thousands of times. Due texts missing here are looked up in
/// [`SharedDues`] before being parsed.
#[derive(Default)]
pub(super) struct Caches {
    pub(super) dues: HashMap<String, Result<Arc<Due>, DateError>>,
    pub(super) roles: HashMap<String, Option<RoleId>>,
    /// Due dates written as TOML dates, by day.
    pub(super) days: HashMap<(u16, u8, u8), Arc<Due>>,
}

/// Due texts parsed by any loader thread. Rayon splits the files into several jobs, each with
/// its own [`Caches`], so without this every job parsed the plan's distinct due texts again:
/// 11k parses for 2.2k distinct texts at 100k actions (190 M instructions, callgrind).
/// Each distinct text's [`Due`] is made once here and shared by every action that writes it.
pub(super) type SharedDues = std::sync::Mutex<HashMap<String, Result<Arc<Due>, DateError>>>;

/// Settles what one file says on its own: owner names on the roster, due dates, statuses.
/// Needs only the roster and the financial-year start, so files are resolved in parallel.
pub(super) struct Resolver<'a> {
    pub(super) roster: &'a Roster,
    pub(super) date_settings: dates::Settings,
    pub(super) caches: &'a mut Caches,
    pub(super) shared_dues: &'a SharedDues,
    pub(super) file: FileId,
    pub(super) found: Vec<Diagnostic>,
    /// Unknown owner names met, by their finding's index in `found`: the "did you mean" help
    /// is added later, in file order, by [`OwnerHelp`] (bounded, and the same whatever the
    /// threads did).
    pub(super) unknown_names: Vec<(usize, String)>,
}

impl Resolver<'_> {
    pub(super) fn report(&mut self, diagnostic: Diagnostic) {
        self.found.push(diagnostic);
    }

    /// Reports a name not on the roster; its help comes later (see `unknown_names`).
    pub(super) fn report_unknown_owner(&mut self, name: &Spanned<String>, id: &str) {
        let finding = unknown_owner_finding(name.get_ref());
        self.unknown_names
            .push((self.found.len(), name.get_ref().clone()));
        self.report(finding.at(self.file, name.span()).id(id));
    }

    /// A due text's reading from this thread's cache, else from the plan's (and kept here).
    fn cached_due(&mut self, text: &str) -> Result<Arc<Due>, DateError> {
        if let Some(known) = self.caches.dues.get(text) {
            return known.clone();
        }
        let parsed = self.parse_due_shared(text);
        self.caches.dues.insert(text.to_owned(), parsed.clone());
        parsed
    }

    /// A due date written as a TOML date, made once per day on this thread: a plan writes
    /// the same days again and again (14k at 100k actions), and each was a string and a `Due`.
    fn cached_day_due(&mut self, value: &toml::value::Datetime) -> Result<Arc<Due>, DateError> {
        let day = match (value.date, value.time, value.offset) {
            (Some(d), None, None) => Some((d.year, d.month, d.day)),
            _ => None,
        };
        if let Some(known) = day.and_then(|day| self.caches.days.get(&day)) {
            return Ok(known.clone());
        }
        let due = from_toml_datetime(value)
            .map(|period| Arc::new(Due::new(value.to_string(), period)))?;
        if let Some(day) = day {
            self.caches.days.insert(day, due.clone());
        }
        Ok(due)
    }

    /// A due text parsed once per load, whichever thread meets it first. Parsing happens
    /// outside the lock; two threads meeting a new text at once both parse it, with the
    /// same result.
    fn parse_due_shared(&self, text: &str) -> Result<Arc<Due>, DateError> {
        let lock = || self.shared_dues.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(known) = lock().get(text) {
            return known.clone();
        }
        let parsed = dates::parse_due(text, &self.date_settings)
            .map(|period| Arc::new(Due::new(text.to_owned(), period)));
        lock().insert(text.to_owned(), parsed.clone());
        parsed
    }

    pub(super) fn file_entries(&mut self, raw: RawFile) -> FileEntries {
        let priority = raw.priority.get_ref();
        let id = id_text(priority.id.as_ref());
        let owners = self.owners(priority.owners.as_ref(), &id);
        let due = self.due(priority.due.as_ref(), &id);
        let waivers = self.waivers(&priority.waive, &id);
        let start = self.start(priority.start.as_ref(), &id);
        // Not `map().collect()`: that reuses the parsed entries' larger buffer in place, and
        // would keep it (a third more memory) for the life of the actions.
        let mut actions = Vec::with_capacity(raw.actions.len());
        let mut id_spans = Vec::with_capacity(raw.actions.len());
        for action in raw.actions {
            let (action, id_span) = self.action_with_id(action);
            actions.push(action);
            id_spans.push(id_span);
        }
        let mut indicators = Vec::with_capacity(raw.indicators.len());
        let mut indicator_id_spans = Vec::with_capacity(raw.indicators.len());
        for indicator in raw.indicators {
            let id_span = self.checked_id(indicator.get_ref().id.as_ref(), "indicator");
            indicator_id_spans.push(id_span);
            indicators.push(self.indicator(indicator));
        }
        FileEntries {
            indicators,
            indicator_id_spans,
            file: raw.file,
            owners,
            due,
            start,
            waivers,
            actions,
            id_spans,
            priority: raw.priority,
        }
    }

    /// [`Resolver::action`], and where its `id` is written.
    pub(super) fn action_with_id(
        &mut self,
        action: Spanned<ActionEntry>,
    ) -> (Action, Option<IdSpan>) {
        let id_span = self.checked_id(action.get_ref().id.as_ref(), "action");
        (self.action(action), id_span)
    }

    /// Where an action's or indicator's `id` is written, the id checked here, in parallel
    /// (uniqueness needs the whole plan: `link`).
    fn checked_id(&mut self, id: Option<&Spanned<String>>, what: &str) -> Option<IdSpan> {
        let id = id?;
        let here = Place {
            file: self.file,
            span: id.span(),
        };
        if let Some(bad) = bad_id(id.get_ref(), &here, what) {
            self.report(bad);
        }
        Some(IdSpan::new(id.span()))
    }

    /// An action with its own values; its priority, and what it inherits, are set by `link`.
    pub(super) fn action(&mut self, action: Spanned<ActionEntry>) -> Action {
        let span = action.span();
        let mut raw = action.into_inner();
        // Taken, not copied: the action keeps the parsed string.
        let id = raw.id.take().map(Spanned::into_inner).unwrap_or_default();
        let done_on = raw
            .done_on
            .as_ref()
            .and_then(|day| self.day(day, "done_on", &id));
        let updates = self.updates(raw.update, &id);
        let owners = self.owners(raw.owners.as_ref(), &id).unwrap_or(Owners {
            roles: Arc::from([]),
            origin: Origin::Missing,
            unknown: Box::default(),
        });
        // Its own note goes with its own date, or with the one it inherits (see `link`).
        let due = EffectiveDue {
            note: raw.due_note.map(Arc::from),
            ..self
                .due(raw.due.as_ref(), &id)
                .unwrap_or_else(EffectiveDue::missing)
        };
        // Its own start; `link` fills in the inherited one and the plan's grace.
        let terms = crate::recurring::Terms {
            start: self.start(raw.start.as_ref(), &id),
            grace_days: 0,
        };
        Action {
            terms,
            status: self.status(raw.status.as_ref(), &id),
            done_on,
            updates: crate::model::shared_updates(updates),
            waivers: crate::model::shared_waivers(self.waivers(&raw.waive, &id)),
            owners,
            due,
            id: id.into(),
            title: raw.title,
            source: raw.source.map(String::into_boxed_str),
            priority: PriorityIdx(u32::MAX),
            place: Place {
                file: self.file,
                span,
            },
        }
    }

    /// Roles named in an `owners` list (`None` when there is no list); unknown names are
    /// reported and left out.
    pub(super) fn owners(
        &mut self,
        owners: Option<&Spanned<Vec<Spanned<String>>>>,
        id: &str,
    ) -> Option<Owners> {
        let owners = owners?;
        let mut roles = Vec::with_capacity(owners.get_ref().len());
        let mut unknown = Vec::new();
        for name in owners.get_ref() {
            let written = name.get_ref();
            if is_blank(written) {
                unknown.push(written.clone());
                let diagnostic = Diagnostic {
                    rule: Rule::UnknownOwner,
                    ..blank_name("owner name")
                };
                self.report(diagnostic.at(self.file, name.span()).id(id));
                continue;
            }
            let found = match self.caches.roles.get(written) {
                Some(&found) => found,
                None => {
                    let found = self.roster.lookup(written);
                    self.caches.roles.insert(written.clone(), found);
                    found
                }
            };
            match found {
                Some(role) if !roles.contains(&role) => roles.push(role),
                Some(_) => {}
                None => {
                    unknown.push(written.clone());
                    self.report_unknown_owner(name, id);
                }
            }
        }
        let origin = if roles.is_empty() && !unknown.is_empty() {
            Origin::Invalid
        } else {
            Origin::Own
        };
        let roles: Arc<[RoleId]> = Arc::from(roles);
        Some(Owners {
            roles,
            origin,
            unknown: unknown.into(),
        })
    }

    pub(super) fn due(
        &mut self,
        due: Option<&Spanned<toml::Value>>,
        id: &str,
    ) -> Option<EffectiveDue> {
        let due = due?;
        let invalid = |problem: String| EffectiveDue {
            due: None,
            origin: Origin::Invalid,
            note: None,
            unreadable: Some(Arc::new(Unreadable {
                written: written_value(due.get_ref()),
                problem,
            })),
        };
        let parsed = match due.get_ref() {
            toml::Value::String(text) => self.cached_due(text),
            toml::Value::Datetime(value) => self.cached_day_due(value),
            other => {
                let message = format!("due must be a date or a string, not {}", other.type_str());
                self.report(
                    Diagnostic::new(Rule::WrongType, message.clone())
                        .at(self.file, due.span())
                        .id(id)
                        .help(dates::ACCEPTED_FORMS)
                        .confined(),
                );
                return Some(invalid(message));
            }
        };
        Some(match parsed {
            Ok(due) => EffectiveDue {
                due: Some(due),
                origin: Origin::Own,
                note: None,
                unreadable: None,
            },
            Err(error) => {
                self.report(
                    Diagnostic::new(Rule::BadDate, format!("bad due date {error}"))
                        .at(self.file, due.span())
                        .label("not a date this tool can read without guessing")
                        .id(id)
                        .help(error.help()),
                );
                invalid(error.to_string())
            }
        })
    }

    /// An item's own `start`, if it names a first day (else reported, and none).
    pub(super) fn start(
        &mut self,
        start: Option<&Spanned<toml::Value>>,
        id: &str,
    ) -> Option<chrono::NaiveDate> {
        let start = start?;
        match start_day(start.get_ref(), &self.date_settings) {
            Ok(day) => Some(day),
            Err(finding) => {
                self.report(finding.at(self.file, start.span()).id(id));
                None
            }
        }
    }

    pub(super) fn status(&mut self, status: Option<&Spanned<String>>, id: &str) -> Status {
        let Some(status) = status else {
            return Status::Planned;
        };
        if let Some(known) = Status::from_word(status.get_ref()) {
            return known;
        }
        let names: Vec<&str> = Status::ALL.iter().map(|s| s.name()).collect();
        let diagnostic = Diagnostic::new(
            Rule::BadStatus,
            format!("unknown status \"{}\"", escape(status.get_ref())),
        )
        .at(self.file, status.span())
        .id(id)
        .help(text::suggest_from(
            status.get_ref(),
            &names,
            Quote::Value,
            "statuses",
        ));
        self.report(diagnostic);
        Status::Planned
    }
}

/// The first day a `start` names (`2025-04-01`, "2025/26", "April 2025"), or the finding
/// (unplaced) for one that names none: unreadable, or a standing, undated or recurring form.
pub(super) fn start_day(
    value: &toml::Value,
    settings: &dates::Settings,
) -> Result<chrono::NaiveDate, Box<Diagnostic>> {
    let period = match value {
        toml::Value::String(text) => dates::parse_due(text, settings),
        toml::Value::Datetime(value) => from_toml_datetime(value),
        other => {
            return Err(Box::new(
                Diagnostic::new(
                    Rule::WrongType,
                    format!("start must be a date or a string, not {}", other.type_str()),
                )
                .help("e.g. start = 2025-04-01, or start = \"2025/26\""),
            ));
        }
    };
    let written = written_value(value);
    match period {
        Ok(period) => period.starts_on().ok_or_else(|| {
            Box::new(
                Diagnostic::new(
                    Rule::BadDate,
                    format!("start \"{}\" has no first day", escape(&written)),
                )
                .help("a start names a day or a period: 2025-04-01, \"April 2025\", \"2025/26\""),
            )
        }),
        Err(error) => Err(Box::new(
            Diagnostic::new(Rule::BadDate, format!("bad start date {error}"))
                .label("not a date this tool can read without guessing")
                .help(error.help()),
        )),
    }
}

/// A TOML date value (`due = 2004-04-30`): must be a local date with no time or offset.
pub(super) fn from_toml_datetime(value: &toml::value::Datetime) -> Result<Period, DateError> {
    match (value.date, value.time, value.offset) {
        (Some(d), None, None) => dates::day_from_parts(
            &value.to_string(),
            i32::from(d.year),
            u32::from(d.month),
            u32::from(d.day),
        ),
        _ => Err(DateError::NotPlainDate {
            text: value.to_string(),
        }),
    }
}

/// The id findings are tagged with: as written, or empty when there is none.
/// A value as written, near enough to show beside "UNREADABLE" (`5`, `[2004, 6]`): the raw
/// text is what an officer looks for in the file. A string is shown without its quotes.
fn written_value(value: &toml::Value) -> String {
    match value {
        toml::Value::String(text) => text.clone(),
        toml::Value::Datetime(value) => value.to_string(),
        toml::Value::Integer(n) => n.to_string(),
        toml::Value::Float(x) => x.to_string(),
        toml::Value::Boolean(b) => b.to_string(),
        // The parser bounds nesting, so this recursion is bounded too.
        toml::Value::Array(items) => {
            let items: Vec<String> = items
                .iter()
                .map(|item| match item {
                    toml::Value::String(text) => format!("{text:?}"),
                    other => written_value(other),
                })
                .collect();
            format!("[{}]", items.join(", "))
        }
        toml::Value::Table(_) => "{…}".to_owned(),
    }
}

pub(super) fn id_text(id: Option<&Spanned<String>>) -> String {
    id.map(|id| id.get_ref().clone()).unwrap_or_default()
}

/// Empty, or only spaces (of any kind) and characters that show nothing (zero-width spaces,
/// joiners, the BOM, bidi marks, controls): no one can be named by it, and a role so named
/// would look like no name at all wherever it is shown.
pub fn is_blank(name: &str) -> bool {
    name.chars()
        .all(|c| c.is_whitespace() || crate::text::shows_nothing(c))
}

/// The first character of a name that would break how it is shown or matched: a control (a
/// line break, a tab, ESC) or a bidirectional control. Such a name cannot be typed on the
/// command line, splits every table row it is shown in, and could make one role look like
/// another.
pub fn unshowable_char(name: &str) -> Option<char> {
    name.chars()
        .find(|&c| c.is_control() || crate::text::is_bidi_control(c))
}

pub fn unshowable_name(what: &str, c: char) -> Diagnostic {
    Diagnostic::new(
        Rule::BadValue,
        format!(
            "{what} contains the control character {}",
            c.escape_unicode()
        ),
    )
    .label("in this name")
    .help("write the name on one line, with letters, spaces and punctuation only")
}

pub fn blank_name(what: &str) -> Diagnostic {
    Diagnostic::new(Rule::MissingField, format!("{what} is blank"))
        .label("no name here")
        .help("write the role's name, e.g. \"Chief Executive\", or remove the entry")
}

/// The finding for an owner name that is not on the roster, with the nearest roles.
pub fn unknown_owner(roster: &Roster, name: &str) -> Diagnostic {
    unknown_owner_finding(name).help(owner_help(roster, name))
}

pub(super) fn unknown_owner_finding(name: &str) -> Diagnostic {
    Diagnostic::new(
        Rule::UnknownOwner,
        format!("\"{}\" is not a role on the roster", escape(name)),
    )
    .label("not in owners.toml")
}

const ADD_THE_ROLE: &str = "add the role to plan/owners.toml, or use a name or alias listed there";

fn owner_help(roster: &Roster, name: &str) -> String {
    text::did_you_mean(&roster.suggest(name), Quote::Value).unwrap_or_else(|| ADD_THE_ROLE.into())
}

/// "Did you mean" for unknown owner names, bounded: each search scans the roster, so each
/// distinct name is searched once and only the first [`OwnerHelp::MAX_SEARCHES`] distinct
/// names (in file order) at all; 2 000 distinct unknown names against 2 000 roles once kept
/// `check` busy for minutes. The rest get the plain advice.
#[derive(Default)]
pub(super) struct OwnerHelp {
    found: HashMap<String, String>,
}

impl OwnerHelp {
    pub(super) const MAX_SEARCHES: usize = 50;

    pub(super) fn help(&mut self, roster: &Roster, name: &str) -> String {
        if let Some(known) = self.found.get(name) {
            return known.clone();
        }
        if self.found.len() >= Self::MAX_SEARCHES {
            return ADD_THE_ROLE.into();
        }
        let help = owner_help(roster, name);
        self.found.insert(name.to_owned(), help.clone());
        help
    }
}

/// The finding for an id written `here` that is not a valid id, if it is not.
pub(super) fn bad_id(text: &str, here: &Place, kind: &str) -> Option<Diagnostic> {
    (!is_valid_id(text)).then(|| {
        Diagnostic::new(
            Rule::BadId,
            format!("{kind} id \"{}\" is not a valid id", escape(text)),
        )
        .at(here.file, here.span.clone())
        .id(text)
        .help("ids use lowercase letters, digits, '-' and '.', starting with a letter or digit")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_dates() {
        let parse = |s: &str| s.parse::<toml::value::Datetime>().expect(s);
        let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            from_toml_datetime(&parse("2004-04-30")),
            Ok(Period::Day(day(2004, 4, 30)))
        );
        for bad in ["2004-04-30T10:00:00", "2004-04-30T10:00:00Z", "10:00:00"] {
            let err = from_toml_datetime(&parse(bad)).expect_err(bad);
            assert!(matches!(err, DateError::NotPlainDate { .. }), "{bad}");
            assert!(err.to_string().contains(bad));
        }
    }

    #[test]
    fn unknown_owner_suggests_the_nearest_roles() {
        let mut roster = Roster::default();
        roster.add("Chief Executive", &[]).unwrap();
        let near = unknown_owner(&roster, "Cheif Executive");
        assert_eq!(near.rule, Rule::UnknownOwner);
        assert_eq!(
            near.help.as_deref(),
            Some("did you mean \"Chief Executive\"?")
        );
        let far = unknown_owner(&roster, "Head of Parks");
        assert!(
            far.help
                .unwrap()
                .starts_with("add the role to plan/owners.toml")
        );
    }
}
