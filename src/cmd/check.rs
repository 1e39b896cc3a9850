//! `plan check`: every problem in the plan at once, for people and for CI.

use std::io::Write;
use std::process::ExitCode;

use crate::check::{self, Setting, Severities};
use crate::cli::CheckArgs;
use crate::context::Context;
use crate::diag::{Diagnostic, Rule};
use crate::error::Error;
use crate::format::CheckFormat;
use crate::render::diagnostics;

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
    let warnings = findings.len() - errors;
    match format {
        CheckFormat::Json => {
            let json = diagnostics::json_findings(&loaded.sources, &findings);
            crate::render::write_json_rows(out, &json)?;
        }
        CheckFormat::Github => {
            for finding in &findings {
                writeln!(out, "{}", diagnostics::github(&loaded.sources, finding))?;
            }
        }
        CheckFormat::Human => {
            for finding in &findings {
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
    Ok(if errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
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
