"""Issue 12, item 3: entity documents as LodView serves them.

Incoming links and the labels of linked resources on pages and in the RDF twins (public side
only, capped), `Vary: Accept` on every representation, graph and vocabulary IRIs that
dereference, the sitemap and robots.txt, and schema.org JSON-LD embedded in pages.
"""

from __future__ import annotations

import json
import re
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Callable

import pyoxigraph as ox
import pytest
import rdflib
from flask import Flask
from flask.testing import FlaskClient

from akteursgraph.linked_data import INCOMING_CAP, incoming, path_for_iri
from akteursgraph.publish.sitemap import split
from akteursgraph.schema_org import script_json
from akteursgraph.store import Change, Store

from .example_people import example_person

BASE = "https://w3id.org/akteursgraph/mitte/"
AG = rdflib.Namespace("https://w3id.org/akteursgraph/ontology#")
SCHEMA = rdflib.Namespace("https://schema.org/")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
SKOS = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
PERSON = BASE + "person/rudolf-duala-manga-bell"
NAMING = BASE + "naming/manga-bell-platz-2022"
NETWORK = BASE + "example/organisation/westafrikanisches-elternnetzwerk-gesundbrunnen"
# In the example data this membership is only in the internal graph, pointing at NETWORK.
INTERNAL_MEMBERSHIP = BASE + (
    "example/membership/amel-lahlou-in-westafrikanisches-elternnetzwerk-gesundbrunnen"
)
INTERNAL_PERSON = example_person("Lucía Vargas")
PUBLIC_GRAPH = BASE + "graph/public/mitte-facts"
INTERNAL_GRAPH = BASE + "graph/internal/example"
ONTOLOGY = "https://w3id.org/akteursgraph/ontology"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
FORMATS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}


def path(iri: str) -> str:
    return "/" + iri[len(BASE) :]


def section(html: str, name: str) -> str:
    found = re.search(rf'<section aria-labelledby="{name}">(.*?)</section>', html, flags=re.S)
    assert found, f"no section {name}"
    return found.group(1)


def twin(client: FlaskClient, url: str, media: str = "text/turtle") -> rdflib.Graph:
    resp = client.get(url, headers={"Accept": media})
    assert resp.status_code == 200, url
    assert resp.mimetype == media
    return rdflib.Graph().parse(data=resp.get_data(as_text=True), format=FORMATS[media])


# ---- incoming links and labels ---------------------------------------------------------


def test_a_honoured_persons_page_lists_the_naming_that_honours_them(client: FlaskClient) -> None:
    html = client.get(path(PERSON)).get_data(as_text=True)
    incoming_html = section(html, "h-incoming")
    # "(Benennung)": the page links the site "Manga-Bell-Platz" too (WCAG 2.4.4)
    assert f'<a href="{path(NAMING)}">Manga-Bell-Platz (Benennung)</a>' in incoming_html
    assert 'title="https://w3id.org/akteursgraph/ontology#honours">… ehrt Rudolf' in incoming_html
    english = client.get(path(PERSON) + "?lang=en").get_data(as_text=True)
    assert ">… honours Rudolf Duala Manga Bell</h3>" in section(english, "h-incoming")


@pytest.mark.parametrize("media", list(FORMATS))
def test_the_twin_holds_incoming_links_and_labels_in_every_format(
    client: FlaskClient, media: str
) -> None:
    g = twin(client, path(PERSON), media)
    person, naming = rdflib.URIRef(PERSON), rdflib.URIRef(NAMING)
    assert (naming, AG.honours, person) in g  # the statement that links to the person
    assert (naming, SCHEMA.name, rdflib.Literal("Manga-Bell-Platz", lang="de")) in g
    # the label of a resource the person links to (its class), in both languages
    labels = set(g.objects(AG.HistoricalPerson, rdflib.RDFS.label))
    assert {lit.language for lit in labels} == {"de", "en"}  # type: ignore[attr-defined]
    # and still its own statements
    assert (person, rdflib.RDF.type, AG.HistoricalPerson) in g


def test_a_networks_page_lists_its_memberships_and_no_internal_one(client: FlaskClient) -> None:
    """The canary: the example data's internal graph holds a membership pointing at this
    public network; it must appear neither as an incoming link nor in the twin."""
    html = client.get(path(NETWORK)).get_data(as_text=True)
    links = section(html, "h-incoming")
    assert "/example/membership/" in links  # public memberships are listed
    assert "amel-lahlou" not in html
    turtle = client.get(path(NETWORK), headers={"Accept": "text/turtle"}).get_data(as_text=True)
    assert "/example/membership/" in turtle
    assert "amel-lahlou" not in turtle


def test_internal_statements_never_leak_as_incoming_links_or_labels(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app(QUERY_WORKERS=1)
    canary = ox.NamedNode(BASE + "example/note/kanarienvogel-incoming")
    internal = ox.NamedNode(BASE + "graph/internal/example")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    app.extensions["akteursgraph.writer"].commit(
        Change(
            add=[
                ox.Quad(canary, ox.NamedNode(str(AG.honours)), ox.NamedNode(PERSON), internal),
                ox.Quad(
                    canary, label, ox.Literal("Kanarienvogel-Eingang", language="de"), internal
                ),
                # a label of a resource the person links to, said only internally
                ox.Quad(
                    ox.NamedNode(str(AG.HistoricalPerson)),
                    label,
                    ox.Literal("Kanarienvogel-Klasse", language="de"),
                    internal,
                ),
            ]
        )
    )
    client = app.test_client()
    for accept in ("text/html", *FORMATS):
        body = client.get(path(PERSON), headers={"Accept": accept}).get_data(as_text=True)
        assert "Manga-Bell-Platz" in body  # the public incoming link is there
        assert "kanarienvogel" not in body.lower(), accept


def test_incoming_links_are_capped_and_counted(store: Store) -> None:
    membership = "http://www.w3.org/ns/org#Membership"  # 93 public memberships in the example
    few = incoming(store, membership, cap=10)
    assert len(few.links) == 10 and few.more
    everything = incoming(store, membership, cap=100_000)
    assert few.total == everything.total == len(everything.links) > 10
    assert not everything.more
    assert set(few.links) <= set(everything.links)


def test_a_hub_page_shows_the_cap_and_links_to_all_links_in_sparql(
    make_app: Callable[..., Flask],
) -> None:
    """A hub: more public statements link to the person than a page shows."""
    app = make_app(QUERY_WORKERS=1)
    graph = ox.NamedNode(BASE + "graph/public/example")
    see_also = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#seeAlso")
    extra = INCOMING_CAP + 20
    store = app.extensions["akteursgraph.store"]
    already = sum(  # the naming that honours the person (the rdf:Statement nodes that hold
        # the sources of the person's own statements are footnotes, not links to them)
        1
        for q in store.quads(None, None, ox.NamedNode(PERSON))
        if store.is_public_graph(q.graph_name)
        and q.predicate.value != "http://www.w3.org/1999/02/22-rdf-syntax-ns#subject"
    )
    app.extensions["akteursgraph.writer"].commit(
        Change(
            add=[
                ox.Quad(
                    ox.NamedNode(f"{BASE}example/note/n{i}"), see_also, ox.NamedNode(PERSON), graph
                )
                for i in range(extra)
            ]
        )
    )
    client = app.test_client()
    links = section(client.get(path(PERSON)).get_data(as_text=True), "h-incoming")
    assert links.count("<li>") == INCOMING_CAP
    assert f"{INCOMING_CAP} von {extra + already} Verweisen" in links
    assert f"höchstens {INCOMING_CAP}" in links
    more = re.search(r'<a href="(/sparql/editor\?query=[^"]+)">Alle Verweise', links)
    assert more
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(more.group(1).replace("&amp;", "&")).query)
    assert f"<{PERSON}>" in query["query"][0]
    g = twin(client, path(PERSON))
    assert len(set(g.subjects(rdflib.RDFS.seeAlso, rdflib.URIRef(PERSON)))) <= INCOMING_CAP
    assert len(list(g.subjects(None, rdflib.URIRef(PERSON)))) == INCOMING_CAP


# ---- Vary ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", [path(PERSON), PUBLIC_GRAPH[len(BASE) - 1 :], "/ontology", "/vocab/topics"]
)
def test_every_representation_of_a_dereferenceable_iri_varies_with_accept(
    client: FlaskClient, url: str
) -> None:
    html = client.get(url, headers={"Accept": "text/html"})
    rdf = client.get(url, headers={"Accept": "text/turtle"})
    assert (html.status_code, rdf.status_code) == (200, 200)
    assert html.mimetype == "text/html" and rdf.mimetype == "text/turtle"
    assert "Accept" in html.headers["Vary"] and "Accept" in rdf.headers["Vary"]


# ---- graph IRIs ------------------------------------------------------------------------


def test_a_public_graph_iri_describes_the_graph(client: FlaskClient, store: Store) -> None:
    count = sum(1 for _ in store.quads(graph=ox.NamedNode(PUBLIC_GRAPH)))
    resp = client.get(path(PUBLIC_GRAPH))
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert "mitte-facts.trig" in html  # the load it came from
    assert f"{count:,}".replace(",", ".") in html  # the German page groups as German does
    content = re.search(r'<a href="(/sparql\?query=[^"]+)">', html)
    assert content
    g = twin(client, path(PUBLIC_GRAPH))
    graph = rdflib.URIRef(PUBLIC_GRAPH)
    assert (graph, VOID.triples, rdflib.Literal(count)) in g
    assert (graph, rdflib.RDF.type, VOID.Dataset) in g
    [activity] = set(g.subjects(PROV.generated, graph))
    assert str(g.value(activity, rdflib.URIRef("http://purl.org/dc/terms/title"))) == (
        "mitte-facts.trig"
    )
    for media in FORMATS:
        assert len(twin(client, path(PUBLIC_GRAPH) + "", media)) == len(g)


def test_an_internal_graph_iri_answers_404_in_every_form(client: FlaskClient) -> None:
    for accept in ("text/html", "text/turtle", "application/ld+json"):
        assert client.get(path(INTERNAL_GRAPH), headers={"Accept": accept}).status_code == 404
    assert client.get(path(INTERNAL_GRAPH) + ".ttl").status_code == 404
    assert client.get("/entity", query_string={"iri": INTERNAL_GRAPH}).status_code == 404


# ---- vocabulary IRIs -------------------------------------------------------------------


def test_the_ontology_iri_dereferences_with_its_terms_in_both_languages(
    client: FlaskClient,
) -> None:
    html = client.get("/ontology").get_data(as_text=True)
    terms = section(html, "h-defined-terms")
    # ontology#Street (a hash IRI) lands on its entry of the document
    assert 'id="Street"' in terms
    assert 'lang="de"><strong>Straße</strong>' in terms
    assert 'lang="en"><strong>Street</strong>' in terms
    g = twin(client, "/ontology")
    comments = {c.language for c in g.objects(AG.Street, rdflib.RDFS.comment)}  # type: ignore[attr-defined]
    assert comments == {"de", "en"}
    assert (rdflib.URIRef(ONTOLOGY), rdflib.RDF.type, rdflib.OWL.Ontology) in g


def test_a_vocabulary_term_page_shows_label_and_comment_in_both_languages(
    client: FlaskClient,
) -> None:
    html = client.get("/entity", query_string={"iri": str(AG.Street)}).get_data(as_text=True)
    texts = section(html, "h-term-texts")
    assert '<dd lang="de"><strong>Straße</strong><br>' in texts
    assert '<dd lang="en"><strong>Street</strong><br>' in texts


def test_every_term_the_public_graphs_use_is_named_in_german_and_english(store: Store) -> None:
    """Exploratory test: a German page of an ontology term named its rows "comment",
    "subClassOf", "isDefinedBy" (and the ontology's "versionInfo"): the RDFS, OWL, VANN and
    some PROV terms the vocabulary describes itself with had no labels. Every predicate and
    class of the public graphs now has a label in both languages. The internal graphs too
    (consent records, contact data): the staff's history and review pages name what a change
    says by these labels (a load's record of itself: `test_workspace_review`)."""
    unnamed = store.select(
        "SELECT DISTINCT ?term ?lang WHERE { "
        "{ GRAPH ?g { ?s ?term ?o } } UNION { GRAPH ?g { ?s a ?term } } "
        "VALUES ?lang { 'de' 'en' } "
        "FILTER NOT EXISTS { GRAPH ?h { ?term ?labelled ?label "
        "FILTER(?labelled IN (skos:prefLabel, rdfs:label) && LANG(?label) = ?lang) } } }"
    )
    assert sorted((r["term"].value, r["lang"].value) for r in unnamed) == []


def test_a_vocabulary_term_page_names_its_rows_in_the_page_language(client: FlaskClient) -> None:
    html = client.get("/entity", query_string={"iri": str(AG.NamingStep)}).get_data(as_text=True)
    rows = section(html, "h-statements")
    for term, german in (("comment", "Erläuterung"), ("subClassOf", "Unterklasse von"),
                         ("isDefinedBy", "Definiert in")):  # fmt: skip
        assert f'<th scope="row" title="{RDFS}{term}">{german}</th>' in rows


def test_a_concept_scheme_dereferences_at_its_own_path(client: FlaskClient) -> None:
    scheme = "https://w3id.org/akteursgraph/vocab/topics"
    assert path_for_iri(BASE, scheme) == "/vocab/topics"
    html = client.get("/vocab/topics").get_data(as_text=True)
    assert "<h1>" in html and "h-incoming" in html  # its concepts link to it (skos:inScheme)
    g = twin(client, "/vocab/topics", "application/ld+json")
    assert (rdflib.URIRef(scheme), rdflib.RDF.type, SKOS.ConceptScheme) in g
    assert client.get("/vocab/no-such-scheme").status_code == 404


# ---- sitemap and robots.txt -----------------------------------------------------------


def _locs(xml: bytes) -> list[str]:
    root = ET.fromstring(xml)
    return [loc.text or "" for loc in root.iterfind(".//s:loc", SITEMAP_NS)]


def test_the_sitemap_lists_public_pages_and_no_internal_one(client: FlaskClient) -> None:
    index = client.get("/sitemap.xml")
    assert index.status_code == 200 and index.mimetype == "application/xml"
    assert ET.fromstring(index.data).tag == "{" + SITEMAP_NS["s"] + "}sitemapindex"
    files = _locs(index.data)
    assert files == ["http://localhost/sitemap-1.xml"]
    urls = _locs(client.get("/sitemap-1.xml").data)
    assert "http://localhost" + path(PERSON) in urls
    assert "http://localhost/organisations" in urls and "http://localhost/" in urls
    assert "http://localhost/ontology" in urls and "http://localhost/vocab/topics" in urls
    # the office's own pages too (docs/configuration.md: "the fixed pages"; they were left out)
    for office_page in ("/impressum", "/datenschutz", "/barrierefreiheit", "/leichte-sprache"):
        assert "http://localhost" + office_page in urls, office_page
    assert "http://localhost" + path(INTERNAL_PERSON) not in urls
    assert not [u for u in urls if "amel-lahlou" in u or "/graph/internal/" in u]
    assert len(urls) == len(set(urls))
    for url in urls[:: max(1, len(urls) // 25)]:  # a sample of them answers
        assert client.get(url).status_code == 200, url
    assert client.get("/sitemap-2.xml").status_code == 404


def test_the_sitemap_is_split_into_files_and_follows_publications(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app(QUERY_WORKERS=1, SITEMAP_URLS_PER_FILE=100)
    client = app.test_client()
    files = _locs(client.get("/sitemap.xml").data)
    assert len(files) > 2
    parts = [_locs(client.get(f).data) for f in files]
    assert all(1 <= len(p) <= 100 for p in parts)
    everything = [u for p in parts for u in p]
    new = BASE + "example/organisation/neu-im-sitemap"
    assert "http://localhost" + path(new) not in everything
    quad = ox.Quad(
        ox.NamedNode(new),
        ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
        ox.NamedNode("http://www.w3.org/ns/org#Organization"),
        ox.NamedNode(BASE + "graph/public/example"),
    )
    label = "http://www.w3.org/2004/02/skos/core#prefLabel"
    app.extensions["akteursgraph.writer"].commit(
        Change(
            add=[
                quad,
                ox.Quad(
                    quad.subject,
                    ox.NamedNode(label),
                    ox.Literal("Neu (Beispiel)", language="de"),
                    quad.graph_name,
                ),
                ox.Quad(
                    quad.subject,
                    ox.NamedNode(label),
                    ox.Literal("New (example)", language="en"),
                    quad.graph_name,
                ),
                ox.Quad(
                    quad.subject,
                    ox.NamedNode("http://www.w3.org/ns/org#classification"),
                    ox.NamedNode(
                        "https://w3id.org/akteursgraph/vocab/organisation-kind/initiative"
                    ),
                    quad.graph_name,
                ),
            ]
        )
    )
    after = [u for f in _locs(client.get("/sitemap.xml").data) for u in _locs(client.get(f).data)]
    assert set(after) == set(everything) | {"http://localhost" + path(new)}


def test_split_keeps_the_sitemaps_org_limit() -> None:
    urls = [f"/e/{i}" for i in range(120_001)]
    files = split(urls)
    assert [len(f) for f in files] == [50_000, 50_000, 20_001]
    assert split([]) == [[]]


def test_robots_txt_allows_pages_and_keeps_crawlers_off_expensive_endpoints(
    client: FlaskClient,
) -> None:
    resp = client.get("/robots.txt")
    assert resp.status_code == 200 and resp.mimetype == "text/plain"
    lines = resp.get_data(as_text=True).splitlines()
    assert lines[:2] == ["User-agent: *", "Allow: /"]
    for disallowed in ("/sparql", "/api/", "/network/"):
        assert f"Disallow: {disallowed}" in lines
    assert "Sitemap: http://localhost/sitemap.xml" in lines
    assert not any(line == "Disallow: /" for line in lines)


# ---- schema.org JSON-LD ----------------------------------------------------------------


def _jsonld(client: FlaskClient, url: str) -> tuple[dict, rdflib.Graph]:
    html = client.get(url).get_data(as_text=True)
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, flags=re.S)
    assert len(scripts) == 1, url
    data = json.loads(scripts[0])
    return data, rdflib.Graph().parse(data=scripts[0], format="json-ld")


@pytest.mark.parametrize(
    ("url", "schema_type"),
    [
        (
            path(BASE + "organisation/koordinationsstelle-entwicklungspolitik"),
            "GovernmentOrganization",
        ),
        (path(BASE + "example/organisation/afghanische-frauenwerkstatt-tiergarten"), "NGO"),
        (path(PERSON), "Person"),
        (path(BASE + "example/event/gedenkveranstaltung-am-manga-bell-platz-2023"), "Event"),
        (path(BASE + "site/manga-bell-platz"), "Place"),
    ],
)
def test_pages_embed_schema_org_json_ld_of_the_right_type(
    client: FlaskClient, url: str, schema_type: str
) -> None:
    data, g = _jsonld(client, url)
    subject = rdflib.URIRef(data["@id"])
    assert "http://localhost" + url == data["mainEntityOfPage"]
    assert (subject, rdflib.RDF.type, SCHEMA[schema_type]) in g
    assert g.value(subject, SCHEMA.name) is not None
    if schema_type == "Event":
        assert str(g.value(subject, SCHEMA.startDate)) == "2023-12-02"
    if schema_type == "Place":
        geo = g.value(subject, SCHEMA.geo)
        assert float(g.value(geo, SCHEMA.latitude)) == pytest.approx(52.5561)  # type: ignore[arg-type]
    if schema_type == "Person":
        assert str(g.value(subject, SCHEMA.birthDate)) == "1873"


def test_a_living_persons_markup_holds_only_what_the_public_page_shows(
    client: FlaskClient, store: Store
) -> None:
    row = store.select(
        "SELECT ?p WHERE { ?p ag:publicationConsent ?c ; a foaf:Person } ORDER BY ?p LIMIT 1",
        public_only=True,
    )
    person = row[0]["p"].value
    html = client.get(path(person)).get_data(as_text=True)
    data, _g = _jsonld(client, path(person))
    assert data["@type"] == "Person"
    assert not {"email", "telephone", "address"} & set(data)
    assert "consent" not in json.dumps(data).lower()
    for value in (data.get("givenName"), data.get("familyName"), data["name"]):
        if value:
            assert value in html


def test_pages_of_other_kinds_embed_no_markup(client: FlaskClient) -> None:
    html = client.get("/vocab/topics").get_data(as_text=True)
    assert "application/ld+json" not in html.replace('type="application/ld+json" href', "")


def test_script_json_cannot_close_the_script_element() -> None:
    hostile = 'Verein </script><script>alert("x")</script> & <!-- Söhne'
    text = script_json({"name": hostile})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"name": hostile}


def test_a_label_with_a_script_end_tag_stays_inside_the_markup(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app(QUERY_WORKERS=1)
    org = ox.NamedNode(BASE + "example/organisation/script-probe")
    graph = ox.NamedNode(BASE + "graph/public/example")
    hostile = "Probe </script><script>alert(1)</script> & Co (Beispiel)"
    label = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
    app.extensions["akteursgraph.writer"].commit(
        Change(
            add=[
                ox.Quad(
                    org,
                    ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                    ox.NamedNode("http://www.w3.org/ns/org#Organization"),
                    graph,
                ),
                ox.Quad(org, label, ox.Literal(hostile, language="de"), graph),
                ox.Quad(org, label, ox.Literal("Probe (example)", language="en"), graph),
                ox.Quad(
                    org,
                    ox.NamedNode("http://www.w3.org/ns/org#classification"),
                    ox.NamedNode(
                        "https://w3id.org/akteursgraph/vocab/organisation-kind/initiative"
                    ),
                    graph,
                ),
            ]
        )
    )
    html = app.test_client().get(path(org.value)).get_data(as_text=True)
    assert "<script>alert(1)" not in html
    data, g = _jsonld(app.test_client(), path(org.value))
    assert data["name"] == hostile
    assert str(g.value(rdflib.URIRef(org.value), SCHEMA.name)) == hostile


# ---- the benchmark's figure ------------------------------------------------------------


def test_the_entity_document_workload_checks_then_times(store: Store) -> None:
    from akteursgraph.bench import workloads
    from akteursgraph.bench.stats import Row

    rows: list[Row] = []
    orgs = [BASE + "organisation/koordinationsstelle-entwicklungspolitik", NETWORK]
    workloads.entity_documents(store, orgs, 2, rows)
    assert [len(r.samples) for r in rows] == [2, 2, 2]
    assert all(r.baseline and r.target_s == 0.05 for r in rows)
    with pytest.raises(AssertionError, match="no sampled organisation has incoming links"):
        workloads.entity_documents(store, [BASE + "no/such-entity"], 1, [])


def test_only_entity_documents_replaces_its_rows_and_keeps_the_rest() -> None:
    from akteursgraph.bench.run import merge

    mine = "entity document: x"
    saved = {"quads": 100, "rows": [{"workload": "a", "samples": [1]},
                                    {"workload": mine, "samples": [9]},
                                    {"workload": "b", "samples": [3]}]}  # fmt: skip
    part = {
        "scale": 1,
        "quads": 100,
        "entity-documents": [{"workload": "entity document: x", "samples": [2]}],
    }
    merged = merge(saved, part, "entity-documents")
    assert merged["rows"] == [  # in its place
        {"workload": "a", "samples": [1]},
        {"workload": "entity document: x", "samples": [2]},
        {"workload": "b", "samples": [3]},
    ]
    assert merged["entity-documents_when"].endswith("UTC")
    alone = merge(None, part, "entity-documents")
    assert alone["only"] == "entity-documents" and alone["rows"] == part["entity-documents"]
