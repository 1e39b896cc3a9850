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
