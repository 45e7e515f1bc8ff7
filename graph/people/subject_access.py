"""Everything stored about a person, for the person (GDPR Art. 15): `person-export`.

What the store holds about them in every graph, public and internal (their own statements,
their blank nodes, what exists only for them: memberships, speaker profile; and the
statements of others that point at them), their consent records, the history's entries about
each of these, and who read their internal data (`access`). As JSON (everything) and as TriG
(the statements, by graph). The export reads internal data, so it is itself logged first.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..changes.model import utc_now
from ..changes.reading import entity_history
from ..errors import UsageError
from ..export import write_items
from ..namespaces import AG
from ..store import Store
from .access import accesses_of, log_access
from .erasure import erasure_quads, is_stored_person

_CONSENT_PREDICATES = (AG + "publicationConsent", AG + "consentDate")


def person_export(
    store_path: Path, iri: str, *, who: str | None = None, why: str = ""
) -> dict[str, Any]:
    """Everything stored about the person `iri`, as JSON-ready data (with `trig` text).

    Reads the store files read-only, so it works beside a running server.
    """
    person = ox.NamedNode(iri)
    with Store.open(store_path, read_only=True) as store:
        if not is_stored_person(store, person):
            raise UsageError(
                f"Über {iri} ist keine Person gespeichert.",
                f"No person {iri} is stored.",
                where=iri,
            )
        log_access(store_path, iri=iri, what="person-export", who=who, why=why)
        quads, owned = erasure_quads(store, person)
        public = {q: store.is_public_graph(q.graph_name) for q in quads}
    statements = [
        {
            "graph": q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else None,
            "visibility": "public" if public[q] else "internal",
            "subject": str(q.subject),
            "predicate": q.predicate.value,
            "object": str(q.object),
        }
        for q in quads
    ]
    consent = [s for s in statements if s["predicate"] in _CONSENT_PREDICATES]
    history = {i: entity_history(store_path, i) for i in [iri, *owned]}
    return {
        "person": iri,
        "made": utc_now(),
        "statements": statements,
        "consent": consent,
        "owned": owned,
        "history": history,
        "accesses": accesses_of(store_path, iri),
        "trig": trig(quads),
    }


def trig(quads: list[ox.Quad]) -> str:
    import io

    out = io.BytesIO()
    write_items(quads, out, "trig")
    return out.getvalue().decode("utf-8")


def as_json(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)
