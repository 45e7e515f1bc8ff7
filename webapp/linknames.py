"""Link texts that tell their targets apart (issue 16, item 11).

Two different entities may carry the same label: the two namings "Petersallee" of one street
(1939 after Carl Peters, 1986 re-dedicated to Hans Peters), or one ceremony recorded as a step
of two renamings. A page that links both under the same text leaves a screen-reader user, who
hears the links out of context, two identical links to different places (WCAG 2.4.4). The
filter `names_apart` gives such labels the last segment of their IRI, which is stable and
shown on the target page too: "Petersallee (anna-mungunda-allee-1939)".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask import Flask


def names_apart(
    items: Iterable[Mapping[str, Any]], iri: str = "iri", label: str = "label"
) -> dict[str, str]:
    """IRI -> the text to link it with: its label, or, where another IRI among `items` has
    the same label, the label with the IRI's last path segment. Items without an IRI or a
    label are left out (the caller falls back to its own text)."""
    iris_of: dict[str, set[str]] = {}
    for item in items:
        if item.get(iri) and item.get(label):
            iris_of.setdefault(str(item[label]), set()).add(str(item[iri]))
    names: dict[str, str] = {}
    for text, iris in iris_of.items():
        for one in iris:
            names[one] = text if len(iris) == 1 else f"{text} ({_last_segment(one)})"
    return names


def _last_segment(iri: str) -> str:
    return iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def init_app(app: Flask) -> None:
    app.add_template_filter(names_apart)
