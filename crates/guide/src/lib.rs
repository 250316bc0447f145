//! The Track guide: a forum's static site, rendered from its programme. A
//! home page (tracks, days, every session, rooms, feeds), a page per track,
//! day, session and room, in English at the site's root and French under
//! `fr/`, one small stylesheet, an optional script that adds the reader's
//! own time, and the calendar feeds and exchange-format exports.
//!
//! Pure like `core`: no files, no clock. [`build_site`] takes a
//! [`Programme`](throughline_core::Programme) and [`GuideOptions`] and returns
//! every file as a relative path and bytes; the CLI writes them to a folder,
//! and a server can render single paths with [`Guide::resource`] and
//! [`Guide::render`] (same functions, same pages). Pages link relatively, so
//! the site works from any folder, web server or `file://`.

pub mod actor_map_svg;
mod assets;
pub mod charts;
pub mod dates;
pub mod feeds;
pub mod i18n;
pub mod pages;
pub mod paths;
pub mod site;
pub mod taking_stock;
pub mod templates;
pub mod view;

pub use feeds::Feed;
pub use i18n::Lang;
pub use pages::Page;
pub use site::{Guide, GuideError, GuideOptions, Resource, Site, SiteFile, build_site};
