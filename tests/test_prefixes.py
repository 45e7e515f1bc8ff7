"""The prefix adder (akteursgraph.sparql.prefixes): which of our prefixes a query uses without
declaring them. One logic for `query --endpoint` and the query editor page."""

from __future__ import annotations

import json
import re
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest

from akteursgraph.gallery import load_gallery
from akteursgraph.namespaces import PREFIXES
from akteursgraph.sparql.prefixes import missing_prefixes, prefix_usage, with_prefixes
from akteursgraph.sparql.remote import remote_query

CASES = [
    pytest.param("SELECT * WHERE { ?s a ag:Organisation }", ["ag"], id="used"),
    pytest.param(
        "SELECT * WHERE { ?s schema:name ?n ; org:memberOf ?o }", ["org", "schema"], id="two"
    ),
    pytest.param('SELECT * WHERE { ?s ?p "ag:Organisation" }', [], id="in-a-string"),
    pytest.param("SELECT * WHERE { ?s ?p 'schema:name' }", [], id="in-a-single-quoted-string"),
    pytest.param(
        'SELECT * WHERE { ?s ?p """a long\nstring with "quotes" and foaf:name\n""" }',
        [],
        id="in-a-long-string",
    ),
    pytest.param(
        "SELECT * WHERE { ?s ?p '''it's\nskos:prefLabel''' }", [], id="in-a-long-single-string"
    ),
    pytest.param(
        r'SELECT * WHERE { ?s ?p "say \"ag:x\"" ; rdfs:label ?l }',
        ["rdfs"],
        id="escaped-quote-in-a-string",
    ),
    pytest.param("# uses foaf:name\nSELECT * WHERE { ?s ?p ?o }", [], id="in-a-comment"),
    pytest.param(
        'SELECT * WHERE { ?s ?p "#not a comment" ; dcterms:title ?t }',
        ["dcterms"],
        id="hash-in-a-string",
    ),
    pytest.param("SELECT * WHERE { ?s ?p <http://wd:8080/x#owl:y> }", [], id="in-an-iri"),
    pytest.param(
        "PREFIX ag: <https://example.org/other#>\nSELECT * WHERE { ?s a ag:X ; schema:name ?n }",
        ["schema"],
        id="already-declared",
    ),
    pytest.param(
        "prefix ag:<https://example.org/other#> SELECT * WHERE { ?s a ag:X }",
        [],
        id="declared-lower-case-without-space",
    ),
    pytest.param(
        "SELECT ?from ?org ?schema $wd WHERE { ?org ?schema ?from . ?from ?p $wd }",
        [],
        id="variables-named-like-prefixes",
    ),
    pytest.param(
        "SELECT * WHERE { ?s ?p ?org.schema:x ?p ?o }", ["schema"], id="after-a-variable-and-dot"
    ),
    pytest.param(
        "SELECT * WHERE { ?s my-ag:p ?o ; foo.ag:q ?o ; agv:r ?o }",
        ["agv"],
        id="longer-prefixes-are-others",
    ),
    pytest.param("SELECT * WHERE { ?s ex:org:thing ?o }", [], id="colon-in-a-local-name"),
    pytest.param('SELECT * WHERE { ?s ?p "1"^^xsd:integer }', ["xsd"], id="datatype-of-a-literal"),
    pytest.param("SELECT * WHERE { _:ag ?p ?o }", [], id="blank-node-label"),
    pytest.param(
        "SELECT * WHERE { ?s ag:p? / (schema:a|foaf:b)* ?o }",
        ["ag", "foaf", "schema"],
        id="property-paths",
    ),
]


@pytest.mark.parametrize(("query", "expected"), CASES)
def test_missing_prefixes(query: str, expected: list[str]) -> None:
    assert sorted(missing_prefixes(query)) == expected


def test_declared_prefixes_are_told_apart_from_used_ones() -> None:
    used, declared = prefix_usage(
        "PREFIX ex: <http://ex/>\nPREFIX : <http://d/>\nASK { :a ex:b ag:c }"
    )
    assert declared == {"ex", ""}
    assert used == {"", "ex", "ag"}


def test_with_prefixes_adds_lines_in_front_in_the_map_order() -> None:
    query = "SELECT * WHERE { ?s schema:name ?n ; a ag:Organisation }\n"
    assert with_prefixes(query) == (
        f"PREFIX ag: <{PREFIXES['ag']}>\nPREFIX schema: <{PREFIXES['schema']}>\n" + query
    )


def test_with_prefixes_leaves_a_complete_query_alone() -> None:
    query = "PREFIX ag: <https://example.org/>\nASK { ?s a ag:X ; ?p 'schema:x' } # foaf:"
    assert with_prefixes(query) == query


def test_with_prefixes_is_idempotent() -> None:
    query = "SELECT * WHERE { ?s schema:name ?n }"
    once = with_prefixes(query)
    assert with_prefixes(once) == once


def test_another_prefix_map() -> None:
    assert with_prefixes("ASK { ex:a ex:b ag:c }", {"ex": "http://ex/"}) == (
        "PREFIX ex: <http://ex/>\nASK { ex:a ex:b ag:c }"
    )


@pytest.mark.parametrize("entry", load_gallery(), ids=lambda e: e["id"])
def test_every_gallery_query_parses_with_only_the_added_prefixes(entry: dict) -> None:
    """What the editor and other endpoints get: the gallery query, self-contained."""
    ox.Store().query(with_prefixes(entry["query"]))


@pytest.fixture
def bare_endpoint() -> Iterator[tuple[str, list[str]]]:
    """A loopback SPARQL endpoint that knows no prefixes: records each query, answers no rows."""
    received: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"])).decode()
            received.append(urllib.parse.parse_qs(body)["query"][0])
            answer = json.dumps({"head": {"vars": ["s"]}, "results": {"bindings": []}}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql", received
    finally:
        server.shutdown()
        server.server_close()


def test_query_endpoint_sends_the_prefixes_a_query_needs(
    bare_endpoint: tuple[str, list[str]],
) -> None:
    """`akteursgraph query --endpoint` goes through the same adder."""
    url, received = bare_endpoint
    query = 'SELECT ?s WHERE { ?s a ag:Organisation ; ?p "schema:x" }'
    assert remote_query(url, query, "table") == ("table", (["s"], []), False)
    assert received == [f"PREFIX ag: <{PREFIXES['ag']}>\n" + query]


def test_the_docs_name_every_predeclared_prefix() -> None:
    """docs/sparql.md lists the prefixes a query may use undeclared; a researcher reading it
    must find all of them (it lacked `wikibase`, which gallery query 36 uses)."""
    docs = (Path(__file__).parents[1] / "docs/sparql.md").read_text(encoding="utf-8")
    found = re.search(r"Our prefixes are predeclared: `([^`]+)`", docs)
    assert found is not None
    assert sorted(found.group(1).split()) == sorted(PREFIXES)
