#!/usr/bin/env python3
"""Bake the country facts Throughline needs into crates/core/data/countries.tsv.

Reads the UN M49 list and the UN regional-group membership list from
../shared/data (beside the project root) and writes one row per country:
iso3, iso2, m49, name, M49 region, M49 sub-region, UN regional group, and the
LDC / LLDC / SIDS flags. Run it again when the reference lists change; the
test `country_table_matches_shared_data` in crates/core checks the baked table
against the lists whenever ../shared is present.
"""
import csv
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
OUT = ROOT / "crates" / "core" / "data" / "countries.tsv"

GROUPS = {
    "African Group": "african",
    "Asia-Pacific Group": "asia_pacific",
    "Eastern European Group": "eastern_european",
    "Latin American and Caribbean Group (GRULAC)": "grulac",
    "Western European and Others Group (WEOG)": "weog",
}


def main() -> int:
    if not SHARED.is_dir():
        print(f"{SHARED} not found: nothing to bake", file=sys.stderr)
        return 1
    groups: dict[str, str] = {}
    with open(SHARED / "un_regional_groups.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            group = GROUPS[row["un_regional_group"]]
            # Turkey sits in both Asia-Pacific and WEOG; for elections it counts in WEOG.
            if row["iso3"] in groups and group != "weog":
                continue
            groups[row["iso3"]] = group
    rows = []
    with open(SHARED / "un_m49_countries.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if not row["iso3"]:
                continue
            rows.append([
                row["iso3"], row["iso2"], row["m49"], row["name"].replace("\t", " "),
                row["region"], row["sub_region"], groups.get(row["iso3"], ""),
                row["ldc"] or "0", row["lldc"] or "0", row["sids"] or "0",
            ])
    rows.sort()
    with open(OUT, "w", encoding="utf-8") as out:
        out.write("iso3\tiso2\tm49\tname\tregion\tsub_region\tun_group\tldc\tlldc\tsids\n")
        for r in rows:
            out.write("\t".join(r) + "\n")
    print(f"wrote {len(rows)} countries to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
