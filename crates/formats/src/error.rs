//! The one error type of every reader: where (file, line, field) and what.

/// Why a file cannot be imported, and where in it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.render())]
pub struct ImportError {
    pub file: String,
    /// 1-based line, when the problem sits on one.
    pub line: Option<usize>,
    /// The field or column, when the problem is in one.
    pub field: Option<String>,
    pub message: String,
}

impl ImportError {
    pub fn at_file(file: &str, message: impl Into<String>) -> ImportError {
        ImportError { file: file.to_string(), line: None, field: None, message: message.into() }
    }

    pub fn at_line(file: &str, line: usize, message: impl Into<String>) -> ImportError {
        ImportError { file: file.to_string(), line: Some(line), field: None, message: message.into() }
    }

    pub fn at_field(file: &str, line: usize, field: &str, message: impl Into<String>) -> ImportError {
        ImportError {
            file: file.to_string(),
            line: Some(line),
            field: Some(field.to_string()),
            message: message.into(),
        }
    }

    /// A JSON syntax error on `line`, with serde_json's column and message.
    pub fn json_syntax(file: &str, line: usize, e: &serde_json::Error) -> ImportError {
        let what = e.to_string();
        let what = what.rsplit_once(" at line ").map_or(what.as_str(), |(w, _)| w);
        ImportError::at_line(file, line, format!("column {}: this is not valid JSON: {what}", e.column()))
    }

    fn render(&self) -> String {
        let mut out = self.file.clone();
        if let Some(line) = self.line {
            out.push_str(&format!(":{line}"));
        }
        if let Some(field) = &self.field {
            out.push_str(&format!(": field `{field}`"));
        }
        out.push_str(": ");
        out.push_str(&self.message);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_place_then_the_problem() {
        assert_eq!(ImportError::at_field("a.csv", 3, "country", "bad").to_string(), "a.csv:3: field `country`: bad");
        assert_eq!(ImportError::at_line("a.csv", 3, "bad").to_string(), "a.csv:3: bad");
    }
}
