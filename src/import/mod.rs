//! `plan import`: a council's existing action-plan spreadsheet (`.csv`, `.xlsx`, `.ods`) as
//! plan files. [`sheet`] reads the cells, [`layout`] finds the columns and the layout,
//! [`build`] applies the reading rules, [`render`] writes TOML. [`prepare`] does all of it in
//! memory and checks the resulting plan loads; [`write`] then writes through the one safe
//! writer ([`crate::edit::write_atomic`]).

pub mod build;
pub mod due;
pub mod layout;
pub mod owners;
pub mod render;
pub mod sheet;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use crate::dates::DateOrder;
use crate::diag::{Diagnostic, Rule};
use crate::edit::{Expect, write_atomic};
use crate::error::Error;
use crate::load::source::MemTree;
use crate::load::{self, Loaded, OWNERS_FILE, Snapshot};

/// What was asked.
#[derive(Clone, Debug, Default)]
pub struct Request {
    pub source: PathBuf,
    pub sheet: Option<String>,
    pub columns: Option<String>,
    /// Folder inside the plan folder for the priority files.
    pub into: Option<PathBuf>,
    pub date_order: Option<DateOrder>,
    /// The layout asked for; `None`: worked out from the sheet ([`layout::detect`]).
    pub layout: Option<layout::Layout>,
    pub force: bool,
}

/// A file the import writes: its bytes, and what is there now (replaced only with --force).
#[derive(Clone, Debug)]
pub struct PlannedFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    pub existing: Option<Vec<u8>>,
}

/// The import worked out in full, nothing written yet.
#[derive(Debug)]
pub struct Import {
    pub sheet: String,
    pub draft: build::Draft,
    pub files: Vec<PlannedFile>,
    /// What `plan check` will report about the imported items (the gaps the source leaves).
    pub gaps: Vec<Diagnostic>,
}

/// Reads the source and works out the files; refuses (exit 2) if the result would not load.
pub fn prepare(
    plan_dir: &Path,
    request: &Request,
    today: chrono::NaiveDate,
) -> Result<Import, Error> {
    let before = load::load(plan_dir)?;
    let mut settings = before.plan.meta.dates;
    if request.date_order.is_some() {
        settings.date_order = request.date_order;
    }
    let sheet = sheet::read(&request.source, request.sheet.as_deref())?;
    let columns = layout::columns(&sheet, request.columns.as_deref())?;
    let layout = request
        .layout
        .unwrap_or_else(|| layout::detect(&sheet, &columns));
    let folder = plan_dir.join(match &request.into {
        Some(into) => inside_plan(into)?,
        None => PathBuf::from(build::slug(&file_stem(&request.source))),
    });
    let cx = build::Context {
        settings: &settings,
        roster: roster_names(&before),
        taken: taken_ids(&before, &folder),
    };
    let draft = build::build(&sheet, &columns, layout, cx);
    if draft.priorities.is_empty() {
        return Err(Error::Usage(format!(
            "no priorities found in {}",
            request.source.display()
        )));
    }
    let files = planned_files(plan_dir, &folder, &draft, &request.source)?;
    for file in &files {
        crate::output::refuse_outside_plan(&file.path, plan_dir)?;
    }
    refuse_overwrite(&files, request.force)?;
    let gaps = validate(plan_dir, &before, &files, today)?;
    Ok(Import {
        sheet: sheet.name,
        draft,
        files,
        gaps,
    })
}

/// Writes the files: `owners.toml` first (a role nobody uses yet is harmless), then the
/// priority files. Each write is atomic and refuses to replace what it did not expect.
pub fn write(import: &Import) -> Result<(), Error> {
    for file in &import.files {
        if let Some(folder) = file.path.parent() {
            std::fs::create_dir_all(folder).map_err(|source| Error::Write {
                path: folder.to_path_buf(),
                source,
            })?;
        }
        let expect = match &file.existing {
            Some(bytes) => Expect::Bytes(bytes),
            None => Expect::Absent,
        };
        write_atomic(&file.path, &file.bytes, expect)?;
    }
    Ok(())
}

/// `--into` is a folder inside the plan folder: the loader only reads files there, so a
/// priority file written anywhere else would be silently left out of the plan.
fn inside_plan(into: &Path) -> Result<PathBuf, Error> {
    use std::path::Component;
    let plain = into
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    if plain && into.components().any(|c| matches!(c, Component::Normal(_))) {
        return Ok(into.to_path_buf());
    }
    Err(Error::Usage(format!(
        "invalid --into {}: give a folder inside the plan folder, e.g. --into imported (no `..`, not absolute)",
        into.display()
    )))
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn roster_names(loaded: &Loaded) -> Vec<(String, String)> {
    let roster = &loaded.plan.roster;
    roster
        .ids()
        .flat_map(|id| {
            let role = roster.role(id);
            std::iter::once(&role.name)
                .chain(&role.aliases)
                .map(|written| (written.clone(), role.name.clone()))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Ids in the plan, except those in files under `folder` (which the import may replace).
fn taken_ids(loaded: &Loaded, folder: &Path) -> HashSet<String> {
    let replaced = |file| loaded.sources.get(file).path.starts_with(folder);
    let priorities = loaded
        .plan
        .priorities
        .iter()
        .filter(|p| !replaced(p.place.file))
        .map(|p| p.id.clone());
    let actions = loaded
        .plan
        .actions
        .iter()
        .filter(|a| !replaced(a.place.file))
        .map(|a| a.id.to_string());
    priorities.chain(actions).collect()
}

fn planned_files(
    plan_dir: &Path,
    folder: &Path,
    draft: &build::Draft,
    source: &Path,
) -> Result<Vec<PlannedFile>, Error> {
    let read = |path: &Path| std::fs::read(path).ok();
    let mut files = Vec::new();
    if !draft.roles_added.is_empty() {
        let path = plan_dir.join(OWNERS_FILE);
        let existing = read(&path);
        let text = existing.as_deref().map(String::from_utf8_lossy);
        let bytes = render::owners_file(text.as_deref(), &draft.roles_added)?.into_bytes();
        files.push(PlannedFile {
            path,
            bytes,
            existing,
        });
    }
    let name = source
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let width = draft.priorities.len().to_string().len().max(2);
    for (i, priority) in draft.priorities.iter().enumerate() {
        let path = folder.join(format!("{:0width$}-{}.toml", i + 1, priority.id));
        let existing = read(&path);
        let bytes = render::priority_file(priority, &name).into_bytes();
        files.push(PlannedFile {
            path,
            bytes,
            existing,
        });
    }
    Ok(files)
}

fn refuse_overwrite(files: &[PlannedFile], force: bool) -> Result<(), Error> {
    let taken: Vec<String> = files
        .iter()
        .filter(|f| f.existing.is_some() && !f.path.ends_with(OWNERS_FILE))
        .map(|f| f.path.display().to_string())
        .collect();
    if taken.is_empty() || force {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "nothing imported: {} already exist{}:\n  {}\nhelp: pass --force to replace them, or --into another folder",
        crate::text::plural(taken.len(), "file", "files"),
        if taken.len() == 1 { "s" } else { "" },
        taken.join("\n  ")
    )))
}

/// Loads the plan as it would be after the import. Refuses if it would gain an error other
/// than the gaps an import leaves visible (no owner, no readable date); returns those.
fn validate(
    plan_dir: &Path,
    before: &Loaded,
    files: &[PlannedFile],
    today: chrono::NaiveDate,
) -> Result<Vec<Diagnostic>, Error> {
    let mut snapshot = current_files(plan_dir);
    for file in files {
        snapshot.insert(file.path.clone(), file.bytes.clone());
    }
    let after = load::load_from(
        plan_dir,
        Snapshot::Files(MemTree::with_files(plan_dir.to_path_buf(), snapshot)),
    )?;
    let key = |d: &Diagnostic| (d.rule, d.id.clone(), d.message.clone());
    let old: HashSet<_> = crate::check::findings(before, today)
        .iter()
        .map(key)
        .collect();
    let (gaps, other): (Vec<Diagnostic>, Vec<Diagnostic>) = crate::check::findings(&after, today)
        .into_iter()
        .filter(|d| !old.contains(&key(d)))
        .partition(|d| !d.is_error() || matches!(d.rule, Rule::MissingDate | Rule::MissingOwner));
    if other.is_empty() {
        return Ok(gaps);
    }
    crate::render::diagnostics::eprint(&after.sources, &other, false);
    Err(Error::Usage(format!(
        "nothing imported: the imported plan would have {} (above)",
        crate::text::plural(other.len(), "error", "errors")
    )))
}

/// Every file the loader would read in the plan folder now, by path.
fn current_files(plan_dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(dir: &Path, depth: usize, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            if hidden {
                continue;
            }
            if path.is_dir() && depth < load::MAX_DEPTH {
                walk(&path, depth + 1, out);
            } else if path.extension().is_some_and(|e| e == "toml") {
                if let Ok(bytes) = std::fs::read(&path) {
                    out.insert(path, bytes);
                }
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(plan_dir, 0, &mut files);
    files
}
