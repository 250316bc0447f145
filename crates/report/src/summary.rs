//! Figures that describe a programme at a glance: sessions by kind, people by
//! stakeholder group, UN regional group and gender, developing-country share.

use std::collections::BTreeMap;

use serde::Serialize;

use throughline_core::{Gender, Programme, SessionKind, StakeholderGroup, UnRegionalGroup};

/// Counts that summarise a programme. Maps are keyed by the value's code
/// (`civil_society`, `asia_pacific`, `workshop`), as files and the database
/// write it, with "unknown" for people whose value is not recorded; whoever
/// shows them to people turns the codes into labels ([`label_of`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProgrammeSummary {
    pub forum: String,
    pub name: String,
    pub time_zone: String,
    pub sessions: usize,
    pub scheduled: usize,
    pub rooms: usize,
    pub slots: usize,
    pub days: usize,
    pub people: usize,
    pub tracks: usize,
    pub sessions_by_kind: BTreeMap<String, usize>,
    pub people_by_stakeholder_group: BTreeMap<String, usize>,
    pub people_by_un_regional_group: BTreeMap<String, usize>,
    pub people_by_gender: BTreeMap<String, usize>,
    pub people_from_developing_countries: usize,
    pub people_from_ldcs: usize,
}

const UNKNOWN: &str = "unknown";

/// Which of the summary's maps a code comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    SessionKind,
    StakeholderGroup,
    UnRegionalGroup,
    Gender,
}

/// The label people read for a code of one of the summary's maps; a code
/// the set does not know (and "unknown") is shown as it is.
pub fn label_of(figure: Figure, code: &str) -> String {
    let known = match figure {
        Figure::SessionKind => return SessionKind::parse(code).label().to_string(),
        Figure::StakeholderGroup => StakeholderGroup::parse(code).map(StakeholderGroup::label),
        Figure::UnRegionalGroup => UnRegionalGroup::parse(code).map(UnRegionalGroup::label),
        Figure::Gender => Gender::parse(code).map(Gender::label),
    };
    known.map_or_else(|_| code.to_string(), str::to_string)
}

impl ProgrammeSummary {
    pub fn of(p: &Programme) -> ProgrammeSummary {
        let mut s = ProgrammeSummary {
            forum: p.forum.slug.clone(),
            name: p.forum.name.clone(),
            time_zone: p.forum.time_zone.name().to_string(),
            sessions: p.sessions.len(),
            scheduled: p.sessions.iter().filter(|s| s.start.is_some()).count(),
            rooms: p.rooms.len(),
            slots: p.slots.len(),
            days: 0,
            people: p.people.len(),
            tracks: p.tracks.len(),
            sessions_by_kind: BTreeMap::new(),
            people_by_stakeholder_group: BTreeMap::new(),
            people_by_un_regional_group: BTreeMap::new(),
            people_by_gender: BTreeMap::new(),
            people_from_developing_countries: 0,
            people_from_ldcs: 0,
        };
        let mut days: Vec<String> = p
            .sessions
            .iter()
            .filter_map(|x| x.start)
            .chain(p.slots.iter().map(|slot| slot.start))
            .map(|t| p.forum.local_date(t).to_string())
            .collect();
        days.sort();
        days.dedup();
        s.days = days.len();
        for session in &p.sessions {
            *s.sessions_by_kind.entry(session.kind.code().to_string()).or_default() += 1;
        }
        for person in &p.people {
            let group = person.stakeholder_group.map_or(UNKNOWN, |g| g.code());
            *s.people_by_stakeholder_group.entry(group.to_string()).or_default() += 1;
            let country = person.country_facts();
            let region = country.and_then(|c| c.un_group).map_or(UNKNOWN, |g| g.code());
            *s.people_by_un_regional_group.entry(region.to_string()).or_default() += 1;
            let gender = person.gender.map_or(UNKNOWN, |g| g.code());
            *s.people_by_gender.entry(gender.to_string()).or_default() += 1;
            if country.is_some_and(|c| c.is_developing()) {
                s.people_from_developing_countries += 1;
            }
            if country.is_some_and(|c| c.ldc) {
                s.people_from_ldcs += 1;
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use throughline_core::{Forum, Person};

    #[test]
    fn counts_people_by_group_and_region() {
        let mut p = Programme::new(Forum::new("f", "F"));
        let mut a = Person::named("A");
        a.stakeholder_group = Some(StakeholderGroup::Government);
        a.country = Some("NPL".into());
        let b = Person::named("B");
        p.people = vec![a, b];
        let s = ProgrammeSummary::of(&p);
        assert_eq!(s.people_by_stakeholder_group["government"], 1);
        assert_eq!(s.people_by_stakeholder_group["unknown"], 1);
        assert_eq!(s.people_by_un_regional_group["asia_pacific"], 1);
        assert_eq!(label_of(Figure::UnRegionalGroup, "asia_pacific"), "Asia-Pacific Group");
        assert_eq!(label_of(Figure::StakeholderGroup, "unknown"), "unknown");
        assert_eq!(label_of(Figure::SessionKind, "workshop"), "Workshop");
        assert_eq!(s.people_from_ldcs, 1);
        assert_eq!(s.people_from_developing_countries, 1);
    }
}
