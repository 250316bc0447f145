//! Which records of the mechanism registry are likely one mechanism named by
//! two sessions, suggested to a coordinator to merge with the reasons: how
//! alike the names are (shared letter triples, shared words, or one name the
//! acronym of the other) and which actors both name. The coordinator
//! confirms each merge; nothing here changes the registry.

use std::collections::{BTreeSet, HashSet};

use serde::Serialize;
use throughline_core::mechanism::registry;
use throughline_core::{CooperationMechanism, person_key};

/// Two registry entries that look like one mechanism.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MergeSuggestion {
    /// The entry to merge (the one named by fewer sessions).
    pub from: String,
    /// The entry to keep.
    pub into: String,
    /// 0 (nothing alike) to 1 (the same words, or one the acronym of the other).
    pub name_similarity: f64,
    /// Actors both entries name (as the kept entry spells them).
    pub shared_actors: Vec<String>,
    /// How strongly the pair is suggested: mostly the names, then the actors.
    pub score: f64,
}

/// Names this alike are suggested on the names alone.
const NAMES_ALONE: f64 = 0.6;
/// Names this alike are suggested when the entries share an actor.
const NAMES_WITH_ACTORS: f64 = 0.3;

/// Every pair of registry entries worth merging, strongest first.
pub fn suggest_merges(all: &[CooperationMechanism]) -> Vec<MergeSuggestion> {
    let entries = registry(all);
    let mut out = Vec::new();
    for (i, a) in entries.iter().enumerate() {
        for b in &entries[i + 1..] {
            let (a, b) = (&a.mechanism, &b.mechanism);
            let (into, from) = if b.sessions.len() > a.sessions.len() { (b, a) } else { (a, b) };
            let name_similarity = name_similarity(&a.name, &b.name);
            let from_actors: HashSet<String> = from.actors.iter().map(|x| person_key(&x.name)).collect();
            let shared_actors: Vec<String> = into
                .actors
                .iter()
                .filter(|x| from_actors.contains(&person_key(&x.name)))
                .map(|x| x.name.clone())
                .collect();
            let all_actors = a.actors.len() + b.actors.len() - shared_actors.len();
            let actor_overlap = if all_actors == 0 { 0.0 } else { shared_actors.len() as f64 / all_actors as f64 };
            let suggested =
                name_similarity >= NAMES_ALONE || (name_similarity >= NAMES_WITH_ACTORS && !shared_actors.is_empty());
            if !suggested {
                continue;
            }
            out.push(MergeSuggestion {
                from: from.id.clone(),
                into: into.id.clone(),
                name_similarity: round(name_similarity),
                shared_actors,
                score: round(0.75 * name_similarity + 0.25 * actor_overlap),
            });
        }
    }
    out.sort_by(|x, y| y.score.total_cmp(&x.score).then_with(|| (&x.into, &x.from).cmp(&(&y.into, &y.from))));
    out
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Words that do not tell mechanisms apart.
const STOP_WORDS: &[&str] = &["the", "of", "on", "for", "and", "in", "to", "a", "an", "de", "la", "et", "des", "du"];

fn words(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
        .collect()
}

/// How alike two names are: the best of the Dice coefficient of their letter
/// triples, the Jaccard index of their words, and 1 where one name is the
/// acronym of the other's words ("PNIF", "Policy Network on Internet
/// Fragmentation").
pub fn name_similarity(a: &str, b: &str) -> f64 {
    let (wa, wb) = (words(a), words(b));
    if wa.is_empty() || wb.is_empty() {
        return 0.0;
    }
    let acronym = |short: &[String], long: &[String]| {
        long.len() >= 2 && short.iter().any(|w| *w == long.iter().filter_map(|x| x.chars().next()).collect::<String>())
    };
    if acronym(&wa, &wb) || acronym(&wb, &wa) {
        return 1.0;
    }
    let (sa, sb): (BTreeSet<&String>, BTreeSet<&String>) = (wa.iter().collect(), wb.iter().collect());
    let jaccard = sa.intersection(&sb).count() as f64 / sa.union(&sb).count() as f64;
    let (ta, tb) = (trigrams(&wa), trigrams(&wb));
    let dice = if ta.is_empty() || tb.is_empty() {
        0.0
    } else {
        2.0 * ta.intersection(&tb).count() as f64 / (ta.len() + tb.len()) as f64
    };
    jaccard.max(dice)
}

fn trigrams(words: &[String]) -> HashSet<String> {
    let text: Vec<char> = format!(" {} ", words.join(" ")).chars().collect();
    text.windows(3).map(|w| w.iter().collect()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use throughline_core::MechanismActor;
    use throughline_core::mechanism::{MechanismScope, MechanismStatus, MechanismType};

    fn record(id: &str, name: &str, sessions: usize, actors: &[&str]) -> CooperationMechanism {
        let mut m = CooperationMechanism::new(
            id,
            name,
            MechanismType::MultistakeholderNetwork,
            MechanismScope::Global,
            MechanismStatus::Existing,
        );
        m.sessions = (0..sessions).map(|i| format!("WS {i}")).collect();
        m.actors = actors
            .iter()
            .map(|a| MechanismActor { name: a.to_string(), stakeholder_group: None, country: None })
            .collect();
        m
    }

    #[test]
    fn names_are_alike_by_letters_words_or_acronym() {
        assert_eq!(name_similarity("Regional CERT network", "regional cert network"), 1.0);
        assert_eq!(name_similarity("PNIF", "Policy Network on Internet Fragmentation"), 1.0);
        assert!(name_similarity("Regional CERT network", "Regional CERT networks") > 0.8);
        assert!(name_similarity("Regional CERT network", "Dialogue on data flows") < 0.2);
        assert_eq!(name_similarity("", "x"), 0.0);
    }

    #[test]
    fn alike_names_or_shared_actors_are_suggested_into_the_entry_with_more_sessions() {
        let all = vec![
            record("cert-a", "Regional CERT network", 1, &["AfricaCERT"]),
            record("cert-b", "Regional CERT networks of Africa", 3, &["africacert", "ITU"]),
            record("flows", "Dialogue on data flows", 2, &["ITU"]),
            record("pnif", "PNIF", 1, &[]),
            record("pn-frag", "Policy Network on Internet Fragmentation", 2, &[]),
            record("cyber-dialogue", "Cyber dialogue of the region", 1, &["AfricaCERT"]),
        ];
        let suggestions = suggest_merges(&all);
        let found: Vec<(&str, &str)> = suggestions.iter().map(|s| (s.from.as_str(), s.into.as_str())).collect();
        assert!(found.contains(&("cert-a", "cert-b")), "{found:?}");
        assert!(found.contains(&("pnif", "pn-frag")), "{found:?}");
        assert!(
            !found.iter().any(|(a, b)| *a == "flows" || *b == "flows"),
            "sharing an actor alone is not enough: {found:?}"
        );
        let cert = suggestions.iter().find(|s| s.from == "cert-a").unwrap();
        assert_eq!(cert.shared_actors, ["africacert"]);
    }

    #[test]
    fn a_record_already_merged_is_not_suggested_again() {
        let mut all = vec![record("a", "Regional CERT network", 1, &[]), record("b", "Regional CERT network", 2, &[])];
        assert_eq!(suggest_merges(&all).len(), 1);
        all[0].merged_into = Some("b".into());
        assert!(suggest_merges(&all).is_empty());
    }
}
