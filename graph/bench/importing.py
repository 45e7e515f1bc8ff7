"""Import: issue 15's figure, a dry run of a 50,000-row XLSX in at most 30 s on 2 cores.

The list is made here, deterministic, in the shape of the office's organisation lists
(the shipped mapping `graph/data/mappings/organisationen.toml`): a title row above the header,
a tenth of the rows naming organisations of the district in other spellings (without "e.V.",
umlauts written out, another word order; some with a new founding year, so they change),
the rest new organisations; founding dates as Excel serials, years and "03/2019"; kinds,
topics, languages and districts as lists write them. The run is `akteursgraph import
--dry-run --report FILE.json` as a process, as an office would call it. Checked before it
counts: the report has a row per data row, none invalid, and exactly the expected numbers
of new, changed and unchanged rows.
"""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

import pyoxigraph as ox

from akteursgraph.namespaces import AGV, ORG, RDF_TYPE, SCHEMA, SKOS
from akteursgraph.resources import example_files
from akteursgraph.store import Store

from .district import AREA_WORDS
from .server import cli
from .stats import log

ROWS = 50_000
TARGET_S = 30.0
SEED = 15
MAPPING = Path(example_files()[0]).parent / "mappings" / "organisationen.toml"
HEADER = ["Name", "Art", "Gründung", "Bezirk", "Themen", "Sprachen", "Website"]
_SPELLINGS = ("e.V.", "", "eV")


def existing_organisations(store: Store, limit: int) -> list[tuple[str, str]]:
    """(IRI, German label) of organisations of the district that have an "Ortsteil" district
    (those the generator made), in IRI order."""
    found = []
    for q in store.quads(None, ox.NamedNode(RDF_TYPE), ox.NamedNode(ORG + "Organization")):
        labels = [
            label.object.value
            for label in store.quads(q.subject, ox.NamedNode(SKOS + "prefLabel"))
            if isinstance(label.object, ox.Literal) and label.object.language == "de"
        ]
        if labels and isinstance(q.subject, ox.NamedNode) and "/bench/" in q.subject.value:
            found.append((q.subject.value, labels[0]))
    found.sort()
    return found[:limit]


def topic_labels(store: Store) -> list[str]:
    """The German labels of the topics, as a list names them."""
    topics = ox.NamedNode(AGV + "topics")
    found = set()
    for q in store.quads(None, ox.NamedNode(SKOS + "inScheme"), topics):
        for label in store.quads(q.subject, ox.NamedNode(SKOS + "prefLabel")):
            if isinstance(label.object, ox.Literal) and label.object.language == "de":
                found.add(label.object.value)
    return sorted(found)


def area_labels(store: Store) -> list[str]:
    """The labels "Ortsteil <word> 1" of the generator's area words the district has (a small
    district has fewer localities than there are words; an area the list names must exist,
    or its rows are invalid)."""
    areas = ox.NamedNode(SCHEMA + "AdministrativeArea")
    found = set()
    for q in store.quads(None, ox.NamedNode(RDF_TYPE), areas):
        for label in store.quads(q.subject, ox.NamedNode(SKOS + "prefLabel")):
            if isinstance(label.object, ox.Literal) and label.object.language == "de":
                found.add(label.object.value)
    return [a for a in (f"Ortsteil {w} 1" for w in AREA_WORDS) if a in found]


def write_list(
    path: Path,
    existing: list[tuple[str, str]],
    topics: list[str],
    rows: int = ROWS,
    areas: list[str] | None = None,
) -> dict[str, int]:
    """The XLSX list (see the module docstring) and how many rows are new, name an existing
    organisation and should change it, or should leave it unchanged (None: not known, the
    values of the existing ones are not compared here). `areas`: the localities rows name
    (default: every area word's first, as a district of scale 1 and more has them)."""
    import xlsxwriter

    rng = random.Random(SEED)
    if areas is None:
        areas = [f"Ortsteil {w} 1" for w in AREA_WORDS]
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet("Organisationen")
    sheet.write_row(0, 0, ["Bestandsaufnahme (Messliste)"])
    sheet.write_row(1, 0, HEADER)
    counts = {"rows": rows, "existing": 0, "created": 0}
    for i in range(rows):
        if i % 10 == 0 and counts["existing"] < len(existing):
            _, label = existing[counts["existing"]]
            counts["existing"] += 1
            name = label if i % 20 else f"{label} {rng.choice(_SPELLINGS)}".strip()
            sheet.write_row(i + 2, 0, [name, "e.V."])
            continue
        counts["created"] += 1
        name = f"Importverein {rng.choice(topics)} {rng.choice(AREA_WORDS)} {i} e.V."
        founded: object = rng.randint(1950, 2024)
        if i % 3 == 1:
            founded = rng.randint(20_000, 45_000)  # an Excel serial (1954-2023)
        elif i % 3 == 2:
            founded = f"{rng.randint(1, 12):02d}/{rng.randint(1990, 2024)}"
        sheet.write_row(
            i + 2,
            0,
            [
                name,
                rng.choice(("e.V.", "Initiative", "e.V., MO", "Netzwerk")),
                founded,
                rng.choice(areas),
                ", ".join(rng.sample(topics, rng.randint(1, 3))),
                rng.choice(("Deutsch", "Deutsch, Englisch", "dt., franz.", "Arabisch; Deutsch")),
                f"www.example.org/import/{i}" if i % 2 else "",
            ],
        )
    workbook.close()
    return counts


def measure(store_path: Path, work: Path, rows: int = ROWS) -> dict:
    """Write the list, then one dry run as a process; the seconds and the check. `rows` is
    smaller only in the workload's own test (tests/test_bench_importing.py)."""
    with Store.open(store_path, read_only=True) as store:
        existing = existing_organisations(store, rows // 10)
        topics = topic_labels(store)
        areas = area_labels(store)
    listed = work / "organisationen.xlsx"
    counts = write_list(listed, existing, topics, rows, areas)
    report = work / "import-report.json"
    log(f"import dry run of {rows:,} rows ({counts['existing']:,} naming existing ones)")
    started = time.perf_counter()
    code, _, err = cli(
        "--store", str(store_path), "import", str(listed), "--mapping", str(MAPPING),
        "--dry-run", "--report", str(report),
    )  # fmt: skip
    seconds = time.perf_counter() - started
    return {
        "rows": rows,
        "existing": counts["existing"],
        "seconds": round(seconds, 2),
        "target_s": TARGET_S,
        "wrong": check(code, err, report, counts),
    }


def check(code: int, err: str, report: Path, counts: dict[str, int]) -> list[str]:
    """What is wrong with a dry run: its exit code, else its report's numbers against the
    list's (a row per data row, the expected new and known rows, none invalid)."""
    if code != 0:
        return [f"exit {code}: {err[-300:]}"]
    wrong = []
    document = json.loads(report.read_text(encoding="utf-8"))
    if len(document["rows"]) != counts["rows"]:
        wrong.append(f"{len(document['rows'])} report rows != {counts['rows']} data rows")
    got = document["counts"]
    if got["created"] != counts["created"]:
        wrong.append(f"created {got['created']} != {counts['created']}")
    if got["changed"] + got["unchanged"] != counts["existing"]:
        wrong.append(f"changed+unchanged {got['changed'] + got['unchanged']} != "
                     f"{counts['existing']}")  # fmt: skip
    if got["invalid"]:
        wrong.append(f"{got['invalid']} invalid rows")
    return wrong


def lines(res: dict) -> list[str]:
    """The import section of docs/benchmarks.md."""
    met = "met" if res["seconds"] <= res["target_s"] and not res["wrong"] else "**missed**"
    return [
        "### Import of a spreadsheet (issue 15)",
        "",
        f"- `akteursgraph import --dry-run` of an XLSX list of {res['rows']:,} rows "
        f"({res['existing']:,} naming organisations of the district in other spellings): "
        f"{res['seconds']:.1f} s (target <= {res['target_s']:.0f} s: {met})",
        f"- Checked (a report row per data row, the expected new and known rows, none "
        f"invalid): {len(res['wrong'])} wrong" + (f": {res['wrong'][:3]}" if res["wrong"] else ""),
        "",
    ]
