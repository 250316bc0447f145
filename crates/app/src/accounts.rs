//! Accounts: adding people with their roles, invitations that hand out a
//! one-time sign-in link (no mail server needed: the link is printed or
//! listed for the admin to pass on), signing in by password or link with a
//! rate limit per account and per address, web sessions, API tokens.

use jiff::{SignedDuration, Timestamp};
use throughline_core::{AccountRole, Grant, ScopeKind};
use throughline_store::{ApiToken, User, WebSession};

use crate::App;
use crate::access::Permission;
use crate::actor::Actor;
use crate::error::AppError;
use crate::secrets::{hash_password, random_token, token_hash, verify_password};

/// How long a sign-in link from an invitation stays good.
pub const INVITATION_LIFETIME: SignedDuration = SignedDuration::from_hours(24 * 14);
/// How long a web session lasts without signing in again.
pub const SESSION_LIFETIME: SignedDuration = SignedDuration::from_hours(24 * 7);
/// Failed sign-ins allowed per account, and per address, in [`FAILURE_WINDOW`].
pub const FAILURES_PER_ACCOUNT: i64 = 5;
pub const FAILURES_PER_ADDRESS: i64 = 20;
pub const FAILURE_WINDOW: SignedDuration = SignedDuration::from_mins(15);
/// The shortest password accepted.
pub const MIN_PASSWORD: usize = 10;

/// A new account's details as entered.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: String,
    pub name: String,
    pub password: Option<String>,
    pub grants: Vec<Grant>,
}

/// An invitation handed out: whom, and the one-time link (a path to append to the server's address).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Invitation {
    pub email: String,
    pub created: bool,
    pub grant: String,
    pub link: String,
}

/// A web session just begun: the id for the cookie (never stored in clear) and its CSRF token.
#[derive(Debug, Clone)]
pub struct NewWebSession {
    pub id: String,
    pub csrf_token: String,
    pub expires_at: Timestamp,
}

/// An e-mail address in the form accounts are keyed by, or an error naming the field.
pub fn normalise_email(email: &str) -> Result<String, AppError> {
    let e = email.trim().to_lowercase();
    let valid = e.len() <= 254
        && e.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
        })
        && !e.chars().any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>' || c == ',');
    if valid { Ok(e) } else { Err(AppError::invalid("email", format!("{:?} is not an e-mail address", email.trim()))) }
}

fn check_password(password: &str) -> Result<(), AppError> {
    let n = password.chars().count();
    if n < MIN_PASSWORD {
        return Err(AppError::invalid("password", format!("needs at least {MIN_PASSWORD} characters")));
    }
    if n > 1000 {
        return Err(AppError::invalid("password", "is longer than 1000 characters"));
    }
    Ok(())
}

impl App {
    /// Checks that a grant names a forum, and a track or session of it, that exist.
    pub async fn check_grant(&self, grant: &Grant) -> Result<(), AppError> {
        let p = self
            .programme(&grant.forum)
            .await
            .map_err(|_| AppError::invalid("forum", format!("no forum {:?}", grant.forum)))?;
        match grant.role.scope_kind() {
            Some(ScopeKind::Track) if p.tracks.iter().all(|t| t.slug != grant.scope) => {
                Err(AppError::invalid("track", format!("no track {:?} in forum {:?}", grant.scope, grant.forum)))
            }
            Some(ScopeKind::Session) if p.session(&grant.scope).is_none() => {
                Err(AppError::invalid("session", format!("no session {:?} in forum {:?}", grant.scope, grant.forum)))
            }
            _ => Ok(()),
        }
    }

    fn require_admin_of(actor: &Actor, grants: &[Grant]) -> Result<(), AppError> {
        for g in grants {
            actor.require(&Permission::Administer { forum: g.forum.clone() })?;
        }
        Ok(())
    }

    /// Adds an account (or gives an existing one more roles). Only the
    /// operator, or an admin of every forum the roles are in, may.
    pub async fn add_user(&self, actor: &Actor, new: NewUser, now: Timestamp) -> Result<User, AppError> {
        Self::require_admin_of(actor, &new.grants)?;
        if new.grants.is_empty() && !matches!(actor, Actor::Operator(_)) {
            return Err(AppError::invalid("role", "give the account a role in your forum"));
        }
        let email = normalise_email(&new.email)?;
        for g in &new.grants {
            self.check_grant(g).await?;
        }
        if let Some(existing) = self.store.user_by_email(&email).await? {
            self.store.add_grants(&existing.id, &new.grants, &actor.audit_name()).await?;
            return Ok(self.store.user_by_id(&existing.id).await?.unwrap_or(existing));
        }
        let password_hash = match &new.password {
            Some(p) => {
                check_password(p)?;
                Some(hash_password(p)?)
            }
            None => None,
        };
        let name = new.name.trim();
        if name.chars().count() > 200 {
            return Err(AppError::invalid("name", "is longer than 200 characters"));
        }
        let user = User {
            id: random_token()[..24].to_string(),
            name: if name.is_empty() { email.clone() } else { name.to_string() },
            email,
            password_hash,
            created_at: now,
            grants: new.grants,
        };
        self.store.create_user(&user, &actor.audit_name()).await?;
        Ok(user)
    }

    /// Invites people by e-mail address to one role: creates the accounts
    /// that do not exist, gives the role, and returns a one-time sign-in link for each.
    pub async fn invite(
        &self,
        actor: &Actor,
        grant: &Grant,
        emails: &[String],
        now: Timestamp,
    ) -> Result<Vec<Invitation>, AppError> {
        actor.require(&Permission::Administer { forum: grant.forum.clone() })?;
        self.check_grant(grant).await?;
        if emails.is_empty() {
            return Err(AppError::invalid("email", "name at least one e-mail address"));
        }
        let emails: Vec<String> = emails.iter().map(|e| normalise_email(e)).collect::<Result<_, _>>()?;
        let mut out = Vec::new();
        for email in emails {
            out.push(self.invite_one(actor, email, String::new(), grant.clone(), now).await?);
        }
        Ok(out)
    }

    /// Invites the organisers listed in a CSV file (columns `email`, `session`,
    /// optional `name` and `role`: organiser by default, or rapporteur),
    /// all or nothing: every row is checked before anyone is invited.
    pub async fn invite_from_csv(
        &self,
        actor: &Actor,
        forum: &str,
        file: &str,
        bytes: &[u8],
        now: Timestamp,
    ) -> Result<Vec<Invitation>, AppError> {
        actor.require(&Permission::Administer { forum: forum.to_string() })?;
        let p = self.programme(forum).await?;
        let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(bytes);
        let located =
            |line: u64, field: &str, message: String| AppError::invalid(&format!("{file}:{line}: {field}"), message);
        let headers = reader.headers().map_err(|e| located(1, "header", e.to_string()))?.clone();
        let column = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
        let (Some(email_col), Some(session_col)) = (column("email"), column("session")) else {
            return Err(located(1, "header", "needs the columns email and session".into()));
        };
        let (name_col, role_col) = (column("name"), column("role"));
        let mut rows = Vec::new();
        for (i, record) in reader.records().enumerate() {
            let line = i as u64 + 2;
            let record = record.map_err(|e| located(line, "row", e.to_string()))?;
            let cell = |c: Option<usize>| c.and_then(|c| record.get(c)).unwrap_or("").to_string();
            let email = normalise_email(&cell(Some(email_col))).map_err(|e| located(line, "email", e.to_string()))?;
            let session = cell(Some(session_col));
            if p.session(&session).is_none() {
                return Err(located(line, "session", format!("no session {session:?} in forum {forum:?}")));
            }
            let role = match cell(role_col).as_str() {
                "" => AccountRole::Organiser,
                r => match AccountRole::parse(r) {
                    Ok(role @ (AccountRole::Organiser | AccountRole::Rapporteur)) => role,
                    _ => return Err(located(line, "role", format!("{r:?} is not organiser or rapporteur"))),
                },
            };
            let grant = Grant::new(forum, role, Some(&session)).map_err(|e| located(line, "session", e.to_string()))?;
            rows.push((email, cell(name_col), grant));
        }
        if rows.is_empty() {
            return Err(located(1, "file", "lists nobody to invite".into()));
        }
        let mut out = Vec::new();
        for (email, name, grant) in rows {
            out.push(self.invite_one(actor, email, name, grant, now).await?);
        }
        Ok(out)
    }

    /// Gives one (normalised) address the role, making the account where
    /// missing, and a new one-time sign-in link.
    async fn invite_one(
        &self,
        actor: &Actor,
        email: String,
        name: String,
        grant: Grant,
        now: Timestamp,
    ) -> Result<Invitation, AppError> {
        let created = self.store.user_by_email(&email).await?.is_none();
        let description = grant.describe();
        let user = self
            .add_user(actor, NewUser { email: email.clone(), name, password: None, grants: vec![grant] }, now)
            .await?;
        let link = self.sign_in_link(&user.id, now).await?;
        Ok(Invitation { email, created, grant: description, link })
    }

    /// A new one-time sign-in link for an account: `/sign-in/link/TOKEN`.
    async fn sign_in_link(&self, user_id: &str, now: Timestamp) -> Result<String, AppError> {
        let token = random_token();
        let expires = now.checked_add(INVITATION_LIFETIME).unwrap_or(now);
        self.store.add_sign_in_link(&token_hash(&token), user_id, now, expires).await?;
        Ok(format!("/sign-in/link/{token}"))
    }

    /// Accounts with a role in the forum (admins of it only).
    pub async fn users(&self, actor: &Actor, forum: &str) -> Result<Vec<User>, AppError> {
        actor.require(&Permission::Administer { forum: forum.to_string() })?;
        Ok(self.store.users(Some(forum)).await?)
    }

    /// Every account (the operator only).
    pub async fn all_users(&self, actor: &Actor) -> Result<Vec<User>, AppError> {
        if !matches!(actor, Actor::Operator(_)) {
            return Err(AppError::Forbidden("only the operator lists every account".into()));
        }
        Ok(self.store.users(None).await?)
    }

    /// Takes a role from an account (the account stays).
    pub async fn remove_grant(&self, actor: &Actor, email: &str, grant: &Grant) -> Result<(), AppError> {
        actor.require(&Permission::Administer { forum: grant.forum.clone() })?;
        let user = self.user_named(email).await?;
        if !self.store.remove_grant(&user.id, grant, &actor.audit_name()).await? {
            return Err(AppError::NotFound(format!("{email} is not {}", grant.describe())));
        }
        Ok(())
    }

    /// Removes an account with all its roles (the operator only).
    pub async fn remove_user(&self, actor: &Actor, email: &str) -> Result<(), AppError> {
        if !matches!(actor, Actor::Operator(_)) {
            return Err(AppError::Forbidden("only the operator removes accounts".into()));
        }
        let user = self.user_named(email).await?;
        self.store.remove_user(&user.id, &actor.audit_name()).await?;
        Ok(())
    }

    async fn user_named(&self, email: &str) -> Result<User, AppError> {
        let email = normalise_email(email)?;
        self.store.user_by_email(&email).await?.ok_or_else(|| AppError::NotFound(format!("no account {email}")))
    }

    /// Signs in with e-mail address and password, at most
    /// [`FAILURES_PER_ACCOUNT`] failures per account and
    /// [`FAILURES_PER_ADDRESS`] per address in [`FAILURE_WINDOW`].
    pub async fn sign_in(&self, email: &str, password: &str, address: &str, now: Timestamp) -> Result<User, AppError> {
        let email = email.trim().to_lowercase();
        let subjects = [format!("account:{email}"), format!("address:{address}")];
        let since = now.checked_sub(FAILURE_WINDOW).unwrap_or(now);
        if self.store.sign_in_failures(&subjects[0], since).await? >= FAILURES_PER_ACCOUNT
            || self.store.sign_in_failures(&subjects[1], since).await? >= FAILURES_PER_ADDRESS
        {
            return Err(AppError::RateLimited(
                "too many failed sign-ins: wait 15 minutes, or ask the secretariat for a sign-in link".into(),
            ));
        }
        let user = self.store.user_by_email(&email).await?;
        let good = match &user {
            Some(u) => u.password_hash.as_deref().is_some_and(|h| verify_password(password, h)),
            None => {
                // Spend the same time as a real check, so timing does not tell which addresses have accounts.
                let _ = verify_password(password, DUMMY_HASH);
                false
            }
        };
        match user {
            Some(u) if good => {
                self.store.clear_sign_in_failures(&subjects[0]).await?;
                Ok(u)
            }
            _ => {
                self.store.record_sign_in_failure(&subjects, now).await?;
                Err(AppError::SignIn("the e-mail address and password do not match an account".into()))
            }
        }
    }

    /// Signs in with a one-time link from an invitation.
    pub async fn sign_in_with_link(&self, token: &str, now: Timestamp) -> Result<User, AppError> {
        let user_id = self.store.use_sign_in_link(&token_hash(token), now).await?;
        let user = match user_id {
            Some(id) => self.store.user_by_id(&id).await?,
            None => None,
        };
        user.ok_or_else(|| {
            AppError::SignIn("this sign-in link is unknown, used already or expired: ask for a new one".into())
        })
    }

    /// Sets the signed-in user's password.
    pub async fn set_password(&self, actor: &Actor, password: &str) -> Result<(), AppError> {
        let user = actor.user().ok_or_else(|| AppError::Forbidden("sign in to set a password".into()))?;
        check_password(password)?;
        self.store.set_password_hash(&user.id, &hash_password(password)?).await?;
        Ok(())
    }

    /// Sets another account's password: only the operator at the terminal may
    /// (a forgotten password otherwise takes a new sign-in link).
    pub async fn reset_password(&self, actor: &Actor, email: &str, password: &str) -> Result<(), AppError> {
        if !matches!(actor, Actor::Operator(_)) {
            return Err(AppError::Forbidden("only the operator may set another account's password".into()));
        }
        let email = normalise_email(email)?;
        let user =
            self.store.user_by_email(&email).await?.ok_or_else(|| AppError::NotFound(format!("no account {email}")))?;
        check_password(password)?;
        self.store.set_password_hash(&user.id, &hash_password(password)?).await?;
        Ok(())
    }

    /// Begins a web session (signed in, or anonymous to carry a CSRF token for the sign-in form).
    pub async fn begin_web_session(&self, user_id: Option<&str>, now: Timestamp) -> Result<NewWebSession, AppError> {
        let (id, csrf_token) = (random_token(), random_token());
        let expires_at = now.checked_add(SESSION_LIFETIME).unwrap_or(now);
        self.store.create_web_session(&token_hash(&id), user_id, &csrf_token, now, expires_at).await?;
        Ok(NewWebSession { id, csrf_token, expires_at })
    }

    /// The web session behind a cookie's id, with its account, if both still exist.
    pub async fn web_session(&self, id: &str, now: Timestamp) -> Result<Option<(WebSession, Option<User>)>, AppError> {
        let Some(session) = self.store.web_session(&token_hash(id), now).await? else { return Ok(None) };
        let user = match &session.user_id {
            Some(uid) => match self.store.user_by_id(uid).await? {
                Some(u) => Some(u),
                None => return Ok(None),
            },
            None => None,
        };
        Ok(Some((session, user)))
    }

    pub async fn end_web_session(&self, id: &str, now: Timestamp) -> Result<(), AppError> {
        Ok(self.store.end_web_session(&token_hash(id), now).await?)
    }

    /// Makes an API token for the signed-in user; the token is shown once.
    pub async fn create_api_token(
        &self,
        actor: &Actor,
        name: &str,
        now: Timestamp,
    ) -> Result<(ApiToken, String), AppError> {
        let user = actor.user().ok_or_else(|| AppError::Forbidden("sign in to make an API token".into()))?;
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(AppError::invalid("name", "give the token a name of 1 to 100 characters"));
        }
        let secret = format!("tl_{}", random_token());
        let token = ApiToken { id: random_token()[..16].to_string(), name: name.to_string(), created_at: now };
        self.store.create_api_token(&token, &token_hash(&secret), &user.id).await?;
        Ok((token, secret))
    }

    pub async fn api_tokens(&self, actor: &Actor) -> Result<Vec<ApiToken>, AppError> {
        let user = actor.user().ok_or_else(|| AppError::Forbidden("sign in to see your API tokens".into()))?;
        Ok(self.store.api_tokens(&user.id).await?)
    }

    pub async fn revoke_api_token(&self, actor: &Actor, id: &str) -> Result<(), AppError> {
        let user = actor.user().ok_or_else(|| AppError::Forbidden("sign in to revoke an API token".into()))?;
        if !self.store.revoke_api_token(&user.id, id).await? {
            return Err(AppError::NotFound(format!("you have no API token {id:?}")));
        }
        Ok(())
    }

    /// The account that owns a bearer token.
    pub async fn user_by_api_token(&self, secret: &str) -> Result<Option<User>, AppError> {
        Ok(self.store.user_by_token_hash(&token_hash(secret)).await?)
    }

    /// The session codes on the actor's agenda in a forum.
    pub async fn agenda(&self, actor: &Actor, forum: &str) -> Result<Vec<String>, AppError> {
        actor.require(&Permission::KeepAgenda { forum: forum.to_string() })?;
        let user = actor.user().ok_or_else(|| AppError::Forbidden("sign in to keep an agenda".into()))?;
        Ok(self.store.agenda(&user.id, forum).await?)
    }

    /// Adds a published session to the actor's agenda, or removes it.
    pub async fn set_agenda_item(
        &self,
        actor: &Actor,
        forum: &str,
        session: &str,
        keep: bool,
        now: Timestamp,
    ) -> Result<(), AppError> {
        actor.require(&Permission::KeepAgenda { forum: forum.to_string() })?;
        let user = actor.user().ok_or_else(|| AppError::Forbidden("sign in to keep an agenda".into()))?;
        if keep {
            let published = self.published(forum).await?;
            if published.programme.session(session).is_none() {
                return Err(AppError::NotFound(format!("no published session {session:?} in forum {forum:?}")));
            }
        }
        Ok(self.store.set_agenda_item(&user.id, forum, session, keep, now).await?)
    }
}

/// An argon2id hash of a random password, checked against when the account does not exist.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2Dpc4ZAnBUzD4+5bvOBvnYwe8gYtf0A3IHR1U3/lrMU";
