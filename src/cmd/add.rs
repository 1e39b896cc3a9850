//! `plan add`: a new action at the end of a priority's file.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::AddArgs;
use crate::context::Context;
use crate::edit::toml;
use crate::error::Error;

pub fn run(ctx: &Context, args: &AddArgs, out: &mut dyn Write) -> Result<ExitCode, Error> {
    if args.title.trim().is_empty() {
        return Err(Error::Usage("--title cannot be empty".into()));
    }
    let mut edit = crate::loading::for_edit(ctx)?;
    let priority = crate::filter::resolve_priority(edit.plan(), &args.priority)?;
    let id = match &args.id {
        Some(id) => crate::ids::checked(edit.plan(), id)?,
        None => crate::ids::next_action(edit.plan(), priority)?,
    };
    let owners = crate::filter::canonical_owners(edit.plan(), &args.owner)?;
    let table = toml::NewItem {
        id: &id,
        title: &args.title,
        owners: Some(&owners).filter(|o| !o.is_empty()).map(Vec::as_slice),
        due: args.due.as_deref(),
        ..Default::default()
    }
    .table();
    edit.push_action(priority, table, &args.priority)?;
    let summary = format!("{id}: added to {} \"{}\"", args.priority, args.title);
    crate::loading::said(edit.finish(args.edit.mode(), &summary)?, &summary, out)
}
