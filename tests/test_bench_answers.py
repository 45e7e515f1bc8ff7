"""The benchmark checks before it times: an answer unlike the engine's is reported, not timed.

Issue 10: gallery questions 04 and 33 "beat" the engine over HTTP because /sparql answered
them with no rows (the guard read `?from` as FROM), and the benchmark timed what came back.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from akteursgraph.bench import gallery
from akteursgraph.bench.answers import (
    concat_columns,
    engine_answer,
    json_answer,
    turtle_answer,
)
from akteursgraph.bench.server import serving
from akteursgraph.operations import export
from akteursgraph.store import Store

from .conftest import copy_store

EX = "http://example.org/"


def _solutions(*rows: dict[str, dict[str, str]]) -> bytes:
    names = sorted({name for row in rows for name in row})
    return json.dumps({"head": {"vars": names}, "results": {"bindings": list(rows)}}).encode()


def _uri(value: str) -> dict[str, str]:
    return {"type": "uri", "value": EX + value}


def _text(value: str, lang: str = "de") -> dict[str, str]:
    return {"type": "literal", "value": value, "xml:lang": lang}


def test_rows_compare_in_any_order_but_each_row_counts() -> None:
    a, b = {"s": _uri("a")}, {"s": _uri("b")}
    assert json_answer(_solutions(a, b)) == json_answer(_solutions(b, a))
    assert json_answer(_solutions(a, a)).differs_from(json_answer(_solutions(a))) == (
        "2 rows, engine 1"
    )
    other = json_answer(_solutions(a, {"s": _text("b")}))
    assert other.differs_from(json_answer(_solutions(a, b))) == (
        "2 rows as the engine, but other values"
    )


def test_an_engine_answer_equals_the_same_rows_sent_as_json_or_turtle() -> None:
    engine = ox.Store()
    engine.load(f'<{EX}a> <{EX}p> "x"@de ; <{EX}q> 7 , [] .'.encode(), format=ox.RdfFormat.TURTLE)
    select = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    sent = engine.query(select).serialize(format=ox.QueryResultsFormat.JSON)
    assert json_answer(sent) == engine_answer(engine.query(select))
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    turtle = ox.serialize(engine.query(construct), format=ox.RdfFormat.TURTLE)
    assert turtle_answer(turtle) == engine_answer(engine.query(construct))
    assert turtle_answer(turtle).rows == 3


def test_group_concat_columns_compare_as_unordered_parts() -> None:
    """SPARQL leaves the order of GROUP_CONCAT's parts open: pyoxigraph on disk and in
    memory already concatenate differently."""
    query = 'SELECT ?o (GROUP_CONCAT(DISTINCT ?l; separator=", ") AS ?names) WHERE {} GROUP BY ?o'
    concat = concat_columns(query)
    assert concat == {"names": ", "}
    one = _solutions({"o": _uri("a"), "names": _text("X, Y")})
    other = _solutions({"o": _uri("a"), "names": {"type": "literal", "value": "Y, X"}})
    assert json_answer(one, concat) == json_answer(other, concat)
    assert json_answer(one) != json_answer(other)  # only those columns, only when asked
    assert json_answer(one, concat) != json_answer(
        _solutions({"o": _uri("a"), "names": _text("X, Z")}), concat
    )


def test_an_empty_answer_is_reported_wrong_and_not_timed() -> None:
    """The regression of issue 10: 0 rows where the engine has 41 is wrong, however fast."""
    g = {"id": "04-site-naming-history", "form": "SELECT", "query": "SELECT * {}",
         "rows": 41, "checksum": "0" * 16}  # fmt: skip
    calls = []

    def empty() -> bytes:
        calls.append(1)
        return _solutions()

    gallery.check_then_time(g, "http", empty, reps=5)
    assert g["http"] == []
    assert g["http_note"] == "**wrong**: 0 rows, engine 41"
    assert g["wrong"] == ["http"]
    assert len(calls) == 1  # checked once, never timed


@pytest.fixture(scope="module")
def example_public_engine(example_store_template: Path) -> ox.Store:
    with Store.open(example_store_template, read_only=True) as store:
        public = io.BytesIO()
        export(store, public, fmt="nq", public_only=True)
    engine = ox.Store()
    engine.load(public.getvalue(), format=ox.RdfFormat.N_QUADS)
    return engine


def test_http_answers_are_checked_against_the_engine(
    example_store_template: Path, example_public_engine: ox.Store, tmp_path: Path
) -> None:
    """Over a real server whose row cap is 3, every question with more rows than 3 is caught
    as wrong (so would an empty answer be), and the others are timed."""
    gal = gallery.measure_engine(example_public_engine, reps=1)
    assert all(len(g["ox"]) == 1 for g in gal)  # the engine's own JSON equals its rows
    path = copy_store(example_store_template, tmp_path)
    with serving(path, "--max-rows", "3", "--workers", "1") as (_proc, url):
        gallery.measure_http(gal, url, reps=1)
    capped = [g for g in gal if g["rows"] > 3]
    assert capped and len(capped) < len(gal)
    for g in gal:
        if g["rows"] > 3:
            assert g["http"] == [] and g["keepalive"] == [] and g["http_repeat"] == [], g["id"]
            assert g["http_note"].startswith("**wrong**: 3 rows, engine"), g
            assert g["wrong"] == ["http", "keepalive", "http_repeat"]
        else:
            assert len(g["http"]) == len(g["keepalive"]) == len(g["http_repeat"]) == 1, g


def test_the_launcher_says_why_a_server_did_not_start(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="did not start"), serving(tmp_path / "no-store"):
        pass


def test_the_gallery_engines_read_the_public_side_the_workers_read(
    district: Path, tmp_path: Path
) -> None:
    """The reference engine, Virtuoso and rdflib are loaded with what `/sparql` answers from:
    the public graphs and the inferred graph (they once lacked the inferred graph)."""
    from akteursgraph.bench.workloads import public_nquads
    from akteursgraph.publish import Publisher

    path = copy_store(district, tmp_path)
    publisher = Publisher.before_open(path)
    store = Store.open(path)
    try:
        snapshot = publisher.start(store)
        gallery_data = ox.Store()
        gallery_data.load(public_nquads(store).getvalue(), format=ox.RdfFormat.N_QUADS)
        workers = ox.Store.read_only(str(snapshot))
        # The same quads (blank nodes are named anew by parsing: those compared by number).
        assert len(gallery_data) == len(workers)
        assert named_quads(gallery_data) == named_quads(workers)
        inferred = ox.NamedNode(store.base_iri + "graph/inferred")
        assert next(gallery_data.quads_for_pattern(None, None, None, inferred), None) is not None
        del workers
    finally:
        store.close()
        publisher.close()


def named_quads(store: ox.Store) -> set[str]:
    return {str(q) for q in store if not any(isinstance(t, ox.BlankNode) for t in q)}
