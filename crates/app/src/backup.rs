//! Backup and restore of the whole database (`Store::backup`,
//! `Store::restore`): the operator's acts at the terminal only. An archive
//! holds every forum and every account (password hashes, API token hashes),
//! so no account of the web application may make one, not even a forum's
//! admin, whose rights end at their forum; and a restore replaces what a
//! server holds as a whole.

use std::io::{Read, Write};

use throughline_store::{ArchiveSummary, BackupError};

use crate::App;
use crate::actor::Actor;
use crate::error::AppError;

impl App {
    /// Writes the whole database to `out` as one archive (gzipped when
    /// `gzip`) from one consistent snapshot, while others may write.
    pub async fn backup(
        &self,
        actor: &Actor,
        out: &mut (dyn Write + Send),
        gzip: bool,
        progress: &mut (dyn FnMut(&str, u64) + Send),
    ) -> Result<ArchiveSummary, AppError> {
        require_operator(actor, "back up the database")?;
        Ok(self.store.backup(out, gzip, progress).await?)
    }

    /// Loads an archive into this database, which must be empty: all of it
    /// in one transaction, or nothing. `file` names the archive in errors.
    pub async fn restore(
        &self,
        actor: &Actor,
        file: &str,
        input: &mut (dyn Read + Send),
        progress: &mut (dyn FnMut(&str, u64) + Send),
    ) -> Result<ArchiveSummary, AppError> {
        require_operator(actor, "restore a backup")?;
        Ok(self.store.restore(file, input, progress).await?)
    }
}

fn require_operator(actor: &Actor, what: &str) -> Result<(), AppError> {
    match actor {
        Actor::Operator(_) => Ok(()),
        _ => Err(AppError::Forbidden(format!(
            "only the operator at the terminal may {what}: an archive holds every forum and every account"
        ))),
    }
}

impl From<BackupError> for AppError {
    fn from(e: BackupError) -> AppError {
        match e {
            BackupError::Store(e) => e.into(),
            e @ BackupError::NotEmpty { .. } => AppError::Conflict(e.to_string()),
            other => AppError::Archive(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use throughline_core::{AccountRole, Grant};
    use throughline_store::testing::TestDatabase;
    use throughline_store::{Store, User};

    use super::*;

    #[tokio::test]
    async fn only_the_operator_backs_up_and_restores() {
        let db = TestDatabase::sqlite();
        let app = App::new(Store::open(&db.url).await.unwrap());
        let admin = Actor::User(User {
            id: "u".into(),
            email: "admin@example.org".into(),
            name: "Admin".into(),
            password_hash: None,
            created_at: "2026-01-01T00:00:00Z".parse().unwrap(),
            grants: vec![Grant { forum: "f".into(), role: AccountRole::Admin, scope: String::new() }],
        });
        let mut archive = Vec::new();
        for actor in [&admin, &Actor::Anonymous] {
            let err = app.backup(actor, &mut archive, false, &mut |_, _| {}).await.unwrap_err();
            assert!(matches!(err, AppError::Forbidden(_)), "{err}");
            assert!(archive.is_empty());
        }
        let operator = Actor::Operator("cli:test".into());
        let summary = app.backup(&operator, &mut archive, false, &mut |_, _| {}).await.unwrap();
        assert_eq!(summary.rows, 0);
        let err = app.restore(&admin, "a.jsonl", &mut &archive[..], &mut |_, _| {}).await.unwrap_err();
        assert!(matches!(err, AppError::Forbidden(_)), "{err}");

        // An empty database's archive restores into an empty database; one of another schema is refused.
        app.restore(&operator, "a.jsonl", &mut &archive[..], &mut |_, _| {}).await.unwrap();
        let bad = b"{\"format\":\"throughline-backup\",\"version\":1,\"schema\":[]}\n".to_vec();
        let err = app.restore(&operator, "b.jsonl", &mut &bad[..], &mut |_, _| {}).await.unwrap_err();
        assert!(matches!(err, AppError::Archive(_)), "{err}");
        assert!(err.to_string().starts_with("b.jsonl:1: the archive has schema migrations []"), "{err}");
    }
}
