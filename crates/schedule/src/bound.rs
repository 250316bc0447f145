//! A lower bound on the concurrent surplus (per instant, a track's sessions
//! running beyond the first; see `throughline_core::clash`), to prove how
//! good a timetable is where a track has more sessions than the grid has
//! separate times. Each track is scheduled alone (its sessions with their
//! slots, rooms and people; the other sessions and the order between
//! sessions dropped) with its surplus as the only cost. No timetable of the whole forum can do better for that
//! track, so the sum of these optima bounds the whole.

use std::time::Instant;

use serde::Serialize;

use crate::model::Instance;
use crate::solve::{Weights, optimise, room_classes};

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SurplusBound {
    /// No timetable has a smaller concurrent surplus (as `verify` counts it) than this.
    pub bound: f64,
    /// Whether every track's own optimum was proven (else its dual bound was used).
    pub proven: bool,
}

/// The best of two bounds: the whole instance solved for the concurrent surplus
/// alone (its dual bound), and the tracks scheduled one by one (which helps
/// where the whole does not finish in time).
pub fn concurrent_surplus_bound(inst: &Instance, time_limit: f64) -> SurplusBound {
    let started = Instant::now();
    let whole = optimise(inst, &ONLY_SURPLUS, &room_classes(inst), false, time_limit / 2.0);
    let per_track = tracks_alone(inst, time_limit - started.elapsed().as_secs_f64());
    let whole_bound = if whole.bound.is_finite() { (whole.bound - 1e-6).ceil().max(0.0) } else { 0.0 };
    SurplusBound {
        bound: whole_bound.max(per_track.bound),
        proven: whole.status == highs::HighsModelStatus::Optimal || per_track.proven,
    }
}

const ONLY_SURPLUS: Weights =
    Weights { concurrent_surplus: 1.0, spread: 0.0, moved: 0.0, suggested_surplus: 0.0, preferred_day: 0.0 };

/// The sum over tracks of each track's smallest concurrent surplus when scheduled alone.
pub fn tracks_alone(inst: &Instance, time_limit: f64) -> SurplusBound {
    let started = Instant::now();
    let mut result = SurplusBound { bound: 0.0, proven: true };
    for k in 0..inst.tracks.len() {
        let sessions: Vec<_> = inst
            .sessions
            .iter()
            .filter(|s| s.tracks.contains(&k))
            .map(|s| {
                let mut s = s.clone();
                s.tracks = vec![0];
                s.suggested_tracks.clear();
                s.after.clear();
                s.published = None;
                s.preferred_days.clear();
                s
            })
            .collect();
        if sessions.len() < 2 {
            continue;
        }
        let alone = Instance { sessions, tracks: vec![inst.tracks[k].clone()], ..inst.clone() };
        let left = (time_limit - started.elapsed().as_secs_f64()) / (inst.tracks.len() - k) as f64;
        let run = optimise(&alone, &ONLY_SURPLUS, &room_classes(&alone), false, left);
        if run.status == highs::HighsModelStatus::Optimal {
            result.bound += run.objective.round();
        } else {
            result.bound += run.bound.max(0.0).ceil();
            result.proven = false;
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{RoomSpec, SessionSpec, SlotSpec};
    use crate::solve::solve;

    #[test]
    fn a_track_larger_than_the_grid_has_a_tight_bound() {
        // Five sessions of one track, two slots, three rooms: a surplus of at least three.
        let inst = Instance {
            name: "tight".into(),
            slots: (0..2).map(|t| SlotSpec { start: t * 60, minutes: 60, day: 0 }).collect(),
            rooms: (0..3).map(|r| RoomSpec { name: format!("R{r}"), capacity: 10 }).collect(),
            sessions: (0..5)
                .map(|i| SessionSpec { code: format!("s{i}"), minutes: 60, tracks: vec![0], ..SessionSpec::default() })
                .collect(),
            tracks: vec!["t".into()],
            ..Instance::default()
        };
        let b = concurrent_surplus_bound(&inst, 10.0);
        assert_eq!(b, SurplusBound { bound: 3.0, proven: true });
        assert_eq!(tracks_alone(&inst, 10.0), b, "one track: the same bound");
        let s = solve(&inst, Weights::default(), 10.0);
        assert_eq!((s.hard_violations, s.concurrent_surplus), (0, 3));
    }
}
