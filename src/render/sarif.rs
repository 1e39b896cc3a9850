//! `plan check --format sarif`: SARIF 2.1.0 (OASIS), the format GitHub code scanning, Azure
//! DevOps and many editors read. One run; every rule's metadata; waived findings as results
//! with an accepted in-source suppression. Columns count characters (`unicodeCodePoints`), as
//! everywhere else in `plan`, and start at 1, as SARIF requires.
//!
//! GitHub code scanning refuses a whole upload if one result breaks its rules, so every
//! result has a location (a finding about the plan as a whole, with no place of its own, is
//! put on line 1 of `plan.toml`), and every rule has the `shortDescription`,
//! `fullDescription` and `help` it shows on an alert.

use serde_json::{Value, json};

use crate::check::{Verdict, Waived};
use crate::diag::{Diagnostic, Place, Rule, Severity, SourceMap};

/// The `$schema` a SARIF 2.1.0 log names.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Where the tool's documentation is (`tool.driver.informationUri`): the package's
/// repository, from Cargo.toml.
pub const INFORMATION_URI: &str = env!("CARGO_PKG_REPOSITORY");

/// The whole SARIF log for one `plan check`. `paths` are the files' paths from the root of
/// the repository (indexed by file), as code scanning matches results to files by them;
/// `plan_level` is the path findings with no place of their own are put on (`plan.toml`).
pub fn log(sources: &SourceMap, verdict: &Verdict, paths: &[String], plan_level: &str) -> Value {
    let rules: Vec<Value> = Rule::ALL.iter().map(|&rule| descriptor(rule)).collect();
    let mut results: Vec<(&Diagnostic, Option<&Waived>)> = verdict
        .findings
        .iter()
        .map(|d| (d, None))
        .chain(verdict.waived.iter().map(|w| (&w.finding, Some(w))))
        .collect();
    results.sort_by(|a, b| a.0.sort_key().cmp(&b.0.sort_key()));
    let results: Vec<Value> = results
        .into_iter()
        .map(|(finding, waived)| result(sources, paths, plan_level, finding, waived))
        .collect();
    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "plan",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": INFORMATION_URI,
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn descriptor(rule: Rule) -> Value {
    json!({
        "id": rule.name(),
        "shortDescription": { "text": short_description(rule) },
        "fullDescription": { "text": full_description(rule) },
        "help": { "text": help(rule) },
        "defaultConfiguration": { "level": level(rule.default_severity()) },
    })
}

fn result(
    sources: &SourceMap,
    paths: &[String],
    plan_level: &str,
    finding: &Diagnostic,
    waived: Option<&Waived>,
) -> Value {
    let mut text = finding.message.clone();
    if let Some(help) = &finding.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    let index = Rule::ALL.iter().position(|&r| r == finding.rule);
    let mut result = json!({
        "ruleId": finding.rule.name(),
        "ruleIndex": index,
        "level": level(finding.severity),
        "message": { "text": text },
    });
    let location = match &finding.place {
        Some(place) => physical(sources, paths, place),
        None => json!({
            "artifactLocation": { "uri": uri(plan_level), "uriBaseId": "%SRCROOT%" },
            "region": { "startLine": 1 },
        }),
    };
    result["locations"] = json!([{ "physicalLocation": location }]);
    if !finding.related.is_empty() {
        let related: Vec<Value> = finding
            .related
            .iter()
            .enumerate()
            .map(|(i, (place, label))| {
                json!({
                    "id": i,
                    "physicalLocation": physical(sources, paths, place),
                    "message": { "text": label },
                })
            })
            .collect();
        result["relatedLocations"] = Value::Array(related);
    }
    if let Some(id) = &finding.id {
        result["properties"] = json!({ "id": id });
    }
    if let Some(waived) = waived {
        let mut suppression = json!({
            "kind": "inSource",
            "status": "accepted",
            "justification": waived.reason,
        });
        if let Some(until) = waived.until {
            suppression["properties"] = json!({ "until": until.to_string() });
        }
        result["suppressions"] = json!([suppression]);
    } else {
        // SARIF 2.1.0 §3.27.23: a run's results have `suppressions` all or none, so a reader
        // knows waivers were looked at; `plan` always looks.
        result["suppressions"] = json!([]);
    }
    result
}

/// A place as a SARIF `physicalLocation`: the file's path from the repository root, and the
/// region in 1-based lines and character columns.
fn physical(sources: &SourceMap, paths: &[String], place: &Place) -> Value {
    let at = sources.locate(place);
    let path = paths.get(place.file.0 as usize).unwrap_or(&at.file);
    json!({
        "artifactLocation": { "uri": uri(path), "uriBaseId": "%SRCROOT%" },
        "region": {
            "startLine": at.line,
            "startColumn": at.column,
            "endLine": at.end_line,
            "endColumn": at.end_column,
        }
    })
}

/// A relative URI reference for a `/`-separated path: each segment percent-encoded except
/// for unreserved characters, so spaces and `#` in file names stay part of the path.
fn uri(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            segment
                .bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                        (b as char).to_string()
                    }
                    _ => format!("%{b:02X}"),
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Each rule's one-line description (SARIF `shortDescription`). A match, not a table, so a
/// new rule cannot be added without its text.
fn short_description(rule: Rule) -> &'static str {
    match rule {
        Rule::Io => "A file or folder cannot be read",
        Rule::Parse => "Not TOML, or not UTF-8",
        Rule::UnknownField => "A key the format does not have",
        Rule::WrongType => "A value of the wrong type",
        Rule::MissingField => "A required key or table is missing",
        Rule::MissingId => "A priority or action has no id",
        Rule::DuplicateId => "The same id is used twice",
        Rule::BadId => "Not a valid id",
        Rule::UnknownParent => "parent names no priority",
        Rule::ParentCycle => "Priorities nested in a loop",
        Rule::DuplicateRole => "A role or alias is listed twice in owners.toml",
        Rule::TooDeep => "A priority nested more than 32 levels deep",
        Rule::UnknownOwner => "An owner not on the roster",
        Rule::BadDate => "A date that cannot be read without guessing",
        Rule::BadStatus => "An unknown status",
        Rule::MissingOwner => "An action with no owner",
        Rule::MissingDate => "An action with no due date",
        Rule::EmptyPriority => "A priority with no actions",
        Rule::Overdue => "An open action past its due-by day",
        Rule::UpdateWithoutNote => "A progress update with no note",
        Rule::BadRag => "A RAG rating other than green, amber or red",
        Rule::BadPercent => "percent outside 0-100",
        Rule::DoneOnOpen => "done_on on an action that is not done",
        Rule::DoneInFuture => "done_on after today",
        Rule::UpdateOrder => "Progress updates out of date order",
        Rule::Stale => "No recent progress update",
        Rule::BadWaiver => "A waiver that cannot be honoured",
        Rule::ExpiredWaiver => "A waiver past its until day",
        Rule::UnusedWaiver => "A waiver whose gap is closed",
        Rule::BadPeriod => "An indicator period that is not a month, quarter or year of the plan",
        Rule::DuplicatePeriod => "Two targets, actuals or benchmarks for one period",
        Rule::BadValue => "An indicator figure that is not a number, or a % outside 0-100",
        Rule::MissingTarget => "An indicator actual with no target for its period",
        Rule::LateData => "An indicator period ended with no actual recorded",
    }
}

/// What each rule checks and why it matters (SARIF `fullDescription`, shown at the top of a
/// code scanning alert); exhaustive for the same reason.
fn full_description(rule: Rule) -> &'static str {
    match rule {
        Rule::Io => {
            "A plan file or folder could not be read (missing, unreadable, too large, or a link leading out of the plan folder), so what it holds is not in the plan."
        }
        Rule::Parse => {
            "A plan file is not valid TOML, or not UTF-8 text, so none of it can be read."
        }
        Rule::UnknownField => {
            "A key that the plan format does not have; usually a misspelt key, whose value would otherwise be silently ignored."
        }
        Rule::WrongType => {
            "A value of the wrong type for its key, such as a plain string where a list of owners is expected."
        }
        Rule::MissingField => {
            "A key or table that the plan format requires is missing, such as an action's title or a file's [priority] table."
        }
        Rule::MissingId => {
            "A priority or action has no id, so it cannot be referred to by commands, reports or calendars."
        }
        Rule::DuplicateId => {
            "The same id is used by two priorities or actions; ids must be unique across the whole plan. The related location is the first use."
        }
        Rule::BadId => {
            "An id that is not lowercase letters, digits, '-' and '.', starting with a letter or digit."
        }
        Rule::UnknownParent => "A priority's parent names no priority in the plan.",
        Rule::ParentCycle => {
            "Priorities whose parents lead round in a loop, so none of them has a place in the tree."
        }
        Rule::DuplicateRole => {
            "A role or alias listed twice in owners.toml (names match case-insensitively), so an owner name would be ambiguous."
        }
        Rule::TooDeep => "A priority nested more than 32 levels below the top of the plan.",
        Rule::UnknownOwner => {
            "An owner name that is neither a role nor an alias on the roster in owners.toml, usually a misspelling."
        }
        Rule::BadDate => {
            "A due date or done_on day that cannot be read as one date without guessing (see docs/dates.md for every form read)."
        }
        Rule::BadStatus => "A status other than planned, in-progress, done or dropped.",
        Rule::MissingOwner => {
            "An action with no owner on itself or on any priority above it, so nobody answers for it."
        }
        Rule::MissingDate => {
            "An action with no due date on itself or on any priority above it, or one said in words not yet agreed (\"TBC\")."
        }
        Rule::EmptyPriority => "A priority with no actions and no priorities nested under it.",
        Rule::Overdue => {
            "An open (planned or in-progress) action whose due-by day, the last day of its due period, is before today."
        }
        Rule::UpdateWithoutNote => "A progress update that does not say what happened.",
        Rule::BadRag => "A progress update's RAG rating other than green, amber or red.",
        Rule::BadPercent => "A progress update's percent outside 0 to 100.",
        Rule::DoneOnOpen => "done_on is given on an action whose status is not done.",
        Rule::DoneInFuture => "done_on, the day an action was finished, is after today.",
        Rule::UpdateOrder => "An action's progress updates are not in date order, oldest first.",
        Rule::Stale => {
            "An open, dated action with no progress update within [check] stale_after of today."
        }
        Rule::BadWaiver => {
            "A waiver that cannot be honoured: it names no rule, a rule that cannot be waived, or an unknown one; it gives no reason; or its until day cannot be read."
        }
        Rule::ExpiredWaiver => {
            "A waiver whose until day has passed, so the gap it accepted is reported again."
        }
        Rule::UnusedWaiver => "A waiver for a gap that is no longer there; it can be removed.",
        Rule::BadPeriod => {
            "An indicator's target, actual or quartiles period that is not a financial year, quarter or month of the plan's financial year, or an actual not of the indicator's frequency; the entry is left out."
        }
        Rule::DuplicatePeriod => {
            "Two targets, two actuals or two quartiles for the same period of an indicator; the second is left out, since which counts would be a guess."
        }
        Rule::BadValue => {
            "An indicator figure that is not a number, a percentage outside 0 to 100, quartiles that are not three ascending numbers, or a tolerance that cannot be read."
        }
        Rule::MissingTarget => {
            "An indicator has an actual for a period that no target covers (neither the period's own nor its year's), so it cannot be rated."
        }
        Rule::LateData => {
            "An indicator period ended more than data_due_after days (plan.toml, default 30) before today with no actual recorded."
        }
    }
}

/// How to fix what each rule finds (SARIF `help`); exhaustive for the same reason.
fn help(rule: Rule) -> &'static str {
    match rule {
        Rule::Io => "Restore or move the file; see docs/limits.md",
        Rule::Parse => "Fix the syntax at the marked place",
        Rule::UnknownField => "Use one of the keys the help lists (usually a typo)",
        Rule::WrongType => "e.g. owners = [\"Chief Executive\"], not a plain string",
        Rule::MissingField => "Add it, e.g. title, or the [priority] table",
        Rule::MissingId => "Add an id unique across the plan, e.g. id = \"rn-7\"",
        Rule::DuplicateId => "Rename one; ids are unique across the plan",
        Rule::BadId => "Use lowercase letters, digits, '-' and '.'",
        Rule::UnknownParent => "Use an existing priority id",
        Rule::ParentCycle => "Remove one parent",
        Rule::DuplicateRole => "List each role once",
        Rule::TooDeep => "Nest it under a priority nearer the top; see docs/limits.md",
        Rule::UnknownOwner => "Use a name or alias from owners.toml, or add the role",
        Rule::BadDate => "One date per field, e.g. due = \"April 2004\"; the rest in due_note",
        Rule::BadStatus => "Use planned, in-progress, done or dropped",
        Rule::MissingOwner => "Add owners = [\"Role\"] to the action or its priority",
        Rule::MissingDate => {
            "Add due = \"2005/06\", or due = \"continuous\"; or waive it with a reason"
        }
        Rule::EmptyPriority => "Add [[action]]s or nest priorities under it",
        Rule::Overdue => "Mark it done or dropped, or agree a new date",
        Rule::UpdateWithoutNote => "Say what happened: note = \"...\"",
        Rule::BadRag => "rag = \"amber\"",
        Rule::BadPercent => "percent = 40",
        Rule::DoneOnOpen => "Set status = \"done\", or remove done_on",
        Rule::DoneInFuture => "done_on is the day it was finished; a target date is due",
        Rule::UpdateOrder => "Keep [[action.update]]s oldest first",
        Rule::Stale => "Record one: plan update ID \"what happened\"",
        Rule::BadWaiver => {
            "Waive only missing-owner, missing-date, empty-priority, overdue, missing-target or late-data, with a reason"
        }
        Rule::ExpiredWaiver => "Close the gap, or agree a new date and change until",
        Rule::UnusedWaiver => "Remove the waiver",
        Rule::BadPeriod => {
            "period = \"2005/06 Q1\" (a quarterly indicator's actual); see docs/indicators.md"
        }
        Rule::DuplicatePeriod => "Keep one per period; restate a figure with plan record --replace",
        Rule::BadValue => "value = 96.1 (a number; a percentage from 0 to 100)",
        Rule::MissingTarget => "Add [[indicator.target]] for the period or its year",
        Rule::LateData => "Record it: plan record ID PERIOD VALUE",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_encode_what_is_not_a_plain_path_character() {
        assert_eq!(uri("plan/a b/#1.toml"), "plan/a%20b/%231.toml");
        assert_eq!(uri("plan/é.toml"), "plan/%C3%A9.toml");
    }
}
