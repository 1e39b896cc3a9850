//! `plan check --format sarif`: valid against the official SARIF 2.1.0 JSON Schema (vendored in
//! tests/fixtures/sarif/, see its README), with exact rule ids, 1-based regions and waived
//! findings as suppressions.
//!
//! Stands in for GitHub code scanning's SARIF upload (`github/codeql-action/upload-sarif`),
//! which refuses the whole file if any result breaks its rules: [`assert_valid`] checks the
//! schema (as Microsoft's SARIF Multitool `validate` does) and then the properties GitHub's
//! "SARIF support for code scanning" page marks required.

mod common;

use common::TestPlan;
use serde_json::Value;

fn sarif(cmd: &mut assert_cmd::Command) -> (i32, Value) {
    sarif_with(cmd, &[])
}

fn sarif_with(cmd: &mut assert_cmd::Command, extra: &[&str]) -> (i32, Value) {
    let output = cmd
        .args(["check", "--format", "sarif"])
        .args(extra)
        .output()
        .unwrap();
    let log = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stderr)));
    (output.status.code().unwrap(), log)
}

/// The official schema, with its one known defect worked around: the `pattern` for the
/// `language` of a run and of a tool component has a stray `]` (`...{2}]?$`), which a strict
/// ECMA-262 regex compiler (as the draft-07 meta-schema's `format: regex` asks for) refuses.
/// `plan` writes no `language`, so the fix cannot hide a problem in its output.
fn official_schema() -> Value {
    let text = include_str!("fixtures/sarif/sarif-schema-2.1.0.json");
    let defect = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#;
    assert_eq!(
        text.matches(defect).count(),
        2,
        "the known defect is where it was"
    );
    serde_json::from_str(&text.replace(defect, r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#))
        .expect("the vendored schema is JSON")
}

/// The schema, then GitHub's own rules ([`assert_github_accepts`]).
fn assert_valid(log: &Value) {
    assert_schema_valid(log);
    assert_github_accepts(log);
}

/// What GitHub code scanning requires beyond the schema (docs.github.com, "SARIF support for
/// code scanning"): `version` 2.1.0; a run with `tool.driver.name` and `results`; every rule
/// with an `id`, `shortDescription.text`, `fullDescription.text` and `help.text`; every
/// result with a `ruleId`, `message.text` and at least one location whose
/// `physicalLocation` has an `artifactLocation.uri` and a `region.startLine` — one result
/// without a location and the whole upload fails ("expected at least one location").
fn assert_github_accepts(log: &Value) {
    let text = |v: &Value, what: &str| {
        let t = v["text"]
            .as_str()
            .unwrap_or_else(|| panic!("{what} has no text"));
        assert!(!t.is_empty(), "{what} is empty");
    };
    assert_eq!(log["version"], "2.1.0");
    let runs = log["runs"].as_array().expect("runs");
    assert!(!runs.is_empty());
    for run in runs {
        let driver = &run["tool"]["driver"];
        assert!(driver["name"].as_str().is_some_and(|n| !n.is_empty()));
        let uri = driver["informationUri"].as_str().expect("informationUri");
        assert!(uri.starts_with("https://"), "{uri}");
        for rule in driver["rules"].as_array().expect("rules") {
            let id = rule["id"].as_str().expect("rule id");
            text(&rule["shortDescription"], &format!("{id} shortDescription"));
            text(&rule["fullDescription"], &format!("{id} fullDescription"));
            text(&rule["help"], &format!("{id} help"));
        }
        let results = run["results"].as_array().expect("results");
        // SARIF §3.27.23 (the Multitool's rule): suppressions on all results or on none.
        let with = results
            .iter()
            .filter(|r| r.get("suppressions").is_some())
            .count();
        assert!(
            with == 0 || with == results.len(),
            "suppressions on some results only"
        );
        for result in results {
            let id = result["ruleId"].as_str().expect("ruleId");
            text(&result["message"], &format!("{id} message"));
            let locations = result["locations"]
                .as_array()
                .unwrap_or_else(|| panic!("{id}: expected at least one location: {result}"));
            assert!(
                !locations.is_empty(),
                "{id}: expected at least one location"
            );
            for location in locations
                .iter()
                .chain(result["relatedLocations"].as_array().into_iter().flatten())
            {
                let physical = &location["physicalLocation"];
                assert!(
                    physical["artifactLocation"]["uri"]
                        .as_str()
                        .is_some_and(|u| !u.is_empty()),
                    "{id}: no artifactLocation.uri"
                );
                assert!(
                    physical["region"]["startLine"]
                        .as_u64()
                        .is_some_and(|l| l >= 1),
                    "{id}: no region.startLine"
                );
            }
        }
    }
}

fn assert_schema_valid(log: &Value) {
    let schema = official_schema();
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .build(&schema)
        .expect("the vendored schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "not valid SARIF 2.1.0:\n{}",
        errors.join("\n")
    );
}

/// (ruleId, level, uri, startLine, startColumn, endLine, endColumn, suppressed)
type Row = (String, String, String, u64, u64, u64, u64, bool);

fn rows(log: &Value) -> Vec<Row> {
    log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let location = &r["locations"][0]["physicalLocation"];
            let region = &location["region"];
            let n = |key: &str| region[key].as_u64().unwrap();
            (
                r["ruleId"].as_str().unwrap().to_owned(),
                r["level"].as_str().unwrap().to_owned(),
                location["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
                n("startLine"),
                n("startColumn"),
                n("endLine"),
                n("endColumn"),
                !r["suppressions"].as_array().unwrap().is_empty(),
            )
        })
        .collect()
}

fn row(rule: &str, level: &str, uri: &str, at: [u64; 4], suppressed: bool) -> Row {
    (
        rule.into(),
        level.into(),
        uri.into(),
        at[0],
        at[1],
        at[2],
        at[3],
        suppressed,
    )
}

#[test]
fn a_fixture_with_known_findings_gives_exact_results() {
    let plan = TestPlan::new();
    plan.write(
        "p.toml",
        "[priority]\nid = \"p\"\ntitle = \"P\"\nowners = [\"Chief Executive\"]\n\n[[action]]\nid = \"p-1\"\ntitle = \"One\"\ndue = \"April 2004\"\n\n[[action]]\nid = \"p-2\"\ntitle = \"Two\"\n\n[[action.waive]]\nrule = \"missing-date\"\nreason = \"No date agreed by Cabinet yet\"\nuntil = 2004-09-30\n\n[[action]]\nid = \"p-3\"\ntitle = \"Three\"\nowners = [\"Chef Executive\"]\ndue = \"2005\"\n",
    );
    let (code, log) = sarif(&mut plan.cmd());
    assert_eq!(code, 1, "the unknown owner is an error");
    assert_valid(&log);
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(log["runs"][0]["columnKind"], "unicodeCodePoints");
    assert_eq!(
        rows(&log),
        [
            row("overdue", "warning", "plan/p.toml", [6, 1, 6, 11], false),
            row(
                "missing-date",
                "error",
                "plan/p.toml",
                [11, 1, 11, 11],
                true
            ),
            row(
                "unknown-owner",
                "error",
                "plan/p.toml",
                [23, 11, 23, 27],
                false
            ),
        ]
    );
    let results = &log["runs"][0]["results"];
    assert_eq!(
        results[1]["suppressions"],
        serde_json::json!([{
            "kind": "inSource",
            "status": "accepted",
            "justification": "No date agreed by Cabinet yet",
            "properties": { "until": "2004-09-30" }
        }])
    );
    assert_eq!(results[2]["properties"]["id"], "p-3");
    assert_eq!(
        results[0]["message"]["text"],
        "action \"p-1\" is overdue by 1 day (due by 2004-04-30)\nhelp: mark it done or dropped, or agree a new date"
    );
    // ruleIndex points at the rule's own metadata.
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    for result in results.as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
}

#[test]
fn every_rule_has_metadata_with_its_default_level() {
    let plan = TestPlan::new();
    let (code, log) = sarif(&mut plan.cmd());
    assert_eq!(code, 0);
    assert_valid(&log);
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let expected: Vec<&str> = plan::diag::Rule::ALL.iter().map(|r| r.name()).collect();
    assert_eq!(ids, expected);
    for rule in rules {
        assert!(
            !rule["shortDescription"]["text"]
                .as_str()
                .unwrap()
                .is_empty()
        );
        assert!(!rule["help"]["text"].as_str().unwrap().is_empty());
    }
    let level = |id: &str| {
        rules.iter().find(|r| r["id"] == id).unwrap()["defaultConfiguration"]["level"].clone()
    };
    assert_eq!(level("missing-date"), "error");
    assert_eq!(level("overdue"), "warning");
    assert_eq!(level("unused-waiver"), "warning");
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));
}

#[test]
fn columns_count_characters_from_one_and_denied_rules_are_errors() {
    let plan = TestPlan::new();
    plan.write(
        "é.toml",
        "[priority]\nid = \"p\"\ntitle = \"P\"\nowners = [\"Chief Executive\", \"Zoë\"]\ndue = \"2004-Q1\"\n\n[[action]]\nid = \"p-1\"\ntitle = \"One\"\n",
    );
    let (code, log) = sarif_with(&mut plan.cmd(), &["--deny", "overdue"]);
    assert_eq!(code, 1);
    assert_valid(&log);
    assert_eq!(
        rows(&log),
        [
            // "Zoë" is 5 characters (6 bytes): columns 30 to 35, end exclusive.
            row(
                "unknown-owner",
                "error",
                "plan/%C3%A9.toml",
                [4, 30, 4, 35],
                false
            ),
            row("overdue", "error", "plan/%C3%A9.toml", [7, 1, 7, 11], false),
        ]
    );
}

#[test]
fn the_shipped_plan_is_valid_sarif_with_its_38_waivers_suppressed() {
    let (code, log) = sarif(common::seed().args(["--today", "2004-05-01"]));
    assert_eq!(code, 0);
    assert_valid(&log);
    let got = rows(&log);
    let suppressed: Vec<&Row> = got.iter().filter(|r| r.7).collect();
    assert_eq!(suppressed.len(), 38);
    assert!(
        suppressed
            .iter()
            .all(|r| r.0 == "missing-date" && r.1 == "error")
    );
    let open: Vec<&str> = got.iter().filter(|r| !r.7).map(|r| r.0.as_str()).collect();
    assert_eq!(open, ["overdue"; 8]);
}

#[test]
fn the_schema_check_rejects_what_is_not_sarif() {
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .build(&official_schema())
        .unwrap();
    let no_tool = serde_json::json!({ "version": "2.1.0", "runs": [{ "results": [] }] });
    let zero_column = serde_json::json!({ "version": "2.1.0", "runs": [{
        "tool": { "driver": { "name": "plan" } },
        "results": [{ "message": { "text": "x" }, "locations": [{ "physicalLocation": {
            "artifactLocation": { "uri": "plan/p.toml" },
            "region": { "startLine": 1, "startColumn": 0 } } }] }]
    }] });
    assert!(!validator.is_valid(&no_tool));
    assert!(
        !validator.is_valid(&zero_column),
        "SARIF columns start at 1"
    );
}

/// GitHub code scanning rejected the whole upload when one result had no location (a missing
/// owners.toml, a link leaving the plan): such findings now point at line 1 of plan.toml, and
/// a duplicate id carries its first use as a related location, as the human output shows it.
#[test]
fn findings_about_the_whole_plan_are_located_and_duplicates_point_at_the_first_use() {
    let plan = TestPlan::new();
    std::fs::remove_file(plan.plan_dir().join("owners.toml")).unwrap();
    plan.write(
        "p.toml",
        "[priority]\nid = \"p\"\ntitle = \"P\"\ndue = \"2005\"\n\n[[action]]\nid = \"p-1\"\ntitle = \"One\"\n\n[[action]]\nid = \"p-1\"\ntitle = \"Two\"\n",
    );
    std::fs::write(plan.root().join("outside.toml"), "x = 1\n").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("../outside.toml", plan.plan_dir().join("link.toml")).unwrap();
    let (code, log) = sarif(&mut plan.cmd());
    assert_eq!(code, 1);
    assert_valid(&log);
    let results = log["runs"][0]["results"].as_array().unwrap();
    let placeless: Vec<(&str, &str)> = results
        .iter()
        .filter(|r| r["locations"][0]["physicalLocation"]["region"]["startColumn"].is_null())
        .map(|r| {
            let location = &r["locations"][0]["physicalLocation"];
            assert_eq!(location["region"], serde_json::json!({ "startLine": 1 }));
            (
                r["ruleId"].as_str().unwrap(),
                location["artifactLocation"]["uri"].as_str().unwrap(),
            )
        })
        .collect();
    let mut expected = vec![("io", "plan/plan.toml")];
    if cfg!(unix) {
        expected.push(("io", "plan/plan.toml"));
    }
    assert_eq!(placeless, expected);
    if cfg!(unix) {
        assert_eq!(
            results[1]["message"]["text"],
            "plan/link.toml: symbolic link points outside the plan folder; not followed"
        );
    }
    let duplicate = results
        .iter()
        .find(|r| r["ruleId"] == "duplicate-id")
        .unwrap();
    assert_eq!(
        duplicate["locations"][0]["physicalLocation"]["region"],
        serde_json::json!({ "startLine": 11, "startColumn": 6, "endLine": 11, "endColumn": 11 })
    );
    assert_eq!(
        duplicate["relatedLocations"],
        serde_json::json!([{
            "id": 0,
            "message": { "text": "first used here" },
            "physicalLocation": {
                "artifactLocation": { "uri": "plan/p.toml", "uriBaseId": "%SRCROOT%" },
                "region": { "startLine": 7, "startColumn": 6, "endLine": 7, "endColumn": 11 }
            }
        }])
    );
}

/// The GitHub check itself refuses what GitHub refuses: a result with no location, a rule
/// with no fullDescription.
#[test]
fn the_github_check_rejects_what_github_rejects() {
    let plan = TestPlan::new();
    let (_, good) = sarif(&mut plan.cmd());
    let refused = |log: Value| std::panic::catch_unwind(|| assert_github_accepts(&log)).is_err();
    let mut no_location = good.clone();
    no_location["runs"][0]["results"] = serde_json::json!([{
        "ruleId": "io", "message": { "text": "x" }
    }]);
    assert!(refused(no_location));
    let mut no_full = good.clone();
    no_full["runs"][0]["tool"]["driver"]["rules"][3]
        .as_object_mut()
        .unwrap()
        .remove("fullDescription");
    assert!(refused(no_full));
    assert!(!refused(good));
}
