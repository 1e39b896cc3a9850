//! `plan role add` and `plan role rename`: the roster changed from the command line.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::{RoleAddArgs, RoleArgs, RoleCommand, RoleRenameArgs};
use crate::context::Context;
use crate::edit::roster::{self, NewRole};
use crate::error::Error;
use crate::text::plural;

pub fn run(ctx: &Context, args: &RoleArgs, out: &mut dyn Write) -> Result<ExitCode, Error> {
    match &args.command {
        RoleCommand::Add(args) => add(ctx, args, out),
        RoleCommand::Rename(args) => rename(ctx, args, out),
    }
}

fn add(ctx: &Context, args: &RoleAddArgs, out: &mut dyn Write) -> Result<ExitCode, Error> {
    let mut edit = crate::loading::for_edit(ctx)?;
    let wanted = NewRole {
        name: args.name.clone(),
        aliases: args.alias.clone(),
        member_of: args.member_of.clone(),
    };
    let role = roster::checked_role(edit.plan(), &wanted)?;
    roster::add_role(&mut edit, &role)?;
    let summary = crate::render::edit::role_added(&role);
    crate::loading::said(edit.finish(args.edit.mode(), &summary)?, &summary, out)
}

fn rename(ctx: &Context, args: &RoleRenameArgs, out: &mut dyn Write) -> Result<ExitCode, Error> {
    let mut edit = crate::loading::for_edit(ctx)?;
    let role = roster::renamable(edit.plan(), &args.old, &args.new)?;
    let old = edit.plan().roster.name(role).to_owned();
    let renamed = roster::rename_role(&mut edit, &old, &args.new)?;
    let summary = format!(
        "role renamed: {old} → {} ({} in {})",
        roster::tidy(&args.new),
        plural(renamed.references, "reference", "references"),
        plural(renamed.files, "file", "files")
    );
    crate::loading::said(edit.finish(args.edit.mode(), &summary)?, &summary, out)
}
