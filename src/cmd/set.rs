//! `plan set`: change the due date, owners, title or status of an action or a priority.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::SetArgs;
use crate::context::Context;
use crate::edit::set::{Fields, set};
use crate::error::Error;

pub fn run(ctx: &Context, args: &SetArgs, out: &mut dyn Write) -> Result<ExitCode, Error> {
    if args.due.is_none() && args.owner.is_empty() && args.title.is_none() && args.status.is_none()
    {
        return Err(Error::Usage(
            "nothing to set: give --due, --owner, --title or --status".into(),
        ));
    }
    let reason = match (&args.reason, &args.due) {
        (Some(reason), Some(_)) if reason.trim().is_empty() => {
            return Err(Error::Usage("--reason cannot be empty".into()));
        }
        (Some(reason), Some(_)) => Some(reason.trim()),
        (Some(_), None) => {
            return Err(Error::Usage(
                "--reason says why a due date moved; give it with --due".into(),
            ));
        }
        (None, _) => None,
    };
    let status = args
        .status
        .as_deref()
        .map(crate::filter::parse_status)
        .transpose()?;
    let mut edit = crate::loading::for_edit(ctx)?;
    let owners = crate::filter::canonical_owners(edit.plan(), &args.owner)?;
    let fields = Fields {
        title: args.title.as_deref(),
        due: args.due.as_deref(),
        reason,
        owners: &owners,
        status,
    };
    let changes = set(&mut edit, &args.id, &fields, ctx.today)?;
    let summary = if changes.is_empty() {
        format!("{} already has those values", args.id)
    } else {
        format!("{}: {}", args.id, changes.join("; "))
    };
    crate::loading::said(edit.finish(args.edit.mode(), &summary)?, &summary, out)
}
