"""The inferred graph (issue 12, item 8): RDFS subclass and subproperty entailments of the
public data, on the public side only, kept in step with each publication."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from flask import Flask
from flask.testing import FlaskClient

from akteursgraph.bench.answers import Answer, concat_columns, engine_answer
from akteursgraph.changes import ORIGIN_SPARQL_UPDATE, ChangeMeta, Draft, publish, submit
from akteursgraph.gallery import load_gallery
from akteursgraph.namespaces import PREFIXES
from akteursgraph.publish import Publisher
from akteursgraph.publish.inference import Hierarchy, Inference, entailments, inferred_graph
from akteursgraph.publish.mirror import Marker, PublicDelta
from akteursgraph.snapshot import current_snapshot
from akteursgraph.store import Change, Store

BASE = "https://w3id.org/akteursgraph/mitte/"
INFERRED = BASE + "graph/inferred"
PUBLIC = ox.NamedNode(BASE + "graph/public/staff")
INTERNAL = ox.NamedNode(BASE + "graph/internal/staff")
AG = PREFIXES["ag"]
RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
STREETS_AND_SQUARES = {
    "anna-mungunda-allee", "anton-wilhelm-amo-strasse", "cornelius-fredericks-strasse",
    "maji-maji-allee", "manga-bell-platz", "martha-ndumbe-platz",
}  # fmt: skip
MEMORIALS = {"gedenktafel-berliner-afrika-konferenz", "infostele-afrikanisches-viertel"}


def public_side_followed(client: FlaskClient) -> None:
    """The public `/sparql` takes a new statement with the snapshot after its acknowledgement
    (only staff and removals wait for it): these tests read once it is taken."""
    assert client.application.extensions["akteursgraph.snapshots"].wait(60)


def select(client: FlaskClient, query: str) -> list[dict[str, str]]:
    public_side_followed(client)
    resp = client.get("/sparql", query_string={"query": query, "format": "json"})
    assert resp.status_code == 200, resp.get_data(as_text=True)
    rows = json.loads(resp.get_data())["results"]["bindings"]
    return [{k: v["value"] for k, v in row.items()} for row in rows]


def ask(client: FlaskClient, query: str) -> bool:
    public_side_followed(client)
    resp = client.get("/sparql", query_string={"query": query, "format": "json"})
    assert resp.status_code == 200, resp.get_data(as_text=True)
    return bool(json.loads(resp.get_data())["boolean"])


def slugs(rows: list[dict[str, str]], name: str = "x") -> set[str]:
    return {row[name].rsplit("/", 1)[1] for row in rows}


# ---- on the public endpoint, example data ----------------------------------------------------


def test_colonial_history_sites_include_the_streets_and_squares(client: FlaskClient) -> None:
    rows = select(client, "SELECT ?x WHERE { ?x a ag:ColonialHistorySite }")
    # 4 streets + 2 squares + 2 memorials, each once (none is typed so directly).
    assert len(rows) == 8
    assert slugs(rows) == STREETS_AND_SQUARES | MEMORIALS
    streets = select(client, "SELECT ?x WHERE { ?x a ag:ColonialHistorySite, ag:Street }")
    assert len(streets) == 4
    # Transitive: a street is a schema:Place through ag:ColonialHistorySite.
    places = select(client, "SELECT ?x WHERE { ?x a ag:Street, schema:Place, geo:Feature }")
    assert len(places) == 4


def test_subproperties_are_entailed_too(client: FlaskClient) -> None:
    partners = select(client, "SELECT ?c ?o WHERE { ?c ag:partner ?o }")
    associated = select(
        client, "SELECT ?c ?o WHERE { ?c a ag:Cooperation ; prov:wasAssociatedWith ?o }"
    )
    assert partners and {tuple(r.values()) for r in partners} <= {
        tuple(r.values()) for r in associated
    }


def test_the_inferred_graph_is_named_described_and_holds_no_asserted_statement(
    client: FlaskClient,
) -> None:
    about = select(
        client,
        f"SELECT ?p ?o WHERE {{ GRAPH <{INFERRED}> {{ <{INFERRED}> ?p ?o }} }}",
    )
    labels = {r["o"] for r in about if r["p"].endswith("#label")}
    assert labels == {"Abgeleitete Aussagen (RDFS)", "Inferred statements (RDFS)"}
    predicates = {r["p"] for r in about}
    assert PREFIXES["prov"] + "wasGeneratedBy" in predicates
    assert BASE + "graph/public/vocabulary" in {
        r["o"] for r in about if r["p"].endswith("wasDerivedFrom")
    }
    # The union default graph does not merge duplicates: nothing inferred is asserted too.
    assert not ask(
        client,
        f"ASK {{ GRAPH <{INFERRED}> {{ ?s ?p ?o }} GRAPH ?g {{ ?s ?p ?o }} "
        f"FILTER(?g != <{INFERRED}>) }}",
    )
    # FROM NAMED may name it (the dataset holds it), and GRAPH finds the sites in it.
    in_graph = select(
        client,
        f"SELECT ?x FROM NAMED <{INFERRED}> WHERE {{ GRAPH ?g {{ ?x a ag:ColonialHistorySite }} }}",
    )
    assert len(in_graph) == 8


def test_the_service_description_names_and_explains_the_inferred_graph(
    client: FlaskClient,
) -> None:
    resp = client.get("/sparql", headers={"Accept": "application/n-triples"})
    assert resp.status_code == 200
    graph = ox.Store()
    graph.load(resp.get_data(), format=ox.RdfFormat.N_TRIPLES)
    sd = "http://www.w3.org/ns/sparql-service-description#"
    rows = list(
        graph.query(
            f"SELECT ?comment WHERE {{ ?named a sd:NamedGraph ; sd:name <{INFERRED}> ; "
            "rdfs:comment ?comment . FILTER(LANG(?comment) = 'en') }",
            prefixes={"sd": sd, "rdfs": PREFIXES["rdfs"]},
        )
    )
    assert len(rows) == 1 and "rdfs:subClassOf" in rows[0]["comment"].value
    # Each named graph is typed so, the public ones too (they were only named; walk).
    named = graph.query(
        "SELECT ?g ?kind WHERE { ?d sd:namedGraph ?n . ?n sd:name ?g OPTIONAL { ?n a ?kind } }",
        prefixes={"sd": sd},
    )
    kinds = {r["g"].value: r["kind"] for r in named}
    assert len(kinds) > 1 and all(k == ox.NamedNode(sd + "NamedGraph") for k in kinds.values())
    # No entailment regime is claimed: the entailments are materialised, not query-time.
    assert b"entailmentRegime" not in resp.get_data()


def test_the_inferred_graph_dereferences(client: FlaskClient) -> None:
    """The service description names the inferred graph; its IRI answered 404 (researcher's
    walk). It answers as a public graph's does: a page and RDF saying what it is, by which
    rules and from which graphs."""
    page = client.get("/graph/inferred", headers={"Accept-Language": "de"})
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "<h1>Abgeleitete Aussagen (RDFS)</h1>" in text and "Nicht geladen" in text
    turtle = client.get("/graph/inferred.ttl")
    assert turtle.status_code == 200
    graph = ox.Store()
    graph.load(turtle.get_data(), format=ox.RdfFormat.TURTLE)
    derived = {
        q.object.value
        for q in graph.quads_for_pattern(
            ox.NamedNode(INFERRED), ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom"), None
        )
    }
    assert derived and all("/graph/public/" in g for g in derived)


@pytest.mark.parametrize(
    ("lang", "words"), [("en", "inferred graph"), ("de", "abgeleiteten Graphen")]
)
def test_the_editor_page_says_what_the_inferred_graph_is(
    client: FlaskClient, lang: str, words: str
) -> None:
    page = client.get(f"/sparql/editor?lang={lang}").get_data(as_text=True)
    assert words in page and f"<code>{INFERRED}</code>" in page


def test_the_gallery_answers_the_same_with_and_without_the_inferred_graph(
    example_store_path: Path,
) -> None:
    """The benchmark checks each gallery answer against the engine on the public dump, which
    has no inferred graph; so no gallery question may count an entity once per class."""
    publisher = Publisher.before_open(example_store_path)
    store = Store.open(example_store_path)
    try:
        publisher.start(store)
        asserted = ox.Store()
        asserted.extend(list(store.dump_quads(public_only=True)))
    finally:
        store.close()
        publisher.close()
    public_side = ox.Store.read_only(str(current_snapshot(example_store_path)))
    inferred = ox.NamedNode(INFERRED)
    assert len(public_side) > len(asserted) + 250
    assert sum(1 for _ in public_side.quads_for_pattern(None, None, None, inferred)) > 250

    def answer(dataset: ox.Store, text: str) -> Answer:
        result = dataset.query(text, prefixes=PREFIXES, use_default_graph_as_union=True)
        return engine_answer(result, concat_columns(text))

    for entry in load_gallery():
        assert answer(public_side, entry["query"]) == answer(asserted, entry["query"]), entry["id"]
    del public_side


# ---- following the publications -------------------------------------------------------------

NEW_STREET = BASE + "site/teststrasse-inferenz"
NEW_STREET_TTL = f"""
<{NEW_STREET}> a <{AG}Street> ;
    <{PREFIXES["skos"]}prefLabel> "Teststraße der Ableitung"@de ;
    <{PREFIXES["wgs"]}lat> "52.55"^^<{PREFIXES["xsd"]}decimal> ;
    <{PREFIXES["wgs"]}long> "13.34"^^<{PREFIXES["xsd"]}decimal> ;
    <{PREFIXES["dcterms"]}source> <https://example.org/quelle> ;
    <{AG}hasNaming> <{BASE}naming/manga-bell-platz-2022> .
"""
IS_SITE = f"ASK {{ <{NEW_STREET}> a ag:ColonialHistorySite, schema:Place }}"
IN_INFERRED = f"ASK {{ GRAPH <{INFERRED}> {{ <{NEW_STREET}> ?p ?o }} }}"


def quads(turtle: str, graph: ox.NamedNode) -> list[ox.Quad]:
    triples = ox.parse(turtle, format=ox.RdfFormat.TURTLE)
    return [ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples]


def commit(app: Flask, add: list[ox.Quad] = (), remove: list[ox.Quad] = ()) -> None:  # type: ignore[assignment]
    committed = app.extensions["akteursgraph.writer"].commit(
        Change(add=list(add), remove=list(remove))
    )
    assert not committed.stale, committed.stale


def test_a_published_street_is_a_site_at_once_and_its_type_removed_retracts_it(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app(QUERY_WORKERS=1)
    client = app.test_client()
    publisher: Publisher = app.extensions["akteursgraph.publisher"]
    started = publisher.rebuilds
    assert not ask(client, IS_SITE)
    street = quads(NEW_STREET_TTL, PUBLIC)
    commit(app, add=street)
    assert ask(client, IS_SITE)  # visible on /sparql right after the commit
    assert publisher.rebuilds == started  # none for the change
    typed = ox.Quad(ox.NamedNode(NEW_STREET), RDF_TYPE, ox.NamedNode(AG + "Street"), PUBLIC)
    commit(app, remove=[typed])
    assert not ask(client, IS_SITE)
    assert not ask(client, IN_INFERRED)
    assert publisher.rebuilds == started


def test_a_statement_entailed_twice_stays_while_one_path_remains(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app(QUERY_WORKERS=1)
    client = app.test_client()
    street = quads(NEW_STREET_TTL, PUBLIC)
    square = ox.Quad(ox.NamedNode(NEW_STREET), RDF_TYPE, ox.NamedNode(AG + "Square"), PUBLIC)
    commit(app, add=[*street, square])
    typed = ox.Quad(ox.NamedNode(NEW_STREET), RDF_TYPE, ox.NamedNode(AG + "Street"), PUBLIC)
    commit(app, remove=[typed])
    assert ask(client, IS_SITE)  # still a square
    commit(app, remove=[square])
    assert not ask(client, IS_SITE)
    # Asserted, the supertype leaves the inferred graph; retracted, it is entailed again.
    site = ox.Quad(typed.subject, RDF_TYPE, ox.NamedNode(AG + "ColonialHistorySite"), PUBLIC)
    commit(app, add=[typed, site])
    in_inferred = f"ASK {{ GRAPH <{INFERRED}> {{ <{NEW_STREET}> a ag:ColonialHistorySite }} }}"
    assert ask(client, IS_SITE) and not ask(client, in_inferred)
    commit(app, remove=[site])
    assert ask(client, IS_SITE) and ask(client, in_inferred)


def test_nothing_internal_is_entailed_into_the_public_graph(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app(QUERY_WORKERS=1)
    client = app.test_client()
    canary = BASE + "site/kanarienvogel-3e1d"
    internal = quads(NEW_STREET_TTL.replace(NEW_STREET, canary), INTERNAL)
    # A public organisation recorded internally as a memorial too, and a partnership
    # (ag:partner, a subproperty of prov:wasAssociatedWith) recorded only internally.
    coop = ox.NamedNode(
        select(client, "SELECT ?c WHERE { ?c a ag:Cooperation } ORDER BY ?c LIMIT 1")[0]["c"]
    )
    org = ox.NamedNode(BASE + "organisation/bvv-mitte")
    decimal = ox.NamedNode(PREFIXES["xsd"] + "decimal")
    internal += [
        ox.Quad(org, RDF_TYPE, ox.NamedNode(AG + "Memorial"), INTERNAL),
        ox.Quad(org, ox.NamedNode(PREFIXES["wgs"] + "lat"), ox.Literal("52.5", datatype=decimal),
                INTERNAL),
        ox.Quad(org, ox.NamedNode(PREFIXES["wgs"] + "long"), ox.Literal("13.3", datatype=decimal),
                INTERNAL),
        ox.Quad(coop, ox.NamedNode(AG + "partner"), org, INTERNAL),
    ]  # fmt: skip
    assert not ask(client, f"ASK {{ <{coop.value}> prov:wasAssociatedWith <{org.value}> }}")
    commit(app, add=internal)
    assert not ask(client, f"ASK {{ <{canary}> ?p ?o }}")
    assert not ask(client, f"ASK {{ ?s ?p <{canary}> }}")
    assert not ask(client, f"ASK {{ <{org.value}> a ag:ColonialHistorySite }}")
    assert not ask(client, f"ASK {{ <{coop.value}> prov:wasAssociatedWith <{org.value}> }}")
    snapshot = app.extensions["akteursgraph.pool"].snapshot
    assert not any(
        b"kanarienvogel-3e1d" in p.read_bytes() for p in Path(snapshot).rglob("*") if p.is_file()
    )


def test_a_draft_entails_nothing_until_it_is_published(make_app: Callable[..., Flask]) -> None:
    app = make_app(QUERY_WORKERS=1)
    client = app.test_client()
    writer = app.extensions["akteursgraph.writer"]
    meta = ChangeMeta(author="eve", origin=ORIGIN_SPARQL_UPDATE, comment="a new street")
    draft = submit(writer, Change(add=quads(NEW_STREET_TTL, PUBLIC)), meta, review_required=True)
    assert isinstance(draft, Draft)
    assert not ask(client, IS_SITE) and not ask(client, IN_INFERRED)
    publish(writer, draft.change_id, reviewer="rita")
    assert ask(client, IS_SITE) and ask(client, IN_INFERRED)


# ---- start-up -------------------------------------------------------------------------------


def test_a_new_vocabulary_derives_the_graph_again_at_start_up(example_store_path: Path) -> None:
    def served() -> tuple[Publisher, Store, Path]:
        publisher = Publisher.before_open(example_store_path)
        store = Store.open(example_store_path)
        return publisher, store, publisher.start(store)

    publisher, store, first = served()
    store.close()
    publisher.close()
    marker = Marker.read(example_store_path)
    assert marker is not None and marker.hierarchy
    # As if the product's vocabulary changed since (an update): the mirror is kept, the
    # inferred graph derived again, and the workers get a new snapshot.
    marker.hierarchy = "an older vocabulary"
    marker.write(example_store_path)
    publisher, store, again = served()
    try:
        assert publisher.trusted and publisher.rebuilds == 0
        assert publisher.inference is not None and publisher.inference.rebuilds == 1
        assert again != first
        opened = ox.Store.read_only(str(again))
        assert next(opened.quads_for_pattern(None, None, None, ox.NamedNode(INFERRED)), None)
        del opened
    finally:
        store.close()
        publisher.close()


def test_a_mirror_from_before_the_inferred_graph_is_rebuilt(example_store_path: Path) -> None:
    publisher = Publisher.before_open(example_store_path)
    store = Store.open(example_store_path)
    publisher.start(store)
    store.close()
    publisher.close()
    path = example_store_path / "public-mirror.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**data, "format": 1}), encoding="utf-8")
    assert Publisher.before_open(example_store_path).trusted is False


# ---- the rules, on the engine directly -------------------------------------------------------

EX = "https://example.org/"


def n(name: str) -> ox.NamedNode:
    return ox.NamedNode(EX + name)


def test_rules_compose_and_follow_the_closure_both_ways() -> None:
    sub_class = ox.NamedNode(PREFIXES["rdfs"] + "subClassOf")
    sub_property = ox.NamedNode(PREFIXES["rdfs"] + "subPropertyOf")
    data = ox.NamedNode(EX + "graph/public/data")
    mirror = ox.Store()
    mirror.extend([
        ox.Quad(n("A"), sub_class, n("B"), data),
        ox.Quad(n("B"), sub_class, n("C"), data),
        ox.Quad(n("C"), sub_class, n("A"), data),  # a cycle entails nothing about itself
        ox.Quad(n("p"), sub_property, n("q"), data),
        ox.Quad(n("q"), sub_property, RDF_TYPE, data),  # odd but allowed: feeds rdfs9
        ox.Quad(n("s"), n("p"), n("A"), data),
    ])  # fmt: skip
    inference = Inference(mirror, EX)
    inference.rebuild()
    got = {
        (q.predicate.value.removeprefix(EX), str(q.object).strip("<>").removeprefix(EX))
        for q in mirror.quads_for_pattern(n("s"), None, None, inferred_graph(EX))
    }
    assert got == {("q", "A"), (RDF_TYPE.value, "A"), (RDF_TYPE.value, "B"), (RDF_TYPE.value, "C")}


def test_following_random_changes_equals_deriving_all_again() -> None:
    """Incremental maintenance against the full derivation, over many random changes,
    hierarchy changes included (they derive all again)."""
    rng = random.Random(12)
    data = ox.NamedNode(EX + "graph/public/data")
    sub_class = ox.NamedNode(PREFIXES["rdfs"] + "subClassOf")
    classes = [n(f"C{i}") for i in range(6)] + [ox.NamedNode(AG + "Street")]
    predicates = [n("p0"), n("p1"), ox.NamedNode(AG + "partner"), n("plain")]
    subjects = [n(f"s{i}") for i in range(8)]
    mirror = ox.Store()
    mirror.extend([ox.Quad(classes[i], sub_class, classes[i + 1], data) for i in range(3)])
    mirror.add(ox.Quad(n("p0"), ox.NamedNode(PREFIXES["rdfs"] + "subPropertyOf"), n("p1"), data))
    inference = Inference(mirror, EX)
    inference.rebuild()
    graph = inferred_graph(EX)

    def random_quad() -> ox.Quad:
        if rng.random() < 0.05:
            return ox.Quad(rng.choice(classes), sub_class, rng.choice(classes), data)
        s = rng.choice(subjects)
        if rng.random() < 0.5:
            return ox.Quad(s, RDF_TYPE, rng.choice(classes), data)
        return ox.Quad(s, rng.choice(predicates), rng.choice(subjects), data)

    for _ in range(150):
        held = [q for q in mirror if q.graph_name == data]
        remove = [q for q in held if rng.random() < 0.1]
        add = [q for q in (random_quad() for _ in range(rng.randint(0, 4))) if q not in mirror]
        for q in remove:
            mirror.remove(q)
        mirror.extend(add)
        inference.follow(PublicDelta(add, len(add), remove))
        kept = {q for q in mirror.quads_for_pattern(None, None, None, graph) if q.subject != graph}
        kept = {q for q in kept if q.subject.value != graph.value + "#rdfs"}

        def asserted(g: object) -> bool:
            return g != graph

        full = set(entailments(mirror, Hierarchy.read(mirror, asserted), asserted, graph))
        assert kept == full
    assert inference.rebuilds > 1  # some changes were to the hierarchy


@pytest.mark.parametrize("ontology_class", ["Street", "Square", "Memorial", "Building"])
def test_every_kind_of_site_is_a_colonial_history_site(ontology_class: str) -> None:
    hierarchy = Hierarchy.read(ox.Store(), lambda g: True)
    assert (
        ox.NamedNode(AG + "ColonialHistorySite")
        in hierarchy.superclasses[ox.NamedNode(AG + ontology_class)]
    )
