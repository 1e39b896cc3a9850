//! How the roll-ups by owner count an action owned by a group (issue #29): `plan owners`
//! through groups unless `--direct`, the report's "By owner" table directly unless
//! `--by-owner groups`, each saying which way it counts in every format; a name not on the
//! roster gets a line of its own, marked, and is never counted as "no owner".

mod common;

use calamine::{Data, Range, Reader as _, Xlsx, open_workbook};
use common::TestPlan;

const TODAY: &str = "2025-10-16";

/// Groups nested two deep (Director of Place in Directors in Corporate Management Team), a
/// group owner (cp-1), a member owner (cp-2), an action naming a group and its member (cp-3,
/// counted once under the member), an owner not on the roster (cp-4), a done action (cp-5)
/// and a role with a non-ASCII name that owns nothing directly.
fn plan() -> TestPlan {
    let plan = TestPlan::new();
    plan.write(
        "owners.toml",
        r#"
[[role]]
name = "Corporate Management Team"
aliases = ["CMT"]

[[role]]
name = "Directors"
member_of = ["CMT"]

[[role]]
name = "Director of Place"
member_of = ["Directors"]

[[role]]
name = "Directrice Générale"
member_of = ["Corporate Management Team"]

[[role]]
name = "Head of Planning"
"#,
    );
    plan.write(
        "place.toml",
        r#"
[priority]
id = "cp"
title = "Place"

[[action]]
id = "cp-1"
title = "Owned by the group"
owners = ["CMT"]
due = 2025-03-31

[[action]]
id = "cp-2"
title = "Owned by a member"
owners = ["Director of Place"]
due = 2025-12-31

[[action]]
id = "cp-3"
title = "Owned by a group and its member"
owners = ["Directors", "Director of Place"]

[[action]]
id = "cp-4"
title = "Owned by a name not on the roster"
owners = ["Head of Nowhere"]
due = 2025-12-31

[[action]]
id = "cp-5"
title = "Done"
owners = ["Head of Planning"]
due = 2025-06-30
status = "done"
done_on = 2025-06-01
"#,
    );
    plan
}

fn run(plan: &TestPlan, args: &[&str]) -> String {
    let mut cmd = common::plan_cmd();
    cmd.arg("--plan")
        .arg(plan.plan_dir())
        .arg("--today")
        .arg(TODAY)
        .args(args);
    common::stdout(&mut cmd)
}

/// The "By owner" section of a Markdown report, up to the next section.
fn by_owner_md(report: &str) -> &str {
    let start = report.find("## By owner").expect("a By owner section");
    let rest = &report[start..];
    &rest[..rest[3..].find("\n## ").map_or(rest.len(), |end| end + 4)]
}

const DIRECT_NOTE: &str = "Counts direct ownership: each action counts once under every role named on it, and an action owned by a group counts under the group, not its members (plan owners counts those through the group too; plan report --by-owner groups counts them so here).";

const GROUPS_NOTE: &str = "Counts through groups: each action counts once under every role that answers for it, named on it or a member (at any depth) of a group named on it, so a row can count actions another row counts too (plan report --by-owner direct counts only the roles named, as plan owners --direct does).";

#[test]
fn plan_owners_counts_through_groups_unless_direct() {
    let plan = plan();
    assert_eq!(
        run(&plan, &["owners", "--format", "markdown"]),
        "| Role | Member of | Open | Overdue | Due ≤30d | No date |
|---|---|---|---|---|---|
| Corporate Management Team |  | 1 | 1 | 0 | 0 |
| Directors | Corporate Management Team | 2 | 1 | 0 | 1 |
| Director of Place | Directors | 3 | 1 | 0 | 1 |
| Directrice Générale | Corporate Management Team | 1 | 1 | 0 | 0 |
| Head of Planning |  | 0 | 0 | 0 | 0 |
| \"Head of Nowhere\" (not on the roster) |  | 1 | 0 | 0 | 0 |

5 roles and 1 owner name not on the roster (counts include actions owned through a group; --direct counts only those naming the role), as at 2025-10-16
"
    );
    assert_eq!(
        run(&plan, &["owners", "--direct", "--format", "markdown"]),
        "| Role | Member of | Open | Overdue | Due ≤30d | No date |
|---|---|---|---|---|---|
| Corporate Management Team |  | 1 | 1 | 0 | 0 |
| Directors | Corporate Management Team | 1 | 0 | 0 | 1 |
| Director of Place | Directors | 2 | 0 | 0 | 1 |
| Directrice Générale | Corporate Management Team | 0 | 0 | 0 | 0 |
| Head of Planning |  | 0 | 0 | 0 | 0 |
| \"Head of Nowhere\" (not on the roster) |  | 1 | 0 | 0 | 0 |

5 roles and 1 owner name not on the roster (counts only actions naming the role, not those owned through a group), as at 2025-10-16
"
    );
    // CSV (which has no summary line): the same rows, each saying how it was counted; JSON
    // says so on every row and marks the name not on the roster, and only that one.
    assert_eq!(
        run(&plan, &["owners", "--direct", "--format", "csv"]),
        "Role,Member of,Open,Overdue,Due ≤30d,No date,Counted
Corporate Management Team,,1,1,0,0,direct
Directors,Corporate Management Team,1,0,0,1,direct
Director of Place,Directors,2,0,0,1,direct
Directrice Générale,Corporate Management Team,0,0,0,0,direct
Head of Planning,,0,0,0,0,direct
\"\"\"Head of Nowhere\"\" (not on the roster)\",,1,0,0,0,direct
"
    );
    let json: serde_json::Value =
        serde_json::from_str(&run(&plan, &["owners", "--format", "json"])).unwrap();
    let rows = json.as_array().unwrap();
    assert_eq!(rows.len(), 6);
    assert_eq!(rows[5]["name"], "Head of Nowhere");
    assert_eq!(rows[5]["not_on_roster"], true);
    assert_eq!(rows[5]["open"], 1);
    assert!(rows[..5].iter().all(|r| r.get("not_on_roster").is_none()));
    assert_eq!(rows[2]["name"], "Director of Place");
    assert_eq!(rows[2]["open"], 3);
    assert!(rows.iter().all(|r| r["counted"] == "groups"));
    let direct: serde_json::Value =
        serde_json::from_str(&run(&plan, &["owners", "--direct", "--format", "json"])).unwrap();
    assert_eq!(direct[2]["open"], 2);
    assert!(
        direct
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["counted"] == "direct")
    );
    // The terminal table ends with the same summary line as Markdown.
    let table = run(&plan, &["owners", "--direct"]);
    assert!(
        table.ends_with("5 roles and 1 owner name not on the roster (counts only actions naming the role, not those owned through a group), as at 2025-10-16\n"),
        "{table}"
    );
}

#[test]
fn the_report_by_owner_table_counts_directly_unless_asked_for_groups() {
    let plan = plan();
    let direct = run(&plan, &["report"]);
    assert_eq!(
        by_owner_md(&direct),
        format!(
            "## By owner

{DIRECT_NOTE}

| Owner | Actions | Overdue | Due soon | On track | Ongoing | No date | Done | Dropped |
|---|--:|--:|--:|--:|--:|--:|--:|--:|
| Corporate Management Team | 1 | 1 | 0 | 0 | 0 | 0 | 0 | 0 |
| Director of Place | 2 | 0 | 0 | 1 | 0 | 1 | 0 | 0 |
| Directors | 1 | 0 | 0 | 0 | 0 | 1 | 0 | 0 |
| \"Head of Nowhere\" (not on the roster) | 1 | 0 | 0 | 1 | 0 | 0 | 0 | 0 |
| Head of Planning | 1 | 0 | 0 | 0 | 0 | 0 | 1 | 0 |

"
        )
    );
    assert_eq!(direct, run(&plan, &["report", "--by-owner", "direct"]));
    let groups = run(&plan, &["report", "--by-owner", "groups"]);
    assert_eq!(
        by_owner_md(&groups),
        format!(
            "## By owner

{GROUPS_NOTE}

| Owner | Actions | Overdue | Due soon | On track | Ongoing | No date | Done | Dropped |
|---|--:|--:|--:|--:|--:|--:|--:|--:|
| Corporate Management Team | 1 | 1 | 0 | 0 | 0 | 0 | 0 | 0 |
| Director of Place | 3 | 1 | 0 | 1 | 0 | 1 | 0 | 0 |
| Directors | 2 | 1 | 0 | 0 | 0 | 1 | 0 | 0 |
| Directrice Générale | 1 | 1 | 0 | 0 | 0 | 0 | 0 | 0 |
| \"Head of Nowhere\" (not on the roster) | 1 | 0 | 0 | 1 | 0 | 0 | 0 | 0 |
| Head of Planning | 1 | 0 | 0 | 0 | 0 | 0 | 1 | 0 |

"
        )
    );
    // Nothing else in the report changes.
    assert_eq!(
        direct.replace(by_owner_md(&direct), ""),
        groups.replace(by_owner_md(&groups), "")
    );
}

/// (owner, actions) of each row of the HTML report's owners table.
fn html_owner_rows(html: &str) -> Vec<(String, String)> {
    let table = &html[html.find("id=\"owners-table\"").unwrap()..];
    let table = &table[..table.find("</tbody>").unwrap()];
    table
        .split("<th scope=\"row\" data-label=\"Owner\">")
        .skip(1)
        .map(|row| {
            let name = &row[..row.find("</th>").unwrap()];
            let actions = row
                .split("data-label=\"Actions\">")
                .nth(1)
                .map(|s| &s[..s.find("</td>").unwrap()])
                .unwrap();
            (name.to_owned(), actions.to_owned())
        })
        .collect()
}

#[test]
fn the_html_report_says_how_its_owners_table_counts() {
    let plan = plan();
    let direct = run(&plan, &["report", "--format", "html"]);
    assert!(
        direct.contains(&format!(
            "<h2 id=\"owners-h\">By owner</h2><p>{DIRECT_NOTE}</p>"
        )),
        "{direct}"
    );
    assert!(direct.contains(
        "<caption>Actions by owner (direct ownership) and status, as at 16 Oct 2025</caption>"
    ));
    let groups = run(
        &plan,
        &["report", "--format", "html", "--by-owner", "groups"],
    );
    assert!(groups.contains(&format!(
        "<h2 id=\"owners-h\">By owner</h2><p>{GROUPS_NOTE}</p>"
    )));
    assert!(groups.contains(
        "<caption>Actions by owner (through groups) and status, as at 16 Oct 2025</caption>"
    ));
    let row = |name: &str, n: &str| (name.to_owned(), n.to_owned());
    assert_eq!(
        html_owner_rows(&groups),
        [
            row("Corporate Management Team", "1"),
            row("Director of Place", "3"),
            row("Directors", "2"),
            row("Directrice Générale", "1"),
            row("&quot;Head of Nowhere&quot; (not on the roster)", "1"),
            row("Head of Planning", "1"),
        ]
    );
}

fn text(range: &Range<Data>, row: usize, col: usize) -> String {
    range
        .get((row, col))
        .map(ToString::to_string)
        .unwrap_or_default()
}

#[test]
fn the_workbook_says_how_its_owners_table_counts() {
    let plan = plan();
    for (how, note, rows) in [
        (
            "direct",
            DIRECT_NOTE,
            vec![
                ("Corporate Management Team", 1.0),
                ("Director of Place", 2.0),
                ("Directors", 1.0),
                ("\"Head of Nowhere\" (not on the roster)", 1.0),
                ("Head of Planning", 1.0),
            ],
        ),
        (
            "groups",
            GROUPS_NOTE,
            vec![
                ("Corporate Management Team", 1.0),
                ("Director of Place", 3.0),
                ("Directors", 2.0),
                ("Directrice Générale", 1.0),
                ("\"Head of Nowhere\" (not on the roster)", 1.0),
                ("Head of Planning", 1.0),
            ],
        ),
    ] {
        let path = plan.root().join(format!("{how}.xlsx"));
        run(
            &plan,
            &["report", "--by-owner", how, "-o", path.to_str().unwrap()],
        );
        let mut book: Xlsx<_> = open_workbook(&path).unwrap();
        let summary = book.worksheet_range("Summary").unwrap();
        let header = (0..60)
            .find(|&r| text(&summary, r, 0) == "Owner")
            .expect("the owners' table");
        let total_col = (1..20)
            .find(|&c| text(&summary, header, c) == "Total")
            .unwrap();
        let got: Vec<(String, f64)> = (1..=rows.len())
            .map(|i| {
                let total = match summary.get((header + i, total_col)) {
                    Some(Data::Float(n)) => *n,
                    other => panic!("{other:?}"),
                };
                (text(&summary, header + i, 0), total)
            })
            .collect();
        let want: Vec<(String, f64)> = rows.iter().map(|(n, t)| ((*n).to_owned(), *t)).collect();
        assert_eq!(got, want, "{how}");
        assert_eq!(text(&summary, header + rows.len() + 1, 0), "", "{how}");
        assert_eq!(text(&summary, header + rows.len() + 2, 0), note, "{how}");
    }
}

#[test]
fn by_owner_takes_only_direct_or_groups() {
    let plan = plan();
    let mut cmd = common::plan_cmd();
    cmd.arg("--plan").arg(plan.plan_dir()).args([
        "--today",
        TODAY,
        "report",
        "--by-owner",
        "members",
    ]);
    let (code, stderr) = common::stderr_of(&mut cmd);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("invalid value 'members' for '--by-owner <HOW>'"),
        "{stderr}"
    );
    assert!(
        stderr.contains("[possible values: direct, groups]"),
        "{stderr}"
    );
}
