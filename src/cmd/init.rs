//! `plan init`: a new plan folder, written only where no plan is.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use crate::cli::InitArgs;
use crate::context::Context;
use crate::edit::{Expect, Transaction};
use crate::error::Error;
use crate::init::{self, Settings};
use crate::load::source::MemTree;
use crate::load::{self, PLAN_FILE, Snapshot};

pub fn run(ctx: &Context, args: &InitArgs, out: &mut dyn Write) -> Result<ExitCode, Error> {
    let root = args.dir.as_deref().unwrap_or(Path::new("."));
    let plan_dir = std::path::absolute(root.join("plan")).map_err(|source| Error::Write {
        path: root.join("plan"),
        source,
    })?;
    refuse_existing(&plan_dir)?;
    if !(1..=12).contains(&args.financial_year_start) {
        return Err(Error::Usage(format!(
            "invalid --financial-year-start {}: give the month as 1-12 (4 = April)",
            args.financial_year_start
        )));
    }
    if args.organisation.trim().is_empty() {
        return Err(Error::Usage("--organisation needs a name".into()));
    }
    let settings = Settings {
        organisation: args.organisation.trim().to_owned(),
        financial_year_start: args.financial_year_start,
        date_order: args.date_order.map(crate::cli::DateOrderArg::order),
    };
    let files = init::files(&plan_dir, &settings, ctx.today);
    // The new plan must load before anything is written.
    let loaded = load::load_from(
        &plan_dir,
        Snapshot::Files(MemTree::with_files(plan_dir.clone(), files.clone())),
    )?;
    let blocking: Vec<_> = loaded.blocking().cloned().collect();
    if !blocking.is_empty() {
        crate::render::diagnostics::eprint(&loaded.sources, &blocking, false);
        return Err(Error::InvalidPlan {
            count: blocking.len(),
        });
    }
    // All the files or none; the folders are made as needed (and removed again on failure).
    let top = plan_dir.parent().unwrap_or(Path::new("/")).to_path_buf();
    let editor = init::editor_files(&top);
    // A repository that already has its own editor set-up keeps it, untouched.
    let editor_kept = editor
        .keys()
        .chain([&top.join("schema")])
        .any(|p| std::fs::symlink_metadata(p).is_ok());
    let mut tx = Transaction::new();
    let written: Vec<_> = if editor_kept {
        files.iter().collect()
    } else {
        files.iter().chain(&editor).collect()
    };
    for (path, bytes) in &written {
        tx.stage(path, bytes.to_vec(), Expect::Absent);
    }
    tx.commit()?;
    let mut said = String::new();
    for (path, _) in &written {
        let inside = path.strip_prefix(&top).unwrap_or(path);
        let given = root.join(inside);
        let shown = given.strip_prefix(".").unwrap_or(&given);
        said.push_str(&format!("created {}\n", shown.display()));
    }
    if editor_kept {
        said.push_str("note: .taplo.toml or schema/ is already here, so the editor files (TOML schemas for Taplo / Even Better TOML) were not written; `plan init` in an empty folder shows them\n");
    }
    said.push_str("next: `plan import FILE` to bring in your spreadsheet, then `plan check` (it reports ex-3's \"TBC\" as missing-date until the example is deleted)\n");
    out.write_all(said.as_bytes()).map_err(Error::Output)?;
    Ok(ExitCode::SUCCESS)
}

/// A plan folder that exists already is never touched, whatever is in it; nor is a new plan
/// made inside another plan's folder (the outer plan would read its files as its own).
fn refuse_existing(plan_dir: &Path) -> Result<(), Error> {
    let existing = plan_dir
        .ancestors()
        .skip(1)
        .find_map(|folder| folder.canonicalize().ok());
    if let Some(outer) = existing.as_deref().and_then(|folder| {
        folder
            .ancestors()
            .find(|above| above.join(PLAN_FILE).is_file())
    }) {
        return Err(Error::Usage(format!(
            "{} is inside the plan folder {} (it has {PLAN_FILE}); a plan inside another plan would be read as part of it, so nothing was written\nhelp: run plan init outside it",
            plan_dir.display(),
            outer.display()
        )));
    }
    if plan_dir.join(PLAN_FILE).exists() {
        return Err(Error::Usage(format!(
            "{} already holds a plan (it has {PLAN_FILE}); plan init writes only new plans",
            plan_dir.display()
        )));
    }
    let occupied = std::fs::read_dir(plan_dir).is_ok_and(|mut entries| entries.next().is_some());
    if occupied || plan_dir.is_file() {
        return Err(Error::Usage(format!(
            "{} already exists and is not empty; plan init writes only into a new or empty folder",
            plan_dir.display()
        )));
    }
    Ok(())
}
