//! Writing a finished output file (`-o`): regular files through the one atomic writer,
//! FIFOs and devices directly. Where a file may be written is [`crate::paths`]' policy,
//! re-exported here for the commands that write outputs.

use std::path::Path;

use crate::error::Error;
pub use crate::paths::{plan_folder, refuse_inside_plan, refuse_outside_plan, resolve};

/// Writes a finished output file (rendered in full first). A regular file (or none) is
/// replaced through the one atomic writer, a temporary file beside where the path resolves,
/// so a failed write (a full disk, a size limit) leaves the file that was there as it was,
/// and never half a report. Anything else (a FIFO, a device such as `/dev/null`, a terminal,
/// a `/proc/self/fd` link) is written to directly: replacing it with a regular file would
/// break it (as root, `-o /dev/null` would replace the machine's `/dev/null`).
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let failed = |source: std::io::Error| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Err(failed(std::io::Error::new(
            std::io::ErrorKind::IsADirectory,
            "it is a folder",
        ))),
        Ok(meta) if !meta.is_file() => {
            use std::io::Write as _;
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(failed)?;
            file.write_all(bytes)
                .and_then(|()| file.flush())
                .map_err(failed)
        }
        _ => crate::edit::write_atomic(&resolve(path), bytes, crate::edit::Expect::Any).map_err(
            |err| match err {
                Error::Write { source, .. } => failed(source),
                other => other,
            },
        ),
    }
}
