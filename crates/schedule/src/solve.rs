//! Building timetables with a mixed-integer program solved by HiGHS.
//!
//! The formulation is compact: one binary `x[s,p]` per session and place it
//! may start (`model::Instance::placements`); rooms are not variables. At
//! every instant at which what runs changes, rooms are counted per class
//! (the sessions whose usable rooms all lie in a set must not outnumber the
//! set: Hall's condition, which for rooms nested by size is exactly when a
//! room assignment exists), people and tracks are aggregated (`Σ x ≤ 1`
//! over the placements of a person's or a track's sessions running then),
//! not pairwise. Rooms are then matched instant by instant (`rooms`); where
//! rooms of some kind run short in a way the counts missed (equipment that
//! is not nested by size), that set of rooms becomes a new count and the
//! program is solved again. A track with more sessions than the grid has
//! separate slots may clash, at a cost per unit of concurrent surplus
//! (`core::clash`); tracks spread over days,
//! preferred days and (with a published timetable) staying put are soft.

use std::collections::HashMap;
use std::time::Instant;

use highs::{Col, HighsModelStatus, RowProblem, Sense};
use serde::Serialize;

use throughline_core::assignment::{BadAssignment, read_assignment};

use crate::model::{Instance, Placement, is_subset};
use crate::rooms::assign;
use crate::verify::tally;

/// What the soft goals cost.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    /// Per instant, each session of a track too large to avoid clashes
    /// running beyond the track's first (the concurrent surplus, `core::clash`).
    pub concurrent_surplus: f64,
    /// Each session of a track beyond its fair share of a day.
    pub spread: f64,
    /// Each session moved from the published timetable.
    pub moved: f64,
    /// The same for the track's sessions counted with those only suggested
    /// for it (they may be accepted later).
    pub suggested_surplus: f64,
    /// Each session on a day its organisers did not prefer.
    pub preferred_day: f64,
}

impl Weights {
    /// The weights' names, as `set` takes them.
    pub const NAMES: [&'static str; 5] =
        ["concurrent_surplus", "spread", "moved", "suggested_surplus", "preferred_day"];

    /// Sets one weight from `NAME=VALUE` (a number of at least 0).
    pub fn set(&mut self, assignment: &str) -> Result<(), BadAssignment> {
        let (name, value) = read_assignment(assignment)?;
        *match name {
            "concurrent_surplus" => &mut self.concurrent_surplus,
            "spread" => &mut self.spread,
            "moved" => &mut self.moved,
            "suggested_surplus" => &mut self.suggested_surplus,
            "preferred_day" => &mut self.preferred_day,
            other => return Err(BadAssignment::unknown("weight", other, &Self::NAMES)),
        } = value;
        Ok(())
    }
}

impl Default for Weights {
    fn default() -> Self {
        Weights { concurrent_surplus: 100.0, spread: 1.0, moved: 10.0, suggested_surplus: 2.0, preferred_day: 3.0 }
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
    /// Per instant and track, the track's accepted sessions running beyond
    /// the first (`verify::Tally`); zero exactly when there is no track clash.
    pub concurrent_surplus: usize,
    pub moved: usize,
    pub unplaced: Vec<String>,
    /// Why no timetable could be built, one constraint family a line.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub explanation: Vec<String>,
    /// What the timetable had to give up (soft goals made of hard ones).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// Solves the instance within `time_limit` seconds.
pub fn solve(inst: &Instance, weights: Weights, time_limit: f64) -> Solution {
    let started = Instant::now();
    let mut classes = room_classes(inst);
    let mut run;
    let mut tracks_hard = true;
    let mut notes = Vec::new();
    loop {
        let left = time_limit - started.elapsed().as_secs_f64();
        run = optimise(inst, &weights, &classes, tracks_hard, left);
        if run.status == HighsModelStatus::Infeasible && tracks_hard && !inst.tracks.is_empty() {
            // A track may fit the grid by count yet not by the slots and rooms its sessions can take.
            let soft = optimise(inst, &weights, &classes, false, time_limit - started.elapsed().as_secs_f64());
            if soft.status != HighsModelStatus::Infeasible {
                tracks_hard = false;
                notes.push(
                    "no timetable keeps every track that fits the grid free of clashes (its sessions' slots, rooms \
                     or people do not allow it): their concurrent surplus was minimised instead"
                        .to_string(),
                );
                run = soft;
            }
        }
        let Some(slots_of) = &run.slots_of else { break };
        let assignment = assign(inst, slots_of);
        run.placement = assignment.placement;
        match assignment.shortage {
            Some(rooms) if !classes.contains(&rooms) && started.elapsed().as_secs_f64() < time_limit => {
                classes.push(rooms);
            }
            _ => break,
        }
    }
    let t = tally(inst, &run.placement);
    let mut explanation = Vec::new();
    if run.status == HighsModelStatus::Infeasible {
        explanation = crate::explain::explain(inst, time_limit - started.elapsed().as_secs_f64());
    } else if run.slots_of.is_none() {
        explanation.push(format!("no timetable was found within the time limit ({time_limit} s)"));
    }
    for code in &t.unplaced {
        if let Some(i) = inst.sessions.iter().position(|s| &s.code == code)
            && inst.placements(i).is_empty()
        {
            explanation.push(crate::explain::no_place(inst, i));
        }
    }
    Solution {
        placement: run.placement,
        status: format!("{:?}", run.status),
        objective: run.objective,
        bound: run.bound,
        gap: if run.objective.abs() > 1e-9 {
            ((run.objective - run.bound) / run.objective.abs()).max(0.0)
        } else {
            0.0
        },
        seconds: started.elapsed().as_secs_f64(),
        hard_violations: t.hard_violations,
        concurrent_surplus: t.concurrent_surplus,
        moved: t.moved,
        unplaced: t.unplaced,
        explanation,
        notes,
    }
}

/// The left-hand side of a row: columns and their coefficients.
type Terms = Vec<(Col, f64)>;

/// One run of the program: its status, the slot chosen per session, and the figures.
pub(crate) struct Run {
    pub status: HighsModelStatus,
    pub slots_of: Option<Vec<Option<usize>>>,
    pub placement: Vec<Option<(usize, usize)>>,
    pub objective: f64,
    pub bound: f64,
}

/// The room sets counted from the start: each session's usable rooms, and all rooms.
pub(crate) fn room_classes(inst: &Instance) -> Vec<Vec<usize>> {
    let mut classes: Vec<Vec<usize>> = (0..inst.sessions.len()).map(|i| inst.eligible_rooms(i)).collect();
    classes.push((0..inst.rooms.len()).collect());
    classes.sort();
    classes.dedup();
    classes
}

/// Builds and solves the program; `tracks_hard` forbids the clashes of
/// tracks that fit the grid (else their concurrent surplus only costs).
pub(crate) fn optimise(
    inst: &Instance,
    w: &Weights,
    classes: &[Vec<usize>],
    tracks_hard: bool,
    time_limit: f64,
) -> Run {
    let n = inst.sessions.len();
    let mut problem = RowProblem::default();
    let mut x: Vec<Vec<(Placement, Col)>> = Vec::with_capacity(n);
    for (i, s) in inst.sessions.iter().enumerate() {
        let mut cols = Vec::new();
        for p in inst.placements(i) {
            let mut cost = 0.0;
            if s.published.is_some_and(|(t, _)| t == p.slot) {
                cost -= w.moved;
            }
            if !s.preferred_days.is_empty() && !s.preferred_days.contains(&inst.slots[p.slot].day) {
                cost += w.preferred_day;
            }
            cols.push((p, problem.add_integer_column(cost, 0..=1)));
        }
        if !cols.is_empty() {
            problem.add_row(1..=1, cols.iter().map(|&(_, c)| (c, 1.0)));
        }
        x.push(cols);
    }
    let points = inst.points();
    // The placements of a group's sessions running at `point`, and how many of them are pinned.
    // Each limit allows at least what pinned sessions already take, so that a clash among
    // sessions that may not move (one the checker reports) does not make the whole timetable
    // infeasible; it only forbids new ones.
    let running = |group: &[usize], point: u32| -> (Terms, f64) {
        let mut terms = Vec::new();
        let mut pinned = 0.0;
        for &i in group {
            for (p, c) in &x[i] {
                if p.covers(point) {
                    terms.push((*c, 1.0));
                    pinned += f64::from(u8::from(inst.sessions[i].pinned.is_some()));
                }
            }
        }
        (terms, pinned)
    };
    // Hard rows `Σ terms ≤ limit`; a row over the same columns as an earlier one only tightens it.
    let mut rows: Vec<(f64, Terms)> = Vec::new();
    let mut seen: HashMap<Vec<usize>, usize> = HashMap::new();
    let mut add_row = |rows: &mut Vec<(f64, Terms)>, limit: f64, terms: Terms| {
        let mut key: Vec<usize> = terms.iter().map(|(c, _)| c.index()).collect();
        key.sort_unstable();
        match seen.get(&key) {
            Some(&k) => rows[k].0 = rows[k].0.min(limit),
            None => {
                seen.insert(key, rows.len());
                rows.push((limit, terms));
            }
        }
    };
    // Rooms: per class of rooms, the sessions that can use no other.
    let eligible: Vec<Vec<usize>> = (0..n).map(|i| inst.eligible_rooms(i)).collect();
    for class in classes {
        let members: Vec<usize> = (0..n).filter(|&i| is_subset(&eligible[i], class)).collect();
        for &point in &points {
            let (terms, pinned) = running(&members, point);
            if terms.len() > class.len() {
                add_row(&mut rows, (class.len() as f64).max(pinned), terms);
            }
        }
    }
    // People: in one session at a time.
    let mut by_person: Vec<Vec<usize>> = vec![Vec::new(); inst.people.len()];
    for (i, s) in inst.sessions.iter().enumerate() {
        for &p in &s.people {
            if p >= by_person.len() {
                by_person.resize(p + 1, Vec::new());
            }
            by_person[p].push(i);
        }
    }
    for sessions in by_person.iter().filter(|v| v.len() > 1) {
        for &point in &points {
            let (terms, pinned) = running(sessions, point);
            if terms.len() > 1 {
                add_row(&mut rows, pinned.max(1.0), terms);
            }
        }
    }
    // Tracks: no clash where the track fits the grid, else their surplus costs; spread over days.
    let separate = inst.disjoint_slots();
    let days = inst.days();
    // Soft rows `Σ terms ≤ limit + over`, each unit of `over` costing `cost`: (cost, limit, terms).
    let mut soft_rows: Vec<(f64, f64, Terms)> = Vec::new();
    for k in 0..inst.tracks.len() {
        let members: Vec<usize> = (0..n).filter(|&i| inst.sessions[i].tracks.contains(&k)).collect();
        let hard = tracks_hard && members.len() <= separate;
        for &point in &points {
            let (terms, pinned) = running(&members, point);
            if terms.len() < 2 {
                continue;
            }
            if hard {
                add_row(&mut rows, pinned.max(1.0), terms);
            } else {
                soft_rows.push((w.concurrent_surplus, pinned.max(1.0), terms));
            }
        }
        // Sessions only suggested for the track should not clash with it either, softly.
        let likely: Vec<usize> = (0..n)
            .filter(|&i| inst.sessions[i].tracks.contains(&k) || inst.sessions[i].suggested_tracks.contains(&k))
            .collect();
        if likely.len() > members.len() {
            for &point in &points {
                let (terms, pinned) = running(&likely, point);
                if terms.len() >= 2 {
                    soft_rows.push((w.suggested_surplus, pinned.max(1.0), terms));
                }
            }
        }
        let share = members.len().div_ceil(days) as f64;
        for d in 0..days {
            let terms: Terms = members
                .iter()
                .flat_map(|&i| x[i].iter().filter(|(p, _)| inst.slots[p.slot].day == d).map(|&(_, c)| (c, 1.0)))
                .collect();
            if terms.len() as f64 > share {
                soft_rows.push((w.spread, share, terms));
            }
        }
    }
    // Sessions that must follow others start only once those have ended.
    for (i, s) in inst.sessions.iter().enumerate() {
        for &a in s.after.iter().filter(|&&a| a < n) {
            for (p, c) in &x[i] {
                let mut terms = vec![(*c, 1.0)];
                terms.extend(x[a].iter().filter(|(q, _)| q.end <= p.start).map(|&(_, d)| (d, -1.0)));
                add_row(&mut rows, 0.0, terms);
            }
        }
    }
    for (limit, terms) in rows {
        problem.add_row(..=limit, terms);
    }
    for (cost, limit, mut terms) in soft_rows {
        let over = problem.add_column(cost, 0.0..);
        terms.push((over, -1.0));
        problem.add_row(..=limit, terms);
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
    // A constant makes the published-timetable reward a count of moves.
    let published = inst.sessions.iter().filter(|s| s.published.is_some()).count() as f64 * w.moved;
    let bound = solved.double_info_value(c"mip_dual_bound").map_or(f64::NAN, |b| b + published);
    if !has_solution {
        return Run { status, slots_of: None, placement: vec![None; n], objective: f64::NAN, bound };
    }
    let columns = solved.get_solution().columns().to_vec();
    let slots_of =
        x.iter().map(|cols| cols.iter().find(|(_, c)| columns[c.index()] > 0.5).map(|(p, _)| p.slot)).collect();
    Run {
        status,
        slots_of: Some(slots_of),
        placement: vec![None; n],
        objective: solved.objective_value() + published,
        bound,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{RoomSpec, SessionSpec, SlotSpec};

    /// The n-th slot of the tests: two hours apart, on the given day.
    fn slot(day: usize, n: u32) -> SlotSpec {
        SlotSpec { start: n * 120, minutes: 90, day }
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
            slots: vec![slot(0, 0), slot(0, 1), slot(1, 2)],
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
            people: (0..3).map(|p| p.to_string()).collect(),
            spanning: false,
        };
        let s = solve(&inst, Weights::default(), 10.0);
        assert_eq!(s.status, "Optimal");
        assert_eq!((s.hard_violations, s.concurrent_surplus), (0, 0), "{s:?}");
        // Three sessions need the hall (a, c, e), one per slot.
        let hall: Vec<usize> = s.placement.iter().flatten().filter(|(_, r)| *r == 0).map(|(t, _)| *t).collect();
        assert_eq!(hall.len(), 3);
        assert!(s.gap < 1e-6);
    }

    #[test]
    fn a_track_larger_than_the_grid_clashes_as_little_as_possible() {
        let inst = Instance {
            name: "big-track".into(),
            slots: vec![slot(0, 0), slot(0, 1)],
            rooms: vec![RoomSpec { name: "A".into(), capacity: 50 }, RoomSpec { name: "B".into(), capacity: 50 }],
            sessions: (0..3).map(|i| session(&format!("s{i}"), &[], &[0], 10)).collect(),
            tracks: vec!["t".into()],
            people: Vec::new(),
            spanning: false,
        };
        let s = solve(&inst, Weights::default(), 10.0);
        assert_eq!(
            (s.hard_violations, s.concurrent_surplus),
            (0, 1),
            "three sessions in two slots: a surplus of one, no more"
        );
    }

    #[test]
    fn repairs_move_few_sessions() {
        let mut inst = Instance {
            name: "repair".into(),
            slots: vec![slot(0, 0), slot(0, 1), slot(1, 2)],
            rooms: vec![RoomSpec { name: "A".into(), capacity: 50 }],
            sessions: (0..3).map(|i| session(&format!("s{i}"), &[i], &[], 10)).collect(),
            tracks: vec![],
            people: (0..3).map(|p| p.to_string()).collect(),
            spanning: false,
        };
        for (i, s) in inst.sessions.iter_mut().enumerate() {
            s.published = Some((i, Some(0)));
        }
        // s0's speaker can no longer come to slot 0; slot 1 and 2 are taken, so s0 must go somewhere… but there is no room.
        inst.slots.push(slot(1, 3));
        inst.sessions[0].forbidden = vec![0];
        let s = solve(&inst, Weights::default(), 10.0);
        assert_eq!(s.hard_violations, 0);
        assert_eq!(s.moved, 1, "only the session whose speaker cannot come moves: {s:?}");
        assert_eq!(s.placement[0], Some((3, 0)));
    }

    fn rooms(n: usize) -> Vec<RoomSpec> {
        (0..n).map(|r| RoomSpec { name: format!("R{r}"), capacity: 50 }).collect()
    }

    #[test]
    fn rooms_that_run_short_beyond_the_counts_are_found_and_solved_again() {
        // Three sessions can each use two of rooms 0–2 (not nested), a fourth 0 or 1; all
        // four cannot run at once in three rooms although every counted class allows it.
        let needs = [vec![0, 1], vec![1, 2], vec![0, 2], vec![0, 1]];
        let mut inst = Instance {
            name: "equipment".into(),
            slots: vec![slot(0, 0), slot(0, 1)],
            rooms: rooms(4),
            sessions: needs
                .iter()
                .enumerate()
                .map(|(i, r)| SessionSpec {
                    code: format!("s{i}"),
                    minutes: 90,
                    rooms: r.clone(),
                    ..SessionSpec::default()
                })
                .collect(),
            ..Instance::default()
        };
        for s in &mut inst.sessions[..3] {
            s.forbidden = vec![1];
        }
        // The fourth would rather stay in slot 0, where it was published.
        inst.sessions[3].published = Some((0, None));
        let s = solve(&inst, Weights::default(), 10.0);
        assert_eq!((s.hard_violations, s.moved), (0, 1), "{s:?}");
        assert_eq!(s.placement[3].map(|(t, _)| t), Some(1));
    }

    #[test]
    fn infeasible_instances_say_which_constraints_cannot_be_met() {
        let base = Instance {
            name: "tight".into(),
            slots: vec![slot(0, 0), slot(0, 1)],
            rooms: rooms(1),
            sessions: (0..3).map(|i| session(&format!("s{i}"), &[], &[], 10)).collect(),
            people: vec!["Ada".into()],
            ..Instance::default()
        };
        let s = solve(&base, Weights::default(), 10.0);
        assert_eq!(s.status, "Infeasible");
        assert_eq!(s.explanation, vec!["rooms: 3 sessions can only use R0 (1 rooms × 2 separate times = 2 places)"]);

        let mut busy = base.clone();
        busy.rooms = rooms(3);
        busy.sessions.iter_mut().for_each(|s| s.people = vec![0]);
        let s = solve(&busy, Weights::default(), 10.0);
        assert_eq!(s.explanation, vec!["people: Ada is in 3 sessions but the grid has only 2 separate times"]);

        // Two sessions of one person can both only take slot 0: no count shows it, dropping a family does.
        let mut cornered = busy.clone();
        cornered.sessions.truncate(2);
        cornered.sessions.iter_mut().for_each(|s| s.forbidden = vec![1]);
        let s = solve(&cornered, Weights::default(), 10.0);
        assert_eq!(s.explanation.len(), 2, "{:?}", s.explanation);
        assert!(s.explanation[0].starts_with("nobody in two places at once: the timetable becomes possible"));
        assert!(s.explanation[1].starts_with("the slots sessions cannot take"));

        let mut long = busy.clone();
        long.sessions[0].people.clear();
        long.sessions[0].minutes = 120;
        let s = solve(&long, Weights::default(), 10.0);
        assert_eq!(s.unplaced, vec!["s0"]);
        assert_eq!(s.explanation, vec!["session s0: it lasts 120 min and no slot is that long"]);
    }

    #[test]
    fn sessions_go_to_their_preferred_days_where_they_can() {
        let mut inst = Instance {
            name: "days".into(),
            slots: vec![slot(0, 0), slot(1, 1), slot(2, 2)],
            rooms: rooms(1),
            sessions: (0..2).map(|i| session(&format!("s{i}"), &[], &[], 10)).collect(),
            ..Instance::default()
        };
        inst.sessions[0].preferred_days = vec![2];
        inst.sessions[1].preferred_days = vec![2];
        let s = solve(&inst, Weights::default(), 10.0);
        assert_eq!(s.hard_violations, 0);
        let days: Vec<usize> = s.placement.iter().map(|p| p.unwrap().0).collect();
        assert!(days.contains(&2), "one of them gets day 2: {days:?}");
        assert_eq!(s.objective, Weights::default().preferred_day, "the other cannot: one unmet preference");
    }

    #[test]
    fn weights_are_set_by_name() {
        for name in Weights::NAMES {
            let mut w = Weights::default();
            w.set(&format!("{name}=7")).unwrap();
            assert_ne!(w, Weights::default(), "{name} changes a weight");
        }
        let mut w = Weights::default();
        w.set("spread=5").unwrap();
        assert_eq!(w.spread, 5.0);
        assert_eq!(
            w.set("speed=1").unwrap_err().to_string(),
            "no weight \"speed\" (there are: concurrent_surplus, spread, moved, suggested_surplus, preferred_day)"
        );
        assert_eq!(w.set("moved=-1").unwrap_err(), BadAssignment::NotANumber("-1".into()));
        assert_eq!(w.set("moved=-1").unwrap_err().to_string(), "\"-1\" is not a number of at least 0");
        assert_eq!(w.set("moved").unwrap_err().to_string(), "\"moved\" is not NAME=VALUE");
    }
}
