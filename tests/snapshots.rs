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
    compare(name, &args.join(" "), &got);
}

/// `got` against the snapshot `name` (`what` says which command made it).
fn compare(name: &str, what: &str, got: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, got).unwrap();
        return;
    }
    let want =
        std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
    assert!(
        *got == want,
        "`plan {what}` differs from {}; first differing line:\n{:?}",
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

#[test]
fn calendar_ics() {
    check("calendar.ics", SEED, &["calendar"]);
    check(
        "calendar-hostile.ics",
        "tests/fixtures/hostile/plan",
        &["calendar"],
    );
}

/// The workbook as calamine reads it back, one line per non-empty cell: sheet, cell, kind,
/// value. Text, not the .xlsx bytes, so a change shows as a readable diff.
fn xlsx_cells(dir: &str, args: &[&str]) -> String {
    use calamine::{Data, Reader as _};
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("report.xlsx");
    common::stdout(
        common::plan_cmd()
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["--plan", dir, "--today", TODAY, "report", "-o"])
            .arg(&path)
            .args(args),
    );
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let mut dump = String::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        for (row, col, cell) in range.used_cells() {
            let (kind, value) = match cell {
                Data::String(s) => ("text", format!("{s:?}")),
                Data::Float(f) => ("number", f.to_string()),
                Data::Int(i) => ("number", i.to_string()),
                Data::DateTime(d) => (
                    "date",
                    d.as_datetime()
                        .map_or_else(|| d.to_string(), |t| t.date().to_string()),
                ),
                other => ("other", format!("{other:?}")),
            };
            let (r, c) = (
                row as u32 + range.start().unwrap().0,
                col as u32 + range.start().unwrap().1,
            );
            dump.push_str(&format!("{name}!R{}C{} {kind} {value}\n", r + 1, c + 1));
        }
    }
    dump
}

#[test]
fn report_xlsx_cells() {
    compare(
        "report-xlsx.txt",
        "report -o report.xlsx",
        &xlsx_cells(SEED, &[]),
    );
    compare(
        "report-hostile-xlsx.txt",
        "report -o report.xlsx (hostile)",
        &xlsx_cells("tests/fixtures/hostile/plan", &[]),
    );
}

/// `show PRIORITY --format json` is the priority's `priorities --format json` row with
/// `"kind": "priority"` in front: one shape, where `actions` was a list in one and a count
/// in the other (issue #25). `actions` lists the direct actions; `actions_total` counts
/// nested priorities' too.
#[test]
fn show_and_priorities_give_one_priority_shape() {
    let json = |dir: &str, args: &[&str]| {
        common::json(
            common::plan_cmd()
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .args(["--plan", dir, "--today", TODAY])
                .args(args),
        )
    };
    for dir in [SEED, "tests/fixtures/hostile/plan"] {
        let rows = json(dir, &["priorities", "--format", "json"]);
        for row in rows.as_array().unwrap() {
            let id = row["id"].as_str().unwrap();
            let mut shown = json(dir, &["show", id, "--format", "json"]);
            assert_eq!(shown["kind"], "priority", "{dir} {id}");
            shown.as_object_mut().unwrap().remove("kind");
            assert_eq!(
                &shown, row,
                "{dir}: show {id} and its priorities row differ"
            );
        }
    }
    let rows = json(SEED, &["priorities", "--format", "json"]);
    let cpa = rows.as_array().unwrap().iter().find(|r| r["id"] == "cpa");
    let cpa = cpa.unwrap();
    assert_eq!(cpa["actions"], serde_json::json!([]));
    assert_eq!(cpa["actions_total"], 37);
    assert_eq!(cpa["priorities"].as_array().unwrap().len(), 10);
    let hostile = json(
        "tests/fixtures/hostile/plan",
        &["show", "h", "--format", "json"],
    );
    assert_eq!(hostile["actions"].as_array().unwrap().len(), 6);
    assert_eq!(hostile["actions_total"], 9);
    assert_eq!(hostile["priorities"], serde_json::json!(["h-sub"]));
}
