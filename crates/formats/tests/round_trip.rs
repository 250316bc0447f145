//! Reading, writing and reading again gives the same programme, in both
//! formats: for the project's fixture and for every real programme in
//! `../shared/data/programs` (skipped with a notice where that is absent).
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails by panicking")]

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

/// Issue 16, item 4 (OWASP's CSV injection): a cell that starts with `=`, `+`,
/// `-`, `@`, tab or CR is written with a `'` before it, so a spreadsheet shows
/// it as text instead of running it, and a cell that starts with `'` gets one
/// more; reading the export takes exactly those off again.
#[test]
fn formula_cells_are_neutralised_and_still_round_trip() {
    let titles = [
        "=HYPERLINK(\"https://evil.example\",\"click\")",
        "+1+1",
        "-1+1",
        "@sum(A1:A9)",
        "'quoted",
        "'=already quoted",
        "''two quotes",
        "' ",
        "plain = fine",
    ];
    let mut text = String::from(r#"{"forum": {"slug": "f", "name": "F", "time_zone": "Europe/Paris"}}"#);
    text.push('\n');
    for (i, title) in titles.iter().enumerate() {
        let session = serde_json::json!({
            "id": format!("{}", i + 1),
            "title": title,
            "description": format!("-{title}"),
            "tags": ["=tag", "ok"],
            "speakers": ["@handle"],
            "links": [{"title": "=click", "url": "https://example.org/x"}],
            "track_labels": ["+Track"],
        });
        text.push_str(&session.to_string());
        text.push('\n');
    }
    let p = assert_round_trips("formulas.jsonl", &text);
    assert_eq!(p.session("2").unwrap().title, "+1+1");

    let csv = sessions_csv::write(&p);
    let mut reader = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
    let mut cells = 0;
    for row in reader.records() {
        for cell in row.unwrap().iter() {
            assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "a formula reaches the spreadsheet: {cell:?}");
            cells += 1;
        }
    }
    assert!(cells > 0);
    assert!(csv.contains("'=HYPERLINK("), "{csv}");
    assert!(csv.contains("''quoted"), "a leading quote is doubled: {csv}");
    assert!(csv.contains("''=already quoted"), "{csv}");
}
