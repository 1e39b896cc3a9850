//! A history walk's next version built from the last one: the actions of a priority file
//! that did not change are moved across as the last version linked them, neither copied nor
//! linked again. What an action inherits is a function of its own file, its priority chain
//! and `plan.toml`, so this holds only while every priority reads as it did: the same files
//! in the same places, each unchanged or changed below its `[priority]` table alone (a new
//! update, a slip). Otherwise the moved actions are replaced by copies of the file's actions
//! as resolved, and linked with the rest, as in a whole load.

use std::ops::Range;
use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;

use super::Loaded;
use crate::model::Action;

/// Where each file's actions sit in a version's plan, by path.
pub(super) type Ranges = FxHashMap<PathBuf, Range<usize>>;

/// The version loaded last, and where each file's actions sit in it.
pub(super) struct Last {
    pub(super) loaded: Loaded,
    pub(super) ranges: Ranges,
    /// Its priority files, in path order.
    pub(super) paths: Vec<PathBuf>,
}

/// One version's moves: the last version's linked actions, taken in plan order, and what
/// this version's files are found to be.
pub(super) struct Carry {
    rest: std::vec::IntoIter<Action>,
    /// How many of the last version's actions are behind `rest`.
    at: usize,
    ranges: Ranges,
    /// Whether every priority file so far reads as in the last version.
    same: bool,
    /// Where the actions moved sit now, by file.
    moved: Vec<(PathBuf, Range<usize>)>,
    /// Where each file's actions sit now, for the next version.
    placed: Ranges,
    /// Whether this version's priority files are the last one's.
    same_paths: bool,
}

impl Carry {
    /// Moves from `last` (none in a walk's first version, or after one that failed).
    pub(super) fn new(last: Option<Last>, paths: &[PathBuf]) -> Carry {
        let (actions, ranges, same_paths) = match last {
            Some(mut last) => (
                std::mem::take(&mut last.loaded.plan.actions),
                last.ranges,
                last.paths == paths,
            ),
            None => (Vec::new(), Ranges::default(), false),
        };
        Carry {
            rest: actions.into_iter(),
            at: 0,
            ranges,
            same: true,
            moved: Vec::new(),
            placed: Ranges::default(),
            same_paths,
        }
    }

    /// Gives `entry` the file at `path`'s actions as the last version linked them; `false`
    /// when they are not there to take (then they are copied and linked as new).
    pub(super) fn take_into(
        &mut self,
        entry: &mut super::resolve::FileEntries,
        path: &Path,
    ) -> bool {
        match self.take(path) {
            Some(linked) => {
                entry.actions = linked;
                true
            }
            None => false,
        }
    }

    /// The file at `path`'s actions as the last version linked them; `None` when they are
    /// not there to take (not in plan order).
    fn take(&mut self, path: &Path) -> Option<Vec<Action>> {
        let range = self.ranges.get(path)?.clone();
        if range.start < self.at || range.end - self.at > self.rest.len() {
            return None;
        }
        // The actions before them were a changed file's: dropped here.
        for _ in self.at..range.start {
            self.rest.next();
        }
        self.at = range.end;
        Some(self.rest.by_ref().take(range.len()).collect())
    }

    /// The file at `path` holds `range` of this version's actions: moved there, or not;
    /// whether its priority reads as in the last version.
    pub(super) fn placed(&mut self, path: &Path, range: Range<usize>, moved: bool) {
        if moved {
            self.moved.push((path.to_path_buf(), range.clone()));
        }
        self.placed.insert(path.to_path_buf(), range);
    }

    /// A file's priority does not read as in the last version (or cannot be known to).
    pub(super) fn changed(&mut self) {
        self.same = false;
    }

    /// The moved actions that must be linked again, by file: none while every priority reads
    /// as before; and where each file's actions sit now.
    pub(super) fn finish(self) -> (Vec<(PathBuf, Range<usize>)>, Ranges) {
        let relink = if self.same && self.same_paths {
            Vec::new()
        } else {
            self.moved
        };
        (relink, self.placed)
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use proptest::prelude::*;

    use super::super::{FileCache, Snapshot, load_from, load_version, source};

    const PLAN: &str = "title = \"T\"\norganisation = \"O\"\n";
    const OWNERS: &str = "[[role]]\nname = \"Leader\"\n\n[[role]]\nname = \"Chief Executive\"\n";
    /// Each file's priority, in the ways that change what its actions and the priorities
    /// below it inherit: owners, due dates and notes, start, parents (known, unknown, looping).
    const HEADS: [[&str; 4]; 3] = [
        [
            "[priority]\nid = \"a\"\ntitle = \"A\"\nowners = [\"Leader\"]\ndue = \"2005-Q1\"\n\n",
            "[priority]\nid = \"a\"\ntitle = \"A\"\n\n",
            "[priority]\nid = \"a\"\ntitle = \"A\"\nowners = [\"Chief Executive\"]\ndue = \"March 2006\"\ndue_note = \"n\"\nstart = 2004-04-01\n\n",
            "[priority]\nid = \"a\"\ntitle = \"A\"\nparent = \"c\"\ndue = \"soon\"\n\n",
        ],
        [
            "[priority]\nid = \"b\"\ntitle = \"B\"\nparent = \"a\"\n\n",
            "[priority]\nid = \"b\"\ntitle = \"B\"\n\n",
            "[priority]\nid = \"b\"\ntitle = \"B\"\nparent = \"c\"\nowners = [\"Leader\"]\n\n",
            "[priority]\nid = \"b\"\ntitle = \"B\"\nparent = \"a\"\nstart = 2005-01-01\n\n",
        ],
        [
            "[priority]\nid = \"c\"\ntitle = \"C\"\nparent = \"b\"\n\n",
            "[priority]\nid = \"c\"\ntitle = \"C\"\nparent = \"zz\"\n\n",
            "[priority]\nid = \"c\"\ntitle = \"C\"\ndue = \"2006-07-01\"\n\n",
            "[priority]\nid = \"a\"\ntitle = \"C\"\nparent = \"b\"\n\n",
        ],
    ];
    /// Actions that inherit everything, some things, or nothing; one repeats an id.
    const ACTIONS: [&str; 6] = [
        "[[action]]\nid = \"{p}-1\"\ntitle = \"One\"\n\n",
        "[[action]]\nid = \"{p}-2\"\ntitle = \"Two\"\ndue = \"April 2004\"\n\n",
        "[[action]]\nid = \"{p}-3\"\ntitle = \"Three\"\nowners = [\"Leader\"]\ndue_note = \"own\"\n\n",
        "[[action]]\nid = \"{p}-4\"\ntitle = \"Four\"\ndue = \"quarterly\"\n\n",
        "[[action]]\nid = \"a-1\"\ntitle = \"Again\"\n\n[[action.update]]\ndate = 2004-01-05\nnote = \"n\"\n\n",
        "[[action]]\nid = \"{p}-6\"\ntitle = \"Six\"\nstart = 2004-10-01\ndue = \"monthly\"\n\n",
    ];
    const FILES: [&str; 3] = ["a.toml", "b.toml", "c.toml"];

    /// One version: each file's head and actions, or no file (`None`).
    type Version = Vec<Option<(usize, Vec<usize>)>>;

    fn snapshot(version: &Version) -> Snapshot {
        let dir = PathBuf::from("/mem/plan");
        let mut files = vec![
            (dir.join("plan.toml"), PLAN.as_bytes().to_vec()),
            (dir.join("owners.toml"), OWNERS.as_bytes().to_vec()),
        ];
        for (f, file) in version.iter().enumerate() {
            let Some((head, actions)) = file else {
                continue;
            };
            let p = &FILES[f][..1];
            let text: String = std::iter::once(HEADS[f][*head].to_owned())
                .chain(actions.iter().map(|&a| ACTIONS[a].replace("{p}", p)))
                .collect();
            files.push((dir.join(FILES[f]), text.into_bytes()));
        }
        Snapshot::Files(source::MemTree::with_files(dir, files))
    }

    fn file() -> impl Strategy<Value = Option<(usize, Vec<usize>)>> {
        prop_oneof![
            1 => Just(None),
            6 => (0..4usize, prop::collection::vec(0..ACTIONS.len(), 0..4)).prop_map(Some),
        ]
    }

    proptest! {
        /// However the priorities above them change, the actions moved from the last version
        /// are the actions a whole load links.
        #[test]
        fn a_version_built_from_the_last_is_the_whole_load(
            first in prop::collection::vec(file(), 3),
            edits in prop::collection::vec((0..3usize, file()), 1..10),
        ) {
            let dir = PathBuf::from("/mem/plan");
            let mut cache = FileCache::default();
            // Each version after the first changes one file of the last: the others are moved.
            let mut version = first;
            for (at, file) in std::iter::once((0, version[0].clone())).chain(edits) {
                version[at] = file;
                let walked = load_version(&dir, snapshot(&version), &mut cache).unwrap();
                let whole = load_from(&dir, snapshot(&version)).unwrap();
                prop_assert_eq!(&walked.diagnostics, &whole.diagnostics);
                prop_assert_eq!(format!("{:?}", walked.plan), format!("{:?}", whole.plan));
            }
        }
    }

    #[test]
    fn an_unchanged_file_keeps_its_linked_actions_until_a_priority_above_changes() {
        let dir = PathBuf::from("/mem/plan");
        let mut cache = FileCache::default();
        let first: Version = vec![Some((0, vec![0])), Some((0, vec![0])), None];
        let due_of = |cache: &FileCache, at: usize| {
            let loaded = &cache.last.as_ref().unwrap().loaded;
            std::sync::Arc::clone(loaded.plan.actions[at].due.due.as_ref().unwrap())
        };
        load_version(&dir, snapshot(&first), &mut cache).unwrap();
        let before = due_of(&cache, 1);
        // a.toml gains an action: b.toml's b-1, inheriting a's due date, is moved as it was.
        let second: Version = vec![Some((0, vec![0, 1])), Some((0, vec![0])), None];
        load_version(&dir, snapshot(&second), &mut cache).unwrap();
        assert!(std::sync::Arc::ptr_eq(&before, &due_of(&cache, 2)));
        // a's due date changes: b-1 is linked again, and inherits the new one.
        let third: Version = vec![Some((2, vec![0, 1])), Some((0, vec![0])), None];
        let walked = load_version(&dir, snapshot(&third), &mut cache).unwrap();
        assert_eq!(
            walked.plan.actions[2].due.due.as_ref().unwrap().canonical(),
            "March 2006"
        );
    }
}
