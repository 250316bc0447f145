//! What every request handler shares: the application (use cases over the
//! store), the settings, the page templates, and the published guides,
//! cached per forum and publication number. The cache is the only state a
//! process keeps; it is checked against the store's newest publication
//! number on every request, so several processes serve the same answers.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use jiff::Timestamp;
use throughline_app::{App, AppError};
use throughline_guide::{Guide, GuideOptions, Resource};

use crate::config::Config;
use crate::templates::Templates;

#[derive(Clone)]
pub struct AppState {
    pub app: App,
    pub config: Arc<Config>,
    pub templates: Arc<Templates>,
    guides: Arc<RwLock<HashMap<String, Arc<PublishedGuide>>>>,
}

/// One publication of a forum, ready to serve: every path's file, rendered once on first request.
pub struct PublishedGuide {
    pub number: i64,
    pub guide: Guide,
    paths: HashMap<String, Resource>,
    rendered: RwLock<HashMap<String, Arc<Vec<u8>>>>,
}

impl PublishedGuide {
    /// The file at a path of the guide, rendered (and kept for the next request).
    pub fn file(&self, path: &str) -> Result<Option<Arc<Vec<u8>>>, AppError> {
        if let Some(bytes) = self.rendered.read().unwrap_or_else(|e| e.into_inner()).get(path) {
            return Ok(Some(bytes.clone()));
        }
        let Some(resource) = self.paths.get(path) else { return Ok(None) };
        let bytes = Arc::new(
            self.guide
                .render(resource)
                .map_err(|e| AppError::Store(throughline_store::StoreError::Corrupt(e.to_string())))?,
        );
        self.rendered.write().unwrap_or_else(|e| e.into_inner()).insert(path.to_string(), bytes.clone());
        Ok(Some(bytes))
    }
}

impl AppState {
    pub fn new(app: App, config: Config) -> Result<AppState, String> {
        Ok(AppState {
            app,
            config: Arc::new(config),
            templates: Arc::new(Templates::new().map_err(|e| e.to_string())?),
            guides: Arc::new(RwLock::new(HashMap::new())),
        })
    }

    /// The forum's newest publication as a guide; NotFound while it was never published.
    pub async fn published_guide(&self, forum: &str) -> Result<Arc<PublishedGuide>, AppError> {
        let number = self.app.publication_number(forum).await?;
        let Some(number) = number else {
            return Err(AppError::NotFound(format!("forum {forum:?} has not been published")));
        };
        if let Some(g) = self.guides.read().unwrap_or_else(|e| e.into_inner()).get(forum)
            && g.number == number
        {
            return Ok(g.clone());
        }
        let publication = self.app.published(forum).await?;
        let mut options = GuideOptions::new(publication.published_at);
        options.moves = self.app.store().session_moves(forum).await?;
        options.base_url = self.config.public_url.as_ref().map(|u| format!("{}/f/{forum}", u.trim_end_matches('/')));
        let guide = Guide::new(&publication.programme, options)
            .map_err(|e| AppError::Store(throughline_store::StoreError::Corrupt(e.to_string())))?;
        let paths = guide.resources().into_iter().collect();
        let built = Arc::new(PublishedGuide {
            number: publication.number,
            guide,
            paths,
            rendered: RwLock::new(HashMap::new()),
        });
        self.guides.write().unwrap_or_else(|e| e.into_inner()).insert(forum.to_string(), built.clone());
        Ok(built)
    }

    pub fn now(&self) -> Timestamp {
        Timestamp::now()
    }
}
