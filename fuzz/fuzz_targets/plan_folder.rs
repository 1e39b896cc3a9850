//! A small plan folder: the input is split on 0xFF bytes (never part of UTF-8 text) into
//! plan.toml, owners.toml and up to four priority files in two sub-folders, so cross-file
//! rules (duplicate ids, parents, owners, inheritance) meet arbitrary content.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 6] = [
    "plan.toml",
    "owners.toml",
    "a/01.toml",
    "a/02.toml",
    "b/01.toml",
    "b/c/01.toml",
];

fuzz_target!(|data: &[u8]| {
    let dir = common::fresh_plan_dir();
    for (name, part) in NAMES.iter().zip(data.split(|&b| b == 0xFF)) {
        common::write(&dir, name, part);
    }
    common::exercise(&dir, common::pick(data));
});
