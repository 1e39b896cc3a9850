//! Edits (`plan set`, `plan add`) through the one safe edit path: whole files compared byte
//! for byte before and after, refused edits leave every file as it was, no temporary files.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{TestPlan, stderr_of, stdout};

/// A priority file with comments, odd spacing and a trailing comment on a value: everything
/// an edit must leave alone.
const HOUSING: &str = r#"# Housing, from the 2003 plan.

[priority]
id = "hs"
title = "Housing"   # short title
owners = ["Director of Housing"]
due = "2005/06"

[[action]]
id = "hs-1"
title = "Repairs"
# agreed at cabinet
due = "April 2004"   # was March

[[action]]
id = "hs-2"
title = "Lettings"
status = "in-progress"
"#;

fn housing_plan() -> TestPlan {
    let plan = TestPlan::new();
    plan.write("housing/hs.toml", HOUSING);
    plan
}

/// Every file under the folder (hidden ones too), with its bytes.
fn files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path.strip_prefix(root).unwrap().display().to_string();
                out.insert(name, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

fn housing_text(plan: &TestPlan) -> String {
    std::fs::read_to_string(plan.plan_dir().join("housing/hs.toml")).unwrap()
}

#[test]
fn set_due_changes_only_that_value_and_keeps_its_comment() {
    let plan = housing_plan();
    let out = stdout(plan.cmd().args(["set", "hs-1", "--due", "June 2004"]));
    assert_eq!(out, "hs-1: due April 2004 → June 2004\n");
    let expected = HOUSING.replace(
        "due = \"April 2004\"   # was March",
        "due = \"June 2004\"   # was March",
    );
    assert_ne!(expected, HOUSING);
    assert_eq!(housing_text(&plan), expected);
}

#[test]
fn set_several_fields_appends_new_keys_at_the_end_of_the_action() {
    let plan = housing_plan();
    let out = stdout(plan.cmd().args([
        "set",
        "hs-2",
        "--owner",
        "housing director",
        "--owner",
        "Chief Executive",
        "--status",
        "done",
        "--title",
        "Lettings policy",
    ]));
    assert_eq!(
        out,
        "hs-2: title Lettings → Lettings policy; owners set to Director of Housing, Chief Executive; status in-progress → done\n"
    );
    let expected = HOUSING.replace(
        "id = \"hs-2\"\ntitle = \"Lettings\"\nstatus = \"in-progress\"\n",
        "id = \"hs-2\"\ntitle = \"Lettings policy\"\nstatus = \"done\"\nowners = [\"Director of Housing\", \"Chief Executive\"]\n",
    );
    assert_eq!(housing_text(&plan), expected);
}

#[test]
fn set_on_a_priority_changes_the_priority_table() {
    let plan = housing_plan();
    let out = stdout(
        plan.cmd()
            .args(["set", "hs", "--title", "Housing services"]),
    );
    assert_eq!(out, "hs: title Housing → Housing services\n");
    assert_eq!(
        housing_text(&plan),
        HOUSING.replace(
            "title = \"Housing\"   # short title",
            "title = \"Housing services\"   # short title"
        )
    );
    let (code, stderr) = stderr_of(plan.cmd().args(["set", "hs", "--status", "done"]));
    assert_eq!(code, Some(2));
    assert!(stderr.contains("priorities have no status"), "{stderr}");
}

#[test]
fn add_appends_an_action_with_the_next_id() {
    let plan = housing_plan();
    let out = stdout(plan.cmd().args([
        "add",
        "hs",
        "--title",
        "Stock condition survey",
        "--due",
        "2004-Q3",
    ]));
    assert_eq!(out, "hs-3: added to hs \"Stock condition survey\"\n");
    let expected = format!(
        "{HOUSING}\n[[action]]\nid = \"hs-3\"\ntitle = \"Stock condition survey\"\ndue = \"2004-Q3\"\n"
    );
    assert_eq!(housing_text(&plan), expected);
    let listed = stdout(plan.cmd().args(["show", "hs-3", "--format", "json"]));
    assert!(listed.contains("\"due_by\": \"2004-09-30\""), "{listed}");
}

#[test]
fn add_with_a_given_id_and_owner() {
    let plan = housing_plan();
    let out = stdout(plan.cmd().args([
        "add",
        "hs",
        "--title",
        "Tenant panel",
        "--id",
        "hs-panel",
        "--owner",
        "chief executive",
    ]));
    assert_eq!(out, "hs-panel: added to hs \"Tenant panel\"\n");
    assert_eq!(
        housing_text(&plan),
        format!(
            "{HOUSING}\n[[action]]\nid = \"hs-panel\"\ntitle = \"Tenant panel\"\nowners = [\"Chief Executive\"]\n"
        )
    );
    let (code, stderr) = stderr_of(
        plan.cmd()
            .args(["add", "hs", "--title", "Again", "--id", "hs-1"]),
    );
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("the id \"hs-1\" is already used"),
        "{stderr}"
    );
}

#[test]
fn refused_edits_leave_every_file_identical_and_no_temporary_file() {
    let plan = housing_plan();
    let before = files(plan.root());
    let refused: [&[&str]; 5] = [
        &["set", "hs-1", "--due", "Apirl 2004"],
        &["set", "hs-1", "--owner", "Chief Exec"],
        &["set", "hs-9", "--title", "x"],
        &["set", "hs-1", "--status", "finished"],
        &["add", "nope", "--title", "x"],
    ];
    for args in refused {
        let (code, stderr) = stderr_of(plan.cmd().args(args));
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert_eq!(files(plan.root()), before, "{args:?} changed a file");
    }
    let (_, stderr) = stderr_of(plan.cmd().args(["set", "hs-1", "--due", "Apirl 2004"]));
    assert!(stderr.contains("error[bad-date]"), "{stderr}");
    assert!(
        stderr.contains("edit refused: it would leave the plan with 1 new error (see above); nothing was written"),
        "{stderr}"
    );
}

/// Issue #25: the edit returns the findings that refuse it, and the command says them: first
/// the finding, then the one error line, on stderr; nothing on stdout. With stderr closed the
/// answer is the same exit code, never a panic, and nothing is written.
#[test]
fn a_refused_edit_says_its_findings_once_and_a_closed_stderr_changes_nothing() {
    let plan = housing_plan();
    let before = files(plan.root());
    let args = ["set", "hs-1", "--due", "Apirl 2004"];
    let output = plan.cmd().args(args).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.starts_with("error[bad-date]"), "{stderr}");
    assert_eq!(stderr.matches("error[bad-date]").count(), 1, "{stderr}");
    assert!(
        stderr.ends_with("\nerror: edit refused: it would leave the plan with 1 new error (see above); nothing was written\n"),
        "{stderr}"
    );
    let mut cmd = common::plan_process();
    cmd.arg("--plan")
        .arg(plan.plan_dir())
        .args(["--today", "2004-05-01"])
        .args(args);
    let (code, stdout) = common::with_stderr_closed(cmd);
    assert_eq!(code, Some(2));
    assert_eq!(stdout, "");
    assert_eq!(files(plan.root()), before);
}

#[test]
fn a_bad_date_on_a_priority_is_refused_too() {
    let plan = housing_plan();
    let before = files(plan.root());
    let (code, stderr) = stderr_of(plan.cmd().args(["set", "hs", "--due", "whenever"]));
    assert_eq!(code, Some(2));
    assert!(stderr.contains("error[bad-date]"), "{stderr}");
    assert_eq!(files(plan.root()), before);
}

#[test]
fn errors_the_plan_already_had_do_not_block_an_edit() {
    let plan = housing_plan();
    // No owner anywhere: a missing-owner error before the edit, still there after it.
    plan.write(
        "misc.toml",
        "[priority]\nid = \"misc\"\ntitle = \"Misc\"\n\n[[action]]\nid = \"misc-1\"\ntitle = \"Orphan\"\ndue = \"2004\"\n",
    );
    let out = stdout(
        plan.cmd()
            .args(["set", "misc-1", "--title", "Still orphan"]),
    );
    assert_eq!(out, "misc-1: title Orphan → Still orphan\n");
}

#[test]
fn dry_run_prints_a_unified_diff_and_writes_nothing() {
    let plan = housing_plan();
    let before = files(plan.root());
    let out = stdout(
        plan.cmd()
            .args(["set", "hs-1", "--due", "June 2004", "--dry-run"]),
    );
    let path = "plan/housing/hs.toml";
    assert_eq!(
        out,
        format!(
            "--- a/{path}\n+++ b/{path}\n@@ -10,7 +10,7 @@\n id = \"hs-1\"\n title = \"Repairs\"\n # agreed at cabinet\n-due = \"April 2004\"   # was March\n+due = \"June 2004\"   # was March\n \n [[action]]\n id = \"hs-2\"\ndry run, nothing written: hs-1: due April 2004 → June 2004\n"
        )
    );
    assert_eq!(files(plan.root()), before);
}

#[test]
fn setting_a_value_it_already_has_writes_nothing() {
    let plan = housing_plan();
    let before = files(plan.root());
    let out = stdout(plan.cmd().args(["set", "hs-2", "--status", "in-progress"]));
    assert_eq!(out, "nothing to change: hs-2 already has those values\n");
    assert_eq!(files(plan.root()), before);
}

#[test]
fn edits_refuse_rev_and_a_missing_change() {
    let plan = housing_plan();
    let (code, stderr) = stderr_of(plan.cmd().args(["set", "hs-1"]));
    assert_eq!(code, Some(2));
    assert!(stderr.contains("nothing to set"), "{stderr}");
    let (code, stderr) = stderr_of(
        plan.cmd()
            .args(["set", "hs-1", "--title", "x", "--rev", "HEAD"]),
    );
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("--rev reads the plan as committed"),
        "{stderr}"
    );
}

mod library {
    use super::*;
    use plan::cli::{ColorChoice, GlobalArgs};
    use plan::context::Context;
    use plan::edit::{Expect, Mode, toml, write_atomic};
    use plan::error::Error;

    fn context(plan: &TestPlan) -> Context {
        Context::from_args(&GlobalArgs {
            plan: Some(plan.plan_dir()),
            today: Some("2004-05-01".into()),
            format: None,
            color: ColorChoice::Never,
            rev: None,
        })
        .unwrap()
    }

    #[test]
    fn a_file_changed_on_disk_after_reading_is_not_overwritten() {
        let plan = housing_plan();
        let mut edit = plan::loading::for_edit(&context(&plan)).unwrap();
        toml::set(edit.action_table("hs-1").unwrap(), "title", "Repairs now");
        // Someone else saves the file while this edit is being prepared.
        let theirs = HOUSING.replace("Lettings", "Allocations");
        plan.write("housing/hs.toml", &theirs);
        let mut before = files(plan.root());
        // The edit holds the plan's write lock until it is finished; the lock goes with it.
        assert!(before.remove("plan/.plan.lock").is_some());
        let result = edit.finish(Mode::Write, "hs-1: title");
        assert!(
            matches!(result, Err(Error::ChangedOnDisk(ref p)) if p.ends_with("housing/hs.toml")),
            "{result:?}"
        );
        assert_eq!(
            files(plan.root()),
            before,
            "their change is kept, nothing left behind"
        );
    }

    #[test]
    fn new_files_are_written_whole_and_never_over_an_existing_file() {
        let plan = housing_plan();
        let path = plan.plan_dir().join("new.toml");
        write_atomic(&path, b"[priority]\n", Expect::Absent).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"[priority]\n");
        let before = files(plan.root());
        let again = write_atomic(&path, b"other", Expect::Absent);
        assert!(
            matches!(again, Err(Error::CannotEdit { ref reason, .. }) if reason == "a file is already there"),
            "{again:?}"
        );
        assert_eq!(files(plan.root()), before);
    }

    #[test]
    fn replacing_needs_the_bytes_that_were_read() {
        let plan = housing_plan();
        let path = plan.plan_dir().join("housing/hs.toml");
        let wrong = write_atomic(&path, b"x", Expect::Bytes(b"not what is there"));
        assert!(matches!(wrong, Err(Error::ChangedOnDisk(_))), "{wrong:?}");
        write_atomic(&path, b"new", Expect::Bytes(HOUSING.as_bytes())).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        let names: Vec<String> = files(plan.root()).into_keys().collect();
        assert_eq!(
            names,
            ["plan/housing/hs.toml", "plan/owners.toml", "plan/plan.toml"]
        );
    }
}

mod commit {
    use super::*;

    #[test]
    fn commit_records_only_the_changed_file_with_the_summary() {
        let plan = housing_plan();
        let repo = plan.git();
        repo.commit_at("plan", "2004-05-01T10:00:00+0000");
        // An unrelated change in progress must stay out of the edit's commit.
        plan.write(
            "plan.toml",
            "title = \"Test plan\"\norganisation = \"Test Council (draft)\"\n",
        );
        let out = stdout(
            plan.cmd()
                .args(["set", "hs-1", "--due", "June 2004", "--commit"]),
        );
        assert_eq!(out, "hs-1: due April 2004 → June 2004\n");
        assert_eq!(
            repo.git(&["log", "-1", "--format=%s", "--name-only"]),
            "hs-1: due April 2004 → June 2004\n\nplan/housing/hs.toml"
        );
        assert_eq!(repo.git(&["status", "--short"]), " M plan/plan.toml");
    }
}

/// `--status` is read by one parser for `list` and `set` alike, in any case; a word that is
/// no status is refused with the same message by both. `--rag` takes any case too.
#[test]
fn status_and_rag_words_are_read_alike_by_every_command_in_any_case() {
    let plan = housing_plan();
    let out = stdout(
        plan.cmd()
            .args(["set", "hs-1", "--status", "Done", "--dry-run"]),
    );
    assert!(
        out.ends_with("dry run, nothing written: hs-1: status set to done\n"),
        "{out}"
    );
    let out = stdout(
        plan.cmd()
            .args(["list", "--status", "IN-PROGRESS", "--format", "csv"]),
    );
    assert!(out.contains("hs-2,"), "{out}");
    for command in ["list", "set"] {
        let mut cmd = plan.cmd();
        cmd.arg(command);
        if command == "set" {
            cmd.arg("hs-1");
        }
        let (code, stderr) = stderr_of(cmd.args(["--status", "Finished"]));
        assert_eq!(code, Some(2), "{command}");
        assert_eq!(
            stderr,
            "error: invalid --status \"Finished\": statuses are planned, in-progress, done, dropped\n",
            "{command}"
        );
    }
    let out = stdout(plan.cmd().args([
        "update",
        "hs-1",
        "Going well",
        "--rag",
        "Green",
        "--dry-run",
    ]));
    assert!(out.ends_with("(green)\n"), "{out}");
}

/// A plan file's `status` and `rag` are read by the same one reader as `--status` and
/// `--rag`, in any case: `plan check` takes them, `list` shows the names, and `plan done` and
/// `plan drop` see a `"Done"` or `"Dropped"` action as done or dropped.
#[test]
fn plan_file_status_and_rag_words_are_read_in_any_case() {
    let plan = TestPlan::new();
    plan.write(
        "housing/hs.toml",
        r#"[priority]
id = "hs"
title = "Housing"
owners = ["Director of Housing"]
due = "2005/06"

[[action]]
id = "hs-1"
title = "Repairs"
due = "April 2004"
status = "Done"
done_on = 2004-04-20

[[action]]
id = "hs-2"
title = "Lettings"
due = "June 2004"
status = "IN-PROGRESS"

[[action.update]]
date = 2004-04-01
note = "Slow"
rag = "Amber"

[[action]]
id = "hs-3"
title = "Voids"
due = "June 2004"
status = "Dropped"
"#,
    );
    let out = stdout(plan.cmd().arg("check"));
    assert_eq!(
        out,
        "ok: 0 errors, 0 warnings; 3 files checked (as at 2004-05-01)\n"
    );
    let json = common::json(plan.cmd().args(["list", "--all", "--format", "json"]));
    let got: Vec<(String, String)> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["id"].as_str().unwrap().to_owned(),
                a["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let want = [
        ("hs-1", "done"),
        ("hs-2", "in-progress"),
        ("hs-3", "dropped"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(i, s)| ((*i).to_owned(), (*s).to_owned()))
        .collect();
    assert_eq!(got, want);
    assert_eq!(json[1]["latest_update"]["rag"], "amber", "{json}");
    let before = files(plan.root());
    let (code, stderr) = stderr_of(plan.cmd().args(["done", "hs-1"]));
    assert_eq!(code, Some(2));
    assert_eq!(
        stderr,
        "error: hs-1 is already done on 2004-04-20; nothing was written\nhelp: pass --replace-date to record 2004-05-01 as its done date instead\n"
    );
    let (code, stderr) = stderr_of(plan.cmd().args(["drop", "hs-3", "--reason", "Again"]));
    assert_eq!(code, Some(2));
    assert_eq!(
        stderr,
        "error: hs-3 is already dropped; nothing was written\nhelp: add a note to it with `plan update hs-3 \"...\"`\n"
    );
    assert_eq!(files(plan.root()), before);
}
