//! Stable identifiers derived from names: URL-safe slugs for forums and
//! tracks, unique slugs for the pages of sessions and rooms, and the key
//! under which a person's name is matched.

use std::collections::{HashMap, HashSet};

/// A lowercase ASCII slug: letters and digits joined by single hyphens.
/// Letters with diacritics lose them where a plain ASCII base exists; other
/// scripts are kept as they are so a non-Latin title still gets a slug.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_hyphen = false;
    for ch in text.chars() {
        let base = fold_diacritic(ch);
        if base.is_alphanumeric() {
            if pending_hyphen && !out.is_empty() {
                out.push('-');
            }
            pending_hyphen = false;
            out.extend(base.to_lowercase());
        } else {
            pending_hyphen = true;
        }
    }
    out
}

/// Gives each name a slug: `slugify(name)`, or `fallback` when that is empty
/// (a code made only of punctuation), with `-2`, `-3`… on the later of two
/// names that slug alike ("WS 1" and "ws-1"). Names are taken in sorted
/// order, so the result does not depend on the order they are given in.
pub fn unique_slugs<'a>(names: impl IntoIterator<Item = &'a str>, fallback: &str) -> HashMap<String, String> {
    let mut names: Vec<&str> = names.into_iter().collect();
    names.sort_unstable();
    names.dedup();
    let mut taken: HashSet<String> = HashSet::new();
    let mut out = HashMap::new();
    // Plain slugs first, so a suffixed one never takes a name a later plain slug needs.
    let plain: Vec<String> = names
        .iter()
        .map(|n| {
            let s = slugify(n);
            if s.is_empty() { fallback.to_string() } else { s }
        })
        .collect();
    let mut first_of: HashMap<&str, &str> = HashMap::new();
    for (name, slug) in names.iter().zip(&plain) {
        first_of.entry(slug.as_str()).or_insert(name);
    }
    taken.extend(plain.iter().cloned());
    for (name, slug) in names.iter().zip(&plain) {
        if first_of[slug.as_str()] == *name {
            out.insert(name.to_string(), slug.clone());
            continue;
        }
        let mut n = 2;
        let unique = loop {
            let candidate = format!("{slug}-{n}");
            if taken.insert(candidate.clone()) {
                break candidate;
            }
            n += 1;
        };
        out.insert(name.to_string(), unique);
    }
    out
}

/// The key that identifies a person by name within a forum: case, spacing and
/// punctuation are ignored, so "Ana  María López" and "ana maría lópez" match.
pub fn person_key(name: &str) -> String {
    let words: Vec<String> =
        name.split(|c: char| c.is_whitespace()).filter(|w| !w.is_empty()).map(|w| w.to_lowercase()).collect();
    words.join(" ")
}

/// Whether `slug` is a valid slug: non-empty, lowercase letters, digits and single inner hyphens.
pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--")
        && slug.chars().all(|c| c == '-' || c.is_ascii_digit() || (c.is_alphanumeric() && !c.is_uppercase()))
}

fn fold_diacritic(ch: char) -> char {
    match ch {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' => 'a',
        'ç' | 'Ç' | 'ć' | 'č' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
        'ñ' | 'Ñ' | 'ń' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
        'ý' | 'ÿ' | 'Ý' => 'y',
        'š' | 'ś' | 'Š' => 's',
        'ž' | 'ź' | 'ż' | 'Ž' => 'z',
        'ß' => 's',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_unique_and_never_empty() {
        let slugs = unique_slugs(["WS 1", "ws-1", "ws 1 2", "ws-1-2", "+++", "WS 10"], "session");
        assert_eq!(slugs["WS 1"], "ws-1");
        assert_eq!(slugs["+++"], "session");
        assert_eq!(slugs["WS 10"], "ws-10");
        let values: HashSet<&String> = slugs.values().collect();
        assert_eq!(values.len(), 6, "{slugs:?}");
        // "ws-1-2" is a plain slug of its own, so "ws-1" (second of its slug) moves on to "-3".
        assert_eq!(slugs["ws-1"], "ws-1-3");
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("Enhanced cooperation"), "enhanced-cooperation");
        assert_eq!(slugify("  Ethics, Society & Politics "), "ethics-society-politics");
        assert_eq!(slugify("Coopération renforcée"), "cooperation-renforcee");
        assert_eq!(slugify("التعاون المعزز"), "التعاون-المعزز");
        assert!(is_valid_slug("demo-forum-2026"));
        assert!(!is_valid_slug("Demo"));
        assert!(!is_valid_slug("a--b"));
        assert!(!is_valid_slug(""));
    }

    #[test]
    fn person_keys_ignore_case_and_spacing() {
        assert_eq!(person_key(" Ana  María López "), person_key("ana maría lópez"));
    }
}
