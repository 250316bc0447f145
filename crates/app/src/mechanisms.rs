//! The cooperation-mechanism registry: a session's organiser or rapporteur
//! records the mechanisms the session identified (typed in, or picked from
//! the catalogue of known ones); the secretariat imports them in bulk; the
//! forum's coordinators see the whole registry, the records worth merging,
//! and merge two records of one mechanism (or undo a merge). Every change is
//! saved over the forum as it was read, so a concurrent change to the same
//! record is a conflict, and lands in the audit trail with the record before
//! and after.

use serde::Serialize;
use throughline_core::mechanism::{
    CatalogueEntry, MechanismGap, MechanismOutput, MechanismScope, MechanismStatus, MechanismType, registry, root_of,
};
use throughline_core::{CooperationMechanism, Country, MechanismActor, PolicyIssue, Programme, RegisteredMechanism};
use throughline_report::{MergeSuggestion, suggest_merges};

use crate::App;
use crate::access::Permission;
use crate::actor::Actor;
use crate::curation::check_text;
use crate::error::AppError;

/// A mechanism as an organiser describes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MechanismInput {
    pub name: String,
    pub description: String,
    /// Digital Watch issue codes or names.
    pub issues: Vec<String>,
    pub scope: MechanismScope,
    pub kind: MechanismType,
    pub status: MechanismStatus,
    pub outputs: Vec<MechanismOutput>,
    pub gaps: Vec<MechanismGap>,
    pub actors: Vec<MechanismActor>,
}

/// One record and where it stands in the registry.
#[derive(Debug, Clone, Serialize)]
pub struct MechanismDetail {
    /// The record as entered.
    pub record: CooperationMechanism,
    /// The registry entry it belongs to (itself, or the record it was merged into, with everything merged there).
    pub entry: RegisteredMechanism,
}

/// What a mechanisms file changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct MechanismImport {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

impl App {
    /// The registry of the forum: one entry per mechanism, merged records inside.
    pub async fn mechanism_registry(&self, actor: &Actor, forum: &str) -> Result<Vec<RegisteredMechanism>, AppError> {
        actor.require(&Permission::CurateMechanisms { forum: forum.to_string() })?;
        Ok(registry(&self.programme(forum).await?.mechanisms))
    }

    /// Every record as entered (merged ones too), for an export.
    pub async fn mechanism_records(&self, actor: &Actor, forum: &str) -> Result<Vec<CooperationMechanism>, AppError> {
        actor.require(&Permission::CurateMechanisms { forum: forum.to_string() })?;
        Ok(self.programme(forum).await?.mechanisms)
    }

    /// One record, with its registry entry.
    pub async fn mechanism(&self, actor: &Actor, forum: &str, id: &str) -> Result<MechanismDetail, AppError> {
        actor.require(&Permission::CurateMechanisms { forum: forum.to_string() })?;
        let p = self.programme(forum).await?;
        let record = find(&p, id)?.clone();
        let root = root_of(&p.mechanisms, id).unwrap_or(id);
        let entry = registry(&p.mechanisms)
            .into_iter()
            .find(|e| e.mechanism.id == root)
            .ok_or_else(|| AppError::NotFound(format!("no registry entry holds mechanism {id:?}")))?;
        Ok(MechanismDetail { record, entry })
    }

    /// The pairs of registry entries that look like one mechanism.
    pub async fn mechanism_merge_suggestions(
        &self,
        actor: &Actor,
        forum: &str,
    ) -> Result<Vec<MergeSuggestion>, AppError> {
        actor.require(&Permission::CurateMechanisms { forum: forum.to_string() })?;
        Ok(suggest_merges(&self.programme(forum).await?.mechanisms))
    }

    /// Records a mechanism that `session` identified; returns its id (a slug
    /// of the name, made unique: a second record of the same name is kept
    /// as entered, and the registry suggests merging the two).
    pub async fn record_mechanism(
        &self,
        actor: &Actor,
        forum: &str,
        session: &str,
        input: &MechanismInput,
    ) -> Result<String, AppError> {
        actor.require(&Permission::RecordMechanism { forum: forum.to_string(), session: session.to_string() })?;
        let p = self.programme(forum).await?;
        known_session(&p, session)?;
        let mut m = checked(input)?;
        let stem = throughline_core::slugify(&m.name);
        if stem.is_empty() {
            return Err(AppError::invalid("name", "has no letter or digit to make an id from"));
        }
        m.id = unique_id(&p, &stem);
        m.sessions = vec![session.to_string()];
        let mut new = p.clone();
        new.mechanisms.push(m.clone());
        self.store.save_programme_over(&p, &new, &actor.audit_name()).await?;
        Ok(m.id)
    }

    /// Records that `session` identified a mechanism of the catalogue: the
    /// forum's record of it gains the session, or is made from the catalogue.
    pub async fn record_catalogue_mechanism(
        &self,
        actor: &Actor,
        forum: &str,
        session: &str,
        catalogue_id: &str,
    ) -> Result<String, AppError> {
        actor.require(&Permission::RecordMechanism { forum: forum.to_string(), session: session.to_string() })?;
        let entry = CatalogueEntry::find(catalogue_id).ok_or_else(|| {
            let ids: Vec<&str> = CatalogueEntry::all().iter().map(|e| e.id).collect();
            AppError::invalid(
                "catalogue",
                format!("no catalogue mechanism {catalogue_id:?} (known: {})", ids.join(", ")),
            )
        })?;
        let p = self.programme(forum).await?;
        known_session(&p, session)?;
        let mut new = p.clone();
        match new.mechanisms.iter_mut().find(|m| m.id == entry.id) {
            Some(m) if m.sessions.iter().any(|s| s == session) => return Ok(m.id.clone()),
            Some(m) => m.sessions.push(session.to_string()),
            None => {
                let mut m = entry.mechanism();
                m.sessions = vec![session.to_string()];
                new.mechanisms.push(m);
            }
        }
        self.store.save_programme_over(&p, &new, &actor.audit_name()).await?;
        Ok(entry.id.to_string())
    }

    /// Merges record `from` into `into` (they are one mechanism). `from`
    /// keeps what its organiser entered; the registry shows it inside `into`.
    pub async fn merge_mechanism(&self, actor: &Actor, forum: &str, from: &str, into: &str) -> Result<(), AppError> {
        actor.require(&Permission::CurateMechanisms { forum: forum.to_string() })?;
        let p = self.programme(forum).await?;
        let source = find(&p, from)?;
        let target = find(&p, into)?;
        if from == into {
            return Err(AppError::invalid("into", "a mechanism cannot be merged into itself"));
        }
        if let Some(already) = &source.merged_into {
            return Err(AppError::Conflict(format!(
                "mechanism {from:?} is already merged into {already:?} (undo that merge first)"
            )));
        }
        if let Some(root) = &target.merged_into {
            let root = root_of(&p.mechanisms, into).unwrap_or(root);
            return Err(AppError::invalid(
                "into",
                format!("mechanism {into:?} is itself merged into {root:?}: merge into {root:?}"),
            ));
        }
        let mut new = p.clone();
        for m in &mut new.mechanisms {
            if m.id == from {
                m.merged_into = Some(into.to_string());
            }
        }
        self.store.save_programme_over(&p, &new, &actor.audit_name()).await?;
        Ok(())
    }

    /// Undoes the merge of record `id`: it is an entry of the registry again.
    pub async fn unmerge_mechanism(&self, actor: &Actor, forum: &str, id: &str) -> Result<(), AppError> {
        actor.require(&Permission::CurateMechanisms { forum: forum.to_string() })?;
        let p = self.programme(forum).await?;
        if find(&p, id)?.merged_into.is_none() {
            return Err(AppError::Conflict(format!("mechanism {id:?} is not merged into another")));
        }
        let mut new = p.clone();
        for m in &mut new.mechanisms {
            if m.id == id {
                m.merged_into = None;
            }
        }
        self.store.save_programme_over(&p, &new, &actor.audit_name()).await?;
        Ok(())
    }

    /// Imports a mechanisms file (JSON Lines or CSV), all or nothing: a
    /// record whose id the forum holds replaces it, the others are added.
    pub async fn import_mechanisms(
        &self,
        actor: &Actor,
        forum: &str,
        file: &str,
        bytes: &[u8],
    ) -> Result<MechanismImport, AppError> {
        actor.require(&Permission::Administer { forum: forum.to_string() })?;
        let p = self.programme(forum).await?;
        let read = throughline_formats::mechanism_records::read_mechanisms(file, bytes, &p)?;
        let mut new = p.clone();
        let mut counts = MechanismImport::default();
        for m in read {
            match new.mechanisms.iter_mut().find(|known| known.id == m.id) {
                Some(known) if *known == m => counts.unchanged += 1,
                Some(known) => {
                    *known = m;
                    counts.updated += 1;
                }
                None => {
                    new.mechanisms.push(m);
                    counts.created += 1;
                }
            }
        }
        self.store.save_programme_over(&p, &new, &actor.audit_name()).await?;
        Ok(counts)
    }
}

fn find<'a>(p: &'a Programme, id: &str) -> Result<&'a CooperationMechanism, AppError> {
    p.mechanisms.iter().find(|m| m.id == id).ok_or_else(|| {
        AppError::NotFound(format!(
            "no mechanism {id:?} in forum {:?} (`throughline mechanism list` lists them)",
            p.forum.slug
        ))
    })
}

fn known_session(p: &Programme, session: &str) -> Result<(), AppError> {
    match p.session(session) {
        Some(_) => Ok(()),
        None => Err(AppError::NotFound(format!("no session {session:?} in forum {:?}", p.forum.slug))),
    }
}

/// `stem`, or `stem-2`, `stem-3`… whichever the forum does not hold yet.
fn unique_id(p: &Programme, stem: &str) -> String {
    let taken = |id: &str| p.mechanisms.iter().any(|m| m.id == id);
    if !taken(stem) {
        return stem.to_string();
    }
    (2..).map(|n| format!("{stem}-{n}")).find(|id| !taken(id)).unwrap_or_default()
}

/// The input as a record (no id or session yet), or the first field that is wrong.
fn checked(input: &MechanismInput) -> Result<CooperationMechanism, AppError> {
    let name = check_text("name", &input.name, 300)?;
    if name.is_empty() {
        return Err(AppError::invalid("name", "is empty"));
    }
    let mut m = CooperationMechanism::new("", &name, input.kind, input.scope, input.status);
    m.description = check_text("description", &input.description, 5_000)?;
    for issue in &input.issues {
        let found = PolicyIssue::parse(issue).map_err(|e| AppError::invalid("issues", e.to_string()))?;
        if !m.issues.iter().any(|i| i == found.code) {
            m.issues.push(found.code.to_string());
        }
    }
    m.outputs = dedup(&input.outputs);
    m.gaps = dedup(&input.gaps);
    if input.actors.len() > 100 {
        return Err(AppError::invalid("actors", "has more than 100 actors"));
    }
    for (i, actor) in input.actors.iter().enumerate() {
        let name = check_text(&format!("actors[{}].name", i + 1), &actor.name, 200)?;
        if name.is_empty() {
            return Err(AppError::invalid(&format!("actors[{}].name", i + 1), "is empty"));
        }
        let country = match actor.country.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            None => None,
            Some(c) => Some(Country::find(c).map(|c| c.iso3.to_string()).ok_or_else(|| {
                AppError::invalid(
                    &format!("actors[{}].country", i + 1),
                    format!("{c:?} is not an ISO 3166 country code"),
                )
            })?),
        };
        m.actors.push(MechanismActor { name, stakeholder_group: actor.stakeholder_group, country });
    }
    Ok(m)
}

fn dedup<T: Copy + PartialEq>(items: &[T]) -> Vec<T> {
    let mut out = Vec::new();
    for &item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use throughline_core::{AccountRole, Grant};
    use throughline_formats::ImportOptions;
    use throughline_store::User;
    use throughline_store::testing::TestDatabase;

    use super::*;

    const FORUM: &str = r#"{"forum": {"slug": "f", "name": "F", "time_zone": "UTC"}}
{"id": "WS 1", "title": "One", "status": "approved"}
{"id": "WS 2", "title": "Two", "status": "approved"}
"#;

    fn user(role: AccountRole, scope: &str) -> Actor {
        Actor::User(User {
            id: format!("{}-{scope}", role.code()),
            email: format!("{}@example.org", role.code()),
            name: "Someone".into(),
            password_hash: None,
            created_at: jiff::Timestamp::UNIX_EPOCH,
            grants: vec![Grant { forum: "f".into(), role, scope: scope.into() }],
        })
    }

    fn input(name: &str, actors: &[&str]) -> MechanismInput {
        MechanismInput {
            name: name.into(),
            description: String::new(),
            issues: vec!["Network security".into()],
            scope: MechanismScope::Regional,
            kind: MechanismType::MultistakeholderNetwork,
            status: MechanismStatus::Existing,
            outputs: vec![MechanismOutput::Reports, MechanismOutput::Reports],
            gaps: vec![],
            actors: actors
                .iter()
                .map(|a| MechanismActor { name: a.to_string(), stakeholder_group: None, country: Some("ke".into()) })
                .collect(),
        }
    }

    #[tokio::test]
    async fn two_sessions_name_one_mechanism_and_a_coordinator_merges_them_and_can_undo_it() {
        for db in TestDatabase::both().await {
            let app = App::open(&db.url).await.unwrap();
            let op = Actor::Operator("test".into());
            app.import(&op, "f.jsonl", FORUM.as_bytes(), &ImportOptions::default()).await.unwrap();
            let organiser = user(AccountRole::Organiser, "WS 1");
            let rapporteur = user(AccountRole::Rapporteur, "WS 2");
            let coordinator = user(AccountRole::Coordinator, "some-track");

            let first =
                app.record_mechanism(&organiser, "f", "WS 1", &input("Regional CERT network", &["AfricaCERT"])).await;
            assert_eq!(first.unwrap(), "regional-cert-network");
            let err = app.record_mechanism(&organiser, "f", "WS 2", &input("X", &[])).await.unwrap_err();
            assert!(matches!(err, AppError::Forbidden(_)), "{err}");
            let second =
                app.record_mechanism(&rapporteur, "f", "WS 2", &input("Regional CERT network", &["africacert"])).await;
            assert_eq!(second.unwrap(), "regional-cert-network-2", "a second record keeps what its session entered");

            let records = app.mechanism_records(&coordinator, "f").await.unwrap();
            assert_eq!(records[0].issues, ["network_security"]);
            assert_eq!(records[0].outputs, [MechanismOutput::Reports]);
            assert_eq!(records[0].actors[0].country.as_deref(), Some("KEN"));
            assert!(matches!(app.mechanism_registry(&organiser, "f").await, Err(AppError::Forbidden(_))));

            let suggestions = app.mechanism_merge_suggestions(&coordinator, "f").await.unwrap();
            assert_eq!(suggestions.len(), 1);
            assert_eq!(suggestions[0].shared_actors, ["AfricaCERT"]);
            let (from, into) = (suggestions[0].from.clone(), suggestions[0].into.clone());
            app.merge_mechanism(&coordinator, "f", &from, &into).await.unwrap();
            let registry = app.mechanism_registry(&coordinator, "f").await.unwrap();
            assert_eq!(registry.len(), 1);
            assert_eq!(registry[0].mechanism.sessions.len(), 2);
            assert!(app.mechanism_merge_suggestions(&coordinator, "f").await.unwrap().is_empty());
            let err = app.merge_mechanism(&coordinator, "f", &from, &into).await.unwrap_err();
            assert!(matches!(err, AppError::Conflict(_)), "{err}");
            let detail = app.mechanism(&coordinator, "f", &from).await.unwrap();
            assert_eq!(detail.entry.mechanism.id, into);
            assert_eq!(detail.record.sessions.len(), 1, "the merged record keeps what was entered");

            let audit = app.store().audit_events("f").await.unwrap();
            let merge = audit
                .iter()
                .rev()
                .find(|e| e.entity == throughline_core::audit::EntityKind::Mechanism)
                .expect("the merge is in the audit trail");
            assert_eq!(merge.key, from);
            assert_eq!(merge.actor, "user:coordinator@example.org");
            assert!(merge.new.as_deref().unwrap().contains(&format!("\"merged_into\":\"{into}\"")), "{merge:?}");

            app.unmerge_mechanism(&coordinator, "f", &from).await.unwrap();
            assert_eq!(app.mechanism_registry(&coordinator, "f").await.unwrap().len(), 2);
            db.cleanup().await;
        }
    }

    #[tokio::test]
    async fn catalogue_picks_share_one_record_and_a_bad_file_changes_nothing() {
        for db in TestDatabase::both().await {
            let app = App::open(&db.url).await.unwrap();
            let op = Actor::Operator("test".into());
            app.import(&op, "f.jsonl", FORUM.as_bytes(), &ImportOptions::default()).await.unwrap();
            for session in ["WS 1", "WS 2", "WS 2"] {
                assert_eq!(app.record_catalogue_mechanism(&op, "f", session, "wsis-c5").await.unwrap(), "wsis-c5");
            }
            let records = app.mechanism_records(&op, "f").await.unwrap();
            assert_eq!(records.len(), 1);
            assert_eq!(records[0].sessions, ["WS 1", "WS 2"]);
            let err = app.record_catalogue_mechanism(&op, "f", "WS 1", "nope").await.unwrap_err();
            assert_eq!(err.field(), Some("catalogue"));

            let bad = "{\"name\": \"A\", \"type\": \"dc\", \"sessions\": [\"WS 1\"]}\n{\"name\": \"B\", \"type\": \"dc\", \"sessions\": [\"WS 1\"], \"gaps\": [\"money\"]}\n";
            let err = app.import_mechanisms(&op, "f", "m.jsonl", bad.as_bytes()).await.unwrap_err().to_string();
            assert!(err.starts_with("m.jsonl:2: field `gaps`: unknown mechanism gap \"money\""), "{err}");
            assert_eq!(app.mechanism_records(&op, "f").await.unwrap(), records, "nothing changed");

            let good =
                throughline_formats::mechanism_records::write_csv(&records) + "a-new-one,A new one,,,,dc,,,,,WS 2,\n";
            let counts = app.import_mechanisms(&op, "f", "m.csv", good.as_bytes()).await.unwrap();
            assert_eq!(counts, MechanismImport { created: 1, updated: 0, unchanged: 1 });
            let organiser = user(AccountRole::Organiser, "WS 1");
            let err = app.import_mechanisms(&organiser, "f", "m.csv", good.as_bytes()).await.unwrap_err();
            assert!(matches!(err, AppError::Forbidden(_)), "{err}");
            db.cleanup().await;
        }
    }
}
