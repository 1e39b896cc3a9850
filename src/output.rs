//! Files the tool writes for people (`-o FILE` of `report` and `calendar`), never plan
//! files: those go through [`crate::edit`]'s edit path (both use its one atomic writer). The one rule here is that such a file
//! never lands inside the plan folder, where it would be committed with the plan by accident.

use std::path::{Path, PathBuf};

use crate::error::Error;

/// Refuses `output` when it is inside `plan_dir` (after resolving `..` and symbolic links of
/// the folders that exist), so `-o plan/x.ics` cannot slip a file into the plan.
pub fn refuse_inside_plan(output: &Path, plan_dir: &Path) -> Result<(), Error> {
    let Ok(plan) = plan_dir.canonicalize() else {
        return Ok(());
    };
    if resolved(output).starts_with(&plan) {
        return Err(Error::Usage(format!(
            "refusing to write {}: it is inside the plan folder {}, where it would overwrite or add to the plan's files; nothing was written\nhelp: write it somewhere else (e.g. the folder above the plan)",
            output.display(),
            plan_dir.display()
        )));
    }
    Ok(())
}

/// `path` made absolute through its nearest existing ancestor (the file itself, and perhaps
/// some folders, may not exist yet).
fn resolved(path: &Path) -> PathBuf {
    use std::path::Component;
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    // `..` taken lexically first: a folder that does not exist yet cannot be canonicalised.
    let mut lexical = PathBuf::new();
    for part in absolute.components() {
        match part {
            Component::ParentDir => {
                lexical.pop();
            }
            Component::CurDir => {}
            other => lexical.push(other),
        }
    }
    let mut missing = Vec::new();
    let mut current = lexical.as_path();
    loop {
        if let Ok(real) = current.canonicalize() {
            return missing.iter().rev().fold(real, |acc, part| acc.join(part));
        }
        match (current.parent(), current.file_name()) {
            (Some(parent), Some(name)) => {
                missing.push(name.to_owned());
                current = parent;
            }
            _ => return lexical,
        }
    }
}

/// Writes a finished output file (rendered in full first) through the one atomic writer: a
/// temporary file beside it, then a rename, so a failed write (a full disk, a size limit)
/// leaves the file that was there as it was, and never half a report.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    crate::edit::write_atomic(path, bytes, crate::edit::Expect::Any)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inside_the_plan_folder_is_refused_even_through_dot_dot() {
        let root = tempfile::tempdir().unwrap();
        let plan = root.path().join("plan");
        std::fs::create_dir_all(plan.join("sub")).unwrap();
        let refused = |p: PathBuf| refuse_inside_plan(&p, &plan).is_err();
        assert!(refused(plan.join("x.ics")));
        assert!(refused(plan.join("sub/new/x.ics")));
        assert!(refused(root.path().join("other/../plan/x.ics")));
        assert!(!refused(root.path().join("x.ics")));
        assert!(!refused(root.path().join("plan-out/x.ics")));
    }
}
