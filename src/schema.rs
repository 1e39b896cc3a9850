//! The plan files' format, as Rust types: the loader deserialises into these, and the JSON
//! Schema under `schema/` is generated from them, so the two cannot disagree.
//!
//! Values that need a location in diagnostics are `Spanned`; the schema sees their inner type.

use std::any::TypeId;
use std::sync::Mutex;

use schemars::JsonSchema;
use serde::Deserialize;
use serde_spanned::Spanned;

/// `plan/plan.toml`: marks the plan folder and says whose plan it is.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanFile {
    /// The plan's title, shown on reports.
    pub title: String,
    /// The organisation whose plan this is.
    pub organisation: String,
    /// Month (1-12) the financial year starts in; UK councils: 4 (April). Decides what
    /// "2005/06" and "2005/06 Q1" mean.
    #[serde(default)]
    #[schemars(with = "Option<u32>", range(min = 1, max = 12))]
    pub financial_year_start: Option<Spanned<i64>>,
    /// Settings for `plan check`.
    #[serde(default)]
    pub check: Option<CheckSettings>,
}

/// `[check]` in `plan.toml`: rule severities for this plan, as `--deny` / `--allow` set them.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckSettings {
    /// Rules whose warnings are errors here, e.g. `["overdue"]`.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub deny: Vec<Spanned<String>>,
    /// Rules not reported here, e.g. `["empty-priority"]`.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub allow: Vec<Spanned<String>>,
}

/// `plan/owners.toml`: the roster of roles that may own actions.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OwnersFile {
    /// One entry per role.
    #[serde(default)]
    pub role: Vec<RoleEntry>,
}

/// A role: an office, not a person ("Chief Executive", "Corporate Directors").
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleEntry {
    /// The role's canonical name, as output shows it. Unique, case-insensitively.
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// Other whole names that mean this role (never parts of a name).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub aliases: Vec<Spanned<String>>,
    /// Group roles this role belongs to: it answers for the group's actions too.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub member_of: Vec<Spanned<String>>,
}

/// Any other `*.toml` under `plan/`: one priority and its actions.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PriorityFile {
    pub priority: PriorityEntry,
    /// The priority's actions, in order.
    #[serde(default)]
    pub action: Vec<ActionEntry>,
}

/// The `[priority]` table.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PriorityEntry {
    /// Unique across the plan and stable across edits: lowercase letters, digits, `-`, `.`.
    #[schemars(required, with = "String", regex(pattern = r"^[a-z0-9][a-z0-9.-]*$"))]
    pub id: Option<Spanned<String>>,
    pub title: String,
    /// Id of the priority this one is nested under.
    #[schemars(with = "Option<String>")]
    pub parent: Option<Spanned<String>>,
    /// Prose from the source document.
    pub description: Option<String>,
    /// The priority's stated aims, one each.
    #[serde(default)]
    pub aims: Vec<String>,
    /// Roles responsible; actions (and nested priorities) inherit them unless they set their own.
    #[schemars(with = "Option<Vec<String>>")]
    pub owners: Option<Spanned<Vec<Spanned<String>>>>,
    /// Due date, inherited by actions that set none. See `due` on actions for the forms.
    #[schemars(with = "Option<DueSchema>")]
    pub due: Option<Spanned<toml::Value>>,
    /// Free text about the date, e.g. the source's wording.
    pub due_note: Option<String>,
    /// Where in the source document this came from.
    pub source: Option<String>,
    /// Known gaps in this priority acknowledged on purpose, each with its reason.
    #[serde(default)]
    #[schemars(with = "Vec<WaiverEntry>")]
    pub waive: Vec<Spanned<WaiverEntry>>,
}

/// One `[[action]]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionEntry {
    /// Unique across the plan and stable across edits: lowercase letters, digits, `-`, `.`.
    #[schemars(required, with = "String", regex(pattern = r"^[a-z0-9][a-z0-9.-]*$"))]
    pub id: Option<Spanned<String>>,
    pub title: String,
    /// Roles responsible; overrides the priority's.
    #[schemars(with = "Option<Vec<String>>")]
    pub owners: Option<Spanned<Vec<Spanned<String>>>>,
    /// Due date; overrides the priority's.
    #[schemars(with = "Option<DueSchema>")]
    pub due: Option<Spanned<toml::Value>>,
    /// Free text about the date, e.g. "Date of next Residents Survey".
    pub due_note: Option<String>,
    /// `planned` (default), `in-progress`, `done` or `dropped`.
    #[schemars(with = "Option<StatusSchema>")]
    pub status: Option<Spanned<String>>,
    /// Where in the source document this came from.
    pub source: Option<String>,
    /// Known gaps in this action acknowledged on purpose, each with its reason.
    #[serde(default)]
    #[schemars(with = "Vec<WaiverEntry>")]
    pub waive: Vec<Spanned<WaiverEntry>>,
}

/// A `[[action.waive]]` or `[[priority.waive]]`: one completeness finding of this item that
/// `plan check` counts and lists as waived instead of failing on it. Covers this item only;
/// nothing inherits it, so a new gap elsewhere still fails.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WaiverEntry {
    /// The rule waived: `missing-owner`, `missing-date`, `empty-priority` or `overdue`.
    #[schemars(required, with = "WaivableRule")]
    pub rule: Option<Spanned<String>>,
    /// Why the gap is accepted, e.g. the source's own words. Must not be empty.
    #[schemars(required, with = "String", length(min = 1))]
    pub reason: Option<Spanned<String>>,
    /// Last day the waiver holds (a TOML date or "YYYY-MM-DD"); after it, `plan check`
    /// reports `expired-waiver`. Absent: until the gap is fixed.
    #[schemars(with = "Option<String>")]
    pub until: Option<Spanned<toml::Value>>,
}

/// The rules a waiver may name: completeness rules only.
#[derive(JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[allow(dead_code)] // exists only to describe the schema
enum WaivableRule {
    MissingOwner,
    MissingDate,
    EmptyPriority,
    Overdue,
}

/// A due date: a TOML date (`2004-04-30`) or a string naming a period: `"2004-04-30"`,
/// `"April 2004"`, `"2004-04"`, `"2004-Q2"`, `"Q2 2004"`, `"2004"`, `"2005/06"` (financial
/// year), `"2005/06 Q1"`, `"Nov/Dec 2005"`, `"31 March 2006"`, or `"continuous"`/`"ongoing"`.
/// Due at the end of the period.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)] // exists only to describe the schema
enum DueSchema {
    /// A period as officers write it.
    Text(String),
}

/// Status of an action.
#[derive(JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[allow(dead_code)] // exists only to describe the schema
enum StatusSchema {
    Planned,
    InProgress,
    Done,
    Dropped,
}

/// The checked-in JSON Schemas (file name under `schema/`, pretty JSON), for editors: see
/// `.taplo.toml`. A test fails when these differ from the files.
pub fn schema_files() -> Vec<(&'static str, String)> {
    let pretty = |schema: schemars::Schema| {
        let mut text = serde_json::to_string_pretty(&schema).expect("a schema is valid JSON");
        text.push('\n');
        text
    };
    vec![
        ("plan.schema.json", pretty(schemars::schema_for!(PlanFile))),
        (
            "owners.schema.json",
            pretty(schemars::schema_for!(OwnersFile)),
        ),
        (
            "priority.schema.json",
            pretty(schemars::schema_for!(PriorityFile)),
        ),
    ]
}

/// Keys a table of type `T` accepts, read off the same definition the schema comes from.
///
/// Generating a schema costs thousands of allocations, and the loader asks once per table
/// (100,000 times for 100,000 actions), so each type's keys are worked out once per process
/// and kept. The few lists are leaked on purpose: they live as long as the program.
pub fn known_keys<T: JsonSchema + 'static>() -> &'static [&'static str] {
    static CACHE: Mutex<Vec<(TypeId, &'static [&'static str])>> = Mutex::new(Vec::new());
    let wanted = TypeId::of::<T>();
    let mut cache = CACHE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(&(_, keys)) = cache.iter().find(|(id, _)| *id == wanted) {
        return keys;
    }
    let schema = schemars::schema_for!(T);
    let keys: Vec<&'static str> = schema
        .get("properties")
        .and_then(|p| p.as_object())
        .map(|p| {
            p.keys()
                .map(|k| &*Box::leak(k.clone().into_boxed_str()))
                .collect()
        })
        .unwrap_or_default();
    let keys: &'static [&'static str] = Box::leak(keys.into_boxed_slice());
    cache.push((wanted, keys));
    keys
}
