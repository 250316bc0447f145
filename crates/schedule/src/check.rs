//! Finds every problem of a timetable: track clashes and suggested clashes
//! (as `throughline_core::clash` defines them), a person in two places at
//! once or at a time they are not available, two sessions in one room, a
//! session that runs past its slot, a room too small for the expected
//! attendance. Every overlap is `clash::overlapping_pairs`: the time ranges
//! intersect (a session ending at 10:30 and one starting at 10:30 do not).

use std::collections::{BTreeMap, HashMap};

use jiff::Timestamp;
use serde::Serialize;
use throughline_core::{Programme, Role, Session, clash};

/// One session as a problem names it: code, title and local times.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionRef {
    pub code: String,
    pub title: String,
    pub start: String,
    pub end: String,
    pub room: Option<String>,
}

/// A problem of the timetable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Problem {
    /// A track clash: two of a track's accepted sessions overlap (`core::clash`).
    TrackClash { track: String, title: String, sessions: [SessionRef; 2] },
    /// A suggested clash: a session only suggested for a track overlaps
    /// another of the track's (a clash to come if it is accepted).
    SuggestedClash { track: String, title: String, sessions: [SessionRef; 2] },
    /// A person is in two overlapping sessions.
    PersonClash { person: String, name: String, sessions: [SessionRef; 2], roles: [Vec<Role>; 2] },
    /// Two sessions overlap in one room.
    RoomClash { room: String, sessions: [SessionRef; 2] },
    /// A session runs past the end of the slot it starts in.
    LongerThanSlot { session: SessionRef, minutes: u32, slot_start: String, slot_end: String },
    /// More people are expected than the room seats.
    OverCapacity { session: SessionRef, room: String, expected: u32, capacity: u32 },
    /// A person is scheduled in a session at a time they said they are not available.
    Unavailable { person: String, name: String, roles: Vec<Role>, session: SessionRef, from: String, to: String },
}

/// The time of day of a local date and time (`2026-11-30 09:00` → `09:00`).
fn clock(local: &str) -> &str {
    local.split_once(' ').map_or(local, |(_, time)| time)
}

impl Problem {
    /// A one-line description for people.
    pub fn describe(&self) -> String {
        let s = |r: &SessionRef| {
            let room = r.room.as_deref().map(|x| format!(", {x}")).unwrap_or_default();
            format!("{} ({}–{}{room})", r.code, r.start, clock(&r.end))
        };
        match self {
            Problem::TrackClash { title, sessions: [a, b], .. } => {
                format!("track {title:?}: {} overlaps {}", s(a), s(b))
            }
            Problem::SuggestedClash { title, sessions: [a, b], .. } => {
                format!("track (suggested) {title:?}: {} overlaps {}", s(a), s(b))
            }
            Problem::PersonClash { name, sessions: [a, b], roles: [ra, rb], .. } => format!(
                "person {name}: {} in {} and {} in {} at the same time",
                roles_text(ra),
                s(a),
                roles_text(rb),
                s(b)
            ),
            Problem::RoomClash { room, sessions: [a, b] } => format!("room {room}: {} overlaps {}", s(a), s(b)),
            Problem::LongerThanSlot { session, minutes, slot_start, slot_end } => {
                format!("{} lasts {minutes} min, past its slot {slot_start}–{}", s(session), clock(slot_end))
            }
            Problem::OverCapacity { session, room, expected, capacity } => {
                format!("{}: {expected} expected in {room}, which seats {capacity}", s(session))
            }
            Problem::Unavailable { name, roles, session, from, to, .. } => {
                format!("person {name}: {} in {}, but not available {from}–{to}", roles_text(roles), s(session))
            }
        }
    }

    /// The problem's kind, as in the JSON output.
    pub fn kind(&self) -> &'static str {
        match self {
            Problem::TrackClash { .. } => "track_clash",
            Problem::SuggestedClash { .. } => "suggested_clash",
            Problem::PersonClash { .. } => "person_clash",
            Problem::RoomClash { .. } => "room_clash",
            Problem::LongerThanSlot { .. } => "longer_than_slot",
            Problem::OverCapacity { .. } => "over_capacity",
            Problem::Unavailable { .. } => "unavailable",
        }
    }
}

fn roles_text(roles: &[Role]) -> String {
    roles.iter().map(|r| r.label().to_lowercase()).collect::<Vec<_>>().join(" and ")
}

/// A scheduled session with its times.
struct Placed<'a> {
    session: &'a Session,
    start: Timestamp,
    end: Timestamp,
}

/// Every problem of the programme's timetable, in a stable order.
pub fn check(p: &Programme) -> Vec<Problem> {
    let placed: Vec<Placed> =
        p.sessions.iter().filter_map(|s| Some(Placed { session: s, start: s.start?, end: s.end()? })).collect();
    let reference = |s: &Session| SessionRef {
        code: s.code.clone(),
        title: s.title.clone(),
        start: s.start.map(|t| p.forum.local(t)).unwrap_or_default(),
        end: s.end().map(|t| p.forum.local(t)).unwrap_or_default(),
        room: s.room.clone(),
    };
    let pair = |[a, b]: [&Session; 2]| [reference(a), reference(b)];
    let mut problems = Vec::new();

    // Tracks: the clashes among accepted sessions, then those with suggested ones.
    for track in &p.tracks {
        for sessions in clash::track_clashes(p, &track.slug) {
            problems.push(Problem::TrackClash {
                track: track.slug.clone(),
                title: track.title.clone(),
                sessions: pair(sessions),
            });
        }
        for sessions in clash::suggested_clashes(p, &track.slug) {
            problems.push(Problem::SuggestedClash {
                track: track.slug.clone(),
                title: track.title.clone(),
                sessions: pair(sessions),
            });
        }
    }

    // People: sessions of each person, with their roles in each.
    let index: HashMap<&str, usize> = placed.iter().enumerate().map(|(i, x)| (x.session.code.as_str(), i)).collect();
    let mut by_person: BTreeMap<&str, BTreeMap<usize, Vec<Role>>> = BTreeMap::new();
    for part in &p.participations {
        if let Some(&i) = index.get(part.session.as_str()) {
            by_person.entry(part.person.as_str()).or_default().entry(i).or_default().push(part.role);
        }
    }
    for (person, sessions) in &by_person {
        for [a, b] in clash::overlapping_pairs(sessions.keys().map(|&i| placed[i].session)) {
            let roles = |s: &Session| sessions[&index[s.code.as_str()]].clone();
            problems.push(Problem::PersonClash {
                person: person.to_string(),
                name: p.person(person).map_or_else(|| person.to_string(), |x| x.name.clone()),
                sessions: pair([a, b]),
                roles: [roles(a), roles(b)],
            });
        }
    }

    // Unavailability.
    for (person, sessions) in &by_person {
        let Some(who) = p.person(person) else {
            continue;
        };
        for (&i, roles) in sessions {
            let x = &placed[i];
            for u in who.unavailable.iter().filter(|u| u.start < x.end && x.start < u.end) {
                problems.push(Problem::Unavailable {
                    person: person.to_string(),
                    name: who.name.clone(),
                    roles: roles.clone(),
                    session: reference(x.session),
                    from: p.forum.local(u.start),
                    to: p.forum.local(u.end),
                });
            }
        }
    }

    // Rooms.
    let mut by_room: BTreeMap<&str, Vec<&Session>> = BTreeMap::new();
    for x in &placed {
        if let Some(room) = &x.session.room {
            by_room.entry(room.as_str()).or_default().push(x.session);
        }
    }
    for (room, group) in by_room {
        for sessions in clash::overlapping_pairs(group) {
            problems.push(Problem::RoomClash { room: room.to_string(), sessions: pair(sessions) });
        }
    }

    // Slots and capacity, session by session in time order.
    let mut order: Vec<&Placed> = placed.iter().collect();
    order.sort_by(|a, b| (a.start, &a.session.code).cmp(&(b.start, &b.session.code)));
    for x in order {
        if let Some(slot) = p.slots.iter().find(|slot| slot.contains(x.start))
            && x.end > slot.end
        {
            problems.push(Problem::LongerThanSlot {
                session: reference(x.session),
                minutes: x.session.duration_minutes,
                slot_start: p.forum.local(slot.start),
                slot_end: p.forum.local(slot.end),
            });
        }
        if let (Some(expected), Some(room)) = (x.session.expected_attendance, &x.session.room)
            && let Some(capacity) = p.room(room).and_then(|r| r.capacity)
            && expected > capacity
        {
            problems.push(Problem::OverCapacity {
                session: reference(x.session),
                room: room.clone(),
                expected,
                capacity,
            });
        }
    }
    problems
}
