//! `plan check`: every rule on a fixture (bad and good), every finding in one run, the three
//! output formats, severities, and the honest verdict on the seed plan (waivers: tests/waivers.rs).

mod common;

use common::{TestPlan, seed, seed_dir, stderr_of};
use predicates::prelude::*;
use serde_json::Value;

/// Runs `plan check --format json` and returns (exit code, findings).
fn check_json(cmd: &mut assert_cmd::Command) -> (i32, Vec<Value>) {
    check_json_with(cmd, &[])
}

fn check_json_with(cmd: &mut assert_cmd::Command, extra: &[&str]) -> (i32, Vec<Value>) {
    common::check_findings(cmd, extra)
}

/// (rule, file, line, column) of each finding.
fn summary(findings: &[Value]) -> Vec<(String, String, u64, u64)> {
    findings
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["file"].as_str().unwrap_or("").to_owned(),
                f["line"].as_u64().unwrap_or(0),
                f["column"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

const GOOD: &str = "[priority]\nid = \"p\"\ntitle = \"P\"\nowners = [\"Chief Executive\"]\ndue = \"2004-Q4\"\n\n[[action]]\nid = \"p-1\"\ntitle = \"One\"\n";

#[test]
fn a_good_plan_passes() {
    let plan = TestPlan::new();
    plan.write("p.toml", GOOD);
    let (code, findings) = check_json(&mut plan.cmd());
    assert_eq!((code, findings.len()), (0, 0), "{findings:?}");
    plan.cmd()
        .arg("check")
        .assert()
        .success()
        .stdout("ok: 0 errors, 0 warnings; 3 files checked (as at 2004-05-01)\n");
}

/// Each rule on a one-file fixture: the file's text and the finding expected (rule, line, column).
const RULE_CASES: &[(&str, &str, &str, u64, u64)] = &[
    (
        "parse",
        "[priority]\nid = \"p\"\ntitle = \"P\n",
        "parse",
        3,
        11,
    ),
    (
        "unknown-field",
        "[priority]\nid = \"p\"\ntitle = \"P\"\nowners = [\"Chief Executive\"]\ndue = \"2004\"\ncolour = \"red\"\n\n[[action]]\nid = \"a\"\ntitle = \"A\"\n",
        "unknown-field",
        6,
        1,
    ),
    (
        "wrong-type",
        "[priority]\nid = \"p\"\ntitle = \"P\"\nowners = \"Chief Executive\"\n",
        "wrong-type",
        4,
        10,
    ),
    (
        "missing-field",
        "[priority]\nid = \"p\"\nowners = [\"Chief Executive\"]\ndue = \"2004\"\n",
        "missing-field",
        1,
        1,
    ),
    (
        "missing-id",
        "[priority]\nid = \"p\"\ntitle = \"P\"\nowners = [\"Chief Executive\"]\ndue = \"2004\"\n\n[[action]]\ntitle = \"A\"\n",
        "missing-id",
        7,
        1,
    ),
    (
        "bad-id",
        "[priority]\nid = \"P 1\"\ntitle = \"P\"\nowners = [\"Chief Executive\"]\ndue = \"2004\"\n\n[[action]]\nid = \"a\"\ntitle = \"A\"\n",
        "bad-id",
        2,
        6,
    ),
    (
        "unknown-parent",
        "[priority]\nid = \"p\"\ntitle = \"P\"\nparent = \"q\"\nowners = [\"Chief Executive\"]\ndue = \"2004\"\n\n[[action]]\nid = \"a\"\ntitle = \"A\"\n",
        "unknown-parent",
        4,
        10,
    ),
    (
        "unknown-owner",
        "[priority]\nid = \"p\"\ntitle = \"P\"\nowners = [\"Chief Executive\", \"Leader\"]\ndue = \"2004\"\n\n[[action]]\nid = \"a\"\ntitle = \"A\"\n",
        "unknown-owner",
        4,
        30,
    ),
    (
        "bad-date",
        "[priority]\nid = \"p\"\ntitle = \"P\"\nowners = [\"Chief Executive\"]\n\n[[action]]\nid = \"a\"\ntitle = \"A\"\ndue = \"Febuary 2005\"\n",
        "bad-date",
        9,
        7,
    ),
    (
        "bad-status",
        "[priority]\nid = \"p\"\ntitle = \"P\"\nowners = [\"Chief Executive\"]\ndue = \"2004\"\n\n[[action]]\nid = \"a\"\ntitle = \"A\"\nstatus = \"complete\"\n",
        "bad-status",
        10,
        10,
    ),
    (
        "missing-owner",
        "[priority]\nid = \"p\"\ntitle = \"P\"\ndue = \"2004\"\n\n[[action]]\nid = \"a\"\ntitle = \"A\"\n",
        "missing-owner",
        6,
        1,
    ),
    (
        "missing-date",
        "[priority]\nid = \"p\"\ntitle = \"P\"\nowners = [\"Chief Executive\"]\n\n[[action]]\nid = \"a\"\ntitle = \"A\"\n",
        "missing-date",
        6,
        1,
    ),
    (
        "empty-priority",
        "[priority]\nid = \"p\"\ntitle = \"P\"\nowners = [\"Chief Executive\"]\ndue = \"2004\"\n",
        "empty-priority",
        1,
        1,
    ),
    (
        "overdue",
        "[priority]\nid = \"p\"\ntitle = \"P\"\nowners = [\"Chief Executive\"]\ndue = \"April 2004\"\n\n[[action]]\nid = \"a\"\ntitle = \"A\"\n",
        "overdue",
        7,
        1,
    ),
];

#[test]
fn each_rule_is_found_at_its_line_and_column() {
    for &(name, text, rule, line, column) in RULE_CASES {
        let plan = TestPlan::new();
        plan.write("p.toml", text);
        let (code, findings) = check_json(&mut plan.cmd());
        let got = summary(&findings);
        assert_eq!(
            got,
            [(rule.to_owned(), "plan/p.toml".to_owned(), line, column)],
            "case {name}: {findings:#?}"
        );
        let warning = matches!(rule, "empty-priority" | "overdue");
        assert_eq!(code, if warning { 0 } else { 1 }, "case {name}");
        assert_eq!(
            findings[0]["severity"],
            if warning { "warning" } else { "error" }
        );
    }
}

#[test]
fn duplicate_ids_point_at_both_places() {
    let plan = TestPlan::new();
    plan.write("a.toml", GOOD);
    plan.write("b.toml", &GOOD.replace("id = \"p\"", "id = \"q\""));
    let (code, findings) = check_json(&mut plan.cmd());
    assert_eq!(code, 1);
    assert_eq!(
        summary(&findings),
        [("duplicate-id".to_owned(), "plan/b.toml".to_owned(), 8, 6)]
    );
    assert_eq!(findings[0]["id"], "p-1");
    plan.cmd()
        .arg("check")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("--> plan/b.toml:8:6"))
        .stdout(predicate::str::contains("plan/a.toml"))
        .stdout(predicate::str::contains("first used here"));
}

#[test]
fn parent_cycles_are_reported_once() {
    let plan = TestPlan::new();
    plan.write("a.toml", "[priority]\nid = \"a\"\ntitle = \"A\"\nparent = \"b\"\nowners = [\"Chief Executive\"]\ndue = \"2004\"\n\n[[action]]\nid = \"a-1\"\ntitle = \"A\"\n");
    plan.write(
        "b.toml",
        "[priority]\nid = \"b\"\ntitle = \"B\"\nparent = \"a\"\n",
    );
    let (code, findings) = check_json(&mut plan.cmd());
    assert_eq!(code, 1);
    assert_eq!(
        summary(&findings),
        [
            ("parent-cycle".to_owned(), "plan/a.toml".to_owned(), 4, 10),
            ("empty-priority".to_owned(), "plan/b.toml".to_owned(), 1, 1),
        ],
        "the loop is cut at a, leaving b an empty priority under it"
    );
    assert!(
        findings[0]["message"]
            .as_str()
            .unwrap()
            .contains("a → b → a")
    );
}

#[test]
fn roster_problems_are_located_in_owners_toml() {
    let plan = TestPlan::new();
    plan.write("p.toml", GOOD);
    plan.write("owners.toml", "[[role]]\nname = \"Chief Executive\"\n\n[[role]]\nname = \"chief executive\"\nmember_of = [\"Board\"]\n");
    let (code, findings) = check_json(&mut plan.cmd());
    assert_eq!(code, 1);
    assert_eq!(
        summary(&findings),
        [(
            "duplicate-role".to_owned(),
            "plan/owners.toml".to_owned(),
            5,
            8
        )]
    );
}

/// Ten different problems in four files, all in one run, in file then position order.
#[test]
fn ten_problems_in_four_files_in_one_run() {
    let plan = TestPlan::new();
    plan.write(
        "a/one.toml",
        "[priority]\nid = \"one\"\ntitle = \"One\"\nowners = [\"Chief Executive\"]\ndue = \"2004\"\n\n\
         [[action]]\nid = \"one-1\"\ntitle = \"A\"\nstatus = \"finished\"\n\n\
         [[action]]\nid = \"one-2\"\ntitle = \"B\"\ndue = \"32 March 2005\"\n\n\
         [[action]]\nid = \"one-3\"\ntitel = \"C\"\ntitle = \"C\"\n",
    );
    plan.write(
        "a/two.toml",
        "[priority]\nid = \"two\"\ntitle = \"Two\"\nparent = \"none\"\n\n\
         [[action]]\nid = \"one-1\"\ntitle = \"Dup\"\nowners = [\"Cheif Executive\"]\ndue = \"2004\"\n\n\
         [[action]]\nid = \"Two 2\"\ntitle = \"Bad id\"\nowners = [\"Chief Executive\"]\ndue = \"2004\"\n",
    );
    plan.write("b/three.toml", "[priority]\nid = \"three\"\ntitle = \"Three\"\n\n[[action]]\nid = \"three-1\"\ntitle = \"No owner, no date\"\n");
    plan.write("b/four.toml", "[priority]\nid = \"four\"\ntitle = \"Four\"\nowners = [\"Chief Executive\"]\ndue = \"2004-Q5\"\n");
    let (code, findings) = check_json(&mut plan.cmd());
    assert_eq!(code, 1);
    let expected = [
        ("bad-status", "plan/a/one.toml", 10, 10),
        ("bad-date", "plan/a/one.toml", 15, 7),
        ("unknown-field", "plan/a/one.toml", 19, 1),
        ("unknown-parent", "plan/a/two.toml", 4, 10),
        ("duplicate-id", "plan/a/two.toml", 7, 6),
        ("unknown-owner", "plan/a/two.toml", 9, 11),
        ("bad-id", "plan/a/two.toml", 13, 6),
        ("bad-date", "plan/b/four.toml", 5, 7),
        ("empty-priority", "plan/b/four.toml", 1, 1),
        ("missing-owner", "plan/b/three.toml", 5, 1),
        ("missing-date", "plan/b/three.toml", 5, 1),
    ];
    let expected: Vec<(String, String, u64, u64)> = expected
        .iter()
        .map(|(r, f, l, c)| ((*r).to_owned(), (*f).to_owned(), *l, *c))
        .collect();
    let mut got = summary(&findings);
    // Order within a file is by position; check the set first, then the order.
    let mut sorted_got = got.clone();
    let mut sorted_expected = expected.clone();
    sorted_got.sort();
    sorted_expected.sort();
    assert_eq!(sorted_got, sorted_expected, "{findings:#?}");
    got.dedup_by(|a, b| a.1 == b.1);
    let files: Vec<&str> = got.iter().map(|g| g.1.as_str()).collect();
    assert_eq!(
        files,
        [
            "plan/a/one.toml",
            "plan/a/two.toml",
            "plan/b/four.toml",
            "plan/b/three.toml"
        ]
    );
}

#[test]
fn files_that_do_not_parse_do_not_stop_the_others_being_checked() {
    let plan = TestPlan::new();
    plan.write("a.toml", "[priority\nid = \"a\"\n");
    plan.write(
        "b.toml",
        "[priority]\nid = \"b\"\ntitle = \"B\"\n\n[[action]]\nid = \"b-1\"\ntitle = \"x\"\n",
    );
    let (code, findings) = check_json(&mut plan.cmd());
    assert_eq!(code, 1);
    let rules: Vec<String> = summary(&findings)
        .into_iter()
        .map(|s| format!("{}@{}", s.0, s.1))
        .collect();
    assert_eq!(
        rules,
        [
            "parse@plan/a.toml",
            "missing-owner@plan/b.toml",
            "missing-date@plan/b.toml"
        ]
    );
}

#[test]
fn seed_plan_passes_with_exactly_the_sources_gaps_waived() {
    let (code, findings) = check_json(seed().args(["--today", "2004-05-01"]));
    assert_eq!(code, 0, "{findings:#?}");
    let (waived, reported): (Vec<&Value>, Vec<&Value>) =
        findings.iter().partition(|f| !f["waived"].is_null());
    let mut undated: Vec<&str> = waived.iter().map(|f| f["id"].as_str().unwrap()).collect();
    assert!(waived.iter().all(|f| f["rule"] == "missing-date"));
    assert_eq!(undated.len(), 38);
    undated.sort_unstable();
    assert!(undated.contains(&"sd-1"));
    assert_eq!(
        undated.iter().filter(|id| id.starts_with("cpa-")).count(),
        37
    );
    assert!(
        waived.iter().all(|f| f["waived"]["until"].is_null()),
        "no waiver of the shipped plan can expire"
    );
    let reasons: std::collections::BTreeSet<&str> = waived
        .iter()
        .map(|f| f["waived"]["reason"].as_str().unwrap())
        .collect();
    assert_eq!(
        reasons.into_iter().collect::<Vec<_>>(),
        [
            "The Draft CPA Improvement Plan summary gives no date for any section-B item",
            "The Strategic Action Plan leaves the DATE cell of row 8 (Strategic Direction) empty"
        ]
    );
    let rules: Vec<(&str, &str)> = reported
        .iter()
        .map(|f| (f["rule"].as_str().unwrap(), f["severity"].as_str().unwrap()))
        .collect();
    assert_eq!(
        rules,
        [("overdue", "warning"); 8],
        "the eight April deadlines, nothing else"
    );
    seed()
        .args(["check", "--today", "2004-05-01"])
        .assert()
        .success()
        .stdout(predicate::str::ends_with(
            "ok: 0 errors, 8 warnings, 38 waived; 20 files checked (as at 2004-05-01)\n",
        ));
}

#[test]
fn seed_plan_with_the_gaps_filled_reports_its_waivers_unused() {
    let copy = tempfile::tempdir().unwrap();
    copy_dir(&seed_dir(), &copy.path().join("plan"));
    for file in [
        "strategic-action-plan/07-cpa-outcomes.toml",
        "strategic-action-plan/08-strategic-direction.toml",
    ] {
        let path = copy.path().join("plan").join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(
            &path,
            text.replacen("[priority]\n", "[priority]\ndue = \"2004/05\"\n", 1),
        )
        .unwrap();
    }
    let mut cmd = common::plan_cmd();
    cmd.arg("--plan")
        .arg(copy.path().join("plan"))
        .args(["--today", "2004-05-01"]);
    let (code, findings) = check_json(&mut cmd);
    assert_eq!(code, 0, "{findings:#?}");
    let count = |rule: &str| findings.iter().filter(|f| f["rule"] == rule).count();
    assert_eq!(
        (count("overdue"), count("unused-waiver"), findings.len()),
        (8, 38, 46),
        "the overdue warnings, and each waiver now waiving nothing"
    );
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to.join(entry.file_name()));
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

#[test]
fn deny_and_allow_from_the_command_line_and_plan_toml() {
    let plan = TestPlan::new();
    plan.write("p.toml", &GOOD.replace("2004-Q4", "April 2004"));
    plan.write(
        "q.toml",
        "[priority]\nid = \"q\"\ntitle = \"Q\"\nowners = [\"Chief Executive\"]\ndue = \"2004\"\n",
    );
    let (code, findings) = check_json(&mut plan.cmd());
    assert_eq!((code, findings.len()), (0, 2));
    let (code, findings) = check_json_with(&mut plan.cmd(), &["--deny", "overdue"]);
    assert_eq!(code, 1);
    assert_eq!(findings[0]["severity"], "error");
    let (code, findings) = check_json_with(
        &mut plan.cmd(),
        &["--allow", "overdue", "--allow", "empty-priority"],
    );
    assert_eq!((code, findings.len()), (0, 0));
    plan.write("plan.toml", "title = \"T\"\norganisation = \"O\"\n\n[check]\ndeny = [\"overdue\"]\nallow = [\"empty-priority\"]\n");
    let (code, findings) = check_json(&mut plan.cmd());
    assert_eq!((code, summary(&findings)[0].0.as_str()), (1, "overdue"));
    assert_eq!(findings.len(), 1);
    let (code, _) = check_json_with(&mut plan.cmd(), &["--allow", "overdue"]);
    assert_eq!(code, 0, "the command line wins over plan.toml");
    plan.cmd()
        .args(["check", "--allow", "parse"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot be allowed"));
    plan.cmd()
        .args(["check", "--deny", "overdew"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rule \"overdew\""));
}

/// A `[check]` setting that cannot be honoured is a finding at its place in `plan.toml`,
/// the same for `check` (exit 1), an edit and `waive` (both refuse, exit 2, saying where),
/// never a usage error with no place nor a setting silently skipped.
#[test]
fn a_check_setting_that_cannot_be_honoured_is_located_in_plan_toml_for_every_reader() {
    let plan = TestPlan::new();
    plan.write("p.toml", GOOD);
    plan.write(
        "plan.toml",
        "title = \"T\"\norganisation = \"O\"\n\n[check]\nallow = [\"bad-date\"]\ndeny = [\"overdew\"]\n",
    );
    let (code, findings) = check_json(&mut plan.cmd());
    assert_eq!(code, 1);
    let messages: Vec<&str> = findings
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        [
            "rule \"bad-date\" cannot be allowed: it means the plan cannot be read reliably",
            "unknown rule \"overdew\"",
        ]
    );
    assert_eq!(
        summary(&findings),
        [
            ("wrong-type".to_owned(), "plan/plan.toml".to_owned(), 5, 10),
            (
                "unknown-field".to_owned(),
                "plan/plan.toml".to_owned(),
                6,
                9
            ),
        ]
    );
    let place = "plan/plan.toml:5:10";
    for args in [
        &["set", "p-1", "--status", "done"][..],
        &["waive", "p-1", "--rule", "overdue", "--reason", "Agreed"][..],
    ] {
        let (code, stderr) = stderr_of(plan.cmd().args(args));
        assert_eq!(code, Some(2), "{args:?}");
        assert!(
            stderr.contains("error[wrong-type]: rule \"bad-date\" cannot be allowed")
                && stderr.contains(place),
            "{args:?}: {stderr}"
        );
    }
}

/// `waive` reads `plan.toml`'s `[check]` as `check` does: a rule allowed plan-wide has no
/// finding standing to waive, and it says so.
#[test]
fn waive_reads_the_plan_toml_allow_list() {
    let plan = TestPlan::new();
    plan.write("p.toml", &GOOD.replace("2004-Q4", "April 2004"));
    plan.write(
        "plan.toml",
        "title = \"T\"\norganisation = \"O\"\n\n[check]\nallow = [\"overdue\"]\n",
    );
    plan.cmd()
        .args(["waive", "p-1", "--rule", "overdue", "--reason", "Agreed"])
        .assert()
        .code(2)
        .stderr("error: nothing to waive: plan.toml allows overdue plan-wide ([check] allow), so check reports none of it\n");
}

#[test]
fn human_format_matches_rustc_style() {
    let plan = TestPlan::new();
    plan.write("p.toml", "[priority]\nid = \"p\"\ntitle = \"P\"\nowners = [\"Chief Executive\"]\n\n[[action]]\nid = \"p-1\"\ntitle = \"One\"\ndue = \"June\"\n");
    plan.cmd().arg("check").assert().code(1).stdout(
        "error[bad-date]: bad due date \"June\": a month needs a year, e.g. \"June 2004\"\n \
         --> plan/p.toml:9:7\n  |\n9 | due = \"June\"\n  |       ^^^^^^ not a date this tool can read without guessing\n  |\n  \
         = help: add the year, e.g. \"April 2004\" (forms: docs/dates.md)\n\n\
         failed: 1 error, 0 warnings; 3 files checked (as at 2004-05-01)\n",
    );
}

#[test]
fn github_format_is_workflow_commands() {
    let plan = TestPlan::new();
    plan.write("p.toml", "[priority]\nid = \"p\"\ntitle = \"P\"\ndue = \"2004\"\n\n[[action]]\nid = \"p-1\"\ntitle = \"One\"\n");
    plan.cmd().args(["check", "--format", "github"]).assert().code(1).stdout(
        "::error file=plan/p.toml,line=6,col=1,endLine=6,endColumn=11,title=missing-owner::action \"p-1\" has no owner%0Ahelp: add owners = [\"Role\"] to the action or its priority (names from owners.toml)\n",
    );
}

#[test]
fn json_findings_have_every_field() {
    let plan = TestPlan::new();
    plan.write("p.toml", "[priority]\nid = \"p\"\ntitle = \"P\"\nowners = [\"Chief Executive\"]\n\n[[action]]\nid = \"p-1\"\ntitle = \"One\"\n");
    let (_, findings) = check_json(&mut plan.cmd());
    let f = &findings[0];
    assert_eq!(f["rule"], "missing-date");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["message"], "action \"p-1\" has no due date");
    assert_eq!(f["file"], "plan/p.toml");
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(6), Some(1))
    );
    assert_eq!(
        (f["end_line"].as_u64(), f["end_column"].as_u64()),
        (Some(6), Some(11))
    );
    assert_eq!(f["id"], "p-1");
    assert!(f["help"].as_str().unwrap().contains("continuous"));
}

#[test]
fn no_plan_folder_is_exit_2() {
    let empty = tempfile::tempdir().unwrap();
    common::plan_cmd()
        .arg("--plan")
        .arg(empty.path())
        .arg("check")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a plan folder"));
}
