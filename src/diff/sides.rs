//! `plan diff`'s answer: two sides (a revision, or the working tree) loaded, compared, and
//! the changes grouped by section.

use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use super::{Change, Section};
use crate::error::Error;
use crate::git::Repo;
use crate::load::{self, Loaded, Snapshot};
use crate::text::plural;

/// One side of the comparison.
#[derive(Debug, Serialize)]
pub struct Side {
    /// As asked (`v1.0`, `HEAD~1`), or `working tree`.
    pub rev: String,
    /// Full commit id; null for the working tree.
    pub commit: Option<String>,
}

impl Side {
    /// The commit `rev` names.
    pub fn at(repo: &Repo, rev: &str) -> Result<Side, Error> {
        Ok(Side {
            rev: rev.to_owned(),
            commit: Some(repo.resolve(rev)?),
        })
    }

    /// The last commit made before `day` (`--since`).
    pub fn before(repo: &Repo, day: NaiveDate) -> Result<Side, Error> {
        let commit = repo.last_commit_before(day)?.ok_or_else(|| {
            Error::Usage(format!(
                "no commit was made before {day}, so there is nothing to compare with"
            ))
        })?;
        Ok(Side {
            rev: format!("last commit before {day}"),
            commit: Some(commit),
        })
    }

    /// What a diff compares from when not told: the latest tag (the last committee's
    /// plan, by convention), else `HEAD`.
    pub fn latest_tag(repo: &Repo) -> Result<Side, Error> {
        let rev = repo.latest_tag().unwrap_or_else(|| "HEAD".to_owned());
        Side::at(repo, &rev)
    }

    /// The side a diff compares from: the last commit before `since`, else `from`, else
    /// the latest tag.
    pub fn earlier(
        repo: &Repo,
        since: Option<NaiveDate>,
        from: Option<&str>,
    ) -> Result<Side, Error> {
        match (since, from) {
            (Some(day), _) => Side::before(repo, day),
            (None, Some(rev)) => Side::at(repo, rev),
            (None, None) => Side::latest_tag(repo),
        }
    }

    /// The side a diff compares to: `to`, else the working tree.
    pub fn later(repo: &Repo, to: Option<&str>) -> Result<Side, Error> {
        to.map_or_else(|| Ok(Side::work_tree()), |rev| Side::at(repo, rev))
    }

    pub fn work_tree() -> Side {
        Side {
            rev: "working tree".to_owned(),
            commit: None,
        }
    }

    pub fn label(&self) -> String {
        match &self.commit {
            Some(id) => format!("{} ({})", self.rev, crate::git::short_id(id)),
            None => "the working tree".to_owned(),
        }
    }

    fn load(&self, repo: &Repo, dir: &Path) -> Result<Loaded, Error> {
        let snapshot = match &self.commit {
            Some(commit) => repo.snapshot(commit, &self.rev)?,
            None => Snapshot::WorkTree,
        };
        load::load_from(dir, snapshot)
    }

    /// A warning when the plan on this side has errors: what it could not read is left out.
    fn errors_warning(&self, loaded: &Loaded) -> Option<String> {
        let errors = loaded.blocking().count() + loaded.degraded().count();
        (errors > 0).then(|| {
            format!(
                "warning: the plan at {} has {} (see `plan check{}`); actions it could not read are not compared",
                self.label(),
                plural(errors, "error", "errors"),
                self.commit
                    .as_ref()
                    .map_or(String::new(), |_| format!(" --rev {}", self.rev)),
            )
        })
    }
}

/// The changes of one section.
#[derive(Debug, Serialize)]
pub struct SectionView {
    pub change: &'static str,
    pub heading: &'static str,
    pub count: usize,
    pub actions: Vec<Change>,
}

/// Every change from one side to the other, by section (every section, even empty ones).
#[derive(Debug, Serialize)]
pub struct DiffView {
    pub from: Side,
    pub to: Side,
    pub sections: Vec<SectionView>,
    /// Indicators' new actuals, restated actuals and changed targets; left out when none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<super::indicators::IndicatorChange>,
    /// For stderr: a side whose plan has errors.
    #[serde(skip)]
    pub warnings: Vec<String>,
}

/// Loads the plan folder `dir` on both sides and compares them.
pub fn between(
    repo: &Repo,
    dir: &Path,
    from: Side,
    to: Side,
    today: NaiveDate,
) -> Result<DiffView, Error> {
    let old = from.load(repo, dir)?;
    let new = to.load(repo, dir)?;
    let warnings = [(&from, &old), (&to, &new)]
        .into_iter()
        .filter_map(|(side, loaded)| side.errors_warning(loaded))
        .collect();
    let changes = super::compare(
        &super::states(&old.plan, &old.sources, &old.diagnostics),
        &super::states(&new.plan, &new.sources, &new.diagnostics),
    );
    let sections = Section::DIFF
        .iter()
        .map(|&section| {
            let actions: Vec<Change> = changes
                .iter()
                .filter(|c| c.change == section)
                .cloned()
                .collect();
            SectionView {
                change: section.name(),
                heading: section.heading(),
                count: actions.len(),
                actions,
            }
        })
        .collect();
    let indicators = super::indicators::compare(&old.plan, &new.plan, today);
    Ok(DiffView {
        from,
        to,
        sections,
        indicators,
        warnings,
    })
}
