//! What every writer looks up per session (its people, its accepted tracks),
//! indexed once per export, so that writing a forum stays linear in its size
//! instead of scanning every participation and membership for each session.

use std::collections::{HashMap, HashSet};

use throughline_core::{MembershipRole, MembershipStatus, Programme, Role};

/// A session's person: role, key and name.
type Taking<'a> = (Role, &'a str, &'a str);

/// The people and accepted tracks of every session of a programme.
pub(crate) struct Lookup<'a> {
    /// Each session's people in role order (organisers first), each role's
    /// in the programme's order. A person not in the programme's list is
    /// named by their key.
    people: HashMap<&'a str, Vec<Taking<'a>>>,
    /// Each session's accepted memberships of known tracks, in the
    /// programme's order: role, slug and title.
    tracks: HashMap<&'a str, Vec<(MembershipRole, &'a str, &'a str)>>,
}

impl<'a> Lookup<'a> {
    pub fn new(p: &'a Programme) -> Lookup<'a> {
        let names: HashMap<&str, &str> = p.people.iter().map(|x| (x.key.as_str(), x.name.as_str())).collect();
        let mut people: HashMap<&str, Vec<Taking>> = HashMap::new();
        for x in &p.participations {
            let name = names.get(x.person.as_str()).copied().unwrap_or(x.person.as_str());
            people.entry(x.session.as_str()).or_default().push((x.role, x.person.as_str(), name));
        }
        for list in people.values_mut() {
            list.sort_by_key(|(role, _, _)| *role); // stable: each role's people keep their order
        }
        let titles: HashMap<&str, &str> = p.tracks.iter().map(|t| (t.slug.as_str(), t.title.as_str())).collect();
        let mut tracks: HashMap<&str, Vec<_>> = HashMap::new();
        for m in p.memberships.iter().filter(|m| m.status == MembershipStatus::Accepted) {
            if let Some(title) = titles.get(m.track.as_str()) {
                tracks.entry(m.session.as_str()).or_default().push((m.role, m.track.as_str(), *title));
            }
        }
        Lookup { people, tracks }
    }

    fn people_of(&self, session: &str) -> &[Taking<'a>] {
        self.people.get(session).map_or(&[], Vec::as_slice)
    }

    /// The names of the session's people in one role, in the programme's order.
    pub fn names_in_role(&self, session: &str, role: Role) -> Vec<&'a str> {
        self.people_of(session).iter().filter(|(r, _, _)| *r == role).map(|(_, _, name)| *name).collect()
    }

    /// The names of the session's people, each once, in role order.
    pub fn names(&self, session: &str) -> Vec<&'a str> {
        let mut seen = HashSet::new();
        self.people_of(session).iter().filter(|(_, key, _)| seen.insert(*key)).map(|(_, _, name)| *name).collect()
    }

    /// The titles of the session's accepted tracks, in the programme's order.
    pub fn track_titles(&self, session: &str) -> Vec<&'a str> {
        self.tracks.get(session).map_or_else(Vec::new, |list| list.iter().map(|(_, _, title)| *title).collect())
    }

    /// The session's accepted tracks as (slug, title), the primary one first:
    /// core memberships before related and feeder ones, then by slug.
    pub fn tracks(&self, session: &str) -> Vec<(&'a str, &'a str)> {
        let mut list = self.tracks.get(session).cloned().unwrap_or_default();
        list.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        list.into_iter().map(|(_, slug, title)| (slug, title)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use throughline_core::{Forum, Participation, Person, Track, TrackMembership};

    #[test]
    fn people_come_in_role_order_and_tracks_primary_first() {
        let mut p = Programme::new(Forum::new("f", "F"));
        p.people = vec![Person::named("Ana"), Person::named("Bo")];
        let part = |person: &str, role| Participation { session: "S".into(), person: person.into(), role };
        p.participations = vec![
            part("bo", Role::Speaker),
            part("ana", Role::Speaker),
            part("ana", Role::Organiser),
            part("cy", Role::Speaker),
        ];
        p.tracks = vec![Track::new("b", "Bee"), Track::new("a", "Ay")];
        let mut related = TrackMembership::imported("a", "S");
        related.role = MembershipRole::Related;
        let mut rejected = TrackMembership::imported("z", "S");
        rejected.status = MembershipStatus::Rejected;
        p.memberships =
            vec![related, TrackMembership::imported("b", "S"), rejected, TrackMembership::imported("gone", "S")];

        let l = Lookup::new(&p);
        assert_eq!(l.names_in_role("S", Role::Speaker), ["Bo", "Ana", "cy"]);
        assert_eq!(l.names("S"), ["Ana", "Bo", "cy"], "each once, the organiser first");
        assert_eq!(l.track_titles("S"), ["Ay", "Bee"], "programme order, accepted and known only");
        assert_eq!(l.tracks("S"), [("b", "Bee"), ("a", "Ay")], "core first");
        assert!(l.names("T").is_empty() && l.tracks("T").is_empty());
    }
}
