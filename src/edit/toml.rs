//! Small changes to `toml_edit` tables that keep what is around them: the changed value's
//! own spacing and trailing comment stay, and new keys go at the end of their table.

use toml_edit::{Array, Datetime, Item, Table, Value};

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
