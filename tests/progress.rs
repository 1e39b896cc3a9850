//! Progress: `[[action.update]]`, `done_on`, their `check` rules, and the commands that write
//! them (`plan update`, `plan done`, `plan drop`), compared byte for byte.

mod common;

use common::{TestPlan, json, stderr_of, stdout};
use serde_json::Value;

const REPAIRS: &str = r#"[priority]
id = "hs"
title = "Housing"
owners = ["Director of Housing"]

[[action]]
id = "hs-1"
title = "Repairs"
# keep this comment
due = "April 2004"

[[action]]
id = "hs-2"
title = "Lettings"
due = "2004-Q3"
"#;

/// `plan update` on hs-1: amber, 40%, by the housing director, on 2004-04-20.
const AMBER_UPDATE: [&str; 11] = [
    "update",
    "hs-1",
    "Contractor appointed",
    "--rag",
    "amber",
    "--percent",
    "40",
    "--by",
    "housing director",
    "--on",
    "2004-04-20",
];

fn repairs() -> TestPlan {
    let plan = TestPlan::new();
    plan.write("hs.toml", REPAIRS);
    plan
}

fn text(plan: &TestPlan) -> String {
    std::fs::read_to_string(plan.plan_dir().join("hs.toml")).unwrap()
}

/// (rule, severity, line, id) of every finding `plan check --format json` reports.
fn findings(plan: &TestPlan) -> Vec<(String, String, u64, String)> {
    let out = plan
        .cmd()
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let found: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    found
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["severity"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap_or(0),
                f["id"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

fn finding(rule: &str, severity: &str, line: u64, id: &str) -> (String, String, u64, String) {
    (rule.into(), severity.into(), line, id.into())
}

#[test]
fn good_updates_and_done_on_pass_check() {
    let plan = TestPlan::new();
    plan.write(
        "hs.toml",
        r#"[priority]
id = "hs"
title = "Housing"
owners = ["Director of Housing"]
due = "2004-06"

[[action]]
id = "hs-1"
title = "Repairs"
status = "done"
done_on = 2004-04-20

[[action.update]]
date = 2004-03-01
note = "Contractor appointed"
rag = "green"
percent = 50
by = "housing director"

[[action.update]]
date = "2004-04-20"
note = "Finished"
"#,
    );
    assert_eq!(findings(&plan), []);
}

#[test]
fn every_progress_rule_is_found_at_its_line() {
    let plan = TestPlan::new();
    plan.write(
        "hs.toml",
        r#"[priority]
id = "hs"
title = "Housing"
owners = ["Director of Housing"]
due = "2004-06"

[[action]]
id = "hs-1"
title = "Repairs"
done_on = 2004-04-20

[[action.update]]
date = 2004-04-01
note = ""
rag = "yellow"
percent = 150

[[action.update]]
date = 2004-03-01
note = "Earlier"
by = "Head of Repairs"
colour = "red"

[[action.update]]
note = "No date"

[[action]]
id = "hs-2"
title = "Lettings"
status = "done"
done_on = 2004-06-01

[[action.update]]
date = "1 April"
note = "Unreadable day"
"#,
    );
    assert_eq!(
        findings(&plan),
        [
            finding("done-on-open", "error", 7, "hs-1"),
            finding("update-without-note", "error", 14, "hs-1"),
            finding("bad-rag", "error", 15, "hs-1"),
            finding("bad-percent", "error", 16, "hs-1"),
            finding("update-order", "warning", 19, "hs-1"),
            finding("unknown-owner", "error", 21, "hs-1"),
            finding("unknown-field", "error", 22, ""),
            finding("missing-field", "error", 24, ""),
            finding("done-in-future", "error", 27, "hs-2"),
            finding("bad-date", "error", 34, "hs-2"),
        ]
    );
}

#[test]
fn progress_problems_do_not_stop_queries() {
    let plan = TestPlan::new();
    plan.write(
        "hs.toml",
        "[priority]\nid = \"hs\"\ntitle = \"Housing\"\nowners = [\"Chief Executive\"]\ndue = \"2004-06\"\n\n[[action]]\nid = \"hs-1\"\ntitle = \"Repairs\"\n\n[[action.update]]\ndate = 2004-04-01\nnote = \"\"\nrag = \"yellow\"\n",
    );
    let out = json(plan.cmd().args(["list", "--format", "json"]));
    assert_eq!(out[0]["id"], "hs-1");
}

#[test]
fn update_appends_after_the_action_and_keeps_the_rest() {
    let plan = repairs();
    let out = stdout(plan.cmd().args(AMBER_UPDATE));
    assert_eq!(
        out,
        "hs-1: update on 2004-04-20 (amber, 40%, by Director of Housing)\n"
    );
    let first = "\n[[action.update]]\ndate = 2004-04-20\nnote = \"Contractor appointed\"\nrag = \"amber\"\npercent = 40\nby = \"Director of Housing\"\n";
    let expected = REPAIRS.replace(
        "due = \"April 2004\"\n",
        &format!("due = \"April 2004\"\n{first}"),
    );
    assert_eq!(text(&plan), expected);
    // A second update goes after the first, dated --today by default.
    let out = stdout(plan.cmd().args(["update", "hs-1", "Works started"]));
    assert_eq!(out, "hs-1: update on 2004-05-01\n");
    let second = "\n[[action.update]]\ndate = 2004-05-01\nnote = \"Works started\"\n";
    let expected = REPAIRS.replace(
        "due = \"April 2004\"\n",
        &format!("due = \"April 2004\"\n{first}{second}"),
    );
    assert_eq!(text(&plan), expected);
}

#[test]
fn an_update_recorded_late_goes_in_date_order() {
    let plan = repairs();
    stdout(
        plan.cmd()
            .args(["update", "hs-1", "Second", "--on", "2004-04-20"]),
    );
    stdout(
        plan.cmd()
            .args(["update", "hs-1", "Third", "--on", "2004-04-25"]),
    );
    let out = stdout(
        plan.cmd()
            .args(["update", "hs-1", "First", "--on", "2004-03-01"]),
    );
    assert_eq!(out, "hs-1: update on 2004-03-01\n");
    let entry =
        |day: &str, note: &str| format!("\n[[action.update]]\ndate = {day}\nnote = \"{note}\"\n");
    let updates = [
        entry("2004-03-01", "First"),
        entry("2004-04-20", "Second"),
        entry("2004-04-25", "Third"),
    ]
    .concat();
    let expected = REPAIRS.replace(
        "due = \"April 2004\"\n",
        &format!("due = \"April 2004\"\n{updates}"),
    );
    assert_eq!(text(&plan), expected);
    let middle = stdout(
        plan.cmd()
            .args(["update", "hs-1", "Between", "--on", "2004-04-22"]),
    );
    assert_eq!(middle, "hs-1: update on 2004-04-22\n");
    let written = text(&plan);
    let notes: Vec<&str> = written
        .lines()
        .filter_map(|l| l.strip_prefix("note = "))
        .collect();
    assert_eq!(
        notes,
        ["\"First\"", "\"Second\"", "\"Between\"", "\"Third\""]
    );
    assert!(!findings(&plan).iter().any(|f| f.0 == "update-order"));
}

#[test]
fn show_lists_done_on_and_every_update_oldest_first() {
    let plan = updated_and_done();
    let out = stdout(plan.cmd().args(["show", "hs-1", "--format", "markdown"]));
    let lines: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("| Done on") || l.starts_with("| Update"))
        .collect();
    assert_eq!(
        lines,
        [
            "| Done on | 2004-04-28 |",
            "| Update | 2004-04-20 (amber, 40%, by Director of Housing): Contractor appointed |",
            "| Update | 2004-04-28: Finished |",
        ]
    );
}

/// A `done_on` written on an action still open says nothing in `show`: its table, like its
/// JSON (`done_on: null`), gives a done date only for a closed action (the table used to show
/// it, the JSON not).
#[test]
fn show_gives_no_done_date_for_an_open_action() {
    let plan = TestPlan::new();
    plan.write(
        "hs.toml",
        &REPAIRS.replace(
            "due = \"April 2004\"\n",
            "due = \"April 2004\"\ndone_on = 2004-04-28\n",
        ),
    );
    let table = stdout(plan.cmd().args(["show", "hs-1", "--format", "markdown"]));
    assert!(table.contains("| Status | planned"), "{table}");
    assert!(!table.contains("Done on"), "{table}");
    let shown = json(plan.cmd().args(["show", "hs-1", "--format", "json"]));
    assert_eq!(shown["done_on"], Value::Null);
}

/// Records an amber update on hs-1 and closes it with a note: two updates, done 2004-04-28.
fn updated_and_done() -> TestPlan {
    let plan = repairs();
    stdout(plan.cmd().args(AMBER_UPDATE));
    stdout(
        plan.cmd()
            .args(["done", "hs-1", "--on", "2004-04-28", "--note", "Finished"]),
    );
    stdout(plan.cmd().args([
        "update",
        "hs-2",
        "Tender out",
        "--rag",
        "green",
        "--on",
        "2004-04-25",
    ]));
    plan
}

#[test]
fn list_and_owner_json_carry_done_on_and_the_latest_update() {
    let plan = updated_and_done();
    let rows = json(plan.cmd().args(["list", "--all", "--format", "json"]));
    let by_id = |id: &str| {
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap()
            .clone()
    };
    let done = by_id("hs-1");
    assert_eq!(done["done_on"], "2004-04-28");
    assert_eq!(
        done["latest_update"],
        serde_json::json!({"date": "2004-04-28", "rag": null, "percent": null, "by": null, "note": "Finished"})
    );
    let open = by_id("hs-2");
    assert_eq!(open["done_on"], Value::Null);
    assert_eq!(
        open["latest_update"],
        serde_json::json!({"date": "2004-04-25", "rag": "green", "percent": null, "by": null, "note": "Tender out"})
    );
    let owned = json(
        plan.cmd()
            .args(["owner", "Director of Housing", "--format", "json"]),
    );
    assert_eq!(owned[0]["id"], "hs-2");
    assert_eq!(owned[0]["latest_update"]["note"], "Tender out");
}

#[test]
fn show_json_lists_every_update_oldest_first() {
    let plan = updated_and_done();
    let shown = json(plan.cmd().args(["show", "hs-1", "--format", "json"]));
    assert_eq!(shown["done_on"], "2004-04-28");
    assert_eq!(
        shown["updates"],
        serde_json::json!([
            {"date": "2004-04-20", "rag": "amber", "percent": 40, "by": "Director of Housing", "note": "Contractor appointed"},
            {"date": "2004-04-28", "rag": null, "percent": null, "by": null, "note": "Finished"},
        ])
    );
    assert_eq!(shown["latest_update"], shown["updates"][1]);
}

#[test]
fn done_sets_status_done_on_and_an_optional_note() {
    let plan = repairs();
    let out = stdout(plan.cmd().args([
        "done",
        "hs-2",
        "--on",
        "2004-04-28",
        "--note",
        "Policy adopted",
    ]));
    assert_eq!(out, "hs-2: done on 2004-04-28\n");
    let expected = format!(
        "{REPAIRS}status = \"done\"\ndone_on = 2004-04-28\n\n[[action.update]]\ndate = 2004-04-28\nnote = \"Policy adopted\"\n"
    );
    assert_eq!(text(&plan), expected);
    let shown = json(
        plan.cmd()
            .args(["list", "--all", "--status", "done", "--format", "json"]),
    );
    assert_eq!(shown[0]["id"], "hs-2");
}

#[test]
fn done_in_the_future_is_refused_and_nothing_written() {
    let plan = repairs();
    let (code, stderr) = stderr_of(plan.cmd().args(["done", "hs-2", "--on", "2004-06-01"]));
    assert_eq!(code, Some(2));
    assert!(stderr.contains("error[done-in-future]"), "{stderr}");
    assert_eq!(text(&plan), REPAIRS);
}

#[test]
fn drop_records_the_reason_as_an_update() {
    let plan = repairs();
    let out = stdout(
        plan.cmd()
            .args(["drop", "hs-1", "--reason", "Merged into hs-2"]),
    );
    assert_eq!(out, "hs-1: dropped on 2004-05-01\n");
    let expected = REPAIRS.replace(
        "due = \"April 2004\"\n",
        "due = \"April 2004\"\nstatus = \"dropped\"\n\n[[action.update]]\ndate = 2004-05-01\nnote = \"Merged into hs-2\"\n",
    );
    assert_eq!(text(&plan), expected);
}

#[test]
fn update_arguments_are_checked_before_anything_is_written() {
    let plan = repairs();
    let refused: [&[&str]; 5] = [
        &["update", "hs-1", "x", "--percent", "101"],
        &["update", "hs-1", "x", "--rag", "yellow"],
        &["update", "hs-1", "x", "--by", "Head of Repairs"],
        &["update", "hs-1", "  "],
        &["update", "hs", "x"],
    ];
    for args in refused {
        let (code, stderr) = stderr_of(plan.cmd().args(args));
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert_eq!(text(&plan), REPAIRS, "{args:?}");
    }
    let (_, stderr) = stderr_of(plan.cmd().args(["update", "hs", "x"]));
    assert!(stderr.contains("\"hs\" is a priority"), "{stderr}");
}

#[test]
fn stale_reports_open_dated_actions_without_a_recent_update() {
    let plan = TestPlan::new();
    plan.write(
        "plan.toml",
        "title = \"T\"\norganisation = \"O\"\n\n[check]\nstale_after = \"90d\"\n",
    );
    plan.write(
        "hs.toml",
        r#"[priority]
id = "hs"
title = "Housing"
owners = ["Chief Executive"]

[[action]]
id = "hs-1"
title = "Updated 90 days ago: not yet stale"
due = "2004-12"

[[action.update]]
date = 2004-02-01
note = "Started"

[[action]]
id = "hs-2"
title = "Updated 91 days ago"
due = "continuous"

[[action.update]]
date = 2004-01-31
note = "Started"

[[action]]
id = "hs-3"
title = "Never updated"
due = "2004-12"

[[action]]
id = "hs-4"
title = "Done"
due = "2004-12"
status = "done"

[[action]]
id = "hs-5"
title = "No date"
"#,
    );
    let stale: Vec<_> = findings(&plan)
        .into_iter()
        .filter(|f| f.0 == "stale")
        .collect();
    assert_eq!(
        stale,
        [
            finding("stale", "warning", 15, "hs-2"),
            finding("stale", "warning", 24, "hs-3"),
        ]
    );
    let out = plan
        .cmd()
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let found: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let messages: Vec<&str> = found
        .iter()
        .filter(|f| f["rule"] == "stale")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        [
            "action \"hs-2\" has had no progress update since 2004-01-31 (stale after 90d)",
            "action \"hs-3\" has no progress update (stale after 90d)",
        ]
    );
}

#[test]
fn stale_is_off_without_stale_after_and_a_bad_span_is_an_error() {
    let plan = repairs();
    assert!(findings(&plan).iter().all(|f| f.0 != "stale"));
    plan.write(
        "plan.toml",
        "title = \"T\"\norganisation = \"O\"\n\n[check]\nstale_after = \"a while\"\n",
    );
    let found = findings(&plan);
    assert_eq!(
        found,
        [
            finding("wrong-type", "error", 5, ""),
            finding("overdue", "warning", 6, "hs-1"),
        ]
    );
}

/// A plan with one quarterly commitment, updated on `updated`, whose returns are due by the
/// quarter's last day (`data_due_after = 0`; tests/quarter.rs tests the month after).
fn quarterly(updated: &str) -> TestPlan {
    let plan = TestPlan::new();
    plan.write(
        "plan.toml",
        "title = \"T\"\norganisation = \"O\"\nfinancial_year_start = 4\ndata_due_after = 0\n",
    );
    plan.write(
        "perf.toml",
        &format!(
            "[priority]\nid = \"pm\"\ntitle = \"Performance\"\nowners = [\"Chief Executive\"]\n\n[[action]]\nid = \"pm-1\"\ntitle = \"Report performance to Cabinet\"\ndue = \"quarterly\"\n\n[[action.update]]\ndate = {updated}\nnote = \"Reported\"\n"
        ),
    );
    plan
}

fn on(plan: &TestPlan, today: &str, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = common::plan_cmd();
    cmd.arg("--plan")
        .arg(plan.plan_dir())
        .arg("--today")
        .arg(today)
        .args(args);
    cmd
}

#[test]
fn quarterly_is_overdue_the_day_after_a_quarter_with_no_update() {
    let plan = quarterly("2004-03-10");
    let list = |today: &str| {
        json(&mut on(
            &plan,
            today,
            &["list", "--all", "--format", "json"],
        ))
    };
    // 30 June: April-June has not ended; January-March had its update.
    let before = list("2004-06-30");
    assert_eq!(before[0]["overdue"], false);
    assert_eq!(before[0]["due_by"], "2004-06-30");
    assert_eq!(before[0]["due"], "quarterly");
    // 1 July: April-June ended with no update in it.
    let after = list("2004-07-01");
    assert_eq!(after[0]["overdue"], true);
    assert_eq!(after[0]["due_by"], "2004-06-30");
    assert_eq!(after[0]["days_overdue"], 1);
    let overdue = json(&mut on(
        &plan,
        "2004-07-01",
        &["list", "--overdue", "--format", "json"],
    ));
    assert_eq!(common::ids(&overdue), ["pm-1"]);
    let owner = stdout(&mut on(&plan, "2004-07-01", &["owner", "Chief Executive"]));
    assert!(owner.contains("1 overdue"), "{owner}");
    let checked =
        String::from_utf8(on(&plan, "2004-07-01", &["check"]).output().unwrap().stdout).unwrap();
    assert!(
        checked.contains("action \"pm-1\" is overdue by 1 day (due by 2004-06-30)"),
        "{checked}"
    );
}

#[test]
fn an_update_inside_the_quarter_keeps_a_quarterly_commitment_on_track() {
    let plan = quarterly("2004-06-30");
    let after = json(&mut on(
        &plan,
        "2004-07-01",
        &["list", "--all", "--format", "json"],
    ));
    assert_eq!(after[0]["overdue"], false);
    assert_eq!(after[0]["due_by"], "2004-09-30");
    let report = stdout(&mut on(&plan, "2004-07-01", &["report", "--format", "csv"]));
    assert!(!report.contains("overdue"), "{report}");
    // An update on the first day of the next quarter does not count for the one before.
    let late = quarterly("2004-07-01");
    let out = json(&mut on(
        &late,
        "2004-07-01",
        &["list", "--overdue", "--format", "json"],
    ));
    assert_eq!(common::ids(&out), ["pm-1"]);
}

#[test]
fn annually_follows_the_financial_year() {
    let plan = quarterly("2004-03-31");
    plan.write(
        "perf.toml",
        "[priority]\nid = \"pm\"\ntitle = \"Performance\"\nowners = [\"Chief Executive\"]\n\n[[action]]\nid = \"pm-1\"\ntitle = \"Annual report\"\ndue = \"annually\"\n\n[[action.update]]\ndate = 2004-03-31\nnote = \"Published\"\n",
    );
    let list = |today: &str| {
        json(&mut on(
            &plan,
            today,
            &["list", "--all", "--format", "json"],
        ))
    };
    assert_eq!(list("2005-03-31")[0]["overdue"], false);
    assert_eq!(list("2005-03-31")[0]["due_by"], "2005-03-31");
    assert_eq!(list("2005-04-01")[0]["overdue"], true);
}
