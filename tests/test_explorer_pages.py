"""Explorer pages through a real server: the HTML is parsed and the data shown is asserted."""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
import rdflib

from akteursgraph.store import Store

from .conftest import copy_store, running_server

BASE = "https://w3id.org/akteursgraph/mitte/"
OFFICE = "organisation/koordinationsstelle-entwicklungspolitik"
TOPIC = "https://w3id.org/akteursgraph/vocab/topic/colonial-history"
WORKSHOP = "https://w3id.org/akteursgraph/vocab/format/workshop"


@pytest.fixture(scope="module")
def server(example_store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = copy_store(example_store_template, tmp_path_factory.mktemp("explorer"))
    with running_server(path, env={"AKTEURSGRAPH_REQUEST_MAILTO": "office@example.org"}) as url:
        yield url


class Page(HTMLParser):
    """Collects headings, links and text, enough to assert what a person would see."""

    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.h1: list[str] = []
        self.headings: list[str] = []
        self.links: list[tuple[str, str]] = []
        self.text: list[str] = []
        self._stack: list[str] = []
        self._href: str | None = None
        self._link_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag in ("h1", "h2", "h3"):
            self._stack.append(tag)
            (self.h1 if tag == "h1" else self.headings).append("")
        if tag == "a":
            self._href = a.get("href")
            self._link_text = ""

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "h2", "h3") and self._stack:
            self._stack.pop()
        if tag == "a" and self._href is not None:
            self.links.append((self._href, self._link_text.strip()))
            self._href = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._stack:
            target = self.h1 if self._stack[-1] == "h1" else self.headings
            target[-1] += data
        if self._href is not None:
            self._link_text += data

    @property
    def body(self) -> str:
        return " ".join(" ".join(self.text).split())

    def link_texts(self) -> list[str]:
        return [t for _, t in self.links]


def page(server: str, path: str, lang: str = "de") -> Page:
    req = urllib.request.Request(server + path, headers={"Accept-Language": lang})
    with urllib.request.urlopen(req, timeout=20) as resp:
        assert resp.status == 200
        p = Page()
        p.feed(resp.read().decode("utf-8"))
    return p


def status(server: str, path: str, accept: str = "text/html") -> int:
    req = urllib.request.Request(server + path, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(req, timeout=20) as resp:
            return resp.status
    except urllib.error.HTTPError as err:
        with err:
            return err.code


def test_home_has_counts_entry_points_and_topics(server: str) -> None:
    p = page(server, "/")
    assert p.lang == "de" and p.h1 == ["Akteure der kommunalen Entwicklungspolitik"]
    assert "Referent*innen finden" in p.link_texts()
    assert "Orte der Kolonialgeschichte" in p.link_texts()
    assert any(t.startswith("SDG ") for t in p.link_texts())
    en = page(server, "/?lang=en")
    assert en.lang == "en" and "Find a speaker" in en.link_texts()


def test_organisation_list_facets_and_paging(server: str) -> None:
    first = page(server, "/organisations")
    total = int(re.search(r"\((\d+)\)", first.h1[0]).group(1))  # type: ignore[union-attr]
    assert total >= 48
    second = page(server, "/organisations?page=2")
    names1 = {t for h, t in first.links if "/organisation/" in h}
    names2 = {t for h, t in second.links if "/organisation/" in h}
    assert names1 and names2 and not names1 & names2
    kind = "https://w3id.org/akteursgraph/vocab/organisation-kind/migrant-organisation"
    filtered = page(server, "/organisations?" + urllib.parse.urlencode({"kind": kind}))
    n = int(re.search(r"\((\d+)\)", filtered.h1[0]).group(1))  # type: ignore[union-attr]
    assert 0 < n < total


def test_office_page_shows_relations_provenance_and_twins(server: str) -> None:
    p = page(server, "/" + OFFICE)
    assert p.h1 == ["Koordinationsstelle für kommunale Entwicklungspolitik"]
    assert "Kooperiert mit" in p.headings
    partners = [t for h, t in p.links if "/example/organisation/" in h]
    assert len(set(partners)) >= 5
    assert "Herkunft der Daten" in p.headings
    assert "Turtle" in p.link_texts() and "JSON-LD" in p.link_texts()
    assert "Bezirksamt Mitte von Berlin" in p.link_texts()


@pytest.mark.parametrize(
    ("suffix", "accept", "fmt"),
    [
        (".ttl", "*/*", "turtle"),
        ("", "text/turtle", "turtle"),
        (".jsonld", "*/*", "json-ld"),
        (".nt", "*/*", "nt"),
        ("", "application/rdf+xml", "xml"),
    ],
)
def test_machine_readable_twin(server: str, suffix: str, accept: str, fmt: str) -> None:
    req = urllib.request.Request(f"{server}/{OFFICE}{suffix}", headers={"Accept": accept})
    with urllib.request.urlopen(req, timeout=20) as resp:
        g = rdflib.Graph().parse(data=resp.read(), format=fmt)
    label = rdflib.Literal("Koordinationsstelle für kommunale Entwicklungspolitik", lang="de")
    assert (rdflib.URIRef(BASE + OFFICE), rdflib.SKOS.prefLabel, label) in g


def test_site_page_shows_its_naming_history(server: str) -> None:
    p = page(server, "/site/manga-bell-platz")
    assert "Geschichte der Benennung" in p.headings
    assert any(h.startswith("Nachtigalplatz") for h in p.headings)
    assert any(h.startswith("Manga-Bell-Platz") for h in p.headings)
    assert "Gustav Nachtigal" in p.link_texts()
    assert any("Manga Bell" in t for t in p.link_texts())
    en = page(server, "/site/manga-bell-platz?lang=en")
    assert "Naming history" in en.headings


def test_sites_list_has_map_data_and_works_without_tiles(server: str) -> None:
    p = page(server, "/sites")
    assert "Karte" in p.headings
    assert "Cornelius-Fredericks-Straße" in p.link_texts()
    assert "tile.openstreetmap" not in p.body


def test_speaker_directory_filters_and_never_shows_contact_data(
    server: str, example_store_template: Path
) -> None:
    query = urllib.parse.urlencode({"topic": TOPIC, "language": "ar", "format": WORKSHOP})
    p = page(server, "/speakers?" + query)
    speakers = [t for h, t in p.links if h.startswith("/example/person/")]
    assert len(speakers) >= 2
    assert p.link_texts().count("Referent*in anfragen") == len(speakers)
    assert "Arabisch" in p.body
    with Store.open(example_store_template, read_only=True) as store:
        emails = {
            q.object.value.removeprefix("mailto:")
            for q in store.quads()
            if q.predicate.value.endswith("hasEmail")
        }
    assert emails and not any(e in p.body for e in emails)
    request_link = next(h for h, t in p.links if t == "Referent*in anfragen")
    req = page(server, request_link)
    mail = [h for h, _ in req.links if h.startswith("mailto:")]
    assert mail and mail[0].startswith("mailto:office@example.org")


def test_people_without_consent_have_no_page(server: str, example_store_template: Path) -> None:
    with Store.open(example_store_template, read_only=True) as store:
        hidden = [
            q.subject.value
            for q in store.quads()
            if q.predicate.value.endswith("publicationConsent")
            and not q.object.value.endswith("ConsentGiven")
        ]
    assert hidden
    for iri in hidden[:5]:
        assert status(server, "/" + iri.removeprefix(BASE)) == 404
        assert status(server, "/" + iri.removeprefix(BASE) + ".ttl", "*/*") == 404


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("Strasse", "Cornelius-Fredericks-Straße"),
        ("luderitz", "Adolf Lüderitz"),
        ("Luederitz", "Adolf Lüderitz"),
        ("MANGA BELL", "Manga-Bell-Platz"),
    ],
)
def test_search_tolerates_case_diacritics_and_umlaut_spellings(
    server: str, q: str, expected: str
) -> None:
    p = page(server, "/search?" + urllib.parse.urlencode({"q": q}))
    assert expected in p.link_texts(), p.link_texts()[:30]
