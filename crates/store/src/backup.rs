//! Backup and restore: the whole database as one archive, the same bytes
//! from SQLite and PostgreSQL, loadable into an empty database of either
//! kind. This is also how a forum moves from the default SQLite file to a
//! PostgreSQL server.
//!
//! The archive is JSON Lines (UTF-8, `\n` after every line), optionally
//! gzipped (told apart on restore by gzip's magic bytes):
//!
//! 1. a header: `{"format":"throughline-backup","version":1,"schema":[{"version":1,"description":"initial schema"},…]}`,
//!    the archive format's version and the schema migrations the database had;
//! 2. one line per row, `{"table":"rooms","values":{"forum":"f","name":"Room 1","capacity":40,"remote":0}}`,
//!    tables in the fixed order of [`TABLES`] (parents before children, the
//!    audit trail last), rows in the order of their primary key (text
//!    compared byte by byte), columns in the order of the table's definition;
//!    text columns are JSON strings, integer columns JSON integers, the
//!    one float column (`track_memberships.score`) the shortest JSON number
//!    that reads back to the same value, and NULL is `null`;
//! 3. an end line: `{"end":{"rows":{"forums":1,…},"sha256":"…"}}`, the rows
//!    per table and the SHA-256 of every byte before the end line, so a cut
//!    or altered archive is refused.
//!
//! Nothing in it depends on the kind of database, the time or the machine, so backing
//! up, restoring into the other kind of database and backing up again gives the same
//! bytes. Left out: `web_sessions` (browser sessions, with their CSRF tokens
//! in clear; everyone signs in again) and `sign_in_failures` (the rate
//! limit's recent failures). Sign-in links are kept (as the hashes the
//! database holds), so an invitation sent before a move still works.
//!
//! A backup reads in one transaction (REPEATABLE READ, READ ONLY on
//! PostgreSQL; on SQLite one read transaction, whose shared lock makes
//! writers wait until it ends), so it is one consistent state while others
//! write. A restore checks the archive's schema against the database's,
//! refuses a database that holds anything, and loads every row in one
//! transaction (on PostgreSQL with every table locked against other
//! writers): all of it, or nothing. It writes no audit event: the restored
//! audit trail is the one archived.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read, Write};

use futures_util::TryStreamExt;
use serde::Serialize;
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use crate::rows::{Cell, placeholder};
use crate::{DatabaseKind, Store, StoreError};

/// The archive format's name, in its header.
pub const ARCHIVE_FORMAT: &str = "throughline-backup";
/// The archive format's version, in its header (the layout of the lines,
/// not the schema, which the header lists separately).
pub const ARCHIVE_VERSION: u64 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Int,
    Float,
}

impl Kind {
    fn expected(self) -> &'static str {
        match self {
            Kind::Text => "text (a JSON string)",
            Kind::Int => "an integer",
            Kind::Float => "a number",
        }
    }
}

#[derive(Debug)]
struct Column {
    name: &'static str,
    kind: Kind,
    nullable: bool,
}

const fn text(name: &'static str) -> Column {
    Column { name, kind: Kind::Text, nullable: false }
}
const fn opt_text(name: &'static str) -> Column {
    Column { name, kind: Kind::Text, nullable: true }
}
const fn int(name: &'static str) -> Column {
    Column { name, kind: Kind::Int, nullable: false }
}
const fn opt_int(name: &'static str) -> Column {
    Column { name, kind: Kind::Int, nullable: true }
}
const fn opt_float(name: &'static str) -> Column {
    Column { name, kind: Kind::Float, nullable: true }
}

/// One table of the archive: its columns in the schema's order and its primary key.
#[derive(Debug)]
pub(crate) struct Table {
    name: &'static str,
    columns: &'static [Column],
    key: &'static [&'static str],
}

impl Table {
    fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

/// Every table the archive holds, in the archive's order: a table comes
/// after those its foreign keys name, so rows load in this order. A
/// migration that adds a table or a column must add it here (a backup checks
/// the database against this list and refuses to leave anything out).
pub(crate) static TABLES: &[Table] = &[
    Table {
        name: "forums",
        columns: &[
            text("slug"),
            text("name"),
            opt_text("edition"),
            opt_text("city"),
            opt_text("country"),
            text("time_zone"),
            opt_int("report_due_days"),
        ],
        key: &["slug"],
    },
    Table {
        name: "rooms",
        columns: &[text("forum"), text("name"), opt_int("capacity"), int("remote")],
        key: &["forum", "name"],
    },
    Table {
        name: "slots",
        columns: &[text("forum"), text("starts_at"), text("ends_at")],
        key: &["forum", "starts_at"],
    },
    Table {
        name: "sessions",
        columns: &[
            text("forum"),
            text("code"),
            text("title"),
            text("description"),
            text("kind"),
            opt_text("format"),
            text("policy_questions"),
            text("tags"),
            int("duration_minutes"),
            text("languages"),
            text("status"),
            opt_text("merged_into"),
            opt_text("starts_at"),
            opt_text("room"),
            opt_int("expected_attendance"),
            opt_text("remote_link"),
            text("links"),
            text("preferred_days"),
            int("version"),
        ],
        key: &["forum", "code"],
    },
    Table {
        name: "people",
        columns: &[
            text("forum"),
            text("person_key"),
            text("name"),
            opt_text("affiliation"),
            opt_text("stakeholder_group"),
            opt_text("country"),
            opt_text("gender"),
            text("unavailable"),
            opt_int("first_time"),
        ],
        key: &["forum", "person_key"],
    },
    Table {
        name: "participations",
        columns: &[text("forum"), text("session"), text("person_key"), text("role")],
        key: &["forum", "session", "person_key", "role"],
    },
    Table {
        name: "tracks",
        columns: &[
            text("forum"),
            text("slug"),
            text("title"),
            text("kind"),
            text("status"),
            text("narrative"),
            text("policy_questions"),
            text("seed_terms"),
            opt_text("colour"),
            text("coordinators"),
            text("example_sessions"),
            opt_text("intro_session"),
            opt_text("concluding_session"),
        ],
        key: &["forum", "slug"],
    },
    Table {
        name: "track_memberships",
        columns: &[
            text("forum"),
            text("track"),
            text("session"),
            opt_float("score"),
            text("reasons"),
            text("origin"),
            text("status"),
            text("membership_role"),
            opt_text("decided_by"),
            opt_text("decided_at"),
        ],
        key: &["forum", "track", "session"],
    },
    Table {
        name: "mechanisms",
        columns: &[text("forum"), text("id"), text("name"), text("document")],
        key: &["forum", "id"],
    },
    Table {
        name: "session_reports",
        columns: &[text("forum"), text("session"), text("document")],
        key: &["forum", "session"],
    },
    Table {
        name: "users",
        columns: &[text("id"), text("email"), text("name"), opt_text("password_hash"), text("created_at")],
        key: &["id"],
    },
    Table {
        name: "grants",
        columns: &[text("user_id"), text("forum"), text("role"), text("scope")],
        key: &["user_id", "forum", "role", "scope"],
    },
    Table {
        name: "sign_in_links",
        columns: &[text("token_hash"), text("user_id"), text("created_at"), text("expires_at"), opt_text("used_at")],
        key: &["token_hash"],
    },
    Table {
        name: "api_tokens",
        columns: &[text("id"), text("token_hash"), text("user_id"), text("name"), text("created_at")],
        key: &["id"],
    },
    Table {
        name: "agenda_items",
        columns: &[text("user_id"), text("forum"), text("session"), text("added_at")],
        key: &["user_id", "forum", "session"],
    },
    Table {
        name: "publications",
        columns: &[text("forum"), int("number"), text("published_at"), text("published_by"), text("document")],
        key: &["forum", "number"],
    },
    Table {
        name: "timetable_repairs",
        columns: &[
            text("forum"),
            int("number"),
            text("track"),
            text("proposed_by"),
            text("proposed_at"),
            text("moves"),
            text("summary"),
            text("status"),
            opt_text("decided_by"),
            opt_text("decided_at"),
        ],
        key: &["forum", "number"],
    },
    Table {
        name: "report_reminders",
        columns: &[text("forum"), text("session"), text("kind"), text("sent_at"), text("recipients")],
        key: &["forum", "session", "kind"],
    },
    Table {
        name: "audit_events",
        columns: &[
            text("id"),
            text("at"),
            text("actor"),
            text("action"),
            text("entity"),
            text("forum"),
            text("entity_key"),
            opt_text("old_value"),
            opt_text("new_value"),
        ],
        key: &["id"],
    },
];

/// Tables a backup leaves out on purpose: browser sessions (transient, with
/// CSRF tokens in clear) and recent failed sign-ins (the rate limit's memory).
/// A restore still requires them empty.
pub const LEFT_OUT: &[&str] = &["web_sessions", "sign_in_failures"];

/// sqlx's own record of the migrations applied; the archive's header carries it.
const MIGRATIONS_TABLE: &str = "_sqlx_migrations";

/// Rows per INSERT statement at most, and parameters per statement at most
/// (well under SQLite's 32,766 and PostgreSQL's 65,535).
const BATCH_ROWS: usize = 500;
const BATCH_PARAMETERS: usize = 4_000;
/// Text bytes per INSERT statement before it is sent (publications can be large).
const BATCH_BYTES: usize = 4 << 20;

/// One schema migration, as the header lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct SchemaMigration {
    pub version: i64,
    pub description: String,
}

/// What a backup wrote or a restore loaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArchiveSummary {
    /// The schema migrations of the archive (and of the database).
    pub schema: Vec<SchemaMigration>,
    /// Rows per table, in the archive's order.
    pub tables: Vec<TableCount>,
    /// Rows in all.
    pub rows: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableCount {
    pub table: String,
    pub rows: u64,
}

impl ArchiveSummary {
    /// The newest schema migration's version.
    pub fn schema_version(&self) -> i64 {
        self.schema.last().map_or(0, |m| m.version)
    }
}

/// Why a backup or a restore did not happen. Nothing was written to the database.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// A line of the archive is wrong: which one and why.
    #[error("{file}:{line}: {message}")]
    Line { file: String, line: u64, message: String },
    /// The archive as a whole is wrong (cut short, unreadable, refused by the database).
    #[error("{file}: {message}")]
    Archive { file: String, message: String },
    /// The restore's database already holds rows.
    #[error(
        "the database {url} is not empty ({tables}): restore loads an archive only into an empty database; nothing was changed"
    )]
    NotEmpty { url: String, tables: String },
    /// The database's tables are not the ones this program knows how to archive.
    #[error("{0}")]
    Schema(String),
    /// The archive could not be written.
    #[error("cannot write the archive: {0}")]
    Write(std::io::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for BackupError {
    fn from(e: sqlx::Error) -> BackupError {
        BackupError::Store(StoreError::Database(e))
    }
}

/// Reports progress: the table being worked on and its rows so far.
pub type Progress<'a> = &'a mut (dyn FnMut(&str, u64) + Send);

impl Store {
    /// Writes the whole database to `out` as an archive (gzipped when
    /// `gzip`), from one consistent snapshot. See the module's documentation
    /// for the format.
    pub async fn backup(
        &self,
        out: &mut (dyn Write + Send),
        gzip: bool,
        progress: Progress<'_>,
    ) -> Result<ArchiveSummary, BackupError> {
        let mut tx = match self.kind {
            // Deferred: the first read takes SQLite's shared lock and holds it
            // to the end, so no writer commits in between.
            DatabaseKind::Sqlite => self.pool.begin_with("BEGIN").await?,
            DatabaseKind::Postgres => self.pool.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY").await?,
        };
        check_tables(&mut tx, self.kind).await?;
        let schema = applied_migrations(&mut tx).await?;
        let summary = if gzip {
            let mut encoder =
                flate2::GzBuilder::new().operating_system(255).write(&mut *out, flate2::Compression::default());
            let summary = write_archive(&mut tx, self.kind, schema, &mut encoder, progress).await?;
            encoder.finish().map_err(BackupError::Write)?;
            summary
        } else {
            write_archive(&mut tx, self.kind, schema, &mut *out, progress).await?
        };
        out.flush().map_err(BackupError::Write)?;
        tx.rollback().await?;
        Ok(summary)
    }

    /// Loads an archive (plain or gzipped) into this database, which must be
    /// empty and have the archive's schema: every row in one transaction, or
    /// nothing. `file` names the archive in errors.
    pub async fn restore(
        &self,
        file: &str,
        input: &mut (dyn Read + Send),
        progress: Progress<'_>,
    ) -> Result<ArchiveSummary, BackupError> {
        let mut reader = BufReader::with_capacity(1 << 16, input);
        let gzipped = reader
            .fill_buf()
            .map_err(|e| BackupError::Archive { file: file.to_string(), message: format!("cannot read it: {e}") })?
            .starts_with(&[0x1f, 0x8b]);
        let mut lines: Box<dyn BufRead + Send + '_> = if gzipped {
            Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(reader)))
        } else {
            Box::new(reader)
        };
        let mut archive = ArchiveReader { file: file.to_string(), line: 0, input: &mut *lines, hash: Sha256::new() };
        let header = archive.header()?;

        let mut tx = match self.kind {
            DatabaseKind::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            DatabaseKind::Postgres => {
                let mut tx = self.pool.begin().await?;
                let all: Vec<&str> = TABLES.iter().map(|t| t.name).chain(LEFT_OUT.iter().copied()).collect();
                let sql = format!("LOCK TABLE {} IN EXCLUSIVE MODE", all.join(", "));
                sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&mut *tx).await?;
                tx
            }
        };
        check_tables(&mut tx, self.kind).await?;
        let schema = applied_migrations(&mut tx).await?;
        if header != schema {
            return Err(archive.error_at(1, schema_mismatch(&header, &schema)));
        }
        let mut full = Vec::new();
        for table in TABLES.iter().map(|t| t.name).chain(LEFT_OUT.iter().copied()) {
            let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) AS n FROM {table}")))
                .fetch_one(&mut *tx)
                .await?;
            let n: i64 = row.try_get("n")?;
            if n > 0 {
                full.push(format!("{table}: {n} row{}", if n == 1 { "" } else { "s" }));
            }
        }
        if !full.is_empty() {
            return Err(BackupError::NotEmpty { url: self.url(), tables: full.join(", ") });
        }

        let counts = load_rows(&mut archive, &mut tx, progress).await?;
        tx.commit().await?;
        let tables: Vec<TableCount> =
            TABLES.iter().zip(&counts).map(|(t, &rows)| TableCount { table: t.name.to_string(), rows }).collect();
        Ok(ArchiveSummary { schema, rows: counts.iter().sum(), tables })
    }
}

/// Refuses a database whose tables or columns differ from [`TABLES`] (and
/// [`LEFT_OUT`]): a backup would leave something out, a restore would miss it.
async fn check_tables(tx: &mut Transaction<'static, Any>, kind: DatabaseKind) -> Result<(), BackupError> {
    let sql = match kind {
        DatabaseKind::Sqlite => {
            "SELECT m.name AS t, p.name AS c FROM sqlite_master m, pragma_table_info(m.name) p
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite!_%' ESCAPE '!'"
        }
        DatabaseKind::Postgres => {
            "SELECT CAST(table_name AS TEXT) AS t, CAST(column_name AS TEXT) AS c FROM information_schema.columns
             WHERE table_schema = current_schema()"
        }
    };
    let mut live: BTreeSet<(String, String)> = BTreeSet::new();
    for row in sqlx::query(sql).fetch_all(&mut **tx).await? {
        let table: String = row.try_get("t")?;
        if table != MIGRATIONS_TABLE && !LEFT_OUT.contains(&table.as_str()) {
            live.insert((table, row.try_get("c")?));
        }
    }
    let known: BTreeSet<(String, String)> =
        TABLES.iter().flat_map(|t| t.columns.iter().map(|c| (t.name.to_string(), c.name.to_string()))).collect();
    if let Some((table, column)) = live.difference(&known).next() {
        return Err(BackupError::Schema(if TABLES.iter().any(|t| t.name == table) {
            format!("the database's table {table} has a column {column} that this throughline's backup does not know")
        } else {
            format!("the database has a table {table} that this throughline's backup does not know")
        }));
    }
    if let Some((table, column)) = known.difference(&live).next() {
        return Err(BackupError::Schema(format!(
            "the database has no column {table}.{column}, which this throughline's backup expects"
        )));
    }
    Ok(())
}

/// The schema migrations applied to the database, oldest first.
async fn applied_migrations(tx: &mut Transaction<'static, Any>) -> Result<Vec<SchemaMigration>, BackupError> {
    let rows = sqlx::query("SELECT version, description FROM _sqlx_migrations WHERE success ORDER BY version")
        .fetch_all(&mut **tx)
        .await?;
    rows.iter()
        .map(|r| Ok(SchemaMigration { version: r.try_get("version")?, description: r.try_get("description")? }))
        .collect()
}

fn schema_mismatch(archive: &[SchemaMigration], database: &[SchemaMigration]) -> String {
    let list = |s: &[SchemaMigration]| s.iter().map(|m| m.version.to_string()).collect::<Vec<_>>().join(", ");
    let newest = |s: &[SchemaMigration]| s.last().map_or(0, |m| m.version);
    let advice = if newest(archive) < newest(database) {
        "restore it with the throughline that made it, then open the database with this one (which brings the schema up to date) and back it up again"
    } else {
        "restore it with a throughline as new as the one that made it"
    };
    format!(
        "the archive has schema migrations [{}] but this database has [{}]: {advice}",
        list(archive),
        list(database)
    )
}

/// Counts bytes into the SHA-256 on their way out.
struct Hashing<'a> {
    out: &'a mut (dyn Write + Send),
    hash: Sha256,
    bytes: u64,
}

impl Hashing<'_> {
    fn line(&mut self, line: &str) -> Result<(), BackupError> {
        self.hash.update(line.as_bytes());
        self.hash.update(b"\n");
        self.bytes += line.len() as u64 + 1;
        self.out.write_all(line.as_bytes()).and_then(|()| self.out.write_all(b"\n")).map_err(BackupError::Write)
    }
}

fn json_text(s: &str) -> String {
    // Serialising a string cannot fail.
    serde_json::to_string(s).unwrap_or_default()
}

async fn write_archive(
    tx: &mut Transaction<'static, Any>,
    kind: DatabaseKind,
    schema: Vec<SchemaMigration>,
    out: &mut (dyn Write + Send),
    progress: Progress<'_>,
) -> Result<ArchiveSummary, BackupError> {
    let mut w = Hashing { out, hash: Sha256::new(), bytes: 0 };
    let migrations: Vec<String> = schema
        .iter()
        .map(|m| format!("{{\"version\":{},\"description\":{}}}", m.version, json_text(&m.description)))
        .collect();
    w.line(&format!(
        "{{\"format\":{},\"version\":{ARCHIVE_VERSION},\"schema\":[{}]}}",
        json_text(ARCHIVE_FORMAT),
        migrations.join(",")
    ))?;
    let mut tables = Vec::with_capacity(TABLES.len());
    for table in TABLES {
        let columns: Vec<&str> = table.columns.iter().map(|c| c.name).collect();
        let order: Vec<String> = table
            .key
            .iter()
            .map(|k| match (kind, table.column(k).map(|c| c.kind)) {
                // Byte order on both engines: SQLite's BINARY is; PostgreSQL's default collation is not.
                (DatabaseKind::Postgres, Some(Kind::Text)) => format!("{k} COLLATE \"C\""),
                _ => (*k).to_string(),
            })
            .collect();
        let sql = format!("SELECT {} FROM {} ORDER BY {}", columns.join(", "), table.name, order.join(", "));
        let prefix = format!("{{\"table\":{},\"values\":{{", json_text(table.name));
        let mut rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch(&mut **tx);
        let mut n = 0u64;
        while let Some(row) = rows.try_next().await? {
            let mut line = prefix.clone();
            for (i, column) in table.columns.iter().enumerate() {
                if i > 0 {
                    line.push(',');
                }
                line.push_str(&json_text(column.name));
                line.push(':');
                line.push_str(&cell_json(&row, i, table, column)?);
            }
            line.push_str("}}");
            w.line(&line)?;
            n += 1;
            if n.is_multiple_of(1000) {
                progress(table.name, n);
            }
        }
        progress(table.name, n);
        tables.push(TableCount { table: table.name.to_string(), rows: n });
    }
    let counts: Vec<String> = tables.iter().map(|t| format!("{}:{}", json_text(&t.table), t.rows)).collect();
    let digest = hex(&w.hash.clone().finalize());
    let end = format!("{{\"end\":{{\"rows\":{{{}}},\"sha256\":\"{digest}\"}}}}", counts.join(","));
    w.out.write_all(end.as_bytes()).and_then(|()| w.out.write_all(b"\n")).map_err(BackupError::Write)?;
    Ok(ArchiveSummary { schema, rows: tables.iter().map(|t| t.rows).sum(), tables })
}

/// One cell as JSON, typed by its column.
fn cell_json(row: &AnyRow, i: usize, table: &Table, column: &Column) -> Result<String, BackupError> {
    let corrupt =
        |what: String| BackupError::Store(StoreError::Corrupt(format!("{}.{}: {what}", table.name, column.name)));
    let value = match column.kind {
        Kind::Text => row.try_get::<Option<String>, _>(i)?.map(|s| json_text(&s)),
        Kind::Int => row.try_get::<Option<i64>, _>(i)?.map(|n| n.to_string()),
        Kind::Float => match row.try_get::<Option<f64>, _>(i)? {
            Some(x) if !x.is_finite() => return Err(corrupt(format!("{x} is not a finite number"))),
            Some(x) => Some(serde_json::to_string(&x).map_err(|e| corrupt(e.to_string()))?),
            None => None,
        },
    };
    match value {
        Some(v) => Ok(v),
        None if column.nullable => Ok("null".to_string()),
        None => Err(corrupt("NULL in a column that may not be".to_string())),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads an archive line by line, hashing what it reads.
struct ArchiveReader<'a> {
    file: String,
    line: u64,
    input: &'a mut (dyn BufRead + Send),
    hash: Sha256,
}

impl ArchiveReader<'_> {
    fn error(&self, message: impl Into<String>) -> BackupError {
        self.error_at(self.line, message)
    }

    fn error_at(&self, line: u64, message: impl Into<String>) -> BackupError {
        BackupError::Line { file: self.file.clone(), line, message: message.into() }
    }

    /// The next line (without its newline), or None at the end of the file.
    fn next(&mut self, hashed: bool) -> Result<Option<String>, BackupError> {
        let mut buf = Vec::new();
        let read = self.input.read_until(b'\n', &mut buf).map_err(|e| BackupError::Archive {
            file: self.file.clone(),
            message: format!("cannot read past line {}: {e}", self.line),
        })?;
        if read == 0 {
            return Ok(None);
        }
        self.line += 1;
        if hashed {
            self.hash.update(&buf);
        }
        if buf.last() == Some(&b'\n') {
            buf.pop();
        }
        String::from_utf8(buf).map(Some).map_err(|e| self.error(format!("not UTF-8 text ({e})")))
    }

    /// Reads and checks the header line; the archive's schema.
    fn header(&mut self) -> Result<Vec<SchemaMigration>, BackupError> {
        let Some(line) = self.next(true)? else {
            return Err(BackupError::Archive {
                file: self.file.clone(),
                message: "the file is empty, not a Throughline backup".into(),
            });
        };
        let not_ours = || {
            self.error(format!("not a Throughline backup: its first line is not {{\"format\":\"{ARCHIVE_FORMAT}\",…}}"))
        };
        let value: serde_json::Value = serde_json::from_str(&line).map_err(|_| not_ours())?;
        if value.get("format").and_then(|f| f.as_str()) != Some(ARCHIVE_FORMAT) {
            return Err(not_ours());
        }
        match value.get("version").and_then(|v| v.as_u64()) {
            Some(ARCHIVE_VERSION) => {}
            Some(v) => {
                return Err(self.error(format!(
                    "archive format version {v}; this throughline reads version {ARCHIVE_VERSION} (use a newer throughline)"
                )));
            }
            None => return Err(self.error("the header has no archive format \"version\"")),
        }
        let schema = value.get("schema").cloned().unwrap_or(serde_json::Value::Null);
        serde_json::from_value(schema)
            .map_err(|e| self.error(format!("the header's \"schema\" is not a list of migrations: {e}")))
    }
}

/// A row waiting to be inserted.
struct PendingRows {
    table: usize,
    first_line: u64,
    last_line: u64,
    rows: Vec<Vec<Cell>>,
    bytes: usize,
}

/// Reads every row line and the end line, inserting in batches; the rows per table.
async fn load_rows(
    archive: &mut ArchiveReader<'_>,
    tx: &mut Transaction<'static, Any>,
    progress: Progress<'_>,
) -> Result<Vec<u64>, BackupError> {
    let mut counts = vec![0u64; TABLES.len()];
    let mut current = 0usize;
    let mut pending = PendingRows { table: 0, first_line: 0, last_line: 0, rows: Vec::new(), bytes: 0 };
    loop {
        let hashed_before = archive.hash.clone();
        let Some(line) = archive.next(true)? else {
            return Err(BackupError::Archive {
                file: archive.file.clone(),
                message: format!(
                    "the archive ends at line {} without its \"end\" line: it is cut short, and nothing was restored",
                    archive.line
                ),
            });
        };
        let fields: BTreeMap<String, &RawValue> =
            serde_json::from_str(&line).map_err(|e| archive.error(format!("not a JSON object: {e}")))?;
        if let Some(end) = fields.get("end") {
            if fields.len() != 1 {
                return Err(archive.error("the end line holds more than \"end\""));
            }
            flush(&archive.file, tx, &mut pending).await?;
            check_end(archive, end, &counts, hashed_before)?;
            if archive.next(false)?.is_some() {
                return Err(archive.error("a line after the end line"));
            }
            return Ok(counts);
        }
        let (table_index, row) = parse_row(archive, &fields, current)?;
        current = table_index;
        if pending.table != table_index
            || pending.rows.len() >= BATCH_ROWS.min(BATCH_PARAMETERS / TABLES[table_index].columns.len())
            || pending.bytes >= BATCH_BYTES
        {
            flush(&archive.file, tx, &mut pending).await?;
            pending.table = table_index;
        }
        if pending.rows.is_empty() {
            pending.first_line = archive.line;
        }
        pending.last_line = archive.line;
        pending.bytes += line.len();
        pending.rows.push(row);
        counts[table_index] += 1;
        if counts[table_index].is_multiple_of(1000) {
            progress(TABLES[table_index].name, counts[table_index]);
        }
    }
}

/// Checks one row line: a known table, not before the tables already seen,
/// every column once, each value of its column's type.
fn parse_row(
    archive: &ArchiveReader<'_>,
    fields: &BTreeMap<String, &RawValue>,
    current: usize,
) -> Result<(usize, Vec<Cell>), BackupError> {
    if let Some(extra) = fields.keys().find(|k| *k != "table" && *k != "values") {
        return Err(archive.error(format!("unknown field {extra:?}: a row line holds \"table\" and \"values\"")));
    }
    let (Some(table), Some(values)) = (fields.get("table"), fields.get("values")) else {
        return Err(archive.error("a row line needs \"table\" and \"values\" (or this is an \"end\" line)"));
    };
    let table: String = serde_json::from_str(table.get()).map_err(|_| archive.error("\"table\" is not text"))?;
    let Some(index) = TABLES.iter().position(|t| t.name == table) else {
        return Err(archive.error(format!("unknown table {table:?}")));
    };
    if index < current {
        return Err(archive.error(format!(
            "a row of table {table} after rows of table {}: the archive's tables come in a fixed order",
            TABLES[current].name
        )));
    }
    let spec = &TABLES[index];
    let values: BTreeMap<String, &RawValue> = serde_json::from_str(values.get())
        .map_err(|e| archive.error(format!("table {table}: \"values\" is not an object: {e}")))?;
    if let Some(unknown) = values.keys().find(|k| spec.column(k).is_none()) {
        return Err(archive.error(format!("table {table} has no column {unknown:?}")));
    }
    let mut row = Vec::with_capacity(spec.columns.len());
    for column in spec.columns {
        let Some(raw) = values.get(column.name) else {
            return Err(archive.error(format!("table {table}: column {} is missing", column.name)));
        };
        let raw = raw.get();
        let wrong = || {
            let shown: String = raw.chars().take(60).collect();
            archive.error(format!(
                "table {table}, column {}: expected {}, found {shown}",
                column.name,
                column.kind.expected()
            ))
        };
        let cell = if raw == "null" {
            if !column.nullable {
                return Err(archive.error(format!("table {table}, column {}: may not be null", column.name)));
            }
            match column.kind {
                Kind::Text => Cell::Text(None),
                Kind::Int => Cell::Int(None),
                Kind::Float => Cell::Float(None),
            }
        } else {
            match column.kind {
                Kind::Text => Cell::Text(Some(serde_json::from_str::<String>(raw).map_err(|_| wrong())?)),
                Kind::Int => Cell::Int(Some(raw.parse::<i64>().map_err(|_| wrong())?)),
                // Rust's parser rounds correctly, so the number written reads back to the same value.
                Kind::Float => match raw.parse::<f64>() {
                    Ok(x) if x.is_finite() => Cell::Float(Some(x)),
                    _ => return Err(wrong()),
                },
            }
        };
        row.push(cell);
    }
    Ok((index, row))
}

/// Checks the end line: the rows it counts and the checksum of what came before.
fn check_end(
    archive: &ArchiveReader<'_>,
    end: &RawValue,
    counts: &[u64],
    hashed_before: Sha256,
) -> Result<(), BackupError> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct End {
        rows: BTreeMap<String, u64>,
        sha256: String,
    }
    let end: End = serde_json::from_str(end.get()).map_err(|e| {
        archive.error(format!("the end line should be {{\"end\":{{\"rows\":{{…}},\"sha256\":\"…\"}}}}: {e}"))
    })?;
    if let Some(unknown) = end.rows.keys().find(|k| !TABLES.iter().any(|t| &t.name == k)) {
        return Err(archive.error(format!("the end line counts an unknown table {unknown:?}")));
    }
    for (table, &held) in TABLES.iter().zip(counts) {
        let said = end.rows.get(table.name).copied().unwrap_or(0);
        if said != held {
            return Err(archive.error(format!(
                "the end line counts {said} rows of table {} but the archive holds {held}: rows are missing or added",
                table.name
            )));
        }
    }
    if hex(&hashed_before.finalize()) != end.sha256 {
        return Err(archive.error(
            "the archive's SHA-256 is not the one its end line gives: it was changed or damaged after it was written",
        ));
    }
    Ok(())
}

/// Inserts the pending rows in one statement.
async fn flush(file: &str, tx: &mut Transaction<'static, Any>, pending: &mut PendingRows) -> Result<(), BackupError> {
    if pending.rows.is_empty() {
        return Ok(());
    }
    let table = &TABLES[pending.table];
    let columns: Vec<&str> = table.columns.iter().map(|c| c.name).collect();
    let mut bound: Vec<&Cell> = Vec::new();
    let tuples: Vec<String> = pending
        .rows
        .iter()
        .map(|row| {
            let cells: Vec<String> = row.iter().map(|cell| placeholder(cell, &mut bound)).collect();
            format!("({})", cells.join(", "))
        })
        .collect();
    let sql = format!("INSERT INTO {} ({}) VALUES {}", table.name, columns.join(", "), tuples.join(", "));
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for cell in bound {
        query = match cell {
            Cell::Text(v) => query.bind(v.clone()),
            Cell::Int(v) => query.bind(*v),
            Cell::Float(v) => query.bind(*v),
        };
    }
    query.execute(&mut **tx).await.map_err(|e| {
        let lines = if pending.first_line == pending.last_line {
            format!("line {}", pending.first_line)
        } else {
            format!("lines {}-{}", pending.first_line, pending.last_line)
        };
        BackupError::Archive {
            file: file.to_string(),
            message: format!("{lines} (table {}): the database refused them: {e}; nothing was restored", table.name),
        }
    })?;
    pending.rows.clear();
    pending.bytes = 0;
    Ok(())
}
