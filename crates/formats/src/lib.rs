//! Reading programmes from files and writing them back: Throughline's JSON
//! Lines and CSV formats (see `docs/import-formats.md`). Readers take the
//! file's name and bytes and return a whole [`Programme`] or the first error,
//! located by file, line and field; they never return half a programme. The
//! caller does the file I/O.

mod c3voc;
mod error;
mod fields;
pub mod frab_xml;
pub mod ical;
mod lookup;
pub mod mechanism_records;
mod programme_builder;
mod record_files;
pub mod report_records;
pub mod schedule_json;
pub mod sessions_csv;
pub mod sessions_jsonl;
mod xml_tree;

pub use error::ImportError;

use throughline_core::{Declared, Programme};

/// A file read in full: the programme, and what the file declared explicitly
/// (see [`throughline_core::merge_import`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Import {
    pub programme: Programme,
    pub declared: Declared,
    /// What was accepted but is worth a look (a repeated event id, say).
    pub warnings: Vec<String>,
}

/// A file format Throughline reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jsonl,
    Csv,
    FrabXml,
    ScheduleJson,
}

impl Format {
    /// Tells the format from the content, not the file name: `<` starts XML
    /// (frab's schedule.xml); `{` starts a schedule.json when its first key is
    /// one of schedule.json's, else JSON Lines; anything else is read as CSV.
    pub fn detect(text: &str) -> Format {
        match text.trim_start().chars().next() {
            Some('<') => Format::FrabXml,
            Some('{') if schedule_json::looks_like(text) => Format::ScheduleJson,
            Some('{') => Format::Jsonl,
            _ => Format::Csv,
        }
    }
}

/// What the caller knows beyond the file: a forum slug and time zone that
/// override or complete the file's own.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Forum slug; default: the file's `forum` record, else the file name.
    pub forum: Option<String>,
    /// IANA time zone for files without a `forum` record (default UTC).
    pub time_zone: Option<String>,
}

/// Reads a programme from a file's bytes, detecting its format.
pub fn read_programme(file: &str, bytes: &[u8], options: &ImportOptions) -> Result<Programme, ImportError> {
    read_import(file, bytes, options).map(|i| i.programme)
}

/// Reads a file's bytes, detecting its format, and tells what it declared.
pub fn read_import(file: &str, bytes: &[u8], options: &ImportOptions) -> Result<Import, ImportError> {
    let text = decode(file, bytes)?;
    if text.trim().is_empty() {
        return Err(ImportError::at_file(file, "the file is empty: there is no session to import"));
    }
    match Format::detect(text) {
        Format::Jsonl => sessions_jsonl::read(file, text, options),
        Format::Csv => sessions_csv::read(file, text, options),
        Format::FrabXml => frab_xml::read(file, text, options),
        Format::ScheduleJson => schedule_json::read(file, text, options),
    }
}

/// Checks that the bytes are UTF-8 (a leading byte-order mark is dropped) and
/// names the line and column of the first byte that is not.
pub(crate) fn decode<'a>(file: &str, bytes: &'a [u8]) -> Result<&'a str, ImportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let good = &bytes[..e.valid_up_to()];
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = good.len() - good.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1) + 1;
        ImportError::at_line(
            file,
            line,
            format!(
                "column {column}: the file is not UTF-8 (byte 0x{:02X}); save it as UTF-8 and import again",
                bytes[e.valid_up_to()]
            ),
        )
    })
}

/// A forum slug derived from a file name: `31c3_sessions.jsonl` → `31c3-sessions`.
pub fn slug_from_file_name(file: &str) -> String {
    let stem = std::path::Path::new(file).file_stem().and_then(|s| s.to_str()).unwrap_or("forum");
    let slug = throughline_core::slugify(stem);
    if slug.is_empty() { "forum".to_string() } else { slug }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_by_content() {
        assert_eq!(Format::detect("\n  {\"id\": 1}"), Format::Jsonl);
        assert_eq!(Format::detect("id,title\n1,x"), Format::Csv);
        assert_eq!(Format::detect("<?xml version='1.0'?><schedule/>"), Format::FrabXml);
        assert_eq!(Format::detect("{\n  \"schedule\": {}}"), Format::ScheduleJson);
        assert_eq!(Format::detect("{\"$schema\": \"x\", \"schedule\": {}}"), Format::ScheduleJson);
    }

    #[test]
    fn wrong_encoding_names_the_line() {
        let bytes = b"{\"id\": \"1\", \"title\": \"ok\"}\n{\"id\": \"2\", \"title\": \"caf\xE9\"}\n";
        let err = read_programme("latin1.jsonl", bytes, &ImportOptions::default()).unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("latin1.jsonl:2: column 26: the file is not UTF-8 (byte 0xE9)"), "{msg}");
    }

    #[test]
    fn empty_files_are_refused() {
        let err = read_programme("empty.csv", b"  \n\n", &ImportOptions::default()).unwrap_err();
        assert_eq!(err.to_string(), "empty.csv: the file is empty: there is no session to import");
    }

    #[test]
    fn slugs_from_file_names() {
        assert_eq!(slug_from_file_name("/x/31c3_sessions.jsonl"), "31c3-sessions");
        assert_eq!(slug_from_file_name("___.csv"), "forum");
    }
}
