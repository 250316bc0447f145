//! Ranking sessions for a track. The track's words (title, seed terms,
//! narrative, policy questions) make a weighted term vector, the prior. With
//! the coordinator's decisions (accepted sessions and the track's examples as
//! positives, rejected ones as negatives, plus a sample of undecided sessions
//! presumed negative, as in continuous active learning) a logistic model is
//! trained that starts from the prior and is pulled back towards it; every
//! decision re-ranks the rest. Each suggestion carries its reasons: the terms
//! that weighed most, and the sentence that matched best.

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use throughline_core::assignment::{BadAssignment, read_assignment};

use crate::analyze::Analyzer;
use crate::index::{FieldWeights, Index, SessionText, TermId, TermKind};

/// What defines a track for discovery.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TrackQuery {
    pub title: String,
    pub narrative: String,
    pub seed_terms: Vec<String>,
    pub policy_questions: Vec<String>,
}

/// The coordinator's decisions so far, by session index.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Feedback {
    /// Accepted sessions and the track's examples.
    pub accepted: Vec<usize>,
    pub rejected: Vec<usize>,
}

/// The knobs of the ranking.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    pub fields: FieldWeights,
    /// How strongly the track's own words weigh in the model.
    pub prior_scale: f32,
    /// How strongly the model is pulled back towards the prior (L2).
    pub regularisation: f32,
    /// Gradient steps per decision, and their size.
    pub iterations: usize,
    pub step: f32,
    /// Undecided sessions presumed negative while training, and how much
    /// each counts next to a session the coordinator rejected.
    pub presumed_negatives: usize,
    pub presumed_weight: f32,
    /// Weight of the nearest accepted session's similarity in the score.
    pub nearest_weight: f32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            fields: FieldWeights::default(),
            // Chosen on 31C3, DebConf17, EuroPython 2014 and FOSDEM 2025
            // (`throughline eval discovery --set`), checked on the other three.
            prior_scale: 2.0,
            regularisation: 0.1,
            iterations: 40,
            step: 4.0,
            presumed_negatives: 100,
            presumed_weight: 1.0,
            nearest_weight: 1.0,
        }
    }
}

impl Settings {
    /// The knobs' names, as `set` takes them: the model's, then the field weights.
    pub const NAMES: [&'static str; 15] = [
        "prior_scale",
        "regularisation",
        "iterations",
        "step",
        "presumed_negatives",
        "presumed_weight",
        "nearest_weight",
        "title",
        "tags",
        "policy_questions",
        "description",
        "affiliations",
        "people",
        "kind",
        "room",
    ];

    /// Changes one knob from `NAME=VALUE` (a number of at least 0), for
    /// experiments with `throughline eval discovery --set`.
    pub fn set(&mut self, assignment: &str) -> Result<(), BadAssignment> {
        let (name, value) = read_assignment(assignment)?;
        let (f, x) = (&mut self.fields, value as f32);
        match name {
            "prior_scale" => self.prior_scale = x,
            "regularisation" => self.regularisation = x,
            "iterations" => self.iterations = value as usize,
            "step" => self.step = x,
            "presumed_negatives" => self.presumed_negatives = value as usize,
            "presumed_weight" => self.presumed_weight = x,
            "nearest_weight" => self.nearest_weight = x,
            "title" => f.title = x,
            "tags" => f.tags = x,
            "policy_questions" => f.policy_questions = x,
            "description" => f.description = x,
            "affiliations" => f.affiliations = x,
            "people" => f.people = x,
            "kind" => f.kind = x,
            "room" => f.room = x,
            other => return Err(BadAssignment::unknown("setting", other, &Self::NAMES)),
        }
        Ok(())
    }
}

/// Why a session was suggested.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reasons {
    /// The terms that weighed most, as words a person reads ("same organiser: Ana Diallo").
    pub terms: Vec<String>,
    /// The sentence that matched best.
    pub sentence: String,
}

/// One ranked session.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    pub code: String,
    pub score: f32,
    pub reasons: Reasons,
}

/// The index of one forum's sessions, ready to rank them for any track.
pub struct Engine {
    analyzer: Analyzer,
    index: Index,
    sessions: Vec<SessionText>,
    languages: Vec<String>,
    settings: Settings,
    by_code: HashMap<String, usize>,
}

/// A weighted query: term ids and weights.
pub type Query = Vec<(TermId, f32)>;

impl Engine {
    pub fn new(sessions: Vec<SessionText>, settings: Settings) -> Engine {
        let analyzer = Analyzer::default();
        let index = Index::build(&analyzer, &sessions, &settings.fields);
        let mut languages: Vec<String> = sessions.iter().map(|s| s.language.clone()).collect();
        languages.sort();
        languages.dedup();
        let by_code = sessions.iter().enumerate().map(|(i, s)| (s.code.clone(), i)).collect();
        Engine { analyzer, index, sessions, languages, settings, by_code }
    }

    pub fn len(&self) -> usize {
        self.sessions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sessions.is_empty()
    }

    /// The index of the session with this code.
    /// The index the engine ranks with.
    pub fn index(&self) -> &Index {
        &self.index
    }

    pub fn position(&self, code: &str) -> Option<usize> {
        self.by_code.get(code).copied()
    }

    pub fn session(&self, i: usize) -> &SessionText {
        &self.sessions[i]
    }

    /// The track's own words as a unit-length term vector. Words are stemmed
    /// in every language of the forum, so an English track title finds
    /// French sessions where the stems agree.
    fn text_vector(&self, track: &TrackQuery) -> HashMap<TermId, f32> {
        let mut q: HashMap<TermId, f32> = HashMap::new();
        let mut add = |text: &str, weight: f32| {
            for lang in self.languages.iter().map(String::as_str).chain(["en"]) {
                for (term, _) in self.analyzer.terms(text, lang) {
                    if let Some(id) = self.index.term(&term) {
                        let slot = q.entry(id).or_default();
                        *slot = slot.max(weight);
                    }
                }
            }
        };
        add(&track.title, 3.0);
        for seed in &track.seed_terms {
            add(seed, 2.0);
        }
        add(&track.narrative, 1.0);
        for question in &track.policy_questions {
            add(question, 1.0);
        }
        // Rare terms say more about a track than common ones: the BM25 weights carry idf already.
        unit(q)
    }

    /// The model after feedback: term weights, the prior trained on the decisions.
    pub fn query(&self, track: &TrackQuery, feedback: &Feedback) -> Query {
        let st = &self.settings;
        let prior: HashMap<TermId, f32> =
            self.text_vector(track).into_iter().map(|(id, w)| (id, st.prior_scale * w)).collect();
        if feedback.accepted.is_empty() && feedback.rejected.is_empty() {
            let mut q: Query = prior.into_iter().collect();
            q.sort_by_key(|(id, _)| *id);
            return q;
        }
        // Training examples: (session, label).
        let decided: HashSet<usize> = feedback.accepted.iter().chain(&feedback.rejected).copied().collect();
        let negatives: Vec<usize> = feedback.rejected.clone();
        let presumed = presumed_negatives(self.len(), &decided, st.presumed_negatives);
        let positives = &feedback.accepted;
        // Dense weights over the vocabulary, starting at the prior; only the
        // terms of the training sessions and the prior can move.
        let vocabulary = self.index.vocabulary_len();
        let mut w = vec![0.0f32; vocabulary];
        let mut w0 = vec![0.0f32; vocabulary];
        for (&id, &x) in &prior {
            w[id as usize] = x;
            w0[id as usize] = x;
        }
        let mut active: Vec<TermId> = prior.keys().copied().collect();
        for &d in positives.iter().chain(&negatives).chain(&presumed) {
            active.extend(self.index.vector(d).iter().map(|(id, _)| *id));
        }
        active.sort_unstable();
        active.dedup();
        // Each class weighs the same in total; a presumed negative counts `presumed_weight` of a rejected one.
        let cp = 1.0 / positives.len().max(1) as f32;
        let negative_mass = negatives.len() as f32 + st.presumed_weight * presumed.len() as f32;
        let cn = 1.0 / negative_mass.max(1.0);
        let mut grad = vec![0.0f32; vocabulary];
        let dot =
            |doc: usize, w: &[f32]| -> f32 { self.index.vector(doc).iter().map(|(id, x)| w[*id as usize] * x).sum() };
        for _ in 0..st.iterations {
            for &id in &active {
                grad[id as usize] = st.regularisation * (w[id as usize] - w0[id as usize]);
            }
            let classes = [
                (positives.as_slice(), 1.0f32, cp),
                (negatives.as_slice(), -1.0, cn),
                (presumed.as_slice(), -1.0, cn * st.presumed_weight),
            ];
            for (docs, label, c) in classes {
                for &d in docs {
                    let coef = -label * c * sigmoid(-label * dot(d, &w));
                    for &(id, x) in self.index.vector(d) {
                        grad[id as usize] += coef * x;
                    }
                }
            }
            for &id in &active {
                w[id as usize] -= st.step * grad[id as usize];
            }
        }
        let w: Vec<(TermId, f32)> = active.iter().map(|&id| (id, w[id as usize])).collect();
        let mut query: Query = w.into_iter().filter(|(_, x)| x.abs() > 1e-6).collect();
        query.sort_by_key(|(id, _)| *id);
        query
    }

    /// Every session's score for a query.
    pub fn scores(&self, query: &Query) -> Vec<f32> {
        self.index.score(query)
    }

    /// Sessions ranked for a track after feedback: the model's score, plus
    /// (with `nearest_weight`) the similarity to the nearest accepted session.
    pub fn rank_for(&self, track: &TrackQuery, feedback: &Feedback, skip: &HashSet<usize>) -> Vec<(usize, f32)> {
        self.rank_with(&self.query(track, feedback), feedback, skip)
    }

    /// [`Engine::rank_for`] with the model already trained.
    fn rank_with(&self, query: &Query, feedback: &Feedback, skip: &HashSet<usize>) -> Vec<(usize, f32)> {
        let mut scores = self.scores(query);
        if self.settings.nearest_weight > 0.0 && !feedback.accepted.is_empty() {
            let mut nearest = vec![0.0f32; scores.len()];
            for &p in &feedback.accepted {
                for (d, sim) in self.index.score(self.index.vector(p)).into_iter().enumerate() {
                    nearest[d] = nearest[d].max(sim);
                }
            }
            for (s, n) in scores.iter_mut().zip(nearest) {
                *s += self.settings.nearest_weight * n;
            }
        }
        self.order(scores, skip)
    }

    /// Sessions ranked best first, leaving out `skip`; ties go by code for a stable order.
    pub fn rank(&self, query: &Query, skip: &HashSet<usize>) -> Vec<(usize, f32)> {
        self.order(self.scores(query), skip)
    }

    fn order(&self, scores: Vec<f32>, skip: &HashSet<usize>) -> Vec<(usize, f32)> {
        let mut ranked: Vec<(usize, f32)> = scores.into_iter().enumerate().filter(|(i, _)| !skip.contains(i)).collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| self.sessions[a.0].code.cmp(&self.sessions[b.0].code)));
        ranked
    }

    /// The top `limit` suggestions with their reasons.
    pub fn suggest(
        &self,
        track: &TrackQuery,
        feedback: &Feedback,
        skip: &HashSet<usize>,
        limit: usize,
    ) -> Vec<Suggestion> {
        let query = self.query(track, feedback);
        self.rank_with(&query, feedback, skip)
            .into_iter()
            .take(limit)
            .map(|(doc, score)| Suggestion {
                code: self.sessions[doc].code.clone(),
                score,
                reasons: self.explain(doc, &query),
            })
            .collect()
    }

    /// Why a session scores as it does for a query.
    pub fn explain(&self, doc: usize, query: &Query) -> Reasons {
        let mut contributions: Vec<(TermId, f32)> =
            query.iter().map(|&(id, q)| (id, q * self.index.weight(doc, id))).filter(|(_, c)| *c > 0.0).collect();
        contributions.sort_by(|a, b| b.1.total_cmp(&a.1));
        let terms = contributions
            .iter()
            .take(6)
            .map(|(id, _)| {
                let (label, kind) = self.index.label(*id);
                match kind {
                    TermKind::Word => label.to_lowercase(),
                    TermKind::Person => format!("same person: {label}"),
                    TermKind::Kind => format!("same kind: {label}"),
                    TermKind::Room => format!("same room: {label}"),
                }
            })
            .collect();
        let weights: HashMap<TermId, f32> = query.iter().copied().collect();
        Reasons { terms, sentence: self.best_sentence(doc, &weights) }
    }

    /// The sentence of the title, description or policy questions whose terms weigh most in the query.
    fn best_sentence(&self, doc: usize, weights: &HashMap<TermId, f32>) -> String {
        let s = &self.sessions[doc];
        let mut best = (0.0f32, String::new());
        let texts = std::iter::once(s.title.as_str())
            .chain(s.policy_questions.iter().map(String::as_str))
            .chain(sentences(&s.description));
        for sentence in texts {
            let mut seen = HashSet::new();
            let score: f32 = self
                .analyzer
                .terms(sentence, &s.language)
                .into_iter()
                .filter_map(|(term, _)| self.index.term(&term))
                .filter(|id| seen.insert(*id))
                .map(|id| {
                    weights.get(&id).copied().unwrap_or(0.0).max(0.0)
                        / (self.index.document_frequency(id) as f32).sqrt()
                })
                .sum();
            if score > best.0 {
                best = (score, sentence.trim().to_string());
            }
        }
        shorten(&best.1, 220)
    }
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// A deterministic spread of undecided sessions to presume negative: up to
/// `want`, and never more than a third of the undecided ones, so that in a
/// small forum the sessions still to be found are not all counted against.
fn presumed_negatives(n: usize, decided: &HashSet<usize>, want: usize) -> Vec<usize> {
    let undecided = n.saturating_sub(decided.len());
    let want = want.min(undecided / 3);
    if want == 0 {
        return Vec::new();
    }
    let stride = (n / want).max(1);
    (0..n).step_by(stride).filter(|d| !decided.contains(d)).take(want).collect()
}

/// Scales a vector to unit length.
fn unit(v: HashMap<TermId, f32>) -> HashMap<TermId, f32> {
    let norm = v.values().map(|x| x * x).sum::<f32>().sqrt();
    if norm == 0.0 { v } else { v.into_iter().map(|(k, x)| (k, x / norm)).collect() }
}

/// Splits a text into sentences at `.`, `!`, `?` (and their full-width forms) followed by a space or line end.
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(at, c)) in chars.iter().enumerate() {
        let end_mark = matches!(c, '.' | '!' | '?' | '。' | '！' | '？' | '\n');
        let next_is_break = chars.get(i + 1).is_none_or(|(_, n)| n.is_whitespace() || !c.is_ascii());
        if end_mark && next_is_break {
            let end = at + c.len_utf8();
            if !text[start..end].trim().is_empty() {
                out.push(&text[start..end]);
            }
            start = end;
        }
    }
    if !text[start..].trim().is_empty() {
        out.push(&text[start..]);
    }
    out.into_iter()
}

fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let cut: String = text.chars().take(max_chars).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_setting_named_is_set_and_no_other() {
        for name in Settings::NAMES {
            let mut s = Settings::default();
            s.set(&format!("{name}=7")).unwrap();
            assert_ne!(s, Settings::default(), "{name} changes a knob");
        }
        let mut s = Settings::default();
        s.set("room=2.5").unwrap();
        assert_eq!(s.fields.room, 2.5);
        let err = s.set("speed=1").unwrap_err().to_string();
        assert!(err.starts_with("no setting \"speed\" (there are: prior_scale, "), "{err}");
    }

    fn session(code: &str, title: &str, description: &str, organiser: &str) -> SessionText {
        SessionText {
            code: code.into(),
            language: "en".into(),
            title: title.into(),
            description: description.into(),
            people: vec![(organiser.to_lowercase(), organiser.into())],
            kind: "workshop".into(),
            ..SessionText::default()
        }
    }

    fn engine() -> Engine {
        Engine::new(
            vec![
                session(
                    "A",
                    "Enhanced cooperation after Tunis",
                    "How governments cooperate on an equal footing. Lunch is served.",
                    "Ana",
                ),
                session(
                    "B",
                    "Mapping cooperation mechanisms",
                    "Which issue-based networks exist and who takes part.",
                    "Ana",
                ),
                session("C", "Community networks in rural areas", "Spectrum, backhaul and local ownership.", "Ben"),
                session("D", "Child safety online", "Age verification and platform duties.", "Cy"),
                session("E", "Cooperation between CERTs", "Incident response across borders.", "Dee"),
            ],
            Settings::default(),
        )
    }

    fn track() -> TrackQuery {
        TrackQuery {
            title: "Enhanced cooperation".into(),
            seed_terms: vec!["Tunis Agenda".into()],
            ..TrackQuery::default()
        }
    }

    fn order(e: &Engine, feedback: &Feedback, skip: &HashSet<usize>) -> Vec<String> {
        e.rank_for(&track(), feedback, skip).into_iter().map(|(d, _)| e.session(d).code.clone()).collect()
    }

    #[test]
    fn the_track_words_rank_the_obvious_session_first_with_reasons() {
        let e = engine();
        let top = e.suggest(&track(), &Feedback::default(), &HashSet::new(), 2);
        assert_eq!(top[0].code, "A");
        assert!(top[0].reasons.terms.contains(&"enhanced".to_string()), "{:?}", top[0].reasons);
        assert_eq!(top[0].reasons.sentence, "Enhanced cooperation after Tunis");
        assert!(top[0].score > top[1].score);
    }

    #[test]
    fn accepting_a_session_lifts_its_neighbours_and_rejecting_pushes_them_down() {
        let e = engine();
        let before = order(&e, &Feedback::default(), &HashSet::new());
        let b = before.iter().position(|c| c == "B").unwrap();
        let ex = before.iter().position(|c| c == "E").unwrap();
        assert!(ex < b, "without feedback the CERT session's 'cooperation' outranks B: {before:?}");
        // The coordinator accepts A: B shares its organiser and words.
        let a = e.position("A").unwrap();
        let skip = HashSet::from([a]);
        let after = order(&e, &Feedback { accepted: vec![a], rejected: vec![] }, &skip);
        assert_eq!(after[0], "B", "{after:?}");
        let explained =
            e.explain(e.position("B").unwrap(), &e.query(&track(), &Feedback { accepted: vec![a], rejected: vec![] }));
        assert!(explained.terms.contains(&"same person: Ana".to_string()), "{explained:?}");
        // Rejecting E lowers sessions like it.
        let ei = e.position("E").unwrap();
        let q_plain = e.query(&track(), &Feedback::default());
        let q_rejected = e.query(&track(), &Feedback { accepted: vec![], rejected: vec![ei] });
        assert!(e.scores(&q_rejected)[ei] < e.scores(&q_plain)[ei]);
    }

    #[test]
    fn sentences_split_on_marks() {
        let v: Vec<&str> = sentences("One. Two! Three? v1.2 stays. Last").collect();
        assert_eq!(v, vec!["One.", " Two!", " Three?", " v1.2 stays.", " Last"]);
    }
}

#[cfg(test)]
mod other_scripts {
    use super::*;

    #[test]
    fn arabic_chinese_and_russian_sessions_rank_and_explain() {
        let s = |code: &str, lang: &str, title: &str| SessionText {
            code: code.into(),
            language: lang.into(),
            title: title.into(),
            description: format!("{title}。 {title}."),
            ..SessionText::default()
        };
        let e = Engine::new(
            vec![
                s("ar", "ar", "التعاون المعزز في حوكمة الإنترنت"),
                s("zh", "zh", "互联网治理论坛的加强合作"),
                s("ru", "ru", "Расширенное сотрудничество в управлении интернетом"),
                s("en", "en", "Spectrum for community networks"),
            ],
            Settings::default(),
        );
        for (code, words) in [("ar", "التعاون المعزز"), ("zh", "加强合作"), ("ru", "сотрудничество")]
        {
            let track = TrackQuery { title: words.into(), ..TrackQuery::default() };
            let top = e.suggest(&track, &Feedback::default(), &HashSet::new(), 1);
            assert_eq!(top[0].code, code, "{words}");
            assert!(!top[0].reasons.terms.is_empty() && !top[0].reasons.sentence.is_empty());
        }
    }
}
