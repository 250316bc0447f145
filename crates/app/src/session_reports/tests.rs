use std::sync::Mutex;

use throughline_core::{AccountRole, Grant, StakeholderGroup};
use throughline_formats::ImportOptions;
use throughline_store::testing::TestDatabase;

use super::*;
use crate::accounts::NewUser;

const FORUM: &str = r#"{"forum": {"slug": "f", "name": "F", "time_zone": "UTC", "report_due_days": 14}}
{"track": {"slug": "t", "title": "T"}}
{"id": "WS 1", "title": "One", "status": "approved", "start": "2026-12-01T09:00:00Z", "track_labels": ["T"]}
{"id": "WS 2", "title": "Two", "status": "approved", "start": "2026-12-01T11:00:00Z", "track_labels": ["T"]}
{"id": "WS 3", "title": "Three", "status": "approved", "start": "2026-12-20T11:00:00Z", "track_labels": ["T"]}
"#;

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

/// Collects what it is asked to send.
#[derive(Default)]
struct Outbox(Mutex<Vec<OutgoingMail>>);

impl Mailer for Outbox {
    fn send<'a>(
        &'a self,
        mail: &'a OutgoingMail,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), String>> + Send + 'a>> {
        self.0.lock().unwrap().push(mail.clone());
        Box::pin(async { Ok(()) })
    }
}

async fn account(app: &App, email: &str, role: AccountRole, scope: Option<&str>) -> Actor {
    let new = NewUser {
        email: email.into(),
        name: email.into(),
        password: None,
        grants: vec![Grant::new("f", role, scope).unwrap()],
    };
    Actor::User(app.add_user(&Actor::Operator("test".into()), new, at("2026-11-01T00:00:00Z")).await.unwrap())
}

fn report() -> ReportInput {
    ReportInput {
        key_takeaways: vec!["Trust is regional".into(), "  ".into()],
        calls_to_action: vec![CallToAction {
            text: "Fund CERTs".into(),
            addressed_to: vec![StakeholderGroup::Government],
        }],
        participants_onsite: Some(40),
        participants_online: Some(10),
        women_participants: Some(24),
        gender_discussed: Some(GenderDiscussion::Mentioned),
        way_forward: "Meet again".into(),
        ..ReportInput::default()
    }
}

#[tokio::test]
async fn an_organiser_drafts_and_files_a_report_and_a_stale_form_is_a_conflict() {
    for db in TestDatabase::both().await {
        let app = App::open(&db.url).await.unwrap();
        let op = Actor::Operator("test".into());
        app.import(&op, "f.jsonl", FORUM.as_bytes(), &ImportOptions::default()).await.unwrap();
        let organiser = account(&app, "org@example.org", AccountRole::Organiser, Some("WS 1")).await;
        let rapporteur = account(&app, "rap@example.org", AccountRole::Rapporteur, Some("WS 1")).await;
        let other = account(&app, "other@example.org", AccountRole::Organiser, Some("WS 2")).await;
        let now = at("2026-12-05T10:00:00Z");

        let form = app.report_form(&organiser, "f", "WS 1", now).await.unwrap();
        assert!(form.report.is_none());
        assert_eq!(form.reporting.as_ref().unwrap().state, throughline_report::ReportState::Due);
        let err = app.report_form(&other, "f", "WS 1", now).await.unwrap_err();
        assert!(matches!(err, AppError::Forbidden(_)), "{err}");

        let draft = ReportInput { file: false, ..report() };
        app.save_report(&organiser, "f", "WS 1", &form.fingerprint, &draft, now).await.unwrap();
        let saved = app.report_form(&rapporteur, "f", "WS 1", now).await.unwrap();
        let r = saved.report.clone().unwrap();
        assert_eq!(r.key_takeaways, ["Trust is regional"], "empty lines are dropped");
        assert_eq!(r.submitted_at, None, "a draft is not filed");

        // The organiser's form is now stale: the rapporteur saved meanwhile.
        let filed = ReportInput { file: true, ..report() };
        app.save_report(&rapporteur, "f", "WS 1", &saved.fingerprint, &filed, now).await.unwrap();
        let err = app.save_report(&organiser, "f", "WS 1", &saved.fingerprint, &filed, now).await.unwrap_err();
        assert!(matches!(err, AppError::Conflict(_)), "{err}");

        let current = app.report_form(&organiser, "f", "WS 1", now).await.unwrap();
        assert_eq!(current.report.as_ref().unwrap().submitted_at, Some(now));
        let too_many = ReportInput { key_takeaways: vec!["a".into(), "b".into(), "c".into(), "d".into()], ..report() };
        let err = app.save_report(&organiser, "f", "WS 1", &current.fingerprint, &too_many, now).await.unwrap_err();
        assert_eq!(err.field(), Some("key_takeaways"), "{err}");
        let later = at("2026-12-30T00:00:00Z");
        let corrected = ReportInput { way_forward: "Meet in 2027".into(), ..filed };
        app.save_report(&organiser, "f", "WS 1", &current.fingerprint, &corrected, later).await.unwrap();
        let r = app.report_form(&organiser, "f", "WS 1", later).await.unwrap().report.unwrap();
        assert_eq!((r.way_forward.as_str(), r.submitted_at), ("Meet in 2027", Some(now)), "first filing time kept");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn coordinators_see_late_reports_and_reminders_go_out_once() {
    for db in TestDatabase::both().await {
        let app = App::open(&db.url).await.unwrap();
        let op = Actor::Operator("test".into());
        app.import(&op, "f.jsonl", FORUM.as_bytes(), &ImportOptions::default()).await.unwrap();
        let organiser = account(&app, "org@example.org", AccountRole::Organiser, Some("WS 2")).await;
        let coordinator = account(&app, "coord@example.org", AccountRole::Coordinator, Some("t")).await;
        let bad = "{\"session\": \"WS 1\", \"submitted_at\": \"2026-12-03T10:00:00Z\"}\n{\"session\": \"WS 9\"}\n";
        let err = app.import_reports(&op, "f", "r.jsonl", bad.as_bytes()).await.unwrap_err().to_string();
        assert_eq!(err, "r.jsonl:2: field `session`: no session has the id \"WS 9\"");
        let good = "{\"session\": \"WS 1\", \"submitted_at\": \"2026-12-03T10:00:00Z\"}\n";
        let counts = app.import_reports(&op, "f", "r.jsonl", good.as_bytes()).await.unwrap();
        assert_eq!(counts, ReportImport { created: 1, updated: 0, unchanged: 0 });

        let now = at("2026-12-18T00:00:00Z");
        let r = app.reporting(&coordinator, "f", Some("t"), now).await.unwrap();
        let states: Vec<&str> = r.sessions.iter().map(|s| s.state.code()).collect();
        assert_eq!(states, ["on_time", "overdue", "upcoming"]);
        assert!(matches!(app.reporting(&organiser, "f", Some("t"), now).await, Err(AppError::Forbidden(_))));
        assert!(matches!(app.reporting(&coordinator, "f", None, now).await, Err(AppError::Forbidden(_))));

        let owed = app.report_reminders(&op, "f", now).await.unwrap();
        assert_eq!(owed.len(), 1);
        assert_eq!((owed[0].session.as_str(), owed[0].kind), ("WS 2", ReminderKind::Overdue));
        assert_eq!(owed[0].recipients, ["org@example.org"]);
        assert!(matches!(app.report_reminders(&coordinator, "f", now).await, Err(AppError::Forbidden(_))));

        let outbox = Outbox::default();
        let sent = app.send_report_reminders(&op, "f", now, &outbox, "https://forum.example.org/").await.unwrap();
        assert_eq!(sent.len(), 1);
        let mails = outbox.0.lock().unwrap().clone();
        assert_eq!(mails.len(), 1);
        assert_eq!(mails[0].to, ["org@example.org"]);
        assert_eq!(mails[0].subject, "F: the report on WS 2 is overdue");
        assert!(
            mails[0].body.contains(" https://forum.example.org/manage/f/sessions/WS%202/report\n"),
            "{}",
            mails[0].body
        );
        assert!(app.send_report_reminders(&op, "f", now, &outbox, "").await.unwrap().is_empty(), "sent once");
        assert_eq!(outbox.0.lock().unwrap().len(), 1);
        assert_eq!(app.report_reminders(&op, "f", now).await.unwrap()[0].sent_at, Some(now));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_report_says_which_of_its_tracks_questions_it_answered() {
    let db = TestDatabase::sqlite();
    let app = App::open(&db.url).await.unwrap();
    let op = Actor::Operator("test".into());
    let forum = FORUM.replace(
        r#"{"track": {"slug": "t", "title": "T"}}"#,
        r#"{"track": {"slug": "t", "title": "T", "policy_questions": ["Who funds CERTs?", "Where is trust built?"]}}"#,
    );
    app.import(&op, "f.jsonl", forum.as_bytes(), &ImportOptions::default()).await.unwrap();
    let now = at("2026-12-05T10:00:00Z");
    let form = app.report_form(&op, "f", "WS 1", now).await.unwrap();
    assert_eq!(
        form.questions,
        [("T".to_string(), vec!["Who funds CERTs?".to_string(), "Where is trust built?".into()])]
    );

    let unknown = ReportInput { policy_questions: vec!["What is the weather?".into()], ..report() };
    let err = app.save_report(&op, "f", "WS 1", &form.fingerprint, &unknown, now).await.unwrap_err();
    assert_eq!(err.field(), Some("policy_questions"), "{err}");
    assert!(err.to_string().contains("\"What is the weather?\" is not a policy question"), "{err}");
    assert!(app.report_form(&op, "f", "WS 1", now).await.unwrap().report.is_none(), "nothing saved");

    let said = ReportInput { policy_questions: vec![" where is TRUST built? ".into()], file: true, ..report() };
    app.save_report(&op, "f", "WS 1", &form.fingerprint, &said, now).await.unwrap();
    let r = app.report_form(&op, "f", "WS 1", now).await.unwrap().report.unwrap();
    assert_eq!(r.policy_questions, ["where is TRUST built?"]);
    let ts = throughline_report::taking_stock(&app.programme("f").await.unwrap(), Some("t"), now, false).unwrap();
    assert_eq!(ts.questions[1].takeaways.len(), 1, "the takeaway is under the question said: {ts:?}");
    db.cleanup().await;
}
