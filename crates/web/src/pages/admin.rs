//! The secretariat's pages for one forum: publishing, tracks, users and
//! invitations (one by one or from a CSV of organisers), importing a
//! programme file (all or nothing, with the CLI's line-numbered errors),
//! and the audit log.

use axum::extract::{Multipart, Path, Query, State};
use axum::response::Response;
use serde::Serialize;
use throughline_app::curation::{NewTrack, track_lines};
use throughline_app::{AppError, Permission};
use throughline_core::audit::EntityKind;
use throughline_core::{AccountRole, Grant};
use throughline_formats::ImportOptions;

use crate::caller::Caller;
use crate::form::{CheckedForm, FormData};
use crate::respond::{WebError, page, see_other};
use crate::state::AppState;

/// The largest file the import and CSV forms take.
pub const MAX_UPLOAD: usize = 20 * 1024 * 1024;

fn require_admin(caller: &Caller, forum: &str) -> Result<(), WebError> {
    Ok(caller.actor.require(&Permission::Administer { forum: forum.to_string() })?)
}

/// `GET /manage/{forum}`
pub async fn home(
    State(state): State<AppState>,
    caller: Caller,
    Path(forum): Path<String>,
) -> Result<Response, WebError> {
    require_admin(&caller, &forum)?;
    let p = state.app.programme(&forum).await?;
    let publication = state.app.store().latest_publication(&forum).await?;
    let published =
        publication.map(|x| crate::ctx! { number => x.number, at => x.published_at.to_string(), by => x.published_by });
    let problems = state.app.clash_report(&caller.actor, &forum, None).await?.len();
    page(
        &state,
        &caller,
        "admin.html",
        crate::ctx! { forum, name => p.forum.name, tracks => track_lines(&p), sessions => p.sessions.len(), published, problems },
    )
}

/// `POST /manage/{forum}/publish`
pub async fn publish(
    State(state): State<AppState>,
    caller: Caller,
    Path(forum): Path<String>,
    CheckedForm(_): CheckedForm,
) -> Result<Response, WebError> {
    state.app.publish(&caller.actor, &forum, state.now()).await?;
    Ok(see_other(&format!("/manage/{forum}?published=1")))
}

/// `POST /manage/{forum}/tracks`
pub async fn create_track(
    State(state): State<AppState>,
    caller: Caller,
    Path(forum): Path<String>,
    CheckedForm(form): CheckedForm,
) -> Result<Response, WebError> {
    let slug = form.text("slug")?;
    let new = NewTrack {
        title: form.required("title")?,
        slug: (!slug.trim().is_empty()).then(|| slug.trim().to_string()),
        narrative: form.text("narrative")?,
        seed_terms: form.lines("seed_terms")?,
    };
    let track = state.app.create_track(&caller.actor, &forum, new).await?;
    Ok(see_other(&format!("/manage/{forum}/tracks/{}", track.slug)))
}

#[derive(Serialize)]
struct UserRow {
    email: String,
    name: String,
    roles: Vec<(String, String, String)>,
}

/// `GET /manage/{forum}/users`
pub async fn users(
    State(state): State<AppState>,
    caller: Caller,
    Path(forum): Path<String>,
) -> Result<Response, WebError> {
    let users = state.app.users(&caller.actor, &forum).await?;
    let rows: Vec<UserRow> = users
        .into_iter()
        .map(|u| UserRow {
            roles: u
                .grants
                .iter()
                .filter(|g| g.forum == forum)
                .map(|g| (g.role.code().to_string(), g.role.label().to_string(), g.scope.clone()))
                .collect(),
            email: u.email,
            name: u.name,
        })
        .collect();
    let roles: Vec<(&str, &str)> = AccountRole::ALL.iter().map(|r| (r.code(), r.label())).collect();
    page(&state, &caller, "users.html", crate::ctx! { forum, users => rows, roles })
}

/// The role a form names (`role`, and `scope`: the track or session it is for) in this forum.
fn grant_of(form: &FormData, forum: &str) -> Result<Grant, AppError> {
    let role = AccountRole::parse(&form.required("role")?).map_err(|e| AppError::invalid("role", e.to_string()))?;
    Grant::new(forum, role, Some(&form.text("scope")?)).map_err(|e| AppError::invalid("scope", e.to_string()))
}

/// `POST /manage/{forum}/users/invite`: e-mail addresses (one a line), a role and its track or session.
pub async fn invite(
    State(state): State<AppState>,
    caller: Caller,
    Path(forum): Path<String>,
    CheckedForm(form): CheckedForm,
) -> Result<Response, WebError> {
    let grant = grant_of(&form, &forum)?;
    let emails = form.lines("emails")?;
    let invitations = state.app.invite(&caller.actor, &grant, &emails, state.now()).await?;
    page(&state, &caller, "invitations.html", crate::ctx! { forum, invitations })
}

/// `POST /manage/{forum}/users/remove-role`
pub async fn remove_role(
    State(state): State<AppState>,
    caller: Caller,
    Path(forum): Path<String>,
    CheckedForm(form): CheckedForm,
) -> Result<Response, WebError> {
    let grant = grant_of(&form, &forum)?;
    state.app.remove_grant(&caller.actor, &form.required("email")?, &grant).await?;
    Ok(see_other(&format!("/manage/{forum}/users")))
}

/// The fields of a multipart form: text fields, and the one file (name, bytes).
async fn read_multipart(mut multipart: Multipart) -> Result<(FormData, Option<(String, Vec<u8>)>), WebError> {
    let mut fields = Vec::new();
    let mut file = None;
    while let Some(field) =
        multipart.next_field().await.map_err(|e| WebError::BadRequest(format!("the form could not be read: {e}")))?
    {
        let name = field.name().unwrap_or("").to_string();
        if let Some(file_name) = field.file_name().map(str::to_string) {
            let bytes =
                field.bytes().await.map_err(|e| WebError::BadRequest(format!("the file could not be read: {e}")))?;
            if bytes.len() > MAX_UPLOAD {
                return Err(AppError::invalid(&name, format!("is larger than {} MB", MAX_UPLOAD / 1024 / 1024)).into());
            }
            if !bytes.is_empty() {
                file = Some((file_name, bytes.to_vec()));
            }
        } else {
            let text =
                field.text().await.map_err(|e| WebError::BadRequest(format!("the form could not be read: {e}")))?;
            fields.push((name, text));
        }
    }
    Ok((FormData::from_pairs(fields), file))
}

/// `POST /manage/{forum}/users/invite-csv`: a CSV of organisers (email, session, name, role).
pub async fn invite_csv(
    State(state): State<AppState>,
    caller: Caller,
    Path(forum): Path<String>,
    multipart: Multipart,
) -> Result<Response, WebError> {
    let (form, file) = read_multipart(multipart).await?;
    caller.check_csrf(&form)?;
    require_admin(&caller, &forum)?;
    let (name, bytes) = file.ok_or_else(|| AppError::invalid("file", "choose a CSV file"))?;
    let invitations = state.app.invite_from_csv(&caller.actor, &forum, &name, &bytes, state.now()).await?;
    page(&state, &caller, "invitations.html", crate::ctx! { forum, invitations })
}

/// `GET /manage/{forum}/import`
pub async fn import_form(
    State(state): State<AppState>,
    caller: Caller,
    Path(forum): Path<String>,
) -> Result<Response, WebError> {
    require_admin(&caller, &forum)?;
    page(&state, &caller, "import.html", crate::ctx! { forum })
}

/// `POST /manage/{forum}/import`: a programme file into this forum, all or nothing.
pub async fn import(
    State(state): State<AppState>,
    caller: Caller,
    Path(forum): Path<String>,
    multipart: Multipart,
) -> Result<Response, WebError> {
    let (form, file) = read_multipart(multipart).await?;
    caller.check_csrf(&form)?;
    require_admin(&caller, &forum)?;
    let (name, bytes) = file.ok_or_else(|| AppError::invalid("file", "choose a programme file"))?;
    let options = ImportOptions { forum: Some(forum.clone()), time_zone: None };
    let result = state.app.import(&caller.actor, &name, &bytes, &options).await?;
    page(&state, &caller, "import.html", crate::ctx! { forum, result })
}

/// `GET /manage/{forum}/audit?entity=&actor=`
pub async fn audit(
    State(state): State<AppState>,
    caller: Caller,
    Path(forum): Path<String>,
    Query(query): Query<std::collections::HashMap<String, String>>,
) -> Result<Response, WebError> {
    let entity = match query.get("entity").map(String::as_str) {
        None | Some("") => None,
        Some(e) => Some(EntityKind::parse(e).map_err(|e| AppError::invalid("entity", e.to_string()))?),
    };
    let who = query.get("actor").map(String::as_str).filter(|a| !a.is_empty());
    let mut events = state.app.audit_trail(&caller.actor, &forum, entity, who, 500).await?;
    for e in &mut events {
        for value in [&mut e.old, &mut e.new].into_iter().flatten() {
            if value.chars().count() > 300 {
                *value = value.chars().take(300).chain(['…']).collect();
            }
        }
    }
    let kinds: Vec<(&str, &str)> = EntityKind::ALL.iter().map(|k| (k.code(), k.label())).collect();
    page(
        &state,
        &caller,
        "audit.html",
        crate::ctx! { forum, events, kinds, entity => entity.map(|e| e.code()), actor => who },
    )
}
