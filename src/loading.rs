//! Finding and loading the plan a command asks about, by the run's [`Context`]: the folder
//! (`--plan`, or found upwards), the working tree or a `--rev`, the built-in plan as a
//! fallback for questions, and refusing to answer from a plan with blocking errors.

use std::io::Write;
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::context::Context;
use crate::edit::{Edit, Outcome};
use crate::error::Error;
use crate::load::{self, Loaded};

/// Finds and loads the plan for a question (`list`, `owner`, `report`, ...). Problems that make
/// answers unreliable are printed and the command fails, so no partial answer is ever shown
/// as if complete. With no plan folder given or found, the answer comes from the built-in
/// seed plan, and a note on stderr says so.
pub fn for_query(ctx: &Context) -> Result<Kept, Error> {
    let loaded = match plan_dir(ctx) {
        Err(Error::NoPlanFound(start)) if ctx.rev.is_none() => {
            crate::shell::eprint_line(&format!(
                "note: no plan/plan.toml in {} or any folder above it; answering from the built-in example plan (Leicester City Council, 2003)\nhelp: pass --plan DIR or set PLAN_DIR to use your own plan",
                crate::render::text::terminal_safe(&start.display().to_string())
            ));
            load::load_from(&crate::seed::dir(), crate::seed::snapshot())?
        }
        dir => load_dir(ctx, &dir?)?,
    };
    refuse_blocking(ctx, &loaded)?;
    let degraded: Vec<_> = loaded.degraded().cloned().collect();
    crate::render::diagnostics::eprint_degraded(&loaded.sources, &degraded);
    Ok(Kept::new(loaded))
}

/// Loads the plan in the working tree for an edit. Refused for `--rev` (history is not
/// edited) and for a plan that cannot be loaded reliably (an item could be misidentified).
pub fn for_edit(ctx: &Context) -> Result<Edit, Error> {
    if ctx.rev.is_some() {
        return Err(Error::Usage(
            "--rev reads the plan as committed; edits change the working tree, so they cannot be combined".into(),
        ));
    }
    let dir = plan_dir(ctx)?;
    // Held from before reading to the last rename, so no other writer's change is lost.
    let lock = crate::edit::lock(&dir)?;
    let before = load::load(&dir)?;
    refuse_blocking(ctx, &before)?;
    Ok(Edit::new(dir, ctx.today, before).holding(lock))
}

/// Says what an edit did, the findings that refused it through the one owner of stderr
/// (as refused, uncoloured), and gives the command its answer.
pub fn said(outcome: Outcome, summary: &str, out: &mut dyn Write) -> Result<ExitCode, Error> {
    if let Outcome::Refused(found) = &outcome {
        crate::render::diagnostics::eprint(&found.sources, &found.diagnostics, false);
    }
    crate::render::edit::write(out, &outcome, summary).map_err(Error::Output)?;
    outcome.into_result().map(|()| ExitCode::SUCCESS)
}

/// Prints the problems that make any answer or edit unreliable, and fails, if there are any.
fn refuse_blocking(ctx: &Context, loaded: &Loaded) -> Result<(), Error> {
    let blocking: Vec<_> = loaded.blocking().cloned().collect();
    if blocking.is_empty() {
        return Ok(());
    }
    crate::render::diagnostics::eprint(&loaded.sources, &blocking, ctx.color_stderr());
    Err(Error::InvalidPlan {
        count: blocking.len(),
    })
}

/// Finds and loads the plan, whatever is wrong inside it. Never the built-in plan:
/// `plan check` gates CI, and must fail (exit 2) rather than check the wrong plan.
pub fn any(ctx: &Context) -> Result<Kept, Error> {
    load_dir(ctx, &plan_dir(ctx)?).map(Kept::new)
}

/// Loads the plan folder `dir` from the working tree, or as committed at `--rev`.
fn load_dir(ctx: &Context, dir: &Path) -> Result<Loaded, Error> {
    match &ctx.rev {
        None => load::load(dir),
        Some(rev) => load::load_from(dir, crate::git::snapshot_at(dir, rev)?),
    }
}

/// The plan folder, from `--plan`/`PLAN_DIR` or found upwards from the current folder.
pub fn plan_dir(ctx: &Context) -> Result<PathBuf, Error> {
    if let Some(dir) = &ctx.plan {
        // The current folder is not needed (it may even have been deleted).
        return load::discover(Some(dir), Path::new(""));
    }
    let cwd = std::env::current_dir().map_err(|source| Error::Io {
        what: "cannot read the current folder to look for a plan from (pass --plan DIR)".into(),
        source,
    })?;
    load::discover(None, &cwd)
}

/// The loaded plan, kept until the process exits. A command loads one plan and exits when it
/// has answered; freeing 100k actions one allocation at a time cost 5–15% of `plan list` on a
/// large plan (measured with perf), and the operating system reclaims the memory at once.
pub struct Kept(std::mem::ManuallyDrop<Loaded>);

impl Kept {
    fn new(loaded: Loaded) -> Self {
        Kept(std::mem::ManuallyDrop::new(loaded))
    }
}

impl Deref for Kept {
    type Target = Loaded;

    fn deref(&self) -> &Loaded {
        &self.0
    }
}
