//! A priority file read piece by piece: in a history walk, a commit that adds an update to one
//! action changes its file's text, and parsing that file whole again was most of the walk's
//! work. The text is cut before each line that is exactly `[[action]]`; the part before the
//! first is the file's head (its `[priority]`, and any `[[indicator]]`s), each piece after it
//! holds actions only. A piece whose text was read in the file's last version is not parsed
//! again: its actions are taken from then and moved to where the piece now starts.
//!
//! Only a file that reads cleanly this way is loaded this way. A cut inside a multi-line
//! string leaves the piece before it unterminated, a table after the actions that is not part
//! of an action (a `[priority]` or `[[indicator]]` there) makes a piece that is not actions
//! only, and any finding at all (a syntax error, an unknown key, an unknown owner) means the
//! file is parsed whole as before, so every finding is the whole file's, in its words.

use std::sync::Arc;

use super::parse::FileParser;
use super::resolve::{FileEntries, IdSpan, Resolver};
use crate::diag::FileId;
use crate::model::Action;
use crate::sources::Place;

/// Actions, each with where its id sits.
type Actions = Arc<[(Action, Option<IdSpan>)]>;

/// The actions one piece resolved to, placed where the piece was last seen: `at` bytes into
/// file `file`.
pub(super) struct Piece {
    file: FileId,
    at: usize,
    actions: Actions,
}

/// A file's `[[action]]` pieces, by their text. Keys are shared so that a piece seen again is
/// kept without copying its text.
pub(super) type Pieces = rustc_hash::FxHashMap<Arc<str>, Piece>;

/// The header a cut is made before: a line holding it alone (trailing spaces and a CR aside).
const ACTION_HEADER: &str = "[[action]]";

/// `text` loaded piece by piece, reusing the pieces of `before` (the same file's last version
/// loaded this way); with them, the pieces it now has and the length of its head (the text
/// its priority is read from). `None` when it does not read cleanly this way (see the
/// module's introduction): then it is parsed whole.
pub(super) fn load(
    resolver: &mut Resolver<'_>,
    text: &str,
    before: Option<&Pieces>,
) -> Option<(FileEntries, Pieces, usize)> {
    let (head, pieces) = cut(text);
    let file = resolver.file;
    let mut parser = FileParser::new(file, head);
    let raw = parser.head()?;
    if !parser.found.is_empty() {
        return None;
    }
    let mut entries = resolver.file_entries(raw);
    let mut kept = Pieces::with_capacity_and_hasher(pieces.len(), Default::default());
    for (at, piece) in pieces {
        let known = before
            .and_then(|b| b.get_key_value(piece))
            .or_else(|| kept.get_key_value(piece));
        let (key, actions) = match known {
            Some((key, known)) => (Arc::clone(key), placed(known, file, at)),
            None => (Arc::from(piece), parse_piece(resolver, piece, at)?),
        };
        for (action, id_span) in actions.iter() {
            entries.actions.push(action.clone());
            entries.id_spans.push(*id_span);
        }
        kept.insert(key, Piece { file, at, actions });
    }
    let clean = resolver.found.is_empty() && resolver.unknown_names.is_empty();
    clean.then_some((entries, kept, head.len()))
}

/// A piece's actions placed at `at` in `file`: shared as they are when the piece has not
/// moved (most of a file, in a walk), else a copy moved there.
fn placed(piece: &Piece, file: FileId, at: usize) -> Actions {
    if piece.file == file && piece.at == at {
        return Arc::clone(&piece.actions);
    }
    let shift = |offset: usize| offset - piece.at + at;
    piece
        .actions
        .iter()
        .map(|(action, id_span)| {
            let id_span = id_span.map(|span| span.moved(piece.at, at));
            (moved(action, file, shift), id_span)
        })
        .collect()
}

/// The head of `text` and each piece after it with the byte offset it starts at.
fn cut(text: &str) -> (&str, Vec<(usize, &str)>) {
    let bytes = text.as_bytes();
    // A header alone on its line: at the start or after a newline, then only blanks.
    let alone = |at: usize| {
        let rest = &bytes[at + ACTION_HEADER.len()..];
        let line = &rest[..memchr::memchr(b'\n', rest).unwrap_or(rest.len())];
        (at == 0 || bytes[at - 1] == b'\n') && line.iter().all(|b| b" \t\r".contains(b))
    };
    let starts: Vec<usize> = memchr::memmem::find_iter(bytes, ACTION_HEADER)
        .filter(|&at| alone(at))
        .collect();
    let head = &text[..starts.first().copied().unwrap_or(text.len())];
    let ends = starts.iter().skip(1).copied().chain([text.len()]);
    let pieces = starts
        .iter()
        .zip(ends)
        .map(|(&start, end)| (start, &text[start..end]))
        .collect();
    (head, pieces)
}

/// One piece's actions, resolved; `None` on any finding (the file is then parsed whole).
fn parse_piece(resolver: &mut Resolver<'_>, piece: &str, at: usize) -> Option<Actions> {
    let mut parser = FileParser::new(resolver.file, piece);
    let actions = parser.action_piece()?;
    if !parser.found.is_empty() {
        return None;
    }
    let file = resolver.file;
    let resolved: Arc<[_]> = actions
        .into_iter()
        .map(|action| resolver.action_with_id(action))
        .map(|(action, id_span)| {
            let action = moved(&action, file, |offset| offset + at);
            (action, id_span.map(|span| span.moved(0, at)))
        })
        .collect();
    resolver.found.is_empty().then_some(resolved)
}

/// A copy of `action` in `file`, each offset moved by `shift`: its own place, its updates'
/// and its waivers' (the only places an action holds).
fn moved(action: &Action, file: FileId, shift: impl Fn(usize) -> usize) -> Action {
    let place = |place: &Place| Place {
        file,
        span: shift(place.span.start)..shift(place.span.end),
    };
    let mut action = action.clone();
    action.place = place(&action.place);
    if !action.updates.is_empty() {
        action.updates = each_moved(&action.updates, |u| u.place = place(&u.place));
    }
    if !action.waivers.is_empty() {
        action.waivers = each_moved(&action.waivers, |w| w.place = place(&w.place));
    }
    action
}

/// Copies of `items`, each with its place moved by `move_place`.
fn each_moved<T: Clone>(items: &[T], move_place: impl Fn(&mut T)) -> Arc<Vec<T>> {
    let moved = items.iter().cloned().map(|mut item| {
        move_place(&mut item);
        item
    });
    Arc::new(moved.collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_before_each_line_that_is_only_an_action_header() {
        let text = "[priority]\nid = \"p\"\n\n[[action]]\nid = \"a\"\n\n[[action]] \r\nid = \"b\"\n  [[action]]\n[[action]] # c\n";
        let (head, pieces) = cut(text);
        assert_eq!(head, "[priority]\nid = \"p\"\n\n");
        let starts: Vec<usize> = pieces.iter().map(|(at, _)| *at).collect();
        assert_eq!(starts, [21, 42]);
        assert_eq!(pieces[0].1, "[[action]]\nid = \"a\"\n\n");
        assert_eq!(
            pieces[1].1,
            "[[action]] \r\nid = \"b\"\n  [[action]]\n[[action]] # c\n"
        );
        let (head, pieces) = cut("[priority]\nid = \"p\"\n");
        assert_eq!((head, pieces.len()), ("[priority]\nid = \"p\"\n", 0));
    }

    /// The cut as first written: line by line.
    fn cut_by_lines(text: &str) -> Vec<usize> {
        let mut starts = Vec::new();
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            if line.trim_end_matches([' ', '\t', '\r', '\n']) == ACTION_HEADER {
                starts.push(at);
            }
            at += line.len();
        }
        starts
    }

    proptest! {
        #[test]
        fn the_cut_is_at_each_line_that_is_only_a_header(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just("[[action]]"), Just("\n"), Just(" "), Just("\t"), Just("\r"),
                    Just("x"), Just("[[action]]x"), Just("é"), Just("[[action.update]]"),
                ],
                0..24,
            )
        ) {
            let text = parts.concat();
            let (head, pieces) = cut(&text);
            let starts: Vec<usize> = pieces.iter().map(|(at, _)| *at).collect();
            prop_assert_eq!(&starts, &cut_by_lines(&text));
            let rebuilt: String = std::iter::once(head).chain(pieces.iter().map(|p| p.1)).collect();
            prop_assert_eq!(rebuilt, text);
        }
    }

    use super::super::{FileCache, Snapshot, load_from, load_version, source};
    use proptest::prelude::*;
    use std::path::PathBuf;

    const PLAN: &str = "title = \"T\"\norganisation = \"O\"\n";
    const OWNERS: &str = "[[role]]\nname = \"Leader\"\n";
    const HEADS: [&str; 3] = [
        "[priority]\nid = \"p\"\ntitle = \"P\"\nowners = [\"Leader\"]\n\n",
        "# A comment\n[priority]\nid = \"p\"\ntitle = \"P\"\n\n[[indicator]]\nid = \"i0\"\ntitle = \"I\"\npolarity = \"higher\"\nfrequency = \"quarterly\"\n\n",
        "[priority]\nid = \"p\"\ntitle = \"P\"\ndescription = \"\"\"\n",
    ];
    /// Pieces that read cleanly, and every way a cut can go wrong.
    const BLOCKS: [&str; 16] = [
        "[[action]]\nid = \"p-1\"\ntitle = \"One\"\ndue = \"April 2004\"\n\n",
        "[[action]]\nid = \"p-2\"\ntitle = \"Two\"\n\n[[action.update]]\ndate = 2004-01-05\nnote = \"n\"\nrag = \"red\"\n\n",
        "[[action]]\nid = \"p-3\"\ntitle = \"Three\"\n\n[[action.waive]]\nrule = \"overdue\"\nreason = \"r\"\n\n",
        "[[action]]\r\nid = \"p-4\"\r\ntitle = \"Four\"\r\n\r\n",
        "[[action]]\nid = \"p-1\"\ntitle = \"Again\"\n",
        "[[action]]\nid = \"p-5\"\ntitle = 5\n",
        "[[action]]\nid = \"p-6\"\ntitle = \"Six\"\ntitel = \"x\"\n",
        "[[action]]\nid = \"p-7\"\ntitle = \"Seven\"\nowners = [\"Nobody\"]\n",
        "[[action]]\nid = \"Bad Id\"\ntitle = \"Eight\"\n",
        "[[action]]\nid = \"p-9\"\ntitle = \"\"\"\n[[action]]\n\"\"\"\n",
        "[[ action ]]\nid = \"p-10\"\ntitle = \"Ten\"\n",
        "[[indicator]]\nid = \"i1\"\ntitle = \"I\"\npolarity = \"higher\"\nfrequency = \"quarterly\"\n",
        "[priority]\nid = \"q\"\n",
        "[action]\nid = \"p-11\"\n",
        "# only a comment\n\n",
        "[[action]]\nid = \"p-12\"\ntitle = \"Twelve\"\n[action.extra]\nx = 1\n[[action]]\n",
    ];

    fn version(head: &str, blocks: &[usize], before: bool) -> Snapshot {
        let dir = PathBuf::from("/mem/plan");
        let text: String = std::iter::once(head)
            .chain(blocks.iter().map(|&b| BLOCKS[b]))
            .collect();
        let mut files = vec![
            ("plan.toml", PLAN.to_owned()),
            ("owners.toml", OWNERS.to_owned()),
        ];
        files.push(("p.toml", text));
        if before {
            // Moves p.toml one place on in path order: its file id changes.
            files.push((
                "a.toml",
                "[priority]\nid = \"a\"\ntitle = \"A\"\n".to_owned(),
            ));
        }
        let files = files
            .into_iter()
            .map(|(p, t)| (dir.join(p), t.into_bytes()));
        Snapshot::Files(source::MemTree::with_files(dir.clone(), files))
    }

    proptest! {
        /// However a file changes from version to version, loading it piece by piece gives
        /// the plan and the findings a whole load gives.
        #[test]
        fn a_walk_loads_each_version_as_a_whole_load_does(
            versions in prop::collection::vec(
                (0..HEADS.len(), prop::collection::vec(0..BLOCKS.len(), 0..7), any::<bool>()),
                1..6,
            )
        ) {
            let dir = PathBuf::from("/mem/plan");
            let mut cache = FileCache::default();
            for (head, blocks, before) in versions {
                let walked = load_version(&dir, version(HEADS[head], &blocks, before), &mut cache).unwrap();
                let whole = load_from(&dir, version(HEADS[head], &blocks, before)).unwrap();
                prop_assert_eq!(&walked.diagnostics, &whole.diagnostics);
                prop_assert_eq!(format!("{:?}", walked.plan), format!("{:?}", whole.plan));
            }
        }
    }

    #[test]
    fn an_unchanged_piece_is_not_parsed_again() {
        let dir = PathBuf::from("/mem/plan");
        let mut cache = FileCache::default();
        load_version(&dir, version(HEADS[0], &[0, 1], false), &mut cache).unwrap();
        let first = &cache.files[&dir.join("p.toml")].pieces;
        let kept = Arc::clone(&first[BLOCKS[0]].actions);
        let moved_key = Arc::clone(first.get_key_value(BLOCKS[1]).unwrap().0);
        // The second action gains nothing, a third is added before it: the first is the same.
        load_version(&dir, version(HEADS[0], &[0, 2, 1], false), &mut cache).unwrap();
        let pieces = &cache.files[&dir.join("p.toml")].pieces;
        assert_eq!(pieces.len(), 3);
        // It has not moved: its actions are shared. The one that moved is not parsed again:
        // its text is the one seen before (moved, its actions are copies).
        assert!(Arc::ptr_eq(&kept, &pieces[BLOCKS[0]].actions));
        let (key, moved) = pieces.get_key_value(BLOCKS[1]).unwrap();
        assert!(Arc::ptr_eq(&moved_key, key));
        assert_eq!(moved.at, HEADS[0].len() + BLOCKS[0].len() + BLOCKS[2].len());
        // A file with a finding is loaded whole and keeps no pieces.
        load_version(&dir, version(HEADS[0], &[0, 5], false), &mut cache).unwrap();
        assert!(cache.files[&dir.join("p.toml")].pieces.is_empty());
    }
}
