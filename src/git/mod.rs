//! The plan as committed at a git revision, and the commits that changed it.
//!
//! Git is reached by running the `git` binary (`rev-parse`, `log`, and one
//! `cat-file --batch-command` process for a revision's trees and blobs, or a whole history's:
//! [`Walk`]), not through a library such as `gix`: `gix`
//! brings a large dependency tree that would add minutes to every two-core CI build, and any
//! machine holding a git-tracked plan already has `git`. Files are read from git's object
//! store straight into memory ([`Snapshot::Files`]); nothing is ever checked out to disk.

use std::path::{Path, PathBuf};
use std::process::Command;

mod cat;
mod walk;
pub use walk::{Changed, Contents, Text, Version, Walk};

use chrono::NaiveDate;

use crate::error::Error;
use crate::load::source::Snapshot;

/// The repository holding a plan folder.
#[derive(Debug, Clone)]
pub struct Repo {
    /// The repository's top folder.
    root: PathBuf,
    /// The plan folder as given (paths in a [`Snapshot`] are under it).
    dir: PathBuf,
    /// The plan folder relative to `root`, as git's raw bytes, `/`-separated, ending in `/`
    /// (empty at the top).
    prefix: Vec<u8>,
}

/// One commit, as `plan history` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    pub id: String,
    pub author: String,
    /// Author date, `YYYY-MM-DD`.
    pub date: String,
    pub subject: String,
}

impl Commit {
    /// The first seven hex digits (ids are checked as hex when read from git).
    pub fn short_id(&self) -> &str {
        short_id(&self.id)
    }
}

/// The first seven characters of a commit id, for people.
pub fn short_id(id: &str) -> &str {
    id.get(..7).unwrap_or(id)
}

/// A full commit or object id as git prints it: 40 (SHA-1) or 64 (SHA-256) lowercase hex
/// digits. Anything else from git is refused, never passed on to another git command.
pub fn is_object_id(id: &str) -> bool {
    matches!(id.len(), 40 | 64)
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Link targets longer than this are not plan links (Linux's own path limit is 4096).
const MAX_LINK_BYTES: u64 = 4096;

impl Repo {
    /// The repository holding `plan_dir`; [`Error::NotARepository`] outside one, and git's
    /// own reason for any other refusal (an unsafe owner, a damaged repository).
    pub fn open(plan_dir: &Path) -> Result<Repo, Error> {
        let output = git_in(plan_dir)
            .args(["rev-parse", "--show-toplevel", "--show-prefix"])
            .output()
            .map_err(spawn_error)?;
        if !output.status.success() {
            let reason = String::from_utf8_lossy(&output.stderr).trim().to_owned();
            return Err(if reason.contains("not a git repository") {
                Error::NotARepository(plan_dir.to_path_buf())
            } else {
                Error::Git(format!(
                    "cannot read the repository holding {}: {reason}",
                    plan_dir.display()
                ))
            });
        }
        let mut lines = output.stdout.split(|&b| b == b'\n');
        let root = lines
            .next()
            .filter(|l| !l.is_empty())
            .ok_or_else(|| Error::NotARepository(plan_dir.to_path_buf()))?;
        let prefix = lines.next().unwrap_or_default().to_vec();
        Ok(Repo {
            root: path_from_bytes(root),
            dir: plan_dir.to_path_buf(),
            prefix,
        })
    }

    /// The repository's top folder (the work tree root).
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn git(&self) -> Command {
        git_in(&self.root)
    }

    fn prefix_arg(&self) -> PathBuf {
        if self.prefix.is_empty() {
            PathBuf::from(".")
        } else {
            path_from_bytes(&self.prefix)
        }
    }

    /// The full commit id `rev` names; [`Error::BadRevision`] when it names none.
    pub fn resolve(&self, rev: &str) -> Result<String, Error> {
        let bad = |reason: &str| Error::BadRevision {
            rev: rev.to_owned(),
            reason: reason.to_owned(),
        };
        if rev.is_empty() || rev.starts_with('-') {
            return Err(bad("not a revision name"));
        }
        let output = self
            .git()
            .args(["rev-parse", "--verify", "--quiet", "--end-of-options"])
            .arg(format!("{rev}^{{commit}}"))
            .output()
            .map_err(spawn_error)?;
        let id = String::from_utf8_lossy(&output.stdout).trim().to_owned();
        if !output.status.success() || id.is_empty() {
            return Err(bad(
                "no commit, tag or branch has that name in this repository",
            ));
        }
        checked_id(id, "rev-parse")
    }

    /// The plan folder's files as committed at `commit` (a full id from [`Repo::resolve`]).
    /// `rev` is what the user wrote, for messages. Only what the plan can need is read: the
    /// `*.toml` blobs and symbolic links, each size known (from git) before reading, so a
    /// 300 MB PDF beside the plan costs nothing and an over-size plan file is refused unread.
    /// Links are kept as links: [`crate::load::source`] resolves them by the working tree's rules.
    /// To read many commits, [`Repo::walk`] reads each object once for all of them.
    pub fn snapshot(&self, commit: &str, rev: &str) -> Result<Snapshot, Error> {
        Ok(self.walk()?.version(commit, rev)?.snapshot)
    }

    /// "The plan folder is not in `rev`".
    fn not_at(&self, rev: &str) -> Error {
        let shown = if self.prefix.is_empty() {
            "/".to_owned()
        } else {
            String::from_utf8_lossy(&self.prefix).into_owned()
        };
        Error::NotAtRevision {
            dir: shown,
            rev: rev.to_owned(),
        }
    }

    /// The most recent tag reachable from HEAD, if any.
    pub fn latest_tag(&self) -> Option<String> {
        let output = self
            .git()
            .args(["describe", "--tags", "--abbrev=0", "HEAD"])
            .output()
            .ok()?;
        let tag = String::from_utf8_lossy(&output.stdout).trim().to_owned();
        // A tag name is a ref name: no control characters, never starts with '-'.
        let plausible = !tag.starts_with('-') && !tag.chars().any(char::is_control);
        (output.status.success() && !tag.is_empty() && plausible).then_some(tag)
    }

    /// The last commit on HEAD's history made before `day` began (committer date, UTC).
    pub fn last_commit_before(&self, day: NaiveDate) -> Result<Option<String>, Error> {
        let out = run(self
            .git()
            .args(["rev-list", "-1", "--first-parent"])
            .arg(format!("--before={day} 00:00:00 +0000"))
            .arg("HEAD"))?;
        let id = String::from_utf8_lossy(&out).trim().to_owned();
        if id.is_empty() {
            return Ok(None);
        }
        checked_id(id, "rev-list").map(Some)
    }

    /// Whether the working tree's plan folder is exactly what `HEAD` holds: nothing in it
    /// changed, added (untracked or ignored) or removed. Reads only: `git status` would
    /// otherwise refresh the index, a write that fails in a read-only repository (or under a
    /// file size limit) and that a read command has no business making.
    pub fn plan_is_clean(&self) -> Result<bool, Error> {
        let mut status = self.git();
        status
            .args([
                "--no-optional-locks",
                "status",
                "--porcelain=v1",
                "-z",
                "--untracked-files=all",
                "--ignored=matching",
                "--",
            ])
            .arg(self.prefix_arg());
        Ok(run(&mut status)?.is_empty())
    }

    /// Commits from the first to `head` that changed anything in the plan folder, oldest first.
    /// Records are NUL-terminated and fields NUL-separated (`git log -z`): no subject or
    /// author name can hold a NUL, so none can forge a row. The ids must also be exactly the
    /// ones `git rev-list` gives (one hex id a line), and every date a real day.
    pub fn plan_commits(&self, head: &str) -> Result<Vec<Commit>, Error> {
        let mut log = self.git();
        log.args([
            "log",
            "-z",
            "--reverse",
            "--date=short",
            "--format=%H%x00%an%x00%ad%x00%s",
            "--end-of-options",
            head,
            "--",
        ])
        .arg(self.prefix_arg());
        let out = run(&mut log)?;
        let mut rev_list = self.git();
        rev_list
            .args(["rev-list", "--reverse", "--end-of-options", head, "--"])
            .arg(self.prefix_arg());
        let ids = run(&mut rev_list)?;
        let ids: Vec<&[u8]> = ids
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .collect();
        let mut fields: Vec<&[u8]> = out.split(|&b| b == 0).collect();
        if fields.last() == Some(&&b""[..]) {
            fields.pop();
        }
        let broken = || {
            Error::Git("unexpected `git log` output: records do not match the commit list".into())
        };
        if fields.len() != ids.len() * 4 {
            return Err(broken());
        }
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        fields
            .chunks(4)
            .zip(ids)
            .map(|(record, expected)| {
                let id = text(record[0]);
                let date = text(record[2]);
                let real_day = NaiveDate::parse_from_str(&date, "%Y-%m-%d").is_ok();
                if record[0] != expected || !is_object_id(&id) || !real_day {
                    return Err(broken());
                }
                Ok(Commit {
                    id,
                    author: text(record[1]),
                    date,
                    subject: text(record[3]),
                })
            })
            .collect()
    }
}

fn checked_id(id: String, from: &str) -> Result<String, Error> {
    if is_object_id(&id) {
        Ok(id)
    } else {
        Err(Error::Git(format!(
            "unexpected `git {from}` output: \"{}\" is not a commit id",
            crate::text::escape(&id)
        )))
    }
}

/// A path from git's raw bytes: on Unix exactly those bytes, so two names that differ only
/// in bytes that are not UTF-8 stay two names.
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt as _;
        PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
    }
}

/// The plan folder `dir` as committed at `rev`.
pub fn snapshot_at(dir: &Path, rev: &str) -> Result<Snapshot, Error> {
    let repo = Repo::open(dir)?;
    let commit = repo.resolve(rev)?;
    repo.snapshot(&commit, rev)
}

fn git_in(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    // Paths are paths, never patterns: a plan folder named `*` must not match every file.
    cmd.arg("-C")
        .arg(dir)
        .env("LC_ALL", "C")
        .env("GIT_LITERAL_PATHSPECS", "1");
    cmd
}

/// Runs a git command and returns its stdout; a failure carries git's own message.
fn run(cmd: &mut Command) -> Result<Vec<u8>, Error> {
    let output = cmd.output().map_err(spawn_error)?;
    if !output.status.success() {
        return Err(Error::Git(
            String::from_utf8_lossy(&output.stderr).trim().to_owned(),
        ));
    }
    Ok(output.stdout)
}

fn spawn_error(err: std::io::Error) -> Error {
    if err.kind() == std::io::ErrorKind::NotFound {
        Error::Git("the `git` program was not found; install git to read the plan's history".into())
    } else {
        Error::Git(format!("cannot run git: {err}"))
    }
}

impl Repo {
    /// Commits exactly these files (their working-tree contents; nothing else that is staged)
    /// with `message`. New files are added first.
    pub fn commit_files(&self, paths: &[&Path], message: &str) -> Result<(), Error> {
        // git runs in the repository's top folder; the paths may be relative to here.
        let paths: Vec<PathBuf> = paths
            .iter()
            .map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf()))
            .collect();
        let mut add = self.git();
        add.args(["add", "--"]).args(&paths);
        run(&mut add)?;
        let mut commit = self.git();
        commit
            .args(["commit", "--quiet", "--only", "-m", message, "--"])
            .args(&paths);
        run(&mut commit)?;
        Ok(())
    }
}
