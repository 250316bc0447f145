//! What frab's schedule.xml and c3voc's schedule.json share: a conference
//! with days, rooms and events. Readers turn each event into the session
//! record of Throughline's own format (so one builder checks everything);
//! writers share the ids, guids, slugs, day grouping and primary track that
//! both formats demand.

use std::collections::{BTreeMap, HashMap, HashSet};

use jiff::Timestamp;
use serde_json::{Map, Value, json};
use throughline_core::order::time_order;
use throughline_core::{Programme, Session};
use uuid::Uuid;

use crate::ImportError;
use crate::fields::Record;
use crate::programme_builder::ProgrammeBuilder;

/// One event as read from either format, before it becomes a session record.
#[derive(Debug, Default)]
pub(crate) struct Event {
    pub id: Option<String>,
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub kind: Option<String>,
    pub language: Option<String>,
    pub abstract_: Option<String>,
    pub description: Option<String>,
    /// Absolute start, RFC 3339 with an offset.
    pub date: Option<String>,
    /// Fallback when `date` is missing: the day's date and the time of day.
    pub day: Option<String>,
    pub start: Option<String>,
    pub duration: Option<String>,
    pub room: Option<String>,
    pub track: Option<String>,
    /// Throughline's extension: the session's own code and every track.
    pub extension: Extension,
    pub persons: Vec<String>,
    /// (title, url) of the event's links.
    pub links: Vec<(String, String)>,
}

impl Event {
    /// The fields both formats name alike, read through `field` (which gives
    /// a child element's or a key's non-blank text).
    pub fn with_common_fields(field: impl Fn(&str) -> Option<String>) -> Event {
        Event {
            title: field("title"),
            subtitle: field("subtitle"),
            kind: field("type"),
            language: field("language"),
            abstract_: field("abstract"),
            description: field("description"),
            date: field("date"),
            start: field("start"),
            duration: field("duration"),
            room: field("room"),
            track: field("track"),
            ..Event::default()
        }
    }

    /// The session record in Throughline's JSON Lines shape.
    pub fn into_record(self) -> Map<String, Value> {
        let mut o = Map::new();
        let mut put = |k: &str, v: Option<String>| {
            if let Some(v) = v {
                o.insert(k.to_string(), Value::String(v));
            }
        };
        let title = match (self.title, self.subtitle) {
            (Some(t), Some(s)) => Some(format!("{t} — {s}")),
            (t, _) => t,
        };
        let description = match (self.abstract_, self.description) {
            (Some(a), Some(d)) if a.trim() != d.trim() => Some(format!("{a}\n\n{d}")),
            (Some(a), _) => Some(a),
            (None, d) => d,
        };
        put("id", self.extension.code.or(self.id));
        put("title", title);
        put("description", description);
        put("type", self.kind);
        put("language", self.language);
        put("start", self.date.or(self.start));
        put("date", self.day);
        put("duration", self.duration);
        put("room", self.room);
        let mut labels: Vec<String> = self.track.into_iter().collect();
        labels.extend(self.extension.tracks);
        o.insert("track_labels".into(), json!(labels));
        o.insert("speakers".into(), json!(self.persons));
        // Throughline writes the remote-participation link as a link with this title.
        let (remote, links): (Vec<_>, Vec<_>) =
            self.links.into_iter().partition(|(title, _)| title == REMOTE_LINK_TITLE);
        if let Some((_, url)) = remote.into_iter().next() {
            o.insert("remote_link".into(), json!(url));
        }
        let links: Vec<Value> = links.into_iter().map(|(title, url)| json!({ "title": title, "url": url })).collect();
        o.insert("links".into(), Value::Array(links));
        o
    }
}

/// What Throughline adds to an event in the exchange formats, which have no
/// field for it: the session's own code where the format's numeric id differs,
/// and every track where there is more than one.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Extension {
    pub code: Option<String>,
    pub tracks: Vec<String>,
}

impl Extension {
    /// The extension a session needs, if any, given its accepted tracks (primary first).
    pub fn of(s: &Session, id: u64, tracks: &[(&str, &str)]) -> Option<Extension> {
        let ext = Extension {
            code: (s.code != id.to_string()).then(|| s.code.clone()),
            tracks: if tracks.len() > 1 {
                tracks.iter().map(|(slug, _)| slug.to_string()).collect()
            } else {
                Vec::new()
            },
        };
        (ext != Extension::default()).then_some(ext)
    }
}

/// Gives every event a distinct id: a repeated id (real "everything" files
/// list an event once per stage) becomes `id-2`, `id-3`… with a warning.
#[derive(Default)]
pub(crate) struct UniqueIds {
    seen: HashMap<String, usize>,
}

impl UniqueIds {
    pub fn claim(&mut self, id: String, place: &str) -> (String, Option<String>) {
        let n = self.seen.entry(id.clone()).or_insert(0);
        *n += 1;
        if *n == 1 {
            return (id, None);
        }
        let unique = format!("{id}-{n}");
        let warning = format!("{place}: the event id {id:?} is used again; this event is imported as {unique:?}");
        (unique, Some(warning))
    }
}

/// The title of the link that carries a session's remote-participation URL.
pub(crate) const REMOTE_LINK_TITLE: &str = "Remote participation";

/// A session's links as (title, url), its remote-participation link last.
pub(crate) fn links_of(s: &Session) -> Vec<(&str, &str)> {
    let mut links: Vec<(&str, &str)> = s.links.iter().map(|l| (l.title.as_str(), l.url.as_str())).collect();
    if let Some(url) = &s.remote_link {
        links.push((REMOTE_LINK_TITLE, url));
    }
    links
}

/// Hands one event to the builder as session record number `n`: a repeated
/// id made unique and links cleaned, each change noted as a warning at `place`.
pub(crate) fn add_event(
    builder: &mut ProgrammeBuilder,
    ids: &mut UniqueIds,
    mut event: Event,
    n: usize,
    place: &str,
) -> Result<(), ImportError> {
    if let Some(id) = event.id.take() {
        let (id, warning) = ids.claim(id, place);
        builder.warn_if(warning);
        event.id = Some(id);
    }
    let (links, notes) = clean_links(std::mem::take(&mut event.links));
    event.links = links;
    for note in notes {
        builder.warn(format!("{place}: {note}"));
    }
    builder.session(n, &Record::json(&event.into_record()))
}

/// Real schedules hold links like `www.example.org`: those get `https://`;
/// what is no web address at all is left out. Returns the links and a note
/// per change.
pub(crate) fn clean_links(links: Vec<(String, String)>) -> (Vec<(String, String)>, Vec<String>) {
    let mut notes = Vec::new();
    let mut kept = Vec::new();
    for (title, url) in links {
        if throughline_core::session::is_web_url(&url) {
            kept.push((title, url));
        } else if !url.contains("://") && !url.contains(char::is_whitespace) && url.contains('.') {
            let fixed = format!("https://{url}");
            notes.push(format!("the link {url:?} is read as {fixed:?}"));
            kept.push((title, fixed));
        } else {
            notes.push(format!("the link {url:?} is not a web address and is left out"));
        }
    }
    (kept, notes)
}

/// A blank-insensitive optional text.
pub(crate) fn non_blank(s: Option<&str>) -> Option<String> {
    s.map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

// ---- writing ----

/// The namespace of the guids Throughline derives (a UUID v5 of the forum and session).
const GUID_NAMESPACE: Uuid = Uuid::from_u128(0x6c2f_3a1e_8d4b_4f0a_9e57_2b1c_0d3e_7a91);

/// A stable guid for a session: the same forum and code give the same guid in every export.
pub(crate) fn guid(forum: &str, code: &str) -> String {
    guid_uuid(forum, code).to_string()
}

fn guid_uuid(forum: &str, code: &str) -> Uuid {
    Uuid::new_v5(&GUID_NAMESPACE, format!("{forum}\u{1f}{code}").as_bytes())
}

/// Positive integer ids for the formats that demand them: a session whose
/// code is a positive integer keeps it; the others get a stable number from
/// their guid, moved on past any collision in code order.
pub(crate) fn numeric_ids(p: &Programme) -> HashMap<String, u64> {
    let mut ids = HashMap::new();
    let mut taken = HashSet::new();
    let mut rest = Vec::new();
    for s in &p.sessions {
        match s.code.parse::<u64>() {
            Ok(n) if n > 0 && taken.insert(n) => {
                ids.insert(s.code.clone(), n);
            }
            _ => rest.push(s),
        }
    }
    rest.sort_by(|a, b| a.code.cmp(&b.code));
    for s in rest {
        let g = guid_uuid(&p.forum.slug, &s.code).as_u128();
        let mut n = 100_000_000 + (g % 900_000_000) as u64;
        while !taken.insert(n) {
            n += 1;
        }
        ids.insert(s.code.clone(), n);
    }
    ids
}

/// The forum's acronym in the form the formats demand (`[a-z0-9_-]{4,}`).
pub(crate) fn acronym(p: &Programme) -> String {
    let mut a: String = p.forum.slug.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    while a.len() < 4 {
        a.push('_');
    }
    a
}

/// Where the guide's session pages are: `{base}/sessions/{page slug}.html`,
/// with the slugs `Programme::session_page_slugs` gives the guide's pages.
pub(crate) struct PageLinks {
    base: String,
    slugs: std::collections::HashMap<String, String>,
}

impl PageLinks {
    pub(crate) fn new(p: &Programme, base: Option<&str>) -> Option<PageLinks> {
        base.map(|b| PageLinks { base: b.trim_end_matches('/').to_string(), slugs: p.session_page_slugs() })
    }

    pub(crate) fn session(&self, code: &str) -> String {
        let slug = self.slugs.get(code).map_or_else(|| throughline_core::slugify(code), String::clone);
        format!("{}/sessions/{slug}.html", self.base)
    }
}

/// A slug per event that the XSD accepts (`[a-z0-9_]{4,}-[a-z0-9\-_]{4,}`) and the JSON schema too.
pub(crate) fn event_slug(p: &Programme, s: &Session) -> String {
    let head = acronym(p).replace('-', "_");
    let mut tail: String = throughline_core::slugify(&format!("{} {}", s.code, s.title))
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' })
        .take(60)
        .collect();
    tail = tail.trim_end_matches(['-', '_']).to_string();
    while tail.len() < 4 {
        tail.push('0');
    }
    format!("{head}-{tail}")
}

/// Scheduled sessions grouped by the venue's local date, then by room in the
/// forum's room order, each room's sessions in time order.
pub(crate) type Days<'a> = BTreeMap<String, Vec<(&'a str, Vec<&'a Session>)>>;

pub(crate) fn days(p: &Programme) -> Days<'_> {
    let mut by_day: BTreeMap<String, BTreeMap<usize, Vec<&Session>>> = BTreeMap::new();
    let room_index = |name: &str| p.rooms.iter().position(|r| r.name == name).unwrap_or(usize::MAX);
    for s in &p.sessions {
        // Scheduled: a start, an end jiff can represent, and a room.
        if let (Some(start), Some(_), Some(room)) = (s.start, s.end(), s.room.as_deref()) {
            let day = p.forum.local_date(start).to_string();
            by_day.entry(day).or_default().entry(room_index(room)).or_default().push(s);
        }
    }
    by_day
        .into_iter()
        .map(|(day, rooms)| {
            let rooms = rooms
                .into_values()
                .map(|mut sessions| {
                    sessions.sort_by(|a, b| time_order(a, b));
                    (sessions[0].room.as_deref().unwrap_or(""), sessions)
                })
                .collect();
            (day, rooms)
        })
        .collect()
}

/// The first start and last end of a day's sessions; None for a day
/// without a scheduled session (which [`days`] never makes).
pub(crate) fn day_bounds(rooms: &[(&str, Vec<&Session>)]) -> Option<(Timestamp, Timestamp)> {
    rooms.iter().flat_map(|(_, s)| s.iter()).filter_map(|s| s.start.zip(s.end())).fold(None, |bounds, (start, end)| {
        Some(bounds.map_or((start, end), |(first, last): (Timestamp, Timestamp)| (first.min(start), last.max(end))))
    })
}

/// `09:00` in the forum's zone.
pub(crate) fn local_time(p: &Programme, t: Timestamp) -> String {
    p.forum.local_clock(t)
}

/// `01:30`.
pub(crate) fn hours_minutes(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use throughline_core::Forum;

    #[test]
    fn guids_are_stable_and_distinct() {
        assert_eq!(guid("f", "WS 1"), guid("f", "WS 1"));
        assert_ne!(guid("f", "WS 1"), guid("f", "WS 2"));
        assert_ne!(guid("f", "WS 1"), guid("g", "WS 1"));
    }

    #[test]
    fn ids_keep_numbers_and_number_the_rest() {
        let mut p = Programme::new(Forum::new("f", "F"));
        for code in ["17", "WS 1", "WS 2", "0"] {
            p.sessions.push(Session {
                code: code.into(),
                title: "T".into(),
                duration_minutes: 30,
                ..Session::default()
            });
        }
        let ids = numeric_ids(&p);
        assert_eq!(ids["17"], 17);
        let values: HashSet<u64> = ids.values().copied().collect();
        assert_eq!(values.len(), 4);
        assert!(ids.values().all(|&n| n > 0));
        assert_eq!(numeric_ids(&p), ids);
    }

    #[test]
    fn slugs_fit_the_pattern() {
        let mut p = Programme::new(Forum::new("f", "F"));
        let s = Session { code: "7".into(), title: "Ü".into(), ..Session::default() };
        p.sessions.push(s.clone());
        assert_eq!(acronym(&p), "f___");
        assert_eq!(event_slug(&p, &s), "f___-7-u0");
    }
}
