//! The server's settings: a TOML file, overridden by environment variables,
//! overridden by command-line flags (the CLI passes those in).
//!
//! ```toml
//! database_url = "postgres://throughline@db/igf"   # or DATABASE_URL
//! listen = "0.0.0.0:8080"                            # or THROUGHLINE_LISTEN
//! public_url = "https://forum.example.org"           # or THROUGHLINE_PUBLIC_URL
//! frame_ancestors = ["https://www.example.org"]      # who may embed the public guide
//! ```
//! With an https `public_url`, cookies are sent only over https (`Secure`).

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default = "default_database")]
    pub database_url: String,
    #[serde(default = "default_listen")]
    pub listen: String,
    /// Where people reach the server (for sign-in links and Secure cookies).
    #[serde(default)]
    pub public_url: Option<String>,
    /// Origins that may embed the public guide's pages in a frame (CSP
    /// `frame-ancestors`); `*` by default. No other page may be framed.
    #[serde(default = "default_ancestors")]
    pub frame_ancestors: Vec<String>,
}

fn default_database() -> String {
    "sqlite://throughline.db".to_string()
}
fn default_listen() -> String {
    "127.0.0.1:8080".to_string()
}
fn default_ancestors() -> Vec<String> {
    vec!["*".to_string()]
}

impl Default for Config {
    fn default() -> Config {
        Config {
            database_url: default_database(),
            listen: default_listen(),
            public_url: None,
            frame_ancestors: default_ancestors(),
        }
    }
}

impl Config {
    /// Reads the file (if given), then `DATABASE_URL`, `THROUGHLINE_LISTEN` and `THROUGHLINE_PUBLIC_URL`.
    pub fn load(file: Option<&std::path::Path>) -> Result<Config, String> {
        let mut config = match file {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?
            }
            None => Config::default(),
        };
        if let Ok(url) = std::env::var("DATABASE_URL") {
            config.database_url = url;
        }
        if let Ok(listen) = std::env::var("THROUGHLINE_LISTEN") {
            config.listen = listen;
        }
        if let Ok(url) = std::env::var("THROUGHLINE_PUBLIC_URL") {
            config.public_url = Some(url);
        }
        Ok(config)
    }

    /// Whether cookies must be Secure (the server is reached over https).
    pub fn secure_cookies(&self) -> bool {
        self.public_url.as_deref().is_some_and(|u| u.starts_with("https://"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_toml_and_refuses_unknown_keys() {
        let c: Config = toml::from_str("listen = \"0.0.0.0:9000\"\npublic_url = \"https://x.org\"").unwrap();
        assert_eq!(c.listen, "0.0.0.0:9000");
        assert!(c.secure_cookies());
        assert_eq!(c.database_url, "sqlite://throughline.db");
        assert!(toml::from_str::<Config>("lisen = 1").is_err());
    }
}
