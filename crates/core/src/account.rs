//! Who may act in a forum: the roles an account holds there. A grant gives
//! one account one role in one forum, scoped to a track (coordinators) or a
//! session (organisers, rapporteurs) where the role is about one of them.

use serde::{Deserialize, Serialize};

use crate::enums::closed_enum;

closed_enum! {
    /// What an account does in a forum.
    AccountRole, "account role" {
        Admin => "admin", "Secretariat (admin)", ["secretariat"];
        Coordinator => "coordinator", "Track coordinator", ["track_coordinator"];
        Organiser => "organiser", "Session organiser", ["organizer", "session_organiser", "session_organizer"];
        Rapporteur => "rapporteur", "Rapporteur";
        Participant => "participant", "Participant";
    }
}

impl AccountRole {
    /// What the role is scoped to, if anything: a track's slug or a session's code.
    pub fn scope_kind(self) -> Option<ScopeKind> {
        match self {
            AccountRole::Coordinator => Some(ScopeKind::Track),
            AccountRole::Organiser | AccountRole::Rapporteur => Some(ScopeKind::Session),
            AccountRole::Admin | AccountRole::Participant => None,
        }
    }
}

/// What a scoped role names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    Track,
    Session,
}

impl ScopeKind {
    /// What the scope names, as a word: `track` or `session`.
    pub fn noun(self) -> &'static str {
        match self {
            ScopeKind::Track => "track",
            ScopeKind::Session => "session",
        }
    }
}

/// A grant whose scope does not fit its role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ScopeMismatch {
    #[error("the role {} needs a {}", role.code(), kind.noun())]
    Missing { role: AccountRole, kind: ScopeKind },
    #[error("the role {} is not scoped to a track or session", .0.code())]
    Unscoped(AccountRole),
}

/// One role of one account in one forum. `scope` is the track slug or
/// session code for scoped roles, and empty for the others.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Grant {
    pub forum: String,
    pub role: AccountRole,
    #[serde(default)]
    pub scope: String,
}

impl Grant {
    /// A grant, checking that the scope fits the role: scoped roles need one, the others take none.
    pub fn new(forum: &str, role: AccountRole, scope: Option<&str>) -> Result<Grant, ScopeMismatch> {
        let scope = scope.map(str::trim).unwrap_or("");
        match (role.scope_kind(), scope.is_empty()) {
            (Some(kind), true) => Err(ScopeMismatch::Missing { role, kind }),
            (None, false) => Err(ScopeMismatch::Unscoped(role)),
            _ => Ok(Grant { forum: forum.to_string(), role, scope: scope.to_string() }),
        }
    }

    /// How the grant reads in lists: `coordinator of track enhanced-cooperation in igf-2026`.
    pub fn describe(&self) -> String {
        match self.role.scope_kind() {
            Some(kind) => format!("{} of {} {} in {}", self.role.code(), kind.noun(), self.scope, self.forum),
            None => format!("{} in {}", self.role.code(), self.forum),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_fit_roles() {
        assert!(Grant::new("f", AccountRole::Coordinator, None).is_err());
        assert!(Grant::new("f", AccountRole::Organiser, Some(" ")).is_err());
        assert!(Grant::new("f", AccountRole::Admin, Some("WS 1")).is_err());
        let g = Grant::new("f", AccountRole::Organiser, Some("WS 1")).unwrap();
        assert_eq!(g.describe(), "organiser of session WS 1 in f");
        assert_eq!(AccountRole::parse("Organizer").unwrap(), AccountRole::Organiser);
    }
}
