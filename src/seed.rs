//! The seed plan (Leicester City Council, 2003), built into the binary from `plan/` by
//! `build.rs`: what read commands show when no plan folder is given or found, so a fresh
//! install has something real to answer from.

use std::path::{Path, PathBuf};

use crate::load::source::{Blob, MemEntry, MemTree, Snapshot};

mod files {
    include!(concat!(env!("OUT_DIR"), "/seed.rs"));
}

/// Where the built-in plan appears to live: file names read `plan/...` as in the repository.
pub fn dir() -> PathBuf {
    PathBuf::from("plan")
}

/// The built-in plan's files, ready for [`crate::load::load_from`] at [`dir`].
pub fn snapshot() -> Snapshot {
    let dir = dir();
    let mut tree = MemTree::new(dir.clone());
    for (inside, bytes) in files::FILES {
        let entry = MemEntry::File(Blob::Bytes(bytes.to_vec().into()));
        tree.insert(dir.join(Path::new(inside)), entry);
    }
    Snapshot::Files(tree)
}
