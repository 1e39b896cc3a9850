//! A quarter as a performance officer runs it (issue #29), on the fixture plan
//! `tests/fixtures/quarter/plan` (Northvale's corporate plan in Q2 2025/26): returns sent in
//! the month after a quarter count for it, a plan's `start` keeps earlier years unjudged.

mod common;

use std::path::{Path, PathBuf};

use common::TestPlan;
use serde_json::Value;

const FIXTURE: &str = "tests/fixtures/quarter/plan";

/// Mid-October: Q2's returns are being collected.
const TODAY: &str = "2025-10-16";

/// A copy of the fixture plan, to edit.
fn fixture() -> TestPlan {
    let plan = TestPlan::new();
    copy_dir(Path::new(FIXTURE), &plan.plan_dir());
    plan
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target: PathBuf = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// `plan` on the fixture (or a copy) as at `today`.
fn run(dir: &Path, today: &str, args: &[&str]) -> std::process::Output {
    common::plan_cmd()
        .arg("--plan")
        .arg(dir)
        .arg("--today")
        .arg(today)
        .args(args)
        .output()
        .unwrap()
}

fn stdout(dir: &Path, today: &str, args: &[&str]) -> String {
    let out = run(dir, today, args);
    assert!(
        out.status.code() == Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json(dir: &Path, today: &str, args: &[&str]) -> Value {
    serde_json::from_str(&stdout(dir, today, args)).unwrap()
}

fn by_id<'a>(rows: &'a Value, id: &str) -> &'a Value {
    rows.as_array()
        .unwrap()
        .iter()
        .find(|row| row["id"] == id)
        .unwrap_or_else(|| panic!("no {id} in {rows}"))
}

#[test]
fn a_return_sent_in_the_month_after_the_quarter_counts_for_it() {
    let plan = Path::new(FIXTURE);
    let list = json(plan, TODAY, &["list", "--format", "json"]);
    // hs-1's Q2 return came on 6 October: on time, and the next is Q3's, due 30 January.
    let hs1 = by_id(&list, "hs-1");
    assert_eq!(hs1["overdue"], false);
    assert_eq!(hs1["due_by"], "2026-01-30");
    assert_eq!(hs1["latest_update"]["counts_for"], "2025/26 Q2");
    // pl-1 has sent only Q1's: Q2's is still due, by 30 October, and not late yet.
    let pl1 = by_id(&list, "pl-1");
    assert_eq!(pl1["overdue"], false);
    assert_eq!(pl1["due_by"], "2025-10-30");
    assert_eq!(pl1["latest_update"]["counts_for"], "2025/26 Q1");
    // A dated action's update says no period.
    assert!(
        by_id(&list, "hs-2")["latest_update"]
            .get("counts_for")
            .is_none()
    );
    // On 31 October Q2's return is late for pl-1, by a day; hs-1 is still fine.
    let late = json(
        plan,
        "2025-10-31",
        &["list", "--overdue", "--format", "json"],
    );
    let ids: Vec<&str> = late
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["hs-3", "pl-1"]);
    assert_eq!(by_id(&late, "pl-1")["days_overdue"], 1);
    // `show` says which quarter each update counted for.
    let shown = stdout(plan, TODAY, &["show", "hs-1"]);
    assert!(
        shown
            .contains("| Update | 2025-10-06 (green, counts for 2025/26 Q2): Q2: 39 inspections |"),
        "{shown}"
    );
}

#[test]
fn data_due_after_sets_how_long_returns_are_collected() {
    let plan = fixture();
    let toml = std::fs::read_to_string(plan.plan_dir().join("plan.toml")).unwrap();
    plan.write("plan.toml", &format!("{toml}data_due_after = 0\n"));
    // With no grace every update counts for the quarter it is dated in: hs-1's July "Q1"
    // return is Q2's, its October one Q3's, and Q3 is due by its last day.
    let list = json(&plan.plan_dir(), TODAY, &["list", "--format", "json"]);
    let hs1 = by_id(&list, "hs-1");
    assert_eq!(hs1["overdue"], false);
    assert_eq!(hs1["due_by"], "2025-12-31");
    assert_eq!(hs1["latest_update"]["counts_for"], "2025/26 Q3");
    let shown = stdout(&plan.plan_dir(), TODAY, &["show", "hs-1"]);
    assert!(
        shown.contains("(green, counts for 2025/26 Q2): Q1: 42 inspections"),
        "{shown}"
    );
    plan.write("plan.toml", &format!("{toml}data_due_after = -3\n"));
    let out = run(&plan.plan_dir(), TODAY, &["check"]);
    let stderr = String::from_utf8_lossy(&out.stdout);
    assert!(
        stderr.contains("data_due_after must be a number of days from 0 to 366, not -3"),
        "{stderr}"
    );
}

#[test]
fn plan_update_says_which_quarter_a_return_counts_for() {
    let plan = fixture();
    let out = stdout(
        &plan.plan_dir(),
        TODAY,
        &[
            "update",
            "pl-1",
            "Q2: 88% in time",
            "--rag",
            "amber",
            "--on",
            "2025-10-10",
        ],
    );
    assert_eq!(
        out,
        "pl-1: update on 2025-10-10 (amber, counts for 2025/26 Q2)\n"
    );
    let list = json(
        &plan.plan_dir(),
        "2025-11-01",
        &["list", "--format", "json"],
    );
    assert_eq!(by_id(&list, "pl-1")["overdue"], false);
    assert_eq!(by_id(&list, "pl-1")["due_by"], "2026-01-30");
}

#[test]
fn no_period_ending_before_the_start_is_judged() {
    let plan = fixture();
    // The plan starts with 2025/26: its annual statement is due for 2025/26, by 30 April.
    let list = json(&plan.plan_dir(), TODAY, &["list", "--format", "json"]);
    let cp1 = by_id(&list, "cp-1");
    assert_eq!(cp1["overdue"], false);
    assert_eq!(cp1["due_by"], "2026-04-30");
    // Without a start, 2024/25 is judged: a year before the plan existed.
    let toml = std::fs::read_to_string(plan.plan_dir().join("plan.toml")).unwrap();
    plan.write("plan.toml", &toml.replace("start = \"2025/26\"\n", ""));
    let list = json(&plan.plan_dir(), TODAY, &["list", "--format", "json"]);
    let cp1 = by_id(&list, "cp-1");
    assert_eq!(cp1["overdue"], true);
    assert_eq!(cp1["due_by"], "2025-04-30");
    // A priority's own start (any date form) wins over none, and its actions inherit it;
    // an action's own wins over its priority's.
    let corporate = std::fs::read_to_string(plan.plan_dir().join("corporate.toml")).unwrap();
    let with_start = corporate.replacen(
        "owners = [\"Corporate Management Team\"]\n",
        "owners = [\"Corporate Management Team\"]\nstart = \"April 2025\"\n",
        1,
    );
    plan.write("corporate.toml", &with_start);
    let list = json(&plan.plan_dir(), TODAY, &["list", "--format", "json"]);
    assert_eq!(by_id(&list, "cp-1")["overdue"], false);
    let own = with_start.replacen(
        "due = \"annually\"\n",
        "due = \"annually\"\nstart = 2024-04-01\n",
        1,
    );
    plan.write("corporate.toml", &own);
    let list = json(&plan.plan_dir(), TODAY, &["list", "--format", "json"]);
    assert_eq!(by_id(&list, "cp-1")["overdue"], true);
}

#[test]
fn a_start_that_names_no_day_is_reported() {
    let plan = fixture();
    let toml = std::fs::read_to_string(plan.plan_dir().join("plan.toml")).unwrap();
    for (start, message) in [
        ("\"continuous\"", "start \"continuous\" has no first day"),
        ("\"soon\"", "bad start date"),
        ("7", "start must be a date or a string, not integer"),
    ] {
        plan.write(
            "plan.toml",
            &toml.replace("start = \"2025/26\"", &format!("start = {start}")),
        );
        let out = run(&plan.plan_dir(), TODAY, &["check"]);
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{text}");
        assert!(text.contains(message), "{start}: {text}");
        assert!(text.contains("plan/plan.toml:8:"), "{text}");
    }
}

#[test]
fn exceptions_include_what_the_owners_rate_red_or_amber() {
    let report = stdout(
        Path::new(FIXTURE),
        TODAY,
        &["report", "--format", "markdown"],
    );
    assert!(
        report.contains("Open actions that are overdue, that their owner rates red or amber, or that have no due date: 1 overdue, 1 with no date, 1 rated red and 1 amber by their owner.\n"),
        "{report}"
    );
    // Overdue first, then the owners' red and amber (with their notes), then undated.
    let exceptions: Vec<&str> = report
        .split("## Exception report")
        .nth(1)
        .unwrap()
        .split("## By owner")
        .next()
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| ID"))
        .collect();
    assert_eq!(
        exceptions,
        [
            "| hs-3 | Empty homes review | hs | Head of Housing Standards | 2025-09-30 (by 30 Sep 2025) | 16 |  | 🔴 Overdue · ⚠ owner reports green | 1 Sep 2025 · 🟢 green · On schedule |",
            "| hs-2 | Publish the housing strategy | hs | Head of Housing Standards | December 2025 (by 31 Dec 2025) | — |  | 🟢 On track · ⚠ owner reports red | 20 Sep 2025 · 🔴 red · Consultation delayed by the by-election |",
            "| pl-2 | Adopt the local plan | pl | Head of Planning | 2026/27 (by 31 Mar 2027) | — |  | 🟢 On track · ⚠ owner reports amber | 10 Aug 2025 · 🟠 amber · Inspector's report expected late |",
            "| pl-3 | Review the statement of community involvement | pl | Head of Planning | TBC | — |  | No date | — |",
        ]
    );
    // The summary counts the owners' ratings this period (since Q2 began): cp-2's June
    // rating is last quarter's, so it is not reported, with pl-3 and cp-1.
    assert!(
        report.contains(
            "\nOwners' ratings since 1 Jul 2025: 1 red, 1 amber, 3 green, 3 not reported.\n"
        ),
        "{report}"
    );
}

#[test]
fn a_conflict_is_flagged_both_ways_in_every_format() {
    let plan = Path::new(FIXTURE);
    let html = stdout(plan, TODAY, &["report", "--format", "html"]);
    assert!(
        html.contains("title=\"The owner's latest rating is red, but the dates say on track\">⚠ Owner reports red</strong>"),
        "{html}"
    );
    assert!(
        html.contains("title=\"The owner's latest rating is green, but the action is overdue\">⚠ Owner reports green</strong>"),
        "{html}"
    );
    assert!(
        html.contains("; 1 rated red and 1 amber by their owner."),
        "{html}"
    );
    assert!(
        html.contains(": 1 red, 1 amber, 3 green, 3 not reported."),
        "{html}"
    );
    let csv = stdout(plan, TODAY, &["report", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let at = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let conflicted: Vec<String> = reader
        .records()
        .map(Result::unwrap)
        .filter(|r| &r[at("rag_conflict")] == "yes")
        .map(|r| r[at("id")].to_owned())
        .collect();
    assert_eq!(conflicted, ["hs-2", "hs-3", "pl-2"]);
}

#[test]
fn an_update_dated_after_today_is_refused_unless_allowed() {
    let plan = fixture();
    let before = std::fs::read_to_string(plan.plan_dir().join("planning.toml")).unwrap();
    // (`plan done --on` a future day is refused by `check`'s done-in-future error.)
    {
        let args = &["update", "pl-1", "Q2 figures", "--on", "2026-10-10"][..];
        let out = run(&plan.plan_dir(), TODAY, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "error: --on 2026-10-10 is after today (2025-10-16); give --allow-future to record it anyway\n"
        );
        assert_eq!(
            std::fs::read_to_string(plan.plan_dir().join("planning.toml")).unwrap(),
            before
        );
    }
    let out = stdout(
        &plan.plan_dir(),
        TODAY,
        &[
            "update",
            "pl-1",
            "Planned",
            "--on",
            "2025-10-17",
            "--allow-future",
        ],
    );
    assert_eq!(out, "pl-1: update on 2025-10-17 (counts for 2025/26 Q2)\n");
}

#[test]
fn drops_usage_line_does_not_ask_for_today() {
    let out = run(Path::new(FIXTURE), TODAY, &["drop", "pl-3"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("\nUsage: plan drop --reason <TEXT> <ID>\n"),
        "{stderr}"
    );
}

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

#[test]
fn chase_lists_each_owners_actions_with_no_update_since_the_quarter_began() {
    let plan = Path::new(FIXTURE);
    let md = stdout(plan, TODAY, &["chase"]);
    assert!(
        md.starts_with("# Progress updates owed since 1 Jul 2025\n\nAs at 16 Oct 2025: 4 open actions with no progress update since 1 Jul 2025, for 3 owners.\n"),
        "{md}"
    );
    assert!(
        md.contains("\n## Head of Finance\n\n| ID | Action | Due | Due by | Last update |\n|---|---|---|---|---|\n| cp-2 | Medium-term financial strategy | 2025-11-30 | 30 Nov 2025 | 30 Jun 2025 · Assumptions agreed |\n"),
        "{md}"
    );
    // README shows the real list, and the real RAG-aware exceptions.
    assert!(
        readme().contains(&md),
        "README's chase list is stale:\n{md}"
    );
    let report = stdout(plan, TODAY, &["report"]);
    let exceptions = report
        .split("## By owner")
        .next()
        .unwrap()
        .split_once("## Exception report")
        .unwrap()
        .1
        .trim_end();
    assert!(
        readme().contains(exceptions),
        "README's exceptions are stale:\n{exceptions}"
    );
    // CSV: a row per owner and action; JSON: owners with their actions.
    let csv = stdout(plan, TODAY, &["chase", "--since", "30d", "--format", "csv"]);
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows[0], "owner,id,title,due,due_by,last_update,last_note");
    let ids: Vec<&str> = rows[1..]
        .iter()
        .map(|r| r.split(',').nth(1).unwrap())
        .collect();
    assert_eq!(ids, ["cp-1", "cp-2", "hs-3", "pl-1", "pl-2", "pl-3"]);
    let json = json(
        plan,
        TODAY,
        &["chase", "--since", "2025/26 Q3", "--format", "json"],
    );
    let owners: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["owner"].as_str().unwrap())
        .collect();
    assert_eq!(
        owners,
        [
            "Corporate Management Team",
            "Head of Finance",
            "Head of Housing Standards",
            "Head of Planning"
        ]
    );
    // hs-1's update of 6 October is its Q2 return: no update for Q3, and it says so.
    assert_eq!(json[2]["actions"][0]["id"], "hs-1");
    assert_eq!(
        json[2]["actions"][0]["last_update"],
        serde_json::json!({"date": "2025-10-06", "note": "Q2: 39 inspections", "counts_for": "2025/26 Q2"})
    );
    assert_eq!(json[2]["actions"][1]["id"], "hs-2");
    assert_eq!(json[2]["actions"][1]["last_update"]["date"], "2025-09-20");
    assert_eq!(json[0]["actions"][0]["last_update"], Value::Null);
}

#[test]
fn list_no_update_since_takes_a_day_a_period_or_a_span() {
    let plan = Path::new(FIXTURE);
    let ids = |since: &str| -> Vec<String> {
        let rows = json(
            plan,
            TODAY,
            &[
                "list",
                "--no-update-since",
                since,
                "--sort",
                "id",
                "--format",
                "json",
            ],
        );
        rows.as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_owned())
            .collect()
    };
    // pl-1's update of 15 July is its Q1 return (sent after Q1 ended): no update for Q2.
    assert_eq!(ids("2025/26 Q2"), ["cp-1", "cp-2", "pl-1", "pl-3"]);
    assert_eq!(ids("2025-07-01"), ["cp-1", "cp-2", "pl-1", "pl-3"]);
    assert_eq!(ids("2025-08-11"), ["cp-1", "cp-2", "pl-1", "pl-2", "pl-3"]);
    assert_eq!(ids("30d"), ["cp-1", "cp-2", "hs-3", "pl-1", "pl-2", "pl-3"]);
    let out = run(plan, TODAY, &["chase", "--since", "whenever"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).starts_with("error: invalid --since: "),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_report_title_comes_from_the_flag_else_plan_toml_else_the_plan() {
    let plan = fixture();
    let dir = plan.plan_dir();
    let md = stdout(&dir, TODAY, &["report"]);
    assert!(md.starts_with("# Corporate Plan 2025/26\n"), "{md}");
    let toml = std::fs::read_to_string(dir.join("plan.toml")).unwrap();
    plan.write(
        "plan.toml",
        &format!("{toml}\n[report]\ntitle = \"Q2 2025/26 Performance Monitoring – Cabinet\"\n"),
    );
    let md = stdout(&dir, TODAY, &["report"]);
    assert!(
        md.starts_with("# Q2 2025/26 Performance Monitoring – Cabinet\n"),
        "{md}"
    );
    let html = stdout(
        &dir,
        TODAY,
        &["report", "--format", "html", "--title", "Cabinet <pack>"],
    );
    assert!(html.contains("<h1>Cabinet &lt;pack&gt;</h1>"), "{html}");
    assert!(
        html.contains("<title>Cabinet &lt;pack&gt; — progress as at"),
        "{html}"
    );
}

#[test]
fn a_drops_reason_is_shown_where_the_drop_is() {
    let plan = fixture();
    common::GitRepo::init_in(plan.root())
        .commit("start", "2025-10-01")
        .tag("q1");
    stdout(
        &plan.plan_dir(),
        TODAY,
        &[
            "drop",
            "pl-3",
            "--reason",
            "Superseded by the new local plan",
        ],
    );
    let md = stdout(&plan.plan_dir(), TODAY, &["diff", "--format", "markdown"]);
    assert!(
        md.contains("| pl-3 | Review the statement of community involvement | planned → dropped: Superseded by the new local plan |"),
        "{md}"
    );
}

/// `plan set --due … --reason` (#29): the reason shows with the slip in `plan diff` (text and
/// JSON) and in the report's changes.
#[test]
fn a_slips_reason_is_shown_where_the_slip_is() {
    let plan = fixture();
    common::GitRepo::init_in(plan.root())
        .commit("start", "2025-10-01")
        .tag("q1");
    let why = "Consultation reopened after the by-election";
    stdout(
        &plan.plan_dir(),
        TODAY,
        &["set", "hs-2", "--due", "March 2026", "--reason", why],
    );
    let detail = format!("slipped by 3 months (December 2025 → March 2026): {why}");
    let text = stdout(&plan.plan_dir(), TODAY, &["diff"]);
    let section = format!(
        "### Slipped (1)\n\n| ID | Action | Change |\n|---|---|---|\n\
         | hs-2 | Publish the housing strategy | {detail} |\n\n"
    );
    assert!(text.contains(&section), "{text}");
    let diff = json(&plan.plan_dir(), TODAY, &["diff", "--format", "json"]);
    let sections = diff["sections"].as_array().unwrap();
    let slipped = sections.iter().find(|s| s["change"] == "slipped").unwrap();
    assert_eq!(slipped["count"], 1);
    let slipped = by_id(&slipped["actions"], "hs-2");
    assert_eq!(
        (&slipped["change"], &slipped["reason"], &slipped["detail"]),
        (
            &Value::from("slipped"),
            &Value::from(why),
            &Value::from(detail.as_str())
        )
    );
    let report = stdout(
        &plan.plan_dir(),
        TODAY,
        &["report", "--since", "q1", "--format", "markdown"],
    );
    assert!(report.contains(&detail), "{report}");
}

#[test]
fn a_slips_reason_is_recorded_as_an_update() {
    let plan = fixture();
    let said = stdout(
        &plan.plan_dir(),
        TODAY,
        &[
            "set",
            "hs-2",
            "--due",
            "March 2026",
            "--reason",
            "Consultation reopened after the by-election",
        ],
    );
    assert_eq!(
        said,
        "hs-2: due December 2025 → March 2026; reason recorded as an update on 2025-10-16\n"
    );
    let show = json(
        &plan.plan_dir(),
        TODAY,
        &["show", "hs-2", "--format", "json"],
    );
    assert_eq!(
        show["latest_update"]["note"],
        "Due moved from December 2025 to March 2026: Consultation reopened after the by-election"
    );
    assert_eq!(show["latest_update"]["date"], "2025-10-16");
    // A reason needs a due date to go with, and something to say.
    let out = run(
        &plan.plan_dir(),
        TODAY,
        &["set", "hs-3", "--reason", "Because"],
    );
    assert_eq!(out.status.code(), Some(2));
    let out = run(
        &plan.plan_dir(),
        TODAY,
        &["set", "hs-3", "--due", "2025-12-31", "--reason", " "],
    );
    assert_eq!(
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).as_ref()
        ),
        (Some(2), "error: --reason cannot be empty\n")
    );
    let out = run(
        &plan.plan_dir(),
        TODAY,
        &["set", "hs", "--due", "2026/27", "--reason", "Later"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("priorities have no updates"));
}

/// At the next quarter's collection, an action whose last update was the previous quarter's
/// late return owes this quarter's: it is overdue, and the chase list says so too.
#[test]
fn a_return_sent_after_its_quarter_is_no_update_for_the_next() {
    let plan = Path::new(FIXTURE);
    let overdue = stdout(
        plan,
        "2026-02-15",
        &["list", "--overdue", "--format", "csv"],
    );
    assert!(
        overdue.contains("\nhs-1,Inspect licensed HMOs,hs,Head of Housing Standards,quarterly,2026-01-30,planned · OVERDUE 16d\n"),
        "{overdue}"
    );
    let chase = stdout(plan, "2026-02-15", &["chase"]);
    assert!(
        chase.contains("\n| hs-1 | Inspect licensed HMOs | quarterly | 30 Jan 2026 | 6 Oct 2025 (for 2025/26 Q2) · Q2: 39 inspections |\n"),
        "{chase}"
    );
}

/// The workbook shows what the owners say beside what the dates say, as the other formats do:
/// the owner's RAG, the conflict either way, and the latest update.
#[test]
fn the_workbook_shows_the_owners_rating_and_the_conflict() {
    use calamine::{Reader as _, Xlsx, open_workbook};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pack.xlsx");
    stdout(
        Path::new(FIXTURE),
        TODAY,
        &["report", "-o", path.to_str().unwrap()],
    );
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let sheet = book.worksheet_range("Exceptions").unwrap();
    let cell = |r: usize, c: usize| {
        sheet
            .get((r, c))
            .map(ToString::to_string)
            .unwrap_or_default()
    };
    let rows: Vec<[String; 4]> = (1..sheet.height())
        .map(|r| [cell(r, 0), cell(r, 13), cell(r, 14), cell(r, 15)])
        .collect();
    let row = |id: &str, rag: &str, conflict: &str, latest: &str| {
        [
            id.to_owned(),
            rag.to_owned(),
            conflict.to_owned(),
            latest.to_owned(),
        ]
    };
    assert_eq!(
        rows,
        [
            row(
                "hs-3",
                "green",
                "⚠ the owner's latest rating is green, but the action is overdue",
                "2025-09-01: On schedule"
            ),
            row(
                "hs-2",
                "red",
                "⚠ the owner's latest rating is red, but the dates say on track",
                "2025-09-20: Consultation delayed by the by-election"
            ),
            row(
                "pl-2",
                "amber",
                "⚠ the owner's latest rating is amber, but the dates say on track",
                "2025-08-10: Inspector's report expected late"
            ),
            row("pl-3", "", "", ""),
        ]
    );
}
