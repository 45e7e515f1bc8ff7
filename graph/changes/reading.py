"""What staff read: an entity's history, the waiting drafts, one change set in full.

These read only the history file (never the store), so they work beside a running server.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .history import History
from .settings import base_iri
from .wording import entry


def entity_history(store_path: Path, iri: str) -> list[dict[str, Any]]:
    """Every change set that touched `iri`, oldest first: who, when, why, what (its
    statements about the entity in words and as N-Quads) and the version it was based on."""
    history = History.at(store_path)
    base = base_iri(store_path)
    return [
        entry(record, based_on, added, removed, base)
        for record, based_on, added, removed in history.entity(iri)
    ]


def drafts(store_path: Path) -> list[dict[str, Any]]:
    """The drafts waiting for review, oldest first (summaries, without their quads)."""
    return [record.summary() for record in History.at(store_path).drafts()]


def change_set(store_path: Path, change_id: str) -> dict[str, Any]:
    """One change set in full: every statement it added and removed, in words and as RDF."""
    history = History.at(store_path)
    record = history.get(change_id)
    added, removed = history.payload(change_id)
    data = entry(record, None, added, removed, base_iri(store_path))
    data.pop("based_on")
    data["based_on"] = history.bases(change_id)
    return data
