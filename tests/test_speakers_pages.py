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
    assert "sw" in soraya["values"]["languages"]

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


# ---- pages -----------------------------------------------------------------------------------


def test_the_directory_is_paged_with_counts_over_every_speaker(
    make_app: Callable[..., Flask],
) -> None:
    """The 1M district's 4,250 speakers were one page of 2.6 MB. With 8 a page, the example's
    21 speakers are three pages whose people, in turn, are the engine's list; every page
    carries the facet counts of all the speakers that pass the filters, and the twin says
    `total`, `page`, `pages` and `per_page`."""
    app = make_app(SPEAKERS_PER_PAGE=8, **FAST)
    store: Store = app.extensions["akteursgraph.store"]
    http = app.test_client(use_cookies=False)
    for lang, chosen in (("de", {}), ("en", {}), ("de", {"language": "fr"})):
        expected = reference.speakers(store, lang, **chosen)
        facets = reference.facets(store, lang, **chosen)
        pages = -(-len(expected) // 8)
        assert pages >= 2, chosen
        seen = []
        for number in range(1, pages + 1):
            twin = directory(http, **chosen, lang=lang, page=str(number))
            assert (twin["total"], twin["page"], twin["pages"], twin["per_page"]) == (
                len(expected),
                number,
                pages,
                8,
            )
            assert len(twin["people"]) == min(8, len(expected) - 8 * (number - 1))
            assert twin["facets"] == facets
            assert twin["without"] == []
            seen += twin["people"]
        assert seen == expected
    # Past the last page: not found, worded as the lists say it, in JSON for the twin.
    past = http.get("/speakers?page=4", headers={"Accept-Language": "de"})
    assert past.status_code == 404
    assert "Seite 4 gibt es nicht: die Liste hat 3 Seiten." in past.get_data(as_text=True)
    twin = http.get("/speakers.json?language=fr&page=3")
    assert twin.status_code == 404 and twin.is_json
    assert twin.get_json()["error"]["en"].endswith("There is no page 3: the list has 2 pages.")
    for wrong in ("0", "abc"):
        assert http.get(f"/speakers?page={wrong}").status_code == 400


def test_a_directory_page_links_its_neighbours_and_keeps_the_filters(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app(SPEAKERS_PER_PAGE=8, **FAST)
    http = app.test_client(use_cookies=False)
    text = http.get("/speakers?page=2", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert "21 Referent*innen · Seite 2 von 3" in text
    assert 'rel="prev" href="/speakers?page=1"' in text
    assert 'rel="next" href="/speakers?page=3"' in text
    assert text.count('class="speaker"') == 8
    english = http.get("/speakers?language=fr&page=2", headers={"Accept-Language": "en"})
    text = english.get_data(as_text=True)
    assert "9 speakers · Page 2 of 2" in text
    assert 'rel="prev" href="/speakers?language=fr&amp;page=1"' in text
    assert 'rel="next"' not in text


def test_a_directory_of_one_page_has_no_pager(client: FlaskClient) -> None:
    twin = client.get("/speakers.json").get_json()
    assert (twin["page"], twin["pages"], twin["per_page"]) == (1, 1, 25)
    assert twin["total"] == len(twin["people"]) == 21
    text = client.get("/speakers", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "21 speakers</p>" in text and 'class="pagination"' not in text
    one = client.get("/speakers?page=2", headers={"Accept-Language": "en"})
    assert one.status_code == 404
    assert "There is no page 2: the list has only one page." in one.get_data(as_text=True)


def test_a_regional_language_tag_asks_for_its_language(make_app: Callable[..., Flask]) -> None:
    """ "fr-FR" was refused with "No speaker speaks 'fr-FR'" beside nine who speak French: a
    tag the directory does not hold is looked up by its primary subtag (RFC 4647), as an
    Accept-Language range is. A tag whose language nobody speaks is still refused."""
    http = make_app(**FAST).test_client(use_cookies=False)
    french = directory(http, language="fr")
    assert french["total"] > 0
    for tag in ("fr-FR", "FR-fr", "fr-CA"):
        regional = directory(http, language=tag)
        assert regional["total"] == french["total"], tag
        assert [p["label"] for p in regional["people"]] == [p["label"] for p in french["people"]]
    assert http.get("/speakers.json", query_string={"language": "xx-FR"}).status_code == 400


def test_a_language_is_asked_for_by_any_name_search_finds_it_by(client: FlaskClient) -> None:
    """Exploratory test: search found the nine French speakers by "français" and
    "franzosisch", and the directory refused the same words as a filter ("No entry has the
    language 'français'"). Its own name and names without accents mean the language too."""
    french = [p["label"] for p in directory(client, language="fr")["people"]]
    assert len(french) == 9
    for name in ("français", "Francais", "franzosisch", "Französisch", "French"):
        assert [p["label"] for p in directory(client, language=name)["people"]] == french, name
    turkish = directory(client, language="tr")["total"]
    assert turkish > 0 and directory(client, language="Türkçe")["total"] == turkish


def test_a_filter_given_two_values_is_refused_not_half_read(client: FlaskClient) -> None:
    """Exploratory test: `language=fr&language=en` answered the French speakers alone,
    silently, where the lists take several values as "any of them". The directory takes
    one value of each filter: two different ones are a 400 naming them, in both languages;
    the same value twice is one."""
    french = client.get("/speakers.json?language=fr").get_json()
    assert french["total"] > 0
    twice = client.get("/speakers.json?language=fr&language=fr").get_json()
    assert twice["total"] == french["total"]
    for headers in ({"Accept-Language": "de"}, {"Accept-Language": "en"}):
        answer = client.get("/speakers?language=fr&language=en", headers=headers)
        assert answer.status_code == 400
    text = answer.get_data(as_text=True)
    assert "language takes one value here, not several" in text
    german = client.get("/speakers.json?language=fr&language=en", headers={"Accept-Language": "de"})
    assert german.status_code == 400
    assert "nimmt hier einen Wert" in german.get_data(as_text=True)
