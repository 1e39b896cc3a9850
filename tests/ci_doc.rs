//! docs/ci.md says what `plan check` does: its rules table lists every rule with the severity
//! `plan check` gives it, and the rules it says `allow` and waivers take are exactly the ones
//! `plan check --allow` and `plan waive` accept.

mod common;

use std::collections::BTreeSet;

const TODAY: &str = "2004-05-01";

fn ci_md() -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/ci.md"))
        .unwrap()
}

/// Every rule, as `plan check` lists them when asked for one it does not have.
fn every_rule() -> Vec<String> {
    let (code, stderr) = common::stderr_of(common::seed().args(["check", "--deny", "no-such"]));
    assert_eq!(code, Some(2), "{stderr}");
    let list = stderr
        .trim()
        .strip_prefix("error: unknown rule \"no-such\"; rules: ")
        .unwrap_or_else(|| panic!("{stderr}"));
    list.split(", ").map(str::to_owned).collect()
}

/// The rules named in backticks in `text` (of those in `rules`).
fn named(text: &str, rules: &[String]) -> BTreeSet<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .filter(|word| rules.iter().any(|r| r == word))
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_rules_table_gives_every_rule_the_severity_plan_check_gives_it() {
    let sarif = common::json(common::seed().args(["--today", TODAY, "check", "--format", "sarif"]));
    let levels: Vec<(String, String)> = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|rule| {
            (
                rule["id"].as_str().unwrap().to_owned(),
                rule["defaultConfiguration"]["level"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
            )
        })
        .collect();
    let doc = ci_md();
    let table = &doc[doc.find("| rule | severity |").expect("the rules table")..];
    let documented: Vec<(String, String)> = table
        .lines()
        .skip(2)
        .take_while(|line| line.starts_with("| `"))
        .map(|line| {
            let cells: Vec<&str> = line.split(" | ").collect();
            let rule = cells[0].trim_start_matches("| ").trim_matches('`');
            // "error (answers go on)" is an error that does not stop the queries.
            let severity = cells[1].split(' ').next().unwrap();
            (rule.to_owned(), severity.to_owned())
        })
        .collect();
    assert_eq!(documented, levels);
    assert_eq!(
        documented
            .iter()
            .map(|(r, _)| r.clone())
            .collect::<Vec<_>>(),
        every_rule()
    );
}

#[test]
fn the_rules_it_says_allow_and_waivers_take_are_the_ones_plan_takes() {
    let rules = every_rule();
    let allowable: BTreeSet<String> = rules
        .iter()
        .filter(|rule| {
            let (code, stderr) = common::stderr_of(
                common::seed().args(["--today", TODAY, "check", "--allow", rule]),
            );
            match code {
                Some(0 | 1) => true,
                Some(2) => {
                    assert!(
                        stderr.starts_with(&format!("error: rule \"{rule}\" cannot be allowed: ")),
                        "{stderr}"
                    );
                    false
                }
                other => panic!("--allow {rule}: exit {other:?}: {stderr}"),
            }
        })
        .cloned()
        .collect();
    let (code, stderr) = common::stderr_of(common::seed().args([
        "--today",
        TODAY,
        "waive",
        "sd-1",
        "--rule",
        "no-such",
        "--reason",
        "r",
        "--dry-run",
    ]));
    assert_eq!(code, Some(2), "{stderr}");
    let waivable: BTreeSet<String> = stderr
        .trim()
        .strip_prefix("error: unknown rule \"no-such\"; waivable rules: ")
        .unwrap_or_else(|| panic!("{stderr}"))
        .split(", ")
        .map(str::to_owned)
        .collect();

    let doc = ci_md();
    let from = doc
        .find("The command line wins over `plan.toml`.")
        .expect("the paragraph on allow");
    let paragraph = &doc[from..from + doc[from..].find("\n\n").unwrap()];
    let (allow_part, rest) = paragraph
        .split_once(" and no\nother")
        .expect("allow's list ends \"and no other\"");
    assert_eq!(named(allow_part, &rules), allowable, "{allow_part}");
    // The rules it says are never silenced are refused by --allow.
    let never = &rest[..rest
        .find("Only the completeness rules can be waived")
        .unwrap()];
    assert!(!named(never, &rules).is_empty());
    assert!(named(never, &rules).is_disjoint(&allowable), "{never}");
    // "Only the completeness rules can be waived": the first list in the paragraph.
    let completeness = &allow_part[..allow_part.find("the rules about progress").unwrap()];
    assert_eq!(named(completeness, &rules), waivable, "{completeness}");
    // The example waiver lists them too.
    let example = doc
        .lines()
        .find(|line| line.starts_with("rule = \"missing-date\""))
        .unwrap();
    let listed: BTreeSet<String> = example
        .split('#')
        .nth(1)
        .unwrap()
        .replace(" or ", ", ")
        .split(", ")
        .map(|r| r.trim().to_owned())
        .collect();
    assert_eq!(listed, waivable, "{example}");
}
