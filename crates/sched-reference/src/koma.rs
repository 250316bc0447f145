//! KoMa AK-planning instances (the JSON of Die-KoMa/ak-plan-optimierung): every
//! timeslot becomes a one-hour slot and every block its own day, so that an AK
//! of n timeslots runs over n adjoining slots of one block (block b starts at
//! minute b × 1440, or at whole days enough for the longest block where one
//! has more than 24 timeslots). An AK's required participants are its people
//! (their time and room constraints apply to it), its time constraints forbid
//! slots, its room constraints (and its people's) limit its rooms, its
//! conflicts are a shared virtual person per pair, its dependencies must have
//! ended before it starts (as the KoMa tests check: every timeslot of a
//! dependency precedes every timeslot of the AK), and a room's timeslots that
//! fail its time constraints are held by pinned placeholders. Left out, being
//! soft: the participants' non-required preferences (and with them room
//! capacity beyond the required participants). Keys the KoMa solver ignores are
//! ignored here too (koma90.json gives eight AKs a misspelt `time_constraint`,
//! which it does not apply).

use std::collections::HashMap;

use serde_json::{Map, Value};
use throughline_schedule::{Instance, RoomSpec, SessionSpec, SlotSpec};

use crate::ReadError;

/// Minutes per timeslot.
const SLOT_MINUTES: u32 = 60;
/// The stretch of time line each block starts on (a longer block takes whole multiples of it).
const DAY_MINUTES: u64 = 1440;
/// The capacity of a room with unlimited capacity (-1 in the file).
const UNLIMITED: u32 = u32::MAX / 2;

/// What the file says of a room, checked (and of a timeslot, an AK and a participant below).
struct Room {
    id: String,
    name: String,
    capacity: u32,
    fulfils: Vec<String>,
    needs: Vec<String>,
}

struct Timeslot {
    id: String,
    block: usize,
    position: usize,
    fulfils: Vec<String>,
}

struct Ak {
    id: String,
    duration: u32,
    room_constraints: Vec<String>,
    time_constraints: Vec<String>,
    /// The AKs it conflicts with and depends on: (JSON pointer, id as given).
    conflicts: Vec<(String, Value)>,
    dependencies: Vec<(String, Value)>,
}

struct Participant {
    name: String,
    room_constraints: Vec<String>,
    time_constraints: Vec<String>,
    /// Indexes of the AKs it is required for.
    required: Vec<usize>,
}

/// Reads a KoMa instance (already parsed JSON).
pub fn read(file: &str, value: &Value) -> Result<Instance, ReadError> {
    let err = |place: &str, problem: String| ReadError::new(file, place, problem);
    let root = value.as_object().ok_or_else(|| {
        err("", format!("expected an object with rooms, timeslots, aks and participants, found {}", kind(value)))
    })?;

    let mut rooms: Vec<Room> = Vec::new();
    for (k, v) in list(file, root, "rooms", "", true)?.iter().enumerate() {
        let at = format!("/rooms/{k}");
        let m = object(file, v, &at)?;
        let id = id_of(file, required(file, m, "id", &at)?, &format!("{at}/id"))?;
        if rooms.iter().any(|r| r.id == id) {
            return Err(err(&format!("{at}/id"), format!("room id {id} is used twice")));
        }
        let capacity = match required(file, m, "capacity", &at)?.as_i64() {
            Some(-1) => UNLIMITED,
            Some(c) if c >= 0 => u32::try_from(c).unwrap_or(UNLIMITED).min(UNLIMITED),
            _ => {
                return Err(err(
                    &format!("{at}/capacity"),
                    format!("expected a whole number of seats (or -1 for unlimited), found {}", m["capacity"]),
                ));
            }
        };
        let name = info_name(m).unwrap_or_else(|| format!("room {id}"));
        let fulfils = strings(file, m, "fulfilled_room_constraints", &at)?;
        let needs = strings(file, m, "time_constraints", &at)?;
        rooms.push(Room { id, name, capacity, fulfils, needs });
    }

    let timeslots_at = "/timeslots";
    let ts = object(file, required(file, root, "timeslots", "")?, timeslots_at)?;
    let mut timeslots: Vec<Timeslot> = Vec::new();
    for (b, block) in list(file, ts, "blocks", timeslots_at, true)?.iter().enumerate() {
        let at = format!("/timeslots/blocks/{b}");
        let block = block
            .as_array()
            .ok_or_else(|| err(&at, format!("expected a list of timeslots (a block), found {}", kind(block))))?;
        for (position, v) in block.iter().enumerate() {
            let at = format!("{at}/{position}");
            let m = object(file, v, &at)?;
            let id = id_of(file, required(file, m, "id", &at)?, &format!("{at}/id"))?;
            if timeslots.iter().any(|t| t.id == id) {
                return Err(err(&format!("{at}/id"), format!("timeslot id {id} is used twice")));
            }
            let fulfils = strings(file, m, "fulfilled_time_constraints", &at)?;
            timeslots.push(Timeslot { id, block: b, position, fulfils });
        }
    }

    let ak_list = list(file, root, "aks", "", true)?;
    let mut aks: Vec<Ak> = Vec::new();
    let mut ak_index: HashMap<String, usize> = HashMap::new();
    for (k, v) in ak_list.iter().enumerate() {
        let at = format!("/aks/{k}");
        let m = object(file, v, &at)?;
        let id = id_of(file, required(file, m, "id", &at)?, &format!("{at}/id"))?;
        if ak_index.insert(id.clone(), k).is_some() {
            return Err(err(&format!("{at}/id"), format!("AK id {id} is used twice")));
        }
        let d = required(file, m, "duration", &at)?;
        let duration = d.as_u64().filter(|&d| d >= 1 && d <= u64::from(u32::MAX / SLOT_MINUTES)).ok_or_else(|| {
            err(&format!("{at}/duration"), format!("expected a whole number of timeslots, at least 1, found {d}"))
        })? as u32;
        let room_constraints = strings(file, m, "room_constraints", &at)?;
        let time_constraints = strings(file, m, "time_constraints", &at)?;
        let (mut conflicts, mut dependencies) = (Vec::new(), Vec::new());
        match m.get("properties") {
            None | Some(Value::Null) => {}
            Some(p) => {
                let p_at = format!("{at}/properties");
                let p = object(file, p, &p_at)?;
                for (key, into) in [("conflicts", &mut conflicts), ("dependencies", &mut dependencies)] {
                    for (j, other) in list(file, p, key, &p_at, false)?.iter().enumerate() {
                        into.push((format!("{p_at}/{key}/{j}"), other.clone()));
                    }
                }
            }
        }
        aks.push(Ak { id, duration, room_constraints, time_constraints, conflicts, dependencies });
    }

    let mut participants: Vec<Participant> = Vec::new();
    let mut participant_ids: Vec<String> = Vec::new();
    for (k, v) in list(file, root, "participants", "", false)?.iter().enumerate() {
        let at = format!("/participants/{k}");
        let m = object(file, v, &at)?;
        let id = id_of(file, required(file, m, "id", &at)?, &format!("{at}/id"))?;
        if participant_ids.contains(&id) {
            return Err(err(&format!("{at}/id"), format!("participant id {id} is used twice")));
        }
        let mut required_for = Vec::new();
        for (j, pref) in list(file, m, "preferences", &at, false)?.iter().enumerate() {
            let p_at = format!("{at}/preferences/{j}");
            let pm = object(file, pref, &p_at)?;
            let ak_at = format!("{p_at}/ak_id");
            let ak_id = id_of(file, required(file, pm, "ak_id", &p_at)?, &ak_at)?;
            let &a = ak_index.get(&ak_id).ok_or_else(|| err(&ak_at, format!("no AK with id {ak_id}")))?;
            let is_required = match pm.get("required") {
                None | Some(Value::Null) => false,
                Some(Value::Bool(b)) => *b,
                Some(other) => {
                    return Err(err(&format!("{p_at}/required"), format!("expected true or false, found {other}")));
                }
            };
            if is_required && !required_for.contains(&a) {
                required_for.push(a);
            }
        }
        participants.push(Participant {
            name: info_name(m).unwrap_or_else(|| format!("participant {id}")),
            room_constraints: strings(file, m, "room_constraints", &at)?,
            time_constraints: strings(file, m, "time_constraints", &at)?,
            required: required_for,
        });
        participant_ids.push(id);
    }

    // The time line: one hour per timeslot, each block on a day of its own.
    let longest = timeslots.iter().map(|t| t.position + 1).max().unwrap_or(0);
    let day_length = DAY_MINUTES.max((longest as u64 * u64::from(SLOT_MINUTES)).div_ceil(DAY_MINUTES) * DAY_MINUTES);
    let mut slots = Vec::with_capacity(timeslots.len());
    for t in &timeslots {
        let start = (t.block as u64).saturating_mul(day_length).saturating_add(t.position as u64 * 60);
        let start = u32::try_from(start)
            .ok()
            .filter(|s| s.checked_add(SLOT_MINUTES).is_some())
            .ok_or_else(|| err("/timeslots/blocks", "too many timeslots to lay out on one time line".to_string()))?;
        slots.push(SlotSpec { start, minutes: SLOT_MINUTES, day: t.block });
    }
    let fulfils_all = |t: &Timeslot, needs: &[&String]| needs.iter().all(|c| t.fulfils.contains(c));

    let mut people: Vec<String> = participants.iter().map(|p| p.name.clone()).collect();
    let mut sessions = Vec::with_capacity(aks.len());
    for (k, ak) in aks.iter().enumerate() {
        let with: Vec<usize> = (0..participants.len()).filter(|&p| participants[p].required.contains(&k)).collect();
        let room_needs: Vec<&String> =
            ak.room_constraints.iter().chain(with.iter().flat_map(|&p| &participants[p].room_constraints)).collect();
        let time_needs: Vec<&String> =
            ak.time_constraints.iter().chain(with.iter().flat_map(|&p| &participants[p].time_constraints)).collect();
        let allowed: Vec<usize> =
            (0..rooms.len()).filter(|&r| room_needs.iter().all(|c| rooms[r].fulfils.contains(c))).collect();
        if allowed.is_empty() {
            let problem = if rooms.is_empty() {
                "the file has no rooms to hold it".to_string()
            } else {
                format!("no room fulfils its room constraints and its required participants' {room_needs:?}")
            };
            return Err(err(&format!("/aks/{k}"), format!("AK {}: {problem}", ak.id)));
        }
        let forbidden = (0..timeslots.len()).filter(|&t| !fulfils_all(&timeslots[t], &time_needs)).collect();
        let mut after = Vec::new();
        for (at, other) in &ak.dependencies {
            let a = known_ak(file, &ak_index, other, at)?;
            if a == k {
                return Err(err(at, format!("AK {} depends on itself", ak.id)));
            }
            if !after.contains(&a) {
                after.push(a);
            }
        }
        after.sort_unstable();
        sessions.push(SessionSpec {
            code: format!("AK {}", ak.id),
            minutes: ak.duration * SLOT_MINUTES,
            attendance: with.len() as u32,
            people: with,
            forbidden,
            rooms: if allowed.len() == rooms.len() { Vec::new() } else { allowed },
            after,
            ..SessionSpec::default()
        });
    }

    // Conflicting AKs must not overlap: each pair shares a virtual person.
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (k, ak) in aks.iter().enumerate() {
        for (at, other) in &ak.conflicts {
            let a = known_ak(file, &ak_index, other, at)?;
            if a == k {
                return Err(err(at, format!("AK {} conflicts with itself", ak.id)));
            }
            let pair = (k.min(a), k.max(a));
            if !pairs.contains(&pair) {
                pairs.push(pair);
            }
        }
    }
    for (a, b) in pairs {
        let person = people.len();
        people.push(format!("conflict AK {} / AK {}", aks[a].id, aks[b].id));
        sessions[a].people.push(person);
        sessions[b].people.push(person);
    }

    // A room may only be used in the timeslots that fulfil its time constraints.
    for (r, room) in rooms.iter().enumerate() {
        let needs: Vec<&String> = room.needs.iter().collect();
        for (t, timeslot) in timeslots.iter().enumerate().filter(|(_, t)| !fulfils_all(t, &needs)) {
            sessions.push(SessionSpec {
                code: format!("room {} unavailable at timeslot {}", room.id, timeslot.id),
                minutes: SLOT_MINUTES,
                pinned: Some((t, Some(r))),
                ..SessionSpec::default()
            });
        }
    }

    Ok(Instance {
        name: String::new(),
        slots,
        rooms: rooms.into_iter().map(|r| RoomSpec { name: r.name, capacity: r.capacity }).collect(),
        sessions,
        tracks: Vec::new(),
        people,
        spanning: true,
    })
}

/// The index of the AK an id in a conflict or dependency list names.
fn known_ak(file: &str, index: &HashMap<String, usize>, v: &Value, at: &str) -> Result<usize, ReadError> {
    let id = id_of(file, v, at)?;
    index.get(&id).copied().ok_or_else(|| ReadError::new(file, at, format!("no AK with id {id}")))
}

/// What kind of JSON value this is, for messages.
fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn object<'v>(file: &str, v: &'v Value, at: &str) -> Result<&'v Map<String, Value>, ReadError> {
    v.as_object().ok_or_else(|| ReadError::new(file, at, format!("expected an object, found {}", kind(v))))
}

/// Member `key` of the object at pointer `at`, which must be there.
fn required<'v>(file: &str, m: &'v Map<String, Value>, key: &str, at: &str) -> Result<&'v Value, ReadError> {
    m.get(key).ok_or_else(|| ReadError::new(file, format!("{at}/{key}"), "missing"))
}

/// The list `key` of the object at `at`; where it is optional, missing or null is empty.
fn list<'v>(
    file: &str,
    m: &'v Map<String, Value>,
    key: &str,
    at: &str,
    needed: bool,
) -> Result<&'v [Value], ReadError> {
    match m.get(key) {
        None | Some(Value::Null) if !needed => Ok(&[]),
        None => Err(ReadError::new(file, format!("{at}/{key}"), "missing")),
        Some(Value::Array(items)) => Ok(items),
        Some(other) => {
            Err(ReadError::new(file, format!("{at}/{key}"), format!("expected a list, found {}", kind(other))))
        }
    }
}

/// The optional list of constraint names `key` of the object at `at`.
fn strings(file: &str, m: &Map<String, Value>, key: &str, at: &str) -> Result<Vec<String>, ReadError> {
    list(file, m, key, at, false)?
        .iter()
        .enumerate()
        .map(|(j, v)| {
            v.as_str().map(str::to_string).ok_or_else(|| {
                ReadError::new(
                    file,
                    format!("{at}/{key}/{j}"),
                    format!("expected a constraint name, found {}", kind(v)),
                )
            })
        })
        .collect()
}

/// An id: a whole number or a text, as text.
fn id_of(file: &str, v: &Value, at: &str) -> Result<String, ReadError> {
    match v {
        Value::Number(n) if n.is_i64() || n.is_u64() => Ok(n.to_string()),
        Value::String(s) => Ok(s.clone()),
        other => Err(ReadError::new(file, at, format!("expected an id (a whole number or text), found {other}"))),
    }
}

/// The human-readable name in `info`, if any.
fn info_name(m: &Map<String, Value>) -> Option<String> {
    let name = m.get("info")?.get("name")?.as_str()?.trim();
    (!name.is_empty()).then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use throughline_schedule::{Weights, solve};

    fn small() -> Value {
        json!({
            "rooms": [
                {"id": 1, "capacity": 20, "fulfilled_room_constraints": ["beamer"], "time_constraints": [],
                 "info": {"name": "Hall"}},
                {"id": 2, "capacity": -1, "fulfilled_room_constraints": [], "time_constraints": ["open"], "info": {}}
            ],
            "timeslots": {"info": {"duration": "1 hour"}, "blocks": [
                [{"id": 0, "fulfilled_time_constraints": ["open", "friday"], "info": {"start": "Fr 14:00"}},
                 {"id": 1, "fulfilled_time_constraints": ["open", "friday"], "info": {"start": "Fr 15:00"}}],
                [{"id": 2, "fulfilled_time_constraints": ["open"], "info": {"start": "Sa 10:00"}},
                 {"id": 3, "fulfilled_time_constraints": [], "info": {"start": "Sa 11:00"}}]
            ]},
            "aks": [
                {"id": 7, "duration": 2, "properties": {}, "room_constraints": ["beamer"], "time_constraints": [],
                 "info": {"name": "Long"}},
                {"id": 8, "duration": 1, "properties": {"conflicts": [9], "dependencies": []},
                 "room_constraints": [], "time_constraints": ["friday"], "info": {}},
                {"id": 9, "duration": 1, "properties": {"conflicts": [8], "dependencies": [7]},
                 "room_constraints": [], "time_constraints": [], "info": {"name": null}},
                {"id": 10, "duration": 1, "info": {}}
            ],
            "participants": [
                {"id": 100, "info": {"name": "Ada"}, "time_constraints": ["open"], "room_constraints": [],
                 "preferences": [
                    {"ak_id": 7, "required": true, "preference_score": -1},
                    {"ak_id": 9, "required": true, "preference_score": -1},
                    {"ak_id": 8, "required": false, "preference_score": 2}]},
                {"id": 101, "info": {}, "time_constraints": [], "room_constraints": [],
                 "preferences": [{"ak_id": 8, "required": false, "preference_score": 1}]}
            ],
            "info": {"name": "small"}
        })
    }

    #[test]
    fn a_small_instance_maps_every_rule() {
        let inst = read("small.json", &small()).expect("reads");
        let slot = |start, day| SlotSpec { start, minutes: 60, day };
        let expected = Instance {
            name: String::new(),
            slots: vec![slot(0, 0), slot(60, 0), slot(1440, 1), slot(1500, 1)],
            rooms: vec![
                RoomSpec { name: "Hall".into(), capacity: 20 },
                RoomSpec { name: "room 2".into(), capacity: u32::MAX / 2 },
            ],
            sessions: vec![
                // Ada is required (attendance 1) and needs "open": not timeslot 3.
                SessionSpec {
                    code: "AK 7".into(),
                    minutes: 120,
                    attendance: 1,
                    people: vec![0],
                    forbidden: vec![3],
                    rooms: vec![0],
                    ..SessionSpec::default()
                },
                SessionSpec {
                    code: "AK 8".into(),
                    minutes: 60,
                    people: vec![2],
                    forbidden: vec![2, 3],
                    ..SessionSpec::default()
                },
                SessionSpec {
                    code: "AK 9".into(),
                    minutes: 60,
                    attendance: 1,
                    people: vec![0, 2],
                    forbidden: vec![3],
                    after: vec![0],
                    ..SessionSpec::default()
                },
                SessionSpec { code: "AK 10".into(), minutes: 60, ..SessionSpec::default() },
                SessionSpec {
                    code: "room 2 unavailable at timeslot 3".into(),
                    minutes: 60,
                    pinned: Some((3, Some(1))),
                    ..SessionSpec::default()
                },
            ],
            tracks: Vec::new(),
            people: vec!["Ada".into(), "participant 101".into(), "conflict AK 8 / AK 9".into()],
            spanning: true,
        };
        assert_eq!(inst, expected);
        // The two-timeslot AK fits only the start of a block, never across blocks.
        let starts: Vec<(usize, Vec<usize>)> = inst.placements(0).into_iter().map(|p| (p.slot, p.slots)).collect();
        assert_eq!(starts, vec![(0, vec![0, 1])]);
        let s = solve(&inst, Weights::default(), 10.0);
        assert_eq!(s.hard_violations, 0, "{s:?}");
        assert_eq!(s.placement[0], Some((0, 0)), "AK 7 in the Hall from the first timeslot");
        assert_eq!(s.placement[2].map(|(t, _)| t), Some(2), "AK 9 after AK 7, and Ada cannot come to timeslot 3");
        assert_eq!(s.placement[4], Some((3, 1)), "the placeholder keeps its room");
    }

    fn place_of(value: Value) -> (String, String) {
        let e = read("bad.json", &value).expect_err("malformed");
        assert!(e.to_string().starts_with("bad.json: "), "{e}");
        (e.place, e.problem)
    }

    #[test]
    fn malformed_inputs_name_the_place() {
        let mut v = small();
        v.as_object_mut().unwrap().remove("aks");
        assert_eq!(place_of(v), ("/aks".into(), "missing".into()));

        for duration in [json!(0), json!("2"), json!(1.5), json!(-1), json!(null)] {
            let mut v = small();
            v["aks"][3]["duration"] = duration.clone();
            let (place, problem) = place_of(v);
            assert_eq!(place, "/aks/3/duration", "{duration}");
            assert!(problem.contains("whole number of timeslots"), "{problem}");
        }

        let mut v = small();
        v["aks"][2]["properties"]["dependencies"] = json!([7, 99]);
        assert_eq!(place_of(v), ("/aks/2/properties/dependencies/1".into(), "no AK with id 99".into()));

        let mut v = small();
        v["participants"][1]["preferences"][0]["ak_id"] = json!(42);
        assert_eq!(place_of(v), ("/participants/1/preferences/0/ak_id".into(), "no AK with id 42".into()));

        let mut v = small();
        v["rooms"][0]["capacity"] = json!(-5);
        assert_eq!(place_of(v).0, "/rooms/0/capacity");

        let mut v = small();
        v["timeslots"]["blocks"][1][0]["fulfilled_time_constraints"] = json!(["open", 3]);
        assert_eq!(place_of(v).0, "/timeslots/blocks/1/0/fulfilled_time_constraints/1");

        let mut v = small();
        v["aks"][1]["id"] = json!(7);
        assert_eq!(place_of(v), ("/aks/1/id".into(), "AK id 7 is used twice".into()));

        let mut v = small();
        v["aks"][1]["properties"]["conflicts"] = json!([8]);
        assert_eq!(place_of(v).0, "/aks/1/properties/conflicts/0");

        let mut v = small();
        v["aks"][0]["room_constraints"] = json!(["beamer", "whiteboard"]);
        let (place, problem) = place_of(v);
        assert_eq!(place, "/aks/0");
        assert!(problem.contains("no room fulfils"), "{problem}");

        assert_eq!(place_of(json!([1, 2])).0, "");
        assert_eq!(place_of(json!({"rooms": [], "aks": []})).0, "/timeslots");
    }

    #[test]
    fn real_instances_read_and_solve() {
        let Some(dir) = throughline_testkit::shared_data("sched/koma") else { return };
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .expect("koma folder")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        assert!(!files.is_empty(), "no KoMa files in {}", dir.display());
        for path in files {
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            let value: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            let inst = read(&name, &value).unwrap_or_else(|e| panic!("{e}"));
            // Every (room, timeslot) the room's time constraints exclude is a placeholder.
            let blocks = value["timeslots"]["blocks"].as_array().unwrap();
            let fulfilled: Vec<&Value> =
                blocks.iter().flat_map(|b| b.as_array().unwrap()).map(|t| &t["fulfilled_time_constraints"]).collect();
            let placeholders: usize = value["rooms"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| {
                    let needs = r["time_constraints"].as_array().unwrap();
                    fulfilled.iter().filter(|f| !needs.iter().all(|c| f.as_array().unwrap().contains(c))).count()
                })
                .sum();
            let aks = value["aks"].as_array().unwrap().len();
            assert_eq!(inst.sessions.len(), aks + placeholders, "{name}");
            assert_eq!(inst.slots.len(), fulfilled.len(), "{name}");
            assert!(inst.sessions[aks..].iter().all(|s| s.pinned.is_some()), "{name}");
            println!(
                "{name}: {aks} AKs, {placeholders} placeholders, {} slots, {} rooms",
                inst.slots.len(),
                inst.rooms.len()
            );
            if name == "test1.json" || name == "koma89.json" {
                let s = solve(&inst, Weights::default(), 30.0);
                println!(
                    "  solved: status {}, hard violations {}, objective {}, {:.2} s",
                    s.status, s.hard_violations, s.objective, s.seconds
                );
                assert_eq!(s.hard_violations, 0, "{name}: {s:?}");
            }
        }
    }
}
