//! A programme: everything Throughline knows about one forum, as one value
//! (forum, rooms, slots, sessions, people, participations, tracks and
//! memberships, mechanisms, reports), and the checks that hold across records.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::forum::{Forum, Room, Slot};
use crate::mechanism::CooperationMechanism;
use crate::person::{Participation, Person};
use crate::report::SessionReport;
use crate::session::Session;
use crate::track::{Track, TrackMembership};

/// The whole of one forum.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Programme {
    pub forum: Forum,
    pub rooms: Vec<Room>,
    pub slots: Vec<Slot>,
    pub sessions: Vec<Session>,
    pub people: Vec<Person>,
    pub participations: Vec<Participation>,
    pub tracks: Vec<Track>,
    pub memberships: Vec<TrackMembership>,
    pub mechanisms: Vec<CooperationMechanism>,
    pub reports: Vec<SessionReport>,
}

/// What a cross-record check found wrong, and the record it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgrammeError {
    pub subject: Subject,
    /// The field the problem is in.
    pub field: &'static str,
    pub message: String,
}

/// A track slug a programme does not have, with the slugs it has.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no track {slug:?} in forum {forum:?} (tracks: {})", if known.is_empty() { "none yet".to_string() } else { known.join(", ") })]
pub struct NoSuchTrack {
    pub forum: String,
    pub slug: String,
    pub known: Vec<String>,
}

/// The record a [`ProgrammeError`] is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Forum,
    Room(String),
    Session(String),
    Person(String),
    Track(String),
    Mechanism(String),
    /// The report on a session, by the session's code.
    Report(String),
}

impl std::fmt::Display for ProgrammeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.subject {
            Subject::Forum => write!(f, "forum")?,
            Subject::Room(r) => write!(f, "room {r:?}")?,
            Subject::Session(s) => write!(f, "session {s:?}")?,
            Subject::Person(p) => write!(f, "person {p:?}")?,
            Subject::Track(t) => write!(f, "track {t:?}")?,
            Subject::Mechanism(m) => write!(f, "mechanism {m:?}")?,
            Subject::Report(s) => write!(f, "report on {s:?}")?,
        }
        write!(f, ", field `{}`: {}", self.field, self.message)
    }
}

impl Programme {
    /// An empty programme for a forum.
    pub fn new(forum: Forum) -> Programme {
        Programme {
            forum,
            rooms: Vec::new(),
            slots: Vec::new(),
            sessions: Vec::new(),
            people: Vec::new(),
            participations: Vec::new(),
            tracks: Vec::new(),
            memberships: Vec::new(),
            mechanisms: Vec::new(),
            reports: Vec::new(),
        }
    }

    pub fn session(&self, code: &str) -> Option<&Session> {
        self.sessions.iter().find(|s| s.code == code)
    }

    /// The track with this slug, or an error that lists the tracks there are.
    pub fn track(&self, slug: &str) -> Result<&Track, NoSuchTrack> {
        self.tracks.iter().find(|t| t.slug == slug).ok_or_else(|| NoSuchTrack {
            forum: self.forum.slug.clone(),
            slug: slug.to_string(),
            known: self.tracks.iter().map(|t| t.slug.clone()).collect(),
        })
    }

    pub fn person(&self, key: &str) -> Option<&Person> {
        self.people.iter().find(|p| p.key == key)
    }

    pub fn room(&self, name: &str) -> Option<&Room> {
        self.rooms.iter().find(|r| r.name == name)
    }

    /// The file-name stem of each session's page in the guide (and of the
    /// links the exports and feeds make to it): its code slugged, made
    /// unique, and bounded in length (`slug::bounded_stems`).
    pub fn session_page_slugs(&self) -> std::collections::HashMap<String, String> {
        let slugs = crate::slug::unique_slugs(self.sessions.iter().map(|s| s.code.as_str()), "session");
        crate::slug::bounded_stems(slugs.iter().map(|(code, slug)| (code.as_str(), slug.as_str())))
    }

    /// The programme cut down to the sessions whose codes are given, with
    /// what refers to them: their people's roles, their track memberships
    /// and reports, and the mechanisms that name one of them (naming only
    /// those). The forum, rooms, slots, tracks and people stay.
    pub fn only_sessions(&self, codes: &HashSet<&str>) -> Programme {
        let mut part = self.clone();
        part.sessions.retain(|s| codes.contains(s.code.as_str()));
        part.participations.retain(|x| codes.contains(x.session.as_str()));
        part.memberships.retain(|m| codes.contains(m.session.as_str()));
        part.reports.retain(|r| codes.contains(r.session.as_str()));
        for m in &mut part.mechanisms {
            m.sessions.retain(|s| codes.contains(s.as_str()));
        }
        part.mechanisms.retain(|m| !m.sessions.is_empty());
        // A record merged into one left out now points at the nearest record
        // of its chain that stays (or at none).
        let kept: HashSet<String> = part.mechanisms.iter().map(|m| m.id.clone()).collect();
        for m in &mut part.mechanisms {
            let mut target = m.merged_into.clone();
            let mut steps = 0;
            while let Some(id) = target.as_deref()
                && !kept.contains(id)
                && steps < self.mechanisms.len()
            {
                target = self.mechanisms.iter().find(|x| x.id == id).and_then(|x| x.merged_into.clone());
                steps += 1;
            }
            m.merged_into = target.filter(|id| kept.contains(id));
        }
        part
    }

    /// Codes of the sessions with an accepted membership in the track.
    pub fn accepted_sessions(&self, track: &str) -> HashSet<&str> {
        self.memberships
            .iter()
            .filter(|m| m.track == track && m.status == crate::MembershipStatus::Accepted)
            .map(|m| m.session.as_str())
            .collect()
    }

    /// Puts rooms, slots, sessions, people, tracks and the links between them
    /// in a canonical order, so two programmes with the same content compare equal.
    pub fn sort(&mut self) {
        self.rooms.sort_by(|a, b| a.name.cmp(&b.name));
        self.slots.sort();
        self.sessions.sort_by(|a, b| a.code.cmp(&b.code));
        self.people.sort_by(|a, b| a.key.cmp(&b.key));
        self.participations.sort_by(|a, b| (&a.session, &a.person, a.role).cmp(&(&b.session, &b.person, b.role)));
        self.tracks.sort_by(|a, b| a.slug.cmp(&b.slug));
        self.memberships.sort_by(|a, b| (&a.track, &a.session).cmp(&(&b.track, &b.session)));
        self.mechanisms.sort_by(|a, b| a.id.cmp(&b.id));
        self.reports.sort_by(|a, b| a.session.cmp(&b.session));
    }

    /// Checks what must hold across records: unique keys, references that
    /// resolve, sessions in known rooms and within their slot. Returns every
    /// problem found (empty when the programme is consistent).
    pub fn validate(&self) -> Vec<ProgrammeError> {
        let mut errors = Vec::new();
        let mut err = |subject: Subject, field: &'static str, message: String| {
            errors.push(ProgrammeError { subject, field, message })
        };

        let mut rooms = HashSet::new();
        for room in &self.rooms {
            if !rooms.insert(room.name.as_str()) {
                err(Subject::Room(room.name.clone()), "name", "room is declared twice".into());
            }
        }
        let mut slots: Vec<&Slot> = self.slots.iter().collect();
        slots.sort();
        for pair in slots.windows(2) {
            if pair[1].start < pair[0].end {
                err(
                    Subject::Forum,
                    "slots",
                    format!(
                        "slot {} overlaps slot {}",
                        self.forum.local(pair[1].start),
                        self.forum.local(pair[0].start)
                    ),
                );
            }
        }
        for slot in &self.slots {
            if slot.end <= slot.start {
                err(Subject::Forum, "slots", format!("slot {} ends before it starts", self.forum.local(slot.start)));
            }
        }

        let mut codes = HashSet::new();
        for s in &self.sessions {
            let subject = || Subject::Session(s.code.clone());
            if !codes.insert(s.code.as_str()) {
                err(subject(), "id", "the id is used by another session too".into());
            }
            if s.start.is_some() && s.end().is_none() {
                err(subject(), "start", "the session would end after the year 9999".into());
            }
            for link in &s.links {
                if !crate::session::is_web_url(&link.url) {
                    err(subject(), "links", format!("{:?} is not a web address (http:// or https://)", link.url));
                }
            }
            if let Some(link) = &s.remote_link
                && !crate::session::is_web_url(link)
            {
                err(subject(), "remote_link", format!("{link:?} is not a web address (http:// or https://)"));
            }
            if s.duration_minutes == 0 {
                err(subject(), "duration", "a session must last at least one minute".into());
            }
            if let Some(room) = &s.room
                && !self.rooms.is_empty()
                && !rooms.contains(room.as_str())
            {
                err(subject(), "room", format!("{room:?} is not one of the forum's rooms"));
            }
            if let (Some(start), Some(end)) = (s.start, s.end())
                && let Some(slot) = self.slots.iter().find(|slot| slot.contains(start))
                && end > slot.end
            {
                err(
                    subject(),
                    "duration",
                    format!(
                        "the session lasts {} min but its slot {}–{} lasts {} min",
                        s.duration_minutes,
                        self.forum.local(slot.start),
                        &self.forum.local_clock(slot.end),
                        slot.minutes()
                    ),
                );
            }
        }
        for s in &self.sessions {
            if let Some(target) = s.status.merged_into()
                && !codes.contains(target)
            {
                err(Subject::Session(s.code.clone()), "merged_into", format!("no session has the id {target:?}"));
            }
        }

        let mut people = HashSet::new();
        for p in &self.people {
            if !people.insert(p.key.as_str()) {
                err(Subject::Person(p.name.clone()), "name", "the person is declared twice".into());
            }
            if p.unavailable.iter().any(|u| u.end <= u.start) {
                err(Subject::Person(p.name.clone()), "unavailable", "a time that ends before it starts".into());
            }
            if let Some(c) = &p.country
                && crate::Country::find(c).is_none()
            {
                err(Subject::Person(p.name.clone()), "country", format!("{c:?} is not an ISO 3166 country code"));
            }
        }
        let mut seen_participations = HashSet::new();
        for part in &self.participations {
            if !codes.contains(part.session.as_str()) {
                err(Subject::Session(part.session.clone()), "people", "participation in an unknown session".into());
            }
            if !people.contains(part.person.as_str()) {
                err(Subject::Session(part.session.clone()), "people", format!("unknown person {:?}", part.person));
            }
            if !seen_participations.insert(part) {
                err(
                    Subject::Session(part.session.clone()),
                    "people",
                    format!("{:?} is listed twice as {}", part.person, part.role.code()),
                );
            }
        }

        let mut tracks = HashSet::new();
        for t in &self.tracks {
            if !tracks.insert(t.slug.as_str()) {
                err(Subject::Track(t.slug.clone()), "slug", "the track is declared twice".into());
            }
            if !crate::slug::is_valid_slug(&t.slug) {
                err(Subject::Track(t.slug.clone()), "slug", "use lowercase letters, digits and hyphens".into());
            }
            if let Some(c) = &t.colour
                && !crate::track::is_valid_colour(c)
            {
                err(Subject::Track(t.slug.clone()), "colour", format!("{c:?} is not a #rrggbb colour"));
            }
        }
        let mut memberships: HashMap<(&str, &str), ()> = HashMap::new();
        for m in &self.memberships {
            if !tracks.contains(m.track.as_str()) {
                err(Subject::Session(m.session.clone()), "track_labels", format!("unknown track {:?}", m.track));
            }
            if !codes.contains(m.session.as_str()) {
                err(Subject::Track(m.track.clone()), "sessions", format!("unknown session {:?}", m.session));
            }
            if memberships.insert((&m.track, &m.session), ()).is_some() {
                err(Subject::Session(m.session.clone()), "track_labels", format!("track {:?} is named twice", m.track));
            }
        }
        self.validate_mechanisms_and_reports(&codes, &mut err);
        errors
    }

    /// The mechanisms' and reports' part of [`Programme::validate`]: what
    /// they name (sessions, issues, countries, other mechanisms) exists.
    fn validate_mechanisms_and_reports(
        &self,
        codes: &HashSet<&str>,
        err: &mut impl FnMut(Subject, &'static str, String),
    ) {
        let mut ids = HashSet::new();
        for m in &self.mechanisms {
            let subject = || Subject::Mechanism(m.id.clone());
            if !ids.insert(m.id.as_str()) {
                err(subject(), "id", "the id is used by another mechanism too".into());
            }
            if !crate::slug::is_valid_slug(&m.id) {
                err(subject(), "id", "use lowercase letters, digits and hyphens".into());
            }
            if m.name.trim().is_empty() {
                err(subject(), "name", "is empty".into());
            }
            if m.sessions.is_empty() {
                err(
                    subject(),
                    "sessions",
                    "names no session (a mechanism is recorded from the sessions that identified it)".into(),
                );
            }
            for code in &m.sessions {
                if !codes.contains(code.as_str()) {
                    err(subject(), "sessions", format!("no session has the id {code:?}"));
                }
            }
            for issue in &m.issues {
                if !crate::PolicyIssue::all().iter().any(|i| i.code == issue) {
                    err(subject(), "issues", format!("{issue:?} is not an issue code of the Digital Watch taxonomy"));
                }
            }
            for actor in &m.actors {
                if actor.name.trim().is_empty() {
                    err(subject(), "actors", "an actor has no name".into());
                }
                if let Some(c) = &actor.country
                    && crate::Country::find(c).is_none()
                {
                    err(subject(), "actors", format!("{c:?} is not an ISO 3166 country code"));
                }
            }
        }
        for m in &self.mechanisms {
            let Some(target) = &m.merged_into else { continue };
            let subject = || Subject::Mechanism(m.id.clone());
            if target == &m.id {
                err(subject(), "merged_into", "a mechanism cannot be merged into itself".into());
            } else if !ids.contains(target.as_str()) {
                err(subject(), "merged_into", format!("no mechanism has the id {target:?}"));
            } else if crate::mechanism::root_of(&self.mechanisms, &m.id).is_none() {
                err(subject(), "merged_into", "the merges go round in a loop".into());
            }
        }
        let mut reported = HashSet::new();
        for r in &self.reports {
            let subject = || Subject::Report(r.session.clone());
            if !codes.contains(r.session.as_str()) {
                err(subject(), "session", format!("no session has the id {:?}", r.session));
            }
            if !reported.insert(r.session.as_str()) {
                err(subject(), "session", "the session has another report too".into());
            }
            if let Some(key) = &r.rapporteur
                && self.person(key).is_none()
            {
                err(subject(), "rapporteur", format!("no person has the key {key:?}"));
            }
            for id in &r.mechanisms {
                if !ids.contains(id.as_str()) {
                    err(subject(), "mechanisms", format!("no mechanism has the id {id:?}"));
                }
            }
            for (field, message) in r.problems() {
                err(subject(), field, message);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Participation, Role, TrackMembership};

    #[test]
    fn a_track_is_found_by_slug_or_the_error_lists_the_tracks() {
        let mut p = Programme::new(Forum::new("f", "F"));
        assert_eq!(p.track("x").unwrap_err().to_string(), "no track \"x\" in forum \"f\" (tracks: none yet)");
        p.tracks.push(Track::new("a", "A"));
        p.tracks.push(Track::new("b", "B"));
        assert_eq!(p.track("b").unwrap().title, "B");
        let e = p.track("c").unwrap_err();
        assert_eq!(e.known, ["a", "b"]);
        assert_eq!(e.to_string(), "no track \"c\" in forum \"f\" (tracks: a, b)");
    }

    fn at(s: &str) -> jiff::Timestamp {
        s.parse().unwrap()
    }

    fn sample() -> Programme {
        let mut p = Programme::new(Forum::new("f", "F"));
        p.rooms.push(Room { name: "A".into(), capacity: Some(50), remote: true });
        p.slots.push(Slot { start: at("2026-01-01T09:00:00Z"), end: at("2026-01-01T10:00:00Z") });
        p.sessions.push(Session {
            code: "WS 1".into(),
            title: "One".into(),
            duration_minutes: 60,
            start: Some(at("2026-01-01T09:00:00Z")),
            room: Some("A".into()),
            ..Session::default()
        });
        p.people.push(Person::named("Ana"));
        p.participations.push(Participation { session: "WS 1".into(), person: "ana".into(), role: Role::Organiser });
        p.tracks.push(crate::Track::new("t", "T"));
        p.memberships.push(TrackMembership::imported("t", "WS 1"));
        p
    }

    #[test]
    fn a_consistent_programme_passes() {
        assert_eq!(sample().validate(), vec![]);
    }

    #[test]
    fn a_session_longer_than_its_slot_is_refused() {
        let mut p = sample();
        p.sessions[0].duration_minutes = 120;
        let errors = p.validate();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].subject, Subject::Session("WS 1".into()));
        assert!(errors[0].message.contains("lasts 120 min but its slot"), "{}", errors[0]);
        assert!(errors[0].message.contains("lasts 60 min"), "{}", errors[0]);
    }

    #[test]
    fn a_mechanism_names_sessions_issues_countries_and_mechanisms_that_exist() {
        use crate::mechanism::{MechanismScope, MechanismStatus, MechanismType};
        let mut p = sample();
        let mut m = crate::CooperationMechanism::new(
            "cert-network",
            "CERT network",
            MechanismType::MultistakeholderNetwork,
            MechanismScope::Regional,
            MechanismStatus::Existing,
        );
        m.sessions = vec!["WS 1".into()];
        m.issues = vec!["network_security".into()];
        p.mechanisms.push(m.clone());
        assert_eq!(p.validate(), vec![]);

        let mut bad = m.clone();
        bad.id = "other".into();
        bad.sessions = vec!["WS 9".into()];
        bad.issues = vec!["astrology".into()];
        bad.actors.push(crate::MechanismActor {
            name: "X".into(),
            stakeholder_group: None,
            country: Some("XX".into()),
        });
        bad.merged_into = Some("nothing".into());
        p.mechanisms.push(bad);
        let errors = p.validate();
        let found: Vec<(&str, &str)> = errors.iter().map(|e| (e.field, e.message.as_str())).collect();
        assert_eq!(
            found,
            [
                ("sessions", "no session has the id \"WS 9\""),
                ("issues", "\"astrology\" is not an issue code of the Digital Watch taxonomy"),
                ("actors", "\"XX\" is not an ISO 3166 country code"),
                ("merged_into", "no mechanism has the id \"nothing\""),
            ]
        );
        assert_eq!(errors[0].subject, Subject::Mechanism("other".into()));
        assert_eq!(errors[0].to_string(), "mechanism \"other\", field `sessions`: no session has the id \"WS 9\"");

        p.mechanisms[1] = m.clone();
        p.mechanisms[1].id = "other".into();
        p.mechanisms[1].merged_into = Some("cert-network".into());
        p.mechanisms[0].merged_into = Some("other".into());
        let errors = p.validate();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors.iter().all(|e| e.message == "the merges go round in a loop"), "{errors:?}");

        p.mechanisms[0].merged_into = None;
        p.reports.push(crate::SessionReport {
            session: "WS 1".into(),
            rapporteur: None,
            key_takeaways: vec![],
            calls_to_action: vec![],
            mechanisms: vec!["other".into(), "gone".into()],
            participants_onsite: None,
            participants_online: None,
            submitted_at: None,
            ..crate::SessionReport::default()
        });
        let errors = p.validate();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].field, "mechanisms");
    }

    #[test]
    fn broken_references_are_found() {
        let mut p = sample();
        p.sessions[0].room = Some("B".into());
        p.participations.push(Participation { session: "WS 9".into(), person: "bob".into(), role: Role::Speaker });
        p.memberships.push(TrackMembership::imported("nope", "WS 1"));
        p.sessions.push(p.sessions[0].clone());
        let fields: Vec<&str> = p.validate().iter().map(|e| e.field).collect();
        assert!(fields.contains(&"room"));
        assert!(fields.contains(&"people"));
        assert!(fields.contains(&"track_labels"));
        assert!(fields.contains(&"id"));
    }
}
