//! Every kind of bad input gets an error that names the file, the line (and
//! field or column) and the problem. (That nothing is written is the store's
//! and the CLI's part; see the CLI's end-to-end tests.)

use throughline_formats::{ImportOptions, read_programme};

const GOOD: &str = include_str!("fixtures/small_forum.jsonl");

fn error_of(file: &str, text: &str) -> String {
    read_programme(file, text.as_bytes(), &ImportOptions::default())
        .expect_err("the input should be refused")
        .to_string()
}

/// The good fixture with line `n` (1-based) replaced.
fn with_line(n: usize, line: &str) -> String {
    GOOD.lines().enumerate().map(|(i, l)| if i + 1 == n { line } else { l }).collect::<Vec<_>>().join("\n")
}

#[test]
fn the_fixture_itself_is_good() {
    let p = read_programme("small_forum.jsonl", GOOD.as_bytes(), &ImportOptions::default()).unwrap();
    assert_eq!(p.forum.slug, "small-forum");
    assert_eq!(p.sessions.len(), 3);
    assert_eq!(p.people.len(), 3, "Amina, Tomás, and Li Wei created from the name");
    assert_eq!(p.tracks.len(), 2, "Enhanced cooperation declared, Youth created from a label");
    assert_eq!(p.memberships.len(), 2);
    assert_eq!(p.participations.len(), 5, "\"amina  diallo\" is the declared Amina Diallo");
    assert_eq!(p.session("2").unwrap().duration_minutes, 30);
    assert_eq!(p.session("WS 1").unwrap().languages, vec!["en", "fr"]);
    assert_eq!(p.session("WS 1").unwrap().preferred_days, vec![jiff::civil::date(2026, 6, 2)]);
}

#[test]
fn empty_file() {
    assert_eq!(error_of("e.jsonl", ""), "e.jsonl: the file is empty: there is no session to import");
}

#[test]
fn only_a_forum_record_is_no_programme() {
    let first = GOOD.lines().next().unwrap();
    assert_eq!(error_of("f.jsonl", first), "f.jsonl: the file has no session");
}

#[test]
fn wrong_encoding() {
    let mut bytes = GOOD.as_bytes().to_vec();
    let at = GOOD.find("Mapping").unwrap();
    bytes[at] = 0xC9; // a Latin-1 "É" where UTF-8 needs two bytes
    let err = read_programme("latin1.jsonl", &bytes, &ImportOptions::default()).unwrap_err().to_string();
    assert!(err.starts_with("latin1.jsonl:6: column 26: the file is not UTF-8"), "{err}");
}

#[test]
fn truncated_json() {
    let text = &GOOD[..GOOD.find("Lightning").unwrap()];
    let err = error_of("t.jsonl", text);
    assert!(err.starts_with("t.jsonl:7: column "), "{err}");
    assert!(err.contains("not valid JSON: EOF while parsing a string"), "{err}");
}

#[test]
fn a_line_that_is_not_an_object() {
    assert_eq!(error_of("a.jsonl", &with_line(8, "[1, 2]")), "a.jsonl:8: each line must be a JSON object `{...}`");
}

#[test]
fn csv_with_a_missing_column() {
    let err = error_of("s.csv", "id,description\nWS 1,hello\n");
    assert_eq!(err, "s.csv:1: the header has no `title` column (it has: id, description)");
}

#[test]
fn csv_row_with_too_few_cells() {
    let err = error_of("s.csv", "id,title,room\nWS 1,One,Hall\nWS 2,Two\n");
    assert_eq!(err, "s.csv:3: the row has 2 cells but the header has 3");
}

#[test]
fn duplicated_ids() {
    let line = r#"{"id": "WS 1", "title": "Again"}"#;
    assert_eq!(
        error_of("d.jsonl", &with_line(8, line)),
        "d.jsonl:8: field `id`: \"WS 1\" is already the id of the session on line 6"
    );
    let err = error_of("d.csv", "id,title\n7,A\n8,B\n7,C\n");
    assert_eq!(err, "d.csv:4: field `id`: \"7\" is already the id of the session on line 2");
}

#[test]
fn unknown_enum_values() {
    let err = error_of(
        "u.jsonl",
        &GOOD.replace("\"stakeholder_group\": \"government\"", "\"stakeholder_group\": \"wizards\""),
    );
    assert_eq!(
        err,
        "u.jsonl:3: field `stakeholder_group`: unknown stakeholder group \"wizards\" \
         (expected one of: government, intergovernmental, civil_society, technical_community, private_sector, academia)"
    );
    let err = error_of("u.jsonl", &GOOD.replace("\"format\": \"roundtable\"", "\"format\": \"karaoke\""));
    assert!(err.starts_with("u.jsonl:6: field `format`: unknown session format \"karaoke\""), "{err}");
    let err = error_of("u.jsonl", &GOOD.replace("\"gender\": \"male\"", "\"gender\": \"7\""));
    assert!(err.starts_with("u.jsonl:4: field `gender`: unknown gender \"7\""), "{err}");
    let err = error_of("u.csv", "id,title,status\n1,One,maybe\n");
    assert!(err.starts_with("u.csv:2: field `status`: unknown proposal status \"maybe\""), "{err}");
}

#[test]
fn a_session_longer_than_its_slot() {
    let err = error_of("s.jsonl", &GOOD.replace("\"duration\": 30", "\"duration\": \"02:00\""));
    assert_eq!(
        err,
        "s.jsonl:7: field `duration`: the session lasts 120 min but its slot 2026-06-01 11:00–12:00 lasts 60 min"
    );
}

#[test]
fn a_country_code_that_does_not_exist() {
    let err = error_of("c.jsonl", &GOOD.replace("\"country\": \"CL\"", "\"country\": \"XQZ\""));
    assert_eq!(err, "c.jsonl:4: field `country`: \"XQZ\" is not an ISO 3166 country code (e.g. \"KEN\" or \"KE\")");
}

#[test]
fn an_unknown_room_when_rooms_are_declared() {
    let err = error_of("r.jsonl", &GOOD.replace("\"room\": \"Room 2\"", "\"room\": \"Attic\""));
    assert_eq!(err, "r.jsonl:7: field `room`: \"Attic\" is not one of the forum's rooms");
}

#[test]
fn bad_times_and_numbers() {
    let err = error_of("t.jsonl", &GOOD.replace("\"2026-06-01T11:00\", \"duration\"", "\"noon\", \"duration\""));
    assert!(err.starts_with("t.jsonl:7: field `start`: \"noon\" is not a start time"), "{err}");
    let err = error_of("t.jsonl", &GOOD.replace("\"expected_attendance\": 120", "\"expected_attendance\": -5"));
    assert_eq!(err, "t.jsonl:6: field `expected_attendance`: \"-5\" is not a whole number of at least 0");
    let err = error_of("t.jsonl", &GOOD.replace("[\"2026-06-02\"]", "[\"Tuesday\"]"));
    assert_eq!(err, "t.jsonl:6: field `preferred_days`: \"Tuesday\" is not a day like 2026-12-01");
    let err = error_of("t.jsonl", &GOOD.replace("\"Africa/Kigali\"", "\"Africa/Atlantis\""));
    assert!(err.starts_with("t.jsonl:1: field `time_zone`: unknown IANA time zone \"Africa/Atlantis\""), "{err}");
    let err = error_of(
        "t.jsonl",
        &GOOD
            .replace("\"organizers\": [\"Tomás Herrera\"]", "\"organizers\": \"Tomás Herrera\", \"speakers\": [3, {}]"),
    );
    assert_eq!(err, "t.jsonl:7: field `speakers`: item 2 should be text, found an object");
}

#[test]
fn a_session_that_would_end_after_the_year_9999() {
    let err = error_of("y.jsonl", r#"{"id": "1", "title": "T", "start": "9999-12-30T21:00:00Z", "duration": 90}"#);
    assert_eq!(err, "y.jsonl:1: field `start`: the session would end after the year 9999");
}

#[test]
fn a_missing_title() {
    let err = error_of("m.jsonl", &with_line(8, r#"{"id": "X", "title": "   "}"#));
    assert_eq!(err, "m.jsonl:8: field `title`: is required and must not be blank");
}

#[test]
fn merged_into_an_unknown_session() {
    let err =
        error_of("m.jsonl", &with_line(8, r#"{"id": "X", "title": "T", "status": "merged", "merged_into": "WS 99"}"#));
    assert_eq!(err, "m.jsonl:8: field `merged_into`: no session has the id \"WS 99\"");
}
