//! The guide's pages: the forum's home, one page per track, day, session and
//! room. Each page has a path inside its language's folder and a context
//! (what its template shows, built from the view pieces); the chrome every
//! page shares (language, time zone, breadcrumbs, language switcher, the way
//! up to the site's root) is added here too.

use jiff::civil::Date;
use minijinja::Value;
use minijinja::value::Serde;
use serde::Serialize;
use throughline_core::order::natural_cmp;
use throughline_core::{Country, Session, clash};

use crate::dates::{Clock, date_range, local_date, long_date};
use crate::i18n::{Lang, catalog};
use crate::paths::up_from;
use crate::site::{Guide, GuideError};
use crate::view::{
    DayGroup, ItemStyle, Link, PersonLine, SessionItem, View, content_lang, is_concluding, is_intro, paragraphs,
    summary, web_link,
};

/// A page of the guide (in any language).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Page {
    /// `index.html`: the forum's home.
    Index,
    /// `tracks/<slug>.html`, by track slug.
    Track(String),
    /// `days/<YYYY-MM-DD>.html`, by local date (the day's first part).
    Day(Date),
    /// `days/<YYYY-MM-DD>-<n>.html`: the n-th part (n ≥ 2) of a day too full for one page.
    DayPart(Date, usize),
    /// `sessions/<slug>.html`, by session code.
    Session(String),
    /// `rooms/<slug>.html`, by room name.
    Room(String),
    /// `all-sessions.html`, `all-sessions-2.html`…: the index of sessions by
    /// code, in pages of its own where the home page cannot hold it (1-based).
    Sessions(usize),
    /// `taking-stock.html` (None: the forum's) or `taking-stock/<slug>.html`:
    /// what the forum or a track produced (`taking_stock`).
    TakingStock(Option<String>),
}

/// The most sessions the home page lists itself (beside the tracks and days);
/// a larger programme's index moves to pages of its own, `INDEX_PAGE_SIZE` a
/// page, so that no page outgrows 30 KB (about 130 bytes a session).
pub const HOME_LIST_MAX: usize = 100;
pub const INDEX_PAGE_SIZE: usize = 150;

/// The most sessions on one page of a day (about 400 bytes each); a fuller
/// day is cut, between start times, into parts of its own.
pub const DAY_PAGE_MAX: usize = 50;

impl Guide {
    /// Every page, in the order a reader meets them.
    pub fn pages(&self) -> Vec<Page> {
        let mut pages = vec![Page::Index];
        pages.extend(self.p.tracks.iter().map(|t| Page::Track(t.slug.clone())));
        for &d in &self.days {
            pages.push(Page::Day(d));
            pages.extend((2..=self.day_parts(d).len()).map(|n| Page::DayPart(d, n)));
        }
        pages.extend(self.order.iter().map(|&i| Page::Session(self.p.sessions[i].code.clone())));
        pages.extend(self.rooms.iter().map(|r| Page::Room(r.name.clone())));
        pages.extend((1..=self.index_pages().len()).map(Page::Sessions));
        pages.extend(self.taking_stock_scopes().into_iter().map(Page::TakingStock));
        pages
    }

    /// The sessions by code, cut into the index's own pages (none where the home holds them all).
    fn index_pages(&self) -> Vec<Vec<&Session>> {
        let mut sessions: Vec<&Session> = self.p.sessions.iter().collect();
        if sessions.len() <= HOME_LIST_MAX {
            return Vec::new();
        }
        sessions.sort_by(|a, b| natural_cmp(&a.code, &b.code));
        sessions.chunks(INDEX_PAGE_SIZE).map(<[&Session]>::to_vec).collect()
    }

    /// Where a page lives, relative to its language's folder; None when the
    /// page names something the guide does not have.
    pub fn page_path(&self, page: &Page) -> Option<String> {
        Some(match page {
            Page::Index => "index.html".to_string(),
            Page::Track(slug) => {
                self.track_by_slug(slug)?;
                format!("tracks/{}.html", self.track_file(slug))
            }
            Page::Day(day) => {
                if !self.days.contains(day) {
                    return None;
                }
                format!("days/{day}.html")
            }
            Page::DayPart(day, n) => {
                if !self.days.contains(day) || *n < 2 || *n > self.day_parts(*day).len() {
                    return None;
                }
                format!("days/{day}-{n}.html")
            }
            Page::Session(code) => format!("sessions/{}.html", self.session_slugs.get(code)?),
            Page::Room(name) => format!("rooms/{}.html", self.room_slugs.get(name)?),
            Page::Sessions(n) => {
                if *n == 0 || *n > self.index_pages().len() {
                    return None;
                }
                index_page_path(*n)
            }
            Page::TakingStock(scope) => {
                if let Some(slug) = scope {
                    self.track_by_slug(slug)?;
                }
                self.taking_stock_path(scope.as_deref())
            }
        })
    }

    /// A page's HTML in a language.
    pub fn render_page(&self, lang: Lang, page: &Page) -> Result<String, GuideError> {
        let path = self.page_path(page).ok_or_else(|| GuideError::NotFound(format!("page {page:?}")))?;
        let view = View { g: self, cat: catalog(lang) };
        let (template, title, crumbs, body) = match page {
            Page::Index => ("index.html", self.p.forum.name.clone(), vec![], to_value(self.index(&view))),
            Page::Track(slug) => {
                let body = self.track(&view, slug).ok_or_else(|| GuideError::NotFound(format!("track {slug}")))?;
                ("track.html", body.title.clone(), vec![home(&view)], to_value(body))
            }
            Page::Day(day) => {
                let body = self.day(&view, *day, 1);
                ("day.html", body.heading.clone(), vec![home(&view)], to_value(body))
            }
            Page::DayPart(day, n) => {
                let body = self.day(&view, *day, *n);
                let title = format!("{} ({})", body.heading, body.parts[n - 1].text);
                ("day.html", title, vec![home(&view)], to_value(body))
            }
            Page::Session(code) => {
                let s = self
                    .session_index(code)
                    .map(|i| &self.p.sessions[i])
                    .ok_or_else(|| GuideError::NotFound(format!("session {code}")))?;
                let mut crumbs = vec![home(&view)];
                if let Some(when) = view.when(s) {
                    crumbs.push(when.day);
                }
                ("session.html", format!("{}: {}", s.code, s.title), crumbs, to_value(self.session(&view, s)))
            }
            Page::Room(name) => {
                let body = self.room(&view, name).ok_or_else(|| GuideError::NotFound(format!("room {name}")))?;
                ("room.html", body.name.clone(), vec![home(&view)], to_value(body))
            }
            Page::Sessions(n) => {
                let pages = self.index_pages();
                let here = pages.get(n - 1).ok_or_else(|| GuideError::NotFound(format!("index page {n}")))?;
                let body = SessionsPage {
                    parts: index_parts(&pages),
                    current: *n,
                    sessions: here.iter().map(|s| index_entry(&view, s)).collect(),
                };
                let title = format!("{} ({})", view.cat.text("index.all_sessions"), body.parts[n - 1].text);
                ("sessions.html", title, vec![home(&view)], to_value(body))
            }
            Page::TakingStock(scope) => {
                let body = self.taking_stock_page(&view, scope.as_deref())?;
                let mut crumbs = vec![home(&view)];
                crumbs.extend(scope.as_deref().and_then(|s| self.track_by_slug(s)).map(|t| view.track_link(t)));
                ("taking_stock.html", body.title.clone(), crumbs, to_value(body))
            }
        };
        let full_path = format!("{}{path}", lang.prefix());
        let site_root = up_from(&full_path);
        let chrome = Chrome {
            lang: lang.code(),
            tz: self.p.forum.time_zone.name().to_string(),
            forum: self.p.forum.name.clone(),
            title,
            root: up_from(&path),
            langs: Lang::ALL
                .iter()
                .filter(|&&l| l != lang)
                .map(|&l| LangLink {
                    code: l.code(),
                    name: catalog(l).text("lang.name").to_string(),
                    href: format!("{site_root}{}{path}", l.prefix()),
                })
                .collect(),
            site_root,
            crumbs,
        };
        let context = minijinja::context! { ..to_value(chrome), ..body };
        Ok(self.templates().render(lang, template, context)?)
    }

    fn index(&self, view: &View) -> IndexPage {
        let cat = view.cat;
        let forum = &self.p.forum;
        let venue: Vec<String> = [
            forum.city.clone().filter(|c| !c.trim().is_empty()),
            forum.country.as_deref().and_then(Country::find).map(|c| c.name.to_string()),
        ]
        .into_iter()
        .flatten()
        .collect();
        let tracks = self
            .p
            .tracks
            .iter()
            .map(|t| {
                let n = self.track_sessions(t).len();
                TrackCard {
                    link: view.track_link(t),
                    summary: summary(&t.narrative, 320),
                    total: cat.count("count.sessions", n),
                }
            })
            .collect();
        let days = self
            .days
            .iter()
            .map(|&d| {
                let n = self.on_day(d).len();
                DayLink {
                    link: Link { text: long_date(cat, d), href: view.day_href(d) },
                    total: cat.count("count.sessions", n),
                }
            })
            .collect();
        let parts = self.index_pages();
        let mut sessions: Vec<&Session> = if parts.is_empty() { self.p.sessions.iter().collect() } else { Vec::new() };
        sessions.sort_by(|a, b| natural_cmp(&a.code, &b.code));
        IndexPage {
            edition: forum.edition.clone().filter(|e| !e.trim().is_empty() && !forum.name.contains(e.as_str())),
            dates: match (self.days.first(), self.days.last()) {
                (Some(&first), Some(&last)) => Some(date_range(cat, first, last)),
                _ => None,
            },
            venue: (!venue.is_empty()).then(|| venue.join(", ")),
            tracks,
            days,
            rooms: self.rooms.iter().map(|r| view.room_link(&r.name)).collect(),
            sessions: sessions.into_iter().map(|s| index_entry(view, s)).collect(),
            session_pages: index_parts(&parts),
            total: cat.count("count.sessions", self.p.sessions.len()),
            taking_stock: self.taking_stock_scopes().contains(&None).then(|| self.taking_stock_path(None)),
        }
    }

    fn track(&self, view: &View, slug: &str) -> Option<TrackPage> {
        let track = self.track_by_slug(slug)?;
        let sessions = self.track_sessions(track);
        let style = ItemStyle { track: Some(track), organisers: true, hide_room: false };
        let (days, unscheduled) = view.by_day(&sessions, style);
        let mut highlights = Vec::new();
        for (label, pick) in [("tag.intro", is_intro as fn(&_, &_) -> bool), ("tag.concluding", is_concluding)] {
            highlights.extend(sessions.iter().filter(|s| pick(track, s)).map(|s| Highlight {
                label: view.cat.text(label).to_string(),
                link: view.session_link(s),
                when: view.when_text(s),
            }));
        }
        let overlaps = clash::track_clashes(&self.p, slug)
            .into_iter()
            .map(|[a, b]| Overlap {
                a: view.session_link(a),
                a_when: view.when_text(a),
                b: view.session_link(b),
                b_when: view.when_text(b),
            })
            .collect();
        Some(TrackPage {
            title: track.title.clone(),
            narrative: paragraphs(&track.narrative),
            policy_questions: track.policy_questions.iter().filter(|q| !q.trim().is_empty()).cloned().collect(),
            total: view.cat.count("count.sessions", sessions.len()),
            highlights,
            overlaps,
            days,
            unscheduled,
            ics: format!("tracks/{}.ics", self.track_file(slug)),
            taking_stock: self
                .taking_stock_scopes()
                .contains(&Some(slug.to_string()))
                .then(|| self.taking_stock_path(Some(slug))),
        })
    }

    /// A track's sessions in time order: those accepted into it, and its
    /// named introduction and conclusion even if they are not.
    fn track_sessions(&self, track: &throughline_core::Track) -> Vec<&Session> {
        let mut members: Vec<usize> = self.sessions_by_track.get(&track.slug).cloned().unwrap_or_default();
        let named = [&track.intro_session, &track.concluding_session];
        let extra: Vec<usize> = named
            .into_iter()
            .flatten()
            .filter_map(|code| self.session_index(code))
            .filter(|i| !members.contains(i))
            .collect();
        if extra.is_empty() {
            return members.into_iter().map(|i| &self.p.sessions[i]).collect();
        }
        members.extend(extra);
        members.sort_unstable();
        members.dedup();
        self.order.iter().filter(|i| members.binary_search(i).is_ok()).map(|&i| &self.p.sessions[i]).collect()
    }

    /// The scheduled sessions of a day, in time order.
    fn on_day(&self, day: Date) -> Vec<&Session> {
        self.order
            .iter()
            .map(|&i| &self.p.sessions[i])
            .filter(|s| s.start.is_some_and(|t| local_date(&self.p.forum, t) == day))
            .collect()
    }

    /// A day's sessions by start time, cut between start times into parts
    /// of at most `DAY_PAGE_MAX` sessions (a single start time more crowded
    /// than that stays whole).
    fn day_parts(&self, day: Date) -> Vec<Vec<(jiff::Timestamp, Vec<&Session>)>> {
        let mut groups: Vec<(jiff::Timestamp, Vec<&Session>)> = Vec::new();
        for s in self.on_day(day) {
            let Some(start) = s.start else { continue };
            match groups.last_mut() {
                Some((at, list)) if *at == start => list.push(s),
                _ => groups.push((start, vec![s])),
            }
        }
        let mut parts: Vec<Vec<(jiff::Timestamp, Vec<&Session>)>> = Vec::new();
        let mut part = Vec::new();
        let mut count = 0;
        for group in groups {
            if !part.is_empty() && count + group.1.len() > DAY_PAGE_MAX {
                parts.push(std::mem::take(&mut part));
                count = 0;
            }
            count += group.1.len();
            part.push(group);
        }
        parts.push(part);
        parts
    }

    fn day(&self, view: &View, day: Date, part: usize) -> DayPage {
        let sessions = self.on_day(day);
        let parts = self.day_parts(day);
        let clock = |t: jiff::Timestamp| Clock::of(&self.p.forum, t);
        let part_links: Vec<Link> = if parts.len() < 2 {
            Vec::new()
        } else {
            parts
                .iter()
                .enumerate()
                .map(|(k, groups)| {
                    let (first, last) = (groups.first().map(|g| g.0), groups.last().map(|g| g.0));
                    let text = match (first, last) {
                        (Some(a), Some(b)) if a != b => format!("{} – {}", clock(a).hm, clock(b).hm),
                        (Some(a), _) => clock(a).hm,
                        _ => String::new(),
                    };
                    let href = if k == 0 { format!("days/{day}.html") } else { format!("days/{day}-{}.html", k + 1) };
                    Link { text, href }
                })
                .collect()
        };
        let groups: Vec<TimeGroup> = parts
            .get(part - 1)
            .map(|groups| {
                groups
                    .iter()
                    .map(|(at, list)| TimeGroup {
                        start: clock(*at),
                        items: list.iter().map(|s| view.item(s, ItemStyle::default())).collect(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let position = self.days.iter().position(|d| *d == day);
        let neighbour = |d: Option<&Date>| d.map(|&d| Link { text: long_date(view.cat, d), href: view.day_href(d) });
        DayPage {
            heading: long_date(view.cat, day),
            total: view.cat.count("count.sessions", sessions.len()),
            groups,
            parts: part_links,
            current: part,
            previous: neighbour(position.and_then(|i| i.checked_sub(1)).and_then(|i| self.days.get(i))),
            next: neighbour(position.and_then(|i| self.days.get(i + 1))),
        }
    }

    fn session(&self, view: &View, s: &Session) -> SessionPage {
        let cat = view.cat;
        let tracks = self
            .tracks_by_session
            .get(&s.code)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .map(|&t| view.track_link(&self.p.tracks[t]))
            .collect();
        SessionPage {
            session: view.item(s, ItemStyle::default()),
            format: s.format.map(|f| cat.format(f)),
            minutes: s.duration_minutes,
            languages: s.languages.iter().map(|l| cat.language(l)).collect::<Vec<_>>().join(", "),
            description: paragraphs(&s.description),
            policy_questions: s.policy_questions.iter().filter(|q| !q.trim().is_empty()).cloned().collect(),
            people: view.people(s),
            tracks,
            remote: s.remote_link.as_deref().and_then(|url| web_link(cat.text("session.remote_link"), url)),
            links: s.links.iter().filter_map(|l| web_link(&l.title, &l.url)).collect(),
            ics: s.start.and(self.session_slugs.get(&s.code)).map(|slug| format!("sessions/{slug}.ics")),
        }
    }

    fn room(&self, view: &View, name: &str) -> Option<RoomPage> {
        let room = self.rooms.iter().find(|r| r.name == name)?;
        let sessions: Vec<&Session> =
            self.order.iter().map(|&i| &self.p.sessions[i]).filter(|s| s.room.as_deref() == Some(name)).collect();
        let (days, unscheduled) = view.by_day(&sessions, ItemStyle { hide_room: true, ..ItemStyle::default() });
        Some(RoomPage {
            name: room.name.clone(),
            capacity: room.capacity,
            remote: room.declared.then_some(room.remote),
            total: view.cat.count("count.sessions", sessions.len()),
            days,
            unscheduled,
        })
    }
}

fn home(view: &View) -> Link {
    Link { text: view.cat.text("page.index").to_string(), href: "index.html".to_string() }
}

fn index_page_path(n: usize) -> String {
    if n == 1 { "all-sessions.html".to_string() } else { format!("all-sessions-{n}.html") }
}

/// The index's pages, each named by the first and last codes it holds.
fn index_parts(pages: &[Vec<&Session>]) -> Vec<Link> {
    pages
        .iter()
        .enumerate()
        .map(|(k, sessions)| {
            let (first, last) = (sessions.first().map_or("", |s| &s.code), sessions.last().map_or("", |s| &s.code));
            Link { text: format!("{first} – {last}"), href: index_page_path(k + 1) }
        })
        .collect()
}

fn index_entry(view: &View, s: &Session) -> IndexEntry {
    IndexEntry { link: view.session_link(s), lang: content_lang(s), scheduled: s.start.is_some() }
}

fn to_value<T: Serialize>(value: T) -> Value {
    Value::from(Serde(value))
}

/// What every page shows around its content.
#[derive(Serialize)]
struct Chrome {
    lang: &'static str,
    /// The forum's IANA time zone; every time on the page is in it.
    tz: String,
    forum: String,
    /// The page's title (its `<h1>` and the last breadcrumb).
    title: String,
    /// The way up to the language's folder (`../`, `../../fr/`…).
    root: String,
    /// The way up to the site's root, where the assets and feeds are.
    site_root: String,
    /// The same page in the other languages.
    langs: Vec<LangLink>,
    /// The pages above this one, links relative to the language's folder.
    crumbs: Vec<Link>,
}

#[derive(Serialize)]
struct LangLink {
    code: &'static str,
    name: String,
    href: String,
}

#[derive(Serialize)]
struct IndexPage {
    edition: Option<String>,
    dates: Option<String>,
    venue: Option<String>,
    tracks: Vec<TrackCard>,
    days: Vec<DayLink>,
    rooms: Vec<Link>,
    /// The sessions by code, where the home page holds them…
    sessions: Vec<IndexEntry>,
    /// …else the pages of the index.
    session_pages: Vec<Link>,
    total: String,
    /// The forum's Taking Stock, once it has one.
    taking_stock: Option<String>,
}

#[derive(Serialize)]
struct SessionsPage {
    /// Every page of the index, and which one this is (1-based).
    parts: Vec<Link>,
    current: usize,
    sessions: Vec<IndexEntry>,
}

#[derive(Serialize)]
struct TrackCard {
    link: Link,
    /// The narrative's opening (the whole is on the track's page).
    summary: String,
    total: String,
}

#[derive(Serialize)]
struct DayLink {
    link: Link,
    total: String,
}

#[derive(Serialize)]
struct IndexEntry {
    link: Link,
    lang: Option<String>,
    scheduled: bool,
}

#[derive(Serialize)]
struct TrackPage {
    title: String,
    narrative: Vec<String>,
    policy_questions: Vec<String>,
    total: String,
    /// The track's introduction and conclusion, named at the top.
    highlights: Vec<Highlight>,
    /// Its track clashes (`core::clash`): pairs of its accepted sessions that overlap.
    overlaps: Vec<Overlap>,
    days: Vec<DayGroup>,
    unscheduled: Vec<SessionItem>,
    /// The track's feed, relative to the site's root.
    ics: String,
    /// The track's Taking Stock, once it has one.
    taking_stock: Option<String>,
}

#[derive(Serialize)]
struct Highlight {
    label: String,
    link: Link,
    when: String,
}

#[derive(Serialize)]
struct Overlap {
    a: Link,
    a_when: String,
    b: Link,
    b_when: String,
}

#[derive(Serialize)]
struct DayPage {
    heading: String,
    total: String,
    groups: Vec<TimeGroup>,
    /// The day's parts where it has several (each named by its start times), and which this is (1-based).
    parts: Vec<Link>,
    current: usize,
    previous: Option<Link>,
    next: Option<Link>,
}

#[derive(Serialize)]
struct TimeGroup {
    start: Clock,
    items: Vec<SessionItem>,
}

#[derive(Serialize)]
struct SessionPage {
    session: SessionItem,
    format: Option<String>,
    minutes: u32,
    languages: String,
    description: Vec<String>,
    policy_questions: Vec<String>,
    people: Vec<PersonLine>,
    tracks: Vec<Link>,
    remote: Option<Link>,
    links: Vec<Link>,
    /// The session's feed, relative to the site's root (scheduled sessions only).
    ics: Option<String>,
}

#[derive(Serialize)]
struct RoomPage {
    name: String,
    capacity: Option<u32>,
    /// Whether remote participation is possible (unknown for rooms the forum does not declare).
    remote: Option<bool>,
    total: String,
    days: Vec<DayGroup>,
    unscheduled: Vec<SessionItem>,
}
