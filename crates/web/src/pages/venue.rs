//! The secretariat's venue page: the forum's rooms (name, seats, remote
//! participation) and its slot grid, each edited as lines in a text area
//! and saved as a whole. A bad line or a list someone changed meanwhile
//! shows the page again with the message and what was typed.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use throughline_app::AppError;
use throughline_app::venue::{parse_rooms, parse_slots, room_line, slot_line};
use throughline_core::{Programme, Room, Slot};

use crate::caller::Caller;
use crate::form::{CheckedForm, FormData};
use crate::respond::{WebError, page_with_status, see_other};
use crate::state::AppState;

/// What the page shows: the lists as typed (or as stored), and a message.
struct Typed {
    rooms: Option<String>,
    slots: Option<String>,
    error: Option<(String, String)>,
}

fn render(
    state: &AppState,
    caller: &Caller,
    p: &Programme,
    typed: Typed,
    status: StatusCode,
) -> Result<Response, WebError> {
    let rooms_text = typed.rooms.unwrap_or_else(|| p.rooms.iter().map(room_line).collect::<Vec<_>>().join("\n"));
    let slots_text =
        typed.slots.unwrap_or_else(|| p.slots.iter().map(|s| slot_line(&p.forum, s)).collect::<Vec<_>>().join("\n"));
    let rooms_seen = serde_json::to_string(&p.rooms).map_err(|e| WebError::BadRequest(e.to_string()))?;
    let slots_seen = serde_json::to_string(&p.slots).map_err(|e| WebError::BadRequest(e.to_string()))?;
    let (error_field, error) = typed.error.unzip();
    page_with_status(
        state,
        caller,
        status,
        "venue.html",
        crate::ctx! {
            forum => p.forum.slug, name => p.forum.name, time_zone => p.forum.time_zone.name(),
            rooms => p.rooms, slots => p.slots.len(),
            rooms_text, slots_text, rooms_seen, slots_seen, error, error_field,
        },
    )
}

/// `GET /manage/{forum}/venue`
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(forum): Path<String>,
) -> Result<Response, WebError> {
    let p = state.app.venue(&caller.actor, &forum).await?;
    render(&state, &caller, &p, Typed { rooms: None, slots: None, error: None }, StatusCode::OK)
}

/// The list the form says the editor saw.
fn seen<T: serde::de::DeserializeOwned>(form: &FormData) -> Result<Vec<T>, AppError> {
    serde_json::from_str(&form.text("seen")?)
        .map_err(|_| AppError::invalid("seen", "the form is damaged: reload the page"))
}

/// Shows the page again with the error and the typed text, for errors about the input.
async fn again(
    state: &AppState,
    caller: &Caller,
    forum: &str,
    e: AppError,
    typed: Typed,
) -> Result<Response, WebError> {
    let status = match &e {
        AppError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::Conflict(_) => StatusCode::CONFLICT,
        _ => return Err(e.into()),
    };
    let p = state.app.venue(&caller.actor, forum).await?;
    let error = Some((e.field().unwrap_or("").to_string(), e.to_string()));
    render(state, caller, &p, Typed { error, ..typed }, status)
}

/// `POST /manage/{forum}/venue/rooms`
pub async fn save_rooms(
    State(state): State<AppState>,
    caller: Caller,
    Path(forum): Path<String>,
    CheckedForm(form): CheckedForm,
) -> Result<Response, WebError> {
    let text = form.text("rooms")?;
    let result = async {
        let rooms = parse_rooms(&text)?;
        let seen: Vec<Room> = seen(&form)?;
        state.app.replace_rooms(&caller.actor, &forum, &seen, &rooms).await
    }
    .await;
    match result {
        Ok(_) => Ok(see_other(&format!("/manage/{forum}/venue"))),
        Err(e) => again(&state, &caller, &forum, e, Typed { rooms: Some(text), slots: None, error: None }).await,
    }
}

/// `POST /manage/{forum}/venue/slots`
pub async fn save_slots(
    State(state): State<AppState>,
    caller: Caller,
    Path(forum): Path<String>,
    CheckedForm(form): CheckedForm,
) -> Result<Response, WebError> {
    let text = form.text("slots")?;
    let result = async {
        let p = state.app.venue(&caller.actor, &forum).await?;
        let slots = parse_slots(&p.forum, &text)?;
        let seen: Vec<Slot> = seen(&form)?;
        state.app.replace_slots(&caller.actor, &forum, &seen, &slots).await
    }
    .await;
    match result {
        Ok(_) => Ok(see_other(&format!("/manage/{forum}/venue"))),
        Err(e) => again(&state, &caller, &forum, e, Typed { rooms: None, slots: Some(text), error: None }).await,
    }
}
