//! `plan`: a council's strategic plan as TOML files in git, and the questions asked of it at
//! every management meeting — what is overdue, who owns what, is the plan complete.
//!
//! The binary is a thin shell around [`run`]; everything testable lives here.

pub mod calendar;
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
pub mod load;
pub mod loading;
pub mod model;
pub mod output;
pub mod recurring;
pub mod render;
pub mod report;
pub mod roster;
pub mod schema;
pub mod seed;
pub mod text;

use std::ffi::OsString;
use std::io::{BufWriter, Write};
use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use crate::cli::{Cli, Command};
use crate::context::Context;
use crate::error::Error;

/// Exit code for "could not do what you asked" (usage, unknown owner or id, unloadable plan).
pub const EXIT_USAGE: u8 = 2;

/// Runs the command line `args` (including the program name) and returns the exit status.
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let parsed = Cli::try_parse_from(args).and_then(|mut cli| cli.settle_format().map(|()| cli));
    let cli = match parsed {
        Ok(cli) => cli,
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
    let mut out = BufWriter::new(stdout.lock());
    let result = dispatch(&cli, &mut out).and_then(|code| {
        out.flush()?;
        Ok(code)
    });
    match result {
        Ok(code) => code,
        // A reader that stops early (`plan list | head -1`) is not an error.
        Err(Error::Output(err)) if err.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(err) => {
            drop(out);
            // Errors can quote plan text (roster names in suggestions): keep it inert.
            eprintln!("error: {}", render::text::terminal_safe(&err.to_string()));
            ExitCode::from(EXIT_USAGE)
        }
    }
}

fn dispatch(cli: &Cli, out: &mut dyn Write) -> Result<ExitCode, Error> {
    let ctx = Context::from_args(&cli.global)?;
    match &cli.command {
        Command::List(args) => cmd::list::run(&ctx, args, out),
        Command::Owner(args) => cmd::owner::run(&ctx, args, out),
        Command::Owners(args) => cmd::owners::run(&ctx, args, out),
        Command::Priorities(args) => cmd::priorities::run(&ctx, args, out),
        Command::Show(args) => cmd::show::run(&ctx, args, out),
        Command::Check(args) => cmd::check::run(&ctx, args, out),
        Command::Report(args) => cmd::report::run(&ctx, args, out),
        Command::Diff(args) => cmd::diff::run(&ctx, args, out),
        Command::History(args) => cmd::history::run(&ctx, args, out),
        Command::Calendar(args) => cmd::calendar::run(&ctx, args, out),
        Command::Set(args) => cmd::set::run(&ctx, args, out),
        Command::Add(args) => cmd::add::run(&ctx, args, out),
        Command::Update(args) => cmd::update::run(&ctx, args, out),
        Command::Done(args) => cmd::done::run(&ctx, args, out),
        Command::Drop(args) => cmd::drop::run(&ctx, args, out),
        Command::Completions { shell } => {
            clap_complete::generate(*shell, &mut Cli::command(), "plan", out);
            Ok(ExitCode::SUCCESS)
        }
        Command::Man => {
            clap_mangen::Man::new(Cli::command()).render(out)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
