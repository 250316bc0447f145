//! Counting what a placement breaks, independently of how it was found:
//! the solver's answers are checked by this, not trusted.

use std::collections::HashMap;

use crate::model::{Instance, Placement, is_subset};

/// What a placement breaks and how far it moved from the published timetable.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    pub hard_violations: usize,
    /// Per instant and track, the track's sessions running beyond the first
    /// (the concurrent surplus: not the number of track clashes, which are
    /// pairs; see `throughline_core::clash`).
    pub concurrent_surplus: usize,
    pub moved: usize,
    /// Codes of the sessions without a slot or room.
    pub unplaced: Vec<String>,
}

/// Problems among pinned sessions only (which the solver may not move, and
/// `check` reports) are not counted: only what the placement adds.
pub fn tally(inst: &Instance, placement: &[Option<(usize, usize)>]) -> Tally {
    let mut t = Tally::default();
    let spans: Vec<Option<Placement>> =
        placement.iter().enumerate().map(|(i, p)| p.map(|(slot, _)| inst.placed(i, slot))).collect();
    for (i, s) in inst.sessions.iter().enumerate() {
        let (Some((slot, room)), Some(span)) = (placement[i], &spans[i]) else {
            t.unplaced.push(s.code.clone());
            t.hard_violations += 1;
            continue;
        };
        if let Some((pt, pr)) = s.pinned {
            t.hard_violations += usize::from(pt != slot || pr.is_some_and(|pr| pr != room));
            continue;
        }
        let fits = inst.span(s, slot).is_some() && !span.slots.iter().any(|u| s.forbidden.contains(u));
        t.hard_violations += usize::from(!fits);
        t.hard_violations += usize::from(!is_subset(&[room], &inst.eligible_rooms(i)));
        let ended_before = |a: usize| spans.get(a).and_then(|p| p.as_ref()).is_some_and(|p| p.end <= span.start);
        t.hard_violations += s.after.iter().filter(|&&a| !ended_before(a)).count();
        if s.published.is_some_and(|(pt, _)| pt != slot) {
            t.moved += 1;
        }
    }
    for point in inst.points() {
        let running: Vec<usize> =
            (0..inst.sessions.len()).filter(|&i| spans[i].as_ref().is_some_and(|p| p.covers(point))).collect();
        let mut by_room: HashMap<usize, Vec<usize>> = HashMap::new();
        let mut by_person: HashMap<usize, Vec<usize>> = HashMap::new();
        let mut by_track: HashMap<usize, usize> = HashMap::new();
        for &i in &running {
            let s = &inst.sessions[i];
            if let Some((_, room)) = placement[i] {
                by_room.entry(room).or_default().push(i);
            }
            for &p in &s.people {
                by_person.entry(p).or_default().push(i);
            }
            for &k in &s.tracks {
                *by_track.entry(k).or_default() += 1;
            }
        }
        // Only the pairs with a session that may move count.
        let added = |sessions: &Vec<usize>| {
            let movable = sessions.iter().filter(|&&i| inst.sessions[i].pinned.is_none()).count();
            movable.min(sessions.len().saturating_sub(1))
        };
        t.hard_violations += by_room.values().map(added).sum::<usize>();
        t.hard_violations += by_person.values().map(added).sum::<usize>();
        t.concurrent_surplus += by_track.values().map(|n| n.saturating_sub(1)).sum::<usize>();
    }
    t
}
