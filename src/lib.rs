//! `plan`: a council's strategic plan as TOML files in git, and the questions asked of it at
//! every management meeting — what is overdue, who owns what, is the plan complete.
//!
//! The binary is a thin shell around [`run`]; everything testable lives here.

// stderr and stdout are written only through `shell` (a closed pipe must never panic).
#![deny(clippy::print_stderr, clippy::print_stdout)]

pub mod calendar;
pub mod chase;
pub mod check;
pub mod cli;
pub mod cmd;
pub mod context;
pub mod dates;
pub mod diag;
pub mod diff;
pub mod edit;
pub mod error;
pub mod filter;
pub mod format;
pub mod git;
pub mod history;
pub mod ids;
pub mod import;
pub mod indicator;
pub mod init;
pub mod load;
pub mod loading;
pub mod model;
pub mod output;
pub mod paths;
pub mod recurring;
pub mod render;
pub mod report;
pub mod roster;
pub mod schema;
pub mod seed;
pub mod shell;
pub mod sources;
pub mod text;
pub mod view;

use std::ffi::OsString;
use std::io::{BufWriter, Write};
use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use crate::cli::{Cli, Command};
use crate::context::Context;
use crate::error::Error;
use crate::shell::{PipeGuard, eprint_line};

/// Exit code for "could not do what you asked" (usage, unknown owner or id, unloadable plan).
pub const EXIT_USAGE: u8 = 2;

/// Runs the command line `args` (including the program name) and returns the exit status.
/// The status is always the answer's: a reader that stops early (`plan check | head`) closes
/// the pipe, the rest of the output is dropped quietly, and the command still finishes and
/// exits as it would have (1 when `check` found errors).
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    crate::shell::ignore_file_size_signal();
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let parsed = Cli::try_parse_from(&args).and_then(|mut cli| cli.settle_format().map(|()| cli));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(err) if is_empty_plan_dir(&err, &args) => {
            eprint_line(
                "error: PLAN_DIR is set but empty\nhelp: set it to the plan folder, or unset it to use the nearest plan/plan.toml",
            );
            return ExitCode::from(EXIT_USAGE);
        }
        Err(err) => {
            let _ = err.print();
            return if err.use_stderr() {
                ExitCode::from(EXIT_USAGE)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(PipeGuard::new(stdout.lock()));
    let result =
        dispatch(&cli, &mut out).and_then(|code| out.flush().map(|()| code).map_err(Error::Output));
    match result {
        Ok(code) => code,
        Err(err) => {
            drop(out);
            // Errors can quote plan text (roster names in suggestions): keep it inert.
            eprint_line(&format!(
                "error: {}",
                render::text::terminal_safe(&err.to_string())
            ));
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// clap's "a value is required for '--plan'" when the user never typed `--plan`: an empty
/// PLAN_DIR, usually a shell variable that was never set.
fn is_empty_plan_dir(err: &clap::Error, args: &[OsString]) -> bool {
    let typed = args
        .iter()
        .any(|a| a == "--plan" || a.to_string_lossy().starts_with("--plan="));
    err.kind() == clap::error::ErrorKind::InvalidValue
        && !typed
        && std::env::var_os("PLAN_DIR").is_some_and(|v| v.is_empty())
}

/// Runs a parsed command line, writing its answer to `out`. Errors are returned, not printed:
/// `run` prints them; the fuzz targets drive every command through here in-process.
pub fn dispatch(cli: &Cli, out: &mut dyn Write) -> Result<ExitCode, Error> {
    let ctx = Context::from_args(&cli.global)?;
    match &cli.command {
        Command::List(args) => cmd::list::run(&ctx, args, out),
        Command::Owner(args) => cmd::owner::run(&ctx, args, out),
        Command::Owners(args) => cmd::owners::run(&ctx, args, out),
        Command::Priorities(args) => cmd::priorities::run(&ctx, args, out),
        Command::Show(args) => cmd::show::run(&ctx, args, out),
        Command::Indicators(args) => cmd::indicators::run(&ctx, args, out),
        Command::Record(args) => cmd::record::run(&ctx, args, out),
        Command::Check(args) => cmd::check::run(&ctx, args, out),
        Command::Report(args) => cmd::report::run(&ctx, args, out),
        Command::Chase(args) => cmd::chase::run(&ctx, args, out),
        Command::Diff(args) => cmd::diff::run(&ctx, args, out),
        Command::History(args) => cmd::history::run(&ctx, args, out),
        Command::Calendar(args) => cmd::calendar::run(&ctx, args, out),
        Command::Init(args) => cmd::init::run(&ctx, args, out),
        Command::Import(args) => cmd::import::run(&ctx, args, out),
        Command::Set(args) => cmd::set::run(&ctx, args, out),
        Command::Add(args) => cmd::add::run(&ctx, args, out),
        Command::Update(args) => cmd::update::run(&ctx, args, out),
        Command::Waive(args) => cmd::waive::run(&ctx, args, out),
        Command::Done(args) => cmd::done::run(&ctx, args, out),
        Command::Drop(args) => cmd::drop::run(&ctx, args, out),
        Command::Role(args) => cmd::role::run(&ctx, args, out),
        Command::Completions { shell } => {
            clap_complete::generate(*shell, &mut Cli::command(), "plan", out);
            Ok(ExitCode::SUCCESS)
        }
        Command::Man(args) => cmd::man::run(&ctx, args, out),
    }
}
