//! The publication filter: the one place that decides what of a forum the
//! public may see. Every published output (the guide's pages, its PDFs and
//! feeds, the server's public pages and the API's anonymous answers) is made
//! from [`public_part`], never from the whole programme.

use std::collections::HashSet;

use crate::{MembershipStatus, Programme, ProposalStatus, TrackStatus};

/// Whether a session with this status is shown to the public: approved, or
/// approved on condition of a merge. Submitted, merged and declined
/// sessions are not.
pub fn is_public(status: &ProposalStatus) -> bool {
    matches!(status, ProposalStatus::Approved | ProposalStatus::ApprovedIfMerged)
}

/// The programme without what the public does not see: sessions that are
/// not approved (with their people's roles, reports and memberships, and
/// their codes in the mechanisms that name them: `Programme::only_sessions`), track
/// memberships that are not accepted (suggestions, claims under review,
/// rejections), people who take part in no public session, what people
/// declared privately (gender, first time at the forum, when they are
/// unavailable), and session
/// reports not yet filed (drafts). With
/// `published_tracks_only`, draft tracks go too.
pub fn public_part(p: &Programme, published_tracks_only: bool) -> Programme {
    let codes: HashSet<&str> = p.sessions.iter().filter(|s| is_public(&s.status)).map(|s| s.code.as_str()).collect();
    let mut part = p.only_sessions(&codes);
    if published_tracks_only {
        part.tracks.retain(|t| t.status == TrackStatus::Published);
    }
    let tracks: HashSet<&str> = part.tracks.iter().map(|t| t.slug.as_str()).collect();
    part.memberships.retain(|m| m.status == MembershipStatus::Accepted && tracks.contains(m.track.as_str()));
    let people: HashSet<String> = part
        .participations
        .iter()
        .map(|x| x.person.clone())
        .chain(part.tracks.iter().flat_map(|t| t.coordinators.iter().cloned()))
        .collect();
    part.people.retain(|person| people.contains(&person.key));
    for person in &mut part.people {
        person.gender = None;
        person.first_time = None;
        person.unavailable.clear();
    }
    part.reports.retain(|r| r.submitted_at.is_some());
    part
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SessionReport;
    use crate::{CooperationMechanism, Forum, Gender, Participation, Person, Role, Session, Track, TrackMembership};

    #[test]
    fn a_draft_report_is_not_published_a_filed_one_is() {
        let mut p = Programme::new(Forum::new("f", "F"));
        p.sessions = vec![
            Session { code: "A".into(), ..Session::default() },
            Session { code: "B".into(), ..Session::default() },
        ];
        let filed =
            SessionReport { submitted_at: Some("2026-06-01T00:00:00Z".parse().unwrap()), ..SessionReport::new("A") };
        p.reports = vec![filed.clone(), SessionReport::new("B")];
        assert_eq!(public_part(&p, false).reports, vec![filed]);
    }

    #[test]
    fn keeps_only_what_the_public_sees() {
        let mut p = Programme::new(Forum::new("f", "F"));
        let session = |code: &str, status| Session { code: code.into(), status, ..Session::default() };
        p.sessions = vec![session("A", ProposalStatus::Approved), session("D", ProposalStatus::Declined)];
        let mut speaker = Person::named("Ana");
        speaker.gender = Some(Gender::Female);
        let hidden = Person::named("Bo");
        p.participations = vec![
            Participation { session: "A".into(), person: speaker.key.clone(), role: Role::Speaker },
            Participation { session: "D".into(), person: hidden.key.clone(), role: Role::Speaker },
        ];
        p.people = vec![speaker, hidden];
        p.tracks = vec![Track::new("t", "T")];
        let mut accepted = TrackMembership::imported("t", "A");
        accepted.status = MembershipStatus::Accepted;
        let mut suggested = TrackMembership::imported("t", "A");
        suggested.status = MembershipStatus::Suggested;
        let mut of_declined = TrackMembership::imported("t", "D");
        of_declined.status = MembershipStatus::Accepted;
        p.memberships = vec![accepted.clone(), suggested, of_declined];

        let public = public_part(&p, false);
        assert_eq!(public.sessions.iter().map(|s| s.code.as_str()).collect::<Vec<_>>(), ["A"]);
        assert_eq!(public.memberships, vec![accepted]);
        assert_eq!(public.people.len(), 1, "people of declined sessions only are not published");
        assert_eq!(public.people[0].gender, None, "self-declared gender is never published");
        assert_eq!(public.participations.len(), 1);
    }

    #[test]
    fn a_mechanism_names_only_public_sessions() {
        use crate::mechanism::{MechanismScope, MechanismStatus, MechanismType};
        let mut p = Programme::new(Forum::new("f", "F"));
        let session =
            |code: &str, status| Session { code: code.into(), status, duration_minutes: 60, ..Session::default() };
        p.sessions = vec![session("A", ProposalStatus::Approved), session("D", ProposalStatus::Declined)];
        let mechanism = |id: &str, sessions: &[&str]| CooperationMechanism {
            id: id.into(),
            name: id.into(),
            description: String::new(),
            issues: Vec::new(),
            scope: MechanismScope::Global,
            kind: MechanismType::DialogueProcess,
            actors: Vec::new(),
            status: MechanismStatus::Existing,
            outputs: Vec::new(),
            gaps: Vec::new(),
            sessions: sessions.iter().map(|s| s.to_string()).collect(),
            merged_into: None,
        };
        p.mechanisms = vec![mechanism("both", &["A", "D"]), mechanism("declined-only", &["D"])];
        let public = public_part(&p, false);
        assert_eq!(public.mechanisms, vec![mechanism("both", &["A"])], "the declined session's code is not published");
        // A record merged into one that is not published points past it.
        let merged = |id: &str, sessions: &[&str], into: &str| {
            let mut m = mechanism(id, sessions);
            m.merged_into = Some(into.to_string());
            m
        };
        p.mechanisms = vec![
            mechanism("root", &["A"]),
            merged("hidden", &["D"], "root"),
            merged("leaf", &["A"], "hidden"),
            merged("orphan", &["A"], "declined-only"),
            mechanism("declined-only", &["D"]),
        ];
        let public = public_part(&p, false);
        let into: Vec<(&str, Option<&str>)> =
            public.mechanisms.iter().map(|m| (m.id.as_str(), m.merged_into.as_deref())).collect();
        assert_eq!(into, [("root", None), ("leaf", Some("root")), ("orphan", None)]);
        assert!(public.validate().is_empty(), "{:?}", public.validate());
    }
}
