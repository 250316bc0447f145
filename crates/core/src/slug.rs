//! Stable identifiers derived from names: URL-safe slugs for forums and
//! tracks, unique slugs for the pages of sessions and rooms (bounded in
//! length, as file names), and the key under which a person's name is
//! matched.

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

/// The longest file-name stem (in bytes, before `.html`, `.ics` or a `-2`)
/// a page or feed of the guide gets: far under the 255 bytes most file
/// systems allow a name, with room for the writer's temporary `.….tl-new`
/// beside it. A name of 300 characters once made `guide build` fail with
/// "File name too long" (issue 16, item 6). A longer slug is cut at a
/// character boundary and ends with a short hash of the whole slug, so that
/// two long names stay two files and a build names a page as the last one
/// did; shorter slugs are kept as they are.
pub const MAX_STEM_BYTES: usize = 96;

/// A 64-bit FNV-1a hash: stable across runs, machines and versions.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// `slug` if it fits in [`MAX_STEM_BYTES`], else its first 80 bytes (whole
/// characters, no trailing hyphen), a hyphen and 12 hex digits of its hash.
pub fn bounded_stem(slug: &str) -> String {
    if slug.len() <= MAX_STEM_BYTES {
        return slug.to_string();
    }
    let mut cut = 80;
    while !slug.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = slug[..cut].trim_end_matches('-');
    format!("{head}-{:012x}", fnv1a64(slug.as_bytes()) >> 16)
}

/// Bounded, unique stems for unique slugs, by key: slugs that fit keep
/// themselves; a long one's bounded stem, should it meet another stem, gets
/// `-2`, `-3`… (keys taken in sorted order, so the result is stable).
pub fn bounded_stems<'a>(slugs: impl IntoIterator<Item = (&'a str, &'a str)>) -> HashMap<String, String> {
    let mut pairs: Vec<(&str, &str)> = slugs.into_iter().collect();
    pairs.sort_unstable();
    let mut taken: HashSet<String> =
        pairs.iter().filter(|(_, slug)| slug.len() <= MAX_STEM_BYTES).map(|(_, slug)| slug.to_string()).collect();
    let mut out = HashMap::new();
    for (key, slug) in pairs {
        if slug.len() <= MAX_STEM_BYTES {
            out.insert(key.to_string(), slug.to_string());
            continue;
        }
        let stem = bounded_stem(slug);
        let mut candidate = stem.clone();
        let mut n = 2;
        while !taken.insert(candidate.clone()) {
            candidate = format!("{stem}-{n}");
            n += 1;
        }
        out.insert(key.to_string(), candidate);
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
    fn long_names_are_bounded_stable_and_unique() {
        let long_a = "é".repeat(150);
        let long_b = format!("{}x", "é".repeat(150));
        let stems = bounded_stems([("a", long_a.as_str()), ("b", long_b.as_str()), ("c", "short")]);
        assert_eq!(stems["c"], "short");
        assert!(stems["a"].len() <= MAX_STEM_BYTES && stems["b"].len() <= MAX_STEM_BYTES, "{stems:?}");
        assert_ne!(stems["a"], stems["b"]);
        assert_eq!(stems["a"], bounded_stem(&long_a), "the same name gets the same file name every build");
    }

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
