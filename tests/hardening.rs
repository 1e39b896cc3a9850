//! Regression tests for the defect classes of issue #13 (adversarial testing, round 2). Each
//! test pins a class, not one reproduction: forged history, the exit code under a closed pipe,
//! blank and empty owners, discovery that must not climb past a broken plan, annotation paths,
//! one file policy for revisions, unreadable values in diffs, escaping per format, `-o` inside
//! the plan folder, and messages that say what really went wrong.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};

use common::{GitRepo, OWNERS, TestPlan, plan_cmd, plan_process, stderr_of, stdout};

const HOUSING: &str = r#"
[priority]
id = "hs"
title = "Housing"

[[action]]
id = "hs-1"
title = "Repair council homes"
owners = ["Director of Housing"]
due = "June 2004"
"#;

/// A git repository with the plan at `folder`, committed once.
fn with_plan(folder: &str) -> GitRepo {
    let repo = GitRepo::new();
    repo.write_plan(folder, "housing", HOUSING)
        .commit("Plan as agreed", "2004-01-10");
    repo
}

fn json_of(cmd: &mut assert_cmd::Command) -> serde_json::Value {
    serde_json::from_str(&stdout(cmd)).unwrap()
}

// 1. Forged history -------------------------------------------------------------------------

#[test]
fn commit_subjects_cannot_forge_history_rows() {
    let repo = with_plan("plan");
    let forged_id = "0".repeat(40);
    // The old framing split on 0x1E/0x1F: these subjects carry whole fake records.
    let subjects = [
        format!("Slip\u{1e}{forged_id}\u{1f}Mallory\u{1f}2099-01-01\u{1f}slipped by 71 months"),
        "Ünïcödé\u{1f}é\u{1e}ö\u{1f}\u{1f}\u{1e}".to_owned(),
    ];
    repo.write(
        "plan/housing.toml",
        HOUSING.replace("June 2004", "July 2004"),
    );
    repo.commit(&subjects[0], "2004-02-10");
    repo.write(
        "plan/housing.toml",
        HOUSING.replace("June 2004", "August 2004"),
    );
    repo.commit(&subjects[1], "2004-03-10");
    let history = json_of(repo.cmd().args(["history", "hs-1", "--format", "json"]));
    let entries = history["entries"].as_array().unwrap();
    let ids: Vec<&str> = entries
        .iter()
        .map(|e| e["commit"].as_str().unwrap())
        .collect();
    let real = [
        repo.git(&["rev-parse", "HEAD~2"]),
        repo.git(&["rev-parse", "HEAD~1"]),
        repo.git(&["rev-parse", "HEAD"]),
    ];
    assert_eq!(ids, real.iter().map(String::as_str).collect::<Vec<_>>());
    let authors: Vec<&str> = entries
        .iter()
        .map(|e| e["author"].as_str().unwrap())
        .collect();
    assert_eq!(authors, ["Policy Officer"; 3]);
    let dates: Vec<&str> = entries
        .iter()
        .map(|e| e["date"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["2004-01-10", "2004-02-10", "2004-03-10"]);
    assert_eq!(entries[1]["subject"], subjects[0].as_str());
    assert_eq!(entries[2]["subject"], subjects[1].as_str());
    assert_eq!(history["due_moves"], 2);
    // Every format shows the subjects as text, and none panics on the non-ASCII.
    for format in ["table", "markdown", "csv"] {
        let text = stdout(repo.cmd().args(["history", "hs-1", "--format", format]));
        assert!(
            !text.contains('\u{1e}') && !text.contains('\u{1f}'),
            "{format}: {text}"
        );
        assert!(
            !text.contains("Mallory\t") && !text.contains("| Mallory |"),
            "{text}"
        );
    }
}

/// A `git` first on PATH that prints what `FAKE_GIT` asks for in place of the real answer to
/// one subcommand, and passes everything else to the real git.
fn fake_git(dir: &Path, subcommand: &str, output: &str) -> PathBuf {
    let real = String::from_utf8(
        StdCommand::new("sh")
            .args(["-c", "command -v git"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let bin = dir.join("fake-bin");
    std::fs::create_dir_all(&bin).unwrap();
    let script = format!(
        "#!/bin/sh\nfor a in \"$@\"; do\n  if [ \"$a\" = {subcommand} ]; then\n    printf '{output}'\n    exit 0\n  fi\ndone\nexec {} \"$@\"\n",
        real.trim()
    );
    let path = bin.join("git");
    std::fs::write(&path, script).unwrap();
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    bin
}

#[test]
fn every_field_git_prints_is_checked_before_use() {
    let repo = with_plan("plan");
    repo.write(
        "plan/housing.toml",
        HOUSING.replace("June 2004", "July 2004"),
    );
    repo.commit("Slip", "2004-02-10");
    let head = repo.git(&["rev-parse", "HEAD"]);
    let first = repo.git(&["rev-parse", "HEAD~1"]);
    let record = |id: &str, date: &str| format!("{id}\\000Mallory\\000{date}\\000Forged\\000");
    let non_ascii = "é".repeat(20); // 40 bytes, not hex: slicing it for a short id panicked
    let cases: [(&str, String, &[&str], &str); 6] = [
        (
            "--verify",
            "z".repeat(40),
            &["diff", "HEAD~1"],
            "is not a commit id",
        ),
        (
            "--verify",
            format!("{non_ascii}\\n"),
            &["--rev", "HEAD", "list"],
            "is not a commit id",
        ),
        (
            "--verify",
            "HEAD\\000x\\n".into(),
            &["history", "hs-1"],
            "is not a commit id",
        ),
        // Ids that are not the commits rev-list gives, or not hex, or a date that is no day.
        (
            "log",
            format!(
                "{}{}",
                record(&first, "2004-01-10"),
                record(&"0".repeat(40), "2004-02-10")
            ),
            &["history", "hs-1"],
            "unexpected `git log` output",
        ),
        (
            "log",
            format!(
                "{}{}",
                record(&first, "2004-01-10"),
                record(&head, "2004-02-30")
            ),
            &["history", "hs-1"],
            "unexpected `git log` output",
        ),
        (
            "rev-list",
            format!("{first}\\n{non_ascii}\\n"),
            &["history", "hs-1"],
            "unexpected `git log` output",
        ),
    ];
    for (subcommand, output, args, message) in cases {
        let bin = fake_git(repo.root(), subcommand, &output);
        let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
        let (code, stderr) = stderr_of(repo.cmd().env("PATH", path).args(args));
        assert_eq!(code, Some(2), "{subcommand} {output:?} {args:?}: {stderr}");
        assert!(
            stderr.contains(message),
            "{subcommand} {output:?}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(!stderr.contains("Mallory"), "{stderr}");
    }
}

// 2. The exit code is the answer's, never the pipe's -----------------------------------------

/// Runs `plan` with stdout (and, if asked, stderr) a pipe whose reader is closed as soon as
/// the process has started: long before it has loaded the plan and written anything, so every
/// write it makes meets a closed pipe.
fn exit_with_closed_pipe(plan: &Path, args: &[&str], close_stderr: bool) -> Option<i32> {
    let mut cmd = plan_process();
    cmd.arg("--plan")
        .arg(plan)
        .args(["--today", "2004-05-01"])
        .args(args)
        .stdout(Stdio::piped());
    cmd.stderr(if close_stderr {
        Stdio::piped()
    } else {
        Stdio::null()
    });
    let mut child = cmd.spawn().unwrap();
    drop(child.stdout.take());
    drop(child.stderr.take());
    child.wait().unwrap().code()
}

fn exit_normally(plan: &Path, args: &[&str]) -> Option<i32> {
    plan_process()
        .arg("--plan")
        .arg(plan)
        .args(["--today", "2004-05-01"])
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap()
        .code()
}

#[test]
fn a_closed_pipe_never_changes_the_exit_code() {
    let broken = TestPlan::new();
    broken.write("housing.toml", &HOUSING.replace("due = \"June 2004\"", ""));
    let good = TestPlan::new();
    good.write("housing.toml", HOUSING);
    let cases: &[(&TestPlan, &[&str], i32)] = &[
        (&broken, &["check"], 1),
        (&broken, &["check", "--format", "github"], 1),
        (&broken, &["check", "--format", "json"], 1),
        (&good, &["check"], 0),
        (&good, &["list"], 0),
        (&good, &["list", "--format", "csv"], 0),
        (&good, &["owners"], 0),
        (&good, &["priorities"], 0),
        (&good, &["show", "hs-1"], 0),
        (&good, &["owner", "Director of Housing"], 0),
        (&good, &["owner", "Nobody"], 2),
        (&good, &["report"], 0),
        (&good, &["report", "--format", "html"], 0),
        (&good, &["show", "no-such-id"], 2),
        (&good, &["man"], 0),
        (&good, &["completions", "bash"], 0),
    ];
    for (plan, args, expected) in cases {
        let dir = plan.plan_dir();
        assert_eq!(exit_normally(&dir, args), Some(*expected), "{args:?}");
        assert_eq!(
            exit_with_closed_pipe(&dir, args, false),
            Some(*expected),
            "{args:?} with stdout closed"
        );
        assert_eq!(
            exit_with_closed_pipe(&dir, args, true),
            Some(*expected),
            "{args:?} with stdout and stderr closed"
        );
    }
}

#[test]
fn a_full_disk_is_still_an_error() {
    let plan = TestPlan::new();
    plan.write("housing.toml", HOUSING);
    let full = std::fs::File::create("/dev/full");
    let Ok(full) = full else {
        return; // not Linux: nothing to test with
    };
    let output = plan_process()
        .arg("--plan")
        .arg(plan.plan_dir())
        .args(["list", "--format", "json"])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("error: cannot write output: "),
        "{stderr}"
    );
}

/// The same for the commands that read git (`diff`, `history`, `--rev`), the calendar, every
/// check format and every query format: the reader closing early never changes the answer.
#[test]
fn a_closed_pipe_never_changes_the_exit_code_of_any_command() {
    let repo = with_plan("plan");
    repo.write(
        "plan/housing.toml",
        HOUSING.replace("June 2004", "July 2004"),
    );
    repo.commit("Slip", "2004-02-10");
    repo.write("plan/broken.toml", "[priority]\nid = \"br\"\ntitle = \"No owner\"\n\n[[action]]\nid = \"br-1\"\ntitle = \"A\"\n");
    let dir = repo.root().join("plan");
    let cases: &[(&[&str], i32)] = &[
        (&["check", "--format", "sarif"], 1),
        (&["--rev", "HEAD", "check", "--format", "json"], 0),
        (&["--rev", "HEAD", "list", "--format", "csv"], 0),
        (&["--rev", "no-such-rev", "list"], 2),
        (&["diff", "HEAD~1"], 0),
        (&["diff", "HEAD~1", "HEAD", "--format", "csv"], 0),
        (&["diff", "HEAD~1", "HEAD", "--format", "markdown"], 0),
        (&["diff", "no-such-rev"], 2),
        (&["history", "hs-1"], 0),
        (&["history", "hs-1", "--format", "json"], 0),
        (&["history", "no-such-id"], 2),
        (&["calendar"], 0),
        (&["priorities", "--format", "csv"], 0),
        (&["owners", "--format", "json"], 0),
        (&["show", "hs", "--format", "markdown"], 0),
        (&["report", "--format", "csv"], 0),
        (&["list", "--owner", "Nobody"], 2),
        (&["list", "--format", "markdown", "--all"], 0),
    ];
    for (args, expected) in cases {
        assert_eq!(exit_normally(&dir, args), Some(*expected), "{args:?}");
        for close_stderr in [false, true] {
            assert_eq!(
                exit_with_closed_pipe(&dir, args, close_stderr),
                Some(*expected),
                "{args:?} with stdout closed (stderr too: {close_stderr})"
            );
        }
    }
}

// 3. Blank owner names and empty owner lists -----------------------------------------------

#[test]
fn blank_names_and_empty_owner_lists_are_errors() {
    let plan = TestPlan::new();
    plan.write(
        "owners.toml",
        &format!(
            "{OWNERS}\n[[role]]\nname = \"\"\n\n[[role]]\nname = \" \\u00a0 \"\n\n[[role]]\nname = \"Clerk\"\naliases = [\"  \"]\n"
        ),
    );
    plan.write(
        "housing.toml",
        r#"
[priority]
id = "hs"
title = "Housing"
owners = []
due = "April 2004"

[[action]]
id = "hs-1"
title = "Inherits the empty list"

[[action]]
id = "hs-2"
title = "Names a blank owner"
owners = [""]

[[action]]
id = "hs-3"
title = "Names a blank owner beside a real one"
owners = ["Clerk", "   "]
"#,
    );
    let output = plan
        .cmd()
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let found: Vec<(String, String, String)> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["id"].as_str().unwrap_or("").to_owned(),
                f["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expect = |rule: &str, id: &str, message: &str| {
        assert!(
            found.contains(&(rule.into(), id.into(), message.into())),
            "missing {rule} {id} {message:?} in {found:#?}"
        );
    };
    expect("missing-field", "", "role name is blank");
    expect("missing-field", "", "alias is blank");
    expect(
        "missing-owner",
        "hs-1",
        "action \"hs-1\" has an empty owners list (from priority \"hs\")",
    );
    expect("unknown-owner", "hs-2", "owner name is blank");
    expect("unknown-owner", "hs-3", "owner name is blank");
    let blank_roles = found.iter().filter(|f| f.2 == "role name is blank").count();
    assert_eq!(blank_roles, 2, "{found:#?}");
    // The blank names block queries: no answer that looks complete.
    let (code, stderr) = stderr_of(plan.cmd().arg("list"));
    assert_eq!(code, Some(2), "{stderr}");
}

/// Names made of characters that show nothing (zero-width space, word joiner, BOM, soft
/// hyphen, a bidi mark, a control) are as blank as spaces: a role so named would print as
/// nothing, and an owner so written names no one.
#[test]
fn invisible_names_are_blank_too() {
    let plan = TestPlan::new();
    plan.write(
        "owners.toml",
        &format!(
            "{OWNERS}\n[[role]]\nname = \"\\u200b\\u2060\"\n\n[[role]]\nname = \"Clerk\"\naliases = [\"\\ufeff \\u00ad\"]\n"
        ),
    );
    plan.write(
        "housing.toml",
        "[priority]\nid = \"hs\"\ntitle = \"Housing\"\ndue = \"April 2005\"\n\n[[action]]\nid = \"hs-1\"\ntitle = \"A\"\nowners = [\"\\u200e\\u0007\"]\n",
    );
    let output = plan
        .cmd()
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let found: Vec<(&str, &str, &str)> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap(),
                f["id"].as_str().unwrap_or(""),
                f["message"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("missing-field", "", "role name is blank"),
            ("missing-field", "", "alias is blank"),
            ("unknown-owner", "hs-1", "owner name is blank"),
        ]
    );
}

// 4. Discovery never climbs past a broken nearest plan ---------------------------------------

fn valid_plan_at(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(
        dir.join("plan.toml"),
        "title = \"Outer plan\"\norganisation = \"Outer Council\"\n",
    )
    .unwrap();
    std::fs::write(dir.join("owners.toml"), OWNERS).unwrap();
    std::fs::write(dir.join("housing.toml"), HOUSING).unwrap();
}

#[test]
fn an_unusable_nearest_plan_toml_is_exit_2_naming_it() {
    type Break = fn(&Path);
    let cases: [(&str, Break, &str); 3] = [
        (
            "a dangling symbolic link",
            |plan| std::os::unix::fs::symlink("nowhere.toml", plan.join("plan.toml")).unwrap(),
            "it is a symbolic link that cannot be followed",
        ),
        (
            "a folder",
            |plan| std::fs::create_dir(plan.join("plan.toml")).unwrap(),
            "it is a folder, not a file",
        ),
        (
            "a link loop",
            |plan| std::os::unix::fs::symlink("plan.toml", plan.join("plan.toml")).unwrap(),
            "it is a symbolic link that cannot be followed",
        ),
    ];
    for (what, make, reason) in cases {
        let outer = tempfile::tempdir().unwrap();
        valid_plan_at(&outer.path().join("plan"));
        let inner = outer.path().join("inner");
        std::fs::create_dir_all(inner.join("plan")).unwrap();
        make(&inner.join("plan"));
        let named = format!("{}: {reason}", inner.join("plan/plan.toml").display());
        for command in ["check", "list", "owners"] {
            let (code, stderr) = stderr_of(plan_cmd().current_dir(&inner).arg(command));
            assert_eq!(code, Some(2), "{what}, {command}: {stderr}");
            assert!(stderr.contains(&named), "{what}, {command}: {stderr}");
            assert!(!stderr.contains("Outer"), "{stderr}");
        }
        // Named explicitly, the same.
        let (code, stderr) = stderr_of(
            plan_cmd()
                .arg("--plan")
                .arg(inner.join("plan"))
                .arg("check"),
        );
        assert_eq!(code, Some(2), "{what}: {stderr}");
        assert!(stderr.contains(&named), "{what}: {stderr}");
    }
}

#[test]
fn an_unreadable_nearest_plan_toml_is_exit_2_or_read() {
    use std::os::unix::fs::PermissionsExt as _;
    let outer = tempfile::tempdir().unwrap();
    valid_plan_at(&outer.path().join("plan"));
    let inner = outer.path().join("inner");
    valid_plan_at(&inner.join("plan"));
    let file = inner.join("plan/plan.toml");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable = std::fs::File::open(&file).is_ok(); // root reads it anyway
    let output = plan_cmd()
        .current_dir(&inner)
        .arg("check")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    if readable {
        // The inner plan itself is checked, never the outer one.
        assert_eq!(output.status.code(), Some(0), "{stderr}");
        assert!(stdout.contains("ok: 0 errors"), "{stdout}");
    } else {
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains("plan.toml: cannot read it: Permission denied"),
            "{stderr}"
        );
    }
    // A folder `plan` it may not search is not "no plan here" either.
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
}

#[test]
fn a_file_named_plan_is_not_a_plan_folder() {
    let outer = tempfile::tempdir().unwrap();
    valid_plan_at(&outer.path().join("plan"));
    let inner = outer.path().join("tools");
    std::fs::create_dir_all(&inner).unwrap();
    std::fs::write(inner.join("plan"), "#!/bin/sh\n").unwrap();
    let out = stdout(
        plan_cmd()
            .current_dir(&inner)
            .args(["--today", "2004-05-01", "check"]),
    );
    assert!(out.starts_with("ok: 0 errors"), "{out}");
}

/// A `plan.toml` that is a FIFO (opening it would block for ever) or a link to a device is
/// named, exit 2, and the outer plan never read.
#[test]
fn a_fifo_or_device_as_the_nearest_plan_toml_is_named() {
    for make in ["mkfifo", "link to /dev/zero"] {
        let outer = tempfile::tempdir().unwrap();
        valid_plan_at(&outer.path().join("plan"));
        let inner = outer.path().join("inner");
        std::fs::create_dir_all(inner.join("plan")).unwrap();
        let file = inner.join("plan/plan.toml");
        if make == "mkfifo" {
            let made = StdCommand::new("mkfifo").arg(&file).status().unwrap();
            assert!(made.success());
        } else {
            std::os::unix::fs::symlink("/dev/zero", &file).unwrap();
        }
        let (code, stderr) = stderr_of(plan_cmd().current_dir(&inner).arg("check"));
        assert_eq!(code, Some(2), "{make}: {stderr}");
        assert!(
            stderr.contains(&format!("{}: it is not a regular file", file.display())),
            "{make}: {stderr}"
        );
    }
}

// 5. GitHub annotations relative to the repository root ------------------------------------

#[test]
fn github_annotations_use_the_path_from_the_work_tree_root() {
    let repo = with_plan("council/plan");
    repo.write(
        "council/plan/housing.toml",
        HOUSING.replace("due = \"June 2004\"\n", ""),
    );
    let line = "::error file=council/plan/housing.toml,line=6,col=1";
    for (cwd, plan) in [
        ("", "council/plan"),
        ("council", "plan"),
        ("council/plan", "."),
    ] {
        let output = repo
            .cmd()
            .current_dir(repo.root().join(cwd))
            .args(["--plan", plan, "check", "--format", "github"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(text.starts_with(line), "from {cwd:?}: {text}");
    }
    // Outside git: relative to the current folder.
    let plan = TestPlan::new();
    plan.write(
        "housing.toml",
        &HOUSING.replace("due = \"June 2004\"\n", ""),
    );
    let output = plan_cmd()
        .current_dir(plan.root())
        .args(["--plan", "plan", "check", "--format", "github"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.starts_with("::error file=plan/housing.toml,line=6"),
        "{text}"
    );
}

// 6. Revisions: one file policy, only what is needed ----------------------------------------

#[test]
fn a_clean_tree_with_links_diffs_empty_against_head() {
    let repo = with_plan("plan");
    let plan = repo.root().join("plan");
    std::fs::create_dir_all(plan.join("area")).unwrap();
    std::fs::write(
        plan.join("area/schools.toml"),
        "[priority]\nid = \"sc\"\ntitle = \"Schools\"\nowners = [\"Chief Executive\"]\ndue = \"2004-06\"\n\n[[action]]\nid = \"sc-1\"\ntitle = \"Build\"\n",
    )
    .unwrap();
    std::fs::write(
        plan.join("notes.txt"),
        "[priority]\nid = \"nt\"\ntitle = \"Notes\"\nowners = [\"Chief Executive\"]\ndue = \"2004-06\"\n\n[[action]]\nid = \"nt-1\"\ntitle = \"Read only through a link\"\n",
    )
    .unwrap();
    let link = |target: &str, at: &str| std::os::unix::fs::symlink(target, plan.join(at)).unwrap();
    link("area/schools.toml", "a-second-name.toml"); // the same file twice: read once
    link("area", "b-linked-folder"); // a folder reached twice: searched once
    link("notes.txt", "c-notes.toml"); // a link is how a non-.toml file is read
    link("../outside.toml", "d-outside.toml"); // refused in both
    link("nowhere.toml", "e-dangling.toml"); // refused in both
    std::fs::write(repo.root().join("outside.toml"), "not = \"plan\"\n").unwrap();
    repo.commit("Links", "2004-02-10");

    let work = repo
        .cmd()
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let at_head = repo
        .cmd()
        .args(["--rev", "HEAD", "check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(work.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&at_head.stdout),
        String::from_utf8_lossy(&work.stdout)
    );
    let rules: Vec<String> = serde_json::from_slice::<serde_json::Value>(&work.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["message"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        rules,
        [
            "plan/d-outside.toml: symbolic link points outside the plan folder; not followed",
            "plan/e-dangling.toml: symbolic link cannot be resolved (broken or a loop)",
        ]
    );
    // Queries read the same actions from both; the link to notes.txt included.
    std::fs::remove_file(plan.join("d-outside.toml")).unwrap();
    std::fs::remove_file(plan.join("e-dangling.toml")).unwrap();
    repo.commit("Drop the broken links", "2004-03-10");
    let list = |rev: &[&str]| {
        let mut cmd = repo.cmd();
        cmd.args(rev).args(["list", "--format", "json"]);
        common::ids(&json_of(&mut cmd))
    };
    // Same due month: plan order, by file; schools.toml is read once, under its first name.
    assert_eq!(list(&[]), ["sc-1", "nt-1", "hs-1"]);
    assert_eq!(list(&["--rev", "HEAD"]), ["sc-1", "nt-1", "hs-1"]);
    let diff = json_of(repo.cmd().args(["diff", "HEAD", "--format", "json"]));
    let counts: Vec<u64> = diff["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["count"].as_u64().unwrap())
        .collect();
    assert!(counts.iter().all(|&c| c == 0), "{diff:#}");
}

#[cfg(unix)]
#[test]
fn a_link_into_a_hidden_folder_is_refused_alike_in_the_tree_and_at_a_revision() {
    let repo = with_plan("plan");
    let plan = repo.root().join("plan");
    let priority = "[priority]\nid = \"dr\"\ntitle = \"Draft\"\nowners = [\"Chief Executive\"]\ndue = \"2004-06\"\n\n[[action]]\nid = \"dr-1\"\ntitle = \"Draft action\"\n";
    repo.write("plan/.drafts/draft.toml", priority);
    repo.write("plan/.draft.toml", priority.replace("dr", "hd"));
    let link = |target: &str, at: &str| std::os::unix::fs::symlink(target, plan.join(at)).unwrap();
    link(".drafts", "a-folder"); // the working tree used to search it; a revision could not
    link(".drafts/draft.toml", "b-file.toml");
    link(".draft.toml", "c-hidden-file.toml");
    link("x/../.drafts/draft.toml", "d-dotdot.toml");
    // owners.toml is read wherever it points, at a revision too.
    std::fs::rename(plan.join("owners.toml"), plan.join(".shared-owners.toml")).unwrap();
    link(".shared-owners.toml", "owners.toml");
    std::fs::create_dir(plan.join("x")).unwrap();
    repo.write("plan/x/keep.txt", "a folder git keeps\n");
    repo.commit("Links into hidden folders", "2004-02-10");

    let check = |rev: &[&str]| {
        let output = repo
            .cmd()
            .args(rev)
            .args(["check", "--format", "json"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{output:?}");
        let findings: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        findings
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["message"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    let refused = |name: &str| {
        format!(
            "plan/{name}: symbolic link leads into a hidden folder or file, which is never part of the plan; not followed"
        )
    };
    let expected = [
        refused("a-folder"),
        refused("b-file.toml"),
        refused("c-hidden-file.toml"),
        refused("d-dotdot.toml"),
    ];
    assert_eq!(check(&[]), expected);
    assert_eq!(check(&["--rev", "HEAD"]), expected);
    // Without the refused links, both read the same plan (the roster through its link), and
    // a clean tree has no changes from HEAD.
    for name in [
        "a-folder",
        "b-file.toml",
        "c-hidden-file.toml",
        "d-dotdot.toml",
    ] {
        std::fs::remove_file(plan.join(name)).unwrap();
    }
    repo.commit("Drop them", "2004-03-10");
    let list = |rev: &[&str]| {
        let mut cmd = repo.cmd();
        cmd.args(rev)
            .args(["owner", "Housing Director", "--format", "json"]);
        common::ids(&json_of(&mut cmd))
    };
    assert_eq!(list(&[]), ["hs-1"]);
    assert_eq!(list(&["--rev", "HEAD"]), ["hs-1"]);
    let diff = stdout(repo.cmd().args(["diff", "HEAD"]));
    assert!(diff.ends_with(": none\n"), "{diff}");
}

#[test]
fn revisions_refuse_big_plan_files_unread_and_ignore_other_files() {
    let repo = with_plan("plan");
    // 9 MiB: over the 8 MiB limit. A big non-plan file beside it is never read at all.
    let big = vec![b'#'; 9 * 1024 * 1024];
    repo.write("plan/big.toml", &big);
    repo.write("plan/minutes.pdf", &big);
    repo.commit("Big files", "2004-02-10");
    let output = repo
        .cmd()
        .args(["--rev", "HEAD", "check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let messages: Vec<&str> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        ["plan/big.toml: file is larger than 8 MiB; refused unread (is it really a plan file?)"]
    );
}

#[test]
fn a_history_walk_reads_on_past_a_plan_file_too_big_to_read() {
    let repo = with_plan("plan");
    // Read before housing.toml in the same version, and refused unread: the walk must go on
    // reading that file and the commits after it.
    repo.write("plan/big.toml", vec![b'#'; 9 * 1024 * 1024]);
    repo.write(
        "plan/housing.toml",
        HOUSING.replace("June 2004", "July 2004"),
    );
    repo.commit("A big file, and a slip", "2004-02-10");
    repo.write(
        "plan/housing.toml",
        HOUSING.replace("June 2004", "August 2004"),
    );
    std::fs::remove_file(repo.root().join("plan/big.toml")).unwrap();
    repo.commit("Slips again; the big file gone", "2004-03-10");
    // The report's due-date trails walk the same versions: June, then July, then August.
    let csv = stdout(repo.cmd().args(["report", "--format", "csv"]));
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let headers = rows.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let hs1 = (rows.records().map(Result::unwrap))
        .find(|row| &row[column("id")] == "hs-1")
        .unwrap();
    assert_eq!(
        (&hs1[column("originally_due")], &hs1[column("due_moves")]),
        ("June 2004", "2")
    );
    let history = json_of(repo.cmd().args(["history", "hs-1", "--format", "json"]));
    let subjects: Vec<&str> = (history["entries"].as_array().unwrap().iter())
        .map(|e| e["subject"].as_str().unwrap())
        .collect();
    assert_eq!(
        subjects,
        [
            "Plan as agreed",
            "A big file, and a slip",
            "Slips again; the big file gone"
        ]
    );
    assert_eq!(history["due_moves"], 2);
}

#[test]
fn non_utf8_file_names_stay_distinct_at_a_revision() {
    use std::os::unix::ffi::OsStrExt as _;
    let repo = with_plan("plan");
    let plan = repo.root().join("plan");
    // Both names read "a\u{FFFD}.toml" once converted lossily.
    for (byte, id) in [(0xFF_u8, "p1"), (0xFE, "p2")] {
        let bytes = [b'a', byte, b'.', b't', b'o', b'm', b'l'];
        let name = std::ffi::OsStr::from_bytes(&bytes);
        let text = format!(
            "[priority]\nid = \"{id}\"\ntitle = \"P\"\nowners = [\"Chief Executive\"]\ndue = \"2004-06\"\n\n[[action]]\nid = \"{id}-1\"\ntitle = \"A\"\n"
        );
        std::fs::write(plan.join(name), text).unwrap();
    }
    repo.commit("Two odd names", "2004-02-10");
    let mut at_head = repo.cmd();
    at_head.args(["--rev", "HEAD", "list", "--format", "json"]);
    let mut ids = common::ids(&json_of(&mut at_head));
    ids.sort();
    assert_eq!(ids, ["hs-1", "p1-1", "p2-1"]);
}

// 7. An unreadable value is not a change ---------------------------------------------------

#[test]
fn a_mistyped_value_is_not_reported_as_a_change() {
    let repo = with_plan("plan");
    let typo = HOUSING
        .replace("June 2004", "Junee 2004")
        .replace("\"Director of Housing\"", "\"Directr of Housing\"");
    repo.write("plan/housing.toml", &typo);
    let output = repo
        .cmd()
        .args(["diff", "HEAD", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let diff: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let changed: Vec<&str> = diff["sections"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["count"] != 0)
        .map(|s| s["change"].as_str().unwrap())
        .collect();
    assert_eq!(changed, Vec::<&str>::new(), "{diff:#}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("the working tree has 2 errors"), "{stderr}");

    // In history, the typo is no change, and the later fix is compared with the last
    // readable value: one real slip, June → August.
    repo.commit("Typo", "2004-02-10");
    repo.write(
        "plan/housing.toml",
        HOUSING.replace("June 2004", "August 2004"),
    );
    repo.commit("Fix, and slip to August", "2004-03-10");
    let history = json_of(repo.cmd().args(["history", "hs-1", "--format", "json"]));
    let changes: Vec<(String, String)> = history["entries"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["changes"].as_array().unwrap().clone())
        .map(|c| {
            (
                c["change"].as_str().unwrap().to_owned(),
                c["detail"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        changes,
        [
            (
                "added".to_owned(),
                "due June 2004, owned by Director of Housing".to_owned()
            ),
            (
                "slipped".to_owned(),
                "slipped by 2 months (June 2004 → August 2004)".to_owned()
            ),
        ]
    );
}

// 10. One escaping policy per output format ------------------------------------------------

const HOSTILE: &str = r#"
[priority]
id = "hx"
title = " \u00a0=HYPERLINK(\"http://evil\")"
owners = ["Chief Executive"]

[[action]]
id = "hx-1"
title = "Bell\u0007 esc\u001b[2J rlo\u202eevil <img src=x onerror=alert(1)> [x](javascript:alert(1))"
due = "April 2004"

[[action]]
id = "hx-2"
title = "\u2066=1+1"
due = "April 2004"
"#;

fn hostile_plan() -> TestPlan {
    let plan = TestPlan::new();
    plan.write("hostile.toml", HOSTILE);
    plan
}

fn assert_no_raw_controls(what: &str, text: &str) {
    for c in ['\u{7}', '\u{1b}', '\u{202e}', '\u{2066}'] {
        assert!(!text.contains(c), "{what} has raw {c:?}: {text}");
    }
}

#[test]
fn every_csv_escapes_controls_and_neutralises_formulas() {
    let plan = hostile_plan();
    for args in [
        &["report", "--format", "csv"][..],
        &["list", "--format", "csv"],
        &["owner", "Chief Executive", "--format", "csv"],
        &["priorities", "--format", "csv"],
        &["show", "hx-1", "--format", "csv"],
    ] {
        let text = stdout(plan.cmd().args(args));
        assert_no_raw_controls(&format!("{args:?}"), &text);
        let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        for record in reader.records() {
            for cell in &record.unwrap() {
                let start = cell.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
                assert!(
                    !start.starts_with(['=', '+', '@']) || cell.starts_with('\''),
                    "{args:?}: formula cell {cell:?}"
                );
            }
        }
    }
    let report = stdout(plan.cmd().args(["report", "--format", "csv"]));
    assert!(report.contains("' \u{a0}=HYPERLINK"), "{report}");
    assert!(
        report.contains("Bell\\u{7} esc\\u{1b}[2J rlo\\u{202e}evil"),
        "{report}"
    );
    // Escaped, the bidi isolate no longer starts the cell: `\u{2066}=1+1` is text.
    assert!(report.contains(",\\u{2066}=1+1,"), "{report}");
}

/// `needle` somewhere not escaped by a backslash.
fn has_raw(text: &str, needle: &str) -> bool {
    text.match_indices(needle)
        .any(|(i, _)| !text[..i].ends_with('\\'))
}

#[test]
fn every_markdown_shows_html_and_links_as_text() {
    let plan = hostile_plan();
    for args in [
        &["report", "--format", "markdown"][..],
        &["list", "--format", "markdown"],
        &["show", "hx-1", "--format", "markdown"],
        &["owner", "Chief Executive", "--format", "markdown"],
    ] {
        let text = stdout(plan.cmd().args(args));
        assert_no_raw_controls(&format!("{args:?}"), &text);
        assert!(!has_raw(&text, "<img"), "{args:?}: {text}");
        assert!(!text.contains("[x](javascript"), "{args:?}: {text}");
        assert!(
            text.contains("\\<img src=x onerror=alert(1)\\>"),
            "{args:?}: {text}"
        );
        assert!(
            text.contains("\\[x\\](javascript:alert(1))"),
            "{args:?}: {text}"
        );
    }
}

#[test]
fn history_markdown_escapes_commit_subjects() {
    let repo = with_plan("plan");
    repo.write(
        "plan/housing.toml",
        HOUSING.replace("June 2004", "July 2004"),
    );
    repo.commit(
        "<img src=x onerror=alert(1)> [x](javascript:alert(1)) \u{202e}",
        "2004-02-10",
    );
    let text = stdout(repo.cmd().args(["history", "hs-1", "--format", "markdown"]));
    assert!(
        !has_raw(&text, "<img") && !text.contains("[x](javascript"),
        "{text}"
    );
    assert!(!text.contains('\u{202e}'), "{text}");
    assert!(text.contains("\\<img src=x onerror=alert(1)\\>"), "{text}");
}

#[test]
fn mermaid_labels_drop_bidi_overrides() {
    let plan = hostile_plan();
    let text = stdout(plan.cmd().args(["report", "--format", "markdown"]));
    let chart = text
        .split("```mermaid")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a gantt chart");
    assert_no_raw_controls("the chart", chart);
    assert!(chart.contains("[hx-1] Bell"), "{chart}");
}

/// Every format of every command, on plan text, a role name and a commit subject that carry
/// ESC, BEL, bidi controls, HTML and a formula: nothing raw reaches a terminal, a Markdown or
/// HTML page, a spreadsheet or a calendar; JSON stays valid (its escaping makes text inert).
#[test]
fn every_format_of_every_command_is_escaped() {
    let repo = with_plan("plan");
    let evil_role = r"Clerk \u001b[31m\u202e<img src=x onerror=alert(1)>";
    repo.write(
        "plan/owners.toml",
        format!("{OWNERS}\n[[role]]\nname = \"{evil_role}\"\n"),
    );
    repo.write(
        "plan/hostile.toml",
        HOSTILE.replace(
            "title = \"\\u2066=1+1\"\n",
            &format!("title = \"\\u2066=1+1\"\nowners = [\"{evil_role}\"]\n"),
        ),
    );
    repo.commit(
        "=HYPERLINK(\"x\") \u{1b}[2J\u{7} \u{202e} <img src=x onerror=alert(1)>",
        "2004-02-10",
    );
    repo.write(
        "plan/hostile.toml",
        HOSTILE.replace("April 2004", "May 2004"),
    );
    repo.commit("Slip \u{1b}]0;owned\u{7}", "2004-03-10");
    let role = "Clerk \u{1b}[31m\u{202e}<img src=x onerror=alert(1)>";
    let mut runs: Vec<Vec<&str>> = Vec::new();
    for format in ["table", "markdown", "csv", "json"] {
        runs.push(vec!["list", "--all", "--format", format]);
        runs.push(vec!["owner", role, "--format", format]);
        runs.push(vec!["owners", "--format", format]);
        runs.push(vec!["priorities", "--format", format]);
        runs.push(vec!["show", "hx-1", "--format", format]);
        runs.push(vec!["show", "hx", "--format", format]);
        runs.push(vec!["history", "hx-1", "--format", format]);
        runs.push(vec!["diff", "HEAD~2", "--format", format]);
    }
    for format in ["markdown", "html", "csv"] {
        runs.push(vec!["report", "--format", format]);
    }
    for format in ["human", "github", "json", "sarif"] {
        runs.push(vec!["check", "--format", format]);
    }
    runs.push(vec!["calendar"]);
    for args in &runs {
        let output = repo.cmd().args(args).output().unwrap();
        let text = String::from_utf8(output.stdout).unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(
            matches!(output.status.code(), Some(0 | 1)),
            "{args:?}: {stderr}"
        );
        let json = args.contains(&"json") || args.contains(&"sarif");
        if json {
            serde_json::from_str::<serde_json::Value>(&text).unwrap();
            assert!(
                !text.contains('\u{1b}') && !text.contains('\u{7}'),
                "{args:?}"
            );
        } else {
            assert_no_raw_controls(&format!("{args:?}"), &text);
        }
        assert_no_raw_controls(&format!("{args:?} stderr"), &stderr);
        if args.contains(&"markdown") || args.contains(&"html") {
            assert!(!has_raw(&text, "<img"), "{args:?}: {text}");
        }
        if args.contains(&"markdown") {
            assert!(!text.contains("[x](javascript"), "{args:?}: {text}");
        }
        if args.contains(&"csv") {
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
            for record in reader.records() {
                for cell in &record.unwrap() {
                    let start = cell.trim_start_matches(|c: char| {
                        c.is_whitespace() || matches!(c, '\u{feff}' | '\u{200b}')
                    });
                    assert!(
                        !start.starts_with(['=', '+', '@']) || cell.starts_with('\''),
                        "{args:?}: formula cell {cell:?}"
                    );
                }
            }
        }
    }
}

// 11. A report is never written into the plan folder ----------------------------------------

#[test]
fn report_output_inside_the_plan_folder_is_refused() {
    let plan = TestPlan::new();
    plan.write("housing.toml", HOUSING);
    let before = std::fs::read(plan.plan_dir().join("plan.toml")).unwrap();
    let linked = plan.root().join("linked");
    std::os::unix::fs::symlink(plan.plan_dir(), &linked).unwrap();
    let targets: [PathBuf; 5] = [
        plan.plan_dir().join("plan.toml"),
        plan.plan_dir().join("report.md"),
        plan.plan_dir().join("sub/../report.csv"),
        linked.join("report.html"),
        plan.root().join("plan/./owners.toml"),
    ];
    for target in &targets {
        let (code, stderr) = stderr_of(plan.cmd().arg("report").arg("-o").arg(target));
        assert_eq!(code, Some(2), "{}: {stderr}", target.display());
        assert!(
            stderr.contains("it is inside the plan folder")
                && stderr.contains("nothing was written"),
            "{stderr}"
        );
    }
    assert_eq!(
        std::fs::read(plan.plan_dir().join("plan.toml")).unwrap(),
        before
    );
    let mut names: Vec<String> = std::fs::read_dir(plan.plan_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["housing.toml", "owners.toml", "plan.toml"]);
    // Beside the plan folder is fine.
    let outside = plan.root().join("report.md");
    stdout(plan.cmd().arg("report").arg("-o").arg(&outside));
    assert!(
        std::fs::read_to_string(outside)
            .unwrap()
            .starts_with("# Test plan")
    );
}

/// Every command that writes a file refuses a path inside the plan folder, whatever the format
/// (the report as xlsx or csv, the calendar), nothing written.
#[test]
fn no_output_file_lands_inside_the_plan_folder() {
    let plan = TestPlan::new();
    plan.write("housing.toml", HOUSING);
    let inside = plan.plan_dir();
    let runs: [(&str, PathBuf); 5] = [
        ("report", inside.join("r.xlsx")),
        ("report", inside.join("owners.toml")),
        ("report", inside.join("area/../r.csv")),
        ("calendar", inside.join("plan.ics")),
        ("calendar", inside.join("plan.toml")),
    ];
    let before = std::fs::read(inside.join("owners.toml")).unwrap();
    for (command, target) in &runs {
        let (code, stderr) = stderr_of(plan.cmd().arg(command).arg("-o").arg(target));
        assert_eq!(code, Some(2), "{command} -o {}: {stderr}", target.display());
        assert!(
            stderr.contains("it is inside the plan folder")
                && stderr.contains("nothing was written"),
            "{stderr}"
        );
    }
    assert_eq!(std::fs::read(inside.join("owners.toml")).unwrap(), before);
    let mut names: Vec<String> = std::fs::read_dir(&inside)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["housing.toml", "owners.toml", "plan.toml"]);
}

// 12. Messages say what went wrong ---------------------------------------------------------

#[test]
fn gits_own_reason_is_passed_through() {
    let repo = with_plan("plan");
    // A refusal that is not "not a repository": git's reason must reach the user.
    let (code, stderr) = stderr_of(
        repo.cmd()
            .env("GIT_CONFIG_PARAMETERS", "'bogus")
            .args(["diff", "HEAD"]),
    );
    assert_eq!(code, Some(2), "{stderr}");
    assert!(!stderr.contains("not in a git repository"), "{stderr}");
    assert!(
        stderr.contains("bogus format in GIT_CONFIG_PARAMETERS"),
        "{stderr}"
    );
}

#[test]
fn dubious_ownership_is_reported_as_git_says() {
    let repo = with_plan("plan");
    // Only root may give the repository away; elsewhere the refusal cannot be staged.
    if std::os::unix::fs::chown(repo.root(), Some(4242), None).is_err() {
        return;
    }
    let (code, stderr) = stderr_of(repo.cmd().args(["history", "hs-1"]));
    std::os::unix::fs::chown(repo.root(), Some(0), None).unwrap();
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("dubious ownership"), "{stderr}");
    assert!(!stderr.contains("not in a git repository"), "{stderr}");
}

#[test]
fn an_empty_plan_dir_is_named() {
    let (code, stderr) = stderr_of(plan_cmd().env("PLAN_DIR", "").arg("list"));
    assert_eq!(code, Some(2));
    assert!(
        stderr.starts_with("error: PLAN_DIR is set but empty\n"),
        "{stderr}"
    );
    assert!(!stderr.contains("--plan"), "{stderr}");
}

#[test]
fn a_deleted_current_folder_does_not_matter_with_an_absolute_plan() {
    let plan = TestPlan::new();
    plan.write("housing.toml", HOUSING);
    let gone = plan.root().join("gone");
    std::fs::create_dir(&gone).unwrap();
    let script = format!(
        "cd '{}' && rmdir '{}' && exec '{}' --plan '{}' --today 2004-05-01 list --format json",
        gone.display(),
        gone.display(),
        env!("CARGO_BIN_EXE_plan"),
        plan.plan_dir().display()
    );
    let output = StdCommand::new("sh")
        .args(["-c", &script])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    // Without --plan, the message says it is the current folder that is missing.
    let script = format!(
        "cd '{}' && rmdir '{}' && exec '{}' list",
        plan.root().display().to_string() + "/gone2",
        plan.root().display().to_string() + "/gone2",
        env!("CARGO_BIN_EXE_plan"),
    );
    std::fs::create_dir(plan.root().join("gone2")).unwrap();
    let output = StdCommand::new("sh")
        .args(["-c", &script])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with("error: cannot read the current folder to look for a plan from"),
        "{stderr}"
    );
    assert!(!stderr.contains("cannot write output"), "{stderr}");
}

// 8 and 9. Depth and time: one documented nesting limit; linear walks ----------------------

/// A plan held in memory (no disk, so the sizes below cost parsing only), loaded for real.
fn load_in_memory(files: Vec<(String, String)>) -> plan::load::Loaded {
    let dir = PathBuf::from("/mem/plan");
    let all = [
        (
            "plan.toml".to_owned(),
            "title = \"T\"\norganisation = \"O\"\n".to_owned(),
        ),
        ("owners.toml".to_owned(), OWNERS.to_owned()),
    ]
    .into_iter()
    .chain(files)
    .map(|(name, text)| (dir.join(name), text.into_bytes()));
    let tree = plan::load::source::MemTree::with_files(dir.clone(), all);
    plan::load::load_from(&dir, plan::load::Snapshot::Files(tree)).unwrap()
}

fn chained(count: usize, parent_of: impl Fn(usize) -> Option<String>) -> Vec<(String, String)> {
    (0..count)
        .map(|i| {
            let parent = parent_of(i).map_or(String::new(), |p| format!("parent = \"{p}\"\n"));
            (
                format!("{i:05}.toml"),
                format!(
                    "[priority]\nid = \"c-{i}\"\ntitle = \"C\"\n{parent}owners = [\"Chief Executive\"]\ndue = \"2005-01\"\n\n[[action]]\nid = \"c-{i}-1\"\ntitle = \"A\"\n"
                ),
            )
        })
        .collect()
}

fn rules_of(loaded: &plan::load::Loaded) -> Vec<(String, String)> {
    loaded
        .diagnostics
        .iter()
        .map(|d| (d.rule.name().to_owned(), d.message.clone()))
        .collect()
}

#[test]
fn nesting_deeper_than_the_limit_is_refused_by_every_command_alike() {
    assert_eq!(plan::load::MAX_NESTING, 32);
    let plan = TestPlan::new();
    for (name, text) in chained(40, |i| i.checked_sub(1).map(|p| format!("c-{p}"))) {
        plan.write(&name, &text);
    }
    // check names the first priority too deep; every query refuses the same plan (exit 2).
    let (code, stderr) = stderr_of(plan.cmd().arg("check"));
    assert_eq!(code, Some(1), "{stderr}");
    let out = stdout_any(plan.cmd().arg("check"));
    assert!(
        out.contains("error[too-deep]: priority \"c-33\" is nested more than 32 levels deep"),
        "{out}"
    );
    assert_eq!(out.matches("error[too-deep]").count(), 1, "{out}");
    for args in [
        &["list"][..],
        &["priorities"],
        &["report"],
        &["report", "--format", "html"],
        &["owner", "Chief Executive"],
        &["show", "c-39"],
    ] {
        let (code, stderr) = stderr_of(plan.cmd().args(args));
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("error[too-deep]"), "{args:?}: {stderr}");
    }
    // At the limit itself, everything answers.
    let plan = TestPlan::new();
    for (name, text) in chained(33, |i| i.checked_sub(1).map(|p| format!("c-{p}"))) {
        plan.write(&name, &text);
    }
    stdout(plan.cmd().arg("report"));
    let tree = stdout(plan.cmd().args(["priorities", "--format", "json"]));
    assert!(tree.contains("\"depth\": 32"), "{tree}");
}

fn stdout_any(cmd: &mut assert_cmd::Command) -> String {
    String::from_utf8(cmd.output().unwrap().stdout).unwrap()
}

/// The work every role's totals take (`plan owners`) on a `member_of` chain: counted, not
/// timed. Linear is a few steps per role and item; the per-role walks it replaced took
/// roles² / 2 (50 million here) and `plan owners` on 10 000 roles never finished.
#[test]
fn every_roles_totals_over_a_long_member_of_chain_are_linear() {
    use plan::roster::Roster;
    let count = 10_000;
    for also_in_a_loop in [false, true] {
        let mut roster = Roster::default();
        let ids: Vec<_> = (0..count)
            .map(|i| roster.add(&format!("R{i}"), &[]).unwrap())
            .collect();
        for pair in ids.windows(2) {
            roster.add_membership(pair[1], pair[0]); // R1 is in R0, R2 in R1, …
        }
        if also_in_a_loop {
            // R0 in R3: R0..R3 answer for each other's items, and the chain hangs below.
            roster.add_membership(ids[0], ids[3]);
        }
        // Every tenth role owns an item; one more is owned by R0 and R5000 together (counted
        // once below R5000, where both reach).
        let mut items: Vec<(Vec<_>, usize)> =
            (0..count).step_by(10).map(|i| (vec![ids[i]], 1)).collect();
        items.push((vec![ids[5000], ids[0]], 1));
        let totals = roster.totals(items.iter().map(|(o, v)| (o.as_slice(), *v)));
        for i in [0, 1, 3, 4, 9, 10, 4999, 5000, 5001, count - 1] {
            let mut expected = i / 10 + 1 + 1;
            if also_in_a_loop && i < 4 {
                expected = 1 + 1; // the loop answers for R0's item only (R1..R3 own none)
            }
            assert_eq!(totals.per_role[i], expected, "R{i}, loop: {also_in_a_loop}");
        }
        let size = count + items.len();
        assert!(
            totals.steps < 12 * size,
            "{} steps for {size} roles and items",
            totals.steps
        );
    }
}

/// One role's groups (`plan owner`, `list --owner`) are one walk of that role's groups.
#[test]
fn one_roles_groups_on_a_long_member_of_chain() {
    use plan::roster::Roster;
    let mut roster = Roster::default();
    let count = 10_000;
    let ids: Vec<_> = (0..count)
        .map(|i| roster.add(&format!("R{i}"), &[]).unwrap())
        .collect();
    for pair in ids.windows(2) {
        roster.add_membership(pair[0], pair[1]);
    }
    assert_eq!(roster.groups(ids[0]).len(), count - 1);
    assert_eq!(
        roster.first_group_among(ids[0], &[ids[count - 1], ids[5]]),
        Some(ids[5])
    );
    assert_eq!(roster.first_group_among(ids[count - 1], &[ids[0]]), None);
}

/// Through the loader: the loop is reported once, from its first member, however long the
/// chain into it (its time is pinned on the links alone, below, at half a million).
#[test]
fn a_long_chain_into_a_cycle_is_reported_once() {
    let count = 1000;
    let files = chained(count, |i| {
        Some(format!("c-{}", (i + 1) % count.min(i + 2).max(1)))
    });
    // c-0 → c-1 → … → c-999 → c-0: one loop through every priority; plus a chain of 1000
    // more leading into it, each walk of which once ran the whole loop again.
    let mut files = files;
    files.extend((0..count).map(|i| {
        let parent = if i == 0 { "c-5".to_owned() } else { format!("t-{}", i - 1) };
        (
            format!("t{i:05}.toml"),
            format!("[priority]\nid = \"t-{i}\"\ntitle = \"T\"\nparent = \"{parent}\"\nowners = [\"Chief Executive\"]\ndue = \"2005-01\"\n\n[[action]]\nid = \"t-{i}-1\"\ntitle = \"A\"\n"),
        )
    }));
    let loaded = load_in_memory(files);
    let found = rules_of(&loaded);
    let cycles: Vec<&(String, String)> = found.iter().filter(|f| f.0 == "parent-cycle").collect();
    assert_eq!(cycles.len(), 1, "{cycles:?}");
    assert!(
        cycles[0]
            .1
            .starts_with("priorities are nested in a loop: c-0 → c-1 → c-2 → ")
    );
    assert!(
        cycles[0]
            .1
            .ends_with(" → c-19 → … (978 more) … → c-998 → c-999 → c-0")
    );
}

/// The shapes of issue #13 on the parent links alone (no files to parse), half a million
/// long: linear, the walks take milliseconds even in a debug build; the per-priority walks
/// they replaced took over 10^11 steps here, so only a superlinear regression can come
/// near the generous bound.
const LINEAR_BOUND: std::time::Duration = std::time::Duration::from_secs(20);

#[test]
fn a_half_million_long_chain_into_a_loop_is_cut_in_linear_time() {
    use plan::load::tree::{cut_loops, cut_too_deep};
    let count = 500_000;
    let ring = 1000;
    // 0 → 1 → … → 999 → 0 (a loop), and 1000 → 1001 → … → the last, leading into it at 5.
    let mut links: Vec<Option<usize>> = (0..count)
        .map(|i| {
            Some(if i < ring {
                (i + 1) % ring
            } else if i + 1 < count {
                i + 1
            } else {
                5
            })
        })
        .collect();
    let started = std::time::Instant::now();
    let loops = cut_loops(&mut links);
    let cut = cut_too_deep(&mut links, plan::load::MAX_NESTING);
    let elapsed = started.elapsed();
    assert_eq!(loops.len(), 1);
    assert_eq!(loops[0], (0..ring).collect::<Vec<_>>());
    assert_eq!(links[0], None, "the loop is cut at its first member");
    // Cut at 0, the loop is a path 0, 999, 998, …, 1 (1000 levels: 30 cut, one every 33),
    // and 5 sits 995 levels down it, at depth 995 mod 33 = 5 after the cuts. The tail hangs
    // from 5, 499 000 long at depths 6, 7, …: a cut wherever the depth would reach a multiple
    // of 33, 499 005 / 33 = 15 121 times. No priority is left deeper than the limit.
    let depth_of = |mut p: usize| {
        let mut d = 0;
        while let Some(up) = links[p] {
            p = up;
            d += 1;
        }
        d
    };
    assert!(
        (0..count)
            .step_by(997)
            .all(|p| depth_of(p) <= plan::load::MAX_NESTING)
    );
    assert_eq!(cut.len(), 30 + 15_121);
    assert!(elapsed < LINEAR_BOUND, "{elapsed:?}");
}

/// Every command meets the one nesting limit the same way: `check` exit 1 naming the first
/// priority too deep with its file and line, queries, reports, the calendar and the edit
/// commands exit 2 with that same located error, and `diff`, `history` and `import` (which
/// answer around a plan's errors) answer with the tree cut there — one level past the limit,
/// and thousands of levels past it, where the report's recursion once aborted (exit 134).
#[test]
fn every_command_meets_the_nesting_limit_alike() {
    for levels in [plan::load::MAX_NESTING + 2, 300] {
        let repo = GitRepo::new();
        repo.write("plan/plan.toml", "title = \"T\"\norganisation = \"O\"\n");
        repo.write("plan/owners.toml", OWNERS);
        for (name, text) in chained(levels, |i| i.checked_sub(1).map(|p| format!("c-{p}"))) {
            repo.write(&format!("plan/{name}"), &text);
        }
        repo.commit("Deep", "2004-01-10");
        let second = chained(2, |_| Some("c-0".into()))[1]
            .1
            .replace("2005-01", "2005-02");
        repo.write("plan/00001.toml", &second);
        repo.commit("Again", "2004-02-10");
        repo.write(
            "sheet.csv",
            "Priority,Action,Owner,Due\nParks,Mow,Chief Executive,April 2005\n",
        );
        let located = "error[too-deep]: priority \"c-33\" is nested more than 32 levels deep\n --> plan/00033.toml:4:10";
        let last = format!("c-{}-1", levels - 1);
        let report = repo.root().join("r.xlsx");
        let refused: Vec<Vec<&str>> = vec![
            vec!["list"],
            vec!["list", "--format", "json"],
            vec!["owner", "Chief Executive"],
            vec!["owners", "--format", "csv"],
            vec!["priorities"],
            vec!["priorities", "--format", "json"],
            vec!["show", "c-33"],
            vec!["show", &last, "--format", "markdown"],
            vec!["report"],
            vec!["report", "--format", "html"],
            vec!["report", "--format", "csv"],
            vec!["report", "-o", report.to_str().unwrap()],
            vec!["calendar"],
            vec!["--rev", "HEAD", "list"],
            vec!["set", &last, "--title", "New"],
            vec!["add", "c-33", "--title", "Added"],
            vec!["update", &last, "A note"],
            vec!["done", &last],
            vec!["drop", &last, "--reason", "Gone"],
            vec!["waive", &last, "--rule", "overdue", "--reason", "Late"],
        ];
        let before = std::fs::read(repo.root().join("plan/00033.toml")).unwrap();
        // Far past the limit, each file costs a parse: the commands that recurse on the tree.
        let refused = if levels > 100 {
            vec![
                refused[5].clone(),
                refused[7].clone(),
                refused[9].clone(),
                refused[14].clone(),
            ]
        } else {
            refused
        };
        // Side by side: each run is a process of its own.
        std::thread::scope(|scope| {
            for args in &refused {
                let repo = &repo;
                scope.spawn(move || {
                    let (code, stderr) = stderr_of(repo.cmd().args(args));
                    assert_eq!(code, Some(2), "{levels}: {args:?}: {stderr}");
                    assert!(stderr.contains(located), "{levels}: {args:?}: {stderr}");
                });
            }
        });
        assert!(!report.exists());
        assert_eq!(
            std::fs::read(repo.root().join("plan/00033.toml")).unwrap(),
            before
        );
        // One finding per 33 levels, the first as above, in every format of check.
        let cuts = (levels - 1) / (plan::load::MAX_NESTING + 1);
        let out = stdout_any(repo.cmd().arg("check"));
        assert!(out.contains(located), "{levels}: {out}");
        assert_eq!(out.matches("error[too-deep]").count(), cuts, "{levels}");
        let formats = [
            ("json", "\"rule\": \"too-deep\""),
            ("github", "::error file=plan/00033.toml,line=4,col=10"),
            ("sarif", "\"ruleId\": \"too-deep\""),
        ];
        for (format, first) in if levels > 100 {
            &formats[..1]
        } else {
            &formats[..]
        } {
            let output = repo
                .cmd()
                .args(["check", "--format", format])
                .output()
                .unwrap();
            assert_eq!(output.status.code(), Some(1), "{levels}: {format}");
            let text = String::from_utf8_lossy(&output.stdout);
            assert_eq!(
                text.matches(first).count(),
                cuts,
                "{levels}: {format}: {text}"
            );
        }
        // Commands that answer around errors answer, the tree cut at the limit.
        let answered: &[&[&str]] = &[
            &["diff", "HEAD~1", "HEAD", "--format", "json"],
            &["history", "c-1-1"],
            &["import", "sheet.csv", "--dry-run"],
            &["diff", "HEAD~1"],
        ];
        for args in if levels > 100 {
            &answered[..1]
        } else {
            answered
        }
        .iter()
        {
            let (code, stderr) = stderr_of(repo.cmd().args(*args));
            assert_eq!(code, Some(0), "{levels}: {args:?}: {stderr}");
            assert!(!stderr.contains("overflow"), "{stderr}");
        }
    }
}

// Also: documents that are linked exist; the shipped plan names no machine -----------------

/// Every relative link in the README, the CHANGELOG and docs/ leads to a file in the
/// repository (docs/fuzzing.md was once linked but missing).
#[test]
fn every_relative_link_in_the_docs_leads_to_a_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut pages = vec![root.join("README.md"), root.join("CHANGELOG.md")];
    for entry in std::fs::read_dir(root.join("docs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            pages.push(path);
        }
    }
    let mut checked = 0;
    for page in &pages {
        let text = std::fs::read_to_string(page).unwrap();
        for (at, _) in text.match_indices("](") {
            let rest = &text[at + 2..];
            let Some(end) = rest.find(')') else { continue };
            let target = rest[..end].split('#').next().unwrap();
            // A scheme (https:, or a javascript: example inside code) is not a file.
            if target.is_empty() || target.contains(':') {
                continue;
            }
            let path = page.parent().unwrap().join(target);
            assert!(
                path.exists(),
                "{}: link to {target} leads nowhere",
                page.display()
            );
            checked += 1;
        }
    }
    assert!(checked >= 5, "only {checked} links found");
}

/// The shipped plan says where it comes from (the council's papers), never a path on the
/// machine it was written on.
#[test]
fn the_shipped_plan_names_its_sources_not_a_machine_path() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("plan/plan.toml")).unwrap();
    let first = text.lines().next().unwrap();
    assert!(first.starts_with("# "), "{first}");
    for entry in std::fs::read_dir(root.join("plan")).unwrap() {
        let path = entry.unwrap().path();
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        for machine in ["/work/", "/home/", "/tmp/", "/Users/", "C:\\", "../shared"] {
            assert!(
                !text.contains(machine),
                "{}: names {machine}",
                path.display()
            );
        }
    }
    assert!(text.contains("Draft CPA Improvement Plan"), "{text}");
    assert!(text.contains("Strategic Action Plan"), "{text}");
}

/// "Did you mean" is bounded: 60 priorities whose parents are typos of real ids get a
/// suggestion for the first 50 distinct names only (each a scan of every id; 2 000 of them
/// once took minutes), and so do 60 distinct unknown owner names (each a scan of the roster),
/// in file order whatever the loader's threads do.
#[test]
fn suggestions_for_unknown_names_are_bounded() {
    let plan = TestPlan::new();
    for i in 0..60 {
        plan.write(
            &format!("p{i:02}.toml"),
            &format!(
                "[priority]\nid = \"housing-{i}\"\ntitle = \"P\"\nparent = \"housng-{i}\"\nowners = [\"Chief Executiv{i}\"]\ndue = \"2005-01\"\n\n[[action]]\nid = \"housing-{i}-1\"\ntitle = \"A\"\n"
            ),
        );
    }
    let output = plan
        .cmd()
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let findings = findings.as_array().unwrap();
    let parents: Vec<&serde_json::Value> = findings
        .iter()
        .filter(|f| f["rule"] == "unknown-parent")
        .collect();
    assert_eq!(parents.len(), 60);
    let helped: Vec<&str> = parents.iter().filter_map(|f| f["help"].as_str()).collect();
    assert_eq!(helped.len(), 50, "{helped:?}");
    assert_eq!(helped[0], "did you mean \"housing-0\"?");
    assert!(parents[50..].iter().all(|f| f["help"].is_null()));
    let owners: Vec<&str> = findings
        .iter()
        .filter(|f| f["rule"] == "unknown-owner")
        .map(|f| f["help"].as_str().unwrap())
        .collect();
    assert_eq!(owners.len(), 60);
    assert!(
        owners[..50]
            .iter()
            .all(|h| *h == "did you mean \"Chief Executive\" or \"Assistant Chief Executive\"?"),
        "{owners:?}"
    );
    assert!(
        owners[50..]
            .iter()
            .all(|h| *h == "add the role to plan/owners.toml, or use a name or alias listed there"),
        "{owners:?}"
    );
}
