//! The guide of one forum: the public part of its programme, indexed once,
//! and every file of the site (pages in each language, the stylesheet and
//! script, the calendar feeds and exchange-format exports) by its path. A
//! static build renders them all ([`Guide::site`]); a server can render one
//! path on request ([`Guide::resource`] then [`Guide::render`]).

use std::collections::HashMap;

use jiff::Timestamp;
use jiff::civil::Date;
use throughline_core::order::natural_cmp;
use throughline_core::publication::public_part;
use throughline_core::{MembershipStatus, Programme};

use crate::assets;
use crate::dates::local_date;
use crate::feeds::Feed;
use crate::i18n::Lang;
use crate::pages::Page;
use crate::taking_stock::Chart;
use crate::templates::Templates;
use throughline_core::slug::{bounded_stems, unique_slugs};
use throughline_report::taking_stock::Declared;

/// What the guide needs beyond the programme. The guide reads no clock:
/// the caller says when it is made.
#[derive(Debug, Clone)]
pub struct GuideOptions {
    /// Where the site will be published (`https://guide.example.org/igf`),
    /// for the absolute links inside the feeds and exports. Pages always
    /// link relatively.
    pub base_url: Option<String>,
    /// When the feeds are made (iCalendar `DTSTAMP`).
    pub stamp: Timestamp,
    /// How often each session has moved (iCalendar `SEQUENCE`), by code.
    pub moves: HashMap<String, u32>,
    /// Leave out the tracks that are still drafts.
    pub published_tracks_only: bool,
}

impl GuideOptions {
    pub fn new(stamp: Timestamp) -> GuideOptions {
        GuideOptions { base_url: None, stamp, moves: HashMap::new(), published_tracks_only: false }
    }
}

/// Why a part of the guide cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum GuideError {
    /// A template failed: a bug of the guide, never of the programme.
    #[error("the guide's template failed: {0:#}")]
    Template(#[from] minijinja::Error),
    #[error(transparent)]
    Feed(#[from] throughline_formats::ical::FeedError),
    #[error("the guide has no {0}")]
    NotFound(String),
    /// A chart failed: a bug of the guide, never of the programme.
    #[error("{0}")]
    Chart(String),
}

/// A room as the guide shows it: the forum's rooms, and any room a session
/// names that the forum does not declare.
#[derive(Debug, Clone)]
pub(crate) struct RoomInfo {
    pub name: String,
    pub capacity: Option<u32>,
    pub remote: bool,
    /// Whether the forum declares the room (else only a session names it).
    pub declared: bool,
}

/// One forum's guide, ready to render.
pub struct Guide {
    /// The public part of the programme: sessions that are approved (or
    /// approved if merged), their people and memberships, the tracks shown.
    pub(crate) p: Programme,
    pub(crate) options: GuideOptions,
    /// The file-name stem of each session's page
    /// (`Programme::session_page_slugs`, which the feeds and exports of
    /// `throughline_formats` link to as well).
    pub(crate) session_slugs: HashMap<String, String>,
    pub(crate) room_slugs: HashMap<String, String>,
    pub(crate) rooms: Vec<RoomInfo>,
    /// The days with scheduled sessions, in order.
    pub(crate) days: Vec<Date>,
    /// Indices of the sessions: scheduled ones by start, room and code, then the others by code.
    pub(crate) order: Vec<usize>,
    pub(crate) by_code: HashMap<String, usize>,
    pub(crate) people_by_key: HashMap<String, usize>,
    /// Participations of each session (indices), organisers first.
    pub(crate) parts_by_session: HashMap<String, Vec<usize>>,
    /// Tracks each session is accepted into (indices), core memberships first, then by slug.
    pub(crate) tracks_by_session: HashMap<String, Vec<usize>>,
    /// The accepted membership behind each of those tracks (indices into `p.memberships`), in the same order.
    pub(crate) memberships_by_session: HashMap<String, Vec<usize>>,
    /// Each track's file-name stem (`tracks/<stem>.html`, `.ics`) by slug: the slug, bounded.
    pub(crate) track_files: HashMap<String, String>,
    /// Each track's index by slug.
    pub(crate) track_index: HashMap<String, usize>,
    /// Sessions accepted into each track (indices), in the order of `order`.
    pub(crate) sessions_by_track: HashMap<String, Vec<usize>>,
    /// What the public part's people declared privately (gender, first
    /// time), for the Taking Stock's counts; never shown one by one.
    pub(crate) declared: Declared,
    /// Each scope's Taking Stock (None: the forum's) once made: its pages
    /// and charts, in every language, read the same one.
    pub(crate) stocks: std::sync::Mutex<HashMap<Option<String>, std::sync::Arc<throughline_report::TakingStock>>>,
    templates: Templates,
}

impl Guide {
    /// Prepares the guide of a programme.
    pub fn new(programme: &Programme, options: GuideOptions) -> Result<Guide, GuideError> {
        let p = public_part(programme, options.published_tracks_only);
        let declared = Declared::of(programme, &p);
        let mut rooms: Vec<RoomInfo> = p
            .rooms
            .iter()
            .map(|r| RoomInfo { name: r.name.clone(), capacity: r.capacity, remote: r.remote, declared: true })
            .collect();
        let mut extra: Vec<&str> = p
            .sessions
            .iter()
            .filter_map(|s| s.room.as_deref())
            .filter(|name| !p.rooms.iter().any(|r| r.name == *name))
            .collect();
        extra.sort_unstable();
        extra.dedup();
        rooms.extend(extra.into_iter().map(|name| RoomInfo {
            name: name.to_string(),
            capacity: None,
            remote: false,
            declared: false,
        }));
        // File names: slugs made unique, then bounded (`core::slug`).
        let room_slugs = unique_slugs(rooms.iter().map(|r| r.name.as_str()), "room");
        let room_slugs = bounded_stems(room_slugs.iter().map(|(name, slug)| (name.as_str(), slug.as_str())));
        let session_slugs = p.session_page_slugs();
        let track_files = bounded_stems(p.tracks.iter().map(|t| (t.slug.as_str(), t.slug.as_str())));

        let mut days: Vec<Date> = p.sessions.iter().filter_map(|s| s.start).map(|t| local_date(&p.forum, t)).collect();
        days.sort_unstable();
        days.dedup();

        let room_index =
            |name: Option<&str>| name.and_then(|n| rooms.iter().position(|r| r.name == n)).unwrap_or(usize::MAX);
        let mut order: Vec<usize> = (0..p.sessions.len()).collect();
        order.sort_by(|&a, &b| {
            let (a, b) = (&p.sessions[a], &p.sessions[b]);
            let key_a = (a.start.is_none(), a.start, room_index(a.room.as_deref()));
            let key_b = (b.start.is_none(), b.start, room_index(b.room.as_deref()));
            key_a.cmp(&key_b).then_with(|| natural_cmp(&a.code, &b.code))
        });

        let by_code: HashMap<String, usize> = p.sessions.iter().enumerate().map(|(i, s)| (s.code.clone(), i)).collect();
        let people_by_key = p.people.iter().enumerate().map(|(i, x)| (x.key.clone(), i)).collect();
        let mut parts_by_session: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, part) in p.participations.iter().enumerate() {
            parts_by_session.entry(part.session.clone()).or_default().push(i);
        }
        for parts in parts_by_session.values_mut() {
            parts.sort_by_key(|&i| p.participations[i].role);
        }
        // Indexed once, so that no page or feed looks a track or a membership up in a list:
        // a session in thousands of tracks stays near linear (issue 16, item 7).
        let track_index: HashMap<String, usize> =
            p.tracks.iter().enumerate().map(|(i, t)| (t.slug.clone(), i)).collect();
        let mut tracks_by_session: HashMap<String, Vec<usize>> = HashMap::new();
        let mut memberships_by_session: HashMap<String, Vec<usize>> = HashMap::new();
        let mut accepted: Vec<usize> =
            (0..p.memberships.len()).filter(|&i| p.memberships[i].status == MembershipStatus::Accepted).collect();
        // Core before related and feeder (MembershipRole's order), then by slug.
        let key = |i: usize| (p.memberships[i].role, &p.memberships[i].track);
        accepted.sort_by(|&a, &b| key(a).cmp(&key(b)));
        let mut seen: std::collections::HashSet<(&str, usize)> = std::collections::HashSet::new();
        let mut sessions_by_track: HashMap<String, Vec<usize>> = HashMap::new();
        for i in accepted {
            let m = &p.memberships[i];
            if let Some(&t) = track_index.get(&m.track)
                && seen.insert((m.session.as_str(), t))
            {
                tracks_by_session.entry(m.session.clone()).or_default().push(t);
                memberships_by_session.entry(m.session.clone()).or_default().push(i);
                if let Some(&s) = by_code.get(&m.session) {
                    sessions_by_track.entry(m.track.clone()).or_default().push(s);
                }
            }
        }
        let mut position = vec![0; p.sessions.len()];
        for (k, &i) in order.iter().enumerate() {
            position[i] = k;
        }
        for list in sessions_by_track.values_mut() {
            list.sort_by_key(|&i| position[i]);
        }

        Ok(Guide {
            p,
            options,
            session_slugs,
            room_slugs,
            rooms,
            days,
            order,
            by_code,
            people_by_key,
            parts_by_session,
            tracks_by_session,
            memberships_by_session,
            track_files,
            track_index,
            sessions_by_track,
            declared,
            stocks: Default::default(),
            templates: Templates::new()?,
        })
    }

    /// The programme the guide shows (its public part).
    pub fn programme(&self) -> &Programme {
        &self.p
    }

    pub(crate) fn templates(&self) -> &Templates {
        &self.templates
    }

    /// Every file of the site, by path relative to the site's root: the
    /// pages of every language, the assets, the feeds and exports.
    pub fn resources(&self) -> Vec<(String, Resource)> {
        let mut out = Vec::new();
        for &lang in Lang::ALL {
            for page in self.pages() {
                if let Some(path) = self.page_path(&page) {
                    out.push((format!("{}{path}", lang.prefix()), Resource::Page(lang, page)));
                }
            }
        }
        for &lang in Lang::ALL {
            for scope in self.taking_stock_scopes() {
                for &chart in Chart::ALL {
                    let path = format!("{}{}", lang.prefix(), self.chart_path(scope.as_deref(), chart));
                    out.push((path, Resource::Chart(lang, scope.clone(), chart)));
                }
            }
        }
        out.push((assets::STYLESHEET_PATH.to_string(), Resource::Stylesheet));
        out.push((assets::SCRIPT_PATH.to_string(), Resource::Script));
        for feed in self.feeds() {
            if let Some(path) = self.feed_path(&feed) {
                out.push((path, Resource::Feed(feed)));
            }
        }
        out
    }

    /// What lives at a path of the site, if anything.
    pub fn resource(&self, path: &str) -> Option<Resource> {
        let path = path.trim_start_matches('/');
        self.resources().into_iter().find(|(p, _)| p == path).map(|(_, r)| r)
    }

    /// One file's content.
    pub fn render(&self, resource: &Resource) -> Result<Vec<u8>, GuideError> {
        Ok(match resource {
            Resource::Page(lang, page) => self.render_page(*lang, page)?.into_bytes(),
            Resource::Stylesheet => assets::STYLESHEET.as_bytes().to_vec(),
            Resource::Script => assets::SCRIPT.as_bytes().to_vec(),
            Resource::Feed(feed) => self.render_feed(feed)?.into_bytes(),
            Resource::Chart(lang, scope, chart) => self.render_chart(*lang, scope.as_deref(), *chart)?.into_bytes(),
        })
    }

    /// Every file of the site, rendered.
    pub fn site(&self) -> Result<Site, GuideError> {
        let files = self
            .resources()
            .into_iter()
            .map(|(path, resource)| Ok(SiteFile { bytes: self.render(&resource)?, path, resource }))
            .collect::<Result<_, GuideError>>()?;
        Ok(Site { files })
    }

    pub(crate) fn session_index(&self, code: &str) -> Option<usize> {
        self.by_code.get(code).copied()
    }

    /// A track's file-name stem.
    pub(crate) fn track_file<'a>(&'a self, slug: &'a str) -> &'a str {
        self.track_files.get(slug).map_or(slug, String::as_str)
    }

    pub(crate) fn track_by_slug(&self, slug: &str) -> Option<&throughline_core::Track> {
        self.track_index.get(slug).map(|&i| &self.p.tracks[i])
    }
}

/// A file of the site, before it is rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resource {
    Page(Lang, Page),
    Stylesheet,
    Script,
    Feed(Feed),
    /// A Taking Stock's chart, by language, scope (None: the forum's) and kind.
    Chart(Lang, Option<String>, Chart),
}

impl Resource {
    pub fn is_page(&self) -> bool {
        matches!(self, Resource::Page(..))
    }
}

/// One rendered file.
#[derive(Debug, Clone)]
pub struct SiteFile {
    /// Relative to the site's root, with `/` separators (`fr/tracks/youth.html`).
    pub path: String,
    pub bytes: Vec<u8>,
    pub resource: Resource,
}

/// The whole site, ready to be written to a folder or served.
#[derive(Debug, Clone)]
pub struct Site {
    pub files: Vec<SiteFile>,
}

impl Site {
    pub fn file(&self, path: &str) -> Option<&SiteFile> {
        self.files.iter().find(|f| f.path == path)
    }

    pub fn pages(&self) -> impl Iterator<Item = &SiteFile> {
        self.files.iter().filter(|f| f.resource.is_page())
    }

    pub fn total_bytes(&self) -> usize {
        self.files.iter().map(|f| f.bytes.len()).sum()
    }
}

/// Builds the whole site of a programme.
pub fn build_site(programme: &Programme, options: GuideOptions) -> Result<Site, GuideError> {
    Guide::new(programme, options)?.site()
}
