//! The timetable in the application: the forum's clash report and the
//! solver for its admins (solve, and save when no hard rule is broken), and
//! repairs a track's coordinator asks for: kept as proposals, which an
//! admin saves (while nothing they move has moved since) or dismisses.

use axum::extract::{Path, State};
use axum::response::Response;
use throughline_app::timetable::SolveOutcome;
use throughline_app::{AppError, Permission};
use throughline_core::repair::RepairStatus;
use throughline_schedule::Weights;
use throughline_schedule::instance::Mode;

use crate::caller::Caller;
use crate::form::{CheckedForm, FormData};
use crate::respond::{WebError, page, see_other};
use crate::state::AppState;

/// The longest a solve asked for from the web may run, in seconds.
const MAX_WEB_SOLVE: f64 = 120.0;

fn time_limit(form: &FormData) -> Result<f64, AppError> {
    match form.text("time_limit")?.trim() {
        "" => Ok(20.0),
        n => n.parse::<f64>().ok().filter(|s| *s > 0.0 && *s <= MAX_WEB_SOLVE).ok_or_else(|| {
            AppError::invalid("time_limit", format!("{n:?}: give a number of seconds from 1 to {MAX_WEB_SOLVE}"))
        }),
    }
}

/// What the page says of a solve: its figures and moves, whether it was saved, the repair it became.
fn outcome_context(outcome: &SolveOutcome, repair: Option<i64>) -> serde_json::Value {
    let s = &outcome.solution;
    let moves: Vec<String> = outcome
        .moves
        .iter()
        .map(|m| match &m.from {
            Some((at, room)) => format!("{} {}: {at}, {room} → {}, {}", m.code, m.title, m.to.0, m.to.1),
            None => format!("{} {}: placed at {}, {}", m.code, m.title, m.to.0, m.to.1),
        })
        .collect();
    crate::ctx! {
        moves, saved => outcome.saved, repair, status => s.status, seconds => format!("{:.1}", s.seconds),
        hard_violations => s.hard_violations, concurrent_surplus => s.concurrent_surplus, unplaced => s.unplaced,
        explanation => s.explanation,
    }
}

/// The admins' page: the problems now, the repairs coordinators proposed, and an outcome if there is one.
async fn admin_page(
    state: &AppState,
    caller: &Caller,
    forum: &str,
    outcome: Option<serde_json::Value>,
) -> Result<Response, WebError> {
    let problems: Vec<String> =
        state.app.clash_report(&caller.actor, forum, None).await?.iter().map(|p| p.describe()).collect();
    let p = state.app.programme(forum).await?;
    let at = |t: jiff::Timestamp| p.forum.local(t);
    let repairs: Vec<serde_json::Value> = state
        .app
        .repairs(&caller.actor, forum)
        .await?
        .iter()
        .map(|r| {
            let moves: Vec<String> = r
                .moves
                .iter()
                .map(|m| {
                    let title = p.session(&m.session).map_or("", |s| s.title.as_str());
                    let from = m
                        .from
                        .as_ref()
                        .map_or_else(|| "no place".to_string(), |f| format!("{}, {}", at(f.start), f.room));
                    format!("{} {title}: {from} → {}, {}", m.session, at(m.to.start), m.to.room)
                })
                .collect();
            crate::ctx! {
                number => r.number, track => r.track, by => r.proposed_by, at => at(r.proposed_at),
                summary => r.summary, pending => r.status == RepairStatus::Pending, status => r.status.label(), moves,
            }
        })
        .collect();
    page(state, caller, "timetable.html", crate::ctx! { forum, problems, outcome, repairs, track => None::<()> })
}

/// `GET /manage/{forum}/timetable`
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(forum): Path<String>,
) -> Result<Response, WebError> {
    admin_page(&state, &caller, &forum, None).await
}

/// `POST /manage/{forum}/timetable/solve`: the admins' solve, saved when it breaks no hard rule.
pub async fn solve(
    State(state): State<AppState>,
    caller: Caller,
    Path(forum): Path<String>,
    CheckedForm(form): CheckedForm,
) -> Result<Response, WebError> {
    caller.actor.require(&Permission::Administer { forum: forum.clone() })?;
    let mode = match form.text("mode")?.as_str() {
        "" | "keep" => Mode::KeepPublished,
        "unscheduled" => Mode::Unscheduled,
        "all" => Mode::All,
        other => return Err(AppError::invalid("mode", format!("{other:?} is not keep, unscheduled or all")).into()),
    };
    let outcome = state
        .app
        .solve_timetable(&caller.actor, &forum, None, mode, Weights::default(), time_limit(&form)?, true)
        .await?;
    admin_page(&state, &caller, &forum, Some(outcome_context(&outcome, None))).await
}

/// `POST /manage/{forum}/timetable/repairs/{number}`: `act=save` or `act=dismiss`.
pub async fn decide_repair(
    State(state): State<AppState>,
    caller: Caller,
    Path((forum, number)): Path<(String, String)>,
    CheckedForm(form): CheckedForm,
) -> Result<Response, WebError> {
    caller.actor.require(&Permission::Administer { forum: forum.clone() })?;
    let number: i64 =
        number.parse().map_err(|_| AppError::NotFound(format!("no repair {number:?} in forum {forum:?}")))?;
    match form.text("act")?.as_str() {
        "save" => state.app.save_repair(&caller.actor, &forum, number, state.now()).await?,
        "dismiss" => state.app.dismiss_repair(&caller.actor, &forum, number, state.now()).await?,
        other => return Err(AppError::invalid("act", format!("{other:?} is not save or dismiss")).into()),
    }
    Ok(see_other(&format!("/manage/{forum}/timetable")))
}

/// `POST /manage/{forum}/tracks/{track}/repair`: a repair of the timetable
/// that moves as few sessions as possible, solved for the track's
/// coordinator and kept for the admins to save.
pub async fn propose_repair(
    State(state): State<AppState>,
    caller: Caller,
    Path((forum, track)): Path<(String, String)>,
    CheckedForm(form): CheckedForm,
) -> Result<Response, WebError> {
    caller.actor.require(&Permission::ManageTrack { forum: forum.clone(), track: track.clone() })?;
    let (outcome, repair) =
        state.app.propose_repair(&caller.actor, &forum, &track, time_limit(&form)?, state.now()).await?;
    let problems: Vec<String> =
        state.app.clash_report(&caller.actor, &forum, Some(&track)).await?.iter().map(|p| p.describe()).collect();
    let outcome = outcome_context(&outcome, repair);
    page(
        &state,
        &caller,
        "timetable.html",
        crate::ctx! { forum, problems, outcome, track, repairs => Vec::<()>::new() },
    )
}
