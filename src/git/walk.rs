//! Reading the plan folder as committed, commit after commit, through one `git cat-file`
//! process: each tree and each file version (object id) is read from git once and kept while
//! the versions that follow still hold it, so walking years of history costs about what git
//! itself spends on the objects that changed.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use super::cat::{CatFile, Kind, TreeItem};
use super::{MAX_LINK_BYTES, Repo, path_from_bytes};
use crate::error::Error;
use crate::load::source::{self as files, Blob, MemEntry, MemTree, Snapshot};
use crate::load::{MAX_DEPTH, MAX_FILE_BYTES, PLAN_FILE};

/// Below this many folders a listing stops: the loader does not search deeper than
/// [`MAX_DEPTH`] (and says so), and a hostile tree must not overflow the stack.
const MAX_TREE_DEPTH: usize = MAX_DEPTH + 2;

/// One file or link under the plan folder at some commit.
#[derive(Debug, Clone)]
struct Listed {
    /// Inside the plan folder, `/`-separated raw bytes.
    path: Vec<u8>,
    item: TreeItem,
}

/// A file version as read: its bytes, or only its size when over the limit.
#[derive(Debug, Clone)]
enum Read {
    Bytes(Arc<Vec<u8>>),
    TooBig(u64),
    Link(PathBuf),
}

/// The plan folder at one commit: the id of its tree (two commits with the same id hold the
/// same plan, byte for byte) and its files.
pub struct Version {
    pub tree: String,
    pub snapshot: Snapshot,
}

/// A file of the plan folder that differs between two of its trees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed {
    /// Under the plan folder as given, as in a [`Snapshot`].
    pub path: PathBuf,
    /// The object id before and after; `None` where the file is absent.
    pub before: Option<String>,
    pub after: Option<String>,
}

/// A reader of the plan folder at any commit of one repository.
pub struct Walk<'r> {
    repo: &'r Repo,
    cat: CatFile,
    /// Every file and link below a tree, by tree id.
    listings: HashMap<String, Arc<Vec<Listed>>>,
    /// File versions read, by object id; only those of the last version are kept.
    read: HashMap<String, Read>,
}

impl Repo {
    /// A reader for commit after commit (see [`Walk`]).
    pub fn walk(&self) -> Result<Walk<'_>, Error> {
        Ok(Walk {
            repo: self,
            cat: CatFile::spawn(self)?,
            listings: HashMap::new(),
            read: HashMap::new(),
        })
    }
}

impl Walk<'_> {
    /// The id of the plan folder's tree at `commit`, or `None` where the folder does not exist.
    pub fn plan_tree(&mut self, commit: &str) -> Result<Option<String>, Error> {
        let mut tree = self.cat.commit_tree(commit)?;
        let prefix = self.repo.prefix.clone();
        for part in prefix.split(|&b| b == b'/').filter(|p| !p.is_empty()) {
            let items = self.cat.tree(&tree)?;
            match items.into_iter().find(|i| i.name == part) {
                Some(item) if item.is_tree() => tree = item.id,
                _ => return Ok(None),
            }
        }
        Ok(Some(tree))
    }

    /// The plan folder at `commit` (`rev` is what the user wrote, for messages), read as
    /// [`Repo::snapshot`] describes.
    pub fn version(&mut self, commit: &str, rev: &str) -> Result<Version, Error> {
        let Some(tree) = self.plan_tree(commit)? else {
            return Err(self.repo.not_at(rev));
        };
        self.version_of(tree, rev)
    }

    /// The plan folder whose tree is `tree` (from [`Walk::plan_tree`]), as [`Walk::version`].
    pub fn version_of(&mut self, tree: String, rev: &str) -> Result<Version, Error> {
        let snapshot = self.snapshot_of(&tree)?;
        if !snapshot.is_file(&self.repo.dir.join(PLAN_FILE)) {
            return Err(self.repo.not_at(rev));
        }
        Ok(Version { tree, snapshot })
    }

    /// The files that differ between two trees of the plan folder (added, removed, or another
    /// object or mode), in path order; `None` when either tree holds a symbolic link, which can
    /// make any file part of the plan under any name.
    pub fn changed(&mut self, from: &str, to: &str) -> Result<Option<Vec<Changed>>, Error> {
        let (before, after) = (self.listing(from, 0)?, self.listing(to, 0)?);
        if before.iter().chain(after.iter()).any(|e| e.item.is_link()) {
            return Ok(None);
        }
        let by_path = |listing: &'_ [Listed]| -> BTreeMap<Vec<u8>, (u32, String)> {
            (listing.iter())
                .map(|e| (e.path.clone(), (e.item.mode, e.item.id.clone())))
                .collect()
        };
        let (old, new) = (by_path(&before), by_path(&after));
        let paths: BTreeSet<&Vec<u8>> = old.keys().chain(new.keys()).collect();
        let changed = paths
            .into_iter()
            .filter(|path| old.get(*path) != new.get(*path))
            .map(|path| Changed {
                path: self.repo.dir.join(path_from_bytes(path)),
                before: old.get(path).map(|(_, id)| id.clone()),
                after: new.get(path).map(|(_, id)| id.clone()),
            })
            .collect();
        Ok(Some(changed))
    }

    /// A file version's bytes, or `None` when it is over the size limit (never read); not kept
    /// for the versions that follow.
    pub fn file_bytes(&mut self, id: &str) -> Result<Option<Arc<Vec<u8>>>, Error> {
        if let Some(known) = self.read.get(id) {
            return Ok(match known {
                Read::Bytes(bytes) => Some(Arc::clone(bytes)),
                _ => None,
            });
        }
        if self.blob_size(id)? > MAX_FILE_BYTES {
            return Ok(None);
        }
        Ok(Some(Arc::new(self.cat.contents(
            id,
            Kind::Blob,
            MAX_FILE_BYTES,
        )?)))
    }

    fn snapshot_of(&mut self, tree_id: &str) -> Result<Snapshot, Error> {
        let listing = self.listing(tree_id, 0)?;
        let dir = self.repo.dir.clone();
        let mut tree = MemTree::new(dir.clone());
        let mut regular = Vec::new();
        for entry in listing.iter() {
            let local = dir.join(path_from_bytes(&entry.path));
            if entry.item.is_link() {
                let target = match self.read_link(&entry.item.id)? {
                    Read::Link(target) => target,
                    _ => PathBuf::from("\0too long"),
                };
                tree.insert(local, MemEntry::Link(target));
            } else {
                tree.insert(local.clone(), MemEntry::File(Blob::Unread));
                regular.push((local, &entry.item.id));
            }
        }
        let targets = link_targets(&tree);
        let mut kept = HashSet::new();
        for (path, id) in regular {
            // Hidden files are held as names (so links resolve as in the working tree) and
            // read only when a link leads to one (`owners.toml -> .shared/owners.toml`).
            let plan_file =
                path.extension().is_some_and(|e| e == "toml") && !files::hidden_inside(&dir, &path);
            let wanted = plan_file || targets.contains(&path);
            if !wanted {
                continue;
            }
            let blob = match self.read_file(id)? {
                Read::Bytes(bytes) => Blob::Bytes(Arc::clone(&bytes)),
                Read::TooBig(size) => Blob::TooBig(size),
                Read::Link(_) => unreachable!("files are read as files"),
            };
            kept.insert(id.clone());
            tree.insert(path, MemEntry::File(blob));
        }
        for entry in listing.iter().filter(|e| e.item.is_link()) {
            kept.insert(entry.item.id.clone());
        }
        self.read.retain(|id, _| kept.contains(id));
        Ok(Snapshot::Files(tree))
    }

    /// Every file and link below tree `id`, hidden ones too (the loader's walk skips them, as
    /// in the working tree, and a link into one is refused the same way), submodules left out.
    fn listing(&mut self, id: &str, depth: usize) -> Result<Arc<Vec<Listed>>, Error> {
        if let Some(known) = self.listings.get(id) {
            return Ok(Arc::clone(known));
        }
        let mut listed = Vec::new();
        for item in self.cat.tree(id)? {
            if item.is_tree() {
                if depth >= MAX_TREE_DEPTH {
                    continue;
                }
                for inner in self.listing(&item.id, depth + 1)?.iter() {
                    let mut path = item.name.clone();
                    path.push(b'/');
                    path.extend_from_slice(&inner.path);
                    listed.push(Listed {
                        path,
                        item: inner.item.clone(),
                    });
                }
            } else if item.mode != 0o160000 {
                // Submodules (`160000`) hold no plan text.
                listed.push(Listed {
                    path: item.name.clone(),
                    item,
                });
            }
        }
        let listed = Arc::new(listed);
        self.listings.insert(id.to_owned(), Arc::clone(&listed));
        Ok(listed)
    }

    /// A file version within the size limit, or its size: known before anything is read, so
    /// a 300 MB file beside the plan is never read.
    fn read_file(&mut self, id: &str) -> Result<Read, Error> {
        if let Some(known) = self.read.get(id) {
            return Ok(known.clone());
        }
        let size = self.blob_size(id)?;
        let read = if size > MAX_FILE_BYTES {
            Read::TooBig(size)
        } else {
            Read::Bytes(Arc::new(self.cat.contents(
                id,
                Kind::Blob,
                MAX_FILE_BYTES,
            )?))
        };
        self.read.insert(id.to_owned(), read.clone());
        Ok(read)
    }

    /// A link's target; an over-long one is not a plan link and is not read.
    fn read_link(&mut self, id: &str) -> Result<Read, Error> {
        if let Some(known) = self.read.get(id) {
            return Ok(known.clone());
        }
        let size = self.blob_size(id)?;
        let read = if size > MAX_LINK_BYTES {
            Read::TooBig(size)
        } else {
            let target = self.cat.contents(id, Kind::Blob, MAX_LINK_BYTES)?;
            Read::Link(path_from_bytes(&target))
        };
        self.read.insert(id.to_owned(), read.clone());
        Ok(read)
    }

    fn blob_size(&mut self, id: &str) -> Result<u64, Error> {
        match self.cat.info(id)? {
            Some(info) if info.kind == Kind::Blob => Ok(info.size),
            other => Err(Error::Git(format!(
                "unexpected `git cat-file` output: {id} is {other:?}, not a file"
            ))),
        }
    }
}

/// Regular files that some link in the tree leads to, whatever their names: the working tree
/// reads a link `a.toml -> notes.txt`, so a revision must too.
fn link_targets(tree: &MemTree) -> HashSet<PathBuf> {
    tree.paths()
        .filter(|p| matches!(tree.get(p), Some(MemEntry::Link(_))))
        .filter_map(|l| tree.canonical(l))
        .collect()
}
