//! Who is calling: the account behind the session cookie or the bearer
//! token, or an anonymous visitor; and the CSRF check every state-changing
//! form goes through. Credentials (how a caller proves who it is) live here;
//! what the caller may do is decided by `throughline_app::access`.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::http::request::Parts;
use jiff::Timestamp;
use throughline_app::secrets::same_secret;
use throughline_app::{Actor, AppError};

use crate::form::FormData;
use crate::respond::WebError;
use crate::state::AppState;

/// The cookie that carries the web session's id.
pub const SESSION_COOKIE: &str = "tl_session";

/// The web session a request came with.
#[derive(Debug, Clone)]
pub struct BrowserSession {
    pub id: String,
    pub csrf_token: String,
}

#[derive(Debug, Clone)]
pub struct Caller {
    pub actor: Actor,
    pub session: Option<BrowserSession>,
    /// Signed in with a bearer token (API): no cookie, so no CSRF to fear.
    pub bearer: bool,
    /// The peer's address, for the sign-in rate limit.
    pub address: String,
}

impl Caller {
    /// Ok when the form carries the session's CSRF token (always for bearer callers).
    pub fn check_csrf(&self, form: &FormData) -> Result<(), WebError> {
        self.check_csrf_token(&form.text("csrf").unwrap_or_default())
    }

    pub fn check_csrf_token(&self, token: &str) -> Result<(), WebError> {
        if self.bearer {
            return Ok(());
        }
        match &self.session {
            Some(s) if !token.is_empty() && same_secret(&s.csrf_token, token) => Ok(()),
            _ => Err(WebError::Csrf),
        }
    }

    pub fn csrf_token(&self) -> &str {
        self.session.as_ref().map_or("", |s| s.csrf_token.as_str())
    }

    pub fn signed_in(&self) -> bool {
        self.actor.user().is_some()
    }
}

/// The value of one cookie in the request.
pub fn cookie(parts: &Parts, name: &str) -> Option<String> {
    parts.headers.get_all(COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|pair| {
        let (k, v) = pair.trim().split_once('=')?;
        (k == name).then(|| v.to_string())
    })
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = WebError;

    /// Proves who calls once per request: a second extraction (a handler's
    /// `Caller` and its `CheckedForm`) reuses the first.
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Caller, WebError> {
        if let Some(caller) = parts.extensions.get::<Caller>() {
            return Ok(caller.clone());
        }
        let caller = Self::prove(parts, state).await?;
        parts.extensions.insert(caller.clone());
        Ok(caller)
    }
}

impl Caller {
    async fn prove(parts: &mut Parts, state: &AppState) -> Result<Caller, WebError> {
        let address = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or_else(|| "unknown".to_string(), |ConnectInfo(a)| a.ip().to_string());
        if let Some(auth) = parts.headers.get(AUTHORIZATION) {
            let token = auth.to_str().ok().and_then(|v| v.strip_prefix("Bearer ")).map(str::trim).unwrap_or("");
            let user = state.app.user_by_api_token(token).await?;
            let Some(user) = user else {
                return Err(WebError::App(AppError::SignIn("the bearer token is unknown or revoked".into())));
            };
            return Ok(Caller { actor: Actor::User(user), session: None, bearer: true, address });
        }
        let mut caller = Caller { actor: Actor::Anonymous, session: None, bearer: false, address };
        if let Some(id) = cookie(parts, SESSION_COOKIE)
            && id.len() == 64
            && id.bytes().all(|b| b.is_ascii_hexdigit())
            && let Some((session, user)) = state.app.web_session(&id, Timestamp::now()).await?
        {
            caller.session = Some(BrowserSession { id, csrf_token: session.csrf_token });
            if let Some(user) = user {
                caller.actor = Actor::User(user);
            }
        }
        Ok(caller)
    }
}
