//! The actor–issue map: which actors cooperate on which issues, through
//! which mechanisms ("issue-based networks of actors"). Built from the
//! registry's entries (merged records inside their root), so a mechanism
//! two sessions named counts once. An actor is one per name (case and
//! spacing ignored); an actor and an issue are linked when a mechanism has
//! both. Beside the drawing goes its table: issues × stakeholder groups,
//! with the mechanisms in each cell.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use throughline_core::mechanism::registry;
use throughline_core::{PolicyIssue, StakeholderGroup};

/// One actor of the map.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MapActor {
    pub name: String,
    /// The group the mechanisms give it (the first one that gives one).
    pub stakeholder_group: Option<StakeholderGroup>,
}

/// One issue of the map.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MapIssue {
    /// Its code in the Digital Watch taxonomy.
    pub code: String,
    pub label: String,
}

/// An actor working on an issue, and the mechanisms (registry ids) it does so through.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MapLink {
    /// Index into [`ActorIssueMap::actors`].
    pub actor: usize,
    /// Index into [`ActorIssueMap::issues`].
    pub issue: usize,
    pub mechanisms: Vec<String>,
}

/// One cell of the table: the mechanisms on an issue with an actor of a group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MapCell {
    pub issue: usize,
    /// A stakeholder group's code, or `unknown`.
    pub group: String,
    /// Names of the mechanisms.
    pub mechanisms: Vec<String>,
}

/// The map of a set of mechanisms.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ActorIssueMap {
    /// By name.
    pub actors: Vec<MapActor>,
    /// In the taxonomy's order.
    pub issues: Vec<MapIssue>,
    /// By actor, then issue.
    pub links: Vec<MapLink>,
    /// The table's non-empty cells, by issue, then group (in `StakeholderGroup::ALL`'s order, `unknown` last).
    pub cells: Vec<MapCell>,
}

impl ActorIssueMap {
    /// The map of the mechanisms among `all` that sessions in `sessions` named
    /// (every mechanism where `sessions` is None).
    pub fn of(all: &[throughline_core::CooperationMechanism], sessions: Option<&[&str]>) -> ActorIssueMap {
        let entries: Vec<_> = registry(all)
            .into_iter()
            .map(|e| e.mechanism)
            .filter(|m| sessions.is_none_or(|codes| m.sessions.iter().any(|s| codes.contains(&s.as_str()))))
            .collect();
        let order: HashMap<&str, usize> =
            PolicyIssue::all().iter().enumerate().map(|(i, issue)| (issue.code, i)).collect();
        let mut issue_codes: Vec<&str> = entries.iter().flat_map(|m| m.issues.iter().map(String::as_str)).collect();
        issue_codes.sort_by_key(|c| (order.get(c).copied().unwrap_or(usize::MAX), *c));
        issue_codes.dedup();
        let issues: Vec<MapIssue> = issue_codes
            .iter()
            .map(|c| MapIssue { code: c.to_string(), label: PolicyIssue::label_of(c).to_string() })
            .collect();

        let key = |name: &str| name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        let mut actors: BTreeMap<String, MapActor> = BTreeMap::new();
        for a in entries.iter().flat_map(|m| &m.actors) {
            let entry = actors
                .entry(key(&a.name))
                .or_insert_with(|| MapActor { name: a.name.trim().to_string(), stakeholder_group: None });
            entry.stakeholder_group = entry.stakeholder_group.or(a.stakeholder_group);
        }
        let actor_index: HashMap<String, usize> = actors.keys().enumerate().map(|(i, k)| (k.clone(), i)).collect();
        let actors: Vec<MapActor> = actors.into_values().collect();

        let mut links: BTreeMap<(usize, usize), Vec<String>> = BTreeMap::new();
        let mut cells: BTreeMap<(usize, usize), Vec<String>> = BTreeMap::new();
        let group_rank = |g: Option<StakeholderGroup>| {
            g.and_then(|g| StakeholderGroup::ALL.iter().position(|x| *x == g)).unwrap_or(StakeholderGroup::ALL.len())
        };
        for m in &entries {
            for issue in &m.issues {
                let Some(i) = issue_codes.iter().position(|c| c == issue) else { continue };
                for a in &m.actors {
                    let Some(&ai) = actor_index.get(&key(&a.name)) else { continue };
                    push_new(links.entry((ai, i)).or_default(), &m.id);
                    push_new(cells.entry((i, group_rank(actors[ai].stakeholder_group))).or_default(), &m.name);
                }
            }
        }
        ActorIssueMap {
            actors,
            issues,
            links: links.into_iter().map(|((actor, issue), mechanisms)| MapLink { actor, issue, mechanisms }).collect(),
            cells: cells
                .into_iter()
                .map(|((issue, g), mechanisms)| MapCell {
                    issue,
                    group: StakeholderGroup::ALL.get(g).map_or("unknown", |g| g.code()).to_string(),
                    mechanisms,
                })
                .collect(),
        }
    }

    /// The mechanisms of a cell of the table (empty where none).
    pub fn cell(&self, issue: usize, group: &str) -> &[String] {
        self.cells.iter().find(|c| c.issue == issue && c.group == group).map_or(&[], |c| c.mechanisms.as_slice())
    }

    pub fn is_empty(&self) -> bool {
        self.links.is_empty()
    }
}

fn push_new(list: &mut Vec<String>, item: &str) {
    if !list.iter().any(|x| x == item) {
        list.push(item.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use throughline_core::CooperationMechanism;
    use throughline_core::mechanism::{MechanismActor, MechanismScope, MechanismStatus, MechanismType};

    fn mechanism(
        id: &str,
        issues: &[&str],
        actors: &[(&str, Option<StakeholderGroup>)],
        session: &str,
    ) -> CooperationMechanism {
        let mut m = CooperationMechanism::new(
            id,
            &id.to_uppercase(),
            MechanismType::MultistakeholderNetwork,
            MechanismScope::Global,
            MechanismStatus::Existing,
        );
        m.issues = issues.iter().map(|s| s.to_string()).collect();
        m.actors = actors
            .iter()
            .map(|(name, g)| MechanismActor { name: name.to_string(), stakeholder_group: *g, country: None })
            .collect();
        m.sessions = vec![session.into()];
        m
    }

    #[test]
    fn actors_link_to_issues_through_their_mechanisms_once_each() {
        use StakeholderGroup::*;
        let mut merged = mechanism("b", &["cybercrime"], &[("CERT Ghana", Some(Government))], "S3");
        merged.merged_into = Some("a".into());
        let all = vec![
            mechanism(
                "a",
                &["network_security", "cybercrime"],
                &[("CERT Ghana", Some(Government)), ("AfricaCERT", None)],
                "S1",
            ),
            mechanism("c", &["network_security"], &[("cert  ghana", None), ("ISOC", Some(CivilSociety))], "S2"),
            merged,
        ];
        let map = ActorIssueMap::of(&all, None);
        let names: Vec<&str> = map.actors.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["AfricaCERT", "CERT Ghana", "ISOC"], "one actor per name, case and spacing ignored");
        assert_eq!(map.actors[1].stakeholder_group, Some(Government));
        let issues: Vec<&str> = map.issues.iter().map(|i| i.code.as_str()).collect();
        assert_eq!(issues.len(), 2);
        let net = issues.iter().position(|c| *c == "network_security").unwrap();
        let ghana_on_net = map.links.iter().find(|l| l.actor == 1 && l.issue == net).unwrap();
        assert_eq!(ghana_on_net.mechanisms, ["a", "c"]);
        assert_eq!(map.links.len(), 5, "AfricaCERT ×2, CERT Ghana ×2, ISOC ×1");
        assert_eq!(map.cell(net, "government"), ["A", "C"]);
        assert_eq!(map.cell(net, "unknown"), ["A"]);
        assert_eq!(map.cell(net, "civil_society"), ["C"]);
        assert!(map.cell(net, "academia").is_empty());

        let only_s2 = ActorIssueMap::of(&all, Some(&["S2"]));
        assert_eq!(only_s2.actors.len(), 2);
        assert_eq!(only_s2.issues.len(), 1);
        assert!(ActorIssueMap::of(&all, Some(&["nothing"])).is_empty());
    }
}
