//! `-o FILE` outputs (`plan report` in every format, `plan calendar`) are written through the
//! one atomic writer: a temporary file beside the target, then a rename. A write that fails
//! part way leaves the file that was there as it was, and nothing else behind.

mod common;

use std::path::Path;

/// Every `-o` output, with a name of its format.
const OUTPUTS: [(&str, &[&str]); 5] = [
    ("report.html", &["report"]),
    ("report.md", &["report"]),
    ("report.csv", &["report"]),
    ("report.xlsx", &["report"]),
    ("deadlines.ics", &["calendar"]),
];

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Runs `plan` on the seed plan under a file size limit of 512 bytes (`ulimit -f 1`, with
/// SIGXFSZ ignored so the write fails with EFBIG, as a full disk fails it): every output of
/// the seed plan is larger, so the write fails part way.
#[cfg(unix)]
fn plan_with_size_limit(args: &[&str], output: &Path) -> std::process::Output {
    let mut cmd = std::process::Command::new("sh");
    cmd.arg("-c")
        .arg("trap '' XFSZ; ulimit -f 1; exec \"$@\"")
        .arg("sh")
        .arg(env!("CARGO_BIN_EXE_plan"))
        .arg("--plan")
        .arg(common::seed_dir())
        .args(["--today", "2004-05-01"])
        .args(args)
        .arg("-o")
        .arg(output)
        .env_remove("PLAN_DIR")
        .env_remove("PLAN_TODAY")
        .env("NO_COLOR", "1");
    cmd.output().unwrap()
}

#[cfg(unix)]
#[test]
fn a_failed_write_leaves_the_existing_output_file_intact() {
    let dir = tempfile::tempdir().unwrap();
    for (name, args) in OUTPUTS {
        let path = dir.path().join(name);
        std::fs::write(&path, "the last good copy\n").unwrap();
        let out = plan_with_size_limit(args, &path);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
        assert!(
            stderr.contains(&format!("cannot write {}: File too large", path.display())),
            "{name}: {stderr}"
        );
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "the last good copy\n",
            "{name}"
        );
    }
    // No temporary file left behind.
    let mut want: Vec<String> = OUTPUTS.iter().map(|(n, _)| (*n).to_owned()).collect();
    want.sort();
    assert_eq!(names(dir.path()), want);
}

#[test]
fn an_existing_output_file_is_replaced_whole() {
    let dir = tempfile::tempdir().unwrap();
    for (name, args) in OUTPUTS {
        let path = dir.path().join(name);
        // Longer than any output: a file written in place would keep its tail.
        std::fs::write(&path, "x".repeat(2_000_000)).unwrap();
        let (code, stderr) = common::stderr_of(
            common::seed()
                .args(["--today", "2004-05-01"])
                .args(args)
                .arg("-o")
                .arg(&path),
        );
        assert_eq!(code, Some(0), "{name}: {stderr}");
        let fresh = dir.path().join(format!("fresh-{name}"));
        let (code, stderr) = common::stderr_of(
            common::seed()
                .args(["--today", "2004-05-01"])
                .args(args)
                .arg("-o")
                .arg(&fresh),
        );
        assert_eq!(code, Some(0), "{name}: {stderr}");
        assert_eq!(
            std::fs::read(&path).unwrap(),
            std::fs::read(&fresh).unwrap(),
            "{name}"
        );
    }
    assert_eq!(names(dir.path()).len(), 2 * OUTPUTS.len());
}

#[test]
fn outputs_inside_the_plan_folder_are_still_refused() {
    let plan = common::TestPlan::new();
    for (name, args) in OUTPUTS {
        let path = plan.plan_dir().join(name);
        let (code, stderr) = common::stderr_of(plan.cmd().args(args).arg("-o").arg(&path));
        assert_eq!(code, Some(2), "{name}");
        assert!(stderr.contains("refusing to write"), "{name}: {stderr}");
        assert!(!path.exists(), "{name}");
    }
    assert_eq!(names(&plan.plan_dir()), ["owners.toml", "plan.toml"]);
}
