//! `plan init`: the files of a new plan folder, each commented so that it explains every
//! field it can hold. The example priority deliberately leaves one action's date as "TBC",
//! so the first `plan check` shows what a gap looks like (one `missing-date` error), and holds
//! an example performance indicator with a quarterly series. Its dates are worked out from the
//! day it is written, so a fresh plan never starts out overdue or late, whenever it is made.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::dates::DateOrder;
use crate::edit::{Expect, Findings, Transaction};
use crate::error::Error;
use crate::load::source::MemTree;
use crate::load::{OWNERS_FILE, PLAN_FILE, Snapshot};
use crate::model::indicator::{Frequency, Span};

/// Where the example priority goes, inside the plan folder.
pub const EXAMPLE_FILE: &str = "example/01-example.toml";

/// What `plan init` was asked for.
#[derive(Clone, Debug)]
pub struct Settings {
    pub organisation: String,
    pub financial_year_start: u32,
    pub date_order: Option<DateOrder>,
}

/// The new plan's files, keyed by their path (the plan folder joined with their name).
pub fn files(plan_dir: &Path, settings: &Settings, today: NaiveDate) -> BTreeMap<PathBuf, Vec<u8>> {
    [
        (PLAN_FILE, plan_toml(settings)),
        (OWNERS_FILE, OWNERS_TOML.to_owned()),
        (EXAMPLE_FILE, example_toml(settings, today)),
    ]
    .into_iter()
    .map(|(name, text)| (plan_dir.join(name), text.into_bytes()))
    .collect()
}

/// Beside the plan folder: `.taplo.toml` and the JSON Schemas it points at, so Taplo and
/// "Even Better TOML" check and complete the plan's keys as they are typed (`top` is the
/// folder holding `plan/`; nothing here goes inside the plan folder).
pub fn editor_files(top: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files: BTreeMap<PathBuf, Vec<u8>> = crate::schema::schema_files()
        .into_iter()
        .map(|(name, text)| (top.join("schema").join(name), text.into_bytes()))
        .collect();
    files.insert(top.join(".taplo.toml"), TAPLO_TOML.as_bytes().to_vec());
    files
}

const TAPLO_TOML: &str = "\
# Editor support for the plan files (Taplo / \"Even Better TOML\"): completion and validation
# of keys from the JSON Schemas in schema/, written by `plan init` from the tool's own types.

[[rule]]
include = [\"plan/plan.toml\"]
[rule.schema]
path = \"./schema/plan.schema.json\"

[[rule]]
include = [\"plan/owners.toml\"]
[rule.schema]
path = \"./schema/owners.schema.json\"

[[rule]]
include = [\"plan/**/*.toml\"]
exclude = [\"plan/plan.toml\", \"plan/owners.toml\"]
[rule.schema]
path = \"./schema/priority.schema.json\"
";

/// A TOML basic string (quotes and escapes), so any organisation name is safe to write.
fn quoted(text: &str) -> String {
    toml_edit::Value::from(text).to_string().trim().to_owned()
}

fn plan_toml(settings: &Settings) -> String {
    let order = match settings.date_order {
        Some(order) => format!("date_order = \"{}\"\n", order.name()),
        None => "# date_order = \"dmy\"\n".to_owned(),
    };
    format!(
        r#"# The plan folder's marker and settings. `plan` finds the plan by looking for this file
# in ./plan, then in the folders above.

# Shown at the top of reports and calendar feeds.
title = {title}
# Whose plan this is. Calendar event ids end in it (e.g. ex-1@{slug}).
organisation = {organisation}
# Month (1-12) the financial year starts in: 4 = April, as UK councils use. It decides what
# "2005/06" and "2005/06 Q1" mean.
financial_year_start = {fy}
# How numeric day dates such as 31/03/2006 read: "dmy" (day first, UK) or "mdy" (US).
# Without it they are errors: the tool never guesses.
{order}# What "Q2 2005" means: "calendar" (April-June 2005, the default) or "financial".
# quarters = "calendar"

# Settings for `plan check` (CI): make warnings errors, or silence a rule plan-wide.
# [check]
# deny = ["overdue"]
# allow = ["empty-priority"]
"#,
        title = quoted(&format!("{} plan", settings.organisation)),
        organisation = quoted(&settings.organisation),
        slug = crate::ids::uid_domain(&settings.organisation),
        fy = settings.financial_year_start,
    )
}

const OWNERS_TOML: &str = r#"# The roster: every role that may own an action, once each. Owners are roles (offices),
# not people, so the plan survives staff changes. `plan import` adds the roles it meets.
#
# [[role]]
# name = "Chief Executive"            # the name output shows; unique, case-insensitively
# aliases = ["CEO"]                   # other WHOLE names for the same role (never parts)
# member_of = ["Corporate Directors"] # groups: this role also answers for their actions

[[role]]
name = "Chief Executive"

[[role]]
name = "Corporate Directors"
"#;

/// The example priority, its dates worked out from `today` (the day `plan init` runs, or
/// `--today`), so a fresh plan is valid whenever it is made: its due dates are in the next
/// financial year, its indicator's actuals are the quarters of last and this financial year
/// that have ended, each covered by a target, and nothing is overdue, late or for a period
/// still to come.
fn example_toml(settings: &Settings, today: NaiveDate) -> String {
    let start = settings.financial_year_start;
    let this_year = Span::containing(today, Frequency::Annual, start);
    let next_year = this_year.next().unwrap_or(this_year);
    // The last month and the third quarter of the next financial year.
    let year_end = Span::containing(next_year.last(), Frequency::Monthly, start);
    let third_quarter = (0..2).fold(
        Span::containing(next_year.first, Frequency::Quarterly, start),
        |quarter, _| quarter.next().unwrap_or(quarter),
    );
    let this_quarter = Span::containing(today, Frequency::Quarterly, start);
    // Last year and this year each have a target; the actuals are every quarter of last year
    // and of this year that has ended (four to seven), so the series has no gap to be late.
    let last_year = this_year.previous().unwrap_or(this_year);
    let targets = [(last_year, "97.5"), (this_year, "98.0")]
        .iter()
        .map(|(year, value)| {
            format!("[[indicator.target]]\nperiod = \"{year}\"\nvalue = {value}\n")
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut actuals = Vec::new();
    let mut quarter = Span::containing(last_year.first, Frequency::Quarterly, start);
    let values = ["96.1", "97.0", "97.6", "98.2", "97.4", "98.1", "97.9"];
    for (i, value) in values.into_iter().enumerate() {
        if quarter >= this_quarter {
            break;
        }
        let note = if i == 0 {
            "note = \"Arrears team short-staffed\"   # optional commentary, and by = \"Role\"\n"
        } else {
            ""
        };
        actuals.push(format!(
            "[[indicator.actual]]\nperiod = \"{quarter}\"\nvalue = {value}\n{note}"
        ));
        match quarter.next() {
            Some(next) => quarter = next,
            None => break,
        }
    }
    let actuals = actuals.join("\n");
    let first_year = last_year;
    let benchmark_year = first_year.previous().unwrap_or(first_year);
    format!(
        r#"# An example priority: one file per priority, in any folder under plan/. It shows every
# field; delete it (or the folder) once your own priorities are in. Its dates were worked out
# from the day `plan init` ran ({today}), so it is current on that day.

[priority]
# Unique across the plan and stable across edits: lowercase letters, digits, "-", ".".
id = "ex"
title = "Example priority"
# parent = "another-priority-id"    # nest this priority under another
description = """Prose from the source document, kept verbatim."""
aims = ["What the priority aims to achieve, one aim per entry."]
# Roles from owners.toml. Actions inherit the priority's owners and due date unless they
# set their own.
owners = ["Chief Executive"]
# Due dates are periods, due at their END: "April 2004" is due by 30 April 2004. Other forms:
# 2004-04-30, "2004-Q2", "2005/06" (financial year), "Summer 2005", "continuous", "TBC".
due = "{year_end}"
due_note = "Free text about the date, e.g. the source's wording."
source = "Where in the source document this came from."
# start = "{this_year}"   # optional: recurring commitments ("quarterly") are not judged for
#                         # periods that ended before it (or set it in plan.toml)

[[action]]
id = "ex-1"
title = "An action that inherits the priority's owners and due date."
source = "Example"

[[action]]
id = "ex-2"
title = "An action with its own owners and due date."
owners = ["Chief Executive", "Corporate Directors"]
due = "{third_quarter}"
# planned (the default), in-progress, done or dropped.
status = "in-progress"

# Progress updates, oldest first: what the owner reported, and their red/amber/green
# (`plan update ex-2 "Started." --rag green` adds one):
# [[action.update]]
# date = {today}
# note = "Started."
# rag = "green"          # optional, also: percent = 40, by = "Chief Executive"

[[action]]
id = "ex-3"
title = "An action whose date is not known yet."
# Deliberately left open: `plan check` reports this as a missing-date error until a date
# is set, so the gap stays visible.
due = "TBC"

# A performance indicator: what is measured, which way is better, its targets and its
# actuals, one per period (docs/indicators.md). The figures are an example; replace them.
[[indicator]]
id = "ex-rent"                        # unique across the plan, like action ids
title = "Rent collected as a percentage of rent due"
unit = "%"                            # "%", "number", "days", "£", or any short text
polarity = "higher"                   # higher | lower: which way is better
frequency = "quarterly"               # monthly | quarterly | annual: its actuals' periods
tolerance = "2%"                      # amber band: "2%" of the target, or an absolute "1.5"
source = "Example"                    # owners are inherited from the priority, as for actions

# A year's target applies to its quarters (a quarter may have its own).
{targets}
# `plan record ex-rent "{this_quarter}" 97.9` adds the next one once the quarter has ended.
{actuals}
# Optional benchmark: lower quartile, median and upper quartile of comparable councils.
[[indicator.quartiles]]
period = "{benchmark_year}"
values = [95.4, 96.8, 98.0]
"#
    )
}

impl Settings {
    /// The settings asked for, refused where a plan could not hold them.
    pub fn new(
        organisation: &str,
        financial_year_start: u32,
        date_order: Option<DateOrder>,
    ) -> Result<Settings, Error> {
        if !(1..=12).contains(&financial_year_start) {
            return Err(Error::Usage(format!(
                "invalid --financial-year-start {financial_year_start}: give the month as 1-12 (4 = April)"
            )));
        }
        if organisation.trim().is_empty() {
            return Err(Error::Usage("--organisation needs a name".into()));
        }
        Ok(Settings {
            organisation: organisation.trim().to_owned(),
            financial_year_start,
            date_order,
        })
    }
}

/// A plan folder that exists already is never touched, whatever is in it; nor is a new plan
/// made inside another plan's folder (the outer plan would read its files as its own).
pub fn refuse_existing(plan_dir: &Path) -> Result<(), Error> {
    let existing = plan_dir
        .ancestors()
        .skip(1)
        .find_map(|folder| folder.canonicalize().ok());
    if let Some(outer) = existing.as_deref().and_then(|folder| {
        folder
            .ancestors()
            .find(|above| above.join(PLAN_FILE).is_file())
    }) {
        return Err(Error::Usage(format!(
            "{} is inside the plan folder {} (it has {PLAN_FILE}); a plan inside another plan would be read as part of it, so nothing was written\nhelp: run plan init outside it",
            plan_dir.display(),
            outer.display()
        )));
    }
    if plan_dir.join(PLAN_FILE).exists() {
        return Err(Error::Usage(format!(
            "{} already holds a plan (it has {PLAN_FILE}); plan init writes only new plans",
            plan_dir.display()
        )));
    }
    let occupied = std::fs::read_dir(plan_dir).is_ok_and(|mut entries| entries.next().is_some());
    if occupied || plan_dir.is_file() {
        return Err(Error::Usage(format!(
            "{} already exists and is not empty; plan init writes only into a new or empty folder",
            plan_dir.display()
        )));
    }
    Ok(())
}

/// The new plan, loaded from `files` before anything is written: the errors that would make
/// it unloadable, if any.
pub fn blocking(
    plan_dir: &Path,
    files: &BTreeMap<PathBuf, Vec<u8>>,
) -> Result<Option<Findings>, Error> {
    let loaded = crate::load::load_from(
        plan_dir,
        Snapshot::Files(MemTree::with_files(plan_dir.to_path_buf(), files.clone())),
    )?;
    let blocking: Vec<_> = loaded.blocking().cloned().collect();
    Ok((!blocking.is_empty()).then(|| Findings {
        sources: loaded.sources,
        diagnostics: blocking,
    }))
}

/// Writes the plan's `files` and, beside the plan folder, the editor files, all or none (the
/// folders are made as needed, and removed again on failure). A repository that already has
/// its own editor set-up keeps it, untouched: then only the plan's files, and `false`.
pub fn write(
    plan_dir: &Path,
    files: &BTreeMap<PathBuf, Vec<u8>>,
) -> Result<(Vec<PathBuf>, bool), Error> {
    let top = plan_dir.parent().unwrap_or(Path::new("/"));
    let editor = editor_files(top);
    let editor_kept = editor
        .keys()
        .chain([&top.join("schema")])
        .any(|p| std::fs::symlink_metadata(p).is_ok());
    let written: Vec<_> = if editor_kept {
        files.iter().collect()
    } else {
        files.iter().chain(&editor).collect()
    };
    let mut tx = Transaction::new();
    for (path, bytes) in &written {
        tx.stage(path, bytes.to_vec(), Expect::Absent);
    }
    tx.commit()?;
    let paths = written.into_iter().map(|(path, _)| path.clone()).collect();
    Ok((paths, !editor_kept))
}
