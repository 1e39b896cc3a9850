//! `plan report`: a committee report of the plan as at `--today`, as Markdown, HTML or CSV,
//! to stdout or to the `-o` file.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use crate::cli::ReportArgs;
use crate::context::Context;
use crate::dates::Horizon;
use crate::error::Error;
use crate::filter::{self, Filter};
use crate::format::ReportFormat as Format;
use crate::report::progress::History;
use crate::report::{self, Report};

pub fn run(ctx: &Context, args: &ReportArgs, out: &mut dyn Write) -> Result<ExitCode, Error> {
    // Before anything else: `-o plan/plan.toml` must not even get as far as a format error.
    if let (Some(path), Ok(dir)) = (&args.output, crate::loading::plan_dir(ctx)) {
        crate::output::refuse_inside_plan(path, &dir)?;
    }
    let format = report_format(args.format, args.output.as_deref())?;
    if format == Format::Xlsx && args.output.is_none() {
        return Err(Error::Usage(
            "--format xlsx writes a workbook, not text: give the file with -o FILE.xlsx".into(),
        ));
    }
    let window: Horizon = args
        .window
        .parse()
        .map_err(|err| Error::Usage(format!("invalid --window: {err}")))?;
    let loaded = crate::loading::for_query(ctx)?;
    let plan = &loaded.plan;
    let selection = Filter {
        owners: filter::resolve_owners(plan, &args.owner)?,
        priorities: filter::resolve_priorities(plan, &args.priority)?,
        // A report accounts for every action, done and dropped included.
        all: true,
        ..Filter::default()
    };
    let scope = report::scope(plan, &selection);
    let selected = selection.apply(plan, ctx.today);
    let mut report = Report::build(
        plan,
        &loaded.sources,
        &selected,
        ctx.today,
        window,
        scope,
        args.by_owner,
    );
    if let Some(title) = args
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .or(plan.meta.report_title.as_deref())
    {
        report.title = title;
    }
    let indicators_in_scope = crate::indicator::select::Selection {
        owners: selection.owners.clone(),
        priorities: selection.priorities.clone(),
        ..Default::default()
    };
    report.indicators =
        report::indicators::of(plan, &loaded.sources, &indicators_in_scope, ctx.today);
    add_history(ctx, args, &loaded, &mut report)?;

    match &args.output {
        Some(path) => crate::output::write(path, &report::render(&report, format, true)?)?,
        None => report::write(out, &report, format, false)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// `--format` if given (it must be html, markdown or csv, and agree with the `-o`
/// extension), else the `-o` extension, else Markdown.
fn report_format(asked: Option<Format>, output: Option<&Path>) -> Result<Format, Error> {
    let from_extension = match output {
        None => None,
        Some(path) => {
            let ext = path
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase);
            match ext.as_deref() {
                Some("html" | "htm") => Some(Format::Html),
                Some("md" | "markdown") => Some(Format::Markdown),
                Some("csv") => Some(Format::Csv),
                Some("xlsx") => Some(Format::Xlsx),
                _ if asked.is_some() => None,
                _ => {
                    return Err(Error::Usage(format!(
                        "cannot tell the format from the name {}: use .html, .md, .csv or .xlsx, or pass --format html|markdown|csv|xlsx",
                        path.display()
                    )));
                }
            }
        }
    };
    match (asked, from_extension) {
        (Some(f), ext) => match ext {
            Some(e) if e != f => Err(Error::Usage(format!(
                "--format {} does not match the extension of {}",
                f.name(),
                output.map(|p| p.display().to_string()).unwrap_or_default()
            ))),
            _ => Ok(f),
        },
        (None, Some(f)) => Ok(f),
        (None, None) => Ok(Format::Markdown),
    }
}

/// The first agreed due dates from git history, and `--since`'s changes. Outside git (or for
/// the built-in plan) there is no history: `--since` is an error, and origins are left out.
fn add_history(
    ctx: &Context,
    args: &ReportArgs,
    loaded: &crate::load::Loaded,
    report: &mut Report<'_>,
) -> Result<(), Error> {
    let history = crate::loading::plan_dir(ctx)
        .ok()
        .and_then(|dir| History::open(&dir, ctx.rev.as_deref()));
    let Some(history) = history else {
        return match &args.since {
            Some(_) => Err(Error::Usage(
                "--since needs the plan folder to be tracked in git".into(),
            )),
            None => Ok(()),
        };
    };
    let trails = history.trails()?;
    if trails.is_empty() && args.since.is_none() {
        // Nothing to compare the plan with: its states (100k actions' worth) are not needed.
        return Ok(());
    }
    let now = crate::diff::states(&loaded.plan, &loaded.sources, &loaded.diagnostics);
    let origins = trails.origins(&now);
    report.set_origins(|id| origins.get(id).cloned());
    if let Some(since) = &args.since {
        report.changes = Some(history.changes(since, &now, &loaded.plan, ctx.today)?);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_from_flag_then_extension_then_markdown() {
        let p = |s: &str| Some(Path::new(s).to_path_buf());
        let f = |asked, out: Option<std::path::PathBuf>| report_format(asked, out.as_deref());
        assert_eq!(f(None, None).unwrap(), Format::Markdown);
        assert_eq!(f(None, p("r.HTML")).unwrap(), Format::Html);
        assert_eq!(f(None, p("r.htm")).unwrap(), Format::Html);
        assert_eq!(f(None, p("r.md")).unwrap(), Format::Markdown);
        assert_eq!(f(None, p("r.csv")).unwrap(), Format::Csv);
        assert_eq!(f(None, p("r.XLSX")).unwrap(), Format::Xlsx);
        assert_eq!(f(Some(Format::Csv), p("r.txt")).unwrap(), Format::Csv);
        assert_eq!(f(Some(Format::Html), None).unwrap(), Format::Html);
        assert!(f(None, p("r.txt")).is_err());
        assert!(f(None, p("report")).is_err());
        assert!(f(Some(Format::Csv), p("r.html")).is_err());
    }
}
