//! Small wording helpers every module's messages share: counts ("3 actions"), "did you mean"
//! suggestions, plan text quoted inertly in a message, and what a valid id looks like. One
//! copy of each, so every message words them the same way.
//!
//! Escaping for a particular output (terminal, Markdown, CSV, Mermaid) is
//! [`crate::render::text`]'s business, not this module's.

/// "1 action" / "3 actions".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The nearest of `candidates` to `word`, if near enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .iter()
        .map(|c| (strsim::normalized_damerau_levenshtein(&word, c), *c))
        .filter(|(score, _)| *score >= 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// How a suggested name is quoted: values in `"..."`, TOML keys in `` `...` ``.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quote {
    Value,
    Key,
}

/// `did you mean "a" or "b"?`, or `None` when there is nothing to suggest.
pub fn did_you_mean<S: AsRef<str>>(names: &[S], quote: Quote) -> Option<String> {
    if names.is_empty() {
        return None;
    }
    let mark = match quote {
        Quote::Value => '"',
        Quote::Key => '`',
    };
    let quoted: Vec<String> = names
        .iter()
        .map(|n| format!("{mark}{}{mark}", n.as_ref()))
        .collect();
    Some(format!("did you mean {}?", quoted.join(" or ")))
}

/// Help for a word that is not one of `names`: the nearest name if there is a likely one, then
/// `"{what}: a, b, c"` — e.g. ``did you mean `title`? keys here: id, title``.
pub fn suggest_from(word: &str, names: &[&str], quote: Quote, what: &str) -> String {
    let listed = format!("{what}: {}", names.join(", "));
    match closest(word, names) {
        Some(near) => format!("{} {listed}", suggest_one(near, quote)),
        None => listed,
    }
}

/// `did you mean "near"?` for one name.
pub fn suggest_one(near: &str, quote: Quote) -> String {
    did_you_mean(&[near], quote).unwrap_or_default()
}

/// Plan text quoted in a message with control characters shown as escapes, so it cannot drive
/// the terminal; quotes are left as they are (messages put their own around it).
pub fn escape(text: &str) -> String {
    text.chars()
        .flat_map(char::escape_debug)
        .collect::<String>()
        .replace("\\\"", "\"")
        .replace("\\'", "'")
}

/// Ids are lowercase ASCII so they are safe in file names, URLs and shells, and cannot hide
/// look-alike characters.
/// Characters that show nothing by themselves: controls and Unicode's default-ignorable code
/// points (zero-width spaces and joiners, the BOM, soft hyphen, bidi marks, variation
/// selectors, Hangul fillers, tags).
pub fn shows_nothing(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{1BCA0}'..='\u{1BCA3}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0000}'..='\u{E0FFF}'
        )
}

pub fn is_valid_id(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
}

/// Natural order of ids: runs of digits compare by value, so "a2" comes before "a10" and
/// "hs-9" before "hs-10"; the rest compares as text. Ids equal but for leading zeros ("a02",
/// "a2") fall back to plain text order, so the order is total.
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let (mut x, mut y) = (a, b);
    loop {
        let (Some(cx), Some(cy)) = (x.chars().next(), y.chars().next()) else {
            return x.len().cmp(&y.len()).then_with(|| a.cmp(b));
        };
        let order = if cx.is_ascii_digit() && cy.is_ascii_digit() {
            let run = |s: &str| s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
            let (nx, ny) = (run(x), run(y));
            let (dx, dy) = (
                x[..nx].trim_start_matches('0'),
                y[..ny].trim_start_matches('0'),
            );
            let order = dx.len().cmp(&dy.len()).then_with(|| dx.cmp(dy));
            (x, y) = (&x[nx..], &y[ny..]);
            order
        } else {
            (x, y) = (&x[cx.len_utf8()..], &y[cy.len_utf8()..]);
            cx.cmp(&cy)
        };
        if order != Ordering::Equal {
            return order;
        }
    }
}

/// Control characters (including ESC, so no ANSI sequences) shown as visible escapes, so plan
/// text cannot move the cursor, recolour or retitle a terminal. Bidirectional-text controls
/// are escaped too: they reorder what is shown ("Trojan Source"), so text could read
/// differently from what the file says.
pub fn terminal_safe(text: &str) -> String {
    escape_where(text, |c| {
        c != '\n' && (c.is_control() || is_bidi_control(c))
    })
}

pub(crate) fn escape_where(text: &str, unsafe_char: impl Fn(char) -> bool) -> String {
    if !text.chars().any(&unsafe_char) {
        return text.to_owned();
    }
    text.chars()
        .map(|c| {
            if unsafe_char(c) {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Unicode's explicit bidirectional formatting characters (UAX #9).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_counts() {
        assert_eq!(plural(1, "action", "actions"), "1 action");
        assert_eq!(plural(0, "action", "actions"), "0 actions");
        assert_eq!(plural(3, "priority", "priorities"), "3 priorities");
    }

    #[test]
    fn closest_finds_typos_only() {
        let names = ["planned", "in-progress", "done", "dropped"];
        assert_eq!(closest("Planed", &names), Some("planned"));
        assert_eq!(closest("finished", &names), None);
    }

    #[test]
    fn suggestions_are_worded_one_way() {
        assert_eq!(did_you_mean::<&str>(&[], Quote::Value), None);
        assert_eq!(
            did_you_mean(&["A", "B"], Quote::Value).unwrap(),
            "did you mean \"A\" or \"B\"?"
        );
        assert_eq!(
            suggest_from("titel", &["id", "title"], Quote::Key, "keys here"),
            "did you mean `title`? keys here: id, title"
        );
        assert_eq!(
            suggest_from("zzz", &["id", "title"], Quote::Key, "keys here"),
            "keys here: id, title"
        );
    }

    #[test]
    fn escape_and_ids() {
        assert_eq!(escape("a\u{1b}[31m\"b\""), "a\\u{1b}[31m\"b\"");
        assert!(is_valid_id("rn-7.2"));
        assert!(!is_valid_id("-rn"));
        assert!(!is_valid_id("Rn"));
        assert!(!is_valid_id(""));
    }

    #[test]
    fn ids_sort_in_natural_order() {
        let mut ids = vec!["a10", "b1", "a2", "a02", "a", "hs-10", "hs-9", "a2x", "A1"];
        ids.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            ids,
            ["A1", "a", "a02", "a2", "a2x", "a10", "b1", "hs-9", "hs-10"]
        );
    }
}
