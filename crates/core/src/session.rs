//! Sessions: the units of a forum's programme (workshops, open forums, main
//! sessions, talks…), with what they are about and where and when they run.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::enums::{UnknownValue, closed_enum, normalise};

closed_enum! {
    /// The session kinds Throughline knows (IGF's, plus the common ones of
    /// other conferences).
    StandardKind, "session kind" {
        Workshop => "workshop", "Workshop", ["ws", "feeder_workshop"];
        OpenForum => "open_forum", "Open forum", ["of"];
        MainSession => "main_session", "Main session", ["main", "focus_session", "plenary"];
        PreEvent => "pre_event", "Pre-event", ["day_0", "day_0_event", "pre_event_day_0"];
        LightningTalk => "lightning_talk", "Lightning talk", ["lightning", "lightning_session", "flash_session", "flash"];
        DynamicCoalition => "dynamic_coalition", "Dynamic coalition session", ["dc", "dynamic_coalition_session"];
        BestPracticeForum => "best_practice_forum", "Best practice forum session", ["bpf", "best_practice_forum_session"];
        PolicyNetwork => "policy_network", "Policy network session", ["pn", "policy_network_session"];
        NriSession => "nri_session", "NRI collaborative session", ["nri", "nri_collaborative_session"];
        NetworkingSession => "networking_session", "Networking session", ["networking"];
        TownHall => "town_hall", "Town hall", ["unconference"];
        Launch => "launch", "Launch", ["book_launch"];
        TrackOpening => "track_opening", "Track introductory session", ["introductory_session", "track_introduction"];
        TrackClosing => "track_closing", "Track concluding session", ["concluding_session", "track_conclusion"];
        TakingStock => "taking_stock", "Taking stock", ["open_mic", "open_mic_taking_stock"];
        Ceremony => "ceremony", "Ceremony", ["opening_ceremony", "closing_ceremony"];
        Talk => "talk", "Talk", ["lecture", "presentation_talk"];
        Other => "other", "Other";
    }
}

/// A session's kind: one Throughline knows, or the programme's own label kept
/// as written (real programmes use kinds like "devroom" or "Talk (45 mins)").
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SessionKind {
    Standard(StandardKind),
    Custom(String),
}

impl SessionKind {
    pub fn parse(value: &str) -> SessionKind {
        match StandardKind::parse(value) {
            Ok(kind) => SessionKind::Standard(kind),
            Err(_) if normalise(value).is_empty() => SessionKind::Standard(StandardKind::Other),
            Err(_) => SessionKind::Custom(value.trim().to_string()),
        }
    }

    /// The code written to files: the standard code, or the custom label.
    pub fn code(&self) -> &str {
        match self {
            SessionKind::Standard(k) => k.code(),
            SessionKind::Custom(s) => s,
        }
    }

    pub fn label(&self) -> &str {
        match self {
            SessionKind::Standard(k) => k.label(),
            SessionKind::Custom(s) => s,
        }
    }
}

impl Default for SessionKind {
    fn default() -> Self {
        SessionKind::Standard(StandardKind::Other)
    }
}

impl Serialize for SessionKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for SessionKind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(SessionKind::parse(&String::deserialize(d)?))
    }
}

closed_enum! {
    /// How a session is run.
    SessionFormat, "session format" {
        Panel => "panel", "Panel";
        Roundtable => "roundtable", "Roundtable", ["round_table"];
        Debate => "debate", "Debate";
        Breakout => "breakout", "Break-out group discussions", ["break_out", "breakout_group", "break_out_group_discussions", "breakout_groups"];
        BirdsOfAFeather => "birds_of_a_feather", "Birds of a feather", ["bof", "birds_of_a_feather_bof"];
        Presentation => "presentation", "Presentation", ["talk", "lecture"];
        Tutorial => "tutorial", "Tutorial", ["hands_on", "training"];
        Other => "other", "Other";
    }
}

/// A proposal status that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadProposalStatus {
    #[error("{0}")]
    Unknown(UnknownValue),
    #[error("status \"merged\" needs `merged_into`, the id of the session it was merged into")]
    MergedIntoMissing,
    #[error("`merged_into` is only allowed with status \"merged\", not {0:?}")]
    MergedIntoWithout(String),
}

/// Where a session's proposal stands.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProposalStatus {
    Submitted,
    #[default]
    Approved,
    /// Approved on condition that it merges with similar proposals.
    ApprovedIfMerged,
    /// Merged into the session with this code.
    MergedInto(String),
    Declined,
}

impl ProposalStatus {
    pub const CODES: &'static [&'static str] = &["submitted", "approved", "approved_if_merged", "merged", "declined"];

    pub fn code(&self) -> &'static str {
        match self {
            ProposalStatus::Submitted => "submitted",
            ProposalStatus::Approved => "approved",
            ProposalStatus::ApprovedIfMerged => "approved_if_merged",
            ProposalStatus::MergedInto(_) => "merged",
            ProposalStatus::Declined => "declined",
        }
    }

    /// Whether a session with this status will take place: a declined or
    /// merged proposal will not (a submitted one still may). The timetable,
    /// discovery and the diversity flags leave the others out.
    pub fn will_be_held(&self) -> bool {
        !matches!(self, ProposalStatus::Declined | ProposalStatus::MergedInto(_))
    }

    pub fn merged_into(&self) -> Option<&str> {
        match self {
            ProposalStatus::MergedInto(code) => Some(code),
            _ => None,
        }
    }

    /// Reads a status code; `merged` needs the code of the session it was merged into.
    pub fn parse(value: &str, merged_into: Option<&str>) -> Result<ProposalStatus, BadProposalStatus> {
        let status = match normalise(value).as_str() {
            "submitted" | "proposed" | "pending" => ProposalStatus::Submitted,
            "approved" | "accepted" | "confirmed" => ProposalStatus::Approved,
            "approved_if_merged" | "merge" => ProposalStatus::ApprovedIfMerged,
            "merged" | "merged_into" => match merged_into.map(str::trim).filter(|s| !s.is_empty()) {
                Some(code) => ProposalStatus::MergedInto(code.to_string()),
                None => return Err(BadProposalStatus::MergedIntoMissing),
            },
            "declined" | "rejected" | "withdrawn" => ProposalStatus::Declined,
            _ => {
                return Err(BadProposalStatus::Unknown(UnknownValue {
                    what: "proposal status",
                    value: value.to_string(),
                    allowed: ProposalStatus::CODES.join(", "),
                }));
            }
        };
        if merged_into.is_some_and(|m| !m.trim().is_empty()) && status.merged_into().is_none() {
            return Err(BadProposalStatus::MergedIntoWithout(value.to_string()));
        }
        Ok(status)
    }
}

/// A web link of a session: slides, a background paper, a recording.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SessionLink {
    /// What it is; may be empty.
    pub title: String,
    /// An `http://` or `https://` URL.
    pub url: String,
}

/// Whether a URL is a web address Throughline links to.
pub fn is_web_url(url: &str) -> bool {
    (url.starts_with("https://") || url.starts_with("http://")) && url.len() > 8 && !url.contains(char::is_whitespace)
}

/// One session of the programme.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Session {
    /// The session's stable code, unique in its forum (e.g. "WS 324").
    pub code: String,
    pub title: String,
    pub description: String,
    pub kind: SessionKind,
    pub format: Option<SessionFormat>,
    pub policy_questions: Vec<String>,
    pub tags: Vec<String>,
    /// Length in minutes, at least 1.
    pub duration_minutes: u32,
    /// Language codes, e.g. `en`, `fr`.
    pub languages: Vec<String>,
    pub status: ProposalStatus,
    /// When it starts; None while it is not scheduled.
    pub start: Option<Timestamp>,
    /// The room's name; None while it is not scheduled.
    pub room: Option<String>,
    pub expected_attendance: Option<u32>,
    /// Days (in the forum's time zone) its organisers would rather have it
    /// on; the solver honours them where it can. Empty: any day.
    pub preferred_days: Vec<jiff::civil::Date>,
    pub remote_link: Option<String>,
    /// Slides, papers, recordings…
    pub links: Vec<SessionLink>,
}

impl Session {
    /// When it ends, if it is scheduled (and the end is a time jiff can
    /// represent; [`crate::Programme::validate`] refuses sessions that end
    /// past the year 9999).
    pub fn end(&self) -> Option<Timestamp> {
        let length = jiff::SignedDuration::from_mins(i64::from(self.duration_minutes));
        self.start.and_then(|s| s.checked_add(length).ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_keep_unknown_labels() {
        assert_eq!(SessionKind::parse("Open Forum"), SessionKind::Standard(StandardKind::OpenForum));
        assert_eq!(SessionKind::parse("lecture"), SessionKind::Standard(StandardKind::Talk));
        assert_eq!(SessionKind::parse("Talk (45 mins)").code(), "Talk (45 mins)");
        assert_eq!(SessionKind::parse(""), SessionKind::Standard(StandardKind::Other));
    }

    #[test]
    fn statuses() {
        assert_eq!(ProposalStatus::parse("Approved", None).unwrap(), ProposalStatus::Approved);
        assert_eq!(ProposalStatus::parse("merged", Some("WS 12")).unwrap(), ProposalStatus::MergedInto("WS 12".into()));
        assert!(ProposalStatus::parse("merged", None).unwrap_err().to_string().contains("merged_into"));
        assert!(ProposalStatus::parse("maybe", None).unwrap_err().to_string().contains("declined"));
        assert!(ProposalStatus::parse("approved", Some("WS 1")).is_err());
    }

    #[test]
    fn declined_and_merged_sessions_will_not_be_held() {
        let held: Vec<bool> = [
            ProposalStatus::Submitted,
            ProposalStatus::Approved,
            ProposalStatus::ApprovedIfMerged,
            ProposalStatus::MergedInto("WS 1".into()),
            ProposalStatus::Declined,
        ]
        .iter()
        .map(ProposalStatus::will_be_held)
        .collect();
        assert_eq!(held, [true, true, true, false, false]);
    }

    #[test]
    fn end_adds_duration() {
        let s = Session {
            start: Some("2026-11-30T06:00:00Z".parse().unwrap()),
            duration_minutes: 90,
            ..Session::default()
        };
        assert_eq!(s.end().unwrap().to_string(), "2026-11-30T07:30:00Z");
    }
}
