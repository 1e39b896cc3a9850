//! Performance indicators end to end: `plan indicators` in every format, `plan record`
//! through the edit path, `plan check`'s indicator rules, on fixture plans written here.

mod common;

use calamine::{Data, Range, Reader as _, Xlsx, open_workbook};
use common::TestPlan;

const HOUSING: &str = r#"# Housing: rent and relets.
[priority]
id = "hou"
title = "Decent Homes"
owners = ["Director of Housing"]

[[action]]
id = "hou-1"
title = "Restructure the arrears team"
due = "2005/06"

[[indicator]]
id = "hou-rent"
title = "Rent collected as a percentage of rent due"
unit = "%"
polarity = "higher"
frequency = "quarterly"
tolerance = "2%"   # amber down to 95.55
source = "BVPI 66a"

[[indicator.target]]
period = "2005/06"
value = 97.5

[[indicator.actual]]
period = "2005/06 Q1"
value = 96.1
note = "Arrears team short-staffed in May"

[[indicator.actual]]
period = "2005/06 Q2"
value = 97.6

[[indicator.quartiles]]
period = "2004/05"
values = [95.4, 96.8, 98.0]

[[indicator]]
id = "hou-relet"
title = "Average days to relet a council home"
unit = "days"
polarity = "lower"
frequency = "quarterly"
tolerance = 3
owners = ["Chief Executive"]

[[indicator.target]]
period = "2005/06"
value = 30

[[indicator.actual]]
period = "2005/06 Q1"
value = 34
"#;

fn plan() -> TestPlan {
    let plan = TestPlan::new();
    plan.write("housing.toml", HOUSING);
    plan
}

fn run(plan: &TestPlan, today: &str, args: &[&str]) -> std::process::Output {
    let mut cmd = common::plan_cmd();
    cmd.arg("--plan")
        .arg(plan.plan_dir())
        .arg("--today")
        .arg(today)
        .args(args);
    cmd.output().unwrap()
}

fn json(plan: &TestPlan, today: &str, args: &[&str]) -> serde_json::Value {
    let out = run(plan, today, args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn indicators_json_judges_the_latest_figure() {
    let plan = plan();
    let rows = json(&plan, "2005-11-15", &["indicators", "--format", "json"]);
    let rent = &rows[0];
    assert_eq!(rent["id"], "hou-rent");
    assert_eq!(rent["period"], "2005/06 Q2");
    assert_eq!(rent["actual"], 97.6);
    assert_eq!(rent["target"], 97.5);
    assert_eq!(rent["rag"], "green");
    assert_eq!(rent["vs_previous"], "improving");
    assert_eq!(rent["vs_year_before"], serde_json::Value::Null);
    assert_eq!(rent["quartile"], "second");
    assert_eq!(rent["late"], false);
    assert_eq!(rent["owners"], serde_json::json!(["Director of Housing"]));
    assert_eq!(rent["priority"]["id"], "hou");
    assert_eq!(rent["file"], "plan/housing.toml");
    assert_eq!(rent["line"], 12);
    let relet = &rows[1];
    assert_eq!(relet["rag"], "red", "34 days against 30 with a band of 3");
    assert_eq!(relet["late"], true);
    assert_eq!(relet["late_periods"], serde_json::json!(["2005/06 Q2"]));
}

#[test]
fn indicators_filters_combine() {
    let plan = plan();
    let ids = |args: &[&str]| {
        let mut all = vec!["indicators", "--format", "json"];
        all.extend_from_slice(args);
        common::ids(&json(&plan, "2005-11-15", &all))
    };
    assert_eq!(ids(&["--rag", "red"]), ["hou-relet"]);
    assert_eq!(ids(&["--late"]), ["hou-relet"]);
    assert_eq!(ids(&["--owner", "Housing Director"]), ["hou-rent"]);
    // Through the group: the Director of Housing is one of the Corporate Directors.
    assert_eq!(
        ids(&["--owner", "Chief Executive", "--rag", "green"]),
        Vec::<String>::new()
    );
    assert_eq!(
        ids(&["--priority", "hou", "--rag", "green", "--rag", "red"]),
        ["hou-rent", "hou-relet"]
    );
    let out = run(&plan, "2005-11-15", &["indicators", "--owner", "Nobody"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn indicators_table_csv_and_markdown() {
    let plan = plan();
    let csv = run(&plan, "2005-11-15", &["indicators", "--format", "csv"]);
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert_eq!(
        csv,
        "id,title,owners,period,actual,target,rag,vs previous,vs year before,quartile,late\n\
hou-rent,Rent collected as a percentage of rent due,Director of Housing,2005/06 Q2,97.6%,97.5%,green,improving,—,second,no\n\
hou-relet,Average days to relet a council home,Chief Executive,2005/06 Q1,34 days,30 days,red,—,—,—,2005/06 Q2\n"
    );
    let md = run(&plan, "2005-11-15", &["indicators", "--format", "markdown"]);
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(
        md.ends_with("2 indicators: 1 green, 0 amber, 1 red, 1 with late data, as at 2005-11-15\n"),
        "{md}"
    );
}

#[test]
fn record_adds_an_actual_keeping_every_other_byte() {
    let plan = plan();
    let out = run(
        &plan,
        "2005-11-15",
        &[
            "record",
            "hou-relet",
            "2005/06 Q2",
            "31.5",
            "--note",
            "Voids team back to strength",
            "--by",
            "Chief Executive",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = std::fs::read_to_string(plan.plan_dir().join("housing.toml")).unwrap();
    let expected = HOUSING.replace(
        "[[indicator.actual]]\nperiod = \"2005/06 Q1\"\nvalue = 34\n",
        "[[indicator.actual]]\nperiod = \"2005/06 Q1\"\nvalue = 34\n\n[[indicator.actual]]\nperiod = \"2005/06 Q2\"\nvalue = 31.5\nnote = \"Voids team back to strength\"\nby = \"Chief Executive\"\n",
    );
    assert_eq!(after, expected);
    let rows = json(&plan, "2005-11-15", &["indicators", "--format", "json"]);
    assert_eq!(rows[1]["rag"], "amber");
    assert_eq!(rows[1]["vs_previous"], "improving");
    assert_eq!(rows[1]["late"], false);
}

#[test]
fn record_refuses_a_second_actual_unless_replace() {
    let plan = plan();
    let out = run(
        &plan,
        "2005-11-15",
        &["record", "hou-rent", "Q1 2005/06", "96.4"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim_end(),
        "error: cannot record actual for \"hou-rent\": it already has an actual for 2005/06 Q1 (96.1); to restate it add --replace"
    );
    let dry = run(
        &plan,
        "2005-11-15",
        &[
            "record",
            "hou-rent",
            "2005/06 Q1",
            "96.4",
            "--replace",
            "--dry-run",
        ],
    );
    assert!(dry.status.success());
    let diff = String::from_utf8(dry.stdout).unwrap();
    assert!(diff.contains("-value = 96.1\n+value = 96.4\n"), "{diff}");
    assert_eq!(
        std::fs::read_to_string(plan.plan_dir().join("housing.toml")).unwrap(),
        HOUSING
    );
    let out = run(
        &plan,
        "2005-11-15",
        &["record", "hou-rent", "2005/06 Q1", "96.4", "--replace"],
    );
    assert!(out.status.success());
    let after = std::fs::read_to_string(plan.plan_dir().join("housing.toml")).unwrap();
    assert_eq!(after, HOUSING.replace("value = 96.1\n", "value = 96.4\n"));
}

#[test]
fn record_a_target_and_refuse_bad_input() {
    let plan = plan();
    let out = run(
        &plan,
        "2005-11-15",
        &["record", "hou-rent", "2006/07", "98", "--target"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = std::fs::read_to_string(plan.plan_dir().join("housing.toml")).unwrap();
    assert!(after.contains("[[indicator.target]]\nperiod = \"2005/06\"\nvalue = 97.5\n\n[[indicator.target]]\nperiod = \"2006/07\"\nvalue = 98\n"), "{after}");
    let cases: [(&[&str], &str); 4] = [
        (
            &["record", "hou-rent", "2005/06 Q3", "lots"],
            "error: VALUE must be a number such as 96.1, not \"lots\"",
        ),
        (
            &["record", "hou-rent", "April 2005", "96"],
            "error: \"hou-rent\" is quarterly: an actual is for one quarter, not a month",
        ),
        (
            &["record", "hou-rent", "H1 2005/06", "96"],
            "error: PERIOD \"H1 2005/06\" is not a financial year, quarter or month (e.g. 2005/06, \"2005/06 Q1\", \"April 2005\")",
        ),
        (
            &["record", "hou-rnt", "2005/06 Q3", "96"],
            "error: no indicator has the id \"hou-rnt\"\nhelp: did you mean \"hou-rent\"?",
        ),
    ];
    for (args, message) in cases {
        let out = run(&plan, "2005-11-15", args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.starts_with(message), "{args:?}: {stderr}");
    }
    // A percentage over 100 would give the plan an error: refused, nothing written.
    let before = std::fs::read_to_string(plan.plan_dir().join("housing.toml")).unwrap();
    let out = run(
        &plan,
        "2005-11-15",
        &["record", "hou-rent", "2005/06 Q2", "101", "--replace"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("is a percentage outside 0-100"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(plan.plan_dir().join("housing.toml")).unwrap(),
        before
    );
}

/// An actual is the figure for a period that is over: one for a period that has not ended
/// by `--today` (its last day included) is refused unless `--allow-future`; a target is for
/// any period.
#[test]
fn record_refuses_an_actual_for_a_period_not_yet_ended_unless_allow_future() {
    let plan = plan();
    for today in ["2005-11-15", "2005-12-31"] {
        let out = run(&plan, today, &["record", "hou-rent", "2005/06 Q3", "97"]);
        assert_eq!(out.status.code(), Some(2), "{today}");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr).trim_end(),
            format!(
                "error: 2005/06 Q3 has not ended yet (it ends on 2005-12-31; today is {today}): an actual is the figure for a period that is over; give --allow-future to record it anyway"
            )
        );
    }
    assert_eq!(
        std::fs::read_to_string(plan.plan_dir().join("housing.toml")).unwrap(),
        HOUSING
    );
    let out = run(
        &plan,
        "2006-01-01",
        &["record", "hou-rent", "2005/06 Q3", "97", "--dry-run"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(
        &plan,
        "2005-11-15",
        &["record", "hou-rent", "2005/06 Q3", "97", "--allow-future"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        std::fs::read_to_string(plan.plan_dir().join("housing.toml"))
            .unwrap()
            .contains("period = \"2005/06 Q3\"\nvalue = 97\n")
    );
    let out = run(
        &plan,
        "2005-11-15",
        &[
            "record",
            "hou-rent",
            "2006/07",
            "98",
            "--target",
            "--allow-future",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "--allow-future is for actuals");
}

/// Where an indicator's id is accepted, an unknown id is answered with the nearest id of
/// everything the command takes, indicators included; an action's id given to `record` says
/// what it is.
#[test]
fn unknown_ids_suggest_indicator_ids_where_indicators_are_accepted() {
    let plan = plan();
    let stderr = |args: &[&str]| {
        let out = run(&plan, "2005-11-15", args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        String::from_utf8_lossy(&out.stderr).trim_end().to_owned()
    };
    assert_eq!(
        stderr(&["show", "hou-relt"]),
        "error: no priority, action or indicator has the id \"hou-relt\"\nhelp: did you mean \"hou-relet\"?"
    );
    assert_eq!(
        stderr(&["show", "hou-2"]),
        "error: no priority, action or indicator has the id \"hou-2\"\nhelp: did you mean \"hou-1\"?"
    );
    assert_eq!(
        stderr(&["record", "hou-1", "2005/06 Q1", "3"]),
        "error: \"hou-1\" is an action, not an indicator: plan record writes an indicator's figures (plan update reports an action's progress)"
    );
    assert_eq!(
        stderr(&[
            "waive",
            "hou-rnt",
            "--rule",
            "late-data",
            "--reason",
            "Audited first"
        ]),
        "error: no priority, action or indicator has the id \"hou-rnt\"\nhelp: did you mean \"hou-rent\"?"
    );
    // Commands that change actions name what an indicator id is.
    assert_eq!(
        stderr(&["update", "hou-rent", "Collected"]),
        "error: \"hou-rent\" is an indicator; this command changes actions and priorities (plan record writes an indicator's figures)"
    );
}

/// `plan waive` on an indicator: the waiver goes in its `[[indicator]]` table through the
/// edit path (every other byte kept), and `plan check` then counts the finding as waived.
#[test]
fn waive_writes_an_indicator_waiver_that_check_honours() {
    let plan = plan();
    let out = run(
        &plan,
        "2005-11-15",
        &[
            "waive",
            "hou-relet",
            "--rule",
            "late-data",
            "--reason",
            "Q2 voids audited first",
            "--until",
            "2005-12-31",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim_end(),
        "hou-relet: waived late-data until 2005-12-31"
    );
    let after = std::fs::read_to_string(plan.plan_dir().join("housing.toml")).unwrap();
    assert_eq!(
        after,
        format!(
            "{HOUSING}\n[[indicator.waive]]\nrule = \"late-data\"\nreason = \"Q2 voids audited first\"\nuntil = 2005-12-31\n"
        )
    );
    let out = run(&plan, "2005-11-15", &["check"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("1 waived"), "{stdout}");
    assert!(!stdout.contains("late-data"), "{stdout}");
    // Nothing left to waive: refused, nothing written.
    let out = run(
        &plan,
        "2005-11-15",
        &["waive", "--all", "--rule", "late-data", "--reason", "Again"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim_end(),
        "error: nothing to waive: rule late-data finds nothing in the plan that is not already waived"
    );
    let out = run(
        &plan,
        "2005-11-15",
        &["waive", "hou-rent", "--rule", "late-data", "--reason", "No"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim_end(),
        "error: nothing to waive: rule late-data finds nothing on \"hou-rent\" (or it is already waived)"
    );
}

#[test]
fn check_reports_late_data_as_a_warning_and_deny_makes_it_an_error() {
    let plan = plan();
    let out = run(&plan, "2005-11-15", &["check", "--format", "json"]);
    let findings: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let late: Vec<(String, String)> = findings
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f["rule"] == "late-data")
        .map(|f| {
            (
                f["severity"].as_str().unwrap().to_owned(),
                f["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        late,
        [("warning".to_owned(), "indicator \"hou-relet\" has no actual for 2005/06 Q2 (due by 2005-10-30, 30 days after the period ended)".to_owned())]
    );
    assert_eq!(out.status.code(), Some(0));
    let denied = run(&plan, "2005-11-15", &["check", "--deny", "late-data"]);
    assert_eq!(denied.status.code(), Some(1));
    // data_due_after moves the edge.
    plan.write(
        "plan.toml",
        "title = \"Test plan\"\norganisation = \"Test Council\"\ndata_due_after = 60\n",
    );
    assert_eq!(
        run(&plan, "2005-11-15", &["check", "--deny", "late-data"])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn show_an_indicator_gives_its_series_period_by_period() {
    let plan = plan();
    let detail = json(
        &plan,
        "2005-11-15",
        &["show", "hou-rent", "--format", "json"],
    );
    assert_eq!(detail["kind"], "indicator");
    assert_eq!(detail["source"], "BVPI 66a");
    let series: Vec<(String, serde_json::Value, String)> = detail["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["period"].as_str().unwrap().to_owned(),
                s["actual"].clone(),
                s["rag"].to_string(),
            )
        })
        .collect();
    assert_eq!(
        series,
        [
            (
                "2005/06 Q1".to_owned(),
                serde_json::json!(96.1),
                "\"amber\"".to_owned()
            ),
            (
                "2005/06 Q2".to_owned(),
                serde_json::json!(97.6),
                "\"green\"".to_owned()
            ),
            (
                "2005/06 Q3".to_owned(),
                serde_json::Value::Null,
                "null".to_owned()
            ),
        ]
    );
    assert_eq!(
        detail["series"][0]["note"],
        "Arrears team short-staffed in May"
    );
    assert_eq!(detail["series"][0]["quartile"], "third");
    let late = json(
        &plan,
        "2006-02-01",
        &["show", "hou-rent", "--format", "json"],
    );
    assert_eq!(late["series"][2]["late"], true);
    let csv = run(
        &plan,
        "2005-11-15",
        &["show", "hou-relet", "--format", "csv"],
    );
    assert_eq!(
        String::from_utf8(csv.stdout).unwrap(),
        "period,actual,target,rag,vs previous,vs year before,quartile,note\n\
2005/06 Q1,34 days,30 days,red,—,—,—,—\n\
2005/06 Q2,LATE,30 days,—,—,—,—,—\n\
2005/06 Q3,—,30 days,—,—,—,—,—\n"
    );
}

#[test]
fn report_markdown_has_the_indicators_and_their_exceptions() {
    let plan = plan();
    let out = run(&plan, "2005-11-15", &["report", "--format", "markdown"]);
    let md = String::from_utf8(out.stdout).unwrap();
    let start = md.find("## Performance indicators").expect("a section");
    let end = md[start..].find("\n## ").unwrap() + start;
    assert_eq!(
        &md[start..end],
        "## Performance indicators\n\n\
| ID | Indicator | Owners | Period | Actual | Target | RAG | vs previous | vs year before | Quartile | Late data |\n\
|---|---|---|---|--:|--:|---|---|---|---|---|\n\
| hou-rent | Rent collected as a percentage of rent due | Director of Housing | 2005/06 Q2 | 97.6% | 97.5% | green | improving | — | second | no |\n\
| hou-relet | Average days to relet a council home | Chief Executive | 2005/06 Q1 | 34 days | 30 days | red | — | — | — | 2005/06 Q2 |\n\n\
**Indicator exceptions** (red, or data late):\n\n\
- hou-relet (Average days to relet a council home): red, 34 days against 30 days for 2005/06 Q1; no actual for 2005/06 Q2\n"
    );
    // Narrowed to an owner, the report shows only that owner's indicators.
    let out = run(
        &plan,
        "2005-11-15",
        &[
            "report",
            "--format",
            "markdown",
            "--owner",
            "Chief Executive",
        ],
    );
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(
        md.contains("| hou-relet |") && !md.contains("| hou-rent |"),
        "{md}"
    );
}

#[test]
fn report_html_has_one_inline_svg_chart_per_indicator_with_its_figures_in_text() {
    let plan = plan();
    let out = run(&plan, "2005-11-15", &["report", "--format", "html"]);
    let html = String::from_utf8(out.stdout).unwrap();
    assert_eq!(html.matches("<svg class=\"chart\" role=\"img\"").count(), 2);
    assert!(!html.contains("<script"));
    let alt = "Rent collected as a percentage of rent due. 2005/06 Q1: 96.1% (target 97.5%); 2005/06 Q2: 97.6% (target 97.5%); 2005/06 Q3: no figure yet (target 97.5%).";
    assert!(html.contains(&format!("<title>{alt}</title>")), "{html}");
    assert!(html.contains(&format!("<p class=\"alt\">{alt}</p>")));
    assert!(html.contains("<polyline class=\"target\""));
    assert!(html.contains("<li>hou-relet (Average days to relet a council home): red, 34 days against 30 days for 2005/06 Q1; no actual for 2005/06 Q2</li>"));
    assert!(html.contains("<a href=\"#indicators\">Performance indicators</a>"));
}

#[test]
fn a_plan_without_indicators_has_no_indicator_section() {
    let plan = TestPlan::new();
    plan.write("p.toml", "[priority]\nid = \"p\"\ntitle = \"P\"\nowners = [\"Chief Executive\"]\n\n[[action]]\nid = \"p-1\"\ntitle = \"A\"\ndue = \"2005/06\"\n");
    for format in ["markdown", "html", "csv"] {
        let out = run(&plan, "2005-11-15", &["report", "--format", format]);
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(!text.contains("indicator"), "{format}");
        assert!(!text.contains("\n\n") || format != "csv", "{text}");
    }
}

/// The fixture committed on 1 October 2005, then changed in the working tree: hou-rent's
/// year target lowered and its Q1 restated, hou-relet's Q2 recorded and a 2006/07 target
/// added.
fn committed_then_changed() -> TestPlan {
    let plan = plan();
    plan.git().commit("plan", "2005-10-01");
    let changed = HOUSING
        .replace("period = \"2005/06\"\nvalue = 97.5\n", "period = \"2005/06\"\nvalue = 96.5\n")
        .replace("value = 96.1\n", "value = 95.9\n")
        .replace(
            "period = \"2005/06\"\nvalue = 30\n",
            "period = \"2005/06\"\nvalue = 30\n\n[[indicator.target]]\nperiod = \"2006/07\"\nvalue = 28\n",
        );
    plan.write("housing.toml", &changed);
    let out = run(
        &plan,
        "2005-11-15",
        &["record", "hou-relet", "2005/06 Q2", "31"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    plan
}

#[test]
fn diff_shows_new_actuals_restated_values_and_targets_changed_after_their_period_began() {
    let plan = committed_then_changed();
    let root = plan.root();
    let mut cmd = common::plan_cmd();
    cmd.current_dir(root).args([
        "--plan",
        "plan",
        "--today",
        "2005-11-15",
        "diff",
        "HEAD",
        "--format",
        "json",
    ]);
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let view: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let changes: Vec<(String, String, String)> = view["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["change"].as_str().unwrap().to_owned(),
                c["id"].as_str().unwrap().to_owned(),
                c["detail"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected: Vec<(String, String, String)> = [
        ("restated", "hou-rent", "2005/06 Q1: 96.1% → 95.9%"),
        (
            "target-changed-late",
            "hou-rent",
            "2005/06: 97.5% → 96.5% (after the period began)",
        ),
        ("new-actual", "hou-relet", "2005/06 Q2: 31 days"),
        ("target-changed", "hou-relet", "2006/07: none → 28 days"),
    ]
    .into_iter()
    .map(|(a, b, c)| (a.to_owned(), b.to_owned(), c.to_owned()))
    .collect();
    assert_eq!(changes, expected);

    // `plan history` follows actions: an indicator's id says where its changes are.
    let mut cmd = common::plan_cmd();
    cmd.current_dir(root).args([
        "--plan",
        "plan",
        "--today",
        "2005-11-15",
        "history",
        "hou-rent",
    ]);
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim_end(),
        "error: \"hou-rent\" is an indicator: plan history follows an action through the commits; plan diff REV lists an indicator's new actuals, restated values and changed targets"
    );
}

/// Two commits: the first with a 2006/07 target for hou-rent beside HOUSING's, the second
/// with hou-rent's Q2 actual and that target removed and hou-relet deleted.
fn committed_then_removed() -> TestPlan {
    let plan = TestPlan::new();
    let first = HOUSING.replace(
        "period = \"2005/06\"\nvalue = 97.5\n",
        "period = \"2005/06\"\nvalue = 97.5\n\n[[indicator.target]]\nperiod = \"2006/07\"\nvalue = 98\n",
    );
    plan.write("housing.toml", &first);
    let repo = plan.git();
    repo.commit("plan", "2005-10-01");
    let relet = first.find("[[indicator]]\nid = \"hou-relet\"").unwrap();
    let second = first[..relet]
        .trim_end()
        .replace(
            "\n\n[[indicator.target]]\nperiod = \"2006/07\"\nvalue = 98\n",
            "\n",
        )
        .replace(
            "\n[[indicator.actual]]\nperiod = \"2005/06 Q2\"\nvalue = 97.6\n",
            "",
        )
        + "\n";
    assert_ne!(second, first);
    plan.write("housing.toml", &second);
    repo.commit("remove", "2005-11-01");
    plan
}

/// Removed actuals, a removed target and a deleted indicator are changes too, between two
/// commits: in `plan diff`'s JSON and text, and in `report --since`.
#[test]
fn diff_and_report_since_show_removed_actuals_targets_and_indicators() {
    let plan = committed_then_removed();
    let root = plan.root();
    let run_at = |args: &[&str]| {
        let mut cmd = common::plan_cmd();
        cmd.current_dir(root)
            .args(["--plan", "plan", "--today", "2005-11-15"])
            .args(args);
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let json = run_at(&["diff", "HEAD~1", "HEAD", "--format", "json"]);
    let view: serde_json::Value = serde_json::from_str(&json).unwrap();
    let changes: Vec<(&str, &str, &str, &str)> = view["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["change"].as_str().unwrap(),
                c["id"].as_str().unwrap(),
                c["period"].as_str().unwrap(),
                c["detail"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        changes,
        [
            (
                "actual-removed",
                "hou-rent",
                "2005/06 Q2",
                "2005/06 Q2: 97.6% → none"
            ),
            (
                "target-changed",
                "hou-rent",
                "2006/07",
                "2006/07: 98% → none"
            ),
            (
                "indicator-removed",
                "hou-relet",
                "",
                "removed, with 1 actual and 1 target"
            ),
        ]
    );
    assert_eq!(view["indicators"][0]["before"], 97.6);
    assert_eq!(view["indicators"][0]["after"], serde_json::Value::Null);

    let text = run_at(&["diff", "HEAD~1", "HEAD", "--format", "markdown"]);
    assert!(text.contains(": 3 indicator changes\n"), "{text}");
    for line in [
        "| hou-rent | actual-removed | 2005/06 Q2: 97.6% → none |",
        "| hou-rent | target-changed | 2006/07: 98% → none |",
        "| hou-relet | indicator-removed | removed, with 1 actual and 1 target |",
    ] {
        assert!(text.contains(line), "{line} in {text}");
    }

    let md = run_at(&["report", "--since", "HEAD~1", "--format", "markdown"]);
    let start = md
        .find("## Changes since HEAD\\~1")
        .expect("a changes section");
    let end = md[start + 1..]
        .find("\n## ")
        .map_or(md.len(), |e| e + start + 1);
    assert_eq!(
        &md[start..end],
        "## Changes since HEAD\\~1\n\n\
**Indicators: Actuals removed** (1)\n\n\
- hou-rent Rent collected as a percentage of rent due — 2005/06 Q2: 97.6% → none\n\n\
**Indicators: Indicators removed** (1)\n\n\
- hou-relet Average days to relet a council home — removed, with 1 actual and 1 target\n\n\
**Indicators: Targets changed** (1)\n\n\
- hou-rent Rent collected as a percentage of rent due — 2006/07: 98% → none\n"
    );
    let html = run_at(&["report", "--since", "HEAD~1", "--format", "html"]);
    assert!(html.contains("<ul class=\"changes\" data-change=\"indicator-removed\"><li>hou-relet Average days to relet a council home — <span class=\"detail\">removed, with 1 actual and 1 target</span></li></ul>"), "{html}");
}

/// An indicator that already has a `missing-target` error can take another actual without a
/// target: the error grows (one more period named) but is not new, so the edit is allowed;
/// a `missing-target` on another indicator is new and still refused.
#[test]
fn record_allows_an_existing_missing_target_error_to_grow() {
    let plan = TestPlan::new();
    let without = HOUSING.replace(
        "[[indicator.target]]\nperiod = \"2005/06\"\nvalue = 30\n\n",
        "",
    );
    plan.write("housing.toml", &without);
    let out = run(
        &plan,
        "2005-11-15",
        &["record", "hou-relet", "2005/06 Q2", "31"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = std::fs::read_to_string(plan.plan_dir().join("housing.toml")).unwrap();
    assert_eq!(
        after,
        without.replace(
            "period = \"2005/06 Q1\"\nvalue = 34\n",
            "period = \"2005/06 Q1\"\nvalue = 34\n\n[[indicator.actual]]\nperiod = \"2005/06 Q2\"\nvalue = 31\n"
        )
    );
    let check = run(&plan, "2005-11-15", &["check"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&check.stdout).starts_with(
            "error[missing-target]: indicator \"hou-relet\" has no target for 2005/06 Q1, 2005/06 Q2 (which has an actual)\n"
        ),
        "{check:?}"
    );
    // hou-rent's actuals have a target: one for 2006/07 Q1 would be a new error.
    let out = run(
        &plan,
        "2005-11-15",
        &["record", "hou-rent", "2006/07 Q1", "97", "--allow-future"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("indicator \"hou-rent\" has no target for 2006/07 Q1"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(plan.plan_dir().join("housing.toml")).unwrap(),
        after
    );
}

#[test]
fn readme_indicators_example_is_current() {
    let plan = plan();
    let out = run(&plan, "2005-11-15", &["indicators", "--format", "csv"]);
    let real = String::from_utf8(out.stdout).unwrap();
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    assert!(
        readme.contains(&real),
        "README's `plan indicators` example is stale:\n{real}"
    );
}

/// `report --since` shows the indicators' changes `plan diff` finds, in every format: new
/// actuals, restated actuals and targets changed after their period began, grouped by kind.
#[test]
fn report_since_shows_new_actuals_restated_values_and_late_target_changes() {
    let plan = committed_then_changed();
    let root = plan.root();
    let report = |format: &str| {
        let mut cmd = common::plan_cmd();
        cmd.current_dir(root).args([
            "--plan",
            "plan",
            "--today",
            "2005-11-15",
            "report",
            "--since",
            "HEAD",
            "--format",
            format,
        ]);
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let md = report("markdown");
    let start = md.find("## Changes since HEAD").expect("a changes section");
    let end = md[start + 1..]
        .find("\n## ")
        .map_or(md.len(), |e| e + start + 1);
    assert_eq!(
        &md[start..end],
        "## Changes since HEAD\n\n\
**Indicators: New actuals** (1)\n\n\
- hou-relet Average days to relet a council home — 2005/06 Q2: 31 days\n\n\
**Indicators: Actuals restated** (1)\n\n\
- hou-rent Rent collected as a percentage of rent due — 2005/06 Q1: 96.1% → 95.9%\n\n\
**Indicators: Targets changed after their period began** (1)\n\n\
- hou-rent Rent collected as a percentage of rent due — 2005/06: 97.5% → 96.5% (after the period began)\n\n\
**Indicators: Targets changed** (1)\n\n\
- hou-relet Average days to relet a council home — 2006/07: none → 28 days\n"
    );
    let html = report("html");
    assert!(html.contains("<h3>Indicators: Targets changed after their period began (1)</h3><ul class=\"changes\" data-change=\"target-changed-late\"><li><a href=\"#i-hou-rent\">hou-rent</a> Rent collected as a percentage of rent due — <span class=\"detail\">2005/06: 97.5% → 96.5% (after the period began)</span></li></ul>"), "{html}");
    assert!(!html.contains("No changes."));

    let path = root.join("report.xlsx");
    let mut cmd = common::plan_cmd();
    cmd.current_dir(root).args([
        "--plan",
        "plan",
        "--today",
        "2005-11-15",
        "report",
        "--since",
        "HEAD",
        "-o",
    ]);
    let out = cmd.arg(&path).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "Summary",
            "Exceptions",
            "All actions",
            "Indicators",
            "Changes"
        ]
    );
    let changes = book.worksheet_range("Changes").unwrap();
    let late = (1..changes.height())
        .find(|&r| cell(&changes, r, 0) == "Targets changed after their period began")
        .expect("a late target change");
    assert_eq!(cell(&changes, late, 1), "hou-rent");
    assert_eq!(changes.get((late, 3)), Some(&Data::Float(97.5)));
    assert_eq!(changes.get((late, 4)), Some(&Data::Float(96.5)));
    assert_eq!(changes.height(), 5, "the header and four indicator changes");
    let summary = book.worksheet_range("Summary").unwrap();
    assert_eq!(cell(&summary, 4, 0), "Changes since HEAD");
    assert_eq!(summary.get((4, 1)), Some(&Data::Float(4.0)));
}

fn cell(range: &Range<Data>, row: usize, col: usize) -> String {
    range
        .get((row, col))
        .map(ToString::to_string)
        .unwrap_or_default()
}

/// The CSV report: the actions' table as before, then a blank line and one row per
/// indicator, its latest actual judged, figures as plain numbers.
#[test]
fn report_csv_has_an_indicators_table_after_the_actions() {
    let plan = plan();
    let out = run(&plan, "2005-11-15", &["report", "--format", "csv"]);
    let csv = String::from_utf8(out.stdout).unwrap();
    let (actions, indicators) = csv.split_once("\n\n").expect("two tables");
    assert_eq!(
        actions.lines().count(),
        2,
        "the header and hou-1: {actions}"
    );
    assert_eq!(
        indicators,
        "indicator_id,title,priority_id,priority_title,owners,unit,polarity,frequency,tolerance,period,actual,target,rag,vs_previous,vs_year_before,quartile,late_periods,note,file,line,as_at\n\
hou-rent,Rent collected as a percentage of rent due,hou,Decent Homes,Director of Housing,%,higher,quarterly,2%,2005/06 Q2,97.6,97.5,green,improving,,second,,,plan/housing.toml,12,2005-11-15\n\
hou-relet,Average days to relet a council home,hou,Decent Homes,Chief Executive,days,lower,quarterly,3,2005/06 Q1,34,30,red,,,,2005/06 Q2,,plan/housing.toml,38,2005-11-15\n"
    );
}

/// The workbook's Indicators sheet: real numbers for actual and target, the RAG, trend,
/// quartile and late periods; a plan without indicators has no such sheet.
#[test]
fn report_xlsx_has_an_indicators_sheet_with_real_numbers() {
    let plan = plan();
    let path = plan.root().join("report.xlsx");
    let mut cmd = common::plan_cmd();
    cmd.arg("--plan")
        .arg(plan.plan_dir())
        .args(["--today", "2005-11-15", "report", "-o"])
        .arg(&path);
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["Summary", "Exceptions", "All actions", "Indicators"]
    );
    let sheet = book.worksheet_range("Indicators").unwrap();
    assert_eq!(sheet.get_size(), (3, 18));
    let row: Vec<String> = (0..18).map(|c| cell(&sheet, 1, c)).collect();
    assert_eq!(
        row,
        [
            "hou-rent",
            "Rent collected as a percentage of rent due",
            "hou",
            "Director of Housing",
            "%",
            "higher",
            "quarterly",
            "2%",
            "2005/06 Q2",
            "97.6",
            "97.5",
            "green",
            "improving",
            "",
            "second",
            "",
            "",
            "plan/housing.toml:12"
        ]
    );
    assert_eq!(sheet.get((1, 9)), Some(&Data::Float(97.6)));
    assert_eq!(sheet.get((2, 10)), Some(&Data::Float(30.0)));
    assert_eq!(cell(&sheet, 2, 11), "red");
    assert_eq!(cell(&sheet, 2, 15), "2005/06 Q2");

    let bare = TestPlan::new();
    bare.write("p.toml", "[priority]\nid = \"p\"\ntitle = \"P\"\nowners = [\"Chief Executive\"]\n\n[[action]]\nid = \"p-1\"\ntitle = \"A\"\ndue = \"2005/06\"\n");
    let path = bare.root().join("report.xlsx");
    let mut cmd = common::plan_cmd();
    cmd.arg("--plan")
        .arg(bare.plan_dir())
        .args(["--today", "2005-11-15", "report", "-o"])
        .arg(&path);
    assert!(cmd.output().unwrap().status.success());
    let book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(book.sheet_names(), ["Summary", "Exceptions", "All actions"]);
}

/// `plan init`'s example priority holds an indicator in the documented format: it loads
/// with no indicator finding as at the day its series is current, and is judged.
#[test]
fn init_writes_an_example_indicator_with_a_quarterly_series() {
    let dir = tempfile::tempdir().unwrap();
    let out = common::plan_cmd()
        .args([
            "--today",
            "2026-11-15",
            "init",
            "--organisation",
            "Test Council",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let plan_dir = dir.path().join("plan");
    let check = common::plan_cmd()
        .arg("--plan")
        .arg(&plan_dir)
        .args(["--today", "2026-11-15", "check", "--format", "json"])
        .output()
        .unwrap();
    let findings: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let rules: Vec<(&str, &str)> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule"].as_str().unwrap(), f["id"].as_str().unwrap()))
        .collect();
    assert_eq!(rules, [("missing-date", "ex-3")]);
    let out = common::plan_cmd()
        .arg("--plan")
        .arg(&plan_dir)
        .args(["--today", "2026-11-15", "indicators", "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "id,title,owners,period,actual,target,rag,vs previous,vs year before,quartile,late\n\
ex-rent,Rent collected as a percentage of rent due,Chief Executive,2026/27 Q2,98.1%,98%,green,improving,improving,top,no\n"
    );
}

const HOSTILE: &str = r#"[priority]
id = "h"
title = "Hostile"
owners = ["Chief Executive"]

[[action]]
id = "h-1"
title = "An action"
due = "2005/06"

[[indicator]]
id = "h-none"
title = "No targets at all"
unit = "£"
polarity = "lower"
frequency = "quarterly"
tolerance = "0"

[[indicator.actual]]
period = "2005/06 Q1"
value = 12.5

[[indicator]]
id = "h-bad"
title = "A target period nobody can read"
unit = "bins emptied"
polarity = "higher"
frequency = "quarterly"
tolerance = "0"

[[indicator.target]]
period = "sometime next spring-ish"
value = 10

[[indicator.target]]
period = "2005/06"
value = 10

[[indicator.actual]]
period = "2005/06 Q1"
value = 10

[[indicator.actual]]
period = "Q1 2005/06"
value = 11
"#;

/// Hostile indicators: no targets, an unreadable target period, "£" and a text unit,
/// polarity lower, tolerance "0", two actuals for one period, an id colliding with an
/// action's. Every one is a located finding; no command panics, and each answers.
#[test]
fn hostile_indicators_are_located_findings_never_panics() {
    let plan = TestPlan::new();
    plan.write("h.toml", HOSTILE);
    let out = run(&plan, "2005-11-15", &["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let findings: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<(String, u64, String)> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
                f["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected: Vec<(String, u64, String)> = [
        ("missing-target", 11, "indicator \"h-none\" has no target for 2005/06 Q1 (which has an actual)"),
        ("late-data", 11, "indicator \"h-none\" has no actual for 2005/06 Q2 (due by 2005-10-30, 30 days after the period ended)"),
        ("late-data", 23, "indicator \"h-bad\" has no actual for 2005/06 Q2 (due by 2005-10-30, 30 days after the period ended)"),
        ("bad-period", 32, "bad period \"sometime next spring-ish\": not a financial year, quarter or month"),
        ("duplicate-period", 43, "a second actual for 2005/06 Q1 on indicator \"h-bad\""),
    ]
    .into_iter()
    .map(|(r, l, m)| (r.to_owned(), l, m.to_owned()))
    .collect();
    assert_eq!(found, expected);
    // Degraded, not blocked: every command answers from what could be read.
    let rows = json(&plan, "2005-11-15", &["indicators", "--format", "json"]);
    assert_eq!(rows[0]["actual"], 12.5);
    assert_eq!(rows[0]["target"], serde_json::Value::Null);
    assert_eq!(rows[0]["rag"], serde_json::Value::Null);
    assert_eq!(rows[1]["rag"], "green", "10 against 10 with tolerance 0");
    let table = run(&plan, "2005-11-15", &["indicators"]);
    assert!(String::from_utf8_lossy(&table.stdout).contains("£12.5"));
    for args in [
        &["show", "h-none"][..],
        &["show", "h-bad", "--format", "json"],
        &["report", "--format", "markdown"],
        &["report", "--format", "html"],
        &["report", "--format", "csv"],
        &["record", "h-bad", "2005/06 Q2", "11", "--dry-run"],
    ] {
        let out = run(&plan, "2005-11-15", args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = run(
        &plan,
        "2005-11-15",
        &["record", "h-bad", "2005/06 Q3", "1", "--target"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // An indicator id that is an action's: a duplicate-id at both, and queries refuse.
    let clash = TestPlan::new();
    clash.write(
        "h.toml",
        &format!("{HOSTILE}\n[[indicator]]\nid = \"h-1\"\ntitle = \"Collides\"\npolarity = \"higher\"\nfrequency = \"annual\"\n"),
    );
    let out = run(&clash, "2005-11-15", &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            "error[duplicate-id]: id \"h-1\" is used more than once\n  --> plan/h.toml:48:6"
        ),
        "{text}"
    );
    let out = run(&clash, "2005-11-15", &["indicators"]);
    assert_eq!(out.status.code(), Some(2));
}
