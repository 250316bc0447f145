//! Cooperation mechanisms: issue-based networks of actors that sessions
//! identify (who cooperates, on which Internet-policy issue, whether the
//! mechanism exists or is proposed, and what it produces).

use serde::{Deserialize, Serialize};

use crate::enums::closed_enum;
use crate::person::StakeholderGroup;

closed_enum! {
    /// How far a mechanism reaches.
    MechanismScope, "mechanism scope" {
        Global => "global", "Global", ["international"];
        Regional => "regional", "Regional";
        National => "national", "National";
    }
}

closed_enum! {
    /// What kind of arrangement a mechanism is.
    MechanismType, "mechanism type" {
        Intergovernmental => "intergovernmental", "Intergovernmental body or treaty", ["treaty", "intergovernmental_body"];
        MultistakeholderNetwork => "multistakeholder_network", "Multistakeholder network";
        StandardsBody => "standards_body", "Standards body", ["sdo"];
        BestPracticeForum => "best_practice_forum", "Best practice forum", ["bpf"];
        DynamicCoalition => "dynamic_coalition", "Dynamic coalition", ["dc"];
        PolicyNetwork => "policy_network", "Policy network";
        NationalRegionalInitiative => "national_regional_initiative", "National or regional initiative", ["nri"];
        IndustrySelfRegulation => "industry_self_regulation", "Industry self-regulation", ["self_regulation"];
        DialogueProcess => "dialogue_process", "Dialogue process", ["dialogue"];
    }
}

closed_enum! {
    /// Whether the mechanism already exists.
    MechanismStatus, "mechanism status" {
        Existing => "existing", "Existing";
        Possible => "possible", "Possible (proposed)", ["proposed"];
    }
}

closed_enum! {
    /// What a mechanism produces.
    MechanismOutput, "mechanism output" {
        Norms => "norms", "Norms";
        Principles => "principles", "Principles";
        Standards => "standards", "Standards";
        Reports => "reports", "Reports";
        Regimes => "regimes", "Regimes";
    }
}

closed_enum! {
    /// A gap a mechanism has or addresses.
    MechanismGap, "mechanism gap" {
        Implementation => "implementation", "Implementation";
        Awareness => "awareness", "Awareness";
        Capacity => "capacity", "Capacity";
        Research => "research", "Research";
    }
}

/// An organisation taking part in a mechanism.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MechanismActor {
    pub name: String,
    pub stakeholder_group: Option<StakeholderGroup>,
    /// ISO 3166 alpha-3.
    pub country: Option<String>,
}

/// A cooperation mechanism that one or more sessions identified.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CooperationMechanism {
    /// Stable id within the forum (a slug of the name).
    pub id: String,
    pub name: String,
    pub description: String,
    /// Issues from the Digital Watch taxonomy.
    pub issues: Vec<String>,
    pub scope: MechanismScope,
    pub kind: MechanismType,
    pub actors: Vec<MechanismActor>,
    pub status: MechanismStatus,
    pub outputs: Vec<MechanismOutput>,
    pub gaps: Vec<MechanismGap>,
    /// Codes of the sessions where it was identified.
    pub sessions: Vec<String>,
}
