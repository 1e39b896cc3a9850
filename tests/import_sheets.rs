//! `plan import`'s reading layer on spreadsheets as programs save them: date cells read as
//! much of a date as their number format shows, RAG read from a cell's fill, and hostile
//! files (far cells, repeated cells, huge cells, truncated zips, zip bombs, broken CSV)
//! refused with the file and the limit before the reader allocates. Every workbook is built
//! here, with rust_xlsxwriter or by writing the zip of XML by hand.

mod common;

use std::io::Write as _;
use std::path::Path;

use common::{TestPlan, json, plan_cmd, stderr_of, stdout};

/// `plan --plan P --today DAY ARGS` run in the plan's parent folder.
fn plan_on(plan: &TestPlan, day: &str, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = plan_cmd();
    cmd.current_dir(plan.root())
        .arg("--plan")
        .arg(plan.plan_dir())
        .args(["--today", day])
        .args(args);
    cmd
}

/// Ids of the actions `plan list` gives with `filter` (e.g. `--overdue`).
fn ids_listed(plan: &TestPlan, day: &str, filter: &str) -> Vec<String> {
    let list = json(&mut plan_on(
        plan,
        day,
        &["list", filter, "--sort", "priority", "--format", "json"],
    ));
    common::ids(&list)
}

/// A zip written entry by entry: `(name, bytes)`, the first stored, the rest deflated.
fn write_zip(path: &Path, entries: &[(&str, &[u8])]) {
    use zip::write::SimpleFileOptions;
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (i, (name, bytes)) in entries.iter().enumerate() {
        let method = if i == 0 {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .large_file(bytes.len() > u32::MAX as usize);
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

const ODS_NS: &str = "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" \
xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\" \
xmlns:number=\"urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0\" \
xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"";

/// An OpenDocument spreadsheet as LibreOffice saves one: `styles` are the automatic styles
/// of content.xml, `table` the one table's rows (its name is "Action plan").
fn ods_content(styles: &str, table: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
<office:document-content {ODS_NS} office:version=\"1.2\">\
<office:automatic-styles>{styles}</office:automatic-styles>\
<office:body><office:spreadsheet><table:table table:name=\"Action plan\">\
<table:table-column table:number-columns-repeated=\"4\"/>{table}</table:table>\
</office:spreadsheet></office:body></office:document-content>"
    )
}

fn write_ods(path: &Path, content: &[u8]) {
    let manifest = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">\
<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\
<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>\
</manifest:manifest>";
    write_zip(
        path,
        &[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet".as_slice(),
            ),
            ("META-INF/manifest.xml", manifest.as_slice()),
            ("content.xml", content),
        ],
    );
}

fn text_cell(text: &str) -> String {
    format!(
        "<table:table-cell office:value-type=\"string\"><text:p>{text}</text:p></table:table-cell>"
    )
}

fn row(cells: &[String]) -> String {
    format!("<table:table-row>{}</table:table-row>", cells.concat())
}

// --- Date cells by number format --------------------------------------------------------

/// Eight actions due "April 2004" as Excel and LibreOffice store a typed "April 2004": a date
/// cell on 1 April with a month format, in each way the format is written (built-in 17
/// `mmm-yy`, custom `mmmm yyyy`, `mmm yyyy`, with a locale prefix); one really due on 1 April
/// (a day format); one formatted `yyyy`.
fn month_workbook(path: &Path) {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("Actions").unwrap();
    let april = ExcelDateTime::from_ymd(2004, 4, 1).unwrap();
    for (c, header) in ["Action", "Lead officer", "Target date"].iter().enumerate() {
        sheet.write_string(0, c as u16, *header).unwrap();
    }
    let formats = [
        "mmm-yy",
        "mmmm yyyy",
        "mmm yyyy",
        "[$-809]mmmm yyyy;@",
        "mmm-yy",
        "mmmm yyyy",
        "mmm yyyy",
        "dd/mm/yyyy",
        "yyyy",
    ];
    for (i, format) in formats.iter().enumerate() {
        let r = i as u32 + 1;
        sheet
            .write_string(r, 0, format!("Action {}", i + 1))
            .unwrap();
        sheet.write_string(r, 1, "Chief Executive").unwrap();
        sheet
            .write_datetime_with_format(r, 2, &april, &Format::new().set_num_format(*format))
            .unwrap();
    }
    book.save(path).unwrap();
}

const SUMMARY_MONTHS: &str = "\
Imported months.xlsx (one row per action): 1 priority, 9 actions
Header: row 1
Columns read:
  A \"Action\" as action, e.g. \"Action 1\"
  B \"Lead officer\" as owner, e.g. \"Chief Executive\"
  C \"Target date\" as due, e.g. \"April 2004\"
Columns not read: none
Layout: one row per action (the sheet has no priority column)
Priority: \"Actions\" (the sheet's name: the sheet has no priority column; name another with --priority TITLE)
Roles added: none (every name is on the roster)
Cells not read: none
Date cells read as the whole month (their format shows no day): Actions!C2, Actions!C3, Actions!C4, Actions!C5, Actions!C6, Actions!C7, Actions!C8
Date cells read as the whole year (their format shows no day or month): Actions!C10
plan check will report on these: errors none (gaps the source leaves); warnings 1 overdue
Wrote:
  plan/months/01-actions.toml
";

#[test]
fn xlsx_date_cells_read_as_the_month_or_day_their_format_shows() {
    let plan = TestPlan::new();
    month_workbook(&plan.root().join("months.xlsx"));
    let summary = stdout(&mut plan_on(
        &plan,
        "2004-04-15",
        &["import", "months.xlsx"],
    ));
    assert_eq!(summary, SUMMARY_MONTHS);
    let file = std::fs::read_to_string(plan.plan_dir().join("months/01-actions.toml")).unwrap();
    assert_eq!(file.matches("due = \"April 2004\"").count(), 7, "{file}");
    assert_eq!(file.matches("due = \"2004-04-01\"").count(), 1, "{file}");
    assert_eq!(file.matches("due = \"2004\"").count(), 1, "{file}");
    // On 15 April only the action due on the 1st is overdue, not the seven due in April.
    assert_eq!(ids_listed(&plan, "2004-04-15", "--overdue"), ["actions-8"]);
    assert_eq!(
        ids_listed(&plan, "2004-05-01", "--overdue").len(),
        8,
        "in May every April action is overdue"
    );
}

/// LibreOffice's typed "April 2004": a date cell with a date style of month and year only.
#[test]
fn ods_date_cells_read_as_the_month_or_day_their_date_style_shows() {
    let plan = TestPlan::new();
    let styles = "\
<number:date-style style:name=\"N1\"><number:month number:style=\"long\" number:textual=\"true\"/>\
<number:text> </number:text><number:year number:style=\"long\"/></number:date-style>\
<number:date-style style:name=\"N2\"><number:day/><number:text>/</number:text><number:month/>\
<number:text>/</number:text><number:year/></number:date-style>\
<style:style style:name=\"month\" style:family=\"table-cell\" style:parent-style-name=\"Default\" style:data-style-name=\"N1\"/>\
<style:style style:name=\"day\" style:family=\"table-cell\" style:data-style-name=\"N2\"/>";
    let date = |style: &str, shown: &str| {
        format!(
            "<table:table-cell table:style-name=\"{style}\" office:value-type=\"date\" office:date-value=\"2004-04-01\"><text:p>{shown}</text:p></table:table-cell>"
        )
    };
    let rows = [
        row(&[text_cell("What?"), text_cell("Who by?"), text_cell("When?")]),
        row(&[
            text_cell("Survey residents"),
            text_cell("Chief Executive"),
            date("month", "April 2004"),
        ]),
        row(&[
            text_cell("Publish results"),
            text_cell("Chief Executive"),
            date("day", "01/04/2004"),
        ]),
    ];
    let content = ods_content(styles, &rows.concat());
    write_ods(&plan.root().join("survey.ods"), content.as_bytes());
    let summary = stdout(&mut plan_on(&plan, "2004-04-15", &["import", "survey.ods"]));
    assert!(
        summary.contains(
            "Date cells read as the whole month (their format shows no day): Action plan!C2\n"
        ),
        "{summary}"
    );
    let file = std::fs::read_to_string(plan.plan_dir().join("survey/01-action-plan.toml")).unwrap();
    assert!(file.contains("due = \"April 2004\""), "{file}");
    assert!(file.contains("due = \"2004-04-01\""), "{file}");
    assert_eq!(
        ids_listed(&plan, "2004-04-15", "--overdue"),
        ["action-plan-2"]
    );
}

// --- Bounds before the reader runs (issue #26) -----------------------------------------

/// A one-action workbook from rust_xlsxwriter, its parts then changed by `change` (name,
/// bytes → new bytes) and zipped again.
fn xlsx_with(path: &Path, change: impl Fn(&str, Vec<u8>) -> Vec<u8>) {
    use rust_xlsxwriter::Workbook;
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("Actions").unwrap();
    for (c, text) in ["Action", "Owner", "Due"].iter().enumerate() {
        sheet.write_string(0, c as u16, *text).unwrap();
    }
    for (c, text) in ["Survey residents", "Chief Executive", "April 2004"]
        .iter()
        .enumerate()
    {
        sheet.write_string(1, c as u16, *text).unwrap();
    }
    let bytes = book.save_to_buffer().unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut entries = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut data).unwrap();
        let name = entry.name().to_owned();
        let data = change(&name, data);
        entries.push((name, data));
    }
    let entries: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    write_zip(path, &entries);
}

/// The sheet's XML with `extra` put just before `</sheetData>`.
fn sheet_cells(extra: &str) -> impl Fn(&str, Vec<u8>) -> Vec<u8> {
    move |name, data| {
        if name != "xl/worksheets/sheet1.xml" {
            return data;
        }
        String::from_utf8(data)
            .unwrap()
            .replace("</sheetData>", &format!("{extra}</sheetData>"))
            .into_bytes()
    }
}

/// `plan import FILE` refused with exit 2; its message.
fn refused(plan: &TestPlan, file: &str) -> String {
    let (code, stderr) = stderr_of(&mut plan_on(plan, "2004-05-01", &["import", file]));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        !plan
            .plan_dir()
            .join(Path::new(file).file_stem().unwrap())
            .exists(),
        "nothing is written"
    );
    stderr
}

#[test]
fn a_far_cell_is_refused_before_the_sheet_is_allocated() {
    let plan = TestPlan::new();
    let path = plan.root().join("far.xlsx");
    xlsx_with(
        &path,
        sheet_cells(
            "<row r=\"1048576\"><c r=\"XFD1048576\" t=\"inlineStr\"><is><t>x</t></is></c></row>",
        ),
    );
    assert!(std::fs::metadata(&path).unwrap().len() < 8_000);
    let stderr = refused(&plan, "far.xlsx");
    assert_eq!(
        stderr,
        "error: cannot read far.xlsx: sheet \"Actions\" spreads over A1:XFD1048576 (17179869184 cells, a value as far out as XFD1048576); refused unread (the limit is 2000000 cells, docs/limits.md)\n"
    );
}

#[test]
fn a_huge_dimension_or_empty_far_cells_do_not_matter() {
    let plan = TestPlan::new();
    xlsx_with(&plan.root().join("dim.xlsx"), |name, data| {
        let data =
            sheet_cells("<row r=\"1048576\"><c r=\"XFD1048576\" s=\"0\"/></row>")(name, data);
        if name != "xl/worksheets/sheet1.xml" {
            return data;
        }
        let xml = String::from_utf8(data).unwrap();
        let at = xml.find("<dimension").unwrap();
        let end = at + xml[at..].find("/>").unwrap() + 2;
        format!(
            "{}<dimension ref=\"A1:XFD1048576\"/>{}",
            &xml[..at],
            &xml[end..]
        )
        .into_bytes()
    });
    let summary = stdout(&mut plan_on(&plan, "2004-05-01", &["import", "dim.xlsx"]));
    assert!(
        summary.starts_with("Imported dim.xlsx (one row per action): 1 priority, 1 action\n"),
        "{summary}"
    );
}

#[test]
fn repeated_ods_cells_are_counted_before_calamine_expands_them() {
    let plan = TestPlan::new();
    let header = row(&[text_cell("Action"), text_cell("Owner")]);
    for (file, table) in [
        (
            "columns.ods",
            "<table:table-row><table:table-cell table:number-columns-repeated=\"1000000000\" office:value-type=\"string\"><text:p>x</text:p></table:table-cell></table:table-row>",
        ),
        (
            "rows.ods",
            "<table:table-row table:number-rows-repeated=\"1000000000\"><table:table-cell office:value-type=\"string\"><text:p>x</text:p></table:table-cell></table:table-row>",
        ),
        (
            "spread.ods",
            "<table:table-row table:number-rows-repeated=\"100000\"><table:table-cell table:number-columns-repeated=\"1000\"/></table:table-row>\
<table:table-row><table:table-cell table:number-columns-repeated=\"1000\"/><table:table-cell office:value-type=\"string\"><text:p>x</text:p></table:table-cell></table:table-row>",
        ),
    ] {
        let content = ods_content("", &format!("{header}{table}"));
        let path = plan.root().join(file);
        write_ods(&path, content.as_bytes());
        assert!(std::fs::metadata(&path).unwrap().len() < 2_000);
        assert_eq!(
            refused(&plan, file),
            format!(
                "error: cannot read {file}: table \"Action plan\" has more than 2000000 cells (counting repeated rows and columns); refused unread (the limit is 2000000 cells, docs/limits.md)\n"
            )
        );
    }
    // LibreOffice's own trailing empty rows and columns are not cells with values.
    let content = ods_content(
        "",
        &format!(
            "{header}{}<table:table-row table:number-rows-repeated=\"1048570\"><table:table-cell table:number-columns-repeated=\"16384\"/></table:table-row>",
            row(&[text_cell("Survey residents"), text_cell("Chief Executive")])
        ),
    );
    write_ods(&plan.root().join("trailing.ods"), content.as_bytes());
    stdout(&mut plan_on(
        &plan,
        "2004-05-01",
        &["import", "trailing.ods"],
    ));
}

#[test]
fn a_cell_longer_than_a_spreadsheet_holds_is_refused() {
    let plan = TestPlan::new();
    let long = "a".repeat(40_000);
    xlsx_with(
        &plan.root().join("long.xlsx"),
        sheet_cells(&format!(
            "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>{long}</t></is></c></row>"
        )),
    );
    assert_eq!(
        refused(&plan, "long.xlsx"),
        "error: cannot read long.xlsx: cell Actions!A3 is longer than 32767 characters; refused unread (the limit is 32767 characters in a cell (a spreadsheet's own limit), docs/limits.md)\n"
    );
    // A 64 MiB cell in a 67 KB file: over the unzipped limit before anything reads it.
    let huge = "a".repeat(64 << 20);
    let path = plan.root().join("huge.xlsx");
    xlsx_with(
        &path,
        sheet_cells(&format!(
            "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>{huge}</t></is></c></row>"
        )),
    );
    assert!(std::fs::metadata(&path).unwrap().len() < 200_000);
    assert_eq!(
        refused(&plan, "huge.xlsx"),
        "error: cannot read huge.xlsx: it unzips to more than 64 MiB; refused unread (the limit is 64 MiB unzipped, docs/limits.md)\n"
    );
    // And an .ods cell.
    let content = ods_content("", &row(&[text_cell(&long)]));
    write_ods(&plan.root().join("long.ods"), content.as_bytes());
    assert_eq!(
        refused(&plan, "long.ods"),
        "error: cannot read long.ods: a cell of table \"Action plan\" is longer than 32767 characters; refused unread (the limit is 32767 characters in a cell (a spreadsheet's own limit), docs/limits.md)\n"
    );
}

#[test]
fn a_truncated_workbook_is_refused_not_read_for_ever() {
    let plan = TestPlan::new();
    let content = ods_content(
        "",
        &[
            row(&[text_cell("Action"), text_cell("Owner")]),
            row(&[text_cell("Survey residents"), text_cell("Chief Executive")]),
        ]
        .concat(),
    );
    // content.xml cut inside the table, in a whole zip: calamine would loop at its end.
    let cut = &content[..content.find("</table:table>").unwrap()];
    write_ods(&plan.root().join("cut.ods"), cut.as_bytes());
    assert_eq!(
        refused(&plan, "cut.ods"),
        "error: cannot read cut.ods: content.xml ends before its last element is closed (the file is cut short)\nhelp: open it in the spreadsheet program and save it again\n"
    );
    // The file itself cut short (a download that stopped), .ods and .xlsx.
    write_ods(&plan.root().join("whole.ods"), content.as_bytes());
    xlsx_with(&plan.root().join("whole.xlsx"), |_, data| data);
    for (from, to) in [("whole.ods", "short.ods"), ("whole.xlsx", "short.xlsx")] {
        let bytes = std::fs::read(plan.root().join(from)).unwrap();
        std::fs::write(plan.root().join(to), &bytes[..bytes.len() * 2 / 3]).unwrap();
        let stderr = refused(&plan, to);
        assert!(
            stderr.starts_with(&format!(
                "error: cannot read {to}: not a whole workbook (a zip archive): "
            )),
            "{stderr}"
        );
        assert!(
            stderr.ends_with("\nhelp: open it in the spreadsheet program and save it again\n"),
            "{stderr}"
        );
    }
}

#[test]
fn a_zip_bomb_stops_at_the_unzipped_limit() {
    let plan = TestPlan::new();
    // 65 MiB of zeros deflate to about 65 KiB, in an entry no reader would even open: every
    // entry is counted, and nothing trusts the sizes the zip declares.
    let zeros = vec![0u8; 65 << 20];
    let path = plan.root().join("bomb.xlsx");
    xlsx_with(&path, |_, data| data);
    let mut zip = zip::ZipWriter::new_append(
        std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(&path)
            .unwrap(),
    )
    .unwrap();
    zip.start_file(
        "xl/media/image1.bin",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    zip.write_all(&zeros).unwrap();
    zip.finish().unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() < 200_000);
    assert_eq!(
        refused(&plan, "bomb.xlsx"),
        "error: cannot read bomb.xlsx: it unzips to more than 64 MiB; refused unread (the limit is 64 MiB unzipped, docs/limits.md)\n"
    );
}

// --- RAG from a cell's fill colour -----------------------------------------------------

/// A monitoring sheet whose RAG column is coloured rather than written, as many are: red,
/// amber and green fills on empty cells, a written "Amber" on a green fill (the text wins),
/// and a white fill (no colour).
fn rag_workbook(path: &Path) {
    use rust_xlsxwriter::{Color, Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("Actions").unwrap();
    for (c, header) in ["Action", "Lead officer", "RAG", "Progress comment"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *header).unwrap();
    }
    let fill = |rgb| Format::new().set_background_color(Color::RGB(rgb));
    let rows: [(&str, Option<u32>, &str, &str); 5] = [
        (
            "Survey residents",
            Some(0xFF0000),
            "",
            "Fieldwork is behind",
        ),
        ("Publish results", Some(0xFFC000), "", ""),
        ("Train staff", Some(0x00B050), "", ""),
        ("Review policy", Some(0x00B050), "Amber", ""),
        ("Hold workshop", Some(0xFFFFFF), "", ""),
    ];
    for (i, (action, colour, text, comment)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_string(r, 0, *action).unwrap();
        sheet.write_string(r, 1, "Chief Executive").unwrap();
        if let Some(rgb) = colour {
            if text.is_empty() {
                sheet.write_blank(r, 2, &fill(*rgb)).unwrap();
            } else {
                sheet
                    .write_string_with_format(r, 2, *text, &fill(*rgb))
                    .unwrap();
            }
        }
        if !comment.is_empty() {
            sheet.write_string(r, 3, *comment).unwrap();
        }
    }
    book.save(path).unwrap();
}

#[test]
fn xlsx_rag_cells_with_no_text_read_from_their_fill_colour() {
    let plan = TestPlan::new();
    rag_workbook(&plan.root().join("rag.xlsx"));
    // Coloured cells are monitoring too: they need the day they were written.
    let (code, stderr) = stderr_of(&mut plan_on(&plan, "2004-05-01", &["import", "rag.xlsx"]));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("(C \"RAG\", D \"Progress comment\")"),
        "{stderr}"
    );
    let summary = stdout(&mut plan_on(
        &plan,
        "2004-05-01",
        &["import", "rag.xlsx", "--as-at", "2004-03-31"],
    ));
    assert!(
        summary.contains(
            "Monitoring carried across: 0 statuses set, 4 first updates dated 2004-03-31 (--as-at)\n\
RAG read from the cell's fill colour: Actions!C2 red, Actions!C3 amber, Actions!C4 green\n"
        ),
        "{summary}"
    );
    let shown = |id: &str| {
        let show = json(&mut plan_on(
            &plan,
            "2004-05-01",
            &["show", id, "--format", "json"],
        ));
        let update = &show["updates"][0];
        (update["rag"].clone(), update["note"].clone())
    };
    use serde_json::json as j;
    assert_eq!(shown("actions-1"), (j!("red"), j!("Fieldwork is behind")));
    assert_eq!(
        shown("actions-2"),
        (j!("amber"), j!("RAG: amber (the cell's fill colour)"))
    );
    assert_eq!(
        shown("actions-3"),
        (j!("green"), j!("RAG: green (the cell's fill colour)"))
    );
    assert_eq!(shown("actions-4"), (j!("amber"), j!("RAG: Amber")));
    let show = json(&mut plan_on(
        &plan,
        "2004-05-01",
        &["show", "actions-5", "--format", "json"],
    ));
    assert_eq!(show["updates"], j!([]), "a white fill is no colour");
}

/// LibreOffice: a background colour on the cell's style (or the style it inherits from);
/// with no RAG column, the Status cell's colour is the RAG.
#[test]
fn ods_background_colours_read_as_rag() {
    let plan = TestPlan::new();
    let styles = "\
<style:style style:name=\"Bad\" style:family=\"table-cell\"><style:table-cell-properties fo:background-color=\"#ffc7ce\"/></style:style>\
<style:style style:name=\"ce1\" style:family=\"table-cell\" style:parent-style-name=\"Bad\"/>\
<style:style style:name=\"amber\" style:family=\"table-cell\"><style:table-cell-properties fo:background-color=\"#ffbf00\"/></style:style>";
    let styled = |style: &str, text: &str| {
        format!(
            "<table:table-cell table:style-name=\"{style}\" office:value-type=\"string\"><text:p>{text}</text:p></table:table-cell>"
        )
    };
    let rows = [
        row(&[text_cell("Action"), text_cell("Owner"), text_cell("Status")]),
        row(&[
            text_cell("Survey residents"),
            text_cell("Chief Executive"),
            styled("ce1", "Delayed"),
        ]),
        row(&[
            text_cell("Publish results"),
            text_cell("Chief Executive"),
            styled("amber", "In progress"),
        ]),
    ];
    let content = ods_content(styles, &rows.concat());
    write_ods(&plan.root().join("status.ods"), content.as_bytes());
    let summary = stdout(&mut plan_on(
        &plan,
        "2004-05-01",
        &["import", "status.ods", "--as-at", "2004-03-31"],
    ));
    assert!(
        summary.contains(
            "RAG read from the cell's fill colour: Action plan!C2 red, Action plan!C3 amber\n"
        ),
        "{summary}"
    );
    let show = json(&mut plan_on(
        &plan,
        "2004-05-01",
        &["show", "action-plan-2", "--format", "json"],
    ));
    assert_eq!(show["status"], "in-progress");
    assert_eq!(show["updates"][0]["rag"], "amber");
}

// --- CSV as people and programs write it (issue #26) -----------------------------------

/// `plan import NAME` of a CSV file holding `bytes`.
fn import_csv(plan: &TestPlan, name: &str, bytes: &[u8]) -> assert_cmd::Command {
    std::fs::write(plan.root().join(name), bytes).unwrap();
    plan_on(plan, "2004-05-01", &["import", name])
}

#[test]
fn a_header_only_csv_says_there_is_nothing_to_import() {
    let plan = TestPlan::new();
    let (code, stderr) = stderr_of(&mut import_csv(&plan, "only.csv", b"Action,Owner,Due\n"));
    assert_eq!(code, Some(2));
    assert_eq!(
        stderr,
        "error: nothing to import: only.csv has no rows below its header (line 1)\n"
    );
}

#[test]
fn a_ragged_csv_row_is_a_located_error_not_a_shifted_row() {
    let plan = TestPlan::new();
    let csv = "Action,Owner,Due\n\
\"Survey residents\nin every ward\",Chief Executive,April 2004\n\
Publish results,Chief Executive,May 2004\n\
Build homes, roads,Chief Executive,June 2004\n";
    let (code, stderr) = stderr_of(&mut import_csv(&plan, "ragged.csv", csv.as_bytes()));
    assert_eq!(code, Some(2));
    // Line 5: the quoted cell on line 2 spans two lines.
    assert_eq!(
        stderr,
        "error: cannot read ragged.csv line 5: 4 fields, and \"June 2004\" is right of the last heading (field 3 of the header on line 1): a comma inside a cell that is not in quotes splits it and shifts the rest of the row\n\
help: put that cell in double quotes (\"Build homes, roads\"), or save the file again from the spreadsheet program\n"
    );
    // Quoted, it reads; so does a cell spanning lines, and rows shorter than the header.
    let csv = csv.replace("Build homes, roads", "\"Build homes, roads\"")
        + "Plant trees,Chief Executive\n";
    let summary = stdout(&mut import_csv(&plan, "ragged.csv", csv.as_bytes()));
    assert!(
        summary.starts_with("Imported ragged.csv (one row per action): 1 priority, 4 actions\n"),
        "{summary}"
    );
    let list = json(&mut plan_on(
        &plan,
        "2004-05-01",
        &["list", "--all", "--format", "json"],
    ));
    let titles: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Survey residents\nin every ward",
            "Publish results",
            "Build homes, roads",
            "Plant trees"
        ]
    );
}

#[test]
fn an_unterminated_quote_is_a_located_error_not_one_long_title() {
    let plan = TestPlan::new();
    let csv = "Action,Owner,Due\n\
Survey residents,Chief Executive,April 2004\n\
\"Publish results,Chief Executive,May 2004\n\
Build homes,Chief Executive,June 2004\n\
Plant trees,Chief Executive,July 2004\n";
    let (code, stderr) = stderr_of(&mut import_csv(&plan, "open.csv", csv.as_bytes()));
    assert_eq!(code, Some(2));
    assert_eq!(
        stderr,
        "error: cannot read open.csv line 3: a quoted cell (starting with \") is never closed, so every row after it would be read into that one cell\n\
help: close the quote, or write a quote inside a quoted cell as two (\"\"); a spreadsheet program's \"Save as CSV\" writes them right\n"
    );
    // A quote inside a cell that does not start with one is text, as the csv crate reads it.
    let csv = "Action,Owner,Due\nLay 5\" pipes,Chief Executive,April 2004\n";
    stdout(&mut import_csv(&plan, "inch.csv", csv.as_bytes()));
}

#[test]
fn an_excel_csv_in_windows_1252_is_read_as_that_and_said_so() {
    let plan = TestPlan::new();
    // Excel's "CSV (Comma delimited)": £ is 0xA3, an en dash 0x96.
    let csv = b"Action,Owner,Due\nSurvey residents,Chief Executive,April 2004\nBuy \xA3500 of books \x96 phase 1,Chief Executive,May 2004\n";
    let summary = stdout(&mut import_csv(&plan, "excel.csv", csv));
    assert!(
        summary.starts_with("Imported excel.csv (one row per action): 1 priority, 2 actions\n\
Note: excel.csv is not UTF-8 (the first other byte is on line 3): read as Windows-1252, what Excel's \"CSV (Comma delimited)\" writes; if £, – or accented letters look wrong, save it from the spreadsheet program as \"CSV UTF-8 (Comma delimited)\" (Excel: File > Save As; LibreOffice: Save As > Text CSV, character set Unicode (UTF-8)) and import again\n"),
        "{summary}"
    );
    let show = json(&mut plan_on(
        &plan,
        "2004-05-01",
        &["show", "excel-2", "--format", "json"],
    ));
    assert_eq!(show["title"], "Buy £500 of books – phase 1");
    // UTF-16 ("Unicode Text") is not guessed at.
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("Action,Owner\n".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let (code, stderr) = stderr_of(&mut import_csv(&plan, "unicode.csv", &utf16));
    assert_eq!(code, Some(2));
    assert_eq!(
        stderr,
        "error: cannot read unicode.csv: it is UTF-16 text (Excel's \"Unicode Text\"), not a CSV file\n\
help: save it from the spreadsheet program as \"CSV UTF-8 (Comma delimited)\" (Excel: File > Save As; LibreOffice: Save As > Text CSV, character set Unicode (UTF-8))\n"
    );
}

#[test]
fn a_csv_separated_by_semicolons_or_tabs_is_read_that_way_and_said_so() {
    let plan = TestPlan::new();
    // European Excel's "CSV": semicolons, with commas inside the cells.
    let csv = "Action;Owner;Due\nReview parks, gardens;Chief Executive;April 2004\nSurvey residents;Chief Executive;May 2004\n";
    let summary = stdout(&mut import_csv(&plan, "semi.csv", csv.as_bytes()));
    assert!(
        summary.starts_with("Imported semi.csv (one row per action): 1 priority, 2 actions\n\
Note: semi.csv is separated by semicolons (as Excel writes \"CSV\" where a comma is the decimal mark), not commas: read that way\n"),
        "{summary}"
    );
    let show = json(&mut plan_on(
        &plan,
        "2004-05-01",
        &["show", "semi-1", "--format", "json"],
    ));
    assert_eq!(show["title"], "Review parks, gardens");
    assert_eq!(show["owners"], serde_json::json!(["Chief Executive"]));
    let tabs = "Action\tOwner\tDue\nWrite the strategy\tChief Executive\tJune 2004\n";
    let summary = stdout(&mut import_csv(&plan, "tabs.csv", tabs.as_bytes()));
    assert!(
        summary.contains("\nNote: tabs.csv is separated by tabs, not commas: read that way\n"),
        "{summary}"
    );
    // A comma CSV whose cells hold semicolons stays a comma CSV, with no note.
    let commas = "Action,Owner,Due\nConsult; then report,Chief Executive,July 2004\n";
    let summary = stdout(&mut import_csv(&plan, "commas.csv", commas.as_bytes()));
    assert!(!summary.contains("Note:"), "{summary}");
    let show = json(&mut plan_on(
        &plan,
        "2004-05-01",
        &["show", "commas-1", "--format", "json"],
    ));
    assert_eq!(show["title"], "Consult; then report");
}

// --- Headings over two rows -------------------------------------------------------------

#[test]
fn a_heading_split_over_two_rows_is_read_together_and_never_imported() {
    let plan = TestPlan::new();
    let csv =
        "Key,Lead,Target\nMilestones,Officer,Date\nSurvey residents,Chief Executive,April 2004\n";
    let summary = stdout(&mut import_csv(&plan, "split.csv", csv.as_bytes()));
    assert_eq!(
        summary.lines().take(7).collect::<Vec<_>>(),
        [
            "Imported split.csv (one row per action): 1 priority, 1 action",
            "Header: rows 1 and 2 (headings over two rows, read together)",
            "Columns read:",
            "  A \"Key Milestones\" as action, e.g. \"Survey residents\"",
            "  B \"Lead Officer\" as owner, e.g. \"Chief Executive\"",
            "  C \"Target Date\" as due, e.g. \"April 2004\"",
            "Columns not read: none",
        ]
    );
    assert!(
        summary.contains("Roles added: none (every name is on the roster)\n"),
        "{summary}"
    );
    // "Lead" over "Officer" with the action heading on the first row only.
    let csv = "Action,Lead,Target\n,Officer,date\nSurvey residents,Chief Executive,April 2004\n";
    let summary = stdout(&mut import_csv(&plan, "lead.csv", csv.as_bytes()));
    assert!(
        summary.starts_with("Imported lead.csv (one row per action): 1 priority, 1 action\nHeader: rows 1 and 2 (headings over two rows, read together)\n"),
        "{summary}"
    );
    assert!(
        summary.contains("  B \"Lead Officer\" as owner, e.g. \"Chief Executive\"\n"),
        "{summary}"
    );
}

#[test]
fn group_headings_above_the_real_ones_are_never_imported() {
    let plan = TestPlan::new();
    // The sub-headings name every field: they are the header, the group row a title above.
    let csv = "Action,,Responsibility,,Timescale,\n\
Ref,Description,Lead officer,Partner,Start,End\n\
HS1,Survey residents,Chief Executive,Police,January 2004,April 2004\n\
HS2,Publish results,Chief Executive,,May 2004,June 2004\n";
    let summary = stdout(&mut import_csv(&plan, "grouped.csv", csv.as_bytes()));
    assert_eq!(
        summary.lines().take(11).collect::<Vec<_>>(),
        [
            "Imported grouped.csv (one row per action): 1 priority, 2 actions",
            "Header: row 2",
            "Columns read:",
            "  A \"Ref\" as id, e.g. \"HS1\"",
            "  B \"Description\" as action, e.g. \"Survey residents\"",
            "  C \"Lead officer\" as owner, e.g. \"Chief Executive\"",
            "  F \"End\" as due, e.g. \"April 2004\"",
            "Columns not read:",
            "  D \"Partner\": heading not recognised, 1 cell",
            "  E \"Start\": heading not recognised, 2 cells",
            "Layout: one row per action (the sheet has no priority column)",
        ]
    );
    let list = json(&mut plan_on(
        &plan,
        "2004-05-01",
        &["list", "--all", "--format", "json"],
    ));
    let got: Vec<(&str, &str)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["id"].as_str().unwrap(), a["due"].as_str().unwrap()))
        .collect();
    assert_eq!(got, [("hs1", "April 2004"), ("hs2", "June 2004")]);
    // The group row names more fields than the sub-headings ("Detail" names none): it is
    // the header, and the sub-heading row below it is read with it, never as an action.
    let csv = "Action,,Responsibility,Timescale\n\
Ref,Detail,Lead officer,End\n\
Survey residents,,Chief Executive,April 2004\n";
    let summary = stdout(&mut import_csv(&plan, "group2.csv", csv.as_bytes()));
    assert!(
        summary.starts_with(
            "Imported group2.csv (one row per action): 1 priority, 1 action\n\
Header: rows 1 and 2 (headings over two rows, read together)\n\
Columns read:\n  A \"Action Ref\" as action, e.g. \"Survey residents\"\n"
        ),
        "{summary}"
    );
}

#[test]
fn a_first_data_row_of_short_text_is_not_taken_for_headings() {
    let plan = TestPlan::new();
    // Under "Lead", "Lead Officer" would read as a better heading; but under the action
    // heading there is an action, so the row is data.
    let csv = "Action,Lead,Due\nSurvey residents,Lead Officer,April 2004\n";
    let summary = stdout(&mut import_csv(&plan, "data.csv", csv.as_bytes()));
    assert!(
        summary.starts_with(
            "Imported data.csv (one row per action): 1 priority, 1 action\nHeader: row 1\n"
        ),
        "{summary}"
    );
}

#[test]
fn an_old_xls_workbook_is_refused_with_how_to_save_it() {
    let plan = TestPlan::new();
    // Whatever is in it: its reader cannot be bounded, so it is never opened.
    std::fs::write(
        plan.root().join("old.xls"),
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
    )
    .unwrap();
    assert_eq!(
        refused(&plan, "old.xls"),
        "error: cannot read old.xls: an Excel 97-2003 workbook (.xls) is not read\n\
help: open it in Excel or LibreOffice and save it as an .xlsx workbook (or as \"CSV UTF-8\"), then import that\n"
    );
}
