//! Fresh, throw-away databases for tests, on both engines: a SQLite file in a
//! temporary folder, and a new database on the PostgreSQL server named by
//! `THROUGHLINE_TEST_POSTGRES` (default `postgres://postgres@127.0.0.1:5432/test`).
//! Where that server cannot be reached, the PostgreSQL half is skipped with a
//! printed notice, unless `THROUGHLINE_REQUIRE_POSTGRES=1` (as in CI), which
//! makes it a failure.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test helpers: a test fails by panicking")]

use std::sync::atomic::{AtomicU32, Ordering};

use sqlx::Connection;

/// The server used for PostgreSQL tests.
pub fn postgres_admin_url() -> String {
    std::env::var("THROUGHLINE_TEST_POSTGRES").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_string())
}

/// A database that exists for one test.
pub struct TestDatabase {
    pub kind: crate::DatabaseKind,
    pub url: String,
    _dir: Option<tempfile_dir::Dir>,
    pg_name: Option<String>,
}

mod tempfile_dir {
    /// A temporary folder removed on drop (std only, so the store needs no test crate).
    pub struct Dir(pub std::path::PathBuf);
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

fn unique_name() -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    format!("tl_test_{}_{}_{nanos}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed))
}

impl TestDatabase {
    /// A SQLite database in a new temporary folder.
    pub fn sqlite() -> TestDatabase {
        let dir = std::env::temp_dir().join(unique_name());
        std::fs::create_dir_all(&dir).expect("create a temporary folder");
        let url = format!("sqlite://{}", dir.join("test.db").display());
        TestDatabase { kind: crate::DatabaseKind::Sqlite, url, _dir: Some(tempfile_dir::Dir(dir)), pg_name: None }
    }

    /// A new, empty PostgreSQL database, or None (with a notice) where the server is unreachable.
    pub async fn postgres() -> Option<TestDatabase> {
        sqlx::any::install_default_drivers();
        let admin = postgres_admin_url();
        let mut conn = match sqlx::AnyConnection::connect(&admin).await {
            Ok(c) => c,
            Err(e) => {
                if std::env::var("THROUGHLINE_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") {
                    panic!("PostgreSQL is required (THROUGHLINE_REQUIRE_POSTGRES=1) but {admin} is unreachable: {e}");
                }
                println!("skipped: the PostgreSQL tests (cannot reach {admin}: {e})");
                return None;
            }
        };
        let name = unique_name();
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut conn)
            .await
            .expect("create a test database");
        let _ = conn.close().await;
        let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b).to_string();
        Some(TestDatabase {
            kind: crate::DatabaseKind::Postgres,
            url: format!("{base}/{name}"),
            _dir: None,
            pg_name: Some(name),
        })
    }

    /// SQLite always, PostgreSQL when reachable.
    pub async fn both() -> Vec<TestDatabase> {
        let mut dbs = vec![TestDatabase::sqlite()];
        dbs.extend(TestDatabase::postgres().await);
        dbs
    }

    /// Drops the PostgreSQL database (SQLite's folder goes on drop).
    pub async fn cleanup(self) {
        if let Some(name) = &self.pg_name
            && let Ok(mut conn) = sqlx::AnyConnection::connect(&postgres_admin_url()).await
        {
            let _ = sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")))
                .execute(&mut conn)
                .await;
            let _ = conn.close().await;
        }
    }
}
