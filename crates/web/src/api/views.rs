//! The shapes the API answers with and reads: its contract, kept apart from
//! the domain model so the model can change without breaking API clients.
//! No view carries a self-declared gender, and the only e-mail address
//! one carries (who decided or claimed a membership) goes to the track's
//! managers alone (`MembershipView`).

use serde::{Deserialize, Serialize};
use throughline_app::reading::{Edition, ReadableForum};
use throughline_core::{Programme, Session, TrackMembership};
use throughline_schedule::Problem;
use utoipa::ToSchema;

/// A forum the caller may read.
#[derive(Debug, Serialize, ToSchema)]
pub struct ForumView {
    pub slug: String,
    pub name: String,
    /// IANA time zone of the forum's local times.
    pub time_zone: String,
    /// Number of the newest publication; null while the forum was never published.
    pub publication: Option<i64>,
}

impl From<ReadableForum> for ForumView {
    fn from(f: ReadableForum) -> ForumView {
        ForumView { slug: f.slug, name: f.name, time_zone: f.time_zone, publication: f.publication }
    }
}

/// Which state of the forum an answer comes from.
#[derive(Debug, Serialize, ToSchema)]
pub struct EditionView {
    /// `working` (the store as it is now: the forum's admins) or `published`.
    pub edition: &'static str,
    /// The publication's number, for `published`.
    pub publication: Option<i64>,
}

impl From<Edition> for EditionView {
    fn from(e: Edition) -> EditionView {
        match e {
            Edition::Working => EditionView { edition: "working", publication: None },
            Edition::Published(n) => EditionView { edition: "published", publication: Some(n) },
        }
    }
}

/// A person as a session lists them.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonView {
    pub name: String,
    /// organiser, moderator, speaker, rapporteur, …
    pub role: String,
    pub affiliation: Option<String>,
    /// Stakeholder group code (government, civil_society, …).
    pub stakeholder_group: Option<String>,
    /// ISO 3166-1 alpha-3 code.
    pub country: Option<String>,
}

/// A session of the programme.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionView {
    pub code: String,
    pub title: String,
    pub description: String,
    /// Session type code (workshop, open_forum, …).
    pub kind: String,
    /// Proposal status code (approved, submitted, …): only the forum's admins see others than approved.
    pub status: String,
    /// Start as RFC 3339 (UTC); null while unscheduled.
    pub start: Option<String>,
    pub end: Option<String>,
    pub duration_minutes: u32,
    pub room: Option<String>,
    pub languages: Vec<String>,
    pub tags: Vec<String>,
    pub policy_questions: Vec<String>,
    pub remote_link: Option<String>,
    pub people: Vec<PersonView>,
    /// Slugs of the tracks that accepted the session.
    pub tracks: Vec<String>,
}

impl SessionView {
    pub fn of(p: &Programme, s: &Session) -> SessionView {
        let people = p
            .participations
            .iter()
            .filter(|x| x.session == s.code)
            .filter_map(|x| {
                let person = p.people.iter().find(|q| q.key == x.person)?;
                Some(PersonView {
                    name: person.name.clone(),
                    role: x.role.code().to_string(),
                    affiliation: person.affiliation.clone(),
                    stakeholder_group: person.stakeholder_group.map(|g| g.code().to_string()),
                    country: person.country.clone(),
                })
            })
            .collect();
        let tracks = p
            .memberships
            .iter()
            .filter(|m| m.session == s.code && m.status == throughline_core::MembershipStatus::Accepted)
            .map(|m| m.track.clone())
            .collect();
        SessionView {
            code: s.code.clone(),
            title: s.title.clone(),
            description: s.description.clone(),
            kind: s.kind.code().to_string(),
            status: s.status.code().to_string(),
            start: s.start.map(|t| t.to_string()),
            end: s.end().map(|t| t.to_string()),
            duration_minutes: s.duration_minutes,
            room: s.room.clone(),
            languages: s.languages.clone(),
            tags: s.tags.clone(),
            policy_questions: s.policy_questions.clone(),
            remote_link: s.remote_link.clone(),
            people,
            tracks,
        }
    }
}

/// The sessions of a forum.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionList {
    #[serde(flatten)]
    pub edition: EditionView,
    pub sessions: Vec<SessionView>,
}

/// A track of the forum.
#[derive(Debug, Serialize, ToSchema)]
pub struct TrackView {
    pub slug: String,
    pub title: String,
    pub narrative: String,
    pub policy_questions: Vec<String>,
    /// How many sessions the track has accepted.
    pub accepted_sessions: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TrackList {
    #[serde(flatten)]
    pub edition: EditionView,
    pub tracks: Vec<TrackView>,
}

/// A session's place in a track.
#[derive(Debug, Serialize, ToSchema)]
pub struct MembershipView {
    pub session: String,
    pub title: String,
    /// suggested, accepted or rejected.
    pub status: String,
    /// core, related or feeder.
    pub role: String,
    /// suggested (by discovery), claimed (by the session's organiser), added_by_coordinator or imported.
    pub origin: String,
    /// Discovery's score; only for those who manage the track.
    pub score: Option<f64>,
    /// Why discovery suggested it; only for those who manage the track.
    pub reasons: Vec<String>,
    /// Who decided; only for those who manage the track.
    pub decided_by: Option<String>,
}

impl MembershipView {
    pub fn of(p: &Programme, m: &TrackMembership, full: bool) -> MembershipView {
        MembershipView {
            session: m.session.clone(),
            title: p.session(&m.session).map(|s| s.title.clone()).unwrap_or_default(),
            status: m.status.code().to_string(),
            role: m.role.code().to_string(),
            origin: m.origin.code().to_string(),
            score: m.score.filter(|_| full),
            reasons: if full { m.reasons.clone() } else { Vec::new() },
            decided_by: m.decided_by.clone().filter(|_| full),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MembershipList {
    pub track: String,
    pub memberships: Vec<MembershipView>,
}

/// What a coordinator decides on one session of the track.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum VerdictCode {
    Accept,
    Reject,
    /// Keep the status, make the session core to the track.
    Core,
    Related,
    Feeder,
}

/// A membership status as the caller last saw it.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SeenStatus {
    Suggested,
    Accepted,
    Rejected,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionItem {
    /// Session code.
    pub session: String,
    pub verdict: VerdictCode,
    /// The status the caller saw (null: the session was not in the track). If
    /// someone decided otherwise meanwhile, the whole request is a conflict (409).
    pub seen: Option<SeenStatus>,
}

/// Decisions on sessions of one track, recorded all or nothing.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionRequest {
    pub decisions: Vec<DecisionItem>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DecisionAnswer {
    /// How many memberships changed.
    pub changed: usize,
}

/// One scheduled session in the timetable.
#[derive(Debug, Serialize, ToSchema)]
pub struct TimetableEntry {
    pub code: String,
    pub title: String,
    /// RFC 3339 (UTC).
    pub start: String,
    pub end: String,
    pub room: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Timetable {
    #[serde(flatten)]
    pub edition: EditionView,
    pub time_zone: String,
    pub entries: Vec<TimetableEntry>,
}

/// One problem of the timetable.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProblemView {
    /// track_clash, suggested_clash, person_clash, room_clash, longer_than_slot, over_capacity or unavailable.
    pub kind: String,
    pub message: String,
    /// Codes of the sessions concerned.
    pub sessions: Vec<String>,
}

impl From<&Problem> for ProblemView {
    fn from(problem: &Problem) -> ProblemView {
        ProblemView {
            kind: problem.kind().to_string(),
            message: problem.describe(),
            sessions: throughline_app::timetable::problem_sessions(problem).iter().map(|s| s.code.clone()).collect(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ClashReport {
    /// The track reported on; null for the whole forum.
    pub track: Option<String>,
    pub problems: Vec<ProblemView>,
}

/// The caller's personal agenda in a forum.
#[derive(Debug, Serialize, ToSchema)]
pub struct Agenda {
    /// Session codes.
    pub sessions: Vec<String>,
}

/// What every failed call answers.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    pub status: u16,
    pub message: String,
    /// The input field the message is about, where there is one.
    pub field: Option<String>,
}
