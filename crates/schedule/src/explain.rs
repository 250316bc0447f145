//! Why no timetable could be built, one constraint family a line: counting
//! arguments first (a session that fits no slot, more sessions needing some
//! rooms than those rooms offer, a person in more sessions than there are
//! separate times), then dropping one family at a time and solving again.

use crate::model::{Instance, is_subset};
use crate::solve::{Weights, optimise, room_classes};

/// Why session `i` has nowhere to start.
pub fn no_place(inst: &Instance, i: usize) -> String {
    let s = &inst.sessions[i];
    if let Some((t, _)) = s.pinned {
        return format!("session {}: it is pinned to slot {t}, which does not exist", s.code);
    }
    if !(0..inst.slots.len()).any(|t| inst.span(s, t).is_some()) {
        return format!("session {}: it lasts {} min and no slot is that long", s.code, s.minutes);
    }
    format!("session {}: every slot long enough is excluded (its people's unavailability or the kind of slot)", s.code)
}

/// The constraint families that cannot be met, for an infeasible instance.
pub fn explain(inst: &Instance, time_left: f64) -> Vec<String> {
    let mut why = Vec::new();
    let separate = inst.disjoint_slots();
    let eligible: Vec<Vec<usize>> = (0..inst.sessions.len()).map(|i| inst.eligible_rooms(i)).collect();
    for class in room_classes(inst) {
        let needing = eligible.iter().filter(|e| is_subset(e, &class)).count();
        if needing > class.len() * separate {
            let names: Vec<&str> = class.iter().map(|&r| inst.rooms[r].name.as_str()).collect();
            why.push(format!(
                "rooms: {needing} sessions can only use {} ({} rooms × {separate} separate times = {} places)",
                names.join(", "),
                class.len(),
                class.len() * separate
            ));
        }
    }
    let mut per_person = vec![0usize; inst.people.len()];
    for s in &inst.sessions {
        for &p in &s.people {
            if let Some(n) = per_person.get_mut(p) {
                *n += 1;
            }
        }
    }
    for (p, &n) in per_person.iter().enumerate().filter(|&(_, &n)| n > separate) {
        why.push(format!(
            "people: {} is in {n} sessions but the grid has only {separate} separate times",
            inst.people[p]
        ));
    }
    if !why.is_empty() {
        return why;
    }
    type Relax = fn(&mut Instance) -> bool;
    let families: [(&str, Relax); 5] = [
        ("no clash within a track that fits the grid", |_| false),
        ("nobody in two places at once", |i| {
            i.sessions.iter_mut().for_each(|s| s.people.clear());
            true
        }),
        ("the slots sessions cannot take (unavailability, kinds of slot)", |i| {
            i.sessions.iter_mut().for_each(|s| s.forbidden.clear());
            true
        }),
        ("room sizes and kinds", |i| {
            i.sessions.iter_mut().for_each(|s| {
                s.rooms.clear();
                s.attendance = 0;
            });
            true
        }),
        ("the order between sessions", |i| {
            i.sessions.iter_mut().for_each(|s| s.after.clear());
            true
        }),
    ];
    let budget = (time_left / families.len() as f64).clamp(1.0, 20.0);
    for (name, relax) in families {
        let mut relaxed = inst.clone();
        let tracks_hard = relax(&mut relaxed);
        let run = optimise(&relaxed, &Weights::default(), &room_classes(&relaxed), tracks_hard, budget);
        if run.slots_of.is_some() {
            why.push(format!("{name}: the timetable becomes possible once this is dropped, so it cannot be met together with the rest"));
        }
    }
    if why.is_empty() {
        why.push("the constraints cannot all be met together, and dropping no single family of them is enough".into());
    }
    why
}
