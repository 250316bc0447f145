//! A forum's venue: its rooms and its slot grid, each replaced as a whole by
//! the secretariat. The forum's write lock is taken first, and a list that
//! changed since the editor loaded it is refused as a [`StoreError::Conflict`].

use std::collections::HashSet;

use throughline_core::audit::EntityKind;
use throughline_core::{Room, Slot};

use crate::audit_log::AuditLog;
use crate::load::load_with;
use crate::rows::{room_row, slot_row};
use crate::save::{SaveReport, Writer};
use crate::{Store, StoreError};

impl Store {
    /// Replaces the forum's rooms, if they are still `seen`.
    pub async fn replace_rooms(
        &self,
        forum: &str,
        seen: &[Room],
        rooms: &[Room],
        actor: &str,
    ) -> Result<SaveReport, StoreError> {
        let (mut w, old) = self.begin_venue_edit(forum, actor).await?;
        if old.rooms != seen {
            return Err(StoreError::Conflict(format!(
                "the rooms of {forum:?} were changed by someone else since you loaded them; nothing was changed"
            )));
        }
        let keep: HashSet<&str> = rooms.iter().map(|r| r.name.as_str()).collect();
        let gone = old.rooms.iter().filter(|r| !keep.contains(r.name.as_str())).collect();
        w.remove(EntityKind::Room, gone, |r| r.name.clone(), |r| room_row(forum, r)).await?;
        w.sync(EntityKind::Room, &old.rooms, rooms, |r| r.name.clone(), |r| room_row(forum, r)).await?;
        w.finish().await
    }

    /// Replaces the forum's slot grid, if it is still `seen`.
    pub async fn replace_slots(
        &self,
        forum: &str,
        seen: &[Slot],
        slots: &[Slot],
        actor: &str,
    ) -> Result<SaveReport, StoreError> {
        let (mut w, old) = self.begin_venue_edit(forum, actor).await?;
        if old.slots != seen {
            return Err(StoreError::Conflict(format!(
                "the slots of {forum:?} were changed by someone else since you loaded them; nothing was changed"
            )));
        }
        let key = |s: &Slot| s.start.to_string();
        let keep: HashSet<String> = slots.iter().map(key).collect();
        let gone = old.slots.iter().filter(|s| !keep.contains(&key(s))).collect();
        w.remove(EntityKind::Slot, gone, key, |s| slot_row(forum, s)).await?;
        w.sync(EntityKind::Slot, &old.slots, slots, key, |s| slot_row(forum, s)).await?;
        w.finish().await
    }

    /// A transaction that holds the forum's row (so venue edits of one forum
    /// go one after the other) and the forum as it stands.
    async fn begin_venue_edit<'a>(
        &self,
        forum: &'a str,
        actor: &'a str,
    ) -> Result<(Writer<'static, 'a>, throughline_core::Programme), StoreError> {
        let mut tx = self.begin_forum_write(forum).await?;
        let old = load_with(&mut tx, forum).await?.ok_or_else(|| StoreError::NotFound(format!("forum {forum:?}")))?;
        Ok((Writer { tx, log: AuditLog::new(actor, forum), report: SaveReport::default() }, old))
    }
}
