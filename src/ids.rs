//! Making ids: the one place new ids and slugs are made, for `plan add`, `plan import` and
//! the calendar feed's UIDs. What a valid id is stays [`crate::text::is_valid_id`].

use std::collections::HashSet;

use crate::error::Error;
use crate::model::{Plan, PriorityIdx};

/// The words of `text` that `keep` keeps whole, lower-cased: every other character splits.
fn words(text: &str, keep: fn(char) -> bool) -> impl Iterator<Item = String> + '_ {
    text.split(move |c: char| !keep(c))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// A new id from a title ("Education, Social Care & Lifelong Learning" →
/// `education-social-care-lifelong-learning`): lower-case ASCII words joined by `-`, whole
/// words only, at most 40 characters; `fallback` when no word is left.
pub fn slug(title: &str, fallback: &str) -> String {
    let mut id = String::new();
    for word in words(title, |c| c.is_ascii_alphanumeric()) {
        if !id.is_empty() && id.len() + 1 + word.len() > 40 {
            break;
        }
        if !id.is_empty() {
            id.push('-');
        }
        id.push_str(&word);
    }
    if id.is_empty() {
        fallback.to_owned()
    } else {
        id
    }
}

/// The right-hand side of a calendar UID: the organisation's name in lower case, words
/// joined by `-` ("Leicester City Council" → `leicester-city-council`), letters of any
/// script kept (a UID is text, not a plan id, and must not change for a Welsh council);
/// `plan` when there is none.
pub fn uid_domain(organisation: &str) -> String {
    let words: Vec<String> = words(organisation, char::is_alphanumeric).collect();
    if words.is_empty() {
        "plan".to_owned()
    } else {
        words.join("-")
    }
}

/// An id as a spreadsheet cell gives it ("HS 1" → `hs-1`), if it is then valid.
pub fn from_cell(text: &str) -> Option<String> {
    let id = text.trim().to_lowercase().replace(' ', "-");
    crate::text::is_valid_id(&id).then_some(id)
}

/// `base`, or `base-2`, `base-3`… if taken; the result is taken from then on.
pub fn unique(base: &str, taken: &mut HashSet<String>) -> String {
    let id = std::iter::once(base.to_owned())
        .chain((2..).map(|n| numbered_id(base, n)))
        .find(|id| !taken.contains(id))
        .expect("an unused suffix exists");
    taken.insert(id.clone());
    id
}

/// The `n`th numbered id under `prefix`: `pc-12`.
pub fn numbered_id(prefix: &str, n: impl std::fmt::Display) -> String {
    format!("{prefix}-{n}")
}

/// A given id, if it is well formed and not in use.
pub fn checked(plan: &Plan, id: &str) -> Result<String, Error> {
    if !crate::text::is_valid_id(id) {
        return Err(Error::Usage(format!(
            "\"{id}\" is not a valid id: use lowercase letters, digits, '-' and '.', starting with a letter or digit"
        )));
    }
    if plan.find_action(id).is_some() || plan.find_priority(id).is_some() {
        return Err(Error::Usage(format!("the id \"{id}\" is already used")));
    }
    Ok(id.to_owned())
}

/// The next action id in a priority: its action prefix (what its numbered actions share,
/// else its own id) and one more than the highest number any action in the plan has with
/// that prefix, so an id is never reused even if the action with the highest number moved
/// or was deleted.
pub fn next_action(plan: &Plan, priority: PriorityIdx) -> Result<String, Error> {
    let own = &plan.priority(priority).id;
    let prefixes: Vec<&str> = plan
        .actions
        .iter()
        .filter(|a| a.priority == priority)
        .filter_map(|a| numbered(&a.id).map(|(prefix, _)| prefix))
        .collect();
    let prefix = match prefixes.first() {
        Some(first) if prefixes.iter().all(|p| p == first) => *first,
        _ => own.as_str(),
    };
    let highest = plan
        .actions
        .iter()
        .filter_map(|a| numbered(&a.id))
        .filter(|(p, _)| *p == prefix)
        .map(|(_, n)| n)
        .max()
        .unwrap_or(0);
    // Numbers are read as u128, and a next number past that is refused, never wrapped.
    let past = || {
        Error::Usage(format!(
            "cannot number a new action after {prefix}-{highest}: the number is too large\nhelp: give the id with --id"
        ))
    };
    let mut next = highest.checked_add(1).ok_or_else(past)?;
    while plan.find_priority(&numbered_id(prefix, next)).is_some() {
        next = next.checked_add(1).ok_or_else(past)?;
    }
    Ok(numbered_id(prefix, next))
}

/// `pc-12` → `("pc", 12)`.
fn numbered(id: &str) -> Option<(&str, u128)> {
    let (prefix, number) = id.rsplit_once('-')?;
    let valid =
        !prefix.is_empty() && !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit());
    valid.then(|| number.parse().ok().map(|n| (prefix, n)))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_stable_and_unique() {
        assert_eq!(
            slug("Partnership and the Community Plan", "priority"),
            "partnership-and-the-community-plan"
        );
        assert_eq!(
            slug(
                "Education, Social Care & Lifelong Learning (2005)",
                "priority"
            ),
            "education-social-care-lifelong-learning"
        );
        assert_eq!(slug("£££", "priority"), "priority");
        let mut taken = HashSet::from(["bs".to_owned()]);
        assert_eq!(unique("bs", &mut taken), "bs-2");
        assert_eq!(unique("bs", &mut taken), "bs-3");
    }

    #[test]
    fn uid_domains_keep_letters_and_digits_of_any_script() {
        assert_eq!(
            uid_domain("Leicester City Council"),
            "leicester-city-council"
        );
        assert_eq!(uid_domain("  St. Helens (MBC) 2024 "), "st-helens-mbc-2024");
        assert_eq!(uid_domain("Ynys Môn"), "ynys-môn");
        assert_eq!(uid_domain(" -- "), "plan");
        assert_eq!(slug("Ynys Môn", "priority"), "ynys-m-n");
    }

    #[test]
    fn numbered_ids_split_at_the_last_dash() {
        assert_eq!(numbered("pc-12"), Some(("pc", 12)));
        assert_eq!(numbered("pc-1a"), None);
        assert_eq!(numbered("-1"), None);
        assert_eq!(from_cell(" HS 1 "), Some("hs-1".to_owned()));
        assert_eq!(from_cell("#1"), None);
    }
}
