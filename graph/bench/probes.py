"""The small changes the publication benchmark sends (graph/bench/publication.py): new public
organisations and label changes of existing ones, each with a word nothing else has."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from akteursgraph.store import Store

from .district import BASE, BENCH, PUBLIC_GRAPH

#: The explorer's lists (each a facet index in the server once asked for).
LIST_KINDS = ("organisations", "people", "projects", "events", "cooperations", "sites")
SKOS_LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
_KIND = "https://w3id.org/akteursgraph/vocab/organisation-kind/initiative"


# ---- the changes ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Probe:
    """One small change and what shows it: the German label that must appear, the unique
    word search finds it by, the entity page's path."""

    kind: str  # "new" or "relabel"
    iri: str
    label: str
    word: str
    update: str

    @property
    def page(self) -> str:
        return "/" + self.iri.removeprefix(BASE)  # entity IRIs dereference


def unique_word(tag: str, route: str, i: int) -> str:
    """Letters and digits only: one word for the search index, found nowhere else."""
    return f"probe{tag}{route[0]}{i:02d}"


def term(term: ox.NamedNode | ox.Literal) -> str:
    return str(term)  # N-Triples form: the IRI is checked, the literal escaped


def new_organisation(word: str) -> Probe:
    """A new public organisation as an editor would add it (valid against the shapes)."""
    iri = f"{BENCH}organisation/{word}"
    label = f"Veröffentlichungsprobe {word}"
    s = term(ox.NamedNode(iri))
    # Terms built by pyoxigraph (IRIs checked, literals escaped), never raw text.
    update = (
        f"INSERT DATA {{ GRAPH {term(ox.NamedNode(PUBLIC_GRAPH))} {{\n"  # sparql-from: terms
        f"  {s} a org:Organization ;\n"
        f"    skos:prefLabel {term(ox.Literal(label, language='de'))}, "
        f"{term(ox.Literal(f'Publication probe {word}', language='en'))} ;\n"
        f"    org:classification {term(ox.NamedNode(_KIND))} .\n}} }}"
    )
    return Probe("new", iri, label, word, update)


def relabel(iri: str, graph: str, old: str, word: str, label: str | None = None) -> Probe:
    """The German label of an existing organisation replaced by one with the unique word
    (or by `label`: the old one again, after a benchmark)."""
    label = label or f"Umbenannt {word}"
    s, g = term(ox.NamedNode(iri)), term(ox.NamedNode(graph))
    # Terms built by pyoxigraph (IRIs checked, literals escaped), never raw text.
    update = (
        f"DELETE DATA {{ GRAPH {g} {{ {s} skos:prefLabel "  # sparql-from: terms
        f"{term(ox.Literal(old, language='de'))} }} }} ;\n"
        f"INSERT DATA {{ GRAPH {g} {{ {s} skos:prefLabel "  # sparql-from: terms
        f"{term(ox.Literal(label, language='de'))} }} }}"
    )
    return Probe("relabel", iri, label, word, update)


def plan(tag: str, route: str, targets: Sequence[tuple[str, str, str]], n: int) -> list[Probe]:
    """`n` changes, alternately a new organisation and a label change of one of `targets`
    ((IRI, graph, German label) each, used once)."""
    probes = []
    for i in range(n):
        word = unique_word(tag, route, i)
        if i % 2 == 0:
            probes.append(new_organisation(word))
        else:
            iri, graph, old = targets[i // 2]
            probes.append(relabel(iri, graph, old, word))
    return probes


def organisations(store: Store, n: int) -> list[tuple[str, str, str]]:
    """`n` organisations of the district with their graph and German label, spread over it
    (not the ones other workloads wrote)."""
    found = [
        (r["o"].value, r["g"].value, r["l"].value)
        for r in store.select(
            "SELECT ?o ?g ?l ?prefix WHERE { "
            "GRAPH ?g { ?o a org:Organization ; skos:prefLabel ?l } "
            "FILTER(STRSTARTS(STR(?o), ?prefix) && LANG(?l) = 'de' "
            "&& !CONTAINS(STR(?o), 'bench-write')) } ORDER BY ?o LIMIT 1000",
            bindings={"prefix": ox.Literal(BENCH + "organisation/")},
        )
    ]
    if len(found) < n:
        raise RuntimeError(f"the district has {len(found)} organisations, {n} needed")
    step = len(found) // n
    return [found[k * step] for k in range(n)]


_ENTITIES = """SELECT ?e ?l WHERE {
  ?e a ?t ; skos:prefLabel ?l .
  FILTER(LANG(?l) = "de" && ?t IN (org:Organization, foaf:Person, schema:Project, schema:Event))
} ORDER BY ?e"""


def sample_entities(store: Store, n: int, rng: random.Random) -> list[tuple[str, str]]:
    """(page path, German label) of `n` random public entities under the district's base."""
    found: dict[str, str] = {}
    for r in store.select(_ENTITIES, public_only=True, max_rows=Store.SCAN_ROWS):
        iri = r["e"].value
        if iri.startswith(BASE) and iri not in found:
            found[iri] = r["l"].value
    picked = rng.sample(sorted(found), min(n, len(found)))
    return [("/" + iri.removeprefix(BASE), found[iri]) for iri in picked]
