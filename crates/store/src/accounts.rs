//! Accounts of the web application: users and their roles per forum,
//! one-time sign-in links, server-side web sessions, API tokens, failed
//! sign-ins (for the rate limit) and personal agendas. Secrets arrive here
//! already hashed; the store never sees a password or a token.
//! Changes to roles are audited in the forum they concern.

use jiff::Timestamp;
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;
use throughline_core::audit::{AuditAction, EntityKind};
use throughline_core::{AccountRole, Grant};

use crate::audit_log::AuditLog;
use crate::{Store, StoreError};

/// An account, with its roles in every forum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: String,
    pub email: String,
    pub name: String,
    #[serde(skip)]
    pub password_hash: Option<String>,
    pub created_at: Timestamp,
    pub grants: Vec<Grant>,
}

/// A signed-in (or not yet signed-in) browser session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebSession {
    pub user_id: Option<String>,
    pub csrf_token: String,
    pub expires_at: Timestamp,
}

/// An API token as its owner sees it in lists (never the token itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiToken {
    pub id: String,
    pub name: String,
    pub created_at: Timestamp,
}

/// Instants as fixed-width UTC text (to the second), so that text order is time order in SQL.
pub(crate) fn instant(t: Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

pub(crate) fn read_instant(r: &AnyRow, column: &str) -> Result<Timestamp, StoreError> {
    let text: String = r.try_get(column)?;
    text.parse().map_err(|e| StoreError::Corrupt(format!("{column} {text:?}: {e}")))
}

fn grant_key(email: &str, g: &Grant) -> String {
    if g.scope.is_empty() {
        format!("{email}/{}", g.role.code())
    } else {
        format!("{email}/{}/{}", g.role.code(), g.scope)
    }
}

impl Store {
    /// Creates an account with its roles, in one transaction. Fails with
    /// [`StoreError::Conflict`] when the e-mail address is taken.
    pub async fn create_user(&self, user: &User, actor: &str) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        let inserted = sqlx::query(
            "INSERT INTO users (id, email, name, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (email) DO NOTHING",
        )
        .bind(user.id.clone())
        .bind(user.email.clone())
        .bind(user.name.clone())
        .bind(user.password_hash.clone())
        .bind(instant(user.created_at))
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if inserted == 0 {
            return Err(StoreError::Conflict(format!(
                "an account with the e-mail address {} exists already",
                user.email
            )));
        }
        insert_grants(&mut tx, &user.id, &user.grants, actor).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Gives an account more roles (those it has already are kept as they are), audited per forum.
    pub async fn add_grants(&self, user_id: &str, grants: &[Grant], actor: &str) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        insert_grants(&mut tx, user_id, grants, actor).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Takes a role from an account; false when it did not have it.
    pub async fn remove_grant(&self, user_id: &str, grant: &Grant, actor: &str) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        let removed = delete_grant(&mut tx, user_id, grant, actor).await?;
        tx.commit().await?;
        Ok(removed)
    }

    /// Removes an account with its roles (audited per forum), sessions,
    /// tokens and agenda, in one transaction.
    pub async fn remove_user(&self, user_id: &str, actor: &str) -> Result<bool, StoreError> {
        let Some(user) = self.user_by_id(user_id).await? else { return Ok(false) };
        let mut tx = self.pool.begin().await?;
        for g in &user.grants {
            delete_grant(&mut tx, user_id, g, actor).await?;
        }
        let n = sqlx::query("DELETE FROM users WHERE id = $1").bind(user_id.to_string()).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(n.rows_affected() > 0)
    }

    pub async fn set_password_hash(&self, user_id: &str, hash: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(hash.to_string())
            .bind(user_id.to_string())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn user_by_id(&self, id: &str) -> Result<Option<User>, StoreError> {
        self.one_user("SELECT * FROM users WHERE id = $1", id).await
    }

    /// The account with this e-mail address (compared as given: callers normalise).
    pub async fn user_by_email(&self, email: &str) -> Result<Option<User>, StoreError> {
        self.one_user("SELECT * FROM users WHERE email = $1", email).await
    }

    /// The account that owns the API token with this hash.
    pub async fn user_by_token_hash(&self, token_hash: &str) -> Result<Option<User>, StoreError> {
        self.one_user(
            "SELECT u.* FROM users u JOIN api_tokens t ON t.user_id = u.id WHERE t.token_hash = $1",
            token_hash,
        )
        .await
    }

    async fn one_user(&self, sql: &'static str, value: &str) -> Result<Option<User>, StoreError> {
        let Some(row) = sqlx::query(sql).bind(value.to_string()).fetch_optional(&self.pool).await? else {
            return Ok(None);
        };
        let mut user = read_user(&row)?;
        user.grants = self.grants_of(&user.id).await?;
        Ok(Some(user))
    }

    async fn grants_of(&self, user_id: &str) -> Result<Vec<Grant>, StoreError> {
        let rows = sqlx::query("SELECT forum, role, scope FROM grants WHERE user_id = $1 ORDER BY forum, role, scope")
            .bind(user_id.to_string())
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(read_grant).collect()
    }

    /// Every account, with all its roles; with `forum`, only accounts holding a role there.
    pub async fn users(&self, forum: Option<&str>) -> Result<Vec<User>, StoreError> {
        let rows = match forum {
            Some(f) => {
                sqlx::query(
                    "SELECT * FROM users WHERE id IN (SELECT user_id FROM grants WHERE forum = $1) ORDER BY email",
                )
                .bind(f.to_string())
                .fetch_all(&self.pool)
                .await?
            }
            None => sqlx::query("SELECT * FROM users ORDER BY email").fetch_all(&self.pool).await?,
        };
        let mut users: Vec<User> = rows.iter().map(read_user).collect::<Result<_, _>>()?;
        for u in &mut users {
            u.grants = self.grants_of(&u.id).await?;
        }
        Ok(users)
    }

    /// Keeps a one-time sign-in link (by its hash) until it is used or expires.
    pub async fn add_sign_in_link(
        &self,
        token_hash: &str,
        user_id: &str,
        now: Timestamp,
        expires: Timestamp,
    ) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO sign_in_links (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(token_hash.to_string())
            .bind(user_id.to_string())
            .bind(instant(now))
            .bind(instant(expires))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Uses a sign-in link: the account it signs in, once, if it has not expired.
    pub async fn use_sign_in_link(&self, token_hash: &str, now: Timestamp) -> Result<Option<String>, StoreError> {
        let mut tx = self.pool.begin().await?;
        let n = sqlx::query(
            "UPDATE sign_in_links SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1",
        )
        .bind(instant(now))
        .bind(token_hash.to_string())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        let user = if n == 1 {
            let row = sqlx::query("SELECT user_id FROM sign_in_links WHERE token_hash = $1")
                .bind(token_hash.to_string())
                .fetch_one(&mut *tx)
                .await?;
            Some(row.try_get("user_id")?)
        } else {
            None
        };
        tx.commit().await?;
        Ok(user)
    }

    pub async fn create_web_session(
        &self,
        id_hash: &str,
        user_id: Option<&str>,
        csrf_token: &str,
        now: Timestamp,
        expires: Timestamp,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO web_sessions (id_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id_hash.to_string())
        .bind(user_id.map(str::to_string))
        .bind(csrf_token.to_string())
        .bind(instant(now))
        .bind(instant(expires))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The web session with this id hash, if it has not expired.
    pub async fn web_session(&self, id_hash: &str, now: Timestamp) -> Result<Option<WebSession>, StoreError> {
        let row = sqlx::query("SELECT * FROM web_sessions WHERE id_hash = $1 AND expires_at > $2")
            .bind(id_hash.to_string())
            .bind(instant(now))
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| {
            Ok(WebSession {
                user_id: r.try_get("user_id")?,
                csrf_token: r.try_get("csrf_token")?,
                expires_at: read_instant(&r, "expires_at")?,
            })
        })
        .transpose()
    }

    /// Ends a web session, and removes every expired one.
    pub async fn end_web_session(&self, id_hash: &str, now: Timestamp) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM web_sessions WHERE id_hash = $1 OR expires_at <= $2")
            .bind(id_hash.to_string())
            .bind(instant(now))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Notes a failed sign-in against each subject (`account:…`, `address:…`).
    pub async fn record_sign_in_failure(&self, subjects: &[String], at: Timestamp) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        for subject in subjects {
            sqlx::query("INSERT INTO sign_in_failures (subject, at) VALUES ($1, $2)")
                .bind(subject.clone())
                .bind(instant(at))
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Failed sign-ins of a subject since a time.
    pub async fn sign_in_failures(&self, subject: &str, since: Timestamp) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM sign_in_failures WHERE subject = $1 AND at > $2")
            .bind(subject.to_string())
            .bind(instant(since))
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("n")?)
    }

    /// Forgets the failures of a subject (after a successful sign-in).
    pub async fn clear_sign_in_failures(&self, subject: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sign_in_failures WHERE subject = $1")
            .bind(subject.to_string())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn create_api_token(&self, token: &ApiToken, token_hash: &str, user_id: &str) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO api_tokens (id, token_hash, user_id, name, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(token.id.clone())
            .bind(token_hash.to_string())
            .bind(user_id.to_string())
            .bind(token.name.clone())
            .bind(instant(token.created_at))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn api_tokens(&self, user_id: &str) -> Result<Vec<ApiToken>, StoreError> {
        let rows =
            sqlx::query("SELECT id, name, created_at FROM api_tokens WHERE user_id = $1 ORDER BY created_at, id")
                .bind(user_id.to_string())
                .fetch_all(&self.pool)
                .await?;
        rows.iter()
            .map(|r| {
                Ok(ApiToken {
                    id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    created_at: read_instant(r, "created_at")?,
                })
            })
            .collect()
    }

    /// Revokes one of the user's tokens; false when the user has no such token.
    pub async fn revoke_api_token(&self, user_id: &str, token_id: &str) -> Result<bool, StoreError> {
        let n = sqlx::query("DELETE FROM api_tokens WHERE user_id = $1 AND id = $2")
            .bind(user_id.to_string())
            .bind(token_id.to_string())
            .execute(&self.pool)
            .await?;
        Ok(n.rows_affected() > 0)
    }

    /// The session codes on a user's personal agenda in a forum.
    pub async fn agenda(&self, user_id: &str, forum: &str) -> Result<Vec<String>, StoreError> {
        let rows = sqlx::query("SELECT session FROM agenda_items WHERE user_id = $1 AND forum = $2 ORDER BY session")
            .bind(user_id.to_string())
            .bind(forum.to_string())
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| Ok(r.try_get("session")?)).collect()
    }

    /// Adds a session to (or, with `keep` false, removes it from) a user's agenda.
    pub async fn set_agenda_item(
        &self,
        user_id: &str,
        forum: &str,
        session: &str,
        keep: bool,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let q = if keep {
            sqlx::query(
                "INSERT INTO agenda_items (user_id, forum, session, added_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
            )
            .bind(user_id.to_string())
            .bind(forum.to_string())
            .bind(session.to_string())
            .bind(instant(now))
        } else {
            sqlx::query("DELETE FROM agenda_items WHERE user_id = $1 AND forum = $2 AND session = $3")
                .bind(user_id.to_string())
                .bind(forum.to_string())
                .bind(session.to_string())
        };
        q.execute(&self.pool).await?;
        Ok(())
    }
}

/// Inserts the roles an account does not hold yet, each audited in its forum.
async fn insert_grants(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    user_id: &str,
    grants: &[Grant],
    actor: &str,
) -> Result<(), StoreError> {
    let email = user_email(tx, user_id).await?;
    for g in grants {
        let n = sqlx::query(
            "INSERT INTO grants (user_id, forum, role, scope) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        )
        .bind(user_id.to_string())
        .bind(g.forum.clone())
        .bind(g.role.code())
        .bind(g.scope.clone())
        .execute(&mut **tx)
        .await?
        .rows_affected();
        if n > 0 {
            let mut log = AuditLog::new(actor, &g.forum);
            log.record(AuditAction::Create, EntityKind::Grant, &grant_key(&email, g), None, Some(g));
            log.write(tx).await?;
        }
    }
    Ok(())
}

/// Deletes one role of an account, audited in its forum; false when it had none.
async fn delete_grant(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    user_id: &str,
    grant: &Grant,
    actor: &str,
) -> Result<bool, StoreError> {
    let email = user_email(tx, user_id).await?;
    let n = sqlx::query("DELETE FROM grants WHERE user_id = $1 AND forum = $2 AND role = $3 AND scope = $4")
        .bind(user_id.to_string())
        .bind(grant.forum.clone())
        .bind(grant.role.code())
        .bind(grant.scope.clone())
        .execute(&mut **tx)
        .await?
        .rows_affected();
    if n > 0 {
        let mut log = AuditLog::new(actor, &grant.forum);
        log.record(AuditAction::Delete, EntityKind::Grant, &grant_key(&email, grant), Some(grant), None);
        log.write(tx).await?;
    }
    Ok(n > 0)
}

async fn user_email(conn: &mut sqlx::AnyConnection, user_id: &str) -> Result<String, StoreError> {
    let row = sqlx::query("SELECT email FROM users WHERE id = $1")
        .bind(user_id.to_string())
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("account {user_id:?}")))?;
    Ok(row.try_get("email")?)
}

fn read_user(r: &AnyRow) -> Result<User, StoreError> {
    Ok(User {
        id: r.try_get("id")?,
        email: r.try_get("email")?,
        name: r.try_get("name")?,
        password_hash: r.try_get("password_hash")?,
        created_at: read_instant(r, "created_at")?,
        grants: Vec::new(),
    })
}

fn read_grant(r: &AnyRow) -> Result<Grant, StoreError> {
    let role: String = r.try_get("role")?;
    Ok(Grant {
        forum: r.try_get("forum")?,
        role: AccountRole::parse(&role).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        scope: r.try_get("scope")?,
    })
}
