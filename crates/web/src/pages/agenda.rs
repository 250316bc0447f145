//! A signed-in participant's personal agenda in a forum: the published
//! sessions they picked, in time order, with their clashes pointed out,
//! a form to add or take off a session, and the agenda as an iCalendar file.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use throughline_app::AppError;
use throughline_formats::ical::{self, FeedOptions, Selection};

use crate::caller::Caller;
use crate::form::CheckedForm;
use crate::respond::{WebError, page, see_other};
use crate::state::AppState;

/// The caller's agenda: the published programme and the codes on the agenda that it still holds.
async fn agenda(
    state: &AppState,
    caller: &Caller,
    forum: &str,
) -> Result<(throughline_core::Programme, Vec<String>), WebError> {
    let codes = state.app.agenda(&caller.actor, forum).await?;
    let published = state.app.published(forum).await?.programme;
    let codes = codes.into_iter().filter(|c| published.session(c).is_some()).collect();
    Ok((published, codes))
}

/// `GET /agenda/{forum}`
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(forum): Path<String>,
) -> Result<Response, WebError> {
    if !caller.signed_in() {
        return Ok(see_other("/sign-in"));
    }
    let (p, codes) = agenda(&state, &caller, &forum).await?;
    let mine = ical::select(&p, &Selection::Sessions(codes.clone())).map_err(|e| AppError::NotFound(e.to_string()))?;
    let when = |s: &throughline_core::Session| match (s.start, s.end()) {
        (Some(a), Some(b)) => format!("{}–{}", p.forum.local(a), p.forum.local_clock(b)),
        _ => "not scheduled yet".to_string(),
    };
    let slugs = p.session_page_slugs();
    let href = |code: &str| slugs.get(code).map(|slug| format!("/f/{forum}/sessions/{slug}.html"));
    let mut overlapping: std::collections::HashMap<&str, Vec<&str>> = std::collections::HashMap::new();
    for [a, b] in throughline_core::clash::overlapping_pairs(mine.iter().copied()) {
        overlapping.entry(a.code.as_str()).or_default().push(b.code.as_str());
        overlapping.entry(b.code.as_str()).or_default().push(a.code.as_str());
    }
    let items: Vec<serde_json::Value> = mine
        .iter()
        .map(|s| {
            let clashes = overlapping.get(s.code.as_str()).cloned().unwrap_or_default();
            crate::ctx! { code => s.code, title => s.title, href => href(&s.code), when => when(s), room => s.room, clashes }
        })
        .collect();
    let unscheduled: Vec<&str> =
        codes.iter().map(String::as_str).filter(|c| !mine.iter().any(|s| s.code == *c)).collect();
    let choices: Vec<(String, String)> = p
        .sessions
        .iter()
        .filter(|s| !codes.contains(&s.code))
        .map(|s| (s.code.clone(), format!("{} — {} ({})", s.code, s.title, when(s))))
        .collect();
    page(
        &state,
        &caller,
        "agenda.html",
        crate::ctx! { forum, name => p.forum.name, time_zone => p.forum.time_zone.name(), items, unscheduled, choices },
    )
}

/// `POST /agenda/{forum}`: `add=CODE` or `remove=CODE`.
pub async fn change(
    State(state): State<AppState>,
    caller: Caller,
    Path(forum): Path<String>,
    CheckedForm(form): CheckedForm,
) -> Result<Response, WebError> {
    caller.actor.require(&throughline_app::Permission::KeepAgenda { forum: forum.clone() })?;
    let (code, keep) = match (form.text("add")?, form.text("remove")?) {
        (add, _) if !add.is_empty() => (add, true),
        (_, remove) if !remove.is_empty() => (remove, false),
        _ => return Err(AppError::invalid("add", "choose a session").into()),
    };
    state.app.set_agenda_item(&caller.actor, &forum, &code, keep, state.now()).await?;
    Ok(see_other(&format!("/agenda/{forum}")))
}

/// `GET /agenda/{forum}/agenda.ics`
pub async fn calendar(
    State(state): State<AppState>,
    caller: Caller,
    Path(forum): Path<String>,
) -> Result<Response, WebError> {
    let (p, codes) = agenda(&state, &caller, &forum).await?;
    let moves = state.app.store().session_moves(&forum).await?;
    let base = state.config.public_url.as_ref().map(|u| format!("{}/f/{forum}", u.trim_end_matches('/')));
    let options = FeedOptions { stamp: state.now(), base_url: base.as_deref(), moves: &moves };
    let ics = ical::write(&p, &Selection::Sessions(codes), &options).map_err(|e| AppError::NotFound(e.to_string()))?;
    let mut response = ics.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/calendar; charset=utf-8"));
    h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment; filename=\"agenda.ics\""));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}
