"""The speaker directory's pages (/speakers): answered from the directory kept in memory per
publication (graph/explore/speaker_index.py), which a publication through the one write path
updates on the next request; pages kept by the page cache until a publication touches the
directory."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pyoxigraph as ox
import pytest
from flask import Flask
from flask.testing import FlaskClient

from akteursgraph.explore import speaker_index as index_module
from akteursgraph.namespaces import DPV, HAS_CONSENT_STATUS, SCHEMA
from akteursgraph.people.purposes import PUBLIC_SPEAKER_LISTING
from akteursgraph.store import Change, Store

from . import speaker_reference as reference
from .example_people import example_person
from .test_consent_records import GIVEN, INTERNAL, record_of

BASE = "https://w3id.org/akteursgraph/mitte/"
SORAYA = BASE + "example/person/p-5dcr25yzdeji7a4t"  # Arabic, German, French
AMANI = example_person("Amani Njeri")  # Kiswahili among her languages
KNOWS_LANGUAGE = ox.NamedNode(SCHEMA + "knowsLanguage")
FAST = {"QUERY_WORKERS": 1, "DUMPS": False}


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Each read of the directory's facts from the store (one per publication, at most)."""
    done: list[int] = []
    real = index_module.build

    def counted(store: Store) -> index_module.SpeakerIndex:
        done.append(1)
        return real(store)

    monkeypatch.setattr(index_module, "build", counted)
    return done


def directory(http: FlaskClient, **args: str) -> dict[str, Any]:
    answer = http.get("/speakers.json", query_string=args)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return answer.get_json()


def count_of(page: dict[str, Any], facet: str, value: str) -> int:
    return next((v["count"] for v in page["facets"][facet] if v["value"] == value), 0)


def profile_of(store: Store, person: str) -> ox.NamedNode:
    link = ox.NamedNode(index_module.HAS_SPEAKER_PROFILE)
    [quad] = [
        q for q in store.quads(ox.NamedNode(person), link) if store.is_public_graph(q.graph_name)
    ]
    assert isinstance(quad.object, ox.NamedNode)
    return quad.object


def language_quad(store: Store, person: str, code: str) -> ox.Quad:
    profile = profile_of(store, person)
    graph = next(store.quads(profile)).graph_name
    return ox.Quad(profile, KNOWS_LANGUAGE, ox.Literal(code), graph)


def test_a_publication_shows_on_the_next_directory_page(
    make_app: Callable[..., Flask], builds: list[int]
) -> None:
    """A language added to a speaker's profile, one removed, and a withdrawn speaker listing
    (consent), each committed through the writer, show on the very next request; the facts
    are read once per publication that touched the directory, not once per page."""
    app = make_app(**FAST)
    store: Store = app.extensions["akteursgraph.store"]
    writer = app.extensions["akteursgraph.writer"]
    http = app.test_client(use_cookies=False)
    swahili = directory(http, language="sw")
    assert SORAYA not in {p["iri"] for p in swahili["people"]}
    assert AMANI in {p["iri"] for p in swahili["people"]}
    everyone = directory(http)
    arabic = directory(http, language="ar")
    assert SORAYA in {p["iri"] for p in arabic["people"]}
    assert len(builds) == 1  # three pages (each a different filter), one read

    writer.commit(Change(add=[language_quad(store, SORAYA, "sw")]))
    after = directory(http, language="sw")
    assert SORAYA in {p["iri"] for p in after["people"]}
    assert after["total"] == swahili["total"] + 1
    assert count_of(after, "languages", "sw") == count_of(swahili, "languages", "sw") + 1
    assert len(builds) == 2
    soraya = next(p for p in after["people"] if p["iri"] == SORAYA)
    assert "sw" in soraya["languages"] and "sw" in soraya["values"]["languages"]

    writer.commit(Change(remove=[language_quad(store, SORAYA, "ar")]))
    after = directory(http, language="ar")
    assert SORAYA not in {p["iri"] for p in after["people"]}
    assert after["total"] == arabic["total"] - 1
    assert len(builds) == 3

    listing = record_of(store, ox.NamedNode(AMANI), PUBLIC_SPEAKER_LISTING)
    withdrawn = ox.Quad(
        listing, ox.NamedNode(HAS_CONSENT_STATUS), ox.NamedNode(DPV + "ConsentWithdrawn"), INTERNAL
    )
    writer.commit(
        Change(add=[withdrawn], remove=list(store.quads(listing, withdrawn.predicate, GIVEN)))
    )
    gone = directory(http)
    assert AMANI not in {p["iri"] for p in gone["people"]}
    assert gone["total"] == everyone["total"] - 1
    assert len(builds) == 4
    # And what the engine answers now, page for page.
    for lang in ("de", "en"):
        for chosen in ({}, {"language": "sw"}, {"language": "ar"}):
            page = http.get("/speakers.json", query_string={**chosen, "lang": lang}).get_json()
            assert page["people"] == reference.speakers(store, lang, **chosen)
            assert page["facets"] == reference.facets(store, lang, **chosen)


def test_a_publication_elsewhere_keeps_the_directory_and_its_pages(
    make_app: Callable[..., Flask], builds: list[int]
) -> None:
    """A publication that touches no speaker (an organisation renamed) leaves the directory
    as it was read and its pages in the page cache; one that touches a speaker drops them."""
    app = make_app(**FAST)
    store: Store = app.extensions["akteursgraph.store"]
    writer = app.extensions["akteursgraph.writer"]
    http = app.test_client(use_cookies=False)
    paths = (
        "/speakers",
        "/speakers.json?language=fr",
        "/speakers?format=" + reference_format(store),
    )
    first = {path: http.get(path) for path in paths}
    assert all(r.status_code == 200 for r in first.values())
    office = ox.NamedNode(BASE + "organisation/koordinationsstelle-entwicklungspolitik")
    label = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
    [old] = [q for q in store.quads(office, label) if q.object.language == "de"]  # type: ignore[union-attr]
    renamed = ox.Quad(
        office, label, ox.Literal("Aaaa Koordinationsstelle", language="de"), old.graph_name
    )
    writer.commit(Change(add=[renamed], remove=[old]))
    for path in paths:
        again = http.get(path)
        assert again.headers.get("X-Akteursgraph-Cache") == "hit", path
        assert again.get_data() == first[path].get_data(), path
    assert len(builds) == 1
    writer.commit(Change(add=[language_quad(store, SORAYA, "sw")]))
    for path in paths:
        assert "X-Akteursgraph-Cache" not in http.get(path).headers, path
    assert len(builds) == 2


def reference_format(store: Store) -> str:
    """A format some speaker offers (the first of the engine's facet)."""
    return reference.facets(store, "de")["formats"][0]["value"]
