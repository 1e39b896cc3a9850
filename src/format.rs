//! Output formats, one type per family of commands, so each command accepts (and its `--help`
//! lists) only the formats it can write: clap refuses `plan diff --format html` itself.

use clap::ValueEnum;

/// Formats of `plan chase`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ChaseFormat {
    /// A heading per owner and a table of their actions, to paste into an email.
    #[default]
    Markdown,
    /// One row per owner and action, with a header row.
    Csv,
    /// JSON array of owners, each with its actions (stable field names).
    Json,
}

/// Formats for answers to questions (`list`, `owner`, `owners`, `priorities`, `show`, `diff`,
/// `history`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum QueryFormat {
    /// Aligned table fitted to the terminal width.
    Table,
    /// JSON array of objects (stable field names).
    Json,
    /// CSV with a header row.
    Csv,
    /// GitHub-flavoured Markdown table.
    Markdown,
}

impl QueryFormat {
    /// As asked, else a table on a terminal and Markdown when piped (readable as text, and
    /// still a table once pasted into an issue or email).
    pub fn or_default(asked: Option<QueryFormat>, stdout_is_terminal: bool) -> QueryFormat {
        match asked {
            Some(format) => format,
            None if stdout_is_terminal => QueryFormat::Table,
            None => QueryFormat::Markdown,
        }
    }
}

/// Formats for `plan check`'s findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum CheckFormat {
    /// Diagnostics with source snippets.
    #[default]
    #[value(alias = "table")]
    Human,
    /// JSON array of findings.
    Json,
    /// GitHub Actions annotations.
    Github,
    /// SARIF 2.1.0 log, for GitHub code scanning and other SARIF readers.
    Sarif,
}

/// Formats for `plan report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Self-contained HTML page.
    Html,
    /// GitHub-flavoured Markdown.
    Markdown,
    /// CSV, one row per action.
    Csv,
    /// Excel workbook (needs -o FILE): Summary, Exceptions and All actions sheets.
    Xlsx,
}

impl ReportFormat {
    /// The name `--format` takes.
    pub fn name(self) -> &'static str {
        match self {
            ReportFormat::Html => "html",
            ReportFormat::Markdown => "markdown",
            ReportFormat::Csv => "csv",
            ReportFormat::Xlsx => "xlsx",
        }
    }
}
