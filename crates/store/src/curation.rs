//! The coordinator's work on one track: creating or changing the track, and
//! writing its memberships (suggestions from discovery, accepts, rejects),
//! each change in one transaction with its audit events.

use std::collections::HashSet;

use throughline_core::audit::EntityKind;
use throughline_core::{MembershipStatus, Track, TrackMembership};

use crate::audit_log::AuditLog;
use crate::load::load_with;
use crate::rows::{membership_row, track_row};
use crate::save::{SaveReport, Writer};
use crate::{Store, StoreError};

impl Store {
    /// Creates the track, or updates it where it exists.
    pub async fn save_track(&self, forum: &str, track: &Track, actor: &str) -> Result<SaveReport, StoreError> {
        let mut tx = self.pool.begin().await?;
        let old = load_with(&mut tx, forum).await?.ok_or_else(|| StoreError::NotFound(format!("forum {forum:?}")))?;
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
    /// removed (discovery's new list replaces its old one); decided
    /// memberships are never removed here.
    pub async fn save_memberships(
        &self,
        forum: &str,
        track: &str,
        memberships: &[TrackMembership],
        replace_suggestions: bool,
        actor: &str,
    ) -> Result<SaveReport, StoreError> {
        let mut tx = self.pool.begin().await?;
        let old = load_with(&mut tx, forum).await?.ok_or_else(|| StoreError::NotFound(format!("forum {forum:?}")))?;
        let old: Vec<TrackMembership> = old.memberships.into_iter().filter(|m| m.track == track).collect();
        let key = |m: &TrackMembership| format!("{}/{}", m.track, m.session);
        let mut w = Writer { tx, log: AuditLog::new(actor, forum), report: SaveReport::default() };
        if replace_suggestions {
            let keep: HashSet<String> = memberships.iter().map(key).collect();
            let stale =
                old.iter().filter(|m| m.status == MembershipStatus::Suggested && !keep.contains(&key(m))).collect();
            w.remove(EntityKind::Membership, stale, key, |m| membership_row(forum, m)).await?;
        }
        w.sync(EntityKind::Membership, &old, memberships, key, |m| membership_row(forum, m)).await?;
        w.finish().await
    }
}
