//! The page templates (`templates/*.html`, embedded) and the minijinja
//! environments that render them: one per language, each with the functions
//! `t("key")` (a catalog text) and `count("key", n)` (a counted text) bound
//! to its catalog. Templates ending in `.html` are autoescaped, so programme
//! content can never inject markup.

use minijinja::syntax::SyntaxConfig;
use minijinja::{AutoEscape, Environment, Error, ErrorKind, UndefinedBehavior, Value, escape_formatter};

use crate::i18n::{Lang, catalog};

/// Every template, by name.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("ui.html", include_str!("../templates/ui.html")),
    ("index.html", include_str!("../templates/index.html")),
    ("track.html", include_str!("../templates/track.html")),
    ("day.html", include_str!("../templates/day.html")),
    ("session.html", include_str!("../templates/session.html")),
    ("room.html", include_str!("../templates/room.html")),
    ("sessions.html", include_str!("../templates/sessions.html")),
    ("taking_stock.html", include_str!("../templates/taking_stock.html")),
];

/// The environments, one per language.
pub struct Templates {
    envs: Vec<(Lang, Environment<'static>)>,
}

impl Templates {
    pub fn new() -> Result<Templates, Error> {
        let envs = Lang::ALL.iter().map(|&lang| Ok((lang, environment(lang)?))).collect::<Result<_, Error>>()?;
        Ok(Templates { envs })
    }

    /// Renders a template in a language.
    pub fn render(&self, lang: Lang, name: &str, context: Value) -> Result<String, Error> {
        let env = self
            .envs
            .iter()
            .find(|(l, _)| *l == lang)
            .map(|(_, env)| env)
            .ok_or_else(|| Error::new(ErrorKind::InvalidOperation, format!("no language {}", lang.code())))?;
        env.get_template(name)?.render(context)
    }
}

fn environment(lang: Lang) -> Result<Environment<'static>, Error> {
    let mut env = Environment::new();
    // Block tags take their line with them, so pages stay small.
    env.set_syntax(SyntaxConfig::builder().trim_blocks(true).lstrip_blocks(true).build()?);
    // Printing a name no context has is a bug the tests should see.
    env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
    // minijinja's HTML escaping also escapes `/` and `'` (every path would
    // grow by five bytes a slash); the templates quote every attribute with
    // `"`, so escaping `&`, `<`, `>` and `"` is enough (a test checks the quoting).
    env.set_formatter(|out, state, value| {
        if matches!(state.auto_escape(), AutoEscape::Html)
            && !value.is_safe()
            && let Some(text) = value.as_str()
        {
            return Ok(out.write_str(&escape_html(text))?);
        }
        escape_formatter(out, state, value)
    });
    for (name, source) in TEMPLATES {
        env.add_template(name, source)?;
    }
    let cat = catalog(lang);
    env.add_function("t", move |key: &str| -> Result<String, Error> {
        cat.get(key).map(str::to_string).ok_or_else(|| unknown_key(lang, key))
    });
    env.add_function("count", move |key: &str, n: usize| -> Result<String, Error> {
        if cat.get(&format!("{key}.one")).is_none() {
            return Err(unknown_key(lang, key));
        }
        Ok(cat.count(key, n))
    });
    Ok(env)
}

/// Escapes text for HTML content and double-quoted attributes.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

fn unknown_key(lang: Lang, key: &str) -> Error {
    Error::new(ErrorKind::InvalidOperation, format!("no message {key:?} in the {} catalog", lang.code()))
}

/// The catalog keys the templates name literally: `t("key")` and
/// `count("key", …)` (the latter as `key.one` and `key.other`).
pub fn keys_used_by_templates() -> Vec<String> {
    let mut keys = Vec::new();
    for (_, source) in TEMPLATES {
        for (call, counted) in [("t(\"", false), ("count(\"", true)] {
            let mut rest = *source;
            while let Some(at) = rest.find(call) {
                // Skip calls that are the end of a longer name (`set(`, `account(`…).
                let before = rest[..at].chars().next_back();
                rest = &rest[at + call.len()..];
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                if let Some(end) = rest.find('"') {
                    let key = &rest[..end];
                    if counted {
                        keys.push(format!("{key}.one"));
                        keys.push(format!("{key}.other"));
                    } else {
                        keys.push(key.to_string());
                    }
                }
            }
        }
    }
    keys.sort();
    keys.dedup();
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_are_double_quoted() {
        // `escape_html` leaves `'` alone, which is safe only inside `"…"`.
        for (name, source) in TEMPLATES {
            for bad in ["='", "={{", "= \"", "= '"] {
                assert!(!source.contains(bad), "{name} has an attribute written {bad}…");
            }
        }
    }

    #[test]
    fn escaping() {
        assert_eq!(escape_html(r#"<a href="x">&'"#), "&lt;a href=&quot;x&quot;&gt;&amp;'");
    }
}
