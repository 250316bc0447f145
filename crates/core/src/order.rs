//! The order people read a programme in: codes as they read them ("WS 2"
//! before "WS 10"), and sessions in time order. One place for every list,
//! page, feed and printed guide.

use std::cmp::Ordering;

use crate::Session;

/// Orders codes as people read them: "WS 2" before "WS 10".
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    fn chunks(s: &str) -> Vec<(bool, &str)> {
        let mut out = Vec::new();
        let mut start = 0;
        let mut digit = None;
        for (i, c) in s.char_indices() {
            let d = c.is_ascii_digit();
            if digit.is_some_and(|prev| prev != d) {
                out.push((digit == Some(true), &s[start..i]));
                start = i;
            }
            digit = Some(d);
        }
        if start < s.len() {
            out.push((digit == Some(true), &s[start..]));
        }
        out
    }
    let (ca, cb) = (chunks(a), chunks(b));
    for ((da, xa), (db, xb)) in ca.iter().zip(&cb) {
        let ord = if *da && *db {
            let (ta, tb) = (xa.trim_start_matches('0'), xb.trim_start_matches('0'));
            ta.len().cmp(&tb.len()).then_with(|| ta.cmp(tb))
        } else {
            xa.to_lowercase().cmp(&xb.to_lowercase())
        };
        if ord.is_ne() {
            return ord;
        }
    }
    ca.len().cmp(&cb.len()).then_with(|| a.cmp(b))
}

/// Sessions in time order: scheduled ones by start, then the unscheduled;
/// at one start by code in reading order.
pub fn time_order(a: &Session, b: &Session) -> Ordering {
    (a.start.is_none(), a.start).cmp(&(b.start.is_none(), b.start)).then_with(|| natural_cmp(&a.code, &b.code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_in_reading_order() {
        let mut codes = vec!["WS 10", "WS 2", "OF 1", "ws 3", "WS 002", "7", "10"];
        codes.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(codes, vec!["7", "10", "OF 1", "WS 002", "WS 2", "ws 3", "WS 10"]);
    }

    #[test]
    fn sessions_by_start_then_code_and_the_unscheduled_last() {
        let session = |code: &str, start: Option<&str>| Session {
            code: code.into(),
            start: start.map(|s| s.parse().unwrap()),
            ..Session::default()
        };
        let mut list = [
            session("WS 10", Some("2026-06-01T09:00:00Z")),
            session("X", None),
            session("WS 2", Some("2026-06-01T09:00:00Z")),
            session("A", Some("2026-06-01T11:00:00Z")),
        ];
        list.sort_by(time_order);
        let codes: Vec<&str> = list.iter().map(|s| s.code.as_str()).collect();
        assert_eq!(codes, ["WS 2", "WS 10", "A", "X"]);
    }
}
