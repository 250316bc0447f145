//! Text analysis: words by Unicode rules, lowercased, common words dropped,
//! and stemmed with the Snowball stemmer of the text's language (English,
//! French, Spanish, German, Russian, Arabic…; English where the language is
//! unknown). Scripts without spaces (Chinese, Japanese) come out one
//! character per token, which still matches like with like.

use rust_stemmers::{Algorithm, Stemmer};
use unicode_segmentation::UnicodeSegmentation;

/// Stemmers for the languages Throughline knows, made once.
pub struct Analyzer {
    stemmers: Vec<(&'static str, Stemmer)>,
}

const LANGUAGES: &[(&str, Algorithm)] = &[
    ("en", Algorithm::English),
    ("fr", Algorithm::French),
    ("es", Algorithm::Spanish),
    ("de", Algorithm::German),
    ("pt", Algorithm::Portuguese),
    ("it", Algorithm::Italian),
    ("nl", Algorithm::Dutch),
    ("ru", Algorithm::Russian),
    ("ar", Algorithm::Arabic),
];

impl Default for Analyzer {
    fn default() -> Self {
        Analyzer { stemmers: LANGUAGES.iter().map(|(code, alg)| (*code, Stemmer::create(*alg))).collect() }
    }
}

impl Analyzer {
    /// The language codes with a stemmer.
    pub fn languages(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.stemmers.iter().map(|(code, _)| *code)
    }

    fn stemmer(&self, language: &str) -> &Stemmer {
        let primary = language.split(['-', '_']).next().unwrap_or("en");
        self.stemmers.iter().find(|(code, _)| *code == primary).map_or(&self.stemmers[0].1, |(_, s)| s)
    }

    /// The terms of a text, with the surface word each came from.
    pub fn terms<'t>(&self, text: &'t str, language: &str) -> Vec<(String, &'t str)> {
        let stemmer = self.stemmer(language);
        text.unicode_words()
            .filter_map(|word| {
                let lower = word.to_lowercase();
                let keep = lower.chars().count() > 1 || lower.chars().any(is_ideograph);
                if !keep || is_stopword(&lower) || lower.chars().all(|c| c.is_ascii_digit()) {
                    return None;
                }
                Some((stemmer.stem(&lower).into_owned(), word))
            })
            .collect()
    }
}

fn is_ideograph(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
}

/// Very common words of the forum's languages, which say nothing about a topic.
fn is_stopword(word: &str) -> bool {
    const WORDS: &[&str] = &[
        // English
        "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by", "can",
        "could", "do", "does", "each", "for", "from", "has", "have", "how", "i", "if", "in", "into", "is", "it", "its",
        "more", "most", "new", "not", "of", "on", "one", "or", "other", "our", "out", "over", "so", "some", "such",
        "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "through", "to",
        "up", "us", "was", "we", "what", "when", "where", "which", "while", "who", "why", "will", "with", "would",
        "you", "your", "between", "both", "but", "way", "ways", "well", "talk", "session", "sessions",
        "will", // French
        "au", "aux", "avec", "ce", "ces", "dans", "de", "des", "du", "elle", "en", "est", "et", "il", "ils", "la",
        "le", "les", "leur", "leurs", "mais", "ne", "nous", "ou", "par", "pas", "pour", "qui", "que", "quel", "quels",
        "sa", "se", "ses", "son", "sont", "sur", "un", "une", "vous", "comment", // Spanish
        "al", "como", "con", "cómo", "del", "el", "ella", "es", "esta", "este", "las", "lo", "los", "más", "para",
        "pero", "por", "qué", "se", "sin", "su", "sus", "una", "uno", "y", // German
        "auf", "aus", "bei", "das", "dem", "den", "der", "die", "ein", "eine", "einen", "für", "ist", "mit", "nicht",
        "oder", "sich", "sie", "und", "von", "wie", "wir", "zu", "zum", "zur", "über",
    ];
    WORDS.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(text: &str, lang: &str) -> Vec<String> {
        Analyzer::default().terms(text, lang).into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn english_french_and_spanish_are_stemmed() {
        assert_eq!(stems("Cooperating on the cooperation", "en"), vec!["cooper", "cooper"]);
        assert_eq!(stems("la coopération renforcée", "fr"), stems("coopération renforcé", "fr"));
        assert_eq!(stems("gobernanza de los datos", "es"), stems("gobernanzas datos", "es"));
    }

    #[test]
    fn other_scripts_do_not_break() {
        assert_eq!(stems("التعاون المعزز", "ar").len(), 2);
        assert_eq!(stems("расширенное сотрудничество", "ru").len(), 2);
        let chinese = stems("互联网治理论坛", "zh");
        assert_eq!(chinese.len(), 7, "one term per character: {chinese:?}");
        assert!(stems("", "en").is_empty());
        assert!(stems("!!! 42 ...", "en").is_empty());
    }
}
