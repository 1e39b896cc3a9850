//! Making plan text safe for each destination: a terminal, a Markdown table, a spreadsheet.

/// Control characters (including ESC, so no ANSI sequences) shown as visible escapes, so plan
/// text cannot move the cursor, recolour or retitle a terminal.
pub fn terminal_safe(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_owned();
    }
    text.chars()
        .map(|c| match c {
            '\n' => "\n".to_owned(),
            c if c.is_control() => c.escape_default().to_string(),
            c => c.to_string(),
        })
        .collect()
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
        assert_eq!(markdown_cell("a|b\nc"), "a\\|b<br>c");
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_safe("-1"), "'-1");
        assert_eq!(spreadsheet_safe("April 2004"), "April 2004");
    }
}
