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
    Ok(instance)
}
