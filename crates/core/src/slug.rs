//! Stable identifiers derived from names: URL-safe slugs for forums and
//! tracks, and the key under which a person's name is matched.

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
