//! Throughline's CSV format for spreadsheets: one session per row, a header
//! row naming the columns (the session fields of the JSON Lines format), list
//! cells with one item per line or items separated by `;`.

use serde_json::{Map, Value};
use throughline_core::Programme;

use crate::fields::{Record, format_link, join_list_cell};
use crate::programme_builder::ProgrammeBuilder;
use crate::sessions_jsonl::session_object;
use crate::{Import, ImportError, ImportOptions};

/// The columns written, in order; `id` and `title` are the required ones.
pub const COLUMNS: &[&str] = &[
    "id",
    "title",
    "description",
    "type",
    "format",
    "policy_questions",
    "tags",
    "organizers",
    "speakers",
    "moderators",
    "online_moderators",
    "rapporteurs",
    "start",
    "duration",
    "room",
    "language",
    "status",
    "merged_into",
    "expected_attendance",
    "preferred_days",
    "remote_link",
    "links",
    "track_labels",
];

const REQUIRED: &[&str] = &["id", "title"];

/// Reads a whole CSV file.
pub fn read(file: &str, text: &str, options: &ImportOptions) -> Result<Import, ImportError> {
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(text.as_bytes());
    let headers: Vec<String> =
        reader.headers().map_err(|e| csv_error(file, e))?.iter().map(|h| h.trim().to_lowercase()).collect();
    for required in REQUIRED {
        if !headers.iter().any(|h| h == required) {
            return Err(ImportError::at_line(
                file,
                1,
                format!("the header has no `{required}` column (it has: {})", headers.join(", ")),
            ));
        }
    }
    for (i, h) in headers.iter().enumerate() {
        if !h.is_empty() && headers[..i].contains(h) {
            return Err(ImportError::at_line(file, 1, format!("the header names the column `{h}` twice")));
        }
    }
    let mut builder = ProgrammeBuilder::new(file, options)?;
    for row in reader.records() {
        let row = row.map_err(|e| csv_error(file, e))?;
        let line = row.position().map_or(0, |p| p.line() as usize);
        if row.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let obj: Map<String, Value> =
            headers.iter().zip(row.iter()).map(|(h, cell)| (h.clone(), Value::String(cell.to_string()))).collect();
        builder.session(line, &Record::csv(&obj))?;
    }
    builder.finish()
}

fn csv_error(file: &str, e: csv::Error) -> ImportError {
    let line = e.position().map_or(1, |p| p.line() as usize);
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            format!("the row has {len} cells but the header has {expected_len}")
        }
        csv::ErrorKind::Utf8 { .. } => "the file is not UTF-8; save it as UTF-8 and import again".to_string(),
        _ => format!("this line cannot be read as CSV: {e}"),
    };
    ImportError::at_line(file, line, message)
}

/// Writes the programme's sessions as CSV with the [`COLUMNS`] header.
pub fn write(p: &Programme) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(COLUMNS).expect("writing to memory cannot fail");
    for s in &p.sessions {
        let obj = session_object(p, s);
        let row: Vec<String> = COLUMNS
            .iter()
            .map(|c| match obj.get(*c) {
                // Links are objects in JSON; a cell holds `Title <url>` per line.
                Some(_) if *c == "links" => join_list_cell(&s.links.iter().map(format_link).collect::<Vec<_>>()),
                None => String::new(),
                Some(Value::String(s)) => s.clone(),
                Some(Value::Array(items)) => {
                    join_list_cell(&items.iter().filter_map(|i| i.as_str().map(str::to_string)).collect::<Vec<_>>())
                }
                Some(other) => other.to_string(),
            })
            .collect();
        w.write_record(&row).expect("writing to memory cannot fail");
    }
    String::from_utf8(w.into_inner().expect("writing to memory cannot fail")).expect("CSV of UTF-8 cells is UTF-8")
}
