//! The audit trail: who changed what, when, with the old and new value, so
//! that nothing changes or disappears without a trace.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::enums::closed_enum;

closed_enum! {
    /// What happened to the entity.
    AuditAction, "audit action" {
        Create => "create", "Created";
        Update => "update", "Updated";
        Delete => "delete", "Deleted";
    }
}

closed_enum! {
    /// Which kind of entity changed.
    EntityKind, "entity kind" {
        Forum => "forum", "Forum";
        Room => "room", "Room";
        Slot => "slot", "Slot";
        Session => "session", "Session";
        Person => "person", "Person";
        Participation => "participation", "Participation";
        Track => "track", "Track";
        Membership => "membership", "Track membership";
        Mechanism => "mechanism", "Cooperation mechanism";
        Report => "report", "Session report";
        Grant => "grant", "Account role";
        Publication => "publication", "Publication";
        Repair => "repair", "Proposed timetable repair";
    }
}

/// One change to one entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEvent {
    pub at: Timestamp,
    /// Who made the change, e.g. `cli:alice` or a web user's login.
    pub actor: String,
    pub action: AuditAction,
    pub entity: EntityKind,
    pub forum: String,
    /// The entity's key within the forum (session code, person key, `track/session`…).
    pub key: String,
    /// The value before and after, as JSON; None where there is none.
    pub old: Option<String>,
    pub new: Option<String>,
}
