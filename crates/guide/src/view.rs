//! The pieces pages are made of, as plain values for the templates, already
//! in the page's language: a session as a list shows it, its time and room,
//! its people with their stakeholder group and UN regional group, links.
//! Links are relative to the language's root (`sessions/ws-1.html`); the
//! templates put the way up to it in front.

use jiff::civil::Date;
use serde::Serialize;
use throughline_core::session::{StandardKind, is_web_url};
use throughline_core::{Session, SessionKind, Track};

use crate::dates::{Clock, local_date, long_date, short_date};
use crate::i18n::Catalog;
use crate::site::Guide;

/// A link: its text and where it goes.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub text: String,
    pub href: String,
}

/// When a scheduled session runs.
#[derive(Debug, Clone, Serialize)]
pub struct When {
    /// The day, short ("Tuesday 1 December"), linking to the day's page.
    pub day: Link,
    /// The day in full ("Tuesday 1 December 2026").
    pub date: String,
    pub start: Clock,
    /// None only if the end is past what a timestamp holds.
    pub end: Option<Clock>,
}

/// A person in a list of sessions: the name and what they stand for.
#[derive(Debug, Clone, Serialize)]
pub struct PersonBrief {
    pub name: String,
    /// "Civil society, African Group"; empty when neither is known.
    pub about: String,
}

/// A session as lists show it.
#[derive(Debug, Clone, Serialize)]
pub struct SessionItem {
    pub code: String,
    pub title: String,
    pub href: String,
    /// The title's language, when the session names exactly one.
    pub lang: Option<String>,
    pub kind: String,
    /// Whether a tag already says the kind (pre-events), so lists do not repeat it.
    pub kind_in_tag: bool,
    pub when: Option<When>,
    pub room: Option<Link>,
    /// Visible labels: track introduction, concluding session, pre-event.
    pub tags: Vec<String>,
    /// The organisers, on track pages.
    pub organisers: Vec<PersonBrief>,
}

/// A person on a session's page.
#[derive(Debug, Clone, Serialize)]
pub struct PersonLine {
    pub name: String,
    /// The person's roles in the session, e.g. "Organiser, Speaker".
    pub roles: String,
    pub affiliation: Option<String>,
    pub group: Option<String>,
    pub country: Option<String>,
    pub un_group: Option<String>,
}

/// A day's sessions.
#[derive(Debug, Clone, Serialize)]
pub struct DayGroup {
    pub heading: String,
    pub href: String,
    pub items: Vec<SessionItem>,
}

/// How a list shows its sessions.
#[derive(Debug, Clone, Copy, Default)]
pub struct ItemStyle<'a> {
    /// The track whose introduction and conclusion are labelled.
    pub track: Option<&'a Track>,
    /// List the organisers with their groups.
    pub organisers: bool,
    /// Leave the room out (on the room's own page).
    pub hide_room: bool,
}

/// Builds view values in one language.
pub struct View<'g> {
    pub g: &'g Guide,
    pub cat: &'static Catalog,
}

impl<'g> View<'g> {
    pub fn day_href(&self, day: Date) -> String {
        format!("days/{day}.html")
    }

    pub fn session_href(&self, s: &Session) -> String {
        format!("sessions/{}.html", self.g.session_slugs.get(&s.code).map_or("", String::as_str))
    }

    pub fn room_link(&self, name: &str) -> Link {
        let slug = self.g.room_slugs.get(name).map_or("", String::as_str);
        Link { text: name.to_string(), href: format!("rooms/{slug}.html") }
    }

    pub fn track_link(&self, track: &Track) -> Link {
        Link { text: track.title.clone(), href: format!("tracks/{}.html", self.g.track_file(&track.slug)) }
    }

    /// "WS 1: Title", linking to the session's page.
    pub fn session_link(&self, s: &Session) -> Link {
        Link { text: format!("{}: {}", s.code, s.title), href: self.session_href(s) }
    }

    pub fn when(&self, s: &Session) -> Option<When> {
        let start = s.start?;
        let forum = &self.g.p.forum;
        let day = local_date(forum, start);
        Some(When {
            day: Link { text: short_date(self.cat, day), href: self.day_href(day) },
            date: long_date(self.cat, day),
            start: Clock::of(forum, start),
            end: s.end().map(|end| Clock::of(forum, end)),
        })
    }

    /// "Tuesday 1 December, 09:00–10:30" (for warnings and plain mentions).
    pub fn when_text(&self, s: &Session) -> String {
        match self.when(s) {
            Some(w) => match w.end {
                Some(end) => format!("{}, {}–{}", w.day.text, w.start.hm, end.hm),
                None => format!("{}, {}", w.day.text, w.start.hm),
            },
            None => self.cat.text("session.not_scheduled").to_string(),
        }
    }

    pub fn item(&self, s: &Session, style: ItemStyle) -> SessionItem {
        let mut tags = Vec::new();
        if let Some(track) = style.track {
            if is_intro(track, s) {
                tags.push(self.cat.text("tag.intro").to_string());
            }
            if is_concluding(track, s) {
                tags.push(self.cat.text("tag.concluding").to_string());
            }
        }
        let pre_event = s.kind == SessionKind::Standard(StandardKind::PreEvent);
        if pre_event {
            tags.push(self.cat.text("tag.pre_event").to_string());
        }
        SessionItem {
            code: s.code.clone(),
            title: s.title.clone(),
            href: self.session_href(s),
            lang: content_lang(s),
            kind: self.cat.kind(&s.kind),
            kind_in_tag: pre_event && self.cat.kind(&s.kind) == self.cat.text("tag.pre_event"),
            when: self.when(s),
            room: s.room.as_deref().filter(|_| !style.hide_room).map(|r| self.room_link(r)),
            tags,
            organisers: if style.organisers { self.organisers(s) } else { Vec::new() },
        }
    }

    /// The session's organisers with their stakeholder group and UN regional group.
    pub fn organisers(&self, s: &Session) -> Vec<PersonBrief> {
        self.people_of(s)
            .into_iter()
            .filter(|x| x.roles_raw.contains(&throughline_core::Role::Organiser))
            .map(|x| {
                let about: Vec<String> = [x.line.group, x.line.un_group].into_iter().flatten().collect();
                PersonBrief { name: x.line.name, about: about.join(", ") }
            })
            .collect()
    }

    /// Everyone in the session, once each with all their roles, in role order.
    pub fn people(&self, s: &Session) -> Vec<PersonLine> {
        self.people_of(s).into_iter().map(|x| x.line).collect()
    }

    fn people_of(&self, s: &Session) -> Vec<PersonWithRoles> {
        let g = self.g;
        let mut out: Vec<(String, PersonWithRoles)> = Vec::new();
        for &i in g.parts_by_session.get(&s.code).map_or(&[][..], Vec::as_slice) {
            let part = &g.p.participations[i];
            if let Some((_, existing)) = out.iter_mut().find(|(key, _)| *key == part.person) {
                if !existing.roles_raw.contains(&part.role) {
                    existing.roles_raw.push(part.role);
                }
                continue;
            }
            let person = g.people_by_key.get(&part.person).map(|&k| &g.p.people[k]);
            let country = person.and_then(|x| x.country_facts());
            let line = PersonLine {
                name: person.map_or_else(|| part.person.clone(), |x| x.name.clone()),
                roles: String::new(),
                affiliation: person.and_then(|x| x.affiliation.clone()).filter(|a| !a.trim().is_empty()),
                group: person.and_then(|x| x.stakeholder_group).map(|x| self.cat.stakeholder(x)),
                country: country.map(|c| c.name.trim_end_matches(" (the)").to_string()),
                un_group: country.and_then(|c| c.un_group).map(|x| self.cat.un_group(x)),
            };
            out.push((part.person.clone(), PersonWithRoles { line, roles_raw: vec![part.role] }));
        }
        out.into_iter()
            .map(|(_, mut x)| {
                x.line.roles = x.roles_raw.iter().map(|r| self.cat.role(*r)).collect::<Vec<_>>().join(", ");
                x
            })
            .collect()
    }

    /// Sessions grouped by day (in the order given), and the unscheduled ones.
    pub fn by_day(&self, sessions: &[&Session], style: ItemStyle) -> (Vec<DayGroup>, Vec<SessionItem>) {
        let mut days: Vec<DayGroup> = Vec::new();
        let mut current: Option<Date> = None;
        let mut unscheduled = Vec::new();
        for s in sessions {
            let Some(start) = s.start else {
                unscheduled.push(self.item(s, style));
                continue;
            };
            let day = local_date(&self.g.p.forum, start);
            if current != Some(day) {
                current = Some(day);
                days.push(DayGroup { heading: long_date(self.cat, day), href: self.day_href(day), items: Vec::new() });
            }
            if let Some(group) = days.last_mut() {
                group.items.push(self.item(s, style));
            }
        }
        (days, unscheduled)
    }
}

struct PersonWithRoles {
    line: PersonLine,
    roles_raw: Vec<throughline_core::Role>,
}

/// Whether the session opens the track: named as its introduction, or of
/// the "track introductory session" kind when the track names none.
pub fn is_intro(track: &Track, s: &Session) -> bool {
    match &track.intro_session {
        Some(code) => *code == s.code,
        None => s.kind == SessionKind::Standard(StandardKind::TrackOpening),
    }
}

/// Whether the session concludes the track (named, or of the concluding kind when the track names none).
pub fn is_concluding(track: &Track, s: &Session) -> bool {
    match &track.concluding_session {
        Some(code) => *code == s.code,
        None => s.kind == SessionKind::Standard(StandardKind::TrackClosing),
    }
}

/// The session's language for `lang` attributes, when it names exactly one
/// that looks like a language tag.
pub fn content_lang(s: &Session) -> Option<String> {
    match s.languages.as_slice() {
        [one] if is_language_tag(one) => Some(one.to_string()),
        _ => None,
    }
}

fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Text split into paragraphs at blank lines.
pub fn paragraphs(text: &str) -> Vec<String> {
    text.replace("\r\n", "\n").split("\n\n").map(str::trim).filter(|p| !p.is_empty()).map(str::to_string).collect()
}

/// The opening of a text for a list (a track's narrative on the home page):
/// whole sentences of its first paragraph up to about `max` characters, or
/// the words that fit, with an ellipsis when something is left out.
pub fn summary(text: &str, max: usize) -> String {
    let first = paragraphs(text).into_iter().next().unwrap_or_default();
    if first.chars().count() <= max {
        return first;
    }
    let cut = first.char_indices().nth(max).map_or(first.len(), |(i, _)| i);
    let head = &first[..cut];
    // Whole sentences if at least a third of the room is used, else whole words.
    let sentence_end = head
        .rmatch_indices(['.', '!', '?', '。'])
        .map(|(i, m)| i + m.len())
        .find(|&end| head[end..].starts_with(char::is_whitespace) && head[..end].chars().count() >= max / 3);
    match sentence_end {
        Some(end) => format!("{} …", &head[..end]),
        None => match head.rfind(char::is_whitespace) {
            Some(space) if space > 0 => format!("{} …", head[..space].trim_end()),
            _ => format!("{head}…"),
        },
    }
}

/// A web link, if the URL is one (`http://` or `https://`): nothing else
/// ever reaches an `href`.
pub fn web_link(text: &str, url: &str) -> Option<Link> {
    let url = url.trim();
    is_web_url(url).then(|| Link {
        text: if text.trim().is_empty() { url } else { text.trim() }.to_string(),
        href: url.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_links() {
        assert!(web_link("x", "javascript:alert(1)").is_none());
        assert!(web_link("x", "JAVASCRIPT:alert(1)").is_none());
        assert!(web_link("x", "data:text/html,hi").is_none());
        assert_eq!(web_link("", "https://example.org/a").unwrap().text, "https://example.org/a");
    }

    #[test]
    fn language_tags() {
        assert!(is_language_tag("es"));
        assert!(is_language_tag("pt-BR"));
        assert!(!is_language_tag("Spanish"));
        assert!(!is_language_tag("\"><script>"));
    }

    #[test]
    fn summaries_keep_whole_sentences_or_words() {
        assert_eq!(summary("Short.", 50), "Short.");
        assert_eq!(summary("One two three. Four five six seven eight.", 30), "One two three. …");
        assert_eq!(summary("Onetwothree four five six seven eight", 20), "Onetwothree four …");
        assert_eq!(summary("First para.\n\nSecond.", 50), "First para.");
        assert_eq!(summary("ééééééééé", 3), "ééé…");
    }

    #[test]
    fn paragraphs_split_at_blank_lines() {
        assert_eq!(paragraphs("a\nb\r\n\r\n\n\nc  "), vec!["a\nb", "c"]);
        assert!(paragraphs("  ").is_empty());
    }
}
