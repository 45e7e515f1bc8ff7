"""Issue 13, items 7 and 8: what one client can take from the others, and where it stops.

Large bodies are refused unread (413); a query that grows its worker past the memory budget
is stopped like one past the time limit (503), and the next query is answered; slow clients
that trickle their headers hold connections, not threads, so a thousand of them leave the
site answering.
"""

from __future__ import annotations

import resource
import socket
import statistics
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from flask import Flask

from akteursgraph.store import Store

from .conftest import api_token, copy_store, dump, running_server

SPARQL_FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def test_a_body_over_the_limit_is_refused_unread(make_app: Callable[..., Flask]) -> None:
    client = make_app(MAX_CONTENT_LENGTH=1024**2).test_client()
    body = b"query=" + b"x" * (2 * 1024**2)
    response = client.post("/sparql", data=body, headers=SPARQL_FORM)
    assert response.status_code == 413
    text = response.get_data(as_text=True)
    assert "höchstens 1 MB" in text and "at most 1 MB" in text


def test_an_update_with_a_huge_literal_is_refused_and_changes_nothing(
    make_app: Callable[..., Flask],
) -> None:
    """A 50 MB literal gave 500 after 21 s; now 413 at once, and the store is as it was."""
    app = make_app(REVIEW_REQUIRED=False)
    token = api_token(app)
    store: Store = app.extensions["akteursgraph.store"]
    before = dump(store)
    update = (
        "INSERT DATA { GRAPH <https://w3id.org/akteursgraph/mitte/graph/internal/x> { "
        '<https://w3id.org/akteursgraph/mitte/x> <http://www.w3.org/2000/01/rdf-schema#comment> "'
        + "x" * (50 * 1024**2)
        + '" } }'
    )
    started = time.monotonic()
    response = app.test_client().post(
        "/sparql/update",
        data=update.encode(),
        headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 413
    assert time.monotonic() - started < 5
    assert dump(store) == before


def test_a_query_past_its_memory_budget_is_stopped_and_the_next_is_answered(
    make_app: Callable[..., Flask],
) -> None:
    """A sorted cross product took a worker to 3.85 GB in 10 s."""
    client = make_app(QUERY_MEMORY_MB=64, QUERY_TIMEOUT=60, QUERY_WORKERS=1).test_client()
    started = time.monotonic()
    response = client.post(
        "/sparql",
        data={"query": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a ?f"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert response.status_code == 503
    assert "Arbeitsspeicher" in response.get_data(as_text=True)
    assert time.monotonic() - started < 30  # stopped for its memory, not at the time limit
    answer = client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"})
    assert answer.status_code == 200


def _trickle(port: int, n: int) -> list[socket.socket]:
    """`n` connections that have sent the start of a request and nothing more."""
    held = []
    for i in range(n):
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        s.sendall(f"GET /?slow={i} HTTP/1.1\r\nHost: localhost\r\n".encode())
        held.append(s)
    return held


def test_a_thousand_slow_clients_leave_the_site_answering(
    example_store_template: Path, tmp_path: Path
) -> None:
    """110 connections sending one header line every 10 s took the site down (waitress's
    default limit of 100 connections); it must hold 1,000 and answer others (p95 < 1 s)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < 1500:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(4096, hard), hard))
    with running_server(copy_store(example_store_template, tmp_path)) as url:
        port = int(url.rsplit(":", 1)[1])
        held = _trickle(port, 1000)
        try:
            for s in held[::10]:  # one more header line from some, as a slow client does
                s.sendall(b"X-Slow: 1\r\n")
            times = []
            for _ in range(40):
                started = time.monotonic()
                with urllib.request.urlopen(url + "/sites", timeout=10) as response:
                    assert response.status == 200
                    response.read()
                times.append(time.monotonic() - started)
            p95 = statistics.quantiles(times, n=20)[-1]
            assert p95 < 1.0, f"p95 {p95:.3f} s with 1,000 slow clients"
            # The slow clients were held, not dropped: each can still finish its request.
            held[0].sendall(b"\r\n")
            assert held[0].recv(12).startswith(b"HTTP/1.1 200")
        finally:
            for s in held:
                s.close()


def test_the_row_cap_is_the_servers_setting_above_ten_thousand_too(
    make_app: Callable[..., Flask],
) -> None:
    """`serve --max-rows` above 10,000 had no effect: every query job carried 10,000."""
    client = make_app(MAX_ROWS=20_000, QUERY_WORKERS=1).test_client()
    response = client.get(
        "/sparql",
        query_string={"query": "SELECT ?a ?b WHERE { ?a a ?x . ?b a ?y } LIMIT 15000"},
        headers={"Accept": "text/csv"},
    )
    assert response.status_code == 200
    assert response.get_data(as_text=True).count("\n") == 15_001  # header and rows
    assert response.headers.get("X-Akteursgraph-Truncated") != "true"
