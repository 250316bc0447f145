//! From a forum's programme to what discovery reads: each session's text,
//! people, kind and room, and each track's query.

use throughline_core::{Programme, Track};

use crate::engine::TrackQuery;
use crate::index::SessionText;

/// The sessions of a programme as discovery sees them, in the programme's order.
pub fn session_texts(p: &Programme) -> Vec<SessionText> {
    p.sessions
        .iter()
        .map(|s| {
            let mut people = Vec::new();
            let mut affiliations = Vec::new();
            for part in p.participations.iter().filter(|x| x.session == s.code) {
                if people.iter().any(|(k, _)| k == &part.person) {
                    continue;
                }
                let person = p.person(&part.person);
                people.push((part.person.clone(), person.map_or(part.person.clone(), |x| x.name.clone())));
                if let Some(a) = person.and_then(|x| x.affiliation.clone()) {
                    affiliations.push(a);
                }
            }
            SessionText {
                code: s.code.clone(),
                language: s.languages.first().cloned().unwrap_or_else(|| "en".into()),
                title: s.title.clone(),
                description: s.description.clone(),
                policy_questions: s.policy_questions.clone(),
                tags: s.tags.clone(),
                people,
                affiliations,
                kind: s.kind.code().to_string(),
                room: s.room.clone(),
            }
        })
        .collect()
}

/// A track's words as a query.
pub fn track_query(t: &Track) -> TrackQuery {
    TrackQuery {
        title: t.title.clone(),
        narrative: t.narrative.clone(),
        seed_terms: t.seed_terms.clone(),
        policy_questions: t.policy_questions.clone(),
    }
}
