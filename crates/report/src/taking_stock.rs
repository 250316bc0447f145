//! Taking Stock: what a track (or the whole forum) produced, as the figures
//! its report shows. The takeaways and calls to action of the filed session
//! reports under the policy question each answers (matched by the words
//! they share with it), the mechanisms identified (existing against
//! proposed, by issue, type, output and gap, with their actors and the
//! actor–issue map), who spoke (beside the forum as a whole), how complete
//! the reporting is, and attendance.
//!
//! Everything here is published: it is made from the programme's public
//! part (`core::publication`), draft reports never count, and what people
//! declared privately appears only as counts under the small-cell rule.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use jiff::Timestamp;
use serde::Serialize;
use throughline_core::mechanism::registry;
use throughline_core::publication::public_part;
use throughline_core::{Gender, NoSuchTrack, Programme, StakeholderGroup};

use crate::actor_map::ActorIssueMap;
use crate::inclusion::{Inclusion, Part, PublishedCount, people_in};
use crate::reporting::{ReportState, reporting};

/// The track a Taking Stock is of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrackHeading {
    pub slug: String,
    pub title: String,
    pub narrative: String,
}

/// A takeaway or call to action, with the session it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub session: String,
    pub title: String,
    pub text: String,
    /// Whom a call to action is addressed to (empty for a takeaway).
    pub addressed_to: Vec<StakeholderGroup>,
}

/// The findings that answer one policy question (or, with none, the rest).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct QuestionFindings {
    pub question: Option<String>,
    pub takeaways: Vec<Finding>,
    pub calls: Vec<Finding>,
}

/// One mechanism as the report lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MechanismLine {
    pub id: String,
    pub name: String,
    /// `existing` or `possible`.
    pub status: String,
    /// Its type's code.
    pub kind: String,
    /// Issue codes.
    pub issues: Vec<String>,
    pub sessions: Vec<String>,
}

/// The mechanisms identified, counted. Maps are keyed by code.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MechanismFigures {
    pub total: usize,
    pub existing: usize,
    pub possible: usize,
    pub by_issue: BTreeMap<String, usize>,
    pub by_type: BTreeMap<String, usize>,
    pub by_output: BTreeMap<String, usize>,
    pub by_gap: BTreeMap<String, usize>,
    /// Actors (each once per mechanism) by stakeholder group, `unknown` where none is given.
    pub actors_by_group: BTreeMap<String, usize>,
    pub entries: Vec<MechanismLine>,
}

/// Who took part, as it may be published: gender counts under 5 are
/// "fewer than 5" (see `inclusion::published_counts`).
pub type PublishedInclusion = Inclusion<PublishedCount>;

/// How complete the reporting is.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ReportingFigures {
    /// Sessions whose report is expected by now (ended, or filed).
    pub expected: usize,
    pub filed: usize,
    pub on_time: usize,
    pub late: usize,
    /// Ended sessions without a filed report.
    pub missing: usize,
    pub filed_share: f64,
    pub on_time_share: f64,
}

/// Attendance and gender as the filed reports give them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Attendance {
    /// Filed reports that give a count of participants.
    pub reports_with_counts: usize,
    pub onsite: u32,
    pub online: u32,
    /// Women among the participants, summed over the reports that give both figures.
    pub women_participants: u32,
    /// The participants of those same reports.
    pub participants_with_women_counted: u32,
    /// How many reports say gender was not discussed, mentioned, or discussed substantially (by code).
    pub gender_discussed: BTreeMap<String, usize>,
}

/// A track's (or the forum's) Taking Stock.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TakingStock {
    pub forum: String,
    pub forum_name: String,
    /// None for the forum's own.
    pub track: Option<TrackHeading>,
    /// Sessions of the track that take place, and how many of them have ended.
    pub sessions: usize,
    pub sessions_held: usize,
    /// One entry per policy question (the track's, in order), then the findings that answer none.
    pub questions: Vec<QuestionFindings>,
    pub other_findings: QuestionFindings,
    pub mechanisms: MechanismFigures,
    pub map: ActorIssueMap,
    /// Speakers and moderators of the track's sessions.
    pub speakers: PublishedInclusion,
    /// The same of the whole forum, to compare a track with (None for the forum's own).
    pub forum_speakers: Option<PublishedInclusion>,
    pub reporting: ReportingFigures,
    pub attendance: Attendance,
}

/// The Taking Stock of a track (or, with None, of the forum) as of `now`.
/// `published_tracks_only` leaves draft tracks out, as the guide does.
pub fn taking_stock(
    p: &Programme,
    track: Option<&str>,
    now: Timestamp,
    published_tracks_only: bool,
) -> Result<TakingStock, NoSuchTrack> {
    let public = public_part(p, published_tracks_only);
    taking_stock_of(&public, &Declared::of(p, &public), track, now)
}

/// What people declared privately (their gender, whether it is their
/// first time at the forum), kept apart from the public part (which has
/// neither), so that only their counts reach a Taking Stock, gender under
/// the small-cell rule.
#[derive(Debug, Clone, Default)]
pub struct Declared {
    genders: HashMap<String, Gender>,
    first_time: HashMap<String, bool>,
}

impl Declared {
    /// What `full` holds of the people of `public`.
    pub fn of(full: &Programme, public: &Programme) -> Declared {
        let mut declared = Declared::default();
        for person in public.people.iter().filter_map(|x| full.person(&x.key)) {
            if let Some(g) = person.gender {
                declared.genders.insert(person.key.clone(), g);
            }
            if let Some(first) = person.first_time {
                declared.first_time.insert(person.key.clone(), first);
            }
        }
        declared
    }

    /// These people's figures: the public ones of `public`, with their
    /// gender counts as published and their first times.
    fn figures(&self, public: &Programme, people: &BTreeSet<&str>) -> PublishedInclusion {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for key in people {
            let code = self.genders.get(*key).map_or(crate::inclusion::UNKNOWN, |g| g.code());
            *counts.entry(code.to_string()).or_default() += 1;
        }
        let mut figures =
            Inclusion::of(public, people.iter().copied()).with_gender(crate::inclusion::published_counts(&counts));
        let said: Vec<bool> = people.iter().filter_map(|key| self.first_time.get(*key).copied()).collect();
        figures.first_time_asked = said.len();
        figures.first_time = said.iter().filter(|&&first| first).count();
        figures
    }
}

/// A Taking Stock made from a programme's public part (`public_part`) and
/// what its people declared privately.
pub fn taking_stock_of(
    public: &Programme,
    declared: &Declared,
    track: Option<&str>,
    now: Timestamp,
) -> Result<TakingStock, NoSuchTrack> {
    let the_track = track.map(|slug| public.track(slug)).transpose()?;
    let heading = the_track.map(|t| TrackHeading {
        slug: t.slug.clone(),
        title: t.title.clone(),
        narrative: t.narrative.clone(),
    });
    let questions: Vec<String> = the_track.map_or_else(Vec::new, |t| t.policy_questions.clone());
    let accepted = track.map(|t| public.accepted_sessions(t));
    let held: Vec<&throughline_core::Session> = public
        .sessions
        .iter()
        .filter(|s| s.status.will_be_held())
        .filter(|s| accepted.as_ref().is_none_or(|codes| codes.contains(s.code.as_str())))
        .collect();
    let codes: BTreeSet<&str> = held.iter().map(|s| s.code.as_str()).collect();
    let all_codes: BTreeSet<&str> =
        public.sessions.iter().filter(|s| s.status.will_be_held()).map(|s| s.code.as_str()).collect();

    // Findings under the question they answer.
    let mut by_question: Vec<QuestionFindings> =
        questions.iter().map(|q| QuestionFindings { question: Some(q.clone()), ..Default::default() }).collect();
    let mut other = QuestionFindings::default();
    let filed: Vec<&throughline_core::SessionReport> =
        public.reports.iter().filter(|r| r.submitted_at.is_some() && codes.contains(r.session.as_str())).collect();
    let title_of = |code: &str| public.session(code).map_or_else(String::new, |s| s.title.clone());
    for r in &filed {
        let title = title_of(&r.session);
        // The track's questions the rapporteur said the session answered, if any.
        let said: Vec<usize> = (0..questions.len())
            .filter(|&i| r.policy_questions.iter().any(|q| throughline_core::report::same_question(q, &questions[i])))
            .collect();
        let slot_of = |text: &str| match said.as_slice() {
            [] => best_question(&questions, text),
            [only] => Some(*only),
            several => {
                let among: Vec<String> = several.iter().map(|&i| questions[i].clone()).collect();
                Some(best_question(&among, text).map_or(several[0], |j| several[j]))
            }
        };
        let finding = |text: &str, addressed_to: Vec<StakeholderGroup>| Finding {
            session: r.session.clone(),
            title: title.clone(),
            text: text.to_string(),
            addressed_to,
        };
        for t in &r.key_takeaways {
            let slot = slot_of(t).map_or(&mut other, |i| &mut by_question[i]);
            slot.takeaways.push(finding(t, Vec::new()));
        }
        for c in &r.calls_to_action {
            let slot = slot_of(&c.text).map_or(&mut other, |i| &mut by_question[i]);
            slot.calls.push(finding(&c.text, c.addressed_to.clone()));
        }
    }

    // Speakers: groups and regions from the public part; gender and first
    // times from what was declared (the public part has neither), as counts.
    let speakers_of = |codes: &BTreeSet<&str>| {
        let people = people_in(public, codes, Part::Speakers);
        declared.figures(public, &people)
    };

    let scope: Vec<&str> = codes.iter().copied().collect();
    let r = reporting(public, scope.iter().copied(), now);
    let missing = r.due + r.overdue;
    let reporting = ReportingFigures {
        expected: r.expected,
        filed: r.filed,
        on_time: r.on_time,
        late: r.late,
        missing,
        filed_share: r.filed_share(),
        on_time_share: r.on_time_share(),
    };
    let sessions_held =
        r.sessions.iter().filter(|s| !matches!(s.state, ReportState::Upcoming | ReportState::Unscheduled)).count();

    Ok(TakingStock {
        forum: public.forum.slug.clone(),
        forum_name: public.forum.name.clone(),
        track: heading,
        sessions: held.len(),
        sessions_held,
        questions: by_question,
        other_findings: other,
        mechanisms: mechanism_figures(public, track.map(|_| scope.as_slice())),
        map: ActorIssueMap::of(&public.mechanisms, track.map(|_| scope.as_slice())),
        speakers: speakers_of(&codes),
        forum_speakers: track.map(|_| speakers_of(&all_codes)),
        reporting,
        attendance: attendance(&filed),
    })
}

fn mechanism_figures(p: &Programme, sessions: Option<&[&str]>) -> MechanismFigures {
    let mut f = MechanismFigures::default();
    for e in registry(&p.mechanisms) {
        let m = e.mechanism;
        if !sessions.is_none_or(|codes| m.sessions.iter().any(|s| codes.contains(&s.as_str()))) {
            continue;
        }
        f.total += 1;
        match m.status {
            throughline_core::mechanism::MechanismStatus::Existing => f.existing += 1,
            throughline_core::mechanism::MechanismStatus::Possible => f.possible += 1,
        }
        for i in &m.issues {
            *f.by_issue.entry(i.clone()).or_default() += 1;
        }
        *f.by_type.entry(m.kind.code().to_string()).or_default() += 1;
        for o in &m.outputs {
            *f.by_output.entry(o.code().to_string()).or_default() += 1;
        }
        for g in &m.gaps {
            *f.by_gap.entry(g.code().to_string()).or_default() += 1;
        }
        for a in &m.actors {
            let group = a.stakeholder_group.map_or(crate::inclusion::UNKNOWN, |g| g.code());
            *f.actors_by_group.entry(group.to_string()).or_default() += 1;
        }
        f.entries.push(MechanismLine {
            id: m.id.clone(),
            name: m.name.clone(),
            status: m.status.code().to_string(),
            kind: m.kind.code().to_string(),
            issues: m.issues.clone(),
            sessions: m.sessions.clone(),
        });
    }
    f
}

fn attendance(filed: &[&throughline_core::SessionReport]) -> Attendance {
    let mut a = Attendance::default();
    for r in filed {
        if let Some(n) = r.participants() {
            a.reports_with_counts += 1;
            a.onsite += r.participants_onsite.unwrap_or(0);
            a.online += r.participants_online.unwrap_or(0);
            if let Some(w) = r.women_participants {
                a.women_participants += w;
                a.participants_with_women_counted += n;
            }
        }
        if let Some(g) = r.gender_discussed {
            *a.gender_discussed.entry(g.code().to_string()).or_default() += 1;
        }
    }
    a
}

/// Words that say nothing of a finding's subject.
const STOP_WORDS: &[&str] = &[
    "the", "and", "for", "are", "but", "not", "you", "all", "any", "can", "had", "her", "was", "one", "our", "out",
    "has", "have", "how", "its", "who", "what", "when", "where", "which", "why", "with", "that", "this", "these",
    "those", "from", "they", "them", "their", "there", "will", "would", "should", "could", "into", "more", "most",
    "than", "then", "other", "such", "some", "also", "each", "between", "about", "over", "only", "own", "same", "does",
    "did", "being", "been", "were", "is", "of", "to", "in", "on", "a", "an", "as", "at", "by", "or", "be", "it", "we",
    "do", "so", "if", "no", "need", "needs",
];

/// A text's content words, lowercased and crudely stemmed (a final `s`, `es`, `ing` or `ed` off).
fn words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() >= 3 && !STOP_WORDS.contains(&w.as_str()))
        .map(|w| {
            for suffix in ["ing", "es", "ed", "s"] {
                if let Some(stem) = w.strip_suffix(suffix)
                    && stem.chars().count() >= 4
                {
                    return stem.to_string();
                }
            }
            w
        })
        .collect()
}

/// The question a finding answers: the one it shares the most content words
/// with (Dice coefficient, at least one word shared); ties go to the first.
fn best_question(questions: &[String], text: &str) -> Option<usize> {
    let finding = words(text);
    let mut best: Option<(usize, f64)> = None;
    for (i, q) in questions.iter().enumerate() {
        let question = words(q);
        let shared = finding.intersection(&question).count();
        if shared == 0 {
            continue;
        }
        let dice = 2.0 * shared as f64 / (finding.len() + question.len()) as f64;
        if best.is_none_or(|(_, b)| dice > b) {
            best = Some((i, dice));
        }
    }
    best.map(|(i, _)| i)
}

#[cfg(test)]
mod tests;
