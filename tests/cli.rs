//! The command line against the shipped seed plan and small fixture plans. Every case pins
//! the day; expected ids come from reading the seed documents (see plan/README.md).

mod common;

use common::{TestPlan, ids, json, plan_cmd, seed, seed_dir, stderr_of};
use predicates::prelude::*;

fn rn_ids() -> Vec<String> {
    (1..=6).map(|i| format!("rn-{i}")).collect()
}

#[test]
fn seed_overdue_on_1_may_2004_is_the_april_deadlines() {
    let out = json(seed().args([
        "list",
        "--overdue",
        "--today",
        "2004-05-01",
        "--format",
        "json",
    ]));
    let mut expected = vec!["cc-1".to_owned()];
    expected.extend(rn_ids());
    expected.push("si-1".to_owned());
    assert_eq!(ids(&out), expected);
    let cc = &out[0];
    assert_eq!(cc["due"], "April 2003");
    assert_eq!(cc["due_by"], "2003-04-30");
    assert_eq!(cc["overdue"], true);
    assert_eq!(cc["owners"], serde_json::json!(["Chief Executive"]));
    assert_eq!(cc["priority"]["id"], "cc");
    assert_eq!(
        cc["file"],
        "plan/strategic-action-plan/04-community-cohesion.toml"
    );
    assert_eq!(cc["status"], "planned");
}

#[test]
fn seed_nothing_from_april_2004_is_overdue_mid_april() {
    let out = json(seed().args([
        "list",
        "--overdue",
        "--today",
        "2004-04-15",
        "--format",
        "json",
    ]));
    assert_eq!(ids(&out), ["cc-1"]);
}

#[test]
fn chief_executive_excludes_revitalising_neighbourhoods() {
    let out = json(seed().args([
        "owner",
        "Chief Executive",
        "--today",
        "2004-05-01",
        "--format",
        "json",
    ]));
    let got = ids(&out);
    assert_eq!(got.len(), 45, "cc-1, rpo-1..6, 37 CPA items, sd-1: {got:?}");
    assert!(got.iter().all(|id| !id.starts_with("rn-")), "{got:?}");
    assert!(got.contains(&"cc-1".to_owned()) && got.contains(&"sd-1".to_owned()));
    assert_eq!(got.iter().filter(|id| id.starts_with("rpo-")).count(), 6);
    assert_eq!(got.iter().filter(|id| id.starts_with("cpa-")).count(), 37);
    assert!(out.as_array().unwrap().iter().all(|a| a["via"].is_null()));
}

#[test]
fn owner_matching_is_case_insensitive_whole_name() {
    let lower = json(seed().args([
        "owner",
        "chief executive",
        "--today",
        "2004-05-01",
        "--format",
        "json",
    ]));
    let exact = json(seed().args([
        "owner",
        "Chief Executive",
        "--today",
        "2004-05-01",
        "--format",
        "json",
    ]));
    assert_eq!(lower, exact);
    let assistant = json(seed().args([
        "owner",
        "assistant chief executive",
        "--today",
        "2004-05-01",
        "--format",
        "json",
    ]));
    assert_eq!(ids(&assistant), rn_ids());
}

#[test]
fn owner_through_a_group_is_marked() {
    let out = json(seed().args([
        "owner",
        "Corporate Director, Cultural Services and Neighbourhood Renewal",
        "--today",
        "2004-05-01",
        "--format",
        "json",
    ]));
    let rows = out.as_array().unwrap();
    let direct: Vec<&str> = rows
        .iter()
        .filter(|r| r["via"].is_null())
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let via: Vec<&str> = rows
        .iter()
        .filter(|r| r["via"] == "Corporate Directors")
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(direct, rn_ids());
    // rpo (Chief Executive and Corporate Directors), si, bs: through the group.
    assert_eq!(via.len(), 6 + 3 + 2, "{via:?}");
    assert!(via.contains(&"bs-2") && via.contains(&"rpo-1") && via.contains(&"si-3"));
}

#[test]
fn owner_summary_line_counts_open_overdue_and_due_soon() {
    seed()
        .args([
            "owner",
            "Corporate Directors",
            "--today",
            "2004-10-05",
            "--format",
            "markdown",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Corporate Directors: 11 open, 1 overdue, 6 due within 30 days (as at 2004-10-05)",
        ));
}

#[test]
fn mistyped_owner_is_exit_2_with_a_suggestion() {
    seed()
        .args(["owner", "Cheif Executive", "--today", "2004-05-01"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "unknown owner \"Cheif Executive\"",
        ))
        .stderr(predicate::str::contains("did you mean \"Chief Executive\""));
    seed()
        .args(["list", "--owner", "Executive", "--today", "2004-05-01"])
        .assert()
        .code(2)
        // Every role sharing the word is offered, the nearer spelling first.
        .stderr(
            "error: unknown owner \"Executive\"\nhelp: did you mean \"Chief Executive\" or \"Assistant Chief Executive\"?\n",
        );
}

#[test]
fn list_no_date_is_the_cpa_items_and_strategic_direction() {
    let out = json(seed().args([
        "list",
        "--no-date",
        "--today",
        "2004-05-01",
        "--format",
        "json",
    ]));
    let got = ids(&out);
    assert_eq!(got.len(), 38);
    assert_eq!(got.last().unwrap(), "sd-1");
    assert!(got[..37].iter().all(|id| id.starts_with("cpa-")));
    assert!(
        out.as_array()
            .unwrap()
            .iter()
            .all(|a| a["due"].is_null() && a["due_by"].is_null())
    );
}

#[test]
fn financial_year_and_continuous_dates_on_the_seed() {
    let pc = json(seed().args(["show", "pc-1", "--today", "2004-05-01", "--format", "json"]));
    assert_eq!(pc["due"], "2005/06");
    assert_eq!(pc["due_written"], "2005/06");
    assert_eq!(pc["due_by"], "2006-03-31");
    let si3 = json(seed().args(["show", "si-3", "--today", "9999-12-31", "--format", "json"]));
    assert_eq!(si3["due"], "continuous");
    assert_eq!(si3["due_by"], serde_json::Value::Null);
    assert_eq!(si3["overdue"], false);
}

#[test]
fn show_gives_file_and_line_and_inherited_values() {
    let rn3 = json(seed().args(["show", "rn-3", "--today", "2004-05-01", "--format", "json"]));
    assert_eq!(
        rn3["file"],
        "plan/strategic-action-plan/03-revitalising-neighbourhoods.toml"
    );
    assert_eq!(rn3["line"], 33);
    assert_eq!(
        rn3["owners"],
        serde_json::json!([
            "Corporate Director, Cultural Services and Neighbourhood Renewal",
            "Assistant Chief Executive"
        ])
    );
    assert_eq!(rn3["due_by"], "2004-04-30");
    seed()
        .args([
            "show",
            "rn-3",
            "--today",
            "2004-05-01",
            "--format",
            "markdown",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "| Due | April 2004 — the month April 2004, due by 30 April 2004 (inherited from rn) |",
        ))
        .stdout(predicate::str::contains(
            "| File | plan/strategic-action-plan/03-revitalising-neighbourhoods.toml:33 |",
        ));
    seed()
        .args(["show", "rn3"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean \"rn-3\"?"));
}

#[test]
fn priority_filter_includes_nested_priorities() {
    let out = json(seed().args([
        "list",
        "--priority",
        "cpa",
        "--today",
        "2004-05-01",
        "--format",
        "json",
        "--sort",
        "priority",
    ]));
    let got = ids(&out);
    assert_eq!(got.len(), 37);
    assert_eq!(got[0], "cpa-edu-1");
    assert_eq!(got[36], "cpa-cohesion-3");
}

#[test]
fn filters_combine_with_and() {
    let out = json(seed().args([
        "list",
        "--owner",
        "Corporate Directors",
        "--due-after",
        "2004-06-01",
        "--due-before",
        "2005-12-31",
        "--today",
        "2004-05-01",
        "--format",
        "json",
    ]));
    let mut got = ids(&out);
    got.sort();
    assert_eq!(
        got,
        [
            "bs-1", "bs-2", "rpo-1", "rpo-2", "rpo-3", "rpo-4", "rpo-5", "rpo-6", "si-2"
        ]
    );
    let soon = json(seed().args([
        "list",
        "--due-within",
        "3m",
        "--today",
        "2004-08-15",
        "--format",
        "json",
    ]));
    assert_eq!(
        ids(&soon),
        ["rpo-1", "rpo-2", "rpo-3", "rpo-4", "rpo-5", "rpo-6"]
    );
    let none = json(seed().args([
        "list",
        "--due-within",
        "30d",
        "--today",
        "2004-08-15",
        "--format",
        "json",
    ]));
    assert_eq!(ids(&none), Vec::<String>::new());
}

#[test]
fn global_flags_go_before_or_after_the_subcommand_and_env_works() {
    let before = json(seed().args([
        "--today",
        "2004-05-01",
        "--format",
        "json",
        "list",
        "--overdue",
    ]));
    let after = json(seed().args([
        "list",
        "--overdue",
        "--today",
        "2004-05-01",
        "--format",
        "json",
    ]));
    assert_eq!(before, after);
    let env = json(
        plan_cmd()
            .env("PLAN_DIR", seed_dir())
            .env("PLAN_TODAY", "2004-05-01")
            .args(["list", "--overdue", "--format", "json"]),
    );
    assert_eq!(env, after);
}

#[test]
fn plan_is_discovered_from_a_subfolder() {
    let plan = TestPlan::new();
    plan.write("a/one.toml", "[priority]\nid = \"a\"\ntitle = \"A\"\n\n[[action]]\nid = \"a-1\"\ntitle = \"One\"\ndue = \"April 2004\"\n");
    let deep = plan.root().join("docs/notes");
    std::fs::create_dir_all(&deep).unwrap();
    let out = json(plan_cmd().current_dir(&deep).args([
        "list",
        "--today",
        "2004-05-01",
        "--format",
        "json",
    ]));
    assert_eq!(ids(&out), ["a-1"]);
    assert_eq!(out[0]["file"], "plan/a/one.toml");
}

/// With no plan folder anywhere above, queries answer from the built-in seed plan and say so;
/// `check`, a CI gate, refuses rather than check the wrong plan.
#[test]
fn without_a_plan_folder_queries_use_the_built_in_seed_plan() {
    let nowhere = tempfile::tempdir().unwrap();
    let output = plan_cmd()
        .current_dir(nowhere.path())
        .args([
            "list",
            "--overdue",
            "--today",
            "2004-05-01",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let out: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        ids(&out),
        [
            "cc-1", "rn-1", "rn-2", "rn-3", "rn-4", "rn-5", "rn-6", "si-1"
        ]
    );
    assert_eq!(
        out[7]["file"],
        "plan/strategic-action-plan/05-service-improvement.toml"
    );
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with("note: no plan/plan.toml in ")
            && stderr.contains(
                "answering from the built-in example plan (Leicester City Council, 2003)"
            ),
        "{stderr}"
    );
    for args in [
        &["check"][..],
        &["list", "--rev", "HEAD"][..],
        &["diff"][..],
    ] {
        plan_cmd()
            .current_dir(nowhere.path())
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("no plan found"));
    }
}

fn one_action(due: &str) -> TestPlan {
    let plan = TestPlan::new();
    plan.write(
        "p/one.toml",
        &format!("[priority]\nid = \"p\"\ntitle = \"P\"\nowners = [\"Chief Executive\"]\n\n[[action]]\nid = \"p-1\"\ntitle = \"One\"\ndue = {due}\n"),
    );
    plan
}

#[test]
fn april_2004_is_overdue_from_1_may_not_on_15_april() {
    let plan = one_action("\"April 2004\"");
    for (today, overdue) in [
        ("2004-04-15", false),
        ("2004-04-30", false),
        ("2004-05-01", true),
    ] {
        let out = json(
            plan.cmd()
                .args(["list", "--format", "json", "--today", today]),
        );
        assert_eq!(out[0]["overdue"], overdue, "on {today}");
    }
}

#[test]
fn financial_year_is_due_31_march() {
    for written in ["\"2005/06\"", "\"FY2005/06\""] {
        let out = json(one_action(written).cmd().args(["list", "--format", "json"]));
        assert_eq!(out[0]["due"], "2005/06");
        assert_eq!(out[0]["due_by"], "2006-03-31");
    }
    let toml_date = json(
        one_action("2004-02-29")
            .cmd()
            .args(["list", "--format", "json"]),
    );
    assert_eq!(toml_date[0]["due"], "2004-02-29");
}

#[test]
fn financial_year_start_comes_from_plan_toml() {
    let plan = one_action("\"2005/06\"");
    plan.write(
        "plan.toml",
        "title = \"T\"\norganisation = \"O\"\nfinancial_year_start = 7\n",
    );
    let out = json(plan.cmd().args(["list", "--format", "json"]));
    assert_eq!(out[0]["due_by"], "2006-06-30");
}

#[test]
fn continuous_is_never_overdue() {
    let plan = one_action("\"continuous\"");
    let out = json(plan.cmd().args([
        "list",
        "--overdue",
        "--format",
        "json",
        "--today",
        "9999-12-31",
    ]));
    assert_eq!(ids(&out), Vec::<String>::new());
    let all = json(plan.cmd().args(["list", "--format", "json", "--no-date"]));
    assert_eq!(
        ids(&all),
        Vec::<String>::new(),
        "continuous counts as having a date"
    );
}

#[test]
fn done_and_dropped_are_listed_only_with_all_or_status() {
    let plan = TestPlan::new();
    plan.write(
        "p.toml",
        "[priority]\nid = \"p\"\ntitle = \"P\"\nowners = [\"Chief Executive\"]\ndue = \"April 2004\"\n\n\
         [[action]]\nid = \"p-1\"\ntitle = \"Done\"\nstatus = \"done\"\n\n\
         [[action]]\nid = \"p-2\"\ntitle = \"Dropped\"\nstatus = \"dropped\"\n\n\
         [[action]]\nid = \"p-3\"\ntitle = \"Going\"\nstatus = \"in-progress\"\n",
    );
    assert_eq!(
        ids(&json(plan.cmd().args(["list", "--format", "json"]))),
        ["p-3"]
    );
    assert_eq!(
        ids(&json(plan.cmd().args([
            "list",
            "--overdue",
            "--format",
            "json"
        ]))),
        ["p-3"]
    );
    assert_eq!(
        ids(&json(
            plan.cmd().args(["list", "--all", "--format", "json"])
        )),
        ["p-1", "p-2", "p-3"]
    );
    assert_eq!(
        ids(&json(
            plan.cmd()
                .args(["list", "--status", "done", "--format", "json"])
        )),
        ["p-1"]
    );
}

#[test]
fn alias_and_group_in_fixture() {
    let plan = TestPlan::new();
    plan.write(
        "h.toml",
        "[priority]\nid = \"h\"\ntitle = \"Housing\"\nowners = [\"housing director\"]\ndue = \"2004-Q3\"\n\n\
         [[action]]\nid = \"h-1\"\ntitle = \"Mine\"\n\n\
         [[action]]\nid = \"h-2\"\ntitle = \"Group's\"\nowners = [\"Corporate Directors\"]\n",
    );
    let out = json(
        plan.cmd()
            .args(["owner", "Director of Housing", "--format", "json"]),
    );
    assert_eq!(ids(&out), ["h-1", "h-2"]);
    assert_eq!(out[0]["owners"], serde_json::json!(["Director of Housing"]));
    assert_eq!(out[1]["via"], "Corporate Directors");
    let direct = json(
        plan.cmd()
            .args(["owner", "Corporate Directors", "--format", "json"]),
    );
    assert_eq!(
        ids(&direct),
        ["h-2"],
        "a group does not answer for its members' own actions"
    );
}

#[test]
fn unknown_key_in_a_plan_file_is_exit_2_with_file_and_line() {
    let plan = TestPlan::new();
    plan.write("p.toml", "[priority]\nid = \"p\"\ntitle = \"P\"\n\n[[action]]\nid = \"p-1\"\ntitel = \"One\"\ntitle = \"One\"\n");
    let (code, stderr) = stderr_of(plan.cmd().arg("list"));
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("error[unknown-field]: unknown key `titel`"),
        "{stderr}"
    );
    assert!(stderr.contains("plan/p.toml:7:1"), "{stderr}");
    assert!(stderr.contains("did you mean `title`?"), "{stderr}");
    assert!(stderr.contains("the plan has 1 error"), "{stderr}");
}

#[test]
fn bad_date_degrades_quoting_the_text_with_file_and_line() {
    let plan = one_action("\"April 2003 April 2004 2005/06\"");
    let (code, stderr) = stderr_of(plan.cmd().arg("list"));
    assert_eq!(code, Some(0));
    assert!(stderr.contains("warning[bad-date]"), "{stderr}");
    assert!(
        stderr.contains("\"April 2003 April 2004 2005/06\""),
        "{stderr}"
    );
    assert!(stderr.contains("plan/p/one.toml:9:7"), "{stderr}");
    assert!(stderr.contains("run `plan check`"), "{stderr}");
    let (code, stderr) = stderr_of(one_action("\"June\"").cmd().arg("list"));
    assert_eq!(code, Some(0));
    assert!(stderr.contains("\"June\""), "{stderr}");
}

#[test]
fn unknown_owner_in_a_plan_file_degrades() {
    let plan = TestPlan::new();
    plan.write(
        "p.toml",
        "[priority]\nid = \"p\"\ntitle = \"P\"\nowners = [\"Chief Exec\"]\n",
    );
    let (code, stderr) = stderr_of(plan.cmd().args(["list"]));
    assert_eq!(code, Some(0));
    assert!(
        stderr.contains(
            "warning[unknown-owner]: plan/p.toml:4:11: \"p\": \"Chief Exec\" is not a role on the roster"
        ),
        "{stderr}"
    );
    let (code, stdout) = {
        let out = plan.cmd().arg("check").output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    assert_eq!(code, Some(1));
    assert!(
        stdout.contains("did you mean \"Chief Executive\""),
        "{stdout}"
    );
}

#[test]
fn csv_and_markdown_and_table_outputs() {
    let plan = TestPlan::new();
    plan.write(
        "p.toml",
        "[priority]\nid = \"p\"\ntitle = \"P\"\nowners = [\"Chief Executive\"]\ndue = \"April 2004\"\n\n\
         [[action]]\nid = \"p-1\"\ntitle = \"=SUM(A1) | pipes\"\n",
    );
    plan.cmd()
        .args(["list", "--format", "csv"])
        .assert()
        .success()
        .stdout("ID,Action,Priority,Owners,Due,Due by,Status\np-1,'=SUM(A1) | pipes,p,Chief Executive,April 2004,2004-04-30,planned · OVERDUE 1d\n");
    plan.cmd()
        .args(["list", "--format", "markdown"])
        .assert()
        .success()
        .stdout(predicate::str::contains("| p-1 | =SUM(A1) \\| pipes | p |"));
    plan.cmd()
        .args(["list", "--format", "table"])
        .env("COLUMNS", "80")
        .assert()
        .success()
        .stdout(predicate::function(|out: &str| {
            out.lines().all(|l| l.chars().count() <= 80)
        }))
        .stdout(predicate::str::contains(
            "1 action, 1 overdue, as at 2004-05-01",
        ));
}

#[test]
fn piped_default_format_is_markdown() {
    seed()
        .args(["list", "--overdue", "--today", "2004-05-01"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("| ID | Action |"));
}

#[test]
fn bad_command_lines_are_exit_2() {
    seed()
        .args(["list", "--today", "2004-13-01"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--today"));
    seed()
        .args(["list", "--due-within", "soon"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--due-within"));
    seed()
        .args(["list", "--status", "finished"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "planned, in-progress, done, dropped",
        ));
    seed()
        .args(["list", "--priority", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no priority has the id \"nope\""));
    seed().args(["list", "--format", "github"]).assert().code(2);
    seed().args(["frobnicate"]).assert().code(2);
    seed()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Exit codes"));
}

#[test]
fn completions_and_man_page_are_generated() {
    plan_cmd()
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--due-within"));
    plan_cmd()
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::contains(".TH plan"));
}

/// `--sort id` puts numbers in ids in order by value: a2 before a10.
#[test]
fn sort_by_id_is_natural_order() {
    let plan = TestPlan::new();
    plan.write(
        "p.toml",
        "[priority]\nid = \"p\"\ntitle = \"P\"\nowners = [\"Chief Executive\"]\ndue = \"2004-Q4\"\n\n[[action]]\nid = \"a10\"\ntitle = \"Ten\"\n\n[[action]]\nid = \"a2\"\ntitle = \"Two\"\n\n[[action]]\nid = \"a1\"\ntitle = \"One\"\n",
    );
    let listed = json(
        plan.cmd()
            .args(["list", "--sort", "id", "--format", "json"]),
    );
    assert_eq!(ids(&listed), ["a1", "a2", "a10"]);
}
