"""Issue 13: fuzzing of every parser, the load path and `/sparql` with hypothesis.

What must hold for any input: an answer of ours, never a crash. For the parsers that is a
result or one of our errors (`AkteursgraphError`: file, place and rule, in German and
English); over HTTP a 2xx or 4xx, never a 500. A query that runs past its time limit or finds
the workers busy gets 503 with `Retry-After` (the protocol's answer to overload, documented in
docs/sparql.md), so 503 is accepted only with that header; nothing else of 5xx.

The inputs are both random and near-valid: fragments of each format and of SPARQL joined in
random order, which reach the parsers' deeper states far more often than random bytes do.
`derandomize`: the same examples in every run, so CI is repeatable; a finding is a test to
keep.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from akteursgraph.errors import AkteursgraphError
from akteursgraph.loader import FORMATS, read_file
from akteursgraph.store import Store

FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

BASE = "https://w3id.org/akteursgraph/mitte/"

#: Pieces of each format: valid on their own, broken or nested when joined at random.
FRAGMENTS: dict[str, list[str]] = {
    ".ttl": [
        "@prefix ex: <http://example.org/> .", "@base <http://example.org/> .", "ex:a ex:b ex:c .",
        "ex:a ex:b \"text\"@de .", "[ ex:p [ ex:q ( 1 2 [ ] ) ] ]", "<a> <b> <c>", ";", ",", ".",
        "\"\"\"long\n\"\"\"", "'x'^^<http://www.w3.org/2001/XMLSchema#date>", "_:b0", "(", ")",
        "[", "]", "<http://exa mple.org/>", "\\u00", "@prefix : <", "a", "true", "1e99999",
        "<" + BASE + "graph/public/x>", "GRAPH", "{", "}",
    ],
    ".nt": [
        "<http://a/s> <http://a/p> <http://a/o> .\n", "_:b <http://a/p> \"x\" .\n",
        "<http://a/s> <http://a/p> \"x\"^^<http://a/d> .\n", "\"unterminated", "<", ">", " .",
        "\\U0010FFFF", "\n", "<http://a/s> <http://a/p> \"x\"@de-DE .\n",
    ],
    ".nq": [
        f"<http://a/s> <http://a/p> <http://a/o> <{BASE}graph/public/f> .\n",
        f"<http://a/s> <http://a/p> \"x\" <{BASE}graph/internal/f> .\n",
        "<http://a/s> <http://a/p> <http://a/o> <http://elsewhere/g> .\n", "_:g", "\n", " .",
    ],
    ".trig": [
        f"<{BASE}graph/public/f> {{", "}", "<http://a/s> <http://a/p> <http://a/o> .",
        "GRAPH <http://a/g> {", "@prefix p: <http://a/> .", "p:s p:p p:o .", "{", "[", "]",
    ],
    ".jsonld": [
        "{", "}", "[", "]", ",", ":", '"@id"', '"@type"', '"@context"', '"@graph"',
        '"http://a/p"', '"http://a/s"', '{"@value": "x", "@language": "de"}', "null", "1",
        '"@list"', '{"@vocab": "http://a/"}', '"@reverse"', '"@nest"',
    ],
    ".rdf": [
        '<?xml version="1.0"?>', '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
        "</rdf:RDF>", '<rdf:Description rdf:about="http://a/s">', "</rdf:Description>",
        '<p xmlns="http://a/">x</p>', '<rdf:li rdf:parseType="Resource">', "</rdf:li>",
        "<!DOCTYPE x [<!ENTITY e \"e\">]>", "&e;", "<![CDATA[", "]]>", "<", ">",
    ],
}  # fmt: skip


def _joined(pieces: list[str]) -> st.SearchStrategy[bytes]:
    return st.lists(st.sampled_from(pieces), max_size=40).map(lambda p: " ".join(p).encode())


def _inputs(suffix: str) -> st.SearchStrategy[bytes]:
    return st.one_of(
        st.binary(max_size=600),
        st.text(max_size=300).map(str.encode),
        _joined(FRAGMENTS.get(suffix, FRAGMENTS[".ttl"])),
    )


@pytest.mark.parametrize("suffix", sorted(FORMATS))
def test_every_parser_answers_any_file_with_a_result_or_our_error(
    suffix: str, store: Store, tmp_path: Path
) -> None:
    """Each format the load path reads (as `akteursgraph load` and `/api/changes` do)."""

    @FUZZ
    @given(data=_inputs(suffix))
    def check(data: bytes) -> None:
        path = tmp_path / f"fuzz{suffix}"
        path.write_bytes(data)
        try:
            read_file(store, path)
        except AkteursgraphError as exc:
            assert exc.de and exc.en and exc.exit_code in (1, 2)

    check()


SPARQL = [
    "SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "*", "?s", "?p", "?o", "?g", "WHERE", "{", "}",
    "(", ")", "[", "]", ".", ";", ",", "GRAPH", "OPTIONAL", "UNION", "MINUS", "FILTER",
    "BIND", "AS", "VALUES", "SERVICE", "<http://a/p>", "<" + BASE + "graph/internal/x>",
    "\"x\"@de", "1", "1.5e3", "REGEX(?o, \"(a+)+$\")", "STRLEN(?o)", "COUNT(*)", "GROUP BY",
    "ORDER BY", "LIMIT 5", "OFFSET 1", "PREFIX ex: <http://example.org/>", "ex:a", "a",
    "!", "|", "/", "^", "*", "+", "?", "INSERT DATA", "DELETE WHERE", "LOAD", "FROM",
    "FROM NAMED <http://a/g>", "EXISTS", "NOT", "SELECT ?s WHERE { ?s ?p ?o }",
    "skos:prefLabel", "BASE <http://a/>", "\"\"\"", "'", "#", "\n",
]  # fmt: skip


@FUZZ
@given(
    query=st.one_of(_joined(SPARQL).map(bytes.decode), st.text(max_size=200)),
    fmt=st.one_of(st.none(), st.sampled_from(["json", "xml", "csv", "tsv", "ttl", "nt",
                                                "jsonld", "html", "bogus", ""])),
    post=st.booleans(),
)  # fmt: skip
def test_sparql_answers_any_query_without_a_crash(
    client: FlaskClient, query: str, fmt: str | None, post: bool
) -> None:
    params = {"query": query, **({"format": fmt} if fmt is not None else {})}
    if post:
        response = client.post("/sparql", data=params)
    else:
        response = client.get("/sparql", query_string=params)
    _no_crash(response.status_code, response.headers)


@FUZZ
@given(
    body=st.one_of(st.binary(max_size=300), _joined(SPARQL)),
    content_type=st.sampled_from([
        "application/sparql-query", "application/x-www-form-urlencoded", "text/plain",
        "application/sparql-query; charset=latin-1", "multipart/form-data",
    ]),
    graph=st.one_of(st.none(), st.text(max_size=40)),
)  # fmt: skip
def test_sparql_answers_any_body_and_dataset_without_a_crash(
    client: FlaskClient, body: bytes, content_type: str, graph: str | None
) -> None:
    query = {"default-graph-uri": graph} if graph is not None else {}
    response = client.post("/sparql", data=body, content_type=content_type, query_string=query)
    _no_crash(response.status_code, response.headers)


@FUZZ
@given(
    path=st.sampled_from([
        "/search", "/organisations", "/people", "/speakers", "/entity", "/network/ego",
        "/network/paths", "/api/network/ego", "/api/network/paths", "/api/network/export",
        "/sites", "/download/", "/catalog",
    ]),
    params=st.dictionaries(
        st.sampled_from(["q", "iri", "page", "sort", "type", "topic", "language", "as_of",
                         "source", "target", "depth", "format", "lang", "k"]),
        st.one_of(st.text(max_size=60), st.sampled_from(["-1", "0", "99999999999", BASE,
                                                         "2025-13-45", "NaN"])),
        max_size=4,
    ),
)  # fmt: skip
def test_explorer_routes_answer_any_parameters_without_a_crash(
    client: FlaskClient, path: str, params: dict[str, str]
) -> None:
    response = client.get(path, query_string=params)
    _no_crash(response.status_code, response.headers)


def test_the_local_change_route_answers_any_body_without_a_crash(
    make_app: callable,  # type: ignore[valid-type]
) -> None:
    """`/api/changes` (what the CLI's writes send to a running server), with its token."""
    app: Flask = make_app(QUERY_WORKERS=1, DUMPS=False, LOCAL_WRITE_TOKEN="fuzz-token")
    client = app.test_client()
    headers = {"Authorization": "Bearer fuzz-token"}
    ops = ["submit", "publish", "reject", "revert", "backup", "bogus"]

    @FUZZ
    @given(
        body=st.one_of(
            st.binary(max_size=200),
            # Never a "target": a backup would be written wherever the fuzzer says.
            st.fixed_dictionaries({"op": st.sampled_from(ops)}, optional={
                "change_id": st.text(max_size=20),
                "add": st.one_of(st.text(max_size=200),
                                 _joined(FRAGMENTS[".nq"]).map(bytes.decode)),
                "remove": st.text(max_size=50),
                "person": st.text(max_size=10),
                "comment": st.one_of(st.none(), st.text(max_size=10)),
                "meta": st.one_of(st.none(),
                                  st.dictionaries(st.text(max_size=8), st.text(max_size=8)),
                                  st.just({"author": "fuzz", "origin": "cli-load"})),
            }).map(lambda d: json.dumps(d).encode()),
        )
    )  # fmt: skip
    def check(body: bytes) -> None:
        response = client.post("/api/changes", data=body, headers=headers)
        _no_crash(response.status_code, response.headers)

    check()


def _no_crash(status: int, headers: object) -> None:
    assert status < 500 or (status == 503 and "Retry-After" in headers), status  # type: ignore[operator]


# ---- the spreadsheet import (issue 15): files and mappings ------------------------------

CELLS = [
    "Name", "Organisation", "Gründungsjahr", "Themen", "Sprachen", "Bezirk", "IRI", ";", ",",
    "\n", "\r\n", '"', '""', "AfricAvenir International e.V.", "Berlin Postkolonial", "1998",
    "03/2019", "12.10.2025", "45000", "-1", "=1+1", "Arabisch, arab.; AR", "Bildung",
    "https://w3id.org/akteursgraph/mitte/organisation/x", "Wedding", "äöüß", "\x00", "\t", " ",
]  # fmt: skip


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".ods"])
def test_the_import_answers_any_file_with_a_plan_or_our_error(
    suffix: str, store: Store, tmp_path: Path
) -> None:
    """`akteursgraph import` and the workspace's upload read the file through `plan_import`:
    any bytes under a spreadsheet's name give a plan or our error, never a crash."""
    from akteursgraph.importing.mapping import load_mapping
    from akteursgraph.importing.plan import plan_import
    from akteursgraph.matching import Matcher
    from akteursgraph.resources import mappings_dir

    mapping = load_mapping(mappings_dir() / "organisationen.toml")
    matcher = Matcher.from_store(store, public_only=False)
    texts = st.lists(st.sampled_from(CELLS), max_size=60).map("".join)
    encoded = st.one_of(texts.map(str.encode), texts.map(lambda t: t.encode("cp1252", "replace")))

    @FUZZ
    @given(data=st.one_of(st.binary(max_size=800), encoded))
    def check(data: bytes) -> None:
        path = tmp_path / f"liste{suffix}"
        path.write_bytes(data)
        try:
            plan_import(store, path, mapping, author="fuzz", matcher=matcher)
        except AkteursgraphError as exc:
            assert exc.de and exc.en

    check()


MAPPING_PIECES = [
    "[list]", 'class = "org:Organization"', "[[columns]]", 'header = "Name"',
    'property = "skos:prefLabel"', 'language = "de"', 'type = "id"', 'type = "date"',
    'split = ","', 'values = "languages"', "[values.languages]", 'file = "languages.toml"',
    'file = "../../etc/passwd"', 'property = "<http://a/p>"', 'property = "nope:x"', "=",
    '"', "[", "]", "\n", "key = 1", 'class = ""', "[[nodes]]",
]  # fmt: skip


@FUZZ
@given(
    text=st.one_of(
        st.text(max_size=300), st.lists(st.sampled_from(MAPPING_PIECES), max_size=30).map("\n".join)
    )
)
def test_a_mapping_file_is_read_or_refused_with_our_error(text: str, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    from akteursgraph.importing.mapping import load_mapping

    path = tmp_path_factory.mktemp("mapping") / "zuordnung.toml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        load_mapping(path)
    except AkteursgraphError as exc:
        assert exc.de and exc.en
