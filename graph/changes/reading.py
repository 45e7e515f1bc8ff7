"""What staff read: an entity's history, the waiting drafts, one change set in full.

These read only the history file (never the store), so they work beside a running server.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .history import History
from .model import parse_nquads, to_nquads
from .settings import base_iri
from .wording import entries


def entity_history(
    store_path: Path, iri: str, *, public_only: bool = False
) -> list[dict[str, Any]]:
    """Every change set that touched `iri`, oldest first: who, when, why, what (its
    statements about the entity in words and as N-Quads) and the version it was based on.

    With `public_only`, only statements in public graphs are kept, and a change set that
    changed nothing public about the entity is left out (the workspace's viewers: they read
    what happened to the published data, not the internal notes and contact data)."""
    history = History.at(store_path)
    base = base_iri(store_path)
    recorded = history.entity(iri)
    if public_only:
        public = [(r, b, public_part(a, base), public_part(m, base)) for r, b, a, m in recorded]
        recorded = [(r, b, a, m) for r, b, a, m in public if a or m]
    return entries(recorded, base)


def public_part(nquads: bytes, base: str) -> bytes:
    """The quads of N-Quads text that stand in a public graph of the store with `base`."""
    prefix = base + "graph/public/"
    return to_nquads(
        q for q in parse_nquads(nquads) if getattr(q.graph_name, "value", "").startswith(prefix)
    )


def drafts(store_path: Path) -> list[dict[str, Any]]:
    """The drafts waiting for review, oldest first (summaries, without their quads)."""
    return [record.summary() for record in History.at(store_path).drafts()]


def recent(store_path: Path, limit: int = 20) -> list[dict[str, Any]]:
    """The newest change sets, newest first (summaries, without their quads)."""
    return [record.summary() for record in History.at(store_path).recent(limit)]


def change_set(store_path: Path, change_id: str) -> dict[str, Any]:
    """One change set in full: every statement it added and removed, in words and as RDF."""
    history = History.at(store_path)
    record = history.get(change_id)
    added, removed = history.payload(change_id)
    data = entries([(record, None, added, removed)], base_iri(store_path))[0]
    data.pop("based_on")
    data["based_on"] = history.bases(change_id)
    return data
