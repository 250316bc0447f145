//! The coordinator's work on one track: creating or changing the track, and
//! writing its memberships (suggestions from discovery, accepts, rejects),
//! each change in one transaction with its audit events.

use std::collections::{HashMap, HashSet};

use sqlx::Row;
use throughline_core::audit::{AuditAction, EntityKind};
use throughline_core::{MembershipOrigin, MembershipStatus, Track, TrackMembership};

use crate::audit_log::AuditLog;
use crate::load::load_with;
use crate::rows::{insert_new, membership_key, membership_row, track_row, upsert};
use crate::save::{SaveReport, Writer};
use crate::{Store, StoreError};

impl Store {
    /// Writes a track, if the store still holds it as `seen` (None: a new
    /// track, so none with its slug may exist); otherwise it is a
    /// [`StoreError::Conflict`] and nothing is written.
    pub async fn save_track(
        &self,
        forum: &str,
        seen: Option<&Track>,
        track: &Track,
        actor: &str,
    ) -> Result<SaveReport, StoreError> {
        let mut tx = self.begin_forum_write(forum).await?;
        let old = load_with(&mut tx, forum).await?.ok_or_else(|| StoreError::NotFound(format!("forum {forum:?}")))?;
        let stored = old.tracks.iter().find(|t| t.slug == track.slug);
        if stored != seen {
            return Err(StoreError::Conflict(match (seen, stored) {
                (None, Some(_)) => format!("forum {forum:?} has a track {:?} already; nothing was changed", track.slug),
                (Some(_), None) => format!("track {:?} of forum {forum:?} is gone; nothing was changed", track.slug),
                _ => format!(
                    "track {:?} was changed by someone else since you opened it; nothing was changed",
                    track.slug
                ),
            }));
        }
        let mut w = Writer { tx, log: AuditLog::new(actor, forum), report: SaveReport::default() };
        w.sync(
            EntityKind::Track,
            &old.tracks,
            std::slice::from_ref(track),
            |t| t.slug.clone(),
            |t| track_row(forum, t),
        )
        .await?;
        w.finish().await
    }

    /// Writes memberships of one track. With `replace_suggestions`, the
    /// track's pending suggestions that are not among `memberships` are
    /// removed (discovery's new list replaces its old one). Discovery's list
    /// is made from an earlier read, so under the forum's lock a pending
    /// membership in it never replaces one that is decided, nor a
    /// discovery suggestion an organiser's claim, as the forum now holds
    /// them; and decided memberships and claims are never removed here.
    pub async fn save_memberships(
        &self,
        forum: &str,
        track: &str,
        memberships: &[TrackMembership],
        replace_suggestions: bool,
        actor: &str,
    ) -> Result<SaveReport, StoreError> {
        let mut tx = self.begin_forum_write(forum).await?;
        let old = load_with(&mut tx, forum).await?.ok_or_else(|| StoreError::NotFound(format!("forum {forum:?}")))?;
        let old: Vec<TrackMembership> = old.memberships.into_iter().filter(|m| m.track == track).collect();
        let key = membership_key;
        let now: HashMap<String, &TrackMembership> = old.iter().map(|m| (key(m), m)).collect();
        let claim = |m: &TrackMembership| m.origin == MembershipOrigin::Claimed;
        let pending = |m: &TrackMembership| m.status == MembershipStatus::Suggested;
        let settled_since = |m: &TrackMembership| {
            pending(m) && now.get(&key(m)).is_some_and(|n| !pending(n) || (claim(n) && !claim(m)))
        };
        let memberships: Vec<TrackMembership> = memberships.iter().filter(|m| !settled_since(m)).cloned().collect();
        let mut w = Writer { tx, log: AuditLog::new(actor, forum), report: SaveReport::default() };
        if replace_suggestions {
            let keep: HashSet<String> = memberships.iter().map(key).collect();
            let stale = old.iter().filter(|m| pending(m) && !claim(m) && !keep.contains(&key(m))).collect();
            w.remove(EntityKind::Membership, stale, key, |m| membership_row(forum, m)).await?;
        }
        w.sync(EntityKind::Membership, &old, &memberships, key, |m| membership_row(forum, m)).await?;
        w.finish().await
    }

    /// Records coordinators' decisions on memberships of one track, each
    /// only if the membership is still as the decider saw it (`seen`: its
    /// status then, or None where it did not exist). One that changed
    /// meanwhile refuses the whole set with [`StoreError::Conflict`] and
    /// nothing is written.
    pub async fn decide_memberships(
        &self,
        forum: &str,
        decisions: &[Decision],
        actor: &str,
    ) -> Result<SaveReport, StoreError> {
        let mut tx = self.begin_forum_write(forum).await?;
        let mut log = AuditLog::new(actor, forum);
        let mut report = SaveReport::default();
        for d in decisions {
            let m = &d.membership;
            let key = membership_key(m);
            let row = membership_row(forum, m);
            let before = match d.seen {
                None => {
                    if insert_new(&mut tx, &row).await? == 0 {
                        return Err(conflict(&mut tx, forum, m, None).await?);
                    }
                    None
                }
                Some(seen) => {
                    let old = sqlx::query(
                        "SELECT * FROM track_memberships WHERE forum = $1 AND track = $2 AND session = $3 AND status = $4",
                    )
                    .bind(forum.to_string())
                    .bind(m.track.clone())
                    .bind(m.session.clone())
                    .bind(seen.code())
                    .fetch_optional(&mut *tx)
                    .await?;
                    let claimed = sqlx::query(
                        "UPDATE track_memberships SET status = status
                         WHERE forum = $1 AND track = $2 AND session = $3 AND status = $4",
                    )
                    .bind(forum.to_string())
                    .bind(m.track.clone())
                    .bind(m.session.clone())
                    .bind(seen.code())
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    let Some(old) = old.filter(|_| claimed == 1) else {
                        return Err(conflict(&mut tx, forum, m, Some(seen)).await?);
                    };
                    let old = crate::rows::read_membership(&old)?;
                    if old == *m {
                        report.unchanged += 1;
                        continue;
                    }
                    upsert(&mut tx, &row).await?;
                    Some(old)
                }
            };
            let action = if before.is_some() { AuditAction::Update } else { AuditAction::Create };
            if before.is_some() {
                report.updated += 1;
            } else {
                report.created += 1;
            }
            log.record(action, EntityKind::Membership, &key, before.as_ref(), Some(m));
        }
        log.write(&mut tx).await?;
        tx.commit().await?;
        Ok(report)
    }
}

/// A coordinator's decision on one membership, with what the coordinator saw.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub membership: TrackMembership,
    /// The membership's status when the coordinator decided; None where there was no membership.
    pub seen: Option<MembershipStatus>,
}

/// The conflict error for a membership that is not as the decider saw it.
async fn conflict(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    forum: &str,
    m: &TrackMembership,
    seen: Option<MembershipStatus>,
) -> Result<StoreError, StoreError> {
    let row = sqlx::query("SELECT status FROM track_memberships WHERE forum = $1 AND track = $2 AND session = $3")
        .bind(forum.to_string())
        .bind(m.track.clone())
        .bind(m.session.clone())
        .fetch_optional(&mut **tx)
        .await?;
    let now: Option<String> = row.map(|r| r.try_get("status")).transpose()?;
    let was = seen.map_or("not in the track", |s| s.code());
    let is = now.as_deref().unwrap_or("not in the track");
    Ok(StoreError::Conflict(format!(
        "session {:?} in track {:?} was decided by someone else meanwhile (you saw: {was}; it is now: {is}); nothing was changed",
        m.session, m.track
    )))
}
