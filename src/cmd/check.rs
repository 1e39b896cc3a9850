//! `plan check`: every problem in the plan at once, for people and for CI.

use std::io::Write;
use std::process::ExitCode;

use crate::check::{self, Verdict};
use crate::cli::CheckArgs;
use crate::context::Context;
use std::path::Path;

use crate::diag::{FileId, SourceMap};
use crate::error::Error;
use crate::format::CheckFormat;
use crate::git::Repo;
use crate::load::Loaded;
use crate::render::diagnostics;

pub fn run(ctx: &Context, args: &CheckArgs, out: &mut dyn Write) -> Result<ExitCode, Error> {
    let format = args.format.unwrap_or_default();
    let loaded = crate::loading::any(ctx)?;
    // `[check]` from `plan.toml` first, then the command line, which therefore wins.
    let severities = (loaded.severities.clone())
        .with_args(&args.deny, &args.allow)
        .map_err(Error::Usage)?;
    let verdict = check::verdict(&loaded, &severities, ctx.today);
    write_verdict(ctx, args, format, &loaded, &verdict, out).map_err(Error::Output)?;
    Ok(if verdict.errors() == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn write_verdict(
    ctx: &Context,
    args: &CheckArgs,
    format: CheckFormat,
    loaded: &Loaded,
    verdict: &Verdict,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    match format {
        CheckFormat::Json => {
            diagnostics::write_json_findings(
                out,
                &loaded.sources,
                &verdict.findings,
                &verdict.waived,
            )?;
        }
        CheckFormat::Github => {
            let paths = annotation_paths(ctx, &loaded.sources);
            for finding in &verdict.findings {
                let line = diagnostics::github(&loaded.sources, finding, &paths);
                writeln!(out, "{line}")?;
            }
            for waived in verdict.waived.iter().filter(|_| args.verbose) {
                writeln!(
                    out,
                    "{}",
                    diagnostics::github_waived(&loaded.sources, waived, &paths)
                )?;
            }
        }
        CheckFormat::Sarif => {
            let paths = annotation_paths(ctx, &loaded.sources);
            let plan_level = plan_level_path(ctx, &loaded.sources, &paths);
            let log = crate::render::sarif::log(&loaded.sources, verdict, &paths, &plan_level);
            serde_json::to_writer_pretty(&mut *out, &log).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        CheckFormat::Human => diagnostics::write_human(
            out,
            &loaded.sources,
            verdict,
            &diagnostics::HumanSummary {
                verbose: args.verbose,
                color: ctx.color,
                files_checked: loaded.files_checked,
                today: ctx.today,
            },
        )?,
    }
    Ok(())
}

/// Each file's path for GitHub annotations and SARIF: relative to the root of the git work tree (the
/// runner checks the repository out there, and matches annotations to the diff by it), or to
/// the current folder outside git. `--plan council/plan` gives `council/plan/a.toml`, not
/// `plan/a.toml`. Where no such path can be made, the usual display path.
fn annotation_paths(ctx: &Context, sources: &SourceMap) -> Vec<String> {
    let dir = crate::loading::plan_dir(ctx).ok();
    let base = dir
        .as_deref()
        .and_then(|d| Repo::open(d).ok())
        .map(|repo| repo.root().to_path_buf())
        .or_else(|| std::env::current_dir().ok())
        .and_then(|b| b.canonicalize().ok());
    let plan = dir.and_then(|d| Some((d.canonicalize().ok()?, d)));
    let relative = |path: &Path| -> Option<String> {
        let (real, given) = plan.as_ref()?;
        let inside = path.strip_prefix(given).ok()?;
        let full = real.join(inside);
        let from_root = full.strip_prefix(base.as_ref()?).ok()?;
        let parts: Vec<String> = from_root
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        Some(crate::render::text::terminal_safe(&parts.join("/")))
    };
    (0..sources.len())
        .map(|i| {
            let source = sources.get(FileId(u32::try_from(i).unwrap_or(u32::MAX)));
            relative(&source.path).unwrap_or_else(|| source.display.clone())
        })
        .collect()
}

/// Where SARIF puts a finding with no place of its own (a missing `owners.toml`, a link
/// leaving the plan): `plan.toml`, which every plan folder has (code scanning refuses a
/// result with no location), else the plan folder itself.
fn plan_level_path(ctx: &Context, sources: &SourceMap, paths: &[String]) -> String {
    let dir = crate::loading::plan_dir(ctx).ok();
    let plan_file = dir.as_ref().map(|d| d.join(crate::load::PLAN_FILE));
    let found = (0..sources.len()).find(|&i| {
        let source = sources.get(FileId(u32::try_from(i).unwrap_or(u32::MAX)));
        Some(&source.path) == plan_file.as_ref()
    });
    match found.and_then(|i| paths.get(i)) {
        Some(path) => path.clone(),
        None => paths
            .first()
            .and_then(|p| p.rsplit_once('/'))
            .map_or_else(|| ".".to_owned(), |(folder, _)| folder.to_owned()),
    }
}
