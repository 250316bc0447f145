//! A forum: one edition of a conference, with its venue's time zone, its rooms
//! and the grid of time slots sessions are placed in.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

/// A validated IANA time zone (e.g. `Africa/Nairobi`), from the tz database
/// embedded in the binary.
#[derive(Debug, Clone)]
pub struct IanaZone {
    name: String,
    tz: TimeZone,
}

/// A name that is not a time zone of the tz database.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown IANA time zone {0:?} (e.g. \"Europe/Berlin\", \"UTC\")")]
pub struct UnknownZone(pub String);

impl IanaZone {
    pub fn parse(name: &str) -> Result<IanaZone, UnknownZone> {
        let name = name.trim();
        match jiff::tz::db().get(name) {
            Ok(tz) => Ok(IanaZone { name: name.to_string(), tz }),
            Err(_) => Err(UnknownZone(name.to_string())),
        }
    }

    pub fn utc() -> IanaZone {
        IanaZone { name: "UTC".into(), tz: TimeZone::UTC }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn tz(&self) -> &TimeZone {
        &self.tz
    }
}

impl PartialEq for IanaZone {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Serialize for IanaZone {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.name)
    }
}

impl<'de> Deserialize<'de> for IanaZone {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        IanaZone::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// One edition of a forum.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Forum {
    pub slug: String,
    pub name: String,
    pub edition: Option<String>,
    pub city: Option<String>,
    /// ISO 3166 alpha-3 code of the host country.
    pub country: Option<String>,
    pub time_zone: IanaZone,
    /// Days after a session that its report is due.
    pub report_due_days: u32,
}

impl Forum {
    /// A forum with just a slug and a name, in UTC.
    pub fn new(slug: &str, name: &str) -> Forum {
        Forum {
            slug: slug.to_string(),
            name: name.to_string(),
            edition: None,
            city: None,
            country: None,
            time_zone: IanaZone::utc(),
            report_due_days: crate::report::DEFAULT_DUE_DAYS,
        }
    }

    /// An instant as RFC 3339 in the venue's zone, with its offset:
    /// `2026-11-30T09:00:00+03:00` (what the exchange formats write).
    pub fn offset_time(&self, at: Timestamp) -> String {
        at.to_zoned(self.time_zone.tz().clone()).strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
    }

    /// Shows an instant as the venue's local date and time, `2026-11-30 09:00`.
    pub fn local(&self, at: Timestamp) -> String {
        at.to_zoned(self.time_zone.tz().clone()).strftime("%Y-%m-%d %H:%M").to_string()
    }

    /// The venue's calendar date at an instant.
    pub fn local_date(&self, at: Timestamp) -> jiff::civil::Date {
        at.to_zoned(self.time_zone.tz().clone()).date()
    }

    /// The venue's clock time at an instant, `09:00`.
    pub fn local_clock(&self, at: Timestamp) -> String {
        at.to_zoned(self.time_zone.tz().clone()).strftime("%H:%M").to_string()
    }
}

/// A room of the venue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Room {
    pub name: String,
    /// Seats; None when not known (e.g. rooms created from an imported programme).
    pub capacity: Option<u32>,
    /// Whether remote participation is possible from the room.
    pub remote: bool,
}

/// A time slot of the programme grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Slot {
    pub start: Timestamp,
    pub end: Timestamp,
}

impl Slot {
    pub fn minutes(&self) -> i64 {
        (self.end.as_second() - self.start.as_second()) / 60
    }

    pub fn contains(&self, at: Timestamp) -> bool {
        self.start <= at && at < self.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_zones_are_checked() {
        assert_eq!(IanaZone::parse("Africa/Nairobi").unwrap().name(), "Africa/Nairobi");
        assert!(IanaZone::parse("Mars/Olympus").unwrap_err().to_string().contains("Mars/Olympus"));
    }

    #[test]
    fn local_time_uses_the_venue_zone() {
        let mut forum = Forum::new("f", "F");
        forum.time_zone = IanaZone::parse("Africa/Nairobi").unwrap();
        let at: Timestamp = "2026-11-30T06:00:00Z".parse().unwrap();
        assert_eq!(forum.local(at), "2026-11-30 09:00");
    }
}
