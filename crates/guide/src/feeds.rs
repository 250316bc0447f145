//! The site's calendar feeds and exports, written by `throughline_formats`
//! from the guide's public programme: the whole forum, each track and each
//! scheduled session as iCalendar, and the forum as frab schedule.xml and
//! c3voc schedule.json (for conference apps). With a base URL, their links
//! to session pages are absolute.

use throughline_formats::ical::{self, FeedOptions, Selection};
use throughline_formats::{frab_xml, schedule_json};

use crate::site::{Guide, GuideError};

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
                self.p.tracks.iter().find(|t| &t.slug == slug)?;
                format!("tracks/{slug}.ics")
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
            Feed::Track(slug) => calendar(Selection::Track(slug.clone()))?,
            Feed::Session(code) => calendar(Selection::Sessions(vec![code.clone()]))?,
            Feed::FrabXml => frab_xml::write(&self.p, base_url),
            Feed::ScheduleJson => schedule_json::write(&self.p, base_url),
        })
    }
}
