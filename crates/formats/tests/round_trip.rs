//! Reading, writing and reading again gives the same programme, in both
//! formats: for the project's fixture and for every real programme in
//! `../shared/data/programs` (skipped with a notice where that is absent).

use throughline_core::Programme;
use throughline_formats::{ImportOptions, read_programme, sessions_csv, sessions_jsonl};

fn read(file: &str, text: &str) -> Programme {
    read_programme(file, text.as_bytes(), &ImportOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

/// JSON Lines carries everything; CSV carries sessions, people by name and track labels.
fn assert_round_trips(file: &str, text: &str) -> Programme {
    let first = read(file, text);
    let again = read(file, &sessions_jsonl::write(&first));
    assert_eq!(first, again, "{file}: JSON Lines round trip");

    let options =
        ImportOptions { forum: Some(first.forum.slug.clone()), time_zone: Some(first.forum.time_zone.name().into()) };
    let from_csv =
        read_programme(file, sessions_csv::write(&first).as_bytes(), &options).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(first.sessions, from_csv.sessions, "{file}: CSV round trip of sessions");
    assert_eq!(first.participations, from_csv.participations, "{file}: CSV round trip of people's roles");
    assert_eq!(first.memberships, from_csv.memberships, "{file}: CSV round trip of track labels");
    first
}

#[test]
fn the_fixture_round_trips() {
    let p = assert_round_trips("small_forum.jsonl", include_str!("fixtures/small_forum.jsonl"));
    assert_eq!(p.rooms.len(), 2);
    assert_eq!(p.slots.len(), 2);
}

#[test]
fn every_shared_programme_imports_and_round_trips() {
    let Some(files) = throughline_testkit::shared_programmes() else {
        return;
    };
    assert!(files.len() >= 7, "expected the seven programmes, found {}", files.len());
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        let p = assert_round_trips(&name, &text);
        let lines = text.lines().filter(|l| !l.trim().is_empty()).count();
        assert_eq!(p.sessions.len(), lines, "{name}: one session per line");
        assert!(!p.tracks.is_empty(), "{name}: track labels become tracks");
        println!(
            "{name}: {} sessions, {} people, {} tracks, {} rooms",
            p.sessions.len(),
            p.people.len(),
            p.tracks.len(),
            p.rooms.len()
        );
    }
}
