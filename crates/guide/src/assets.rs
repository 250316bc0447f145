//! The site's two shared static files, embedded: one small stylesheet
//! (mobile first, system fonts, a print style) and an optional script that
//! adds the reader's own time to every `<time>`. Nothing on the site needs
//! the script, and nothing is loaded from elsewhere.

/// Where the stylesheet lives, relative to the site's root.
pub const STYLESHEET_PATH: &str = "style.css";
pub const STYLESHEET: &str = include_str!("../assets/style.css");

/// Where the script lives, relative to the site's root.
pub const SCRIPT_PATH: &str = "local-time.js";
pub const SCRIPT: &str = include_str!("../assets/local-time.js");
