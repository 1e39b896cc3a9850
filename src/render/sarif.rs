//! `plan check --format sarif`: SARIF 2.1.0 (OASIS), the format GitHub code scanning, Azure
//! DevOps and many editors read. One run; every rule's metadata; waived findings as results
//! with an accepted in-source suppression. Columns count characters (`unicodeCodePoints`), as
//! everywhere else in `plan`, and start at 1, as SARIF requires.

use serde_json::{Value, json};

use crate::check::{Verdict, Waived};
use crate::diag::{Diagnostic, Rule, Severity, SourceMap};

/// The `$schema` a SARIF 2.1.0 log names.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The whole SARIF log for one `plan check`. `paths` are the files' paths from the root of
/// the repository (indexed by file), as code scanning matches results to files by them.
pub fn log(sources: &SourceMap, verdict: &Verdict, paths: &[String]) -> Value {
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
        .map(|(finding, waived)| result(sources, paths, finding, waived))
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
        "help": { "text": help(rule) },
        "defaultConfiguration": { "level": level(rule.default_severity()) },
    })
}

fn result(
    sources: &SourceMap,
    paths: &[String],
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
    if let Some(place) = &finding.place {
        let at = sources.locate(place);
        let path = paths.get(place.file.0 as usize).unwrap_or(&at.file);
        result["locations"] = json!([{
            "physicalLocation": {
                "artifactLocation": { "uri": uri(path), "uriBaseId": "%SRCROOT%" },
                "region": {
                    "startLine": at.line,
                    "startColumn": at.column,
                    "endLine": at.end_line,
                    "endColumn": at.end_column,
                }
            }
        }]);
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
    }
    result
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
