//! Changes to the roster (`owners.toml`) and to the references to a role: the one way a role
//! is added (`plan role add`, and `plan import` for names not on the roster) and renamed
//! (`plan role rename`, in every plan file at once).

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, TableLike, Value};

use super::{Edit, Framing, toml::set, toml::set_strings};
use crate::diag::FileId;
use crate::error::Error;
use crate::model::Plan;
use crate::roster::{RoleId, match_key};

/// A role to add, as `[[role]]` writes it. Aliases and groups are written only when given.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewRole {
    pub name: String,
    pub aliases: Vec<String>,
    pub member_of: Vec<String>,
}

impl NewRole {
    /// A role with a name only (what `plan import` adds).
    pub fn named(name: &str) -> NewRole {
        NewRole {
            name: name.to_owned(),
            ..NewRole::default()
        }
    }
}

/// Appends `roles` to a roster document as `[[role]]` tables, after the roles already there.
pub fn push_roles(doc: &mut DocumentMut, roles: &[NewRole]) -> Result<(), &'static str> {
    let tables = doc
        .entry("role")
        .or_insert_with(|| Item::ArrayOfTables(ArrayOfTables::new()))
        .as_array_of_tables_mut()
        .ok_or("its `role` is not a list of [[role]] tables")?;
    for role in roles {
        let mut table = Table::new();
        set(&mut table, "name", role.name.as_str());
        if !role.aliases.is_empty() {
            set_strings(&mut table, "aliases", &role.aliases);
        }
        if !role.member_of.is_empty() {
            set_strings(&mut table, "member_of", &role.member_of);
        }
        tables.push(table);
    }
    Ok(())
}

/// The bytes of `owners.toml` (`None`: not there yet) with `roles` appended: everything
/// already there is kept byte for byte, its byte-order mark and line endings too.
pub fn append_roles(existing: Option<&[u8]>, roles: &[NewRole]) -> Result<Vec<u8>, String> {
    let (framing, mut doc) = match existing {
        Some(bytes) => Framing::open(bytes)?,
        None => (Framing::default(), DocumentMut::new()),
    };
    push_roles(&mut doc, roles)?;
    Ok(framing.bytes(&doc))
}

/// The same rule the loader applies to owners.toml, as a usage error before anything is written.
fn refuse_unshowable(name: &str) -> Result<(), Error> {
    match crate::load::unshowable_char(name) {
        Some(c) => Err(Error::Usage(format!(
            "a role's name and aliases cannot contain control characters (found {} in \"{}\")",
            c.escape_unicode(),
            crate::text::escape(name)
        ))),
        None => Ok(()),
    }
}

/// `role` as it can be added to `plan`'s roster: its groups written as the roster names them.
/// Refused: a blank name or alias, a name or alias another role has, a group not on the roster.
pub fn checked_role(plan: &Plan, role: &NewRole) -> Result<NewRole, Error> {
    let blank = |t: &str| crate::load::is_blank(t);
    if blank(&role.name) || role.aliases.iter().any(|a| blank(a)) {
        return Err(Error::Usage(
            "a role's name and aliases cannot be blank".into(),
        ));
    }
    for written in std::iter::once(&role.name).chain(&role.aliases) {
        refuse_unshowable(written)?;
    }
    let name = tidy(&role.name);
    let aliases: Vec<String> = role.aliases.iter().map(|a| tidy(a)).collect();
    for (i, alias) in aliases.iter().enumerate() {
        if match_key(alias) == match_key(&name) {
            return Err(Error::Usage(format!(
                "alias \"{alias}\" is the role's own name \"{name}\"; names match case-insensitively, so it needs no alias"
            )));
        }
        if aliases[..i]
            .iter()
            .any(|a| match_key(a) == match_key(alias))
        {
            return Err(Error::Usage(format!(
                "alias \"{alias}\" is given twice (names match case-insensitively)"
            )));
        }
    }
    for written in std::iter::once(&name).chain(&aliases) {
        if let Some(existing) = plan.roster.lookup(written) {
            return Err(Error::Usage(format!(
                "role name \"{written}\" is already used by role \"{}\"\nhelp: each role and alias is listed once (names match case-insensitively)",
                plan.roster.name(existing)
            )));
        }
    }
    let mut member_of: Vec<String> = Vec::new();
    for group in &role.member_of {
        let name = plan
            .roster
            .name(crate::filter::resolve_owner(plan, group)?)
            .to_owned();
        if !member_of.contains(&name) {
            member_of.push(name);
        }
    }
    Ok(NewRole {
        name,
        aliases,
        member_of,
    })
}

/// A name as typed on the command line, as it is written to the plan: without spaces at the
/// ends, and one space between words ("Head of   Finance" is "Head of Finance": names match
/// that way anyway, so the extra spaces could only mislead).
pub fn tidy(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Adds `role` (checked by [`checked_role`]) to the roster file of the plan being edited.
pub fn add_role(edit: &mut Edit, role: &NewRole) -> Result<(), Error> {
    let file = roster_file(edit)?;
    let path = edit.loaded().sources.get(file).path.clone();
    push_roles(edit.document(file)?, std::slice::from_ref(role)).map_err(|reason| {
        Error::CannotEdit {
            path,
            reason: reason.into(),
        }
    })
}

/// The roster file's id in the plan being edited.
fn roster_file(edit: &Edit) -> Result<FileId, Error> {
    let path = edit.dir.join(crate::load::OWNERS_FILE);
    let sources = &edit.loaded().sources;
    (0..sources.len())
        .map(|i| FileId(u32::try_from(i).expect("fewer than 2^32 files")))
        .find(|&id| sources.get(id).path == path)
        .ok_or_else(|| Error::CannotEdit {
            path,
            reason: "the plan has no roster file to add the role to".into(),
        })
}

/// What [`rename_role`] changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Renamed {
    pub references: usize,
    pub files: usize,
}

/// The role `old` names (by its name, not an alias), checked to be renamable to `new`.
pub fn renamable(plan: &Plan, old: &str, new: &str) -> Result<RoleId, Error> {
    let Some(role) = plan.roster.lookup(old) else {
        // Not "unknown owner … add it first with plan role add": there is nothing to rename.
        let near: Vec<String> = plan
            .roster
            .suggest(old)
            .into_iter()
            .map(str::to_owned)
            .collect();
        let help = crate::text::did_you_mean(&near, crate::text::Quote::Value)
            .unwrap_or_else(|| "plan owners lists the roles on the roster".to_owned());
        return Err(Error::Usage(format!(
            "no role \"{old}\" is on the roster to rename\nhelp: {help}"
        )));
    };
    let name = plan.roster.name(role);
    if match_key(name) != match_key(old) {
        return Err(Error::Usage(format!(
            "\"{old}\" is an alias of role \"{name}\"; rename the role by its name (aliases stay as they are)"
        )));
    }
    if crate::load::is_blank(new) {
        return Err(Error::Usage("the new name cannot be blank".into()));
    }
    refuse_unshowable(new)?;
    match plan.roster.lookup(new) {
        Some(other) if other != role => Err(Error::Usage(format!(
            "role name \"{new}\" is already used by role \"{}\"",
            plan.roster.name(other)
        ))),
        Some(_) if match_key(new) != match_key(name) => Err(Error::Usage(format!(
            "\"{new}\" is already an alias of role \"{name}\"; remove the alias from owners.toml first"
        ))),
        _ => Ok(role),
    }
}

/// Renames the role `old` (checked by [`renamable`]) to `new` in every file of the plan being
/// edited: its `[[role]]` name and the groups of other roles in owners.toml; the owners of
/// priorities, actions and indicators and the `by` of updates and actuals in the rest.
/// References written as an alias are left: they still mean the role.
pub fn rename_role(edit: &mut Edit, old: &str, new: &str) -> Result<Renamed, Error> {
    let key = match_key(old);
    let new = &tidy(new);
    let mut renamed = Renamed {
        references: 0,
        files: 0,
    };
    let count = edit.loaded().sources.len();
    for i in 0..count {
        let file = FileId(u32::try_from(i).expect("fewer than 2^32 files"));
        if let Err(err) = edit.document(file) {
            // A file that cannot be edited is refused only if it may name the role.
            if mentions(edit, file, &key) {
                return Err(err);
            }
            continue;
        }
        let n = rename_in(edit.document(file)?, &key, new);
        if n > 0 {
            renamed.references += n;
            renamed.files += 1;
        }
    }
    Ok(renamed)
}

/// Whether a file's text (read again) holds `key`, in any case.
fn mentions(edit: &Edit, file: FileId, key: &str) -> bool {
    let path = &edit.loaded().sources.get(file).path;
    std::fs::read(path).map_or(true, |bytes| {
        match_key(&String::from_utf8_lossy(&bytes)).contains(key)
    })
}

/// Rewrites the references to the role whose name's key is `key` in one document.
fn rename_in(doc: &mut DocumentMut, key: &str, new: &str) -> usize {
    let mut n = 0;
    let root = doc.as_table_mut();
    for role in tables(root.get_mut("role")) {
        n += rename_at(role, "name", key, new) + rename_at(role, "member_of", key, new);
    }
    if let Some(priority) = root.get_mut("priority").and_then(Item::as_table_like_mut) {
        n += rename_at(priority, "owners", key, new);
    }
    for (items, reports) in [("action", "update"), ("indicator", "actual")] {
        for item in tables(root.get_mut(items)) {
            n += rename_at(item, "owners", key, new);
            for report in tables(item.get_mut(reports)) {
                n += rename_at(report, "by", key, new);
            }
        }
    }
    n
}

/// The tables of an array of tables, written `[[key]]` or as an array of inline tables.
fn tables(item: Option<&mut Item>) -> Vec<&mut dyn TableLike> {
    match item {
        Some(Item::ArrayOfTables(array)) => {
            array.iter_mut().map(|t| t as &mut dyn TableLike).collect()
        }
        Some(Item::Value(Value::Array(array))) => array
            .iter_mut()
            .filter_map(|v| v.as_inline_table_mut().map(|t| t as &mut dyn TableLike))
            .collect(),
        _ => Vec::new(),
    }
}

/// Rewrites `table[key]` (a name or a list of names) where a name's key is `old`, keeping
/// each value's spacing and comments.
fn rename_at(table: &mut dyn TableLike, key: &str, old: &str, new: &str) -> usize {
    let Some(value) = table.get_mut(key).and_then(Item::as_value_mut) else {
        return 0;
    };
    match value {
        Value::Array(names) => names.iter_mut().map(|v| rename_value(v, old, new)).sum(),
        single => rename_value(single, old, new),
    }
}

fn rename_value(value: &mut Value, old: &str, new: &str) -> usize {
    match value.as_str() {
        Some(text) if match_key(text) == old && text != new => {
            let decor = value.decor().clone();
            *value = Value::from(new);
            *value.decor_mut() = decor;
            1
        }
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appending_keeps_bom_and_crlf() {
        let old = b"\xEF\xBB\xBF# roster\r\n[[role]]\r\nname = \"A\"\r\n";
        let role = NewRole {
            name: "B".into(),
            aliases: vec!["Bee".into()],
            member_of: vec!["A".into()],
        };
        let new = append_roles(Some(old), &[role]).unwrap();
        assert_eq!(
            String::from_utf8(new).unwrap(),
            "\u{feff}# roster\r\n[[role]]\r\nname = \"A\"\r\n\r\n[[role]]\r\nname = \"B\"\r\naliases = [\"Bee\"]\r\nmember_of = [\"A\"]\r\n"
        );
        let fresh = append_roles(None, &[NewRole::named("C")]).unwrap();
        assert_eq!(
            String::from_utf8(fresh).unwrap(),
            "[[role]]\nname = \"C\"\n"
        );
    }

    #[test]
    fn renaming_rewrites_names_only_keeping_decor() {
        let mut doc: DocumentMut = "[priority]\nowners = [ \"head of  housing\" , \"HH\" ] # who\n\n[[action]]\nowners = [\"Head of Housing\"]\n\n[[action.update]]\nby = 'Head of Housing' # said\n\n[[indicator]]\nowners = [\"Other\"]\nactual = [{ by = \"Head of Housing\" }]\n"
            .parse()
            .unwrap();
        assert_eq!(
            rename_in(&mut doc, "head of housing", "Head of Housing Standards"),
            4
        );
        assert_eq!(
            doc.to_string(),
            "[priority]\nowners = [ \"Head of Housing Standards\" , \"HH\" ] # who\n\n[[action]]\nowners = [\"Head of Housing Standards\"]\n\n[[action.update]]\nby = \"Head of Housing Standards\" # said\n\n[[indicator]]\nowners = [\"Other\"]\nactual = [{ by = \"Head of Housing Standards\" }]\n"
        );
    }
}
