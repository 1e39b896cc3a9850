//! Resolving a file's `[[indicator]]` tables: polarity, frequency, tolerance, and each
//! target, actual and benchmark's period (read by the date parser, then held to a month,
//! quarter or year of the financial year) and value. Each bad entry is a located finding
//! and is left out; the indicator and its other entries still load.

use std::sync::Arc;

use serde_spanned::Spanned;

use super::resolve::Resolver;
use crate::dates;
use crate::diag::{Diagnostic, Place, Rule};
use crate::model::indicator::{
    Actual, Frequency, Indicator, Polarity, Quartiles, Span, Target, Tolerance,
};
use crate::model::{Origin, Owners, PriorityIdx};
use crate::schema::{ActualEntry, FigureEntry, IndicatorEntry, QuartilesEntry};
use crate::text::{self, Quote, escape};

/// What kind of entry a period belongs to, for messages.
#[derive(Clone, Copy)]
enum Kind {
    Target,
    Actual,
    Quartiles,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Target => "target",
            Kind::Actual => "actual",
            Kind::Quartiles => "quartiles",
        }
    }
}

impl Resolver<'_> {
    /// An indicator with its own values; its priority and inherited owners are set by `link`.
    pub(super) fn indicator(&mut self, entry: Spanned<IndicatorEntry>) -> Indicator {
        let span = entry.span();
        let raw = entry.into_inner();
        let id = raw.id.map(Spanned::into_inner).unwrap_or_default();
        let polarity = self.named(
            &raw.polarity,
            "polarity",
            &id,
            Polarity::from_name,
            &["higher", "lower"],
        );
        let frequency = self.named(
            &raw.frequency,
            "frequency",
            &id,
            Frequency::from_name,
            &["monthly", "quarterly", "annual"],
        );
        let tolerance = raw.tolerance.as_ref().and_then(|t| self.tolerance(t, &id));
        let owners = self.owners(raw.owners.as_ref(), &id).unwrap_or(Owners {
            roles: Arc::from([]),
            origin: Origin::Missing,
            unknown: Box::default(),
        });
        let mut indicator = Indicator {
            unit: raw.unit.map(String::into_boxed_str),
            polarity,
            frequency,
            tolerance,
            owners,
            source: raw.source.map(String::into_boxed_str),
            targets: Vec::new(),
            actuals: Vec::new(),
            quartiles: Vec::new(),
            waivers: self.waivers(&raw.waive, &id).into(),
            title: raw.title.into(),
            priority: PriorityIdx(u32::MAX),
            place: Place {
                file: self.file,
                span,
            },
            id: id.into(),
        };
        for target in raw.target {
            if let Some(target) = self.target(&indicator, target) {
                indicator.targets.push(target);
            }
        }
        for actual in raw.actual {
            if let Some(actual) = self.actual(&indicator, actual) {
                indicator.actuals.push(actual);
            }
        }
        for quartiles in raw.quartiles {
            if let Some(quartiles) = self.quartiles(&indicator, quartiles) {
                indicator.quartiles.push(quartiles);
            }
        }
        self.one_per_period(&mut indicator);
        indicator
    }

    /// A value that must be one of `names`; anything else is reported (and confined to the
    /// indicator, which still appears, without the judgements that need it).
    fn named<T>(
        &mut self,
        value: &Spanned<String>,
        key: &str,
        id: &str,
        read: impl Fn(&str) -> Option<T>,
        names: &[&str],
    ) -> Option<T> {
        let found = read(value.get_ref());
        if found.is_none() {
            let listed = names.join(" or ");
            self.report(
                Diagnostic::new(
                    Rule::WrongType,
                    format!(
                        "{key} must be {listed}, not \"{}\"",
                        escape(value.get_ref())
                    ),
                )
                .at(self.file, value.span())
                .id(id)
                .help(text::suggest_from(
                    value.get_ref(),
                    names,
                    Quote::Value,
                    "values",
                ))
                .confined(),
            );
        }
        found
    }

    fn tolerance(&mut self, value: &Spanned<toml::Value>, id: &str) -> Option<Tolerance> {
        Tolerance::read(value.get_ref())
            .map_err(|message| {
                self.report(
                    Diagnostic::new(Rule::BadValue, message)
                        .at(self.file, value.span())
                        .id(id)
                        .help("tolerance = \"2%\" (of the target) or tolerance = 1.5 (in the indicator's unit)"),
                );
            })
            .ok()
    }

    /// The period an entry is for: a month, quarter or year of the financial year, and for
    /// an actual one of the indicator's frequency.
    fn period(
        &mut self,
        indicator: &Indicator,
        value: &Spanned<toml::Value>,
        kind: Kind,
    ) -> Option<Span> {
        let id = &*indicator.id;
        let bad = |message: String| {
            Diagnostic::new(Rule::BadPeriod, message)
                .at(self.file, value.span())
                .id(id)
        };
        let text = match value.get_ref() {
            toml::Value::String(text) => text,
            other => {
                let message = format!(
                    "an indicator's period must be a string such as \"2005/06 Q1\", not {}",
                    other.type_str()
                );
                self.report(bad(message).help(PERIOD_FORMS));
                return None;
            }
        };
        let start_month = self.date_settings.fy_start;
        let span = match dates::parse_due(text, &self.date_settings) {
            Err(error) => {
                // The due-date parser's advice about `due` and `due_note` is not an
                // indicator period's: say what the period is not.
                let message = match &error {
                    dates::DateError::FreeText { .. }
                    | dates::DateError::SeveralDates { .. }
                    | dates::DateError::StatusWord { .. }
                    | dates::DateError::Empty => format!(
                        "bad period \"{}\": not a financial year, quarter or month",
                        escape(text)
                    ),
                    _ => format!("bad period {error}"),
                };
                self.report(bad(message).help(PERIOD_FORMS));
                return None;
            }
            Ok(period) => match Span::of(&period, start_month) {
                Some(span) => span,
                None => {
                    let message = format!(
                        "\"{}\" ({}) is not a month, quarter or year of the financial year",
                        escape(text),
                        period.kind()
                    );
                    self.report(bad(message).help(PERIOD_FORMS));
                    return None;
                }
            },
        };
        if let (Kind::Actual, Some(frequency)) = (kind, indicator.frequency)
            && span.length != frequency
        {
            let message = format!(
                "\"{}\" is a {}, but {} is {}: each actual is for one {}",
                escape(text),
                span.length.period_word(),
                describe(id),
                frequency.name(),
                frequency.period_word()
            );
            self.report(bad(message).help(PERIOD_FORMS));
            return None;
        }
        Some(span)
    }

    /// A figure: a finite number, and for a percentage one from 0 to 100.
    fn value(
        &mut self,
        indicator: &Indicator,
        value: &Spanned<toml::Value>,
        key: &str,
    ) -> Option<f64> {
        let number = match value.get_ref() {
            toml::Value::Integer(n) => Some(*n as f64),
            toml::Value::Float(x) if x.is_finite() => Some(*x),
            _ => None,
        };
        let problem = match number {
            None => format!("{key} must be a number, not {}", written(value.get_ref())),
            Some(n) if indicator.is_percentage() && !(0.0..=100.0).contains(&n) => {
                format!("{key} {n} is a percentage outside 0-100")
            }
            Some(n) => return Some(n),
        };
        self.report(
            Diagnostic::new(Rule::BadValue, problem)
                .at(self.file, value.span())
                .id(&*indicator.id)
                .help("write the figure as a plain number, e.g. value = 96.1 (the unit is the indicator's)"),
        );
        None
    }

    fn target(&mut self, indicator: &Indicator, entry: Spanned<FigureEntry>) -> Option<Target> {
        let period = self.period(indicator, &entry.get_ref().period, Kind::Target);
        let value = self.value(indicator, &entry.get_ref().value, "value");
        Some(Target {
            period: period?,
            value: value?,
            place: self.place(entry.span()),
        })
    }

    fn actual(&mut self, indicator: &Indicator, entry: Spanned<ActualEntry>) -> Option<Actual> {
        let span = entry.span();
        let raw = entry.into_inner();
        let period = self.period(indicator, &raw.period, Kind::Actual);
        let value = self.value(indicator, &raw.value, "value");
        let by = raw.by.and_then(|by| self.role(&by, &indicator.id));
        Some(Actual {
            period: period?,
            value: value?,
            note: raw.note,
            by,
            place: self.place(span),
        })
    }

    fn quartiles(
        &mut self,
        indicator: &Indicator,
        entry: Spanned<QuartilesEntry>,
    ) -> Option<Quartiles> {
        let raw = entry.get_ref();
        let period = self.period(indicator, &raw.period, Kind::Quartiles);
        let values = self.three_values(indicator, &raw.values);
        Some(Quartiles {
            period: period?,
            values: values?,
            place: self.place(entry.span()),
        })
    }

    /// `values = [lower quartile, median, upper quartile]`: three numbers, ascending.
    fn three_values(
        &mut self,
        indicator: &Indicator,
        value: &Spanned<toml::Value>,
    ) -> Option<[f64; 3]> {
        let numbers: Option<Vec<f64>> = match value.get_ref() {
            toml::Value::Array(items) => items
                .iter()
                .map(|item| match item {
                    toml::Value::Integer(n) => Some(*n as f64),
                    toml::Value::Float(x) if x.is_finite() => Some(*x),
                    _ => None,
                })
                .collect(),
            _ => None,
        };
        let problem = match numbers.as_deref() {
            Some(&[lower, median, upper]) if lower <= median && median <= upper => {
                let values = [lower, median, upper];
                if !indicator.is_percentage() || values.iter().all(|v| (0.0..=100.0).contains(v)) {
                    return Some(values);
                }
                "quartiles of a percentage must lie in 0-100".to_owned()
            }
            Some(&[_, _, _]) => {
                "quartile values must be ascending: lower quartile, median, upper quartile"
                    .to_owned()
            }
            _ => format!(
                "values must be three numbers (lower quartile, median, upper quartile), not {}",
                written(value.get_ref())
            ),
        };
        self.report(
            Diagnostic::new(Rule::BadValue, problem)
                .at(self.file, value.span())
                .id(&*indicator.id)
                .help("values = [95.4, 96.8, 98.0], ascending whatever the polarity"),
        );
        None
    }

    /// Two targets, two actuals or two benchmarks for the same period: the second of each is
    /// reported and left out (which would count is a guess). Each kind is then sorted.
    fn one_per_period(&mut self, indicator: &mut Indicator) {
        let id = indicator.id.clone();
        let mut found = Vec::new();
        let mut check = |kind: Kind, items: Vec<(Span, Place)>| {
            let mut keep = Vec::with_capacity(items.len());
            for (i, (period, place)) in items.iter().enumerate() {
                match items[..i].iter().find(|(p, _)| p == period) {
                    None => keep.push(true),
                    Some((_, first)) => {
                        keep.push(false);
                        found.push(
                            Diagnostic::new(
                                Rule::DuplicatePeriod,
                                format!("a second {} for {period} on {}", kind.name(), describe(&id)),
                            )
                            .at(place.file, place.span.clone())
                            .id(&*id)
                            .related(first.clone(), "the first")
                            .help("keep one per period; to restate a figure use plan record ID PERIOD VALUE --replace"),
                        );
                    }
                }
            }
            keep
        };
        let keep_targets = check(
            Kind::Target,
            indicator
                .targets
                .iter()
                .map(|t| (t.period, t.place.clone()))
                .collect(),
        );
        let keep_actuals = check(
            Kind::Actual,
            indicator
                .actuals
                .iter()
                .map(|a| (a.period, a.place.clone()))
                .collect(),
        );
        let keep_quartiles = check(
            Kind::Quartiles,
            indicator
                .quartiles
                .iter()
                .map(|q| (q.period, q.place.clone()))
                .collect(),
        );
        retain(&mut indicator.targets, &keep_targets);
        retain(&mut indicator.actuals, &keep_actuals);
        retain(&mut indicator.quartiles, &keep_quartiles);
        indicator.targets.sort_by_key(|t| t.period);
        indicator.actuals.sort_by_key(|a| a.period);
        indicator.quartiles.sort_by_key(|q| q.period);
        for finding in found {
            self.report(finding);
        }
    }

    fn place(&self, span: std::ops::Range<usize>) -> Place {
        Place {
            file: self.file,
            span,
        }
    }
}

fn retain<T>(items: &mut Vec<T>, keep: &[bool]) {
    let mut flags = keep.iter();
    items.retain(|_| flags.next().copied().unwrap_or(true));
}

const PERIOD_FORMS: &str = "an indicator's period is a financial year (\"2005/06\"), a quarter of one (\"2005/06 Q1\") or a month (\"April 2005\"); see docs/indicators.md";

fn describe(id: &str) -> String {
    if id.is_empty() {
        "the indicator (no id)".to_owned()
    } else {
        format!("indicator \"{id}\"")
    }
}

/// A value as a message quotes it: a string in quotes, else its TOML type.
fn written(value: &toml::Value) -> String {
    match value {
        toml::Value::String(text) => format!("the text \"{}\"", escape(text)),
        toml::Value::Float(x) => x.to_string(),
        other => format!("a {}", other.type_str()),
    }
}

#[cfg(test)]
mod tests {
    use crate::diag::Rule;
    use crate::load::tests::{load_files, rules};
    use crate::model::Origin;
    use crate::model::indicator::{Frequency, Polarity, Tolerance};

    const RENT: &str = r#"[priority]
id = "hou"
title = "Housing"
owners = ["Chief Executive"]

[[action]]
id = "hou-1"
title = "Restructure the arrears team"

[[indicator]]
id = "hou-rent"
title = "Rent collected as a percentage of rent due"
unit = "%"
polarity = "higher"
frequency = "quarterly"
tolerance = "2%"
source = "BVPI 66a"

[[indicator.target]]
period = "2005/06"
value = 97.5

[[indicator.actual]]
period = "2005/06 Q2"
value = 96.8

[[indicator.actual]]
period = "2005/06 Q1"
value = 96.1
note = "Arrears team short-staffed in May"
by = "Leader"

[[indicator.quartiles]]
period = "2004/05"
values = [95.4, 96.8, 98.0]
"#;

    #[test]
    fn an_indicator_loads_with_its_series_sorted_and_owners_inherited() {
        let loaded = load_files(&[("hou.toml", RENT)]);
        assert_eq!(rules(&loaded), []);
        let [rent] = &loaded.plan.indicators[..] else {
            panic!("one indicator")
        };
        assert_eq!(&*rent.id, "hou-rent");
        assert_eq!(rent.polarity, Some(Polarity::Higher));
        assert_eq!(rent.frequency, Some(Frequency::Quarterly));
        assert_eq!(rent.tolerance, Some(Tolerance::Relative(2.0)));
        assert_eq!(rent.source.as_deref(), Some("BVPI 66a"));
        let periods: Vec<String> = rent.actuals.iter().map(|a| a.period.to_string()).collect();
        assert_eq!(periods, ["2005/06 Q1", "2005/06 Q2"]);
        assert_eq!(
            rent.actuals[0].note.as_deref(),
            Some("Arrears team short-staffed in May")
        );
        assert!(rent.actuals[0].by.is_some());
        assert_eq!(rent.quartiles[0].values, [95.4, 96.8, 98.0]);
        assert_eq!(rent.owners.origin, Origin::Priority(rent.priority));
        assert_eq!(loaded.plan.owner_names(&rent.owners), ["Chief Executive"]);
    }

    #[test]
    fn every_bad_key_and_value_is_a_located_finding() {
        let text = r#"[priority]
id = "p"
title = "P"

[[indicator]]
id = "p-kpi"
title = "Days to relet"
unit = "%"
polarity = "up"
frequency = "quarterly"
tolerance = "two"
colour = "blue"

[[indicator.target]]
period = "2005/06"
value = "97"

[[indicator.target]]
period = "2005/06"
value = 120

[[indicator.actual]]
period = "2005/06 Q1"
value = 96

[[indicator.actual]]
period = "2005/06 Q1"
value = 95

[[indicator.actual]]
period = "April 2005"
value = 95

[[indicator.actual]]
period = "H1 2005/06"
value = 95

[[indicator.actual]]
period = "Apirl 2005"
value = 95

[[indicator.quartiles]]
period = "2004/05"
values = [98.0, 96.8, 95.4]
"#;
        let loaded = load_files(&[("p.toml", text)]);
        let found: Vec<(Rule, String, usize)> = loaded
            .diagnostics
            .iter()
            .map(|d| {
                let place = d.place.as_ref().unwrap();
                let line = text[..place.span.start].matches('\n').count() + 1;
                (d.rule, d.message.clone(), line)
            })
            .collect();
        let expected: Vec<(Rule, String, usize)> = [
            (Rule::WrongType, "polarity must be higher or lower, not \"up\"", 9),
            (Rule::BadValue, "tolerance must be a number (\"1.5\") or a percentage of the target (\"2%\"), not \"two\"", 11),
            (Rule::UnknownField, "unknown key `colour`", 12),
            (Rule::BadValue, "value must be a number, not the text \"97\"", 16),
            (Rule::BadValue, "value 120 is a percentage outside 0-100", 20),
            (Rule::DuplicatePeriod, "a second actual for 2005/06 Q1 on indicator \"p-kpi\"", 26),
            (Rule::BadPeriod, "\"April 2005\" is a month, but indicator \"p-kpi\" is quarterly: each actual is for one quarter", 31),
            (Rule::BadPeriod, "\"H1 2005/06\" (financial half) is not a month, quarter or year of the financial year", 35),
            (Rule::BadPeriod, "bad period \"Apirl 2005\": \"Apirl\" is not a month or a word used in due dates; did you mean \"April\"?", 39),
            (Rule::BadValue, "quartile values must be ascending: lower quartile, median, upper quartile", 44),
        ]
        .into_iter()
        .map(|(r, m, l)| (r, m.to_owned(), l))
        .collect();
        assert_eq!(found, expected);
        // Degraded, not blocked: the indicator is there with what could be read.
        let kpi = &loaded.plan.indicators[0];
        assert_eq!(kpi.polarity, None);
        assert_eq!(kpi.actuals.len(), 1);
        assert!(loaded.blocking().all(|d| d.rule == Rule::UnknownField));
    }

    #[test]
    fn ids_are_unique_across_actions_and_indicators() {
        let text = "[priority]\nid = \"p\"\ntitle = \"P\"\n\n[[action]]\nid = \"p-1\"\ntitle = \"A\"\n\n[[indicator]]\nid = \"p-1\"\ntitle = \"I\"\npolarity = \"higher\"\nfrequency = \"annual\"\n\n[[indicator]]\nid = \"p\"\ntitle = \"J\"\npolarity = \"lower\"\nfrequency = \"monthly\"\n\n[[indicator]]\ntitle = \"K\"\npolarity = \"lower\"\nfrequency = \"monthly\"\n";
        let loaded = load_files(&[("p.toml", text)]);
        assert_eq!(
            rules(&loaded),
            [
                (
                    Rule::DuplicateId,
                    "id \"p-1\" is used more than once".to_owned()
                ),
                (
                    Rule::DuplicateId,
                    "id \"p\" is used more than once".to_owned()
                ),
                (Rule::MissingId, "indicator has no id".to_owned()),
            ]
        );
    }
}
