//! frab schedule.xml and c3voc schedule.json: the real programmes in
//! `../shared/data/programs` import; exports validate against the c3voc XSD
//! (with xmllint) and JSON schema (with Python's jsonschema); the 31C3
//! schedule round-trips; and no truncation of a valid file panics.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails by panicking")]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use throughline_core::Programme;
use throughline_formats::{ImportOptions, frab_xml, read_import, read_programme, schedule_json};
use throughline_testkit::{assert_valid_json, assert_valid_xml, parse_ics};

fn read_file(path: &Path) -> Programme {
    let bytes = std::fs::read(path).unwrap();
    read_programme(&path.display().to_string(), &bytes, &ImportOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn originals() -> Option<Vec<PathBuf>> {
    let dir = throughline_testkit::shared_data("programs")?;
    Some(
        [
            "31c3/schedule.xml",
            "38c3/schedule-38c3-20251206.xml",
            "debconf17/pentabarf.xml",
            "fosdem2025/2025.xml",
            "36c3/everything.schedule.json",
            "froscon2018/schedule.json",
        ]
        .iter()
        .map(|f| dir.join(f))
        .collect(),
    )
}

#[test]
fn real_schedules_import() {
    let Some(files) = originals() else { return };
    for path in files {
        let p = read_file(&path);
        assert!(p.sessions.len() > 100, "{}: {} sessions", path.display(), p.sessions.len());
        assert!(p.sessions.iter().all(|s| s.start.is_some() && s.room.is_some()), "{}", path.display());
        assert!(!p.tracks.is_empty(), "{}", path.display());
        let import = read_import("x", &std::fs::read(&path).unwrap(), &ImportOptions::default()).unwrap();
        for w in import.warnings.iter().take(3) {
            println!("  warning: {w}");
        }
        println!(
            "{}: {} sessions, {} people, {} tracks",
            path.display(),
            p.sessions.len(),
            p.people.len(),
            p.tracks.len()
        );
    }
}

#[test]
fn the_31c3_xml_matches_its_json_lines_conversion() {
    let Some(dir) = throughline_testkit::shared_data("programs/31c3") else {
        return;
    };
    let xml = read_file(&dir.join("schedule.xml"));
    let jsonl = read_file(&dir.join("31c3_sessions.jsonl"));
    assert_eq!(xml.sessions.len(), jsonl.sessions.len());
    for s in &jsonl.sessions {
        let x = xml.session(&s.code).unwrap_or_else(|| panic!("{} missing from the XML import", s.code));
        assert_eq!((&x.title, x.start, x.duration_minutes, &x.room), (&s.title, s.start, s.duration_minutes, &s.room));
    }
    assert_eq!(xml.accepted_sessions("ccc"), jsonl.accepted_sessions("ccc"));
}

/// What the exchange formats carry: sessions with times and rooms, people, tracks.
fn essentials(p: &Programme) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for s in &p.sessions {
        out.insert(format!(
            "session {} {} {:?} {} {:?} {}",
            s.code,
            s.title,
            s.start,
            s.duration_minutes,
            s.room,
            s.kind.code()
        ));
    }
    for x in &p.participations {
        out.insert(format!("person {} in {}", x.person, x.session));
    }
    for m in &p.memberships {
        out.insert(format!("track {} has {}", m.track, m.session));
    }
    out
}

#[test]
fn the_31c3_schedule_round_trips_through_frab_xml() {
    let Some(dir) = throughline_testkit::shared_data("programs/31c3") else {
        return;
    };
    let first = read_file(&dir.join("schedule.xml"));
    let xml = frab_xml::write(&first, Some("https://example.org/31c3"));
    assert_valid_xml(&xml, "31c3.xml");
    let again = read_programme("31c3-export.xml", xml.as_bytes(), &ImportOptions::default()).unwrap();
    assert_eq!(essentials(&first), essentials(&again));
    assert_eq!(first.forum.slug, again.forum.slug);
    let json = schedule_json::write(&first, None);
    assert_valid_json(&json, "31c3.json");
    let from_json = read_programme("31c3-export.json", json.as_bytes(), &ImportOptions::default()).unwrap();
    assert_eq!(essentials(&first), essentials(&from_json));
}

#[test]
fn fixture_exports_keep_every_track_and_validate() {
    let text = include_str!("fixtures/small_forum.jsonl");
    let first = read_programme("small_forum.jsonl", text.as_bytes(), &ImportOptions::default()).unwrap();
    let ws1_tracks = |p: &Programme| p.memberships.iter().filter(|m| m.session == "WS 1").count();
    assert_eq!(ws1_tracks(&first), 2);
    let xml = frab_xml::write(&first, None);
    assert!(xml.contains("<?throughline code=\"WS 1\" tracks=\"enhanced-cooperation youth\"?>"), "{xml}");
    assert_valid_xml(&xml, "small.xml");
    let json = schedule_json::write(&first, Some("https://example.org/small"));
    assert_valid_json(&json, "small.json");
    for (name, text) in [("small.xml", &xml), ("small.json", &json)] {
        let again = read_import(name, text.as_bytes(), &ImportOptions::default()).unwrap();
        assert!(!again.declared.roles, "{name}: the exchange formats carry no roles");
        assert_eq!(ws1_tracks(&again.programme), 2, "{name}: the extension carries the second track");
        assert_eq!(again.programme.forum.time_zone.name(), "Africa/Kigali");
        assert!(again.programme.session("WS 1").is_some(), "{name}: the extension carries the session's own code");
        let scheduled = first.sessions.iter().filter(|s| s.start.is_some()).count();
        assert_eq!(again.programme.sessions.len(), scheduled, "{name}: unscheduled sessions are not exported");
    }
}

#[test]
fn errors_are_located_in_xml_and_json() {
    let err = read_programme("s.xml", b"<schedule>\n<day>\n<room name='A'>\n<event id='1'>\n<title>T</title>\n<duration>99:99</duration>\n</event></room></day></schedule>", &ImportOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("s.xml:4: field `duration`"), "{err}");
    let err = read_programme("s.xml", b"<schedule>\n<day>\n<room>\n</day>", &ImportOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("s.xml:4: column"), "{err}");
    let json = r#"{"schedule": {"version": "1", "conference": {"title": "C", "days": [{"date": "2020-01-01", "rooms": {"A/B": [{"id": 1, "title": "T", "date": "2020-01-01T10:00:00+01:00", "duration": "xx"}]}}]}}}"#;
    let err = read_programme("s.json", json.as_bytes(), &ImportOptions::default()).unwrap_err().to_string();
    assert!(
        err.starts_with("s.json: field `/schedule/conference/days/0/rooms/A~1B/0/duration`: \"xx\" is not a duration"),
        "{err}"
    );
    let err = read_programme("s.json", b"{\"schedule\": {}}", &ImportOptions::default()).unwrap_err().to_string();
    assert_eq!(err, "s.json: field `/schedule/conference`: is missing: this is not a schedule.json");
}

#[test]
fn truncated_files_give_clean_errors_never_panics() {
    let mut inputs: Vec<(String, Vec<u8>)> =
        vec![("small_forum.jsonl".into(), include_bytes!("fixtures/small_forum.jsonl").to_vec())];
    if let Some(dir) = throughline_testkit::shared_data("programs") {
        for f in ["31c3/schedule.xml", "froscon2018/schedule.json", "europython2014/europython2014_sessions.jsonl"] {
            inputs.push((f.to_string(), std::fs::read(dir.join(f)).unwrap()));
        }
    }
    let csv = throughline_formats::sessions_csv::write(
        &read_programme("f.jsonl", &inputs[0].1, &ImportOptions::default()).unwrap(),
    );
    inputs.push(("small.csv".into(), csv.into_bytes()));
    let mut rng = throughline_core::seeded::Seeded::new(20261123);
    for (name, bytes) in &inputs {
        let (mut refused, mut accepted) = (0, 0);
        for _ in 0..50 {
            let cut = rng.below(bytes.len());
            let result = std::panic::catch_unwind(|| read_import(name, &bytes[..cut], &ImportOptions::default()));
            match result {
                Err(_) => panic!("{name} cut at byte {cut} panicked"),
                Ok(Err(e)) => {
                    assert!(e.to_string().starts_with(name.as_str()), "{name} cut at {cut}: {e}");
                    refused += 1;
                }
                // A cut at a record boundary can leave a smaller, valid file.
                Ok(Ok(_)) => accepted += 1,
            }
        }
        println!("{name}: 50 cuts, {refused} refused cleanly, {accepted} still valid");
        assert!(refused >= 25, "{name}: most cuts must be refused");
    }
}

#[test]
fn ical_feeds_parse_with_an_independent_parser() {
    use std::collections::HashMap;
    use throughline_formats::ical::{FeedOptions, Selection, write};
    let mut p =
        read_programme("f.jsonl", include_bytes!("fixtures/small_forum.jsonl"), &ImportOptions::default()).unwrap();
    // Text that needs escaping and a line long enough to be folded.
    let ws1 = p.sessions.iter_mut().find(|s| s.code == "WS 1").unwrap();
    ws1.title = "Mapping, comparing; and naming \\ cooperation mechanisms across régions – a long title".into();
    ws1.description = "Line one.\nLine two, with a comma; and a semicolon. ".repeat(5);
    let moves = HashMap::from([("WS 1".to_string(), 3)]);
    let options = FeedOptions { stamp: "2026-05-01T12:00:00Z".parse().unwrap(), base_url: None, moves: &moves };
    let ics = write(&p, &Selection::Forum, &options).unwrap();
    let Some(cal) = parse_ics(&ics) else { return };
    assert_eq!(cal["name"], "Small Forum 2026");
    assert_eq!(cal["tz"], "Africa/Kigali");
    let events = cal["events"].as_array().unwrap();
    assert_eq!(events.len(), 2);
    let e = &events[0];
    assert_eq!(e["summary"], format!("WS 1: {}", p.session("WS 1").unwrap().title));
    assert_eq!(e["start"], "2026-06-01T07:00:00+00:00");
    assert_eq!(e["end"], "2026-06-01T08:30:00+00:00");
    assert_eq!(e["location"], "Hall");
    assert_eq!(e["sequence"], 3);
    assert_eq!(e["categories"], serde_json::json!(["Enhanced cooperation", "Youth"]));
    let description = e["description"].as_str().unwrap();
    assert!(description.starts_with("Organiser: Amina Diallo\nSpeakers: Li Wei, Tomás Herrera\n"), "{description}");
    assert!(description.ends_with(&p.session("WS 1").unwrap().description), "{description}");
    for track in ["enhanced-cooperation", "youth"] {
        let ics = write(&p, &Selection::Track(track.into()), &options).unwrap();
        let cal = parse_ics(&ics).unwrap();
        let uids: Vec<&str> = cal["events"].as_array().unwrap().iter().map(|e| e["uid"].as_str().unwrap()).collect();
        assert_eq!(uids, vec![e["uid"].as_str().unwrap()], "{track}: exactly the track's sessions");
    }
}

/// Issue 16, item 5: control characters in a programme (from an edit, say;
/// the readers refuse them) never make an export invalid. XML 1.0 forbids C0
/// controls other than tab, LF and CR, so the XML writer leaves them out; in
/// iCal text, CR LF, a bare CR and LF each become `\n`.
#[test]
fn control_characters_never_break_the_exports() {
    use std::collections::HashMap;
    use throughline_formats::ical::{FeedOptions, Selection, write};
    let mut p =
        read_programme("f.jsonl", include_bytes!("fixtures/small_forum.jsonl"), &ImportOptions::default()).unwrap();
    let ws1 = p.sessions.iter_mut().find(|s| s.code == "WS 1").unwrap();
    ws1.title = "Red \u{1b}[31m alert\u{1}".into();
    ws1.description = "one\rtwo\r\nthree\nfour\u{0}".into();
    p.tracks[0].title = "Enhanced\rcooperation".into();
    p.forum.name = "Small\rForum".into();

    let xml = frab_xml::write(&p, None);
    let bad: Vec<char> = xml.chars().filter(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')).collect();
    assert!(bad.is_empty(), "C0 controls in the XML: {bad:?}");
    assert_valid_xml(&xml, "controls.xml");
    let again = read_programme("controls.xml", xml.as_bytes(), &ImportOptions::default()).unwrap();
    assert_eq!(again.session("WS 1").unwrap().title, "Red [31m alert");

    let moves = HashMap::new();
    let options = FeedOptions { stamp: "2026-05-01T12:00:00Z".parse().unwrap(), base_url: None, moves: &moves };
    let ics = write(&p, &Selection::Forum, &options).unwrap();
    assert!(!ics.replace("\r\n", "").contains('\r'), "a bare CR in the feed: {ics:?}");
    assert!(!ics.chars().any(|c| c.is_control() && !matches!(c, '\r' | '\n')), "controls in the feed: {ics:?}");
    let unfolded = ics.replace("\r\n ", "");
    assert!(unfolded.contains("one\\ntwo\\nthree\\nfour"), "{unfolded}");
    assert!(unfolded.contains("X-WR-CALNAME:Small\\nForum\r\n"), "{unfolded}");
    assert!(unfolded.contains("CATEGORIES:Enhanced\\ncooperation,Youth"), "{unfolded}");
    let Some(cal) = parse_ics(&ics) else { return };
    let e = &cal["events"].as_array().unwrap()[0];
    assert_eq!(e["summary"], "WS 1: Red [31m alert");
    assert!(e["description"].as_str().unwrap().ends_with("one\ntwo\nthree\nfour"), "{}", e["description"]);
    // (Python's icalendar returns X- properties as written, escapes and all.)
    assert_eq!(cal["name"], "Small\\nForum");
}

/// The calendar's name is escaped once: a comma in it is `\,`, not `\\\,`.
#[test]
fn the_calendar_name_is_escaped_once() {
    use std::collections::HashMap;
    use throughline_formats::ical::{FeedOptions, Selection, write};
    let mut p =
        read_programme("f.jsonl", include_bytes!("fixtures/small_forum.jsonl"), &ImportOptions::default()).unwrap();
    p.forum.name = "Forum, 2026; Kigali".into();
    let moves = HashMap::new();
    let options = FeedOptions { stamp: "2026-05-01T12:00:00Z".parse().unwrap(), base_url: None, moves: &moves };
    let ics = write(&p, &Selection::Forum, &options).unwrap();
    assert!(ics.contains("\r\nNAME:Forum\\, 2026\\; Kigali\r\n"), "{ics}");
    assert!(ics.contains("\r\nX-WR-CALNAME:Forum\\, 2026\\; Kigali\r\n"), "{ics}");
    if let Some(cal) = parse_ics(&ics) {
        let events = cal["events"].as_array().unwrap();
        assert_eq!(events.len(), 2, "the feed still parses");
    }
}

/// Issue 16, item 13: the writers `expect()`ed an end time, which only a
/// programme read from a file (and so validated) guarantees. A session whose
/// end lies past what can be represented is left out of every export.
#[test]
fn a_session_without_a_representable_end_is_left_out_not_a_panic() {
    use std::collections::HashMap;
    use throughline_formats::ical::{FeedOptions, Selection, write};
    let mut p =
        read_programme("f.jsonl", include_bytes!("fixtures/small_forum.jsonl"), &ImportOptions::default()).unwrap();
    let late = p.sessions.iter_mut().find(|s| s.code == "WS 1").unwrap();
    late.start = Some("9999-12-30T20:00:00Z".parse().unwrap());
    late.duration_minutes = 600;
    assert!(p.sessions.iter().find(|s| s.code == "WS 1").unwrap().end().is_none());

    let xml = frab_xml::write(&p, None);
    assert!(!xml.contains("Mapping cooperation mechanisms"), "{xml}");
    assert!(xml.contains("<event "), "the other sessions are written");
    let json = schedule_json::write(&p, None);
    assert!(!json.contains("Mapping cooperation mechanisms") && json.contains("\"guid\""), "{json}");
    let moves = HashMap::new();
    let options = FeedOptions { stamp: "2026-05-01T12:00:00Z".parse().unwrap(), base_url: None, moves: &moves };
    let ics = write(&p, &Selection::Forum, &options).unwrap();
    assert!(!ics.contains("Mapping cooperation") && ics.contains("BEGIN:VEVENT"), "{ics}");
}
