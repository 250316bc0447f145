//! A track of two themes (cybersecurity and cross-border data), with a
//! declined session, a session of another track and a shared mechanism.

use super::*;
use throughline_core::mechanism::{MechanismScope, MechanismStatus, MechanismType};
use throughline_core::{CooperationMechanism, Forum, Participation, Person, ProposalStatus, TrackMembership};

fn forum() -> (Programme, Track) {
    let mut p = Programme::new(Forum::new("f", "Forum F"));
    let track = Track::new("t", "Track T");
    p.tracks.push(track.clone());
    let sessions = [
        (
            "C1",
            "Cybersecurity norms for critical infrastructure",
            "Cyber attacks on hospitals and grids; norms of state behaviour in cyberspace.",
        ),
        (
            "C2",
            "Cybersecurity capacity in small states",
            "Building cyber incident response teams; norms and confidence measures for cyberspace.",
        ),
        (
            "C3",
            "Critical infrastructure cyber resilience",
            "Protecting grids and hospitals from cyber attacks: incident response and norms.",
        ),
        (
            "D1",
            "Cross-border data flows and trust",
            "Data flows across borders, data localisation and trade rules for data.",
        ),
        (
            "D2",
            "Data governance for development",
            "Who governs data flows: data localisation, data sharing and trust across borders.",
        ),
        (
            "D3",
            "Trusted data flows in trade agreements",
            "Trade rules on cross-border data flows, localisation and data protection.",
        ),
        ("X1", "Data flows declined", "Data flows across borders."),
        ("Y1", "Another track's session on data flows", "Data flows and localisation."),
    ];
    for (code, title, description) in sessions {
        p.sessions.push(Session {
            code: code.into(),
            title: title.into(),
            description: description.into(),
            duration_minutes: 60,
            status: if code == "X1" { ProposalStatus::Declined } else { ProposalStatus::Approved },
            ..Session::default()
        });
        if code != "Y1" {
            p.memberships.push(TrackMembership::imported("t", code));
        }
    }
    for (name, session, role) in [
        ("Ana", "C1", Role::Organiser),
        ("Ana", "C3", Role::Organiser),
        ("Bo", "C1", Role::Speaker),
        ("Cy", "C2", Role::Speaker),
        ("Di", "D1", Role::Organiser),
        ("Ed", "D2", Role::Organiser),
        ("Fa", "D3", Role::Organiser),
    ] {
        if p.person(&throughline_core::person_key(name)).is_none() {
            p.people.push(Person::named(name));
        }
        p.participations.push(Participation {
            session: session.into(),
            person: throughline_core::person_key(name),
            role,
        });
    }
    let mut m = CooperationMechanism::new(
        "data-trust-network",
        "Data trust network",
        MechanismType::MultistakeholderNetwork,
        MechanismScope::Global,
        MechanismStatus::Existing,
    );
    m.issues = vec!["data_governance".into()];
    m.sessions = vec!["D1".into(), "D3".into()];
    p.mechanisms.push(m);
    (p, track)
}

fn codes(g: &SynergyGroup) -> BTreeSet<&str> {
    g.sessions.iter().map(|s| s.code.as_str()).collect()
}

#[test]
fn groups_the_track_by_theme() {
    let (p, track) = forum();
    let agenda = pre_event(&p, &track, 60).unwrap();
    let groups: Vec<BTreeSet<&str>> = agenda.groups.iter().map(codes).collect();
    assert_eq!(groups.len(), 2, "{groups:?}");
    assert!(groups.contains(&BTreeSet::from(["C1", "C2", "C3"])), "{groups:?}");
    assert!(groups.contains(&BTreeSet::from(["D1", "D2", "D3"])), "{groups:?}");
    let data = agenda.groups.iter().find(|g| codes(g).contains("D1")).unwrap();
    assert!(data.words.contains(&"data".to_string()), "{:?}", data.words);
    assert!(data.name.starts_with(char::is_uppercase), "{}", data.name);
    assert_eq!(data.mechanisms, vec!["Data trust network"]);
    assert_eq!(data.issues.len(), 1);
    let cyber = agenda.groups.iter().find(|g| codes(g).contains("C1")).unwrap();
    assert_eq!(cyber.people, vec!["Ana"]);
    assert!(cyber.mechanisms.is_empty());
}

#[test]
fn neighbours_in_a_group_have_most_in_common() {
    let (p, track) = forum();
    let agenda = pre_event(&p, &track, 60).unwrap();
    let data = agenda.groups.iter().find(|g| codes(g).contains("D1")).unwrap();
    // D1 and D3 share a mechanism and most words: they are presented one after the other.
    let order: Vec<&str> = data.sessions.iter().map(|s| s.code.as_str()).collect();
    let (d1, d3) = (order.iter().position(|c| *c == "D1").unwrap(), order.iter().position(|c| *c == "D3").unwrap());
    assert_eq!(d1.abs_diff(d3), 1, "{order:?}");
}

#[test]
fn the_minutes_fill_the_pre_event_exactly() {
    let (p, track) = forum();
    let agenda = pre_event(&p, &track, 62).unwrap();
    assert_eq!(agenda.opening_minutes, OPENING_MINUTES);
    // 62 − 5 opening − 2 × 5 discussion = 47 for 6 sessions: 7 each, 5 of them one more.
    let minutes: Vec<u32> = agenda.sessions().map(|s| s.minutes).collect();
    assert_eq!(minutes.iter().sum::<u32>(), 47);
    assert_eq!(minutes.iter().filter(|&&m| m == 8).count(), 5);
    let mut clock = agenda.opening_minutes;
    for g in &agenda.groups {
        for s in &g.sessions {
            assert_eq!(s.start_minute, clock);
            clock += s.minutes;
        }
        clock += g.discussion_minutes;
    }
    assert_eq!(clock, 62);
}

#[test]
fn presents_only_the_tracks_sessions_that_will_be_held() {
    let (mut p, track) = forum();
    p.sessions.push(Session {
        code: "PRE".into(),
        title: "Pre-event".into(),
        kind: SessionKind::Standard(StandardKind::PreEvent),
        status: ProposalStatus::Approved,
        ..Session::default()
    });
    p.memberships.push(TrackMembership::imported("t", "PRE"));
    let agenda = pre_event(&p, &track, 60).unwrap();
    let all: BTreeSet<&str> = agenda.sessions().map(|s| s.code.as_str()).collect();
    assert_eq!(all, BTreeSet::from(["C1", "C2", "C3", "D1", "D2", "D3"]));
    let c1 = agenda.sessions().find(|s| s.code == "C1").unwrap();
    assert_eq!(c1.presenters, vec!["Ana"], "organisers present, not speakers");
    let c2 = agenda.sessions().find(|s| s.code == "C2").unwrap();
    assert_eq!(c2.presenters, vec!["Cy"], "speakers where no organiser is named");
}

#[test]
fn too_short_or_empty_pre_events_are_clear_errors() {
    let (p, track) = forum();
    let err = pre_event(&p, &track, 20).unwrap_err();
    // No opening under an hour; 2 discussions of 5 and 6 sessions of 3.
    assert_eq!(err, PreEventError::TooShort { minutes: 20, sessions: 6, needed: 28 });
    assert!(err.to_string().contains("--minutes 28"), "{err}");
    let empty = Track::new("e", "Empty");
    assert_eq!(pre_event(&p, &empty, 60).unwrap_err(), PreEventError::NoSessions("e".into()));
}

#[test]
fn the_agenda_text_lists_every_turn_with_its_clock() {
    let (p, track) = forum();
    let agenda = pre_event(&p, &track, 60).unwrap();
    let text = agenda.agenda_text();
    assert!(text.contains("0:00 Opening (5 min)"), "{text}");
    assert!(text.contains("Group 1: ") && text.contains("Group 2: "), "{text}");
    assert!(text.contains("Shared issues: Data governance; mechanisms: Data trust network"), "{text}");
    for code in ["C1", "C2", "C3", "D1", "D2", "D3"] {
        assert!(text.lines().any(|l| l.contains(&format!(" {code} "))), "{code} in {text}");
    }
    assert_eq!(text.matches("Discussion (5 min)").count(), 2);
}
