//! Session reports as records of their own: one JSON object (in a
//! programme's JSON Lines file as `{"report": {...}}`, or a line of a reports
//! file) or one CSV row, read with errors that name the field and written so
//! that they read back the same. A reports file is read all or nothing
//! against the programme it goes into (see `record_files`).
//!
//! Fields, after the IGF's reporting template: `session` (required),
//! `rapporteur` (a person's name), `key_takeaways` (at most 3),
//! `calls_to_action` (at most 3; each an object `{"text", "addressed_to"}`
//! or the text `Call | stakeholder group, stakeholder group`),
//! `mechanisms` (registry ids), `participants_onsite`,
//! `participants_online`, `women_participants`, `women_speakers`,
//! `gender_discussed` (none, mentioned, substantial), `way_forward`,
//! `submitted_at` (RFC 3339; a report without it is a draft).

use serde_json::{Map, Value, json};
use throughline_core::programme::Subject;
use throughline_core::report::{CallToAction, GenderDiscussion};
use throughline_core::{Programme, SessionReport, StakeholderGroup, person_key};

use crate::fields::{FieldResult, Record, field_error, join_list_cell};
use crate::record_files::{RecordKind, read_records};
use crate::sessions_jsonl::{put_list, put_opt};
use crate::{ImportError, sessions_csv};

/// The columns of a reports CSV file, in order; `session` is required.
pub const COLUMNS: &[&str] = &[
    "session",
    "rapporteur",
    "key_takeaways",
    "calls_to_action",
    "policy_questions",
    "mechanisms",
    "participants_onsite",
    "participants_online",
    "women_participants",
    "women_speakers",
    "gender_discussed",
    "way_forward",
    "submitted_at",
];

/// Reads one report record.
pub(crate) fn read_report(r: &Record) -> FieldResult<SessionReport> {
    let mut report = SessionReport::new(&r.required_text("session")?);
    report.rapporteur = r.text("rapporteur")?.map(|name| person_key(&name));
    report.key_takeaways = r.list("key_takeaways")?;
    report.calls_to_action = read_calls(r)?;
    report.policy_questions = r.list("policy_questions")?;
    report.mechanisms = r.list("mechanisms")?;
    report.participants_onsite = r.count("participants_onsite")?;
    report.participants_online = r.count("participants_online")?;
    report.women_participants = r.count("women_participants")?;
    report.women_speakers = r.count("women_speakers")?;
    report.gender_discussed = r
        .text("gender_discussed")?
        .map(|g| GenderDiscussion::parse(&g).map_err(|e| field_error("gender_discussed", e.to_string())))
        .transpose()?;
    report.way_forward = r.text("way_forward")?.unwrap_or_default();
    report.submitted_at = r
        .text("submitted_at")?
        .map(|t| {
            t.parse().map_err(|_| {
                field_error("submitted_at", format!("{t:?} is not a time with its offset (e.g. 2026-12-10T09:00:00Z)"))
            })
        })
        .transpose()?;
    // What the template forbids is said here, at the record's line, rather
    // than only when the whole file is checked.
    if let Some((field, message)) = report.problems().into_iter().next() {
        return Err(field_error(field, message));
    }
    Ok(report)
}

/// Calls to action as objects, or as `Call | group, group` texts.
fn read_calls(r: &Record) -> FieldResult<Vec<CallToAction>> {
    let mut calls = Vec::new();
    if let Ok(objects) = r.objects("calls_to_action")
        && !objects.is_empty()
    {
        for (i, obj) in objects {
            let inner = Record::json(obj);
            let at =
                |e: crate::fields::FieldError| field_error(&format!("calls_to_action[{i}].{}", e.field), e.message);
            let text = inner.required_text("text").map_err(at)?;
            let addressed_to = addressees(&inner.list("addressed_to").map_err(at)?.join(","))
                .map_err(|m| field_error(&format!("calls_to_action[{i}].addressed_to"), m))?;
            calls.push(CallToAction { text, addressed_to });
        }
        return Ok(calls);
    }
    for (i, item) in r.list("calls_to_action")?.into_iter().enumerate() {
        let call = parse_call(&item).map_err(|m| field_error(&format!("calls_to_action[{}]", i + 1), m))?;
        calls.push(call);
    }
    Ok(calls)
}

/// Reads a call to action written `Call | stakeholder group, ...` (`all`
/// names every group), as a CSV cell or the command line gives it.
pub fn parse_call(text: &str) -> Result<CallToAction, String> {
    let Some((call, groups)) = text.rsplit_once('|') else {
        return Err(format!("{text:?} says nobody it is addressed to (write `call | stakeholder group, ...`)"));
    };
    Ok(CallToAction { text: call.trim().to_string(), addressed_to: addressees(groups)? })
}

/// Stakeholder groups separated by commas; `all` (or `all stakeholders`) is every group.
fn addressees(text: &str) -> Result<Vec<StakeholderGroup>, String> {
    let mut groups = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        if matches!(throughline_core::enums::normalise(part).as_str(), "all" | "all_stakeholders") {
            return Ok(StakeholderGroup::ALL.to_vec());
        }
        let group = StakeholderGroup::parse(part).map_err(|e| e.to_string())?;
        if !groups.contains(&group) {
            groups.push(group);
        }
    }
    if groups.is_empty() {
        return Err("says nobody it is addressed to".to_string());
    }
    Ok(groups)
}

/// A call to action as its text form, `Call | group, group`.
pub fn call_text(call: &CallToAction) -> String {
    let groups: Vec<&str> = call.addressed_to.iter().map(|g| g.code()).collect();
    format!("{} | {}", call.text, groups.join(", "))
}

/// A report as a JSON object; the rapporteur by name where `p` knows them.
pub fn report_object(p: &Programme, r: &SessionReport) -> Map<String, Value> {
    let mut o = Map::new();
    o.insert("session".into(), json!(r.session));
    let rapporteur = r.rapporteur.as_deref().map(|key| p.person(key).map_or(key, |person| person.name.as_str()));
    put_opt(&mut o, "rapporteur", rapporteur);
    put_list(&mut o, "key_takeaways", &r.key_takeaways);
    if !r.calls_to_action.is_empty() {
        let calls: Vec<Value> = r
            .calls_to_action
            .iter()
            .map(|c| {
                let groups: Vec<&str> = c.addressed_to.iter().map(|g| g.code()).collect();
                json!({"text": c.text, "addressed_to": groups})
            })
            .collect();
        o.insert("calls_to_action".into(), Value::Array(calls));
    }
    put_list(&mut o, "policy_questions", &r.policy_questions);
    put_list(&mut o, "mechanisms", &r.mechanisms);
    for (field, count) in [
        ("participants_onsite", r.participants_onsite),
        ("participants_online", r.participants_online),
        ("women_participants", r.women_participants),
        ("women_speakers", r.women_speakers),
    ] {
        if let Some(n) = count {
            o.insert(field.into(), json!(n));
        }
    }
    put_opt(&mut o, "gender_discussed", r.gender_discussed.map(|g| g.code()));
    put_opt(&mut o, "way_forward", Some(r.way_forward.as_str()).filter(|w| !w.is_empty()));
    let submitted = r.submitted_at.map(|t| t.to_string());
    put_opt(&mut o, "submitted_at", submitted.as_deref());
    o
}

/// Writes reports as JSON Lines, one object per line.
pub fn write_jsonl(p: &Programme, reports: &[SessionReport]) -> String {
    reports.iter().map(|r| format!("{}\n", Value::Object(report_object(p, r)))).collect()
}

/// Writes reports as CSV with the [`COLUMNS`] header; a call to action is
/// a line `Call | group, group` of its cell.
pub fn write_csv(p: &Programme, reports: &[SessionReport]) -> String {
    sessions_csv::write_rows(
        COLUMNS,
        reports.iter().map(|r| {
            let obj = report_object(p, r);
            COLUMNS
                .iter()
                .map(|c| match obj.get(*c) {
                    Some(_) if *c == "calls_to_action" => {
                        join_list_cell(&r.calls_to_action.iter().map(call_text).collect::<Vec<_>>())
                    }
                    Some(value) => sessions_csv::cell_of(value),
                    None => String::new(),
                })
                .collect()
        }),
    )
}

/// Reads a reports file (JSON Lines, one report per line, bare or as
/// `{"report": {...}}`; or CSV with a header) into the reports it holds,
/// checked against `programme`: the sessions, people and mechanisms they
/// name must exist there (a report already in the programme on the same
/// session is replaced by the file's). All or nothing: the first problem,
/// with its line and field.
pub fn read_reports(file: &str, bytes: &[u8], programme: &Programme) -> Result<Vec<SessionReport>, ImportError> {
    read_records(file, bytes, programme)
}

impl RecordKind for SessionReport {
    const NAME: &'static str = "report";
    const KEY_FIELD: &'static str = "session";
    const REQUIRED_COLUMNS: &'static [&'static str] = &["session"];

    fn read(r: &Record) -> FieldResult<Self> {
        read_report(r)
    }

    fn key(&self) -> &str {
        &self.session
    }

    fn all_in(p: &mut Programme) -> &mut Vec<Self> {
        &mut p.reports
    }

    fn subject_key(subject: &Subject) -> Option<&str> {
        match subject {
            Subject::Report(session) => Some(session),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use throughline_core::{CooperationMechanism, Person};

    fn programme() -> Programme {
        let mut p = crate::record_files::two_session_forum();
        p.people.push(Person::named("Amina Diallo"));
        p.mechanisms.push(CooperationMechanism::new(
            "cert-network",
            "CERT network",
            throughline_core::mechanism::MechanismType::MultistakeholderNetwork,
            throughline_core::mechanism::MechanismScope::Regional,
            throughline_core::mechanism::MechanismStatus::Existing,
        ));
        p.mechanisms[0].sessions = vec!["WS 1".into()];
        p
    }

    const JSONL: &str = r#"{"report": {"session": "WS 1", "rapporteur": "Amina Diallo", "key_takeaways": ["Trust is built regionally", "CERTs need funding"], "calls_to_action": [{"text": "Fund regional CERTs", "addressed_to": ["governments", "private sector"]}], "policy_questions": ["Who funds incident response; and how?", "Where is trust built?"], "mechanisms": ["cert-network"], "participants_onsite": 80, "participants_online": 40, "women_participants": 52, "women_speakers": 2, "gender_discussed": "mentioned", "way_forward": "Meet again in 2027.", "submitted_at": "2026-12-10T09:00:00+01:00"}}
{"session": "WS 2", "calls_to_action": ["Publish the data | all"]}
"#;

    #[test]
    fn a_reports_file_reads_in_json_lines_and_csv_and_round_trips() {
        let p = programme();
        let read = read_reports("r.jsonl", JSONL.as_bytes(), &p).unwrap();
        assert_eq!(read.len(), 2);
        let ws1 = &read[0];
        assert_eq!(ws1.rapporteur.as_deref(), Some("amina diallo"));
        assert_eq!(
            ws1.calls_to_action[0].addressed_to,
            [StakeholderGroup::Government, StakeholderGroup::PrivateSector]
        );
        assert_eq!(ws1.participants(), Some(120));
        assert_eq!(ws1.policy_questions, ["Who funds incident response; and how?", "Where is trust built?"]);
        assert_eq!(ws1.gender_discussed, Some(GenderDiscussion::Mentioned));
        assert_eq!(ws1.submitted_at.unwrap().to_string(), "2026-12-10T08:00:00Z");
        assert_eq!(read[1].calls_to_action[0].addressed_to.len(), StakeholderGroup::ALL.len());
        assert_eq!(read[1].submitted_at, None);

        let again = write_jsonl(&p, &read);
        assert!(again.contains("\"rapporteur\":\"Amina Diallo\""), "{again}");
        assert_eq!(read_reports("again.jsonl", again.as_bytes(), &p).unwrap(), read);
        let csv = write_csv(&p, &read);
        assert!(csv.starts_with("session,rapporteur,key_takeaways,"), "{csv}");
        assert!(csv.contains("Fund regional CERTs | government, private_sector"), "{csv}");
        assert_eq!(read_reports("r.csv", csv.as_bytes(), &p).unwrap(), read);
    }

    #[test]
    fn bad_reports_are_refused_with_their_line_and_field() {
        let p = programme();
        let cases = [
            (r#"{"session": "WS 9"}"#, "r.jsonl:1: field `session`: no session has the id \"WS 9\""),
            (
                r#"{"session": "WS 1", "key_takeaways": ["a", "b", "c", "d"]}"#,
                "r.jsonl:1: field `key_takeaways`: has 4 takeaways; the template allows 3",
            ),
            (
                r#"{"session": "WS 1", "participants_onsite": -3}"#,
                "r.jsonl:1: field `participants_onsite`: \"-3\" is not a whole number of at least 0",
            ),
            (
                r#"{"session": "WS 1", "calls_to_action": ["Act now"]}"#,
                "r.jsonl:1: field `calls_to_action[1]`: \"Act now\" says nobody it is addressed to (write `call | stakeholder group, ...`)",
            ),
            (
                r#"{"session": "WS 1", "mechanisms": ["nothing"]}"#,
                "r.jsonl:1: field `mechanisms`: no mechanism has the id \"nothing\"",
            ),
            (
                r#"{"session": "WS 1", "rapporteur": "Nobody Known"}"#,
                "r.jsonl:1: field `rapporteur`: no person has the key \"nobody known\"",
            ),
            (
                r#"{"session": "WS 1", "participants_onsite": 10, "women_participants": 11}"#,
                "r.jsonl:1: field `women_participants`: 11 women among 10 participants",
            ),
            (
                r#"{"session": "WS 1", "gender_discussed": "maybe"}"#,
                "r.jsonl:1: field `gender_discussed`: unknown gender discussion \"maybe\" (expected one of: none, mentioned, substantial)",
            ),
        ];
        for (text, expected) in cases {
            let err = read_reports("r.jsonl", format!("{text}\n").as_bytes(), &p).unwrap_err();
            assert_eq!(err.to_string(), expected, "{text}");
        }
        let twice = "{\"session\": \"WS 1\"}\n{\"session\": \"WS 1\"}\n";
        let err = read_reports("r.jsonl", twice.as_bytes(), &p).unwrap_err().to_string();
        assert_eq!(err, "r.jsonl:2: field `session`: \"WS 1\" is already the session of the report on line 1");
        let csv = "session,calls_to_action\nWS 1,Act | nobody\n";
        let err = read_reports("r.csv", csv.as_bytes(), &p).unwrap_err().to_string();
        assert!(err.starts_with("r.csv:2: field `calls_to_action[1]`: unknown stakeholder group \"nobody\""), "{err}");
    }
}
