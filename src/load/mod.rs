//! Plan folder → [`Plan`](crate::model::Plan). Every problem becomes a located
//! [`Diagnostic`]; loading never stops at the first one, so `plan check` can report them all.
//!
//! The steps, one module each: [`source`] (where bytes come from, the folder walk, size and
//! symlink policy), [`parse`] (TOML with spans, unknown keys), [`resolve`] (what one file
//! settles alone: owners, dates, statuses, progress; run in parallel), [`link`] (ids, parents,
//! cycles, inheritance across the whole plan). This module runs them in order.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use serde_spanned::Spanned;

mod carry;
mod fast;
mod indicators;
mod link;
mod parse;
mod pieces;
mod progress;
mod resolve;
pub mod source;
pub mod tree;
mod waivers;

pub use resolve::unknown_owner;
use resolve::{blank_name, unshowable_name};
pub use resolve::{is_blank, unshowable_char};
pub use source::Snapshot;

use crate::dates;
use crate::diag::severities::{Refused, Setting, Severities};
use crate::diag::{Diagnostic, FileId, Rule, SourceFile, SourceMap};
use crate::error::Error;
use crate::model::indicator::Indicator;
use crate::model::{Action, Meta, Plan, PriorityIdx};
use crate::roster::{RoleId, Roster};
use crate::schema::{CheckSettings, OwnersFile, PlanFile};
use crate::text::{self, Quote, closest, escape};
use parse::FileParser;
use resolve::{Caches, FileEntries, IdSpan, OwnerHelp, Resolver, SharedDues};
use source::{display_path, read_source};

/// Files larger than this are refused unread: no real plan file comes near it, and reading a
/// runaway file whole could exhaust memory.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;
/// Folders deeper than this under `plan/` are not searched (a guard against loops).
pub const MAX_DEPTH: usize = 32;

/// Priorities nested deeper than this (`parent` chains) are refused, by every command alike:
/// no plan is organised that deep, and the report renders the tree recursively.
pub const MAX_NESTING: usize = 32;

pub const PLAN_FILE: &str = "plan.toml";
pub const OWNERS_FILE: &str = "owners.toml";

/// A loaded plan with everything needed to report on it.
#[derive(Debug, Default)]
pub struct Loaded {
    pub plan: Plan,
    pub sources: SourceMap,
    pub diagnostics: Vec<Diagnostic>,
    /// `[check]` from `plan.toml`.
    pub check: CheckSettings,
    /// Its `deny` and `allow`, as read (what could not be honoured is a finding).
    pub severities: Severities,
    /// Number of files read (including ones that failed to parse).
    pub files_checked: usize,
}

impl Loaded {
    /// Problems that make query answers unreliable (see [`Rule::blocks_queries`]).
    pub fn blocking(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.is_error() && d.blocks_queries())
    }

    /// Problems confined to one item, which read commands answer around (see
    /// [`Rule::degrades`]).
    pub fn degraded(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.is_error() && d.degrades())
    }
}

/// Finds the plan folder: `explicit` (from `--plan` or `PLAN_DIR`) if given, else the nearest
/// `plan/plan.toml` (or a `plan.toml` in a folder itself) from `start` upwards. Anything at
/// the nearest such place that is not a readable file (a folder, a dangling link, a file it
/// may not read) stops the search with an error naming it: climbing past it would answer —
/// and let `plan check` pass — on some other plan.
pub fn discover(explicit: Option<&Path>, start: &Path) -> Result<PathBuf, Error> {
    if let Some(dir) = explicit {
        return match probe(&dir.join(PLAN_FILE)) {
            Probe::File => Ok(dir.to_path_buf()),
            Probe::Absent => Err(Error::NotAPlanFolder(dir.to_path_buf())),
            Probe::Unusable(reason) => Err(Error::UnusablePlanFile {
                path: dir.join(PLAN_FILE),
                reason,
            }),
        };
    }
    for dir in start.ancestors() {
        for candidate in [dir.join("plan"), dir.to_path_buf()] {
            let path = candidate.join(PLAN_FILE);
            match probe(&path) {
                Probe::Absent => {}
                Probe::File => return Ok(candidate),
                Probe::Unusable(reason) => return Err(Error::UnusablePlanFile { path, reason }),
            }
        }
    }
    Err(Error::NoPlanFound(start.to_path_buf()))
}

enum Probe {
    Absent,
    File,
    /// Something is there, but not a file this tool can read; why.
    Unusable(String),
}

fn probe(path: &Path) -> Probe {
    let link = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        // `plan` may be a file (a script of that name): then there is no plan folder here.
        Err(err)
            if matches!(
                err.kind(),
                std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
            ) =>
        {
            return Probe::Absent;
        }
        // Not even knowing whether it is there (a folder it may not search) is not "absent".
        Err(err) => return Probe::Unusable(format!("cannot look at it: {err}")),
    };
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(err) if link.file_type().is_symlink() => {
            return Probe::Unusable(format!(
                "it is a symbolic link that cannot be followed (broken or a loop): {err}"
            ));
        }
        Err(err) => return Probe::Unusable(format!("cannot look at it: {err}")),
    };
    if meta.is_dir() {
        return Probe::Unusable("it is a folder, not a file".into());
    }
    if !meta.is_file() {
        return Probe::Unusable("it is not a regular file".into());
    }
    match std::fs::File::open(path) {
        Ok(_) => Probe::File,
        Err(err) => Probe::Unusable(format!("cannot read it: {err}")),
    }
}

/// Loads the plan folder at `dir` from the working tree. Fails only when the folder is not a
/// plan folder; every problem inside it is a diagnostic in the result.
pub fn load(dir: &Path) -> Result<Loaded, Error> {
    load_from(dir, Snapshot::WorkTree)
}

/// Loads the plan folder at `dir`, reading its files from `snapshot`.
pub fn load_from(dir: &Path, snapshot: Snapshot) -> Result<Loaded, Error> {
    load_with(dir, snapshot, None)
}

/// Loads one version after another of the same plan folder (a history walk): a priority file
/// whose text, place and context are those of a version loaded before is not parsed again,
/// and its actions are moved over from that version (see [`carry`]). The version loaded is
/// kept in `cache` until the next.
pub fn load_version<'c>(
    dir: &Path,
    snapshot: Snapshot,
    cache: &'c mut FileCache,
) -> Result<&'c Loaded, Error> {
    let mut taken = std::mem::take(cache);
    let loaded = load_with(dir, snapshot, Some(&mut taken));
    *cache = taken;
    let loaded = loaded?;
    let (ranges, paths) = cache.placed.take().unwrap_or_default();
    let last = cache.last.insert(carry::Last {
        loaded,
        ranges,
        paths,
    });
    Ok(&last.loaded)
}

/// Priority files as [`Loader::load_priority_files`] left them, from the last version loaded.
///
/// What a priority file settles alone depends on its text, its place in the plan (its
/// [`FileId`], which every finding and action carries), and the roster and date settings
/// (`owners.toml`, `plan.toml`) it was resolved against; nothing else (the per-thread caches
/// only save work). So an entry is reused only when all of these are the same, texts
/// compared whole, never by a hash.
#[derive(Default)]
pub struct FileCache {
    /// The `plan.toml` and `owners.toml` texts the entries were resolved against.
    context: Option<(Option<String>, Option<String>)>,
    files: std::collections::HashMap<PathBuf, CachedFile>,
    /// Due texts read under those settings, kept for the versions that follow: a file a
    /// commit changed is parsed again whole, and its due texts are nearly all ones read
    /// before (`dates::parse_due` was 6% of a 200-commit walk). A reading depends only on
    /// the text and `plan.toml`'s date settings.
    dues: SharedDues,
    /// How many actions the last version held: the next is about as many, and growing the
    /// list by doubling moved every action several times a version.
    actions: usize,
    /// The roster as the last version's `owners.toml` made it (rebuilding it was 6% of a
    /// walk).
    roster: Option<CachedRoster>,
    /// The last version, whose linked actions the next takes over where it can.
    last: Option<carry::Last>,
    /// Where the version being loaded put each file's actions, and its priority files.
    placed: Option<(carry::Ranges, Vec<PathBuf>)>,
}

/// A roster and its findings, and the text and place in the plan it was made from (all it
/// depends on).
struct CachedRoster {
    file: FileId,
    text: String,
    roster: std::sync::Arc<Roster>,
    found: Vec<Diagnostic>,
}

struct CachedFile {
    file: FileId,
    text: String,
    loaded: LoadedFile,
    /// Its `[[action]]` pieces, when it was loaded piece by piece (see [`pieces`]), and how
    /// long its head is then (the text its priority is read from).
    pieces: pieces::Pieces,
    head: Option<usize>,
}

impl CachedFile {
    /// Whether `text`, loaded piece by piece at this file's place with a head `head` bytes
    /// long, has the priority this file had: the same head.
    fn same_head(&self, file: FileId, text: &str, head: usize) -> bool {
        self.file == file
            && self
                .head
                .is_some_and(|n| self.text.get(..n) == text.get(..head))
    }
}

/// What the cache keeps of a file just loaded: nothing (no cache, or unreadable), the entry
/// it already had (the same text at the same place; `Moved`: its actions to be moved from
/// the last version), or a copy of this parse, its text and its pieces, made on the file's
/// own thread (copied where results are taken in order, it was half of that one thread's
/// time in a walk).
enum Keep {
    No,
    Reused,
    Moved,
    Parsed(Box<CachedFile>),
}

impl Keep {
    fn parsed(
        file: FileId,
        text: String,
        loaded: &LoadedFile,
        pieces: pieces::Pieces,
        head: Option<usize>,
    ) -> Keep {
        Keep::Parsed(Box::new(CachedFile {
            file,
            text,
            loaded: loaded.clone(),
            pieces,
            head,
        }))
    }
}

/// One priority file read, parsed and resolved: its source, findings (with the names not on
/// the roster, by finding), and entries.
type LoadedFile = (
    std::sync::Arc<SourceFile>,
    (Vec<Diagnostic>, Vec<(usize, String)>),
    Option<FileEntries>,
);

impl FileCache {
    /// Starts a version: entries resolved against another roster or settings are dropped.
    fn begin(&mut self, snapshot: &Snapshot, dir: &Path) {
        let text = |name: &str| snapshot.read_text(&dir.join(name)).ok();
        let context = Some((text(PLAN_FILE), text(OWNERS_FILE)));
        if self.context != context {
            self.files.clear();
            self.dues = SharedDues::default();
            self.context = context;
        }
    }
}

fn load_with(
    dir: &Path,
    snapshot: Snapshot,
    mut cache: Option<&mut FileCache>,
) -> Result<Loaded, Error> {
    if !snapshot.is_file(&dir.join(PLAN_FILE)) {
        return Err(Error::NotAPlanFolder(dir.to_path_buf()));
    }
    let mut loader = Loader::new(dir);
    loader.snapshot = snapshot;
    let meta = loader.load_meta();
    let date_settings = meta.dates;
    loader.loaded.plan.meta = meta;
    loader.load_roster(cache.as_deref_mut());
    let (entries, id_spans) = loader.load_priority_files(date_settings, cache);
    loader.resolve(entries, &id_spans);
    let mut loaded = loader.loaded;
    let snapshot = std::sync::Arc::new(loader.snapshot);
    loaded
        .sources
        .set_reread(crate::diag::Reread(std::sync::Arc::new(
            move |path: &Path| snapshot.read_text(path).ok(),
        )));
    loaded
        .diagnostics
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Ok(loaded)
}

struct Loader {
    dir: PathBuf,
    /// What file paths are shown relative to: the plan folder's parent.
    base: PathBuf,
    loaded: Loaded,
    snapshot: Snapshot,
}

impl Loader {
    fn new(dir: &Path) -> Self {
        let base = dir.parent().map(Path::to_path_buf).unwrap_or_default();
        Loader {
            dir: dir.to_path_buf(),
            base,
            loaded: Loaded::default(),
            snapshot: Snapshot::WorkTree,
        }
    }

    fn report(&mut self, diagnostic: Diagnostic) {
        self.loaded.diagnostics.push(diagnostic);
    }

    /// Reads a file into the source map. `None` (with a diagnostic) when it cannot be read as
    /// UTF-8 text within the size limit.
    fn read(&mut self, path: &Path) -> Option<FileId> {
        self.loaded.files_checked += 1;
        let id = FileId(u32::try_from(self.loaded.sources.len()).expect("fewer than 2^32 files"));
        let (source, problem) = read_source(&self.snapshot, &self.base, path, id);
        let file = self.loaded.sources.add(source);
        match problem {
            None => Some(file),
            Some(diagnostic) => {
                self.report(diagnostic);
                None
            }
        }
    }

    /// The text of a file just read (kept until the load ends).
    fn text_of(&self, file: FileId) -> &str {
        self.loaded
            .sources
            .get(file)
            .kept_text()
            .unwrap_or_default()
    }

    /// Parses a file that is one table of type `T` (`plan.toml`, `owners.toml`).
    fn parse_whole<T: DeserializeOwned>(&mut self, file: FileId, what: &str) -> Option<T> {
        let text = self.text_of(file);
        let mut parser = FileParser::new(file, text);
        let parsed = parser
            .document()
            .and_then(|doc| parser.deserialize::<T>(doc, what));
        self.loaded.diagnostics.append(&mut parser.found);
        parsed
    }

    fn load_meta(&mut self) -> Meta {
        let mut meta = Meta::default();
        let Some(file) = self.read(&self.dir.join(PLAN_FILE)) else {
            return meta;
        };
        let Some(parsed) = self.parse_whole::<PlanFile>(file, "plan.toml") else {
            return meta;
        };
        meta.dates = self.date_settings(file, &parsed);
        meta.title = parsed.title;
        meta.organisation = parsed.organisation;
        if let Some(start) = parsed.financial_year_start {
            match u32::try_from(*start.get_ref()) {
                Ok(month @ 1..=12) => meta.dates.fy_start = month,
                _ => self.report(
                    Diagnostic::new(
                        Rule::WrongType,
                        format!(
                            "financial_year_start must be a month number 1-12, not {}",
                            start.get_ref()
                        ),
                    )
                    .at(file, start.span())
                    .help(
                        "UK councils start the financial year in April: financial_year_start = 4",
                    ),
                ),
            }
        }
        if let Some(days) = &parsed.data_due_after {
            match u32::try_from(*days.get_ref()) {
                Ok(days @ 0..=Meta::MAX_DATA_DUE_AFTER) => meta.data_due_after = days,
                _ => self.report(
                    Diagnostic::new(
                        Rule::WrongType,
                        format!(
                            "data_due_after must be a number of days from 0 to {}, not {}",
                            Meta::MAX_DATA_DUE_AFTER,
                            days.get_ref()
                        ),
                    )
                    .at(file, days.span())
                    .help("figures for a period are due this many days after it ends; the default is 30"),
                ),
            }
        }
        if let Some(start) = &parsed.start {
            match resolve::start_day(start.get_ref(), &meta.dates) {
                Ok(day) => meta.start = Some(day),
                Err(finding) => self.report(finding.at(file, start.span())),
            }
        }
        meta.report_title = parsed
            .report
            .and_then(|r| r.title)
            .filter(|t| !t.trim().is_empty());
        let settings = parsed.check.unwrap_or_default();
        self.loaded.severities = self.severities(file, &settings);
        if let Some(after) = &settings.stale_after
            && after.get_ref().parse::<dates::Horizon>().is_err()
        {
            self.report(
                Diagnostic::new(
                    Rule::WrongType,
                    format!(
                        "stale_after must be a span such as \"90d\", \"12w\" or \"3m\", not \"{}\"",
                        escape(after.get_ref())
                    ),
                )
                .at(file, after.span())
                .help("an open action whose latest update is older than this is reported as stale"),
            );
        }
        self.loaded.check = settings;
        meta
    }

    /// `[check]`'s `deny` and `allow`, read as `--deny` and `--allow` are; a setting that
    /// cannot be honoured (an unknown rule, a rule that may not be allowed) is reported
    /// where it is written, and left out.
    fn severities(&mut self, file: FileId, settings: &CheckSettings) -> Severities {
        let mut severities = Severities::default();
        let deny = settings.deny.iter().map(|r| (r, Setting::Deny));
        let allow = settings.allow.iter().map(|r| (r, Setting::Allow));
        for (name, setting) in deny.chain(allow) {
            let finding = match severities.set(name.get_ref(), setting) {
                Ok(_) => continue,
                Err(Refused::Unknown) => unknown_rule(name.get_ref()),
                Err(Refused::NotAllowable(why)) => Diagnostic::new(
                    Rule::WrongType,
                    format!("rule \"{}\" cannot be allowed: {why}", name.get_ref()),
                )
                .label("cannot be allowed")
                .help("allow takes only rules about completeness and progress; deny it instead, or remove it"),
            };
            self.report(finding.at(file, name.span()));
        }
        severities
    }

    /// `date_order` and `quarters` from `plan.toml`; an unknown value is reported and the
    /// default kept, so no date is read under a setting the plan did not ask for.
    fn date_settings(&mut self, file: FileId, parsed: &PlanFile) -> dates::Settings {
        let mut settings = dates::Settings::default();
        if let Some(order) = &parsed.date_order {
            match dates::DateOrder::from_name(order.get_ref()) {
                Some(known) => settings.date_order = Some(known),
                None => self.report(
                    bad_setting("date_order", order, &["dmy", "mdy"]).at(file, order.span()),
                ),
            }
        }
        if let Some(quarters) = &parsed.quarters {
            match dates::Quarters::from_name(quarters.get_ref()) {
                Some(known) => settings.quarters = known,
                None => self.report(
                    bad_setting("quarters", quarters, &["calendar", "financial"])
                        .at(file, quarters.span()),
                ),
            }
        }
        settings
    }

    /// A role name or alias with a control character is an error, but the role still goes on
    /// the roster: refusing it would turn every action naming it into an unknown owner too.
    fn refuse_unshowable(&mut self, what: &str, file: FileId, name: &Spanned<String>) {
        if let Some(c) = unshowable_char(name.get_ref()) {
            self.report(unshowable_name(what, c).at(file, name.span()));
        }
    }

    /// One `[[role]]` of owners.toml onto the roster; `None` (and a finding) for a blank name
    /// or one already used. Blank aliases are reported and left out.
    fn add_role(
        &mut self,
        roster: &mut Roster,
        file: FileId,
        entry: &crate::schema::RoleEntry,
    ) -> Option<RoleId> {
        if is_blank(entry.name.get_ref()) {
            self.report(blank_name("role name").at(file, entry.name.span()));
            return None;
        }
        self.refuse_unshowable("role name", file, &entry.name);
        let mut aliases = Vec::new();
        for alias in &entry.aliases {
            self.refuse_unshowable("alias", file, alias);
            if is_blank(alias.get_ref()) {
                self.report(blank_name("alias").at(file, alias.span()));
            } else {
                aliases.push(alias.get_ref().clone());
            }
        }
        let clash = match roster.add(entry.name.get_ref(), &aliases) {
            Ok(id) => return Some(id),
            Err(clash) => clash,
        };
        let first = roster.name(clash.existing).to_owned();
        self.report(
            Diagnostic::new(
                Rule::DuplicateRole,
                format!(
                    "role name \"{}\" is already used by role \"{first}\"",
                    clash.name
                ),
            )
            .at(file, entry.name.span())
            .help("each role and alias must be listed once (names match case-insensitively)"),
        );
        None
    }

    fn load_roster(&mut self, cache: Option<&mut FileCache>) {
        let path = self.dir.join(OWNERS_FILE);
        if !self.snapshot.is_file(&path) {
            // A FIFO or folder is there, not missing: say what it is.
            let what = match self.snapshot.stat(&path) {
                None => "is missing",
                Some(_) => "is not a regular file (not read)",
            };
            self.report(
                Diagnostic::new(
                    Rule::Io,
                    format!(
                        "no roster: {} {what}, so no owner can be recognised",
                        display_path(&self.base, &path)
                    ),
                )
                .help("list each role once in owners.toml as [[role]] with name = \"...\""),
            );
            return;
        }
        let Some(file) = self.read(&path) else { return };
        let text = self.text_of(file);
        let Some(cache) = cache else {
            self.build_roster(file);
            return;
        };
        match &cache.roster {
            Some(cached) if cached.file == file && cached.text == text => {
                self.loaded.plan.roster = std::sync::Arc::clone(&cached.roster);
                self.loaded.diagnostics.extend(cached.found.iter().cloned());
            }
            _ => {
                let text = text.to_owned();
                let before = self.loaded.diagnostics.len();
                self.build_roster(file);
                cache.roster = Some(CachedRoster {
                    file,
                    text,
                    roster: std::sync::Arc::clone(&self.loaded.plan.roster),
                    found: self.loaded.diagnostics[before..].to_vec(),
                });
            }
        }
    }

    /// The roster from `owners.toml`, read as `file`, onto the plan; its findings reported.
    fn build_roster(&mut self, file: FileId) {
        let Some(parsed) = self.parse_whole::<OwnersFile>(file, "owners.toml") else {
            return;
        };
        let mut roster = Roster::default();
        let mut added: Vec<(RoleId, &[Spanned<String>])> = Vec::new();
        for entry in &parsed.role {
            if let Some(id) = self.add_role(&mut roster, file, entry) {
                added.push((id, &entry.member_of));
            }
        }
        let mut help = OwnerHelp::default();
        for (member, groups) in added {
            for group in groups {
                match roster.lookup(group.get_ref()) {
                    Some(group_id) => roster.add_membership(member, group_id),
                    None => {
                        let name = group.get_ref();
                        let diagnostic =
                            resolve::unknown_owner_finding(name).help(help.help(&roster, name));
                        self.report(diagnostic.at(file, group.span()));
                    }
                }
            }
        }
        self.loaded.plan.roster = std::sync::Arc::new(roster);
    }

    /// Reads, parses and resolves the priority files on the thread pool, and takes each
    /// file's result in path order as soon as it is ready: its text into the source map, its
    /// findings, its actions straight into the plan (their priority set), so at most a few
    /// files' worth of intermediate results exist at once. Returns the priorities' entries
    /// and the actions' id spans, for `link`.
    fn load_priority_files(
        &mut self,
        date_settings: dates::Settings,
        mut cache: Option<&mut FileCache>,
    ) -> (Vec<FileEntries>, IdSpans) {
        let paths = self.priority_file_paths();
        if let Some(cache) = cache.as_deref_mut() {
            cache.begin(&self.snapshot, &self.dir);
        }
        // The due texts read in the versions before (a walk), or none.
        let shared_dues = cache
            .as_deref_mut()
            .map(|c| std::mem::take(&mut c.dues))
            .unwrap_or_default();
        let last = cache.as_deref_mut().and_then(|c| c.last.take());
        let mut carry = carry::Carry::new(last, &paths);
        let previous = cache.as_deref().map(|c| &c.files);
        if let Some(cache) = cache.as_deref() {
            self.loaded.plan.actions.reserve(cache.actions);
        }
        let mut kept = std::collections::HashMap::new();
        let mut reused = Vec::new();
        let base = self.base.clone();
        let first = self.loaded.sources.len();
        let mut entries = Vec::new();
        let mut id_spans = IdSpans::default();
        let (snapshot, loaded) = (&self.snapshot, &mut self.loaded);
        let roster = &loaded.plan.roster;
        let mut model = Taken {
            actions: &mut loaded.plan.actions,
            indicators: &mut loaded.plan.indicators,
        };
        // Each file loaded, what the cache keeps of it, and whether its priority reads as in
        // the last version (see `carry`).
        let load_file = |caches: &mut Caches, i: usize, path: &PathBuf| {
            let file = FileId(u32::try_from(first + i).expect("fewer than 2^32 files"));
            let reused = previous.and_then(|files| {
                let cached = files.get(path).filter(|c| c.file == file)?;
                snapshot.reads_as(path, &cached.text).then_some(cached)
            });
            if let Some(cached) = reused {
                // Its actions are moved from the last version, or copied (in `take`).
                let (source, found, entry) = &cached.loaded;
                return match entry {
                    Some(entry) => (
                        (source.clone(), found.clone(), Some(entry.without_actions())),
                        Keep::Moved,
                        true,
                    ),
                    _ => (cached.loaded.clone(), Keep::Reused, true),
                };
            }
            let (source, problem) = read_source(snapshot, &base, path, file);
            if let Some(diagnostic) = problem {
                return (
                    (source.into(), (vec![diagnostic], Vec::new()), None),
                    Keep::No,
                    false,
                );
            }
            // The parsed tables are resolved and dropped here, on the file's own thread.
            let text = source.kept_text().unwrap_or_default();
            let mut resolver = Resolver {
                roster,
                date_settings,
                caches,
                shared_dues: &shared_dues,
                file,
                found: Vec::new(),
                unknown_names: Vec::new(),
            };
            // A walk reads a file that changed piece by piece, parsing only what changed.
            if let Some(files) = previous {
                let cached = files.get(path);
                let before = cached.map(|cached| &cached.pieces);
                if let Some((entry, pieces, head)) = pieces::load(&mut resolver, text, before) {
                    let same = cached.is_some_and(|c| c.same_head(file, text, head));
                    let text = text.to_owned();
                    let loaded = (
                        keep_text_if_found(source, &[]),
                        Default::default(),
                        Some(entry),
                    );
                    let keep = Keep::parsed(file, text, &loaded, pieces, Some(head));
                    return (loaded, keep, same);
                }
                resolver.found.clear();
                resolver.unknown_names.clear();
            }
            let mut parser = FileParser::new(file, text);
            let raw = parser.priority_file();
            resolver.found = parser.found;
            let entry = raw.map(|raw| resolver.file_entries(raw));
            let found = (resolver.found, resolver.unknown_names);
            let text = previous.map(|_| text.to_owned());
            let loaded = (keep_text_if_found(source, &found.0), found, entry);
            let keep = text.map_or(Keep::No, |text| {
                Keep::parsed(file, text, &loaded, Default::default(), None)
            });
            (loaded, keep, false)
        };
        // Files are handed out in path order (`par_bridge`), and each result is taken in that
        // order (ids by position), so the plan is the same at any thread count.
        // Unknown owners get their "did you mean" here, in file order (bounded, see OwnerHelp).
        let mut owner_help = OwnerHelp::default();
        // A walk's versions after the first reuse most files and parse a few pieces, while the
        // walk's reader and git keep the other core busy: handing files to the pool then cost
        // more than it saved (10-20% of a 200-commit walk's CPU, and its wall time with it).
        let parallel = previous.is_none_or(|files| files.is_empty());
        in_order(
            &paths,
            parallel,
            load_file,
            |(loaded_file, keep, same): (LoadedFile, Keep, bool)| {
                let path = loaded_file.0.path.clone();
                if !same {
                    carry.changed();
                }
                let moved = matches!(keep, Keep::Moved);
                match keep {
                    Keep::No => {}
                    Keep::Reused | Keep::Moved => reused.push(path.clone()),
                    Keep::Parsed(cached) => {
                        kept.insert(path.clone(), *cached);
                    }
                }
                let (source, (mut found, unknown_names), entry) = loaded_file;
                for (at, name) in unknown_names {
                    found[at].help = Some(owner_help.help(roster, &name).into());
                }
                loaded.sources.add(source);
                loaded.diagnostics.append(&mut found);
                let Some(mut entry) = entry else { return };
                let start = model.actions.len();
                let carried = moved && carry.take_into(&mut entry, &path);
                if moved && !carried {
                    entry.actions = cached_actions(previous, &path);
                }
                take_entry(entry, &mut model, &mut entries, &mut id_spans);
                carry.placed(&path, start..model.actions.len(), carried);
            },
        );
        model.actions.shrink_to_fit();
        let (relink, placed) = carry.finish();
        for (path, range) in relink {
            unlink(&mut model.actions[range], cached_actions(previous, &path));
        }
        if let Some(cache) = cache {
            cache.placed = Some((placed, paths));
            // A file reused is kept as it was, not copied again.
            let mut before = std::mem::take(&mut cache.files);
            for path in reused {
                if let Some(cached) = before.remove(&path) {
                    kept.insert(path, cached);
                }
            }
            cache.files = kept;
            cache.dues = shared_dues;
            cache.actions = model.actions.len();
        }
        (entries, id_spans)
    }

    /// The priority files under the plan folder, in path order; what cannot be walked is
    /// reported.
    fn priority_file_paths(&mut self) -> Vec<PathBuf> {
        let base = &self.base;
        let (paths, mut found) =
            source::collect_toml_files(&self.snapshot, &self.dir, &|p| display_path(base, p));
        self.loaded.diagnostics.append(&mut found);
        self.loaded.files_checked += paths.len();
        paths
    }
}

/// A priority changed: the actions moved from the last version are replaced by their
/// unlinked selves, under the priority they now have.
fn unlink(moved: &mut [Action], fresh: Vec<Action>) {
    for (action, fresh) in moved.iter_mut().zip(fresh) {
        *action = Action {
            priority: action.priority,
            ..fresh
        };
    }
}

/// The actions of the file at `path` as the cache holds them: resolved, not yet linked.
fn cached_actions(
    files: Option<&std::collections::HashMap<PathBuf, CachedFile>>,
    path: &Path,
) -> Vec<Action> {
    files
        .and_then(|files| files.get(path))
        .and_then(|cached| cached.loaded.2.as_ref())
        .map(|entry| entry.actions.clone())
        .unwrap_or_default()
}

/// The file's text is kept only where a finding may be shown from (and read again if a
/// later one is), and let go on the thread that read it.
fn keep_text_if_found(mut source: SourceFile, found: &[Diagnostic]) -> std::sync::Arc<SourceFile> {
    if found.is_empty() {
        source.forget_text();
    }
    source.into()
}

/// Where the plan's actions and indicators go as each file is taken.
struct Taken<'a> {
    actions: &'a mut Vec<Action>,
    indicators: &'a mut Vec<Indicator>,
}

/// Where each action's and indicator's `id` is written, in plan order, and the actions' ids
/// indexed as they come, for `link`.
#[derive(Default)]
struct IdSpans {
    actions: Vec<Option<IdSpan>>,
    indicators: Vec<Option<IdSpan>>,
    action_ids: link::ActionIds,
}

/// Moves one file's actions and indicators into the plan (under the priority it becomes)
/// and keeps its entry.
fn take_entry(
    mut entry: FileEntries,
    model: &mut Taken<'_>,
    entries: &mut Vec<FileEntries>,
    id_spans: &mut IdSpans,
) {
    let priority = PriorityIdx::new(entries.len());
    let first = model.actions.len();
    // Taken, not drained: the file's buffers are freed here, not kept with it.
    model.actions.extend(
        std::mem::take(&mut entry.actions)
            .into_iter()
            .map(|mut action| {
                action.priority = priority;
                action
            }),
    );
    model
        .indicators
        .extend(
            std::mem::take(&mut entry.indicators)
                .into_iter()
                .map(|mut indicator| {
                    indicator.priority = priority;
                    indicator
                }),
        );
    id_spans.actions.extend(std::mem::take(&mut entry.id_spans));
    // Here, while the pool reads the next files, not on one core after the last.
    id_spans
        .action_ids
        .index(model.actions, &id_spans.actions, first);
    id_spans
        .indicators
        .extend(std::mem::take(&mut entry.indicator_id_spans));
    entries.push(entry);
}

/// Runs `work` for each of `items` on the thread pool (or, not `parallel`, here) and hands
/// the results to `take` on the calling thread, in `items`' order, while later items are
/// still being worked on.
fn in_order<T, R, W, F>(items: &[T], parallel: bool, work: W, mut take: F)
where
    T: Sync,
    R: Send,
    W: Fn(&mut Caches, usize, &T) -> R + Sync,
    F: FnMut(R),
{
    // Already on the pool (no caller does this today): waiting there for the pool's own
    // work could deadlock it, so work through the items here instead.
    if !parallel || rayon::current_thread_index().is_some() {
        let mut caches = Caches::default();
        for (i, item) in items.iter().enumerate() {
            take(work(&mut caches, i, item));
        }
        return;
    }
    let (sender, results) = std::sync::mpsc::channel();
    std::thread::scope(|scope| {
        scope.spawn(|| {
            items.iter().enumerate().par_bridge().for_each_init(
                || (Batch::new(sender.clone()), Caches::default()),
                |(batch, caches), (i, item)| batch.push(i, work(caches, i, item)),
            );
            drop(sender);
        });
        let mut waiting = std::collections::BTreeMap::new();
        let mut next = 0;
        for (i, result) in results.into_iter().flatten() {
            waiting.insert(i, result);
            while let Some(result) = waiting.remove(&next) {
                take(result);
                next += 1;
            }
        }
    });
}

/// Results sent to the taker a few at a time: a send per file woke it a thousand times on a
/// large plan, and both cores queued on the channel's lock to do so (a sixth of their time).
struct Batch<R> {
    sender: std::sync::mpsc::Sender<Vec<(usize, R)>>,
    results: Vec<(usize, R)>,
}

impl<R> Batch<R> {
    /// Files a thread holds before sending them on; the taker waits for the first of them,
    /// so this many per thread is also how far results can pile up out of order.
    const FILES: usize = 8;

    fn new(sender: std::sync::mpsc::Sender<Vec<(usize, R)>>) -> Self {
        Batch {
            sender,
            results: Vec::with_capacity(Self::FILES),
        }
    }

    fn push(&mut self, i: usize, result: R) {
        self.results.push((i, result));
        if self.results.len() == Self::FILES {
            self.send();
        }
    }

    fn send(&mut self) {
        let results = std::mem::replace(&mut self.results, Vec::with_capacity(Self::FILES));
        // The receiver lives until every result is in; a send cannot fail.
        let _ = self.sender.send(results);
    }
}

impl<R> Drop for Batch<R> {
    /// A thread's last results go when its share of the work is done.
    fn drop(&mut self) {
        if !self.results.is_empty() {
            self.send();
        }
    }
}

/// A `plan.toml` setting with a value it does not take; names the values and the docs.
fn bad_setting(key: &str, value: &Spanned<String>, values: &[&str]) -> Diagnostic {
    let listed = values
        .iter()
        .map(|v| format!("\"{v}\""))
        .collect::<Vec<_>>()
        .join(" or ");
    let diagnostic = Diagnostic::new(
        Rule::WrongType,
        format!(
            "{key} must be {listed}, not \"{}\"",
            escape(value.get_ref())
        ),
    );
    match closest(value.get_ref(), values) {
        Some(near) => diagnostic.help(format!("did you mean \"{near}\"? see docs/dates.md")),
        None => diagnostic.help("see docs/dates.md"),
    }
}

pub(super) fn unknown_rule(name: &str) -> Diagnostic {
    let names: Vec<&str> = Rule::ALL.iter().map(|r| r.name()).collect();
    let diagnostic = Diagnostic::new(
        Rule::UnknownField,
        format!("unknown rule \"{}\"", escape(name)),
    );
    match closest(name, &names) {
        Some(near) => diagnostic.help(text::suggest_one(near, Quote::Value)),
        None => diagnostic.help(format!("rules: {}", names.join(", "))),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    const PLAN: &str = "title = \"T\"\norganisation = \"O\"\n";
    const OWNERS: &str = "[[role]]\nname = \"Chief Executive\"\n\n[[role]]\nname = \"Leader\"\n";

    /// Loads a plan from files held in memory (`plan.toml` and `owners.toml` added).
    pub(crate) fn load_files(files: &[(&str, &str)]) -> Loaded {
        let dir = PathBuf::from("/mem/plan");
        let all = [("plan.toml", PLAN), ("owners.toml", OWNERS)]
            .iter()
            .chain(files)
            .map(|(path, text)| (dir.join(path), text.as_bytes().to_vec()));
        let tree = source::MemTree::with_files(dir.clone(), all);
        load_from(&dir, Snapshot::Files(tree)).unwrap()
    }

    pub(crate) fn rules(loaded: &Loaded) -> Vec<(Rule, String)> {
        loaded
            .diagnostics
            .iter()
            .map(|d| (d.rule, d.message.clone()))
            .collect()
    }

    #[test]
    fn work_on_the_pool_is_taken_in_order_and_all_of_it() {
        let items: Vec<usize> = (0..1001).collect();
        let mut taken = Vec::new();
        in_order(&items, true, |_, i, item| (i, item * 2), |r| taken.push(r));
        let expected: Vec<(usize, usize)> = items.iter().map(|&i| (i, i * 2)).collect();
        assert_eq!(taken, expected);
    }

    #[test]
    fn a_plan_loads_in_file_order_with_every_problem() {
        let loaded = load_files(&[
            (
                "b.toml",
                "[priority]\nid = \"b\"\ntitle = \"B\"\nowners = [\"Leader\"]\n",
            ),
            (
                "a.toml",
                "[priority]\nid = \"a\"\ntitle = \"A\"\nowners = [\"Nobody\"]\nzzz = 1\n",
            ),
        ]);
        let ids: Vec<&str> = loaded
            .plan
            .priorities
            .iter()
            .map(|p| p.id.as_str())
            .collect();
        assert_eq!(ids, ["a", "b"]);
        assert_eq!(loaded.files_checked, 4);
        assert_eq!(
            rules(&loaded),
            [
                (
                    Rule::UnknownOwner,
                    "\"Nobody\" is not a role on the roster".to_owned()
                ),
                (Rule::UnknownField, "unknown key `zzz`".to_owned()),
            ]
        );
    }

    /// A history walk reuses what it parsed: the version loaded through the cache is the
    /// one a fresh load gives, findings included, whichever files changed between versions.
    #[test]
    fn a_version_loaded_through_the_cache_is_the_fresh_load() {
        let dir = PathBuf::from("/mem/plan");
        let version = |b: &str, owners: &str| {
            let files = [
                ("plan.toml", PLAN.to_owned()),
                ("owners.toml", owners.to_owned()),
                ("a.toml", "[priority]\nid = \"a\"\ntitle = \"A\"\nowners = [\"Leader\"]\n\n[[action]]\nid = \"a1\"\ntitle = \"T\"\ndue = \"April 2004\"\n".to_owned()),
                ("b.toml", b.to_owned()),
            ];
            Snapshot::Files(source::MemTree::with_files(
                dir.clone(),
                files
                    .into_iter()
                    .map(|(p, t)| (dir.join(p), t.into_bytes())),
            ))
        };
        let b1 = "[priority]\nid = \"b\"\ntitle = \"B\"\nowners = [\"Nobody\"]\n";
        let b2 = "[priority]\nid = \"b\"\ntitle = \"B2\"\nowners = [\"Leader\"]\nzzz = 1\n";
        let fewer = "[[role]]\nname = \"Leader\"\n";
        let broken = "[[role]]\nname = \"Leader\"\nmember_of = [\"Cabinet\"]\n\n[[role]]\nname = \"leader\"\n";
        let mut cache = FileCache::default();
        let mut last_roster = None;
        for (b, owners) in [
            (b1, OWNERS),
            (b2, OWNERS),
            (b2, OWNERS),
            (b1, fewer),
            (b1, broken),
            (b2, broken),
            (b1, OWNERS),
        ] {
            let cached = load_version(&dir, version(b, owners), &mut cache).unwrap();
            let fresh = load_from(&dir, version(b, owners)).unwrap();
            assert_eq!(cached.diagnostics, fresh.diagnostics);
            assert_eq!(format!("{:?}", cached.plan), format!("{:?}", fresh.plan));
            // The same owners.toml as the version before: its roster, not a new one.
            let roster = std::sync::Arc::clone(&cached.plan.roster);
            if let Some((before, was)) =
                last_roster.replace((owners, std::sync::Arc::clone(&roster)))
            {
                assert_eq!(std::sync::Arc::ptr_eq(&was, &roster), before == owners);
            }
        }
        let mut found =
            |owners| rules(load_version(&dir, version(b1, owners), &mut cache).unwrap());
        let twice = [found(broken), found(broken)];
        assert_eq!(twice[0], twice[1]);
        assert_eq!(
            twice[0].iter().map(|(rule, _)| *rule).collect::<Vec<_>>(),
            // Cabinet (owners.toml), the second Leader, then b1's Nobody.
            [Rule::UnknownOwner, Rule::DuplicateRole, Rule::UnknownOwner]
        );
        // "a.toml" never changed: it is the one entry kept and reused.
        assert!(cache.files.contains_key(&dir.join("a.toml")));
    }

    /// Loads a plan whose `plan.toml` ends with `extra`.
    fn load_with_plan_toml(extra: &str) -> Loaded {
        let dir = PathBuf::from("/mem/plan");
        let files = [
            ("plan.toml", format!("{PLAN}{extra}")),
            ("owners.toml", OWNERS.to_owned()),
        ]
        .into_iter()
        .map(|(path, text)| (dir.join(path), text.into_bytes()));
        let files = source::MemTree::with_files(dir.clone(), files);
        load_from(&dir, Snapshot::Files(files)).unwrap()
    }

    #[test]
    fn data_due_after_defaults_to_30_and_is_read_once_from_plan_toml() {
        let unset = load_with_plan_toml("");
        assert_eq!(unset.plan.meta.data_due_after, 30);
        let day = |d| chrono::NaiveDate::from_ymd_opt(2005, 6, d).unwrap();
        assert_eq!(
            unset.plan.meta.data_due_by(day(30)),
            chrono::NaiveDate::from_ymd_opt(2005, 7, 30).unwrap()
        );
        let set = load_with_plan_toml("data_due_after = 45\n");
        assert!(set.diagnostics.is_empty(), "{:?}", rules(&set));
        assert_eq!(set.plan.meta.data_due_after, 45);
        for bad in ["-1", "400"] {
            let loaded = load_with_plan_toml(&format!("data_due_after = {bad}\n"));
            assert_eq!(
                rules(&loaded),
                [(
                    Rule::WrongType,
                    format!("data_due_after must be a number of days from 0 to 366, not {bad}")
                )]
            );
            assert_eq!(loaded.plan.meta.data_due_after, 30);
        }
        let text = load_with_plan_toml("data_due_after = \"30d\"\n");
        assert_eq!(text.diagnostics[0].rule, Rule::WrongType);
    }

    #[test]
    fn unknown_rules_in_plan_toml_are_reported() {
        let dir = PathBuf::from("/mem/plan");
        let files = [
            (
                "plan.toml",
                format!("{PLAN}[check]\ndeny = [\"overdew\"]\n"),
            ),
            ("owners.toml", OWNERS.to_owned()),
        ]
        .into_iter()
        .map(|(path, text)| (dir.join(path), text.into_bytes()));
        let files = source::MemTree::with_files(dir.clone(), files);
        let loaded = load_from(&dir, Snapshot::Files(files)).unwrap();
        assert_eq!(
            rules(&loaded),
            [(Rule::UnknownField, "unknown rule \"overdew\"".to_owned())]
        );
        assert_eq!(
            loaded.diagnostics[0].help.as_deref(),
            Some("did you mean \"overdue\"?")
        );
    }
}
