//! The signed-in person's own page: their roles with a link to each place
//! they work in, their password, and their API tokens.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Serialize;
use throughline_core::AccountRole;

use crate::caller::Caller;
use crate::form::CheckedForm;
use crate::respond::{WebError, page, see_other};
use crate::state::AppState;

#[derive(Serialize)]
struct Place {
    role: &'static str,
    what: String,
    href: String,
}

fn require_user(caller: &Caller) -> Result<(), WebError> {
    if caller.signed_in() {
        Ok(())
    } else {
        Err(WebError::App(throughline_app::AppError::Forbidden("sign in first".into())))
    }
}

/// `GET /me`
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<std::collections::HashMap<String, String>>,
) -> Result<Response, WebError> {
    let Some(user) = caller.actor.user() else { return Ok(see_other("/sign-in")) };
    let mut places = Vec::new();
    for g in &user.grants {
        let forum = &g.forum;
        let enc = |s: &str| form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>().replace('+', "%20");
        let (what, href) = match g.role {
            AccountRole::Admin => (format!("Forum {forum}"), format!("/manage/{forum}")),
            AccountRole::Coordinator => {
                (format!("Track {} ({forum})", g.scope), format!("/manage/{forum}/tracks/{}", enc(&g.scope)))
            }
            AccountRole::Organiser | AccountRole::Rapporteur => {
                (format!("Session {} ({forum})", g.scope), format!("/manage/{forum}/sessions/{}", enc(&g.scope)))
            }
            AccountRole::Participant => (format!("Your agenda in {forum}"), format!("/agenda/{forum}")),
        };
        places.push(Place { role: g.role.label(), what, href });
    }
    // A coordinator curates the forum's mechanism registry (it spans tracks): one link per forum.
    let mut curated: Vec<&str> =
        user.grants.iter().filter(|g| g.role == AccountRole::Coordinator).map(|g| g.forum.as_str()).collect();
    curated.sort_unstable();
    curated.dedup();
    for forum in curated {
        places.push(Place {
            role: AccountRole::Coordinator.label(),
            what: format!("Cooperation mechanisms ({forum})"),
            href: format!("/manage/{forum}/mechanisms"),
        });
    }
    let tokens = state.app.api_tokens(&caller.actor).await?;
    page(
        &state,
        &caller,
        "me.html",
        crate::ctx! {
            places, tokens,
            has_password => user.password_hash.is_some(),
            welcome => query.contains_key("welcome"),
            new_token => query.get("token").filter(|t| t.starts_with("tl_")).cloned(),
        },
    )
}

/// `POST /me/password`
pub async fn set_password(
    State(state): State<AppState>,
    caller: Caller,
    CheckedForm(form): CheckedForm,
) -> Result<Response, WebError> {
    require_user(&caller)?;
    let password = form.required("password")?;
    if password != form.text("confirm")? {
        return Err(WebError::App(throughline_app::AppError::invalid("confirm", "the two passwords differ")));
    }
    state.app.set_password(&caller.actor, &password).await?;
    Ok(see_other("/me"))
}

/// `POST /me/tokens`: makes a token and shows it once.
pub async fn create_token(
    State(state): State<AppState>,
    caller: Caller,
    CheckedForm(form): CheckedForm,
) -> Result<Response, WebError> {
    require_user(&caller)?;
    let (_, secret) = state.app.create_api_token(&caller.actor, &form.text("name")?, state.now()).await?;
    let tokens = state.app.api_tokens(&caller.actor).await?;
    page(
        &state,
        &caller,
        "me.html",
        crate::ctx! { places => Vec::<Place>::new(), tokens, has_password => true, new_token => secret },
    )
}

/// `POST /me/tokens/{id}/revoke`
pub async fn revoke_token(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    CheckedForm(_): CheckedForm,
) -> Result<Response, WebError> {
    require_user(&caller)?;
    state.app.revoke_api_token(&caller.actor, &id).await?;
    Ok(see_other("/me"))
}
