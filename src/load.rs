//! Plan folder → [`Plan`]: discovery, reading, TOML parsing with spans, and resolution of ids,
//! parents, owners, dates and inheritance. Every problem becomes a located [`Diagnostic`];
//! loading never stops at the first one, so `plan check` can report them all.

use std::collections::{BTreeMap, HashSet};

use rustc_hash::FxHashMap as HashMap;
use std::io::Read as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use serde_spanned::Spanned;
use toml::de::{DeValue, ValueDeserializer};

mod progress;

use crate::dates::{self, DateError, Period};
use crate::diag::{Diagnostic, FileId, Place, Rule, SourceFile, SourceMap};
use crate::error::Error;
use crate::model::{
    Action, Due, EffectiveDue, Meta, Origin, Owners, Plan, Priority, PriorityIdx, Status,
    Unreadable, Update,
};
use crate::roster::{RoleId, Roster};
use crate::schema::{
    self, ActionEntry, CheckSettings, OwnersFile, PlanFile, PriorityEntry, UpdateEntry,
};
use crate::text::{self, Quote, closest, escape, is_valid_id};

/// Files larger than this are refused unread: no real plan file comes near it, and reading a
/// runaway file whole could exhaust memory.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;
/// Folders deeper than this under `plan/` are not searched (a guard against loops).
pub const MAX_DEPTH: usize = 32;

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
    /// Number of files read (including ones that failed to parse).
    pub files_checked: usize,
}

impl Loaded {
    /// Problems that make query answers unreliable (see [`Rule::blocks_queries`]).
    pub fn blocking(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.is_error() && d.rule.blocks_queries())
    }

    /// Problems confined to one item, which read commands answer around (see
    /// [`Rule::degrades`]).
    pub fn degraded(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.is_error() && d.rule.degrades())
    }
}

/// Finds the plan folder: `explicit` (from `--plan` or `PLAN_DIR`) if given, else the nearest
/// `plan/plan.toml` (or a `plan.toml` in a folder itself) from `start` upwards.
pub fn discover(explicit: Option<&Path>, start: &Path) -> Result<PathBuf, Error> {
    if let Some(dir) = explicit {
        return if dir.join(PLAN_FILE).is_file() {
            Ok(dir.to_path_buf())
        } else {
            Err(Error::NotAPlanFolder(dir.to_path_buf()))
        };
    }
    start
        .ancestors()
        .flat_map(|dir| [dir.join("plan"), dir.to_path_buf()])
        .find(|dir| dir.join(PLAN_FILE).is_file())
        .ok_or_else(|| Error::NoPlanFound(start.to_path_buf()))
}

/// Loads the plan folder at `dir` from the working tree. Fails only when the folder is not a
/// plan folder; every problem inside it is a diagnostic in the result.
pub fn load(dir: &Path) -> Result<Loaded, Error> {
    load_from(dir, Snapshot::WorkTree)
}

/// Where a plan's file bytes come from: the working tree, or files held in memory (one git
/// revision, read by [`crate::git`] and never checked out to disk, or the built-in seed plan of
/// [`crate::seed`]). Everything else about loading is the same.
#[derive(Debug, Default)]
pub enum Snapshot {
    #[default]
    WorkTree,
    /// Regular files, keyed by the path they would have in the working tree (the plan folder
    /// joined with their path inside it).
    Files(BTreeMap<PathBuf, Vec<u8>>),
    /// The working tree with these files' bytes in place of what is on disk: how
    /// [`crate::edit`] checks the plan an edit would leave before writing anything. The
    /// folders are walked on disk, so every path here must name a file that exists there.
    Overlay(BTreeMap<PathBuf, Vec<u8>>),
}

impl Snapshot {
    fn is_file(&self, path: &Path) -> bool {
        match self {
            Snapshot::WorkTree => path.is_file(),
            Snapshot::Files(files) => files.contains_key(path),
            Snapshot::Overlay(files) => files.contains_key(path) || path.is_file(),
        }
    }

    fn read_text(&self, path: &Path) -> Result<String, ReadProblem> {
        match self {
            Snapshot::WorkTree => read_text(path),
            Snapshot::Overlay(files) => match files.get(path) {
                Some(bytes) => decode_text(bytes.clone()),
                None => read_text(path),
            },
            Snapshot::Files(files) => match files.get(path) {
                Some(bytes) => decode_text(bytes.clone()),
                None => Err(ReadProblem {
                    rule: Rule::Io,
                    message: "cannot read: no such file".into(),
                }),
            },
        }
    }

    /// For files in memory, the `*.toml` files below `dir` by the rules of
    /// [`Loader::collect_toml_files`] (no hidden entries, not the top `plan.toml`/`owners.toml`);
    /// `None` for the working tree, which is walked on disk.
    fn toml_files(&self, dir: &Path) -> Option<Vec<PathBuf>> {
        let Snapshot::Files(files) = self else {
            return None;
        };
        let wanted = |path: &Path| {
            let Ok(inner) = path.strip_prefix(dir) else {
                return false;
            };
            let hidden = inner
                .components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
            let top = inner == Path::new(PLAN_FILE) || inner == Path::new(OWNERS_FILE);
            !hidden && !top && path.extension().is_some_and(|ext| ext == "toml")
        };
        Some(files.keys().filter(|p| wanted(p)).cloned().collect())
    }
}

/// Loads the plan folder at `dir`, reading its files from `snapshot`.
pub fn load_from(dir: &Path, snapshot: Snapshot) -> Result<Loaded, Error> {
    if !snapshot.is_file(&dir.join(PLAN_FILE)) {
        return Err(Error::NotAPlanFolder(dir.to_path_buf()));
    }
    let mut loader = Loader::new(dir);
    loader.snapshot = snapshot;
    let meta = loader.load_meta();
    let date_settings = meta.dates;
    loader.loaded.plan.meta = meta;
    loader.load_roster();
    let entries = loader.load_priority_files(date_settings);
    loader.resolve(entries);
    let mut loaded = loader.loaded;
    loaded
        .diagnostics
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Ok(loaded)
}

/// One priority file's tables as parsed.
struct RawFile {
    file: FileId,
    priority: Spanned<PriorityEntry>,
    actions: Vec<Spanned<ActionEntry>>,
}

/// One priority file after what it can settle on its own (owner names, due dates, statuses),
/// which runs in the parallel step; ids, parents and inheritance need the whole plan.
struct FileEntries {
    file: FileId,
    priority: Spanned<PriorityEntry>,
    /// The priority's own owners and due date (`None` where it sets none).
    owners: Option<Owners>,
    due: Option<EffectiveDue>,
    actions: Vec<ActionDraft>,
}

/// An action with its own values resolved; what it inherits is filled in later.
struct ActionDraft {
    id: Option<Spanned<String>>,
    title: String,
    owners: Option<Owners>,
    due: Option<EffectiveDue>,
    due_note: Option<String>,
    status: Status,
    source: Option<String>,
    done_on: Option<chrono::NaiveDate>,
    updates: Vec<Update>,
    span: Range<usize>,
}

struct Loader {
    dir: PathBuf,
    /// What file paths are shown relative to: the plan folder's parent.
    base: PathBuf,
    loaded: Loaded,
    /// Canonical paths of the folders searched and files found so far: a folder or file
    /// reached twice through symbolic links is searched or read once.
    searched: HashSet<PathBuf>,
    snapshot: Snapshot,
}

impl Loader {
    fn new(dir: &Path) -> Self {
        let base = dir.parent().map(Path::to_path_buf).unwrap_or_default();
        Loader {
            dir: dir.to_path_buf(),
            base,
            loaded: Loaded::default(),
            searched: HashSet::new(),
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

    /// Parses a file that is one table of type `T` (`plan.toml`, `owners.toml`).
    fn parse_whole<T: DeserializeOwned>(&mut self, file: FileId, what: &str) -> Option<T> {
        let text = &self.loaded.sources.get(file).text;
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
        let settings = parsed.check.unwrap_or_default();
        for name in settings.deny.iter().chain(&settings.allow) {
            if Rule::from_name(name.get_ref()).is_none() {
                self.report(unknown_rule(name.get_ref()).at(file, name.span()));
            }
        }
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

    fn load_roster(&mut self) {
        let path = self.dir.join(OWNERS_FILE);
        if !self.snapshot.is_file(&path) {
            self.report(
                Diagnostic::new(
                    Rule::Io,
                    format!(
                        "no roster: {} is missing, so no owner can be recognised",
                        display_path(&self.base, &path)
                    ),
                )
                .help("list each role once in owners.toml as [[role]] with name = \"...\""),
            );
            return;
        }
        let Some(file) = self.read(&path) else { return };
        let Some(parsed) = self.parse_whole::<OwnersFile>(file, "owners.toml") else {
            return;
        };
        let mut roster = Roster::default();
        let mut added: Vec<(RoleId, &[Spanned<String>])> = Vec::new();
        for entry in &parsed.role {
            let aliases: Vec<String> = entry.aliases.iter().map(|a| a.get_ref().clone()).collect();
            match roster.add(entry.name.get_ref(), &aliases) {
                Ok(id) => added.push((id, &entry.member_of)),
                Err(clash) => {
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
                }
            }
        }
        for (member, groups) in added {
            for group in groups {
                match roster.lookup(group.get_ref()) {
                    Some(group_id) => roster.add_membership(member, group_id),
                    None => {
                        let diagnostic = unknown_owner(&roster, group.get_ref());
                        self.report(diagnostic.at(file, group.span()));
                    }
                }
            }
        }
        self.loaded.plan.roster = roster;
    }

    fn load_priority_files(&mut self, date_settings: dates::Settings) -> Vec<FileEntries> {
        let mut paths = Vec::new();
        let dir = self.dir.clone();
        self.collect_toml_files(&dir, 0, &mut paths);
        paths.sort();
        // Files are read and parsed in parallel; each gets the id it would get one after
        // another, and results are gathered in path order, so output stays deterministic.
        let first = self.loaded.sources.len();
        // Each file's parsed tables are resolved and dropped here, on its own thread, so the
        // parsed tables of the whole plan are never held at once.
        let roster = &self.loaded.plan.roster;
        let parsed: Vec<(SourceFile, Vec<Diagnostic>, Option<FileEntries>)> = paths
            .par_iter()
            .enumerate()
            .map_init(Caches::default, |caches, (i, path)| {
                let file = FileId(u32::try_from(first + i).expect("fewer than 2^32 files"));
                let (source, problem) = read_source(&self.snapshot, &self.base, path, file);
                if let Some(diagnostic) = problem {
                    return (source, vec![diagnostic], None);
                }
                let mut parser = FileParser::new(file, &source.text);
                let raw = parser.priority_file();
                let mut resolver = Resolver {
                    roster,
                    date_settings,
                    caches,
                    file,
                    found: parser.found,
                };
                let entries = raw.map(|raw| resolver.file_entries(raw));
                (source, resolver.found, entries)
            })
            .collect();
        self.loaded.files_checked += parsed.len();
        let mut all = Vec::with_capacity(parsed.len());
        for (source, mut found, entries) in parsed {
            self.loaded.sources.add(source);
            self.loaded.diagnostics.append(&mut found);
            all.extend(entries);
        }
        all
    }

    /// Every `*.toml` below the plan folder except `plan.toml` and `owners.toml` at its top.
    /// Hidden entries are skipped; symlinks are followed only within the plan folder.
    fn collect_toml_files(&mut self, dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
        if let Some(files) = self.snapshot.toml_files(dir) {
            out.extend(files);
            return;
        }
        if depth > MAX_DEPTH {
            self.report(Diagnostic::new(
                Rule::Io,
                format!(
                    "{}: folders nested more than {MAX_DEPTH} deep are not searched",
                    display_path(&self.base, dir)
                ),
            ));
            return;
        }
        if !self
            .searched
            .insert(dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf()))
        {
            return;
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(err) => {
                self.report(Diagnostic::new(
                    Rule::Io,
                    format!(
                        "{}: cannot read folder: {err}",
                        display_path(&self.base, dir)
                    ),
                ));
                return;
            }
        };
        let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
        entries.sort_by_key(std::fs::DirEntry::file_name);
        for entry in entries {
            let path = entry.path();
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') || (depth == 0 && (name == PLAN_FILE || name == OWNERS_FILE)) {
                continue;
            }
            let Some(kind) = self.entry_kind(&path) else {
                continue;
            };
            if kind.is_dir() {
                self.collect_toml_files(&path, depth + 1, out);
            } else if path.extension().is_some_and(|ext| ext == "toml") {
                if !kind.is_file() {
                    // A FIFO or device would block or never end on reading.
                    self.report(Diagnostic::new(
                        Rule::Io,
                        format!(
                            "{}: not a regular file; not read",
                            display_path(&self.base, &path)
                        ),
                    ));
                } else if self
                    .searched
                    .insert(path.canonicalize().unwrap_or_else(|_| path.clone()))
                {
                    out.push(path);
                }
            }
        }
    }

    /// The type of a folder entry, following a symlink only if it stays inside the plan
    /// folder; `None` (reported) for links that leave it or cannot be resolved.
    fn entry_kind(&mut self, path: &Path) -> Option<std::fs::FileType> {
        let link = std::fs::symlink_metadata(path).ok()?;
        if !link.file_type().is_symlink() {
            return Some(link.file_type());
        }
        let shown = display_path(&self.base, path);
        let inside = match (path.canonicalize(), self.dir.canonicalize()) {
            (Ok(target), Ok(root)) => target.starts_with(&root),
            _ => {
                self.report(Diagnostic::new(
                    Rule::Io,
                    format!("{shown}: symbolic link cannot be resolved (broken or a loop)"),
                ));
                return None;
            }
        };
        if !inside {
            self.report(Diagnostic::new(
                Rule::Io,
                format!("{shown}: symbolic link points outside the plan folder; not followed"),
            ));
            return None;
        }
        let kind = std::fs::metadata(path).ok()?.file_type();
        let target = path.canonicalize().ok()?;
        let encloses_link = path
            .parent()
            .and_then(|parent| parent.canonicalize().ok())
            .is_some_and(|parent| parent.starts_with(&target));
        if kind.is_dir() && encloses_link {
            self.report(Diagnostic::new(
                Rule::Io,
                format!(
                    "{shown}: symbolic link leads back into a folder already searched; not followed"
                ),
            ));
            return None;
        }
        Some(kind)
    }

    fn resolve(&mut self, entries: Vec<FileEntries>) {
        let mut ids: HashMap<String, Place> = HashMap::default();
        let mut parents: Vec<Option<(FileId, Spanned<String>)>> = Vec::new();
        for entry in &entries {
            let place = Place {
                file: entry.file,
                span: entry.priority.span(),
            };
            let id = self.check_id(
                &mut ids,
                entry.file,
                entry.priority.get_ref().id.as_ref(),
                &place,
                "priority",
            );
            let priority = build_priority(entry, id);
            parents.push(
                entry
                    .priority
                    .get_ref()
                    .parent
                    .clone()
                    .map(|p| (entry.file, p)),
            );
            self.loaded.plan.priorities.push(priority);
        }
        self.link_parents(&parents);
        self.inherit_priority_values();
        // Each file's raw entries are consumed as its actions are built, so the parsed tables
        // and the model are not both held in full (peak memory), and nothing is copied twice.
        let total = entries.iter().map(|e| e.actions.len()).sum();
        self.loaded.plan.actions.reserve_exact(total);
        for (index, entry) in entries.into_iter().enumerate() {
            for draft in entry.actions {
                let place = Place {
                    file: entry.file,
                    span: draft.span.clone(),
                };
                let id = self.check_id(&mut ids, entry.file, draft.id.as_ref(), &place, "action");
                let built = self.build_action(draft, id, PriorityIdx(index), place);
                self.loaded.plan.actions.push(built);
            }
        }
    }

    /// Validates an id and records it; returns it (empty when missing).
    fn check_id(
        &mut self,
        ids: &mut HashMap<String, Place>,
        file: FileId,
        id: Option<&Spanned<String>>,
        place: &Place,
        kind: &str,
    ) -> String {
        let Some(id) = id else {
            self.report(
                Diagnostic::new(Rule::MissingId, format!("{kind} has no id"))
                    .at(file, place.span.clone())
                    .help("give it an id unique across the plan, e.g. id = \"rn-7\": lowercase letters, digits, '-' and '.'"),
            );
            return String::new();
        };
        let text = id.get_ref();
        let here = Place {
            file,
            span: id.span(),
        };
        if !is_valid_id(text) {
            self.report(
                Diagnostic::new(Rule::BadId, format!("{kind} id \"{}\" is not a valid id", escape(text)))
                    .at(file, id.span())
                    .id(text.clone())
                    .help("ids use lowercase letters, digits, '-' and '.', starting with a letter or digit"),
            );
        }
        if let Some(first) = ids.get(text) {
            self.report(
                Diagnostic::new(
                    Rule::DuplicateId,
                    format!("id \"{}\" is used more than once", escape(text)),
                )
                .at(file, id.span())
                .label("used again here")
                .id(text.clone())
                .related(first.clone(), "first used here")
                .help("ids must be unique across the whole plan; rename one of them"),
            );
        } else {
            ids.insert(text.clone(), here);
        }
        text.clone()
    }

    fn build_action(
        &self,
        draft: ActionDraft,
        id: String,
        priority: PriorityIdx,
        place: Place,
    ) -> Action {
        let parent = self.loaded.plan.priority(priority);
        let owners = draft
            .owners
            .unwrap_or_else(|| inherited_owners(&parent.owners, priority));
        let due = match draft.due {
            Some(own) => EffectiveDue {
                note: draft.due_note,
                ..own
            },
            None => EffectiveDue {
                due: parent.due.due.clone(),
                origin: inherited_origin(parent.due.origin, priority),
                note: draft.due_note.or_else(|| parent.due.note.clone()),
                unreadable: parent.due.unreadable.clone(),
            },
        };
        Action {
            id,
            title: draft.title,
            priority,
            owners,
            due,
            status: draft.status,
            source: draft.source,
            done_on: draft.done_on,
            updates: draft.updates,
            place,
        }
    }

    fn link_parents(&mut self, parents: &[Option<(FileId, Spanned<String>)>]) {
        let index: HashMap<String, usize> = self
            .loaded
            .plan
            .priorities
            .iter()
            .enumerate()
            .rev() // the first definition of a duplicated id wins
            .map(|(i, p)| (p.id.clone(), i))
            .collect();
        let mut links = Vec::new();
        for (child, parent) in parents.iter().enumerate() {
            let Some((file, name)) = parent else { continue };
            match index.get(name.get_ref().as_str()) {
                Some(&found) => links.push((child, found)),
                None => {
                    let mut ids: Vec<&str> = index.keys().map(String::as_str).collect();
                    ids.sort_unstable();
                    let mut diagnostic = Diagnostic::new(
                        Rule::UnknownParent,
                        format!(
                            "parent \"{}\" is not the id of any priority",
                            escape(name.get_ref())
                        ),
                    )
                    .at(*file, name.span())
                    .id(self.loaded.plan.priorities[child].id.clone());
                    if let Some(near) = closest(name.get_ref(), &ids) {
                        diagnostic = diagnostic.help(text::suggest_one(near, Quote::Value));
                    }
                    self.report(diagnostic);
                }
            }
        }
        for (child, parent) in links {
            self.loaded.plan.priorities[child].parent = Some(PriorityIdx(parent));
        }
        self.break_cycles(parents);
    }

    /// Reports each parent cycle once and cuts it, so inheritance and nesting terminate.
    fn break_cycles(&mut self, parents: &[Option<(FileId, Spanned<String>)>]) {
        // Priorities known to lead up to a top-level one: a walk that meets one stops there,
        // so a long chain of nesting costs linear time, not cubic (found by a 2000-deep plan).
        let mut reaches_top = vec![false; parents.len()];
        for (start, link) in parents.iter().enumerate() {
            let mut seen = vec![start];
            let mut on_path = HashSet::from([start]);
            let mut next = self.loaded.plan.priorities[start].parent;
            let mut looped_above = false;
            while let Some(PriorityIdx(p)) = next {
                if reaches_top[p] {
                    break;
                }
                if p == start {
                    let chain: Vec<&str> = seen
                        .iter()
                        .chain(std::iter::once(&start))
                        .map(|&i| self.loaded.plan.priorities[i].id.as_str())
                        .collect();
                    let message = format!("priorities are nested in a loop: {}", chain.join(" → "));
                    let (file, name) = link.clone().expect("a cycle member has a parent");
                    let id = self.loaded.plan.priorities[start].id.clone();
                    self.report(
                        Diagnostic::new(Rule::ParentCycle, message)
                            .at(file, name.span())
                            .id(id)
                            .help("a priority cannot be nested under itself; remove one `parent`"),
                    );
                    self.loaded.plan.priorities[start].parent = None;
                    break;
                }
                if !on_path.insert(p) {
                    looped_above = true;
                    break; // a loop further up, reported from one of its own members
                }
                seen.push(p);
                next = self.loaded.plan.priorities[p].parent;
            }
            if !looped_above {
                for i in seen {
                    reaches_top[i] = true;
                }
            }
        }
    }

    /// Fills priorities' missing owners and due dates from their nearest ancestor that has them.
    fn inherit_priority_values(&mut self) {
        let plan = &self.loaded.plan;
        let inherited: Vec<(Owners, EffectiveDue)> = (0..plan.priorities.len())
            .map(|i| {
                let chain: Vec<PriorityIdx> = plan.ancestry(PriorityIdx(i)).collect();
                let owners = chain
                    .iter()
                    .find(|&&p| plan.priority(p).owners.origin != Origin::Missing)
                    .map_or_else(
                        || plan.priority(PriorityIdx(i)).owners.clone(),
                        |&p| {
                            let source = &plan.priority(p).owners;
                            if p.0 == i {
                                source.clone()
                            } else {
                                inherited_owners(source, p)
                            }
                        },
                    );
                let due = chain
                    .iter()
                    .find(|&&p| plan.priority(p).due.origin != Origin::Missing)
                    .map_or_else(
                        || plan.priority(PriorityIdx(i)).due.clone(),
                        |&p| {
                            let source = &plan.priority(p).due;
                            EffectiveDue {
                                due: source.due.clone(),
                                origin: if p.0 == i {
                                    source.origin
                                } else {
                                    inherited_origin(source.origin, p)
                                },
                                note: source.note.clone(),
                                unreadable: source.unreadable.clone(),
                            }
                        },
                    );
                (owners, due)
            })
            .collect();
        for (priority, (owners, due)) in self.loaded.plan.priorities.iter_mut().zip(inherited) {
            priority.owners = owners;
            priority.due = due;
        }
    }
}

/// Owners as seen by something under priority `from`: same roles, origin pointing up.
fn inherited_owners(owners: &Owners, from: PriorityIdx) -> Owners {
    Owners {
        roles: owners.roles.clone(),
        origin: inherited_origin(owners.origin, from),
        unknown: owners.unknown.clone(),
    }
}

fn inherited_origin(origin: Origin, from: PriorityIdx) -> Origin {
    match origin {
        Origin::Own => Origin::Priority(from),
        other => other,
    }
}

fn unknown_field(key: &str, known: &[&str]) -> Diagnostic {
    Diagnostic::new(Rule::UnknownField, format!("unknown key `{}`", escape(key)))
        .label("not a key this table accepts")
        .help(text::suggest_from(key, known, Quote::Key, "keys here"))
}

fn wrong_type(key: &str, expected: &str, value: &Spanned<DeValue<'_>>) -> Diagnostic {
    Diagnostic::new(
        Rule::WrongType,
        format!(
            "`{key}` must be {expected}, not {}",
            value.get_ref().type_str()
        ),
    )
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

fn unknown_rule(name: &str) -> Diagnostic {
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

/// Due texts and owner names already resolved by one run of files on a loader thread (rayon's
/// `map_init` makes one per job it splits off): plans repeat "April 2004" and
/// "Corporate Directors" thousands of times.
#[derive(Default)]
struct Caches {
    dues: HashMap<String, Result<Period, DateError>>,
    roles: HashMap<String, Option<RoleId>>,
}

/// Settles what one file says on its own: owner names on the roster, due dates, statuses.
/// Needs only the roster and the financial-year start, so files are resolved in parallel.
struct Resolver<'a> {
    roster: &'a Roster,
    date_settings: dates::Settings,
    caches: &'a mut Caches,
    file: FileId,
    found: Vec<Diagnostic>,
}

impl Resolver<'_> {
    fn report(&mut self, diagnostic: Diagnostic) {
        self.found.push(diagnostic);
    }

    fn file_entries(&mut self, raw: RawFile) -> FileEntries {
        let priority = raw.priority.get_ref();
        let id = id_text(priority.id.as_ref());
        let owners = self.owners(priority.owners.as_ref(), &id);
        let due = self.due(priority.due.as_ref(), &id);
        // Not `map().collect()`: that reuses the parsed entries' larger buffer in place, and
        // would keep it (a third more memory) for the life of the drafts.
        let mut actions = Vec::with_capacity(raw.actions.len());
        for action in raw.actions {
            actions.push(self.action(action));
        }
        FileEntries {
            file: raw.file,
            owners,
            due,
            actions,
            priority: raw.priority,
        }
    }

    fn action(&mut self, action: Spanned<ActionEntry>) -> ActionDraft {
        let span = action.span();
        let raw = action.into_inner();
        let id = id_text(raw.id.as_ref());
        let done_on = raw
            .done_on
            .as_ref()
            .and_then(|day| self.day(day, "done_on", &id));
        let updates = self.updates(raw.update, &id);
        ActionDraft {
            owners: self.owners(raw.owners.as_ref(), &id),
            due: self.due(raw.due.as_ref(), &id),
            status: self.status(raw.status.as_ref(), &id),
            done_on,
            updates,
            id: raw.id,
            title: raw.title,
            due_note: raw.due_note,
            source: raw.source,
            span,
        }
    }

    /// Roles named in an `owners` list (`None` when there is no list); unknown names are
    /// reported and left out.
    fn owners(
        &mut self,
        owners: Option<&Spanned<Vec<Spanned<String>>>>,
        id: &str,
    ) -> Option<Owners> {
        let owners = owners?;
        let mut roles = Vec::new();
        let mut unknown = Vec::new();
        for name in owners.get_ref() {
            let written = name.get_ref();
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
                    let diagnostic = unknown_owner(self.roster, name.get_ref());
                    self.report(diagnostic.at(self.file, name.span()).id(id));
                }
            }
        }
        let origin = if roles.is_empty() && !unknown.is_empty() {
            Origin::Invalid
        } else {
            Origin::Own
        };
        Some(Owners {
            roles,
            origin,
            unknown,
        })
    }

    fn due(&mut self, due: Option<&Spanned<toml::Value>>, id: &str) -> Option<EffectiveDue> {
        let due = due?;
        let invalid = |problem: String| EffectiveDue {
            due: None,
            origin: Origin::Invalid,
            note: None,
            unreadable: Some(Box::new(Unreadable {
                written: match due.get_ref() {
                    toml::Value::String(text) => text.clone(),
                    toml::Value::Datetime(value) => value.to_string(),
                    other => format!("({})", other.type_str()),
                },
                problem,
            })),
        };
        let parsed = match due.get_ref() {
            toml::Value::String(text) => {
                let period = match self.caches.dues.get(text) {
                    Some(known) => known.clone(),
                    None => {
                        let parsed = dates::parse_due(text, &self.date_settings);
                        self.caches.dues.insert(text.clone(), parsed.clone());
                        parsed
                    }
                };
                period.map(|period| Due {
                    written: text.clone(),
                    period,
                })
            }
            toml::Value::Datetime(value) => from_toml_datetime(value).map(|period| Due {
                written: value.to_string(),
                period,
            }),
            other => {
                let message = format!("due must be a date or a string, not {}", other.type_str());
                self.report(
                    Diagnostic::new(Rule::WrongType, message.clone())
                        .at(self.file, due.span())
                        .id(id)
                        .help(dates::ACCEPTED_FORMS),
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

    fn status(&mut self, status: Option<&Spanned<String>>, id: &str) -> Status {
        let Some(status) = status else {
            return Status::Planned;
        };
        if let Some(known) = Status::from_name(status.get_ref()) {
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

/// A TOML date value (`due = 2004-04-30`): must be a local date with no time or offset.
fn from_toml_datetime(value: &toml::value::Datetime) -> Result<Period, DateError> {
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
fn id_text(id: Option<&Spanned<String>>) -> String {
    id.map(|id| id.get_ref().clone()).unwrap_or_default()
}

fn build_priority(entry: &FileEntries, id: String) -> Priority {
    let raw = entry.priority.get_ref();
    Priority {
        title: raw.title.clone(),
        parent: None,
        description: raw.description.clone(),
        aims: raw.aims.clone(),
        owners: entry.owners.clone().unwrap_or(Owners {
            roles: Vec::new(),
            origin: Origin::Missing,
            unknown: Vec::new(),
        }),
        due: EffectiveDue {
            note: raw.due_note.clone(),
            ..entry.due.clone().unwrap_or_else(EffectiveDue::missing)
        },
        source: raw.source.clone(),
        place: Place {
            file: entry.file,
            span: entry.priority.span(),
        },
        id,
    }
}

/// The finding for an owner name that is not on the roster, with the nearest roles.
pub fn unknown_owner(roster: &Roster, name: &str) -> Diagnostic {
    let diagnostic = Diagnostic::new(
        Rule::UnknownOwner,
        format!("\"{}\" is not a role on the roster", escape(name)),
    )
    .label("not in owners.toml");
    diagnostic.help(
        text::did_you_mean(&roster.suggest(name), Quote::Value).unwrap_or_else(|| {
            "add the role to plan/owners.toml, or use a name or alias listed there".into()
        }),
    )
}

/// A file's entry for the source map (empty text if unreadable) and, if it could not be
/// read, the diagnostic saying why. `file` is the id the entry will have.
fn read_source(
    snapshot: &Snapshot,
    base: &Path,
    path: &Path,
    file: FileId,
) -> (SourceFile, Option<Diagnostic>) {
    let display = display_path(base, path);
    match snapshot.read_text(path) {
        Ok(text) => (SourceFile::new(path.to_path_buf(), display, text), None),
        Err(problem) => {
            let diagnostic =
                Diagnostic::new(problem.rule, format!("{display}: {}", problem.message))
                    .at(file, 0..0);
            (
                SourceFile::new(path.to_path_buf(), display, String::new()),
                Some(diagnostic),
            )
        }
    }
}

struct ReadProblem {
    rule: Rule,
    message: String,
}

fn read_text(path: &Path) -> Result<String, ReadProblem> {
    let io = |err: std::io::Error| ReadProblem {
        rule: Rule::Io,
        message: format!("cannot read: {err}"),
    };
    let file = std::fs::File::open(path).map_err(io)?;
    // Refuse by size before reading anything; `take` below still guards files that grow.
    if file.metadata().map_err(io)?.len() > MAX_FILE_BYTES {
        return Err(too_big());
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    decode_text(bytes)
}

fn too_big() -> ReadProblem {
    ReadProblem {
        rule: Rule::Io,
        message: format!(
            "file is larger than {} MiB; refused unread (is it really a plan file?)",
            MAX_FILE_BYTES / 1024 / 1024
        ),
    }
}

/// A file's bytes as text: within the size limit, UTF-8, byte-order mark removed.
fn decode_text(mut bytes: Vec<u8>) -> Result<String, ReadProblem> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big());
    }
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3); // a byte-order mark; not a copy of the whole file
    }
    String::from_utf8(bytes).map_err(|err| ReadProblem {
        rule: Rule::Parse,
        message: format!(
            "not valid UTF-8 (byte {} is not part of a character); save the file as UTF-8",
            err.utf8_error().valid_up_to()
        ),
    })
}

/// `path` relative to `base`, with `/` separators, for messages and JSON. Control characters
/// in file names are escaped: a name is plan text too, and must not drive a terminal.
fn display_path(base: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(base).unwrap_or(path);
    relative
        .components()
        .map(|c| escape(&c.as_os_str().to_string_lossy()))
        .collect::<Vec<_>>()
        .join("/")
}

/// Parses one file's text. Free of the [`Loader`] so files can be parsed independently
/// (and in parallel); it collects its own findings.
struct FileParser<'t> {
    file: FileId,
    text: &'t str,
    found: Vec<Diagnostic>,
}

impl<'t> FileParser<'t> {
    fn new(file: FileId, text: &'t str) -> Self {
        FileParser {
            file,
            text,
            found: Vec::new(),
        }
    }

    fn report(&mut self, diagnostic: Diagnostic, span: Range<usize>) {
        self.found.push(diagnostic.at(self.file, span));
    }

    /// The whole file as a TOML table; syntax errors are all reported and give `None`.
    fn document(&mut self) -> Option<Spanned<DeValue<'t>>> {
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

    /// A priority file's `[priority]` and `[[action]]` tables, each deserialised on its own so
    /// one bad action does not hide problems in the others.
    fn priority_file(&mut self) -> Option<RawFile> {
        let doc = self.document()?;
        let DeValue::Table(mut top) = doc.into_inner() else {
            return None;
        };
        let mut unknown = Vec::new();
        for (key, _) in top.iter() {
            if key.get_ref() != "priority" && key.get_ref() != "action" {
                unknown.push((
                    unknown_field(key.get_ref(), &["priority", "action"]),
                    key.span(),
                ));
            }
        }
        for (diagnostic, span) in unknown {
            self.report(diagnostic, span);
        }
        let actions = match top.remove("action") {
            None => Vec::new(),
            Some(value) => self.actions(value),
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
        let priority = self.deserialize::<PriorityEntry>(priority, "[priority]")?;
        Some(RawFile {
            file: self.file,
            priority: Spanned::new(span, priority),
            actions,
        })
    }

    fn actions(&mut self, value: Spanned<DeValue<'t>>) -> Vec<Spanned<ActionEntry>> {
        let span = value.span();
        let DeValue::Array(items) = value.into_inner() else {
            self.report(
                Diagnostic::new(
                    Rule::WrongType,
                    "`action` must be an array of tables: write each as [[action]]",
                ),
                span,
            );
            return Vec::new();
        };
        items
            .into_iter()
            .filter_map(|item| {
                let span = item.span();
                if !item.get_ref().is_table() {
                    self.report(wrong_type("action", "a table", &item), span);
                    return None;
                }
                let mut item = item;
                let updates = match &mut item.get_mut() {
                    DeValue::Table(table) => table.remove("update").map(|u| self.updates(u)),
                    _ => None,
                };
                let mut entry = self.deserialize::<ActionEntry>(item, "[[action]]")?;
                entry.update = updates.unwrap_or_default();
                Some(Spanned::new(span, entry))
            })
            .collect()
    }

    /// An action's `[[action.update]]` tables, each deserialised on its own so one bad update
    /// does not hide the action or the other updates.
    fn updates(&mut self, value: Spanned<DeValue<'t>>) -> Vec<Spanned<UpdateEntry>> {
        let span = value.span();
        let DeValue::Array(items) = value.into_inner() else {
            self.report(
                Diagnostic::new(
                    Rule::WrongType,
                    "`update` must be an array of tables: write each as [[action.update]]",
                ),
                span,
            );
            return Vec::new();
        };
        items
            .into_iter()
            .filter_map(|item| {
                let span = item.span();
                if !item.get_ref().is_table() {
                    self.report(wrong_type("update", "a table", &item), span);
                    return None;
                }
                let entry = self.deserialize::<UpdateEntry>(item, "[[action.update]]")?;
                Some(Spanned::new(span, entry))
            })
            .collect()
    }

    /// Deserialises one table into `T`, first reporting (and removing) every key `T` does not
    /// know, so all unknown keys are reported, not just the first.
    fn deserialize<T: DeserializeOwned>(
        &mut self,
        mut value: Spanned<DeValue<'t>>,
        what: &str,
    ) -> Option<T> {
        let known = schema::known_keys::<T>();
        if let DeValue::Table(table) = value.get_mut() {
            let unknown: Vec<(String, Range<usize>)> = table
                .iter()
                .filter(|(key, _)| !known.contains(&key.get_ref().as_ref()))
                .map(|(key, _)| (key.get_ref().to_string(), key.span()))
                .collect();
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

    /// Whoever runs the tests (root ignores file permissions), a file that cannot be read is an
    /// `io` finding naming the file, and loading carries on. A folder with a file's name
    /// cannot be read as text by anyone.
    #[test]
    fn a_file_that_cannot_be_read_is_an_io_finding() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("plan").join("area.toml");
        std::fs::create_dir_all(&path).unwrap();
        let (source, problem) = read_source(&Snapshot::WorkTree, tmp.path(), &path, FileId(3));
        let problem = problem.expect("a folder is not readable as a file");
        assert_eq!(problem.rule, Rule::Io);
        assert!(
            problem.message.starts_with("plan/area.toml: cannot read: "),
            "{}",
            problem.message
        );
        assert_eq!(problem.place.map(|p| p.file), Some(FileId(3)));
        assert_eq!(source.text, "");
        assert_eq!(source.display, "plan/area.toml");
    }
}
