//! A field-weighted BM25 index over sessions. Each session's fields are
//! analysed into terms; a term's frequency counts more in the title than in
//! the description. Besides words, each session carries metadata terms for
//! its people (`person:`), kind (`kind:`) and room (`room:`), which no text
//! query names but which relevance feedback can learn ("the accepted
//! sessions share this organiser").

use std::collections::HashMap;

use crate::analyze::Analyzer;

/// The text of one session, as discovery sees it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SessionText {
    pub code: String,
    pub language: String,
    pub title: String,
    pub description: String,
    pub policy_questions: Vec<String>,
    pub tags: Vec<String>,
    /// People's keys and display names.
    pub people: Vec<(String, String)>,
    pub affiliations: Vec<String>,
    pub kind: String,
    pub room: Option<String>,
}

/// How much a term in each field counts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FieldWeights {
    pub title: f32,
    pub tags: f32,
    pub policy_questions: f32,
    pub description: f32,
    pub affiliations: f32,
    pub people: f32,
    pub kind: f32,
    pub room: f32,
}

impl Default for FieldWeights {
    fn default() -> Self {
        FieldWeights {
            title: 3.0,
            tags: 2.0,
            policy_questions: 1.5,
            description: 1.0,
            affiliations: 0.5,
            people: 1.0,
            kind: 0.5,
            room: 1.0,
        }
    }
}

/// What a term stands for, for explanations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TermKind {
    Word,
    Person,
    Kind,
    Room,
}

pub(crate) type TermId = u32;

/// The inverted index, the per-session term vectors, and the term table.
pub struct Index {
    terms: HashMap<String, TermId>,
    /// Per term: a word it came from (or the person/room name), and what it is.
    labels: Vec<(String, TermKind)>,
    /// Per term: (session, BM25 weight of the term in that session).
    postings: Vec<Vec<(u32, f32)>>,
    /// Per session: its terms with BM25 weights, scaled to unit length (for feedback).
    vectors: Vec<Vec<(TermId, f32)>>,
}

const K1: f32 = 1.2;
const B: f32 = 0.75;

impl Index {
    pub fn build(analyzer: &Analyzer, sessions: &[SessionText], w: &FieldWeights) -> Index {
        let mut terms: HashMap<String, TermId> = HashMap::new();
        let mut labels: Vec<(String, TermKind)> = Vec::new();
        let mut intern = |term: String, label: &str, kind: TermKind| -> TermId {
            *terms.entry(term).or_insert_with(|| {
                labels.push((label.to_string(), kind));
                (labels.len() - 1) as TermId
            })
        };
        // Weighted term frequencies and lengths.
        let mut freqs: Vec<HashMap<TermId, f32>> = Vec::with_capacity(sessions.len());
        let mut lengths = Vec::with_capacity(sessions.len());
        for s in sessions {
            let mut tf: HashMap<TermId, f32> = HashMap::new();
            let mut length = 0.0;
            let mut add = |id: TermId, weight: f32, length: &mut f32| {
                *tf.entry(id).or_default() += weight;
                *length += weight;
            };
            let lang = s.language.as_str();
            let fields: [(&str, f32); 2] = [(&s.title, w.title), (&s.description, w.description)];
            for (text, weight) in fields {
                for (term, word) in analyzer.terms(text, lang) {
                    add(intern(term, word, TermKind::Word), weight, &mut length);
                }
            }
            for (list, weight) in
                [(&s.policy_questions, w.policy_questions), (&s.tags, w.tags), (&s.affiliations, w.affiliations)]
            {
                for text in list {
                    for (term, word) in analyzer.terms(text, lang) {
                        add(intern(term, word, TermKind::Word), weight, &mut length);
                    }
                }
            }
            for (key, name) in &s.people {
                add(intern(format!("person:{key}"), name, TermKind::Person), w.people, &mut length);
            }
            if !s.kind.is_empty() {
                add(intern(format!("kind:{}", s.kind.to_lowercase()), &s.kind, TermKind::Kind), w.kind, &mut length);
            }
            if let Some(room) = &s.room {
                add(intern(format!("room:{}", room.to_lowercase()), room, TermKind::Room), w.room, &mut length);
            }
            freqs.push(tf);
            lengths.push(length);
        }
        let n = sessions.len().max(1) as f32;
        let avg = (lengths.iter().sum::<f32>() / n).max(1e-6);
        let mut df = vec![0u32; labels.len()];
        for tf in &freqs {
            for id in tf.keys() {
                df[*id as usize] += 1;
            }
        }
        let idf: Vec<f32> = df.iter().map(|&d| ((n - d as f32 + 0.5) / (d as f32 + 0.5) + 1.0).ln()).collect();
        let mut postings: Vec<Vec<(u32, f32)>> = vec![Vec::new(); labels.len()];
        let mut vectors = Vec::with_capacity(freqs.len());
        for (doc, tf) in freqs.into_iter().enumerate() {
            let norm = K1 * (1.0 - B + B * lengths[doc] / avg);
            let mut vector: Vec<(TermId, f32)> =
                tf.into_iter().map(|(id, f)| (id, idf[id as usize] * f * (K1 + 1.0) / (f + norm))).collect();
            vector.sort_unstable_by_key(|(id, _)| *id);
            let length = vector.iter().map(|(_, x)| x * x).sum::<f32>().sqrt().max(1e-6);
            // Ranking and learning see the same features: BM25 weights scaled to unit length.
            for &(id, weight) in &vector {
                postings[id as usize].push((doc as u32, weight / length));
            }
            vectors.push(vector.into_iter().map(|(id, x)| (id, x / length)).collect());
        }
        Index { terms, labels, postings, vectors }
    }

    pub fn len(&self) -> usize {
        self.vectors.len()
    }

    pub fn is_empty(&self) -> bool {
        self.vectors.is_empty()
    }

    /// Each pair of `docs`' cosine similarity in what the sessions are about:
    /// their words and people, not their kind or room (where a session was
    /// placed says how it was scheduled, not what it shares with another).
    pub fn content_similarity(&self, docs: &[usize]) -> Vec<Vec<f32>> {
        let vectors: Vec<Vec<(TermId, f32)>> = docs.iter().map(|&d| self.content_vector(d)).collect();
        let mut dense = vec![0.0f32; self.labels.len()];
        vectors
            .iter()
            .map(|a| {
                for &(id, x) in a {
                    dense[id as usize] = x;
                }
                let row = vectors.iter().map(|b| b.iter().map(|&(id, y)| dense[id as usize] * y).sum()).collect();
                for &(id, _) in a {
                    dense[id as usize] = 0.0;
                }
                row
            })
            .collect()
    }

    /// A session's words and people, scaled to unit length.
    fn content_vector(&self, doc: usize) -> Vec<(TermId, f32)> {
        let about = |id: TermId| matches!(self.labels[id as usize].1, TermKind::Word | TermKind::Person);
        let kept: Vec<(TermId, f32)> = self.vectors[doc].iter().copied().filter(|&(id, _)| about(id)).collect();
        let length = kept.iter().map(|(_, x)| x * x).sum::<f32>().sqrt().max(1e-6);
        kept.into_iter().map(|(id, x)| (id, x / length)).collect()
    }

    /// The words that most of `docs` share, strongest first: each word in at
    /// least two of them (or in the one, for a single session), ranked by its
    /// summed weight; at most `count`, as first written.
    pub fn shared_words(&self, docs: &[usize], count: usize) -> Vec<String> {
        let mut weight: std::collections::HashMap<TermId, (usize, f32)> = std::collections::HashMap::new();
        for &d in docs {
            for &(id, x) in &self.vectors[d] {
                if self.labels[id as usize].1 == TermKind::Word {
                    let e = weight.entry(id).or_default();
                    e.0 += 1;
                    e.1 += x;
                }
            }
        }
        let least = docs.len().min(2);
        let mut words: Vec<(TermId, usize, f32)> =
            weight.into_iter().filter(|(_, (n, _))| *n >= least).map(|(id, (n, w))| (id, n, w)).collect();
        words.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.total_cmp(&a.2)).then(a.0.cmp(&b.0)));
        let mut labels: Vec<String> = Vec::new();
        for (id, _, _) in words {
            let label = self.labels[id as usize].0.to_lowercase();
            if !labels.contains(&label) {
                labels.push(label);
            }
            if labels.len() == count {
                break;
            }
        }
        labels
    }

    /// How many distinct terms the index holds.
    pub(crate) fn vocabulary_len(&self) -> usize {
        self.labels.len()
    }

    pub(crate) fn term(&self, term: &str) -> Option<TermId> {
        self.terms.get(term).copied()
    }

    pub(crate) fn label(&self, id: TermId) -> &(String, TermKind) {
        &self.labels[id as usize]
    }

    pub(crate) fn vector(&self, doc: usize) -> &[(TermId, f32)] {
        &self.vectors[doc]
    }

    /// How many sessions hold the term.
    pub(crate) fn document_frequency(&self, id: TermId) -> usize {
        self.postings[id as usize].len()
    }

    /// Every session's score for a weighted query: Σ query weight × BM25 weight.
    pub(crate) fn score(&self, query: &[(TermId, f32)]) -> Vec<f32> {
        let mut scores = vec![0.0f32; self.len()];
        for &(id, q) in query {
            for &(doc, weight) in &self.postings[id as usize] {
                scores[doc as usize] += q * weight;
            }
        }
        scores
    }

    /// The (unit-length BM25) weight of a term in one session, 0 if absent:
    /// a binary search in the session's own vector, not a scan of the term's postings.
    pub(crate) fn weight(&self, doc: usize, id: TermId) -> f32 {
        let vector = &self.vectors[doc];
        vector.binary_search_by_key(&id, |(t, _)| *t).map_or(0.0, |k| vector[k].1)
    }
}
