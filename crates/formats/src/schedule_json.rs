//! c3voc's schedule.json v1 (what frab and pretalx emit): reading what real
//! exporters write, with errors located by JSON pointer, and writing what the
//! c3voc JSON schema demands. Each event carries its primary track. What the
//! schema has no room for (the session's own code when it is not a number,
//! and its other tracks) is in the schedule-level extension field
//! `x_throughline.sessions`, keyed by event guid:
//! `{"code": "WS 12", "tracks": ["slug", "slug"]}`. The schema allows the
//! field and other readers ignore it.

use serde_json::{Map, Value, json};
use throughline_core::Programme;

use crate::c3voc::{self, Event, Extension, UniqueIds, non_blank};
use crate::fields::Record;
use crate::lookup::Lookup;
use crate::programme_builder::ProgrammeBuilder;
use crate::{Import, ImportError, ImportOptions};

/// Whether a JSON text looks like a schedule.json rather than JSON Lines:
/// its first key is one of schedule.json's top-level keys.
pub(crate) fn looks_like(text: &str) -> bool {
    let rest = text.trim_start().trim_start_matches('{').trim_start();
    ["\"schedule\"", "\"$schema\"", "\"generator\""].iter().any(|k| rest.starts_with(k))
}

/// A JSON pointer token (`~` and `/` escaped), with control characters shown
/// as `\u{1b}` so that an error message never carries them to a terminal.
fn escape_token(token: &str) -> String {
    let token = token.replace('~', "~0").replace('/', "~1");
    if !token.contains(|c: char| c.is_control()) {
        return token;
    }
    token.chars().map(|c| if c.is_control() { c.escape_unicode().to_string() } else { c.to_string() }).collect()
}

/// Reads a whole schedule.json.
pub fn read(file: &str, text: &str, options: &ImportOptions) -> Result<Import, ImportError> {
    let doc: Value = serde_json::from_str(text).map_err(|e| ImportError::json_syntax(file, e.line().max(1), &e))?;
    let at = |pointer: &str, message: String| ImportError {
        file: file.to_string(),
        line: None,
        field: Some(pointer.to_string()),
        message,
    };
    let conference = doc
        .pointer("/schedule/conference")
        .and_then(Value::as_object)
        .ok_or_else(|| at("/schedule/conference", "is missing: this is not a schedule.json".into()))?;
    // Record n of the builder is pointers[n]; the builder names records by number.
    let mut pointers = vec!["/schedule/conference".to_string()];
    let mut builder = ProgrammeBuilder::new(file, options)?.partial_records();
    let result = (|| {
        builder.forum(0, &Record::json(&forum_record(conference)))?;
        let extension = doc.pointer("/schedule/x_throughline/sessions").and_then(Value::as_object);
        let mut ids = UniqueIds::default();
        if let Some(tracks) = conference.get("tracks").and_then(Value::as_array) {
            for (i, track) in tracks.iter().enumerate() {
                let Some(name) = non_blank(track.get("name").and_then(Value::as_str)) else {
                    continue;
                };
                pointers.push(format!("/schedule/conference/tracks/{i}"));
                let mut t = Map::new();
                t.insert("title".into(), json!(name));
                for (from, to) in [("slug", "slug"), ("color", "colour")] {
                    if let Some(v) = track.get(from).and_then(Value::as_str) {
                        t.insert(to.into(), json!(v));
                    }
                }
                builder.track(pointers.len() - 1, &Record::json(&t))?;
            }
        }
        let days = conference.get("days").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
        for (d, day) in days.iter().enumerate() {
            let Some(rooms) = day.get("rooms").and_then(Value::as_object) else {
                continue;
            };
            for (room, events) in rooms {
                let Some(events) = events.as_array() else {
                    continue;
                };
                for (e, event) in events.iter().enumerate() {
                    let pointer = format!("/schedule/conference/days/{d}/rooms/{}/{e}", escape_token(room));
                    let Some(event) = event.as_object() else {
                        return Err(at(&pointer, "an event must be an object".into()));
                    };
                    let place = format!("{file}: {pointer}");
                    pointers.push(pointer);
                    let event = read_event(event, day, room, extension);
                    c3voc::add_event(&mut builder, &mut ids, event, pointers.len() - 1, &place)?;
                }
            }
        }
        Ok(())
    })();
    let located = |e: ImportError| match e.line.and_then(|n| pointers.get(n)) {
        Some(pointer) => ImportError {
            line: None,
            field: Some(match &e.field {
                Some(field) => format!("{pointer}/{field}"),
                None => pointer.clone(),
            }),
            ..e
        },
        None => e,
    };
    result.map_err(located)?;
    builder.finish().map_err(located)
}

fn forum_record(conference: &Map<String, Value>) -> Map<String, Value> {
    let text = |k: &str| non_blank(conference.get(k).and_then(Value::as_str));
    let mut f = Map::new();
    if let Some(acronym) = text("acronym") {
        let slug = throughline_core::slugify(&acronym);
        if throughline_core::slug::is_valid_slug(&slug) {
            f.insert("slug".into(), json!(slug));
        }
    }
    if let Some(title) = text("title") {
        f.insert("name".into(), json!(title));
    }
    if let Some(tz) = text("time_zone_name") {
        f.insert("time_zone".into(), json!(tz));
    }
    f
}

fn read_event(event: &Map<String, Value>, day: &Value, room: &str, extension: Option<&Map<String, Value>>) -> Event {
    let text = |k: &str| match event.get(k) {
        Some(Value::String(s)) => non_blank(Some(s)),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let persons = event
        .get("persons")
        .and_then(Value::as_array)
        .map(|ps| {
            ps.iter()
                .filter_map(|p| match p {
                    Value::String(s) => non_blank(Some(s)),
                    Value::Object(o) => {
                        non_blank(o.get("public_name").or_else(|| o.get("name")).and_then(Value::as_str))
                    }
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let ext = text("guid").and_then(|g| extension.and_then(|x| x.get(&g)));
    let extension = Extension {
        code: non_blank(ext.and_then(|e| e.get("code")).and_then(Value::as_str)),
        tracks: ext
            .and_then(|e| e.get("tracks"))
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
            .unwrap_or_default(),
    };
    let mut e = Event::with_common_fields(text);
    e.id = text("id").or_else(|| text("code"));
    e.day = non_blank(day.get("date").and_then(Value::as_str));
    e.room = e.room.or_else(|| non_blank(Some(room)));
    e.extension = extension;
    e.persons = persons;
    e.links = event
        .get("links")
        .and_then(Value::as_array)
        .map(|ls| {
            ls.iter()
                .filter_map(|l| {
                    let url = non_blank(l.get("url").and_then(Value::as_str))?;
                    Some((l.get("title").and_then(Value::as_str).unwrap_or("").trim().to_string(), url))
                })
                .collect()
        })
        .unwrap_or_default();
    e
}

/// Writes the scheduled sessions as a schedule.json that validates against
/// the c3voc JSON schema.
#[allow(clippy::expect_used, reason = "a serde_json::Value always serialises")]
pub fn write(p: &Programme, base_url: Option<&str>) -> String {
    let ids = c3voc::numeric_ids(p);
    let days = c3voc::days(p);
    let pages = c3voc::PageLinks::new(p, base_url);
    let lookup = Lookup::new(p);
    let mut extension = Map::new();
    let days_json: Vec<Value> = days
        .iter()
        .enumerate()
        .filter_map(|(index, (date, rooms))| {
            let (start, end) = c3voc::day_bounds(rooms)?;
            let mut rooms_json = Map::new();
            for (room, sessions) in rooms {
                let events: Vec<Value> = sessions
                    .iter()
                    .filter_map(|s| {
                        let start = s.start?; // `days` holds scheduled sessions only
                        let guid = c3voc::guid(&p.forum.slug, &s.code);
                        let guid = guid.as_str();
                        let tracks = lookup.tracks(&s.code);
                        if let Some(ext) = Extension::of(s, ids[&s.code], &tracks) {
                            let mut o = Map::new();
                            if let Some(code) = ext.code {
                                o.insert("code".into(), json!(code));
                            }
                            if !ext.tracks.is_empty() {
                                o.insert("tracks".into(), json!(ext.tracks));
                            }
                            extension.insert(guid.to_string(), Value::Object(o));
                        }
                        let persons: Vec<Value> =
                            lookup.names(&s.code).into_iter().map(|n| json!({ "name": n })).collect();
                        let mut e = json!({
                            "guid": guid,
                            "id": ids[&s.code],
                            "date": p.forum.offset_time(start),
                            "start": c3voc::local_time(p, start),
                            "duration": c3voc::hours_minutes(s.duration_minutes),
                            "room": room,
                            "slug": c3voc::event_slug(p, s),
                            "title": s.title,
                            "subtitle": "",
                            "track": tracks.first().map(|(_, title)| *title),
                            "type": s.kind.code(),
                            "language": s.languages.first(),
                            "abstract": s.description,
                            "description": "",
                            "persons": persons,
                            "links": c3voc::links_of(s).into_iter().map(|(title, url)| json!({"url": url, "title": title})).collect::<Vec<_>>(),
                            "attachments": [],
                        });
                        // The schema demands a URL: the guide's page, or the guid as a URN.
                        e["url"] = json!(match &pages {
                            Some(pages) => pages.session(&s.code),
                            None => format!("urn:uuid:{guid}"),
                        });
                        Some(e)
                    })
                    .collect();
                rooms_json.insert(room.to_string(), Value::Array(events));
            }
            Some(json!({
                "index": index + 1,
                "date": date,
                "day_start": p.forum.offset_time(start),
                "day_end": p.forum.offset_time(end),
                "rooms": rooms_json,
            }))
        })
        .collect();
    let tracks: Vec<Value> = p
        .tracks
        .iter()
        .map(|t| {
            let mut o = json!({ "name": t.title, "slug": t.slug });
            if let Some(c) = &t.colour {
                o["color"] = json!(c);
            }
            o
        })
        .collect();
    let rooms: Vec<Value> = p
        .rooms
        .iter()
        .map(|r| json!({ "name": r.name, "guid": c3voc::guid(&p.forum.slug, &format!("room:{}", r.name)) }))
        .collect();
    let mut conference = json!({
        "acronym": c3voc::acronym(p),
        "title": p.forum.name,
        "start": days.keys().next().cloned().unwrap_or_default(),
        "end": days.keys().next_back().cloned().unwrap_or_default(),
        "daysCount": days.len(),
        "timeslot_duration": "00:05",
        "time_zone_name": p.forum.time_zone.name(),
        "tracks": tracks,
        "rooms": rooms,
        "days": days_json,
    });
    if let Some(url) = base_url {
        conference["url"] = json!(url);
    }
    let mut schedule = json!({
        "version": p.forum.edition.clone().unwrap_or_else(|| "1".into()),
        "conference": conference,
        "x_throughline": { "sessions": extension },
    });
    if let Some(url) = base_url {
        schedule["base_url"] = json!(url);
    }
    let doc = json!({
        "$schema": "https://c3voc.de/schedule/schema.json",
        "generator": { "name": "throughline", "version": env!("CARGO_PKG_VERSION") },
        "schedule": schedule,
    });
    serde_json::to_string_pretty(&doc).expect("JSON values serialise") + "\n"
}
