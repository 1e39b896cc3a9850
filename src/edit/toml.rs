//! Small changes to `toml_edit` tables that keep what is around them: the changed value's
//! own spacing and trailing comment stay, and new keys go at the end of their table.

use toml_edit::{Array, ArrayOfTables, Datetime, Item, Table, Value};

/// Sets `key` to `value`, keeping the spacing and comment around the old value if there was one.
pub fn set(table: &mut Table, key: &str, value: impl Into<Value>) {
    let mut value: Value = value.into();
    if let Some(old) = table.get(key).and_then(Item::as_value) {
        *value.decor_mut() = old.decor().clone();
    }
    table[key] = Item::Value(value);
}

/// Sets `key` to a list of strings.
pub fn set_strings(table: &mut Table, key: &str, items: &[String]) {
    let array: Array = items.iter().map(String::as_str).collect();
    set(table, key, array);
}

/// A new priority or action as `plan add` and `plan import` write it: the keys in this order,
/// each one left out when it has nothing (an empty owners list from `add` included).
#[derive(Debug, Default, Clone, Copy)]
pub struct NewItem<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub owners: Option<&'a [String]>,
    pub due: Option<&'a str>,
    pub due_note: Option<&'a str>,
    pub status: Option<crate::model::Status>,
    pub source: Option<&'a str>,
}

impl NewItem<'_> {
    /// The item's table, to push as an `[[action]]` or set as `[priority]`.
    pub fn table(&self) -> Table {
        fn text(table: &mut Table, key: &str, text: Option<&str>) {
            if let Some(text) = text {
                set(table, key, text);
            }
        }
        let mut table = Table::new();
        set(&mut table, "id", self.id);
        set(&mut table, "title", self.title);
        text(&mut table, "description", self.description);
        if let Some(owners) = self.owners {
            set_strings(&mut table, "owners", owners);
        }
        text(&mut table, "due", self.due);
        text(&mut table, "due_note", self.due_note);
        text(
            &mut table,
            "status",
            self.status.map(crate::model::Status::name),
        );
        text(&mut table, "source", self.source);
        table
    }
}

/// A TOML local date (`2004-03-15`, unquoted) for a day.
pub fn date(day: chrono::NaiveDate) -> Value {
    let datetime: Datetime = day
        .format("%Y-%m-%d")
        .to_string()
        .parse()
        .expect("a formatted day is a TOML date");
    Value::from(datetime)
}

/// The value of `key` as written, for saying what an edit changed: a string without its
/// quotes, anything else as TOML; `None` when the key is not set.
pub fn written(table: &Table, key: &str) -> Option<String> {
    let value = table.get(key)?.as_value()?;
    Some(match value {
        Value::String(s) => s.value().clone(),
        Value::Array(items) => items
            .iter()
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
            .collect::<Vec<_>>()
            .join(", "),
        other => other.clone().decorated("", "").to_string(),
    })
}

/// The status a table's `status` names, read as the loader reads it
/// ([`Status::from_word`](crate::model::Status::from_word): any case); `None` if it has none
/// or it is no status.
pub fn status(table: &Table) -> Option<crate::model::Status> {
    written(table, "status").and_then(|word| crate::model::Status::from_word(&word))
}

/// An `[[action.update]]` entry, keys in the documented order.
pub struct NewUpdate<'a> {
    pub date: chrono::NaiveDate,
    pub note: &'a str,
    pub rag: Option<crate::model::Rag>,
    pub percent: Option<u8>,
    pub by: Option<&'a str>,
}

impl<'a> NewUpdate<'a> {
    /// An update that is only a note (no RAG, percentage or author).
    pub fn note(date: chrono::NaiveDate, note: &'a str) -> NewUpdate<'a> {
        NewUpdate {
            date,
            note,
            rag: None,
            percent: None,
            by: None,
        }
    }
}

/// Adds an update to an action's table, after the last update dated on or before it, so the
/// updates stay in date order (newest last) when one is recorded late with `--on`.
pub fn push_update(action: &mut Table, update: &NewUpdate<'_>) -> Result<(), &'static str> {
    let mut table = Table::new();
    set(&mut table, "date", date(update.date));
    set(&mut table, "note", update.note);
    if let Some(rag) = update.rag {
        set(&mut table, "rag", rag.name());
    }
    if let Some(percent) = update.percent {
        set(&mut table, "percent", i64::from(percent));
    }
    if let Some(by) = update.by {
        set(&mut table, "by", by);
    }
    let updates = action
        .entry("update")
        .or_insert(Item::ArrayOfTables(ArrayOfTables::new()))
        .as_array_of_tables_mut()
        .ok_or("its `update` is not written as [[action.update]] tables")?;
    let at = insertion_index(updates, update.date);
    updates.insert(at, table);
    Ok(())
}

/// Just after the last update dated on or before `day`; updates whose date cannot be read
/// count as earlier, so a new update never lands above text it cannot place.
fn insertion_index(updates: &ArrayOfTables, day: chrono::NaiveDate) -> usize {
    (0..updates.len())
        .rev()
        .find(|&i| {
            updates
                .get(i)
                .is_none_or(|existing| day_at(existing, "date").is_none_or(|d| d <= day))
        })
        .map_or(0, |i| i + 1)
}

/// The day written at `key` (a TOML date or a `YYYY-MM-DD` string), if it reads as one.
fn day_at(table: &Table, key: &str) -> Option<chrono::NaiveDate> {
    let value = table.get(key)?.as_value()?;
    let text = match value {
        Value::Datetime(d) => d.value().to_string(),
        Value::String(s) => s.value().clone(),
        _ => return None,
    };
    chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok()
}

/// What [`push_waiver`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Waived {
    Added,
    /// An expired waiver of the same rule was renewed in place (reason and `until` replaced).
    Renewed,
}

/// Waives `rule` on an action's or priority's table: renews an expired `[[...waive]]` of the
/// same rule in place (a second waiver beside it would leave the expired one failing `check`),
/// else appends one after the item's other tables.
pub fn push_waiver(
    item: &mut Table,
    rule: &str,
    reason: &str,
    until: Option<chrono::NaiveDate>,
    today: chrono::NaiveDate,
) -> Result<Waived, &'static str> {
    let waivers = item
        .entry("waive")
        .or_insert(Item::ArrayOfTables(ArrayOfTables::new()))
        .as_array_of_tables_mut()
        .ok_or("its `waive` is not written as [[...waive]] tables")?;
    let expired = waivers.iter_mut().find(|w| {
        w.get("rule").and_then(Item::as_str) == Some(rule)
            && day_at(w, "until").is_some_and(|day| day < today)
    });
    let (table, done) = match expired {
        Some(table) => (table, Waived::Renewed),
        None => {
            waivers.push(Table::new());
            let last = waivers.len() - 1;
            (waivers.get_mut(last).expect("just pushed"), Waived::Added)
        }
    };
    set(table, "rule", rule);
    set(table, "reason", reason);
    match until {
        Some(until) => set(table, "until", date(until)),
        None => {
            table.remove("until");
        }
    }
    Ok(done)
}
