"""Concurrent load on a running server: /sparql and entity pages, with wrk when installed.

Closed loop: each client sends its next request when its last one is answered. wrk measures
the server, not itself; without wrk, Python threads stand in (they cap the rate they can send,
and the report names which tool ran).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import re
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox

from .stats import in_threads, log

#: A query no time limit short of the server's own ends: three unconstrained triple patterns.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"

_WRK_SCRIPT = """
wrk.method = "{method}"
wrk.body = {body}
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Accept"] = "{accept}"
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d %d\\n", summary.requests,
    e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), summary.duration))
end
"""


def load_test(
    url: str, path: str, clients: int, seconds: float, *, body: str | None, accept: str
) -> dict:
    """Closed-loop load: `clients` connections, each sending its next request on an answer."""
    if shutil.which("wrk"):
        return _wrk_load(url, path, clients, seconds, body=body, accept=accept)
    return _threads_load(url, path, clients, seconds, body=body, accept=accept)


def _wrk_load(
    url: str, path: str, clients: int, seconds: float, *, body: str | None, accept: str
) -> dict:
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(
        _WRK_SCRIPT.format(
            method="POST" if body else "GET",
            body=json.dumps(body) if body else "nil",
            accept=accept,
        ),
        encoding="utf-8",
    )
    try:
        out = subprocess.run(
            ["wrk", f"-t{min(2, clients)}", f"-c{clients}", f"-d{seconds:.0f}s",
             "--timeout", "30s", "-s", str(script), url + path],
            capture_output=True,
            text=True,
            timeout=seconds + 120,
        ).stdout  # fmt: skip
    finally:
        script.unlink()
    match = re.search(r"RESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)", out)
    if not match:
        raise RuntimeError(f"wrk gave no result: {out[-300:]}")
    n, errors, status, p50, p95, p99, duration = map(int, match.groups())
    return {
        "clients": clients,
        "requests": n,
        "errors": errors + status,
        "throughput": n / (duration / 1e6),
        "p50": p50 / 1e6,
        "p95": p95 / 1e6,
        "p99": p99 / 1e6,
        "tool": "wrk",
    }


def _threads_load(
    url: str, path: str, clients: int, seconds: float, *, body: str | None, accept: str
) -> dict:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    host, port = urllib.parse.urlsplit(url).netloc.split(":")
    stop = time.monotonic() + seconds

    def client() -> None:
        conn = http.client.HTTPConnection(host, int(port), timeout=60)
        headers = {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"}
        while time.monotonic() < stop:
            t = time.perf_counter()
            try:
                conn.request("POST" if body else "GET", path, body, headers)
                resp = conn.getresponse()
                resp.read()
                ok = resp.status == 200
            except OSError:
                ok = False
                conn = http.client.HTTPConnection(host, int(port), timeout=60)
            with lock:
                if ok:
                    latencies.append(time.perf_counter() - t)
                else:
                    errors[0] += 1

    wall = in_threads(clients, client)
    lat = sorted(latencies) or [0.0]

    def pct(p: float) -> float:
        return lat[min(len(lat) - 1, round(p / 100 * (len(lat) - 1)))]

    return {
        "clients": clients,
        "requests": len(latencies) + errors[0],
        "errors": errors[0],
        "throughput": len(latencies) / wall,
        "p50": pct(50),
        "p95": pct(95),
        "p99": pct(99),
        "tool": "Python threads",
    }


def _post_runaway(url: str) -> None:
    data = urllib.parse.urlencode({"query": RUNAWAY}).encode()
    with contextlib.suppress(OSError):  # a 503 after the time limit is the expected end
        urllib.request.urlopen(urllib.request.Request(url + "/sparql", data=data), timeout=600)


def concurrent_load(
    url: str, simple_iri: str, page_path: str, clients: list[int], seconds: float, info: dict
) -> list[dict]:
    """The load cases of the report: a simple query at each client count, the same with a
    runaway query in flight, and an entity page. `info` gets whether the runaway outlived it.
    """
    # A point lookup: the labels of one organisation, sent to /sparql as a client would.
    node = ox.NamedNode(simple_iri)  # an IRI of the generated district, checked by the engine
    simple = f"SELECT ?label WHERE {{ {node} skos:prefLabel ?label }}"  # sparql-from: node
    body = urllib.parse.urlencode({"query": simple})
    accept = "application/sparql-results+json"
    conc = []
    for n in clients:
        log(f"load on /sparql: {n} clients, {seconds:g} s")
        result = load_test(url, "/sparql", n, seconds, body=body, accept=accept)
        conc.append({"case": "simple /sparql query", **result})
    log("load on /sparql with a runaway query in flight")
    runaway = threading.Thread(target=_post_runaway, args=(url,), daemon=True)
    runaway.start()
    time.sleep(0.5)
    result = load_test(url, "/sparql", 16, seconds, body=body, accept=accept)
    conc.append({"case": "simple /sparql query, runaway query in flight", **result})
    runaway.join(timeout=1)
    info["runaway_still_running_after_load"] = runaway.is_alive()
    log("load on entity pages")
    result = load_test(url, page_path, 16, seconds, body=None, accept="text/html")
    conc.append({"case": "entity page (HTML)", **result})
    return conc
