"""Preview: what the small card OpenRefine shows beside a candidate says.

https://reconciliation-api.github.io/specs/0.2/#preview-service

The card is the entity's public page in brief (`explore.entity`, public graphs only): its
label, kinds, other names, description and up to `FACTS` of its statements; the web layer
renders it as self-contained HTML. An entity that is not public has no card (404), as it
has no page.
"""

from __future__ import annotations

from typing import Any

from ..explore import entity
from ..namespaces import expand
from ..store import Store

FACTS = 6
#: Statements the card leaves out: what it shows otherwise, or what says nothing to a reader.
_LEFT_OUT = (
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2004/02/skos/core#altLabel",
    "http://purl.org/dc/terms/description",
    "http://purl.org/dc/terms/source",
)


def preview(store: Store, ident: str, lang: str) -> dict[str, Any] | None:
    """The card's content, or None when no public graph describes the entity."""
    found = entity(store, expand(ident), lang)
    if found is None:
        return None
    facts = [
        {"property": s["predicate_label"], "value": s.get("value_label") or s["value"]}
        for s in found["statements"]
        if s["predicate"] not in _LEFT_OUT and s["lang"] in (None, lang)
    ]
    return {
        "iri": found["iri"],
        "label": found["label"],
        "types": [t["label"] for t in found["types"]],
        "alt_labels": found["alt_labels"][:5],
        "description": found["description"],
        "facts": facts[:FACTS],
    }
