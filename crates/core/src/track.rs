//! Tracks: thematic paths through the programme, and the many-to-many
//! membership of sessions in tracks, with where each membership came from and
//! where the coordinator's decision stands.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::enums::closed_enum;

closed_enum! {
    /// What kind of track it is.
    TrackKind, "track kind" {
        Thematic => "thematic", "Thematic";
        Community => "community", "Community";
        OrganiserLed => "organiser_led", "Organiser-led", ["organizer_led"];
    }
}

closed_enum! {
    /// Whether the track is shown to participants.
    TrackStatus, "track status" {
        Draft => "draft", "Draft";
        Published => "published", "Published";
    }
}

closed_enum! {
    /// Where a membership came from.
    MembershipOrigin, "membership origin" {
        Suggested => "suggested", "Suggested by discovery";
        Claimed => "claimed", "Claimed by the session's organiser";
        AddedByCoordinator => "added_by_coordinator", "Added by a coordinator", ["added", "coordinator"];
        Imported => "imported", "Imported with the programme";
    }
}

closed_enum! {
    /// Where the coordinator's decision on a membership stands.
    MembershipStatus, "membership status" {
        Suggested => "suggested", "Suggested", ["pending"];
        Accepted => "accepted", "Accepted";
        Rejected => "rejected", "Rejected";
    }
}

closed_enum! {
    /// How central the session is to the track.
    MembershipRole, "membership role" {
        Core => "core", "Core";
        Related => "related", "Related";
        Feeder => "feeder", "Feeder", ["feeder_workshop"];
    }
}

/// A thematic path through the programme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Track {
    pub slug: String,
    pub title: String,
    pub kind: TrackKind,
    pub status: TrackStatus,
    pub narrative: String,
    pub policy_questions: Vec<String>,
    pub seed_terms: Vec<String>,
    /// `#rrggbb`.
    pub colour: Option<String>,
    /// Person keys of the track's coordinators.
    pub coordinators: Vec<String>,
    /// Session codes given as examples of what belongs.
    pub example_sessions: Vec<String>,
    pub intro_session: Option<String>,
    pub concluding_session: Option<String>,
}

impl Track {
    pub fn new(slug: &str, title: &str) -> Track {
        Track {
            slug: slug.to_string(),
            title: title.to_string(),
            kind: TrackKind::Thematic,
            status: TrackStatus::Draft,
            narrative: String::new(),
            policy_questions: Vec::new(),
            seed_terms: Vec::new(),
            colour: None,
            coordinators: Vec::new(),
            example_sessions: Vec::new(),
            intro_session: None,
            concluding_session: None,
        }
    }
}

/// Whether a `#rrggbb` colour is well formed.
pub fn is_valid_colour(colour: &str) -> bool {
    colour.len() == 7 && colour.starts_with('#') && colour[1..].chars().all(|c| c.is_ascii_hexdigit())
}

/// A session's membership in a track.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrackMembership {
    pub track: String,
    pub session: String,
    /// Discovery's score, when discovery suggested it.
    pub score: Option<f64>,
    /// Why it belongs: matched terms and sentences, or the coordinator's note.
    pub reasons: Vec<String>,
    pub origin: MembershipOrigin,
    pub status: MembershipStatus,
    pub role: MembershipRole,
    /// Who made the last decision, and when.
    pub decided_by: Option<String>,
    pub decided_at: Option<Timestamp>,
}

impl TrackMembership {
    /// An accepted core membership that came with an imported programme.
    pub fn imported(track: &str, session: &str) -> TrackMembership {
        TrackMembership {
            track: track.to_string(),
            session: session.to_string(),
            score: None,
            reasons: vec!["labelled in the imported programme".to_string()],
            origin: MembershipOrigin::Imported,
            status: MembershipStatus::Accepted,
            role: MembershipRole::Core,
            decided_by: None,
            decided_at: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours() {
        assert!(is_valid_colour("#1a2B3c"));
        assert!(!is_valid_colour("1a2b3c"));
        assert!(!is_valid_colour("#12345g"));
    }

    #[test]
    fn track_kinds() {
        assert_eq!(TrackKind::parse("Organiser-led").unwrap(), TrackKind::OrganiserLed);
        assert!(TrackKind::parse("random").is_err());
    }
}
