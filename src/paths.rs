//! Where the tool may write files, decided in one place: `-o FILE` of `report` and
//! `calendar` (files for people, never inside the plan folder) and `--into DIR` of `import`
//! (a folder the loader reads: inside the plan folder, not hidden). Plan files themselves go
//! through [`crate::edit`]'s edit path; both use its one atomic writer.
//!
//! Every path is resolved as the kernel will: component by component, each symbolic link
//! followed where it is met, `..` taken from the folder reached so far ([`resolve`]). So
//! `-o lnk/../plan.toml` with `lnk -> plan/area` is seen to be `plan/plan.toml`, as text
//! resolution of `..` first would not.
//!
//! [`crate::edit`] applies it to plan files and [`crate::output`] to `-o` files; it sits
//! below both, since `output` writes through `edit`.

use std::ffi::OsString;
use std::path::{Component, Path, PathBuf};

use crate::error::Error;

/// Refuses `output` when it resolves inside `plan_dir` (links followed, see [`resolve`]), so
/// `-o plan/x.ics` cannot slip a file into the plan or overwrite one of its files.
pub fn refuse_inside_plan(output: &Path, plan_dir: &Path) -> Result<(), Error> {
    let Ok(plan) = plan_dir.canonicalize() else {
        return Ok(());
    };
    if resolve(output).starts_with(&plan) {
        return Err(Error::Usage(format!(
            "refusing to write {}: it is inside the plan folder {}, where it would overwrite or add to the plan's files; nothing was written\nhelp: write it somewhere else (e.g. the folder above the plan)",
            output.display(),
            plan_dir.display()
        )));
    }
    Ok(())
}

/// The folder `into` (relative to the plan folder) resolves to, for writing plan files
/// into, as `plan_dir` joined with its real place inside the plan folder (links followed):
/// refused unless it is inside `plan_dir` and no folder of it below the plan folder is
/// hidden (the loader would skip every file written there, or never see it at all).
pub fn plan_folder(plan_dir: &Path, into: &Path) -> Result<PathBuf, Error> {
    let refuse = |why: &str| {
        Error::Usage(format!(
            "invalid --into {}: {why}; nothing was written\nhelp: give a folder inside the plan folder, e.g. --into imported",
            crate::text::escape(&into.display().to_string())
        ))
    };
    let plan = plan_dir
        .canonicalize()
        .map_err(|_| refuse("the plan folder cannot be resolved"))?;
    let target = resolve(&plan.join(into));
    let inside = target
        .strip_prefix(&plan)
        .map_err(|_| refuse("it leads outside the plan folder, where the plan never reads"))?;
    if inside.as_os_str().is_empty() {
        return Err(refuse("it is the plan folder itself"));
    }
    if inside
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
    {
        return Err(refuse(
            "it is in a hidden folder, which the plan loader skips, so nothing written there would be read",
        ));
    }
    Ok(plan_dir.join(inside))
}

/// Refuses a plan file to be written (`owners.toml`, an imported priority file) whose path
/// resolves outside `plan_dir` (a link out of the plan is read, but never written through)
/// or into a hidden folder of it (the loader skips those: the file would never be read).
pub fn refuse_outside_plan(path: &Path, plan_dir: &Path) -> Result<(), Error> {
    let plan = plan_dir
        .canonicalize()
        .unwrap_or_else(|_| resolve(plan_dir));
    let target = resolve(path);
    let reason = match target.strip_prefix(&plan) {
        Err(_) => format!(
            "it leads outside the plan folder (to {}), and plan never writes there",
            target.display()
        ),
        Ok(inside)
            if inside
                .components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.')) =>
        {
            format!(
                "it leads into a hidden folder ({}), which the plan loader skips, so it would never be read",
                target.display()
            )
        }
        Ok(_) => return Ok(()),
    };
    Err(Error::CannotEdit {
        path: path.to_path_buf(),
        reason,
    })
}

/// One part of a path still to resolve.
enum Part {
    Root(OsString),
    Parent,
    Name(OsString),
}

fn parts(path: &Path) -> Vec<Part> {
    path.components()
        .filter_map(|c| match c {
            Component::Prefix(_) | Component::RootDir => Some(Part::Root(c.as_os_str().into())),
            Component::CurDir => None,
            Component::ParentDir => Some(Part::Parent),
            Component::Normal(name) => Some(Part::Name(name.into())),
        })
        .collect()
}

/// `path` as the kernel resolves it, made absolute: each component in turn, a symbolic link
/// replaced by its target where it is met (at most 40, as Linux), `..` going up from the
/// folder reached. Components from the first one that does not exist are taken as written.
pub fn resolve(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut todo = parts(&absolute);
    todo.reverse();
    let mut real = PathBuf::new();
    let mut links = 0;
    let mut missing = false;
    while let Some(part) = todo.pop() {
        match part {
            Part::Root(root) => {
                real = PathBuf::from(root);
                if !real.has_root() {
                    real.push(std::path::MAIN_SEPARATOR_STR);
                }
            }
            Part::Parent => {
                real.pop();
            }
            Part::Name(name) => {
                let next = real.join(&name);
                if !missing {
                    match std::fs::symlink_metadata(&next) {
                        Ok(meta) if meta.file_type().is_symlink() && links < 40 => {
                            if let Ok(target) = std::fs::read_link(&next) {
                                links += 1;
                                let mut more = parts(&target);
                                more.reverse();
                                todo.extend(more);
                                continue;
                            }
                        }
                        Ok(_) => {}
                        Err(_) => missing = true,
                    }
                }
                real = next;
            }
        }
    }
    real
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

    #[cfg(unix)]
    #[test]
    fn links_are_followed_before_dot_dot() {
        let root = tempfile::tempdir().unwrap();
        let root = root.path().canonicalize().unwrap();
        let plan = root.join("plan");
        std::fs::create_dir_all(plan.join("area")).unwrap();
        std::os::unix::fs::symlink(plan.join("area"), root.join("lnk")).unwrap();
        assert_eq!(
            resolve(&root.join("lnk/../plan.toml")),
            plan.join("plan.toml")
        );
        assert!(refuse_inside_plan(&root.join("lnk/../plan.toml"), &plan).is_err());
        assert_eq!(resolve(&root.join("lnk/new/../x")), plan.join("area/x"));
        // --into: inside, not hidden, not leaving through a link.
        std::fs::create_dir_all(plan.join(".hidden")).unwrap();
        std::os::unix::fs::symlink(&root, plan.join("out")).unwrap();
        assert_eq!(
            plan_folder(&plan, Path::new("imported")).unwrap(),
            plan.join("imported")
        );
        // Where it really is, named from the plan folder as given.
        std::os::unix::fs::symlink("area", plan.join("to-area")).unwrap();
        std::os::unix::fs::symlink(".hidden", plan.join("to-hidden")).unwrap();
        assert_eq!(
            plan_folder(&plan, Path::new("to-area/new")).unwrap(),
            plan.join("area/new")
        );
        assert_eq!(
            plan_folder(&plan, &plan.join("area")).unwrap(),
            plan.join("area")
        );
        for bad in [
            ".hidden",
            "a/.b/c",
            "out",
            "out/x",
            "..",
            ".",
            "../plan-x",
            "to-hidden",
            "to-hidden/x",
            "area/../.hidden",
            "to-area/../../x",
        ] {
            assert!(plan_folder(&plan, Path::new(bad)).is_err(), "{bad}");
        }
    }
}
