//! The timetable in the application: the forum's clash report and the
//! solver for its admins (solve, and save when no hard rule is broken),
//! and a repair a track's coordinator may ask to see proposed (never saved
//! by them: the admins solve and save on the timetable page).

use axum::extract::{Path, State};
use axum::response::Response;
use throughline_app::AppError;
use throughline_app::timetable::SolveOutcome;
use throughline_schedule::Weights;
use throughline_schedule::instance::Mode;

use crate::caller::Caller;
use crate::form::{CheckedForm, FormData};
use crate::respond::{WebError, page};
use crate::state::AppState;

/// The longest a solve asked for from the web may run, in seconds.
const MAX_WEB_SOLVE: f64 = 120.0;

/// `GET /manage/{forum}/timetable`
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(forum): Path<String>,
) -> Result<Response, WebError> {
    let problems: Vec<String> =
        state.app.clash_report(&caller.actor, &forum, None).await?.iter().map(|p| p.describe()).collect();
    page(&state, &caller, "timetable.html", crate::ctx! { forum, problems, outcome => None::<()>, track => None::<()> })
}

fn time_limit(form: &FormData) -> Result<f64, AppError> {
    match form.text("time_limit")?.trim() {
        "" => Ok(20.0),
        n => n.parse::<f64>().ok().filter(|s| *s > 0.0 && *s <= MAX_WEB_SOLVE).ok_or_else(|| {
            AppError::invalid("time_limit", format!("{n:?}: give a number of seconds from 1 to {MAX_WEB_SOLVE}"))
        }),
    }
}

fn outcome_context(outcome: &SolveOutcome) -> serde_json::Value {
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
        moves, saved => outcome.saved, status => s.status, seconds => format!("{:.1}", s.seconds),
        hard_violations => s.hard_violations, track_clashes => s.track_clashes, unplaced => s.unplaced,
        explanation => s.explanation,
    }
}

/// `POST /manage/{forum}/timetable/solve`: the admins' solve, saved when it breaks no hard rule.
pub async fn solve(
    State(state): State<AppState>,
    caller: Caller,
    Path(forum): Path<String>,
    CheckedForm(form): CheckedForm,
) -> Result<Response, WebError> {
    caller.actor.require(&throughline_app::Permission::Administer { forum: forum.clone() })?;
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
    let problems: Vec<String> =
        state.app.clash_report(&caller.actor, &forum, None).await?.iter().map(|p| p.describe()).collect();
    let outcome = outcome_context(&outcome);
    page(&state, &caller, "timetable.html", crate::ctx! { forum, problems, outcome, track => None::<()> })
}

/// `POST /manage/{forum}/tracks/{track}/repair`: a repair of the timetable
/// that moves as little as possible, proposed to the track's coordinator (not saved).
pub async fn propose_repair(
    State(state): State<AppState>,
    caller: Caller,
    Path((forum, track)): Path<(String, String)>,
    CheckedForm(form): CheckedForm,
) -> Result<Response, WebError> {
    caller.actor.require(&throughline_app::Permission::ManageTrack { forum: forum.clone(), track: track.clone() })?;
    let outcome = state
        .app
        .solve_timetable(
            &caller.actor,
            &forum,
            Some(&track),
            Mode::KeepPublished,
            Weights::default(),
            time_limit(&form)?,
            false,
        )
        .await?;
    let problems: Vec<String> =
        state.app.clash_report(&caller.actor, &forum, Some(&track)).await?.iter().map(|p| p.describe()).collect();
    let outcome = outcome_context(&outcome);
    page(&state, &caller, "timetable.html", crate::ctx! { forum, problems, outcome, track })
}
