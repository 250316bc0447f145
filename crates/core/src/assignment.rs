//! `NAME=VALUE`: how a tuning knob is set from the command line (the
//! solver's weights, `schedule solve --weight`; discovery's settings, `eval
//! discovery --set`). One way to read it and one error, so every knob is set
//! alike: a name the knobs have and a finite number of at least 0.

/// An assignment that cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadAssignment {
    #[error("{0:?} is not NAME=VALUE")]
    NotAssignment(String),
    #[error("{0:?} is not a number of at least 0")]
    NotANumber(String),
    #[error("no {what} {name:?} (there are: {})", known.join(", "))]
    Unknown { what: &'static str, name: String, known: &'static [&'static str] },
}

impl BadAssignment {
    /// A name that is none of `known`, the knobs of one kind (`what`).
    pub fn unknown(what: &'static str, name: &str, known: &'static [&'static str]) -> BadAssignment {
        BadAssignment::Unknown { what, name: name.to_string(), known }
    }
}

/// Reads `NAME=VALUE` into the name (trimmed) and the value. Whoever sets
/// the knob matches the name, and answers [`BadAssignment::unknown`] for one
/// it does not have, so a name is known exactly where it has a knob.
pub fn read_assignment(assignment: &str) -> Result<(&str, f64), BadAssignment> {
    let (name, value) =
        assignment.split_once('=').ok_or_else(|| BadAssignment::NotAssignment(assignment.to_string()))?;
    let value: f64 = value
        .trim()
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite() && *v >= 0.0)
        .ok_or_else(|| BadAssignment::NotANumber(value.to_string()))?;
    Ok((name.trim(), value))
}

#[cfg(test)]
mod tests {
    use super::*;

    const KNOWN: &[&str] = &["spread", "moved"];

    #[test]
    fn reads_a_name_and_a_number_of_at_least_zero() {
        assert_eq!(read_assignment(" spread = 5 "), Ok(("spread", 5.0)));
        let unknown = BadAssignment::unknown("weight", "speed", KNOWN);
        assert_eq!(unknown.to_string(), "no weight \"speed\" (there are: spread, moved)");
        assert_eq!(read_assignment("moved=-1"), Err(BadAssignment::NotANumber("-1".into())));
        assert_eq!(read_assignment("moved=inf"), Err(BadAssignment::NotANumber("inf".into())));
        assert_eq!(read_assignment("moved").unwrap_err().to_string(), "\"moved\" is not NAME=VALUE");
    }
}
