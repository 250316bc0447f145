//! Internet-policy issues: the GIP Digital Watch taxonomy (baskets and the
//! issues in each) that cooperation mechanisms are tagged with. Baked into
//! `data/issues.tsv` by `scripts/bake-policy-lists.py` from `../shared/data`
//! and embedded; a mechanism stores an issue's code.

use std::sync::OnceLock;

use crate::enums::normalise;

/// One issue of the taxonomy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyIssue {
    /// The issue's name folded to a code: `privacy_and_data_protection`.
    pub code: &'static str,
    pub name: &'static str,
    pub basket_code: &'static str,
    /// The basket (Infrastructure, Cybersecurity, Human rights…).
    pub basket: &'static str,
}

const TSV: &str = include_str!("../data/issues.tsv");

impl PolicyIssue {
    /// Every issue, basket by basket, in the taxonomy's order.
    pub fn all() -> &'static [PolicyIssue] {
        static TABLE: OnceLock<Vec<PolicyIssue>> = OnceLock::new();
        TABLE.get_or_init(|| TSV.lines().skip(1).filter(|l| !l.is_empty()).map(parse_row).collect())
    }

    /// The issue a code or name means (case, spacing and punctuation ignored).
    pub fn find(text: &str) -> Option<&'static PolicyIssue> {
        let wanted = normalise(text);
        PolicyIssue::all().iter().find(|i| i.code == wanted)
    }

    /// The issue a code or name means, or an error that says where the
    /// issues are listed.
    pub fn parse(text: &str) -> Result<&'static PolicyIssue, UnknownIssue> {
        PolicyIssue::find(text).ok_or_else(|| UnknownIssue(text.to_string()))
    }

    /// The label of an issue code, or the code itself where the taxonomy lacks it.
    pub fn label_of(code: &str) -> &str {
        PolicyIssue::all().iter().find(|i| i.code == code).map_or(code, |i| i.name)
    }

    /// Every code, comma-separated, for error messages.
    pub fn codes() -> String {
        PolicyIssue::all().iter().map(|i| i.code).collect::<Vec<_>>().join(", ")
    }
}

/// A text that names no issue of the taxonomy.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not an issue of the Digital Watch taxonomy (`throughline mechanism issues` lists them)")]
pub struct UnknownIssue(pub String);

/// Parses one row of the embedded table (part of the build: a malformed row
/// is a bug the tests catch, not user input).
fn parse_row(line: &'static str) -> PolicyIssue {
    let mut f = line.split('\t');
    let mut next = || f.next().unwrap_or_default();
    PolicyIssue { code: next(), name: next(), basket_code: next(), basket: next() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issues_are_found_by_code_or_name() {
        assert_eq!(PolicyIssue::find("Privacy and data protection").unwrap().code, "privacy_and_data_protection");
        assert_eq!(PolicyIssue::find("jurisdiction").unwrap().basket, "Legal and regulatory");
        assert_eq!(PolicyIssue::find("Children's rights").unwrap().code, "children_s_rights");
        assert!(PolicyIssue::find("astrology").is_none());
        assert_eq!(PolicyIssue::label_of("cybercrime"), "Cybercrime");
        assert_eq!(PolicyIssue::label_of("unknown_code"), "unknown_code");
    }

    #[test]
    fn every_row_is_whole_and_every_code_is_its_name_folded() {
        let all = PolicyIssue::all();
        assert!(all.len() >= 40, "{}", all.len());
        for issue in all {
            assert_eq!(issue.code, normalise(issue.name), "{issue:?}");
            assert_eq!(issue.basket_code, normalise(issue.basket), "{issue:?}");
        }
    }

    #[test]
    fn issue_table_matches_shared_data() {
        let Some(dir) = throughline_testkit::shared_data("") else {
            return;
        };
        let text = std::fs::read_to_string(dir.join("gip_digital_watch_taxonomy.json")).unwrap();
        let taxonomy: serde_json::Value = serde_json::from_str(&text).unwrap();
        let mut names = Vec::new();
        for (basket, issues) in taxonomy["baskets"].as_object().unwrap() {
            for issue in issues.as_array().unwrap() {
                names.push((basket.as_str().to_string(), issue.as_str().unwrap().to_string()));
            }
        }
        let mut baked: Vec<(String, String)> =
            PolicyIssue::all().iter().map(|i| (i.basket.to_string(), i.name.to_string())).collect();
        // serde_json reads the baskets in key order, not the file's.
        baked.sort();
        names.sort();
        assert_eq!(baked, names, "run scripts/bake-policy-lists.py");
    }
}
