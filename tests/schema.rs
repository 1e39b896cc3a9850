//! The JSON Schemas under `schema/` are generated from the loader's own types; this test fails
//! when they are stale. Regenerate with `PLAN_UPDATE_SCHEMA=1 cargo test --test schema`.

use std::path::Path;

#[test]
fn checked_in_schemas_are_current() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema");
    let update = std::env::var_os("PLAN_UPDATE_SCHEMA").is_some();
    for (name, generated) in plan::schema::schema_files() {
        let path = dir.join(name);
        if update {
            std::fs::write(&path, &generated).unwrap();
            continue;
        }
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            on_disk == generated,
            "schema/{name} is stale: run PLAN_UPDATE_SCHEMA=1 cargo test --test schema"
        );
    }
}

/// The generated schema of a priority file, parsed.
fn priority_schema() -> serde_json::Value {
    let files = plan::schema::schema_files();
    let (_, priority) = files
        .iter()
        .find(|(n, _)| *n == "priority.schema.json")
        .unwrap();
    serde_json::from_str(priority).unwrap()
}

#[test]
fn schema_forbids_unknown_keys_and_requires_ids() {
    let schema = priority_schema();
    let action = &schema["$defs"]["ActionEntry"];
    assert_eq!(action["additionalProperties"], false);
    let required: Vec<&str> = action["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(
        required.contains(&"id") && required.contains(&"title"),
        "{required:?}"
    );
    let statuses = serde_json::to_string(&schema["$defs"]["StatusSchema"]).unwrap();
    for status in ["planned", "in-progress", "done", "dropped"] {
        assert!(statuses.contains(status), "{statuses}");
    }
}

#[test]
fn schema_describes_waivers_with_a_required_reason_and_waivable_rules_only() {
    let schema = priority_schema();
    let waiver = &schema["$defs"]["WaiverEntry"];
    assert_eq!(waiver["additionalProperties"], false);
    assert_eq!(waiver["required"], serde_json::json!(["rule", "reason"]));
    assert_eq!(waiver["properties"]["reason"]["minLength"], 1);
    assert_eq!(
        waiver["properties"]["rule"]["enum"],
        serde_json::json!([
            "missing-owner",
            "missing-date",
            "empty-priority",
            "overdue",
            "missing-target",
            "late-data"
        ])
    );
    for item in ["ActionEntry", "PriorityEntry", "IndicatorEntry"] {
        assert_eq!(
            schema["$defs"][item]["properties"]["waive"]["items"]["$ref"],
            "#/$defs/WaiverEntry"
        );
    }
}

/// Stands in for Taplo / "Even Better TOML" opening a new plan: `plan init` writes a
/// `.taplo.toml` whose every rule points at a schema it wrote beside it (the schemas the
/// binary's own types give), so editors validate the plan out of the box; a repository that
/// has its own `.taplo.toml` keeps it.
#[test]
fn init_writes_taplo_config_pointing_at_the_schemas_it_writes() {
    let dir = tempfile::tempdir().unwrap();
    let bin = assert_cmd::cargo::cargo_bin("plan");
    let out = std::process::Command::new(&bin)
        .args(["init", "--organisation", "Test Council"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8(out.stdout).unwrap();
    assert!(said.contains("created .taplo.toml\ncreated schema/owners.schema.json\ncreated schema/plan.schema.json\ncreated schema/priority.schema.json\n"), "{said}");
    for (name, generated) in plan::schema::schema_files() {
        let written = std::fs::read_to_string(dir.path().join("schema").join(name)).unwrap();
        assert_eq!(written, generated, "{name}");
    }
    let taplo: toml::Table = std::fs::read_to_string(dir.path().join(".taplo.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let rules = taplo["rule"].as_array().unwrap();
    assert_eq!(rules.len(), 3);
    for rule in rules {
        let path = rule["schema"]["path"].as_str().unwrap();
        assert!(dir.path().join(path).is_file(), "{path}");
    }

    let own = tempfile::tempdir().unwrap();
    std::fs::write(own.path().join(".taplo.toml"), "# ours\n").unwrap();
    let out = std::process::Command::new(&bin)
        .args(["init", "--organisation", "Test Council"])
        .current_dir(own.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        std::fs::read_to_string(own.path().join(".taplo.toml")).unwrap(),
        "# ours\n"
    );
    assert!(!own.path().join("schema").exists());
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("were not written")
    );

    let schemas = tempfile::tempdir().unwrap();
    std::fs::create_dir(schemas.path().join("schema")).unwrap();
    let out = std::process::Command::new(&bin)
        .args(["init", "--organisation", "Test Council"])
        .current_dir(schemas.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(!schemas.path().join(".taplo.toml").exists());
    assert_eq!(
        std::fs::read_dir(schemas.path().join("schema"))
            .unwrap()
            .count(),
        0
    );
}

/// The loader reads status and RAG words in any case, so the schema an editor checks against
/// accepts `Done` and `AMBER` too, and still refuses a word that is neither.
#[test]
fn schema_accepts_status_and_rag_in_any_case_and_refuses_other_words() {
    let schema = priority_schema();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let file = |status: &str, rag: &str| -> serde_json::Value {
        let text = format!(
            "[priority]\nid = \"p\"\ntitle = \"P\"\n\n[[action]]\nid = \"p-1\"\ntitle = \"A\"\nstatus = \"{status}\"\n\n[[action.update]]\ndate = \"2004-03-15\"\nnote = \"n\"\nrag = \"{rag}\"\n"
        );
        let value: toml::Value = toml::from_str(&text).unwrap();
        serde_json::to_value(value).unwrap()
    };
    for (status, rag) in [
        ("done", "amber"),
        ("Done", "Amber"),
        ("IN-PROGRESS", "GREEN"),
        ("Dropped", "rEd"),
    ] {
        let errors: Vec<String> = validator
            .iter_errors(&file(status, rag))
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{status}/{rag}: {errors:?}");
    }
    for (status, rag) in [
        ("finished", "green"),
        ("done", "blue"),
        ("in progress", "red"),
    ] {
        assert!(
            !validator.is_valid(&file(status, rag)),
            "{status}/{rag} accepted"
        );
    }
}
