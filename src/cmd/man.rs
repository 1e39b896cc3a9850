//! `plan man`: the man page on stdout, or with `--output-dir` every page — `plan.1` and one
//! per subcommand (`plan-list.1`, …), the pages `plan.1`'s SUBCOMMANDS section refers to.

use std::io::Write;
use std::process::ExitCode;

use clap::CommandFactory as _;

use crate::cli::{Cli, ManArgs};
use crate::context::Context;
use crate::error::Error;

pub fn run(ctx: &Context, args: &ManArgs, out: &mut dyn Write) -> Result<ExitCode, Error> {
    let Some(dir) = &args.output_dir else {
        let plan = pages().swap_remove(0);
        render(plan, out).map_err(Error::Output)?;
        return Ok(ExitCode::SUCCESS);
    };
    if !dir.is_dir() {
        return Err(Error::Usage(format!(
            "--output-dir {}: no such folder",
            crate::render::text::terminal_safe(&dir.display().to_string())
        )));
    }
    let mut rendered = Vec::new();
    for page in pages() {
        let mut bytes = Vec::new();
        render(page.clone(), &mut bytes).map_err(Error::Output)?;
        let name = format!("{}.1", page.get_display_name().unwrap_or(page.get_name()));
        rendered.push((name, bytes));
    }
    // Every page is checked before the first is written: `DIR/plan.1` may be a link into the
    // plan folder, and a refusal must leave nothing half written.
    if let Ok(plan_dir) = crate::loading::plan_dir(ctx) {
        for (name, _) in &rendered {
            crate::output::refuse_inside_plan(&dir.join(name), &plan_dir)?;
        }
    }
    let mut written = Vec::new();
    for (name, bytes) in rendered {
        crate::output::write(&dir.join(&name), &bytes)?;
        written.push(name);
    }
    crate::shell::eprint_line(&format!(
        "wrote {} man pages: {}",
        written.len(),
        written.join(", ")
    ));
    Ok(ExitCode::SUCCESS)
}

/// The command and each visible subcommand, built so each is named as its page
/// (`plan-list`), as clap_mangen names them. clap's `help` subcommand has no page (`--help`
/// is on every page), so it is left out and plan.1 does not refer to a `plan-help(1)`.
pub fn pages() -> Vec<clap::Command> {
    let mut cli = Cli::command().disable_help_subcommand(true);
    cli.build();
    let mut pages = vec![cli.clone()];
    pages.extend(
        cli.get_subcommands()
            .filter(|s| !s.is_hide_set())
            .map(|s| s.clone().version(env!("CARGO_PKG_VERSION"))),
    );
    pages
}

fn render(cmd: clap::Command, out: &mut dyn Write) -> std::io::Result<()> {
    clap_mangen::Man::new(cmd).render(out)
}
