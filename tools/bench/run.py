#!/usr/bin/env python3
"""Benchmarks: load, validate, query, explore and serve a synthetic actor graph; write a report.

    .venv/bin/python tools/bench/run.py --scale 1        # about 100k triples (make bench)

Generates the data (tools/bench/generate.py) into a temporary folder, builds a store from it
and measures each workload next to its baseline, measured in the same run on the same data:

- bulk load with validation (one run: it is the store build) vs whole-store SHACL validation;
- a single-entity write (~20 triples) with validation vs the raw engine insert;
- entity page, search, ego network (depth 2), shortest path vs a plain engine/networkx call;
- public dump vs the raw engine dump;
- the gallery queries: pyoxigraph in-process (engine limit) vs our /sparql over HTTP
  (SPARQLWrapper, `akteursgraph serve` on loopback) vs rdflib in memory (the Python peer; a
  query slower than --rdflib-limit seconds, or past the total rdflib budget, is skipped);
- concurrent load on /sparql with 1, 4 and 16 client threads; peak memory.

Prints a Markdown table and writes docs/benchmarks.md (plus PNG plots in docs/benchmarks/ when
matplotlib is importable). Timings are wall-clock on a possibly shared machine.
"""

from __future__ import annotations

import argparse
import io
import json
import multiprocessing
import os
import platform
import resource
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
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # noqa: E402

from graph import explore  # noqa: E402
from graph.gallery import load_gallery, query_form  # noqa: E402
from graph.namespaces import PREFIXES  # noqa: E402
from graph.network import NetworkCache, ego_network, shortest_paths  # noqa: E402
from graph.operations import export, init_store, load_files  # noqa: E402
from graph.search import SearchIndex  # noqa: E402
from graph.store import Change, Store  # noqa: E402
from graph.validation import Validator  # noqa: E402

BIN = Path(sys.executable).parent
DOC = ROOT / "docs" / "benchmarks.md"
PLOTS = ROOT / "docs" / "benchmarks"


@dataclass
class Row:
    workload: str
    samples: list[float]  # seconds
    baseline_name: str = ""
    baseline: list[float] = field(default_factory=list)
    target: str = "—"
    target_s: float | None = None
    note: str = ""
    extra: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def base_median(self) -> float | None:
        return statistics.median(self.baseline) if self.baseline else None

    @property
    def met(self) -> str:
        if self.target_s is None:
            return "—"
        return "met" if self.median <= self.target_s else "missed"


def iqr(samples: list[float]) -> float:
    if len(samples) < 4:
        return max(samples) - min(samples) if len(samples) > 1 else 0.0
    q = statistics.quantiles(samples, n=4)
    return q[2] - q[0]


def connected_pairs(undirected: object, net: object, sources: list[str], n: int) -> list:
    """Organisation pairs that are connected, 2 to 4 steps apart: a path query with an
    answer to find, not an early "no path" (which is what random pairs mostly measured)."""
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


def timed(fn: Callable[[], object], reps: int) -> list[float]:
    out = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def fmt_s(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds:.2f} s"


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ---- rdflib in a forked child, so a runaway query can be stopped ----------------------------

_RDFLIB_GRAPH = None


def _rdflib_child(query: str, conn: object) -> None:
    try:
        t = time.perf_counter()
        result = _RDFLIB_GRAPH.query(query, initNs=PREFIXES)  # type: ignore[union-attr]
        n = sum(1 for _ in result)
        conn.send(("ok", time.perf_counter() - t, n))  # type: ignore[attr-defined]
    except Exception as exc:
        conn.send(("error", 0.0, str(exc)[:200]))  # type: ignore[attr-defined]


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


# ---- the server -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(store_path: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("AKTEURSGRAPH_")}
    proc = subprocess.Popen(
        [str(BIN / "akteursgraph"), "--store", str(store_path), "serve", "--port", str(port),
         "--query-timeout", "30"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(url + "/", timeout=5).close()
            return proc, url
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError("server did not start") from None
            time.sleep(0.3)


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def children_rss_kb(pid: int) -> int:
    """Resident memory of the server process and its children (VmHWM = peak), in KiB."""
    total = 0
    pids = [pid]
    try:
        out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
        pids += [int(p) for p in out.split()]
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


# ---- the benchmark --------------------------------------------------------------------------


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
    return {
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "load average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "python": platform.python_version(),
        "os": platform.platform(),
        **versions,
    }


def write_entity(store: Store, i: int) -> Change:
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
        q(generate.ORG + "classification",
          ox.NamedNode(generate.AGV + "organisation-kind/registered-association")),
        q(generate.SCHEMA + "foundingDate",
          ox.Literal("2001", datatype=ox.NamedNode(generate.XSD + "gYear"))),
        q(generate.DCTERMS + "description", lang("Schreibtest.", language="de")),
        q(generate.DCTERMS + "description", lang("Write test.", language="en")),
        q(generate.FOAF + "homepage", ox.NamedNode(f"https://example.org/write/{i}")),
    ]  # fmt: skip
    for lang_code in ("de", "en", "fr", "ar"):
        quads.append(q(generate.SCHEMA + "knowsLanguage", ox.Literal(lang_code)))
    for topic in generate.TOPICS[:6]:
        quads.append(q(generate.DCTERMS + "subject", ox.NamedNode(f"{generate.AGV}topic/{topic}")))
    quads.append(q(generate.AG + "district", ox.NamedNode(f"{generate.BENCH}place/bench-city")))
    return Change(add=quads)


def run(args: argparse.Namespace) -> tuple[list[Row], list[dict], list[dict], dict]:
    reps = args.reps
    rows: list[Row] = []
    work = Path(tempfile.mkdtemp(prefix="akteursgraph-bench-"))
    info: dict[str, object] = {"scale": args.scale, "work": str(work)}

    log(f"generating scale {args.scale} into {work}")
    t = time.perf_counter()
    files = generate.write(args.scale, work / "data")
    info["generate_s"] = time.perf_counter() - t
    quads_in = sum(1 for f in files for _ in f.open("rb"))
    info["quads"] = quads_in

    # Bulk load with validation: one run (it builds the store the rest uses).
    log(f"bulk load with validation of {quads_in} quads (one run)")
    store_path = work / "store"
    store, _ = init_store(store_path, agent="bench")
    t = time.perf_counter()
    result = load_files(store, files, agent="bench")
    load_s = time.perf_counter() - t
    info["load_violations"] = len(result.warnings.violations)

    log("full-store validation (one run)")
    t = time.perf_counter()
    report = Validator.default().validate_all(store)
    validate_s = time.perf_counter() - t
    info["validate_violations"] = len(report.violations)
    rows.append(Row(
        "bulk load with validation", [load_s], "whole-store pySHACL validation", [validate_s],
        note=f"{quads_in / load_s:,.0f} triples/s; 1 run (it builds the store)",
    ))  # fmt: skip
    rows.append(Row(
        "full-store SHACL validation", [validate_s],
        note=f"{len(store):,} quads incl. vocabulary; 1 run; violations: {len(report.violations)}",
    ))  # fmt: skip

    log("single-entity writes")
    raw = ox.Store()
    i_counter = iter(range(10_000))
    samples = timed(lambda: store.write(write_entity(store, next(i_counter))), reps)
    base = timed(lambda: raw.extend(write_entity(store, next(i_counter)).add), reps)
    rows.append(Row("single-entity write (~20 triples) with validation", samples,
                    "pyoxigraph insert, no validation", base, target="< 100 ms (issue, at 1M)",
                    target_s=0.1))  # fmt: skip

    orgs = [r["o"].value for r in store.select(
        "SELECT ?o WHERE { GRAPH ?g { ?o a org:Organization } "
        f"FILTER(STRSTARTS(STR(?o), '{generate.BENCH}')) }} ORDER BY ?o LIMIT 200")]  # fmt: skip
    picks = [orgs[(k * 37) % len(orgs)] for k in range(reps)]

    log("entity pages")
    it = iter(picks * 2)
    samples = timed(lambda: explore.entity(store, next(it), "de"), reps)
    it = iter(picks * 2)
    base = timed(lambda: list(store.quads(ox.NamedNode(next(it)))), reps)
    rows.append(Row("entity page (explore.entity)", samples, "pyoxigraph quads of the subject",
                    base, target="< 50 ms (issue, at 1M)", target_s=0.05))  # fmt: skip

    log("search")
    t = time.perf_counter()
    index = SearchIndex.build(store)
    info["search_build_s"] = time.perf_counter() - t
    terms = ["klima", "bildung moabit", "diallo", "fortbildung", "netzwerk wedding", "kolonial",
             "menschenrechte", "yilmaz"][: max(reps, 5)]  # fmt: skip
    it = iter(terms * 3)
    samples = timed(lambda: index.search(next(it), "de"), reps)
    it = iter(terms * 3)
    base = timed(lambda: list(store.query(
        "SELECT ?s WHERE { ?s skos:prefLabel ?l FILTER(CONTAINS(LCASE(STR(?l)), "
        f"{ox.Literal(next(it).split()[0])})) }} LIMIT 50")), reps)  # fmt: skip
    rows.append(Row("search (SearchIndex.search)", samples, "SPARQL CONTAINS on labels", base,
                    target="< 50 ms (issue, at 1M)", target_s=0.05,
                    note=f"index build {info['search_build_s']:.1f} s"))  # fmt: skip

    log("network")
    cache = NetworkCache(store)
    t = time.perf_counter()
    net = cache.graph("de")
    info["network_build_s"] = time.perf_counter() - t
    import networkx as nx

    undirected = nx.Graph(net.to_undirected(as_view=True))
    it = iter(picks * 2)
    samples = timed(lambda: ego_network(net, next(it), depth=2), reps)
    it = iter(picks * 2)
    base = timed(lambda: nx.ego_graph(undirected, next(it), radius=2), reps)
    rows.append(Row("ego network depth 2", samples, "networkx ego_graph radius 2", base,
                    target="< 200 ms (issue)", target_s=0.2,
                    note=f"network build {info['network_build_s']:.1f} s"))  # fmt: skip
    pairs = connected_pairs(undirected, net, picks, reps)
    it2 = iter(pairs * 2)
    samples = timed(lambda: shortest_paths(net, *next(it2)), reps)
    it2 = iter(pairs * 2)

    def nx_path() -> object:
        a, b = next(it2)
        try:
            return nx.shortest_path(undirected, a, b)
        except (nx.NetworkXNoPath, nx.NodeNotFound):
            return None

    base = timed(nx_path, reps)
    rows.append(Row("shortest path (k=3)", samples, "networkx shortest_path (one path)", base,
                    target="< 200 ms (issue)", target_s=0.2))  # fmt: skip

    log("public dump")
    samples = timed(lambda: export(store, io.BytesIO(), fmt="nq", public_only=True), reps)
    base = timed(lambda: store._ox.dump(format=ox.RdfFormat.N_QUADS), reps)
    rows.append(Row("public dump (N-Quads)", samples, "pyoxigraph dump of the whole store", base))

    # In-memory engines over the public graphs, the data /sparql serves.
    public_nt = io.BytesIO()
    export(store, public_nt, fmt="nq", public_only=True)
    store.close()
    engine = ox.Store()
    engine.load(public_nt.getvalue(), format=ox.RdfFormat.N_QUADS)
    gallery = load_gallery()

    log(f"gallery: pyoxigraph in-process ({len(gallery)} queries)")
    gal: list[dict] = []
    for entry in gallery:
        qtext = entry["query"]

        def ox_query(qtext: str = qtext) -> object:
            result = engine.query(qtext, prefixes=PREFIXES, use_default_graph_as_union=True)
            return bool(result) if isinstance(result, ox.QueryBoolean) else list(result)

        gal.append({"id": entry["id"], "form": query_form(qtext), "query": qtext,
                    "ox": timed(ox_query, reps)})  # fmt: skip

    log("starting akteursgraph serve")
    proc, url = start_server(store_path)
    conc: list[dict] = []
    try:
        from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

        log("gallery over HTTP (SPARQLWrapper)")
        for g in gal:

            def http(g: dict = g) -> object:
                client = SPARQLWrapper(url + "/sparql")
                client.setQuery(g["query"])
                client.setMethod("POST")
                client.setReturnFormat(TURTLE if g["form"] in ("CONSTRUCT", "DESCRIBE") else JSON)
                return client.query().convert()

            try:
                g["http"] = timed(http, reps)
            except Exception as exc:
                g["http"] = []
                g["http_note"] = f"error: {str(exc)[:120]}"

        log("concurrent load on /sparql")
        cheap = next((g["query"] for g in gal if g["form"] == "SELECT"), gal[0]["query"])
        for clients in args.clients:
            conc.append(concurrent(url, cheap, clients, args.requests))
        info["server_peak_rss_mb"] = children_rss_kb(proc.pid) / 1024
    finally:
        stop_server(proc)

    log("gallery on rdflib in memory (forked, stopped after the limit)")
    global _RDFLIB_GRAPH
    import rdflib

    t = time.perf_counter()
    graph = rdflib.Graph()
    graph.parse(data=public_nt.getvalue().decode(), format="nquads")  # merged into one graph
    # N-Quads into a plain Graph keeps only the default graph; re-add as triples.
    if len(graph) == 0:
        ds = rdflib.Dataset()
        ds.parse(data=public_nt.getvalue().decode(), format="nquads")
        for s, p, o, _ in ds.quads((None, None, None, None)):
            graph.add((s, p, o))
    info["rdflib_parse_s"] = time.perf_counter() - t
    _RDFLIB_GRAPH = graph
    budget = args.rdflib_budget
    spent = 0.0
    for g in gal:
        if spent > budget:
            g["rdflib_note"] = "skipped: total rdflib budget used up"
            g["rdflib"] = []
            continue
        status, seconds, _ = rdflib_run(g["query"], args.rdflib_limit)
        spent += seconds
        if status == "ok":
            g["rdflib"] = [seconds]
            if seconds < 2:
                for _ in range(2):
                    status2, s2, _ = rdflib_run(g["query"], args.rdflib_limit)
                    if status2 == "ok":
                        g["rdflib"].append(s2)
                        spent += s2
        elif status == "timeout":
            g["rdflib"] = []
            g["rdflib_note"] = f"skipped: > {args.rdflib_limit:.0f} s"
        else:
            g["rdflib"] = []
            g["rdflib_note"] = "error"
    _RDFLIB_GRAPH = None

    ox_sum = sum(statistics.median(g["ox"]) for g in gal)
    http_sum = sum(statistics.median(g["http"]) for g in gal if g["http"])
    rows.append(Row("gallery queries, sum of medians, over HTTP",
                    [http_sum], "pyoxigraph in-process (engine limit)", [ox_sum],
                    note=f"{len(gal)} queries; HTTP overhead"))  # fmt: skip
    worst = max((statistics.median(g["http"]) for g in gal if g["http"]), default=0.0)
    rows.append(Row("slowest gallery query over HTTP", [worst], target="≤ 10 s (serve default "
                    "--query-timeout)", target_s=10.0))  # fmt: skip

    info["bench_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return rows, gal, conc, info


def concurrent(url: str, query: str, clients: int, requests_total: int) -> dict:
    per_client = max(2, requests_total // clients)
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    body = urllib.parse.urlencode({"query": query}).encode()

    def client() -> None:
        for _ in range(per_client):
            req = urllib.request.Request(
                url + "/sparql", data=body,
                headers={"Accept": "application/sparql-results+json",
                         "Content-Type": "application/x-www-form-urlencoded"},
            )  # fmt: skip
            t = time.perf_counter()
            try:
                with urllib.request.urlopen(req, timeout=60) as resp:
                    resp.read()
                ok = True
            except OSError:
                ok = False
            dt = time.perf_counter() - t
            with lock:
                if ok:
                    latencies.append(dt)
                else:
                    errors[0] += 1

    threads = [threading.Thread(target=client) for _ in range(clients)]
    t = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.perf_counter() - t
    lat = sorted(latencies) or [0.0]

    def pct(p: float) -> float:
        return lat[min(len(lat) - 1, round(p / 100 * (len(lat) - 1)))]

    return {"clients": clients, "requests": per_client * clients, "ok": len(latencies),
            "errors": errors[0], "throughput": len(latencies) / wall, "p50": pct(50),
            "p95": pct(95), "p99": pct(99)}  # fmt: skip


# ---- report ---------------------------------------------------------------------------------


def main_table(rows: list[Row]) -> str:
    lines = [
        "| workload | median | spread (IQR) | n | baseline | baseline median | ratio | target | "
        "met? | note |",
        "|---|---:|---:|---:|---|---:|---:|---|---|---|",
    ]
    for r in rows:
        ratio = f"{r.median / r.base_median:.1f}×" if r.base_median else "—"
        lines.append(
            f"| {r.workload} | {fmt_s(r.median)} | {fmt_s(iqr(r.samples))} | {len(r.samples)} | "
            f"{r.baseline_name or '—'} | {fmt_s(r.base_median)} | {ratio} | {r.target} | {r.met} "
            f"| {r.note} |"
        )
    return "\n".join(lines)


def gallery_table(gal: list[dict]) -> str:
    lines = [
        "| query | pyoxigraph in-process (engine limit) | /sparql over HTTP | HTTP / engine | "
        "rdflib in memory | rdflib / engine |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for g in gal:
        o = statistics.median(g["ox"])
        h = statistics.median(g["http"]) if g["http"] else None
        rd = statistics.median(g["rdflib"]) if g.get("rdflib") else None
        lines.append(
            f"| {g['id']} | {fmt_s(o)} ± {fmt_s(iqr(g['ox']))} | "
            f"{fmt_s(h) + ' ± ' + fmt_s(iqr(g['http'])) if h is not None else g.get('http_note')}"
            f" | {f'{h / o:.0f}×' if h and o else '—'} | "
            f"{fmt_s(rd) if rd is not None else g.get('rdflib_note', '—')} | "
            f"{f'{rd / o:.0f}×' if rd and o else '—'} |"
        )
    return "\n".join(lines)


def conc_table(conc: list[dict]) -> str:
    lines = ["| clients | requests | ok | errors | throughput | p50 | p95 | p99 |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|"]  # fmt: skip
    for c in conc:
        lines.append(
            f"| {c['clients']} | {c['requests']} | {c['ok']} | {c['errors']} | "
            f"{c['throughput']:.1f} req/s | {fmt_s(c['p50'])} | {fmt_s(c['p95'])} | "
            f"{fmt_s(c['p99'])} |"
        )
    return "\n".join(lines)


def plots(rows: list[Row], gal: list[dict], conc: list[dict]) -> list[str]:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return []
    PLOTS.mkdir(parents=True, exist_ok=True)
    for old in PLOTS.glob("*.png"):
        old.unlink()
    written = []
    for r in rows:
        name = generate.slugify(r.workload)[:50] + ".png"
        fig, ax = plt.subplots(figsize=(4.5, 2.6), dpi=80)
        labels, values, errs = ["ours"], [r.median], [iqr(r.samples) / 2]
        if r.baseline:
            labels.append("baseline")
            values.append(r.base_median)
            errs.append(iqr(r.baseline) / 2)
        ax.barh(labels, values, xerr=errs, color=["#1f77b4", "#aaaaaa"][: len(labels)])
        ax.set_xlabel("seconds (median, bar = IQR)")
        ax.set_title(r.workload, fontsize=9)
        fig.tight_layout()
        fig.savefig(PLOTS / name)
        plt.close(fig)
        written.append(name)
    fig, ax = plt.subplots(figsize=(7, 6), dpi=80)
    ids = [g["id"][:32] for g in gal]
    ys = range(len(gal))
    ax.scatter([statistics.median(g["ox"]) for g in gal], ys, label="pyoxigraph", marker="o")
    ax.scatter([statistics.median(g["http"]) if g["http"] else float("nan") for g in gal], ys,
               label="/sparql HTTP", marker="s")  # fmt: skip
    ax.scatter([statistics.median(g["rdflib"]) if g.get("rdflib") else float("nan") for g in gal],
               ys, label="rdflib", marker="^")  # fmt: skip
    ax.set_yticks(list(ys), ids, fontsize=6)
    ax.set_xscale("log")
    ax.set_xlabel("seconds (median, log)")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(PLOTS / "gallery.png")
    plt.close(fig)
    written.append("gallery.png")
    if conc:
        fig, ax = plt.subplots(figsize=(4.5, 3), dpi=80)
        xs = [c["clients"] for c in conc]
        for key in ("p50", "p95", "p99"):
            ax.plot(xs, [c[key] for c in conc], marker="o", label=key)
        ax.set_xscale("log", base=2)
        ax.set_xlabel("concurrent clients")
        ax.set_ylabel("latency (s)")
        ax.legend(fontsize=7)
        fig.tight_layout()
        fig.savefig(PLOTS / "concurrency.png")
        plt.close(fig)
        written.append("concurrency.png")
    return written


def report(rows: list[Row], gal: list[dict], conc: list[dict], info: dict, args: object) -> str:
    m = machine()
    pngs = plots(rows, gal, conc)
    parts = [
        "# Benchmarks",
        "",
        f"Regenerated by `make bench` (`tools/bench/run.py --scale {info['scale']}`) on "
        f"{datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}. Do not edit by hand.",
        "",
        f"Data: `tools/bench/generate.py --scale {info['scale']}`: {info['quads']:,} quads "
        f"(public and internal bench graphs; generated in {info['generate_s']:.1f} s). "
        "Timings are wall-clock medians over the runs shown (n), spread = interquartile range "
        "(range when n < 4); each baseline is measured in the same run on the same data. "
        "The machine may be shared with other work: read small differences as noise.",
        "",
        "Targets are the figures of the benchmark issue; most are stated for 1M triples, so a "
        "row measured at a smaller scale is only an indication. Not yet in this table: HTTP "
        "within 1.5x + 2 ms of the engine per gallery query; a geometric mean 20x faster than "
        "rdflib at 1M; bulk load >= 100k triples/s; /sparql >= 200 simple queries/s with 16 "
        "clients and p95 < 100 ms while a runaway query runs; 1M triples served in < 1 GB.",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        *[f"| {k} | {v} |" for k, v in m.items()],
        "",
        "## Workloads",
        "",
        main_table(rows),
        "",
        "## Gallery queries",
        "",
        "Engine limit: the same query on a pyoxigraph in-memory store of the public graphs, no "
        "app around it. HTTP: our `/sparql` (SPARQLWrapper, POST, loopback, `akteursgraph serve` "
        "with its query worker processes). rdflib: its in-memory SPARQL engine on the same "
        f"triples (parse {info.get('rdflib_parse_s', 0):.1f} s), run in a forked child and "
        f"stopped after {args.rdflib_limit:.0f} s (1 to 3 runs).",  # type: ignore[attr-defined]
        "",
        gallery_table(gal),
        "",
        "## Concurrent load on /sparql",
        "",
        "Client threads on loopback, each sending its share of a bounded number of requests "
        "(the first SELECT of the gallery), one after the other.",
        "",
        conc_table(conc),
        "",
        "## Memory",
        "",
        f"- peak RSS of the benchmark process (store, indexes, rdflib graph): "
        f"{info['bench_peak_rss_mb']:.0f} MiB",
        f"- peak RSS of `akteursgraph serve` and its query workers (sum): "
        f"{info.get('server_peak_rss_mb', 0):.0f} MiB",
        "",
        "## Other figures",
        "",
        f"- search index build: {info['search_build_s']:.2f} s; network build: "
        f"{info['network_build_s']:.2f} s",
        f"- violations after load / full validation: {info['load_violations']} / "
        f"{info['validate_violations']}",
        "",
    ]
    if pngs:
        parts += ["## Plots", ""] + [f"![{p}](benchmarks/{p})" for p in pngs] + [""]
    else:
        parts += ["(matplotlib is not installed: no plots; `pip install -e '.[bench]'`)", ""]
    parts += [
        "## Not yet measured",
        "",
        "- 1M and 10M triples (run `tools/bench/run.py --scale 10` / `--scale 100`; rdflib will "
        "be skipped there); bulk load and full validation are single runs.",
        "- 32 concurrent clients; the `akteursgraph bench` CLI command.",
        "",
    ]
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--requests", type=int, default=96, help="requests per client level")
    parser.add_argument("--rdflib-limit", type=float, default=30.0)
    parser.add_argument("--rdflib-budget", type=float, default=150.0)
    parser.add_argument("--output", type=Path, default=DOC)
    args = parser.parse_args(argv)
    rows, gal, conc, info = run(args)
    import shutil

    shutil.rmtree(str(info["work"]), ignore_errors=True)
    text = report(rows, gal, conc, info, args)
    args.output.write_text(text, encoding="utf-8")
    print(main_table(rows))
    print()
    print(conc_table(conc))
    print(f"\nwrote {args.output}")
    print(json.dumps({k: v for k, v in info.items() if k != "work"}, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
