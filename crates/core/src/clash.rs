//! What a clash is, in one place. Two sessions clash when their times
//! intersect (one ending at 10:30 and one starting at 10:30 do not). A
//! **track clash** is such a pair among a track's accepted sessions: the
//! checker (`schedule check`), the guide's warning and the PDF guide all
//! count these pairs. A **suggested clash** is such a pair where one of the
//! two is only suggested for the track: a clash to come if it is accepted.
//!
//! The solver minimises another number, the *concurrent surplus* (per
//! instant of the grid, a track's sessions running beyond the first, summed
//! over the instants). On a timetable whose sessions start at slot starts it
//! is zero exactly when there is no track clash; otherwise it differs (three
//! sessions side by side in one slot are three clashes and a surplus of two).

use std::collections::HashSet;

use crate::{MembershipStatus, Programme, Session};

/// Every pair of these sessions whose times intersect, the earlier session
/// first, pairs in time order (by start, then code). Sessions without a
/// time are left out. Sweeps the sessions sorted by start.
pub fn overlapping_pairs<'a>(sessions: impl IntoIterator<Item = &'a Session>) -> Vec<[&'a Session; 2]> {
    let mut placed: Vec<(&Session, jiff::Timestamp, jiff::Timestamp)> =
        sessions.into_iter().filter_map(|s| Some((s, s.start?, s.end()?))).collect();
    placed.sort_by(|a, b| (a.1, &a.0.code).cmp(&(b.1, &b.0.code)));
    let mut pairs = Vec::new();
    for (k, a) in placed.iter().enumerate() {
        for b in &placed[k + 1..] {
            if b.1 >= a.2 {
                break;
            }
            pairs.push([a.0, b.0]);
        }
    }
    pairs
}

/// The track's clashes: every overlapping pair of its accepted sessions.
pub fn track_clashes<'a>(p: &'a Programme, track: &str) -> Vec<[&'a Session; 2]> {
    let accepted = p.accepted_sessions(track);
    overlapping_pairs(p.sessions.iter().filter(|s| accepted.contains(s.code.as_str())))
}

/// The track's suggested clashes: every overlapping pair of its accepted or
/// suggested sessions of which at least one is only suggested.
pub fn suggested_clashes<'a>(p: &'a Programme, track: &str) -> Vec<[&'a Session; 2]> {
    let accepted = p.accepted_sessions(track);
    let suggested: HashSet<&str> = p
        .memberships
        .iter()
        .filter(|m| m.track == track && m.status == MembershipStatus::Suggested)
        .map(|m| m.session.as_str())
        .filter(|code| !accepted.contains(code))
        .collect();
    let likely =
        p.sessions.iter().filter(|s| accepted.contains(s.code.as_str()) || suggested.contains(s.code.as_str()));
    overlapping_pairs(likely)
        .into_iter()
        .filter(|[a, b]| suggested.contains(a.code.as_str()) || suggested.contains(b.code.as_str()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Forum, Track, TrackMembership};

    fn session(code: &str, start: &str, minutes: u32) -> Session {
        Session {
            code: code.into(),
            start: Some(format!("2026-06-01T{start}:00Z").parse().unwrap()),
            duration_minutes: minutes,
            ..Session::default()
        }
    }

    fn programme() -> Programme {
        let mut p = Programme::new(Forum::new("f", "F"));
        p.sessions = vec![
            session("A", "09:00", 60),
            session("B", "09:30", 60),
            session("C", "10:00", 30),
            session("D", "10:30", 30),
            session("E", "09:15", 30),
            Session { code: "U".into(), duration_minutes: 60, ..Session::default() },
        ];
        p.tracks.push(Track::new("t", "T"));
        for (code, status) in [
            ("A", MembershipStatus::Accepted),
            ("B", MembershipStatus::Accepted),
            ("C", MembershipStatus::Accepted),
            ("D", MembershipStatus::Accepted),
            ("U", MembershipStatus::Accepted),
            ("E", MembershipStatus::Suggested),
        ] {
            let mut m = TrackMembership::imported("t", code);
            m.status = status;
            p.memberships.push(m);
        }
        p
    }

    fn codes(pairs: &[[&Session; 2]]) -> Vec<(String, String)> {
        pairs.iter().map(|[a, b]| (a.code.clone(), b.code.clone())).collect()
    }

    #[test]
    fn a_track_clash_is_an_overlapping_pair_of_accepted_sessions() {
        let p = programme();
        // A 9:00–10:00, B 9:30–10:30, C 10:00–10:30, D 10:30–11:00: A–B and
        // B–C intersect; A ends as C starts and C as D starts, which is no clash.
        assert_eq!(codes(&track_clashes(&p, "t")), [("A".into(), "B".into()), ("B".into(), "C".into())]);
        assert!(track_clashes(&p, "other").is_empty());
    }

    #[test]
    fn a_suggested_clash_involves_a_session_only_suggested() {
        let p = programme();
        // E 9:15–9:45 (suggested) meets A and B; A–B is a track clash, not a suggested one.
        assert_eq!(codes(&suggested_clashes(&p, "t")), [("A".into(), "E".into()), ("E".into(), "B".into())]);
    }

    #[test]
    fn pairs_come_in_time_order_and_whatever_order_the_sessions_came_in() {
        let p = programme();
        let reversed: Vec<&Session> = p.sessions.iter().rev().collect();
        assert_eq!(codes(&overlapping_pairs(reversed)), codes(&overlapping_pairs(&p.sessions)));
        assert_eq!(overlapping_pairs(&p.sessions).len(), 4, "A–E, A–B, E–B, B–C");
    }
}
