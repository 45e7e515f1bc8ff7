#!/usr/bin/env python3
"""Measure pyoxigraph against rdflib's own SPARQL engine on a synthetic actor graph.

The input to docs/decisions/0001-store-engine.md. The script builds a deterministic graph in
the shape of docs/model.md (organisations with labels, kinds and topics; persons; org:Membership
nodes with roles and start dates; ag:Cooperation nodes with partners, start dates and topics),
serialises it once as N-Triples and loads those same bytes into

  (a) a pyoxigraph in-memory `Store()` and
  (b) an rdflib in-memory `Graph()`,

timing the load. It then times five representative SPARQL queries on both engines, iterating
every result row, and prints Markdown tables (load, then queries: median milliseconds and the
ratio rdflib / pyoxigraph). Row counts of both engines are compared as a sanity check.

Each query runs 5 times and the median is reported. rdflib runs are made in a forked child so
that a runaway query can be stopped: after a run longer than --slow seconds no further runs of
that query are made (the median of the runs made is reported), and a run that has not finished
after --skip seconds is killed and the query is reported as skipped.

Timings are wall-clock on a shared machine; the header prints the core count and the load
average so that a reader can judge the noise. Linux only (uses fork).

    .venv/bin/python tools/measure_engines.py                  # 200000 triples
    .venv/bin/python tools/measure_engines.py --triples 50000

Exit codes: 0 measured, 1 the engines disagreed on a row count, 2 usage error.
"""

from __future__ import annotations

import argparse
import gc
import io
import multiprocessing
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from multiprocessing.connection import Connection

import pyoxigraph as ox
from rdflib import Graph

SEED = 20_260_001
BASE = "https://w3id.org/akteursgraph/mitte/example/"
AG = "https://w3id.org/akteursgraph/ontology#"
AGV = "https://w3id.org/akteursgraph/vocab/"
ORG = "http://www.w3.org/ns/org#"
FOAF = "http://xmlns.com/foaf/0.1/"
SCHEMA = "https://schema.org/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"

TOPICS = [
    "colonial-history", "anti-racism", "global-citizenship-education", "fair-trade",
    "climate-justice", "migration-development", "human-rights", "gender-equality", "health",
    "education", "youth", "culture-arts", "sustainable-cities", "renewable-energy",
    "food-sovereignty", "decent-work", "peace", "intercultural-opening", "media-journalism",
    "refugee-support", "remembrance-culture", "partnerships",
]  # fmt: skip
KINDS = [
    "migrant-organisation", "registered-association", "initiative", "public-administration",
    "political-body", "foundation", "educational-institution", "network",
    "religious-community", "cultural-institution", "non-profit-company",
]  # fmt: skip
ROLES = ["member", "chair", "board-member", "staff", "volunteer", "founder", "coordinator"]
# (German, English) parts of organisation names; "Netzwerk" is what query 1 looks for.
ORG_WORDS = [
    ("Verein", "Association"), ("Initiative", "Initiative"), ("Netzwerk", "Network"),
    ("Stiftung", "Foundation"), ("Forum", "Forum"), ("Werkstatt", "Workshop"),
    ("Bündnis", "Alliance"), ("Kollektiv", "Collective"),
]  # fmt: skip
ORG_THEMES = [
    ("Eine Welt", "One World"), ("Afrika", "Africa"), ("Fairer Handel", "Fair Trade"),
    ("Erinnerung", "Remembrance"), ("Klimagerechtigkeit", "Climate Justice"),
    ("Nachbarschaft", "Neighbourhood"), ("Bildung", "Education"), ("Migration", "Migration"),
]  # fmt: skip
DISTRICTS = ["Wedding", "Moabit", "Gesundbrunnen", "Tiergarten", "Mitte", "Hansaviertel"]

PREFIXES = f"""PREFIX ag: <{AG}>
PREFIX org: <{ORG}>
PREFIX foaf: <{FOAF}>
PREFIX schema: <{SCHEMA}>
PREFIX skos: <{SKOS}>
PREFIX dcterms: <{DCTERMS}>
"""


# ---- the synthetic graph --------------------------------------------------------------------


def _iri(value: str) -> str:
    return f"<{value}>"


def _lit(text: str, lang: str) -> str:
    return f'"{text}"@{lang}'


def _typed(text: str, datatype: str) -> str:
    return f'"{text}"^^<{XSD}{datatype}>'


def _date(rng: random.Random) -> str:
    """A start date at the precision the model allows: mostly days, some months or years."""
    year = rng.randint(1990, 2026)
    month = rng.randint(1, 12)
    roll = rng.random()
    if roll < 0.7:
        return _typed(f"{year:04d}-{month:02d}-{rng.randint(1, 28):02d}", "date")
    if roll < 0.9:
        return _typed(f"{year:04d}-{month:02d}", "gYearMonth")
    return _typed(f"{year:04d}", "gYear")


def organisation_iri(index: int) -> str:
    return f"{BASE}organisation/beispiel-organisation-{index}"


def build_ntriples(triples: int, seed: int = SEED) -> bytes:
    """Exactly `triples` distinct N-Triples lines, the same for the same arguments."""
    rng = random.Random(seed)
    lines: list[str] = []

    def add(s: str, p: str, o: str) -> None:
        lines.append(f"{s} {p} {o} .\n")

    a, label, subject = _iri(RDF_TYPE), _iri(f"{SKOS}prefLabel"), _iri(f"{DCTERMS}subject")
    start = _iri(f"{SCHEMA}startDate")
    topics = [_iri(f"{AGV}topic/{slug}") for slug in TOPICS]
    for slug, topic in zip(TOPICS, topics, strict=True):
        add(topic, a, _iri(f"{SKOS}Concept"))
        add(topic, _iri(f"{SKOS}inScheme"), _iri(f"{AGV}topics"))
        add(topic, label, _lit(slug.replace("-", " "), "en"))

    org_count = person_count = 0
    while len(lines) < triples:
        # One unit: an organisation, two persons, three memberships, one cooperation.
        o = org_count
        org = _iri(organisation_iri(o))
        word_de, word_en = rng.choice(ORG_WORDS)
        theme_de, theme_en = rng.choice(ORG_THEMES)
        district = rng.choice(DISTRICTS)
        add(org, a, _iri(f"{ORG}Organization"))
        add(org, label, _lit(f"{word_de} {theme_de} {district} {o} (Beispiel)", "de"))
        add(org, label, _lit(f"{theme_en} {word_en} {district} {o} (example)", "en"))
        add(org, _iri(f"{ORG}classification"), _iri(f"{AGV}organisation-kind/{rng.choice(KINDS)}"))
        for topic in rng.sample(topics, rng.randint(1, 3)):
            add(org, subject, topic)
        org_count += 1

        for _ in range(2):
            person = _iri(f"{BASE}person/beispielperson-{person_count}")
            add(person, a, _iri(f"{FOAF}Person"))
            add(person, label, _lit(f"Beispielperson {person_count}", "de"))
            person_count += 1

        for k in range(3):
            m = _iri(f"{BASE}membership/mitgliedschaft-{o}-{k}")
            add(m, a, _iri(f"{ORG}Membership"))
            add(
                m,
                _iri(f"{ORG}member"),
                _iri(f"{BASE}person/beispielperson-{rng.randrange(person_count)}"),
            )
            # Earlier organisations collect more members, so the top-10 count is not flat.
            add(m, _iri(f"{ORG}organization"), _iri(organisation_iri(rng.randrange(org_count))))
            add(m, _iri(f"{ORG}role"), _iri(f"{AGV}role/{rng.choice(ROLES)}"))
            add(m, start, _date(rng))

        c = _iri(f"{BASE}cooperation/kooperation-{o}")
        add(c, a, _iri(f"{AG}Cooperation"))
        add(c, label, _lit(f"Kooperation {theme_de} {o} (Beispiel)", "de"))
        partners = {o} | {rng.randrange(org_count) for _ in range(rng.choice((1, 1, 1, 2)))}
        if len(partners) < 2:
            partners.add((o + 1) % max(org_count, 2))
        for p in sorted(partners):
            add(c, _iri(f"{AG}partner"), _iri(organisation_iri(p)))
        add(c, start, _date(rng))
        add(c, subject, rng.choice(topics))

    return "".join(lines[:triples]).encode("utf-8")


# ---- the queries ----------------------------------------------------------------------------


def queries(org_count_hint: int) -> list[tuple[str, str]]:
    lookup = organisation_iri(org_count_hint // 2)
    return [
        (
            "1 label CONTAINS scan",
            """SELECT ?s ?label WHERE {
  ?s skos:prefLabel ?label .
  FILTER(CONTAINS(LCASE(STR(?label)), "netzwerk"))
}""",
        ),
        (
            "2 partners sharing a topic (2-hop join)",
            """SELECT DISTINCT ?a ?b WHERE {
  ?c a ag:Cooperation ; ag:partner ?a , ?b .
  FILTER(?a != ?b)
  ?a dcterms:subject ?topic .
  ?b dcterms:subject ?topic .
}""",
        ),
        (
            "3 cooperations per start year",
            """SELECT ?year (COUNT(?c) AS ?n) WHERE {
  ?c a ag:Cooperation ; schema:startDate ?start .
  BIND(SUBSTR(STR(?start), 1, 4) AS ?year)
} GROUP BY ?year ORDER BY ?year""",
        ),
        (
            # `lookup` is an IRI this script generated, not user text; it is inlined on
            # purpose so that both engines see the same query text.
            "4 one entity's statements by IRI",
            f"""SELECT ?s ?p ?o WHERE {{  # sparql-from: the generated lookup IRI, not user text
  {{ BIND(<{lookup}> AS ?s) <{lookup}> ?p ?o }}
  UNION
  {{ BIND(<{lookup}> AS ?o) ?s ?p <{lookup}> }}
}}""",
        ),
        (
            "5 top 10 organisations by members",
            """SELECT ?org (COUNT(?m) AS ?members) WHERE {
  ?m a org:Membership ; org:organization ?org .
} GROUP BY ?org ORDER BY DESC(?members) LIMIT 10""",
        ),
    ]


# ---- timing ---------------------------------------------------------------------------------


@dataclass
class Timing:
    runs_ms: list[float] = field(default_factory=list)
    rows: int | None = None
    note: str = ""

    @property
    def median_ms(self) -> float | None:
        return statistics.median(self.runs_ms) if self.runs_ms else None


def _timed(action: Callable[[], int]) -> tuple[float, int]:
    gc.collect()
    t0 = time.perf_counter()
    rows = action()
    return (time.perf_counter() - t0) * 1000.0, rows


def time_pyoxigraph(store: ox.Store, sparql: str, runs: int) -> Timing:
    timing = Timing()
    for _ in range(runs):
        ms, rows = _timed(lambda: sum(1 for _ in store.query(sparql)))
        timing.runs_ms.append(ms)
        timing.rows = rows
    return timing


def _rdflib_child(graph: Graph, sparql: str, runs: int, slow_s: float, conn: Connection) -> None:
    for _ in range(runs):
        ms, rows = _timed(lambda: sum(1 for _ in graph.query(sparql)))
        conn.send((ms, rows))
        if ms > slow_s * 1000.0:
            break
    conn.send(None)
    conn.close()


def time_rdflib(graph: Graph, sparql: str, runs: int, slow_s: float, skip_s: float) -> Timing:
    """Run the query in a forked child (sharing the loaded graph) so a long run can be killed."""
    timing = Timing()
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_rdflib_child, args=(graph, sparql, runs, slow_s, child))
    proc.start()
    child.close()
    try:
        while True:
            if not parent.poll(skip_s):
                timing.note = f"skipped: a run took > {skip_s:g} s"
                break
            message = parent.recv()
            if message is None:
                break
            ms, rows = message
            timing.runs_ms.append(ms)
            timing.rows = rows
    except EOFError:
        timing.note = "child process died"
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
    if not timing.note and len(timing.runs_ms) < runs:
        timing.note = f"{len(timing.runs_ms)} run(s) only: a run took > {slow_s:g} s"
    return timing


# ---- report ---------------------------------------------------------------------------------


def _ms(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def _ratio(fast: float | None, slow: float | None) -> str:
    if fast is None or slow is None or fast <= 0:
        return "n/a"
    ratio = slow / fast
    return f"{ratio:,.1f}×" if ratio < 100 else f"{ratio:,.0f}×"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine_facts() -> str:
    load1, load5, _ = os.getloadavg()
    return (
        f"- machine: {platform.system()} {platform.machine()}, {os.cpu_count()} cores "
        f"(shared with other work), load average at start {load1:.2f} / {load5:.2f} (1/5 min)\n"
        f"- Python {platform.python_version()}; pyoxigraph {_version('pyoxigraph')}, "
        f"rdflib {_version('rdflib')}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=200_000, help="graph size (200000)")
    parser.add_argument("--runs", type=int, default=5, help="runs per query (5)")
    parser.add_argument(
        "--slow", type=float, default=20.0, help="rdflib: no more runs after a run > SLOW s (20)"
    )
    parser.add_argument(
        "--skip", type=float, default=60.0, help="rdflib: kill a run after SKIP s (60)"
    )
    args = parser.parse_args(argv)
    if args.triples < 1000 or args.runs < 1:
        parser.error("--triples must be at least 1000 and --runs at least 1")

    started = time.perf_counter()
    facts = machine_facts()
    data = build_ntriples(args.triples)
    org_count = data.count(b"> <" + RDF_TYPE.encode() + b"> <" + ORG.encode() + b"Organization>")

    store = ox.Store()
    load_ox, _ = _timed(lambda: store.load(input=data, format=ox.RdfFormat.N_TRIPLES) or 0)
    graph = Graph()
    load_rdf, _ = _timed(lambda: len(graph.parse(io.BytesIO(data), format="nt")))
    if len(store) != args.triples or len(graph) != args.triples:
        print(f"loaded {len(store)} (pyoxigraph) and {len(graph)} (rdflib) triples, "
              f"expected {args.triples}", file=sys.stderr)  # fmt: skip
        return 1

    results: list[tuple[str, Timing, Timing]] = []
    for name, body in queries(org_count):
        sparql = PREFIXES + body
        t_ox = time_pyoxigraph(store, sparql, args.runs)
        t_rdf = time_rdflib(graph, sparql, args.runs, args.slow, args.skip)
        results.append((name, t_ox, t_rdf))

    print(f"## {args.triples:,} triples ({org_count:,} organisations), seed {SEED}\n")
    print(facts)
    print(f"- median of {args.runs} runs per query, all result rows iterated; query text parsed "
          "on every run (as an endpoint would)\n")  # fmt: skip
    print("| load (N-Triples, in memory) | pyoxigraph ms | rdflib ms | ratio |")
    print("|---|---:|---:|---:|")
    print(f"| {len(data) / 1e6:.1f} MB | {_ms(load_ox)} | {_ms(load_rdf)} | "
          f"{_ratio(load_ox, load_rdf)} |\n")  # fmt: skip
    print("| query | rows | pyoxigraph ms | rdflib ms | ratio |")
    print("|---|---:|---:|---:|---:|")
    mismatch = False
    notes: list[str] = []
    for name, t_ox, t_rdf in results:
        rows = f"{t_ox.rows:,}"
        if t_rdf.rows is not None and t_rdf.rows != t_ox.rows:
            rows = f"{t_ox.rows:,} / {t_rdf.rows:,} (!)"
            mismatch = True
        mark = " ¹" if t_rdf.note else ""
        print(f"| {name} | {rows} | {_ms(t_ox.median_ms)} | {_ms(t_rdf.median_ms)}{mark} | "
              f"{_ratio(t_ox.median_ms, t_rdf.median_ms)} |")  # fmt: skip
        if t_rdf.note:
            notes.append(f"{name}: {t_rdf.note}")
    if notes:
        print("\n¹ rdflib:")
        for note in notes:
            print(f"- {note}")
    print(f"\ntotal wall time of the measurement: {time.perf_counter() - started:.0f} s")
    if mismatch:
        print("\nthe engines returned different row counts (marked (!))", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
