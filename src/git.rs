//! The plan as committed at a git revision, and the commits that changed it.
//!
//! Git is reached by running the `git` binary (`rev-parse`, `ls-tree`, one `cat-file --batch`
//! process for all of a revision's blobs, `log`), not through a library such as `gix`: `gix`
//! brings a large dependency tree that would add minutes to every two-core CI build, and any
//! machine holding a git-tracked plan already has `git`. Files are read from git's object
//! store straight into memory ([`Snapshot::Files`]); nothing is ever checked out to disk.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use chrono::NaiveDate;

use crate::error::Error;
use crate::load::{PLAN_FILE, Snapshot};

/// The repository holding a plan folder.
#[derive(Debug, Clone)]
pub struct Repo {
    /// The repository's top folder.
    root: PathBuf,
    /// The plan folder as given (paths in a [`Snapshot`] are under it).
    dir: PathBuf,
    /// The plan folder relative to `root`, `/`-separated, ending in `/` (empty at the top).
    prefix: String,
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
    pub fn short_id(&self) -> &str {
        &self.id[..self.id.len().min(7)]
    }
}

impl Repo {
    /// The repository holding `plan_dir`; [`Error::NotARepository`] outside one.
    pub fn open(plan_dir: &Path) -> Result<Repo, Error> {
        let output = git_in(plan_dir)
            .args(["rev-parse", "--show-toplevel", "--show-prefix"])
            .output()
            .map_err(spawn_error)?;
        if !output.status.success() {
            return Err(Error::NotARepository(plan_dir.to_path_buf()));
        }
        let text = String::from_utf8_lossy(&output.stdout);
        let mut lines = text.lines();
        let root = lines
            .next()
            .filter(|l| !l.is_empty())
            .ok_or_else(|| Error::NotARepository(plan_dir.to_path_buf()))?;
        let prefix = lines.next().unwrap_or_default().to_owned();
        Ok(Repo {
            root: PathBuf::from(root),
            dir: plan_dir.to_path_buf(),
            prefix,
        })
    }

    fn git(&self) -> Command {
        git_in(&self.root)
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
        Ok(id)
    }

    /// The plan folder's files as committed at `commit` (a full id from [`Repo::resolve`]).
    /// `rev` is what the user wrote, for messages.
    pub fn snapshot(&self, commit: &str, rev: &str) -> Result<Snapshot, Error> {
        let mut ls = self.git();
        ls.args(["ls-tree", "-r", "-z", commit]);
        if !self.prefix.is_empty() {
            ls.arg("--").arg(&self.prefix);
        }
        let listing = run(&mut ls)?;
        // Each entry: "<mode> <type> <id>\t<path>\0". Only regular files: links and
        // submodules have no plan text.
        let mut wanted: Vec<(PathBuf, String)> = Vec::new();
        for entry in listing.split(|&b| b == 0).filter(|e| !e.is_empty()) {
            let entry = String::from_utf8_lossy(entry);
            let Some((head, path)) = entry.split_once('\t') else {
                continue;
            };
            let mut fields = head.split(' ');
            let (Some(mode), Some("blob"), Some(id)) =
                (fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            if mode == "120000" {
                continue;
            }
            let Some(inner) = path.strip_prefix(&self.prefix) else {
                continue;
            };
            let local = inner
                .split('/')
                .fold(self.dir.clone(), |p, part| p.join(part));
            wanted.push((local, id.to_owned()));
        }
        if !wanted.iter().any(|(p, _)| *p == self.dir.join(PLAN_FILE)) {
            let shown = if self.prefix.is_empty() {
                "/".to_owned()
            } else {
                self.prefix.clone()
            };
            return Err(Error::NotAtRevision {
                dir: shown,
                rev: rev.to_owned(),
            });
        }
        let ids: Vec<&str> = wanted.iter().map(|(_, id)| id.as_str()).collect();
        let blobs = self.cat_blobs(&ids)?;
        Ok(Snapshot::Files(
            wanted.into_iter().map(|(p, _)| p).zip(blobs).collect(),
        ))
    }

    /// The contents of blobs, in order, from one `git cat-file --batch` process.
    fn cat_blobs(&self, ids: &[&str]) -> Result<Vec<Vec<u8>>, Error> {
        let mut child = self
            .git()
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(spawn_error)?;
        let mut stdin = child.stdin.take().expect("piped stdin");
        let request: String = ids.iter().map(|id| format!("{id}\n")).collect();
        // Written from another thread so a full stdout pipe cannot deadlock the two.
        let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
        let mut reader = BufReader::new(child.stdout.take().expect("piped stdout"));
        let mut blobs = Vec::with_capacity(ids.len());
        let broken = |what: &str| Error::Git(format!("unexpected `git cat-file` output: {what}"));
        for id in ids {
            let mut header = String::new();
            reader.read_line(&mut header)?;
            let mut fields = header.split_whitespace();
            let size = match (fields.next(), fields.next(), fields.next()) {
                (Some(_), Some("blob"), Some(size)) => {
                    size.parse::<usize>().map_err(|_| broken(header.trim()))?
                }
                _ => return Err(broken(&format!("{id}: {}", header.trim()))),
            };
            let mut blob = vec![0; size];
            reader.read_exact(&mut blob)?;
            let mut newline = [0u8; 1];
            reader.read_exact(&mut newline)?;
            blobs.push(blob);
        }
        writer
            .join()
            .map_err(|_| broken("writer failed"))?
            .map_err(Error::Output)?;
        let status = child.wait()?;
        if !status.success() {
            return Err(Error::Git(format!("`git cat-file` exited with {status}")));
        }
        Ok(blobs)
    }

    /// The most recent tag reachable from HEAD, if any.
    pub fn latest_tag(&self) -> Option<String> {
        let output = self
            .git()
            .args(["describe", "--tags", "--abbrev=0", "HEAD"])
            .output()
            .ok()?;
        let tag = String::from_utf8_lossy(&output.stdout).trim().to_owned();
        (output.status.success() && !tag.is_empty()).then_some(tag)
    }

    /// The last commit on HEAD's history made before `day` began (committer date, UTC).
    pub fn last_commit_before(&self, day: NaiveDate) -> Result<Option<String>, Error> {
        let out = run(self
            .git()
            .args(["rev-list", "-1", "--first-parent"])
            .arg(format!("--before={day} 00:00:00 +0000"))
            .arg("HEAD"))?;
        let id = String::from_utf8_lossy(&out).trim().to_owned();
        Ok((!id.is_empty()).then_some(id))
    }

    /// Commits from the first to `head` that changed anything in the plan folder, oldest first.
    pub fn plan_commits(&self, head: &str) -> Result<Vec<Commit>, Error> {
        let mut log = self.git();
        log.args([
            "log",
            "--reverse",
            "--date=short",
            "--format=%H%x1f%an%x1f%ad%x1f%s%x1e",
            head,
            "--",
        ]);
        log.arg(if self.prefix.is_empty() {
            "."
        } else {
            &self.prefix
        });
        let out = run(&mut log)?;
        let text = String::from_utf8_lossy(&out);
        Ok(text
            .split('\x1e')
            .filter_map(|record| {
                let mut fields = record.trim_start_matches('\n').split('\x1f');
                Some(Commit {
                    id: fields.next().filter(|f| !f.is_empty())?.to_owned(),
                    author: fields.next()?.to_owned(),
                    date: fields.next()?.to_owned(),
                    subject: fields.next()?.to_owned(),
                })
            })
            .collect())
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
    cmd.arg("-C").arg(dir).env("LC_ALL", "C");
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
