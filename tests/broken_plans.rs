//! A catalogue of broken plans. Each case starts from a small valid plan folder, breaks it one
//! way, and pins what `plan check` and `plan list` say about it: the exit code and the key text
//! (rule name, file:line:column, the quoted offending value). Each case is its own test (in
//! `mod case`); `no_case_panics` runs every case through more commands and fails if any of
//! them panicked or exited with a code that is not 0, 1 or 2.
//!
//! Cases are built in temporary folders in code, so the awkward ones (invalid UTF-8, NUL bytes,
//! a 50 MiB file, symlinks, a FIFO, an unreadable file) need no checked-in fixtures.

use std::fs;
use std::path::Path;
use std::process::Output;

mod common;

const TODAY: &str = "2004-01-01";

const PLAN_TOML: &str =
    "title = \"Test plan\"\norganisation = \"Test Council\"\nfinancial_year_start = 4\n";

const OWNERS_TOML: &str = r#"[[role]]
name = "Chief Executive"

[[role]]
name = "Assistant Chief Executive"

[[role]]
name = "Corporate Directors"

[[role]]
name = "Director of Housing"
member_of = ["Corporate Directors"]

[[role]]
name = "Leader"
aliases = ["Leader of the Council"]

[[role]]
name = "Directeur Général"
"#;

/// The valid priority file every case starts with (`plan/area/01-housing.toml`).
const HOUSING: &str = r#"[priority]
id = "housing"
title = "Decent homes"
owners = ["Director of Housing"]
due = "2005/06"

[[action]]
id = "housing-1"
title = "Survey the housing stock"
due = "April 2004"

[[action]]
id = "housing-2"
title = "Let repair contracts"
owners = ["Chief Executive"]
due = "2005-Q1"
status = "in-progress"
"#;

/// The file most cases put their broken text in.
const CASE_FILE: &str = "area/02-case.toml";
/// How it is named in messages: relative to the plan folder's parent.
const SHOWN: &str = "plan/area/02-case.toml";

/// What one command should do: exit code, and text its stdout+stderr must contain.
struct Expect {
    code: i32,
    contains: &'static [&'static str],
}

struct Case {
    name: &'static str,
    /// Breaks the valid plan folder it is given.
    build: fn(&Path),
    check: Expect,
    list: Expect,
}

fn write(plan: &Path, relative: &str, bytes: impl AsRef<[u8]>) {
    let path = plan.join(relative);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

fn case_file(plan: &Path, text: impl AsRef<[u8]>) {
    write(plan, CASE_FILE, text);
}

/// A priority file with one action whose `due` is `due`.
fn action_due(plan: &Path, due: &str) {
    case_file(
        plan,
        format!(
            "[priority]\nid = \"roads\"\ntitle = \"Roads\"\nowners = [\"Leader\"]\n\n[[action]]\nid = \"roads-1\"\ntitle = \"Resurface\"\ndue = \"{due}\"\n"
        ),
    );
}

/// A valid plan in a fresh temporary folder; returns (temp guard, plan folder).
fn valid_plan() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let plan = tmp.path().join("plan");
    write(&plan, "plan.toml", PLAN_TOML);
    write(&plan, "owners.toml", OWNERS_TOML);
    write(&plan, "area/01-housing.toml", HOUSING);
    (tmp, plan)
}

fn plan_cmd(plan: &Path, args: &[&str]) -> Output {
    common::plan_cmd()
        .arg("--plan")
        .arg(plan)
        .args(["--today", TODAY, "--color", "never"])
        .args(args)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap()
}

fn text_of(output: &Output) -> String {
    format!(
        "--- stdout\n{}\n--- stderr\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Runs `check` and `list` on the case; returns a list of mismatches (empty when it passes).
fn run_case(case: &Case) -> Vec<String> {
    let (_tmp, plan) = valid_plan();
    (case.build)(&plan);
    let mut problems = Vec::new();
    for (command, expect) in [("check", &case.check), ("list", &case.list)] {
        let output = plan_cmd(&plan, &[command]);
        let text = text_of(&output);
        if output.status.code() != Some(expect.code) {
            problems.push(format!(
                "{}: `plan {command}` exited {:?}, expected {}\n{text}",
                case.name,
                output.status.code(),
                expect.code
            ));
        }
        for wanted in expect.contains {
            if !text.contains(wanted) {
                problems.push(format!(
                    "{}: `plan {command}` output lacks {wanted:?}\n{text}",
                    case.name
                ));
            }
        }
        for bad in ["panicked", "RUST_BACKTRACE"] {
            if text.contains(bad) {
                problems.push(format!("{}: `plan {command}` panicked\n{text}", case.name));
            }
        }
    }
    problems
}

/// `list` answers around a problem confined to one item, and says where to look.
const DEGRADED: &str = "shown marked in the answer; run `plan check` for the details";

/// `list` refuses a plan with blocking errors: its diagnostics, then this.
const REFUSED: &str = "nothing is reported until they are fixed";

macro_rules! catalogue {
    ($( $name:ident: $build:expr,
        check => $check_code:literal [$($check_text:expr),* $(,)?],
        list => $list_code:literal [$($list_text:expr),* $(,)?]; )*) => {
        const CASES: &[Case] = &[$(Case {
            name: stringify!($name),
            build: $build,
            check: Expect { code: $check_code, contains: &[$($check_text),*] },
            list: Expect { code: $list_code, contains: &[$($list_text),*] },
        }),*];

        mod case {
            $(#[test]
            fn $name() {
                let case = super::CASES.iter().find(|c| c.name == stringify!($name)).unwrap();
                let problems = super::run_case(case);
                assert!(problems.is_empty(), "{}", problems.join("\n\n"));
            })*
        }
    };
}

catalogue! {
    baseline_is_valid: |_| {},
        check => 0 ["ok: 0 errors, 0 warnings; 3 files checked"],
        list => 0 ["housing-1", "housing-2", "2 actions, 0 overdue"];

    empty_file: |p| case_file(p, ""),
        check => 1 ["error[missing-field]: this file has no [priority] table", "plan/area/02-case.toml"],
        list => 2 ["error[missing-field]", REFUSED];

    only_comments: |p| case_file(p, "# a priority will go here\n\n# and its actions\n"),
        check => 1 ["error[missing-field]: this file has no [priority] table", SHOWN],
        list => 2 ["error[missing-field]", REFUSED];

    utf8_bom_is_accepted: |p| case_file(p, format!("\u{FEFF}{}", HOUSING.replace("housing", "parks"))),
        check => 0 ["ok: 0 errors"],
        list => 0 ["parks-1", "4 actions"];

    bom_does_not_shift_columns: |p| case_file(p, "\u{FEFF}[priority]\nid = \"parks\"\ntitle = 5\n"),
        check => 1 ["error[wrong-type]", "plan/area/02-case.toml:3:9"],
        list => 2 ["wrong-type"];

    crlf_line_endings_are_accepted: |p| case_file(p, HOUSING.replace("housing", "parks").replace('\n', "\r\n")),
        check => 0 ["ok: 0 errors"],
        list => 0 ["parks-2", "4 actions"];

    crlf_errors_have_the_right_line: |p| case_file(p, "[priority]\r\nid = \"parks\"\r\ntitle = \"Parks\"\r\nowners = [\"Leader\"]\r\n\r\n[[action]]\r\nid = \"parks-1\"\r\ntitle = \"Mow\"\r\ndue = \"Febuary 2005\"\r\n"),
        check => 1 ["error[bad-date]", "plan/area/02-case.toml:9:7", "Febuary 2005"],
        list => 0 ["warning[bad-date]", "plan/area/02-case.toml:9:7", DEGRADED];

    invalid_utf8: |p| case_file(p, b"[priority]\nid = \"caf\xE9\"\ntitle = \"x\"\n"),
        check => 1 ["error[parse]", "not valid UTF-8 (byte 20", SHOWN],
        list => 2 ["error[parse]", REFUSED];

    nul_byte_in_a_string: |p| case_file(p, b"[priority]\nid = \"pa\0rks\"\ntitle = \"Parks\"\n"),
        check => 1 ["error[parse]", "plan/area/02-case.toml:2:"],
        list => 2 ["error[parse]"];

    nul_byte_in_a_comment: |p| case_file(p, b"# \0\n[priority]\nid = \"parks\"\ntitle = \"Parks\"\n"),
        check => 1 ["error[parse]", "plan/area/02-case.toml:1:"],
        list => 2 ["error[parse]"];

    file_of_50_mib_is_refused_unread: |p| {
        let file = fs::File::create(p.join(CASE_FILE)).unwrap();
        file.set_len(50 * 1024 * 1024).unwrap();
    },
        check => 1 ["error[io]", "plan/area/02-case.toml: file is larger than 8 MiB; refused unread"],
        list => 2 ["error[io]", "larger than 8 MiB", REFUSED];

    deeply_nested_inline_tables: |p| {
        let depth = 20_000;
        case_file(p, format!("[priority]\nid = \"parks\"\ntitle = \"Parks\"\nx = {}1{}\n", "{ a = ".repeat(depth), " }".repeat(depth)));
    },
        check => 1 ["error[parse]", "cannot recurse further; max recursion depth met", "plan/area/02-case.toml:4:"],
        list => 2 ["error[parse]"];

    deeply_nested_arrays: |p| {
        let depth = 100_000;
        case_file(p, format!("[priority]\nid = \"parks\"\ntitle = \"Parks\"\nx = {}{}\n", "[".repeat(depth), "]".repeat(depth)));
    },
        check => 1 ["error[parse]", "cannot recurse further; max recursion depth met", "plan/area/02-case.toml:4:"],
        list => 2 ["error[parse]"];

    very_long_dotted_table_header: |p| {
        case_file(p, format!("[priority]\nid = \"parks\"\ntitle = \"Parks\"\n[{}]\n", vec!["a"; 20_000].join(".")));
    },
        check => 1 ["error[parse]: recursion limit", SHOWN],
        list => 2 [REFUSED];

    duplicate_key: |p| case_file(p, "[priority]\nid = \"parks\"\nid = \"gardens\"\ntitle = \"Parks\"\n"),
        check => 1 ["error[parse]", "duplicate key", "plan/area/02-case.toml:3:1"],
        list => 2 ["error[parse]"];

    duplicate_priority_table: |p| case_file(p, "[priority]\nid = \"parks\"\ntitle = \"Parks\"\n\n[priority]\nid = \"gardens\"\ntitle = \"Gardens\"\n"),
        check => 1 ["error[parse]", "plan/area/02-case.toml:5:"],
        list => 2 ["error[parse]"];

    wrong_type_title: |p| case_file(p, "[priority]\nid = \"parks\"\ntitle = 5\n"),
        check => 1 ["error[wrong-type]", "invalid type: integer `5`, expected a string", "plan/area/02-case.toml:3:9"],
        list => 2 ["wrong-type"];

    wrong_type_owners_string: |p| case_file(p, "[priority]\nid = \"parks\"\ntitle = \"Parks\"\nowners = \"Leader\"\n"),
        check => 1 ["error[wrong-type]", "expected a sequence", "plan/area/02-case.toml:4:10"],
        list => 2 ["wrong-type"];

    wrong_type_due_integer: |p| case_file(p, "[priority]\nid = \"parks\"\ntitle = \"Parks\"\nowners = [\"Leader\"]\ndue = 2004\n"),
        check => 1 ["error[wrong-type]", "due must be a date or a string, not integer", "plan/area/02-case.toml:5:7"],
        list => 0 ["warning[wrong-type]", "plan/area/02-case.toml:5:7", DEGRADED];

    wrong_type_action_not_array: |p| case_file(p, "action = 3\n[priority]\nid = \"parks\"\ntitle = \"Parks\"\n"),
        check => 1 ["error[wrong-type]", "`action` must be an array of tables", "plan/area/02-case.toml:1:10"],
        list => 2 ["wrong-type"];

    wrong_type_priority_not_table: |p| case_file(p, "priority = \"parks\"\n"),
        check => 1 ["error[wrong-type]", "`priority` must be a table, not string", "plan/area/02-case.toml:1:12"],
        list => 2 ["wrong-type"];

    id_with_spaces: |p| case_file(p, "[priority]\nid = \"parks and gardens\"\ntitle = \"Parks\"\nowners = [\"Leader\"]\ndue = \"2005\"\n"),
        check => 1 ["error[bad-id]", "priority id \"parks and gardens\" is not a valid id", "plan/area/02-case.toml:2:6"],
        list => 2 ["bad-id"];

    id_with_unicode_look_alike: |p| case_file(p, "[priority]\nid = \"h\u{043E}using\"\ntitle = \"Cyrillic o\"\nowners = [\"Leader\"]\ndue = \"2005\"\n"),
        check => 1 ["error[bad-id]", "priority id \"h\u{043E}using\" is not a valid id", "plan/area/02-case.toml:2:6"],
        list => 2 ["bad-id"];

    id_with_escape_sequence: |p| case_file(p, "[priority]\nid = \"x\\u001b[2J\"\ntitle = \"Parks\"\nowners = [\"Leader\"]\ndue = \"2005\"\n"),
        check => 1 ["error[bad-id]", "priority id \"x\\u{1b}[2J\" is not a valid id"],
        list => 2 ["bad-id"];

    duplicate_id_across_files: |p| case_file(p, "[priority]\nid = \"parks\"\ntitle = \"Parks\"\nowners = [\"Leader\"]\ndue = \"2005\"\n\n[[action]]\nid = \"housing-1\"\ntitle = \"Same id as in housing\"\n"),
        check => 1 ["error[duplicate-id]", "id \"housing-1\" is used more than once", "plan/area/02-case.toml:8:6", "plan/area/01-housing.toml:8:6"],
        list => 2 ["duplicate-id"];

    missing_id: |p| case_file(p, "[priority]\ntitle = \"Parks\"\nowners = [\"Leader\"]\ndue = \"2005\"\n"),
        check => 1 ["error[missing-id]", "priority has no id", SHOWN],
        list => 2 ["missing-id"];

    missing_title: |p| case_file(p, "[priority]\nid = \"parks\"\n"),
        check => 1 ["error[missing-field]", "missing field `title`", SHOWN],
        list => 2 ["missing-field"];

    parent_cycle: |p| {
        case_file(p, "[priority]\nid = \"parks\"\ntitle = \"Parks\"\nparent = \"gardens\"\n");
        write(p, "area/03-gardens.toml", "[priority]\nid = \"gardens\"\ntitle = \"Gardens\"\nparent = \"parks\"\n");
    },
        check => 1 ["error[parent-cycle]", "priorities are nested in a loop: parks → gardens → parks", "plan/area/02-case.toml:4:10"],
        list => 2 ["parent-cycle"];

    parent_is_itself: |p| case_file(p, "[priority]\nid = \"parks\"\ntitle = \"Parks\"\nparent = \"parks\"\n"),
        check => 1 ["error[parent-cycle]", "parks → parks", "plan/area/02-case.toml:4:10"],
        list => 2 ["parent-cycle"];

    unknown_parent: |p| case_file(p, "[priority]\nid = \"parks\"\ntitle = \"Parks\"\nparent = \"housng\"\n"),
        check => 1 ["error[unknown-parent]", "parent \"housng\" is not the id of any priority", "did you mean \"housing\"?", "plan/area/02-case.toml:4:10"],
        list => 2 ["unknown-parent"];

    actions_outside_any_priority: |p| case_file(p, "[[action]]\nid = \"parks-1\"\ntitle = \"Mow\"\n"),
        check => 1 ["error[missing-field]", "this file has no [priority] table", SHOWN],
        list => 2 ["missing-field"];

    actions_nested_inside_priority: |p| case_file(p, "[priority]\nid = \"parks\"\ntitle = \"Parks\"\n\n[[priority.action]]\nid = \"parks-1\"\ntitle = \"Mow\"\n"),
        check => 1 ["error[unknown-field]", "unknown key `action`", "plan/area/02-case.toml:5:12"],
        list => 2 ["unknown-field"];

    unknown_key_suggests_the_right_one: |p| case_file(p, "[priority]\nid = \"parks\"\ntitel = \"Parks\"\n"),
        check => 1 ["error[unknown-field]", "unknown key `titel`", "did you mean `title`?", "plan/area/02-case.toml:3:1"],
        list => 2 ["unknown-field"];

    bad_status: |p| case_file(p, "[priority]\nid = \"parks\"\ntitle = \"Parks\"\nowners = [\"Leader\"]\ndue = \"2005\"\n\n[[action]]\nid = \"parks-1\"\ntitle = \"Mow\"\nstatus = \"finished\"\n"),
        check => 1 ["error[bad-status]", "unknown status \"finished\"", "plan/area/02-case.toml:10:10"],
        list => 2 ["bad-status"];

    directory_named_like_a_toml_file: |p| {
        fs::create_dir_all(p.join("area/x.toml")).unwrap();
        write(p, "area/x.toml/inner.toml", "[priority]\nid = \"inner\"\ntitle = \"Inside a folder named x.toml\"\nowners = [\"Leader\"]\ndue = \"2005\"\n");
    },
        check => 0 ["warning[empty-priority]", "plan/area/x.toml/inner.toml", "ok: 0 errors, 1 warning"],
        list => 0 ["2 actions"];

    fifo_is_not_read: |p| {
        let path = p.join(CASE_FILE);
        let status = std::process::Command::new("mkfifo").arg(&path).status().unwrap();
        assert!(status.success());
    },
        check => 1 ["error[io]", "plan/area/02-case.toml: not a regular file; not read"],
        list => 2 ["error[io]", REFUSED];

    symlink_loop: |p| {
        std::os::unix::fs::symlink("b.toml", p.join("area/a.toml")).unwrap();
        std::os::unix::fs::symlink("a.toml", p.join("area/b.toml")).unwrap();
    },
        check => 1 ["error[io]", "plan/area/a.toml: symbolic link cannot be resolved (broken or a loop)", "plan/area/b.toml: symbolic link"],
        list => 2 ["error[io]"];

    symlink_to_an_enclosing_folder: |p| {
        std::os::unix::fs::symlink("..", p.join("area/up")).unwrap();
    },
        check => 1 ["error[io]", "plan/area/up: symbolic link leads back into a folder already searched; not followed"],
        list => 2 ["error[io]"];

    symlink_outside_the_plan_folder: |p| {
        let outside = p.parent().unwrap().join("elsewhere.toml");
        fs::write(&outside, HOUSING.replace("housing", "outside")).unwrap();
        std::os::unix::fs::symlink(&outside, p.join("area/03-outside.toml")).unwrap();
    },
        check => 1 ["error[io]", "plan/area/03-outside.toml: symbolic link points outside the plan folder; not followed"],
        list => 2 ["error[io]"];

    symlink_to_a_file_already_in_the_plan: |p| {
        std::os::unix::fs::symlink("01-housing.toml", p.join("area/02-alias.toml")).unwrap();
    },
        check => 0 ["ok: 0 errors", "3 files checked"],
        list => 0 ["2 actions"];

    dangling_symlink: |p| {
        std::os::unix::fs::symlink("nowhere.toml", p.join("area/02-gone.toml")).unwrap();
    },
        check => 1 ["error[io]", "plan/area/02-gone.toml: symbolic link cannot be resolved"],
        list => 2 ["error[io]"];

    folders_nested_too_deep: |p| {
        let deep = format!("{}deep.toml", "d/".repeat(40));
        write(p, &deep, HOUSING.replace("housing", "deep"));
    },
        check => 1 ["error[io]", "folders nested more than 32 deep are not searched"],
        list => 2 ["error[io]"];

    hidden_and_non_toml_files_are_ignored: |p| {
        write(p, "area/.draft.toml", "not toml at all [");
        write(p, ".git/config.toml", "not toml at all [");
        write(p, "area/notes.md", "# notes");
    },
        check => 0 ["ok: 0 errors", "3 files checked"],
        list => 0 ["2 actions"];

    missing_plan_toml: |p| fs::remove_file(p.join("plan.toml")).unwrap(),
        check => 2 ["is not a plan folder: it has no plan.toml"],
        list => 2 ["is not a plan folder: it has no plan.toml"];

    plan_toml_is_a_directory: |p| {
        fs::remove_file(p.join("plan.toml")).unwrap();
        fs::create_dir(p.join("plan.toml")).unwrap();
    },
        check => 2 ["plan/plan.toml: it is a folder, not a file"],
        list => 2 ["plan/plan.toml: it is a folder, not a file"];

    malformed_plan_toml: |p| write(p, "plan.toml", "title = \"Plan\"\norganisation = \n"),
        check => 1 ["error[parse]", "plan/plan.toml:2:"],
        list => 2 ["error[parse]"];

    financial_year_start_out_of_range: |p| write(p, "plan.toml", "title = \"Plan\"\norganisation = \"Council\"\nfinancial_year_start = 13\n"),
        check => 1 ["error[wrong-type]", "financial_year_start must be a month number 1-12, not 13", "plan/plan.toml:3:24"],
        list => 2 ["wrong-type"];

    missing_owners_toml: |p| fs::remove_file(p.join("owners.toml")).unwrap(),
        check => 1 ["error[io]", "no roster: plan/owners.toml is missing", "error[unknown-owner]"],
        list => 2 ["no roster", REFUSED];

    malformed_owners_toml: |p| write(p, "owners.toml", "[[role]\nname = \"Leader\"\n"),
        check => 1 ["error[parse]", "plan/owners.toml:1:"],
        list => 2 ["error[parse]"];

    owners_toml_wrong_shape: |p| write(p, "owners.toml", "role = \"Leader\"\n"),
        check => 1 ["error[wrong-type]", "plan/owners.toml:1:8"],
        list => 2 ["wrong-type"];

    duplicate_role_in_roster: |p| write(p, "owners.toml", format!("{OWNERS_TOML}\n[[role]]\nname = \"chief  executive\"\n")),
        check => 1 ["error[duplicate-role]", "role name \"chief  executive\" is already used by role \"Chief Executive\"", "plan/owners.toml:"],
        list => 2 ["duplicate-role"];

    owner_names_differ_in_case_and_whitespace: |p| case_file(p, "[priority]\nid = \"parks\"\ntitle = \"Parks\"\nowners = [\"  chief\\tEXECUTIVE \", \"leader of  the council\"]\ndue = \"2005\"\n\n[[action]]\nid = \"parks-1\"\ntitle = \"Mow\"\n"),
        check => 0 ["ok: 0 errors"],
        list => 0 ["parks-1", "Chief Executive", "Leader"];

    owner_names_differ_in_unicode_normalisation: |p| case_file(p, "[priority]\nid = \"parks\"\ntitle = \"Parks\"\n# NFD: e + combining acute accent\nowners = [\"Directeur Ge\u{301}ne\u{301}ral\"]\ndue = \"2005\"\n\n[[action]]\nid = \"parks-1\"\ntitle = \"Mow\"\n"),
        check => 0 ["ok: 0 errors"],
        list => 0 ["parks-1", "Directeur G\u{e9}n\u{e9}ral"];

    owner_is_a_substring_of_a_role: |p| case_file(p, "[priority]\nid = \"parks\"\ntitle = \"Parks\"\nowners = [\"Executive\"]\ndue = \"2005\"\n"),
        check => 1 ["error[unknown-owner]", "\"Executive\" is not a role on the roster", "plan/area/02-case.toml:4:11"],
        list => 0 ["warning[unknown-owner]", DEGRADED];

    owner_unicode_look_alike: |p| case_file(p, "[priority]\nid = \"parks\"\ntitle = \"Parks\"\nowners = [\"L\u{0435}ader\"]\ndue = \"2005\"\n"),
        check => 1 ["error[unknown-owner]", "is not a role on the roster", "did you mean \"Leader\"?"],
        list => 0 ["warning[unknown-owner]", DEGRADED];

    date_february_30th: |p| action_due(p, "2004-02-30"),
        check => 1 ["error[bad-date]", "2004-02-30", "plan/area/02-case.toml:9:7"],
        list => 0 ["warning[bad-date]", "plan/area/02-case.toml:9:7", DEGRADED];

    date_month_13: |p| action_due(p, "2004-13"),
        check => 1 ["error[bad-date]", "2004-13", "plan/area/02-case.toml:9:7"],
        list => 0 ["warning[bad-date]", "plan/area/02-case.toml:9:7", DEGRADED];

    date_32_march: |p| action_due(p, "32 March 2005"),
        check => 1 ["error[bad-date]", "32 March 2005", "plan/area/02-case.toml:9:7"],
        list => 0 ["warning[bad-date]", "plan/area/02-case.toml:9:7", DEGRADED];

    date_misspelt_month: |p| action_due(p, "Febuary 2005"),
        check => 1 ["error[bad-date]", "Febuary 2005", "plan/area/02-case.toml:9:7"],
        list => 0 ["warning[bad-date]", "plan/area/02-case.toml:9:7", DEGRADED];

    date_financial_span_backwards: |p| action_due(p, "2005/04"),
        check => 1 ["error[bad-date]", "2005/04", "plan/area/02-case.toml:9:7"],
        list => 0 ["warning[bad-date]", "plan/area/02-case.toml:9:7", DEGRADED];

    date_quarter_5: |p| action_due(p, "Q5 2004"),
        check => 1 ["error[bad-date]", "Q5 2004", "plan/area/02-case.toml:9:7"],
        list => 0 ["warning[bad-date]", "plan/area/02-case.toml:9:7", DEGRADED];

    date_five_digit_year: |p| action_due(p, "April 20044"),
        check => 1 ["error[bad-date]", "April 20044", "plan/area/02-case.toml:9:7"],
        list => 0 ["warning[bad-date]", "plan/area/02-case.toml:9:7", DEGRADED];

    date_month_without_year: |p| action_due(p, "April"),
        check => 1 ["error[bad-date]", "\"April\"", "plan/area/02-case.toml:9:7"],
        list => 0 ["warning[bad-date]", "plan/area/02-case.toml:9:7", DEGRADED];

    date_toml_datetime_with_time: |p| case_file(p, "[priority]\nid = \"parks\"\ntitle = \"Parks\"\nowners = [\"Leader\"]\ndue = 2004-04-31\n"),
        check => 1 ["plan/area/02-case.toml:5:"],
        list => 2 [];

    no_priority_files_at_all: |p| fs::remove_dir_all(p.join("area")).unwrap(),
        check => 0 ["ok: 0 errors, 0 warnings; 2 files checked"],
        list => 0 ["0 actions"];
}

/// Every case, in one run: nothing may panic, whatever the command.
#[test]
fn no_case_panics() {
    let mut panics = Vec::new();
    for case in CASES {
        let (_tmp, plan) = valid_plan();
        (case.build)(&plan);
        for args in [
            &["check"][..],
            &["check", "--format", "json"],
            &["check", "--format", "github"],
            &["list"],
            &["list", "--format", "json"],
            &["owners"],
            &["priorities"],
            &["show", "housing-1"],
        ] {
            let output = plan_cmd(&plan, args);
            let text = text_of(&output);
            if text.contains("panicked") || text.contains("RUST_BACKTRACE") {
                panics.push(format!("{} / plan {}:\n{text}", case.name, args.join(" ")));
            }
            // 101 is Rust's exit code for a panic; only 0, 1 and 2 are ours.
            assert!(
                matches!(output.status.code(), Some(0..=2)),
                "{} / plan {}: exit {:?}\n{text}",
                case.name,
                args.join(" "),
                output.status.code()
            );
        }
    }
    assert!(panics.is_empty(), "{}", panics.join("\n\n"));
    assert!(CASES.len() >= 40, "the catalogue has {} cases", CASES.len());
}

/// chmod 000 does not stop root, so what this can show depends on who runs the tests: as a
/// normal user the file is reported (`io`, exit 1/2). As root (as in many containers) the
/// file is read like any other, so this test can only show that; the `io` finding for a file
/// that cannot be read is then pinned by the loader's unit test
/// `load::source::tests::a_file_that_cannot_be_read_is_an_io_finding`, which does not depend on
/// permissions.
#[test]
fn unreadable_file_is_reported() {
    use std::os::unix::fs::PermissionsExt as _;
    let (_tmp, plan) = valid_plan();
    case_file(
        &plan,
        "[priority]\nid = \"secret\"\ntitle = \"Secret\"\nowners = [\"Leader\"]\ndue = \"2005\"\n",
    );
    let path = plan.join(CASE_FILE);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
    let readable_anyway = fs::read(&path).is_ok();
    let check = plan_cmd(&plan, &["check"]);
    let list = plan_cmd(&plan, &["list"]);
    let text = text_of(&check);
    if readable_anyway {
        eprintln!("running as root: file permissions are not enforced; see the unit test");
        // Read like any other file: a priority with no actions, a warning only.
        assert_eq!(check.status.code(), Some(0), "{text}");
        assert!(
            text.contains("warning[empty-priority]") && text.contains("\"secret\""),
            "{text}"
        );
        assert!(!text.contains("error[io]"), "{text}");
        assert_eq!(list.status.code(), Some(0), "{}", text_of(&list));
    } else {
        assert_eq!(check.status.code(), Some(1), "{text}");
        assert!(
            text.contains("error[io]")
                && text.contains("plan/area/02-case.toml: cannot read: Permission denied"),
            "{text}"
        );
        assert_eq!(list.status.code(), Some(2), "{}", text_of(&list));
    }
}

/// Regression: a 2000-deep chain of nested priorities took over 30 s of CPU (cycle detection
/// was cubic in the depth). Now linear; the 60 s timeout on each command catches a relapse.
#[test]
fn long_parent_chain_loads_quickly() {
    let (_tmp, plan) = valid_plan();
    for i in 0..3000 {
        let parent = if i == 0 {
            "parent = \"housing\"\n".to_owned()
        } else {
            format!("parent = \"chain-{}\"\n", i - 1)
        };
        write(
            &plan,
            &format!("chain/{i:05}.toml"),
            format!(
                "[priority]\nid = \"chain-{i}\"\ntitle = \"Link {i}\"\n{parent}\n[[action]]\nid = \"chain-{i}-1\"\ntitle = \"Act\"\n"
            ),
        );
    }
    // Deeper than load::MAX_NESTING (32): refused alike by every command, and quickly (the
    // first too-deep priority on each stretch of 33 is cut, so nothing walks 3000 levels).
    let started = std::time::Instant::now();
    let check = plan_cmd(&plan, &["check"]);
    assert_eq!(check.status.code(), Some(1), "{}", text_of(&check));
    let text = text_of(&check);
    assert!(
        text.contains("error[too-deep]: priority \"chain-32\" is nested more than 32 levels deep"),
        "{text}"
    );
    assert_eq!(text.matches("error[too-deep]").count(), 90, "{text}");
    let list = plan_cmd(&plan, &["list", "--priority", "housing"]);
    assert_eq!(list.status.code(), Some(2), "{}", text_of(&list));
    eprintln!("3000-deep chain: check and list in {:?}", started.elapsed());
}
