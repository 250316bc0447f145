//! Publishing: what the public sees of a forum changes only when an admin
//! publishes. Publishing passes the programme through the one publication
//! filter (`core::publication::public_part`) and keeps the result as a
//! numbered snapshot that every server process serves.

use jiff::Timestamp;
use throughline_core::publication::public_part;
use throughline_store::Publication;

use crate::App;
use crate::access::Permission;
use crate::actor::Actor;
use crate::error::AppError;

impl App {
    /// Publishes the forum as it stands; returns the publication's number.
    pub async fn publish(&self, actor: &Actor, forum: &str, now: Timestamp) -> Result<i64, AppError> {
        actor.require(&Permission::Administer { forum: forum.to_string() })?;
        let p = self.programme(forum).await?;
        Ok(self.store.publish(&public_part(&p, false), &actor.audit_name(), now).await?)
    }

    /// The forum's newest publication (anyone may read it); NotFound while it was never published.
    pub async fn published(&self, forum: &str) -> Result<Publication, AppError> {
        self.store
            .latest_publication(forum)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("forum {forum:?} has not been published")))
    }

    /// The number of the forum's newest publication: a cheap check for caches.
    pub async fn publication_number(&self, forum: &str) -> Result<Option<i64>, AppError> {
        Ok(self.store.publication_number(forum).await?)
    }
}
