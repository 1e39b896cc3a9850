//! Shared by the plan targets: write files into a scratch plan folder, load it, and push the
//! result through every renderer, so a panic anywhere from reading to output is found.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::NaiveDate;
use plan::cli::Format;
use plan::render::{self, actions::ActionView};

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

/// Loads `dir` and renders everything a command could print about it.
pub fn exercise(dir: &Path) {
    let Ok(loaded) = plan::load::load(dir) else {
        return;
    };
    let today = NaiveDate::from_ymd_opt(2004, 5, 1).expect("day");
    let mut findings = loaded.diagnostics.clone();
    findings.extend(plan::check::completeness(&loaded.plan, today));
    for finding in &findings {
        let _ = render::diagnostics::human(&loaded.sources, finding, false);
        let _ = render::diagnostics::github(&loaded.sources, finding, &[]);
    }
    let json = serde_json::to_string(&render::diagnostics::json_findings(
        &loaded.sources,
        &findings,
    ))
    .expect("findings serialise");
    serde_json::from_str::<serde_json::Value>(&json).expect("findings JSON is valid");
    if loaded.blocking().next().is_some() {
        return;
    }
    let plan = &loaded.plan;
    let views: Vec<ActionView<'_>> = plan
        .actions
        .iter()
        .map(|action| ActionView::new(plan, &loaded.sources, action, today))
        .collect();
    let grid = render::actions::grid(&views);
    for format in [Format::Table, Format::Json, Format::Csv, Format::Markdown] {
        let mut out = Vec::new();
        render::write_result(&mut out, format, false, &views, &grid, Some("summary"))
            .expect("rendering to memory cannot fail");
        if format == Format::Json {
            serde_json::from_slice::<serde_json::Value>(&out).expect("list JSON is valid");
        }
    }
}
