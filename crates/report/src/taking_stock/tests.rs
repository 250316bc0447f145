//! A forum built for the test, whose figures are counted by hand below.

use super::*;
use throughline_core::mechanism::{MechanismGap, MechanismOutput, MechanismScope, MechanismStatus, MechanismType};
use throughline_core::report::{CallToAction, GenderDiscussion};
use throughline_core::{
    CooperationMechanism, Forum, Gender, MechanismActor, Participation, Person, ProposalStatus, Role, Session,
    SessionReport, Track, TrackMembership,
};

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn forum() -> Programme {
    let mut p = Programme::new(Forum::new("f", "Forum F"));
    let mut t = Track::new("t", "Track T");
    t.policy_questions = vec![
        "How can governments and stakeholders cooperate on cybersecurity?".into(),
        "Who should govern cross-border data flows?".into(),
    ];
    p.tracks.push(t);
    let sessions = [
        ("S1", Some("2026-06-01T09:00:00Z"), ProposalStatus::Approved),
        ("S2", Some("2026-06-01T11:00:00Z"), ProposalStatus::Approved),
        ("S3", Some("2026-07-10T09:00:00Z"), ProposalStatus::Approved),
        ("S4", Some("2026-06-02T09:00:00Z"), ProposalStatus::Approved),
        ("S5", Some("2026-06-02T11:00:00Z"), ProposalStatus::Declined),
    ];
    for (code, start, status) in sessions {
        p.sessions.push(Session {
            code: code.into(),
            title: format!("Session {code}"),
            start: start.map(at),
            duration_minutes: 60,
            status,
            ..Session::default()
        });
        if code != "S4" {
            p.memberships.push(TrackMembership::imported("t", code));
        }
    }
    let people = [
        ("A", StakeholderGroup::Government, "KEN", Some(Gender::Female)),
        ("B", StakeholderGroup::CivilSociety, "FRA", Some(Gender::Male)),
        ("C", StakeholderGroup::PrivateSector, "IND", Some(Gender::Female)),
        ("D", StakeholderGroup::Academia, "BRA", None),
        ("E", StakeholderGroup::TechnicalCommunity, "USA", Some(Gender::Female)),
        ("Z", StakeholderGroup::Government, "DEU", Some(Gender::Male)),
    ];
    for (name, group, country, gender) in people {
        let mut person = Person::named(name);
        person.stakeholder_group = Some(group);
        person.country = Some(country.into());
        person.gender = gender;
        p.people.push(person);
    }
    for (session, person) in
        [("S1", "A"), ("S1", "B"), ("S2", "C"), ("S2", "D"), ("S3", "E"), ("S4", "A"), ("S4", "E"), ("S5", "Z")]
    {
        p.participations.push(Participation {
            session: session.into(),
            person: person.to_lowercase(),
            role: Role::Speaker,
        });
    }
    p.reports = vec![
        SessionReport {
            key_takeaways: vec!["Cybersecurity cooperation between governments and CERTs works regionally".into()],
            calls_to_action: vec![CallToAction {
                text: "Fund regional CERTs".into(),
                addressed_to: vec![StakeholderGroup::Government],
            }],
            participants_onsite: Some(40),
            participants_online: Some(10),
            women_participants: Some(20),
            gender_discussed: Some(GenderDiscussion::Mentioned),
            submitted_at: Some(at("2026-06-05T09:00:00Z")),
            ..SessionReport::new("S1")
        },
        SessionReport {
            key_takeaways: vec!["Data flows across borders need common rules".into(), "Trust takes time".into()],
            participants_onsite: Some(30),
            gender_discussed: Some(GenderDiscussion::NotDiscussed),
            submitted_at: Some(at("2026-06-20T09:00:00Z")),
            ..SessionReport::new("S2")
        },
        SessionReport { key_takeaways: vec!["DRAFT-TAKEAWAY".into()], ..SessionReport::new("S3") },
        SessionReport {
            key_takeaways: vec!["OTHER-TRACK-TAKEAWAY".into()],
            submitted_at: Some(at("2026-06-03T09:00:00Z")),
            ..SessionReport::new("S4")
        },
        SessionReport {
            key_takeaways: vec!["DECLINED-TAKEAWAY".into()],
            submitted_at: Some(at("2026-06-03T09:00:00Z")),
            ..SessionReport::new("S5")
        },
    ];
    let mechanism = |id: &str, status, session: &str, issues: &[&str], actors: &[(&str, StakeholderGroup)]| {
        let mut m =
            CooperationMechanism::new(id, id, MechanismType::MultistakeholderNetwork, MechanismScope::Regional, status);
        m.sessions = vec![session.into()];
        m.issues = issues.iter().map(|i| i.to_string()).collect();
        m.actors = actors
            .iter()
            .map(|(name, g)| MechanismActor { name: name.to_string(), stakeholder_group: Some(*g), country: None })
            .collect();
        m
    };
    let mut m1 = mechanism(
        "cert-network",
        MechanismStatus::Existing,
        "S1",
        &["network_security"],
        &[("CERT Kenya", StakeholderGroup::Government), ("ISOC", StakeholderGroup::CivilSociety)],
    );
    m1.outputs = vec![MechanismOutput::Reports];
    m1.gaps = vec![MechanismGap::Capacity];
    p.mechanisms = vec![
        m1,
        mechanism(
            "data-dialogue",
            MechanismStatus::Possible,
            "S2",
            &["data_governance"],
            &[("OECD", StakeholderGroup::Intergovernmental)],
        ),
        mechanism("elsewhere", MechanismStatus::Existing, "S4", &["cybercrime"], &[]),
    ];
    p
}

fn texts(f: &[Finding]) -> Vec<&str> {
    f.iter().map(|x| x.text.as_str()).collect()
}

#[test]
fn a_tracks_taking_stock_holds_the_figures_counted_by_hand() {
    let p = forum();
    let ts = taking_stock(&p, Some("t"), at("2026-06-30T00:00:00Z"), false).unwrap();
    assert_eq!(ts.track.as_ref().unwrap().title, "Track T");
    assert_eq!((ts.sessions, ts.sessions_held), (3, 2), "S1, S2 and S3 (upcoming); S5 is declined");

    // Findings under the question they share words with.
    assert_eq!(
        texts(&ts.questions[0].takeaways),
        ["Cybersecurity cooperation between governments and CERTs works regionally"]
    );
    assert_eq!(texts(&ts.questions[1].takeaways), ["Data flows across borders need common rules"]);
    assert_eq!(texts(&ts.other_findings.takeaways), ["Trust takes time"]);
    assert_eq!(texts(&ts.other_findings.calls), ["Fund regional CERTs"]);
    assert_eq!(ts.other_findings.calls[0].addressed_to, [StakeholderGroup::Government]);
    let everything = format!("{ts:?}");
    for hidden in ["DRAFT-TAKEAWAY", "OTHER-TRACK-TAKEAWAY", "DECLINED-TAKEAWAY", "elsewhere"] {
        assert!(!everything.contains(hidden), "{hidden} is not the track's, or not published");
    }

    let m = &ts.mechanisms;
    assert_eq!((m.total, m.existing, m.possible), (2, 1, 1));
    assert_eq!(m.by_issue, BTreeMap::from([("data_governance".into(), 1), ("network_security".into(), 1)]));
    assert_eq!(m.by_gap, BTreeMap::from([("capacity".into(), 1)]));
    assert_eq!(m.by_output, BTreeMap::from([("reports".into(), 1)]));
    assert_eq!(
        m.actors_by_group,
        BTreeMap::from([("civil_society".into(), 1), ("government".into(), 1), ("intergovernmental".into(), 1)])
    );
    assert_eq!((ts.map.actors.len(), ts.map.issues.len(), ts.map.links.len()), (3, 2, 3));

    // Speakers A, B, C, D, E: one of each group; three from developing countries (KEN, IND, BRA).
    let s = &ts.speakers;
    assert_eq!(s.people, 5);
    assert!(s.by_stakeholder_group.values().all(|&n| n == 1) && s.by_stakeholder_group.len() == 5);
    assert_eq!((s.developing, s.ldc), (3, 0));
    assert_eq!(s.developing_share(), 0.6);
    // Three women, one man, one undeclared: each cell under 5 is published as "fewer than 5".
    assert_eq!(
        s.by_gender,
        BTreeMap::from([
            ("female".into(), PublishedCount::FewerThan(5)),
            ("male".into(), PublishedCount::FewerThan(5)),
            ("unknown".into(), PublishedCount::FewerThan(5)),
        ])
    );
    assert_eq!(
        ts.forum_speakers.as_ref().unwrap().people,
        5,
        "S4's speakers speak in the track too; Z's session is declined"
    );

    let r = &ts.reporting;
    assert_eq!((r.expected, r.filed, r.on_time, r.late, r.missing), (2, 2, 1, 1, 0));
    assert_eq!((r.filed_share, r.on_time_share), (1.0, 0.5));
    let a = &ts.attendance;
    assert_eq!((a.reports_with_counts, a.onsite, a.online), (2, 70, 10));
    assert_eq!((a.women_participants, a.participants_with_women_counted), (20, 50));
    assert_eq!(a.gender_discussed, BTreeMap::from([("mentioned".into(), 1), ("none".into(), 1)]));
}

#[test]
fn the_forums_taking_stock_covers_every_session_held_and_five_women_are_counted() {
    let mut p = forum();
    for (i, name) in ["F1", "F2", "F3"].iter().enumerate() {
        let mut person = Person::named(name);
        person.gender = Some(Gender::Female);
        p.people.push(person);
        p.participations.push(Participation {
            session: if i == 0 { "S4".into() } else { "S1".into() },
            person: name.to_lowercase(),
            role: Role::Moderator,
        });
    }
    let ts = taking_stock(&p, None, at("2026-06-30T00:00:00Z"), false).unwrap();
    assert!(ts.track.is_none() && ts.forum_speakers.is_none());
    assert_eq!(ts.sessions, 4, "S5 is declined");
    assert_eq!(ts.speakers.people, 8);
    assert_eq!(ts.speakers.by_gender["female"], PublishedCount::Exactly(6));
    assert_eq!(ts.mechanisms.total, 3);
    assert_eq!(ts.reporting.filed, 3, "S1, S2 and S4");
    assert!(ts.questions.is_empty());
    assert_eq!(ts.other_findings.takeaways.len(), 4);
    assert!(taking_stock(&p, Some("nothing"), at("2026-06-30T00:00:00Z"), false).is_err());
}

#[test]
fn a_rapporteur_says_which_questions_the_session_answered() {
    let mut p = forum();
    // S2's rapporteur says it answered the data question (worded with other
    // spacing and case): "Trust takes time", which matches no question,
    // goes there too. A question no longer the track's is passed over.
    let s2 = p.reports.iter_mut().find(|r| r.session == "S2").unwrap();
    s2.policy_questions =
        vec!["who should govern  cross-border DATA flows?".into(), "A question since reworded".into()];
    // S1's says both: each finding goes to the one it matches best.
    let s1 = p.reports.iter_mut().find(|r| r.session == "S1").unwrap();
    s1.policy_questions = p.tracks[0].policy_questions.clone();
    let ts = taking_stock(&p, Some("t"), at("2026-08-01T00:00:00Z"), false).unwrap();
    assert_eq!(
        texts(&ts.questions[1].takeaways),
        ["Data flows across borders need common rules", "Trust takes time"],
        "both under the question said"
    );
    assert!(ts.other_findings.takeaways.is_empty());
    assert_eq!(
        texts(&ts.questions[0].takeaways),
        ["Cybersecurity cooperation between governments and CERTs works regionally"]
    );
    // Said and matching nothing: the first said question takes it.
    assert_eq!(texts(&ts.questions[0].calls), ["Fund regional CERTs"]);
}

#[test]
fn first_timers_are_counted_from_what_was_declared() {
    let mut p = forum();
    for (name, first) in [("a", true), ("b", false), ("c", true), ("z", true)] {
        p.people.iter_mut().find(|x| x.key == name).unwrap().first_time = Some(first);
    }
    let ts = taking_stock(&p, Some("t"), at("2026-08-01T00:00:00Z"), false).unwrap();
    // The track's speakers: A, B (S1), C, D (S2), E (S3); Z speaks only in the declined S5.
    assert_eq!((ts.speakers.first_time, ts.speakers.first_time_asked), (2, 3), "A and C of A, B, C");
    let public = public_part(&p, false);
    assert!(public.people.iter().all(|x| x.first_time.is_none()), "never published one by one");
}
