//! Byte-for-byte snapshots of the machine-readable outputs on a frozen copy of the seed plan
//! (and the hostile fixture), as at a fixed day: the JSON of `list`, `owner`, `owners`, `priorities`, `show`, and
//! the report's CSV, Markdown and HTML. They pin the output contract while the code behind it is
//! reshaped; a change to any of them must be deliberate.
//!
//! To accept an intended change: `UPDATE_SNAPSHOTS=1 cargo test --test snapshots`, then review
//! the diff of `tests/snapshots/` like any other change.

mod common;

use std::path::Path;

const TODAY: &str = "2004-05-01";
/// A frozen copy of the seed plan, so that improving `plan/` does not churn these snapshots.
const SEED: &str = "tests/fixtures/snapshot/plan";

fn check(name: &str, dir: &str, args: &[&str]) {
    let mut cmd = common::plan_cmd();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["--plan", dir, "--today", TODAY])
        .args(args);
    let got = common::stdout(&mut cmd);
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &got).unwrap();
        return;
    }
    let want =
        std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
    assert!(
        got == want,
        "`plan {}` differs from {}; first differing line:\n{:?}",
        args.join(" "),
        path.display(),
        got.lines()
            .zip(want.lines())
            .find(|(g, w)| g != w)
            .or(Some(("(length differs)", "")))
    );
}

#[test]
fn list_json() {
    check(
        "list-all.json",
        SEED,
        &["list", "--all", "--format", "json"],
    );
    check(
        "list-hostile.json",
        "tests/fixtures/hostile/plan",
        &["list", "--all", "--format", "json"],
    );
}

#[test]
fn owner_json() {
    check(
        "owner-corporate-directors.json",
        SEED,
        &["owner", "Corporate Directors", "--all", "--format", "json"],
    );
    check(
        "owner-chief-executive.json",
        SEED,
        &["owner", "Chief Executive", "--format", "json"],
    );
}

#[test]
fn owners_and_priorities_json() {
    check("owners.json", SEED, &["owners", "--format", "json"]);
    check("priorities.json", SEED, &["priorities", "--format", "json"]);
}

#[test]
fn show_json() {
    check("show-rn.json", SEED, &["show", "rn", "--format", "json"]);
    check(
        "show-rn-3.json",
        SEED,
        &["show", "rn-3", "--format", "json"],
    );
    check(
        "show-cc-1.json",
        SEED,
        &["show", "cc-1", "--format", "json"],
    );
}

#[test]
fn report_csv_and_markdown() {
    check("report.csv", SEED, &["report", "--format", "csv"]);
    check("report.md", SEED, &["report", "--format", "markdown"]);
    check("report.html", SEED, &["report", "--format", "html"]);
    check(
        "report-hostile.csv",
        "tests/fixtures/hostile/plan",
        &["report", "--format", "csv"],
    );
}
