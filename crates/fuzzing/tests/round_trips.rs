//! Property tests: for arbitrary valid programmes (made by proptest as the
//! JSON Lines a secretariat would import, with hostile text: markup,
//! quotes, formula characters, separators, non-Latin scripts, line breaks),
//! export → import in each format gives the same programme, minus what the
//! format documents that it cannot carry (docs/import-formats.md):
//! - JSON Lines: everything;
//! - CSV: the sessions, who takes part in them by name and role, and their
//!   track labels;
//! - frab XML and schedule.json: every scheduled session's code, title,
//!   description, start, duration, room, people and accepted tracks, and a second round
//!   trip changes nothing more.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails by panicking")]

use std::collections::BTreeSet;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use serde_json::{Value, json};
use throughline_core::{MembershipStatus, Programme};
use throughline_formats::{Format, ImportOptions, sessions_jsonl};
use throughline_fuzzing::{reimport, write_as};

/// Text a person might type, trimmed and not empty: letters of several
/// scripts, digits, markup and quote characters, CSV separators and formula
/// starters, and inner spaces.
fn text(max: usize) -> impl Strategy<Value = String> {
    proptest::string::string_regex(&format!("[A-Za-z0-9 &<>\"'/,;:=+@#%()\\-éüçñ中文عربيкир—]{{1,{max}}}"))
        .unwrap()
        .prop_map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .prop_filter("not empty", |s| !s.is_empty())
}

/// A description: a few lines of text.
fn description() -> impl Strategy<Value = String> {
    proptest::collection::vec(text(40), 0..4).prop_map(|lines| lines.join("\n"))
}

fn distinct(items: Vec<String>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    items.into_iter().filter(|i| seen.insert(i.to_lowercase())).collect()
}

fn pick(from: &[String], mask: u32) -> Vec<String> {
    from.iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, s)| s.clone()).collect()
}

const ZONES: [&str; 5] = ["UTC", "Europe/Paris", "Africa/Nairobi", "Asia/Kathmandu", "America/Sao_Paulo"];
const KINDS: [&str; 5] = ["workshop", "open_forum", "main_session", "lightning_talk", "Networking (45 min)"];

#[derive(Debug, Clone)]
struct SessionSeed {
    code: String,
    title: String,
    description: String,
    kind: usize,
    /// Minutes after the forum's first day began (UTC), in steps of five; none: not scheduled.
    start: Option<u32>,
    duration: u32,
    room: usize,
    organisers: u32,
    speakers: u32,
    tracks: u32,
    languages: u32,
}

fn session() -> impl Strategy<Value = SessionSeed> {
    (
        (text(12), text(60), description(), 0..KINDS.len()),
        (proptest::option::weighted(0.8, 0u32..(4 * 24 * 12)), 1u32..48, 0usize..4),
        (any::<u32>(), any::<u32>(), any::<u32>(), any::<u32>()),
    )
        .prop_map(
            |((code, title, description, kind), (start, duration, room), (organisers, speakers, tracks, languages))| {
                SessionSeed {
                    code,
                    title,
                    description,
                    kind,
                    start: start.map(|s| s * 5),
                    duration: duration * 5,
                    room,
                    organisers,
                    speakers,
                    tracks,
                    languages,
                }
            },
        )
}

/// A programme as JSON Lines: a forum with its zone and rooms, people,
/// tracks, and sessions that use them.
fn programme_jsonl() -> impl Strategy<Value = String> {
    (
        0..ZONES.len(),
        proptest::collection::vec(text(20), 1..4),
        proptest::collection::vec(text(24), 0..6),
        proptest::collection::vec(text(30), 0..4),
        proptest::collection::vec(session(), 1..10),
    )
        .prop_map(|(zone, rooms, people, tracks, sessions)| {
            let (rooms, people, tracks) = (distinct(rooms), distinct(people), distinct(tracks));
            let mut lines = vec![json!({"forum": {
                "slug": "prop", "name": "Property forum", "time_zone": ZONES[zone],
                "rooms": rooms.iter().map(|r| json!({"name": r})).collect::<Vec<_>>(),
            }})];
            lines.extend(tracks.iter().map(|t| json!({"track": {"title": t}})));
            lines.extend(people.iter().map(|p| json!({"person": {"name": p}})));
            let mut codes = BTreeSet::new();
            for s in sessions.iter().filter(|s| codes.insert(s.code.to_lowercase())) {
                let mut record = json!({
                    "id": s.code, "title": s.title, "description": s.description, "type": KINDS[s.kind],
                    "organizers": pick(&people, s.organisers),
                    "track_labels": pick(&tracks, s.tracks),
                    "language": pick(&["en", "fr", "es", "ar", "zh", "ru"].map(String::from), s.languages),
                });
                // A person is an organiser or a speaker of a session, not both.
                let speakers: Vec<String> = pick(&people, s.speakers & !s.organisers).into_iter().collect();
                record["speakers"] = json!(speakers);
                if let Some(minutes) = s.start {
                    let start = jiff::Timestamp::from_second(1_780_000_200 + i64::from(minutes) * 60).unwrap();
                    record["start"] = json!(start.to_string());
                    record["duration"] = json!(s.duration);
                    record["room"] = json!(rooms[s.room % rooms.len()]);
                }
                lines.push(record);
            }
            lines.iter().map(Value::to_string).collect::<Vec<_>>().join("\n") + "\n"
        })
}

/// The generated programme as the reader takes it; one it refuses (two names
/// that make the same key, say) is not a valid programme, and proptest
/// draws another (too many such draws fail the test).
fn read_jsonl(text: &str) -> Result<Programme, TestCaseError> {
    throughline_formats::read_programme("prop.jsonl", text.as_bytes(), &ImportOptions::default())
        .map_err(|e| TestCaseError::reject(e.to_string()))
}

/// What a schedule format carries of each scheduled session.
fn schedule_view(p: &Programme) -> BTreeSet<String> {
    p.sessions
        .iter()
        .filter(|s| s.start.is_some() && s.room.is_some())
        .map(|s| {
            let people: BTreeSet<&str> = p
                .participations
                .iter()
                .filter(|x| x.session == s.code)
                .filter_map(|x| p.person(&x.person).map(|person| person.name.as_str()))
                .collect();
            let tracks: BTreeSet<&str> = p
                .memberships
                .iter()
                .filter(|m| m.session == s.code && m.status == MembershipStatus::Accepted)
                .map(|m| m.track.as_str())
                .collect();
            format!(
                "{:?} {:?} {:?} {:?} {} {:?} {people:?} {tracks:?}",
                s.code, s.title, s.description, s.start, s.duration_minutes, s.room
            )
        })
        .collect()
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(96)
}

/// The generator is not vacuous: its programmes hold scheduled and
/// unscheduled sessions, people in both roles, and accepted track memberships.
#[test]
fn the_generated_programmes_hold_what_the_properties_are_about() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let (mut scheduled, mut unscheduled, mut organisers, mut speakers, mut memberships) = (0, 0, 0, 0, 0);
    for _ in 0..200 {
        let text = programme_jsonl().new_tree(&mut runner).unwrap().current();
        let Ok(p) = read_jsonl(&text) else { continue };
        scheduled += p.sessions.iter().filter(|s| s.start.is_some()).count();
        unscheduled += p.sessions.iter().filter(|s| s.start.is_none()).count();
        organisers += p.participations.iter().filter(|x| x.role == throughline_core::Role::Organiser).count();
        speakers += p.participations.iter().filter(|x| x.role == throughline_core::Role::Speaker).count();
        memberships += p.memberships.len();
    }
    for (what, count) in [
        ("scheduled sessions", scheduled),
        ("unscheduled sessions", unscheduled),
        ("organisers", organisers),
        ("speakers", speakers),
        ("track memberships", memberships),
    ] {
        assert!(count >= 50, "200 programmes hold only {count} {what}");
    }
}

proptest! {
    // PROPTEST_CASES=5000 for a longer run.
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn json_lines_carries_everything(text in programme_jsonl()) {
        let p = read_jsonl(&text)?;
        let again = throughline_formats::read_programme("prop.jsonl", sessions_jsonl::write(&p).as_bytes(), &ImportOptions::default());
        prop_assert_eq!(Ok(&p), again.as_ref());
        prop_assert_eq!(&p, &reimport(Format::Jsonl, &p, &write_as(Format::Jsonl, &p)));
    }

    #[test]
    fn csv_carries_sessions_their_people_and_track_labels(text in programme_jsonl()) {
        let p = read_jsonl(&text)?;
        let again = reimport(Format::Csv, &p, &write_as(Format::Csv, &p));
        prop_assert_eq!(&p.sessions, &again.sessions);
        prop_assert_eq!(&p.participations, &again.participations);
        prop_assert_eq!(&p.memberships, &again.memberships);
    }

    #[test]
    fn frab_xml_carries_the_schedule(text in programme_jsonl()) {
        schedule_format_round_trips(Format::FrabXml, &read_jsonl(&text)?)?;
    }

    #[test]
    fn schedule_json_carries_the_schedule(text in programme_jsonl()) {
        schedule_format_round_trips(Format::ScheduleJson, &read_jsonl(&text)?)?;
    }
}

fn schedule_format_round_trips(format: Format, p: &Programme) -> Result<(), TestCaseError> {
    // A file of these formats without a scheduled session is no schedule, and is refused on import.
    prop_assume!(!schedule_view(p).is_empty());
    let export = write_as(format, p);
    let again = reimport(format, p, &export);
    prop_assert_eq!(schedule_view(p), schedule_view(&again), "{:?} export:\n{}", format, export);
    let second = write_as(format, &again);
    prop_assert_eq!(&again, &reimport(format, &again, &second), "{:?}: a second round trip changed it", format);
    Ok(())
}
