//! Cooperation mechanisms: issue-based networks of actors that sessions
//! identify (who cooperates, on which Internet-policy issue, whether the
//! mechanism exists or is proposed, and what it produces), the catalogue of
//! known mechanisms to pick from, and the registry: one entry per mechanism,
//! with the records a coordinator merged into it.
//!
//! **Merging keeps every record.** Two sessions that name the same mechanism
//! make two records; a coordinator merges one into the other by setting its
//! `merged_into`. The record itself stays as its organiser entered it, so a
//! merge is undone by clearing the field, and the registry
//! ([`registry`]) shows the root record with the sessions, issues, actors,
//! outputs and gaps of everything merged into it.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::enums::closed_enum;
use crate::person::StakeholderGroup;

closed_enum! {
    /// How far a mechanism reaches.
    MechanismScope, "mechanism scope" {
        Global => "global", "Global", ["international"];
        Regional => "regional", "Regional";
        National => "national", "National";
    }
}

closed_enum! {
    /// What kind of arrangement a mechanism is.
    MechanismType, "mechanism type" {
        Intergovernmental => "intergovernmental", "Intergovernmental body or treaty", ["treaty", "intergovernmental_body"];
        MultistakeholderNetwork => "multistakeholder_network", "Multistakeholder network";
        StandardsBody => "standards_body", "Standards body", ["sdo"];
        BestPracticeForum => "best_practice_forum", "Best practice forum", ["bpf"];
        DynamicCoalition => "dynamic_coalition", "Dynamic coalition", ["dc"];
        PolicyNetwork => "policy_network", "Policy network";
        NationalRegionalInitiative => "national_regional_initiative", "National or regional initiative", ["nri"];
        IndustrySelfRegulation => "industry_self_regulation", "Industry self-regulation", ["self_regulation"];
        DialogueProcess => "dialogue_process", "Dialogue process", ["dialogue"];
    }
}

closed_enum! {
    /// Whether the mechanism already exists.
    MechanismStatus, "mechanism status" {
        Existing => "existing", "Existing";
        Possible => "possible", "Possible (proposed)", ["proposed"];
    }
}

closed_enum! {
    /// What a mechanism produces.
    MechanismOutput, "mechanism output" {
        Norms => "norms", "Norms";
        Principles => "principles", "Principles";
        Standards => "standards", "Standards";
        Reports => "reports", "Reports";
        Regimes => "regimes", "Regimes";
    }
}

closed_enum! {
    /// A gap a mechanism has or addresses.
    MechanismGap, "mechanism gap" {
        Implementation => "implementation", "Implementation";
        Awareness => "awareness", "Awareness";
        Capacity => "capacity", "Capacity";
        Research => "research", "Research";
    }
}

/// An organisation taking part in a mechanism.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MechanismActor {
    pub name: String,
    pub stakeholder_group: Option<StakeholderGroup>,
    /// ISO 3166 alpha-3.
    pub country: Option<String>,
}

/// A cooperation mechanism that one or more sessions identified.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CooperationMechanism {
    /// Stable id within the forum (a slug of the name).
    pub id: String,
    pub name: String,
    pub description: String,
    /// Issues from the Digital Watch taxonomy.
    pub issues: Vec<String>,
    pub scope: MechanismScope,
    pub kind: MechanismType,
    pub actors: Vec<MechanismActor>,
    pub status: MechanismStatus,
    pub outputs: Vec<MechanismOutput>,
    pub gaps: Vec<MechanismGap>,
    /// Codes of the sessions where it was identified.
    pub sessions: Vec<String>,
    /// The mechanism this record was merged into (it is the same
    /// mechanism), if a coordinator merged it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_into: Option<String>,
}

impl CooperationMechanism {
    /// A mechanism with its name and kind, and nothing else yet.
    pub fn new(
        id: &str,
        name: &str,
        kind: MechanismType,
        scope: MechanismScope,
        status: MechanismStatus,
    ) -> CooperationMechanism {
        CooperationMechanism {
            id: id.to_string(),
            name: name.to_string(),
            description: String::new(),
            issues: Vec::new(),
            scope,
            kind,
            actors: Vec::new(),
            status,
            outputs: Vec::new(),
            gaps: Vec::new(),
            sessions: Vec::new(),
            merged_into: None,
        }
    }
}

/// A mechanism as the registry shows it: the root record, holding the
/// sessions, issues, actors, outputs and gaps of the records merged into it
/// too (its own first), and the ids of those records.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegisteredMechanism {
    #[serde(flatten)]
    pub mechanism: CooperationMechanism,
    /// Ids of the records merged into this one, directly or through another.
    pub merged: Vec<String>,
}

/// The id of the record `id` finally stands for, following `merged_into`;
/// None for an unknown id or a loop (which `Programme::validate` refuses).
pub fn root_of<'a>(all: &'a [CooperationMechanism], id: &str) -> Option<&'a str> {
    let by_id: HashMap<&str, &CooperationMechanism> = all.iter().map(|m| (m.id.as_str(), m)).collect();
    let mut current = *by_id.get(id)?;
    let mut seen = HashSet::new();
    while let Some(next) = &current.merged_into {
        if !seen.insert(current.id.as_str()) {
            return None;
        }
        current = *by_id.get(next.as_str())?;
    }
    Some(current.id.as_str())
}

/// The registry: one entry per root record (one not merged into another), in
/// the order of `all`.
pub fn registry(all: &[CooperationMechanism]) -> Vec<RegisteredMechanism> {
    let mut entries: Vec<RegisteredMechanism> = all
        .iter()
        .filter(|m| m.merged_into.is_none())
        .map(|m| RegisteredMechanism { mechanism: m.clone(), merged: Vec::new() })
        .collect();
    let index: HashMap<String, usize> = entries.iter().enumerate().map(|(i, e)| (e.mechanism.id.clone(), i)).collect();
    for m in all.iter().filter(|m| m.merged_into.is_some()) {
        let Some(&i) = root_of(all, &m.id).and_then(|root| index.get(root)) else { continue };
        let entry = &mut entries[i];
        entry.merged.push(m.id.clone());
        let united = &mut entry.mechanism;
        add_missing(&mut united.sessions, &m.sessions);
        add_missing(&mut united.issues, &m.issues);
        add_missing(&mut united.outputs, &m.outputs);
        add_missing(&mut united.gaps, &m.gaps);
        for actor in &m.actors {
            let key = crate::slug::person_key(&actor.name);
            if !united.actors.iter().any(|a| crate::slug::person_key(&a.name) == key) {
                united.actors.push(actor.clone());
            }
        }
    }
    entries
}

fn add_missing<T: Clone + PartialEq>(to: &mut Vec<T>, items: &[T]) {
    for item in items {
        if !to.contains(item) {
            to.push(item.clone());
        }
    }
}

/// A known mechanism of the catalogue baked into `data/mechanism_catalogue.tsv`
/// by `scripts/bake-policy-lists.py`: the WSIS action lines, the processes
/// Digital Watch tracks and the IGF's policy networks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueEntry {
    pub id: &'static str,
    pub name: &'static str,
    pub kind: MechanismType,
    pub scope: MechanismScope,
    /// Issue codes of the Digital Watch taxonomy.
    pub issues: Vec<&'static str>,
    /// The reference file it comes from.
    pub source: &'static str,
}

const CATALOGUE_TSV: &str = include_str!("../data/mechanism_catalogue.tsv");

impl CatalogueEntry {
    /// Every entry, in the catalogue's order.
    pub fn all() -> &'static [CatalogueEntry] {
        static TABLE: OnceLock<Vec<CatalogueEntry>> = OnceLock::new();
        TABLE.get_or_init(|| CATALOGUE_TSV.lines().skip(1).filter(|l| !l.is_empty()).map(parse_entry).collect())
    }

    pub fn find(id: &str) -> Option<&'static CatalogueEntry> {
        CatalogueEntry::all().iter().find(|e| e.id == id)
    }

    /// The entry as a forum's record: an existing mechanism, no session yet.
    pub fn mechanism(&self) -> CooperationMechanism {
        let mut m = CooperationMechanism::new(self.id, self.name, self.kind, self.scope, MechanismStatus::Existing);
        m.issues = self.issues.iter().map(|i| i.to_string()).collect();
        m
    }
}

/// Parses one row of the embedded catalogue. The file is part of the build,
/// so a malformed row is a bug the tests catch, not user input.
#[allow(
    clippy::expect_used,
    reason = "mechanism_catalogue.tsv is baked by scripts/bake-policy-lists.py and every row is read by this module's tests"
)]
fn parse_entry(line: &'static str) -> CatalogueEntry {
    let f: Vec<&'static str> = line.split('\t').collect();
    assert_eq!(f.len(), 6, "mechanism_catalogue.tsv row has {} fields: {line}", f.len());
    CatalogueEntry {
        id: f[0],
        name: f[1],
        kind: MechanismType::parse(f[2]).expect("mechanism_catalogue.tsv: known type"),
        scope: MechanismScope::parse(f[3]).expect("mechanism_catalogue.tsv: known scope"),
        issues: f[4].split(',').filter(|c| !c.is_empty()).collect(),
        source: f[5],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: &str, sessions: &[&str], actors: &[&str]) -> CooperationMechanism {
        let mut m = CooperationMechanism::new(
            id,
            id,
            MechanismType::MultistakeholderNetwork,
            MechanismScope::Global,
            MechanismStatus::Existing,
        );
        m.sessions = sessions.iter().map(|s| s.to_string()).collect();
        m.actors = actors
            .iter()
            .map(|a| MechanismActor { name: a.to_string(), stakeholder_group: None, country: None })
            .collect();
        m
    }

    #[test]
    fn the_registry_shows_a_merged_record_inside_its_root() {
        let mut a = record("a", &["WS 1"], &["ICANN"]);
        a.issues = vec!["jurisdiction".into()];
        let mut b = record("b", &["WS 2"], &["icann", "ITU"]);
        b.issues = vec!["jurisdiction".into(), "data_governance".into()];
        b.merged_into = Some("a".into());
        let mut c = record("c", &["WS 3"], &[]);
        c.merged_into = Some("b".into());
        let d = record("d", &["WS 4"], &[]);
        let all = [a, b, c, d];
        assert_eq!(root_of(&all, "c"), Some("a"));
        assert_eq!(root_of(&all, "d"), Some("d"));
        assert_eq!(root_of(&all, "zz"), None);
        let registry = registry(&all);
        assert_eq!(registry.len(), 2);
        let a = &registry[0];
        assert_eq!(a.merged, ["b", "c"]);
        assert_eq!(a.mechanism.sessions, ["WS 1", "WS 2", "WS 3"]);
        assert_eq!(a.mechanism.issues, ["jurisdiction", "data_governance"]);
        let actors: Vec<&str> = a.mechanism.actors.iter().map(|x| x.name.as_str()).collect();
        assert_eq!(actors, ["ICANN", "ITU"], "one actor by name, whatever its case");
        assert_eq!(registry[1].mechanism.id, "d");
        assert!(registry[1].merged.is_empty());
    }

    #[test]
    fn a_loop_of_merges_has_no_root() {
        let mut a = record("a", &[], &[]);
        a.merged_into = Some("b".into());
        let mut b = record("b", &[], &[]);
        b.merged_into = Some("a".into());
        assert_eq!(root_of(&[a, b], "a"), None);
    }

    #[test]
    fn the_catalogue_reads_whole_and_names_known_issues() {
        let all = CatalogueEntry::all();
        assert!(all.len() >= 15, "{}", all.len());
        let c5 = CatalogueEntry::find("wsis-c5").unwrap();
        assert!(c5.name.starts_with("WSIS Action Line C5"), "{}", c5.name);
        assert_eq!(c5.mechanism().status, MechanismStatus::Existing);
        let mut ids = HashSet::new();
        for e in all {
            assert!(ids.insert(e.id), "{} twice", e.id);
            assert!(crate::slug::is_valid_slug(e.id), "{}", e.id);
            for issue in &e.issues {
                assert!(crate::PolicyIssue::find(issue).is_some(), "{}: {issue}", e.id);
            }
        }
    }

    #[test]
    fn catalogue_matches_shared_data() {
        let Some(dir) = throughline_testkit::shared_data("") else {
            return;
        };
        let text = std::fs::read_to_string(dir.join("wsis_action_lines.json")).unwrap();
        let wsis: serde_json::Value = serde_json::from_str(&text).unwrap();
        for line in wsis["action_lines"].as_array().unwrap() {
            let code = line["code"].as_str().unwrap();
            let entry = CatalogueEntry::find(&format!("wsis-{}", code.to_lowercase()))
                .unwrap_or_else(|| panic!("{code} missing: run scripts/bake-policy-lists.py"));
            assert!(entry.name.ends_with(line["name"].as_str().unwrap()), "{}", entry.name);
        }
        let text = std::fs::read_to_string(dir.join("gip_digital_watch_taxonomy.json")).unwrap();
        let taxonomy: serde_json::Value = serde_json::from_str(&text).unwrap();
        for name in taxonomy["processes_tracked_in_same_snapshot"].as_array().unwrap() {
            let name = name.as_str().unwrap();
            assert!(CatalogueEntry::all().iter().any(|e| e.name == name), "{name} missing");
        }
    }
}
