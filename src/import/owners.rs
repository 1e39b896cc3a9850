//! Splitting a RESPONSIBILITY cell into roles. Names on the roster are matched first, longest
//! first, so "Corporate Director, Cultural Services and Neighbourhood Renewal and Assistant
//! Chief Executive" is that director and the Assistant Chief Executive (two roles), never four
//! pieces cut at every "and" and comma. Only text no roster name covers is cut at the usual
//! separators ("and", "&", ",", ";", "/"), and each piece is a new role.

/// One role named in a cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Named {
    /// The roster's name when matched; else the text as written (trimmed).
    pub name: String,
    pub known: bool,
}

/// Splits `cell` by `roster`: each entry is (a name or alias as written, the role's name).
pub fn split(cell: &str, roster: &[(String, String)]) -> Vec<Named> {
    let mut candidates: Vec<&(String, String)> = roster.iter().collect();
    // Longest first, so a name that contains another (or an "and") wins.
    candidates.sort_by_key(|(written, _)| std::cmp::Reverse(written.chars().count()));
    let mut found: Vec<Named> = Vec::new();
    let mut rest = skip_separators(cell);
    while !rest.is_empty() {
        let matched = candidates
            .iter()
            .find_map(|(written, name)| starts_with_name(rest, written).map(|len| (len, name)));
        let (len, named) = match matched {
            Some((len, name)) => (
                len,
                Named {
                    name: name.clone(),
                    known: true,
                },
            ),
            None => {
                let len = unknown_len(rest);
                let name = rest[..len].split_whitespace().collect::<Vec<_>>().join(" ");
                (len, Named { name, known: false })
            }
        };
        if !named.name.is_empty() && !found.contains(&named) {
            found.push(named);
        }
        rest = skip_separators(&rest[len..]);
    }
    found
}

/// Bytes of `text` that spell `name` at its start: case-insensitive, any run of whitespace
/// for a space, and ending at a word boundary (whole names only).
fn starts_with_name(text: &str, name: &str) -> Option<usize> {
    let mut t = text.char_indices().peekable();
    let mut n = name.trim().chars().peekable();
    while let Some(nc) = n.next() {
        if nc.is_whitespace() {
            while n.peek().is_some_and(|c| c.is_whitespace()) {
                n.next();
            }
            if !t.peek().is_some_and(|(_, c)| c.is_whitespace()) {
                return None;
            }
            while t.peek().is_some_and(|(_, c)| c.is_whitespace()) {
                t.next();
            }
            continue;
        }
        let (_, tc) = t.next()?;
        if !tc.to_lowercase().eq(nc.to_lowercase()) {
            return None;
        }
    }
    let end = t.peek().map_or(text.len(), |&(i, _)| i);
    let boundary = text[end..]
        .chars()
        .next()
        .is_none_or(|c| !c.is_alphanumeric());
    (end > 0 && boundary).then_some(end)
}

/// Length of an unknown name at the start of `text`: up to the next separator. A roster name
/// inside it is not cut out ("Assistant Chief Executive" is one name, not "Assistant" and
/// "Chief Executive"): names match only whole.
fn unknown_len(text: &str) -> usize {
    let mut end = text.len();
    for (i, c) in text.char_indices() {
        if matches!(c, ',' | ';' | '/' | '&' | '+' | '\n' | '\r') {
            end = i;
            break;
        }
        let word_start = i > 0 && text[..i].ends_with(char::is_whitespace);
        if word_start && starts_with_word(&text[i..], "and") {
            end = i;
            break;
        }
    }
    if end == 0 {
        text.chars().next().map_or(0, char::len_utf8)
    } else {
        end
    }
}

/// An owner cell that repeats the owner of the row above: "ditto", "do.", `"`, "as above".
pub fn is_ditto(cell: &str) -> bool {
    let text = cell.trim().to_lowercase();
    let text = text.trim_matches(|c: char| c == '-' || c == '.' || c.is_whitespace());
    matches!(
        text,
        "ditto"
            | "do"
            | "\""
            | "\"\""
            | "\u{201c}"
            | "\u{201d}"
            | "\u{3003}"
            | "as above"
            | "same as above"
    )
}

fn starts_with_word(text: &str, word: &str) -> bool {
    text.get(..word.len())
        .is_some_and(|w| w.eq_ignore_ascii_case(word))
        && text[word.len()..]
            .chars()
            .next()
            .is_none_or(char::is_whitespace)
}

/// Skips separators between names: spaces, punctuation, and the word "and".
fn skip_separators(mut text: &str) -> &str {
    loop {
        let trimmed = text.trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, ',' | ';' | '/' | '&' | '+')
        });
        if !starts_with_word(trimmed, "and") {
            return trimmed;
        }
        text = &trimmed[3..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roster() -> Vec<(String, String)> {
        [
            "Leicester Partnership",
            "Chief Executive",
            "Corporate Directors",
            "Corporate Director, Cultural Services and Neighbourhood Renewal",
            "Assistant Chief Executive",
            "Leader",
        ]
        .iter()
        .map(|n| ((*n).to_owned(), (*n).to_owned()))
        .chain([("Leader of the Council".to_owned(), "Leader".to_owned())])
        .collect()
    }

    fn names(cell: &str) -> Vec<(String, bool)> {
        split(cell, &roster())
            .into_iter()
            .map(|n| (n.name, n.known))
            .collect()
    }

    fn known(list: &[&str]) -> Vec<(String, bool)> {
        list.iter().map(|n| ((*n).to_owned(), true)).collect()
    }

    #[test]
    fn longest_roster_name_first() {
        assert_eq!(
            names(
                "Corporate Director, Cultural Services and Neighbourhood Renewal and Assistant Chief Executive"
            ),
            known(&[
                "Corporate Director, Cultural Services and Neighbourhood Renewal",
                "Assistant Chief Executive"
            ])
        );
        assert_eq!(
            names("Chief Executive and Corporate Directors"),
            known(&["Chief Executive", "Corporate Directors"])
        );
        assert_eq!(
            names("Leader and Chief Executive"),
            known(&["Leader", "Chief Executive"])
        );
        assert_eq!(
            names("leader of the council & CHIEF  executive"),
            known(&["Leader", "Chief Executive"])
        );
        assert_eq!(
            names("Assistant Chief Executive"),
            known(&["Assistant Chief Executive"])
        );
    }

    #[test]
    fn unknown_names_are_cut_at_separators_and_kept_as_written() {
        assert_eq!(
            names("Head of Parks and Chief Executive; Town Clerk"),
            vec![
                ("Head of Parks".to_owned(), false),
                ("Chief Executive".to_owned(), true),
                ("Town Clerk".to_owned(), false)
            ]
        );
        // "Leaders" is not "Leader": whole names only.
        assert_eq!(
            names("Group Leaders"),
            vec![("Group Leaders".to_owned(), false)]
        );
        assert_eq!(
            names("Andrew Smith"),
            vec![("Andrew Smith".to_owned(), false)]
        );
        assert_eq!(names(" , and "), vec![]);
        // A roster name inside a longer unknown name is not cut out of it.
        let chief = [("Chief Executive".to_owned(), "Chief Executive".to_owned())];
        let split_by = |cell: &str| -> Vec<(String, bool)> {
            split(cell, &chief)
                .into_iter()
                .map(|n| (n.name, n.known))
                .collect()
        };
        assert_eq!(
            split_by("Assistant Chief Executive"),
            vec![("Assistant Chief Executive".to_owned(), false)]
        );
        assert_eq!(
            split_by("Head of HR / Chief Executive\nTown Clerk & Deputy + Treasurer"),
            vec![
                ("Head of HR".to_owned(), false),
                ("Chief Executive".to_owned(), true),
                ("Town Clerk".to_owned(), false),
                ("Deputy".to_owned(), false),
                ("Treasurer".to_owned(), false),
            ]
        );
        for ditto in ["ditto", "Do.", "\"", "- do -", "As above"] {
            assert!(is_ditto(ditto), "{ditto}");
        }
        assert!(!is_ditto("Director"));
        assert_eq!(names(""), vec![]);
    }
}
