//! The quick read of a clean priority file: toml_parser's events straight into the entries,
//! with no TOML tables built on the way (building and then deserialising them was over half
//! of loading a large plan, twice the work of the parse floor).
//!
//! It takes only what priority files are written with: `[priority]`, `[[action]]` and their
//! `[[…update]]`/`[[…waive]]` tables, bare keys, strings, dates, decimal integers and arrays
//! of strings. On anything else (a syntax error, an `[[indicator]]`, an inline table, a
//! dotted or quoted key, a key twice, an unknown key, a value of the wrong type, a missing
//! title) it gives up with `None`, and [`super::parse::FileParser`] reads the file and reports
//! what there is to report. A file read here reads as it would there, spans and all: the
//! tests (in `parse.rs`, which has both) compare the two on every file the quick read
//! accepts.

use std::borrow::Cow;
use std::ops::Range;

use serde_spanned::Spanned;
use toml_parser::decoder::{Encoding, IntegerRadix, ScalarKind};
use toml_parser::parser::{Event, EventKind, RecursionGuard, ValidateWhitespace};
use toml_parser::{ParseError, Source};

use crate::diag::FileId;
use crate::schema::{ActionEntry, IndicatorEntry, PriorityEntry, UpdateEntry, WaiverEntry};

/// One priority file's tables as parsed.
pub(super) struct RawFile {
    pub(super) file: FileId,
    pub(super) priority: Spanned<PriorityEntry>,
    pub(super) actions: Vec<Spanned<ActionEntry>>,
    pub(super) indicators: Vec<Spanned<IndicatorEntry>>,
}

/// toml's own nesting limit, so a file refused there is refused here.
const NESTING_LIMIT: u32 = 80;

/// `text` as [`super::parse::FileParser::priority_file`] reads it, when it is written in the
/// plain shapes this reader knows and has nothing to report; otherwise `None`.
pub(super) fn priority_file(file: FileId, text: &str) -> Option<RawFile> {
    tables(text)?.finish(file)
}

/// The head of a file cut into pieces (see [`super::pieces`]) as
/// [`super::parse::FileParser::head`] reads it; `None` also when it holds an action.
pub(super) fn head(file: FileId, text: &str) -> Option<RawFile> {
    priority_file(file, text).filter(|raw| raw.actions.is_empty())
}

/// A piece of a file that starts at an `[[action]]` header as
/// [`super::parse::FileParser::action_piece`] reads it: actions and nothing else.
pub(super) fn action_piece(text: &str) -> Option<Vec<Spanned<ActionEntry>>> {
    let tables = tables(text)?;
    tables.complete()?;
    let only_actions = tables.priority.is_none() && !tables.actions.is_empty();
    only_actions.then(|| spanned(tables.actions))
}

fn tables(text: &str) -> Option<FileTables> {
    let source = Source::new(text);
    let events = events(source)?;
    let mut reader = Reader {
        source,
        events: events.iter(),
    };
    // Room for every `[[...]]` table (each action's updates and waivers too): an upper bound
    // on the actions, where growing the vector copied each file's entries several times.
    let arrays = events
        .iter()
        .filter(|event| event.kind() == EventKind::ArrayTableOpen)
        .count();
    let mut file_tables = FileTables {
        actions: Vec::with_capacity(arrays),
        ..FileTables::default()
    };
    while let Some(event) = reader.next() {
        match event.kind() {
            EventKind::StdTableOpen | EventKind::ArrayTableOpen => {
                let header = reader.header(event)?;
                file_tables.open(header)?;
            }
            EventKind::SimpleKey => {
                let key = reader.key(event)?;
                file_tables.set(&mut reader, key)?;
            }
            _ => return None,
        }
    }
    Some(file_tables)
}

fn spanned(actions: Vec<(Range<usize>, ActionEntry)>) -> Vec<Spanned<ActionEntry>> {
    actions
        .into_iter()
        .map(|(span, action)| Spanned::new(span, action))
        .collect()
}

/// The file's events, or `None` on any syntax error (the full parse reports them).
fn events(source: Source<'_>) -> Option<Vec<Event>> {
    let tokens = source.lex().into_vec();
    let mut events = Vec::with_capacity(tokens.len());
    let mut failed = false;
    let mut sink = |_: ParseError| failed = true;
    let mut whitespace = ValidateWhitespace::new(&mut events, source);
    let mut receiver = RecursionGuard::new(&mut whitespace, NESTING_LIMIT);
    toml_parser::parser::parse_document(&tokens, &mut receiver, &mut sink);
    (!failed).then_some(events)
}

fn span_of(event: &Event) -> Range<usize> {
    event.span().start()..event.span().end()
}

/// A basic string's text when it has no escapes to decode and nothing the full parse would
/// refuse (most strings in a plan): decoding it byte by byte was a tenth of a large load.
fn unescaped(raw: &str) -> Option<&str> {
    let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
    // Whole blocks tested without stopping at the first byte, so the compiler tests each
    // block in a few vector instructions (a lookup per byte was 5% of a large load).
    let clean = inner.as_bytes().chunks(32).all(|block| {
        block
            .iter()
            .fold(true, |clean, &b| clean & basic_unescaped(b))
    });
    clean.then_some(inner)
}

/// TOML's `basic-unescaped`: a tab, a space and every visible character but `"` and `\`,
/// ASCII or not.
fn basic_unescaped(b: u8) -> bool {
    (b >= 0x20 || b == b'\t') && b != b'"' && b != b'\\' && b != 0x7F
}

/// The tables a header opens.
#[derive(Clone, Copy, PartialEq)]
enum Header {
    Priority,
    PriorityWaive,
    Action,
    ActionUpdate,
    ActionWaive,
}

/// The events of a syntactically valid file, read in order; whitespace, comments and line
/// ends carry nothing here (the parse has already checked them).
struct Reader<'e, 't> {
    source: Source<'t>,
    events: std::slice::Iter<'e, Event>,
}

impl<'e, 't> Reader<'e, 't> {
    fn next(&mut self) -> Option<&'e Event> {
        self.events.find(|event| {
            !matches!(
                event.kind(),
                EventKind::Whitespace | EventKind::Comment | EventKind::Newline
            )
        })
    }

    /// A bare key's text (quoted keys, which may need decoding, are left to the full parse).
    fn key(&mut self, event: &Event) -> Option<&'t str> {
        if event.encoding().is_some() {
            return None;
        }
        Some(self.source.get(event)?.as_str())
    }

    /// The header opened by `open`, with its span (from `[` to `]`, as toml gives a table).
    fn header(&mut self, open: &Event) -> Option<(Header, Range<usize>)> {
        let array = open.kind() == EventKind::ArrayTableOpen;
        let mut path = [""; 2];
        let mut len = 0;
        let close = loop {
            let event = self.next()?;
            match event.kind() {
                EventKind::SimpleKey if len < path.len() => {
                    path[len] = self.key(event)?;
                    len += 1;
                }
                EventKind::KeySep => {}
                EventKind::StdTableClose | EventKind::ArrayTableClose => break event,
                _ => return None,
            }
        };
        let header = match (array, &path[..len]) {
            (false, ["priority"]) => Header::Priority,
            (true, ["priority", "waive"]) => Header::PriorityWaive,
            (true, ["action"]) => Header::Action,
            (true, ["action", "update"]) => Header::ActionUpdate,
            (true, ["action", "waive"]) => Header::ActionWaive,
            _ => return None,
        };
        Some((header, open.span().start()..close.span().end()))
    }

    /// The value after `=`, as one scalar: its span, kind and decoded text.
    fn scalar(&mut self) -> Option<(Range<usize>, ScalarKind, Cow<'t, str>)> {
        let separator = self.next()?;
        if separator.kind() != EventKind::KeyValSep {
            return None;
        }
        let event = self.next()?;
        self.decode(event)
    }

    fn decode(&self, event: &Event) -> Option<(Range<usize>, ScalarKind, Cow<'t, str>)> {
        if event.kind() != EventKind::Scalar {
            return None;
        }
        let raw = self.source.get(event)?;
        if event.encoding() == Some(Encoding::BasicString) {
            if let Some(text) = unescaped(raw.as_str()) {
                return Some((span_of(event), ScalarKind::String, Cow::Borrowed(text)));
            }
        }
        let mut decoded = Cow::Borrowed("");
        let mut failed = false;
        let kind = raw.decode_scalar(&mut decoded, &mut |_: ParseError| failed = true);
        (!failed).then(|| (span_of(event), kind, decoded))
    }

    fn string(&mut self) -> Option<Spanned<String>> {
        match self.scalar()? {
            (span, ScalarKind::String, text) => Some(Spanned::new(span, text.into_owned())),
            _ => None,
        }
    }

    fn text(&mut self) -> Option<String> {
        self.string().map(Spanned::into_inner)
    }

    /// A string the model shares: made once, where `text` would be copied again.
    fn shared_text(&mut self) -> Option<std::sync::Arc<str>> {
        match self.scalar()? {
            (_, ScalarKind::String, text) => Some(text.as_ref().into()),
            _ => None,
        }
    }

    /// A date field's value: a string or a TOML date, as `toml::Value` holds either.
    fn day(&mut self) -> Option<Spanned<toml::Value>> {
        let (span, kind, text) = self.scalar()?;
        let value = match kind {
            ScalarKind::String => toml::Value::String(text.into_owned()),
            ScalarKind::DateTime => toml::Value::Datetime(text.parse().ok()?),
            _ => return None,
        };
        Some(Spanned::new(span, value))
    }

    fn integer(&mut self) -> Option<Spanned<i64>> {
        match self.scalar()? {
            (span, ScalarKind::Integer(IntegerRadix::Dec), digits) => {
                Some(Spanned::new(span, digits.parse().ok()?))
            }
            _ => None,
        }
    }

    /// An array of strings, spanned from `[` to `]`, each string with its own span.
    fn strings(&mut self) -> Option<Spanned<Vec<Spanned<String>>>> {
        let separator = self.next()?;
        let open = self.next()?;
        if separator.kind() != EventKind::KeyValSep || open.kind() != EventKind::ArrayOpen {
            return None;
        }
        // Owner lists are short; room for a few saves growing each one from nothing.
        let mut items = Vec::with_capacity(4);
        loop {
            let event = self.next()?;
            match event.kind() {
                EventKind::ArrayClose => {
                    let span = open.span().start()..event.span().end();
                    return Some(Spanned::new(span, items));
                }
                EventKind::ValueSep => {}
                _ => match self.decode(event)? {
                    (span, ScalarKind::String, text) => {
                        items.push(Spanned::new(span, text.into_owned()));
                    }
                    _ => return None,
                },
            }
        }
    }
}

/// The keys set in the table being read, one bit each (by place in its `KEYS`), so a key
/// given twice is caught.
#[derive(Default)]
struct Seen(u32);

impl Seen {
    /// Marks `key` of `keys` as set; `None` if it is not one of them or was set before.
    fn first(&mut self, keys: &[&str], key: &str) -> Option<()> {
        let mask = 1 << keys.iter().position(|k| *k == key)?;
        (self.0 & mask == 0).then(|| self.0 |= mask)
    }

    fn has(&self, keys: &[&str], key: &str) -> bool {
        keys.iter()
            .position(|k| *k == key)
            .is_some_and(|bit| self.0 & 1 << bit != 0)
    }
}

/// What the file holds as read so far, and the table its keys go to.
#[derive(Default)]
struct FileTables {
    priority: Option<(Range<usize>, PriorityEntry)>,
    actions: Vec<(Range<usize>, ActionEntry)>,
    open: Option<Header>,
    seen: Seen,
}

impl FileTables {
    fn open(&mut self, (header, span): (Header, Range<usize>)) -> Option<()> {
        self.complete()?;
        self.seen = Seen::default();
        match header {
            Header::Priority if self.priority.is_none() => {
                self.priority = Some((span, blank_priority()));
            }
            Header::Priority => return None,
            Header::PriorityWaive => self.priority.as_mut()?.1.waive.push(blank_waiver(span)),
            Header::Action => self.actions.push((span, blank_action())),
            Header::ActionUpdate => {
                let update = Spanned::new(span, blank_update());
                self.actions.last_mut()?.1.update.push(update);
            }
            Header::ActionWaive => self.actions.last_mut()?.1.waive.push(blank_waiver(span)),
        }
        self.open = Some(header);
        Some(())
    }

    /// The table being read has every key it must have (so no blank is left in the entries).
    fn complete(&self) -> Option<()> {
        let complete = match self.open {
            Some(Header::Priority) => self.seen.has(&PRIORITY_KEYS, "title"),
            Some(Header::Action) => self.seen.has(&ACTION_KEYS, "title"),
            Some(Header::ActionUpdate) => self.seen.has(&UPDATE_KEYS, "date"),
            Some(Header::PriorityWaive | Header::ActionWaive) | None => true,
        };
        complete.then_some(())
    }

    fn set(&mut self, reader: &mut Reader<'_, '_>, key: &str) -> Option<()> {
        let seen = &mut self.seen;
        match self.open? {
            Header::Priority => priority_key(&mut self.priority.as_mut()?.1, seen, reader, key),
            Header::PriorityWaive => {
                let waiver = self.priority.as_mut()?.1.waive.last_mut()?;
                waiver_key(waiver.get_mut(), seen, reader, key)
            }
            Header::Action => action_key(&mut self.actions.last_mut()?.1, seen, reader, key),
            Header::ActionUpdate => {
                let update = self.actions.last_mut()?.1.update.last_mut()?;
                update_key(update.get_mut(), seen, reader, key)
            }
            Header::ActionWaive => {
                let waiver = self.actions.last_mut()?.1.waive.last_mut()?;
                waiver_key(waiver.get_mut(), seen, reader, key)
            }
        }
    }

    fn finish(self, file: FileId) -> Option<RawFile> {
        self.complete()?;
        let (span, priority) = self.priority?;
        Some(RawFile {
            file,
            priority: Spanned::new(span, priority),
            actions: spanned(self.actions),
            indicators: Vec::new(),
        })
    }
}

const PRIORITY_KEYS: [&str; 10] = [
    "id",
    "title",
    "parent",
    "description",
    "aims",
    "owners",
    "due",
    "due_note",
    "start",
    "source",
];

fn priority_key(
    entry: &mut PriorityEntry,
    seen: &mut Seen,
    reader: &mut Reader<'_, '_>,
    key: &str,
) -> Option<()> {
    seen.first(&PRIORITY_KEYS, key)?;
    match key {
        "id" => entry.id = Some(reader.string()?),
        "title" => entry.title = reader.text()?,
        "parent" => entry.parent = Some(reader.string()?),
        "description" => entry.description = Some(reader.text()?),
        "aims" => {
            let aims = reader.strings()?.into_inner();
            entry.aims = aims.into_iter().map(Spanned::into_inner).collect();
        }
        "owners" => entry.owners = Some(reader.strings()?),
        "due" => entry.due = Some(reader.day()?),
        "due_note" => entry.due_note = Some(reader.text()?),
        "start" => entry.start = Some(reader.day()?),
        "source" => entry.source = Some(reader.text()?),
        _ => return None,
    }
    Some(())
}

const ACTION_KEYS: [&str; 9] = [
    "id", "title", "owners", "due", "due_note", "start", "status", "source", "done_on",
];

fn action_key(
    entry: &mut ActionEntry,
    seen: &mut Seen,
    reader: &mut Reader<'_, '_>,
    key: &str,
) -> Option<()> {
    seen.first(&ACTION_KEYS, key)?;
    match key {
        "id" => entry.id = Some(reader.string()?),
        "title" => entry.title = reader.shared_text()?,
        "owners" => entry.owners = Some(reader.strings()?),
        "due" => entry.due = Some(reader.day()?),
        "due_note" => entry.due_note = Some(reader.text()?),
        "start" => entry.start = Some(reader.day()?),
        "status" => entry.status = Some(reader.string()?),
        "source" => entry.source = Some(reader.text()?),
        "done_on" => entry.done_on = Some(reader.day()?),
        _ => return None,
    }
    Some(())
}

const UPDATE_KEYS: [&str; 5] = ["date", "note", "rag", "percent", "by"];

fn update_key(
    entry: &mut UpdateEntry,
    seen: &mut Seen,
    reader: &mut Reader<'_, '_>,
    key: &str,
) -> Option<()> {
    seen.first(&UPDATE_KEYS, key)?;
    match key {
        "date" => entry.date = reader.day()?,
        "note" => entry.note = Some(reader.string()?),
        "rag" => entry.rag = Some(reader.string()?),
        "percent" => entry.percent = Some(reader.integer()?),
        "by" => entry.by = Some(reader.string()?),
        _ => return None,
    }
    Some(())
}

const WAIVER_KEYS: [&str; 3] = ["rule", "reason", "until"];

fn waiver_key(
    entry: &mut WaiverEntry,
    seen: &mut Seen,
    reader: &mut Reader<'_, '_>,
    key: &str,
) -> Option<()> {
    seen.first(&WAIVER_KEYS, key)?;
    match key {
        "rule" => entry.rule = Some(reader.string()?),
        "reason" => entry.reason = Some(reader.string()?),
        "until" => entry.until = Some(reader.day()?),
        _ => return None,
    }
    Some(())
}

fn blank_priority() -> PriorityEntry {
    PriorityEntry {
        id: None,
        title: String::new(),
        parent: None,
        description: None,
        aims: Vec::new(),
        owners: None,
        due: None,
        due_note: None,
        start: None,
        source: None,
        waive: Vec::new(),
    }
}

fn blank_action() -> ActionEntry {
    // One empty title for every blank: `complete` sees that each is replaced.
    static NO_TITLE: std::sync::OnceLock<std::sync::Arc<str>> = std::sync::OnceLock::new();
    ActionEntry {
        id: None,
        title: NO_TITLE.get_or_init(|| "".into()).clone(),
        owners: None,
        due: None,
        due_note: None,
        start: None,
        status: None,
        source: None,
        done_on: None,
        update: Vec::new(),
        waive: Vec::new(),
    }
}

/// An update before its keys are read; `complete` refuses it if `date` is never set.
fn blank_update() -> UpdateEntry {
    UpdateEntry {
        date: Spanned::new(0..0, toml::Value::Boolean(false)),
        note: None,
        rag: None,
        percent: None,
        by: None,
    }
}

fn blank_waiver(span: Range<usize>) -> Spanned<WaiverEntry> {
    Spanned::new(
        span,
        WaiverEntry {
            rule: None,
            reason: None,
            until: None,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::{basic_unescaped, unescaped};

    #[test]
    fn basic_unescaped_is_tomls_set() {
        for b in 0..=255u8 {
            let spec = matches!(b, 0x09 | 0x20 | 0x21 | 0x23..=0x5B | 0x5D..=0x7E | 0x80..=0xFF);
            assert_eq!(basic_unescaped(b), spec, "{b:#04x}");
        }
    }

    #[test]
    fn a_string_is_borrowed_only_when_no_byte_of_any_block_needs_the_full_parse() {
        let long = "x".repeat(70);
        assert_eq!(unescaped(&format!("\"{long}\"")), Some(&*long));
        assert_eq!(unescaped("\"Café\ttab\""), Some("Café\ttab"));
        for bad in ['\\', '"', '\n', '\u{7f}', '\0'] {
            for at in [0, 31, 32, 33, 69] {
                let mut text: Vec<char> = long.chars().collect();
                text[at] = bad;
                let text: String = text.into_iter().collect();
                assert_eq!(unescaped(&format!("\"{text}\"")), None, "{bad:?} at {at}");
            }
        }
        assert_eq!(unescaped("'literal'"), None);
    }
}
