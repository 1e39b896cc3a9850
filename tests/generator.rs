//! The benchmark's synthetic plans (examples/gen-plan.rs) must be valid plans, and the same N
//! must give the same bytes, or benchmark runs could not be compared. Timings are not tested
//! here: they live in bench/run.sh.

#[allow(dead_code)]
#[path = "../examples/gen-plan.rs"]
mod gen_plan;

use std::collections::BTreeMap;
use std::path::Path;

/// Every file under `dir`, relative path → bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        for entry in std::fs::read_dir(&next).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path.strip_prefix(dir).unwrap().display().to_string();
                files.insert(name, std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

#[test]
fn generated_plan_loads_cleanly_and_completely() {
    let tmp = tempfile::tempdir().unwrap();
    let n = 250; // two full files and a partial one, across nesting levels
    gen_plan::generate(n, tmp.path()).unwrap();
    let loaded = plan::load::load(tmp.path()).unwrap();
    let errors: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.message.clone())
        .collect();
    assert!(errors.is_empty(), "generated plan has errors: {errors:?}");
    assert_eq!(loaded.plan.actions.len(), n);
    assert!(loaded.plan.priorities.iter().any(|p| p.parent.is_some()));
    let today = chrono::NaiveDate::from_ymd_opt(2005, 6, 1).unwrap();
    let findings = plan::check::completeness(&loaded.plan, today);
    assert!(
        findings.iter().all(|d| d.rule == plan::diag::Rule::Overdue),
        "every action has an owner and a date: {:?}",
        findings
            .iter()
            .find(|d| d.rule != plan::diag::Rule::Overdue)
    );
    let overdue = findings.len();
    assert!(
        n / 10 < overdue && overdue < n / 2,
        "a realistic share is overdue: {overdue} of {n}"
    );
}

#[test]
fn generator_is_deterministic() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    gen_plan::generate(150, a.path()).unwrap();
    gen_plan::generate(150, b.path()).unwrap();
    let first = snapshot(a.path());
    assert_eq!(
        first.len(),
        4,
        "plan.toml, owners.toml and two priority files"
    );
    assert!(first == snapshot(b.path()), "same N, same bytes");
}
