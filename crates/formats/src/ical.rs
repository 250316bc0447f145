//! iCalendar (RFC 5545) feeds: a whole forum, one track, or a chosen list of
//! sessions, written with the `icalendar` crate (which folds lines at 75
//! octets). Times are UTC, with the venue's zone named in `X-WR-TIMEZONE`.
//! UIDs come from the session's stable guid, so they survive re-exports and
//! schedule changes; `SEQUENCE` is how often the session has moved, which the
//! caller knows from the audit trail.
//!
//! Text follows RFC 5545's TEXT rules (3.3.11): a line break inside a value,
//! whether CR LF, a bare CR or LF, is written `\n`, and the other control
//! characters TEXT cannot hold are left out (`ical_text`). The crate
//! escapes the values of the properties it knows as text (`SUMMARY`,
//! `DESCRIPTION`, `LOCATION`, `X-…`); the rest (`NAME`, `CATEGORIES`) are
//! escaped here, once.

use std::collections::HashMap;

use icalendar::{Calendar, Component, EventLike, Property};
use jiff::Timestamp;
use throughline_core::order::time_order;
use throughline_core::{Programme, Role, Session};

use crate::c3voc::{self, PageLinks};
use crate::lookup::Lookup;

/// Which sessions a feed holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// Every scheduled session of the forum.
    Forum,
    /// The sessions accepted into the track with this slug.
    Track(String),
    /// These sessions, by code (a personal agenda).
    Sessions(Vec<String>),
}

/// What the feed needs beyond the programme.
#[derive(Debug, Clone)]
pub struct FeedOptions<'a> {
    /// When the feed is made (`DTSTAMP`).
    pub stamp: Timestamp,
    /// Where the guide's pages live, for each event's `URL`.
    pub base_url: Option<&'a str>,
    /// How many times each session has moved (`SEQUENCE`); absent means never.
    pub moves: &'a HashMap<String, u32>,
}

/// Why a feed cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeedError {
    #[error(transparent)]
    UnknownTrack(#[from] throughline_core::NoSuchTrack),
    #[error("no session {0:?} in this forum")]
    UnknownSession(String),
}

/// The scheduled sessions a selection holds, in time order.
pub fn select<'a>(p: &'a Programme, selection: &Selection) -> Result<Vec<&'a Session>, FeedError> {
    let mut sessions = selected(p, selection)?;
    // Scheduled, with an end jiff can represent (`validate()` guarantees one
    // for what was read from a file, not for a programme made otherwise).
    sessions.retain(|s| s.end().is_some());
    sessions.sort_by(|a, b| time_order(a, b));
    sessions.dedup_by(|a, b| a.code == b.code);
    Ok(sessions)
}

/// The sessions a selection names, scheduled or not, in the programme's order.
pub fn selected<'a>(p: &'a Programme, selection: &Selection) -> Result<Vec<&'a Session>, FeedError> {
    Ok(match selection {
        Selection::Forum => p.sessions.iter().collect(),
        Selection::Track(slug) => {
            p.track(slug)?;
            let members = p.accepted_sessions(slug);
            p.sessions.iter().filter(|s| members.contains(s.code.as_str())).collect()
        }
        Selection::Sessions(codes) => codes
            .iter()
            .map(|c| p.session(c).ok_or_else(|| FeedError::UnknownSession(c.clone())))
            .collect::<Result<_, _>>()?,
    })
}

/// The calendar's name: the forum's, or the track's within the forum.
pub fn calendar_name(p: &Programme, selection: &Selection) -> String {
    match selection {
        Selection::Track(slug) => match p.tracks.iter().find(|t| &t.slug == slug) {
            Some(t) => format!("{} – {}", p.forum.name, t.title),
            None => p.forum.name.clone(),
        },
        Selection::Sessions(_) => format!("{} – my agenda", p.forum.name),
        Selection::Forum => p.forum.name.clone(),
    }
}

/// Writes the feed.
pub fn write(p: &Programme, selection: &Selection, options: &FeedOptions) -> Result<String, FeedError> {
    let sessions = select(p, selection)?;
    let mut cal = Calendar::empty();
    let name = ical_text(&calendar_name(p, selection));
    cal.append_property(Property::new("VERSION", "2.0"));
    cal.append_property(Property::new("PRODID", "-//Throughline//Track guide//EN"));
    cal.append_property(Property::new("CALSCALE", "GREGORIAN"));
    cal.append_property(Property::new("METHOD", "PUBLISH"));
    // The crate does not know NAME (RFC 7986) as text, but escapes X- properties itself.
    cal.append_property(Property::new("NAME", escape(&name)));
    cal.append_property(Property::new("X-WR-CALNAME", &name));
    cal.append_property(Property::new("X-WR-TIMEZONE", p.forum.time_zone.name()));
    let pages = PageLinks::new(p, options.base_url);
    let lookup = Lookup::new(p);
    for s in sessions {
        if let (Some(start), Some(end)) = (s.start, s.end()) {
            cal.push(event(p, &lookup, s, (start, end), options, pages.as_ref()));
        }
    }
    Ok(cal.done().to_string())
}

fn event(
    p: &Programme,
    lookup: &Lookup,
    s: &Session,
    (start, end): (Timestamp, Timestamp),
    options: &FeedOptions,
    pages: Option<&PageLinks>,
) -> icalendar::Event {
    let mut e = icalendar::Event::new();
    e.uid(&format!("{}@throughline", c3voc::guid(&p.forum.slug, &s.code)))
        .add_property("DTSTAMP", utc(options.stamp))
        .add_property("DTSTART", utc(start))
        .add_property("DTEND", utc(end))
        .sequence(options.moves.get(&s.code).copied().unwrap_or(0))
        .summary(&ical_text(&format!("{}: {}", s.code, s.title)))
        .description(&ical_text(&description(lookup, s)));
    if let Some(room) = &s.room {
        e.location(&ical_text(room));
    }
    if let Some(pages) = pages {
        e.url(&pages.session(&s.code));
    }
    let tracks: Vec<String> = lookup.tracks(&s.code).iter().map(|(_, title)| escape(&ical_text(title))).collect();
    if !tracks.is_empty() {
        // CATEGORIES is a list: each value escaped, joined by commas.
        e.add_property("CATEGORIES", tracks.join(","));
    }
    e.done()
}

/// The organisers and other people by role, then the session's description.
fn description(lookup: &Lookup, s: &Session) -> String {
    let mut lines = Vec::new();
    for role in Role::ALL {
        let names = lookup.names_in_role(&s.code, *role);
        if !names.is_empty() {
            lines.push(format!("{}: {}", plural(*role, names.len()), names.join(", ")));
        }
    }
    if let Some(link) = &s.remote_link {
        lines.push(format!("Remote participation: {link}"));
    }
    if !s.description.is_empty() {
        lines.push(String::new());
        lines.push(s.description.clone());
    }
    lines.join("\n")
}

fn plural(role: Role, n: usize) -> String {
    if n == 1 { role.label().to_string() } else { format!("{}s", role.label()) }
}

/// `20261130T060000Z`.
fn utc(t: Timestamp) -> String {
    t.strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// Text that TEXT can hold: every line break (CR LF, CR, LF) as LF, which
/// escaping writes `\n`, and no other control character but tab.
fn ical_text(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace(|c: char| c.is_ascii_control() && !matches!(c, '\t' | '\n'), "")
}

/// TEXT escaping (RFC 5545 3.3.11) for the values the crate leaves as they
/// are; `text` has been through [`ical_text`].
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace(',', "\\,").replace(';', "\\;").replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ImportOptions, read_programme};

    fn fixture() -> Programme {
        read_programme("f.jsonl", include_bytes!("../tests/fixtures/small_forum.jsonl"), &ImportOptions::default())
            .unwrap()
    }

    fn options(moves: &HashMap<String, u32>) -> FeedOptions<'_> {
        FeedOptions {
            stamp: "2026-05-01T12:00:00Z".parse().unwrap(),
            base_url: Some("https://guide.example.org"),
            moves,
        }
    }

    #[test]
    fn a_track_feed_holds_the_track_and_nothing_else() {
        let p = fixture();
        let moves = HashMap::from([("WS 1".to_string(), 2)]);
        let ics = write(&p, &Selection::Track("youth".into()), &options(&moves)).unwrap();
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1);
        assert!(ics.contains("SUMMARY:WS 1: Mapping cooperation mechanisms"), "{ics}");
        assert!(ics.contains("SEQUENCE:2"));
        assert!(ics.contains("CATEGORIES:Enhanced cooperation,Youth"), "{ics}");
        assert!(ics.contains("X-WR-CALNAME:Small Forum 2026 – Youth"));
        assert!(ics.contains("X-WR-TIMEZONE:Africa/Kigali"));
        assert!(ics.contains("DTSTART:20260601T070000Z"));
        assert!(ics.lines().all(|l| l.len() <= 75), "lines are folded at 75 octets");
        assert!(ics.contains("\r\n"));
        assert_eq!(ics.matches("PRODID").count(), 1);
    }

    #[test]
    fn uids_do_not_change_when_a_session_moves() {
        let mut p = fixture();
        let moves = HashMap::new();
        let uid = |ics: &str| ics.lines().find(|l| l.starts_with("UID:")).unwrap().to_string();
        let before = write(&p, &Selection::Sessions(vec!["2".into()]), &options(&moves)).unwrap();
        p.sessions.iter_mut().find(|s| s.code == "2").unwrap().room = Some("Hall".into());
        let after = write(&p, &Selection::Sessions(vec!["2".into()]), &options(&moves)).unwrap();
        assert_eq!(uid(&before), uid(&after));
        assert_ne!(before, after);
    }

    /// Issue 16, item 5: 3,114 bare CRs of the 36C3 feed once reached iCal text.
    #[test]
    fn line_breaks_of_every_kind_become_escaped_newlines() {
        assert_eq!(ical_text("a\r\nb\rc\nd\te\u{1b}[0m\u{0}\u{7f}"), "a\nb\nc\nd\te[0m");
        assert_eq!(escape(&ical_text("x,\ry;\\")), "x\\,\\ny\\;\\\\");
        let mut p = fixture();
        p.sessions.iter_mut().find(|s| s.code == "2").unwrap().title = "Bare\rCR".into();
        let moves = HashMap::new();
        let ics = write(&p, &Selection::Sessions(vec!["2".into()]), &options(&moves)).unwrap();
        assert!(ics.contains("SUMMARY:2: Bare\\nCR\r\n"), "{ics:?}");
        assert!(!ics.replace("\r\n", "").contains('\r'), "{ics:?}");
    }

    #[test]
    fn unknown_tracks_and_sessions_are_errors() {
        let p = fixture();
        let moves = HashMap::new();
        let Err(FeedError::UnknownTrack(e)) = write(&p, &Selection::Track("nope".into()), &options(&moves)) else {
            panic!("an unknown track is an error")
        };
        assert_eq!(e.slug, "nope");
        assert!(e.to_string().starts_with("no track \"nope\" in forum"), "{e}");
        assert!(write(&p, &Selection::Sessions(vec!["X".into()]), &options(&moves)).is_err());
        let forum = write(&p, &Selection::Forum, &options(&moves)).unwrap();
        assert_eq!(forum.matches("BEGIN:VEVENT").count(), 2, "the unscheduled session has no event");
    }
}
