//! Files that hold records of one kind that go into an existing programme
//! (mechanisms, session reports): JSON Lines, one record per line, bare or
//! wrapped as `{"<kind>": {...}}`, or CSV with a header. A file is read all
//! or nothing, checked against the programme it goes into with
//! [`Programme::validate`], and every problem names its line and field.

use std::collections::HashMap;

use serde_json::Value;
use throughline_core::Programme;
use throughline_core::programme::Subject;

use crate::fields::{FieldResult, Record};
use crate::{ImportError, sessions_csv};

/// A kind of record that a records file holds.
pub(crate) trait RecordKind: Clone + Sized {
    /// The record's name, as the wrapping key of a JSON line (`mechanism`).
    const NAME: &'static str;
    /// The field that identifies a record in the programme.
    const KEY_FIELD: &'static str;
    /// The columns a CSV file must have.
    const REQUIRED_COLUMNS: &'static [&'static str];
    /// Reads one record.
    fn read(r: &Record) -> FieldResult<Self>;
    /// The record's identity: one record per key in a programme.
    fn key(&self) -> &str;
    /// The records of this kind in a programme.
    fn all_in(p: &mut Programme) -> &mut Vec<Self>;
    /// The key of the record a validation problem is about, if it is one of these.
    fn subject_key(subject: &Subject) -> Option<&str>;
}

/// Reads a records file into the records it holds, checked against
/// `programme` (a record already there with the same key is replaced by the
/// file's). All or nothing: the first problem, with its line and field.
pub(crate) fn read_records<T: RecordKind>(
    file: &str,
    bytes: &[u8],
    programme: &Programme,
) -> Result<Vec<T>, ImportError> {
    let text = crate::decode(file, bytes)?;
    if text.trim().is_empty() {
        return Err(ImportError::at_file(file, format!("the file is empty: there is no {} to import", T::NAME)));
    }
    let mut read = Vec::new();
    let mut lines: HashMap<String, usize> = HashMap::new();
    let mut add = |line: usize, r: &Record| -> Result<(), ImportError> {
        let record = T::read(r).map_err(|e| ImportError::at_field(file, line, &e.field, e.message))?;
        if let Some(first) = lines.get(record.key()) {
            return Err(ImportError::at_field(
                file,
                line,
                T::KEY_FIELD,
                format!("{:?} is already the {} of the {} on line {first}", record.key(), T::KEY_FIELD, T::NAME),
            ));
        }
        lines.insert(record.key().to_string(), line);
        read.push(record);
        Ok(())
    };
    if text.trim_start().starts_with('{') {
        for (n, obj) in crate::sessions_jsonl::objects(file, text)? {
            match obj.get(T::NAME) {
                Some(Value::Object(inner)) if obj.len() == 1 => add(n, &Record::json(inner))?,
                _ => add(n, &Record::json(&obj))?,
            }
        }
    } else {
        for (line, obj) in sessions_csv::rows(file, text, T::REQUIRED_COLUMNS)? {
            add(line, &Record::csv(&obj))?;
        }
    }
    let mut with = programme.clone();
    let records = T::all_in(&mut with);
    records.retain(|r| !lines.contains_key(r.key()));
    records.extend(read.iter().cloned());
    let errors = with.validate();
    let located = errors.iter().filter_map(|e| T::subject_key(&e.subject).and_then(|k| lines.get(k)).map(|&l| (l, e)));
    if let Some((line, e)) = located.min_by_key(|(line, _)| *line) {
        return Err(ImportError::at_field(file, line, e.field, e.message.clone()));
    }
    // A record the file does not hold that the file's records now break (a
    // report that names a mechanism the file renamed, say) is refused too.
    if let Some(e) = errors.first() {
        return Err(ImportError::at_file(file, format!("with this file the forum would not hold together: {e}")));
    }
    Ok(read)
}

/// A forum of two sessions, WS 1 and WS 2, for the record readers' tests.
#[cfg(test)]
pub(crate) fn two_session_forum() -> Programme {
    let mut p = Programme::new(throughline_core::Forum::new("f", "F"));
    for code in ["WS 1", "WS 2"] {
        p.sessions.push(throughline_core::Session {
            code: code.into(),
            title: code.into(),
            duration_minutes: 60,
            ..throughline_core::Session::default()
        });
    }
    p
}
