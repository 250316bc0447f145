//! Where things live in the site: file names of sessions and rooms (slugs of
//! their code and name, made unique), and the relative links between pages,
//! so the site works from any folder, from a web server or from `file://`.
//!
//! File names are bounded (issue 16, item 6): a name of 300 characters once
//! made `guide build` fail with "File name too long". A slug longer than
//! [`MAX_STEM_BYTES`] is cut at a character boundary and ends with a short
//! hash of the whole slug, so that two long names stay two files and a build
//! names a page as the last one did. Shorter slugs are kept as they are.

use std::collections::{HashMap, HashSet};

/// The longest file-name stem (in bytes, before `.html`, `.ics` or a `-2`) a
/// page or feed of the guide gets: far under the 255 bytes most file systems
/// allow a name, with room for the writer's temporary `.….tl-new` beside it.
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

/// A file's content hash as the build's manifest records it (16 hex digits of FNV-1a).
pub fn content_hash(bytes: &[u8]) -> String {
    format!("{:016x}", fnv1a64(bytes))
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

/// `"../"` repeated for each folder of `path` (a path relative to the site's root).
pub fn up_from(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth() {
        assert_eq!(up_from("index.html"), "");
        assert_eq!(up_from("fr/tracks/a.html"), "../../");
    }

    #[test]
    fn long_names_are_bounded_stable_and_unique() {
        let long_a = "é".repeat(150);
        let long_b = format!("{}x", "é".repeat(150));
        let stems = bounded_stems([("a", long_a.as_str()), ("b", long_b.as_str()), ("c", "short")]);
        assert_eq!(stems["c"], "short");
        assert!(stems["a"].len() <= MAX_STEM_BYTES && stems["b"].len() <= MAX_STEM_BYTES, "{stems:?}");
        assert_ne!(stems["a"], stems["b"]);
        assert_eq!(stems["a"], bounded_stem(&long_a), "the same name gets the same file name every build");
        assert_eq!(content_hash(b""), "cbf29ce484222325");
    }
}
