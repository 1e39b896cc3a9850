//! Where plan files come from and which are read: the working tree or a snapshot in memory,
//! the folder walk (hidden entries skipped, symlinks followed only inside the plan folder,
//! depth bounded), and reading one file (size limit, UTF-8, byte-order mark).

use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use super::{Loader, MAX_DEPTH, MAX_FILE_BYTES, OWNERS_FILE, PLAN_FILE};
use crate::diag::{Diagnostic, FileId, Rule, SourceFile};
use crate::text::escape;

/// Where a plan's file bytes come from: the working tree, or files held in memory (one git
/// revision, read by [`crate::git`] and never checked out to disk, or the built-in seed plan of
/// [`crate::seed`]). Everything else about loading is the same.
#[derive(Debug, Default)]
pub enum Snapshot {
    #[default]
    WorkTree,
    /// Regular files, keyed by the path they would have in the working tree (the plan folder
    /// joined with their path inside it).
    Files(BTreeMap<PathBuf, Vec<u8>>),
    /// The working tree with these files' bytes in place of what is on disk: how
    /// [`crate::edit`] checks the plan an edit would leave before writing anything. The
    /// folders are walked on disk, so every path here must name a file that exists there.
    Overlay(BTreeMap<PathBuf, Vec<u8>>),
}

impl Snapshot {
    pub(super) fn is_file(&self, path: &Path) -> bool {
        match self {
            Snapshot::WorkTree => path.is_file(),
            Snapshot::Files(files) => files.contains_key(path),
            Snapshot::Overlay(files) => files.contains_key(path) || path.is_file(),
        }
    }

    pub(super) fn read_text(&self, path: &Path) -> Result<String, ReadProblem> {
        match self {
            Snapshot::WorkTree => read_text(path),
            Snapshot::Overlay(files) => match files.get(path) {
                Some(bytes) => decode_text(bytes.clone()),
                None => read_text(path),
            },
            Snapshot::Files(files) => match files.get(path) {
                Some(bytes) => decode_text(bytes.clone()),
                None => Err(ReadProblem {
                    rule: Rule::Io,
                    message: "cannot read: no such file".into(),
                }),
            },
        }
    }

    /// For files in memory, the `*.toml` files below `dir` by the rules of
    /// [`Loader::collect_toml_files`] (no hidden entries, not the top `plan.toml`/`owners.toml`);
    /// `None` for the working tree, which is walked on disk.
    pub(super) fn toml_files(&self, dir: &Path) -> Option<Vec<PathBuf>> {
        let Snapshot::Files(files) = self else {
            return None;
        };
        let wanted = |path: &Path| {
            let Ok(inner) = path.strip_prefix(dir) else {
                return false;
            };
            let hidden = inner
                .components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
            let top = inner == Path::new(PLAN_FILE) || inner == Path::new(OWNERS_FILE);
            !hidden && !top && path.extension().is_some_and(|ext| ext == "toml")
        };
        Some(files.keys().filter(|p| wanted(p)).cloned().collect())
    }
}

impl Loader {
    /// Every `*.toml` below the plan folder except `plan.toml` and `owners.toml` at its top.
    /// Hidden entries are skipped; symlinks are followed only within the plan folder.
    pub(super) fn collect_toml_files(&mut self, dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
        if let Some(files) = self.snapshot.toml_files(dir) {
            out.extend(files);
            return;
        }
        if depth > MAX_DEPTH {
            self.report(Diagnostic::new(
                Rule::Io,
                format!(
                    "{}: folders nested more than {MAX_DEPTH} deep are not searched",
                    display_path(&self.base, dir)
                ),
            ));
            return;
        }
        if !self
            .searched
            .insert(dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf()))
        {
            return;
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(err) => {
                self.report(Diagnostic::new(
                    Rule::Io,
                    format!(
                        "{}: cannot read folder: {err}",
                        display_path(&self.base, dir)
                    ),
                ));
                return;
            }
        };
        let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
        entries.sort_by_key(std::fs::DirEntry::file_name);
        for entry in entries {
            let path = entry.path();
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') || (depth == 0 && (name == PLAN_FILE || name == OWNERS_FILE)) {
                continue;
            }
            let Some(kind) = self.entry_kind(&path) else {
                continue;
            };
            if kind.is_dir() {
                self.collect_toml_files(&path, depth + 1, out);
            } else if path.extension().is_some_and(|ext| ext == "toml") {
                if !kind.is_file() {
                    // A FIFO or device would block or never end on reading.
                    self.report(Diagnostic::new(
                        Rule::Io,
                        format!(
                            "{}: not a regular file; not read",
                            display_path(&self.base, &path)
                        ),
                    ));
                } else if self
                    .searched
                    .insert(path.canonicalize().unwrap_or_else(|_| path.clone()))
                {
                    out.push(path);
                }
            }
        }
    }

    /// The type of a folder entry, following a symlink only if it stays inside the plan
    /// folder; `None` (reported) for links that leave it or cannot be resolved.
    pub(super) fn entry_kind(&mut self, path: &Path) -> Option<std::fs::FileType> {
        let link = std::fs::symlink_metadata(path).ok()?;
        if !link.file_type().is_symlink() {
            return Some(link.file_type());
        }
        let shown = display_path(&self.base, path);
        let inside = match (path.canonicalize(), self.dir.canonicalize()) {
            (Ok(target), Ok(root)) => target.starts_with(&root),
            _ => {
                self.report(Diagnostic::new(
                    Rule::Io,
                    format!("{shown}: symbolic link cannot be resolved (broken or a loop)"),
                ));
                return None;
            }
        };
        if !inside {
            self.report(Diagnostic::new(
                Rule::Io,
                format!("{shown}: symbolic link points outside the plan folder; not followed"),
            ));
            return None;
        }
        let kind = std::fs::metadata(path).ok()?.file_type();
        let target = path.canonicalize().ok()?;
        let encloses_link = path
            .parent()
            .and_then(|parent| parent.canonicalize().ok())
            .is_some_and(|parent| parent.starts_with(&target));
        if kind.is_dir() && encloses_link {
            self.report(Diagnostic::new(
                Rule::Io,
                format!(
                    "{shown}: symbolic link leads back into a folder already searched; not followed"
                ),
            ));
            return None;
        }
        Some(kind)
    }
}

/// A file's entry for the source map (empty text if unreadable) and, if it could not be
/// read, the diagnostic saying why. `file` is the id the entry will have.
pub(super) fn read_source(
    snapshot: &Snapshot,
    base: &Path,
    path: &Path,
    file: FileId,
) -> (SourceFile, Option<Diagnostic>) {
    let display = display_path(base, path);
    match snapshot.read_text(path) {
        Ok(text) => (SourceFile::new(path.to_path_buf(), display, text), None),
        Err(problem) => {
            let diagnostic =
                Diagnostic::new(problem.rule, format!("{display}: {}", problem.message))
                    .at(file, 0..0);
            (
                SourceFile::new(path.to_path_buf(), display, String::new()),
                Some(diagnostic),
            )
        }
    }
}

pub(super) struct ReadProblem {
    pub(super) rule: Rule,
    pub(super) message: String,
}

pub(super) fn read_text(path: &Path) -> Result<String, ReadProblem> {
    let io = |err: std::io::Error| ReadProblem {
        rule: Rule::Io,
        message: format!("cannot read: {err}"),
    };
    let file = std::fs::File::open(path).map_err(io)?;
    // Refuse by size before reading anything; `take` below still guards files that grow.
    if file.metadata().map_err(io)?.len() > MAX_FILE_BYTES {
        return Err(too_big());
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    decode_text(bytes)
}

pub(super) fn too_big() -> ReadProblem {
    ReadProblem {
        rule: Rule::Io,
        message: format!(
            "file is larger than {} MiB; refused unread (is it really a plan file?)",
            MAX_FILE_BYTES / 1024 / 1024
        ),
    }
}

/// A file's bytes as text: within the size limit, UTF-8, byte-order mark removed.
pub(super) fn decode_text(mut bytes: Vec<u8>) -> Result<String, ReadProblem> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big());
    }
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3); // a byte-order mark; not a copy of the whole file
    }
    String::from_utf8(bytes).map_err(|err| ReadProblem {
        rule: Rule::Parse,
        message: format!(
            "not valid UTF-8 (byte {} is not part of a character); save the file as UTF-8",
            err.utf8_error().valid_up_to()
        ),
    })
}

/// `path` relative to `base`, with `/` separators, for messages and JSON. Control characters
/// in file names are escaped: a name is plan text too, and must not drive a terminal.
pub(super) fn display_path(base: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(base).unwrap_or(path);
    relative
        .components()
        .map(|c| escape(&c.as_os_str().to_string_lossy()))
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whoever runs the tests (root ignores file permissions), a file that cannot be read is an
    /// `io` finding naming the file, and loading carries on. A folder with a file's name
    /// cannot be read as text by anyone.
    #[test]
    fn a_file_that_cannot_be_read_is_an_io_finding() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("plan").join("area.toml");
        std::fs::create_dir_all(&path).unwrap();
        let (source, problem) = read_source(&Snapshot::WorkTree, tmp.path(), &path, FileId(3));
        let problem = problem.expect("a folder is not readable as a file");
        assert_eq!(problem.rule, Rule::Io);
        assert!(
            problem.message.starts_with("plan/area.toml: cannot read: "),
            "{}",
            problem.message
        );
        assert_eq!(problem.place.map(|p| p.file), Some(FileId(3)));
        assert_eq!(source.text, "");
        assert_eq!(source.display, "plan/area.toml");
    }

    #[test]
    fn text_is_utf8_without_its_byte_order_mark() {
        assert_eq!(
            decode_text(b"\xEF\xBB\xBFid = 1".to_vec()).ok().unwrap(),
            "id = 1"
        );
        let bad = decode_text(b"ab\xFFc".to_vec()).err().unwrap();
        assert_eq!(bad.rule, Rule::Parse);
        assert!(bad.message.contains("byte 2"), "{}", bad.message);
    }

    #[test]
    fn shown_paths_are_relative_and_inert() {
        let base = Path::new("/x");
        assert_eq!(
            display_path(base, Path::new("/x/plan/a.toml")),
            "plan/a.toml"
        );
        assert_eq!(
            display_path(base, Path::new("/x/plan/a\u{1b}b.toml")),
            "plan/a\\u{1b}b.toml"
        );
    }

    #[test]
    fn a_snapshot_lists_its_plan_files_only() {
        let dir = PathBuf::from("/p/plan");
        let files: BTreeMap<PathBuf, Vec<u8>> = [
            "plan.toml",
            "owners.toml",
            "a/01.toml",
            "a/notes.md",
            ".hidden/x.toml",
            "b/owners.toml",
        ]
        .into_iter()
        .map(|f| (dir.join(f), Vec::new()))
        .collect();
        let found = Snapshot::Files(files).toml_files(&dir).unwrap();
        assert_eq!(found, [dir.join("a/01.toml"), dir.join("b/owners.toml")]);
    }
}
