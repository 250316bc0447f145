//! Cooperation mechanisms as records of their own: one JSON object (in a
//! programme's JSON Lines file as `{"mechanism": {...}}`, or a line of a
//! mechanisms file) or one CSV row, read with errors that name the field and
//! written so that they read back the same. A mechanisms file (JSON Lines or
//! CSV) is read all-or-nothing against the programme it goes into: every
//! session, issue, country and merge target it names must exist.
//!
//! Fields: `id` (default: a slug of the name), `name`, `description`,
//! `issues` (Digital Watch issue codes or names), `scope`, `type`, `status`,
//! `outputs`, `gaps`, `actors`, `sessions`, `merged_into`. An actor is an
//! object `{"name", "stakeholder_group", "country"}`, or the text
//! `Name | stakeholder group | country` (the form CSV cells use).

use serde_json::{Map, Value, json};
use throughline_core::mechanism::{MechanismGap, MechanismOutput, MechanismScope, MechanismStatus, MechanismType};
use throughline_core::programme::Subject;
use throughline_core::{
    CooperationMechanism, Country, MechanismActor, PolicyIssue, Programme, StakeholderGroup, slugify,
};

use crate::fields::{FieldResult, Record, field_error};
use crate::record_files::{RecordKind, read_records};
use crate::sessions_jsonl::{put_list, put_opt};
use crate::{ImportError, sessions_csv};

/// The columns of a mechanisms CSV file, in order; `name` is required.
pub const COLUMNS: &[&str] = &[
    "id",
    "name",
    "description",
    "issues",
    "scope",
    "type",
    "status",
    "outputs",
    "gaps",
    "actors",
    "sessions",
    "merged_into",
];

/// Reads one mechanism record.
pub(crate) fn read_mechanism(r: &Record) -> FieldResult<CooperationMechanism> {
    let name = r.required_text("name")?;
    let id = match r.text("id")? {
        Some(id) if throughline_core::slug::is_valid_slug(&id) => id,
        Some(id) => {
            return Err(field_error("id", format!("{id:?} is not an id (lowercase letters, digits and hyphens)")));
        }
        None => Some(slugify(&name))
            .filter(|s| !s.is_empty())
            .ok_or_else(|| field_error("name", "has no letter or digit to make an id from"))?,
    };
    let kind = enum_field(r, "type", MechanismType::parse)?.ok_or_else(|| {
        let allowed: Vec<&str> = MechanismType::ALL.iter().map(|t| t.code()).collect();
        field_error("type", format!("is required (one of: {})", allowed.join(", ")))
    })?;
    let mut m = CooperationMechanism::new(
        &id,
        &name,
        kind,
        enum_field(r, "scope", MechanismScope::parse)?.unwrap_or(MechanismScope::Global),
        enum_field(r, "status", MechanismStatus::parse)?.unwrap_or(MechanismStatus::Existing),
    );
    m.description = r.text("description")?.unwrap_or_default();
    for issue in r.list("issues")? {
        let found = PolicyIssue::parse(&issue).map_err(|e| field_error("issues", e.to_string()))?;
        if !m.issues.iter().any(|i| i == found.code) {
            m.issues.push(found.code.to_string());
        }
    }
    m.outputs = enum_list(r, "outputs", MechanismOutput::parse)?;
    m.gaps = enum_list(r, "gaps", MechanismGap::parse)?;
    m.actors = read_actors(r)?;
    m.sessions = r.list("sessions")?;
    m.merged_into = r.text("merged_into")?;
    Ok(m)
}

fn enum_field<T>(
    r: &Record,
    field: &str,
    parse: fn(&str) -> Result<T, throughline_core::UnknownValue>,
) -> FieldResult<Option<T>> {
    r.text(field)?.map(|v| parse(&v).map_err(|e| field_error(field, e.to_string()))).transpose()
}

fn enum_list<T: PartialEq>(
    r: &Record,
    field: &str,
    parse: fn(&str) -> Result<T, throughline_core::UnknownValue>,
) -> FieldResult<Vec<T>> {
    let mut out = Vec::new();
    for item in r.list(field)? {
        let value = parse(&item).map_err(|e| field_error(field, e.to_string()))?;
        if !out.contains(&value) {
            out.push(value);
        }
    }
    Ok(out)
}

/// Actors as objects, or as `Name | group | country` texts.
fn read_actors(r: &Record) -> FieldResult<Vec<MechanismActor>> {
    let mut actors = Vec::new();
    if let Ok(objects) = r.objects("actors")
        && !objects.is_empty()
    {
        for (i, obj) in objects {
            let inner = Record::json(obj);
            let at = |e: crate::fields::FieldError| field_error(&format!("actors[{i}].{}", e.field), e.message);
            let name = inner.required_text("name").map_err(at)?;
            let group = inner.text("stakeholder_group").map_err(at)?;
            let country = inner.text("country").map_err(at)?;
            let actor = actor(name, group.as_deref(), country.as_deref())
                .map_err(|(part, message)| field_error(&format!("actors[{i}].{part}"), message))?;
            actors.push(actor);
        }
        return Ok(actors);
    }
    for (i, item) in r.list("actors")?.into_iter().enumerate() {
        let actor = actor_from_text(&item)
            .map_err(|(part, message)| field_error(&format!("actors[{}].{part}", i + 1), message))?;
        actors.push(actor);
    }
    Ok(actors)
}

/// Reads an actor written `Name | stakeholder group | country` (the last
/// two may be left out), as a CSV cell or the command line gives it.
pub fn parse_actor(text: &str) -> Result<MechanismActor, String> {
    actor_from_text(text).map_err(|(part, message)| format!("{part}: {message}"))
}

/// An actor from its text, or the part that is wrong and why.
fn actor_from_text(text: &str) -> Result<MechanismActor, (&'static str, String)> {
    let mut parts = text.split('|').map(str::trim);
    let name = parts.next().unwrap_or_default().to_string();
    let group = parts.next().filter(|g| !g.is_empty());
    let country = parts.next().filter(|c| !c.is_empty());
    if parts.next().is_some() {
        return Err(("name", format!("{text:?} has more than three parts (Name | stakeholder group | country)")));
    }
    actor(name, group, country)
}

fn actor(name: String, group: Option<&str>, country: Option<&str>) -> Result<MechanismActor, (&'static str, String)> {
    if name.is_empty() {
        return Err(("name", "the actor has no name".to_string()));
    }
    let stakeholder_group =
        group.map(|g| StakeholderGroup::parse(g).map_err(|e| ("stakeholder_group", e.to_string()))).transpose()?;
    let country = country
        .map(|c| {
            Country::find(c)
                .map(|c| c.iso3.to_string())
                .ok_or_else(|| ("country", format!("{c:?} is not an ISO 3166 country code (e.g. \"KEN\")")))
        })
        .transpose()?;
    Ok(MechanismActor { name, stakeholder_group, country })
}

/// A mechanism as a JSON object (actors as objects, lists as arrays).
pub fn mechanism_object(m: &CooperationMechanism) -> Map<String, Value> {
    let mut o = Map::new();
    o.insert("id".into(), json!(m.id));
    o.insert("name".into(), json!(m.name));
    put_opt(&mut o, "description", Some(m.description.as_str()).filter(|d| !d.is_empty()));
    put_list(&mut o, "issues", &m.issues);
    o.insert("scope".into(), json!(m.scope.code()));
    o.insert("type".into(), json!(m.kind.code()));
    o.insert("status".into(), json!(m.status.code()));
    put_list(&mut o, "outputs", &m.outputs.iter().map(|x| x.code()).collect::<Vec<_>>());
    put_list(&mut o, "gaps", &m.gaps.iter().map(|x| x.code()).collect::<Vec<_>>());
    if !m.actors.is_empty() {
        let actors: Vec<Value> = m
            .actors
            .iter()
            .map(|a| {
                let mut x = Map::new();
                x.insert("name".into(), json!(a.name));
                put_opt(&mut x, "stakeholder_group", a.stakeholder_group.map(|g| g.code()));
                put_opt(&mut x, "country", a.country.as_deref());
                Value::Object(x)
            })
            .collect();
        o.insert("actors".into(), Value::Array(actors));
    }
    put_list(&mut o, "sessions", &m.sessions);
    put_opt(&mut o, "merged_into", m.merged_into.as_deref());
    o
}

/// Writes mechanisms as JSON Lines, one object per line.
pub fn write_jsonl(mechanisms: &[CooperationMechanism]) -> String {
    mechanisms.iter().map(|m| format!("{}\n", Value::Object(mechanism_object(m)))).collect()
}

/// Writes mechanisms as CSV with the [`COLUMNS`] header; an actor is a line
/// `Name | stakeholder group | country` of its cell.
pub fn write_csv(mechanisms: &[CooperationMechanism]) -> String {
    sessions_csv::write_rows(
        COLUMNS,
        mechanisms.iter().map(|m| {
            let obj = mechanism_object(m);
            COLUMNS
                .iter()
                .map(|c| match obj.get(*c) {
                    Some(_) if *c == "actors" => crate::fields::join_list_cell(
                        &m.actors
                            .iter()
                            .map(|a| {
                                format!(
                                    "{} | {} | {}",
                                    a.name,
                                    a.stakeholder_group.map_or("", |g| g.code()),
                                    a.country.as_deref().unwrap_or("")
                                )
                            })
                            .collect::<Vec<_>>(),
                    ),
                    Some(value) => sessions_csv::cell_of(value),
                    None => String::new(),
                })
                .collect()
        }),
    )
}

/// Reads a mechanisms file (JSON Lines, one mechanism per line, bare or as
/// `{"mechanism": {...}}`; or CSV with a header) into the mechanisms it
/// holds, checked against `programme`: what they name must exist there
/// (a mechanism already in the programme with the same id is replaced by
/// the file's). All or nothing: the first problem, with its line and field.
pub fn read_mechanisms(
    file: &str,
    bytes: &[u8],
    programme: &Programme,
) -> Result<Vec<CooperationMechanism>, ImportError> {
    read_records(file, bytes, programme)
}

impl RecordKind for CooperationMechanism {
    const NAME: &'static str = "mechanism";
    const KEY_FIELD: &'static str = "id";
    const REQUIRED_COLUMNS: &'static [&'static str] = &["name"];

    fn read(r: &Record) -> FieldResult<Self> {
        read_mechanism(r)
    }

    fn key(&self) -> &str {
        &self.id
    }

    fn all_in(p: &mut Programme) -> &mut Vec<Self> {
        &mut p.mechanisms
    }

    fn subject_key(subject: &Subject) -> Option<&str> {
        match subject {
            Subject::Mechanism(id) => Some(id),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const JSONL: &str = r#"{"mechanism": {"name": "Regional CERT network", "type": "multistakeholder network", "scope": "regional", "issues": ["Network security", "cybercrime"], "actors": [{"name": "AfricaCERT", "stakeholder_group": "technical community", "country": "KE"}], "outputs": ["reports"], "gaps": ["capacity"], "sessions": ["WS 1"]}}
{"id": "data-flows-dialogue", "name": "Dialogue on data flows", "type": "dialogue", "status": "proposed", "sessions": ["WS 1", "WS 2"], "merged_into": "regional-cert-network"}
"#;

    #[test]
    fn a_mechanisms_file_reads_in_json_lines_and_csv_and_round_trips() {
        let p = crate::record_files::two_session_forum();
        let read = read_mechanisms("m.jsonl", JSONL.as_bytes(), &p).unwrap();
        assert_eq!(read.len(), 2);
        let cert = &read[0];
        assert_eq!(cert.id, "regional-cert-network");
        assert_eq!(cert.issues, ["network_security", "cybercrime"]);
        assert_eq!(cert.scope, MechanismScope::Regional);
        assert_eq!(cert.actors[0].country.as_deref(), Some("KEN"));
        assert_eq!(cert.actors[0].stakeholder_group, Some(StakeholderGroup::TechnicalCommunity));
        assert_eq!(read[1].status, MechanismStatus::Possible);
        assert_eq!(read[1].merged_into.as_deref(), Some("regional-cert-network"));

        assert_eq!(read_mechanisms("again.jsonl", write_jsonl(&read).as_bytes(), &p).unwrap(), read);
        let csv = write_csv(&read);
        assert!(csv.starts_with("id,name,description,issues,"), "{csv}");
        assert!(csv.contains("AfricaCERT | technical_community | KEN"), "{csv}");
        assert_eq!(read_mechanisms("m.csv", csv.as_bytes(), &p).unwrap(), read);
    }

    #[test]
    fn bad_records_are_refused_with_their_line_and_field() {
        let p = crate::record_files::two_session_forum();
        let cases = [
            (
                "{\"name\": \"X\", \"type\": \"dc\", \"sessions\": [\"WS 9\"]}\n",
                "m.jsonl:1: field `sessions`: no session has the id \"WS 9\"",
            ),
            (
                "{\"name\": \"X\", \"type\": \"dc\", \"sessions\": [\"WS 1\"]}\n{\"name\": \"Y\", \"type\": \"dc\", \"issues\": [\"astrology\"], \"sessions\": [\"WS 1\"]}\n",
                "m.jsonl:2: field `issues`: \"astrology\" is not an issue of the Digital Watch taxonomy (`throughline mechanism issues` lists them)",
            ),
            (
                "{\"name\": \"X\", \"sessions\": [\"WS 1\"]}\n",
                "m.jsonl:1: field `type`: is required (one of: intergovernmental, multistakeholder_network, standards_body, best_practice_forum, dynamic_coalition, policy_network, national_regional_initiative, industry_self_regulation, dialogue_process)",
            ),
            (
                "{\"name\": \"X\", \"type\": \"dc\", \"sessions\": [\"WS 1\"]}\n{\"name\": \"x\", \"type\": \"dc\", \"sessions\": [\"WS 2\"]}\n",
                "m.jsonl:2: field `id`: \"x\" is already the id of the mechanism on line 1",
            ),
            (
                "{\"name\": \"X\", \"type\": \"dc\", \"sessions\": [\"WS 1\"], \"actors\": [{\"name\": \"A\", \"country\": \"Narnia\"}]}\n",
                "m.jsonl:1: field `actors[1].country`: \"Narnia\" is not an ISO 3166 country code (e.g. \"KEN\")",
            ),
            (
                "{\"name\": \"X\", \"type\": \"dc\", \"sessions\": [\"WS 1\"], \"merged_into\": \"nothing\"}\n",
                "m.jsonl:1: field `merged_into`: no mechanism has the id \"nothing\"",
            ),
            (
                "{\"name\": \"X\", \"type\": \"dc\"}\n",
                "m.jsonl:1: field `sessions`: names no session (a mechanism is recorded from the sessions that identified it)",
            ),
        ];
        for (text, expected) in cases {
            let err = read_mechanisms("m.jsonl", text.as_bytes(), &p).unwrap_err();
            assert_eq!(err.to_string(), expected);
        }
        let csv = "name,type,sessions,actors\nX,dc,WS 1,A | nobody | KEN\n";
        let err = read_mechanisms("m.csv", csv.as_bytes(), &p).unwrap_err().to_string();
        assert!(
            err.starts_with("m.csv:2: field `actors[1].stakeholder_group`: unknown stakeholder group \"nobody\""),
            "{err}"
        );
        let err = read_mechanisms("m.csv", b"type,sessions\ndc,WS 1\n", &p).unwrap_err().to_string();
        assert!(err.starts_with("m.csv:1: the header has no `name` column"), "{err}");
    }
}
