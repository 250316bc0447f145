//! Dates and times as the guide prints them, in the forum's time zone: days
//! written out in the page's language ("Tuesday 1 December 2026", "mardi
//! 1er décembre 2026") from the catalog's day and month names and patterns,
//! times as 24-hour `HH:MM`, and the RFC 3339 instant with its offset for
//! `<time datetime>`.

use jiff::Timestamp;
use jiff::civil::{Date, Weekday};
use serde::Serialize;
use throughline_core::Forum;

use crate::i18n::Catalog;

/// Catalog keys of the day names, Monday first.
pub const WEEKDAY_KEYS: [&str; 7] = [
    "weekday.monday",
    "weekday.tuesday",
    "weekday.wednesday",
    "weekday.thursday",
    "weekday.friday",
    "weekday.saturday",
    "weekday.sunday",
];

/// Catalog keys of the date patterns: `{weekday} {day} {month} {year}`, the
/// same without the year, the first day of a month (`1`, `1er`) and a range
/// of two dates.
pub const PATTERN_KEYS: &[&str] = &["date.long", "date.short", "date.first_day", "date.range"];

/// The local date of an instant in the forum's zone.
pub fn local_date(forum: &Forum, at: Timestamp) -> Date {
    forum.local_date(at)
}

/// "Tuesday 1 December 2026".
pub fn long_date(cat: &Catalog, date: Date) -> String {
    fill(cat, "date.long", date)
}

/// "Tuesday 1 December".
pub fn short_date(cat: &Catalog, date: Date) -> String {
    fill(cat, "date.short", date)
}

/// "Monday 30 November 2026 – Thursday 3 December 2026", or one date.
pub fn date_range(cat: &Catalog, first: Date, last: Date) -> String {
    if first == last {
        return long_date(cat, first);
    }
    cat.text("date.range").replace("{first}", &long_date(cat, first)).replace("{last}", &long_date(cat, last))
}

fn fill(cat: &Catalog, pattern: &str, date: Date) -> String {
    let weekday = WEEKDAY_KEYS[weekday_index(date.weekday())];
    let day = if date.day() == 1 { cat.text("date.first_day").to_string() } else { date.day().to_string() };
    cat.text(pattern)
        .replace("{weekday}", cat.text(weekday))
        .replace("{day}", &day)
        .replace("{month}", cat.text(&format!("month.{}", date.month())))
        .replace("{year}", &date.year().to_string())
}

fn weekday_index(w: Weekday) -> usize {
    // Monday is 1 … Sunday is 7.
    (w.to_monday_one_offset() - 1) as usize
}

/// An instant as a page shows it: `09:00`, with the machine-readable instant
/// (`2026-11-30T09:00:00+03:00`) for `<time datetime>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Clock {
    pub iso: String,
    pub hm: String,
}

impl Clock {
    pub fn of(forum: &Forum, at: Timestamp) -> Clock {
        let zoned = at.to_zoned(forum.time_zone.tz().clone());
        Clock { iso: forum.offset_time(at), hm: zoned.strftime("%H:%M").to_string() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, catalog};

    #[test]
    fn dates_in_both_languages() {
        let d = jiff::civil::date(2026, 12, 1);
        assert_eq!(long_date(catalog(Lang::En), d), "Tuesday 1 December 2026");
        assert_eq!(long_date(catalog(Lang::Fr), d), "mardi 1er décembre 2026");
        let d = jiff::civil::date(2026, 11, 30);
        assert_eq!(short_date(catalog(Lang::En), d), "Monday 30 November");
        assert_eq!(short_date(catalog(Lang::Fr), d), "lundi 30 novembre");
        let sunday = jiff::civil::date(2026, 12, 6);
        assert_eq!(long_date(catalog(Lang::Fr), sunday), "dimanche 6 décembre 2026");
    }

    #[test]
    fn ranges() {
        let en = catalog(Lang::En);
        let a = jiff::civil::date(2026, 11, 30);
        let b = jiff::civil::date(2026, 12, 3);
        assert_eq!(date_range(en, a, a), "Monday 30 November 2026");
        assert_eq!(date_range(en, a, b), "Monday 30 November 2026 – Thursday 3 December 2026");
    }

    #[test]
    fn clocks_are_in_the_forum_zone() {
        let mut forum = Forum::new("f", "F");
        forum.time_zone = throughline_core::forum::IanaZone::parse("Africa/Nairobi").unwrap();
        let c = Clock::of(&forum, "2026-11-30T06:00:00Z".parse().unwrap());
        assert_eq!(c.hm, "09:00");
        assert_eq!(c.iso, "2026-11-30T09:00:00+03:00");
        assert_eq!(local_date(&forum, "2026-11-30T22:30:00Z".parse().unwrap()), jiff::civil::date(2026, 12, 1));
    }
}
