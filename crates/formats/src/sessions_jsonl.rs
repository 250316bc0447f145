//! Throughline's JSON Lines format: one record per line, a `forum`, `track`,
//! `person`, `mechanism` or `report` record or a session (see `docs/import-formats.md`). Reading is
//! all-or-nothing; writing produces a file that reads back to the same programme.

use serde_json::{Map, Value, json};
use throughline_core::{Programme, Session};

use crate::fields::{Numbered, Record};
use crate::lookup::Lookup;
use crate::programme_builder::{ProgrammeBuilder, ROLE_FIELDS};
use crate::{Import, ImportError, ImportOptions};

/// Reads a whole JSON Lines file.
pub fn read(file: &str, text: &str, options: &ImportOptions) -> Result<Import, ImportError> {
    let mut builder = ProgrammeBuilder::new(file, options)?;
    for (n, obj) in objects(file, text)? {
        match single_key_record(&obj) {
            Some(("forum", inner)) => builder.forum(n, &Record::json(inner))?,
            Some(("track", inner)) => builder.track(n, &Record::json(inner))?,
            Some(("person", inner)) => builder.person(n, &Record::json(inner))?,
            Some(("mechanism", inner)) => builder.mechanism(n, &Record::json(inner))?,
            Some(("report", inner)) => builder.report(n, &Record::json(inner))?,
            _ => builder.session(n, &Record::json(&obj))?,
        }
    }
    builder.finish()
}

/// The objects of a JSON Lines file, each with its line; blank lines are
/// skipped, and a line that is not a JSON object is an error naming it.
/// Used by every JSON Lines reader.
pub(crate) fn objects(file: &str, text: &str) -> Result<Vec<Numbered>, ImportError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let value: Value = serde_json::from_str(line).map_err(|e| ImportError::json_syntax(file, n, &e))?;
        let Value::Object(obj) = value else {
            return Err(ImportError::at_line(file, n, "each line must be a JSON object `{...}`"));
        };
        out.push((n, obj));
    }
    Ok(out)
}

/// A `{"forum": {...}}`-style record: one key naming the record, an object inside.
fn single_key_record(obj: &Map<String, Value>) -> Option<(&str, &Map<String, Value>)> {
    if obj.len() != 1 {
        return None;
    }
    let (key, value) = obj.iter().next()?;
    match (key.as_str(), value) {
        (k @ ("forum" | "track" | "person" | "mechanism" | "report"), Value::Object(inner)) => Some((k, inner)),
        _ => None,
    }
}

/// Writes a programme as JSON Lines: the forum, its tracks, its people, its
/// sessions with their accepted track memberships as `track_labels`, then
/// its cooperation mechanisms and session reports.
pub fn write(p: &Programme) -> String {
    let mut lines: Vec<Value> = Vec::new();
    let forum = &p.forum;
    let mut f = Map::new();
    f.insert("slug".into(), json!(forum.slug));
    f.insert("name".into(), json!(forum.name));
    put_opt(&mut f, "edition", forum.edition.as_deref());
    put_opt(&mut f, "city", forum.city.as_deref());
    put_opt(&mut f, "country", forum.country.as_deref());
    f.insert("time_zone".into(), json!(forum.time_zone.name()));
    f.insert("report_due_days".into(), json!(forum.report_due_days));
    let rooms: Vec<Value> = p
        .rooms
        .iter()
        .map(|r| {
            let mut o = Map::new();
            o.insert("name".into(), json!(r.name));
            if let Some(c) = r.capacity {
                o.insert("capacity".into(), json!(c));
            }
            o.insert("remote".into(), json!(r.remote));
            Value::Object(o)
        })
        .collect();
    f.insert("rooms".into(), Value::Array(rooms));
    let slots: Vec<Value> = p
        .slots
        .iter()
        .map(|s| json!({"start": p.forum.offset_time(s.start), "end": p.forum.offset_time(s.end)}))
        .collect();
    f.insert("slots".into(), Value::Array(slots));
    lines.push(json!({ "forum": f }));

    for t in &p.tracks {
        let mut o = Map::new();
        o.insert("slug".into(), json!(t.slug));
        o.insert("title".into(), json!(t.title));
        o.insert("kind".into(), json!(t.kind.code()));
        o.insert("status".into(), json!(t.status.code()));
        put_opt(&mut o, "narrative", Some(t.narrative.as_str()).filter(|s| !s.is_empty()));
        put_list(&mut o, "policy_questions", &t.policy_questions);
        put_list(&mut o, "seed_terms", &t.seed_terms);
        put_opt(&mut o, "colour", t.colour.as_deref());
        lines.push(json!({ "track": o }));
    }
    for person in &p.people {
        let mut o = Map::new();
        o.insert("name".into(), json!(person.name));
        put_opt(&mut o, "affiliation", person.affiliation.as_deref());
        put_opt(&mut o, "stakeholder_group", person.stakeholder_group.map(|g| g.code()));
        put_opt(&mut o, "country", person.country.as_deref());
        put_opt(&mut o, "gender", person.gender.map(|g| g.code()));
        if let Some(first) = person.first_time {
            o.insert("first_time".into(), json!(first));
        }
        if !person.unavailable.is_empty() {
            let times: Vec<Value> = person
                .unavailable
                .iter()
                .map(|u| json!({"start": p.forum.offset_time(u.start), "end": p.forum.offset_time(u.end)}))
                .collect();
            o.insert("unavailable".into(), Value::Array(times));
        }
        lines.push(json!({ "person": o }));
    }
    let lookup = Lookup::new(p);
    for s in &p.sessions {
        lines.push(Value::Object(session_object(p, &lookup, s)));
    }
    for m in &p.mechanisms {
        lines.push(json!({ "mechanism": crate::mechanism_records::mechanism_object(m) }));
    }
    for r in &p.reports {
        lines.push(json!({ "report": crate::report_records::report_object(p, r) }));
    }
    let mut out = String::new();
    for line in lines {
        out.push_str(&line.to_string());
        out.push('\n');
    }
    out
}

/// A session as the flat object both writers use: list fields as arrays.
pub(crate) fn session_object(p: &Programme, lookup: &Lookup, s: &Session) -> Map<String, Value> {
    let mut o = Map::new();
    o.insert("id".into(), json!(s.code));
    o.insert("title".into(), json!(s.title));
    put_opt(&mut o, "description", Some(s.description.as_str()).filter(|d| !d.is_empty()));
    o.insert("type".into(), json!(s.kind.code()));
    put_opt(&mut o, "format", s.format.map(|f| f.code()));
    put_list(&mut o, "policy_questions", &s.policy_questions);
    put_list(&mut o, "tags", &s.tags);
    for (field, role) in ROLE_FIELDS {
        put_list(&mut o, field, &lookup.names_in_role(&s.code, role));
    }
    put_opt(&mut o, "start", s.start.map(|t| p.forum.offset_time(t)).as_deref());
    o.insert("duration".into(), json!(format!("{:02}:{:02}", s.duration_minutes / 60, s.duration_minutes % 60)));
    put_opt(&mut o, "room", s.room.as_deref());
    put_list(&mut o, "language", &s.languages);
    o.insert("status".into(), json!(s.status.code()));
    put_opt(&mut o, "merged_into", s.status.merged_into());
    if let Some(n) = s.expected_attendance {
        o.insert("expected_attendance".into(), json!(n));
    }
    put_list(&mut o, "preferred_days", &s.preferred_days.iter().map(|d| d.to_string()).collect::<Vec<_>>());
    put_opt(&mut o, "remote_link", s.remote_link.as_deref());
    if !s.links.is_empty() {
        o.insert("links".into(), json!(s.links));
    }
    put_list(&mut o, "track_labels", &lookup.track_titles(&s.code));
    o
}

pub(crate) fn put_opt(o: &mut Map<String, Value>, key: &str, value: Option<&str>) {
    if let Some(v) = value {
        o.insert(key.into(), json!(v));
    }
}

pub(crate) fn put_list(o: &mut Map<String, Value>, key: &str, items: &[impl AsRef<str>]) {
    if !items.is_empty() {
        o.insert(key.into(), json!(items.iter().map(AsRef::as_ref).collect::<Vec<&str>>()));
    }
}
