"""The home page: how much there is of each kind, what happened lately, and the topics.

The counts are those of the lists (`lists.count_members`), so the home page and a list
never disagree; the recent entries and the topics with their SDGs come from
`explore/recent.rq` and `explore/topics.rq`.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ..languages import check_lang
from ..resources import query
from ..store import Store
from .lists import count_members
from .story import spoken_date
from .vocabulary import (
    KINDS,
    entity_labels,
    last_segment,
    sort_key,
    vocabulary_labels,
)

#: The kinds whose newest entries the home page shows (see explore/recent.rq), and how many.
RECENT_KINDS = ("cooperations", "events", "projects")
RECENT_COUNT = 8


def home_summary(store: Store, lang: str) -> dict[str, Any]:
    """What the home page shows: how much there is of each kind, what happened lately,
    and the topics with their SDGs (the entry points for browsing)."""
    check_lang(lang)
    vocab, notations = vocabulary_labels(store)
    counts = {kind: count_members(store, kind, {}) for kind in KINDS}

    # The query returns a few more rows than shown, unordered within one date; sorting
    # here by (date, IRI) makes the choice among equal dates stable.
    recent_rows = sorted(
        store.select(query("explore/recent"), public_only=True),
        key=lambda r: (r["date"].value, r["entity"].value),
        reverse=True,
    )[:RECENT_COUNT]
    labels = entity_labels(store, [r["entity"].value for r in recent_rows])
    recent = [
        {
            "iri": row["entity"].value,
            "label": labels.get(row["entity"].value, lang),
            "kind": row["kind"].value,
            "date": row["date"].value,
            "when": spoken_date(row["date"].value, lang),
        }
        for row in recent_rows
    ]

    sdgs_of: dict[str, list[str]] = defaultdict(list)
    for row in store.select(query("explore/topics"), public_only=True):
        sdgs = sdgs_of[row["topic"].value]
        if "sdg" in row:
            sdgs.append(row["sdg"].value)
    topics = [
        {
            "iri": topic,
            "label": vocab.get(topic, lang),
            "sdgs": sorted(
                (
                    {
                        "iri": sdg,
                        "notation": notations.get(sdg, last_segment(sdg)),
                        "label": vocab.get(sdg, lang),
                    }
                    for sdg in set(sdgs)
                ),
                key=lambda s: _notation_key(s["notation"]),
            ),
        }
        for topic, sdgs in sdgs_of.items()
    ]
    topics.sort(key=lambda t: sort_key(t["label"]))
    return {"counts": counts, "recent": recent, "topics": topics}


def _notation_key(notation: str) -> tuple[int, str]:
    return (int(notation), "") if notation.isdigit() else (10**6, notation)
