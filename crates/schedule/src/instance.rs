//! From a forum's programme to the solver's instance and back: which
//! sessions may move, which slots their people cannot take, and, once solved,
//! the new starts and rooms with the list of moves.

use std::collections::HashMap;

use serde::Serialize;
use throughline_core::{MembershipStatus, Programme};

use crate::model::{Instance, RoomSpec, SessionSpec, SlotSpec};
use crate::solve::Solution;

/// Which sessions the solver may place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Only the unscheduled ones; the scheduled stay where they are.
    Unscheduled,
    /// Every session, from scratch.
    All,
    /// Every session, moving as few as possible from where they are now.
    KeepPublished,
}

/// Seats assumed for a room whose capacity is not known.
const UNKNOWN_CAPACITY: u32 = 100_000;

/// Why a programme cannot be scheduled at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NothingToScheduleInto {
    NoSlots { forum: String },
    NoRooms { forum: String },
}

impl std::fmt::Display for NothingToScheduleInto {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NothingToScheduleInto::NoSlots { forum } => {
                write!(f, "forum {forum:?} declares no time slots to schedule into")
            }
            NothingToScheduleInto::NoRooms { forum } => write!(f, "forum {forum:?} has no rooms"),
        }
    }
}

impl std::error::Error for NothingToScheduleInto {}

/// The instance for a programme, and the session code behind each instance session.
pub fn instance_from(p: &Programme, mode: Mode) -> Result<(Instance, Vec<String>), NothingToScheduleInto> {
    if p.slots.is_empty() {
        return Err(NothingToScheduleInto::NoSlots { forum: p.forum.slug.clone() });
    }
    if p.rooms.is_empty() {
        return Err(NothingToScheduleInto::NoRooms { forum: p.forum.slug.clone() });
    }
    let mut slots = p.slots.clone();
    slots.sort();
    let mut days: Vec<jiff::civil::Date> = slots.iter().map(|s| p.forum.local_date(s.start)).collect();
    days.dedup();
    let origin = slots[0].start.as_second();
    let slot_specs = slots
        .iter()
        .map(|s| SlotSpec {
            start: ((s.start.as_second() - origin) / 60).max(0) as u32,
            minutes: s.minutes().max(0) as u32,
            day: days.iter().position(|d| *d == p.forum.local_date(s.start)).unwrap_or(0),
        })
        .collect();
    let rooms: Vec<RoomSpec> = p
        .rooms
        .iter()
        .map(|r| RoomSpec { name: r.name.clone(), capacity: r.capacity.unwrap_or(UNKNOWN_CAPACITY) })
        .collect();
    let tracks: Vec<String> = p.tracks.iter().map(|t| t.slug.clone()).collect();
    let mut people: HashMap<&str, usize> = HashMap::new();
    let mut sessions = Vec::new();
    let mut codes = Vec::new();
    for s in &p.sessions {
        if !s.status.will_be_held() {
            continue;
        }
        let current = s.start.and_then(|start| slots.iter().position(|slot| slot.contains(start)));
        if s.start.is_some() && current.is_none() {
            continue; // scheduled outside the grid: left as it is
        }
        let room = s.room.as_ref().and_then(|name| p.rooms.iter().position(|r| &r.name == name));
        let placed = current.map(|t| (t, room));
        let mut spec = SessionSpec {
            code: s.code.clone(),
            minutes: s.duration_minutes,
            attendance: s.expected_attendance.unwrap_or(0),
            pinned: if mode == Mode::Unscheduled { placed } else { None },
            published: if mode == Mode::KeepPublished { placed } else { None },
            preferred_days: s.preferred_days.iter().filter_map(|d| days.iter().position(|x| x == d)).collect(),
            ..SessionSpec::default()
        };
        for part in p.participations.iter().filter(|x| x.session == s.code) {
            let next = people.len();
            let id = *people.entry(part.person.as_str()).or_insert(next);
            if !spec.people.contains(&id) {
                spec.people.push(id);
            }
            if let Some(person) = p.person(&part.person) {
                for u in &person.unavailable {
                    for (t, slot) in slots.iter().enumerate() {
                        if u.start < slot.end && slot.start < u.end && !spec.forbidden.contains(&t) {
                            spec.forbidden.push(t);
                        }
                    }
                }
            }
        }
        let tracks_with = |status: MembershipStatus| -> Vec<usize> {
            p.memberships
                .iter()
                .filter(|m| m.session == s.code && m.status == status)
                .filter_map(|m| tracks.iter().position(|t| *t == m.track))
                .collect()
        };
        spec.tracks = tracks_with(MembershipStatus::Accepted);
        spec.suggested_tracks = tracks_with(MembershipStatus::Suggested);
        sessions.push(spec);
        codes.push(s.code.clone());
    }
    let mut names = vec![String::new(); people.len()];
    for (person, id) in people {
        names[id] = p.person(person).map_or_else(|| person.to_string(), |x| x.name.clone());
    }
    let instance = Instance {
        name: p.forum.slug.clone(),
        slots: slot_specs,
        rooms,
        sessions,
        tracks,
        people: names,
        spanning: false,
    };
    Ok((instance, codes))
}

/// A session that the solution puts somewhere new.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Move {
    pub code: String,
    pub title: String,
    /// Local start and room before and after.
    pub from: Option<(String, String)>,
    pub to: (String, String),
}

/// Writes the solution's starts and rooms into the programme; returns the moves.
pub fn apply(p: &mut Programme, codes: &[String], solution: &Solution) -> Vec<Move> {
    let mut slots = p.slots.clone();
    slots.sort();
    let rooms: Vec<String> = p.rooms.iter().map(|r| r.name.clone()).collect();
    let forum = p.forum.clone();
    let mut moves = Vec::new();
    for (code, placed) in codes.iter().zip(&solution.placement) {
        let Some((t, r)) = placed else { continue };
        let Some(s) = p.sessions.iter_mut().find(|s| &s.code == code) else { continue };
        let (start, room) = (slots[*t].start, rooms[*r].clone());
        if s.start == Some(start) && s.room.as_deref() == Some(room.as_str()) {
            continue;
        }
        let from = s.start.map(|st| (forum.local(st), s.room.clone().unwrap_or_default()));
        s.start = Some(start);
        s.room = Some(room.clone());
        moves.push(Move { code: code.clone(), title: s.title.clone(), from, to: (forum.local(start), room) });
    }
    moves
}

#[cfg(test)]
mod tests {
    use super::*;
    use throughline_core::Forum;
    use throughline_core::forum::{Room, Slot};

    #[test]
    fn a_forum_without_slots_or_rooms_says_which_is_missing() {
        let mut p = Programme::new(Forum::new("f", "F"));
        let no_slots = instance_from(&p, Mode::KeepPublished).unwrap_err();
        assert_eq!(no_slots, NothingToScheduleInto::NoSlots { forum: "f".into() });
        p.slots.push(Slot {
            start: "2026-12-01T09:00:00Z".parse().unwrap(),
            end: "2026-12-01T10:00:00Z".parse().unwrap(),
        });
        let no_rooms = instance_from(&p, Mode::KeepPublished).unwrap_err();
        assert_eq!(no_rooms.to_string(), "forum \"f\" has no rooms");
        p.rooms.push(Room { name: "A".into(), capacity: None, remote: false });
        assert!(instance_from(&p, Mode::KeepPublished).is_ok());
    }
}
