"""The embedded store: persistence across processes, atomic writes, read-only snapshots."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.errors import InvalidDataError, StoreError, UsageError
from graph.store import Change, Store

from .conftest import dump

EX = "https://w3id.org/akteursgraph/mitte/example/"
PUBLIC = "https://w3id.org/akteursgraph/mitte/graph/public/test"
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")


def test_store_survives_a_process_restart(vocab_store_template: Path, tmp_path: Path) -> None:
    """One process writes and exits; a new process finds the data."""
    import shutil

    path = tmp_path / "store"
    shutil.copytree(vocab_store_template, path)
    writer = (
        "import pyoxigraph as ox, sys\n"
        "from graph.store import Store, Change\n"
        "s = Store.open(sys.argv[1])\n"
        f"q = ox.Quad(ox.NamedNode('{EX}note'), ox.NamedNode('{LABEL.value}'), "
        f"ox.Literal('persistent'), ox.NamedNode('{PUBLIC}'))\n"
        "s.write(Change(add=[q]))\n"
        "s.close()\n"
    )
    subprocess.run([sys.executable, "-c", writer, str(path)], check=True, timeout=120)
    reader = (
        "import sys\nfrom graph.store import Store\n"
        "s = Store.open(sys.argv[1], read_only=True)\n"
        "print(s.select('SELECT ?l WHERE { ?s rdfs:label ?l FILTER(?l = \"persistent\") }'))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", reader, str(path)],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    assert "persistent" in out


def test_invalid_write_leaves_every_quad_in_place(vocab_store: Store) -> None:
    before = dump(vocab_store)
    org = ox.NamedNode(EX + "organisation/unnamed")
    bad = Change(
        add=[
            ox.Quad(
                org,
                ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                ox.NamedNode("http://www.w3.org/ns/org#Organization"),
                ox.NamedNode(PUBLIC),
            ),
        ]
    )
    with pytest.raises(InvalidDataError):
        vocab_store.write(bad)
    assert dump(vocab_store) == before


def test_removal_and_addition_commit_together(vocab_store: Store) -> None:
    g = ox.NamedNode(PUBLIC)
    note = ox.NamedNode(EX + "note")
    old = ox.Quad(note, LABEL, ox.Literal("old"), g)
    new = ox.Quad(note, LABEL, ox.Literal("new"), g)
    vocab_store.write(Change(add=[old]))
    vocab_store.write(Change(add=[new], remove=[old]))
    labels = {q.object.value for q in vocab_store.quads(note, LABEL)}
    assert labels == {"new"}


def test_second_writer_gets_a_clear_message_and_readers_still_work(vocab_store: Store) -> None:
    with pytest.raises(StoreError) as caught:
        Store.open(vocab_store.path)
    assert "anderen Prozess" in caught.value.de and "another process" in caught.value.en
    with Store.open(vocab_store.path, read_only=True) as reader:
        assert len(reader) == len(vocab_store)


def test_open_missing_store_says_run_init(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as caught:
        Store.open(tmp_path / "nothing")
    assert "akteursgraph init" in caught.value.en


@pytest.mark.parametrize(
    "name", ["private/x", "public/Upper", "http://example.org/g", "public/", "public/a b"]
)
def test_graph_names_outside_the_scheme_are_refused(vocab_store: Store, name: str) -> None:
    with pytest.raises(UsageError):
        vocab_store.graph_iri(name)


def test_graph_names_resolve_against_the_base(vocab_store: Store) -> None:
    assert vocab_store.graph_iri("public/mitte") == vocab_store.base_iri + "graph/public/mitte"
    assert vocab_store.graph_iri(PUBLIC) == PUBLIC


def test_public_queries_cannot_see_internal_graphs(vocab_store: Store) -> None:
    internal = ox.NamedNode(vocab_store.internal_prefix + "secret")
    vocab_store.write(
        Change(add=[ox.Quad(ox.NamedNode(EX + "note"), LABEL, ox.Literal("secret"), internal)])
    )
    queries = [
        "SELECT ?l WHERE { ?s rdfs:label ?l }",
        "SELECT ?l WHERE { GRAPH ?g { ?s rdfs:label ?l } }",
        f"SELECT ?l FROM NAMED <{internal.value}> WHERE {{ GRAPH ?g {{ ?s rdfs:label ?l }} }}",
        f"SELECT ?l FROM <{internal.value}> WHERE {{ ?s rdfs:label ?l }}",
    ]
    for q in queries:
        values = {r["l"].value for r in vocab_store.select(q, public_only=True) if "l" in r}
        assert "secret" not in values, q
    everything = {r["l"].value for r in vocab_store.select(queries[0]) if "l" in r}
    assert "secret" in everything


def test_user_values_are_bound_not_spliced(vocab_store: Store) -> None:
    tricky = ox.Literal('x" } ; DROP ALL ; SELECT * { "')
    rows = vocab_store.select(
        "SELECT ?s ?name WHERE { ?s skos:prefLabel ?name }", bindings={"name": tricky}
    )
    assert rows == []


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "select * where { service <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE {" * 300 + "}" * 300,
    ],
)
def test_unsafe_queries_are_refused_before_the_engine(vocab_store: Store, text: str) -> None:
    with pytest.raises(InvalidDataError):
        vocab_store.query(text)


@pytest.mark.parametrize(
    "text",
    [
        "SELECT ?load WHERE { BIND(1 AS ?load) }",
        "SELECT $service WHERE { BIND(1 AS $service) }",
        "PREFIX load: <http://example.org/> SELECT ?x WHERE { BIND(load:x AS ?x) }",
        "PREFIX ex: <http://example.org/> SELECT ?x WHERE { BIND(ex:service AS ?x) }",
    ],
)
def test_variables_and_names_that_look_like_keywords_are_fine(
    vocab_store: Store, text: str
) -> None:
    """Regression: ?load was refused as if it were the LOAD keyword."""
    assert len(vocab_store.select(text)) == 1


def test_service_inside_a_string_is_fine(vocab_store: Store) -> None:
    rows = vocab_store.select('SELECT ?x WHERE { BIND("SERVICE <http://x>" AS ?x) }')
    assert rows[0]["x"].value.startswith("SERVICE")
