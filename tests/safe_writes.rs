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
                out.insert(name, std::fs::read(&path).unwrap_or_default());
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
