//! `plan init`: a new plan folder, written only where no plan is.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use crate::cli::InitArgs;
use crate::context::Context;
use crate::error::Error;
use crate::init::{self, Settings};

pub fn run(ctx: &Context, args: &InitArgs, out: &mut dyn Write) -> Result<ExitCode, Error> {
    let root = args.dir.as_deref().unwrap_or(Path::new("."));
    let plan_dir = std::path::absolute(root.join("plan")).map_err(|source| Error::Write {
        path: root.join("plan"),
        source,
    })?;
    init::refuse_existing(&plan_dir)?;
    let settings = Settings::new(
        &args.organisation,
        args.financial_year_start,
        args.date_order.map(crate::cli::DateOrderArg::order),
    )?;
    let files = init::files(&plan_dir, &settings, ctx.today);
    if let Some(found) = init::blocking(&plan_dir, &files)? {
        crate::render::diagnostics::eprint(&found.sources, &found.diagnostics, false);
        let count = found.diagnostics.len();
        return Err(Error::InvalidPlan { count });
    }
    let (written, editor) = init::write(&plan_dir, &files)?;
    let top = plan_dir.parent().unwrap_or(Path::new("/"));
    let shown: Vec<_> = written
        .iter()
        .map(|path| root.join(path.strip_prefix(top).unwrap_or(path)))
        .collect();
    crate::render::edit::created(out, &shown, editor).map_err(Error::Output)?;
    Ok(ExitCode::SUCCESS)
}
