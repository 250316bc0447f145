//! PyCon UK 2016's accepted talks (`pyconuk-2016-talks.yml` of
//! PyconUK/ConferenceScheduler: a YAML list of `{title, duration, speaker,
//! tags}`), on the talk grid of that project's how-to "Define a Conference"
//! (`docs/howto/define_a_conference.rst`), which the file itself lacks and
//! which is kept below: the four venues suitable for talks, three days, nine
//! talk slots a day. Each talk becomes a session `T01`, `T02`, … of its
//! duration (so a 45-minute talk fits only the 45-minute slot), its speaker
//! its person (a speaker string naming two people, "A and B", stays one
//! person) and each tag a track. Only what the file says is applied: the
//! how-to's fictitious unavailability (Alex Chan) and speaker clashes (Owen
//! Campbell) are illustrations, not data, and are left out; so are its
//! workshops and plenaries, which the file does not list.

use serde_json::Value;
use throughline_schedule::{Instance, RoomSpec, SessionSpec, SlotSpec};

use crate::{ReadError, index_of};

/// The venues suitable for talks and their seats (Room A held workshops only).
const VENUES: [(&str, u32); 4] = [("Assembly Room", 500), ("Ferrier Hall", 200), ("Room C", 80), ("Room D", 100)];

/// The talk days: 16, 17 and 18 September 2016 (Friday to Sunday), days 0 to 2.
const DAYS: usize = 3;

/// The talk slots of each day: (start in minutes since midnight, minutes).
const TALK_SLOTS: [(u32, u32); 9] = [
    (10 * 60 + 15, 30),
    (11 * 60 + 15, 45),
    (12 * 60, 30),
    (12 * 60 + 30, 30),
    (14 * 60 + 30, 30),
    (15 * 60, 30),
    (15 * 60 + 30, 30),
    (16 * 60 + 30, 30),
    (17 * 60, 30),
];

/// Reads the talks file. Places are `entry N` (the N-th talk, from 1) or,
/// for YAML that does not parse, `line L, column C`.
pub fn read(file: &str, bytes: &[u8]) -> Result<Instance, ReadError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
        ReadError::new(file, format!("line {line}"), format!("not UTF-8 text: {e}"))
    })?;
    let value: Value = serde_saphyr::from_str(text).map_err(|e| {
        let place = e.location().map_or(String::new(), |l| format!("line {}, column {}", l.line(), l.column()));
        let message = e.without_snippet().to_string();
        let message = message.strip_suffix(&format!(" at {place}")).unwrap_or(&message);
        ReadError::new(file, place, format!("not YAML: {message}"))
    })?;
    let Value::Array(entries) = value else {
        return Err(ReadError::new(file, "", format!("expected a list of talks, found {}", kind(&value))));
    };

    let mut slots = Vec::with_capacity(DAYS * TALK_SLOTS.len());
    for day in 0..DAYS {
        for (start, minutes) in TALK_SLOTS {
            slots.push(SlotSpec { start: day as u32 * 1440 + start, minutes, day });
        }
    }
    let mut people: Vec<String> = Vec::new();
    let mut tracks: Vec<String> = Vec::new();
    let mut sessions = Vec::with_capacity(entries.len());
    for (k, entry) in entries.iter().enumerate() {
        let at = format!("entry {}", k + 1);
        let err = |problem: String| ReadError::new(file, at.clone(), problem);
        let Value::Object(talk) = entry else {
            return Err(err(format!("expected a talk (title, duration, speaker, tags), found {}", kind(entry))));
        };
        let minutes = match talk.get("duration") {
            None | Some(Value::Null) => return Err(err("duration missing".to_string())),
            Some(d) => d
                .as_u64()
                .filter(|&d| d >= 1)
                .and_then(|d| u32::try_from(d).ok())
                .ok_or_else(|| err(format!("duration must be a whole number of minutes, at least 1; found {d}")))?,
        };
        let mut session =
            SessionSpec { code: format!("T{:02}", k + 1), minutes, attendance: 0, ..SessionSpec::default() };
        match talk.get("speaker") {
            None | Some(Value::Null) => {}
            Some(Value::String(name)) if name.trim().is_empty() => {}
            Some(Value::String(name)) => session.people.push(index_of(&mut people, name.trim())),
            Some(other) => return Err(err(format!("speaker must be a name, found {}", kind(other)))),
        }
        match talk.get("tags") {
            None | Some(Value::Null) => {}
            Some(Value::Array(tags)) => {
                for tag in tags {
                    let Value::String(tag) = tag else {
                        return Err(err(format!("tags must be names, found {}", kind(tag))));
                    };
                    let k = index_of(&mut tracks, tag.trim());
                    if !session.tracks.contains(&k) {
                        session.tracks.push(k);
                    }
                }
            }
            Some(other) => return Err(err(format!("tags must be a list of names, found {}", kind(other)))),
        }
        sessions.push(session);
    }

    Ok(Instance {
        name: String::new(),
        slots,
        rooms: VENUES.iter().map(|&(name, capacity)| RoomSpec { name: name.to_string(), capacity }).collect(),
        sessions,
        tracks,
        people,
        spanning: false,
    })
}

/// What kind of value this is, for messages.
fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use throughline_schedule::{Weights, solve};

    const THREE: &str = "\
- title: 'Keynote: testing'
  duration: 45
  speaker: Ada Lovelace
- title: Teaching with Python
  duration: 30
  speaker: Grace Hopper
  tags: [Education]
-
    title: More tests
    duration: 30
    speaker: Ada Lovelace
";

    #[test]
    fn three_talks_on_the_grid() {
        let inst = read("talks.yml", THREE.as_bytes()).expect("reads");
        assert_eq!(inst.slots.len(), 27);
        assert_eq!(inst.slots[0], SlotSpec { start: 615, minutes: 30, day: 0 });
        assert_eq!(inst.slots[1], SlotSpec { start: 675, minutes: 45, day: 0 });
        assert_eq!(inst.slots[26], SlotSpec { start: 2 * 1440 + 1020, minutes: 30, day: 2 });
        let names: Vec<(&str, u32)> = inst.rooms.iter().map(|r| (r.name.as_str(), r.capacity)).collect();
        assert_eq!(names, VENUES);
        assert_eq!(
            inst.sessions,
            vec![
                SessionSpec { code: "T01".into(), minutes: 45, people: vec![0], ..SessionSpec::default() },
                SessionSpec {
                    code: "T02".into(),
                    minutes: 30,
                    people: vec![1],
                    tracks: vec![0],
                    ..SessionSpec::default()
                },
                SessionSpec { code: "T03".into(), minutes: 30, people: vec![0], ..SessionSpec::default() },
            ]
        );
        assert_eq!(inst.people, vec!["Ada Lovelace", "Grace Hopper"]);
        assert_eq!(inst.tracks, vec!["Education"]);
        assert!(!inst.spanning && inst.name.is_empty());
        // The 45-minute talk fits only the 11:15 slots; a 30-minute talk fits every slot.
        let starts: Vec<usize> = inst.placements(0).iter().map(|p| p.slot).collect();
        assert_eq!(starts, vec![1, 10, 19]);
        assert_eq!(inst.placements(1).len(), 27);
        let s = solve(&inst, Weights::default(), 10.0);
        assert_eq!(s.hard_violations, 0, "{s:?}");
    }

    fn error(yaml: &str) -> (String, String) {
        let e = read("bad.yml", yaml.as_bytes()).expect_err("malformed");
        assert!(e.to_string().starts_with("bad.yml: "), "{e}");
        (e.place, e.problem)
    }

    #[test]
    fn malformed_files_name_the_entry() {
        let (place, problem) = error("- title: x\n  duration: [30\n");
        assert_eq!((place.as_str(), problem.as_str()), ("line 2, column 13", "not YAML: unclosed bracket '['"));

        assert_eq!(
            error("- {title: a, duration: 30, speaker: A}\n- {title: b, speaker: B}\n"),
            ("entry 2".into(), "duration missing".into())
        );
        for bad in ["0", "'30'", "-5", "7.5", "[30]"] {
            let (place, problem) = error(&format!("- {{title: a, duration: 30}}\n- {{title: b, duration: {bad}}}\n"));
            assert_eq!(place, "entry 2", "{bad}");
            assert!(problem.starts_with("duration must be a whole number"), "{bad}: {problem}");
        }
        assert_eq!(error("- {title: a, duration: 30, speaker: [A, B]}\n").0, "entry 1");
        assert_eq!(error("- {title: a, duration: 30, tags: Education}\n").0, "entry 1");
        assert_eq!(error("- {title: a, duration: 30}\n- just a title\n").0, "entry 2");
        assert_eq!(error("title: a\nduration: 30\n").0, "");
        let e = read("bad.yml", b"- title: a\n  duration: 30\n- title: caf\xe9\n").expect_err("Latin-1");
        let (place, problem) = (e.place, e.problem);
        assert_eq!(place, "line 3");
        assert!(problem.starts_with("not UTF-8"), "{problem}");
    }

    #[test]
    fn durations_that_fit_no_slot_are_read_for_the_solver_to_explain() {
        // 20 minutes fits any slot (a session may be shorter than its slot); 60 fits none.
        let inst = read("odd.yml", b"- {title: a, duration: 20}\n- {title: b, duration: 60, speaker: }\n").unwrap();
        assert_eq!(inst.placements(0).len(), 27);
        assert!(inst.placements(1).is_empty());
        assert!(inst.sessions[1].people.is_empty() && inst.people.is_empty());
        let s = solve(&inst, Weights::default(), 10.0);
        assert_eq!(s.unplaced, vec!["T02"]);
        assert!(s.explanation.iter().any(|e| e.contains("T02") && e.contains("60 min")), "{:?}", s.explanation);
    }

    #[test]
    fn the_real_file_reads_and_solves() {
        let Some(dir) = throughline_testkit::shared_data("sched/pyconuk2016") else { return };
        let name = "pyconuk-2016-talks.yml";
        let inst = read(name, &std::fs::read(dir.join(name)).unwrap()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(inst.sessions.len(), 69);
        assert_eq!(inst.sessions.iter().filter(|s| s.minutes == 45).count(), 8);
        assert_eq!(inst.tracks, vec!["Education"]);
        let s = solve(&inst, Weights::default(), 30.0);
        println!(
            "{name}: {} sessions, {} speakers; status {}, hard violations {}, concurrent surplus {}, objective {}, {:.2} s",
            inst.sessions.len(),
            inst.people.len(),
            s.status,
            s.hard_violations,
            s.concurrent_surplus,
            s.objective,
            s.seconds
        );
        assert_eq!((s.hard_violations, s.concurrent_surplus), (0, 0), "{s:?}");
    }
}
