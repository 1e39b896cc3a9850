//! `plan import`: a spreadsheet into plan files, with a summary of what was read and what
//! was not.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::ImportArgs;
use crate::context::Context;
use crate::error::Error;
use crate::import::{self, Prepared};
use crate::render;

pub fn run(ctx: &Context, args: &ImportArgs, out: &mut dyn Write) -> Result<ExitCode, Error> {
    let plan_dir = match crate::loading::plan_dir(ctx) {
        Err(Error::NoPlanFound(start)) => {
            return Err(Error::Usage(format!(
                "no plan to import into: no plan/plan.toml in {} or any folder above it\nhelp: create one with `plan init --organisation NAME`, or pass --plan DIR",
                start.display()
            )));
        }
        dir => dir?,
    };
    let request = args.request()?;
    // Held from reading the plan to the last rename, so no other writer's change is lost.
    let _lock = if args.dry_run {
        None
    } else {
        Some(crate::edit::lock(&plan_dir)?)
    };
    let import = match import::prepare(&plan_dir, &request, ctx.today)? {
        Prepared::Ready(import) => import,
        Prepared::Refused(found) => {
            render::diagnostics::eprint(&found.sources, &found.diagnostics, false);
            let count = found.diagnostics.len();
            return Err(Error::ImportRefused { count });
        }
    };
    import::summary::summary(out, &import, &args.file, &plan_dir).map_err(Error::Output)?;
    if !args.dry_run {
        import::write(&import)?;
    }
    import::summary::files(out, &import, &args.file, &plan_dir, args.dry_run)
        .map_err(Error::Output)?;
    Ok(ExitCode::SUCCESS)
}
