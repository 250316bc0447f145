//! How each domain value maps to a table row and back. Writes go through one
//! generic upsert/delete over [`TableRow`]s; reads decode with the `read_*`
//! functions. Lists are JSON arrays in TEXT columns; instants are RFC 3339 text.

use serde::Serialize;
use serde::de::DeserializeOwned;
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};
use throughline_core::forum::IanaZone;
use throughline_core::session::StandardKind;
use throughline_core::{
    CooperationMechanism, Forum, Gender, MembershipOrigin, MembershipRole, MembershipStatus, Participation, Person,
    ProposalStatus, Role, Room, Session, SessionFormat, SessionKind, SessionReport, Slot, StakeholderGroup, Track,
    TrackKind, TrackMembership, TrackStatus,
};

use crate::StoreError;

/// One value of a column.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Text(Option<String>),
    Int(Option<i64>),
    Float(Option<f64>),
}

fn text(s: &str) -> Cell {
    Cell::Text(Some(s.to_string()))
}

fn opt_text(s: Option<&str>) -> Cell {
    Cell::Text(s.map(str::to_string))
}

#[allow(
    clippy::expect_used,
    reason = "domain values are plain data (string keys only), which serde_json always serialises"
)]
fn json_list<T: Serialize>(items: &[T]) -> Cell {
    Cell::Text(Some(serde_json::to_string(items).expect("lists serialise")))
}

/// How the audit trail and the saves key a track membership: `track/session`.
pub(crate) fn membership_key(m: &TrackMembership) -> String {
    format!("{}/{}", key_part(&m.track), key_part(&m.session))
}

/// How the audit trail and the saves key a participation: `session/person/role`.
pub(crate) fn participation_key(x: &Participation) -> String {
    format!("{}/{}/{}", key_part(&x.session), key_part(&x.person), x.role.code())
}

/// One part of a composite key, with `%` and `/` escaped so that no two
/// different tuples make the same key (session `a` with person `b/c` is not
/// session `a/b` with person `c`).
fn key_part(part: &str) -> std::borrow::Cow<'_, str> {
    if part.contains(['%', '/']) { part.replace('%', "%25").replace('/', "%2F").into() } else { part.into() }
}

/// Tables whose rows carry a `version` that every update raises, so that an
/// edit made from an older version is refused as a conflict
/// (`Store::update_session`).
pub(crate) const VERSIONED_TABLES: &[&str] = &["sessions"];

/// A row of a table: the key columns and the other columns.
pub(crate) struct TableRow {
    pub table: &'static str,
    pub keys: Vec<(&'static str, Cell)>,
    pub values: Vec<(&'static str, Cell)>,
}

fn bind_all<'q>(
    mut q: sqlx::query::Query<'q, Any, sqlx::any::AnyArguments>,
    cells: impl Iterator<Item = &'q Cell>,
) -> sqlx::query::Query<'q, Any, sqlx::any::AnyArguments> {
    for cell in cells {
        q = match cell {
            Cell::Text(v) => q.bind(v.clone()),
            Cell::Int(v) => q.bind(*v),
            Cell::Float(v) => q.bind(*v),
        };
    }
    q
}

/// Inserts the row, or updates its non-key columns where the key exists.
pub(crate) async fn upsert(tx: &mut Transaction<'_, Any>, row: &TableRow) -> Result<(), sqlx::Error> {
    let conflict = if row.values.is_empty() {
        "DO NOTHING".to_string()
    } else {
        let mut sets: Vec<String> = row.values.iter().map(|(c, _)| format!("{c} = excluded.{c}")).collect();
        if VERSIONED_TABLES.contains(&row.table) {
            sets.push(format!("version = {}.version + 1", row.table));
        }
        format!("DO UPDATE SET {}", sets.join(", "))
    };
    insert(tx, row, &conflict).await?;
    Ok(())
}

/// Inserts the row unless one with its key exists; the number of rows written (0 or 1).
pub(crate) async fn insert_new(tx: &mut Transaction<'_, Any>, row: &TableRow) -> Result<u64, sqlx::Error> {
    insert(tx, row, "DO NOTHING").await
}

/// What an INSERT writes for one cell: `$n`, the cell bound as the n-th
/// parameter, or the literal NULL for a missing float. That one is not
/// bound: sqlx's Any driver binds a float NULL as a 4-byte REAL, and
/// PostgreSQL would then keep that type for the statement and refuse the
/// 8-byte values later.
pub(crate) fn placeholder<'c>(cell: &'c Cell, bound: &mut Vec<&'c Cell>) -> String {
    if *cell == Cell::Float(None) {
        "NULL".to_string()
    } else {
        bound.push(cell);
        format!("${}", bound.len())
    }
}

/// `INSERT … ON CONFLICT (keys) {conflict}`; the number of rows written.
async fn insert(tx: &mut Transaction<'_, Any>, row: &TableRow, conflict: &str) -> Result<u64, sqlx::Error> {
    let columns: Vec<&str> = row.keys.iter().chain(&row.values).map(|(c, _)| *c).collect();
    let cells: Vec<&Cell> = row.keys.iter().chain(&row.values).map(|(_, c)| c).collect();
    let mut bound = Vec::with_capacity(cells.len());
    let placeholders: Vec<String> = cells.iter().map(|&cell| placeholder(cell, &mut bound)).collect();
    let keys: Vec<&str> = row.keys.iter().map(|(c, _)| *c).collect();
    let sql = format!(
        "INSERT INTO {} ({}) VALUES ({}) ON CONFLICT ({}) {conflict}",
        row.table,
        columns.join(", "),
        placeholders.join(", "),
        keys.join(", ")
    );
    let done = bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)), bound.into_iter()).execute(&mut **tx).await?;
    Ok(done.rows_affected())
}

/// Deletes the row with the row's key.
pub(crate) async fn delete(tx: &mut Transaction<'_, Any>, row: &TableRow) -> Result<(), sqlx::Error> {
    let conditions: Vec<String> = row.keys.iter().enumerate().map(|(i, (c, _))| format!("{c} = ${}", i + 1)).collect();
    let sql = format!("DELETE FROM {} WHERE {}", row.table, conditions.join(" AND "));
    bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)), row.keys.iter().map(|(_, c)| c)).execute(&mut **tx).await?;
    Ok(())
}

pub(crate) fn forum_row(f: &Forum) -> TableRow {
    TableRow {
        table: "forums",
        keys: vec![("slug", text(&f.slug))],
        values: vec![
            ("name", text(&f.name)),
            ("edition", opt_text(f.edition.as_deref())),
            ("city", opt_text(f.city.as_deref())),
            ("country", opt_text(f.country.as_deref())),
            ("time_zone", text(f.time_zone.name())),
            ("report_due_days", Cell::Int(Some(i64::from(f.report_due_days)))),
        ],
    }
}

pub(crate) fn room_row(forum: &str, r: &Room) -> TableRow {
    TableRow {
        table: "rooms",
        keys: vec![("forum", text(forum)), ("name", text(&r.name))],
        values: vec![
            ("capacity", Cell::Int(r.capacity.map(i64::from))),
            ("remote", Cell::Int(Some(i64::from(r.remote)))),
        ],
    }
}

pub(crate) fn slot_row(forum: &str, s: &Slot) -> TableRow {
    TableRow {
        table: "slots",
        keys: vec![("forum", text(forum)), ("starts_at", text(&s.start.to_string()))],
        values: vec![("ends_at", text(&s.end.to_string()))],
    }
}

pub(crate) fn session_row(forum: &str, s: &Session) -> TableRow {
    TableRow {
        table: "sessions",
        keys: vec![("forum", text(forum)), ("code", text(&s.code))],
        values: vec![
            ("title", text(&s.title)),
            ("description", text(&s.description)),
            ("kind", text(s.kind.code())),
            ("format", opt_text(s.format.map(|f| f.code()))),
            ("policy_questions", json_list(&s.policy_questions)),
            ("tags", json_list(&s.tags)),
            ("duration_minutes", Cell::Int(Some(i64::from(s.duration_minutes)))),
            ("languages", json_list(&s.languages)),
            ("status", text(s.status.code())),
            ("merged_into", opt_text(s.status.merged_into())),
            ("starts_at", opt_text(s.start.map(|t| t.to_string()).as_deref())),
            ("room", opt_text(s.room.as_deref())),
            ("expected_attendance", Cell::Int(s.expected_attendance.map(i64::from))),
            ("preferred_days", json_list(&s.preferred_days)),
            ("remote_link", opt_text(s.remote_link.as_deref())),
            ("links", json_list(&s.links)),
        ],
    }
}

pub(crate) fn person_row(forum: &str, p: &Person) -> TableRow {
    TableRow {
        table: "people",
        keys: vec![("forum", text(forum)), ("person_key", text(&p.key))],
        values: vec![
            ("name", text(&p.name)),
            ("affiliation", opt_text(p.affiliation.as_deref())),
            ("stakeholder_group", opt_text(p.stakeholder_group.map(|g| g.code()))),
            ("country", opt_text(p.country.as_deref())),
            ("gender", opt_text(p.gender.map(|g| g.code()))),
            ("first_time", Cell::Int(p.first_time.map(i64::from))),
            ("unavailable", json_list(&p.unavailable)),
        ],
    }
}

pub(crate) fn participation_row(forum: &str, p: &Participation) -> TableRow {
    TableRow {
        table: "participations",
        keys: vec![
            ("forum", text(forum)),
            ("session", text(&p.session)),
            ("person_key", text(&p.person)),
            ("role", text(p.role.code())),
        ],
        values: vec![],
    }
}

pub(crate) fn track_row(forum: &str, t: &Track) -> TableRow {
    TableRow {
        table: "tracks",
        keys: vec![("forum", text(forum)), ("slug", text(&t.slug))],
        values: vec![
            ("title", text(&t.title)),
            ("kind", text(t.kind.code())),
            ("status", text(t.status.code())),
            ("narrative", text(&t.narrative)),
            ("policy_questions", json_list(&t.policy_questions)),
            ("seed_terms", json_list(&t.seed_terms)),
            ("colour", opt_text(t.colour.as_deref())),
            ("coordinators", json_list(&t.coordinators)),
            ("example_sessions", json_list(&t.example_sessions)),
            ("intro_session", opt_text(t.intro_session.as_deref())),
            ("concluding_session", opt_text(t.concluding_session.as_deref())),
        ],
    }
}

pub(crate) fn membership_row(forum: &str, m: &TrackMembership) -> TableRow {
    TableRow {
        table: "track_memberships",
        keys: vec![("forum", text(forum)), ("track", text(&m.track)), ("session", text(&m.session))],
        values: vec![
            ("score", Cell::Float(m.score)),
            ("reasons", json_list(&m.reasons)),
            ("origin", text(m.origin.code())),
            ("status", text(m.status.code())),
            ("membership_role", text(m.role.code())),
            ("decided_by", opt_text(m.decided_by.as_deref())),
            ("decided_at", opt_text(m.decided_at.map(|t| t.to_string()).as_deref())),
        ],
    }
}

#[allow(
    clippy::expect_used,
    reason = "domain values are plain data (string keys only), which serde_json always serialises"
)]
pub(crate) fn mechanism_row(forum: &str, m: &CooperationMechanism) -> TableRow {
    TableRow {
        table: "mechanisms",
        keys: vec![("forum", text(forum)), ("id", text(&m.id))],
        values: vec![
            ("name", text(&m.name)),
            ("document", Cell::Text(Some(serde_json::to_string(m).expect("serialises")))),
        ],
    }
}

#[allow(
    clippy::expect_used,
    reason = "domain values are plain data (string keys only), which serde_json always serialises"
)]
pub(crate) fn report_row(forum: &str, r: &SessionReport) -> TableRow {
    TableRow {
        table: "session_reports",
        keys: vec![("forum", text(forum)), ("session", text(&r.session))],
        values: vec![("document", Cell::Text(Some(serde_json::to_string(r).expect("serialises"))))],
    }
}

// ---- reading rows back ----

fn corrupt(what: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(what.to_string())
}

fn get_text(r: &AnyRow, col: &str) -> Result<String, StoreError> {
    Ok(r.try_get::<String, _>(col)?)
}

fn get_opt_text(r: &AnyRow, col: &str) -> Result<Option<String>, StoreError> {
    Ok(r.try_get::<Option<String>, _>(col)?)
}

fn get_list<T: DeserializeOwned>(r: &AnyRow, col: &str) -> Result<Vec<T>, StoreError> {
    let s = get_text(r, col)?;
    serde_json::from_str(&s).map_err(|e| corrupt(format!("{col}: {e}")))
}

fn get_u32(r: &AnyRow, col: &str) -> Result<Option<u32>, StoreError> {
    r.try_get::<Option<i64>, _>(col)?
        .map(|v| u32::try_from(v).map_err(|_| corrupt(format!("{col}: {v} is out of range"))))
        .transpose()
}

fn get_time(r: &AnyRow, col: &str) -> Result<Option<jiff::Timestamp>, StoreError> {
    get_opt_text(r, col)?.map(|s| s.parse().map_err(|e| corrupt(format!("{col}: {s:?}: {e}")))).transpose()
}

fn parse_enum<T>(value: &str, parse: fn(&str) -> Result<T, throughline_core::UnknownValue>) -> Result<T, StoreError> {
    parse(value).map_err(corrupt)
}

fn get_enum<T>(
    r: &AnyRow,
    col: &str,
    parse: fn(&str) -> Result<T, throughline_core::UnknownValue>,
) -> Result<T, StoreError> {
    parse_enum(&get_text(r, col)?, parse)
}

fn get_opt_enum<T>(
    r: &AnyRow,
    col: &str,
    parse: fn(&str) -> Result<T, throughline_core::UnknownValue>,
) -> Result<Option<T>, StoreError> {
    get_opt_text(r, col)?.map(|v| parse_enum(&v, parse)).transpose()
}

pub(crate) fn read_forum(r: &AnyRow) -> Result<Forum, StoreError> {
    Ok(Forum {
        slug: get_text(r, "slug")?,
        name: get_text(r, "name")?,
        edition: get_opt_text(r, "edition")?,
        city: get_opt_text(r, "city")?,
        country: get_opt_text(r, "country")?,
        time_zone: IanaZone::parse(&get_text(r, "time_zone")?).map_err(corrupt)?,
        report_due_days: get_u32(r, "report_due_days")?.unwrap_or(throughline_core::report::DEFAULT_DUE_DAYS),
    })
}

pub(crate) fn read_room(r: &AnyRow) -> Result<Room, StoreError> {
    Ok(Room {
        name: get_text(r, "name")?,
        capacity: get_u32(r, "capacity")?,
        remote: r.try_get::<i64, _>("remote")? != 0,
    })
}

pub(crate) fn read_slot(r: &AnyRow) -> Result<Slot, StoreError> {
    Ok(Slot {
        start: get_time(r, "starts_at")?.ok_or_else(|| corrupt("slot without start"))?,
        end: get_time(r, "ends_at")?.ok_or_else(|| corrupt("slot without end"))?,
    })
}

pub(crate) fn read_session(r: &AnyRow) -> Result<Session, StoreError> {
    let status =
        ProposalStatus::parse(&get_text(r, "status")?, get_opt_text(r, "merged_into")?.as_deref()).map_err(corrupt)?;
    let kind = get_text(r, "kind")?;
    Ok(Session {
        code: get_text(r, "code")?,
        title: get_text(r, "title")?,
        description: get_text(r, "description")?,
        kind: match StandardKind::parse(&kind) {
            Ok(k) if k.code() == kind => SessionKind::Standard(k),
            _ => SessionKind::Custom(kind),
        },
        format: get_opt_enum(r, "format", SessionFormat::parse)?,
        policy_questions: get_list(r, "policy_questions")?,
        tags: get_list(r, "tags")?,
        duration_minutes: get_u32(r, "duration_minutes")?.ok_or_else(|| corrupt("session without duration"))?,
        languages: get_list(r, "languages")?,
        status,
        start: get_time(r, "starts_at")?,
        room: get_opt_text(r, "room")?,
        expected_attendance: get_u32(r, "expected_attendance")?,
        preferred_days: get_list(r, "preferred_days")?,
        remote_link: get_opt_text(r, "remote_link")?,
        links: get_list(r, "links")?,
    })
}

pub(crate) fn read_person(r: &AnyRow) -> Result<Person, StoreError> {
    Ok(Person {
        key: get_text(r, "person_key")?,
        name: get_text(r, "name")?,
        affiliation: get_opt_text(r, "affiliation")?,
        stakeholder_group: get_opt_enum(r, "stakeholder_group", StakeholderGroup::parse)?,
        country: get_opt_text(r, "country")?,
        gender: get_opt_enum(r, "gender", Gender::parse)?,
        first_time: get_u32(r, "first_time")?.map(|v| v != 0),
        unavailable: get_list(r, "unavailable")?,
    })
}

pub(crate) fn read_participation(r: &AnyRow) -> Result<Participation, StoreError> {
    Ok(Participation {
        session: get_text(r, "session")?,
        person: get_text(r, "person_key")?,
        role: get_enum(r, "role", Role::parse)?,
    })
}

pub(crate) fn read_track(r: &AnyRow) -> Result<Track, StoreError> {
    Ok(Track {
        slug: get_text(r, "slug")?,
        title: get_text(r, "title")?,
        kind: get_enum(r, "kind", TrackKind::parse)?,
        status: get_enum(r, "status", TrackStatus::parse)?,
        narrative: get_text(r, "narrative")?,
        policy_questions: get_list(r, "policy_questions")?,
        seed_terms: get_list(r, "seed_terms")?,
        colour: get_opt_text(r, "colour")?,
        coordinators: get_list(r, "coordinators")?,
        example_sessions: get_list(r, "example_sessions")?,
        intro_session: get_opt_text(r, "intro_session")?,
        concluding_session: get_opt_text(r, "concluding_session")?,
    })
}

pub(crate) fn read_membership(r: &AnyRow) -> Result<TrackMembership, StoreError> {
    Ok(TrackMembership {
        track: get_text(r, "track")?,
        session: get_text(r, "session")?,
        score: r.try_get::<Option<f64>, _>("score")?,
        reasons: get_list(r, "reasons")?,
        origin: get_enum(r, "origin", MembershipOrigin::parse)?,
        status: get_enum(r, "status", MembershipStatus::parse)?,
        role: get_enum(r, "membership_role", MembershipRole::parse)?,
        decided_by: get_opt_text(r, "decided_by")?,
        decided_at: get_time(r, "decided_at")?,
    })
}

pub(crate) fn read_document<T: DeserializeOwned>(r: &AnyRow) -> Result<T, StoreError> {
    let doc = get_text(r, "document")?;
    serde_json::from_str(&doc).map_err(|e| corrupt(format!("document: {e}")))
}
