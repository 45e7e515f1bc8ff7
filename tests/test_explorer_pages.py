"""Explorer pages through Flask's test client on the real app: the HTML is parsed and the data
shown is asserted.

No server process: every view here only reads, so the session's example app answers
(`example_app` in conftest.py); a test that needs other settings builds its own app with
`make_app`. The regression tests of issue 10 are named after it.
"""

from __future__ import annotations

import gc
import html
import re
import urllib.parse
import weakref
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import rdflib
from flask import Flask
from flask.testing import FlaskClient

from akteursgraph import explore
from akteursgraph.changes import ChangeMeta
from akteursgraph.explore import MAX_FACET_VALUES
from akteursgraph.explore.vocabulary import PREF_LABEL
from akteursgraph.store import Change, Store
from akteursgraph_web.explorer import external_url, value_url

from .example_people import example_path
from .kern_controls import not_kern

BASE = "https://w3id.org/akteursgraph/mitte/"
OFFICE = "organisation/koordinationsstelle-entwicklungspolitik"
VOCAB = "https://w3id.org/akteursgraph/vocab/"
TOPIC = VOCAB + "topic/colonial-history"
WORKSHOP = VOCAB + "format/workshop"


@pytest.fixture
def http(example_app: Flask) -> FlaskClient:
    """The shared example app, asked like a plain HTTP client: without a cookie jar, so a
    visit with ?lang=en does not change the language of the next request."""
    return example_app.test_client(use_cookies=False)


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


def parse(html: str) -> Page:
    p = Page()
    p.feed(html)
    return p


def page(http: FlaskClient, path: str, lang: str = "de") -> Page:
    resp = http.get(path, headers={"Accept-Language": lang})
    assert resp.status_code == 200, (path, resp.status_code)
    return parse(resp.get_data(as_text=True))


def section(html: str, heading_id: str) -> Page:
    """Only the <section> labelled by the heading with this id."""
    match = re.search(rf'<section aria-labelledby="{heading_id}">(.*?)</section>', html, flags=re.S)
    assert match, f"no section {heading_id}"
    return parse(match.group(1))


def test_home_has_counts_entry_points_and_topics(http: FlaskClient) -> None:
    p = page(http, "/")
    assert p.lang == "de" and p.h1 == ["Akteure der kommunalen Entwicklungspolitik"]
    assert "Referent*innen finden" in p.link_texts()
    assert "Orte der Kolonialgeschichte" in p.link_texts()
    assert any(t.startswith("SDG ") for t in p.link_texts())
    # Each goal's link says, to whoever hears it alone, which goal and where it leads: "SDG
    # 10" said neither (audit, WCAG 2.4.4).
    goals = [t for t in p.link_texts() if t.startswith("SDG ")]
    assert all(re.fullmatch(r"SDG \d+: Organisationen, die zu „.+“ beitragen", t) for t in goals)
    en = page(http, "/?lang=en")
    assert en.lang == "en" and "Find a speaker" in en.link_texts()
    assert any(t.startswith("SDG ") and ": organisations working towards " in t
               for t in en.link_texts())  # fmt: skip


def test_each_count_of_the_home_page_leads_to_its_list(http: FlaskClient) -> None:
    """The home page's counts were no links, and the cooperations' list had no other way in
    (the main navigation does not name it): each count is now its list's link, and says the
    list's total."""
    resp = http.get("/", headers={"Accept-Language": "de"})
    text = resp.get_data(as_text=True)
    cards = re.findall(
        r'<div><dt><a href="([^"]+)">([^<]+)</a></dt><dd data-kind="([a-z]+)">(\d+)</dd></div>',
        text,
    )
    assert {kind for _, _, kind, _ in cards} == {
        "organisations", "people", "sites", "topics", "cooperations", "projects", "events"
    }  # fmt: skip
    for href, _name, kind, count in cards:
        assert href == f"/{kind}"
        assert http.get(f"/{kind}.json").get_json()["total"] == int(count), kind
    assert ("/cooperations", "Kooperationen") in parse(text).links


def test_organisation_list_facets_and_paging(http: FlaskClient) -> None:
    first = page(http, "/organisations")
    total = int(re.search(r"\((\d+)\)", first.h1[0]).group(1))  # type: ignore[union-attr]
    assert total >= 48
    second = page(http, "/organisations?page=2")
    names1 = {t for h, t in first.links if "/organisation/" in h}
    names2 = {t for h, t in second.links if "/organisation/" in h}
    assert names1 and names2 and not names1 & names2
    kind = "https://w3id.org/akteursgraph/vocab/organisation-kind/migrant-organisation"
    filtered = page(http, "/organisations?" + urllib.parse.urlencode({"kind": kind}))
    n = int(re.search(r"\((\d+)\)", filtered.h1[0]).group(1))  # type: ignore[union-attr]
    assert 0 < n < total


def test_a_lists_filters_fold_and_say_how_many_are_chosen(http: FlaskClient) -> None:
    """The filters sit in a fold that the page sends open (without scripts, and beside the
    results on a wide screen; fold.js folds it on a narrow one), titled with how many values
    are chosen: folded, the reader still sees that the list is filtered."""
    fold = re.compile(
        r'<details class="kern-accordion facets-fold" open>\s*<summary[^>]*>(.*?)</summary>'
        r'.*?<form class="facets".*?</form>.*?</details>\s*<script src="/static/fold.js">',
        flags=re.S,
    )

    def title(path: str, lang: str) -> str:
        html = http.get(path, headers={"Accept-Language": lang}).get_data(as_text=True)
        match = fold.search(html)
        assert match, path
        return parse(match.group(1)).body

    kind = "https://w3id.org/akteursgraph/vocab/organisation-kind/migrant-organisation"
    assert title("/organisations", "de") == "Filter"
    one = "/organisations?" + urllib.parse.urlencode({"kind": kind})
    assert title(one, "de") == "Filter (1 gewählt)"
    assert title(one, "en") == "Filter (1 chosen)"
    two = "/organisations?" + urllib.parse.urlencode(
        {"kind": kind, "topic": "https://w3id.org/akteursgraph/vocab/topic/education"}
    )
    assert title(two, "de") == "Filter (2 gewählt)"


def test_a_chosen_filter_with_nothing_left_stays_ticked(http: FlaskClient) -> None:
    """Persian and the 1900s each find events, but no event has both. The empty list showed
    neither box ticked (the twin neither value), so the next "Anwenden" dropped both unseen:
    ticking "2020-2029" then listed 18 events instead of 2 (exploratory test)."""
    path = "/events?language=fa&period=1900"
    twin = http.get(path.replace("?", ".json?")).get_json()
    assert twin["total"] == 0
    assert {"value": "fa", "label": "Persisch", "count": 0} in twin["facets"]["language"]
    assert {"value": "1900", "label": "1900–1909", "count": 0} in twin["facets"]["period"]
    text = http.get(path).get_data(as_text=True)
    ticked = re.findall(r'name="(language|period)" value="([^"]+)"\s+checked', text)
    assert sorted(ticked) == [("language", "fa"), ("period", "1900")]
    # A place no site is in keeps its name, not the end of its address ("hansaviertel (0)")
    place = "https://w3id.org/akteursgraph/mitte/place/hansaviertel"
    sites = http.get("/sites.json", query_string={"district": place}).get_json()
    assert {"value": place, "label": "Hansaviertel", "count": 0} in sites["facets"]["district"]


def test_a_lists_language_filter_reads_a_region_tag_and_refuses_a_language_none_has(
    http: FlaskClient,
) -> None:
    """A filter "fr-FR" listed no organisation beside 14 that use French, "xx" an empty list:
    the speaker directory reads the one as French and refuses the other (exploratory test)."""
    french = http.get("/organisations.json?language=fr").get_json()
    region = http.get("/organisations.json?language=fr-FR").get_json()
    assert region["total"] == french["total"] > 0
    assert region["selected"] == {"language": ["fr"]}
    both = http.get("/organisations.json?language=fr-FR&language=fr").get_json()
    assert both["selected"] == {"language": ["fr"]}  # one box, one choice
    refused = http.get("/organisations.json?language=xx")
    assert refused.status_code == 400
    assert "Kein Eintrag der Liste" in refused.get_json()["error"]["de"]


def test_a_list_asked_as_of_a_date_says_that_it_shows_today(http: FlaskClient) -> None:
    """`as_of`, known from the network's views, is refused by a list with what to use
    instead: /sites?as_of=1950 answered today's sites, its twin's `links.self` naming the
    date, and 2019-13 passed too (JSON twins walk)."""
    for path in ("/sites?as_of=1950", "/sites.json?as_of=2019-13", "/organisations?as_of=2010",
                 "/speakers.json?as_of=1950"):  # fmt: skip
        answer = http.get(path, headers={"Accept-Language": "en"})
        assert answer.status_code == 400, path
        said = answer.get_data(as_text=True)
        assert "as_of" in said and "today" in said and "Period" in said, path
    assert http.get("/sites.json").status_code == 200


def test_linked_from_says_a_namings_period_as_its_own_page_does(http: FlaskClient) -> None:
    """The links read "Manga-Bell-Platz (Benennung) 2. Dezember 2022", as if the naming
    had been on that day (it is in force since), and "Nachtigalplatz 12. Mai 1910" for a
    naming of 1910-2022; the same page said "seit 2. Dezember 2022" under "Geehrt durch"
    (exploratory test). An event stays on its day."""

    def linked(path: str, lang: str) -> str:
        text = http.get(path, headers={"Accept-Language": lang}).get_data(as_text=True)
        start = text.index('id="h-incoming"')
        return " ".join(parse(text[start : text.index("</section>", start)]).body.split())

    manga_bell = linked("/person/rudolf-duala-manga-bell", "de")
    assert "Manga-Bell-Platz (Benennung) seit 2. Dezember 2022" in manga_bell
    assert "am 8. August 1914" in manga_bell  # the execution, an event
    nachtigal = linked("/person/gustav-nachtigal", "en")
    assert "Nachtigalplatz (naming) 12 May 1910 – 2 December 2022" in nachtigal


def test_rdf_type_and_dcterms_type_read_apart_in_english(http: FlaskClient) -> None:
    """The English statements table of a naming step read "type – Naming step" and "type –
    Ceremony" for two properties; German tells them apart as "Typ" and "Art"."""
    twin = http.get("/naming-step/manga-bell-platz-ceremony-2022.json?lang=en").get_json()
    names = {s["predicate"]: s["predicate_label"] for s in twin["entity"]["statements"]}
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    assert (names[rdf_type], names["http://purl.org/dc/terms/type"]) == ("type", "kind")


def test_a_lists_filters_say_how_values_of_one_filter_combine(http: FlaskClient) -> None:
    """Migrant organisations showed "Eingetragener Verein (20)", and ticking it as well gave
    30: values of one filter add up ("or"), and each number counts under the other filters,
    which the page did not say (exploratory test)."""
    german = http.get("/organisations").get_data(as_text=True)
    assert "Mehrere Werte eines Filters: Einträge mit einem von ihnen." in german
    english = http.get("/organisations", headers={"Accept-Language": "en"})
    assert "Several values of one filter: entries with any of them." in english.get_data(
        as_text=True
    )


@pytest.mark.parametrize(
    ("query", "lang", "kind", "name"),
    [
        ("Nachhaltige Städte und Gemeinden", "de", "organisations",
         "Nachhaltige Städte und Gemeinden"),
        ("Frieden, Gerechtigkeit und starke Institutionen", "de", "organisations",
         "Frieden, Gerechtigkeit und starke Institutionen"),
        ("Peace, justice and strong institutions", "en", "organisations",
         "Peace, justice and strong institutions"),
        ("Referentin Naher und Mittlerer Osten", "de", "speakers", "Naher und Mittlerer Osten"),
    ],
)  # fmt: skip
def test_a_search_naming_a_value_of_many_words_leads_to_its_directory(
    http: FlaskClient, query: str, lang: str, kind: str, name: str
) -> None:
    """Names of more than three words were read word by word: a goal named in full offered
    the organisation kind "Religionsgemeinschaft" or the topic "Frieden", and the region
    "Naher und Mittlerer Osten" (as the speaker directory names it) offered nothing
    (exploratory test)."""
    twin = http.get("/search.json", query_string={"q": query, "lang": lang}).get_json()
    offered = {d["kind"]: d["names"] for d in twin["named"]}
    assert offered.get(kind) == [name], twin["named"]


def test_a_part_of_a_name_typed_names_no_directory(http: FlaskClient) -> None:
    """A value is named by whole words as typed: "Manga-Bell-Platz", the square's own name,
    offered "Platz: 2 Orte der Kolonialgeschichte" for its last part (exploratory walk).
    "Platz" alone, and a name written with hyphens itself, still name theirs."""

    def offered(query: str, lang: str = "de") -> dict[str, list[str]]:
        twin = http.get("/search.json", query_string={"q": query, "lang": lang}).get_json()
        return {d["kind"]: d["names"] for d in twin["named"]}

    assert offered("Manga-Bell-Platz") == {}
    # a slash or a comma parts words as a space does
    both = offered("Kolonialgeschichte Wedding")
    assert both and offered("Kolonialgeschichte/Wedding") == both
    assert offered("Kolonialgeschichte, Wedding") == both
    assert offered("Platz") == {"sites": ["Platz"]}
    assert offered("Anti-racism", "en")["organisations"] == ["Anti-racism"]


def test_colonial_history_and_a_district_lead_to_the_sites_there(http: FlaskClient) -> None:
    """Staff walk: "Kolonialgeschichte Wedding" offered the organisations on colonial history
    in Wedding and not the sites there, though every colonial-history site is of that topic
    (the sites' list has no topic filter): six in Wedding, which "Wedding" alone offered.
    The topic alone offers no unfiltered list of sites; another word the sites' list has no
    filter for still offers none."""

    def offered(query: str, lang: str = "de") -> dict[str, tuple[list[str], int]]:
        twin = http.get("/search.json", query_string={"q": query, "lang": lang}).get_json()
        return {d["kind"]: (d["names"], d["total"]) for d in twin["named"]}

    in_wedding = offered("Wedding")["sites"][1]
    assert in_wedding >= 2
    assert offered("Kolonialgeschichte Wedding")["sites"] == (
        ["Kolonialgeschichte", "Wedding"], in_wedding
    )  # fmt: skip
    assert offered("Colonial history Wedding", "en")["sites"][1] == in_wedding
    assert offered("Straße Kolonialgeschichte Wedding")["sites"][0] == [
        "Straße", "Kolonialgeschichte", "Wedding"
    ]  # fmt: skip
    assert "sites" not in offered("Kolonialgeschichte")
    assert "sites" not in offered("Klimagerechtigkeit Wedding")


def test_words_run_together_name_the_directories_their_parts_name(http: FlaskClient) -> None:
    """ "Kolonialgeschichtewedding" found the 6 hits of "Kolonialgeschichte Wedding" but
    offered none of its directories: a value was named by whole words as typed. Its parts
    now count as typed apart, except where the query is a name typed whole, whose part
    named a directory ("Mangabellplatz", "Manga Bell Platz", the square: "Platz")."""

    def offered(query: str, lang: str = "de") -> dict[str, list[str]]:
        twin = http.get("/search.json", query_string={"q": query, "lang": lang}).get_json()
        return {d["kind"]: d["names"] for d in twin["named"]}

    both = offered("Kolonialgeschichte Wedding")
    assert both and offered("Kolonialgeschichtewedding") == both
    assert offered("Referentinfranzösisch") == offered("Referentin französisch") != {}
    assert offered("Mangabellplatz") == offered("Manga-Bell-Platz") == {}
    # Typed apart, the square's name named "Platz" too (walk); a value the whole query
    # names still counts, where the query is an entity's name as well (the district).
    assert offered("Manga Bell Platz") == {}
    assert offered("Wedding")["organisations"] == ["Wedding"]


def test_a_name_typed_with_other_words_names_only_what_they_name(http: FlaskClient) -> None:
    """Walk of 2026-12-07: "Manga-Bell-Platz Wedding" and "Mangabellplatz Wedding" offered
    "Platz · Wedding", the squares in Wedding, for the square's last part, and
    "Martha-Ndumbe-Platz Mitte" offered no directory at all ("Platz · Mitte" lists none).
    The square's name, hyphened or run together, stays one name beside other words; "fewer
    words" gives it back as typed, not "Manga Bell Platz"."""

    def twin(query: str) -> dict[str, Any]:
        return http.get("/search.json", query_string={"q": query, "lang": "de"}).get_json()

    wedding = {(d["kind"], tuple(d["names"])) for d in twin("Wedding")["named"]}
    assert ("organisations", ("Wedding",)) in wedding and ("sites", ("Wedding",)) in wedding
    for query in ("Manga-Bell-Platz Wedding", "Mangabellplatz Wedding"):
        assert {(d["kind"], tuple(d["names"])) for d in twin(query)["named"]} == wedding, query
    mitte = {(d["kind"], tuple(d["names"])) for d in twin("Mitte")["named"]}
    assert (
        mitte
        and {(d["kind"], tuple(d["names"])) for d in twin("Martha-Ndumbe-Platz Mitte")["named"]}
        == mitte
    )
    # Re-check: typed apart, or half run together, the name named "Platz" still.
    for query in ("Manga Bell Platz Wedding", "Manga-Bellplatz Wedding"):
        assert {(d["kind"], tuple(d["names"])) for d in twin(query)["named"]} == wedding, query
    # Re-check: words joined by a hyphen that are no name are read apart, as run together
    # ("Kolonialgeschichte-Wedding" named nothing).
    both = {(d["kind"], tuple(d["names"])) for d in twin("Kolonialgeschichte Wedding")["named"]}
    assert both
    for query in ("Kolonialgeschichte-Wedding", "Kolonialgeschichtewedding"):
        assert {(d["kind"], tuple(d["names"])) for d in twin(query)["named"]} == both, query
    # "Fewer words" leaves out the name whole too (re-check: only "Manga-Bell-Platz" was
    # offered, its parts left out finding nothing).
    for query in ("Manga-Bell-Platz Wedding", "Manga Bell Platz Wedding"):
        fewer = [f["query"] for f in twin(query)["fewer_words"]]
        assert fewer == ["Wedding", query.removesuffix(" Wedding")], fewer
    # Second re-check: an organisation's name is typed without its note or legal form;
    # "Initiative Klimagerechtes Mitte Klimagerechtigkeit" named "Initiative · Mitte ·
    # Klimagerechtigkeit" (2 organisations) for the words of the name.
    climate = twin("Klimagerechtigkeit")["named"]
    named = twin("Initiative Klimagerechtes Mitte Klimagerechtigkeit")["named"]
    assert climate and named == climate, named
    assert twin("Kora-Haus Wedding Mitte")["named"] == twin("Mitte")["named"]


def test_a_search_that_finds_no_text_but_names_directories_does_not_say_nothing_found(
    http: FlaskClient,
) -> None:
    """ "0 Ergebnisse für „Migrantenorganisation Wedding“", then "6 Organisationen", then
    "Nichts gefunden – und jetzt?": an office worker read "nothing" and gave up (exploratory
    test). A search that finds nothing at all still says so."""
    page = http.get("/search?q=Migrantenorganisation+Wedding").get_data(as_text=True)
    assert "Kein Eintrag enthält „Migrantenorganisation Wedding“ in seinen Texten" in page
    assert "Nichts gefunden" not in page
    assert not re.search(r"\b0 Ergebnisse", page)  # "Wedding (30 Ergebnisse)" is offered
    assert "Weitere Wege" in page
    nothing = http.get("/search?q=Xylophonwerkstatt").get_data(as_text=True)
    assert re.search(r"\b0 Ergebnisse", nothing) and "Nichts gefunden – und jetzt?" in nothing


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_search_of_one_kind_that_finds_none_leads_to_the_hits_of_every_kind(
    http: FlaskClient, lang: str
) -> None:
    """ "Wedding" among the people: none, and the page said "Kein Eintrag enthält „Wedding“"
    though 30 entries of other kinds hold it, shown only as counts in the kind chooser
    (exploratory test). It names the kind, and offers the hits of every kind, page and twin."""
    asked = {"q": "Wedding", "type": "people", "lang": lang}
    everywhere = http.get("/search.json", query_string={"q": "Wedding"}).get_json()["total"]
    assert everywhere > 0
    page = http.get("/search", query_string=asked).get_data(as_text=True)
    said = {
        "de": "Kein Eintrag der Art „Personen“ enthält „Wedding“ in seinen Texten, Einträge "
        "anderer Arten schon.",
        "en": "No entry of the kind “People” has “Wedding” in its texts; entries of other "
        "kinds do.",
    }[lang]
    assert said in page
    assert "Kein Eintrag enthält" not in page and "No entry has" not in page
    twin = http.get("/search.json", query_string=asked).get_json()
    first = twin["directories"][0]
    assert first["url"] == "/search?q=Wedding"
    assert first["label"] == {"de": f"{everywhere} Ergebnisse aller Arten",
                              "en": f"{everywhere} results of every kind"}[lang]  # fmt: skip
    assert f'href="/search?q=Wedding">{first["label"]}</a>' in page
    # A search that finds nothing of any kind offers no such way.
    none = http.get("/search.json", query_string={"q": "Xylophonwerkstatt", "type": "people"})
    assert all("/search?" not in d["url"] for d in none.get_json()["directories"])


def test_a_search_says_which_words_it_searched_without_their_ending(http: FlaskClient) -> None:
    """ "Hansen" found Hans Peters, "Gefunden über: Name", without a word of why (exploratory
    test): the page says that a word was searched without its ending, and its twin too."""
    page = http.get("/search?q=Hansen").get_data(as_text=True)
    assert "„Hansen“ wurde ohne Endung gesucht: „Hans“." in page
    english = http.get("/search?q=Veranstaltungen&lang=en").get_data(as_text=True)
    assert "“Veranstaltungen” was searched without its ending: “Veranstaltung”." in english
    twin = http.get("/search.json?q=Veranstaltungen").get_json()
    assert twin["stemmed"] == [{"typed": "Veranstaltungen", "as": "Veranstaltung"}]
    assert http.get("/search.json?q=Wedding").get_json()["stemmed"] == []


def test_words_that_only_join_the_others_are_not_searched_and_the_page_says_so(
    http: FlaskClient,
) -> None:
    """ "Referentin für Kolonialgeschichte" found 2 of the 5 speakers on colonial history,
    one "because of" the format Fortbildung ("für" began its English name "Further
    training"); with "und" the query found none (search-and-lists walk). The filler words
    are left out, said on the page and in the twin; a query of nothing else is searched."""
    plain = http.get("/search.json?q=Referentin Kolonialgeschichte").get_json()
    hits = {h["iri"] for g in plain["groups"].values() for h in g}
    for query in ("Referentin für Kolonialgeschichte", "Referentin und Kolonialgeschichte"):
        twin = http.get("/search.json", query_string={"q": query}).get_json()
        assert {h["iri"] for g in twin["groups"].values() for h in g} == hits, query
        assert twin["ignored"] == [query.split()[1]]
        reasons = [r for g in twin["groups"].values() for h in g for r in h["why"]]
        assert not any(r["field"] == "format" for r in reasons), reasons
    page = http.get("/search", query_string={"q": "Referentin für Kolonialgeschichte"})
    assert "Nicht gesucht, da sie nur die anderen Wörter verbinden: für." in page.get_data(
        as_text=True
    )
    assert http.get("/search.json?q=und").get_json()["ignored"] == []
    # Typed twice, said once; fewer words offered never end on one (re-check walk).
    twin = http.get("/search.json", query_string={"q": "Haus der Kulturen der Welt"}).get_json()
    assert twin["ignored"] == ["der"]
    assert twin["fewer_words"], twin
    assert not any(f["query"].split()[-1] == "der" for f in twin["fewer_words"])
    assert not any(f["left_out"] == "der" for f in twin["fewer_words"])
    twin = http.get("/search.json", query_string={"q": "Der Kolonialgeschichte der Xyzzy"})
    assert twin.get_json()["ignored"] == ["Der"]  # however it is written
    twin = http.get("/search.json?q=Kolonialgeschichte und Xyzzy und Wedding").get_json()
    assert [f["query"] for f in twin["fewer_words"]] == ["Kolonialgeschichte und Wedding"]


def test_a_hits_matched_field_is_the_one_its_reasons_name(http: FlaskClient) -> None:
    """The twin gave `"matched": "topic"` for speakers its `why` said were found by their
    format "Workshop" or their region "Nordafrika" (search-and-lists walk)."""
    for query, field in (("Workshop", "format"), ("Nordafrika", "region")):
        twin = http.get("/search.json", query_string={"q": query}).get_json()
        hits = [h for g in twin["groups"].values() for h in g]
        assert hits
        for hit in hits:
            fields = [r["field"] for r in hit["why"]]
            assert hit["matched"] in [*fields, "several"], (hit["label"], hit["matched"], fields)
        assert any(h["matched"] == field for h in hits), query


def test_a_filtered_sites_list_says_its_map_shows_every_site(http: FlaskClient) -> None:
    """Under a filter the map still showed all 8 sites (by design) beside 5 listed, and its
    note said "die Liste unten enthält alle Orte" (exploratory test)."""
    quarter = "https://w3id.org/akteursgraph/mitte/place/afrikanisches-viertel"
    page = http.get("/sites", query_string={"district": quarter}).get_data(as_text=True)
    assert "Die Karte zeigt alle Orte; die Filter gelten für die Liste unten." in page
    assert "enthält alle Orte" not in page
    assert "enthält alle Orte" in http.get("/sites").get_data(as_text=True)


def test_an_empty_filtered_list_offers_its_reset_beside_the_message(http: FlaskClient) -> None:
    """On a phone "Zurücksetzen" sat in the closed filter fold, under "nichts gefunden"."""
    page = http.get("/events?language=fa&period=1900").get_data(as_text=True)
    assert re.search(
        r'Mit diesen Filtern wurde nichts gefunden\. <a class="kern-link" href="/events">'
        r"Zurücksetzen</a>",
        page,
    )


def test_a_search_for_fortbildungen_leads_to_the_training_offers(http: FlaskClient) -> None:
    """An office worker looking for the training offers ("Fortbildungen") was led only to
    the speakers offering that format; the 9 events of the kind "Bildungsangebot" were not
    reached (exploratory test)."""
    twin = http.get("/search.json", query_string={"q": "Fortbildungen"}).get_json()
    events = next(d for d in twin["named"] if d["kind"] == "events")
    assert events["filters"] == {"kind": "https://w3id.org/akteursgraph/ontology#TrainingOffer"}
    listed = http.get("/events.json", query_string=events["filters"]).get_json()
    assert events["total"] == listed["total"] > 0


#: Every public page with a form: its own (filters, a search) and the header's search.
FORM_PAGES = [
    "/",
    *(f"/{kind}" for kind in ("organisations", "people", "projects", "events", "cooperations")),
    *("/topics", "/sites"),
    "/search?q=Platz",
    "/speakers",
    "/network",
    "/network/ego?" + urllib.parse.urlencode({"iri": BASE + OFFICE}),
    "/network/paths",
]


def test_every_control_of_the_public_forms_is_kerns(http: FlaskClient) -> None:
    """Issue 16, item 1 ("KERN UX for ... forms", one look across explorer, network pages
    and workspace): a list's filters drew the browser's own small checkboxes in bordered
    boxes, where the network's filters and the workspace use KERN's; the search's and the
    speakers' labels were plain. Every control of every form of these pages, both languages."""
    wrong = []
    for path in FORM_PAGES:
        for lang in ("de", "en"):
            page = http.get(path, headers={"Accept-Language": lang}).get_data(as_text=True)
            wrong += [f"{path} ({lang}): {w}" for w in not_kern(page, lambda form: True)]
    assert not wrong, "\n".join(sorted(set(wrong)))


def test_office_page_shows_relations_provenance_and_twins(http: FlaskClient) -> None:
    p = page(http, "/" + OFFICE)
    assert p.h1 == ["Koordinationsstelle für kommunale Entwicklungspolitik"]
    assert "Kooperationen" in p.headings
    partners = [t for h, t in p.links if "/example/organisation/" in h]
    assert len(set(partners)) >= 5
    assert "Herkunft der Daten" in p.headings
    assert "Turtle" in p.link_texts() and "JSON-LD" in p.link_texts()
    assert "Bezirksamt Mitte von Berlin" in p.link_texts()


def test_an_organisations_page_lists_each_cooperation_once_with_its_partners(
    http: FlaskClient,
) -> None:
    """Under "Kooperiert mit" the page had one line per partner and cooperation: Frauenforum
    Senegambia four times in a row on the page of the Bildungswerk, each followed by the name
    of a cooperation that was no link, and a cooperation of four partners three times. Now
    each cooperation is listed once, a link with its period, with the partners it shares
    with the organisation; the twin keeps one entry per partner and cooperation."""
    path = "/example/organisation/bildungswerk-diaspora-und-entwicklung"
    twin = http.get(path + ".json").get_json()["entity"]["relations"]["cooperates_with"]
    shared: dict[str, set[str]] = {}
    for entry in twin:
        shared.setdefault(entry["via"].removeprefix(BASE), set()).add(
            entry["iri"].removeprefix(BASE)
        )
    assert len(twin) > len(shared) >= 10  # some cooperations have several partners

    resp = http.get(path, headers={"Accept-Language": "de"})
    listed = re.search(
        r'<h2 id="h-cooperates_with">Kooperationen</h2>\s*<ul class="relations">(.*?)\n  </ul>',
        resp.get_data(as_text=True),
        flags=re.S,
    )
    assert listed
    entries = re.findall(r"<li[^>]*>(.*?)</li>", listed.group(1), flags=re.S)
    assert len(entries) == len(shared)
    seen = {}
    for entry in entries:
        [cooperation, *partners] = [h.lstrip("/") for h in re.findall(r'href="([^"]+)"', entry)]
        assert "gemeinsam mit" in entry and "/cooperation/" in f"/{cooperation}"
        seen[cooperation] = set(partners)
    assert seen == shared
    first = parse(entries[0])
    assert "seit 26. August 2026" in first.body and "(beendet)" not in first.body
    last = parse(entries[-1])
    assert "5. März 2015 – 13. Januar 2016 (beendet)" in last.body


@pytest.mark.parametrize(
    ("path", "lang", "lived"),
    [
        ("/person/gustav-nachtigal", "de", "1834 – 1885"),
        ("/person/rudolf-duala-manga-bell", "de", "1873 – 8. August 1914"),
        ("/person/rudolf-duala-manga-bell", "en", "1873 – 8 August 1914"),
        ("/person/anton-wilhelm-amo", "de", "geboren um 1703"),
        ("/person/anton-wilhelm-amo", "en", "born about 1703"),
    ],
)
def test_a_historical_persons_page_says_when_they_lived(
    http: FlaskClient, path: str, lang: str, lived: str
) -> None:
    """A person's page had birth and death only in its statements table ("Geburtsdatum:
    1834"), where the site stories said "(1834 – 1885)" of the same person. Now it says
    so under its heading, "um" where the data gives a date as approximate; the twin has it
    as `lived`. The competing birth year of Rudolf Duala Manga Bell stays a footnote's."""
    label = {"de": "Lebensdaten", "en": "Lived"}[lang]
    text = http.get(path, headers={"Accept-Language": lang}).get_data(as_text=True)
    assert f'<p class="when"><span class="when-label">{label}:</span> {lived}</p>' in text
    twin = http.get(path + ".json", headers={"Accept-Language": lang}).get_json()
    assert twin["entity"]["lived"] == lived


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("de", [("Art", "Initiative, Migrant*innenorganisation"),
                ("Bezirk oder Ortsteil", "Moabit"), ("Gegründet", "2018"),
                ("Sprachen", "Deutsch, Persisch"),
                ("Website", "https://example.org/persischer-lesekreis-moabit")]),
        ("en", [("Kind", "Initiative, Migrant organisation"),
                ("District or neighbourhood", "Moabit"), ("Founded", "2018"),
                ("Languages", "German, Persian"),
                ("Website", "https://example.org/persischer-lesekreis-moabit")]),
    ],
)  # fmt: skip
def test_an_organisations_page_names_its_facts_under_its_heading(
    http: FlaskClient, lang: str, expected: list[tuple[str, str]]
) -> None:
    """Its kind, district, founding, languages and website stood only in the statements table,
    below its cooperations and topics (issue 16, pages that tell the story): now they are
    named under its heading, the kind and district as links, as the table names them; the
    twin has them as `facts`."""
    path = "/example/organisation/persischer-lesekreis-moabit"
    text = http.get(path, headers={"Accept-Language": lang}).get_data(as_text=True)
    facts = re.search(r'<dl class="facts">(.*?)</dl>', text, flags=re.S)
    assert facts
    pairs = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", facts.group(1), flags=re.S)
    shown = [(dt, " ".join(re.sub(r"<[^>]+>", "", dd).split())) for dt, dd in pairs]
    assert [(dt, html.unescape(dd)) for dt, dd in shown] == expected
    assert 'href="/place/moabit"' in facts.group(1)
    twin = http.get(path + ".json", headers={"Accept-Language": lang}).get_json()["entity"]
    assert list(twin["facts"]) == ["kinds", "districts", "founded", "languages", "homepage"]
    assert [v["value"] for v in twin["facts"]["languages"]] == ["de", "fa"]


def test_a_page_without_a_life_says_none(http: FlaskClient) -> None:
    """An organisation, and a speaker whose dates are not public, have no `lived`."""
    assert http.get(f"/{OFFICE}.json").get_json()["entity"]["lived"] is None
    speaker = http.get(example_path("Amani Njeri") + ".json").get_json()["entity"]
    assert speaker["lived"] is None


@pytest.mark.parametrize(
    ("iri", "lang", "expected"),
    [
        (
            TOPIC,
            "de",
            {"4 Organisationen", "5 Referent*innen", "5 Personen", "2 Projekte",
             "8 Veranstaltungen", "7 Kooperationen"},
        ),
        (
            TOPIC,
            "en",
            {"4 organisations", "5 speakers", "5 people", "2 projects", "8 events",
             "7 cooperations"},
        ),
        (BASE + "place/wedding", "de", {"12 Organisationen", "6 Orte der Kolonialgeschichte"}),
        ("http://metadata.un.org/sdg/13", "en",
         {"4 organisations", "4 people", "1 project", "2 events", "5 cooperations", "2 topics"}),
        (WORKSHOP, "de", {"12 Referent*innen"}),
        # Filtered by the facet "kind" of a list whose route has an argument "kind" too.
        (VOCAB + "organisation-kind/migrant-organisation", "de", {"26 Organisationen"}),
    ],
)  # fmt: skip
def test_a_topics_page_says_how_many_each_directory_files_under_it(
    http: FlaskClient, iri: str, lang: str, expected: set[str]
) -> None:
    """A topic's page listed what names it only as "Verlinkt von: Thema", organisations,
    events and cooperations in one list, and did not say how many speakers know about it
    (issue 16, pages that tell the story). Now it counts, per directory, what is filed under
    it, each count a link to that directory filtered by it; the count is the directory's
    own total, and the twin holds the same. So does any other value a list is filtered by:
    a district, a goal, a format, a kind of organisation."""
    path = "/entity?iri=" + urllib.parse.quote(iri, safe="")
    resp = http.get(path, headers={"Accept-Language": lang})
    assert resp.status_code == 200
    shown = section(resp.get_data(as_text=True), "h-directories")
    assert set(shown.link_texts()) == expected
    twin = http.get(path + "&format=json", headers={"Accept-Language": lang}).get_json()
    filed = twin["entity"]["directories"]
    assert len(filed) == len(shown.links)
    for (href, text), entry in zip(shown.links, filed, strict=True):
        target = urllib.parse.urlsplit(html.unescape(href))
        assert urllib.parse.parse_qs(target.query) == {entry["facet"]: [iri]}
        listed = http.get(f"{target.path}.json?{target.query}").get_json()
        assert listed["total"] == entry["total"] == int(text.split()[0]), href


def test_the_topics_list_says_what_each_directory_files_under_each_topic(
    http: FlaskClient,
) -> None:
    """The topics' list was their names alone, though the empty search's directories offer
    it as "the topics and their organisations". Each entry now counts, as the topic's own
    page does, what each directory files under it, each count a link to the filtered
    directory; links alike in text ("3 Organisationen" of two topics) are named apart by
    their topic."""
    resp = http.get("/topics", headers={"Accept-Language": "de"})
    text = resp.get_data(as_text=True)
    twin = http.get("/topics.json", headers={"Accept-Language": "de"}).get_json()
    assert set(twin["directories"]) == {item["iri"] for item in twin["items"]}
    path = "/entity?iri=" + urllib.parse.quote(TOPIC, safe="")
    own = http.get(path + "&format=json").get_json()["entity"]["directories"]
    assert twin["directories"][TOPIC] == own
    entry = text[text.index(f'href="/entity?iri={TOPIC}"') :].split("</ul>", 1)[0]
    links = re.findall(r'<a href="([^"]+)" aria-label="([^"]+)">([^<]+)</a>', entry)
    assert [label for _, label, _ in links] == [
        f"Kolonialgeschichte: {shown}" for _, _, shown in links
    ]
    assert [shown for _, _, shown in links] == [
        "4 Organisationen", "5 Referent*innen", "5 Personen", "2 Projekte",
        "8 Veranstaltungen", "7 Kooperationen",
    ]  # fmt: skip
    names = re.findall(r'aria-label="([^"]+)"', text)
    assert len(names) == len(set(names))


@pytest.mark.parametrize(("own", "english"), [("Français", "French"), ("Türkçe", "Turkish")])
def test_a_language_named_in_itself_leads_to_the_directories_as_in_german_or_english(
    http: FlaskClient, own: str, english: str
) -> None:
    """Search finds a language by its name in itself, but "Français" offered no directory
    where "French" offered four (search-and-lists walk)."""
    named = http.get("/search.json", query_string={"q": own}).get_json()["named"]
    assert (
        named and named == http.get("/search.json", query_string={"q": english}).get_json()["named"]
    )


def test_a_search_hit_that_lists_filter_by_leads_to_the_filtered_lists(http: FlaskClient) -> None:
    """A search for "Wedding" found the district under "Sonstiges" and the ten organisations
    that name Wedding in their texts, though twelve are in Wedding: a search for a district,
    a topic or a goal did not lead to what the directories file under it. Such a hit now
    counts it, as its own page does, each count a link to the filtered directory; a hit that
    no list is filtered by (an organisation) counts nothing."""
    wedding = BASE + "place/wedding"
    twin = http.get("/search.json?q=Wedding", headers={"Accept-Language": "de"}).get_json()
    hits = {hit["iri"]: hit for group in twin["groups"].values() for hit in group}
    own = http.get("/place/wedding.json").get_json()["entity"]["directories"]
    assert own and hits[wedding]["directories"] == own
    assert all("directories" not in hit for hit in twin["groups"]["organisations"]), (
        "an organisation is no list's filter"
    )
    text = http.get("/search?q=Wedding", headers={"Accept-Language": "de"}).get_data(as_text=True)
    entry = text[text.index('href="/place/wedding"') :].split("</ul>", 1)[0]
    links = re.findall(r'<a href="([^"]+)" aria-label="([^"]+)">([^<]+)</a>', entry)
    district = urllib.parse.quote(wedding, safe="")
    assert links == [
        (f"/organisations?district={district}", "Wedding: 12 Organisationen", "12 Organisationen"),
        (f"/sites?district={district}", "Wedding: 6 Orte der Kolonialgeschichte",
         "6 Orte der Kolonialgeschichte"),
    ]  # fmt: skip
    topic = http.get("/search.json?q=Kolonialgeschichte").get_json()["groups"]["topics"][0]
    assert topic["iri"] == TOPIC and topic["directories"][0]["kind"] == "organisations"


def test_a_search_that_names_filters_leads_to_the_directories_filtered_by_all_of_them(
    http: FlaskClient,
) -> None:
    """Search reads texts: "Kolonialgeschichte Wedding" found what writes both words, not
    the organisations on that topic in that district. The words that name a filter's value
    (a topic, a district, a language ...) now lead to each directory filtered by all of
    them, with the directory's own count; a directory without a filter for one of them is
    not offered, and words that name nothing offer nothing."""
    de = {"Accept-Language": "de"}
    wedding = BASE + "place/wedding"
    twin = http.get("/search.json?q=Kolonialgeschichte+Wedding", headers=de).get_json()
    by_kind = {d["kind"]: d for d in twin["named"]}
    assert set(by_kind) <= {"organisations", "sites"}, "only lists with both filters"
    orgs = by_kind["organisations"]
    assert orgs["filters"] == {"topic": TOPIC, "district": wedding}
    assert orgs["names"] == ["Kolonialgeschichte", "Wedding"]
    query = urllib.parse.urlencode(orgs["filters"])
    assert orgs["total"] == http.get(f"/organisations.json?{query}").get_json()["total"] > 0
    page = http.get("/search?q=Kolonialgeschichte+Wedding", headers=de).get_data(as_text=True)
    assert "In den Verzeichnissen: Kolonialgeschichte · Wedding</h2>" in page
    assert f'<a href="/organisations?{html.escape(query)}">{orgs["total"]} Organisation' in page

    found = http.get("/search.json?q=Referentin+Kolonialgeschichte+Franz%C3%B6sisch").get_json()
    speakers = next(d for d in found["named"] if d["kind"] == "speakers")
    assert speakers["filters"] == {"topic": TOPIC, "language": "fr"}
    query = urllib.parse.urlencode(speakers["filters"])
    assert speakers["total"] == http.get(f"/speakers.json?{query}").get_json()["total"] > 0
    assert http.get("/search.json?q=Afrika").get_json()["named"] == []
    # Walk: an umlaut typed as its German spelling ("oe") found the speakers but named the
    # topic alone; "Franzosisch" and "Französisch" named both.
    for typed in ("Franzoesisch", "Franzosisch", "FRANZÖSISCH"):
        found = http.get(f"/search.json?q=Referentin+Kolonialgeschichte+{typed}").get_json()
        speakers = next(d for d in found["named"] if d["kind"] == "speakers")
        assert speakers["filters"] == {"topic": TOPIC, "language": "fr"}, typed


def test_a_kind_of_organisation_is_named_by_its_usual_spellings_and_its_plural(
    http: FlaskClient,
) -> None:
    """ "Migrantenorganisation Wedding" found nothing: the directories knew a kind only by its
    preferred label, and even that one ("Migrant*innenorganisation") kept its star, which a
    query's words lose, so no query named it. Its other names (skos:altLabel) and a German
    plural now name it too (exploratory walk of an office worker)."""
    kind = "https://w3id.org/akteursgraph/vocab/organisation-kind/migrant-organisation"
    wedding = BASE + "place/wedding"
    typings = (
        "Migrantenorganisation Wedding",
        "Migrant*innenorganisation Wedding",
        "Migrantenorganisationen in Wedding",
        "migrant*innenorganisationen wedding",
    )
    for typed in typings:
        found = http.get("/search.json", query_string={"q": typed}).get_json()
        orgs = [d for d in found["named"] if d["kind"] == "organisations"]
        assert orgs and orgs[0]["filters"] == {"kind": kind, "district": wedding}, typed
        assert orgs[0]["names"][0] == "Migrant*innenorganisation"
    # Two letters ("MO") name nothing: they are a word of too many other texts.
    assert http.get("/search.json", query_string={"q": "mo"}).get_json()["named"] == []


def test_a_page_of_what_no_list_is_filtered_by_counts_no_directory(http: FlaskClient) -> None:
    """An organisation is a member of lists, never a filter's value: its page asks none of
    the directories (each asked would drop the page with every change of that list)."""
    resp = http.get(f"/{OFFICE}")
    assert 'id="h-directories"' not in resp.get_data(as_text=True)
    assert http.get(f"/{OFFICE}.json").get_json()["entity"]["directories"] == []


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
def test_machine_readable_twin(http: FlaskClient, suffix: str, accept: str, fmt: str) -> None:
    resp = http.get(f"/{OFFICE}{suffix}", headers={"Accept": accept})
    assert resp.status_code == 200
    g = rdflib.Graph().parse(data=resp.get_data(), format=fmt)
    label = rdflib.Literal("Koordinationsstelle für kommunale Entwicklungspolitik", lang="de")
    assert (rdflib.URIRef(BASE + OFFICE), rdflib.SKOS.prefLabel, label) in g


def test_site_page_shows_its_naming_history(http: FlaskClient) -> None:
    p = page(http, "/site/manga-bell-platz")
    assert "Geschichte der Benennung" in p.headings
    assert any(h.startswith("Nachtigalplatz") for h in p.headings)
    assert any(h.startswith("Manga-Bell-Platz") for h in p.headings)
    assert "Gustav Nachtigal" in p.link_texts()
    assert any("Manga Bell" in t for t in p.link_texts())
    en = page(http, "/site/manga-bell-platz?lang=en")
    assert "Naming history" in en.headings


@pytest.mark.parametrize(
    ("lang", "when"),
    [("de", "1. April 2016 – 31. März 2019"), ("en", "1 April 2016 – 31 March 2019")],
)
def test_a_projects_list_entry_shows_its_period_not_only_its_start(
    http: FlaskClient, lang: str, when: str
) -> None:
    """The project "Ankommen in Moabit" ran from 2016-04-01 to 2019-03-31; the list said only
    "1. April 2016", as if it were a day (QA 16, item 4). The list and its twin give the
    period; so do the cooperations'."""
    project = "/example/project/ankommen-in-moabit"
    twin = http.get("/projects.json", headers={"Accept-Language": lang}).get_json()
    (item,) = [i for i in twin["items"] if i["iri"].endswith(project)]
    assert item["when"] == when
    listing = http.get("/projects", headers={"Accept-Language": lang}).get_data(as_text=True)
    entry = re.search(r'<li>\s*<a href="' + re.escape(project) + r'".*?</li>', listing, re.S)
    assert entry and when in parse(entry.group(0)).body
    cooperations = http.get("/cooperations.json", headers={"Accept-Language": lang}).get_json()
    lasting = [i for i in cooperations["items"] if i["date"] and i["end"]]
    assert lasting and all(" – " in i["when"] for i in lasting)


def _all_items(http: FlaskClient, path: str) -> list[dict[str, Any]]:
    twin = http.get(path).get_json()
    items = list(twin["items"])
    for page in range(2, twin["pages"] + 1):
        items += http.get(f"{path}&page={page}").get_json()["items"]
    return items


def test_the_period_filter_finds_what_ran_in_the_decade_not_only_what_began_then(
    http: FlaskClient,
) -> None:
    """ "2020–2029" listed only what began in the 2020s: not the project of 2019–2021, not an
    organisation founded in 1998 and still there (search-and-lists walk; docs/api.md: "the
    `period` filter finds what ran at a time"). An event without an end date is of its day."""
    projects = {i["label"]: i for i in _all_items(http, "/projects.json?period=2020")}
    assert "Stimmen aus der Diaspora (Beispiel)" in projects  # 2019 – 2021
    assert all(not i["end"] or i["end"] >= "2020" for i in projects.values())
    everything = _all_items(http, "/projects.json?sort=date")
    ran = [i for i in everything if i["date"] and (not i["end"] or i["end"][:4] >= "2020")]
    assert len(projects) == len(ran)
    founded = [i for i in _all_items(http, "/organisations.json?sort=date") if i["date"]]
    organisations = http.get("/organisations.json?period=2020").get_json()
    assert organisations["total"] == len(founded) > 3  # none of them dissolved
    counts = {f["value"]: f["count"] for f in organisations["facets"]["period"]}
    assert counts["2020"] == len(founded) and counts["2000"] < len(founded)
    events = _all_items(http, "/events.json?period=2010")
    assert events and all(i["date"][:3] == "201" or i["end"] for i in events)


def statement_rows(html: str) -> list[tuple[str, str]]:
    """The rows of an entity page's statements table: (property, value) as read."""
    table = re.search(r'<table class="statements.*?</table>', html, re.S)
    assert table, "no statements table"
    return [
        (parse(prop).body, parse(value).body)
        for prop, value in re.findall(r'<tr><th scope="row"[^>]*>(.*?)</th>\s*<td>(.*?)</td></tr>',
                                      table.group(0), re.S)
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "type_row", "speaks", "languages", "in_language", "event_languages"),
    [
        ("de", "Typ", "Spricht", {"Deutsch", "Persisch", "Paschtu"},
         "Sprache", {"Deutsch", "Duala", "Französisch"}),
        ("en", "Type", "Speaks", {"German", "Persian", "Pashto"},
         "Language", {"German", "Duala", "French"}),
    ],
)  # fmt: skip
def test_the_statements_table_names_the_type_row_and_languages_in_the_readers_language(
    http: FlaskClient,
    lang: str,
    type_row: str,
    speaks: str,
    languages: set[str],
    in_language: str,
    event_languages: set[str],
) -> None:
    """German pages labelled the rdf:type row "type" (rdf:type had no German label) and
    showed languages as codes, "spricht: de", "Sprache: de" (QA 16, item 7)."""
    org = "/example/organisation/afghanische-frauenwerkstatt-tiergarten"
    rows = statement_rows(http.get(org, headers={"Accept-Language": lang}).get_data(as_text=True))
    properties = {p for p, _ in rows}
    assert type_row in properties and ({"Type", "Typ"} - {type_row}).isdisjoint(properties)
    # Each row's name begins with a capital (the vocabulary's "spricht" stood in small
    # letters beside "Beschreibung": staff walk).
    assert all(p[:1] == p[:1].upper() for p in properties), properties
    assert {v for p, v in rows if p == speaks} == languages
    event = "/example/event/gedenkveranstaltung-am-manga-bell-platz-2023"
    rows = statement_rows(http.get(event, headers={"Accept-Language": lang}).get_data(as_text=True))
    assert {v for p, v in rows if p == in_language} == event_languages


def test_sites_list_has_map_data_and_works_without_tiles(http: FlaskClient) -> None:
    p = page(http, "/sites")
    assert "Karte" in p.headings
    assert "Cornelius-Fredericks-Straße" in p.link_texts()
    assert "tile.openstreetmap" not in p.body


def test_the_sites_list_names_each_sites_former_names(http: FlaskClient) -> None:
    """Audit: the list of colonial-history sites named each by its name today only; that
    Manga-Bell-Platz was Nachtigalplatz, the point of the learning site, showed only on its
    page. Each item says its former names (its namings' names other than today's), the page
    and its twin alike."""
    body = http.get("/sites").get_data(as_text=True)
    items = dict(re.findall(r'<li>\s*<a href="/site/([^"]+)">.*?</a>(.*?)</li>', body, re.S))
    assert "früher: Nachtigalplatz" in items["manga-bell-platz"]
    assert "früher: Petersallee" in items["anna-mungunda-allee"]
    assert "früher: Mohrenstraße" in items["anton-wilhelm-amo-strasse"]
    assert "früher" not in items["infostele-afrikanisches-viertel"]  # never renamed
    english = http.get("/sites", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "formerly: Lüderitzstraße" in english
    twin = {i["label"]: i for i in http.get("/sites.json").get_json()["items"]}
    assert twin["Manga-Bell-Platz"]["former_names"] == ["Nachtigalplatz"]
    assert twin["Anna-Mungunda-Allee"]["former_names"] == ["Petersallee"]  # two namings, one name
    assert twin["Infostele Afrikanisches Viertel"]["former_names"] == []


def test_the_map_fetches_every_site_from_a_resource_of_its_own(http: FlaskClient) -> None:
    """The map's sites are not written into each page of the sites list (at the 1M district
    half a megabyte of every one): the page names /sites/map.json, which holds every site
    whatever the filter, with an ETag of its own, and the list's twin names it too."""
    body = http.get("/sites?page=1").get_data(as_text=True)
    assert "data-sites=" not in body
    [url] = re.findall(r'data-sites-url="([^"]*)"', body)
    assert url == "/sites/map.json?lang=de"
    answer = http.get(url)
    assert answer.status_code == 200 and answer.mimetype == "application/json"
    sites = answer.get_json()["sites"]
    listed = http.get("/sites.json?page=1").get_json()
    assert listed["map"] == url
    assert len(sites) == listed["total"] > 1
    names = {s["label"]: s for s in sites}
    assert names["Manga-Bell-Platz"]["url"] == "/site/manga-bell-platz"
    assert all(isinstance(s["lat"], float) and isinstance(s["long"], float) for s in sites)
    assert {s["url"] for s in sites} >= {i["iri"].removeprefix(BASE[:-1]) for i in listed["items"]}
    # With a filter chosen, the map still shows every site (the same address).
    district = listed["facets"]["district"][0]["value"]
    filtered = http.get("/sites?" + urllib.parse.urlencode({"district": district}))
    assert f'data-sites-url="{url}"' in filtered.get_data(as_text=True)
    # Its own ETag: asked again, a 304; in English, the same sites.
    again = http.get(url, headers={"If-None-Match": answer.headers["ETag"]})
    assert again.status_code == 304
    english = http.get("/sites/map.json?lang=en").get_json()["sites"]
    assert len(english) == len(sites)
    # Other lists have no map.
    assert http.get("/organisations.json").get_json()["map"] is None
    assert "site-map" not in http.get("/organisations").get_data(as_text=True)


def test_speaker_directory_filters_and_never_shows_contact_data(
    make_app: Callable[..., Flask], example_store_template: Path
) -> None:
    # Its own app: the request address is a setting the shared app does not have.
    http = make_app(REQUEST_MAILTO="office@example.org").test_client(use_cookies=False)
    query = urllib.parse.urlencode({"topic": TOPIC, "language": "ar", "format": WORKSHOP})
    p = page(http, "/speakers?" + query)
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
    req = page(http, request_link)
    mail = [h for h, _ in req.links if h.startswith("mailto:")]
    assert mail and mail[0].startswith("mailto:office@example.org")


def test_people_without_consent_have_no_page(
    http: FlaskClient, example_store_template: Path
) -> None:
    with Store.open(example_store_template, read_only=True) as store:
        hidden = [
            q.subject.value
            for q in store.quads()
            if q.predicate.value.endswith("publicationConsent")
            and not q.object.value.endswith("ConsentGiven")
        ]
    assert hidden
    for iri in hidden[:5]:
        path = "/" + iri.removeprefix(BASE)
        assert http.get(path, headers={"Accept": "text/html"}).status_code == 404
        assert http.get(path + ".ttl", headers={"Accept": "*/*"}).status_code == 404


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
    http: FlaskClient, q: str, expected: str
) -> None:
    p = page(http, "/search?" + urllib.parse.urlencode({"q": q}))
    assert expected in p.link_texts(), p.link_texts()[:30]


# ---- issue 10: regressions ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "lang", "topics", "formats", "regions"),
    [
        (
            example_path("Mamadou Camara"),
            "de",
            {"topic/anti-racism": "Antirassismus", "topic/colonial-history": "Kolonialgeschichte"},
            {"format/training": "Fortbildung", "format/workshop": "Workshop"},
            {"region/west-africa": "Westafrika"},
        ),
        (
            example_path("Amani Njeri"),
            "en",
            {
                "topic/education": "Education",
                "topic/global-citizenship-education": "Global citizenship education",
                "topic/climate-justice": "Climate justice",
            },
            {"format/city-walk": "City walk", "format/talk": "Talk", "format/workshop": "Workshop"},
            {"region/east-africa": "East Africa"},
        ),
    ],
)
def test_issue10_speaker_profile_shows_labels_with_links_not_dicts(
    http: FlaskClient,
    path: str,
    lang: str,
    topics: dict[str, str],
    formats: dict[str, str],
    regions: dict[str, str],
) -> None:
    html = http.get(path, headers={"Accept-Language": lang}).get_data(as_text=True)
    assert "&#39;iri&#39;" not in html and "{'" not in html and "{&#39;" not in html
    profile = section(html, "h-profile")
    shown = {urllib.parse.parse_qs(urllib.parse.urlsplit(h).query)["iri"][0]: t
             for h, t in profile.links if h.startswith("/entity?")}  # fmt: skip
    expected = {VOCAB + k: v for k, v in {**topics, **formats, **regions}.items()}
    assert shown == expected
    for href, _text in profile.links:
        if href.startswith("/entity?"):
            assert http.get(href).status_code == 200, href


@pytest.mark.parametrize(
    ("path", "sources"),
    [
        (
            "/site/manga-bell-platz",
            {"https://de.wikipedia.org/wiki/Manga-Bell-Platz"},
        ),
        (
            "/" + OFFICE,
            {
                "https://de.readkong.com/page/"
                "berlin-mitte-global-akteursgruppen-der-kommunalen-6533709"
            },
        ),
    ],
)
def test_issue10_links_outside_the_base_go_out_and_ours_answer(
    http: FlaskClient, path: str, sources: set[str]
) -> None:
    """A source on the web is linked as itself; every link to a page of ours answers 200.

    Before issue 10 the statements table sent sources to /entity?iri=https://de.wikipedia...,
    which answers 404: we have no page for an IRI the public graphs do not describe."""
    html = http.get(path).get_data(as_text=True)
    statements = section(html, "h-statements")
    hrefs = {h for h, _t in statements.links}
    assert sources <= hrefs
    for source in sources:
        assert (source, source) in statements.links  # shown as the address it goes to
    # Every link out is to the value itself, shown as it is.
    assert all(h == t for h, t in statements.links if not h.startswith("/"))
    article = re.search(r'<article class="entity">(.*)</article>', html, flags=re.S)
    assert article
    # Every link of the page's own content (the network pages have tests of their own).
    links = parse(article.group(1)).links
    ours = {h for h, _t in links if h.startswith("/") and not h.startswith("/network")}
    assert ours
    for href in sorted(ours):
        assert http.get(href).status_code == 200, href


def test_issue10_a_value_that_is_not_a_web_address_is_not_a_link(example_app: Flask) -> None:
    """A `javascript:` IRI in the data is text, never a link (nor a link to a 404 page)."""
    with example_app.test_request_context("/"):
        assert value_url("javascript:alert(1)", False) is None
        assert external_url("javascript:alert(1)") is None
        assert value_url("https://de.wikipedia.org/wiki/X", False) == (
            "https://de.wikipedia.org/wiki/X"
        )
        assert value_url(BASE + OFFICE, False) == "/" + OFFICE
        assert value_url(TOPIC, True).startswith("/entity?iri=")  # type: ignore[union-attr]


def test_issue10_too_many_facet_values_is_a_usage_error_not_500(http: FlaskClient) -> None:
    values = [VOCAB + f"topic/t{i}" for i in range(MAX_FACET_VALUES + 10)]
    resp = http.get("/organisations?" + urllib.parse.urlencode({"topic": values}, doseq=True))
    assert resp.status_code == 400
    p = parse(resp.get_data(as_text=True))
    assert p.h1 == ["Fehler"]
    assert f"Zu viele Werte für die Facette 'topic' (höchstens {MAX_FACET_VALUES})." in p.body


def test_issue10_a_page_number_past_the_end_is_not_found(http: FlaskClient) -> None:
    """Before, a huge page number reached the engine as an OFFSET it refused (its syntax
    error was shown); then a page past the end was an empty page that said "page 999 of 3"
    and "nothing found" although the list has entries. It is not found now, and a page
    number that is no whole number from 1 is a usage error; the JSON twin says so in JSON."""
    past = http.get("/organisations?page=1000", headers={"Accept-Language": "de"})
    assert past.status_code == 404
    assert "Seite 1000 gibt es nicht: die Liste hat 3 Seiten." in past.get_data(as_text=True)
    one = http.get("/topics?page=2", headers={"Accept-Language": "en"})  # not "1 page(s)"
    assert "There is no page 2: the list has only one page." in one.get_data(as_text=True)
    for wrong in ("0", "-1", "abc", "1.5", "9" * 30, "١"):
        answer = http.get(f"/organisations?page={wrong}", headers={"Accept-Language": "en"})
        assert answer.status_code == 400, wrong
        assert "page must be a whole number from 1" in answer.get_data(as_text=True)
    twin = http.get("/organisations.json?page=1000")
    assert twin.status_code == 404 and twin.is_json
    assert "There is no page 1000" in twin.get_json()["error"]["en"]
    assert http.get("/organisations?page=1").status_code == 200


def test_a_filter_value_no_entry_has_is_refused_by_name(http: FlaskClient) -> None:
    """A typo or a value from another list showed an empty list with a chip "bogus (0)"."""
    for path, said in (
        # the list and the filter by the names the page shows (they were 'topic' and
        # 'organisations'), and how such a value is given (new-office walk)
        (
            "/organisations?topic=nonsense",
            "'nonsense' is no value of the filter “Topic” of the list “Organisations”; the "
            "list's filters show the values there are (such a value is given by its IRI",
        ),
        ("/sites?district=nord", "no value of the filter “District or neighbourhood” of the"),
        (
            "/speakers?topic=bogus",
            "'bogus' is no value of the filter “Topic” of the directory “Find a speaker”; "
            "the directory's filters show the values there are (such a value is given by its",
        ),
    ):
        answer = http.get(path, headers={"Accept-Language": "en"})
        assert answer.status_code == 400, path
        assert said in html.unescape(answer.get_data(as_text=True))
    assert http.get("/organisations?sort=bogus").status_code == 400
    # the error page leads on: the same page without the choices, search, the home page
    refused = http.get("/organisations?topic=nonsense", headers={"Accept-Language": "de"})
    text = refused.get_data(as_text=True)
    assert "kein Wert des Filters „Thema“ der Liste „Organisationen“" in text
    period = http.get("/events.json?period=abc").get_json()["error"]
    assert "„Zeitraum“ der Liste „Veranstaltungen“" in period["de"]
    assert "(a decade such as 1990)" in period["en"]
    back = '<a class="kern-link" href="/organisations">Diese Seite ohne die getroffene Auswahl'
    assert back in text
    assert 'href="/search"' in text
    assert http.get("/organisations?period=1890").status_code == 200  # a period is open
    for not_a_decade in ("abc", "1895"):  # gave an empty list; a typo is refused
        assert http.get(f"/organisations?period={not_a_decade}").status_code == 400
    # a value that names something no entry has yet is a fair question: the answer is none
    # (the home page links every topic's goals; a new office has no organisations at all)
    unused = http.get("/organisations.json?sdg=http://metadata.un.org/sdg/14").get_json()
    assert unused["total"] == 0 and unused["items"] == []
    assert http.get("/speakers?language=sw").status_code == 200


@pytest.mark.parametrize(
    ("lang", "said"),
    [("de", r"am \d{1,2}\. [A-Z][a-zä]+ 20\d\d"), ("en", r"on \d{1,2} [A-Z][a-z]+ 20\d\d")],
)
def test_where_the_data_came_from_says_when_in_words(
    http: FlaskClient, lang: str, said: str
) -> None:
    """A page's sources read "geladen aus … am 2026-12-01T16:09:40Z" (QA 16, item 8)."""
    org = "/example/organisation/afghanische-frauenwerkstatt-tiergarten"
    text = html.unescape(http.get(org, headers={"Accept-Language": lang}).get_data(as_text=True))
    assert re.search(said, text), lang
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", text)


def test_an_address_elsewhere_without_a_name_is_named_by_itself(http: FlaskClient) -> None:
    """A homepage was named by its last part ("afghanische-frauenwerkstatt-tiergarten"), and
    the review's preview of a draft shows that name: a disguised address
    ("https://betrug.example.net/www.berlin.de") read "www.berlin.de" there."""
    org = "/example/organisation/afghanische-frauenwerkstatt-tiergarten.json"
    statements = http.get(org).get_json()["entity"]["statements"]
    homepage = "https://example.org/afghanische-frauenwerkstatt-tiergarten"
    [row] = [s for s in statements if s["value"] == homepage]
    assert row["value_label"] == "example.org/afghanische-frauenwerkstatt-tiergarten"
    # our own entities and the vocabulary keep their names
    assert all(s["value_label"] != s["value"] for s in statements if "/vocab/" in s["value"])


@pytest.mark.parametrize(
    ("lang", "words"), [("de", "27. Februar 1992"), ("en", "27 February 1992")]
)
def test_the_statements_table_reads_dates_in_words(
    http: FlaskClient, lang: str, words: str
) -> None:
    """A founding date read "1992-02-27" in the statements table, while lists and stories
    said it in words."""
    page = http.get(
        "/example/organisation/anatolisches-nachbarschaftshaus-moabit",
        headers={"Accept-Language": lang},
    ).get_data(as_text=True)
    table = page[page.index('class="statements') :]
    table = table[: table.index("</table>")]
    assert f"<span>{words}</span>" in table and "1992-02-27" not in table


@pytest.mark.parametrize(
    ("lang", "coordinates", "latitude", "not_shown"),
    [
        ("de", "Koordinaten: 52,5561; 13,3342", "<span>52,5561</span>", "52.5561"),
        ("en", "Coordinates: 52.5561; 13.3342", "<span>52.5561</span>", "52,5561"),
    ],
)
def test_numbers_are_written_as_the_language_writes_them(
    http: FlaskClient, lang: str, coordinates: str, latitude: str, not_shown: str
) -> None:
    """Issue: the German site page read "Koordinaten: 52.5561, 13.3342" (and the statements
    table "52.5561"); the graph page "Tripel 3,181"."""
    html = http.get("/site/manga-bell-platz", headers={"Accept-Language": lang}).get_data(
        as_text=True
    )
    assert coordinates in parse(html).body
    table = html[html.index('class="statements') :]
    table = table[: table.index("</table>")]
    assert latitude in table and not_shown not in table
    graph = page(http, "/graph/public/example", lang).body
    triples = re.search(r"(?:Tripel|Triples) ([\d.,]+)", graph)
    assert triples, graph[:300]
    separator = "." if lang == "de" else ","
    assert separator in triples.group(1), triples.group(1)


@pytest.mark.parametrize(
    ("lang", "as_of", "period"),
    [
        ("de", "Das Netzwerk zum Stand 31. Mai 2019.", "seit"),
        ("en", "The network as of 31 May 2019.", "since"),
    ],
)
def test_network_dates_are_written_in_words(
    http: FlaskClient, lang: str, as_of: str, period: str
) -> None:
    """Issue: "Das Netzwerk zum Stand 2019-05-31." and periods "2013–" in the ego network's
    table of connections."""
    assert as_of in page(http, "/network?as_of=2019-05-31", lang).body
    ego = http.get(
        "/network/ego",
        query_string={
            "iri": "https://w3id.org/akteursgraph/mitte/organisation/koordinationsstelle-entwicklungspolitik"
        },
        headers={"Accept-Language": lang},
    ).get_data(as_text=True)
    table = ego[ego.index('id="h-net-edges"') :]
    table = table[: table.index("</table>")]
    periods = re.findall(r'<td class="kern-table__cell">([^<]*)</td></tr>', table)
    assert periods and any(p.startswith(period) for p in periods), periods[:5]
    assert not any(re.fullmatch(r"[\d-]*–[\d-]*", p) for p in periods if p), periods[:5]


def test_a_persons_network_picture_says_their_and_a_filters_name_is_in_lower_case(
    http: FlaskClient,
) -> None:
    """Issue: "Amani Njeri (example person) and its direct connections"; "Without Topic"."""
    html = http.get(example_path("Amani Njeri"), headers={"Accept-Language": "en"})
    text = html.get_data(as_text=True)
    assert "and their direct connections" in text and "and its direct connections" not in text
    org = http.get(
        "/organisation/koordinationsstelle-entwicklungspolitik", headers={"Accept-Language": "en"}
    )
    assert "and its direct connections" in org.get_data(as_text=True)
    empty = http.get(
        "/speakers",
        query_string={"region": "https://w3id.org/akteursgraph/vocab/region/germany",
                      "topic": "https://w3id.org/akteursgraph/vocab/topic/peace"},
        headers={"Accept-Language": "en"},
    ).get_data(as_text=True)  # fmt: skip
    assert "Without topic “Peace”" in empty and "Without Topic" not in empty


def test_other_names_in_another_language_are_marked_as_such(http: FlaskClient) -> None:
    """Issue (WCAG 3.1.2): "Auch bekannt als: Access to education · Bildungsgerechtigkeit"
    on a German page, the English name without lang="en"."""
    html = http.get("/vocab/topic/education", headers={"Accept-Language": "de"}).get_data(
        as_text=True
    )
    alt = re.search(r'<p class="alt">(.*?)</p>', html)
    assert alt, "no other names"
    assert '<span lang="en">Access to education</span>' in alt.group(1)
    assert '<span lang="de">' not in alt.group(1)  # the page's own language needs no mark


def test_the_statements_table_names_each_texts_language(http: FlaskClient) -> None:
    """Berlin Postkolonial's name is the same in German and English: the table read
    "Bezeichnung: Berlin Postkolonial e.V." twice, as if one statement were written twice."""
    page = http.get("/organisation/berlin-postkolonial", headers={"Accept-Language": "de"})
    table = page.get_data(as_text=True).split('id="h-statements"')[1].split("</table>")[0]
    cells = [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(
            r'<tr><th scope="row"[^>]*>Bezeichnung</th>\s*<td>(.*?)</td></tr>', table, re.S
        )
    ]
    assert sorted(cells) == [
        "Berlin Postkolonial e.V. (Deutsch)",
        "Berlin Postkolonial e.V. (Englisch)",
    ]
    assert '<span lang="de">Berlin Postkolonial e.V.</span> <span class="meta">(Deutsch)' in table
    # a value without a language (the address) is named without one
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", table))
    assert "Kameruner Str. 1, Berlin" in text and "Kameruner Str. 1, Berlin (" not in text


def test_the_provenance_names_each_day_of_loading_once(http: FlaskClient) -> None:
    """A topic's page said "loaded from topics.ttl on 4 December 2026" for each of the twelve
    files of the vocabulary, the date twelve times."""
    html = http.get("/vocab/topic/colonial-history", headers={"Accept-Language": "de"})
    section = html.get_data(as_text=True).split('id="h-provenance"')[1].split("</section>")[0]
    vocabulary = next(item for item in section.split("<li>") if "topics.ttl" in item)
    assert vocabulary.count("geladen am") == 1, vocabulary
    day = re.search(r"geladen am (\d+\. \w+ \d{4}) aus ([^<]+)", vocabulary)
    assert day, vocabulary
    files = day.group(2).strip().split(", ")
    assert {"topics.ttl", "sdg.ttl", "reused.ttl"} <= set(files) and len(files) == len(set(files))
    data = http.get("/vocab/topic/colonial-history.json").get_json()["entity"]["provenance"]
    graph = next(g for g in data["graphs"] if any(x["title"] == "topics.ttl" for x in g["loads"]))
    assert len(graph["days"]) == 1  # the twin holds the days as the page shows them
    assert set(graph["days"][0]["files"]) == {x["title"] for x in graph["loads"]}


def _title(page: str) -> str:
    found = re.search(r"<title>(.*?)</title>", page, re.S)
    assert found, page[:300]
    return html.unescape(found.group(1))


def test_each_page_of_a_list_a_filtered_list_and_a_search_has_its_own_title(
    http: FlaskClient,
) -> None:
    """Audit (WCAG 2.4.2): every page of a list, filtered or not, was titled "Organisationen",
    and every search "Suche"."""
    de = {"Accept-Language": "de"}
    first = _title(http.get("/organisations", headers=de).get_data(as_text=True))
    second = _title(http.get("/organisations?page=2", headers=de).get_data(as_text=True))
    assert first.startswith("Organisationen · ") and "Seite 1 von " in first
    assert second.startswith("Organisationen · Seite 2 von ")
    kind = re.search(
        r'name="kind" value="([^"]+)"', http.get("/organisations").get_data(as_text=True)
    )
    assert kind
    filtered = http.get("/organisations", query_string={"kind": kind.group(1)}, headers=de)
    assert _title(filtered.get_data(as_text=True)).startswith("Organisationen (gefiltert)")
    search = http.get("/search", query_string={"q": "kolonial"}, headers=de)
    assert _title(search.get_data(as_text=True)).startswith("Suche: kolonial")
    assert _title(http.get("/search", headers=de).get_data(as_text=True)).startswith("Suche · ")
    language = re.search(
        r'id="s-language".*?<option value="([^"]+)"',
        http.get("/speakers").get_data(as_text=True),
        re.S,
    )
    assert language
    speakers = http.get("/speakers", query_string={"language": language.group(1)}, headers=de)
    assert _title(speakers.get_data(as_text=True)).startswith("Referent*innen finden (gefiltert)")


def test_every_kern_select_has_its_wrapper() -> None:
    """Audit: the search's "Nur", the speakers' filters and the lists' "Sortieren nach" were
    plain text on the page (no border, no arrow): KERN draws a select only inside its
    wrapper, which those three lacked."""
    templates = Path(__file__).parents[1] / "webapp/templates"
    bare = []
    for path in sorted(templates.rglob("*.html")):
        text = path.read_text()
        for found in re.finditer(r'<select class="kern-form-input__select"', text):
            before = text[max(0, found.start() - 200) : found.start()]
            if not re.search(r'<div class="kern-form-input__select-wrapper">\s*$', before):
                bare.append(
                    f"{path.relative_to(templates)}:{text.count(chr(10), 0, found.start()) + 1}"
                )
    assert not bare, bare


def test_a_server_asked_to_builds_the_directories_indexes_at_start_not_for_a_visitor(
    make_app: Callable[..., Flask], caplog: pytest.LogCaptureFixture
) -> None:
    """A topic's page and a search that names filters ask every list's facet index and the
    speaker index; at the 1M district their first build took the first such visitor some
    ten seconds (a search for "Kolonialgeschichte Wedding": 14.4 s after a start, 0.38 s with
    them built). Asked to (`AKTEURSGRAPH_LISTS_AT_START=1`), a server builds them in the
    background as it starts; by default it does not, for memory (docs/configuration.md)."""
    with caplog.at_level("INFO", logger="akteursgraph.explore"):
        quiet = make_app()
        assert "akteursgraph.lists-at-start" not in quiet.extensions
        app = make_app(LISTS_AT_START=True)
        app.extensions["akteursgraph.lists-at-start"].join(timeout=60)
        built = caplog.text.count("facet index of")
        assert built >= len(explore.KINDS) and "speaker index:" in caplog.text
        caplog.clear()
        page = app.test_client().get("/search?q=Kolonialgeschichte+Wedding")
    assert page.status_code == 200 and "In den Verzeichnissen" in page.get_data(as_text=True)
    assert "facet index of" not in caplog.text and "speaker index:" not in caplog.text


def test_the_names_a_search_reads_filters_by_keep_no_replaced_index_alive(
    make_app: Callable[..., Flask],
) -> None:
    """The names of the filters' values are kept between searches, with the index they were
    read from; a publication replaces the index, and the old one, megabytes at the 1M
    district, must not live on for its names (the memory of issue 11)."""
    app = make_app()
    store: Store = app.extensions["akteursgraph.store"]
    http = app.test_client()
    assert http.get("/search.json?q=Kolonialgeschichte+Wedding").get_json()["named"]
    old = weakref.ref(explore.facet_index(store, "organisations"))
    writer = app.extensions["akteursgraph.writer"]
    office = BASE + OFFICE
    label = next(q for q in store.quads(ox.NamedNode(office), ox.NamedNode(PREF_LABEL)))
    renamed = ox.Quad(label.subject, label.predicate, ox.Literal("KEP Mitte", language="de"),
                      label.graph_name)  # fmt: skip
    writer.commit(Change(add=[renamed], remove=[label]), ChangeMeta.default())
    assert explore.facet_index(store, "organisations") is not old()  # the list follows it
    gc.collect()
    assert old() is None, "kept alive until the next search"
    assert http.get("/search.json?q=Kolonialgeschichte+Wedding").get_json()["named"]


@pytest.mark.parametrize(("lang", "name"), [("de", "Bezirk oder Ortsteil"),
                                            ("en", "District or neighbourhood")])  # fmt: skip
def test_the_district_filter_is_named_as_the_entry_pages_name_it(
    http: FlaskClient, lang: str, name: str
) -> None:
    """The filter said "Ortsteil" ("District"), the entry's page and its form "Bezirk oder
    Ortsteil": one thing, one name."""
    page = http.get("/organisations", headers={"Accept-Language": lang}).get_data(as_text=True)
    assert f'<legend class="kern-label">{name}</legend>' in page


@pytest.mark.parametrize(
    ("path", "n"),
    # An error of the search page (a page past the last) keeps the header's form: it had
    # none at all (re-check of 84c3bbf).
    [("/", 2), ("/search?q=Platz", 1), ("/search?q=Wedding&page=99", 1)],
)
def test_every_search_landmark_is_named(http: FlaskClient, path: str, n: int) -> None:
    """Audit: the page's own search form was a second search landmark without a name; a
    screen reader's list of landmarks showed "Search the site" and a bare "search". (The
    search page has its own form alone: test_viewports, the first screen.)"""
    page = http.get(path, headers={"Accept-Language": "en"}).get_data(as_text=True)
    forms = re.findall(r'<form [^>]*role="search"[^>]*>', page)
    assert len(forms) == n
    if "page=99" in path:  # the error page's field keeps the words asked for
        assert 'id="site-q" name="q" type="search"' in page and 'value="Wedding"' in page
    for form in forms:
        named = re.search(r'aria-label="([^"]+)"|aria-labelledby="([^"]+)"', form)
        assert named, form
        if named[2]:
            assert re.search(rf'id="{named[2]}"[^>]*>[^<]+<', page), named[2]


def test_the_privacy_notice_names_the_editors_local_storage(http: FlaskClient) -> None:
    """Audit: the query editor keeps queries and tabs in the browser's local storage, which
    the notice ("one cookie … no tracking") did not say."""
    for lang, said in (("de", "lokalen Speicher Ihres Browsers"), ("en", "local storage")):
        page = http.get("/datenschutz", headers={"Accept-Language": lang}).get_data(as_text=True)
        assert said in page, lang


def test_a_hit_found_by_a_text_in_another_language_says_which(http: FlaskClient) -> None:
    """Walk: "Found by: Description" on the English page, for a word of the German text."""
    page = http.get("/search?q=Kolonialgeschichte&lang=en").get_data(as_text=True)
    assert "Found by: Description (in German)" in page
    page = http.get("/search?q=Kolonialgeschichte&lang=de").get_data(as_text=True)
    assert "Gefunden über: Beschreibung<" in page and "(auf Deutsch)" not in page


def test_a_description_in_another_language_than_the_pages_is_marked_so(
    make_app: Callable[..., Flask],
) -> None:
    """An editor's description given in German only is shown on the English pages too; it
    took on their language (`<p class="description">Ein Testverein.</p>` under
    `lang="en"`, English walk), so a screen reader read German words as English (WCAG
    3.1.2). The entry's page, its list's entry and their twins now say its language."""
    app = make_app()
    store: Store = app.extensions["akteursgraph.store"]
    office = ox.NamedNode(BASE + OFFICE)
    english = [
        q
        for q in store.quads(office, ox.NamedNode("http://purl.org/dc/terms/description"))
        if isinstance(q.object, ox.Literal) and q.object.language == "en"
    ]
    assert english
    app.extensions["akteursgraph.writer"].commit(Change(remove=english), ChangeMeta.default())
    http = app.test_client()
    german = "Stelle des Bezirksamts Mitte"
    shown = http.get(f"/{OFFICE}?lang=en").get_data(as_text=True)
    assert re.search(r'<p class="description" lang="de">' + german, shown)
    listed = http.get("/organisations?lang=en").get_data(as_text=True)
    assert re.search(r'<p lang="de">' + german, listed)
    twin = http.get(f"/{OFFICE}.json?lang=en").get_json()["entity"]
    assert twin["description"].startswith(german) and twin["description_lang"] == "de"
    items = http.get("/organisations.json?lang=en").get_json()["items"]
    (item,) = [i for i in items if i["iri"] == BASE + OFFICE]
    assert item["description_lang"] == "de"
    # On the German pages it is the page's own language: no mark.
    shown = http.get(f"/{OFFICE}?lang=de").get_data(as_text=True)
    assert f'<p class="description">{german}' in shown
    assert f'<p lang="de">{german}' not in http.get("/organisations?lang=de").get_data(as_text=True)


def test_an_organisations_page_lists_its_units_and_draws_them(http: FlaskClient) -> None:
    """The district office's page had its coordination office (`org:unitOf` it) only under
    "Verlinkt von", and its neighbourhood picture drew no one: the unit's link was followed
    from the unit's side alone."""
    office = (
        "https://w3id.org/akteursgraph/mitte/organisation/koordinationsstelle-entwicklungspolitik"
    )
    twin = http.get("/organisation/bezirksamt-mitte.json").get_json()
    assert [u["iri"] for u in twin["entity"]["relations"]["units"]] == [office]
    page = http.get("/organisation/bezirksamt-mitte").get_data(as_text=True)
    units = re.search(r'<h2 id="h-units">([^<]*)</h2>(.*?)</section>', page, re.S)
    assert units and units.group(1) == "Organisationseinheiten"
    assert "Koordinationsstelle für kommunale Entwicklungspolitik" in units.group(2)
    picture = re.search(r'<svg class="ego".*?</svg>', page, re.S)
    assert picture and "Koordinationsstelle" in picture.group(0)
    english = http.get("/organisation/bezirksamt-mitte", headers={"Accept-Language": "en"})
    assert '<h2 id="h-units">Units</h2>' in english.get_data(as_text=True)


def test_an_organisations_page_lists_what_it_funds(http: FlaskClient) -> None:
    """A foundation's page had the projects it funds only under "Verlinkt von", and its
    neighbourhood picture lacked them, where the network links funder and project."""
    twin = http.get("/example/organisation/stiftung-kiezbruecke.json").get_json()
    funded = {f["label"] for f in twin["entity"]["relations"]["funds"]}
    assert "Ankommen in Moabit (Beispiel)" in funded
    page = http.get("/example/organisation/stiftung-kiezbruecke").get_data(as_text=True)
    section = re.search(r'<h2 id="h-funds">([^<]*)</h2>(.*?)</section>', page, re.S)
    assert section and section.group(1) == "Fördert" and "Ankommen in Moabit" in section.group(2)


def test_an_actor_without_links_says_so_and_every_other_draws_its_links(
    example_app: Flask,
) -> None:
    """An organisation without any link (Berlin Postkolonial in the example) showed a
    "Nachbarschaft im Netzwerk" with only a link to a network of one node. It says now that
    none is recorded; which holds only if the page's groups of links hold every link the
    network draws: for each organisation and person, no picture exactly when the network
    has no link of it (the units and what an organisation funds had been missing)."""
    from akteursgraph import explore
    from akteursgraph_web.explorer import _ego_picture

    with example_app.test_request_context("/"):
        net = example_app.extensions["akteursgraph.network"].graph()
        store = example_app.extensions["akteursgraph.store"]
        actors = [
            n for n, d in net.nodes(data=True) if d.get("kind") in ("organisations", "people")
        ]
        drawn = {n: bool(_ego_picture(explore.entity(store, n, "de"))["nodes"]) for n in actors}
    assert {n for n, has in drawn.items() if not has} == {n for n in actors if not net.degree(n)}
    assert not all(drawn.values())  # the example has actors without links
    client = example_app.test_client()
    page = client.get("/organisation/berlin-postkolonial").get_data(as_text=True)
    section = re.search(r'<h2 id="h-network">.*?</section>', page, re.S)
    assert section and "hat im Netzwerk noch keine Verbindung" in section.group(0)
    assert "/network/ego" not in section.group(0)
