//! `--rev`, `plan diff` and `plan history` against a temporary git repository built commit by
//! commit with fixed author, committer and dates, so commit ids and output are deterministic.

mod common;

use std::path::Path;

use common::{GitRepo, ids, json, plan_cmd, stderr_of, stdout};
use serde_json::json;

const HOUSING: &str = r#"
[priority]
id = "hs"
title = "Housing"

[[action]]
id = "hs-1"
title = "Repair council homes"
owners = ["Director of Housing"]
due = "April 2004"

[[action]]
id = "hs-2"
title = "Let empty homes"
owners = ["Chief Executive"]
due = "2004-03"

[[action]]
id = "hs-3"
title = "Survey tenants"
owners = ["Chief Executive"]
due = "2004-Q1"
"#;

/// A git repository with a `plan/` folder, committed in four steps:
/// 1. 2004-01-10, tagged `jan-committee`: the plan above.
/// 2. 2004-02-10: hs-1 slips April → June 2004; hs-2 moves to the Assistant Chief Executive.
/// 3. 2004-03-10: hs-3 dropped; the file moves to `housing/`; hs-4 added.
/// 4. 2004-04-10: hs-1 slips again, to 2005-03.
fn built() -> GitRepo {
    let repo = GitRepo::new();
    repo.write_plan("plan", "housing", HOUSING)
        .commit("Plan as agreed in January", "2004-01-10")
        .tag("jan-committee");

    let text = HOUSING
        .replace("due = \"April 2004\"", "due = \"June 2004\"")
        .replace(
            "title = \"Let empty homes\"\nowners = [\"Chief Executive\"]",
            "title = \"Let empty homes\"\nowners = [\"Assistant Chief Executive\"]",
        );
    repo.write("plan/housing.toml", &text);
    repo.commit("Repairs slip to June; empty homes to the ACE", "2004-02-10");

    let text = text.replace(
        "due = \"2004-Q1\"",
        "due = \"2004-Q1\"\nstatus = \"dropped\"",
    ) + "\n[[action]]\nid = \"hs-4\"\ntitle = \"Open a housing advice centre\"\nowners = [\"Director of Housing\"]\ndue = \"2004-09\"\n";
    std::fs::remove_file(repo.root().join("plan/housing.toml")).unwrap();
    repo.write("plan/housing/housing.toml", &text);
    repo.commit(
        "Drop the tenant survey; add the advice centre",
        "2004-03-10",
    );

    let text = text.replace("due = \"June 2004\"", "due = \"2005-03\"");
    repo.write("plan/housing/housing.toml", &text);
    repo.commit("Repairs slip to March 2005", "2004-04-10");
    repo
}

#[test]
fn rev_gives_the_old_overdue_list() {
    let repo = built();
    let now = json(
        repo.plan_cmd("plan")
            .args(["list", "--overdue", "--format", "json"]),
    );
    assert_eq!(ids(&now), ["hs-2"]);
    assert_eq!(now[0]["file"], "plan/housing/housing.toml");
    let then = json(repo.plan_cmd("plan").args([
        "list",
        "--overdue",
        "--format",
        "json",
        "--rev",
        "jan-committee",
    ]));
    assert_eq!(ids(&then), ["hs-2", "hs-3", "hs-1"]);
    assert_eq!(then[0]["owners"], json!(["Chief Executive"]));
    assert_eq!(then[0]["file"], "plan/housing.toml");
    // The global flag works before the subcommand, and with HEAD~N.
    let before = json(repo.plan_cmd("plan").args([
        "--rev",
        "HEAD~3",
        "list",
        "--overdue",
        "--format",
        "json",
    ]));
    assert_eq!(before, then);
    // Every read command honours it.
    let shown = json(
        repo.plan_cmd("plan")
            .args(["show", "hs-1", "--format", "json", "--rev", "HEAD~3"]),
    );
    assert_eq!(shown["due"], "April 2004");
    repo.plan_cmd("plan")
        .args(["check", "--rev", "HEAD~3"])
        .assert()
        .success();
    let report =
        stdout(
            repo.plan_cmd("plan")
                .args(["report", "--format", "csv", "--rev", "jan-committee"]),
        );
    let overdue: Vec<&str> = report
        .lines()
        .filter(|line| line.contains(",Overdue,"))
        .filter_map(|line| line.split(',').next())
        .collect();
    assert_eq!(overdue, ["hs-1", "hs-2", "hs-3"]);
}

#[test]
fn rev_reads_from_git_not_the_working_tree() {
    let repo = built();
    // Hidden folders are skipped at a revision as in the working tree.
    repo.write("plan/.drafts/idea.toml", "not toml [");
    repo.commit("Park a draft", "2004-04-20");
    // An uncommitted, broken edit does not affect reading a revision.
    repo.write("plan/housing/housing.toml", "not toml [");
    let at_head = json(
        repo.plan_cmd("plan")
            .args(["list", "--format", "json", "--rev", "HEAD"]),
    );
    assert_eq!(ids(&at_head), ["hs-2", "hs-4", "hs-1"]);
    repo.plan_cmd("plan").args(["list"]).assert().code(2);
    // diff still compares, and says what it could not read.
    let (code, stderr) = stderr_of(repo.plan_cmd("plan").args(["diff", "HEAD"]));
    assert_eq!(code, Some(0));
    assert!(
        stderr.contains("warning: the plan at the working tree has 1 error"),
        "{stderr}"
    );
}

#[test]
fn bad_revision_is_exit_2_with_a_clear_message() {
    let repo = built();
    for args in [
        &["list", "--rev", "no-such-tag"][..],
        &["diff", "no-such-tag"][..],
        &["history", "hs-1", "--rev", "no-such-tag"][..],
    ] {
        let (code, stderr) = stderr_of(repo.plan_cmd("plan").args(args));
        assert_eq!(code, Some(2), "{args:?}");
        assert!(
            stderr.contains("error: unknown revision \"no-such-tag\""),
            "{args:?}: {stderr}"
        );
    }
    let (code, stderr) = stderr_of(repo.plan_cmd("plan").args(["list", "--rev", "--all"]));
    assert_eq!(code, Some(2), "{stderr}");
}

#[test]
fn outside_a_repository_is_exit_2_with_a_clear_message() {
    let plan = common::TestPlan::new();
    for args in [
        &["list", "--rev", "HEAD"][..],
        &["diff"][..],
        &["history", "hs-1"][..],
    ] {
        let (code, stderr) = stderr_of(
            plan.cmd()
                .env("GIT_CEILING_DIRECTORIES", plan.root().parent().unwrap())
                .args(args),
        );
        assert_eq!(code, Some(2), "{args:?}");
        assert!(
            stderr.contains("is not in a git repository"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn plan_folder_missing_at_revision_is_exit_2() {
    let repo = built();
    repo.write("other/plan.toml", "title = \"x\"\norganisation = \"y\"\n");
    let (code, stderr) = stderr_of(
        plan_cmd()
            .arg("--plan")
            .arg(repo.root().join("other"))
            .args(["list", "--rev", "HEAD"]),
    );
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("the plan folder other/ does not exist at revision \"HEAD\""),
        "{stderr}"
    );
}

#[test]
fn diff_since_the_last_tag_in_json() {
    let repo = built();
    let out = json(repo.plan_cmd("plan").args(["diff", "--format", "json"]));
    let section = |change: &str, heading: &str, actions: serde_json::Value| {
        let count = actions.as_array().unwrap().len();
        json!({"change": change, "heading": heading, "count": count, "actions": actions})
    };
    let expected = json!({
        "from": {"rev": "jan-committee", "commit": repo.commit_id("jan-committee")},
        "to": {"rev": "working tree", "commit": null},
        "sections": [
            section("added", "Added", json!([{
                "change": "added", "id": "hs-4", "title": "Open a housing advice centre",
                "before": null, "after": "planned",
                "detail": "due September 2004, owned by Director of Housing"
            }])),
            section("removed", "Removed", json!([])),
            section("done", "Done", json!([])),
            section("dropped", "Dropped", json!([{
                "change": "dropped", "id": "hs-3", "title": "Survey tenants",
                "before": "planned", "after": "dropped", "detail": "planned → dropped"
            }])),
            section("reopened", "Re-opened", json!([])),
            section("slipped", "Slipped", json!([{
                "change": "slipped", "id": "hs-1", "title": "Repair council homes",
                "before": "April 2004", "after": "March 2005",
                "due_by": {"before": "2004-04-30", "after": "2005-03-31"},
                "days": 335, "months": 11,
                "detail": "slipped by 11 months (April 2004 → March 2005)"
            }])),
            section("brought-forward", "Brought forward", json!([])),
            section("due-changed", "Due date changed", json!([])),
            section("owners-changed", "Owners changed", json!([{
                "change": "owners-changed", "id": "hs-2", "title": "Let empty homes",
                "before": ["Chief Executive"], "after": ["Assistant Chief Executive"],
                "detail": "Chief Executive → Assistant Chief Executive"
            }])),
            section("retitled", "Retitled", json!([])),
            section("moved-priority", "Moved to another priority", json!([])),
            section("progress", "Started or paused", json!([])),
            section("done-on", "Completion date changed", json!([])),
            section("updated", "New progress updates", json!([])),
        ]
    });
    assert_eq!(out, expected);
}

#[test]
fn diff_in_markdown_and_table() {
    let repo = built();
    let short = &repo.commit_id("jan-committee")[..7];
    let markdown = stdout(repo.plan_cmd("plan").args(["diff", "--format", "markdown"]));
    assert_eq!(
        markdown,
        format!(
            "Changes from jan-committee ({short}) to the working tree: 1 added, 1 dropped, 1 slipped, 1 owners changed

### Added (1)

| ID | Action | Change |
|---|---|---|
| hs-4 | Open a housing advice centre | due September 2004, owned by Director of Housing |

### Dropped (1)

| ID | Action | Change |
|---|---|---|
| hs-3 | Survey tenants | planned → dropped |

### Slipped (1)

| ID | Action | Change |
|---|---|---|
| hs-1 | Repair council homes | slipped by 11 months (April 2004 → March 2005) |

### Owners changed (1)

| ID | Action | Change |
|---|---|---|
| hs-2 | Let empty homes | Chief Executive → Assistant Chief Executive |
"
        )
    );
    let table = stdout(repo.plan_cmd("plan").args(["diff", "--format", "table"]));
    assert!(table.starts_with(&format!(
        "Changes from jan-committee ({short}) to the working tree: 1 added, 1 dropped, 1 slipped, 1 owners changed\n\nAdded (1)\n"
    )));
    assert!(table.contains("slipped by 11 months (April 2004 → March 2005)"));
}

#[test]
fn diff_between_two_revisions_and_since_a_day() {
    let repo = built();
    // FROM and TO both revisions: January to February.
    let out = json(
        repo.plan_cmd("plan")
            .args(["diff", "HEAD~3", "HEAD~2", "--format", "json"]),
    );
    let counts: Vec<(String, u64)> = out["sections"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["count"] != 0)
        .map(|s| {
            (
                s["change"].as_str().unwrap().to_owned(),
                s["count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        counts,
        [("slipped".to_owned(), 1), ("owners-changed".to_owned(), 1)]
    );
    assert_eq!(
        out["sections"][5]["actions"][0]["detail"],
        "slipped by 2 months (April 2004 → June 2004)"
    );
    assert_eq!(out["to"]["commit"], repo.commit_id("HEAD~2"));

    // --since 2004-03-01: from the February commit; the file move alone is no change.
    let out =
        json(
            repo.plan_cmd("plan")
                .args(["diff", "--since", "2004-03-01", "--format", "json"]),
        );
    assert_eq!(out["from"]["rev"], "last commit before 2004-03-01");
    assert_eq!(out["from"]["commit"], repo.commit_id("HEAD~2"));
    let changed: Vec<(String, String)> = out["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["actions"].as_array().unwrap().clone())
        .map(|a| {
            (
                a["change"].as_str().unwrap().to_owned(),
                a["id"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected: Vec<(String, String)> =
        [("added", "hs-4"), ("dropped", "hs-3"), ("slipped", "hs-1")]
            .iter()
            .map(|(c, i)| ((*c).to_owned(), (*i).to_owned()))
            .collect();
    assert_eq!(changed, expected);
    assert_eq!(
        out["sections"][5]["actions"][0]["detail"],
        "slipped by 9 months (June 2004 → March 2005)"
    );

    // No changes: a clear line, not an empty page.
    let none = stdout(
        repo.plan_cmd("plan")
            .args(["diff", "HEAD", "--format", "markdown"]),
    );
    let short = &repo.commit_id("HEAD")[..7];
    assert_eq!(
        none,
        format!("Changes from HEAD ({short}) to the working tree: none\n")
    );
    let (code, stderr) = stderr_of(
        repo.plan_cmd("plan")
            .args(["diff", "--since", "2003-01-01"]),
    );
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("no commit was made before 2003-01-01"),
        "{stderr}"
    );
}

#[test]
fn history_shows_each_commit_and_the_due_trail() {
    let repo = built();
    let out = json(
        repo.plan_cmd("plan")
            .args(["history", "hs-1", "--format", "json"]),
    );
    assert_eq!(
        out["summary"],
        "hs-1: changed in 4 commits; due moved twice, 11 months later in all"
    );
    assert_eq!(out["due_moves"], 2);
    assert_eq!(out["due_shift_days"], 335);
    assert_eq!(out["due_shift_months"], 11);
    let entries = out["entries"].as_array().unwrap();
    let lines: Vec<String> = entries
        .iter()
        .map(|e| {
            format!(
                "{} {} {}",
                e["date"].as_str().unwrap(),
                e["author"].as_str().unwrap(),
                e["subject"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            "2004-01-10 Policy Officer Plan as agreed in January",
            "2004-02-10 Policy Officer Repairs slip to June; empty homes to the ACE",
            "2004-03-10 Policy Officer Drop the tenant survey; add the advice centre",
            "2004-04-10 Policy Officer Repairs slip to March 2005",
        ]
    );
    assert_eq!(entries[0]["commit"], repo.commit_id("HEAD~3"));
    assert_eq!(entries[2]["changes"][0]["change"], "moved-file");
    assert_eq!(entries[3]["changes"][0]["change"], "slipped");
    assert_eq!(entries[3]["changes"][0]["days"], 274);

    let markdown = stdout(
        repo.plan_cmd("plan")
            .args(["history", "hs-2", "--format", "markdown"]),
    );
    let c = |rev: &str| repo.commit_id(rev)[..7].to_owned();
    common::assert_same_text(
        "history hs-2 --format markdown",
        &format!(
            "| Date | Commit | Author | Subject | Changes |
|---|---|---|---|---|
| 2004-01-10 | {} | Policy Officer | Plan as agreed in January | added (due March 2004, owned by Chief Executive) |
| 2004-02-10 | {} | Policy Officer | Repairs slip to June; empty homes to the ACE | owners Chief Executive → Assistant Chief Executive |
| 2004-03-10 | {} | Policy Officer | Drop the tenant survey; add the advice centre | file plan/housing.toml → plan/housing/housing.toml |

hs-2: changed in 3 commits; due date never moved
",
            c("HEAD~3"),
            c("HEAD~2"),
            c("HEAD~1")
        ),
        &markdown,
    );
}

#[test]
fn history_includes_uncommitted_changes_and_honours_rev() {
    let repo = built();
    let text = std::fs::read_to_string(repo.plan_dir().join("housing/housing.toml")).unwrap();
    repo.write(
        "plan/housing/housing.toml",
        text.replace("due = \"2004-09\"", "due = \"2004-06\""),
    );
    let out = json(
        repo.plan_cmd("plan")
            .args(["history", "hs-4", "--format", "json"]),
    );
    let entries = out["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[1]["commit"], serde_json::Value::Null);
    assert_eq!(
        entries[1]["subject"],
        "(uncommitted changes in the working tree)"
    );
    assert_eq!(
        out["summary"],
        "hs-4: changed in 1 commit and the working tree; due moved once, 3 months earlier in all"
    );
    // As at the February commit, hs-4 did not exist yet.
    let (code, stderr) = stderr_of(
        repo.plan_cmd("plan")
            .args(["history", "hs-4", "--rev", "HEAD~2"]),
    );
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("no priority or action has the id \"hs-4\""),
        "{stderr}"
    );
    let (code, stderr) = stderr_of(repo.plan_cmd("plan").args(["history", "hs-9"]));
    assert_eq!(code, Some(2));
    assert!(stderr.contains("did you mean \"hs-"), "{stderr}");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn edit(repo: &GitRepo, relative: &str, from: &str, to: &str) {
    let path = repo.root().join(relative);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{relative} has no {from:?}");
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// Short commit ids replaced by `<commit>`: they hash the whole seed plan, so any edit to it
/// (even to plan/README.md) changes them without changing what the example shows.
fn mask_commits(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let is_commit = word.len() == 7 && word.chars().all(|c| c.is_ascii_hexdigit());
        out.push_str(if is_commit { "<commit>" } else { word });
        word.clear();
    };
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// docs/history.md shows real output: rebuild its example repository and compare.
#[test]
fn docs_history_example_is_current() {
    let repo = GitRepo::new();
    copy_dir(&common::seed_dir(), &repo.plan_dir());
    repo.commit("Plan as reported to Cabinet, March 2004", "2004-03-15");
    repo.git(&["tag", "cabinet-2004-03"]);
    let si_1 = "id = \"si-1\"\ntitle = \"Embed performance management and best value into the organisation.\"\n";
    edit(
        &repo,
        "plan/strategic-action-plan/05-service-improvement.toml",
        &format!("{si_1}due = \"April 2004\""),
        &format!("{si_1}due = \"September 2004\""),
    );
    repo.commit(
        "Performance management framework slips to September",
        "2004-05-20",
    );
    let rpo_4 = "id = \"rpo-4\"\ntitle = \"To improve satisfaction ratings among users of council housing services.\"\n";
    edit(
        &repo,
        "plan/strategic-action-plan/02-public-opinion.toml",
        rpo_4,
        &format!(
            "{rpo_4}owners = [\"Corporate Director, Cultural Services and Neighbourhood Renewal\"]\n"
        ),
    );
    repo.commit(
        "Housing satisfaction passes to the neighbourhood renewal director",
        "2004-06-10",
    );
    let doc =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/history.md")).unwrap();
    for args in [
        &["diff", "--format", "markdown"][..],
        &["history", "si-1", "--format", "markdown"][..],
        &[
            "list",
            "--overdue",
            "--today",
            "2004-06-14",
            "--rev",
            "cabinet-2004-03",
            "--format",
            "markdown",
        ][..],
        &[
            "list",
            "--overdue",
            "--today",
            "2004-06-14",
            "--format",
            "markdown",
        ][..],
    ] {
        let real = stdout(repo.plan_cmd("plan").args(args));
        assert!(
            mask_commits(&doc).contains(&mask_commits(&real)),
            "docs/history.md is stale for `plan {}`:\n{real}",
            args.join(" ")
        );
    }
}

/// The report's due-date trail through the commits: a move, a commit that leaves the action
/// alone, the same month written another way (not a move), a second move. Each commit's plan is
/// read through the walk's cache, so this pins what it shares from version to version.
#[test]
fn the_report_counts_each_due_date_move_through_the_history() {
    let repo = GitRepo::new();
    copy_dir(&common::seed_dir(), &repo.plan_dir());
    repo.commit("Plan as agreed", "2004-03-15");
    let file = "plan/strategic-action-plan/05-service-improvement.toml";
    let si_1 = "id = \"si-1\"\ntitle = \"Embed performance management and best value into the organisation.\"\n";
    let step = |from: &str, to: &str, message: &str, day: &str| {
        edit(
            &repo,
            file,
            &format!("{si_1}due = \"{from}\""),
            &format!("{si_1}due = \"{to}\""),
        );
        repo.commit(message, day);
    };
    step("April 2004", "September 2004", "slips", "2004-05-20");
    let rpo_4 = "id = \"rpo-4\"\ntitle = \"To improve satisfaction ratings among users of council housing services.\"\n";
    edit(
        &repo,
        "plan/strategic-action-plan/02-public-opinion.toml",
        rpo_4,
        &format!("{rpo_4}owners = [\"Chief Executive\"]\n"),
    );
    repo.commit("an owner elsewhere", "2004-06-10");
    step("September 2004", "2004-09", "the same month", "2004-07-01");
    step("2004-09", "December 2004", "slips again", "2004-08-01");
    let csv =
        stdout(
            repo.plan_cmd("plan")
                .args(["report", "--format", "csv", "--today", "2004-08-02"]),
        );
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (id, first, moves) = (column("id"), column("originally_due"), column("due_moves"));
    let moved: Vec<(String, String, String)> = reader
        .records()
        .map(Result::unwrap)
        .filter(|r| !r[moves].is_empty() && &r[moves] != "0")
        .map(|r| (r[id].to_owned(), r[first].to_owned(), r[moves].to_owned()))
        .collect();
    assert_eq!(
        moved,
        [("si-1".to_owned(), "April 2004".to_owned(), "2".to_owned())]
    );
}
