//! `plan diff [FROM] [TO]`: what changed in the plan between two git revisions, or between a
//! revision and the working tree — the "what slipped since the last committee" report.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use serde::Serialize;

use crate::cli::DiffArgs;
use crate::context::Context;
use crate::dates;
use crate::diff::{self, Change, Section};
use crate::error::Error;
use crate::format::QueryFormat as Format;
use crate::git::Repo;
use crate::load::{self, Loaded, Snapshot};
use crate::render::{self, Grid, GridCell};

/// One side of the comparison.
#[derive(Debug, Serialize)]
pub struct Side {
    /// As asked (`v1.0`, `HEAD~1`), or `working tree`.
    pub rev: String,
    /// Full commit id; null for the working tree.
    pub commit: Option<String>,
}

impl Side {
    fn label(&self) -> String {
        match &self.commit {
            Some(id) => format!("{} ({})", self.rev, crate::git::short_id(id)),
            None => "the working tree".to_owned(),
        }
    }
}

#[derive(Debug, Serialize)]
struct SectionView<'a> {
    change: &'static str,
    heading: &'static str,
    count: usize,
    actions: Vec<&'a Change>,
}

#[derive(Debug, Serialize)]
struct DiffView<'a> {
    from: Side,
    to: Side,
    sections: Vec<SectionView<'a>>,
}

pub fn run(ctx: &Context, args: &DiffArgs, out: &mut dyn Write) -> Result<ExitCode, Error> {
    let format = ctx.query_format(args.output.format);
    let dir = crate::loading::plan_dir(ctx)?;
    let repo = Repo::open(&dir)?;
    let from = match (&args.since, &args.from) {
        (Some(since), _) => {
            let day = dates::parse_day(since)
                .map_err(|err| Error::Usage(format!("invalid --since: {err}")))?;
            let commit = repo.last_commit_before(day)?.ok_or_else(|| {
                Error::Usage(format!(
                    "no commit was made before {day}, so there is nothing to compare with"
                ))
            })?;
            Side {
                rev: format!("last commit before {day}"),
                commit: Some(commit),
            }
        }
        (None, Some(rev)) => side(&repo, rev)?,
        (None, None) => {
            let rev = repo.latest_tag().unwrap_or_else(|| "HEAD".to_owned());
            side(&repo, &rev)?
        }
    };
    let to = match args.to.as_ref().or(ctx.rev.as_ref()) {
        Some(rev) => side(&repo, rev)?,
        None => Side {
            rev: "working tree".to_owned(),
            commit: None,
        },
    };
    let old = load_side(&repo, &dir, &from)?;
    let new = load_side(&repo, &dir, &to)?;
    for (side, loaded) in [(&from, &old), (&to, &new)] {
        let errors = loaded.blocking().count() + loaded.degraded().count();
        if errors > 0 {
            crate::eprint_line(&format!(
                "warning: the plan at {} has {} (see `plan check{}`); actions it could not read are not compared",
                side.label(),
                crate::text::plural(errors, "error", "errors"),
                side.commit
                    .as_ref()
                    .map_or(String::new(), |_| format!(" --rev {}", side.rev)),
            ));
        }
    }
    let changes = diff::compare(
        &diff::states(&old.plan, &old.sources, &old.diagnostics),
        &diff::states(&new.plan, &new.sources, &new.diagnostics),
    );
    let view = DiffView {
        sections: Section::DIFF
            .iter()
            .map(|&section| {
                let actions: Vec<&Change> =
                    changes.iter().filter(|c| c.change == section).collect();
                SectionView {
                    change: section.name(),
                    heading: section.heading(),
                    count: actions.len(),
                    actions,
                }
            })
            .collect(),
        from,
        to,
    };
    write(out, format, ctx.color, &view)?;
    Ok(ExitCode::SUCCESS)
}

fn side(repo: &Repo, rev: &str) -> Result<Side, Error> {
    Ok(Side {
        rev: rev.to_owned(),
        commit: Some(repo.resolve(rev)?),
    })
}

fn load_side(repo: &Repo, dir: &Path, side: &Side) -> Result<Loaded, Error> {
    let snapshot = match &side.commit {
        Some(commit) => repo.snapshot(commit, &side.rev)?,
        None => Snapshot::WorkTree,
    };
    load::load_from(dir, snapshot)
}

fn write(
    out: &mut dyn Write,
    format: Format,
    color: bool,
    view: &DiffView<'_>,
) -> Result<(), Error> {
    let counts: Vec<String> = view
        .sections
        .iter()
        .filter(|s| s.count > 0)
        .map(|s| format!("{} {}", s.count, s.heading.to_lowercase()))
        .collect();
    let summary = format!(
        "Changes from {} to {}: {}",
        view.from.label(),
        view.to.label(),
        if counts.is_empty() {
            "none".to_owned()
        } else {
            counts.join(", ")
        }
    );
    match format {
        Format::Json => render::write_result(out, format, color, view, &Grid::default(), None),
        Format::Csv => {
            let grid = Grid {
                headers: vec!["Change", "ID", "Action", "Detail"],
                rows: view
                    .sections
                    .iter()
                    .flat_map(|s| s.actions.iter())
                    .map(|c| {
                        vec![
                            GridCell::from(c.change.name()),
                            GridCell::from(c.id.as_str()),
                            GridCell::from(c.title.as_str()),
                            GridCell::from(c.detail.as_str()),
                        ]
                    })
                    .collect(),
                wide: Some(2),
                droppable: Vec::new(),
            };
            render::write_result(out, format, color, &(), &grid, None)
        }
        _ => {
            let markdown = format == Format::Markdown;
            writeln!(
                out,
                "{}",
                if markdown {
                    render::text::markdown_cell(&summary)
                } else {
                    render::text::terminal_safe(&summary)
                }
            )
            .map_err(Error::Output)?;
            for section in view.sections.iter().filter(|s| s.count > 0) {
                let heading = format!("{} ({})", section.heading, section.count);
                let written = if markdown {
                    writeln!(out, "\n### {heading}\n")
                } else {
                    writeln!(out, "\n{heading}")
                };
                written.map_err(Error::Output)?;
                let grid = Grid {
                    headers: vec!["ID", "Action", "Change"],
                    rows: section
                        .actions
                        .iter()
                        .map(|c| {
                            vec![
                                GridCell::from(c.id.as_str()),
                                GridCell::from(c.title.as_str()),
                                GridCell::from(c.detail.as_str()),
                            ]
                        })
                        .collect(),
                    wide: Some(1),
                    droppable: Vec::new(),
                };
                render::write_result(out, format, color, &(), &grid, None)?;
            }
            Ok(())
        }
    }
}
