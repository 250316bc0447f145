//! Backup and restore across engines: a database filled on one kind,
//! backed up, restored into the other and backed up again gives the same
//! bytes; a restore refuses a database that holds anything, a damaged
//! archive names its line, and nothing is half restored. PostgreSQL is
//! skipped with a notice where no server is reachable.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails by panicking")]

use jiff::Timestamp;
use throughline_core::mechanism::{MechanismScope, MechanismStatus, MechanismType};
use throughline_core::repair::{Placement, RepairStatus, SessionMove, TimetableRepair};
use throughline_core::{
    AccountRole, CooperationMechanism, Grant, MembershipOrigin, MembershipRole, MembershipStatus, Programme,
    SessionReport, TrackMembership,
};
use throughline_formats::{ImportOptions, read_programme};
use throughline_store::testing::TestDatabase;
use throughline_store::{ApiToken, BackupError, Decision, Store, User};

const FORUM: &str = "demo-forum-2026";

fn demo() -> Programme {
    let text = include_str!("../../../demo/forum.jsonl");
    read_programme("forum.jsonl", text.as_bytes(), &ImportOptions::default()).unwrap()
}

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

/// The demo forum with a mechanism, a report, a decision, a discovery
/// suggestion with a long score, an account with its grants, API token,
/// sign-in link and agenda, a web session and a failed sign-in (both left
/// out of archives), a publication and a proposed repair.
async fn fill(store: &Store) {
    let mut p = demo();
    let first = p.sessions[0].code.clone();
    p.mechanisms.push(CooperationMechanism {
        id: "regional-cert-network".into(),
        name: "Regional CERT network".into(),
        description: "Incident responders share indicators; \"quoted\", tab\there, é, 日本.".into(),
        issues: vec!["network_security".into()],
        scope: MechanismScope::Regional,
        kind: MechanismType::MultistakeholderNetwork,
        actors: vec![],
        status: MechanismStatus::Existing,
        outputs: vec![],
        gaps: vec![],
        sessions: vec![first.clone()],
        merged_into: None,
    });
    p.reports.push(SessionReport {
        session: first.clone(),
        rapporteur: None,
        key_takeaways: vec!["Map before you build.".into()],
        calls_to_action: vec![],
        mechanisms: vec!["regional-cert-network".into()],
        participants_onsite: Some(80),
        participants_online: None,
        submitted_at: Some(at("2026-06-01T10:45:00Z")),
        ..SessionReport::default()
    });
    store.save_programme(&p, "test:alice").await.unwrap();

    let track = p.tracks[0].slug.clone();
    let suggestion = |session: &str, score: f64| TrackMembership {
        track: track.clone(),
        session: session.to_string(),
        score: Some(score),
        reasons: vec!["matched \"cooperation\"".into()],
        origin: MembershipOrigin::Suggested,
        status: MembershipStatus::Suggested,
        role: MembershipRole::Related,
        decided_by: None,
        decided_at: None,
    };
    let free: Vec<String> = p
        .sessions
        .iter()
        .map(|s| s.code.clone())
        .filter(|c| !p.memberships.iter().any(|m| m.track == track && &m.session == c))
        .take(3)
        .collect();
    let suggestions =
        vec![suggestion(&free[0], 0.1 + 0.2), suggestion(&free[1], 1.0 / 3.0), suggestion(&free[2], 12345.678e-9)];
    store.save_memberships(FORUM, &track, &suggestions, true, "discovery").await.unwrap();
    let mut accepted = suggestions[0].clone();
    accepted.status = MembershipStatus::Accepted;
    accepted.decided_by = Some("user:c@example.org".into());
    accepted.decided_at = Some(at("2026-05-02T08:00:00Z"));
    store
        .decide_memberships(
            FORUM,
            &[Decision { membership: accepted, seen: Some(MembershipStatus::Suggested) }],
            "user:c@example.org",
        )
        .await
        .unwrap();

    let user = User {
        id: "u-1".into(),
        email: "c@example.org".into(),
        name: "Chidi Okafor".into(),
        password_hash: Some("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into()),
        created_at: at("2026-05-01T09:00:00Z"),
        grants: vec![],
    };
    store.create_user(&user, "cli:op").await.unwrap();
    let grants = [
        Grant { forum: FORUM.into(), role: AccountRole::Coordinator, scope: track.clone() },
        Grant { forum: FORUM.into(), role: AccountRole::Participant, scope: String::new() },
    ];
    store.add_grants("u-1", &grants, "cli:op").await.unwrap();
    let token = ApiToken { id: "t-1".into(), name: "laptop".into(), created_at: at("2026-05-01T09:05:00Z") };
    store.create_api_token(&token, &"ab".repeat(32), "u-1").await.unwrap();
    store
        .add_sign_in_link(&"cd".repeat(32), "u-1", at("2026-05-01T09:00:00Z"), at("2026-05-08T09:00:00Z"))
        .await
        .unwrap();
    store.set_agenda_item("u-1", FORUM, &first, true, at("2026-05-01T09:10:00Z")).await.unwrap();
    store
        .create_web_session(
            &"ef".repeat(32),
            Some("u-1"),
            "csrf",
            at("2026-05-01T09:00:00Z"),
            at("2026-05-02T09:00:00Z"),
        )
        .await
        .unwrap();
    store.record_sign_in_failure(&["c@example.org".into()], at("2026-05-01T08:59:00Z")).await.unwrap();

    let public =
        throughline_core::publication::public_part(&store.load_programme(FORUM).await.unwrap().unwrap(), false);
    store.publish(&public, "cli:op", at("2026-05-03T12:00:00Z")).await.unwrap();
    let placed = p.sessions.iter().find(|s| s.start.is_some() && s.room.is_some()).unwrap();
    let repair = TimetableRepair {
        number: 0,
        track: track.clone(),
        proposed_by: "user:c@example.org".into(),
        proposed_at: at("2026-05-04T10:00:00Z"),
        moves: vec![SessionMove {
            session: placed.code.clone(),
            from: Some(Placement { start: placed.start.unwrap(), room: placed.room.clone().unwrap() }),
            to: Placement { start: placed.start.unwrap(), room: placed.room.clone().unwrap() },
        }],
        summary: "1 move".into(),
        status: RepairStatus::Pending,
        decided_by: None,
        decided_at: None,
    };
    store.add_repair(FORUM, &repair).await.unwrap();
}

async fn backup(store: &Store) -> Vec<u8> {
    let mut out = Vec::new();
    store.backup(&mut out, false, &mut |_, _| {}).await.unwrap();
    out
}

async fn restore(store: &Store, archive: &[u8]) -> Result<throughline_store::ArchiveSummary, BackupError> {
    store.restore("backup.jsonl", &mut &archive[..], &mut |_, _| {}).await
}

/// Fills a database of `from`'s kind, moves it to `to`'s and back to a
/// fresh one of `from`'s kind; every backup is the same bytes.
async fn round_trip(from: TestDatabase, to: TestDatabase, back: TestDatabase) {
    let source = Store::open(&from.url).await.unwrap();
    fill(&source).await;
    let first = backup(&source).await;
    let text = String::from_utf8(first.clone()).unwrap();
    println!("{} archive: {} bytes, {} lines", from.kind.name(), first.len(), text.lines().count());
    for table in [
        "\"table\":\"users\"",
        "\"table\":\"grants\"",
        "\"table\":\"api_tokens\"",
        "\"table\":\"sign_in_links\"",
        "\"table\":\"agenda_items\"",
        "\"table\":\"publications\"",
        "\"table\":\"timetable_repairs\"",
        "\"table\":\"mechanisms\"",
        "\"table\":\"session_reports\"",
        "\"table\":\"audit_events\"",
    ] {
        assert!(text.contains(table), "the archive holds {table}");
    }
    assert!(!text.contains("web_sessions") && !text.contains("sign_in_failures"), "transient tables are left out");
    assert!(text.contains("0.30000000000000004") && text.contains("0.3333333333333333"), "floats keep every digit");

    let target = Store::open(&to.url).await.unwrap();
    let summary = restore(&target, &first).await.unwrap_or_else(|e| panic!("restore into {}: {e}", to.kind.name()));
    assert_eq!(summary.rows as usize + 2, text.lines().count());
    let second = backup(&target).await;
    assert!(first == second, "{} → {}: the archives differ", from.kind.name(), to.kind.name());
    assert_eq!(target.load_programme(FORUM).await.unwrap(), source.load_programme(FORUM).await.unwrap());
    assert_eq!(target.audit_events(FORUM).await.unwrap(), source.audit_events(FORUM).await.unwrap());
    let user = target.user_by_email("c@example.org").await.unwrap().expect("the account is restored");
    assert_eq!(user.grants.len(), 2);
    assert!(target.user_by_token_hash(&"ab".repeat(32)).await.unwrap().is_some(), "API tokens keep working");
    assert!(target.web_session(&"ef".repeat(32), at("2026-05-01T10:00:00Z")).await.unwrap().is_none());
    assert_eq!(target.latest_publication(FORUM).await.unwrap().unwrap().number, 1);

    let again = Store::open(&back.url).await.unwrap();
    restore(&again, &second).await.unwrap();
    assert!(backup(&again).await == first, "back on {}: the archives differ", back.kind.name());

    for store in [source, target, again] {
        store.close().await;
    }
    for db in [from, to, back] {
        db.cleanup().await;
    }
}

#[tokio::test]
async fn sqlite_to_postgresql_and_back_gives_the_same_archive() {
    let Some(pg) = TestDatabase::postgres().await else { return };
    round_trip(TestDatabase::sqlite(), pg, TestDatabase::sqlite()).await;
}

#[tokio::test]
async fn postgresql_to_sqlite_and_back_gives_the_same_archive() {
    let Some(pg) = TestDatabase::postgres().await else { return };
    let Some(pg_back) = TestDatabase::postgres().await else { return };
    round_trip(pg, TestDatabase::sqlite(), pg_back).await;
}

#[tokio::test]
async fn a_gzipped_archive_restores_the_same() {
    for db in TestDatabase::both().await {
        let source = Store::open(&db.url).await.unwrap();
        fill(&source).await;
        let plain = backup(&source).await;
        let mut gz = Vec::new();
        source.backup(&mut gz, true, &mut |_, _| {}).await.unwrap();
        let mut gz_again = Vec::new();
        source.backup(&mut gz_again, true, &mut |_, _| {}).await.unwrap();
        assert_eq!(gz, gz_again, "gzip is deterministic");
        assert!(gz.starts_with(&[0x1f, 0x8b]) && gz.len() < plain.len() / 3, "{} of {}", gz.len(), plain.len());
        let empty = TestDatabase::sqlite();
        let target = Store::open(&empty.url).await.unwrap();
        restore(&target, &gz).await.unwrap();
        assert!(backup(&target).await == plain);
        target.close().await;
        source.close().await;
        db.cleanup().await;
    }
}

/// What every table holds, as a backup shows it.
async fn state(store: &Store) -> Vec<u8> {
    backup(store).await
}

#[tokio::test]
async fn a_database_that_holds_anything_is_refused_and_left_as_it_was() {
    for db in TestDatabase::both().await {
        let store = Store::open(&db.url).await.unwrap();
        fill(&store).await;
        let archive = backup(&store).await;
        let err = restore(&store, &archive).await.unwrap_err();
        let message = err.to_string();
        assert!(matches!(err, BackupError::NotEmpty { .. }), "{message}");
        assert!(message.contains("not empty") && message.contains("forums: 1 row"), "{message}");
        assert!(message.contains("nothing was changed"), "{message}");
        assert!(state(&store).await == archive, "{}: the database changed", db.kind.name());
        store.close().await;
        db.cleanup().await;

        // Only a left-out table holding rows is enough to refuse.
        let other = TestDatabase::sqlite();
        let store = Store::open(&other.url).await.unwrap();
        store.record_sign_in_failure(&["x@example.org".into()], at("2026-05-01T08:59:00Z")).await.unwrap();
        let message = restore(&store, &archive).await.unwrap_err().to_string();
        assert!(message.contains("sign_in_failures: 1 row"), "{message}");
        assert_eq!(store.forums().await.unwrap().len(), 0);
        store.close().await;
    }
}

/// The archive with line `n` (from 1) replaced.
fn with_line(archive: &[u8], n: usize, line: &str) -> Vec<u8> {
    let text = String::from_utf8(archive.to_vec()).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines[n - 1] = line;
    (lines.join("\n") + "\n").into_bytes()
}

#[tokio::test]
async fn a_damaged_archive_names_its_line_and_restores_nothing() {
    let source_db = TestDatabase::sqlite();
    let source = Store::open(&source_db.url).await.unwrap();
    fill(&source).await;
    let archive = backup(&source).await;
    let text = String::from_utf8(archive.clone()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let room = lines.iter().position(|l| l.starts_with("{\"table\":\"rooms\"")).unwrap() + 1;
    let session = lines.iter().position(|l| l.starts_with("{\"table\":\"sessions\"")).unwrap() + 1;
    let audit = lines.iter().position(|l| l.starts_with("{\"table\":\"audit_events\"")).unwrap() + 1;
    let empty_db = TestDatabase::sqlite();
    let empty = Store::open(&empty_db.url).await.unwrap();
    let nothing = backup(&empty).await;

    let cases: Vec<(Vec<u8>, String)> = vec![
        (
            with_line(&archive, room, "{\"table\":\"rooms\",\"values\":{"),
            format!("backup.jsonl:{room}: not a JSON object"),
        ),
        (
            with_line(&archive, room, &lines[room - 1].replace("\"remote\":1", "\"remote\":\"yes\"")),
            format!("backup.jsonl:{room}: table rooms, column remote: expected an integer, found \"yes\""),
        ),
        (
            with_line(&archive, session, &lines[session - 1].replace("\"version\":1", "\"version\":null")),
            format!("backup.jsonl:{session}: table sessions, column version: may not be null"),
        ),
        (
            with_line(&archive, session, &lines[session - 1].replace("\"title\":", "\"heading\":")),
            format!("backup.jsonl:{session}: table sessions has no column \"heading\""),
        ),
        (
            with_line(&archive, session, &lines[room - 1].replace("rooms", "chairs")),
            format!("backup.jsonl:{session}: unknown table \"chairs\""),
        ),
        (
            with_line(&archive, room, lines[session - 1]),
            format!("backup.jsonl:{}: a row of table rooms after rows of table sessions", room + 1),
        ),
        (with_line(&archive, 1, "{\"format\":\"something-else\"}"), "backup.jsonl:1: not a Throughline backup".into()),
        (
            with_line(&archive, 1, &lines[0].replace("\"version\":1,\"schema\"", "\"version\":2,\"schema\"")),
            "backup.jsonl:1: archive format version 2".into(),
        ),
        (with_line(&archive, 1, &lines[0].replace(",{\"version\":6,\"description\":\"timetable repairs\"}", "")), {
            // Every migration the crate has (one file each), less the sixth.
            let all: Vec<usize> = (1..=std::fs::read_dir("migrations").unwrap().count()).collect();
            let list = |v: &[usize]| v.iter().map(usize::to_string).collect::<Vec<_>>().join(", ");
            let without: Vec<usize> = all.iter().copied().filter(|&v| v != 6).collect();
            format!(
                "backup.jsonl:1: the archive has schema migrations [{}] but this database has [{}]",
                list(&without),
                list(&all)
            )
        }),
        (
            with_line(&archive, audit, &lines[audit - 1].replace("test:alice", "test:mallory")),
            format!("backup.jsonl:{}: the archive's SHA-256 is not the one its end line gives", lines.len()),
        ),
        (
            lines[..lines.len() - 1].iter().map(|l| format!("{l}\n")).collect::<String>().into_bytes(),
            format!("backup.jsonl: the archive ends at line {} without its \"end\" line", lines.len() - 1),
        ),
        (
            {
                let mut cut = lines.clone();
                cut.remove(audit - 1);
                cut.iter().map(|l| format!("{l}\n")).collect::<String>().into_bytes()
            },
            format!("backup.jsonl:{}: the end line counts", lines.len() - 1),
        ),
        ([&archive[..], b"{}\n"].concat(), format!("backup.jsonl:{}: a line after the end line", lines.len() + 1)),
        (Vec::new(), "backup.jsonl: the file is empty".into()),
        (vec![0x1f, 0x8b, 0x08, 0x00, 0x01], "backup.jsonl: cannot read past line 0".into()),
    ];
    for (bad, expected) in cases {
        let err = restore(&empty, &bad).await.expect_err(&expected).to_string();
        assert!(err.starts_with(&expected), "expected {expected:?}, got {err:?}");
        assert!(backup(&empty).await == nothing, "{expected}: the database changed");
    }
    assert!(!archive.is_empty());
    restore(&empty, &archive).await.expect("the undamaged archive restores");
    empty.close().await;
    source.close().await;
}

#[tokio::test]
async fn a_row_the_database_refuses_restores_nothing_and_names_the_lines() {
    for db in TestDatabase::both().await {
        let store = Store::open(&db.url).await.unwrap();
        fill(&store).await;
        let archive = backup(&store).await;
        store.close().await;
        db.cleanup().await;
        // A grant for a forum the archive does not hold: valid JSON, refused by a foreign key.
        let text = String::from_utf8(archive).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let grant = lines.iter().position(|l| l.starts_with("{\"table\":\"grants\"")).unwrap();
        let mut bad: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        bad[grant] = bad[grant].replace(FORUM, "no-such-forum");
        // Keep the checksum honest so that the database, not the checksum, refuses it.
        let body: String = bad[..bad.len() - 1].iter().map(|l| format!("{l}\n")).collect();
        let digest = {
            use sha2::Digest;
            sha2::Sha256::digest(body.as_bytes()).iter().map(|b| format!("{b:02x}")).collect::<String>()
        };
        let end = lines[lines.len() - 1];
        let old = &end[end.find("\"sha256\":\"").unwrap() + 10..end.len() - 3];
        let bytes = format!("{body}{}\n", end.replace(old, &digest)).into_bytes();
        for target in TestDatabase::both().await {
            let store = Store::open(&target.url).await.unwrap();
            let err = restore(&store, &bytes).await.unwrap_err().to_string();
            assert!(
                err.contains("(table grants): the database refused them") && err.contains("nothing was restored"),
                "{err}"
            );
            assert!(err.starts_with("backup.jsonl: line"), "{err}");
            assert!(store.forums().await.unwrap().is_empty() && store.users(None).await.unwrap().is_empty());
            store.close().await;
            target.cleanup().await;
        }
    }
}
