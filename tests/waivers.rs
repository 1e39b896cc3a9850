//! Waivers (`[[action.waive]]`, `[[priority.waive]]`): what they cover and count, how they
//! expire and rot, what they may not waive, and what plan-wide `allow` hides.

mod common;

use common::TestPlan;
use predicates::prelude::*;
use serde_json::Value;

/// A priority (owned, dated April 2004 so overdue on 2004-05-01) and its actions, then `extra`.
fn plan_with(actions: &str) -> TestPlan {
    let plan = TestPlan::new();
    plan.write(
        "p.toml",
        &format!(
            "[priority]\nid = \"p\"\ntitle = \"P\"\nowners = [\"Chief Executive\"]\n\n{actions}"
        ),
    );
    plan
}

fn check_json(plan: &TestPlan, extra: &[&str]) -> (i32, Vec<Value>) {
    common::check_findings(&mut plan.cmd(), extra)
}

/// (rule, id, line, waived reason or "") of each finding, in report order.
fn rows(findings: &[Value]) -> Vec<(String, String, u64, String)> {
    findings
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["id"].as_str().unwrap_or("").to_owned(),
                f["line"].as_u64().unwrap_or(0),
                f["waived"]["reason"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

fn row(rule: &str, id: &str, line: u64, reason: &str) -> (String, String, u64, String) {
    (rule.into(), id.into(), line, reason.into())
}

const UNDATED: &str = "[[action]]\nid = \"a\"\ntitle = \"A\"\n\n[[action.waive]]\nrule = \"missing-date\"\nreason = \"The source gives no date\"\n\n[[action]]\nid = \"b\"\ntitle = \"B\"\n";

#[test]
fn a_waiver_covers_its_own_item_only() {
    let plan = plan_with(UNDATED);
    let (code, findings) = check_json(&plan, &[]);
    assert_eq!(code, 1, "b has no date and no waiver: the gate still holds");
    assert_eq!(
        rows(&findings),
        [
            row("missing-date", "a", 6, "The source gives no date"),
            row("missing-date", "b", 14, ""),
        ]
    );
    assert_eq!(findings[0]["waived"]["until"], Value::Null);
    assert_eq!(findings[1]["waived"], Value::Null);
    // A waived finding fails nothing, so its severity says so (a `note`, as `--verbose` and
    // github show it); what it would be without the waiver is kept beside the reason.
    assert_eq!(findings[0]["severity"], "note");
    assert_eq!(findings[0]["waived"]["severity"], "error");
    assert_eq!(findings[1]["severity"], "error");
    plan.cmd().arg("check").assert().code(1).stdout(
        predicate::str::ends_with(
            "failed: 1 error, 0 warnings, 1 waived; 3 files checked (as at 2004-05-01)\n",
        )
        .and(predicate::str::contains("action \"a\"").not()),
    );
}

#[test]
fn verbose_lists_waived_findings_with_their_reason() {
    let plan = plan_with(&UNDATED.replace(
        "reason = \"The source gives no date\"\n",
        "reason = \"The source gives no date\"\nuntil = 2004-12-31\n",
    ));
    plan.cmd()
        .args(["check", "--verbose"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "note[missing-date]: action \"a\" has no due date\n --> plan/p.toml:6:1\n  |\n6 | [[action]]\n  | ^^^^^^^^^^ no due date here or on its priorities\n  |\n  = note: waived (until 2004-12-31): The source gives no date\n",
        ));
    let (_, findings) = check_json(&plan, &[]);
    assert_eq!(findings[0]["waived"]["until"], "2004-12-31");
    plan.cmd()
        .args(["check", "--format", "github", "--verbose"])
        .assert()
        .stdout(predicate::str::contains(
            "::notice file=plan/p.toml,line=6,col=1,endLine=6,endColumn=11,title=missing-date::action \"a\" has no due date%0Anote: waived (until 2004-12-31): The source gives no date\n",
        ));
}

#[test]
fn an_expired_waiver_is_an_error_quoting_its_reason_and_covers_nothing() {
    let plan = plan_with(&UNDATED.replace(
        "reason = \"The source gives no date\"\n",
        "reason = \"The source gives no date\"\nuntil = \"2004-04-30\"\n",
    ));
    let (code, findings) = check_json(&plan, &[]);
    assert_eq!(code, 1);
    assert_eq!(
        rows(&findings),
        [
            row("missing-date", "a", 6, ""),
            row("expired-waiver", "a", 10, ""),
            row("missing-date", "b", 15, ""),
        ]
    );
    assert_eq!(
        findings[1]["message"],
        "the waiver of missing-date on action \"a\" expired on 2004-04-30 (reason: \"The source gives no date\")"
    );
    assert_eq!(findings[1]["severity"], "error");
    // On its last day it still holds.
    common::plan_cmd()
        .arg("--plan")
        .arg(plan.plan_dir())
        .args(["--today", "2004-04-30", "check"])
        .assert()
        .stdout(predicate::str::ends_with(
            "failed: 1 error, 0 warnings, 1 waived; 3 files checked (as at 2004-04-30)\n",
        ));
}

#[test]
fn a_waiver_whose_gap_is_closed_is_an_unused_warning() {
    let plan = plan_with(
        "[[action]]\nid = \"a\"\ntitle = \"A\"\ndue = \"2005\"\n\n[[action.waive]]\nrule = \"missing-date\"\nreason = \"No date yet\"\n\n[[action.waive]]\nrule = \"overdue\"\nreason = \"Extension agreed by Cabinet\"\n",
    );
    let (code, findings) = check_json(&plan, &[]);
    assert_eq!(code, 0);
    assert_eq!(
        rows(&findings),
        [
            row("unused-waiver", "a", 11, ""),
            row("unused-waiver", "a", 15, ""),
        ]
    );
    assert_eq!(
        findings[0]["message"],
        "the waiver of missing-date on action \"a\" is unused: the rule finds nothing there"
    );
    let (code, _) = check_json(&plan, &["--deny", "unused-waiver"]);
    assert_eq!(
        code, 1,
        "a gate that wants tidy waivers can deny the warning"
    );
    plan.cmd()
        .args(["check", "--allow", "unused-waiver"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "rule \"unused-waiver\" cannot be allowed: waivers must stay visible",
        ));
}

#[test]
fn overdue_and_empty_priority_can_be_waived_on_their_item() {
    let plan = TestPlan::new();
    plan.write(
        "p.toml",
        "[priority]\nid = \"p\"\ntitle = \"P\"\nowners = [\"Chief Executive\"]\ndue = \"April 2004\"\n\n[[action]]\nid = \"a\"\ntitle = \"A\"\n\n[[action.waive]]\nrule = \"overdue\"\nreason = \"Extension agreed\"\nuntil = 2004-06-30\n\n[[action]]\nid = \"b\"\ntitle = \"B\"\n",
    );
    plan.write(
        "q.toml",
        "[priority]\nid = \"q\"\ntitle = \"Q\"\n\n[[priority.waive]]\nrule = \"empty-priority\"\nreason = \"Actions to follow the review\"\n",
    );
    let (code, findings) = check_json(&plan, &[]);
    assert_eq!(code, 0);
    assert_eq!(
        rows(&findings),
        [
            row("overdue", "a", 7, "Extension agreed"),
            row("overdue", "b", 16, ""),
            row("empty-priority", "q", 1, "Actions to follow the review"),
        ]
    );
    plan.cmd()
        .arg("check")
        .assert()
        .success()
        .stdout(predicate::str::ends_with(
            "ok: 0 errors, 1 warning, 2 waived; 4 files checked (as at 2004-05-01)\n",
        ));
}

#[test]
fn only_completeness_rules_can_be_waived() {
    let plan = plan_with(
        "[[action]]\nid = \"a\"\ntitle = \"A\"\ndue = \"2005\"\n\n[[action.waive]]\nrule = \"unknown-owner\"\nreason = \"Not on the roster yet\"\n\n[[action.waive]]\nrule = \"overdew\"\nreason = \"x\"\n\n[[action.waive]]\nrule = \"overdue\"\nreason = \" \"\n\n[[action.waive]]\nrule = \"overdue\"\n\n[[action.waive]]\nrule = \"overdue\"\nreason = \"x\"\nuntil = \"30/06/2004\"\n\n[[action.waive]]\nreason = \"x\"\n",
    );
    let output = plan
        .cmd()
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let findings: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    let got: Vec<(&str, u64, u64, &str)> = findings
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["message"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "bad-waiver",
                12,
                8,
                "rule \"unknown-owner\" cannot be waived: only completeness rules can"
            ),
            ("bad-waiver", 16, 8, "unknown rule \"overdew\""),
            ("bad-waiver", 21, 10, "a waiver needs a reason"),
            ("bad-waiver", 23, 1, "a waiver needs a reason"),
            (
                "bad-waiver",
                29,
                9,
                "bad waiver end date \"30/06/2004\": expected a day written YYYY-MM-DD, e.g. 2004-04-30"
            ),
            ("bad-waiver", 31, 1, "a waiver needs a rule"),
        ]
    );
    // A bad waiver is check's business: queries still answer.
    plan.cmd().args(["show", "a"]).assert().success();
}

#[test]
fn allow_says_how_many_findings_it_hid() {
    let plan = plan_with(UNDATED);
    plan.cmd()
        .args(["check", "--allow", "missing-date"])
        .assert()
        .success()
        .stdout(
            "ok: 0 errors, 0 warnings, 1 waived, 1 hidden by allow (missing-date); 3 files checked (as at 2004-05-01)\n",
        );
    plan.write(
        "plan.toml",
        "title = \"T\"\norganisation = \"O\"\n\n[check]\nallow = [\"missing-date\", \"overdue\"]\n",
    );
    plan.write(
        "q.toml",
        "[priority]\nid = \"q\"\ntitle = \"Q\"\nowners = [\"Chief Executive\"]\ndue = \"2004-Q1\"\n\n[[action]]\nid = \"q-1\"\ntitle = \"Q1\"\n\n[[action]]\nid = \"q-2\"\ntitle = \"Q2\"\n",
    );
    plan.cmd().arg("check").assert().success().stdout(
        "ok: 0 errors, 0 warnings, 1 waived, 3 hidden by allow (missing-date, overdue); 4 files checked (as at 2004-05-01)\n",
    );
}

/// A file with comments, odd spacing and a later action, to see that `plan waive` changes
/// nothing but what it adds.
const MESSY: &str = "# Priority P — kept as the source has it.\n[priority]\nid = \"p\"   # the id\ntitle = \"P\"\nowners = [ \"Chief Executive\" ]\n\n[[action]]\nid = \"a\"\ntitle = \"A\"   # no date in the source\n\n\n# B is next.\n[[action]]\nid = \"b\"\ntitle = \"B\"\ndue = \"2005\"\n";

#[test]
fn plan_waive_adds_one_table_and_keeps_every_other_byte() {
    let plan = TestPlan::new();
    plan.write("p.toml", MESSY);
    plan.cmd()
        .args([
            "waive",
            "a",
            "--rule",
            "missing-date",
            "--reason",
            "No date agreed by Cabinet yet",
            "--until",
            "2004-09-30",
        ])
        .assert()
        .success()
        .stdout("a: waived missing-date until 2004-09-30\n");
    let after = std::fs::read_to_string(plan.plan_dir().join("p.toml")).unwrap();
    let expected = MESSY.replace(
        "title = \"A\"   # no date in the source\n\n",
        "title = \"A\"   # no date in the source\n\n[[action.waive]]\nrule = \"missing-date\"\nreason = \"No date agreed by Cabinet yet\"\nuntil = 2004-09-30\n\n",
    );
    assert_eq!(after, expected);
    plan.cmd()
        .arg("check")
        .assert()
        .success()
        .stdout("ok: 0 errors, 0 warnings, 1 waived; 3 files checked (as at 2004-05-01)\n");
}

#[test]
fn plan_waive_all_waives_each_current_finding_of_the_rule_on_its_item() {
    let plan = plan_with(&format!(
        "{UNDATED}\n[[action]]\nid = \"c\"\ntitle = \"C\"\ndue = \"2005\"\n\n[[action]]\nid = \"d\"\ntitle = \"D\"\n"
    ));
    plan.write("q.toml", "[priority]\nid = \"q\"\ntitle = \"Q\"\n");
    let before = std::fs::read_to_string(plan.plan_dir().join("p.toml")).unwrap();
    plan.cmd()
        .args([
            "waive",
            "--all",
            "--rule",
            "missing-date",
            "--reason",
            "The source gives no date",
            "--dry-run",
        ])
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(plan.plan_dir().join("p.toml")).unwrap(),
        before,
        "--dry-run writes nothing"
    );
    plan.cmd()
        .args([
            "waive",
            "--all",
            "--rule",
            "missing-date",
            "--reason",
            "The source gives no date",
        ])
        .assert()
        .success()
        .stdout("waived missing-date on 2 items\n");
    let waiver =
        "[[action.waive]]\nrule = \"missing-date\"\nreason = \"The source gives no date\"\n";
    let after = std::fs::read_to_string(plan.plan_dir().join("p.toml")).unwrap();
    let expected = before
        .replace("title = \"B\"\n", &format!("title = \"B\"\n\n{waiver}"))
        .replace("title = \"D\"\n", &format!("title = \"D\"\n\n{waiver}"));
    assert_eq!(after, expected, "a was waived already; c has a date");
    let (code, findings) = check_json(&plan, &[]);
    assert_eq!(code, 0);
    assert_eq!(
        rows(&findings),
        [
            row("missing-date", "a", 6, "The source gives no date"),
            row("missing-date", "b", 14, "The source gives no date"),
            row("missing-date", "d", 27, "The source gives no date"),
            row("empty-priority", "q", 1, ""),
        ]
    );
    plan.cmd()
        .args([
            "waive",
            "--all",
            "--rule",
            "empty-priority",
            "--reason",
            "Actions to follow",
        ])
        .assert()
        .success()
        .stdout("q: waived empty-priority\n");
    assert!(std::fs::read_to_string(plan.plan_dir().join("q.toml"))
        .unwrap()
        .ends_with("title = \"Q\"\n\n[[priority.waive]]\nrule = \"empty-priority\"\nreason = \"Actions to follow\"\n"));
}

#[test]
fn plan_waive_refuses_what_check_would_not_honour_and_writes_nothing() {
    let plan = TestPlan::new();
    plan.write("p.toml", MESSY);
    let refusals: [(&[&str], &str); 6] = [
        (
            &["a", "--rule", "unknown-owner", "--reason", "x"],
            "rule \"unknown-owner\" cannot be waived",
        ),
        (
            &["a", "--rule", "overdew", "--reason", "x"],
            "unknown rule \"overdew\"",
        ),
        (
            &["a", "--rule", "missing-date", "--reason", "  "],
            "the reason cannot be empty",
        ),
        (
            &["b", "--rule", "missing-date", "--reason", "x"],
            "nothing to waive: rule missing-date finds nothing on \"b\"",
        ),
        (
            &[
                "a",
                "--rule",
                "missing-date",
                "--reason",
                "x",
                "--until",
                "2004-04-30",
            ],
            "--until 2004-04-30 is before today (2004-05-01)",
        ),
        (&["zz", "--rule", "missing-date", "--reason", "x"], "zz"),
    ];
    for (args, message) in refusals {
        plan.cmd()
            .arg("waive")
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(message));
    }
    assert_eq!(
        std::fs::read_to_string(plan.plan_dir().join("p.toml")).unwrap(),
        MESSY
    );
}

#[test]
fn a_mistyped_waiver_key_is_reported_and_the_action_kept() {
    let plan = plan_with(
        "[[action]]\nid = \"a\"\ntitle = \"A\"\n\n[[action.waive]]\nrule = \"missing-date\"\nreasn = \"x\"\n\n[[action.waive]]\nrule = \"missing-owner\"\nreason = \"y\"\n",
    );
    let (code, findings) = check_json(&plan, &[]);
    assert_eq!(code, 1);
    assert_eq!(
        rows(&findings),
        [
            row("missing-date", "a", 6, ""),
            row("bad-waiver", "a", 10, ""),
            row("unknown-field", "", 12, ""),
            row("unused-waiver", "a", 14, ""),
        ]
    );
    assert_eq!(
        findings[2]["help"],
        "did you mean `reason`? keys here: reason, rule, until"
    );
}

/// Every file under `dir`, by path relative to it.
fn files(dir: &std::path::Path) -> std::collections::BTreeMap<std::path::PathBuf, String> {
    let mut found = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let text = std::fs::read_to_string(&path).unwrap();
                found.insert(path.strip_prefix(dir).unwrap().to_path_buf(), text);
            }
        }
    }
    found
}

#[test]
fn the_shipped_plans_waivers_are_what_plan_waive_writes() {
    let seed = common::seed_dir();
    let copy = tempfile::tempdir().unwrap();
    let dir = copy.path().join("plan");
    let shipped = files(&seed);
    for (path, text) in &shipped {
        let mut stripped = String::new();
        let mut rest = text.as_str();
        while let Some(at) = rest.find("\n\n[[action.waive]]\n") {
            stripped.push_str(&rest[..at]);
            let after = &rest[at + 2..];
            // The waiver's three lines: header, rule, reason.
            let end = after.match_indices('\n').nth(2).unwrap().0;
            rest = &after[end..];
        }
        stripped.push_str(rest);
        let target = dir.join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, stripped).unwrap();
    }
    let waive = |args: &[&str], said: &str| {
        common::plan_cmd()
            .arg("--plan")
            .arg(&dir)
            .args(["--today", "2004-05-01", "waive", "--rule", "missing-date"])
            .args(args)
            .assert()
            .success()
            .stdout(format!("{said}\n"));
    };
    waive(
        &[
            "sd-1",
            "--reason",
            "The Strategic Action Plan leaves the DATE cell of row 8 (Strategic Direction) empty",
        ],
        "sd-1: waived missing-date",
    );
    waive(
        &[
            "--all",
            "--reason",
            "The Draft CPA Improvement Plan summary gives no date for any section-B item",
        ],
        "waived missing-date on 37 items",
    );
    assert!(
        files(&dir) == shipped,
        "plan waive wrote the shipped plan's waivers differently"
    );
}

/// An expired waiver is renewed in place by `plan waive` (a second one beside it would leave
/// the expired one failing `check`), every other byte kept; `--all` renews too.
#[test]
fn plan_waive_renews_an_expired_waiver_in_place() {
    let expired = UNDATED.replace(
        "reason = \"The source gives no date\"\n",
        "reason = \"The source gives no date\" # agreed at Cabinet\nuntil = 2004-04-30\n",
    );
    let plan = plan_with(&expired);
    let before = std::fs::read_to_string(plan.plan_dir().join("p.toml")).unwrap();
    plan.cmd()
        .args([
            "waive",
            "a",
            "--rule",
            "missing-date",
            "--reason",
            "Still no date",
        ])
        .args(["--until", "2004-12-31"])
        .assert()
        .success()
        .stdout("a: renewed the expired waiver of missing-date until 2004-12-31\n");
    let after = std::fs::read_to_string(plan.plan_dir().join("p.toml")).unwrap();
    assert_eq!(
        after,
        before.replace(
            "reason = \"The source gives no date\" # agreed at Cabinet\nuntil = 2004-04-30\n",
            "reason = \"Still no date\" # agreed at Cabinet\nuntil = 2004-12-31\n"
        )
    );
    let (code, findings) = check_json(&plan, &[]);
    assert_eq!(code, 1, "b is still undated");
    assert_eq!(
        rows(&findings),
        [
            row("missing-date", "a", 6, "Still no date"),
            row("missing-date", "b", 15, ""),
        ]
    );
    // Renewed without --until: the end date goes, and --all renews an expired one too.
    let plan = plan_with(&expired);
    plan.cmd()
        .args([
            "waive",
            "--all",
            "--rule",
            "missing-date",
            "--reason",
            "No dates yet",
        ])
        .assert()
        .success()
        .stdout("waived missing-date on 2 items (1 expired waiver renewed)\n");
    let (code, findings) = check_json(&plan, &[]);
    assert_eq!(code, 0);
    assert_eq!(
        rows(&findings),
        [
            row("missing-date", "a", 6, "No dates yet"),
            row("missing-date", "b", 14, "No dates yet"),
        ]
    );
    let text = std::fs::read_to_string(plan.plan_dir().join("p.toml")).unwrap();
    assert_eq!(text.matches("[[action.waive]]").count(), 2, "{text}");
    assert!(!text.contains("until"), "{text}");
}
