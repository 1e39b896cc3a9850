//! Shared by the plan targets: write files into a scratch plan folder, then run every read
//! command on it in-process (through `plan::dispatch`, the path `plan` itself takes after
//! parsing its arguments), in every output format, so a panic anywhere from reading to output
//! is found. Driving commands rather than library internals keeps the targets building while
//! the library is refactored.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::OnceLock;

use clap::Parser;
use plan::cli::Cli;

/// One scratch folder per fuzzing process (on tmpfs when there is one: thousands of writes a
/// second would otherwise hit the disk).
pub fn scratch() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let shm = Path::new("/dev/shm");
        if shm.is_dir() {
            tempfile::tempdir_in(shm).expect("scratch dir")
        } else {
            tempfile::tempdir().expect("scratch dir")
        }
    })
    .path()
}

/// A fresh, empty `plan/` folder inside the scratch folder.
pub fn fresh_plan_dir() -> PathBuf {
    let dir = scratch().join("plan");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("plan dir");
    dir
}

pub fn write(dir: &Path, relative: &str, bytes: &[u8]) {
    let path = dir.join(relative);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("folder");
    }
    std::fs::write(path, bytes).expect("write");
}

/// Every read-only command and format; the last word says whether the answer is JSON.
const COMMANDS: &[(&[&str], bool)] = &[
    (&["check", "--format", "human"], false),
    (&["check", "--format", "json"], true),
    (&["check", "--format", "github"], false),
    (&["check", "--format", "sarif"], true),
    (&["list", "--format", "table"], false),
    (&["list", "--format", "json"], true),
    (&["list", "--format", "csv"], false),
    (&["list", "--format", "markdown"], false),
    (&["list", "--overdue", "--format", "json"], true),
    (&["owner", "Chief Executive", "--format", "json"], true),
    (&["owners", "--format", "table"], false),
    (&["owners", "--format", "json"], true),
    (&["priorities", "--format", "table"], false),
    (&["priorities", "--format", "json"], true),
    (&["report", "--format", "html"], false),
    (&["report", "--format", "markdown"], false),
    (&["report", "--format", "csv"], false),
    (&["calendar"], false),
];

/// Runs `words` on the plan at `dir`; the answer and exit code, or `None` for a refusal
/// (a returned error: that is an answer too, as long as it is not a panic).
fn run(dir: &Path, words: &[&str]) -> Option<(ExitCode, Vec<u8>)> {
    let dir = dir.to_str().expect("scratch path is UTF-8");
    let mut args = vec!["plan", "--plan", dir, "--today", "2004-05-01", "--color", "never"];
    args.extend_from_slice(words);
    let mut cli = Cli::try_parse_from(&args).expect("the harness's own arguments parse");
    cli.settle_format().expect("the harness's own formats are accepted");
    let mut out = Vec::new();
    let code = plan::dispatch(&cli, &mut out).ok()?;
    Some((code, out))
}

/// Runs commands on `dir`: `check` and `list` always, then one more command chosen by `pick`
/// (a digest of the input), so each input costs three or four commands rather than twenty and
/// the fuzzer still reaches every command and format. None may panic, every JSON answer must be
/// valid JSON, and `show` is run on the first action `list` finds.
pub fn exercise(dir: &Path, pick: usize) {
    let mut chosen: Vec<(&[&str], bool)> = vec![(&["check", "--format", "json"], true)];
    if let Some(&command) = COMMANDS.get(pick % (COMMANDS.len() + 1)) {
        chosen.push(command);
    }
    for (words, json) in chosen {
        let Some((_, out)) = run(dir, words) else {
            continue;
        };
        if json {
            serde_json::from_slice::<serde_json::Value>(&out)
                .unwrap_or_else(|e| panic!("`plan {}` wrote invalid JSON: {e}", words.join(" ")));
        }
    }
    if pick % (COMMANDS.len() + 1) == COMMANDS.len() {
        let workbook = scratch().join("report.xlsx");
        let workbook = workbook.to_str().expect("scratch path is UTF-8");
        let _ = run(dir, &["report", "--format", "xlsx", "-o", workbook]);
    }
    let Some((_, out)) = run(dir, &["list", "--all", "--format", "json"]) else {
        return;
    };
    let rows: serde_json::Value = serde_json::from_slice(&out).expect("list JSON");
    if let Some(id) = rows.get(0).and_then(|row| row.get("id")).and_then(|id| id.as_str()) {
        let _ = run(dir, &["show", id, "--format", "json"]);
    }
}

/// A cheap digest of the input that picks which extra command to run on it.
pub fn pick(data: &[u8]) -> usize {
    data.iter().fold(data.len(), |acc, &b| acc.wrapping_mul(31).wrapping_add(usize::from(b)))
}
