//! `plan import`: a spreadsheet into plan files, with a summary of what was read and what
//! was not.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use crate::cli::ImportArgs;
use crate::context::Context;
use crate::error::Error;
use crate::import::{self, Import, Request};
use crate::render::text::terminal_safe;
use crate::text::plural;

pub fn run(ctx: &Context, args: &ImportArgs, out: &mut dyn Write) -> Result<ExitCode, Error> {
    let plan_dir = match crate::loading::plan_dir(ctx) {
        Err(Error::NoPlanFound(start)) => {
            return Err(Error::Usage(format!(
                "no plan to import into: no plan/plan.toml in {} or any folder above it\nhelp: create one with `plan init --organisation NAME`, or pass --plan DIR",
                start.display()
            )));
        }
        dir => dir?,
    };
    let request = Request {
        source: args.file.clone(),
        sheet: args.sheet.clone(),
        columns: args.columns.clone(),
        into: args.into.clone(),
        date_order: args.date_order.map(crate::cli::DateOrderArg::order),
        layout: args.layout.map(crate::cli::LayoutArg::layout),
        force: args.force,
    };
    let import = import::prepare(&plan_dir, &request, ctx.today)?;
    let base = plan_dir.parent().unwrap_or(Path::new(""));
    summary(out, &import, &args.file, base).map_err(Error::Output)?;
    if args.dry_run {
        let listed = writeln!(out, "Would write:")
            .and_then(|()| files(out, &import, base))
            .and_then(|()| writeln!(out, "dry run: nothing written"));
        listed.map_err(Error::Output)?;
        return Ok(ExitCode::SUCCESS);
    }
    import::write(&import)?;
    writeln!(out, "Wrote:")
        .and_then(|()| files(out, &import, base))
        .map_err(Error::Output)?;
    Ok(ExitCode::SUCCESS)
}

fn summary(
    out: &mut dyn Write,
    import: &Import,
    source: &Path,
    base: &Path,
) -> std::io::Result<()> {
    let draft = &import.draft;
    let actions: usize = draft.priorities.iter().map(|p| p.actions.len()).sum();
    writeln!(
        out,
        "Imported {} ({}): {}, {}",
        terminal_safe(&source.display().to_string()),
        draft.layout.describe(),
        plural(draft.priorities.len(), "priority", "priorities"),
        plural(actions, "action", "actions")
    )?;
    let owners = base.join("plan").join(crate::load::OWNERS_FILE);
    let owners = import
        .files
        .iter()
        .find(|f| f.path.ends_with(crate::load::OWNERS_FILE))
        .map_or(owners, |f| f.path.clone());
    if draft.roles_added.is_empty() {
        writeln!(out, "Roles added: none (every name is on the roster)")?;
    } else {
        writeln!(
            out,
            "Roles added to {} (not on the roster):",
            shown(&owners, base)
        )?;
        for name in &draft.roles_added {
            writeln!(out, "  {}", terminal_safe(name))?;
        }
    }
    if draft.unread.is_empty() {
        writeln!(out, "Cells not read: none")?;
    } else {
        writeln!(out, "Cells not read (kept in due_note, left undated):")?;
        for cell in &draft.unread {
            // The reason quotes the cell's text.
            writeln!(
                out,
                "  {}: {}",
                terminal_safe(&cell.reference),
                terminal_safe(&cell.reason)
            )?;
        }
    }
    gaps(out, import)
}

/// What `plan check` will say about the imported items, by rule, so nobody is surprised.
fn gaps(out: &mut dyn Write, import: &Import) -> std::io::Result<()> {
    let tally = |errors: bool| {
        let mut rules: Vec<(&str, usize)> = Vec::new();
        for gap in import.gaps.iter().filter(|g| g.is_error() == errors) {
            match rules.iter_mut().find(|(r, _)| *r == gap.rule.name()) {
                Some((_, n)) => *n += 1,
                None => rules.push((gap.rule.name(), 1)),
            }
        }
        let parts: Vec<String> = rules
            .iter()
            .map(|(rule, n)| format!("{n} {rule}"))
            .collect();
        if parts.is_empty() {
            "none".to_owned()
        } else {
            parts.join(", ")
        }
    };
    writeln!(
        out,
        "plan check will report on these: errors {} (gaps the source leaves); warnings {}",
        tally(true),
        tally(false)
    )
}

fn files(out: &mut dyn Write, import: &Import, base: &Path) -> std::io::Result<()> {
    for file in &import.files {
        let note = match (
            &file.existing,
            file.path.ends_with(crate::load::OWNERS_FILE),
        ) {
            (Some(_), true) => " (roles added)",
            (Some(_), false) => " (replaces the existing file)",
            (None, _) => "",
        };
        writeln!(out, "  {}{note}", shown(&file.path, base))?;
    }
    Ok(())
}

fn shown(path: &Path, base: &Path) -> String {
    let relative = path.strip_prefix(base).unwrap_or(path);
    terminal_safe(&relative.display().to_string())
}
