//! `plan history ID`: the action's history ([`crate::history`]) as a table or JSON.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::HistoryArgs;
use crate::context::Context;
use crate::error::Error;
use crate::git::Repo;
use crate::history;
use crate::render::{self, Grid, GridCell};

pub fn run(ctx: &Context, args: &HistoryArgs, out: &mut dyn Write) -> Result<ExitCode, Error> {
    let format = ctx.query_format(args.output.format);
    let dir = crate::loading::plan_dir(ctx)?;
    let repo = Repo::open(&dir)?;
    let head = repo.resolve(ctx.rev.as_deref().unwrap_or("HEAD"))?;
    let view = history::of(&repo, &dir, &head, &args.id, ctx.rev.is_none())?;
    let grid = Grid {
        headers: vec!["Date", "Commit", "Author", "Subject", "Changes"],
        rows: view
            .entries
            .iter()
            .map(|e| {
                let changes: Vec<String> = e.changes.iter().map(render::change::words).collect();
                vec![
                    GridCell::from(e.date.as_str()),
                    GridCell::from(e.commit.as_deref().map_or("", crate::git::short_id)),
                    GridCell::from(e.author.as_str()),
                    GridCell::from(e.subject.as_str()),
                    GridCell::from(changes.join(" · ")),
                ]
            })
            .collect(),
        wide: Some(4),
        droppable: vec![2], // the author: the commit and subject say more
    };
    render::write_result(out, format, ctx.color, &view, &grid, Some(&view.summary))?;
    Ok(ExitCode::SUCCESS)
}
