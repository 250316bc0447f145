//! Two writers at once on one database, as two `serve` or CLI processes
//! would be (two stores, so two connection pools), on SQLite and on
//! PostgreSQL. Each test checks the final state and the audit trail exactly:
//! no write is lost, none is made twice, and the loser of a race is told.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails by panicking")]

use std::collections::HashMap;

use throughline_core::audit::{AuditAction, EntityKind};
use throughline_core::{MembershipOrigin, MembershipStatus, Programme, Track, TrackMembership};
use throughline_formats::{ImportOptions, read_programme};
use throughline_store::testing::TestDatabase;
use throughline_store::{Decision, Store, StoreError};

fn fixture(slug: &str) -> Programme {
    let text = include_str!("../../formats/tests/fixtures/small_forum.jsonl");
    let mut p = read_programme("small_forum.jsonl", text.as_bytes(), &ImportOptions::default()).unwrap();
    p.forum.slug = slug.to_string();
    p
}

/// Runs `check` with two stores on one fresh database of each kind.
async fn on_each_engine_twice<F, Fut>(check: F)
where
    F: Fn(Store, Store) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    for db in TestDatabase::both().await {
        let one = Store::open(&db.url).await.unwrap_or_else(|e| panic!("{}: {e}", db.kind.name()));
        let two = Store::open(&db.url).await.unwrap();
        println!("checking on {}", one.kind().name());
        check(one.clone(), two.clone()).await;
        one.close().await;
        two.close().await;
        db.cleanup().await;
    }
}

/// How often each (action, entity, key) is in the forum's audit trail.
async fn trail(store: &Store, forum: &str) -> HashMap<(AuditAction, EntityKind, String), usize> {
    let mut counts = HashMap::new();
    for e in store.audit_events(forum).await.unwrap() {
        *counts.entry((e.action, e.entity, e.key)).or_default() += 1;
    }
    counts
}

/// Issue 16, item 8: two imports of one new forum both said "created", and
/// the audit trail held every creation twice.
#[tokio::test]
async fn two_imports_of_one_new_forum_create_it_once() {
    on_each_engine_twice(|one, two| async move {
        for round in 0..3 {
            let slug = format!("race-{round}");
            let p = fixture(&slug);
            let (a, b) = tokio::join!(one.save_programme(&p, "test:one"), two.save_programme(&p, "test:two"));
            let (a, b) = (a.unwrap(), b.unwrap());
            assert_eq!(u8::from(a.new_forum) + u8::from(b.new_forum), 1, "{slug}: exactly one import creates it");
            let (first, second) = if a.new_forum { (a, b) } else { (b, a) };
            assert_eq!(second.changes(), 0, "{slug}: the second import finds it all there: {second:?}");
            let trail = trail(&one, &slug).await;
            assert!(trail.values().all(|&n| n == 1), "{slug}: an event twice in {trail:?}");
            let creates = trail.keys().filter(|(action, _, _)| *action == AuditAction::Create).count();
            assert_eq!(creates, first.created, "{slug}");
            assert_eq!(one.load_programme(&slug).await.unwrap().unwrap(), p);
        }
    })
    .await;
}

fn suggestion(session: &str) -> TrackMembership {
    TrackMembership {
        origin: MembershipOrigin::Suggested,
        status: MembershipStatus::Suggested,
        score: Some(1.0),
        ..TrackMembership::imported("access", session)
    }
}

fn decision(session: &str, status: MembershipStatus, by: &str) -> Decision {
    let membership = TrackMembership { status, decided_by: Some(by.into()), ..suggestion(session) };
    Decision { membership, seen: Some(MembershipStatus::Suggested) }
}

/// Two coordinators decide at once: on one session, the second is told
/// someone else decided and nothing of theirs is written; on two sessions,
/// both decisions stand.
#[tokio::test]
async fn two_coordinators_deciding_at_once_lose_no_decision() {
    on_each_engine_twice(|one, two| async move {
        let forum = "decisions";
        one.save_programme(&fixture(forum), "test:import").await.unwrap();
        one.save_track(forum, None, &Track::new("access", "Access"), "test:admin").await.unwrap();
        let suggestions = [suggestion("WS 1"), suggestion("2"), suggestion("OF 3")];
        one.save_memberships(forum, "access", &suggestions, true, "test:discovery").await.unwrap();
        let status_of = |p: &Programme, session: &str| {
            p.memberships.iter().find(|m| m.track == "access" && m.session == session).map(|m| m.status)
        };

        // Both on WS 1: one accepts, the other rejects.
        let (accept, reject) = (
            [decision("WS 1", MembershipStatus::Accepted, "ana")],
            [decision("WS 1", MembershipStatus::Rejected, "bo")],
        );
        let (a, b) = tokio::join!(
            one.decide_memberships(forum, &accept, "test:ana"),
            two.decide_memberships(forum, &reject, "test:bo"),
        );
        let winner = match (&a, &b) {
            (Ok(_), Err(StoreError::Conflict(m))) | (Err(StoreError::Conflict(m)), Ok(_)) => {
                assert!(m.contains("was decided by someone else meanwhile"), "{m}");
                if a.is_ok() { MembershipStatus::Accepted } else { MembershipStatus::Rejected }
            }
            other => panic!("one decision stands and the other is a conflict, not {other:?}"),
        };
        let p = one.load_programme(forum).await.unwrap().unwrap();
        assert_eq!(status_of(&p, "WS 1"), Some(winner));
        let trail = trail(&one, forum).await;
        let key = |s: &str| (AuditAction::Update, EntityKind::Membership, format!("access/{s}"));
        assert_eq!(trail.get(&key("WS 1")), Some(&1), "{trail:?}");

        // On two sessions at once: both stand.
        let (accept, reject) =
            ([decision("2", MembershipStatus::Accepted, "ana")], [decision("OF 3", MembershipStatus::Rejected, "bo")]);
        let (a, b) = tokio::join!(
            one.decide_memberships(forum, &accept, "test:ana"),
            two.decide_memberships(forum, &reject, "test:bo"),
        );
        assert_eq!((a.unwrap().updated, b.unwrap().updated), (1, 1));
        let p = two.load_programme(forum).await.unwrap().unwrap();
        assert_eq!(status_of(&p, "2"), Some(MembershipStatus::Accepted));
        assert_eq!(status_of(&p, "OF 3"), Some(MembershipStatus::Rejected));
        let trail = self::trail(&one, forum).await;
        assert_eq!((trail.get(&key("2")), trail.get(&key("OF 3"))), (Some(&1), Some(&1)));
    })
    .await;
}

/// A long piece of work (the solver) saved over the forum keeps what others
/// changed meanwhile, and is a conflict where it touches what they changed.
#[tokio::test]
async fn a_change_made_from_an_older_copy_keeps_others_edits_or_is_a_conflict() {
    on_each_engine_twice(|one, two| async move {
        let forum = "rebase";
        one.save_programme(&fixture(forum), "test:import").await.unwrap();
        let base = one.load_programme(forum).await.unwrap().unwrap();
        let mut moved = base.clone();
        let session = |p: &mut Programme, code: &str| p.sessions.iter_mut().find(|s| s.code == code).unwrap().clone();
        let mut ws1 = session(&mut moved, "WS 1");
        ws1.room = Some("Room 2".into());
        *moved.sessions.iter_mut().find(|s| s.code == "WS 1").unwrap() = ws1;

        // Meanwhile an organiser retitles another session.
        let mut edited = base.clone();
        edited.sessions.iter_mut().find(|s| s.code == "2").unwrap().title = "Retitled meanwhile".into();
        two.save_programme(&edited, "test:organiser").await.unwrap();

        let report = one.save_programme_over(&base, &moved, "test:solver").await.unwrap();
        assert_eq!(report.updated, 1, "{report:?}");
        let now = one.load_programme(forum).await.unwrap().unwrap();
        let find = |code: &str| now.sessions.iter().find(|s| s.code == code).unwrap();
        assert_eq!(find("WS 1").room.as_deref(), Some("Room 2"));
        assert_eq!(find("2").title, "Retitled meanwhile", "the organiser's edit is kept");

        // A move of a session someone retitled meanwhile: a conflict, and nothing is written.
        let base = now.clone();
        let mut moved = base.clone();
        moved.sessions.iter_mut().find(|s| s.code == "2").unwrap().room = Some("Hall".into());
        let mut edited = base.clone();
        edited.sessions.iter_mut().find(|s| s.code == "2").unwrap().title = "Retitled again".into();
        two.save_programme(&edited, "test:organiser").await.unwrap();
        let events = one.audit_events(forum).await.unwrap().len();
        let err = one.save_programme_over(&base, &moved, "test:solver").await.unwrap_err();
        assert!(
            matches!(&err, StoreError::Conflict(m) if m.contains("session \"2\"") && m.contains("changed by someone else")),
            "{err}"
        );
        assert_eq!(one.load_programme(forum).await.unwrap().unwrap(), edited);
        assert_eq!(one.audit_events(forum).await.unwrap().len(), events);
    })
    .await;
}

/// Discovery ranks from an earlier read and saves its list later: what a
/// coordinator decided or an organiser claimed in between stands, and the
/// audit trail shows no change made by the late list to either.
#[tokio::test]
async fn a_discovery_list_made_earlier_undoes_no_decision_and_drops_no_claim() {
    on_each_engine_twice(|one, two| async move {
        let forum = "late-discovery";
        one.save_programme(&fixture(forum), "test:import").await.unwrap();
        one.save_track(forum, None, &Track::new("access", "Access"), "test:admin").await.unwrap();
        one.save_memberships(forum, "access", &[suggestion("WS 1"), suggestion("2")], true, "test:discovery")
            .await
            .unwrap();
        // The list a discovery run makes from what it read now.
        let late = [suggestion("WS 1"), suggestion("2")];
        // Meanwhile WS 1 is accepted and OF 3 is claimed by its organiser.
        two.decide_memberships(forum, &[decision("WS 1", MembershipStatus::Accepted, "ana")], "test:ana")
            .await
            .unwrap();
        let claim = TrackMembership { origin: MembershipOrigin::Claimed, score: None, ..suggestion("OF 3") };
        two.decide_memberships(forum, &[Decision { membership: claim, seen: None }], "test:organiser").await.unwrap();
        let before = trail(&one, forum).await;

        one.save_memberships(forum, "access", &late, true, "test:discovery").await.unwrap();

        let p = one.load_programme(forum).await.unwrap().unwrap();
        let of = |s: &str| p.memberships.iter().find(|m| m.track == "access" && m.session == s).cloned();
        assert_eq!(of("WS 1").map(|m| m.status), Some(MembershipStatus::Accepted), "the decision stands");
        assert_eq!(of("OF 3").map(|m| m.origin), Some(MembershipOrigin::Claimed), "the claim stands");
        assert_eq!(of("2").map(|m| m.status), Some(MembershipStatus::Suggested));
        assert_eq!(trail(&one, forum).await, before, "the late list changed nothing");
    })
    .await;
}

/// Two imports of one new forum from different files: the one that comes
/// second finds the forum created and is a conflict, not a replacement of
/// what the first saved.
#[tokio::test]
async fn a_second_import_of_a_new_forum_is_a_conflict_not_a_replacement() {
    on_each_engine_twice(|one, two| async move {
        let first = fixture("new-race");
        let mut other = first.clone();
        other.sessions[0].title = "Another file's title".into();
        let (a, b) =
            tokio::join!(one.save_new_programme(&first, "test:one"), two.save_new_programme(&other, "test:two"));
        let kept = match (a, b) {
            (Ok(_), Err(StoreError::Conflict(m))) => {
                assert!(m.contains("created by someone else meanwhile"), "{m}");
                first
            }
            (Err(StoreError::Conflict(_)), Ok(_)) => other,
            other => panic!("one creates and the other is a conflict, not {other:?}"),
        };
        assert_eq!(one.load_programme("new-race").await.unwrap().unwrap(), kept);
        let trail = trail(&one, "new-race").await;
        assert!(trail.values().all(|&n| n == 1), "one import's events, once: {trail:?}");
    })
    .await;
}
