//! Readers for public scheduling benchmark files, turning each into the
//! solver's `Instance` so that `bench schedule` can run them: OptaPlanner's
//! conference-scheduling workbooks (`optaplanner`), PyCon UK 2016's talks
//! (`pyconuk`), the KoMa AK-planning instances (`koma`), and our own
//! instance JSON (what `bench schedule --write-instances` writes). Readers
//! take a file's name (for messages) and bytes; they do no I/O.

use std::fmt;

use throughline_schedule::Instance;

pub mod koma;
pub mod optaplanner;
pub mod pyconuk;

/// A file that could not be read: which file, where in it, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    pub file: String,
    /// The sheet and row, the JSON pointer, or the entry where the problem is.
    pub place: String,
    pub problem: String,
}

impl ReadError {
    pub fn new(file: &str, place: impl Into<String>, problem: impl Into<String>) -> Self {
        ReadError { file: file.to_string(), place: place.into(), problem: problem.into() }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.place.is_empty() {
            write!(f, "{}: {}", self.file, self.problem)
        } else {
            write!(f, "{}: {}: {}", self.file, self.place, self.problem)
        }
    }
}

impl std::error::Error for ReadError {}

/// The index of `name` in `names`, added at the end where new (people, tracks).
pub(crate) fn index_of(names: &mut Vec<String>, name: &str) -> usize {
    names.iter().position(|n| n == name).unwrap_or_else(|| {
        names.push(name.to_string());
        names.len() - 1
    })
}

/// Reads any of the supported files, recognised by name and content. The
/// instance is named after the file (without folders and extension).
pub fn read(file: &str, bytes: &[u8]) -> Result<Instance, ReadError> {
    let name = file.rsplit('/').next().unwrap_or(file);
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem).to_string();
    let lower = name.to_ascii_lowercase();
    let mut instance = if lower.ends_with(".xlsx") {
        optaplanner::read(file, bytes)?
    } else if lower.ends_with(".yml") || lower.ends_with(".yaml") {
        pyconuk::read(file, bytes)?
    } else if lower.ends_with(".json") {
        let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
            ReadError::new(file, format!("line {}, column {}", e.line(), e.column()), format!("not JSON: {e}"))
        })?;
        if value.get("aks").is_some() {
            koma::read(file, &value)?
        } else {
            serde_json::from_value(value)
                .map_err(|e| ReadError::new(file, "", format!("not a Throughline scheduling instance: {e}")))?
        }
    } else {
        return Err(ReadError::new(
            file,
            "",
            "unknown kind of file: expected an OptaPlanner .xlsx, a PyCon UK .yml, a KoMa .json or an instance .json",
        ));
    };
    if instance.name.is_empty() {
        instance.name = stem;
    }
    instance.check().map_err(|e| ReadError::new(file, format!("field `{}`", e.field), e.problem))?;
    Ok(instance)
}

#[cfg(test)]
mod tests {
    /// Issue 16, item 13: an instance whose indexes point nowhere was handed
    /// to the solver, which panicked; now reading it names the field.
    #[test]
    fn an_instance_with_indexes_out_of_range_is_refused_naming_the_field() {
        let instance = |session: &str| {
            format!(
                r#"{{"name": "x", "slots": [{{"start": 0, "minutes": 60, "day": 0}}],
                "rooms": [{{"name": "A", "capacity": 10}}], "tracks": ["t"], "people": ["p"],
                "sessions": [{{"code": "s", "minutes": 60, "attendance": 0, {session}}}]}}"#
            )
        };
        let good = instance(r#""people": [0], "tracks": [0]"#);
        assert!(super::read("good.json", good.as_bytes()).is_ok());
        for (bad, place, problem) in [
            (r#""people": [3], "tracks": [0]"#, "field `sessions[0].people[0]`", "3 is not a person (there are 1)"),
            (r#""people": [0], "tracks": [1]"#, "field `sessions[0].tracks[0]`", "1 is not a track (there are 1)"),
            (
                r#""people": [], "tracks": [], "pinned": [2, null]"#,
                "field `sessions[0].pinned.slot`",
                "2 is not a slot (there are 1)",
            ),
            (
                r#""people": [], "tracks": [], "after": [5]"#,
                "field `sessions[0].after[0]`",
                "5 is not a session (there are 1)",
            ),
        ] {
            let err = super::read("bad.json", instance(bad).as_bytes()).unwrap_err();
            assert_eq!((err.place.as_str(), err.problem.as_str()), (place, problem), "{bad}");
        }
        let late = good.replace(r#""start": 0"#, r#""start": 4294967290"#);
        let err = super::read("late.json", late.as_bytes()).unwrap_err();
        assert_eq!(err.place, "field `slots[0]`");
    }
}
