//! Walking one XML part of a workbook with quick-xml, the same way for every part: empty
//! elements expanded (so `<c/>` is a start and an end, as calamine reads it), malformed XML
//! refused, and a part that stops before its elements are closed (a truncated file) refused
//! rather than read as far as it goes.

use std::path::Path;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::error::Error;

/// What the walk hands the visitor.
pub enum Step<'a> {
    Start(&'a BytesStart<'a>),
    End(&'a [u8]),
    /// Text inside the current element: how many characters it has, and whether they are
    /// all white space (the indentation between elements).
    Text {
        chars: usize,
        blank: bool,
    },
}

/// Calls `visit` for each element start (with its local name), end, and run of text.
pub fn walk(
    path: &Path,
    part: &str,
    xml: &[u8],
    mut visit: impl FnMut(Step<'_>) -> Result<(), Error>,
) -> Result<(), Error> {
    let mut reader = Reader::from_reader(xml);
    let config = reader.config_mut();
    config.expand_empty_elements = true;
    config.check_end_names = true;
    let mut depth = 0usize;
    loop {
        let event = reader.read_event().map_err(|err| {
            Error::Usage(format!(
                "cannot read {}: {part} is not well-formed XML at byte {}: {err}\nhelp: open it in the spreadsheet program and save it again",
                path.display(),
                reader.buffer_position()
            ))
        })?;
        match event {
            Event::Start(e) => {
                depth += 1;
                visit(Step::Start(&e))?;
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                visit(Step::End(e.local_name().into_inner()))?;
            }
            Event::Text(t) => visit(text(&t))?,
            Event::CData(t) => visit(text(&t))?,
            Event::GeneralRef(_) => visit(Step::Text {
                chars: 1,
                blank: false,
            })?,
            Event::Eof if depth > 0 => {
                return Err(Error::Usage(format!(
                    "cannot read {}: {part} ends before its last element is closed (the file is cut short)\nhelp: open it in the spreadsheet program and save it again",
                    path.display()
                )));
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// Characters in UTF-8 bytes (every byte but continuation bytes).
fn text(bytes: &[u8]) -> Step<'static> {
    Step::Text {
        chars: bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count(),
        blank: bytes.iter().all(u8::is_ascii_whitespace),
    }
}

/// The element's local name (`c` for `x:c`).
pub fn name<'a>(e: &'a BytesStart<'_>) -> &'a [u8] {
    let name = e.name().into_inner();
    match name.iter().position(|&b| b == b':') {
        Some(colon) => &name[colon + 1..],
        None => name,
    }
}

/// An attribute's value by its full name (`s`, `table:style-name`), unescaped.
pub fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key.as_bytes())
        .and_then(|a| {
            a.decode_and_unescape_value(e.decoder())
                .ok()
                .map(|v| v.into_owned())
        })
}

/// An attribute's value by its local name, whatever its prefix (`r:id` → `id`).
pub fn attr_local(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local.as_bytes())
        .and_then(|a| {
            a.decode_and_unescape_value(e.decoder())
                .ok()
                .map(|v| v.into_owned())
        })
}
