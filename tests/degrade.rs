//! Degrade, don't block (SPEC; issue #12 item 4): one unreadable date and one unknown owner in
//! a small plan no longer stop read commands. The other actions are answered exactly, the bad
//! ones appear marked with their raw text, stderr names each problem with file:line and points
//! to `plan check`, and the exit code is 0. `check` still reports both, exit 1.

mod common;

use common::TestPlan;
use predicates::prelude::*;

/// a-1 is overdue on 2004-05-01, a-2's date cannot be read, a-3 names an owner not on the
/// roster (and so has no owner the roster knows).
const HOUSING: &str = r#"[priority]
id = "p"
title = "Housing"
owners = ["Chief Executive"]

[[action]]
id = "a-1"
title = "Repair homes"
due = "April 2004"

[[action]]
id = "a-2"
title = "Stock survey"
due = "Summer"

[[action]]
id = "a-3"
title = "Advice centre"
owners = ["Chief Exec"]
due = "June 2004"
"#;

const BAD_DATE: &str = "warning[bad-date]: plan/housing.toml:14:7: \"a-2\": bad due date \"Summer\": a season needs a year, e.g. \"Summer 2005\"";
const BAD_OWNER: &str = "warning[unknown-owner]: plan/housing.toml:19:11: \"a-3\": \"Chief Exec\" is not a role on the roster";
const HINT: &str =
    "help: 2 problems are shown marked in the answer; run `plan check` for the details";

fn plan() -> TestPlan {
    let plan = TestPlan::new();
    plan.write("housing.toml", HOUSING);
    plan
}

/// Runs a read command: exit 0, both problems on stderr with file:line and the hint.
fn answer(plan: &TestPlan, args: &[&str]) -> String {
    let output = plan.cmd().args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
    for wanted in [BAD_DATE, BAD_OWNER, HINT] {
        assert!(stderr.contains(wanted), "{args:?}: {stderr}");
    }
    String::from_utf8(output.stdout).unwrap()
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap()
}

#[test]
fn list_in_every_format() {
    let plan = plan();
    let rows = json(&answer(&plan, &["list", "--format", "json"]));
    let rows = rows.as_array().unwrap();
    let ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["a-1", "a-3", "a-2"]);
    assert_eq!(rows[0]["overdue"], true);
    assert_eq!(rows[0]["due_problem"], serde_json::Value::Null);
    let a2 = &rows[2];
    assert_eq!(a2["due"], serde_json::Value::Null);
    assert_eq!(a2["due_by"], serde_json::Value::Null);
    assert_eq!(a2["due_written"], "Summer");
    assert_eq!(
        a2["due_problem"],
        "\"Summer\": a season needs a year, e.g. \"Summer 2005\""
    );
    assert_eq!(a2["overdue"], false);
    let a3 = &rows[1];
    assert_eq!(a3["owners"], serde_json::json!([]));
    assert_eq!(a3["unknown_owners"], serde_json::json!(["Chief Exec"]));
    assert_eq!(a3["due_by"], "2004-06-30");

    let table = answer(&plan, &["list", "--format", "markdown"]);
    assert_eq!(
        table,
        "| ID | Action | Priority | Owners | Due | Due by | Status |\n\
         |---|---|---|---|---|---|---|\n\
         | a-1 | Repair homes | p | Chief Executive | April 2004 | 2004-04-30 | planned · OVERDUE 1d |\n\
         | a-3 | Advice centre | p | \"Chief Exec\" (not on the roster) | June 2004 | 2004-06-30 | planned |\n\
         | a-2 | Stock survey | p | Chief Executive | Summer | UNREADABLE \"Summer\" | planned |\n\
         \n3 actions, 1 overdue, as at 2004-05-01\n"
    );
    let csv = answer(&plan, &["list", "--format", "csv"]);
    assert!(
        csv.contains(
            "a-2,Stock survey,p,Chief Executive,Summer,\"UNREADABLE \"\"Summer\"\"\",planned"
        ),
        "{csv}"
    );
    let text = answer(&plan, &["list", "--format", "table"]);
    assert!(text.contains("UNREADABLE \"Summer\""), "{text}");
    assert!(
        text.contains("\"Chief Exec\" (not on the roster)"),
        "{text}"
    );
}

#[test]
fn list_overdue_says_what_it_could_not_decide() {
    let plan = plan();
    let out = answer(&plan, &["list", "--overdue", "--format", "markdown"]);
    assert!(out.contains("| a-1 | Repair homes |"), "{out}");
    assert!(!out.contains("| a-2 |"), "{out}");
    assert!(
        out.contains("1 action, 1 overdue, as at 2004-05-01"),
        "{out}"
    );
    assert!(
        out.ends_with("\n**NOT INCLUDED: 1 action whose due date could not be read, so it cannot be told whether it belongs in this list: a-2 (run \\`plan check\\`)**\n"),
        "{out}"
    );
    // JSON stays pure data: the caveat goes to stderr.
    plan.cmd()
        .args(["list", "--overdue", "--format", "json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"a-1\"").and(predicate::str::contains("a-2").not()))
        .stderr(predicate::str::contains("NOT INCLUDED: 1 action"));
    // A question that is not about dates has nothing it cannot decide.
    let all = answer(&plan, &["list", "--format", "markdown"]);
    assert!(!all.contains("NOT INCLUDED"), "{all}");
    // Unreadable is not "no date".
    let undated = answer(&plan, &["list", "--no-date", "--format", "json"]);
    assert_eq!(json(&undated), serde_json::json!([]));
}

#[test]
fn owner_counts_the_unreadable() {
    let plan = plan();
    let out = answer(&plan, &["owner", "Chief Executive", "--format", "markdown"]);
    assert!(out.contains("| a-1 |"), "{out}");
    assert!(out.contains("| a-2 | Stock survey | p | Chief Executive | Summer | UNREADABLE \"Summer\" | planned | named |"), "{out}");
    assert!(!out.contains("| a-3 |"), "{out}");
    assert!(
        out.contains("Chief Executive: 2 open, 1 overdue, 0 due within 30 days, 1 with an unreadable date (as at 2004-05-01)"),
        "{out}"
    );
    let rows = json(&answer(
        &plan,
        &["owner", "Chief Executive", "--format", "json"],
    ));
    let ids: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["a-1", "a-2"]);
    let csv = answer(&plan, &["owner", "Chief Executive", "--format", "csv"]);
    assert_eq!(csv.lines().count(), 3, "{csv}");
}

#[test]
fn priorities_count_the_unreadable() {
    let plan = plan();
    let out = answer(&plan, &["priorities", "--format", "markdown"]);
    assert_eq!(
        out,
        "| ID | Priority | Owners | Due | Actions | Open | Overdue | No date | Unreadable |\n\
         |---|---|---|---|---|---|---|---|---|\n\
         | p | Housing | Chief Executive |  | 3 | 3 | 1 | 0 | 1 |\n\
         \n1 priority, as at 2004-05-01\n"
    );
    let rows = json(&answer(&plan, &["priorities", "--format", "json"]));
    assert_eq!(rows[0]["unreadable"], 1);
    assert_eq!(rows[0]["no_date"], 0);
    assert_eq!(rows[0]["overdue"], 1);
    let csv = answer(&plan, &["priorities", "--format", "csv"]);
    assert!(
        csv.contains("p,Housing,Chief Executive,,3,3,1,0,1"),
        "{csv}"
    );
}

#[test]
fn show_marks_the_unreadable_fields() {
    let plan = plan();
    let a2 = answer(&plan, &["show", "a-2", "--format", "markdown"]);
    assert!(
        a2.contains("| Due | UNREADABLE \"Summer\" — \"Summer\": a season needs a year, e.g. \"Summer 2005\" (run \\`plan check\\`) |"),
        "{a2}"
    );
    let a3 = answer(&plan, &["show", "a-3", "--format", "markdown"]);
    assert!(
        a3.contains("| Owners | \"Chief Exec\" (not on the roster) |"),
        "{a3}"
    );
    assert!(
        a3.contains("| Due | June 2004 — the month June 2004, due by 30 June 2004 |"),
        "{a3}"
    );
    let shown = json(&answer(&plan, &["show", "a-2", "--format", "json"]));
    assert_eq!(shown["due_by"], serde_json::Value::Null);
    assert_eq!(shown["due_written"], "Summer");
    assert!(shown["due_problem"].as_str().unwrap().contains("season"));
    let table = answer(&plan, &["show", "a-3", "--format", "table"]);
    assert!(table.contains("not on the roster"), "{table}");
}

#[test]
fn report_in_every_format() {
    let plan = plan();
    let md = answer(&plan, &["report", "--format", "markdown"]);
    assert!(
        md.contains("| Unreadable date | 1 | open, with a due date that could not be read (see plan check) |"),
        "{md}"
    );
    assert!(md.contains("| 🔴 Overdue | 1 |"), "{md}");
    assert!(md.contains("| 🟢 On track | 1 |"), "{md}");
    assert!(
        md.contains("1 overdue, 1 with a due date that could not be read, 0 with no date, 0 rated red and 0 amber by their owner."),
        "{md}"
    );
    assert!(
        md.contains(
            "| a-2 | Stock survey | p | Chief Executive | Summer | — |  | Unreadable date |"
        ),
        "{md}"
    );
    let csv = answer(&plan, &["report", "--format", "csv"]);
    assert!(
        csv.contains(
            "a-2,Stock survey,p,Housing,Chief Executive,Summer,,,,,Unreadable date,planned,"
        ),
        "{csv}"
    );
    assert!(
        csv.contains(
            "a-3,Advice centre,p,Housing,\"\"\"Chief Exec\"\" (not on the roster)\",June 2004,"
        ),
        "{csv}"
    );
    let html = answer(&plan, &["report", "--format", "html"]);
    assert!(html.contains("s-unreadable"), "html lacks the status class");
    assert!(html.contains("Unreadable date"), "html lacks the label");
    assert!(
        html.contains(
            "1 overdue, 1 with a due date that could not be read and 0 with no due date."
        ),
        "html summary"
    );
}

#[test]
fn check_still_reports_both() {
    let plan = plan();
    plan.cmd()
        .arg("check")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("error[bad-date]"))
        .stdout(predicate::str::contains("error[unknown-owner]"))
        .stdout(predicate::str::contains("plan/housing.toml:14:7"))
        .stdout(predicate::str::contains("plan/housing.toml:19:11"));
}

#[test]
fn file_level_problems_still_block() {
    let plan = plan();
    plan.write("broken.toml", "[priority\nid = \"x\"\n");
    plan.cmd()
        .arg("list")
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("broken.toml"));
}

#[test]
fn bad_dates_cannot_be_allowed() {
    let plan = plan();
    plan.cmd()
        .args(["check", "--allow", "bad-date"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot be allowed"));
}

/// A due date of the wrong TOML type (`due = 5`, `due = true`) is an unreadable date like
/// any other: queries answer with the item marked (exit 0), `check` reports `wrong-type`.
#[test]
fn a_due_date_of_the_wrong_type_degrades_like_an_unreadable_one() {
    let plan = TestPlan::new();
    plan.write(
        "housing.toml",
        &HOUSING
            .replace("due = \"Summer\"", "due = 5")
            .replace("due = \"June 2004\"", "due = [2004, 6]"),
    );
    let output = plan
        .cmd()
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    for wanted in [
        "warning[wrong-type]: plan/housing.toml:14:7: \"a-2\": due must be a date or a string, not integer",
        "warning[wrong-type]: plan/housing.toml:20:7: \"a-3\": due must be a date or a string, not array",
    ] {
        assert!(stderr.contains(wanted), "{stderr}");
    }
    let rows = json(&String::from_utf8(output.stdout).unwrap());
    let rows: Vec<(&str, &str, &str)> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap(),
                r["due_written"].as_str().unwrap_or(""),
                r["due_problem"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("a-1", "April 2004", ""),
            ("a-2", "5", "due must be a date or a string, not integer"),
            (
                "a-3",
                "[2004, 6]",
                "due must be a date or a string, not array"
            ),
        ]
    );
    let output = plan
        .cmd()
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let rules: Vec<String> = json(&String::from_utf8(output.stdout).unwrap())
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{} {}", f["rule"], f["id"]))
        .collect();
    assert_eq!(
        rules,
        [
            "\"overdue\" \"a-1\"",
            "\"wrong-type\" \"a-2\"",
            "\"unknown-owner\" \"a-3\"",
            "\"wrong-type\" \"a-3\""
        ]
    );
}

/// Issue #25: the warnings about the degraded items go to a closed stderr, and the command
/// still answers in full with its own exit code (it panicked with 101 when three writers
/// printed with `eprintln!`).
#[test]
fn a_closed_stderr_never_changes_the_answer_or_the_exit_code() {
    let plan = plan();
    let cases: &[&[&str]] = &[
        &["list"],
        &["list", "--format", "json"],
        &["list", "--overdue", "--format", "csv"],
        &["owner", "Chief Executive"],
        &["owner", "Chief Executive", "--format", "json"],
        &["report"],
        &["report", "--format", "csv"],
        &["priorities"],
        &["show", "a-2"],
        &["calendar"],
        &["owners"],
        &["chase"],
        &["report", "--format", "html"],
    ];
    for args in cases {
        let expected = plan.cmd().args(*args).output().unwrap();
        assert_eq!(expected.status.code(), Some(0), "{args:?}");
        let mut cmd = common::plan_process();
        cmd.arg("--plan")
            .arg(plan.plan_dir())
            .args(["--today", "2004-05-01"])
            .args(*args);
        let (code, stdout) = common::with_stderr_closed(cmd);
        assert_eq!(code, Some(0), "{args:?} with stderr closed");
        assert_eq!(
            stdout,
            String::from_utf8(expected.stdout).unwrap(),
            "{args:?} with stderr closed"
        );
    }
}

/// Issue #25: the calendar says who owns an action as every other output does, a name not on
/// the roster included and marked (it was dropped, leaving "none named").
#[test]
fn the_calendar_names_an_owner_not_on_the_roster() {
    let ics = answer(&plan(), &["calendar"]);
    let unfolded = ics.replace("\r\n ", "");
    assert!(
        unfolded.contains(
            "DESCRIPTION:Owner: \"Chief Exec\" (not on the roster)\\nPriority: Housing (p)\\nStatus: planned\\nDue: June 2004 (due by 2004-06-30)"
        ),
        "{unfolded}"
    );
}

/// A priority owned by a name not on the roster: `show PRIORITY --format json` keeps it,
/// marked unknown, in the same fields as `priorities` (and as show's table does).
#[test]
fn show_and_priorities_keep_a_priority_owner_not_on_the_roster_alike() {
    let plan = TestPlan::new();
    plan.write(
        "p.toml",
        "[priority]\nid = \"p\"\ntitle = \"P\"\nowners = [\"Chief Exec\"]\ndue = \"Summer\"\n\n[[action]]\nid = \"p-1\"\ntitle = \"One\"\n",
    );
    let run = |args: &[&str]| {
        let output = plan.cmd().args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{args:?}");
        json(&String::from_utf8(output.stdout).unwrap())
    };
    let shown = run(&["show", "p", "--format", "json"]);
    let listed = run(&["priorities", "--format", "json"]);
    for key in [
        "owners",
        "unknown_owners",
        "due",
        "due_by",
        "due_problem",
        "due_unreadable",
    ] {
        assert_eq!(shown[key], listed[0][key], "{key}");
    }
    assert_eq!(shown["unknown_owners"], serde_json::json!(["Chief Exec"]));
    assert_eq!(shown["due_unreadable"], "Summer");
}

/// Issue #25: the chase list names an owner not on the roster, marked, as every other output
/// does (its actions were listed under "(no owner)").
#[test]
fn the_chase_list_names_an_owner_not_on_the_roster() {
    let plan = plan();
    let markdown = answer(&plan, &["chase"]);
    assert!(
        markdown.contains("\n## \"Chief Exec\" (not on the roster)\n"),
        "{markdown}"
    );
    assert!(!markdown.contains("(no owner)"), "{markdown}");
    let csv = answer(&plan, &["chase", "--format", "csv"]);
    assert!(
        csv.contains("\"\"\"Chief Exec\"\" (not on the roster)\",a-3,"),
        "{csv}"
    );
}
