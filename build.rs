//! Embeds the seed plan (`plan/**/*.toml`) in the binary: it is the example the tool runs on
//! when no plan folder is given or found (see `src/seed.rs`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=plan");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("plan");
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();
    let mut code = String::from("pub static FILES: &[(&str, &[u8])] = &[\n");
    for path in &files {
        let inside = path.strip_prefix(&root).expect("below plan/");
        let inside = inside
            .components()
            .map(|c| c.as_os_str().to_str().expect("UTF-8 file names in plan/"))
            .collect::<Vec<_>>()
            .join("/");
        writeln!(
            code,
            "    ({inside:?}, include_bytes!({:?})),",
            path.display()
        )
        .unwrap();
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("seed.rs"), code).expect("write seed.rs");
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("plan/ is readable") {
        let path = entry.expect("plan/ entry").path();
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "toml") {
            out.push(path);
        }
    }
}
