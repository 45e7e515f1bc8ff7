"""The engine's own result serialisation is used only when it respects the row cap."""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox
import pytest
from flask import Flask

from akteursgraph.sparql.worker import native_solutions

# Literals that look like row separators in each format: newlines, quotes, tags.
DATA = b"""
<http://a/1> <http://p> "eins\\nzwei" .
<http://a/2> <http://p> "<result>\\"drei\\"</result>"@de .
<http://a/3> <http://p> "vier,\\r\\nf\\u00fcnf" .
_:b <http://p> "6"^^<http://www.w3.org/2001/XMLSchema#integer> .
"""


@pytest.fixture(scope="module")
def store() -> ox.Store:
    s = ox.Store()
    s.load(DATA, format=ox.RdfFormat.N_TRIPLES)
    return s


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_rows_are_counted_right_whatever_the_literals_hold(store: ox.Store, fmt: str) -> None:
    query = "SELECT ?s ?o WHERE { ?s <http://p> ?o }"
    at_cap = native_solutions(store.query(query), fmt, max_rows=4)
    assert at_cap is not None and b"zwei" in at_cap
    assert native_solutions(store.query(query), fmt, max_rows=3) is None  # cut by the caller


def test_a_result_past_the_byte_bound_is_left_to_the_row_cutter(
    store: ox.Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("akteursgraph.sparql.worker.NATIVE_BYTES", 40)
    assert native_solutions(store.query("SELECT * WHERE { ?s ?p ?o }"), "json", 100) is None


def test_a_repeated_query_is_answered_from_the_cache_until_the_next_publication(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app(QUERY_WORKERS=1)
    pool = app.extensions["akteursgraph.pool"]
    client = app.test_client()
    query = {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s a org:Organization }"}
    first = client.get("/sparql", query_string=query)
    body = first.get_data()  # read whole: the answer is kept once it was sent completely
    assert first.status_code == 200 and pool.cache.hits == 0
    again = client.get("/sparql", query_string=query)
    assert again.get_data() == body and pool.cache.hits == 1
    # another format is another answer
    client.get("/sparql", query_string={**query, "format": "csv"}).get_data()
    assert pool.cache.hits == 1
    # a publication (a new snapshot) drops every kept answer
    pool.snapshot = pool.snapshot
    client.get("/sparql", query_string=query).get_data()
    assert pool.cache.hits == 1
    client.get("/sparql", query_string=query).get_data()
    assert pool.cache.hits == 2


def test_an_answer_cut_by_the_time_limit_is_not_kept(make_app: Callable[..., Flask]) -> None:
    app = make_app(QUERY_WORKERS=1, QUERY_TIMEOUT=0.5)
    pool = app.extensions["akteursgraph.pool"]
    heavy = {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"}
    for _ in range(2):
        assert app.test_client().get("/sparql", query_string=heavy).status_code == 503
    assert pool.cache.hits == 0
