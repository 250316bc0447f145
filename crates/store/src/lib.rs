//! Throughline's persistence. One schema (in `migrations/`) and one set of
//! queries serve SQLite (the default: a file) and PostgreSQL (production),
//! through sqlx's `Any` driver. Every write runs in one transaction and
//! records who changed what in the audit trail. This is the only crate that
//! knows SQL.

mod accounts;
mod audit_log;
mod backup;
mod curation;
mod forum_lock;
mod load;
mod publication;
mod rebase;
mod repairs;
mod report_reminders;
mod rows;
mod save;
mod session_edit;
#[cfg(feature = "testing")]
pub mod testing;
mod venue;

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Connection, Row};

pub use accounts::{ApiToken, User, WebSession};
pub use backup::{ArchiveSummary, BackupError, SchemaMigration, TableCount};
pub use curation::Decision;
pub use publication::Publication;
pub use report_reminders::SentReminder;
pub use save::SaveReport;

/// The kind of database behind a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatabaseKind {
    Sqlite,
    Postgres,
}

impl DatabaseKind {
    pub fn name(self) -> &'static str {
        match self {
            DatabaseKind::Sqlite => "SQLite",
            DatabaseKind::Postgres => "PostgreSQL",
        }
    }
}

/// Why the store could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "{0:?} is not a database URL Throughline knows: use sqlite://PATH (or a file path) or postgres://USER@HOST/DB"
    )]
    UnknownUrl(String),
    #[error("cannot open the database {url}: {source}")]
    Connect { url: String, source: sqlx::Error },
    /// A SQLite file that should exist does not.
    #[error("there is no database at {0}")]
    NoDatabase(String),
    #[error("cannot bring the database schema up to date: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("the database holds a value Throughline cannot read: {0}")]
    Corrupt(String),
    #[error("no {0} in the database")]
    NotFound(String),
    /// A write made from an outdated view, or one that collides with what exists.
    #[error("{0}")]
    Conflict(String),
    /// A programme save that would leave the forum failing `validate()`
    /// (nothing was saved); says the first problem.
    #[error("{0}")]
    Inconsistent(String),
}

/// A forum as listed by [`Store::forums`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ForumListing {
    pub slug: String,
    pub name: String,
    pub time_zone: String,
    pub sessions: i64,
    pub people: i64,
    pub tracks: i64,
}

/// An open database with Throughline's schema.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    kind: DatabaseKind,
    url: String,
}

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

impl Store {
    /// Opens (and creates, for SQLite) the database at `url` and brings its
    /// schema up to date. `url` is `sqlite://PATH`, a plain file path, or
    /// `postgres://…`.
    pub async fn open(url: &str) -> Result<Store, StoreError> {
        install_default_drivers();
        let (kind, url) = normalise_url(url)?;
        let connections = match kind {
            // One writer at a time is what SQLite does anyway; one connection avoids "database is locked".
            DatabaseKind::Sqlite => 1,
            DatabaseKind::Postgres => 4,
        };
        // One connection first: it fails at once with the server's own reason
        // (refused, unknown database, bad password), where the pool would
        // retry for its whole timeout and then say only "pool timed out".
        let probe = sqlx::AnyConnection::connect(&url)
            .await
            .map_err(|source| StoreError::Connect { url: redact(&url), source })?;
        let _ = sqlx::Connection::close(probe).await;
        let busy_pragma = format!("PRAGMA busy_timeout = {}", forum_lock::SQLITE_BUSY_TIMEOUT.as_millis());
        let pool = AnyPoolOptions::new()
            .max_connections(connections)
            .acquire_timeout(std::time::Duration::from_secs(10))
            .after_connect(move |conn, _| {
                let busy_pragma = busy_pragma.clone();
                Box::pin(async move {
                    if kind == DatabaseKind::Sqlite {
                        sqlx::query(sqlx::AssertSqlSafe(busy_pragma)).execute(conn).await?;
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await
            .map_err(|source| StoreError::Connect { url: redact(&url), source })?;
        MIGRATOR.run(&pool).await?;
        Ok(Store { pool, kind, url })
    }

    /// Opens a database that must exist already: a SQLite file that is not
    /// there is [`StoreError::NoDatabase`], not a new empty file (so that a
    /// misspelt `--db` leaves nothing behind).
    pub async fn open_existing(url: &str) -> Result<Store, StoreError> {
        if let Some(path) = sqlite_file(url)
            && !std::path::Path::new(&path).exists()
        {
            return Err(StoreError::NoDatabase(path));
        }
        Store::open(url).await
    }

    pub fn kind(&self) -> DatabaseKind {
        self.kind
    }

    /// The URL the store was opened with, without any password.
    pub fn url(&self) -> String {
        redact(&self.url)
    }

    /// Closes every connection.
    pub async fn close(self) {
        self.pool.close().await;
    }

    /// Every forum with its size.
    pub async fn forums(&self) -> Result<Vec<ForumListing>, StoreError> {
        let rows = sqlx::query(
            "SELECT f.slug, f.name, f.time_zone,
                (SELECT COUNT(*) FROM sessions s WHERE s.forum = f.slug) AS sessions,
                (SELECT COUNT(*) FROM people p WHERE p.forum = f.slug) AS people,
                (SELECT COUNT(*) FROM tracks t WHERE t.forum = f.slug) AS tracks
             FROM forums f ORDER BY f.slug",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ForumListing {
                    slug: r.try_get("slug")?,
                    name: r.try_get("name")?,
                    time_zone: r.try_get("time_zone")?,
                    sessions: r.try_get("sessions")?,
                    people: r.try_get("people")?,
                    tracks: r.try_get("tracks")?,
                })
            })
            .collect()
    }
}

/// Tells the kind of database from the URL; a plain path means a SQLite file, which is
/// created when missing.
fn normalise_url(url: &str) -> Result<(DatabaseKind, String), StoreError> {
    let url = url.trim();
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok((DatabaseKind::Postgres, url.to_string()));
    }
    let path = if let Some(rest) = url.strip_prefix("sqlite://") {
        rest
    } else if let Some(rest) = url.strip_prefix("sqlite:") {
        rest
    } else if url.contains("://") || url.is_empty() {
        return Err(StoreError::UnknownUrl(url.to_string()));
    } else {
        url
    };
    if path.contains("mode=") {
        return Ok((DatabaseKind::Sqlite, format!("sqlite://{path}")));
    }
    let sep = if path.contains('?') { '&' } else { '?' };
    Ok((DatabaseKind::Sqlite, format!("sqlite://{path}{sep}mode=rwc")))
}

/// The file of a SQLite URL that would create it when missing (not one with
/// its own `mode=`, nor an in-memory database).
fn sqlite_file(url: &str) -> Option<String> {
    let url = url.trim();
    if (url.contains("://") && !url.starts_with("sqlite:")) || url.contains("mode=") {
        return None;
    }
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")).unwrap_or(url);
    let path = rest.split('?').next().unwrap_or("");
    (!path.is_empty() && !path.starts_with(":memory:")).then(|| path.to_string())
}

/// Hides the password of a URL for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(
            normalise_url("throughline.db").unwrap(),
            (DatabaseKind::Sqlite, "sqlite://throughline.db?mode=rwc".into())
        );
        assert_eq!(normalise_url("sqlite:///tmp/x.db").unwrap().1, "sqlite:///tmp/x.db?mode=rwc");
        assert_eq!(normalise_url("sqlite://x.db?mode=ro").unwrap().1, "sqlite://x.db?mode=ro");
        assert_eq!(normalise_url("postgres://u@h/db").unwrap().0, DatabaseKind::Postgres);
        assert!(normalise_url("mysql://x").is_err());
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(sqlite_file("sqlite:///tmp/x.db").as_deref(), Some("/tmp/x.db"));
        assert_eq!(sqlite_file("x.db?cache=shared").as_deref(), Some("x.db"));
        assert_eq!(sqlite_file("sqlite://x.db?mode=ro"), None);
        assert_eq!(sqlite_file("mysql://x"), None);
        assert_eq!(sqlite_file("postgres://u@h/db"), None);
    }
}
