"""Reconciliation: issue 15's figure, a batch of 100 queries answered in at most 1 s.

On a real `akteursgraph serve`, the bench posts batches of `N` reconciliation queries to
`/reconcile` (the form field `queries`, as OpenRefine sends them) over one kept-alive
connection. The names are taken from the district: German labels of public organisations,
persons (with consent), projects and events, spread over the data; every other query gives
the entity's type, every third is written as a person might type it (lower case, no
punctuation). Each batch has names no other batch has (no answer is reused).

The server first makes its start-up version of the dumps (the whole district, in a child
process): the bench waits until it is listed, so that the batches are timed on a server
that does nothing else. The first batch is timed apart: it builds the matcher (the service
builds it on first use).
Then `reps` batches are timed. Checked before timing counts: every answer validates in shape
(a result list per query), the entity the name was taken from is among its query's
candidates, and no person without consent (their names are in the internal graphs) is ever a
candidate: each batch also asks for `HIDDEN` such names. A batch that fails a check is
reported as wrong, not timed.
"""

from __future__ import annotations

import json
import re
import time
import urllib.parse
from pathlib import Path

import pyoxigraph as ox

from akteursgraph.store import Store

from .dumps import START_DEADLINE_S, wait_version
from .server import Client, serving
from .stats import log, summary

N = 100
#: Names of persons without consent asked in each batch (they must never be found).
HIDDEN = 5
TARGET_S = 1.0
_KINDS = (
    "http://www.w3.org/ns/org#Organization",
    "http://xmlns.com/foaf/0.1/Person",
    "https://schema.org/Project",
    "https://schema.org/Event",
)
_PUBLIC = """SELECT ?e ?l ?t WHERE {
  ?e a ?t ; skos:prefLabel ?l .
  FILTER(LANG(?l) = "de" && ?t IN (org:Organization, foaf:Person, schema:Project, schema:Event))
} ORDER BY ?e"""
_INTERNAL = """SELECT ?e ?l ?internal WHERE {
  GRAPH ?g { ?e a foaf:Person ; skos:prefLabel ?l }
  FILTER(STRSTARTS(STR(?g), ?internal) && LANG(?l) = "de")
} ORDER BY ?e"""


def samples(store: Store, n: int) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]]]:
    """`n` public entities (IRI, German label, type) spread over the district, and the names
    of persons that are only in the internal graphs."""
    public = [
        (r["e"].value, r["l"].value, r["t"].value)
        for r in store.select(_PUBLIC, public_only=True, max_rows=Store.SCAN_ROWS)
    ]
    if len(public) < n:
        raise RuntimeError(f"the district has {len(public)} public entities, {n} needed")
    step = len(public) // n
    picked = [public[k * step] for k in range(n)]
    shown = {e for e, _l, _t in public}
    hidden = [
        (r["e"].value, r["l"].value)
        for r in store.select(
            _INTERNAL,
            bindings={"internal": ox.Literal(store.internal_prefix)},
            max_rows=Store.SCAN_ROWS,
        )
        if r["e"].value not in shown
    ]
    return picked, hidden


def batch_of(
    entities: list[tuple[str, str, str]], hidden: list[tuple[str, str]]
) -> tuple[dict, dict[str, str]]:
    """The batch (queries by key) and the IRI each key must find."""
    queries: dict[str, dict] = {}
    expected: dict[str, str] = {}
    for i, (iri, label, cls) in enumerate(entities):
        text = label if i % 3 else re.sub(r"[^\w\s]", " ", label).lower()
        queries[f"q{i}"] = {"query": text, "limit": 5}
        if i % 2:
            queries[f"q{i}"]["type"] = cls
        expected[f"q{i}"] = iri
    for j, (_iri, label) in enumerate(hidden):
        queries[f"h{j}"] = {"query": label, "limit": 5}
    return queries, expected


def check(answer: dict, expected: dict[str, str], hidden: set[str]) -> tuple[str, int, int]:
    """('' or what is wrong, how many were found first, how many among the candidates)."""
    first = among = 0
    for key, iri in expected.items():
        result = answer.get(key, {}).get("result")
        if not isinstance(result, list):
            return f"{key}: no result list", first, among
        ids = [r.get("id") for r in result]
        first += bool(ids) and ids[0] == iri
        among += iri in ids
    leaked = {r.get("id") for q in answer.values() for r in q.get("result", [])} & hidden
    if leaked:
        return f"persons without consent found: {sorted(leaked)[:3]}", first, among
    if among < len(expected):
        return f"{len(expected) - among} of {len(expected)} not among the candidates", first, among
    return "", first, among


def _post(client: Client, queries: dict) -> tuple[int, float, dict]:
    body = urllib.parse.urlencode({"queries": json.dumps(queries)}).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    started = time.perf_counter()
    status, _, data = client.request("POST", "/reconcile", body, headers)
    seconds = time.perf_counter() - started
    return status, seconds, json.loads(data) if status == 200 else {}


def measure(store_path: Path, query_timeout: float, reps: int, n: int = N) -> dict:
    """The figure on the bench store at `store_path` (read only): `reps` batches of `n`."""
    with Store.open(store_path, read_only=True) as store:
        picked, hidden = samples(store, n * (reps + 1))
    hidden_iris = {iri for iri, _l in hidden}
    result: dict = {"n": n, "reps": reps, "target_s": TARGET_S, "batches": []}
    log("reconcile: starting akteursgraph serve")
    with serving(store_path, "--query-timeout", str(query_timeout), start_timeout=600) as (
        _proc,
        url,
    ):
        client = Client(url, timeout=600)
        waited, version, _polls = wait_version(client, None, time.perf_counter(), START_DEADLINE_S)
        log(f"reconcile: start-up dump listed after {waited} s")
        result["dump_wait_s"] = waited if version is not None else None
        for rep in range(reps + 1):
            chunk = picked[rep * n : (rep + 1) * n]
            asked = hidden[rep * HIDDEN : (rep + 1) * HIDDEN]
            queries, expected = batch_of(chunk, asked)
            status, seconds, answer = _post(client, queries)
            wrong, first, among = (
                check(answer, expected, hidden_iris) if status == 200 else (f"HTTP {status}", 0, 0)
            )
            row = {"seconds": seconds, "first": first, "among": among, "hidden": len(asked),
                   "wrong": wrong}  # fmt: skip
            log(f"reconcile: batch {rep}: {row}")
            if rep == 0:
                result["first_batch"] = row  # builds the matcher
            else:
                result["batches"].append(row)
        client.close()
    good = [r["seconds"] if not r["wrong"] else None for r in result["batches"]]
    result["batch"] = summary(good)
    result["wrong"] = [r["wrong"] for r in result["batches"] if r["wrong"]]
    if result["first_batch"]["wrong"]:
        result["wrong"].insert(0, "first batch: " + result["first_batch"]["wrong"])
    return result


def lines(res: dict) -> list[str]:
    """The reconciliation section of docs/benchmarks.md."""
    batch, first = res["batch"], res["first_batch"]

    def s(v: float | None) -> str:
        return "—" if v is None else f"{v:.3f} s"

    met = batch["p95"] is not None and batch["p95"] <= res["target_s"] and not res["wrong"]
    found = sum(r["first"] for r in res["batches"])
    asked = res["n"] * len(res["batches"])
    return [
        "### Reconciliation batches (issue 15)",
        "",
        f"- {len(res['batches'])} batches of {res['n']} queries to `/reconcile` over HTTP: "
        f"p50 {s(batch['p50'])}, p95 {s(batch['p95'])}, max {s(batch['max'])} (target <= "
        f"{res['target_s']:.0f} s: {'met' if met else '**missed**'})",
        f"- The first batch after start-up (builds the matcher): {s(first['seconds'])}",
        f"- Checked before timing (the entity a name came from among its candidates; no person "
        f"without consent found, {sum(r['hidden'] for r in res['batches'])} asked for): "
        f"{len(res['wrong'])} wrong"
        + (f": {res['wrong'][:3]}" if res["wrong"] else "")
        + f"; the entity first in {found} of {asked}",
        "",
    ]
