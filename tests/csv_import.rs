//! Every CSV `plan` writes (`list`, `owner`, `owners`, `priorities`, `report`), read back the
//! way LibreOffice Calc's Text Import dialog reads a `.csv` by default: separated by tab,
//! comma *and* semicolon, `"` as the string delimiter. Stands in for LibreOffice 7.4 (desktop
//! and headless `--convert-to`), where owners joined with `; ` and written unquoted split into
//! the next column and shifted the rest of the row (7 of 64 rows of the shipped plan).

mod common;

/// Records as LibreOffice's default import splits them: a tab, comma or semicolon outside
/// quotes ends a cell, a line break outside quotes ends a record, `""` inside quotes is one `"`.
fn libreoffice_default(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.trim_start_matches('\u{FEFF}').chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            '"' if quoted => quoted = false,
            '"' if cell.is_empty() => quoted = true,
            '\t' | ',' | ';' if !quoted => record.push(std::mem::take(&mut cell)),
            '\n' if !quoted => {
                record.push(std::mem::take(&mut cell));
                records.push(std::mem::take(&mut record));
            }
            c => cell.push(c),
        }
    }
    assert!(!quoted, "a quoted cell is never closed");
    assert!(
        cell.is_empty() && record.is_empty(),
        "no line break at the end"
    );
    records
}

/// Every record has the header's columns, and returns them; the header is its first record.
fn columns_never_shift(args: &[&str], dir: &str) -> Vec<Vec<String>> {
    let mut cmd = common::plan_cmd();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["--plan", dir, "--today", "2004-05-01"])
        .args(args);
    let text = common::stdout(&mut cmd);
    let records = libreoffice_default(&text);
    let width = records[0].len();
    for (i, record) in records.iter().enumerate() {
        assert_eq!(
            record.len(),
            width,
            "`plan {}` record {i} has {} cells, the header {width}: {record:?}",
            args.join(" "),
            record.len()
        );
    }
    records
}

const SEED: &str = "tests/fixtures/snapshot/plan";
const HOSTILE: &str = "tests/fixtures/hostile/plan";

#[test]
fn no_column_shifts_in_any_csv_of_the_shipped_or_hostile_plans() {
    for dir in [SEED, HOSTILE] {
        for args in [
            &["list", "--all", "--format", "csv"][..],
            &["owners", "--format", "csv"],
            &["priorities", "--format", "csv"],
            &["report", "--format", "csv"],
        ] {
            columns_never_shift(args, dir);
        }
    }
    columns_never_shift(&["owner", "Chief Executive", "--format", "csv"], SEED);
}

#[test]
fn owners_joined_with_semicolons_stay_in_their_column() {
    let report = columns_never_shift(&["report", "--format", "csv"], SEED);
    let owners = report[0].iter().position(|h| h == "owners").unwrap();
    let due = report[0].iter().position(|h| h == "due").unwrap();
    let rpo1 = report.iter().find(|r| r[0] == "rpo-1").unwrap();
    assert_eq!(rpo1[owners], "Chief Executive; Corporate Directors");
    assert_eq!(rpo1[due], "October 2004");
    // Owners cells joined with `; ` and holding no comma: the csv crate left them unquoted,
    // and these are the 7 rows that shifted in LibreOffice.
    let shifted: Vec<&str> = report
        .iter()
        .skip(1)
        .filter(|r| r[owners].contains(';') && !r[owners].contains(','))
        .map(|r| r[0].as_str())
        .collect();
    assert_eq!(
        shifted,
        ["rpo-1", "rpo-2", "rpo-3", "rpo-4", "rpo-5", "rpo-6", "sd-1"]
    );
    let list = columns_never_shift(&["list", "--all", "--format", "csv"], SEED);
    let sd1 = list.iter().find(|r| r[0] == "sd-1").unwrap();
    assert_eq!(sd1[3], "Leader; Chief Executive");
}

/// Roles and titles holding every separator LibreOffice splits on, a quote and a line break:
/// each comes back whole, in its own column.
#[test]
fn every_separator_in_plan_text_comes_back_whole() {
    let plan = common::TestPlan::new();
    plan.write(
        "owners.toml",
        "[[role]]\nname = \"Director of Housing, Planning; and Regeneration\"\n\n[[role]]\nname = \"Chief Executive\"\n",
    );
    plan.write(
        "p.toml",
        "[priority]\nid = \"p\"\ntitle = \"Homes; jobs, and \\\"growth\\\"\"\nowners = [\"Director of Housing, Planning; and Regeneration\", \"Chief Executive\"]\n\n[[action]]\nid = \"p-1\"\ntitle = \"Build 500 homes,\\tthen review;\\nreport to Cabinet\"\ndue = \"2005\"\n",
    );
    let dir = plan.plan_dir();
    let dir = dir.to_str().unwrap();
    let list = columns_never_shift(&["list", "--format", "csv"], dir);
    assert_eq!(
        list[1][..4],
        [
            "p-1",
            // A tab is shown as `\t`, as on a terminal (a spreadsheet hides it).
            "Build 500 homes,\\tthen review;\nreport to Cabinet",
            "p",
            "Director of Housing, Planning; and Regeneration; Chief Executive",
        ]
    );
    let report = columns_never_shift(&["report", "--format", "csv"], dir);
    assert_eq!(report[1][3], "Homes; jobs, and \"growth\"");
    let owners = columns_never_shift(&["owners", "--format", "csv"], dir);
    assert!(
        owners
            .iter()
            .any(|r| r[0] == "Director of Housing, Planning; and Regeneration"),
        "{owners:?}"
    );
}

/// The reader above is LibreOffice's, not a lenient one: an unquoted semicolon splits.
#[test]
fn the_reader_splits_where_libreoffice_does() {
    assert_eq!(
        libreoffice_default("a,b;c\td\n\"e;f\",\"g\"\"h\"\n"),
        [vec!["a", "b", "c", "d"], vec!["e;f", "g\"h"]]
    );
}
