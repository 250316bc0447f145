//! Measuring discovery against tracks people assigned. For each track: the
//! track's name (and K example sessions, drawn with a fixed seed and left out
//! of the scoring) is the query; we report average precision, recall at the
//! track's size, and reviews-to-90%-recall: a simulated coordinator reviews
//! the top unreviewed suggestion, accepts true members and rejects the rest,
//! with feedback applied after every decision, until 90% of the track is
//! found. "The track" here is the members left to find (examples excluded);
//! the best possible number of reviews is 90% of it.

use std::collections::HashSet;

use serde::Serialize;

use throughline_core::seeded::Seeded;
use throughline_core::{MembershipStatus, Programme};

use crate::corpus::session_texts;
use crate::engine::{Engine, Feedback, Settings, TrackQuery};

/// A track with its members, as labelled in a programme.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelledTrack {
    pub name: String,
    /// Session indexes in the engine.
    pub members: Vec<usize>,
}

/// How discovery did on one track.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrackResult {
    pub name: String,
    /// Members to find (the labelled sessions less the examples).
    pub size: usize,
    pub ap: f64,
    pub recall_at_size: f64,
    pub reviews_to_90: usize,
}

/// How discovery did on one programme.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProgrammeResult {
    pub file: String,
    pub sessions: usize,
    /// Mean average precision over its tracks.
    pub map: f64,
    /// Mean over its tracks of reviews-to-90% divided by the track's size.
    pub mean_reviews_ratio: f64,
    pub tracks: Vec<TrackResult>,
}

/// Tracks with at least this many labelled sessions are evaluated.
pub const MIN_TRACK_SIZE: usize = 4;

/// Evaluates every labelled track of a programme (its accepted memberships).
pub fn evaluate_programme(
    file: &str,
    p: &Programme,
    settings: Settings,
    examples: usize,
    seed: u64,
) -> ProgrammeResult {
    let engine = Engine::new(session_texts(p), settings);
    let mut tracks: Vec<LabelledTrack> = p
        .tracks
        .iter()
        .map(|t| LabelledTrack {
            name: t.title.clone(),
            members: p
                .memberships
                .iter()
                .filter(|m| m.track == t.slug && m.status == MembershipStatus::Accepted)
                .filter_map(|m| engine.position(&m.session))
                .collect(),
        })
        .filter(|t| t.members.len() >= MIN_TRACK_SIZE)
        .collect();
    tracks.sort_by(|a, b| b.members.len().cmp(&a.members.len()).then(a.name.cmp(&b.name)));
    let results: Vec<TrackResult> = tracks.iter().map(|t| evaluate_track(&engine, t, examples, seed)).collect();
    let n = results.len().max(1) as f64;
    ProgrammeResult {
        file: file.to_string(),
        sessions: p.sessions.len(),
        map: results.iter().map(|r| r.ap).sum::<f64>() / n,
        mean_reviews_ratio: results.iter().map(|r| r.reviews_to_90 as f64 / r.size.max(1) as f64).sum::<f64>() / n,
        tracks: results,
    }
}

/// Average precision of a ranking against the relevant set.
pub fn average_precision(ranked: &[usize], relevant: &HashSet<usize>) -> f64 {
    if relevant.is_empty() {
        return 0.0;
    }
    let mut hits = 0usize;
    let mut sum = 0.0;
    for (i, doc) in ranked.iter().enumerate() {
        if relevant.contains(doc) {
            hits += 1;
            sum += hits as f64 / (i + 1) as f64;
        }
    }
    sum / relevant.len() as f64
}

/// The share of the relevant set among the first `k` of a ranking.
pub fn recall_at(ranked: &[usize], relevant: &HashSet<usize>, k: usize) -> f64 {
    if relevant.is_empty() {
        return 0.0;
    }
    ranked.iter().take(k).filter(|d| relevant.contains(d)).count() as f64 / relevant.len() as f64
}

/// How many of the relevant sessions a coordinator must find: 90%, rounded up.
pub fn target_of(relevant: usize) -> usize {
    (relevant * 9).div_ceil(10)
}

/// The generator for a track's examples: the seed mixed with an FNV-1a hash
/// of the name, so each track draws its own, the same on every run.
fn generator(seed: u64, name: &str) -> Seeded {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    Seeded::new(seed ^ h)
}

/// Draws `k` examples from the members (fewer if the track is small: at least one member stays to be found).
pub fn draw_examples(track: &LabelledTrack, k: usize, seed: u64) -> Vec<usize> {
    let mut pool = track.members.clone();
    pool.sort_unstable();
    let mut rng = generator(seed, &track.name);
    let k = k.min(pool.len().saturating_sub(1));
    (0..k).map(|_| pool.remove(rng.below(pool.len()))).collect()
}

/// Evaluates one track.
pub fn evaluate_track(engine: &Engine, track: &LabelledTrack, examples: usize, seed: u64) -> TrackResult {
    let examples = draw_examples(track, examples, seed);
    let query_track = TrackQuery { title: track.name.clone(), ..TrackQuery::default() };
    let relevant: HashSet<usize> = track.members.iter().copied().filter(|m| !examples.contains(m)).collect();
    let skip: HashSet<usize> = examples.iter().copied().collect();
    let feedback = Feedback { accepted: examples.clone(), rejected: Vec::new() };
    let ranked: Vec<usize> = engine.rank_for(&query_track, &feedback, &skip).into_iter().map(|(d, _)| d).collect();
    TrackResult {
        name: track.name.clone(),
        size: relevant.len(),
        ap: average_precision(&ranked, &relevant),
        recall_at_size: recall_at(&ranked, &relevant, relevant.len()),
        reviews_to_90: reviews_to_90(engine, &query_track, &examples, &relevant),
    }
}

/// The simulated coordinator: reviews the top suggestion, decides, re-ranks.
pub fn reviews_to_90(engine: &Engine, track: &TrackQuery, examples: &[usize], relevant: &HashSet<usize>) -> usize {
    let target = target_of(relevant.len());
    let mut feedback = Feedback { accepted: examples.to_vec(), rejected: Vec::new() };
    let mut reviewed: HashSet<usize> = examples.iter().copied().collect();
    let (mut found, mut reviews) = (0, 0);
    while found < target {
        let Some(&(top, _)) = engine.rank_for(track, &feedback, &reviewed).first() else {
            break;
        };
        reviewed.insert(top);
        reviews += 1;
        if relevant.contains(&top) {
            found += 1;
            feedback.accepted.push(top);
        } else {
            feedback.rejected.push(top);
        }
    }
    reviews
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn average_precision_on_known_rankings() {
        let relevant: HashSet<usize> = [1, 3].into();
        assert_eq!(average_precision(&[1, 3, 2], &relevant), 1.0);
        // Hits at ranks 2 and 4: (1/2 + 2/4) / 2 = 0.5.
        assert_eq!(average_precision(&[0, 1, 2, 3], &relevant), 0.5);
        // A relevant session never ranked counts as zero: (1/1) / 2.
        assert_eq!(average_precision(&[1, 0], &relevant), 0.5);
        assert_eq!(average_precision(&[0], &HashSet::new()), 0.0);
    }

    #[test]
    fn recall_and_target() {
        let relevant: HashSet<usize> = [1, 3, 5, 7].into();
        assert_eq!(recall_at(&[1, 2, 3, 4], &relevant, 4), 0.5);
        assert_eq!(target_of(10), 9);
        assert_eq!(target_of(4), 4);
        assert_eq!(target_of(1), 1);
    }

    #[test]
    fn examples_are_drawn_the_same_way_every_time() {
        let track = LabelledTrack { name: "Security".into(), members: vec![4, 8, 15, 16, 23, 42] };
        let a = draw_examples(&track, 3, 7);
        assert_eq!(a, draw_examples(&track, 3, 7));
        assert_eq!(a.len(), 3);
        assert!(a.iter().all(|x| track.members.contains(x)));
        let small = LabelledTrack { name: "x".into(), members: vec![1, 2] };
        assert_eq!(draw_examples(&small, 3, 7).len(), 1, "one member stays to be found");
    }
}
