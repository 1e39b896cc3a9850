//! Making plan text safe for each destination: a terminal, a Markdown table, a spreadsheet.

/// Control characters (including ESC, so no ANSI sequences) shown as visible escapes, so plan
/// text cannot move the cursor, recolour or retitle a terminal. Bidirectional-text controls
/// are escaped too: they reorder what is shown ("Trojan Source"), so text could read
/// differently from what the file says.
pub fn terminal_safe(text: &str) -> String {
    let unsafe_char = |c: char| c != '\n' && (c.is_control() || is_bidi_control(c));
    if !text.chars().any(unsafe_char) {
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
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A cell of a GitHub-flavoured Markdown table: pipes escaped, line breaks as `<br>`,
/// other control characters escaped.
pub fn markdown_cell(text: &str) -> String {
    terminal_safe(text)
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace("\r\n", "<br>")
        .replace('\n', "<br>")
}

/// A CSV cell that a spreadsheet will show as text, never run as a formula: cells starting
/// with `=`, `+`, `-`, `@`, tab or CR get a leading apostrophe (OWASP's advice).
pub fn spreadsheet_safe(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_for_each_destination() {
        assert_eq!(terminal_safe("a\x1b[31mred"), "a\\u{1b}[31mred");
        assert_eq!(terminal_safe("two\nlines"), "two\nlines");
        assert_eq!(terminal_safe("a\u{202E}b\rc"), "a\\u{202e}b\\rc");
        assert_eq!(markdown_cell("a|b\nc"), "a\\|b<br>c");
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_safe("-1"), "'-1");
        assert_eq!(spreadsheet_safe("April 2004"), "April 2004");
    }
}
