//! Assembles a [`Programme`] from the records of a file, one record at a time,
//! remembering on which line each thing was declared so that every problem,
//! even one found only when the whole file is read, names its line.

use std::collections::HashMap;

use throughline_core::forum::IanaZone;
use throughline_core::programme::Subject;
use throughline_core::track::is_valid_colour;
use throughline_core::{
    Country, Declared, Forum, Gender, Participation, Person, Programme, ProposalStatus, Role, Room, Session,
    SessionFormat, SessionKind, Slot, StakeholderGroup, Track, TrackKind, TrackMembership, TrackStatus, Unavailability,
    person_key, slugify,
};

use crate::fields::{FieldError, FieldResult, Record, field_error, parse_start};
use crate::{Import, ImportError, ImportOptions, slug_from_file_name};

/// The session fields that name people, and the role each gives.
pub(crate) const ROLE_FIELDS: [(&str, Role); 5] = [
    ("organizers", Role::Organiser),
    ("speakers", Role::Speaker),
    ("moderators", Role::Moderator),
    ("online_moderators", Role::OnlineModerator),
    ("rapporteurs", Role::Rapporteur),
];

pub(crate) struct ProgrammeBuilder<'f> {
    file: &'f str,
    options: ImportOptions,
    programme: Programme,
    forum_line: Option<usize>,
    session_lines: HashMap<String, usize>,
    person_lines: HashMap<String, usize>,
    track_lines: HashMap<String, usize>,
    mechanism_lines: HashMap<String, usize>,
    report_lines: HashMap<String, usize>,
    /// Track labels of sessions, resolved once every track is known: (line, session, label).
    labels: Vec<(usize, String, String)>,
    /// Names first seen in sessions, created as people unless declared: key → name.
    named: Vec<(String, String)>,
    /// Whether the forum record listed the rooms.
    rooms_declared: bool,
    /// Whether the format carries whole records (Throughline's own formats) or
    /// only what a schedule needs (frab's schedule.xml and schedule.json: no
    /// roles, no policy questions, a forum and tracks by name only).
    complete_records: bool,
    warnings: Vec<String>,
}

impl<'f> ProgrammeBuilder<'f> {
    pub fn new(file: &'f str, options: &ImportOptions) -> Result<ProgrammeBuilder<'f>, ImportError> {
        let slug = options.forum.clone().unwrap_or_else(|| slug_from_file_name(file));
        let mut forum = Forum::new(&slug, &slug);
        if let Some(tz) = &options.time_zone {
            forum.time_zone = IanaZone::parse(tz).map_err(|m| ImportError::at_file(file, m.to_string()))?;
        }
        Ok(ProgrammeBuilder {
            file,
            options: options.clone(),
            programme: Programme::new(forum),
            forum_line: None,
            session_lines: HashMap::new(),
            person_lines: HashMap::new(),
            track_lines: HashMap::new(),
            mechanism_lines: HashMap::new(),
            report_lines: HashMap::new(),
            labels: Vec::new(),
            named: Vec::new(),
            rooms_declared: false,
            complete_records: true,
            warnings: Vec::new(),
        })
    }

    /// For the exchange formats, which carry only part of each record: over an
    /// existing forum, what they lack keeps its value (see [`Declared`]).
    pub fn partial_records(mut self) -> Self {
        self.complete_records = false;
        self
    }

    /// Notes something accepted that the user may want to check.
    pub fn warn(&mut self, message: String) {
        self.warnings.push(message);
    }

    pub fn warn_if(&mut self, message: Option<String>) {
        self.warnings.extend(message);
    }

    fn located(&self, line: usize) -> impl Fn(FieldError) -> ImportError + '_ {
        move |e| ImportError::at_field(self.file, line, &e.field, e.message)
    }

    /// The `forum` record: name, place, time zone, rooms and slots.
    pub fn forum(&mut self, line: usize, r: &Record) -> Result<(), ImportError> {
        if let Some(first) = self.forum_line {
            return Err(ImportError::at_line(
                self.file,
                line,
                format!("a second `forum` record (the first is on line {first})"),
            ));
        }
        if !self.session_lines.is_empty() {
            return Err(ImportError::at_line(self.file, line, "the `forum` record must come before the sessions"));
        }
        self.forum_line = Some(line);
        self.read_forum(r).map_err(self.located(line))
    }

    fn read_forum(&mut self, r: &Record) -> FieldResult<()> {
        let forum = &mut self.programme.forum;
        if self.options.forum.is_none()
            && let Some(slug) = r.text("slug")?
        {
            if !throughline_core::slug::is_valid_slug(&slug) {
                return Err(field_error(
                    "slug",
                    format!("{slug:?} is not a slug (lowercase letters, digits and hyphens)"),
                ));
            }
            forum.slug = slug;
        }
        forum.name = r.text("name")?.unwrap_or_else(|| forum.slug.clone());
        forum.edition = r.text("edition")?;
        forum.city = r.text("city")?;
        forum.country = r.text("country")?.map(|c| country_code("country", &c)).transpose()?;
        if let Some(tz) = r.text("time_zone")? {
            forum.time_zone = IanaZone::parse(&tz).map_err(|m| field_error("time_zone", m.to_string()))?;
        }
        if let Some(days) = r.count("report_due_days")? {
            forum.report_due_days = days;
        }
        for (i, room) in r.objects("rooms")? {
            let room = Record::json(room);
            let at = |e: FieldError| field_error(&format!("rooms[{i}].{}", e.field), e.message);
            self.programme.rooms.push(Room {
                name: room.required_text("name").map_err(at)?,
                capacity: room.count("capacity").map_err(at)?,
                remote: room.flag("remote").map_err(at)?.unwrap_or(false),
            });
        }
        self.rooms_declared = !self.programme.rooms.is_empty();
        let slots = r.time_ranges("slots", self.programme.forum.time_zone.tz())?;
        self.programme.slots.extend(slots.into_iter().map(|(start, end)| Slot { start, end }));
        Ok(())
    }

    /// A `track` record.
    pub fn track(&mut self, line: usize, r: &Record) -> Result<(), ImportError> {
        let track = read_track(r).map_err(self.located(line))?;
        let what = format!("track {:?} is", track.slug);
        claim_line(self.file, &mut self.track_lines, &track.slug, line, "slug", &what, "declared")?;
        self.programme.tracks.push(track);
        Ok(())
    }

    /// A `person` record.
    pub fn person(&mut self, line: usize, r: &Record) -> Result<(), ImportError> {
        let person = read_person(r, self.programme.forum.time_zone.tz()).map_err(self.located(line))?;
        let what = format!("{:?} is", person.name);
        claim_line(self.file, &mut self.person_lines, &person.key, line, "name", &what, "declared")?;
        self.programme.people.push(person);
        Ok(())
    }

    /// A `mechanism` record (see `mechanism_records`).
    pub fn mechanism(&mut self, line: usize, r: &Record) -> Result<(), ImportError> {
        let mechanism = crate::mechanism_records::read_mechanism(r).map_err(self.located(line))?;
        let what = format!("{:?} is", mechanism.id);
        claim_line(self.file, &mut self.mechanism_lines, &mechanism.id, line, "id", &what, "the id of a mechanism")?;
        self.programme.mechanisms.push(mechanism);
        Ok(())
    }

    /// A `report` record: the report on one session.
    pub fn report(&mut self, line: usize, r: &Record) -> Result<(), ImportError> {
        let report = crate::report_records::read_report(r).map_err(self.located(line))?;
        let what = format!("{:?} has", report.session);
        claim_line(self.file, &mut self.report_lines, &report.session, line, "session", &what, "a report")?;
        self.programme.reports.push(report);
        Ok(())
    }

    /// A session record.
    pub fn session(&mut self, line: usize, r: &Record) -> Result<(), ImportError> {
        let session = self.read_session(r).map_err(self.located(line))?;
        let what = format!("{:?} is", session.code);
        claim_line(self.file, &mut self.session_lines, &session.code, line, "id", &what, "the id of the session")?;
        for (field, role) in ROLE_FIELDS {
            for name in r.list(field).map_err(self.located(line))? {
                let key = person_key(&name);
                self.named.push((key.clone(), name));
                self.programme.participations.push(Participation { session: session.code.clone(), person: key, role });
            }
        }
        for label in r.list("track_labels").map_err(self.located(line))? {
            self.labels.push((line, session.code.clone(), label));
        }
        self.programme.sessions.push(session);
        Ok(())
    }

    fn read_session(&self, r: &Record) -> FieldResult<Session> {
        let code = r.required_text("id")?;
        let status_text = r.text("status")?;
        let merged_into = r.text("merged_into")?;
        let status = match (&status_text, &merged_into) {
            (None, None) => Ok(ProposalStatus::Approved),
            (None, Some(_)) => ProposalStatus::parse("merged", merged_into.as_deref()),
            (Some(s), _) => ProposalStatus::parse(s, merged_into.as_deref()),
        }
        .map_err(|m| field_error(if status_text.is_some() { "status" } else { "merged_into" }, m.to_string()))?;
        let start = match r.text("start")? {
            None => None,
            Some(text) => {
                let date = r.text("date")?;
                Some(
                    parse_start(&text, date.as_deref(), self.programme.forum.time_zone.tz())
                        .map_err(|m| field_error("start", m))?,
                )
            }
        };
        // "en, de" (as some exporters write) is two languages.
        let languages: Vec<String> = r
            .list("language")?
            .iter()
            .flat_map(|l| l.split([',', ' ']).filter(|x| !x.is_empty()).map(str::to_lowercase).collect::<Vec<_>>())
            .collect();
        for l in &languages {
            if !l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') || l.len() > 35 {
                return Err(field_error("language", format!("{l:?} is not a language code like \"en\" or \"pt-BR\"")));
            }
        }
        Ok(Session {
            title: r.required_text("title")?,
            description: r.text("description")?.unwrap_or_default(),
            kind: r.text("type")?.map(|t| SessionKind::parse(&t)).unwrap_or_default(),
            format: r
                .text("format")?
                .map(|f| SessionFormat::parse(&f).map_err(|e| field_error("format", e.to_string())))
                .transpose()?,
            policy_questions: r.list("policy_questions")?,
            tags: r.list("tags")?,
            duration_minutes: r.duration("duration")?.unwrap_or(DEFAULT_DURATION_MINUTES),
            languages,
            status,
            start,
            room: r.text("room")?,
            expected_attendance: r.count("expected_attendance")?,
            preferred_days: r
                .list("preferred_days")?
                .iter()
                .map(|d| {
                    d.parse::<jiff::civil::Date>()
                        .map_err(|_| field_error("preferred_days", format!("{d:?} is not a day like 2026-12-01")))
                })
                .collect::<FieldResult<_>>()?,
            remote_link: r.text("remote_link")?,
            links: r.links("links")?,
            code,
        })
    }

    /// Resolves names and labels, checks the whole programme, and returns it.
    pub fn finish(mut self) -> Result<Import, ImportError> {
        if self.programme.sessions.is_empty() {
            return Err(ImportError::at_file(self.file, "the file has no session"));
        }
        for (key, name) in std::mem::take(&mut self.named) {
            if self.programme.person(&key).is_none() {
                self.programme.people.push(Person::named(&name));
            }
        }
        for (line, session, label) in std::mem::take(&mut self.labels) {
            let slug = self.track_for_label(&label).ok_or_else(|| {
                ImportError::at_field(
                    self.file,
                    line,
                    "track_labels",
                    format!("{label:?} cannot name a track: it has no letter or digit"),
                )
            })?;
            // A track named twice for one session (by title and by slug, say) is one membership.
            if !self.programme.memberships.iter().any(|m| m.track == slug && m.session == session) {
                self.programme.memberships.push(TrackMembership::imported(&slug, &session));
            }
        }
        if self.programme.rooms.is_empty() {
            let mut names: Vec<&String> = self.programme.sessions.iter().filter_map(|s| s.room.as_ref()).collect();
            names.sort();
            names.dedup();
            self.programme.rooms =
                names.into_iter().map(|n| Room { name: n.clone(), capacity: None, remote: false }).collect();
        }
        let errors = self.programme.validate();
        if let Some(first) = errors.iter().min_by_key(|e| self.line_of(&e.subject)) {
            let line = self.line_of(&first.subject);
            let more = match errors.len() - 1 {
                0 => String::new(),
                1 => " (and 1 more problem)".to_string(),
                n => format!(" (and {n} more problems)"),
            };
            let what = match &first.subject {
                Subject::Session(code) if self.session_lines.get(code) == Some(&line) => String::new(),
                _ => format!("{}: ", subject_name(&first.subject)),
            };
            return Err(ImportError::at_field(self.file, line, first.field, format!("{what}{}{more}", first.message)));
        }
        self.programme.sort();
        let declared = Declared {
            forum: self.forum_line.is_some(),
            rooms: self.rooms_declared,
            people: self.person_lines.into_keys().collect(),
            tracks: self.track_lines.into_keys().collect(),
            roles: true,
            session_details: true,
        };
        let declared = if self.complete_records { declared } else { Declared::default() };
        Ok(Import { programme: self.programme, declared, warnings: self.warnings })
    }

    /// The slug of the track a session label names, creating the track if needed.
    fn track_for_label(&mut self, label: &str) -> Option<String> {
        let wanted = label.trim().to_lowercase();
        if let Some(t) = self.programme.tracks.iter().find(|t| t.title.to_lowercase() == wanted || t.slug == wanted) {
            return Some(t.slug.clone());
        }
        let slug = slugify(label);
        if slug.is_empty() {
            return None;
        }
        if !self.programme.tracks.iter().any(|t| t.slug == slug) {
            self.programme.tracks.push(Track::new(&slug, label.trim()));
        }
        Some(slug)
    }

    fn line_of(&self, subject: &Subject) -> usize {
        let forum_line = self.forum_line.unwrap_or(1);
        match subject {
            Subject::Forum | Subject::Room(_) => forum_line,
            Subject::Session(code) => self.session_lines.get(code).copied().unwrap_or(forum_line),
            Subject::Person(name) => self.person_lines.get(&person_key(name)).copied().unwrap_or(forum_line),
            Subject::Track(slug) => self.track_lines.get(slug).copied().unwrap_or(forum_line),
            Subject::Mechanism(id) => self.mechanism_lines.get(id).copied().unwrap_or(forum_line),
            Subject::Report(code) => self.report_lines.get(code).copied().unwrap_or(forum_line),
        }
    }
}

/// Records that `key` is declared on `line`, or says on which earlier line it already was.
fn claim_line(
    file: &str,
    lines: &mut HashMap<String, usize>,
    key: &str,
    line: usize,
    field: &str,
    what: &str,
    taken_as: &str,
) -> Result<(), ImportError> {
    if let Some(first) = lines.get(key) {
        return Err(ImportError::at_field(file, line, field, format!("{what} already {taken_as} on line {first}")));
    }
    lines.insert(key.to_string(), line);
    Ok(())
}

fn subject_name(subject: &Subject) -> String {
    match subject {
        Subject::Forum => "forum".into(),
        Subject::Room(r) => format!("room {r:?}"),
        Subject::Session(s) => format!("session {s:?}"),
        Subject::Person(p) => format!("person {p:?}"),
        Subject::Track(t) => format!("track {t:?}"),
        Subject::Mechanism(m) => format!("mechanism {m:?}"),
        Subject::Report(s) => format!("report on {s:?}"),
    }
}

/// Sessions without a `duration` last an hour.
pub const DEFAULT_DURATION_MINUTES: u32 = 60;

fn country_code(field: &str, code: &str) -> FieldResult<String> {
    Country::find(code)
        .map(|c| c.iso3.to_string())
        .ok_or_else(|| field_error(field, format!("{code:?} is not an ISO 3166 country code (e.g. \"KEN\" or \"KE\")")))
}

fn read_track(r: &Record) -> FieldResult<Track> {
    let title = r.required_text("title")?;
    let slug = match r.text("slug")? {
        Some(slug) if throughline_core::slug::is_valid_slug(&slug) => slug,
        Some(slug) => {
            return Err(field_error("slug", format!("{slug:?} is not a slug (lowercase letters, digits and hyphens)")));
        }
        None => Some(slugify(&title))
            .filter(|s| !s.is_empty())
            .ok_or_else(|| field_error("title", "has no letter or digit to make a slug from"))?,
    };
    let mut track = Track::new(&slug, &title);
    if let Some(kind) = r.text("kind")? {
        track.kind = TrackKind::parse(&kind).map_err(|e| field_error("kind", e.to_string()))?;
    }
    if let Some(status) = r.text("status")? {
        track.status = TrackStatus::parse(&status).map_err(|e| field_error("status", e.to_string()))?;
    }
    track.narrative = r.text("narrative")?.unwrap_or_default();
    track.policy_questions = r.list("policy_questions")?;
    track.seed_terms = r.list("seed_terms")?;
    if let Some(colour) = r.text("colour")? {
        if !is_valid_colour(&colour) {
            return Err(field_error("colour", format!("{colour:?} is not a colour like \"#1f6feb\"")));
        }
        track.colour = Some(colour.to_lowercase());
    }
    Ok(track)
}

fn read_person(r: &Record, tz: &jiff::tz::TimeZone) -> FieldResult<Person> {
    let mut person = Person::named(&r.required_text("name")?);
    person.affiliation = r.text("affiliation")?;
    person.stakeholder_group = r
        .text("stakeholder_group")?
        .map(|g| StakeholderGroup::parse(&g).map_err(|e| field_error("stakeholder_group", e.to_string())))
        .transpose()?;
    person.country = r.text("country")?.map(|c| country_code("country", &c)).transpose()?;
    person.gender =
        r.text("gender")?.map(|g| Gender::parse(&g).map_err(|e| field_error("gender", e.to_string()))).transpose()?;
    person.first_time = r.flag("first_time")?;
    person.unavailable =
        r.time_ranges("unavailable", tz)?.into_iter().map(|(start, end)| Unavailability { start, end }).collect();
    Ok(person)
}
