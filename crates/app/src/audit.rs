//! Reading the audit trail: who changed what and when, for a forum's admins,
//! filtered by kind of entity and by who acted.

use throughline_core::AuditEvent;
use throughline_core::audit::EntityKind;

use crate::App;
use crate::access::Permission;
use crate::actor::Actor;
use crate::error::AppError;

impl App {
    /// The forum's audit events, newest first, at most `limit`, of one kind of entity and one actor where given.
    pub async fn audit_trail(
        &self,
        actor: &Actor,
        forum: &str,
        entity: Option<EntityKind>,
        who: Option<&str>,
        limit: usize,
    ) -> Result<Vec<AuditEvent>, AppError> {
        actor.require(&Permission::Administer { forum: forum.to_string() })?;
        let mut events = self.store.audit_events(forum).await?;
        events.reverse();
        Ok(events
            .into_iter()
            .filter(|e| entity.is_none_or(|k| e.entity == k))
            .filter(|e| who.is_none_or(|w| e.actor == w))
            .take(limit)
            .collect())
    }
}
