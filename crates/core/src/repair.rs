//! A repair of the timetable proposed for a track: the sessions it moves,
//! from where to where, waiting for the forum's admins to save it (or
//! dismiss it). A track's coordinator asks for one; only an admin changes
//! the timetable, and only while every session is still where it was when
//! the repair was proposed.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::Programme;
use crate::enums::closed_enum;

/// Where a session is: its start and room.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placement {
    pub start: Timestamp,
    pub room: String,
}

/// One session moved (or placed, when it had no place).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionMove {
    pub session: String,
    pub from: Option<Placement>,
    pub to: Placement,
}

closed_enum! {
    /// Where a proposed repair stands.
    RepairStatus, "repair status" {
        Pending => "pending", "Waiting for an admin";
        Saved => "saved", "Saved into the timetable";
        Dismissed => "dismissed", "Dismissed";
    }
}

/// A proposed repair of the timetable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimetableRepair {
    /// Numbered per forum, from 1.
    pub number: i64,
    /// The track whose coordinator asked for it.
    pub track: String,
    pub proposed_by: String,
    pub proposed_at: Timestamp,
    pub moves: Vec<SessionMove>,
    /// The solver's figures in words, for the admin who decides.
    pub summary: String,
    pub status: RepairStatus,
    pub decided_by: Option<String>,
    pub decided_at: Option<Timestamp>,
}

/// Where a session of the programme is now, if it is placed.
pub fn placement(p: &Programme, code: &str) -> Option<Placement> {
    let s = p.session(code)?;
    Some(Placement { start: s.start?, room: s.room.clone()? })
}

/// The sessions whose placement differs between two states of a programme.
pub fn moves_between(before: &Programme, after: &Programme) -> Vec<SessionMove> {
    after
        .sessions
        .iter()
        .filter_map(|s| {
            let to = placement(after, &s.code)?;
            let from = placement(before, &s.code);
            (from.as_ref() != Some(&to)).then(|| SessionMove { session: s.code.clone(), from, to })
        })
        .collect()
}

/// Why a repair no longer applies: the first session it moves that changed meanwhile.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StaleRepair {
    #[error("session {0:?} is no longer in the programme")]
    SessionGone(String),
    #[error("session {0:?} has moved since the repair was proposed")]
    SessionMoved(String),
}

/// Applies a repair to the programme, if every session it moves is still
/// where it was when the repair was proposed; otherwise names the first that moved.
pub fn apply_repair(p: &mut Programme, moves: &[SessionMove]) -> Result<(), StaleRepair> {
    for m in moves {
        if p.session(&m.session).is_none() {
            return Err(StaleRepair::SessionGone(m.session.clone()));
        }
        if placement(p, &m.session) != m.from {
            return Err(StaleRepair::SessionMoved(m.session.clone()));
        }
    }
    for m in moves {
        if let Some(s) = p.sessions.iter_mut().find(|s| s.code == m.session) {
            s.start = Some(m.to.start);
            s.room = Some(m.to.room.clone());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Forum, Session};

    fn programme(start: &str, room: &str) -> Programme {
        let mut p = Programme::new(Forum::new("f", "F"));
        let mut s = Session { code: "S1".into(), title: "One".into(), ..Session::default() };
        s.start = Some(start.parse().unwrap());
        s.room = Some(room.into());
        p.sessions.push(s);
        p
    }

    #[test]
    fn a_repair_applies_only_where_nothing_moved_meanwhile() {
        let before = programme("2026-12-01T09:00:00Z", "A");
        let after = programme("2026-12-01T11:00:00Z", "B");
        let moves = moves_between(&before, &after);
        assert_eq!(moves.len(), 1);
        assert!(moves_between(&before, &before).is_empty());
        let mut p = before.clone();
        apply_repair(&mut p, &moves).unwrap();
        assert_eq!(p, after);
        let mut moved = programme("2026-12-01T10:00:00Z", "A");
        let err = apply_repair(&mut moved, &moves).unwrap_err();
        assert_eq!(err, StaleRepair::SessionMoved("S1".into()));
        assert!(err.to_string().contains("has moved"), "{err}");
        assert_eq!(moved, programme("2026-12-01T10:00:00Z", "A"), "nothing applied");
    }
}
