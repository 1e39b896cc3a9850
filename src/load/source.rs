//! Where plan files come from and which are read: ONE policy for every source of file bytes
//! — the working tree, a git revision held in memory, the built-in seed plan, an edit's
//! overlay. The folder walk ([`collect_toml_files`]), symbolic links, hidden entries, the size
//! limit and the encoding rules are written once, over [`Snapshot`]'s small file-system
//! interface, so `plan diff HEAD` on a clean working tree loads exactly the files the
//! revision has.

use std::collections::{BTreeMap, HashSet};
use std::ffi::OsString;
use std::io::Read as _;
use std::path::{Component, Path, PathBuf};

use super::{MAX_DEPTH, MAX_FILE_BYTES, OWNERS_FILE, PLAN_FILE};
use crate::diag::{Diagnostic, FileId, Rule, SourceFile};
use crate::text::escape;

/// Symbolic links followed in a row before a path counts as a loop (Linux's own limit).
const MAX_LINK_HOPS: usize = 40;

/// Where a plan's file bytes come from: the working tree, or files held in memory (one git
/// revision, read by [`crate::git`] and never checked out to disk, or the built-in seed plan of
/// [`crate::seed`]). Everything else about loading is the same.
#[derive(Debug, Default)]
pub enum Snapshot {
    #[default]
    WorkTree,
    Files(MemTree),
    /// The working tree with these files' bytes in place of what is on disk: how
    /// [`crate::edit`] checks the plan an edit would leave before writing anything. The
    /// folders are walked on disk, so every path here must name a file that exists there.
    Overlay(BTreeMap<PathBuf, Vec<u8>>),
}

/// Files and symbolic links held in memory, keyed by the path they would have in the working
/// tree (the plan folder joined with their path inside it). Folders are implied by the paths.
#[derive(Debug, Default)]
pub struct MemTree {
    /// The plan folder: paths that resolve outside it are outside the snapshot.
    root: PathBuf,
    entries: BTreeMap<PathBuf, MemEntry>,
    /// How many entries are links: with none, a path is its own canonical form (a walk
    /// resolves every file's path at every version).
    links: usize,
}

#[derive(Debug)]
pub enum MemEntry {
    File(Blob),
    /// A symbolic link and its target, as stored.
    Link(PathBuf),
}

#[derive(Debug)]
pub enum Blob {
    /// Shared with the reader that holds it (a history walk keeps each file version once
    /// for every version of the plan that has it, rather than a copy in each).
    Bytes(std::sync::Arc<Vec<u8>>),
    /// Larger than [`MAX_FILE_BYTES`]: its size was known before reading, so it was not read.
    TooBig(u64),
    /// A file the plan cannot need (not `*.toml`, no link reaches it): listed, never read.
    Unread,
}

impl MemTree {
    pub fn new(root: PathBuf) -> Self {
        MemTree {
            root,
            entries: BTreeMap::new(),
            links: 0,
        }
    }

    /// A tree of regular files (the built-in plan, tests).
    pub fn with_files(root: PathBuf, files: impl IntoIterator<Item = (PathBuf, Vec<u8>)>) -> Self {
        let mut tree = MemTree::new(root);
        for (path, bytes) in files {
            tree.insert(path, MemEntry::File(Blob::Bytes(bytes.into())));
        }
        tree
    }

    pub fn insert(&mut self, path: PathBuf, entry: MemEntry) {
        let is_link = |entry: &MemEntry| matches!(entry, MemEntry::Link(_));
        self.links += usize::from(is_link(&entry));
        if let Some(old) = self.entries.insert(path, entry) {
            self.links -= usize::from(is_link(&old));
        }
    }

    pub fn get(&self, path: &Path) -> Option<&MemEntry> {
        self.entries.get(path)
    }

    pub fn paths(&self) -> impl Iterator<Item = &PathBuf> {
        self.entries.keys()
    }

    fn is_dir(&self, path: &Path) -> bool {
        self.entries
            .range::<Path, _>((std::ops::Bound::Excluded(path), std::ops::Bound::Unbounded))
            .next()
            .is_some_and(|(p, _)| p.starts_with(path))
    }

    fn children(&self, dir: &Path) -> Vec<OsString> {
        let mut names: Vec<OsString> = self
            .entries
            .range::<Path, _>((std::ops::Bound::Excluded(dir), std::ops::Bound::Unbounded))
            .take_while(|(p, _)| p.starts_with(dir))
            .filter_map(|(p, _)| p.strip_prefix(dir).ok()?.components().next())
            .map(|c| c.as_os_str().to_owned())
            .collect();
        names.dedup();
        names
    }

    /// The path with every symbolic link in it resolved, `.` and `..` applied; `None` for a
    /// dangling link or a loop. Absolute link targets name a place on some other machine's
    /// disk, so they resolve to themselves (outside any plan folder).
    pub fn canonical(&self, path: &Path) -> Option<PathBuf> {
        let plain = |c: Component<'_>| !matches!(c, Component::CurDir | Component::ParentDir);
        if self.links == 0 && path.components().all(plain) {
            let done: PathBuf = path.components().collect();
            let known = self.entries.contains_key(&done) || self.is_dir(&done);
            return (known || !done.starts_with(&self.root)).then_some(done);
        }
        let mut pending: Vec<OsString> = path
            .components()
            .rev()
            .map(|c| c.as_os_str().to_owned())
            .collect();
        let mut done = PathBuf::new();
        let mut hops = 0;
        while let Some(part) = pending.pop() {
            match Path::new(&part).components().next() {
                Some(Component::CurDir) => continue,
                Some(Component::ParentDir) => {
                    done.pop();
                    continue;
                }
                _ => {}
            }
            done.push(&part);
            if let Some(MemEntry::Link(target)) = self.entries.get(&done) {
                hops += 1;
                if hops > MAX_LINK_HOPS || target.has_root() {
                    return (target.has_root() && hops <= MAX_LINK_HOPS).then(|| target.clone());
                }
                done.pop();
                pending.extend(target.components().rev().map(|c| c.as_os_str().to_owned()));
            }
        }
        // Outside the plan folder the snapshot holds nothing, but the place is real: the
        // caller refuses it as outside, as the working tree does.
        let known = self.entries.contains_key(&done) || self.is_dir(&done);
        (known || !done.starts_with(&self.root)).then_some(done)
    }
}

/// What a path is, links followed or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    File,
    Dir,
    Link,
    /// A FIFO, socket or device: reading it could block for ever.
    Other,
}

impl Snapshot {
    /// What `path` itself is (a link is [`Kind::Link`]); `None` when there is nothing.
    fn lstat(&self, path: &Path) -> Option<Kind> {
        match self {
            Snapshot::WorkTree | Snapshot::Overlay(_) => {
                let t = std::fs::symlink_metadata(path).ok()?.file_type();
                Some(kind_of(t))
            }
            Snapshot::Files(tree) => match tree.get(path) {
                Some(MemEntry::File(_)) => Some(Kind::File),
                Some(MemEntry::Link(_)) => Some(Kind::Link),
                None => tree.is_dir(path).then_some(Kind::Dir),
            },
        }
    }

    /// What `path` leads to, links followed; `None` when nothing (or a dangling link).
    pub fn stat(&self, path: &Path) -> Option<Kind> {
        match self {
            Snapshot::Overlay(files) if files.contains_key(path) => Some(Kind::File),
            Snapshot::WorkTree | Snapshot::Overlay(_) => {
                Some(kind_of(std::fs::metadata(path).ok()?.file_type()))
            }
            Snapshot::Files(tree) => {
                let real = tree.canonical(path)?;
                self.lstat(&real)
            }
        }
    }

    pub fn is_file(&self, path: &Path) -> bool {
        self.stat(path) == Some(Kind::File)
    }

    fn canonical(&self, path: &Path) -> Option<PathBuf> {
        match self {
            Snapshot::WorkTree | Snapshot::Overlay(_) => path.canonicalize().ok(),
            Snapshot::Files(tree) => tree.canonical(path),
        }
    }

    /// Names in a folder, sorted by name.
    fn list(&self, dir: &Path) -> Result<Vec<OsString>, String> {
        let mut names = match self {
            Snapshot::WorkTree | Snapshot::Overlay(_) => std::fs::read_dir(dir)
                .map_err(|err| err.to_string())?
                .filter_map(Result::ok)
                .map(|e| e.file_name())
                .collect(),
            Snapshot::Files(tree) => tree.children(dir),
        };
        names.sort();
        Ok(names)
    }

    /// A file's text, by the size and encoding rules.
    pub fn read_text(&self, path: &Path) -> Result<String, ReadProblem> {
        let tree = match self {
            Snapshot::WorkTree => return read_text(path),
            Snapshot::Overlay(files) => {
                return match files.get(path) {
                    Some(bytes) => decode_text(bytes.clone()),
                    None => read_text(path),
                };
            }
            Snapshot::Files(tree) => tree,
        };
        let missing = || ReadProblem {
            rule: Rule::Io,
            message: "cannot read: no such file".into(),
        };
        let real = tree.canonical(path).ok_or_else(missing)?;
        match tree.get(&real) {
            Some(MemEntry::File(Blob::Bytes(bytes))) => decode_text(bytes.as_ref().clone()),
            Some(MemEntry::File(Blob::TooBig(_))) => Err(too_big()),
            _ => Err(missing()),
        }
    }

    /// Whether the file at `path` reads as `text`, as [`Snapshot::read_text`] would give it:
    /// compared byte for byte where the snapshot holds the bytes, without decoding a copy
    /// (a history walk asks this of every file at every version).
    pub fn reads_as(&self, path: &Path, text: &str) -> bool {
        let Snapshot::Files(tree) = self else {
            return self.read_text(path).is_ok_and(|read| read == text);
        };
        let Some(real) = tree.canonical(path) else {
            return false;
        };
        match tree.get(&real) {
            Some(MemEntry::File(Blob::Bytes(bytes))) => {
                // What `decode_text` accepts: within the limit, a byte-order mark left out;
                // equal to a `str`'s bytes, so UTF-8.
                bytes.len() as u64 <= MAX_FILE_BYTES
                    && bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes) == text.as_bytes()
            }
            _ => false,
        }
    }
}

fn kind_of(t: std::fs::FileType) -> Kind {
    if t.is_symlink() {
        Kind::Link
    } else if t.is_dir() {
        Kind::Dir
    } else if t.is_file() {
        Kind::File
    } else {
        Kind::Other
    }
}

/// Why a file could not be read, as a diagnostic's rule and message.
pub struct ReadProblem {
    pub rule: Rule,
    pub message: String,
}

fn read_text(path: &Path) -> Result<String, ReadProblem> {
    let io = |err: std::io::Error| ReadProblem {
        rule: Rule::Io,
        message: format!("cannot read: {err}"),
    };
    let file = std::fs::File::open(path).map_err(io)?;
    // Refuse by size before reading anything; `take` below still guards files that grow.
    let meta = file.metadata().map_err(io)?;
    if !meta.is_file() {
        return Err(ReadProblem {
            rule: Rule::Io,
            message: "not a regular file; not read".into(),
        });
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_big());
    }
    // Sized from the metadata (+1 to see the end without growing): `take` hides the size
    // from `read_to_end`, which then doubled its way up and kept up to twice each file's
    // size for the life of the plan (11 MB of 33 at 100k actions).
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0) + 1);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    decode_text(bytes)
}

fn too_big() -> ReadProblem {
    ReadProblem {
        rule: Rule::Io,
        message: format!(
            "file is larger than {} MiB; refused unread (is it really a plan file?)",
            MAX_FILE_BYTES / 1024 / 1024
        ),
    }
}

/// A file's bytes as text: within the size limit, UTF-8, byte-order mark removed.
fn decode_text(mut bytes: Vec<u8>) -> Result<String, ReadProblem> {
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

/// Whether a name is hidden (`.git`, editor swap files, drafts): never part of the plan.
pub fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().starts_with(b".")
}

/// Whether `path`, inside the resolved plan folder `root`, is hidden or in a hidden folder.
pub fn hidden_inside(root: &Path, path: &Path) -> bool {
    path.strip_prefix(root)
        .is_ok_and(|inside| inside.components().any(|c| is_hidden(c.as_os_str())))
}

/// Every `*.toml` below the plan folder `dir` except `plan.toml` and `owners.toml` at its top,
/// sorted; with a diagnostic (unlocated) for each entry that is refused. Hidden entries are
/// skipped; symbolic links are followed only within the plan folder; every folder and file is
/// visited once, by its resolved path. `show` turns a path into what messages show.
pub fn collect_toml_files(
    snapshot: &Snapshot,
    dir: &Path,
    show: &dyn Fn(&Path) -> String,
) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut walk = Walk {
        snapshot,
        root: snapshot.canonical(dir),
        show,
        searched: HashSet::new(),
        files: Vec::new(),
        found: Vec::new(),
    };
    walk.folder(dir, 0);
    walk.files.sort();
    (walk.files, walk.found)
}

struct Walk<'a> {
    snapshot: &'a Snapshot,
    /// The plan folder, resolved.
    root: Option<PathBuf>,
    show: &'a dyn Fn(&Path) -> String,
    /// Resolved paths of the folders searched and files found so far: a folder or file
    /// reached twice through symbolic links is searched or read once.
    searched: HashSet<PathBuf>,
    files: Vec<PathBuf>,
    found: Vec<Diagnostic>,
}

impl Walk<'_> {
    fn report(&mut self, path: &Path, what: &str) {
        let message = format!("{}: {what}", (self.show)(path));
        self.found.push(Diagnostic::new(Rule::Io, message));
    }

    /// Recursive, but never deeper than [`MAX_DEPTH`]: the file system cannot overflow it.
    fn folder(&mut self, dir: &Path, depth: usize) {
        if depth > MAX_DEPTH {
            let what = format!("folders nested more than {MAX_DEPTH} deep are not searched");
            self.report(dir, &what);
            return;
        }
        let resolved = self
            .snapshot
            .canonical(dir)
            .unwrap_or_else(|| dir.to_path_buf());
        if !self.searched.insert(resolved.clone()) {
            return;
        }
        let names = match self.snapshot.list(dir) {
            Ok(names) => names,
            Err(err) => {
                self.report(dir, &format!("cannot read folder: {err}"));
                return;
            }
        };
        for name in names {
            let top_file = depth == 0 && (name == PLAN_FILE || name == OWNERS_FILE);
            if is_hidden(&name) || top_file {
                continue;
            }
            let path = dir.join(&name);
            match self.entry_kind(&path) {
                Some((Kind::Dir, _)) => self.folder(&path, depth + 1),
                // An entry that is not a link is where its folder is: resolving its whole
                // path again asked the file system about every folder above it (7,000
                // `readlink`s for a plan of 1,000 files).
                Some((kind, false)) => self.file(path, kind, Some(resolved.join(&name))),
                Some((kind, true)) => self.file(path, kind, None),
                None => {}
            }
        }
    }

    /// `resolved`: where the file really is, when already known.
    fn file(&mut self, path: PathBuf, kind: Kind, resolved: Option<PathBuf>) {
        if path.extension().is_none_or(|ext| ext != "toml") {
            return;
        }
        if kind != Kind::File {
            // A FIFO or device would block or never end on reading.
            self.report(&path, "not a regular file; not read");
            return;
        }
        let resolved = resolved
            .or_else(|| self.snapshot.canonical(&path))
            .unwrap_or_else(|| path.clone());
        if self.searched.insert(resolved) {
            self.files.push(path);
        }
    }

    /// The type of a folder entry, following a symlink only if it stays inside the plan
    /// folder, and whether it is a link; `None` (reported) for links that leave it or
    /// cannot be resolved.
    fn entry_kind(&mut self, path: &Path) -> Option<(Kind, bool)> {
        let kind = self.snapshot.lstat(path)?;
        if kind != Kind::Link {
            return Some((kind, false));
        }
        let target = self.snapshot.canonical(path);
        let (Some(target), Some(root)) = (target, self.root.clone()) else {
            self.report(path, "symbolic link cannot be resolved (broken or a loop)");
            return None;
        };
        if !target.starts_with(&root) {
            self.report(
                path,
                "symbolic link points outside the plan folder; not followed",
            );
            return None;
        }
        if hidden_inside(&root, &target) {
            // Hidden entries are never part of the plan, whatever name leads to them; and
            // a revision holds them only as names, so following would answer differently.
            self.report(
                path,
                "symbolic link leads into a hidden folder or file, which is never part of the plan; not followed",
            );
            return None;
        }
        let kind = self.snapshot.stat(path)?;
        let encloses_link = path
            .parent()
            .and_then(|parent| self.snapshot.canonical(parent))
            .is_some_and(|parent| parent.starts_with(&target));
        if kind == Kind::Dir && encloses_link {
            self.report(
                path,
                "symbolic link leads back into a folder already searched; not followed",
            );
            return None;
        }
        Some((kind, true))
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

/// `path` relative to `base`, with `/` separators, for messages and JSON. Control characters
/// in file names are escaped: a name is plan text too, and must not drive a terminal.
pub fn display_path(base: &Path, path: &Path) -> String {
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
            problem.message == "plan/area.toml: not a regular file; not read",
            "{}",
            problem.message
        );
        assert_eq!(problem.place.map(|p| p.file), Some(FileId(3)));
        assert_eq!(source.kept_text(), Some(""));
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

    fn tree(entries: &[(&str, MemEntry)]) -> Snapshot {
        let mut tree = MemTree::new(PathBuf::from("p"));
        for (path, entry) in entries {
            let entry = match entry {
                MemEntry::File(_) => MemEntry::File(Blob::Bytes(b"x = 1".to_vec().into())),
                MemEntry::Link(t) => MemEntry::Link(t.clone()),
            };
            tree.insert(PathBuf::from(path), entry);
        }
        Snapshot::Files(tree)
    }

    fn file() -> MemEntry {
        MemEntry::File(Blob::Unread)
    }

    fn link(to: &str) -> MemEntry {
        MemEntry::Link(PathBuf::from(to))
    }

    #[test]
    fn links_in_memory_follow_the_working_tree_rules() {
        let snapshot = tree(&[
            ("p/a/one.toml", file()),
            ("p/a/two.toml", link("one.toml")),
            ("p/b.toml", link("a/../a/one.toml")),
            ("p/c", link("a")),
            ("p/d.toml", link("../outside.toml")),
            ("p/e.toml", link("gone.toml")),
            ("p/f.toml", link("f.toml")),
            ("p/a/up", link("..")),
            ("p/.hidden.toml", file()),
            ("p/.drafts/x.toml", file()),
            ("p/g", link(".drafts")),
            ("p/h.toml", link(".drafts/x.toml")),
            ("p/i.toml", link(".hidden.toml")),
            ("p/notes.txt", file()),
        ]);
        let (files, found) =
            collect_toml_files(&snapshot, Path::new("p"), &|p| p.display().to_string());
        // one.toml is reached three ways and read once, under the first name met.
        assert_eq!(files, [PathBuf::from("p/a/one.toml")]);
        let messages: Vec<String> = found.iter().map(|d| d.message.clone()).collect();
        assert_eq!(
            messages,
            [
                "p/a/up: symbolic link leads back into a folder already searched; not followed",
                "p/d.toml: symbolic link points outside the plan folder; not followed",
                "p/e.toml: symbolic link cannot be resolved (broken or a loop)",
                "p/f.toml: symbolic link cannot be resolved (broken or a loop)",
                "p/g: symbolic link leads into a hidden folder or file, which is never part of the plan; not followed",
                "p/h.toml: symbolic link leads into a hidden folder or file, which is never part of the plan; not followed",
                "p/i.toml: symbolic link leads into a hidden folder or file, which is never part of the plan; not followed",
            ]
        );
    }
}
