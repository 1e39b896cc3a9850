//! Rule severities: `[check]` in `plan.toml` and `--deny` / `--allow`, read by one function
//! ([`Severities::set`]), so the file and the command line accept and refuse the same
//! settings. The loader reads the file's (a setting it cannot honour is a located finding in
//! `plan.toml`, seen alike by `check`, the edits and `waive`); `plan check` adds the
//! command line's on top.

use super::{Diagnostic, Rule, Severity};

/// Rule severities in the order they were set; a later setting for the same rule wins, so
/// the command line overrides the file.
#[derive(Debug, Default, Clone)]
pub struct Severities {
    settings: Vec<(Rule, Setting)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    Deny,
    Allow,
}

/// Why a setting cannot be honoured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// No rule has this name.
    Unknown,
    /// The rule may not be allowed; the reason.
    NotAllowable(&'static str),
}

impl Severities {
    /// Reads one setting, `name` as written, and records it; refused (and not recorded)
    /// where no rule has that name or the rule cannot be allowed: only completeness and
    /// progress rules can, since a plan that cannot be read reliably is never silenced.
    pub fn set(&mut self, name: &str, setting: Setting) -> Result<Rule, Refused> {
        let rule = Rule::from_name(name).ok_or(Refused::Unknown)?;
        if setting == Setting::Allow && !rule.is_allowable() {
            return Err(Refused::NotAllowable(if rule.is_about_waivers() {
                "waivers must stay visible"
            } else {
                "it means the plan cannot be read reliably"
            }));
        }
        self.settings.push((rule, setting));
        Ok(rule)
    }

    /// The command line's `--deny` and `--allow`, after what is set already; a refused one
    /// is the usage error to show.
    pub fn with_args(mut self, deny: &[String], allow: &[String]) -> Result<Severities, String> {
        let deny = deny.iter().map(|r| (r, Setting::Deny));
        let allow = allow.iter().map(|r| (r, Setting::Allow));
        for (name, setting) in deny.chain(allow) {
            match self.set(name, setting) {
                Ok(_) => {}
                Err(Refused::Unknown) => {
                    let names: Vec<&str> = Rule::ALL.iter().map(|r| r.name()).collect();
                    return Err(format!(
                        "unknown rule \"{name}\"; rules: {}",
                        names.join(", ")
                    ));
                }
                Err(Refused::NotAllowable(why)) => {
                    return Err(format!("rule \"{name}\" cannot be allowed: {why}"));
                }
            }
        }
        Ok(self)
    }

    /// Whether `rule` is allowed (not reported) here.
    pub fn allows(&self, rule: Rule) -> bool {
        self.setting(rule) == Some(Setting::Allow)
    }

    fn setting(&self, rule: Rule) -> Option<Setting> {
        self.settings
            .iter()
            .rev()
            .find(|(r, _)| *r == rule)
            .map(|(_, setting)| *setting)
    }

    /// The finding as this plan wants it reported, or `None` if its rule is allowed.
    pub fn apply(&self, mut diagnostic: Diagnostic) -> Option<Diagnostic> {
        match self.setting(diagnostic.rule) {
            Some(Setting::Allow) => None,
            Some(Setting::Deny) => {
                diagnostic.severity = Severity::Error;
                Some(diagnostic)
            }
            None => Some(diagnostic),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(deny: &[&str], allow: &[&str]) -> Result<Severities, String> {
        let owned = |names: &[&str]| names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>();
        Severities::default().with_args(&owned(deny), &owned(allow))
    }

    #[test]
    fn the_file_and_the_command_line_refuse_the_same_settings() {
        let mut file = Severities::default();
        assert_eq!(file.set("overdew", Setting::Deny), Err(Refused::Unknown));
        assert_eq!(
            file.set("bad-date", Setting::Allow),
            Err(Refused::NotAllowable(
                "it means the plan cannot be read reliably"
            ))
        );
        assert_eq!(
            file.set("unused-waiver", Setting::Allow),
            Err(Refused::NotAllowable("waivers must stay visible"))
        );
        assert_eq!(file.set("bad-date", Setting::Deny), Ok(Rule::BadDate));
        assert_eq!(
            args(&[], &["bad-date"]).unwrap_err(),
            "rule \"bad-date\" cannot be allowed: it means the plan cannot be read reliably"
        );
        assert!(
            args(&["overdew"], &[])
                .unwrap_err()
                .starts_with("unknown rule \"overdew\"; rules: io, parse, ")
        );
    }

    #[test]
    fn a_later_setting_wins() {
        let severities = args(&["overdue"], &["overdue"]).unwrap();
        assert!(severities.allows(Rule::Overdue));
        let finding = Diagnostic::new(Rule::EmptyPriority, "x");
        let denied = args(&["empty-priority"], &[])
            .unwrap()
            .apply(finding.clone());
        assert_eq!(denied.map(|d| d.severity), Some(Severity::Error));
        assert_eq!(severities.apply(finding.clone()), Some(finding));
    }
}
