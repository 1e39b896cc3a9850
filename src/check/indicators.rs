//! `plan check`'s rules about indicators as at a day: `late-data`, `missing-target`, and
//! `missing-owner` as for actions. Each is placed on the indicator's own table, so a waiver
//! there (`[[indicator.waive]]`) covers it. (Bad periods, values and duplicates are found
//! by the loader.)

use chrono::NaiveDate;

use super::describe;
use crate::diag::{Diagnostic, Rule};
use crate::model::indicator::{Indicator, Span};
use crate::model::{Origin, Plan};

/// Every indicator finding on `today`.
pub(super) fn findings_into(plan: &Plan, today: NaiveDate, found: &mut Vec<Diagnostic>) {
    for indicator in &plan.indicators {
        found.extend(missing_owner(indicator));
        found.extend(missing_target(indicator));
        found.extend(late_data(plan, indicator, today));
    }
}

fn on_indicator(indicator: &Indicator, d: Diagnostic) -> Diagnostic {
    d.at(indicator.place.file, indicator.place.span.clone())
        .id(indicator.id.clone())
}

/// Periods listed for a message: every one up to four, else the first three and a count.
fn listed(periods: &[Span]) -> String {
    let names: Vec<String> = periods.iter().map(Span::to_string).collect();
    if names.len() <= 4 {
        return names.join(", ");
    }
    format!("{} and {} more", names[..3].join(", "), names.len() - 3)
}

fn missing_owner(indicator: &Indicator) -> Option<Diagnostic> {
    let none = indicator.owners.origin == Origin::Missing
        || (indicator.owners.roles.is_empty() && indicator.owners.origin != Origin::Invalid);
    none.then(|| {
        on_indicator(
            indicator,
            Diagnostic::new(
                Rule::MissingOwner,
                format!("{} has no owner", describe("indicator", &indicator.id)),
            )
            .label("no owners here or on its priority")
            .help(
                "add owners = [\"Role\"] to the indicator or its priority (names from owners.toml)",
            ),
        )
    })
}

/// Actuals with no target for their period (nor for the year they fall in).
fn missing_target(indicator: &Indicator) -> Option<Diagnostic> {
    let periods = indicator.without_target();
    if periods.is_empty() {
        return None;
    }
    let message = format!(
        "{} has no target for {} (which has an actual)",
        describe("indicator", &indicator.id),
        listed(&periods)
    );
    Some(on_indicator(
        indicator,
        Diagnostic::new(Rule::MissingTarget, message)
            .help("add [[indicator.target]] for the period or its year; plan record ID PERIOD VALUE --target"),
    ))
}

/// Periods ended more than `data_due_after` days ago with no actual: one finding per
/// indicator, naming the periods.
fn late_data(plan: &Plan, indicator: &Indicator, today: NaiveDate) -> Option<Diagnostic> {
    let late = indicator.late_periods(today, &plan.meta);
    let newest = late.last()?;
    let due = plan.meta.data_due_by(newest.last());
    let message = format!(
        "{} has no actual for {} (due by {due}, {} days after the period ended)",
        describe("indicator", &indicator.id),
        listed(&late),
        plan.meta.data_due_after
    );
    Some(on_indicator(
        indicator,
        Diagnostic::new(Rule::LateData, message)
            .help("record it: plan record ID PERIOD VALUE; data_due_after in plan.toml sets the days allowed"),
    ))
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::check;
    use crate::diag::Rule;
    use crate::load::tests::load_files;

    const KPI: &str = "[priority]\nid = \"p\"\ntitle = \"P\"\nowners = [\"Leader\"]\n\n[[action]]\nid = \"p-1\"\ntitle = \"A\"\ndue = \"continuous\"\n\n[[indicator]]\nid = \"p-kpi\"\ntitle = \"K\"\npolarity = \"higher\"\nfrequency = \"quarterly\"\n\n[[indicator.target]]\nperiod = \"2005/06\"\nvalue = 10\n\n[[indicator.actual]]\nperiod = \"2004/05 Q4\"\nvalue = 9\n\n[[indicator.actual]]\nperiod = \"2005/06 Q1\"\nvalue = 11\n";

    fn found(text: &str, today: NaiveDate) -> Vec<(Rule, String)> {
        let loaded = load_files(&[("p.toml", text)]);
        check::findings(&loaded, today)
            .into_iter()
            .map(|d| (d.rule, d.message))
            .collect()
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn late_data_and_missing_targets_are_found_on_the_indicator() {
        assert_eq!(
            found(KPI, day(2005, 10, 30)),
            [(
                Rule::MissingTarget,
                "indicator \"p-kpi\" has no target for 2004/05 Q4 (which has an actual)".to_owned()
            )]
        );
        assert_eq!(
            found(KPI, day(2005, 10, 31))[1],
            (
                Rule::LateData,
                "indicator \"p-kpi\" has no actual for 2005/06 Q2 (due by 2005-10-30, 30 days after the period ended)".to_owned()
            )
        );
        let loaded = load_files(&[("p.toml", KPI)]);
        let late = check::findings(&loaded, day(2005, 10, 31));
        assert_eq!(late[1].severity, crate::diag::Severity::Warning);
    }

    #[test]
    fn waivers_cover_indicator_findings() {
        let waived = format!(
            "{KPI}\n[[indicator.waive]]\nrule = \"missing-target\"\nreason = \"No target was set before 2005/06\"\n\n[[indicator.waive]]\nrule = \"late-data\"\nreason = \"Q2 figures audited late\"\n"
        );
        let loaded = load_files(&[("p.toml", &waived)]);
        let verdict = check::verdict(&loaded, &loaded.severities, day(2005, 10, 31));
        assert_eq!(verdict.findings, []);
        let waived: Vec<Rule> = verdict.waived.iter().map(|w| w.finding.rule).collect();
        assert_eq!(waived, [Rule::MissingTarget, Rule::LateData]);
    }

    #[test]
    fn an_indicator_with_no_owner_anywhere_is_missing_one() {
        let text = KPI.replace("owners = [\"Leader\"]\n", "");
        let rules: Vec<Rule> = found(&text, day(2005, 7, 1))
            .into_iter()
            .map(|(r, _)| r)
            .collect();
        assert_eq!(
            rules,
            [Rule::MissingOwner, Rule::MissingOwner, Rule::MissingTarget]
        );
    }
}
