//! Countries and the facts derived from them: UN regional group, M49 region
//! and sub-region, and the least developed / landlocked developing / small
//! island developing state flags. The table is baked into
//! `data/countries.tsv` by `scripts/bake-countries.py` from the UN lists in
//! `../shared/data` and embedded in the binary.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::enums::closed_enum;

closed_enum! {
    /// The five UN regional groups (how IGF statistics count regions).
    UnRegionalGroup, "UN regional group" {
        African => "african", "African Group", ["africa", "african_states"];
        AsiaPacific => "asia_pacific", "Asia-Pacific Group", ["asia_pacific_states", "apg"];
        EasternEuropean => "eastern_european", "Eastern European Group", ["eeg", "eastern_europe"];
        Grulac => "grulac", "Latin American and Caribbean Group (GRULAC)", ["latin_america_and_caribbean", "glac"];
        Weog => "weog", "Western European and Others Group (WEOG)", ["western_european_and_others"];
    }
}

closed_enum! {
    /// The UN M49 macro-geographical regions.
    M49Region, "M49 region" {
        Africa => "africa", "Africa";
        Americas => "americas", "Americas";
        Asia => "asia", "Asia";
        Europe => "europe", "Europe";
        Oceania => "oceania", "Oceania";
    }
}

/// One country of the UN M49 list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country {
    pub iso3: &'static str,
    pub iso2: &'static str,
    pub m49: u16,
    pub name: &'static str,
    /// None for Antarctica, which has no M49 region.
    pub region: Option<M49Region>,
    pub sub_region: &'static str,
    /// None for territories and the few states outside the five groups.
    pub un_group: Option<UnRegionalGroup>,
    pub ldc: bool,
    pub lldc: bool,
    pub sids: bool,
}

impl Country {
    /// Looks a country up by ISO 3166 alpha-3 or alpha-2 code (any case).
    pub fn find(code: &str) -> Option<&'static Country> {
        let table = table();
        let code = code.trim().to_ascii_uppercase();
        table.by_code.get(code.as_str()).map(|&i| &table.countries[i])
    }

    /// All countries of the table, ordered by alpha-3 code.
    pub fn all() -> &'static [Country] {
        &table().countries
    }

    /// A developing country in IGF reporting: an LDC, LLDC or SIDS, or any
    /// country outside WEOG and the Eastern European Group.
    pub fn is_developing(&self) -> bool {
        self.ldc
            || self.lldc
            || self.sids
            || matches!(
                self.un_group,
                Some(UnRegionalGroup::African | UnRegionalGroup::AsiaPacific | UnRegionalGroup::Grulac)
            )
    }
}

struct Table {
    countries: Vec<Country>,
    by_code: HashMap<&'static str, usize>,
}

const TSV: &str = include_str!("../data/countries.tsv");

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let countries: Vec<Country> = TSV.lines().skip(1).filter(|l| !l.is_empty()).map(parse_row).collect();
        let mut by_code = HashMap::new();
        for (i, c) in countries.iter().enumerate() {
            by_code.insert(c.iso3, i);
            by_code.insert(c.iso2, i);
        }
        Table { countries, by_code }
    })
}

/// Parses one row of the embedded table. The table is part of the build, so a
/// malformed row is a bug caught by the tests, not user input.
#[allow(
    clippy::expect_used,
    reason = "countries.tsv is baked into the binary by scripts/bake-countries.py and every row is read by this module's tests"
)]
fn parse_row(line: &'static str) -> Country {
    let f: Vec<&'static str> = line.split('\t').collect();
    assert_eq!(f.len(), 10, "countries.tsv row has {} fields: {line}", f.len());
    let flag = |s: &str| s == "1";
    Country {
        iso3: f[0],
        iso2: f[1],
        m49: f[2].parse().expect("countries.tsv: m49 is a number"),
        name: f[3],
        region: (!f[4].is_empty()).then(|| M49Region::parse(f[4]).expect("countries.tsv: known region")),
        sub_region: f[5],
        un_group: (!f[6].is_empty()).then(|| UnRegionalGroup::parse(f[6]).expect("countries.tsv: known group")),
        ldc: flag(f[7]),
        lldc: flag(f[8]),
        sids: flag(f[9]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_by_either_code() {
        let ken = Country::find("KEN").unwrap();
        assert_eq!(ken.iso2, "KE");
        assert_eq!(ken.un_group, Some(UnRegionalGroup::African));
        assert_eq!(ken.region, Some(M49Region::Africa));
        assert!(!ken.ldc);
        assert_eq!(Country::find("np").unwrap().iso3, "NPL");
        let nepal = Country::find("NPL").unwrap();
        assert!(nepal.ldc && nepal.lldc && !nepal.sids);
        assert!(Country::find("FJI").unwrap().sids);
        assert!(Country::find("XYZ").is_none());
        assert_eq!(Country::find("TUR").unwrap().un_group, Some(UnRegionalGroup::Weog));
        assert!(Country::find("BRA").unwrap().is_developing());
        assert!(!Country::find("DEU").unwrap().is_developing());
    }

    /// Splits one line of the shared CSVs (which quote names that hold commas).
    fn csv_fields(line: &str) -> Vec<String> {
        let mut fields = vec![String::new()];
        let mut quoted = false;
        for ch in line.chars() {
            match ch {
                '"' => quoted = !quoted,
                ',' if !quoted => fields.push(String::new()),
                _ => fields.last_mut().unwrap().push(ch),
            }
        }
        fields
    }

    #[test]
    fn country_table_matches_shared_data() {
        let Some(dir) = throughline_testkit::shared_data("") else {
            return;
        };
        let m49 = std::fs::read_to_string(dir.join("un_m49_countries.csv")).unwrap();
        let mut checked = 0;
        for line in m49.lines().skip(1) {
            let f = csv_fields(line);
            if f[1].is_empty() {
                continue;
            }
            let c = Country::find(&f[1]).unwrap_or_else(|| panic!("{} missing from the baked table", f[1]));
            assert_eq!(c.iso2, f[2], "{}", f[1]);
            assert_eq!(c.m49.to_string(), f[0].trim_start_matches('0'), "{}", f[1]);
            assert_eq!(c.region.map(|r| r.label()).unwrap_or(""), f[4], "{}", f[1]);
            assert_eq!(c.sub_region, f[5], "{}", f[1]);
            assert_eq!((c.ldc, c.lldc, c.sids), (f[7] == "1", f[8] == "1", f[9] == "1"), "{}", f[1]);
            checked += 1;
        }
        assert_eq!(checked, Country::all().len());
        let groups = std::fs::read_to_string(dir.join("un_regional_groups.csv")).unwrap();
        for line in groups.lines().skip(1) {
            let f = csv_fields(line);
            let group = UnRegionalGroup::parse(&f[0]).unwrap();
            let c = Country::find(&f[1]).unwrap();
            // Turkey belongs to two groups; the table keeps WEOG, where it counts for elections.
            if c.iso3 != "TUR" {
                assert_eq!(c.un_group, Some(group), "{}", f[1]);
            }
        }
        let ldc = std::fs::read_to_string(dir.join("un_ldc_countries.csv")).unwrap();
        let listed: Vec<String> = ldc.lines().skip(1).map(|l| csv_fields(l)[1].clone()).collect();
        let baked: Vec<&str> = Country::all().iter().filter(|c| c.ldc).map(|c| c.iso3).collect();
        assert_eq!(listed.len(), baked.len());
        for iso3 in listed {
            assert!(Country::find(&iso3).unwrap().ldc, "{iso3} should be an LDC");
        }
    }
}
