//! Building timetables with a mixed-integer program solved by HiGHS.
//!
//! The formulation is compact: one binary `x[s,t]` per session and feasible
//! slot; rooms are not variables but counted per slot with nested capacity
//! thresholds (in a slot, the sessions needing at least `c` seats must not
//! outnumber the rooms that seat `c`), which is exactly when a room
//! assignment exists; rooms are then matched slot by slot. People and tracks
//! are aggregated per slot (`Σ x[s,t] ≤ 1` over a person's or a track's
//! sessions), not pairwise. A track with more sessions than slots may clash,
//! at a cost per clash; tracks are spread over days softly; with a published
//! timetable every moved session costs, so repairs move little.

use std::collections::HashMap;
use std::time::Instant;

use highs::{HighsModelStatus, RowProblem, Sense};
use serde::Serialize;

/// A slot of the grid.
#[derive(Debug, Clone, PartialEq)]
pub struct SlotSpec {
    pub minutes: u32,
    /// The day the slot is on (0-based), for spreading tracks.
    pub day: usize,
}

/// A room and its seats.
#[derive(Debug, Clone, PartialEq)]
pub struct RoomSpec {
    pub name: String,
    pub capacity: u32,
}

/// A session to place.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SessionSpec {
    pub code: String,
    pub minutes: u32,
    /// Seats needed (0 when unknown).
    pub attendance: u32,
    /// Indexes of its people and tracks, and of the tracks it is only suggested for.
    pub people: Vec<usize>,
    pub tracks: Vec<usize>,
    pub suggested_tracks: Vec<usize>,
    /// Slots it cannot take (its people's unavailability).
    pub forbidden: Vec<usize>,
    /// A slot (and room) it must keep.
    pub pinned: Option<(usize, Option<usize>)>,
    /// Where it stands in the published timetable, if anywhere.
    pub published: Option<(usize, Option<usize>)>,
}

/// Everything the solver needs.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Instance {
    pub name: String,
    pub slots: Vec<SlotSpec>,
    pub rooms: Vec<RoomSpec>,
    pub sessions: Vec<SessionSpec>,
    pub tracks: Vec<String>,
    pub people: usize,
}

/// What the soft goals cost.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    /// Each clash of two sessions of a track too large to avoid clashes.
    pub track_clash: f64,
    /// Each session of a track beyond its fair share of a day.
    pub spread: f64,
    /// Each session moved from the published timetable.
    pub moved: f64,
    /// Each clash with a session only suggested for the track (it may be accepted later).
    pub suggested_clash: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights { track_clash: 100.0, spread: 1.0, moved: 10.0, suggested_clash: 2.0 }
    }
}

/// A solved timetable and how good it is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Solution {
    /// Per session: (slot, room), or None where it could not be placed.
    #[serde(skip)]
    pub placement: Vec<Option<(usize, usize)>>,
    pub status: String,
    pub objective: f64,
    pub bound: f64,
    /// (objective − bound) / |objective|, 0 when proven optimal.
    pub gap: f64,
    pub seconds: f64,
    pub hard_violations: usize,
    pub track_clashes: usize,
    pub moved: usize,
    pub unplaced: Vec<String>,
}

/// Which room sizes a session can use: the index of the smallest capacity
/// threshold it needs (thresholds are the distinct room capacities, ascending).
fn thresholds(inst: &Instance) -> Vec<u32> {
    let mut caps: Vec<u32> = inst.rooms.iter().map(|r| r.capacity).collect();
    caps.sort_unstable();
    caps.dedup();
    caps
}

/// Solves the instance within `time_limit` seconds.
pub fn solve(inst: &Instance, weights: Weights, time_limit: f64) -> Solution {
    let started = Instant::now();
    let caps = thresholds(inst);
    let biggest = caps.last().copied().unwrap_or(0);
    // The room size a session takes: a pinned session its own room's; the
    // others the smallest capacity that seats them.
    let level = |s: &SessionSpec| match s.pinned {
        Some((_, Some(r))) => inst.rooms[r].capacity,
        _ => caps.iter().copied().find(|&c| c >= s.attendance).unwrap_or(biggest),
    };
    let mut problem = RowProblem::default();
    // x[s][t]
    let mut x: Vec<Vec<(usize, highs::Col)>> = Vec::with_capacity(inst.sessions.len());
    let mut unplaceable = Vec::new();
    for (i, s) in inst.sessions.iter().enumerate() {
        let mut cols = Vec::new();
        for (t, slot) in inst.slots.iter().enumerate() {
            let allowed = match s.pinned {
                Some((p, _)) => p == t,
                None => slot.minutes >= s.minutes && !s.forbidden.contains(&t),
            };
            if !allowed {
                continue;
            }
            let cost = match s.published {
                Some((p, _)) if p == t => -weights.moved,
                _ => 0.0,
            };
            cols.push((t, problem.add_integer_column(cost, 0..=1)));
        }
        if cols.is_empty() {
            unplaceable.push(i);
        } else {
            problem.add_row(1..=1, cols.iter().map(|&(_, c)| (c, 1.0)));
        }
        x.push(cols);
    }
    // Each limit below allows at least what pinned sessions already take, so
    // that a clash among sessions that may not move (one the checker reports)
    // does not make the whole timetable infeasible; it only forbids new ones.
    let in_slot = |group: &mut dyn Iterator<Item = usize>, t: usize| -> (Vec<(highs::Col, f64)>, f64) {
        let mut terms = Vec::new();
        let mut pinned = 0.0;
        for i in group {
            if let Some(&(_, col)) = x[i].iter().find(|(tt, _)| *tt == t) {
                terms.push((col, 1.0));
                if inst.sessions[i].pinned.is_some() {
                    pinned += 1.0;
                }
            }
        }
        (terms, pinned)
    };
    let mut rows: Vec<(f64, Vec<(highs::Col, f64)>)> = Vec::new();
    // Rooms, counted per slot and capacity threshold.
    for t in 0..inst.slots.len() {
        for &c in &caps {
            let rooms = inst.rooms.iter().filter(|r| r.capacity >= c).count() as f64;
            let mut group = (0..inst.sessions.len()).filter(|&i| level(&inst.sessions[i]) >= c);
            let (terms, pinned) = in_slot(&mut group, t);
            if terms.len() as f64 > rooms {
                rows.push((rooms.max(pinned), terms));
            }
        }
    }
    // People: one session per slot.
    let mut by_person: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, s) in inst.sessions.iter().enumerate() {
        for &p in &s.people {
            by_person.entry(p).or_default().push(i);
        }
    }
    for sessions in by_person.values().filter(|v| v.len() > 1) {
        for t in 0..inst.slots.len() {
            let (terms, pinned) = in_slot(&mut sessions.iter().copied(), t);
            if terms.len() > 1 {
                rows.push((pinned.max(1.0), terms));
            }
        }
    }
    // Tracks: no clash where the track fits the grid, else clashes cost; spread over days.
    let days = inst.slots.iter().map(|s| s.day).max().map_or(1, |d| d + 1);
    let mut spreads: Vec<(f64, Vec<(highs::Col, f64)>)> = Vec::new();
    for k in 0..inst.tracks.len() {
        let members: Vec<usize> = (0..inst.sessions.len()).filter(|&i| inst.sessions[i].tracks.contains(&k)).collect();
        let fits = members.len() <= inst.slots.len();
        for t in (members.len() >= 2).then_some(0..inst.slots.len()).into_iter().flatten() {
            let (mut terms, pinned) = in_slot(&mut members.iter().copied(), t);
            if terms.len() < 2 {
                continue;
            }
            if !fits {
                let over = problem.add_integer_column(weights.track_clash, 0..=terms.len() as i32);
                terms.push((over, -1.0));
            }
            rows.push((pinned.max(1.0), terms));
        }
        // Sessions only suggested for the track should not clash with it either, softly.
        let likely: Vec<usize> = (0..inst.sessions.len())
            .filter(|&i| inst.sessions[i].tracks.contains(&k) || inst.sessions[i].suggested_tracks.contains(&k))
            .collect();
        if likely.len() > members.len() {
            for t in 0..inst.slots.len() {
                let (mut terms, pinned) = in_slot(&mut likely.iter().copied(), t);
                if terms.len() >= 2 {
                    let over = problem.add_integer_column(weights.suggested_clash, 0..=terms.len() as i32);
                    terms.push((over, -1.0));
                    rows.push((pinned.max(1.0), terms));
                }
            }
        }
        let share = members.len().div_ceil(days) as f64;
        for d in 0..days {
            let terms: Vec<(highs::Col, f64)> = members
                .iter()
                .flat_map(|&i| x[i].iter().filter(|(tt, _)| inst.slots[*tt].day == d).map(|&(_, c)| (c, 1.0)))
                .collect();
            if terms.len() as f64 > share {
                spreads.push((share, terms));
            }
        }
    }
    for (limit, terms) in rows {
        problem.add_row(..=limit, terms);
    }
    for (share, mut terms) in spreads {
        let extra = problem.add_column(weights.spread, 0.0..);
        terms.push((extra, -1.0));
        problem.add_row(..=share, terms);
    }
    let mut model = problem.optimise(Sense::Minimise);
    model.make_quiet();
    model.set_option("time_limit", time_limit.max(0.1));
    model.set_option("mip_rel_gap", 1e-4);
    let solved = model.solve();
    let status = solved.status();
    let has_solution = matches!(status, HighsModelStatus::Optimal)
        || (status == HighsModelStatus::ReachedTimeLimit
            && solved.primal_solution_status() == highs::HighsSolutionStatus::Feasible);
    let columns = if has_solution { solved.get_solution().columns().to_vec() } else { Vec::new() };
    // A constant makes the published-schedule reward a count of moves.
    let published = inst.sessions.iter().filter(|s| s.published.is_some()).count() as f64 * weights.moved;
    let objective = if has_solution { solved.objective_value() + published } else { f64::NAN };
    let bound = solved.double_info_value(c"mip_dual_bound").map_or(f64::NAN, |b| b + published);
    let mut slots_of: Vec<Option<usize>> = vec![None; inst.sessions.len()];
    if has_solution {
        for (i, cols) in x.iter().enumerate() {
            slots_of[i] = cols.iter().find(|(_, c)| columns[c.index()] > 0.5).map(|(t, _)| *t);
        }
    }
    let placement = assign_rooms(inst, &slots_of);
    let mut solution = Solution {
        placement,
        status: format!("{status:?}"),
        objective,
        bound,
        gap: if objective.abs() > 1e-9 { ((objective - bound) / objective.abs()).max(0.0) } else { 0.0 },
        seconds: started.elapsed().as_secs_f64(),
        hard_violations: 0,
        track_clashes: 0,
        moved: 0,
        unplaced: Vec::new(),
    };
    verify(inst, &mut solution);
    solution
}

/// Rooms for each slot's sessions: pinned sessions keep theirs, then the
/// sessions needing most seats take the smallest free room that fits.
fn assign_rooms(inst: &Instance, slots_of: &[Option<usize>]) -> Vec<Option<(usize, usize)>> {
    let mut placement = vec![None; inst.sessions.len()];
    for t in 0..inst.slots.len() {
        let mut free: Vec<usize> = (0..inst.rooms.len()).collect();
        let mut here: Vec<usize> = (0..inst.sessions.len()).filter(|&i| slots_of[i] == Some(t)).collect();
        let biggest = inst.rooms.iter().map(|r| r.capacity).max().unwrap_or(0);
        for &i in &here {
            let s = &inst.sessions[i];
            // A pinned session keeps its room; a published one keeps it if it still fits.
            let keep = match (s.pinned, s.published) {
                (Some((_, Some(r))), _) => Some(r),
                (None, Some((pt, Some(r)))) if pt == t && inst.rooms[r].capacity >= s.attendance.min(biggest) => {
                    Some(r)
                }
                _ => None,
            };
            if let Some(r) = keep
                && let Some(k) = free.iter().position(|&f| f == r)
            {
                free.remove(k);
                placement[i] = Some((t, r));
            }
        }
        here.retain(|&i| placement[i].is_none());
        here.sort_by(|&a, &b| inst.sessions[b].attendance.cmp(&inst.sessions[a].attendance).then(a.cmp(&b)));
        for i in here {
            free.sort_by_key(|&r| inst.rooms[r].capacity);
            let need = inst.sessions[i].attendance;
            let pick = free
                .iter()
                .position(|&r| inst.rooms[r].capacity >= need)
                .or_else(|| (!free.is_empty()).then(|| free.len() - 1));
            if let Some(k) = pick {
                placement[i] = Some((t, free.remove(k)));
            }
        }
    }
    placement
}

/// Counts what a placement breaks, independently of how it was found.
/// Problems among pinned sessions only (which the solver may not move, and
/// `check` reports) are not counted: only what the placement adds.
pub fn verify(inst: &Instance, solution: &mut Solution) {
    let p = &solution.placement;
    let mut hard = 0;
    let mut unplaced = Vec::new();
    let mut room_used: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    let mut person_used: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    let mut track_used: HashMap<(usize, usize), usize> = HashMap::new();
    let biggest = inst.rooms.iter().map(|r| r.capacity).max().unwrap_or(0);
    let mut moved = 0;
    for (i, s) in inst.sessions.iter().enumerate() {
        let Some((t, r)) = p[i] else {
            unplaced.push(s.code.clone());
            hard += 1;
            continue;
        };
        room_used.entry((t, r)).or_default().push(i);
        for &person in &s.people {
            person_used.entry((t, person)).or_default().push(i);
        }
        for &k in &s.tracks {
            *track_used.entry((t, k)).or_default() += 1;
        }
        if let Some((pt, pr)) = s.pinned {
            if pt != t || pr.is_some_and(|pr| pr != r) {
                hard += 1;
            }
            continue;
        }
        if inst.slots[t].minutes < s.minutes || s.forbidden.contains(&t) {
            hard += 1;
        }
        if inst.rooms[r].capacity < s.attendance.min(biggest) {
            hard += 1;
        }
        if let Some((pt, _)) = s.published
            && pt != t
        {
            moved += 1;
        }
    }
    let added = |sessions: &Vec<usize>| {
        let movable = sessions.iter().filter(|&&i| inst.sessions[i].pinned.is_none()).count();
        if sessions.len() > 1 { movable.min(sessions.len() - 1) } else { 0 }
    };
    hard += room_used.values().map(added).sum::<usize>();
    hard += person_used.values().map(added).sum::<usize>();
    solution.track_clashes = track_used.values().filter(|&&n| n > 1).map(|n| n * (n - 1) / 2).sum();
    solution.hard_violations = hard;
    solution.unplaced = unplaced;
    solution.moved = moved;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(day: usize) -> SlotSpec {
        SlotSpec { minutes: 90, day }
    }

    fn session(code: &str, people: &[usize], tracks: &[usize], attendance: u32) -> SessionSpec {
        SessionSpec {
            code: code.into(),
            minutes: 90,
            attendance,
            people: people.to_vec(),
            tracks: tracks.to_vec(),
            ..SessionSpec::default()
        }
    }

    #[test]
    fn a_small_timetable_without_clashes() {
        let inst = Instance {
            name: "small".into(),
            slots: vec![slot(0), slot(0), slot(1)],
            rooms: vec![
                RoomSpec { name: "Hall".into(), capacity: 300 },
                RoomSpec { name: "Small".into(), capacity: 40 },
            ],
            sessions: vec![
                session("a", &[0], &[0], 200),
                session("b", &[0], &[0], 30),
                session("c", &[1], &[0], 250),
                session("d", &[1], &[], 20),
                session("e", &[2], &[], 280),
            ],
            tracks: vec!["t".into()],
            people: 3,
        };
        let s = solve(&inst, Weights::default(), 10.0);
        assert_eq!(s.status, "Optimal");
        assert_eq!((s.hard_violations, s.track_clashes), (0, 0), "{s:?}");
        // Three sessions need the hall (a, c, e), one per slot.
        let hall: Vec<usize> = s.placement.iter().flatten().filter(|(_, r)| *r == 0).map(|(t, _)| *t).collect();
        assert_eq!(hall.len(), 3);
        assert!(s.gap < 1e-6);
    }

    #[test]
    fn a_track_larger_than_the_grid_clashes_as_little_as_possible() {
        let inst = Instance {
            name: "big-track".into(),
            slots: vec![slot(0), slot(0)],
            rooms: vec![RoomSpec { name: "A".into(), capacity: 50 }, RoomSpec { name: "B".into(), capacity: 50 }],
            sessions: (0..3).map(|i| session(&format!("s{i}"), &[], &[0], 10)).collect(),
            tracks: vec!["t".into()],
            people: 0,
        };
        let s = solve(&inst, Weights::default(), 10.0);
        assert_eq!((s.hard_violations, s.track_clashes), (0, 1), "three sessions in two slots: one clash, no more");
    }

    #[test]
    fn repairs_move_few_sessions() {
        let mut inst = Instance {
            name: "repair".into(),
            slots: vec![slot(0), slot(0), slot(1)],
            rooms: vec![RoomSpec { name: "A".into(), capacity: 50 }],
            sessions: (0..3).map(|i| session(&format!("s{i}"), &[i], &[], 10)).collect(),
            tracks: vec![],
            people: 3,
        };
        for (i, s) in inst.sessions.iter_mut().enumerate() {
            s.published = Some((i, Some(0)));
        }
        // s0's speaker can no longer come to slot 0; slot 1 and 2 are taken, so s0 must go somewhere… but there is no room.
        inst.slots.push(slot(1));
        inst.sessions[0].forbidden = vec![0];
        let s = solve(&inst, Weights::default(), 10.0);
        assert_eq!(s.hard_violations, 0);
        assert_eq!(s.moved, 1, "only the session whose speaker cannot come moves: {s:?}");
        assert_eq!(s.placement[0], Some((3, 0)));
    }
}
