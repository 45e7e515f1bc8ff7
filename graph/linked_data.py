"""The machine-readable twin of every entity page: its public description as RDF.

The description is the entity's statements in the public graphs plus the blank nodes they
lead to (its Concise Bounded Description), so an address or a consent record comes along.
"""

from __future__ import annotations

import pyoxigraph as ox

from .namespaces import PREFIXES
from .store import Store

RDF_TYPES: dict[str, tuple[str, ox.RdfFormat]] = {
    "ttl": ("text/turtle", ox.RdfFormat.TURTLE),
    "nt": ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    "jsonld": ("application/ld+json", ox.RdfFormat.JSON_LD),
    "rdf": ("application/rdf+xml", ox.RdfFormat.RDF_XML),
}


def public_description(store: Store, iri: str) -> list[ox.Triple]:
    public = {ox.NamedNode(g) for g in store.public_graphs()}
    seen: set[object] = set()
    triples: list[ox.Triple] = []
    known: set[ox.Triple] = set()
    pending: list[ox.NamedNode | ox.BlankNode] = [ox.NamedNode(iri)]
    while pending:
        node = pending.pop()
        if node in seen:
            continue
        seen.add(node)
        for q in store.quads(node):
            if q.graph_name not in public:
                continue
            if q.triple not in known:
                known.add(q.triple)
                triples.append(q.triple)
            if isinstance(q.object, ox.BlankNode):
                pending.append(q.object)
    return triples


def serialize(triples: list[ox.Triple], fmt: str) -> tuple[bytes, str]:
    media, rdf_format = RDF_TYPES[fmt]
    prefixes = PREFIXES if rdf_format == ox.RdfFormat.TURTLE else None
    return ox.serialize(triples, format=rdf_format, prefixes=prefixes) or b"", media
