//! Output that is safe wherever it lands, and the same every time.
//!
//! Plan text is written by many hands and pasted from committee papers: whatever it contains,
//! no output may drive a terminal (ANSI escapes, BEL, CR, bidi overrides), run as a spreadsheet
//! formula, break a Markdown table or be invalid JSON. And the same plan gives the same bytes
//! on every run and with any number of loader threads.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

mod common;

const TODAY: &str = "2004-06-01";

/// Characters that must never reach a terminal raw.
const RAW_DANGER: [char; 6] = ['\x1b', '\x07', '\r', '\x08', '\u{9b}', '\u{202E}'];

fn write(plan: &Path, relative: &str, text: impl AsRef<[u8]>) {
    let path = plan.join(relative);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// A plan whose text is hostile: escapes written as TOML `\u` escapes, so the file itself
/// is valid and the hostile characters reach the model.
fn hostile_plan() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let plan = tmp.path().join("plan");
    write(
        &plan,
        "plan.toml",
        "title = \"Plan \\u001b]0;owned\\u0007\"\norganisation = \"Council\"\n",
    );
    write(
        &plan,
        "owners.toml",
        "[[role]]\nname = \"Chief Executive\"\n\n[[role]]\nname = \"Head \\u001b[31mof\\u001b[0m Parks\"\n",
    );
    write(
        &plan,
        "a/01.toml",
        r#"[priority]
id = "p"
title = "Pipes | and\nnewlines"
owners = ["Chief Executive"]
due = "2005"

[[action]]
id = "p-1"
title = "\u001b[2J\u001b[31mred\u0007 \r overwritten \u0008\u0008 \u202Eevil"
due = "April 2004"

[[action]]
id = "p-2"
title = "=HYPERLINK(\"http://x\",\"click\")"
owners = ["Head \u001b[31mof\u001b[0m Parks"]

[[action]]
id = "p-3"
title = "+1 -1 @SUM(A1)"
source = "-2+3"

[[action]]
id = "p-4"
title = "@SUM(A1:A9)"
due_note = "\u009b31m CSI"
"#,
    );
    (tmp, plan)
}

fn run(plan: &Path, args: &[&str]) -> Output {
    common::plan_cmd()
        .arg("--plan")
        .arg(plan)
        .args(["--today", TODAY])
        .args(args)
        .output()
        .unwrap()
}

fn assert_inert(what: &str, bytes: &[u8]) {
    let text =
        String::from_utf8(bytes.to_vec()).unwrap_or_else(|_| panic!("{what}: output is not UTF-8"));
    for c in RAW_DANGER {
        assert!(
            !text.contains(c),
            "{what}: raw {c:?} in output:\n{}",
            text.escape_debug()
        );
    }
}

#[test]
fn tables_and_human_output_show_control_characters_escaped() {
    let (_tmp, plan) = hostile_plan();
    for args in [
        &["--format", "table", "list", "--all"][..],
        &["--format", "table", "owner", "Chief Executive"],
        &["--format", "table", "owners"],
        &["--format", "table", "priorities"],
        &["--format", "table", "show", "p-1"],
        &["--format", "table", "show", "p-4"],
        &["--format", "table", "show", "p"],
        &["--format", "markdown", "list", "--all"],
        &["--format", "csv", "list", "--all"],
        &["check"],
        &["check", "--format", "github"],
        &["--color", "always", "check"],
        &["--color", "always", "--format", "table", "list", "--all"],
    ] {
        let output = run(&plan, args);
        let what = format!("plan {}", args.join(" "));
        assert!(
            matches!(output.status.code(), Some(0 | 1)),
            "{what}: {output:?}"
        );
        if !args.contains(&"always") {
            assert_inert(&what, &output.stdout);
        }
        assert_inert(&format!("{what} (stderr)"), &output.stderr);
    }
    let table = run(&plan, &["--format", "table", "list", "--all"]);
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(table.contains("\\u{1b}[2J"), "{table}");
    assert!(table.contains("\\u{202e}evil"), "{table}");
}

#[test]
fn colour_output_only_has_our_own_escapes() {
    // With --color always the table may contain SGR colour codes, but the plan's own ESC
    // characters must still be escaped: the only raw ESCs are followed by our `[..m`.
    let (_tmp, plan) = hostile_plan();
    let output = run(
        &plan,
        &["--color", "always", "--format", "table", "list", "--all"],
    );
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        !text.contains("\x1b[2J") && !text.contains("\x1b]0;"),
        "{text:?}"
    );
    assert!(!text.contains('\x07') && !text.contains('\u{202E}'));
}

#[test]
fn unknown_owner_error_escapes_roster_names_it_suggests() {
    let (_tmp, plan) = hostile_plan();
    let output = run(&plan, &["owner", "Head of Parks"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr.clone()).unwrap();
    assert!(stderr.contains("did you mean"), "{stderr}");
    assert_inert("plan owner (stderr)", &output.stderr);
}

#[test]
fn csv_neutralises_formulas() {
    let (_tmp, plan) = hostile_plan();
    let output = run(&plan, &["--format", "csv", "list", "--all"]);
    assert_eq!(output.status.code(), Some(0));
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    let titles: Vec<String> = reader
        .records()
        .map(|r| r.unwrap().get(1).unwrap().to_owned())
        .collect();
    assert!(
        titles.contains(&"'=HYPERLINK(\"http://x\",\"click\")".to_owned()),
        "{titles:?}"
    );
    assert!(titles.contains(&"'+1 -1 @SUM(A1)".to_owned()), "{titles:?}");
    assert!(titles.contains(&"'@SUM(A1:A9)".to_owned()), "{titles:?}");
    for title in &titles {
        assert!(
            !title.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "formula-like cell {title:?}"
        );
    }
}

#[test]
fn markdown_escapes_pipes_and_newlines() {
    let (_tmp, plan) = hostile_plan();
    let output = run(&plan, &["--format", "markdown", "priorities"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("Pipes \\| and<br>newlines"), "{text}");
    // Every table row has the header's number of cells: no pipe or newline broke one.
    let rows: Vec<&str> = text.lines().filter(|l| l.starts_with('|')).collect();
    let cells = |row: &str| row.replace("\\|", "").matches('|').count();
    assert!(rows.len() >= 3, "{text}");
    assert!(rows.iter().all(|r| cells(r) == cells(rows[0])), "{text}");

    let list = run(&plan, &["--format", "markdown", "list", "--all"]);
    let text = String::from_utf8(list.stdout).unwrap();
    let rows: Vec<&str> = text.lines().filter(|l| l.starts_with('|')).collect();
    assert_eq!(rows.len(), 2 + 4, "header, rule, four actions:\n{text}");
    assert!(rows.iter().all(|r| cells(r) == cells(rows[0])), "{text}");
}

#[test]
fn json_is_valid_and_keeps_text_exactly() {
    let (_tmp, plan) = hostile_plan();
    for args in [
        &["--format", "json", "list", "--all"][..],
        &["--format", "json", "owner", "Chief Executive"],
        &["check", "--format", "json"],
    ] {
        let output = run(&plan, args);
        let value: serde_json::Value = serde_json::from_slice(&output.stdout)
            .unwrap_or_else(|e| panic!("plan {}: invalid JSON: {e}", args.join(" ")));
        assert!(value.is_array());
    }
    let output = run(&plan, &["--format", "json", "list", "--all"]);
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let title = value[0]["title"].as_str().unwrap();
    // JSON is for programs: the text is kept exactly, and JSON's own escaping makes it inert.
    assert!(title.starts_with("\u{1b}[2J"), "{title:?}");
    assert!(!String::from_utf8(output.stdout).unwrap().contains('\x1b'));
}

#[test]
fn file_names_with_control_characters_are_shown_escaped() {
    let (_tmp, plan) = hostile_plan();
    write(
        &plan,
        "a/\x1b[31mred\nname.toml",
        "[priority]\nid = \"q\"\ntitle = 5\n",
    );
    for args in [&["check"][..], &["check", "--format", "github"], &["list"]] {
        let output = run(&plan, args);
        let what = format!("plan {}", args.join(" "));
        assert_inert(&what, &output.stdout);
        assert_inert(&what, &output.stderr);
        let text = String::from_utf8_lossy(&output.stdout).to_string()
            + &String::from_utf8_lossy(&output.stderr);
        assert!(
            text.contains("a/\\u{1b}[31mred\\nname.toml"),
            "{what}:\n{text}"
        );
    }
    let json = run(&plan, &["check", "--format", "json"]);
    serde_json::from_slice::<serde_json::Value>(&json.stdout).expect("valid JSON");
}

/// A plan big enough that its output overflows a pipe buffer, so the reader really does
/// go away before the writer has finished.
fn big_plan() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let plan = tmp.path().join("plan");
    write(
        &plan,
        "plan.toml",
        "title = \"Big\"\norganisation = \"Council\"\n",
    );
    write(
        &plan,
        "owners.toml",
        "[[role]]\nname = \"Chief Executive\"\n",
    );
    for file in 0..20 {
        let mut text = format!(
            "[priority]\nid = \"p{file}\"\ntitle = \"Priority {file}\"\nowners = [\"Chief Executive\"]\ndue = \"2005/06\"\n"
        );
        for action in 0..200 {
            text += &format!(
                "\n[[action]]\nid = \"p{file}-{action}\"\ntitle = \"Action {action} of priority {file}, with a title long enough to fill the pipe\"\n"
            );
        }
        write(&plan, &format!("a/{file:02}.toml"), text);
    }
    (tmp, plan)
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    let (_tmp, plan) = big_plan();
    for format in ["table", "json", "csv", "markdown"] {
        let mut child = common::plan_process()
            .arg("--plan")
            .arg(&plan)
            .args(["--today", TODAY, "--format", format, "list"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        // stdout is dropped here: like `plan list | head -1`.
        let output = child.wait_with_output().unwrap();
        assert!(!first.is_empty());
        assert_eq!(
            output.status.code(),
            Some(0),
            "--format {format}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(
            output.stderr.is_empty(),
            "--format {format}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// A plan with many files, errors and warnings, so order matters everywhere.
fn busy_plan() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let plan = tmp.path().join("plan");
    write(
        &plan,
        "plan.toml",
        "title = \"Busy\"\norganisation = \"Council\"\n",
    );
    write(
        &plan,
        "owners.toml",
        "[[role]]\nname = \"Chief Executive\"\n",
    );
    for file in 0..5 {
        let mut text = format!(
            "[priority]\nid = \"p{file}\"\ntitle = \"Priority {file}\"\nowners = [\"Chief Executive\"]\n"
        );
        for action in 0..20 {
            text += &format!(
                "\n[[action]]\nid = \"p{file}-{action}\"\ntitle = \"Action {action}\"\ndue = \"{}\"\n",
                [
                    "2004-02-29",
                    "April 2004",
                    "2005/06",
                    "Q3 2004",
                    "continuous"
                ][action % 5]
            );
        }
        write(&plan, &format!("a/{file:02}.toml"), text);
    }
    for file in 0..12 {
        write(
            &plan,
            &format!("b/{}/x{file}.toml", file % 3),
            format!(
                "[priority]\nid = \"b{file}\"\ntitle = \"B {file}\"\nparent = \"p{}\"\ndue = \"{}\"\n\n[[action]]\nid = \"p{file}-1\"\ntitle = \"clash\"\nowners = [\"Cheif Executive\"]\n",
                file % 5,
                ["Febuary 2005", "2004-Q2", "continuous", "2005/04"][file % 4]
            ),
        );
    }
    (tmp, plan)
}

fn output_with_threads(plan: &Path, threads: &str, args: &[&str]) -> Output {
    common::plan_cmd()
        .arg("--plan")
        .arg(plan)
        .args(["--today", TODAY, "--color", "never"])
        .args(args)
        .env("RAYON_NUM_THREADS", threads)
        .output()
        .unwrap()
}

/// The same plan gives byte-identical output on every run and with 1 or 4 loader threads
/// (`RAYON_NUM_THREADS` sizes the pool the loader parses files on).
#[test]
fn output_is_byte_identical_across_runs_and_thread_counts() {
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("plan");
    let (_busy_tmp, busy) = busy_plan();
    let cases: Vec<(&Path, Vec<&str>)> = vec![
        (&seed, vec!["--format", "json", "list", "--all"]),
        (&seed, vec!["--format", "table", "list", "--all"]),
        (&seed, vec!["--format", "csv", "list", "--all"]),
        (&seed, vec!["--format", "markdown", "owners"]),
        (&seed, vec!["--format", "markdown", "priorities"]),
        (&seed, vec!["check"]),
        (&seed, vec!["check", "--format", "json"]),
        (&busy, vec!["check"]),
        (&busy, vec!["check", "--format", "json"]),
        (&busy, vec!["--format", "json", "list", "--all"]),
    ];
    for (plan, args) in cases {
        let first = output_with_threads(plan, "1", &args);
        for threads in ["1", "4", "4"] {
            let again = output_with_threads(plan, threads, &args);
            assert_eq!(first.status.code(), again.status.code());
            assert!(
                first.stdout == again.stdout && first.stderr == again.stderr,
                "plan {} differs with {threads} threads",
                args.join(" ")
            );
        }
    }
}
