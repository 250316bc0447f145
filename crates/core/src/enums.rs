//! Closed sets of values (stakeholder groups, roles, statuses…) are Rust enums.
//! This module gives them one way to be written and read as text: a snake_case
//! code (`civil_society`), a human label ("Civil society"), and a lenient parser
//! that accepts the code, the label and a few common synonyms, case- and
//! spacing-insensitively, and says what is allowed when it refuses.

/// A value outside a closed set, with the values that are allowed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} {value:?} (expected one of: {allowed})")]
pub struct UnknownValue {
    pub what: &'static str,
    pub value: String,
    pub allowed: String,
}

/// Normalises a written value for comparison: lowercase, with spaces, hyphens,
/// slashes and dots folded into single underscores.
pub fn normalise(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut pending_sep = false;
    for ch in value.trim().chars() {
        if ch.is_alphanumeric() {
            if pending_sep && !out.is_empty() {
                out.push('_');
            }
            pending_sep = false;
            out.extend(ch.to_lowercase());
        } else {
            pending_sep = true;
        }
    }
    out
}

/// Declares a closed enum with its codes, labels and accepted synonyms.
///
/// `code` is what Throughline writes (files, database, JSON); `label` is what
/// people read; `synonyms` are further spellings accepted on input (already in
/// normalised form).
macro_rules! closed_enum {
    (
        $(#[$meta:meta])*
        $name:ident, $what:literal {
            $( $variant:ident => $code:literal, $label:literal $(, [$($syn:literal),*])? ; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $( $variant ),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[ $( $name::$variant ),+ ];

            /// The snake_case code written to files and the database.
            pub fn code(self) -> &'static str {
                match self { $( $name::$variant => $code ),+ }
            }

            /// The label shown to people.
            pub fn label(self) -> &'static str {
                match self { $( $name::$variant => $label ),+ }
            }

            /// Reads a code, label or synonym (case, spaces and hyphens ignored).
            pub fn parse(value: &str) -> Result<Self, $crate::enums::UnknownValue> {
                let n = $crate::enums::normalise(value);
                $(
                    if n == $code || n == $crate::enums::normalise($label)
                        $( $( || n == $syn )* )? {
                        return Ok($name::$variant);
                    }
                )+
                Err($crate::enums::UnknownValue {
                    what: $what,
                    value: value.to_string(),
                    allowed: [$($code),+].join(", "),
                })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::enums::UnknownValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> { Self::parse(s) }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                Self::parse(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}
pub(crate) use closed_enum;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_folds_case_and_separators() {
        assert_eq!(normalise("  Civil-Society "), "civil_society");
        assert_eq!(normalise("Birds of a Feather (BoF)"), "birds_of_a_feather_bof");
        assert_eq!(normalise("Asia–Pacific"), "asia_pacific");
        assert_eq!(normalise(""), "");
    }
}
