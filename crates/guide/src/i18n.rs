//! The languages of the guide's page chrome and their message catalogs: flat
//! key → text maps embedded from `messages/*.json`. Session content (titles,
//! descriptions) is shown as entered; everything the guide itself says
//! (headings, labels, day and month names, enum labels) comes from here.
//! Closed enums of the core are looked up by their code (`role.organiser`,
//! `stakeholder.civil_society`…), so adding a language is adding a file.

use std::collections::HashMap;
use std::sync::OnceLock;

use throughline_core::{Role, SessionFormat, SessionKind, StakeholderGroup, UnRegionalGroup};

/// A language the guide is built in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    En,
    Fr,
}

impl Lang {
    /// Every language, the one at the site's root first.
    pub const ALL: &'static [Lang] = &[Lang::En, Lang::Fr];

    /// The language with this code, if the guide has it.
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.iter().copied().find(|l| l.code() == code)
    }

    /// The BCP 47 code, for `lang` attributes.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    /// The folder the language's pages live in, with its slash: `""` for the
    /// first language (at the site's root), `"fr/"` for French.
    pub fn prefix(self) -> &'static str {
        match self {
            Lang::En => "",
            Lang::Fr => "fr/",
        }
    }

    /// The catalog's source, as embedded.
    pub fn source(self) -> &'static str {
        match self {
            Lang::En => include_str!("../messages/en.json"),
            Lang::Fr => include_str!("../messages/fr.json"),
        }
    }

    fn index(self) -> usize {
        match self {
            Lang::En => 0,
            Lang::Fr => 1,
        }
    }
}

/// One language's messages.
#[derive(Debug)]
pub struct Catalog {
    pub lang: Lang,
    texts: HashMap<String, String>,
}

/// The catalog of a language (parsed once).
pub fn catalog(lang: Lang) -> &'static Catalog {
    static CATALOGS: [OnceLock<Catalog>; 2] = [OnceLock::new(), OnceLock::new()];
    CATALOGS[lang.index()].get_or_init(|| Catalog { lang, texts: parse(lang.source()).unwrap_or_default() })
}

/// Reads a catalog file: a JSON object of strings.
pub fn parse(source: &str) -> Result<HashMap<String, String>, serde_json::Error> {
    serde_json::from_str(source)
}

impl Catalog {
    /// The text of a key, if the catalog has it.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.texts.get(key).map(String::as_str)
    }

    /// The text of a key; falls back to English, then to the key itself (the
    /// tests make sure every key the guide uses exists in every catalog).
    pub fn text<'a>(&'a self, key: &'a str) -> &'a str {
        match self.get(key) {
            Some(text) => text,
            None if self.lang != Lang::En => catalog(Lang::En).text(key),
            None => key,
        }
    }

    /// Every key of the catalog.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.texts.keys().map(String::as_str)
    }

    /// A counted text: `key.one` or `key.other` with `{n}` replaced, by the
    /// language's plural rule (French counts 0 and 1 as singular).
    pub fn count(&self, key: &str, n: usize) -> String {
        let one = match self.lang {
            Lang::En => n == 1,
            Lang::Fr => n <= 1,
        };
        let key = format!("{key}.{}", if one { "one" } else { "other" });
        self.text(&key).replace("{n}", &n.to_string())
    }

    /// A session kind: a known one translated, the programme's own label as written.
    pub fn kind(&self, kind: &SessionKind) -> String {
        match kind {
            SessionKind::Standard(k) => self.text(&format!("kind.{}", k.code())).to_string(),
            SessionKind::Custom(label) => label.clone(),
        }
    }

    pub fn format(&self, format: SessionFormat) -> String {
        self.text(&format!("format.{}", format.code())).to_string()
    }

    pub fn role(&self, role: Role) -> String {
        self.text(&format!("role.{}", role.code())).to_string()
    }

    pub fn stakeholder(&self, group: StakeholderGroup) -> String {
        self.text(&format!("stakeholder.{}", group.code())).to_string()
    }

    /// A language's name from its code (`es` → "Spanish"), or the code as written.
    pub fn language(&self, code: &str) -> String {
        self.get(&format!("language.{}", code.trim().to_ascii_lowercase()))
            .map_or_else(|| code.to_string(), str::to_string)
    }

    pub fn un_group(&self, group: UnRegionalGroup) -> String {
        self.text(&format!("un_group.{}", group.code())).to_string()
    }
}

/// Every key the guide's Rust code looks up (enum labels, day and month
/// names, date patterns), for the tests that check the catalogs.
pub fn keys_used_by_code() -> Vec<String> {
    use throughline_core::session::StandardKind;
    let mut keys: Vec<String> = Vec::new();
    keys.extend(StandardKind::ALL.iter().map(|k| format!("kind.{}", k.code())));
    keys.extend(SessionFormat::ALL.iter().map(|k| format!("format.{}", k.code())));
    keys.extend(Role::ALL.iter().map(|k| format!("role.{}", k.code())));
    keys.extend(StakeholderGroup::ALL.iter().map(|k| format!("stakeholder.{}", k.code())));
    keys.extend(UnRegionalGroup::ALL.iter().map(|k| format!("un_group.{}", k.code())));
    keys.extend(crate::dates::WEEKDAY_KEYS.iter().map(|k| k.to_string()));
    keys.extend((1..=12).map(|m| format!("month.{m}")));
    keys.extend(crate::dates::PATTERN_KEYS.iter().map(|k| k.to_string()));
    for counted in COUNTED_KEYS {
        keys.push(format!("{counted}.one"));
        keys.push(format!("{counted}.other"));
    }
    keys.extend(CODE_KEYS.iter().map(|k| k.to_string()));
    keys.extend(LANGUAGE_CODES.iter().map(|c| format!("language.{c}")));
    keys.extend(crate::taking_stock::keys_used());
    keys
}

/// Counted texts the code asks for (each has `.one` and `.other`).
pub(crate) const COUNTED_KEYS: &[&str] = &["count.sessions"];

/// Languages whose names the catalogs hold (others are shown by their code).
pub(crate) const LANGUAGE_CODES: &[&str] = &["ar", "de", "en", "es", "fr", "pt", "ru", "sw", "zh"];

/// Plain keys the code asks for.
pub(crate) const CODE_KEYS: &[&str] = &[
    // Used by the printable guide (crate guide-pdf).
    "pdf.at_a_glance",
    "pdf.day",
    "pdf.session",
    "pdf.made_with",
    "pdf.overlap",
    "session.when",
    "session.room",
    "session.people",
    "session.not_scheduled_heading",
    "index.programme",
    "nav.tracks",
    "lang.name",
    "tag.intro",
    "tag.concluding",
    "tag.pre_event",
    "page.index",
    "session.remote_link",
    "session.not_scheduled",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_rules() {
        let en = catalog(Lang::En);
        let fr = catalog(Lang::Fr);
        assert_eq!(en.count("count.sessions", 1), "1 session");
        assert_eq!(en.count("count.sessions", 0), "0 sessions");
        assert_eq!(fr.count("count.sessions", 0), "0 session");
        assert_eq!(fr.count("count.sessions", 2), "2 sessions");
    }

    #[test]
    fn english_enum_labels_are_the_core_labels() {
        let en = catalog(Lang::En);
        for k in throughline_core::session::StandardKind::ALL {
            assert_eq!(en.kind(&SessionKind::Standard(*k)), k.label());
        }
        for r in Role::ALL {
            assert_eq!(en.role(*r), r.label());
        }
        for g in StakeholderGroup::ALL {
            assert_eq!(en.stakeholder(*g), g.label());
        }
        for g in UnRegionalGroup::ALL {
            assert_eq!(en.un_group(*g), g.label());
        }
        for f in SessionFormat::ALL {
            assert_eq!(en.format(*f), f.label());
        }
    }

    #[test]
    fn custom_kinds_are_kept_as_written() {
        assert_eq!(catalog(Lang::Fr).kind(&SessionKind::Custom("Devroom".into())), "Devroom");
    }
}
