"""Link texts that tell their targets apart (issue 16, item 11; webapp/linknames.py)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from flask.testing import FlaskClient

from akteursgraph_web.linknames import names_apart

SITE = "https://w3id.org/akteursgraph/mitte/site/"


def test_only_a_label_shared_by_two_iris_gets_the_iris_last_segment() -> None:
    items = [
        {"iri": "https://x.example/naming/petersallee-1939", "label": "Petersallee"},
        {"iri": "https://x.example/naming/petersallee-1986", "label": "Petersallee"},
        {"iri": "https://x.example/naming/petersallee-1939", "label": "Petersallee"},
        {"iri": "https://x.example/site/manga-bell-platz", "label": "Manga-Bell-Platz"},
        {"iri": "https://x.example/ns#Street", "label": "Straße"},
        {"iri": None, "label": "ohne IRI"},
    ]
    assert names_apart(items) == {
        "https://x.example/naming/petersallee-1939": "Petersallee (petersallee-1939)",
        "https://x.example/naming/petersallee-1986": "Petersallee (petersallee-1986)",
        "https://x.example/site/manga-bell-platz": "Manga-Bell-Platz",
        "https://x.example/ns#Street": "Straße",
    }
    assert names_apart(
        [{"value": "https://x.example/a", "value_label": "A"}], "value", "value_label"
    ) == {"https://x.example/a": "A"}


def test_entities_of_one_label_and_different_kinds_are_told_apart_by_their_kind(
    client: FlaskClient,
) -> None:
    """Emily Duala Manga Bell's page linked the square "Manga-Bell-Platz (manga-bell-platz)"
    and its naming "Manga-Bell-Platz (manga-bell-platz-2022)": the first thing a visitor
    reads about her, in what looked like internal codes (exploratory walk)."""
    for lang, site, naming in (("de", "Ort", "Benennung"), ("en", "site", "naming")):
        html = client.get(
            "/person/emily-duala-manga-bell", headers={"Accept-Language": lang}
        ).get_data(as_text=True)
        assert f'<a href="/site/manga-bell-platz">Manga-Bell-Platz ({site})</a>' in html, lang
        assert f'<a href="/naming/manga-bell-platz-2022">Manga-Bell-Platz ({naming})</a>' in html
        assert "(manga-bell-platz" not in html
    items = [
        {"iri": "https://x.example/site/petersallee", "label": "Petersallee"},
        {"iri": "https://x.example/naming/petersallee-1939", "label": "Petersallee"},
        {"iri": "https://x.example/naming/petersallee-1986", "label": "Petersallee"},
    ]
    assert names_apart(items) == {  # two of one kind: the segment tells them apart
        "https://x.example/site/petersallee": "Petersallee (site)",
        "https://x.example/naming/petersallee-1939": "Petersallee (petersallee-1939)",
        "https://x.example/naming/petersallee-1986": "Petersallee (petersallee-1986)",
    }


def test_every_segment_the_product_mints_has_a_kind_to_tell_links_apart_by() -> None:
    """The kinds that tell links apart are the IRIs' type segments (forms.SEGMENTS mints
    them): a segment added there without a name here would fall back to the slug."""
    from akteursgraph.forms.new_entities import SEGMENTS
    from akteursgraph_web.linknames import _KIND_NAMES

    assert set(SEGMENTS.values()) <= set(_KIND_NAMES)


def test_the_two_namings_petersallee_are_linked_apart_on_the_streets_page(
    client: FlaskClient,
) -> None:
    """By the years the page shows for each: their IRIs' last segments
    ("Petersallee (anna-mungunda-allee-1939)") read as internal codes (story walk)."""
    for lang in ("de", "en"):
        html = client.get("/site/anna-mungunda-allee", headers={"Accept-Language": lang}).get_data(
            as_text=True
        )
        assert '<a href="/naming/anna-mungunda-allee-1939">Petersallee (1939–1986)</a>' in html
        assert '<a href="/naming/anna-mungunda-allee-1986">Petersallee (1986–2024)</a>' in html
        assert "(anna-mungunda-allee-19" not in html, lang


def test_a_label_the_main_navigation_uses_links_apart_from_it(client: FlaskClient) -> None:
    """The topics' concept scheme is labelled "Themen" like the navigation's link to the list
    of topics: on a topic page (and the ontology's) the scheme's link says it is a vocabulary,
    and the navigation's keeps its text. It had said the IRI's segment, "Themen (topics)": an
    English word inside a German link."""
    scheme = '<a href="/entity?iri=https://w3id.org/akteursgraph/vocab/topics">'
    for page in ("/entity?iri=https://w3id.org/akteursgraph/vocab/topic/peace", "/ontology"):
        html = client.get(page, headers={"Accept-Language": "de"}).get_data(as_text=True)
        assert scheme + "Themen (Vokabular)</a>" in html, page
        assert scheme + "Themen</a>" not in html, page
        assert '<a class="kern-link" href="/topics">Themen</a>' in html, page
    html = client.get("/ontology", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert scheme + "Topics (vocabulary)</a>" in html


@pytest.mark.parametrize(
    ("lang", "text"),
    [("de", "Netzwerk (Art der Organisation)"), ("en", "Network (kind of organisation)")],
)
def test_a_kind_of_organisation_named_as_the_navigations_network_says_its_scheme(
    client: FlaskClient, lang: str, text: str
) -> None:
    """Issue 16, item 11 ("distinct link texts where several say 'Netzwerk'"): an umbrella
    body's kind, "Netzwerk", beside the navigation's "Netzwerk", read "Netzwerk (network)"."""
    html = client.get(
        "/organisation/afrika-rat-berlin-brandenburg", headers={"Accept-Language": lang}
    ).get_data(as_text=True)
    kind = '<a href="/entity?iri=https://w3id.org/akteursgraph/vocab/organisation-kind/network">'
    assert kind + text + "</a>" in html
    assert "(network)" not in html


def test_the_links_to_a_person_from_two_namings_petersallee_are_told_apart(
    client: FlaskClient,
) -> None:
    """Carl Peters' "Linked from" section linked both namings "Petersallee" (of the two
    streets the Petersallee became) under the same text (QA 16, item 5)."""
    html = client.get("/person/carl-peters", headers={"Accept-Language": "de"}).get_data(
        as_text=True
    )
    incoming = html[html.index('<section aria-labelledby="h-incoming">') :]
    incoming = incoming[: incoming.index("</section>")]
    # Of one year both: by the streets' names today, as his "formerly honoured by" says
    # them; the IRIs' segments ("Petersallee (maji-maji-allee-1939)") read as codes.
    for slug, today in (
        ("anna-mungunda-allee-1939", "Anna-Mungunda-Allee"),
        ("maji-maji-allee-1939", "Maji-Maji-Allee"),
    ):
        assert f'<a href="/naming/{slug}">Petersallee (heute {today})</a>' in incoming, slug
    assert ">Petersallee</a>" not in incoming
    english = client.get("/person/hans-peters", headers={"Accept-Language": "en"})
    html = english.get_data(as_text=True)
    assert '<a href="/naming/maji-maji-allee-1986">Petersallee (today Maji-Maji-Allee)</a>' in html


def test_the_statements_about_an_entitys_own_statements_are_not_links_to_it(
    client: FlaskClient,
) -> None:
    """Amo's birth about 1703 has its sources on an rdf:Statement (decision 0003). The page
    shows them as the statement's footnotes; "Linked from" listed the node as a slug
    ("anton-wilhelm-amo-birth-about-1703")."""
    entity = client.get("/person/anton-wilhelm-amo.json").get_json()["entity"]
    incoming = entity["incoming"]
    predicates = {g["predicate"] for g in incoming["groups"]}
    assert "http://www.w3.org/1999/02/22-rdf-syntax-ns#subject" not in predicates
    assert predicates == {"https://w3id.org/akteursgraph/ontology#honours"}
    assert incoming["total"] == incoming["shown"] == 1
    assert entity["footnotes"]  # the sources are still on the page, as footnotes
    html = client.get("/person/anton-wilhelm-amo").get_data(as_text=True)
    assert "anton-wilhelm-amo-birth-about-1703" not in html


class _Links(HTMLParser):
    """Each link's accessible name (its aria-label, else its text or an SVG link's <title>)
    and its target."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []
        self._open: list[tuple[str, str | None, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            given = dict(attrs)
            self._open.append((given.get("href") or "", given.get("aria-label"), []))

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open:
            href, label, text = self._open.pop()
            self.found.append((label or " ".join("".join(text).split()), href))

    def handle_data(self, data: str) -> None:
        if self._open:
            self._open[-1][2].append(data)


def test_no_link_name_leads_to_two_places_on_a_page(client: FlaskClient) -> None:
    """Each list of a page told its links apart, not one list from another: Anna Mungunda's
    page linked "Anna-Mungunda-Allee" to the site (honoured by) and to the naming (linked
    from); Carl Peters' picture two "Petersallee" to two sites (exploratory test E3)."""
    for path in ("/person/anna-mungunda", "/person/carl-peters", "/person/hans-peters",
                 "/event/maji-maji-krieg"):  # fmt: skip
        for lang in ("de", "en"):
            page = client.get(path, headers={"Accept-Language": lang})
            assert page.status_code == 200, path
            links = _Links()
            links.feed(page.get_data(as_text=True))
            places: dict[str, set[str]] = {}
            for name, href in links.found:
                if name and not href.startswith("#"):
                    places.setdefault(name, set()).add(href)
            shared = {n: p for n, p in places.items() if len(p) > 1}
            assert not shared, (path, lang, shared)
