//! One action's history: every commit that changed it, oldest first, with the field changes,
//! and the due-date trail that makes repeated slippage visible (`plan history`).

use std::path::Path;

use serde::Serialize;

use crate::diff::{self, ActionState, Change, Section, Shift};
use crate::error::Error;
use crate::git::{Commit, Contents, Repo, Text};
use crate::load::{self, Snapshot};

#[derive(Debug, Serialize)]
pub struct Entry {
    /// Full commit id; null for uncommitted changes in the working tree.
    pub commit: Option<String>,
    pub date: String,
    pub author: String,
    pub subject: String,
    pub changes: Vec<Change>,
}

#[derive(Debug, Serialize)]
pub struct History {
    pub id: String,
    pub title: String,
    pub entries: Vec<Entry>,
    /// Times the due date changed (including to or from no date).
    pub due_moves: usize,
    /// Days from the first dated due-by day to the last.
    pub due_shift_days: Option<i64>,
    /// The same in whole calendar months, when it is whole months.
    pub due_shift_months: Option<i32>,
    pub summary: String,
}

/// The history of action `id` in the plan folder `dir`, through the commits up to `head`,
/// then (with `worktree`) the uncommitted working tree.
pub fn of(repo: &Repo, dir: &Path, head: &str, id: &str, worktree: bool) -> Result<History, Error> {
    Ok(walk_of(repo, dir, head, id, worktree, true)?.0)
}

/// [`of`], and how many versions were loaded; `skip`: leave out the commits that change
/// nothing the action depends on (without, every version is loaded: the tests compare).
fn walk_of(
    repo: &Repo,
    dir: &Path,
    head: &str,
    id: &str,
    worktree: bool,
    skip: bool,
) -> Result<(History, usize), Error> {
    let mut loads = 0;
    let mut walk = Walk::default();
    let mut last: Option<(String, Contents)> = None;
    let mut cache = load::FileCache::default();
    // What the action's state depended on in the last version loaded: while a commit changes
    // none of it, the state is that version's and the commit is not loaded at all.
    let mut depends: Option<Depends> = None;
    let commits = repo.plan_commits(head)?;
    repo.walk()?.each_version(commits, |commit, version| {
        if let Some((tree, contents)) = &last {
            // The very plan folder loaded last (a commit the walk left out changed it
            // between), or nothing in it the action depends on changed.
            let unchanged = *tree == version.tree
                || depends
                    .as_mut()
                    .is_some_and(|d| !d.touched(contents, &version.contents));
            if unchanged {
                return Ok(());
            }
        }
        last = Some((version.tree, version.contents));
        let loaded = load::load_version(dir, version.snapshot, &mut cache)?;
        loads += 1;
        walk.visit(loaded, id, committed(commit));
        depends = Depends::of(loaded, dir, id, depends.take()).filter(|_| skip);
        Ok(())
    })?;
    if worktree {
        let loaded = load::load_from(dir, Snapshot::WorkTree)?;
        let entry = Entry {
            commit: None,
            date: String::new(),
            author: String::new(),
            subject: "(uncommitted changes in the working tree)".to_owned(),
            changes: Vec::new(),
        };
        walk.visit(&loaded, id, entry);
    }
    Ok((walk.finish(id)?, loads))
}

/// What one action's state ([`diff::state_of`]) is made from, in one version of the plan:
/// `plan.toml` and `owners.toml` (date settings, roster), the action's own file and the files
/// of the priorities above it (its place, inherited owners, due dates and start), and which
/// action and priorities those ids name: the first in path order to declare each. A commit
/// that changes none of those files, and no other file that could declare one of those ids,
/// leaves the state as it was.
struct Depends {
    files: std::collections::HashSet<std::path::PathBuf>,
    /// The action's id and its priorities' ids, as `"id"` and `'id'`.
    quoted: Vec<Vec<u8>>,
    /// Whether a file version (by object id) might declare one of those ids.
    mentions: std::collections::HashMap<String, bool>,
}

impl Depends {
    /// `None` when the action is not in the plan (any file could bring it) or its priority
    /// chain is not plainly linked (an unknown or looping parent, nesting cut short): then
    /// every commit is loaded.
    fn of(loaded: &load::Loaded, dir: &Path, id: &str, before: Option<Depends>) -> Option<Depends> {
        use crate::diag::Rule;
        let tangled = loaded.diagnostics.iter().any(|d| {
            matches!(
                d.rule,
                Rule::UnknownParent | Rule::ParentCycle | Rule::TooDeep
            )
        });
        if tangled {
            return None;
        }
        let plan = &loaded.plan;
        let action = plan
            .actions
            .iter()
            .find(|a| !a.id.is_empty() && *a.id == *id)?;
        let path = |file| loaded.sources.get(file).path.clone();
        let mut files: std::collections::HashSet<_> =
            [dir.join(load::PLAN_FILE), dir.join(load::OWNERS_FILE)].into();
        files.insert(path(action.place.file));
        let mut ids = vec![id.to_owned()];
        for priority in plan.ancestry(action.priority) {
            let priority = plan.priority(priority);
            files.insert(path(priority.place.file));
            ids.push(priority.id.clone());
        }
        let quoted = ids
            .iter()
            .flat_map(|id| [b'"', b'\''].map(|q| [&[q][..], id.as_bytes(), &[q][..]].concat()))
            .collect();
        // The same ids: what was found of each file version still holds.
        let mentions = match before {
            Some(before) if before.quoted == quoted => before.mentions,
            _ => std::collections::HashMap::new(),
        };
        Some(Depends {
            files,
            quoted,
            mentions,
        })
    }

    /// Whether the plan folder `now` differs from `before` in anything the state depends on.
    fn touched(&mut self, before: &Contents, now: &Contents) -> bool {
        // A symbolic link can make any file part of the plan: only loading can tell.
        let Some(changed) = now.changed_since(before) else {
            return true;
        };
        changed.into_iter().any(|file| {
            // Only `*.toml` files are read (no link leads to another name).
            if file.path.extension().is_none_or(|e| e != "toml") {
                return false;
            }
            self.files.contains(&file.path)
                || (file.before.iter().map(|id| (id, before)))
                    .chain(file.after.iter().map(|id| (id, now)))
                    .any(|(id, contents)| self.might_declare(contents, id))
        })
    }

    fn might_declare(&mut self, contents: &Contents, blob: &str) -> bool {
        if let Some(&known) = self.mentions.get(blob) {
            return known;
        }
        let found = match contents.text(blob) {
            Text::Bytes(text) => might_declare(text, &self.quoted),
            // Over the size limit the loader refuses it whole, and a file it does not read
            // (a hidden one) cannot declare anything: "touched" is only ever the safe answer.
            Text::TooBig | Text::NotRead => true,
        };
        self.mentions.insert(blob.to_owned(), found);
        found
    }
}

/// Whether TOML `text` might hold one of the `quoted` ids (each `"id"` or `'id'`) as a
/// string anywhere but as a `parent = ` value (which names a priority, never declares one).
/// An escape or a multi-line string could spell an id without its quoted bytes: a text
/// holding either might, whatever it says.
fn might_declare(text: &[u8], quoted: &[Vec<u8>]) -> bool {
    if memchr::memchr(b'\\', text).is_some()
        || memchr::memmem::find(text, b"\"\"\"").is_some()
        || memchr::memmem::find(text, b"\'\'\'").is_some()
    {
        return true;
    }
    // Spaces and tabs only: TOML puts a key, its `=` and its value on one line.
    let trim = |text: &[u8]| -> usize {
        let blanks = text.iter().rev().take_while(|&&b| b == b' ' || b == b'\t');
        text.len() - blanks.count()
    };
    let parent_value = |before: &[u8]| {
        let before = &before[..trim(before)];
        let Some(before) = before.strip_suffix(b"=") else {
            return false;
        };
        before[..trim(before)].ends_with(b"parent")
    };
    quoted
        .iter()
        .any(|needle| memchr::memmem::find_iter(text, needle).any(|at| !parent_value(&text[..at])))
}

fn committed(commit: Commit) -> Entry {
    Entry {
        commit: Some(commit.id),
        date: commit.date,
        author: commit.author,
        subject: commit.subject,
        changes: Vec::new(),
    }
}

/// The walk through the plan's versions: each version's state of the action, compared with
/// the last readable one.
#[derive(Default)]
struct Walk {
    entries: Vec<Entry>,
    trail: Vec<ActionState>,
    previous: Option<ActionState>,
    /// Ids in the last version, for "did you mean" when the id was never there.
    last_ids: Vec<String>,
    /// The id is an indicator's in the last version: history follows actions.
    indicator: bool,
}

impl Walk {
    fn visit(&mut self, loaded: &load::Loaded, id: &str, entry: Entry) {
        let mut state = diff::state_of(&loaded.plan, &loaded.sources, &loaded.diagnostics, id);
        // Only wanted if the action is in no version at all (for "did you mean").
        self.indicator = state.is_none() && loaded.plan.find_indicator(id).is_some();
        self.last_ids = match state {
            Some(_) => Vec::new(),
            None => (loaded.plan.actions.iter())
                .filter(|a| !a.id.is_empty())
                .map(|a| a.id.to_string())
                .collect(),
        };
        if let (Some(state), Some(before)) = (&mut state, &self.previous) {
            diff::Unreadable::carry(state, before);
        }
        let changes = diff::changes_of(self.previous.as_ref(), state.as_ref());
        if !changes.is_empty() {
            self.entries.push(Entry { changes, ..entry });
        }
        if let Some(state) = &state {
            self.trail.push(state.clone());
        }
        self.previous = state;
    }

    fn finish(self, id: &str) -> Result<History, Error> {
        let Some(last) = self.trail.last() else {
            if self.indicator {
                return Err(Error::Usage(format!(
                    "\"{id}\" is an indicator: plan history follows an action through the commits; plan diff REV lists an indicator's new actuals, restated values and changed targets"
                )));
            }
            let ids: Vec<&str> = self.last_ids.iter().map(String::as_str).collect();
            return Err(Error::UnknownId {
                id: id.to_owned(),
                suggestions: crate::text::closest(id, &ids)
                    .map(str::to_owned)
                    .into_iter()
                    .collect(),
            });
        };
        let due_moves = self
            .entries
            .iter()
            .flat_map(|e| &e.changes)
            .filter(|c| {
                matches!(
                    c.change,
                    Section::Slipped | Section::BroughtForward | Section::DueChanged
                )
            })
            .count();
        let dated: Vec<_> = self.trail.iter().filter_map(|s| s.due_by).collect();
        let shift = match (dated.first(), dated.last()) {
            (Some(&first), Some(&last)) => Some(Shift::between(first, last)),
            _ => None,
        };
        Ok(History {
            id: id.to_owned(),
            title: last.title.clone(),
            summary: trail_summary(id, &self.entries, due_moves, shift),
            due_moves,
            due_shift_days: shift.map(|s| s.days),
            due_shift_months: shift.and_then(|s| s.months),
            entries: self.entries,
        })
    }
}

/// "rn-1: changed in 4 commits; due moved 3 times, 14 months later in all".
fn trail_summary(id: &str, entries: &[Entry], moves: usize, shift: Option<Shift>) -> String {
    let commits = entries.iter().filter(|e| e.commit.is_some()).count();
    let changed = match (commits, commits < entries.len()) {
        (0, _) => "changed only in the working tree".to_owned(),
        (n, true) => format!(
            "changed in {} and the working tree",
            crate::text::plural(n, "commit", "commits")
        ),
        (n, false) => format!("changed in {}", crate::text::plural(n, "commit", "commits")),
    };
    let due = match (moves, shift) {
        (0, _) => "due date never moved".to_owned(),
        (n, Some(shift)) if shift.days != 0 => format!(
            "due moved {}, {} {} in all",
            times(n),
            shift.words(),
            if shift.days > 0 { "later" } else { "earlier" }
        ),
        (n, Some(_)) => format!("due moved {}, back where it started", times(n)),
        (n, None) => format!("due moved {}", times(n)),
    };
    format!("{id}: {changed}; {due}")
}

fn times(n: usize) -> String {
    match n {
        1 => "once".to_owned(),
        2 => "twice".to_owned(),
        n => format!("{n} times"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    fn git(root: &Path, args: &[&str]) {
        let output = Command::new("git")
            .arg("-C")
            .arg(root)
            .args(args)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "Officer")
            .env("GIT_AUTHOR_EMAIL", "officer@example.org")
            .env("GIT_COMMITTER_NAME", "Officer")
            .env("GIT_COMMITTER_EMAIL", "officer@example.org")
            .env("GIT_AUTHOR_DATE", "2004-01-10T12:00:00+0000")
            .env("GIT_COMMITTER_DATE", "2004-01-10T12:00:00+0000")
            .output()
            .unwrap();
        assert!(output.status.success(), "git {args:?}: {output:?}");
    }

    const TOP: &str =
        "[priority]\nid = \"top\"\ntitle = \"Top\"\nowners = [\"Leader\"]\ndue = \"2005-03\"\n";
    const MID: &str = "[priority]\nid = \"mid\"\nparent = \"top\"\ntitle = \"Mid\"\n\n[[action]]\nid = \"x-1\"\ntitle = \"Build it\"\ndue = \"2004-06\"\n";
    const OTHER: &str = "[priority]\nid = \"other\"\nparent = \"top\"\ntitle = \"Other\"\n\n[[action]]\nid = \"o-1\"\ntitle = \"Other work\"\n";

    /// A history where most commits touch files the action does not depend on, and some
    /// touch it only through another file: a duplicate of its id declared before its own
    /// file, a priority claiming its priority's id, the roster.
    fn repo_with_unrelated_commits() -> tempfile::TempDir {
        let root = tempfile::tempdir().unwrap();
        let at = root.path();
        let write = |path: &str, text: &str| {
            let path = at.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        let commit = |message: &str| {
            git(at, &["add", "-A"]);
            git(at, &["commit", "-q", "--allow-empty", "-m", message]);
        };
        git(at, &["init", "-q", "-b", "main"]);
        write("plan/plan.toml", "title = \"T\"\norganisation = \"O\"\n");
        write(
            "plan/owners.toml",
            "[[role]]\nname = \"Leader\"\n\n[[role]]\nname = \"Chief Executive\"\n",
        );
        write("plan/top.toml", TOP);
        write("plan/mid.toml", MID);
        write("plan/other.toml", OTHER);
        commit("agreed");
        let mut other = OTHER.to_owned();
        for week in 1..=3 {
            other.push_str(&format!(
                "\n[[action.update]]\ndate = 2004-02-0{week}\nnote = \"Week {week}\"\n"
            ));
            write("plan/other.toml", &other);
            commit(&format!("other, week {week}"));
        }
        write("plan/mid.toml", &MID.replace("2004-06", "2004-09"));
        commit("x-1 slips");
        write("plan/notes.txt", "not plan text\n");
        write(
            "plan/late.toml",
            "[priority]\nid = \"late\"\nparent = \"mid\"\ntitle = \"Late\"\n",
        );
        commit("a child priority and notes");
        write("plan/top.toml", &TOP.replace("Leader", "Chief Executive"));
        commit("top to the chief executive");
        write(
            "plan/aa.toml",
            "[priority]\nid = \"aa\"\ntitle = \"AA\"\n\n[[action]]\nid = \"x-1\"\ntitle = \"Impostor\"\n",
        );
        commit("a duplicate x-1 before mid.toml");
        std::fs::remove_file(at.join("plan/aa.toml")).unwrap();
        commit("duplicate gone");
        write("plan/other.toml", &(other.clone() + "\n# a \\ backslash\n"));
        commit("other with an escape");
        write(
            "plan/other.toml",
            &other.replace("id = \"other\"", "id = \"mid\""),
        );
        commit("other claims mid's id, after it");
        write(
            "plan/other.toml",
            &other.replace("title = \"Other\"", "title = \"Other, renamed\""),
        );
        commit("other renamed");
        write("plan/owners.toml", "[[role]]\nname = \"Leader\"\n");
        commit("the chief executive leaves the roster");
        write("plan/other.toml", &other);
        commit("other back");
        root
    }

    #[test]
    fn the_filtered_walk_gives_the_full_walks_history() {
        let root = repo_with_unrelated_commits();
        let dir = root.path().join("plan");
        let repo = Repo::open(&dir).unwrap();
        let head = repo.resolve("HEAD").unwrap();
        let run = |id: &str, skip: bool| {
            let (history, loads) = walk_of(&repo, &dir, &head, id, false, skip).unwrap();
            (serde_json::to_string_pretty(&history).unwrap(), loads)
        };
        let (full, full_loads) = run("x-1", false);
        let (filtered, loads) = run("x-1", true);
        assert_eq!(filtered, full);
        assert_eq!(full_loads, 14);
        // Not loaded: the three weeks of other.toml, the child priority and notes, and
        // other.toml restored (neither text declares x-1, mid or top).
        assert_eq!(loads, 9);
        let history: serde_json::Value = serde_json::from_str(&filtered).unwrap();
        let subjects: Vec<&str> = (history["entries"].as_array().unwrap().iter())
            .map(|e| e["subject"].as_str().unwrap())
            .collect();
        assert_eq!(
            subjects,
            [
                "agreed",
                "x-1 slips",
                "top to the chief executive",
                "a duplicate x-1 before mid.toml",
                "duplicate gone",
            ]
        );
        // The roster losing the owner made it unreadable, which is not a change.
        // An action in no version: every version is read, for "did you mean".
        let err = walk_of(&repo, &dir, &head, "x-2", false, true).unwrap_err();
        assert!(matches!(err, Error::UnknownId { .. }), "{err:?}");
        assert_eq!(run("o-1", true).0, run("o-1", false).0);
    }

    #[test]
    fn the_walk_hands_over_each_version_in_order_and_stops_when_told() {
        let root = repo_with_unrelated_commits();
        let repo = Repo::open(&root.path().join("plan")).unwrap();
        let commits = repo.plan_commits(&repo.resolve("HEAD").unwrap()).unwrap();
        let ids: Vec<String> = commits.iter().map(|c| c.id.clone()).collect();
        let mut seen = Vec::new();
        (repo.walk().unwrap())
            .each_version(commits.clone(), |commit, _| {
                seen.push(commit.id);
                Ok(())
            })
            .unwrap();
        assert_eq!(seen, ids);
        // More versions than are read ahead are left: the reader must stop, not wait.
        let mut visits = 0;
        let stopped = repo.walk().unwrap().each_version(commits, |_, _| {
            visits += 1;
            Err(Error::Git("enough".into()))
        });
        assert!(matches!(stopped, Err(Error::Git(m)) if m == "enough"));
        assert_eq!(visits, 1);
    }

    #[test]
    fn only_an_id_declared_or_spelled_another_way_might_be() {
        let ids = [b"\"top\"".to_vec(), b"'top'".to_vec()];
        let might = |text: &str| might_declare(text.as_bytes(), &ids);
        assert!(!might("[priority]\nid = \"mid\"\nparent = \"top\"\n"));
        assert!(!might("parent='top'\ntitle = \"top of the list\"\n"));
        assert!(might("[priority]\nid = \"top\"\n"));
        assert!(might("[priority]\nid='top'\n"));
        assert!(might("[[action]]\nid = \"a\"\nnote = \"top\"\n"));
        assert!(might("id = \"t\\u006fp\"\n"));
        assert!(might("id = '''top'''\n"));
        assert!(might("id = \"\"\"\ntop\"\"\"\n"));
    }
}
