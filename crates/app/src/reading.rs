//! What a caller may read of a forum. A forum's admins read the working
//! programme (what the store holds now); everyone else reads the newest
//! publication, which passed the publication filter when it was made. A
//! track's memberships are all visible to those who manage the track, and
//! only the accepted ones of the publication to everyone else.

use throughline_core::{MembershipStatus, Programme, TrackMembership};

use crate::App;
use crate::access::Permission;
use crate::actor::Actor;
use crate::error::AppError;

/// Which state of a forum a caller reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edition {
    /// The programme as the store holds it now (the forum's admins).
    Working,
    /// The forum's newest publication, by its number.
    Published(i64),
}

/// A forum a caller may read, with the number of its newest publication.
#[derive(Debug, Clone)]
pub struct ReadableForum {
    pub slug: String,
    pub name: String,
    pub time_zone: String,
    pub publication: Option<i64>,
}

impl App {
    /// The forums the actor may read: every published forum, and the unpublished ones it administers.
    pub async fn readable_forums(&self, actor: &Actor) -> Result<Vec<ReadableForum>, AppError> {
        let all = self.store.forums_and_publications().await?;
        Ok(all
            .into_iter()
            .filter(|(slug, _, _, publication)| {
                publication.is_some() || actor.may(&Permission::Administer { forum: slug.clone() })
            })
            .map(|(slug, name, time_zone, publication)| ReadableForum { slug, name, time_zone, publication })
            .collect())
    }

    /// The forum as the actor may read it: the working programme for its
    /// admins, the newest publication for everyone else (NotFound while unpublished).
    pub async fn readable_programme(&self, actor: &Actor, forum: &str) -> Result<(Programme, Edition), AppError> {
        if actor.may(&Permission::Administer { forum: forum.to_string() }) {
            return Ok((self.programme(forum).await?, Edition::Working));
        }
        let publication = self.published(forum).await?;
        Ok((publication.programme, Edition::Published(publication.number)))
    }

    /// A track's memberships as the actor may read them: every one (with
    /// reasons and who decided) for those who manage the track, otherwise the
    /// accepted memberships of the publication.
    pub async fn readable_memberships(
        &self,
        actor: &Actor,
        forum: &str,
        track: &str,
    ) -> Result<(Programme, Vec<TrackMembership>, bool), AppError> {
        if actor.may(&Permission::ManageTrack { forum: forum.to_string(), track: track.to_string() }) {
            let (p, _, items) = self.review_queue(actor, forum, track).await?;
            return Ok((p, items, true));
        }
        let (p, _) = self.readable_programme(actor, forum).await?;
        crate::find_track(&p, track)?;
        let items = p
            .memberships
            .iter()
            .filter(|m| m.track == track && m.status == MembershipStatus::Accepted)
            .cloned()
            .collect();
        Ok((p, items, false))
    }
}

#[cfg(test)]
mod tests {
    use jiff::Timestamp;
    use throughline_core::{AccountRole, Grant};
    use throughline_formats::ImportOptions;
    use throughline_store::testing::TestDatabase;

    use super::*;
    use crate::accounts::NewUser;

    const FORUM: &str = r#"{"forum": {"slug": "f", "name": "Forum F", "time_zone": "UTC"}}
{"track": {"slug": "t", "title": "Track T", "seed_terms": ["data"]}}
{"id": "S1", "title": "Open data", "description": "data", "status": "approved"}
{"id": "S2", "title": "Hidden", "description": "data", "status": "submitted"}
"#;

    #[tokio::test]
    async fn admins_read_the_working_forum_and_others_the_publication() {
        let db = TestDatabase::sqlite();
        let app = App::open(&db.url).await.unwrap();
        let op = Actor::Operator("test".into());
        app.import(&op, "f.jsonl", FORUM.as_bytes(), &ImportOptions::default()).await.unwrap();
        let user = |email: &str, grant: Grant| NewUser {
            email: email.into(),
            name: email.into(),
            password: None,
            grants: vec![grant],
        };
        let admin = app
            .add_user(&op, user("a@example.org", Grant::new("f", AccountRole::Admin, None).unwrap()), Timestamp::now())
            .await
            .unwrap();
        let admin = Actor::User(admin);
        assert!(app.readable_forums(&Actor::Anonymous).await.unwrap().is_empty(), "unpublished: nobody else sees it");
        assert!(matches!(app.readable_programme(&Actor::Anonymous, "f").await, Err(AppError::NotFound(_))));
        let (p, edition) = app.readable_programme(&admin, "f").await.unwrap();
        assert_eq!((p.sessions.len(), edition), (2, Edition::Working));

        app.discover(&op, "f", "t", 10).await.unwrap();
        let number = app.publish(&op, "f", Timestamp::now()).await.unwrap();
        let (p, edition) = app.readable_programme(&Actor::Anonymous, "f").await.unwrap();
        assert_eq!(edition, Edition::Published(number));
        assert_eq!(p.sessions.iter().map(|s| s.code.as_str()).collect::<Vec<_>>(), ["S1"]);
        let (_, items, full) = app.readable_memberships(&Actor::Anonymous, "f", "t").await.unwrap();
        assert!(items.is_empty() && !full, "suggestions are not public");
        let (_, items, full) = app.readable_memberships(&admin, "f", "t").await.unwrap();
        assert!(!items.is_empty() && full);
        assert_eq!(app.readable_forums(&Actor::Anonymous).await.unwrap()[0].publication, Some(number));
    }
}
