//! The report as an Excel workbook, for committee members who filter and sort in Excel:
//! sheets Summary, Exceptions and All actions (then Indicators, when the report has any, and
//! Changes, with `--since`), each table with
//! a frozen header row and an autofilter, days as real Excel dates, and status cells coloured as in the HTML report.
//!
//! Every piece of plan text is written with `write_string`, so a title starting with `=` is
//! text, never a formula (Excel's formula injection); numbers and dates are written as such.

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError,
};

use super::progress::Changes;
use super::view::Report;
use super::{Rag, ReportStatus};
use crate::diff::Value;
use crate::error::Error;
use crate::view::ActionRow;

/// Excel refuses longer cell text; longer plan text is cut, and says so in the cell.
const MAX_CELL_CHARS: usize = 32_767;

/// (header, column width in characters) of the action tables.
const COLUMNS: [(&str, f64); 16] = [
    ("ID", 10.0),
    ("Action", 60.0),
    ("Priority ID", 11.0),
    ("Priority", 32.0),
    ("Owners", 36.0),
    ("Due (as written)", 18.0),
    ("Due by", 13.0),
    ("Status", 11.0),
    ("Plan status", 12.0),
    ("Days late", 10.0),
    ("Due note", 40.0),
    ("Source", 40.0),
    ("File", 40.0),
    ("Owner's RAG", 12.0),
    ("RAG conflict", 40.0),
    ("Latest update", 50.0),
];

struct Styles {
    header: Format,
    date: Format,
    bold: Format,
    wrap: Format,
    status: Vec<(ReportStatus, Format)>,
}

impl Styles {
    fn new() -> Self {
        let rgb = |hex: &str| {
            Color::RGB(u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap_or(0))
        };
        Styles {
            header: Format::new()
                .set_bold()
                .set_background_color(rgb("#f2f4f7")),
            date: Format::new().set_num_format("d mmm yyyy"),
            bold: Format::new().set_bold(),
            wrap: Format::new().set_text_wrap(),
            status: super::html::BADGES
                .iter()
                .map(|&(status, fg, bg)| {
                    let format = Format::new()
                        .set_font_color(rgb(fg))
                        .set_background_color(rgb(bg));
                    (status, format)
                })
                .collect(),
        }
    }

    fn status(&self, status: ReportStatus) -> &Format {
        self.status
            .iter()
            .find(|(s, _)| *s == status)
            .map_or(&self.bold, |(_, f)| f)
    }
}

/// The workbook's bytes. Built in memory, so a failure never leaves half a file behind.
pub fn write(report: &Report<'_>) -> Result<Vec<u8>, Error> {
    build(report).map_err(|err| Error::Output(std::io::Error::other(err)))
}

fn build(report: &Report<'_>) -> Result<Vec<u8>, XlsxError> {
    let styles = Styles::new();
    let mut workbook = Workbook::new();
    // Fixed creation time (the "as at" day): the same report gives the same file.
    let created = excel_day(report.as_at)
        .unwrap_or_else(|| ExcelDateTime::from_ymd(2000, 1, 1).expect("valid"));
    workbook.set_properties(
        &DocProperties::new()
            .set_title(clip(report.title))
            .set_company(clip(report.organisation))
            .set_creation_datetime(&created),
    );
    summary(
        workbook.add_worksheet().set_name("Summary")?,
        report,
        &styles,
    )?;
    let rows: Vec<ActionRow<'_>> = report.rows().collect();
    let exceptions: Vec<&ActionRow<'_>> = report.exceptions.iter().map(|&i| &rows[i]).collect();
    actions(
        workbook.add_worksheet().set_name("Exceptions")?,
        &exceptions,
        &styles,
        report.title,
    )?;
    let all: Vec<&ActionRow<'_>> = rows.iter().collect();
    actions(
        workbook.add_worksheet().set_name("All actions")?,
        &all,
        &styles,
        report.title,
    )?;
    if !report.indicators.is_empty() {
        let sheet = workbook.add_worksheet().set_name("Indicators")?;
        indicators(sheet, report, &styles)?;
    }
    if let Some(list) = &report.changes {
        let sheet = workbook.add_worksheet().set_name("Changes")?;
        changes(sheet, list, &styles, report.title)?;
    }
    workbook.save_to_buffer()
}

fn summary(sheet: &mut Worksheet, report: &Report<'_>, styles: &Styles) -> Result<(), XlsxError> {
    sheet.set_column_width(0, 34)?;
    sheet.set_column_width(1, 14)?;
    sheet.write_string_with_format(0, 0, clip(report.title), &styles.bold)?;
    sheet.write_string(1, 0, clip(report.organisation))?;
    sheet.write_string(2, 0, "As at")?;
    write_day(sheet, 2, 1, Some(report.as_at), styles)?;
    sheet.write_string(3, 0, "Due soon means")?;
    sheet.write_string(3, 1, super::window_text(report))?;
    let mut row = 4;
    if let Some(list) = &report.changes {
        let n = list.count();
        sheet.write_string(row, 0, clip(&format!("Changes since {}", list.since)))?;
        sheet.write_number(row, 1, count(n))?;
        row += 1;
    }
    for line in &report.scope {
        sheet.write_string(row, 0, clip(line))?;
        row += 1;
    }
    row += 1;
    // The header of the status table is row `row`; frozen and filtered like the others.
    let first = row;
    sheet.write_string_with_format(row, 0, "Status", &styles.header)?;
    sheet.write_string_with_format(row, 1, "Actions", &styles.header)?;
    for status in report.tally.statuses() {
        row += 1;
        sheet.write_string_with_format(row, 0, status.label(), styles.status(status))?;
        sheet.write_number(row, 1, count(report.tally.get(status)))?;
    }
    row += 1;
    sheet.write_string_with_format(row, 0, "Total", &styles.bold)?;
    sheet.write_number_with_format(row, 1, count(report.tally.total()), &styles.bold)?;
    let row = ratings(sheet, report, row + 2, styles)?;
    owners(sheet, report, row + 2, styles)?;
    sheet.set_freeze_panes(first + 1, 0)?;
    page_setup(sheet, report.title)?;
    Ok(())
}

/// The owners' own ratings of the open actions this period (as the other formats' summary
/// gives them), under the status table: a header row, then red, amber, green and not
/// reported as numbers. Returns the last row written.
fn ratings(
    sheet: &mut Worksheet,
    report: &Report<'_>,
    first: u32,
    styles: &Styles,
) -> Result<u32, XlsxError> {
    let r = report.ratings;
    let heading = match r.since {
        Some(since) => format!("Owners' ratings since {}", crate::dates::short_date(since)),
        None => "Owners' ratings".to_owned(),
    };
    sheet.write_string_with_format(first, 0, heading, &styles.header)?;
    sheet.write_string_with_format(first, 1, "Actions", &styles.header)?;
    let lines = [
        ("Red", r.red, Some(ReportStatus::Overdue)),
        ("Amber", r.amber, Some(ReportStatus::DueSoon)),
        ("Green", r.green, Some(ReportStatus::OnTrack)),
        ("Not reported", r.not_reported, None),
    ];
    let mut row = first;
    for (name, n, badge) in lines {
        row += 1;
        match badge {
            Some(status) => sheet.write_string_with_format(row, 0, name, styles.status(status))?,
            None => sheet.write_string(row, 0, name)?,
        };
        sheet.write_number(row, 1, count(n))?;
    }
    Ok(row)
}

/// The roll-up by owner under the status table: one row per role, a column per status.
fn owners(
    sheet: &mut Worksheet,
    report: &Report<'_>,
    first: u32,
    styles: &Styles,
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(first, 0, "Owner", &styles.header)?;
    let statuses = report.tally.statuses();
    for (i, &status) in statuses.iter().enumerate() {
        let col = col(i + 1);
        sheet.set_column_width(col, 12)?;
        sheet.write_string_with_format(first, col, status.label(), styles.status(status))?;
    }
    let total_col = col(statuses.len() + 1);
    sheet.write_string_with_format(first, total_col, "Total", &styles.header)?;
    let mut row = first;
    for line in &report.owners {
        row += 1;
        sheet.write_string(row, 0, clip(&line.shown().unwrap_or("(no owner)".into())))?;
        for (i, &status) in statuses.iter().enumerate() {
            sheet.write_number(row, col(i + 1), count(line.tally.get(status)))?;
        }
        sheet.write_number(row, total_col, count(line.tally.total()))?;
    }
    sheet.autofilter(first, 0, row, total_col)?;
    // What the counts are, under the table (outside its filter range).
    sheet.write_string(row + 2, 0, super::view::owners_count(report.owner_counting))?;
    Ok(())
}

fn actions(
    sheet: &mut Worksheet,
    rows: &[&ActionRow<'_>],
    styles: &Styles,
    title: &str,
) -> Result<(), XlsxError> {
    header(sheet, &COLUMNS, styles)?;
    sheet.set_column_width(0, id_width(COLUMNS[0], rows.iter().map(|r| r.id)))?;
    for (i, row) in rows.iter().enumerate() {
        let r = u32::try_from(i + 1).unwrap_or(u32::MAX);
        fit_row(sheet, r, row.title, COLUMNS[1].1)?;
        action(sheet, r, row, styles)?;
    }
    finish_table(sheet, rows.len(), COLUMNS.len(), title)
}

/// One action's row of [`COLUMNS`], laid out from its row as at the report's day.
fn action(
    sheet: &mut Worksheet,
    r: u32,
    row: &ActionRow<'_>,
    styles: &Styles,
) -> Result<(), XlsxError> {
    sheet.write_string(r, 0, clip(row.id))?;
    sheet.write_string_with_format(r, 1, clip(row.title), &styles.wrap)?;
    sheet.write_string(r, 2, clip(row.priority.id))?;
    sheet.write_string(r, 3, clip(row.priority.title))?;
    sheet.write_string(r, 4, clip(&row.owners_shown().join("; ")))?;
    sheet.write_string(r, 5, clip(row.due_written.unwrap_or_default()))?;
    write_day(sheet, r, 6, row.due_by, styles)?;
    sheet.write_string_with_format(
        r,
        7,
        row.report_status.label(),
        styles.status(row.report_status),
    )?;
    sheet.write_string(r, 8, row.status.name())?;
    // Blank unless overdue: 0 would read as "due today".
    if row.report_status == ReportStatus::Overdue {
        #[allow(clippy::cast_precision_loss)] // days, far below 2^52
        sheet.write_number(r, 9, row.days_late as f64)?;
    }
    sheet.write_string(r, 10, clip(row.due_note.unwrap_or_default()))?;
    sheet.write_string(r, 11, clip(row.source.unwrap_or_default()))?;
    sheet.write_string(r, 12, clip(&format!("{}:{}", row.file, row.line)))?;
    // What the owner says, beside what the dates say (as every other format shows it).
    if let Some(rag) = row.owner_rag {
        sheet.write_string_with_format(r, 13, rag.name(), styles.status(rag_badge(rag)))?;
    }
    if let Some(conflict) = row.rag_conflict {
        sheet.write_string(r, 14, format!("⚠ {}", conflict.explain()))?;
    }
    if let Some(latest) = &row.latest {
        let mut text = latest.date.to_string();
        if let Some(period) = &latest.counts_for {
            text.push_str(&format!(" (for {period})"));
        }
        text.push_str(": ");
        text.push_str(latest.note);
        sheet.write_string_with_format(r, 15, clip(&text), &styles.wrap)?;
    }
    Ok(())
}

/// (header, width) of the Changes sheet: one row per change, as `plan diff` lists them.
const CHANGE_COLUMNS: [(&str, f64); 8] = [
    ("Change", 24.0),
    ("ID", 10.0),
    ("Action", 50.0),
    ("Before", 28.0),
    ("After", 28.0),
    ("Days moved", 11.0),
    ("Months moved", 13.0),
    ("Detail", 60.0),
];

/// The report's changes since `--since` (the list `plan diff` computes), in its order:
/// by kind of change, then plan order.
fn changes(
    sheet: &mut Worksheet,
    list: &Changes,
    styles: &Styles,
    title: &str,
) -> Result<(), XlsxError> {
    header(sheet, &CHANGE_COLUMNS, styles)?;
    let ids = list
        .sections
        .iter()
        .flat_map(|(_, l)| l)
        .map(|c| c.id.as_str());
    sheet.set_column_width(1, id_width(CHANGE_COLUMNS[1], ids))?;
    let all = list.sections.iter().flat_map(|(_, l)| l);
    let mut r: u32 = 0;
    for change in all {
        r += 1;
        sheet.write_string(r, 0, change.change.heading())?;
        sheet.write_string(r, 1, clip(&change.id))?;
        sheet.write_string_with_format(r, 2, clip(&change.title), &styles.wrap)?;
        fit_row(sheet, r, &change.title, CHANGE_COLUMNS[2].1)?;
        write_value(sheet, (r, 3), change.before.as_ref(), styles)?;
        write_value(sheet, (r, 4), change.after.as_ref(), styles)?;
        #[allow(clippy::cast_precision_loss)] // days, far below 2^52
        if let Some(shift) = change.shift {
            sheet.write_number(r, 5, shift.days as f64)?;
            if let Some(months) = shift.months {
                sheet.write_number(r, 6, f64::from(months))?;
            }
        }
        sheet.write_string(r, 7, clip(&crate::render::change::detail(change)))?;
    }
    // Then the indicators', grouped as the other formats group them; figures as numbers.
    for (heading, group) in crate::diff::indicators::grouped(&list.indicators) {
        for change in group {
            r += 1;
            sheet.write_string(r, 0, heading)?;
            sheet.write_string(r, 1, clip(&change.id))?;
            sheet.write_string_with_format(r, 2, clip(&change.title), &styles.wrap)?;
            fit_row(sheet, r, &change.title, CHANGE_COLUMNS[2].1)?;
            for (col, value) in [(3, change.before), (4, change.after)] {
                if let Some(value) = value {
                    sheet.write_number(r, col, value)?;
                }
            }
            let detail = crate::render::change::indicator_detail(change);
            sheet.write_string(r, 7, clip(&detail))?;
        }
    }
    finish_table(sheet, r as usize, CHANGE_COLUMNS.len(), title)
}

/// (header, width) of the Indicators sheet: one row per indicator, its latest actual judged.
const INDICATOR_COLUMNS: [(&str, f64); 18] = [
    ("ID", 10.0),
    ("Indicator", 50.0),
    ("Priority ID", 11.0),
    ("Owners", 30.0),
    ("Unit", 8.0),
    ("Polarity", 9.0),
    ("Frequency", 10.0),
    ("Tolerance", 10.0),
    ("Period", 12.0),
    ("Actual", 10.0),
    ("Target", 10.0),
    ("RAG", 8.0),
    ("vs previous", 12.0),
    ("vs year before", 14.0),
    ("Quartile", 9.0),
    ("Late data", 24.0),
    ("Note", 40.0),
    ("File", 30.0),
];

/// The report's indicators ([`crate::view::IndicatorRow`]s): actual and target as real
/// numbers (the unit in its own column), RAG coloured as in the HTML report.
fn indicators(
    sheet: &mut Worksheet,
    report: &Report<'_>,
    styles: &Styles,
) -> Result<(), XlsxError> {
    header(sheet, &INDICATOR_COLUMNS, styles)?;
    let ids = report.indicators.iter().map(|i| i.row.id);
    sheet.set_column_width(0, id_width(INDICATOR_COLUMNS[0], ids))?;
    let text = |t: Option<&str>| clip(t.unwrap_or_default());
    let mut r: u32 = 0;
    for indicator in &report.indicators {
        let row = &indicator.row;
        r += 1;
        sheet.write_string(r, 0, clip(row.id))?;
        sheet.write_string_with_format(r, 1, clip(row.title), &styles.wrap)?;
        fit_row(sheet, r, row.title, INDICATOR_COLUMNS[1].1)?;
        sheet.write_string(r, 2, clip(row.priority.id))?;
        sheet.write_string(r, 3, clip(&row.owners.join("; ")))?;
        sheet.write_string(r, 4, text(row.unit))?;
        sheet.write_string(r, 5, text(row.polarity))?;
        sheet.write_string(r, 6, text(row.frequency))?;
        sheet.write_string(r, 7, text(row.tolerance.as_deref()))?;
        sheet.write_string(r, 8, text(row.period.as_deref()))?;
        for (col, value) in [(9, row.actual), (10, row.target)] {
            if let Some(value) = value {
                sheet.write_number(r, col, value)?;
            }
        }
        if let Some(rag) = row.rag {
            sheet.write_string_with_format(r, 11, rag.name(), styles.status(rag_badge(rag)))?;
        }
        sheet.write_string(r, 12, text(row.vs_previous))?;
        sheet.write_string(r, 13, text(row.vs_year_before))?;
        sheet.write_string(r, 14, text(row.quartile))?;
        sheet.write_string(r, 15, clip(&row.late_periods.join("; ")))?;
        sheet.write_string(r, 16, text(row.note))?;
        sheet.write_string(r, 17, clip(&format!("{}:{}", row.file, row.line)))?;
    }
    finish_table(sheet, r as usize, INDICATOR_COLUMNS.len(), report.title)
}

/// The badge an indicator's RAG is coloured with: the actions' red, amber and green.
fn rag_badge(rag: Rag) -> ReportStatus {
    match rag {
        Rag::Red => ReportStatus::Overdue,
        Rag::Amber => ReportStatus::DueSoon,
        Rag::Green => ReportStatus::OnTrack,
    }
}

/// A change's before or after value: a completion day, or a due date that is a single day,
/// as a real date (a title that looks like a day stays the text it is); owners joined by
/// "; "; an update as its fields; a status, a due date and the rest as people read them;
/// nothing for none.
fn write_value(
    sheet: &mut Worksheet,
    (row, col): (u32, u16),
    value: Option<&Value>,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let text = match value {
        None | Some(Value::Day(None)) => return Ok(()),
        Some(Value::Day(Some(day))) => return write_day(sheet, row, col, Some(*day), styles),
        Some(Value::Due(due)) if due.is_day && due.due_by.is_some() => {
            return write_day(sheet, row, col, due.due_by, styles);
        }
        Some(Value::Due(due)) => match &due.written {
            Some(written) => written.clone(),
            None => return Ok(()),
        },
        Some(Value::Action { status, .. } | Value::Status { status, .. }) => {
            status.name().to_owned()
        }
        Some(Value::Owners(owners)) => owners.join("; "),
        Some(Value::Update(update)) => {
            let mut fields = vec![
                format!("date: {}", update.date),
                format!("note: {}", update.note),
            ];
            fields.extend(update.percent.map(|p| format!("percent: {p}")));
            fields.extend(update.rag.map(|rag| format!("rag: {rag}")));
            fields.join("; ")
        }
        Some(Value::Title(text) | Value::File(text) | Value::Priority { id: text, .. }) => {
            text.clone()
        }
    };
    sheet.write_string(row, col, clip(&text)).map(|_| ())
}

/// A table's header row: names in bold on grey, and the columns' widths.
fn header(
    sheet: &mut Worksheet,
    columns: &[(&str, f64)],
    styles: &Styles,
) -> Result<(), XlsxError> {
    for (i, (name, width)) in columns.iter().enumerate() {
        sheet.set_column_width(col(i), *width)?;
        sheet.write_string_with_format(0, col(i), *name, &styles.header)?;
    }
    Ok(())
}

/// The header row frozen, filtered and repeated on every printed page, as every table sheet
/// has, with the page set up for printing.
fn finish_table(
    sheet: &mut Worksheet,
    rows: usize,
    columns: usize,
    title: &str,
) -> Result<(), XlsxError> {
    let last = u32::try_from(rows).unwrap_or(u32::MAX);
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, last, col(columns - 1))?;
    sheet.set_repeat_rows(0, 0)?;
    page_setup(sheet, title)
}

/// Printing (and PDF export): A4 landscape, every column on one page's width (as many pages
/// down as it takes), the report's title at the top of each page and the sheet's name and page
/// number at the bottom. Without it LibreOffice printed the actions as 27 portrait pages of
/// one column each.
fn page_setup(sheet: &mut Worksheet, title: &str) -> Result<(), XlsxError> {
    const A4: u8 = 9;
    sheet
        .set_paper_size(A4)
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        // `&` starts a header code; `&&` is a literal one. Headers hold 255 characters.
        .set_header(format!("&C&\"-,Bold\"{}", header_text(title, 200)))
        .set_footer("&L&A&RPage &P of &N");
    Ok(())
}

/// Plan text for a page header or footer: `&` doubled, line breaks as spaces, at most `max`
/// characters (with `…` when cut).
fn header_text(text: &str, max: usize) -> String {
    let one_line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let cut: String = if one_line.chars().count() > max {
        one_line.chars().take(max - 1).chain(['…']).collect()
    } else {
        one_line
    };
    cut.replace('&', "&&")
}

/// An id column wide enough for its longest id (and its header), in character widths.
fn id_width<'a>(column: (&str, f64), ids: impl Iterator<Item = &'a str>) -> f64 {
    let longest = ids.map(|id| id.chars().count()).max().unwrap_or(0);
    #[allow(clippy::cast_precision_loss)] // ids are short
    let needed = longest as f64 + 2.0;
    column.1.max(needed)
}

/// Points per line of the default 11-point font.
const LINE_HEIGHT: f64 = 15.0;

/// Gives row `r` the height its wrapped `text` needs in a column `width` characters wide:
/// Excel grows a wrapped row when it opens the file, but LibreOffice keeps the default height
/// and shows only one line of it.
fn fit_row(sheet: &mut Worksheet, r: u32, text: &str, width: f64) -> Result<(), XlsxError> {
    let lines = wrapped_lines(text, width);
    if lines > 1 {
        #[allow(clippy::cast_precision_loss)] // a cell's lines, far below 2^52
        sheet.set_row_height(r, LINE_HEIGHT * lines.min(409 / 15) as f64)?;
    }
    Ok(())
}

/// How many lines `text` takes wrapped at word boundaries in a column `width` characters wide
/// (a little narrower, for the cell's padding; the font's average character is about one width).
fn wrapped_lines(text: &str, width: f64) -> usize {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // widths are small
    let fits = (width - 2.0).max(1.0) as usize;
    text.lines()
        .map(|line| {
            let mut lines = 1;
            let mut used = 0;
            for word in line.split(' ') {
                let len = word.chars().count();
                if used > 0 && used + 1 + len <= fits {
                    used += 1 + len;
                    continue;
                }
                if used > 0 {
                    lines += 1;
                }
                // The word starts a line; one longer than the line is broken across lines.
                let extra = len.saturating_sub(1) / fits;
                lines += extra;
                used = len - extra * fits;
            }
            lines
        })
        .sum::<usize>()
        .max(1)
}

/// A day as a real Excel date (a serial number shown as "1 May 2004"), or blank for none.
fn write_day(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    day: Option<chrono::NaiveDate>,
    styles: &Styles,
) -> Result<(), XlsxError> {
    match day {
        None => Ok(()),
        Some(day) => match excel_day(day) {
            Some(excel) => sheet
                .write_datetime_with_format(row, col, &excel, &styles.date)
                .map(|_| ()),
            // Outside Excel's calendar (before 1900): as ISO text rather than a wrong date.
            None => sheet.write_string(row, col, day.to_string()).map(|_| ()),
        },
    }
}

fn excel_day(day: chrono::NaiveDate) -> Option<ExcelDateTime> {
    use chrono::Datelike as _;
    let year = u16::try_from(day.year()).ok()?;
    ExcelDateTime::from_ymd(
        year,
        u8::try_from(day.month()).ok()?,
        u8::try_from(day.day()).ok()?,
    )
    .ok()
}

/// Plan text cut to what a cell holds, saying so where it was cut.
fn clip(text: &str) -> String {
    const MARK: &str = " … [cut: longer than an Excel cell holds]";
    if text.chars().count() <= MAX_CELL_CHARS {
        return text.to_owned();
    }
    let keep = MAX_CELL_CHARS - MARK.chars().count();
    text.chars().take(keep).collect::<String>() + MARK
}

#[allow(clippy::cast_precision_loss)] // counts of actions
fn count(n: usize) -> f64 {
    n as f64
}

fn col(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_count_word_wrapping_and_line_breaks() {
        assert_eq!(wrapped_lines("", 12.0), 1);
        assert_eq!(wrapped_lines("short", 12.0), 1);
        // 10 characters fit: "aaaa bbbb" | "cccc dddd"
        assert_eq!(wrapped_lines("aaaa bbbb cccc dddd", 12.0), 2);
        assert_eq!(wrapped_lines("one\ntwo\nthree", 60.0), 3);
        assert_eq!(wrapped_lines("x abcdefghijklmnopqrstu", 12.0), 4);
        assert_eq!(header_text("A & B\nC", 200), "A && B C");
        assert_eq!(header_text("abcdef", 4), "abc…");
    }

    #[test]
    fn long_text_is_cut_to_a_cell_and_marked() {
        let long = "x".repeat(40_000);
        let cut = clip(&long);
        assert_eq!(cut.chars().count(), MAX_CELL_CHARS);
        assert!(cut.ends_with("longer than an Excel cell holds]"));
        assert_eq!(clip("short"), "short");
    }
}
