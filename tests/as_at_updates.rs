//! A progress update dated after the day asked about (`--today`) has not come in yet on that
//! day: recorded with `update --allow-future`, or since a committee date the pack is being
//! reproduced for. As at that day it is not the latest update, its rating is not the owner's,
//! it settles no chase and keeps nothing from going stale (issue #29: reports reproduce "as
//! at" a day). `show` still lists every update the file holds.

mod common;

use common::TestPlan;

/// hs-2: rated red on 10 Oct, then a note dated 20 Oct. hs-3: its only update is dated 20 Oct.
/// hs-4: updated 1 Aug, then 20 Oct.
fn plan() -> TestPlan {
    let plan = TestPlan::new();
    plan.write(
        "plan.toml",
        "title = \"Test plan\"\norganisation = \"Test Council\"\n\n[check]\nstale_after = \"60d\"\n",
    );
    plan.write(
        "housing.toml",
        r#"
[priority]
id = "hs"
title = "Homes"
owners = ["Director of Housing"]

[[action]]
id = "hs-2"
title = "Housing strategy"
due = "December 2025"

[[action.update]]
date = 2025-10-10
note = "Delayed by the by-election"
rag = "red"

[[action.update]]
date = 2025-10-20
note = "Back on track"
rag = "green"

[[action]]
id = "hs-3"
title = "Empty homes review"
due = "March 2026"

[[action.update]]
date = 2025-10-20
note = "Started"

[[action]]
id = "hs-4"
title = "Licensing scheme"
due = "March 2026"

[[action.update]]
date = 2025-08-01
note = "Consultation open"

[[action.update]]
date = 2025-10-20
note = "Consultation closed"
"#,
    );
    plan
}

fn run(plan: &TestPlan, today: &str, args: &[&str]) -> String {
    let mut cmd = common::plan_cmd();
    cmd.arg("--plan")
        .arg(plan.plan_dir())
        .args(["--today", today])
        .args(args);
    let out = cmd.output().unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn section<'a>(text: &'a str, heading: &str) -> &'a str {
    let start = text.find(heading).unwrap_or_else(|| panic!("{heading}"));
    let rest = &text[start..];
    &rest[..rest[heading.len()..]
        .find("\n## ")
        .map_or(rest.len(), |end| end + heading.len() + 1)]
}

#[test]
fn the_report_as_at_a_day_reads_only_the_updates_dated_by_then() {
    let plan = plan();
    let report = run(&plan, "2025-10-16", &["report"]);
    assert!(
        report.contains(
            "Owners' ratings since 1 Jul 2025: 1 red, 0 amber, 0 green, 2 not reported.\n"
        ),
        "{report}"
    );
    assert_eq!(
        section(&report, "## Exception report"),
        "## Exception report

Open actions that are overdue, that their owner rates red or amber, or that have no due date: 0 overdue, 0 with no date, 1 rated red and 0 amber by their owner.

| ID | Action | Priority | Owners | Due | Days late | Note | Status | Latest update |
|---|---|---|---|---|--:|---|---|---|
| hs-2 | Housing strategy | hs | Director of Housing | December 2025 (by 31 Dec 2025) | — |  | 🟢 On track · ⚠ owner reports red | 10 Oct 2025 · 🔴 red · Delayed by the by-election |

"
    );
    // On the 20th the later updates are in: hs-2 is back to green, off the exceptions.
    let later = run(&plan, "2025-10-20", &["report"]);
    assert!(
        later.contains(
            "Owners' ratings since 1 Jul 2025: 0 red, 0 amber, 1 green, 2 not reported.\n"
        ),
        "{later}"
    );
    assert!(
        later.contains("No open action is overdue, undated, or rated red or amber by its owner.")
    );
    // The CSV and JSON rows say the same.
    let csv = run(&plan, "2025-10-16", &["report", "--format", "csv"]);
    let hs2 = csv.lines().find(|l| l.starts_with("hs-2,")).unwrap();
    assert!(
        hs2.contains(",2025-10-10,red,,Delayed by the by-election,"),
        "{hs2}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&run(&plan, "2025-10-16", &["list", "--format", "json"])).unwrap();
    let latest: Vec<serde_json::Value> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["latest_update"]["date"].clone())
        .collect();
    assert_eq!(
        latest,
        [
            serde_json::json!("2025-10-10"),
            serde_json::Value::Null,
            serde_json::json!("2025-08-01"),
        ]
    );
}

#[test]
fn a_later_update_settles_no_chase_and_keeps_nothing_fresh() {
    let plan = plan();
    assert_eq!(
        run(
            &plan,
            "2025-10-16",
            &["chase", "--since", "2025-09-01", "--format", "csv"]
        ),
        "owner,id,title,due,due_by,last_update,last_note
Director of Housing,hs-3,Empty homes review,March 2026,2026-03-31,,
Director of Housing,hs-4,Licensing scheme,March 2026,2026-03-31,2025-08-01,Consultation open
"
    );
    assert_eq!(
        run(
            &plan,
            "2025-10-20",
            &["chase", "--since", "2025-09-01", "--format", "csv"]
        ),
        "owner,id,title,due,due_by,last_update,last_note\n"
    );
    let list = run(
        &plan,
        "2025-10-16",
        &["list", "--no-update-since", "2025-09-01", "--format", "csv"],
    );
    let ids: Vec<&str> = list.lines().skip(1).map(|l| &l[..4]).collect();
    assert_eq!(ids, ["hs-3", "hs-4"]);
    // stale_after 60d: as at the 16th hs-3 has no update yet and hs-4's last is 1 Aug.
    let check = run(&plan, "2025-10-16", &["check", "--format", "json"]);
    let findings: serde_json::Value = serde_json::from_str(&check).unwrap();
    let stale: Vec<(&str, &str)> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "stale")
        .map(|f| (f["id"].as_str().unwrap(), f["message"].as_str().unwrap()))
        .collect();
    assert_eq!(
        stale,
        [
            (
                "hs-3",
                "action \"hs-3\" has no progress update (stale after 60d)"
            ),
            (
                "hs-4",
                "action \"hs-4\" has had no progress update since 2025-08-01 (stale after 60d)"
            )
        ]
    );
    // `show` lists what the file holds, the later update too.
    let show = run(&plan, "2025-10-16", &["show", "hs-2", "--format", "json"]);
    let show: serde_json::Value = serde_json::from_str(&show).unwrap();
    assert_eq!(show["updates"].as_array().unwrap().len(), 2);
    assert_eq!(show["latest_update"]["date"], "2025-10-10");
}

/// Nothing can be owed since a day still to come: a `--since` after `--today` is refused
/// (exit 2), as an update dated after it is.
#[test]
fn a_chase_since_a_day_after_today_is_refused() {
    let plan = plan();
    for args in [
        &["chase", "--since", "2026-01-01"][..],
        &["list", "--no-update-since", "2026-01-01"][..],
    ] {
        let (code, stderr) = common::stderr_of(
            common::plan_cmd()
                .arg("--plan")
                .arg(plan.plan_dir())
                .args(["--today", "2025-10-16"])
                .args(args),
        );
        let flag = args[1];
        assert_eq!(
            (code, stderr),
            (
                Some(2),
                format!(
                    "error: invalid {flag}: \"2026-01-01\" begins on 2026-01-01, after today (2025-10-16): give a day on or before it\n"
                )
            )
        );
    }
}

/// A rating stands until the owner gives another: the reason recorded with a slip (`set --due
/// … --reason`), or any update without a RAG, does not withdraw the owner's red, so the pack
/// still lists the action among the exceptions with the owner's red beside the new date.
#[test]
fn a_slip_reason_keeps_the_owners_rating() {
    let plan = TestPlan::new();
    plan.write(
        "housing.toml",
        r#"
[priority]
id = "hs"
title = "Homes"
owners = ["Director of Housing"]

[[action]]
id = "hs-2"
title = "Housing strategy"
due = "December 2025"

[[action.update]]
date = 2025-10-10
note = "Delayed by the by-election"
rag = "red"
"#,
    );
    let set = run(
        &plan,
        "2025-10-16",
        &[
            "set",
            "hs-2",
            "--due",
            "March 2026",
            "--reason",
            "By-election",
        ],
    );
    assert_eq!(
        set,
        "hs-2: due December 2025 → March 2026; reason recorded as an update on 2025-10-16\n"
    );
    let report = run(&plan, "2025-10-16", &["report"]);
    assert!(
        report.contains(
            "Owners' ratings since 1 Jul 2025: 1 red, 0 amber, 0 green, 0 not reported.\n"
        ),
        "{report}"
    );
    assert!(
        report.contains("| hs-2 | Housing strategy | hs | Director of Housing | March 2026 (by 31 Mar 2026) | — |  | 🟢 On track · ⚠ owner reports red | 16 Oct 2025 · Due moved from December 2025 to March 2026: By-election |\n"),
        "{report}"
    );
    let csv = run(&plan, "2025-10-16", &["report", "--format", "csv"]);
    let row = csv.lines().find(|l| l.starts_with("hs-2,")).unwrap();
    // The latest update's own columns describe it (no RAG); the conflict is the owner's red.
    assert!(
        row.contains(
            ",2025-10-16,,,Due moved from December 2025 to March 2026: By-election,,,yes,"
        ),
        "{row}"
    );
}
