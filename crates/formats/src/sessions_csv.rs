//! Throughline's CSV format for spreadsheets: one session per row, a header
//! row naming the columns (the session fields of the JSON Lines format), list
//! cells with one item per line or items separated by `;`.
//!
//! Reading is strict where a spreadsheet would be silent: a quoted cell whose
//! quote is never closed would take in every row after it, so it is an error
//! naming the line where the quote opens and the column.
//!
//! Writing guards against CSV injection (OWASP): a spreadsheet runs a cell
//! that starts with `=`, `+`, `-`, `@`, tab or CR as a formula, so the writer
//! puts a `'` before such a cell, and the spreadsheet shows the text as it is.
//! So that the round trip stays lossless, a cell that itself starts with `'`
//! gets one more `'`, and the reader takes the first `'` off a cell that
//! starts with `'` followed by one of those characters or by another `'`
//! (see `neutralise_cell` and `restore_cell`). A hand-written cell like
//! `'=x` is therefore read as `=x`; every other cell is read as it is.

use serde_json::{Map, Value};
use throughline_core::Programme;

use crate::fields::{Numbered, Record, format_link, join_list_cell};
use crate::lookup::Lookup;
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
    let rows = rows(file, text, REQUIRED)?;
    let mut builder = ProgrammeBuilder::new(file, options)?;
    for (line, obj) in rows {
        builder.session(line, &Record::csv(&obj))?;
    }
    builder.finish()
}

/// The rows of a CSV file with a header, each as an object keyed by the
/// header's (lowercased) names with its line number; blank rows are
/// skipped. The header must have the `required` columns, none twice, and no
/// quoted cell may be left open. Used by every CSV reader.
pub(crate) fn rows(file: &str, text: &str, required: &[&str]) -> Result<Vec<Numbered>, ImportError> {
    if let Some(open) = unclosed_quote(text) {
        let field = if open.record == 0 {
            format!("column {} of the header", open.column + 1)
        } else {
            // The header itself is whole here, so its names are known.
            let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
            let headers = reader.headers().map_err(|e| csv_error(file, e))?;
            match headers.get(open.column).map(str::trim).filter(|h| !h.is_empty()) {
                Some(name) => name.to_lowercase(),
                None => format!("column {}", open.column + 1),
            }
        };
        return Err(ImportError::at_field(
            file,
            open.line,
            &field,
            "the quoted cell that starts here is never closed, so the rest of the file would be read into it \
             (close it with \", or write \"\" for a quote inside a quoted cell)",
        ));
    }
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(text.as_bytes());
    let headers: Vec<String> =
        reader.headers().map_err(|e| csv_error(file, e))?.iter().map(|h| h.trim().to_lowercase()).collect();
    for required in required {
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
    let mut rows = Vec::new();
    for row in reader.records() {
        let row = row.map_err(|e| csv_error(file, e))?;
        let line = row.position().map_or(0, |p| p.line() as usize);
        if row.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let obj: Map<String, Value> = headers
            .iter()
            .zip(row.iter())
            .map(|(h, cell)| (h.clone(), Value::String(restore_cell(cell).to_string())))
            .collect();
        rows.push((line, obj));
    }
    Ok(rows)
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

/// Where a quoted cell opens that no quote closes.
#[derive(Debug, PartialEq, Eq)]
struct OpenQuote {
    /// 1-based line of the opening quote.
    line: usize,
    /// 0-based record (0 is the header) and column.
    record: usize,
    column: usize,
}

/// Finds a quoted cell left open at the end of the file, reading quotes as
/// the `csv` crate does (RFC 4180): a quote opens a quoted cell only at the
/// start of a cell; inside one, `""` is a quote and a lone `"` closes it.
/// The `csv` crate itself takes the rest of the file into such a cell.
fn unclosed_quote(text: &str) -> Option<OpenQuote> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        StartOfCell,
        InCell,
        InQuotes,
        QuoteInQuotes,
    }
    let (mut state, mut line, mut record, mut column) = (State::StartOfCell, 1, 0, 0);
    let mut cells_in_record = false;
    let mut open = None;
    for c in text.chars() {
        let end_of_line = c == '\n' || c == '\r';
        state = match (state, c) {
            (State::InQuotes, '"') => State::QuoteInQuotes,
            (State::InQuotes, _) => State::InQuotes,
            (State::QuoteInQuotes, '"') => State::InQuotes,
            (State::StartOfCell, '"') => {
                open = Some(OpenQuote { line, record, column });
                cells_in_record = true;
                State::InQuotes
            }
            (_, ',') => {
                column += 1;
                cells_in_record = true;
                State::StartOfCell
            }
            (_, _) if end_of_line => {
                // A blank line is no record; CR LF ends one record.
                if cells_in_record || state != State::StartOfCell {
                    record += 1;
                }
                column = 0;
                cells_in_record = false;
                State::StartOfCell
            }
            _ => {
                cells_in_record = true;
                State::InCell
            }
        };
        if c == '\n' {
            line += 1;
        }
    }
    if state == State::InQuotes { open } else { None }
}

/// The characters that make a spreadsheet read a cell as a formula (OWASP).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell as written: with a `'` before it when it starts like a formula or
/// with a `'` (so that [`restore_cell`] gives it back exactly).
fn neutralise_cell(cell: String) -> String {
    if cell.starts_with(FORMULA_STARTS) || cell.starts_with('\'') { format!("'{cell}") } else { cell }
}

/// A cell as read: the `'` [`neutralise_cell`] added, taken off again.
fn restore_cell(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) || rest.starts_with('\'') => rest,
        _ => cell,
    }
}

/// Writes the programme's sessions as CSV with the [`COLUMNS`] header; a
/// cell that a spreadsheet would run as a formula gets a `'` before it (see
/// the module's documentation).
pub fn write(p: &Programme) -> String {
    let lookup = Lookup::new(p);
    write_rows(
        COLUMNS,
        p.sessions.iter().map(|s| {
            let obj = session_object(p, &lookup, s);
            COLUMNS
                .iter()
                .map(|c| match obj.get(*c) {
                    // Links are objects in JSON; a cell holds `Title <url>` per line.
                    Some(_) if *c == "links" => join_list_cell(&s.links.iter().map(format_link).collect::<Vec<_>>()),
                    Some(value) => cell_of(value),
                    None => String::new(),
                })
                .collect()
        }),
    )
}

/// A JSON value as a CSV cell: text as it is, a list of texts one per line.
pub(crate) fn cell_of(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => {
            join_list_cell(&items.iter().filter_map(|i| i.as_str().map(str::to_string)).collect::<Vec<_>>())
        }
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Writes a header and rows as CSV, each cell guarded against being run as
/// a formula (see the module's documentation). Used by every CSV writer.
#[allow(clippy::expect_used, reason = "writing to a Vec<u8> cannot fail, and CSV of UTF-8 cells is UTF-8")]
pub(crate) fn write_rows(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header).expect("writing to memory cannot fail");
    for row in rows {
        let row: Vec<String> = row.into_iter().map(neutralise_cell).collect();
        w.write_record(&row).expect("writing to memory cannot fail");
    }
    String::from_utf8(w.into_inner().expect("writing to memory cannot fail")).expect("CSV of UTF-8 cells is UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_get_a_quote_that_reading_takes_off() {
        for (value, written) in [
            ("=1+1", "'=1+1"),
            ("+1", "'+1"),
            ("-1+1", "'-1+1"),
            ("@sum(A1)", "'@sum(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("'", "''"),
            ("'quoted", "''quoted"),
            ("'=x", "''=x"),
            ("plain", "plain"),
            ("a=b", "a=b"),
            ("", ""),
        ] {
            assert_eq!(neutralise_cell(value.to_string()), written, "{value:?}");
            assert_eq!(restore_cell(written), value, "{written:?}");
        }
        // A hand-written cell that starts with `'` but no formula is read as it is.
        assert_eq!(restore_cell("'tis"), "'tis");
    }

    #[test]
    fn unclosed_quotes_are_found_and_closed_ones_are_not() {
        let at = |line, record, column| Some(OpenQuote { line, record, column });
        assert_eq!(unclosed_quote("id,title,description\n1,a,\"desc\n2,b,c\n"), at(2, 1, 2));
        assert_eq!(unclosed_quote("id,title\r\n\r\n1,\"a\"\"b\r\n"), at(3, 1, 1));
        assert_eq!(unclosed_quote("\"id,title\n1,a\n"), at(1, 0, 0));
        for closed in [
            "id,title\n1,\"a, \"\"b\"\"\nand more\"\n2,c\n",
            "id,title\n1,a\"b\n",
            "id,title\n1,\"\"\n",
            "id,title\n1,\"a\"b\"\n",
        ] {
            assert_eq!(unclosed_quote(closed), None, "{closed:?}");
        }
    }
}
