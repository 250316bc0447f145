//! The store's behaviour, checked on SQLite and on PostgreSQL (each test on a
//! fresh database of each kind; PostgreSQL skipped with a notice where no
//! server is reachable, a failure where THROUGHLINE_REQUIRE_POSTGRES=1).
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails by panicking")]

use throughline_core::audit::{AuditAction, EntityKind};
use throughline_core::mechanism::{MechanismGap, MechanismOutput, MechanismScope, MechanismStatus, MechanismType};
use throughline_core::{
    CooperationMechanism, MechanismActor, Programme, SessionReport, StakeholderGroup, TrackMembership,
};
use throughline_formats::{ImportOptions, read_programme};
use throughline_store::Store;
use throughline_store::testing::TestDatabase;

fn fixture() -> Programme {
    let text = include_str!("../../formats/tests/fixtures/small_forum.jsonl");
    read_programme("small_forum.jsonl", text.as_bytes(), &ImportOptions::default()).unwrap()
}

/// Runs `check` against a fresh store on each kind.
async fn on_each_engine<F, Fut>(check: F)
where
    F: Fn(Store) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    for db in TestDatabase::both().await {
        let store = Store::open(&db.url).await.unwrap_or_else(|e| panic!("{}: {e}", db.kind.name()));
        println!("checking on {}", store.kind().name());
        check(store.clone()).await;
        store.close().await;
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_saved_programme_loads_back_equal() {
    on_each_engine(|store| async move {
        let p = fixture();
        let report = store.save_programme(&p, "test:alice").await.unwrap();
        assert!(report.new_forum);
        assert_eq!(report.updated + report.deleted + report.unchanged, 0);
        assert!(report.created > 10, "{report:?}");
        let loaded = store.load_programme("small-forum").await.unwrap().expect("the forum is there");
        assert_eq!(loaded, p, "{}", store.kind().name());
        assert!(store.load_programme("nope").await.unwrap().is_none());
    })
    .await;
}

#[tokio::test]
async fn saving_the_same_programme_again_changes_nothing() {
    on_each_engine(|store| async move {
        let p = fixture();
        store.save_programme(&p, "test:alice").await.unwrap();
        let events = store.audit_events("small-forum").await.unwrap().len();
        let again = store.save_programme(&p, "test:alice").await.unwrap();
        assert_eq!(again.changes(), 0, "{again:?}");
        assert!(!again.new_forum);
        assert_eq!(store.audit_events("small-forum").await.unwrap().len(), events);
        let forums = store.forums().await.unwrap();
        assert_eq!(forums.len(), 1);
        assert_eq!((forums[0].sessions, forums[0].people, forums[0].tracks), (3, 3, 2));
    })
    .await;
}

#[tokio::test]
async fn every_change_is_in_the_audit_trail() {
    on_each_engine(|store| async move {
        let mut p = fixture();
        store.save_programme(&p, "test:alice").await.unwrap();
        let created = store.audit_events("small-forum").await.unwrap();
        assert!(created.iter().all(|e| e.action == AuditAction::Create && e.actor == "test:alice" && e.old.is_none()));
        assert!(created.iter().any(|e| e.entity == EntityKind::Session && e.key == "WS 1"));

        let ws1 = p.sessions.iter_mut().find(|s| s.code == "WS 1").unwrap();
        ws1.title = "Mapping cooperation mechanisms, again".into();
        p.participations.retain(|x| !(x.session == "WS 1" && x.person == "li wei"));
        p.memberships.retain(|m| m.track != "youth");
        let report = store.save_programme(&p, "test:bob").await.unwrap();
        assert_eq!((report.updated, report.deleted), (1, 2), "{report:?}");

        let events = store.audit_events("small-forum").await.unwrap();
        let later: Vec<_> = events.iter().filter(|e| e.actor == "test:bob").collect();
        assert_eq!(later.len(), 3);
        let update = later.iter().find(|e| e.action == AuditAction::Update).unwrap();
        assert_eq!((update.entity, update.key.as_str()), (EntityKind::Session, "WS 1"));
        assert!(update.old.as_ref().unwrap().contains("\"Mapping cooperation mechanisms\""));
        assert!(update.new.as_ref().unwrap().contains("mechanisms, again"));
        let deleted: Vec<_> = later.iter().filter(|e| e.action == AuditAction::Delete).map(|e| e.entity).collect();
        assert!(deleted.contains(&EntityKind::Participation) && deleted.contains(&EntityKind::Membership));

        let loaded = store.load_programme("small-forum").await.unwrap().unwrap();
        assert_eq!(loaded, p);
    })
    .await;
}

#[tokio::test]
async fn a_failed_save_leaves_the_store_unchanged() {
    on_each_engine(|store| async move {
        let p = fixture();
        store.save_programme(&p, "test:alice").await.unwrap();
        let events = store.audit_events("small-forum").await.unwrap().len();
        let mut bad = p.clone();
        bad.sessions[0].title = "This change must not land".into();
        // A membership of a session that does not exist breaks a foreign key
        // late in the transaction, after the title was written.
        bad.memberships.push(TrackMembership::imported("youth", "NO SUCH SESSION"));
        assert!(store.save_programme(&bad, "test:mallory").await.is_err());
        assert_eq!(store.load_programme("small-forum").await.unwrap().unwrap(), p);
        assert_eq!(store.audit_events("small-forum").await.unwrap().len(), events);
    })
    .await;
}

#[tokio::test]
async fn a_save_that_would_leave_the_forum_inconsistent_is_refused_whole() {
    // A version that leaves WS 1 out but shortens the slot it sits in: the
    // store keeps WS 1, which would then overrun its slot.
    use throughline_store::StoreError;
    on_each_engine(|store| async move {
        let p = fixture();
        store.save_programme(&p, "test:alice").await.unwrap();
        let events = store.audit_events("small-forum").await.unwrap().len();
        let mut bad = p.clone();
        bad.sessions.retain(|s| s.code != "WS 1");
        bad.participations.retain(|x| x.session != "WS 1");
        bad.memberships.retain(|m| m.session != "WS 1");
        bad.slots[0].end = bad.slots[0].start.checked_add(jiff::SignedDuration::from_mins(60)).unwrap();
        bad.sessions[0].title = "This change must not land".into();
        let err = store.save_programme(&bad, "test:mallory").await.unwrap_err();
        assert!(
            matches!(&err, StoreError::Inconsistent(m) if m.contains("WS 1") && m.contains("lasts 90 min")),
            "{err}"
        );
        assert_eq!(store.load_programme("small-forum").await.unwrap().unwrap(), p);
        assert_eq!(store.audit_events("small-forum").await.unwrap().len(), events);
    })
    .await;
}

#[tokio::test]
async fn sessions_missing_from_a_new_version_are_kept() {
    on_each_engine(|store| async move {
        let p = fixture();
        store.save_programme(&p, "test:alice").await.unwrap();
        let mut smaller = p.clone();
        smaller.sessions.retain(|s| s.code != "OF 3");
        smaller.participations.retain(|x| x.session != "OF 3");
        let report = store.save_programme(&smaller, "test:alice").await.unwrap();
        assert_eq!(report.sessions_not_in_programme, vec!["OF 3".to_string()]);
        assert_eq!(report.changes(), 0);
        assert_eq!(store.load_programme("small-forum").await.unwrap().unwrap(), p);
    })
    .await;
}

#[tokio::test]
async fn mechanisms_and_reports_are_stored() {
    on_each_engine(|store| async move {
        let mut p = fixture();
        // And whether people are at the forum for the first time (yes, no, not asked).
        p.people[0].first_time = Some(true);
        p.people[1].first_time = Some(false);
        p.mechanisms.push(CooperationMechanism {
            id: "regional-cert-network".into(),
            name: "Regional CERT network".into(),
            description: "Incident responders of the region share indicators.".into(),
            issues: vec!["network_security".into()],
            scope: MechanismScope::Regional,
            kind: MechanismType::MultistakeholderNetwork,
            actors: vec![MechanismActor {
                name: "National CERT".into(),
                stakeholder_group: Some(StakeholderGroup::Government),
                country: Some("RWA".into()),
            }],
            status: MechanismStatus::Existing,
            outputs: vec![MechanismOutput::Reports, MechanismOutput::Norms],
            gaps: vec![MechanismGap::Capacity],
            sessions: vec!["WS 1".into()],
            merged_into: None,
        });
        p.reports.push(SessionReport {
            session: "WS 1".into(),
            rapporteur: Some("amina diallo".into()),
            key_takeaways: vec!["Map before you build.".into()],
            calls_to_action: vec![throughline_core::report::CallToAction {
                text: "Publish the map.".into(),
                addressed_to: vec![StakeholderGroup::Government],
            }],
            policy_questions: vec!["Who maps the landscape?".into()],
            mechanisms: vec!["regional-cert-network".into()],
            participants_onsite: Some(80),
            participants_online: Some(35),
            women_participants: Some(61),
            women_speakers: Some(2),
            gender_discussed: Some(throughline_core::report::GenderDiscussion::Mentioned),
            way_forward: "Meet again.".into(),
            submitted_at: Some("2026-06-01T10:45:00Z".parse().unwrap()),
        });
        store.save_programme(&p, "test:alice").await.unwrap();
        assert_eq!(store.load_programme("small-forum").await.unwrap().unwrap(), p);
    })
    .await;
}

#[tokio::test]
async fn real_programmes_load_back_equal() {
    let Some(dir) = throughline_testkit::shared_data("programs") else {
        return;
    };
    // Two different shapes: 31C3 (frab, offsets) and EuroPython (dates and times of day, no language).
    let files = ["31c3/31c3_sessions.jsonl", "europython2014/europython2014_sessions.jsonl"];
    on_each_engine(|store| {
        let dir = dir.clone();
        async move {
            for file in files {
                let text = std::fs::read(dir.join(file)).unwrap();
                let p = read_programme(file, &text, &ImportOptions::default()).unwrap();
                store.save_programme(&p, "test:alice").await.unwrap();
                assert_eq!(store.load_programme(&p.forum.slug).await.unwrap().unwrap(), p, "{file}");
            }
        }
    })
    .await;
}

#[tokio::test]
async fn moves_are_counted_from_the_audit_trail() {
    on_each_engine(|store| async move {
        let mut p = fixture();
        store.save_programme(&p, "test:alice").await.unwrap();
        assert!(store.session_moves("small-forum").await.unwrap().is_empty());
        let ws1 = p.sessions.iter_mut().find(|s| s.code == "WS 1").unwrap();
        ws1.title = "A new title is no move".into();
        store.save_programme(&p, "test:alice").await.unwrap();
        assert!(store.session_moves("small-forum").await.unwrap().is_empty());
        let ws1 = p.sessions.iter_mut().find(|s| s.code == "WS 1").unwrap();
        ws1.room = Some("Room 2".into());
        store.save_programme(&p, "test:alice").await.unwrap();
        let ws1 = p.sessions.iter_mut().find(|s| s.code == "WS 1").unwrap();
        // To 14:30 in Kigali, outside the slots (in the 11:00 slot it would
        // overrun it, and the store refuses an inconsistent forum).
        ws1.start = Some("2026-06-01T12:30:00Z".parse().unwrap());
        store.save_programme(&p, "test:alice").await.unwrap();
        let moves = store.session_moves("small-forum").await.unwrap();
        assert_eq!(moves.get("WS 1"), Some(&2));
        assert_eq!(moves.len(), 1);
    })
    .await;
}

#[tokio::test]
async fn tracks_and_decisions_are_saved_with_their_trail() {
    use throughline_core::{MembershipOrigin, MembershipStatus, Track};
    on_each_engine(|store| async move {
        let p = fixture();
        store.save_programme(&p, "test:alice").await.unwrap();
        let mut track = Track::new("access", "Access");
        track.seed_terms = vec!["community networks".into()];
        assert_eq!(store.save_track("small-forum", None, &track, "test:coord").await.unwrap().created, 1);
        // A second creation, and an edit from an older copy, are conflicts.
        let stale = store.save_track("small-forum", None, &track, "test:other").await.unwrap_err();
        assert!(stale.to_string().contains("has a track \"access\" already"), "{stale}");
        let mut edited = track.clone();
        edited.narrative = "Edited by one".into();
        store.save_track("small-forum", Some(&track), &edited, "test:coord").await.unwrap();
        let mut other = track.clone();
        other.narrative = "Edited by another".into();
        let stale = store.save_track("small-forum", Some(&track), &other, "test:other").await.unwrap_err();
        assert!(matches!(stale, throughline_store::StoreError::Conflict(_)), "{stale}");
        let suggestion = |session: &str| TrackMembership {
            origin: MembershipOrigin::Suggested,
            status: MembershipStatus::Suggested,
            score: Some(1.5),
            ..TrackMembership::imported("access", session)
        };
        store
            .save_memberships("small-forum", "access", &[suggestion("2"), suggestion("OF 3")], true, "test:coord")
            .await
            .unwrap();
        // A new discovery run replaces the pending suggestions; a decision stays.
        let mut accepted = suggestion("2");
        accepted.status = MembershipStatus::Accepted;
        store.save_memberships("small-forum", "access", &[accepted.clone()], false, "test:coord").await.unwrap();
        let report =
            store.save_memberships("small-forum", "access", &[suggestion("WS 1")], true, "test:coord").await.unwrap();
        assert_eq!((report.created, report.deleted), (1, 1), "OF 3's stale suggestion goes, the acceptance of 2 stays");
        let loaded = store.load_programme("small-forum").await.unwrap().unwrap();
        let mine: Vec<(&str, MembershipStatus)> =
            loaded.memberships.iter().filter(|m| m.track == "access").map(|m| (m.session.as_str(), m.status)).collect();
        assert_eq!(mine, vec![("2", MembershipStatus::Accepted), ("WS 1", MembershipStatus::Suggested)]);
        let trail = store.audit_events("small-forum").await.unwrap();
        assert!(trail.iter().filter(|e| e.actor == "test:coord").count() >= 5);
        assert!(store.save_track("nope", None, &track, "x").await.is_err());
    })
    .await;
}

#[tokio::test]
async fn participations_whose_parts_hold_a_slash_are_kept_apart() {
    // Issue 16, item 9: session `a` with person `b/c` and session `a/b` with
    // person `c` once made the same key, and one of them was lost.
    on_each_engine(|store| async move {
        let text = r#"{"forum": {"slug": "k", "name": "Keys"}}
{"person": {"key": "b/c", "name": "Person BC"}}
{"person": {"key": "c", "name": "Person C"}}
{"id": "a", "title": "Session A", "status": "approved", "speakers": ["b/c"]}
{"id": "a/b", "title": "Session AB", "status": "approved", "speakers": ["c"]}
"#;
        let p = read_programme("keys.jsonl", text.as_bytes(), &ImportOptions::default()).unwrap();
        assert_eq!(p.participations.len(), 2, "{:?}", p.participations);
        store.save_programme(&p, "test").await.unwrap();
        let loaded = store.load_programme("k").await.unwrap().unwrap();
        assert_eq!(loaded.participations.len(), 2, "{:?}", loaded.participations);
        let again = store.save_programme(&p, "test").await.unwrap();
        assert_eq!(again.changes(), 0, "{again:?}");
    })
    .await;
}
