//! A workbook's zip, opened with every bound checked before a reader sees it: the file's size,
//! the number of entries, and the bytes each entry and all of them unzip to (counted while
//! unzipping, so a zip that lies about its sizes is caught too). A truncated or corrupt zip,
//! an entry whose checksum does not match, or an encrypted entry is refused here, so the
//! reader only ever gets a whole, honest archive.

use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::path::Path;

use crate::error::Error;

use super::limits::{MAX_ENTRIES, MAX_UNZIPPED, mib};
use super::too_big;

/// The parts of a workbook the import reads itself (styles, the sheet's XML), unzipped.
pub struct Parts {
    parts: HashMap<String, Vec<u8>>,
}

impl Parts {
    pub fn get(&self, name: &str) -> Option<&[u8]> {
        self.parts.get(name).map(Vec::as_slice)
    }
}

/// Unzips every entry of `bytes` within the bounds, keeping the XML parts (`.xml`, `.rels`).
pub fn open(path: &Path, bytes: &[u8]) -> Result<Parts, Error> {
    let broken = |why: String| {
        Error::Usage(format!(
            "cannot read {}: {why}\nhelp: open it in the spreadsheet program and save it again",
            path.display()
        ))
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|err| broken(format!("not a whole workbook (a zip archive): {err}")))?;
    if zip.len() > MAX_ENTRIES {
        return Err(too_big(
            path,
            &format!("it holds {} files", zip.len()),
            &format!("{MAX_ENTRIES} files in a workbook"),
        ));
    }
    let mut parts = HashMap::new();
    let mut budget = MAX_UNZIPPED;
    for i in 0..zip.len() {
        let mut entry = zip
            .by_index(i)
            .map_err(|err| broken(format!("entry {i} of its zip: {err}")))?;
        if entry.is_dir() {
            continue;
        }
        let name = entry.name().to_owned();
        if entry.encrypted() {
            return Err(broken(format!(
                "{name} is encrypted (a password-protected file)"
            )));
        }
        if entry.size() > budget {
            return Err(unzips_too_big(path));
        }
        let mut data = Vec::new();
        // One byte over the budget tells a zip that lies about its sizes from one that fits.
        (&mut entry)
            .take(budget + 1)
            .read_to_end(&mut data)
            .map_err(|err| broken(format!("{name} does not unzip: {err}")))?;
        let used = data.len() as u64;
        if used > budget {
            return Err(unzips_too_big(path));
        }
        budget -= used;
        if name.ends_with(".xml") || name.ends_with(".rels") {
            parts.insert(name, data);
        }
    }
    Ok(Parts { parts })
}

fn unzips_too_big(path: &Path) -> Error {
    too_big(
        path,
        &format!("it unzips to more than {}", mib(MAX_UNZIPPED)),
        &format!("{} unzipped", mib(MAX_UNZIPPED)),
    )
}
