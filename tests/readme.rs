//! README examples are real output: these tests fail when the README drifts from the tool.

mod common;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

fn output(args: &[&str]) -> String {
    let out = common::seed().args(args).output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn readme_overdue_example_is_current() {
    let real = output(&[
        "list",
        "--overdue",
        "--today",
        "2004-05-01",
        "--format",
        "markdown",
    ]);
    assert!(
        readme().contains(&real),
        "README's `plan list --overdue` example is stale:\n{real}"
    );
}

#[test]
fn readme_priorities_example_is_current() {
    let real = output(&[
        "priorities",
        "--today",
        "2004-05-01",
        "--format",
        "markdown",
    ]);
    assert!(
        readme().contains(&real),
        "README's `plan priorities` example is stale:\n{real}"
    );
}

#[test]
fn readme_check_example_is_current() {
    let out = common::seed()
        .args(["check", "--today", "2004-05-01", "--verbose"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let findings: Vec<&str> = stdout.split("\n\n").collect();
    let last = findings.last().unwrap();
    assert_eq!(
        *last,
        "ok: 0 errors, 8 warnings, 38 waived; 20 files checked (as at 2004-05-01)\n"
    );
    let text = readme();
    for shown in [findings[7], findings[findings.len() - 2], last] {
        assert!(
            text.contains(shown),
            "README's check example is stale:\n{shown}"
        );
    }
    assert!(findings[7].starts_with("warning[overdue]: action \"si-1\""));
    assert!(findings[findings.len() - 2].starts_with("note[missing-date]: action \"sd-1\""));
}

#[test]
fn readme_shows_the_two_fresh_machine_commands() {
    let text = readme();
    assert!(text.contains("cargo run -- list --overdue"));
    assert!(text.contains("cargo test"));
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn git(dir: &std::path::Path, args: &[&str]) {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_AUTHOR_DATE", "2004-03-10T12:00:00")
        .env("GIT_COMMITTER_DATE", "2004-03-10T12:00:00")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The README's quarterly cycle, run for real on a copy of the seed plan: every command's
/// line, the report's changes section and the rows it quotes.
#[test]
fn readme_quarterly_cycle_is_current() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("plan");
    copy_dir(&common::seed_dir(), &dir);
    git(root.path(), &["init", "-q", "-b", "main"]);
    git(root.path(), &["config", "user.name", "Policy Officer"]);
    git(root.path(), &["config", "user.email", "policy@example.org"]);
    git(root.path(), &["config", "commit.gpgsign", "false"]);
    git(root.path(), &["add", "-A"]);
    git(root.path(), &["commit", "-q", "-m", "Plan as agreed"]);
    git(root.path(), &["tag", "committee-2004-03"]);
    let run = |args: &[&str]| {
        common::stdout(
            common::plan_cmd()
                .arg("--plan")
                .arg(&dir)
                .args(["--today", "2004-05-01"])
                .args(args),
        )
    };
    let readme = readme();
    let steps: [&[&str]; 5] = [
        &[
            "update",
            "rn-2",
            "Six of ten managers appointed",
            "--rag",
            "amber",
            "--percent",
            "60",
            "--on",
            "2004-04-20",
        ],
        &[
            "update",
            "cc-1",
            "Draft strategy out to consultation",
            "--rag",
            "amber",
            "--on",
            "2004-04-22",
        ],
        &[
            "update",
            "si-1",
            "Performance framework adopted by Cabinet",
            "--rag",
            "green",
            "--on",
            "2004-04-26",
        ],
        &[
            "done",
            "rn-1",
            "--on",
            "2004-04-28",
            "--note",
            "All ten Neighbourhood Forums have met",
        ],
        &["set", "rn-3", "--due", "September 2004"],
    ];
    for args in steps {
        let line = run(args);
        assert!(
            readme.contains(&line),
            "README's cycle is stale: `{args:?}` now says {line}"
        );
    }
    let md = run(&["report", "--since", "committee-2004-03"]);
    let lines: Vec<&str> = md.lines().collect();
    let start = lines
        .iter()
        .position(|l| *l == "## Changes since committee-2004-03")
        .expect("a changes section");
    let end = lines.iter().position(|l| *l == "## By owner").unwrap();
    let changes = lines[start..end].join("\n");
    assert!(
        readme.contains(changes.trim_end()),
        "README's changes section is stale:\n{changes}"
    );
    for id in ["rn-1", "rn-3", "si-1"] {
        let row = lines
            .iter()
            .find(|l| l.starts_with(&format!("| {id} |")) && l.matches('|').count() == 8)
            .unwrap();
        assert!(
            readme.contains(row),
            "README's row for {id} is stale:\n{row}"
        );
    }
}
