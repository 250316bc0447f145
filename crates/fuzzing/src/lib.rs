//! The properties the fuzz targets check, one plain function per target.
//! `fuzz/` (cargo-fuzz, nightly, outside the workspace) calls them with
//! libFuzzer's inputs; `tests/regressions.rs` calls them on stable with the
//! stored inputs (`regressions/TARGET/`: inputs that once failed; `seeds/TARGET/`:
//! small hand-written fixtures). Each function panics when its property
//! does not hold, which is what the fuzzer reports as a crash.
//!
//! - Readers (`jsonl`, `csv`, `frab_xml`, `schedule_json`): no panic, and
//!   either an error that names the file and its line or field, or a
//!   programme that passes `validate()`, exports in the same format without
//!   a panic (and to iCalendar), and reads back the same: all of it for JSON
//!   Lines and CSV; for frab XML and schedule.json, which carry only part of
//!   a programme (docs/import-formats.md), the first export's import is a
//!   fixed point and keeps every scheduled session's code, start and room.
//! - `bench`: the scheduling benchmark readers (`sched-reference`) give an
//!   error naming file and place, or an instance whose every index resolves,
//!   so the solver can use it without a panic.
//! - `guide_paths`: a programme of hostile names (session codes, rooms,
//!   tracks) that imports gets guide file paths that are relative, stay in
//!   the site, are unique, and have no part longer than 255 bytes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a property fails by panicking: that is what the fuzzer looks for"
)]

use std::collections::{BTreeSet, HashMap, HashSet};

use throughline_core::Programme;
use throughline_formats::{
    Format, ImportError, ImportOptions, frab_xml, ical, schedule_json, sessions_csv, sessions_jsonl,
};

/// A property: panics on an input that breaks it.
pub type Property = fn(&[u8]);

/// The fuzz targets, by name (as in `fuzz/Cargo.toml` and the folders of
/// `regressions/` and `seeds/`), with their property.
pub const TARGETS: &[(&str, Property)] = &[
    ("jsonl", jsonl),
    ("csv", csv),
    ("frab_xml", frab_xml),
    ("schedule_json", schedule_json),
    ("bench", bench),
    ("guide_paths", guide_paths),
];

pub fn jsonl(data: &[u8]) {
    reader(Format::Jsonl, data);
}

pub fn csv(data: &[u8]) {
    reader(Format::Csv, data);
}

pub fn frab_xml(data: &[u8]) {
    reader(Format::FrabXml, data);
}

pub fn schedule_json(data: &[u8]) {
    reader(Format::ScheduleJson, data);
}

/// The file name each reader is given (it names the forum where the file does not).
pub fn file_name(format: Format) -> &'static str {
    match format {
        Format::Jsonl => "fuzz.jsonl",
        Format::Csv => "fuzz.csv",
        Format::FrabXml => "fuzz.xml",
        Format::ScheduleJson => "fuzz.json",
    }
}

fn read_as(format: Format, file: &str, text: &str, options: &ImportOptions) -> Result<Programme, ImportError> {
    let import = match format {
        Format::Jsonl => sessions_jsonl::read(file, text, options),
        Format::Csv => sessions_csv::read(file, text, options),
        Format::FrabXml => frab_xml::read(file, text, options),
        Format::ScheduleJson => schedule_json::read(file, text, options),
    }?;
    Ok(import.programme)
}

/// Writes a programme in a format, as `throughline export` does.
pub fn write_as(format: Format, p: &Programme) -> String {
    match format {
        Format::Jsonl => sessions_jsonl::write(p),
        Format::Csv => sessions_csv::write(p),
        Format::FrabXml => frab_xml::write(p, Some("https://guide.example.org/f")),
        Format::ScheduleJson => schedule_json::write(p, Some("https://guide.example.org/f")),
    }
}

/// Reads an export back as `throughline import` does (the format told from
/// the content), with the forum and time zone of the programme it came from.
pub fn reimport(format: Format, from: &Programme, text: &str) -> Programme {
    let options =
        ImportOptions { forum: Some(from.forum.slug.clone()), time_zone: Some(from.forum.time_zone.name().into()) };
    let file = file_name(format);
    assert_eq!(Format::detect(text), format, "an export is told to be another format:\n{text}");
    let p = throughline_formats::read_programme(file, text.as_bytes(), &options)
        .unwrap_or_else(|e| panic!("the {format:?} export is refused on import: {e}\n--- export ---\n{text}"));
    assert_valid(&p);
    p
}

fn assert_valid(p: &Programme) {
    let problems = p.validate();
    assert!(problems.is_empty(), "a programme left a reader without passing validate(): {problems:?}");
}

/// An error names the file, and the line or field (or says it is about the whole file).
pub fn assert_located(file: &str, e: &ImportError) {
    assert_eq!(e.file, file, "the error names another file: {e}");
    assert!(!e.message.trim().is_empty(), "the error says nothing: {e:?}");
    assert!(
        e.line.is_some() || e.field.is_some() || e.message.starts_with("the file"),
        "the error names neither a line nor a field: {e}"
    );
}

/// The reader property for one format (see the crate's documentation).
pub fn reader(format: Format, data: &[u8]) {
    let file = file_name(format);
    let options = ImportOptions::default();
    let Ok(text) = std::str::from_utf8(data) else {
        let e = throughline_formats::read_programme(file, data, &options).expect_err("bytes that are not UTF-8");
        assert_located(file, &e);
        return;
    };
    let first = match read_as(format, file, text, &options) {
        Ok(p) => p,
        Err(e) => return assert_located(file, &e),
    };
    assert_valid(&first);
    let moves = HashMap::new();
    let feed = ical::FeedOptions { stamp: jiff::Timestamp::UNIX_EPOCH, base_url: None, moves: &moves };
    ical::write(&first, &ical::Selection::Forum, &feed).expect("a feed of the whole forum");

    let export = write_as(format, &first);
    let again = reimport(format, &first, &export);
    match format {
        Format::Jsonl => assert_same(&first, &again, "JSON Lines"),
        // CSV carries sessions, people by name and track labels; a programme
        // read from CSV holds nothing else, so it comes back whole.
        Format::Csv => assert_same(&first, &again, "CSV"),
        Format::FrabXml | Format::ScheduleJson => {
            assert_eq!(scheduled(&first), scheduled(&again), "{format:?}: scheduled sessions changed");
            let third = reimport(format, &again, &write_as(format, &again));
            assert_same(&again, &third, &format!("{format:?} (second round)"));
        }
    }
}

/// Code, start, duration and room of every session an exchange format carries.
fn scheduled(p: &Programme) -> BTreeSet<String> {
    p.sessions
        .iter()
        .filter(|s| s.start.is_some() && s.room.is_some())
        .map(|s| format!("{:?} {:?} {} {:?}", s.code, s.start, s.duration_minutes, s.room))
        .collect()
}

fn assert_same(a: &Programme, b: &Programme, what: &str) {
    if a != b {
        let (mut a, mut b) = (a.clone(), b.clone());
        a.sort();
        b.sort();
        assert_eq!(a, b, "{what}: export → import changed the programme");
    }
}

/// The benchmark readers: the first byte picks the kind of file (OptaPlanner
/// .xlsx, PyCon UK .yml, KoMa or instance .json), the rest is its content.
pub fn bench(data: &[u8]) {
    let Some((&kind, bytes)) = data.split_first() else {
        return;
    };
    let file = match kind % 3 {
        0 => "fuzz.xlsx",
        1 => "fuzz.yml",
        _ => "fuzz.json",
    };
    match throughline_sched_reference::read(file, bytes) {
        Err(e) => {
            assert_eq!(e.file, file, "the error names another file: {e}");
            assert!(!e.problem.trim().is_empty(), "the error says nothing: {e:?}");
        }
        Ok(instance) => assert_usable(&instance),
    }
}

/// Every index of an instance resolves and its times do not overflow, and
/// the model's derived views (where a session can start, which rooms can
/// hold it) work on it.
pub fn assert_usable(instance: &throughline_schedule::Instance) {
    let (slots, rooms, sessions) = (instance.slots.len(), instance.rooms.len(), instance.sessions.len());
    for s in &instance.slots {
        assert!(s.start.checked_add(s.minutes).is_some(), "a slot ends after the time line: {s:?}");
    }
    for s in &instance.sessions {
        let code = &s.code;
        assert!(s.people.iter().all(|&i| i < instance.people.len()), "{code}: a person index is out of range");
        assert!(
            s.tracks.iter().chain(&s.suggested_tracks).all(|&i| i < instance.tracks.len()),
            "{code}: a track index is out of range"
        );
        assert!(s.forbidden.iter().all(|&i| i < slots), "{code}: a forbidden slot is out of range");
        assert!(s.rooms.iter().all(|&i| i < rooms), "{code}: a room index is out of range");
        assert!(s.after.iter().all(|&i| i < sessions), "{code}: a predecessor is out of range");
        for (slot, room) in s.pinned.iter().chain(&s.published) {
            assert!(
                *slot < slots && room.is_none_or(|r| r < rooms),
                "{code}: a pinned or published place is out of range"
            );
        }
    }
    for i in 0..sessions {
        let _ = instance.placements(i);
        let _ = instance.eligible_rooms(i);
    }
    let _ = instance.points();
    let _ = instance.days();
    let _ = instance.disjoint_slots();
}

/// The most bytes a file name may have on common file systems.
pub const NAME_MAX: usize = 255;

/// Builds a programme whose session codes, rooms and track titles and slugs
/// are the input's lines, and checks the paths of its guide.
pub fn guide_paths(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let names: Vec<&str> = text.split('\n').take(12).collect();
    let Some(jsonl) = hostile_programme(&names) else {
        return;
    };
    let Ok(p) = throughline_formats::read_programme("names.jsonl", jsonl.as_bytes(), &ImportOptions::default()) else {
        return;
    };
    let guide = throughline_guide::Guide::new(&p, throughline_guide::GuideOptions::new(jiff::Timestamp::UNIX_EPOCH))
        .expect("a guide of a programme that imported");
    assert_safe_paths(guide.resources().iter().map(|(path, _)| path.as_str()));
}

/// A JSON Lines file with a track declared by the first name (as its title
/// and slug), then one session per name, each in the next name's room and
/// labelled with the name after.
pub fn hostile_programme(names: &[&str]) -> Option<String> {
    // Blank and repeated names would only make the file refused as a whole.
    let mut seen = HashSet::new();
    let names: Vec<&str> =
        names.iter().copied().filter(|n| !n.trim().is_empty() && seen.insert(n.trim().to_lowercase())).collect();
    let first = names.first()?;
    let mut out = String::from(r#"{"forum": {"slug": "f", "name": "F", "time_zone": "Europe/Paris"}}"#);
    out.push('\n');
    let track = serde_json::json!({"track": {"slug": first, "title": first}});
    out.push_str(&format!("{track}\n"));
    let at = |i: usize| names[i % names.len()];
    for (i, name) in names.iter().enumerate() {
        let session = serde_json::json!({
            "id": name,
            "title": format!("Session {i}"),
            "room": at(i + 1),
            "start": format!("2026-06-{:02}T10:00", 1 + i % 3),
            "duration": 60,
            "track_labels": [at(i + 2)],
        });
        out.push_str(&format!("{session}\n"));
    }
    Some(out)
}

/// The paths of a site: relative, inside it, unique, each part a file name
/// that every common file system takes.
pub fn assert_safe_paths<'a>(paths: impl IntoIterator<Item = &'a str>) {
    let mut seen = HashSet::new();
    for path in paths {
        assert!(seen.insert(path.to_string()), "two files of the guide share the path {path:?}");
        assert!(!path.starts_with('/') && !path.contains('\\'), "{path:?} is not a relative path");
        for part in path.split('/') {
            assert!(!part.is_empty() && part != "." && part != "..", "{path:?} leaves its folder");
            assert!(!part.contains(|c: char| c.is_control()), "{path:?} holds a control character");
            assert!(
                part.len() <= NAME_MAX,
                "{path:?}: a part of {} bytes is longer than a file name may be",
                part.len()
            );
        }
    }
}
