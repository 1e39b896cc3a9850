//! The files a plan was loaded from, and places in them ([`FileId`], [`Place`]): their paths, the names shown for them, where their lines
//! start, and their text for excerpts. Texts are as large as the plan (22 MB at 100k actions)
//! but only the files a finding is shown from need theirs, so the loader forgets the text of
//! a file it found nothing in, and the text is read again, and checked to be the text that
//! was loaded, when an excerpt needs it. Lines and columns never need the text.

use std::hash::Hasher as _;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// Index of a file in a [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A place in a plan file: the file and a byte range of its text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Place {
    pub file: FileId,
    pub span: Range<usize>,
}

/// One loaded file: where it is, how to show its name, where its lines start, and its text
/// while it is kept (see [`SourceFile::forget_text`]).
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    /// The path shown to people and in JSON: relative to the plan folder's parent, `/`-separated.
    pub display: String,
    /// `Some` while kept or once read again; `None` once a read-again text did not match.
    text: OnceLock<Option<String>>,
    len: u32,
    /// Of the text as loaded: a text read again is used only if it is the same.
    digest: u64,
    /// Byte offset of each line's start. `u32`, counted before collecting so the vector is
    /// exactly sized: at 100k actions there are 700k lines, and `Vec<usize>` grown by
    /// doubling held 8 MB where this holds 2.8 MB (files are at most 8 MiB, see
    /// `load::MAX_FILE_BYTES`, so offsets fit).
    line_starts: Vec<u32>,
    /// Each character of more than one byte: where it starts, and the bytes beyond one that
    /// it and all before it take. Columns count characters, and this counts them without
    /// the text (empty for an ASCII file).
    wide: Vec<(u32, u32)>,
}

impl SourceFile {
    pub fn new(path: PathBuf, display: String, text: String) -> Self {
        let newlines = || memchr::memchr_iter(b'\n', text.as_bytes());
        let mut line_starts = Vec::with_capacity(1 + newlines().count());
        line_starts.push(0);
        line_starts.extend(newlines().map(|i| offset_u32(i + 1)));
        SourceFile {
            path,
            display,
            len: offset_u32(text.len()),
            digest: digest(&text),
            wide: wide_chars(&text),
            text: OnceLock::from(Some(text)),
            line_starts,
        }
    }

    /// The text, if it is still kept (the loader reads it from here).
    pub fn kept_text(&self) -> Option<&str> {
        self.text.get().and_then(Option::as_deref)
    }

    /// Lets the text go; [`SourceMap::text`] reads it again if an excerpt needs it.
    pub fn forget_text(&mut self) {
        self.text = OnceLock::new();
    }

    fn is_same_text(&self, text: &str) -> bool {
        offset_u32(text.len()) == self.len && digest(text) == self.digest
    }

    /// 1-based line of a byte offset (no column: that counts characters).
    pub fn line(&self, offset: usize) -> usize {
        let offset = offset_u32(offset).min(self.len);
        self.line_starts.partition_point(|&start| start <= offset)
    }

    /// 1-based line and column (in characters) of a byte offset. An offset inside a
    /// character counts bytes from the line's start.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let line = self.line(offset);
        let start = self.line_starts[line - 1];
        let offset = offset_u32(offset).min(self.len);
        let before = |at: u32| self.wide.partition_point(|&(from, _)| from < at);
        let extra = |i: usize| if i == 0 { 0 } else { self.wide[i - 1].1 };
        let (first, last) = (before(start), before(offset));
        let inside_a_char = last > 0 && {
            let (from, through) = self.wide[last - 1];
            from + 1 + (through - extra(last - 1)) > offset
        };
        let bytes = offset - start;
        let col = if inside_a_char {
            bytes
        } else {
            bytes - (extra(last) - extra(first))
        };
        (line, col as usize + 1)
    }
}

fn digest(text: &str) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(text.as_bytes());
    hasher.finish()
}

fn wide_chars(text: &str) -> Vec<(u32, u32)> {
    if text.is_ascii() {
        return Vec::new();
    }
    let mut extra = 0;
    text.char_indices()
        .filter(|(_, c)| c.len_utf8() > 1)
        .map(|(at, c)| {
            extra += offset_u32(c.len_utf8() - 1);
            (offset_u32(at), extra)
        })
        .collect()
}

/// A byte offset in a plan file as stored in [`SourceFile`]; files are refused above
/// `load::MAX_FILE_BYTES`, so this only saturates on text that never came from a plan file.
fn offset_u32(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

/// How to read a file's text again from where the plan was loaded (the working tree, or the
/// revision held in memory); `None` when it can no longer be read.
#[derive(Clone)]
pub struct Reread(pub Arc<ReadAgain>);

pub type ReadAgain = dyn Fn(&Path) -> Option<String> + Send + Sync;

impl std::fmt::Debug for Reread {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Reread")
    }
}

/// The files of a plan, indexed by [`FileId`].
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    /// Shared: a history walk's versions share each file that did not change.
    files: Vec<std::sync::Arc<SourceFile>>,
    reread: Option<Reread>,
}

impl SourceMap {
    pub fn add(&mut self, file: impl Into<std::sync::Arc<SourceFile>>) -> FileId {
        self.files.push(file.into());
        FileId(u32::try_from(self.files.len() - 1).expect("fewer than 2^32 files"))
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Where forgotten texts are read again from.
    pub fn set_reread(&mut self, reread: Reread) {
        self.reread = Some(reread);
    }

    /// A file's text for an excerpt: kept, or read again. `None` when it changed since it
    /// was loaded (or can no longer be read): an excerpt of other text would point at the
    /// wrong words.
    pub fn text(&self, id: FileId) -> Option<&str> {
        let file = self.get(id);
        file.text
            .get_or_init(|| {
                let text = (self.reread.as_ref()?.0)(&file.path)?;
                file.is_same_text(&text).then_some(text)
            })
            .as_deref()
    }

    /// The shown file name and the line a place starts on, borrowed: what rows and JSON
    /// show as `file` and `line`.
    pub fn file_line(&self, place: &Place) -> (&str, usize) {
        let file = self.get(place.file);
        (&file.display, file.line(place.span.start))
    }

    /// `file:line:col` of a place, as editors and terminals link it.
    pub fn locate(&self, place: &Place) -> Location {
        let file = self.get(place.file);
        let (line, column) = file.line_col(place.span.start);
        let (end_line, end_column) = file.line_col(place.span.end);
        Location {
            file: file.display.clone(),
            line,
            column,
            end_line,
            end_column,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The column as the text itself counts it: characters from the line's start, bytes
    /// when the offset is inside a character.
    fn counted(text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let bytes = &text.as_bytes()[..offset];
        let start = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let line = 1 + bytes.iter().filter(|&&b| b == b'\n').count();
        let col = text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line, col + 1)
    }

    #[test]
    fn line_col_counts_characters_from_one() {
        let file = SourceFile::new("x".into(), "x".into(), "ab\né = 1\n".into());
        assert_eq!(file.line_col(0), (1, 1));
        assert_eq!(file.line_col(3), (2, 1));
        assert_eq!(file.line_col(6), (2, 3), "é is one column though two bytes");
        assert_eq!(file.line_col(999), (3, 1));
        for offset in [0, 2, 3, 6, 999] {
            assert_eq!(
                file.line(offset),
                file.line_col(offset).0,
                "offset {offset}"
            );
        }
    }

    #[test]
    fn columns_without_the_text_match_counting_in_it() {
        let text = "é£\nab€c 😀 x\n\n£\r\nzz😀😀q\u{200b}";
        let mut file = SourceFile::new("x".into(), "x".into(), text.into());
        file.forget_text();
        for offset in 0..=text.len() + 2 {
            assert_eq!(
                file.line_col(offset),
                counted(text, offset),
                "offset {offset}"
            );
        }
    }

    #[test]
    fn a_forgotten_text_is_read_again_only_if_unchanged() {
        let mut sources = SourceMap::default();
        let mut same = SourceFile::new("same".into(), "same".into(), "a = 1\n".into());
        let mut changed = SourceFile::new("changed".into(), "changed".into(), "a = 1\n".into());
        same.forget_text();
        changed.forget_text();
        assert_eq!(same.kept_text(), None);
        let (same, changed) = (sources.add(same), sources.add(changed));
        assert_eq!(sources.text(same), None, "nowhere to read it again from");
        let mut sources = SourceMap::default();
        for name in ["same", "changed"] {
            let mut file = SourceFile::new(name.into(), name.into(), "a = 1\n".into());
            file.forget_text();
            sources.add(file);
        }
        sources.set_reread(Reread(Arc::new(|path: &Path| {
            Some(
                if path == Path::new("same") {
                    "a = 1\n"
                } else {
                    "a = 2\n"
                }
                .to_owned(),
            )
        })));
        assert_eq!(sources.text(same), Some("a = 1\n"));
        assert_eq!(sources.text(changed), None, "changed since it was loaded");
    }
}
