//! `plan man --output-dir` and `plan completions`, checked with the programs that use them:
//! groff (what `man` runs) formats every page without a warning, and every page `plan.1`
//! refers to exists; bash, with the generated completion script loaded, completes the values
//! of `--deny`, `--allow`, `--rule` and `--status` instead of file names.

mod common;

use std::process::Command;

use common::plan_cmd;

/// The pages `plan.1`'s SUBCOMMANDS section refers to (`plan\-list(1)`).
fn references(page: &str) -> Vec<String> {
    page.lines()
        .filter_map(|l| l.strip_suffix("(1)"))
        .filter(|l| l.starts_with("plan\\-"))
        .map(|l| format!("{}.1", l.replace("\\-", "-")))
        .collect()
}

/// Stands in for `man` (groff with preconv, as man-db runs it): each page formats with no
/// warning, and every page plan.1 refers to is written, with nothing else.
#[test]
fn man_output_dir_writes_every_page_plan_1_refers_to() {
    let dir = tempfile::tempdir().unwrap();
    let out = plan_cmd()
        .args(["man", "--output-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let plan1 = std::fs::read_to_string(dir.path().join("plan.1")).unwrap();
    assert_eq!(
        plan1,
        String::from_utf8(plan_cmd().arg("man").output().unwrap().stdout).unwrap(),
        "plan.1 is the page `plan man` prints"
    );
    let mut wanted = references(&plan1);
    assert!(wanted.contains(&"plan-list.1".to_owned()), "{wanted:?}");
    assert!(wanted.contains(&"plan-report.1".to_owned()));
    wanted.push("plan.1".to_owned());
    wanted.sort();
    let mut written: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    written.sort();
    assert_eq!(written, wanted);
    let list = std::fs::read_to_string(dir.path().join("plan-list.1")).unwrap();
    assert!(list.contains(".TH plan-list 1"), "{}", &list[..200]);
    assert!(list.contains("\\-\\-overdue"));
    assert!(
        String::from_utf8_lossy(&out.stderr).starts_with(&format!(
            "wrote {} man pages: plan.1, plan-list.1, ",
            written.len()
        )),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !plan1.contains("plan\\-help(1)"),
        "no page for clap's help subcommand"
    );
    if Command::new("groff").arg("--version").output().is_err() {
        panic!("groff is needed to check the pages (apt-get install groff)");
    }
    for page in &written {
        let groff = Command::new("groff")
            .args(["-k", "-man", "-Tutf8", "-ww", "-z"])
            .arg(dir.path().join(page))
            .output()
            .unwrap();
        assert!(groff.status.success(), "{page}");
        assert_eq!(String::from_utf8_lossy(&groff.stderr), "", "{page}");
    }
    let missing = plan_cmd()
        .args(["man", "--output-dir"])
        .arg(dir.path().join("nope"))
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
}

/// What bash offers after `plan WORDS` (the last word being completed), with the script
/// `plan completions bash` prints loaded: the real bash completion machinery.
fn bash_completes(words: &[&str]) -> Vec<String> {
    let script = plan_cmd().args(["completions", "bash"]).output().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.bash");
    std::fs::write(&path, script.stdout).unwrap();
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let line = words.join(" ");
    let program = format!(
        "source '{}'; COMP_WORDS=({}); COMP_CWORD={}; COMP_LINE='{line}'; COMP_POINT=${{#COMP_LINE}}; _plan plan '{}' '{}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        path.display(),
        quoted.join(" "),
        words.len() - 1,
        words[words.len() - 1],
        words[words.len() - 2],
    );
    let out = Command::new("bash")
        .args(["--norc", "-c", &program])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

/// Stands in for bash completion: enumerated options complete their values.
#[test]
fn bash_completes_rules_and_statuses_not_file_names() {
    let all: Vec<String> = plan::diag::Rule::ALL
        .iter()
        .map(|r| r.name().to_owned())
        .collect();
    assert_eq!(bash_completes(&["plan", "check", "--deny", ""]), all);
    let missing: Vec<String> = all
        .iter()
        .filter(|n| n.starts_with("missing-"))
        .cloned()
        .collect();
    assert!(missing.len() >= 5, "{missing:?}");
    assert_eq!(
        bash_completes(&["plan", "check", "--deny", "missing-"]),
        missing
    );
    let allow = bash_completes(&["plan", "check", "--allow", ""]);
    assert!(allow.contains(&"empty-priority".to_owned()), "{allow:?}");
    assert!(
        !allow.contains(&"parse".to_owned()),
        "parse cannot be allowed"
    );
    let waivable = bash_completes(&["plan", "waive", "--rule", ""]);
    assert_eq!(
        waivable[..4],
        ["missing-owner", "missing-date", "empty-priority", "overdue"]
    );
    let expected: Vec<&str> = plan::diag::Rule::ALL
        .iter()
        .filter(|r| r.is_completeness())
        .map(|r| r.name())
        .collect();
    assert_eq!(waivable, expected);
    let statuses = ["planned", "in-progress", "done", "dropped"];
    assert_eq!(bash_completes(&["plan", "list", "--status", ""]), statuses);
    assert_eq!(bash_completes(&["plan", "set", "--status", ""]), statuses);
    assert_eq!(
        bash_completes(&["plan", "report", "--format", ""]),
        ["html", "markdown", "csv", "xlsx"]
    );
    assert_eq!(
        bash_completes(&["plan", "list", "--sort", ""]),
        ["due", "id", "owner", "priority"]
    );
}

/// The values are only suggestions: a wrong one still gets `plan`'s own message.
#[test]
fn a_wrong_rule_still_gets_plans_message() {
    let plan = common::TestPlan::new();
    let (code, stderr) = common::stderr_of(plan.cmd().args(["check", "--deny", "overdu"]));
    assert_eq!(code, Some(2));
    assert!(
        stderr.starts_with("error: unknown rule \"overdu\""),
        "{stderr}"
    );
}
