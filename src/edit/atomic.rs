//! Writing a file so that readers see the old bytes or the new ones, never a mixture, and
//! nothing of ours is left behind whatever fails.
//!
//! The new bytes go to a hidden temporary file in the destination's own folder (a rename is
//! only atomic within one file system), are flushed to disk, and the temporary file is then
//! renamed over the destination (or linked to it, for a new file) and the folder flushed. The
//! temporary file's name starts with a dot, so even a crash between the steps cannot leave
//! something the plan loader would read, and it is removed on every error path.

use std::fs::{self, File, OpenOptions};
use std::io::{ErrorKind, Write as _};
use std::path::{Path, PathBuf};

use crate::error::Error;

/// What must be at the destination for the write to go ahead.
#[derive(Debug, Clone, Copy)]
pub enum Expect<'a> {
    /// Nothing: a new file. Refused if a file (or anything else) is already there.
    Absent,
    /// Exactly these bytes, as read before the change was prepared. Refused with
    /// [`Error::ChangedOnDisk`] if the file now holds anything else (or is gone).
    Bytes(&'a [u8]),
    /// Anything or nothing: a file the tool writes for people (`-o FILE`), replaced whole.
    Any,
}

/// Writes `bytes` to `path` atomically, if `path` holds what `expect` says. A symbolic link
/// at `path` is kept: the file it points to is replaced.
pub fn write_atomic(path: &Path, bytes: &[u8], expect: Expect<'_>) -> Result<(), Error> {
    let target = match expect {
        Expect::Absent => path.to_path_buf(),
        Expect::Bytes(_) => fs::canonicalize(path).map_err(|_| changed(path))?,
        Expect::Any => fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()),
    };
    let dir = folder_of(&target);
    let failed = |source: std::io::Error| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let temp = TempFile::create(&dir, &target).map_err(failed)?;
    temp.fill(bytes, &target).map_err(failed)?;
    match expect {
        Expect::Absent => link_new(&temp.path, &target).map_err(|err| match err.kind() {
            ErrorKind::AlreadyExists => Error::CannotEdit {
                path: path.to_path_buf(),
                reason: "a file is already there".into(),
            },
            _ => failed(err),
        })?,
        Expect::Bytes(original) => {
            // The last moment to notice another writer; the window that remains is the
            // rename itself.
            if fs::read(&target).map_err(|_| changed(path))? != original {
                return Err(changed(path));
            }
            fs::rename(&temp.path, &target).map_err(failed)?;
        }
        Expect::Any => fs::rename(&temp.path, &target).map_err(failed)?,
    }
    sync_folder(&dir);
    Ok(())
}

fn changed(path: &Path) -> Error {
    Error::ChangedOnDisk(path.to_path_buf())
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Puts the finished temporary file at `target` only if nothing is there. A hard link fails
/// atomically when the name is taken; where the file system has no hard links, an existence
/// check then a rename (a small race, reported honestly if lost).
fn link_new(temp: &Path, target: &Path) -> std::io::Result<()> {
    match fs::hard_link(temp, target) {
        Ok(()) => Ok(()),
        Err(err) if err.kind() == ErrorKind::AlreadyExists => Err(err),
        Err(_) => {
            if fs::symlink_metadata(target).is_ok() {
                return Err(ErrorKind::AlreadyExists.into());
            }
            fs::rename(temp, target)
        }
    }
}

/// Flushes the folder entry for the rename. Not every platform can open a folder for this,
/// and the data itself is already on disk, so a failure here is not an error.
fn sync_folder(dir: &Path) {
    if let Ok(folder) = File::open(dir) {
        let _ = folder.sync_all();
    }
}

/// A temporary file that removes itself when dropped (after a rename, nothing is there).
struct TempFile {
    path: PathBuf,
    file: File,
}

impl TempFile {
    fn create(dir: &Path, target: &Path) -> std::io::Result<TempFile> {
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let pid = std::process::id();
        for attempt in 0..100 {
            let path = dir.join(format!(".{name}.{pid}.{attempt}.plan-tmp"));
            match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(file) => return Ok(TempFile { path, file }),
                Err(err) if err.kind() == ErrorKind::AlreadyExists => continue,
                Err(err) => return Err(err),
            }
        }
        Err(std::io::Error::new(
            ErrorKind::AlreadyExists,
            "no free name for a temporary file",
        ))
    }

    /// Writes the bytes and flushes them to disk, with the permissions of the file it
    /// replaces (a read-only or group-writable plan file stays so).
    fn fill(&self, bytes: &[u8], target: &Path) -> std::io::Result<()> {
        let mut file = &self.file;
        file.write_all(bytes)?;
        if let Ok(meta) = fs::metadata(target) {
            file.set_permissions(meta.permissions())?;
        }
        file.sync_all()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        // After a rename there is nothing here, and removing fails harmlessly.
        let _ = fs::remove_file(&self.path);
    }
}
