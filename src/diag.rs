//! Findings about plan files: which rule, how serious, and where. Loading and `plan check`
//! produce the same `Diagnostic`s, so a problem is described once whichever command finds it.

use std::borrow::Cow;
use std::ops::Range;

pub mod severities;

pub use severities::{Setting, Severities};

/// Every rule a finding can come from. The kebab-case name is a stable, documented interface
/// (`--deny`, `--allow`, JSON `rule`, `[check]` in `plan.toml`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, strum::VariantArray)]
pub enum Rule {
    Io,
    Parse,
    UnknownField,
    WrongType,
    MissingField,
    MissingId,
    DuplicateId,
    BadId,
    UnknownParent,
    ParentCycle,
    TooDeep,
    DuplicateRole,
    UnknownOwner,
    BadDate,
    BadStatus,
    MissingOwner,
    MissingDate,
    EmptyPriority,
    Overdue,
    UpdateWithoutNote,
    BadRag,
    BadPercent,
    DoneOnOpen,
    DoneInFuture,
    UpdateOrder,
    Stale,
    BadWaiver,
    ExpiredWaiver,
    UnusedWaiver,
    BadPeriod,
    DuplicatePeriod,
    BadValue,
    MissingTarget,
    LateData,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl Rule {
    /// Every rule, in declaration order. Derived (strum's `VariantArray`), so a new rule can
    /// never be left out of `--deny`/`--allow` checks and lists.
    pub const ALL: &'static [Rule] = <Rule as strum::VariantArray>::VARIANTS;

    pub fn name(self) -> &'static str {
        match self {
            Rule::Io => "io",
            Rule::Parse => "parse",
            Rule::UnknownField => "unknown-field",
            Rule::WrongType => "wrong-type",
            Rule::MissingField => "missing-field",
            Rule::MissingId => "missing-id",
            Rule::DuplicateId => "duplicate-id",
            Rule::BadId => "bad-id",
            Rule::UnknownParent => "unknown-parent",
            Rule::ParentCycle => "parent-cycle",
            Rule::TooDeep => "too-deep",
            Rule::DuplicateRole => "duplicate-role",
            Rule::UnknownOwner => "unknown-owner",
            Rule::BadDate => "bad-date",
            Rule::BadStatus => "bad-status",
            Rule::MissingOwner => "missing-owner",
            Rule::MissingDate => "missing-date",
            Rule::EmptyPriority => "empty-priority",
            Rule::Overdue => "overdue",
            Rule::UpdateWithoutNote => "update-without-note",
            Rule::BadRag => "bad-rag",
            Rule::BadPercent => "bad-percent",
            Rule::DoneOnOpen => "done-on-open",
            Rule::DoneInFuture => "done-in-future",
            Rule::UpdateOrder => "update-order",
            Rule::Stale => "stale",
            Rule::BadWaiver => "bad-waiver",
            Rule::ExpiredWaiver => "expired-waiver",
            Rule::UnusedWaiver => "unused-waiver",
            Rule::BadPeriod => "bad-period",
            Rule::DuplicatePeriod => "duplicate-period",
            Rule::BadValue => "bad-value",
            Rule::MissingTarget => "missing-target",
            Rule::LateData => "late-data",
        }
    }

    pub fn from_name(name: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|rule| rule.name() == name)
    }

    pub fn default_severity(self) -> Severity {
        match self {
            Rule::EmptyPriority
            | Rule::Overdue
            | Rule::UpdateOrder
            | Rule::Stale
            | Rule::UnusedWaiver
            | Rule::LateData => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// Rules about completeness (is every action owned and dated?): the only findings a
    /// waiver may silence.
    pub fn is_completeness(self) -> bool {
        matches!(
            self,
            Rule::MissingOwner
                | Rule::MissingDate
                | Rule::EmptyPriority
                | Rule::Overdue
                | Rule::MissingTarget
                | Rule::LateData
        )
    }

    /// Rules about progress reporting: a flawed update never hides the plan itself.
    pub fn is_about_progress(self) -> bool {
        matches!(
            self,
            Rule::UpdateWithoutNote
                | Rule::BadRag
                | Rule::BadPercent
                | Rule::DoneOnOpen
                | Rule::DoneInFuture
                | Rule::UpdateOrder
                | Rule::Stale
        )
    }

    /// Problems confined to one field of one item (an unreadable date, an owner not on the
    /// roster): read commands still answer, showing the item marked with its raw text, and
    /// name each problem on stderr (SPEC "Degrade, don't block"). Still errors for `check`.
    pub fn degrades(self) -> bool {
        matches!(
            self,
            Rule::BadDate
                | Rule::UnknownOwner
                | Rule::BadPeriod
                | Rule::DuplicatePeriod
                | Rule::BadValue
        )
    }

    /// Rules about the waivers written in the plan: `plan check`'s business, since a bad
    /// waiver does not change what the plan says; never waived or allowed themselves.
    pub fn is_about_waivers(self) -> bool {
        matches!(
            self,
            Rule::BadWaiver | Rule::ExpiredWaiver | Rule::UnusedWaiver
        )
    }

    /// Whether `allow` may hide this rule plan-wide: completeness and progress rules, never
    /// a rule that means the plan cannot be read reliably, nor one about waivers.
    pub fn is_allowable(self) -> bool {
        self.is_completeness() || self.is_about_progress()
    }

    /// Everything else means the plan cannot be read reliably, so queries refuse to answer
    /// rather than give a partial answer that looks complete.
    pub fn blocks_queries(self) -> bool {
        !self.is_completeness()
            && !self.is_about_progress()
            && !self.is_about_waivers()
            && !self.degrades()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: Rule,
    pub severity: Severity,
    pub message: String,
    /// Where the problem is; `None` for problems with no file (a missing folder).
    pub place: Option<Place>,
    /// What the label under the snippet says.
    pub label: Option<Cow<'static, str>>,
    /// Id of the priority or action concerned, where there is one.
    pub id: Option<String>,
    pub help: Option<Cow<'static, str>>,
    /// Other places worth showing, e.g. the first definition of a duplicate id.
    pub related: Vec<(Place, String)>,
    /// The problem is one item's value, and the item is shown with it marked (`due = 5`,
    /// a wrong type, reads as an unreadable date): queries answer around it, as for the rules
    /// that always do ([`Rule::degrades`]), though its rule usually blocks them.
    pub confined: bool,
}

impl Diagnostic {
    pub fn new(rule: Rule, message: impl Into<String>) -> Self {
        Diagnostic {
            rule,
            severity: rule.default_severity(),
            message: message.into(),
            place: None,
            label: None,
            id: None,
            help: None,
            related: Vec::new(),
            confined: false,
        }
    }

    /// Marks the problem as confined to one item's value (see [`Diagnostic::confined`]).
    pub fn confined(mut self) -> Self {
        self.confined = true;
        self
    }

    /// Whether read commands refuse to answer while this error stands.
    pub fn blocks_queries(&self) -> bool {
        !self.confined && self.rule.blocks_queries()
    }

    /// Whether read commands answer around it, showing the item marked.
    pub fn degrades(&self) -> bool {
        self.confined || self.rule.degrades()
    }

    pub fn at(mut self, file: FileId, span: Range<usize>) -> Self {
        self.place = Some(Place { file, span });
        self
    }

    pub fn label(mut self, label: impl Into<Cow<'static, str>>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    pub fn help(mut self, help: impl Into<Cow<'static, str>>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn related(mut self, place: Place, label: impl Into<String>) -> Self {
        self.related.push((place, label.into()));
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The order findings are reported in: by file, then position, then rule.
    pub fn sort_key(&self) -> (Option<FileId>, usize, Rule, &str) {
        let (file, start) = self
            .place
            .as_ref()
            .map_or((None, 0), |p| (Some(p.file), p.span.start));
        (file, start, self.rule, &self.message)
    }
}

pub use crate::sources::{FileId, Location, Place, Reread, SourceFile, SourceMap};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names_round_trip() {
        for &rule in Rule::ALL {
            assert_eq!(Rule::from_name(rule.name()), Some(rule));
        }
        assert_eq!(Rule::from_name("overdue"), Some(Rule::Overdue));
        assert_eq!(Rule::from_name("Overdue"), None);
    }
}
