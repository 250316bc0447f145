//! What each role may do. Every action of the application is one
//! [`Permission`], carrying the forum and the track or session it concerns,
//! and [`allows`] is the one function that decides it for an account's
//! grants. No handler of the CLI or the web decides access by itself.

use throughline_core::{AccountRole, Grant};

/// One action on one object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Permission {
    /// Read the published guide, feeds and the API's published data.
    ReadPublished,
    /// Keep a personal agenda in a forum.
    KeepAgenda { forum: String },
    /// Edit a session's text and people.
    EditSession { forum: String, session: String },
    /// Claim that a session belongs to a track.
    ClaimTrack { forum: String, session: String },
    /// File a session's report.
    FileReport { forum: String, session: String },
    /// Record a cooperation mechanism that a session identified.
    RecordMechanism { forum: String, session: String },
    /// See the whole mechanism registry and merge its records (any of the
    /// forum's coordinators: a mechanism spans tracks).
    CurateMechanisms { forum: String },
    /// Edit a track, run its discovery, see its queue and decide on its
    /// memberships, see its clash report, propose a repair.
    ManageTrack { forum: String, track: String },
    /// Everything the secretariat does: import, rooms, slots, users, publish,
    /// new tracks, save a timetable, the audit log, unpublished data.
    Administer { forum: String },
}

impl Permission {
    /// The forum the action is in, if any.
    pub fn forum(&self) -> Option<&str> {
        match self {
            Permission::ReadPublished => None,
            Permission::KeepAgenda { forum }
            | Permission::EditSession { forum, .. }
            | Permission::ClaimTrack { forum, .. }
            | Permission::FileReport { forum, .. }
            | Permission::RecordMechanism { forum, .. }
            | Permission::CurateMechanisms { forum }
            | Permission::ManageTrack { forum, .. }
            | Permission::Administer { forum } => Some(forum),
        }
    }

    /// The action in words, for refusals: "edit session WS 1 in igf".
    pub fn describe(&self) -> String {
        match self {
            Permission::ReadPublished => "read the published guide".into(),
            Permission::KeepAgenda { forum } => format!("keep an agenda in {forum}"),
            Permission::EditSession { forum, session } => format!("edit session {session} in {forum}"),
            Permission::ClaimTrack { forum, session } => format!("claim a track for session {session} in {forum}"),
            Permission::FileReport { forum, session } => format!("file the report of session {session} in {forum}"),
            Permission::RecordMechanism { forum, session } => {
                format!("record a mechanism of session {session} in {forum}")
            }
            Permission::CurateMechanisms { forum } => format!("curate the mechanism registry of {forum}"),
            Permission::ManageTrack { forum, track } => format!("manage track {track} in {forum}"),
            Permission::Administer { forum } => format!("administer {forum}"),
        }
    }
}

/// Whether an account with these grants may do this.
pub fn allows(grants: &[Grant], permission: &Permission) -> bool {
    let Some(forum) = permission.forum() else { return true };
    let mine = || grants.iter().filter(move |g| g.forum == forum);
    if mine().any(|g| g.role == AccountRole::Admin) {
        return true;
    }
    let holds = |role: AccountRole, scope: &str| mine().any(|g| g.role == role && g.scope == scope);
    match permission {
        Permission::ReadPublished => true,
        Permission::KeepAgenda { .. } => mine().next().is_some(),
        Permission::EditSession { session, .. } | Permission::ClaimTrack { session, .. } => {
            holds(AccountRole::Organiser, session)
        }
        Permission::FileReport { session, .. } | Permission::RecordMechanism { session, .. } => {
            holds(AccountRole::Organiser, session) || holds(AccountRole::Rapporteur, session)
        }
        Permission::CurateMechanisms { .. } => mine().any(|g| g.role == AccountRole::Coordinator),
        Permission::ManageTrack { track, .. } => holds(AccountRole::Coordinator, track),
        Permission::Administer { .. } => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(forum: &str, role: AccountRole, scope: &str) -> Grant {
        Grant { forum: forum.into(), role, scope: scope.into() }
    }

    #[test]
    fn roles_reach_only_their_own_objects() {
        let edit =
            |forum: &str, session: &str| Permission::EditSession { forum: forum.into(), session: session.into() };
        let manage = |track: &str| Permission::ManageTrack { forum: "f".into(), track: track.into() };
        let organiser = [g("f", AccountRole::Organiser, "WS 1")];
        assert!(allows(&organiser, &edit("f", "WS 1")));
        assert!(!allows(&organiser, &edit("f", "WS 2")));
        assert!(!allows(&organiser, &edit("other", "WS 1")));
        assert!(!allows(&organiser, &manage("t")));
        let coordinator = [g("f", AccountRole::Coordinator, "t")];
        assert!(allows(&coordinator, &manage("t")));
        assert!(!allows(&coordinator, &manage("u")));
        assert!(!allows(&coordinator, &Permission::Administer { forum: "f".into() }));
        let admin = [g("f", AccountRole::Admin, "")];
        assert!(allows(&admin, &manage("u")));
        assert!(allows(&admin, &edit("f", "WS 9")));
        assert!(!allows(&admin, &Permission::Administer { forum: "other".into() }));
        let rapporteur = [g("f", AccountRole::Rapporteur, "WS 1")];
        assert!(allows(&rapporteur, &Permission::FileReport { forum: "f".into(), session: "WS 1".into() }));
        assert!(!allows(&rapporteur, &edit("f", "WS 1")));
        let record = |session: &str| Permission::RecordMechanism { forum: "f".into(), session: session.into() };
        assert!(allows(&organiser, &record("WS 1")));
        assert!(allows(&rapporteur, &record("WS 1")));
        assert!(!allows(&organiser, &record("WS 2")));
        assert!(!allows(&coordinator, &record("WS 1")));
        let curate = |forum: &str| Permission::CurateMechanisms { forum: forum.into() };
        assert!(allows(&coordinator, &curate("f")));
        assert!(!allows(&coordinator, &curate("other")));
        assert!(!allows(&organiser, &curate("f")));
        assert!(allows(&admin, &curate("f")));
        let participant = [g("f", AccountRole::Participant, "")];
        assert!(allows(&participant, &Permission::KeepAgenda { forum: "f".into() }));
        assert!(!allows(&participant, &Permission::KeepAgenda { forum: "other".into() }));
    }
}
