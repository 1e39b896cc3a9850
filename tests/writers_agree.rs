//! Every writer says the same about each action (issue #25): `list`, `owner` and `show` JSON,
//! the report's CSV, Markdown and HTML (their tables of all actions), the XLSX report's "All
//! actions" sheet, the chase list and the calendar agree on owners (an unknown one named and
//! marked), due-by day, overdue and days late, for a plan with an unknown owner, an
//! unreadable date, a recurring and a done action.

mod common;

use calamine::{Data, DataType as _, Reader as _, Xlsx, open_workbook};
use common::TestPlan;
use scraper::{Html, Selector};

const HOUSING: &str = r#"[priority]
id = "p"
title = "Housing"
owners = ["Chief Executive"]

[[action]]
id = "a-1"
title = "Repair homes"
due = "April 2004"

[[action]]
id = "a-2"
title = "Stock survey"
due = "Summer"

[[action]]
id = "a-3"
title = "Advice centre"
owners = ["Chief Exec"]
due = "March 2004"

[[action]]
id = "a-4"
title = "Quarterly return"
due = "quarterly"

[[action]]
id = "a-5"
title = "Let homes"
due = "March 2004"
status = "done"
done_on = 2004-03-20
"#;

/// What every writer must say of one action on 2004-05-01.
struct Expected {
    id: &'static str,
    /// Known owners, as the roster names them.
    owners: &'static [&'static str],
    /// Written names not on the roster.
    unknown: &'static [&'static str],
    due_by: Option<&'static str>,
    overdue: bool,
    days_late: u64,
}

const EXPECTED: [Expected; 5] = [
    Expected {
        id: "a-1",
        owners: &["Chief Executive"],
        unknown: &[],
        due_by: Some("2004-04-30"),
        overdue: true,
        days_late: 1,
    },
    Expected {
        id: "a-2",
        owners: &["Chief Executive"],
        unknown: &[],
        due_by: None,
        overdue: false,
        days_late: 0,
    },
    Expected {
        id: "a-3",
        owners: &[],
        unknown: &["Chief Exec"],
        due_by: Some("2004-03-31"),
        overdue: true,
        days_late: 31,
    },
    Expected {
        id: "a-4",
        owners: &["Chief Executive"],
        unknown: &[],
        due_by: Some("2004-04-30"),
        overdue: true,
        days_late: 1,
    },
    Expected {
        id: "a-5",
        owners: &["Chief Executive"],
        unknown: &[],
        due_by: Some("2004-03-31"),
        overdue: false,
        days_late: 0,
    },
];

fn plan() -> TestPlan {
    let plan = TestPlan::new();
    plan.write("housing.toml", HOUSING);
    plan
}

/// Stdout of a read command that must answer (exit 0) despite the two degraded actions.
fn answer(plan: &TestPlan, args: &[&str]) -> String {
    let output = plan.cmd().args(args).output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Owners as the table, CSV and calendar word them: known names, then each unknown one
/// quoted and marked.
fn owners_text(e: &Expected) -> String {
    let unknown = e
        .unknown
        .iter()
        .map(|u| format!("\"{u}\" (not on the roster)"));
    e.owners
        .iter()
        .map(|o| (*o).to_owned())
        .chain(unknown)
        .collect::<Vec<_>>()
        .join("; ")
}

/// One JSON action row (`list`, `owner`, `show`) against what is expected of it.
fn assert_json_row(writer: &str, row: &serde_json::Value, e: &Expected) {
    let names = |key: &str| -> Vec<String> {
        row[key]
            .as_array()
            .unwrap_or_else(|| panic!("{writer} {}: no {key}: {row}", e.id))
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect()
    };
    let at = format!("{writer} {}", e.id);
    assert_eq!(names("owners"), e.owners, "{at}");
    assert_eq!(names("unknown_owners"), e.unknown, "{at}");
    assert_eq!(row["due_by"].as_str(), e.due_by, "{at}");
    assert_eq!(row["overdue"].as_bool(), Some(e.overdue), "{at}");
    assert_eq!(row["days_overdue"].as_u64(), Some(e.days_late), "{at}");
}

#[test]
fn every_writer_says_the_same_owners_due_by_overdue_and_days_late() {
    let plan = plan();
    let by_id = |rows: &serde_json::Value| -> std::collections::HashMap<String, serde_json::Value> {
        rows.as_array()
            .unwrap()
            .iter()
            .map(|r| (r["id"].as_str().unwrap().to_owned(), r.clone()))
            .collect()
    };
    let parse = |text: String| -> serde_json::Value { serde_json::from_str(&text).unwrap() };
    let list = by_id(&parse(answer(
        &plan,
        &["list", "--all", "--format", "json"],
    )));
    let owner = by_id(&parse(answer(
        &plan,
        &["owner", "Chief Executive", "--all", "--format", "json"],
    )));
    assert_eq!(list.len(), 5);
    for e in &EXPECTED {
        assert_json_row("list", &list[e.id], e);
        let show = parse(answer(&plan, &["show", e.id, "--format", "json"]));
        assert_json_row("show", &show, e);
        // The owner's answer holds exactly the actions the role owns.
        match owner.get(e.id) {
            Some(row) => assert_json_row("owner", row, e),
            None => assert!(e.owners.is_empty(), "owner: {} missing", e.id),
        }
    }

    // The report's CSV: owners worded, due-by day, days late for the overdue.
    let csv = answer(&plan, &["report", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 5, "{csv}");
    for e in &EXPECTED {
        let row = rows.iter().find(|r| &r[0] == e.id).unwrap();
        assert_eq!(row[column("owners")], owners_text(e), "csv {}", e.id);
        assert_eq!(
            row[column("due_by")],
            *e.due_by.unwrap_or(""),
            "csv {}",
            e.id
        );
        let overdue = row[column("report_status")] == *"Overdue";
        assert_eq!(overdue, e.overdue, "csv {}", e.id);
        let late = if e.overdue {
            e.days_late.to_string()
        } else {
            String::new()
        };
        assert_eq!(row[column("days_late")], late, "csv {}", e.id);
    }

    // The report's Markdown, its table of all actions: owners, due-by day, days late.
    let markdown = answer(&plan, &["report", "--format", "markdown"]);
    let short = |day: &str| {
        let day = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
        day.format("%-d %b %Y").to_string()
    };
    for e in &EXPECTED {
        let row: Vec<&str> = markdown
            .lines()
            .rfind(|l| l.starts_with(&format!("| {} |", e.id)))
            .unwrap_or_else(|| panic!("markdown: no {}\n{markdown}", e.id))
            .split(" | ")
            .collect();
        assert_eq!(row[2], owners_text(e), "markdown {}", e.id);
        assert_eq!(
            row[4],
            e.due_by.map_or("—".to_owned(), short),
            "markdown {}",
            e.id
        );
        let late = match e.days_late {
            1 => "🔴 Overdue (1 day late)".to_owned(),
            n => format!("🔴 Overdue ({n} days late)"),
        };
        assert_eq!(row[5] == late, e.overdue, "markdown {}: {}", e.id, row[5]);
    }

    // The report's HTML, its tables of actions by priority: one row for each action, its
    // owners worded, its due-by day, overdue status and days late.
    let html = Html::parse_document(&answer(&plan, &["report", "--format", "html"]));
    let sel = |css: &str| Selector::parse(css).unwrap();
    let text = |el: scraper::ElementRef| el.text().collect::<String>();
    for e in &EXPECTED {
        let rows: Vec<_> = html
            .select(&sel(&format!("table.actions tr#a-{}", e.id)))
            .collect();
        assert_eq!(rows.len(), 1, "html {}", e.id);
        let row = rows[0];
        let owners: Vec<String> = row
            .select(&sel(r#"td[data-label="Owners"]"#))
            .map(text)
            .collect();
        assert_eq!(owners, [owners_text(e)], "html {}", e.id);
        let due_by: Vec<&str> = row
            .select(&sel("td.due time"))
            .filter_map(|t| t.value().attr("datetime"))
            .collect();
        assert_eq!(
            due_by,
            e.due_by.into_iter().collect::<Vec<_>>(),
            "html {}",
            e.id
        );
        assert_eq!(
            row.value().attr("data-status") == Some("overdue"),
            e.overdue,
            "html {}",
            e.id
        );
        let late: Vec<String> = row.select(&sel(".late")).map(text).collect();
        let want: Vec<String> = match e.days_late {
            0 => vec![],
            1 => vec!["1 day late".to_owned()],
            n => vec![format!("{n} days late")],
        };
        assert_eq!(late, want, "html {}", e.id);
    }

    // The XLSX report's "All actions" sheet, read back as Excel would: owners worded, due-by
    // a real date, status, and days late a number for the overdue.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.xlsx");
    let output = plan
        .cmd()
        .args(["report", "-o"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let all = book.worksheet_range("All actions").unwrap();
    let cell = |row: usize, col: usize| all.get((row, col)).cloned().unwrap_or(Data::Empty);
    let header: Vec<String> = (0..all.width()).map(|c| cell(0, c).to_string()).collect();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(all.height(), 1 + EXPECTED.len(), "{header:?}");
    for e in &EXPECTED {
        let row = (1..all.height())
            .find(|&r| cell(r, 0).get_string() == Some(e.id))
            .unwrap_or_else(|| panic!("xlsx: no {}", e.id));
        assert_eq!(
            cell(row, column("Owners")).to_string(),
            owners_text(e),
            "xlsx {}",
            e.id
        );
        let due_by = cell(row, column("Due by"));
        assert_eq!(
            due_by.as_date(),
            e.due_by
                .map(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap()),
            "xlsx {}: {due_by:?}",
            e.id
        );
        assert_eq!(
            due_by.is_empty(),
            e.due_by.is_none(),
            "xlsx {}: {due_by:?}",
            e.id
        );
        assert_eq!(
            cell(row, column("Status")).get_string() == Some("Overdue"),
            e.overdue,
            "xlsx {}",
            e.id
        );
        let late = cell(row, column("Days late"));
        if e.overdue {
            assert_eq!(late, Data::Float(e.days_late as f64), "xlsx {}", e.id);
        } else {
            assert!(late.is_empty(), "xlsx {}: {late:?}", e.id);
        }
    }

    // The chase list: nothing has been reported, so every open action is owed, under each
    // of its owners (a name not on the roster under that name, marked, as `owners` counts
    // it), due by the same day.
    let chase = parse(answer(&plan, &["chase", "--format", "json"]));
    let owners = chase.as_array().unwrap();
    for e in EXPECTED.iter().filter(|e| e.id != "a-5") {
        let entries: Vec<(&serde_json::Value, &serde_json::Value)> = owners
            .iter()
            .flat_map(|o| o["actions"].as_array().unwrap().iter().map(move |a| (o, a)))
            .filter(|(_, a)| a["id"] == e.id)
            .collect();
        let holders: Vec<(&str, bool)> = entries
            .iter()
            .map(|(o, _)| (o["owner"].as_str().unwrap(), o["not_on_roster"] == true))
            .collect();
        let want: Vec<(&str, bool)> = e
            .owners
            .iter()
            .map(|o| (*o, false))
            .chain(e.unknown.iter().map(|u| (*u, true)))
            .collect();
        assert_eq!(holders, want, "chase {}", e.id);
        for (_, action) in entries {
            assert_eq!(action["due_by"].as_str(), e.due_by, "chase {}", e.id);
        }
    }
    assert!(
        !chase.to_string().contains("a-5"),
        "chase: a done action is owed nothing: {chase}"
    );

    // The calendar: one event for each open action with a due-by day, on that day, owned as
    // every other writer says.
    let calendar = answer(&plan, &["calendar"])
        .replace("\r\n ", "")
        .replace("\r\n", "\n");
    let calendar = calendar.replace("\n ", "");
    let events: Vec<&str> = calendar.split("BEGIN:VEVENT").skip(1).collect();
    let open_dated: Vec<&Expected> = EXPECTED
        .iter()
        .filter(|e| e.due_by.is_some() && e.id != "a-5")
        .collect();
    assert_eq!(events.len(), open_dated.len(), "{calendar}");
    for e in open_dated {
        let event = events
            .iter()
            .find(|ev| ev.contains(&format!("UID:{}@", e.id)))
            .unwrap_or_else(|| panic!("calendar: no {}\n{calendar}", e.id));
        let day = e.due_by.unwrap().replace('-', "");
        assert!(
            event.contains(&format!("DTSTART;VALUE=DATE:{day}")),
            "calendar {}: {event}",
            e.id
        );
        assert!(
            event.contains(&format!("Owner: {}", owners_text(e))),
            "calendar {}: {event}",
            e.id
        );
    }
}
