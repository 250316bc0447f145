//! The application's pages, rendered with minijinja from `templates/`
//! (autoescaped: every template is `.html`). The public guide has its own
//! templates in `throughline-guide`.

use minijinja::Environment;
use serde::Serialize;

pub struct Templates {
    env: Environment<'static>,
}

const SOURCES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("message.html", include_str!("../templates/message.html")),
    ("home.html", include_str!("../templates/home.html")),
    ("sign_in.html", include_str!("../templates/sign_in.html")),
    ("sign_in_link.html", include_str!("../templates/sign_in_link.html")),
    ("me.html", include_str!("../templates/me.html")),
    ("queue.html", include_str!("../templates/queue.html")),
    ("session_edit.html", include_str!("../templates/session_edit.html")),
    ("session_forms.html", include_str!("../templates/session_forms.html")),
    ("conflict.html", include_str!("../templates/conflict.html")),
    ("admin.html", include_str!("../templates/admin.html")),
    ("users.html", include_str!("../templates/users.html")),
    ("invitations.html", include_str!("../templates/invitations.html")),
    ("import.html", include_str!("../templates/import.html")),
    ("audit.html", include_str!("../templates/audit.html")),
    ("venue.html", include_str!("../templates/venue.html")),
    ("timetable.html", include_str!("../templates/timetable.html")),
    ("agenda.html", include_str!("../templates/agenda.html")),
    ("mechanisms.html", include_str!("../templates/mechanisms.html")),
    ("session_report.html", include_str!("../templates/session_report.html")),
    ("reporting.html", include_str!("../templates/reporting.html")),
];

impl Templates {
    pub fn new() -> Result<Templates, minijinja::Error> {
        let mut env = Environment::new();
        for (name, source) in SOURCES {
            env.add_template(name, source)?;
        }
        Ok(Templates { env })
    }

    /// Renders a page; a template error is a bug of the application, shown as a 500.
    pub fn render<T: Serialize>(&self, name: &str, context: T) -> Result<String, minijinja::Error> {
        self.env.get_template(name)?.render(minijinja::Value::from(minijinja::value::Serde(context)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_parses_and_escapes() {
        let t = Templates::new().unwrap();
        let html = t
            .render("message.html", serde_json::json!({ "title": "<b>x</b>", "message": "<script>", "csrf": "" }))
            .unwrap();
        assert!(html.contains("&lt;script&gt;") && !html.contains("<script>"));
    }
}
