//! Importing a programme file into a forum, all or nothing: read (every
//! error names file, line and field), merge over what the forum holds, save
//! in one transaction with the audit trail.

use serde::Serialize;
use throughline_core::merge_import;
use throughline_formats::{ImportOptions, read_import, slug_from_file_name};
use throughline_store::{SaveReport, StoreError};

use crate::App;
use crate::access::Permission;
use crate::actor::Actor;
use crate::error::AppError;

/// What an import did.
#[derive(Debug, Serialize)]
pub struct ImportResult {
    pub file: String,
    pub forum: String,
    pub sessions: usize,
    pub people: usize,
    pub tracks: usize,
    #[serde(flatten)]
    pub report: SaveReport,
    /// What was accepted but is worth a look.
    pub warnings: Vec<String>,
}

impl App {
    /// Reads and saves one file's bytes; nothing is written unless all of it
    /// is good. Over an existing forum, what the file only implies (a room or
    /// a person named in passing) leaves what was entered before as it is,
    /// and times without an offset are read in the forum's own time zone.
    /// Creating a forum is the operator's; importing into one, its admins'.
    pub async fn import(
        &self,
        actor: &Actor,
        name: &str,
        bytes: &[u8],
        options: &ImportOptions,
    ) -> Result<ImportResult, AppError> {
        let mut options = options.clone();
        if let Some(forum) = &options.forum
            && !throughline_core::slug::is_valid_slug(forum)
        {
            let suggested = throughline_core::slug::slugify(forum);
            let example = if suggested.is_empty() { "igf-2026".to_string() } else { suggested };
            return Err(AppError::invalid(
                "forum",
                format!(
                    "{forum:?} is not a forum id: use lowercase letters, digits and single hyphens (e.g. {example:?})"
                ),
            ));
        }
        let slug = options.forum.clone().unwrap_or_else(|| slug_from_file_name(name));
        let before = self.store.load_programme(&slug).await?;
        if options.time_zone.is_none() {
            options.time_zone = before.as_ref().map(|p| p.forum.time_zone.name().to_string());
        }
        let import = read_import(name, bytes, &options)?;
        let forum = import.programme.forum.slug.clone();
        actor.require(&Permission::Administer { forum: forum.clone() })?;
        let existing = if forum == slug { before } else { self.store.load_programme(&forum).await? };
        if existing.is_none() && !matches!(actor, Actor::Operator(_)) {
            return Err(AppError::Forbidden(format!(
                "forum {forum:?} does not exist: new forums are created from the command line"
            )));
        }
        // The file was valid on its own; the forum it makes (with what the
        // file leaves out) must be too: the store checks it before it commits.
        // Over an existing forum the merge was made from an earlier read, so
        // it is saved over that read: what others changed meanwhile in
        // records the file leaves alone is kept, and a record both changed
        // is a conflict.
        let (programme, saved) = match &existing {
            Some(existing) => {
                let programme = merge_import(existing, import.programme, &import.declared);
                let saved = self.store.save_programme_over(existing, &programme, &actor.audit_name()).await;
                (programme, saved)
            }
            None => {
                let saved = self.store.save_new_programme(&import.programme, &actor.audit_name()).await;
                (import.programme, saved)
            }
        };
        let report = match saved {
            Err(StoreError::Inconsistent(e)) => {
                return Err(AppError::invalid("programme", format!("{name}: merged into forum {forum:?}: {e}")));
            }
            other => other?,
        };
        Ok(ImportResult {
            file: name.to_string(),
            forum,
            sessions: programme.sessions.len(),
            people: programme.people.len(),
            tracks: programme.tracks.len(),
            report,
            warnings: import.warnings,
        })
    }
}
