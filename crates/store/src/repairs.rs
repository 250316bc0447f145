//! Proposed repairs of the timetable: numbered per forum, kept with their
//! moves until an admin saves or dismisses them. A decision is written only
//! while the repair is still pending, so two admins cannot both decide it.

use jiff::Timestamp;
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};
use throughline_core::Programme;
use throughline_core::audit::{AuditAction, EntityKind};
use throughline_core::repair::{RepairStatus, TimetableRepair};

use crate::accounts::{instant, read_instant};
use crate::audit_log::AuditLog;
use crate::save::{SaveReport, write_over};
use crate::{Store, StoreError};

fn read_repair(r: &AnyRow) -> Result<TimetableRepair, StoreError> {
    let moves: String = r.try_get("moves")?;
    let status: String = r.try_get("status")?;
    let decided_at: Option<String> = r.try_get("decided_at")?;
    Ok(TimetableRepair {
        number: r.try_get("number")?,
        track: r.try_get("track")?,
        proposed_by: r.try_get("proposed_by")?,
        proposed_at: read_instant(r, "proposed_at")?,
        moves: serde_json::from_str(&moves).map_err(|e| StoreError::Corrupt(format!("repair moves: {e}")))?,
        summary: r.try_get("summary")?,
        status: RepairStatus::parse(&status).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        decided_by: r.try_get("decided_by")?,
        decided_at: decided_at.map(|t| t.parse()).transpose().map_err(|e| StoreError::Corrupt(format!("{e}")))?,
    })
}

impl Store {
    /// Keeps a proposed repair (its number is given here) and returns its number.
    pub async fn add_repair(&self, forum: &str, repair: &TimetableRepair) -> Result<i64, StoreError> {
        let moves = serde_json::to_string(&repair.moves).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let mut tx = self.begin_forum_write(forum).await?;
        let row = sqlx::query("SELECT COALESCE(MAX(number), 0) AS n FROM timetable_repairs WHERE forum = $1")
            .bind(forum.to_string())
            .fetch_one(&mut *tx)
            .await?;
        let number: i64 = row.try_get::<i64, _>("n")? + 1;
        sqlx::query(
            "INSERT INTO timetable_repairs (forum, number, track, proposed_by, proposed_at, moves, summary, status)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(forum.to_string())
        .bind(number)
        .bind(repair.track.clone())
        .bind(repair.proposed_by.clone())
        .bind(instant(repair.proposed_at))
        .bind(moves)
        .bind(repair.summary.clone())
        .bind(RepairStatus::Pending.code())
        .execute(&mut *tx)
        .await?;
        let mut log = AuditLog::new(&repair.proposed_by, forum);
        let stored = TimetableRepair { number, status: RepairStatus::Pending, ..repair.clone() };
        log.record(AuditAction::Create, EntityKind::Repair, &number.to_string(), None, Some(&stored));
        log.write(&mut tx).await?;
        tx.commit().await?;
        Ok(number)
    }

    /// The forum's proposed repairs, newest first.
    pub async fn repairs(&self, forum: &str) -> Result<Vec<TimetableRepair>, StoreError> {
        let rows = sqlx::query("SELECT * FROM timetable_repairs WHERE forum = $1 ORDER BY number DESC")
            .bind(forum.to_string())
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(read_repair).collect()
    }

    /// One proposed repair.
    pub async fn repair(&self, forum: &str, number: i64) -> Result<Option<TimetableRepair>, StoreError> {
        let row = sqlx::query("SELECT * FROM timetable_repairs WHERE forum = $1 AND number = $2")
            .bind(forum.to_string())
            .bind(number)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(read_repair).transpose()
    }

    /// Records an admin's decision on a pending repair; a repair that is no
    /// longer pending is a [`StoreError::Conflict`].
    pub async fn decide_repair(
        &self,
        forum: &str,
        number: i64,
        status: RepairStatus,
        actor: &str,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_forum_write(forum).await?;
        mark_decided(&mut tx, forum, number, status, actor, at).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Saves a pending repair into the timetable, in one transaction: the
    /// repair is marked saved and `repaired` (made from `base`) is saved over
    /// the forum as [`Store::save_programme_over`] does. Either conflict
    /// (the repair decided meanwhile, or a session it moves changed) leaves
    /// both as they were.
    pub async fn save_repair(
        &self,
        number: i64,
        base: &Programme,
        repaired: &Programme,
        actor: &str,
        at: Timestamp,
    ) -> Result<SaveReport, StoreError> {
        let forum = repaired.forum.slug.as_str();
        let mut tx = self.begin_forum_write(forum).await?;
        mark_decided(&mut tx, forum, number, RepairStatus::Saved, actor, at).await?;
        write_over(tx, base, repaired, actor).await
    }
}

/// Moves a pending repair to `status`, with its audit event, inside `tx`.
async fn mark_decided(
    tx: &mut Transaction<'static, Any>,
    forum: &str,
    number: i64,
    status: RepairStatus,
    actor: &str,
    at: Timestamp,
) -> Result<(), StoreError> {
    let changed = sqlx::query(
        "UPDATE timetable_repairs SET status = $1, decided_by = $2, decided_at = $3
         WHERE forum = $4 AND number = $5 AND status = $6",
    )
    .bind(status.code())
    .bind(actor.to_string())
    .bind(instant(at))
    .bind(forum.to_string())
    .bind(number)
    .bind(RepairStatus::Pending.code())
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if changed != 1 {
        return Err(StoreError::Conflict(format!(
            "repair {number} of {forum:?} is not waiting for a decision any more; nothing was changed"
        )));
    }
    let mut log = AuditLog::new(actor, forum);
    log.record(
        AuditAction::Update,
        EntityKind::Repair,
        &number.to_string(),
        Some(&RepairStatus::Pending),
        Some(&status),
    );
    log.write(tx).await?;
    Ok(())
}
