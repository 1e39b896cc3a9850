//! The one owner of stderr (after cargo's `Shell`): every diagnostic, note and warning a
//! command prints goes through [`eprint_line`], and the answer's stdout through [`PipeGuard`].
//! A reader that has gone away (`plan list 2>&1 | head`, or stderr closed) is never a panic
//! and never changes the exit code: the message that cannot be shown is dropped. This module
//! imports nothing from the crate, so any layer may print through it.

use std::io::Write;

/// Makes a write past the file size limit (`ulimit -f`) fail with `File too large` (then
/// reported, exit 2) instead of the kernel killing the command with SIGXFSZ, with no message
/// and perhaps half a file written: for stdout redirected to a file, the lock file, anything.
/// Edits and `-o` files also check the limit before writing a byte (`edit::write_atomic`).
pub fn ignore_file_size_signal() {
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to SIG_IGN installs no handler, touches no
    // memory, and is what std itself does for SIGPIPE at start.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}

/// Writes `text` and a newline to stderr, ignoring failure: `eprintln!` panics when stderr is
/// a closed pipe, and a message that cannot be shown must not change the exit code.
pub fn eprint_line(text: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}

/// Stdout that stops writing, quietly, once its reader has gone: every later write succeeds
/// and is dropped, so the command runs to its end and returns its own exit code. Any other
/// write error (a full disk) is still an error.
pub struct PipeGuard<W: Write> {
    inner: W,
    closed: bool,
}

impl<W: Write> PipeGuard<W> {
    pub fn new(inner: W) -> Self {
        PipeGuard {
            inner,
            closed: false,
        }
    }

    fn guard<R>(&mut self, ok: R, result: std::io::Result<R>) -> std::io::Result<R> {
        match result {
            Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(ok)
            }
            other => other,
        }
    }
}

impl<W: Write> Write for PipeGuard<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        let result = self.inner.write(buf);
        self.guard(buf.len(), result)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let result = self.inner.flush();
        self.guard((), result)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Closed;

    impl Write for Closed {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Err(std::io::ErrorKind::BrokenPipe.into())
        }
    }

    #[test]
    fn a_closed_reader_swallows_writes_and_other_errors_stay_errors() {
        let mut out = PipeGuard::new(Closed);
        assert_eq!(out.write(b"abc").unwrap(), 3);
        assert!(out.flush().is_ok());
        let mut full = PipeGuard::new(Full);
        assert!(full.write(b"x").is_err());
    }

    struct Full;
    impl Write for Full {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disk full"))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
}
