//! What `plan check` writes, in the format asked (human, JSON, GitHub workflow commands,
//! SARIF), and the paths the CI formats give each file.

use std::io::Write;
use std::path::Path;

use crate::check::Verdict;
use crate::diag::{FileId, SourceMap};
use crate::format::CheckFormat;
use crate::git::Repo;
use crate::load::Loaded;
use crate::render::diagnostics;

/// How the verdict is to be said.
pub struct Asked<'a> {
    pub format: CheckFormat,
    /// Waived findings too (`--verbose`).
    pub verbose: bool,
    pub color: bool,
    pub today: chrono::NaiveDate,
    /// The plan folder, which GitHub annotations and SARIF name files from.
    pub plan_dir: Option<&'a Path>,
}

/// The verdict on `loaded`, as asked.
pub fn write(
    out: &mut dyn Write,
    loaded: &Loaded,
    verdict: &Verdict,
    asked: &Asked<'_>,
) -> std::io::Result<()> {
    let sources = &loaded.sources;
    match asked.format {
        CheckFormat::Json => {
            diagnostics::write_json_findings(out, sources, &verdict.findings, &verdict.waived)?;
        }
        CheckFormat::Github => {
            let paths = annotation_paths(asked.plan_dir, sources);
            for finding in &verdict.findings {
                writeln!(out, "{}", diagnostics::github(sources, finding, &paths))?;
            }
            for waived in verdict.waived.iter().filter(|_| asked.verbose) {
                writeln!(
                    out,
                    "{}",
                    diagnostics::github_waived(sources, waived, &paths)
                )?;
            }
        }
        CheckFormat::Sarif => {
            let paths = annotation_paths(asked.plan_dir, sources);
            let plan_level = plan_level_path(asked.plan_dir, sources, &paths);
            let log = crate::render::sarif::log(sources, verdict, &paths, &plan_level);
            serde_json::to_writer_pretty(&mut *out, &log).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        CheckFormat::Human => diagnostics::write_human(
            out,
            sources,
            verdict,
            &diagnostics::HumanSummary {
                verbose: asked.verbose,
                color: asked.color,
                files_checked: loaded.files_checked,
                today: asked.today,
            },
        )?,
    }
    Ok(())
}

/// Each file's path for GitHub annotations and SARIF: relative to the root of the git work tree (the
/// runner checks the repository out there, and matches annotations to the diff by it), or to
/// the current folder outside git. `--plan council/plan` gives `council/plan/a.toml`, not
/// `plan/a.toml`. Where no such path can be made, the usual display path.
fn annotation_paths(dir: Option<&Path>, sources: &SourceMap) -> Vec<String> {
    let base = dir
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
fn plan_level_path(dir: Option<&Path>, sources: &SourceMap, paths: &[String]) -> String {
    let plan_file = dir.map(|d| d.join(crate::load::PLAN_FILE));
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
