//! frab's schedule.xml (Pentabarf, frab, pretalx, c3voc): reading what real
//! exporters write, and writing what the c3voc XSD demands. Each session is
//! written once, under its primary track. What the schema has no room for
//! (the session's own code when it is not a number, and its other tracks)
//! travels in a processing instruction inside the event,
//! `<?throughline code="WS 12" tracks="slug slug"?>`, which the schema allows
//! and other readers ignore.
//!
//! XML 1.0 cannot carry C0 control characters other than tab, LF and CR, not
//! even as character references. The readers refuse them (see `fields.rs`),
//! but a programme edited since may hold one: the writer leaves them out of
//! every text, attribute and instruction, so the file stays well-formed.

use std::borrow::Cow;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesPI, BytesText, Event as XmlEvent};
use serde_json::{Map, Value, json};
use throughline_core::Programme;

use crate::c3voc::{self, Event, Extension, UniqueIds, non_blank};
use crate::fields::Record;
use crate::lookup::Lookup;
use crate::programme_builder::ProgrammeBuilder;
use crate::xml_tree::{self, Element};
use crate::{Import, ImportError, ImportOptions};

/// Reads a whole schedule.xml.
pub fn read(file: &str, text: &str, options: &ImportOptions) -> Result<Import, ImportError> {
    let root = xml_tree::parse(file, text)?;
    if root.name != "schedule" {
        return Err(ImportError::at_line(
            file,
            root.line,
            format!("the root element is <{}>, not <schedule>: this is not a frab schedule.xml", root.name),
        ));
    }
    let mut builder = ProgrammeBuilder::new(file, options)?.partial_records();
    if let Some(conference) = root.child("conference") {
        builder.forum(conference.line, &Record::json(&forum_record(conference)))?;
        for track in conference.children("track") {
            if let Some(name) = track.attribute("name").and_then(|n| non_blank(Some(n))) {
                let mut t = Map::new();
                t.insert("title".into(), json!(name));
                if let Some(slug) = track.attribute("slug") {
                    t.insert("slug".into(), json!(slug));
                }
                if let Some(colour) = track.attribute("color") {
                    t.insert("colour".into(), json!(colour));
                }
                builder.track(track.line, &Record::json(&t))?;
            }
        }
    }
    let mut ids = UniqueIds::default();
    for day in root.children("day") {
        for room in day.children("room") {
            for event in room.children("event") {
                let place = format!("{file}:{}", event.line);
                c3voc::add_event(&mut builder, &mut ids, read_event(event, day, room), event.line, &place)?;
            }
        }
    }
    builder.finish()
}

fn forum_record(conference: &Element) -> Map<String, Value> {
    let mut f = Map::new();
    if let Some(acronym) = conference.child_text("acronym") {
        let slug = throughline_core::slugify(acronym);
        if throughline_core::slug::is_valid_slug(&slug) {
            f.insert("slug".into(), json!(slug));
        }
    }
    if let Some(title) = conference.child_text("title") {
        f.insert("name".into(), json!(title));
    }
    if let Some(tz) = conference.child_text("time_zone_name") {
        f.insert("time_zone".into(), json!(tz));
    }
    f
}

fn read_event(event: &Element, day: &Element, room: &Element) -> Event {
    let text = |name: &str| non_blank(event.child_text(name));
    let mut extension = Extension::default();
    for (_, content) in event.instructions.iter().filter(|(target, _)| target == "throughline") {
        extension.code = pi_value(content, "code").or(extension.code);
        if let Some(tracks) = pi_value(content, "tracks") {
            extension.tracks.extend(tracks.split_whitespace().map(str::to_string));
        }
    }
    let persons = event
        .child("persons")
        .map(|ps| ps.children("person").filter_map(|p| non_blank(Some(&p.text))).collect())
        .unwrap_or_default();
    let mut e = Event::with_common_fields(text);
    e.id = non_blank(event.attribute("id"));
    e.day = non_blank(day.attribute("date"));
    e.room = e.room.or_else(|| non_blank(room.attribute("name")));
    e.extension = extension;
    e.persons = persons;
    e.links = event
        .child("links")
        .map(|ls| {
            ls.children("link")
                .filter_map(|l| Some((l.text.trim().to_string(), non_blank(l.attribute("href"))?)))
                .collect()
        })
        .unwrap_or_default();
    e
}

/// The value of `key="value"` in a processing instruction's content, unescaped.
fn pi_value(content: &str, key: &str) -> Option<String> {
    let rest = content.split(&format!("{key}=\"")).nth(1)?;
    let raw = rest.split_once('"')?.0;
    quick_xml::escape::unescape(raw).ok().map(|v| v.to_string()).filter(|v| !v.is_empty())
}

/// The processing instruction that carries a session's extension.
fn extension_pi(ext: &Extension) -> String {
    // Escaping `>` too keeps a value from closing the instruction with `?>`.
    let esc = |v: &str| quick_xml::escape::escape(xml_safe(v)).replace('>', "&gt;");
    let mut pi = "throughline".to_string();
    if let Some(code) = &ext.code {
        pi.push_str(&format!(" code=\"{}\"", esc(code)));
    }
    if !ext.tracks.is_empty() {
        pi.push_str(&format!(" tracks=\"{}\"", esc(&ext.tracks.join(" "))));
    }
    pi
}

/// Writes the scheduled sessions as a schedule.xml that validates against the
/// c3voc XSD. `base_url`, when given, is where the guide's pages live.
#[allow(clippy::expect_used, reason = "writing to a Vec<u8> cannot fail, and every text written is UTF-8")]
pub fn write(p: &Programme, base_url: Option<&str>) -> String {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    write_schedule(&mut w, p, base_url).expect("writing to memory cannot fail");
    String::from_utf8(w.into_inner()).expect("we write UTF-8")
}

type Out = Writer<Vec<u8>>;

fn text_element(w: &mut Out, name: &str, text: &str) -> std::io::Result<()> {
    w.create_element(name).write_text_content(BytesText::new(&xml_safe(text)))?;
    Ok(())
}

/// The text without the characters XML 1.0 forbids: C0 controls other than
/// tab, LF and CR, and the non-characters U+FFFE and U+FFFF.
fn xml_safe(text: &str) -> Cow<'_, str> {
    let forbidden = |c: char| {
        (c.is_ascii_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{7f}')) || matches!(c, '\u{fffe}' | '\u{ffff}')
    };
    if text.contains(forbidden) { Cow::Owned(text.replace(forbidden, "")) } else { Cow::Borrowed(text) }
}

fn write_schedule(w: &mut Out, p: &Programme, base_url: Option<&str>) -> std::io::Result<()> {
    w.write_event(XmlEvent::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let ids = c3voc::numeric_ids(p);
    let days = c3voc::days(p);
    let pages = c3voc::PageLinks::new(p, base_url);
    let lookup = Lookup::new(p);
    w.create_element("schedule").write_inner_content(|w| {
        w.create_element("generator")
            .with_attribute(("name", "throughline"))
            .with_attribute(("version", env!("CARGO_PKG_VERSION")))
            .write_empty()?;
        text_element(w, "version", p.forum.edition.as_deref().unwrap_or("1"))?;
        w.create_element("conference").write_inner_content(|w| {
            text_element(w, "title", &p.forum.name)?;
            text_element(w, "acronym", &c3voc::acronym(p))?;
            if let (Some(first), Some(last)) = (days.keys().next(), days.keys().next_back()) {
                text_element(w, "start", first)?;
                text_element(w, "end", last)?;
            }
            text_element(w, "days", &days.len().to_string())?;
            text_element(w, "timeslot_duration", "00:05")?;
            if let Some(url) = base_url {
                text_element(w, "base_url", url)?;
            }
            text_element(w, "time_zone_name", p.forum.time_zone.name())?;
            for t in &p.tracks {
                let mut el = w.create_element("track").with_attribute(("name", xml_safe(&t.title).as_ref()));
                if let Some(c) = &t.colour {
                    el = el.with_attribute(("color", xml_safe(c).as_ref()));
                }
                if t.slug.len() >= 2 && t.slug.starts_with(|c: char| c.is_ascii_lowercase()) && t.slug.is_ascii() {
                    el = el.with_attribute(("slug", t.slug.as_str()));
                }
                el.write_empty()?;
            }
            Ok(())
        })?;
        for (index, (date, rooms)) in days.iter().enumerate() {
            let Some((start, end)) = c3voc::day_bounds(rooms) else { continue };
            w.create_element("day")
                .with_attribute(("index", (index + 1).to_string().as_str()))
                .with_attribute(("date", date.as_str()))
                .with_attribute(("start", p.forum.offset_time(start).as_str()))
                .with_attribute(("end", p.forum.offset_time(end).as_str()))
                .write_inner_content(|w| {
                    for (room, sessions) in rooms {
                        w.create_element("room")
                            .with_attribute(("name", xml_safe(room).as_ref()))
                            .write_inner_content(|w| {
                                for s in sessions {
                                    write_event(w, p, &lookup, s, ids[&s.code], pages.as_ref())?;
                                }
                                Ok(())
                            })?;
                    }
                    Ok(())
                })?;
        }
        Ok(())
    })?;
    Ok(())
}

fn write_event(
    w: &mut Out,
    p: &Programme,
    lookup: &Lookup,
    s: &throughline_core::Session,
    id: u64,
    pages: Option<&c3voc::PageLinks>,
) -> std::io::Result<()> {
    let Some(start) = s.start else {
        return Ok(()); // `days` holds scheduled sessions only
    };
    let tracks = lookup.tracks(&s.code);
    w.create_element("event")
        .with_attribute(("id", id.to_string().as_str()))
        .with_attribute(("guid", c3voc::guid(&p.forum.slug, &s.code).as_str()))
        .write_inner_content(|w| {
            text_element(w, "room", s.room.as_deref().unwrap_or(""))?;
            text_element(w, "title", &s.title)?;
            text_element(w, "type", s.kind.code())?;
            text_element(w, "date", &p.forum.offset_time(start))?;
            text_element(w, "start", &c3voc::local_time(p, start))?;
            text_element(w, "duration", &c3voc::hours_minutes(s.duration_minutes))?;
            text_element(w, "abstract", &s.description)?;
            text_element(w, "slug", &c3voc::event_slug(p, s))?;
            text_element(w, "track", tracks.first().map_or("", |(_, title)| title))?;
            if let Some(ext) = Extension::of(s, id, &tracks) {
                w.write_event(XmlEvent::PI(BytesPI::new(extension_pi(&ext))))?;
            }
            w.create_element("persons").write_inner_content(|w| {
                for name in lookup.names(&s.code) {
                    text_element(w, "person", name)?;
                }
                Ok(())
            })?;
            if let Some(lang) = s.languages.first() {
                text_element(w, "language", lang)?;
            }
            if let Some(pages) = pages {
                text_element(w, "url", &pages.session(&s.code))?;
            }
            w.create_element("links").write_inner_content(|w| {
                for (title, url) in c3voc::links_of(s) {
                    w.create_element("link")
                        .with_attribute(("href", xml_safe(url).as_ref()))
                        .write_text_content(BytesText::new(&xml_safe(title)))?;
                }
                Ok(())
            })?;
            Ok(())
        })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_round_trip_through_the_instruction() {
        let ext = Extension { code: Some("WS \"1\" ?> & <x>".into()), tracks: vec!["a".into(), "b".into()] };
        let pi = extension_pi(&ext);
        assert!(!pi.contains("?>"), "{pi}");
        assert_eq!(pi_value(&pi, "code").as_deref(), ext.code.as_deref());
        assert_eq!(pi_value(&pi, "tracks").as_deref(), Some("a b"));
        assert_eq!(pi_value("other=\"x\"", "tracks"), None);
    }

    #[test]
    fn characters_xml_forbids_are_left_out() {
        assert_eq!(xml_safe("a\u{0}b\u{1b}c\u{1f}d\u{fffe}"), "abcd");
        assert!(matches!(xml_safe("tab\tLF\nCR\r é"), Cow::Borrowed("tab\tLF\nCR\r é")));
        let ext = Extension { code: Some("WS\u{1}1".into()), tracks: vec![] };
        assert_eq!(pi_value(&extension_pi(&ext), "code").as_deref(), Some("WS1"));
    }
}
