//! Writes to one forum go one at a time. Every write to a forum's records
//! begins with [`Store::begin_forum_write`], a transaction that holds the
//! forum's write lock before it reads anything, so what it reads (and diffs
//! against, and audits) is what it overwrites: two imports of one new forum
//! cannot both create it, and two decisions cannot both see the old state.
//!
//! - PostgreSQL: a transaction-scoped advisory lock keyed by the forum's slug
//!   (it exists before the forum's row does, and ends with the transaction).
//! - SQLite: `BEGIN IMMEDIATE`, the database's one write lock, taken before
//!   the first read; a writer that finds it held waits (see
//!   [`SQLITE_BUSY_TIMEOUT`]) instead of failing.

use sqlx::{Any, Transaction};

use crate::{DatabaseKind, Store, StoreError};

/// How long a SQLite writer waits for another process's write to finish
/// before it gives up with "database is locked". An import of a large forum
/// takes seconds; a minute leaves room for a slow disk.
pub(crate) const SQLITE_BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

impl Store {
    /// A transaction holding the write lock of `forum` (see the module's documentation).
    pub(crate) async fn begin_forum_write(&self, forum: &str) -> Result<Transaction<'static, Any>, StoreError> {
        match self.kind {
            DatabaseKind::Sqlite => Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?),
            DatabaseKind::Postgres => {
                let mut tx = self.pool.begin().await?;
                // The lock function returns void, which the Any driver cannot
                // read: the outer SELECT gives a number instead.
                sqlx::query(
                    "SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtextextended($1, 0))) AS forum_lock",
                )
                .bind(format!("throughline forum {forum}"))
                .fetch_one(&mut *tx)
                .await?;
                Ok(tx)
            }
        }
    }
}
