//! Signing in (by password, or by the one-time link of an invitation) and
//! out. Every sign-in ends the visitor's old web session and begins a new
//! one, so a session id planted before sign-in is worth nothing after it.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::Response;
use throughline_app::accounts::SESSION_LIFETIME;

use crate::caller::{Caller, SESSION_COOKIE};
use crate::form::CheckedForm;
use crate::respond::{WebError, page, see_other};
use crate::state::AppState;

/// The Set-Cookie value for a web session id (or, with None, one that deletes the cookie).
fn session_cookie(state: &AppState, id: Option<&str>) -> HeaderValue {
    let secure = if state.config.secure_cookies() { "; Secure" } else { "" };
    let value = match id {
        Some(id) => format!(
            "{SESSION_COOKIE}={id}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
            SESSION_LIFETIME.as_secs()
        ),
        None => format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"),
    };
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// Ensures the visitor has a web session (anonymous if need be) so forms can carry a CSRF token.
async fn with_session(state: &AppState, caller: &mut Caller) -> Result<Option<HeaderValue>, WebError> {
    if caller.session.is_some() {
        return Ok(None);
    }
    let s = state.app.begin_web_session(None, state.now()).await?;
    caller.session = Some(crate::caller::BrowserSession { id: s.id.clone(), csrf_token: s.csrf_token });
    Ok(Some(session_cookie(state, Some(&s.id))))
}

fn set_cookie(mut response: Response, cookie: Option<HeaderValue>) -> Response {
    if let Some(c) = cookie {
        response.headers_mut().append(header::SET_COOKIE, c);
    }
    response
}

/// `GET /sign-in`
pub async fn form(State(state): State<AppState>, mut caller: Caller) -> Result<Response, WebError> {
    let cookie = with_session(&state, &mut caller).await?;
    Ok(set_cookie(page(&state, &caller, "sign_in.html", crate::ctx! { email => "" })?, cookie))
}

/// Ends the caller's current web session and begins a signed-in one; the response redirects to `to`.
async fn begin(state: &AppState, caller: &Caller, user_id: &str, to: &str) -> Result<Response, WebError> {
    let now = state.now();
    if let Some(old) = &caller.session {
        state.app.end_web_session(&old.id, now).await?;
    }
    let new = state.app.begin_web_session(Some(user_id), now).await?;
    Ok(set_cookie(see_other(to), Some(session_cookie(state, Some(&new.id)))))
}

/// `POST /sign-in`
pub async fn submit(
    State(state): State<AppState>,
    caller: Caller,
    CheckedForm(form): CheckedForm,
) -> Result<Response, WebError> {
    let email = form.required("email")?;
    let password = form.text("password")?;
    match state.app.sign_in(&email, &password, &caller.address, state.now()).await {
        Ok(user) => begin(&state, &caller, &user.id, "/me").await,
        Err(e) => {
            let status = WebError::App(e).status();
            let message = match status.as_u16() {
                429 => "Too many failed sign-ins: wait 15 minutes, or ask the secretariat for a sign-in link.",
                _ => "The e-mail address and password do not match an account.",
            };
            crate::respond::page_with_status(
                &state,
                &caller,
                status,
                "sign_in.html",
                crate::ctx! { email, error => message },
            )
        }
    }
}

/// `GET /sign-in/link/{token}`: asks to confirm (a link preview must not use the link up).
pub async fn link_form(
    State(state): State<AppState>,
    mut caller: Caller,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    let cookie = with_session(&state, &mut caller).await?;
    Ok(set_cookie(page(&state, &caller, "sign_in_link.html", crate::ctx! { token })?, cookie))
}

/// `POST /sign-in/link/{token}`
pub async fn link_submit(
    State(state): State<AppState>,
    caller: Caller,
    Path(token): Path<String>,
    CheckedForm(_): CheckedForm,
) -> Result<Response, WebError> {
    let user = state.app.sign_in_with_link(&token, state.now()).await?;
    let to = if user.password_hash.is_none() { "/me?welcome=1" } else { "/me" };
    begin(&state, &caller, &user.id, to).await
}

/// `POST /sign-out`
pub async fn sign_out(
    State(state): State<AppState>,
    caller: Caller,
    CheckedForm(_): CheckedForm,
) -> Result<Response, WebError> {
    if let Some(s) = &caller.session {
        state.app.end_web_session(&s.id, state.now()).await?;
    }
    Ok(set_cookie(see_other("/"), Some(session_cookie(&state, None))))
}
