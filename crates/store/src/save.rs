//! Saving a whole programme (what an import does): in one transaction,
//! compare it with what the store holds, write what is new or changed, and
//! record each change in the audit trail. Re-saving the same programme
//! changes nothing; things the store holds that the programme lacks are kept
//! (sessions, people, rooms), except the links the programme redefines: the
//! people of its sessions, their imported track labels, and the slot grid
//! when it declares one.

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use sqlx::{Any, Transaction};
use throughline_core::audit::{AuditAction, EntityKind};
use throughline_core::{MembershipOrigin, Programme};

use crate::audit_log::AuditLog;
use crate::load::load_with;
use crate::rebase::rebase;
use crate::rows::{
    TableRow, delete, forum_row, mechanism_row, membership_key, membership_row, participation_key, participation_row,
    person_row, report_row, room_row, session_row, slot_row, track_row, upsert,
};
use crate::{Store, StoreError};

/// What a save changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SaveReport {
    /// Whether the forum was new to the store.
    pub new_forum: bool,
    pub created: usize,
    pub updated: usize,
    pub deleted: usize,
    pub unchanged: usize,
    /// Codes of sessions the store holds that the saved programme did not have (kept as they are).
    pub sessions_not_in_programme: Vec<String>,
}

impl SaveReport {
    pub fn changes(&self) -> usize {
        self.created + self.updated + self.deleted
    }
}

pub(crate) struct Writer<'t, 'a> {
    pub tx: Transaction<'t, Any>,
    pub log: AuditLog<'a>,
    pub report: SaveReport,
}

impl Writer<'_, '_> {
    /// Writes the audit events and commits.
    pub(crate) async fn finish(self) -> Result<SaveReport, StoreError> {
        let Writer { mut tx, log, report } = self;
        log.write(&mut tx).await?;
        tx.commit().await?;
        Ok(report)
    }

    /// Writes each new value that is absent or different among `old`.
    pub(crate) async fn sync<T: Serialize + PartialEq>(
        &mut self,
        entity: EntityKind,
        old: &[T],
        new: &[T],
        key: impl Fn(&T) -> String,
        row: impl Fn(&T) -> TableRow,
    ) -> Result<(), StoreError> {
        let old: HashMap<String, &T> = old.iter().map(|o| (key(o), o)).collect();
        for item in new {
            let k = key(item);
            match old.get(&k) {
                Some(before) if *before == item => self.report.unchanged += 1,
                before => {
                    upsert(&mut self.tx, &row(item)).await?;
                    let action = if before.is_some() { AuditAction::Update } else { AuditAction::Create };
                    if before.is_some() {
                        self.report.updated += 1;
                    } else {
                        self.report.created += 1;
                    }
                    self.log.record(action, entity, &k, before.copied(), Some(item));
                }
            }
        }
        Ok(())
    }

    /// Deletes the given values.
    pub(crate) async fn remove<T: Serialize>(
        &mut self,
        entity: EntityKind,
        gone: Vec<&T>,
        key: impl Fn(&T) -> String,
        row: impl Fn(&T) -> TableRow,
    ) -> Result<(), StoreError> {
        for item in gone {
            delete(&mut self.tx, &row(item)).await?;
            self.report.deleted += 1;
            self.log.record(AuditAction::Delete, entity, &key(item), Some(item), None);
        }
        Ok(())
    }
}

impl Store {
    /// Saves the programme in one transaction, as `actor` in the audit trail.
    pub async fn save_programme(&self, p: &Programme, actor: &str) -> Result<SaveReport, StoreError> {
        let mut tx = self.begin_forum_write(&p.forum.slug).await?;
        let old = load_with(&mut tx, &p.forum.slug).await?;
        write_programme(tx, old, p, actor).await
    }

    /// Saves a forum the caller found absent: a [`StoreError::Conflict`],
    /// and nothing saved, when someone created it meanwhile (two imports of
    /// one new forum: the later must merge into the earlier, not replace it).
    pub async fn save_new_programme(&self, p: &Programme, actor: &str) -> Result<SaveReport, StoreError> {
        let forum = p.forum.slug.as_str();
        let mut tx = self.begin_forum_write(forum).await?;
        if load_with(&mut tx, forum).await?.is_some() {
            return Err(StoreError::Conflict(format!(
                "forum {forum:?} was created by someone else meanwhile; nothing was saved (import again to merge into it)"
            )));
        }
        write_programme(tx, None, p, actor).await
    }

    /// Saves `new`, a change made on `base` (the forum as loaded earlier):
    /// only the records that differ between the two are written, and each
    /// must still be as `base` has it, else nothing is saved and the answer
    /// is a [`StoreError::Conflict`] naming the record. What others changed
    /// meanwhile in other records is kept (see `rebase.rs`).
    pub async fn save_programme_over(
        &self,
        base: &Programme,
        new: &Programme,
        actor: &str,
    ) -> Result<SaveReport, StoreError> {
        let tx = self.begin_forum_write(&new.forum.slug).await?;
        write_over(tx, base, new, actor).await
    }
}

/// [`Store::save_programme_over`] in a transaction that holds the forum's write lock.
pub(crate) async fn write_over(
    mut tx: Transaction<'static, Any>,
    base: &Programme,
    new: &Programme,
    actor: &str,
) -> Result<SaveReport, StoreError> {
    let forum = new.forum.slug.as_str();
    let current = load_with(&mut tx, forum).await?.ok_or_else(|| StoreError::NotFound(format!("forum {forum:?}")))?;
    let target = rebase(base, new, &current).map_err(|stale| {
        StoreError::Conflict(format!(
            "{stale} of forum {forum:?} was changed by someone else since this change was made from it; \
             nothing was saved (start again from the forum as it is now)"
        ))
    })?;
    write_programme(tx, Some(current), &target, actor).await
}

/// Writes `p` over `old` (the forum as the transaction read it, None where
/// it is new) and commits.
async fn write_programme(
    tx: Transaction<'static, Any>,
    old: Option<Programme>,
    p: &Programme,
    actor: &str,
) -> Result<SaveReport, StoreError> {
    let forum = p.forum.slug.as_str();
    let new_forum = old.is_none();
    let old = old.unwrap_or_else(|| Programme::new(p.forum.clone()));
    let mut w =
        Writer { tx, log: AuditLog::new(actor, forum), report: SaveReport { new_forum, ..SaveReport::default() } };

    let old_forum: &[_] = if new_forum { &[] } else { std::slice::from_ref(&old.forum) };
    w.sync(EntityKind::Forum, old_forum, std::slice::from_ref(&p.forum), |f| f.slug.clone(), forum_row).await?;
    w.sync(EntityKind::Room, &old.rooms, &p.rooms, |r| r.name.clone(), |r| room_row(forum, r)).await?;
    let slot_key = |s: &throughline_core::Slot| s.start.to_string();
    if !p.slots.is_empty() {
        let keep: HashSet<String> = p.slots.iter().map(slot_key).collect();
        let gone = old.slots.iter().filter(|s| !keep.contains(&slot_key(s))).collect();
        w.remove(EntityKind::Slot, gone, slot_key, |s| slot_row(forum, s)).await?;
    }
    w.sync(EntityKind::Slot, &old.slots, &p.slots, slot_key, |s| slot_row(forum, s)).await?;
    w.sync(EntityKind::Person, &old.people, &p.people, |x| x.key.clone(), |x| person_row(forum, x)).await?;
    w.sync(EntityKind::Session, &old.sessions, &p.sessions, |s| s.code.clone(), |s| session_row(forum, s)).await?;

    let in_programme: HashSet<&str> = p.sessions.iter().map(|s| s.code.as_str()).collect();
    let new_parts: HashSet<String> = p.participations.iter().map(participation_key).collect();
    let gone = old
        .participations
        .iter()
        .filter(|x| in_programme.contains(x.session.as_str()) && !new_parts.contains(&participation_key(x)))
        .collect();
    w.remove(EntityKind::Participation, gone, participation_key, |x| participation_row(forum, x)).await?;
    w.sync(EntityKind::Participation, &old.participations, &p.participations, participation_key, |x| {
        participation_row(forum, x)
    })
    .await?;

    w.sync(EntityKind::Track, &old.tracks, &p.tracks, |t| t.slug.clone(), |t| track_row(forum, t)).await?;
    let new_members: HashSet<String> = p.memberships.iter().map(membership_key).collect();
    let gone = old
        .memberships
        .iter()
        .filter(|m| {
            m.origin == MembershipOrigin::Imported
                && in_programme.contains(m.session.as_str())
                && !new_members.contains(&membership_key(m))
        })
        .collect();
    w.remove(EntityKind::Membership, gone, membership_key, |m| membership_row(forum, m)).await?;
    w.sync(EntityKind::Membership, &old.memberships, &p.memberships, membership_key, |m| membership_row(forum, m))
        .await?;
    w.sync(EntityKind::Mechanism, &old.mechanisms, &p.mechanisms, |m| m.id.clone(), |m| mechanism_row(forum, m))
        .await?;
    w.sync(EntityKind::Report, &old.reports, &p.reports, |r| r.session.clone(), |r| report_row(forum, r)).await?;

    w.report.sessions_not_in_programme =
        old.sessions.iter().filter(|s| !in_programme.contains(s.code.as_str())).map(|s| s.code.clone()).collect();
    // What the forum now holds must be consistent, not only what was written:
    // an import keeps the sessions its file leaves out and may replace the
    // slots they sit in. Read it back inside the transaction and check it;
    // returning drops the transaction, which rolls everything back.
    let saved = load_with(&mut w.tx, forum).await?.ok_or_else(|| StoreError::NotFound(format!("forum {forum:?}")))?;
    if let Some(problem) = saved.validate().into_iter().next() {
        return Err(StoreError::Inconsistent(problem.to_string()));
    }
    w.finish().await
}
