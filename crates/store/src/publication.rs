//! Publishing: a forum's public part (the publication filter's output) is
//! kept as a numbered snapshot, so what the public sees changes only when an
//! admin publishes, and every server process serves the same snapshot.

use jiff::Timestamp;
use sqlx::Row;
use throughline_core::Programme;
use throughline_core::audit::{AuditAction, EntityKind};

use crate::accounts::instant;
use crate::audit_log::AuditLog;
use crate::{Store, StoreError};

/// One published snapshot of a forum.
#[derive(Debug, Clone, PartialEq)]
pub struct Publication {
    pub number: i64,
    pub published_at: Timestamp,
    pub published_by: String,
    /// The public part of the programme at that time.
    pub programme: Programme,
}

/// What the audit trail records of a publication.
#[derive(serde::Serialize)]
struct PublicationEvent {
    number: i64,
    sessions: usize,
    tracks: usize,
}

impl Store {
    /// Keeps `public` as the forum's newest publication and returns its number.
    pub async fn publish(&self, public: &Programme, actor: &str, at: Timestamp) -> Result<i64, StoreError> {
        let forum = public.forum.slug.clone();
        let document =
            serde_json::to_string(public).map_err(|e| StoreError::Corrupt(format!("publication of {forum}: {e}")))?;
        let mut tx = self.begin_forum_write(&forum).await?;
        let row = sqlx::query("SELECT COALESCE(MAX(number), 0) AS n FROM publications WHERE forum = $1")
            .bind(forum.clone())
            .fetch_one(&mut *tx)
            .await?;
        let number: i64 = row.try_get::<i64, _>("n")? + 1;
        sqlx::query(
            "INSERT INTO publications (forum, number, published_at, published_by, document) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(forum.clone())
        .bind(number)
        .bind(instant(at))
        .bind(actor.to_string())
        .bind(document)
        .execute(&mut *tx)
        .await?;
        let mut log = AuditLog::new(actor, &forum);
        let event = PublicationEvent { number, sessions: public.sessions.len(), tracks: public.tracks.len() };
        log.record(AuditAction::Create, EntityKind::Publication, &number.to_string(), None, Some(&event));
        log.write(&mut tx).await?;
        tx.commit().await?;
        Ok(number)
    }

    /// Every forum with the number of its newest publication (None where never published), in one query.
    pub async fn forums_and_publications(&self) -> Result<Vec<(String, String, String, Option<i64>)>, StoreError> {
        let rows = sqlx::query(
            "SELECT f.slug, f.name, f.time_zone,
                (SELECT MAX(p.number) FROM publications p WHERE p.forum = f.slug) AS publication
             FROM forums f ORDER BY f.slug",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("slug")?, r.try_get("name")?, r.try_get("time_zone")?, r.try_get("publication")?)))
            .collect()
    }

    /// The number of the forum's newest publication (a cheap check for caches), if it was ever published.
    pub async fn publication_number(&self, forum: &str) -> Result<Option<i64>, StoreError> {
        let row = sqlx::query("SELECT MAX(number) AS n FROM publications WHERE forum = $1")
            .bind(forum.to_string())
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("n")?)
    }

    /// The forum's newest publication, if it was ever published.
    pub async fn latest_publication(&self, forum: &str) -> Result<Option<Publication>, StoreError> {
        let row = sqlx::query(
            "SELECT number, published_at, published_by, document FROM publications
             WHERE forum = $1 ORDER BY number DESC LIMIT 1",
        )
        .bind(forum.to_string())
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let at: String = row.try_get("published_at")?;
        let document: String = row.try_get("document")?;
        Ok(Some(Publication {
            number: row.try_get("number")?,
            published_at: at.parse().map_err(|e| StoreError::Corrupt(format!("published_at {at:?}: {e}")))?,
            published_by: row.try_get("published_by")?,
            programme: serde_json::from_str(&document)
                .map_err(|e| StoreError::Corrupt(format!("publication of {forum}: {e}")))?,
        }))
    }
}
