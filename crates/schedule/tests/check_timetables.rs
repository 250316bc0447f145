//! The checker on hand-made cases, on the demo forum (whose deliberate
//! problems are listed in `demo/truth.json`), and on the real 31C3 programme.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails by panicking")]

use throughline_core::{MembershipStatus, Programme, TrackMembership};
use throughline_formats::{ImportOptions, read_programme};
use throughline_schedule::{Problem, check};

fn read(name: &str, text: &[u8]) -> Programme {
    read_programme(name, text, &ImportOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn kinds(problems: &[Problem]) -> Vec<&'static str> {
    problems.iter().map(Problem::kind).collect()
}

#[test]
fn a_small_timetable_with_every_kind_of_problem() {
    let text = r#"{"forum": {"slug": "f", "time_zone": "UTC", "rooms": [{"name": "A", "capacity": 30}, {"name": "B", "capacity": 100}]}}
{"person": {"name": "Bo", "unavailable": [{"start": "2026-01-01T10:15", "end": "2026-01-01T12:00"}]}}
{"id": "1", "title": "One", "start": "2026-01-01T09:00", "duration": 60, "room": "A", "organizers": ["Ana"], "track_labels": ["T"], "expected_attendance": 50}
{"id": "2", "title": "Two", "start": "2026-01-01T09:30", "duration": 60, "room": "B", "speakers": ["Ana"], "track_labels": ["T"]}
{"id": "3", "title": "Three", "start": "2026-01-01T09:45", "duration": 10, "room": "A"}
{"id": "4", "title": "Four", "start": "2026-01-01T10:00", "duration": 30, "room": "A", "speakers": ["Ana", "Bo"], "track_labels": ["T"]}
{"id": "5", "title": "Unscheduled", "speakers": ["Ana"], "track_labels": ["T"]}"#;
    // The reader refuses a session longer than its slot, so the slot comes after reading.
    let mut p = read("t.jsonl", text.as_bytes());
    let at = |t: &str| t.parse::<jiff::Timestamp>().unwrap();
    p.slots.push(throughline_core::Slot { start: at("2026-01-01T09:40:00Z"), end: at("2026-01-01T09:50:00Z") });
    let problems = check(&p);
    // 2 (09:30–10:30) overlaps 1 (09:00–10:00) and 4 (10:00–10:30), which do not overlap each other.
    assert_eq!(
        kinds(&problems),
        vec![
            "track_clash",
            "track_clash",
            "person_clash",
            "person_clash",
            "unavailable",
            "room_clash",
            "over_capacity",
            "longer_than_slot"
        ],
        "{problems:#?}"
    );
    let Problem::PersonClash { name, roles, sessions, .. } = &problems[2] else { unreachable!() };
    assert_eq!(name, "Ana");
    assert_eq!((sessions[0].code.as_str(), sessions[1].code.as_str()), ("1", "2"));
    assert_eq!(
        problems[2].describe(),
        "person Ana: organiser in 1 (2026-01-01 09:00–10:00, A) and speaker in 2 (2026-01-01 09:30–10:30, B) at the same time"
    );
    assert!(roles[0].len() == 1);
    assert_eq!(
        problems[4].describe(),
        "person Bo: speaker in 4 (2026-01-01 10:00–10:30, A), but not available 2026-01-01 10:15–2026-01-01 12:00"
    );
    let Problem::RoomClash { sessions, .. } = &problems[5] else { unreachable!() };
    assert_eq!((sessions[0].code.as_str(), sessions[1].code.as_str()), ("1", "3"), "4 starts when 1 ends: no clash");
    assert!(
        problems[7].describe().contains("lasts 10 min, past its slot 2026-01-01 09:40–09:50"),
        "{}",
        problems[7].describe()
    );
}

#[test]
fn the_demo_forums_deliberate_problems_and_nothing_else() {
    let mut p = read("forum.jsonl", include_bytes!("../../../demo/forum.jsonl"));
    let truth: serde_json::Value = serde_json::from_str(include_str!("../../../demo/truth.json")).unwrap();
    // Accept the Enhanced-cooperation sessions the ground truth names as core.
    for code in truth["enhanced-cooperation"]["core"].as_array().unwrap() {
        let mut m = TrackMembership::imported("enhanced-cooperation", code.as_str().unwrap());
        m.status = MembershipStatus::Accepted;
        p.memberships.push(m);
    }
    let problems = check(&p);
    for x in &problems {
        println!("{}", x.describe());
    }
    let deliberate = &truth["deliberate_problems"];
    assert_eq!(kinds(&problems), vec!["track_clash", "person_clash", "over_capacity"]);
    // A track_clash is always between accepted sessions (the single notion of
    // `core::clash`); it no longer carries an `accepted` flag to assert.
    let Problem::TrackClash { sessions, .. } = &problems[0] else { unreachable!() };
    let mut clash = vec![sessions[0].code.clone(), sessions[1].code.clone()];
    clash.sort();
    let mut expected: Vec<String> =
        deliberate["track_clash"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect();
    expected.sort();
    assert_eq!(clash, expected);
    let Problem::PersonClash { name, .. } = &problems[1] else { unreachable!() };
    assert_eq!(name, deliberate["double_booked_person"]["name"].as_str().unwrap());
    let Problem::OverCapacity { session, expected, capacity, .. } = &problems[2] else { unreachable!() };
    assert_eq!(session.code, deliberate["over_capacity"]["session"].as_str().unwrap());
    assert_eq!(
        (*expected as u64, *capacity as u64),
        (
            deliberate["over_capacity"]["expected_attendance"].as_u64().unwrap(),
            deliberate["over_capacity"]["capacity"].as_u64().unwrap()
        )
    );
}

#[test]
fn the_31c3_programme_as_it_really_was() {
    let Some(dir) = throughline_testkit::shared_data("programs/31c3") else {
        return;
    };
    let p = read("schedule.xml", &std::fs::read(dir.join("schedule.xml")).unwrap());
    let problems = check(&p);
    let count = |k: &str| problems.iter().filter(|x| x.kind() == k).count();
    println!(
        "31C3: {} track clashes, {} person clashes, {} room clashes",
        count("track_clash"),
        count("person_clash"),
        count("room_clash")
    );
    for x in problems.iter().filter(|x| x.kind() != "track_clash").take(10) {
        println!("  {}", x.describe());
    }
    // Four halls in parallel and tracks of up to 38 talks: tracks clash; the halls never double-book.
    assert_eq!(count("room_clash"), 0);
    assert!(count("track_clash") > 20);
    assert_eq!(count("longer_than_slot") + count("over_capacity"), 0, "31C3 declares no slots or capacities");
}
