//! The solver's view of a timetabling problem: slots on a time line, rooms,
//! sessions with what they need, and what follows from them (where a session
//! can start, which stretch of time it then takes, which rooms can hold it).
//! Slots may overlap (a 2-hour lab beside two 45-minute talks), and where the
//! instance allows it a long session runs over consecutive slots.

use serde::{Deserialize, Serialize};

/// A slot of the grid, on one time line (minutes from any fixed origin).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlotSpec {
    pub start: u32,
    pub minutes: u32,
    /// The day the slot is on (0-based), for spreading tracks and preferred days.
    pub day: usize,
}

impl SlotSpec {
    pub fn end(&self) -> u32 {
        self.start + self.minutes
    }
}

/// A room and its seats.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoomSpec {
    pub name: String,
    pub capacity: u32,
}

/// A session to place.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SessionSpec {
    pub code: String,
    pub minutes: u32,
    /// Seats needed (0 when unknown).
    pub attendance: u32,
    /// Indexes of its people (nobody is in two places at once) and tracks,
    /// and of the tracks it is only suggested for.
    pub people: Vec<usize>,
    pub tracks: Vec<usize>,
    #[serde(default)]
    pub suggested_tracks: Vec<usize>,
    /// Slots it cannot take (its people's unavailability, the wrong kind of slot).
    #[serde(default)]
    pub forbidden: Vec<usize>,
    /// The only rooms it may use (its kind of room, equipment); empty: any room.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rooms: Vec<usize>,
    /// Sessions that must have ended before this one starts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub after: Vec<usize>,
    /// Days its organisers prefer (soft); empty: no preference.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub preferred_days: Vec<usize>,
    /// A slot (and room) it must keep.
    #[serde(default)]
    pub pinned: Option<(usize, Option<usize>)>,
    /// Where it stands in the published timetable, if anywhere.
    #[serde(default)]
    pub published: Option<(usize, Option<usize>)>,
}

/// Everything the solver needs.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Instance {
    pub name: String,
    pub slots: Vec<SlotSpec>,
    pub rooms: Vec<RoomSpec>,
    pub sessions: Vec<SessionSpec>,
    pub tracks: Vec<String>,
    /// Who the people indexes stand for (names or ids), for explanations.
    pub people: Vec<String>,
    /// Whether a session longer than a slot may run on into the next
    /// adjoining slot of the same day (workshops of two one-hour blocks).
    #[serde(default)]
    pub spanning: bool,
}

/// Where an [`Instance`] is inconsistent, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstanceError {
    /// The field, e.g. `sessions[3].people[1]`.
    pub field: String,
    pub problem: String,
}

impl std::fmt::Display for InstanceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.problem)
    }
}

impl std::error::Error for InstanceError {}

/// A start for a session and the time it then takes.
#[derive(Debug, Clone, PartialEq)]
pub struct Placement {
    pub slot: usize,
    pub start: u32,
    pub end: u32,
    /// The slots it takes, the first being `slot`.
    pub slots: Vec<usize>,
}

impl Placement {
    pub fn covers(&self, point: u32) -> bool {
        self.start <= point && point < self.end
    }

    pub fn overlaps(&self, other: &Placement) -> bool {
        self.start < other.end && other.start < self.end
    }
}

impl Instance {
    /// Checks that every index points into its list and every slot's end
    /// fits the time line, so the solver never indexes out of bounds. An
    /// instance made from a programme passes by construction; one read from
    /// a file is checked. The error names the field, e.g. `sessions[3].people[1]`
    /// with `7 is not a person (there are 5)`.
    pub fn check(&self) -> Result<(), InstanceError> {
        for (t, slot) in self.slots.iter().enumerate() {
            if slot.start.checked_add(slot.minutes).is_none() {
                return Err(InstanceError {
                    field: format!("slots[{t}]"),
                    problem: "it ends past the end of the time line".into(),
                });
            }
        }
        let within = |field: String, index: usize, len: usize, what: &str| {
            if index < len {
                Ok(())
            } else {
                Err(InstanceError { field, problem: format!("{index} is not a {what} (there are {len})") })
            }
        };
        let (slots, rooms, people, tracks) = (self.slots.len(), self.rooms.len(), self.people.len(), self.tracks.len());
        for (i, s) in self.sessions.iter().enumerate() {
            let field = |name: &str, k: usize| format!("sessions[{i}].{name}[{k}]");
            for (k, &p) in s.people.iter().enumerate() {
                within(field("people", k), p, people, "person")?;
            }
            for (name, list) in [("tracks", &s.tracks), ("suggested_tracks", &s.suggested_tracks)] {
                for (k, &x) in list.iter().enumerate() {
                    within(field(name, k), x, tracks, "track")?;
                }
            }
            for (k, &t) in s.forbidden.iter().enumerate() {
                within(field("forbidden", k), t, slots, "slot")?;
            }
            for (k, &r) in s.rooms.iter().enumerate() {
                within(field("rooms", k), r, rooms, "room")?;
            }
            for (k, &j) in s.after.iter().enumerate() {
                within(field("after", k), j, self.sessions.len(), "session")?;
            }
            for (name, place) in [("pinned", s.pinned), ("published", s.published)] {
                if let Some((t, room)) = place {
                    within(format!("sessions[{i}].{name}.slot"), t, slots, "slot")?;
                    if let Some(r) = room {
                        within(format!("sessions[{i}].{name}.room"), r, rooms, "room")?;
                    }
                }
            }
        }
        Ok(())
    }

    /// The time a session starting in slot `t` takes, if it fits there
    /// (in the slot, or in adjoining slots of the day where spanning is allowed).
    pub fn span(&self, s: &SessionSpec, t: usize) -> Option<Placement> {
        let first = self.slots.get(t)?;
        let mut slots = vec![t];
        let mut end = first.end();
        while end - first.start < s.minutes {
            if !self.spanning {
                return None;
            }
            let next = self.slots.iter().position(|u| u.start == end && u.day == first.day && u.minutes > 0)?;
            slots.push(next);
            end = self.slots[next].end();
        }
        Some(Placement { slot: t, start: first.start, end, slots })
    }

    /// Where session `i` may start: its pinned slot, or every slot where it
    /// fits and that takes none of its forbidden slots.
    pub fn placements(&self, i: usize) -> Vec<Placement> {
        let s = &self.sessions[i];
        if let Some((t, _)) = s.pinned {
            let fallback = || {
                let slot = &self.slots[t];
                Placement { slot: t, start: slot.start, end: slot.end(), slots: vec![t] }
            };
            return if t < self.slots.len() { vec![self.span(s, t).unwrap_or_else(fallback)] } else { Vec::new() };
        }
        (0..self.slots.len())
            .filter_map(|t| self.span(s, t))
            .filter(|p| !p.slots.iter().any(|u| s.forbidden.contains(u)))
            .collect()
    }

    /// Where session `i` stands when it starts in `t`, whether or not it is allowed there.
    pub fn placed(&self, i: usize, t: usize) -> Placement {
        self.span(&self.sessions[i], t).unwrap_or_else(|| {
            let slot = &self.slots[t];
            Placement { slot: t, start: slot.start, end: slot.end(), slots: vec![t] }
        })
    }

    /// The rooms that can hold session `i`: its allowed rooms that seat its
    /// audience (or, where none does, the largest of them); a pinned room alone.
    pub fn eligible_rooms(&self, i: usize) -> Vec<usize> {
        let s = &self.sessions[i];
        if let Some((_, Some(r))) = s.pinned {
            return vec![r];
        }
        let mut allowed: Vec<usize> =
            if s.rooms.is_empty() { (0..self.rooms.len()).collect() } else { s.rooms.clone() };
        allowed.sort_unstable();
        allowed.dedup();
        let biggest = allowed.iter().map(|&r| self.rooms[r].capacity).max().unwrap_or(0);
        let need = s.attendance.min(biggest);
        allowed.into_iter().filter(|&r| self.rooms[r].capacity >= need).collect()
    }

    /// The instants at which what runs changes: every slot's start. Two
    /// placements overlap exactly when some point is covered by both.
    pub fn points(&self) -> Vec<u32> {
        let mut points: Vec<u32> = self.slots.iter().map(|s| s.start).collect();
        points.sort_unstable();
        points.dedup();
        points
    }

    /// How many sessions can run one after another without overlapping: the
    /// most slots that pairwise do not overlap.
    pub fn disjoint_slots(&self) -> usize {
        let mut slots: Vec<&SlotSpec> = self.slots.iter().filter(|s| s.minutes > 0).collect();
        slots.sort_by_key(|s| s.end());
        let mut count = 0;
        let mut free_from = 0;
        for s in slots {
            if s.start >= free_from {
                count += 1;
                free_from = s.end();
            }
        }
        count
    }

    /// The number of days the slots cover.
    pub fn days(&self) -> usize {
        self.slots.iter().map(|s| s.day).max().map_or(1, |d| d + 1)
    }
}

/// Whether every element of sorted `a` is in sorted `b`.
pub fn is_subset(a: &[usize], b: &[usize]) -> bool {
    let mut j = 0;
    for &x in a {
        while j < b.len() && b[j] < x {
            j += 1;
        }
        if j == b.len() || b[j] != x {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(start: u32, minutes: u32) -> SlotSpec {
        SlotSpec { start, minutes, day: 0 }
    }

    #[test]
    fn long_sessions_span_adjoining_slots_only_where_allowed() {
        let mut inst = Instance {
            slots: vec![slot(600, 60), slot(660, 60), slot(780, 60)],
            sessions: vec![SessionSpec { minutes: 120, ..SessionSpec::default() }],
            ..Instance::default()
        };
        assert!(inst.placements(0).is_empty(), "two hours fit no one-hour slot");
        inst.spanning = true;
        let starts: Vec<(usize, u32, u32)> = inst.placements(0).iter().map(|p| (p.slot, p.start, p.end)).collect();
        assert_eq!(starts, vec![(0, 600, 720)], "11:00 is followed by a gap, not by an adjoining slot");
        inst.sessions[0].forbidden = vec![1];
        assert!(inst.placements(0).is_empty(), "the second hour is forbidden");
    }

    #[test]
    fn overlapping_slots_and_disjoint_positions() {
        // A two-hour lab beside two 45-minute talks, then one afternoon slot.
        let inst = Instance {
            slots: vec![slot(615, 120), slot(615, 45), slot(690, 45), slot(780, 120)],
            ..Instance::default()
        };
        assert_eq!(inst.points(), vec![615, 690, 780]);
        assert_eq!(inst.disjoint_slots(), 3);
    }

    #[test]
    fn eligible_rooms_respect_kind_and_size() {
        let inst = Instance {
            rooms: vec![
                RoomSpec { name: "Hall".into(), capacity: 500 },
                RoomSpec { name: "Lab".into(), capacity: 40 },
                RoomSpec { name: "Small".into(), capacity: 30 },
            ],
            sessions: vec![
                SessionSpec { attendance: 35, ..SessionSpec::default() },
                SessionSpec { attendance: 35, rooms: vec![1, 2], ..SessionSpec::default() },
                SessionSpec { attendance: 900, rooms: vec![1, 2], ..SessionSpec::default() },
            ],
            ..Instance::default()
        };
        assert_eq!(inst.eligible_rooms(0), vec![0, 1]);
        assert_eq!(inst.eligible_rooms(1), vec![1]);
        assert_eq!(inst.eligible_rooms(2), vec![1], "too big for any allowed room: the largest of them");
        assert!(is_subset(&[1], &[0, 1]) && !is_subset(&[0, 2], &[0, 1]));
    }
}
