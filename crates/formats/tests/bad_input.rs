//! Every kind of bad input gets an error that names the file, the line (and
//! field or column) and the problem. (That nothing is written is the store's
//! and the CLI's part; see the CLI's end-to-end tests.)
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails by panicking")]

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

// ---- Issue 16 (hardening): each case below was reproduced before its fix. ----

/// Item 2: about 150,000 nested elements (a 1 MB file) once overflowed the
/// stack and aborted the process; now the 257th level is refused where it opens.
#[test]
fn deeply_nested_xml_is_refused_not_a_crash() {
    let depth = 150_000;
    let mut xml = String::from("<schedule>\n");
    xml.push_str(&"<a>\n".repeat(depth));
    xml.push_str(&"</a>".repeat(depth));
    xml.push_str("</schedule>\n");
    assert!(xml.len() > 1_000_000);
    let err = error_of("deep.xml", &xml);
    assert_eq!(err, "deep.xml:257: column 1: nesting deeper than 256 elements (<a> opens level 257)");
}

/// Item 3: a quote that is never closed used to swallow every row after it (1
/// session imported, exit 0); it is an error at the line where the quote opens.
#[test]
fn csv_quote_never_closed() {
    let err = error_of("q.csv", "id,title,description\n1,a,\"desc\n2,b,c\n");
    assert_eq!(
        err,
        "q.csv:2: field `description`: the quoted cell that starts here is never closed, \
         so the rest of the file would be read into it (close it with \", or write \"\" for a quote inside a quoted cell)"
    );
    // The field and line are the quote's, even after a multi-line cell on an earlier line.
    let err = error_of("q.csv", "id,title,description\n1,\"multi\nline\",ok\n2,b,\"open\n3,c,d\n");
    assert!(err.starts_with("q.csv:4: field `description`: the quoted cell"), "{err}");
    let err = error_of("q.csv", "id,\"title,description\n1,a,b\n");
    assert!(err.starts_with("q.csv:1: field `column 2 of the header`: the quoted cell"), "{err}");
}

/// Item 5: a C0 control character other than tab, LF and CR is refused in
/// every reader, with the file, line and field; NUL never gets into a programme.
#[test]
fn control_characters_are_refused_by_every_reader() {
    let jsonl = "{\"id\": \"1\", \"title\": \"Night\\u0000shift\"}\n";
    assert_eq!(
        error_of("c.jsonl", jsonl),
        "c.jsonl:1: field `title`: holds the control character U+0000 at character 6 \
         (text may hold tab and line breaks, but no other control character)"
    );
    let jsonl = "{\"id\": \"1\", \"title\": \"T\"}\n{\"id\": \"2\", \"title\": \"T\", \"speakers\": [\"Ann\", \"B\\u001bob\"]}\n";
    assert_eq!(
        error_of("c.jsonl", jsonl),
        "c.jsonl:2: field `speakers`: item 2 holds the control character U+001B at character 2 \
         (text may hold tab and line breaks, but no other control character)"
    );
    let jsonl =
        "{\"id\": \"1\", \"title\": \"T\", \"links\": [{\"title\": \"\\u0007\", \"url\": \"https://example.org\"}]}\n";
    assert!(
        error_of("c.jsonl", jsonl)
            .starts_with("c.jsonl:1: field `links`: item 1: `title` holds the control character U+0007")
    );

    let csv = "id,title,description\n1,One,fine\n2,Two,bad \u{1} byte\n";
    assert!(
        error_of("c.csv", csv)
            .starts_with("c.csv:3: field `description`: holds the control character U+0001 at character 5")
    );

    let xml = "<schedule>\n<day date='2026-06-01'>\n<room name='A'>\n<event id='1'>\n<title>Red \u{1b}[31m</title>\n\
               <start>10:00</start>\n</event></room></day></schedule>";
    assert!(
        error_of("c.xml", xml).starts_with("c.xml:4: field `title`: holds the control character U+001B at character 5")
    );
    let xml = "<schedule>\n<day date='2026-06-01'>\n<room name='A\u{0}'>\n<event id='1'>\n<title>T</title>\n\
               <start>10:00</start>\n</event></room></day></schedule>";
    let err = error_of("c.xml", xml);
    assert!(err.starts_with("c.xml:"), "{err}");
    assert!(!err.contains('\u{0}'), "{err:?}");

    let json = r#"{"schedule": {"version": "1", "conference": {"title": "C", "days": [{"date": "2020-01-01", "rooms": {"A": [{"id": 1, "title": "T\u001b", "date": "2020-01-01T10:00:00+01:00", "duration": "00:30"}]}}]}}}"#;
    assert_eq!(
        error_of("c.json", json),
        "c.json: field `/schedule/conference/days/0/rooms/A/0/title`: holds the control character U+001B at character 2 \
         (text may hold tab and line breaks, but no other control character)"
    );
    let json = r#"{"schedule": {"version": "1", "conference": {"title": "C", "days": [{"date": "2020-01-01", "rooms": {"A\u0000": [{"id": 1, "title": "T", "date": "2020-01-01T10:00:00+01:00", "duration": "00:30"}]}}]}}}"#;
    let err = error_of("c.json", json);
    assert!(
        err.starts_with(
            "c.json: field `/schedule/conference/days/0/rooms/A\\u{0}/0/room`: holds the control character U+0000"
        ),
        "{err}"
    );
    assert!(!err.contains('\u{0}'), "{err:?}");

    // Tab, LF and CR stay allowed: real schedules hold CR LF in descriptions.
    let ok = "{\"id\": \"1\", \"title\": \"T\", \"description\": \"a\\tb\\r\\nc\\rd\"}\n";
    let p = read_programme("ok.jsonl", ok.as_bytes(), &ImportOptions::default()).unwrap();
    assert_eq!(p.sessions[0].description, "a\tb\r\nc\rd");
}

/// Item 11: lenient times. An offset beyond ±18:00, an unknown zone in the
/// annotation and a local time inside a daylight-saving gap are each refused.
#[test]
fn lenient_times_are_refused() {
    let paris = r#"{"forum": {"slug": "f", "name": "F", "time_zone": "Europe/Paris"}}"#;
    let with_start = |start: &str| format!("{paris}\n{{\"id\": \"1\", \"title\": \"T\", \"start\": \"{start}\"}}\n");
    assert_eq!(
        error_of("t.jsonl", &with_start("2026-06-01T10:00:00+25:00")),
        "t.jsonl:2: field `start`: \"2026-06-01T10:00:00+25:00\": the offset +25:00 is more than 18 hours from UTC"
    );
    assert_eq!(
        error_of("t.jsonl", &with_start("2026-06-01T10:00:00+02:00[Mars/Olympus]")),
        "t.jsonl:2: field `start`: \"2026-06-01T10:00:00+02:00[Mars/Olympus]\": \
         \"Mars/Olympus\" is not an IANA time zone"
    );
    assert_eq!(
        error_of("t.jsonl", &with_start("2026-06-01T10:00[Mars/Olympus]")),
        "t.jsonl:2: field `start`: \"2026-06-01T10:00[Mars/Olympus]\": \"Mars/Olympus\" is not an IANA time zone"
    );
    assert_eq!(
        error_of("t.jsonl", &with_start("2026-03-29T02:30")),
        "t.jsonl:2: field `start`: \"2026-03-29T02:30\" does not exist in Europe/Paris: \
         the clocks go from +01:00 to +02:00 then (write the time with its offset if it is meant)"
    );
    // A frab-style time of day on a separate date is checked the same way.
    let line =
        format!("{paris}\n{{\"id\": \"1\", \"title\": \"T\", \"date\": \"2026-03-29\", \"start\": \"02:30\"}}\n");
    assert!(
        error_of("t.jsonl", &line)
            .starts_with("t.jsonl:2: field `start`: \"02:30\" on 2026-03-29 does not exist in Europe/Paris")
    );
    // The same times written correctly are read.
    for good in ["2026-03-29T03:30", "2026-03-29T02:30:00+01:00", "2026-06-01T10:00:00+02:00[Europe/Paris]"] {
        read_programme("t.jsonl", with_start(good).as_bytes(), &ImportOptions::default())
            .unwrap_or_else(|e| panic!("{good}: {e}"));
    }
}
