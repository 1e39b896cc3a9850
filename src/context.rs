//! Everything a command needs to know about *how* to run, resolved once from flags,
//! environment and terminal: the day, the plan folder, the output format, colour.

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::cli::{ColorChoice, Format, GlobalArgs};
use crate::dates;
use crate::error::Error;
use crate::load::{self, Loaded};

#[derive(Debug, Clone)]
pub struct Context {
    pub today: NaiveDate,
    /// `None`: the command's own default for where the output goes.
    pub format: Option<Format>,
    pub color: bool,
    color_stderr: bool,
    pub stdout_is_terminal: bool,
    plan: Option<PathBuf>,
    /// `--rev`: read the plan as committed at this git revision.
    pub rev: Option<String>,
}

impl Context {
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
            format: args.format,
            color: color_for(stdout_is_terminal),
            color_stderr: color_for(std::io::stderr().is_terminal()),
            stdout_is_terminal,
            plan: args.plan.clone(),
            rev: args.rev.clone(),
        })
    }

    /// The format for query output: as asked, else a table on a terminal and Markdown
    /// when piped (readable as text, and still a table once pasted into an issue or email).
    pub fn query_format(&self) -> Result<Format, Error> {
        match self.format {
            Some(Format::Human | Format::Github) => Err(Error::Usage(
                "--format human and --format github are for `plan check`; use table, json, csv or markdown".into(),
            )),
            Some(Format::Html) => Err(Error::Usage(
                "--format html is for `plan report`; use table, json, csv or markdown".into(),
            )),
            Some(format) => Ok(format),
            None if self.stdout_is_terminal => Ok(Format::Table),
            None => Ok(Format::Markdown),
        }
    }

    /// Finds and loads the plan for a question (`list`, `owner`, `report`, ...). Problems that
    /// make answers unreliable are printed and the command fails, so no partial answer is ever
    /// shown as if complete. With no plan folder given or found, the answer comes from the
    /// built-in seed plan, and a note on stderr says so.
    pub fn load_for_query(&self) -> Result<&'static Loaded, Error> {
        let loaded = match self.plan_dir() {
            Err(Error::NoPlanFound(start)) if self.rev.is_none() => {
                crate::eprint_line(&format!(
                    "note: no plan/plan.toml in {} or any folder above it; answering from the built-in example plan (Leicester City Council, 2003)\nhelp: pass --plan DIR or set PLAN_DIR to use your own plan",
                    crate::render::text::terminal_safe(&start.display().to_string())
                ));
                load::load_from(&crate::seed::dir(), crate::seed::snapshot())?
            }
            dir => self.load_dir(&dir?)?,
        };
        let blocking: Vec<_> = loaded.blocking().cloned().collect();
        if blocking.is_empty() {
            return Ok(keep(loaded));
        }
        crate::render::diagnostics::eprint(&loaded.sources, &blocking, self.color_stderr());
        Err(Error::InvalidPlan {
            count: blocking.len(),
        })
    }

    /// Finds and loads the plan, whatever is wrong inside it. Never the built-in plan:
    /// `plan check` gates CI, and must fail (exit 2) rather than check the wrong plan.
    pub fn load_any(&self) -> Result<&'static Loaded, Error> {
        self.load_dir(&self.plan_dir()?).map(keep)
    }

    /// Loads the plan folder `dir` from the working tree, or as committed at `--rev`.
    fn load_dir(&self, dir: &std::path::Path) -> Result<Loaded, Error> {
        match &self.rev {
            None => load::load(dir),
            Some(rev) => load::load_from(dir, crate::git::snapshot_at(dir, rev)?),
        }
    }

    /// The plan folder, from `--plan`/`PLAN_DIR` or found upwards from the current folder.
    pub fn plan_dir(&self) -> Result<PathBuf, Error> {
        if let Some(dir) = &self.plan {
            // The current folder is not needed (it may even have been deleted).
            return load::discover(Some(dir), Path::new(""));
        }
        let cwd = std::env::current_dir().map_err(|source| Error::Io {
            what: "cannot read the current folder to look for a plan from (pass --plan DIR)".into(),
            source,
        })?;
        load::discover(None, &cwd)
    }

    pub fn color_stderr(&self) -> bool {
        self.color_stderr
    }
}

/// The loaded plan, kept until the process exits. A command loads one plan and exits when it
/// has answered; freeing 100k actions one allocation at a time cost 5–15% of `plan list` on a
/// large plan (measured with perf), and the operating system reclaims the memory at once.
fn keep(loaded: Loaded) -> &'static Loaded {
    Box::leak(Box::new(loaded))
}
