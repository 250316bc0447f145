//! Typed reading of one record's fields (a JSON object, or a CSV row turned
//! into one), with errors that name the field. Both readers share it, so a
//! field means the same thing in every format.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::TimeZone;
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
            Some(Value::String(s)) => Ok(Some(s.trim().to_string()).filter(|s| !s.is_empty())),
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
        let items: Vec<String> = match self.value(field) {
            None => Vec::new(),
            Some(Value::String(s)) if self.lists_in_text => split_list_cell(s),
            Some(Value::String(s)) => vec![s.clone()],
            Some(Value::Array(items)) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    match item {
                        Value::String(s) => out.push(s.clone()),
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

/// Reads a start time: RFC 3339 with an offset (`2014-12-27T11:00:00+01:00`),
/// a local date-time in the forum's zone (`2026-11-30T09:00`), or a time of
/// day (`10:00`, `1000`) with the separate `date` field.
pub(crate) fn parse_start(start: &str, date: Option<&str>, tz: &TimeZone) -> Result<Timestamp, String> {
    let start = start.trim();
    if let Ok(ts) = start.parse::<Timestamp>() {
        return Ok(ts);
    }
    let local = if let Ok(dt) = start.parse::<DateTime>() {
        dt
    } else if let Some(date) = date {
        let date: Date =
            date.trim().parse().map_err(|_| format!("the date {date:?} is not a date like \"2026-11-30\""))?;
        date.to_datetime(parse_time_of_day(start)?)
    } else {
        return Err(format!(
            "{start:?} is not a start time (write \"2026-11-30T09:00\" in the forum's time zone, \
             \"2014-12-27T11:00:00+01:00\", or a time of day with a `date` field)"
        ));
    };
    tz.to_timestamp(local).map_err(|e| format!("{start:?} cannot be placed in the forum's time zone: {e}"))
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
