//! Measuring the grouping against tracks people assigned: every session of
//! a programme that has a track is grouped into as many groups as the
//! programme has tracks, from its words and people alone, and the groups are
//! compared with the tracks by normalised mutual information (NMI) and the
//! adjusted Rand index (ARI).

use std::collections::HashMap;

use serde::Serialize;
use throughline_core::{MembershipStatus, Programme};

use crate::cluster::spectral_groups;
use crate::corpus::session_texts;
use crate::engine::{Engine, Settings};

/// How the grouping did on one programme.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClusterResult {
    pub file: String,
    /// Sessions with a track (the ones grouped).
    pub sessions: usize,
    /// Groups made: the number of tracks.
    pub groups: usize,
    pub nmi: f64,
    pub ari: f64,
}

/// Groups the programme's sessions that have a track (the first track that
/// accepted each) and scores the groups against those tracks.
pub fn evaluate_clusters(file: &str, p: &Programme, seed: u64) -> ClusterResult {
    let engine = Engine::new(session_texts(p), Settings::default());
    let mut docs: Vec<usize> = Vec::new();
    let mut truth: Vec<usize> = Vec::new();
    let mut tracks: Vec<&str> = Vec::new();
    for s in &p.sessions {
        let Some(m) = p.memberships.iter().find(|m| m.session == s.code && m.status == MembershipStatus::Accepted)
        else {
            continue;
        };
        let Some(doc) = engine.position(&s.code) else { continue };
        let track = tracks.iter().position(|t| *t == m.track).unwrap_or_else(|| {
            tracks.push(&m.track);
            tracks.len() - 1
        });
        docs.push(doc);
        truth.push(track);
    }
    let found = spectral_groups(&engine.index().content_similarity(&docs), tracks.len(), seed);
    ClusterResult {
        file: file.to_string(),
        sessions: docs.len(),
        groups: tracks.len(),
        nmi: normalised_mutual_information(&truth, &found),
        ari: adjusted_rand_index(&truth, &found),
    }
}

/// Counts per label.
type Counts<K> = HashMap<K, f64>;

/// The contingency table of two labellings: counts per (a, b) pair, and per label of each.
fn contingency(a: &[usize], b: &[usize]) -> (Counts<(usize, usize)>, Counts<usize>, Counts<usize>) {
    let mut both = HashMap::new();
    let mut rows = HashMap::new();
    let mut columns = HashMap::new();
    for (&x, &y) in a.iter().zip(b) {
        *both.entry((x, y)).or_insert(0.0) += 1.0;
        *rows.entry(x).or_insert(0.0) += 1.0;
        *columns.entry(y).or_insert(0.0) += 1.0;
    }
    (both, rows, columns)
}

fn entropy(counts: &HashMap<usize, f64>, n: f64) -> f64 {
    counts.values().map(|&c| -(c / n) * (c / n).ln()).sum()
}

/// Mutual information over the arithmetic mean of the two entropies (1 when
/// the labellings agree up to names; 1 too when both put everything in one group).
pub fn normalised_mutual_information(a: &[usize], b: &[usize]) -> f64 {
    let n = a.len() as f64;
    if a.is_empty() {
        return 1.0;
    }
    let (both, rows, columns) = contingency(a, b);
    let (ha, hb) = (entropy(&rows, n), entropy(&columns, n));
    if ha == 0.0 && hb == 0.0 {
        return 1.0;
    }
    let mutual: f64 = both.iter().map(|(&(x, y), &c)| (c / n) * (c * n / (rows[&x] * columns[&y])).ln()).sum();
    (mutual / ((ha + hb) / 2.0)).max(0.0)
}

/// The Rand index corrected for chance (Hubert and Arabie, 1985): 1 for the
/// same grouping, about 0 for random ones, negative when worse than chance.
pub fn adjusted_rand_index(a: &[usize], b: &[usize]) -> f64 {
    let pairs = |x: f64| x * (x - 1.0) / 2.0;
    let (both, rows, columns) = contingency(a, b);
    let index: f64 = both.values().map(|&c| pairs(c)).sum();
    let row_pairs: f64 = rows.values().map(|&c| pairs(c)).sum();
    let column_pairs: f64 = columns.values().map(|&c| pairs(c)).sum();
    let total = pairs(a.len() as f64);
    if total == 0.0 {
        return 1.0;
    }
    let expected = row_pairs * column_pairs / total;
    let max = (row_pairs + column_pairs) / 2.0;
    if max == expected {
        return 1.0;
    }
    (index - expected) / (max - expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_grouping_under_other_names_scores_one() {
        let a = [0, 0, 1, 1, 2, 2];
        let b = [5, 5, 3, 3, 9, 9];
        assert!((normalised_mutual_information(&a, &b) - 1.0).abs() < 1e-12);
        assert!((adjusted_rand_index(&a, &b) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn scores_match_values_worked_by_hand() {
        // a = {0,0,0,1,1,1}, b = {0,0,1,1,2,2}: contingency [[2,1,0],[0,1,2]].
        let a = [0, 0, 0, 1, 1, 1];
        let b = [0, 0, 1, 1, 2, 2];
        // Pairs: Σ C(n_ij,2) = 1 + 1 = 2; rows 3 + 3 = 6; columns 1 + 1 + 1 = 3;
        // total C(6,2) = 15; expected 6·3/15 = 1.2; max 4.5; ARI = 0.8 / 3.3.
        assert!((adjusted_rand_index(&a, &b) - 0.8 / 3.3).abs() < 1e-12);
        // H(a) = ln 2, H(b) = ln 3; MI = 4·(2/6)·ln(2·6/(3·2)) / 2 … worked out:
        // cells 2 (twice): (2/6)·ln(2·6/6) = (1/3)·ln 2; cells 1 (twice): (1/6)·ln(1·6/6) = 0.
        let mi = 2.0 * (1.0 / 3.0) * 2f64.ln();
        let expected = mi / ((2f64.ln() + 3f64.ln()) / 2.0);
        assert!((normalised_mutual_information(&a, &b) - expected).abs() < 1e-12);
    }

    #[test]
    fn independent_groupings_score_near_zero() {
        let a = [0, 0, 1, 1];
        let b = [0, 1, 0, 1];
        assert!(normalised_mutual_information(&a, &b).abs() < 1e-12);
        assert!(adjusted_rand_index(&a, &b) < 0.0);
    }
}
