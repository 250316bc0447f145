//! Which sessions of a track overlap, for the warning on the track's page.
//! Same notion as `throughline_schedule::check`'s track clashes between
//! accepted sessions: two time ranges overlap when they intersect (a session
//! ending at 10:30 and one starting at 10:30 do not).

use throughline_core::{Programme, Session};

/// Every overlapping pair among the track's accepted, scheduled sessions,
/// earlier session first, in time order.
pub fn track_overlaps<'a>(p: &'a Programme, track: &str) -> Vec<(&'a Session, &'a Session)> {
    let members = p.accepted_sessions(track);
    overlaps_among(p.sessions.iter().filter(|s| members.contains(s.code.as_str())).collect())
}

/// Every overlapping pair among these sessions (the scheduled ones), earlier session first, in time order.
pub(crate) fn overlaps_among(sessions: Vec<&Session>) -> Vec<(&Session, &Session)> {
    let mut placed: Vec<(&Session, jiff::Timestamp, jiff::Timestamp)> =
        sessions.into_iter().filter_map(|s| Some((s, s.start?, s.end()?))).collect();
    placed.sort_by(|a, b| (a.1, &a.0.code).cmp(&(b.1, &b.0.code)));
    let mut pairs = Vec::new();
    for (k, a) in placed.iter().enumerate() {
        for b in &placed[k + 1..] {
            if b.1 >= a.2 {
                break;
            }
            pairs.push((a.0, b.0));
        }
    }
    pairs
}
