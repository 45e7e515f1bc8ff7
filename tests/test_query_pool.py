"""The engine's own result serialisation is used only when it respects the row cap."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from akteursgraph.sparql.pool import _native_solutions

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
    at_cap = _native_solutions(store.query(query), fmt, max_rows=4)
    assert at_cap is not None and b"zwei" in at_cap
    assert _native_solutions(store.query(query), fmt, max_rows=3) is None  # cut by the caller


def test_a_result_past_the_byte_bound_is_left_to_the_row_cutter(
    store: ox.Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("akteursgraph.sparql.pool.NATIVE_BYTES", 40)
    assert _native_solutions(store.query("SELECT * WHERE { ?s ?p ?o }"), "json", 100) is None
