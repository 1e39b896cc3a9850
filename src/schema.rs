//! The plan files' format, as Rust types: the loader deserialises into these, and the JSON
//! Schema under `schema/` is generated from them, so the two cannot disagree.
//!
//! Values that need a location in diagnostics are `Spanned`; the schema sees their inner type.

use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::{DeserializeOwned, Visitor};
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
    /// How numeric day dates such as `31/03/2006` read: `"dmy"` (day first, as in the UK) or
    /// `"mdy"` (month first, as in the US). Without it they are `bad-date` errors: the tool
    /// never guesses. See docs/dates.md.
    #[serde(default)]
    #[schemars(with = "Option<DateOrderSchema>")]
    pub date_order: Option<Spanned<String>>,
    /// What `"Q2 2005"` means: `"calendar"` (April–June 2005, the default) or `"financial"`
    /// (the second quarter of the financial year 2005/06). See docs/dates.md.
    #[serde(default)]
    #[schemars(with = "Option<QuartersSchema>")]
    pub quarters: Option<Spanned<String>>,
    /// Days after a period ends by which its figures are due: an indicator's actual for a
    /// period that ended longer ago than this is late data (`plan check`'s `late-data`), and
    /// returns due after a period end are late past it too. Default 30.
    #[serde(default)]
    #[schemars(with = "Option<u32>", range(min = 0, max = 366))]
    pub data_due_after: Option<Spanned<i64>>,
    /// When the plan begins, for its recurring commitments: no period that ends before it is
    /// judged (a 2025/26 plan is not late for 2024/25). Any date form: `2025-04-01`,
    /// "2025/26", "April 2025" (the period's first day). Actions and priorities can set their own.
    #[serde(default)]
    #[schemars(with = "Option<DueSchema>")]
    pub start: Option<Spanned<toml::Value>>,
    /// Settings for `plan check`.
    #[serde(default)]
    pub check: Option<CheckSettings>,
    /// Settings for `plan report`.
    #[serde(default)]
    pub report: Option<ReportSettings>,
}

/// `[report]` in `plan.toml`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportSettings {
    /// The report's title (`plan report --title` wins), e.g. "Q2 2025/26 Performance
    /// Monitoring – Cabinet". Default: the plan's title.
    pub title: Option<String>,
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
    /// Report an open, dated action as `stale` when its latest progress update is older than
    /// this (`"90d"`, `"12w"`, `"3m"`), or it has none. Off when unset.
    #[schemars(with = "Option<String>")]
    pub stale_after: Option<Spanned<String>>,
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
    /// The priority's performance indicators, in order. See docs/indicators.md.
    #[serde(default)]
    pub indicator: Vec<IndicatorEntry>,
}

/// The `[priority]` table.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
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
    /// The first day of its recurring commitments (`quarterly` and the like): no period that
    /// ends before it is judged. Any date form (`2025-04-01`, "2025/26", "April 2025"): the
    /// period's first day. Inherited by its actions and nested priorities; default the plan's.
    #[schemars(with = "Option<DueSchema>")]
    pub start: Option<Spanned<toml::Value>>,
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
    // An `Arc`, so the action keeps the very string read (no copy per action).
    pub title: std::sync::Arc<str>,
    /// Roles responsible; overrides the priority's.
    #[schemars(with = "Option<Vec<String>>")]
    pub owners: Option<Spanned<Vec<Spanned<String>>>>,
    /// Due date; overrides the priority's.
    #[schemars(with = "Option<DueSchema>")]
    pub due: Option<Spanned<toml::Value>>,
    /// Free text about the date, e.g. "Date of next Residents Survey".
    pub due_note: Option<String>,
    /// The first day of its recurring commitments (`quarterly` and the like): no period that
    /// ends before it is judged. Any date form (`2025-04-01`, "2025/26", "April 2025"): the
    /// period's first day. Default: its priority's, else the plan's.
    #[schemars(with = "Option<DueSchema>")]
    pub start: Option<Spanned<toml::Value>>,
    /// `planned` (default), `in-progress`, `done` or `dropped`.
    #[schemars(with = "Option<StatusSchema>")]
    pub status: Option<Spanned<String>>,
    /// Where in the source document this came from.
    pub source: Option<String>,
    /// The day a `done` action was finished: a TOML date (`2004-03-15`) or the same as a string.
    #[schemars(with = "Option<DaySchema>")]
    pub done_on: Option<Spanned<toml::Value>>,
    /// Dated progress updates, oldest first: `[[action.update]]`.
    #[serde(default)]
    #[schemars(with = "Vec<UpdateEntry>")]
    pub update: Vec<Spanned<UpdateEntry>>,
    /// Known gaps in this action acknowledged on purpose, each with its reason.
    #[serde(default)]
    #[schemars(with = "Vec<WaiverEntry>")]
    pub waive: Vec<Spanned<WaiverEntry>>,
}

/// One `[[action.update]]`: what the owner reported on a day.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateEntry {
    /// The day of the update: a TOML date (`2004-03-15`) or the same as a string.
    #[schemars(with = "DaySchema")]
    pub date: Spanned<toml::Value>,
    /// What happened since the last update, in the owner's words. Required.
    #[schemars(required, with = "String")]
    pub note: Option<Spanned<String>>,
    /// The owner's own judgement: `green`, `amber` or `red`.
    #[schemars(with = "Option<RagSchema>")]
    pub rag: Option<Spanned<String>>,
    /// How far through the action is, 0 to 100.
    #[schemars(with = "Option<u8>", range(min = 0, max = 100))]
    pub percent: Option<Spanned<i64>>,
    /// Who reported: a role on the roster (matched as owners are).
    #[schemars(with = "Option<String>")]
    pub by: Option<Spanned<String>>,
}

/// One `[[indicator]]`: a performance measure with its targets, actuals and benchmarks.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorEntry {
    /// Unique across the plan (actions' ids too) and stable across edits.
    #[schemars(required, with = "String", regex(pattern = r"^[a-z0-9][a-z0-9.-]*$"))]
    pub id: Option<Spanned<String>>,
    pub title: String,
    /// `"%"`, `"number"`, `"days"`, `"£"`, or any short text. Percentages must lie in 0–100.
    pub unit: Option<String>,
    /// Which way is better: `higher` or `lower`.
    #[schemars(with = "PolaritySchema")]
    pub polarity: Spanned<String>,
    /// How often it is measured: `monthly`, `quarterly` or `annual` (periods of the plan's
    /// financial year). Actuals are periods of this length.
    #[schemars(with = "FrequencySchema")]
    pub frequency: Spanned<String>,
    /// The amber band short of the target: `"2%"` of the target, or an absolute amount
    /// (`"1.5"` or `1.5`). Absent: no amber band.
    #[schemars(with = "Option<ToleranceSchema>")]
    pub tolerance: Option<Spanned<toml::Value>>,
    /// Roles responsible; overrides the priority's.
    #[schemars(with = "Option<Vec<String>>")]
    pub owners: Option<Spanned<Vec<Spanned<String>>>>,
    /// Where in the source document this came from (e.g. "BVPI 66a").
    pub source: Option<String>,
    /// Targets, each for a period; a year's target applies to its quarters and months.
    #[serde(default)]
    #[schemars(with = "Vec<FigureEntry>")]
    pub target: Vec<Spanned<FigureEntry>>,
    /// Actual figures, one per period of its frequency.
    #[serde(default)]
    #[schemars(with = "Vec<ActualEntry>")]
    pub actual: Vec<Spanned<ActualEntry>>,
    /// Benchmarks: lower quartile, median and upper quartile for a period.
    #[serde(default)]
    #[schemars(with = "Vec<QuartilesEntry>")]
    pub quartiles: Vec<Spanned<QuartilesEntry>>,
    /// Known gaps acknowledged on purpose (`missing-owner`, `missing-target`, `late-data`).
    #[serde(default)]
    #[schemars(with = "Vec<WaiverEntry>")]
    pub waive: Vec<Spanned<WaiverEntry>>,
}

/// One `[[indicator.target]]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FigureEntry {
    /// A financial year, quarter or month: `"2005/06"`, `"2005/06 Q1"`, `"April 2005"`.
    #[schemars(with = "String")]
    pub period: Spanned<toml::Value>,
    /// A number.
    #[schemars(with = "f64")]
    pub value: Spanned<toml::Value>,
}

/// One `[[indicator.actual]]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActualEntry {
    /// A period of the indicator's frequency: `"2005/06 Q1"` for a quarterly one.
    #[schemars(with = "String")]
    pub period: Spanned<toml::Value>,
    /// A number.
    #[schemars(with = "f64")]
    pub value: Spanned<toml::Value>,
    /// Commentary on the figure.
    pub note: Option<String>,
    /// Who reported it: a role on the roster.
    #[schemars(with = "Option<String>")]
    pub by: Option<Spanned<String>>,
}

/// One `[[indicator.quartiles]]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuartilesEntry {
    /// The period the benchmark is for, usually a financial year.
    #[schemars(with = "String")]
    pub period: Spanned<toml::Value>,
    /// Lower quartile, median, upper quartile, ascending (whatever the polarity).
    #[schemars(with = "[f64; 3]")]
    pub values: Spanned<toml::Value>,
}

/// Which way is better.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)] // exists only to describe the schema
enum PolaritySchema {
    Higher,
    Lower,
}

/// How often an indicator is measured.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)] // exists only to describe the schema
enum FrequencySchema {
    Monthly,
    Quarterly,
    Annual,
}

/// `"2%"` (of the target) or an absolute amount.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)] // exists only to describe the schema
enum ToleranceSchema {
    Text(String),
    Number(f64),
}

/// A day: a TOML date (`2004-03-15`) or a string `"2004-03-15"`.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)] // exists only to describe the schema
enum DaySchema {
    Text(String),
}

/// The owner's RAG rating: any case is read (`Green`, `AMBER`), as the loader reads it.
struct RagSchema;

impl JsonSchema for RagSchema {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "RagSchema".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        any_case(
            "The owner's RAG rating (any case).",
            crate::model::Rag::ALL.map(|r| r.name()),
        )
    }
}

/// A `[[action.waive]]` or `[[priority.waive]]`: one completeness finding of this item that
/// `plan check` counts and lists as waived instead of failing on it. Covers this item only;
/// nothing inherits it, so a new gap elsewhere still fails.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WaiverEntry {
    /// The rule waived: `missing-owner`, `missing-date`, `empty-priority`, `overdue`, or on
    /// an indicator `missing-target` or `late-data`.
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
    MissingTarget,
    LateData,
}

/// A due date: a TOML date (`2004-04-30`) or a string naming a period: `"2004-04-30"`,
/// `"31 March 2006"`, `"April 2004"`, `"Mar-06"`, `"2004-Q2"`, `"2004"`, `"2005/06"`
/// (financial year), `"2005/06 Q1"`, `"H1 2005/06"`, `"Summer 2005"`, `"Nov/Dec 2005"`,
/// `"continuous"`, `"from April 2005"`, `"TBC"` (no date yet), or `"monthly"`, `"quarterly"`,
/// `"annually"` (recurring: due at the end of every period, late when one ends with no
/// update). Due at the end of the period; forms with two readings (`"2005-06"`) are errors.
/// Every form: docs/dates.md.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)] // exists only to describe the schema
enum DueSchema {
    /// A period as officers write it.
    Text(String),
}

/// `date_order` in `plan.toml`.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)] // exists only to describe the schema
enum DateOrderSchema {
    /// Day first: 31/03/2006.
    Dmy,
    /// Month first: 03/31/2006.
    Mdy,
}

/// `quarters` in `plan.toml`.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)] // exists only to describe the schema
enum QuartersSchema {
    /// Q1 is January–March.
    Calendar,
    /// Q1 is the first quarter of the financial year starting that year.
    Financial,
}

/// Status of an action: any case is read (`Done`, `In-Progress`), as the loader reads it.
struct StatusSchema;

impl JsonSchema for StatusSchema {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "StatusSchema".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        any_case(
            "Status of an action (any case).",
            crate::model::Status::ALL.map(|s| s.name()),
        )
    }
}

/// One of `words` in any case: the lower-case words are offered (editors complete them) and
/// every casing is accepted, since `Status::from_word` and `Rag::from_word` ignore case.
fn any_case<const N: usize>(description: &str, words: [&str; N]) -> schemars::Schema {
    let either_case = |word: &str| -> String {
        word.chars()
            .map(|c| match c {
                c if c.is_ascii_alphabetic() => {
                    format!("[{}{}]", c.to_ascii_lowercase(), c.to_ascii_uppercase())
                }
                '-' => "-".to_owned(),
                c => format!("\\{c}"),
            })
            .collect()
    };
    let pattern = words.map(either_case).join("|");
    schemars::json_schema!({
        "description": description,
        "type": "string",
        "anyOf": [
            { "enum": words.to_vec() },
            { "pattern": format!("^(?:{pattern})$") }
        ]
    })
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

/// Keys a table of type `T` accepts, in declaration order: the field names serde's derive
/// gives `T` (the same definition the schema comes from), read by asking `T` to deserialise
/// from a probe that only records them. No schema is built and nothing is allocated, so the
/// loader can ask once per table (100,000 times for 100,000 actions).
pub fn known_keys<T: DeserializeOwned>() -> &'static [&'static str] {
    let mut probe = FieldProbe(None);
    // The probe always fails: it stops `T` as soon as `T` has said which fields it has.
    let _ = T::deserialize(&mut probe);
    probe.0.unwrap_or(&[])
}

/// A deserializer that records the field list a derived struct hands to `deserialize_struct`.
struct FieldProbe(Option<&'static [&'static str]>);

#[derive(Debug)]
struct Probed;

impl std::fmt::Display for Probed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("field names probed")
    }
}

impl std::error::Error for Probed {}

impl serde::de::Error for Probed {
    fn custom<M: std::fmt::Display>(_: M) -> Self {
        Probed
    }
}

impl<'de> serde::Deserializer<'de> for &mut FieldProbe {
    type Error = Probed;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Probed> {
        Err(Probed)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Probed> {
        self.0 = Some(fields);
        Err(Probed)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The keys the loader accepts are the properties the published schema lists.
    fn same_keys<T: DeserializeOwned + JsonSchema>() {
        let schema = schemars::schema_for!(T);
        let mut from_schema: Vec<&str> = schema
            .get("properties")
            .and_then(|p| p.as_object())
            .map(|p| p.keys().map(String::as_str).collect())
            .unwrap_or_default();
        from_schema.sort_unstable();
        let mut known = known_keys::<T>().to_vec();
        known.sort_unstable();
        assert!(!known.is_empty());
        assert_eq!(known, from_schema);
    }

    #[test]
    fn known_keys_match_the_schema() {
        same_keys::<PlanFile>();
        same_keys::<CheckSettings>();
        same_keys::<OwnersFile>();
        same_keys::<RoleEntry>();
        same_keys::<PriorityFile>();
        same_keys::<PriorityEntry>();
        same_keys::<ActionEntry>();
        same_keys::<IndicatorEntry>();
        same_keys::<FigureEntry>();
        same_keys::<ActualEntry>();
        same_keys::<QuartilesEntry>();
        assert_eq!(known_keys::<ActionEntry>()[..2], ["id", "title"]);
    }
}
