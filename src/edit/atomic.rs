//! Writing files so that readers see the old bytes or the new ones, never a mixture, and
//! nothing of ours is left behind whatever fails; several files as one all-or-nothing
//! [`Transaction`].
//!
//! Each file's new bytes go to a hidden temporary file in the destination's own folder (a
//! rename is only atomic within one file system), created with the destination's mode from
//! the start (never briefly more readable), given its owner and group, filled and flushed to
//! disk. Only when every file of the transaction is ready are they renamed into place (a new
//! file is linked, so it never replaces one that appeared meanwhile), each replaced file's
//! original kept under a hidden name until all are in. If a rename fails, the files already
//! renamed are put back from those originals and the new ones removed: the plan is as it was.
//! Temporary names start with a dot, so even a crash between the steps cannot leave something
//! the plan loader would read.
//!
//! A file with more than one name (hard links) is refused: replacing it would split the
//! names, the others keeping the old text. A write larger than the process's file size limit
//! (`ulimit -f`) is refused before a byte is written, so the kernel's SIGXFSZ never kills the
//! command half way.

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
    let mut tx = Transaction::new();
    tx.stage(path, bytes, expect);
    tx.commit()
}

/// The bytes of a file a write is about to replace or add to, or `None` when there is
/// nothing at `path`: the one way to read one. Only a regular file is read (links followed):
/// a FIFO or device is refused without blocking on it, and a file over the loader's size
/// limit is refused unread, each as [`Error::CannotEdit`] naming the file.
pub fn read_existing(path: &Path) -> Result<Option<Vec<u8>>, Error> {
    use std::io::Read as _;
    let cannot = |reason: String| Error::CannotEdit {
        path: path.to_path_buf(),
        reason,
    };
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = match options.open(path) {
        Ok(file) => file,
        Err(err) if err.kind() == ErrorKind::NotFound => {
            return match fs::symlink_metadata(path) {
                Ok(_) => Err(cannot("it is a symbolic link that leads nowhere".into())),
                Err(_) => Ok(None),
            };
        }
        Err(err) => return Err(cannot(format!("cannot read: {err}"))),
    };
    let meta = file
        .metadata()
        .map_err(|err| cannot(format!("cannot read: {err}")))?;
    if !meta.is_file() {
        return Err(cannot("it is not a regular file".into()));
    }
    let limit = crate::load::MAX_FILE_BYTES;
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|err| cannot(format!("cannot read: {err}")))?;
    if bytes.len() as u64 > limit {
        return Err(cannot(format!(
            "it is larger than {} MiB; refused unread",
            limit / 1024 / 1024
        )));
    }
    Ok(Some(bytes))
}

/// Several files written all or nothing:
///
/// ```no_run
/// # fn demo() -> Result<(), plan::error::Error> {
/// use plan::edit::{Expect, Transaction};
/// let mut tx = Transaction::new();
/// tx.stage("plan/owners.toml", b"...".to_vec(), Expect::Bytes(b"old"));
/// tx.stage("plan/new/01-x.toml", b"...".to_vec(), Expect::Absent); // folders made as needed
/// tx.commit()?; // every file written, or none (and the error says the plan is unchanged)
/// # Ok(()) }
/// ```
#[derive(Debug, Default)]
pub struct Transaction {
    staged: Vec<Staged>,
}

#[derive(Debug)]
struct Staged {
    path: PathBuf,
    /// The new bytes; `None`: the file is removed.
    bytes: Option<Vec<u8>>,
    expect: Expected,
}

#[derive(Debug)]
enum Expected {
    Absent,
    Bytes(Vec<u8>),
    Any,
}

/// A staged file ready to be put in place.
struct Ready<'a> {
    staged: &'a Staged,
    target: PathBuf,
    /// The new bytes, ready beside the target (`None` for a file removed).
    temp: Option<TempFile>,
    /// The replaced (or removed) file's original, linked under a hidden name (`None` for a new file).
    original: Option<PathBuf>,
}

impl Transaction {
    pub fn new() -> Transaction {
        Transaction::default()
    }

    /// Adds a file to write: `bytes` at `path`, if `path` then holds what `expect` says.
    pub fn stage(
        &mut self,
        path: impl Into<PathBuf>,
        bytes: impl Into<Vec<u8>>,
        expect: Expect<'_>,
    ) {
        let expect = match expect {
            Expect::Absent => Expected::Absent,
            Expect::Bytes(b) => Expected::Bytes(b.to_vec()),
            Expect::Any => Expected::Any,
        };
        self.staged.push(Staged {
            path: path.into(),
            bytes: Some(bytes.into()),
            expect,
        });
    }

    /// Adds a file to remove, if it then holds exactly `expected` (as read); put back like
    /// any other file of the transaction if a later step fails.
    pub fn remove(&mut self, path: impl Into<PathBuf>, expected: &[u8]) {
        self.staged.push(Staged {
            path: path.into(),
            bytes: None,
            expect: Expected::Bytes(expected.to_vec()),
        });
    }

    /// How many files are staged.
    pub fn len(&self) -> usize {
        self.staged.len()
    }

    pub fn is_empty(&self) -> bool {
        self.staged.is_empty()
    }

    /// Writes every staged file, or none: on any failure every file is as it was (folders
    /// made for new files are removed again) and the error says so.
    pub fn commit(self) -> Result<(), Error> {
        let many = self.staged.len() > 1;
        let mut made = Vec::new();
        let result = self.write_all(&mut made);
        if result.is_err() {
            for folder in made.iter().rev() {
                let _ = fs::remove_dir(folder);
            }
        }
        result.map_err(|err| match err {
            Error::Write { path, source } if many => Error::NotWritten { path, source },
            other => other,
        })
    }

    fn write_all(&self, made: &mut Vec<PathBuf>) -> Result<(), Error> {
        let mut ready = Vec::with_capacity(self.staged.len());
        let result = self
            .prepare_all(&mut ready, made)
            .and_then(|()| put_all(&ready));
        // The kept originals go, except those of files that could not be put back.
        let keep: Vec<PathBuf> = match &result {
            Err(Error::HalfWritten { unrestored, .. }) => unrestored
                .iter()
                .filter_map(|(_, kept)| kept.clone())
                .collect(),
            _ => Vec::new(),
        };
        for r in &ready {
            if let Some(original) = r.original.as_ref().filter(|o| !keep.contains(o)) {
                let _ = fs::remove_file(original);
            }
            if result.is_ok() {
                sync_folder(&folder_of(&r.target));
            }
        }
        result
    }

    fn prepare_all<'a>(
        &'a self,
        ready: &mut Vec<Ready<'a>>,
        made: &mut Vec<PathBuf>,
    ) -> Result<(), Error> {
        for staged in &self.staged {
            ready.push(prepare(staged, made)?);
        }
        Ok(())
    }
}

/// Checks each file is still as read, then renames them all into place, or puts back those
/// already renamed.
fn put_all(ready: &[Ready<'_>]) -> Result<(), Error> {
    // The last moment to notice a writer that does not take the lock (an editor); the
    // window that remains is the renames themselves.
    for r in ready {
        if let Expected::Bytes(original) = &r.staged.expect {
            if fs::read(&r.target).map_err(|_| changed(&r.staged.path))? != *original {
                return Err(changed(&r.staged.path));
            }
        }
    }
    let mut done: Vec<&Ready<'_>> = Vec::with_capacity(ready.len());
    for (i, r) in ready.iter().enumerate() {
        if let Err(err) = put_in_place(r, i) {
            let unrestored = roll_back(&done);
            return Err(if unrestored.is_empty() {
                err
            } else {
                Error::HalfWritten {
                    path: r.staged.path.clone(),
                    reason: err.to_string(),
                    unrestored,
                }
            });
        }
        done.push(r);
    }
    Ok(())
}

fn put_in_place(r: &Ready<'_>, index: usize) -> Result<(), Error> {
    let path = &r.staged.path;
    let failed = |source: std::io::Error| Error::Write {
        path: path.clone(),
        source,
    };
    fault::check(index).map_err(failed)?;
    let Some(temp) = &r.temp else {
        // Removed: its original is kept aside until the transaction is done.
        return fs::remove_file(&r.target).map_err(failed);
    };
    match r.staged.expect {
        Expected::Absent => link_new(&temp.path, &r.target).map_err(|err| match err.kind() {
            ErrorKind::AlreadyExists => Error::CannotEdit {
                path: path.clone(),
                reason: "a file is already there".into(),
            },
            _ => failed(err),
        }),
        Expected::Bytes(_) | Expected::Any => fs::rename(&temp.path, &r.target).map_err(failed),
    }
}

/// Puts back the files already renamed; returns those it could not put back, with where
/// their original is kept.
fn roll_back(done: &[&Ready<'_>]) -> Vec<(PathBuf, Option<PathBuf>)> {
    let mut unrestored = Vec::new();
    for r in done.iter().rev() {
        let restored = match &r.original {
            Some(original) => fs::rename(original, &r.target),
            None => fs::remove_file(&r.target),
        };
        if restored.is_err() {
            unrestored.push((r.staged.path.clone(), r.original.clone()));
        }
    }
    unrestored
}

/// Resolves the target, checks what is there, and writes the temporary file (and links the
/// original aside) without touching the target.
fn prepare<'a>(staged: &'a Staged, made: &mut Vec<PathBuf>) -> Result<Ready<'a>, Error> {
    let Some(bytes) = &staged.bytes else {
        return prepare_removal(staged);
    };
    let path = &staged.path;
    let failed = |source: std::io::Error| Error::Write {
        path: path.clone(),
        source,
    };
    let target = match staged.expect {
        Expected::Absent => path.clone(),
        Expected::Bytes(_) => fs::canonicalize(path).map_err(|_| changed(path))?,
        Expected::Any => fs::canonicalize(path).unwrap_or_else(|_| path.clone()),
    };
    let existing = match fs::metadata(&target) {
        Ok(meta) => Some(meta),
        Err(err) if err.kind() == ErrorKind::NotFound => None,
        Err(err) => return Err(failed(err)),
    };
    if let Some(meta) = &existing {
        if !meta.is_file() {
            return Err(Error::CannotEdit {
                path: path.clone(),
                reason: "it is not a regular file".into(),
            });
        }
        if let Some(links) = hard_links(meta) {
            return Err(Error::CannotEdit {
                path: path.clone(),
                reason: format!(
                    "it has {links} names (hard links), and replacing it would split them: the other names would keep the old text\nhelp: make it a file of its own (`cp FILE FILE.new && mv FILE.new FILE`), or a symbolic link, then run this again"
                ),
            });
        }
    }
    let dir = folder_of(&target);
    check_size_limit(bytes.len()).map_err(failed)?;
    if matches!(staged.expect, Expected::Absent) {
        make_folders(&dir, made).map_err(|source| Error::Write {
            path: dir.clone(),
            source,
        })?;
    }
    let temp = TempFile::create(&dir, &target, existing.as_ref()).map_err(failed)?;
    temp.fill(bytes, existing.as_ref())
        .map_err(|err| match err {
            Fill::Io(err) => failed(err),
            Fill::Owner(reason) => Error::CannotEdit {
                path: path.clone(),
                reason,
            },
        })?;
    let original = match (&staged.expect, &existing) {
        (Expected::Absent, _) | (_, None) => None,
        (_, Some(_)) => Some(keep_original(&dir, &target).map_err(failed)?),
    };
    Ok(Ready {
        staged,
        target,
        temp: Some(temp),
        original,
    })
}

/// A file to remove: the name itself (a symbolic link is not followed to remove what it
/// points to), which must be a regular file; its original is linked aside to put it back.
fn prepare_removal(staged: &Staged) -> Result<Ready<'_>, Error> {
    let path = &staged.path;
    let meta = fs::symlink_metadata(path).map_err(|_| changed(path))?;
    if !meta.is_file() {
        return Err(Error::CannotEdit {
            path: path.clone(),
            reason: "it is not a regular file, so it is not removed".into(),
        });
    }
    let original = keep_original(&folder_of(path), path).map_err(|source| Error::Write {
        path: path.clone(),
        source,
    })?;
    Ok(Ready {
        staged,
        target: path.clone(),
        temp: None,
        original: Some(original),
    })
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

/// Makes the folder and any missing above it, recording each made (outermost first).
fn make_folders(dir: &Path, made: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut missing = Vec::new();
    let mut current = dir;
    while fs::symlink_metadata(current).is_err() {
        missing.push(current.to_path_buf());
        match current.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => current = parent,
            _ => break,
        }
    }
    for folder in missing.into_iter().rev() {
        fs::create_dir(&folder)?;
        made.push(folder);
    }
    Ok(())
}

/// The number of names a file has, when it has more than one.
#[cfg(unix)]
fn hard_links(meta: &fs::Metadata) -> Option<u64> {
    use std::os::unix::fs::MetadataExt as _;
    (meta.nlink() > 1).then_some(meta.nlink())
}

#[cfg(not(unix))]
fn hard_links(_meta: &fs::Metadata) -> Option<u64> {
    None
}

/// Refuses, before writing, a file larger than `ulimit -f` allows: the kernel would otherwise
/// kill the process with SIGXFSZ part way through, with no message.
#[cfg(unix)]
fn check_size_limit(len: usize) -> std::io::Result<()> {
    let limit = rustix::process::getrlimit(rustix::process::Resource::Fsize);
    match limit.current {
        Some(max) if len as u64 > max => Err(std::io::Error::new(
            ErrorKind::FileTooLarge,
            format!(
                "File too large: {len} bytes, over the file size limit of {max} bytes (ulimit -f); nothing was written"
            ),
        )),
        _ => Ok(()),
    }
}

#[cfg(not(unix))]
fn check_size_limit(_len: usize) -> std::io::Result<()> {
    Ok(())
}

/// Links the file about to be replaced under a hidden name beside it, to put it back if a
/// later rename of the same transaction fails (no copy: a full disk cannot stop it).
fn keep_original(dir: &Path, target: &Path) -> std::io::Result<PathBuf> {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let pid = std::process::id();
    for attempt in 0..100 {
        let kept = dir.join(format!(".{name}.{pid}.{attempt}.plan-orig"));
        match fs::hard_link(target, &kept) {
            Ok(()) => return Ok(kept),
            Err(err) if err.kind() == ErrorKind::AlreadyExists => continue,
            Err(err) => return Err(err),
        }
    }
    Err(std::io::Error::new(
        ErrorKind::AlreadyExists,
        "no free name to keep the original under",
    ))
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

enum Fill {
    Io(std::io::Error),
    Owner(String),
}

impl TempFile {
    /// Created with the mode of the file it replaces (or the usual mode for a new file), so
    /// it is never more readable than that file, even for a moment.
    fn create(
        dir: &Path,
        target: &Path,
        existing: Option<&fs::Metadata>,
    ) -> std::io::Result<TempFile> {
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let pid = std::process::id();
        for attempt in 0..100 {
            let path = dir.join(format!(".{name}.{pid}.{attempt}.plan-tmp"));
            let mut options = OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            if let Some(meta) = existing {
                use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
                options.mode(meta.permissions().mode() & 0o777);
            }
            #[cfg(not(unix))]
            let _ = existing;
            match options.open(&path) {
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

    /// Gives it the owner, group and exact permissions of the file it replaces (a read-only,
    /// private or group-writable plan file stays so; an edit as root does not make it
    /// root's), writes the bytes and flushes them to disk.
    fn fill(&self, bytes: &[u8], existing: Option<&fs::Metadata>) -> Result<(), Fill> {
        if let Some(meta) = existing {
            self.keep_owner(meta)?;
            self.file
                .set_permissions(meta.permissions())
                .map_err(Fill::Io)?;
        }
        let mut file = &self.file;
        file.write_all(bytes).map_err(Fill::Io)?;
        file.sync_all().map_err(Fill::Io)
    }

    #[cfg(unix)]
    fn keep_owner(&self, meta: &fs::Metadata) -> Result<(), Fill> {
        use std::os::unix::fs::MetadataExt as _;
        let ours = self.file.metadata().map_err(Fill::Io)?;
        if ours.uid() == meta.uid() && ours.gid() == meta.gid() {
            return Ok(());
        }
        std::os::unix::fs::fchown(&self.file, Some(meta.uid()), Some(meta.gid())).map_err(|err| {
            Fill::Owner(format!(
                "replacing it would change its owner or group (user {}, group {}) to this user's, and it cannot keep them ({err})\nhelp: run this as the file's owner",
                meta.uid(),
                meta.gid()
            ))
        })
    }

    #[cfg(not(unix))]
    fn keep_owner(&self, _meta: &fs::Metadata) -> Result<(), Fill> {
        Ok(())
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        // After a rename there is nothing here, and removing fails harmlessly.
        let _ = fs::remove_file(&self.path);
    }
}

/// Fault injection for the tests of this module: fail the Nth rename of a transaction. It
/// exists only in the library's own test build, so no user input can reach it.
mod fault {
    #[cfg(test)]
    thread_local! {
        pub static FAIL_RENAME: std::cell::Cell<Option<usize>> = const { std::cell::Cell::new(None) };
    }

    #[cfg(test)]
    pub fn check(index: usize) -> std::io::Result<()> {
        if FAIL_RENAME.with(std::cell::Cell::get) == Some(index) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::StorageFull,
                "No space left on device (injected)",
            ));
        }
        Ok(())
    }

    #[cfg(not(test))]
    pub fn check(_index: usize) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut out: Vec<String> = walk(dir)
            .into_iter()
            .map(|p| p.strip_prefix(dir).unwrap().display().to_string())
            .collect();
        out.sort();
        out
    }

    fn walk(dir: &Path) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            out.push(path.clone());
            if path.is_dir() {
                out.extend(walk(&path));
            }
        }
        out
    }

    #[test]
    fn multi_file_all_or_nothing_when_a_later_rename_fails() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.toml");
        let b = dir.path().join("b.toml");
        fs::write(&a, "old a\n").unwrap();
        fs::write(&b, "old b\n").unwrap();
        for fail_at in 0..3 {
            let mut tx = Transaction::new();
            tx.stage(&a, b"new a\n".to_vec(), Expect::Bytes(b"old a\n"));
            tx.stage(&b, b"new b\n".to_vec(), Expect::Bytes(b"old b\n"));
            tx.stage(
                dir.path().join("new/c.toml"),
                b"c\n".to_vec(),
                Expect::Absent,
            );
            FAIL_AT.with(|f| f.set(Some(fail_at)));
            let result = tx.commit();
            FAIL_AT.with(|f| f.set(None));
            let err = result.unwrap_err();
            assert_eq!(
                err.to_string(),
                format!(
                    "cannot write {}: No space left on device (injected); nothing was changed (no file of this command was written, or each was put back as it was)",
                    [&a, &b, &dir.path().join("new/c.toml")][fail_at].display()
                )
            );
            assert_eq!(fs::read_to_string(&a).unwrap(), "old a\n", "at {fail_at}");
            assert_eq!(fs::read_to_string(&b).unwrap(), "old b\n", "at {fail_at}");
            assert_eq!(names(dir.path()), ["a.toml", "b.toml"], "at {fail_at}");
        }
        let mut tx = Transaction::new();
        tx.stage(&a, b"new a\n".to_vec(), Expect::Bytes(b"old a\n"));
        tx.stage(
            dir.path().join("new/c.toml"),
            b"c\n".to_vec(),
            Expect::Absent,
        );
        tx.commit().unwrap();
        assert_eq!(fs::read_to_string(&a).unwrap(), "new a\n");
        assert_eq!(names(dir.path()), ["a.toml", "b.toml", "new", "new/c.toml"]);
    }

    use fault::FAIL_RENAME as FAIL_AT;

    #[test]
    fn removals_are_part_of_the_all_or_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.toml");
        let b = dir.path().join("b.toml");
        fs::write(&a, "old a\n").unwrap();
        fs::write(&b, "old b\n").unwrap();
        let stage = || {
            let mut tx = Transaction::new();
            tx.stage(&a, b"new a\n".to_vec(), Expect::Bytes(b"old a\n"));
            tx.remove(&b, b"old b\n");
            tx.stage(dir.path().join("c.toml"), b"c\n".to_vec(), Expect::Absent);
            tx
        };
        for fail_at in 0..3 {
            let tx = stage();
            FAIL_AT.with(|f| f.set(Some(fail_at)));
            let result = tx.commit();
            FAIL_AT.with(|f| f.set(None));
            assert!(result.is_err(), "at {fail_at}");
            assert_eq!(fs::read_to_string(&a).unwrap(), "old a\n", "at {fail_at}");
            assert_eq!(fs::read_to_string(&b).unwrap(), "old b\n", "at {fail_at}");
            assert_eq!(names(dir.path()), ["a.toml", "b.toml"], "at {fail_at}");
        }
        // Changed since read: not removed.
        fs::write(&b, "edited b\n").unwrap();
        let err = stage().commit().unwrap_err();
        assert!(matches!(err, Error::ChangedOnDisk(_)), "{err}");
        assert_eq!(names(dir.path()), ["a.toml", "b.toml"]);
        fs::write(&b, "old b\n").unwrap();
        stage().commit().unwrap();
        assert_eq!(names(dir.path()), ["a.toml", "c.toml"]);
        assert_eq!(fs::read_to_string(&a).unwrap(), "new a\n");
    }

    #[cfg(unix)]
    #[test]
    fn a_removal_never_follows_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.toml");
        fs::write(&real, "x\n").unwrap();
        std::os::unix::fs::symlink(&real, dir.path().join("link.toml")).unwrap();
        let mut tx = Transaction::new();
        tx.remove(dir.path().join("link.toml"), b"x\n");
        let err = tx.commit().unwrap_err();
        assert!(err.to_string().contains("not a regular file"), "{err}");
        assert_eq!(names(dir.path()), ["link.toml", "real.toml"]);
    }

    #[cfg(unix)]
    #[test]
    fn mode_kept_and_temp_file_never_more_readable() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("private.toml");
        fs::write(&path, "old\n").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        let meta = fs::metadata(&path).unwrap();
        let temp = TempFile::create(dir.path(), &path, Some(&meta)).unwrap();
        let mode = fs::metadata(&temp.path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "created private, before a byte is written");
        drop(temp);
        write_atomic(&path, b"new\n", Expect::Bytes(b"old\n")).unwrap();
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }

    #[cfg(unix)]
    #[test]
    fn hard_links_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        fs::write(&path, "old\n").unwrap();
        fs::hard_link(&path, dir.path().join("b.toml")).unwrap();
        let err = write_atomic(&path, b"new\n", Expect::Bytes(b"old\n")).unwrap_err();
        assert!(
            err.to_string()
                .contains("it has 2 names (hard links), and replacing it would split them"),
            "{err}"
        );
        assert_eq!(
            fs::read_to_string(dir.path().join("b.toml")).unwrap(),
            "old\n"
        );
        assert_eq!(names(dir.path()), ["a.toml", "b.toml"]);
    }
}
