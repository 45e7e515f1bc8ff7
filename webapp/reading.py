"""How an entity page arranges its links for reading, where the twin keeps them one by one.

The core gives an organisation's cooperations as one entry per partner and cooperation (its
JSON twin keeps that shape: `relations.cooperates_with`, each with `via`). Read that way,
the office's page listed Frauenforum Senegambia four times in a row under "Kooperiert mit",
each time followed by the name of a cooperation that was no link, and a cooperation of four
partners three times. The page lists each cooperation once, a link with its period, and
the partners it shares with them.
"""

from __future__ import annotations

from typing import Any

from flask import Flask


def by_cooperation(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each cooperation once, in the order of its first entry (entries come current first,
    then newest first), with its partners in their order."""
    cooperations: dict[str, dict[str, Any]] = {}
    for entry in entries:
        cooperation = cooperations.setdefault(
            entry["via"],
            {
                "iri": entry["via"],
                "label": entry.get("via_label") or entry["via"],
                "when": entry.get("when"),
                "current": entry["current"],
                "partners": [],
            },
        )
        cooperation["partners"].append({"iri": entry["iri"], "label": entry["label"]})
    return list(cooperations.values())


def init_app(app: Flask) -> None:
    app.add_template_filter(by_cooperation)
