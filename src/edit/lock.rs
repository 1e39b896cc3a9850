//! The plan's one write lock: every command that writes plan files holds it from reading the
//! files to the last rename (and the commit), so two writers of one plan never interleave.
//!
//! It is an advisory lock (`flock`, through `fs4`) on `.plan.lock` beside `plan.toml`. The
//! name starts with a dot, so the loader never reads it as plan data (hidden entries are
//! skipped, in the working tree and at a revision), and it is there only while a write is in
//! progress: the holder removes it before letting go. A crashed holder leaves at most an
//! unlocked file, which the next writer takes over (the kernel drops the lock with the
//! process). The file holds the holder's process id and command line, so a writer that gives
//! up can say who it waited for.
//!
//! A second writer waits up to [`DEFAULT_WAIT`] (or `PLAN_LOCK_WAIT` seconds), then stops with
//! [`Error::Locked`] (exit 2) and nothing written.

use std::fs::{File, OpenOptions};
use std::io::{Read as _, Seek as _, Write as _};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::Error;

/// The lock file's name, in the plan folder.
pub const LOCK_FILE: &str = ".plan.lock";

/// How long a writer waits for another to finish before giving up.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(10);

/// The environment variable that overrides [`DEFAULT_WAIT`], in seconds (`0`: do not wait).
pub const WAIT_VAR: &str = "PLAN_LOCK_WAIT";

/// The plan's write lock, held until dropped.
#[derive(Debug)]
pub struct PlanLock {
    path: PathBuf,
    file: File,
}

/// Takes the write lock of the plan folder `plan_dir`, waiting a bounded time for another
/// writer to finish. Take it before reading the files the command will change.
pub fn lock(plan_dir: &Path) -> Result<PlanLock, Error> {
    lock_with_wait(plan_dir, wait()?)
}

/// [`lock`], waiting at most `wait`.
pub fn lock_with_wait(plan_dir: &Path, wait: Duration) -> Result<PlanLock, Error> {
    let path = plan_dir.join(LOCK_FILE);
    let shown = path.display().to_string();
    let cannot = |source: std::io::Error| Error::Io {
        what: format!("cannot take the plan's write lock {shown}"),
        source,
    };
    let start = Instant::now();
    let mut pause = Duration::from_millis(5);
    loop {
        let file = open(&path).map_err(|err| match err.kind() {
            std::io::ErrorKind::InvalidInput => {
                Error::Usage(format!("cannot take the plan's write lock: {err}"))
            }
            std::io::ErrorKind::PermissionDenied => Error::Usage(format!(
                "cannot take the plan's write lock {}: {err}; nothing was written\nhelp: another user's command holds it, or left it when it stopped; when none is running, remove it (it holds nothing of the plan)",
                path.display()
            )),
            _ => cannot(err),
        })?;
        match fs4::FileExt::try_lock(&file) {
            Ok(()) => {
                // The holder before us may have removed the file between our open and our
                // lock: then we hold a lock nobody else can see. Start again on the file now
                // at the path.
                if same_file(&file, &path) {
                    let mut lock = PlanLock { path, file };
                    // Who holds it is for messages only: a lock file this user may only
                    // read (another user's writer stopped half way), a full disk or
                    // `ulimit -f 0` must not stop the command here.
                    let _ = lock.record_holder();
                    return Ok(lock);
                }
            }
            Err(fs4::TryLockError::WouldBlock) => {
                if start.elapsed() >= wait {
                    return Err(Error::Locked {
                        path,
                        holder: holder(&file),
                        waited: wait,
                    });
                }
                std::thread::sleep(pause.min(wait.saturating_sub(start.elapsed())));
                pause = (pause * 2).min(Duration::from_millis(100));
            }
            Err(fs4::TryLockError::Error(err)) => return Err(cannot(err)),
        }
    }
}

/// Opens (or makes) the lock file, refusing anything that is not a lock file of its own: a
/// symbolic link is not followed and a FIFO never blocks (a link `.plan.lock -> a/hs.toml`,
/// committed or planted, would otherwise have the holder's line written over a plan file),
/// and a regular file with other names (hard links) is refused before a byte is written.
/// Such a refusal is `InvalidInput`, saying what is there.
fn open(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let not_ours = |what: &str| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!(
                "{} is {what}, not a lock file of its own, and is never written through; nothing was written\nhelp: remove it (it holds nothing of the plan) and run this again",
                path.display()
            ),
        )
    };
    let opened = match options.open(path) {
        // Another user's lock file, left by a writer that stopped: a lock needs no write
        // access, so it is taken read-only (and removed on release, as the folder allows).
        Err(err) if err.kind() == std::io::ErrorKind::PermissionDenied => {
            options.write(false).create(false).open(path)
        }
        other => other,
    };
    let file = match opened {
        Ok(file) => file,
        Err(_) if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) => {
            return Err(not_ours("a symbolic link"));
        }
        Err(err) => return Err(err),
    };
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(not_ours("not a regular file"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        if meta.nlink() > 1 {
            return Err(not_ours(&format!(
                "a file with {} names (hard links)",
                meta.nlink()
            )));
        }
    }
    Ok(file)
}

/// The wait from `PLAN_LOCK_WAIT`, or the default.
fn wait() -> Result<Duration, Error> {
    let Some(text) = std::env::var_os(WAIT_VAR) else {
        return Ok(DEFAULT_WAIT);
    };
    text.to_str()
        .and_then(|t| t.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && (0.0..=86_400.0).contains(s))
        .map(Duration::from_secs_f64)
        .ok_or_else(|| {
            Error::Usage(format!(
                "invalid {WAIT_VAR} \"{}\": give the seconds to wait for another writer of the plan, 0 to 86400",
                crate::text::escape(&text.to_string_lossy())
            ))
        })
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(held), Ok(there)) => held.dev() == there.dev() && held.ino() == there.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

/// What the holder wrote about itself, cut short. It is plan text (a command line), made
/// safe to show where every error is shown (`crate::run` escapes it for the terminal).
fn holder(file: &File) -> Option<String> {
    let mut text = String::new();
    file.take(1024).read_to_string(&mut text).ok()?;
    let text = text.trim();
    (!text.is_empty()).then(|| crate::text::terminal_safe(text))
}

impl PlanLock {
    /// Writes who holds the lock: `pid 4242: plan set hs-1 --due June 2004`.
    fn record_holder(&mut self) -> std::io::Result<()> {
        let command: Vec<String> = std::env::args_os()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        let mut command = command.join(" ");
        if command.len() > 200 {
            let cut = (0..=200).rev().find(|&i| command.is_char_boundary(i));
            command.truncate(cut.unwrap_or(0));
            command.push('…');
        }
        self.file.set_len(0)?;
        self.file.rewind()?;
        writeln!(self.file, "pid {}: {command}", std::process::id())
    }

    /// Where the lock file is.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for PlanLock {
    fn drop(&mut self) {
        // Removed while still locked, so a writer waiting on this file notices it is gone
        // (see `same_file`) and no two writers ever hold locks on different files.
        let _ = std::fs::remove_file(&self.path);
        let _ = fs4::FileExt::unlock(&self.file);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_waits_then_names_the_holder() {
        let dir = tempfile::tempdir().unwrap();
        let held = lock_with_wait(dir.path(), Duration::ZERO).unwrap();
        let text = std::fs::read_to_string(held.path()).unwrap();
        assert!(
            text.starts_with(&format!("pid {}: ", std::process::id())),
            "{text}"
        );
        let start = Instant::now();
        let second = lock_with_wait(dir.path(), Duration::from_millis(200));
        assert!(start.elapsed() >= Duration::from_millis(200));
        match second {
            Err(Error::Locked { holder, .. }) => assert_eq!(holder.as_deref(), Some(text.trim())),
            other => panic!("{other:?}"),
        }
        drop(held);
        assert!(!dir.path().join(LOCK_FILE).exists(), "removed on release");
        let again = lock_with_wait(dir.path(), Duration::ZERO).unwrap();
        drop(again);
    }
}
