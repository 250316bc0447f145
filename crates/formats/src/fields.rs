//! Typed reading of one record's fields (a JSON object, or a CSV row turned
//! into one), with errors that name the field. Every reader (JSON Lines, CSV,
//! frab XML, schedule.json) reads its records through it, so a field means the
//! same thing in every format.
//!
//! **Control characters.** Text may hold tab, LF and CR (real schedules hold
//! CR LF in descriptions), but no other C0 control character (U+0000–U+001F):
//! a record that holds one is refused, with the field and the character's
//! position, rather than cleaned. Such a character is never meant (it is a
//! paste from a terminal or a broken export), dropping it silently would
//! change the text, and letting it through breaks what comes after: NUL
//! cannot be stored on PostgreSQL, XML 1.0 cannot carry any of them, and ESC
//! drives the terminal that shows the text. So NUL never gets into a
//! `Programme` from a reader.
//!
//! **Times** are read strictly (see [`parse_start`]): an offset more than 18
//! hours from UTC, a zone annotation that names no IANA zone or disagrees with
//! the offset, and a local time that does not exist (inside a daylight-saving
//! gap) are errors, not guesses. A local time that happens twice (when the
//! clocks go back) is the earlier one, as RFC 5545 and jiff's `compatible`
//! rule read it; give the offset to mean the later one.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Time};
use jiff::fmt::temporal::{Pieces, PiecesOffset, TimeZoneAnnotationKind};
use jiff::tz::{AmbiguousOffset, Offset, TimeZone};
use serde_json::{Map, Value};
use throughline_core::SessionLink;

/// A problem in one field of a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FieldError {
    pub field: String,
    pub message: String,
}

pub(crate) type FieldResult<T> = Result<T, FieldError>;

pub(crate) fn field_error(field: &str, message: impl Into<String>) -> FieldError {
    FieldError { field: field.to_string(), message: message.into() }
}

/// A record as a file holds it before it is read: its line, and its fields
/// by name (a JSON object, or a CSV row keyed by the header).
pub(crate) type Numbered = (usize, Map<String, Value>);

/// One record's fields.
pub(crate) struct Record<'a> {
    obj: &'a Map<String, Value>,
    /// CSV cells hold lists as text: items on separate lines, or separated by `;`.
    lists_in_text: bool,
}

impl<'a> Record<'a> {
    pub fn json(obj: &'a Map<String, Value>) -> Record<'a> {
        Record { obj, lists_in_text: false }
    }

    pub fn csv(obj: &'a Map<String, Value>) -> Record<'a> {
        Record { obj, lists_in_text: true }
    }

    fn value(&self, field: &str) -> Option<&'a Value> {
        self.obj.get(field).filter(|v| !v.is_null())
    }

    /// A text field: a string (or a number, written as text); blank is absent.
    pub fn text(&self, field: &str) -> FieldResult<Option<String>> {
        match self.value(field) {
            None => Ok(None),
            Some(Value::String(s)) => {
                check_controls(s).map_err(|m| field_error(field, m))?;
                Ok(Some(s.trim().to_string()).filter(|s| !s.is_empty()))
            }
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(other) => Err(field_error(field, format!("expected text, found {}", kind_of(other)))),
        }
    }

    pub fn required_text(&self, field: &str) -> FieldResult<String> {
        self.text(field)?.ok_or_else(|| field_error(field, "is required and must not be blank"))
    }

    /// A list of texts: an array of strings, or one string holding one item
    /// (in CSV: several items, one per line or separated by `;`).
    pub fn list(&self, field: &str) -> FieldResult<Vec<String>> {
        let checked = |s: &String| check_controls(s).map(|()| s.clone()).map_err(|m| field_error(field, m));
        let items: Vec<String> = match self.value(field) {
            None => Vec::new(),
            Some(Value::String(s)) if self.lists_in_text => split_list_cell(&checked(s)?),
            Some(Value::String(s)) => vec![checked(s)?],
            Some(Value::Array(items)) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    match item {
                        Value::String(s) => out.push(
                            check_controls(s)
                                .map(|()| s.clone())
                                .map_err(|m| field_error(field, format!("item {} {m}", i + 1)))?,
                        ),
                        Value::Number(n) => out.push(n.to_string()),
                        Value::Null => {}
                        other => {
                            return Err(field_error(
                                field,
                                format!("item {} should be text, found {}", i + 1, kind_of(other)),
                            ));
                        }
                    }
                }
                out
            }
            Some(other) => {
                return Err(field_error(field, format!("expected a list of texts, found {}", kind_of(other))));
            }
        };
        Ok(items.into_iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect())
    }

    /// Web links: objects `{"title", "url"}` or plain URLs; in CSV, one per
    /// line, each `Title <https://…>` or a plain URL.
    pub fn links(&self, field: &str) -> FieldResult<Vec<SessionLink>> {
        if let Some(Value::Array(items)) = self.value(field)
            && items.iter().any(Value::is_object)
        {
            let mut links = Vec::new();
            for (i, item) in items.iter().enumerate() {
                let Value::Object(o) = item else {
                    return Err(field_error(
                        field,
                        format!("item {} should be an object {{\"title\", \"url\"}}", i + 1),
                    ));
                };
                let link = Record::json(o);
                let at = |e: FieldError| field_error(field, format!("item {}: `{}` {}", i + 1, e.field, e.message));
                links.push(SessionLink {
                    title: link.text("title").map_err(at)?.unwrap_or_default(),
                    url: link.required_text("url").map_err(at)?,
                });
            }
            return Ok(links);
        }
        Ok(self.list(field)?.iter().map(|item| parse_link(item)).collect())
    }

    /// A whole number ≥ 0 that fits in 32 bits (a JSON number or numeric text).
    pub fn count(&self, field: &str) -> FieldResult<Option<u32>> {
        let text = match self.value(field) {
            None => return Ok(None),
            Some(Value::Number(n)) => n.to_string(),
            Some(Value::String(s)) if s.trim().is_empty() => return Ok(None),
            Some(Value::String(s)) => s.trim().to_string(),
            Some(other) => {
                return Err(field_error(field, format!("expected a number, found {}", kind_of(other))));
            }
        };
        text.parse::<u32>()
            .map(Some)
            .map_err(|_| field_error(field, format!("{text:?} is not a whole number of at least 0")))
    }

    /// true/false (or yes/no, 1/0 in text).
    pub fn flag(&self, field: &str) -> FieldResult<Option<bool>> {
        match self.value(field) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(Value::String(s)) => match s.trim().to_ascii_lowercase().as_str() {
                "" => Ok(None),
                "true" | "yes" | "1" => Ok(Some(true)),
                "false" | "no" | "0" => Ok(Some(false)),
                _ => Err(field_error(field, format!("{s:?} is neither true nor false"))),
            },
            Some(Value::Number(n)) if n.as_u64() == Some(1) => Ok(Some(true)),
            Some(Value::Number(n)) if n.as_u64() == Some(0) => Ok(Some(false)),
            Some(other) => Err(field_error(field, format!("expected true or false, found {}", kind_of(other)))),
        }
    }

    /// An array of objects, each with its 1-based position.
    pub fn objects(&self, field: &str) -> FieldResult<Vec<(usize, &'a Map<String, Value>)>> {
        match self.value(field) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, item)| match item {
                    Value::Object(o) => Ok((i + 1, o)),
                    other => {
                        Err(field_error(field, format!("item {} should be an object, found {}", i + 1, kind_of(other))))
                    }
                })
                .collect(),
            Some(other) => Err(field_error(field, format!("expected a list of objects, found {}", kind_of(other)))),
        }
    }

    /// A list of `{"start", "end"}` objects (times as [`parse_start`] reads
    /// them, without a separate date); errors name the item, `slots[2].end`.
    pub fn time_ranges(&self, field: &str, tz: &TimeZone) -> FieldResult<Vec<(Timestamp, Timestamp)>> {
        let mut ranges = Vec::new();
        for (i, item) in self.objects(field)? {
            let item = Record::json(item);
            let at = |e: FieldError| field_error(&format!("{field}[{i}].{}", e.field), e.message);
            let time = |name: &str| -> FieldResult<Timestamp> {
                let text = item.required_text(name).map_err(at)?;
                parse_start(&text, None, tz).map_err(|m| at(field_error(name, m)))
            };
            ranges.push((time("start")?, time("end")?));
        }
        Ok(ranges)
    }

    /// A length in minutes: `"01:30"`, `"90"` or `90`.
    pub fn duration(&self, field: &str) -> FieldResult<Option<u32>> {
        let Some(text) = self.text(field)? else {
            return Ok(None);
        };
        parse_duration(&text).map(Some).map_err(|m| field_error(field, m))
    }
}

/// Refuses C0 control characters other than tab, LF and CR (see the module's
/// documentation); the message names the character and its position.
fn check_controls(text: &str) -> Result<(), String> {
    match text.chars().position(|c| c.is_ascii_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{7f}')) {
        None => Ok(()),
        Some(i) => {
            let c = text.chars().nth(i).unwrap_or_default();
            Err(format!(
                "holds the control character U+{:04X} at character {} \
                 (text may hold tab and line breaks, but no other control character)",
                c as u32,
                i + 1
            ))
        }
    }
}

/// Reads `Title <https://…>` or a plain URL.
fn parse_link(item: &str) -> SessionLink {
    match item.strip_suffix('>').and_then(|rest| rest.rsplit_once(" <")) {
        Some((title, url)) => SessionLink { title: title.trim().to_string(), url: url.trim().to_string() },
        None => SessionLink { title: String::new(), url: item.trim().to_string() },
    }
}

/// Writes a link as `Title <https://…>` (or the plain URL), for CSV cells.
pub(crate) fn format_link(link: &SessionLink) -> String {
    if link.title.is_empty() { link.url.clone() } else { format!("{} <{}>", link.title, link.url) }
}

/// Splits a CSV list cell: on line breaks if it has any, else on `;`.
fn split_list_cell(cell: &str) -> Vec<String> {
    if cell.contains('\n') {
        cell.lines().map(str::to_string).collect()
    } else {
        cell.split(';').map(str::to_string).collect()
    }
}

/// Writes a list into one CSV cell so that [`split_list_cell`] reads it back.
pub(crate) fn join_list_cell(items: &[String]) -> String {
    let mut cell = items.join("\n");
    if items.len() == 1 && cell.contains(';') {
        cell.push('\n');
    }
    cell
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Reads `"01:30"` (hours:minutes), `"0:45:00"` or a number of minutes.
pub(crate) fn parse_duration(text: &str) -> Result<u32, String> {
    let bad = || format!("{text:?} is not a duration (write \"01:30\" or a number of minutes)");
    let minutes = if let Some((h, rest)) = text.split_once(':') {
        let m = rest.split(':').next().unwrap_or("");
        let (h, m): (u32, u32) = (h.trim().parse().map_err(|_| bad())?, m.trim().parse().map_err(|_| bad())?);
        if m >= 60 {
            return Err(bad());
        }
        h.checked_mul(60).and_then(|x| x.checked_add(m)).ok_or_else(bad)?
    } else {
        text.trim().parse::<u32>().map_err(|_| bad())?
    };
    if minutes == 0 {
        return Err(format!("{text:?}: a session must last at least one minute"));
    }
    if minutes > 24 * 60 {
        return Err(format!("{text:?}: a session cannot last more than 24 hours"));
    }
    Ok(minutes)
}

/// The furthest an offset may be from UTC: every zone in use lies within
/// −12:00…+14:00, and java.time stops at ±18:00 too.
const MAX_OFFSET_HOURS: i32 = 18;

/// Reads a start time, strictly (each problem is an error naming the text):
///
/// - RFC 3339 with an offset (`2014-12-27T11:00:00+01:00`, or `Z`); the offset
///   must be within ±18:00;
/// - optionally with an IANA zone annotation (`…+01:00[Europe/Berlin]`, as
///   RFC 9557 writes it), which must name a known zone and agree with the
///   offset; without an offset, the local time is read in that zone;
/// - a local date-time in the forum's zone (`2026-11-30T09:00`);
/// - a time of day (`10:00`, `1000`) with the separate `date` field.
///
/// A local time inside a daylight-saving gap does not exist and is refused;
/// one that happens twice is the earlier.
pub(crate) fn parse_start(start: &str, date: Option<&str>, tz: &TimeZone) -> Result<Timestamp, String> {
    let start = start.trim();
    if let Ok(pieces) = Pieces::parse(start) {
        return from_pieces(start, &pieces, tz);
    }
    let Some(date) = date else {
        return Err(format!(
            "{start:?} is not a start time (write \"2026-11-30T09:00\" in the forum's time zone, \
             \"2014-12-27T11:00:00+01:00\", or a time of day with a `date` field)"
        ));
    };
    let day: Date = date.trim().parse().map_err(|_| format!("the date {date:?} is not a date like \"2026-11-30\""))?;
    let local = day.to_datetime(parse_time_of_day(start)?);
    place_local(local, tz).map_err(|why| format!("{start:?} on {day} {why}"))
}

/// A start time from the parts jiff's Temporal (RFC 3339 / RFC 9557) parser found.
fn from_pieces(start: &str, pieces: &Pieces, forum_tz: &TimeZone) -> Result<Timestamp, String> {
    let local = pieces.date().to_datetime(pieces.time().unwrap_or(Time::midnight()));
    let offset = match pieces.offset() {
        None => None,
        Some(_) if pieces.time().is_none() => {
            return Err(format!("{start:?} has an offset but no time of day"));
        }
        Some(PiecesOffset::Zulu) => Some(Offset::UTC),
        Some(PiecesOffset::Numeric(n)) => {
            // Signed already; `is_negative` only tells `-00:00` from `+00:00`.
            let offset = n.offset();
            if offset.seconds().abs() > MAX_OFFSET_HOURS * 3600 {
                return Err(format!(
                    "{start:?}: the offset {} is more than {MAX_OFFSET_HOURS} hours from UTC",
                    offset_text(offset)
                ));
            }
            Some(offset)
        }
        Some(other) => return Err(format!("{start:?}: the offset {other:?} cannot be read")),
    };
    let zone = match pieces.time_zone_annotation().map(|a| a.kind()) {
        None => None,
        Some(TimeZoneAnnotationKind::Named(name)) => {
            let name = name.as_str();
            Some(jiff::tz::db().get(name).map_err(|_| format!("{start:?}: {name:?} is not an IANA time zone"))?)
        }
        Some(TimeZoneAnnotationKind::Offset(o)) => Some(TimeZone::fixed(*o)),
        Some(_) => return Err(format!("{start:?}: its time zone annotation cannot be read")),
    };
    match (offset, zone) {
        (Some(offset), zone) => {
            let ts = offset
                .to_timestamp(local)
                .map_err(|_| format!("{start:?} is outside the range of times that can be read"))?;
            if let Some(zone) = zone
                && pieces.offset() != Some(PiecesOffset::Zulu)
                && zone.to_offset(ts) != offset
            {
                return Err(format!(
                    "{start:?}: the offset {} is not the offset of {} at that time ({})",
                    offset_text(offset),
                    zone_name(&zone),
                    offset_text(zone.to_offset(ts))
                ));
            }
            Ok(ts)
        }
        (None, Some(zone)) => place_local(local, &zone).map_err(|why| format!("{start:?} {why}")),
        (None, None) => place_local(local, forum_tz).map_err(|why| format!("{start:?} {why}")),
    }
}

/// The instant of a local time in a zone; a time in a daylight-saving gap
/// does not exist and is an error (the reason, to follow the time's text), a
/// time that happens twice is the earlier.
fn place_local(local: DateTime, tz: &TimeZone) -> Result<Timestamp, String> {
    let ambiguous = tz.to_ambiguous_timestamp(local);
    if let AmbiguousOffset::Gap { before, after } = ambiguous.offset() {
        return Err(format!(
            "does not exist in {}: the clocks go from {} to {} then \
             (write the time with its offset if it is meant)",
            zone_name(tz),
            offset_text(before),
            offset_text(after)
        ));
    }
    ambiguous.compatible().map_err(|e| format!("cannot be placed in {}: {e}", zone_name(tz)))
}

fn zone_name(tz: &TimeZone) -> &str {
    tz.iana_name().unwrap_or("the forum's time zone")
}

/// `+02:00`, `-09:30`, `+05:45:30`.
fn offset_text(offset: Offset) -> String {
    let sign = if offset.seconds() < 0 { '-' } else { '+' };
    let all = offset.seconds().unsigned_abs();
    let (h, m, s) = (all / 3600, all / 60 % 60, all % 60);
    if s == 0 { format!("{sign}{h:02}:{m:02}") } else { format!("{sign}{h:02}:{m:02}:{s:02}") }
}

fn parse_time_of_day(text: &str) -> Result<Time, String> {
    let bad = || format!("{text:?} is not a time of day like \"10:00\"");
    let digits: String = text.chars().filter(|c| c.is_ascii_digit()).collect();
    let (h, m) = match (text.split_once(':'), digits.len()) {
        (Some((h, m)), _) => (
            h.trim().parse::<i8>().map_err(|_| bad())?,
            m.trim().get(..2).unwrap_or("").parse::<i8>().map_err(|_| bad())?,
        ),
        (None, 3 | 4) if digits.len() == text.trim().len() => {
            let n: i16 = digits.parse().map_err(|_| bad())?;
            ((n / 100) as i8, (n % 100) as i8)
        }
        _ => return Err(bad()),
    };
    Time::new(h, m, 0, 0).map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("01:30"), Ok(90));
        assert_eq!(parse_duration("0:45:00"), Ok(45));
        assert_eq!(parse_duration("45"), Ok(45));
        assert!(parse_duration("1h").is_err());
        assert!(parse_duration("00:00").unwrap_err().contains("at least one minute"));
        assert!(parse_duration("01:75").is_err());
    }

    #[test]
    fn starts() {
        let nairobi = jiff::tz::db().get("Africa/Nairobi").unwrap();
        let utc = |s: &str| s.parse::<Timestamp>().unwrap();
        assert_eq!(parse_start("2026-11-30T09:00", None, &nairobi), Ok(utc("2026-11-30T06:00:00Z")));
        assert_eq!(parse_start("2014-12-27T11:00:00+01:00", None, &nairobi), Ok(utc("2014-12-27T10:00:00Z")));
        assert_eq!(parse_start("1000", Some("2014-07-22"), &TimeZone::UTC), Ok(utc("2014-07-22T10:00:00Z")));
        assert_eq!(parse_start("9:30", Some("2014-07-22"), &TimeZone::UTC), Ok(utc("2014-07-22T09:30:00Z")));
        assert!(parse_start("tomorrow", None, &TimeZone::UTC).is_err());
        assert!(parse_start("2500", Some("2014-07-22"), &TimeZone::UTC).is_err());
        assert_eq!(parse_start("2026-11-30", None, &nairobi), Ok(utc("2026-11-29T21:00:00Z")));
        assert_eq!(parse_start("2014-12-27T11:00:00Z", None, &nairobi), Ok(utc("2014-12-27T11:00:00Z")));
        assert_eq!(parse_start("2014-12-27T11:00:00-09:30", None, &nairobi), Ok(utc("2014-12-27T20:30:00Z")));
    }

    /// Issue 16, item 11: each of these was read before, silently.
    #[test]
    fn times_are_read_strictly() {
        let paris = jiff::tz::db().get("Europe/Paris").unwrap();
        let utc = |s: &str| s.parse::<Timestamp>().unwrap();
        let err = |s: &str, date: Option<&str>| parse_start(s, date, &paris).unwrap_err();
        // Offsets further than 18 hours from UTC.
        assert_eq!(
            err("2026-06-01T10:00:00+25:00", None),
            "\"2026-06-01T10:00:00+25:00\": the offset +25:00 is more than 18 hours from UTC"
        );
        assert!(err("2026-06-01T10:00:00-18:30", None).contains("the offset -18:30 is more than 18 hours"));
        assert_eq!(parse_start("2026-06-01T10:00:00+14:00", None, &paris), Ok(utc("2026-05-31T20:00:00Z")));
        // Unknown zones, and zones that disagree with the offset.
        assert_eq!(
            err("2026-06-01T10:00[Mars/Olympus]", None),
            "\"2026-06-01T10:00[Mars/Olympus]\": \"Mars/Olympus\" is not an IANA time zone"
        );
        assert!(err("2026-06-01T10:00:00+01:00[Mars/Olympus]", None).contains("\"Mars/Olympus\" is not an IANA"));
        assert_eq!(
            err("2026-06-01T10:00:00+01:00[Europe/Paris]", None),
            "\"2026-06-01T10:00:00+01:00[Europe/Paris]\": the offset +01:00 is not the offset of Europe/Paris \
             at that time (+02:00)"
        );
        // Annotations that agree are read; without an offset, in the annotated zone.
        assert_eq!(
            parse_start("2026-06-01T10:00:00+02:00[Europe/Paris]", None, &TimeZone::UTC),
            Ok(utc("2026-06-01T08:00:00Z"))
        );
        assert_eq!(parse_start("2026-06-01T10:00[Africa/Nairobi]", None, &paris), Ok(utc("2026-06-01T07:00:00Z")));
        assert_eq!(parse_start("2026-06-01T08:00Z[Europe/Paris]", None, &paris), Ok(utc("2026-06-01T08:00:00Z")));
        // Local times inside the spring-forward gap, with and without a separate date.
        assert_eq!(
            err("2026-03-29T02:30", None),
            "\"2026-03-29T02:30\" does not exist in Europe/Paris: the clocks go from +01:00 to +02:00 then \
             (write the time with its offset if it is meant)"
        );
        assert!(err("02:30", Some("2026-03-29")).starts_with("\"02:30\" on 2026-03-29 does not exist in Europe/Paris"));
        assert!(err("2026-03-29T02:30[Europe/Paris]", None).contains("does not exist in Europe/Paris"));
        // Around the gap, and in the autumn's repeated hour (the earlier one).
        assert_eq!(parse_start("2026-03-29T03:00", None, &paris), Ok(utc("2026-03-29T01:00:00Z")));
        assert_eq!(parse_start("2026-03-29T02:30:00+01:00", None, &paris), Ok(utc("2026-03-29T01:30:00Z")));
        assert_eq!(parse_start("2026-10-25T02:30", None, &paris), Ok(utc("2026-10-25T00:30:00Z")));
        assert_eq!(parse_start("2026-10-25T02:30:00+01:00", None, &paris), Ok(utc("2026-10-25T01:30:00Z")));
    }

    #[test]
    fn control_characters_are_refused_with_their_place() {
        assert_eq!(check_controls("tab\there\r\nand\rthere"), Ok(()));
        assert_eq!(
            check_controls("é\u{1b}[0m"),
            Err("holds the control character U+001B at character 2 \
                 (text may hold tab and line breaks, but no other control character)"
                .to_string())
        );
        let obj: Map<String, Value> =
            serde_json::from_str(r#"{"t": "a\u0000", "l": ["ok", "b\u0001"], "n": 7}"#).unwrap();
        let r = Record::json(&obj);
        assert_eq!(r.text("t").unwrap_err().field, "t");
        assert!(r.list("l").unwrap_err().message.starts_with("item 2 holds the control character U+0001"));
        assert_eq!(r.text("n"), Ok(Some("7".to_string())));
        let csv: Map<String, Value> = serde_json::from_str(r#"{"l": "a\nb\u0000"}"#).unwrap();
        assert!(Record::csv(&csv).list("l").unwrap_err().message.contains("U+0000 at character 4"));
    }

    #[test]
    fn links_in_text() {
        let link = parse_link("Slides <https://example.org/s.pdf>");
        assert_eq!((link.title.as_str(), link.url.as_str()), ("Slides", "https://example.org/s.pdf"));
        assert_eq!(parse_link("https://example.org").title, "");
        assert_eq!(parse_link(&format_link(&link)), link);
    }

    #[test]
    fn list_cells_round_trip() {
        for items in [vec!["a".to_string(), "b; c".to_string()], vec!["x; y".to_string()], vec!["one".to_string()]] {
            assert_eq!(
                split_list_cell(&join_list_cell(&items)).into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>(),
                items
            );
        }
        assert_eq!(split_list_cell("en; fr"), vec!["en", " fr"]);
    }
}
