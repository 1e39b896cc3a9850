//! A plan written with every form in the SPEC's date tables loads and answers right; the
//! `plan.toml` date settings are validated at their line; explicit "no date yet" is undated
//! but not an error of reading.

mod common;

use common::TestPlan;
use predicates::prelude::*;

/// (id, due as written, canonical `due`, `due_by`) for every form in the SPEC tables.
const FORMS: [(&str, &str, &str, Option<&str>); 31] = [
    ("d-1", "2004-04-30", "2004-04-30", Some("2004-04-30")),
    ("d-2", "31 March 2006", "2006-03-31", Some("2006-03-31")),
    ("d-3", "31st March 2006", "2006-03-31", Some("2006-03-31")),
    ("d-4", "31 Mar 06", "2006-03-31", Some("2006-03-31")),
    ("d-5", "31/03/2006", "2006-03-31", Some("2006-03-31")),
    ("d-6", "31.03.06", "2006-03-31", Some("2006-03-31")),
    ("m-1", "2004-04", "April 2004", Some("2004-04-30")),
    ("m-2", "Apr 2004", "April 2004", Some("2004-04-30")),
    ("m-3", "Sept 2005", "September 2005", Some("2005-09-30")),
    ("m-4", "Dec 05", "December 2005", Some("2005-12-31")),
    ("m-5", "Mar-06", "March 2006", Some("2006-03-31")),
    ("m-6", "March '06", "March 2006", Some("2006-03-31")),
    ("q-1", "2004-Q2", "2004-Q2", Some("2004-06-30")),
    ("q-2", "Q2 2005", "2005-Q2", Some("2005-06-30")),
    ("y-1", "2004", "2004", Some("2004-12-31")),
    ("f-1", "FY2005/06", "2005/06", Some("2006-03-31")),
    ("f-2", "2005-2006", "2005/06", Some("2006-03-31")),
    ("f-3", "2024-25", "2024/25", Some("2025-03-31")),
    ("f-4", "2005–06", "2005/06", Some("2006-03-31")),
    ("f-5", "2005/08", "2005/08", Some("2008-03-31")),
    (
        "fq-1",
        "Quarter 3 2005/06",
        "2005/06 Q3",
        Some("2005-12-31"),
    ),
    (
        "fq-2",
        "1st Quarter 2005/06",
        "2005/06 Q1",
        Some("2005-06-30"),
    ),
    ("fq-3", "H1 2005/06", "2005/06 H1", Some("2005-09-30")),
    ("s-1", "Summer 2005", "Summer 2005", Some("2005-08-31")),
    (
        "s-2",
        "Winter 2007/08",
        "Winter 2007/08",
        Some("2008-02-29"),
    ),
    (
        "r-1",
        "December 2004/ January 2005",
        "December 2004 to January 2005",
        Some("2005-01-31"),
    ),
    ("p-1", "Year end 2005/06", "2005/06", Some("2006-03-31")),
    ("p-2", "End March 2006", "March 2006", Some("2006-03-31")),
    ("c-1", "ongoing", "continuous", None),
    ("c-2", "April 2005 onwards", "from April 2005", None),
    ("u-1", "to be agreed", "TBC", None),
];

fn every_form_plan() -> TestPlan {
    let plan = TestPlan::new();
    plan.write(
        "plan.toml",
        "title = \"Test plan\"\norganisation = \"Test Council\"\ndate_order = \"dmy\"\n",
    );
    let mut text =
        String::from("[priority]\nid = \"p\"\ntitle = \"Forms\"\nowners = [\"Chief Executive\"]\n");
    for (id, due, _, _) in FORMS {
        text.push_str(&format!(
            "\n[[action]]\nid = \"{id}\"\ntitle = \"{due}\"\ndue = \"{due}\"\n"
        ));
    }
    plan.write("forms.toml", &text);
    plan
}

fn json(output: &[u8]) -> serde_json::Value {
    serde_json::from_slice(output).expect("JSON output")
}

#[test]
fn every_spec_form_loads_and_answers_right() {
    let plan = every_form_plan();
    let out = plan
        .cmd()
        .args(["list", "--format", "json"])
        .assert()
        .success()
        .stderr("")
        .get_output()
        .stdout
        .clone();
    let rows = json(&out);
    let rows = rows.as_array().expect("array");
    assert_eq!(rows.len(), FORMS.len());
    for (id, written, due, due_by) in FORMS {
        let row = rows.iter().find(|r| r["id"] == id).expect(id);
        assert_eq!(row["due_written"], written, "{id}");
        assert_eq!(row["due"], due, "{id}");
        assert_eq!(
            row["due_by"],
            due_by.map_or(serde_json::Value::Null, Into::into)
        );
    }
    // On 2004-05-01 only the April 2004 day and months are overdue.
    let overdue = json(
        &plan
            .cmd()
            .args(["list", "--overdue", "--format", "json"])
            .assert()
            .success()
            .get_output()
            .stdout,
    );
    let ids: Vec<&str> = overdue
        .as_array()
        .expect("array")
        .iter()
        .map(|r| r["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, ["d-1", "m-1", "m-2"]);
    let later = json(
        &plan
            .cmd()
            .args([
                "list",
                "--overdue",
                "--today",
                "2005-01-01",
                "--format",
                "json",
            ])
            .assert()
            .success()
            .get_output()
            .stdout,
    );
    let ids: Vec<&str> = later
        .as_array()
        .expect("array")
        .iter()
        .map(|r| r["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, ["d-1", "m-1", "m-2", "q-1", "y-1"]);
}

#[test]
fn explicitly_undated_is_listed_as_undated_and_checked_as_missing() {
    let plan = every_form_plan();
    let out = plan
        .cmd()
        .args(["list", "--no-date", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let rows = json(&out);
    let ids: Vec<&str> = rows
        .as_array()
        .expect("array")
        .iter()
        .map(|r| r["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, ["u-1"]);
    plan.cmd()
        .args(["check"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "error[missing-date]: action \"u-1\" has no due date yet: \"to be agreed\"",
        ))
        .stdout(predicate::str::contains("bad-date").not())
        .stdout(predicate::str::contains("1 error"));
}

#[test]
fn show_explains_the_reading() {
    let plan = every_form_plan();
    plan.cmd()
        .args(["show", "s-1", "--format", "markdown"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "| Due | Summer 2005 — the season June–August 2005, due by 31 August 2005 |",
        ));
    plan.cmd()
        .args(["show", "c-2", "--format", "markdown"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "| Due | April 2005 onwards — a standing commitment since 1 April 2005: never overdue, and it counts as dated |",
        ));
}

#[test]
fn two_readings_are_a_located_bad_date() {
    let plan = TestPlan::new();
    plan.write(
        "forms.toml",
        "[priority]\nid = \"p\"\ntitle = \"Forms\"\nowners = [\"Chief Executive\"]\n\n[[action]]\nid = \"a-1\"\ntitle = \"A\"\ndue = \"2005-06\"\n\n[[action]]\nid = \"a-2\"\ntitle = \"B\"\ndue = \"04/05/2006\"\n",
    );
    plan.cmd()
        .args(["check"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "\"2005-06\" has two readings: June 2005, or the financial year 2005/06; write \"June 2005\" or \"2005/06\"",
        ))
        .stdout(predicate::str::contains("plan/forms.toml:9:7"))
        .stdout(predicate::str::contains(
            "set date_order = \"dmy\" or \"mdy\" in plan.toml",
        ))
        .stdout(predicate::str::contains("plan/forms.toml:14:7"))
        .stdout(predicate::str::contains("docs/dates.md"));
}

#[test]
fn date_settings_are_validated_at_their_line() {
    let plan = TestPlan::new();
    plan.write(
        "plan.toml",
        "title = \"Test plan\"\norganisation = \"Test Council\"\ndate_order = \"dym\"\nquarters = \"fiscal\"\n",
    );
    plan.cmd()
        .args(["check"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "date_order must be \"dmy\" or \"mdy\", not \"dym\"",
        ))
        .stdout(predicate::str::contains("plan/plan.toml:3:14"))
        .stdout(predicate::str::contains("did you mean \"dmy\"?"))
        .stdout(predicate::str::contains(
            "quarters must be \"calendar\" or \"financial\", not \"fiscal\"",
        ))
        .stdout(predicate::str::contains("plan/plan.toml:4:12"));
}

#[test]
fn financial_quarters_setting_moves_q_forms_only() {
    let plan = TestPlan::new();
    plan.write(
        "plan.toml",
        "title = \"Test plan\"\norganisation = \"Test Council\"\nquarters = \"financial\"\n",
    );
    plan.write(
        "forms.toml",
        "[priority]\nid = \"p\"\ntitle = \"Forms\"\nowners = [\"Chief Executive\"]\n\n[[action]]\nid = \"a-1\"\ntitle = \"A\"\ndue = \"Q4 2005\"\n\n[[action]]\nid = \"a-2\"\ntitle = \"B\"\ndue = \"April 2005\"\n",
    );
    let rows = json(
        &plan
            .cmd()
            .args(["list", "--format", "json"])
            .assert()
            .success()
            .get_output()
            .stdout,
    );
    // Sorted by due-by day: April 2005 first, then the quarter ending March 2006.
    assert_eq!(rows[0]["due"], "April 2005");
    assert_eq!(rows[1]["id"], "a-1");
    assert_eq!(rows[1]["due"], "2005/06 Q4");
    assert_eq!(rows[1]["due_by"], "2006-03-31");
}
