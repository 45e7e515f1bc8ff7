"""What a cold entity page reads (issue 16, item 8: cold pages at the 1M district).

An entity page asks only the queries that can find something for its entity (`explore.entity`
skips those that start from a property neither the entity's statements nor the links to it
have), and reads the class hierarchy and the version IRIs from data kept per publication
(`Store.derived`). The page cache must still drop the page when a publication changes what it
would show (webapp/page_cache.py, `Store.noting_reads`): a first link of a kind the page had no
query for, a change of the class hierarchy the page sorted its entity with.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
from flask import Flask

from akteursgraph.changes import submit
from akteursgraph.changes.model import ORIGIN_FORM, ChangeMeta
from akteursgraph.explore import class_hierarchy, entity, in_directories, touched, typed_token
from akteursgraph.explore.lists import FILED_TOKEN
from akteursgraph.linked_data import versioned_document
from akteursgraph.namespaces import ONTOLOGY_IRI, RDF_TYPE, SKOS
from akteursgraph.store import Change, Store

BASE = "https://w3id.org/akteursgraph/mitte/"
ORG = "http://www.w3.org/ns/org#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
DCTERMS = "http://purl.org/dc/terms/"
TOPIC = "https://w3id.org/akteursgraph/vocab/topic/colonial-history"
#: An organisation that is a member of nothing and has no members in the example data.
LONER = BASE + "example/organisation/stiftung-kiezbruecke"
MEMBERSHIP = BASE + (
    "example/membership/afghanische-frauenwerkstatt-tiergarten-in-runder-tisch-moabit-international"
)
ROUND_TABLE = BASE + "example/organisation/runder-tisch-moabit-international"


def _publish(app: Flask, change: Change) -> None:
    meta = ChangeMeta(author="test", origin=ORIGIN_FORM, comment="entity page reads")
    submit(app.extensions["akteursgraph.writer"], change, meta, review_required=False)


def test_a_first_membership_drops_the_page_that_asked_no_membership_query(
    make_app: Callable[..., Flask],
) -> None:
    """The loner's page asked no membership query (nothing links to it by org:member); a
    publication of a membership that makes it a member of the round table drops its kept
    page, and the page then names the round table."""
    app = make_app()
    http = app.test_client(use_cookies=False)
    path = "/" + LONER.removeprefix(BASE)
    first = http.get(path + ".json")
    assert first.status_code == 200
    assert first.get_json()["entity"]["relations"]["member_of"] == []
    tag = first.headers["ETag"]
    assert http.get(path + ".json").headers["X-Akteursgraph-Cache"] == "hit"

    store: Store = app.extensions["akteursgraph.store"]
    model = ox.NamedNode(MEMBERSHIP)
    new = ox.NamedNode(BASE + "example/membership/stiftung-kiezbruecke-in-runder-tisch")
    member = ox.NamedNode(ORG + "member")
    quads = [q for q in store.quads(model) if store.is_public_graph(q.graph_name)]
    assert any(q.predicate == member for q in quads)
    _publish(
        app,
        Change(
            add=[
                ox.Quad(
                    new,
                    q.predicate,
                    ox.NamedNode(LONER) if q.predicate == member else q.object,
                    q.graph_name,
                )
                for q in quads
            ]
        ),
    )

    after = http.get(path + ".json", headers={"If-None-Match": tag})
    assert after.status_code == 200 and after.headers["ETag"] != tag
    assert "X-Akteursgraph-Cache" not in after.headers
    member_of = after.get_json()["entity"]["relations"]["member_of"]
    assert [m["iri"] for m in member_of] == [ROUND_TABLE]
    assert member_of[0]["via"] == new.value


def test_a_page_notes_the_class_hierarchy_it_sorted_its_entity_with(
    example_store_path: Path,
) -> None:
    """The hierarchy is kept per publication, and every reader is still told which classes
    it showed, the first reader (who computed it) and the next (who got the kept one)."""
    with Store.open(example_store_path) as store:
        classes = {t for sub, sups in class_hierarchy(store).items() for t in (sub, *sups)}
        assert ORG + "FormalOrganization" in classes
        for _ in range(2):
            with store.noting_reads() as read:
                page = entity(store, LONER, "de")
            assert page is not None and page["kind"] == "organisations"
            assert classes <= read
            assert LONER in read


def test_a_version_iri_still_leads_to_its_document_and_follows_publications(
    example_store_path: Path,
) -> None:
    """The version IRIs are read once per publication: one added later is found."""
    with Store.open(example_store_path) as store:
        versions = [
            q.object.value
            for q in store.quads(ox.NamedNode(ONTOLOGY_IRI), ox.NamedNode(OWL + "versionIRI"))
        ]
        assert versions
        assert all(versioned_document(store, v) == ONTOLOGY_IRI for v in versions)
        assert versioned_document(store, ONTOLOGY_IRI) is None
        assert versioned_document(store, "not an IRI") is None
        later = ONTOLOGY_IRI + "/99.0.0"
        assert versioned_document(store, later) is None
        [graph] = {
            q.graph_name
            for q in store.quads(ox.NamedNode(ONTOLOGY_IRI), ox.NamedNode(OWL + "versionIRI"))
        }
        store.apply(
            Change(
                add=[
                    ox.Quad(
                        ox.NamedNode(ONTOLOGY_IRI),
                        ox.NamedNode(OWL + "versionIRI"),
                        ox.NamedNode(later),
                        graph,
                    )
                ]
            )
        )
        assert versioned_document(store, later) == ONTOLOGY_IRI


def test_a_topics_page_follows_a_publication_that_files_something_new_under_it(
    make_app: Callable[..., Flask],
) -> None:
    """A topic's page counts what the directories file under it (`explore.in_directories`);
    it reads no statement of the organisation that a publication gives the topic, yet the
    publication drops the kept page (the lists it counted from are noted as read), and the
    page then counts one organisation more."""
    app = make_app()
    http = app.test_client(use_cookies=False)
    path = "/entity?iri=" + TOPIC + "&format=json"

    def organisations(answer: dict) -> int:
        [entry] = [d for d in answer["entity"]["directories"] if d["kind"] == "organisations"]
        return entry["total"]

    first = http.get(path)
    before = organisations(first.get_json())
    tag = first.headers["ETag"]
    assert http.get(path).headers["X-Akteursgraph-Cache"] == "hit"

    store: Store = app.extensions["akteursgraph.store"]
    loner = ox.NamedNode(LONER)
    subject = ox.NamedNode(DCTERMS + "subject")
    assert not list(store.quads(loner, subject, ox.NamedNode(TOPIC)))
    [graph] = {q.graph_name for q in store.quads(loner, subject)}
    _publish(app, Change(add=[ox.Quad(loner, subject, ox.NamedNode(TOPIC), graph)]))

    after = http.get(path, headers={"If-None-Match": tag})
    assert after.status_code == 200 and after.headers["ETag"] != tag
    assert organisations(after.get_json()) == before + 1
    listed = http.get("/organisations.json?topic=" + TOPIC).get_json()
    assert listed["total"] == before + 1


def test_what_a_count_of_filings_depends_on_is_touched_by_what_changes_it(
    example_store_path: Path,
) -> None:
    """A topic's counts (`in_directories`) read the topic's IRI and FILED_TOKEN, not the
    lists' own tokens: renaming an organisation touches the organisations' list, not what is
    filed under a topic; a change of a type (what is a member) touches FILED_TOKEN; giving
    an entity the topic touches the topic."""
    with Store.open(example_store_path) as store:
        with store.noting_reads() as read:
            in_directories(store, TOPIC)
        assert read == {TOPIC, FILED_TOKEN}
        loner = ox.NamedNode(LONER)
        label = next(q for q in store.quads(loner, ox.NamedNode(SKOS + "prefLabel")))
        renamed = Change(
            add=[ox.Quad(loner, label.predicate, ox.Literal("Neu", language="de"),
                         label.graph_name)],
            remove=[label],
        )  # fmt: skip
        by_rename = touched(store, renamed)
        assert by_rename is not None and FILED_TOKEN not in by_rename
        assert "kind-list organisations" in by_rename  # the list itself changes
        [typed] = list(store.quads(loner, ox.NamedNode(RDF_TYPE)))[:1]
        by_type = touched(store, Change(remove=[typed]))
        assert by_type is not None and FILED_TOKEN in by_type
        subject = next(q for q in store.quads(loner, ox.NamedNode(DCTERMS + "subject")))
        filed = ox.Quad(loner, subject.predicate, ox.NamedNode(TOPIC), subject.graph_name)
        by_filing = touched(store, Change(add=[filed]))
        assert by_filing is not None and TOPIC in by_filing


def test_a_type_statement_touches_its_classs_page_and_the_lists_of_that_class_alone(
    example_store_path: Path,
) -> None:
    """JSON twins walk: a load's record (`<load/…> a prov:Activity`) and a new organisation
    touched every list and every page that named their class. A type statement touches its
    subject, its class's page (`typed_token`: what has the type) and the lists whose class
    it is or lies under (`explore/list/class-under.rq`), also when the type goes."""
    meta = ox.NamedNode(BASE + "graph/public/meta")
    activity = ox.NamedNode("http://www.w3.org/ns/prov#Activity")
    record = ox.Quad(ox.NamedNode(BASE + "load/x"), ox.NamedNode(RDF_TYPE), activity, meta)
    with Store.open(example_store_path) as store:
        by_record = touched(store, Change(add=[record]))
        assert by_record == {BASE + "load/x", typed_token(activity.value)}
        loner = ox.NamedNode(LONER)
        types = [q.object.value for q in store.quads(loner, ox.NamedNode(RDF_TYPE))]
        [organisation] = [q for q in store.quads(loner, ox.NamedNode(RDF_TYPE))
                          if q.object.value == ORG + "Organization"]  # fmt: skip
        by_type = touched(store, Change(remove=[organisation]))
        assert by_type is not None, types
        assert {t for t in by_type if t.startswith("kind-list")} == {
            "kind-list organisations",
            FILED_TOKEN,
        }
        assert ORG + "Organization" not in by_type
        assert typed_token(ORG + "Organization") in by_type
        # A class under a list's class: the list of that class (events' kind facet).
        workshop = ox.NamedNode("https://w3id.org/akteursgraph/ontology#TrainingOffer")
        event = ox.NamedNode(BASE + "event/x")
        by_kind = touched(
            store, Change(add=[ox.Quad(event, ox.NamedNode(RDF_TYPE), workshop, meta)])
        )
        assert by_kind is not None and "kind-list events" in by_kind
        assert "kind-list organisations" not in by_kind
