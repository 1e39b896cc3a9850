//! Writes a deterministic synthetic plan of N actions in the real format, for benchmarks.
//!
//! ```text
//! cargo run --release --example gen-plan -- N DIR [--tasks FILE --shift-days D]
//! ```
//!
//! DIR becomes a plan folder: `plan.toml`, an `owners.toml` roster with aliases and groups,
//! and one priority file per 100 actions, grouped into areas of up to 20 files. Each area has
//! a top-level priority that sets owners and a due date; the other priorities nest under it
//! (every fourth one a level deeper), and about a third of actions inherit owners or dates.
//! Due dates come in the forms officers write (days, months, quarters, financial years,
//! ranges, "end of …", continuous). Every action ends up with an owner and a date, so the
//! plan loads with no errors; with `--today 2005-06-01` roughly a third of actions are overdue.
//!
//! `--tasks FILE` also writes the same actions as Taskwarrior import JSON (one task per line),
//! with each due-by day moved `--shift-days` days, so that Taskwarrior's "now" plays the part
//! of the plan's `--today` and both tools find the same actions overdue.
//!
//! There is no randomness beyond a fixed-seed LCG: the same N gives the same bytes.

use std::fmt::Write as _;
use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

/// Actions per priority file.
pub const PER_FILE: usize = 100;
/// Priority files per area folder.
const FILES_PER_AREA: usize = 20;

/// A 64-bit linear congruential generator (Knuth's MMIX constants): tiny and reproducible.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    /// Uniform-enough in `0..n` for test data.
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next()).expect("31-bit value fits") % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const SERVICES: &[&str] = &[
    "Housing",
    "Education and Lifelong Learning",
    "Social Care and Health",
    "Environment",
    "Culture and Leisure",
    "Regeneration",
    "Resources",
    "Community Safety",
    "Transport",
    "Neighbourhood Renewal",
];

const VERBS: &[&str] = &[
    "Improve",
    "Review",
    "Deliver",
    "Implement",
    "Develop",
    "Consult on",
    "Publish",
    "Reduce delays in",
    "Extend",
    "Agree targets for",
    "Monitor",
    "Roll out",
];

const THINGS: &[&str] = &[
    "the repairs service",
    "school admissions",
    "home care packages",
    "recycling collections",
    "library opening hours",
    "the local transport plan",
    "council tax collection",
    "the community plan",
    "area committees",
    "the asset management plan",
    "street cleansing",
    "youth provision",
    "the Best Value review programme",
    "performance management",
    "the residents survey",
    "neighbourhood wardens",
];

const PLACES: &[&str] = &[
    "across the city",
    "in priority neighbourhoods",
    "with partners",
    "for older people",
    "for young people",
    "in the city centre",
    "through the Leicester Partnership",
    "within budget",
];

const MONTHS: [&str; 12] = plan::dates::MONTH_NAMES;
const SHORT_MONTHS: &[&str] = &[
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec",
];

/// One role of the roster as written in `owners.toml`.
struct Role {
    name: String,
    aliases: Vec<String>,
    member_of: Vec<&'static str>,
}

fn roster() -> Vec<Role> {
    let role = |name: &str, aliases: &[&str], member_of: &[&'static str]| Role {
        name: name.to_owned(),
        aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
        member_of: member_of.to_vec(),
    };
    let mut roles = vec![
        role("Corporate Management Team", &["CMT"], &[]),
        role("Corporate Directors", &[], &["Corporate Management Team"]),
        role("Cabinet", &["The Cabinet"], &[]),
        role("Chief Executive", &[], &["Corporate Management Team"]),
        role(
            "Assistant Chief Executive",
            &[],
            &["Corporate Management Team"],
        ),
        role("Leader", &["Leader of the Council"], &["Cabinet"]),
        role("Leicester Partnership", &[], &[]),
    ];
    for service in SERVICES {
        roles.push(Role {
            name: format!("Corporate Director, {service}"),
            aliases: vec![format!("Director of {service}")],
            member_of: vec!["Corporate Directors"],
        });
        roles.push(Role {
            name: format!("Cabinet Lead for {service}"),
            aliases: vec![format!("Portfolio Holder for {service}")],
            member_of: vec!["Cabinet"],
        });
        roles.push(Role {
            name: format!("Head of {service} Operations"),
            aliases: Vec::new(),
            member_of: Vec::new(),
        });
    }
    roles
}

/// A due date as written, and whether it is a bare TOML date rather than a string.
struct DueText {
    text: String,
    bare: bool,
}

fn due_text(rng: &mut Lcg) -> DueText {
    let year = 2003 + rng.below(6); // 2003..=2008
    let month = rng.below(12);
    let string = |text: String| DueText { text, bare: false };
    match rng.below(20) {
        0 | 1 => {
            let day = 1 + rng.below(28);
            DueText {
                text: format!("{year}-{:02}-{day:02}", month + 1),
                bare: true,
            }
        }
        2 => string(format!("{}st {} {year}", 1, MONTHS[month])),
        3 => string(format!("{} {} {year}", 1 + rng.below(28), MONTHS[month])),
        4..=6 => string(format!("{} {year}", MONTHS[month])),
        7 => string(format!("{} {year}", SHORT_MONTHS[month])),
        // `2005-06` could also be the financial year 2005/06, which the parser refuses.
        8 if month + 1 == (year + 1) % 100 => string(format!("{} {year}", MONTHS[month])),
        8 => string(format!("{year}-{:02}", month + 1)),
        9..=11 => string(format!("{year}/{:02}", (year + 1) % 100)),
        12 => string(format!("FY{year}/{:02}", (year + 1) % 100)),
        13 => string(format!("{year}-Q{}", 1 + rng.below(4))),
        14 => string(format!("Q{} {year}", 1 + rng.below(4))),
        15 => string(format!(
            "{year}/{:02} Q{}",
            (year + 1) % 100,
            1 + rng.below(4)
        )),
        16 => string(format!("{year}")),
        17 => {
            let first = rng.below(11);
            string(format!(
                "{}/{} {year}",
                SHORT_MONTHS[first],
                SHORT_MONTHS[first + 1]
            ))
        }
        18 => string(format!("by end of {} {year}", MONTHS[month])),
        _ => string(
            rng.pick(&["continuous", "ongoing", "Continuous"])
                .to_owned(),
        ),
    }
}

/// A TOML basic string. Generated text has no characters that need escaping, but say so.
fn quoted(text: &str) -> String {
    debug_assert!(!text.contains(['"', '\\', '\n']));
    format!("\"{text}\"")
}

fn due_line(due: &DueText) -> String {
    if due.bare {
        format!("due = {}\n", due.text)
    } else {
        format!("due = {}\n", quoted(&due.text))
    }
}

/// One owner as an officer might write it: canonical name, alias, or different case.
fn written_owner(rng: &mut Lcg, role: &Role) -> String {
    match rng.below(10) {
        0 | 1 if !role.aliases.is_empty() => role.aliases[rng.below(role.aliases.len())].clone(),
        2 => role.name.to_lowercase(),
        _ => role.name.clone(),
    }
}

fn owners_line(rng: &mut Lcg, roles: &[Role], count: usize) -> String {
    let mut picked: Vec<usize> = Vec::new();
    while picked.len() < count {
        let i = rng.below(roles.len());
        if !picked.contains(&i) {
            picked.push(i);
        }
    }
    let names: Vec<String> = picked
        .iter()
        .map(|&i| quoted(&written_owner(rng, &roles[i])))
        .collect();
    format!("owners = [{}]\n", names.join(", "))
}

/// What the generator wrote about one action, for the Taskwarrior export.
pub struct ActionRecord {
    pub id: String,
    pub title: String,
    pub project: String,
    /// Effective due text (own or inherited), `None` only for bare TOML dates' text form.
    pub due: String,
    pub status: &'static str,
}

/// Writes the plan; returns what was written about each action, in file order.
pub fn generate(n: usize, dir: &Path) -> io::Result<Vec<ActionRecord>> {
    fs::create_dir_all(dir)?;
    let mut rng = Lcg(0x005E_ED0F_2003);
    fs::write(
        dir.join("plan.toml"),
        "# Synthetic plan written by examples/gen-plan.rs for benchmarks.\n\
         title = \"Synthetic Strategic Plan\"\n\
         organisation = \"Benchmark County Council and Partners\"\n\
         financial_year_start = 4\n",
    )?;
    let roles = roster();
    let mut owners = String::from("# Synthetic roster written by examples/gen-plan.rs.\n");
    for role in &roles {
        let list = |items: &[String]| {
            items
                .iter()
                .map(|s| quoted(s))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let member_of: Vec<String> = role.member_of.iter().map(|s| (*s).to_owned()).collect();
        write!(
            owners,
            "\n[[role]]\nname = {}\naliases = [{}]\nmember_of = [{}]\n",
            quoted(&role.name),
            list(&role.aliases),
            list(&member_of)
        )
        .expect("writing to a String");
    }
    fs::write(dir.join("owners.toml"), owners)?;

    let files = n.div_ceil(PER_FILE);
    let mut records = Vec::with_capacity(n);
    // Effective due text of each priority in the current area, by index in the area.
    let mut area_dues: Vec<String> = Vec::new();
    for f in 0..files {
        let area = f / FILES_PER_AREA;
        let index = f % FILES_PER_AREA;
        let area_dir: PathBuf = dir.join(format!("area-{area:03}"));
        if index == 0 {
            fs::create_dir_all(&area_dir)?;
            area_dues.clear();
        }
        let service = SERVICES[area % SERVICES.len()];
        let priority_id = if index == 0 {
            format!("a{area:03}")
        } else {
            format!("a{area:03}-p{index:02}")
        };
        let mut text = String::with_capacity(PER_FILE * 260);
        writeln!(text, "# Synthetic priority file {f}.\n\n[priority]").expect("String");
        writeln!(text, "id = {}", quoted(&priority_id)).expect("String");
        let title = if index == 0 {
            format!("{service}: area {area}")
        } else {
            format!("{} {}", rng.pick(VERBS), rng.pick(THINGS))
        };
        writeln!(text, "title = {}", quoted(&title)).expect("String");
        // Top-level area priorities always set owners and a date, so every action has both
        // by inheritance; nested ones set them about half the time.
        let parent_index = match index {
            0 => None,
            i if i % 4 == 0 => Some(i - 1),
            _ => Some(0),
        };
        if let Some(p) = parent_index {
            let parent_id = if p == 0 {
                format!("a{area:03}")
            } else {
                format!("a{area:03}-p{p:02}")
            };
            writeln!(text, "parent = {}", quoted(&parent_id)).expect("String");
        }
        text.push_str("description = \"Generated priority for performance testing.\"\n");
        if index == 0 || rng.chance(50) {
            let count = 1 + rng.below(2);
            text.push_str(&owners_line(&mut rng, &roles, count));
        }
        let priority_due = if index == 0 || rng.chance(50) {
            let due = due_text(&mut rng);
            text.push_str(&due_line(&due));
            due.text
        } else {
            area_dues[parent_index.expect("nested")].clone()
        };
        area_dues.push(priority_due.clone());
        writeln!(
            text,
            "source = {}",
            quoted(&format!("Synthetic plan, file {f}"))
        )
        .expect("String");

        let in_file = PER_FILE.min(n - f * PER_FILE);
        for a in 1..=in_file {
            let id = format!("{priority_id}-{a}");
            let title = format!(
                "{} {} {}",
                rng.pick(VERBS),
                rng.pick(THINGS),
                rng.pick(PLACES)
            );
            write!(
                text,
                "\n[[action]]\nid = {}\ntitle = {}\n",
                quoted(&id),
                quoted(&title)
            )
            .expect("String");
            if rng.chance(65) {
                let count = 1 + rng.below(3);
                text.push_str(&owners_line(&mut rng, &roles, count));
            }
            let due = if rng.chance(70) {
                let due = due_text(&mut rng);
                text.push_str(&due_line(&due));
                if rng.chance(10) {
                    text.push_str("due_note = \"Date agreed at Cabinet\"\n");
                }
                due.text
            } else {
                priority_due.clone()
            };
            let status = match rng.below(20) {
                0..=9 => "planned",
                10 | 11 => {
                    text.push_str("status = \"planned\"\n");
                    "planned"
                }
                12..=15 => {
                    text.push_str("status = \"in-progress\"\n");
                    "in-progress"
                }
                16..=18 => {
                    text.push_str("status = \"done\"\n");
                    "done"
                }
                _ => {
                    text.push_str("status = \"dropped\"\n");
                    "dropped"
                }
            };
            writeln!(
                text,
                "source = {}",
                quoted(&format!("Synthetic plan, file {f}, action {a}"))
            )
            .expect("String");
            records.push(ActionRecord {
                id,
                title,
                project: priority_id.clone(),
                due,
                status,
            });
        }
        fs::write(area_dir.join(format!("{index:02}-priority.toml")), text)?;
    }
    Ok(records)
}

/// The actions as Taskwarrior import JSON, one object per line; due-by days moved by
/// `shift_days`. Dates are read with the tool's own parser, so both tools agree on them.
pub fn write_tasks(
    records: &[ActionRecord],
    shift_days: i64,
    out: &mut impl io::Write,
) -> io::Result<()> {
    let entry = "20030101T000000Z";
    for (i, record) in records.iter().enumerate() {
        let period = plan::dates::parse_due(&record.due, &plan::dates::Settings::default())
            .unwrap_or_else(|err| panic!("generated due {:?} does not parse: {err}", record.due));
        let due = period.due_by().map(|day| {
            let shifted = day + chrono::Duration::days(shift_days);
            shifted.format("%Y%m%dT235959Z").to_string()
        });
        let status = match record.status {
            "done" => "completed",
            "dropped" => "deleted",
            _ => "pending",
        };
        let mut task = serde_json::json!({
            "uuid": format!("00000000-0000-4000-8000-{:012x}", i + 1),
            "description": format!("{}: {}", record.id, record.title),
            "project": record.project,
            "status": status,
            "entry": entry,
        });
        if let Some(due) = due {
            task["due"] = due.into();
        }
        if status != "pending" {
            task["end"] = entry.into();
        }
        serde_json::to_writer(&mut *out, &task)?;
        writeln!(out)?;
    }
    Ok(())
}

#[allow(dead_code)] // the tests include this file for `generate` only
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: gen-plan N DIR [--tasks FILE --shift-days D]";
    let n: usize = args.first().ok_or(usage)?.parse().map_err(|_| usage)?;
    let dir = PathBuf::from(args.get(1).ok_or(usage)?);
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
    };
    let records = generate(n, &dir)?;
    if let Some(tasks) = flag("--tasks") {
        let shift: i64 = flag("--shift-days").map_or(Ok(0), |s| s.parse())?;
        let mut out = io::BufWriter::new(fs::File::create(tasks)?);
        write_tasks(&records, shift, &mut out)?;
        out.flush()?;
    }
    eprintln!(
        "wrote {n} actions in {} priority files to {}",
        n.div_ceil(PER_FILE),
        dir.display()
    );
    Ok(())
}
