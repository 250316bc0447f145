//! Grouping sessions by what they have in common: spectral clustering of a
//! similarity graph in which each session is linked to its nearest
//! neighbours. The pre-event's synergy groups use it, and `eval clusters`
//! measures it against tracks people assigned (`cluster_eval`).

use nalgebra::{DMatrix, SymmetricEigen};
use throughline_core::seeded::Seeded;

/// How many neighbours each session is linked to among `n`: about √n, at
/// least 2 (a session's few closest, not the whole forum's noise).
pub fn neighbours_for(n: usize) -> usize {
    ((n as f64).sqrt().round() as usize).clamp(2, n.saturating_sub(1).max(1))
}

/// Splits `n` items into `k` groups from their pairwise `similarity` (an
/// `n × n` symmetric matrix, higher is closer). Returns each item's group,
/// numbered `0..k` in order of first appearance. Deterministic for a `seed`.
pub fn spectral_groups(similarity: &[Vec<f32>], k: usize, seed: u64) -> Vec<usize> {
    let n = similarity.len();
    if n == 0 {
        return Vec::new();
    }
    if k <= 1 {
        return vec![0; n];
    }
    if k >= n {
        return (0..n).collect();
    }
    let graph = neighbour_graph(similarity, neighbours_for(n));
    let embedding = spectral_embedding(&graph, k);
    renumber(&k_means(&embedding, k, seed))
}

/// The symmetric k-nearest-neighbour graph: 1 where each of two items is
/// among the other's nearest, ½ where one is, 0 elsewhere.
fn neighbour_graph(similarity: &[Vec<f32>], neighbours: usize) -> DMatrix<f64> {
    let n = similarity.len();
    let mut graph = DMatrix::<f64>::zeros(n, n);
    for (i, row) in similarity.iter().enumerate() {
        let mut others: Vec<usize> = (0..n).filter(|&j| j != i).collect();
        // Closest first; ties by position, so the graph does not depend on sort details.
        others.sort_by(|&a, &b| row[b].total_cmp(&row[a]).then(a.cmp(&b)));
        for &j in others.iter().take(neighbours) {
            graph[(i, j)] += 0.5;
            graph[(j, i)] += 0.5;
        }
    }
    graph
}

/// The `k` leading eigenvectors of the graph's normalised adjacency
/// D^-½ A D^-½, one row per item, each row scaled to unit length (Ng,
/// Jordan and Weiss, 2001).
fn spectral_embedding(graph: &DMatrix<f64>, k: usize) -> Vec<Vec<f64>> {
    let n = graph.nrows();
    let scale: Vec<f64> = (0..n).map(|i| 1.0 / graph.row(i).sum().max(1e-12).sqrt()).collect();
    let normalised = DMatrix::from_fn(n, n, |i, j| graph[(i, j)] * scale[i] * scale[j]);
    let eigen = SymmetricEigen::new(normalised);
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| eigen.eigenvalues[b].total_cmp(&eigen.eigenvalues[a]).then(a.cmp(&b)));
    (0..n)
        .map(|i| {
            let row: Vec<f64> = order[..k].iter().map(|&c| eigen.eigenvectors[(i, c)]).collect();
            let length = row.iter().map(|x| x * x).sum::<f64>().sqrt().max(1e-12);
            row.into_iter().map(|x| x / length).collect()
        })
        .collect()
}

/// Restarts of k-means, the one with the least within-group spread kept.
const RESTARTS: usize = 10;
const ITERATIONS: usize = 100;

/// Lloyd's k-means from k-means++ starts: each point's group.
fn k_means(points: &[Vec<f64>], k: usize, seed: u64) -> Vec<usize> {
    let mut random = Seeded::new(seed);
    let mut best: Option<(f64, Vec<usize>)> = None;
    for _ in 0..RESTARTS {
        let mut centres = k_means_plus_plus(points, k, &mut random);
        let mut groups = vec![0; points.len()];
        for _ in 0..ITERATIONS {
            let next: Vec<usize> = points.iter().map(|p| nearest(p, &centres).0).collect();
            let changed = next != groups;
            groups = next;
            centres = centres_of(points, &groups, &centres);
            if !changed {
                break;
            }
        }
        let spread: f64 = points.iter().map(|p| nearest(p, &centres).1).sum();
        if best.as_ref().is_none_or(|(s, _)| spread < *s) {
            best = Some((spread, groups));
        }
    }
    best.map(|(_, groups)| groups).unwrap_or_default()
}

fn distance(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum()
}

/// The nearest centre and the squared distance to it.
fn nearest(p: &[f64], centres: &[Vec<f64>]) -> (usize, f64) {
    centres
        .iter()
        .enumerate()
        .map(|(c, centre)| (c, distance(p, centre)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap_or((0, 0.0))
}

/// Starting centres spread out: each next one drawn with probability
/// proportional to its squared distance from the nearest chosen so far.
fn k_means_plus_plus(points: &[Vec<f64>], k: usize, random: &mut Seeded) -> Vec<Vec<f64>> {
    const RESOLUTION: usize = 1 << 30;
    let mut centres = vec![points[random.below(points.len())].clone()];
    while centres.len() < k {
        let weights: Vec<f64> = points.iter().map(|p| nearest(p, &centres).1).collect();
        let total: f64 = weights.iter().sum();
        let pick = if total <= 0.0 {
            random.below(points.len())
        } else {
            let mut target = random.below(RESOLUTION) as f64 / RESOLUTION as f64 * total;
            weights
                .iter()
                .position(|&w| {
                    target -= w;
                    target < 0.0
                })
                .unwrap_or(points.len() - 1)
        };
        centres.push(points[pick].clone());
    }
    centres
}

/// Each group's mean; a group left empty keeps its old centre.
fn centres_of(points: &[Vec<f64>], groups: &[usize], old: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let dims = points[0].len();
    let mut sums = vec![vec![0.0; dims]; old.len()];
    let mut counts = vec![0usize; old.len()];
    for (p, &g) in points.iter().zip(groups) {
        counts[g] += 1;
        for (s, x) in sums[g].iter_mut().zip(p) {
            *s += x;
        }
    }
    sums.into_iter()
        .zip(counts)
        .zip(old)
        .map(
            |((sum, count), old)| {
                if count == 0 { old.clone() } else { sum.into_iter().map(|s| s / count as f64).collect() }
            },
        )
        .collect()
}

/// Group numbers in order of first appearance (0 for the first item's group).
fn renumber(groups: &[usize]) -> Vec<usize> {
    let mut names: Vec<usize> = Vec::new();
    groups
        .iter()
        .map(|g| match names.iter().position(|x| x == g) {
            Some(i) => i,
            None => {
                names.push(*g);
                names.len() - 1
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two cliques of `size`, joined by a weak link between their first members.
    fn two_blocks(size: usize) -> Vec<Vec<f32>> {
        let n = 2 * size;
        (0..n)
            .map(|i| {
                (0..n)
                    .map(|j| match (i == j, i / size == j / size) {
                        (true, _) => 1.0,
                        (false, true) => 0.8,
                        (false, false) if i % size == 0 && j % size == 0 => 0.3,
                        _ => 0.05,
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn finds_the_two_blocks() {
        let groups = spectral_groups(&two_blocks(6), 2, 7);
        assert_eq!(groups, vec![0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
    }

    #[test]
    fn edge_cases_need_no_solver() {
        assert!(spectral_groups(&[], 3, 1).is_empty());
        assert_eq!(spectral_groups(&two_blocks(2), 1, 1), vec![0; 4]);
        assert_eq!(spectral_groups(&two_blocks(2), 9, 1), vec![0, 1, 2, 3]);
    }

    #[test]
    fn the_same_seed_gives_the_same_groups() {
        let s = two_blocks(8);
        assert_eq!(spectral_groups(&s, 3, 42), spectral_groups(&s, 3, 42));
    }

    #[test]
    fn neighbours_grow_with_the_square_root() {
        assert_eq!(neighbours_for(3), 2);
        assert_eq!(neighbours_for(144), 12);
        assert_eq!(neighbours_for(900), 30);
    }
}
