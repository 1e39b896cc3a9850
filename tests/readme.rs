//! README examples are real output: these tests fail when the README drifts from the tool.

mod common;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

fn output(args: &[&str]) -> String {
    let out = common::seed().args(args).output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn readme_overdue_example_is_current() {
    let real = output(&[
        "list",
        "--overdue",
        "--today",
        "2004-05-01",
        "--format",
        "markdown",
    ]);
    assert!(
        readme().contains(&real),
        "README's `plan list --overdue` example is stale:\n{real}"
    );
}

#[test]
fn readme_priorities_example_is_current() {
    let real = output(&[
        "priorities",
        "--today",
        "2004-05-01",
        "--format",
        "markdown",
    ]);
    assert!(
        readme().contains(&real),
        "README's `plan priorities` example is stale:\n{real}"
    );
}

#[test]
fn readme_check_example_is_current() {
    let out = common::seed()
        .args(["check", "--today", "2004-05-01", "--verbose"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let findings: Vec<&str> = stdout.split("\n\n").collect();
    let last = findings.last().unwrap();
    assert_eq!(
        *last,
        "ok: 0 errors, 8 warnings, 38 waived; 20 files checked (as at 2004-05-01)\n"
    );
    let text = readme();
    for shown in [findings[7], findings[findings.len() - 2], last] {
        assert!(
            text.contains(shown),
            "README's check example is stale:\n{shown}"
        );
    }
    assert!(findings[7].starts_with("warning[overdue]: action \"si-1\""));
    assert!(findings[findings.len() - 2].starts_with("note[missing-date]: action \"sd-1\""));
}

#[test]
fn readme_shows_the_two_fresh_machine_commands() {
    let text = readme();
    assert!(text.contains("cargo run -- list --overdue"));
    assert!(text.contains("cargo test"));
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The README's quarterly cycle, run for real on a copy of the seed plan: every command's
/// line, the report's changes section and the rows it quotes.
#[test]
fn readme_quarterly_cycle_is_current() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("plan");
    copy_dir(&common::seed_dir(), &dir);
    common::GitRepo::init_in(root.path())
        .commit("Plan as agreed", "2004-03-10")
        .tag("committee-2004-03");
    let run = |args: &[&str]| {
        common::stdout(
            common::plan_cmd()
                .arg("--plan")
                .arg(&dir)
                .args(["--today", "2004-05-01"])
                .args(args),
        )
    };
    let readme = readme();
    let steps: [&[&str]; 5] = [
        &[
            "update",
            "rn-2",
            "Six of ten managers appointed",
            "--rag",
            "amber",
            "--percent",
            "60",
            "--on",
            "2004-04-20",
        ],
        &[
            "update",
            "cc-1",
            "Draft strategy out to consultation",
            "--rag",
            "amber",
            "--on",
            "2004-04-22",
        ],
        &[
            "update",
            "si-1",
            "Performance framework adopted by Cabinet",
            "--rag",
            "green",
            "--on",
            "2004-04-26",
        ],
        &[
            "done",
            "rn-1",
            "--on",
            "2004-04-28",
            "--note",
            "All ten Neighbourhood Forums have met",
        ],
        &["set", "rn-3", "--due", "September 2004"],
    ];
    for args in steps {
        let line = run(args);
        assert!(
            readme.contains(&line),
            "README's cycle is stale: `{args:?}` now says {line}"
        );
    }
    let md = run(&["report", "--since", "committee-2004-03"]);
    let lines: Vec<&str> = md.lines().collect();
    let start = lines
        .iter()
        .position(|l| *l == "## Changes since committee-2004-03")
        .expect("a changes section");
    let end = lines.iter().position(|l| *l == "## By owner").unwrap();
    let changes = lines[start..end].join("\n");
    assert!(
        readme.contains(changes.trim_end()),
        "README's changes section is stale:\n{changes}"
    );
    for id in ["rn-1", "rn-3", "si-1"] {
        let row = lines
            .iter()
            .find(|l| l.starts_with(&format!("| {id} |")) && l.matches('|').count() == 8)
            .unwrap();
        assert!(
            readme.contains(row),
            "README's row for {id} is stale:\n{row}"
        );
    }
}

/// The commands of a README section's `console` blocks (`$ ` lines) and the output shown under
/// each, in order.
fn console_steps(readme: &str, heading: &str) -> Vec<(String, String)> {
    let start = readme
        .find(&format!("\n{heading}\n"))
        .unwrap_or_else(|| panic!("README has no {heading}"));
    let section = &readme[start + heading.len() + 2..];
    let section = &section[..section.find("\n## ").unwrap_or(section.len())];
    let mut steps: Vec<(String, String)> = Vec::new();
    let mut in_block = false;
    for line in section.lines() {
        match (in_block, line) {
            (false, "```console") => in_block = true,
            (true, "```") => in_block = false,
            (true, command) if command.starts_with("$ ") => {
                steps.push((command[2..].to_owned(), String::new()));
            }
            (true, output) => {
                let step = steps.last_mut().expect("a block starts with a command");
                step.1.push_str(output);
                step.1.push('\n');
            }
            _ => {}
        }
    }
    steps
}

/// Runs one README command line with `sh` in `dir`, the built `plan` first on the PATH and a
/// clean environment; returns what a terminal would show (stdout, then stderr).
fn shell(dir: &std::path::Path, command: &str) -> String {
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_plan"))
        .parent()
        .unwrap();
    let path = std::env::join_paths(std::iter::once(bin.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(command)
        .current_dir(dir)
        .env("PATH", path)
        .env_remove("PLAN_DIR")
        .env_remove("PLAN_TODAY")
        .env_remove("COLUMNS")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "`{command}` failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap() + &String::from_utf8(out.stderr).unwrap()
}

/// "From a spreadsheet to a checked plan" runs, command by command, exactly as shown: `plan
/// init` in an empty folder, `plan import` of the fixture (the section names it, and says it
/// is read with this repository's roster), the workbook and the calendars.
#[test]
fn readme_init_and_import_session_is_current() {
    let readme = readme();
    let steps = console_steps(&readme, "## From a spreadsheet to a checked plan");
    let commands: Vec<&str> = steps.iter().map(|(c, _)| c.as_str()).collect();
    assert!(commands[0].starts_with("plan init "), "{commands:?}");
    assert!(
        commands.iter().any(|c| c.contains(" import ")),
        "{commands:?}"
    );
    let dir = tempfile::tempdir().unwrap();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(
        repo.join("tests/fixtures/import/strategic-action-plan.csv"),
        dir.path().join("strategic-action-plan.csv"),
    )
    .unwrap();
    for (command, shown) in &steps {
        if command.contains(" import ") {
            // "with this repository's roster"
            std::fs::copy(
                repo.join("plan/owners.toml"),
                dir.path().join("plan/owners.toml"),
            )
            .unwrap();
        }
        let real = shell(dir.path(), command);
        assert_eq!(&real, shown, "README's `$ {command}` is stale");
    }
}
