//! Reading the plan folder as committed, commit after commit, through one `git cat-file`
//! process: each tree and each file version (object id) is read from git once and kept while
//! the versions that follow still hold it, so walking years of history costs about what git
//! itself spends on the objects that changed. [`Walk::each_version`] reads the versions on a
//! thread of its own, a few ahead of the caller, so git's work and the loading overlap.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, mpsc};

use super::cat::{CatFile, Sized, TreeItem};
use super::{Commit, MAX_LINK_BYTES, Repo, path_from_bytes};
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

/// How many versions [`Walk::each_version`] reads ahead of the one being loaded: enough that
/// git is never waiting for the loader, few enough that only a few plans' texts are held.
const READ_AHEAD: usize = 2;

/// The plan folder at one commit: the id of its tree (two commits with the same id hold the
/// same plan, byte for byte) and its files.
pub struct Version {
    pub tree: String,
    pub snapshot: Snapshot,
    /// Its files' object ids and the texts read, kept after the snapshot is loaded.
    pub contents: Contents,
}

/// What a version's files are, by object id, for comparing it with another without asking
/// git again.
#[derive(Clone)]
pub struct Contents {
    dir: PathBuf,
    listing: Arc<Vec<Listed>>,
    /// The files read (`None`: over the size limit, so not read), by object id.
    read: Arc<HashMap<String, Option<Arc<Vec<u8>>>>>,
}

/// A file version's text as one [`Contents`] holds it.
pub enum Text<'c> {
    Bytes(&'c [u8]),
    /// Over the size limit: never read.
    TooBig,
    /// Not a file the plan reads (hidden, say), or not a file of this version.
    NotRead,
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
    /// Hands `visit` the plan folder at each of `commits` in turn that has a plan, leaving out
    /// a commit whose plan folder is the one before's (the same tree), while the versions after
    /// it are read on another thread. Stops at the first error, from git or from `visit`.
    pub fn each_version<F>(mut self, commits: Vec<Commit>, mut visit: F) -> Result<(), Error>
    where
        F: FnMut(Commit, Version) -> Result<(), Error>,
    {
        std::thread::scope(|scope| {
            let (sender, versions) = mpsc::sync_channel(READ_AHEAD);
            scope.spawn(move || self.read_each(commits, &sender));
            // Returning early drops `versions`: the reader's next send fails, and it stops.
            for read in versions {
                let (commit, version) = read?;
                visit(commit, version)?;
            }
            Ok(())
        })
    }

    fn read_each(&mut self, commits: Vec<Commit>, sender: &mpsc::SyncSender<Ahead>) {
        let mut last_tree: Option<String> = None;
        for commit in commits {
            let read = match self.next_version(&commit, &mut last_tree) {
                Ok(None) => continue,
                Ok(Some(version)) => Ok((commit, version)),
                Err(err) => Err(err),
            };
            let failed = read.is_err();
            if sender.send(read).is_err() || failed {
                return;
            }
        }
    }

    /// The plan folder at `commit`, or `None` where it is the last one's, or holds no plan.
    fn next_version(
        &mut self,
        commit: &Commit,
        last_tree: &mut Option<String>,
    ) -> Result<Option<Version>, Error> {
        // Before the plan folder existed.
        let Some(tree) = self.plan_tree(&commit.id)? else {
            return Ok(None);
        };
        if last_tree.as_ref() == Some(&tree) {
            return Ok(None);
        }
        *last_tree = Some(tree.clone());
        match self.version_of(tree, commit.short_id()) {
            Ok(version) => Ok(Some(version)),
            // Before the plan folder held a plan.
            Err(Error::NotAtRevision { .. }) => Ok(None),
            Err(err) => Err(err),
        }
    }

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
        let (snapshot, contents) = self.snapshot_of(&tree)?;
        if !snapshot.is_file(&self.repo.dir.join(PLAN_FILE)) {
            return Err(self.repo.not_at(rev));
        }
        Ok(Version {
            tree,
            snapshot,
            contents,
        })
    }

    fn snapshot_of(&mut self, tree_id: &str) -> Result<(Snapshot, Contents), Error> {
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
        let mut texts = HashMap::new();
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
            let text = match &blob {
                Blob::Bytes(bytes) => Some(Arc::clone(bytes)),
                _ => None,
            };
            texts.insert(id.clone(), text);
            kept.insert(id.clone());
            tree.insert(path, MemEntry::File(blob));
        }
        for entry in listing.iter().filter(|e| e.item.is_link()) {
            kept.insert(entry.item.id.clone());
        }
        self.read.retain(|id, _| kept.contains(id));
        let contents = Contents {
            dir,
            listing,
            read: Arc::new(texts),
        };
        Ok((Snapshot::Files(tree), contents))
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

    /// A file version within the size limit, or its size: known before its bytes are read,
    /// so a 300 MB file beside the plan is never read.
    fn read_file(&mut self, id: &str) -> Result<Read, Error> {
        if let Some(known) = self.read.get(id) {
            return Ok(known.clone());
        }
        let read = match self.read_blob(id, MAX_FILE_BYTES)? {
            Sized::Within(bytes) => Read::Bytes(Arc::new(bytes)),
            Sized::Over(size) => Read::TooBig(size),
        };
        self.read.insert(id.to_owned(), read.clone());
        Ok(read)
    }

    /// A link's target; an over-long one is not a plan link and is not read.
    fn read_link(&mut self, id: &str) -> Result<Read, Error> {
        if let Some(known) = self.read.get(id) {
            return Ok(known.clone());
        }
        let read = match self.read_blob(id, MAX_LINK_BYTES)? {
            Sized::Within(target) => Read::Link(path_from_bytes(&target)),
            Sized::Over(size) => Read::TooBig(size),
        };
        self.read.insert(id.to_owned(), read.clone());
        Ok(read)
    }

    /// Blob `id` within `max` bytes, or its size.
    fn read_blob(&mut self, id: &str, max: u64) -> Result<Sized, Error> {
        let read = self.cat.blob(id, max)?;
        if let Sized::Over(_) = read {
            // Its answer is left unread, so that process can be asked nothing more.
            self.cat = CatFile::spawn(self.repo)?;
        }
        Ok(read)
    }
}

/// What [`Walk::each_version`]'s reader hands over: a version, or why the walk stops.
type Ahead = Result<(Commit, Version), Error>;

impl Contents {
    /// The files that differ from `before` (added, removed, or another object or mode), in
    /// path order; `None` when either holds a symbolic link, which can make any file part of
    /// the plan under any name.
    pub fn changed_since(&self, before: &Contents) -> Option<Vec<Changed>> {
        let (before, after) = (&before.listing, &self.listing);
        if before.iter().chain(after.iter()).any(|e| e.item.is_link()) {
            return None;
        }
        let by_path = |listing: &'_ [Listed]| -> BTreeMap<Vec<u8>, (u32, String)> {
            (listing.iter())
                .map(|e| (e.path.clone(), (e.item.mode, e.item.id.clone())))
                .collect()
        };
        let (old, new) = (by_path(before), by_path(after));
        let paths: BTreeSet<&Vec<u8>> = old.keys().chain(new.keys()).collect();
        let changed = paths
            .into_iter()
            .filter(|path| old.get(*path) != new.get(*path))
            .map(|path| Changed {
                path: self.dir.join(path_from_bytes(path)),
                before: old.get(path).map(|(_, id)| id.clone()),
                after: new.get(path).map(|(_, id)| id.clone()),
            })
            .collect();
        Some(changed)
    }

    /// The text of file version `id`, as read for this version of the plan.
    pub fn text(&self, id: &str) -> Text<'_> {
        match self.read.get(id) {
            Some(Some(bytes)) => Text::Bytes(bytes),
            Some(None) => Text::TooBig,
            None => Text::NotRead,
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
