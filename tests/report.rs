//! `plan report`: the seed plan and a hostile fixture, as Markdown, CSV and HTML, the HTML
//! checked in headless Chromium (which `.ci/run` installs). Every case pins the day.

use std::path::{Path, PathBuf};
use std::process::Command as Process;

mod common;

#[allow(dead_code)]
#[path = "../examples/gen-plan.rs"]
mod gen_plan;

use assert_cmd::Command;
use common::{GitRepo, stdout};
use scraper::{Html, Selector};

const SEED: &str = "plan";
const HOSTILE: &str = "tests/fixtures/hostile/plan";
const AS_AT: &str = "2004-05-01";

fn plan(dir: &str) -> Command {
    let mut cmd = common::plan_cmd();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["--plan", dir, "--today", AS_AT]);
    cmd
}

fn report(dir: &str, args: &[&str]) -> String {
    stdout(plan(dir).arg("report").args(args))
}

/// The lines of a Markdown section, from its heading to the next `## `.
fn md_section<'a>(md: &'a str, heading: &str) -> Vec<&'a str> {
    md.lines()
        .skip_while(|l| *l != heading)
        .skip(1)
        .take_while(|l| !l.starts_with("## "))
        .collect()
}

/// Data rows of the first table in `lines` (header and rule left out).
fn md_rows<'a>(lines: &[&'a str]) -> Vec<&'a str> {
    lines
        .iter()
        .copied()
        .filter(|l| l.starts_with("| "))
        .skip(1)
        .collect()
}

/// Cells of a GFM table row, splitting only on unescaped pipes.
fn md_cells(row: &str) -> Vec<String> {
    let mut cells = vec![String::new()];
    let mut chars = row.trim().trim_matches('|').chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                cells.last_mut().unwrap().push(c);
                if let Some(next) = chars.next() {
                    cells.last_mut().unwrap().push(next);
                }
            }
            '|' => cells.push(String::new()),
            c => cells.last_mut().unwrap().push(c),
        }
    }
    cells.into_iter().map(|c| c.trim().to_owned()).collect()
}

#[test]
fn seed_markdown_has_counts_exceptions_owners_and_gantt() {
    let md = report(SEED, &[]);
    assert!(md.starts_with(
        "# Leicester City Council — CPA Improvement Plan and Strategic Action Plan (2003)\n"
    ));
    assert!(md.contains("Progress report as at **1 May 2004**"));
    assert!(md.contains("*Due soon* means due within 30 days (by 31 May 2004)."));
    let summary: Vec<Vec<String>> = md_rows(&md_section(&md, "## Summary"))
        .into_iter()
        .map(md_cells)
        .collect();
    let counts: Vec<(&str, &str)> = summary
        .iter()
        .map(|c| (c[0].as_str(), c[1].as_str()))
        .collect();
    assert_eq!(
        counts,
        [
            ("🔴 Overdue", "8"),
            ("🟠 Due soon", "0"),
            ("🟢 On track", "14"),
            ("Ongoing", "1"),
            ("No date", "38"),
            ("Done", "0"),
            ("Dropped", "0"),
            ("**Total**", "**61**"),
        ]
    );

    let exceptions = md_rows(&md_section(&md, "## Exception report"));
    assert_eq!(exceptions.len(), 46, "8 overdue + 38 undated");
    let ids: Vec<String> = exceptions.iter().map(|r| md_cells(r)[0].clone()).collect();
    assert_eq!(
        ids[..9],
        [
            "cc-1",
            "rn-1",
            "rn-2",
            "rn-3",
            "rn-4",
            "rn-5",
            "rn-6",
            "si-1",
            "cpa-edu-1"
        ]
    );
    let cc1 = md_cells(exceptions[0]);
    assert_eq!(cc1[3], "Chief Executive");
    assert_eq!(cc1[4], "April 2003 (by 30 Apr 2003)");
    assert_eq!(cc1[5], "367");
    assert_eq!(cc1[7], "🔴 Overdue");
    assert_eq!(cc1[8], "—", "no progress update yet");
    assert!(exceptions.iter().all(|r| md_cells(r).len() == 9));

    let owners = md_rows(&md_section(&md, "## By owner"));
    let ce = owners
        .iter()
        .map(|r| md_cells(r))
        .find(|c| c[0] == "Chief Executive")
        .expect("Chief Executive in the roll-up");
    // Owner | Actions | Overdue | Due soon | On track | Ongoing | No date | Done | Dropped
    assert_eq!(ce[1..], ["45", "1", "0", "6", "0", "38", "0", "0"]);
    assert_eq!(owners.len(), 6);

    let gantt: Vec<&str> = md
        .lines()
        .skip_while(|l| *l != "```mermaid")
        .take_while(|l| *l != "```")
        .collect();
    assert_eq!(gantt[1], "gantt");
    let tasks: Vec<&&str> = gantt.iter().filter(|l| l.starts_with("    [")).collect();
    assert_eq!(tasks.len(), 22, "every action with a dated due period");
    assert!(gantt.contains(&"    [cc-1] Develop a community cohesion strategy which will be integra… :crit, 2003-04-01, 2003-05-01"));
    assert!(gantt.contains(&"    [pc-4] Revise the community plan. :2005-04-01, 2006-04-01"));

    // Nested priorities are nested headings.
    assert!(md.contains("\n### cpa — CPA Outcomes\n"));
    assert!(md.contains("\n#### cpa-edu — Education and Lifelong Learning\n"));
    assert!(md.contains("| cc-1 | Develop a community cohesion strategy which will be integrated with the revised Community Plan. | Chief Executive | April 2003 | 30 Apr 2003 | 🔴 Overdue (367 days late) |"));
}

#[test]
fn hostile_markdown_shows_text_literally_and_keeps_tables_and_gantt_whole() {
    let md = report(HOSTILE, &[]);
    assert!(md.starts_with("# Hostile \\<Council\\> \\& \"Friends\" \\| Plan\n"));
    // No raw tag from plan text anywhere: every `<` from the plan is escaped.
    for tag in ["<script", "<img", "<b>", "</td>", "<!--"] {
        for (at, _) in md.match_indices(tag) {
            assert!(
                md[..at].ends_with('\\'),
                "unescaped {tag} at byte {at} in:\n{md}"
            );
        }
    }
    assert!(md.contains("[h-1] ‹script›alert(1)‹/script› :crit, 2004-04-01, 2004-05-01"));
    // Every table row has the right number of cells: pipes in text are escaped.
    for heading in ["## Exception report", "## By owner"] {
        let lines = md_section(&md, heading);
        let header = lines.iter().find(|l| l.starts_with("| ")).unwrap();
        let width = md_cells(header).len();
        for row in md_rows(&lines) {
            assert_eq!(md_cells(row).len(), width, "{row}");
        }
    }
    let h2 = md
        .lines()
        .find(|l| l.starts_with("| h-2 |"))
        .expect("h-2 row");
    assert_eq!(md_cells(h2)[1], "\"quotes\" \\& 'apostrophes' \\| pipe");
    let sub3 = md.lines().find(|l| l.starts_with("| h-sub-3 |")).unwrap();
    assert_eq!(md_cells(sub3)[1], "line one<br>line two");

    // The gantt: only known statements, and no task name that the grammar would cut short.
    let gantt: Vec<&str> = md
        .lines()
        .skip_while(|l| *l != "```mermaid")
        .skip(1)
        .take_while(|l| *l != "```")
        .collect();
    let statements = [
        "gantt",
        "    title ",
        "    dateFormat ",
        "    axisFormat ",
        "    todayMarker ",
        "    section ",
    ];
    for line in &gantt {
        if let Some(task) = line.strip_prefix("    [") {
            let (name, data) = task.split_once(" :").expect("name :data");
            assert!(!name.contains([':', '#', ';', '%']), "{line}");
            assert!(!data.contains(['#', ';']), "{line}");
        } else if !line.starts_with("    As at ") {
            assert!(
                statements.iter().any(|s| line.starts_with(s)),
                "unexpected gantt line {line:?}"
            );
            if let Some(name) = line.strip_prefix("    section ") {
                assert!(!name.contains([':', '#', ';']), "{line}");
            }
        }
    }
    assert!(
        gantt.contains(&"    [h-4] Review∶ ♯1, 100％％ done section x :2004-10-01, 2005-01-01")
    );
    assert!(
        gantt.contains(
            &"    [h-2] \"quotes\" & 'apostrophes' | pipe :active, 2004-05-20, 2004-05-21"
        )
    );
}

#[test]
fn seed_csv_has_one_row_per_action_with_every_field() {
    let text = report(SEED, &["--format", "csv"]);
    assert!(
        !text.starts_with('\u{FEFF}'),
        "no byte-order mark on stdout"
    );
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        headers,
        [
            "id",
            "title",
            "priority_id",
            "priority_title",
            "owners",
            "due",
            "due_canonical",
            "due_from",
            "due_by",
            "due_note",
            "report_status",
            "plan_status",
            "days_late",
            "source",
            "file",
            "line",
            "as_at",
            "latest_update_date",
            "latest_rag",
            "latest_percent",
            "latest_note",
            "done_on",
            "done_days_late",
            "rag_conflict",
            "originally_due",
            "due_moves"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 61);
    let count = |status: &str| rows.iter().filter(|r| &r[10] == status).count();
    assert_eq!(
        [
            count("Overdue"),
            count("Due soon"),
            count("On track"),
            count("Ongoing"),
            count("No date")
        ],
        [8, 0, 14, 1, 38]
    );
    let cc1 = rows.iter().find(|r| &r[0] == "cc-1").unwrap();
    assert_eq!(&cc1[5], "April 2003");
    assert_eq!(&cc1[6], "April 2003");
    assert_eq!(&cc1[8], "2003-04-30");
    assert_eq!(&cc1[12], "367");
    let undated = rows.iter().find(|r| &r[0] == "cpa-edu-1").unwrap();
    assert_eq!((&undated[10], &undated[12]), ("No date", ""));
    assert_eq!(&cc1[16], AS_AT);
    let pc1 = rows.iter().find(|r| &r[0] == "pc-1").unwrap();
    assert_eq!(
        &pc1[9],
        "Source gives three dates for five actions: April 2003 April 2004 2005/06"
    );
}

#[test]
fn hostile_csv_file_neutralises_formulas_and_has_a_bom() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.csv");
    let out = report(HOSTILE, &["-o", path.to_str().unwrap()]);
    assert_eq!(out, "", "nothing on stdout when writing a file");
    let bytes = std::fs::read(&path).unwrap();
    assert!(
        bytes.starts_with("\u{FEFF}".as_bytes()),
        "Excel needs the BOM for UTF-8"
    );
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 9);
    let row = |id: &str| rows.iter().find(|r| &r[0] == id).unwrap().clone();
    assert_eq!(&row("h-5")[1], "'=cmd|' /C calc'!A0");
    assert_eq!(&row("h-6")[1], "'-2+3");
    assert_eq!(&row("h-4")[4], "'=Formula Officer");
    assert_eq!(
        &row("h-1")[9],
        "'=HYPERLINK(\"http://example.invalid\",\"click\")"
    );
    assert_eq!(&row("h-1")[1], "<script>alert(1)</script>");
    for record in &rows {
        for cell in record {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?}"
            );
        }
    }
    let statuses: Vec<String> = rows.iter().map(|r| r[10].to_owned()).collect();
    assert_eq!(
        statuses,
        [
            "Done", "Dropped", "No date", "Overdue", "Due soon", "On track", "On track", "Ongoing",
            "No date"
        ]
    );
}

fn html_file(dir: &str, name: &str) -> PathBuf {
    let path = screenshots_dir().join(name);
    let out = report(dir, &["-o", path.to_str().unwrap()]);
    assert_eq!(out, "");
    path
}

fn sel(css: &str) -> Selector {
    Selector::parse(css).expect("valid selector")
}

fn texts(doc: &Html, css: &str) -> Vec<String> {
    doc.select(&sel(css))
        .map(|e| e.text().collect::<String>().trim().to_owned())
        .collect()
}

/// Structure every report must have, checked on a parsed document.
fn assert_accessible_and_self_contained(doc: &Html) {
    let html = doc.select(&sel("html")).next().unwrap();
    assert_eq!(html.value().attr("lang"), Some("en-GB"));
    assert_eq!(doc.select(&sel("script")).count(), 0, "no script element");
    assert_eq!(
        doc.select(&sel("link, img, iframe, object, embed, [src]"))
            .count(),
        0,
        "nothing fetched"
    );
    assert_eq!(
        doc.select(&sel("style")).count(),
        1,
        "one inline stylesheet"
    );
    let css = texts(doc, "style").concat();
    assert!(
        css.contains("@media print") && css.contains("@media (max-width"),
        "print and phone styles"
    );
    assert!(
        !css.contains("url(") && !css.contains("@import"),
        "the stylesheet fetches nothing"
    );
    assert!(doc.select(&sel("meta[name=viewport]")).count() == 1);
    for table in doc.select(&sel("table")) {
        assert!(
            table.select(&sel("caption")).count() == 1,
            "every table has a caption"
        );
        for th in table.select(&sel("th")) {
            let scope = th.value().attr("scope");
            assert!(
                matches!(scope, Some("col" | "row")),
                "th without scope: {}",
                th.html()
            );
        }
    }
    // Status is text, not colour alone.
    for badge in doc.select(&sel(".badge")) {
        assert!(!badge.text().collect::<String>().trim().is_empty());
    }
}

#[test]
fn seed_html_is_accessible_and_self_contained() {
    let path = html_file(SEED, "report-static.html");
    let doc = Html::parse_document(&std::fs::read_to_string(path).unwrap());
    assert_accessible_and_self_contained(&doc);
    assert_eq!(doc.select(&sel("#exceptions-table tbody tr")).count(), 46);
    assert_eq!(doc.select(&sel("section.priority")).count(), 18);
    assert_eq!(
        doc.select(&sel("section.priority section.priority"))
            .count(),
        10,
        "CPA areas nested under cpa"
    );
}

/// More rows than a window of batches (the HTML writer lays rows out 512 at a time, in
/// parallel): the page is the same bytes on one thread or four, on stdout or in a file, and
/// holds every action once, with the exception table as long as its caption says.
#[test]
fn large_html_report_is_whole_and_the_same_on_any_number_of_threads() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("plan");
    let actions = gen_plan::generate(2600, &dir).unwrap();
    let run = |threads: &str, extra: &[&str]| {
        let output = common::plan_process()
            .env("RAYON_NUM_THREADS", threads)
            .args(["--plan", dir.to_str().unwrap(), "--today", "2005-06-01"])
            .args(["report", "--format", "html"])
            .args(extra)
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        String::from_utf8(output.stdout).unwrap()
    };
    let page = run("4", &[]);
    assert_eq!(run("1", &[]), page);
    let file = tmp.path().join("r.html");
    assert_eq!(run("3", &["-o", file.to_str().unwrap()]), "");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), page);

    let doc = Html::parse_document(&page);
    let mut shown: Vec<String> = doc
        .select(&sel("table.actions tbody tr"))
        .map(|tr| tr.value().id().unwrap().trim_start_matches("a-").to_owned())
        .collect();
    shown.sort();
    let mut ids: Vec<String> = actions.iter().map(|a| a.id.clone()).collect();
    ids.sort();
    assert_eq!(shown, ids);
    let exceptions = doc.select(&sel("#exceptions-table tbody tr")).count();
    assert!(
        exceptions > 512,
        "{exceptions} exceptions: fewer than a batch"
    );
    let caption = texts(&doc, "#exceptions-table caption").concat();
    assert!(
        caption.starts_with(&format!("{exceptions} exceptions: ")),
        "{caption}"
    );
}

#[test]
fn usage_errors_exit_2() {
    let fails = |args: &[&str], message: &str| {
        let out = plan(SEED).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    };
    // Each command accepts only its own formats, so clap refuses the others.
    fails(
        &["list", "--format", "html"],
        "invalid value 'html' for '--format <FORMAT>'",
    );
    fails(
        &["report", "--format", "json"],
        "[possible values: html, markdown, csv, xlsx]",
    );
    fails(
        &["--format", "html", "diff"],
        "[possible values: table, json, csv, markdown]",
    );
    fails(
        &["report", "-o", "report.txt"],
        "cannot tell the format from the name report.txt",
    );
    fails(
        &["report", "--format", "csv", "-o", "r.html"],
        "does not match the extension",
    );
    fails(&["report", "--window", "3x"], "invalid --window");
    fails(
        &["report", "--owner", "Chief Exec"],
        "did you mean \"Chief Executive\"",
    );
    fails(
        &["report", "--priority", "cpa-edux"],
        "did you mean \"cpa-edu\"",
    );
}

#[test]
fn owner_and_priority_narrow_the_report() {
    let md = report(SEED, &["--owner", "assistant chief executive"]);
    assert!(md.contains(
        "> Only actions owned by Assistant Chief Executive (directly or through a group)."
    ));
    assert!(md.contains("| **Total** | **6** | |"));

    let md = report(SEED, &["--priority", "cpa", "--window", "2m"]);
    assert!(md.contains("*Due soon* means due within 2 months (by 1 Jul 2004)."));
    assert!(md.contains("| **Total** | **37** | |"));
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with("###")).collect();
    assert_eq!(headings[0], "### cpa — CPA Outcomes");
    assert_eq!(headings.len(), 11);
    assert!(headings[1..].iter().all(|h| h.starts_with("#### cpa")));
}

#[test]
fn window_turns_on_track_into_due_soon() {
    // rpo-* are due October 2004 (by 31 Oct): outside 30 days of 1 May, inside 6 months.
    let csv = report(SEED, &["--format", "csv", "--window", "6m"]);
    let rpo: Vec<&str> = csv.lines().filter(|l| l.starts_with("rpo-")).collect();
    assert_eq!(rpo.len(), 6);
    assert!(rpo.iter().all(|l| l.contains(",Due soon,")), "{rpo:?}");
}

// ---------------------------------------------------------------------------------------
// In a real browser. Chromium is required: `.ci/run` installs it, and a missing browser
// fails the test rather than skipping it.

fn chromium() -> PathBuf {
    if let Some(path) = std::env::var_os("PLAN_TEST_CHROMIUM") {
        return PathBuf::from(path);
    }
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        if let Ok(out) = Process::new("sh")
            .args(["-c", &format!("command -v {name}")])
            .output()
        {
            if out.status.success() {
                return PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
            }
        }
    }
    panic!(
        "headless Chromium is needed for the report browser tests: `apt-get install -y chromium` \
         (or set PLAN_TEST_CHROMIUM to a Chromium binary)"
    );
}

/// `target/`, where screenshots are kept for people to look at.
fn screenshots_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target/tmp has a parent")
        .to_path_buf();
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run_chromium(page: &Path, extra: &[String]) -> String {
    let profile = tempfile::tempdir().unwrap();
    let out = Process::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 DOM")
}

fn screenshot(page: &Path, name: &str, width: u32, height: u32) -> PathBuf {
    let png = screenshots_dir().join(name);
    let _ = std::fs::remove_file(&png);
    run_chromium(
        page,
        &[
            format!("--screenshot={}", png.display()),
            format!("--window-size={width},{height}"),
        ],
    );
    let bytes = std::fs::read(&png).expect("screenshot written");
    assert!(
        bytes.starts_with(b"\x89PNG") && bytes.len() > 10_000,
        "a real picture"
    );
    png
}

fn browser_dom(page: &Path) -> Html {
    Html::parse_document(&run_chromium(page, &["--dump-dom".to_owned()]))
}

#[test]
fn browser_renders_the_seed_report() {
    let page = html_file(SEED, "report.html");
    let doc = browser_dom(&page);
    assert_accessible_and_self_contained(&doc);
    assert_eq!(
        texts(&doc, "h1"),
        ["Leicester City Council — CPA Improvement Plan and Strategic Action Plan (2003)"]
    );
    assert_eq!(texts(&doc, ".asat time"), ["1 May 2004"]);
    let tiles: Vec<String> = texts(&doc, ".tiles li")
        .iter()
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(
        tiles,
        [
            "8 Overdue",
            "0 Due soon",
            "14 On track",
            "1 Ongoing",
            "38 No date",
            "0 Done",
            "0 Dropped"
        ]
    );
    // Exceptions: 8 overdue, latest first, then the 38 undated.
    let rows = doc.select(&sel("#exceptions-table tbody tr")).count();
    assert_eq!(rows, 46);
    let statuses = texts(&doc, "#exceptions-table tbody td[data-label=Status]");
    assert_eq!(statuses.iter().filter(|s| *s == "Overdue").count(), 8);
    assert_eq!(statuses.iter().filter(|s| *s == "No date").count(), 38);
    assert_eq!(
        texts(&doc, "#exceptions-table tbody tr:first-child th"),
        ["cc-1"]
    );
    assert_eq!(
        texts(&doc, "#exceptions-table tbody tr:first-child td.num"),
        ["367"]
    );
    // Every action appears once in the priority tables, with a status label.
    let action_rows = doc.select(&sel("table.actions tbody tr")).count();
    assert_eq!(action_rows, 61);
    let labels = texts(&doc, "table.actions tbody .badge");
    assert_eq!(labels.len(), 61);
    for (label, n) in [
        ("Overdue", 8),
        ("On track", 14),
        ("Ongoing", 1),
        ("No date", 38),
    ] {
        assert_eq!(labels.iter().filter(|l| *l == label).count(), n, "{label}");
    }
    assert_eq!(texts(&doc, "#a-si-3 .badge"), ["Ongoing"]);
    // Owner roll-up: one row per named role, and a total that adds up.
    assert_eq!(doc.select(&sel("#owners-table tbody tr")).count(), 6);
    assert_eq!(texts(&doc, "#owners-table tfoot td")[0], "61");
    // Nesting: the ten CPA areas are inside the CPA Outcomes section.
    assert_eq!(doc.select(&sel("#p-cpa section.priority")).count(), 10);
    assert_eq!(doc.select(&sel("#p-cpa-edu h4")).count(), 1);

    let wide = screenshot(&page, "report.png", 1280, 2000);
    let phone = screenshot(&page, "report-phone.png", 390, 2400);
    eprintln!("screenshots: {} {}", wide.display(), phone.display());
}

#[test]
fn browser_shows_hostile_text_as_text() {
    let page = html_file(HOSTILE, "report-hostile.html");
    let doc = browser_dom(&page);
    assert_accessible_and_self_contained(&doc);
    // The titles arrive as text, exactly as written in the plan.
    assert_eq!(
        texts(&doc, "h1"),
        ["Hostile <Council> & \"Friends\" | Plan"]
    );
    let title_of = |id: &str| {
        doc.select(&sel(&format!("#a-{id} td.title")))
            .next()
            .unwrap()
            .text()
            .next()
            .unwrap()
            .to_owned()
    };
    assert_eq!(title_of("h-1"), "<script>alert(1)</script>");
    assert_eq!(title_of("h-2"), "\"quotes\" & 'apostrophes' | pipe");
    assert_eq!(
        title_of("h-3"),
        "&amp; <b>bold</b> *stars* [link](http://example.invalid)"
    );
    assert_eq!(title_of("h-sub-1"), "Done thing </td></tr></table>");
    assert_eq!(
        doc.select(&sel("b, img")).count(),
        0,
        "no element from plan text"
    );
    // Rows and statuses: all seven statuses, each labelled.
    assert_eq!(doc.select(&sel("table.actions tbody tr")).count(), 9);
    let labels = texts(&doc, "table.actions tbody .badge");
    assert_eq!(
        labels,
        [
            "Overdue", "Due soon", "On track", "On track", "Ongoing", "No date", "Done", "Dropped",
            "No date"
        ]
    );
    assert_eq!(doc.select(&sel("#exceptions-table tbody tr")).count(), 3);
    assert_eq!(
        doc.select(&sel("#p-h #p-h-sub h4")).count(),
        1,
        "nested priority nested"
    );
    screenshot(&page, "report-hostile.png", 1280, 2000);
}

#[test]
fn readme_and_docs_report_example_is_current() {
    let md = report(SEED, &[]);
    let real: String = md
        .lines()
        .skip_while(|l| *l != "## Summary")
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| format!("{l}\n"))
        .collect();
    for doc in ["README.md", "docs/report.md"] {
        let text =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(doc)).unwrap();
        assert!(
            text.contains(&real),
            "{doc}'s report summary is stale:\n{real}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// One monitoring cycle in a temporary git repository: a committee on 1 March 2004 (tagged),
// then a slip, updates, a completion, and the report for the next committee.

const CYCLE: &str = r#"[priority]
id = "hs"
title = "Housing"
owners = ["Director of Housing"]

[[action]]
id = "hs-1"
title = "Repair council homes"
due = "April 2004"

[[action]]
id = "hs-2"
title = "Let empty homes"
due = "March 2004"

[[action]]
id = "hs-3"
title = "Survey tenants"
due = "2004-Q4"
"#;

/// The cycle's repository, after the officer's commands; returns the plan folder.
fn cycle() -> (common::TestPlan, PathBuf) {
    let plan = common::TestPlan::new();
    plan.write("housing.toml", CYCLE);
    plan.git()
        .commit("Plan agreed", "2004-03-01")
        .tag("committee-1");
    let dir = plan.plan_dir();
    let run = |args: &[&str]| {
        stdout(
            common::plan_cmd()
                .arg("--plan")
                .arg(&dir)
                .args(["--today", AS_AT])
                .args(args),
        )
    };
    run(&["set", "hs-1", "--due", "June 2004", "--commit"]);
    run(&["set", "hs-1", "--due", "September 2004", "--commit"]);
    run(&[
        "done",
        "hs-2",
        "--on",
        "2004-04-12",
        "--note",
        "All void homes let",
    ]);
    run(&[
        "update",
        "hs-1",
        "Contractor appointed",
        "--rag",
        "amber",
        "--percent",
        "40",
        "--on",
        "2004-04-20",
    ]);
    run(&[
        "update",
        "hs-3",
        "Questionnaire drafted",
        "--rag",
        "green",
        "--on",
        "2004-04-25",
    ]);
    run(&["set", "hs-3", "--status", "in-progress"]);
    run(&["set", "hs-3", "--due", "March 2004"]);
    (plan, dir)
}

fn cycle_report(dir: &Path, args: &[&str]) -> String {
    stdout(
        common::plan_cmd()
            .arg("--plan")
            .arg(dir)
            .args(["--today", AS_AT, "report", "--since", "committee-1"])
            .args(args),
    )
}

#[test]
fn cycle_report_in_markdown() {
    let (_keep, dir) = cycle();
    let md = cycle_report(&dir, &["--format", "markdown"]);
    let changes = md_section(&md, "## Changes since committee-1");
    let items: Vec<&str> = changes
        .iter()
        .copied()
        .filter(|l| l.starts_with("- ") || l.starts_with("**"))
        .collect();
    assert_eq!(
        items,
        [
            "**Done** (1)",
            "- hs-2 Let empty homes — planned → done on 2004-04-12",
            "**Slipped** (1)",
            "- hs-1 Repair council homes — slipped by 5 months (April 2004 → September 2004)",
            "**Brought forward** (1)",
            "- hs-3 Survey tenants — brought forward by 9 months (2004-Q4 → March 2004)",
            "**Started or paused** (1)",
            "- hs-3 Survey tenants — planned → in-progress",
            "**New progress updates** (3)",
            "- hs-1 Repair council homes — 2004-04-20 (amber, 40%): Contractor appointed",
            "- hs-2 Let empty homes — 2004-04-12: All void homes let",
            "- hs-3 Survey tenants — 2004-04-25 (green): Questionnaire drafted",
        ]
    );
    let rows = md_rows(&md_section(&md, "### hs — Housing"));
    let cells: Vec<Vec<String>> = rows.iter().map(|r| md_cells(r)).collect();
    assert_eq!(
        cells[0][3..],
        [
            "September 2004 (originally April 2004 — moved twice, 5 months in all)",
            "30 Sep 2004",
            // The owner's amber against dates that say on track is a conflict too.
            "🟢 On track · ⚠ owner reports amber",
            "20 Apr 2004 · 🟠 amber, 40% · Contractor appointed",
        ]
    );
    assert_eq!(
        cells[1][3..],
        [
            "March 2004",
            "31 Mar 2004",
            "Done on 12 Apr 2004, completed 12 days late",
            "12 Apr 2004 · All void homes let",
        ]
    );
    assert_eq!(
        cells[2][3..],
        [
            // Moved in the working tree, not yet committed: history and the files both count.
            "March 2004 (originally 2004-Q4 — moved once, 9 months earlier in all)",
            "31 Mar 2004",
            "🔴 Overdue (31 days late) · in progress · ⚠ owner reports green",
            "25 Apr 2004 · 🟢 green · Questionnaire drafted",
        ]
    );
}

/// The "originally …" column of the cycle's rows, in markdown.
fn origins_column(dir: &Path, args: &[&str]) -> Vec<String> {
    let md = stdout(
        common::plan_cmd()
            .arg("--plan")
            .arg(dir)
            .args(["--today", AS_AT])
            .args(args)
            .args(["report", "--format", "markdown"]),
    );
    let rows = md_rows(&md_section(&md, "### hs — Housing"));
    rows.iter().map(|r| md_cells(r)[3].clone()).collect()
}

/// With everything committed, the newest commit is the plan reported and is not loaded again
/// (nor for `--rev`, which is that commit): the due dates' history must read the same.
#[test]
fn due_date_history_is_the_same_from_a_clean_tree_and_a_revision() {
    let (keep, dir) = cycle();
    let moved = [
        "September 2004 (originally April 2004 — moved twice, 5 months in all)",
        "March 2004",
        "March 2004 (originally 2004-Q4 — moved once, 9 months earlier in all)",
    ];
    assert_eq!(origins_column(&dir, &[]), moved, "uncommitted change");
    GitRepo::open(keep.root()).commit("Cycle recorded", "2004-03-01");
    assert_eq!(origins_column(&dir, &[]), moved, "clean tree");
    assert_eq!(
        origins_column(&dir, &["--rev", "HEAD"]),
        moved,
        "--rev HEAD"
    );
    // One commit back, hs-3 had not moved yet.
    let before = origins_column(&dir, &["--rev", "HEAD~1"]);
    assert_eq!(before[0], moved[0]);
    assert_eq!(before[2], "2004-Q4");
    // An untracked file makes the tree differ from HEAD: history is read in full again.
    keep.write("notes.toml", "[priority]\nid = \"n\"\ntitle = \"Notes\"\n");
    assert_eq!(origins_column(&dir, &[]), moved, "untracked file");
    // A date committed, then changed again in the working tree: the commit's own date is a
    // move of its own, so that commit must still be read.
    let set = |due: &str, commit: bool| {
        let mut cmd = common::plan_cmd();
        cmd.arg("--plan").arg(&dir).args(["--today", AS_AT]);
        cmd.args(["set", "hs-1", "--due", due]);
        if commit {
            cmd.arg("--commit");
        }
        stdout(&mut cmd);
    };
    set("December 2004", true);
    set("January 2005", false);
    assert_eq!(
        origins_column(&dir, &[])[0],
        "January 2005 (originally April 2004 — moved 4 times, 9 months in all)"
    );
}

/// A read command leaves the repository as it was. The report asks git whether the plan
/// folder is clean; plain `git status` would then refresh git's index (a write, which fails
/// in a read-only repository or under a file size limit).
#[test]
fn the_report_does_not_write_to_the_repository() {
    let (keep, dir) = cycle();
    GitRepo::open(keep.root()).commit("Cycle recorded", "2004-03-01");
    // An index older than the files makes every entry "racily clean": `git status` would
    // look at the files again and write the index back.
    let index = keep.root().join(".git").join("index");
    let long_ago = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(946_684_800);
    let file = std::fs::File::options().write(true).open(&index).unwrap();
    file.set_modified(long_ago).unwrap();
    drop(file);
    let before = std::fs::read(&index).unwrap();
    let moved = origins_column(&dir, &[]);
    assert_eq!(
        moved[0],
        "September 2004 (originally April 2004 — moved twice, 5 months in all)"
    );
    let after = std::fs::metadata(&index).unwrap();
    assert_eq!(after.modified().unwrap(), long_ago, "the index was written");
    assert_eq!(std::fs::read(&index).unwrap(), before);
}

#[test]
fn cycle_report_in_csv() {
    let (_keep, dir) = cycle();
    let csv = cycle_report(&dir, &["--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().skip(17).map(str::to_owned).collect())
        .collect();
    assert_eq!(
        rows,
        [
            [
                "2004-04-20",
                "amber",
                "40",
                "Contractor appointed",
                "",
                "",
                "yes",
                "April 2004",
                "2"
            ],
            [
                "2004-04-12",
                "",
                "",
                "All void homes let",
                "2004-04-12",
                "12",
                "",
                "",
                ""
            ],
            [
                "2004-04-25",
                "green",
                "",
                "Questionnaire drafted",
                "",
                "",
                "yes",
                "2004-Q4",
                "1"
            ],
        ]
    );
}

#[test]
fn browser_shows_the_cycle() {
    let (_keep, dir) = cycle();
    let page = screenshots_dir().join("report-cycle.html");
    cycle_report(&dir, &["-o", page.to_str().unwrap()]);
    let doc = browser_dom(&page);
    assert_eq!(texts(&doc, "#changes-h"), ["Changes since committee-1"]);
    let kinds: Vec<String> = doc
        .select(&sel("#changes ul.changes"))
        .map(|ul| ul.value().attr("data-change").unwrap().to_owned())
        .collect();
    assert_eq!(
        kinds,
        ["done", "slipped", "brought-forward", "progress", "updated"]
    );
    let norm = |v: Vec<String>| -> Vec<String> {
        v.iter()
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect()
    };
    assert_eq!(
        norm(texts(&doc, "#a-hs-1 td.update")),
        ["20 Apr 2004 amber 40% Contractor appointed"]
    );
    assert_eq!(texts(&doc, "#a-hs-1 .rag"), ["amber"]);
    assert_eq!(
        texts(&doc, "#a-hs-1 .origin"),
        ["originally April 2004 — moved twice, 5 months in all"]
    );
    assert_eq!(texts(&doc, "#a-hs-2 .doneon"), ["on 12 Apr 2004"]);
    assert_eq!(texts(&doc, "#a-hs-2 .late"), ["completed 12 days late"]);
    assert_eq!(texts(&doc, "#a-hs-3 .progress"), ["In progress"]);
    assert_eq!(texts(&doc, "#a-hs-3 .conflict"), ["⚠ Owner reports green"]);
    assert_eq!(texts(&doc, "#a-hs-1 .conflict"), ["⚠ Owner reports amber"]);
    // hs-3 is overdue (and rated green); hs-1 is rated amber, so it is an exception too.
    assert_eq!(
        texts(&doc, "#exceptions-table .conflict"),
        ["⚠ Owner reports green", "⚠ Owner reports amber"]
    );
    assert_accessible_and_self_contained(&doc);
}
