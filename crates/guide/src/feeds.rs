//! The site's calendar feeds and exports, written by `throughline_formats`
//! from the guide's public programme: the whole forum, each track and each
//! scheduled session as iCalendar, and the forum as frab schedule.xml and
//! c3voc schedule.json (for conference apps). With a base URL, their links
//! to session pages are absolute.
//!
//! A track's feed is written from a small programme of its own (its
//! sessions, their people and at most [`TRACK_FEED_CATEGORIES`] of each
//! session's tracks), so that a session in thousands of tracks costs each
//! feed a bounded amount: the guide stays near linear in tracks per session
//! where every feed once listed and looked up every track (issue 16, item 7).
//! The forum's and sessions' feeds and the exports list every track.

use throughline_core::{Participation, Programme};

use throughline_formats::ical::{self, FeedOptions, Selection};
use throughline_formats::{frab_xml, schedule_json};

use crate::site::{Guide, GuideError};

/// The most tracks an event of a track's feed names as categories: the
/// feed's own track and the session's first others (core memberships first,
/// then by slug).
pub const TRACK_FEED_CATEGORIES: usize = 10;

/// One feed or export of the site.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Feed {
    /// `forum.ics`: every scheduled session.
    Forum,
    /// `tracks/<slug>.ics`: the track's accepted sessions.
    Track(String),
    /// `sessions/<slug>.ics`: one session (only for scheduled sessions).
    Session(String),
    /// `schedule.xml`.
    FrabXml,
    /// `schedule.json`.
    ScheduleJson,
}

impl Guide {
    /// Every feed of the site.
    pub fn feeds(&self) -> Vec<Feed> {
        let mut feeds = vec![Feed::Forum, Feed::FrabXml, Feed::ScheduleJson];
        feeds.extend(self.p.tracks.iter().map(|t| Feed::Track(t.slug.clone())));
        feeds.extend(
            self.order
                .iter()
                .map(|&i| &self.p.sessions[i])
                .filter(|s| s.start.is_some())
                .map(|s| Feed::Session(s.code.clone())),
        );
        feeds
    }

    /// Where a feed lives, relative to the site's root.
    pub fn feed_path(&self, feed: &Feed) -> Option<String> {
        Some(match feed {
            Feed::Forum => "forum.ics".to_string(),
            Feed::FrabXml => "schedule.xml".to_string(),
            Feed::ScheduleJson => "schedule.json".to_string(),
            Feed::Track(slug) => {
                self.track_by_slug(slug)?;
                format!("tracks/{}.ics", self.track_file(slug))
            }
            Feed::Session(code) => {
                let s = &self.p.sessions[self.session_index(code)?];
                s.start?;
                format!("sessions/{}.ics", self.session_slugs.get(code)?)
            }
        })
    }

    /// A feed's text.
    pub fn render_feed(&self, feed: &Feed) -> Result<String, GuideError> {
        let base_url = self.options.base_url.as_deref().map(|u| u.trim_end_matches('/'));
        let calendar = |selection: Selection| {
            let options = FeedOptions { stamp: self.options.stamp, base_url, moves: &self.options.moves };
            ical::write(&self.p, &selection, &options)
        };
        Ok(match feed {
            Feed::Forum => calendar(Selection::Forum)?,
            Feed::Track(slug) => {
                let part =
                    self.track_feed_programme(slug).ok_or_else(|| GuideError::NotFound(format!("track {slug}")))?;
                let options = FeedOptions { stamp: self.options.stamp, base_url, moves: &self.options.moves };
                ical::write(&part, &Selection::Track(slug.clone()), &options)?
            }
            Feed::Session(code) => calendar(Selection::Sessions(vec![code.clone()]))?,
            Feed::FrabXml => frab_xml::write(&self.p, base_url),
            Feed::ScheduleJson => schedule_json::write(&self.p, base_url),
        })
    }
}

impl Guide {
    /// What a track's feed needs: the track's sessions (or every session,
    /// where the links to their pages would otherwise change), their people,
    /// and the first [`TRACK_FEED_CATEGORIES`] of each session's tracks with
    /// the feed's own.
    fn track_feed_programme(&self, slug: &str) -> Option<Programme> {
        let p = &self.p;
        let own = *self.track_index.get(slug)?;
        let members: &[usize] = self.sessions_by_track.get(slug).map_or(&[][..], Vec::as_slice);
        let mut part = Programme::new(p.forum.clone());
        part.rooms = p.rooms.clone();
        let mut tracks: Vec<usize> = vec![own];
        for &i in members {
            let code = &p.sessions[i].code;
            let list = self.memberships_by_session.get(code).map_or(&[][..], Vec::as_slice);
            let mut kept: Vec<usize> = list.iter().copied().take(TRACK_FEED_CATEGORIES).collect();
            if !kept.iter().any(|&m| p.memberships[m].track == slug) {
                kept.pop();
                kept.extend(list.iter().copied().find(|&m| p.memberships[m].track == slug));
            }
            for m in kept {
                part.memberships.push(p.memberships[m].clone());
                tracks.extend(self.track_index.get(&p.memberships[m].track));
            }
            for &x in self.parts_by_session.get(code).map_or(&[][..], Vec::as_slice) {
                let x: &Participation = &p.participations[x];
                part.participations.push(x.clone());
                if let Some(&k) = self.people_by_key.get(&x.person) {
                    part.people.push(p.people[k].clone());
                }
            }
        }
        tracks.sort_unstable();
        tracks.dedup();
        part.tracks = tracks.into_iter().map(|t| p.tracks[t].clone()).collect();
        part.people.sort_by(|a, b| a.key.cmp(&b.key));
        part.people.dedup_by(|a, b| a.key == b.key);
        part.sessions = members.iter().map(|&i| p.sessions[i].clone()).collect();
        // Page links come from the slugs of the whole programme's codes; where
        // the track's alone would slug otherwise, the feed gets every session.
        let alone = part.session_page_slugs();
        if alone.iter().any(|(code, slug)| self.session_slugs.get(code) != Some(slug)) {
            part.sessions = p.sessions.clone();
        }
        Some(part)
    }
}
