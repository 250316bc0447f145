//! Where things live in the site: file names of sessions and rooms (slugs of
//! their code and name, made unique), and the relative links between pages,
//! so the site works from any folder, from a web server or from `file://`.
//!
//! File names are bounded (issue 16, item 6) by `core::slug::bounded_stems`,
//! so that the exports and feeds that link to session pages name the same
//! files (`Programme::session_page_slugs`).

use throughline_core::slug::fnv1a64;

/// A file's content hash as the build's manifest records it (16 hex digits of FNV-1a).
pub fn content_hash(bytes: &[u8]) -> String {
    format!("{:016x}", fnv1a64(bytes))
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
    fn content_hashes_are_fnv1a() {
        assert_eq!(content_hash(b""), "cbf29ce484222325");
    }
}
