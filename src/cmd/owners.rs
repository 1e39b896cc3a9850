//! `plan owners`: every role with how much it answers for.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::OwnersArgs;
use crate::context::Context;
use crate::error::Error;
use crate::filter::OwnerCounting;
use crate::render;
use crate::view::{role, words};

pub fn run(ctx: &Context, args: &OwnersArgs, out: &mut dyn Write) -> Result<ExitCode, Error> {
    let format = ctx.query_format(args.output.format);
    let loaded = crate::loading::for_query(ctx)?;
    let counting = if args.direct {
        OwnerCounting::Direct
    } else {
        OwnerCounting::Groups
    };
    let rows = role::every_role(&loaded.plan, ctx.today, counting);
    let summary = words::owners_summary(&rows, counting, ctx.today);
    render::owners::write(out, format, ctx.color, &rows, &summary)?;
    Ok(ExitCode::SUCCESS)
}
