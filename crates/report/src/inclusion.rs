//! Who takes part: a session's, a track's or the forum's speakers and
//! organisers counted by stakeholder group, UN regional group, developing
//! country (LDC, LLDC, SIDS) and self-declared gender; the IGF's diversity
//! flags on a session; and the small-cell rule for figures that are
//! published, so that no count reveals one person's self-declared gender.
//! Each person counts once per figure, whatever roles they hold in it.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use throughline_core::{Gender, Programme, Role, UnRegionalGroup};

/// The code under which people whose value is not recorded are counted.
pub const UNKNOWN: &str = "unknown";

/// Below this many people, a published count is shown as "fewer than 5".
pub const SMALLEST_PUBLISHED_CELL: usize = 5;

/// Which people a figure counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// Speakers and moderators: those heard in the session.
    Speakers,
    /// Organisers.
    Organisers,
}

impl Part {
    fn holds(self, role: Role) -> bool {
        match self {
            Part::Speakers => matches!(role, Role::Speaker | Role::Moderator | Role::OnlineModerator),
            Part::Organisers => role == Role::Organiser,
        }
    }
}

/// Counts of a set of people. Maps are keyed by code, with [`UNKNOWN`] for
/// people whose value is not recorded; gender only as the person declared it,
/// counted exactly (`G = usize`) or as it may be published
/// ([`PublishedCount`], see [`published_counts`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Inclusion<G = usize> {
    pub people: usize,
    pub by_stakeholder_group: BTreeMap<String, usize>,
    pub by_un_regional_group: BTreeMap<String, usize>,
    /// From a developing country (an LDC, LLDC or SIDS, or a member of the
    /// African, Asia-Pacific or Latin American and Caribbean groups).
    pub developing: usize,
    pub ldc: usize,
    pub lldc: usize,
    pub sids: usize,
    /// People who said this is their first time at the forum, and how
    /// many were asked (said yes or no).
    pub first_time: usize,
    pub first_time_asked: usize,
    pub by_gender: BTreeMap<String, G>,
}

impl<G> Inclusion<G> {
    /// The share of people from developing countries, 0–1.
    pub fn developing_share(&self) -> f64 {
        if self.people == 0 { 0.0 } else { self.developing as f64 / self.people as f64 }
    }

    /// The same counts with other gender figures.
    pub fn with_gender<H>(self, by_gender: BTreeMap<String, H>) -> Inclusion<H> {
        let Inclusion {
            people,
            by_stakeholder_group,
            by_un_regional_group,
            developing,
            ldc,
            lldc,
            sids,
            first_time,
            first_time_asked,
            ..
        } = self;
        Inclusion {
            people,
            by_stakeholder_group,
            by_un_regional_group,
            developing,
            ldc,
            lldc,
            sids,
            first_time,
            first_time_asked,
            by_gender,
        }
    }
}

/// A count as it may be published: the number, or "fewer than 5" (and zero
/// stays zero, which reveals nobody).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PublishedCount {
    Exactly(usize),
    FewerThan(usize),
    /// A count of 5 or more kept back so that a single "fewer than 5"
    /// cannot be worked out from the total (secondary suppression).
    Withheld,
}

impl PublishedCount {
    pub fn of(n: usize) -> PublishedCount {
        if n == 0 || n >= SMALLEST_PUBLISHED_CELL {
            PublishedCount::Exactly(n)
        } else {
            PublishedCount::FewerThan(SMALLEST_PUBLISHED_CELL)
        }
    }
}

/// Counts of people as they may be published beside their total: every
/// cell under [`SMALLEST_PUBLISHED_CELL`] people (but zero) is "fewer than
/// 5", and where that leaves only one such cell, the smallest other count is
/// withheld too, so that no small cell is the total less the others; with
/// no other count to withhold, all of them are.
pub fn published_counts(counts: &BTreeMap<String, usize>) -> BTreeMap<String, PublishedCount> {
    let mut shown: BTreeMap<String, PublishedCount> =
        counts.iter().map(|(code, &n)| (code.clone(), PublishedCount::of(n))).collect();
    if shown.values().filter(|c| matches!(c, PublishedCount::FewerThan(_))).count() == 1 {
        let smallest_other = counts
            .iter()
            .filter(|&(_, &n)| n >= SMALLEST_PUBLISHED_CELL)
            .min_by_key(|&(code, &n)| (n, code.clone()))
            .map(|(code, _)| code.clone());
        match smallest_other {
            Some(code) => {
                shown.insert(code, PublishedCount::Withheld);
            }
            None => shown
                .values_mut()
                .filter(|c| **c != PublishedCount::Exactly(0))
                .for_each(|c| *c = PublishedCount::Withheld),
        }
    }
    shown
}

impl std::fmt::Display for PublishedCount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PublishedCount::Exactly(n) => write!(f, "{n}"),
            PublishedCount::FewerThan(n) => write!(f, "fewer than {n}"),
            PublishedCount::Withheld => write!(f, "withheld"),
        }
    }
}

impl Inclusion {
    /// The counts of these people (keys of the programme's people; a key
    /// the programme does not hold counts as a person with nothing recorded).
    pub fn of<'a>(p: &Programme, people: impl IntoIterator<Item = &'a str>) -> Inclusion {
        let mut figures = Inclusion::default();
        let keys: BTreeSet<&str> = people.into_iter().collect();
        for key in keys {
            figures.people += 1;
            let person = p.person(key);
            let group = person.and_then(|x| x.stakeholder_group).map_or(UNKNOWN, |g| g.code());
            *figures.by_stakeholder_group.entry(group.to_string()).or_default() += 1;
            let country = person.and_then(|x| x.country_facts());
            let region = country.and_then(|c| c.un_group).map_or(UNKNOWN, |g| g.code());
            *figures.by_un_regional_group.entry(region.to_string()).or_default() += 1;
            let gender = person.and_then(|x| x.gender).map_or(UNKNOWN, |g| g.code());
            *figures.by_gender.entry(gender.to_string()).or_default() += 1;
            if let Some(first) = person.and_then(|x| x.first_time) {
                figures.first_time_asked += 1;
                figures.first_time += usize::from(first);
            }
            if let Some(c) = country {
                figures.developing += usize::from(c.is_developing());
                figures.ldc += usize::from(c.ldc);
                figures.lldc += usize::from(c.lldc);
                figures.sids += usize::from(c.sids);
            }
        }
        figures
    }

    /// The gender counts as they may be published (see [`published_counts`]).
    pub fn published_gender(&self) -> BTreeMap<String, PublishedCount> {
        published_counts(&self.by_gender)
    }
}

/// One of the IGF's diversity criteria that a session does not meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DiversityFlag {
    /// Two or more speakers with a recorded stakeholder group, all of one group.
    OneStakeholderGroup,
    /// Speakers with a recorded UN regional group, all from the Western
    /// European and Others Group.
    OnlyWeogSpeakers,
    /// Every speaker declared a gender, and no woman is among them.
    NoWomanSpeaking,
    /// Two or more organisers with a recorded UN regional group, all of one.
    OrganisersFromOneRegion,
}

impl DiversityFlag {
    pub fn describe(self) -> &'static str {
        match self {
            DiversityFlag::OneStakeholderGroup => "a panel from one stakeholder group",
            DiversityFlag::OnlyWeogSpeakers => "no speaker from outside the Western European and Others Group",
            DiversityFlag::NoWomanSpeaking => "no woman speaking",
            DiversityFlag::OrganisersFromOneRegion => "all organisers from one region",
        }
    }
}

/// Who takes part in one session, and the diversity criteria it misses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionInclusion {
    pub code: String,
    pub speakers: Inclusion,
    pub organisers: Inclusion,
    pub flags: Vec<DiversityFlag>,
}

/// Who takes part in a set of sessions (a track, or the whole forum): each
/// person once, and each session's own figures and flags.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupInclusion {
    pub sessions: usize,
    pub speakers: Inclusion,
    pub organisers: Inclusion,
    pub per_session: Vec<SessionInclusion>,
}

/// The keys of the people holding `part` in the sessions named.
pub(crate) fn people_in<'a>(p: &'a Programme, codes: &BTreeSet<&str>, part: Part) -> BTreeSet<&'a str> {
    p.participations
        .iter()
        .filter(|x| codes.contains(x.session.as_str()) && part.holds(x.role))
        .map(|x| x.person.as_str())
        .collect()
}

/// The session's figures and flags.
pub fn session_inclusion(p: &Programme, code: &str) -> SessionInclusion {
    let codes = BTreeSet::from([code]);
    let speakers = people_in(p, &codes, Part::Speakers);
    let organisers = people_in(p, &codes, Part::Organisers);
    SessionInclusion {
        code: code.to_string(),
        flags: flags(p, &speakers, &organisers),
        speakers: Inclusion::of(p, speakers),
        organisers: Inclusion::of(p, organisers),
    }
}

/// The figures of these sessions together, and of each.
pub fn group_inclusion<'a>(p: &Programme, codes: impl IntoIterator<Item = &'a str>) -> GroupInclusion {
    let codes: BTreeSet<&str> = codes.into_iter().collect();
    let mut per_session: Vec<SessionInclusion> =
        p.sessions.iter().filter(|s| codes.contains(s.code.as_str())).map(|s| session_inclusion(p, &s.code)).collect();
    per_session.sort_by(|a, b| throughline_core::order::natural_cmp(&a.code, &b.code));
    GroupInclusion {
        sessions: per_session.len(),
        speakers: Inclusion::of(p, people_in(p, &codes, Part::Speakers)),
        organisers: Inclusion::of(p, people_in(p, &codes, Part::Organisers)),
        per_session,
    }
}

/// The track's accepted sessions' figures.
pub fn track_inclusion(p: &Programme, track: &str) -> GroupInclusion {
    group_inclusion(p, p.accepted_sessions(track))
}

/// The whole forum's figures.
pub fn forum_inclusion(p: &Programme) -> GroupInclusion {
    group_inclusion(p, p.sessions.iter().map(|s| s.code.as_str()))
}

/// The diversity criteria these speakers and organisers miss. A flag is
/// raised only on what is recorded: people without a value are left out.
fn flags(p: &Programme, speakers: &BTreeSet<&str>, organisers: &BTreeSet<&str>) -> Vec<DiversityFlag> {
    let person = |key: &str| p.person(key);
    let region = |key: &str| person(key).and_then(|x| x.country_facts()).and_then(|c| c.un_group);
    let groups: BTreeSet<_> = speakers.iter().filter_map(|k| person(k).and_then(|x| x.stakeholder_group)).collect();
    let known_groups = speakers.iter().filter(|k| person(k).and_then(|x| x.stakeholder_group).is_some()).count();
    let regions: BTreeSet<UnRegionalGroup> = speakers.iter().filter_map(|k| region(k)).collect();
    let genders: Vec<Option<Gender>> = speakers.iter().map(|k| person(k).and_then(|x| x.gender)).collect();
    let organiser_regions: BTreeSet<UnRegionalGroup> = organisers.iter().filter_map(|k| region(k)).collect();
    let known_organiser_regions = organisers.iter().filter(|k| region(k).is_some()).count();
    let mut flags = Vec::new();
    if known_groups >= 2 && groups.len() == 1 {
        flags.push(DiversityFlag::OneStakeholderGroup);
    }
    if regions.len() == 1 && regions.contains(&UnRegionalGroup::Weog) {
        flags.push(DiversityFlag::OnlyWeogSpeakers);
    }
    if !genders.is_empty() && genders.iter().all(|g| g.is_some_and(|g| g != Gender::Female)) {
        flags.push(DiversityFlag::NoWomanSpeaking);
    }
    if known_organiser_regions >= 2 && organiser_regions.len() == 1 {
        flags.push(DiversityFlag::OrganisersFromOneRegion);
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;
    use throughline_core::{Forum, Participation, Person, Session, StakeholderGroup, TrackMembership};

    fn person(name: &str, group: Option<StakeholderGroup>, country: Option<&str>, gender: Option<Gender>) -> Person {
        let mut x = Person::named(name);
        x.stakeholder_group = group;
        x.country = country.map(str::to_string);
        x.gender = gender;
        x
    }

    /// Two sessions, counted by hand:
    /// - S1: speakers Ana (government, Nepal: Asia-Pacific, LDC and LLDC,
    ///   female) and Ben (government, France: WEOG, male); organiser Ana.
    /// - S2: speakers Ben and Cy (civil society, Germany: WEOG, male),
    ///   moderator Dee (nothing recorded); organisers Ben and Cy (both WEOG).
    fn programme() -> Programme {
        let mut p = Programme::new(Forum::new("f", "F"));
        p.sessions = ["S1", "S2", "S3"].map(|code| Session { code: code.into(), ..Session::default() }).to_vec();
        p.people = vec![
            person("Ana", Some(StakeholderGroup::Government), Some("NPL"), Some(Gender::Female)),
            person("Ben", Some(StakeholderGroup::Government), Some("FRA"), Some(Gender::Male)),
            person("Cy", Some(StakeholderGroup::CivilSociety), Some("DEU"), Some(Gender::Male)),
            person("Dee", None, None, None),
        ];
        let part = |session: &str, name: &str, role| Participation {
            session: session.into(),
            person: throughline_core::person_key(name),
            role,
        };
        p.participations = vec![
            part("S1", "Ana", Role::Speaker),
            part("S1", "Ana", Role::Organiser),
            part("S1", "Ben", Role::Speaker),
            part("S2", "Ben", Role::Speaker),
            part("S2", "Cy", Role::Speaker),
            part("S2", "Dee", Role::Moderator),
            part("S2", "Ben", Role::Organiser),
            part("S2", "Cy", Role::Organiser),
        ];
        p.memberships = vec![TrackMembership::imported("t", "S1"), TrackMembership::imported("t", "S2")];
        p
    }

    fn map(pairs: &[(&str, usize)]) -> BTreeMap<String, usize> {
        pairs.iter().map(|(k, n)| (k.to_string(), *n)).collect()
    }

    #[test]
    fn a_session_counted_by_hand() {
        let p = programme();
        let s1 = session_inclusion(&p, "S1");
        assert_eq!(s1.speakers.people, 2);
        assert_eq!(s1.speakers.by_stakeholder_group, map(&[("government", 2)]));
        assert_eq!(s1.speakers.by_un_regional_group, map(&[("asia_pacific", 1), ("weog", 1)]));
        assert_eq!((s1.speakers.developing, s1.speakers.ldc, s1.speakers.lldc, s1.speakers.sids), (1, 1, 1, 0));
        assert_eq!(s1.speakers.by_gender, map(&[("female", 1), ("male", 1)]));
        assert_eq!(s1.organisers.people, 1);
        assert_eq!(s1.flags, [DiversityFlag::OneStakeholderGroup], "two government speakers");
    }

    #[test]
    fn flags_follow_the_igf_criteria_on_what_is_recorded() {
        let p = programme();
        let s2 = session_inclusion(&p, "S2");
        // Ben and Cy are of two groups; both WEOG (Dee has no country); Dee
        // declared no gender, so "no woman speaking" is not claimed; both
        // organisers WEOG.
        assert_eq!(s2.flags, [DiversityFlag::OnlyWeogSpeakers, DiversityFlag::OrganisersFromOneRegion]);
        let mut declared = p.clone();
        declared.people[3].gender = Some(Gender::NonBinary);
        assert!(session_inclusion(&declared, "S2").flags.contains(&DiversityFlag::NoWomanSpeaking));
        assert!(
            session_inclusion(&p, "S3").flags.is_empty(),
            "a session without people misses nothing it can be held to"
        );
    }

    #[test]
    fn a_track_counts_each_person_once() {
        let p = programme();
        let t = track_inclusion(&p, "t");
        assert_eq!(t.sessions, 2);
        assert_eq!(t.speakers.people, 4, "Ana, Ben, Cy, Dee: Ben speaks twice and counts once");
        assert_eq!(t.speakers.by_gender, map(&[("female", 1), ("male", 2), (UNKNOWN, 1)]));
        assert_eq!(t.organisers.people, 3);
        assert_eq!(t.per_session.iter().map(|s| s.code.as_str()).collect::<Vec<_>>(), ["S1", "S2"]);
        assert_eq!(forum_inclusion(&p).sessions, 3);
    }

    #[test]
    fn published_counts_under_five_say_fewer_than_five() {
        assert_eq!(PublishedCount::of(0), PublishedCount::Exactly(0));
        assert_eq!(PublishedCount::of(4).to_string(), "fewer than 5");
        assert_eq!(PublishedCount::of(5).to_string(), "5");
        let t = track_inclusion(&programme(), "t");
        let shown = t.speakers.published_gender();
        assert_eq!(shown["female"], PublishedCount::FewerThan(5), "one woman is not to be pointed at");
    }

    #[test]
    fn first_timers_are_counted_among_those_asked() {
        let mut p = programme();
        p.people[0].first_time = Some(true); // Ana
        p.people[1].first_time = Some(false); // Ben
        p.people[2].first_time = Some(true); // Cy, who speaks in S2 only
        let t = track_inclusion(&p, "t");
        assert_eq!(
            (t.speakers.first_time, t.speakers.first_time_asked),
            (2, 3),
            "Ana and Cy of Ana, Ben, Cy; Dee not asked"
        );
        let s1 = session_inclusion(&p, "S1");
        assert_eq!((s1.speakers.first_time, s1.speakers.first_time_asked), (1, 2));
    }

    #[test]
    fn a_lone_small_cell_takes_the_next_smallest_with_it() {
        use PublishedCount::{Exactly, FewerThan, Withheld};
        let shown = |pairs: &[(&str, usize)]| published_counts(&map(pairs));
        // 21 + 20 + 2 = 43: with the total known, "fewer than 5" alone would be 2.
        let one = shown(&[("female", 21), ("male", 20), ("non_binary", 2)]);
        assert_eq!(
            one,
            [("female", Exactly(21)), ("male", Withheld), ("non_binary", FewerThan(5))]
                .map(|(c, n)| (c.to_string(), n))
                .into()
        );
        // Two small cells hide each other; none small, nothing hidden.
        let two = shown(&[("female", 21), ("male", 20), ("non_binary", 2), (UNKNOWN, 1)]);
        assert_eq!(two["female"], Exactly(21));
        assert_eq!(two["male"], Exactly(20));
        assert_eq!(shown(&[("female", 6), ("male", 5)])["male"], Exactly(5));
        // A lone small cell with nothing else to hide: nothing is shown.
        assert_eq!(shown(&[("female", 3)])["female"], Withheld);
        assert_eq!(shown(&[("female", 3), ("male", 0)])["male"], Exactly(0));
    }
}
