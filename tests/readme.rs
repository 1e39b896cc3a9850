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
fn readme_check_summary_is_current() {
    let out = common::seed()
        .args(["check", "--today", "2004-05-01"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let last = stdout.lines().last().unwrap();
    assert_eq!(
        last,
        "failed: 38 errors, 8 warnings; 20 files checked (as at 2004-05-01)"
    );
    assert!(readme().contains(last));
}

#[test]
fn readme_shows_the_two_fresh_machine_commands() {
    let text = readme();
    assert!(text.contains("cargo run -- list --overdue"));
    assert!(text.contains("cargo test"));
}
