//! People and their part in sessions: who they are (stakeholder group,
//! country, self-declared gender) and what they do in a session (role).

use serde::{Deserialize, Serialize};

use crate::country::Country;
use crate::enums::closed_enum;

closed_enum! {
    /// The stakeholder groups of the multistakeholder model, with academia apart.
    StakeholderGroup, "stakeholder group" {
        Government => "government", "Government", ["governments", "gov", "member_state"];
        Intergovernmental => "intergovernmental", "Intergovernmental organisation",
            ["intergovernmental_organization", "intergovernmental_organizations", "intergovernmental_organisations", "igo", "international_organization", "international_organisation"];
        CivilSociety => "civil_society", "Civil society", ["cso", "ngo"];
        TechnicalCommunity => "technical_community", "Technical community", ["technical"];
        PrivateSector => "private_sector", "Private sector", ["business", "industry"];
        Academia => "academia", "Academia", ["academic", "academic_community", "research"];
    }
}

closed_enum! {
    /// Self-declared gender, as IGF participation statistics count it.
    Gender, "gender" {
        Female => "female", "Female", ["woman", "f"];
        Male => "male", "Male", ["man", "m"];
        NonBinary => "non_binary", "Non-binary", ["nonbinary", "other"];
        Undisclosed => "undisclosed", "Prefers not to say", ["prefer_not_to_say", "not_disclosed"];
    }
}

closed_enum! {
    /// What a person does in a session.
    Role, "role" {
        Organiser => "organiser", "Organiser", ["organizer", "organisers", "organizers"];
        Speaker => "speaker", "Speaker", ["speakers", "panelist", "panellist", "presenter"];
        Moderator => "moderator", "Moderator", ["moderators", "chair"];
        OnlineModerator => "online_moderator", "Online moderator", ["online_moderators", "remote_moderator"];
        Rapporteur => "rapporteur", "Rapporteur", ["rapporteurs"];
    }
}

/// A person taking part in the forum. People are identified within a forum by
/// `key`, derived from the name (see [`crate::person_key`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub key: String,
    pub name: String,
    pub affiliation: Option<String>,
    pub stakeholder_group: Option<StakeholderGroup>,
    /// ISO 3166 alpha-3 code, always one found in the country table.
    pub country: Option<String>,
    pub gender: Option<Gender>,
    /// Whether this is the person's first time at the forum, as they said
    /// (None where nobody asked).
    pub first_time: Option<bool>,
    /// Times the person cannot take part in sessions.
    pub unavailable: Vec<Unavailability>,
}

/// A time a person is not available.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Unavailability {
    pub start: jiff::Timestamp,
    pub end: jiff::Timestamp,
}

impl Person {
    /// A person known only by name.
    pub fn named(name: &str) -> Person {
        Person {
            key: crate::person_key(name),
            name: name.split_whitespace().collect::<Vec<_>>().join(" "),
            affiliation: None,
            stakeholder_group: None,
            country: None,
            gender: None,
            first_time: None,
            unavailable: Vec::new(),
        }
    }

    /// The country's facts (UN group, region, LDC…), when the country is known.
    pub fn country_facts(&self) -> Option<&'static Country> {
        self.country.as_deref().and_then(Country::find)
    }
}

/// A person's part in one session.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Participation {
    pub session: String,
    pub person: String,
    pub role: Role,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stakeholder_groups_read_igf_spellings() {
        assert_eq!(StakeholderGroup::parse("Civil Society").unwrap(), StakeholderGroup::CivilSociety);
        assert_eq!(
            StakeholderGroup::parse("Intergovernmental Organization").unwrap(),
            StakeholderGroup::Intergovernmental
        );
        assert_eq!(StakeholderGroup::parse("private-sector").unwrap(), StakeholderGroup::PrivateSector);
        let err = StakeholderGroup::parse("aliens").unwrap_err();
        assert!(err.to_string().contains("civil_society"), "{err}");
    }

    #[test]
    fn codes_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.code()).unwrap(), *r);
            assert_eq!(Role::parse(r.label()).unwrap(), *r);
        }
        for g in Gender::ALL {
            assert_eq!(Gender::parse(g.code()).unwrap(), *g);
        }
    }
}
