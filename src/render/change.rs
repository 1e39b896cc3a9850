//! A change to an action ([`crate::diff::Change`]) or an indicator
//! ([`IndicatorChange`]) in words and as JSON, for every writer: `plan diff` (table,
//! Markdown, CSV, JSON), `plan history` and the report's "Changes since" (HTML, Markdown,
//! XLSX). The change itself holds only typed values; this is the one place they are worded.

use serde::ser::{Serialize, SerializeMap as _, Serializer};

use crate::diff::indicators::IndicatorChange;
use crate::diff::{Change, Due, Section, UpdateState, Value};

/// The change in a sentence: "slipped by 2 months (April 2004 → June 2004)", "planned → done on
/// 2004-04-12", "due March 2005, owned by Director of Housing".
pub fn detail(change: &Change) -> String {
    let (before, after) = (change.before.as_ref(), change.after.as_ref());
    match (change.change, before, after) {
        (Section::Added, _, Some(Value::Action { due, owners, .. })) => {
            format!("{}, {}", due_words(due), owned_by(owners))
        }
        (
            Section::Removed,
            Some(Value::Action {
                status,
                due,
                owners,
            }),
            _,
        ) => format!(
            "was {}, {}, {}",
            status.name(),
            due_words(due),
            owned_by(owners)
        ),
        (Section::Slipped | Section::BroughtForward, Some(before), Some(after)) => {
            let verb = if change.change == Section::Slipped {
                "slipped by"
            } else {
                "brought forward by"
            };
            let moved = change.shift.map(|s| s.words()).unwrap_or_default();
            let (was, now) = (due_as_written(before), due_as_written(after));
            format!("{verb} {moved} ({was} → {now}){}", because(after))
        }
        (_, Some(Value::Title(was)), _) => format!("was \"{was}\""),
        (
            _,
            Some(Value::Priority { id, title }),
            Some(Value::Priority {
                id: to,
                title: to_title,
            }),
        ) => {
            format!("{id} ({title}) → {to} ({to_title})")
        }
        (_, None, Some(after)) => shown(after),
        (_, Some(before), Some(after)) => format!("{} → {}", shown(before), shown(after)),
        (_, Some(before), None) => shown(before),
        (_, None, None) => String::new(),
    }
}

/// The change in a few words, for a line of `plan history`.
pub fn words(change: &Change) -> String {
    let detail = detail(change);
    match change.change {
        Section::Added => format!("added ({detail})"),
        Section::Removed => "removed".to_owned(),
        Section::Done | Section::Dropped | Section::Reopened | Section::Progress => {
            format!("status {detail}")
        }
        Section::Slipped | Section::BroughtForward => detail,
        Section::DueChanged => format!("due {detail}"),
        Section::OwnersChanged => format!("owners {detail}"),
        Section::Retitled => format!("retitled; {detail}"),
        Section::MovedPriority => format!("priority {detail}"),
        Section::MovedFile => format!("file {detail}"),
        Section::DoneOn => format!("done_on {detail}"),
        Section::Updated => format!("update {detail}"),
    }
}

/// One side of a change as people read it: a status, a due date as written, owners, a day.
fn shown(value: &Value) -> String {
    match value {
        Value::Action { status, .. } => status.name().to_owned(),
        Value::Status { status, on, reason } => {
            let on = on.map(|day| format!(" on {day}")).unwrap_or_default();
            let reason = reason
                .as_ref()
                .map(|why| format!(": {why}"))
                .unwrap_or_default();
            format!("{}{on}{reason}", status.name())
        }
        Value::Due(_) => format!("{}{}", due_as_written(value), because(value)),
        Value::Day(day) => day.map_or_else(|| "none".to_owned(), |d| d.to_string()),
        Value::Owners(owners) if owners.is_empty() => "no owner".into(),
        Value::Owners(owners) => owners.join("; "),
        Value::Update(update) => update_words(update),
        Value::Title(text) | Value::File(text) => text.clone(),
        Value::Priority { id, .. } => id.clone(),
    }
}

/// A due date as written ("no date" for none); any other value as [`shown`].
fn due_as_written(value: &Value) -> String {
    match value {
        Value::Due(due) => due.written.clone().unwrap_or_else(|| "no date".into()),
        other => shown(other),
    }
}

/// ": the reason" after a due date moved with one (`plan set --due … --reason`), else nothing.
fn because(value: &Value) -> String {
    match value {
        Value::Due(Due {
            reason: Some(why), ..
        }) => format!(": {why}"),
        _ => String::new(),
    }
}

/// "2004-04-20 (amber, 40%): Draft to Cabinet in June".
pub fn update_words(update: &UpdateState) -> String {
    let mut details: Vec<String> = update.rag.iter().map(|r| r.name().to_owned()).collect();
    details.extend(update.percent.map(|p| format!("{p}%")));
    let details = if details.is_empty() {
        String::new()
    } else {
        format!(" ({})", details.join(", "))
    };
    format!("{}{details}: {}", update.date, update.note)
}

fn due_words(due: &Due) -> String {
    if due.unreadable {
        return "an unreadable due date".into();
    }
    match &due.written {
        Some(written) if due.due_by.is_none() => written.clone(),
        Some(written) => format!("due {written}"),
        None => "no due date".into(),
    }
}

fn owned_by(owners: &[String]) -> String {
    if owners.is_empty() {
        "no owner".into()
    } else {
        format!("owned by {}", owners.join("; "))
    }
}

/// One side of a change in JSON: the form people read (a status name, a due date as written,
/// owners as a list, an update as its fields, a day as `yyyy-mm-dd`), `null` for none.
fn json(value: Option<&Value>) -> serde_json::Value {
    use serde_json::json;
    let Some(value) = value else {
        return serde_json::Value::Null;
    };
    match value {
        Value::Action { status, .. } | Value::Status { status, .. } => json!(status.name()),
        Value::Due(due) => json!(due.written),
        Value::Day(day) => json!(day.map(|d| d.to_string())),
        Value::Owners(owners) => json!(owners),
        Value::Update(update) => json!({
            "date": update.date.to_string(),
            "note": update.note,
            "rag": update.rag,
            "percent": update.percent,
        }),
        Value::Title(text) | Value::File(text) => json!(text),
        Value::Priority { id, .. } => json!(id),
    }
}

/// A change in JSON: `change`, `id`, `title`, `before` and `after` as people read them; for a
/// due date, `due_by` before and after as `yyyy-mm-dd` (or `null`) and `reason` when the move
/// recorded one; `days` and `months` for a counted move; `detail` in words.
impl Serialize for Change {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("change", &self.change)?;
        map.serialize_entry("id", &self.id)?;
        map.serialize_entry("title", &self.title)?;
        map.serialize_entry("before", &json(self.before.as_ref()))?;
        map.serialize_entry("after", &json(self.after.as_ref()))?;
        if let (Some(Value::Due(before)), Some(Value::Due(after))) = (&self.before, &self.after) {
            let day = |due: &Due| due.due_by.map(crate::dates::iso_day);
            map.serialize_entry(
                "due_by",
                &serde_json::json!({"before": day(before), "after": day(after)}),
            )?;
            if let Some(reason) = &after.reason {
                map.serialize_entry("reason", reason)?;
            }
        }
        if let Some(shift) = self.shift {
            map.serialize_entry("days", &shift.days)?;
            if let Some(months) = shift.months {
                map.serialize_entry("months", &months)?;
            }
        }
        map.serialize_entry("detail", &detail(self))?;
        map.end()
    }
}

/// An indicator's change in words: "2005/06 Q2: 97.6%", "2005/06: 97.5% → 96.5% (after the
/// period began)", "removed, with 2 actuals and 1 target".
pub fn indicator_detail(change: &IndicatorChange) -> String {
    if let Some((actuals, targets)) = change.removed {
        let count = |n: usize, what: &str| match n {
            1 => format!("1 {what}"),
            n => format!("{n} {what}s"),
        };
        return format!(
            "removed, with {} and {}",
            count(actuals, "actual"),
            count(targets, "target")
        );
    }
    let shown = |v: Option<f64>| {
        v.map_or_else(
            || "none".to_owned(),
            |v| crate::model::indicator::with_unit(change.unit.as_deref(), v),
        )
    };
    let period = &change.period;
    let detail = match change.change {
        "new-actual" => format!("{period}: {}", shown(change.after)),
        _ => format!(
            "{period}: {} → {}",
            shown(change.before),
            shown(change.after)
        ),
    };
    if change.change == "target-changed-late" {
        format!("{detail} (after the period began)")
    } else {
        detail
    }
}

/// An indicator's change in JSON: `change`, `id`, `title`, `period`, `before` and `after` as
/// numbers (or `null`), and `detail` in words.
impl Serialize for IndicatorChange {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(7))?;
        map.serialize_entry("change", self.change)?;
        map.serialize_entry("id", &self.id)?;
        map.serialize_entry("title", &self.title)?;
        map.serialize_entry("period", &self.period)?;
        map.serialize_entry("before", &self.before)?;
        map.serialize_entry("after", &self.after)?;
        map.serialize_entry("detail", &indicator_detail(self))?;
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::diff::{ActionState, UpdateState, changes_of, compare};
    use crate::model::Status;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn details(old: &ActionState, new: &ActionState) -> Vec<String> {
        changes_of(Some(old), Some(new)).iter().map(words).collect()
    }

    #[test]
    fn every_kind_of_change_in_words() {
        let old = ActionState::sample("a-1");
        let mut new = old.clone();
        new.due = Some("June 2004".into());
        new.due_by = Some(day("2004-06-30"));
        new.owners = Vec::new();
        new.title = "Renamed".into();
        new.priority_id = "q".into();
        new.priority_title = "Q".into();
        new.file = "plan/q.toml".into();
        assert_eq!(
            details(&old, &new),
            [
                "slipped by 2 months (April 2004 → June 2004)",
                "owners Chief Executive → no owner",
                "retitled; was \"Action a-1\"",
                "priority p (P) → q (Q)",
                "file plan/p.toml → plan/q.toml",
            ]
        );
        let mut standing = old.clone();
        standing.due = Some("continuous".into());
        standing.due_by = None;
        assert_eq!(details(&old, &standing), ["due April 2004 → continuous"]);
        let mut earlier = old.clone();
        earlier.due_by = Some(day("2004-04-15"));
        earlier.due = Some("2004-04-15".into());
        assert_eq!(
            details(&old, &earlier),
            ["brought forward by 15 days (April 2004 → 2004-04-15)"]
        );
        let mut dropped = old.clone();
        dropped.status = Status::Dropped;
        dropped.updates.push(UpdateState {
            date: day("2004-04-02"),
            note: "No budget".into(),
            rag: None,
            percent: None,
        });
        assert_eq!(
            details(&old, &dropped),
            [
                "status planned → dropped: No budget",
                "update 2004-04-02: No budget"
            ]
        );
        let gone = compare(std::slice::from_ref(&old), &[]);
        assert_eq!(
            detail(&gone[0]),
            "was planned, due April 2004, owned by Chief Executive"
        );
        let mut undated = ActionState::sample("a-2");
        undated.due = None;
        undated.due_by = None;
        undated.owners = Vec::new();
        let added = compare(&[], &[undated]);
        assert_eq!(words(&added[0]), "added (no due date, no owner)");
    }

    #[test]
    fn done_on_and_new_updates() {
        let open = ActionState::sample("a-1");
        let mut done = open.clone();
        done.status = Status::Done;
        done.done_on = Some(day("2004-04-28"));
        done.updates.push(UpdateState {
            date: day("2004-04-28"),
            note: "Signed off".into(),
            rag: Some(crate::model::Rag::Green),
            percent: Some(100),
        });
        let changes = compare(&[open], std::slice::from_ref(&done));
        let words: Vec<String> = changes.iter().map(words).collect();
        assert_eq!(
            words,
            [
                "status planned → done on 2004-04-28",
                "update 2004-04-28 (green, 100%): Signed off"
            ]
        );
        let mut moved = done.clone();
        moved.done_on = Some(day("2004-04-29"));
        let changes = compare(&[done], &[moved]);
        assert_eq!(changes.len(), 1);
        assert_eq!(super::words(&changes[0]), "done_on 2004-04-28 → 2004-04-29");
    }

    /// A due date's JSON: as written for people, and its due-by days as ISO beside it.
    #[test]
    fn a_due_change_in_json_carries_iso_days() {
        let old = ActionState::sample("a-1");
        let mut new = old.clone();
        new.due = Some("continuous".into());
        new.due_by = None;
        let mut slipped = old.clone();
        slipped.due = Some("June 2004".into());
        slipped.due_by = Some(day("2004-06-30"));
        let json = |new: &ActionState| {
            serde_json::to_value(&compare(std::slice::from_ref(&old), std::slice::from_ref(new))[0])
                .unwrap()
        };
        assert_eq!(
            json(&slipped),
            serde_json::json!({
                "change": "slipped", "id": "a-1", "title": "Action a-1",
                "before": "April 2004", "after": "June 2004",
                "due_by": {"before": "2004-04-30", "after": "2004-06-30"},
                "days": 61, "months": 2,
                "detail": "slipped by 2 months (April 2004 → June 2004)"
            })
        );
        assert_eq!(
            json(&new),
            serde_json::json!({
                "change": "due-changed", "id": "a-1", "title": "Action a-1",
                "before": "April 2004", "after": "continuous",
                "due_by": {"before": "2004-04-30", "after": null},
                "detail": "April 2004 → continuous"
            })
        );
    }
}
