//! Rooms for a timetable whose times are chosen. Instant by instant, the
//! sessions starting then are matched to rooms (a maximum bipartite
//! matching), together with the sessions still running, which keep their
//! rooms unless moving one frees a room a newcomer needs: pinned rooms stay,
//! a session prefers its published room, then a room its track already uses
//! (so a track stays in few rooms), then the smallest room that seats it. Where no matching
//! exists, the rooms that ran short are returned, so that the solver can
//! forbid that shortage (a Hall inequality) and solve again.

use std::collections::HashMap;

use crate::model::{Instance, Placement, is_subset};

/// Rooms for the placed sessions, and a shortage the timetable's counts missed.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    /// Per session: (slot, room), or None where it has no slot or no room was left.
    pub placement: Vec<Option<(usize, usize)>>,
    /// A set of rooms that more sessions running at one instant need than it holds.
    pub shortage: Option<Vec<usize>>,
}

pub fn assign(inst: &Instance, slots_of: &[Option<usize>]) -> Assignment {
    let n = inst.sessions.len();
    let eligible: Vec<Vec<usize>> = (0..n).map(|i| inst.eligible_rooms(i)).collect();
    let spans: Vec<Option<Placement>> =
        slots_of.iter().enumerate().map(|(i, t)| t.map(|t| inst.placed(i, t))).collect();
    let mut room_of: Vec<Option<usize>> = vec![None; n];
    let mut track_rooms: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut starts: Vec<u32> = spans.iter().flatten().map(|p| p.start).collect();
    starts.sort_unstable();
    starts.dedup();
    let mut shortage = None;
    for start in starts {
        // Sessions still running from earlier keep their rooms unless a newcomer needs one of them
        // and they can move to a room that was free all along their time.
        let continuing: Vec<usize> = (0..n)
            .filter(|&i| room_of[i].is_some() && spans[i].as_ref().is_some_and(|p| p.start < start && p.covers(start)))
            .collect();
        let starting: Vec<usize> = (0..n).filter(|&i| spans[i].as_ref().is_some_and(|p| p.start == start)).collect();
        let units: Vec<usize> = continuing.iter().chain(&starting).copied().collect();
        let ended_in = |r: usize, i: usize| {
            let Some(p) = spans[i].as_ref() else { return false };
            (0..n).any(|j| {
                j != i && room_of[j] == Some(r) && spans[j].as_ref().is_some_and(|q| q.end <= start && q.overlaps(p))
            })
        };
        // Where each is (or was published), if that room is still right for it.
        let current: Vec<Option<usize>> = units
            .iter()
            .map(|&i| {
                let s = &inst.sessions[i];
                let slot = spans[i].as_ref()?.slot;
                let r = room_of[i].or(s.published.filter(|&(t, _)| t == slot).and_then(|(_, r)| r))?;
                eligible[i].contains(&r).then_some(r)
            })
            .collect();
        let candidates: Vec<Vec<usize>> = units
            .iter()
            .enumerate()
            .map(|(u, &i)| {
                let s = &inst.sessions[i];
                if let Some((_, Some(r))) = s.pinned {
                    return vec![r];
                }
                let mut rooms: Vec<usize> = eligible[i].iter().copied().filter(|&r| !ended_in(r, i)).collect();
                // Its own room, then its track's rooms, then the smallest.
                let used_by_track =
                    |r: usize| s.tracks.iter().any(|k| track_rooms.get(k).is_some_and(|v| v.contains(&r)));
                rooms.sort_by_key(|&r| (Some(r) != current[u], !used_by_track(r), inst.rooms[r].capacity, r));
                rooms
            })
            .collect();
        let mut holder: HashMap<usize, usize> = HashMap::new();
        for (u, &i) in units.iter().enumerate().take(continuing.len()) {
            if let Some(r) = room_of[i] {
                holder.insert(r, u);
            }
        }
        let mut order: Vec<usize> = (continuing.len()..units.len()).collect();
        order.sort_by_key(|&u| (candidates[u].len(), std::cmp::Reverse(inst.sessions[units[u]].attendance)));
        // First every session claims its own room, then the others take their
        // best free room, and only then are rooms traded along augmenting paths.
        let mut waiting = Vec::new();
        for &u in &order {
            match current[u].filter(|r| candidates[u].contains(r) && !holder.contains_key(r)) {
                Some(r) => {
                    holder.insert(r, u);
                }
                None => waiting.push(u),
            }
        }
        let mut unmatched = Vec::new();
        for u in waiting {
            if let Some(&r) = candidates[u].iter().find(|r| !holder.contains_key(r)) {
                holder.insert(r, u);
                continue;
            }
            let mut seen = vec![false; inst.rooms.len()];
            if !augment(u, &candidates, &mut holder, &mut seen) {
                unmatched.push(u);
            }
        }
        for (&r, &u) in &holder {
            let i = units[u];
            room_of[i] = Some(r);
            for &k in &inst.sessions[i].tracks {
                track_rooms.entry(k).or_default().push(r);
            }
        }
        if shortage.is_none() && !unmatched.is_empty() {
            shortage = short_rooms(inst, &eligible, &spans, start, &unmatched, &candidates, &holder);
        }
    }
    let placement = (0..n).map(|i| Some((spans[i].as_ref()?.slot, room_of[i]?))).collect();
    Assignment { placement, shortage }
}

/// Kuhn's augmenting path from unit `u` (an index into `candidates`).
fn augment(u: usize, candidates: &[Vec<usize>], holder: &mut HashMap<usize, usize>, seen: &mut [bool]) -> bool {
    for &r in &candidates[u] {
        if std::mem::replace(&mut seen[r], true) {
            continue;
        }
        let next = holder.get(&r).copied();
        if next.is_none_or(|v| augment(v, candidates, holder, seen)) {
            holder.insert(r, u);
            return true;
        }
    }
    false
}

/// The rooms reachable by alternating paths from the unmatched sessions
/// (Hall's deficient set's neighbourhood), if more of the sessions running
/// at `start` can only use those rooms than there are of them.
fn short_rooms(
    inst: &Instance,
    eligible: &[Vec<usize>],
    spans: &[Option<Placement>],
    start: u32,
    unmatched: &[usize],
    candidates: &[Vec<usize>],
    holder: &HashMap<usize, usize>,
) -> Option<Vec<usize>> {
    let mut reached = vec![false; inst.rooms.len()];
    let mut stack: Vec<usize> = unmatched.to_vec();
    let mut visited = vec![false; candidates.len()];
    while let Some(u) = stack.pop() {
        if std::mem::replace(&mut visited[u], true) {
            continue;
        }
        for &r in &candidates[u] {
            reached[r] = true;
            if let Some(&v) = holder.get(&r) {
                stack.push(v);
            }
        }
    }
    let rooms: Vec<usize> = (0..inst.rooms.len()).filter(|&r| reached[r]).collect();
    let running = (0..spans.len()).filter(|&i| spans[i].as_ref().is_some_and(|p| p.covers(start)));
    let needing = running.filter(|&i| is_subset(&eligible[i], &rooms)).count();
    (needing > rooms.len()).then_some(rooms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{RoomSpec, SessionSpec, SlotSpec};

    #[test]
    fn a_shortage_of_equipped_rooms_is_named() {
        // Two sessions need the one room with a projector; the counts by size alone would allow it.
        let inst = Instance {
            slots: vec![SlotSpec { start: 0, minutes: 60, day: 0 }],
            rooms: vec![RoomSpec { name: "A".into(), capacity: 50 }, RoomSpec { name: "B".into(), capacity: 50 }],
            sessions: vec![
                SessionSpec { code: "a".into(), minutes: 60, rooms: vec![1], ..SessionSpec::default() },
                SessionSpec { code: "b".into(), minutes: 60, rooms: vec![1], ..SessionSpec::default() },
            ],
            ..Instance::default()
        };
        let a = assign(&inst, &[Some(0), Some(0)]);
        assert_eq!(a.placement.iter().flatten().count(), 1);
        assert_eq!(a.shortage, Some(vec![1]));
    }

    #[test]
    fn a_track_keeps_its_room() {
        let slot = |start| SlotSpec { start, minutes: 60, day: 0 };
        let session = |code: &str, attendance| SessionSpec {
            code: code.into(),
            minutes: 60,
            attendance,
            tracks: vec![0],
            ..SessionSpec::default()
        };
        let inst = Instance {
            slots: vec![slot(0), slot(60)],
            rooms: vec![RoomSpec { name: "A".into(), capacity: 50 }, RoomSpec { name: "B".into(), capacity: 80 }],
            sessions: vec![session("t1", 60), session("t2", 10)],
            ..Instance::default()
        };
        // t1 needs B; t2 would fit the smaller A but stays in its track's room.
        let a = assign(&inst, &[Some(0), Some(1)]);
        assert_eq!(a.placement, vec![Some((0, 1)), Some((1, 1))]);
        assert_eq!(a.shortage, None);
    }

    #[test]
    fn a_running_session_moves_over_for_one_that_needs_its_room() {
        // X (two hours, either room) starts first and takes A; Y (two hours, only A) starts an
        // hour later: X must have been in B all along.
        let inst = Instance {
            slots: (0..3).map(|t| SlotSpec { start: t * 60, minutes: 60, day: 0 }).collect(),
            rooms: vec![RoomSpec { name: "A".into(), capacity: 50 }, RoomSpec { name: "B".into(), capacity: 50 }],
            sessions: vec![
                SessionSpec { code: "X".into(), minutes: 120, ..SessionSpec::default() },
                SessionSpec { code: "Y".into(), minutes: 120, rooms: vec![0], ..SessionSpec::default() },
            ],
            spanning: true,
            ..Instance::default()
        };
        let a = assign(&inst, &[Some(0), Some(1)]);
        assert_eq!(a.placement, vec![Some((0, 1)), Some((1, 0))]);
        assert_eq!(a.shortage, None);
    }
}
