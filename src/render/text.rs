//! Making plan text safe for each destination: a terminal, a Markdown table, a spreadsheet.

/// Control characters (including ESC, so no ANSI sequences) shown as visible escapes, so plan
/// text cannot move the cursor, recolour or retitle a terminal. Bidirectional-text controls
/// are escaped too: they reorder what is shown ("Trojan Source"), so text could read
/// differently from what the file says.
pub fn terminal_safe(text: &str) -> String {
    escape_where(text, |c| {
        c != '\n' && (c.is_control() || is_bidi_control(c))
    })
}

/// A whole HTML page, its text made terminal-safe: maud escapes markup but passes control
/// characters and bidi overrides, which would drive a terminal the page is printed to and
/// reorder what a browser shows. Tabs and line breaks (the page's own layout) stay.
pub fn html_safe(page: &str) -> String {
    escape_where(page, |c| {
        !matches!(c, '\n' | '\t') && (c.is_control() || is_bidi_control(c))
    })
}

fn escape_where(text: &str, unsafe_char: impl Fn(char) -> bool) -> String {
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

/// A cell of a GitHub-flavoured Markdown table, in every command: the one Markdown policy,
/// [`markdown_text`] (raw HTML, links and emphasis shown literally, pipes escaped, line breaks
/// as `<br>`), so `list`, `show`, `history` and `diff` are as safe to paste as the report.
pub fn markdown_cell(text: &str) -> String {
    markdown_text(text, false)
}

/// A CSV cell, in every command: the one CSV policy. Control characters and bidirectional
/// overrides are escaped as for a terminal (a spreadsheet shows ESC, BEL or U+202E as
/// nothing, or reorders the cell), then formulas are neutralised ([`spreadsheet_safe`]).
pub fn csv_cell(text: &str) -> String {
    spreadsheet_safe(&terminal_safe(text))
}

/// A CSV cell that a spreadsheet will show as text, never run as a formula: cells starting
/// with `=`, `+`, `-`, `@`, tab or CR get a leading apostrophe (OWASP's advice) — also when
/// the sign comes after spaces, no-break spaces or zero-width characters, which spreadsheets
/// skip before reading a formula, and in its full-width forms.
pub fn spreadsheet_safe(text: &str) -> String {
    let skipped = |c: char| {
        c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
    };
    let formula = text.starts_with(['\t', '\r'])
        || text.trim_start_matches(skipped).starts_with([
            '=', '+', '-', '@', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
        ]);
    if formula {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// Plan text as Markdown inline text (a table cell, a heading, a list item): every character
/// with a Markdown or HTML meaning is backslash-escaped, so `<script>`, `*`, `[x](y)` or
/// `&amp;` show literally; line breaks become `<br>` (spaces with `single_line`).
pub fn markdown_text(text: &str, single_line: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let safe = terminal_safe(&text.replace("\r\n", "\n"));
    for c in safe.chars() {
        match c {
            '\n' if single_line => out.push(' '),
            '\n' => out.push_str("<br>"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Plan text as a Mermaid gantt task or section name. The gantt grammar ends a name at `:`,
/// `#` or `;` and a line at a line break, and reads `%%` as a comment, so those become
/// look-alike or plain characters, as do `<` and `>` (no markup reaches the chart); long
/// names are shortened to `max` characters.
pub fn mermaid_label(text: &str, max: usize) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| match c {
            ':' => '\u{2236}', // RATIO, looks like a colon
            '#' => '\u{266F}', // MUSIC SHARP SIGN, looks like a hash
            ';' => ',',
            // Mermaid sanitises markup in labels; look-alikes make sure there is none.
            '<' => '\u{2039}',
            '>' => '\u{203A}',
            '%' => '\u{FF05}', // FULLWIDTH PERCENT SIGN
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' => ' ',
            // A bidirectional override would make the chart read differently from the file.
            c if is_bidi_control(c) => ' ',
            c => c,
        })
        .collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    let joined = words.join(" ");
    if joined.chars().count() <= max {
        return joined;
    }
    let cut: String = joined.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
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
        assert_eq!(spreadsheet_safe(" \u{a0}=1+1"), "' \u{a0}=1+1");
        assert_eq!(spreadsheet_safe("\u{200b}@SUM(A1)"), "'\u{200b}@SUM(A1)");
        assert_eq!(spreadsheet_safe("a=b"), "a=b");
        assert_eq!(
            csv_cell("x\x1b[2J\x07\u{202E}y"),
            "x\\u{1b}[2J\\u{7}\\u{202e}y"
        );
        assert_eq!(
            markdown_cell("<img src=x onerror=alert(1)> [x](javascript:alert(1))"),
            "\\<img src=x onerror=alert(1)\\> \\[x\\](javascript:alert(1))"
        );
        assert_eq!(mermaid_label("a\u{202E}b\u{2066}c", 80), "a b c");
    }

    #[test]
    fn markdown_text_shows_markup_literally() {
        assert_eq!(
            markdown_text("<script>a|b</script> &amp; *x*", false),
            "\\<script\\>a\\|b\\</script\\> \\&amp; \\*x\\*"
        );
        assert_eq!(markdown_text("one\r\ntwo", false), "one<br>two");
        assert_eq!(markdown_text("one\ntwo", true), "one two");
    }

    #[test]
    fn mermaid_label_cannot_end_a_gantt_name() {
        let label = mermaid_label("Review: #1; 100%%\nsection x", 80);
        assert!(!label.contains([':', '#', ';', '%', '\n']), "{label}");
        assert_eq!(
            label,
            "Review\u{2236} \u{266F}1, 100\u{FF05}\u{FF05} section x"
        );
        assert_eq!(mermaid_label("abcdefghij", 5), "abcd…");
    }
}
