//! The venue, kept by the secretariat: the forum's rooms (name, seats,
//! remote participation) and its slot grid, each edited as a list of lines
//! and saved as a whole. A list that someone changed meanwhile is a
//! conflict; a room that still holds sessions cannot be removed.

use jiff::civil::DateTime;
use throughline_core::{Forum, Programme, Room, Slot};

use crate::App;
use crate::access::Permission;
use crate::actor::Actor;
use crate::error::AppError;

/// The most rooms or slots a forum may have.
pub const MAX_ITEMS: usize = 2000;

/// A room as one line: `Name | seats | remote` (seats and `remote` optional).
pub fn room_line(r: &Room) -> String {
    let seats = r.capacity.map(|c| c.to_string()).unwrap_or_default();
    let remote = if r.remote { " | remote" } else { "" };
    format!("{} | {seats}{remote}", r.name)
}

/// Reads rooms from lines (see [`room_line`]); an error names the line.
pub fn parse_rooms(text: &str) -> Result<Vec<Room>, AppError> {
    let mut rooms: Vec<Room> = Vec::new();
    for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let bad = |m: String| AppError::invalid("rooms", format!("line {}: {m}", i + 1));
        let mut parts = line.split('|').map(str::trim);
        let name = parts.next().unwrap_or_default().to_string();
        if name.is_empty() || name.chars().count() > 200 {
            return Err(bad("a room needs a name of at most 200 characters".into()));
        }
        if rooms.iter().any(|r| r.name == name) {
            return Err(bad(format!("room {name:?} is listed twice")));
        }
        let capacity = match parts.next().unwrap_or_default() {
            "" => None,
            n => Some(
                n.parse::<u32>()
                    .ok()
                    .filter(|c| *c <= 1_000_000)
                    .ok_or_else(|| bad(format!("{n:?} is not a number of seats")))?,
            ),
        };
        let remote = match parts.next().unwrap_or_default() {
            "" => false,
            "remote" => true,
            other => return Err(bad(format!("{other:?}: write `remote` or nothing after the seats"))),
        };
        if let Some(extra) = parts.next() {
            return Err(bad(format!("{extra:?}: a line has at most three parts")));
        }
        rooms.push(Room { name, capacity, remote });
    }
    if rooms.len() > MAX_ITEMS {
        return Err(AppError::invalid("rooms", format!("at most {MAX_ITEMS} rooms")));
    }
    Ok(rooms)
}

/// A slot as one line in the forum's time: `2026-12-01 09:00-10:30`.
pub fn slot_line(forum: &Forum, s: &Slot) -> String {
    format!("{}-{}", forum.local(s.start), forum.local_clock(s.end))
}

/// Reads slots in the forum's time from lines (see [`slot_line`]); an error names the line.
pub fn parse_slots(forum: &Forum, text: &str) -> Result<Vec<Slot>, AppError> {
    let mut slots = Vec::new();
    for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let bad = |m: String| AppError::invalid("slots", format!("line {}: {m}", i + 1));
        let line = line.trim().replace('–', "-");
        let (day, times) = line.split_once(' ').ok_or_else(|| bad("write `YYYY-MM-DD HH:MM-HH:MM`".into()))?;
        let (from, to) =
            times.trim().split_once('-').ok_or_else(|| bad("write the start and end as HH:MM-HH:MM".into()))?;
        let at = |t: &str| -> Result<jiff::Timestamp, AppError> {
            let local: DateTime = format!("{day}T{}", t.trim())
                .parse()
                .map_err(|_| bad(format!("{day} {} is not a date and time", t.trim())))?;
            local
                .to_zoned(forum.time_zone.tz().clone())
                .map(|z| z.timestamp())
                .map_err(|e| bad(format!("{day} {}: {e}", t.trim())))
        };
        let slot = Slot { start: at(from)?, end: at(to)? };
        if slot.end <= slot.start {
            return Err(bad("the slot ends before it starts".into()));
        }
        slots.push(slot);
    }
    slots.sort();
    if let Some(w) = slots.windows(2).find(|w| w[1].start < w[0].end) {
        return Err(AppError::invalid(
            "slots",
            format!("the slots {} and {} overlap", slot_line(forum, &w[0]), slot_line(forum, &w[1])),
        ));
    }
    if slots.len() > MAX_ITEMS {
        return Err(AppError::invalid("slots", format!("at most {MAX_ITEMS} slots")));
    }
    Ok(slots)
}

impl App {
    /// The forum with its venue, for its admins.
    pub async fn venue(&self, actor: &Actor, forum: &str) -> Result<Programme, AppError> {
        actor.require(&Permission::Administer { forum: forum.to_string() })?;
        self.programme(forum).await
    }

    /// Replaces the forum's rooms with `rooms` if they are still `seen`; a
    /// room that holds sessions cannot go. Returns how many rooms changed.
    pub async fn replace_rooms(
        &self,
        actor: &Actor,
        forum: &str,
        seen: &[Room],
        rooms: &[Room],
    ) -> Result<usize, AppError> {
        let p = self.venue(actor, forum).await?;
        for gone in p.rooms.iter().filter(|r| !rooms.iter().any(|n| n.name == r.name)) {
            let used: Vec<&str> =
                p.sessions.iter().filter(|s| s.room.as_deref() == Some(&gone.name)).map(|s| s.code.as_str()).collect();
            if !used.is_empty() {
                return Err(AppError::invalid(
                    "rooms",
                    format!("room {:?} holds sessions {}: move them before removing it", gone.name, used.join(", ")),
                ));
            }
        }
        Ok(self.store.replace_rooms(forum, seen, rooms, &actor.audit_name()).await?.changes())
    }

    /// Replaces the forum's slot grid with `slots` if it is still `seen`. Returns how many slots changed.
    pub async fn replace_slots(
        &self,
        actor: &Actor,
        forum: &str,
        seen: &[Slot],
        slots: &[Slot],
    ) -> Result<usize, AppError> {
        self.venue(actor, forum).await?;
        Ok(self.store.replace_slots(forum, seen, slots, &actor.audit_name()).await?.changes())
    }
}

#[cfg(test)]
mod tests {
    use throughline_formats::ImportOptions;
    use throughline_store::testing::TestDatabase;

    use super::*;

    const FORUM: &str = r#"{"forum": {"slug": "f", "name": "F", "time_zone": "Europe/Paris", "rooms": [{"name": "Hall", "capacity": 300}]}}
{"id": "S1", "title": "One", "status": "approved", "start": "2026-12-01T09:00", "duration": 60, "room": "Hall"}
"#;

    #[test]
    fn rooms_and_slots_read_back_as_written() {
        let rooms = parse_rooms("Hall | 300 | remote\nRoom B |\n\nRoom C | 40").unwrap();
        assert_eq!(
            rooms.iter().map(room_line).collect::<Vec<_>>(),
            ["Hall | 300 | remote", "Room B | ", "Room C | 40"]
        );
        let err = parse_rooms("Hall | 300\nHall | 20").unwrap_err().to_string();
        assert!(err.contains("line 2") && err.contains("twice"), "{err}");
        assert!(parse_rooms("Hall | many").unwrap_err().to_string().contains("seats"));
        let forum = Forum {
            time_zone: throughline_core::forum::IanaZone::parse("Europe/Paris").unwrap(),
            ..Forum::new("f", "F")
        };
        let slots = parse_slots(&forum, "2026-12-01 11:00–12:30\n2026-12-01 09:00-10:30").unwrap();
        assert_eq!(slot_line(&forum, &slots[0]), "2026-12-01 09:00-10:30");
        assert_eq!(slots[0].start.to_string(), "2026-12-01T08:00:00Z");
        let err = parse_slots(&forum, "2026-12-01 09:00-10:30\n2026-12-01 10:00-11:00").unwrap_err().to_string();
        assert!(err.contains("overlap"), "{err}");
        assert!(parse_slots(&forum, "2026-12-01 10:00-09:00").unwrap_err().to_string().contains("line 1"));
        assert!(parse_slots(&forum, "tomorrow").is_err());
    }

    #[tokio::test]
    async fn a_room_in_use_stays_and_a_stale_list_is_a_conflict() {
        for db in TestDatabase::both().await {
            let app = App::open(&db.url).await.unwrap();
            let op = Actor::Operator("test".into());
            app.import(&op, "f.jsonl", FORUM.as_bytes(), &ImportOptions::default()).await.unwrap();
            let seen = app.venue(&op, "f").await.unwrap().rooms;
            let err = app.replace_rooms(&op, "f", &seen, &[]).await.unwrap_err();
            assert!(err.to_string().contains("S1"), "{err}");
            let more = parse_rooms("Hall | 300\nAnnex | 25 | remote").unwrap();
            assert_eq!(app.replace_rooms(&op, "f", &seen, &more).await.unwrap(), 1);
            let err = app.replace_rooms(&op, "f", &seen, &seen).await.unwrap_err();
            assert!(matches!(err, AppError::Conflict(_)), "{err}");
            assert_eq!(app.venue(&op, "f").await.unwrap().rooms.len(), 2, "the conflict changed nothing");
            let anon = Actor::Anonymous;
            assert!(matches!(app.replace_rooms(&anon, "f", &more, &[]).await, Err(AppError::Forbidden(_))));
            let p = app.venue(&op, "f").await.unwrap();
            let slots = parse_slots(&p.forum, "2026-12-01 09:00-10:30\n2026-12-01 11:00-12:30").unwrap();
            app.replace_slots(&op, "f", &p.slots, &slots).await.unwrap();
            assert_eq!(app.venue(&op, "f").await.unwrap().slots, slots);
            db.cleanup().await;
        }
    }
}
