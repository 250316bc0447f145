//! The printable guide: a track's guide (a cover with its narrative and
//! policy questions, a one-page timetable at a glance, a page per session)
//! and the whole forum's programme, typeset with Typst used as a library.
//! Typst's own fonts are embedded and system fonts (Arabic, Chinese) join
//! them where installed, so it works offline. The data reaches the template
//! (`templates/guide.typ`) as `sys.inputs`, never as markup: nothing in a
//! title can change the layout. No file I/O: bytes out.

use std::fmt;
use std::sync::OnceLock;

use serde_json::{Value as Json, json};
use throughline_core::session::StandardKind;
use throughline_core::{Programme, Session, SessionKind};
use typst::foundations::{Array, Dict, Str, Value};
use typst_as_lib::typst_kit_options::TypstKitFontOptions;
use typst_as_lib::{TypstEngine, TypstTemplateMainFile};
use typst_layout::PagedDocument;

const TEMPLATE: &str = include_str!("../templates/guide.typ");

/// A guide that could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfError(pub String);

impl fmt::Display for PdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PdfError {}

/// The guide to one track: its accepted sessions in time order.
pub fn track_guide(p: &Programme, track: &str) -> Result<Vec<u8>, PdfError> {
    let t = p.tracks.iter().find(|t| t.slug == track).ok_or_else(|| {
        let known: Vec<&str> = p.tracks.iter().map(|t| t.slug.as_str()).collect();
        PdfError(format!("forum {:?} has no track {track:?} (it has: {})", p.forum.slug, known.join(", ")))
    })?;
    let members = p.accepted_sessions(track);
    let mut sessions: Vec<&Session> = p.sessions.iter().filter(|s| members.contains(s.code.as_str())).collect();
    sessions.sort_by(|a, b| (a.start.is_none(), a.start, &a.code).cmp(&(b.start.is_none(), b.start, &b.code)));
    let highlight = |s: &Session| {
        if t.intro_session.as_deref() == Some(s.code.as_str()) {
            "Introduction"
        } else if t.concluding_session.as_deref() == Some(s.code.as_str()) {
            "Conclusion"
        } else if s.kind == SessionKind::Standard(StandardKind::PreEvent) {
            "Pre-event"
        } else {
            ""
        }
    };
    let mut warnings = Vec::new();
    for (i, a) in sessions.iter().enumerate() {
        for b in &sessions[i + 1..] {
            if let (Some(sa), Some(ea), Some(sb), Some(eb)) = (a.start, a.end(), b.start, b.end())
                && sa < eb
                && sb < ea
            {
                warnings.push(format!(
                    "{} and {} overlap ({}): you cannot follow both in person.",
                    a.code,
                    b.code,
                    p.forum.local(sa.max(sb))
                ));
            }
        }
    }
    let inputs = json!({
        "kind": "track",
        "title": t.title,
        "narrative": t.narrative,
        "questions": t.policy_questions,
        "sessions": sessions.iter().map(|s| session(p, s, highlight(s))).collect::<Vec<_>>(),
        "warnings": warnings,
        "days": [],
    });
    render(p, inputs)
}

/// The whole forum's programme, day by day; unscheduled sessions last.
pub fn programme(p: &Programme) -> Result<Vec<u8>, PdfError> {
    let mut sessions: Vec<&Session> = p.sessions.iter().collect();
    sessions.sort_by(|a, b| (a.start.is_none(), a.start, &a.code).cmp(&(b.start.is_none(), b.start, &b.code)));
    let mut days: Vec<(String, Vec<Json>)> = Vec::new();
    for s in sessions {
        let label = s.start.map_or_else(|| "Not scheduled yet".to_string(), |t| day_label(&p.forum.local(t)[..10]));
        match days.last_mut() {
            Some((l, list)) if *l == label => list.push(session(p, s, "")),
            _ => days.push((label, vec![session(p, s, "")])),
        }
    }
    let inputs = json!({
        "kind": "programme",
        "title": "Programme",
        "narrative": "",
        "questions": [],
        "sessions": [],
        "warnings": [],
        "days": days.into_iter().map(|(label, sessions)| json!({"label": label, "sessions": sessions})).collect::<Vec<_>>(),
    });
    render(p, inputs)
}

/// What the template shows of a session.
fn session(p: &Programme, s: &Session, highlight: &str) -> Json {
    let local = |t: jiff::Timestamp| p.forum.local(t);
    let (day, start, end) = match (s.start, s.end()) {
        (Some(a), Some(b)) => (day_label(&local(a)[..10]), local(a)[11..].to_string(), local(b)[11..].to_string()),
        _ => (String::new(), String::new(), String::new()),
    };
    let people: Vec<String> = p
        .participations
        .iter()
        .filter(|x| x.session == s.code)
        .map(|x| {
            let person = p.person(&x.person);
            let name = person.map_or(x.person.as_str(), |person| person.name.as_str());
            let group = person.and_then(|person| person.stakeholder_group).map(|g| format!(", {}", g.label()));
            // ISO's "Gambia (the)" reads as "Gambia" in running text.
            let country = person
                .and_then(|person| person.country_facts())
                .map(|c| format!(", {}", c.name.trim_end_matches(" (the)")));
            format!("{name} ({}{}{})", x.role.label(), group.unwrap_or_default(), country.unwrap_or_default())
        })
        .collect();
    let tracks: Vec<&str> = p
        .tracks
        .iter()
        .filter(|t| p.accepted_sessions(&t.slug).contains(s.code.as_str()))
        .map(|t| t.title.as_str())
        .collect();
    json!({
        "code": s.code,
        "title": s.title,
        "kind": s.kind.label(),
        "day": day,
        "start": start,
        "end": end,
        "room": s.room.clone().unwrap_or_default(),
        "description": s.description,
        "questions": s.policy_questions,
        "people": people,
        "tracks": tracks,
        "remote": s.remote_link.clone().unwrap_or_default(),
        "highlight": highlight,
    })
}

/// "2026-12-01" → "Tuesday 1 December 2026".
fn day_label(date: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    match date.parse::<jiff::civil::Date>() {
        Ok(d) => {
            let weekday = d.strftime("%A").to_string();
            format!("{weekday} {} {} {}", d.day(), MONTHS[(d.month() - 1) as usize], d.year())
        }
        Err(_) => date.to_string(),
    }
}

/// The forum's dates, "30 November – 3 December 2026", from its slots or sessions.
fn forum_dates(p: &Programme) -> String {
    let mut days: Vec<String> = p.slots.iter().map(|s| p.forum.local(s.start)[..10].to_string()).collect();
    days.extend(p.sessions.iter().filter_map(|s| s.start).map(|t| p.forum.local(t)[..10].to_string()));
    days.sort();
    match (days.first(), days.last()) {
        (Some(a), Some(b)) if a == b => day_label(a),
        (Some(a), Some(b)) => format!("{} – {}", day_label(a), day_label(b)),
        _ => String::new(),
    }
}

fn engine() -> &'static TypstEngine<TypstTemplateMainFile> {
    static ENGINE: OnceLock<TypstEngine<TypstTemplateMainFile>> = OnceLock::new();
    ENGINE.get_or_init(|| {
        TypstEngine::builder()
            .main_file(TEMPLATE)
            .search_fonts_with(TypstKitFontOptions::default().include_system_fonts(true).include_embedded_fonts(true))
            .build()
    })
}

fn render(p: &Programme, mut inputs: Json) -> Result<Vec<u8>, PdfError> {
    inputs["forum"] = json!(p.forum.name);
    inputs["dates"] = json!(forum_dates(p));
    inputs["time_zone"] = json!(p.forum.time_zone.name());
    inputs["lang"] = json!("en");
    inputs["note"] = json!("Made with Throughline.");
    inputs["labels"] = json!({
        "unscheduled": "not scheduled yet",
        "tracks": "Tracks",
        "policy_questions": "Policy questions",
        "people": "People",
        "remote": "Join remotely",
        "times_in": "Times are in the forum's time zone,",
        "at_a_glance": "At a glance",
        "day": "Day",
        "time": "Time",
        "room": "Room",
        "session": "Session",
    });
    let Value::Dict(dict) = to_value(&inputs) else { unreachable!("inputs are an object") };
    let doc: PagedDocument = engine()
        .compile_with_input(dict)
        .output
        .map_err(|e| PdfError(format!("the guide could not be typeset: {e:?}")))?;
    typst_pdf::pdf(&doc, &typst_pdf::PdfOptions::default())
        .map_err(|e| PdfError(format!("the guide could not be written as PDF: {e:?}")))
}

/// JSON to Typst values: strings stay strings (shown as text, never parsed as markup).
fn to_value(v: &Json) -> Value {
    match v {
        Json::Null => Value::None,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => n.as_i64().map_or_else(|| Value::Float(n.as_f64().unwrap_or(0.0)), Value::Int),
        Json::String(s) => Value::Str(Str::from(s.as_str())),
        Json::Array(items) => Value::Array(items.iter().map(to_value).collect::<Array>()),
        Json::Object(map) => {
            Value::Dict(map.iter().map(|(k, v)| (Str::from(k.as_str()), to_value(v))).collect::<Dict>())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_labels_read_as_dates() {
        assert_eq!(day_label("2026-12-01"), "Tuesday 1 December 2026");
        assert_eq!(day_label("someday"), "someday");
    }
}
