"""Change sets in words (a short German and English sentence per statement) and as RDF.

Staff read an entity's history to see who changed what and why; the sentences name terms
by their prefixed names (`skos:prefLabel`) and our own IRIs relative to the base, so a line
stays readable, while the N-Quads beside them are exact.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from ..namespaces import XSD, curie
from .model import ChangeSet, parse_nquads

_LONG = 80


def term_text(term: object, base_iri: str) -> str:
    if isinstance(term, ox.NamedNode):
        if term.value.startswith(base_iri):
            return f"<{term.value[len(base_iri):]}>"
        return curie(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value[:8]}"
    if isinstance(term, ox.Literal):
        value = term.value if len(term.value) <= _LONG else term.value[: _LONG - 1] + "…"
        text = '"' + value.replace("\n", " ") + '"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype.value != XSD + "string":
            return f"{text}^^{curie(term.datatype.value)}"
        return text
    return str(term)


def graph_text(graph: object, base_iri: str) -> str:
    if isinstance(graph, ox.NamedNode) and graph.value.startswith(base_iri + "graph/"):
        return graph.value[len(base_iri) + len("graph/") :]
    return "default" if isinstance(graph, ox.DefaultGraph) else str(graph)


def sentence(quad: ox.Quad, base_iri: str, *, added: bool) -> dict[str, str]:
    """One statement added or removed, as a German and an English sentence."""
    s = term_text(quad.subject, base_iri)
    p = term_text(quad.predicate, base_iri)
    o = term_text(quad.object, base_iri)
    g = graph_text(quad.graph_name, base_iri)
    if added:
        return {"de": f"{s} erhielt {p} {o} (Graph {g}).", "en": f"{s} got {p} {o} (graph {g})."}
    return {"de": f"{s} verlor {p} {o} (Graph {g}).", "en": f"{s} lost {p} {o} (graph {g})."}


def entry(
    record: ChangeSet, base: str | None, added: bytes, removed: bytes, base_iri: str
) -> dict[str, Any]:
    """One change set as JSON-ready data: its record, its statements in words and as RDF."""
    data = record.summary()
    data["based_on"] = base
    data["added_words"] = [sentence(q, base_iri, added=True) for q in parse_nquads(added)]
    data["removed_words"] = [sentence(q, base_iri, added=False) for q in parse_nquads(removed)]
    data["added_nquads"] = added.decode("utf-8")
    data["removed_nquads"] = removed.decode("utf-8")
    return data


def render(entries: list[dict[str, Any]], *, rdf: bool = True) -> str:
    """Entries as text for people: one block per change set, oldest first."""
    blocks = []
    for e in entries:
        lines = [
            f"{e['id']}  {e['status']}  {e['time']}  von/by {e['author']}  [{e['origin']}]"
        ]
        if e.get("comment"):
            lines.append(f"  Kommentar / comment: {e['comment']}")
        if e.get("reverts"):
            lines.append(f"  macht rückgängig / reverts: {e['reverts']}")
        if e.get("reviewer"):
            verb = "abgelehnt / rejected" if e["status"] == "rejected" else "geprüft / reviewed"
            note = f": {e['review_comment']}" if e.get("review_comment") else ""
            lines.append(f"  {verb}: {e['reviewer']} ({e['reviewed']}){note}")
        if e.get("status") == "superseded":
            lines.append(f"  {e.get('review_comment') or 'ersetzt / replaced'}")
        if "based_on" in e:
            lines.append(f"  Grundlage / based on: {e['based_on'] or '-'}")
        for key, mark in (("added_words", "+"), ("removed_words", "-")):
            for words in e.get(key, []):
                lines.append(f"  {mark} {words['de']}")
                lines.append(f"    {words['en']}")
        if rdf:
            for key, mark in (("added_nquads", "+"), ("removed_nquads", "-")):
                for line in e.get(key, "").splitlines():
                    lines.append(f"  {mark} {line}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
