"""JSON twins of the explorer's pages, conditional requests and the page cache (issue 16).

Each page kind's twin parses and holds the facts its page shows (same counts, same labels);
`Accept: application/json` gives the same twin as `.json`; RDF stays at its suffixes. Every
public answer has a strong ETag, `304` for a client that names it, and a publication makes
every old tag and cached answer unreachable. The search finds speakers by role, topic and
language and says why; facet counts follow the other chosen filters.
"""

from __future__ import annotations

import html
import json
import re
import urllib.parse
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_wtf.csrf import generate_csrf

from akteursgraph.changes import submit
from akteursgraph.changes.model import ORIGIN_FORM, ORIGIN_LOAD, ChangeMeta
from akteursgraph.explore import speakers
from akteursgraph.loader import LoadedFile, provenance
from akteursgraph.namespaces import SCHEMA, SKOS
from akteursgraph.store import Change, Store
from akteursgraph_web.page_cache import Answer, PageCache
from akteursgraph_web.refill import newest_first
from akteursgraph_web.twins import conditional

BASE = "https://w3id.org/akteursgraph/mitte/"
OFFICE = "organisation/koordinationsstelle-entwicklungspolitik"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
ORG = "http://www.w3.org/ns/org#"
VOCAB = "https://w3id.org/akteursgraph/vocab/"
TOPIC = VOCAB + "topic/colonial-history"
SORAYA = BASE + "example/person/p-5dcr25yzdeji7a4t"
RACHID = BASE + "example/person/p-a5jafivv27uyjc4b"
QUERY = "Referentin Kolonialgeschichte Französisch"


@pytest.fixture
def http(example_app: Flask) -> FlaskClient:
    """The shared example app, without a cookie jar (each request stands alone)."""
    return example_app.test_client(use_cookies=False)


def twin_of(http: FlaskClient, page: str, twin: str) -> tuple[str, dict]:
    """The page's HTML and its twin, after checking both answer and link each other."""
    got = http.get(page)
    assert got.status_code == 200, page
    text = got.get_data(as_text=True)
    assert f'<link rel="alternate" type="application/json" href="{html.escape(twin)}">' in text
    assert got.headers["Link"] == f'<{twin}>; rel="alternate"; type="application/json"'
    # and a reader sees it: the twins were linked only in the page's head, for programs
    visible = f'<a (class="[^"]*" )?href="{re.escape(html.escape(twin))}" type="application/json">'
    assert len(re.findall(visible, text)) == 1, page
    assert "Accept" in got.headers["Vary"]
    answer = http.get(twin)
    assert answer.status_code == 200 and answer.mimetype == "application/json", twin
    data = answer.get_json()
    assert data["links"] == {"html": page, "self": twin}
    by_accept = http.get(page, headers={"Accept": "application/json"})
    assert by_accept.get_json() == data, page  # the same twin, asked by Accept
    return text, data


def shown(label: str, text: str) -> bool:
    return html.escape(label) in text or html.escape(label, quote=False) in text


def test_every_page_kind_has_a_twin_with_the_pages_facts(http: FlaskClient) -> None:
    text, home = twin_of(http, "/", "/index.json")
    assert home["counts"]["organisations"] > 0 and home["recent"] and home["topics"]
    assert all(shown(r["label"], text) for r in home["recent"])

    query = urllib.parse.urlencode({"topic": TOPIC, "sort": "label"})
    text, listed = twin_of(http, f"/organisations?{query}", f"/organisations.json?{query}")
    assert listed["kind"] == "organisations" and listed["selected"] == {"topic": [TOPIC]}
    assert f"({listed['total']})" in text and 0 < len(listed["items"]) <= listed["total"]
    assert all(shown(i["label"], text) for i in listed["items"])
    assert {"topic", "kind", "district"} <= set(listed["facets"])

    query = urllib.parse.urlencode({"q": "Kolonialgeschichte"})
    text, found = twin_of(http, f"/search?{query}", f"/search.json?{query}")
    hits = [h for group in found["groups"].values() for h in group]
    assert found["total"] == len(hits) > 0 and f"{found['total']} " in text
    assert all(shown(h["label"], text) for h in hits)

    query = urllib.parse.urlencode({"topic": TOPIC})
    text, directory = twin_of(http, f"/speakers?{query}", f"/speakers.json?{query}")
    assert directory["total"] == len(directory["people"]) > 0
    assert all(shown(p["label"], text) for p in directory["people"])
    assert all(TOPIC in p["values"]["topics"] for p in directory["people"])
    # The people's list filtered by the topic says nothing false of their topics: it said
    # "topics": [] of each, a person's own (a speaker's are their profile's).
    text, people = twin_of(http, f"/people?{query}", f"/people.json?{query}")
    assert people["total"] > 0
    assert all("topics" not in p and "speaker" in p for p in people["items"])

    text, page = twin_of(http, f"/{OFFICE}", f"/{OFFICE}.json")
    entity = page["entity"]
    assert entity["iri"] == BASE + OFFICE and f"<h1>{html.escape(entity['label'])}</h1>" in text
    assert entity["statements"] and page["ego"]["nodes"]
    assert all(shown(n["label"], text) for n in page["ego"]["nodes"])
    assert page["rdf"]["ttl"] == f"/{OFFICE}.ttl"
    graph = "/graph/public/mitte-facts"
    text, described = twin_of(http, graph, f"{graph}.json")
    assert described["graph"]["iri"] == BASE + graph[1:] and described["graph"]["triples"] > 0
    assert f"{described['graph']['triples']:,}".replace(",", ".") in text or str(
        described["graph"]["triples"]) in text  # fmt: skip
    # A page of an IRI outside the base: its twin is asked with format=json (it linked
    # /entity.json?iri=..., a 404, and its twin named itself as its page; exploratory test).
    query = urllib.parse.urlencode({"iri": TOPIC})
    text, outside = twin_of(http, f"/entity?{query}", f"/entity?{query}&format=json")
    assert outside["entity"]["iri"] == TOPIC and outside["entity"]["label"] == "Kolonialgeschichte"


def test_an_entity_twin_names_languages_as_its_page_does(http: FlaskClient) -> None:
    """The twin gave the code ("fa") where the page shows "Persisch" / "Persian"."""
    path = "/example/organisation/afghanische-frauenwerkstatt-tiergarten"
    for lang, name in (("de", "Persisch"), ("en", "Persian")):
        text, page = twin_of(http, f"{path}?lang={lang}", f"{path}.json?lang={lang}")
        languages = [
            s for s in page["entity"]["statements"] if s["predicate"] == SCHEMA + "knowsLanguage"
        ]
        assert languages and all(s["value_label"] != s["value"] for s in languages), languages
        assert name in {s["value_label"] for s in languages}
        assert all(shown(s["value_label"], text) for s in languages)


def test_rdf_stays_at_its_suffixes_and_types(http: FlaskClient) -> None:
    ld = http.get(f"/{OFFICE}.jsonld")
    assert ld.mimetype == "application/ld+json"
    assert http.get(f"/{OFFICE}", headers={"Accept": "application/ld+json"}).mimetype == (
        "application/ld+json"
    )
    assert http.get(f"/{OFFICE}", headers={"Accept": "text/turtle"}).mimetype == "text/turtle"
    assert http.get(f"/{OFFICE}.json").mimetype == "application/json"
    assert http.get("/organisation/nobody-here.json").status_code == 404


@pytest.mark.parametrize("fmt", ["xml", "JSON", "html", ""])
def test_an_unknown_format_of_an_entity_is_said_in_both_languages(
    http: FlaskClient, fmt: str
) -> None:
    """JSON twins walk: `/entity?iri=…&format=xml` answered Werkzeug's bare English 400 page,
    to a JSON client too."""
    iri = "https://w3id.org/akteursgraph/vocab/topic/education"
    url = "/entity?" + urllib.parse.urlencode([("iri", iri), ("format", fmt)])
    answer = http.get(url, headers={"Accept": "application/json"})
    assert answer.status_code == 400 and answer.mimetype == "application/json"
    error = answer.get_json()["error"]
    assert f"„{fmt}“" in error["de"] and f"'{fmt}'" in error["en"]
    assert "json" in error["en"] and "ttl" in error["en"]
    page = http.get(url, headers={"Accept": "text/html", "Accept-Language": "de"})
    assert page.status_code == 400 and "Unbekanntes Format" in page.get_data(as_text=True)


def test_a_search_too_long_is_a_400_in_both_languages(http: FlaskClient) -> None:
    """JSON twins walk: 400 words held every other search for 12 s (`MAX_QUERY_WORDS`)."""
    text = " ".join(["Klima"] * 17)
    answer = http.get("/search.json?" + urllib.parse.urlencode([("q", text)]))
    assert answer.status_code == 400
    error = answer.get_json()["error"]
    assert "17 Wörter" in error["de"] and "at most 16 words" in error["en"]
    page = http.get(
        "/search?" + urllib.parse.urlencode([("q", text)]), headers={"Accept": "text/html"}
    )
    assert page.status_code == 400 and "höchstens 16 Wörter" in page.get_data(as_text=True)
    one_long_word = http.get("/search.json?" + urllib.parse.urlencode([("q", "K" * 201)]))
    error = one_long_word.get_json()["error"]  # it said "1 Wörter", "1 words"
    assert "(1 Wort, 201 Zeichen)" in error["de"] and "(1 word, 201 characters)" in error["en"]


@pytest.mark.parametrize(
    ("url", "named", "de", "en"),
    [
        # A filter of another list: the whole list answered, looking filtered.
        ("/people.json?district=x", "district", "Die Liste people hat keinen Filter district",
         "its filters: language, sdg, topic"),
        ("/projects.json?language=fr", "language", "hat keinen Filter language", "no filter"),
        ("/sites.json?period=2010", "period", "hat keinen Filter period", "no filter period"),
        ("/speakers.json?district=x", "district", "Das Verzeichnis der Referent*innen hat",
         "its filters: format, language, region, topic"),
        ("/search.json?q=Klima&district=x", "district", "Die Suche hat keinen Filter", "no filter"),
        ("/search.json?q=Klima&as_of=2020", "as_of", "heutigen Stand", "today's state"),
        # Two values of one that takes one: the first was read, the second dropped.
        ("/search.json?q=Klima&type=people&type=organisations", "type", "nimmt hier einen Wert",
         "('people', 'organisations')"),
        ("/search.json?q=Klima&q=Wedding", "q", "einen Wert", "not several"),
        ("/organisations.json?sort=label&sort=date", "sort", "einen Wert", "not several"),
        ("/organisations.json?page=1&page=2", "page", "einen Wert", "not several"),
        ("/network.json?as_of=2015&as_of=2020", "as_of", "einen Wert", "('2015', '2020')"),
        (f"/network/ego.json?iri={BASE}{OFFICE}&depth=1&depth=2", "depth", "einen Wert", "several"),
    ],
)  # fmt: skip
def test_a_filter_a_page_lacks_or_a_second_value_is_said_not_dropped(
    http: FlaskClient, url: str, named: str, de: str, en: str
) -> None:
    """JSON twins walk: `/people.json?district=…` answered every person, and
    `type=people&type=organisations` the people alone, each with a 200."""
    answer = http.get(url)
    assert answer.status_code == 400, url
    error = answer.get_json()["error"]
    assert de in error["de"] and en in error["en"], error
    assert error["de"].startswith(f"{named}: ") or named in error["de"], error


@pytest.mark.parametrize(
    "url",
    [
        "/organisations.json?utm_source=newsletter&fbclid=x",  # a link from elsewhere
        "/organisations.json?language=fr&language=en",  # a list's filter: any of them
        "/organisations.json?page=1&page=1",  # the same value twice is one
        "/speakers.json?language=fr&language=FR",  # a language in any case
    ],
)
def test_what_a_page_takes_is_still_taken(http: FlaskClient, url: str) -> None:
    assert http.get(url).status_code == 200, url


@pytest.mark.parametrize(
    ("asked", "status", "spoken"),
    [("EN", 200, "en"), ("en-GB", 200, "en"), ("De", 200, "de"), ("fr", 400, "de")],
)
def test_the_lang_parameter_is_read_as_accept_language_is(
    http: FlaskClient, asked: str, status: int, spoken: str
) -> None:
    """JSON twins walk: `?lang=EN` and `?lang=en-GB` gave German with a 200, where the
    same words in Accept-Language gave English; `?lang=fr` gave German unsaid on the lists,
    a 400 on the network's pages."""
    for page in ("/organisations.json", "/network.json"):
        answer = http.get(page, query_string={"lang": asked})
        assert answer.status_code == status, page
        assert answer.headers["Content-Language"] == spoken, page
        if status == 400:
            assert "Unknown language 'fr'" in answer.get_json()["error"]["en"]


def test_etag_304_and_the_answer_cache(http: FlaskClient) -> None:
    first = http.get(f"/{OFFICE}")
    tag = first.headers["ETag"]
    assert tag.startswith('"') and first.headers["Cache-Control"] == "no-cache"
    again = http.get(f"/{OFFICE}")
    assert again.headers["ETag"] == tag and again.headers["X-Akteursgraph-Cache"] == "hit"
    assert again.get_data() == first.get_data()
    unchanged = http.get(f"/{OFFICE}", headers={"If-None-Match": tag})
    assert unchanged.status_code == 304 and unchanged.get_data() == b""
    assert unchanged.headers["ETag"] == tag
    assert http.get(f"/{OFFICE}", headers={"If-None-Match": '"other"'}).status_code == 200
    # If-None-Match compares weakly (RFC 9110, 13.1.2): a cache that weakened the tag, or
    # names it among others, still gets its 304.
    for named in (f"W/{tag}", f'"other", W/{tag}'):
        assert http.get(f"/{OFFICE}", headers={"If-None-Match": named}).status_code == 304
    # Another language, the twin, another Accept: other answers, other tags.
    tags = {
        tag,
        http.get(f"/{OFFICE}?lang=en").headers["ETag"],
        http.get(f"/{OFFICE}", headers={"Accept-Language": "en"}).headers["ETag"],
        http.get(f"/{OFFICE}.json").headers["ETag"],
        http.get(f"/{OFFICE}", headers={"Accept": "text/turtle"}).headers["ETag"],
    }
    assert len(tags) == 5
    for path in ("/", "/organisations", "/speakers", "/search?q=Moabit", "/organisations.json"):
        tag = http.get(path).headers["ETag"]
        assert http.get(path, headers={"If-None-Match": tag}).status_code == 304, path


def _relabel(app: Flask, iri: str, new: str) -> None:
    """Change the German label through the one write path, as a form would."""
    store: Store = app.extensions["akteursgraph.store"]
    node = ox.NamedNode(iri)
    [old] = [
        q
        for q in store.quads(node, ox.NamedNode(SKOS + "prefLabel"))
        if isinstance(q.object, ox.Literal) and q.object.language == "de"
    ]
    change = Change(
        add=[ox.Quad(node, old.predicate, ox.Literal(new, language="de"), old.graph_name)],
        remove=[old],
    )
    meta = ChangeMeta(author="test", origin=ORIGIN_FORM, comment="relabel")
    submit(app.extensions["akteursgraph.writer"], change, meta, review_required=False)


def test_a_publication_makes_old_tags_and_answers_unreachable(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app()
    http = app.test_client(use_cookies=False)
    page, listed = http.get(f"/{OFFICE}"), http.get("/organisations?sort=label")
    tag, list_tag = page.headers["ETag"], listed.headers["ETag"]
    assert http.get(f"/{OFFICE}").headers["X-Akteursgraph-Cache"] == "hit"
    _relabel(app, BASE + OFFICE, "Aaaa Koordinationsstelle Neu")  # sorts first
    after = http.get(f"/{OFFICE}", headers={"If-None-Match": tag})
    assert after.status_code == 200 and after.headers["ETag"] != tag
    assert "X-Akteursgraph-Cache" not in after.headers
    assert "Aaaa Koordinationsstelle Neu" in after.get_data(as_text=True)
    relisted = http.get("/organisations?sort=label", headers={"If-None-Match": list_tag})
    assert relisted.status_code == 200  # the list's data was kept until the publication
    assert "Aaaa Koordinationsstelle Neu" in relisted.get_data(as_text=True)
    found = http.get("/search.json?q=Aaaa+Koordinationsstelle").get_json()["groups"]
    assert [h["label"] for h in found["organisations"]] == ["Aaaa Koordinationsstelle Neu"]


def test_a_new_entity_keeps_the_pages_that_only_named_its_class(
    make_app: Callable[..., Flask],
) -> None:
    """JSON twins walk: a new organisation, or a load's record (a prov:Activity), dropped
    every page that named its class (each organisation's page shows its type) and every
    list. Now a type statement touches its class's own page (which lists what has the type)
    and the lists of that class alone."""
    app = make_app()
    http = app.test_client(use_cookies=False)
    klass = "/entity?" + urllib.parse.urlencode([("iri", "http://www.w3.org/ns/org#Organization")])
    pages = [f"/{OFFICE}", "/people", "/sites", "/organisations", klass]
    tags = {page: http.get(page).headers["ETag"] for page in pages}
    new = ox.NamedNode(BASE + "organisation/neuer-verein-xy")
    graph = ox.NamedNode(BASE + "graph/public/example")
    name = ox.NamedNode(SKOS + "prefLabel")
    kind = ox.NamedNode(VOCAB + "organisation-kind/network")
    change = Change(
        add=[
            ox.Quad(new, ox.NamedNode(RDF + "type"), ox.NamedNode(ORG + "Organization"), graph),
            ox.Quad(new, name, ox.Literal("Aaa Neuer Verein", language="de"), graph),
            ox.Quad(new, name, ox.Literal("Aaa Neuer Verein", language="en"), graph),
            ox.Quad(new, ox.NamedNode(ORG + "classification"), kind, graph),
        ]
    )
    meta = ChangeMeta(author="test", origin=ORIGIN_FORM, comment="neu")
    submit(app.extensions["akteursgraph.writer"], change, meta, review_required=False)
    status = {
        page: http.get(page, headers={"If-None-Match": tags[page]}).status_code for page in pages
    }
    assert status == {f"/{OFFICE}": 304, "/people": 304, "/sites": 304,
                      "/organisations": 200, klass: 200}  # fmt: skip
    assert "Aaa Neuer Verein" in http.get("/organisations").get_data(as_text=True)
    assert "Aaa Neuer Verein" in http.get(klass).get_data(as_text=True)


def test_staff_pages_and_forms_are_neither_kept_nor_tagged(
    make_app: Callable[..., Flask], staff_client: Callable[..., FlaskClient]
) -> None:
    app = make_app()

    @app.get("/form-probe")
    @conditional
    def form_probe() -> str:  # a public page with a form: the visitor's CSRF token
        return generate_csrf()

    client = staff_client("editor", app=app)
    page = client.get(f"/{OFFICE}")
    assert page.status_code == 200 and "ETag" not in page.headers
    assert page.headers["Cache-Control"] == "private, no-cache"
    assert "X-Akteursgraph-Cache" not in client.get(f"/{OFFICE}").headers
    assert "Edit this entry" in page.get_data(as_text=True) or "bearbeiten" in page.get_data(
        as_text=True)  # fmt: skip
    visitors = [app.test_client(), app.test_client()]
    tokens = {v.get("/form-probe").get_data(as_text=True) for v in visitors}
    assert len(tokens) == 2  # each visitor their own token, none kept for the next
    probe = visitors[0].get("/form-probe")
    assert "ETag" not in probe.headers and probe.headers["Cache-Control"] == "private, no-cache"
    # The anonymous page never shows the staff link.
    assert "workspace/edit" not in visitors[0].get(f"/{OFFICE}").get_data(as_text=True)


# ---- search that helps ----------------------------------------------------------------------


def test_referentin_kolonialgeschichte_franzoesisch_finds_the_speakers(
    http: FlaskClient, store: Store
) -> None:
    expected = {p["iri"] for p in speakers(store, "de", topic=TOPIC, language="fr")}
    assert {SORAYA, RACHID} <= expected
    found = http.get("/search.json", query_string={"q": QUERY}).get_json()
    people = {h["iri"]: h for h in found["groups"]["people"]}
    assert set(people) == expected
    for hit in people.values():
        assert {"field": "role", "value": None} in hit["why"]
        assert {"field": "topic", "value": "Kolonialgeschichte"} in hit["why"]
        assert {"field": "language", "value": "Französisch"} in hit["why"]
    text = http.get("/search", query_string={"q": QUERY}).get_data(as_text=True)
    assert "Thema: Kolonialgeschichte; Sprache: Französisch" in text
    # Written without its umlaut, the language is named all the same (it said only "Sprache").
    plain = http.get("/search.json", query_string={"q": QUERY.replace("ö", "oe")}).get_json()
    assert plain["groups"]["people"] and all(
        {"field": "language", "value": "Französisch"} in hit["why"]
        for hit in plain["groups"]["people"]
    )
    english = http.get("/search.json", query_string={"q": "speaker colonial French", "lang": "en"})
    assert {h["iri"] for h in english.get_json()["groups"]["people"]} == expected


def test_a_speaker_is_found_by_her_regional_focus(http: FlaskClient, store: Store) -> None:
    """Exploratory test: "Referentin Nordafrika" found no speaker, though the directory
    filters by region: search read topics, languages and formats, not the region."""
    expected = {p["iri"] for p in speakers(store, "de", region=VOCAB + "region/north-africa")}
    assert expected
    found = http.get("/search.json", query_string={"q": "Referentin Nordafrika"}).get_json()
    people = {h["iri"]: h for h in found["groups"]["people"]}
    assert set(people) == expected
    assert all({"field": "region", "value": "Nordafrika"} in h["why"] for h in people.values())
    text = http.get("/search", query_string={"q": "Referentin Nordafrika"}).get_data(as_text=True)
    assert "Region: Nordafrika" in text


@pytest.mark.parametrize("role", ["Referent*in", "Referent*innen", "Referent:in", "Referent_innen"])
def test_the_role_written_with_a_gender_mark_finds_the_speakers(
    http: FlaskClient, store: Store, role: str
) -> None:
    """Exploratory test: "Referent*in Kolonialgeschichte" found one organisation and no
    speaker, though the site itself writes "Referent*innen finden": the mark split the word
    into "referent" and "in"."""
    expected = {p["iri"] for p in speakers(store, "de", topic=TOPIC)}
    found = http.get("/search.json", query_string={"q": f"{role} Kolonialgeschichte"}).get_json()
    assert {h["iri"] for h in found["groups"].get("people", [])} == expected


@pytest.mark.parametrize(
    ("kind", "dated"),
    [("organisations", True), ("events", True), ("sites", False), ("people", False),
     ("topics", False)],
)  # fmt: skip
def test_a_list_offers_sorting_by_date_only_where_its_entries_have_one(
    http: FlaskClient, kind: str, dated: bool
) -> None:
    """Exploratory test: sites, people and topics offered "Datum, neueste zuerst" and
    answered sort=date in the order of names."""
    page = http.get(f"/{kind}").get_data(as_text=True)
    assert ('<option value="date"' in page) is dated
    assert http.get(f"/{kind}.json").get_json()["sorts"] == (
        ["label", "date"] if dated else ["label"]
    )
    assert http.get(f"/{kind}.json?sort=date").status_code == (200 if dated else 400)


def test_a_compound_with_a_gender_mark_is_found_by_its_beginning(http: FlaskClient) -> None:
    """Audit: "Migrantinnen" found nothing, though 26 organisations are of the kind
    "Migrant*innenorganisation": in a compound the mark was not taken out ("innen" was
    followed by more letters), so the word split into "migrant" and "innenorganisation"."""
    found = http.get("/search.json", query_string={"q": "Migrantinnen"}).get_json()
    assert found["total"] >= 20, found["total"]
    assert "Migrant*innenorganisation" in str(found)
    from akteursgraph.search.folding import words

    assert words("migrant*innenorganisation künstler:innenkollektiv") == [
        "migrantinnenorganisation", "künstlerinnenkollektiv"
    ]  # fmt: skip
    assert words("altstadt/innenstadt") == ["altstadt", "innenstadt"]  # a slash joins no compound


def test_an_empty_search_suggests_spellings_and_the_directories(http: FlaskClient) -> None:
    found = http.get("/search.json", query_string={"q": "Kolonialgeshichte"}).get_json()
    assert found["total"] == 0
    assert found["suggestions"][0]["query"] == "Kolonialgeschichte"  # as the data writes it
    text = http.get("/search", query_string={"q": "Kolonialgeshichte"}).get_data(as_text=True)
    assert "Meinten Sie" in text and 'href="/search?q=Kolonialgeschichte' in text
    assert 'href="/speakers"' in text and 'href="/topics"' in text
    # the sites too (exploratory test: "Orte der Kolonialgeschichte" found nothing, and the
    # directories offered were speakers, topics and organisations, even with type=sites)
    help_box = text.split('id="search-help"', 1)[1].split("</div>", 1)[0]
    assert 'href="/sites"' in help_box and "Orte der Kolonialgeschichte" in help_box
    assert http.get("/search.json?q=zzzqqqxx").get_json()["suggestions"] == []
    # the twin holds the directories the page offers (audit: only the spellings)
    shown = re.findall(r'<li><a class="kern-link" href="([^"]+)">', help_box)
    assert [d["url"] for d in found["directories"]] == shown and len(shown) == 4
    assert http.get("/search.json", query_string={"q": "Kolonial"}).get_json()["directories"] == []


def test_an_empty_search_of_known_words_offers_fewer_words(http: FlaskClient) -> None:
    """Exploratory test: "Klima Wedding" found nothing (no organisation in Wedding works on
    climate justice) and offered only the directories, though each word alone finds plenty.
    It now offers the query with one word left out, each with its count, most first."""
    found = http.get("/search.json", query_string={"q": "Klima Wedding"}).get_json()
    assert found["total"] == 0 and found["suggestions"] == []
    alone = {
        word: http.get("/search.json", query_string={"q": word}).get_json()["total"]
        for word in ("Klima", "Wedding")
    }
    assert all(alone.values()), alone
    assert found["fewer_words"] == sorted(
        [
            {"query": "Klima", "left_out": "Wedding", "total": alone["Klima"]},
            {"query": "Wedding", "left_out": "Klima", "total": alone["Wedding"]},
        ],
        key=lambda f: -f["total"],
    )
    text = http.get("/search", query_string={"q": "Klima Wedding"}).get_data(as_text=True)
    help_box = text.split('id="search-help"', 1)[1].split("</div>", 1)[0]
    assert "Alle Wörter zusammen finden nichts. Mit weniger Wörtern" in help_box
    # one word whose parts find something: it said "all the words" (exploratory test)
    one = http.get("/search", query_string={"q": "Straßenumbenenung"}).get_data(as_text=True)
    one_box = one.split('id="search-help"', 1)[1].split("</div>", 1)[0]
    assert "Das Wort, wie eingegeben, findet nichts. Seine Teile" in one_box
    assert "Alle Wörter" not in one_box
    assert f'href="/search?q=Klima">Klima</a> ({alone["Klima"]} Ergebnisse)' in help_box
    # only the kinds chosen count: no site has either word
    sites = http.get("/search.json?q=Klima+Wedding&type=sites").get_json()
    assert [f["query"] for f in sites["fewer_words"]] == (
        ["Wedding"] if http.get("/search.json?q=Wedding&type=sites").get_json()["total"] else []
    )
    # a mistyped word is mended first (spelling), and a found query offers nothing
    mended = http.get("/search.json?q=Referentin+Kolonialgeshichte").get_json()
    assert mended["suggestions"] and mended["fewer_words"] == []
    # where the mended words find nothing together either, fewer words it is
    assert [f["query"] for f in http.get("/search.json?q=Klima+Weding").get_json()[
        "fewer_words"]] == ["Klima"]  # fmt: skip
    assert http.get("/search.json?q=Klima").get_json()["fewer_words"] == []


def test_a_search_without_a_query_has_a_twin_of_what_its_page_shows(http: FlaskClient) -> None:
    """The twin listed the directories an empty result points to; the page, asked nothing,
    shows only the search field."""
    text, data = twin_of(http, "/search?q=", "/search.json?q=")
    assert data["total"] == 0 and data["directories"] == [] and data["groups"] == {}
    assert "search-help" not in text


@pytest.mark.parametrize(
    ("typed", "suggested", "never"),
    [
        # a piece of a source's address (kolonialgeschichtema.com) in a description
        ("Kolonialgeschichle", "Kolonialgeschichte", "kolonialgeschichtema"),
        # the index's folded word of a description ("nachtigalplatzes", lower case)
        ("Nachtigallplatz", "Nachtigalplatz", "nachtigalplatzes"),
    ],
)
def test_spelling_suggestions_are_names_as_the_data_writes_them(
    http: FlaskClient, typed: str, suggested: str, never: str
) -> None:
    """Words that only descriptions hold were suggested as the index folds them: lower case,
    umlauts gone, a piece of a web address among them. Suggestions come from names (of the
    entities, their former names, topics, languages), written as the data writes them."""
    found = http.get("/search.json", query_string={"q": typed}).get_json()
    queries = [s["query"] for s in found["suggestions"]]
    assert suggested in queries and never not in queries, queries
    assert all(q[:1].isupper() for q in queries), queries


UKRAINIAN_GERMAN = BASE + "example/organisation/ukrainisch-deutsche-nachbarschaftshilfe-mitte"


@pytest.mark.parametrize(
    ("typed", "finds"),
    [
        ("Ukraine", UKRAINIAN_GERMAN),
        ("Persien", BASE + "example/organisation/persischer-lesekreis-moabit"),
    ],
)
def test_a_country_asked_for_finds_what_its_adjective_names(
    http: FlaskClient, typed: str, finds: str
) -> None:
    """ "Ukraine" without its ending begins "Ukrainisch-deutsche Nachbarschaftshilfe", so the
    search finds it at once (`SearchIndex._query_words`); before, it offered the spelling."""
    found = http.get("/search.json", query_string={"q": typed}).get_json()
    hits = [h["iri"] for group in found["groups"].values() for h in group]
    assert finds in hits, hits


@pytest.mark.parametrize(
    ("typed", "suggested", "finds"),
    [("Türkei", "Türkisch", None)],
)
def test_a_country_asked_for_suggests_its_adjective_as_the_data_writes_it(
    http: FlaskClient, typed: str, suggested: str, finds: str | None
) -> None:
    """A search for "Ukraine" found nothing, and the page offered only "Ukrainian", an English
    name, on a German page: the Ukrainian-German neighbourhood help is "Ukrainisch-deutsche
    ...", three letters more than the spelling suggestions allowed. A word of names that
    continues the query word without its last letter or two is suggested too
    (`_derived_words`), and it finds what it names."""
    found = http.get("/search.json", query_string={"q": typed}).get_json()
    assert found["total"] == 0
    queries = [s["query"] for s in found["suggestions"]]
    assert suggested in queries, queries
    again = http.get("/search.json", query_string={"q": suggested}).get_json()
    assert again["total"] > 0
    hits = [h["iri"] for group in again["groups"].values() for h in group]
    assert finds is None or finds in hits, hits


def test_a_spelling_suggestion_keeps_the_query_and_writes_the_word_as_the_data_does(
    http: FlaskClient,
) -> None:
    """The misspelt word is put in with its umlaut and capital ("Französisch", not the
    index's folded "franzosisch"), the other words stay as typed, once per spelling, and the
    suggestion finds the speakers."""
    query = "Referentin Kolonialgeschichte Französich"
    found = http.get("/search.json", query_string={"q": query}).get_json()
    assert found["total"] == 0
    assert found["suggestions"] == [
        {"query": "Referentin Kolonialgeschichte Französisch", "word": "Französisch"}
    ]
    text = http.get("/search", query_string={"q": query}).get_data(as_text=True)
    assert ">Referentin Kolonialgeschichte Französisch</a>" in text
    typed = http.get("/search.json", query_string={"q": "referentin franzosich"}).get_json()
    assert [s["query"] for s in typed["suggestions"]] == ["referentin Französisch"]
    again = http.get("/search.json", query_string={"q": found["suggestions"][0]["query"]})
    assert again.get_json()["total"] > 0
    # Two typos: both are mended in one suggestion (each alone still found nothing).
    two = http.get("/search.json", query_string={"q": "Kolonialgeshichte Referntin"}).get_json()
    assert two["total"] == 0
    assert two["suggestions"][0]["query"] == "Kolonialgeschichte Referentin"
    mended = http.get("/search.json", query_string={"q": two["suggestions"][0]["query"]})
    assert mended.get_json()["total"] > 0


def test_search_counts_every_hit_and_pages_through_them(http: FlaskClient) -> None:
    """The search stopped at 50 hits and counted those: "50 Ergebnisse" and "Organisationen
    (10)" for a word 40 organisations have. It counts all, per kind whatever kind is chosen,
    and pages through them."""
    first = http.get("/search.json", query_string={"q": "Beispiel"}).get_json()
    assert first["total"] > first["per_page"] == 50 and first["pages"] >= 2
    assert sum(first["kinds"].values()) == first["total"]
    seen = []
    for page in range(1, first["pages"] + 1):
        got = http.get("/search.json", query_string={"q": "Beispiel", "page": page}).get_json()
        seen += [h["iri"] for hits in got["groups"].values() for h in hits]
    assert len(seen) == len(set(seen)) == first["total"]
    only = http.get("/search.json", query_string={"q": "Beispiel", "type": "organisations"})
    organisations = only.get_json()
    assert organisations["total"] == first["kinds"]["organisations"] > 10
    assert organisations["kinds"] == first["kinds"]  # the choice's counts stay
    text = http.get("/search", query_string={"q": "Beispiel"}).get_data(as_text=True)
    shown = len(first["groups"]["organisations"])
    assert f"Organisationen ({shown} von {first['kinds']['organisations']})" in text
    assert f">Organisationen ({first['kinds']['organisations']})</option>" in text
    assert 'rel="next" href="/search?q=Beispiel&amp;page=2"' in text
    past = http.get("/search.json", query_string={"q": "Beispiel", "page": first["pages"] + 1})
    assert past.status_code == 404 and past.get_json()["error"]["status"] == 404
    # An unknown kind is refused by name, as a list refuses an unknown sort (it was ignored,
    # and every kind answered with none chosen).
    for path in ("/search.json", "/search"):
        bogus = http.get(path, query_string={"q": "Beispiel", "type": "bogus"})
        assert bogus.status_code == 400
        said = html.unescape(bogus.get_data(as_text=True))
        assert "'bogus'" in said and ("allowed: organisations" in said or "erlaubt:" in said)
        assert "(type)" not in said  # the parameter is named once, by the error's place


def test_no_search_hit_is_a_statement_about_a_statement(http: FlaskClient) -> None:
    """ "Petersallee" found three rdf:Statement nodes (the sources of a site's statements),
    named by their slugs ("anna-mungunda-allee-1986-honours-hans-peters")."""
    found = http.get("/search.json", query_string={"q": "Petersallee"}).get_json()
    iris = [h["iri"] for hits in found["groups"].values() for h in hits]
    assert iris and not [i for i in iris if "/statement/" in i]
    assert "other" not in found["groups"]


def test_the_other_kind_can_be_chosen_too(http: FlaskClient) -> None:
    """Hits of no list's kind ("Sonstiges": naming steps, ...) were shown, but `type=other`
    was ignored and the choice did not offer them."""
    found = http.get("/search.json", query_string={"q": "Beschluss"}).get_json()
    assert found["kinds"].get("other")
    only = http.get("/search.json", query_string={"q": "Beschluss", "type": "other"})
    assert only.get_json()["total"] == found["kinds"]["other"]
    assert set(only.get_json()["groups"]) == {"other"}
    page = http.get("/search", query_string={"q": "Beschluss"}, headers={"Accept-Language": "de"})
    assert f">Sonstiges ({found['kinds']['other']})</option>" in page.get_data(as_text=True)


def test_a_spelling_suggestion_finds_something_of_the_kind_chosen(http: FlaskClient) -> None:
    """ "Kolonialgeshichte Referntin" under "only organisations" suggested a query that
    finds speakers only: the link kept the kind and found nothing."""
    found = http.get(
        "/search.json",
        query_string={"q": "Kolonialgeshichte Referntin", "type": "organisations"},
    ).get_json()
    for suggestion in found["suggestions"]:
        again = http.get(
            "/search.json", query_string={"q": suggestion["query"], "type": "organisations"}
        )
        assert again.get_json()["total"] > 0, suggestion
    one = http.get(
        "/search.json", query_string={"q": "Kolonialgeshichte", "type": "organisations"}
    ).get_json()
    assert [s["query"] for s in one["suggestions"]][:1] == ["Kolonialgeschichte"]


def test_facet_counts_follow_the_other_chosen_filters(http: FlaskClient, store: Store) -> None:
    chosen = http.get("/speakers.json", query_string={"language": "fr"}).get_json()
    for entry in chosen["facets"]["topics"]:
        assert entry["count"] == len(speakers(store, "de", language="fr", topic=entry["value"]))
    alone = http.get("/speakers.json").get_json()
    # The language facet counts under the *other* filters (none): as without a choice.
    assert chosen["facets"]["languages"] == alone["facets"]["languages"]
    assert chosen["facets"]["topics"] != alone["facets"]["topics"]
    text = http.get("/speakers?language=fr").get_data(as_text=True)
    first = chosen["facets"]["topics"][0]
    assert f"{html.escape(first['label'])} ({first['count']})" in text

    listed = http.get("/organisations.json", query_string={"topic": TOPIC}).get_json()
    for entry in listed["facets"]["kind"][:3]:
        both = {"topic": TOPIC, "kind": entry["value"]}
        assert entry["count"] == http.get("/organisations.json", query_string=both).get_json()[
            "total"]  # fmt: skip


def test_twins_are_json_of_plain_values(http: FlaskClient) -> None:
    """Nothing in a twin needs a custom decoder: it round-trips through json."""
    for path in ("/index.json", "/sites.json", f"/{OFFICE}.json", "/speakers.json"):
        data = http.get(path).get_json()
        assert json.loads(json.dumps(data)) == data


def test_network_pages_have_twins(http: FlaskClient) -> None:
    """The network pages (webapp/network.py) use the same helper: same facts, ETags."""
    text, overview = twin_of(http, "/network", "/network.json")
    assert overview["structure"] and "growth" in overview
    # The twin's topics and memberships per year are on the page too (they were not).
    topics = overview["structure"]["topics"]
    assert topics["ranking"] and topics["pairs"]
    assert all(shown(t["label"], text) for t in topics["ranking"])
    assert all(shown(p["a"]["label"], text) and shown(p["b"]["label"], text)
               for p in topics["pairs"])  # fmt: skip
    assert overview["structure"]["communities_explanation"]["de"][:60] in text  # it was not
    unlinked = sum(not p["linked"] for p in topics["pairs"])
    assert unlinked and text.count("<strong>noch nicht verbunden</strong>") == unlinked
    memberships = re.search(r'id="h-growth".*?</table>', text, re.S)
    assert memberships and "Neue Mitgliedschaften" in memberships.group(0)
    # No cell is empty to a screen reader (a column "Diagramm" held hidden pictures only).
    cells = re.findall(r"<td>(.*?)</td>", memberships.group(0), re.S)
    assert cells and all(re.sub(r"<svg.*?</svg>", "", c, flags=re.S).strip() for c in cells)
    query = urllib.parse.urlencode({"iri": BASE + OFFICE, "depth": "1"})
    text, ego = twin_of(http, f"/network/ego?{query}", f"/network/ego.json?{query}")
    assert ego["args"]["iri"] == BASE + OFFICE and ego["ego"]["nodes"]
    assert all(shown(n["label"], text) for n in ego["ego"]["nodes"])
    # The API's data, and each link's period in words as the page's table says it.
    assert all(e["when"] for e in ego["ego"]["edges"] if e["start"] or e["end"])
    for edge in ego["ego"]["edges"]:
        del edge["when"]
    assert ego["ego"] == http.get(f"/api/network/ego?{query}").get_json()
    tag = http.get("/network").headers["ETag"]
    assert http.get("/network", headers={"If-None-Match": tag}).status_code == 304


EVENT = "example/event/fachtag-migrant-innenorganisationen-und-bezirk-2025"


def test_a_publication_drops_only_the_answers_that_showed_what_it_touched(
    make_app: Callable[..., Flask],
) -> None:
    """The page cache follows publications entity by entity (webapp/page_cache.py): the office's
    page, an event page that shows the office's name and the organisations list change with
    the office's name; a person's page and the topics list, which show nothing of it, stay
    kept under their tags across the publication."""
    app = make_app()
    http = app.test_client(use_cookies=False)
    paths = {
        "office": f"/{OFFICE}",
        "event": f"/{EVENT}",
        "office twin": f"/{OFFICE}.json",
        "list": "/organisations?sort=label",
        "person": "/" + SORAYA.removeprefix(BASE),
        # Walk: an entity's RDF twin lost its tag with every publication, its body unchanged.
        "person rdf": "/" + SORAYA.removeprefix(BASE) + ".ttl",
        "office rdf": f"/{OFFICE}.jsonld",
        "topics": "/topics",
        "home": "/",
    }
    before = {name: http.get(path) for name, path in paths.items()}
    assert all(r.status_code == 200 for r in before.values())
    assert "Koordinationsstelle" in before["event"].get_data(as_text=True)
    assert BASE + OFFICE not in before["person"].get_data(as_text=True)
    tags = {name: r.headers["ETag"] for name, r in before.items()}
    _relabel(app, BASE + OFFICE, "Aaaa Koordinationsstelle Neu")  # sorts first
    for name in ("person", "person rdf", "topics"):  # untouched: same tag, 304, kept answer
        path = paths[name]
        assert http.get(path, headers={"If-None-Match": tags[name]}).status_code == 304, name
        again = http.get(path)
        assert again.headers["ETag"] == tags[name], name
        assert again.headers["X-Akteursgraph-Cache"] == "hit", name
        assert again.get_data() == before[name].get_data(), name
    touched = ("office", "event", "office twin", "office rdf", "list", "home")
    for name in touched:  # touched: new content
        path = paths[name]
        after = http.get(path, headers={"If-None-Match": tags[name]})
        assert after.status_code == 200 and after.headers["ETag"] != tags[name], name
        assert "X-Akteursgraph-Cache" not in after.headers, name
        if name != "home":
            assert "Aaaa Koordinationsstelle Neu" in after.get_data(as_text=True), name
        assert http.get(path).headers["X-Akteursgraph-Cache"] == "hit", name  # kept anew
    listed = http.get("/organisations.json?sort=label").get_json()
    assert listed["items"][0]["label"] == "Aaaa Koordinationsstelle Neu"


@pytest.mark.parametrize("refill", [64, 0])
def test_a_list_a_publication_dropped_is_computed_again_before_its_next_visitor(
    make_app: Callable[..., Flask], refill: int
) -> None:
    """Issue 16, item 8: "caches that the publication step updates". A renamed organisation
    drops the organisations list's counts and items; the publication has them computed
    anew in the background (`webapp/refill.py`), at the new name, so the list's next
    visitor does not wait for them. `AKTEURSGRAPH_PAGE_REFILL=0` switches it off: then the
    visitor computes them, as before."""
    app = make_app(PAGE_REFILL=refill)
    http = app.test_client(use_cookies=False)
    assert http.get("/organisations?sort=label").status_code == 200
    _relabel(app, BASE + OFFICE, "Aaaa Koordinationsstelle Neu")  # sorts first
    assert app.extensions["akteursgraph.page-refill"].idle()
    cache: PageCache = app.extensions["akteursgraph.page-cache"]
    computed = []

    def by_the_visitor() -> dict:
        computed.append(True)
        return {"items": []}

    with app.app_context():
        items = cache.data(("list-items", "organisations", "de", (), "label", 1), by_the_visitor)
    if not refill:
        assert computed
        return
    assert not computed, "the visitor computed the list's items again"
    assert items["items"][0]["label"] == "Aaaa Koordinationsstelle Neu"
    page = http.get("/organisations?sort=label").get_data(as_text=True)
    assert "Aaaa Koordinationsstelle Neu" in page


def test_a_publication_hands_on_the_page_data_it_drops_that_says_how() -> None:
    """`PageCache.publish` hands the page data it drops and that was kept with `again` to
    the cache's `refill`, the most recently used first; data kept without `again` is only
    dropped. The refill keeps the newest publication's first (`Refiller.submit`), at most
    its `limit` of them."""
    handed: list[list[tuple[object, Callable[[], object]]]] = []
    cache = PageCache(1, 1 << 20, refill=handed.append)
    for i in range(5):
        cache.data(("list", i), lambda i=i: i, follows=True, again=True)
    cache.data("home", lambda: "home")
    cache.data(("list", 0), lambda: "not computed: kept")  # the most recently used now
    cache.publish(2)  # touched everything
    [batch] = handed
    assert [key for key, _ in batch] == [("list", i) for i in (0, 4, 3, 2, 1)]
    assert batch[0][1]() == 0  # how it was computed
    cache.publish(3)  # nothing kept: nothing handed on
    assert len(handed) == 1
    queue = newest_first(batch, OrderedDict(), 3)
    queue = newest_first([(("list", 9), lambda: 9), (("list", 3), lambda: 3)], queue, 3)
    assert list(queue) == [("list", 9), ("list", 3), ("list", 0)]


def test_the_maps_sites_follow_a_renamed_site_and_stay_kept_across_other_publications(
    make_app: Callable[..., Flask],
) -> None:
    """/sites/map.json (the sites list's map) is kept under its tag while publications touch
    no site, and shows a site's new name once one is renamed."""
    app = make_app()
    http = app.test_client(use_cookies=False)
    url = "/sites/map.json?lang=de"
    first = http.get(url)
    tag = first.headers["ETag"]
    assert "Manga-Bell-Platz" in {s["label"] for s in first.get_json()["sites"]}
    _relabel(app, BASE + OFFICE, "Aaaa Koordinationsstelle Neu")  # no site
    assert http.get(url, headers={"If-None-Match": tag}).status_code == 304
    _relabel(app, BASE + "site/manga-bell-platz", "Manga-Bell-Platz (umbenannt)")
    after = http.get(url, headers={"If-None-Match": tag})
    assert after.status_code == 200 and after.headers["ETag"] != tag
    labels = {s["label"] for s in after.get_json()["sites"]}
    assert "Manga-Bell-Platz (umbenannt)" in labels and "Manga-Bell-Platz" not in labels


def test_a_renamed_topic_shows_its_new_name_in_every_lists_filters(
    make_app: Callable[..., Flask],
) -> None:
    """A list's filters kept a topic's old name after it was renamed, beside items showing
    the new one: on the unfiltered list read before, and on pages of it never asked
    (exploratory test E2)."""
    topic = "https://w3id.org/akteursgraph/vocab/topic/colonial-history"
    app = make_app()
    http = app.test_client(use_cookies=False)

    def filter_label(path: str) -> str:
        [value] = [v for v in http.get(path).get_json()["facets"]["topic"] if v["value"] == topic]
        return value["label"]

    assert filter_label("/organisations.json") == "Kolonialgeschichte"
    _relabel(app, topic, "Koloniale Geschichte")
    for path in ("/organisations.json", "/organisations.json?sort=date&page=2", "/events.json"):
        assert filter_label(path) == "Koloniale Geschichte", path
    page = http.get("/organisations").get_data(as_text=True)
    assert re.search(r">Koloniale Geschichte \(\d+\)</label>", page)
    assert not re.search(r">Kolonialgeschichte \(\d+\)</label>", page)


def test_a_new_load_of_an_entitys_graph_shows_on_its_page(make_app: Callable[..., Flask]) -> None:
    """The load records of every graph are read once per publication for all pages
    (`explore.entities._provenance`); a page kept in the cache goes with a load that names
    its graph, and the next shows the new load first."""
    app = make_app()
    http = app.test_client(use_cookies=False)
    before = http.get(f"/{OFFICE}.json").get_json()["entity"]["provenance"]["graphs"]
    [graph] = [g["graph"] for g in before]
    tag = http.get(f"/{OFFICE}").headers["ETag"]
    assert "neu-geladen.trig" not in json.dumps(before)
    store: Store = app.extensions["akteursgraph.store"]
    loaded = LoadedFile(Path("neu-geladen.trig"), Change(), (graph,), count=1, public_count=1)
    meta = ChangeMeta(author="test", origin=ORIGIN_LOAD, comment="load")
    submit(
        app.extensions["akteursgraph.writer"],
        Change(add=provenance(store, [loaded], agent="test")),
        meta,
        review_required=False,
    )
    page = http.get(f"/{OFFICE}", headers={"If-None-Match": tag})
    assert page.status_code == 200 and "neu-geladen.trig" in page.get_data(as_text=True)
    after = http.get(f"/{OFFICE}.json").get_json()["entity"]["provenance"]["graphs"]
    assert [g["graph"] for g in after] == [graph]
    assert after[0]["loads"][0]["title"] == "neu-geladen.trig"  # newest first
    assert after[0]["loads"][1:] == before[0]["loads"]


def test_a_new_member_changes_its_kinds_lists(make_app: Callable[..., Flask]) -> None:
    """A new entity touches no IRI a list showed, but its type makes it a member: every
    list counts as touched (`explore.touched`), the organisations list shows it."""
    app = make_app()
    http = app.test_client(use_cookies=False)
    first = http.get("/organisations.json?sort=label").get_json()
    counted = http.get("/index.json").get_json()["counts"]
    store: Store = app.extensions["akteursgraph.store"]
    office = ox.NamedNode(BASE + OFFICE)
    types = list(store.quads(office, ox.NamedNode(RDF + "type")))
    new = ox.NamedNode(BASE + "organisation/aaaa-neu")
    graph = types[0].graph_name
    label = ox.Quad(new, ox.NamedNode(SKOS + "prefLabel"), ox.Literal("Aaaa Neu", language="de"),
                    graph)  # fmt: skip
    english = ox.Quad(new, label.predicate, ox.Literal("Aaaa New", language="en"), graph)
    classification = "http://www.w3.org/ns/org#classification"
    kinds = list(store.quads(office, ox.NamedNode(classification)))
    added = [
        *(ox.Quad(new, t.predicate, t.object, graph) for t in [*types, *kinds]),
        label,
        english,
    ]
    change = Change(add=added)
    meta = ChangeMeta(author="test", origin=ORIGIN_FORM, comment="new")
    submit(app.extensions["akteursgraph.writer"], change, meta, review_required=False)
    listed = http.get("/organisations.json?sort=label").get_json()
    assert listed["total"] == first["total"] + 1
    assert listed["items"][0]["label"] == "Aaaa Neu"
    # The home page's count too (`count_members` counts again after a type statement).
    counts = http.get("/index.json").get_json()["counts"]
    assert counts["organisations"] == counted["organisations"] + 1 == listed["total"]
    assert counts["people"] == counted["people"]


def test_kept_pages_are_packed_and_counted_with_what_they_read() -> None:
    """`PageCache.keep` packs a page's body and counts what the answer holds: its packed body,
    the set of what it read and its headers. Until 2026-12-02 it counted the bodies alone, and
    64 MiB of them held about 100 MiB (19 KiB a cached entity page at the 1M district)."""
    page = ("<tr><td>Beschreibung</td><td>Ein Verein im Bezirk</td></tr>" * 300).encode()
    cache = PageCache(1, 1 << 20)
    cache.keep("page", 1, Answer("t", frozenset({"x"}), "2026-01-01", 200, page, {}))
    found = cache.answer("page", "2026-01-01")
    assert found is not None and found.content() == page
    assert found.body is None and found.packed is not None and len(found.packed) < len(page) / 4
    assert cache.kept_bytes < len(page) / 2
    # Small bodies that read much: the set of what they read is what they hold.
    reads = [frozenset(f"https://example.org/{i}/{j}" for j in range(200)) for i in range(400)]
    cache = PageCache(1, 1 << 20)
    for i, read in enumerate(reads):
        cache.keep(f"p{i}", 1, Answer("t", read, "2026-01-01", 200, b"tiny", {}))
    kept = sum(cache.answer(f"p{i}", "2026-01-01") is not None for i in range(400))
    assert 0 < kept < 200 and cache.kept_bytes <= 1 << 20


def test_an_answer_computed_across_a_publication_is_kept_only_if_it_read_nothing_touched() -> None:
    """`PageCache.keep`: a request that began before a publication keeps its answer only if
    no publication since touched what it read (else an old answer would stay under a tag
    that later requests trust); untouched answers stay across publications; a publication
    that does not say what it touched drops everything, page data included."""
    cache = PageCache(1, 1 << 20)

    def answer(reads: frozenset[str] | None) -> Answer:
        return Answer("t", reads, "2026-01-01", 200, b"body", {})

    cache.keep("kept", 1, answer(frozenset({"x"})))
    cache.publish(2, {"y"})
    assert cache.answer("kept", "2026-01-01") is not None
    assert cache.answer("kept", "2026-01-02") is None  # another day: not that answer
    cache.keep("read y", 1, answer(frozenset({"y"})))  # began at 1, y touched at 2
    cache.keep("read z", 1, answer(frozenset({"z"})))
    cache.keep("reads all", 1, answer(None))
    assert cache.answer("read y", "2026-01-01") is None
    assert cache.answer("read z", "2026-01-01") is not None
    assert cache.answer("reads all", "2026-01-01") is None
    assert cache.data("d", lambda: 1, follows=True) == 1
    assert cache.data("d", lambda: 2, follows=True) == 1
    cache.publish(3)
    assert cache.answer("kept", "2026-01-01") is None
    assert cache.answer("read z", "2026-01-01") is None
    assert cache.data("d", lambda: 2, follows=True) == 2


def notices(text: str) -> int:
    return text.count("Noch nicht ausgefüllt")


def test_the_office_pages_have_twins_with_the_pages_facts(http: FlaskClient) -> None:
    """Impressum, privacy notice, accessibility statement and Leichte Sprache (issue 16,
    item 6): each twin holds what its page shows, and names the settings the page marks as
    not yet filled in."""
    text, impressum = twin_of(http, "/impressum", "/impressum.json")
    publisher = impressum["publisher"]
    # The contact point holds the publisher's name: named once, the longer (the Impressum
    # said "Bezirksamt Mitte von Berlin" and under it "Bezirksamt Mitte von Berlin, …").
    office = "Bezirksamt Mitte von Berlin, Koordinationsstelle für kommunale Entwicklungspolitik"
    assert publisher["name"] == office and publisher["unit"] is None
    section = text.split("<h2>Herausgeber</h2>", 1)[1].split("<h2>", 1)[0]
    assert section.count("Bezirksamt Mitte von Berlin") == 1, section
    assert f'href="mailto:{publisher["email"]}"' in text
    assert shown(impressum["attribution"], text) and shown(impressum["licence"]["name"], text)
    assert impressum["not_filled_in"] == ["office.address", "responsible.name"]
    assert notices(text) == 2 and all(key in text for key in impressum["not_filled_in"])

    text, privacy = twin_of(http, "/datenschutz", "/datenschutz.json")
    assert privacy["controller"] == publisher and privacy["tile_host"] is None
    assert (
        notices(text) == len(privacy["not_filled_in"]) == 5
    )  # with the legal basis and the log's keeping (walk)
    assert all(key in text for key in privacy["not_filled_in"])

    text, statement = twin_of(http, "/barrierefreiheit", "/barrierefreiheit.json")
    # The software knows no barrier of its own now (the editor's tab bar was one); the
    # example office lists none: the page says so rather than show an empty list.
    assert statement["limitations"] == []
    assert "Es sind keine Inhalte bekannt, die nicht barrierefrei sind." in text
    assert f'href="mailto:{statement["feedback_email"]}"' in text
    assert statement["status"] is None and statement["conciliation_body"] is None
    assert shown(statement["conciliation_body_unconfirmed"]["name"], text)
    assert statement["not_filled_in"] == [
        "accessibility.status", "accessibility.assessed", "conciliation_body"]  # fmt: skip
    assert notices(text) == 3

    text, easy = twin_of(http, "/leichte-sprache", "/leichte-sprache.json")
    assert easy["office_does"] and easy["places"]
    lines = [line for paragraph in easy["office_does"] for line in paragraph]
    assert all(shown(line, text) for line in [*lines, *easy["places"]])
    assert shown(easy["office_name"], text) and easy["not_filled_in"] == []


def test_the_speaker_request_has_a_twin(http: FlaskClient) -> None:
    query = urllib.parse.urlencode({"speaker": SORAYA})
    text, asked = twin_of(http, f"/speakers/request?{query}", f"/speakers/request.json?{query}")
    assert asked["speaker"]["iri"] == SORAYA and shown(asked["speaker"]["label"], text)
    assert shown(asked["requests_to"], text)
    # No AKTEURSGRAPH_REQUEST_MAILTO in the tests: the office's contact mailbox takes it.
    assert asked["request_mailto"] == "fairtrade@ba-mitte.berlin.de"
    assert 'href="mailto:fairtrade@ba-mitte.berlin.de?subject=' in text
    missing = http.get("/speakers/request.json", query_string={"speaker": BASE + "nobody"})
    assert missing.status_code == 404
    # Without its parameter the request is wrong, not a page that is not there (it said
    # "Not found", as no other page missing its parameter does).
    for asked_for in ({}, {"speaker": " "}):
        bare = http.get("/speakers/request.json", query_string=asked_for)
        assert bare.status_code == 400
        assert "first choose a speaker" in bare.get_json()["error"]["en"]
        assert "bitte zuerst eine Referent*in wählen" in bare.get_json()["error"]["de"]


def test_a_twins_errors_are_json(http: FlaskClient) -> None:
    """A client of a JSON twin got an HTML page for a 404 or 400, which it cannot parse."""
    for path, headers, status in (
        ("/site/nope.json", {}, 404),
        ("/network.json?as_of=abc", {}, 400),
        ("/network?as_of=abc", {"Accept": "application/json"}, 400),
    ):
        answer = http.get(path, headers=headers)
        assert answer.status_code == status and answer.is_json, path
        error = answer.get_json()["error"]
        assert error["status"] == status and error["de"] and error["en"]
    page = http.get("/network?as_of=abc", headers={"Accept": "text/html"})
    assert page.status_code == 400 and page.content_type.startswith("text/html")


def test_a_twins_errors_are_readable_from_another_origin_and_vary_with_accept(
    http: FlaskClient,
) -> None:
    """Exploratory test: a twin's 404 or 400 came without Access-Control-Allow-Origin, so a
    browser app on another origin could not read the error the 200s let it read; and a
    page's 404, JSON or HTML by Accept, did not say it varies with Accept."""
    origin = {"Origin": "https://example.org"}
    for path, status in (("/events.json?page=9", 404), ("/site/nope.json", 404),
                         ("/speakers.json?language=xx", 400)):  # fmt: skip
        answer = http.get(path, headers=origin)
        assert answer.status_code == status and answer.is_json, path
        assert answer.headers["Access-Control-Allow-Origin"] == "*", path
    for accept in ("application/json", "text/html"):
        answer = http.get("/site/nope", headers={"Accept": accept})
        assert answer.status_code == 404 and answer.mimetype.endswith(accept.split("/")[1])
        assert "Accept" in answer.headers["Vary"], accept
    # Its language follows the browser's, as a page's does (JSON twins walk: `Vary: Accept`
    # only, beside a Content-Language of de or en).
    for path in ("/organisations.json?page=99", "/network.json?as_of=2019-13", "/site/nope"):
        for lang in ("de", "en"):
            answer = http.get(path, headers={"Accept-Language": lang})
            assert answer.status_code in (400, 404) and answer.content_language == {lang}, path
            assert "Accept-Language" in answer.headers["Vary"], path
    # /entity without its iri names the parameter (it was a 404, as for an unknown IRI).
    missing = http.get("/entity?format=json")
    error = missing.get_json()["error"]
    assert missing.status_code == 400 and error["en"].startswith("iri: The IRI whose page")


@pytest.mark.parametrize(
    ("accept", "json"),
    [
        ("application/json; charset=utf-8", True),  # what the twins are served as
        ("application/json;charset=UTF-8", True),
        ("application/json, text/plain, */*", True),  # axios, Angular
        ("*/*", False),  # curl: the page
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", False),  # a browser
        ("text/html, application/json", False),  # a tie, both named: the page
    ],
)
def test_accept_with_parameters_or_a_wildcard_picks_the_twin_it_names(
    http: FlaskClient, accept: str, json: bool
) -> None:
    """Exploratory test: `Accept: application/json; charset=utf-8` (parameters) and axios's
    default `application/json, text/plain, */*` were answered with the HTML page."""
    answer = http.get("/speakers", headers={"Accept": accept})
    assert answer.status_code == 200 and answer.is_json == json, answer.mimetype


def test_the_catalog_takes_json_with_a_charset(http: FlaskClient) -> None:
    """docs/api.md: `Accept: application/json` gives the catalogue as JSON-LD; with a charset
    it was a 406."""
    answer = http.get("/catalog", headers={"Accept": "application/json; charset=utf-8"})
    assert answer.status_code == 200 and "json" in answer.mimetype
    assert answer.get_json()


def test_an_empty_speaker_directory_offers_the_ways_on(http: FlaskClient, store: Store) -> None:
    """Region Germany with topic peace showed only "0 Referent*innen": it names, for each
    filter, how many speakers there are without it, and links there."""
    region = "https://w3id.org/akteursgraph/vocab/region/germany"
    topic = "https://w3id.org/akteursgraph/vocab/topic/peace"
    args = {"region": region, "topic": topic}
    assert speakers(store, "de", **args) == []
    page = http.get("/speakers", query_string=args, headers={"Accept-Language": "de"})
    text = html.unescape(page.get_data(as_text=True))
    assert "Keine Referent*in passt zu allen gewählten Filtern" in text
    without_topic = len(speakers(store, "de", region=region))
    assert f"Ohne Thema „Frieden“</a>: {without_topic} Referent" in text
    links = {urllib.parse.unquote(h) for h in re.findall(r'href="([^"]+)"', text)}
    assert f"/speakers?region={region}" in links
    twin = http.get("/speakers.json", query_string=args).get_json()
    assert {w["filter"]: w["count"] for w in twin["without"]}["topic"] == without_topic


def test_the_language_facets_twin_names_the_languages_as_the_page_does(http: FlaskClient) -> None:
    """The lists' and the directory's JSON twins gave the language facet's labels as codes
    ("de") where the page showed "Deutsch (40)"."""
    for path, key in (("/organisations.json", "language"), ("/speakers.json", "languages")):
        facet = http.get(path, headers={"Accept-Language": "de"}).get_json()["facets"][key]
        by_value = {v["value"]: v["label"] for v in facet}
        assert by_value["de"] == "Deutsch" and by_value["fr"] == "Französisch", path
        page = http.get(path.removesuffix(".json"), headers={"Accept-Language": "de"})
        deutsch = next(v for v in facet if v["value"] == "de")
        assert f"Deutsch ({deutsch['count']})" in page.get_data(as_text=True), path


@pytest.mark.parametrize("typed", ["Französisch", "French", "FR", "fr"])
def test_the_speakers_language_filter_takes_names_and_any_case(
    http: FlaskClient, typed: str
) -> None:
    """`language=FR` and `language=Französisch` were refused ("is no value"); a language is
    a language by its name or its code, in any case."""
    chosen = http.get("/speakers.json", query_string={"language": typed})
    assert chosen.status_code == 200
    expected = http.get("/speakers.json", query_string={"language": "fr"}).get_json()
    assert chosen.get_json()["total"] == expected["total"] > 0


@pytest.mark.parametrize("typed", ["xx", "Klingonisch", "ja"])
def test_a_language_no_speaker_speaks_is_refused(http: FlaskClient, typed: str) -> None:
    """Any well-formed tag ("xx") or a language's name ("Klingonisch" is tlh) gave 200, an
    empty directory and a made-up filter "xx (0)" (exploratory test E4)."""
    for path in ("/speakers", "/speakers.json"):
        answer = http.get(path, query_string={"language": typed})
        assert answer.status_code == 400, (path, typed)
        assert "Keine Referent*in spricht" in html.unescape(answer.get_data(as_text=True))


def test_a_speakers_names_and_values_pair_up_and_read_as_the_page(http: FlaskClient) -> None:
    """The twin gave a speaker's languages as codes where the page showed names, and the
    formats' names in label order beside their IRIs in IRI order: "Lesung" paired with
    .../panel (exploratory test E5)."""
    twin = http.get("/speakers.json", query_string={"language": "fr"}).get_json()
    page = html.unescape(http.get("/speakers", query_string={"language": "fr"}).get_data(True))
    facets = twin["facets"]
    label_of = {(k, v["value"]): v["label"] for k, found in facets.items() for v in found}
    for person in twin["people"]:
        assert "Französisch" in person["languages"]
        assert ", ".join(person["languages"]) in page
        for key in ("topics", "languages", "formats", "regions"):
            names, values = person[key], person["values"][key]
            assert [label_of[(key, v)] for v in values] == names, (person["label"], key)


def test_an_empty_speaker_directory_links_only_ways_that_lead_to_someone(
    http: FlaskClient, store: Store
) -> None:
    """Tamil, colonial history and city walks: leaving out the topic or the format still
    finds nobody, and the page linked those ways with "0 Referent*innen" to more empty
    pages. Only ways that lead to someone are offered; the help stays when none does."""
    vocab = "https://w3id.org/akteursgraph/vocab/"
    args = {"language": "ta", "topic": vocab + "topic/colonial-history",
            "format": vocab + "format/city-walk"}  # fmt: skip
    assert speakers(store, "de", **args) == []
    twin = http.get("/speakers.json", query_string=args).get_json()
    counts = {w["filter"]: w["count"] for w in twin["without"]}
    assert counts and 0 not in counts.values()
    assert counts["language"] == len(speakers(store, "de", topic=args["topic"],
                                              format=args["format"]))  # fmt: skip
    page = html.unescape(http.get("/speakers", query_string=args).get_data(as_text=True))
    assert ": 0 Referent" not in page
    assert "Ohne Sprache „Tamil“</a>" in page
    nobody = {**args, "region": "https://w3id.org/akteursgraph/vocab/region/germany"}
    alone = html.unescape(http.get("/speakers", query_string=nobody).get_data(as_text=True))
    assert "Keine Referent*in passt zu allen gewählten Filtern" in alone
    assert "Alle Referent*innen</a>" in alone


def test_docs_api_names_every_field_of_the_twins(http: FlaskClient) -> None:
    """Audit: the twins held fields docs/api.md did not name (a list item's `end`, a topic's
    `sdgs`, the entity's `provenance`, `footnotes`, `coordinates`…, the ego network's `args`
    and `picture`), so an API user could not tell a field from an accident. Every key of each
    twin, and of its items, is named in its row of the table (or, `links`, above it)."""
    doc = (Path(__file__).parents[1] / "docs/api.md").read_text(encoding="utf-8")
    LISTS = ("organisations", "people", "projects", "events", "cooperations", "topics", "sites")
    rows = [line for line in doc.splitlines() if line.startswith("| `/")]

    def named(row_start: str) -> set[str]:
        (row,) = [r for r in rows if r.startswith(row_start)]
        return set(re.findall(r"`([a-z_]+)`", row)) | set(re.findall(r"\b([a-z_]+)\b", row))

    def keys(data: object) -> set[str]:
        return set(data) - {"links"} if isinstance(data, dict) else set()

    orgs = http.get("/organisations.json").get_json()
    org = orgs["items"][0]["iri"]
    site = http.get("/sites.json").get_json()["items"][0]["iri"]
    speaker = http.get("/speakers.json").get_json()["people"][0]["iri"]
    checked: list[tuple[str, str, list[str]]] = [
        ("/index.json", "| `/` |", []),
        ("/search.json?q=Kolonial", "| `/search", []),
        ("/speakers.json", "| `/speakers?", ["people"]),
        ("/network.json", "| `/network`", []),
        ("/network/ego.json?" + urllib.parse.urlencode({"iri": org}), "| `/network`", ["args"]),
        ("/network/paths.json", "| `/network`", []),
        ("/speakers/request.json?" + urllib.parse.urlencode({"speaker": speaker}),
         "| `/speakers/request", []),
        ("/impressum.json", "| `/impressum`", []),
        ("/datenschutz.json", "| `/datenschutz`", []),
        ("/barrierefreiheit.json", "| `/barrierefreiheit`", []),
        ("/leichte-sprache.json", "| `/leichte-sprache`", []),
    ] + [(f"/{kind}.json", "| `/organisations`", ["items"]) for kind in LISTS] + [
        ("/entity?" + urllib.parse.urlencode({"iri": iri, "format": "json"}), "| `/{type}",
         ["entity"])
        for iri in (org, site)
    ]  # fmt: skip
    missing = {}
    for path, row, parts in checked:
        data = http.get(path).get_json()
        words = named(row)
        found = keys(data)
        for part in parts:
            inner = data[part]
            found |= keys(inner[0] if isinstance(inner, list) and inner else inner)
        if found - words:
            missing[path] = sorted(found - words)
    assert not missing, missing


def test_footnotes_give_bare_iris_and_link_out_to_what_we_do_not_describe(
    http: FlaskClient,
) -> None:
    """A footnote's `iri` was written in angle brackets ("<https://…/statement/…>"), unlike
    every other IRI of the twins; and its value's link led to /entity?iri=<Wikidata's IRI>,
    a 404, where the statements table links to Wikidata (twins walk)."""
    twin = http.get("/person/gustav-nachtigal.json").get_json()["entity"]
    notes = twin["footnotes"]
    assert notes and all(not n["iri"].startswith("<") for n in notes), notes[0]["iri"]
    assert http.get("/entity", query_string={"iri": notes[0]["iri"]}).status_code in (200, 303)
    page = http.get("/person/gustav-nachtigal").get_data(as_text=True)
    footnotes = page.split('id="h-notes"', 1)[1].split("</section>", 1)[0]
    assert "/entity?iri=http://www.wikidata.org" not in footnotes
    assert 'href="http://www.wikidata.org/entity/' in footnotes


@pytest.mark.parametrize(("lang", "names"), [("de", ["Arabisch", "Deutsch"]), ("en", ["Arabic"])])
def test_a_speaker_profiles_languages_are_named_in_the_twin_as_on_the_page(
    http: FlaskClient, lang: str, names: list[str]
) -> None:
    """The page said "Deutsch, Englisch, Suaheli"; the twin gave only the codes."""
    profile = http.get(
        "/entity", query_string={"iri": RACHID, "format": "json", "lang": lang}
    ).get_json()["entity"]["relations"]["speaker_profile"]
    assert len(profile["language_names"]) == len(profile["languages"])
    page = http.get("/entity", query_string={"iri": RACHID, "lang": lang}).get_data(as_text=True)
    assert ", ".join(profile["language_names"]) in page
    assert all(name in profile["language_names"] for name in names), profile["language_names"]
    # In the order of their names, as /speakers gives them (it was the codes' order).
    assert profile["language_names"] == sorted(profile["language_names"], key=str.casefold)


def test_a_paged_twin_links_its_previous_and_next_page_as_its_page_does(
    http: FlaskClient,
) -> None:
    """The list's page linked page 1 and 3 (rel=prev, rel=next); its twin only itself."""
    twin = http.get("/organisations.json?sort=date&page=2").get_json()
    assert twin["pages"] >= 3
    assert twin["links"]["prev"] == "/organisations.json?sort=date&page=1"
    assert twin["links"]["next"] == "/organisations.json?sort=date&page=3"
    assert http.get(twin["links"]["next"]).get_json()["page"] == 3
    first = http.get("/organisations.json").get_json()["links"]
    assert "prev" not in first and first["next"] == "/organisations.json?page=2"
    search = http.get("/search.json?q=Beispiel&page=2").get_json()["links"]
    assert search["prev"] == "/search.json?q=Beispiel&page=1"


def test_a_page_links_its_twin_the_same_however_its_address_was_escaped(
    make_app: Callable[..., Flask],
) -> None:
    """The page cache keys an answer by the URL as Werkzeug reads it ("%3A" and ":" are
    one), and the kept page linked its twin in the spelling of whoever asked first: the
    twins test failed in CI after another test had asked for the same ego network."""
    http = make_app().test_client(use_cookies=False)
    iri = BASE + OFFICE
    plain = http.get(f"/network/ego?iri={iri}&depth=1")
    escaped = http.get("/network/ego?" + urllib.parse.urlencode({"iri": iri, "depth": "1"}))
    twin = "/network/ego.json?" + urllib.parse.urlencode({"iri": iri, "depth": "1"})
    for got in (plain, escaped):
        assert got.status_code == 200
        assert f'href="{html.escape(twin)}"' in got.get_data(as_text=True)
        assert got.headers["Link"] == f'<{twin}>; rel="alternate"; type="application/json"'
