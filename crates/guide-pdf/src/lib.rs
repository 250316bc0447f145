//! The printable guide: a track's guide (a cover with its narrative and
//! policy questions, a one-page timetable at a glance, a page per session),
//! the whole forum's programme, and a track's or the forum's Taking Stock
//! with its charts (`templates/taking_stock.typ`, from what the guide's
//! page shows), typeset with Typst used as a library, in
//! any language of the site's message catalogs (`throughline_guide::i18n`).
//! Typst's own fonts are embedded and system fonts (Arabic, Chinese) join
//! them where installed, so it works offline. The data reaches the template
//! (`templates/guide.typ`) as `sys.inputs`, never as markup: nothing in a
//! title can change the layout. No file I/O: bytes out.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use serde_json::{Value as Json, json};
use throughline_core::clash::track_clashes;
use throughline_core::order::time_order;
use throughline_core::publication::public_part;
use throughline_core::session::StandardKind;
use throughline_core::{Programme, Session, SessionKind};
use throughline_guide::dates::{date_range, local_date, long_date};
use throughline_guide::i18n::{Catalog, Lang, catalog};
use throughline_guide::{Guide, GuideOptions};
use typst::foundations::{Array, Dict, Str, Value};
use typst_as_lib::typst_kit_options::TypstKitFontOptions;
use typst_as_lib::{TypstEngine, TypstTemplateMainFile};
use typst_layout::PagedDocument;

const TEMPLATE: &str = include_str!("../templates/guide.typ");
const TAKING_STOCK_TEMPLATE: &str = include_str!("../templates/taking_stock.typ");

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
pub fn track_guide(p: &Programme, track: &str, lang: Lang) -> Result<Vec<u8>, PdfError> {
    let public = public_part(p, false);
    let p = &public;
    let cat = catalog(lang);
    let t = p.track(track).map_err(|e| PdfError(e.to_string()))?;
    let members = p.accepted_sessions(track);
    let sessions = in_time_order(p.sessions.iter().filter(|s| members.contains(s.code.as_str())));
    let titles = track_titles(p);
    let highlight = |s: &Session| {
        if t.intro_session.as_deref() == Some(s.code.as_str()) {
            cat.text("tag.intro")
        } else if t.concluding_session.as_deref() == Some(s.code.as_str()) {
            cat.text("tag.concluding")
        } else if s.kind == SessionKind::Standard(StandardKind::PreEvent) {
            cat.text("tag.pre_event")
        } else {
            ""
        }
    };
    // The track's clashes, as its page warns of them; the later session starts when both run.
    let warnings: Vec<String> = track_clashes(p, track)
        .into_iter()
        .filter_map(|[a, b]| {
            Some(
                cat.text("pdf.overlap")
                    .replace("{a}", &a.code)
                    .replace("{b}", &b.code)
                    .replace("{at}", &p.forum.local(b.start?)),
            )
        })
        .collect();
    let inputs = json!({
        "kind": "track",
        "title": t.title,
        "narrative": t.narrative,
        "questions": t.policy_questions,
        "sessions": sessions.iter().map(|s| session(p, cat, &titles, s, highlight(s))).collect::<Vec<_>>(),
        "warnings": warnings,
        "days": [],
    });
    render(p, lang, inputs)
}

/// The whole forum's programme, day by day; unscheduled sessions last.
pub fn programme(p: &Programme, lang: Lang) -> Result<Vec<u8>, PdfError> {
    let public = public_part(p, false);
    let p = &public;
    let cat = catalog(lang);
    let sessions = in_time_order(p.sessions.iter());
    let titles = track_titles(p);
    let mut days: Vec<(String, Vec<Json>)> = Vec::new();
    for s in sessions {
        let label = s.start.map_or_else(
            || cat.text("session.not_scheduled_heading").to_string(),
            |t| long_date(cat, local_date(&p.forum, t)),
        );
        match days.last_mut() {
            Some((l, list)) if *l == label => list.push(session(p, cat, &titles, s, "")),
            _ => days.push((label, vec![session(p, cat, &titles, s, "")])),
        }
    }
    let inputs = json!({
        "kind": "programme",
        "title": cat.text("index.programme"),
        "narrative": "",
        "questions": [],
        "sessions": [],
        "warnings": [],
        "days": days.into_iter().map(|(label, sessions)| json!({"label": label, "sessions": sessions})).collect::<Vec<_>>(),
    });
    render(p, lang, inputs)
}

/// The Taking Stock of a track (or, with None, of the forum) as of `now`,
/// with its charts; None when there is nothing to take stock of yet (no
/// filed report and no mechanism among its sessions). Draft tracks are
/// included, as in the track guide, so that a coordinator can print theirs
/// before publishing it.
pub fn taking_stock(
    p: &Programme,
    track: Option<&str>,
    lang: Lang,
    now: jiff::Timestamp,
) -> Result<Option<Vec<u8>>, PdfError> {
    let guide = Guide::new(p, GuideOptions::new(now)).map_err(|e| PdfError(e.to_string()))?;
    let Some(doc) = guide.taking_stock_document(lang, track).map_err(|e| PdfError(e.to_string()))? else {
        return Ok(None);
    };
    let cat = catalog(lang);
    let public = guide.programme();
    let inputs = json!({
        "content": doc.content,
        "labels": doc.labels,
        "charts": doc.charts,
        "forum": public.forum.name,
        "dates": forum_dates(public, cat),
        "lang": lang.code(),
        "note": cat.text("pdf.made_with"),
    });
    typeset(&TAKING_STOCK, TAKING_STOCK_TEMPLATE, &inputs).map(Some)
}

/// Scheduled sessions by start (then code), the unscheduled last.
fn in_time_order<'a>(sessions: impl Iterator<Item = &'a Session>) -> Vec<&'a Session> {
    let mut sessions: Vec<&Session> = sessions.collect();
    sessions.sort_by(|a, b| time_order(a, b));
    sessions
}

/// What the template shows of a session.
/// Per session code, the titles of the tracks that accepted it, in the programme's track order.
fn track_titles(p: &Programme) -> HashMap<&str, Vec<&str>> {
    let mut titles: HashMap<&str, Vec<&str>> = HashMap::new();
    for t in &p.tracks {
        for code in p.accepted_sessions(&t.slug) {
            titles.entry(code).or_default().push(t.title.as_str());
        }
    }
    titles
}

fn session(p: &Programme, cat: &Catalog, titles: &HashMap<&str, Vec<&str>>, s: &Session, highlight: &str) -> Json {
    let (day, start, end) = match (s.start, s.end()) {
        (Some(a), Some(b)) => (long_date(cat, local_date(&p.forum, a)), p.forum.local_clock(a), p.forum.local_clock(b)),
        _ => (String::new(), String::new(), String::new()),
    };
    let people: Vec<String> = p
        .participations
        .iter()
        .filter(|x| x.session == s.code)
        .map(|x| {
            let person = p.person(&x.person);
            let name = person.map_or(x.person.as_str(), |person| person.name.as_str());
            let group = person.and_then(|person| person.stakeholder_group).map(|g| format!(", {}", cat.stakeholder(g)));
            // ISO's "Gambia (the)" reads as "Gambia" in running text.
            let country = person
                .and_then(|person| person.country_facts())
                .map(|c| format!(", {}", c.name.trim_end_matches(" (the)")));
            format!("{name} ({}{}{})", cat.role(x.role), group.unwrap_or_default(), country.unwrap_or_default())
        })
        .collect();
    let tracks = titles.get(s.code.as_str()).cloned().unwrap_or_default();
    json!({
        "code": s.code,
        "title": s.title,
        "kind": cat.kind(&s.kind),
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

/// The forum's dates, from its slots or sessions.
fn forum_dates(p: &Programme, cat: &Catalog) -> String {
    let mut days: Vec<jiff::civil::Date> = p.slots.iter().map(|s| local_date(&p.forum, s.start)).collect();
    days.extend(p.sessions.iter().filter_map(|s| s.start).map(|t| local_date(&p.forum, t)));
    days.sort();
    match (days.first(), days.last()) {
        (Some(&a), Some(&b)) if a == b => long_date(cat, a),
        (Some(&a), Some(&b)) => date_range(cat, a, b),
        _ => String::new(),
    }
}

type Engine = OnceLock<TypstEngine<TypstTemplateMainFile>>;
static GUIDE: Engine = OnceLock::new();
static TAKING_STOCK: Engine = OnceLock::new();

/// Typesets `template` with `inputs` as `sys.inputs` (the engine, with its
/// fonts, made once per template).
fn typeset(engine: &Engine, template: &'static str, inputs: &Json) -> Result<Vec<u8>, PdfError> {
    let engine = engine.get_or_init(|| {
        TypstEngine::builder()
            .main_file(template)
            .search_fonts_with(TypstKitFontOptions::default().include_system_fonts(true).include_embedded_fonts(true))
            .build()
    });
    let Value::Dict(dict) = to_value(inputs) else { unreachable!("inputs are an object") };
    let doc: PagedDocument = engine
        .compile_with_input(dict)
        .output
        .map_err(|e| PdfError(format!("the document could not be typeset: {e:?}")))?;
    typst_pdf::pdf(&doc, &typst_pdf::PdfOptions::default())
        .map_err(|e| PdfError(format!("the document could not be written as PDF: {e:?}")))
}

fn render(p: &Programme, lang: Lang, mut inputs: Json) -> Result<Vec<u8>, PdfError> {
    let cat = catalog(lang);
    inputs["forum"] = json!(p.forum.name);
    inputs["dates"] = json!(forum_dates(p, cat));
    inputs["time_zone"] = json!(p.forum.time_zone.name());
    inputs["lang"] = json!(lang.code());
    inputs["note"] = json!(cat.text("pdf.made_with"));
    inputs["labels"] = json!({
        "unscheduled": cat.text("session.not_scheduled"),
        "tracks": cat.text("nav.tracks"),
        "policy_questions": cat.text("page.policy_questions"),
        "people": cat.text("session.people"),
        "remote": cat.text("session.remote_link"),
        "times_in": cat.text("page.times_in"),
        "at_a_glance": cat.text("pdf.at_a_glance"),
        "day": cat.text("pdf.day"),
        "time": cat.text("session.when"),
        "room": cat.text("session.room"),
        "session": cat.text("pdf.session"),
    });
    typeset(&GUIDE, TEMPLATE, &inputs)
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
