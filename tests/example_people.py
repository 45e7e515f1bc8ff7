"""The example's living persons by name: their IRIs are opaque (issue 13), so tests find
them by the name the example data gives them, never by a name in the IRI."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pyoxigraph as ox

EXAMPLE_FILE = Path(__file__).resolve().parents[1] / "graph" / "data" / "example-fictional.trig"
_GIVEN = ox.NamedNode("http://xmlns.com/foaf/0.1/givenName")
_FAMILY = ox.NamedNode("http://xmlns.com/foaf/0.1/familyName")


@cache
def _people() -> dict[str, str]:
    data = ox.Store()
    data.load(path=str(EXAMPLE_FILE), format=ox.RdfFormat.TRIG)
    found: dict[str, str] = {}
    for q in data.quads_for_pattern(None, _GIVEN, None, None):
        family = next(data.quads_for_pattern(q.subject, _FAMILY, None, None)).object.value
        found[f"{q.object.value} {family}"] = q.subject.value
    return found


def example_person(name: str) -> str:
    """The IRI of the example person called `name` ("Rachid Zerrouki")."""
    return _people()[name]


def example_path(name: str) -> str:
    """Their page's path on the example app ("/example/person/p-…")."""
    return "/" + example_person(name).split("/mitte/", 1)[1]
