//! One priority file of arbitrary bytes in an otherwise valid plan folder.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;

const PLAN: &str = "title = \"Fuzz\"\nfinancial_year_start = 4\n";
const OWNERS: &str = "[[role]]\nname = \"Chief Executive\"\n\n[[role]]\nname = \"Corporate Directors\"\naliases = [\"Directors\"]\n\n[[role]]\nname = \"Leader\"\nmember_of = [\"Corporate Directors\"]\n";

fuzz_target!(|data: &[u8]| {
    let dir = common::fresh_plan_dir();
    common::write(&dir, "plan.toml", PLAN.as_bytes());
    common::write(&dir, "owners.toml", OWNERS.as_bytes());
    common::write(&dir, "area/01-file.toml", data);
    common::exercise(&dir, common::pick(data));
});
