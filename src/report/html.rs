//! The report as one self-contained HTML page: inline CSS, no scripts, nothing fetched.
//! maud escapes every `(splice)`, so plan text is always text, never markup; the only
//! unescaped output is this file's own stylesheet.

use std::borrow::Cow;
use std::io::Write;

use chrono::NaiveDate;
use maud::{DOCTYPE, Markup, PreEscaped, Render, html};
use rayon::prelude::*;

use super::view::{Report, Section, Tally};
use super::{ReportStatus, window_text};
use crate::dates::iso_day;
use crate::dates::{push_short_date, short_date};
use crate::render::text::write_html_safe;
use crate::text::plural;
use crate::view::ActionRow;
use crate::view::words::not_on_the_roster;

/// Where a frame's rows (or nested sections) go. Plan text cannot forge the mark: maud
/// escapes every `<` in a splice, and the only unescaped text is the stylesheet.
const HOLE: &str = "<!--rows-->";

/// Rows laid out by one thread before the next batch: big enough that handing out work costs
/// little, small enough that a window of batches is a few megabytes.
const BATCH: usize = 512;

/// Writes the page to `out`, everything through [`write_html_safe`]. The page is never held
/// whole (at 100,000 actions it is ~80 MB): its rows are laid out in parallel a window of
/// batches at a time and written in order. Every number and row is already in `report`, so
/// nothing can fail half way but the writing itself.
pub fn write(out: &mut dyn Write, report: &Report<'_>) -> std::io::Result<()> {
    let pieces = pieces(report);
    let window = BATCH * rayon::current_num_threads().max(1);
    for window in pieces.chunks(window) {
        let laid_out: Vec<Vec<u8>> = window
            .par_chunks(BATCH)
            .map(|batch| lay_out(report, batch))
            .collect::<std::io::Result<_>>()?;
        for bytes in laid_out {
            out.write_all(&bytes)?;
        }
    }
    out.write_all(b"\n")
}

/// One piece of the page, in document order: markup already laid out (the start or end of a
/// frame), or a row still to lay out.
enum Piece {
    Markup(String),
    Exception(usize),
    Action(usize),
}

fn lay_out(report: &Report<'_>, batch: &[Piece]) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    for piece in batch {
        match piece {
            Piece::Markup(markup) => write_html_safe(&mut bytes, markup)?,
            Piece::Exception(i) => {
                write_html_safe(&mut bytes, &exception_row(&report.row(*i)).into_string())?;
            }
            Piece::Action(i) => {
                write_html_safe(&mut bytes, &action_row(&report.row(*i)).into_string())?;
            }
        }
    }
    Ok(bytes)
}

/// The page as pieces: its frame split where the exception rows and the priority sections go.
fn pieces(report: &Report<'_>) -> Vec<Piece> {
    let frame = page(report).into_string();
    let mut parts = frame.split(HOLE).map(|part| Piece::Markup(part.to_owned()));
    let mut next = move || parts.next().expect("the page has a hole for each list");
    let mut pieces = vec![next()];
    if !report.exceptions.is_empty() {
        pieces.extend(report.exceptions.iter().map(|&i| Piece::Exception(i)));
        pieces.push(next());
    }
    for section in &report.sections {
        priority_pieces(section, &mut pieces);
    }
    pieces.push(next());
    pieces
}

/// The page around its two lists: the exception rows and the priority sections.
fn page(report: &Report<'_>) -> Markup {
    let as_at = short_date(report.as_at);
    let exceptions = report.exception_tally();
    html! {
        (DOCTYPE)
        html lang="en-GB" {
            (head(report, &as_at))
            body {
                (masthead(report, &as_at))
                (contents(report))
                main {
                    (summary(report, &exceptions))
                    (exception_report(report, &exceptions))
                    (super::indicators::html(&report.indicators))
                    @if let Some(changes) = &report.changes {
                        (changes_section(changes))
                    }
                    (by_owner(report, &as_at))
                    (by_priority())
                }
                (footer(report, &as_at))
            }
        }
    }
}

/// A day as [`short_date`] writes it, spliced without a String of its own.
struct LongDate(NaiveDate);

impl Render for LongDate {
    fn render_to(&self, buffer: &mut String) {
        push_short_date(buffer, self.0);
    }
}

/// A day as a `datetime` attribute wants it (`2004-05-31`, [`iso_day`]), without the
/// formatter and per-char escaper a plain `(day)` splice goes through.
struct IsoDate(NaiveDate);

impl Render for IsoDate {
    fn render_to(&self, buffer: &mut String) {
        buffer.push_str(&iso_day(self.0));
    }
}

/// Whether `text` holds a byte maud escapes, tested a word (8 bytes) at a time: most text has
/// none, and is short, so the test is most of the cost of splicing it.
fn needs_escaping(text: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // Non-zero exactly when some byte of `word` is `byte` (the "has zero byte" test on the
    // word with `byte` XORed out).
    let has = |word: u64, byte: u8| {
        let x = word ^ (ONES * u64::from(byte));
        x.wrapping_sub(ONES) & !x & HIGHS
    };
    let mut words = text.chunks_exact(8);
    for word in &mut words {
        let word = u64::from_le_bytes(word.try_into().expect("8 bytes"));
        if has(word, b'&') | has(word, b'<') | has(word, b'>') | has(word, b'"') != 0 {
            return true;
        }
    }
    let rest = words.remainder();
    rest.iter().any(|b| matches!(b, b'&' | b'<' | b'>' | b'"'))
}

/// Text spliced into a row: escaped exactly as maud escapes a `&str` (`&`, `<`, `>`, `"`),
/// but a run at a time instead of a byte at a time. A page holds hundreds of thousands of
/// these; maud's own escaper was a third of the time spent writing it.
struct Text<'a>(&'a str);

impl Render for Text<'_> {
    fn render_to(&self, buffer: &mut String) {
        let text = self.0;
        if !needs_escaping(text.as_bytes()) {
            buffer.push_str(text);
            return;
        }
        let mut from = 0;
        for (at, byte) in text.bytes().enumerate() {
            let entity = match byte {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                _ => continue,
            };
            buffer.push_str(&text[from..at]);
            buffer.push_str(entity);
            from = at + 1;
        }
        buffer.push_str(&text[from..]);
    }
}

fn head(report: &Report<'_>, as_at: &str) -> Markup {
    html! {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="color-scheme" content="light";
                meta name="generator" content={ "plan " (report.version) };
                title { (report.title) " — progress as at " (as_at) }
                style { (PreEscaped(CSS)) (PreEscaped(badge_css())) }
            }
    }
}

fn masthead(report: &Report<'_>, as_at: &str) -> Markup {
    html! {
                header.masthead {
                    @if !report.organisation.is_empty() {
                        p.org { (report.organisation) }
                    }
                    h1 { (report.title) }
                    p.asat {
                        "Progress report as at "
                        time datetime=(report.as_at) { strong { (as_at) } }
                    }
                    @for scope in &report.scope {
                        p.scope { (scope) "." }
                    }
                }
    }
}

fn contents(report: &Report<'_>) -> Markup {
    html! {
                nav aria-label="Contents" {
                    ol {
                        li { a href="#summary" { "Summary" } }
                        li { a href="#exceptions" { "Exception report" } }
                        @if !report.indicators.is_empty() {
                            li { a href="#indicators" { "Performance indicators" } }
                        }
                        @if let Some(changes) = &report.changes {
                            li { a href="#changes" { "Changes since " (changes.since) } }
                        }
                        li { a href="#owners" { "By owner" } }
                        li { a href="#priorities" { "Actions by priority" } }
                    }
                }
    }
}

fn summary(report: &Report<'_>, exceptions: &Tally) -> Markup {
    html! {
                    section #summary aria-labelledby="summary-h" {
                        h2 #summary-h { "Summary" }
                        p.lead {
                            (plural(report.tally.total(), "action", "actions")) " in "
                            (plural(report.all_sections().len(), "priority", "priorities"))
                            ". " strong { (exceptions.total()) } " need attention: "
                            (exceptions.get(ReportStatus::Overdue)) " overdue"
                            @if exceptions.get(ReportStatus::Unreadable) > 0 {
                                ", " (exceptions.get(ReportStatus::Unreadable)) " with a due date that could not be read"
                            }
                            " and " (exceptions.get(ReportStatus::NoDate)) " with no due date"
                            @let (red, amber) = report.exceptions_rated();
                            @if red + amber > 0 {
                                "; " (red) " rated red and " (amber) " amber by their owner"
                            }
                            "."
                        }
                        (ratings(report))
                        (bar(&report.tally))
                        ul.tiles {
                            @for status in report.tally.statuses() {
                                @let n = report.tally.get(status);
                                li class={ "tile s-" (status.key()) @if n == 0 { " zero" } } {
                                    span.n { (n) }
                                    " "
                                    span.l { (status.label()) }
                                }
                            }
                        }
                        (status_key(report))
                    }
    }
}

/// The owners' own ratings this period, beside the dates' statuses.
fn ratings(report: &Report<'_>) -> Markup {
    let r = report.ratings;
    html! {
                        p.ratings {
                            "Owners' ratings"
                            @if let Some(since) = r.since {
                                " since " time datetime=(IsoDate(since)) { (LongDate(since)) }
                            }
                            ": " (r.red) " red, " (r.amber) " amber, " (r.green) " green, "
                            (r.not_reported) " not reported."
                        }
    }
}

/// What each status means, with the report's own "due soon" window.
fn status_key(report: &Report<'_>) -> Markup {
    html! {
                        details.key open {
                            summary { "How status is decided" }
                            dl {
                                @for status in report.tally.statuses() {
                                    div {
                                        dt { (badge(status)) }
                                        dd {
                                            (status.meaning())
                                            @if status == ReportStatus::DueSoon {
                                                ": " (window_text(report))
                                            }
                                            "."
                                        }
                                    }
                                }
                            }
                        }
    }
}

fn exception_report(report: &Report<'_>, exceptions: &Tally) -> Markup {
    html! {
                    section #exceptions aria-labelledby="exceptions-h" {
                        h2 #exceptions-h { "Exception report" }
                        @if report.exceptions.is_empty() {
                            p { "No open action is overdue, undated, or rated red or amber by its owner." }
                        } @else {
                            p { "Every open action that is overdue (latest first), that its owner rates red or amber, or that has no due date to measure it by, with who owns it and the owner's latest note." }
                            div.scroll {
                                table.cards #exceptions-table {
                                    caption {
                                        (plural(exceptions.total(), "exception", "exceptions")) ": "
                                        (exceptions.get(ReportStatus::Overdue)) " overdue, "
                                        @if exceptions.get(ReportStatus::Unreadable) > 0 {
                                            (exceptions.get(ReportStatus::Unreadable)) " unreadable date, "
                                        }
                                        (exceptions.get(ReportStatus::NoDate)) " with no date"
                                    }
                                    (column_heads(&[
                                        ("ID", false), ("Action", false), ("Owners", false), ("Due", false),
                                        ("Days late", true), ("Note", false), ("Status", false), ("Latest update", false),
                                    ]))
                                    tbody { (PreEscaped(HOLE)) }
                                }
                            }
                        }
                    }
    }
}

fn exception_row(row: &ActionRow<'_>) -> Markup {
    html! {
                                            tr class={ "s-" (Text(row.report_status.key())) } data-status=(Text(row.report_status.key())) {
                                                th scope="row" data-label="ID" { a href={ "#a-" (Text(row.id)) } { (Text(row.id)) } }
                                                td.title data-label="Action" {
                                                    (Text(row.title))
                                                    span.under { (Text(row.priority.id)) " · " (Text(row.priority.title)) }
                                                }
                                                td data-label="Owners" { (owners(row)) }
                                                td.due data-label="Due" { (due(row)) }
                                                td.num data-label="Days late" {
                                                    @if row.report_status == ReportStatus::Overdue { (row.days_late) } @else { "—" }
                                                }
                                                td data-label="Note" { (Text(row.due_note.unwrap_or(""))) }
                                                td data-label="Status" { (badge(row.report_status)) (status_extras(row)) }
                                                td.update data-label="Latest update" { (latest(row)) }
                                            }
    }
}

fn by_owner(report: &Report<'_>, as_at: &str) -> Markup {
    html! {
                    section #owners aria-labelledby="owners-h" {
                        h2 #owners-h { "By owner" }
                        p { (super::view::owners_count(report.owner_counting)) }
                        div.scroll {
                            table.cards.rollup #owners-table {
                                caption { "Actions by owner (" (report.owner_counting.label()) ") and status, as at " (as_at) }
                                thead {
                                    tr {
                                        th scope="col" { "Owner" }
                                        th scope="col" .num { "Actions" }
                                        @for status in report.tally.statuses() {
                                            th scope="col" .num { (status.label()) }
                                        }
                                    }
                                }
                                tbody {
                                    @for line in &report.owners {
                                        tr {
                                            th scope="row" data-label="Owner" {
                                                @match line.shown() { Some(name) => (name), None => em { "No owner" } }
                                            }
                                            td.num data-label="Actions" { (line.tally.total()) }
                                            @for status in report.tally.statuses() {
                                                @let n = line.tally.get(status);
                                                td class={ "num" @if n > 0 { " has s-" (status.key()) } @else { " zero" } } data-label=(status.label()) { (n) }
                                            }
                                        }
                                    }
                                }
                                tfoot {
                                    tr {
                                        th scope="row" data-label="Owner" { "All actions" }
                                        td.num data-label="Actions" { (report.tally.total()) }
                                        @for status in report.tally.statuses() {
                                            td.num data-label=(status.label()) { (report.tally.get(status)) }
                                        }
                                    }
                                }
                            }
                        }
                    }
    }
}

fn by_priority() -> Markup {
    html! {
                    section #priorities aria-labelledby="priorities-h" {
                        h2 #priorities-h { "Actions by priority" }
                        (PreEscaped(HOLE))
                    }
    }
}

fn footer(report: &Report<'_>, as_at: &str) -> Markup {
    html! {
                footer {
                    p {
                        "Made by " code { "plan report" } " " (report.version)
                        " from the plan files, as at " (as_at) ". Status is worked out from each action's due date and recorded status on that day."
                    }
                }
    }
}

/// A table's head: a header cell a column, `true` for a column of numbers (right-aligned).
fn column_heads(columns: &[(&str, bool)]) -> Markup {
    html! {
        thead {
            tr {
                @for &(name, numeric) in columns {
                    @if numeric { th.num scope="col" { (name) } } @else { th scope="col" { (name) } }
                }
            }
        }
    }
}

/// A priority's heading, facts and actions, then its children's, one heading level down.
/// Recursive, but never deeper than [`crate::load::MAX_NESTING`]: the loader refuses more.
fn priority_pieces(section: &Section<'_>, pieces: &mut Vec<Piece>) {
    let frame = priority(section).into_string();
    let (open, close) = frame.split_once(HOLE).expect("a section has a hole");
    pieces.push(Piece::Markup(open.to_owned()));
    if !section.rows.is_empty() {
        let table = priority_actions(section).into_string();
        let (open, close) = table.split_once(HOLE).expect("a table has a hole");
        pieces.push(Piece::Markup(open.to_owned()));
        pieces.extend(section.rows.iter().map(|&i| Piece::Action(i)));
        pieces.push(Piece::Markup(close.to_owned()));
    }
    for child in &section.children {
        priority_pieces(child, pieces);
    }
    pieces.push(Piece::Markup(close.to_owned()));
}

/// A priority's section, with a hole for its actions' table and then its children.
fn priority(section: &Section<'_>) -> Markup {
    html! {
        section.priority id={ "p-" (section.id) } aria-labelledby={ "p-" (section.id) "-h" } {
            (priority_heading(section))
            (priority_facts(section))
            (tally_badges(&section.tally))
            @if let Some(description) = section.description {
                p.description { (description) }
            }
            (PreEscaped(HOLE))
        }
    }
}

fn priority_heading(section: &Section<'_>) -> Markup {
    let level = (section.depth + 3).min(6);
    let heading = html! {
        span.pid { (section.id) } " " (section.title)
    };
    html! {
        @match level {
            3 => h3 id={ "p-" (section.id) "-h" } { (heading) },
            4 => h4 id={ "p-" (section.id) "-h" } { (heading) },
            5 => h5 id={ "p-" (section.id) "-h" } { (heading) },
            _ => h6 id={ "p-" (section.id) "-h" } { (heading) },
        }
    }
}

fn priority_facts(section: &Section<'_>) -> Markup {
    html! {
        p.meta {
            @if !section.owners.is_empty() {
                span { "Owners: " (section.owners.join("; ")) }
            }
            @if let Some(written) = section.due_written {
                span {
                    "Due: " (Text(written))
                    @if let Some(by) = section.due_by { " (by " (LongDate(by)) ")" }
                }
            }
        }
    }
}

/// The table of a priority's own actions, with a hole for the rows.
fn priority_actions(section: &Section<'_>) -> Markup {
    html! {
        div.scroll {
            table.cards.actions {
                caption.vh { "Actions under " (section.title) }
                (column_heads(&[
                    ("ID", false), ("Action", false), ("Owners", false), ("Due", false),
                    ("Status", false), ("Latest update", false),
                ]))
                tbody { (PreEscaped(HOLE)) }
            }
        }
    }
}

fn action_row(row: &ActionRow<'_>) -> Markup {
    html! {
        tr id={ "a-" (Text(row.id)) } class={ "s-" (Text(row.report_status.key())) } data-status=(Text(row.report_status.key())) {
            th scope="row" data-label="ID" { (Text(row.id)) }
            td.title data-label="Action" {
                (Text(row.title))
                @if let Some(note) = row.due_note {
                    span.note { "Note: " (Text(note)) }
                }
            }
            td data-label="Owners" { (owners(row)) }
            td.due data-label="Due" { (due(row)) }
            td data-label="Status" {
                (badge(row.report_status))
                @if row.report_status == ReportStatus::Overdue {
                    span.late { (plural(usize::try_from(row.days_late).unwrap_or(0), "day", "days")) " late" }
                }
                (status_extras(row))
            }
            td.update data-label="Latest update" { (latest(row)) }
        }
    }
}

fn badge(status: ReportStatus) -> Markup {
    html! { span class={ "badge s-" (Text(status.key())) } { (Text(status.label())) } }
}

fn tally_badges(tally: &Tally) -> Markup {
    html! {
        p.tally {
            span.count { (plural(tally.total(), "action", "actions")) ":" }
            @for (status, n) in tally.nonzero() {
                " " span class={ "badge s-" (status.key()) } { (n) " " (status.label().to_lowercase()) }
            }
        }
    }
}

/// The status mix as one bar; decorative, since the tiles beside it give the numbers.
fn bar(tally: &Tally) -> Markup {
    html! {
        div.bar aria-hidden="true" {
            @for (status, n) in tally.nonzero() {
                span class={ "s-" (status.key()) } style={ "flex-grow:" (n) } {}
            }
        }
    }
}

/// [`crate::view::ActionRow::owners_shown`], without a String for each roster name.
fn owners(row: &ActionRow<'_>) -> Markup {
    let unknown = row
        .unknown_owners
        .iter()
        .map(|name| not_on_the_roster(name));
    html! {
        @if row.owners.is_empty() && row.unknown_owners.is_empty() {
            em { "No owner" }
        } @else {
            @for (i, owner) in row.owners.iter().map(|&name| Cow::Borrowed(name)).chain(unknown.map(Cow::Owned)).enumerate() {
                @if i > 0 { "; " }
                (Text(&owner))
            }
        }
    }
}

fn due(row: &ActionRow<'_>) -> Markup {
    html! {
        @match (row.due_written, row.due_by) {
            (Some(written), Some(by)) => {
                (Text(written))
                @if written != iso_day(by) {
                    span.by { "by " time datetime=(IsoDate(by)) { (LongDate(by)) } }
                }
            },
            (Some(written), None) => (Text(written)),
            (None, _) => span.none { "No date" },
        }
        @if let Some(origin) = &row.trail {
            span.origin { (Text(&origin.words())) }
        }
    }
}

/// What the plan adds to the dates' status: when it was done (and how late), that work is
/// in progress, and a flag where the owner's own rating contradicts the dates.
fn status_extras(row: &ActionRow<'_>) -> Markup {
    html! {
        @if let Some(on) = row.done_on {
            span.doneon { "on " time datetime=(IsoDate(on)) { (LongDate(on)) } }
        }
        @if let Some(late) = row.done_days_late {
            span.late { "completed " (plural(usize::try_from(late).unwrap_or(0), "day", "days")) " late" }
        }
        @if row.in_progress() {
            span.progress { "In progress" }
        }
        @if let Some(conflict) = row.rag_conflict {
            @let why = conflict.explain();
            strong.conflict title={ (why[..1].to_uppercase()) (why[1..]) } {
                "⚠ Owner reports " (conflict.rag().name())
            }
        }
    }
}

/// The latest progress update: day, the owner's RAG and percent, and the note.
fn latest(row: &ActionRow<'_>) -> Markup {
    html! {
        @match &row.latest {
            None => span.none { "No update" },
            Some(update) => {
                time datetime=(IsoDate(update.date)) { (LongDate(update.date)) }
                @if let Some(rag) = update.rag {
                    " " span class={ "rag rag-" (Text(rag.name())) } { (Text(rag.name())) }
                }
                @if let Some(percent) = update.percent {
                    " " span.pct { (percent) "%" }
                }
                " " span.unote { (Text(update.note)) }
            },
        }
    }
}

/// "Changes since …": each kind of change with the actions it happened to.
fn changes_section(changes: &super::progress::Changes) -> Markup {
    html! {
        section #changes aria-labelledby="changes-h" {
            h2 #changes-h { "Changes since " (changes.since) }
            @if changes.is_empty() {
                p { "No changes." }
            }
            @for (section, list) in &changes.sections {
                h3 { (section.heading()) " (" (list.len()) ")" }
                ul.changes data-change=(section.name()) {
                    @for change in list {
                        li {
                            a href={ "#a-" (change.id) } { (change.id) } " "
                            (change.title) " — " span.detail { (crate::render::change::detail(change)) }
                        }
                    }
                }
            }
            @for (heading, list) in crate::diff::indicators::grouped(&changes.indicators) {
                h3 { "Indicators: " (heading) " (" (list.len()) ")" }
                ul.changes data-change=(list[0].change) {
                    @for change in list {
                        li {
                            @if change.change == "indicator-removed" {
                                (change.id) " "
                            } @else {
                                a href={ "#i-" (change.id) } { (change.id) } " "
                            }
                            (change.title) " — " span.detail { (crate::render::change::indicator_detail(change)) }
                        }
                    }
                }
            }
        }
    }
}

/// Text and background of each status badge. Every pair has at least WCAG AA contrast
/// (4.5:1, checked by a test), and the label is always there as text too.
pub(crate) const BADGES: [(ReportStatus, &str, &str); 8] = [
    (ReportStatus::Overdue, "#ffffff", "#b42318"),
    (ReportStatus::DueSoon, "#3d1d00", "#fdb022"),
    (ReportStatus::OnTrack, "#ffffff", "#067647"),
    (ReportStatus::Ongoing, "#175cd3", "#eff8ff"),
    (ReportStatus::Unreadable, "#ffffff", "#9e165f"),
    (ReportStatus::NoDate, "#6941c6", "#f4f3ff"),
    (ReportStatus::Done, "#067647", "#ecfdf3"),
    (ReportStatus::Dropped, "#475467", "#f2f4f7"),
];

/// Other text colours the stylesheet uses, on the backgrounds they sit on.
#[cfg(test)]
const TEXT_PAIRS: [(&str, &str, &str); 8] = [
    ("ink", "#1d2939", "#ffffff"),
    ("muted", "#475467", "#ffffff"),
    ("muted on table header", "#475467", "#f2f4f7"),
    ("faint (zero counts)", "#667085", "#ffffff"),
    ("red (late, overdue counts)", "#b42318", "#ffffff"),
    ("amber (due soon counts)", "#b54708", "#ffffff"),
    ("purple (no date)", "#6941c6", "#ffffff"),
    ("green (owner's RAG)", "#067647", "#ffffff"),
];

fn badge_css() -> String {
    BADGES
        .iter()
        .map(|(status, fg, bg)| {
            format!(
                ".badge.s-{} {{ color: {fg}; background: {bg}; border-color: {fg}66; }}\n",
                status.key()
            )
        })
        .collect()
}

const CSS: &str = r#"
:root {
  --ink: #1d2939; --muted: #475467; --faint: #667085; --line: #d0d5dd; --soft: #f2f4f7; --accent: #1f3a68;
  --red: #b42318;
  --amber: #b54708; --amber-fill: #fdb022; --amber-bg: #fffaeb;
  --green: #067647; --green-bg: #ecfdf3;
  --blue: #175cd3; --blue-bg: #eff8ff;
  --purple: #6941c6; --purple-bg: #f4f3ff;
  --grey: #475467; --grey-bg: #f2f4f7;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0 auto; max-width: 72rem; padding: 1.5rem 1.5rem 3rem;
  font: 16px/1.5 "Segoe UI", system-ui, -apple-system, Roboto, "Helvetica Neue", "Liberation Sans", Arial, sans-serif;
  color: var(--ink); background: #fff;
}
a { color: var(--accent); }
a:focus-visible, summary:focus-visible { outline: 3px solid #f79009; outline-offset: 2px; }
.masthead { border-bottom: 4px solid var(--accent); padding-bottom: 1rem; margin-bottom: 1rem; }
.org { margin: 0; text-transform: uppercase; letter-spacing: .08em; font-size: .85rem; font-weight: 700; color: var(--accent); }
h1 { margin: .25rem 0 .5rem; font-size: 1.9rem; line-height: 1.2; }
.asat { margin: 0; font-size: 1.1rem; color: var(--muted); }
.asat strong { color: var(--ink); }
.scope { margin: .5rem 0 0; padding: .4rem .75rem; background: var(--amber-bg); border-left: 4px solid var(--amber-fill); }
nav ol { display: flex; flex-wrap: wrap; gap: .25rem 1.5rem; margin: 0 0 1rem; padding: 0; list-style: none; font-size: .95rem; }
h2 { font-size: 1.45rem; margin: 2.25rem 0 .5rem; padding-bottom: .25rem; border-bottom: 1px solid var(--line); color: var(--accent); }
h3, h4, h5, h6 { margin: 0 0 .25rem; line-height: 1.3; }
h3 { font-size: 1.2rem; } h4 { font-size: 1.08rem; } h5, h6 { font-size: 1rem; }
.lead { font-size: 1.1rem; margin: .5rem 0 1rem; }
.bar { display: flex; height: .75rem; border-radius: .375rem; overflow: hidden; margin: 0 0 1rem; background: var(--soft); }
.bar span { display: block; min-width: 3px; }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(8.5rem, 1fr)); gap: .75rem; margin: 0 0 1rem; padding: 0; list-style: none; }
.tile { border: 1px solid var(--line); border-top: 6px solid var(--c, var(--line)); border-radius: .5rem; padding: .6rem .8rem; background: #fff; }
.tile .n { display: block; font-size: 2rem; font-weight: 700; line-height: 1.1; font-variant-numeric: tabular-nums; }
.tile .l { font-weight: 600; color: var(--muted); }
.tile.zero .n { color: var(--faint); }
.key { margin: 0 0 1rem; font-size: .92rem; }
.key summary { cursor: pointer; font-weight: 600; color: var(--muted); }
.key dl { display: grid; grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr)); gap: .35rem 1.5rem; margin: .5rem 0 0; }
.key dl div { display: flex; gap: .5rem; align-items: baseline; }
.key dt { flex: 0 0 6.5rem; } .key dd { margin: 0; color: var(--muted); }
.scroll { overflow-x: auto; margin: .5rem 0 1.25rem; }
table { width: 100%; border-collapse: collapse; font-size: .93rem; }
caption { caption-side: top; text-align: left; font-weight: 600; padding: 0 0 .4rem; color: var(--muted); }
th, td { text-align: left; vertical-align: top; padding: .45rem .6rem; border-bottom: 1px solid var(--line); }
thead th { background: var(--soft); border-bottom: 2px solid #98a2b3; font-size: .85rem; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); white-space: nowrap; }
tbody th { font-weight: 600; white-space: nowrap; }
tbody tr:nth-child(even) { background: #fcfcfd; }
tfoot th, tfoot td { font-weight: 700; border-top: 2px solid #98a2b3; border-bottom: 0; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
tbody th[scope=row] { width: 1%; }
td.due { min-width: 7.5rem; } .by { white-space: nowrap; }
.rollup thead th { white-space: normal; vertical-align: bottom; letter-spacing: 0; }
.rollup tbody th { white-space: normal; width: auto; }
.rollup td.zero { color: var(--faint); } .rollup td.has { font-weight: 600; }
.rollup td.has.s-overdue { color: var(--red); } .rollup td.has.s-due-soon { color: var(--amber); } .rollup td.has.s-no-date { color: var(--purple); }
tr.s-overdue > th:first-child { box-shadow: inset 4px 0 0 var(--red); }
tr.s-due-soon > th:first-child { box-shadow: inset 4px 0 0 var(--amber-fill); }
tr.s-no-date > th:first-child { box-shadow: inset 4px 0 0 var(--purple); }
.under, .by, .note, .late { display: block; font-size: .82rem; color: var(--muted); }
.note { font-style: italic; }
td.title { white-space: pre-line; }
td.title > span { white-space: normal; }
.late { color: var(--red); font-weight: 600; margin-top: .2rem; }
.none { color: var(--purple); font-style: italic; }
.origin, .doneon, .progress, .unote { display: block; font-size: .82rem; color: var(--muted); }
.progress { font-weight: 600; color: var(--blue); }
.conflict { display: block; margin-top: .2rem; font-size: .82rem; color: var(--red); }
.rag { font-weight: 700; text-transform: capitalize; }
.rag-green { color: var(--green); } .rag-amber { color: var(--amber); } .rag-red { color: var(--red); }
.pct { color: var(--muted); }
ul.changes { margin: .25rem 0 1rem; padding-left: 1.25rem; }
.changes .detail { color: var(--muted); }
.badge { display: inline-block; white-space: nowrap; padding: .05rem .5rem; border-radius: 999px; font-size: .8rem; font-weight: 700; border: 1px solid transparent; }
.badge.s-dropped { text-decoration: line-through; }
.badge.s-no-date { border-style: dashed; }
.s-overdue { --c: var(--red); } .s-due-soon { --c: var(--amber-fill); } .s-on-track { --c: var(--green); }
.s-unreadable { --c: #9e165f; } .rollup td.has.s-unreadable { color: #9e165f; } tr.s-unreadable > th:first-child { box-shadow: inset 4px 0 0 #9e165f; }
.s-ongoing { --c: var(--blue); } .s-no-date { --c: var(--purple); } .s-done { --c: #47cd89; } .s-dropped { --c: #98a2b3; }
.bar .s-overdue, .bar .s-due-soon, .bar .s-on-track, .bar .s-ongoing, .bar .s-unreadable, .bar .s-no-date, .bar .s-done, .bar .s-dropped { background: var(--c); }
.priority { margin: 1.5rem 0 0; }
.priority .priority { margin: 1.25rem 0 0 .25rem; padding-left: 1rem; border-left: 3px solid var(--line); }
.pid { display: inline-block; font: 600 .8rem/1.6 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; background: var(--soft); border: 1px solid var(--line); border-radius: .25rem; padding: 0 .35rem; vertical-align: .15em; color: var(--muted); }
.meta { margin: 0; color: var(--muted); font-size: .92rem; }
.meta span + span::before { content: " · "; }
.tally { margin: .3rem 0 .2rem; font-size: .9rem; }
.tally .count { color: var(--muted); margin-right: .15rem; }
.description { margin: .3rem 0; color: var(--muted); font-size: .92rem; max-width: 60rem; }
.vh { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; }
footer { margin-top: 3rem; padding-top: .75rem; border-top: 1px solid var(--line); color: var(--muted); font-size: .85rem; }
@media (max-width: 40rem) {
  body { padding: 1rem .85rem 2rem; font-size: 15px; }
  h1 { font-size: 1.45rem; }
  .tiles { grid-template-columns: repeat(2, 1fr); }
  .tile .n { font-size: 1.6rem; }
  .key dl { grid-template-columns: 1fr; }
  .scroll { overflow: visible; }
  /* Each row becomes a card, labelled cell by cell: wide tables stay readable on a phone. */
  table.cards, table.cards tbody, table.cards tfoot, table.cards tr, table.cards th, table.cards td { display: block; width: 100%; }
  table.cards caption { display: block; }
  table.cards thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  table.cards tr { border: 1px solid var(--line); border-left: 5px solid var(--c, var(--line)); border-radius: .5rem; margin: 0 0 .75rem; padding: .35rem .7rem; background: #fff; }
  table.cards tr > th:first-child { box-shadow: none; }
  table.cards th, table.cards td { border: 0; padding: .2rem 0; text-align: left; white-space: normal; }
  table.cards td[data-label]:empty { display: none; }
  table.cards.actions tr, #exceptions-table tr { display: grid; grid-template-columns: 1fr auto; column-gap: .75rem; }
  table.cards.actions tr > *, #exceptions-table tr > * { grid-column: 1 / -1; }
  table.cards.actions tr > th:first-child, #exceptions-table tr > th:first-child { grid-column: 1; grid-row: 1; }
  table.cards.actions tr > td:last-child, #exceptions-table tr > td:last-child { grid-column: 2; grid-row: 1; text-align: right; }
  #exceptions-table tr > td.due { grid-column: 1; }
  #exceptions-table tr > td.num { grid-column: 2; text-align: right; }
  table.cards.actions tr > th:first-child::before, table.cards.actions tr > td:last-child::before,
  #exceptions-table tr > th:first-child::before, #exceptions-table tr > td:last-child::before { content: none; }
  table.cards [data-label]::before { content: attr(data-label); display: block; font-size: .72rem; font-weight: 700; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
  table.rollup tr { display: grid; grid-template-columns: repeat(4, 1fr); gap: .2rem .5rem; }
  table.rollup th { grid-column: 1 / -1; }
  table.rollup td.num { text-align: left; }
  .priority .priority { margin-left: 0; padding-left: .6rem; }
}
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  body { max-width: none; padding: 0; font-size: 9.5pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  nav, .key summary { display: none; }
  a { color: inherit; text-decoration: none; }
  .scroll { overflow: visible; }
  h2 { break-after: avoid; }
  h3, h4, h5, h6, .meta, .tally { break-after: avoid; }
  tr, .tile { break-inside: avoid; }
  thead { display: table-header-group; }
  #priorities { break-before: page; }
  tbody tr:nth-child(even) { background: none; }
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG 2 contrast ratio of two `#rrggbb` colours.
    fn contrast(a: &str, b: &str) -> f64 {
        fn luminance(hex: &str) -> f64 {
            let channel = |i: usize| {
                let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
                if c <= 0.039_28 {
                    c / 12.92
                } else {
                    ((c + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
        }
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    /// `Text` escapes exactly as maud does, wherever the special bytes fall in a word.
    #[test]
    fn text_is_escaped_as_maud_escapes_it() {
        let pieces = [
            "", "a", "&", "<", ">", "\"", "'", "£", "—", "&amp;", "12345678", "\u{1b}",
        ];
        for a in pieces {
            for b in pieces {
                for pad in 0..18 {
                    let text = format!("{}{a}{}{b}", "x".repeat(pad), "y".repeat(pad % 7));
                    let maud = html! { (text) }.into_string();
                    assert_eq!(html! { (Text(&text)) }.into_string(), maud, "{text:?}");
                    assert_eq!(needs_escaping(text.as_bytes()), maud != text, "{text:?}");
                }
            }
        }
    }

    #[test]
    fn every_text_colour_meets_wcag_aa() {
        let badges = BADGES.iter().map(|(s, fg, bg)| (s.label(), *fg, *bg));
        for (what, fg, bg) in badges.chain(TEXT_PAIRS) {
            let ratio = contrast(fg, bg);
            assert!(ratio >= 4.5, "{what}: {fg} on {bg} is {ratio:.2}:1");
        }
        // The pairs tested are the ones the stylesheet uses.
        for (what, fg, _) in TEXT_PAIRS {
            assert!(CSS.contains(fg), "{what} {fg} not in the stylesheet");
        }
        assert!((contrast("#000000", "#ffffff") - 21.0).abs() < 1e-9);
    }
}
