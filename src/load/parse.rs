//! One file's text → TOML tables with spans: syntax errors, unknown keys (all of them, not
//! just the first) and wrong types become findings; nothing here needs the rest of the plan.

use std::ops::Range;

use serde::de::DeserializeOwned;
use serde_spanned::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use crate::diag::{Diagnostic, FileId, Rule};
use crate::schema::{self, ActionEntry, IndicatorEntry, PriorityEntry, UpdateEntry, WaiverEntry};
use crate::text::{self, Quote, escape};

pub(super) use super::fast::RawFile;

/// The keys a priority file has at its top level.
const TOP_KEYS: [&str; 3] = ["priority", "action", "indicator"];

/// Parses one file's text. Free of the [`Loader`] so files can be parsed independently
/// (and in parallel); it collects its own findings.
pub(super) struct FileParser<'t> {
    pub(super) file: FileId,
    pub(super) text: &'t str,
    pub(super) found: Vec<Diagnostic>,
}

impl<'t> FileParser<'t> {
    pub(super) fn new(file: FileId, text: &'t str) -> Self {
        FileParser {
            file,
            text,
            found: Vec::new(),
        }
    }

    pub(super) fn report(&mut self, diagnostic: Diagnostic, span: Range<usize>) {
        self.found.push(diagnostic.at(self.file, span));
    }

    /// The whole file as a TOML table; syntax errors are all reported and give `None`.
    pub(super) fn document(&mut self) -> Option<Spanned<DeValue<'t>>> {
        let (table, errors) = toml::de::DeTable::parse_recoverable(self.text);
        if !errors.is_empty() {
            for error in errors {
                let span = error.span().unwrap_or(0..0);
                self.report(Diagnostic::new(Rule::Parse, error.message().trim()), span);
            }
            return None;
        }
        let span = table.span();
        Some(Spanned::new(span, DeValue::Table(table.into_inner())))
    }

    /// A priority file's `[priority]` and `[[action]]` tables. Most files are clean and take
    /// the quick read ([`super::fast`]); the rest are read in full, where every finding is made.
    pub(super) fn priority_file(&mut self) -> Option<RawFile> {
        super::fast::priority_file(self.file, self.text).or_else(|| self.priority_file_in_full())
    }

    /// The tables each deserialised on its own, so one bad action does not hide problems in
    /// the others.
    fn priority_file_in_full(&mut self) -> Option<RawFile> {
        let doc = self.document()?;
        self.priority_tables(doc)
    }

    /// The part of a priority file before its first `[[action]]` header (see
    /// [`super::pieces`]) as [`FileParser::priority_file`] reads a whole file; `None` also when
    /// it holds an `action` key of its own, which the actions after it would have to join.
    pub(super) fn head(&mut self) -> Option<RawFile> {
        super::fast::head(self.file, self.text).or_else(|| self.head_in_full())
    }

    fn head_in_full(&mut self) -> Option<RawFile> {
        let doc = self.document()?;
        match doc.get_ref() {
            DeValue::Table(top) if !top.contains_key("action") => self.priority_tables(doc),
            _ => None,
        }
    }

    /// One piece of a priority file that starts at an `[[action]]` header: its actions, or
    /// `None` when it holds anything but actions (a `[priority]` or `[[indicator]]` table
    /// after them, say), which only the whole file can place.
    pub(super) fn action_piece(&mut self) -> Option<Vec<Spanned<ActionEntry>>> {
        super::fast::action_piece(self.text).or_else(|| self.action_piece_in_full())
    }

    fn action_piece_in_full(&mut self) -> Option<Vec<Spanned<ActionEntry>>> {
        let doc = self.document()?;
        let DeValue::Table(mut top) = doc.into_inner() else {
            return None;
        };
        if top.len() != 1 {
            return None;
        }
        let actions = top.remove("action")?;
        matches!(actions.get_ref(), DeValue::Array(_)).then(|| self.actions(actions))
    }

    fn priority_tables(&mut self, doc: Spanned<DeValue<'t>>) -> Option<RawFile> {
        let DeValue::Table(mut top) = doc.into_inner() else {
            return None;
        };
        let mut unknown = Vec::new();
        for (key, _) in top.iter() {
            if !TOP_KEYS.contains(&key.get_ref().as_ref()) {
                unknown.push((unknown_field(key.get_ref(), &TOP_KEYS), key.span()));
            }
        }
        unknown.sort_by_key(|(_, span)| span.start);
        for (diagnostic, span) in unknown {
            self.report(diagnostic, span);
        }
        let actions = match top.remove("action") {
            None => Vec::new(),
            Some(value) => self.actions(value),
        };
        let indicators = match top.remove("indicator") {
            None => Vec::new(),
            Some(value) => self.indicators(value),
        };
        let Some(priority) = top.remove("priority") else {
            self.report(
                Diagnostic::new(Rule::MissingField, "this file has no [priority] table")
                    .help("every plan file other than plan.toml and owners.toml holds one [priority] table with an id and a title, then its [[action]]s"),
                0..0,
            );
            return None;
        };
        if !priority.get_ref().is_table() {
            let span = priority.span();
            self.report(wrong_type("priority", "a table", &priority), span);
            return None;
        }
        let span = priority.span();
        let mut priority = priority;
        let waivers = self.take_waivers(&mut priority, "[[priority.waive]]");
        let mut priority = self.deserialize::<PriorityEntry>(priority, "[priority]")?;
        priority.waive = waivers;
        Some(RawFile {
            file: self.file,
            priority: Spanned::new(span, priority),
            actions,
            indicators,
        })
    }

    pub(super) fn actions(&mut self, value: Spanned<DeValue<'t>>) -> Vec<Spanned<ActionEntry>> {
        self.tables(value, "action", "[[action]]")
            .into_iter()
            .filter_map(|mut item| {
                let span = item.span();
                let updates = match &mut item.get_mut() {
                    DeValue::Table(table) => take(table, "update").map(|u| self.updates(u)),
                    _ => None,
                };
                let waivers = self.take_waivers(&mut item, "[[action.waive]]");
                let mut entry = self.deserialize::<ActionEntry>(item, "[[action]]")?;
                entry.update = updates.unwrap_or_default();
                entry.waive = waivers;
                Some(Spanned::new(span, entry))
            })
            .collect()
    }

    /// The `[[indicator]]` tables, each deserialised on its own, and each of its targets,
    /// actuals, quartiles and waivers on its own too, so one bad entry hides nothing else.
    pub(super) fn indicators(
        &mut self,
        value: Spanned<DeValue<'t>>,
    ) -> Vec<Spanned<IndicatorEntry>> {
        self.tables(value, "indicator", "[[indicator]]")
            .into_iter()
            .filter_map(|mut item| {
                let span = item.span();
                let target = self.take_entries(&mut item, "target", "[[indicator.target]]");
                let actual = self.take_entries(&mut item, "actual", "[[indicator.actual]]");
                let quartiles =
                    self.take_entries(&mut item, "quartiles", "[[indicator.quartiles]]");
                let waive = self.take_waivers(&mut item, "[[indicator.waive]]");
                let mut entry = self.deserialize::<IndicatorEntry>(item, "[[indicator]]")?;
                entry.target = target;
                entry.actual = actual;
                entry.quartiles = quartiles;
                entry.waive = waive;
                Some(Spanned::new(span, entry))
            })
            .collect()
    }

    /// The tables under `key` in an item, taken out of it and each deserialised on its own.
    fn take_entries<T: DeserializeOwned>(
        &mut self,
        item: &mut Spanned<DeValue<'t>>,
        key: &str,
        header: &str,
    ) -> Vec<Spanned<T>> {
        let taken = match item.get_mut() {
            DeValue::Table(table) => take(table, key),
            _ => None,
        };
        let Some(value) = taken else {
            return Vec::new();
        };
        self.tables(value, key, header)
            .into_iter()
            .filter_map(|entry| {
                let span = entry.span();
                let parsed = self.deserialize::<T>(entry, header)?;
                Some(Spanned::new(span, parsed))
            })
            .collect()
    }

    /// An action's `[[action.update]]` tables, each deserialised on its own so one bad update
    /// does not hide the action or the other updates.
    pub(super) fn updates(&mut self, value: Spanned<DeValue<'t>>) -> Vec<Spanned<UpdateEntry>> {
        self.tables(value, "update", "[[action.update]]")
            .into_iter()
            .filter_map(|item| {
                let span = item.span();
                let entry = self.deserialize::<UpdateEntry>(item, "[[action.update]]")?;
                Some(Spanned::new(span, entry))
            })
            .collect()
    }

    /// An item's waiver tables, taken out of it and each deserialised on its own, so a
    /// mistyped waiver does not hide the item (and its other waivers) with it.
    fn take_waivers(
        &mut self,
        item: &mut Spanned<DeValue<'t>>,
        header: &str,
    ) -> Vec<Spanned<WaiverEntry>> {
        let taken = match item.get_mut() {
            DeValue::Table(table) => take(table, "waive"),
            _ => None,
        };
        let Some(value) = taken else {
            return Vec::new();
        };
        self.tables(value, "waive", header)
            .into_iter()
            .filter_map(|entry| {
                let span = entry.span();
                let waiver = self.deserialize::<WaiverEntry>(entry, header)?;
                Some(Spanned::new(span, waiver))
            })
            .collect()
    }

    /// The tables of an array of tables (`key`, written `header` in files); anything else in
    /// its place is reported and left out.
    fn tables(
        &mut self,
        value: Spanned<DeValue<'t>>,
        key: &str,
        header: &str,
    ) -> Vec<Spanned<DeValue<'t>>> {
        let span = value.span();
        let DeValue::Array(items) = value.into_inner() else {
            self.report(
                Diagnostic::new(
                    Rule::WrongType,
                    format!("`{key}` must be an array of tables: write each as {header}"),
                ),
                span,
            );
            return Vec::new();
        };
        items
            .into_iter()
            .filter(|item| {
                let table = item.get_ref().is_table();
                if !table {
                    self.report(wrong_type(key, "a table", item), item.span());
                }
                table
            })
            .collect()
    }

    /// Deserialises one table into `T`, first reporting (and removing) every key `T` does not
    /// know, so all unknown keys are reported, not just the first.
    pub(super) fn deserialize<T: DeserializeOwned>(
        &mut self,
        mut value: Spanned<DeValue<'t>>,
        what: &str,
    ) -> Option<T> {
        let known = schema::known_keys::<T>();
        if let DeValue::Table(table) = value.get_mut() {
            let mut unknown: Vec<(String, Range<usize>)> = table
                .iter()
                .filter(|(key, _)| !known.contains(&key.get_ref().as_ref()))
                .map(|(key, _)| (key.get_ref().to_string(), key.span()))
                .collect();
            // In file order: the table itself is ordered by key.
            unknown.sort_by_key(|(_, span)| span.start);
            // Listed alphabetically in the help, as the schema lists them.
            let mut listed = if unknown.is_empty() {
                Vec::new()
            } else {
                known.to_vec()
            };
            listed.sort_unstable();
            for (key, span) in unknown {
                table.remove(key.as_str());
                self.report(unknown_field(&key, &listed), span);
            }
        }
        let span = value.span();
        T::deserialize(ValueDeserializer::from(value))
            .map_err(|error| {
                let message = error.message().trim().to_owned();
                let rule = if message.starts_with("missing field") {
                    Rule::MissingField
                } else {
                    Rule::WrongType
                };
                let span = error.span().unwrap_or_else(|| span.clone());
                self.report(Diagnostic::new(rule, format!("{what}: {message}")), span);
            })
            .ok()
    }
}

/// `key`'s value, taken out of `table`. Most tables lack the key asked for, and looking
/// along their few keys is far cheaper than hashing it (SipHash) to find that out.
fn take<'t>(table: &mut DeTable<'t>, key: &str) -> Option<Spanned<DeValue<'t>>> {
    if table.keys().any(|k| k.get_ref() == key) {
        table.remove(key)
    } else {
        None
    }
}

pub(super) fn unknown_field(key: &str, known: &[&str]) -> Diagnostic {
    Diagnostic::new(Rule::UnknownField, format!("unknown key `{}`", escape(key)))
        .label("not a key this table accepts")
        .help(text::suggest_from(key, known, Quote::Key, "keys here"))
}

pub(super) fn wrong_type(key: &str, expected: &str, value: &Spanned<DeValue<'_>>) -> Diagnostic {
    Diagnostic::new(
        Rule::WrongType,
        format!(
            "`{key}` must be {expected}, not {}",
            value.get_ref().type_str()
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_unknown_key_is_reported_and_the_rest_still_read() {
        let text = "[priority]\nid = \"p\"\ntitle = \"P\"\ntitel = 1\nowner = 2\n\n[[action]]\nid = \"p-1\"\ntitle = \"A\"\n\n[[action]]\ntitle = 3\n";
        let mut parser = FileParser::new(FileId(0), text);
        let raw = parser.priority_file().expect("the priority is readable");
        assert_eq!(raw.priority.get_ref().title, "P");
        assert_eq!(
            raw.actions.len(),
            1,
            "the action with a bad title is left out"
        );
        let found: Vec<(Rule, &str)> = parser
            .found
            .iter()
            .map(|d| (d.rule, d.message.as_str()))
            .collect();
        // Actions are read first; the loader sorts findings by place afterwards.
        assert_eq!(
            found,
            [
                (
                    Rule::WrongType,
                    "[[action]]: invalid type: integer `3`, expected a string"
                ),
                (Rule::UnknownField, "unknown key `titel`"),
                (Rule::UnknownField, "unknown key `owner`"),
            ]
        );
        assert_eq!(
            parser.found[1].help.as_deref().unwrap(),
            "did you mean `title`? keys here: aims, description, due, due_note, id, owners, parent, source, start, title, waive"
        );
    }

    #[test]
    fn syntax_errors_are_all_reported_with_no_tables() {
        let mut parser = FileParser::new(FileId(0), "[priority\nid = \n");
        assert!(parser.priority_file().is_none());
        assert!(!parser.found.is_empty());
        assert!(parser.found.iter().all(|d| d.rule == Rule::Parse));
    }
}

#[cfg(test)]
mod quick_read_tests {
    use proptest::prelude::*;

    use super::super::fast::{action_piece, head, priority_file};
    use super::*;

    fn shown(raw: &RawFile) -> String {
        format!(
            "{:?}\n{:?}\n{:?}",
            raw.priority, raw.actions, raw.indicators
        )
    }

    /// The quick read of `text`, checked against the full one: when it reads the file at all,
    /// it reads it as the full parse does (spans included) and the full parse finds nothing.
    fn quick_read(text: &str) -> Option<RawFile> {
        let quick = priority_file(FileId(3), text)?;
        let mut full = FileParser::new(FileId(3), text);
        let raw = full.priority_file_in_full();
        assert_eq!(
            full.found,
            [],
            "read quickly, but the full parse reports:\n{text}"
        );
        let raw = raw.expect("a file read quickly reads in full");
        assert_eq!(shown(&quick), shown(&raw), "{text}");
        Some(quick)
    }

    /// The same for a file's head and its action pieces (see `pieces`).
    fn pieces_read_quickly_as_in_full(text: &str) {
        if let Some(quick) = head(FileId(3), text) {
            let mut full = FileParser::new(FileId(3), text);
            let raw = full
                .head_in_full()
                .expect("a head read quickly reads in full");
            assert_eq!((full.found, shown(&quick)), (vec![], shown(&raw)), "{text}");
        }
        if let Some(quick) = action_piece(text) {
            let mut full = FileParser::new(FileId(3), text);
            let actions = full
                .action_piece_in_full()
                .expect("a piece read quickly reads in full");
            let shown = |actions| format!("{actions:?}");
            assert_eq!(
                (full.found, shown(&quick)),
                (vec![], shown(&actions)),
                "{text}"
            );
        }
    }

    #[test]
    fn every_shipped_priority_file_is_read_quickly_as_in_full() {
        let plan = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("plan");
        let mut read = 0;
        for folder in ["strategic-action-plan", "cpa-outcomes"] {
            for entry in std::fs::read_dir(plan.join(folder)).unwrap() {
                let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
                let raw = quick_read(&text).expect("the shipped files are clean");
                read += raw.actions.len();
            }
        }
        assert_eq!(read, 61, "every [[action]] of the shipped plan");
    }

    const CLEAN: &str = "\u{feff}# A priority.\r\n[priority]\r\nid = \"p\" # its id\r\ntitle = 'P'\r\naims = [\"a\", 'b',]\r\nowners = [\r\n  \"Leader\", # the first\r\n  \"Cabinet\",\r\n]\r\ndue = 2004-03-31\r\nstart = \"2003/04\"\r\n\r\n[[priority.waive]]\r\nrule = \"missing-owner\"\r\nreason = \"\"\"\r\nNot named\\\r\n  in the source.\"\"\"\r\nuntil = \"2005-01-01\"\r\n\r\n[[ action ]]\r\nid = \"p-1\"\r\ntitle = \"Caf\\u00e9 \\\"one\\\"\"\r\nowners = []\r\ndue = \"April 2004\"\r\nstatus = \"done\"\r\ndone_on = 2004-04-02\r\nsource = '''raw\\n'''\r\n\r\n[[action.update]]\r\ndate = 2004-01-05\r\nnote = \"n\"\r\nrag = \"red\"\r\npercent = +1_0\r\nby = \"Leader\"\r\n\r\n[[action.waive]]\r\nrule = \"overdue\"\r\nreason = \"r\"\r\n\r\n[[action]]\r\ntitle = \"No id\"\r\n";

    #[test]
    fn a_clean_file_in_every_shape_it_knows_is_read_quickly_as_in_full() {
        let raw = quick_read(CLEAN).expect("a clean file");
        assert_eq!(raw.actions.len(), 2);
        let action = raw.actions[0].get_ref();
        assert_eq!(&*action.title, "Café \"one\"");
        assert_eq!(
            action.update[0]
                .get_ref()
                .percent
                .as_ref()
                .unwrap()
                .get_ref(),
            &10
        );
        assert_eq!(&CLEAN[raw.actions[0].span()], "[[ action ]]");
        assert_eq!(&CLEAN[action.owners.as_ref().unwrap().span()], "[]");
        assert_eq!(raw.priority.get_ref().waive.len(), 1);
    }

    #[test]
    fn anything_to_report_or_any_other_shape_is_left_to_the_full_parse() {
        let head = "[priority]\nid = \"p\"\ntitle = \"P\"\n";
        for tail in [
            "[[action]]\nid = \"a\"\n",                         // no title
            "[[action]]\ntitle = 3\n",                          // wrong type
            "[[action]]\ntitle = \"A\"\ntitle = \"B\"\n",       // a key twice
            "[[action]]\ntitle = \"A\"\ntitel = \"B\"\n",       // unknown key
            "[[action]]\ntitle = \"A\"\ndue = 2004\n",          // a number for a date
            "[[action]]\ntitle = \"A\"\nowners = \"Leader\"\n", // a string for a list
            "[[action]]\ntitle = \"A\"\nowners = [1]\n",
            "[[action]]\ntitle = \"A\"\nowners = [[\"x\"]]\n",
            "[[action]]\n\"title\" = \"A\"\n", // a quoted key
            "[[action]]\ntitle.x = \"A\"\n",   // a dotted key
            "[[action]]\ntitle = { x = 1 }\n",
            "[[action]]\ntitle = \"A\"\n[[action.update]]\nnote = \"n\"\n", // no date
            "[[action]]\ntitle = \"A\"\n[[action.update]]\ndate = 2004-01-01\npercent = 0x10\n",
            "[[action]]\ntitle = \"A\"\n[[action.update]]\ndate = 2004-01-01\npercent = 99999999999999999999\n",
            "[[action]]\ntitle = \"A\"\n[action.update]\ndate = 2004-01-01\n",
            "[[action]]\ntitle = \"A\"\ndue = 2004-13-01\n", // not a date
            "[[action.update]]\ndate = 2004-01-01\n",        // no action to update
            "[[indicator]]\nid = \"i\"\ntitle = \"I\"\n",
            "[priority]\nid = \"q\"\ntitle = \"Q\"\n", // a second priority
            "[action]\ntitle = \"A\"\n",
            "[[action]]\ntitle = \"A\n", // a syntax error
            "x = 1\n",
            "[[action]]\ntitle = \"A\"\nstatus = true\n",
            "[[action]]\ntitle = \"A\u{1}\"\n", // a control character
            "[[action]]\ntitle = \"A\u{7f}\"\n",
            "[[action]]\ntitle = \"A\\q\"\n", // not an escape
        ] {
            let text = format!("{head}{tail}");
            assert!(priority_file(FileId(0), &text).is_none(), "{text}");
        }
        assert!(
            priority_file(FileId(0), "[[action]]\ntitle = \"A\"\n").is_none(),
            "no priority"
        );
        assert!(priority_file(FileId(0), "x = 1\n[priority]\ntitle = \"P\"\n").is_none());
        assert!(
            priority_file(FileId(0), "[[priority.waive]]\n[priority]\ntitle = \"P\"\n").is_none()
        );
    }

    /// Lines of priority files: the shapes the quick read knows, and ones it must refuse.
    const LINES: [&str; 27] = [
        "[priority]\n",
        "[[action]]\n",
        "[[action.update]]\n",
        "[[action.waive]]\n",
        "[[priority.waive]]\n",
        "[[indicator]]\n",
        "id = \"p-1\"\n",
        "title = \"T\"\n",
        "title = 'Lit'\n",
        "due = 2004-01-05\n",
        "due = \"April 2004\"\n",
        "date = 2004-01-05\n",
        "owners = [\"Leader\", \"Cabinet\"]\n",
        "note = \"\"\"\nmulti\nline\"\"\"\n",
        "percent = 50\n",
        "rule = \"overdue\"\n",
        "reason = \"r\"\n",
        "# comment\n",
        "\n",
        "title = 1\n",
        "tilte = \"x\"\n",
        "due = 2004\n",
        "a.b = 1\n",
        "owners = [\"x\", 2]\n",
        "note = \"a\\tb \\\"q\\\" é\"\n",
        "note = \"bad\u{1}\"\n",
        "note = \"\"\n",
    ];

    proptest! {
        /// Whatever lines a file is made of, a file the quick read reads is read as in full.
        #[test]
        fn a_file_read_quickly_reads_as_in_full(
            headed in any::<bool>(),
            lines in prop::collection::vec(0..LINES.len(), 0..30),
        ) {
            let head = if headed { "[priority]\ntitle = \"P\"\n" } else { "" };
            let text: String = std::iter::once(head).chain(lines.iter().map(|&i| LINES[i])).collect();
            quick_read(&text);
            pieces_read_quickly_as_in_full(&text);
        }

        /// And a clean file is read quickly, not left to the full parse.
        #[test]
        fn a_clean_file_is_read_quickly(
            actions in prop::collection::vec((any::<bool>(), 0..3usize, any::<bool>()), 0..6)
        ) {
            let mut text = String::from("[priority]\nid = \"p\"\ntitle = \"P\"\n");
            for (i, (dated, updates, waived)) in actions.iter().enumerate() {
                text.push_str(&format!("\n[[action]]\nid = \"p-{i}\"\ntitle = \"A{i}\"\n"));
                if *dated {
                    text.push_str("due = 2004-03-31\n");
                }
                for u in 0..*updates {
                    text.push_str(&format!("[[action.update]]\ndate = \"2004-01-0{}\"\nnote = \"n\"\n", u + 1));
                }
                if *waived {
                    text.push_str("[[action.waive]]\nrule = \"overdue\"\nreason = \"r\"\n");
                }
            }
            let raw = quick_read(&text);
            prop_assert_eq!(raw.map(|raw| raw.actions.len()), Some(actions.len()));
            let first = text.find("[[action]]").unwrap_or(text.len());
            pieces_read_quickly_as_in_full(&text[..first]);
            pieces_read_quickly_as_in_full(&text[first..]);
            prop_assert!(head(FileId(3), &text[..first]).is_some());
            let piece = action_piece(&text[first..]).map(|actions| actions.len());
            prop_assert_eq!(piece, (!actions.is_empty()).then_some(actions.len()));
        }
    }
}
