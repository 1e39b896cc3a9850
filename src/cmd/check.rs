//! `plan check`: every problem in the plan at once, for people and for CI.

use std::io::Write;
use std::process::ExitCode;

use crate::check::{self, Setting, Severities};
use crate::cli::CheckArgs;
use crate::context::Context;
use crate::diag::{Diagnostic, FileId, Rule, SourceMap};
use crate::error::Error;
use crate::format::CheckFormat;
use crate::git::Repo;
use crate::render::diagnostics;
use std::path::Path;

pub fn run(ctx: &Context, args: &CheckArgs, out: &mut dyn Write) -> Result<ExitCode, Error> {
    let format = args.format.unwrap_or_default();
    let loaded = crate::loading::any(ctx)?;
    let severities = severities(&loaded.check, args)?;
    let mut findings: Vec<Diagnostic> = check::unfiltered(&loaded, ctx.today)
        .into_iter()
        .filter_map(|d| severities.apply(d))
        .collect();
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let errors = findings.iter().filter(|d| d.is_error()).count();
    write_findings(ctx, format, &loaded, &findings, out).map_err(Error::Output)?;
    Ok(if errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn write_findings(
    ctx: &Context,
    format: CheckFormat,
    loaded: &crate::load::Loaded,
    findings: &[Diagnostic],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let errors = findings.iter().filter(|d| d.is_error()).count();
    let warnings = findings.len() - errors;
    match format {
        CheckFormat::Json => {
            let json = diagnostics::json_findings(&loaded.sources, findings);
            serde_json::to_writer_pretty(&mut *out, &json).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        CheckFormat::Github => {
            let paths = annotation_paths(ctx, &loaded.sources);
            for finding in findings {
                writeln!(
                    out,
                    "{}",
                    diagnostics::github(&loaded.sources, finding, &paths)
                )?;
            }
        }
        CheckFormat::Human => {
            for finding in findings {
                writeln!(
                    out,
                    "{}\n",
                    diagnostics::human(&loaded.sources, finding, ctx.color)
                )?;
            }
            writeln!(
                out,
                "{}: {}, {}; {} checked (as at {})",
                if errors == 0 { "ok" } else { "failed" },
                crate::text::plural(errors, "error", "errors"),
                crate::text::plural(warnings, "warning", "warnings"),
                crate::text::plural(loaded.files_checked, "file", "files"),
                ctx.today
            )?;
        }
    }
    Ok(())
}

/// Each file's path for GitHub annotations: relative to the root of the git work tree (the
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

/// `[check]` from `plan.toml` first, then the command line, which therefore wins.
fn severities(
    settings: &crate::schema::CheckSettings,
    args: &CheckArgs,
) -> Result<Severities, Error> {
    let mut severities = Severities::default();
    let from_file = settings
        .deny
        .iter()
        .map(|r| (r.get_ref().as_str(), Setting::Deny))
        .chain(
            settings
                .allow
                .iter()
                .map(|r| (r.get_ref().as_str(), Setting::Allow)),
        );
    for (name, setting) in from_file {
        if let Some(rule) = Rule::from_name(name) {
            severities.set(rule, setting).map_err(Error::Usage)?;
        }
    }
    let from_args = args
        .deny
        .iter()
        .map(|r| (r.as_str(), Setting::Deny))
        .chain(args.allow.iter().map(|r| (r.as_str(), Setting::Allow)));
    for (name, setting) in from_args {
        let rule = Rule::from_name(name).ok_or_else(|| {
            let names: Vec<&str> = Rule::ALL.iter().map(|r| r.name()).collect();
            Error::Usage(format!(
                "unknown rule \"{name}\"; rules: {}",
                names.join(", ")
            ))
        })?;
        severities.set(rule, setting).map_err(Error::Usage)?;
    }
    Ok(severities)
}
