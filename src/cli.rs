//! Command-line definitions. Doc comments here are the `--help` text, the man page and the
//! shell completions: one definition for each flag.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "plan",
    version,
    about = "Keep a council's strategic plan as TOML in git, and answer what is overdue, who owns what, and whether the plan is complete.",
    after_help = "Exit codes: 0 success; 1 `plan check` found errors; 2 usage error, unknown owner or id, or a plan that cannot be loaded.\nResults go to stdout, diagnostics to stderr."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Plan folder (holding plan.toml). Default: the nearest plan/plan.toml from here upwards;
    /// if none, read commands use the built-in example plan (check exits 2).
    #[arg(long, global = true, env = "PLAN_DIR", value_name = "DIR")]
    pub plan: Option<PathBuf>,

    /// The day "overdue" and "due within" are measured from (YYYY-MM-DD). Default: today.
    #[arg(long, global = true, env = "PLAN_TODAY", value_name = "DATE")]
    pub today: Option<String>,

    /// Output format. Default: table on a terminal, markdown when piped (human for `check`).
    #[arg(long, global = true, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,

    /// When to colour output; NO_COLOR in the environment turns `auto` off.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Read the plan as committed at this git revision (commit, tag, branch, HEAD~1) instead of
    /// the working tree.
    #[arg(long, global = true, value_name = "REV")]
    pub rev: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned table fitted to the terminal width.
    Table,
    /// JSON array of objects (stable field names).
    Json,
    /// CSV with a header row.
    Csv,
    /// GitHub-flavoured Markdown table.
    Markdown,
    /// Diagnostics with source snippets (`check` only).
    Human,
    /// GitHub Actions annotations (`check` only).
    Github,
    /// Self-contained HTML page (`report` only).
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List open actions (done and dropped only with --all). Filters combine with AND.
    List(ListArgs),
    /// One role's actions: named directly, or through a group it belongs to, with a summary.
    Owner(OwnerArgs),
    /// Every role on the roster with counts of open, overdue and due-soon actions.
    Owners(RollupArgs),
    /// Every priority, nested, with counts of its actions.
    Priorities(RollupArgs),
    /// One priority or action in full, with its file and line.
    Show(ShowArgs),
    /// Validate the whole plan and report every problem; exit 1 if any is an error.
    Check(CheckArgs),
    /// Print shell completions.
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    Man,
    /// Committee report: status per action, exceptions, roll-up by owner (markdown, html, csv).
    Report(ReportArgs),
    /// What changed in the plan between two git revisions (or a revision and the working tree).
    Diff(DiffArgs),
    /// Every commit that changed one action, with the field changes and its due-date trail.
    History(HistoryArgs),
    /// Change fields of an action or a priority in its TOML file (comments and layout kept).
    Set(SetArgs),
    /// Add an action to a priority's file, with a generated id unless --id is given.
    Add(AddArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum SortKey {
    /// Due-by day, earliest first; continuous, then undated, last.
    #[default]
    Due,
    /// Action id.
    Id,
    /// First owner's name.
    Owner,
    /// Plan order: priority by priority, as in the files.
    Priority,
}

#[derive(Debug, Args, Default, Clone)]
pub struct FilterArgs {
    /// Only actions past their due-by day.
    #[arg(long)]
    pub overdue: bool,

    /// Only actions due from today to this far ahead: 30d, 8w, 3m.
    #[arg(long, value_name = "SPAN")]
    pub due_within: Option<String>,

    /// Only actions this role answers for (directly or through a group). Repeat for any of several.
    #[arg(long, value_name = "NAME")]
    pub owner: Vec<String>,

    /// Only actions under this priority, including nested priorities. Repeatable.
    #[arg(long, value_name = "ID")]
    pub priority: Vec<String>,

    /// Only actions with this status (planned, in-progress, done, dropped). Repeatable.
    #[arg(long, value_name = "STATUS")]
    pub status: Vec<String>,

    /// Include done and dropped actions.
    #[arg(long)]
    pub all: bool,

    /// Only actions due (by their due-by day) before this day, YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    pub due_before: Option<String>,

    /// Only actions due (by their due-by day) after this day, YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    pub due_after: Option<String>,

    /// Only actions with no due date at all (continuous counts as a date).
    #[arg(long)]
    pub no_date: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub filter: FilterArgs,

    /// Order of the rows.
    #[arg(long, value_enum, default_value_t = SortKey::Due)]
    pub sort: SortKey,
}

#[derive(Debug, Args)]
pub struct OwnerArgs {
    /// The role, by name or alias (case-insensitive, whole name).
    pub name: String,

    /// Include done and dropped actions.
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Args)]
pub struct RollupArgs {}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Id of a priority or action.
    pub id: String,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Make this rule's findings errors (e.g. --deny overdue). Repeatable.
    #[arg(long, value_name = "RULE")]
    pub deny: Vec<String>,

    /// Do not report this rule (e.g. --allow empty-priority). Repeatable.
    #[arg(long, value_name = "RULE")]
    pub allow: Vec<String>,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Status of each action, as at --today: Overdue (open, due-by day before today); Due soon (open, due within --window); On track (open, due later); Ongoing (continuous); No date (open, no due date); Done; Dropped.\nFormat: --format, else from the -o extension (.html, .md, .csv), else markdown."
)]
pub struct ReportArgs {
    /// Write the report to FILE instead of stdout; its extension (.html, .htm, .md, .markdown,
    /// .csv) sets the format unless --format is given.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// How far ahead "Due soon" looks: 30d, 8w, 3m.
    #[arg(long, value_name = "SPAN", default_value = "30d")]
    pub window: String,

    /// Only actions this role answers for (directly or through a group). Repeat for any of several.
    #[arg(long, value_name = "NAME")]
    pub owner: Vec<String>,

    /// Only actions under this priority, including nested priorities. Repeatable.
    #[arg(long, value_name = "ID")]
    pub priority: Vec<String>,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier revision. Default: the latest tag reachable from HEAD, else HEAD.
    #[arg(value_name = "FROM", conflicts_with = "since")]
    pub from: Option<String>,

    /// The later revision. Default: the working tree (or --rev if given).
    #[arg(value_name = "TO")]
    pub to: Option<String>,

    /// Compare from the last commit made before this day (YYYY-MM-DD), e.g. the last committee.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Id of an action.
    pub id: String,
}

/// What every edit command accepts. Every edit re-checks the whole plan before writing and
/// is refused (exit 2, nothing written) if the plan would gain an error.
#[derive(Debug, Args, Default, Clone)]
pub struct EditArgs {
    /// Print the change as a unified diff and write nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Commit the changed file with git, with a message saying what changed.
    #[arg(long, conflicts_with = "dry_run")]
    pub commit: bool,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Values are checked as the plan loader checks them: owners must be on the roster (names are written in their canonical form), dates must be readable. The whole plan is checked before anything is written."
)]
pub struct SetArgs {
    /// Id of an action or a priority.
    pub id: String,

    /// New due date, as officers write it: 2004-06-30, "June 2004", 2005/06, continuous.
    #[arg(long, value_name = "TEXT")]
    pub due: Option<String>,

    /// New owners (replacing the old ones). Repeat for several.
    #[arg(long, value_name = "NAME")]
    pub owner: Vec<String>,

    /// New title.
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,

    /// New status of an action: planned, in-progress, done, dropped.
    #[arg(long, value_name = "STATUS")]
    pub status: Option<String>,

    #[command(flatten)]
    pub edit: EditArgs,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Id of the priority the action belongs to; it goes at the end of that priority's file.
    #[arg(value_name = "PRIORITY_ID")]
    pub priority: String,

    /// The action's title.
    #[arg(long, value_name = "TEXT")]
    pub title: String,

    /// Owners (roles on the roster). Repeat for several. Default: inherited from the priority.
    #[arg(long, value_name = "NAME")]
    pub owner: Vec<String>,

    /// Due date. Default: inherited from the priority.
    #[arg(long, value_name = "TEXT")]
    pub due: Option<String>,

    /// The new action's id. Default: the priority's action prefix and the next number (pc-6).
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,

    #[command(flatten)]
    pub edit: EditArgs,
}
