//! Diagnostics in the three forms `plan check` offers: human (rustc-style snippets),
//! JSON, and GitHub Actions workflow commands. Query commands print the human form on stderr.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

use crate::check::Waived;
use crate::diag::{Diagnostic, Place, Severity, SourceMap};

/// Prints diagnostics to stderr in the human form.
pub fn eprint(sources: &SourceMap, diagnostics: &[Diagnostic], color: bool) {
    for diagnostic in diagnostics {
        crate::shell::eprint_line(&format!("{}\n", human(sources, diagnostic, color)));
    }
}

/// Problems a read command answered around, one line each with file:line:col, and where to
/// look for the details: the answer above them is marked, but not complete.
pub fn eprint_degraded(sources: &SourceMap, diagnostics: &[Diagnostic]) {
    if diagnostics.is_empty() {
        return;
    }
    for diagnostic in diagnostics {
        let place = diagnostic.place.as_ref().map_or_else(String::new, |place| {
            let file = sources.get(place.file);
            let (line, col) = file.line_col(place.span.start);
            format!("{}:{line}:{col}: ", file.display)
        });
        let item = diagnostic
            .id
            .as_deref()
            .filter(|id| !id.is_empty())
            .map_or_else(String::new, |id| format!("\"{id}\": "));
        crate::shell::eprint_line(&format!(
            "warning[{}]: {}",
            diagnostic.rule.name(),
            crate::render::text::terminal_safe(&format!("{place}{item}{}", diagnostic.message))
        ));
    }
    crate::shell::eprint_line(&format!(
        "help: {} shown marked in the answer; run `plan check` for the details",
        crate::text::plural(diagnostics.len(), "problem is", "problems are")
    ));
}

/// One diagnostic as rustc would show it: title, `--> file:line:col`, snippet, help.
pub fn human(sources: &SourceMap, diagnostic: &Diagnostic, color: bool) -> String {
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    render(sources, diagnostic, level, None, color)
}

/// A waived finding (`check --verbose`): a note, with the waiver's reason and end date.
pub fn human_waived(sources: &SourceMap, waived: &Waived, color: bool) -> String {
    render(
        sources,
        &waived.finding,
        Level::NOTE,
        Some(waived.note()),
        color,
    )
}

fn render(
    sources: &SourceMap,
    diagnostic: &Diagnostic,
    level: Level<'_>,
    note: Option<String>,
    color: bool,
) -> String {
    let message = crate::render::text::terminal_safe(&diagnostic.message);
    let title = level
        .primary_title(message.as_str())
        .id(diagnostic.rule.name());
    let mut group = match &diagnostic.place {
        None => Group::with_title(title),
        Some(place) => placed(sources, diagnostic, place, title),
    };
    if let Some(note) = note {
        group = group.element(Level::NOTE.message(crate::render::text::terminal_safe(&note)));
    } else if let Some(help) = diagnostic.help.as_deref() {
        group = group.element(Level::HELP.message(crate::render::text::terminal_safe(help)));
    }
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    renderer.render(&[group])
}

/// The finding's title with an excerpt of where it is, and of the related places.
fn placed<'a>(
    sources: &'a SourceMap,
    diagnostic: &'a Diagnostic,
    place: &Place,
    title: annotate_snippets::Title<'a>,
) -> Group<'a> {
    let Some((primary, text)) = snippet(sources, place) else {
        return Group::with_title(title).element(Level::NOTE.message(unseen(sources, place)));
    };
    let label = diagnostic.label.clone().unwrap_or_default();
    let mut primary = primary.annotation(
        AnnotationKind::Primary
            .span(clamp(text, place))
            .label(label),
    );
    let (same_file, other_files): (Vec<_>, Vec<_>) = diagnostic
        .related
        .iter()
        .partition(|(r, _)| r.file == place.file);
    for (related, label) in same_file {
        primary = primary.annotation(context(text, related, label));
    }
    let mut group = title.element(primary);
    for (related, label) in other_files {
        group = match snippet(sources, related) {
            Some((other, text)) => group.element(other.annotation(context(text, related, label))),
            None => group.element(Level::NOTE.message(format!(
                "{}: {}",
                unseen(sources, related),
                crate::render::text::terminal_safe(label)
            ))),
        };
    }
    group
}

/// An excerpt of the file a place is in, and the text it is cut from; `None` when the file
/// changed since it was read (see [`SourceMap::text`]).
fn snippet<'a>(
    sources: &'a SourceMap,
    place: &Place,
) -> Option<(Snippet<'a, annotate_snippets::Annotation<'a>>, &'a str)> {
    let text = sources.text(place.file)?;
    let snippet = Snippet::source(text)
        .path(sources.get(place.file).display.as_str())
        .fold(true);
    Some((snippet, text))
}

fn context<'a>(text: &str, place: &Place, label: &str) -> annotate_snippets::Annotation<'a> {
    AnnotationKind::Context
        .span(clamp(text, place))
        .label(label.to_owned())
}

/// Where a place is, for a file whose text cannot be shown.
fn unseen(sources: &SourceMap, place: &Place) -> String {
    let at = sources.locate(place);
    format!(
        "at {}:{}:{} (the file changed after it was read, so it is not shown)",
        crate::render::text::terminal_safe(&at.file),
        at.line,
        at.column
    )
}

/// A span that lies within `text` and on character boundaries.
fn clamp(text: &str, place: &Place) -> std::ops::Range<usize> {
    let mut start = place.span.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = place.span.end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// One finding as JSON: stable field names, 1-based lines and columns.
#[derive(Debug, Serialize)]
pub struct JsonFinding<'a> {
    pub rule: &'static str,
    pub severity: &'static str,
    pub message: &'a str,
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub end_line: Option<usize>,
    pub end_column: Option<usize>,
    pub id: Option<&'a str>,
    pub help: Option<&'a str>,
    /// Set when a waiver on the item covers the finding: it then fails nothing, and its
    /// `severity` is `note`, as `--verbose` and the GitHub format show it.
    pub waived: Option<JsonWaiver<'a>>,
}

#[derive(Debug, Serialize)]
pub struct JsonWaiver<'a> {
    /// What the finding would be without the waiver: `error` or `warning`.
    pub severity: &'static str,
    pub reason: &'a str,
    /// `YYYY-MM-DD`, or `null` for a waiver with no end date.
    pub until: Option<String>,
}

/// What the human form of `plan check` says besides the findings.
pub struct HumanSummary {
    pub verbose: bool,
    pub color: bool,
    pub files_checked: usize,
    pub today: chrono::NaiveDate,
}

/// `plan check`'s human form: each finding (and, verbose, each waived one) in rustc's style,
/// then the one summary line ("ok: 0 errors, 1 warning; 3 files checked (as at …)").
pub fn write_human(
    out: &mut dyn std::io::Write,
    sources: &SourceMap,
    verdict: &crate::check::Verdict,
    with: &HumanSummary,
) -> std::io::Result<()> {
    for finding in &verdict.findings {
        writeln!(out, "{}\n", human(sources, finding, with.color))?;
    }
    for waived in verdict.waived.iter().filter(|_| with.verbose) {
        writeln!(out, "{}\n", human_waived(sources, waived, with.color))?;
    }
    let errors = verdict.errors();
    let mut counts = vec![
        crate::text::plural(errors, "error", "errors"),
        crate::text::plural(verdict.findings.len() - errors, "warning", "warnings"),
    ];
    if !verdict.waived.is_empty() {
        counts.push(format!("{} waived", verdict.waived.len()));
    }
    if !verdict.hidden.is_empty() {
        let rules: Vec<&str> = verdict.hidden.keys().map(|r| r.name()).collect();
        let hidden: usize = verdict.hidden.values().sum();
        counts.push(format!("{hidden} hidden by allow ({})", rules.join(", ")));
    }
    writeln!(
        out,
        "{}: {}; {} checked (as at {})",
        if errors == 0 { "ok" } else { "failed" },
        counts.join(", "),
        crate::text::plural(with.files_checked, "file", "files"),
        with.today
    )
}

/// Findings and waived findings as JSON, in report order.
pub fn write_json_findings(
    out: &mut dyn std::io::Write,
    sources: &SourceMap,
    diagnostics: &[Diagnostic],
    waived: &[Waived],
) -> std::io::Result<()> {
    let mut all: Vec<(&Diagnostic, Option<&Waived>)> = diagnostics
        .iter()
        .map(|d| (d, None))
        .chain(waived.iter().map(|w| (&w.finding, Some(w))))
        .collect();
    all.sort_by(|a, b| a.0.sort_key().cmp(&b.0.sort_key()));
    // Locating is a search of the file's lines and a count of characters per finding, so
    // rows are made in the chunks serialised on the thread pool: a large plan's check has
    // tens of thousands of findings.
    crate::render::write_json_mapped(out, &all, |&(d, waiver)| json_finding(sources, d, waiver))
}

fn json_finding<'a>(
    sources: &SourceMap,
    d: &'a Diagnostic,
    waiver: Option<&'a Waived>,
) -> JsonFinding<'a> {
    let location = d.place.as_ref().map(|p| sources.locate(p));
    JsonFinding {
        rule: d.rule.name(),
        severity: if waiver.is_some() {
            "note"
        } else {
            d.severity.name()
        },
        message: &d.message,
        file: location.as_ref().map(|l| l.file.clone()),
        line: location.as_ref().map(|l| l.line),
        column: location.as_ref().map(|l| l.column),
        end_line: location.as_ref().map(|l| l.end_line),
        end_column: location.as_ref().map(|l| l.end_column),
        id: d.id.as_deref(),
        help: d.help.as_deref(),
        waived: waiver.map(|w| JsonWaiver {
            severity: d.severity.name(),
            reason: &w.reason,
            until: w.until.map(|d| d.to_string()),
        }),
    }
}

/// One finding as a GitHub Actions workflow command, e.g.
/// `::error file=plan/a.toml,line=3,col=1,endLine=3,endColumn=9,title=missing-date::…`.
/// `paths` gives each file's path as the runner wants it (relative to the repository root),
/// by file id.
pub fn github(sources: &SourceMap, diagnostic: &Diagnostic, paths: &[String]) -> String {
    let command = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    workflow_command(sources, diagnostic, command, None, paths)
}

/// A waived finding (`check --verbose`) as a `::notice`, with the waiver's reason.
pub fn github_waived(sources: &SourceMap, waived: &Waived, paths: &[String]) -> String {
    workflow_command(
        sources,
        &waived.finding,
        "notice",
        Some(waived.note()),
        paths,
    )
}

fn workflow_command(
    sources: &SourceMap,
    diagnostic: &Diagnostic,
    command: &str,
    note: Option<String>,
    paths: &[String],
) -> String {
    let mut properties = Vec::new();
    if let Some(place) = &diagnostic.place {
        let l = sources.locate(place);
        let file = paths.get(place.file.0 as usize).unwrap_or(&l.file);
        properties.push(format!("file={}", escape_property(file)));
        properties.push(format!("line={}", l.line));
        properties.push(format!("col={}", l.column));
        properties.push(format!("endLine={}", l.end_line));
        properties.push(format!("endColumn={}", l.end_column));
    }
    properties.push(format!("title={}", escape_property(diagnostic.rule.name())));
    // CI logs render ANSI sequences too, so plan text in the message is made safe first.
    let mut message = crate::render::text::terminal_safe(&diagnostic.message);
    let (label, text) = match &note {
        Some(note) => ("note", Some(note.as_str())),
        None => ("help", diagnostic.help.as_deref()),
    };
    if let Some(text) = text {
        message.push_str(&format!("\n{label}: "));
        message.push_str(&crate::render::text::terminal_safe(text));
    }
    format!(
        "::{command} {}::{}",
        properties.join(","),
        escape_data(&message)
    )
}

/// GitHub's escaping for a workflow command's message.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// GitHub's escaping for a workflow command's property values (also `:` and `,`).
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escaping_follows_the_runner() {
        assert_eq!(escape_data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
