//! What every integration test shares: the one way to run the `plan` binary (a clean
//! environment: no inherited plan, day, colour or terminal width), the test roster, and a
//! small fixture-plan builder (after fd's `TestEnv`) that runs the binary with the day pinned,
//! a git-repository builder (after just's `Test`) with fixed names and dates, and an
//! exact-output assertion that shows a unified diff.
#![allow(dead_code)] // each test file uses a different part

use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;

use assert_cmd::Command;

pub const OWNERS: &str = r#"
[[role]]
name = "Chief Executive"

[[role]]
name = "Assistant Chief Executive"

[[role]]
name = "Corporate Directors"

[[role]]
name = "Director of Housing"
aliases = ["Housing Director"]
member_of = ["Corporate Directors"]
"#;

pub struct TestPlan {
    dir: tempfile::TempDir,
}

impl TestPlan {
    /// A plan folder with `plan.toml` and the roster above, and nothing else.
    pub fn new() -> Self {
        let plan = TestPlan {
            dir: tempfile::tempdir().unwrap(),
        };
        plan.write(
            "plan.toml",
            "title = \"Test plan\"\norganisation = \"Test Council\"\n",
        );
        plan.write("owners.toml", OWNERS);
        plan
    }

    /// Writes a file relative to the plan folder, creating folders as needed.
    pub fn write(&self, relative: &str, text: &str) -> &Self {
        let path = self.plan_dir().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    /// The plan folder (`<tmp>/plan`).
    pub fn plan_dir(&self) -> PathBuf {
        self.dir.path().join("plan")
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// A git repository made in the top folder (holding `plan/`), nothing committed yet.
    pub fn git(&self) -> GitRepo {
        GitRepo::init_in(self.root())
    }

    /// `plan` run against this plan on 2004-05-01.
    pub fn cmd(&self) -> Command {
        let mut cmd = plan_cmd();
        cmd.arg("--plan")
            .arg(self.plan_dir())
            .arg("--today")
            .arg("2004-05-01");
        cmd
    }
}

/// The binary with a clean environment: no colour, no inherited plan or day, and no
/// `COLUMNS`, so table layout does not depend on the developer's terminal.
pub fn plan_cmd() -> Command {
    Command::from_std(plan_process())
}

/// [`plan_cmd`] as a `std::process::Command`, for tests that stream its output.
pub fn plan_process() -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_plan"));
    cmd.env_remove("PLAN_DIR")
        .env_remove("PLAN_TODAY")
        .env_remove("COLUMNS")
        .env_remove("PLAN_LOCK_WAIT")
        .env("NO_COLOR", "1");
    cmd
}

/// `plan` run against the shipped seed plan.
pub fn seed() -> Command {
    let mut cmd = plan_cmd();
    cmd.arg("--plan").arg(seed_dir());
    cmd
}

pub fn seed_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("plan")
}

/// Runs, expecting success, and returns stdout.
pub fn stdout(cmd: &mut Command) -> String {
    let output = cmd.output().unwrap();
    assert!(
        output.status.success(),
        "exit {:?}\nstderr: {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Runs, expecting success, and parses stdout as JSON.
pub fn json(cmd: &mut Command) -> serde_json::Value {
    serde_json::from_str(&stdout(cmd)).unwrap()
}

/// The `id` of every object in a JSON array.
pub fn ids(value: &serde_json::Value) -> Vec<String> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap().to_owned())
        .collect()
}

/// Runs `cmd` with `check --format json` and `extra`, and returns its exit code and findings
/// (each a JSON object), for tests of rules and waivers alike.
pub fn check_findings(cmd: &mut Command, extra: &[&str]) -> (i32, Vec<serde_json::Value>) {
    let output = cmd
        .args(["check", "--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stderr)));
    (
        output.status.code().unwrap(),
        findings.as_array().unwrap().clone(),
    )
}

pub fn stderr_of(cmd: &mut Command) -> (Option<i32>, String) {
    let output = cmd.output().unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Runs `cmd` with stderr a pipe whose reader is closed as soon as the process has started
/// (before it has loaded anything, so every message it prints meets a closed pipe), and
/// returns its exit code and stdout.
pub fn with_stderr_closed(mut cmd: std::process::Command) -> (Option<i32>, String) {
    use std::io::Read;
    let mut child = cmd
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    let mut stdout = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    (child.wait().unwrap().code(), stdout)
}

/// A temporary git repository built commit by commit with a fixed author, committer and
/// dates, and git's own config isolated, so commit ids and output are deterministic.
pub struct GitRepo {
    root: Root,
}

/// Where a [`GitRepo`] lives: a folder of its own, or one a test made (a [`TestPlan`]'s).
enum Root {
    Own(tempfile::TempDir),
    At(PathBuf),
}

impl GitRepo {
    pub fn new() -> Self {
        GitRepo::init(Root::Own(tempfile::tempdir().unwrap()))
    }

    /// A repository made in `root`, a folder the test has already filled (a [`TestPlan`]'s
    /// top folder, a copied seed plan), with the same fixed names and isolated config. The
    /// folder stays its owner's: this does not delete it.
    pub fn init_in(root: &Path) -> Self {
        GitRepo::init(Root::At(root.to_path_buf()))
    }

    /// The repository already made in `root` (by [`GitRepo::init_in`] earlier in the test).
    pub fn open(root: &Path) -> Self {
        GitRepo {
            root: Root::At(root.to_path_buf()),
        }
    }

    fn init(root: Root) -> Self {
        let repo = GitRepo { root };
        repo.git(&["init", "-q", "-b", "main"]);
        repo.git(&["config", "user.name", "Policy Officer"]);
        repo.git(&["config", "user.email", "policy@example.org"]);
        repo.git(&["config", "commit.gpgsign", "false"]);
        repo
    }

    pub fn root(&self) -> &Path {
        match &self.root {
            Root::Own(dir) => dir.path(),
            Root::At(path) => path,
        }
    }

    /// Where [`GitRepo::write_plan`] puts a plan by default: `plan/` in the top folder.
    pub fn plan_dir(&self) -> PathBuf {
        self.root().join("plan")
    }

    /// Writes a file relative to the repository's top folder, creating folders as needed.
    pub fn write(&self, relative: &str, text: impl AsRef<[u8]>) -> &Self {
        let path = self.root().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    /// Writes a plan (header, the test roster and `file`.toml holding `text`) under `folder`.
    pub fn write_plan(&self, folder: &str, file: &str, text: &str) -> &Self {
        self.write(
            &format!("{folder}/plan.toml"),
            "title = \"Test plan\"\norganisation = \"Test Council\"\n",
        );
        self.write(&format!("{folder}/owners.toml"), OWNERS);
        self.write(&format!("{folder}/{file}.toml"), text)
    }

    /// `git -C root` with git's global and system config shut out.
    pub fn git_cmd(&self) -> StdCommand {
        let mut cmd = StdCommand::new("git");
        cmd.arg("-C")
            .arg(self.root())
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1");
        cmd
    }

    /// Runs git, expecting success; its stdout without the final newline (leading spaces,
    /// as `status --short` gives them, are kept).
    pub fn git(&self, args: &[&str]) -> String {
        let output = self.git_cmd().args(args).output().unwrap();
        assert!(
            output.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout)
            .unwrap()
            .trim_end()
            .to_owned()
    }

    /// Commits everything, authored and committed at noon UTC on `day` (`YYYY-MM-DD`).
    pub fn commit(&self, message: &str, day: &str) -> &Self {
        self.commit_at(message, &format!("{day}T12:00:00+0000"))
    }

    /// Commits everything, authored and committed at `stamp` (`2004-05-01T10:00:00+0000`).
    pub fn commit_at(&self, message: &str, stamp: &str) -> &Self {
        self.git(&["add", "-A"]);
        let output = self
            .git_cmd()
            .args(["commit", "-q", "-m", message])
            .env("GIT_AUTHOR_DATE", stamp)
            .env("GIT_COMMITTER_DATE", stamp)
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        self
    }

    pub fn tag(&self, name: &str) -> &Self {
        self.git(&["tag", name]);
        self
    }

    pub fn commit_id(&self, rev: &str) -> String {
        self.git(&["rev-parse", rev])
    }

    /// `plan` in the repository's top folder, on 2004-05-01, with git's config isolated.
    pub fn cmd(&self) -> Command {
        let mut cmd = plan_cmd();
        cmd.current_dir(self.root())
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .arg("--today")
            .arg("2004-05-01");
        cmd
    }

    /// [`GitRepo::cmd`] with `--plan` the repository's `folder`.
    pub fn plan_cmd(&self, folder: &str) -> Command {
        let mut cmd = self.cmd();
        cmd.arg("--plan").arg(self.root().join(folder));
        cmd
    }
}

/// Asserts that `actual` is exactly `expected`; on a mismatch, panics with a unified diff
/// (`-` expected, `+` actual) as well as both texts, so a changed byte is easy to find.
#[track_caller]
pub fn assert_same_text(what: &str, expected: &str, actual: &str) {
    if expected != actual {
        let diff = similar::TextDiff::from_lines(expected, actual)
            .unified_diff()
            .context_radius(3)
            .header("expected", "actual")
            .to_string();
        panic!(
            "{what}: output differs\n{diff}\n--- expected ---\n{expected}\n--- actual ---\n{actual}"
        );
    }
}
