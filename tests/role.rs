//! `plan role add` and `plan role rename` (issue #29): the roster changed from the command
//! line through the one safe edit path, on a plan written for the purpose (a CRLF roster with
//! a byte-order mark, a group, an alias, owners on a priority, an action, an update's `by`, an
//! indicator and an actual's `by`).

mod common;

use common::TestPlan;

const ROSTER: &str = "\u{feff}# Northvale's roles\r\n[[role]]\r\nname = \"Corporate Management Team\"\r\naliases = [\"CMT\"]\r\n\r\n[[role]]\r\nname = \"Head of Housing\" # to be renamed\r\naliases = [\"HoH\"]\r\nmember_of = [\"Corporate Management Team\"]\r\n\r\n[[role]]\r\nname = \"Head of Planning\"\r\nmember_of = [\"Corporate Management Team\"]\r\n\r\n[[role]]\r\nname = \"Housing Officer\"\r\nmember_of = [\"head of housing\"]\r\n";

const HOUSING: &str = r#"[priority]
id = "hs"
title = "Decent homes"
owners = ["Head of Housing"]

[[action]]
id = "hs-1"
title = "Inspect licensed HMOs"
owners = ["HoH", "Head of Planning"]   # the alias stays
due = 2004-09-30

[[action.update]]
date = 2004-04-20
note = "Started"
by = "head of  housing"

[[indicator]]
id = "hs-homes"
title = "Homes made decent"
polarity = "higher"
frequency = "quarterly"
owners = ["Head of Housing"]

[[indicator.target]]
period = "2004/05"
value = 100

[[indicator.actual]]
period = "2004/05 Q1"
value = 20
by = "Head of Housing"
"#;

const PLANNING: &str = r#"[priority]
id = "pl"
title = "Planning"
owners = ["Head of Planning"]

[[action]]
id = "pl-1"
title = "Adopt the local plan"
due = 2004-12-31
"#;

fn plan() -> TestPlan {
    let plan = TestPlan::new();
    plan.write("owners.toml", ROSTER)
        .write("housing.toml", HOUSING)
        .write("planning.toml", PLANNING);
    plan
}

fn read(plan: &TestPlan, file: &str) -> String {
    std::fs::read_to_string(plan.plan_dir().join(file)).unwrap()
}

fn output(plan: &TestPlan, args: &[&str]) -> (Option<i32>, String, String) {
    let out = plan.cmd().args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Each command is refused with exit 2, nothing on stdout, exactly its message on stderr,
/// and the roster left as it was.
fn refused(plan: &TestPlan, cases: &[(Vec<&str>, &str)]) {
    for (args, message) in cases {
        let (code, out, err) = output(plan, args);
        assert_eq!(
            (code, out.as_str(), err.as_str()),
            (Some(2), "", *message),
            "{args:?}"
        );
    }
    assert_eq!(read(plan, "owners.toml"), ROSTER);
}

#[test]
fn role_add_appends_keeping_the_roster_bom_and_crlf() {
    let plan = plan();
    let (code, out, err) = output(
        &plan,
        &[
            "role",
            "add",
            "Policy and Performance Manager",
            "--alias",
            "PPM",
            "--member-of",
            "cmt",
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        out,
        "role added: Policy and Performance Manager (aliases PPM; member of Corporate Management Team)\n"
    );
    assert_eq!(
        read(&plan, "owners.toml"),
        format!(
            "{ROSTER}\r\n[[role]]\r\nname = \"Policy and Performance Manager\"\r\naliases = [\"PPM\"]\r\nmember_of = [\"Corporate Management Team\"]\r\n"
        )
    );
    // The new officer can now be given an action.
    let (code, out, err) = output(&plan, &["set", "pl-1", "--owner", "PPM"]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(out, "pl-1: owners set to Policy and Performance Manager\n");
}

#[test]
fn role_add_refuses_a_name_in_use_an_unknown_group_and_a_blank_name() {
    let plan = plan();
    refused(
        &plan,
        &[
            (
                vec!["role", "add", "Senior Officer", "--alias", "cmt"],
                "error: role name \"cmt\" is already used by role \"Corporate Management Team\"\nhelp: each role and alias is listed once (names match case-insensitively)\n",
            ),
            (
                vec!["role", "add", "HEAD OF PLANNING"],
                "error: role name \"HEAD OF PLANNING\" is already used by role \"Head of Planning\"\nhelp: each role and alias is listed once (names match case-insensitively)\n",
            ),
            (
                vec!["role", "add", "Planner", "--member-of", "Head of Planing"],
                "error: unknown owner \"Head of Planing\"\nhelp: did you mean \"Head of Planning\"?\n",
            ),
            (
                vec!["role", "add", " "],
                "error: a role's name and aliases cannot be blank\n",
            ),
        ],
    );
}

#[test]
fn an_owner_not_on_the_roster_is_told_how_to_add_the_role() {
    let plan = plan();
    let before = read(&plan, "housing.toml");
    let (code, out, err) = output(
        &plan,
        &["set", "hs-1", "--owner", "Policy and Performance Manager"],
    );
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (
            Some(2),
            "",
            "error: unknown owner \"Policy and Performance Manager\"\nhelp: no role of that name is on the roster; a new one? add it first with: plan role add \"Policy and Performance Manager\"\n"
        )
    );
    assert_eq!(read(&plan, "housing.toml"), before);
    // Followed, the advice works.
    let (code, _, err) = output(&plan, &["role", "add", "Policy and Performance Manager"]);
    assert_eq!(code, Some(0), "{err}");
    let (code, _, err) = output(
        &plan,
        &["set", "hs-1", "--owner", "Policy and Performance Manager"],
    );
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn role_add_dry_run_shows_the_diff_and_writes_nothing() {
    let plan = plan();
    let (code, out, err) = output(&plan, &["role", "add", "Head of Finance", "--dry-run"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.ends_with(
            " member_of = [\"head of housing\"]\r\n+\r\n+[[role]]\r\n+name = \"Head of Finance\"\r\ndry run, nothing written: role added: Head of Finance\n"
        ),
        "{out}"
    );
    assert_eq!(read(&plan, "owners.toml"), ROSTER);
}

#[test]
fn role_rename_updates_every_reference_in_every_file() {
    let plan = plan();
    let (code, out, err) = output(
        &plan,
        &[
            "role",
            "rename",
            "Head of Housing",
            "Head of Housing Standards",
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        out,
        "role renamed: Head of Housing → Head of Housing Standards (6 references in 2 files)\n"
    );
    assert_eq!(
        read(&plan, "owners.toml"),
        ROSTER
            .replace(
                "name = \"Head of Housing\"",
                "name = \"Head of Housing Standards\""
            )
            .replace("[\"head of housing\"]", "[\"Head of Housing Standards\"]")
    );
    let housing = HOUSING
        .replace("\"Head of Housing\"", "\"Head of Housing Standards\"")
        .replace("\"head of  housing\"", "\"Head of Housing Standards\"");
    assert_eq!(read(&plan, "housing.toml"), housing);
    assert!(housing.contains("owners = [\"HoH\", \"Head of Planning\"]   # the alias stays"));
    assert_eq!(read(&plan, "planning.toml"), PLANNING);
    // The role answers for the same actions under its new name.
    let owner = plan
        .cmd()
        .args(["owner", "Head of Housing Standards", "--format", "json"])
        .output()
        .unwrap();
    let rows: serde_json::Value = serde_json::from_slice(&owner.stdout).unwrap();
    assert_eq!(common::ids(&rows), ["hs-1"], "{rows}");
}

#[test]
fn role_rename_dry_run_lists_each_file_and_writes_nothing() {
    let plan = plan();
    let (code, out, err) = output(
        &plan,
        &[
            "role",
            "rename",
            "Head of Planning",
            "Planning Lead",
            "--dry-run",
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    let files: Vec<&str> = out.lines().filter(|l| l.starts_with("+++ ")).collect();
    assert_eq!(
        files,
        [
            "+++ b/plan/owners.toml",
            "+++ b/plan/housing.toml",
            "+++ b/plan/planning.toml"
        ]
    );
    assert!(
        out.ends_with("dry run, nothing written: role renamed: Head of Planning → Planning Lead (3 references in 3 files)\n"),
        "{out}"
    );
    assert_eq!(read(&plan, "owners.toml"), ROSTER);
    assert_eq!(read(&plan, "planning.toml"), PLANNING);
}

#[test]
fn role_rename_refuses_an_alias_a_taken_name_and_an_unknown_role() {
    let plan = plan();
    refused(
        &plan,
        &[
            (
                vec!["role", "rename", "HoH", "Head of Homes"],
                "error: \"HoH\" is an alias of role \"Head of Housing\"; rename the role by its name (aliases stay as they are)\n",
            ),
            (
                vec!["role", "rename", "Head of Housing", "CMT"],
                "error: role name \"CMT\" is already used by role \"Corporate Management Team\"\n",
            ),
            (
                vec!["role", "rename", "Head of Housing", "hoh"],
                "error: \"hoh\" is already an alias of role \"Head of Housing\"; remove the alias from owners.toml first\n",
            ),
            (
                vec!["role", "rename", "Head of Housng", "X"],
                "error: no role \"Head of Housng\" is on the roster to rename\nhelp: did you mean \"Head of Housing\"?\n",
            ),
            // Nothing near: no advice to add the role, which would leave nothing to rename.
            (
                vec!["role", "rename", "Parks Manager", "X"],
                "error: no role \"Parks Manager\" is on the roster to rename\nhelp: plan owners lists the roles on the roster\n",
            ),
        ],
    );
    assert_eq!(read(&plan, "housing.toml"), HOUSING);
}

#[test]
fn role_rename_is_all_or_nothing() {
    let plan = plan();
    // planning.toml cannot be edited keeping its bytes (mixed line endings) and names the
    // role: nothing is written anywhere.
    let mixed = PLANNING.replacen('\n', "\r\n", 1);
    plan.write("planning.toml", &mixed);
    let (code, out, err) = output(
        &plan,
        &["role", "rename", "Head of Planning", "Planning Lead"],
    );
    assert_eq!((code, out.as_str()), (Some(2), ""), "{err}");
    assert!(
        err.contains("planning.toml") && err.contains("mix of CRLF"),
        "{err}"
    );
    assert_eq!(read(&plan, "owners.toml"), ROSTER);
    assert_eq!(read(&plan, "housing.toml"), HOUSING);
    assert_eq!(read(&plan, "planning.toml"), mixed);
}

#[test]
fn import_appends_roles_keeping_the_roster_bom_and_crlf() {
    let plan = plan();
    let sheet = plan.root().join("actions.csv");
    std::fs::write(
        &sheet,
        "Priority,Action,Responsibility,Target date\nParks,Open the new park,Head of Parks,June 2004\n",
    )
    .unwrap();
    let (code, _, err) = output(
        &plan,
        &["import", sheet.to_str().unwrap(), "--into", "council"],
    );
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        read(&plan, "owners.toml"),
        format!("{ROSTER}\r\n[[role]]\r\nname = \"Head of Parks\"\r\n")
    );
}

#[test]
fn a_role_name_with_a_control_character_is_refused_by_role_add_and_rename() {
    let plan = plan();
    refused(
        &plan,
        &[
            (
                vec!["role", "add", "Evil\nName"],
                "error: a role's name and aliases cannot contain control characters (found \\u{a} in \"Evil\\nName\")\n",
            ),
            (
                vec!["role", "add", "Good", "--alias", "B\u{202e}AD"],
                "error: a role's name and aliases cannot contain control characters (found \\u{202e} in \"B\\u{202e}AD\")\n",
            ),
            (
                vec![
                    "role",
                    "rename",
                    "Head of Planning",
                    "Head\x1b[31m of Planning",
                ],
                "error: a role's name and aliases cannot contain control characters (found \\u{1b} in \"Head\\u{1b}[31m of Planning\")\n",
            ),
        ],
    );
}

#[test]
fn a_role_name_with_a_control_character_in_owners_toml_is_a_located_error() {
    let plan = plan();
    plan.write(
        "owners.toml",
        "[[role]]\nname = \"Head of Planning\"\n\n[[role]]\nname = \"Head\\u001bof Housing\"\naliases = [\"x\\ty\"]\n",
    );
    let (code, _, err) = output(&plan, &["check", "--format", "json"]);
    assert_eq!(code, Some(1), "{err}");
    let (_, out, _) = output(&plan, &["check", "--format", "json"]);
    let found: serde_json::Value = serde_json::from_str(&out).unwrap();
    let bad: Vec<(String, String, u64)> = found
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "bad-value")
        .map(|d| {
            (
                d["message"].as_str().unwrap().to_owned(),
                d["file"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        bad,
        [
            (
                "role name contains the control character \\u{1b}".to_owned(),
                "plan/owners.toml".to_owned(),
                5
            ),
            (
                "alias contains the control character \\u{9}".to_owned(),
                "plan/owners.toml".to_owned(),
                6
            ),
        ]
    );
}

#[test]
fn an_edit_summary_never_sends_a_control_character_to_the_terminal() {
    let plan = plan();
    let (code, out, err) = output(
        &plan,
        &[
            "add",
            "pl",
            "--title",
            "Survey \x1b]0;pwned\x07 sites",
            "--due",
            "2004-12-31",
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        out,
        "pl-2: added to pl \"Survey \\u{1b}]0;pwned\\u{7} sites\"\n"
    );
}

/// Names typed with stray spaces are written tidy (names match that way anyway), and an
/// alias that repeats the role's name, or another alias, is refused before anything is
/// written: each name is listed once.
#[test]
fn role_names_are_written_tidy_and_listed_once() {
    let plan = plan();
    let before = read(&plan, "owners.toml");
    for (args, message) in [
        (
            &["role", "add", "Clerk", "--alias", " CLERK "][..],
            "error: alias \"CLERK\" is the role's own name \"Clerk\"; names match case-insensitively, so it needs no alias\n",
        ),
        (
            &[
                "role",
                "add",
                "Clerk",
                "--alias",
                "Town Clerk",
                "--alias",
                "town  clerk",
            ][..],
            "error: alias \"town clerk\" is given twice (names match case-insensitively)\n",
        ),
    ] {
        assert_eq!(
            output(&plan, args),
            (Some(2), String::new(), message.to_owned())
        );
    }
    assert_eq!(read(&plan, "owners.toml"), before);
    let (code, out, err) = output(
        &plan,
        &[
            "role",
            "add",
            "  Head of\u{a0}  Finance ",
            "--alias",
            "Finance   Lead",
        ],
    );
    assert_eq!((code, err.as_str()), (Some(0), ""));
    assert_eq!(out, "role added: Head of Finance (aliases Finance Lead)\n");
    assert!(
        read(&plan, "owners.toml").ends_with(
            "\r\n[[role]]\r\nname = \"Head of Finance\"\r\naliases = [\"Finance Lead\"]\r\n"
        ),
        "{}",
        read(&plan, "owners.toml")
    );
    let (code, out, err) = output(
        &plan,
        &[
            "role",
            "rename",
            "head of finance",
            " Director  of Finance ",
        ],
    );
    assert_eq!((code, err.as_str()), (Some(0), ""));
    assert_eq!(
        out,
        "role renamed: Head of Finance → Director of Finance (1 reference in 1 file)\n"
    );
    assert!(read(&plan, "owners.toml").contains("name = \"Director of Finance\"\r\n"));
}
