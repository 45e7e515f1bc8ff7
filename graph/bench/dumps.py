"""Dumps: issue 12's figure, a full dump in all formats at most 10 s after publication.

On a real `akteursgraph serve` (review off, a bench editor's API token), the bench first waits for
the version the server makes at start-up (the whole district, no changelog: its own time is
reported too; on a store with versions already, the one of the snapshot the server started
on, not an older one listed meanwhile), then sends small changes one at a time (the
publication workload's: a new public organisation or a label change) to `/sparql/update`.
From each acknowledgement it polls `/download/index.json` until a version lists a
publication at or after the change's (its time read from the history: the listing names no
change set) with all four files, then asks each file's URL (HEAD) until all four answer 200:
that moment is the figure.
Only then, untimed, it checks the version: the TriG and the N-Triples downloaded over HTTP
match their listed SHA-256 and sizes, parse to the listed quad and triple counts, those equal
the count of quads `/sparql` answers on the same publication, and the TriG holds the change's
unique word. A version that fails a check is reported as wrong, not timed.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import secrets
import time
from datetime import datetime
from pathlib import Path

import pyoxigraph as ox

from akteursgraph.changes import History
from akteursgraph.publish.dumps import DUMP_FILES, read_index
from akteursgraph.publish.inference import INFERRED_GRAPH
from akteursgraph.snapshot import current_snapshot
from akteursgraph.store import Store

from .probes import organisations, plan
from .publication import send_update, staff_token
from .server import Client, cli, serving
from .stats import log, summary

N_CHANGES = 5
POLL_S = 0.05
DEADLINE_S = 120.0
#: The version made at start-up, at the 1M district: the whole data, on a busy server.
START_DEADLINE_S = 900.0
TARGET_S = 10.0
#: The recorded public quads on /sparql: every graph but the inferred one (dumps leave it out).
COUNT = (
    "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
    f'FILTER(!STRENDS(STR(?g), "{INFERRED_GRAPH}")) }}'
)


def listing(client: Client) -> dict:
    """The server's /download/index.json (no versions while it does not answer)."""
    status, _, body = client.request("GET", "/download/index.json")
    return json.loads(body) if status == 200 else {"versions": []}


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _version_of(index: dict, since: str | None, skip: frozenset[str]) -> dict | None:
    """The newest kept version with a publication at or after `since` (the time a change
    was applied; any version with files for None) and not in `skip`: it holds that change."""
    for v in index["versions"]:
        if not v.get("kept") or set(v["files"]) != set(DUMP_FILES) or v["version"] in skip:
            continue
        if since is None or any(
            _moment(p["published"]) >= _moment(since) for p in v["publications"]
        ):
            return v
    return None


def wait_version(
    client: Client,
    since: str | None,
    started: float,
    deadline: float,
    skip: frozenset[str] = frozenset(),
) -> tuple[float | None, dict | None, int]:
    """Seconds from `started` until a version published at or after `since` (and not one
    of `skip`) is listed and each of its four files answers; the version; the polls made."""
    polls = 0
    while time.perf_counter() - started < deadline:
        polls += 1
        version = _version_of(listing(client), since, skip)
        if version is not None and all(
            client.request("HEAD", m["url"])[0] == 200 for m in version["files"].values()
        ):
            return time.perf_counter() - started, version, polls
        time.sleep(POLL_S)
    return None, None, polls


def check(client: Client, version: dict, word: str | None) -> str:
    """'' when the version's files are what the index says and hold the public data of its
    publication; else what is wrong."""
    got: dict[str, bytes] = {}
    for fmt in ("trig", "nt"):
        meta = version["files"][fmt]
        status, _, body = client.request("GET", meta["url"])
        if status != 200 or len(body) != meta["bytes"]:
            return f"{meta['name']}: HTTP {status}, {len(body)} bytes of {meta['bytes']}"
        if hashlib.sha256(body).hexdigest() != meta["sha256"]:
            return f"{meta['name']}: checksum differs"
        got[fmt] = body
    quads = sum(1 for _ in ox.parse(got["trig"], ox.RdfFormat.TRIG))
    triples = sum(1 for _ in ox.parse(gzip.decompress(got["nt"]), ox.RdfFormat.N_TRIPLES))
    if (quads, triples) != (version["quads"], version["triples"]):
        return f"counts {quads}/{triples}, listed {version['quads']}/{version['triples']}"
    status, _, body = client.request(
        "POST", "/sparql", COUNT.encode(),
        {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
    )  # fmt: skip
    if status != 200:
        return f"/sparql count: HTTP {status}"
    served = int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
    if served != quads:
        return f"{quads} quads in the dump, {served} on /sparql"
    if word is not None and word.encode() not in got["trig"]:
        return f"the change ({word}) is not in the TriG"
    return ""


def measure(store_path: Path, query_timeout: float, n: int = N_CHANGES) -> dict:
    """The figure on the bench store at `store_path` (which it changes; the store must not
    be in use)."""
    with Store.open(store_path, read_only=True) as store:
        picks = organisations(store, n)
    token = staff_token(store_path)
    code, _, err = cli("--store", str(store_path), "review-required", "off", timeout=600)
    if code != 0:
        raise RuntimeError(f"review-required off: exit {code}: {err[-300:]}")
    result: dict = {"n": n, "target_s": TARGET_S, "changes": []}
    before = frozenset(v["version"] for v in read_index(store_path)["versions"])
    log("dumps: starting akteursgraph serve")
    with serving(store_path, "--query-timeout", str(query_timeout),
                 start_timeout=600) as (_proc, url):  # fmt: skip
        client = Client(url, timeout=600)
        started = time.perf_counter()
        # The server makes a version at start when the public side changed while none ran
        # (earlier workloads' CLI writes): until then, the older one listed lacks them.
        current, kept = current_snapshot(store_path), read_index(store_path)["versions"]
        due = current is not None and (not kept or kept[0]["snapshot"] != current.name)
        seconds, first, _ = wait_version(client, None, started, START_DEADLINE_S,
                                         before if due else frozenset())  # fmt: skip
        result["startup"] = {
            "listed_s": seconds,  # includes the start-up delay (DUMP_START_DELAY)
            "maker_s": first["seconds"] if first else None,
            "quads": first["quads"] if first else None,
            "bytes": {k: m["bytes"] for k, m in first["files"].items()} if first else None,
            "wrong": check(client, first, None) if first else "no version",
        }
        log(f"dumps: start-up version {result['startup']}")
        for probe in plan(secrets.token_hex(2), "dumps", picks, n):
            status, change_id, _ack, said = send_update(url, token, probe.update)
            acknowledged = time.perf_counter()
            row: dict = {"kind": probe.kind, "change": change_id, "status": status}
            if status != 200 or not change_id:
                row["wrong"] = f"HTTP {status}: {said[:200]}"
            else:
                since = History.at(store_path).get(change_id).applied
                seconds, version, polls = wait_version(client, since, acknowledged,
                                                       DEADLINE_S)  # fmt: skip
                row.update(seconds=seconds, polls=polls)
                if version is None:
                    row["wrong"] = f"not listed within {DEADLINE_S:.0f} s"
                else:
                    row["maker_s"] = version["seconds"]
                    row["publications"] = len(version["publications"])
                    row["wrong"] = check(client, version, probe.word)
            log(f"dumps: {row}")
            result["changes"].append(row)
        client.close()
    good = [r.get("seconds") if not r.get("wrong") else None for r in result["changes"]]
    result["listed"] = summary(good)
    result["maker"] = summary([r.get("maker_s") for r in result["changes"]])
    result["wrong"] = [r["wrong"] for r in result["changes"] if r.get("wrong")]
    return result


def lines(res: dict) -> list[str]:
    """The dumps section of docs/benchmarks.md."""
    listed, maker, start = res["listed"], res["maker"], res["startup"]

    def s(v: float | None) -> str:
        return "—" if v is None else f"{v:.2f} s"

    verdict = "met" if listed["p95"] is not None and listed["p95"] <= res["target_s"] and not \
        res["wrong"] else "**missed**"  # fmt: skip
    return [
        "### Dumps after a publication (issue 12)",
        "",
        f"- {res['n']} small changes: acknowledgement -> the new version's four files listed "
        f"and answering: p50 {s(listed['p50'])}, p95 {s(listed['p95'])}, max "
        f"{s(listed['max'])} (target <= {res['target_s']:.0f} s: {verdict}); the maker "
        f"itself p50 {s(maker['p50'])}",
        f"- Checked before timing (checksums, counts against `/sparql`, the change in the "
        f"TriG): {len(res['wrong'])} wrong" + (f": {res['wrong'][:3]}" if res["wrong"] else ""),
        f"- The start-up version of {start['quads'] or 0:,} quads: made in "
        f"{s(start['maker_s'])}, listed {s(start['listed_s'])} after the server answered "
        f"(with the start-up delay); {start['wrong'] or 'checked'}",
        "",
    ]
