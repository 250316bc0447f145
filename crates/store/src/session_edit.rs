//! One session changed by one person (its organiser, an admin): its text and
//! its people, written only if nobody changed the session since the editor
//! read it. Every session carries a version that each change raises; an edit
//! made from an older version is refused as a [`StoreError::Conflict`].

use std::collections::HashSet;

use sqlx::Row;
use throughline_core::audit::EntityKind;
use throughline_core::{Participation, Person, Session};

use crate::audit_log::AuditLog;
use crate::load::load_with;
use crate::rows::{participation_key, participation_row, person_row, session_row};
use crate::save::{SaveReport, Writer};
use crate::{Store, StoreError};

impl Store {
    /// The session's current version, or None when there is no such session.
    pub async fn session_version(&self, forum: &str, code: &str) -> Result<Option<i64>, StoreError> {
        let row = sqlx::query("SELECT version FROM sessions WHERE forum = $1 AND code = $2")
            .bind(forum.to_string())
            .bind(code.to_string())
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| Ok(r.try_get("version")?)).transpose()
    }

    /// Writes a session's new text and people if the stored session is still
    /// at `expected_version`; returns the new version. `people` are the
    /// session's people (created or updated), `participations` all of its
    /// participations (those left out are removed). Audited as `actor`.
    pub async fn update_session(
        &self,
        forum: &str,
        session: &Session,
        people: &[Person],
        participations: &[Participation],
        expected_version: i64,
        actor: &str,
    ) -> Result<(SaveReport, i64), StoreError> {
        let mut tx = self.begin_forum_write(forum).await?;
        // Under the forum's write lock a concurrent edit either finished
        // before this check or waits for this one to commit.
        let claimed =
            sqlx::query("UPDATE sessions SET version = version WHERE forum = $1 AND code = $2 AND version = $3")
                .bind(forum.to_string())
                .bind(session.code.clone())
                .bind(expected_version)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        if claimed == 0 {
            let row = sqlx::query("SELECT version FROM sessions WHERE forum = $1 AND code = $2")
                .bind(forum.to_string())
                .bind(session.code.clone())
                .fetch_optional(&mut *tx)
                .await?;
            return Err(match row {
                None => StoreError::NotFound(format!("session {:?} in forum {forum:?}", session.code)),
                Some(r) => StoreError::Conflict(format!(
                    "session {:?} was changed by someone else meanwhile (you edited version {expected_version}, it is now at version {})",
                    session.code,
                    r.try_get::<i64, _>("version")?
                )),
            });
        }
        let old = load_with(&mut tx, forum).await?.ok_or_else(|| StoreError::NotFound(format!("forum {forum:?}")))?;
        let mut w = Writer { tx, log: AuditLog::new(actor, forum), report: SaveReport::default() };
        w.sync(EntityKind::Person, &old.people, people, |x| x.key.clone(), |x| person_row(forum, x)).await?;
        w.sync(
            EntityKind::Session,
            &old.sessions,
            std::slice::from_ref(session),
            |s| s.code.clone(),
            |s| session_row(forum, s),
        )
        .await?;
        let key = participation_key;
        let keep: HashSet<String> = participations.iter().map(key).collect();
        let old_parts: Vec<Participation> =
            old.participations.into_iter().filter(|x| x.session == session.code).collect();
        let gone = old_parts.iter().filter(|x| !keep.contains(&key(x))).collect();
        w.remove(EntityKind::Participation, gone, key, |x| participation_row(forum, x)).await?;
        w.sync(EntityKind::Participation, &old_parts, participations, key, |x| participation_row(forum, x)).await?;
        let row = sqlx::query("SELECT version FROM sessions WHERE forum = $1 AND code = $2")
            .bind(forum.to_string())
            .bind(session.code.clone())
            .fetch_one(&mut *w.tx)
            .await?;
        let version: i64 = row.try_get("version")?;
        let report = w.finish().await?;
        Ok((report, version))
    }
}
