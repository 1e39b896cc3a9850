//! One long-lived `git cat-file --batch-command` process: commits, trees and blobs read in
//! lockstep (ask, then read exactly the answer), so a whole history walk costs one process
//! however many commits it visits. Every header is checked against what was asked, every
//! size against its limit before anything is read, and tree objects are parsed here, field
//! by field, rather than trusted.

use std::io::{BufRead as _, BufReader, BufWriter, Read as _, Write as _};
use std::process::{Child, ChildStdin, ChildStdout, Stdio};

use super::{Repo, is_object_id, spawn_error};
use crate::error::Error;

/// What `info` says of an object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Info {
    pub kind: Kind,
    pub size: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Blob,
    Tree,
    Commit,
    Tag,
}

impl Kind {
    fn from_name(name: &str) -> Option<Kind> {
        Some(match name {
            "blob" => Kind::Blob,
            "tree" => Kind::Tree,
            "commit" => Kind::Commit,
            "tag" => Kind::Tag,
            _ => return None,
        })
    }
}

/// A blob as [`CatFile::blob`] reads it: its bytes, or only its size.
pub(super) enum Sized {
    Within(Vec<u8>),
    Over(u64),
}

/// One entry of a tree object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct TreeItem {
    /// Octal mode as git writes it: `40000` (a folder), `100644`, `100755`, `120000` (a
    /// link), `160000` (a submodule).
    pub mode: u32,
    /// The entry's name, raw bytes (never empty, never holding `/` or NUL).
    pub name: Vec<u8>,
    /// Hex object id.
    pub id: String,
}

impl TreeItem {
    pub fn is_tree(&self) -> bool {
        self.mode == 0o40000
    }

    pub fn is_link(&self) -> bool {
        self.mode == 0o120000
    }
}

/// Trees and commits larger than this are not plan history (a tree of a million entries is
/// about 40 MB); refused rather than read.
const MAX_OBJECT_BYTES: u64 = 64 * 1024 * 1024;

pub(super) struct CatFile {
    child: Child,
    input: BufWriter<ChildStdin>,
    output: BufReader<ChildStdout>,
}

impl CatFile {
    pub fn spawn(repo: &Repo) -> Result<CatFile, Error> {
        let mut child = repo
            .git()
            .args(["cat-file", "--batch-command"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(spawn_error)?;
        let (Some(input), Some(output)) = (child.stdin.take(), child.stdout.take()) else {
            return Err(Error::Git("no pipe to `git cat-file`".into()));
        };
        Ok(CatFile {
            child,
            input: BufWriter::new(input),
            output: BufReader::new(output),
        })
    }

    /// The bytes of blob `id`, or its size when over `max`: then the answer is left unread
    /// and this process can be asked nothing more (see [`Walk`](super::Walk), which starts
    /// another). One request where asking its size first took two: a walk reads thousands.
    pub fn blob(&mut self, id: &str, max: u64) -> Result<Sized, Error> {
        self.ask("contents", id)?;
        match self.header(id)? {
            Some(info) if info.kind == Kind::Blob && info.size > max => Ok(Sized::Over(info.size)),
            Some(info) if info.kind == Kind::Blob => Ok(Sized::Within(self.body(info.size)?)),
            other => Err(broken(&format!("{id} is {other:?}, not a file"))),
        }
    }

    /// The contents of `id`, which must be a `kind` no larger than `max` bytes.
    pub fn contents(&mut self, id: &str, kind: Kind, max: u64) -> Result<Vec<u8>, Error> {
        self.ask("contents", id)?;
        let Some(info) = self.header(id)? else {
            return Err(broken(&format!("object {id} is missing")));
        };
        if info.kind != kind || info.size > max {
            // The process is now mid-answer: it cannot be asked anything else.
            return Err(broken(&format!(
                "object {id} is a {:?} of {} bytes, expected a {kind:?} of at most {max}",
                info.kind, info.size
            )));
        }
        self.body(info.size)
    }

    /// An answer's `size` bytes and the newline after them.
    fn body(&mut self, size: u64) -> Result<Vec<u8>, Error> {
        let size = usize::try_from(size).map_err(|_| broken("size"))?;
        let mut bytes = vec![0; size];
        self.output.read_exact(&mut bytes).map_err(read_error)?;
        let mut newline = [0u8; 1];
        self.output.read_exact(&mut newline).map_err(read_error)?;
        if newline != *b"\n" {
            return Err(broken("an object not followed by a newline"));
        }
        Ok(bytes)
    }

    /// The root tree of commit `id`.
    pub fn commit_tree(&mut self, id: &str) -> Result<String, Error> {
        let commit = self.contents(id, Kind::Commit, MAX_OBJECT_BYTES)?;
        let tree = commit
            .strip_prefix(b"tree ")
            .and_then(|rest| rest.split(|&b| b == b'\n').next())
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .filter(|hex| is_object_id(hex))
            .ok_or_else(|| broken(&format!("commit {id} does not start with its tree")))?;
        Ok(tree.to_owned())
    }

    /// The entries of tree `id`, in git's order.
    pub fn tree(&mut self, id: &str) -> Result<Vec<TreeItem>, Error> {
        let bytes = self.contents(id, Kind::Tree, MAX_OBJECT_BYTES)?;
        // Raw ids are as long as the hex id's bytes (SHA-1 or SHA-256).
        parse_tree(&bytes, id.len() / 2).ok_or_else(|| broken(&format!("tree {id} is malformed")))
    }

    fn ask(&mut self, command: &str, id: &str) -> Result<(), Error> {
        if !is_object_id(id) {
            return Err(broken(&format!("{id:?} is not an object id")));
        }
        writeln!(self.input, "{command} {id}")
            .and_then(|()| self.input.flush())
            .map_err(|err| Error::Git(format!("cannot write to `git cat-file`: {err}")))
    }

    /// `<id> SP <type> SP <size> LF`, or `<id> SP missing LF`; the id must be the one asked.
    fn header(&mut self, id: &str) -> Result<Option<Info>, Error> {
        let mut line = Vec::new();
        (&mut self.output)
            .take(200)
            .read_until(b'\n', &mut line)
            .map_err(read_error)?;
        let line = String::from_utf8_lossy(&line);
        if line.is_empty() {
            // stderr is not read (it could fill its pipe); the likely cause is an old git.
            return Err(Error::Git(
                "`git cat-file --batch-command` stopped answering (reading history needs git 2.36 or later)".into(),
            ));
        }
        let Some(line) = line.strip_suffix('\n') else {
            return Err(broken("a header cut short"));
        };
        let fields: Vec<&str> = line.split(' ').collect();
        match fields.as_slice() {
            [got, "missing"] if *got == id => Ok(None),
            [got, kind, size] if *got == id => {
                let kind = Kind::from_name(kind).ok_or_else(|| broken(line))?;
                let size = size.parse::<u64>().map_err(|_| broken(line))?;
                Ok(Some(Info { kind, size }))
            }
            _ => Err(broken(&format!("asked for {id}, got {line:?}"))),
        }
    }
}

impl Drop for CatFile {
    fn drop(&mut self) {
        // Closing its input ends the process; it has nothing left to say.
        let _ = self.input.flush();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `<octal mode> SP <name> NUL <raw id>` repeated; `None` for anything else.
fn parse_tree(mut bytes: &[u8], id_len: usize) -> Option<Vec<TreeItem>> {
    let mut items = Vec::new();
    while !bytes.is_empty() {
        let space = bytes.iter().position(|&b| b == b' ')?;
        let mode = std::str::from_utf8(&bytes[..space]).ok()?;
        if mode.is_empty() || mode.len() > 6 || !mode.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
            return None;
        }
        let mode = u32::from_str_radix(mode, 8).ok()?;
        bytes = &bytes[space + 1..];
        let nul = bytes.iter().position(|&b| b == 0)?;
        let name = &bytes[..nul];
        if name.is_empty() || name.contains(&b'/') || name == b"." || name == b".." {
            return None;
        }
        let raw = bytes.get(nul + 1..nul + 1 + id_len)?;
        let id: String = raw.iter().map(|b| format!("{b:02x}")).collect();
        items.push(TreeItem {
            mode,
            name: name.to_vec(),
            id,
        });
        bytes = &bytes[nul + 1 + id_len..];
    }
    Some(items)
}

fn broken(what: &str) -> Error {
    Error::Git(format!("unexpected `git cat-file` output: {what}"))
}

fn read_error(err: std::io::Error) -> Error {
    Error::Git(format!("cannot read from `git cat-file`: {err}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(hex_byte: u8, len: usize) -> Vec<u8> {
        vec![hex_byte; len]
    }

    #[test]
    fn a_tree_object_is_read_entry_by_entry() {
        let mut bytes = b"100644 plan.toml\0".to_vec();
        bytes.extend(raw(0xab, 20));
        bytes.extend(b"40000 area\0");
        bytes.extend(raw(0x01, 20));
        let items = parse_tree(&bytes, 20).unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].name, b"plan.toml");
        assert!(!items[0].is_tree() && !items[0].is_link());
        assert_eq!(items[0].id, "ab".repeat(20));
        assert!(items[1].is_tree());
        assert_eq!(items[1].id, "01".repeat(20));
    }

    #[test]
    fn a_malformed_tree_object_is_refused() {
        let mut cut = b"100644 a\0".to_vec();
        cut.extend(raw(1, 19));
        let mut slash = b"100644 a/b\0".to_vec();
        slash.extend(raw(1, 20));
        let mut dots = b"40000 ..\0".to_vec();
        dots.extend(raw(1, 20));
        for bad in [&cut[..], &slash, &dots, b"100644 a", b"9 a\0", b" a\0"] {
            assert_eq!(
                parse_tree(bad, 20),
                None,
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
    }
}
