"""The dataset description (issue 12, item 1): DCAT-AP.de at /catalog, VoID at
/.well-known/void, the links to them, and the settings behind them.

The DCAT-AP.de 3.0 shapes are read from `../shared/spec/dcat-ap-de-3.0/` (placed beside the
repository by CI; see ../shared/spec/README.md). The VoID counts are checked against counts
made here with rdflib over the example's public quads, not with the product's queries.
"""

from __future__ import annotations

import dataclasses
import json
import re
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from flask import Flask
from flask.testing import FlaskClient
from pyshacl import validate
from rdflib.compare import isomorphic

from akteursgraph.errors import UsageError
from akteursgraph.publish.description import (
    KEPT_FILE,
    LINK_TARGETS,
    DescriptionCache,
    Statistics,
    statistics,
)
from akteursgraph.publish.distributions import DUMP_FILES
from akteursgraph.publish.settings import parse, publication_settings, set_publication
from akteursgraph.resources import example_publication_file
from akteursgraph.store import Change, Store
from akteursgraph_web import close_app, create_app

from .conftest import run_cli, until

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT.parent / "shared" / "spec" / "dcat-ap-de-3.0"
BASE = "https://w3id.org/akteursgraph/mitte/"
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
VCARD = rdflib.Namespace("http://www.w3.org/2006/vcard/ns#")
RDFS = rdflib.RDFS
DATASET = rdflib.URIRef(BASE + "catalog#dataset")
ROUTES = ("/catalog", "/.well-known/void")
FORMATS = {"text/turtle": "turtle", "application/rdf+xml": "xml", "application/ld+json": "json-ld"}


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    files = sorted(SPEC.glob("*.ttl"))
    assert len(files) == 5, f"the DCAT-AP.de 3.0 shapes are expected in {SPEC}"
    graph = rdflib.Graph()
    for f in files:
        graph.parse(f, format="turtle")
    return graph


def fetch(client: FlaskClient, path: str, accept: str | None = "text/turtle") -> rdflib.Graph:
    answer = client.get(path, headers={"Accept": accept} if accept else {})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    media = answer.mimetype
    return rdflib.Graph().parse(data=answer.get_data(), format=FORMATS[media])


def violations(data: rdflib.Graph, shapes: rdflib.Graph) -> tuple[bool, list[str]]:
    conforms, report, _text = validate(data, shacl_graph=shapes, allow_warnings=True)
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    found = [
        str(report.value(r, sh.resultMessage))
        for r in report.subjects(sh.resultSeverity, sh.Violation)
    ]
    return bool(conforms), found


# ---- DCAT-AP.de 3.0 ---------------------------------------------------------------------


def test_the_catalogue_conforms_to_dcat_ap_de(client: FlaskClient, shapes: rdflib.Graph) -> None:
    conforms, found = violations(fetch(client, "/catalog"), shapes)
    assert conforms and found == []


def test_a_store_with_only_the_defaults_conforms_too(
    vocab_store_template: Path, tmp_path: Path, shapes: rdflib.Graph
) -> None:
    from akteursgraph_web import close_app, create_app

    from .conftest import copy_store

    app = create_app({"STORE_PATH": str(copy_store(vocab_store_template, tmp_path)),
                      "TESTING": True, "QUERY_WORKERS": 1})  # fmt: skip
    try:
        graph = fetch(app.test_client(), "/catalog")
    finally:
        close_app(app)
    assert violations(graph, shapes) == (True, [])
    # No contact point without a configured mailbox, and the default licence: CC BY 4.0.
    assert graph.value(DATASET, DCAT.contactPoint) is None
    licence = rdflib.URIRef("http://dcat-ap.de/def/licenses/cc-by/4.0")
    assert set(graph.objects(None, DCT.license)) == {licence}


@pytest.mark.parametrize(
    ("remove", "message"),
    [
        (
            "DELETE { ?d dcterms:license ?l } "
            "WHERE { ?d a dcat:Distribution ; dcterms:license ?l }",
            "MUSS eine dcterms:license haben",
        ),
        (
            "DELETE { ?c dcterms:publisher ?p } WHERE { ?c a dcat:Catalog ; dcterms:publisher ?p }",
            "dcterms:publisher",
        ),
        (
            "DELETE { ?l skos:inScheme ?s } WHERE { ?d dcterms:language ?l . ?l skos:inScheme ?s }",
            "dcterms:language MUSS folgendes Vokabular",
        ),
    ],
    ids=["no licence", "no publisher", "language outside the vocabulary"],
)
def test_the_shapes_catch_a_broken_description(
    client: FlaskClient, shapes: rdflib.Graph, remove: str, message: str
) -> None:
    """The conformance test can fail: each break is reported as a violation."""
    graph = fetch(client, "/catalog")
    before = len(graph)
    graph.update(remove, initNs={"dcat": DCAT, "dcterms": DCT, "skos": rdflib.SKOS})
    assert len(graph) < before
    conforms, found = violations(graph, shapes)
    assert not conforms and any(message in m for m in found), found


def test_the_catalogue_describes_dataset_dumps_and_endpoint(client: FlaskClient) -> None:
    graph = fetch(client, "/catalog")
    catalogue = rdflib.URIRef(BASE + "catalog")
    assert (catalogue, DCAT.dataset, DATASET) in graph
    downloads = {str(u) for u in graph.objects(None, DCAT.downloadURL)}
    assert downloads == {"http://localhost" + d.latest_path for d in DUMP_FILES}
    assert {d.latest_path for d in DUMP_FILES} == {
        "/download/latest/akteursgraph.nt.gz",
        "/download/latest/akteursgraph.ttl",
        "/download/latest/akteursgraph.jsonld",
        "/download/latest/akteursgraph.trig",
    }
    service = graph.value(catalogue, DCAT.service)
    assert (service, rdflib.RDF.type, DCAT.DataService) in graph
    assert graph.value(service, DCAT.endpointURL) == rdflib.URIRef("http://localhost/sparql")
    assert graph.value(service, DCAT.servesDataset) == DATASET
    # The example's settings: its office, its mailbox, Berlin, and dates from the data.
    publisher = graph.value(DATASET, DCT.publisher)
    assert publisher == rdflib.URIRef(BASE + "organisation/bezirksamt-mitte")
    contact = graph.value(DATASET, DCAT.contactPoint)
    assert (contact, rdflib.RDF.type, VCARD.Organization) in graph
    assert graph.value(contact, VCARD.hasEmail) == rdflib.URIRef(
        "mailto:fairtrade@ba-mitte.berlin.de"
    )
    spatial = set(graph.objects(DATASET, DCT.spatial))
    assert rdflib.URIRef("http://dcat-ap.de/def/politicalGeocoding/stateKey/11") in spatial
    period = graph.value(DATASET, DCT.temporal)
    assert str(graph.value(period, DCAT.startDate)) == "1703"  # the earliest date in the data


def test_no_person_and_nothing_internal_is_in_the_descriptions(
    client: FlaskClient, store: Store
) -> None:
    """The contact point is the office's mailbox: no person's address (the example has many
    in its internal graph), and no internal graph or statement, reaches either description."""
    mailboxes = {
        q.object.value
        for q in store.quads()
        if isinstance(q.object, ox.NamedNode) and q.object.value.startswith("mailto:")
    }
    assert len(mailboxes) > 10  # the example's people
    internal = store.internal_prefix
    for path in ROUTES:
        for accept in FORMATS:
            body = client.get(path, headers={"Accept": accept}).get_data(as_text=True)
            assert re.findall(r"mailto:[^\s\"'<>]+", body) in (
                [],
                ["mailto:fairtrade@ba-mitte.berlin.de"],
            )
            assert not any(m in body for m in mailboxes), path
            assert internal not in body


def test_a_persons_mailbox_is_refused_as_contact_point(make_app: Callable[..., Flask]) -> None:
    app = make_app(QUERY_WORKERS=1)
    path = app.extensions["akteursgraph.store"].path
    raw = json.loads(example_publication_file().read_text(encoding="utf-8"))
    raw["contact"]["email"] = "abdoulaye.ba@example.org"  # an (internal) example person
    set_publication(path, raw)
    for accept in ("text/turtle", BROWSERS[0]):  # the RDF and the page alike
        answer = app.test_client().get("/catalog", headers={"Accept": accept})
        assert answer.status_code == 400, accept
        assert "Funktionspostfach" in answer.get_data(as_text=True)
        assert "abdoulaye" not in answer.get_data(as_text=True)


# ---- content negotiation --------------------------------------------------------------


@pytest.mark.parametrize("path", ROUTES)
def test_three_formats_by_accept_hold_the_same_triples(client: FlaskClient, path: str) -> None:
    graphs = {accept: fetch(client, path, accept) for accept in FORMATS}
    turtle = graphs["text/turtle"]
    assert len(turtle) > 50
    for accept, graph in graphs.items():
        assert isomorphic(graph, turtle), accept
    for default in (None, "*/*", "text/*"):
        answer = client.get(path, headers={"Accept": default} if default else {})
        assert answer.mimetype == "text/turtle", default
        assert answer.headers["Vary"] == "Accept"
    preferred = {"Accept": "application/rdf+xml;q=0.9, application/ld+json"}
    assert client.get(path, headers=preferred).mimetype == "application/ld+json"


@pytest.mark.parametrize("path", ROUTES)
def test_an_unacceptable_type_is_406(client: FlaskClient, path: str) -> None:
    for accept in ("image/png", "text/turtle;q=0, image/png"):
        assert client.get(path, headers={"Accept": accept}).status_code == 406, accept


#: What Chromium and Firefox send for a link they follow: XML before anything else.
BROWSERS = (
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
    "image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7",
    "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
)


@pytest.mark.parametrize("path", ROUTES)
def test_a_browser_gets_the_description_as_a_page(client: FlaskClient, path: str) -> None:
    """The footer of every page links here: a person who follows it reads a page (it was
    RDF/XML, as the browser asks for XML next), with the same facts as the RDF."""
    void = fetch(client, "/.well-known/void")
    triples = int(void.value(DATASET, VOID.triples))
    for accept in BROWSERS:
        answer = client.get(path, headers={"Accept": accept})
        assert answer.status_code == 200 and answer.mimetype == "text/html", accept
        # The page is in the visitor's language: a cache keys it on that too (it said only
        # `Accept`, and an English visitor could be given the German page; HTTP walk).
        assert answer.headers["Vary"] == "Accept, Accept-Language, Cookie"
        page = answer.get_data(as_text=True)
        assert "Datensatzbeschreibung" in page
        assert "Creative Commons Namensnennung – 4.0 International (CC BY 4.0)" in page
        assert f"<dd>{triples:,}</dd>".replace(",", ".") in page  # the VoID count, in German
        # A place of the coverage without a name reads by the geocoding's name, not as "11"
        # nor as its address ("dcat-ap.de/def/politicalGeocoding/stateKey/11").
        assert '<a href="http://dcat-ap.de/def/politicalGeocoding/stateKey/11"' in page
        assert ">Berlin</a>" in page and ">dcat-ap.de/def/politicalGeocoding" not in page
        # A linkset's property by its prefixed name (it read the whole IRI).
        assert "(<code>owl:sameAs</code>)" in page and "owl#sameAs" not in page
        # The classes of the data, by their German names; not those describing the vocabulary
        # (rdf:Property, owl:Class), which the RDF counts but which have no German names.
        listed = re.findall(r'<td><a href="[^"]+">([^<]+)</a></td><td>', page)
        assert "Organisation" in listed and "Mitgliedschaft" in listed
        assert not {"Property", "Class", "ObjectProperty"} & set(listed), listed
        for dump in DUMP_FILES:
            assert f'href="http://localhost{dump.latest_path}"' in page
        assert 'href="http://localhost/sparql"' not in page  # named as text, with the editor
        assert "<code>http://localhost/sparql</code>" in page
        # Each of its machine links answers the RDF that Accept gives a harvester.
        for key, media in (("ttl", "text/turtle"), ("rdf", "application/rdf+xml"),
                           ("jsonld", "application/ld+json")):  # fmt: skip
            for route in ROUTES:
                link = f"{route}?format={key}"
                assert f'href="{link}"' in page
                twin = client.get(link, headers={"Accept": accept})
                assert twin.mimetype == media
                parsed = rdflib.Graph().parse(data=twin.get_data(), format=FORMATS[media])
                assert isomorphic(parsed, fetch(client, route, media)), link
    english = client.get(path + "?lang=en", headers={"Accept": BROWSERS[0]}).get_data(as_text=True)
    assert "Dataset description" in english and "Creative Commons Attribution 4.0" in english
    assert f"<dd>{triples:,}</dd>" in english
    assert "unregelmäßig" not in english and "irregularly" in english


def test_an_unknown_format_is_refused_in_both_languages(client: FlaskClient) -> None:
    for lang, words in (("de", "Unbekanntes Format 'xml'"), ("en", "Unknown format 'xml'")):
        answer = client.get(f"/catalog?format=xml&lang={lang}", headers={"Accept": "text/turtle"})
        assert answer.status_code == 400
        assert words in answer.get_data(as_text=True).replace("&#39;", "'")


# ---- VoID -------------------------------------------------------------------------------


def _public_triples(store: Store) -> set[tuple[object, ...]]:
    return {(q.subject, q.predicate, q.object) for q in store.dump_quads(public_only=True)}


def test_void_counts_equal_counts_made_independently(client: FlaskClient, store: Store) -> None:
    graph = fetch(client, "/.well-known/void")
    triples = _public_triples(store)
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    subjects = {s for s, _, _ in triples}
    entities = {s for s in subjects if isinstance(s, ox.NamedNode) and s.value.startswith(BASE)}
    classes: dict[str, set[object]] = {}
    properties: dict[str, int] = {}
    for s, p, o in triples:
        properties[p.value] = properties.get(p.value, 0) + 1  # type: ignore[attr-defined]
        if p == rdf_type and isinstance(o, ox.NamedNode):
            classes.setdefault(o.value, set()).add(s)

    def count(node: rdflib.term.Node, prop: rdflib.URIRef) -> int:
        return int(graph.value(node, prop))  # type: ignore[arg-type]

    assert count(DATASET, VOID.triples) == len(triples) > 5000
    assert count(DATASET, VOID.entities) == len(entities) > 300
    assert count(DATASET, VOID.distinctSubjects) == len(subjects)
    assert count(DATASET, VOID.distinctObjects) == len({o for _, _, o in triples})
    assert count(DATASET, VOID.classes) == len(classes)
    assert count(DATASET, VOID.properties) == len(properties)
    partitions = {
        str(graph.value(p, VOID["class"])): count(p, VOID.entities)
        for p in graph.objects(DATASET, VOID.classPartition)
    }
    assert partitions == {c: len(members) for c, members in classes.items()}
    by_property = {
        str(graph.value(p, VOID.property)): count(p, VOID.triples)
        for p in graph.objects(DATASET, VOID.propertyPartition)
    }
    assert by_property == properties
    # Linksets: the example links to Wikidata with owl:sameAs only, and not yet to the GND.
    same_as = "http://www.w3.org/2002/07/owl#sameAs"
    wikidata = sum(
        1 for _, p, o in triples
        if p.value == same_as and o.value.startswith("http://www.wikidata.org/entity/")  # type: ignore[attr-defined]
    )  # fmt: skip
    linksets = {
        (str(graph.value(ls, VOID.objectsTarget)), str(graph.value(ls, VOID.linkPredicate))): (
            count(ls, VOID.triples)
        )
        for ls in graph.objects(DATASET, VOID.subset)
    }
    assert linksets == {("https://www.wikidata.org/", same_as): wikidata} and wikidata >= 8


def test_void_says_where_to_query_download_and_read_more(client: FlaskClient) -> None:
    graph = fetch(client, "/.well-known/void")
    assert graph.value(DATASET, VOID.sparqlEndpoint) == rdflib.URIRef("http://localhost/sparql")
    dumps = {str(d) for d in graph.objects(DATASET, VOID.dataDump)}
    assert dumps == {"http://localhost" + d.latest_path for d in DUMP_FILES}
    vocabularies = {str(v) for v in graph.objects(DATASET, VOID.vocabulary)}
    assert {"https://w3id.org/akteursgraph/ontology#", "http://www.w3.org/ns/org#"} <= vocabularies
    assert graph.value(DATASET, DCT.license) == rdflib.URIRef(
        "http://dcat-ap.de/def/licenses/cc-by/4.0"
    )
    # Each description links the other.
    assert (DATASET, RDFS.seeAlso, rdflib.URIRef("http://localhost/catalog")) in graph
    catalogue = fetch(client, "/catalog")
    assert (DATASET, RDFS.seeAlso, rdflib.URIRef("http://localhost/.well-known/void")) in catalogue


def test_counts_follow_each_publication_and_are_kept_between(
    make_app: Callable[..., Flask],
) -> None:
    """Counted once per publication version: a second request reuses the counts, a public
    commit (a new GND link) makes the next request count again."""
    app = make_app(QUERY_WORKERS=1)
    client = app.test_client()
    first = fetch(client, "/.well-known/void")
    cache = app.extensions["akteursgraph.description"]
    stats = cache.statistics(app.extensions["akteursgraph.store"],
                             app.extensions["akteursgraph.publisher"].version)  # fmt: skip
    fetch(client, "/catalog")
    assert cache.statistics(app.extensions["akteursgraph.store"],
                            app.extensions["akteursgraph.publisher"].version) is stats  # fmt: skip
    # An organisation: the shapes allow owl:sameAs to a person only towards Wikidata.
    organisation = ox.NamedNode(BASE + "organisation/berlin-postkolonial")
    gnd = ox.NamedNode("https://d-nb.info/gnd/1012345678")
    graph = ox.NamedNode(BASE + "graph/public/mitte-facts")
    same_as = ox.NamedNode("http://www.w3.org/2002/07/owl#sameAs")
    app.extensions["akteursgraph.writer"].commit(
        Change(add=[ox.Quad(organisation, same_as, gnd, graph)])
    )
    # The counts are those of the publication version, which the snapshot taken after the
    # acknowledgement makes new: until then a request describes what is still published.
    assert app.extensions["akteursgraph.snapshots"].wait(60)
    # Issue: the first reader after a publication waited for the scans (17 s at the 1M
    # district). It gets the counts of before at once, the page says so, and a thread counts.
    version = app.extensions["akteursgraph.publisher"].version
    assert not cache.current(version)
    held = cache._one_count  # the count cannot finish while this test holds its lock
    with held:
        before = fetch(client, "/.well-known/void")
        page = client.get("/catalog", headers={"Accept": "text/html", "Accept-Language": "en"})
        assert "These counts are of the publication before the last" in page.get_data(
            as_text=True)  # fmt: skip
    assert int(before.value(DATASET, VOID.triples)) == int(first.value(DATASET, VOID.triples))
    deadline = time.monotonic() + 60
    while not cache.current(version) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert cache.current(version)
    second = fetch(client, "/.well-known/void")
    assert int(second.value(DATASET, VOID.triples)) == int(first.value(DATASET, VOID.triples)) + 1
    page = client.get("/catalog", headers={"Accept": "text/html", "Accept-Language": "en"})
    assert "These counts are of the publication" not in page.get_data(as_text=True)
    gnd_sets = [
        ls for ls in second.objects(DATASET, VOID.subset)
        if second.value(ls, VOID.objectsTarget) == rdflib.URIRef("https://d-nb.info/gnd/")
    ]  # fmt: skip
    assert len(gnd_sets) == 1 and int(second.value(gnd_sets[0], VOID.triples)) == 1


def test_counts_are_kept_across_a_restart(
    example_store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a restart the counts are read from the file beside the store, not counted
    while the first reader waits (29.7 s at the 1M district); counts of an older version
    are shown as those of before while a thread counts again."""
    app = create_app({"STORE_PATH": str(example_store_path), "TESTING": True})
    try:
        first = fetch(app.test_client(), "/.well-known/void")
        version = app.extensions["akteursgraph.publisher"].version
    finally:
        close_app(app)
    kept = example_store_path / KEPT_FILE
    assert json.loads(kept.read_text("utf-8"))["version"] == version

    def no_count(_store: Store) -> Statistics:
        raise AssertionError("counted again, though the counts of this version were kept")

    monkeypatch.setattr("akteursgraph.publish.description.statistics", no_count)
    app = create_app({"STORE_PATH": str(example_store_path), "TESTING": True})
    try:
        again = fetch(app.test_client(), "/.well-known/void")
        assert int(again.value(DATASET, VOID.triples)) == int(first.value(DATASET, VOID.triples))
        assert isomorphic(again, first)
        with Store.open(example_store_path, read_only=True) as store:
            counted = []

            def count(opened: Store) -> Statistics:
                counted.append(True)
                return statistics(store)

            monkeypatch.setattr("akteursgraph.publish.description.statistics", count)
            later = DescriptionCache(kept=kept)
            shown = later.statistics(store, version + 1)  # a version published since
            assert _counts(shown) == _counts(Statistics.from_json(
                json.loads(kept.read_text("utf-8"))["statistics"]))  # fmt: skip
            assert not later.current(version + 1)
            until(lambda: later.current(version + 1))
            assert counted == [True]
    finally:
        close_app(app)


def _counts(stats: Statistics) -> Statistics:
    return dataclasses.replace(stats, seconds=0.0)


def test_a_triple_held_in_several_graphs_counts_once(example_store_path: Path) -> None:
    """Copies of triples in two more public graphs (and one only in the smallest of them):
    the counts are those of the distinct triples, as VoID states them. The triples are no
    longer made distinct by the engine (which held them all at once), so the copies are
    taken off one by one (`description._repeats`)."""
    with Store.open(example_store_path) as store:
        before = statistics(store)
        some = sorted(_public_triples(store), key=str)[:40]
        copies = [
            ox.Quad(s, p, o, ox.NamedNode(store.graph_iri(name)))  # type: ignore[arg-type]
            for name, part in (("public/copy-a", some), ("public/copy-b", some[:10]))
            for s, p, o in part
        ]
        assert all(store.is_public_graph(q.graph_name) for q in copies)
        store.apply(Change(add=copies))
        assert _counts(statistics(store)) == _counts(before)
        label = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
        new = ox.Quad(ox.NamedNode(BASE + "copy"), label, ox.Literal("Nur hier"),
                      ox.NamedNode(store.graph_iri("public/copy-b")))  # fmt: skip
        store.apply(Change(add=[new]))
        after = statistics(store)
        assert after.triples == before.triples + 1
        assert after.property_triples[label.value] == before.property_triples[label.value] + 1


def test_link_targets_match_the_query() -> None:
    text = (ROOT / "graph" / "queries" / "description" / "void-links.rq").read_text("utf-8")
    listed = set(re.findall(r'\("(\w+)" "([^"]+)"\)', text))
    assert listed == {(key, space) for key, (_, _, spaces) in LINK_TARGETS.items()
                      for space in spaces}  # fmt: skip


# ---- links to the descriptions ----------------------------------------------------------


def test_pages_and_entity_documents_point_at_the_catalogue(client: FlaskClient) -> None:
    described = '</catalog>; rel="describedby"'
    for path, accept in [
        ("/", "text/html"),
        ("/organisations", "text/html"),
        ("/organisation/bezirksamt-mitte", "text/html"),
        ("/organisation/bezirksamt-mitte", "text/turtle"),
        ("/organisation/bezirksamt-mitte.jsonld", None),
    ]:
        answer = client.get(path, headers={"Accept": accept} if accept else {})
        assert answer.status_code == 200, path
        assert described in answer.headers.getlist("Link"), (path, accept)
    page = client.get("/").get_data(as_text=True)
    assert 'href="/catalog"' in page and 'href="/.well-known/void"' in page
    # Not on the SPARQL protocol's answers: they describe a query, not the dataset.
    assert "Link" not in client.get("/sparql", query_string={"query": "ASK {}"}).headers


def test_the_service_description_links_both(client: FlaskClient) -> None:
    graph = fetch(client, "/sparql", "text/turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    service = next(graph.subjects(rdflib.RDF.type, sd.Service))
    assert graph.value(service, sd.defaultDataset) == DATASET
    assert (DATASET, rdflib.RDF.type, VOID.Dataset) in graph
    assert (DATASET, RDFS.seeAlso, rdflib.URIRef("http://localhost/.well-known/void")) in graph
    assert (service, RDFS.seeAlso, rdflib.URIRef("http://localhost/catalog")) in graph


# ---- settings ---------------------------------------------------------------------------


def test_settings_default_and_refuse_wrong_values(store: Store) -> None:
    defaults = parse({})
    assert defaults.licence == "http://dcat-ap.de/def/licenses/cc-by/4.0"
    assert defaults.contact_email is None and defaults.spatial == ()
    example = publication_settings(store.path)
    assert example.contact_email == "fairtrade@ba-mitte.berlin.de"
    offered = parse({"licence": "http://dcat-ap.de/def/licenses/dl-by-de/2.0"})
    assert offered.licence.endswith("dl-by-de/2.0")
    for wrong in (
        {"licence": "https://creativecommons.org/licenses/by/4.0/"},
        {"contact": {"email": "not a mailbox"}},
        {"temporal": {"start": "about 1703"}},
        {"themes": ["COLONIAL"]},
        {"title": {"de": "nur Deutsch"}},
        {"publisher": {"iri": "urn:x"}},
        {"licenc": DUMP_FILES[0].name},
    ):
        with pytest.raises(UsageError):
            parse(wrong)
    # A date of the right shape that does not exist, or a period ending before it began: the
    # catalogue published "2020-13-45"^^xsd:date (new-office walk).
    for wrong, named in (
        ({"temporal": {"start": "2020-13-45"}}, "temporal.start"),
        ({"temporal": {"end": "2019-02-30"}}, "temporal.end"),
        ({"accessibility": {"assessed": "2026-02-31"}}, "accessibility.assessed"),
        ({"temporal": {"start": "2030", "end": "2010"}}, "temporal"),
        ({"temporal": {"start": "2019-03-01", "end": "2019-02-28"}}, "temporal"),
        ({"temporal": {"start": "-2020-13-45"}}, "temporal.start"),
        ({"temporal": {"start": "２０２４"}}, "temporal.start"),
        ({"temporal": {"start": "0000"}}, "temporal.start"),
    ):
        with pytest.raises(UsageError) as refused:
            parse(wrong)
        assert f"Ungültige Einstellung {named}:" in refused.value.de, refused.value.de
        assert f"Invalid setting {named}:" in refused.value.en
    assert parse({"temporal": {"start": "2019", "end": "2019-12-31"}}).temporal_start == "2019"
    assert parse({"accessibility": {"assessed": "2024-02-29"}}).accessibility_assessed


def test_the_cli_shows_and_sets_the_settings(example_store_path: Path, tmp_path: Path) -> None:
    shown = run_cli("publication", store=example_store_path)
    assert shown.returncode == 0, shown.stderr
    raw = json.loads(shown.stdout)
    assert raw["contact"]["email"] == "fairtrade@ba-mitte.berlin.de"
    raw["licence"] = "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
    changed = tmp_path / "publication.json"
    changed.write_text(json.dumps(raw), encoding="utf-8")
    assert run_cli("publication", "--set", str(changed), store=example_store_path).returncode == 0
    assert publication_settings(example_store_path).licence.endswith("dl-by-de/2.0")
    changed.write_text(json.dumps({**raw, "licence": "CC-BY"}), encoding="utf-8")
    refused = run_cli("publication", "--set", str(changed), store=example_store_path)
    assert refused.returncode == 2 and "licence" in refused.stderr
    # named after the file given (it said "akteursgraph.json", the store's own file)
    assert f"{changed}: Ungültige Einstellung licence" in refused.stderr
    assert "akteursgraph.json" not in refused.stderr
    assert publication_settings(example_store_path).licence.endswith("dl-by-de/2.0")


def test_a_new_logo_is_set_with_the_cli(example_store_path: Path, tmp_path: Path) -> None:
    """A new logo had to be copied into the store folder by hand, and the settings edited."""
    logo = tmp_path / "wortmarke.svg"
    logo.write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"/>')
    done = run_cli("publication", "--logo", str(logo), store=example_store_path)
    assert done.returncode == 0, done.stderr
    assert publication_settings(example_store_path).logo == "logo.svg"
    assert (example_store_path / "logo.svg").read_bytes() == logo.read_bytes()
    assert json.loads(done.stdout)["logo"] == "logo.svg"
    wrong = tmp_path / "logo.gif"
    wrong.write_bytes(b"GIF89a")
    refused = run_cli("publication", "--logo", str(wrong), store=example_store_path)
    assert refused.returncode == 2 and "--logo" in refused.stderr
    assert publication_settings(example_store_path).logo == "logo.svg"


def test_places_of_the_geocoding_are_named_in_words() -> None:
    from akteursgraph.publish.overview import geocoding_name

    geo = "http://dcat-ap.de/def/politicalGeocoding/"
    assert geocoding_name(geo + "stateKey/11", "de") == "Berlin"
    assert geocoding_name(geo + "stateKey/09", "en") == "Bavaria"
    assert geocoding_name(geo + "municipalityKey/110000000000", "de") == (
        "Gemeindeschlüssel 110000000000")  # fmt: skip
    assert geocoding_name(geo + "districtKey/05315", "en") == "district key 05315"
    assert geocoding_name(geo + "stateKey/99", "de") is None
    assert geocoding_name("https://www.wikidata.org/wiki/Q64", "de") is None


@pytest.mark.parametrize(
    ("lang", "said"),
    [("de", "Entitäten mit einer IRI dieses Datensatzes"),
     ("en", "Entities with an IRI of this dataset")],
)  # fmt: skip
def test_the_pages_count_of_entities_says_what_it_counts(
    client: FlaskClient, lang: str, said: str
) -> None:
    """void:entities counts the entities under the dataset's own IRIs (void:uriSpace); the
    page called it "Entitäten" above a table of 104 concepts alone, and read as wrong."""
    void = fetch(client, "/.well-known/void")
    counted = int(void.value(DATASET, VOID.entities))
    page = client.get("/catalog", headers={"Accept": "text/html", "Accept-Language": lang})
    text = page.get_data(as_text=True)
    shown = re.search(rf"<dt>{said}</dt><dd>([\d.,\u202f ]+)</dd>", text)
    assert shown and int(re.sub(r"\D", "", shown[1])) == counted, text[:200]


def test_the_period_of_the_data_keeps_a_years_sign_and_digits() -> None:
    """The catalogue cut the date of the data to ten characters: "-0044-03-15" became the
    xsd:date "-0044-03-1", "-0500" an xsd:date (re-check walk)."""
    from akteursgraph.publish.description import _date

    xsd = "http://www.w3.org/2001/XMLSchema#"
    for given, value, kind in (
        ("-0044-03-15", "-0044-03-15", "date"),
        ("-0500", "-0500", "gYear"),
        ("1703", "1703", "gYear"),
        ("2019-04", "2019-04", "gYearMonth"),
        ("2024-08-23T10:00:00", "2024-08-23", "date"),
    ):
        term = _date(given)
        assert (term.value, term.datatype.value) == (value, xsd + kind), given
