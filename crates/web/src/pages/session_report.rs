//! A session's report, for its organisers and rapporteurs: the IGF's
//! template as one form (at most three key takeaways and three calls to
//! action, the mechanisms mentioned, participation and gender figures, the
//! way forward), saved as a draft or filed. A refused save shows the form
//! again with what was typed and the reason; a save over a report someone
//! else changed meanwhile shows theirs beside it, so nothing typed is lost.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;
use throughline_app::AppError;
use throughline_app::session_reports::{ReportForm, ReportInput};
use throughline_core::report::{CallToAction, GenderDiscussion, MOST_ITEMS};
use throughline_core::{SessionReport, StakeholderGroup};

use crate::caller::Caller;
use crate::form::{CheckedForm, FormData};
use crate::respond::{WebError, page_with_status, see_other};
use crate::state::AppState;

/// The form's fields as the template fills them in.
#[derive(Debug, Default, Serialize)]
struct Fields {
    rapporteur: String,
    takeaways: Vec<String>,
    calls: Vec<(String, Vec<&'static str>)>,
    policy_questions: Vec<String>,
    mechanisms: Vec<String>,
    onsite: String,
    online: String,
    women_participants: String,
    women_speakers: String,
    gender_discussed: &'static str,
    way_forward: String,
}

fn number(n: Option<u32>) -> String {
    n.map_or(String::new(), |n| n.to_string())
}

impl Fields {
    fn new(input: &ReportInput) -> Fields {
        let mut takeaways = input.key_takeaways.clone();
        takeaways.resize(takeaways.len().max(MOST_ITEMS), String::new());
        let mut calls: Vec<(String, Vec<&'static str>)> = input
            .calls_to_action
            .iter()
            .map(|c| (c.text.clone(), c.addressed_to.iter().map(|g| g.code()).collect()))
            .collect();
        calls.resize(calls.len().max(MOST_ITEMS), (String::new(), Vec::new()));
        Fields {
            rapporteur: input.rapporteur.clone().unwrap_or_default(),
            takeaways,
            calls,
            policy_questions: input.policy_questions.clone(),
            mechanisms: input.mechanisms.clone(),
            onsite: number(input.participants_onsite),
            online: number(input.participants_online),
            women_participants: number(input.women_participants),
            women_speakers: number(input.women_speakers),
            gender_discussed: input.gender_discussed.map_or("", |g| g.code()),
            way_forward: input.way_forward.clone(),
        }
    }
}

/// A saved report as the form's input; the rapporteur by name.
fn as_input(form: &ReportForm, names: &dyn Fn(&str) -> String) -> ReportInput {
    let r = form.report.clone().unwrap_or_else(|| SessionReport::new(&form.session));
    ReportInput {
        rapporteur: r.rapporteur.as_deref().map(names),
        key_takeaways: r.key_takeaways,
        calls_to_action: r.calls_to_action,
        policy_questions: r.policy_questions,
        mechanisms: r.mechanisms,
        participants_onsite: r.participants_onsite,
        participants_online: r.participants_online,
        women_participants: r.women_participants,
        women_speakers: r.women_speakers,
        gender_discussed: r.gender_discussed,
        way_forward: r.way_forward,
        file: r.submitted_at.is_some(),
    }
}

/// The session's report form.
pub(crate) fn href(forum: &str, code: &str) -> String {
    format!("{}/report", super::session_portal::href(forum, code))
}

/// Renders the form: `refused` is what the person typed and why it was
/// refused (after a refused save); without it, the saved report.
async fn render(
    state: &AppState,
    caller: &Caller,
    forum: &str,
    code: &str,
    status: StatusCode,
    refused: Option<(&ReportInput, String)>,
    saved: bool,
) -> Result<Response, WebError> {
    let (mine, message) = refused.map_or((None, None), |(input, message)| (Some(input), Some(message)));
    let now = state.now();
    let form = state.app.report_form(&caller.actor, forum, code, now).await?;
    let p = state.app.programme(forum).await?;
    let names = |key: &str| p.person(key).map_or_else(|| key.to_string(), |person| person.name.clone());
    let theirs = as_input(&form, &names);
    let fields = Fields::new(mine.unwrap_or(&theirs));
    let reporting = form.reporting.as_ref().map(|r| {
        crate::ctx! {
            state => r.state.code(), due => r.due.map(|d| p.forum.local(d)),
        }
    });
    let filed_at = form.report.as_ref().and_then(|r| r.submitted_at).map(|at| p.forum.local(at));
    let groups: Vec<(&str, &str)> = StakeholderGroup::ALL.iter().map(|g| (g.code(), g.label())).collect();
    let genders: Vec<(&str, &str)> = GenderDiscussion::ALL.iter().map(|g| (g.code(), g.label())).collect();
    let conflict = status == StatusCode::CONFLICT;
    page_with_status(
        state,
        caller,
        status,
        "session_report.html",
        crate::ctx! {
            forum, code, title => form.title.clone(), action => href(forum, code),
            session_href => super::session_portal::href(forum, code),
            fingerprint => form.fingerprint.clone(), fields, reporting, filed_at,
            mechanisms => form.mechanisms.clone(), questions => form.questions.clone(), groups, genders, message, saved,
            theirs => conflict.then(|| theirs.clone()), time_zone => p.forum.time_zone.name().to_string(),
            due_days => p.forum.report_due_days, most => MOST_ITEMS,
        },
    )
}

/// `GET /manage/{forum}/sessions/{code}/report` (`?saved=1` after a save).
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path((forum, code)): Path<(String, String)>,
    Query(query): Query<std::collections::HashMap<String, String>>,
) -> Result<Response, WebError> {
    render(&state, &caller, &forum, &code, StatusCode::OK, None, query.contains_key("saved")).await
}

/// A count field: empty, or a whole number.
fn count(form: &FormData, field: &str) -> Result<Option<u32>, AppError> {
    let text = form.text(field)?;
    match text.trim() {
        "" => Ok(None),
        t => t.parse().map(Some).map_err(|_| AppError::invalid(field, format!("{t:?} is not a whole number"))),
    }
}

/// Reads the form: `rapporteur`, `takeaway.N`, `call.N` with `call_to.N`
/// (ticked groups), `question` (ticked), `mechanism` (ticked), the counts, `gender_discussed`,
/// `way_forward`, and `act` (`file` or `draft`).
fn read_report(form: &FormData) -> Result<ReportInput, AppError> {
    let mut takeaways = Vec::new();
    let mut calls = Vec::new();
    for i in 0..MOST_ITEMS {
        takeaways.push(form.text(&format!("takeaway.{i}"))?);
        let groups = form
            .all(&format!("call_to.{i}"))
            .into_iter()
            .map(|g| {
                StakeholderGroup::parse(g)
                    .map_err(|e| AppError::invalid(&format!("calls_to_action[{}].addressed_to", i + 1), e.to_string()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        calls.push(CallToAction { text: form.text(&format!("call.{i}"))?, addressed_to: groups });
    }
    let gender = match form.text("gender_discussed")?.trim() {
        "" => None,
        g => Some(GenderDiscussion::parse(g).map_err(|e| AppError::invalid("gender_discussed", e.to_string()))?),
    };
    let rapporteur = form.text("rapporteur")?;
    Ok(ReportInput {
        rapporteur: (!rapporteur.trim().is_empty()).then_some(rapporteur),
        key_takeaways: takeaways,
        calls_to_action: calls,
        policy_questions: form.all("question").into_iter().map(str::to_string).collect(),
        mechanisms: form.all("mechanism").into_iter().map(str::to_string).collect(),
        participants_onsite: count(form, "onsite")?,
        participants_online: count(form, "online")?,
        women_participants: count(form, "women_participants")?,
        women_speakers: count(form, "women_speakers")?,
        gender_discussed: gender,
        way_forward: form.text("way_forward")?,
        file: form.text("act")? == "file",
    })
}

/// `POST /manage/{forum}/sessions/{code}/report`
pub async fn save(
    State(state): State<AppState>,
    caller: Caller,
    Path((forum, code)): Path<(String, String)>,
    CheckedForm(form): CheckedForm,
) -> Result<Response, WebError> {
    caller.actor.require(&throughline_app::Permission::FileReport { forum: forum.clone(), session: code.clone() })?;
    let input = read_report(&form)?;
    let based_on = form.text("fingerprint")?;
    match state.app.save_report(&caller.actor, &forum, &code, &based_on, &input, state.now()).await {
        Ok(()) => Ok(see_other(&format!("{}?saved=1", href(&forum, &code)))),
        Err(AppError::Conflict(message)) => {
            render(&state, &caller, &forum, &code, StatusCode::CONFLICT, Some((&input, message)), false).await
        }
        Err(e @ AppError::Invalid { .. }) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            render(&state, &caller, &forum, &code, status, Some((&input, e.to_string())), false).await
        }
        Err(e) => Err(e.into()),
    }
}
