//! `.pre-commit-hooks.yaml` against pre-commit's documented manifest keys
//! (https://pre-commit.com/#creating-new-hooks): required keys present, no unknown key (which
//! pre-commit itself only warns about), values of the documented types, and the hook runs the
//! real `plan check` on the files it claims. `.ci/run` also runs `pre-commit validate-manifest`.

mod common;

use serde_norway::Value;

const REQUIRED: [&str; 4] = ["id", "name", "entry", "language"];
const OPTIONAL: [&str; 16] = [
    "files",
    "exclude",
    "types",
    "types_or",
    "exclude_types",
    "always_run",
    "fail_fast",
    "verbose",
    "pass_filenames",
    "require_serial",
    "description",
    "language_version",
    "minimum_pre_commit_version",
    "args",
    "stages",
    "log_file",
];

fn hooks() -> Vec<Value> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/.pre-commit-hooks.yaml"
    ))
    .unwrap();
    serde_norway::from_str(&text).expect("the manifest is a YAML list of hooks")
}

#[test]
fn the_manifest_declares_plan_check_with_documented_keys_only() {
    let hooks = hooks();
    assert_eq!(hooks.len(), 1);
    let hook = hooks[0].as_mapping().expect("a hook is a mapping");
    let keys: Vec<&str> = hook.keys().map(|k| k.as_str().unwrap()).collect();
    for key in &keys {
        assert!(
            REQUIRED.contains(key) || OPTIONAL.contains(key),
            "`{key}` is not a documented hook key"
        );
    }
    for key in REQUIRED {
        assert!(keys.contains(&key), "required key `{key}` is missing");
    }
    let text = |key: &str| hook[key].as_str().unwrap().to_owned();
    assert_eq!(text("id"), "plan-check");
    assert_eq!(text("entry"), "plan check");
    // pre-commit's `rust` language builds this repository with cargo: the binary must be the
    // entry's first word.
    assert_eq!(text("language"), "rust");
    assert_eq!(env!("CARGO_PKG_NAME"), "plan");
    assert_eq!(
        hook["pass_filenames"].as_bool(),
        Some(false),
        "plan check reads the whole plan, not the files named"
    );
    assert_eq!(text("files"), "^plan/");
}

#[test]
fn the_hook_entry_is_a_real_command_that_gates_on_errors() {
    let hooks = hooks();
    let entry = hooks[0]["entry"].as_str().unwrap();
    let args: Vec<&str> = entry.split_whitespace().skip(1).collect();
    common::seed()
        .args(&args)
        .args(["--today", "2004-05-01"])
        .assert()
        .success();
    let broken = common::TestPlan::new();
    broken.write(
        "p.toml",
        "[priority]\nid = \"p\"\ntitle = \"P\"\n\n[[action]]\nid = \"p-1\"\ntitle = \"One\"\n",
    );
    broken.cmd().args(&args).assert().code(1);
}
