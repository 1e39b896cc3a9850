//! What a committee report says about progress: each action's latest update, completion,
//! the owner's RAG against the dates, the first agreed due date from git history, and the
//! changes since an earlier revision (built on [`crate::diff`]).

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use rustc_hash::FxHashMap;

use crate::diff::indicators::IndicatorChange;
use crate::diff::{self, ActionState, Change, Section, Shift};
use crate::error::Error;
use crate::git::Repo;
use crate::load;
use crate::model::{Due, Plan};
use crate::view::DueTrail;

/// The changes since an earlier point, for the report's "Changes since …" section.
#[derive(Clone, Debug)]
pub struct Changes {
    /// What the changes are measured from, for people: "jan-committee (a428055)".
    pub since: String,
    /// Non-empty sections in [`Section::DIFF`] order.
    pub sections: Vec<(Section, Vec<Change>)>,
    /// Indicators' new actuals, restated actuals and changed targets, as `plan diff` lists
    /// them.
    pub indicators: Vec<IndicatorChange>,
}

impl Changes {
    /// How many changes, actions' and indicators'.
    pub fn count(&self) -> usize {
        self.sections.iter().map(|(_, l)| l.len()).sum::<usize>() + self.indicators.len()
    }

    pub fn is_empty(&self) -> bool {
        self.count() == 0
    }
}

/// The state of the plan the report is about, and the repository holding it (`None` outside
/// git: there is no history to read, and the report says nothing about it).
pub struct History {
    repo: Repo,
    dir: std::path::PathBuf,
    /// The revision the report reads (`--rev`), or `None` for the working tree.
    rev: Option<String>,
}

impl History {
    pub fn open(dir: &Path, rev: Option<&str>) -> Option<History> {
        Repo::open(dir).ok().map(|repo| History {
            repo,
            dir: dir.to_path_buf(),
            rev: rev.map(str::to_owned),
        })
    }

    /// Each action's due dates through the commits before the plan reported (none outside
    /// a repository's history); [`Trails::origins`] then compares them with the plan.
    pub fn trails(&self) -> Result<Trails, Error> {
        let head = self.repo.resolve(self.rev.as_deref().unwrap_or("HEAD"));
        // A repository with no commit yet has no history.
        let Ok(head) = head else {
            return Ok(Trails(FxHashMap::default()));
        };
        let mut commits = self.repo.plan_commits(&head)?;
        // The newest commit that touched the plan holds the very plan reported when that is
        // the revision asked for, or a clean working tree: its states are `now`'s, which every
        // trail sees last anyway, so loading that whole plan again would change nothing.
        // Only a saving: if git cannot tell, the whole history is read as before.
        if self.rev.is_some() || self.repo.plan_is_clean().unwrap_or(false) {
            commits.pop();
        }
        let mut cache = load::FileCache::default();
        let mut walked = Walked::default();
        self.repo.walk()?.each_version(commits, |_, version| {
            let loaded = load::load_version(&self.dir, version.snapshot, &mut cache)?;
            walked.see(&loaded.plan);
            Ok(())
        })?;
        Ok(Trails(walked.trails.into_iter().collect()))
    }
}

/// Each action's due dates through the history read, by action id.
pub struct Trails(FxHashMap<String, Trail>);

impl Trails {
    /// No commit before the plan reported: no action has a history to tell.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// For every action whose due date ever changed: its first due date and the moves since.
    pub fn origins(mut self, now: &[ActionState]) -> HashMap<String, DueTrail> {
        let trails = &mut self.0;
        let mut origins = HashMap::new();
        for state in now {
            let Some(trail) = trails.get_mut(&state.id) else {
                continue;
            };
            trail.see(state.due.clone(), state.due_by);
            if let (Some((first, first_by)), true) = (&trail.first, trail.moves > 0) {
                let shift = match (first_by, state.due_by) {
                    (Some(from), Some(to)) => Some(Shift::between(*from, to)),
                    _ => None,
                };
                origins.insert(
                    state.id.clone(),
                    DueTrail {
                        first: first.clone(),
                        moves: trail.moves,
                        shift,
                    },
                );
            }
        }
        origins
    }
}

impl History {
    /// The changes from `since` (a revision, or a day: the last commit before it) to the
    /// plan the report reads (`now_plan`, whose actions' states are `now`); a target changed
    /// for a period that had begun by `today` is a late change.
    pub fn changes(
        &self,
        since: &str,
        now: &[ActionState],
        now_plan: &Plan,
        today: NaiveDate,
    ) -> Result<Changes, Error> {
        let (commit, label) = match crate::dates::parse_day(since) {
            Ok(day) => {
                let commit = self.repo.last_commit_before(day)?.ok_or_else(|| {
                    Error::Usage(format!(
                        "no commit was made before {day}, so there is nothing to compare with"
                    ))
                })?;
                let label = format!(
                    "{} (the last commit before it)",
                    crate::dates::short_date(day)
                );
                (commit, label)
            }
            Err(_) => {
                let commit = self.repo.resolve(since)?;
                (commit, since.to_owned())
            }
        };
        let old = load::load_from(&self.dir, self.repo.snapshot(&commit, since)?)?;
        let changes = diff::compare(
            &diff::states(&old.plan, &old.sources, &old.diagnostics),
            now,
        );
        let sections = Section::DIFF
            .iter()
            .map(|&s| {
                (
                    s,
                    changes
                        .iter()
                        .filter(|c| c.change == s)
                        .cloned()
                        .collect::<Vec<_>>(),
                )
            })
            .filter(|(_, list)| !list.is_empty())
            .collect();
        Ok(Changes {
            since: label,
            sections,
            indicators: diff::indicators::compare(&old.plan, now_plan, today),
        })
    }
}

/// Each action's due-date trail as the walk builds them, version by version.
#[derive(Default)]
struct Walked {
    /// By id, in the order first seen.
    trails: Vec<(String, Trail)>,
    by_id: FxHashMap<String, usize>,
    /// The last version's actions' trails, in plan order: the next version's actions are
    /// nearly all the same ids in the same places, found there without a lookup.
    last: Vec<usize>,
    versions: usize,
}

impl Walked {
    /// One more version: each action's due date, as [`diff::states`] reads it, onto the
    /// trail of its id (the first action of an id, in plan order, where ids repeat).
    fn see(&mut self, plan: &Plan) {
        self.versions += 1;
        let mut now = Vec::with_capacity(plan.actions.len());
        for action in plan.actions.iter().filter(|a| !a.id.is_empty()) {
            let at = match self.last.get(now.len()) {
                Some(&at) if *self.trails[at].0 == *action.id => at,
                _ => self.trail_of(&action.id),
            };
            now.push(at);
            let trail = &mut self.trails[at].1;
            if trail.version != self.versions {
                trail.version = self.versions;
                trail.see_version(action.due.due.as_ref());
            }
        }
        self.last = now;
    }

    fn trail_of(&mut self, id: &str) -> usize {
        if let Some(&at) = self.by_id.get(id) {
            return at;
        }
        self.trails.push((id.to_owned(), Trail::default()));
        self.by_id.insert(id.to_owned(), self.trails.len() - 1);
        self.trails.len() - 1
    }
}

/// One action's due dates as seen commit by commit.
#[derive(Default)]
struct Trail {
    /// The last version seen (1 for the first): a repeated id counts once a version.
    version: usize,
    /// The first due date seen (canonical, due-by day).
    first: Option<(String, Option<NaiveDate>)>,
    last: Option<(Option<String>, Option<NaiveDate>)>,
    moves: usize,
    /// The last version's due date as the walk read it: the same one again (most actions,
    /// most commits) changes nothing, so is not read again.
    last_due: Option<Option<Arc<Due>>>,
}

impl Trail {
    /// One more version's due date, as the plan holds it.
    fn see_version(&mut self, due: Option<&Arc<Due>>) {
        let same = |last: &Option<Arc<Due>>| match (last, due) {
            (None, None) => true,
            (Some(last), Some(due)) => Arc::ptr_eq(last, due),
            _ => false,
        };
        if self.last_due.as_ref().is_some_and(same) {
            return;
        }
        self.see(due.map(|d| d.canonical()), due.and_then(|d| d.due_by()));
        self.last_due = Some(due.cloned());
    }

    /// One more version's due date (canonical) and due-by day.
    fn see(&mut self, due: Option<String>, due_by: Option<NaiveDate>) {
        if self.first.is_none()
            && let Some(due) = &due
        {
            self.first = Some((due.clone(), due_by));
        }
        if let Some((last, by)) = &self.last {
            // The same test `plan diff` uses: the due-by day moved, or an undated due changed.
            if *by != due_by || (by.is_none() && *last != due) {
                self.moves += 1;
            }
        }
        self.last = Some((due, due_by));
    }
}

#[cfg(test)]
mod tests {
    use super::Walked;
    use crate::load::tests::load_files;

    fn priority(id: &str, actions: &[(&str, &str)]) -> String {
        let mut text = format!("[priority]\nid = \"{id}\"\ntitle = \"P\"\nowners = [\"Leader\"]\n");
        for (action, due) in actions {
            text.push_str(&format!(
                "\n[[action]]\nid = \"{action}\"\ntitle = \"A\"\ndue = \"{due}\"\n"
            ));
        }
        text
    }

    #[test]
    fn a_trail_follows_its_id_wherever_it_moves_and_the_first_of_a_repeated_id() {
        let versions = [
            // x twice: a.toml's comes first in plan order and is the one followed.
            (vec![("x", "April 2004")], vec![("x", "May 2004")]),
            // Moved down a place by a new action before it, and slipped.
            (
                vec![("y", "April 2004"), ("x", "June 2004")],
                vec![("x", "May 2004")],
            ),
            // Gone from a.toml: b.toml's x is now the first.
            (vec![("y", "April 2004")], vec![("x", "May 2004")]),
            (vec![("y", "April 2004")], vec![("x", "May 2004")]),
        ];
        let mut walked = Walked::default();
        for (a, b) in versions {
            let loaded = load_files(&[
                ("a.toml", &priority("a", &a)),
                ("b.toml", &priority("b", &b)),
            ]);
            walked.see(&loaded.plan);
        }
        let trail = |id: &str| &walked.trails[walked.by_id[id]].1;
        let x = trail("x");
        assert_eq!(x.first.as_ref().map(|f| f.0.as_str()), Some("April 2004"));
        assert_eq!(x.moves, 2);
        assert_eq!(
            x.last.as_ref().and_then(|l| l.0.as_deref()),
            Some("May 2004")
        );
        assert_eq!((trail("y").moves, walked.trails.len()), (0, 2));
    }
}
