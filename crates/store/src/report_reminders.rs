//! The reminders sent about session reports: one of each kind (due,
//! overdue) per session at most, kept with when it went out and to whom,
//! so that a daily run of the reminders sends each one once.

use jiff::Timestamp;
use sqlx::Row;

use crate::accounts::{instant, read_instant};
use crate::{Store, StoreError};

/// A reminder that went out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentReminder {
    pub session: String,
    /// `due` or `overdue`.
    pub kind: String,
    pub sent_at: Timestamp,
    /// The addresses it went to.
    pub recipients: Vec<String>,
}

impl Store {
    /// The reminders sent in a forum.
    pub async fn sent_reminders(&self, forum: &str) -> Result<Vec<SentReminder>, StoreError> {
        let rows = sqlx::query("SELECT * FROM report_reminders WHERE forum = $1 ORDER BY session, kind")
            .bind(forum.to_string())
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                let recipients: String = r.try_get("recipients")?;
                Ok(SentReminder {
                    session: r.try_get("session")?,
                    kind: r.try_get("kind")?,
                    sent_at: read_instant(r, "sent_at")?,
                    recipients: serde_json::from_str(&recipients)
                        .map_err(|e| StoreError::Corrupt(format!("reminder recipients: {e}")))?,
                })
            })
            .collect()
    }

    /// Records that a reminder went out; false if one of that kind about
    /// that session was recorded already (by a run that raced this one).
    pub async fn record_reminder(&self, forum: &str, reminder: &SentReminder) -> Result<bool, StoreError> {
        let recipients = serde_json::to_string(&reminder.recipients).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let done = sqlx::query(
            "INSERT INTO report_reminders (forum, session, kind, sent_at, recipients) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT DO NOTHING",
        )
        .bind(forum.to_string())
        .bind(reminder.session.clone())
        .bind(reminder.kind.clone())
        .bind(instant(reminder.sent_at))
        .bind(recipients)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }
}
