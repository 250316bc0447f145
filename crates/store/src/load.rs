//! Reading a whole forum back into a [`Programme`].

use sqlx::any::AnyRow;
use throughline_core::Programme;

use crate::rows::{
    read_document, read_forum, read_membership, read_participation, read_person, read_room, read_session, read_slot,
    read_track,
};
use crate::{Store, StoreError};

impl Store {
    /// The forum with this slug, or None if there is none.
    pub async fn load_programme(&self, forum: &str) -> Result<Option<Programme>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        load_with(&mut conn, forum).await
    }
}

/// Reads the forum through the given connection (a transaction's, when saving).
pub(crate) async fn load_with(conn: &mut sqlx::AnyConnection, forum: &str) -> Result<Option<Programme>, StoreError> {
    let Some(row) =
        sqlx::query("SELECT * FROM forums WHERE slug = $1").bind(forum.to_string()).fetch_optional(&mut *conn).await?
    else {
        return Ok(None);
    };
    let mut p = Programme::new(read_forum(&row)?);
    async fn all<T>(
        conn: &mut sqlx::AnyConnection,
        sql: &'static str,
        forum: &str,
        read: fn(&AnyRow) -> Result<T, StoreError>,
    ) -> Result<Vec<T>, StoreError> {
        let rows = sqlx::query(sql).bind(forum.to_string()).fetch_all(&mut *conn).await?;
        rows.iter().map(read).collect()
    }
    p.rooms = all(conn, "SELECT * FROM rooms WHERE forum = $1", forum, read_room).await?;
    p.slots = all(conn, "SELECT * FROM slots WHERE forum = $1", forum, read_slot).await?;
    p.sessions = all(conn, "SELECT * FROM sessions WHERE forum = $1", forum, read_session).await?;
    p.people = all(conn, "SELECT * FROM people WHERE forum = $1", forum, read_person).await?;
    p.participations = all(conn, "SELECT * FROM participations WHERE forum = $1", forum, read_participation).await?;
    p.tracks = all(conn, "SELECT * FROM tracks WHERE forum = $1", forum, read_track).await?;
    p.memberships = all(conn, "SELECT * FROM track_memberships WHERE forum = $1", forum, read_membership).await?;
    p.mechanisms = all(conn, "SELECT * FROM mechanisms WHERE forum = $1", forum, read_document).await?;
    p.reports = all(conn, "SELECT * FROM session_reports WHERE forum = $1", forum, read_document).await?;
    p.sort();
    Ok(Some(p))
}
