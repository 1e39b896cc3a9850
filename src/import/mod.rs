//! `plan import`: a council's existing action-plan spreadsheet (`.csv`, `.xlsx`, `.ods`) as
//! plan files. [`sheet`] reads the cells, [`layout`] finds the columns and the layout,
//! [`build`] applies the reading rules, [`render`] writes TOML. [`prepare`] does all of it in
//! memory and checks the resulting plan loads; [`write`] then writes through the one safe
//! writer, all files or none ([`crate::edit::Transaction`]).

pub mod build;
pub mod due;
pub mod layout;
pub mod owners;
pub mod progress;
pub mod render;
pub mod sheet;
pub mod summary;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use crate::dates::DateOrder;
use crate::diag::{Diagnostic, Rule};
use crate::edit::roster::{NewRole, append_roles};
use crate::edit::{Expect, Findings, Transaction};
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
    /// The priority of a sheet with no priority column (default: the sheet's name); with a
    /// priority column, every action goes under it and the column is not read.
    pub priority: Option<String>,
    /// The header row, 1-based as the spreadsheet numbers it; 0: the sheet has none.
    pub header_row: Option<usize>,
    /// The day the sheet's Status, RAG and progress columns were written.
    pub as_at: Option<chrono::NaiveDate>,
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
    /// How the file was read, where that is worth saying (e.g. not UTF-8).
    pub notes: Vec<String>,
    pub draft: build::Draft,
    /// Why the layout is the one it is.
    pub layout_why: String,
    /// The header row as the spreadsheet numbers it, if there is one.
    pub header_row: Option<u64>,
    /// The header goes on over the row below it (headings split over two rows).
    pub header_two_rows: bool,
    /// Column → field, with the heading and a sample value, left to right.
    pub mapping: Vec<Mapped>,
    /// Every column with something in it that the import does not read.
    pub unused: Vec<layout::Unused>,
    pub files: Vec<PlannedFile>,
    /// Files an earlier import of the same sheet wrote into the folder that this one does not
    /// make (a priority gone from the sheet): removed with `--force`, in the same
    /// all-or-nothing write.
    pub removed: Vec<PlannedFile>,
    /// What `plan check` will report about the imported items (the gaps the source leaves).
    pub gaps: Vec<Diagnostic>,
}

/// One column the import reads: its letter, heading, field and first value.
#[derive(Clone, Debug)]
pub struct Mapped {
    pub letter: String,
    pub heading: String,
    pub field: layout::Field,
    pub sample: Option<String>,
}

/// What [`prepare`] worked out: the import, ready to write; or the errors the imported plan
/// would have (other than the gaps an import leaves visible), for the command to show.
#[derive(Debug)]
pub enum Prepared {
    Ready(Box<Import>),
    Refused(Findings),
}

/// Reads the source and works out the files; refused if the result would not load, or would
/// have new errors ([`Prepared::Refused`]). Prints nothing.
pub fn prepare(
    plan_dir: &Path,
    request: &Request,
    today: chrono::NaiveDate,
) -> Result<Prepared, Error> {
    let before = load::load(plan_dir)?;
    let mut settings = before.plan.meta.dates;
    if request.date_order.is_some() {
        settings.date_order = request.date_order;
    }
    let sheet = sheet::read(&request.source, request.sheet.as_deref())?;
    let mut columns = layout::columns(&sheet, request.columns.as_deref(), request.header_row)?;
    sheet::check_rows(&sheet, columns.header, columns.first_row)?;
    if request.priority.is_some() {
        columns.cols.retain(|(f, _)| *f != layout::Field::Priority);
    }
    let (layout, layout_why) = match request.layout {
        Some(layout::Layout::RowPerPriority) if columns.get(layout::Field::Priority).is_none() => {
            return Err(Error::Usage(format!(
                "--layout per-priority needs a priority column, and {} has none",
                sheet.name
            )));
        }
        Some(layout) => (layout, "--layout".to_owned()),
        None => layout::detect(&sheet, &columns),
    };
    if request.as_at.is_none() {
        needs_as_at(&sheet, &columns, &request.source)?;
    }
    let folder = match &request.into {
        Some(into) => crate::output::plan_folder(plan_dir, into)?,
        None => plan_dir.join(crate::ids::slug(&file_stem(&request.source), "priority")),
    };
    let cx = build::Context {
        untitled: untitled(&sheet.name, &request.source, request.priority.as_deref()),
        as_at: request.as_at,
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
        crate::paths::refuse_outside_plan(&file.path, plan_dir)?;
    }
    let removed = earlier_import(&folder, &files, &request.source);
    refuse_overwrite(&files, &removed, &request.source, request.force)?;
    let gaps = match validate(plan_dir, &before, &files, &removed, today)? {
        Ok(gaps) => gaps,
        Err(found) => return Ok(Prepared::Refused(found)),
    };
    let mut cols = columns.cols.clone();
    cols.sort_by_key(|&(_, c)| c);
    let mapping = cols
        .iter()
        .map(|&(field, c)| Mapped {
            letter: layout::letter(&sheet, c),
            heading: columns.heading(&sheet, c),
            field,
            sample: layout::sample(&sheet, &columns, c),
        })
        .collect();
    Ok(Prepared::Ready(Box::new(Import {
        unused: layout::unused(&sheet, &columns),
        header_two_rows: columns.two_rows,
        header_row: columns
            .header
            .map(|r| u64::from(sheet.origin.0) + r as u64 + 1),
        mapping,
        layout_why,
        notes: sheet.notes,
        sheet: sheet.name,
        draft,
        files,
        removed,
        gaps,
    })))
}

/// Writes the files all or none ([`crate::edit::Transaction`]): every temporary file is
/// written and flushed, then all are renamed; on a failure the ones renamed are put back.
/// Each refuses to replace what it did not expect. The caller holds the plan's write lock
/// from before [`prepare`] read the plan.
pub fn write(import: &Import) -> Result<(), Error> {
    let mut tx = Transaction::new();
    for file in &import.files {
        let expect = match &file.existing {
            Some(bytes) => Expect::Bytes(bytes),
            None => Expect::Absent,
        };
        tx.stage(&file.path, file.bytes.clone(), expect);
    }
    for file in &import.removed {
        tx.remove(&file.path, file.existing.as_deref().unwrap_or_default());
    }
    tx.commit()
}

/// Status, RAG and progress cells become updates, and an update has a date the sheet does
/// not give: refuse until `--as-at` says it.
fn needs_as_at(
    sheet: &sheet::Sheet,
    columns: &layout::Columns,
    source: &Path,
) -> Result<(), Error> {
    use layout::Field;
    let found: Vec<String> = [Field::Status, Field::Rag, Field::Progress]
        .into_iter()
        .filter_map(|f| columns.get(f))
        .filter(|&c| {
            (columns.first_row..sheet.rows.len())
                .any(|r| !sheet.cell(r, c).is_empty() || sheet.fill(r, c).is_some())
        })
        .map(|c| {
            format!(
                "{} \"{}\"",
                layout::letter(sheet, c),
                columns.heading(sheet, c)
            )
        })
        .collect();
    if found.is_empty() {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "{} has status, RAG or progress columns ({}): they become each action's first update, dated the day they were written\nhelp: say that day with --as-at YYYY-MM-DD (e.g. the date of the monitoring report)",
        source.display(),
        found.join(", ")
    )))
}

/// The priority of actions a sheet does not put under any: `--priority`, else the sheet's
/// name, else (a CSV file, or a sheet called "Sheet1") the file's name.
fn untitled(sheet: &str, source: &Path, given: Option<&str>) -> (String, &'static str) {
    if let Some(title) = given {
        return (title.to_owned(), "--priority");
    }
    let generic = {
        let name = sheet.to_lowercase().replace(' ', "");
        let stem = name.trim_end_matches(|c: char| c.is_ascii_digit());
        matches!(
            stem,
            "sheet" | "feuil" | "tabelle" | "hoja" | "blad" | "foglio" | "taflen"
        )
    };
    let csv = source
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if csv || generic || sheet.trim().is_empty() {
        (file_stem(source), "the file's name")
    } else {
        (sheet.to_owned(), "the sheet's name")
    }
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
    // Where each file really is, once per file (a link to the folder is the folder).
    let real = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let folder = real(folder);
    let under: Vec<bool> = (0..loaded.sources.len())
        .map(|i| {
            let id = crate::diag::FileId(u32::try_from(i).unwrap_or(u32::MAX));
            real(&loaded.sources.get(id).path).starts_with(&folder)
        })
        .collect();
    let replaced = |file: crate::diag::FileId| under[file.0 as usize];
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
    let read = crate::edit::read_existing;
    let mut files = Vec::new();
    if !draft.roles_added.is_empty() {
        let path = plan_dir.join(OWNERS_FILE);
        let existing = read(&path)?;
        let roles: Vec<NewRole> = draft
            .roles_added
            .iter()
            .map(|n| NewRole::named(n))
            .collect();
        let bytes = append_roles(existing.as_deref(), &roles)
            .map_err(|reason| Error::Usage(format!("cannot add roles to owners.toml: {reason}")))?;
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
        let existing = read(&path)?;
        let bytes = render::priority_file(priority, &name).into_bytes();
        files.push(PlannedFile {
            path,
            bytes,
            existing,
        });
    }
    Ok(files)
}

/// The priority files in `folder` (not below it) that an earlier import of `source` wrote
/// (their first line says so: a file the import did not write is never removed) and that
/// this import does not write again: priorities no longer in the sheet. Only regular files:
/// a symbolic link is someone's arrangement, not an import's.
fn earlier_import(folder: &Path, files: &[PlannedFile], source: &Path) -> Vec<PlannedFile> {
    let name = source
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| !load::source::is_hidden(&e.file_name()))
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|ext| ext == "toml"))
        .filter(|p| !files.iter().any(|f| f.path == *p))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|path| {
            let bytes = crate::edit::read_existing(&path).ok()??;
            render::imported_from(&bytes, &name).then_some(PlannedFile {
                path,
                bytes: Vec::new(),
                existing: Some(bytes),
            })
        })
        .collect()
}

fn refuse_overwrite(
    files: &[PlannedFile],
    removed: &[PlannedFile],
    source: &Path,
    force: bool,
) -> Result<(), Error> {
    let stale = format!(
        " (an earlier import of {} wrote it, and this sheet no longer makes it: --force removes it)",
        source
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    );
    let taken: Vec<String> = files
        .iter()
        .filter(|f| f.existing.is_some() && !f.path.ends_with(OWNERS_FILE))
        .map(|f| f.path.display().to_string())
        .chain(
            removed
                .iter()
                .map(|f| format!("{}{stale}", f.path.display())),
        )
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

/// Loads the plan as it would be after the import: the gaps an import leaves visible (no
/// owner, no readable date) it would gain; or, if it would gain any other error, those.
fn validate(
    plan_dir: &Path,
    before: &Loaded,
    files: &[PlannedFile],
    removed: &[PlannedFile],
    today: chrono::NaiveDate,
) -> Result<Result<Vec<Diagnostic>, Findings>, Error> {
    let mut snapshot = current_files(plan_dir);
    // A file the loader reached under another name (a link to its folder) is the same file.
    let real = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let replaced: HashSet<PathBuf> = files.iter().chain(removed).map(|f| real(&f.path)).collect();
    snapshot.retain(|path, _| !replaced.contains(&real(path)));
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
        return Ok(Ok(gaps));
    }
    Ok(Err(Findings {
        sources: after.sources,
        diagnostics: other,
    }))
}

/// Every file the loader would read in the plan folder now, by path, found by the loader's
/// own walk: hidden folders skipped, links followed only inside the plan and each file read
/// once (a link loop ends; a second link to one file is not a second copy of its ids).
fn current_files(plan_dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let show = |p: &Path| p.display().to_string();
    let (found, _) = load::source::collect_toml_files(&Snapshot::WorkTree, plan_dir, &show);
    let top = [load::PLAN_FILE, OWNERS_FILE].map(|name| plan_dir.join(name));
    top.into_iter()
        .chain(found)
        .filter_map(|path| {
            let bytes = crate::edit::read_existing(&path).ok()??;
            Some((path, bytes))
        })
        .collect()
}
