//! Making plan text safe for each destination: a terminal, a Markdown table, a spreadsheet.

use std::io::{self, Write};

/// A whole HTML page (or any run of it) written to `out` with its text made terminal-safe:
/// maud escapes markup but passes control characters and bidi overrides, which would drive a
/// terminal the page is printed to and reorder what a browser shows. Tabs and line breaks (the
/// page's own layout) stay. Safe runs are written as they are, not copied: a large plan's
/// report is tens of megabytes, nearly all of it safe.
pub fn write_html_safe(out: &mut dyn Write, page: &str) -> io::Result<()> {
    let bytes = page.as_bytes();
    let mut written = 0;
    let mut from = 0;
    while let Some(at) = next_maybe_unsafe(bytes, from) {
        let c = page[at..]
            .chars()
            .next()
            .expect("a lead byte starts a char");
        if html_unsafe(c) {
            out.write_all(&bytes[written..at])?;
            write!(out, "{}", c.escape_default())?;
            written = at + c.len_utf8();
        }
        from = at + 1;
    }
    out.write_all(&bytes[written..])
}

/// What [`write_html_safe`] escapes.
fn html_unsafe(c: char) -> bool {
    !matches!(c, '\n' | '\t') && (c.is_control() || is_bidi_control(c))
}

/// The next byte at or after `from` that could start a char [`html_unsafe`] escapes: an ASCII
/// control, or the lead byte of a C1 control (U+0080–U+009F), of U+061C, or of the bidi marks
/// at U+200E–U+2069. Tested 32 bytes at a time with no branch per byte (`|`, not `||`), which
/// the compiler turns into vector code, ~10× faster: a page is mostly plain ASCII.
fn next_maybe_unsafe(bytes: &[u8], from: usize) -> Option<usize> {
    fn suspect(b: u8) -> bool {
        (b < 0x20) | (b == 0x7f) | (b == 0xc2) | (b == 0xd8) | (b == 0xe2)
    }
    const CHUNK: usize = 32;
    let mut chunks = bytes[from..].chunks_exact(CHUNK);
    let mut base = from;
    for chunk in &mut chunks {
        if chunk.iter().fold(false, |any, &b| any | suspect(b)) {
            return chunk.iter().position(|&b| suspect(b)).map(|i| base + i);
        }
        base += CHUNK;
    }
    let tail = chunks.remainder();
    tail.iter().position(|&b| suspect(b)).map(|i| base + i)
}

pub use crate::text::{is_bidi_control, terminal_safe};

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

/// One CSV record (cells already made safe by [`csv_cell`]), ended by `\n`: cells joined by
/// commas, and every cell holding a tab, comma, semicolon, quote or line break quoted, its
/// quotes doubled (RFC 4180). Not the csv crate's writer: that quotes only for its own
/// delimiter, and LibreOffice's import dialog splits on tab, comma *and* semicolon by default,
/// so an unquoted `Chief Executive; Corporate Directors` spilled into the next column and
/// shifted the rest of the row. Inside quotes every one of them is text.
pub fn write_csv_record<S: AsRef<str>>(
    out: &mut dyn Write,
    cells: impl IntoIterator<Item = S>,
) -> io::Result<()> {
    let mut line = String::new();
    for (i, cell) in cells.into_iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        let cell = cell.as_ref();
        if cell.contains(['\t', ',', ';', '"', '\n', '\r']) {
            line.push('"');
            line.push_str(&cell.replace('"', "\"\""));
            line.push('"');
        } else {
            line.push_str(cell);
        }
    }
    line.push('\n');
    out.write_all(line.as_bytes())
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

    /// The page writer escapes exactly what a char-by-char pass would, wherever the chars
    /// fall against its 32-byte chunks.
    #[test]
    fn html_safe_escapes_controls_and_bidi_and_nothing_else() {
        let html_safe = |page: &str| {
            let mut out = Vec::new();
            write_html_safe(&mut out, page).unwrap();
            String::from_utf8(out).unwrap()
        };
        let pieces = [
            "a",
            "<p>",
            "\n",
            "\t",
            "\r",
            "\0",
            "\x1b[31m",
            "\x7f",
            "\u{85}",
            "\u{9f}",
            "\u{a0}",
            "£",
            "·",
            "—",
            "€",
            "\u{61c}",
            "\u{61b}",
            "\u{200d}",
            "\u{200e}",
            "\u{200f}",
            "\u{2029}",
            "\u{202a}",
            "\u{202e}",
            "\u{202f}",
            "\u{2065}",
            "\u{2066}",
            "\u{2069}",
            "\u{206a}",
            "⚠",
            "\u{1f600}",
            "0123456789abcdef",
        ];
        let reference = |text: &str| crate::text::escape_where(text, html_unsafe);
        for (i, a) in pieces.iter().enumerate() {
            for b in &pieces {
                for pad in [0, 1, 5, 13, 15, 16, 17, 29, 30, 31, 32, 33, 63] {
                    let text = format!("{}{a}{b}{a}{}", "x".repeat(pad), "y".repeat(i));
                    assert_eq!(html_safe(&text), reference(&text), "{text:?}");
                }
            }
        }
        assert_eq!(
            html_safe("<td>a\u{202e}b\u{1b}</td>\n\t£"),
            "<td>a\\u{202e}b\\u{1b}</td>\n\t£"
        );
    }

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
    fn csv_records_quote_every_separator_a_spreadsheet_splits_on() {
        let mut out = Vec::new();
        write_csv_record(
            &mut out,
            [
                "plain",
                "a;b",
                "a,b",
                "a\tb",
                "say \"hi\"",
                "one\ntwo",
                "cr\r",
                "",
            ],
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "plain,\"a;b\",\"a,b\",\"a\tb\",\"say \"\"hi\"\"\",\"one\ntwo\",\"cr\r\",\n"
        );
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
