//! The parse floor: reads every `*.toml` under a plan folder and deserialises it with
//! toml + serde into plain structs, and does nothing else. It is the physical limit `plan` is
//! measured against in `bench/run.sh` (see docs/performance.md).
//!
//! ```text
//! cargo run --release --example parse-floor -- DIR [--threads N]
//! ```
//!
//! `--threads 1` (the default) reads and parses the files one after another; `--threads N`
//! spreads them over N threads with rayon, as `plan` does. Prints the number of actions.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Deserialize;

#[derive(Deserialize)]
#[allow(dead_code)] // fields exist to be deserialised, not read
struct Role {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    member_of: Vec<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Roster {
    #[serde(default)]
    role: Vec<Role>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Meta {
    title: String,
    organisation: String,
    financial_year_start: Option<i64>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Priority {
    id: String,
    title: String,
    parent: Option<String>,
    description: Option<String>,
    #[serde(default)]
    aims: Vec<String>,
    owners: Option<Vec<String>>,
    due: Option<toml::Value>,
    due_note: Option<String>,
    source: Option<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Action {
    id: String,
    title: String,
    owners: Option<Vec<String>>,
    due: Option<toml::Value>,
    due_note: Option<String>,
    status: Option<String>,
    source: Option<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct PriorityFile {
    priority: Priority,
    #[serde(default)]
    action: Vec<Action>,
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
    Ok(())
}

fn parse<T: for<'de> Deserialize<'de>>(path: &Path) -> T {
    let text = std::fs::read_to_string(path).expect("readable file");
    toml::from_str(&text).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = PathBuf::from(args.first().expect("usage: parse-floor DIR [--threads N]"));
    let threads: usize = args
        .iter()
        .position(|a| a == "--threads")
        .and_then(|i| args.get(i + 1))
        .map_or(1, |n| n.parse().expect("--threads takes a number"));
    let _meta: Meta = parse(&dir.join("plan.toml"));
    let _roster: Roster = parse(&dir.join("owners.toml"));
    let mut paths = Vec::new();
    collect(&dir, &mut paths).expect("readable plan folder");
    paths.retain(|p| {
        p.parent() != Some(dir.as_path())
            || !p.ends_with("plan.toml") && !p.ends_with("owners.toml")
    });
    paths.sort();
    let parse_file = |p: &PathBuf| parse::<PriorityFile>(p).action.len();
    let actions: usize = if threads <= 1 {
        paths.iter().map(parse_file).sum()
    } else {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("thread pool")
            .install(|| paths.par_iter().map(parse_file).sum())
    };
    println!("{actions}");
}
