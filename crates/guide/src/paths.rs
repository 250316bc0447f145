//! Where things live in the site: file names of sessions and rooms (slugs of
//! their code and name, made unique), and the relative links between pages,
//! so the site works from any folder, from a web server or from `file://`.

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
}
