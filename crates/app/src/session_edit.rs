//! A session's organiser (or an admin) edits the session: title,
//! description, policy questions and people. The edit names the version it
//! was made from; if someone changed the session since, it is refused as a
//! conflict and nothing typed is lost (the caller shows both versions).

use serde::Serialize;
use throughline_core::{
    Country, Participation, Person, Programme, Role, Session, StakeholderGroup, TrackMembership, person_key,
};

use crate::App;
use crate::access::Permission;
use crate::actor::Actor;
use crate::curation::{check_list, check_text};
use crate::error::AppError;

/// One person of a session as the edit form shows and takes them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonEntry {
    pub name: String,
    pub role: Role,
    pub affiliation: String,
    pub stakeholder_group: Option<StakeholderGroup>,
    /// ISO 3166 alpha-3 code, or empty.
    pub country: String,
}

/// What an organiser may change of their session.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionEdit {
    pub title: String,
    pub description: String,
    pub policy_questions: Vec<String>,
    pub people: Vec<PersonEntry>,
}

/// A session as its editor sees it: the edit, the version it is at, and
/// the tracks that hold or suggest it.
#[derive(Debug, Clone, Serialize)]
pub struct EditableSession {
    pub session: Session,
    pub version: i64,
    pub edit: SessionEdit,
    pub memberships: Vec<TrackMembership>,
    /// Every track of the forum (slug, title), for the claim form.
    pub tracks: Vec<(String, String)>,
    /// The cooperation mechanisms recorded for the session.
    pub mechanisms: Vec<throughline_core::CooperationMechanism>,
}

/// The session's current text and people in the form's shape.
pub fn edit_of(p: &Programme, s: &Session) -> SessionEdit {
    let people = p
        .participations
        .iter()
        .filter(|x| x.session == s.code)
        .filter_map(|x| {
            let person = p.people.iter().find(|person| person.key == x.person)?;
            Some(PersonEntry {
                name: person.name.clone(),
                role: x.role,
                affiliation: person.affiliation.clone().unwrap_or_default(),
                stakeholder_group: person.stakeholder_group,
                country: person.country.clone().unwrap_or_default(),
            })
        })
        .collect();
    SessionEdit {
        title: s.title.clone(),
        description: s.description.clone(),
        policy_questions: s.policy_questions.clone(),
        people,
    }
}

impl App {
    /// The session as its editor sees it.
    pub async fn session_for_edit(&self, actor: &Actor, forum: &str, code: &str) -> Result<EditableSession, AppError> {
        actor.require(&Permission::EditSession { forum: forum.to_string(), session: code.to_string() })?;
        let p = self.programme(forum).await?;
        let session =
            p.session(code).ok_or_else(|| AppError::NotFound(format!("no session {code:?} in forum {forum:?}")))?;
        let version = self.store.session_version(forum, code).await?.unwrap_or(1);
        let memberships = p.memberships.iter().filter(|m| m.session == code).cloned().collect();
        let tracks = p.tracks.iter().map(|t| (t.slug.clone(), t.title.clone())).collect();
        let mechanisms = p.mechanisms.iter().filter(|m| m.sessions.iter().any(|s| s == code)).cloned().collect();
        Ok(EditableSession {
            session: session.clone(),
            version,
            edit: edit_of(&p, session),
            memberships,
            tracks,
            mechanisms,
        })
    }

    /// Saves an edit made from `version`; returns the new version.
    pub async fn edit_session(
        &self,
        actor: &Actor,
        forum: &str,
        code: &str,
        edit: &SessionEdit,
        version: i64,
    ) -> Result<i64, AppError> {
        actor.require(&Permission::EditSession { forum: forum.to_string(), session: code.to_string() })?;
        let p = self.programme(forum).await?;
        let mut session = p
            .session(code)
            .cloned()
            .ok_or_else(|| AppError::NotFound(format!("no session {code:?} in forum {forum:?}")))?;
        session.title = check_text("title", &edit.title, 300)?;
        if session.title.is_empty() {
            return Err(AppError::invalid("title", "is empty"));
        }
        session.description = check_text("description", &edit.description, 20_000)?;
        session.policy_questions = check_list("policy_questions", &edit.policy_questions, 20, 500)?;
        if edit.people.len() > 100 {
            return Err(AppError::invalid("people", "has more than 100 people"));
        }
        let mut people = Vec::new();
        let mut parts = Vec::new();
        for (i, entry) in edit.people.iter().enumerate() {
            let field = |name: &str| format!("people[{i}].{name}");
            let name = check_text(&field("name"), &entry.name, 200)?;
            if name.is_empty() {
                continue;
            }
            let key = person_key(&name);
            if key.is_empty() {
                return Err(AppError::invalid(&field("name"), format!("{name:?} is not a name")));
            }
            let country = entry.country.trim().to_uppercase();
            if !country.is_empty() && Country::find(&country).is_none() {
                return Err(AppError::invalid(
                    &field("country"),
                    format!("{country:?} is not an ISO 3166 alpha-3 country code"),
                ));
            }
            let affiliation = check_text(&field("affiliation"), &entry.affiliation, 300)?;
            let mut person = p.people.iter().find(|x| x.key == key).cloned().unwrap_or_else(|| Person::named(&name));
            person.name = name;
            person.affiliation = (!affiliation.is_empty()).then_some(affiliation);
            person.stakeholder_group = entry.stakeholder_group;
            person.country = (!country.is_empty()).then_some(country);
            let part = Participation { session: code.to_string(), person: key.clone(), role: entry.role };
            if !parts.contains(&part) {
                parts.push(part);
            }
            if let Some(existing) = people.iter_mut().find(|x: &&mut Person| x.key == key) {
                *existing = person;
            } else {
                people.push(person);
            }
        }
        let (_, new_version) =
            self.store.update_session(forum, &session, &people, &parts, version, &actor.audit_name()).await?;
        Ok(new_version)
    }
}
