//! IGF-scale scheduling instances, made from a seed: 100–600 sessions,
//! 8–15 rooms from a few halls to many small rooms, 20–30 slots over four
//! days, 5–30 tracks, people with a heavy-tailed number of sessions
//! (organisers in 3–6), and 10–20% of sessions with unavailable slots.

use throughline_core::seeded::Seeded;

use crate::model::{Instance, RoomSpec, SessionSpec, SlotSpec};

/// An instance of `sessions` sessions in `rooms` rooms and `slots` slots with `tracks` tracks.
pub fn igf_like(sessions: usize, rooms: usize, slots: usize, tracks: usize, seed: u64) -> Instance {
    let mut rng = Seeded::new(seed ^ 0x9e37_79b9_7f4a_7c15);
    // Four days; slots two hours apart within a day.
    let slot_specs: Vec<SlotSpec> = (0..slots)
        .map(|t| {
            let day = t * 4 / slots;
            let first_of_day = (0..slots).position(|u| u * 4 / slots == day).unwrap_or(0);
            SlotSpec { start: (day * 1440 + 540 + (t - first_of_day) * 120) as u32, minutes: 90, day }
        })
        .collect();
    // A few halls, some mid-size rooms, many small rooms.
    let room_specs: Vec<RoomSpec> = (0..rooms)
        .map(|r| {
            let capacity = match r {
                0 => 1200,
                1 => 600,
                r if r < rooms / 3 => 300,
                r if r < 2 * rooms / 3 => 150,
                _ => 60,
            };
            RoomSpec { name: format!("Room {}", r + 1), capacity }
        })
        .collect();
    let people = sessions * 2;
    let mut specs = Vec::with_capacity(sessions);
    for i in 0..sessions {
        let minutes = if rng.below(10) < 2 { 60 } else { 90 };
        let attendance = match rng.below(20) {
            0 => rng.between(400, 1000) as u32,
            1..=4 => rng.between(150, 300) as u32,
            5..=10 => rng.between(60, 150) as u32,
            _ => rng.between(15, 60) as u32,
        };
        // Organisers come from a small pool (each in about 3–6 sessions); speakers from a long tail.
        let organisers = sessions / 4;
        let mut who = vec![rng.below(organisers.max(1))];
        for _ in 0..rng.between(1, 4) {
            let p = if rng.below(3) == 0 {
                rng.below(organisers.max(1))
            } else {
                organisers + rng.below(people - organisers)
            };
            if !who.contains(&p) {
                who.push(p);
            }
        }
        let mut track_list = Vec::new();
        if rng.below(10) < 7 {
            track_list.push(rng.below(tracks));
            if rng.below(10) == 0 {
                let second = rng.below(tracks);
                if second != track_list[0] {
                    track_list.push(second);
                }
            }
        }
        let mut forbidden = Vec::new();
        if rng.below(100) < 15 {
            let from = rng.below(slots);
            forbidden.extend(from..(from + rng.between(1, 4)).min(slots));
        }
        specs.push(SessionSpec {
            code: format!("S{i}"),
            minutes,
            attendance,
            people: who,
            tracks: track_list,
            forbidden,
            ..SessionSpec::default()
        });
    }
    Instance {
        name: format!("igf-{sessions}s-{rooms}r-{slots}t-{tracks}k-seed{seed}"),
        slots: slot_specs,
        rooms: room_specs,
        sessions: specs,
        tracks: (0..tracks).map(|k| format!("track {k}")).collect(),
        people: (0..people).map(|p| format!("person {p}")).collect(),
        spanning: false,
    }
}

/// A late change to a solved timetable, for measuring repairs: every
/// session is published where `placement` put it, and `fraction` of them
/// (chosen from the seed) can no longer keep their slot, as when a speaker
/// becomes unavailable. Returns the changed instance and how many sessions
/// the change forces to move.
pub fn disrupt(inst: &Instance, placement: &[Option<(usize, usize)>], fraction: f64, seed: u64) -> (Instance, usize) {
    let mut rng = Seeded::new(seed ^ 0x005e_ed0f_c4a9);
    let mut changed = inst.clone();
    let placed: Vec<usize> = (0..inst.sessions.len()).filter(|&i| placement[i].is_some()).collect();
    for &i in &placed {
        changed.sessions[i].published = placement[i].map(|(t, r)| (t, Some(r)));
    }
    let wanted = ((placed.len() as f64 * fraction).round() as usize).min(placed.len());
    let mut forced = Vec::new();
    while forced.len() < wanted {
        let i = placed[rng.below(placed.len())];
        if !forced.contains(&i) && changed.sessions[i].pinned.is_none() {
            let Some((t, _)) = placement[i] else { continue };
            changed.sessions[i].forbidden.push(t);
            forced.push(i);
        }
    }
    (changed, forced.len())
}

/// The family `bench schedule` runs without named instances. 600 sessions
/// need 600 room-slots: 15 rooms × 30 slots hold only 450, so the largest
/// instance has 22 rooms.
pub fn igf_family() -> Vec<Instance> {
    vec![
        igf_like(100, 8, 20, 5, 1),
        igf_like(200, 10, 24, 8, 2),
        igf_like(300, 12, 25, 10, 3),
        igf_like(600, 22, 30, 30, 4),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instances_are_reproducible_and_shaped_as_asked() {
        let a = igf_like(300, 12, 25, 10, 3);
        assert_eq!(a, igf_like(300, 12, 25, 10, 3));
        assert_eq!((a.sessions.len(), a.rooms.len(), a.slots.len(), a.tracks.len()), (300, 12, 25, 10));
        let with_unavailability = a.sessions.iter().filter(|s| !s.forbidden.is_empty()).count();
        assert!((30..=60).contains(&with_unavailability), "{with_unavailability}");
        let mut per_person = std::collections::HashMap::new();
        for s in &a.sessions {
            for p in &s.people {
                *per_person.entry(*p).or_insert(0) += 1;
            }
        }
        let busiest = per_person.values().max().copied().unwrap_or(0);
        assert!(busiest >= 3, "some people are in several sessions: {busiest}");
        let sizes: Vec<usize> =
            (0..a.tracks.len()).map(|k| a.sessions.iter().filter(|s| s.tracks.contains(&k)).count()).collect();
        println!("track sizes {sizes:?}");
    }
}
