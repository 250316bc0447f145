//! Applying an imported file to a forum the store already holds. A file
//! states some things (a `forum` record, declared rooms, people and tracks)
//! and only implies others (a room named by a session, a person named by
//! name only, a track named by a label). What a file only implies must not
//! overwrite what was entered before: re-importing a spreadsheet of sessions
//! keeps the people's affiliations and the rooms' capacities.

use std::collections::HashSet;

use crate::programme::Programme;

/// What an imported file declared explicitly.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Declared {
    /// The file had a `forum` record.
    pub forum: bool,
    /// The file listed the forum's rooms.
    pub rooms: bool,
    /// Keys of the people the file declared with a `person` record.
    pub people: HashSet<String>,
    /// Slugs of the tracks the file declared with a `track` record.
    pub tracks: HashSet<String>,
    /// The format says what each person does in a session. Where it does not
    /// (frab's schedule.xml and schedule.json list "persons"), the roles
    /// already known are kept and only people new to a session come in as
    /// speakers.
    pub roles: bool,
    /// The format carries every field of a session. Where it does not (the
    /// exchange formats have no policy questions, tags, format, status,
    /// expected attendance, and one language only), a known session keeps
    /// those fields.
    pub session_details: bool,
}

/// The programme to save when `incoming` is imported over `existing`: what
/// the file declared wins; what it only implied yields to what exists.
pub fn merge_import(existing: &Programme, mut incoming: Programme, declared: &Declared) -> Programme {
    if !declared.forum {
        incoming.forum = existing.forum.clone();
    }
    if !declared.rooms {
        for room in &mut incoming.rooms {
            if let Some(known) = existing.room(&room.name) {
                *room = known.clone();
            }
        }
    }
    for person in &mut incoming.people {
        if !declared.people.contains(&person.key)
            && let Some(known) = existing.person(&person.key)
        {
            *person = known.clone();
        }
    }
    for track in &mut incoming.tracks {
        if !declared.tracks.contains(&track.slug)
            && let Some(known) = existing.tracks.iter().find(|t| t.slug == track.slug)
        {
            *track = known.clone();
        }
    }
    // A track label implies an accepted membership; where the forum has it
    // accepted already, the coordinator's decision (its role, reasons, who
    // decided and when) stands.
    for m in &mut incoming.memberships {
        if let Some(known) =
            existing.memberships.iter().find(|k| k.track == m.track && k.session == m.session && k.status == m.status)
        {
            *m = known.clone();
        }
    }
    if !declared.roles {
        keep_known_roles(existing, &mut incoming);
    }
    if !declared.session_details {
        for session in &mut incoming.sessions {
            if let Some(known) = existing.session(&session.code) {
                keep_known_details(known, session);
            }
        }
    }
    // Mechanisms and reports are entered in Throughline: a file's own
    // mechanism records replace those with their ids, and the rest stay.
    let mut mechanisms = existing.mechanisms.clone();
    for m in std::mem::take(&mut incoming.mechanisms) {
        match mechanisms.iter_mut().find(|known| known.id == m.id) {
            Some(known) => *known = m,
            None => mechanisms.push(m),
        }
    }
    incoming.mechanisms = mechanisms;
    incoming.reports = existing.reports.clone();
    incoming
}

/// The fields an exchange format does not carry keep their known values.
fn keep_known_details(known: &crate::Session, session: &mut crate::Session) {
    session.format = known.format;
    session.policy_questions = known.policy_questions.clone();
    session.tags = known.tags.clone();
    session.status = known.status.clone();
    session.expected_attendance = known.expected_attendance;
    session.preferred_days = known.preferred_days.clone();
    if session.remote_link.is_none() {
        session.remote_link = known.remote_link.clone();
    }
    // The formats hold one language; a known list that starts with it stands.
    if session.languages.is_empty() || known.languages.first() == session.languages.first() {
        session.languages = known.languages.clone();
    }
}

/// For each incoming session: a person the store already has in the session
/// keeps the roles recorded there; a person new to it keeps the file's role.
fn keep_known_roles(existing: &Programme, incoming: &mut Programme) {
    let mut kept = Vec::with_capacity(incoming.participations.len());
    let mut seen = HashSet::new();
    for part in &incoming.participations {
        let known: Vec<_> =
            existing.participations.iter().filter(|x| x.session == part.session && x.person == part.person).collect();
        if known.is_empty() {
            kept.push(part.clone());
        } else if seen.insert((part.session.clone(), part.person.clone())) {
            kept.extend(known.into_iter().cloned());
        }
    }
    incoming.participations = kept;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Forum, Person, Room, StakeholderGroup, Track};

    fn existing() -> Programme {
        let mut p = Programme::new(Forum::new("f", "The Forum"));
        p.rooms.push(Room { name: "Hall".into(), capacity: Some(500), remote: true });
        let mut ana = Person::named("Ana");
        ana.stakeholder_group = Some(StakeholderGroup::Academia);
        p.people.push(ana);
        let mut t = Track::new("t", "T");
        t.narrative = "What T is about.".into();
        p.tracks.push(t);
        p
    }

    fn implied() -> Programme {
        let mut p = Programme::new(Forum::new("f", "f"));
        p.rooms.push(Room { name: "Hall".into(), capacity: None, remote: false });
        p.people.push(Person::named("Ana"));
        p.tracks.push(Track::new("t", "T"));
        p
    }

    #[test]
    fn a_track_label_keeps_the_coordinators_decision() {
        use crate::{MembershipRole, MembershipStatus, TrackMembership};
        let mut before = existing();
        let mut decided = TrackMembership::imported("t", "WS 1");
        decided.origin = crate::MembershipOrigin::Suggested;
        decided.role = MembershipRole::Related;
        decided.decided_by = Some("coordinator@example.org".into());
        before.memberships = vec![
            decided.clone(),
            TrackMembership { status: MembershipStatus::Rejected, ..TrackMembership::imported("t", "WS 2") },
        ];
        let mut file = implied();
        file.memberships = vec![TrackMembership::imported("t", "WS 1"), TrackMembership::imported("t", "WS 2")];
        let merged = merge_import(&before, file, &Declared::default());
        assert_eq!(merged.memberships[0], decided, "the accepted membership stays as decided");
        assert_eq!(
            merged.memberships[1].status,
            MembershipStatus::Accepted,
            "a label on a rejected session is the file's say"
        );
    }

    #[test]
    fn mechanisms_and_reports_stay_unless_the_file_has_them() {
        use crate::mechanism::{MechanismScope, MechanismStatus, MechanismType};
        let mechanism = |id: &str, name: &str| {
            crate::CooperationMechanism::new(
                id,
                name,
                MechanismType::DialogueProcess,
                MechanismScope::Global,
                MechanismStatus::Existing,
            )
        };
        let mut before = existing();
        before.mechanisms = vec![mechanism("a", "A"), mechanism("b", "B")];
        before.reports.push(crate::SessionReport {
            session: "WS 1".into(),
            rapporteur: None,
            key_takeaways: vec!["kept".into()],
            calls_to_action: vec![],
            mechanisms: vec![],
            participants_onsite: None,
            participants_online: None,
            submitted_at: None,
            ..crate::SessionReport::default()
        });
        let merged = merge_import(&before, implied(), &Declared::default());
        assert_eq!(merged.mechanisms, before.mechanisms);
        assert_eq!(merged.reports, before.reports);
        let mut file = implied();
        file.mechanisms = vec![mechanism("b", "B renamed"), mechanism("c", "C")];
        let merged = merge_import(&before, file, &Declared::default());
        let names: Vec<&str> = merged.mechanisms.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["A", "B renamed", "C"]);
    }

    #[test]
    fn implied_things_keep_what_was_entered() {
        let merged = merge_import(&existing(), implied(), &Declared::default());
        assert_eq!(merged.forum.name, "The Forum");
        assert_eq!(merged.rooms[0].capacity, Some(500));
        assert_eq!(merged.people[0].stakeholder_group, Some(StakeholderGroup::Academia));
        assert_eq!(merged.tracks[0].narrative, "What T is about.");
    }

    #[test]
    fn files_without_roles_keep_known_roles() {
        use crate::{Participation, Role};
        let part = |person: &str, role| Participation { session: "s".into(), person: person.into(), role };
        let mut before = existing();
        before.participations =
            vec![part("ana", Role::Organiser), part("ana", Role::Moderator), part("bo", Role::Speaker)];
        let mut file = implied();
        file.participations = vec![part("ana", Role::Speaker), part("cy", Role::Speaker)];
        let merged = merge_import(&before, file, &Declared::default());
        assert_eq!(
            merged.participations,
            vec![part("ana", Role::Organiser), part("ana", Role::Moderator), part("cy", Role::Speaker)],
            "Ana keeps her roles, Bo is no longer listed, Cy is new"
        );
    }

    #[test]
    fn partial_formats_keep_session_details() {
        use crate::{Session, SessionFormat};
        let mut before = existing();
        before.sessions.push(Session {
            code: "s".into(),
            title: "Old".into(),
            format: Some(SessionFormat::Debate),
            tags: vec!["dns".into()],
            languages: vec!["en".into(), "ar".into()],
            expected_attendance: Some(80),
            ..Session::default()
        });
        let mut file = implied();
        file.sessions.push(Session {
            code: "s".into(),
            title: "New".into(),
            languages: vec!["en".into()],
            ..Session::default()
        });
        let merged = merge_import(&before, file, &Declared::default());
        let s = merged.session("s").unwrap();
        assert_eq!(s.title, "New");
        assert_eq!((s.format, s.tags.len(), s.expected_attendance), (Some(SessionFormat::Debate), 1, Some(80)));
        assert_eq!(s.languages, vec!["en", "ar"]);
    }

    #[test]
    fn declared_things_win() {
        let declared = Declared {
            forum: true,
            rooms: true,
            people: ["ana".to_string()].into(),
            tracks: ["t".to_string()].into(),
            roles: true,
            session_details: true,
        };
        let merged = merge_import(&existing(), implied(), &declared);
        assert_eq!(merged, implied());
    }
}
