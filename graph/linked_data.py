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
    """The entity's public statements (with its blank nodes), each triple once."""
    return list(
        dict.fromkeys(q.triple for q in store.description(ox.NamedNode(iri), public_only=True))
    )


def serialize(triples: list[ox.Triple], fmt: str) -> tuple[bytes, str]:
    media, rdf_format = RDF_TYPES[fmt]
    prefixes = PREFIXES if rdf_format == ox.RdfFormat.TURTLE else None
    return ox.serialize(triples, format=rdf_format, prefixes=prefixes) or b"", media
