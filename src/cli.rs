//! Command-line definitions. Doc comments here are the `--help` text, the man page and the
//! shell completions: one definition for each flag.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use chrono::NaiveDate;

use crate::dates::{self, Horizon};
use crate::error::Error;
pub use crate::filter::SortKey;
use crate::filter::{self, Filter, OwnerCounting};
pub use crate::format::{ChaseFormat, CheckFormat, QueryFormat, ReportFormat};
use crate::model::Plan;

/// Which names an option takes, for shell completions (and clap's list of them), while the
/// value is still read as text and checked by `plan` itself, so a wrong one gets `plan`'s
/// message (with the nearest names) and exit code, as before.
#[derive(Clone, Copy, Debug)]
pub enum Names {
    /// Every rule (`--deny`).
    Rules,
    /// The rules `--allow` takes: completeness and progress rules.
    AllowableRules,
    /// The rules a waiver may name.
    WaivableRules,
    /// Action statuses.
    Statuses,
}

impl Names {
    pub fn values(self) -> Vec<&'static str> {
        use crate::diag::Rule;
        let rules = |keep: fn(Rule) -> bool| {
            Rule::ALL
                .iter()
                .filter(|&&r| keep(r))
                .map(|r| r.name())
                .collect()
        };
        match self {
            Names::Rules => rules(|_| true),
            Names::AllowableRules => rules(Rule::is_allowable),
            Names::WaivableRules => rules(Rule::is_completeness),
            Names::Statuses => crate::model::Status::ALL.iter().map(|s| s.name()).collect(),
        }
    }
}

impl clap::builder::TypedValueParser for Names {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            self.values()
                .into_iter()
                .map(clap::builder::PossibleValue::new),
        ))
    }
}

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

    /// `--format` written before the command (`plan --format json list`), as older versions
    /// took it; read as that command's own `--format` by [`Cli::settle_format`].
    #[arg(long, hide = true, value_name = "FORMAT")]
    pub format: Option<String>,

    /// When to colour output; NO_COLOR in the environment turns `auto` off.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Read the plan as committed at this git revision (commit, tag, branch, HEAD~1) instead of
    /// the working tree.
    #[arg(long, global = true, value_name = "REV")]
    pub rev: Option<String>,
}

/// `--rag` of every command, read by [`Rag::from_word`](crate::model::Rag::from_word) (the
/// one reader of a RAG word) in any case; a word it does not know gets clap's own message,
/// with the three names.
#[derive(Clone, Copy, Debug)]
pub struct RagWords;

impl clap::builder::TypedValueParser for RagWords {
    type Value = crate::model::Rag;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<crate::model::Rag, clap::Error> {
        if let Some(rag) = value.to_str().and_then(crate::model::Rag::from_word) {
            return Ok(rag);
        }
        let names = crate::model::Rag::ALL.map(crate::model::Rag::name);
        clap::builder::PossibleValuesParser::new(names).parse_ref(cmd, arg, value)?;
        Err(clap::Error::new(clap::error::ErrorKind::InvalidValue).with_cmd(cmd))
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            crate::model::Rag::ALL
                .into_iter()
                .map(|r| clap::builder::PossibleValue::new(r.name())),
        ))
    }
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
    Owners(OwnersArgs),
    /// Every priority, nested, with counts of its actions.
    Priorities(RollupArgs),
    /// One priority or action in full, with its file and line.
    Show(ShowArgs),
    /// Every performance indicator with its latest period, actual, target, RAG, trends,
    /// quartile and late data. Filters combine with AND.
    Indicators(IndicatorsArgs),
    /// Record an indicator's actual (or with --target its target) for a period.
    Record(RecordArgs),
    /// Validate the whole plan and report every problem; exit 1 if any is an error.
    Check(CheckArgs),
    /// Print shell completions.
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), or write every page to a folder.
    Man(ManArgs),
    /// Who to chase: per owner, the open actions with no progress update since a day, with
    /// their due dates and last update, ready to paste into an email.
    Chase(ChaseArgs),
    /// Committee report: status per action, exceptions, roll-up by owner (html, markdown, csv, xlsx).
    Report(ReportArgs),
    /// What changed in the plan between two git revisions (or a revision and the working tree).
    Diff(DiffArgs),
    /// Every commit that changed one action, with the field changes and its due-date trail.
    History(HistoryArgs),
    /// iCalendar feed (RFC 5545) of open dated actions: one all-day event on each due-by day.
    Calendar(CalendarArgs),
    /// Start a new plan: plan/plan.toml, plan/owners.toml and a commented example priority
    /// with an example performance indicator.
    ///
    /// The example's dates are worked out from --today (default: today), so the new plan's
    /// only finding is the example's deliberate "TBC". Beside the plan folder it also writes
    /// .taplo.toml and the JSON Schemas it points at (schema/), so editors validate the plan;
    /// left out where either is already there.
    Init(InitArgs),
    /// Read a council's action-plan spreadsheet (.csv, .xlsx, .ods) into plan files.
    Import(ImportArgs),
    /// Change fields of an action or a priority in its TOML file (comments and layout kept).
    Set(SetArgs),
    /// Add an action to a priority's file, with a generated id unless --id is given.
    Add(AddArgs),
    /// Record a dated progress update on an action ([[action.update]]).
    Update(UpdateArgs),
    /// Acknowledge a known gap on an item with a reason ([[action.waive]]): `plan check`
    /// counts it as waived instead of failing on it.
    Waive(WaiveArgs),
    /// Mark an action done, on a day (default --today), with an optional closing note.
    Done(DoneArgs),
    /// Mark an action dropped, recording the reason as an update.
    Drop(DropArgs),
    /// Add a role to the roster (owners.toml), or rename one everywhere it is named.
    Role(RoleArgs),
}

#[derive(Debug, Args)]
pub struct RoleArgs {
    #[command(subcommand)]
    pub command: RoleCommand,
}

#[derive(Debug, Subcommand)]
pub enum RoleCommand {
    /// Add a role at the end of owners.toml, with its aliases and the groups it belongs to.
    Add(RoleAddArgs),
    /// Rename a role in every plan file: its entry and the groups naming it in owners.toml,
    /// and the owners and `by` of every priority, action, update, indicator and actual.
    /// Names written as one of its aliases are left (they still mean the role).
    Rename(RoleRenameArgs),
}

#[derive(Debug, Args)]
#[command(
    after_help = "The name and aliases must not be on the roster already (names match case-insensitively); groups must be. The whole plan is checked before anything is written."
)]
pub struct RoleAddArgs {
    /// The role's name, as output shows it: an office, not a person.
    pub name: String,

    /// Another whole name that means this role. Repeat for several.
    #[arg(long, value_name = "NAME")]
    pub alias: Vec<String>,

    /// A group role this role belongs to (it answers for the group's actions too). Repeatable.
    #[arg(long, value_name = "GROUP")]
    pub member_of: Vec<String>,

    #[command(flatten)]
    pub edit: EditArgs,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Every changed file is written, or none is. The whole plan is checked before anything is written."
)]
pub struct RoleRenameArgs {
    /// The role's current name (not an alias).
    pub old: String,

    /// Its new name; not another role's name or alias.
    pub new: String,

    #[command(flatten)]
    pub edit: EditArgs,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write plan.1 and a page for each subcommand (plan-list.1 and the others plan.1 refers
    /// to) into DIR instead of printing plan.1.
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub output_dir: Option<PathBuf>,
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
    #[arg(long, value_name = "STATUS", value_parser = Names::Statuses, hide_possible_values = true)]
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

    /// Only actions with no progress update since this day: a day (2025-07-01), a period
    /// ("2025/26 Q2": its first day) or a span back from today (30d, 8w, 3m); not after
    /// --today.
    #[arg(long, value_name = "DATE|PERIOD|SPAN")]
    pub no_update_since: Option<String>,
}

/// `--format` for the commands that answer questions.
#[derive(Debug, Args, Default, Clone)]
pub struct QueryOutput {
    /// Output format. Default: table on a terminal, markdown when piped.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<QueryFormat>,
}

impl FilterArgs {
    /// The [`Filter`] these flags ask for; names and ids are looked up in `plan`.
    pub fn to_filter(&self, plan: &Plan, today: NaiveDate) -> Result<Filter, Error> {
        let args = self;
        let window = args
            .due_within
            .as_deref()
            .map(|text| {
                text.parse::<Horizon>()
                    .map(|h| (today, h.last_day_from(today)))
                    .map_err(|err| Error::Usage(format!("invalid --due-within: {err}")))
            })
            .transpose()?;
        let day = |flag: &str, text: &Option<String>| {
            text.as_deref()
                .map(|t| {
                    dates::parse_day(t)
                        .map_err(|err| Error::Usage(format!("invalid {flag}: {err}")))
                })
                .transpose()
        };
        Ok(Filter {
            overdue: args.overdue,
            window,
            owners: filter::resolve_owners(plan, &args.owner)?,
            priorities: filter::resolve_priorities(plan, &args.priority)?,
            statuses: args
                .status
                .iter()
                .map(|s| filter::parse_status(s))
                .collect::<Result<_, _>>()?,
            all: args.all,
            due_before: day("--due-before", &args.due_before)?,
            due_after: day("--due-after", &args.due_after)?,
            no_date: args.no_date,
            no_update_since: args
                .no_update_since
                .as_deref()
                .map(|text| {
                    crate::chase::since_day(plan, text, today)
                        .map_err(|err| Error::Usage(format!("invalid --no-update-since: {err}")))
                })
                .transpose()?,
        })
    }
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub filter: FilterArgs,

    #[command(flatten)]
    pub output: QueryOutput,

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

    #[command(flatten)]
    pub output: QueryOutput,
}

#[derive(Debug, Args)]
pub struct RollupArgs {
    #[command(flatten)]
    pub output: QueryOutput,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Counts include the actions a role answers for through a group it belongs to (at any depth), so a member's counts include its groups' actions; --direct counts only the actions naming the role. The report's \"By owner\" table counts directly unless --by-owner groups."
)]
pub struct OwnersArgs {
    /// Count only the actions naming the role as an owner, not those owned by a group it
    /// belongs to (an action owned by a group then counts under the group alone).
    #[arg(long)]
    pub direct: bool,

    #[command(flatten)]
    pub output: QueryOutput,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Id of a priority or action.
    pub id: String,

    #[command(flatten)]
    pub output: QueryOutput,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Make this rule's findings errors (e.g. --deny overdue). Repeatable.
    #[arg(long, value_name = "RULE", value_parser = Names::Rules, hide_possible_values = true)]
    pub deny: Vec<String>,

    /// Do not report this rule (e.g. --allow empty-priority); the summary says how many
    /// findings it hid. Only completeness rules (missing-owner, missing-date, empty-priority,
    /// overdue, missing-target, late-data) and progress-update rules (update-without-note,
    /// bad-rag, bad-percent, done-on-open, done-in-future, update-order, stale) can be
    /// allowed. Repeatable.
    #[arg(long, value_name = "RULE", value_parser = Names::AllowableRules, hide_possible_values = true)]
    pub allow: Vec<String>,

    /// Output format. Default: human.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<CheckFormat>,

    /// Also list the findings waived by `[[action.waive]]` / `[[priority.waive]]`, with
    /// their reasons (JSON always lists them).
    #[arg(short, long)]
    pub verbose: bool,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Status of each action, as at --today: Overdue (open, due-by day before today); Due soon (open, due within --window); On track (open, due later); Ongoing (continuous); No date (open, no due date); Done; Dropped.\nFormat: --format, else from the -o extension (.html, .md, .csv, .xlsx), else markdown. xlsx needs -o: sheets Summary, Exceptions and All actions (and Changes with --since: one row per change), each with a frozen header row and a filter; due-by days are real Excel dates; plan text is never read as a formula."
)]
pub struct ReportArgs {
    /// Write the report to FILE instead of stdout; its extension (.html, .htm, .md, .markdown,
    /// .csv, .xlsx) sets the format unless --format is given. Written whole or not at all
    /// (a failed write leaves FILE as it was); never inside the plan folder.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Output format. Default: from the -o extension, else markdown.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<ReportFormat>,

    /// How far ahead "Due soon" looks: 30d, 8w, 3m.
    #[arg(long, value_name = "SPAN", default_value = "30d")]
    pub window: String,

    /// Only actions this role answers for (directly or through a group). Repeat for any of several.
    #[arg(long, value_name = "NAME")]
    pub owner: Vec<String>,

    /// Only actions under this priority, including nested priorities. Repeatable.
    #[arg(long, value_name = "ID")]
    pub priority: Vec<String>,

    /// Add a "Changes since …" section: what changed since this git revision (commit, tag,
    /// branch) or day (YYYY-MM-DD: the last commit before it), as `plan diff` shows it
    /// (xlsx: a Changes sheet).
    #[arg(long, value_name = "REV|DATE")]
    pub since: Option<String>,

    /// How the "By owner" table counts an action owned by a group: direct (under the group
    /// alone) or groups (also under every member of the group, at any depth, as plan owners
    /// counts). The table says which under it. Default: direct. (CSV, one row per action, has
    /// no such table.)
    #[arg(long, value_enum, value_name = "HOW", default_value_t = OwnerCounting::Direct)]
    pub by_owner: OwnerCounting,

    /// The report's title, e.g. "Q2 2025/26 Performance Monitoring – Cabinet". Default:
    /// `title` under `[report]` in plan.toml, else the plan's title.
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
}

#[derive(Debug, Args)]
#[command(
    after_help = "An action counts under every role named on it (a group role is chased as itself); names not on the roster follow, marked; actions with no owner come last. Done and dropped actions are never chased. A recurring commitment's return sent after its period ended counts for that period, not the next (the list says which period an update was for)."
)]
pub struct ChaseArgs {
    /// Chase actions with no update since this day: a day (2025-07-01), a period ("2025/26 Q2":
    /// its first day) or a span back from today (30d, 8w, 3m). Default: the first day of the
    /// last quarter (of the financial year) that has ended, whose returns are being collected.
    /// A day after --today is refused. Updates dated after --today do not count.
    #[arg(long, value_name = "DATE|PERIOD|SPAN")]
    pub since: Option<String>,

    /// Output format.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = ChaseFormat::Markdown)]
    pub format: ChaseFormat,
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

    #[command(flatten)]
    pub output: QueryOutput,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Id of an action.
    pub id: String,

    #[command(flatten)]
    pub output: QueryOutput,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Each event's UID is ACTION-ID@ORGANISATION (e.g. cc-1@leicester-city-council), so re-importing the feed updates events instead of duplicating them. Continuous, undated, done and dropped actions have no event; how many were left out is said on stderr."
)]
pub struct CalendarArgs {
    /// Write the feed to FILE (.ics) instead of stdout, whole or not at all (a failed write
    /// leaves FILE as it was); never inside the plan folder.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Only actions this role answers for (directly or through a group): one officer's own
    /// feed. Repeat for any of several.
    #[arg(long, value_name = "NAME")]
    pub owner: Vec<String>,
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

impl EditArgs {
    /// What the edit does once it is checked.
    pub fn mode(&self) -> crate::edit::Mode {
        match (self.dry_run, self.commit) {
            (true, _) => crate::edit::Mode::DryRun,
            (false, true) => crate::edit::Mode::Commit,
            (false, false) => crate::edit::Mode::Write,
        }
    }
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

    /// Why the due date moved (with --due, on an action): recorded as a progress update dated
    /// --today.
    #[arg(long, value_name = "TEXT", requires = "due")]
    pub reason: Option<String>,

    /// New owners (replacing the old ones). Repeat for several.
    #[arg(long, value_name = "NAME")]
    pub owner: Vec<String>,

    /// New title.
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,

    /// New status of an action: planned, in-progress, done, dropped.
    #[arg(long, value_name = "STATUS", value_parser = Names::Statuses, hide_possible_values = true)]
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

#[derive(Debug, Args)]
#[command(
    after_help = "Only completeness rules can be waived: missing-owner, missing-date, empty-priority, overdue, and an indicator's missing-target and late-data. The waiver is written on the item's own table ([[action.waive]], [[priority.waive]] or [[indicator.waive]]), so nothing else is covered by it; `plan check` lists it with --verbose, fails once --until has passed (expired-waiver), and warns when the gap is closed (unused-waiver)."
)]
pub struct WaiveArgs {
    /// Id of the action, priority or indicator whose finding is waived.
    #[arg(required_unless_present = "all", conflicts_with = "all")]
    pub id: Option<String>,

    /// Waive every current finding of --rule, each on its own item.
    #[arg(long)]
    pub all: bool,

    /// The rule waived, e.g. missing-date.
    #[arg(long, value_name = "RULE", value_parser = Names::WaivableRules, hide_possible_values = true)]
    pub rule: String,

    /// Why the gap is accepted, e.g. "No date agreed by Cabinet yet".
    #[arg(long, value_name = "TEXT")]
    pub reason: String,

    /// Last day the waiver holds (YYYY-MM-DD); after it `plan check` fails.
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,

    #[command(flatten)]
    pub edit: EditArgs,
}

#[derive(Debug, Args)]
#[command(
    after_help = "RAG: green at the target or beyond it (in the indicator's polarity), amber short of it by no more than its tolerance, red further short. Trends compare the latest actual with the previous period's and the same period a year before. Late: a period ended more than data_due_after days (plan.toml, default 30) before --today with no actual. JSON fields: docs/indicators.md."
)]
pub struct IndicatorsArgs {
    /// Only indicators this role answers for (directly or through a group). Repeatable.
    #[arg(long, value_name = "NAME")]
    pub owner: Vec<String>,

    /// Only indicators under this priority, including nested priorities. Repeatable.
    #[arg(long, value_name = "ID")]
    pub priority: Vec<String>,

    /// Only indicators whose latest actual is rated this. Repeatable.
    #[arg(long, value_parser = RagWords, ignore_case = true)]
    pub rag: Vec<crate::model::Rag>,

    /// Only indicators with late data.
    #[arg(long)]
    pub late: bool,

    #[command(flatten)]
    pub output: QueryOutput,
}

#[derive(Debug, Args)]
#[command(
    after_help = "PERIOD is a financial year (2005/06), a quarter of one (\"2005/06 Q1\") or a month (\"April 2005\"); an actual is for a period of the indicator's frequency that has ended by --today (--allow-future accepts a later one). A second actual (or target) for a period is refused unless --replace, which restates it (the diff shows the old value)."
)]
pub struct RecordArgs {
    /// Id of an indicator.
    pub id: String,

    /// The period the figure is for.
    pub period: String,

    /// The figure, a number in the indicator's unit.
    #[arg(allow_negative_numbers = true)]
    pub value: String,

    /// Commentary on the figure.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,

    /// Who reports it: a role on the roster.
    #[arg(long, value_name = "ROLE")]
    pub by: Option<String>,

    /// Record a target for the period instead of an actual.
    #[arg(long, conflicts_with_all = ["note", "by"])]
    pub target: bool,

    /// Restate the figure already recorded for the period.
    #[arg(long)]
    pub replace: bool,

    /// Accept an actual for a period that has not ended by --today (refused otherwise: an
    /// actual is the figure for a period that is over). Targets are always for any period.
    #[arg(long, conflicts_with = "target")]
    pub allow_future: bool,

    #[command(flatten)]
    pub edit: EditArgs,
}

#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// Id of an action.
    pub id: String,

    /// What happened, in the owner's words.
    pub note: String,

    /// The owner's judgement: green, amber or red.
    #[arg(long, value_parser = RagWords, ignore_case = true)]
    pub rag: Option<crate::model::Rag>,

    /// How far through the action is, 0 to 100.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=100))]
    pub percent: Option<u8>,

    /// Who reports it: a role on the roster.
    #[arg(long, value_name = "ROLE")]
    pub by: Option<String>,

    /// The day of the update, YYYY-MM-DD. Default: --today.
    #[arg(long, value_name = "DATE")]
    pub on: Option<String>,

    /// Accept an --on day after --today (refused otherwise: an update reports what happened).
    #[arg(long)]
    pub allow_future: bool,

    #[command(flatten)]
    pub edit: EditArgs,
}

#[derive(Debug, Args)]
pub struct DoneArgs {
    /// Id of an action.
    pub id: String,

    /// The day it was finished, YYYY-MM-DD. Default: --today.
    #[arg(long, value_name = "DATE")]
    pub on: Option<String>,

    /// A closing note, recorded as an update on that day.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,

    /// Replace the done date of an action already done (without it that is refused, so a
    /// second `plan done` never silently moves the date).
    #[arg(long)]
    pub replace_date: bool,

    #[command(flatten)]
    pub edit: EditArgs,
}

#[derive(Debug, Args)]
pub struct DropArgs {
    /// Id of an action.
    pub id: String,

    /// Why it is dropped, recorded as an update dated --today.
    #[arg(long, value_name = "TEXT")]
    pub reason: String,

    #[command(flatten)]
    pub edit: EditArgs,
}

impl Cli {
    /// Applies a `--format` written before the command to that command, checked against the
    /// formats it accepts (as if written after it); the command's own `--format` wins.
    pub fn settle_format(&mut self) -> Result<(), clap::Error> {
        let Some(text) = self.global.format.take() else {
            return Ok(());
        };
        fn parse<T: ValueEnum>(text: &str) -> Result<T, clap::Error> {
            T::from_str(text, false).map_err(|_| {
                let names: Vec<String> = T::value_variants()
                    .iter()
                    .filter_map(|v| v.to_possible_value())
                    .map(|v| v.get_name().to_owned())
                    .collect();
                invalid_format(text, &names)
            })
        }
        match &mut self.command {
            Command::List(ListArgs { output, .. })
            | Command::Owner(OwnerArgs { output, .. })
            | Command::Owners(OwnersArgs { output, .. })
            | Command::Priorities(RollupArgs { output })
            | Command::Indicators(IndicatorsArgs { output, .. })
            | Command::Show(ShowArgs { output, .. })
            | Command::Diff(DiffArgs { output, .. })
            | Command::History(HistoryArgs { output, .. }) => {
                output.format.get_or_insert(parse(&text)?);
            }
            Command::Check(CheckArgs { format, .. }) => {
                format.get_or_insert(parse(&text)?);
            }
            Command::Report(ReportArgs { format, .. }) => {
                format.get_or_insert(parse(&text)?);
            }
            _ => return Err(invalid_format(&text, &[])),
        }
        Ok(())
    }
}

/// The error clap gives for a `--format` a command does not accept.
fn invalid_format(text: &str, accepted: &[String]) -> clap::Error {
    use clap::CommandFactory as _;
    let message = if accepted.is_empty() {
        "this command takes no --format\n".to_owned()
    } else {
        format!(
            "invalid value '{text}' for '--format <FORMAT>'\n  [possible values: {}]\n",
            accepted.join(", ")
        )
    };
    clap::Error::raw(clap::error::ErrorKind::InvalidValue, message).format(&mut Cli::command())
}

/// How numeric day dates such as 31/03/2006 read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DateOrderArg {
    /// Day first, as in the UK: 04/05/2006 is 4 May 2006.
    Dmy,
    /// Month first, as in the US: 04/05/2006 is 5 April 2006.
    Mdy,
}

impl DateOrderArg {
    pub fn order(self) -> crate::dates::DateOrder {
        match self {
            DateOrderArg::Dmy => crate::dates::DateOrder::Dmy,
            DateOrderArg::Mdy => crate::dates::DateOrder::Mdy,
        }
    }
}

#[derive(Debug, Args)]
#[command(
    after_help = "Writes DIR/plan/plan.toml, DIR/plan/owners.toml (Chief Executive and Corporate Directors, to edit) and DIR/plan/example/01-example.toml, each commented to explain every field. Refuses (exit 2) if DIR/plan already holds anything. The example holds a performance indicator with a quarterly series (ex-rent) and deliberately leaves one action's date as \"TBC\", so `plan check` reports one missing-date error (ex-3) until the example is deleted."
)]
pub struct InitArgs {
    /// Folder to create the plan/ folder in. Default: the current folder.
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// The organisation whose plan this is (shown on reports; calendar ids end in it).
    #[arg(long, value_name = "NAME")]
    pub organisation: String,

    /// Month (1-12) the financial year starts in: 4 = April, as UK councils use.
    #[arg(long, value_name = "MONTH", default_value_t = 4)]
    pub financial_year_start: u32,

    /// How numeric day dates such as 31/03/2006 read. Without it they are errors.
    #[arg(long, value_enum, value_name = "ORDER")]
    pub date_order: Option<DateOrderArg>,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Columns are found by their header (\"Priority\"; \"Action\"/\"Actions\"/\"Action(s)\"; \"Responsibility\"/\"Lead officer\"/\"Owner\"; \"Date\"/\"Target date\"/\"Deadline\"/\"When\"; \"ID\"/\"Ref\") or named with --columns.\nLayouts: one row per action (an empty priority cell continues the priority above; a row naming a priority with no action, before its actions, gives the priority its owner and due date; any other row with no action is listed as not imported), or one row per priority with its actions in one cell, one sentence each (chosen when no priority is named twice and none is left empty beside an action; --layout per-action|per-priority says which instead). A priority cell's first line is its title, the rest its description.\nOwners: roster names are matched longest first, so a role whose name holds \"and\" or a comma stays whole; other names are cut at \"and\", \"&\", \",\", \";\", \"/\" and added to owners.toml (listed).\nDates: read as the plan reads them; a date cell is as much of a date as its format shows (a day; mmm-yy or mmmm yyyy: the whole month, as \"April 2004\" typed); several dates in one priority's cell go to its actions in order when there is one per action, else the latest is the priority's; a cell that does not read is kept in due_note with its reference (Sheet1!D7), reported, and left undated.\nNothing is written if any file exists already, or an earlier import of FILE left one this import would not make (unless --force, which replaces or removes them, listed), or if the result would not load; `plan check` then reports only the gaps the source leaves (no owner, no date)."
)]
pub struct ImportArgs {
    /// The spreadsheet: .csv, .xlsx or .ods.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Which sheet of a workbook. Default: the first.
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,

    /// Folder inside the plan folder for the priority files (links followed; refused if it
    /// leads outside the plan or into a hidden folder). Default: named after FILE.
    #[arg(long, value_name = "DIR")]
    pub into: Option<PathBuf>,

    /// Which column holds what, by the spreadsheet's letters, instead of reading the header:
    /// priority=A,action=B,owner=C,due=D,id=E,status=F,rag=G,progress=H (action needed).
    /// A header row is still skipped, never read as data.
    #[arg(long, value_name = "SPEC")]
    pub columns: Option<String>,

    /// The header row's number, as the spreadsheet shows it (0: the sheet has no header
    /// row). Default: the top row naming the most columns ("Action", "Who by?", "Timescale").
    #[arg(long, value_name = "N")]
    pub header_row: Option<usize>,

    /// The priority of a sheet with no priority column. Default: section rows (a row with
    /// only its first cell filled), else the sheet's name. With a priority column, every
    /// action goes under this one instead.
    #[arg(long, value_name = "TITLE")]
    pub priority: Option<String>,

    /// The day the sheet's Status, RAG and progress columns were written (YYYY-MM-DD):
    /// they become each action's first update, dated this day. Needed when there are any.
    #[arg(long, value_name = "DATE")]
    pub as_at: Option<String>,

    /// How numeric day dates such as 31/03/2006 read. Default: the plan's date_order.
    #[arg(long, value_enum, value_name = "ORDER")]
    pub date_order: Option<DateOrderArg>,

    /// Read the sheet in this layout instead of working it out from the priority column.
    #[arg(long, value_enum, value_name = "LAYOUT")]
    pub layout: Option<LayoutArg>,

    /// List what would be written, and write nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Replace priority files that already exist, and remove those an earlier import of
    /// the same FILE wrote that this one no longer makes (a priority gone from the sheet).
    #[arg(long)]
    pub force: bool,
}

impl ImportArgs {
    /// What `plan import` is asked to read, and how.
    pub fn request(&self) -> Result<crate::import::Request, crate::error::Error> {
        Ok(crate::import::Request {
            source: self.file.clone(),
            sheet: self.sheet.clone(),
            columns: self.columns.clone(),
            into: self.into.clone(),
            date_order: self.date_order.map(DateOrderArg::order),
            layout: self.layout.map(LayoutArg::layout),
            force: self.force,
            priority: self.priority.clone(),
            header_row: self.header_row,
            as_at: self
                .as_at
                .as_deref()
                .map(crate::dates::parse_day)
                .transpose()
                .map_err(|err| crate::error::Error::Usage(format!("invalid --as-at: {err}")))?,
        })
    }
}

/// `plan import --layout`: which of the two layouts councils use the sheet is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LayoutArg {
    /// One row per action; an empty priority cell continues the priority above.
    PerAction,
    /// One row per priority, its actions in one cell, one sentence each.
    PerPriority,
}

impl LayoutArg {
    pub fn layout(self) -> crate::import::layout::Layout {
        use crate::import::layout::Layout;
        match self {
            LayoutArg::PerAction => Layout::RowPerAction,
            LayoutArg::PerPriority => Layout::RowPerPriority,
        }
    }
}

/// An argument's text that says something, trimmed of surrounding space; `what` names it in
/// the refusal ("the note cannot be empty").
pub fn non_empty<'a>(text: &'a str, what: &str) -> Result<&'a str, Error> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(Error::Usage(format!("{what} cannot be empty")));
    }
    Ok(trimmed)
}
