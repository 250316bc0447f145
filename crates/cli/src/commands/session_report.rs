//! `throughline report file|show|status|reminders|import|export`: session
//! reports from the terminal. File (or draft) a session's report after the
//! IGF's template, see which of a track's reports are missing or late, list
//! the reminders owed and send them by e-mail when `THROUGHLINE_SMTP_URL`
//! names a server, and move reports in and out as JSON Lines or CSV. Each
//! command calls one use case of `throughline_app::session_reports`.

use anyhow::{Result, bail};
use jiff::Timestamp;
use serde_json::json;
use throughline_app::mail::SmtpMailer;
use throughline_app::session_reports::{Reminder, ReportInput};
use throughline_app::{Actor, App};
use throughline_core::report::{CallToAction, GenderDiscussion};
use throughline_formats::report_records;
use throughline_report::Reporting;

use crate::output::{
    ForumArg, RecordsExportArgs, RecordsImportArgs, TrackScope, open_store, parse_with, print_json, print_table,
};

#[derive(Debug, clap::Args)]
pub struct FileArgs {
    #[command(flatten)]
    pub forum: ForumArg,
    /// The session reported on (its id).
    pub session: String,
    /// The rapporteur, by name.
    #[arg(long)]
    pub rapporteur: Option<String>,
    /// A key takeaway (repeat, at most 3; replaces those saved).
    #[arg(long = "takeaway")]
    pub takeaways: Vec<String>,
    /// A call to action, `Call | stakeholder group, ...` (`all` for every group; repeat, at most 3).
    #[arg(long = "call", value_parser = report_records::parse_call)]
    pub calls: Vec<CallToAction>,
    /// A policy question of the session's track that it answered, as the
    /// track words it (repeat); its Taking Stock puts the findings under it.
    #[arg(long = "question")]
    pub questions: Vec<String>,
    /// A mechanism of the registry the session mentioned, by id (repeat).
    #[arg(long = "mechanism")]
    pub mechanisms: Vec<String>,
    #[arg(long)]
    pub onsite: Option<u32>,
    #[arg(long)]
    pub online: Option<u32>,
    /// Women among the participants, on site and online.
    #[arg(long)]
    pub women_participants: Option<u32>,
    /// Women among the speakers and moderators.
    #[arg(long)]
    pub women_speakers: Option<u32>,
    /// Whether gender was discussed: none, mentioned or substantial.
    #[arg(long, value_parser = parse_with(GenderDiscussion::parse))]
    pub gender_discussed: Option<GenderDiscussion>,
    #[arg(long)]
    pub way_forward: Option<String>,
    /// Save it as a draft, not filed (a report filed already stays filed).
    #[arg(long)]
    pub draft: bool,
}

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    #[command(flatten)]
    pub forum: ForumArg,
    /// The session (its id).
    pub session: String,
    /// Print the report as a reports-file object, with `state` and `due`.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    #[command(flatten)]
    pub scope: TrackScope,
    /// As of this time (RFC 3339; default: now).
    #[arg(long)]
    pub now: Option<Timestamp>,
    /// Print `{"forum","track","expected","filed","on_time","late","due","overdue","sessions":[{"session","title","due","state","draft"}]}`.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct RemindersArgs {
    #[command(flatten)]
    pub forum: ForumArg,
    /// As of this time (RFC 3339; default: now).
    #[arg(long)]
    pub now: Option<Timestamp>,
    /// Send the reminders not sent yet through the SMTP server that
    /// `THROUGHLINE_SMTP_URL` names (sender: `THROUGHLINE_MAIL_FROM`).
    #[arg(long)]
    pub send: bool,
    /// The server's address, to put whole links to the report forms in the e-mails.
    #[arg(long, value_name = "URL", default_value = "")]
    pub base_url: String,
    /// Print `{"forum","reminders":[{"session","title","kind","due","recipients","sent_at"}]}`.
    #[arg(long)]
    pub json: bool,
}

/// `report file`: the report as saved, with the flags given replacing its fields.
pub async fn file(db: &str, args: FileArgs) -> Result<()> {
    let store = open_store(db).await?;
    let (app, me) = (App::new(store.clone()), Actor::operator_from_env());
    let forum = args.forum.choose(&store).await?;
    let now = Timestamp::now();
    let form = app.report_form(&me, &forum, &args.session, now).await?;
    let saved = form.report.clone().unwrap_or_default();
    let input = ReportInput {
        rapporteur: args.rapporteur.clone().or_else(|| saved.rapporteur.clone()),
        key_takeaways: if args.takeaways.is_empty() { saved.key_takeaways } else { args.takeaways.clone() },
        calls_to_action: if args.calls.is_empty() { saved.calls_to_action } else { args.calls.clone() },
        policy_questions: if args.questions.is_empty() { saved.policy_questions } else { args.questions.clone() },
        mechanisms: if args.mechanisms.is_empty() { saved.mechanisms } else { args.mechanisms.clone() },
        participants_onsite: args.onsite.or(saved.participants_onsite),
        participants_online: args.online.or(saved.participants_online),
        women_participants: args.women_participants.or(saved.women_participants),
        women_speakers: args.women_speakers.or(saved.women_speakers),
        gender_discussed: args.gender_discussed.or(saved.gender_discussed),
        way_forward: args.way_forward.clone().unwrap_or(saved.way_forward),
        file: !args.draft,
    };
    app.save_report(&me, &forum, &args.session, &form.fingerprint, &input, now).await?;
    let after = app.report_form(&me, &forum, &args.session, now).await?;
    let state = after.reporting.map_or("unscheduled", |r| r.state.code());
    match after.report.and_then(|r| r.submitted_at) {
        Some(at) => println!("filed the report on {:?} ({at}; {state})", args.session),
        None => println!("saved the report on {:?} as a draft (not filed)", args.session),
    }
    Ok(())
}

/// `report show`: one session's report.
pub async fn show(db: &str, args: ShowArgs) -> Result<()> {
    let store = open_store(db).await?;
    let (app, me) = (App::new(store.clone()), Actor::operator_from_env());
    let forum = args.forum.choose(&store).await?;
    let form = app.report_form(&me, &forum, &args.session, Timestamp::now()).await?;
    let p = app.programme(&forum).await?;
    let state = form.reporting.as_ref().map(|r| r.state.code());
    let due = form.reporting.as_ref().and_then(|r| r.due);
    if args.json {
        let mut o = form.report.as_ref().map(|r| report_records::report_object(&p, r)).unwrap_or_default();
        o.insert("session".into(), json!(form.session));
        o.insert("state".into(), json!(state));
        o.insert("due".into(), json!(due));
        return print_json(&o);
    }
    println!("{} {}", form.session, form.title);
    println!("due: {} · {}", due.map_or("no date".to_string(), |d| p.forum.local(d)), state.unwrap_or("unscheduled"));
    let Some(r) = &form.report else {
        println!("No report yet (`throughline report file {}` files one).", form.session);
        return Ok(());
    };
    let o = report_records::report_object(&p, r);
    for (field, value) in o.iter().filter(|(k, _)| *k != "session") {
        match value {
            serde_json::Value::Array(items) => {
                for item in items {
                    println!("{field}: {}", item.as_str().map_or_else(|| item.to_string(), str::to_string));
                }
            }
            serde_json::Value::String(s) => println!("{field}: {s}"),
            other => println!("{field}: {other}"),
        }
    }
    Ok(())
}

/// `report status`: which reports of a track (or the forum) are filed, late, due or overdue.
pub async fn status(db: &str, args: StatusArgs) -> Result<()> {
    let store = open_store(db).await?;
    let (app, me) = (App::new(store.clone()), Actor::operator_from_env());
    let forum = args.scope.forum.choose(&store).await?;
    let track = args.scope.track.as_deref();
    let r = app.reporting(&me, &forum, track, args.now.unwrap_or_else(Timestamp::now)).await?;
    if args.json {
        let mut value = serde_json::to_value(&r)?;
        value["forum"] = json!(forum);
        value["track"] = json!(track);
        return print_json(&value);
    }
    let p = app.programme(&forum).await?;
    print_reporting(&p.forum, track, &r);
    Ok(())
}

fn print_reporting(forum: &throughline_core::Forum, track: Option<&str>, r: &Reporting) {
    let whole = track.map_or(format!("forum {:?}", forum.slug), |t| format!("track {t:?}"));
    println!(
        "Reports of the {whole} (due {} days after each session): {} of {} expected filed ({} on time, {} late); {} due, {} overdue",
        forum.report_due_days, r.filed, r.expected, r.on_time, r.late, r.due, r.overdue
    );
    let rows: Vec<Vec<String>> = r
        .sessions
        .iter()
        .map(|s| {
            vec![
                s.session.clone(),
                s.title.clone(),
                s.due.map_or(String::new(), |d| forum.local(d)),
                format!("{}{}", s.state.code(), if s.draft { " (draft saved)" } else { "" }),
            ]
        })
        .collect();
    if !rows.is_empty() {
        print_table(&["session", "title", "due", "report"], &rows);
    }
}

/// `report reminders`: the reminders owed; with `--send`, sent by e-mail.
pub async fn reminders(db: &str, args: RemindersArgs) -> Result<()> {
    let store = open_store(db).await?;
    let (app, me) = (App::new(store.clone()), Actor::operator_from_env());
    let forum = args.forum.choose(&store).await?;
    let now = args.now.unwrap_or_else(Timestamp::now);
    if args.send {
        let Some(mailer) = SmtpMailer::from_env().map_err(anyhow::Error::msg)? else {
            bail!(
                "no SMTP server is configured: set THROUGHLINE_SMTP_URL (e.g. smtp://mail.example.org:587) to send reminders"
            );
        };
        let sent = app.send_report_reminders(&me, &forum, now, &mailer, &args.base_url).await?;
        if args.json {
            return print_json(&json!({ "forum": forum, "sent": sent }));
        }
        println!("sent {} reminders", sent.len());
        for r in &sent {
            println!("  {} ({}) to {}", r.session, r.kind.code(), r.recipients.join(", "));
        }
        return Ok(());
    }
    let owed = app.report_reminders(&me, &forum, now).await?;
    if args.json {
        return print_json(&json!({ "forum": forum, "reminders": owed }));
    }
    print_reminders(&owed);
    Ok(())
}

fn print_reminders(owed: &[Reminder]) {
    if owed.is_empty() {
        println!("No report is due or overdue.");
        return;
    }
    let rows: Vec<Vec<String>> = owed
        .iter()
        .map(|r| {
            vec![
                r.session.clone(),
                r.kind.code().to_string(),
                if r.recipients.is_empty() { "(nobody with an account)".to_string() } else { r.recipients.join(", ") },
                r.sent_at.map_or("not sent".to_string(), |at| format!("sent {at}")),
            ]
        })
        .collect();
    print_table(&["session", "reminder", "to", "sent"], &rows);
}

/// `report import`: a reports file, all or nothing.
pub async fn import(db: &str, args: RecordsImportArgs) -> Result<()> {
    let store = open_store(db).await?;
    let (app, me) = (App::new(store.clone()), Actor::operator_from_env());
    let forum = args.forum.choose(&store).await?;
    let (name, bytes) = args.read()?;
    let counts = app.import_reports(&me, &forum, &name, &bytes).await?;
    println!(
        "{name}: {} reports added, {} updated, {} unchanged in forum {forum:?}",
        counts.created, counts.updated, counts.unchanged
    );
    Ok(())
}

/// `report export`: every report of the forum as JSON Lines or CSV.
pub async fn export(db: &str, args: RecordsExportArgs) -> Result<()> {
    let store = open_store(db).await?;
    let (app, me) = (App::new(store.clone()), Actor::operator_from_env());
    let forum = args.forum.choose(&store).await?;
    let (p, reports) = app.reports(&me, &forum).await?;
    let text =
        if args.csv() { report_records::write_csv(&p, &reports) } else { report_records::write_jsonl(&p, &reports) };
    args.write(&text, reports.len(), "reports")
}
