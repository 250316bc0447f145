//! Session reports: a session's organiser or rapporteur drafts and files
//! its report (the IGF's template); the secretariat imports reports in
//! bulk; a track's coordinator sees which of the track's reports are filed,
//! late, due or overdue; and the secretariat sends the reminders owed, by
//! e-mail when a server is configured, each at most once. A report form
//! carries a fingerprint of the report it was opened on, so a report that
//! someone else changed meanwhile is a conflict, not an overwrite.

use jiff::Timestamp;
use serde::Serialize;
use sha2::{Digest, Sha256};
use throughline_core::report::{CallToAction, GenderDiscussion, same_question};
use throughline_core::{AccountRole, Programme, SessionReport};
pub use throughline_report::{ReminderKind, Reporting, SessionReporting};
use throughline_report::{reminders, reporting, track_reporting};
use throughline_store::SentReminder;

use crate::App;
use crate::access::Permission;
use crate::actor::Actor;
use crate::error::AppError;
use crate::mail::{Mailer, OutgoingMail};

/// A report as its form gives it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ReportInput {
    /// A person's name, or none.
    pub rapporteur: Option<String>,
    pub key_takeaways: Vec<String>,
    pub calls_to_action: Vec<CallToAction>,
    /// The policy questions the session answered, as its tracks word them.
    pub policy_questions: Vec<String>,
    pub mechanisms: Vec<String>,
    pub participants_onsite: Option<u32>,
    pub participants_online: Option<u32>,
    pub women_participants: Option<u32>,
    pub women_speakers: Option<u32>,
    pub gender_discussed: Option<GenderDiscussion>,
    pub way_forward: String,
    /// File the report (true) or keep it as a draft.
    pub file: bool,
}

/// A session's report as its form shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ReportForm {
    pub session: String,
    pub title: String,
    /// The report so far, if any.
    pub report: Option<SessionReport>,
    /// What a save must be based on ([`report_fingerprint`]).
    pub fingerprint: String,
    /// The report's due date and state now.
    pub reporting: Option<SessionReporting>,
    /// The forum's mechanisms (id, name) the report may mention.
    pub mechanisms: Vec<(String, String)>,
    /// The policy questions of the tracks that accepted the session (track
    /// title, its questions), for the report to say which it answered.
    pub questions: Vec<(String, Vec<String>)>,
}

/// The tracks that accepted a session.
fn tracks_of<'p>(p: &'p Programme, session: &'p str) -> impl Iterator<Item = &'p throughline_core::Track> {
    p.tracks.iter().filter(move |t| p.accepted_sessions(&t.slug).contains(session))
}

/// What a reports file changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ReportImport {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// A reminder owed or sent.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reminder {
    pub session: String,
    pub title: String,
    pub kind: ReminderKind,
    pub due: Option<Timestamp>,
    /// The e-mail addresses of the session's organisers and rapporteurs with an account.
    pub recipients: Vec<String>,
    /// When it went out, if it did.
    pub sent_at: Option<Timestamp>,
}

/// A fingerprint of a session's report as it is (or of its absence), which
/// a save names to say which report it replaces.
pub fn report_fingerprint(report: Option<&SessionReport>) -> String {
    let text = report.map(|r| serde_json::to_string(r).unwrap_or_default()).unwrap_or_default();
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().take(12).map(|b| format!("{b:02x}")).collect()
}

impl App {
    /// A session's report, for its form.
    pub async fn report_form(
        &self,
        actor: &Actor,
        forum: &str,
        session: &str,
        now: Timestamp,
    ) -> Result<ReportForm, AppError> {
        actor.require(&Permission::FileReport { forum: forum.to_string(), session: session.to_string() })?;
        let p = self.programme(forum).await?;
        let s = p.session(session).ok_or_else(|| no_session(&p, session))?;
        let report = p.reports.iter().find(|r| r.session == session).cloned();
        Ok(ReportForm {
            session: session.to_string(),
            title: s.title.clone(),
            fingerprint: report_fingerprint(report.as_ref()),
            report,
            reporting: reporting(&p, [session], now).sessions.into_iter().next(),
            mechanisms: p
                .mechanisms
                .iter()
                .filter(|m| m.merged_into.is_none())
                .map(|m| (m.id.clone(), m.name.clone()))
                .collect(),
            questions: tracks_of(&p, session)
                .filter(|t| !t.policy_questions.is_empty())
                .map(|t| (t.title.clone(), t.policy_questions.clone()))
                .collect(),
        })
    }

    /// Saves a session's report, as a draft or filed, over the report the
    /// form was opened on (`based_on`, its fingerprint). The first filing
    /// time is kept when a filed report is corrected.
    pub async fn save_report(
        &self,
        actor: &Actor,
        forum: &str,
        session: &str,
        based_on: &str,
        input: &ReportInput,
        now: Timestamp,
    ) -> Result<(), AppError> {
        actor.require(&Permission::FileReport { forum: forum.to_string(), session: session.to_string() })?;
        let p = self.programme(forum).await?;
        p.session(session).ok_or_else(|| no_session(&p, session))?;
        let before = p.reports.iter().find(|r| r.session == session);
        if report_fingerprint(before) != based_on {
            return Err(AppError::Conflict(format!(
                "the report on {session} was changed by someone else since you opened it; reload it and enter your changes again"
            )));
        }
        let mut report = SessionReport {
            session: session.to_string(),
            rapporteur: input.rapporteur.as_deref().map(throughline_core::person_key).filter(|k| !k.is_empty()),
            key_takeaways: trimmed(&input.key_takeaways),
            calls_to_action: input
                .calls_to_action
                .iter()
                .filter(|c| !c.text.trim().is_empty() || !c.addressed_to.is_empty())
                .map(|c| CallToAction { text: c.text.trim().to_string(), addressed_to: c.addressed_to.clone() })
                .collect(),
            policy_questions: trimmed(&input.policy_questions),
            mechanisms: input.mechanisms.clone(),
            participants_onsite: input.participants_onsite,
            participants_online: input.participants_online,
            women_participants: input.women_participants,
            women_speakers: input.women_speakers,
            gender_discussed: input.gender_discussed,
            way_forward: input.way_forward.trim().to_string(),
            submitted_at: None,
        };
        // A question newly said must be one of the session's tracks'
        // (one kept from before may have been reworded since).
        let known: Vec<&String> = tracks_of(&p, session)
            .flat_map(|t| &t.policy_questions)
            .chain(before.iter().flat_map(|b| &b.policy_questions))
            .collect();
        if let Some(q) = report.policy_questions.iter().find(|q| !known.iter().any(|k| same_question(k, q))) {
            return Err(AppError::invalid(
                "policy_questions",
                format!("{q:?} is not a policy question of a track that accepted {session}"),
            ));
        }
        report.submitted_at = match (before.and_then(|b| b.submitted_at), input.file) {
            (Some(first), _) => Some(first),
            (None, true) => Some(now),
            (None, false) => None,
        };
        let mut new = p.clone();
        new.reports.retain(|r| r.session != session);
        new.reports.push(report);
        checked(&new, session)?;
        self.store.save_programme_over(&p, &new, &actor.audit_name()).await?;
        Ok(())
    }

    /// Every report of the forum, for an export.
    pub async fn reports(&self, actor: &Actor, forum: &str) -> Result<(Programme, Vec<SessionReport>), AppError> {
        actor.require(&Permission::Administer { forum: forum.to_string() })?;
        let p = self.programme(forum).await?;
        let reports = p.reports.clone();
        Ok((p, reports))
    }

    /// Imports a reports file (JSON Lines or CSV), all or nothing.
    pub async fn import_reports(
        &self,
        actor: &Actor,
        forum: &str,
        file: &str,
        bytes: &[u8],
    ) -> Result<ReportImport, AppError> {
        actor.require(&Permission::Administer { forum: forum.to_string() })?;
        let p = self.programme(forum).await?;
        let read = throughline_formats::report_records::read_reports(file, bytes, &p)?;
        let mut new = p.clone();
        let mut counts = ReportImport::default();
        for r in read {
            match new.reports.iter_mut().find(|known| known.session == r.session) {
                Some(known) if *known == r => counts.unchanged += 1,
                Some(known) => {
                    *known = r;
                    counts.updated += 1;
                }
                None => {
                    new.reports.push(r);
                    counts.created += 1;
                }
            }
        }
        self.store.save_programme_over(&p, &new, &actor.audit_name()).await?;
        Ok(counts)
    }

    /// How complete a track's reporting is (or, without a track, the forum's), as of `now`.
    pub async fn reporting(
        &self,
        actor: &Actor,
        forum: &str,
        track: Option<&str>,
        now: Timestamp,
    ) -> Result<Reporting, AppError> {
        let p = match track {
            Some(t) => {
                actor.require(&Permission::ManageTrack { forum: forum.to_string(), track: t.to_string() })?;
                self.programme_and_track(forum, t).await?.0
            }
            None => {
                actor.require(&Permission::Administer { forum: forum.to_string() })?;
                self.programme(forum).await?
            }
        };
        Ok(match track {
            Some(t) => track_reporting(&p, t, now),
            None => reporting(&p, p.sessions.iter().map(|s| s.code.as_str()), now),
        })
    }

    /// The reminders owed as of `now`, with whom they go to and whether
    /// they went out already.
    pub async fn report_reminders(
        &self,
        actor: &Actor,
        forum: &str,
        now: Timestamp,
    ) -> Result<Vec<Reminder>, AppError> {
        actor.require(&Permission::Administer { forum: forum.to_string() })?;
        let p = self.programme(forum).await?;
        let users = self.store.users(Some(forum)).await?;
        let sent = self.store.sent_reminders(forum).await?;
        Ok(reminders(&p, now)
            .into_iter()
            .map(|(s, kind)| {
                let recipients = users
                    .iter()
                    .filter(|u| {
                        u.grants.iter().any(|g| {
                            g.forum == forum
                                && g.scope == s.session
                                && matches!(g.role, AccountRole::Organiser | AccountRole::Rapporteur)
                        })
                    })
                    .map(|u| u.email.clone())
                    .collect();
                let sent_at = sent.iter().find(|r| r.session == s.session && r.kind == kind.code()).map(|r| r.sent_at);
                Reminder { session: s.session, title: s.title, kind, due: s.due, recipients, sent_at }
            })
            .collect())
    }

    /// Sends the reminders owed and not yet sent (to sessions with someone
    /// to send them to) through `mailer`, and records each one that went
    /// out; returns those sent. Their links to the report form start with
    /// `site`, the server's address (`https://forum.example.org`; empty
    /// for a bare path). A reminder that fails to go out is not
    /// recorded, so the next run tries it again; the first failure ends the run.
    pub async fn send_report_reminders(
        &self,
        actor: &Actor,
        forum: &str,
        now: Timestamp,
        mailer: &dyn Mailer,
        site: &str,
    ) -> Result<Vec<Reminder>, AppError> {
        let p = self.programme(forum).await?;
        let mut sent = Vec::new();
        for mut r in self.report_reminders(actor, forum, now).await? {
            if r.sent_at.is_some() || r.recipients.is_empty() {
                continue;
            }
            let mail = reminder_mail(&p, &r, site);
            mailer
                .send(&mail)
                .await
                .map_err(|e| AppError::Unavailable(format!("sending the reminder on {}: {e}", r.session)))?;
            let record = SentReminder {
                session: r.session.clone(),
                kind: r.kind.code().to_string(),
                sent_at: now,
                recipients: r.recipients.clone(),
            };
            if self.store.record_reminder(forum, &record).await? {
                r.sent_at = Some(now);
                sent.push(r);
            }
        }
        Ok(sent)
    }
}

/// The e-mail that reminds a session's people of its report.
fn reminder_mail(p: &Programme, r: &Reminder, site: &str) -> OutgoingMail {
    let due = r.due.map(|d| p.forum.local(d)).unwrap_or_else(|| "soon".to_string());
    let zone = p.forum.time_zone.name();
    let session = format!("{} \"{}\"", r.session, r.title);
    let (state, opening) = match r.kind {
        ReminderKind::Due => (
            format!("is due by {due}"),
            format!("The session {session} has taken place. Its report is due by {due} ({zone})."),
        ),
        ReminderKind::Overdue => (
            "is overdue".to_string(),
            format!("The report on the session {session} was due by {due} ({zone}) and has not been filed."),
        ),
    };
    let body = format!(
        "{opening}\n\nThe report asks for at most three key takeaways, at most three calls to action (each with whom it is addressed to), the cooperation mechanisms mentioned, how many took part on site and online, how many of the participants and speakers were women, whether gender was discussed, and the way forward.\n\nFile it on the session's page in Throughline: {}/manage/{}/sessions/{}/report\n",
        site.trim_end_matches('/'),
        p.forum.slug,
        urlencode(&r.session)
    );
    OutgoingMail {
        to: r.recipients.clone(),
        subject: format!("{}: the report on {} {state}", p.forum.name, r.session),
        body,
    }
}

/// A session code as a path segment.
fn urlencode(code: &str) -> String {
    code.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn trimmed(items: &[String]) -> Vec<String> {
    items.iter().map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).collect()
}

fn no_session(p: &Programme, session: &str) -> AppError {
    AppError::NotFound(format!("no session {session:?} in forum {:?}", p.forum.slug))
}

/// The report's problems, as the form's fields name them.
fn checked(p: &Programme, session: &str) -> Result<(), AppError> {
    let errors = p.validate();
    let mine = errors.iter().find(|e| e.subject == throughline_core::programme::Subject::Report(session.to_string()));
    match (mine, errors.first()) {
        (Some(e), _) => Err(AppError::invalid(e.field, e.message.clone())),
        (None, Some(e)) => Err(AppError::Conflict(format!("the forum does not hold together: {e}"))),
        (None, None) => Ok(()),
    }
}

#[cfg(test)]
mod tests;
