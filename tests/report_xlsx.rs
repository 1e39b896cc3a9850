//! `plan report --format xlsx`: the workbook read back with calamine, as Excel would read it,
//! and its XML parts read as LibreOffice Calc lays out and prints them (row heights, column
//! widths, page setup, print titles: what LibreOffice 7.4 takes from the file instead of
//! working out itself).

mod common;

use calamine::{Data, DataType as _, Range, Reader as _, Xlsx, open_workbook};
use chrono::NaiveDate;
use common::{TestPlan, seed, stderr_of};

fn workbook(path: &std::path::Path) -> Xlsx<std::io::BufReader<std::fs::File>> {
    open_workbook(path).expect("an .xlsx calamine can open")
}

fn text(range: &Range<Data>, row: usize, col: usize) -> String {
    range
        .get((row, col))
        .map(ToString::to_string)
        .unwrap_or_default()
}

fn seed_workbook() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.xlsx");
    let (code, stderr) = stderr_of(
        seed()
            .args(["report", "--today", "2004-05-01", "-o"])
            .arg(&path),
    );
    assert_eq!(code, Some(0), "{stderr}");
    (dir, path)
}

#[test]
fn seed_workbook_has_the_three_sheets_with_headers_and_every_row() {
    let (_dir, path) = seed_workbook();
    let mut book = workbook(&path);
    assert_eq!(book.sheet_names(), ["Summary", "Exceptions", "All actions"]);
    let all = book.worksheet_range("All actions").unwrap();
    let header: Vec<String> = (0..16).map(|c| text(&all, 0, c)).collect();
    assert_eq!(
        header,
        [
            "ID",
            "Action",
            "Priority ID",
            "Priority",
            "Owners",
            "Due (as written)",
            "Due by",
            "Status",
            "Plan status",
            "Days late",
            "Due note",
            "Source",
            "File",
            "Owner's RAG",
            "RAG conflict",
            "Latest update"
        ]
    );
    // 61 actions and the header.
    assert_eq!(all.get_size(), (62, 16));
    assert_eq!(text(&all, 1, 0), "cpa-edu-1");
    // On 1 May 2004: 8 overdue (cc-1, rn-1..6, si-1) and 38 with no date, and the header.
    let exceptions = book.worksheet_range("Exceptions").unwrap();
    assert_eq!(exceptions.get_size().0, 47);
    assert_eq!(text(&exceptions, 1, 0), "cc-1");
    assert_eq!(text(&exceptions, 1, 7), "Overdue");
    assert_eq!(exceptions.get((1, 9)), Some(&Data::Float(367.0)));
}

#[test]
fn due_by_is_a_real_excel_date_and_blank_when_undated() {
    let (_dir, path) = seed_workbook();
    let all = workbook(&path).worksheet_range("All actions").unwrap();
    let row = (1..62).find(|&r| text(&all, r, 0) == "cc-1").unwrap();
    let cell = all.get((row, 6)).unwrap();
    assert!(cell.is_datetime(), "{cell:?}");
    assert_eq!(cell.as_date(), NaiveDate::from_ymd_opt(2003, 4, 30));
    assert_eq!(text(&all, row, 5), "April 2003");
    let undated = (1..62).find(|&r| text(&all, r, 0) == "sd-1").unwrap();
    assert_eq!(all.get((undated, 6)), Some(&Data::Empty));
    assert_eq!(text(&all, undated, 7), "No date");
}

#[test]
fn summary_counts_every_status() {
    let (_dir, path) = seed_workbook();
    let summary = workbook(&path).worksheet_range("Summary").unwrap();
    assert_eq!(
        text(&summary, 0, 0),
        "Leicester City Council — CPA Improvement Plan and Strategic Action Plan (2003)"
    );
    assert_eq!(
        summary.get((2, 1)).unwrap().as_date(),
        NaiveDate::from_ymd_opt(2004, 5, 1)
    );
    let header = (0..20).find(|&r| text(&summary, r, 0) == "Status").unwrap();
    let counts: Vec<(String, String)> = (1..=8)
        .map(|i| (text(&summary, header + i, 0), text(&summary, header + i, 1)))
        .collect();
    let expected = [
        ("Overdue", "8"),
        ("Due soon", "0"),
        ("On track", "14"),
        ("Ongoing", "1"),
        ("No date", "38"),
        ("Done", "0"),
        ("Dropped", "0"),
        ("Total", "61"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect();
    assert_eq!(counts, expected);
}

#[test]
fn plan_text_is_never_a_formula() {
    let plan = TestPlan::new();
    plan.write(
        "p.toml",
        "[priority]\nid = \"p\"\ntitle = \"=1+1\"\nowners = [\"Chief Executive\"]\n\n[[action]]\nid = \"p-1\"\ntitle = \"=HYPERLINK(\\\"http://example.com\\\",\\\"x\\\")\"\ndue = \"2004-06\"\n",
    );
    let path = plan.root().join("r.xlsx");
    let (code, stderr) = stderr_of(plan.cmd().args(["report", "-o"]).arg(&path));
    assert_eq!(code, Some(0), "{stderr}");
    let mut book = workbook(&path);
    let all = book.worksheet_range("All actions").unwrap();
    assert_eq!(
        all.get((1, 1)),
        Some(&Data::String(
            "=HYPERLINK(\"http://example.com\",\"x\")".into()
        ))
    );
    assert_eq!(text(&all, 1, 3), "=1+1");
    let formulas = book.worksheet_formula("All actions").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no formula cells"
    );
}

#[test]
fn xlsx_needs_a_file_outside_the_plan_folder() {
    let plan = TestPlan::new();
    let (code, stderr) = stderr_of(plan.cmd().args(["report", "--format", "xlsx"]));
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("give the file with -o FILE.xlsx"),
        "{stderr}"
    );
    let inside = plan.plan_dir().join("r.xlsx");
    let (code, stderr) = stderr_of(plan.cmd().args(["report", "-o"]).arg(&inside));
    assert_eq!(code, Some(2));
    assert!(stderr.contains("refusing to write"), "{stderr}");
    assert!(!inside.exists());
}

/// A plan agreed at committee (tagged), then changed in the working tree by the officer's
/// commands: one done on a day, one slipped, one new owner, one new action.
fn changed_plan() -> TestPlan {
    let plan = TestPlan::new();
    plan.write(
        "housing.toml",
        "[priority]\nid = \"hs\"\ntitle = \"Housing\"\nowners = [\"Director of Housing\"]\n\n\
         [[action]]\nid = \"hs-1\"\ntitle = \"Repair council homes\"\ndue = \"April 2004\"\n\n\
         [[action]]\nid = \"hs-2\"\ntitle = \"Let empty homes\"\ndue = \"March 2004\"\n\n\
         [[action]]\nid = \"hs-3\"\ntitle = \"=Survey tenants\"\ndue = \"2004-Q4\"\n",
    );
    plan.git()
        .commit("Plan agreed", "2004-03-01")
        .tag("committee-1");
    for args in [
        &["done", "hs-2", "--on", "2004-04-12"][..],
        &["set", "hs-1", "--due", "June 2004"],
        &["set", "hs-3", "--owner", "Chief Executive"],
        &["add", "hs", "--title", "Buy land", "--due", "2005-03"],
    ] {
        let (code, stderr) = stderr_of(plan.cmd().args(args));
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
    }
    plan
}

#[test]
fn since_adds_a_changes_sheet_with_every_change_plan_diff_lists() {
    let plan = changed_plan();
    let path = plan.root().join("r.xlsx");
    let (code, stderr) = stderr_of(
        plan.cmd()
            .args(["report", "--since", "committee-1", "-o"])
            .arg(&path),
    );
    assert_eq!(code, Some(0), "{stderr}");
    // The same change list `plan diff` works out.
    let diff = common::json(plan.cmd().args(["diff", "committee-1", "--format", "json"]));
    let in_diff: usize = diff["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["count"].as_u64().unwrap() as usize)
        .sum();
    assert_eq!(in_diff, 4);
    let mut book = workbook(&path);
    assert_eq!(
        book.sheet_names(),
        ["Summary", "Exceptions", "All actions", "Changes"]
    );
    let changes = book.worksheet_range("Changes").unwrap();
    let header: Vec<String> = (0..8).map(|c| text(&changes, 0, c)).collect();
    assert_eq!(
        header,
        [
            "Change",
            "ID",
            "Action",
            "Before",
            "After",
            "Days moved",
            "Months moved",
            "Detail"
        ]
    );
    assert_eq!(changes.get_size(), (in_diff + 1, 8));
    let rows: Vec<Vec<String>> = (1..=in_diff)
        .map(|r| (0..8).map(|c| text(&changes, r, c)).collect())
        .collect();
    let expected: [[&str; 8]; 4] = [
        [
            "Added",
            "hs-4",
            "Buy land",
            "",
            "planned",
            "",
            "",
            "due March 2005, owned by Director of Housing",
        ],
        [
            "Done",
            "hs-2",
            "Let empty homes",
            "planned",
            "done",
            "",
            "",
            "planned → done on 2004-04-12",
        ],
        [
            "Slipped",
            "hs-1",
            "Repair council homes",
            "April 2004",
            "June 2004",
            "61",
            "2",
            "slipped by 2 months (April 2004 → June 2004)",
        ],
        [
            "Owners changed",
            "hs-3",
            "=Survey tenants",
            "Director of Housing",
            "Chief Executive",
            "",
            "",
            "Director of Housing → Chief Executive",
        ],
    ];
    assert_eq!(rows, expected.map(|r| r.map(str::to_owned)));
    // Days are numbers, the title starting with "=" is text, not a formula.
    assert_eq!(changes.get((3, 5)), Some(&Data::Float(61.0)));
    assert_eq!(
        changes.get((4, 2)),
        Some(&Data::String("=Survey tenants".into()))
    );
    let formulas = book.worksheet_formula("Changes").unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));
    // The Summary says what the changes are measured from, and how many.
    let summary = book.worksheet_range("Summary").unwrap();
    assert_eq!(text(&summary, 4, 0), "Changes since committee-1");
    assert_eq!(summary.get((4, 1)), Some(&Data::Float(4.0)));
}

#[test]
fn a_changed_day_in_the_changes_sheet_is_a_real_date() {
    let plan = changed_plan();
    // Move the completion day by hand: a `done_on` change, before and after both days.
    common::GitRepo::open(plan.root())
        .commit("Done", "2004-03-01")
        .tag("committee-2");
    let file = plan.plan_dir().join("housing.toml");
    let toml = std::fs::read_to_string(&file).unwrap();
    assert!(toml.contains("done_on = 2004-04-12"), "{toml}");
    // And a title that looks like a day: it stays text.
    let toml = toml
        .replace("done_on = 2004-04-12", "done_on = 2004-04-16")
        .replace("\"Repair council homes\"", "\"2004-06-30\"");
    std::fs::write(&file, toml).unwrap();
    let path = plan.root().join("r.xlsx");
    let (code, stderr) = stderr_of(
        plan.cmd()
            .args(["report", "--since", "committee-2", "-o"])
            .arg(&path),
    );
    assert_eq!(code, Some(0), "{stderr}");
    let changes = workbook(&path).worksheet_range("Changes").unwrap();
    assert_eq!(changes.get_size(), (3, 8));
    assert_eq!(text(&changes, 1, 0), "Retitled");
    assert_eq!(
        changes.get((1, 4)),
        Some(&Data::String("2004-06-30".into()))
    );
    assert_eq!(text(&changes, 2, 0), "Completion date changed");
    let (before, after) = (changes.get((2, 3)).unwrap(), changes.get((2, 4)).unwrap());
    assert!(
        before.is_datetime() && after.is_datetime(),
        "{before:?} {after:?}"
    );
    assert_eq!(before.as_date(), NaiveDate::from_ymd_opt(2004, 4, 12));
    assert_eq!(after.as_date(), NaiveDate::from_ymd_opt(2004, 4, 16));
}

#[test]
fn without_since_there_is_no_changes_sheet() {
    let plan = changed_plan();
    let path = plan.root().join("r.xlsx");
    let (code, stderr) = stderr_of(plan.cmd().args(["report", "-o"]).arg(&path));
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        workbook(&path).sheet_names(),
        ["Summary", "Exceptions", "All actions"]
    );
}

/// One XML part of the workbook (it is a zip of them), as text.
fn part(path: &std::path::Path, name: &str) -> String {
    use std::io::Read as _;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// Stands in for LibreOffice Calc printing or exporting to PDF, and showing wrapped titles:
/// each table sheet is A4 landscape fitted to one page wide, repeats its header row on every
/// page, carries the report's title at the top; wrapped titles have the rows' heights, and
/// the id column is wide enough for the longest id.
#[test]
fn sheets_print_landscape_one_page_wide_with_titles_row_heights_and_wide_ids() {
    let plan = TestPlan::new();
    plan.write(
        "plan.toml",
        "title = \"Plan & Review\"\norganisation = \"Test Council\"\n",
    );
    let long = "word ".repeat(30); // 150 characters: 3 lines of the 60-wide Action column
    plan.write(
        "p.toml",
        &format!(
            "[priority]\nid = \"p\"\ntitle = \"P\"\nowners = [\"Chief Executive\"]\ndue = \"2005\"\n\n[[action]]\nid = \"p-1\"\ntitle = \"Short\"\n\n[[action]]\nid = \"p-a-very-long-action-id-indeed-2\"\ntitle = \"{}\"\n\n[[action]]\nid = \"p-3\"\ntitle = \"one\\ntwo\"\n",
            long.trim_end()
        ),
    );
    let path = plan.root().join("r.xlsx");
    let (code, stderr) = stderr_of(plan.cmd().args(["report", "-o"]).arg(&path));
    assert_eq!(code, Some(0), "{stderr}");
    let workbook = part(&path, "xl/workbook.xml");
    for title in [
        "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"1\">Exceptions!$1:$1</definedName>",
        "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"2\">'All actions'!$1:$1</definedName>",
    ] {
        assert!(workbook.contains(title), "{title} in {workbook}");
    }
    for sheet in 1..=3 {
        let xml = part(&path, &format!("xl/worksheets/sheet{sheet}.xml"));
        assert!(
            xml.contains("<pageSetUpPr fitToPage=\"1\"/>"),
            "sheet{sheet}"
        );
        assert!(
            xml.contains("<pageSetup paperSize=\"9\" fitToHeight=\"0\" orientation=\"landscape\""),
            "sheet{sheet}"
        );
        assert!(
            xml.contains("<oddHeader>&amp;C&amp;\"-,Bold\"Plan &amp;&amp; Review</oddHeader>"),
            "sheet{sheet}: the title, its & doubled"
        );
        assert!(xml.contains("<oddFooter>&amp;L&amp;A&amp;RPage &amp;P of &amp;N</oddFooter>"));
    }
    // All actions: the header, p-1, p-a-very-…-2 (3 lines), p-3 (2 lines).
    let all = part(&path, "xl/worksheets/sheet3.xml");
    let heights: Vec<&str> = all
        .match_indices("<row r=\"")
        .map(|(at, _)| {
            let row = &all[at..at + all[at..].find('>').unwrap()];
            row.split(" ht=\"")
                .nth(1)
                .map_or("default", |h| h.split('"').next().unwrap())
        })
        .collect();
    assert_eq!(heights, ["default", "default", "45", "30"]);
    // 32 characters and 2 of padding: wider than the 10 the column starts at.
    assert!(
        all.contains("<col min=\"1\" max=\"1\" width=\"34.7109375\" customWidth=\"1\"/>"),
        "{}",
        &all[all.find("<cols>").unwrap()..all.find("</cols>").unwrap()]
    );
}

/// The Summary gives the owners' own ratings this period as the Markdown and HTML reports
/// do (tests/quarter.rs: "1 red, 1 amber, 3 green, 3 not reported" since Q2 began), as
/// real numbers, under the status table.
#[test]
fn summary_counts_the_owners_ratings_this_period_as_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("q.xlsx");
    let (code, stderr) = stderr_of(
        common::plan_cmd()
            .args([
                "--plan",
                "tests/fixtures/quarter/plan",
                "--today",
                "2025-10-16",
            ])
            .args(["report", "-o"])
            .arg(&path),
    );
    assert_eq!(code, Some(0), "{stderr}");
    let summary = workbook(&path).worksheet_range("Summary").unwrap();
    let header = (0..40)
        .find(|&r| text(&summary, r, 0) == "Owners' ratings since 1 Jul 2025")
        .expect("a ratings table");
    assert_eq!(text(&summary, header, 1), "Actions");
    let total = (0..40).find(|&r| text(&summary, r, 0) == "Total").unwrap();
    assert_eq!(header, total + 2, "a blank row after the status table");
    let ratings: Vec<(String, Option<&Data>)> = (1..=4)
        .map(|i| (text(&summary, header + i, 0), summary.get((header + i, 1))))
        .collect();
    assert_eq!(
        ratings,
        [
            ("Red".to_owned(), Some(&Data::Float(1.0))),
            ("Amber".to_owned(), Some(&Data::Float(1.0))),
            ("Green".to_owned(), Some(&Data::Float(3.0))),
            ("Not reported".to_owned(), Some(&Data::Float(3.0))),
        ]
    );
    // Numbers in the sheet's XML, not text: `<c r="B…"><v>3</v></c>` with no `t="s"`.
    let xml = part(&path, "xl/worksheets/sheet1.xml");
    let red_row = header + 2; // 1-based row of "Red"
    assert!(
        xml.contains(&format!("<c r=\"B{red_row}\"><v>1</v></c>")),
        "{xml}"
    );
    // The owners' table follows, a blank row after, and under it what it counts.
    assert_eq!(text(&summary, header + 6, 0), "Owner");
    let note = (header + 7..header + 40)
        .find(|&r| text(&summary, r, 0).starts_with("Counts "))
        .expect("what the owners' table counts");
    assert_eq!(
        text(&summary, note, 0),
        "Counts direct ownership: each action counts once under every role named on it, and an action owned by a group counts under the group, not its members (plan owners counts those through the group too; plan report --by-owner groups counts them so here)."
    );
    assert_eq!(text(&summary, note - 1, 0), "", "a blank row before it");
}
