//! Writing and reading the audit trail. Every change a write makes is one
//! event, recorded in the same transaction as the change itself.

use std::sync::atomic::{AtomicU64, Ordering};

use jiff::Timestamp;
use serde::Serialize;
use sqlx::{Any, Row, Transaction};
use throughline_core::AuditEvent;
use throughline_core::audit::{AuditAction, EntityKind};

use crate::{Store, StoreError};

/// Collects the events of one transaction, stamped with one time and actor.
pub(crate) struct AuditLog<'a> {
    pub actor: &'a str,
    pub forum: &'a str,
    pub at: Timestamp,
    pub events: Vec<AuditEvent>,
}

impl<'a> AuditLog<'a> {
    pub fn new(actor: &'a str, forum: &'a str) -> AuditLog<'a> {
        AuditLog { actor, forum, at: Timestamp::now(), events: Vec::new() }
    }

    #[allow(
        clippy::expect_used,
        reason = "domain values are plain data (string keys only), which serde_json always serialises"
    )]
    pub fn record<T: Serialize>(
        &mut self,
        action: AuditAction,
        entity: EntityKind,
        key: &str,
        old: Option<&T>,
        new: Option<&T>,
    ) {
        let json = |v: &T| serde_json::to_string(v).expect("domain values serialise");
        self.events.push(AuditEvent {
            at: self.at,
            actor: self.actor.to_string(),
            action,
            entity,
            forum: self.forum.to_string(),
            key: key.to_string(),
            old: old.map(json),
            new: new.map(json),
        });
    }

    /// Writes the collected events inside the transaction.
    pub async fn write(&self, tx: &mut Transaction<'_, Any>) -> Result<(), sqlx::Error> {
        for e in &self.events {
            sqlx::query(
                "INSERT INTO audit_events (id, at, actor, action, entity, forum, entity_key, old_value, new_value)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(next_event_id(e.at))
            .bind(e.at.to_string())
            .bind(e.actor.clone())
            .bind(e.action.code())
            .bind(e.entity.code())
            .bind(e.forum.clone())
            .bind(e.key.clone())
            .bind(e.old.clone())
            .bind(e.new.clone())
            .execute(&mut **tx)
            .await?;
        }
        Ok(())
    }
}

/// A unique id that sorts in the order events were written: the time in
/// microseconds, the process id and a counter.
fn next_event_id(at: Timestamp) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("{:020}-{:010}-{n:012}", at.as_microsecond(), std::process::id())
}

impl Store {
    /// The forum's audit trail, oldest first.
    pub async fn audit_events(&self, forum: &str) -> Result<Vec<AuditEvent>, StoreError> {
        let rows = sqlx::query(
            "SELECT at, actor, action, entity, forum, entity_key, old_value, new_value
             FROM audit_events WHERE forum = $1 ORDER BY id",
        )
        .bind(forum.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let at: String = r.try_get("at")?;
                let action: String = r.try_get("action")?;
                let entity: String = r.try_get("entity")?;
                Ok(AuditEvent {
                    at: at.parse().map_err(|e| StoreError::Corrupt(format!("audit time {at:?}: {e}")))?,
                    actor: r.try_get("actor")?,
                    action: AuditAction::parse(&action).map_err(|e| StoreError::Corrupt(e.to_string()))?,
                    entity: EntityKind::parse(&entity).map_err(|e| StoreError::Corrupt(e.to_string()))?,
                    forum: r.try_get("forum")?,
                    key: r.try_get("entity_key")?,
                    old: r.try_get("old_value")?,
                    new: r.try_get("new_value")?,
                })
            })
            .collect()
    }
}

impl Store {
    /// How many times each session of the forum has moved (its start or room
    /// changed), read from the audit trail: the `SEQUENCE` of calendar feeds.
    pub async fn session_moves(&self, forum: &str) -> Result<std::collections::HashMap<String, u32>, StoreError> {
        let rows = sqlx::query(
            "SELECT entity_key, old_value, new_value FROM audit_events
             WHERE forum = $1 AND entity = 'session' AND action = 'update'",
        )
        .bind(forum.to_string())
        .fetch_all(&self.pool)
        .await?;
        let mut moves = std::collections::HashMap::new();
        for r in rows {
            let place = |col: &str| -> Result<(serde_json::Value, serde_json::Value), StoreError> {
                let text: Option<String> = r.try_get(col)?;
                let v: serde_json::Value = text
                    .map(|t| serde_json::from_str(&t))
                    .transpose()
                    .map_err(|e| StoreError::Corrupt(format!("audit {col}: {e}")))?
                    .unwrap_or_default();
                Ok((v["start"].clone(), v["room"].clone()))
            };
            if place("old_value")? != place("new_value")? {
                *moves.entry(r.try_get::<String, _>("entity_key")?).or_insert(0) += 1;
            }
        }
        Ok(moves)
    }
}
