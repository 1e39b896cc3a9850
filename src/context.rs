//! Everything a command needs to know about *how* to run, resolved once from flags,
//! environment and terminal: the day, the plan folder asked for, the revision, colour.
//! Finding and loading the plan is [`crate::loading`]'s job.

use std::io::IsTerminal as _;
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::cli::{ColorChoice, GlobalArgs};
use crate::dates;
use crate::error::Error;
use crate::format::QueryFormat;

#[derive(Debug, Clone)]
pub struct Context {
    pub today: NaiveDate,
    pub color: bool,
    color_stderr: bool,
    pub stdout_is_terminal: bool,
    /// `--plan` / `PLAN_DIR`: the plan folder, if given.
    pub plan: Option<PathBuf>,
    /// `--rev`: read the plan as committed at this git revision.
    pub rev: Option<String>,
}

impl Context {
    /// The day given with `flag`, or `--today`.
    pub fn day_or_today(&self, given: Option<&str>, flag: &str) -> Result<NaiveDate, Error> {
        match given {
            Some(text) => {
                dates::parse_day(text).map_err(|err| Error::Usage(format!("invalid {flag}: {err}")))
            }
            None => Ok(self.today),
        }
    }

    pub fn from_args(args: &GlobalArgs) -> Result<Self, Error> {
        let today = match &args.today {
            Some(text) => dates::parse_day(text)
                .map_err(|err| Error::Usage(format!("invalid --today: {err}")))?,
            None => chrono::Local::now().date_naive(),
        };
        let stdout_is_terminal = std::io::stdout().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color_for = |is_terminal: bool| match args.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => is_terminal && !no_color,
        };
        Ok(Context {
            today,
            color: color_for(stdout_is_terminal),
            color_stderr: color_for(std::io::stderr().is_terminal()),
            stdout_is_terminal,
            plan: args.plan.clone(),
            rev: args.rev.clone(),
        })
    }

    /// The format for query output: as asked, else by where stdout goes.
    pub fn query_format(&self, asked: Option<QueryFormat>) -> QueryFormat {
        QueryFormat::or_default(asked, self.stdout_is_terminal)
    }

    pub fn color_stderr(&self) -> bool {
        self.color_stderr
    }
}
