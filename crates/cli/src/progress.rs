//! Progress display for long work: a spinner on the terminal's stderr, drawn
//! only when stderr is a terminal (indicatif hides it otherwise), so scripted
//! and `--json` runs stay clean.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

/// A spinner with a message, ticking until it is finished.
#[allow(clippy::expect_used, reason = "the template is a constant that every run checks")]
pub fn spinner(message: impl Into<String>) -> ProgressBar {
    let bar = ProgressBar::new_spinner();
    bar.set_style(ProgressStyle::with_template("{spinner} {msg} ({elapsed})").expect("a valid template"));
    bar.set_message(message.into());
    bar.enable_steady_tick(Duration::from_millis(100));
    bar
}
