//! `plan init` and `plan import`: from nothing to a checked plan, with the seed source's own
//! Strategic Action Plan table as the spreadsheet.

mod common;

use std::path::{Path, PathBuf};

use common::{json, plan_cmd, seed, stdout};

/// A temporary folder with a plan made by `plan init` (the example priority removed, so the
/// plan holds only what is imported), and a command runner in that folder.
struct Council {
    dir: tempfile::TempDir,
}

impl Council {
    fn new(roster: Option<&Path>) -> Self {
        let council = Council {
            dir: tempfile::tempdir().unwrap(),
        };
        let out = plan_cmd()
            .current_dir(council.root())
            .args([
                "--today",
                "2004-05-01",
                "init",
                "--organisation",
                "Leicester City Council",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::remove_dir_all(council.plan().join("example")).unwrap();
        if let Some(roster) = roster {
            std::fs::copy(roster, council.plan().join("owners.toml")).unwrap();
        }
        council
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn plan(&self) -> PathBuf {
        self.root().join("plan")
    }

    /// `plan` run in the council's folder on 2004-05-01.
    fn cmd(&self) -> assert_cmd::Command {
        let mut cmd = plan_cmd();
        cmd.current_dir(self.root()).args(["--today", "2004-05-01"]);
        cmd
    }

    fn copy_in(&self, fixture: &str) {
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/import")
            .join(fixture);
        std::fs::copy(from, self.root().join(fixture)).unwrap();
    }

    /// Every file under the plan folder with its bytes, to show nothing changed.
    fn snapshot(&self) -> Vec<(PathBuf, Vec<u8>)> {
        fn walk(dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, out);
                } else {
                    out.push((path.clone(), std::fs::read(&path).unwrap()));
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.plan(), &mut out);
        out.sort();
        out
    }
}

/// (title, owners, due, due_by) of every action, in plan order.
fn actions(
    list: &serde_json::Value,
) -> Vec<(
    String,
    serde_json::Value,
    serde_json::Value,
    serde_json::Value,
)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["title"].as_str().unwrap().to_owned(),
                a["owners"].clone(),
                a["due"].clone(),
                a["due_by"].clone(),
            )
        })
        .collect()
}

/// (id, title, owners, `field`) of every action in the council's plan, in plan order.
fn listed(
    council: &Council,
    field: &str,
) -> Vec<(String, String, serde_json::Value, serde_json::Value)> {
    let list = json(
        council
            .cmd()
            .args(["list", "--all", "--sort", "priority", "--format", "json"]),
    );
    list.as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["id"].as_str().unwrap().to_owned(),
                a["title"].as_str().unwrap().to_owned(),
                a["owners"].clone(),
                a[field].clone(),
            )
        })
        .collect()
}

const SAP: [&str; 8] = ["pc", "rpo", "rn", "cc", "si", "bs", "cpa", "sd"];

#[test]
fn the_sources_table_imports_as_the_shipped_strategic_action_plan() {
    let council = Council::new(Some(&common::seed_dir().join("owners.toml")));
    council.copy_in("strategic-action-plan.csv");
    let summary = stdout(council.cmd().args(["import", "strategic-action-plan.csv"]));
    assert_eq!(summary, SUMMARY_CSV);
    let imported = json(
        council
            .cmd()
            .args(["list", "--all", "--sort", "priority", "--format", "json"]),
    );
    // The shipped plan's strategic-action-plan part: actions directly under the eight SAP
    // rows (cpa's nested CPA areas come from the other source document).
    let shipped = json(seed().args([
        "list",
        "--all",
        "--sort",
        "priority",
        "--format",
        "json",
        "--today",
        "2004-05-01",
    ]));
    let shipped: Vec<serde_json::Value> = shipped
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| SAP.contains(&a["priority"]["id"].as_str().unwrap()))
        .cloned()
        .collect();
    let shipped = serde_json::Value::Array(shipped);
    assert_eq!(actions(&imported).len(), 24);
    assert_eq!(actions(&imported), actions(&shipped));
}

const SUMMARY_CSV: &str = "\
Imported strategic-action-plan.csv (one row per priority, actions one sentence each): 8 priorities, 24 actions
Header: row 1
Columns read:
  A \"PRIORITY\" as priority, e.g. \"Partnership and the Community Plan Leic…\"
  B \"ACTIONS\" as action, e.g. \"Increase the number of individuals, org…\"
  C \"RESPONSIBILITY\" as owner, e.g. \"Leicester Partnership\"
  D \"DATE\" as due, e.g. \"April 2003 April 2004 2005/06\"
Columns not read: none
Layout: one row per priority, actions one sentence each (each priority is named once and 5 of 7 action cells hold several actions)
Roles added: none (every name is on the roster)
Cells not read: none
plan check will report on these: errors 1 missing-date (gaps the source leaves); warnings 8 overdue, 1 empty-priority
Wrote:
  plan/strategic-action-plan/01-partnership-and-the-community-plan.toml
  plan/strategic-action-plan/02-responding-to-public-opinion.toml
  plan/strategic-action-plan/03-revitalising-neighbourhoods.toml
  plan/strategic-action-plan/04-racial-harmony-and-community-cohesion.toml
  plan/strategic-action-plan/05-service-improvement.toml
  plan/strategic-action-plan/06-budget-strategy.toml
  plan/strategic-action-plan/07-cpa-outcomes.toml
  plan/strategic-action-plan/08-strategic-direction.toml
";

#[test]
fn init_refuses_an_existing_plan_and_its_plan_loads_with_one_deliberate_gap() {
    let dir = tempfile::tempdir().unwrap();
    let init = |args: &[&str]| {
        plan_cmd()
            .current_dir(dir.path())
            .args(["--today", "2026-11-25", "init"])
            .args(args)
            .output()
            .unwrap()
    };
    let out = init(&[
        "council",
        "--organisation",
        "Test \"Borough\" Council",
        "--date-order",
        "dmy",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "created council/plan/example/01-example.toml\ncreated council/plan/owners.toml\ncreated council/plan/plan.toml\ncreated council/.taplo.toml\ncreated council/schema/owners.schema.json\ncreated council/schema/plan.schema.json\ncreated council/schema/priority.schema.json\nnext: `plan import FILE` to bring in your spreadsheet, then `plan check` (it reports ex-3's \"TBC\" as missing-date until the example is deleted)\n"
    );
    let plan = dir.path().join("council/plan");
    let before = std::fs::read(plan.join("plan.toml")).unwrap();
    // The plan loads, and `check` finds exactly the gap the example leaves.
    let list = json(plan_cmd().arg("--plan").arg(&plan).args([
        "list",
        "--all",
        "--sort",
        "priority",
        "--format",
        "json",
        "--today",
        "2026-11-25",
    ]));
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["ex-1", "ex-2", "ex-3"]);
    let check = plan_cmd()
        .arg("--plan")
        .arg(&plan)
        .args(["check", "--format", "json", "--today", "2026-11-25"])
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(1));
    let findings: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let findings: Vec<(String, String)> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["id"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert_eq!(findings, [("missing-date".to_owned(), "ex-3".to_owned())]);
    // A second init, or one into a folder with anything in it, writes nothing.
    let again = init(&["council", "--organisation", "Other"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already holds a plan"));
    assert_eq!(std::fs::read(plan.join("plan.toml")).unwrap(), before);
    std::fs::create_dir_all(dir.path().join("other/plan")).unwrap();
    std::fs::write(dir.path().join("other/plan/notes.txt"), "mine").unwrap();
    let occupied = init(&["other", "--organisation", "Other"]);
    assert_eq!(occupied.status.code(), Some(2));
    assert!(!dir.path().join("other/plan/plan.toml").exists());
}

/// A workbook in the one-row-per-action layout, built here: real date cells, a bad date
/// cell, a name not on the roster, and a priority cell merged down (left empty).
fn workbook(path: &Path) {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("Actions").unwrap();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let day = |y, m, d| ExcelDateTime::from_ymd(y, m, d).unwrap();
    for (c, header) in ["Priority", "Action", "Lead officer", "Target date"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *header).unwrap();
    }
    sheet.write_string(1, 0, "Housing").unwrap();
    sheet.write_string(1, 1, "Build 100 homes").unwrap();
    sheet.write_string(1, 2, "Chief Executive").unwrap();
    sheet
        .write_datetime_with_format(1, 3, day(2005, 3, 31), &date)
        .unwrap();
    sheet.write_string(2, 1, "Repair roofs").unwrap();
    sheet.write_string(2, 2, "Director of Parks").unwrap();
    sheet
        .write_datetime_with_format(2, 3, day(2005, 6, 30), &date)
        .unwrap();
    sheet.write_string(3, 0, "Parks").unwrap();
    sheet.write_string(3, 1, "Plant trees").unwrap();
    sheet.write_string(3, 2, "Corporate Directors").unwrap();
    sheet.write_string(3, 3, "Apirl 2005").unwrap();
    sheet.write_string(4, 0, "Parks").unwrap();
    sheet.write_string(4, 1, "=Open a cafe").unwrap();
    sheet
        .write_string(4, 2, "Chief Executive and Director of Parks")
        .unwrap();
    sheet.write_string(4, 3, "2005/06").unwrap();
    book.save(path).unwrap();
}

#[test]
fn xlsx_import_reads_date_cells_reports_the_bad_one_and_adds_the_unknown_role() {
    let council = Council::new(None);
    workbook(&council.root().join("council.xlsx"));
    let summary = stdout(council.cmd().args(["import", "council.xlsx"]));
    assert_eq!(summary, SUMMARY_XLSX);
    let got = listed(&council, "due_by");
    use serde_json::json as j;
    assert_eq!(
        got,
        [
            (
                "housing-1".to_owned(),
                "Build 100 homes".to_owned(),
                j!(["Chief Executive"]),
                j!("2005-03-31")
            ),
            (
                "housing-2".to_owned(),
                "Repair roofs".to_owned(),
                j!(["Director of Parks"]),
                j!("2005-06-30")
            ),
            (
                "parks-1".to_owned(),
                "Plant trees".to_owned(),
                j!(["Corporate Directors"]),
                j!(null)
            ),
            (
                "parks-2".to_owned(),
                "=Open a cafe".to_owned(),
                j!(["Chief Executive", "Director of Parks"]),
                j!("2006-03-31")
            ),
        ]
    );
    let parks = std::fs::read_to_string(council.plan().join("council/02-parks.toml")).unwrap();
    assert!(
        parks.contains("due_note = \"Actions!D4 not read as a date: Apirl 2005\""),
        "{parks}"
    );
    let owners = std::fs::read_to_string(council.plan().join("owners.toml")).unwrap();
    assert!(
        owners.ends_with("[[role]]\nname = \"Director of Parks\"\n"),
        "{owners}"
    );
}

#[test]
fn dry_run_writes_nothing_and_an_existing_import_is_not_overwritten() {
    let council = Council::new(None);
    workbook(&council.root().join("council.xlsx"));
    let before = council.snapshot();
    let dry = stdout(council.cmd().args(["import", "council.xlsx", "--dry-run"]));
    assert!(
        dry.starts_with(SUMMARY_XLSX.split("Wrote:").next().unwrap()),
        "{dry}"
    );
    assert!(dry.ends_with("Would write:\n  plan/owners.toml (roles added)\n  plan/council/01-housing.toml\n  plan/council/02-parks.toml\ndry run: nothing written\n"), "{dry}");
    assert_eq!(council.snapshot(), before);

    stdout(council.cmd().args(["import", "council.xlsx"]));
    let imported = council.snapshot();
    std::fs::write(
        council.plan().join("council/02-parks.toml"),
        "# edited by hand\n".to_owned()
            + &std::fs::read_to_string(council.plan().join("council/02-parks.toml")).unwrap(),
    )
    .unwrap();
    let edited = council.snapshot();
    assert_ne!(edited, imported);
    let out = council
        .cmd()
        .args(["import", "council.xlsx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("nothing imported: 2 files already exist"),
        "{stderr}"
    );
    assert_eq!(council.snapshot(), edited);
    // --force replaces the imported files; the hand edit is gone, ids are the same.
    let forced = stdout(council.cmd().args(["import", "council.xlsx", "--force"]));
    assert!(
        forced.contains("plan/council/02-parks.toml (replaces the existing file)"),
        "{forced}"
    );
    assert!(
        !std::fs::read_to_string(council.plan().join("council/02-parks.toml"))
            .unwrap()
            .contains("edited by hand")
    );
}

#[test]
fn columns_by_letter_and_a_missing_header_is_a_usage_error() {
    let council = Council::new(Some(&common::seed_dir().join("owners.toml")));
    std::fs::write(
        council.root().join("plain.csv"),
        "Growth,Open the market,Leader,March 2005\n",
    )
    .unwrap();
    let out = council
        .cmd()
        .args(["import", "plain.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no header row found in plain.csv"));
    let summary = stdout(council.cmd().args([
        "import",
        "plain.csv",
        "--columns",
        "priority=A,action=B,owner=C,due=D",
    ]));
    assert!(summary.starts_with("Imported plain.csv (one row per action): 1 priority, 1 action\nHeader: none (every row is data)\n"), "{summary}");
    let list = json(council.cmd().args(["list", "--format", "json"]));
    assert_eq!(list[0]["id"], "growth-1");
    assert_eq!(list[0]["owners"], serde_json::json!(["Leader"]));
    assert_eq!(list[0]["due_by"], "2005-03-31");
}

const SUMMARY_XLSX: &str = "\
Imported council.xlsx (one row per action): 2 priorities, 4 actions
Header: row 1
Columns read:
  A \"Priority\" as priority, e.g. \"Housing\"
  B \"Action\" as action, e.g. \"Build 100 homes\"
  C \"Lead officer\" as owner, e.g. \"Chief Executive\"
  D \"Target date\" as due, e.g. \"2005-03-31\"
Columns not read: none
Layout: one row per action (row 3 has an action under the priority above)
Roles added to plan/owners.toml (not on the roster):
  Director of Parks
Cells not read (kept in due_note, left undated):
  Actions!D4: \"Apirl 2005\": \"Apirl\" is not a month or a word used in due dates; did you mean \"April\"?
plan check will report on these: errors 1 missing-date (gaps the source leaves); warnings none
Wrote:
  plan/owners.toml (roles added)
  plan/council/01-housing.toml
  plan/council/02-parks.toml
";

#[test]
fn into_must_stay_inside_the_plan_folder() {
    let council = Council::new(None);
    workbook(&council.root().join("council.xlsx"));
    let before = council.snapshot();
    for into in ["../elsewhere", "/tmp/x"] {
        let out = council
            .cmd()
            .args(["import", "council.xlsx", "--into", into])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{into}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("give a folder inside the plan folder")
        );
    }
    assert_eq!(council.snapshot(), before);
    assert!(!council.root().join("elsewhere").exists());
    stdout(
        council
            .cmd()
            .args(["import", "council.xlsx", "--into", "imported/2005"]),
    );
    assert!(
        council
            .plan()
            .join("imported/2005/01-housing.toml")
            .exists()
    );
}

/// An OpenDocument spreadsheet written by hand (the format is a zip of XML: `mimetype` first
/// and uncompressed, the manifest, `content.xml`), as LibreOffice saves one: real date cells
/// (`office:value-type="date"`), the priority cell merged down over two rows (a covered cell
/// below it), a bad date cell, a name not on the roster, and repeated empty cells.
fn ods(path: &Path) {
    use std::io::Write as _;
    use zip::write::SimpleFileOptions;
    let text = |t: &str| {
        format!(
            "<table:table-cell office:value-type=\"string\"><text:p>{t}</text:p></table:table-cell>"
        )
    };
    let date = |d: &str| {
        format!(
            "<table:table-cell office:value-type=\"date\" office:date-value=\"{d}\"><text:p>{d}</text:p></table:table-cell>"
        )
    };
    let row = |cells: &[String]| format!("<table:table-row>{}</table:table-row>", cells.concat());
    let empty = "<table:table-cell table:number-columns-repeated=\"2\"/>".to_owned();
    let rows = [
        row(&[text("Priority"), text("Action"), text("Responsibility"), text("Deadline"), empty.clone()]),
        row(&[
            "<table:table-cell table:number-rows-spanned=\"2\" office:value-type=\"string\"><text:p>Housing</text:p></table:table-cell>".to_owned(),
            text("Build 100 homes"),
            text("Chief Executive"),
            date("2005-03-31"),
        ]),
        row(&[
            "<table:covered-table-cell/>".to_owned(),
            text("Repair roofs"),
            text("Director of Parks"),
            date("2005-06-30"),
        ]),
        row(&[text("Parks"), text("Plant trees"), text("Corporate Directors"), text("Febuary 2005"), empty]),
        row(&[
            text("Parks"),
            text("Open a cafe"),
            text("Chief Executive &amp; Director of Parks"),
            text("2005/06"),
        ]),
    ];
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">\
<office:body><office:spreadsheet><table:table table:name=\"Action plan\">\
<table:table-column table:number-columns-repeated=\"4\"/>{}</table:table>\
</office:spreadsheet></office:body></office:document-content>",
        rows.concat()
    );
    let manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">\
<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\
<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>\
</manifest:manifest>";
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = SimpleFileOptions::default();
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("META-INF/manifest.xml", deflated).unwrap();
    zip.write_all(manifest.as_bytes()).unwrap();
    zip.start_file("content.xml", deflated).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap();
}

#[test]
fn ods_import_reads_date_cells_and_merged_cells_reports_the_bad_one_and_adds_the_unknown_role() {
    let council = Council::new(None);
    ods(&council.root().join("council.ods"));
    let summary = stdout(council.cmd().args(["import", "council.ods"]));
    assert_eq!(summary, SUMMARY_ODS);
    let got = listed(&council, "due_by");
    use serde_json::json as j;
    let want = [
        (
            "housing-1",
            "Build 100 homes",
            j!(["Chief Executive"]),
            j!("2005-03-31"),
        ),
        (
            "housing-2",
            "Repair roofs",
            j!(["Director of Parks"]),
            j!("2005-06-30"),
        ),
        (
            "parks-1",
            "Plant trees",
            j!(["Corporate Directors"]),
            j!(null),
        ),
        (
            "parks-2",
            "Open a cafe",
            j!(["Chief Executive", "Director of Parks"]),
            j!("2006-03-31"),
        ),
    ];
    let want: Vec<_> = want
        .into_iter()
        .map(|(id, title, owners, due_by)| (id.to_owned(), title.to_owned(), owners, due_by))
        .collect();
    assert_eq!(got, want);
    let housing = std::fs::read_to_string(council.plan().join("council/01-housing.toml")).unwrap();
    // A real date cell is written as the day it is.
    assert!(housing.contains("due = \"2005-03-31\""), "{housing}");
    let parks = std::fs::read_to_string(council.plan().join("council/02-parks.toml")).unwrap();
    assert!(
        parks.contains("due_note = \"Action plan!D4 not read as a date: Febuary 2005\""),
        "{parks}"
    );
}

const SUMMARY_ODS: &str = "\
Imported council.ods (one row per action): 2 priorities, 4 actions
Header: row 1
Columns read:
  A \"Priority\" as priority, e.g. \"Housing\"
  B \"Action\" as action, e.g. \"Build 100 homes\"
  C \"Responsibility\" as owner, e.g. \"Chief Executive\"
  D \"Deadline\" as due, e.g. \"2005-03-31\"
Columns not read: none
Layout: one row per action (row 3 has an action under the priority above)
Roles added to plan/owners.toml (not on the roster):
  Director of Parks
Cells not read (kept in due_note, left undated):
  Action plan!D4: \"Febuary 2005\": \"Febuary\" is not a month or a word used in due dates; did you mean \"February\"?
plan check will report on these: errors 1 missing-date (gaps the source leaves); warnings none
Wrote:
  plan/owners.toml (roles added)
  plan/council/01-housing.toml
  plan/council/02-parks.toml
";

/// (id, title, due) of every imported action, in plan order.
fn titles(council: &Council) -> Vec<(String, String, serde_json::Value)> {
    listed(council, "due")
        .into_iter()
        .map(|(id, title, _, due)| (id, title, due))
        .collect()
}

fn owned(rows: &[(&str, &str, serde_json::Value)]) -> Vec<(String, String, serde_json::Value)> {
    rows.iter()
        .map(|(id, title, due)| ((*id).to_owned(), (*title).to_owned(), due.clone()))
        .collect()
}

/// Each priority named once with a two-sentence action cell reads as one row per priority
/// (the cell split into sentences); `--layout per-action` keeps each row one action.
#[test]
fn layout_per_action_overrides_detection() {
    let council = Council::new(Some(&common::seed_dir().join("owners.toml")));
    let csv = "Priority,Actions,Owner,Date\n\
               Housing,Build 100 homes. Repair the roofs of every block,Chief Executive,March 2005\n\
               Parks,Plant trees,Chief Executive,April 2005\n";
    std::fs::write(council.root().join("actions.csv"), csv).unwrap();
    let detected = stdout(council.cmd().args(["import", "actions.csv", "--dry-run"]));
    assert!(
        detected.starts_with("Imported actions.csv (one row per priority, actions one sentence each): 2 priorities, 3 actions\n"),
        "{detected}"
    );
    let summary = stdout(
        council
            .cmd()
            .args(["import", "actions.csv", "--layout", "per-action"]),
    );
    assert_eq!(
        summary,
        "Imported actions.csv (one row per action): 2 priorities, 2 actions\n\
         Header: row 1\n\
         Columns read:\n\
         \x20 A \"Priority\" as priority, e.g. \"Housing\"\n\
         \x20 B \"Actions\" as action, e.g. \"Build 100 homes. Repair the roofs of ev…\"\n\
         \x20 C \"Owner\" as owner, e.g. \"Chief Executive\"\n\
         \x20 D \"Date\" as due, e.g. \"March 2005\"\n\
         Columns not read: none\n\
         Layout: one row per action (--layout)\n\
         Roles added: none (every name is on the roster)\n\
         Cells not read: none\n\
         plan check will report on these: errors none (gaps the source leaves); warnings none\n\
         Wrote:\n  plan/actions/01-housing.toml\n  plan/actions/02-parks.toml\n"
    );
    use serde_json::json as j;
    assert_eq!(
        titles(&council),
        owned(&[
            (
                "housing-1",
                "Build 100 homes. Repair the roofs of every block",
                j!("March 2005")
            ),
            ("parks-1", "Plant trees", j!("April 2005")),
        ])
    );
}

/// A priority named on two rows reads as one row per action (the second row continues it);
/// `--layout per-priority` reads each row as a priority with its actions one sentence each.
#[test]
fn layout_per_priority_overrides_detection() {
    let council = Council::new(Some(&common::seed_dir().join("owners.toml")));
    let csv = "Priority,Actions,Owner,Date\n\
               Housing,Build 100 homes. Repair roofs,Chief Executive,March 2005\n\
               Housing,Let empty homes. Survey tenants,Chief Executive,2005/06\n";
    std::fs::write(council.root().join("actions.csv"), csv).unwrap();
    let detected = stdout(council.cmd().args(["import", "actions.csv", "--dry-run"]));
    assert!(
        detected.starts_with("Imported actions.csv (one row per action): 1 priority, 2 actions\n"),
        "{detected}"
    );
    let summary = stdout(
        council
            .cmd()
            .args(["import", "actions.csv", "--layout", "per-priority"]),
    );
    assert_eq!(
        summary,
        "Imported actions.csv (one row per priority, actions one sentence each): 2 priorities, 4 actions\n\
         Header: row 1\n\
         Columns read:\n\
         \x20 A \"Priority\" as priority, e.g. \"Housing\"\n\
         \x20 B \"Actions\" as action, e.g. \"Build 100 homes. Repair roofs\"\n\
         \x20 C \"Owner\" as owner, e.g. \"Chief Executive\"\n\
         \x20 D \"Date\" as due, e.g. \"March 2005\"\n\
         Columns not read: none\n\
         Layout: one row per priority, actions one sentence each (--layout)\n\
         Roles added: none (every name is on the roster)\n\
         Cells not read: none\n\
         plan check will report on these: errors none (gaps the source leaves); warnings none\n\
         Wrote:\n  plan/actions/01-housing.toml\n  plan/actions/02-housing-3.toml\n"
    );
    use serde_json::json as j;
    assert_eq!(
        titles(&council),
        owned(&[
            ("housing-1", "Build 100 homes.", j!("March 2005")),
            ("housing-2", "Repair roofs", j!("March 2005")),
            ("housing-3-1", "Let empty homes.", j!("2005/06")),
            ("housing-3-2", "Survey tenants", j!("2005/06")),
        ])
    );
}

#[test]
fn an_unknown_layout_is_a_usage_error() {
    let council = Council::new(None);
    let out = council
        .cmd()
        .args(["import", "actions.csv", "--layout", "per-row"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("[possible values: per-action, per-priority]"),
        "{stderr}"
    );
}

/// A fire authority's improvement plan as published: two title rows and a blank row above
/// the header, headings "Ref / What? / Who by? / When? / Resources", no priority column
/// (section rows "1. Community Safety" carry it), "ditto" for the owner above, "Continuing",
/// a date inside a sentence, "St." inside an action, and a roster name inside a longer one.
#[test]
fn real_headings_title_rows_section_rows_ditto_and_whole_names() {
    let council = Council::new(None);
    std::fs::write(
        council.plan().join("owners.toml"),
        "[[role]]\nname = \"Chief Fire Officer\"\n",
    )
    .unwrap();
    council.copy_in("improvement-plan.csv");
    let summary = stdout(council.cmd().args(["import", "improvement-plan.csv"]));
    assert_eq!(
        summary,
        "\
Imported improvement-plan.csv (one row per action): 2 priorities, 4 actions
Header: row 4
Columns read:
  A \"Ref\" as id, e.g. \"1.1\"
  B \"What?\" as action, e.g. \"Fit smoke alarms in St. Ann's ward. Vis…\"
  C \"Who by?\" as owner, e.g. \"Head of Community Safety\"
  D \"When?\" as due, e.g. \"March 2006\"
Columns not read:
  E \"Resources\": heading not recognised, 2 cells
Layout: one row per action (the sheet has no priority column)
Section rows read as priorities: improvement-plan.csv!A5 \"1. Community Safety\", improvement-plan.csv!A8 \"2. Our People\"
Owner cells repeating the owner above (\"ditto\"): improvement-plan.csv!C7
Roles added to plan/owners.toml (not on the roster):
  Head of Community Safety
  Head of HR
  Assistant Chief Fire Officer
Cells not read (kept in due_note, left undated):
  improvement-plan.csv!D10: \"Meeting held by 28 February 2006\": this reads as a note, not a due date; write only the date in due and the explanation in due_note
plan check will report on these: errors 1 missing-date (gaps the source leaves); warnings none
Wrote:
  plan/owners.toml (roles added)
  plan/improvement-plan/01-1-community-safety.toml
  plan/improvement-plan/02-2-our-people.toml
"
    );
    use serde_json::json as j;
    assert_eq!(
        listed(&council, "due_by"),
        [
            (
                "1.1".to_owned(),
                "Fit smoke alarms in St. Ann's ward. Visit every school in the ward".to_owned(),
                j!(["Head of Community Safety"]),
                j!("2006-03-31")
            ),
            (
                "1.2".to_owned(),
                "Train every crew in home fire safety checks".to_owned(),
                j!(["Head of Community Safety"]),
                j!(null)
            ),
            (
                "2.1".to_owned(),
                "Review the training plan".to_owned(),
                j!(["Head of HR", "Chief Fire Officer"]),
                j!("2005-09-30")
            ),
            (
                "2.2".to_owned(),
                "Agree the workforce plan".to_owned(),
                j!(["Assistant Chief Fire Officer"]),
                j!(null)
            ),
        ]
    );
    let continuing = json(council.cmd().args(["show", "1.2", "--format", "json"]));
    assert_eq!(continuing["due"], "continuous", "{continuing}");
    // "Chief Fire Officer" owns only its own action, not the Assistant's.
    let chief = json(
        council
            .cmd()
            .args(["owner", "Chief Fire Officer", "--format", "json"]),
    );
    let ids: Vec<&str> = chief
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["2.1"]);
}

/// An internal audit action plan: "No. / Recommendation / Priority / Agreed action /
/// Responsible officer(s) / Target date / Status / Progress comment". The Priority column is
/// a rating (High/Medium/Low): kept as a note, not made into priorities. Two columns could
/// be the action; the better is taken and the other listed. Status and commentary need
/// --as-at and become each action's status and first update.
#[test]
fn rating_priority_status_and_progress_become_the_first_update() {
    let council = Council::new(None);
    council.copy_in("audit-action-plan.csv");
    let out = council
        .cmd()
        .args(["import", "audit-action-plan.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: audit-action-plan.csv has status, RAG or progress columns (G \"Status\", H \"Progress comment\"): they become each action's first update, dated the day they were written\nhelp: say that day with --as-at YYYY-MM-DD (e.g. the date of the monitoring report)\n"
    );
    let summary = stdout(council.cmd().args([
        "import",
        "audit-action-plan.csv",
        "--as-at",
        "2005-06-30",
        "--dry-run",
    ]));
    assert!(
        summary.contains(
            "\
Columns read:
  A \"No.\" as id, e.g. \"1\"
  C \"Priority\" as rating, e.g. \"High\"
  D \"Agreed action\" as action, e.g. \"Risk register to be reviewed quarterly\"
  E \"Responsible officer(s)\" as owner, e.g. \"Chief Fire Officer\"
  F \"Target date\" as due, e.g. \"June 2005\"
  G \"Status\" as status, e.g. \"Complete\"
  H \"Progress comment\" as progress, e.g. \"Reviewed in May\"
Columns not read:
  B \"Recommendation\": also looks like the action column; D \"Agreed action\" was taken (name it with --columns action=B), 3 cells
Layout: one row per action (the sheet has no priority column)
Priority: \"audit-action-plan\" (the file's name: the sheet has no priority column; name another with --priority TITLE)
"
        ),
        "{summary}"
    );
    assert!(
        summary.contains("Monitoring carried across: 3 statuses set, 3 first updates dated 2005-06-30 (--as-at)\n"),
        "{summary}"
    );
    stdout(council.cmd().args([
        "import",
        "audit-action-plan.csv",
        "--as-at",
        "2005-06-30",
        "--priority",
        "Internal audit 2005",
    ]));
    // As at a day after the monitoring report the first updates were dated for (before it
    // they have not come in yet).
    let list = json(plan_cmd().arg("--plan").arg(council.plan()).args([
        "--today",
        "2005-07-01",
        "list",
        "--all",
        "--sort",
        "id",
        "--format",
        "json",
    ]));
    let got: Vec<(String, String, String, serde_json::Value)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["id"].as_str().unwrap().to_owned(),
                a["priority"]["title"].as_str().unwrap().to_owned(),
                a["status"].as_str().unwrap().to_owned(),
                a["latest_update"]["note"].clone(),
            )
        })
        .collect();
    let row = |id: &str, status: &str, note: &str| {
        (
            id.to_owned(),
            "Internal audit 2005".to_owned(),
            status.to_owned(),
            serde_json::json!(note),
        )
    };
    assert_eq!(
        got,
        [
            row("1", "done", "Reviewed in May"),
            row("2", "in-progress", "Half trained"),
            row("3", "planned", "Status: Not started"),
        ]
    );
    let file = std::fs::read_to_string(
        council
            .plan()
            .join("audit-action-plan/01-internal-audit-2005.toml"),
    )
    .unwrap();
    assert!(
        file.contains(
            "status = \"done\"\nsource = \"audit-action-plan.csv, row 2; Priority: High\"\n\n[[action.update]]\ndate = 2005-06-30\nnote = \"Reviewed in May\"\nby = \"Chief Fire Officer\"\n"
        ),
        "{file}"
    );
}

/// "Objective / Key Milestones / Target Dates / Responsible Person" with a numbered first
/// column: every priority is named once, but each action cell is one action, so the sheet
/// is read one row per action and nothing is split into sentences.
#[test]
fn a_numbered_first_column_is_not_read_as_one_row_per_priority() {
    let council = Council::new(None);
    council.copy_in("milestones.csv");
    let summary = stdout(
        council
            .cmd()
            .args(["import", "milestones.csv", "--dry-run"]),
    );
    assert!(
        summary.contains("Layout: one row per action (each priority is named once, but only 0 of 3 action cells hold several actions)\n"),
        "{summary}"
    );
    assert!(
        summary
            .starts_with("Imported milestones.csv (one row per action): 3 priorities, 3 actions\n"),
        "{summary}"
    );
}

/// With --columns the header row is still a header: never an action, never a role.
#[test]
fn columns_given_never_read_the_header_as_data() {
    let council = Council::new(None);
    std::fs::write(
        council.root().join("plan.csv"),
        "Council Plan 2005,,\nTask description,Lead Officer,Timescale\nOpen the market,Chief Executive,March 2005\n",
    )
    .unwrap();
    let summary = stdout(council.cmd().args([
        "import",
        "plan.csv",
        "--columns",
        "action=A,owner=B,due=C",
        "--priority",
        "Growth",
    ]));
    assert!(
        summary.starts_with(
            "Imported plan.csv (one row per action): 1 priority, 1 action\nHeader: row 2\n"
        ),
        "{summary}"
    );
    assert!(summary.contains("Roles added: none"), "{summary}");
    let list = json(council.cmd().args(["list", "--format", "json"]));
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["title"], "Open the market");
}

/// Import reads the plan as the loader does: a link loop (`up -> ..`) ends, and a second
/// link to one file is not a second copy of its ids (no false duplicate-id).
#[cfg(unix)]
#[test]
fn link_loops_and_a_second_link_to_one_file_do_not_stop_an_import() {
    let council = Council::new(None);
    let area = council.plan().join("area");
    std::fs::create_dir(&area).unwrap();
    std::fs::write(
        area.join("01-a.toml"),
        "[priority]\nid = \"a\"\ntitle = \"A\"\n\n[[action]]\nid = \"a-1\"\ntitle = \"Do it\"\nowners = [\"Chief Executive\"]\ndue = \"2005-03-31\"\n",
    )
    .unwrap();
    std::os::unix::fs::symlink("..", area.join("up")).unwrap();
    std::os::unix::fs::symlink("..", council.plan().join("up")).unwrap();
    std::os::unix::fs::symlink("area/01-a.toml", council.plan().join("again.toml")).unwrap();
    std::fs::write(
        council.root().join("more.csv"),
        "Action,Owner,Date\nOpen the market,Chief Executive,March 2005\n",
    )
    .unwrap();
    let summary = stdout(council.cmd().args(["import", "more.csv"]));
    assert!(
        summary.ends_with("Wrote:\n  plan/more/01-more.toml\n"),
        "{summary}"
    );
}

/// A row naming a priority with no action is its heading (its owner and due date are the
/// priority's) when it comes before the priority's actions; any other row with no action
/// has its cells listed as not imported, never dropped unsaid.
#[test]
fn a_row_with_no_action_heads_its_priority_or_is_listed_as_not_imported() {
    let council = Council::new(None);
    std::fs::write(
        council.root().join("rows.csv"),
        "Priority,Action,Who by?,Timescale\n\
         Housing,,Chief Executive,April 2004\n\
         Housing,Fix roofs,,\n\
         Housing,,Corporate Directors,2005\n\
         Parks,Plant trees,Chief Executive,\n",
    )
    .unwrap();
    let out = stdout(council.cmd().args(["import", "rows.csv"]));
    assert!(
        out.contains(
            "Priority owner and due date from a row with no action: rows.csv, row 2 (Housing)\n\
             Cells not imported (a row with no action):\n  \
             rows.csv!C4: \"Corporate Directors\": row 4 has no action\n  \
             rows.csv!D4: \"2005\": row 4 has no action\n"
        ),
        "{out}"
    );
    assert_eq!(
        listed(&council, "due_by"),
        [
            (
                "housing-1".to_owned(),
                "Fix roofs".to_owned(),
                serde_json::json!(["Chief Executive"]),
                serde_json::json!("2004-04-30")
            ),
            (
                "parks-1".to_owned(),
                "Plant trees".to_owned(),
                serde_json::json!(["Chief Executive"]),
                serde_json::Value::Null
            ),
        ]
    );
}
