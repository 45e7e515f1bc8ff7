"""Benchmarks: load, validate, query, explore and serve a synthetic district; write a report.

    akteursgraph bench run --scale 1 10       # about 100k and 1M triples (make bench: 1 and 10)
    akteursgraph bench report                 # rebuild docs/benchmarks.md from saved results

For each scale the data is generated (`generate.py`) into a temporary folder, a store is built
from it with the real CLI, and every workload is measured next to its baselines, in the same
run on the same data:

- bulk load with validation (`akteursgraph load`, one run: it builds the store) vs
  pyoxigraph's bulk loader on the same files with no validation;
- whole-store validation, compiled shapes (`akteursgraph validate`) vs pySHACL
  (`--engine pyshacl`, stopped after --pyshacl-limit seconds);
- a single-entity write (~20 triples) with validation vs the raw engine insert;
- entity page, search, ego network (depth 2), shortest path vs a plain engine/networkx call;
- public dump vs the raw engine dump;
- the gallery queries: pyoxigraph in-process on an in-memory copy of the public graphs (the
  engine limit, and the reference answer) and on the server's own on-disk snapshot (same
  storage, no app), vs our /sparql over HTTP with SPARQLWrapper and with a plain keep-alive
  client, vs rdflib's in-memory engine (the Python peer, in a forked child stopped after
  --rdflib-limit), vs Virtuoso (Debian's build, our own instance loaded with the same public
  quads, asked over HTTP by the same clients; `virtuoso`). Each is checked before it is timed:
  a way of answering that does not give the engine's rows is reported as wrong, not timed.
  Over HTTP each timed run sends a new text (cold: no cache of answers has seen it), and a
  repeated query (the same text again) is timed apart, ours (answer cache) against Virtuoso;
- concurrent load on /sparql (1-32 clients; also with a runaway query in flight) and on
  entity pages, with wrk when installed (Python threads otherwise, which cap the rate);
- the explorer's pages at 16 clients (issue 16, `explorer`): random entity pages and list
  filter combinations, cold and warm, with and without If-None-Match, each page checked;
- the import's dry run of a 50,000-row list and batches of 100 reconciliation queries
  (issue 15, `import` and `reconcile`), each checked before it counts;
- peak memory of the load and of the server;
- publication (issue 11, `publication`): 20 small staff changes over HTTP, applied at once and
  through review, each followed until `/sparql`, its page and search show it, while a client
  keeps asking a simple query; the server's memory meanwhile; the history of an entity with
  1,000 change sets. It changes the store, so it runs last.

`--only publication` measures just that workload at a scale (on a newly generated and loaded
district) and merges it into the scale's saved results, keeping the other workloads' figures;
`--only entity-documents` does the same for the entity documents with incoming links and
labels (issue 12), whose rows replace those of the same name in the main table; `--only
dumps` and `--only reconcile` (issue 15: batches of 100 reconciliation queries over HTTP,
checked, `reconcile`) likewise, and `--only explorer` (issue 16: entity and list pages at 16
clients, cold and warm, with and without If-None-Match, checked, `explorer`; its warm phases
last --load-seconds each). `--only gallery` measures the gallery every way (engine in
memory, Virtuoso, the server's snapshot, HTTP, rdflib) and the concurrent load, about a
third of a whole run: its rows, questions and concurrent load replace the saved ones.
`--load-only` (generation, bulk load, whole-store validation and single writes) puts its rows
in place of the saved rows of the same names, likewise.

Where the parts live: `workloads` (the product's workloads and their baselines), `gallery`
(the gallery questions, checked then timed), `answers` (row counts and checksums),
`baselines` (rdflib and pySHACL), `virtuoso` (Virtuoso as a baseline), `server` (the CLI
and the server as processes), `memory` (a process tree's memory, now and at its peak),
`load` (concurrent load), `publication` (writes until a reader sees them), `stats` (timing),
`report` (docs/benchmarks.md and its plots).

Each scale's results are saved as `docs/benchmarks/scale-N.json`; the report in
`docs/benchmarks.md` (with PNG plots when matplotlib is installed) is built from all saved
scales, so a reader sees how each cost grows with size. Timings are wall-clock on a possibly
shared machine.
"""

from __future__ import annotations

import io
import json
import resource
import shutil
import tempfile
import time
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pyoxigraph as ox

from akteursgraph.snapshot import current_snapshot
from akteursgraph.store import Store

from . import (
    dumps,
    explorer,
    gallery,
    generate,
    importing,
    publication,
    reconcile,
    virtuoso,
    virtuoso_figures,
    workloads,
)
from .baselines import rdflib_gallery
from .load import concurrent_load
from .memory import tree_peak_rss_mb
from .report import (
    DOC,
    ONLY_ROWS,
    RESULTS,
    conc_table,
    main_table,
    publication_lines,
    report,
)
from .server import serving
from .stats import Row, log, machine

__all__ = ["DOC", "ONLY", "RESULTS", "measure", "merge", "merge_load_only", "report", "run"]

#: The workloads `--only` can measure alone, each saved under its own key of scale-N.json;
#: those in `ONLY_ROWS` (report.py) are rows of the main table instead, replaced by name.
ONLY = ("publication", "entity-documents", "search", "dumps", "reconcile", "import", "explorer",
        "gallery")  # fmt: skip


def run(scales: list[float], args: SimpleNamespace, results: Path = RESULTS) -> None:
    """Measure each scale and save it as `results`/scale-N.json (the report reads those).

    With `args.only`, only that workload, merged into what is saved for the scale."""
    results.mkdir(parents=True, exist_ok=True)
    only = getattr(args, "only", None)
    for scale in scales:
        path = results / f"scale-{scale:g}.json"
        if only:
            part = measure_only(only, scale, args)
            saved = json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
            if saved is not None and saved["quads"] != part["quads"]:
                # Measured, but not comparable with the saved figures: keep it beside them
                # rather than losing minutes of measuring to the refusal.
                _show_unmerged(path, part, only)
                continue  # merge() would refuse it: the figures are shown and kept aside
            result = merge(saved, part, only)
        else:
            result = measure(scale, args)
            if result["load_only"]:
                saved = json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
                if saved is not None and saved["quads"] != result["quads"]:
                    _show_unmerged(path, result, "load-only")
                    continue
                result = merge_load_only(saved, result)
        path.write_text(json.dumps(result, indent=1, default=str) + "\n", encoding="utf-8")
        if not only or only == "gallery":
            print(main_table(result["rows"]))
            print(conc_table(result["conc"]))
        if result.get("publication"):
            print("\n".join(publication_lines(result["publication"])))
        if result.get("dumps"):
            print("\n".join(dumps.lines(result["dumps"])))
        if result.get("reconcile"):
            print("\n".join(reconcile.lines(result["reconcile"])))
        if result.get("import"):
            print("\n".join(importing.lines(result["import"])))
        if result.get("explorer"):
            print("\n".join(explorer.lines(result["explorer"])))
        log(f"wrote {path}")


def _show_unmerged(path: Path, part: dict, only: str) -> None:
    """Save and print a workload measured on a district the saved results don't match."""
    aside = path.with_name(f"{path.stem}.{only}-{part['quads']}.json")
    aside.write_text(json.dumps(part, indent=1, default=str) + "\n", encoding="utf-8")
    if only == "publication":
        print("\n".join(publication_lines(part["publication"])))
    elif only == "dumps":
        print("\n".join(dumps.lines(part["dumps"])))
    elif only == "reconcile":
        print("\n".join(reconcile.lines(part["reconcile"])))
    elif only == "import":
        print("\n".join(importing.lines(part["import"])))
    elif only == "explorer":
        print("\n".join(explorer.lines(part["explorer"])))
    log(f"wrote {aside} (not merged: the saved results are of another district)")


def merge(saved: dict | None, part: dict, only: str) -> dict:
    """`part` (one workload at a scale) put into the scale's saved results under its key,
    every other workload's figures kept; a scale with nothing saved yet gets a result of
    that workload alone."""
    if saved is not None:
        if saved["quads"] != part["quads"]:
            raise RuntimeError(
                f"scale {part['scale']:g}: saved results have {saved['quads']:,} quads, "
                f"this run {part['quads']:,} (the generator changed: run the whole scale)"
            )
        if only == "gallery":
            return merge_gallery(saved, part[only])
        if only in ONLY_ROWS:  # in their place (the search rows had moved to the end)
            fresh = {r["workload"]: r for r in part[only]}
            rows = [fresh.pop(r["workload"], r) for r in saved["rows"]]
            return {**saved, "rows": rows + list(fresh.values()),
                    f"{only}_when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")}  # fmt: skip
        return {**saved, only: part[only]}
    if only == "gallery":  # a scale's first figures: a whole result's shape
        empty = {**_result(part["scale"], part["quads"], [], [], [], {}), "load_only": False}
        return merge_gallery(empty, part[only])
    if only in ONLY_ROWS:
        return {**_result(part["scale"], part["quads"], [], [], [], {}), "only": only,
                "rows": part[only]}  # fmt: skip
    return {**_result(part["scale"], part["quads"], [], [], [], {}), "only": only,
            only: part[only]}  # fmt: skip


def merge_gallery(saved: dict, gallery_part: dict) -> dict:
    """A `--only gallery` run put into the scale's saved results: its rows in place of the
    rows of the same names (where they stood), its questions and concurrent load in place of
    the saved ones, every other figure kept; `gallery_when` says when it ran."""
    fresh = {r["workload"]: r for r in gallery_part["rows"]}
    rows = [fresh.pop(r["workload"], r) for r in saved["rows"]]
    return {
        **saved,
        "rows": rows + list(fresh.values()),
        "gal": gallery_part["gal"],
        "conc": gallery_part["conc"],
        "info": {**saved["info"], **gallery_part["info"]},
        "gallery_when": gallery_part["when"],
    }


def merge_load_only(saved: dict | None, part: dict) -> dict:
    """A `--load-only` run's rows (bulk load, validation, single writes) put into the scale's
    saved results in place of the rows of the same names, every other figure kept: it once
    overwrote the whole file, and the gallery, Virtuoso and explorer figures were lost."""
    if saved is None or saved.get("load_only"):
        return part
    if saved["quads"] != part["quads"]:
        raise RuntimeError(
            f"scale {part['scale']:g}: saved results have {saved['quads']:,} quads, "
            f"this run {part['quads']:,} (the generator changed: run the whole scale)"
        )
    names = {r["workload"] for r in part["rows"]}
    kept = [r for r in saved["rows"] if r["workload"] not in names]
    return {
        **saved,
        "rows": part["rows"] + kept,
        "info": {**saved["info"], **part["info"]},
        "load_only_when": part["when"],
    }


def measure_only(only: str, scale: float, args: SimpleNamespace) -> dict:
    """One workload on a newly generated and loaded district, in a folder removed after."""
    if only not in ONLY:
        raise ValueError(f"unknown workload {only!r}; one of {', '.join(ONLY)}")
    work = Path(tempfile.mkdtemp(prefix=f"akteursgraph-bench-{scale:g}-"))
    try:
        log(f"scale {scale:g}: generating into {work} (only {only})")
        files = generate.write(scale, work / "data")
        quads = sum(1 for f in files for _ in f.open("rb"))
        log(f"loading {quads:,} quads (akteursgraph load)")
        workloads.build_store(files, work / "store")
        if only == "entity-documents":
            rows: list[Row] = []
            with Store.open(work / "store") as store:
                picks = workloads.sample_organisations(store, args.reps)
                workloads.entity_documents(store, picks, args.reps, rows)
            return {"scale": scale, "quads": quads, only: [asdict(r) for r in rows]}
        if only == "search":
            searched: list[Row] = []
            with Store.open(work / "store") as store:
                workloads.search(store, args.reps, searched, {})
            return {"scale": scale, "quads": quads, only: [asdict(r) for r in searched]}
        if only == "dumps":
            return {"scale": scale, "quads": quads, "dumps": _dumps(work / "store", args)}
        if only == "reconcile":
            found = reconcile.measure(work / "store", args.query_timeout, args.reps)
            found["when"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
            return {"scale": scale, "quads": quads, "reconcile": found}
        if only == "explorer":
            found = explorer.measure(work / "store", args.query_timeout, args.load_seconds)
            found["when"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
            return {"scale": scale, "quads": quads, "explorer": found}
        if only == "gallery":
            return {"scale": scale, "quads": quads, "gallery": _gallery_only(work, scale, args)}
        if only == "import":
            imported = importing.measure(work / "store", work)
            imported["when"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
            return {"scale": scale, "quads": quads, "import": imported}
        pub = _publication(work / "store", args)
        return {"scale": scale, "quads": quads, "publication": pub}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _gallery_only(work: Path, scale: float, args: SimpleNamespace) -> dict:
    """The gallery every way and the concurrent load, on the store built in `work`."""
    info: dict[str, object] = {}
    with Store.open(work / "store") as store:
        picks = workloads.sample_organisations(store, args.reps)
        public_nq = workloads.public_nquads(store)
    gal, conc = _gallery(work, public_nq, picks, scale, args, info)
    _rdflib(gal, public_nq, scale, args, info)
    rows: list[Row] = []
    gallery.gallery_rows(gal, rows, info)
    virtuoso_figures.gallery_rows(gal, rows, info)
    return {"rows": [asdict(r) for r in rows], "gal": gal, "conc": conc, "info": info,
            "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")}  # fmt: skip


def _gallery(
    work: Path,
    public_nq: io.BytesIO,
    picks: list[str],
    scale: float,
    args: SimpleNamespace,
    info: dict,
) -> tuple[list[dict], list[dict]]:
    """The gallery's questions answered every way but rdflib's (each checked, then timed),
    and the concurrent load on the server."""
    engine = ox.Store()
    engine.load(public_nq.getvalue(), format=ox.RdfFormat.N_QUADS)
    gal = gallery.measure_engine(engine, args.reps)
    # Before our server starts, so that the two never share the cores.
    virtuoso.measure(gal, engine, public_nq.getvalue(), work, args.reps, args.query_timeout, info)
    del engine
    conc = _on_the_server(work / "store", gal, picks, args, info)
    return gal, conc


def _rdflib(gal: list[dict], public_nq: io.BytesIO, scale: float, args: SimpleNamespace,
            info: dict) -> None:  # fmt: skip
    """rdflib's column of the gallery, last: its graph of the data takes gigabytes, which
    the process keeps after; then the questions' texts are dropped before saving."""
    if scale <= args.rdflib_max_scale:
        rdflib_gallery(gal, public_nq, args.rdflib_limit, args.rdflib_budget, info)
    else:
        for g in gal:
            g["rdflib"] = []
            g["rdflib_note"] = f"not run above scale {args.rdflib_max_scale:g}"
    for g in gal:
        g.pop("query", None)


def _dumps(store_path: Path, args: SimpleNamespace) -> dict:
    result = dumps.measure(store_path, args.query_timeout)
    result["when"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return result


def _publication(store_path: Path, args: SimpleNamespace) -> dict:
    pub = publication.measure(store_path, args.reps, args.query_timeout)
    pub["when"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return pub


def measure(scale: float, args: SimpleNamespace) -> dict:
    """Every workload at one scale, in a temporary folder removed afterwards."""
    work = Path(tempfile.mkdtemp(prefix=f"akteursgraph-bench-{scale:g}-"))
    try:
        return _measure(scale, args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _measure(scale: float, args: SimpleNamespace, work: Path) -> dict:
    reps: int = args.reps
    rows: list[Row] = []
    info: dict[str, object] = {"scale": scale}
    log(f"scale {scale:g}: generating into {work}")
    t = time.perf_counter()
    files = generate.write(scale, work / "data")
    info["generate_s"] = time.perf_counter() - t
    info["quads"] = quads = sum(1 for f in files for _ in f.open("rb"))

    store_path = work / "store"
    workloads.bulk_load(files, store_path, work, rows, info)
    workloads.validation(store_path, args.pyshacl_limit, rows)
    store = Store.open(store_path)
    try:
        workloads.writes(store, reps, rows)
        if args.load_only:
            return _result(scale, quads, rows, [], [], info)
        picks = workloads.sample_organisations(store, reps)
        workloads.entity_pages(store, picks, reps, rows)
        workloads.entity_documents(store, picks, reps, rows)
        workloads.search(store, reps, rows, info)
        workloads.network(store, picks, reps, rows, info)
        public_nq = workloads.public_dump(store, reps, rows)
    finally:
        store.close()

    gal, conc = _gallery(work, public_nq, picks, scale, args, info)
    explored = explorer.measure(store_path, args.query_timeout, args.load_seconds)
    explored["when"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    imported = importing.measure(store_path, work)  # a dry run: the store stays as it is
    imported["when"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    # Issue 15's other figure (batches of 100 reconciliation queries); read only, too.
    reconciled = reconcile.measure(store_path, args.query_timeout, reps)
    reconciled["when"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    pub = _publication(store_path, args)  # last: it changes the store
    dumped = _dumps(store_path, args)  # also changes it
    _rdflib(gal, public_nq, scale, args, info)
    gallery.gallery_rows(gal, rows, info)
    virtuoso_figures.gallery_rows(gal, rows, info)
    info["bench_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {**_result(scale, quads, rows, gal, conc, info), "publication": pub, "dumps": dumped,
            "import": imported, "reconcile": reconciled, "explorer": explored}  # fmt: skip


def _on_the_server(
    store_path: Path, gal: list[dict], picks: list[str], args: SimpleNamespace, info: dict
) -> list[dict]:
    """With `akteursgraph serve` running: the gallery on its snapshot and over HTTP, then load."""
    reps: int = args.reps
    log("starting akteursgraph serve")
    serve_args = ("--query-timeout", str(args.query_timeout),
                  "--max-rows", str(gallery.MAX_ROWS))  # fmt: skip
    with serving(store_path, *serve_args, start_timeout=600) as (proc, url):
        snapshot = ox.Store.read_only(str(current_snapshot(store_path)))
        gallery.measure_snapshot(gal, snapshot, reps)
        del snapshot
        gallery.measure_http(gal, url, reps)
        page = "/" + picks[1].removeprefix(generate.BASE)  # entity IRIs dereference
        conc = concurrent_load(url, picks[0], page, list(args.clients), args.load_seconds, info)
        info["server_peak_rss_mb"] = tree_peak_rss_mb(proc.pid)
    return conc


def _result(scale: float, quads: int, rows: list[Row], gal: list[dict], conc: list[dict],
            info: dict) -> dict:  # fmt: skip
    return {
        "scale": scale,
        "quads": quads,
        "rows": [asdict(r) for r in rows],
        "gal": gal,
        "conc": conc,
        "info": info,
        "machine": {**machine(), "virtuoso": virtuoso.version() or "not installed"},
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "load_only": not gal,
    }
