#!/usr/bin/env python3
"""Bake the Internet-policy reference lists into crates/core/data/.

- issues.tsv: the GIP Digital Watch taxonomy, one row per issue: its code
  (the issue's name folded as Throughline folds codes: lowercase words joined
  by underscores), its name, and its basket's code and name.
- mechanism_catalogue.tsv: the known cooperation mechanisms a session can
  name from a list instead of typing them: the WSIS action lines, the
  processes Digital Watch tracks, and the IGF's policy networks named in the
  session-types list. Each row: id, name, type, scope, issue codes (comma
  separated), and where the entry comes from.

Reads ../shared/data (beside the project root). The type, scope and issues
of each catalogue entry are this script's reading of the entry, written in
KNOWN below; the names come from the reference files. Run it again when the
lists change; crates/core's tests check the baked files against the lists
whenever ../shared is present.
"""
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
OUT = ROOT / "crates" / "core" / "data"


def code(name: str) -> str:
    """Lowercase alphanumeric runs joined by underscores (core::enums::normalise)."""
    return "_".join(re.findall(r"[^\W_]+", name.lower()))


def slug(name: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", name.lower()))


# WSIS action line code -> (type, Digital Watch issue names).
WSIS = {
    "C1": ["Sustainable development"],
    "C2": ["Telecoms infrastructure", "Access"],
    "C3": ["Access", "Content policy"],
    "C4": ["Capacity development"],
    "C5": ["Network security", "Cybercrime"],
    "C6": ["Data governance", "Consumer protection"],
    "C7": ["E-commerce and trade", "Online education"],
    "C8": ["Cultural diversity", "Multilingualism"],
    "C9": ["Freedom of the press", "Freedom of expression"],
    "C10": ["Human rights principles"],
    "C11": ["Sustainable development"],
}

# Processes Digital Watch tracks -> (type, issue names).
PROCESSES = {
    "UN GGE and OEWG": ("intergovernmental", ["Cyberconflict and warfare", "Network security"]),
    "Geneva Dialogue on Responsible Behaviour in Cyberspace": ("dialogue_process", ["Network security"]),
    "Roadmap for Digital Cooperation": ("dialogue_process", ["Sustainable development", "Access"]),
    "UN High-Level Panel on Digital Cooperation": ("dialogue_process", ["Sustainable development"]),
    "GGE on LAWS": ("intergovernmental", ["Cyberconflict and warfare", "Artificial intelligence"]),
    "The Internet Governance Forum": ("multistakeholder_network", []),
}

# Policy networks the session-types list names by acronym -> (name, issue names).
POLICY_NETWORKS = {
    "PNIF": ("IGF Policy Network on Internet Fragmentation", ["Critical Internet resources", "Digital standards"]),
    "PNMA": ("IGF Policy Network on Meaningful Access", ["Access", "Capacity development"]),
    "PNAI": ("IGF Policy Network on Artificial Intelligence", ["Artificial intelligence"]),
}


def main() -> int:
    if not SHARED.is_dir():
        print(f"{SHARED} not found: nothing to bake", file=sys.stderr)
        return 1
    taxonomy = json.loads((SHARED / "gip_digital_watch_taxonomy.json").read_text(encoding="utf-8"))
    issues = {}
    rows = []
    for basket, names in taxonomy["baskets"].items():
        for name in names:
            issues[name] = code(name)
            rows.append([code(name), name, code(basket), basket])
    with open(OUT / "issues.tsv", "w", encoding="utf-8") as out:
        out.write("code\tname\tbasket_code\tbasket\n")
        for r in rows:
            out.write("\t".join(r) + "\n")

    def issue_codes(names):
        return ",".join(issues[n] for n in names)

    catalogue = []
    wsis = json.loads((SHARED / "wsis_action_lines.json").read_text(encoding="utf-8"))
    for line in wsis["action_lines"]:
        catalogue.append([
            f"wsis-{line['code'].lower()}", f"WSIS Action Line {line['code']}: {line['name']}",
            "dialogue_process", "global", issue_codes(WSIS[line["code"]]), "wsis_action_lines.json",
        ])
    for name in taxonomy["processes_tracked_in_same_snapshot"]:
        kind, names = PROCESSES[name]
        catalogue.append([slug(name), name, kind, "global", issue_codes(names), "gip_digital_watch_taxonomy.json"])
    session_types = json.loads((SHARED / "igf_session_types_and_formats.json").read_text(encoding="utf-8"))
    notes = " ".join(t.get("note", "") for t in session_types["session_types"])
    for acronym, (name, names) in POLICY_NETWORKS.items():
        if acronym not in notes:
            print(f"{acronym} is no longer named in igf_session_types_and_formats.json", file=sys.stderr)
            return 1
        catalogue.append([
            slug(name), name, "policy_network", "global", issue_codes(names), "igf_session_types_and_formats.json",
        ])
    with open(OUT / "mechanism_catalogue.tsv", "w", encoding="utf-8") as out:
        out.write("id\tname\ttype\tscope\tissues\tsource\n")
        for r in catalogue:
            out.write("\t".join(r) + "\n")
    print(f"wrote {len(rows)} issues and {len(catalogue)} catalogue mechanisms to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
