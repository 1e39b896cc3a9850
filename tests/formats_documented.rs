//! Every format each command accepts is named where a user looks for it: the command's
//! `--help` and man page, `plan --help`'s one-line summary for `report`, README's list of
//! `--format` values and docs/report.md. Stands in for a reader of the help and the docs
//! (the issue found `plan --help`, the man page and docs/report.md listing no xlsx); the
//! names come from the format enums themselves, so a new format cannot be left out.

mod common;

use clap::ValueEnum;
use plan::format::{CheckFormat, QueryFormat, ReportFormat};

fn names<T: ValueEnum>() -> Vec<String> {
    T::value_variants()
        .iter()
        .filter_map(|v| v.to_possible_value())
        .map(|v| v.get_name().to_owned())
        .collect()
}

fn out(args: &[&str]) -> String {
    common::stdout(common::plan_cmd().args(args))
}

#[test]
fn help_man_and_docs_list_every_format() {
    let readme = include_str!("../README.md");
    let report_doc = include_str!("../docs/report.md");
    let report = names::<ReportFormat>().join("|");
    let check = names::<CheckFormat>().join("|");
    let query = names::<QueryFormat>().join("|");
    assert_eq!(report, "html|markdown|csv|xlsx");
    assert!(
        readme.contains(&format!(
            "`--format {query}` (`check`: `{check}`; `report`:\n  `{report}`)"
        )),
        "README's --format line names {query}, {check}, {report}"
    );
    assert!(readme.contains(&format!("# --format {report}, as at today")));
    assert!(report_doc.contains(&format!("# --format {report}, as at today")));
    // The one-line summary of `report` in `plan --help` (wrapped: spaces collapsed) and plan.1.
    let summary = format!("roll-up by owner ({})", names::<ReportFormat>().join(", "));
    let help = out(&["--help"])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(help.contains(&summary), "plan --help: {summary}");
    assert!(
        out(&["man"]).contains(&summary.replace('-', "\\-")),
        "plan.1: {summary}"
    );
    for (command, formats) in [
        ("report", names::<ReportFormat>()),
        ("check", names::<CheckFormat>()),
        ("list", names::<QueryFormat>()),
    ] {
        let help = out(&[command, "--help"]);
        for name in &formats {
            assert!(
                help.contains(name.as_str()),
                "plan {command} --help lacks {name}"
            );
        }
    }
    for ext in [".html", ".md", ".csv", ".xlsx"] {
        assert!(
            report_doc.contains(&format!("`{ext}`")),
            "docs/report.md: {ext}"
        );
    }
}
