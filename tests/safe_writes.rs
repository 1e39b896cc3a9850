//! Safe writes, round 3 (issue #26): one test per defect class found by attacking every write
//! path, named after the class. Concurrent writers take turns, multi-file writes are all or
//! nothing, `-o` never reaches the plan, and odd files are edited keeping what they are.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Stdio;

use common::{TestPlan, stderr_of, stdout};

/// Every file under the folder (hidden ones too), with its bytes.
fn files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            if meta.is_dir() {
                stack.push(path);
            } else {
                let name = path.strip_prefix(root).unwrap().display().to_string();
                // A FIFO is listed, never read (that would block); a link by its target.
                let bytes = if meta.is_file() || meta.file_type().is_symlink() {
                    std::fs::read(&path).unwrap_or_default()
                } else {
                    b"(not a regular file)".to_vec()
                };
                out.insert(name, bytes);
            }
        }
    }
    out
}

const TWO_PRIORITIES: [(&str, &str); 2] = [
    (
        "a/hs.toml",
        "[priority]\nid = \"hs\"\ntitle = \"Housing\"\nowners = [\"Director of Housing\"]\ndue = \"2005\"\n\n[[action]]\nid = \"hs-1\"\ntitle = \"Repairs\"\n",
    ),
    (
        "b/ed.toml",
        "[priority]\nid = \"ed\"\ntitle = \"Education\"\nowners = [\"Chief Executive\"]\ndue = \"2005\"\n\n[[action]]\nid = \"ed-1\"\ntitle = \"Schools\"\n",
    ),
];

fn two_priorities() -> TestPlan {
    let plan = TestPlan::new();
    for (path, text) in TWO_PRIORITIES {
        plan.write(path, text);
    }
    plan
}

fn json_of(plan: &TestPlan, args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&stdout(plan.cmd().args(args).args(["--format", "json"]))).unwrap()
}

#[test]
fn concurrent_writers_take_turns_and_lose_nothing() {
    let plan = two_priorities();
    let mut jobs: Vec<Vec<String>> = Vec::new();
    for i in 0..6 {
        jobs.push(vec![
            "add".into(),
            "hs".into(),
            "--title".into(),
            format!("New housing {i}"),
        ]);
        jobs.push(vec![
            "add".into(),
            "ed".into(),
            "--title".into(),
            format!("New school {i}"),
        ]);
        jobs.push(vec!["update".into(), "hs-1".into(), format!("Note {i}")]);
    }
    jobs.push(vec![
        "set".into(),
        "ed-1".into(),
        "--due".into(),
        "June 2004".into(),
    ]);
    jobs.push(vec![
        "set".into(),
        "hs-1".into(),
        "--title".into(),
        "Repairs now".into(),
    ]);
    let children: Vec<_> = jobs
        .iter()
        .map(|args| {
            common::plan_process()
                .arg("--plan")
                .arg(plan.plan_dir())
                .args(["--today", "2004-05-01"])
                .args(args)
                .env("PLAN_LOCK_WAIT", "120")
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for (child, args) in children.into_iter().zip(&jobs) {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // The plan loads (no duplicate id), and every change is there.
    stdout(plan.cmd().arg("check"));
    let actions = json_of(&plan, &["list"]);
    let ids: Vec<String> = actions
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_owned())
        .collect();
    let unique: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(ids.len(), 14, "{ids:?}");
    assert_eq!(unique.len(), 14, "{ids:?}");
    let expected: BTreeSet<String> = (1..=7)
        .flat_map(|n| [format!("hs-{n}"), format!("ed-{n}")])
        .collect();
    assert_eq!(ids.iter().cloned().collect::<BTreeSet<_>>(), expected);
    let titles: BTreeSet<String> = actions
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap().to_owned())
        .collect();
    for i in 0..6 {
        assert!(titles.contains(&format!("New housing {i}")), "{titles:?}");
        assert!(titles.contains(&format!("New school {i}")), "{titles:?}");
    }
    assert!(titles.contains("Repairs now"), "{titles:?}");
    let hs1 = std::fs::read_to_string(plan.plan_dir().join("a/hs.toml")).unwrap();
    assert_eq!(hs1.matches("[[action.update]]").count(), 6, "{hs1}");
    let ed = std::fs::read_to_string(plan.plan_dir().join("b/ed.toml")).unwrap();
    assert!(ed.contains("due = \"June 2004\""), "{ed}");
    // The lock is gone when nobody writes; no temporary file is left.
    let names: Vec<String> = files(plan.root()).into_keys().collect();
    assert_eq!(
        names,
        [
            "plan/a/hs.toml",
            "plan/b/ed.toml",
            "plan/owners.toml",
            "plan/plan.toml"
        ]
    );
}

#[test]
fn concurrent_writer_waits_a_bounded_time_then_names_the_holder() {
    let plan = two_priorities();
    let held =
        plan::edit::lock::lock_with_wait(&plan.plan_dir(), std::time::Duration::ZERO).unwrap();
    let before = files(plan.root());
    let (code, stderr) = stderr_of(
        plan.cmd()
            .args(["set", "hs-1", "--title", "Mine"])
            .env("PLAN_LOCK_WAIT", "0.2"),
    );
    assert_eq!(code, Some(2), "{stderr}");
    let pid = std::process::id();
    assert!(
        stderr.starts_with(&format!(
            "error: another command is changing the plan (pid {pid}: "
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("gave up after waiting 0.2 s, nothing was written\nhelp: run this again when it has finished (it holds "),
        "{stderr}"
    );
    assert!(
        stderr.contains("plan/.plan.lock; set PLAN_LOCK_WAIT"),
        "{stderr}"
    );
    assert_eq!(files(plan.root()), before);
    // Readers do not take the lock, and the lock file is never plan data.
    assert_eq!(
        stdout(plan.cmd().arg("check")).lines().last(),
        Some("ok: 0 errors, 0 warnings; 4 files checked (as at 2004-05-01)")
    );
    let (code, stderr) = stderr_of(
        plan.cmd()
            .args(["set", "hs-1", "--title", "Mine"])
            .env("PLAN_LOCK_WAIT", "soon"),
    );
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("invalid PLAN_LOCK_WAIT \"soon\""),
        "{stderr}"
    );
    drop(held);
    stdout(
        plan.cmd()
            .args(["set", "hs-1", "--title", "Mine"])
            .env("PLAN_LOCK_WAIT", "0"),
    );
}

#[test]
fn done_on_an_already_done_action_keeps_its_date_unless_asked() {
    let plan = two_priorities();
    stdout(plan.cmd().args(["done", "hs-1", "--on", "2004-03-01"]));
    let before = files(plan.root());
    let (code, stderr) = stderr_of(plan.cmd().args(["done", "hs-1"]));
    assert_eq!(code, Some(2));
    assert_eq!(
        stderr,
        "error: hs-1 is already done on 2004-03-01; nothing was written\nhelp: pass --replace-date to record 2004-05-01 as its done date instead\n"
    );
    assert_eq!(files(plan.root()), before);
    let out = stdout(plan.cmd().args(["done", "hs-1", "--replace-date"]));
    assert_eq!(out, "hs-1: done on 2004-05-01\n");
    let text = std::fs::read_to_string(plan.plan_dir().join("a/hs.toml")).unwrap();
    assert!(
        text.ends_with("status = \"done\"\ndone_on = 2004-05-01\n"),
        "{text}"
    );
}

#[test]
fn drop_on_a_done_action_removes_its_done_date() {
    let plan = two_priorities();
    stdout(plan.cmd().args(["done", "hs-1", "--on", "2004-03-01"]));
    let out = stdout(plan.cmd().args(["drop", "hs-1", "--reason", "Superseded"]));
    assert_eq!(
        out,
        "hs-1: dropped on 2004-05-01 (its done_on 2004-03-01 removed)\n"
    );
    let text = std::fs::read_to_string(plan.plan_dir().join("a/hs.toml")).unwrap();
    assert!(!text.contains("done_on"), "{text}");
    assert!(text.contains("status = \"dropped\"\n"), "{text}");
    stdout(plan.cmd().arg("check"));
}

#[test]
fn add_id_counter_does_not_wrap_at_u64_max() {
    let plan = TestPlan::new();
    plan.write(
        "a/hs.toml",
        "[priority]\nid = \"hs\"\ntitle = \"Housing\"\nowners = [\"Director of Housing\"]\ndue = \"2005\"\n\n[[action]]\nid = \"hs-18446744073709551615\"\ntitle = \"Last\"\n",
    );
    let out = stdout(plan.cmd().args(["add", "hs", "--title", "Next"]));
    assert_eq!(out, "hs-18446744073709551616: added to hs \"Next\"\n");
    let max = u128::MAX;
    plan.write(
        "a/hs.toml",
        &format!("[priority]\nid = \"hs\"\ntitle = \"Housing\"\nowners = [\"Director of Housing\"]\ndue = \"2005\"\n\n[[action]]\nid = \"hs-{max}\"\ntitle = \"Last\"\n"),
    );
    let before = files(plan.root());
    let (code, stderr) = stderr_of(plan.cmd().args(["add", "hs", "--title", "Next"]));
    assert_eq!(code, Some(2));
    assert_eq!(
        stderr,
        format!(
            "error: cannot number a new action after hs-{max}: the number is too large\nhelp: give the id with --id\n"
        )
    );
    assert_eq!(files(plan.root()), before);
}

#[test]
fn init_inside_an_existing_plans_sub_folder_is_refused() {
    let plan = two_priorities();
    let before = files(plan.root());
    let inner = plan.plan_dir().join("a");
    let (code, stderr) = stderr_of(
        common::plan_cmd()
            .args(["init", "--organisation", "Inner"])
            .arg(&inner),
    );
    assert_eq!(code, Some(2), "{stderr}");
    let outer = plan.plan_dir().canonicalize().unwrap();
    assert!(
        stderr.contains(&format!(
            "is inside the plan folder {} (it has plan.toml)",
            outer.display()
        )),
        "{stderr}"
    );
    assert_eq!(files(plan.root()), before);
    stdout(plan.cmd().arg("check"));
}

/// `sh -c 'ulimit -f 1; exec plan ...'`: a 512-byte file size limit, SIGXFSZ left as the
/// kernel sets it (killing the process) so a write past the limit would show as a signal.
#[cfg(unix)]
fn under_size_limit(plan: &TestPlan, args: &[&str]) -> std::process::Output {
    std::process::Command::new("sh")
        .arg("-c")
        .arg("ulimit -f 1; exec \"$@\"")
        .arg("sh")
        .arg(env!("CARGO_BIN_EXE_plan"))
        .arg("--plan")
        .arg(plan.plan_dir())
        .args(["--today", "2004-05-01"])
        .args(args)
        .env_remove("PLAN_DIR")
        .env_remove("PLAN_TODAY")
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[cfg(unix)]
#[test]
fn sigxfsz_under_ulimit_is_exit_2_with_a_message_and_no_temp_file() {
    let plan = two_priorities();
    let padding = format!("# {}\n", "x".repeat(600));
    plan.write("a/hs.toml", &format!("{padding}{}", TWO_PRIORITIES[0].1));
    let before = files(plan.root());
    let out = under_size_limit(&plan, &["set", "hs-1", "--title", "Repairs now"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(2),
        "killed by a signal? {:?} {stderr}",
        out.status
    );
    let path = plan.plan_dir().join("a/hs.toml").canonicalize().unwrap();
    assert!(
        stderr.contains(&format!(
            "cannot write {}: File too large: ",
            plan.plan_dir().join("a/hs.toml").display()
        )) || stderr.contains(&format!(
            "cannot write {}: File too large: ",
            path.display()
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("over the file size limit of 512 bytes (ulimit -f)"),
        "{stderr}"
    );
    assert_eq!(
        files(plan.root()),
        before,
        "no temporary file, nothing changed"
    );
}

#[cfg(unix)]
#[test]
fn multi_file_all_or_nothing_when_one_file_cannot_be_written() {
    // `waive --all` changes both files; the second is over the size limit, so neither changes.
    let plan = TestPlan::new();
    plan.write(
        "a/hs.toml",
        "[priority]\nid = \"hs\"\ntitle = \"Housing\"\nowners = [\"Director of Housing\"]\n\n[[action]]\nid = \"hs-1\"\ntitle = \"Repairs\"\n",
    );
    let padding = format!("# {}\n", "x".repeat(500));
    plan.write(
        "b/ed.toml",
        &format!("{padding}[priority]\nid = \"ed\"\ntitle = \"Education\"\nowners = [\"Chief Executive\"]\n\n[[action]]\nid = \"ed-1\"\ntitle = \"Schools\"\n"),
    );
    let before = files(plan.root());
    let out = under_size_limit(
        &plan,
        &[
            "waive",
            "--all",
            "--rule",
            "missing-date",
            "--reason",
            "Not yet agreed",
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("; nothing was changed (no file of this command was written, or each was put back as it was)"),
        "{stderr}"
    );
    assert_eq!(files(plan.root()), before);
    let out = stdout(plan.cmd().args([
        "waive",
        "--all",
        "--rule",
        "missing-date",
        "--reason",
        "Not yet agreed",
    ]));
    assert_eq!(out, "waived missing-date on 2 items\n");
}

#[cfg(unix)]
#[test]
fn hard_links_are_refused_and_mode_is_kept() {
    use std::os::unix::fs::PermissionsExt as _;
    let plan = two_priorities();
    let path = plan.plan_dir().join("a/hs.toml");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    stdout(plan.cmd().args(["set", "hs-1", "--title", "Private"]));
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
    std::fs::hard_link(&path, plan.root().join("copy.toml")).unwrap();
    let before = files(plan.root());
    let (code, stderr) = stderr_of(plan.cmd().args(["set", "hs-1", "--title", "Split"]));
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("it has 2 names (hard links), and replacing it would split them: the other names would keep the old text"),
        "{stderr}"
    );
    assert_eq!(files(plan.root()), before);
}

#[cfg(unix)]
#[test]
fn owner_and_group_are_kept_when_root_edits() {
    use std::os::unix::fs::MetadataExt as _;
    let plan = two_priorities();
    let path = plan.plan_dir().join("a/hs.toml");
    if std::os::unix::fs::chown(&path, Some(4242), Some(4343)).is_err() {
        // Not root: only root can give a file away, and then nothing here changes owners.
        let own = std::fs::metadata(&path).unwrap();
        stdout(plan.cmd().args(["set", "hs-1", "--title", "Mine"]));
        let after = std::fs::metadata(&path).unwrap();
        assert_eq!((after.uid(), after.gid()), (own.uid(), own.gid()));
        return;
    }
    stdout(plan.cmd().args(["set", "hs-1", "--title", "Theirs"]));
    let meta = std::fs::metadata(&path).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (4242, 4343));
}

#[cfg(unix)]
#[test]
fn output_via_symlink_and_dot_dot_never_reaches_the_plan() {
    let plan = two_priorities();
    std::os::unix::fs::symlink(plan.plan_dir().join("a"), plan.root().join("lnk")).unwrap();
    let before = files(plan.root());
    for target in [
        "lnk/../plan.toml",
        "lnk/../b/ed.toml",
        "lnk/new/../x.ics",
        "lnk/../../plan/owners.toml",
    ] {
        let path = plan.root().join(target);
        let (code, stderr) = stderr_of(plan.cmd().args(["calendar", "-o"]).arg(&path));
        assert_eq!(code, Some(2), "{target}: {stderr}");
        assert!(
            stderr.contains("it is inside the plan folder"),
            "{target}: {stderr}"
        );
        assert_eq!(files(plan.root()), before, "{target}");
    }
    // The same path read as text would be outside the plan: `lnk/..` is the root here.
    let (code, _) = stderr_of(
        plan.cmd()
            .args(["report", "--format", "markdown", "-o"])
            .arg(plan.root().join("lnk/../r.md")),
    );
    assert_eq!(code, Some(2));
    assert_eq!(files(plan.root()), before);
}

#[cfg(unix)]
#[test]
fn man_pages_never_reach_the_plan_through_the_folder_or_a_link_in_it() {
    let plan = two_priorities();
    let before = files(plan.root());
    // Into the plan folder itself: refused, no page written.
    let (code, stderr) = stderr_of(
        plan.cmd()
            .args(["man", "--output-dir"])
            .arg(plan.plan_dir().join("a")),
    );
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("it is inside the plan folder"), "{stderr}");
    assert_eq!(files(plan.root()), before);
    // A folder outside whose `plan-list.1` is a link to a plan file: refused before any
    // page (not even plan.1, written first) is written.
    let man = plan.root().join("man");
    std::fs::create_dir(&man).unwrap();
    std::os::unix::fs::symlink(plan.plan_dir().join("plan.toml"), man.join("plan-list.1")).unwrap();
    let before = files(plan.root());
    let (code, stderr) = stderr_of(plan.cmd().args(["man", "--output-dir"]).arg(&man));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("plan-list.1"), "{stderr}");
    assert_eq!(files(plan.root()), before);
    assert!(!man.join("plan.1").exists());
}

#[cfg(unix)]
#[test]
fn output_onto_fifo_device_or_proc_fd_is_written_directly() {
    use std::os::unix::fs::FileTypeExt as _;
    let plan = two_priorities();
    // /dev/null: written to (as a normal user the temporary file in /dev failed; as root it
    // replaced the device), still the device afterwards.
    let out = stdout(plan.cmd().args(["calendar", "-o", "/dev/null"]));
    assert_eq!(out, "");
    assert!(
        std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    // /proc/self/fd/1 is the command's stdout (a pipe here): the feed arrives there.
    if Path::new("/proc/self/fd/1").exists() {
        let out = stdout(plan.cmd().args(["calendar", "-o", "/proc/self/fd/1"]));
        assert!(out.starts_with("BEGIN:VCALENDAR\r\n"), "{out}");
    }
    // A FIFO: the reader gets the feed, and the FIFO stays a FIFO.
    let fifo = plan.root().join("feed.fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    stdout(plan.cmd().args(["calendar", "-o"]).arg(&fifo));
    let read = reader.join().unwrap();
    assert!(read.starts_with("BEGIN:VCALENDAR\r\n"), "{read}");
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
    // Nothing else written beside it (the FIFO is not read: that would block).
    let mut names: Vec<String> = std::fs::read_dir(plan.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["feed.fifo", "plan"]);
}

const IMPORT_CSV: &str = "Priority,Actions,Owner,Date\nParks,Plant trees,New Role,April 2005\n";

#[cfg(unix)]
#[test]
fn import_into_a_hidden_folder_or_a_link_leaving_the_plan_is_refused() {
    let plan = two_priorities();
    std::fs::write(plan.root().join("actions.csv"), IMPORT_CSV).unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path(), plan.plan_dir().join("out")).unwrap();
    // A link inside the plan that leads into a hidden folder is a hidden folder too.
    std::fs::create_dir(plan.plan_dir().join(".drafts")).unwrap();
    std::os::unix::fs::symlink(".drafts", plan.plan_dir().join("to-drafts")).unwrap();
    std::os::unix::fs::symlink("a", plan.plan_dir().join("to-a")).unwrap();
    let before = files(plan.root());
    for into in [
        ".hidden",
        "a/.drafts",
        "to-drafts",
        "to-drafts/x",
        "to-a/../.drafts",
        "out",
        "out/x",
        "to-a/../../x",
        "..",
    ] {
        let (code, stderr) = stderr_of(
            plan.cmd()
                .args(["import"])
                .arg(plan.root().join("actions.csv"))
                .args(["--into", into]),
        );
        assert_eq!(code, Some(2), "{into}: {stderr}");
        let why = if ["out", "out/x", "to-a/../../x", ".."].contains(&into) {
            "it leads outside the plan folder, where the plan never reads; nothing was written"
        } else {
            "it is in a hidden folder, which the plan loader skips, so nothing written there would be read; nothing was written"
        };
        assert!(
            stderr.starts_with(&format!("error: invalid --into {into}: ")),
            "{into}: {stderr}"
        );
        assert!(stderr.contains(why), "{into}: {stderr}");
        assert_eq!(files(plan.root()), before, "{into}");
        assert_eq!(
            std::fs::read_dir(outside.path()).unwrap().count(),
            0,
            "{into}"
        );
    }
}

#[cfg(unix)]
#[test]
fn owners_toml_link_leaving_the_plan_is_never_appended_to() {
    let plan = two_priorities();
    let outside = tempfile::tempdir().unwrap();
    let roster = outside.path().join("owners.toml");
    std::fs::rename(plan.plan_dir().join("owners.toml"), &roster).unwrap();
    std::os::unix::fs::symlink(&roster, plan.plan_dir().join("owners.toml")).unwrap();
    std::fs::write(plan.root().join("actions.csv"), IMPORT_CSV).unwrap();
    let before = std::fs::read(&roster).unwrap();
    let (code, stderr) = stderr_of(
        plan.cmd()
            .args(["import"])
            .arg(plan.root().join("actions.csv")),
    );
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("owners.toml: it leads outside the plan folder"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&roster).unwrap(), before);
    assert!(!plan.plan_dir().join("actions").exists());
}

#[cfg(unix)]
#[test]
fn no_edit_writes_through_an_owners_toml_link_leaving_the_plan() {
    let plan = two_priorities();
    let outside = tempfile::tempdir().unwrap();
    let roster = outside.path().join("owners.toml");
    std::fs::rename(plan.plan_dir().join("owners.toml"), &roster).unwrap();
    std::os::unix::fs::symlink(&roster, plan.plan_dir().join("owners.toml")).unwrap();
    let before = std::fs::read(&roster).unwrap();
    for args in [
        &["role", "add", "Clerk to the Council"][..],
        &["role", "add", "Clerk to the Council", "--dry-run"],
    ] {
        let (code, stderr) = stderr_of(plan.cmd().args(args));
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("owners.toml: it leads outside the plan folder"),
            "{args:?}: {stderr}"
        );
        assert_eq!(std::fs::read(&roster).unwrap(), before, "{args:?}");
        assert!(plan.plan_dir().join("owners.toml").is_symlink());
    }
}

#[test]
fn a_refused_commit_hook_says_the_file_was_changed_and_staged() {
    let plan = two_priorities();
    let root = plan.root();
    let repo = plan.git();
    repo.commit_at("plan", "2004-05-01T10:00:00+0000");
    let hook = root.join(".git/hooks/pre-commit");
    std::fs::write(&hook, "#!/bin/sh\necho 'hook says no' >&2\nexit 1\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let (code, stderr) = stderr_of(
        plan.cmd()
            .args(["set", "hs-1", "--title", "Hooked", "--commit"]),
    );
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.starts_with("error: the change is written to plan/a/hs.toml and staged, but not committed: git failed: "),
        "{stderr}"
    );
    let text = std::fs::read_to_string(plan.plan_dir().join("a/hs.toml")).unwrap();
    assert!(text.contains("title = \"Hooked\""), "{text}");
    assert_eq!(
        repo.git(&["diff", "--cached", "--name-only"]),
        "plan/a/hs.toml"
    );
}

#[test]
fn crlf_and_no_final_newline_files_are_edited_in_their_own_style() {
    let plan = two_priorities();
    let (path, text) = TWO_PRIORITIES[0];
    let crlf = text.replace('\n', "\r\n");
    plan.write(path, &crlf);
    stdout(plan.cmd().args(["set", "hs-1", "--title", "Roof repairs"]));
    stdout(
        plan.cmd()
            .args(["update", "hs-1", "Surveyed", "--on", "2004-04-01"]),
    );
    let after = std::fs::read_to_string(plan.plan_dir().join(path)).unwrap();
    let expected = crlf.replace("\"Repairs\"", "\"Roof repairs\"")
        + "\r\n[[action.update]]\r\ndate = 2004-04-01\r\nnote = \"Surveyed\"\r\n";
    assert_eq!(after, expected);

    let (path, text) = TWO_PRIORITIES[1];
    let cut = text.trim_end_matches('\n');
    plan.write(path, cut);
    stdout(plan.cmd().args(["set", "ed-1", "--title", "New schools"]));
    let after = std::fs::read_to_string(plan.plan_dir().join(path)).unwrap();
    assert_eq!(after, cut.replace("\"Schools\"", "\"New schools\""));
}

#[test]
fn mixed_line_endings_are_refused_saying_why() {
    let plan = two_priorities();
    let (path, text) = TWO_PRIORITIES[0];
    let mixed = text.replacen('\n', "\r\n", 2);
    plan.write(path, &mixed);
    let (code, stderr) = stderr_of(plan.cmd().args(["set", "hs-1", "--title", "X"]));
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains(
            "its lines end in a mix of CRLF (Windows) and LF; save it with one kind of line ending"
        ),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(plan.plan_dir().join(path)).unwrap(),
        mixed
    );
}

const THREE_PRIORITIES_CSV: &str = "Priority,Actions,Owner,Date\nParks,Plant trees,Chief Executive,April 2005\nRoads,Fill holes,Chief Executive,May 2005\nLibraries,Open more,Chief Executive,June 2005\n";
const LIBRARIES_GONE_CSV: &str = "Priority,Actions,Owner,Date\nParks,Plant trees,Chief Executive,April 2005\nRoads,Fill holes,Chief Executive,May 2005\n";

/// The plan's action ids (`plan list --format json`), sorted.
fn action_ids(plan: &TestPlan) -> Vec<String> {
    let mut ids = common::ids(&json_of(plan, &["list"]));
    ids.sort();
    ids
}

#[test]
fn import_force_after_a_priority_left_the_sheet_removes_only_the_earlier_imports_files() {
    let plan = two_priorities();
    let csv = plan.root().join("actions.csv");
    std::fs::write(&csv, THREE_PRIORITIES_CSV).unwrap();
    stdout(plan.cmd().arg("import").arg(&csv));
    let folder = plan.plan_dir().join("actions");
    // Beside the import: a file written by hand, a file another sheet's import wrote, and a
    // link; none of them is the earlier import's, so none is ever removed.
    std::fs::write(
        folder.join("04-mine.toml"),
        "[priority]\nid = \"mine\"\ntitle = \"Mine\"\nowners = [\"Chief Executive\"]\ndue = \"2005\"\n",
    )
    .unwrap();
    std::fs::write(
        folder.join("05-other.toml"),
        "# Imported by `plan import` from other.csv.\n\n[priority]\nid = \"other\"\ntitle = \"Other\"\nowners = [\"Chief Executive\"]\ndue = \"2005\"\n",
    )
    .unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("../a/hs.toml", folder.join("06-link.toml")).unwrap();
    let ids = |plan: &TestPlan| action_ids(plan);
    assert_eq!(
        ids(&plan),
        ["ed-1", "hs-1", "libraries-1", "parks-1", "roads-1"]
    );

    // The middle priority leaves the sheet: without --force nothing is written, and the
    // refusal names the file that --force would remove.
    std::fs::write(
        &csv,
        "Priority,Actions,Owner,Date\nParks,Plant trees,Chief Executive,April 2005\nLibraries,Open more,Chief Executive,June 2005\n",
    )
    .unwrap();
    let before = files(plan.root());
    let (code, stderr) = stderr_of(plan.cmd().arg("import").arg(&csv));
    assert_eq!(code, Some(2), "{stderr}");
    let shown = |name: &str| folder.join(name).display().to_string();
    assert_eq!(
        stderr,
        format!(
            "error: nothing imported: 3 files already exist:\n  {}\n  {}\n  {}\nhelp: pass --force to replace them, or --into another folder\n",
            shown("01-parks.toml"),
            shown("02-roads.toml")
                + " (an earlier import of actions.csv wrote it, and this sheet no longer makes it: --force removes it)",
            shown("03-libraries.toml")
                + " (an earlier import of actions.csv wrote it, and this sheet no longer makes it: --force removes it)",
        )
    );
    assert_eq!(files(plan.root()), before);

    // --dry-run says what --force would remove, and writes nothing.
    let dry = stdout(
        plan.cmd()
            .arg("import")
            .arg(&csv)
            .args(["--force", "--dry-run"]),
    );
    assert!(
        dry.ends_with("Would write:\n  plan/actions/01-parks.toml (replaces the existing file)\n  plan/actions/02-libraries.toml\nWould remove (an earlier import of actions.csv wrote them; the sheet no longer makes them):\n  plan/actions/02-roads.toml\n  plan/actions/03-libraries.toml\ndry run: nothing written\n"),
        "{dry}"
    );
    assert_eq!(files(plan.root()), before);

    // --force: the gone priority's file is removed in the same write, and listed.
    let forced = stdout(plan.cmd().arg("import").arg(&csv).arg("--force"));
    assert!(
        forced.ends_with("Wrote:\n  plan/actions/01-parks.toml (replaces the existing file)\n  plan/actions/02-libraries.toml\nRemoved (an earlier import of actions.csv wrote them; the sheet no longer makes them):\n  plan/actions/02-roads.toml\n  plan/actions/03-libraries.toml\n"),
        "{forced}"
    );
    assert_eq!(ids(&plan), ["ed-1", "hs-1", "libraries-1", "parks-1"]);
    let mut left: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    let mut expected = vec![
        "01-parks.toml",
        "02-libraries.toml",
        "04-mine.toml",
        "05-other.toml",
    ];
    if cfg!(unix) {
        expected.push("06-link.toml");
    }
    assert_eq!(left, expected);
    assert_eq!(
        std::fs::read_to_string(plan.plan_dir().join("a/hs.toml")).unwrap(),
        TWO_PRIORITIES[0].1
    );

    // The last priority leaves the sheet: its file goes too (it used to stay, its actions
    // still listed, and overdue).
    std::fs::write(
        &csv,
        LIBRARIES_GONE_CSV.replace("Roads,Fill holes,Chief Executive,May 2005\n", ""),
    )
    .unwrap();
    let forced = stdout(plan.cmd().arg("import").arg(&csv).arg("--force"));
    assert!(
        forced.ends_with("Removed (an earlier import of actions.csv wrote it; the sheet no longer makes it):\n  plan/actions/02-libraries.toml\n"),
        "{forced}"
    );
    assert_eq!(ids(&plan), ["ed-1", "hs-1", "parks-1"]);
}

#[test]
fn import_into_a_link_inside_the_plan_writes_where_it_leads() {
    let plan = two_priorities();
    std::fs::write(plan.root().join("actions.csv"), THREE_PRIORITIES_CSV).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("a", plan.plan_dir().join("to-a")).unwrap();
    #[cfg(not(unix))]
    std::fs::create_dir(plan.plan_dir().join("to-a")).unwrap();
    // `..` that stays inside the plan is a folder inside the plan.
    let out = stdout(
        plan.cmd()
            .arg("import")
            .arg(plan.root().join("actions.csv"))
            .args(["--into", "b/../imported"]),
    );
    assert!(
        out.ends_with("Wrote:\n  plan/imported/01-parks.toml\n  plan/imported/02-roads.toml\n  plan/imported/03-libraries.toml\n"),
        "{out}"
    );
    #[cfg(unix)]
    {
        let csv = plan.root().join("roads.csv");
        std::fs::write(
            &csv,
            "Priority,Actions,Owner,Date\nStreets,Sweep,Chief Executive,May 2005\n",
        )
        .unwrap();
        let out = stdout(plan.cmd().arg("import").arg(&csv).args(["--into", "to-a"]));
        assert!(out.ends_with("Wrote:\n  plan/a/01-streets.toml\n"), "{out}");
        // Again with --force through the link: the same file is replaced, not a duplicate.
        let out = stdout(
            plan.cmd()
                .arg("import")
                .arg(&csv)
                .args(["--into", "to-a", "--force"]),
        );
        assert!(
            out.ends_with("Wrote:\n  plan/a/01-streets.toml (replaces the existing file)\n"),
            "{out}"
        );
        assert_eq!(
            action_ids(&plan),
            [
                "ed-1",
                "hs-1",
                "libraries-1",
                "parks-1",
                "roads-1",
                "streets-1"
            ]
        );
    }
}

#[cfg(unix)]
#[test]
fn a_lock_file_that_is_a_link_fifo_or_hard_link_is_never_written_through() {
    let plan = two_priorities();
    let lock = plan.plan_dir().join(".plan.lock");
    let plant: [(&str, &dyn Fn()); 3] = [
        ("a symbolic link", &|| {
            std::os::unix::fs::symlink("a/hs.toml", &lock).unwrap();
        }),
        ("a file with 2 names (hard links)", &|| {
            std::fs::hard_link(plan.plan_dir().join("a/hs.toml"), &lock).unwrap();
        }),
        ("not a regular file", &|| {
            let made = std::process::Command::new("mkfifo")
                .arg(&lock)
                .status()
                .unwrap();
            assert!(made.success());
        }),
    ];
    for (what, plant) in plant {
        plant();
        let before = files(plan.root());
        let (code, stderr) = stderr_of(
            plan.cmd()
                .args(["set", "hs-1", "--title", "Mine"])
                .env("PLAN_LOCK_WAIT", "0"),
        );
        assert_eq!(code, Some(2), "{what}: {stderr}");
        assert_eq!(
            stderr,
            format!(
                "error: cannot take the plan's write lock: {} is {what}, not a lock file of its own, and is never written through; nothing was written\nhelp: remove it (it holds nothing of the plan) and run this again\n",
                lock.display()
            )
        );
        // The plan file it leads to or shares a name with is as it was, and so is the link.
        assert_eq!(files(plan.root()), before, "{what}");
        assert_eq!(
            std::fs::read_to_string(plan.plan_dir().join("a/hs.toml")).unwrap(),
            TWO_PRIORITIES[0].1
        );
        std::fs::remove_file(&lock).unwrap();
    }
    stdout(plan.cmd().args(["set", "hs-1", "--title", "Mine"]));
    assert!(!lock.exists());
}

/// `sh -c 'ulimit -f BLOCKS; exec plan ARGS > STDOUT'`, SIGXFSZ as the kernel sets it.
#[cfg(unix)]
fn with_file_size_limit(
    plan: &TestPlan,
    blocks: u32,
    stdout_to: Option<&Path>,
    args: &[&str],
) -> std::process::Output {
    let mut cmd = std::process::Command::new("sh");
    cmd.arg("-c")
        .arg(format!("ulimit -f {blocks}; exec \"$@\""))
        .arg("sh")
        .arg(env!("CARGO_BIN_EXE_plan"))
        .arg("--plan")
        .arg(plan.plan_dir())
        .args(["--today", "2004-05-01"])
        .args(args)
        .env_remove("PLAN_DIR")
        .env_remove("PLAN_TODAY")
        .env("NO_COLOR", "1");
    if let Some(path) = stdout_to {
        cmd.stdout(std::fs::File::create(path).unwrap());
    }
    cmd.output().unwrap()
}

#[cfg(unix)]
#[test]
fn sigxfsz_never_kills_a_command_stdout_to_a_file_or_a_limit_of_zero() {
    let plan = two_priorities();
    let before = files(plan.root());
    // A limit of 0: not even the lock file's line can be written; stderr is a pipe.
    let out = with_file_size_limit(&plan, 0, None, &["set", "hs-1", "--title", "Mine"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{:?} {stderr}", out.status);
    assert!(
        stderr.contains("File too large: ") && stderr.contains("(ulimit -f); nothing was written"),
        "{stderr}"
    );
    assert_eq!(
        files(plan.root()),
        before,
        "no lock file, no temporary file"
    );
    // stdout redirected to a file: the answer past the limit is an error, not a signal.
    let outside = tempfile::tempdir().unwrap();
    let report = outside.path().join("report.md");
    let out = with_file_size_limit(&plan, 1, Some(&report), &["report"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{:?} {stderr}", out.status);
    assert_eq!(
        stderr,
        "error: cannot write output: File too large (os error 27)\n"
    );
}

#[cfg(unix)]
#[test]
fn import_onto_a_fifo_never_blocks() {
    let plan = two_priorities();
    let csv = plan.root().join("actions.csv");
    std::fs::write(&csv, IMPORT_CSV).unwrap();
    let mkfifo = |path: &Path| {
        let made = std::process::Command::new("mkfifo")
            .arg(path)
            .status()
            .unwrap();
        assert!(made.success());
    };
    // A FIFO where a priority file is to go, then in place of owners.toml (which the import
    // adds a role to): refused at once, nothing written; reading either would block.
    std::fs::create_dir(plan.plan_dir().join("actions")).unwrap();
    let fifo = plan.plan_dir().join("actions/01-parks.toml");
    mkfifo(&fifo);
    let before = files(plan.root());
    let (code, stderr) = stderr_of(
        plan.cmd()
            .arg("import")
            .arg(&csv)
            .timeout(std::time::Duration::from_secs(20)),
    );
    assert_eq!(code, Some(2), "{stderr}");
    assert_eq!(
        stderr,
        format!(
            "error: cannot edit {}: it is not a regular file; nothing was written\n",
            fifo.display()
        )
    );
    assert_eq!(files(plan.root()), before);
    std::fs::remove_file(&fifo).unwrap();
    let owners = plan.plan_dir().join("owners.toml");
    std::fs::remove_file(&owners).unwrap();
    mkfifo(&owners);
    let (code, _) = stderr_of(
        plan.cmd()
            .arg("check")
            .timeout(std::time::Duration::from_secs(20)),
    );
    assert_eq!(code, Some(1));
    let said = plan
        .cmd()
        .arg("check")
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&said.stdout)
            .contains("no roster: plan/owners.toml is not a regular file (not read), so no owner can be recognised"),
        "{said:?}"
    );
    let (code, stderr) = stderr_of(
        plan.cmd()
            .arg("import")
            .arg(&csv)
            .timeout(std::time::Duration::from_secs(20)),
    );
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.ends_with(&format!(
            "error: cannot edit {}: it is not a regular file; nothing was written\n",
            owners.display()
        )),
        "{stderr}"
    );
}

#[test]
fn drop_on_an_already_dropped_action_is_refused() {
    let plan = two_priorities();
    stdout(plan.cmd().args(["drop", "hs-1", "--reason", "Superseded"]));
    let before = files(plan.root());
    let (code, stderr) = stderr_of(plan.cmd().args(["drop", "hs-1", "--reason", "Again"]));
    assert_eq!(code, Some(2));
    assert_eq!(
        stderr,
        "error: hs-1 is already dropped; nothing was written\nhelp: add a note to it with `plan update hs-1 \"...\"`\n"
    );
    assert_eq!(files(plan.root()), before);
}
