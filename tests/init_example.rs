//! `plan init`'s example priority is current on the day it is written (`--today`, else the
//! clock): its due dates are in the next financial year, its indicator's actuals are the
//! quarters of last and this financial year that have ended, each with a target, so a fresh
//! plan's only finding is the deliberate `missing-date` on ex-3, in any year.

mod common;

use std::path::Path;

fn init(dir: &Path, today: &str, extra: &[&str]) {
    let out = common::plan_cmd()
        .current_dir(dir)
        .args(["--today", today, "init", "--organisation", "Test Council"])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn plan_at(dir: &Path, today: &str, args: &[&str]) -> std::process::Output {
    common::plan_cmd()
        .arg("--plan")
        .arg(dir.join("plan"))
        .args(["--today", today])
        .args(args)
        .output()
        .unwrap()
}

/// The lines of the example that carry a date.
fn dated_lines(dir: &Path) -> Vec<String> {
    std::fs::read_to_string(dir.join("plan/example/01-example.toml"))
        .unwrap()
        .lines()
        .filter(|l| {
            l.starts_with("due = ")
                || l.starts_with("period = ")
                || l.starts_with("# date = ")
                || l.starts_with("# start = ")
                || l.starts_with("# `plan record")
                || l.contains("`plan init` ran")
        })
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_example_is_dated_from_the_day_it_is_written() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path(), "2027-05-20", &[]);
    assert_eq!(
        dated_lines(dir.path()),
        [
            "# from the day `plan init` ran (2027-05-20), so it is current on that day.",
            "due = \"March 2029\"",
            "# start = \"2027/28\"   # optional: recurring commitments (\"quarterly\") are not judged for",
            "due = \"2028/29 Q3\"",
            "# date = 2027-05-20",
            "due = \"TBC\"",
            "period = \"2026/27\"",
            "period = \"2027/28\"",
            "# `plan record ex-rent \"2027/28 Q1\" 97.9` adds the next one once the quarter has ended.",
            "period = \"2026/27 Q1\"",
            "period = \"2026/27 Q2\"",
            "period = \"2026/27 Q3\"",
            "period = \"2026/27 Q4\"",
            "period = \"2025/26\"",
        ]
    );
    let out = plan_at(dir.path(), "2027-05-20", &["indicators", "--format", "csv"]);
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "id,title,owners,period,actual,target,rag,vs previous,vs year before,quartile,late\n\
ex-rent,Rent collected as a percentage of rent due,Chief Executive,2026/27 Q4,98.2%,97.5%,green,improving,—,top,no\n"
    );
}

/// On any day, in any financial year layout: `check` finds only ex-3's "TBC", nothing is
/// overdue, and the indicator has no late data and no period still to come.
#[test]
fn a_fresh_example_is_valid_whenever_it_is_made() {
    let days = [
        "2025-04-01",
        "2026-03-31",
        "2026-11-15",
        "2027-01-01",
        "2027-04-01",
        "2027-10-31",
        "2031-02-28",
        "2040-12-31",
    ];
    for start in ["4", "1", "7", "12"] {
        for today in days {
            let dir = tempfile::tempdir().unwrap();
            init(dir.path(), today, &["--financial-year-start", start]);
            let check = plan_at(dir.path(), today, &["check", "--format", "json"]);
            assert_eq!(check.status.code(), Some(1), "{start} {today}");
            let findings: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
            let rules: Vec<(&str, &str)> = findings
                .as_array()
                .unwrap()
                .iter()
                .map(|f| (f["rule"].as_str().unwrap(), f["id"].as_str().unwrap()))
                .collect();
            assert_eq!(rules, [("missing-date", "ex-3")], "{start} {today}");
            let overdue = plan_at(
                dir.path(),
                today,
                &["list", "--overdue", "--format", "json"],
            );
            assert_eq!(
                String::from_utf8(overdue.stdout).unwrap(),
                "[]\n",
                "{start} {today}"
            );
            // No period of the series is late.
            let late = plan_at(
                dir.path(),
                today,
                &["indicators", "--late", "--format", "json"],
            );
            assert_eq!(
                String::from_utf8(late.stdout).unwrap(),
                "[]\n",
                "{start} {today}"
            );
        }
    }
}
