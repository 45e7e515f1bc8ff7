"""Benchmarks: load, validate, query, explore and serve a synthetic district; write a report.

    akteursgraph bench run --scale 1 10       # about 100k and 1M triples (make bench: 1 and 10)
    akteursgraph bench report                 # rebuild docs/benchmarks.md from saved results

For each scale the data is generated (`graph/bench/generate.py`) into a temporary folder, a
store is built from it with the real CLI, and every workload is measured next to its
baselines, in the same run on the same data:

- bulk load with validation (`akteursgraph load`, one run: it builds the store) vs
  pyoxigraph's bulk loader on the same files with no validation;
- whole-store validation, compiled shapes (`akteursgraph validate`) vs pySHACL
  (`--engine pyshacl`, stopped after --pyshacl-limit seconds);
- a single-entity write (~20 triples) with validation vs the raw engine insert;
- entity page, search, ego network (depth 2), shortest path vs a plain engine/networkx call;
- public dump vs the raw engine dump;
- the gallery queries: pyoxigraph in-process on an in-memory copy of the public graphs (the
  engine limit) and on the server's own on-disk snapshot (same storage, no app), vs our
  /sparql over HTTP with SPARQLWrapper and with a plain keep-alive client, vs rdflib's
  in-memory engine (the Python peer, in a forked child stopped after --rdflib-limit);
- concurrent load on /sparql (1-32 clients; also with a runaway query in flight) and on
  entity pages, with wrk when installed (Python threads otherwise, which cap the rate);
- peak memory of the load and of the server.

Each scale's results are saved as `docs/benchmarks/scale-N.json`; the report in
`docs/benchmarks.md` (with PNG plots when matplotlib is installed) is built from all saved
scales, so a reader sees how each cost grows with size. Timings are wall-clock on a possibly
shared machine.
"""

from __future__ import annotations

import contextlib
import http.client
import io
import json
import math
import multiprocessing
import os
import platform
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import pyoxigraph as ox

from akteursgraph import explore
from akteursgraph.gallery import load_gallery, query_form
from akteursgraph.namespaces import PREFIXES
from akteursgraph.network import NetworkCache, ego_network, shortest_paths
from akteursgraph.operations import export
from akteursgraph.search import SearchIndex
from akteursgraph.snapshot import current_snapshot
from akteursgraph.store import Change, Store

from . import generate

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "benchmarks.md"
RESULTS = ROOT / "docs" / "benchmarks"
BIN = Path(sys.executable).parent
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@dataclass
class Row:
    workload: str
    samples: list[float]  # seconds
    baseline_name: str = ""
    baseline: list[float] = field(default_factory=list)
    target: str = "—"
    target_s: float | None = None
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.samples) if self.samples else math.nan

    @property
    def base_median(self) -> float | None:
        return statistics.median(self.baseline) if self.baseline else None

    @property
    def met(self) -> str:
        if self.target_s is None or not self.samples:
            return "—"
        return "met" if self.median <= self.target_s else "**missed**"


# ---- small helpers ------------------------------------------------------------------------


def iqr(samples: list[float]) -> float:
    if len(samples) < 4:
        return max(samples) - min(samples) if len(samples) > 1 else 0.0
    q = statistics.quantiles(samples, n=4)
    return q[2] - q[0]


def timed(fn: Callable[[], object], reps: int) -> list[float]:
    out = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def fmt_s(seconds: float | None) -> str:
    if seconds is None or (isinstance(seconds, float) and math.isnan(seconds)):
        return "—"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds:.2f} s"


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def within_target(http: float, engine: float) -> bool:
    """The issue's figure for one query: over HTTP within 1.5x the engine, plus 2 ms."""
    return http <= 1.5 * engine + 0.002


def geomean(values: list[float]) -> float | None:
    values = [v for v in values if v > 0]
    return math.exp(sum(map(math.log, values)) / len(values)) if values else None


def cli(*args: str, timeout: float | None = None) -> tuple[int, float, str]:
    """Run `akteursgraph ARGS` as a user would; returns (exit code, seconds, stderr)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AKTEURSGRAPH_")}
    env["AKTEURSGRAPH_MAX_LOAD_BYTES"] = str(64 * 1024**3)  # bench files exceed the default
    t = time.perf_counter()
    try:
        done = subprocess.run(
            [str(BIN / "akteursgraph"), *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return -1, time.perf_counter() - t, "timeout"
    return done.returncode, time.perf_counter() - t, done.stderr


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for pkg in ("pyoxigraph", "rdflib", "pyshacl", "networkx", "SPARQLWrapper", "waitress"):
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = "not installed"
    wrk = shutil.which("wrk")
    return {
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "memory": f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 1024**3:.0f} GiB",
        "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "python": platform.python_version(),
        "os": platform.platform(),
        **versions,
        "load generator": "wrk" if wrk else "Python threads (wrk not installed)",
    }


# ---- rdflib and pySHACL in a forked child, so a runaway can be stopped ---------------------

_RDFLIB_GRAPH = None


def _rdflib_child(query: str, conn: object) -> None:
    try:
        t = time.perf_counter()
        result = _RDFLIB_GRAPH.query(query, initNs=PREFIXES)  # type: ignore[union-attr]
        n = sum(1 for _ in result)
        conn.send(("ok", time.perf_counter() - t, n))  # type: ignore[attr-defined]
    except Exception as exc:
        conn.send(("error", 0.0, f"{type(exc).__name__}: {str(exc)[:100]}"))  # type: ignore[attr-defined]


def rdflib_run(query: str, limit: float) -> tuple[str, float, object]:
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_rdflib_child, args=(query, child))
    proc.start()
    if parent.poll(limit):
        status = parent.recv()
        proc.join()
        return status
    proc.kill()
    proc.join()
    return ("timeout", limit, None)


# ---- the server and its load --------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(store_path: Path, timeout: float) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("AKTEURSGRAPH_")}
    proc = subprocess.Popen(
        [
            str(BIN / "akteursgraph"),
            "--store",
            str(store_path),
            "serve",
            "--port",
            str(port),
            "--query-timeout",
            str(timeout),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 600
    while True:
        try:
            urllib.request.urlopen(url + "/", timeout=60).close()
            return proc, url
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError("server did not start") from None
            time.sleep(0.5)


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def tree_peak_rss_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of a process and its children, summed, in MiB."""
    total = 0
    pids = [pid]
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    pids += [int(p) for p in out.split()]
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


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
        script = Path(tempfile.mkstemp(suffix=".lua")[1])
        script.write_text(
            _WRK_SCRIPT.format(
                method="POST" if body else "GET",
                body=json.dumps(body) if body else "nil",
                accept=accept,
            ),
            encoding="utf-8",
        )
        out = subprocess.run(
            [
                "wrk",
                f"-t{min(2, clients)}",
                f"-c{clients}",
                f"-d{seconds:.0f}s",
                "--timeout",
                "30s",
                "-s",
                str(script),
                url + path,
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 120,
        ).stdout
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
    return _threads_load(url, path, clients, seconds, body=body, accept=accept)


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

    threads = [threading.Thread(target=client) for _ in range(clients)]
    t0 = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.perf_counter() - t0
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


# ---- one scale ------------------------------------------------------------------------------


def write_entity(i: int) -> Change:
    """About 20 triples: one new organisation in the public bench graph."""
    g = ox.NamedNode(generate.PUBLIC_GRAPH)
    s = ox.NamedNode(f"{generate.BENCH}organisation/bench-write-{i}")

    def q(p: str, o: ox.NamedNode | ox.Literal) -> ox.Quad:
        return ox.Quad(s, ox.NamedNode(p), o, g)

    lang = ox.Literal
    quads = [
        q(generate.RDF_TYPE, ox.NamedNode(generate.ORG + "Organization")),
        q(generate.RDF_TYPE, ox.NamedNode(generate.ORG + "FormalOrganization")),
        q(generate.SKOS + "prefLabel", lang(f"Schreibtest {i}", language="de")),
        q(generate.SKOS + "prefLabel", lang(f"Write test {i}", language="en")),
        q(generate.SKOS + "altLabel", lang(f"Test d'écriture {i}", language="fr")),
        q(
            generate.ORG + "classification",
            ox.NamedNode(generate.AGV + "organisation-kind/registered-association"),
        ),
        q(
            generate.SCHEMA + "foundingDate",
            ox.Literal("2001", datatype=ox.NamedNode(generate.XSD + "gYear")),
        ),
        q(generate.DCTERMS + "description", lang("Schreibtest.", language="de")),
        q(generate.DCTERMS + "description", lang("Write test.", language="en")),
        q(generate.FOAF + "homepage", ox.NamedNode(f"https://example.org/write/{i}")),
    ]
    for code in ("de", "en", "fr", "ar"):
        quads.append(q(generate.SCHEMA + "knowsLanguage", ox.Literal(code)))
    for topic in generate.TOPICS[:6]:
        quads.append(q(generate.DCTERMS + "subject", ox.NamedNode(f"{generate.AGV}topic/{topic}")))
    quads.append(q(generate.AG + "district", ox.NamedNode(f"{generate.BENCH}place/bench-city")))
    return Change(add=quads)


def connected_pairs(undirected: object, net: object, sources: list[str], n: int) -> list:
    """Organisation pairs 2 to 4 steps apart: a path query with an answer to find."""
    import networkx as nx

    pairs = []
    for source in sources:
        if source not in undirected:  # type: ignore[operator]
            continue
        reach = nx.single_source_shortest_path_length(undirected, source, cutoff=4)
        far = sorted(
            (d, t)
            for t, d in reach.items()
            if d >= 2 and net.nodes[t].get("kind") == "organisations"  # type: ignore[attr-defined]
        )
        if far:
            pairs.append((source, far[-1][1]))
        if len(pairs) == n:
            break
    return pairs or [(sources[0], sources[-1])]


def measure(scale: float, args: object) -> dict:
    reps: int = args.reps  # type: ignore[attr-defined]
    rows: list[Row] = []
    work = Path(tempfile.mkdtemp(prefix=f"akteursgraph-bench-{scale:g}-"))
    info: dict[str, object] = {"scale": scale}
    try:
        return _measure(scale, args, reps, rows, work, info)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _measure(
    scale: float, args: object, reps: int, rows: list[Row], work: Path, info: dict[str, object]
) -> dict:
    log(f"scale {scale:g}: generating into {work}")
    t = time.perf_counter()
    files = generate.write(scale, work / "data")
    info["generate_s"] = time.perf_counter() - t
    quads_in = sum(1 for f in files for _ in f.open("rb"))
    info["quads"] = quads_in

    log(f"bulk load with validation of {quads_in:,} quads (akteursgraph load, one run)")
    store_path = work / "store"
    code, _, err = cli("--store", str(store_path), "init")
    assert code == 0, err
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    code, load_s, err = cli("--store", str(store_path), "load", *map(str, files))
    assert code == 0, err
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    info["load_peak_rss_mb"] = after / 1024 if after > before else None
    raw_dir = work / "raw"
    raw = ox.Store(str(raw_dir))
    t = time.perf_counter()
    for f in files:
        raw.bulk_load(path=str(f), format=ox.RdfFormat.N_QUADS)
    raw.flush()
    raw_s = time.perf_counter() - t
    del raw
    shutil.rmtree(raw_dir)
    rows.append(
        Row(
            "bulk load with validation (akteursgraph load)",
            [load_s],
            "pyoxigraph bulk_load, no validation",
            [raw_s],
            target="≥ 100k triples/s (issue, at 1M)",
            target_s=quads_in / 100_000,
            note=f"{quads_in / load_s:,.0f} triples/s (engine alone {quads_in / raw_s:,.0f}/s); "
            "one run, incl. process start",
        )
    )

    log("whole-store validation: compiled shapes, then pySHACL (stopped at the limit)")
    code, val_s, err = cli("--store", str(store_path), "validate", "--no-warnings")
    assert code == 0, err
    limit = args.pyshacl_limit  # type: ignore[attr-defined]
    if limit > 0:
        code, ref_s, err = cli(
            "--store", str(store_path), "validate", "--no-warnings", "--engine", "pyshacl",
            timeout=limit,
        )  # fmt: skip
        ref_note = {0: f"pySHACL {ref_s:.1f} s", -1: f"pySHACL stopped after {limit:.0f} s"}.get(
            code, f"pySHACL exit {code}"
        )
    else:
        code, ref_s, ref_note = 1, 0.0, "pySHACL not run (--pyshacl-limit 0)"
    rows.append(
        Row(
            "whole-store validation, shapes compiled to SPARQL (akteursgraph validate)",
            [val_s],
            "pySHACL on the same store (--engine pyshacl)",
            [ref_s] if code == 0 else [],
            note=ref_note + "; one run each, incl. process start",
        )
    )

    store = Store.open(store_path)
    log("single-entity writes")
    mem = ox.Store()
    counter = iter(range(100_000))
    samples = timed(lambda: store.write(write_entity(next(counter))), reps)
    base = timed(lambda: mem.extend(write_entity(next(counter)).add), reps)
    rows.append(
        Row(
            "single-entity write (~20 triples) with validation",
            samples,
            "pyoxigraph insert, no validation",
            base,
            target="< 100 ms (issue, at 1M)",
            target_s=0.1,
        )
    )
    if args.load_only:  # type: ignore[attr-defined]
        store.close()
        return _result(scale, quads_in, rows, [], [], info)

    orgs = [
        r["o"].value
        for r in store.select(
            "SELECT ?o WHERE { GRAPH ?g { ?o a org:Organization } "
            f"FILTER(STRSTARTS(STR(?o), '{generate.BENCH}organisation/') "
            "&& !CONTAINS(STR(?o), 'bench-write')) } ORDER BY ?o LIMIT 500"
        )
    ]
    picks = [orgs[(k * 37) % len(orgs)] for k in range(max(reps, 5))]

    log("entity pages")
    it = iter(picks * 3)
    samples = timed(lambda: explore.entity(store, next(it), "de"), reps)
    it = iter(picks * 3)
    base = timed(lambda: list(store.quads(ox.NamedNode(next(it)))), reps)
    rows.append(
        Row(
            "entity page (explore.entity)",
            samples,
            "pyoxigraph quads of the subject",
            base,
            target="< 50 ms (issue, at 1M)",
            target_s=0.05,
        )
    )

    log("search")
    t = time.perf_counter()
    index = SearchIndex.build(store)
    info["search_build_s"] = time.perf_counter() - t
    terms = [
        "klima",
        "bildung moabit",
        "diallo",
        "fortbildung",
        "netzwerk wedding",
        "kolonial",
        "menschenrechte",
        "yilmaz",
    ]
    it = iter(terms * 3)
    samples = timed(lambda: index.search(next(it), "de"), reps)
    it = iter(terms * 3)
    base = timed(
        lambda: list(
            store.query(
                "SELECT ?s ?w WHERE { ?s skos:prefLabel ?l "
                "FILTER(CONTAINS(LCASE(STR(?l)), ?w)) } LIMIT 50",
                bindings={"w": ox.Literal(next(it).split()[0])},
            )
        ),
        reps,
    )
    rows.append(
        Row(
            "search (SearchIndex.search)",
            samples,
            "SPARQL CONTAINS on labels",
            base,
            target="< 50 ms (issue, at 1M)",
            target_s=0.05,
            note=f"index build {info['search_build_s']:.1f} s, once per write",
        )
    )

    log("network")
    import networkx as nx

    cache = NetworkCache(store)
    t = time.perf_counter()
    net = cache.graph("de")
    info["network_build_s"] = time.perf_counter() - t
    undirected = nx.Graph(net.to_undirected(as_view=True))
    it = iter(picks * 3)
    samples = timed(lambda: ego_network(net, next(it), depth=2), reps)
    it = iter(picks * 3)
    base = timed(lambda: nx.ego_graph(undirected, next(it), radius=2), reps)
    rows.append(
        Row(
            "ego network depth 2",
            samples,
            "networkx ego_graph radius 2",
            base,
            target="< 200 ms (issue)",
            target_s=0.2,
            note=f"network build {info['network_build_s']:.1f} s, once per write",
        )
    )
    pairs = connected_pairs(undirected, net, picks, reps)
    it2 = iter(pairs * 3)
    samples = timed(lambda: shortest_paths(net, *next(it2)), reps)
    it2 = iter(pairs * 3)

    def nx_path() -> object:
        a, b = next(it2)
        try:
            return nx.shortest_path(undirected, a, b)
        except (nx.NetworkXNoPath, nx.NodeNotFound):
            return None

    base = timed(nx_path, reps)
    rows.append(
        Row(
            "shortest path (k=3)",
            samples,
            "networkx shortest_path (one path)",
            base,
            target="< 200 ms (issue)",
            target_s=0.2,
        )
    )

    log("public dump")
    samples = timed(lambda: export(store, io.BytesIO(), fmt="nq", public_only=True), min(reps, 3))
    base = timed(lambda: store._ox.dump(format=ox.RdfFormat.N_QUADS), min(reps, 3))
    rows.append(Row("public dump (N-Quads)", samples, "pyoxigraph dump of the whole store", base))

    public_nq = io.BytesIO()
    export(store, public_nq, fmt="nq", public_only=True)
    store.close()
    engine = ox.Store()
    engine.load(public_nq.getvalue(), format=ox.RdfFormat.N_QUADS)
    gallery = load_gallery()

    def ox_runner(target: ox.Store, qtext: str) -> Callable[[], object]:
        def go() -> object:
            result = target.query(qtext, prefixes=PREFIXES, use_default_graph_as_union=True)
            if isinstance(result, ox.QueryBoolean):
                return bool(result)
            if isinstance(result, ox.QuerySolutions):
                return result.serialize(format=ox.QueryResultsFormat.JSON)
            return ox.serialize(result, format=ox.RdfFormat.TURTLE)

        return go

    log(f"gallery in-process on memory ({len(gallery)} queries)")
    gal: list[dict] = []
    for entry in gallery:
        qtext = entry["query"]
        gal.append(
            {
                "id": entry["id"],
                "form": query_form(qtext),
                "query": qtext,
                "ox": timed(ox_runner(engine, qtext), reps),
            }
        )

    log("starting akteursgraph serve")
    proc, url = start_server(store_path, args.query_timeout)  # type: ignore[attr-defined]
    conc: list[dict] = []
    try:
        snapshot = ox.Store.read_only(str(current_snapshot(store_path)))
        log("gallery in-process on the server's on-disk snapshot")
        for g in gal:
            g["disk"] = timed(ox_runner(snapshot, g["query"]), reps)
        del snapshot

        from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

        log("gallery over HTTP (SPARQLWrapper, and a keep-alive client)")
        host, port = urllib.parse.urlsplit(url).netloc.split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=600)
        for g in gal:
            graph_form = g["form"] in ("CONSTRUCT", "DESCRIBE")

            def wrapper(g: dict = g, graph_form: bool = graph_form) -> object:
                client = SPARQLWrapper(url + "/sparql")
                client.setQuery(g["query"])
                client.setMethod("POST")
                client.setReturnFormat(TURTLE if graph_form else JSON)
                return client.query().convert()

            def keepalive(g: dict = g, graph_form: bool = graph_form) -> object:
                conn.request(
                    "POST",
                    "/sparql",
                    urllib.parse.urlencode({"query": g["query"]}),
                    {
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Accept": "text/turtle"
                        if graph_form
                        else "application/sparql-results+json",
                    },
                )
                resp = conn.getresponse()
                data = resp.read()
                if resp.status != 200:
                    raise RuntimeError(f"HTTP {resp.status}: {data[:100]!r}")
                return data

            for key, fn in (("http", wrapper), ("keepalive", keepalive)):
                try:
                    g[key] = timed(fn, reps)
                except Exception as exc:
                    g[key] = []
                    g[key + "_note"] = f"error: {str(exc)[:100]}"
        conn.close()

        # A point lookup: the labels of one organisation. The IRI comes from our generated
        # data, not from a user, and the text is sent to /sparql as a client would.
        simple = f"SELECT ?label WHERE {{ <{picks[0]}> skos:prefLabel ?label }}"
        body = urllib.parse.urlencode({"query": simple})
        accept = "application/sparql-results+json"
        seconds = args.load_seconds  # type: ignore[attr-defined]
        for clients in args.clients:  # type: ignore[attr-defined]
            log(f"load on /sparql: {clients} clients, {seconds:g} s")
            conc.append(
                {
                    "case": "simple /sparql query",
                    **load_test(url, "/sparql", clients, seconds, body=body, accept=accept),
                }
            )
        log("load on /sparql with a runaway query in flight")
        runaway = threading.Thread(target=_post_runaway, args=(url,), daemon=True)
        runaway.start()
        time.sleep(0.5)
        conc.append(
            {
                "case": "simple /sparql query, runaway query in flight",
                **load_test(url, "/sparql", 16, seconds, body=body, accept=accept),
            }
        )
        runaway.join(timeout=1)
        info["runaway_still_running_after_load"] = runaway.is_alive()
        log("load on entity pages")
        page = "/" + picks[1].removeprefix(generate.BASE)  # entity IRIs dereference
        conc.append(
            {
                "case": "entity page (HTML)",
                **load_test(url, page, 16, seconds, body=None, accept="text/html"),
            }
        )
        info["server_peak_rss_mb"] = tree_peak_rss_mb(proc.pid)
    finally:
        stop_server(proc)

    if scale <= args.rdflib_max_scale:  # type: ignore[attr-defined]
        _rdflib_gallery(gal, public_nq, args, info)
    else:
        for g in gal:
            g["rdflib"] = []
            g["rdflib_note"] = f"not run above scale {args.rdflib_max_scale:g}"  # type: ignore[attr-defined]

    _gallery_rows(gal, rows, info)
    info["bench_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for g in gal:
        g.pop("query", None)
    return _result(scale, quads_in, rows, gal, conc, info)


def _result(scale: float, quads: int, rows: list[Row], gal: list[dict], conc: list[dict],
            info: dict) -> dict:  # fmt: skip
    return {
        "scale": scale,
        "quads": quads,
        "rows": [asdict(r) for r in rows],
        "gal": gal,
        "conc": conc,
        "info": info,
        "machine": machine(),
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "load_only": not gal,
    }


def _post_runaway(url: str) -> None:
    data = urllib.parse.urlencode({"query": RUNAWAY}).encode()
    with contextlib.suppress(OSError):  # a 503 after the time limit is the expected end
        urllib.request.urlopen(urllib.request.Request(url + "/sparql", data=data), timeout=600)


def _rdflib_gallery(gal: list[dict], public_nq: io.BytesIO, args: object, info: dict) -> None:
    global _RDFLIB_GRAPH
    import rdflib

    log("gallery on rdflib in memory (forked, stopped after the limit)")
    t = time.perf_counter()
    ds = rdflib.Dataset()
    ds.parse(data=public_nq.getvalue().decode(), format="nquads")
    graph = rdflib.Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        graph.add((s, p, o))
    del ds
    info["rdflib_parse_s"] = time.perf_counter() - t
    _RDFLIB_GRAPH = graph
    limit, budget = args.rdflib_limit, args.rdflib_budget  # type: ignore[attr-defined]
    spent = 0.0
    for g in gal:
        g["rdflib"] = []
        if spent > budget:
            g["rdflib_note"] = "skipped: rdflib budget used up"
            continue
        status, seconds, detail = rdflib_run(g["query"], limit)
        spent += seconds
        if status == "ok":
            g["rdflib"] = [seconds]
            for _ in range(2 if seconds < 2 else 0):
                status2, s2, _ = rdflib_run(g["query"], limit)
                if status2 == "ok":
                    g["rdflib"].append(s2)
                    spent += s2
        elif status == "timeout":
            g["rdflib_note"] = f"stopped: > {limit:.0f} s"
            g["rdflib_floor"] = limit
        else:
            g["rdflib_note"] = f"error: {detail}"
    _RDFLIB_GRAPH = None


def _gallery_rows(gal: list[dict], rows: list[Row], info: dict) -> None:
    def near(g: dict, base: str) -> bool:
        return bool(g.get("http")) and within_target(
            statistics.median(g["http"]), statistics.median(g[base])
        )

    within = [g for g in gal if near(g, "ox")]
    within_disk = [g for g in gal if near(g, "disk")]
    info["gallery_within_target"] = len(within)
    info["gallery_within_target_disk"] = len(within_disk)
    info["gallery_count"] = len(gal)
    ox_sum = sum(statistics.median(g["ox"]) for g in gal)
    disk_sum = sum(statistics.median(g["disk"]) for g in gal)
    http_sum = sum(statistics.median(g["http"]) for g in gal if g.get("http"))
    ka_sum = sum(statistics.median(g["keepalive"]) for g in gal if g.get("keepalive"))
    rows.append(
        Row(
            "gallery over HTTP (SPARQLWrapper), sum of medians",
            [http_sum],
            "pyoxigraph in-process, in memory (engine limit)",
            [ox_sum],
            target="each ≤ 1.5× engine + 2 ms (issue)",
            note=f"{len(within)} of {len(gal)} queries within 1.5× + 2 ms of the engine "
            f"limit, {len(within_disk)} of the same engine on the server's on-disk "
            f"snapshot ({fmt_s(disk_sum)} summed); keep-alive client "
            f"{fmt_s(ka_sum)}",
        )
    )
    ratios = []
    floors = 0
    for g in gal:
        o = statistics.median(g["ox"])
        if g.get("rdflib"):
            ratios.append(statistics.median(g["rdflib"]) / o)
        elif g.get("rdflib_floor"):
            ratios.append(g["rdflib_floor"] / o)
            floors += 1
    gm = geomean(ratios)
    info["rdflib_geomean"] = gm
    info["rdflib_geomean_floors"] = floors
    if gm is not None:
        rows.append(
            Row(
                "gallery: rdflib in memory / pyoxigraph, geometric mean",
                [gm],
                target="≥ 20× (issue, at 1M)",
                note=f"over {len(ratios)} queries ({floors} stopped at the limit count "
                "at the limit: a lower bound); a ratio, not seconds",
            )
        )


# ---- the report ---------------------------------------------------------------------------


def main_table(rows: list[dict]) -> str:
    lines = [
        "| workload | median | spread (IQR) | n | baseline | baseline median | ratio | target | "
        "met? | note |",
        "|---|---:|---:|---:|---|---:|---:|---|---|---|",
    ]
    for d in rows:
        r = Row(**d)
        ratio_row = r.workload.startswith("gallery: rdflib")
        median = f"{r.median:.0f}×" if ratio_row else fmt_s(r.median)
        met = r.met
        if ratio_row and r.samples:
            met = "met" if r.median >= 20 else "**missed**"
        ratio = "—"
        if r.base_median:
            x = r.median / r.base_median
            ratio = f"{x:.1f}×" if x >= 0.1 else f"1/{1 / x:.0f}"
        lines.append(
            f"| {r.workload} | {median} | {'—' if ratio_row else fmt_s(iqr(r.samples))} | "
            f"{len(r.samples)} | {r.baseline_name or '—'} | {fmt_s(r.base_median)} | {ratio} | "
            f"{r.target} | {met} | {r.note} |"
        )
    return "\n".join(lines)


def gallery_table(gal: list[dict]) -> str:
    lines = [
        "| query | engine, memory | engine, server's disk snapshot | HTTP, SPARQLWrapper | "
        "HTTP / engine | within 1.5× + 2 ms? | HTTP, keep-alive | rdflib | rdflib / engine |",
        "|---|---:|---:|---:|---:|---|---:|---:|---:|",
    ]
    for g in gal:
        o = statistics.median(g["ox"])
        d = statistics.median(g["disk"]) if g.get("disk") else None
        h = statistics.median(g["http"]) if g.get("http") else None
        k = statistics.median(g["keepalive"]) if g.get("keepalive") else None
        rd = statistics.median(g["rdflib"]) if g.get("rdflib") else None
        ok = "—" if h is None else ("yes" if within_target(h, o) else "no")
        lines.append(
            f"| {g['id']} | {fmt_s(o)} | {fmt_s(d)} | "
            f"{fmt_s(h) if h is not None else g.get('http_note', '—')} | "
            f"{f'{h / o:.1f}×' if h and o else '—'} | {ok} | "
            f"{fmt_s(k) if k is not None else g.get('keepalive_note', '—')} | "
            f"{fmt_s(rd) if rd is not None else g.get('rdflib_note', '—')} | "
            f"{f'{rd / o:.0f}×' if rd and o else '—'} |"
        )
    return "\n".join(lines)


def conc_table(conc: list[dict]) -> str:
    lines = [
        "| load | clients | requests | errors | throughput | p50 | p95 | p99 | targets |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for c in conc:
        target = ""
        if c["case"] == "simple /sparql query" and c["clients"] == 16:
            ok = c["throughput"] >= 200 and c["errors"] == 0
            target = f"≥ 200/s, no errors: {'met' if ok else '**missed**'}"
        elif "runaway" in c["case"]:
            target = f"p95 < 100 ms: {'met' if c['p95'] < 0.1 else '**missed**'}"
        lines.append(
            f"| {c['case']} | {c['clients']} | {c['requests']} | {c['errors']} | "
            f"{c['throughput']:.0f}/s | {fmt_s(c['p50'])} | {fmt_s(c['p95'])} | "
            f"{fmt_s(c['p99'])} | {target} |"
        )
    return "\n".join(lines)


def plots(results: list[dict]) -> list[str]:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return []
    for old in RESULTS.glob("*.png"):
        old.unlink()
    written = []
    names = list(dict.fromkeys(r["workload"] for res in results for r in res["rows"]))
    for name in names:
        xs, ours, base, base_name = [], [], [], ""
        for res in results:
            row = next((r for r in res["rows"] if r["workload"] == name), None)
            if row is None or not row["samples"]:
                continue
            xs.append(res["quads"])
            ours.append(statistics.median(row["samples"]))
            base.append(statistics.median(row["baseline"]) if row["baseline"] else math.nan)
            base_name = row["baseline_name"] or base_name
        if not xs:
            continue
        fig, ax = plt.subplots(figsize=(5, 3), dpi=80)
        ax.plot(xs, ours, marker="o", label="Akteursgraph")
        if base_name:
            ax.plot(xs, base, marker="s", color="#888888", label=base_name[:40])
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("quads in the store")
        ax.set_ylabel("ratio" if name.startswith("gallery: rdflib") else "seconds (median)")
        ax.set_title(name[:60], fontsize=8)
        ax.legend(fontsize=6)
        fig.tight_layout()
        file = generate.slugify(name)[:50] + ".png"
        fig.savefig(RESULTS / file)
        plt.close(fig)
        written.append(file)
    full = [r for r in results if r["gal"]]
    if not full:
        return written
    last = full[-1]
    gal = last["gal"]
    fig, ax = plt.subplots(figsize=(7, 7), dpi=80)
    ys = range(len(gal))
    series = (
        ("ox", "engine, memory", "o"),
        ("disk", "engine, disk", "x"),
        ("http", "HTTP SPARQLWrapper", "s"),
        ("rdflib", "rdflib", "^"),
    )
    for key, label, marker in series:
        ax.scatter(
            [statistics.median(g[key]) if g.get(key) else math.nan for g in gal],
            ys,
            label=label,
            marker=marker,
            s=14,
        )
    ax.set_yticks(list(ys), [g["id"][:34] for g in gal], fontsize=6)
    ax.set_xscale("log")
    ax.set_xlabel(f"seconds (median, log), {last['quads']:,} quads")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(RESULTS / "gallery.png")
    plt.close(fig)
    written.append("gallery.png")
    return written


def load_results() -> list[dict]:
    found = [json.loads(p.read_text(encoding="utf-8")) for p in RESULTS.glob("scale-*.json")]
    return sorted(found, key=lambda r: r["quads"])


def report() -> str:
    results = load_results()
    if not results:
        raise SystemExit("no saved results in docs/benchmarks/: run `akteursgraph bench run` first")
    pngs = plots(results)
    m = results[-1]["machine"]
    scales = ", ".join(f"{r['scale']:g} ({r['quads']:,} quads, {r['when']})" for r in results)
    parts = [
        "# Benchmarks",
        "",
        "Regenerated by `make bench` (`akteursgraph bench run --scale ...`, then `akteursgraph "
        "bench report`). Do not edit by hand; `graph/bench/run.py` says what each row measures.",
        "",
        f"Scales measured: {scales}. Data from `akteursgraph bench generate`, a deterministic "
        "synthetic district shaped like the example data that conforms to the shapes. Timings "
        "are wall-clock medians over n runs, spread = interquartile range (range when n < 4); "
        "each baseline is measured in the same run on the same data. The machine may be shared "
        "with other work: read small differences as noise.",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        *[f"| {k} | {v} |" for k, v in m.items()],
        "",
    ]
    for res in results:
        info = res["info"]
        if res.get("load_only"):
            parts += [
                f"## Scale {res['scale']:g}: {res['quads']:,} quads (load and writes only)",
                "",
                main_table(res["rows"]),
                "",
                f"- `akteursgraph load` peak RSS: {info.get('load_peak_rss_mb') or 0:,.0f} MiB; "
                f"data generation {info.get('generate_s', 0):.1f} s",
                "",
            ]
            continue
        parts += [
            f"## Scale {res['scale']:g}: {res['quads']:,} quads",
            "",
            main_table(res["rows"]),
            "",
            "### Concurrent load",
            "",
            "Closed loop on loopback: each client sends its next request when the last is "
            f"answered. Simple query: the labels of one organisation. Load generator: "
            f"{res['conc'][0]['tool'] if res['conc'] else '—'}.",
            "",
            conc_table(res["conc"]),
            "",
            "### Memory and one-off costs",
            "",
            f"- `akteursgraph load` peak RSS: {info.get('load_peak_rss_mb') or 0:,.0f} MiB; "
            f"`akteursgraph serve` and its query workers after the load tests (peak, summed): "
            f"{info.get('server_peak_rss_mb', 0):,.0f} MiB",
            f"- search index build {info.get('search_build_s', 0):.1f} s; network build "
            f"{info.get('network_build_s', 0):.1f} s; rdflib parse "
            f"{info.get('rdflib_parse_s', 0) or 0:.1f} s; data generation "
            f"{info.get('generate_s', 0):.1f} s",
            "",
            "### Gallery queries",
            "",
            gallery_table(res["gal"]),
            "",
        ]
    if pngs:
        parts += ["## Plots", ""] + [f"![{p}](benchmarks/{p})" for p in pngs] + [""]
    else:
        parts += ["(matplotlib is not installed: no plots; `pip install -e '.[bench]'`)", ""]
    return "\n".join(parts)


def run(scales: list[float], args: object) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    for scale in scales:
        result = measure(scale, args)
        path = RESULTS / f"scale-{scale:g}.json"
        path.write_text(json.dumps(result, indent=1, default=str) + "\n", encoding="utf-8")
        print(main_table(result["rows"]))
        print(conc_table(result["conc"]))
        log(f"wrote {path}")
