//! Putting a change made on an older copy of a forum onto the forum as it is
//! now. A use case that loads a programme, works on it for a while (the
//! solver, a repair) and saves it must not write back what others changed
//! meanwhile. So only the records the change touched are written, and each
//! of them must still be as the change found it; one that is not makes the
//! whole save a conflict, naming the record. Pure: three programmes in, one
//! out.

use std::collections::HashMap;

use throughline_core::Programme;

use crate::rows::{membership_key, participation_key};

/// A record the change touched that someone else changed meanwhile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StaleRecord {
    pub kind: &'static str,
    pub key: String,
}

impl std::fmt::Display for StaleRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {:?}", self.kind, self.key)
    }
}

/// `current` with the changes from `base` to `new` applied: each record that
/// differs between `base` and `new` (new, changed or gone) takes its value
/// from `new`, provided `current` still holds it as in `base`. Records the
/// change did not touch stay as `current` has them.
pub(crate) fn rebase(base: &Programme, new: &Programme, current: &Programme) -> Result<Programme, StaleRecord> {
    if base.forum != new.forum && current.forum != base.forum {
        return Err(StaleRecord { kind: "forum", key: current.forum.slug.clone() });
    }
    Ok(Programme {
        forum: if base.forum != new.forum { new.forum.clone() } else { current.forum.clone() },
        rooms: records("room", &base.rooms, &new.rooms, &current.rooms, |r| r.name.clone())?,
        slots: records("slot", &base.slots, &new.slots, &current.slots, |s| s.start.to_string())?,
        sessions: records("session", &base.sessions, &new.sessions, &current.sessions, |s| s.code.clone())?,
        people: records("person", &base.people, &new.people, &current.people, |x| x.key.clone())?,
        participations: records(
            "participation",
            &base.participations,
            &new.participations,
            &current.participations,
            participation_key,
        )?,
        tracks: records("track", &base.tracks, &new.tracks, &current.tracks, |t| t.slug.clone())?,
        memberships: records("membership", &base.memberships, &new.memberships, &current.memberships, membership_key)?,
        mechanisms: records("mechanism", &base.mechanisms, &new.mechanisms, &current.mechanisms, |m| m.id.clone())?,
        reports: records("report", &base.reports, &new.reports, &current.reports, |r| r.session.clone())?,
    })
}

/// One kind of record, rebased; `current`'s order is kept and new records follow it.
fn records<T: Clone + PartialEq>(
    kind: &'static str,
    base: &[T],
    new: &[T],
    current: &[T],
    key: impl Fn(&T) -> String,
) -> Result<Vec<T>, StaleRecord> {
    let index = |list: &[T]| -> HashMap<String, usize> { list.iter().enumerate().map(|(i, x)| (key(x), i)).collect() };
    let (base_at, new_at, current_at) = (index(base), index(new), index(current));
    let in_base = |k: &str| base_at.get(k).map(|&i| &base[i]);
    let in_current = |k: &str| current_at.get(k).map(|&i| &current[i]);
    let mut out: Vec<Option<T>> = current.iter().cloned().map(Some).collect();
    let mut added = Vec::new();
    let touched = new
        .iter()
        .map(|x| (key(x), Some(x)))
        .chain(base.iter().map(|x| (key(x), None)).filter(|(k, _)| !new_at.contains_key(k)));
    for (k, value) in touched {
        let was = in_base(&k);
        if value == was || in_current(&k) == value {
            continue; // untouched, or already as the change wants it
        }
        if in_current(&k) != was {
            return Err(StaleRecord { kind, key: k });
        }
        match (current_at.get(&k), value) {
            (Some(&i), value) => out[i] = value.cloned(),
            (None, Some(value)) => added.push(value.clone()),
            (None, None) => {}
        }
    }
    Ok(out.into_iter().flatten().chain(added).collect())
}

#[cfg(test)]
mod tests {
    use throughline_core::{Forum, Session};

    use super::*;

    fn programme(sessions: &[(&str, &str)]) -> Programme {
        let mut p = Programme::new(Forum::new("f", "F"));
        p.sessions = sessions
            .iter()
            .map(|(code, title)| Session { code: code.to_string(), title: title.to_string(), ..Session::default() })
            .collect();
        p
    }

    fn titles(p: &Programme) -> Vec<(String, String)> {
        p.sessions.iter().map(|s| (s.code.clone(), s.title.clone())).collect()
    }

    #[test]
    fn changes_of_others_to_untouched_records_are_kept() {
        let base = programme(&[("a", "A"), ("b", "B")]);
        let new = programme(&[("a", "A moved"), ("b", "B")]);
        let current = programme(&[("a", "A"), ("b", "B edited"), ("c", "C added")]);
        let out = rebase(&base, &new, &current).unwrap();
        let expected = [("a", "A moved"), ("b", "B edited"), ("c", "C added")];
        assert_eq!(titles(&out), expected.map(|(c, t)| (c.to_string(), t.to_string())));
    }

    #[test]
    fn a_touched_record_changed_meanwhile_is_stale() {
        let base = programme(&[("a", "A")]);
        let new = programme(&[("a", "A moved")]);
        let current = programme(&[("a", "A edited")]);
        assert_eq!(rebase(&base, &new, &current), Err(StaleRecord { kind: "session", key: "a".into() }));
        // Created by both: stale too, unless both made the same.
        let base = programme(&[]);
        assert_eq!(rebase(&base, &new, &current).unwrap_err().key, "a");
        assert_eq!(titles(&rebase(&base, &new, &new).unwrap()), titles(&new));
    }

    #[test]
    fn removals_apply_where_the_record_is_as_it_was() {
        let base = programme(&[("a", "A"), ("b", "B")]);
        let new = programme(&[("a", "A")]);
        assert_eq!(titles(&rebase(&base, &new, &base).unwrap()), titles(&new));
        let current = programme(&[("a", "A"), ("b", "B edited")]);
        assert_eq!(rebase(&base, &new, &current).unwrap_err().key, "b");
    }
}
